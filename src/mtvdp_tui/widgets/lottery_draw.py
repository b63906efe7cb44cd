"""The lottery screen's draw view: the stage (the key, a step, the outcome), the trekkingszegel
once every step is shown, the capacity bars, the player line and the list of steps shown."""

from __future__ import annotations

from datetime import date

from textual.app import ComposeResult
from textual.containers import Vertical

from mtvdp_tui import formatting
from mtvdp_tui.domain.lottery import LotteryResult, moment_totals
from mtvdp_tui.i18n import t
from mtvdp_tui.widgets.capacity_bars import CapacityBars, MomentFill
from mtvdp_tui.widgets.lottery_lists import DrawnList
from mtvdp_tui.widgets.lottery_panels import DrawStage
from mtvdp_tui.widgets.lottery_player import Autoplay
from mtvdp_tui.widgets.seal_display import SealDisplay


class DrawView(Vertical):
    """`show` the draw as it stands: `revealed` steps of `result` shown."""

    def compose(self) -> ComposeResult:
        yield DrawStage(id="stage")
        yield SealDisplay(id="draw-seal")
        yield CapacityBars(id="bars")
        yield Autoplay(id="player")
        yield DrawnList(id="drawn")

    def show(
        self,
        result: LotteryResult,
        revealed: int,
        *,
        outcome: tuple[str, date | None] | None,
        playing_possible: bool,
    ) -> None:
        """`outcome`: every step is shown — the trekkingszegel and the day it was made final (or
        None); `playing_possible`: steps are left to show, so the player line tells how."""
        steps = result.steps
        shown = steps[:revealed]
        stage = self.query_one(DrawStage)
        inputs = result.inputs
        if outcome is not None:
            seal, final = outcome
            stage.show_outcome(
                moment_totals(inputs.moments, steps),
                formatting.short_date(final) if final else None,
            )
            self.query_one("#draw-seal", SealDisplay).show(t("loting.seal.draw"), seal)
        elif shown:
            stage.show_step(shown[-1], len(steps))
        else:
            stage.show_key(inputs.sources, result.key, len(inputs.pool))
        totals = moment_totals(inputs.moments, shown)
        self.query_one(CapacityBars).show(
            [
                MomentFill(m.date, moment.percentage, m.capacity, m.used, m.count)
                for m, moment in zip(totals, inputs.moments, strict=True)
            ]
        )
        drawn = self.query_one(DrawnList)
        drawn.show(len(shown), lambda offset, limit: shown[offset : offset + limit])
        drawn.cursor = max(0, len(shown) - 1)
        self.query_one(Autoplay).show_for(active=playing_possible)
