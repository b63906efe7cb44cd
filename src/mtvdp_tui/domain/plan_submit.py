"""Whether a plan may be submitted now, and what the user must confirm first.

The wizard only shows the decision; the document uses the same judgement for its verdict.

- An open rule other than the deadline blocks submission (the user goes to fix it).
- The deadline passed: submitting is allowed after a confirmation, and recorded as late.
- No start date yet: the deadline cannot be judged. A practice may write its plan before its
  start date is known, so submitting is allowed after a confirmation, and recorded as submitted
  without a start date.
- The plan was submitted already and has not changed since: nothing to do.
"""

from __future__ import annotations

import enum
from collections.abc import Sequence
from dataclasses import dataclass, field

from mtvdp_tui.domain.plan_rules import RuleOutcome, RuleStatus
from mtvdp_tui.domain.ruleset import RuleKind
from mtvdp_tui.formatting import days, short_date


class SubmitCode(enum.StrEnum):
    SUBMIT = "submit"  # submit at once
    CONFIRM_LATE = "confirm_late"  # ask first; `params`: how late (`days`) after `deadline`
    CONFIRM_NO_START = "confirm_no_start"  # ask first: the deadline cannot be judged yet
    REFUSED = "refused"  # `params["count"]` rules open, `step` is the first place to fix one
    UNCHANGED = "unchanged"  # already submitted, nothing changed since


@dataclass(frozen=True)
class SubmitDecision:
    code: SubmitCode
    params: dict[str, object] = field(default_factory=dict)
    step: int | None = None

    @property
    def without_start(self) -> bool:
        """The submission is recorded as made without a start date."""
        return self.code is SubmitCode.CONFIRM_NO_START


def submit_decision(
    outcomes: Sequence[RuleOutcome], *, already_submitted: bool, changed: bool
) -> SubmitDecision:
    """What submitting does, for the outcomes of the plan evaluated as submitted today.

    `already_submitted`: the newest stored version is submitted; `changed`: the plan on screen
    differs from that stored version."""
    if already_submitted and not changed:
        return SubmitDecision(SubmitCode.UNCHANGED)
    open_rules = [o for o in outcomes if o.status is not RuleStatus.OK]
    blocking = [o for o in open_rules if o.kind is not RuleKind.DEADLINE]
    if blocking:
        return SubmitDecision(
            SubmitCode.REFUSED, {"count": len(blocking)}, step=min(o.step for o in blocking)
        )
    if any(o.undecidable for o in open_rules):
        return SubmitDecision(SubmitCode.CONFIRM_NO_START)
    late = [o for o in open_rules if o.status is RuleStatus.FOUT]
    if late:
        deadline = late[0].deadline
        params: dict[str, object] = {
            "days": days(late[0].days_late),
            "deadline": short_date(deadline) if deadline else "",
        }
        return SubmitDecision(SubmitCode.CONFIRM_LATE, params)
    return SubmitDecision(SubmitCode.SUBMIT)


class VerdictCode(enum.StrEnum):
    ALL_OK = "all_ok"
    NO_START = "no_start"  # submitted; only the deadline is open, for want of a start date
    FAILING = "failing"  # `count` rules not met


def plan_verdict(outcomes: Sequence[RuleOutcome], *, submitted: bool) -> tuple[VerdictCode, int]:
    """The plan's overall verdict on the rules, with the number of rules not met."""
    open_rules = [o for o in outcomes if o.status is not RuleStatus.OK]
    if not open_rules:
        return VerdictCode.ALL_OK, 0
    if submitted and all(o.undecidable for o in open_rules):
        return VerdictCode.NO_START, len(open_rules)
    return VerdictCode.FAILING, len(open_rules)
