"""What the lottery screen shows: the region's lottery read from the database, in its phase.

`LotteryView` reads and shows; `screens.lottery.LotteryScreen` adds the keys of the ceremony.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import events, on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import ContentSwitcher, Header, Input, Label, Select, Static, TextArea

from mtvdp_tui.domain.lottery import LotteryError, LotteryResult
from mtvdp_tui.domain.lottery_phase import Phase, phase_of
from mtvdp_tui.i18n import t
from mtvdp_tui.records.lotteries import LotteryStatus, Preparation, StoredLottery
from mtvdp_tui.screens.freshness import Freshness
from mtvdp_tui.screens.mtvdp_app import MtvdpAppAttribute
from mtvdp_tui.store import lottery_session as session
from mtvdp_tui.widgets.form_input import FormInput
from mtvdp_tui.widgets.key_footer import KeyFooter
from mtvdp_tui.widgets.lottery_draw import DrawView
from mtvdp_tui.widgets.lottery_lists import DrawnList, PoolList
from mtvdp_tui.widgets.lottery_panels import facts, source_feedback
from mtvdp_tui.widgets.lottery_player import Autoplay
from mtvdp_tui.widgets.seal_display import SealDisplay

if TYPE_CHECKING:
    pass

# Below this size (a projector with an enlarged font: 80×24, 64×20) the screen shows only what
# the room must read; `l` switches to the rest (lists, facts). See lottery.tcss.
COMPACT_BELOW = (100, 30)


class LotteryView(Screen[None]):
    def __init__(self) -> None:
        super().__init__()
        self.region_name = ""
        self.lottery: StoredLottery | None = None
        self.result: LotteryResult | None = None
        self.preparation: Preparation | None = None
        self.problem: str | None = None  # why the stored lottery cannot be drawn
        self.phase = Phase.PREPARE
        self.finalising = False  # the backup and the final transaction run in a worker
        self.freshness = Freshness()
        self._sources_lottery: int | None = None  # the attempt the sources field was typed for

    mtvdp = MtvdpAppAttribute()

    @property
    def player(self) -> Autoplay:
        return self.query_one(Autoplay)

    # --- layout ------------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        ruleset = self.mtvdp.database.ruleset
        self.region_name = (
            self.region_name
            or self.mtvdp.database.lotteries.in_progress_region()
            or (ruleset.regions[0] if ruleset.regions else "")
        )
        yield Header()
        yield self.mtvdp.mode_bar("lottery")
        with Horizontal(id="top"):
            yield Label(t("loting.region.label"), id="region-label")
            yield Select(
                [(name, name) for name in ruleset.regions],
                value=self.region_name,
                allow_blank=False,
                id="region",
                compact=True,
            )
            yield Static(id="phase")
        with ContentSwitcher(id="body", initial="setup"):
            with Horizontal(id="setup"):
                yield PoolList(id="pool")
                with ContentSwitcher(id="side", initial="prepare-side"):
                    with VerticalScroll(id="prepare-side"):
                        yield Label(t("loting.ion.label"), id="ion-label")
                        yield FormInput(
                            placeholder=t("loting.ion.placeholder"),
                            id="official-ion",
                            compact=True,
                        )
                        yield Static(id="ion-error")
                        yield Static(id="facts")
                    with Vertical(id="sources-side"):
                        yield SealDisplay(id="pool-seal")
                        yield Static(t("loting.sources.explain"), id="sources-explain")
                        yield TextArea(id="sources", soft_wrap=True, show_line_numbers=True)
                        yield Static(id="sources-feedback")
            yield DrawView(id="draw")
        yield KeyFooter()

    def on_mount(self) -> None:
        self.load()

    def on_screen_resume(self) -> None:
        if not self.is_mounted:
            return
        if self._to_drawing_region():
            return
        if self.phase is Phase.PREPARE and self.freshness.changed(self):
            self.load()

    def on_resize(self, event: events.Resize) -> None:
        width, height = event.size
        compact = width < COMPACT_BELOW[0] or height < COMPACT_BELOW[1]
        self.set_class(compact, "-compact")
        self.refresh_bindings()

    @property
    def compact(self) -> bool:
        return self.has_class("-compact")

    # --- loading and showing -----------------------------------------------------------------

    def load(self) -> None:
        """Read the region's lottery (or its live preparation) and show the matching phase."""
        self.player.stop()
        self.freshness.mark(self)
        lotteries = self.mtvdp.database.lotteries
        self.lottery = lotteries.active(self.region_name)
        self._read_result()
        self.query_one("#official-ion", Input).disabled = self.problem is not None
        self._set_phase()
        if self.phase is Phase.BROKEN:
            self._show_broken()
        elif self.phase is Phase.PREPARE:
            self._show_preparation()
        elif self.phase is Phase.SOURCES:
            self._show_sources()
        else:
            self._show_draw()

    def _read_result(self) -> None:
        """The draw of the stored lottery; a lottery that cannot be drawn sets `problem`."""
        self.problem = None
        lottery = self.lottery
        try:
            if lottery is not None:
                session.check_drawable(lottery)
            if lottery is None or lottery.sources is None:
                self.result = None
            elif self.result is None or self.result.key != lottery.key:
                self.result = session.result_of(lottery)
        except LotteryError as error:
            self.result = None
            self.problem = t("loting.broken", problem=str(error))

    def _set_phase(self) -> None:
        """The phase of what is stored, shown in the top line and as the screen's class."""
        lottery = self.lottery
        self.phase = phase_of(
            broken=self.problem is not None,
            stored=lottery is not None,
            sources_frozen=lottery is not None and lottery.status is not LotteryStatus.POOL,
            final=lottery is not None and lottery.status is LotteryStatus.DEFINITIEF,
            revealed=lottery.revealed if lottery else 0,
            steps=len(self.result.steps) if self.result else 0,
        )
        for phase in Phase:
            self.set_class(phase is self.phase, f"-phase-{phase.value}")
        self._show_phase_line()
        self.refresh_bindings()

    def _show_phase_line(self) -> None:
        text = (
            t("loting.finalise.busy") if self.finalising else t(f"loting.phase.{self.phase.value}")
        )
        self.query_one("#phase", Static).update(text)

    def _show_pool(self, pool: tuple, empty: str) -> None:
        pool_list = self.query_one(PoolList)
        pool_list.empty_text = empty
        pool_list.show(len(pool), lambda offset, limit: pool[offset : offset + limit])

    def _show_setup(self, side: str) -> None:
        self.query_one("#body", ContentSwitcher).current = "setup"
        self.query_one("#side", ContentSwitcher).current = side

    def _show_preparation(self) -> None:
        database = self.mtvdp.database
        self.preparation = session.prepare(database.ruleset, database.lotteries, self.region_name)
        inputs = self.preparation.inputs
        self._show_pool(inputs.pool if inputs else (), self.preparation.problem or "")
        self.query_one("#facts", Static).update(facts(self.preparation, database.ruleset))
        official = self.preparation.ion_official
        self.query_one("#official-ion", Input).value = "" if official is None else str(official)
        self._show_setup("prepare-side")

    def _show_broken(self) -> None:
        self._show_pool((), self.problem or "")
        self.query_one("#facts", Static).update(self.problem or "")
        self._show_setup("prepare-side")
        self.set_focus(self.query_one(PoolList))

    def _show_sources(self) -> None:
        assert self.lottery is not None
        self._show_pool(session.inputs_of(self.lottery).pool, "")
        self.query_one("#pool-seal", SealDisplay).show(
            t("loting.seal.pool"), session.pool_seal(self.lottery)
        )
        self._show_setup("sources-side")
        if self._sources_lottery != self.lottery.id:  # a new attempt starts with an empty field
            self._sources_lottery = self.lottery.id
            self.query_one("#sources", TextArea).text = ""
        self._check_sources()
        self.set_focus(self.query_one("#sources", TextArea))

    def _show_draw(self) -> None:
        self.query_one("#body", ContentSwitcher).current = "draw"
        self._show_progress()
        self.set_focus(self.query_one(DrawnList))

    def _show_progress(self) -> None:
        lottery, result = self.lottery, self.result
        assert lottery is not None and result is not None
        outcome = None
        if self.phase.all_shown:
            final = lottery.finalised_at
            outcome = (session.draw_seal(lottery, result), final.date() if final else None)
        self.query_one(DrawView).show(
            result, lottery.revealed, outcome=outcome, playing_possible=self.phase is Phase.DRAW
        )

    @on(TextArea.Changed, "#sources")
    def _check_sources(self) -> None:
        if self.lottery is None or self.phase is not Phase.SOURCES:
            return
        sources, problems = session.parse_sources(self.query_one("#sources", TextArea).text)
        key = session.inputs_of(self.lottery).with_sources(sources).key
        self.query_one("#sources-feedback", Static).update(source_feedback(sources, problems, key))

    def _to_drawing_region(self) -> bool:
        """Show the region whose draw is in progress, if another one is shown; True if so."""
        drawing = self.mtvdp.database.lotteries.in_progress_region()
        if drawing is None or drawing == self.region_name:
            return False
        self.region_name = drawing
        self.result = None
        with self.prevent(Select.Changed):
            self.query_one("#region", Select).value = drawing
        self.load()
        return True
