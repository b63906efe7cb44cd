"""Example data shared by store and UI tests: practices in every plan state."""

from __future__ import annotations

from datetime import timedelta

from mtvdp_tui.domain.plan import Plan, PlannedIntervention
from mtvdp_tui.domain.practice import PracticeData
from tests.conftest import TODAY

ON_TIME_START = TODAY - timedelta(days=30)  # due in about two months
LATE_START = TODAY - timedelta(days=200)


def add(database, agb: str, name: str, region: str = "Apeldoorn", **data: object) -> int:
    return database.practices.create(PracticeData(agb=agb, name=name, region=region, **data))


def plan(*chosen: tuple[str, int, str]) -> Plan:
    return Plan(
        interventions=tuple(
            PlannedIntervention(intervention, year, support_wanted=support)
            for intervention, year, support in chosen
        )
    )


def fill(database) -> dict[str, int]:
    """Seven practices: no plan, concept, late (twice), submitted, excluded, not started."""
    ids = {
        "none": add(database, "01000001", "Geen Plan", start_date=ON_TIME_START),
        "concept": add(database, "01000002", "Concept", "Zutphen", start_date=ON_TIME_START),
        "late": add(database, "01000003", "Te Laat", start_date=LATE_START),
        "late_concept": add(database, "01000004", "Laat Concept", start_date=LATE_START),
        "submitted": add(database, "01000005", "Ingediend", "Zutphen", start_date=LATE_START),
        "excluded": add(
            database, "01000006", "Uitgesloten", excluded=True, excluded_reason="Stopt"
        ),
        "unstarted": add(database, "01000007", "Nog Niet Gestart"),
    }
    plans = database.plans
    plans.save_concept(ids["concept"], plan(("regie-op-veelgebruikers", 1, "")), expected=None)
    plans.save_concept(ids["late_concept"], Plan(), expected=None)
    first = plans.save_concept(
        ids["submitted"], plan(("regie-op-veelgebruikers", 1, "training")), expected=None
    )
    submitted = plans.submit(ids["submitted"], expected=first)
    plans.save_concept(  # a newer concept: the submitted version still counts
        ids["submitted"],
        plan(("regie-op-veelgebruikers", 1, "training"), ("welzijn-op-recept", 2, "")),
        expected=submitted,
    )
    return ids


def drawn_demo(path, size: int = 140):
    """A demo database whose lotteries are final in every region: practices have start dates.

    Returns the path; the database is closed again."""
    from mtvdp_tui.cli import open_for, parser
    from mtvdp_tui.store import lottery_session as session
    from tests.conftest import today

    options = parser().parse_args(["--db", str(path), "--demo", "--size", str(size)])
    database = open_for(options, today)
    for region in database.ruleset.regions:
        preparation = session.prepare(database.ruleset, database.lotteries, region)
        lottery = session.freeze_pool(database.lotteries, preparation)
        lottery = session.freeze_sources(database.lotteries, lottery, [(9319,), (10, 2, 8, 12, 5)])
        steps = len(session.result_of(lottery).steps)
        lottery = database.lotteries.reveal(lottery, steps, steps)
        session.finalise(database.lotteries, database.path, lottery)
    database.close()
    return path
