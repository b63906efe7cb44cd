"""The praktijkplan document, in Markdown and HTML, and `mtvdp-tui plan export`."""

from __future__ import annotations

import html
from datetime import date
from pathlib import Path

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from mtvdp_tui.cli import main
from mtvdp_tui.documents.praktijkplan import document_for, markdown_text, to_html, to_markdown
from mtvdp_tui.domain.plan import Plan, PlannedIntervention
from mtvdp_tui.domain.practice import PracticeData
from tests.conftest import open_test_database

VALID_HOOG_PLAN = Plan(
    reflection_practice="Veel ouderen met multimorbiditeit.\n\nDrukke spreekuren.",
    reflection_population="Vergrijzende wijk; <script>alert(1)</script> & meer.",
    interventions=(
        PlannedIntervention("regie-op-veelgebruikers", 1, support_wanted="Training | coaching"),
        PlannedIntervention("goede-gesprek-trainen", 1),
        PlannedIntervention("lean-werken", 2, refresh=True, refresh_how="Nieuwe LEAN-ronde"),
        PlannedIntervention("goede-gesprek-trainen", 2),
        PlannedIntervention("welzijn-op-recept", 2),
        PlannedIntervention("samenwerken-met-wijkteam", 2),
    ),
    intervisie_years=frozenset({1, 2}),
)


BOTH_ENGINES = True  # see tests/engines.py


@pytest.fixture
def database_path(db_value: str) -> str:
    """A database (a file, or on PostgreSQL) with one practice with a plan and one without."""
    path = db_value
    db = open_test_database(path)
    practice_id = db.practices.create(
        PracticeData(
            agb="01000001",
            name="Huisartsenpraktijk De Linde",
            region="Apeldoorn",
            wijk="Zuidbroek",
            start_date=date(2026, 10, 1),
        )
    )
    db.practices.create(PracticeData(agb="01000002", name="Zonder Plan", region="Zutphen"))
    concept = db.plans.save_concept(practice_id, VALID_HOOG_PLAN, expected=None)
    db.plans.submit(practice_id, expected=concept)  # on the frozen today, 22 Nov 2026
    db.close()
    return path


def document(path: str):
    db = open_test_database(path)
    try:
        practice_id = db.practices.id_for_agb("01000001")
        return document_for(db, practice_id, made_on=date(2026, 11, 23))
    finally:
        db.close()


def test_markdown_has_every_part_of_the_plan(database_path: str) -> None:
    text = to_markdown(document(database_path))
    assert text.startswith("# Praktijkplan MTVDP — Huisartsenpraktijk De Linde")
    for expected in (
        "| AGB-code | 01000001 |",
        "| Startdatum MTVDP | 1 okt 2026 |",
        "| Status | ingediend op 22 nov 2026 |",
        "## Reflectie op de praktijk",
        "Drukke spreekuren.",
        "## Interventies jaar 1",
        "| Anders werken | Regie op veelgebruikers (ondersteund door HOOG) "
        "| Training \\| coaching |",
        "opfrissen/intensiveren: Nieuwe LEAN-ronde",
        "De praktijk neemt deel aan intervisie in jaar 1 en 2.",
        "Het plan voldoet aan alle regels.",
    ):
        assert expected in text


def test_html_is_printable_and_escapes_what_users_typed(database_path: str) -> None:
    text = to_html(document(database_path))
    assert text.startswith("<!DOCTYPE html>") and '<html lang="nl">' in text
    assert "@media print" in text
    assert "<script>" not in text
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; meer." in text
    assert "<td>Regie op veelgebruikers (ondersteund door HOOG)</td>" in text


def test_rule_check_names_what_is_missing(tmp_path: Path) -> None:
    db = open_test_database(tmp_path / "leeg.sqlite")
    try:
        practice_id = db.practices.create(
            PracticeData(agb="01000001", name="De Linde", region="Apeldoorn")
        )
        db.plans.save_concept(practice_id, Plan(), expected=None)
        text = to_markdown(document_for(db, practice_id, made_on=date(2023, 9, 1)))
    finally:
        db.close()
    assert "Het plan voldoet nog niet aan 8 regel(s)." in text
    assert "| Status | concept (nog niet ingediend) |" in text
    assert "| ontbreekt |" in text
    assert "(nog niet ingevuld)" in text and "(nog geen interventies gekozen)" in text


@pytest.mark.parametrize(("fmt", "start"), [("html", "<!DOCTYPE html>"), ("md", "# Praktijkplan")])
def test_plan_export_command_writes_the_file(
    database_path: str, tmp_path: Path, fmt: str, start: str, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / f"plan.{fmt}"
    argv = ["plan", "export", "--agb", "01000001", "--format", fmt, "-o", str(out)]
    assert main([*argv, "--db", str(database_path)]) == 0
    assert out.read_text(encoding="utf-8").startswith(start)
    assert "Praktijkplan van Huisartsenpraktijk De Linde opgeslagen" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("agb", "message"),
    [
        ("01999999", "Er is geen praktijk met AGB-code 01999999."),
        ("01000002", "Praktijk Zonder Plan (AGB 01000002) heeft nog geen praktijkplan."),
    ],
)
def test_plan_export_explains_what_is_missing(
    database_path: str, tmp_path: Path, agb: str, message: str, capsys
) -> None:
    out = tmp_path / "plan.html"
    argv = ["--db", str(database_path), "plan", "export", "--agb", agb, "-o", str(out)]
    assert main(argv) == 1
    assert message in capsys.readouterr().err
    assert not out.exists()


def test_plan_export_to_an_unwritable_place_says_so(database_path: str, tmp_path: Path, capsys):
    blocker = tmp_path / "een-bestand"
    blocker.write_text("geen map")
    out = blocker / "plan.html"  # a folder that cannot exist: a file has its name
    argv = ["--db", str(database_path), "plan", "export", "--agb", "01000001", "-o", str(out)]
    assert main(argv) == 1
    assert "Kan " in capsys.readouterr().err


HOSTILE = (
    "<script>alert(1)</script> <img src=x onerror=alert(1)> [klik](javascript:alert(1)) "
    "![x](javascript:alert(2)) **vet** `code`\n# kop\n- lijst\n1. genummerd"
)


def test_markdown_shows_what_users_typed_as_text_never_as_markup(tmp_path: Path) -> None:
    db = open_test_database(tmp_path / "kwaad.sqlite")
    try:
        practice_id = db.practices.create(
            PracticeData(agb="01000001", name="<b>De</b> [Linde](javascript:x)", region="Apeldoorn")
        )
        plan = Plan(reflection_practice=HOSTILE, reflection_population=HOSTILE)
        db.plans.save_concept(practice_id, plan, expected=None)
        text = to_markdown(document_for(db, practice_id, made_on=date(2023, 9, 1)))
    finally:
        db.close()
    rendered = MarkdownIt("commonmark").enable("table").render(text)
    for markup in ("<script", "<img", "<b>", "href=", "<strong>", "<code>", "<li>genummerd"):
        assert markup not in rendered
    assert rendered.count("<h1>") == 1  # only the document's own title
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in rendered
    assert "[klik](javascript:alert(1))" in rendered


@given(st.text(alphabet=st.characters(min_codepoint=32, max_codepoint=0x24F), min_size=1))
def test_markdown_text_renders_back_to_exactly_the_text(text: str) -> None:
    text = text.strip()
    assume(text)
    rendered = MarkdownIt("commonmark").render(markdown_text(text))
    expected = html.escape(text, quote=False).replace('"', "&quot;")
    assert rendered == f"<p>{expected}</p>\n"
