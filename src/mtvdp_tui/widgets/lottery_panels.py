"""What the lottery screen shows beside and above its lists: the preparation's facts, the
problems in the typed sources, and the stage of the draw (the key, a step, the outcome)."""

from __future__ import annotations

from collections.abc import Sequence

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.widgets import Digits, Static

from mtvdp_tui import formatting
from mtvdp_tui.domain.lottery import LotteryInputs, MomentTotal, Step
from mtvdp_tui.domain.ruleset import Ruleset
from mtvdp_tui.i18n import t
from mtvdp_tui.records.lotteries import Preparation, SourceProblem
from mtvdp_tui.widgets.text_table import aligned


def _heading(key: str) -> Content:
    return Content.styled(t(key), "bold")


def capacity_table(inputs: LotteryInputs) -> Content:
    rows = [[t("loting.col.moment"), "%", t("loting.facts.capacity")]]
    rows += [
        [formatting.short_date(m.date), f"{m.percentage}%", formatting.number(m.capacity)]
        for m in inputs.moments
    ]
    return aligned(rows)


def facts(preparation: Preparation, ruleset: Ruleset) -> Content:
    """The region's ION with its source, capacities, pool, warnings, exclusions and rules."""
    parts: list[Content] = [
        Content.assemble(
            (t("loting.facts.ion", ion=formatting.number(preparation.ion_total)), "bold"),
            "\n",
            (t("loting.facts.ion_source", source=preparation.ion_source), "italic"),
        )
    ]
    inputs = preparation.inputs
    if inputs is not None:
        pool_ion = sum(entry.ion for entry in inputs.pool)
        parts.append(capacity_table(inputs))
        pool = t(
            "loting.facts.pool",
            count=formatting.number(len(inputs.pool)),
            ion=formatting.number(pool_ion),
        )
        parts.append(Content(f"{pool}\n{t('loting.facts.legend')}"))
    if preparation.problem:
        parts.append(Content.styled(preparation.problem, "bold $text-error"))
    if preparation.warnings:
        lines = [Content.styled(f"⚠ {w}", "$text-warning") for w in preparation.warnings]
        parts.append(Content("\n").join([_heading("loting.facts.warnings"), *lines]))
    if preparation.excluded:
        lines = [
            Content(f"{candidate.name} ({candidate.agb}): {reason}")
            for candidate, reason in preparation.excluded
        ]
        parts.append(Content("\n").join([_heading("loting.facts.excluded"), *lines]))
    parts.append(rules_text(ruleset))
    return Content("\n\n").join(parts)


def rules_text(ruleset: Ruleset) -> Content:
    last = ruleset.moments[-1].date if ruleset.moments else ruleset.default_moment
    lines = [
        t("loting.rules.1"),
        t("loting.rules.2"),
        t("loting.rules.3"),
        t("loting.rules.4", day=formatting.short_date(last)),
        t("loting.rules.5", day=formatting.short_date(ruleset.default_moment)),
    ]
    numbered = [Content(f"{number}. {line}") for number, line in enumerate(lines, start=1)]
    return Content("\n").join([_heading("loting.rules.heading"), *numbered])


def source_feedback(
    sources: Sequence[Sequence[int]], problems: Sequence[SourceProblem], key: str
) -> Content:
    if problems:
        lines = [
            Content.styled(
                t("loting.sources.problem", line=p.line, message=p.message), "$text-error"
            )
            for p in problems
        ]
        return Content("\n").join(lines)
    # one line, so the poolzegel above the field keeps its room on a projector
    return Content.styled(t("loting.sources.key", count=len(sources), key=key), "bold")


class DrawStage(Vertical):
    """The big part of the draw screen: the key before the first step, then each step."""

    DEFAULT_CSS = """
    DrawStage { height: auto; padding: 0 1; }
    DrawStage #stage-step { height: auto; }
    DrawStage #stage-number-box { width: 22; height: auto; }
    DrawStage #stage-number { width: auto; }
    DrawStage #stage-text { width: 1fr; height: auto; padding: 0 0 0 2; }
    """

    def compose(self) -> ComposeResult:
        with Horizontal(id="stage-step"):
            with Vertical(id="stage-number-box"):
                yield Static(id="stage-label")
                yield Digits(id="stage-number")
            yield Static(id="stage-text")

    def show_key(self, sources: Sequence[Sequence[int]], key: str, pool_size: int) -> None:
        self.query_one("#stage-label", Static).update(t("loting.stage.key_label"))
        self.query_one("#stage-number", Digits).update(str(pool_size))
        lines = [
            Content.styled(f" {t('loting.stage.key', key=key)} ", "bold reverse"),
            *(
                Content(t("loting.stage.source", number=n, numbers=" ".join(map(str, s))))
                for n, s in enumerate(sources, start=1)
            ),
            Content.styled(t("loting.stage.press_space"), "italic"),
        ]
        self.query_one("#stage-text", Static).update(Content("\n").join(lines))

    def show_step(self, step: Step, total: int) -> None:
        self.query_one("#stage-label", Static).update(
            t("loting.stage.step_label", total=formatting.number(total))
        )
        self.query_one("#stage-number", Digits).update(str(step.number))
        preference = formatting.short_date(step.preference)
        if step.preference_default:
            preference = t("loting.preference.default_long", day=preference)
        moment = Content.styled(
            t("loting.stage.moment", day=formatting.short_date(step.moment)), "bold"
        )
        if step.doorgeschoven:
            moment = Content.assemble(
                moment, "   ", (f" {t('loting.postponed').upper()} ", "bold reverse $text-warning")
            )
        lines = [
            Content.styled(step.name, "bold $text-accent"),
            Content.styled(t("loting.stage.ion", ion=formatting.number(step.ion)), "bold"),
            Content(t("loting.stage.facts", number=step.pool_number, agb=step.agb)),
            Content(t("loting.stage.preference", day=preference)),
            moment,
        ]
        self.query_one("#stage-text", Static).update(Content("\n").join(lines))

    def show_outcome(self, totals: Sequence[MomentTotal], final_on: str | None) -> None:
        self.query_one("#stage-label", Static).update(t("loting.stage.done_label"))
        self.query_one("#stage-number", Digits).update(str(sum(m.count for m in totals)))
        rows = [[t("loting.col.moment"), t("loting.stage.practices"), "ION"]]
        rows += [
            [formatting.short_date(m.date), formatting.number(m.count), formatting.number(m.ion)]
            for m in totals
        ]
        status = t("loting.stage.final", day=final_on) if final_on else t("loting.stage.not_final")
        text = Content.assemble(aligned(rows), "\n", (status, "bold"))
        self.query_one("#stage-text", Static).update(text)
