"""The rule check beside every wizard step: each rule with ✓ (in orde), … (ontbreekt), ✗ (fout)."""

from __future__ import annotations

from collections.abc import Sequence

from textual.content import Content
from textual.widgets import Static

from mtvdp_tui.domain.plan_rules import RuleOutcome, RuleStatus, all_ok
from mtvdp_tui.i18n import t

MARKS = {RuleStatus.OK: "✓", RuleStatus.ONTBREEKT: "…", RuleStatus.FOUT: "✗"}
STYLES = {
    RuleStatus.OK: "$text-success",
    RuleStatus.ONTBREEKT: "$text-warning",
    RuleStatus.FOUT: "$text-error",
}


class RulesPanel(Static):
    DEFAULT_CSS = """
    RulesPanel { padding: 0 1; height: auto; }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.outcomes: tuple[RuleOutcome, ...] = ()

    def show(self, outcomes: Sequence[RuleOutcome]) -> None:
        self.outcomes = tuple(outcomes)
        failing = sum(1 for outcome in outcomes if outcome.status is not RuleStatus.OK)
        heading = (
            t("wizard.rules.all_ok")
            if all_ok(outcomes)
            else t("wizard.rules.failing", count=failing)
        )
        parts: list[Content] = [Content.styled(heading, "bold"), Content("\n")]
        for outcome in outcomes:
            mark = MARKS[outcome.status]
            parts.append(Content.styled(f"\n{mark} ", f"bold {STYLES[outcome.status]}"))
            parts.append(Content(outcome.text))
            parts.append(Content.styled(f"\n  {outcome.detail}", "dim"))
        content = Content("").join(parts)
        self.update(content, layout=not self._fits(content))

    def _fits(self, content: Content) -> bool:
        """Whether `content` takes as many lines as the panel has now: then it is redrawn
        without a reflow of the screen (most changes turn a mark, not the number of lines)."""
        width, height = self.content_size
        return width > 0 and content.get_height(self.styles.get_rules(), width) == height

    def failing_steps(self) -> list[int]:
        return sorted({o.step for o in self.outcomes if o.status is not RuleStatus.OK})
