"""Every bad ruleset file gets a Dutch message naming the file, the key (and its line) and the
problem; no input, however mangled, gets anything but a `Ruleset` or a `RulesetError`."""

from __future__ import annotations

import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mtvdp_tui.domain.ruleset import Ruleset
from mtvdp_tui.domain.ruleset_loader import (
    RulesetError,
    load_preset,
    parse_ruleset,
    preset_text,
)

HOOG = preset_text("hoog-2023")
ROHA = preset_text("roha-2023")
FILE = "mijn.toml"

MINIMAL = """\
regios = ["Noord"]

[regeling]
id = "mini"
naam = "Mini"
versie = 1
organisatie = "Test"

[loting]
actief = false
standaard_moment = 2024-01-01

[[instroommoment]]
datum = 2024-01-01

[praktijkplan]
jaren = 2
deadline_maanden = 3
goedkeuring_nodig = false

[[kernelement]]
id = "anders-werken"
naam = "Anders werken"

[[interventie]]
id = "lean"
naam = "LEAN"
kernelement = "anders-werken"
"""


def base_id(value: object) -> str | None:
    """Short test ids for the base texts (pytest's default would print the whole file)."""
    names = {HOOG: "hoog", ROHA: "roha", MINIMAL: "minimal"}
    return names.get(value) if isinstance(value, str) else None


def mutated(text: str, old: str, new: str, count: int = 1) -> str:
    """`text` with the `count`-th occurrence of `old` replaced by `new`."""
    parts = text.split(old)
    assert len(parts) > count, f"{old!r} occurs fewer than {count} times"
    return old.join(parts[:count]) + new + old.join(parts[count:])


def fault(text: str) -> RulesetError:
    with pytest.raises(RulesetError) as caught:
        parse_ruleset(text, FILE)
    return caught.value


def assert_fault(text: str, key: str | None, problem: str) -> RulesetError:
    error = fault(text)
    assert (error.source, error.key) == (FILE, key)
    assert problem in error.problem
    assert str(error).startswith(f"regelset '{FILE}'")
    if key is not None:
        assert f"sleutel '{key}'" in str(error)
    assert str(error).endswith(error.problem)
    return error


def line_of(text: str, fragment: str, occurrence: int = 1) -> int:
    """The 1-based line on which the `occurrence`-th `fragment` starts."""
    position = -1
    for _ in range(occurrence):
        position = text.index(fragment, position + 1)
    return text.count("\n", 0, position) + 1


# --- what a file may leave out, and what it may not ----------------------------------------


def test_deeply_nested_toml_is_refused_not_crashed() -> None:
    error = fault("a = " + "[" * 5000 + "]" * 5000)
    assert error.problem == "dit is geen geldige TOML (te diep genest)"


def test_minimal_file_needs_no_optional_sections() -> None:
    ruleset = parse_ruleset(MINIMAL, FILE)
    assert (ruleset.rules, ruleset.tariffs, ruleset.monitoring, ruleset.exclusions) == (
        (),
        (),
        None,
        (),
    )
    assert ruleset.source == "" and not ruleset.intervention("lean").supported


# --- every kind of fault -----------------------------------------------------------------------


def test_message_names_file_key_line_and_problem() -> None:
    text = mutated(HOOG, 'kernelement = "anders-werken"', 'kernelement = "anders-werkn"')
    error = assert_fault(text, "interventie[1].kernelement", "onbekend kernelement 'anders-werkn'")
    line = line_of(text, '"anders-werkn"')
    assert error.line == line
    assert str(error) == (
        f"regelset 'mijn.toml', sleutel 'interventie[1].kernelement' (regel {line}): "
        "onbekend kernelement 'anders-werkn'; bekend zijn: anders-werken, samenwerken, "
        "goede-gesprek en personele-capaciteit"
    )


def test_toml_syntax_error_names_line_and_column() -> None:
    text = mutated(HOOG, 'naam = "HOOG 2023"', 'naam = "HOOG 2023')
    error = fault(text)
    assert error.key is None and error.line == line_of(text, 'naam = "HOOG 2023')
    assert re.fullmatch(
        r"regelset 'mijn\.toml', regel \d+, kolom \d+: dit is geen geldige "
        r"TOML \(.+\)",
        str(error),
    )


@pytest.mark.parametrize(
    ("old", "new", "key", "problem"),
    [
        ("versie = 1\n", "", "regeling.versie", "ontbreekt"),
        ("[praktijkplan]\njaren = 2\n", "[praktijkplan]\n", "praktijkplan.jaren", "ontbreekt"),
        ('regios = ["Apeldoorn", "Zutphen", "Oost-Achterhoek"]\n', "", "regios", "ontbreekt"),
        ('id = "regie-op-veelgebruikers"\n', "", "interventie[1].id", "ontbreekt"),
    ],
)
def test_missing_required_key(old: str, new: str, key: str, problem: str) -> None:
    assert_fault(mutated(HOOG, old, new), key, problem)


def test_missing_required_table() -> None:
    plan = "[praktijkplan]\njaren = 2\ndeadline_maanden = 3\ngoedkeuring_nodig = false\n"
    assert_fault(mutated(MINIMAL, plan, ""), "praktijkplan", "deze verplichte sleutel ontbreekt")


@pytest.mark.parametrize(
    ("old", "new", "key", "problem"),
    [
        (
            "datum = 2023-07-01",
            'datum = "2023-07-01"',
            "instroommoment[1].datum",
            "verwacht een datum zoals 2023-07-01 (zonder aanhalingstekens), gevonden tekst "
            "'2023-07-01'",
        ),
        (
            "standaard_moment = 2024-01-01",
            "standaard_moment = 2024-01-01T09:00:00",
            "loting.standaard_moment",
            "gevonden een datum met tijd",
        ),
        (
            "capaciteit_procent = 50",
            "capaciteit_procent = true",
            "instroommoment[1].capaciteit_procent",
            "verwacht een heel getal, gevonden de waarde true",
        ),
        (
            "bedrag_cent = 296",
            "bedrag_cent = 2.96",
            "tarief[1].bedrag_cent",
            "gevonden het kommagetal 2.96",
        ),
        ("versie = 1", 'versie = "1"', "regeling.versie", "verwacht een heel getal"),
        (
            'naam = "HOOG 2023"',
            "naam = 2023",
            "regeling.naam",
            "verwacht tekst tussen aanhalingstekens, gevonden het getal 2023",
        ),
        ("actief = true", "actief = 1", "loting.actief", "verwacht true of false"),
        (
            "ondersteund = true",
            'ondersteund = "ja"',
            "interventie[1].ondersteund",
            "verwacht true of false",
        ),
        ('"Zutphen"', "7", "regios[2]", "verwacht tekst"),
        (
            'regios = ["Apeldoorn", "Zutphen", "Oost-Achterhoek"]',
            'regios = "Apeldoorn"',
            "regios",
            "verwacht een lijst",
        ),
        ('naam = "HOOG 2023"', 'naam = ""', "regeling.naam", "mag niet leeg zijn"),
        (
            "top3 = 51",
            "top3 = -1",
            "interventie[1].top3",
            "moet tussen 0 en 1000000 liggen, gevonden -1",
        ),
    ],
)
def test_wrong_type(old: str, new: str, key: str, problem: str) -> None:
    assert_fault(mutated(HOOG, old, new), key, problem)


def test_wrong_shape_of_tables() -> None:
    assert_fault(
        MINIMAL.replace(
            '[regeling]\nid = "mini"\nnaam = "Mini"\nversie = 1\norganisatie = "Test"\n', ""
        ).replace('regios = ["Noord"]', 'regios = ["Noord"]\nregeling = "Mini"'),
        "regeling",
        "verwacht een tabel, gevonden tekst 'Mini'",
    )
    assert_fault(
        MINIMAL.replace('regios = ["Noord"]', 'regios = ["Noord"]\nregel = 3'),
        "regel",
        "verwacht blokken [[regel]], gevonden het getal 3",
    )
    assert_fault(
        MINIMAL.replace('regios = ["Noord"]', 'regios = ["Noord"]\ntarief = [1]'),
        "tarief[1]",
        "verwacht een tabel, gevonden het getal 1",
    )


@pytest.mark.parametrize(
    argnames=("base", "old", "new", "key", "problem"),
    ids=base_id,
    argvalues=[
        (
            HOOG,
            'kernelement = "samenwerken"\naantal = 2',
            'kernelement = "samenwerkn"\naantal = 2',
            "regel[5].kernelement",
            "onbekend kernelement 'samenwerkn'",
        ),
        (
            ROHA,
            'interventie = "welzijn-op-recept"',
            'interventie = "welzijn-op-recpt"',
            "regel[7].interventie",
            "onbekende interventie 'welzijn-op-recpt'; bekend zijn: ",
        ),
    ],
)
def test_unknown_references_in_rules(base: str, old: str, new: str, key: str, problem: str) -> None:
    assert_fault(mutated(base, old, new), key, problem)


@pytest.mark.parametrize(
    argnames=("base", "old", "new", "key", "problem"),
    ids=base_id,
    argvalues=[
        (
            HOOG,
            'id = "samenwerken"',
            'id = "anders-werken"',
            "kernelement[2].id",
            "'anders-werken' komt dubbel voor (ook bij kernelement[1].id)",
        ),
        (
            HOOG,
            'id = "lean-werken"',
            'id = "regie-op-veelgebruikers"',
            "interventie[2].id",
            "komt dubbel voor (ook bij interventie[1].id)",
        ),
        (
            HOOG,
            'id = "reflectie"',
            'id = "intervisie"',
            "regel[8].id",
            "'intervisie' komt dubbel voor (ook bij regel[7].id)",
        ),
        (
            HOOG,
            '"Oost-Achterhoek"]',
            '"Apeldoorn"]',
            "regios[3]",
            "'Apeldoorn' komt dubbel voor (ook bij regios[1])",
        ),
        (
            ROHA,
            "[[uitsluiting]]\ncode",
            '[[uitsluiting]]\ncode = "kb"\nreden = "x"\n[[uitsluiting]]\ncode',
            "uitsluiting[2].code",
            "ook bij uitsluiting[1].code",
        ),
    ],
)
def test_duplicates(base: str, old: str, new: str, key: str, problem: str) -> None:
    assert_fault(mutated(base, old, new), key, problem)


def test_unknown_rule_kind_lists_the_known_ones() -> None:
    assert_fault(
        mutated(HOOG, 'soort = "reflectie"', 'soort = "reflektie"'),
        "regel[7].soort",
        "onbekende soort 'reflektie'; bekende soorten: minimum, verplicht, opfrissen, "
        "reflectie, intervisie, geschikt en deadline",
    )


@pytest.mark.parametrize(
    argnames=("base", "old", "new", "key", "problem"),
    ids=base_id,
    argvalues=[
        (
            HOOG,
            'soort = "minimum"\njaar = 1\n',
            'soort = "minimum"\n',
            "regel[1].jaar",
            "een regel van soort 'minimum' heeft deze sleutel nodig",
        ),
        (
            HOOG,
            'jaar = 1\nkernelement = "anders-werken"\n',
            "jaar = 1\n",
            "regel[1].kernelement",
            "soort 'minimum' heeft deze sleutel nodig",
        ),
        (HOOG, "aantal = 1\n", "", "regel[1].aantal", "heeft deze sleutel nodig"),
        (
            HOOG,
            "aantal = 2",
            "aantal = 0",
            "regel[5].aantal",
            "moet tussen 1 en 100 liggen, gevonden 0",
        ),
        (
            HOOG,
            "jaar = 2",
            "jaar = 3",
            "regel[3].jaar",
            "3 valt buiten het praktijkplan van 2 jaar",
        ),
        (
            ROHA,
            "binnen_jaren = 2\n",
            "",
            "regel[6].binnen_jaren",
            "soort 'verplicht' heeft deze sleutel nodig",
        ),
        (
            ROHA,
            "binnen_jaren = 2",
            "binnen_jaren = 5",
            "regel[6].binnen_jaren",
            "5 valt buiten het praktijkplan van 2 jaar",
        ),
        (
            ROHA,
            'interventie = "welzijn-op-recept"\n',
            "",
            "regel[7].interventie",
            "soort 'verplicht' heeft deze sleutel nodig",
        ),
        (
            HOOG,
            'soort = "deadline"\nmaanden = 3\n',
            'soort = "deadline"\n',
            "regel[10].maanden",
            "soort 'deadline' heeft deze sleutel nodig",
        ),
    ],
)
def test_rule_missing_what_its_kind_needs(
    base: str, old: str, new: str, key: str, problem: str
) -> None:
    assert_fault(mutated(base, old, new), key, problem)


@pytest.mark.parametrize(
    argnames=("base", "old", "new", "key", "problem"),
    ids=base_id,
    argvalues=[
        (
            ROHA,
            "datum = 2024-04-01",
            "datum = 2023-10-01",
            "instroommoment[4].datum",
            "instroommomenten moeten oplopen: 2023-10-01 komt niet na 2024-01-01",
        ),
        (
            ROHA,
            "datum = 2023-10-01",
            "datum = 2023-07-01",
            "instroommoment[2].datum",
            "2023-07-01 komt niet na 2023-07-01",
        ),
        (
            ROHA,
            "datum = 2024-07-01",
            "datum = 2024-07-02",
            "instroommoment[5].datum",
            "2024-07-02 is niet de eerste dag van een kwartaal",
        ),
        (
            HOOG,
            "capaciteit_procent = 75",
            "capaciteit_procent = 40",
            "instroommoment[2].capaciteit_procent",
            "40% is minder dan 50%",
        ),
        (
            HOOG,
            "capaciteit_procent = 100",
            "capaciteit_procent = 101",
            "instroommoment[3].capaciteit_procent",
            "moet tussen 0 en 100 liggen, gevonden 101",
        ),
        (
            HOOG,
            "capaciteit_procent = 50",
            "capaciteit_procent = -5",
            "instroommoment[1].capaciteit_procent",
            "moet tussen 0 en 100 liggen, gevonden -5",
        ),
        (
            HOOG,
            "capaciteit_procent = 75\n",
            "",
            "instroommoment[2].capaciteit_procent",
            "bij een loting heeft elk instroommoment een capaciteit_procent nodig",
        ),
        (
            HOOG,
            "capaciteit_procent = 100",
            "capaciteit_procent = 90",
            "instroommoment[3].capaciteit_procent",
            "laatste instroommoment 100% zijn",
        ),
        (
            HOOG,
            "standaard_moment = 2024-01-01",
            "standaard_moment = 2024-04-01",
            "loting.standaard_moment",
            "2024-04-01 is geen instroommoment; kies uit 2023-07-01, 2023-10-01 of 2024-01-01",
        ),
    ],
)
def test_moments_capacities_and_default(
    base: str, old: str, new: str, key: str, problem: str
) -> None:
    assert_fault(mutated(base, old, new), key, problem)


def test_capacities_may_stay_level_and_need_no_lottery() -> None:
    level = mutated(HOOG, "capaciteit_procent = 75", "capaciteit_procent = 50")
    assert [m.capacity_percent for m in parse_ruleset(level, FILE).moments] == [50, 50, 100]
    no_lottery = mutated(
        mutated(HOOG, "actief = true", "actief = false"), "capaciteit_procent = 100\n", ""
    )
    assert parse_ruleset(no_lottery, FILE).moments[-1].capacity_percent is None


@pytest.mark.parametrize(
    ("old", "new", "key", "problem"),
    [
        (
            "tot = 2023-12-31",
            "tot = 2024-01-31",
            "tarief[2].van",
            "periode 2024-01-01 t/m 2024-12-31 overlapt met tarief[1] (2023-07-01 t/m 2024-01-31)",
        ),
        (
            "tot = 2023-12-31",
            "tot = 2023-06-30",
            "tarief[1].tot",
            "einddatum 2023-06-30 ligt vóór begindatum 2023-07-01",
        ),
        (
            "bedrag_cent = 314",
            "bedrag_cent = 0",
            "tarief[2].bedrag_cent",
            "het bedrag moet groter dan 0 cent zijn, gevonden 0",
        ),
        ("bedrag_cent = 296", "bedrag_cent = -296", "tarief[1].bedrag_cent", "groter dan 0 cent"),
        (
            'betaler = "zorgverzekeraar"',
            'betaler = "praktijk"',
            "tarief[1].betaler",
            "onbekende betaler 'praktijk'; kies uit organisatie of zorgverzekeraar",
        ),
    ],
)
def test_tariff_faults(old: str, new: str, key: str, problem: str) -> None:
    assert_fault(mutated(HOOG, old, new), key, problem)


def test_tariffs_in_any_order_are_sorted() -> None:
    first, second = HOOG.split("[[tarief]]")[1:3]
    second = second.split("# ---")[0]
    swapped = HOOG.replace(
        f"[[tarief]]{first}[[tarief]]{second}", f"[[tarief]]{second}[[tarief]]{first}"
    )
    assert swapped != HOOG
    assert parse_ruleset(swapped, FILE).tariffs == load_preset("hoog-2023").tariffs


@pytest.mark.parametrize(
    ("old", "new", "key", "problem"),
    [
        (
            'regios = ["Noord"]',
            "regios = []",
            "regios",
            "er moet minstens één regio in de lijst staan",
        ),
        (
            "[[instroommoment]]\ndatum = 2024-01-01\n",
            "",
            "instroommoment",
            "er moet minstens één blok [[instroommoment]] zijn",
        ),
        (
            '[[kernelement]]\nid = "anders-werken"\nnaam = "Anders werken"\n',
            "",
            "kernelement",
            "er moet minstens één blok [[kernelement]] zijn",
        ),
        (
            '[[interventie]]\nid = "lean"\nnaam = "LEAN"\nkernelement = "anders-werken"\n',
            "",
            "interventie",
            "er moet minstens één blok [[interventie]] zijn",
        ),
    ],
)
def test_at_least_one(old: str, new: str, key: str, problem: str) -> None:
    assert_fault(mutated(MINIMAL, old, new), key, problem)


@pytest.mark.parametrize(
    ("old", "new", "key", "problem"),
    [
        (
            "regios = [",
            "regoos = [",
            "regoos",
            "onbekende sleutel (tikfout?); toegestaan zijn: regeling, regios, loting",
        ),
        ("[monitoring]", "[monitorring]", "monitorring", "onbekende sleutel"),
        (
            'naam = "HOOG 2023"',
            'naaam = "HOOG 2023"',
            "regeling.naaam",
            "toegestaan zijn: id, naam, versie, organisatie en bron",
        ),
        ("top3 = 51", "top_3 = 51", "interventie[1].top_3", "onbekende sleutel"),
        ("nieuw = true", "nieuw = true\nnieuwe = true", "regel[3].nieuwe", "onbekende sleutel"),
    ],
)
def test_unknown_keys_are_reported(old: str, new: str, key: str, problem: str) -> None:
    assert_fault(mutated(HOOG, old, new), key, problem)


def test_regions_after_a_table_header_get_a_hint() -> None:
    region_line = 'regios = ["Apeldoorn", "Zutphen", "Oost-Achterhoek"]\n'
    text = mutated(HOOG, region_line, "").replace("[loting]\n", "[loting]\n" + region_line)
    error = assert_fault(
        text, "loting.regios", "deze sleutel staat binnen [loting]; zet hem bovenaan het bestand"
    )
    assert error.line == line_of(text, "regios = [")


def test_line_of_a_key_in_a_later_block() -> None:
    error = fault(mutated(HOOG, "bedrag_cent = 314", "bedrag_cent = 0"))
    assert error.line == line_of(HOOG, "bedrag_cent = 314")
    error = fault(mutated(HOOG, "capaciteit_procent = 75\n", ""))
    assert error.line == line_of(HOOG, "[[instroommoment]]", occurrence=2)


# --- never anything but a Ruleset or a RulesetError --------------------------------------------

VALUES = st.sampled_from(
    [
        "0",
        "-1",
        "1",
        "2",
        "100",
        "101",
        "3.5",
        "true",
        "false",
        '""',
        '"x"',
        '"anders-werken"',
        '"welzijn-op-recept"',
        '"minimum"',
        '"verplicht"',
        '"deadline"',
        '"organisatie"',
        "2023-07-01",
        "2023-07-02",
        "2024-01-01",
        "2030-01-01",
        "2023-07-01T10:00:00",
        "10:00:00",
        "[]",
        "[1]",
        '["a", "a"]',
        "{}",
        "{ a = 1 }",
        "[[1]]",
    ]
)
ASSIGNMENT = re.compile(r"^(\s*[A-Za-z0-9_]+\s*=\s*).*$")


def mutate_lines(lines: list[str], data: st.DataObject) -> None:
    index = data.draw(st.integers(0, len(lines) - 1))
    action = data.draw(st.sampled_from(["value", "delete", "text", "duplicate", "swap"]))
    if action == "value" and (match := ASSIGNMENT.match(lines[index])):
        lines[index] = match.group(1) + data.draw(VALUES)
    elif action == "delete":
        del lines[index]
    elif action == "text":
        lines[index] = data.draw(st.text(max_size=30))
    elif action == "duplicate":
        lines.insert(index, lines[index])
    else:
        other = data.draw(st.integers(0, len(lines) - 1))
        lines[index], lines[other] = lines[other], lines[index]


def parses_or_says_why(text: str) -> None:
    try:
        result = parse_ruleset(text, FILE)
    except RulesetError as error:
        assert error.source == FILE and error.problem and str(error)
    else:
        assert isinstance(result, Ruleset)


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(st.text())
def test_arbitrary_text_never_crashes(text: str) -> None:
    parses_or_says_why(text)


@settings(max_examples=400, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from([HOOG, ROHA, MINIMAL]), st.data())
def test_mutated_rulesets_never_crash(base: str, data: st.DataObject) -> None:
    lines = base.splitlines()
    for _ in range(data.draw(st.integers(1, 4))):
        if lines:
            mutate_lines(lines, data)
    parses_or_says_why("\n".join(lines))


@pytest.mark.parametrize("base", [HOOG, ROHA], ids=base_id)
def test_an_unknown_social_domain_intervention_names_its_place(base: str) -> None:
    assert_fault(
        mutated(
            base,
            'sociaal_domein_interventies = ["welzijn-op-recept"',
            'sociaal_domein_interventies = ["welzijn-op-recpt"',
        ),
        "monitoring.sociaal_domein_interventies[1]",
        "onbekende interventie 'welzijn-op-recpt'; bekend zijn: ",
    )


def test_social_domain_interventions_must_be_a_list_of_texts() -> None:
    assert_fault(
        mutated(
            HOOG,
            'sociaal_domein_interventies = ["welzijn-op-recept", ',
            "sociaal_domein_interventies = 3\n#",
        ),
        "monitoring.sociaal_domein_interventies",
        "",
    )


@pytest.mark.parametrize("value", ["13", "-1", '"twee"'])
def test_jaarverslag_months_out_of_range_are_refused(value: str) -> None:
    assert_fault(
        mutated(
            HOOG,
            "jaarverslag_maanden_na_planjaar = 0",
            f"jaarverslag_maanden_na_planjaar = {value}",
        ),
        "monitoring.jaarverslag_maanden_na_planjaar",
        "",
    )
