"""The form's field rules, without Textual: what is accepted, and the Dutch message otherwise."""

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from mtvdp_tui.domain.practice import (
    FieldError,
    PracticeStatus,
    parse_agb,
    parse_date,
    parse_email,
    parse_excluded_reason,
    parse_ion,
    parse_name,
    parse_start_date,
    practice_status,
)


@pytest.mark.parametrize("text", ["01234567", " 01234567 ", "99999999"])
def test_agb_accepts_eight_digits(text: str) -> None:
    assert parse_agb(text) == text.strip()


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "AGB-code is verplicht."),
        ("0123456", "AGB-code moet precies 8 cijfers zijn."),
        ("012345678", "AGB-code moet precies 8 cijfers zijn."),
        ("0123456a", "AGB-code moet precies 8 cijfers zijn."),
        ("01-23456", "AGB-code moet precies 8 cijfers zijn."),
        ("٠١٢٣٤٥٦٧", "AGB-code moet precies 8 cijfers zijn."),  # Arabic-Indic digits
    ],
)
def test_agb_refuses_with_dutch_message(text: str, message: str) -> None:
    with pytest.raises(FieldError, match=message):
        parse_agb(text)


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("2345", 2345),
        ("2.345", 2345),
        ("12.000", 12000),
        (" 100.000 ", 100000),
        ("1", 1),
        ("", None),
    ],
)
def test_ion_accepts_plain_and_dutch_thousands(text: str, value: int | None) -> None:
    assert parse_ion(text) == value


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("2,5", "heel getal"),
        ("2.34", "heel getal"),
        ("23.45.6", "heel getal"),
        ("-5", "heel getal"),
        ("abc", "heel getal"),
        ("0", "tussen 1 en 100.000"),
        ("100.001", "tussen 1 en 100.000"),
    ],
)
def test_ion_refuses_with_dutch_message(text: str, fragment: str) -> None:
    with pytest.raises(FieldError, match=fragment):
        parse_ion(text)


def test_name_is_required_trimmed_and_bounded() -> None:
    assert parse_name("  Huisartsenpraktijk   De Linde ") == "Huisartsenpraktijk De Linde"
    with pytest.raises(FieldError, match="verplicht"):
        parse_name("   ")
    assert parse_name("x" * 120) == "x" * 120
    with pytest.raises(FieldError, match="121 tekens, maximaal 120"):
        parse_name("x" * 121)


def test_email_optional_and_checked() -> None:
    assert parse_email("") is None
    assert parse_email(" info@delinde.nl ") == "info@delinde.nl"
    for bad in ("info", "info@", "@praktijk.nl", "a b@c.nl", "info@praktijk"):
        with pytest.raises(FieldError, match="geen geldig e-mailadres"):
            parse_email(bad)


def test_dates_in_dutch_and_iso_form() -> None:
    assert parse_date("01-07-2023") == date(2023, 7, 1)
    assert parse_date("1-7-2023") == date(2023, 7, 1)
    assert parse_date("2023-07-01") == date(2023, 7, 1)
    assert parse_date("") is None
    with pytest.raises(FieldError, match="dd-mm-jjjj"):
        parse_date("1 juli 2023")
    with pytest.raises(FieldError, match="bestaat niet"):
        parse_date("31-06-2023")


def test_start_date_is_a_quarter_start() -> None:
    assert parse_start_date("01-10-2023") == date(2023, 10, 1)
    with pytest.raises(FieldError, match="eerste dag van een kwartaal"):
        parse_start_date("02-10-2023")


def test_excluded_needs_a_reason_and_included_drops_it() -> None:
    assert parse_excluded_reason(True, " Krachtige  Basiszorg ") == "Krachtige Basiszorg"
    assert parse_excluded_reason(False, "oude reden") == ""
    with pytest.raises(FieldError, match="reden van uitsluiting"):
        parse_excluded_reason(True, "  ")


def test_status_follows_exclusion_start_and_stop() -> None:
    today = date(2024, 2, 1)

    def status(**kwargs: object) -> PracticeStatus:
        values = {"excluded": False, "start_date": None, "stop_date": None, **kwargs}
        return practice_status(today=today, **values)  # type: ignore[arg-type]

    assert status() is PracticeStatus.AANGEMELD
    assert status(start_date=date(2024, 1, 1)) is PracticeStatus.GESTART
    assert status(start_date=date(2024, 4, 1)) is PracticeStatus.START_GEPLAND
    assert status(start_date=date(2023, 7, 1), stop_date=date(2024, 1, 1)) is PracticeStatus.GESTOPT
    assert status(excluded=True, start_date=date(2023, 7, 1)) is PracticeStatus.UITGESLOTEN


PARSERS = [parse_agb, parse_name, parse_ion, parse_email, parse_date, parse_start_date]


@given(text=st.text(max_size=200), which=st.sampled_from(PARSERS))
def test_parsers_return_or_refuse_but_never_crash(text: str, which) -> None:
    try:
        which(text)
    except FieldError as error:
        assert str(error)  # always a message for the user


@given(st.integers(min_value=1, max_value=100_000))
def test_ion_round_trips_through_dutch_formatting(value: int) -> None:
    from mtvdp_tui.formatting import number

    assert parse_ion(number(value)) == value
    assert parse_ion(str(value)) == value


@pytest.mark.parametrize("text", ["٢٣٤٥", "２３４５", "2.٣٤٥"])
def test_ion_refuses_non_ascii_digits(text: str) -> None:
    with pytest.raises(FieldError):
        parse_ion(text)


def test_fuzzed_bad_form_values_are_all_refused() -> None:
    """The form's parsers against generated bad values (the importer's strategies, which use the
    same parsers): every one is refused with a Dutch message, so the form cannot save it."""
    from collections import Counter

    from hypothesis import HealthCheck, settings

    from tests.domain.test_practice_import import BAD_VALUES

    form_fields = {
        "agb": parse_agb,
        "naam": parse_name,
        "ion": parse_ion,
        "email": parse_email,
        "startdatum": parse_start_date,
    }
    tried: Counter[str] = Counter()

    @settings(max_examples=300, deadline=None, suppress_health_check=list(HealthCheck))
    @given(data=st.data(), column=st.sampled_from(sorted(form_fields)))
    def check(data: st.DataObject, column: str) -> None:
        text = data.draw(BAD_VALUES[column], label=column)
        if column in ("ion", "email", "startdatum") and not text.strip():
            return  # empty is a valid "not known" for these fields
        if "\x07" in text and column != "agb":
            return  # control characters are the importer's extra check (cells, not typing)
        tried["bad"] += 1
        try:
            form_fields[column](text)
        except FieldError as error:
            assert str(error)
        else:
            tried["accepted"] += 1

    check()
    print(f"\nfuzzed bad form values: {tried['bad']} tried, {tried['accepted']} accepted")
    assert tried["bad"] >= 200
    assert tried["accepted"] == 0
