"""Reading a ruleset (regeling) from its TOML file into a checked `Ruleset`.

The file's keys are Dutch, because wijkmanagers may write their own; the shipped presets in
`mtvdp_tui/rulesets/` document every section. Anything malformed or inconsistent raises
`RulesetError`, whose text names the file, the key (and its line, where it can be found) and the
problem. The TOML text itself is stored in the database, so a database never depends on a file.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from importlib import resources
from pathlib import Path

from mtvdp_tui.domain.ruleset import (
    Exclusion,
    Instroommoment,
    Intervention,
    Kernelement,
    Monitoring,
    Payer,
    PlanRule,
    RuleKind,
    Ruleset,
    TariffPeriod,
)
from mtvdp_tui.domain.ruleset_errors import RulesetError
from mtvdp_tui.domain.ruleset_reading import TomlTable, parse_toml
from mtvdp_tui.domain.ruleset_validation import LIMITS, Checker
from mtvdp_tui.formatting import listing
from mtvdp_tui.i18n import t
from mtvdp_tui.os_errors import dutch
from mtvdp_tui.reading import FileRefused, read_bounded

__all__ = [
    "PRESETS",
    "RulesetError",
    "load_preset",
    "load_ruleset",
    "parse_ruleset",
    "preset_text",
    "resolve_ruleset",
    "ruleset_from_stored_text",
]

PRESETS: dict[str, str] = {
    "hoog-2023": "hoog-2023.toml",
    "roha-2023": "roha-2023.toml",
}

TOP_LEVEL_KEYS = (
    "regeling",
    "regios",
    "loting",
    "instroommoment",
    "praktijkplan",
    "kernelement",
    "interventie",
    "regel",
    "tarief",
    "monitoring",
    "uitsluiting",
)
_REGELING_KEYS = ("id", "naam", "versie", "organisatie", "bron")
_LOTING_KEYS = ("actief", "standaard_moment")
_MOMENT_KEYS = ("datum", "capaciteit_procent")
_PLAN_KEYS = ("jaren", "deadline_maanden", "goedkeuring_nodig")
_INTERVENTION_KEYS = ("id", "naam", "kernelement", "top3", "ondersteund")
_RULE_KEYS = (
    "id",
    "soort",
    "jaar",
    "kernelement",
    "interventie",
    "aantal",
    "nieuw",
    "binnen_jaren",
    "maanden",
)
_RULE_NEEDS: dict[RuleKind, tuple[str, ...]] = {
    RuleKind.MINIMUM: ("jaar", "kernelement", "aantal"),
    RuleKind.VERPLICHT: ("interventie", "binnen_jaren"),
    RuleKind.DEADLINE: ("maanden",),
}
_TARIFF_KEYS = ("van", "tot", "bedrag_cent", "betaler")
_MONITORING_KEYS = (
    "nulmeting_maanden",
    "een_meting_maanden",
    "slotmeting_maanden",
    "sociaal_domein_binnen_jaren",
    "sociaal_domein_interventies",
    "jaarverslag_maanden_na_planjaar",
)
_EXCLUSION_KEYS = ("code", "reden", "niet_starten_voor")


def parse_ruleset(text: str, source: str) -> Ruleset:
    """The ruleset in TOML `text`; `source` names the file (or label) in every error."""
    document = parse_toml(text, source)
    try:
        return _build(document, Checker(source))
    except RulesetError as error:
        raise error.located_in(text) from None


def ruleset_from_stored_text(text: str, source: str) -> Ruleset:
    """The ruleset from the TOML text a database stored when it was created."""
    return parse_ruleset(text, source)


def load_ruleset(path: Path) -> Ruleset:
    """The ruleset in a user's TOML file."""
    return parse_ruleset(_read_file(path), str(path))


def preset_text(preset_id: str) -> str:
    """The TOML text of a shipped preset (`hoog-2023`, `roha-2023`)."""
    if preset_id not in PRESETS:
        raise RulesetError(
            preset_id,
            None,
            t("ruleset.unknown_preset", presets=listing(PRESETS, alternatives=True)),
        )
    packaged = resources.files("mtvdp_tui") / "rulesets" / PRESETS[preset_id]
    return packaged.read_text(encoding="utf-8")


def load_preset(preset_id: str) -> Ruleset:
    return parse_ruleset(preset_text(preset_id), PRESETS.get(preset_id, preset_id))


def resolve_ruleset(name_or_path: str) -> tuple[Ruleset, str]:
    """The ruleset and its TOML text, for a preset id or the path of a user's file."""
    if name_or_path in PRESETS:
        text = preset_text(name_or_path)
        return parse_ruleset(text, PRESETS[name_or_path]), text
    text = _read_file(Path(name_or_path))
    return parse_ruleset(text, name_or_path), text


MAX_RULESET_BYTES = 1024 * 1024  # the shipped presets are under 20 kB


def _read_file(path: Path) -> str:
    """The text of a user's ruleset file: a regular file of at most MAX_RULESET_BYTES."""
    try:
        return read_bounded(path, MAX_RULESET_BYTES).decode("utf-8-sig")
    except FileRefused as error:
        raise RulesetError(str(path), None, error.reason) from None
    except FileNotFoundError:
        raise RulesetError(
            str(path), None, t("ruleset.not_found", presets=listing(PRESETS, alternatives=True))
        ) from None
    except UnicodeDecodeError:
        raise RulesetError(str(path), None, t("ruleset.not_utf8")) from None
    except OSError as error:
        raise RulesetError(str(path), None, t("ruleset.unreadable", error=dutch(error))) from None


def _build(document: TomlTable, check: Checker) -> Ruleset:
    document.only_keys(TOP_LEVEL_KEYS)
    regions = _regions(document, check)
    identity = _identity(document.table("regeling"))
    moments = _moments(document, check)
    lottery = _lottery(document.table("loting"), moments, check)
    plan = _plan(document.table("praktijkplan"))
    kernelementen = _kernelementen(document, check)
    kernelement_ids = [k.id for k in kernelementen]
    interventions = [_intervention(table) for table in document.tables("interventie")]
    check.interventions(interventions, kernelement_ids)
    rules = [_rule(table) for table in document.tables("regel")]
    check.rules(rules, kernelement_ids, [i.id for i in interventions], plan.years)
    tariffs = [_tariff(table) for table in document.tables("tarief")]
    check.tariffs(tariffs)
    return Ruleset(
        id=identity.id,
        name=identity.name,
        version=identity.version,
        organisation=identity.organisation,
        source=identity.source,
        regions=tuple(regions),
        kernelementen=tuple(kernelementen),
        interventions=tuple(interventions),
        moments=tuple(moments),
        lottery=lottery.active,
        default_moment=lottery.default_moment,
        plan_years=plan.years,
        plan_deadline_months=plan.deadline_months,
        plan_approval_needed=plan.approval_needed,
        rules=tuple(rules),
        tariffs=tuple(sorted(tariffs, key=lambda period: period.start)),
        monitoring=_monitoring(
            document.optional_table("monitoring"), [i.id for i in interventions]
        ),
        exclusions=_exclusions(document, check),
    )


@dataclass(frozen=True)
class _Identity:
    id: str
    name: str
    version: int
    organisation: str
    source: str


def _identity(table: TomlTable) -> _Identity:
    table.only_keys(_REGELING_KEYS)
    return _Identity(
        id=table.text("id"),
        name=table.text("naam"),
        version=table.integer("versie", LIMITS["versie"]),
        organisation=table.text("organisatie"),
        source=table.optional_text("bron") or "",
    )


@dataclass(frozen=True)
class _Lottery:
    active: bool
    default_moment: date


def _lottery(table: TomlTable, moments: list[Instroommoment], check: Checker) -> _Lottery:
    table.only_keys(_LOTING_KEYS)
    active = table.boolean("actief")
    if active:
        check.lottery_capacities(moments)
    default_moment = table.day("standaard_moment")
    check.default_moment(default_moment, moments)
    return _Lottery(active, default_moment)


@dataclass(frozen=True)
class _Plan:
    years: int
    deadline_months: int
    approval_needed: bool


def _plan(table: TomlTable) -> _Plan:
    table.only_keys(_PLAN_KEYS)
    return _Plan(
        years=table.integer("jaren", LIMITS["jaren"]),
        deadline_months=table.integer("deadline_maanden", LIMITS["deadline_maanden"]),
        approval_needed=table.boolean("goedkeuring_nodig"),
    )


def _regions(document: TomlTable, check: Checker) -> list[str]:
    holder = None if document.has("regios") else document.holder_of("regios")
    if holder is not None:
        # A plain key written after a [table] header belongs to that table in TOML.
        check.fail(f"{holder}.regios", t("ruleset.misplaced_key", table=holder))
    regions = document.texts("regios")
    if not regions:
        check.fail("regios", t("ruleset.no_regions"))
    check.unique("regios", regions, field=None)
    check.region_names(regions)
    return regions


def _moments(document: TomlTable, check: Checker) -> list[Instroommoment]:
    moments = [_moment(table) for table in document.tables("instroommoment")]
    check.not_empty("instroommoment", moments)
    check.moments(moments)
    return moments


def _moment(table: TomlTable) -> Instroommoment:
    table.only_keys(_MOMENT_KEYS)
    return Instroommoment(
        date=table.day("datum"),
        capacity_percent=table.optional_integer("capaciteit_procent", LIMITS["capaciteit_procent"]),
    )


def _kernelementen(document: TomlTable, check: Checker) -> list[Kernelement]:
    kernelementen = [_kernelement(table) for table in document.tables("kernelement")]
    check.not_empty("kernelement", kernelementen)
    check.unique("kernelement", [k.id for k in kernelementen])
    return kernelementen


def _kernelement(table: TomlTable) -> Kernelement:
    table.only_keys(("id", "naam"))
    return Kernelement(id=table.text("id"), name=table.text("naam"))


def _intervention(table: TomlTable) -> Intervention:
    table.only_keys(_INTERVENTION_KEYS)
    return Intervention(
        id=table.text("id"),
        name=table.text("naam"),
        kernelement=table.text("kernelement"),
        top3_count=table.optional_integer("top3", LIMITS["top3"]),
        supported=table.optional_boolean("ondersteund", default=False),
    )


def _rule(table: TomlTable) -> PlanRule:
    table.only_keys(_RULE_KEYS)
    rule_id = table.text("id")
    kind = _rule_kind(table)
    for name in _RULE_NEEDS.get(kind, ()):
        if not table.has(name):
            table.fail(name, t("ruleset.rule.needs", kind=kind.value))
    return PlanRule(
        id=rule_id,
        kind=kind,
        year=table.optional_integer("jaar", LIMITS["jaar"]),
        kernelement=table.optional_text("kernelement"),
        intervention=table.optional_text("interventie"),
        count=table.optional_integer("aantal", LIMITS["aantal"]) or 1,
        new_only=table.optional_boolean("nieuw", default=False),
        within_years=table.optional_integer("binnen_jaren", LIMITS["binnen_jaren"]),
        months=table.optional_integer("maanden", LIMITS["maanden"]),
    )


def _rule_kind(table: TomlTable) -> RuleKind:
    kind = table.text("soort")
    try:
        return RuleKind(kind)
    except ValueError:
        table.fail(
            "soort",
            t("ruleset.rule.unknown_kind", kind=kind, known=listing(k.value for k in RuleKind)),
        )


def _tariff(table: TomlTable) -> TariffPeriod:
    table.only_keys(_TARIFF_KEYS)
    start, end = table.day("van"), table.day("tot")
    if end < start:
        table.fail(
            "tot",
            t("ruleset.tariff.end_before_start", end=end.isoformat(), start=start.isoformat()),
        )
    amount = table.integer("bedrag_cent", LIMITS["bedrag_cent"])
    if amount <= 0:
        table.fail("bedrag_cent", t("ruleset.tariff.amount", value=amount))
    return TariffPeriod(start=start, end=end, amount_cents=amount, payer=_payer(table))


def _payer(table: TomlTable) -> Payer:
    payer = table.text("betaler")
    try:
        return Payer(payer)
    except ValueError:
        table.fail(
            "betaler",
            t(
                "ruleset.tariff.payer",
                payer=payer,
                known=listing((p.value for p in Payer), alternatives=True),
            ),
        )


def _monitoring(table: TomlTable | None, intervention_ids: list[str]) -> Monitoring | None:
    if table is None:
        return None
    table.only_keys(_MONITORING_KEYS)
    social = (
        table.texts("sociaal_domein_interventies")
        if table.has("sociaal_domein_interventies")
        else []
    )
    for number, value in enumerate(social, start=1):
        if value not in intervention_ids:
            table.fail(
                f"sociaal_domein_interventies[{number}]",
                t("ruleset.unknown_interventie", value=value, known=listing(intervention_ids)),
            )
    return Monitoring(
        social_domain_interventions=frozenset(social),
        nulmeting_months=table.integer("nulmeting_maanden", LIMITS["nulmeting_maanden"]),
        een_meting_months=table.integer("een_meting_maanden", LIMITS["een_meting_maanden"]),
        slotmeting_months=table.integer("slotmeting_maanden", LIMITS["slotmeting_maanden"]),
        social_domain_within_years=table.integer(
            "sociaal_domein_binnen_jaren", LIMITS["sociaal_domein_binnen_jaren"]
        ),
        jaarverslag_months=(
            table.integer(
                "jaarverslag_maanden_na_planjaar", LIMITS["jaarverslag_maanden_na_planjaar"]
            )
            if table.has("jaarverslag_maanden_na_planjaar")
            else 0
        ),
    )


def _exclusions(document: TomlTable, check: Checker) -> tuple[Exclusion, ...]:
    exclusions = [_exclusion(table) for table in document.tables("uitsluiting")]
    check.unique("uitsluiting", [e.code for e in exclusions], field="code")
    return tuple(exclusions)


def _exclusion(table: TomlTable) -> Exclusion:
    table.only_keys(_EXCLUSION_KEYS)
    return Exclusion(
        code=table.text("code"),
        reason=table.text("reden"),
        no_start_before=table.optional_day("niet_starten_voor"),
    )
