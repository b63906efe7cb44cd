"""The pure computations on their own (no screen): the whole draw and one declaration quarter."""

from __future__ import annotations

import gc

from benchmarks.databases import SOURCES, Databases, open_db
from benchmarks.frames import Profiler, call_ms

Samples = dict[str, list[float]]


def lottery_engine(dbs: Databases, runs: int, profiler: Profiler) -> tuple[Samples, int]:
    """`prepare_inputs` and `draw_all` for the lottery database's pool (every practice).

    Returns the samples and the pool size."""
    from mtvdp_tui.domain.lottery import LotteryInputs, Participant, draw_all, prepare_inputs

    database = open_db(dbs.lottery)
    try:
        ruleset = database.ruleset
        official, register = database.lotteries.region_ion(dbs.region)
        total = official if official is not None else register
        participants = [
            Participant(c.agb, c.name, c.ion, c.preferred_moment)
            for c in database.lotteries.candidates(dbs.region)
        ]
    finally:
        database.close()

    def prepare() -> LotteryInputs:
        return prepare_inputs(ruleset, dbs.region, total, participants, SOURCES)

    inputs = prepare()
    gc.collect()  # nothing left over from earlier measures
    preparing = [call_ms(prepare) for _ in range(runs)]
    drawing = [call_ms(lambda: draw_all(inputs)) for _ in range(runs)]
    with profiler.section("draw_all"):
        if profiler.enabled:
            draw_all(inputs)
    return {"draw_all": drawing, "prepare_inputs": preparing}, len(inputs.pool)


def declaration_engine(dbs: Databases, runs: int, profiler: Profiler) -> tuple[Samples, int]:
    """`quarter_overview` of the programme's last quarter, all practices drawn.

    Returns the samples and the number of rows of that quarter."""
    from mtvdp_tui.domain.declaration_quarters import programme_quarters
    from mtvdp_tui.domain.declarations import QuarterOverview, quarter_overview

    database = open_db(dbs.drawn)
    try:
        ruleset = database.ruleset
        practices = database.declarations.practices()
        statuses = database.declarations.statuses()
    finally:
        database.close()
    quarter = programme_quarters(ruleset)[-1]

    def overview() -> QuarterOverview:
        return quarter_overview(ruleset, practices, quarter, statuses)

    rows = len(overview().rows)
    gc.collect()
    samples = [call_ms(overview) for _ in range(runs)]
    with profiler.section("quarter_overview"):
        if profiler.enabled:
            overview()
    return {"quarter_overview": samples}, rows
