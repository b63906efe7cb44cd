"""The one text field of the app: every Input is a FormInput, so keys typed at full speed are
taken in in the order they were typed.

A printable key is inserted by the field the moment it reaches it, but Backspace, the arrows,
Home/End and Enter are *bindings*: Textual lets their key event bubble up to the App, which only
then runs the field's action. Keys typed right behind it ("abcd⌫⌫x") are meanwhile routed to
the field and inserted first ("abc" instead of "abx"). The field runs its own bindings the
moment the key reaches it (`_on_key`), so each key acts in its turn. (Keys typed while a form
saves are held by `widgets.key_hold.KeyHold`.)

`_on_key` is a private Textual hook, and the field's bindings are read through
`compat.own_bindings`: see `mtvdp_tui.compat.HOOKS`.
"""

from __future__ import annotations

from textual import events
from textual.widgets import Input

from mtvdp_tui import compat


class FormInput(Input):
    async def _on_key(self, event: events.Key) -> None:
        if not event.is_printable and await self._run_own_binding(event.key):
            event.stop()
            event.prevent_default()
            return
        await super()._on_key(event)

    async def _run_own_binding(self, key: str) -> bool:
        """Run this field's own binding for `key` now (as the App would once the key had
        bubbled up to it); False when the field has none that runs, so the key bubbles on to
        the screen's and the App's bindings as before."""
        for binding in compat.own_bindings(self, key):
            if not binding.priority and await self.app.run_action(binding.action, self):
                return True
        return False
