"""What the store refuses; `str()` of each is the Dutch message for the user."""

from __future__ import annotations

from collections.abc import Sequence

from mtvdp_tui.formatting import listing
from mtvdp_tui.i18n import t


class DatabaseError(Exception):
    """A database file that cannot be used; the message is for the user (Dutch)."""


class RecordError(Exception):
    """A change the database refused; `str()` is the Dutch message for the user."""


class StaleRecordError(RecordError):
    """The record changed (or disappeared) since it was opened."""


class StorageError(RecordError):
    """A change the file could not take (disk full, read-only, locked); nothing was stored."""


class PracticeInUseError(RecordError):
    def __init__(self, reasons: Sequence[str]) -> None:
        self.reasons = tuple(reasons)
        super().__init__(t("practice.in_use", reasons=listing(self.reasons)))


class ImportRefused(RecordError):
    """An import that may not be written as asked; `str()` is the Dutch reason."""


class RegisterChanged(RecordError):
    """Another copy changed the register since the preview; nothing was written."""
