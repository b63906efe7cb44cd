"""Where a region's lottery stands, and which of the lottery screen's actions that phase allows.

The screen only asks: `phase_of` says the phase from what is stored, `allows` whether a key may
act now. The phase's Dutch name is the screen's to pick (`loting.phase.<value>`).
"""

from __future__ import annotations

import enum
from dataclasses import dataclass


class Phase(enum.Enum):
    PREPARE = "prepare"  # no lottery yet: the pool is shown live from the register
    SOURCES = "sources"  # pool frozen: the board enters the sources
    DRAW = "draw"  # sources frozen: steps are being shown
    DONE = "done"  # every step shown, not yet final
    FINAL = "final"
    BROKEN = "broken"  # stored, but cannot be drawn from: only discarding helps

    @property
    def shows_draw(self) -> bool:
        """The draw (stage, bars, list of steps) is what the screen shows."""
        return self in (Phase.DRAW, Phase.DONE, Phase.FINAL)

    @property
    def all_shown(self) -> bool:
        """Every step has been shown: the outcome and the trekkingszegel can be shown."""
        return self in (Phase.DONE, Phase.FINAL)


def phase_of(
    *,
    broken: bool,
    stored: bool,
    sources_frozen: bool,
    final: bool,
    revealed: int,
    steps: int,
) -> Phase:
    """The phase of a region's active lottery.

    `broken`: a lottery is stored but cannot be drawn from; `stored`: a lottery (its pool) is
    stored; `revealed` of the draw's `steps` have been shown."""
    if broken:
        return Phase.BROKEN
    if not stored:
        return Phase.PREPARE
    if not sources_frozen:
        return Phase.SOURCES
    if final:
        return Phase.FINAL
    return Phase.DONE if revealed >= steps else Phase.DRAW


# The phases in which an action may act at all.
ALLOWED: dict[str, frozenset[Phase]] = {
    "edit_ion": frozenset({Phase.PREPARE}),
    "freeze_pool": frozenset({Phase.PREPARE}),
    "freeze_sources": frozenset({Phase.SOURCES}),
    "next_step": frozenset({Phase.DRAW}),
    "autoplay": frozenset({Phase.DRAW}),
    "pause": frozenset({Phase.DRAW}),
    "faster": frozenset({Phase.DRAW}),
    "slower": frozenset({Phase.DRAW}),
    "finalise": frozenset({Phase.DONE}),
    "export": frozenset({Phase.DRAW, Phase.DONE, Phase.FINAL}),
    "discard": frozenset({Phase.SOURCES, Phase.DRAW, Phase.DONE, Phase.BROKEN}),
    "take_over": frozenset({Phase.PREPARE, Phase.SOURCES, Phase.DRAW, Phase.DONE, Phase.BROKEN}),
}

# What changes the lottery: only the session holding the region's claim does (SPEC §8).
CHANGES = frozenset(
    {"edit_ion", "freeze_pool", "freeze_sources", "next_step", "autoplay", "finalise", "discard"}
)

# What the operator needs in the compact main view (so the footer fits 64 cells); every other
# action of the phase works in the other view, where the footer lists it.
MAIN_VIEW = frozenset(
    {
        "freeze_pool",
        "freeze_sources",
        "next_step",
        "pause",
        "finalise",
        "leave_field",
        "other_view",
        "drawing_region",
        "choose_region",
        "take_over",
    }
)


@dataclass(frozen=True)
class View:
    """What the screen looks like when a key is pressed."""

    phase: Phase
    typing: bool = False  # the focus is in a text field
    compact: bool = False  # projector size: only what the room must read
    other_view: bool = False  # at projector size, the rest (lists, facts) is shown
    playing: bool = False  # the draw plays automatically
    busy: bool = False  # a change (making the draw final: a backup, then the dates) is out
    claimed: bool = False  # another session draws this region (holds its claim)


# While the draw is being made final, only these act: what changes the view, not the lottery.
WHILE_BUSY = frozenset({"other_view", "leave_field"})


def allows(action: str, view: View) -> bool:
    """Whether `action` may act in `view` (the footer hides what may not)."""
    if view.busy and action not in WHILE_BUSY:
        return False
    allowed = ALLOWED.get(action)
    if allowed is not None and view.phase not in allowed:
        return False
    if view.claimed and action in CHANGES:
        return False
    if action == "take_over":
        return view.claimed and not view.typing
    if action == "leave_field":
        return view.typing
    if action == "other_view":
        return view.compact and not view.typing
    if view.compact and not view.other_view and action not in MAIN_VIEW:
        return False
    if action == "pause":
        return view.playing
    if action == "autoplay":
        return not view.playing
    return not (action == "next_step" and view.typing)
