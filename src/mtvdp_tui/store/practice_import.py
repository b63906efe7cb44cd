"""Importing a practice list into the register: the preview, then writing it (all or none).

`preview` reads the file and judges every row against the register as it is at that moment;
`apply` writes the preview's new and changed practices in one transaction. The changed ones are
written against the versions the preview was made on, so when another copy of the program
changed such a practice (or added one of the new AGB codes) in between, the whole import is
refused and nothing is written: the user makes a new preview and sees what would change.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from mtvdp_tui.domain.import_limits import MAX_FILE_BYTES
from mtvdp_tui.domain.import_reading import (
    HEAD_BYTES,
    XLSX_SUFFIXES,
    ImportFileError,
    not_a_practice_list,
    read_header,
    read_import,
)
from mtvdp_tui.domain.practice import FieldError, PracticeData
from mtvdp_tui.domain.practice_import import plan_file
from mtvdp_tui.domain.ruleset import Ruleset
from mtvdp_tui.i18n import t
from mtvdp_tui.os_errors import dutch
from mtvdp_tui.reading import FileRefused, read_bounded, read_head
from mtvdp_tui.records.errors import ImportRefused, RegisterChanged, StaleRecordError
from mtvdp_tui.records.imports import Preview, Version, Written
from mtvdp_tui.store.practices import PracticeRepository


def register_data(practices: PracticeRepository) -> list[PracticeData]:
    """Every practice, by AGB: what the register export writes."""
    return [entry[2] for _agb, entry in sorted(practices.versions_by_agb().items())]


def read_file(path: Path, *, head: bool = False) -> bytes:
    """The file's bytes (with `head`: of a CSV file only the first `HEAD_BYTES`, enough for its
    header row); an unreadable file, one that is not a regular file or one over the size limit
    raises ImportFileError with a Dutch message."""
    try:
        if head and not path.name.lower().endswith(XLSX_SUFFIXES):
            return read_head(path, HEAD_BYTES)
        return read_bounded(path, MAX_FILE_BYTES)
    except FileRefused as error:
        raise ImportFileError(str(error)) from None
    except IsADirectoryError:
        raise ImportFileError(t("import.bestand.map", naam=path.name)) from None
    except FileNotFoundError:
        raise ImportFileError(t("import.bestand.niet_gevonden", pad=path)) from None
    except OSError as error:
        raise ImportFileError(
            t("import.bestand.onleesbaar", naam=path.name, fout=dutch(error))
        ) from None


@dataclass(frozen=True)
class ListCheck:
    """Whether a file is offered as a practice list, and if not why (Dutch)."""

    problem: str | None = None  # it cannot be imported at all (the import says the same)
    doubt: str | None = None  # it can be read, but does not look like a practice list

    @property
    def offered(self) -> bool:
        return self.problem is None and self.doubt is None


def check_list(path: Path) -> ListCheck:
    """Judge the file at `path` by its header row: it must pass the import's checks and name
    mostly the import format's columns. Reads little: a CSV's first bytes, a workbook's first
    filled row."""
    try:
        titles = read_header(read_file(path, head=True), path.name)
    except ImportFileError as error:
        return ListCheck(problem=str(error))
    return ListCheck(doubt=not_a_practice_list(titles, path.name))


def preview(data: bytes, filename: str, ruleset: Ruleset, practices: PracticeRepository) -> Preview:
    """What importing the file would do now; raises ImportFileError for an unusable file."""
    file = read_import(data, filename)  # before the register is read: a bad file fails fast
    stored = practices.versions_by_agb()
    plan = plan_file(file, ruleset, {agb: entry[2] for agb, entry in stored.items()})
    seen = {agb: Version(entry[0], entry[1]) for agb, entry in stored.items()}
    return Preview(filename, data, plan, seen)


def apply(preview: Preview, practices: PracticeRepository, *, only_valid: bool = False) -> Written:
    """Write the preview's new and changed practices in one transaction.

    With rows in error nothing is written unless `only_valid` says so explicitly (then those
    rows are skipped). Raises ImportRefused, RegisterChanged (another copy changed a practice or
    added an AGB since the preview) or StorageError; in every case nothing is written."""
    errors = len(preview.plan.error_rows)
    if errors and not only_valid:
        raise ImportRefused(t("import.geweigerd.fouten", aantal=errors))
    new: list[PracticeData] = []
    changed: list[tuple[int, int, PracticeData]] = []
    for data in preview.plan.valid_rows:
        seen = preview.seen.get(data.agb)
        if seen is None:
            new.append(data)
        else:
            changed.append((seen.id, seen.version, data))
    if not new and not changed:
        raise ImportRefused(t("import.geweigerd.niets"))
    try:
        practices.save_many(new, changed)
    except StaleRecordError:
        raise RegisterChanged(t("import.geweigerd.intussen", melding="")) from None
    except FieldError as error:  # an AGB another copy added meanwhile
        melding = f" {error}"
        raise RegisterChanged(t("import.geweigerd.intussen", melding=melding)) from None
    return Written(len(new), len(changed), errors)
