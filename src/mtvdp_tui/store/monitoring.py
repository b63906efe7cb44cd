"""Monitoring in the database (SPEC §10): the items due, filtered, counted and paged in SQL, and
the records of what was done (metingen sent, the social-domain start, jaarverslagen received,
wijkgroep meetings and who attended).

The items are not stored: each is computed in SQL from the practice's start date and what was
recorded (`store/date_sql` adds calendar months exactly as `domain.monitoring` does), so a
changed start date, a plan submitted or a meeting recorded shows at once, in every copy of the
program, and 10,000 practices page as fast as 140. `timeline` computes one practice's items with
the domain module itself; a test holds the two to the same answers.

Every write is one transaction, audited, checked against what the user saw (a record someone
else changed meanwhile is refused, `StaleRecordError`), and refused in a werkkopie: the outbox
carries practices, ION and plans only (SPEC §9).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import date, timedelta
from typing import Any

from sqlalchemy import (
    Connection,
    Engine,
    Integer,
    and_,
    case,
    delete,
    func,
    insert,
    literal,
    or_,
    select,
    union_all,
    update,
)
from sqlalchemy.sql import ColumnElement

from mtvdp_tui.domain.monitoring import (
    METINGEN,
    SOON_DAYS,
    Item,
    ItemKind,
    ItemState,
    Progress,
    items,
    plan_year_end,
)
from mtvdp_tui.domain.plan import PlanStatus
from mtvdp_tui.domain.ruleset import Ruleset
from mtvdp_tui.domain.search_text import order_key
from mtvdp_tui.i18n import t
from mtvdp_tui.records.audit import Action, Entity
from mtvdp_tui.records.errors import RecordError, StaleRecordError
from mtvdp_tui.records.monitoring import (
    CohortPractice,
    Meeting,
    MonitoringCounts,
    MonitoringQuery,
    MonitoringRow,
    WijkPractice,
)
from mtvdp_tui.store import audit, outbox
from mtvdp_tui.store.audit import practice_subject
from mtvdp_tui.store.date_sql import add_days, add_months
from mtvdp_tui.store.practice_search import P, R, practice_conditions
from mtvdp_tui.store.tables import (
    Jaarverslag,
    MeetingAttendance,
    MetingSent,
    PlanRecord,
    SocialDomainStart,
    WijkgroepMeeting,
    table_of,
    utc_now,
)
from mtvdp_tui.store.transactions import inserted_id, write

MS = table_of(MetingSent)
SD = table_of(SocialDomainStart)
JV = table_of(Jaarverslag)
WM = table_of(WijkgroepMeeting)
WA = table_of(MeetingAttendance)
PL = table_of(PlanRecord)

KIND_ORDER = list(ItemKind)
STATE_ORDER = list(ItemState)


class MonitoringRepository:
    def __init__(self, engine: Engine, ruleset: Ruleset, today: Callable[[], date]) -> None:
        self._engine = engine
        self._ruleset = ruleset
        self._today = today

    # --- the list and its counts -------------------------------------------------------------

    def count(self, query: MonitoringQuery) -> int:
        found = self._items(query)
        statement = select(func.count()).select_from(found).where(*_chosen(found, query))
        with self._engine.connect() as connection:
            return int(connection.execute(statement).scalar_one())

    def page(self, query: MonitoringQuery, offset: int, limit: int) -> list[MonitoringRow]:
        """Rows `offset`… of the items `query` finds: worst first (te laat, binnenkort, gepland,
        afgerond), then by due date, practice name and the order of the kinds. The narrow
        items are sorted and cut first; only the page's rows are joined to their practice."""
        found = self._items(query)
        order = (found.c.rank, found.c.due, found.c.name_key, found.c.practice_id)
        chosen = (
            select(found)
            .where(*_chosen(found, query))
            .order_by(*order, found.c.kind_rank, found.c.year)
            .offset(offset)
            .limit(limit)
            .subquery("chosen")
        )
        statement = (
            select(
                chosen.c.practice_id,
                P.c.agb,
                P.c.name,
                R.c.name.label("region"),
                P.c.wijk,
                chosen.c.kind,
                chosen.c.year,
                chosen.c.due,
                chosen.c.done,
                chosen.c.state,
            )
            .select_from(chosen.join(P, P.c.id == chosen.c.practice_id).join(R))
            .order_by(
                chosen.c.rank,
                chosen.c.due,
                chosen.c.name_key,
                chosen.c.practice_id,
                chosen.c.kind_rank,
                chosen.c.year,
            )
        )
        with self._engine.connect() as connection:
            rows = connection.execute(statement).all()
        return [_row(row) for row in rows]

    def counts(self, query: MonitoringQuery) -> MonitoringCounts:
        """Items per state, per region and per kind, of the practices `query` finds (by its
        words and region; its kind and states are the list's, not the counts')."""
        found = self._items(query)
        statement = select(found.c.region_id, found.c.kind, found.c.state, func.count()).group_by(
            found.c.region_id, found.c.kind, found.c.state
        )
        by_region: dict[str, dict[ItemState, int]] = {}
        by_kind: dict[ItemKind, dict[ItemState, int]] = {kind: {} for kind in ItemKind}
        with self._engine.connect() as connection:
            names = {}
            for region_id, name in connection.execute(
                select(R.c.id, R.c.name).order_by(R.c.position, R.c.id)
            ):
                names[region_id] = name
                if not query.region or name == query.region:
                    by_region[name] = {}
            for region_id, kind, state_value, number in connection.execute(statement):
                item_state = ItemState(state_value)
                counts = by_region.setdefault(names[region_id], {})
                counts[item_state] = counts.get(item_state, 0) + number
                per_kind = by_kind[ItemKind(kind)]
                per_kind[item_state] = per_kind.get(item_state, 0) + number
        return MonitoringCounts(by_region, by_kind)

    def rows(self, query: MonitoringQuery) -> list[MonitoringRow]:
        """Every row `query` finds, in the list's order, read in one statement (an export: one
        consistent moment; paging by OFFSET would sort everything again for every page)."""
        limit = self.count(query) + 100
        while True:  # rows added between the count and the read: read again, with more room
            found = self.page(query, 0, limit)
            if len(found) < limit:
                return found
            limit *= 2

    def _items(self, query: MonitoringQuery) -> Any:
        """The items of the practices monitored today that `query`'s words and region find,
        with each one's state today and the state's rank (worst first)."""
        return _items(self._ruleset, self._today(), practice_conditions(query.text, query.region))

    # --- one practice ------------------------------------------------------------------------

    def progress(self, practice_id: int) -> Progress | None:
        """What was recorded for the practice, or None when it has not started."""
        ruleset = self._ruleset
        with self._engine.connect() as connection:
            start = connection.execute(
                select(P.c.start_date).where(P.c.id == practice_id)
            ).scalar_one_or_none()
            if start is None:
                return None
            sent = {
                ItemKind(kind): day
                for kind, day in connection.execute(
                    select(MS.c.meting, MS.c.sent_on).where(MS.c.practice_id == practice_id)
                )
            }
            social = connection.execute(
                select(SD.c.started_on).where(SD.c.practice_id == practice_id)
            ).scalar_one_or_none()
            submitted = connection.execute(
                select(func.min(PL.c.submitted_on)).where(
                    PL.c.practice_id == practice_id, PL.c.submitted_on.is_not(None)
                )
            ).scalar_one_or_none()
            attended = [
                day
                for (day,) in connection.execute(
                    select(WM.c.held_on)
                    .select_from(WA.join(WM))
                    .where(WA.c.practice_id == practice_id, WM.c.mtvdp_on_agenda.is_(True))
                    .order_by(WM.c.held_on)
                )
            ]
            reports = dict(
                connection.execute(
                    select(JV.c.plan_year, JV.c.received_on).where(JV.c.practice_id == practice_id)
                ).all()
            )
        intervisie: dict[int, date] = {}
        for year in range(1, ruleset.plan_years + 1):
            begin = start if year == 1 else plan_year_end(start, year - 1) + timedelta(days=1)
            end = plan_year_end(start, year)
            days = [day for day in attended if begin <= day <= end]
            if days:
                intervisie[year] = days[0]
        return Progress(start, sent, social, submitted, intervisie, reports)

    def timeline(self, practice_id: int) -> list[Item]:
        """The practice's items by due date (`domain.monitoring.Item`), empty before its start."""
        progress = self.progress(practice_id)
        ruleset = self._ruleset
        if progress is None or ruleset.monitoring is None:
            return []
        return items(
            ruleset.monitoring,
            progress,
            plan_years=ruleset.plan_years,
            plan_deadline_months=ruleset.plan_deadline_months,
        )

    # --- metingen ----------------------------------------------------------------------------

    def cohorts(self) -> list[tuple[date, int]]:
        """The start dates of the practices monitored today, with how many started on each."""
        with self._engine.connect() as connection:
            return [
                (day, number)
                for day, number in connection.execute(
                    select(P.c.start_date, func.count())
                    .where(*_monitored(self._today()))
                    .group_by(P.c.start_date)
                    .order_by(P.c.start_date)
                )
            ]

    def cohort(self, start: date, meting: ItemKind) -> list[CohortPractice]:
        """The practices monitored today that started on `start`, and when `meting` was sent to
        each (None: not yet), by name."""
        _check_meting(meting)
        sent = (
            select(MS.c.sent_on)
            .where(MS.c.practice_id == P.c.id, MS.c.meting == meting.value)
            .scalar_subquery()
        )
        with self._engine.connect() as connection:
            rows = connection.execute(
                select(P.c.id, P.c.agb, P.c.name, sent)
                .where(*_monitored(self._today()), P.c.start_date == start)
                .order_by(P.c.name_key, P.c.id)
            ).all()
        return [CohortPractice(*row) for row in rows]

    def sent_on(self, practice_id: int, meting: ItemKind) -> date | None:
        _check_meting(meting)
        with self._engine.connect() as connection:
            return connection.execute(
                select(MS.c.sent_on).where(
                    MS.c.practice_id == practice_id, MS.c.meting == meting.value
                )
            ).scalar_one_or_none()

    def record_sent(
        self, meting: ItemKind, sent_on: date | None, seen: Mapping[int, date | None]
    ) -> int:
        """Record that `meting` was sent on `sent_on` (None: not sent after all) to each practice
        of `seen`, which maps it to the date the user saw. All or none: refused when any of them
        changed meanwhile. Returns how many practices changed."""
        _check_meting(meting)
        self._check_day(sent_on)

        def body(connection: Connection) -> int:
            outbox.refuse_in_werkkopie(connection, "monitoring")
            current = dict(
                connection.execute(
                    select(MS.c.practice_id, MS.c.sent_on).where(
                        MS.c.practice_id.in_(list(seen)), MS.c.meting == meting.value
                    )
                ).all()
            )
            subjects = _subjects(connection, seen)
            changed = 0
            for practice_id, was in seen.items():
                if practice_id not in subjects or current.get(practice_id) != was:
                    raise StaleRecordError(t("monitoring.store.stale"))
                if was == sent_on:
                    continue
                where = (MS.c.practice_id == practice_id, MS.c.meting == meting.value)
                if sent_on is None:
                    connection.execute(delete(MS).where(*where))
                elif was is None:
                    connection.execute(
                        insert(MS).values(
                            practice_id=practice_id,
                            meting=meting.value,
                            sent_on=sent_on,
                            row_version=1,
                            updated_at=utc_now(),
                        )
                    )
                else:
                    connection.execute(
                        update(MS)
                        .where(*where)
                        .values(
                            sent_on=sent_on,
                            row_version=MS.c.row_version + 1,
                            updated_at=utc_now(),
                        )
                    )
                _audit(
                    connection,
                    Entity.METING,
                    f"{subjects[practice_id]} {meting.value}",
                    practice_id,
                    {"verstuurd_op": was},
                    {"verstuurd_op": sent_on},
                )
                changed += 1
            return changed

        return write(self._engine, body)

    # --- sociaal domein and jaarverslag ------------------------------------------------------

    def social_domain_started(self, practice_id: int) -> date | None:
        with self._engine.connect() as connection:
            return connection.execute(
                select(SD.c.started_on).where(SD.c.practice_id == practice_id)
            ).scalar_one_or_none()

    def set_social_domain(
        self, practice_id: int, started_on: date | None, seen: date | None
    ) -> None:
        """Record the day the practice started with the social domain (None: not after all)."""
        self._check_day(started_on)
        self._set_dated(
            SD, "started_on", (SD.c.practice_id == practice_id,), {"practice_id": practice_id},
            started_on, seen, Entity.SOCIAAL_DOMEIN, practice_id, "",
        )  # fmt: skip

    def jaarverslag_received(self, practice_id: int, year: int) -> date | None:
        with self._engine.connect() as connection:
            return connection.execute(
                select(JV.c.received_on).where(
                    JV.c.practice_id == practice_id, JV.c.plan_year == year
                )
            ).scalar_one_or_none()

    def set_jaarverslag(
        self, practice_id: int, year: int, received_on: date | None, seen: date | None
    ) -> None:
        """Record the day the jaarverslag over plan year `year` came in (None: not after all)."""
        if not 1 <= year <= self._ruleset.plan_years:
            raise RecordError(t("monitoring.store.no_plan_year", year=year))
        self._check_day(received_on)
        self._set_dated(
            JV, "received_on", (JV.c.practice_id == practice_id, JV.c.plan_year == year),
            {"practice_id": practice_id, "plan_year": year},
            received_on, seen, Entity.JAARVERSLAG, practice_id, f" {year}",
        )  # fmt: skip

    def _set_dated(
        self,
        table: Any,
        column: str,
        where: Sequence[ColumnElement[bool]],
        keys: Mapping[str, object],
        day: date | None,
        seen: date | None,
        entity: Entity,
        practice_id: int,
        suffix: str,
    ) -> None:
        def body(connection: Connection) -> None:
            outbox.refuse_in_werkkopie(connection, "monitoring")
            subjects = _subjects(connection, [practice_id])
            current = connection.execute(select(table.c[column]).where(*where)).scalar_one_or_none()
            if practice_id not in subjects or current != seen:
                raise StaleRecordError(t("monitoring.store.stale"))
            if day == current:
                return
            if day is None:
                connection.execute(delete(table).where(*where))
            elif current is None:
                connection.execute(
                    insert(table).values(
                        **keys, **{column: day}, row_version=1, updated_at=utc_now()
                    )
                )
            else:
                connection.execute(
                    update(table)
                    .where(*where)
                    .values(
                        **{column: day},
                        row_version=table.c.row_version + 1,
                        updated_at=utc_now(),
                    )
                )
            _audit(
                connection,
                entity,
                f"{subjects[practice_id]} {entity.value}{suffix}",
                practice_id,
                {"datum": current},
                {"datum": day},
            )

        write(self._engine, body)

    # --- wijkgroep meetings (intervisie) -----------------------------------------------------

    def wijken(self, region: str | None = None) -> list[tuple[str, str]]:
        """(region, wijk) of every wijk with a practice, by region and wijk."""
        statement = (
            select(R.c.name, func.min(P.c.wijk))
            .select_from(P.join(R))
            .where(P.c.wijk != "")
            .group_by(R.c.position, R.c.name, P.c.wijk_key)
            .order_by(R.c.position, P.c.wijk_key)
        )
        if region:
            statement = statement.where(R.c.name == region)
        with self._engine.connect() as connection:
            return [(name, wijk) for name, wijk in connection.execute(statement)]

    def wijk_practices(self, region: str, wijk: str) -> list[WijkPractice]:
        """The practices of `wijk` in `region` (the wijk compared without case or accents), by
        name: who can attend its meetings."""
        with self._engine.connect() as connection:
            rows = connection.execute(
                select(P.c.id, P.c.agb, P.c.name, P.c.wijk)
                .select_from(P.join(R))
                .where(R.c.name == region, P.c.wijk_key == order_key(wijk))
                .order_by(P.c.name_key, P.c.id)
            ).all()
        return [WijkPractice(*row) for row in rows]

    def meetings(self, region: str | None = None, wijk: str | None = None) -> list[Meeting]:
        """The wijkgroep meetings, newest first, of a region and wijk if given."""
        statement = select(
            WM.c.id, WM.c.held_on, WM.c.wijk, R.c.name, WM.c.mtvdp_on_agenda, WM.c.row_version
        ).select_from(WM.join(R))
        if region:
            statement = statement.where(R.c.name == region)
        if wijk is not None:
            statement = statement.where(func.lower(WM.c.wijk) == wijk.lower())
        with self._engine.connect() as connection:
            found = connection.execute(
                statement.order_by(WM.c.held_on.desc(), WM.c.id.desc())
            ).all()
            present: dict[int, set[int]] = defaultdict(set)
            ids = [row.id for row in found]
            if ids:
                for meeting_id, practice_id in connection.execute(
                    select(WA.c.meeting_id, WA.c.practice_id).where(WA.c.meeting_id.in_(ids))
                ):
                    present[meeting_id].add(practice_id)
        return [
            Meeting(
                held_on=row.held_on,
                wijk=row.wijk,
                region=row.name,
                mtvdp_on_agenda=row.mtvdp_on_agenda,
                attendees=frozenset(present[row.id]),
                id=row.id,
                row_version=row.row_version,
            )
            for row in found
        ]

    def save_meeting(self, meeting: Meeting) -> Meeting:
        """Store a new meeting (`id` None) or the changes to one, with its attendance; refused
        when someone else changed it since it was read. Returns it as stored."""
        self._check_day(meeting.held_on)
        if not meeting.wijk.strip():
            raise RecordError(t("monitoring.store.no_wijk"))

        def body(connection: Connection) -> Meeting:
            outbox.refuse_in_werkkopie(connection, "monitoring")
            region_id = connection.execute(
                select(R.c.id).where(R.c.name == meeting.region)
            ).scalar_one_or_none()
            if region_id is None:
                raise RecordError(t("monitoring.store.no_region", region=meeting.region))
            subjects = _subjects(connection, meeting.attendees)
            if set(subjects) != set(meeting.attendees):
                raise StaleRecordError(t("monitoring.store.stale"))
            values = {
                "held_on": meeting.held_on,
                "wijk": meeting.wijk.strip(),
                "region_id": region_id,
                "mtvdp_on_agenda": meeting.mtvdp_on_agenda,
                "updated_at": utc_now(),
            }
            before: dict[str, object] | None = None
            if meeting.id is None:
                meeting_id = inserted_id(
                    connection.execute(
                        insert(WM).values(**values, row_version=1, created_at=utc_now())
                    )
                )
                version = 1
            else:
                meeting_id = meeting.id
                before = _meeting_snapshot(connection, meeting_id)
                result = connection.execute(
                    update(WM)
                    .where(WM.c.id == meeting_id, WM.c.row_version == meeting.row_version)
                    .values(**values, row_version=WM.c.row_version + 1)
                )
                if result.rowcount != 1:
                    raise StaleRecordError(t("monitoring.store.stale"))
                version = meeting.row_version + 1
                connection.execute(delete(WA).where(WA.c.meeting_id == meeting_id))
            if meeting.attendees:
                connection.execute(
                    insert(WA),
                    [{"meeting_id": meeting_id, "practice_id": p} for p in meeting.attendees],
                )
            after = _meeting_snapshot(connection, meeting_id)
            changed_before, changed_after = audit.changed_fields(before or {}, after or {})
            audit.record(
                connection,
                Entity.INTERVISIE,
                Action.AANGEMAAKT if before is None else Action.GEWIJZIGD,
                _meeting_subject(meeting),
                before=changed_before if before is not None else None,
                after=changed_after if before is not None else after,
            )
            return Meeting(
                held_on=meeting.held_on,
                wijk=meeting.wijk.strip(),
                region=meeting.region,
                mtvdp_on_agenda=meeting.mtvdp_on_agenda,
                attendees=meeting.attendees,
                id=meeting_id,
                row_version=version,
            )

        return write(self._engine, body)

    def delete_meeting(self, meeting: Meeting) -> None:
        meeting_id = meeting.id
        if meeting_id is None:
            return

        def body(connection: Connection) -> None:
            outbox.refuse_in_werkkopie(connection, "monitoring")
            before = _meeting_snapshot(connection, meeting_id)
            result = connection.execute(
                delete(WM).where(WM.c.id == meeting_id, WM.c.row_version == meeting.row_version)
            )
            if result.rowcount != 1:
                raise StaleRecordError(t("monitoring.store.stale"))
            audit.record(
                connection,
                Entity.INTERVISIE,
                Action.VERWIJDERD,
                _meeting_subject(meeting),
                before=before,
            )

        write(self._engine, body)

    def _check_day(self, day: date | None) -> None:
        if day is not None and day > self._today():
            raise RecordError(t("monitoring.store.future"))


# --- the items in SQL ----------------------------------------------------------------------------


def _monitored(today: date) -> list[ColumnElement[bool]]:
    """The practices monitored on `today`: started, not excluded, not stopped."""
    return [
        P.c.start_date.is_not(None),
        P.c.excluded.is_(False),
        or_(P.c.stop_date.is_(None), P.c.stop_date > today),
    ]


def _chosen(found: Any, query: MonitoringQuery) -> list[ColumnElement[bool]]:
    """The list's own conditions: the kind of item and the states."""
    conditions = [found.c.state.in_([state.value for state in query.states])]
    if query.kind is not None:
        conditions.append(found.c.kind == query.kind.value)
    return conditions


def _items(ruleset: Ruleset, today: date, conditions: Sequence[ColumnElement[bool]]) -> Any:
    """Every item of the practices monitored on `today` that meet `conditions`, as a subquery:
    (practice_id, name_key, region_id, kind, year, due, done, kind_rank, state, rank).

    Built so the database does little per practice: the due dates are computed once per start
    date (a practice's cohort, a handful of rows), what was done is read per table in one
    grouped pass and joined, and the items are one plain SELECT per kind over that."""
    rules = ruleset.monitoring
    years = range(1, ruleset.plan_years + 1)
    monitored = _monitored(today)
    if rules is None:  # a regeling without monitoring: nothing is due
        monitored.append(literal(False))
    starts = select(P.c.start_date.label("start")).where(*monitored).distinct().subquery("starts")
    start = starts.c.start
    nulmeting_months = rules.nulmeting_months if rules else 0
    een_meting_months = rules.een_meting_months if rules else 0
    report_months = rules.jaarverslag_months if rules else 0
    cohort = select(
        start,
        add_months(start, nulmeting_months).label("nul_due"),
        add_months(add_months(start, nulmeting_months), een_meting_months).label("een_due"),
        add_months(start, rules.slotmeting_months if rules else 0).label("slot_due"),
        add_months(start, 12 * rules.social_domain_within_years if rules else 0).label(
            "social_due"
        ),
        add_months(start, ruleset.plan_deadline_months).label("plan_due"),
        *(add_months(start, 12 * (year - 1)).label(f"begin_{year}") for year in years),
        *(add_days(add_months(start, 12 * year), -1).label(f"end_{year}") for year in years),
        *(
            add_months(add_days(add_months(start, 12 * year), -1), report_months).label(
                f"report_{year}"
            )
            for year in years
        ),
    ).cte("cohort")
    sent = (
        select(
            MS.c.practice_id,
            *(
                func.max(case((MS.c.meting == kind.value, MS.c.sent_on))).label(f"sent_{n}")
                for n, kind in enumerate(METINGEN)
            ),
        )
        .group_by(MS.c.practice_id)
        .subquery("sent")
    )
    reports = (
        select(
            JV.c.practice_id,
            *(
                func.max(case((JV.c.plan_year == year, JV.c.received_on))).label(f"jv_{year}")
                for year in years
            ),
        )
        .group_by(JV.c.practice_id)
        .subquery("reports")
    )
    plans = (
        select(PL.c.practice_id, func.min(PL.c.submitted_on).label("submitted"))
        .where(PL.c.status == PlanStatus.INGEDIEND.value, PL.c.submitted_on.is_not(None))
        .group_by(PL.c.practice_id)
        .subquery("plans")
    )
    attended = (
        select(
            WA.c.practice_id,
            *(
                func.min(
                    case(
                        (
                            and_(
                                WM.c.held_on >= cohort.c[f"begin_{year}"],
                                WM.c.held_on <= cohort.c[f"end_{year}"],
                            ),
                            WM.c.held_on,
                        )
                    )
                ).label(f"iv_{year}")
                for year in years
            ),
        )
        .select_from(
            WA.join(WM, WM.c.id == WA.c.meeting_id)
            .join(P, P.c.id == WA.c.practice_id)
            .join(cohort, cohort.c.start == P.c.start_date)
        )
        .where(WM.c.mtvdp_on_agenda.is_(True))
        .group_by(WA.c.practice_id)
        .subquery("attended")
    )
    base = (
        select(
            P.c.id,
            P.c.name_key,
            P.c.region_id,
            cohort,
            sent,
            SD.c.started_on,
            plans.c.submitted,
            reports,
            attended,
        )
        .select_from(
            P.join(R)
            .join(cohort, cohort.c.start == P.c.start_date)
            .outerjoin(sent, sent.c.practice_id == P.c.id)
            .outerjoin(SD, SD.c.practice_id == P.c.id)
            .outerjoin(plans, plans.c.practice_id == P.c.id)
            .outerjoin(reports, reports.c.practice_id == P.c.id)
            .outerjoin(attended, attended.c.practice_id == P.c.id)
        )
        .where(*monitored, *conditions)
        .cte("base")
    )
    b = base.c
    # the 1-meting follows the nulmeting's sending once it was sent (by `today`: on an earlier
    # peildatum a sending recorded later was not known yet), before that the nulmeting's due date
    een_due = case(
        (or_(b.sent_0.is_(None), b.sent_0 > today), b.een_due),
        else_=add_months(b.sent_0, een_meting_months),
    )
    parts: list[tuple[ItemKind, Any, Any, int | None]] = [
        (ItemKind.NULMETING, b.nul_due, b.sent_0, None),
        (ItemKind.EEN_METING, een_due, b.sent_1, None),
        (ItemKind.SLOTMETING, b.slot_due, b.sent_2, None),
        (ItemKind.SOCIAAL_DOMEIN, b.social_due, b.started_on, None),
        (ItemKind.PRAKTIJKPLAN, b.plan_due, b.submitted, None),
    ]
    for year in years:
        parts.append((ItemKind.INTERVISIE, b[f"end_{year}"], b[f"iv_{year}"], year))
        parts.append((ItemKind.JAARVERSLAG, b[f"report_{year}"], b[f"jv_{year}"], year))
    union = union_all(
        *(
            select(
                b.id.label("practice_id"),
                b.name_key,
                b.region_id,
                literal(kind.value).label("kind"),
                literal(year, Integer).label("year"),
                due.label("due"),
                done.label("done"),
                literal(KIND_ORDER.index(kind)).label("kind_rank"),
            )
            for kind, due, done, year in parts
        )
    ).subquery("union")
    soon = today + timedelta(days=SOON_DAYS)
    state = case(
        (and_(union.c.done.is_not(None), union.c.done <= today), ItemState.AFGEROND.value),
        (union.c.due < today, ItemState.TE_LAAT.value),
        (union.c.due <= soon, ItemState.BINNENKORT.value),
        else_=ItemState.GEPLAND.value,
    )
    rank = case(*((state == s.value, n) for n, s in enumerate(STATE_ORDER)), else_=len(STATE_ORDER))
    return select(union, state.label("state"), rank.label("rank")).subquery("items")


def _row(row: Any) -> MonitoringRow:
    return MonitoringRow(
        practice_id=row.practice_id,
        agb=row.agb,
        name=row.name,
        region=row.region,
        wijk=row.wijk,
        kind=ItemKind(row.kind),
        year=row.year,
        due=_as_date(row.due),
        done=_as_date(row.done) if row.done is not None else None,
        state=ItemState(row.state),
    )


def _as_date(value: Any) -> date:
    """A date from SQL arithmetic: SQLite's date() gives text where the column type is lost
    in a union."""
    return value if isinstance(value, date) else date.fromisoformat(str(value))


def _check_meting(meting: ItemKind) -> None:
    if meting not in METINGEN:
        raise ValueError(f"{meting} is not a meting")


def _subjects(connection: Connection, practice_ids: Iterable[int]) -> dict[int, str]:
    """How the audit trail names each practice that still exists."""
    return {
        practice_id: practice_subject(name, agb)
        for practice_id, name, agb in connection.execute(
            select(P.c.id, P.c.name, P.c.agb).where(P.c.id.in_(list(practice_ids)))
        )
    }


def _audit(
    connection: Connection,
    entity: Entity,
    subject: str,
    practice_id: int,
    before: Mapping[str, date | None],
    after: Mapping[str, date | None],
) -> None:
    was = next(iter(before.values()))
    now = next(iter(after.values()))
    action = (
        Action.AANGEMAAKT if was is None else Action.VERWIJDERD if now is None else Action.GEWIJZIGD
    )
    audit.record(
        connection,
        entity,
        action,
        subject,
        practice_id=practice_id,
        before=None if was is None else dict(before),
        after=None if now is None else dict(after),
    )


def _meeting_snapshot(connection: Connection, meeting_id: int) -> dict[str, object] | None:
    row = connection.execute(
        select(WM.c.held_on, WM.c.wijk, R.c.name, WM.c.mtvdp_on_agenda)
        .select_from(WM.join(R))
        .where(WM.c.id == meeting_id)
    ).first()
    if row is None:
        return None
    agbs = sorted(
        agb
        for (agb,) in connection.execute(
            select(P.c.agb).select_from(WA.join(P)).where(WA.c.meeting_id == meeting_id)
        )
    )
    return {
        "datum": row.held_on,
        "wijk": row.wijk,
        "regio": row.name,
        "mtvdp_op_agenda": row.mtvdp_on_agenda,
        "aanwezig": agbs,
    }


def _meeting_subject(meeting: Meeting) -> str:
    return f"wijkgroep {meeting.wijk} {meeting.held_on.isoformat()}"
