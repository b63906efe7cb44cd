"""The lottery protocol (issue 4 part 6): canonical JSON, its SHA-256, and verification of a file.

A protocol file is the canonical JSON of the protocol (UTF-8, keys sorted, no spaces, non-ASCII
written as is) followed by exactly one newline. `sha256` is the hex SHA-256 of the canonical JSON
(without the newline) of the protocol without its `sha256` key. Because the file must be exactly
that canonical form, any changed byte is detected: either the file is no longer canonical, or the
content differs from the recomputation, or the hash no longer matches.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any, NoReturn

from mtvdp_tui.domain.lottery import (
    LotteryError,
    LotteryInputs,
    LotteryResult,
    Moment,
    PoolEntry,
    Step,
    capacity,
    draw_all,
)
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


class ProtocolError(ValueError):
    """A protocol that is malformed or does not add up; `str()` is the Dutch message."""


@dataclass(frozen=True)
class Verification:
    ok: bool
    difference: str | None = None  # the first difference found, one Dutch sentence

    @property
    def message(self) -> str:
        return t("loting.controle.klopt") if self.ok else (self.difference or "")


# --- building ------------------------------------------------------------------------------------


def build_protocol(result: LotteryResult, times: Mapping[str, str] | None = None) -> dict[str, Any]:
    """The full protocol of a draw, with `tijden` (ISO-8601 timestamps) and `sha256`."""
    protocol = _body(result)
    protocol["tijden"] = dict(times or {})
    protocol["sha256"] = content_hash(protocol)
    return protocol


def simulate(inputs: LotteryInputs) -> dict[str, Any]:
    """The protocol these inputs would give, without `tijden` and `sha256` (a rehearsal)."""
    return _body(draw_all(inputs))


def canonical_json(value: object) -> bytes:
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode()


def content_hash(protocol: Mapping[str, Any]) -> str:
    """SHA-256 (hex) of the canonical JSON of the protocol without its `sha256` key."""
    content = {key: value for key, value in protocol.items() if key != "sha256"}
    return hashlib.sha256(canonical_json(content)).hexdigest()


def protocol_bytes(protocol: Mapping[str, Any]) -> bytes:
    """The bytes of the protocol file: canonical JSON and one final newline."""
    return canonical_json(protocol) + b"\n"


def inputs_record(inputs: LotteryInputs) -> dict[str, Any]:
    """The inputs in the protocol's form (`regelset` … `bronnen`); `inputs_from_protocol`
    reads them back. Handy for storing frozen inputs."""
    return {
        "regelset": {
            "id": inputs.ruleset_id,
            "naam": inputs.ruleset_name,
            "versie": inputs.ruleset_version,
        },
        "regio": inputs.region,
        "ion_regio": inputs.ion_total,
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
        "bronnen": [list(source) for source in inputs.sources],
    }


def _body(result: LotteryResult) -> dict[str, Any]:
    return {
        "algoritme": ALGORITHM,
        **inputs_record(result.inputs),
        "sleutel": result.key,
        "stappen": [_step(step) for step in result.steps],
    }


def _step(step: Step) -> dict[str, Any]:
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
_SCHEMA: dict[str, Any] = {
    "algoritme": str,
    "regelset": {"id": str, "naam": str, "versie": int},
    "regio": str,
    "ion_regio": int,
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
    "tijden": _TEXT_MAP,
    "sha256": str,
}
_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def check_structure(protocol: object) -> None:
    """Raise ProtocolError when a key is missing or unknown, or a value has the wrong type."""
    _check(protocol, _SCHEMA, ())


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
    )


def _moment(written: Mapping[str, Any], ion_total: int) -> Moment:
    percentage = written["percentage"]
    return Moment(date.fromisoformat(written["datum"]), percentage, capacity(percentage, ion_total))


# --- verifying -----------------------------------------------------------------------------------


def verify(data: bytes) -> Verification:
    """Check a protocol file: form, recomputed key, capacities, order and allocation, hash."""
    try:
        _verify(data)
    except ProtocolError as difference:
        return Verification(False, str(difference))
    except Exception as error:  # a check must never end in a traceback
        return Verification(False, t("loting.controle.onverwacht", fout=repr(error)))
    return Verification(True)


def _verify(data: bytes) -> None:
    protocol = _parse(data)
    check_structure(protocol)
    _check_canonical(protocol, data)
    if protocol["algoritme"] != ALGORITHM:
        raise ProtocolError(
            t("loting.controle.algoritme", gevonden=protocol["algoritme"], verwacht=ALGORITHM)
        )
    _check_recomputation(protocol)
    computed = content_hash(protocol)
    if protocol["sha256"] != computed:
        raise ProtocolError(
            t("loting.controle.hash", bestand=protocol["sha256"], herberekend=computed)
        )


def _parse(data: bytes) -> Any:
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise ProtocolError(t("loting.controle.geen_utf8", positie=error.start + 1)) from None
    try:
        return json.loads(text, parse_constant=_refuse_constant)
    except json.JSONDecodeError as error:
        raise ProtocolError(
            t("loting.controle.geen_json", regel=error.lineno, kolom=error.colno)
        ) from None
    except (ValueError, RecursionError):
        raise ProtocolError(t("loting.controle.geen_json_kort")) from None


def _refuse_constant(name: str) -> None:
    raise ValueError(name)


def _check_canonical(protocol: Mapping[str, Any], data: bytes) -> None:
    try:
        expected = protocol_bytes(protocol)
    except UnicodeEncodeError:
        expected = b""
    if data != expected:
        position = next(
            (i for i, (a, b) in enumerate(zip(data, expected, strict=False)) if a != b),
            min(len(data), len(expected)),
        )
        raise ProtocolError(t("loting.controle.niet_canoniek", positie=position + 1))


def _check_recomputation(protocol: Mapping[str, Any]) -> None:
    inputs = inputs_from_protocol(protocol)
    try:
        result = draw_all(inputs)
    except LotteryError as error:
        raise ProtocolError(t("loting.controle.ongeldig", fout=str(error))) from None
    if protocol["sleutel"] != result.key:
        raise ProtocolError(
            t("loting.controle.sleutel", bestand=protocol["sleutel"], herberekend=result.key)
        )
    for number, (written, moment) in enumerate(
        zip(protocol["momenten"], inputs.moments, strict=True), start=1
    ):
        if written["capaciteit"] != moment.capacity:
            raise ProtocolError(
                t(
                    "loting.controle.capaciteit",
                    nummer=number,
                    datum=written["datum"],
                    bestand=written["capaciteit"],
                    herberekend=moment.capacity,
                )
            )
    _compare_steps(protocol["stappen"], [_step(step) for step in result.steps])


def _compare_steps(written: list[dict[str, Any]], computed: list[dict[str, Any]]) -> None:
    for number, (mine, theirs) in enumerate(zip(written, computed, strict=False), start=1):
        for field in STEP_FIELDS:
            if mine[field] != theirs[field]:
                raise ProtocolError(
                    t(
                        "loting.controle.stap",
                        nummer=number,
                        veld=field,
                        bestand=_show(mine[field]),
                        herberekend=_show(theirs[field]),
                    )
                )
    if len(written) != len(computed):
        raise ProtocolError(
            t("loting.controle.aantal_stappen", bestand=len(written), herberekend=len(computed))
        )


def _show(value: object) -> str:
    if isinstance(value, bool):
        return t("loting.controle.ja") if value else t("loting.controle.nee")
    if isinstance(value, list):
        return "[" + ", ".join(_show(item) for item in value) + "]"
    return str(value)
