"""Conflicten: the werkkopie's open conflicts, and a person's decision on each (SPEC §9).

On top the conflicts (oldest first); below, the chosen one: what it is about, why the server
could not take it, and per field its basis, mine and theirs, with the version kept. `m` keeps
mine for every field, `h` theirs, space (or Enter) switches the field under the cursor, and
ctrl+s (or `o`) saves the decision: it becomes a new change, sent at the next synchronisation.
Reading and deciding run in workers; after a decision the next open conflict is shown.

Opened by the app with `push_screen(ConflictsScreen(database))`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import Screen
from textual.widgets import DataTable, OptionList, Static
from textual.widgets.option_list import Option

from mtvdp_tui.i18n import t
from mtvdp_tui.records.failure import failure_text
from mtvdp_tui.records.sync import Conflict, Decision
from mtvdp_tui.store.conflicts import decide, open_conflicts
from mtvdp_tui.widgets.key_footer import KeyFooter

if TYPE_CHECKING:
    from mtvdp_tui.store.database import Database

# the fields table: the label column's width, the kept column's; the three values share the rest
LABEL_WIDTH = 18
KEEP_WIDTH = 6
SIDES = ("base", "mine", "theirs")
WIDE = 72  # narrower screens show the basis only below the table, for the field under the cursor
CHROME = 14  # the cells' padding (2 per column), the table's scroll bar, the margins


def decision_for(conflict: Conflict, mine: frozenset[str]) -> tuple[Decision, frozenset[str]]:
    """The decision `mine` (the fields kept as mine) amounts to: every differing field mine is
    MIJN, none is HUN, otherwise PER_VELD with those fields."""
    differing = frozenset(field.name for field in conflict.fields if field.differs)
    kept = mine & differing
    if not kept:
        return Decision.HUN, frozenset()
    if kept == differing:
        return Decision.MIJN, frozenset()
    return Decision.PER_VELD, kept


class ConflictsScreen(Screen[None]):
    CSS_PATH = "conflicts.tcss"
    HELP = t("help.screen.conflicts")
    BINDINGS = [
        Binding("m", "all_mine", t("conflicts.key.all_mine"), id="conflicts.all_mine"),
        Binding("h", "all_theirs", t("conflicts.key.all_theirs"), id="conflicts.all_theirs"),
        Binding("space", "switch", t("conflicts.key.toggle"), id="conflicts.toggle"),
        Binding("ctrl+s,o", "save", t("conflicts.key.save"), id="conflicts.save"),
        Binding("escape", "back", t("conflicts.key.back"), id="conflicts.back"),
    ]

    def __init__(self, database: Database) -> None:
        super().__init__()
        self.database = database
        self.conflicts: list[Conflict] = []
        self.current: Conflict | None = None
        self.mine: dict[int, frozenset[str]] = {}  # per conflict: the fields kept as mine
        self.busy = False  # a decision is being saved
        self.read = False  # the conflicts were read (once at least)

    def compose(self) -> ComposeResult:
        yield Static(t("conflicts.title"), id="title")
        yield OptionList(id="list")
        with Vertical(id="detail"):
            yield Static(id="subject")
            yield Static(id="reason")
            yield DataTable(id="fields", cursor_type="row", zebra_stripes=True)
            yield Static(id="field-detail")
        yield Static(t("conflicts.loading"), id="status")
        yield KeyFooter()

    def on_mount(self) -> None:
        self.query_one("#fields", DataTable).focus()
        self._read()

    # --- reading -------------------------------------------------------------------------------

    @work(thread=True, exclusive=True, group="query-conflicts")
    def _read(self, then_say: str = "") -> None:
        try:
            found = open_conflicts(self.database)
        except Exception as error:
            text = t("conflicts.read_failed", error=failure_text(error))
            self.app.call_from_thread(self._say, text)
            return
        self.app.call_from_thread(self._show_list, found, then_say)

    def _show_list(self, found: list[Conflict], said: str) -> None:
        self.read = True
        place = self.conflicts.index(self.current) if self.current in self.conflicts else 0
        self.conflicts = found
        listing = self.query_one("#list", OptionList)
        listing.clear_options()
        listing.add_options(Option(Text(c.subject), id=str(c.id)) for c in found)
        self.query_one("#status", Static).update(said)
        if not found:
            self.current = None
            self._show_none()
            return
        listing.highlighted = min(place, len(found) - 1)
        self._show(found[listing.highlighted])

    def _show_none(self) -> None:
        self.query_one("#list").display = False
        self.query_one("#fields").display = False
        self.query_one("#field-detail", Static).update("")
        self.query_one("#reason", Static).update("")
        self.query_one("#subject", Static).update(t("conflicts.none"))
        self.query_one("#title", Static).update(t("conflicts.title"))
        self.refresh_bindings()

    @on(OptionList.OptionHighlighted, "#list")
    def _highlighted(self, event: OptionList.OptionHighlighted) -> None:
        index = event.option_index
        if 0 <= index < len(self.conflicts) and self.conflicts[index] is not self.current:
            self._show(self.conflicts[index])

    def _show(self, conflict: Conflict) -> None:
        self.current = conflict
        number, count = self.conflicts.index(conflict) + 1, len(self.conflicts)
        position = t("conflicts.position", number=number, count=count)
        self.query_one("#title", Static).update(f"{t('conflicts.title')} — {position}")
        self.query_one("#subject", Static).update(Text(conflict.subject))
        self.query_one("#reason", Static).update(Text(conflict.reason))
        self._fill_table()
        self.refresh_bindings()

    # --- the fields table ----------------------------------------------------------------------

    def _fill_table(self) -> None:
        conflict = self.current
        table = self.query_one("#fields", DataTable)
        row = table.cursor_row
        table.clear(columns=True)
        if conflict is None:
            return
        sides = SIDES if self.size.width >= WIDE else SIDES[1:]  # narrow: basis below only
        label_width = min(LABEL_WIDTH, self.size.width // 4)
        spare = self.size.width - label_width - KEEP_WIDTH - CHROME + 2 * (len(SIDES) - len(sides))
        value_width = max(8, spare // len(sides))
        table.add_column(t("conflicts.col.field"), width=label_width, key="label")
        for side in sides:
            table.add_column(t(f"conflicts.col.{side}"), width=value_width, key=side)
        table.add_column(t("conflicts.col.keep"), width=KEEP_WIDTH, key="keep")
        mine = self.mine.get(conflict.id, frozenset())
        shown = ("label", *sides, "keep")
        for field in conflict.fields:
            cells = dict(zip(("label", *SIDES, "keep"), self._cells(field.name, mine), strict=True))
            table.add_row(*(cells[column] for column in shown), key=field.name)
        table.move_cursor(row=min(row, len(conflict.fields) - 1))

    def _columns(self) -> tuple[str, ...]:
        table = self.query_one("#fields", DataTable)
        return tuple(str(key.value) for key in table.columns)

    def _cells(self, name: str, mine: frozenset[str]) -> list[Text]:
        assert self.current is not None
        field = next(field for field in self.current.fields if field.name == name)
        base = t("cli.conflicts.basis_unknown") if field.base is None else field.base
        if not field.differs:
            cells = (field.label, base, field.mine, field.theirs, "")
            return [Text(text, style="dim") for text in cells]
        kept_mine = name in mine
        chosen, other = "bold underline", ""
        return [
            Text(field.label, style="bold"),
            Text(base),
            Text(field.mine, style=chosen if kept_mine else other),
            Text(field.theirs, style=other if kept_mine else chosen),
            Text(t("conflicts.keep.mine" if kept_mine else "conflicts.keep.theirs"), "bold"),
        ]

    def _set_mine(self, mine: frozenset[str]) -> None:
        assert self.current is not None
        self.mine[self.current.id] = mine
        table = self.query_one("#fields", DataTable)
        for field in self.current.fields:
            cells = dict(zip(("label", *SIDES, "keep"), self._cells(field.name, mine), strict=True))
            for column in self._columns():
                table.update_cell(field.name, column, cells[column])

    def on_resize(self) -> None:
        if self.current is not None:
            self._fill_table()

    # --- choosing ------------------------------------------------------------------------------

    def action_all_mine(self) -> None:
        assert self.current is not None
        self._set_mine(frozenset(field.name for field in self.current.fields))

    def action_all_theirs(self) -> None:
        self._set_mine(frozenset())

    def action_switch(self) -> None:
        conflict = self.current
        table = self.query_one("#fields", DataTable)
        if conflict is None or not table.row_count:
            return
        name = conflict.fields[table.cursor_row].name
        if not conflict.fields[table.cursor_row].differs:
            return
        mine = self.mine.get(conflict.id, frozenset())
        if conflict.mine is None or conflict.theirs is None:  # a whole record: all or nothing
            everything = frozenset(field.name for field in conflict.fields)
            self._set_mine(frozenset() if name in mine else everything)
        else:
            self._set_mine(mine - {name} if name in mine else mine | {name})

    @on(DataTable.RowHighlighted, "#fields")
    def _field_detail(self, event: DataTable.RowHighlighted) -> None:
        """The field under the cursor in full: a narrow column cuts a long value."""
        conflict = self.current
        detail = self.query_one("#field-detail", Static)
        if conflict is None or not 0 <= event.cursor_row < len(conflict.fields):
            detail.update("")
            return
        field = conflict.fields[event.cursor_row]
        base = t("cli.conflicts.basis_unknown") if field.base is None else field.base
        detail.update(
            Text(
                t(
                    "conflicts.detail",
                    label=field.label,
                    base=base,
                    mine=field.mine,
                    theirs=field.theirs,
                )
            )
        )

    @on(DataTable.RowSelected, "#fields")
    def _selected(self) -> None:
        """Enter on a field switches it, as space does."""
        if self.check_action("switch", ()):
            self.action_switch()

    # --- deciding ------------------------------------------------------------------------------

    def action_save(self) -> None:
        conflict = self.current
        assert conflict is not None
        decision, fields = decision_for(conflict, self.mine.get(conflict.id, frozenset()))
        self.busy = True
        self.refresh_bindings()
        self.query_one("#status", Static).update(t("conflicts.saving"))
        self._decide(conflict.id, decision, fields)

    @work(thread=True, exclusive=True, group="decide-conflict")
    def _decide(self, conflict_id: int, decision: Decision, fields: frozenset[str]) -> None:
        try:
            decide(self.database, conflict_id, decision, fields)
        except Exception as error:
            text = t("conflicts.failed", error=failure_text(error))
            self.app.call_from_thread(self._decided, text, error=True)
            return
        said = t("conflicts.saved_theirs" if decision is Decision.HUN else "conflicts.saved")
        self.app.call_from_thread(self._decided, said)

    def _decided(self, text: str, *, error: bool = False) -> None:
        self.busy = False
        self.refresh_bindings()
        if error:
            self._say(text)
            return
        if self.current is not None:
            self.mine.pop(self.current.id, None)
        self._read(text)

    def _say(self, text: str) -> None:
        self.query_one("#status", Static).update(Text(text))
        self.notify(text, severity="error", timeout=10)

    # --- keys ----------------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("all_mine", "all_theirs", "switch", "save"):
            if self.current is None:
                return False  # none left: the keys are not shown
            return None if self.busy else True  # shown, dimmed while a decision is saved
        return True

    def action_back(self) -> None:
        self.dismiss()
