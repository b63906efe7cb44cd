"""Rulesets: the shipped presets say what SPEC §3/§4 say, and load the same from wherever they come.

The faults a ruleset file can have are in `test_ruleset_faults.py`.
"""

from __future__ import annotations

from collections import Counter
from datetime import date
from pathlib import Path

import pytest

from mtvdp_tui.domain.ruleset import Payer, PlanRule, RuleKind, Ruleset
from mtvdp_tui.domain.ruleset_loader import (
    PRESETS,
    RulesetError,
    load_preset,
    load_ruleset,
    preset_text,
    resolve_ruleset,
    ruleset_from_stored_text,
)

# --- the presets -------------------------------------------------------------------------------

HOOG_SUPPORTED = {
    "Regie op veelgebruikers",
    "Administratielast verlagen door LEAN werken",
    "Flexibele consultduur via anders inroosteren",
    "Anders triëren d.m.v. triage training",
    "Taakherschikking (bijv. SOH-spreekuur, PA, VS)",
    "Beeldbellen en/of e-mail en/of chatcontact met patiënten",
    "Zelfmetingen",
    "Welzijn op Recept",
    "Samenwerken met het wijkteam/buurtteam/sociaal team/wijkmanager",
    "Laagdrempelige eenmalige consultaties (meekijkconsult en intercollegiaal consult)",
    "Trainen en voeren van het goede gesprek",
    "Inleen en arbeidsmarktactiviteiten via HOOG",
}
HOOG_TOP3 = {
    "regie-op-veelgebruikers": 51,
    "lean-werken": 47,
    "flexibele-consultduur": 43,
    "taakherschikking": 35,
    "anders-trieren": 35,
    "time-out-verwijzingen": 10,
    "e-health-platforms": 9,
    "beeldbellen": 9,
    "zelfmetingen": None,
    "welzijn-op-recept": 27,
    "eenmalige-consultaties": 19,
    "mdo-casuistiektafel": 18,
    "samenwerken-met-wijkteam": 11,
    "drie-gesprekken": 9,
    "burgerinitiatieven": 4,
    "goede-gesprek-trainen": 28,
    "inleen-arbeidsmarkt": None,
}
PER_KERNELEMENT = {
    "anders-werken": 9,
    "samenwerken": 6,
    "goede-gesprek": 1,
    "personele-capaciteit": 1,
}
YEAR_RULES = [
    (1, "anders-werken", 1, False),
    (1, "goede-gesprek", 1, False),
    (2, "anders-werken", 1, True),
    (2, "goede-gesprek", 1, False),
    (2, "samenwerken", 2, False),
]
PLAIN_KINDS = {RuleKind.OPFRISSEN, RuleKind.REFLECTIE, RuleKind.INTERVISIE, RuleKind.GESCHIKT}


def year_rules(ruleset: Ruleset) -> list[tuple[int | None, str | None, int, bool]]:
    return [
        (r.year, r.kernelement, r.count, r.new_only)
        for r in ruleset.rules
        if r.kind is RuleKind.MINIMUM
    ]


def rules_of(ruleset: Ruleset, kind: RuleKind) -> list[PlanRule]:
    return [rule for rule in ruleset.rules if rule.kind is kind]


def test_hoog_identity_regions_and_lottery() -> None:
    hoog = load_preset("hoog-2023")
    assert (hoog.id, hoog.name, hoog.organisation) == ("hoog-2023", "HOOG 2023", "HOOG")
    assert hoog.regions == ("Apeldoorn", "Zutphen", "Oost-Achterhoek")
    assert [(m.date, m.capacity_percent) for m in hoog.moments] == [
        (date(2023, 7, 1), 50),
        (date(2023, 10, 1), 75),
        (date(2024, 1, 1), 100),
    ]
    assert hoog.lottery and hoog.default_moment == date(2024, 1, 1)
    assert (hoog.plan_years, hoog.plan_deadline_months, hoog.plan_approval_needed) == (2, 3, False)
    assert hoog.exclusions == ()


def test_hoog_kernelementen_and_interventions() -> None:
    hoog = load_preset("hoog-2023")
    assert [(k.id, k.name) for k in hoog.kernelementen] == [
        ("anders-werken", "Anders werken"),
        ("samenwerken", "Samenwerken met het netwerk"),
        ("goede-gesprek", "Het goede gesprek"),
        ("personele-capaciteit", "Uitbreiding personele capaciteit"),
    ]
    assert Counter(i.kernelement for i in hoog.interventions) == PER_KERNELEMENT
    assert {i.name for i in hoog.interventions if i.supported} == HOOG_SUPPORTED
    assert {i.id: i.top3_count for i in hoog.interventions} == HOOG_TOP3
    assert hoog.intervention("inleen-arbeidsmarkt").kernelement == "personele-capaciteit"


def test_hoog_rules() -> None:
    hoog = load_preset("hoog-2023")
    assert year_rules(hoog) == YEAR_RULES
    assert {rule.kind for rule in hoog.rules} == PLAIN_KINDS | {RuleKind.MINIMUM, RuleKind.DEADLINE}
    assert [rule.months for rule in rules_of(hoog, RuleKind.DEADLINE)] == [3]


def test_hoog_tariffs_switch_on_new_year() -> None:
    hoog = load_preset("hoog-2023")
    assert hoog.tariff_on(date(2023, 6, 30)) is None
    assert hoog.tariff_on(date(2023, 7, 1)).amount_cents == 296
    assert hoog.tariff_on(date(2023, 12, 31)).amount_cents == 296
    assert hoog.tariff_on(date(2024, 1, 1)).amount_cents == 314
    assert hoog.tariff_on(date(2025, 1, 1)) is None
    assert {period.payer for period in hoog.tariffs} == {Payer.ZORGVERZEKERAAR}


def test_monitoring_figures_of_both_presets() -> None:
    for preset_id in PRESETS:
        monitoring = load_preset(preset_id).monitoring
        assert monitoring is not None
        assert (
            monitoring.nulmeting_months,
            monitoring.een_meting_months,
            monitoring.slotmeting_months,
            monitoring.social_domain_within_years,
            monitoring.jaarverslag_months,
        ) == (2, 12, 24, 2, 0)
        ids = {intervention.id for intervention in load_preset(preset_id).interventions}
        assert "welzijn-op-recept" in monitoring.social_domain_interventions <= ids
        assert len(monitoring.social_domain_interventions) == 4


def test_roha_moments_without_lottery() -> None:
    roha = load_preset("roha-2023")
    assert roha.name == "ROHA Amsterdam 2023-2024" and roha.regions == ("Amsterdam",)
    assert roha.moment_dates() == tuple(
        date(year, month, 1)
        for year, month in [(2023, 7), (2023, 10), (2024, 1), (2024, 4), (2024, 7), (2024, 10)]
    )
    assert all(m.capacity_percent is None for m in roha.moments)
    assert not roha.lottery and roha.default_moment == date(2023, 7, 1)


def test_roha_interventions_are_the_leidraad_list() -> None:
    hoog, roha = load_preset("hoog-2023"), load_preset("roha-2023")
    assert Counter(i.kernelement for i in roha.interventions) == PER_KERNELEMENT
    wijkteam = "Samenwerken met het wijkteam/buurtteam/sociaal team/wijkmanager"
    renamed = {
        wijkteam: "Samenwerking met buurtteam",
        "Inleen en arbeidsmarktactiviteiten via HOOG": "Inleen en arbeidsmarktactiviteiten",
    }
    assert [i.name for i in roha.interventions] == [
        renamed.get(i.name, i.name) for i in hoog.interventions
    ]
    assert all(i.top3_count is None and not i.supported for i in roha.interventions)


def test_roha_rules_and_exclusion() -> None:
    roha = load_preset("roha-2023")
    assert year_rules(roha) == YEAR_RULES
    assert [(r.intervention, r.within_years) for r in rules_of(roha, RuleKind.VERPLICHT)] == [
        ("samenwerking-met-buurtteam", 2),
        ("welzijn-op-recept", 2),
    ]
    assert {rule.kind for rule in roha.rules} == set(RuleKind)
    [kb] = roha.exclusions
    assert (kb.code, kb.reason, kb.no_start_before) == (
        "kb",
        "Krachtige Basiszorg",
        date(2024, 1, 1),
    )


def test_roha_tariffs_and_payers() -> None:
    roha = load_preset("roha-2023")
    expected = {
        date(2023, 7, 1): (296, Payer.ORGANISATIE),
        date(2023, 9, 30): (296, Payer.ORGANISATIE),
        date(2023, 10, 1): (296, Payer.ORGANISATIE),
        date(2023, 12, 31): (296, Payer.ORGANISATIE),
        date(2024, 1, 1): (314, Payer.ZORGVERZEKERAAR),
        date(2024, 12, 31): (314, Payer.ZORGVERZEKERAAR),
    }
    for day, (cents, payer) in expected.items():
        period = roha.tariff_on(day)
        assert period is not None and (period.amount_cents, period.payer) == (cents, payer)
    assert roha.tariff_on(date(2025, 1, 1)) is None


# --- where a ruleset comes from ----------------------------------------------------------------


@pytest.mark.parametrize("preset_id", sorted(PRESETS))
def test_stored_text_round_trips(preset_id: str) -> None:
    ruleset, text = resolve_ruleset(preset_id)
    assert ruleset == load_preset(preset_id)
    assert ruleset_from_stored_text(text, preset_id) == ruleset


def test_user_file_by_path(tmp_path: Path) -> None:
    path = tmp_path / "eigen.toml"
    text = preset_text("hoog-2023").replace('"HOOG 2023"', '"Eigen"', 1)
    path.write_text("\ufeff" + text, encoding="utf-8")
    ruleset, text = resolve_ruleset(str(path))
    assert ruleset.name == "Eigen" and ruleset_from_stored_text(text, "x") == ruleset
    assert load_ruleset(path) == ruleset


def test_missing_file_and_unknown_preset(tmp_path: Path) -> None:
    missing = str(tmp_path / "weg.toml")
    with pytest.raises(RulesetError, match="bestand niet gevonden") as caught:
        resolve_ruleset(missing)
    assert caught.value.source == missing
    with pytest.raises(RulesetError, match="onbekende standaardregeling; kies uit hoog-2023"):
        load_preset("hoog-2022")


def test_file_that_is_not_utf8(tmp_path: Path) -> None:
    path = tmp_path / "latin.toml"
    path.write_bytes('regios = ["Münster"]\n'.encode("latin-1"))
    with pytest.raises(RulesetError, match="geen UTF-8"):
        load_ruleset(path)
