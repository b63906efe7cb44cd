"""Judging an imported practice list before anything is written: the preview of an import.

`plan_import` takes the rows `import_reading.read_rows` read and decides, per row, what an import
would do: add a practice (`nieuw`), change one (`gewijzigd`, with the differences), leave one as it
is (`ongewijzigd`), or refuse the row (`fout`, with a Dutch message per column). Practices are
matched on their AGB code. Every value is judged by the same parsers as the practice form
(`domain.practice`), plus what only a file can get wrong: an unknown region, a preference that is
not an inflow moment, an AGB twice in one file, invisible control characters.

Updating an existing practice, an empty cell in an optional column (wijk, ion, voorkeur,
vragenlijst, email, startdatum) keeps what is stored: a survey export that lacks a figure must not
wipe it. To clear a preference write "weet ik niet". The exception is `uitgesloten`: when the file
has that column, an empty cell means "not excluded" (the register export writes it that way); when
the file lacks the column, exclusion is left as it is. Notes are not part of the format and are
never changed.
"""

from __future__ import annotations

import dataclasses
import enum
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import NamedTuple, TypedDict

from mtvdp_tui import formatting
from mtvdp_tui.domain.import_reading import (
    COLUMNS,
    NO,
    REQUIRED_COLUMNS,
    UNKNOWN_PREFERENCE,
    YES,
    ImportFile,
    RawRow,
    has_control_characters,
    shorten,
)
from mtvdp_tui.domain.practice import (
    NAME_MAX,
    FieldError,
    PracticeData,
    parse_agb,
    parse_date,
    parse_email,
    parse_excluded_reason,
    parse_ion,
    parse_name,
    parse_start_date,
)
from mtvdp_tui.domain.ruleset import Ruleset
from mtvdp_tui.i18n import t

OPTIONAL_KEPT_WHEN_EMPTY = ("wijk", "ion", "voorkeur", "vragenlijst", "email", "startdatum")
_UNKNOWN_PREFERENCES = (UNKNOWN_PREFERENCE, "ik weet het niet")


class RowKind(enum.StrEnum):
    NIEUW = "nieuw"
    GEWIJZIGD = "gewijzigd"
    ONGEWIJZIGD = "ongewijzigd"
    FOUT = "fout"

    @property
    def label(self) -> str:
        return _KIND_LABELS[self]()


_KIND_LABELS: dict[RowKind, Callable[[], str]] = {
    RowKind.NIEUW: lambda: t("import.soort.nieuw"),
    RowKind.GEWIJZIGD: lambda: t("import.soort.gewijzigd"),
    RowKind.ONGEWIJZIGD: lambda: t("import.soort.ongewijzigd"),
    RowKind.FOUT: lambda: t("import.soort.fout"),
}


def column_label(column: str) -> str:
    """The Dutch label of a file column (as in the differences); "" for the row as a whole."""
    return _COLUMN_LABELS[column]() if column in _COLUMN_LABELS else column


_COLUMN_LABELS: dict[str, Callable[[], str]] = {
    "agb": lambda: t("import.veld.agb"),
    "naam": lambda: t("import.veld.naam"),
    "regio": lambda: t("import.veld.regio"),
    "wijk": lambda: t("import.veld.wijk"),
    "ion": lambda: t("import.veld.ion"),
    "voorkeur": lambda: t("import.veld.voorkeur"),
    "vragenlijst": lambda: t("import.veld.vragenlijst"),
    "email": lambda: t("import.veld.email"),
    "startdatum": lambda: t("import.veld.startdatum"),
    "uitgesloten": lambda: t("import.veld.uitgesloten"),
}


class RowError(NamedTuple):
    column: str  # the file's column name; "" for the row as a whole
    message: str  # Dutch


class Difference(NamedTuple):
    field: str  # Dutch label
    old: str  # as shown to the user
    new: str


@dataclass(frozen=True)
class ImportRow:
    number: int  # as the user sees it in the file: the header is row 1
    kind: RowKind
    agb: str  # the cell as in the file, for the preview (invisible characters shown as `?`)
    name: str
    data: PracticeData | None = None  # what the practice would become; None for `fout`
    existing: PracticeData | None = None  # the stored practice with this AGB
    differences: tuple[Difference, ...] = ()
    errors: tuple[RowError, ...] = ()


@dataclass(frozen=True)
class ImportPlan:
    rows: tuple[ImportRow, ...]
    notes: tuple[str, ...] = ()  # Dutch notes about the file (unknown columns, encoding)

    @property
    def counts(self) -> dict[RowKind, int]:
        found = Counter(row.kind for row in self.rows)
        return {kind: found[kind] for kind in RowKind}

    @property
    def valid_rows(self) -> tuple[PracticeData, ...]:
        """The practices to write: new and changed rows, in file order."""
        return tuple(
            row.data
            for row in self.rows
            if row.data is not None and row.kind in (RowKind.NIEUW, RowKind.GEWIJZIGD)
        )

    @property
    def error_rows(self) -> tuple[ImportRow, ...]:
        return tuple(row for row in self.rows if row.kind is RowKind.FOUT)

    @property
    def has_errors(self) -> bool:
        return any(row.kind is RowKind.FOUT for row in self.rows)


def plan_file(
    file: ImportFile, ruleset: Ruleset, existing: Mapping[str, PracticeData]
) -> ImportPlan:
    """`plan_import` for a file read with `read_import`, keeping its notes."""
    return plan_import(file.rows, ruleset, existing, notes=file.notes)


def plan_import(
    rows: Iterable[RawRow],
    ruleset: Ruleset,
    existing: Mapping[str, PracticeData],
    *,
    notes: Sequence[str] = (),
) -> ImportPlan:
    """What importing `rows` would do, per row; `existing` maps AGB → the stored practice."""
    rows = list(rows)
    doubles = _doubled_agbs(rows)
    return ImportPlan(
        rows=tuple(_plan_row(row, ruleset, existing, doubles) for row in rows),
        notes=tuple(notes),
    )


def _plan_row(
    row: RawRow,
    ruleset: Ruleset,
    existing: Mapping[str, PracticeData],
    doubles: Mapping[str, list[int]],
) -> ImportRow:
    if row.problem:
        problem = (RowError("", row.problem),)
        return ImportRow(number=row.number, kind=RowKind.FOUT, agb="", name="", errors=problem)
    agb = _valid_agb(row)
    old = existing.get(agb) if agb else None
    changes, errors = _judge(row, _Context(ruleset, old))
    if agb is not None and agb in doubles:
        numbers = formatting.listing([str(number) for number in doubles[agb]])
        errors.append(RowError("agb", t("import.fout.agb_dubbel", agb=agb, regels=numbers)))
    if row.extra:
        errors.append(RowError("", t("import.fout.te_veel_waarden", aantal=len(row.extra))))
    shown = ImportRow(
        number=row.number,
        kind=RowKind.FOUT,
        agb=shorten(row.values.get("agb", ""), limit=20),
        name=shorten(" ".join(row.values.get("naam", "").split()), limit=NAME_MAX),
        existing=old,
    )
    if errors:
        return dataclasses.replace(shown, errors=tuple(_in_column_order(errors)))
    if old is None:
        return dataclasses.replace(shown, kind=RowKind.NIEUW, data=PracticeData(**changes))
    data = dataclasses.replace(old, **changes)
    differences = _differences(old, data)
    kind = RowKind.GEWIJZIGD if differences else RowKind.ONGEWIJZIGD
    return dataclasses.replace(shown, kind=kind, data=data, differences=differences)


def _valid_agb(row: RawRow) -> str | None:
    try:
        return parse_agb(row.values.get("agb", ""))
    except FieldError:
        return None


def _doubled_agbs(rows: Sequence[RawRow]) -> dict[str, list[int]]:
    """Valid AGB codes on more than one row → those rows' numbers."""
    numbers: dict[str, list[int]] = {}
    for row in rows:
        if agb := _valid_agb(row):
            numbers.setdefault(agb, []).append(row.number)
    return {agb: found for agb, found in numbers.items() if len(found) > 1}


def _in_column_order(errors: list[RowError]) -> list[RowError]:
    order = {column: index for index, column in enumerate(("", *COLUMNS))}
    return sorted(errors, key=lambda error: order.get(error.column, 0))


# --- judging the cells ----------------------------------------------------------------------------


@dataclass(frozen=True)
class _Context:
    ruleset: Ruleset
    old: PracticeData | None  # the stored practice this row updates, if any


class Changes(TypedDict, total=False):
    """The PracticeData fields an import row sets, each with its field's type."""

    agb: str
    name: str
    region: str
    wijk: str
    ion: int | None
    email: str | None
    preferred_moment: date | None
    survey_answered: bool
    excluded: bool
    excluded_reason: str
    start_date: date | None


def _judge(row: RawRow, context: _Context) -> tuple[Changes, list[RowError]]:
    """The fields the row sets, and an error per column that cannot be accepted."""
    changes: Changes = {}
    errors: list[RowError] = []
    for column in COLUMNS:
        text = row.values.get(column)
        if text is None and column in REQUIRED_COLUMNS:
            text = ""
        if text is None:
            continue  # not in the file: a new practice gets the default, an update keeps
        if has_control_characters(text):
            errors.append(RowError(column, t("import.fout.stuurteken")))
            continue
        if context.old is not None and column in OPTIONAL_KEPT_WHEN_EMPTY and not text.strip():
            continue
        try:
            changes.update(_PARSERS[column](text, context))
        except FieldError as error:
            errors.append(RowError(column, str(error)))
    return changes, errors


def _agb(text: str, _context: _Context) -> Changes:
    try:
        return {"agb": parse_agb(text)}
    except FieldError as error:
        digits = text.strip()
        if len(digits) == 7 and digits.isascii() and digits.isdigit():
            message = t("import.fout.agb_voorloopnul", melding=str(error), agb="0" + digits)
            raise FieldError(message) from None
        raise


def _region(text: str, context: _Context) -> Changes:
    value = " ".join(text.split())
    regions = context.ruleset.regions
    choices = formatting.listing(list(regions))
    if not value:
        raise FieldError(t("import.fout.regio_leeg", regios=choices))
    match = next((name for name in regions if name.casefold() == value.casefold()), None)
    if match is None:
        raise FieldError(t("import.fout.regio_onbekend", regio=shorten(value), regios=choices))
    return {"region": match}


def _preference(text: str, context: _Context) -> Changes:
    value = " ".join(text.split())
    if not value or value.casefold() in _UNKNOWN_PREFERENCES:
        return {"preferred_moment": None}
    try:
        day = parse_date(value)
    except FieldError:
        day = None
    moments = context.ruleset.moment_dates()
    stored = context.old.preferred_moment if context.old is not None else None
    if day is not None and (day in moments or day == stored):  # a stored one may predate a rule
        return {"preferred_moment": day}
    choices = formatting.listing([formatting.numeric_date(moment) for moment in moments])
    raise FieldError(t("import.fout.voorkeur", waarde=shorten(value), momenten=choices))


def _survey(text: str, _context: _Context) -> Changes:
    value = text.strip().casefold()
    if value in (YES, NO, ""):
        return {"survey_answered": value == YES}
    raise FieldError(t("import.fout.vragenlijst", waarde=shorten(text)))


def _excluded(text: str, _context: _Context) -> Changes:
    value = " ".join(text.split())
    if value.casefold() in (YES, NO):
        raise FieldError(t("import.fout.uitgesloten_janee", waarde=value))
    excluded = bool(value)
    return {"excluded": excluded, "excluded_reason": parse_excluded_reason(excluded, value)}


_PARSERS: dict[str, Callable[[str, _Context], Changes]] = {
    "agb": _agb,
    "naam": lambda text, _: {"name": parse_name(text)},
    "regio": _region,
    "wijk": lambda text, _: {"wijk": " ".join(text.split())},
    "ion": lambda text, _: {"ion": parse_ion(text)},
    "voorkeur": _preference,
    "vragenlijst": _survey,
    "email": lambda text, _: {"email": parse_email(text)},
    "startdatum": lambda text, _: {"start_date": parse_start_date(text)},
    "uitgesloten": _excluded,
}


# --- differences ----------------------------------------------------------------------------------


def _differences(old: PracticeData, new: PracticeData) -> tuple[Difference, ...]:
    return tuple(
        Difference(column_label(column), show(old), show(new))
        for column, fields, show in _COMPARED
        if any(getattr(old, name) != getattr(new, name) for name in fields)
    )


def _text(value: str | None) -> str:
    return value if value else t("import.waarde.leeg")


def _day(value: date | None) -> str:
    return formatting.numeric_date(value) if value is not None else t("import.waarde.leeg")


def _show_preference(data: PracticeData) -> str:
    if data.preferred_moment is not None:
        return formatting.numeric_date(data.preferred_moment)
    return t("import.waarde.weet_niet") if data.survey_answered else t("import.waarde.leeg")


def _show_survey(data: PracticeData) -> str:
    return t("import.waarde.ja") if data.survey_answered else t("import.waarde.nee")


def _show_excluded(data: PracticeData) -> str:
    return data.excluded_reason if data.excluded else t("import.waarde.niet_uitgesloten")


_COMPARED: tuple[tuple[str, tuple[str, ...], Callable[[PracticeData], str]], ...] = (
    ("naam", ("name",), lambda d: d.name),
    ("regio", ("region",), lambda d: d.region),
    ("wijk", ("wijk",), lambda d: _text(d.wijk)),
    ("ion", ("ion",), lambda d: _text(None if d.ion is None else formatting.number(d.ion))),
    ("voorkeur", ("preferred_moment",), _show_preference),
    ("vragenlijst", ("survey_answered",), _show_survey),
    ("email", ("email",), lambda d: _text(d.email)),
    ("startdatum", ("start_date",), lambda d: _day(d.start_date)),
    ("uitgesloten", ("excluded", "excluded_reason"), _show_excluded),
)
