"""Turning what a user gave for a practice into a `PracticeData`: one judgement for the practice
form and the import of a practice list.

The caller says, field by field, what was given: texts as typed (parsed here, by the parsers of
`domain.practice`), and choices as made (a region from the ruleset, a moment, a checkbox). A field
not given keeps what `base` (the stored practice being updated) has, or gets the default of a new
practice. The answer is the data, or a `FieldError` per field — a catalogue code with parameters
that the screen (or the import preview) shows in Dutch. Whether an AGB code is taken is a
question for the database, not asked here.
"""

from __future__ import annotations

import enum
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Final, TypeVar

from mtvdp_tui.domain.practice import (
    FieldError,
    PracticeData,
    parse_agb,
    parse_email,
    parse_excluded_reason,
    parse_ion,
    parse_name,
    parse_start_date,
    parse_wijk,
)

_Value = TypeVar("_Value")


class _Keep(enum.Enum):
    KEEP = "keep"


KEEP: Final = _Keep.KEEP  # "not given" where None is a value (no preferred moment)


@dataclass(frozen=True)
class PracticeEntry:
    """What a user gave for a practice; None (KEEP for the moment) means not given."""

    agb: str | None = None  # text
    name: str | None = None  # text
    region: str | None = None  # chosen: one of the ruleset's regions
    wijk: str | None = None  # text
    ion: str | None = None  # text, `2345` or `2.345`
    email: str | None = None  # text
    preferred_moment: date | _Keep | None = KEEP  # chosen; None: "weet ik niet"
    survey_answered: bool | None = None
    excluded: bool | None = None
    excluded_reason: str | None = None  # text, required when excluded
    start_date: str | None = None  # text, a quarter's first day
    notes: str | None = None  # text


@dataclass(frozen=True)
class Judgement:
    """The practice as given, or why not: a `FieldError` per `PracticeData` field name."""

    data: PracticeData | None
    errors: dict[str, FieldError] = field(default_factory=dict)


_NEW = PracticeData(agb="", name="", region="")


def judge_practice(entry: PracticeEntry, *, base: PracticeData | None = None) -> Judgement:
    """`entry` applied to `base` (None: a new practice), every given text parsed."""
    old = base if base is not None else _NEW
    errors: dict[str, FieldError] = {}

    def take(name: str, parse: Callable[[str], _Value], text: str | None, kept: _Value) -> _Value:
        if text is None:
            return kept
        try:
            return parse(text)
        except FieldError as error:
            errors[name] = error
            return kept

    required = "" if base is None else None  # a new practice needs an AGB code and a name
    agb = take("agb", parse_agb, entry.agb if entry.agb is not None else required, old.agb)
    name = take("name", parse_name, entry.name if entry.name is not None else required, old.name)
    region = entry.region if entry.region is not None else old.region
    if not region:
        errors["region"] = FieldError("field.region.required")
    excluded = entry.excluded if entry.excluded is not None else old.excluded
    reason_text = entry.excluded_reason
    if reason_text is None and entry.excluded is not None:
        reason_text = old.excluded_reason
    data = PracticeData(
        agb=agb,
        name=name,
        region=region,
        wijk=take("wijk", parse_wijk, entry.wijk, old.wijk),
        ion=take("ion", parse_ion, entry.ion, old.ion),
        email=take("email", parse_email, entry.email, old.email),
        preferred_moment=old.preferred_moment
        if entry.preferred_moment is KEEP
        else entry.preferred_moment,
        survey_answered=old.survey_answered
        if entry.survey_answered is None
        else entry.survey_answered,
        excluded=excluded,
        excluded_reason=take(
            "excluded_reason",
            lambda text: parse_excluded_reason(excluded, text),
            reason_text,
            old.excluded_reason,
        ),
        start_date=take("start_date", parse_start_date, entry.start_date, old.start_date),
        notes=old.notes if entry.notes is None else entry.notes.strip(),
    )
    return Judgement(None if errors else data, errors)
