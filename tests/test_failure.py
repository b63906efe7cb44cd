"""One Dutch text for whatever went wrong in a worker: the store's own, the system's in Dutch,
or general words (the rest logged) — never a driver's or Python's English."""

from __future__ import annotations

import errno
import logging

import pytest

from mtvdp_tui.i18n import t
from mtvdp_tui.records.errors import DatabaseError, StaleRecordError, StorageError
from mtvdp_tui.records.failure import failure_text


@pytest.mark.parametrize(
    "error",
    [
        StaleRecordError("Iemand anders heeft dit gewijzigd."),
        StorageError(t("pg.connection_lost")),
        DatabaseError(t("pg.unreachable", database="u@host/db")),
    ],
)
def test_the_store_s_own_dutch_text_is_kept(error: Exception) -> None:
    assert failure_text(error) == str(error)


def test_a_system_error_is_said_in_dutch_and_logged(caplog: pytest.LogCaptureFixture) -> None:
    error = OSError(errno.EIO, "Input/output error")
    with caplog.at_level(logging.WARNING):
        text = failure_text(error)
    assert text == t("failure.os", error=t("os.EIO"))
    assert "Input/output" not in text
    assert caplog.records and caplog.records[-1].exc_info[1] is error


def test_anything_else_is_general_dutch_and_its_traceback_is_logged(
    caplog: pytest.LogCaptureFixture,
) -> None:
    error = RuntimeError("server closed the connection unexpectedly")
    with caplog.at_level(logging.WARNING):
        text = failure_text(error)
    assert text == t("failure.unknown")
    assert "server closed" not in text
    assert caplog.records[-1].exc_info[1] is error
