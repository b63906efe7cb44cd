"""The lottery's phases and which keys act in each (pure, without Textual)."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from mtvdp_tui.domain.lottery_phase import (
    ALLOWED,
    CHANGES,
    MAIN_VIEW,
    WHILE_BUSY,
    Phase,
    View,
    allows,
    phase_of,
)


def test_the_phases_follow_what_is_stored() -> None:
    stored = {"stored": True, "broken": False, "steps": 32}
    assert (
        phase_of(broken=False, stored=False, sources_frozen=False, final=False, revealed=0, steps=0)
        is Phase.PREPARE
    )
    assert phase_of(**stored, sources_frozen=False, final=False, revealed=0) is Phase.SOURCES
    assert phase_of(**stored, sources_frozen=True, final=False, revealed=0) is Phase.DRAW
    assert phase_of(**stored, sources_frozen=True, final=False, revealed=31) is Phase.DRAW
    assert phase_of(**stored, sources_frozen=True, final=False, revealed=32) is Phase.DONE
    assert phase_of(**stored, sources_frozen=True, final=True, revealed=32) is Phase.FINAL


@given(
    stored=st.booleans(),
    sources_frozen=st.booleans(),
    final=st.booleans(),
    revealed=st.integers(0, 50),
    steps=st.integers(0, 50),
)
def test_a_lottery_that_cannot_be_drawn_is_broken_whatever_else_is_stored(
    stored: bool, sources_frozen: bool, final: bool, revealed: int, steps: int
) -> None:
    phase = phase_of(
        broken=True,
        stored=stored,
        sources_frozen=sources_frozen,
        final=final,
        revealed=revealed,
        steps=steps,
    )
    assert phase is Phase.BROKEN


def test_a_broken_lottery_can_only_be_discarded() -> None:
    acting = {action for action in ALLOWED if allows(action, View(Phase.BROKEN))}
    assert acting == {"discard"}


def test_each_step_of_the_ceremony_has_its_own_key() -> None:
    assert allows("freeze_pool", View(Phase.PREPARE))
    assert not allows("freeze_pool", View(Phase.SOURCES))
    assert allows("freeze_sources", View(Phase.SOURCES))
    assert allows("next_step", View(Phase.DRAW))
    assert not allows("next_step", View(Phase.DONE))
    assert allows("finalise", View(Phase.DONE))
    assert not allows("finalise", View(Phase.DRAW))
    assert not allows("discard", View(Phase.FINAL))  # a final draw stays
    assert allows("export", View(Phase.FINAL))
    assert not allows("export", View(Phase.PREPARE))  # nothing frozen yet: nothing to record


def test_playing_and_pausing_exclude_each_other() -> None:
    assert allows("autoplay", View(Phase.DRAW)) and not allows("pause", View(Phase.DRAW))
    playing = View(Phase.DRAW, playing=True)
    assert allows("pause", playing) and not allows("autoplay", playing)


def test_space_types_in_a_field_instead_of_drawing() -> None:
    assert not allows("next_step", View(Phase.DRAW, typing=True))
    assert allows("leave_field", View(Phase.SOURCES, typing=True))
    assert not allows("leave_field", View(Phase.SOURCES))


def test_at_projector_size_the_main_view_keeps_only_what_the_room_needs() -> None:
    compact = View(Phase.DRAW, compact=True)
    assert allows("next_step", compact) and allows("other_view", compact)
    assert not allows("autoplay", compact) and not allows("export", compact)
    other = View(Phase.DRAW, compact=True, other_view=True)
    assert allows("autoplay", other) and allows("export", other)
    assert not allows("other_view", View(Phase.DRAW))  # at full size everything is shown


@given(
    action=st.sampled_from(sorted({*ALLOWED, *MAIN_VIEW, "region", "edit_ion"})),
    phase=st.sampled_from(Phase),
    typing=st.booleans(),
    compact=st.booleans(),
    other_view=st.booleans(),
    playing=st.booleans(),
)
def test_while_the_draw_is_made_final_no_key_changes_the_lottery(
    action: str, phase: Phase, typing: bool, compact: bool, other_view: bool, playing: bool
) -> None:
    view = View(phase, typing, compact, other_view, playing, busy=True)
    if action not in WHILE_BUSY:
        assert not allows(action, view)
    else:
        assert allows(action, view) == allows(action, View(phase, typing, compact, other_view))


@given(phase=st.sampled_from(Phase), action=st.sampled_from(sorted(ALLOWED)))
def test_no_action_acts_outside_its_phases(phase: Phase, action: str) -> None:
    if phase not in ALLOWED[action]:
        assert not allows(action, View(phase, other_view=True))
        assert not allows(action, View(phase, playing=True))


@given(
    action=st.sampled_from(sorted(ALLOWED)),
    phase=st.sampled_from(Phase),
    compact=st.booleans(),
    other_view=st.booleans(),
    playing=st.booleans(),
)
def test_while_another_session_draws_only_looking_and_taking_over_act(
    action: str, phase: Phase, compact: bool, other_view: bool, playing: bool
) -> None:
    """SPEC §8: one session draws a region; the others look, or take over on purpose."""
    claimed = View(phase, False, compact, other_view, playing, claimed=True)
    free = View(phase, False, compact, other_view, playing)
    if action in CHANGES:
        assert not allows(action, claimed)
    elif action == "take_over":
        assert allows(action, claimed) == (phase is not Phase.FINAL)
        assert not allows(action, free)
    else:
        assert allows(action, claimed) == allows(action, free)
