"""The keys of a screen, read from its active bindings: for the footer, the help screen and the
command palette alike, so what they show can never drift from what the keys do.

A key is "ours" when it has a description and either an id (every binding of this app has one)
or is shown in the footer (Textual's own shown keys get a Dutch text in i18n.textual_texts).
Textual's hidden keys ("Focus Next", "Scroll Left", …) are English and not listed.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from textual.app import App
from textual.binding import ActiveBinding, Binding, BindingsMap
from textual.keys import format_key

from mtvdp_tui.i18n import t

if TYPE_CHECKING:
    from textual.dom import DOMNode
    from textual.screen import Screen

KEY_NAMES = {
    "escape": "key.escape",
    "enter": "key.enter",
    "space": "key.space",
    "delete": "key.delete",
    "backspace": "key.backspace",
    "tab": "key.tab",
    "pageup": "key.pageup",
    "pagedown": "key.pagedown",
    "home": "key.home",
    "end": "key.end",
}
MODIFIERS = {"ctrl": "Ctrl", "shift": "Shift", "alt": "Alt", "super": "Super"}


def key_display(key: str) -> str:
    """How a key is written for the user: "Ctrl+S", "F2", "Esc", "/", "S" (shift+s stays "S")."""
    *modifiers, name = key.split("+") if key != "+" else ["+"]
    if name in KEY_NAMES:
        shown = t(KEY_NAMES[name])
    elif len(name) > 1 and name[0] == "f" and name[1:].isdigit():
        shown = name.upper()
    else:
        shown = format_key(name)
        if modifiers and len(shown) == 1:
            shown = shown.upper()
    return "+".join([*(MODIFIERS.get(m, m.capitalize()) for m in modifiers), shown])


def binding_display(binding: Binding) -> str:
    return binding.key_display or key_display(binding.key)


@dataclass(frozen=True)
class KeyEntry:
    """One thing a screen does, with every key that does it."""

    action: str
    keys: tuple[str, ...]  # the first is the binding's own `key` (for a click)
    displays: tuple[str, ...]  # as shown: "F2", "Ctrl+L"
    description: str
    tooltip: str
    shown: bool  # in the footer
    enabled: bool
    app_wide: bool
    namespace: DOMNode

    @property
    def display(self) -> str:
        """Every key of the action: "F2 / Ctrl+L"."""
        return " / ".join(self.displays)


def is_ours(binding: Binding) -> bool:
    return bool(binding.description) and (binding.id is not None or binding.show)


def active_keys(screen: Screen[Any]) -> list[ActiveBinding]:
    """The bindings a key press on `screen` can reach. A modal screen's active bindings stop at
    the screen, but the app's priority keys (F1, F2, Ctrl+Q) reach it too."""
    actives = list(screen.active_bindings.values())
    if not screen.is_modal:
        return actives
    app = screen.app
    taken = set(screen.active_bindings)
    for key, bindings in BindingsMap(type(app).BINDINGS).key_to_bindings.items():
        for binding in bindings:
            if key in taken or not binding.priority:
                continue
            state = app.check_action(binding.action, ())
            if state is not False:
                actives.append(ActiveBinding(app, binding, bool(state), binding.tooltip))
    return actives


def declared_order(node: DOMNode) -> dict[str, int]:
    """Description → position in the BINDINGS of `node`'s class (its own first, then its bases'):
    the order the screen's author chose, which the footer keeps."""
    order: dict[str, int] = {}
    for cls in type(node).__mro__:
        for binding in cls.__dict__.get("BINDINGS", ()):
            described = binding if isinstance(binding, Binding) else Binding(*binding)
            order.setdefault(described.description, len(order))
    return order


def screen_keys(screen: Screen[Any]) -> list[KeyEntry]:
    """The described keys active on `screen`, one entry per name (an action, or two actions the
    user knows as one, like F1 and ?), in binding order: the focused widget's first, then the
    screen's, then the app's, each in its declared order (a focused field that binds the same
    keys does not reorder them). Keys shown in the footer come first within an entry."""
    grouped: dict[tuple[int, str], list[ActiveBinding]] = {}
    for active in active_keys(screen):
        binding = active.binding
        if is_ours(binding):
            grouped.setdefault((id(active.node), binding.description), []).append(active)
    nodes = list(dict.fromkeys(node for node, _ in grouped))
    orders: dict[int, dict[str, int]] = {}
    for actives in grouped.values():
        orders.setdefault(id(actives[0].node), declared_order(actives[0].node))
    ranked = sorted(
        grouped.items(),
        key=lambda item: (nodes.index(item[0][0]), orders[item[0][0]].get(item[0][1], 1000)),
    )
    entries = []
    for _, actives in ranked:
        actives.sort(key=lambda active: not active.binding.show)
        first = actives[0]
        binding = first.binding
        displays = tuple(dict.fromkeys(binding_display(a.binding) for a in actives))
        entries.append(
            KeyEntry(
                action=binding.action,
                keys=tuple(a.binding.key for a in actives),
                displays=displays,
                description=binding.description,
                tooltip=binding.tooltip,
                shown=any(a.binding.show for a in actives),
                enabled=first.enabled,
                app_wide=isinstance(first.node, App),
                namespace=first.node,
            )
        )
    return entries
