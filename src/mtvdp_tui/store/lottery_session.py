"""A region's lottery from preparation to final: the engine (`domain.lottery`) over the store.

The screen and the command line call these functions; they turn register rows into the engine's
participants, keep the frozen inputs as protocol JSON, and recompute the (deterministic) draw
from them whenever it is needed, so a stopped program continues with the same result.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from mtvdp_tui import formatting
from mtvdp_tui.domain.lottery import (
    Excluded,
    LotteryError,
    LotteryInputs,
    LotteryResult,
    Participant,
    check_inputs,
    check_pool_inputs,
    draw_all,
    prepare_inputs,
    warnings,
)
from mtvdp_tui.domain.lottery_protocol import (
    EarlierAttempt,
    build_protocol,
    inputs_from_protocol,
    inputs_record,
    pool_seal_of,
    step_record,
)
from mtvdp_tui.domain.lottery_rfc3797 import SourceError, parse_source
from mtvdp_tui.domain.lottery_seals import trekkingszegel
from mtvdp_tui.domain.ruleset import Ruleset
from mtvdp_tui.i18n import t
from mtvdp_tui.records.lotteries import (
    Candidate,
    LotteryStatus,
    Preparation,
    SourceProblem,
    StoredLottery,
)
from mtvdp_tui.store.backup import make_backup
from mtvdp_tui.store.lotteries import LotteryRepository
from mtvdp_tui.store.lottery_claims import Claim


def prepare(ruleset: Ruleset, lotteries: LotteryRepository, region: str) -> Preparation:
    official, register = lotteries.region_ion(region)
    total = official if official is not None else register
    eligible, excluded = [], []
    for candidate in lotteries.candidates(region):
        reason = _not_eligible(candidate)
        if reason:
            excluded.append((candidate, reason))
        else:
            eligible.append(candidate)
    participants = [Participant(c.agb, c.name, c.ion, c.preferred_moment) for c in eligible]
    left_out = [Excluded(c.agb, c.name, reason) for c, reason in excluded]
    inputs, problem = None, None
    try:
        inputs = prepare_inputs(
            ruleset,
            region,
            total,
            participants,
            ion_source="officieel" if official is not None else "register",
            excluded=left_out,
        )
    except LotteryError as error:
        problem = str(error)
    return Preparation(
        region=region,
        ion_total=total,
        ion_official=official,
        ion_register=register,
        participants=tuple(eligible),
        excluded=tuple(excluded),
        inputs=inputs,
        problem=problem,
        warnings=tuple(warnings(participants, total, ruleset)),
    )


def _not_eligible(candidate: Candidate) -> str | None:
    if candidate.excluded:
        return candidate.excluded_reason or t("loting.excluded.no_reason")
    if candidate.stop_date is not None:
        return t("loting.excluded.stopped", day=formatting.short_date(candidate.stop_date))
    if candidate.start_date is not None:
        return t("loting.excluded.started", day=formatting.short_date(candidate.start_date))
    return None


def freeze_pool(
    lotteries: LotteryRepository, preparation: Preparation, claim: Claim | None = None
) -> StoredLottery:
    """Freeze the pool and the inputs; refused (LotteryError) while the pool cannot be built,
    and (LotteryClaimed) when `claim` is no longer this session's."""
    if preparation.inputs is None:
        raise LotteryError(preparation.problem or t("loting.waarschuwing.lege_pool"))
    ids = {c.agb: c.id for c in preparation.participants}
    pool = [(entry.number, ids[entry.agb]) for entry in preparation.inputs.pool]
    record = json.dumps(inputs_record(preparation.inputs), ensure_ascii=False, sort_keys=True)
    seal = pool_seal_of(preparation.inputs)
    return lotteries.freeze_pool(preparation.region, record, pool, seal, claim=claim)


def pool_seal(lottery: StoredLottery) -> str:
    """The poolzegel shown when the pool was frozen (computed for lotteries from before)."""
    return lottery.pool_seal or pool_seal_of(inputs_of(lottery))


def inputs_of(lottery: StoredLottery) -> LotteryInputs:
    """The frozen inputs, with the sources once they are frozen too."""
    record: dict[str, Any] = json.loads(lottery.inputs)
    record["bronnen"] = json.loads(lottery.sources) if lottery.sources else []
    return inputs_from_protocol(record)


def check_drawable(lottery: StoredLottery) -> None:
    """Raise LotteryError (Dutch) when a stored lottery cannot be drawn from, whatever its
    phase: e.g. a pool over RFC 3797's limit frozen by an older version of the program."""
    inputs = inputs_of(lottery)
    if lottery.sources is None:
        check_pool_inputs(inputs)
    else:
        check_inputs(inputs)


def result_of(lottery: StoredLottery) -> LotteryResult:
    """The whole draw (deterministic: the same every time for the same frozen inputs)."""
    return draw_all(inputs_of(lottery))


def draw_seal(lottery: StoredLottery, result: LotteryResult | None = None) -> str:
    """The trekkingszegel of a lottery whose sources are frozen (the same before and after it is
    made final)."""
    drawn = result or result_of(lottery)
    return trekkingszegel(
        {
            "bronnen": [list(source) for source in drawn.inputs.sources],
            "sleutel": drawn.key,
            "stappen": [step_record(step) for step in drawn.steps],
        },
        pool_seal(lottery),
    )


def parse_sources(text: str) -> tuple[list[tuple[int, ...]], list[SourceProblem]]:
    """The sources typed by the board, one per non-empty line, and the problems per line."""
    sources, problems = [], []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            sources.append(parse_source(line))
        except SourceError as error:
            problems.append(SourceProblem(number, str(error)))
    if not sources and not problems:
        problems.append(SourceProblem(1, t("loting.sources.none")))
    return sources, problems


def freeze_sources(
    lotteries: LotteryRepository,
    lottery: StoredLottery,
    sources: Sequence[Sequence[int]],
    claim: Claim | None = None,
) -> StoredLottery:
    inputs = inputs_of(lottery).with_sources(sources)
    record = json.dumps([list(s) for s in inputs.sources])
    return lotteries.freeze_sources(lottery, record, inputs.key, claim=claim)


def finalise(
    lotteries: LotteryRepository,
    database: Path | None,
    lottery: StoredLottery,
    claim: Claim | None = None,
) -> StoredLottery:
    """Make a fully shown draw final: a backup first, then the start dates in one transaction.
    On a PostgreSQL server (`database` None) the server's own backups hold what was before."""
    result = result_of(lottery)
    if lottery.revealed < len(result.steps):
        raise LotteryError(t("loting.not_finished"))
    if database is not None:
        make_backup(database, "voor-definitieve-loting")
    starts: dict[int, date] = {step.pool_number: step.moment for step in result.steps}
    return lotteries.finalise(lottery, starts, claim=claim)


def protocol(lotteries: LotteryRepository, lottery: StoredLottery) -> dict[str, Any]:
    """The protocol of this attempt as it stands now (final or not), with the region's earlier
    attempts."""
    times = {
        "pool_vastgelegd": lottery.pool_frozen_at,
        "bronnen_vastgelegd": lottery.sources_frozen_at,
        "eerste_stap": lottery.first_step_at,
        "getrokken": lottery.drawn_at,
        "definitief": lottery.finalised_at,
    }
    earlier = [
        EarlierAttempt(
            number=item.attempt,
            pool_frozen=_iso(item.pool_frozen_at),
            discarded=_iso(item.discarded_at or item.pool_frozen_at),
            reason=item.discard_reason or t("loting.discard.reason_unknown"),
            poolzegel=pool_seal(item),
        )
        for item in lotteries.discarded_before(lottery)
    ]
    return build_protocol(
        result_of(lottery),
        {name: _iso(moment) for name, moment in times.items() if moment is not None},
        attempt=lottery.attempt,
        earlier=earlier,
        final=lottery.status is LotteryStatus.DEFINITIEF,
    )


def _iso(moment: datetime) -> str:
    """ISO-8601 with the UTC offset (the database keeps UTC without it)."""
    aware = moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)
    return aware.isoformat(timespec="seconds")
