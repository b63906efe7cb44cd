"""The lottery (loting), live in the board session: prepare and freeze the pool, enter the
sources, reveal the draw step by step, make it final, and save the protocol.

Every step shown is stored at once, so a stopped laptop continues at the same step with the same
result: the draw is recomputed from the frozen inputs, never stored as a guess. What is shown is
`LotteryView`'s, the changes and the region's claim `LotteryChanges`'; this module holds the
keys, and which of them act is `domain.lottery_phase`'s.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from textual import on, work
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import Input, Select, Static, TextArea

from mtvdp_tui import formatting
from mtvdp_tui.documents.loting import protocol_html
from mtvdp_tui.domain.lottery_phase import CHANGES, Phase, View, allows
from mtvdp_tui.domain.lottery_protocol import protocol_bytes
from mtvdp_tui.domain.lottery_seals import grouped
from mtvdp_tui.files import OutputError, export_failure, file_name, write_export
from mtvdp_tui.i18n import t
from mtvdp_tui.records.lotteries import StoredLottery
from mtvdp_tui.screens.confirm import ConfirmScreen
from mtvdp_tui.screens.discard_dialog import DiscardScreen
from mtvdp_tui.screens.lottery_changes import LotteryChanges
from mtvdp_tui.store import lottery_session as session
from mtvdp_tui.widgets.key_hold import KeyHold
from mtvdp_tui.widgets.lottery_lists import DrawnList, PoolList
from mtvdp_tui.widgets.lottery_player import Autoplay

T = TypeVar("T")
# a werkkopie only shows the lottery (SPEC §9): none of what changes it, nor taking a claim over
WERKKOPIE_CLOSED = CHANGES | {"take_over"}


class LotteryScreen(LotteryChanges):
    CSS_PATH = "lottery.tcss"
    HELP = t("help.screen.lottery")
    BINDINGS = [
        # first, so the footer shows it even where the other keys do not fit (projector sizes)
        Binding("l", "other_view", t("loting.key.other_view"), id="loting.other_view"),
        Binding("r", "region", t("loting.key.region"), id="loting.region"),
        # the same key where the footer has no room for it (projector sizes: the region is on top)
        Binding("r", "choose_region", show=False, id="loting.choose_region"),
        Binding("t", "edit_ion", t("loting.key.ion"), id="loting.ion"),
        # The keys that start a change (or its dialog) are priority keys: the App acts on them
        # before it routes the keys typed after them, which are then held (`hold_keys`) until
        # the change is done and act on what is shown then. A text field keeps its letters.
        Binding(
            "v",
            "freeze_pool",
            t("loting.key.freeze_pool"),
            id="loting.freeze_pool",
            priority=True,
        ),
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
        Binding("f", "finalise", t("loting.key.finalise"), id="loting.finalise", priority=True),
        Binding("e", "export", t("loting.key.export"), id="loting.export"),
        Binding("x", "discard", t("loting.key.discard"), id="loting.discard", priority=True),
        Binding("o", "take_over", t("loting.key.take_over"), id="loting.take_over", priority=True),
        Binding("escape", "leave_field", t("loting.key.leave_field"), id="loting.leave_field"),
        # F5 or 3 (the section's keys) on this screen: back to the region whose draw is in progress
        Binding("f5,3", "drawing_region", show=False, id="loting.drawing_region"),
    ]

    def on_mount(self) -> None:
        """In a werkkopie the region's ION and the sources cannot be typed (nothing is stored)."""
        if self.mtvdp.werkkopie.active:
            self.query_one("#official-ion", Input).disabled = True
            self.query_one("#sources", TextArea).disabled = True

    # --- choosing the region and the region's ION ---------------------------------------------

    @on(Select.Changed, "#region")
    def _region_changed(self, event: Select.Changed) -> None:
        if event.value is not Select.NULL and event.value != self.region_name:
            self.region_name = str(event.value)
            self.result = None
            self.load()  # gives up this session's claim on the region left

    def action_region(self) -> None:
        self.player.stop()
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
        lotteries, region = self.mtvdp.database.lotteries, self.region_name
        value = int(text) if text else None
        self.change(
            lambda _claim: lotteries.set_official_ion(region, value),
            claim=False,
            then=lambda: self.set_focus(self.query_one(PoolList)),
        )

    # --- freezing ----------------------------------------------------------------------------

    def action_freeze_pool(self) -> None:
        preparation = self.preparation
        if preparation is None or preparation.inputs is None:
            problem = preparation.problem if preparation else None
            self.notify(problem or "", severity="error")
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
            if yes:  # the region is claimed first: one session draws it (SPEC §8)
                lotteries = self.mtvdp.database.lotteries
                self.change(lambda claim: session.freeze_pool(lotteries, preparation, claim))

        self._confirm(question, t("loting.freeze_pool.confirm"), confirmed)

    def action_freeze_sources(self) -> None:
        """ctrl+s is a priority key: the keys typed before it may still be on their way to the
        sources field. Those typed after it are held; the field is read once it has its own."""
        field = self.focused
        self.hold_keys()
        (field or self).call_later(self._ask_freeze_sources)

    def _ask_freeze_sources(self) -> None:
        lottery = self.lottery
        sources, problems = session.parse_sources(self.query_one("#sources", TextArea).text)
        if lottery is None or self.phase is not Phase.SOURCES or problems:
            self._hand_back().release()
            if problems:
                self.notify(t("loting.sources.fix_first"), severity="error")
            return
        key = session.inputs_of(lottery).with_sources(sources).key

        def confirmed(yes: bool | None) -> None:
            if yes:
                lotteries = self.mtvdp.database.lotteries
                self.change(
                    lambda claim: session.freeze_sources(lotteries, lottery, sources, claim)
                )

        question = t("loting.freeze_sources.question", key=key)
        self._confirm(question, t("loting.freeze_sources.confirm"), confirmed)

    def _confirm(
        self, question: str, label: str, confirmed: Callable[[bool | None], None], **options: bool
    ) -> None:
        """Ask; Enter confirms, as in every confirmation of the ceremony (the dialog says so)."""
        options.setdefault("enter_confirms", True)
        dialog = ConfirmScreen(question, confirm_label=label, **options)
        self._ask(dialog, confirmed)

    def _ask(self, dialog: Screen[T], answered: Callable[[T | None], None]) -> None:
        """Show `dialog`; the keys typed after its answer are held until `answered` is done
        (the answer reaches this screen after them), and then for the change it started.
        Keys held before it opened were typed after the key that asked: they go to it."""
        self.hold_keys()
        generation = self._generation

        def done(answer: T | None) -> None:
            answered(answer)
            if self._generation == generation:  # no change started: the keys act now
                self._hand_back().release()

        self.app.push_screen(dialog, done)
        hold = self.query_one(KeyHold)
        hold.call_later(hold.release)  # once it has taken in the keys already sent its way

    # --- the draw ----------------------------------------------------------------------------

    def action_next_step(self) -> None:
        """Show the next step; it is stored (in a worker) before it appears."""
        if self.phase is Phase.DRAW and self.lottery is not None and self.result is not None:
            self.step()

    @on(Autoplay.Tick)
    def _autoplay_tick(self) -> None:
        if not self.revealing:  # a slow store skips a tick rather than showing two at once
            self.action_next_step()

    def action_autoplay(self) -> None:
        self.player.play()
        self.refresh_bindings()  # the footer offers pause instead

    def action_pause(self) -> None:
        self.player.pause()
        self.refresh_bindings()

    def action_faster(self) -> None:
        self.player.change_pace(-1)

    def action_slower(self) -> None:
        self.player.change_pace(1)

    # --- final, protocol, discard ------------------------------------------------------------

    def action_finalise(self) -> None:
        lottery = self.lottery
        assert lottery is not None

        def confirmed(yes: bool | None) -> None:
            if yes:  # a backup of the database first (seconds for a large file), then the dates
                self.finalising = True
                self._show_phase_line()
                database = self.mtvdp.database
                self.change(
                    lambda claim: session.finalise(
                        database.lotteries, database.path, lottery, claim
                    ),
                    release=True,
                    notice=t("loting.finalised", region=self.region_name),
                )

        question = t("loting.finalise.question", region=self.region_name)
        self._confirm(question, t("loting.finalise.confirm"), confirmed, danger=True)

    def action_export(self) -> None:
        assert self.lottery is not None
        self._export(self.lottery, self.region_name)

    @work(thread=True, exclusive=True, group="export")
    def _export(self, lottery: StoredLottery, region: str) -> None:
        """The protocol as JSON, and as an HTML page beside it, in the export folder."""
        protocol = session.protocol(self.mtvdp.database.lotteries, lottery)
        folder = self.mtvdp.export_dir
        stem = file_name("loting", region, protocol["sha256"][:8], suffix="")
        files: dict[str, bytes | str] = {
            ".json": protocol_bytes(protocol),
            ".html": protocol_html(protocol),
        }
        try:
            written = write_export(folder, stem, files)
        except (OSError, OutputError) as error:
            self.app.call_from_thread(self.notify, export_failure(folder, error), severity="error")
            return
        status = "loting.exported.final" if protocol["definitief"] else "loting.exported.not_final"
        message = t(
            "loting.exported",
            path=written[".json"],
            poolzegel=grouped(protocol["poolzegel"]),
            zegel=grouped(protocol["trekkingszegel"]),
            status=t(status),
        )
        html = written[".html"]
        self.app.call_from_thread(self.mtvdp.document_saved, html, message, timeout=20)

    def action_discard(self) -> None:
        lottery = self.lottery
        assert lottery is not None
        self.player.stop()

        def confirmed(reason: str | None) -> None:
            if reason:
                lotteries = self.mtvdp.database.lotteries
                self.change(
                    lambda claim: lotteries.discard(lottery, reason, claim=claim), release=True
                )

        self._ask(DiscardScreen(t("loting.discard.question", region=self.region_name)), confirmed)

    def action_take_over(self) -> None:
        """Take over the claim of a session that stopped drawing (a laptop that died): asked
        first, naming who holds it since when; the audit trail records it."""
        holder = self.state.holder if self.state is not None else None
        if holder is None or not self.claimed_by_other:
            return
        self.player.stop()

        def confirmed(yes: bool | None) -> None:
            if yes:
                self.change(
                    lambda _claim: None,
                    take_over=holder,
                    notice=t("loting.taken_over", region=holder.region),
                )

        question = t(
            "loting.take_over.question",
            region=holder.region,
            holder=holder.holder,
            since=holder.since_text,
        )
        label = t("loting.take_over.confirm")  # Enter: the safe answer (rare, and not undone)
        self._confirm(question, label, confirmed, danger=True, enter_confirms=False)

    # --- the second view, and the region being drawn ------------------------------------------

    def action_other_view(self) -> None:
        """At projector sizes: switch between what the room reads and the rest (lists, facts)."""
        self.toggle_class("-other-view")
        self.refresh_bindings()

    def action_drawing_region(self) -> None:
        self.load(follow=True)

    # --- keys --------------------------------------------------------------------------------

    def action_leave_field(self) -> None:
        target = DrawnList if self.phase.shows_draw else PoolList
        self.set_focus(self.query_one(target))

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in WERKKOPIE_CLOSED and self.mtvdp.werkkopie.active:
            return False  # the lottery is drawn online only; the line under the sections says so
        view = View(
            self.phase,
            # a text field, or the list of regions open: letters are theirs (v, f, x, o are
            # priority keys, acted on before the focused widget sees them)
            typing=isinstance(self.focused, Input | TextArea)
            or self.query_one("#region", Select).expanded,
            compact=self.compact,
            other_view=self.has_class("-other-view"),
            playing=self.player.playing,
            busy=self.busy or self.finalising,
            claimed=self.claimed_by_other,
        )
        return allows(action, view)
