"""Checking a lottery protocol (SPEC §5.6 and §13): does it add up, and is it the one shown?

`verify` reads a JSON file; `verify_protocol` checks content already read (the HTML page embeds
the same JSON). The checks: the form (every key, every type), the algorithm, 8-digit AGB codes,
the draw recomputed from pool and sources (key, capacities, every step), both seals recomputed
and compared with the ones written, the earlier attempts, the order of the times, and the file's
self-hash. Only `compare_published` proves more than consistency: it holds the recomputed seals
to the ones read out at the ceremony (from the minutes or the video).

A file whose content is intact but whose bytes are not canonical (a BOM, whitespace, CRLF, key
order, `\\u` escapes) is accepted and reported as reformatted. A protocol saved before the seals
existed (`lottery_legacy`) is checked in its own format, its seals computed from it, and the
verdict says that no seal was shown at that draw.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from itertools import pairwise
from typing import Any

from mtvdp_tui.domain.lottery import LotteryError, draw_all
from mtvdp_tui.domain.lottery_legacy import LEGACY_SCHEMA, predates_seals, sealed_form
from mtvdp_tui.domain.lottery_protocol import (
    ALGORITHM,
    STEP_FIELDS,
    TIME_ORDER,
    ProtocolError,
    check_structure,
    content_hash,
    inputs_from_protocol,
    protocol_bytes,
    step_record,
)
from mtvdp_tui.domain.lottery_seals import grouped, is_seal, normalised, poolzegel, trekkingszegel
from mtvdp_tui.i18n import t

_AGB = re.compile(r"[0-9]{8}")
BOM = "\ufeff"


@dataclass(frozen=True)
class Verification:
    ok: bool
    difference: str | None = None  # the first difference found, one Dutch sentence
    reformatted: bool = False  # content intact, bytes not in the canonical form
    poolzegel: str | None = None  # recomputed from the content
    trekkingszegel: str | None = None
    final: bool | None = None
    rehearsal: bool | None = None
    attempt: int | None = None
    earlier: tuple[Mapping[str, Any], ...] = ()
    predates_seals: bool = False  # saved before the seals: none was shown at the draw

    @property
    def message(self) -> str:
        if not self.ok:
            return self.difference or ""
        verdict = t("loting.controle.klopt_opmaak" if self.reformatted else "loting.controle.klopt")
        if self.predates_seals:
            return t("loting.controle.voor_zegels", klopt=verdict)
        return verdict

    def report(self) -> list[str]:
        """What `loting verify` prints: the seals, the record, then the verdict."""
        lines = []
        if self.poolzegel:
            lines.append(t("loting.controle.poolzegel", zegel=grouped(self.poolzegel)))
        if self.trekkingszegel:
            lines.append(t("loting.controle.trekkingszegel", zegel=grouped(self.trekkingszegel)))
        if self.attempt is not None:
            lines.append(t("loting.controle.poging", nummer=self.attempt))
        lines += [
            t(
                "loting.controle.eerdere_poging",
                nummer=item["nummer"],
                verworpen=item["verworpen"],
                reden=item["reden"],
                zegel=grouped(item["poolzegel"]),
            )
            for item in self.earlier
        ]
        if self.rehearsal:
            lines.append(t("loting.controle.oefening"))
        elif self.final is False:
            lines.append(t("loting.controle.niet_definitief"))
        return [*lines, self.message]


# --- reading -------------------------------------------------------------------------------------


def read_json(text: str) -> Any:
    """JSON text (a leading BOM allowed); numbers like NaN and duplicate keys are refused."""
    try:
        return json.loads(
            text.removeprefix(BOM), parse_constant=_refuse_constant, object_pairs_hook=_no_twice
        )
    except ProtocolError:
        raise
    except json.JSONDecodeError as error:
        raise ProtocolError(
            t("loting.controle.geen_json", regel=error.lineno, kolom=error.colno)
        ) from None
    except (ValueError, RecursionError):
        raise ProtocolError(t("loting.controle.geen_json_kort")) from None


def decode(data: bytes) -> str:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise ProtocolError(t("loting.controle.geen_utf8", positie=error.start + 1)) from None


def _refuse_constant(name: str) -> None:
    raise ValueError(name)


def _no_twice(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for key, value in pairs:
        if key in result:
            raise ProtocolError(t("loting.controle.dubbel_veld", veld=key))
        result[key] = value
    return result


# --- verifying -----------------------------------------------------------------------------------


def verify(data: bytes) -> Verification:
    """Check a protocol JSON file."""
    try:
        protocol = read_json(decode(data))
    except ProtocolError as difference:
        return Verification(False, str(difference))
    return verify_protocol(protocol, reformatted=lambda: data != protocol_bytes(protocol))


def verify_protocol(protocol: Any, *, reformatted: Any = False) -> Verification:
    """Check protocol content; `reformatted` (a bool, or a function giving it) is reported."""
    try:
        checked, seals = _verify(protocol)
    except ProtocolError as difference:
        return Verification(False, str(difference))
    except Exception as error:  # a check must never end in a traceback
        return Verification(False, t("loting.controle.onverwacht", fout=repr(error)))
    old = predates_seals(protocol)
    return Verification(
        True,
        reformatted=bool(reformatted() if callable(reformatted) else reformatted),
        poolzegel=seals[0],
        trekkingszegel=seals[1],
        final=checked["definitief"],
        rehearsal=checked["oefening"],
        attempt=None if old else checked["poging"],  # attempts were not numbered before
        earlier=tuple(checked["eerdere_pogingen"]),
        predates_seals=old,
    )


def _verify(protocol: Any) -> tuple[dict[str, Any], tuple[str, str]]:
    """The protocol in today's form, and its seals; ProtocolError at the first difference."""
    if predates_seals(protocol):
        check_structure(protocol, LEGACY_SCHEMA)
        form = sealed_form(protocol)
    else:
        check_structure(protocol)
        form = protocol
    seals = _check_content(form)
    computed = content_hash(protocol)  # an old file's self-hash covers its own keys only
    if protocol["sha256"] != computed:
        raise ProtocolError(
            t("loting.controle.hash", bestand=protocol["sha256"], herberekend=computed)
        )
    return form, seals


def _check_content(protocol: Mapping[str, Any]) -> tuple[str, str]:
    if protocol["algoritme"] != ALGORITHM:
        raise ProtocolError(
            t("loting.controle.algoritme", gevonden=protocol["algoritme"], verwacht=ALGORITHM)
        )
    _check_agbs(protocol)
    _check_recomputation(protocol)
    seals = _check_seals(protocol)
    _check_attempts(protocol)
    _check_times(protocol)
    return seals


def _check_agbs(protocol: Mapping[str, Any]) -> None:
    for part in ("pool", "uitgesloten", "stappen"):
        for number, item in enumerate(protocol[part], start=1):
            if not _AGB.fullmatch(item["agb"]):
                raise ProtocolError(
                    t("loting.controle.agb", deel=part, nummer=number, agb=item["agb"])
                )


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
    _compare_steps(protocol["stappen"], [step_record(step) for step in result.steps])


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


def _check_seals(protocol: Mapping[str, Any]) -> tuple[str, str]:
    pool_seal = poolzegel(protocol)
    draw_seal = trekkingszegel(protocol, pool_seal)
    for name, computed in (("poolzegel", pool_seal), ("trekkingszegel", draw_seal)):
        if protocol[name] != computed:
            raise ProtocolError(
                t("loting.controle.zegel", naam=name, bestand=protocol[name], herberekend=computed)
            )
    return pool_seal, draw_seal


def _check_attempts(protocol: Mapping[str, Any]) -> None:
    attempt = protocol["poging"]
    if attempt < 1:
        raise ProtocolError(t("loting.controle.poging_nummer", nummer=attempt))
    numbers = [item["nummer"] for item in protocol["eerdere_pogingen"]]
    if numbers != sorted(set(numbers)) or any(not 1 <= n < attempt for n in numbers):
        raise ProtocolError(t("loting.controle.pogingen", poging=attempt))
    for item in protocol["eerdere_pogingen"]:
        if not is_seal(item["poolzegel"]):
            raise ProtocolError(t("loting.controle.poging_zegel", nummer=item["nummer"]))
        _order([("pool_vastgelegd", item["pool_vastgelegd"]), ("verworpen", item["verworpen"])])


def _check_times(protocol: Mapping[str, Any]) -> None:
    times = protocol["tijden"]
    unknown = sorted(set(times) - set(TIME_ORDER))
    if unknown:
        raise ProtocolError(t("loting.controle.onbekende_tijd", naam=unknown[0]))
    if protocol["definitief"] != ("definitief" in times):
        raise ProtocolError(t("loting.controle.definitief_tijd"))
    _order([(name, times[name]) for name in TIME_ORDER if name in times])
    if "pool_vastgelegd" in times:  # this attempt began after every earlier one was discarded
        for item in protocol["eerdere_pogingen"]:
            _order(
                [("verworpen", item["verworpen"]), ("pool_vastgelegd", times["pool_vastgelegd"])]
            )


def _order(named: list[tuple[str, str]]) -> None:
    """Each time on or after the one before it; every time ISO-8601 with its UTC offset."""
    parsed = []
    for name, text in named:
        try:
            moment = datetime.fromisoformat(text)
        except ValueError:
            raise ProtocolError(t("loting.controle.geen_tijd", naam=name, waarde=text)) from None
        if moment.tzinfo is None:
            raise ProtocolError(t("loting.controle.geen_tijdzone", naam=name, waarde=text))
        parsed.append((name, moment))
    for (before, first), (after, second) in pairwise(parsed):
        if second < first:
            raise ProtocolError(t("loting.controle.tijd_volgorde", eerder=before, later=after))


def _show(value: object) -> str:
    if isinstance(value, bool):
        return t("loting.controle.ja") if value else t("loting.controle.nee")
    if isinstance(value, list):
        return "[" + ", ".join(_show(item) for item in value) + "]"
    return str(value)


# --- the seals read out at the ceremony ----------------------------------------------------------


def compare_published(
    verification: Verification, *, pool_seal: str | None = None, draw_seal: str | None = None
) -> list[str]:
    """The differences (Dutch) between the recomputed seals and the ones published."""
    problems = []
    for name, published, computed in (
        ("poolzegel", pool_seal, verification.poolzegel),
        ("trekkingszegel", draw_seal, verification.trekkingszegel),
    ):
        if published is None:
            continue
        wanted = normalised(published)
        if not is_seal(wanted):
            problems.append(t("loting.controle.geen_zegel", naam=name, waarde=published))
        elif computed is None or wanted != computed:
            problems.append(
                t(
                    "loting.controle.zegel_anders",
                    naam=name,
                    gepubliceerd=grouped(wanted),
                    bestand=grouped(computed or "?"),
                )
            )
    return problems
