"""What the lottery screen shows of a region, read in one go (in a worker, off the UI thread).

`read_region` gathers the region's stored lottery, its (recomputed) draw, the live preparation
while nothing is frozen, and who holds the region's claim (SPEC §8); `unchanged` tells cheaply
whether a screen that was away must read again.
"""

from __future__ import annotations

from dataclasses import dataclass

from mtvdp_tui.domain.lottery import LotteryError, LotteryResult
from mtvdp_tui.i18n import t
from mtvdp_tui.records.lotteries import Preparation, StoredLottery
from mtvdp_tui.store import lottery_session as session
from mtvdp_tui.store.database import Database
from mtvdp_tui.store.lotteries import LotteryRepository
from mtvdp_tui.store.lottery_claims import Claim


@dataclass(frozen=True)
class RegionState:
    """A region's lottery as read: what the screen shows, and how fresh it is."""

    region: str
    lottery: StoredLottery | None
    result: LotteryResult | None  # the draw, once the sources are frozen
    problem: str | None  # why the stored lottery cannot be drawn (Dutch)
    preparation: Preparation | None  # the live pool, while no lottery is stored
    holder: Claim | None  # who draws the region now (anyone, this session included)
    audit_id: int  # the audit trail's newest id when read: a change anywhere moves it


def read_region(
    database: Database, region: str, before: LotteryResult | None = None, *, follow: bool = False
) -> RegionState:
    """Everything the screen shows of `region` (with `follow`: of the region whose draw is in
    progress, if any; with no region, the regeling's first). `before`: the draw already
    computed, reused while the key is the same (a draw of thousands of steps takes a moment)."""
    with database.lotteries.reading_together() as lotteries:
        drawing = lotteries.in_progress_region() if follow else None
        regions = database.ruleset.regions
        region = drawing or region or (regions[0] if regions else "")
        return _read(database, lotteries, region, before)


def _read(
    database: Database, lotteries: LotteryRepository, region: str, before: LotteryResult | None
) -> RegionState:
    audit_id = lotteries.last_change()  # first: a change made while reading moves it on
    lottery = lotteries.active(region)
    result, problem, preparation = None, None, None
    try:
        if lottery is not None:
            session.check_drawable(lottery)
            if lottery.sources is not None:
                same = before is not None and before.key == lottery.key
                result = before if same else session.result_of(lottery)
    except LotteryError as error:
        result, problem = None, t("loting.broken", problem=str(error))
    if lottery is None:
        preparation = session.prepare(database.ruleset, lotteries, region)
    holder = lotteries.claims.holder(region)
    return RegionState(region, lottery, result, problem, preparation, holder, audit_id)


def unchanged(database: Database, shown: RegionState, *, follow: bool = False) -> bool:
    """Whether `shown` is still what is stored: (with `follow`) no other region's draw to
    follow, the same claim, and the same lottery (row version); while no lottery is stored, no
    change anywhere (the live pool follows the register: the audit trail's newest id)."""
    with database.lotteries.reading_together() as lotteries:
        if follow and (lotteries.in_progress_region() or shown.region) != shown.region:
            return False
        if lotteries.claims.holder(shown.region) != shown.holder:
            return False
        if shown.lottery is None:
            return lotteries.last_change() == shown.audit_id
        stored = lotteries.active(shown.region)
        return stored is not None and (stored.id, stored.row_version) == (
            shown.lottery.id,
            shown.lottery.row_version,
        )
