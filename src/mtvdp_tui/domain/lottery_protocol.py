"""The lottery protocol: its JSON form, its seals, and reading it back (SPEC §5.6 and §13).

A protocol is a JSON object. Its file is the canonical JSON (see `lottery_seals`) followed by one
newline. It holds the pool document (sealed by `poolzegel`), the draw (sealed by
`trekkingszegel`), and what is not sealed: the attempt number and the region's earlier
(discarded) attempts, whether it is final, whether it is a rehearsal, the timestamps, and `sha256`
— the SHA-256 of the canonical JSON of everything but `sha256` itself. That self-hash only shows
the file is consistent (whoever edits it can recompute it); the seals read out at the ceremony
are what a copy is held to. `lottery_verify` checks a file.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any, NoReturn

from mtvdp_tui.domain.lottery import (
    Excluded,
    LotteryInputs,
    LotteryResult,
    Moment,
    PoolEntry,
    Step,
    capacity,
    draw_all,
)
from mtvdp_tui.domain.lottery_seals import canonical_json, poolzegel, sha256_hex, trekkingszegel
from mtvdp_tui.i18n import t

ALGORITHM = "rfc3797-md5/mtvdp-1"
# `loting verify` reads at most this much: the HTML page of a full pool (65,535) is ~27 MB
MAX_PROTOCOL_BYTES = 64 * 1024 * 1024
STEP_FIELDS = (
    "nummer",
    "pool_nummer",
    "agb",
    "voorkeur",
    "instroommoment",
    "doorgeschoven",
    "gebruikt",
)
TIME_ORDER = ("pool_vastgelegd", "bronnen_vastgelegd", "eerste_stap", "getrokken", "definitief")


class ProtocolError(ValueError):
    """A protocol that is malformed or does not add up; `str()` is the Dutch message."""


@dataclass(frozen=True)
class EarlierAttempt:
    """A discarded attempt of the same region, as the record keeps it."""

    number: int
    pool_frozen: str  # ISO-8601
    discarded: str  # ISO-8601
    reason: str
    poolzegel: str

    def record(self) -> dict[str, Any]:
        return {
            "nummer": self.number,
            "pool_vastgelegd": self.pool_frozen,
            "verworpen": self.discarded,
            "reden": self.reason,
            "poolzegel": self.poolzegel,
        }


# --- building ------------------------------------------------------------------------------------


def build_protocol(
    result: LotteryResult,
    times: Mapping[str, str] | None = None,
    *,
    attempt: int = 1,
    earlier: Sequence[EarlierAttempt] = (),
    final: bool = False,
    rehearsal: bool = False,
) -> dict[str, Any]:
    """The full protocol of a draw: both seals, the record, `tijden` (ISO-8601) and `sha256`."""
    protocol = _body(result)
    protocol["poging"] = attempt
    protocol["eerdere_pogingen"] = [item.record() for item in earlier]
    protocol["definitief"] = final
    protocol["oefening"] = rehearsal
    protocol["tijden"] = dict(times or {})
    protocol["sha256"] = content_hash(protocol)
    return protocol


def simulate(inputs: LotteryInputs) -> dict[str, Any]:
    """The rehearsal protocol these inputs would give: `oefening` true, not final, no times."""
    return build_protocol(draw_all(inputs), rehearsal=True)


def content_hash(protocol: Mapping[str, Any]) -> str:
    """SHA-256 (hex) of the canonical JSON of the protocol without its `sha256` key."""
    return sha256_hex({key: value for key, value in protocol.items() if key != "sha256"})


def protocol_bytes(protocol: Mapping[str, Any]) -> bytes:
    """The bytes of the protocol file: canonical JSON and one final newline."""
    return canonical_json(protocol) + b"\n"


def inputs_record(inputs: LotteryInputs) -> dict[str, Any]:
    """The inputs in the protocol's form (the pool document, and `bronnen`);
    `inputs_from_protocol` reads them back. Handy for storing frozen inputs."""
    return {
        "algoritme": ALGORITHM,
        "regelset": {
            "id": inputs.ruleset_id,
            "naam": inputs.ruleset_name,
            "versie": inputs.ruleset_version,
        },
        "regio": inputs.region,
        "ion_regio": inputs.ion_total,
        "ion_regio_bron": inputs.ion_source,
        "momenten": [
            {"datum": m.date.isoformat(), "percentage": m.percentage, "capaciteit": m.capacity}
            for m in inputs.moments
        ],
        "pool": [
            {
                "nummer": e.number,
                "agb": e.agb,
                "naam": e.name,
                "ion": e.ion,
                "voorkeur": e.preference.isoformat(),
                "voorkeur_standaard": e.preference_default,
            }
            for e in inputs.pool
        ],
        "uitgesloten": [{"agb": e.agb, "naam": e.name, "reden": e.reason} for e in inputs.excluded],
        "bronnen": [list(source) for source in inputs.sources],
    }


def pool_seal_of(inputs: LotteryInputs) -> str:
    """The poolzegel of frozen inputs (the sources play no part in it)."""
    return poolzegel(inputs_record(inputs))


def _body(result: LotteryResult) -> dict[str, Any]:
    body = {
        **inputs_record(result.inputs),
        "sleutel": result.key,
        "stappen": [step_record(step) for step in result.steps],
    }
    body["poolzegel"] = poolzegel(body)
    body["trekkingszegel"] = trekkingszegel(body, body["poolzegel"])
    return body


def step_record(step: Step) -> dict[str, Any]:
    return {
        "nummer": step.number,
        "pool_nummer": step.pool_number,
        "agb": step.agb,
        "voorkeur": step.preference.isoformat(),
        "instroommoment": step.moment.isoformat(),
        "doorgeschoven": step.doorgeschoven,
        "gebruikt": list(step.used),
    }


# --- reading -------------------------------------------------------------------------------------

_DATE = "datum"
_TEXT_MAP = "tijden"
SCHEMA: dict[str, Any] = {
    "algoritme": str,
    "regelset": {"id": str, "naam": str, "versie": int},
    "regio": str,
    "ion_regio": int,
    "ion_regio_bron": str,
    "momenten": [{"datum": _DATE, "percentage": int, "capaciteit": int}],
    "pool": [
        {
            "nummer": int,
            "agb": str,
            "naam": str,
            "ion": int,
            "voorkeur": _DATE,
            "voorkeur_standaard": bool,
        }
    ],
    "uitgesloten": [{"agb": str, "naam": str, "reden": str}],
    "poolzegel": str,
    "bronnen": [[int]],
    "sleutel": str,
    "stappen": [
        {
            "nummer": int,
            "pool_nummer": int,
            "agb": str,
            "voorkeur": _DATE,
            "instroommoment": _DATE,
            "doorgeschoven": bool,
            "gebruikt": [int],
        }
    ],
    "trekkingszegel": str,
    "poging": int,
    "eerdere_pogingen": [
        {"nummer": int, "pool_vastgelegd": str, "verworpen": str, "reden": str, "poolzegel": str}
    ],
    "definitief": bool,
    "oefening": bool,
    "tijden": _TEXT_MAP,
    "sha256": str,
}
_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def check_structure(protocol: object, schema: Mapping[str, Any] = SCHEMA) -> None:
    """Raise ProtocolError when a key is missing or unknown, or a value has the wrong type."""
    _check(protocol, dict(schema), ())


def _check(value: Any, schema: Any, path: tuple[str, ...]) -> None:
    if isinstance(schema, dict):
        if not isinstance(value, dict):
            _wrong(path, "object")
        for key in schema:
            if key not in value:
                raise ProtocolError(t("loting.controle.ontbreekt", veld=_path((*path, key))))
        for key in value:
            if key not in schema:
                raise ProtocolError(t("loting.controle.onbekend", veld=_path((*path, key))))
        for key, part in schema.items():
            _check(value[key], part, (*path, key))
    elif isinstance(schema, list):
        if not isinstance(value, list):
            _wrong(path, "lijst")
        for number, item in enumerate(value, start=1):
            _check(item, schema[0], (*path, t("loting.controle.item", nummer=number)))
    elif schema == _TEXT_MAP:
        if not isinstance(value, dict) or not all(isinstance(v, str) for v in value.values()):
            _wrong(path, "tijden")
    elif schema == _DATE:
        if not isinstance(value, str) or not _is_date(value):
            _wrong(path, "datum")
    elif schema is int:
        if not isinstance(value, int) or isinstance(value, bool):
            _wrong(path, "geheel_getal")
    elif not isinstance(value, schema):
        _wrong(path, "tekst" if schema is str else "waar_onwaar")


def _is_date(text: str) -> bool:
    if not _ISO_DATE.fullmatch(text):
        return False
    try:
        date.fromisoformat(text)
    except ValueError:
        return False
    return True


def _wrong(path: tuple[str, ...], kind: str) -> NoReturn:
    raise ProtocolError(
        t("loting.controle.type", veld=_path(path), soort=t(f"loting.controle.soort.{kind}"))
    )


def _path(path: tuple[str, ...]) -> str:
    return " → ".join(path) if path else t("loting.controle.geheel")


def inputs_from_protocol(protocol: Mapping[str, Any]) -> LotteryInputs:
    """The lottery inputs a (structurally checked) protocol records; capacities recomputed."""
    total = protocol["ion_regio"]
    return LotteryInputs(
        ruleset_id=protocol["regelset"]["id"],
        ruleset_name=protocol["regelset"]["naam"],
        ruleset_version=protocol["regelset"]["versie"],
        region=protocol["regio"],
        ion_total=total,
        moments=tuple(
            Moment(
                date.fromisoformat(m["datum"]), m["percentage"], capacity(m["percentage"], total)
            )
            for m in protocol["momenten"]
        ),
        pool=tuple(
            PoolEntry(
                e["nummer"],
                e["agb"],
                e["naam"],
                e["ion"],
                date.fromisoformat(e["voorkeur"]),
                e["voorkeur_standaard"],
            )
            for e in protocol["pool"]
        ),
        sources=tuple(tuple(source) for source in protocol["bronnen"]),
        # records frozen before the seals existed have neither: "onbekend", nobody left out
        ion_source=protocol.get("ion_regio_bron", "onbekend"),
        excluded=tuple(
            Excluded(e["agb"], e["naam"], e["reden"]) for e in protocol.get("uitgesloten", ())
        ),
    )
