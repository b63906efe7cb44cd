"""A practice's editable data, and the rules each form field must meet.

Every parser takes the text a user typed and returns the value, or raises `FieldError`: a code
from the catalogue with its parameters, shown in Dutch at the field. The form, the importer and
the tests all use these (through `practice_entry.judge_practice`), so a value is judged the same
way wherever it comes from.
"""

from __future__ import annotations

import enum
import re
from dataclasses import dataclass
from datetime import date

from mtvdp_tui.domain.quarters import is_quarter_start
from mtvdp_tui.i18n import t

NAME_MAX = 120
ION_MIN, ION_MAX = 1, 100_000
_AGB = re.compile(r"[0-9]{8}")
_PLAIN_NUMBER = re.compile(r"[0-9]+")
_DOTTED_NUMBER = re.compile(r"[0-9]{1,3}(\.[0-9]{3})+")
_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[A-Za-z]{2,}")
_ISO_DATE = re.compile(r"([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})")
_DUTCH_DATE = re.compile(r"([0-9]{1,2})-([0-9]{1,2})-([0-9]{4})")


class FieldError(ValueError):
    """A value a user typed that cannot be accepted: the catalogue key `code` with its `params`;
    `str()` is the Dutch message."""

    def __init__(self, code: str, /, **params: object) -> None:
        super().__init__(code)
        self.code = code
        self.params = params

    def __str__(self) -> str:
        return t(self.code, **self.params)


@dataclass(frozen=True)
class PracticeData:
    """Everything a user can enter about a practice."""

    agb: str
    name: str
    region: str
    wijk: str = ""
    ion: int | None = None
    email: str | None = None
    preferred_moment: date | None = None  # None: "weet ik niet" (or no answer)
    survey_answered: bool = False
    excluded: bool = False
    excluded_reason: str = ""
    start_date: date | None = None
    notes: str = ""


class PracticeStatus(enum.StrEnum):
    AANGEMELD = "aangemeld"
    START_GEPLAND = "start_gepland"
    GESTART = "gestart"
    GESTOPT = "gestopt"
    UITGESLOTEN = "uitgesloten"


def practice_status(
    *, excluded: bool, start_date: date | None, stop_date: date | None, today: date
) -> PracticeStatus:
    if excluded:
        return PracticeStatus.UITGESLOTEN
    if stop_date is not None and stop_date <= today:
        return PracticeStatus.GESTOPT
    if start_date is None:
        return PracticeStatus.AANGEMELD
    return PracticeStatus.GESTART if start_date <= today else PracticeStatus.START_GEPLAND


def parse_agb(text: str) -> str:
    value = text.strip()
    if not value:
        raise FieldError("field.agb.required")
    if not _AGB.fullmatch(value):
        raise FieldError("field.agb.format")
    return value


def parse_name(text: str) -> str:
    value = " ".join(text.split())
    if not value:
        raise FieldError("field.name.required")
    if len(value) > NAME_MAX:
        raise FieldError("field.name.too_long", max=NAME_MAX, length=len(value))
    return value


def parse_ion(text: str) -> int | None:
    """ION as typed: `2345` or the Dutch `2.345`; empty means not known yet."""
    value = text.strip().replace(" ", "")
    if not value:
        return None
    if _PLAIN_NUMBER.fullmatch(value) or _DOTTED_NUMBER.fullmatch(value):
        number = int(value.replace(".", ""))
    else:
        raise FieldError("field.ion.format")
    if not ION_MIN <= number <= ION_MAX:
        raise FieldError("field.ion.range", min=ION_MIN, max="100.000")
    return number


def parse_wijk(text: str) -> str:
    """A wijk (neighbourhood) as typed, its spaces tidied; empty means none."""
    return " ".join(text.split())


def parse_email(text: str) -> str | None:
    value = text.strip()
    if not value:
        return None
    if not _EMAIL.fullmatch(value):
        raise FieldError("field.email.format")
    return value


def parse_date(text: str) -> date | None:
    """A date as `DD-MM-JJJJ` or `JJJJ-MM-DD`; empty means none."""
    value = text.strip()
    if not value:
        return None
    if match := _DUTCH_DATE.fullmatch(value):
        day, month, year = (int(part) for part in match.groups())
    elif match := _ISO_DATE.fullmatch(value):
        year, month, day = (int(part) for part in match.groups())
    else:
        raise FieldError("field.date.format")
    try:
        return date(year, month, day)
    except ValueError:
        raise FieldError("field.date.invalid") from None


def parse_start_date(text: str) -> date | None:
    """A start date outside a lottery: always the first day of a quarter."""
    value = parse_date(text)
    if value is not None and not is_quarter_start(value):
        raise FieldError("field.start_date.quarter")
    return value


def parse_peildatum(text: str) -> date:
    """The peildatum of an ION figure: the first day of a quarter, required."""
    value = parse_date(text)
    if value is None:
        raise FieldError("field.peildatum.required")
    if not is_quarter_start(value):
        raise FieldError("field.peildatum.quarter")
    return value


def parse_excluded_reason(excluded: bool, text: str) -> str:
    value = " ".join(text.split())
    if excluded and not value:
        raise FieldError("field.excluded_reason.required")
    return value if excluded else ""
