"""What each screen looks like at 120×36, on the deterministic demo database and a frozen clock.

Update after an intended change: `pytest tests/ui/test_snapshots.py --snapshot-update`.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import Input, TextArea

from mtvdp_tui.widgets.row_list import RowList
from tests.ui.helpers import SIZE, make_app, settle, until

PROJECTOR_SIZES = [(80, 24), (64, 20)]  # the operator enlarges the font for the board


async def no_blink(pilot: Pilot) -> None:
    """A steady cursor in every field, the multi-line ones too (the sources): a blinking one
    made a snapshot depend on when it was taken. First every query out is answered: on a busy
    machine a list's rows could still be on their way when the picture was taken."""
    await settle(pilot)
    lists = list(pilot.app.screen.query(RowList))
    await until(lambda: not any(rows.busy for rows in lists))  # "bezig…" gone from the titles
    await pilot.pause()
    for widget in pilot.app.screen.query(Input):
        widget.cursor_blink = False
    for area in pilot.app.screen.query(TextArea):
        area.cursor_blink = False
        area.notify_style_update()  # lines drawn while it blinked are cached: draw them again
    await pilot.pause()


def pressing(*keys: str):
    """Press `keys` once the screen has settled, then let what they open settle too (it is
    often read in a worker) and steady the cursors."""

    async def run_before(pilot: Pilot) -> None:
        await settle(pilot)
        await pilot.press(*keys)
        await no_blink(pilot)

    return run_before


def test_register_on_the_demo_database(snap_compare, tmp_path: Path) -> None:
    """The register: search field, region filter, the first rows sorted by name (▲ on Naam),
    the cursor on the first row, region totals (Apeldoorn, Zutphen, Oost-Achterhoek, Totaal 140)
    above the footer with n, enter, d, /, r, s, q and f2."""
    app = make_app(tmp_path / "demo.sqlite", demo=True)
    assert snap_compare(app, terminal_size=SIZE, run_before=no_blink)


def test_register_searching(snap_compare, tmp_path: Path) -> None:
    """Typing 'zuidbroek' after '/' narrows the list to practices in wijk Zuidbroek; the totals
    say (gefilterd)."""
    app = make_app(tmp_path / "demo.sqlite", demo=True)

    async def search(pilot: Pilot) -> None:
        await pilot.press("slash", *"zuidbroek")
        await no_blink(pilot)

    assert snap_compare(app, terminal_size=SIZE, run_before=search)


def test_register_high_contrast(snap_compare, tmp_path: Path) -> None:
    """After f2: black background, white text, yellow accents, for a projector."""
    app = make_app(tmp_path / "demo.sqlite", demo=True)
    assert snap_compare(app, terminal_size=SIZE, run_before=pressing("f2"))


def test_new_practice_form(snap_compare, tmp_path: Path) -> None:
    """The empty form: all fields with Dutch labels, no error messages yet, focus on AGB-code,
    buttons Sluiten / Opslaan en nieuw / Opslaan, and the keys in the footer."""
    app = make_app(tmp_path / "demo.sqlite", demo=True)

    async def open_form(pilot: Pilot) -> None:
        await pilot.press("n")
        await no_blink(pilot)

    assert snap_compare(app, terminal_size=SIZE, run_before=open_form)


def test_new_practice_form_refused(snap_compare, tmp_path: Path) -> None:
    """After typing AGB '123' and ctrl+s: red messages at AGB-code, Naam and Regio, and the
    status line says the form was not saved."""
    app = make_app(tmp_path / "demo.sqlite", demo=True)

    async def refuse(pilot: Pilot) -> None:
        await pilot.press("n", "1", "2", "3", "ctrl+s")
        await no_blink(pilot)

    assert snap_compare(app, terminal_size=SIZE, run_before=refuse)


def test_edit_practice_form(snap_compare, tmp_path: Path) -> None:
    """Enter on the first practice: the form filled with its data, title 'Praktijk bewerken'."""
    app = make_app(tmp_path / "demo.sqlite", demo=True)

    async def edit(pilot: Pilot) -> None:
        await pilot.pause()  # the register's first rows are read in a worker: Enter opens a row
        await pilot.press("enter")
        await no_blink(pilot)

    assert snap_compare(app, terminal_size=SIZE, run_before=edit)


def test_delete_confirmation(snap_compare, tmp_path: Path) -> None:
    """d on the first practice: a red-bordered question naming the practice and its AGB, with
    Annuleren focused."""
    app = make_app(tmp_path / "demo.sqlite", demo=True)
    assert snap_compare(app, terminal_size=SIZE, run_before=pressing("d"))


def wizard_at(*keys: str):
    async def run_before(pilot: Pilot) -> None:
        await pilot.pause()  # the register's first rows are read in a worker: "p" acts on a row
        await pilot.press("p", *keys)
        await no_blink(pilot)

    return run_before


def test_plan_wizard_step_1_practice(snap_compare, tmp_path: Path) -> None:
    """Wizard on the first practice: the step bar (1 highlighted), practice data, 'Nog geen plan',
    and the rules panel on the right with 'Nog 8 regel(s) open'."""
    app = make_app(tmp_path / "demo.sqlite", demo=True)
    assert snap_compare(app, terminal_size=SIZE, run_before=wizard_at())


def test_plan_wizard_step_2_reflection(snap_compare, tmp_path: Path) -> None:
    """Step 2: two text boxes for the reflections, empty, the first focused."""
    app = make_app(tmp_path / "demo.sqlite", demo=True)
    assert snap_compare(app, terminal_size=SIZE, run_before=wizard_at("ctrl+right"))


def test_plan_wizard_step_3_year_one(snap_compare, tmp_path: Path) -> None:
    """Step 3 with 'Regie op veelgebruikers' chosen: its rule in the panel turns ✓."""
    app = make_app(tmp_path / "demo.sqlite", demo=True)
    keys = ("ctrl+right", "ctrl+right", "space")
    assert snap_compare(app, terminal_size=SIZE, run_before=wizard_at(*keys))


def test_plan_wizard_step_4_year_two(snap_compare, tmp_path: Path) -> None:
    """Step 4: the same list for year 2, nothing chosen yet."""
    app = make_app(tmp_path / "demo.sqlite", demo=True)
    keys = ("ctrl+right",) * 3
    assert snap_compare(app, terminal_size=SIZE, run_before=wizard_at(*keys))


def test_plan_wizard_step_5_support(snap_compare, tmp_path: Path) -> None:
    """Step 5 after choosing one intervention in year 1: one row (opfrissen, hoe, ondersteuning)
    and the intervisie boxes for year 1 and 2."""
    app = make_app(tmp_path / "demo.sqlite", demo=True)
    keys = ("ctrl+right", "ctrl+right", "space", "ctrl+right", "ctrl+right")
    assert snap_compare(app, terminal_size=SIZE, run_before=wizard_at(*keys))


def test_plan_wizard_step_6_overview(snap_compare, tmp_path: Path) -> None:
    """Step 6: the plan as the document will read, with the rule check at the end."""
    app = make_app(tmp_path / "demo.sqlite", demo=True)
    keys = ("ctrl+right",) * 5
    assert snap_compare(app, terminal_size=SIZE, run_before=wizard_at(*keys))


def plans_app(tmp_path: Path):
    from tests.conftest import open_test_database
    from tests.examples import fill

    path = tmp_path / "plans.sqlite"
    database = open_test_database(path)
    fill(database)
    database.close()
    return make_app(path)


def test_plans_overview(snap_compare, tmp_path: Path) -> None:
    """The plans overview (F4 marked in the section bar): two late practices first, in the
    alert colour, with "… dagen te laat"; then geen plan, concept, ingediend (with "nieuw
    concept") and the excluded practice dimmed; counts per region and state below."""
    assert snap_compare(plans_app(tmp_path), terminal_size=SIZE, run_before=pressing("f4"))


def test_plans_overview_interventions(snap_compare, tmp_path: Path) -> None:
    """The interventions tab: every intervention of HOOG grouped by kernelement, with HOOG's
    support, the survey's top-3 count, how many plans choose it in year 1 and 2 (Regie op
    veelgebruikers first with 2) and how many ask for support."""
    app = plans_app(tmp_path)
    assert snap_compare(app, terminal_size=SIZE, run_before=pressing("f4", "i"))


def lottery_at(*keys: str, sources: bool = True, steps: int = 0):
    """Open the lottery for Zutphen; freeze the pool and the RFC 3797 example sources if asked,
    then show `steps` steps, then press `keys`."""

    async def run_before(pilot: Pilot) -> None:
        await pilot.press("f5", "r", "down", "enter")
        if sources:
            await pilot.press("v", "enter")
            pilot.app.screen.query_one(TextArea).text = "9319\n10 2 8 12 5\n45 9 18 26 34 41"
            await pilot.press("ctrl+s", "enter")
            await pilot.press(*["space"] * steps)
        await pilot.press(*keys)
        await no_blink(pilot)

    return run_before


def test_lottery_preparation(snap_compare, tmp_path: Path) -> None:
    """Preparation for Zutphen: the pool numbered 1..32 by AGB with ION and preference (no
    preference marked *), and beside it the region's ION with its source, the capacity per
    moment (50/75/100%), the pool's total and the rules of the draw in plain Dutch."""
    app = make_app(tmp_path / "demo.sqlite", demo=True)
    assert snap_compare(app, terminal_size=SIZE, run_before=lottery_at(sources=False))


def test_lottery_mid_draw(snap_compare, tmp_path: Path) -> None:
    """Step 7 of 32 in big digits with the practice, its ION, preference and start; the three
    capacity bars partly filled; the seven steps drawn so far, newest at the cursor."""
    app = make_app(tmp_path / "demo.sqlite", demo=True)
    assert snap_compare(app, terminal_size=SIZE, run_before=lottery_at(steps=7))


def test_lottery_mid_draw_high_contrast(snap_compare, tmp_path: Path) -> None:
    """The same step on the projector theme: black background, yellow accents."""
    app = make_app(tmp_path / "demo.sqlite", demo=True)
    assert snap_compare(app, terminal_size=SIZE, run_before=lottery_at("f2", steps=7))


def test_lottery_summary(snap_compare, tmp_path: Path) -> None:
    """All 32 drawn: practices and ION per moment, "nog niet definitief" with the keys to
    finalise or discard, the TREKKINGSZEGEL in big glyphs and as the plain line, full bars, and
    the last step in the list (doorgeschoven marked)."""
    app = make_app(tmp_path / "demo.sqlite", demo=True)
    assert snap_compare(app, terminal_size=SIZE, run_before=lottery_at(steps=32))


def lottery_sources_typed():
    async def run_before(pilot: Pilot) -> None:
        await pilot.press("f5", "r", "down", "enter", "v", "enter")
        pilot.app.screen.query_one(TextArea).text = "9319\n10 2 8 12 5\n45 9 18 26 34 41"
        await no_blink(pilot)

    return run_before


def test_lottery_pool_seal(snap_compare, tmp_path: Path) -> None:
    """The pool of Zutphen is frozen: above the sources field the POOLZEGEL in big glyphs (b and
    d with stems, unlike 8 and 0), four lines of four groups of four, and under them the plain
    bold line to read aloud, kept while the sources are typed; the key (and how many sources)
    below the field, in view."""
    app = make_app(tmp_path / "demo.sqlite", demo=True)
    assert snap_compare(app, terminal_size=SIZE, run_before=lottery_sources_typed())


@pytest.mark.parametrize("size", PROJECTOR_SIZES, ids=["80x24", "64x20"])
def test_lottery_pool_seal_on_a_projector(snap_compare, tmp_path: Path, size) -> None:
    """At projector sizes: no header or section bar; the region, the whole POOLZEGEL in big
    glyphs and as the plain line, the typed sources (three rows at 80×24, two at 64×20) and the
    key on one line; the footer fits (^s, esc, f2)."""
    app = make_app(tmp_path / "demo.sqlite", demo=True)
    assert snap_compare(app, terminal_size=size, run_before=lottery_sources_typed())


@pytest.mark.parametrize("contrast", [False, True], ids=["normal", "high-contrast"])
@pytest.mark.parametrize("size", PROJECTOR_SIZES, ids=["80x24", "64x20"])
def test_lottery_draw_on_a_projector(snap_compare, tmp_path: Path, size, contrast) -> None:
    """Step 7 at a projector size: the number in big digits, the practice's full name (wrapped,
    never cut), its ION, pool number and AGB, preference and start (doorgeschoven marked), and
    per moment "t/m <datum> (p%)" with a bar and "x van y ION"; the footer shows l first."""
    app = make_app(tmp_path / "demo.sqlite", demo=True)
    keys = ("f2",) if contrast else ()
    assert snap_compare(app, terminal_size=size, run_before=lottery_at(*keys, steps=7))


@pytest.mark.parametrize("size", PROJECTOR_SIZES, ids=["80x24", "64x20"])
def test_lottery_draw_seal_on_a_projector(snap_compare, tmp_path: Path, size) -> None:
    """All 32 drawn at a projector size: the TREKKINGSZEGEL in big glyphs, whole, and the plain
    line under it; the footer offers l (the outcome, bars and list) and f (make final)."""
    app = make_app(tmp_path / "demo.sqlite", demo=True)
    assert snap_compare(app, terminal_size=size, run_before=lottery_at(steps=32))


def test_lottery_other_view_on_a_projector(snap_compare, tmp_path: Path) -> None:
    """At 64×20 after `l` during the draw: the list of the steps drawn so far instead of the
    stage; the footer now lists the phase's other keys, l first."""
    app = make_app(tmp_path / "demo.sqlite", demo=True)
    assert snap_compare(app, terminal_size=(64, 20), run_before=lottery_at("l", steps=7))


def test_declarations_overview(snap_compare, tmp_path: Path) -> None:
    """2023-Q3 after the lotteries: tariff € 2,96 and the payer above the list; rows with ION,
    peildatum, amount, status and remarks (plan te laat, ION ouder); the highlighted row in
    full below; totals per region and status; bars per quarter with 2023-Q3 marked."""
    from tests.examples import drawn_demo

    app = make_app(drawn_demo(tmp_path / "demo.sqlite"))
    keys = ["f6", *["left"] * 5]
    assert snap_compare(app, terminal_size=SIZE, press=keys, run_before=no_blink)


def test_declaration_status_dialog(snap_compare, tmp_path: Path) -> None:
    """Rejecting a declaration asks the date (today filled in) and the reason."""
    from tests.examples import drawn_demo

    app = make_app(drawn_demo(tmp_path / "demo.sqlite"))
    assert snap_compare(app, terminal_size=SIZE, run_before=pressing("f6", "w"))


IMPORT_LINES = (
    "agb;naam;regio;wijk;ion;voorkeur;vragenlijst;email;startdatum;uitgesloten",
    "01001441;Huisartsenpraktijk Lensink en De Bruijn;Oost-Achterhoek;Winterswijk;4700;"
    "01-07-2023;ja;info@lensinkdebruijn-winterswijk.nl;;",
    "01017888;Gezondheidscentrum De Horst;Zwolle;Vaassen;9217;01-07-2023;ja;;;",
    "1234567;Huisartsen Het Veld;Zutphen;;3000;;;;;",
    "09999999;Huisartsen De Eik;Zutphen;Centrum;2500;01-01-2024;ja;info@deeik.nl;;",
    "01021749;Huisartsen De Groot & Beunk;Oost-Achterhoek;Winterswijk;5933;01-07-2023;ja;;;",
)


def import_file(tmp_path: Path, monkeypatch) -> Path:
    """A practice list in ~/export (HOME is the test folder, so paths show the same each run)."""
    import os
    from datetime import datetime

    monkeypatch.setenv("HOME", str(tmp_path))
    path = tmp_path / "export" / "praktijken-enquete.csv"
    path.parent.mkdir()
    path.write_text("\n".join(IMPORT_LINES) + "\n", encoding="utf-8")
    changed = datetime(2026, 11, 20, 9, 30).timestamp()  # local time: shown so in any zone
    os.utime(path, (changed, changed))
    return path


def test_import_choose_a_file(snap_compare, tmp_path: Path, monkeypatch) -> None:
    """After I: what the file must look like, the path field (focused, a hint inside), and
    the practice lists found in ~/export with folder and date."""
    import_file(tmp_path, monkeypatch)
    app = make_app(tmp_path / "demo.sqlite", demo=True)

    async def found(pilot: Pilot) -> None:
        await pilot.press("I")
        await app.workers.wait_for_complete()  # each file's header row is read in a thread
        await no_blink(pilot)

    assert snap_compare(app, terminal_size=SIZE, run_before=found)


def test_import_preview_with_errors(snap_compare, tmp_path: Path, monkeypatch) -> None:
    """The preview: counts (1 nieuw, 1 gewijzigd, 1 ongewijzigd, 2 fout), the two rows in
    error first (red), then the changed (ION 4.659 → 4.700) and the new one; below, the first
    error row in full and why nothing can be imported yet; ^s dimmed, g offered."""
    path = import_file(tmp_path, monkeypatch)
    app = make_app(tmp_path / "demo.sqlite", demo=True)

    async def preview(pilot: Pilot) -> None:
        await pilot.press("I")
        app.screen.query_one("#path", Input).value = str(path)
        await pilot.press("enter")
        await app.workers.wait_for_complete()
        await pilot.pause()

    assert snap_compare(app, terminal_size=SIZE, run_before=preview)
