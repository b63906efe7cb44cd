"""Practice plans in the database, versioned: concepts are saved over, submitted ones never.

Saving a concept updates the newest version while it is a concept; after a submission, the next
save starts a new concept version, so every submitted plan stays as it was submitted.
Each method is one transaction; updates check the row version (someone else may have saved).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date

from sqlalchemy import Connection, Engine, RowMapping, insert, select, update

from mtvdp_tui.domain.plan import Plan, PlannedIntervention, PlanStatus
from mtvdp_tui.i18n import t
from mtvdp_tui.records.audit import Action, Entity
from mtvdp_tui.records.errors import StaleRecordError
from mtvdp_tui.records.plans import StoredPlan
from mtvdp_tui.records.sync import ChangeKind
from mtvdp_tui.store import audit, outbox
from mtvdp_tui.store.audit import practice_subject
from mtvdp_tui.store.practice_search import P
from mtvdp_tui.store.tables import PlanRecord, table_of, utc_now
from mtvdp_tui.store.transactions import write

PLAN = table_of(PlanRecord)
FORMAT = 1  # version of the JSON layout of `content`


def plan_to_json(plan: Plan) -> str:
    return json.dumps(
        {
            "formaat": FORMAT,
            "reflectie_praktijk": plan.reflection_practice,
            "reflectie_populatie": plan.reflection_population,
            "interventies": [
                {
                    "interventie": chosen.intervention,
                    "jaar": chosen.year,
                    "opfrissen": chosen.refresh,
                    "opfrissen_hoe": chosen.refresh_how,
                    "ondersteuning": chosen.support_wanted,
                }
                for chosen in plan.interventions
            ],
            "intervisie_jaren": sorted(plan.intervisie_years),
        },
        ensure_ascii=False,
        sort_keys=True,
    )


def plan_from_json(text: str) -> Plan:
    data = json.loads(text)
    return Plan(
        reflection_practice=data["reflectie_praktijk"],
        reflection_population=data["reflectie_populatie"],
        interventions=tuple(
            PlannedIntervention(
                intervention=item["interventie"],
                year=item["jaar"],
                refresh=item["opfrissen"],
                refresh_how=item["opfrissen_hoe"],
                support_wanted=item["ondersteuning"],
            )
            for item in data["interventies"]
        ),
        intervisie_years=frozenset(data["intervisie_jaren"]),
    )


class PlanRepository:
    def __init__(self, engine: Engine, today: Callable[[], date]) -> None:
        self._engine = engine
        self._today = today

    def today(self) -> date:
        """The day a submission made now is dated (the repository's clock)."""
        return self._today()

    def latest(self, practice_id: int) -> StoredPlan | None:
        """The newest version of the practice's plan, or None when it has none."""
        with self._engine.connect() as connection:
            return self.latest_in(connection, practice_id)

    def versions(self, practice_id: int) -> list[StoredPlan]:
        """Every version, oldest first."""
        statement = select(PLAN).where(PLAN.c.practice_id == practice_id).order_by(PLAN.c.version)
        with self._engine.connect() as connection:
            return [stored(row) for row in connection.execute(statement).mappings()]

    def save_concept(
        self, practice_id: int, plan: Plan, *, expected: StoredPlan | None
    ) -> StoredPlan:
        """Store `plan` as the practice's concept; `expected` is the version the user opened.

        Refused (nothing changes) when another save came in between. Saving what is stored
        already writes nothing (no new version, no audit entry) and returns the stored version.
        """
        return write(
            self._engine,
            lambda connection: self.save_concept_in(connection, practice_id, plan, expected),
        )

    def submit(
        self, practice_id: int, *, expected: StoredPlan, without_start: bool = False
    ) -> StoredPlan:
        """Mark the concept as submitted today. The caller checks the rules first
        (`plan_submit.submit_decision`); `without_start` records that the practice had no start
        date yet, so the deadline could not be judged."""
        note = t("plan.submitted_without_start") if without_start else None
        return write(
            self._engine,
            lambda connection: self.submit_in(
                connection, practice_id, expected, self._today(), note=note
            ),
        )

    # --- the same inside a caller's transaction (a conflict's decision, store/conflicts) -----

    def save_concept_in(
        self, connection: Connection, practice_id: int, plan: Plan, expected: StoredPlan | None
    ) -> StoredPlan:
        """`save_concept` in the caller's transaction."""
        current = self.latest_in(connection, practice_id)
        self._check_unchanged(current, expected)
        if current is not None and current.plan == plan:
            return current
        if current is not None and current.status is PlanStatus.CONCEPT:
            self._update(connection, current, content=plan_to_json(plan))
        else:
            self._insert(connection, practice_id, plan, current)
        latest = self.latest_in(connection, practice_id)
        assert latest is not None
        _audit(connection, current, latest)
        _outbox(connection, current, latest)
        return latest

    def submit_in(
        self,
        connection: Connection,
        practice_id: int,
        expected: StoredPlan,
        submitted_on: date,
        *,
        note: str | None = None,
    ) -> StoredPlan:
        """`submit` in the caller's transaction, as submitted on `submitted_on`."""
        current = self.latest_in(connection, practice_id)
        self._check_unchanged(current, expected)
        assert current is not None
        if current.status is not PlanStatus.CONCEPT:
            raise StaleRecordError(t("plan.already_submitted"))
        self._update(
            connection, current, status=PlanStatus.INGEDIEND.value, submitted_on=submitted_on
        )
        latest = self.latest_in(connection, practice_id)
        assert latest is not None
        _audit(connection, current, latest, note=note)
        _outbox(connection, current, latest)
        return latest

    # --- helpers -----------------------------------------------------------------------------

    def latest_in(self, connection: Connection, practice_id: int) -> StoredPlan | None:
        statement = (
            select(PLAN)
            .where(PLAN.c.practice_id == practice_id)
            .order_by(PLAN.c.version.desc())
            .limit(1)
        )
        row = connection.execute(statement).mappings().first()
        return stored(row) if row else None

    @staticmethod
    def _check_unchanged(current: StoredPlan | None, expected: StoredPlan | None) -> None:
        same = (current is None and expected is None) or (
            current is not None
            and expected is not None
            and (current.id, current.row_version) == (expected.id, expected.row_version)
        )
        if not same:
            raise StaleRecordError(t("plan.stale"))

    @staticmethod
    def _update(connection: Connection, current: StoredPlan, **values: object) -> None:
        result = connection.execute(
            update(PLAN)
            .where(PLAN.c.id == current.id, PLAN.c.row_version == current.row_version)
            .values(**values, row_version=PLAN.c.row_version + 1, updated_at=utc_now())
        )
        if result.rowcount != 1:
            raise StaleRecordError(t("plan.stale"))

    @staticmethod
    def _insert(
        connection: Connection, practice_id: int, plan: Plan, current: StoredPlan | None
    ) -> None:
        now = utc_now()
        connection.execute(
            insert(PLAN).values(
                practice_id=practice_id,
                version=(current.version + 1) if current else 1,
                status=PlanStatus.CONCEPT.value,
                submitted_on=None,
                content=plan_to_json(plan),
                row_version=1,
                created_at=now,
                updated_at=now,
            )
        )


def _audit(
    connection: Connection, before: StoredPlan | None, after: StoredPlan, note: str | None = None
) -> None:
    """One audit entry: a new version is "aangemaakt", a concept saved over or submitted is
    "gewijzigd"; only the parts of the plan that changed are kept, with `note` if given."""

    def facts(stored: StoredPlan | None) -> dict[str, object]:
        if stored is None:
            return {}
        content = json.loads(plan_to_json(stored.plan))
        content.pop("formaat", None)
        return {
            "versie": stored.version,
            "status": stored.status.value,
            "ingediend_op": stored.submitted_on,
            **content,
        }

    same_version = before is not None and before.id == after.id
    old, new = audit.changed_fields(facts(before if same_version else None), facts(after))
    if note is not None:
        new = {**new, "toelichting": note}
    name, agb = connection.execute(
        select(P.c.name, P.c.agb).where(P.c.id == after.practice_id)
    ).one()
    audit.record(
        connection,
        Entity.PRAKTIJKPLAN,
        Action.GEWIJZIGD if same_version else Action.AANGEMAAKT,
        practice_subject(name, agb),
        practice_id=after.practice_id,
        before=old if same_version else None,
        after=new,
    )


def sync_values(stored: StoredPlan) -> dict[str, object]:
    """One plan version's values as a werkkopie sends them (SPEC §9)."""
    return {
        "status": stored.status.value,
        "submitted_on": stored.submitted_on,
        "content": plan_to_json(stored.plan),
    }


def _outbox(connection: Connection, before: StoredPlan | None, after: StoredPlan) -> None:
    """In a werkkopie, the plan change for the outbox: by AGB and version, based on that
    version's values before (None: a new version)."""
    if not outbox.is_werkkopie(connection):
        return
    same_version = before is not None and before.id == after.id
    agb = connection.execute(select(P.c.agb).where(P.c.id == after.practice_id)).scalar_one()
    outbox.record_change(
        connection,
        ChangeKind.PLAN,
        agb,
        plan_version=after.version,
        base=sync_values(before) if same_version and before is not None else None,
        after=sync_values(after),
        base_version=before.row_version if same_version and before is not None else None,
    )


def stored(values: RowMapping) -> StoredPlan:
    return StoredPlan(
        id=values["id"],
        practice_id=values["practice_id"],
        version=values["version"],
        status=PlanStatus(values["status"]),
        submitted_on=values["submitted_on"],
        plan=plan_from_json(values["content"]),
        row_version=values["row_version"],
    )
