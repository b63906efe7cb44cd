"""Ruleset values that would be accepted and break the app later are refused, with the file,
the key and the problem; data never becomes a file name as it is (issue 12, item 8)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mtvdp_tui.domain.ruleset_errors import RulesetError
from mtvdp_tui.domain.ruleset_loader import parse_ruleset, preset_text
from mtvdp_tui.domain.ruleset_validation import LIMITS
from mtvdp_tui.files import file_name, slug

HOOG = preset_text("hoog-2023")
FILE = "mijn.toml"
REGIONS = 'regios = ["Apeldoorn", "Zutphen", "Oost-Achterhoek"]'
NUMBERS = {  # key → (its line in the HOOG preset, the key as the error names it)
    "versie": ("versie = 1", "regeling.versie"),
    "jaren": ("jaren = 2", "praktijkplan.jaren"),
    "deadline_maanden": ("deadline_maanden = 3", "praktijkplan.deadline_maanden"),
    "bedrag_cent": ("bedrag_cent = 296", "tarief[1].bedrag_cent"),
}


def fault(text: str) -> RulesetError:
    with pytest.raises(RulesetError) as caught:
        parse_ruleset(text, FILE)
    assert caught.value.source == FILE
    return caught.value


@pytest.mark.parametrize(
    ("line", "key", "value"),
    [
        ("jaren = 2", "praktijkplan.jaren", "1000000000"),
        ("deadline_maanden = 3", "praktijkplan.deadline_maanden", "24000"),
        ("versie = 1", "regeling.versie", str(10**24)),
        ("bedrag_cent = 296", "tarief[1].bedrag_cent", "1" * 23),
    ],
)
def test_numbers_that_broke_the_app_are_refused(line: str, key: str, value: str) -> None:
    name = line.split(" = ")[0]
    error = fault(HOOG.replace(line, f"{name} = {value}", 1))
    assert error.key == key
    assert error.problem.startswith("moet tussen")


@settings(max_examples=60, deadline=None)
@given(
    key=st.sampled_from(sorted(NUMBERS)), value=st.integers(min_value=-(10**30), max_value=10**30)
)
def test_every_number_is_accepted_exactly_within_its_range(key: str, value: int) -> None:
    line, named = NUMBERS[key]
    text = HOOG.replace(line, f"{line.split(' = ')[0]} = {value}", 1)
    minimum, maximum = LIMITS[key]
    if key == "bedrag_cent":
        minimum = 1
    if minimum <= value <= maximum:
        parse_ruleset(text, FILE)
    else:
        assert fault(text).key == named


@pytest.mark.parametrize(
    ("regions", "problem"),
    [
        ('["Apel\\u0000doorn", "Zutphen"]', "onzichtbaar teken (U+0000)"),
        ('["Apeldoorn", "Apel\\u200bdoorn"]', "onzichtbaar teken (U+200B)"),
        ('["../../../../tmp/x", "Zutphen"]', "tekens die niet in een regionaam horen ('/')"),
        ('["Apeldoorn/Epe", "Zutphen"]', "tekens die niet in een regionaam horen ('/')"),
        ('["Apeldoorn", "apeldoorn"]', "dezelfde naam als regios[1] ('Apeldoorn')"),
        ('["Zoë", "Zoe\\u0308"]', "'Zoë' komt dubbel voor"),  # NFD: NFC makes it the same
        ('["Zutphen", "\\u0396utphen"]', "('Ζ')"),  # a Greek capital Zeta
        ('["Zoë", "ZOE"]', "dezelfde naam als regios[1] ('Zoë')"),
    ],
)
def test_region_names_are_normalised_and_lookalikes_refused(regions: str, problem: str) -> None:
    error = fault(HOOG.replace(REGIONS, f"regios = {regions}", 1))
    assert error.key is not None and error.key.startswith("regios")
    assert problem in error.problem or (
        problem == "onzichtbaar" and "dezelfde naam" in error.problem
    )


def test_a_region_name_is_kept_in_nfc_without_spaces_around() -> None:
    ruleset = parse_ruleset(HOOG.replace(REGIONS, 'regios = [" Zoe\\u0308 ", "Zutphen"]', 1), FILE)
    assert ruleset.regions[0] == "Zo\u00eb"


@given(st.text())
def test_a_slug_is_a_safe_file_name_part(text: str) -> None:
    part = slug(text)
    assert part and len(part) <= 60 and part.isascii()
    assert all(char.isalnum() or char == "-" for char in part)
    assert not part.startswith("-") and ".." not in part


def test_file_names_from_data_stay_in_their_folder() -> None:
    assert file_name("loting", "../../../../tmp/x", "ab12", suffix=".json") == (
        "loting-tmp-x-ab12.json"
    )
    assert file_name("loting", "Apeldoorn/Epe", suffix=".html") == "loting-apeldoorn-epe.html"
    assert (
        file_name("loting", "Oost-Achterhoek\x00", suffix=".json") == "loting-oost-achterhoek.json"
    )
    assert file_name("praktijkplan", "01234567", "versie", 2, suffix=".md") == (
        "praktijkplan-01234567-versie-2.md"
    )
