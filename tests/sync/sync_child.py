"""A synchronisation in a process of its own: the one tests/sync/test_interrupted.py kills.

    python -m tests.sync.sync_child WERKKOPIE [BATCH]

It opens the werkkopie as the app does, prints `bereid` (ready), then synchronises it with the
program's own `synchronise`, printing every progress step (`versturen 40 200`) as it happens so
the test knows where a kill landed. BATCH (default the program's) makes the batches smaller:
more server transactions, so more moments between a server's commit and the local one.
"""

from __future__ import annotations

import sys
from pathlib import Path

from mtvdp_tui.records.sync import SyncProgress
from mtvdp_tui.store import sync
from tests.conftest import open_test_database


def main(arguments: list[str]) -> int:
    path = Path(arguments[0])
    if len(arguments) > 1:
        sync.BATCH = int(arguments[1])
    database = open_test_database(path)

    def tell(progress: SyncProgress) -> None:
        print(progress.stage.value, progress.done, progress.total, flush=True)

    print("bereid", flush=True)
    try:
        report = sync.synchronise(database, progress=tell)
    finally:
        database.close()
    print("verstuurd", report.sent, report.already, report.conflicts, flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
