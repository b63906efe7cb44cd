"""The practice register, driven by keyboard as a wijkmanager would."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import text
from textual.widgets import Input, Select

from mtvdp_tui.records.practices import PracticeQuery
from mtvdp_tui.screens.confirm import ConfirmScreen
from mtvdp_tui.screens.practice_form import PracticeFormScreen
from mtvdp_tui.widgets.practice_list import PracticeList
from mtvdp_tui.widgets.region_totals import RegionTotals
from tests.ui.helpers import SIZE, make_app, text_of, type_fast, type_text

BOTH_ENGINES = True  # the tests asking for `new_app` also run on PostgreSQL (tests/ui/conftest.py)


def practice_list(app) -> PracticeList:
    return app.screen.query_one(PracticeList)


async def test_demo_register_shows_all_practices_and_region_totals(new_app) -> None:
    app = new_app(demo=True)
    async with app.run_test(size=SIZE):
        assert practice_list(app).row_count == 140
        totals = app.screen.query_one(RegionTotals)
        assert [total.region for total in totals.totals] == [
            "Apeldoorn",
            "Zutphen",
            "Oost-Achterhoek",
        ]
        assert totals.practices == 140 and not totals.filtered
        assert totals.ion == sum(practice_list(app).row_at(i).ion or 0 for i in range(140))
        assert app.screen.focused is practice_list(app)


async def test_search_narrows_the_list_as_you_type(new_app) -> None:
    app = new_app(demo=True)
    async with app.run_test(size=SIZE) as pilot:
        first = practice_list(app).row_at(0)
        assert first is not None
        await pilot.press("slash")
        assert isinstance(app.screen.focused, Input)
        await type_text(pilot, first.agb)
        assert practice_list(app).row_count == 1
        assert practice_list(app).current_row == first
        assert app.screen.query_one(RegionTotals).filtered
        await pilot.press("escape")
        assert app.screen.focused is practice_list(app)


async def test_search_without_matches_says_so(new_app) -> None:
    app = new_app(demo=True)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("slash")
        await type_text(pilot, "zzzz-bestaat-niet")
        assert practice_list(app).row_count == 0
        assert "Geen praktijken gevonden" in practice_list(app).empty_text


async def test_region_filter_shows_only_that_region(new_app) -> None:
    app = new_app(demo=True)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("r")
        select = app.screen.query_one("#region", Select)
        assert select.expanded
        await pilot.press("down", "down", "enter")  # past "Alle regio's" to Zutphen
        assert select.value == "Zutphen"
        expected = app.database.practices.count(PracticeQuery(region="Zutphen"))
        assert 0 < practice_list(app).row_count == expected < 140
        rows = [practice_list(app).row_at(i) for i in range(expected)]
        assert {row.region for row in rows if row} == {"Zutphen"}


async def test_sort_key_cycles_columns_and_shows_the_order(new_app) -> None:
    app = new_app(demo=True)
    async with app.run_test(size=SIZE) as pilot:
        header = practice_list(app)
        assert header.sort == "naam"
        await pilot.press("s")  # the next column to the right
        assert header.sort == "regio"
        await pilot.press("s", "s")
        assert header.sort == "ion"
        ions = [practice_list(app).row_at(i).ion for i in range(140)]
        assert ions == sorted(ions)
        await pilot.press("S")
        assert header.descending
        assert practice_list(app).row_at(0).ion == max(ions)


async def test_invalid_agb_is_shown_at_the_field_and_nothing_is_stored(new_app) -> None:
    app = new_app("leeg")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("n")
        assert isinstance(app.screen, PracticeFormScreen)
        await type_text(pilot, "1234")
        assert text_of(app, "#agb-error") == "AGB-code moet precies 8 cijfers zijn."
        await pilot.press("ctrl+s")
        assert isinstance(app.screen, PracticeFormScreen)  # not saved, still open
        assert "kloppen nog niet" in text_of(app, "#status")
        assert text_of(app, "#name-error") == "Naam is verplicht."
        assert app.database.practices.count() == 0
        await type_text(pilot, "Praktijk")  # the focus went to the first bad field: AGB-code
        assert "kloppen nog niet" in text_of(app, "#status")  # still: naam and regio


async def fill_new_practice(pilot, agb: str, name: str) -> None:
    await pilot.press("n")
    await type_text(pilot, agb)
    await pilot.press("enter")  # next field: naam
    await type_text(pilot, name)
    await pilot.press("enter")  # next field: regio
    await pilot.press("enter", "down", "enter")  # open, past the prompt, choose Apeldoorn
    await pilot.press("tab")  # wijk
    await type_text(pilot, "Zuidbroek")
    await pilot.press("enter")  # ION
    await type_text(pilot, "2.345")


async def test_valid_practice_is_saved_and_appears_in_the_list(new_app) -> None:
    app = new_app("leeg")
    async with app.run_test(size=SIZE) as pilot:
        await fill_new_practice(pilot, "01234567", "Huisartsenpraktijk De Linde")
        await pilot.press("ctrl+s")
        assert not isinstance(app.screen, PracticeFormScreen)
        row = practice_list(app).current_row
        assert row is not None and row.agb == "01234567"
        assert (row.region, row.wijk, row.ion) == ("Apeldoorn", "Zuidbroek", 2345)
        assert app.database.practices.count() == 1


async def test_save_and_new_keeps_the_form_open_for_the_next_practice(new_app) -> None:
    app = new_app("leeg")
    async with app.run_test(size=SIZE) as pilot:
        await fill_new_practice(pilot, "01234567", "Praktijk Een")
        await pilot.press("ctrl+n")
        assert isinstance(app.screen, PracticeFormScreen)
        assert "Opgeslagen: Praktijk Een" in text_of(app, "#status")
        assert app.screen.query_one("#agb", Input).value == ""
        assert app.screen.query_one("#region", Select).value == "Apeldoorn"  # kept
        await type_text(pilot, "01234568")
        await pilot.press("enter")
        await type_text(pilot, "Praktijk Twee")
        await pilot.press("ctrl+s")
        assert app.database.practices.count() == 2
        assert practice_list(app).row_count == 2


async def test_duplicate_agb_is_refused_at_the_field(new_app) -> None:
    app = new_app("leeg")
    async with app.run_test(size=SIZE) as pilot:
        await fill_new_practice(pilot, "01234567", "Praktijk Een")
        await pilot.press("ctrl+s")
        await pilot.press("n")
        await type_text(pilot, "01234567")
        await app.workers.wait_for_complete()  # the code is looked up by a worker
        await pilot.pause()
        assert "al in gebruik" in text_of(app, "#agb-error")


async def test_edit_changes_the_practice(new_app) -> None:
    app = new_app(demo=True)
    async with app.run_test(size=SIZE) as pilot:
        row = practice_list(app).current_row
        await pilot.press("enter")
        assert isinstance(app.screen, PracticeFormScreen)
        name = app.screen.query_one("#name", Input)
        assert name.value == row.name
        assert app.screen.focused is name
        await pilot.press("end", *["space", "B", "V"])
        await pilot.press("ctrl+s")
        assert app.database.practices.get(row.id).data.name == row.name + " BV"
        assert app.database.practices.get(row.id).version == 2


async def test_escape_with_changes_asks_before_discarding(tmp_path: Path) -> None:
    app = make_app(tmp_path / "demo.sqlite", demo=True)
    async with app.run_test(size=SIZE) as pilot:
        row = practice_list(app).current_row
        await pilot.press("enter")
        await type_text(pilot, "X")
        await pilot.press("escape")
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("escape")  # no: back to the form, the typing is still there
        assert isinstance(app.screen, PracticeFormScreen)
        assert app.screen.query_one("#name", Input).value.endswith("X")
        await pilot.press("escape")
        await pilot.press("tab", "enter")  # focus moves from "Annuleren" to "Weggooien"
        assert not isinstance(app.screen, (PracticeFormScreen, ConfirmScreen))
        assert app.database.practices.get(row.id).data.name == row.name


async def test_escape_without_changes_closes_at_once(tmp_path: Path) -> None:
    app = make_app(tmp_path / "demo.sqlite", demo=True)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter", "escape")
        assert not isinstance(app.screen, (PracticeFormScreen, ConfirmScreen))


async def test_delete_asks_and_removes(new_app) -> None:
    app = new_app(demo=True)
    async with app.run_test(size=SIZE) as pilot:
        row = practice_list(app).current_row
        await pilot.press("d")
        assert isinstance(app.screen, ConfirmScreen)
        assert row.name in app.screen.question
        await pilot.press("enter")  # the focused, safe answer: Annuleren
        assert app.database.practices.count() == 140
        await pilot.press("d", "tab", "enter")
        assert app.database.practices.count() == 139
        assert practice_list(app).row_count == 139
        assert practice_list(app).current_row != row


async def test_delete_refused_when_the_practice_is_in_use(new_app) -> None:
    app = new_app(demo=True)
    async with app.run_test(size=SIZE) as pilot:
        row = practice_list(app).current_row
        with app.database.engine.begin() as connection:
            connection.execute(
                text(
                    "CREATE TABLE plan_test (id INTEGER PRIMARY KEY, "
                    "practice_id INTEGER REFERENCES practice(id))"
                )
            )
            connection.execute(
                text("INSERT INTO plan_test (id, practice_id) VALUES (1, :id)"), {"id": row.id}
            )
        await pilot.press("d")
        assert not isinstance(app.screen, ConfirmScreen)  # refused before asking
        assert app.database.practices.count() == 140


async def test_keys_are_in_the_command_palette(tmp_path: Path) -> None:
    app = make_app(tmp_path / "demo.sqlite", demo=True)
    async with app.run_test(size=SIZE):
        titles = [command.title for command in app.get_system_commands(app.screen)]
        for title in (
            "Nieuw",
            "Bewerken",
            "Verwijderen",
            "Zoeken",
            "Regio",
            "Sorteren",
            "Afsluiten",
            "Hoog contrast",
        ):
            assert title in titles


async def test_high_contrast_toggles(tmp_path: Path) -> None:
    app = make_app(tmp_path / "demo.sqlite", demo=True)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f2")
        assert app.theme == "mtvdp-hoog-contrast"
        await pilot.press("f2")
        assert app.theme == "textual-dark"


async def test_list_scrolls_with_the_cursor(tmp_path: Path) -> None:
    app = make_app(tmp_path / "demo.sqlite", demo=True)
    async with app.run_test(size=SIZE) as pilot:
        practices = practice_list(app)
        await pilot.press("end")
        assert practices.cursor == 139
        assert practices.scroll_offset.y > 0
        await pilot.press("home")
        assert practices.cursor == 0 and practices.scroll_offset.y == 0
        await pilot.press("pagedown")
        assert practices.cursor > 10


async def test_typing_slash_then_a_name_at_full_speed_searches(new_app) -> None:
    """'/linde' typed in one go: every letter lands in the search field, none triggers a key
    of the list (the 'n' would otherwise open the new-practice form)."""
    app = new_app(demo=True)
    async with app.run_test(size=SIZE) as pilot:
        await type_fast(pilot, "/linde")
        assert not isinstance(app.screen, PracticeFormScreen)
        assert app.screen.query_one("#search", Input).value == "linde"
        assert 0 < practice_list(app).row_count < 140
        await type_fast(pilot, "/")  # inside the search field a slash is just a character
        assert app.screen.query_one("#search", Input).value == "linde/"


async def test_typing_n_then_an_agb_at_full_speed_fills_the_form(tmp_path: Path) -> None:
    """Quick entry from a paper list: 'n' and the AGB code typed in one go."""
    app = make_app(tmp_path / "demo.sqlite", demo=True)
    async with app.run_test(size=SIZE) as pilot:
        await type_fast(pilot, "n01234567")
        assert isinstance(app.screen, PracticeFormScreen)
        assert app.screen.query_one("#agb", Input).value == "01234567"


async def test_typing_n_in_the_search_field_searches(tmp_path: Path) -> None:
    app = make_app(tmp_path / "demo.sqlite", demo=True)
    async with app.run_test(size=SIZE) as pilot:
        await type_fast(pilot, "/nn")
        assert not isinstance(app.screen, PracticeFormScreen)
        assert app.screen.query_one("#search", Input).value == "nn"


async def test_fast_entry_with_enter_between_fields_loses_nothing(tmp_path: Path) -> None:
    """AGB, Enter, name typed in one burst: each value lands in its own field."""
    app = make_app(tmp_path / "demo.sqlite", demo=True)
    async with app.run_test(size=SIZE) as pilot:
        await type_fast(pilot, "n01999901\nHet Veen")
        form = app.screen
        assert form.query_one("#agb", Input).value == "01999901"
        assert form.query_one("#name", Input).value == "Het Veen"
        await type_fast(pilot, "\t\tZuidbroek\n3.210\ninfo@hetveen.nl")  # past regio
        assert form.query_one("#wijk", Input).value == "Zuidbroek"
        assert form.query_one("#ion", Input).value == "3.210"
        assert form.query_one("#email", Input).value == "info@hetveen.nl"


async def test_save_typed_right_after_the_last_letter_saves_what_was_typed(new_app) -> None:
    """ctrl+s must not overtake the letters typed just before it."""
    app = new_app("leeg")
    async with app.run_test(size=SIZE) as pilot:
        await type_fast(pilot, "n01999902\nPraktijk De Kei")
        await pilot.press("enter", "enter", "down", "enter")  # to regio, open, Apeldoorn
        await type_fast(pilot, "\tZuidbroek<ctrl+n>01999903")
        saved = app.database.practices.page(PracticeQuery(), 0, 10)
        assert [(row.name, row.wijk) for row in saved] == [("Praktijk De Kei", "Zuidbroek")]
        assert app.screen.query_one("#agb", Input).value == "01999903"  # in the new, empty form
        await type_fast(pilot, "\nPraktijk De Steen<ctrl+s>")
        assert not isinstance(app.screen, PracticeFormScreen)
        names = [practice_list(app).row_at(i).name for i in range(2)]
        assert names == ["Praktijk De Kei", "Praktijk De Steen"]
