"""The lottery's changes, each in a worker, under this session's claim on the region (SPEC §8).

A session claims the region at its first change (freezing the pool, or going on with a draw
that nobody holds) and keeps the claim until the lottery is final or discarded, or the region
or the screen is left; every change is refused in its own transaction once the claim is no
longer the session's. Another session holding the claim is shown ("wordt getrokken door …
sinds …"); the board can take a dead session's claim over on purpose.

A change holds the keys typed meanwhile and shows the region as read after it; a step of the
draw does not (the list keeps the focus on the projector): space pressed while a step is being
stored asks for one more, each stored before it appears.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import replace

from textual import work
from textual.screen import ModalScreen

from mtvdp_tui.domain.lottery import LotteryError, LotteryResult
from mtvdp_tui.i18n import t
from mtvdp_tui.records.errors import RecordError, StorageError
from mtvdp_tui.records.failure import failure_text
from mtvdp_tui.records.lotteries import StoredLottery
from mtvdp_tui.screens.lottery_view import LotteryView
from mtvdp_tui.store.lottery_claims import Claim, LotteryClaimed
from mtvdp_tui.store.lottery_state import RegionState, read_region

log = logging.getLogger(__name__)

Change = Callable[[Claim | None], object]


def _refused(error: Exception) -> bool:
    """Whether the store or the lottery refused the change for what is stored (changed or
    claimed meanwhile, not allowed in this phase): the screen must read it again. Otherwise the
    database itself failed (a dropped connection, a full disk) and the screen stays as it is."""
    return isinstance(error, RecordError | LotteryError) and not isinstance(error, StorageError)


def _refusal(error: Exception) -> str:
    """A refusal's Dutch text: the store's or the lottery's own, or that of the failure."""
    if _refused(error):
        return str(error)
    return t("loting.failed", error=failure_text(error))


class LotteryChanges(LotteryView):
    def __init__(self) -> None:
        super().__init__()
        self.revealing = False  # a step is being stored
        self._steps_wanted = 0  # the steps asked for (space pressed while one is stored)

    # --- a change, then the region read again ------------------------------------------------

    def change(
        self,
        change: Change,
        *,
        claim: bool = True,
        release: bool = False,
        take_over: Claim | None = None,
        notice: str = "",
        then: Callable[[], object] | None = None,
    ) -> None:
        """Make `change(claim)` in a worker, claiming the region first (`claim`), or taking
        over `take_over`; `release` gives the claim up after it. A refusal is shown; either way
        the region is read again, and the keys typed meanwhile act on what is shown then.
        `notice` is said, and `then` done, when the change was made."""
        self.player.stop()
        self._generation += 1
        self.hold_keys()
        self.show_busy()
        options = (claim, release, take_over)
        shown = (self.region_name, self.claim, self.result)
        self._change(self._generation, shown, change, options, notice, then)

    @work(thread=True, group="query-lottery-change")
    def _change(
        self,
        generation: int,
        shown: tuple[str, Claim | None, LotteryResult | None],
        change: Change,
        options: tuple[bool, bool, Claim | None],
        notice: str,
        then: Callable[[], object] | None,
    ) -> None:
        database = self.mtvdp.database
        claims = database.lotteries.claims
        region, held, before = shown
        needs_claim, release, take_over = options
        problem: Exception | None = None
        try:
            if take_over is not None:
                held = claims.claim(region, take_over=take_over)
            elif needs_claim and held is None:
                held = claims.claim(region)
            change(held)
            if release and held is not None:
                claims.release(held)
                held = None
        except LotteryClaimed as error:  # someone else holds the region: this session does not
            problem, held = error, None
        except Exception as error:  # nothing was changed: the transaction was rolled back
            problem = error
        if problem is not None and not _refused(problem):
            # the database itself failed (a dropped connection): keep the screen as it is
            self.app.call_from_thread(self._not_changed, generation, held, _refusal(problem))
            return
        try:
            state = read_region(database, region, before)
        except Exception as error:
            message = (
                _refusal(problem) if problem else t("loting.not_read", error=failure_text(error))
            )
            self.app.call_from_thread(self._not_changed, generation, held, message)
            return
        message = _refusal(problem) if problem else ""
        self.app.call_from_thread(self._changed, generation, state, held, message, notice, then)

    def _changed(
        self,
        generation: int,
        state: RegionState,
        held: Claim | None,
        message: str,
        notice: str,
        then: Callable[[], object] | None,
    ) -> None:
        self.finalising = False
        self.show_state(generation, state, held, message)
        if generation == self._generation and not message:
            if notice:
                self.notify(notice, timeout=8)
            if then is not None:
                then()

    def _not_changed(self, generation: int, held: Claim | None, message: str) -> None:
        self.finalising = False
        if generation != self._generation or not self.is_mounted:
            return
        self.claim = held
        self._hand_back().release()
        self._show_phase_line()
        self.notify(message, severity="error", timeout=10)

    # --- the draw, step by step --------------------------------------------------------------

    def _stepping(self) -> bool:
        return self.revealing

    def step(self) -> None:
        """Show the next step; it is stored before it appears."""
        assert self.lottery is not None and self.result is not None
        total = len(self.result.steps)
        self._steps_wanted = min(total, max(self._steps_wanted, self.lottery.revealed) + 1)
        if not self.revealing:
            self._next_step()

    def _next_step(self) -> None:
        lottery, result = self.lottery, self.result
        if lottery is None or result is None or self._steps_wanted <= lottery.revealed:
            self.revealing = False
            return
        self.revealing = True
        self._reveal(self._generation, lottery, self.claim, len(result.steps))

    @work(thread=True, group="query-lottery-step")
    def _reveal(
        self, generation: int, lottery: StoredLottery, held: Claim | None, total: int
    ) -> None:
        lotteries = self.mtvdp.database.lotteries
        try:
            if held is None:
                held = lotteries.claims.claim(lottery.region)
            stored = lotteries.reveal(lottery, lottery.revealed + 1, total, claim=held)
        except Exception as error:
            if isinstance(error, LotteryClaimed):
                held = None
            message, reread = _refusal(error), _refused(error)
            self.app.call_from_thread(self._step_refused, generation, held, message, reread)
            return
        self.app.call_from_thread(self._stepped, generation, held, stored)

    def _stepped(self, generation: int, held: Claim | None, stored: StoredLottery) -> None:
        if generation != self._generation or not self.is_mounted or self.result is None:
            self.revealing = False
            return
        self.claim, self.lottery = held, stored
        if self.state is not None:  # what is shown now, for the check for others' changes
            self.state = replace(self.state, lottery=stored, holder=held or self.state.holder)
        if stored.revealed >= len(self.result.steps):
            self.player.stop()
            self._set_phase()
        self._show_progress()
        self._next_step()

    def _step_refused(
        self, generation: int, held: Claim | None, message: str, reread: bool
    ) -> None:
        self.revealing = False
        self._steps_wanted = 0
        if generation != self._generation or not self.is_mounted:
            return
        self.claim = held
        self.player.stop()
        self.notify(message, severity="error", timeout=8)
        if reread:  # changed or taken over meanwhile: show what is stored now
            self.load()
        else:
            self._show_phase_line()
            self.refresh_bindings()

    # --- leaving: the claim is given up -------------------------------------------------------

    def on_screen_suspend(self) -> None:
        """Another section was chosen (a dialog over this screen keeps the claim)."""
        if isinstance(self.app.screen, ModalScreen) or self.claim is None:
            return
        self.player.stop()
        claim, self.claim = self.claim, None
        self._release(claim)

    @work(thread=True, group="query-lottery-release")
    def _release(self, claim: Claim) -> None:
        try:
            self.mtvdp.database.lotteries.claims.release(claim)
        except Exception as error:  # the claim stays; the board can take it over
            log.warning("giving up the lottery claim failed", exc_info=error)

    def on_unmount(self) -> None:
        """The program closes: give the claim up (the database closes after the screens)."""
        if self.claim is None:
            return
        claim, self.claim = self.claim, None
        try:
            self.mtvdp.database.lotteries.claims.release(claim)
        except Exception as error:
            log.warning("giving up the lottery claim failed", exc_info=error)
