"""A text field for forms that are typed into at full speed.

Textual routes each key to the widget that has focus *when the key is routed*. A form that
saves only after the focused field has taken in the keys typed before the save (so nothing
typed is missed) moves the focus late: keys typed right behind the save key are then already
queued for the old field. The form marks such a field with `pass_on_keys`, and the field hands
every key still queued for it to the field that has the focus now.

`_on_key` and `_on_focus` are private Textual hooks: see `mtvdp_tui.compat.HOOKS`.
"""

from __future__ import annotations

from textual import events
from textual.widgets import Input


class FormInput(Input):
    pass_on_keys = False

    async def _on_key(self, event: events.Key) -> None:
        focused = self.screen.focused
        if self.pass_on_keys and focused is not None and focused is not self:
            event.stop()
            event.prevent_default()
            focused.post_message(events.Key(event.key, event.character))
            return
        await super()._on_key(event)

    def _on_focus(self, event: events.Focus) -> None:
        self.pass_on_keys = False
        super()._on_focus(event)
