"""The plans overview in SQL: each practice's plan state, counts per region, chosen interventions.

The state (see `mtvdp_tui.domain.plan_overview`) is computed in the query, so filtering and paging
stay in the database at 10,000 practices; "te laat" is one date comparison against `late_cutoff`.
The chosen interventions are counted in Python over the matching current plans (at most one per
practice): the same on every engine, without SQLite's or PostgreSQL's own JSON functions.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from datetime import date
from typing import Any

from sqlalchemy import Engine, case, func, literal, select
from sqlalchemy.sql import ColumnElement, Select, Subquery

from mtvdp_tui.domain.plan import PlanStatus
from mtvdp_tui.domain.plan_overview import PlanState, late_cutoff
from mtvdp_tui.domain.ruleset import Ruleset
from mtvdp_tui.records.plans import InterventionCount, PlanOverviewRow, PlanQuery, PlanSortKey
from mtvdp_tui.store.plans import PLAN
from mtvdp_tui.store.practice_search import P, R, practice_conditions

STATE_ORDER = list(PlanState)  # sorting by state: most urgent first


def _versions_per_practice() -> Select[tuple[int, int, int | None, int | None, date | None]]:
    concept = PLAN.c.status == PlanStatus.CONCEPT.value
    submitted = PLAN.c.status == PlanStatus.INGEDIEND.value
    return select(
        PLAN.c.practice_id,
        func.max(PLAN.c.version).label("versions"),
        func.max(case((concept, PLAN.c.version))).label("concept_version"),
        func.max(case((submitted, PLAN.c.version))).label("submitted_version"),
        func.max(PLAN.c.submitted_on).label("submitted_on"),
    ).group_by(PLAN.c.practice_id)


class PlanOverviewRepository:
    def __init__(self, engine: Engine, ruleset: Ruleset, today: Callable[[], date]) -> None:
        self._engine = engine
        self._ruleset = ruleset
        self._today = today

    def page(self, query: PlanQuery, offset: int, limit: int) -> list[PlanOverviewRow]:
        versions, state = self._parts()
        statement = (
            select(
                P.c.id,
                P.c.agb,
                P.c.name,
                R.c.name,
                P.c.start_date,
                P.c.excluded_reason,
                state,
                func.coalesce(versions.c.versions, 0),
                versions.c.concept_version,
                versions.c.submitted_version,
                versions.c.submitted_on,
            )
            .select_from(P.join(R).outerjoin(versions, versions.c.practice_id == P.c.id))
            .where(*self._conditions(query, state))
            .order_by(*self._order(query, state))
            .offset(offset)
            .limit(limit)
        )
        with self._engine.connect() as connection:
            rows = connection.execute(statement).all()
        return [
            PlanOverviewRow(
                practice_id,
                agb,
                name,
                region,
                start,
                excluded,
                PlanState(state),
                versions,
                concept,
                submitted,
                submitted_on,
            )
            for (
                practice_id,
                agb,
                name,
                region,
                start,
                excluded,
                state,
                versions,
                concept,
                submitted,
                submitted_on,
            ) in rows
        ]

    def position(self, query: PlanQuery, practice_id: int) -> int | None:
        """The 0-based row of `practice_id` in `query`'s list, or None when it is not in it."""
        versions, state = self._parts()
        numbered = (
            select(
                P.c.id,
                func.row_number().over(order_by=self._order(query, state)).label("number"),
            )
            .select_from(P.join(R).outerjoin(versions, versions.c.practice_id == P.c.id))
            .where(*self._conditions(query, state))
            .subquery()
        )
        statement = select(numbered.c.number).where(numbered.c.id == practice_id)
        with self._engine.connect() as connection:
            number = connection.execute(statement).scalar_one_or_none()
        return None if number is None else number - 1

    def late_ids(self) -> set[int]:
        """Practices whose plan is late (deadline passed, nothing submitted)."""
        versions, state = self._parts()
        statement = (
            select(P.c.id)
            .select_from(P.join(R).outerjoin(versions, versions.c.practice_id == P.c.id))
            .where(state == PlanState.TE_LAAT.value)
        )
        with self._engine.connect() as connection:
            return set(connection.execute(statement).scalars())

    def count(self, query: PlanQuery) -> int:
        return sum(sum(states.values()) for states in self.state_counts(query).values())

    def state_counts(self, query: PlanQuery) -> dict[str, dict[PlanState, int]]:
        """Practices per region and state for `query` (its state filter applied too); every
        region of the ruleset, in its order, with every state."""
        versions, state = self._parts()
        statement = (
            select(R.c.name, state, func.count())
            .select_from(P.join(R).outerjoin(versions, versions.c.practice_id == P.c.id))
            .where(*self._conditions(query, state))
            .group_by(R.c.name, state)
        )
        regions = [query.region] if query.region else list(self._ruleset.regions)
        counts = {region: dict.fromkeys(PlanState, 0) for region in regions}
        with self._engine.connect() as connection:
            for region, found, number in connection.execute(statement):
                counts.setdefault(region, dict.fromkeys(PlanState, 0))[PlanState(found)] = number
        return counts

    def intervention_counts(self, query: PlanQuery) -> tuple[int, list[InterventionCount]]:
        """(plans counted, counts): the newest version of each matching practice's plan."""
        versions, state = self._parts()
        matching = (
            select(PLAN.c.id, PLAN.c.content)
            .select_from(
                P.join(R)
                .join(versions, versions.c.practice_id == P.c.id)
                .join(
                    PLAN,
                    (PLAN.c.practice_id == P.c.id) & (PLAN.c.version == versions.c.versions),
                )
            )
            .where(*self._conditions(query, state))
            .subquery()
        )
        with self._engine.connect() as connection:
            contents = connection.execute(select(matching.c.content)).scalars().all()
        return len(contents), count_interventions(contents)

    # --- helpers -----------------------------------------------------------------------------

    def _parts(self) -> tuple[Subquery, ColumnElement[str]]:
        """The versions-per-practice subquery and the state expression over it."""
        versions = _versions_per_practice().subquery()
        cutoff = late_cutoff(self._ruleset.plan_deadline_months, self._today())
        state = case(
            (P.c.excluded, literal(PlanState.UITGESLOTEN.value)),
            (versions.c.submitted_version.is_not(None), literal(PlanState.INGEDIEND.value)),
            (P.c.start_date < cutoff, literal(PlanState.TE_LAAT.value)),
            (versions.c.concept_version.is_not(None), literal(PlanState.CONCEPT.value)),
            else_=literal(PlanState.GEEN_PLAN.value),
        )
        return versions, state

    @staticmethod
    def _conditions(query: PlanQuery, state: ColumnElement[str]) -> list[ColumnElement[bool]]:
        conditions = practice_conditions(query.text, query.region)
        if query.state is not None:
            conditions.append(state == query.state.value)
        return conditions

    @staticmethod
    def _order(query: PlanQuery, state: ColumnElement[str]) -> list[ColumnElement[Any]]:
        rank = case(
            *((state == s.value, position) for position, s in enumerate(STATE_ORDER)),
            else_=len(STATE_ORDER),
        )
        name = P.c.name_key
        keys: dict[PlanSortKey, list[ColumnElement[Any]]] = {
            PlanSortKey.AGB: [P.c.agb],
            PlanSortKey.NAME: [name],
            PlanSortKey.REGION: [R.c.position, name],
            PlanSortKey.START: [P.c.start_date.is_(None), P.c.start_date, name],
            PlanSortKey.STATE: [rank, P.c.start_date.is_(None), P.c.start_date, name],
        }
        chosen = keys[query.sort]
        if query.descending:
            chosen = [key.desc() for key in chosen]
        return [*chosen, P.c.id]


def count_interventions(contents: Sequence[str]) -> list[InterventionCount]:
    """Per (intervention, plan year): how many of the plans (`content`: a Plan as JSON) choose
    it, and how many of those ask the organisation for support; in that order."""
    plans: dict[tuple[Any, Any], set[int]] = {}
    support: dict[tuple[Any, Any], set[int]] = {}
    for number, content in enumerate(contents):
        items = json.loads(content).get("interventies") or []
        for item in items:
            key = (item.get("interventie"), item.get("jaar"))
            plans.setdefault(key, set()).add(number)
            wanted = item.get("ondersteuning")
            if wanted is not None and str(wanted).strip() != "":
                support.setdefault(key, set()).add(number)
    return [
        InterventionCount(key[0], key[1], len(found), len(support.get(key, ())))
        for key, found in sorted(plans.items(), key=lambda pair: (str(pair[0][0]), str(pair[0][1])))
    ]
