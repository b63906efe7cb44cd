"""Dutch for the few texts Textual itself shows in our screens.

Textual has no translation catalogue, so its visible words are replaced here, in one place.
`tests/ui/test_dutch_everywhere.py` walks every screen and dialog and fails on any of
Textual's own English texts on screen, among the keys or in the palette, which also catches a
Textual upgrade that moves these. The palette's texts are in `screens/palette.py`.
"""

from __future__ import annotations

from dataclasses import replace

from textual.binding import Binding, BindingType

from mtvdp_tui.compat import SelectOverlay, rebuild_bindings
from mtvdp_tui.i18n import t

ENGLISH_BINDING_TEXTS = {"Dismiss menu": "textual.select.dismiss"}


def _dutch(binding: BindingType) -> BindingType:
    if isinstance(binding, tuple):  # Textual also writes bindings as (key, action, description)
        binding = Binding(*binding)
    if isinstance(binding, Binding) and binding.description in ENGLISH_BINDING_TEXTS:
        return replace(binding, description=t(ENGLISH_BINDING_TEXTS[binding.description]))
    return binding


def apply() -> None:
    """Give Textual's own shown key descriptions their Dutch text (idempotent)."""
    SelectOverlay.BINDINGS = [_dutch(binding) for binding in SelectOverlay.BINDINGS]
    rebuild_bindings(SelectOverlay)
