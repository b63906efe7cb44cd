"""The lottery protocol: canonical JSON, SHA-256, and `verify` finding any change."""

from __future__ import annotations

import copy
import hashlib
import json
from collections.abc import Callable
from datetime import date
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mtvdp_tui.domain.lottery import Participant, draw_all, prepare_inputs
from mtvdp_tui.domain.lottery_protocol import (
    ALGORITHM,
    build_protocol,
    canonical_json,
    content_hash,
    inputs_from_protocol,
    inputs_record,
    protocol_bytes,
    simulate,
)
from mtvdp_tui.domain.lottery_verify import verify
from mtvdp_tui.domain.ruleset_loader import load_preset

HOOG = load_preset("hoog-2023")
TIMES = {
    "pool_vastgelegd": "2026-11-22T10:00:00+01:00",
    "bronnen_vastgelegd": "2026-11-22T10:05:00+01:00",
    "getrokken": "2026-11-22T10:20:00+01:00",
}
PARTICIPANTS = [
    Participant("01000005", "Huisartsenpraktijk Zoë & Co", 2400, date(2023, 7, 1)),
    Participant("01000001", "De Linde", 3100, date(2023, 7, 1)),
    Participant("01000003", "Gezondheidscentrum Noord", 5200, None),
    Participant("01000002", "Praktijk 't Hof", 1800, date(2023, 10, 1)),
    Participant("01000004", "Dokter Één", 2900, date(2023, 7, 1)),
    Participant("01000006", "Huisarts Zuid", 1500, date(2023, 7, 1)),
]
SOURCES = [[9319], [10, 2, 8, 12, 5], [45, 9, 18, 26, 34, 41]]
KEYS = {
    "algoritme",
    "regelset",
    "regio",
    "ion_regio",
    "ion_regio_bron",
    "momenten",
    "pool",
    "uitgesloten",
    "poolzegel",
    "bronnen",
    "sleutel",
    "stappen",
    "trekkingszegel",
    "poging",
    "eerdere_pogingen",
    "definitief",
    "oefening",
    "tijden",
    "sha256",
}


def inputs(participants=PARTICIPANTS, ion_total: int = 16_000, sources=SOURCES):
    return prepare_inputs(HOOG, "Apeldoorn", ion_total, participants, sources)


def protocol() -> dict[str, Any]:
    return build_protocol(draw_all(inputs()), TIMES)


PROTOCOL_BYTES = protocol_bytes(protocol())


def rewritten(change: Callable[[dict[str, Any]], None]) -> bytes:
    """The protocol with `change` applied and the hash made to match again (a careful forger)."""
    changed = copy.deepcopy(protocol())
    change(changed)
    changed["sha256"] = content_hash(changed)
    return protocol_bytes(changed)


def difference(data: bytes) -> str | None:
    result = verify(data)
    assert result.ok == (result.difference is None)
    return result.difference


# --- the form ------------------------------------------------------------------------------------


def test_protocol_has_exactly_the_issue_keys() -> None:
    made = protocol()
    assert set(made) == KEYS
    assert made["algoritme"] == ALGORITHM == "rfc3797-md5/mtvdp-1"
    assert made["regelset"] == {"id": "hoog-2023", "naam": "HOOG 2023", "versie": 1}
    assert made["momenten"] == [
        {"datum": "2023-07-01", "percentage": 50, "capaciteit": 8000},
        {"datum": "2023-10-01", "percentage": 75, "capaciteit": 12000},
        {"datum": "2024-01-01", "percentage": 100, "capaciteit": 16000},
    ]
    assert made["pool"][0] == {
        "nummer": 1,
        "agb": "01000001",
        "naam": "De Linde",
        "ion": 3100,
        "voorkeur": "2023-07-01",
        "voorkeur_standaard": False,
    }
    assert made["pool"][2]["voorkeur"] == "2024-01-01" and made["pool"][2]["voorkeur_standaard"]
    assert made["bronnen"] == SOURCES
    assert made["sleutel"] == "9319./2.5.8.10.12./9.18.26.34.41.45./"
    assert set(made["stappen"][0]) == {
        "nummer",
        "pool_nummer",
        "agb",
        "voorkeur",
        "instroommoment",
        "doorgeschoven",
        "gebruikt",
    }
    assert made["tijden"] == TIMES
    assert made["ion_regio_bron"] == "register" and made["uitgesloten"] == []
    assert (made["poging"], made["eerdere_pogingen"], made["definitief"]) == (1, [], False)
    assert made["oefening"] is False


def test_bytes_are_canonical_utf8_with_one_final_newline() -> None:
    data = PROTOCOL_BYTES
    assert data.endswith(b"}\n") and not data.endswith(b"\n\n")
    parsed = json.loads(data)
    expected = json.dumps(parsed, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    assert data == expected.encode("utf-8") + b"\n"
    assert "Zoë".encode() in data  # non-ASCII written as is
    assert protocol_bytes(protocol()) == data  # stable
    assert canonical_json({"b": 1, "a": [1, "é"]}) == '{"a":[1,"é"],"b":1}'.encode()


def test_sha256_covers_everything_but_itself() -> None:
    parsed = json.loads(PROTOCOL_BYTES)
    without = {key: value for key, value in parsed.items() if key != "sha256"}
    body = json.dumps(without, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    assert parsed["sha256"] == hashlib.sha256(body.encode("utf-8")).hexdigest()


def test_the_result_does_not_depend_on_the_order_of_the_participants() -> None:
    again = build_protocol(draw_all(inputs(list(reversed(PARTICIPANTS)))), TIMES)
    assert protocol_bytes(again) == PROTOCOL_BYTES


def test_a_rehearsal_is_a_whole_protocol_marked_as_such() -> None:
    simulated = simulate(inputs())
    assert set(simulated) == KEYS
    assert simulated["oefening"] is True and simulated["tijden"] == {}
    full = protocol()
    same = KEYS - {"oefening", "tijden", "sha256"}
    assert all(simulated[key] == full[key] for key in same)
    result = verify(protocol_bytes(simulated))
    assert result.ok and result.rehearsal and "OEFENING" in "\n".join(result.report())


def test_inputs_read_back_from_a_protocol() -> None:
    assert inputs_from_protocol(protocol()) == inputs()
    frozen_pool = inputs().with_sources([])
    record = json.loads(json.dumps(inputs_record(frozen_pool)))
    assert inputs_from_protocol(record) == frozen_pool


# --- verify --------------------------------------------------------------------------------------


def test_a_fresh_protocol_verifies() -> None:
    result = verify(PROTOCOL_BYTES)
    assert result.ok and result.message == "klopt"


def test_an_empty_pool_verifies() -> None:
    empty = build_protocol(draw_all(inputs(participants=[])))
    assert empty["stappen"] == [] and verify(protocol_bytes(empty)).ok


@settings(max_examples=400, deadline=None)
@given(st.data())
def test_any_changed_byte_is_detected_or_changes_only_the_formatting(
    data: st.DataObject,
) -> None:
    position = data.draw(st.integers(0, len(PROTOCOL_BYTES) - 1))
    original = PROTOCOL_BYTES[position]
    replacement = data.draw(st.integers(0, 255).filter(lambda b: b != original))
    changed = bytearray(PROTOCOL_BYTES)
    changed[position] = replacement
    result = verify(bytes(changed))
    if result.ok:  # e.g. the final newline became a space: the content is the same
        assert result.reformatted and json.loads(bytes(changed)) == json.loads(PROTOCOL_BYTES)
    else:
        assert result.difference


@settings(max_examples=100, deadline=None)
@given(st.data())
def test_any_removed_or_added_byte_is_detected(data: st.DataObject) -> None:
    position = data.draw(st.integers(0, len(PROTOCOL_BYTES)))
    if data.draw(st.booleans()) and position < len(PROTOCOL_BYTES):
        changed = PROTOCOL_BYTES[:position] + PROTOCOL_BYTES[position + 1 :]
    else:
        added = bytes([data.draw(st.integers(0, 255))])
        changed = PROTOCOL_BYTES[:position] + added + PROTOCOL_BYTES[position:]
    result = verify(changed)
    assert not result.ok or json.loads(changed) == json.loads(PROTOCOL_BYTES)


@settings(max_examples=200)
@given(st.binary(max_size=300))
def test_verify_never_raises(data: bytes) -> None:
    assert not verify(data).ok


def _move_step(p: dict[str, Any]) -> None:
    p["stappen"][3]["pool_nummer"] = 99


def test_a_changed_step_is_named() -> None:
    computed = protocol()["stappen"][3]["pool_nummer"]
    assert difference(rewritten(_move_step)) == (
        f"stap 4: pool_nummer is 99 in het bestand, maar de herberekening geeft {computed}"
    )


def test_a_changed_assignment_is_named() -> None:
    def earlier(p: dict[str, Any]) -> None:
        step = next(s for s in p["stappen"] if s["doorgeschoven"])
        step["instroommoment"], step["doorgeschoven"] = step["voorkeur"], False

    assert difference(rewritten(earlier)).startswith("stap ")
    assert ": instroommoment is 2023-07-01 in het bestand" in difference(rewritten(earlier))


def test_a_changed_source_is_detected() -> None:
    def source(p: dict[str, Any]) -> None:
        p["bronnen"][0] = [9318]

    assert difference(rewritten(source)) == (
        "sleutel is '9319./2.5.8.10.12./9.18.26.34.41.45./' in het bestand, maar de "
        "herberekening uit de bronnen geeft '9318./2.5.8.10.12./9.18.26.34.41.45./'"
    )

    def source_and_key(p: dict[str, Any]) -> None:
        p["bronnen"][0] = [9318]
        p["sleutel"] = "9318./2.5.8.10.12./9.18.26.34.41.45./"

    assert difference(rewritten(source_and_key)).startswith("stap 1: pool_nummer is ")


def test_a_changed_ion_is_detected() -> None:
    def practice_ion(p: dict[str, Any]) -> None:
        p["pool"][0]["ion"] += 1

    assert "gebruikt is [" in difference(rewritten(practice_ion))

    def region_ion(p: dict[str, Any]) -> None:
        p["ion_regio"] = 17_000

    assert difference(rewritten(region_ion)) == (
        "instroommoment 1 (2023-07-01): capaciteit is 8000 in het bestand, "
        "maar de herberekening geeft 8500"
    )


def test_a_changed_name_is_caught_by_the_poolzegel() -> None:
    changed = PROTOCOL_BYTES.replace(b"De Linde", b"De Lindx")
    assert difference(changed).startswith("Het poolzegel in het bestand (")


def test_a_changed_time_is_caught_by_the_self_hash() -> None:
    changed = PROTOCOL_BYTES.replace(b"T10:20:00", b"T10:21:00")
    assert difference(changed).startswith("De SHA-256 in het bestand (")


def test_steps_added_or_removed() -> None:
    def drop_last(p: dict[str, Any]) -> None:
        p["stappen"].pop()

    assert difference(rewritten(drop_last)) == (
        "het bestand heeft 5 stappen, maar de herberekening geeft 6 stappen"
    )


def test_unknown_algorithm() -> None:
    def other(p: dict[str, Any]) -> None:
        p["algoritme"] = "iets-anders"

    assert difference(rewritten(other)).startswith("Onbekend algoritme 'iets-anders'")


def test_inputs_that_cannot_be_drawn_are_reported() -> None:
    def unsorted_pool(p: dict[str, Any]) -> None:
        p["pool"][0]["agb"] = "09999999"

    assert difference(rewritten(unsorted_pool)) == (
        "De gegevens in het bestand kunnen niet worden nagerekend: Pool: nummer 2 "
        "(AGB-code 01000002) staat niet in oplopende volgorde van AGB-code."
    )


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "Het bestand is geen geldige JSON (regel 1, kolom 1)."),
        (b"hallo", "Het bestand is geen geldige JSON (regel 1, kolom 1)."),
        (b"\xff\xfe{}", "Het bestand is geen UTF-8-tekst (fout bij byte 1)."),
        (b"[1, 2]", "Het veld 'het hele bestand' moet een object zijn."),
        (b'{"x": NaN}', "Het bestand is geen geldige JSON."),
        (b"[" * 100_000, "Het bestand is geen geldige JSON."),
    ],
)
def test_not_a_protocol_at_all(data: bytes, message: str) -> None:
    assert difference(data) == message


def _without(key: str) -> Callable[[dict[str, Any]], None]:
    return lambda p: p.pop(key)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (_without("sleutel"), "Het veld 'sleutel' ontbreekt."),
        (lambda p: p["pool"][1].pop("ion"), "Het veld 'pool → nr. 2 → ion' ontbreekt."),
        (lambda p: p.update(extra=1), "Het veld 'extra' hoort niet in een lotingsprotocol."),
        (
            lambda p: p["pool"][1].update(ion="12"),
            "Het veld 'pool → nr. 2 → ion' moet een geheel getal zijn.",
        ),
        (
            lambda p: p["pool"][1].update(ion=12.0),
            "Het veld 'pool → nr. 2 → ion' moet een geheel getal zijn.",
        ),
        (
            lambda p: p["stappen"][0].update(doorgeschoven=0),
            "Het veld 'stappen → nr. 1 → doorgeschoven' moet true of false zijn.",
        ),
        (
            lambda p: p["momenten"][0].update(datum="1-7-2023"),
            "Het veld 'momenten → nr. 1 → datum' moet een datum als JJJJ-MM-DD zijn.",
        ),
        (
            lambda p: p.update(bronnen=[[1, -2]]),
            "De gegevens in het bestand kunnen niet worden nagerekend: Bron 1: elk getal moet 0 "
            "of groter zijn en hoogstens 20 cijfers hebben.",
        ),
        (
            lambda p: p.update(tijden={"getrokken": 3}),
            "Het veld 'tijden' moet een object met tekst per tijdstip zijn.",
        ),
    ],
)
def test_malformed_protocols_get_a_dutch_message(change, message: str) -> None:
    assert difference(rewritten(change)) == message


def test_a_missing_hash() -> None:
    made = protocol()
    del made["sha256"]
    assert difference(protocol_bytes(made)) == "Het veld 'sha256' ontbreekt."


def test_harmless_reformatting_is_reported_not_refused() -> None:
    pretty = json.dumps(json.loads(PROTOCOL_BYTES), ensure_ascii=False, indent=2).encode()
    for data in (
        pretty,
        PROTOCOL_BYTES.rstrip(b"\n"),
        PROTOCOL_BYTES.replace("ë".encode(), b"\\u00eb"),
        b"\xef\xbb\xbf" + pretty.replace(b"\n", b"\r\n"),
    ):
        result = verify(data)
        assert result.ok and result.reformatted, data[:40]
        assert result.message == (
            "klopt: inhoud ongewijzigd, opmaak gewijzigd (bijvoorbeeld spaties, regeleinden of "
            "de volgorde van de velden)"
        )
    assert verify(PROTOCOL_BYTES).message == "klopt"


def test_a_key_written_twice_is_refused() -> None:
    doubled = PROTOCOL_BYTES.replace(b'{"algoritme":', b'{"regio":"Elders","algoritme":', 1)
    assert difference(doubled) == "Het veld 'regio' staat twee keer in hetzelfde object."
