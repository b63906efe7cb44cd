"""One client of tests/pg/test_many_clients.py: a separate process doing mixed operations
through the store on one PostgreSQL database, writing what it saw to a log.

    python -m tests.pg.many_clients SPEC.json LOG.jsonl

Each operation is one line in the log, written (and flushed) when the store has answered: what
was asked (with a marker no other operation uses), and what came back — ok with the versions
it was based on or produced, or the refusal's type and message. A client killed meanwhile
leaves every line of the operations it saw answered. With `"pause_mid_write": true` in the
spec, the client stops inside its last write (after the UPDATE of the practice, before the
audit entry and the commit), logs `paused`, and waits there to be killed.
"""

from __future__ import annotations

import json
import logging
import random
import sys
import time
import traceback
from collections.abc import Callable
from dataclasses import replace
from datetime import date
from functools import partial
from pathlib import Path
from typing import Any, TextIO

from sqlalchemy import event

from mtvdp_tui.documents.register_export import register_csv_bytes, register_rows
from mtvdp_tui.domain.declaration_quarters import Quarter
from mtvdp_tui.domain.declaration_status import TE_DECLAREREN, DeclarationStatus, StatusRecord
from mtvdp_tui.domain.plan import Plan, PlanStatus
from mtvdp_tui.domain.practice import PracticeData
from mtvdp_tui.records.errors import RecordError
from mtvdp_tui.store import practice_import
from mtvdp_tui.store.database import Database, open_database
from mtvdp_tui.store.lottery_claims import LotteryClaims

TODAY = date(2026, 11, 22)
# Operations and their weights: own practices (no other client touches them) and hot ones (all do).
MIX = {
    "edit_own": 22,
    "edit_hot": 18,
    "ion_own": 10,
    "ion_hot": 6,
    "plan_own": 12,
    "plan_hot": 6,
    "submit_own": 4,
    "declaration_own": 10,
    "declaration_hot": 7,
    "claim": 5,
}


class Retries(logging.Handler):
    """Counts the writes the store ran again after the server aborted them, and the ones it
    gave up on (`transactions.write`'s log lines)."""

    def __init__(self) -> None:
        super().__init__(logging.INFO)
        self.again = 0
        self.given_up = 0

    def emit(self, record: logging.LogRecord) -> None:
        if "running it again" in record.msg:
            self.again += 1
        elif "aborted by the server" in record.msg:
            self.given_up += 1


def _no_new_database() -> Any:
    raise AssertionError("the database exists: the test made it")


class Client:
    def __init__(self, spec: dict[str, Any], log: TextIO) -> None:
        self.spec = spec
        self.number: int = spec["client"]
        self.log = log
        self.random = random.Random(spec["seed"])
        self.db: Database = open_database(
            spec["url"], new_ruleset=_no_new_database, today=lambda: TODAY
        )
        self.claims = LotteryClaims(self.db.engine)
        self.quarters = [Quarter.parse(label) for label in spec["quarters"]]
        self.retries = Retries()
        store_log = logging.getLogger("mtvdp_tui.store.transactions")
        store_log.setLevel(logging.INFO)
        store_log.addHandler(self.retries)

    # --- one operation each ------------------------------------------------------------------

    def edit(self, practice_id: int, marker: str) -> dict[str, Any]:
        seen = self.db.practices.get(practice_id)
        time.sleep(self.random.uniform(0, 0.003))  # a user reads before saving
        data = replace(seen.data, notes=marker)
        self.db.practices.update(practice_id, data, expected_version=seen.version)
        return {"expected_version": seen.version}

    def ion(self, practice_id: int, marker: str, value: int) -> dict[str, Any]:
        peildatum = date(2026, self.random.choice([1, 4, 7, 10]), 1)
        self.db.practices.set_ion(practice_id, peildatum, value)
        return {"peildatum": peildatum.isoformat(), "ion": value}

    def plan(self, practice_id: int, marker: str) -> dict[str, Any]:
        seen = self.db.plans.latest(practice_id)
        time.sleep(self.random.uniform(0, 0.003))
        stored = self.db.plans.save_concept(
            practice_id, Plan(reflection_practice=marker), expected=seen
        )
        return {"version": stored.version, "row_version": stored.row_version}

    def submit(self, practice_id: int, marker: str) -> dict[str, Any]:
        seen = self.db.plans.latest(practice_id)
        if seen is None or seen.status is not PlanStatus.CONCEPT:
            seen = self.db.plans.save_concept(
                practice_id, Plan(reflection_practice=marker), expected=seen
            )
            self._line({"op": "plan_own", "practice": practice_id, "marker": marker, "ok": True,
                        "version": seen.version, "row_version": seen.row_version})  # fmt: skip
        stored = self.db.plans.submit(practice_id, expected=seen)
        return {"version": stored.version, "row_version": stored.row_version}

    def declaration(self, practice_id: int, marker: str) -> dict[str, Any]:
        quarter = self.random.choice(self.quarters)
        seen = self.db.declarations.statuses([quarter]).get((practice_id, quarter), TE_DECLAREREN)
        time.sleep(self.random.uniform(0, 0.003))
        if seen.status is DeclarationStatus.GEDECLAREERD:
            new = StatusRecord(DeclarationStatus.AFGEWEZEN, seen.declared_on, None, TODAY, marker)
        else:
            new = StatusRecord(DeclarationStatus.GEDECLAREERD, TODAY)
        self.db.declarations.save({(practice_id, quarter): (seen, new)})
        return {"quarter": quarter.label, "status": new.status.value}

    def claim(self, _practice_id: int, _marker: str) -> dict[str, Any]:
        claim = self.claims.claim(self.spec["region"])
        held_from = time.time()  # after the claim was committed: inside the real holding
        time.sleep(self.random.uniform(0.002, 0.01))
        held_until = time.time()  # before the release is sent: inside the real holding
        self.claims.release(claim)
        return {"held_from": held_from, "held_until": held_until}

    def import_list(self, marker: str) -> dict[str, Any]:
        """New practices (AGBs of this client) and a change to one own practice, one file."""
        changed_id = self.spec["own"][0]
        changed = replace(self.db.practices.get(changed_id).data, wijk=marker)  # exported
        new = [
            PracticeData(agb=agb, name=f"Import {agb}", region=self.spec["region"])
            for agb in self.spec["import_agbs"]
        ]
        data = register_csv_bytes(register_rows([*new, changed]))
        preview = practice_import.preview(data, "lijst.csv", self.db.ruleset, self.db.practices)
        version = preview.seen[changed.agb].version
        written = practice_import.apply(preview, self.db.practices)
        return {"practice": changed_id, "expected_version": version, "new": written.new}

    # --- running -----------------------------------------------------------------------------

    def run(self) -> None:
        kinds = list(MIX)
        weights = [MIX[kind] for kind in kinds]
        import_at = self.random.randrange(self.spec["operations"])
        for index in range(self.spec["operations"]):
            marker = f"c{self.number}-{index}"
            if index == import_at:
                self._do("import", None, marker, partial(self.import_list, marker))
                continue
            kind = self.random.choices(kinds, weights)[0]
            practice_id = self.random.choice(
                self.spec["hot"] if kind.endswith("_hot") else self.spec["own"]
            )
            action = self._action(kind, practice_id, marker, index)
            self._do(kind, practice_id, marker, action)
        if self.spec.get("pause_mid_write"):
            self.pause_inside_a_write(f"c{self.number}-paused")

    def _action(self, kind: str, practice_id: int, marker: str, index: int) -> Callable[[], Any]:
        value = 10_000 + self.number * 1000 + index  # an ION no other operation writes
        return {
            "edit": lambda: self.edit(practice_id, marker),
            "ion": lambda: self.ion(practice_id, marker, value),
            "plan": lambda: self.plan(practice_id, marker),
            "submit": lambda: self.submit(practice_id, marker),
            "declaration": lambda: self.declaration(practice_id, marker),
            "claim": lambda: self.claim(practice_id, marker),
        }[kind.split("_")[0]]

    def _do(self, kind: str, practice_id: int | None, marker: str, action: Callable[[], Any]):
        line: dict[str, Any] = {"op": kind, "practice": practice_id, "marker": marker}
        before = (self.retries.again, self.retries.given_up)
        try:
            line |= {"ok": True, **action()}
        except RecordError as error:
            line |= {"ok": False, "type": type(error).__name__, "message": str(error)}
        except Exception as error:  # the test fails on it, showing the traceback
            line |= {"ok": False, "type": "crash:" + type(error).__name__,
                     "message": traceback.format_exc()}  # fmt: skip
        line["retries"] = self.retries.again - before[0]
        line["given_up"] = self.retries.given_up - before[1]
        self._line(line)

    def pause_inside_a_write(self, marker: str) -> None:
        """Edit an own practice, and stop after its UPDATE, inside the transaction."""
        practice_id = self.spec["own"][-1]

        def stop(connection, _cursor, statement: str, *_args: object) -> None:
            if statement.lstrip().upper().startswith("UPDATE PRACTICE"):
                self._line({"op": "paused", "practice": practice_id, "marker": marker})
                time.sleep(600)  # killed here

        event.listen(self.db.engine, "after_cursor_execute", stop)
        self.edit(practice_id, marker)

    def _line(self, line: dict[str, Any]) -> None:
        self.log.write(json.dumps(line) + "\n")
        self.log.flush()


def main(arguments: list[str]) -> int:
    spec = json.loads(Path(arguments[0]).read_text(encoding="utf-8"))
    with open(arguments[1], "a", encoding="utf-8") as log:
        client = Client(spec, log)
        client._line({"op": "started"})
        client.run()
        client._line({"op": "finished"})
        client.db.close()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
