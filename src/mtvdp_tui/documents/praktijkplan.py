"""The praktijkplan as a document a practice can hand to the insurer: Markdown or printable HTML.

Both formats are rendered from one list of sections, so they always say the same thing.
"""

from __future__ import annotations

import html
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from mtvdp_tui import formatting
from mtvdp_tui.domain.plan import Plan, PlanStatus, plan_practice
from mtvdp_tui.domain.plan_rules import RuleOutcome, evaluate_plan
from mtvdp_tui.domain.plan_submit import plan_verdict
from mtvdp_tui.domain.practice import PracticeData
from mtvdp_tui.domain.ruleset import Ruleset
from mtvdp_tui.i18n import t
from mtvdp_tui.records.plans import StoredPlan
from mtvdp_tui.store.database import Database


@dataclass(frozen=True)
class PlanDocument:
    """Everything the document shows."""

    ruleset: Ruleset
    agb: str
    practice_name: str
    region: str
    wijk: str
    start_date: date | None
    version: int
    status: PlanStatus
    submitted_on: date | None
    plan: Plan
    outcomes: Sequence[RuleOutcome]
    made_on: date


@dataclass(frozen=True)
class Section:
    title: str
    paragraphs: tuple[str, ...] = ()
    items: tuple[str, ...] = ()  # a bulleted list
    table: tuple[tuple[str, ...], ...] = ()  # first row is the header


def document_for(database: Database, practice_id: int, *, made_on: date) -> PlanDocument | None:
    """The document of the practice's newest plan version, or None when it has no plan."""
    stored = database.plans.latest(practice_id)
    if stored is None:
        return None
    data = database.practices.get(practice_id).data
    outcomes = evaluate_plan(
        database.ruleset,
        plan_practice(data),
        stored.plan,
        today=made_on,
        submitted_on=stored.submitted_on,
    )
    return build_document(database.ruleset, data, stored, stored.plan, outcomes, made_on=made_on)


def build_document(
    ruleset: Ruleset,
    data: PracticeData,
    stored: StoredPlan | None,
    plan: Plan,
    outcomes: Sequence[RuleOutcome],
    *,
    made_on: date,
) -> PlanDocument:
    """The document for `plan` (which may have changed since `stored`, the version saved)."""
    return PlanDocument(
        ruleset=ruleset,
        agb=data.agb,
        practice_name=data.name,
        region=data.region,
        wijk=data.wijk,
        start_date=data.start_date,
        version=stored.version if stored else 1,
        status=stored.status if stored else PlanStatus.CONCEPT,
        submitted_on=stored.submitted_on if stored else None,
        plan=plan,
        outcomes=outcomes,
        made_on=made_on,
    )


def sections(doc: PlanDocument) -> list[Section]:
    return [
        _about(doc),
        Section(t("doc.reflection_practice"), _text_or_missing(doc.plan.reflection_practice)),
        Section(t("doc.reflection_population"), _text_or_missing(doc.plan.reflection_population)),
        *(_year(doc, year) for year in range(1, doc.ruleset.plan_years + 1)),
        _intervisie(doc),
        _rule_check(doc),
    ]


def title(doc: PlanDocument) -> str:
    return t("doc.title", name=doc.practice_name)


def to_markdown(doc: PlanDocument) -> str:
    lines = [f"# {markdown_text(title(doc))}", ""]
    for section in sections(doc):
        lines += [f"## {markdown_text(section.title)}", ""]
        lines += [
            line for paragraph in section.paragraphs for line in (markdown_text(paragraph), "")
        ]
        if section.items:
            lines += [f"- {markdown_text(item)}" for item in section.items] + [""]
        if section.table:
            header, *rows = section.table
            lines.append("| " + " | ".join(_md_cell(cell) for cell in header) + " |")
            lines.append("|" + "---|" * len(header))
            lines += ["| " + " | ".join(_md_cell(cell) for cell in row) + " |" for row in rows]
            lines.append("")
    return "\n".join(lines)


def to_html(doc: PlanDocument) -> str:
    body = [f"<h1>{_esc(title(doc))}</h1>"]
    for section in sections(doc):
        body.append(f"<h2>{_esc(section.title)}</h2>")
        body += [f"<p>{_esc(paragraph)}</p>" for paragraph in section.paragraphs]
        if section.items:
            body.append("<ul>" + "".join(f"<li>{_esc(i)}</li>" for i in section.items) + "</ul>")
        if section.table:
            header, *rows = section.table
            head = "".join(f"<th>{_esc(cell)}</th>" for cell in header)
            cells = "".join(
                "<tr>" + "".join(f"<td>{_esc(cell)}</td>" for cell in row) + "</tr>" for row in rows
            )
            body.append(f"<table><thead><tr>{head}</tr></thead><tbody>{cells}</tbody></table>")
    return HTML_PAGE.format(title=_esc(title(doc)), body="\n".join(body))


# --- the sections ------------------------------------------------------------------------------


def _about(doc: PlanDocument) -> Section:
    status = (
        t("doc.status.submitted", date=formatting.short_date(doc.submitted_on))
        if doc.status is PlanStatus.INGEDIEND and doc.submitted_on
        else t("doc.status.concept")
    )
    start = formatting.short_date(doc.start_date) if doc.start_date else t("doc.unknown")
    return Section(
        t("doc.about"),
        table=(
            (t("doc.field"), t("doc.value")),
            (t("doc.agb"), doc.agb),
            (t("doc.region"), doc.region),
            (t("doc.wijk"), doc.wijk or "—"),
            (t("doc.start_date"), start),
            (t("doc.ruleset"), f"{doc.ruleset.name} ({doc.ruleset.organisation})"),
            (t("doc.version"), str(doc.version)),
            (t("doc.status"), status),
            (t("doc.made_on"), formatting.short_date(doc.made_on)),
        ),
    )


def _year(doc: PlanDocument, year: int) -> Section:
    chosen = doc.plan.chosen(year)
    if not chosen:
        return Section(t("doc.year", year=year), paragraphs=(t("doc.no_interventions"),))
    known = {i.id: i for i in doc.ruleset.interventions}
    rows = [(t("doc.kernelement"), t("doc.intervention"), t("doc.support_wanted"))]
    for kernelement in doc.ruleset.kernelementen:
        for item in chosen:
            intervention = known.get(item.intervention)
            if intervention is None or intervention.kernelement != kernelement.id:
                continue
            name = intervention.name
            if item.refresh:
                name += " — " + t("doc.refresh", how=item.refresh_how or t("doc.unknown"))
            if intervention.supported:
                name += " " + t("doc.supported", organisation=doc.ruleset.organisation)
            rows.append((kernelement.name, name, item.support_wanted or "—"))
    return Section(t("doc.year", year=year), table=tuple(rows))


def _intervisie(doc: PlanDocument) -> Section:
    years = sorted(doc.plan.intervisie_years)
    if not years:
        return Section(t("doc.intervisie"), paragraphs=(t("doc.intervisie.none"),))
    listed = formatting.listing([str(year) for year in years])
    return Section(t("doc.intervisie"), paragraphs=(t("doc.intervisie.years", years=listed),))


def _rule_check(doc: PlanDocument) -> Section:
    code, failing = plan_verdict(doc.outcomes, submitted=doc.status is PlanStatus.INGEDIEND)
    verdict = t(f"doc.rules.{code}", count=failing)
    rows = [(t("doc.rule"), t("doc.rule_status"), t("doc.rule_detail"))]
    rows += [(o.text, t(f"doc.rule_status.{o.status}"), o.detail) for o in doc.outcomes]
    return Section(t("doc.rules"), paragraphs=(verdict,), table=tuple(rows))


# --- helpers -----------------------------------------------------------------------------------


def _text_or_missing(text: str) -> tuple[str, ...]:
    paragraphs = tuple(part.strip() for part in text.split("\n\n") if part.strip())
    return paragraphs or (t("doc.not_filled_in"),)


def _esc(text: str) -> str:
    return html.escape(text, quote=True)


_MD_INLINE = re.compile(r"([\\`*_\[\]|~#!])")  # emphasis, code, links, images, tables
_MD_LINE_START = re.compile(r"^(\s*|\s*\d+)([-+=.)])", re.MULTILINE)  # list or heading marker


def markdown_text(text: str) -> str:
    """Text as Markdown that shows exactly that text: every character Markdown would read as
    markup backslash-escaped, then HTML escaped as `to_html` does (so no tag, link, image or
    emphasis can come from what a user typed)."""
    escaped = _MD_INLINE.sub(r"\\\1", text)
    return _esc(_MD_LINE_START.sub(lambda m: m.group(1) + "\\" + m.group(2), escaped))


def _md_cell(text: str) -> str:
    return markdown_text(text).replace("\n", " ")


HTML_PAGE = """<!DOCTYPE html>
<html lang="nl">
<head>
<meta charset="utf-8">
<title>{title}</title>
<style>
  body {{ font-family: Georgia, serif; max-width: 48em; margin: 2em auto; color: #111; }}
  h1 {{ font-size: 1.6em; border-bottom: 2px solid #111; }}
  h2 {{ font-size: 1.2em; margin-top: 1.6em; }}
  table {{ border-collapse: collapse; width: 100%; }}
  th, td {{ border: 1px solid #999; padding: 0.3em 0.5em; text-align: left; vertical-align: top; }}
  th {{ background: #eee; }}
  @media print {{ body {{ margin: 0; }} h2 {{ page-break-after: avoid; }} }}
</style>
</head>
<body>
{body}
</body>
</html>
"""
