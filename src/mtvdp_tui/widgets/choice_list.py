"""A SelectionList whose toggle keys act on the option highlighted when the key was pressed.

Textual's SelectionList toggles in two steps: Space (or Enter, or a click) posts an
`OptionSelected` message, and only when that message is handled does the list toggle the option
highlighted *then*. Keys typed quickly are queued before that message, so in `↓ space ↓ space`
the second `↓` moves the highlight before the first toggle is applied: every toggle of a burst
lands on the last highlighted option, and pairs of them cancel out. Here the toggle is applied
at once, to the option the key was pressed on, so every key acts in the order it was typed.
"""

from __future__ import annotations

from typing import TypeVar

from textual.widgets import SelectionList

SelectionType = TypeVar("SelectionType")


class ChoiceList(SelectionList[SelectionType]):
    def action_select(self) -> None:
        """Toggle the highlighted option now (Space, Enter, and a click, which highlights
        the clicked option first)."""
        highlighted = self.highlighted
        if highlighted is None:
            return
        option = self.get_option_at_index(highlighted)
        if not option.disabled:
            self.toggle(option)
