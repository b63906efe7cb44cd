"""The lottery (loting), live in the board session: prepare and freeze the pool, enter the
sources, reveal the draw step by step, make it final, and save the protocol.

Every step shown is stored at once, so a stopped laptop continues at the same step with the same
result: the draw is recomputed from the frozen inputs, never stored as a guess.
"""

from __future__ import annotations

from collections.abc import Callable
from enum import Enum
from typing import TYPE_CHECKING, cast

from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import ContentSwitcher, Footer, Header, Input, Label, Select, Static, TextArea

from mtvdp_tui import formatting
from mtvdp_tui.documents.loting import protocol_html
from mtvdp_tui.domain.lottery import LotteryError, LotteryResult, PoolEntry, moment_totals
from mtvdp_tui.domain.lottery_protocol import protocol_bytes
from mtvdp_tui.domain.lottery_seals import grouped
from mtvdp_tui.files import OutputError, export_failure, file_name, free_stem, write_private
from mtvdp_tui.i18n import t
from mtvdp_tui.screens.confirm import ConfirmScreen
from mtvdp_tui.screens.discard_dialog import DiscardScreen
from mtvdp_tui.screens.freshness import Freshness
from mtvdp_tui.store import lottery_session as session
from mtvdp_tui.store.lotteries import LotteryStatus, StoredLottery
from mtvdp_tui.store.practices import RecordError
from mtvdp_tui.widgets.capacity_bars import CapacityBars, MomentFill
from mtvdp_tui.widgets.lottery_lists import DrawnList, PoolList
from mtvdp_tui.widgets.lottery_panels import DrawStage, facts, source_feedback
from mtvdp_tui.widgets.seal_display import SealDisplay

if TYPE_CHECKING:
    from mtvdp_tui.app import MtvdpApp

PACES = (0.5, 1.0, 2.0, 3.0, 5.0, 8.0)  # seconds between steps when playing automatically
DEFAULT_PACE = 2
# Below this size (a projector with an enlarged font: 80×24, 64×20) the screen shows only what
# the room must read; `l` switches to the rest (lists, facts). See lottery.tcss.
COMPACT_BELOW = (100, 30)
# What the operator needs in the compact main view (so the footer fits 64 cells); every other
# key of the phase works in the other view (`l`), where the footer lists it.
MAIN_VIEW = {
    "freeze_pool",
    "freeze_sources",
    "next_step",
    "pause",
    "finalise",
    "leave_field",
    "other_view",
    "drawing_region",
    "choose_region",
}


class Phase(Enum):
    PREPARE = "prepare"  # no lottery yet: the pool is shown live from the register
    SOURCES = "sources"  # pool frozen: the board enters the sources
    DRAW = "draw"  # sources frozen: steps are being shown
    DONE = "done"  # every step shown, not yet final
    FINAL = "final"
    BROKEN = "broken"  # stored, but cannot be drawn from (see `problem`): only discarding helps


ALLOWED = {
    "edit_ion": {Phase.PREPARE},
    "freeze_pool": {Phase.PREPARE},
    "freeze_sources": {Phase.SOURCES},
    "next_step": {Phase.DRAW},
    "autoplay": {Phase.DRAW},
    "pause": {Phase.DRAW},
    "faster": {Phase.DRAW},
    "slower": {Phase.DRAW},
    "finalise": {Phase.DONE},
    "export": {Phase.DRAW, Phase.DONE, Phase.FINAL},
    "discard": {Phase.SOURCES, Phase.DRAW, Phase.DONE, Phase.BROKEN},
}


class LotteryScreen(Screen[None]):
    CSS_PATH = "lottery.tcss"
    BINDINGS = [
        # first, so the footer shows it even where the other keys do not fit (projector sizes)
        Binding("l", "other_view", t("loting.key.other_view"), id="loting.other_view"),
        Binding("r", "region", t("loting.key.region"), id="loting.region"),
        # the same key where the footer has no room for it (projector sizes: the region is on top)
        Binding("r", "choose_region", show=False, id="loting.choose_region"),
        Binding("t", "edit_ion", t("loting.key.ion"), id="loting.ion"),
        Binding("v", "freeze_pool", t("loting.key.freeze_pool"), id="loting.freeze_pool"),
        Binding(
            "ctrl+s",
            "freeze_sources",
            t("loting.key.freeze_sources"),
            id="loting.freeze_sources",
            priority=True,
        ),
        Binding(
            "space,enter",
            "next_step",
            t("loting.key.next"),
            key_display=t("loting.key.space"),
            id="loting.next",
        ),
        Binding("a", "autoplay", t("loting.key.auto"), id="loting.auto"),
        Binding("p", "pause", t("loting.key.pause"), id="loting.pause"),
        # shown in the player line under the bars, to keep the footer readable
        Binding(
            "plus",
            "faster",
            t("loting.key.faster"),
            key_display="+",
            id="loting.faster",
            show=False,
        ),
        Binding(
            "minus",
            "slower",
            t("loting.key.slower"),
            key_display="-",
            id="loting.slower",
            show=False,
        ),
        Binding("f", "finalise", t("loting.key.finalise"), id="loting.finalise"),
        Binding("e", "export", t("loting.key.export"), id="loting.export"),
        Binding("x", "discard", t("loting.key.discard"), id="loting.discard"),
        Binding("escape", "leave_field", t("loting.key.leave_field"), id="loting.leave_field"),
        # F5 (the section key) on this screen: back to the region whose draw is in progress
        Binding("f5", "drawing_region", show=False, id="loting.drawing_region"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.region_name = ""
        self.lottery: StoredLottery | None = None
        self.result: LotteryResult | None = None
        self.preparation: session.Preparation | None = None
        self.problem: str | None = None  # why the stored lottery cannot be drawn
        self.phase = Phase.PREPARE
        self.pace = DEFAULT_PACE
        self._player: Timer | None = None
        self.freshness = Freshness()
        self._sources_lottery: int | None = None  # the attempt the sources field was typed for

    @property
    def mtvdp(self) -> MtvdpApp:
        return cast("MtvdpApp", self.app)

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
                        yield Input(
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
            with Vertical(id="draw"):
                yield DrawStage(id="stage")
                yield SealDisplay(id="draw-seal")
                yield CapacityBars(id="bars")
                yield Static(id="player")
                yield DrawnList(id="drawn")
        yield Footer(compact=True)

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
        self.query_one(Footer).show_command_palette = not compact
        self.refresh_bindings()

    @property
    def compact(self) -> bool:
        return self.has_class("-compact")

    # --- loading and showing -----------------------------------------------------------------

    def load(self) -> None:
        """Read the region's lottery (or its live preparation) and show the matching phase."""
        self._stop_player()
        self.freshness.mark(self)
        lotteries = self.mtvdp.database.lotteries
        self.lottery = lotteries.active(self.region_name)
        self._read_result()
        self.phase = self._phase()
        self.query_one("#official-ion", Input).disabled = self.phase is Phase.BROKEN
        self._set_phase_class()
        if self.phase is Phase.BROKEN:
            self._show_broken()
        elif self.phase is Phase.PREPARE:
            self._show_preparation()
        elif self.phase is Phase.SOURCES:
            self._show_sources()
        else:
            self._show_draw()
        self.query_one("#phase", Static).update(t(f"loting.phase.{self.phase.value}"))
        self.refresh_bindings()

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

    def _set_phase_class(self) -> None:
        for phase in Phase:
            self.set_class(phase is self.phase, f"-phase-{phase.value}")

    def _phase(self) -> Phase:
        lottery = self.lottery
        if self.problem is not None:
            return Phase.BROKEN
        if lottery is None:
            return Phase.PREPARE
        if lottery.status is LotteryStatus.POOL:
            return Phase.SOURCES
        if lottery.status is LotteryStatus.DEFINITIEF:
            return Phase.FINAL
        assert self.result is not None
        return Phase.DONE if lottery.revealed >= len(self.result.steps) else Phase.DRAW

    def _show_pool(self, pool: tuple[PoolEntry, ...], empty: str) -> None:
        pool_list = self.query_one(PoolList)
        pool_list.empty_text = empty
        pool_list.show(len(pool), lambda offset, limit: pool[offset : offset + limit])

    def _show_preparation(self) -> None:
        database = self.mtvdp.database
        self.preparation = session.prepare(database.ruleset, database.lotteries, self.region_name)
        inputs = self.preparation.inputs
        self._show_pool(inputs.pool if inputs else (), self.preparation.problem or "")
        self.query_one("#facts", Static).update(facts(self.preparation, database.ruleset))
        official = self.preparation.ion_official
        self.query_one("#official-ion", Input).value = "" if official is None else str(official)
        self.query_one("#body", ContentSwitcher).current = "setup"
        self.query_one("#side", ContentSwitcher).current = "prepare-side"

    def _show_broken(self) -> None:
        self._show_pool((), self.problem or "")
        self.query_one("#facts", Static).update(self.problem or "")
        self.query_one("#body", ContentSwitcher).current = "setup"
        self.query_one("#side", ContentSwitcher).current = "prepare-side"
        self.set_focus(self.query_one(PoolList))

    def _show_sources(self) -> None:
        assert self.lottery is not None
        self._show_pool(session.inputs_of(self.lottery).pool, "")
        self.query_one("#pool-seal", SealDisplay).show(
            t("loting.seal.pool"), session.pool_seal(self.lottery)
        )
        self.query_one("#body", ContentSwitcher).current = "setup"
        self.query_one("#side", ContentSwitcher).current = "sources-side"
        if self._sources_lottery != self.lottery.id:  # a new attempt starts with an empty field
            self._sources_lottery = self.lottery.id
            self.query_one("#sources", TextArea).text = ""
        self._check_sources()
        self.set_focus(self.query_one("#sources", TextArea))

    def _show_draw(self) -> None:
        assert self.lottery is not None and self.result is not None
        self.query_one("#body", ContentSwitcher).current = "draw"
        self._show_progress()
        self.set_focus(self.query_one(DrawnList))

    def _show_progress(self) -> None:
        assert self.lottery is not None and self.result is not None
        steps = self.result.steps
        shown = steps[: self.lottery.revealed]
        stage = self.query_one(DrawStage)
        inputs = self.result.inputs
        if self.phase in (Phase.DONE, Phase.FINAL):
            final = self.lottery.finalised_at
            stage.show_outcome(
                moment_totals(inputs.moments, steps),
                formatting.short_date(final.date()) if final else None,
            )
            self.query_one("#draw-seal", SealDisplay).show(
                t("loting.seal.draw"), session.draw_seal(self.lottery, self.result)
            )
        elif shown:
            stage.show_step(shown[-1], len(steps))
        else:
            stage.show_key(inputs.sources, self.result.key, len(inputs.pool))
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
        self._show_player()

    def _show_player(self) -> None:
        if self.phase is not Phase.DRAW:
            text = ""
        elif self._player is not None:
            text = t("loting.player.playing", seconds=formatting.number(PACES[self.pace]))
        else:
            text = t("loting.player.paused", seconds=formatting.number(PACES[self.pace]))
        self.query_one("#player", Static).update(text)

    # --- choosing the region and the region's ION ---------------------------------------------

    @on(Select.Changed, "#region")
    def _region_changed(self, event: Select.Changed) -> None:
        if event.value is not Select.NULL and event.value != self.region_name:
            self.region_name = str(event.value)
            self.result = None
            self.load()

    def action_region(self) -> None:
        self._stop_player()
        select = self.query_one("#region", Select)
        self.set_focus(select)
        select.action_show_overlay()

    def action_choose_region(self) -> None:
        self.action_region()

    def action_edit_ion(self) -> None:
        self.set_focus(self.query_one("#official-ion", Input))

    @on(Input.Submitted, "#official-ion")
    def _official_ion_submitted(self, event: Input.Submitted) -> None:
        text = event.value.strip().replace(".", "")
        error = self.query_one("#ion-error", Static)
        if text and not text.isdigit():
            error.update(t("loting.ion.invalid", value=event.value))
            return
        error.update("")
        try:
            self.mtvdp.database.lotteries.set_official_ion(
                self.region_name, int(text) if text else None
            )
        except RecordError as problem:
            error.update(str(problem))
            return
        self.load()
        self.set_focus(self.query_one(PoolList))

    # --- freezing ----------------------------------------------------------------------------

    def action_freeze_pool(self) -> None:
        preparation = self.preparation
        if preparation is None or preparation.inputs is None:
            self.notify((preparation.problem if preparation else None) or "", severity="error")
            return
        question = t(
            "loting.freeze_pool.question",
            region=self.region_name,
            count=len(preparation.inputs.pool),
            ion=formatting.number(preparation.ion_total),
        )
        if preparation.warnings:
            question += "\n\n" + t("loting.freeze_pool.warnings", count=len(preparation.warnings))

        def confirmed(yes: bool | None) -> None:
            if yes:
                self._run(lambda: session.freeze_pool(self.mtvdp.database.lotteries, preparation))

        self.app.push_screen(
            ConfirmScreen(
                question, confirm_label=t("loting.freeze_pool.confirm"), enter_confirms=True
            ),
            confirmed,
        )

    @on(TextArea.Changed, "#sources")
    def _check_sources(self) -> None:
        if self.lottery is None or self.phase is not Phase.SOURCES:
            return
        sources, problems = session.parse_sources(self.query_one("#sources", TextArea).text)
        key = session.inputs_of(self.lottery).with_sources(sources).key
        self.query_one("#sources-feedback", Static).update(source_feedback(sources, problems, key))

    def action_freeze_sources(self) -> None:
        assert self.lottery is not None
        lottery = self.lottery
        sources, problems = session.parse_sources(self.query_one("#sources", TextArea).text)
        if problems:
            self.notify(t("loting.sources.fix_first"), severity="error")
            return
        key = session.inputs_of(lottery).with_sources(sources).key
        question = t("loting.freeze_sources.question", key=key)

        def confirmed(yes: bool | None) -> None:
            if yes:
                lotteries = self.mtvdp.database.lotteries
                self._run(lambda: session.freeze_sources(lotteries, lottery, sources))

        self.app.push_screen(
            ConfirmScreen(
                question, confirm_label=t("loting.freeze_sources.confirm"), enter_confirms=True
            ),
            confirmed,
        )

    # --- the draw ----------------------------------------------------------------------------

    def action_next_step(self) -> None:
        """Show the next step; it is stored before it appears."""
        if self.phase is not Phase.DRAW or self.lottery is None or self.result is None:
            return
        total = len(self.result.steps)
        try:
            self.lottery = self.mtvdp.database.lotteries.reveal(
                self.lottery, self.lottery.revealed + 1, total
            )
        except RecordError as error:
            self.notify(str(error), severity="error", timeout=8)
            self.load()
            return
        if self.lottery.revealed >= total:
            self._stop_player()
            self.phase = Phase.DONE
            self._set_phase_class()
            self.query_one("#phase", Static).update(t(f"loting.phase.{self.phase.value}"))
            self.refresh_bindings()
        self._show_progress()

    def action_autoplay(self) -> None:
        self._stop_player()
        self._player = self.set_interval(PACES[self.pace], self.action_next_step)
        self._show_player()

    def action_pause(self) -> None:
        self._stop_player()
        self._show_player()

    def _change_pace(self, delta: int) -> None:
        self.pace = max(0, min(len(PACES) - 1, self.pace + delta))
        if self._player is not None:
            self.action_autoplay()
        self._show_player()

    def action_faster(self) -> None:
        self._change_pace(-1)

    def action_slower(self) -> None:
        self._change_pace(1)

    def _stop_player(self) -> None:
        if self._player is not None:
            self._player.stop()
            self._player = None

    # --- final, protocol, discard ------------------------------------------------------------

    def action_finalise(self) -> None:
        lottery = self.lottery
        assert lottery is not None

        def confirmed(yes: bool | None) -> None:
            if yes:
                database = self.mtvdp.database
                self._run(lambda: session.finalise(database.lotteries, database.path, lottery))
                if self.phase is Phase.FINAL:
                    self.notify(t("loting.finalised", region=self.region_name), timeout=8)

        self.app.push_screen(
            ConfirmScreen(
                t("loting.finalise.question", region=self.region_name),
                confirm_label=t("loting.finalise.confirm"),
                danger=True,
                enter_confirms=True,  # as every confirmation of the ceremony; the dialog says so
            ),
            confirmed,
        )

    def action_export(self) -> None:
        assert self.lottery is not None
        protocol = session.protocol(self.mtvdp.database.lotteries, self.lottery)
        folder = self.mtvdp.export_dir
        stem = file_name("loting", self.region_name, protocol["sha256"][:8], suffix="")
        stem = free_stem(folder, stem, (".json", ".html"))
        try:
            write_private(folder / f"{stem}.json", protocol_bytes(protocol))
            write_private(folder / f"{stem}.html", protocol_html(protocol))
        except (OSError, OutputError) as error:
            self.notify(export_failure(folder, error), severity="error")
            return
        self.notify(
            t(
                "loting.exported",
                path=folder / f"{stem}.json",
                poolzegel=grouped(protocol["poolzegel"]),
                zegel=grouped(protocol["trekkingszegel"]),
                status=t(
                    "loting.exported.final"
                    if protocol["definitief"]
                    else "loting.exported.not_final"
                ),
            ),
            timeout=20,
        )

    def action_discard(self) -> None:
        lottery = self.lottery
        assert lottery is not None
        self._stop_player()

        def confirmed(reason: str | None) -> None:
            if reason:
                self._run(lambda: self.mtvdp.database.lotteries.discard(lottery, reason))

        self.app.push_screen(
            DiscardScreen(t("loting.discard.question", region=self.region_name)), confirmed
        )

    def _run(self, change: Callable[[], object]) -> None:
        """Carry out a confirmed change; a refusal is shown, and the screen re-read either way."""
        try:
            change()
        except (RecordError, LotteryError) as error:
            self.notify(str(error), severity="error", timeout=10)
        self.load()

    # --- the second view, and the region being drawn ------------------------------------------

    def action_other_view(self) -> None:
        """At projector sizes: switch between what the room reads and the rest (lists, facts)."""
        self.toggle_class("-other-view")
        self.refresh_bindings()

    def action_drawing_region(self) -> None:
        self._to_drawing_region()

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

    # --- keys --------------------------------------------------------------------------------

    def action_leave_field(self) -> None:
        target = DrawnList if self.phase in (Phase.DRAW, Phase.DONE, Phase.FINAL) else PoolList
        self.set_focus(self.query_one(target))

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        allowed = ALLOWED.get(action)
        if allowed is not None and self.phase not in allowed:
            return False
        typing = isinstance(self.focused, Input | TextArea)
        if action == "leave_field":
            return typing
        if action == "other_view":
            return self.compact and not typing
        if self.compact and not self.has_class("-other-view") and action not in MAIN_VIEW:
            return False
        if action == "pause":
            return self._player is not None
        if action == "autoplay":
            return self._player is None
        return not (action == "next_step" and typing)
