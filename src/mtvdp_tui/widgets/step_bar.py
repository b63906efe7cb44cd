"""The wizard's steps in one line: the current one highlighted, steps with open rules marked."""

from __future__ import annotations

from collections.abc import Collection, Sequence

from textual.content import Content
from textual.widgets import Static


class StepBar(Static):
    DEFAULT_CSS = """
    StepBar { height: 1; padding: 0 1; background: $panel; }
    """

    def show(self, titles: Sequence[str], current: int, failing: Collection[int]) -> None:
        parts = []
        for number, title in enumerate(titles, start=1):
            mark = " ✗" if number in failing else " ✓"
            text = f" {number} {title}{mark} "
            if number == current:
                style = "bold reverse"
            elif number in failing:
                style = "$text-warning"
            else:
                style = "$text-success"
            parts += [Content.styled(text, style), Content(" ")]
        self.update(Content("").join(parts))
