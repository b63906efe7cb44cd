"""What the lottery screen shows: the region's lottery read from the database, in its phase.

`LotteryView` reads (in a worker: never on the UI thread, SPEC §8) and shows;
`screens.lottery_changes.LotteryChanges` makes the changes and keeps the region's claim, and
`screens.lottery.LotteryScreen` adds the keys of the ceremony. While a read or a change is out,
the keys typed are held (`KeyHold`) and act, in order, on what is shown once it is done.
"""

from __future__ import annotations

import logging

from textual import events, on, work
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import ContentSwitcher, Header, Input, Label, Select, Static, TextArea
from textual.worker import get_current_worker

from mtvdp_tui.domain.lottery import LotteryResult
from mtvdp_tui.domain.lottery_phase import Phase, phase_of
from mtvdp_tui.i18n import t
from mtvdp_tui.records.failure import failure_text
from mtvdp_tui.records.lotteries import LotteryStatus, Preparation, StoredLottery
from mtvdp_tui.screens.mtvdp_app import MtvdpAppAttribute
from mtvdp_tui.store import lottery_session as session
from mtvdp_tui.store.lottery_claims import Claim
from mtvdp_tui.store.lottery_state import RegionState, read_region, unchanged
from mtvdp_tui.widgets.form_input import FormInput
from mtvdp_tui.widgets.key_footer import KeyFooter
from mtvdp_tui.widgets.key_hold import KeyHold
from mtvdp_tui.widgets.lottery_draw import DrawView
from mtvdp_tui.widgets.lottery_lists import DrawnList, PoolList
from mtvdp_tui.widgets.lottery_panels import facts, source_feedback
from mtvdp_tui.widgets.lottery_player import Autoplay
from mtvdp_tui.widgets.seal_display import SealDisplay

log = logging.getLogger(__name__)

FRESH = "query-lottery-fresh"  # the workers asking whether another session changed anything
POLL_SECONDS = 5.0  # how often an idle screen asks whether another session changed the lottery

# Below this size (a projector with an enlarged font: 80×24, 64×20) the screen shows only what
# the room must read; `l` switches to the rest (lists, facts). See lottery.tcss.
COMPACT_BELOW = (100, 30)


class LotteryView(Screen[None]):
    def __init__(self) -> None:
        super().__init__()
        self.region_name = ""
        self.state: RegionState | None = None  # the region as last read
        self.lottery: StoredLottery | None = None
        self.result: LotteryResult | None = None
        self.preparation: Preparation | None = None
        self.problem: str | None = None  # why the stored lottery cannot be drawn
        self.phase = Phase.PREPARE
        self.claim: Claim | None = None  # this session's claim on the region (SPEC §8)
        self.busy = False  # a read or a change is out: the keys typed are held meanwhile
        self.finalising = False  # the backup and the final transaction run in a worker
        self._generation = 0  # bumped per read or change: what an older one read is dropped
        self._sources_lottery: int | None = None  # the attempt the sources field was typed for

    mtvdp = MtvdpAppAttribute()

    @property
    def player(self) -> Autoplay:
        return self.query_one(Autoplay)

    @property
    def claimed_by_other(self) -> bool:
        """Another session draws this region: this one only looks (or takes over, on purpose)."""
        holder = self.state.holder if self.state is not None else None
        return holder is not None and (self.claim is None or holder.token != self.claim.token)

    # --- layout ------------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        ruleset = self.mtvdp.database.ruleset
        # the region whose draw is in progress is found by the first read (`on_mount`)
        self.region_name = self.region_name or (ruleset.regions[0] if ruleset.regions else "")
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
        yield KeyHold()
        yield KeyFooter()

    def on_mount(self) -> None:
        self.load(follow=True)
        self.set_interval(POLL_SECONDS, self._poll)

    def on_screen_resume(self) -> None:
        """Back on this screen: read again if anything changed meanwhile (anyone's change, a
        draw started in another region, the claim), in a worker."""
        if self.is_mounted and not self.busy and self.state is not None:
            self._check_fresh(self._generation, self.state, follow=True)

    def _poll(self) -> None:
        """While shown and idle: what another session does (claims, draws, discards) appears
        by itself. Not while this session plays the draw or a change is out."""
        idle = not (self.busy or self.finalising or self.player.playing or self._stepping())
        asking = any(  # over a slow network: never two checks out at once
            worker.node is self and worker.group == FRESH and not worker.is_finished
            for worker in self.app.workers
        )
        if idle and not asking and self.app.screen is self and self.state is not None:
            self._check_fresh(self._generation, self.state, follow=False)  # stays in its region

    def _stepping(self) -> bool:
        return False  # `LotteryChanges` knows whether a step is being stored

    def on_resize(self, event: events.Resize) -> None:
        width, height = event.size
        compact = width < COMPACT_BELOW[0] or height < COMPACT_BELOW[1]
        self.set_class(compact, "-compact")
        self.refresh_bindings()

    @property
    def compact(self) -> bool:
        return self.has_class("-compact")

    # --- holding the keys while a read or a change is out ------------------------------------

    def show_busy(self) -> None:
        """A read or a change is out: the list shown says "bezig…" if it takes a while."""
        for rows in (self.query_one(PoolList), self.query_one(DrawnList)):
            rows.start_busy()

    def hold_keys(self) -> None:
        if not self.busy:
            self.busy = True
            self.query_one(KeyHold).hold()
            self.refresh_bindings()

    def _hand_back(self) -> KeyHold:
        """End `busy` and give the focus back (the phase shown next may move it on); the
        caller releases the held keys once the screen shows what they act on."""
        self.busy = False
        for rows in (self.query_one(PoolList), self.query_one(DrawnList)):
            rows.stop_busy()
        hold = self.query_one(KeyHold)
        hold.hand_back()
        if self.focused is None:  # held from the start: where the screen opens
            self.set_focus(self.query_one("#region", Select))
        self.refresh_bindings()
        return hold

    # --- reading -----------------------------------------------------------------------------

    def load(self, *, follow: bool = False) -> None:
        """Read the region's lottery (or its live preparation) in a worker and show the matching
        phase; with `follow`, the region whose draw is in progress, if any. A claim this session
        holds on another region than the one shown next is given up (the region was left)."""
        self.player.stop()
        self._generation += 1
        self.hold_keys()
        self.show_busy()
        self._read(self._generation, self.region_name, follow, self.claim, self.result)

    @work(thread=True, exclusive=True, group="query-lottery")
    def _read(
        self,
        generation: int,
        region: str,
        follow: bool,
        claim: Claim | None,
        before: LotteryResult | None,
    ) -> None:
        database = self.mtvdp.database
        try:
            state = read_region(database, region, before, follow=follow)
            if claim is not None and claim.region != state.region:  # the region was left
                database.lotteries.claims.release(claim)
                claim = None
        except Exception as error:  # a read changes nothing: say so, keep what is shown
            if not get_current_worker().is_cancelled:
                message = t("loting.not_read", error=failure_text(error))
                self.app.call_from_thread(self._not_read, generation, message, claim)
            return
        if not get_current_worker().is_cancelled:
            self.app.call_from_thread(self.show_state, generation, state, claim)

    @work(thread=True, group=FRESH)
    def _check_fresh(self, generation: int, shown: RegionState, *, follow: bool) -> None:
        try:
            fresh = unchanged(self.mtvdp.database, shown, follow=follow)
        except Exception as error:
            log.warning("checking the lottery for changes failed", exc_info=error)
            return  # the next action reads (or is refused) anyway
        if not fresh:
            self.app.call_from_thread(self._changed_meanwhile, generation, follow)

    def _changed_meanwhile(self, generation: int, follow: bool) -> None:
        if generation == self._generation and self.is_mounted and not self.busy:
            self.load(follow=follow)

    def _not_read(self, generation: int, message: str, claim: Claim | None) -> None:
        """Keep showing what was shown (the region chooser too); say why in Dutch."""
        if generation != self._generation or not self.is_mounted:
            return
        self.claim = claim
        shown = self.state.region if self.state is not None else self.region_name
        if shown != self.region_name:
            self.region_name = shown
            with self.prevent(Select.Changed):
                self.query_one("#region", Select).value = shown
        self._hand_back().release()
        self.notify(message, severity="error", timeout=10)

    def show_state(
        self, generation: int, state: RegionState, claim: Claim | None, message: str = ""
    ) -> None:
        """Show what a read (or a change, then a read) found; then the held keys act."""
        if generation != self._generation or not self.is_mounted:
            return
        self.claim = claim
        self.state = state
        if state.region != self.region_name:  # followed the region whose draw is in progress
            self.region_name = state.region
            with self.prevent(Select.Changed):
                self.query_one("#region", Select).value = state.region
        self.lottery, self.result = state.lottery, state.result
        self.problem, self.preparation = state.problem, state.preparation
        hold = self._hand_back()
        ion = self.query_one("#official-ion", Input)
        read_only = self.mtvdp.werkkopie.active  # a werkkopie only shows the lottery (SPEC §9)
        ion.disabled = self.problem is not None or self.claimed_by_other or read_only
        self._set_phase()
        if self.phase is Phase.BROKEN:
            self._show_broken()
        elif self.phase is Phase.PREPARE:
            self._show_preparation()
        elif self.phase is Phase.SOURCES:
            self._show_sources()
        else:
            self._show_draw()
        if message:
            self.notify(message, severity="error", timeout=10)
        hold.release()

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
        holder = self.state.holder if self.state is not None else None
        claimed = self.claimed_by_other and holder is not None
        self.set_class(claimed, "-claimed")
        if claimed and holder is not None:
            text = t("loting.claim.line", holder=holder.holder, since=holder.since_text)
        elif self.finalising:
            text = t("loting.finalise.busy")
        else:
            text = t(f"loting.phase.{self.phase.value}")
        self.query_one("#phase", Static).update(text)

    def _show_pool(self, pool: tuple, empty: str) -> None:
        pool_list = self.query_one(PoolList)
        pool_list.empty_text = empty
        pool_list.show(len(pool), lambda offset, limit: pool[offset : offset + limit])

    def _show_setup(self, side: str) -> None:
        self.query_one("#body", ContentSwitcher).current = "setup"
        self.query_one("#side", ContentSwitcher).current = side

    def _show_preparation(self) -> None:
        preparation = self.preparation
        assert preparation is not None
        inputs = preparation.inputs
        self._show_pool(inputs.pool if inputs else (), preparation.problem or "")
        self.query_one("#facts", Static).update(facts(preparation, self.mtvdp.database.ruleset))
        official = preparation.ion_official
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
        sources = self.query_one("#sources", TextArea)
        if self._sources_lottery != self.lottery.id:  # a new attempt starts with an empty field
            self._sources_lottery = self.lottery.id
            sources.text = ""
        self._check_sources()
        sources.read_only = self.claimed_by_other  # the session drawing enters them
        self.set_focus(self.query_one(PoolList) if sources.read_only else sources)

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
