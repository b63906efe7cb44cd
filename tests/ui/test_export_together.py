"""The register's export (`e`) writes its CSV and XLSX together: when the second cannot be
written, the first is not left behind, and the message is Dutch."""

from __future__ import annotations

import errno
import os
from pathlib import Path

from tests.hostile import ENGLISH
from tests.ui.helpers import SIZE, make_app

REAL_LINK, REAL_REPLACE = os.link, os.replace


async def test_a_failed_xlsx_leaves_no_lonely_csv(tmp_path: Path, monkeypatch) -> None:
    def full_for_xlsx(real):
        def call(source: object, destination: object) -> None:
            if str(destination).endswith(".xlsx"):
                raise OSError(errno.ENOSPC, "No space left on device")
            real(source, destination)

        return call

    monkeypatch.setattr(os, "link", full_for_xlsx(REAL_LINK))
    monkeypatch.setattr(os, "replace", full_for_xlsx(REAL_REPLACE))
    app = make_app(tmp_path / "demo.sqlite", demo=True)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("e")
        await app.workers.wait_for_complete()
        await pilot.pause()
        shown = [str(notification.message) for notification in app._notifications]
    assert list((tmp_path / "export").iterdir()) == []
    assert any("de schijf is vol; er is niets opgeslagen" in message for message in shown)
    assert not any(ENGLISH.search(message) for message in shown)
