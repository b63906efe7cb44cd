"""The poolzegel and trekkingszegel (SPEC §13): fixed values, what they cover and what not, and a
forger who edits a protocol and recomputes every hash still caught by the published seals."""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from datetime import date
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mtvdp_tui.domain.lottery import Excluded, Participant, draw_all, prepare_inputs
from mtvdp_tui.domain.lottery_protocol import (
    EarlierAttempt,
    build_protocol,
    content_hash,
    inputs_from_protocol,
    protocol_bytes,
    step_record,
)
from mtvdp_tui.domain.lottery_seals import (
    grouped,
    normalised,
    pool_document,
    poolzegel,
    seal_lines,
    trekkingszegel,
)
from mtvdp_tui.domain.lottery_verify import compare_published, verify
from mtvdp_tui.domain.ruleset_loader import load_preset

HOOG = load_preset("hoog-2023")
PARTICIPANTS = [
    Participant("01000005", "Huisartsenpraktijk Zoë & Co", 2400, date(2023, 7, 1)),
    Participant("01000001", "De Linde", 3100, date(2023, 7, 1)),
    Participant("01000003", "Gezondheidscentrum Noord", 5200, None),
    Participant("01000002", "Praktijk 't Hof", 1800, date(2023, 10, 1)),
    Participant("01000004", "Dokter Één", 2900, date(2023, 7, 1)),
    Participant("01000006", "Huisarts Zuid", 1500, date(2023, 7, 1)),
]
LEFT_OUT = [Excluded("01000009", "Praktijk Weg", "gestopt op 1 mei 2023")]
SOURCES = [[9319], [10, 2, 8, 12, 5], [45, 9, 18, 26, 34, 41]]
TIMES = {
    "pool_vastgelegd": "2026-11-22T10:00:00+01:00",
    "bronnen_vastgelegd": "2026-11-22T10:05:00+01:00",
    "eerste_stap": "2026-11-22T10:06:00+01:00",
    "getrokken": "2026-11-22T10:20:00+01:00",
}
# Recomputed independently with jq and sha256sum (the commands in the README) when first made.
POOLZEGEL = "0f2cc51f2191ba1f60a4d3020aed4706667ad21810eec715c916d841757256c7"
TREKKINGSZEGEL = "19f86fe1fe274a59f6aee4918dd5c4032d0a23a437cacbda478e9081f4604773"


def inputs(sources=SOURCES):
    return prepare_inputs(
        HOOG, "Apeldoorn", 16_000, PARTICIPANTS, sources, ion_source="officieel", excluded=LEFT_OUT
    )


def protocol(**record: Any) -> dict[str, Any]:
    return build_protocol(draw_all(inputs()), record.pop("times", TIMES), **record)


ORIGINAL = protocol()


# --- fixed values --------------------------------------------------------------------------------


def test_golden_seals() -> None:
    assert ORIGINAL["poolzegel"] == POOLZEGEL
    assert ORIGINAL["trekkingszegel"] == TREKKINGSZEGEL


def test_the_pool_document_is_exactly_the_listed_keys() -> None:
    assert set(pool_document(ORIGINAL)) == {
        "algoritme",
        "regelset",
        "regio",
        "ion_regio",
        "ion_regio_bron",
        "momenten",
        "pool",
        "uitgesloten",
    }
    assert pool_document(ORIGINAL)["uitgesloten"] == [
        {"agb": "01000009", "naam": "Praktijk Weg", "reden": "gestopt op 1 mei 2023"}
    ]


def test_the_seals_do_not_depend_on_times_attempts_or_finalising() -> None:
    earlier = EarlierAttempt(
        1, "2026-11-22T09:00:00+01:00", "2026-11-22T09:30:00+01:00", "x", "a" * 64
    )
    final = protocol(
        times={**TIMES, "definitief": "2026-11-22T11:00:00+01:00"},
        final=True,
        attempt=2,
        earlier=[earlier],
    )
    assert (final["poolzegel"], final["trekkingszegel"]) == (POOLZEGEL, TREKKINGSZEGEL)
    assert final["sha256"] != ORIGINAL["sha256"]  # the record itself did change
    assert protocol(times={})["trekkingszegel"] == TREKKINGSZEGEL
    assert verify(protocol_bytes(final)).ok


def test_the_poolzegel_is_known_before_any_source() -> None:
    other = build_protocol(draw_all(inputs(sources=[[1, 2, 3]])))
    assert other["poolzegel"] == POOLZEGEL and other["trekkingszegel"] != TREKKINGSZEGEL


def test_seals_are_read_aloud_in_groups_of_four() -> None:
    assert grouped("0f2cc51f2191") == "0f2c c51f 2191"
    lines = seal_lines(POOLZEGEL)
    assert len(lines) == 4 and all(len(line) == 19 for line in lines)
    assert normalised(" 0F2C c51f-2191 ") == "0f2cc51f2191"


# --- any change to a sealed field changes the seal ---------------------------------------------


def _leaves(value: Any, path: tuple = ()) -> list[tuple]:
    if isinstance(value, dict):
        return [leaf for key, item in value.items() for leaf in _leaves(item, (*path, key))]
    if isinstance(value, list):
        return [leaf for i, item in enumerate(value) for leaf in _leaves(item, (*path, i))]
    return [path]


POOL_LEAVES = _leaves(pool_document(ORIGINAL))
DRAW_LEAVES = [path for path in _leaves(ORIGINAL) if path[0] in ("bronnen", "sleutel", "stappen")]


def _other_value(data: st.DataObject, old: Any) -> Any:
    if isinstance(old, bool):
        return not old
    if isinstance(old, int):
        return data.draw(st.integers(-(10**6), 10**21).filter(lambda n: n != old))
    return data.draw(st.text(max_size=12).filter(lambda text: text != old))


def _set(document: Any, path: tuple, value: Any) -> None:
    for step in path[:-1]:
        document = document[step]
    document[path[-1]] = value


def _get(document: Any, path: tuple) -> Any:
    for step in path:
        document = document[step]
    return document


@settings(max_examples=300, deadline=None)
@given(st.data())
def test_any_change_to_the_pool_document_changes_both_seals(data: st.DataObject) -> None:
    path = data.draw(st.sampled_from(POOL_LEAVES))
    changed = copy.deepcopy(ORIGINAL)
    _set(changed, path, _other_value(data, _get(changed, path)))
    assert poolzegel(changed) != POOLZEGEL
    assert trekkingszegel(changed) != TREKKINGSZEGEL


@settings(max_examples=300, deadline=None)
@given(st.data())
def test_any_change_to_the_draw_changes_the_trekkingszegel(data: st.DataObject) -> None:
    path = data.draw(st.sampled_from(DRAW_LEAVES))
    changed = copy.deepcopy(ORIGINAL)
    _set(changed, path, _other_value(data, _get(changed, path)))
    assert poolzegel(changed) == POOLZEGEL
    assert trekkingszegel(changed) != TREKKINGSZEGEL


# --- the forger: edits, recomputes the draw, the seals and the hash --------------------------


def resealed(change: Callable[[dict[str, Any]], None], redraw: bool = True) -> bytes:
    """`change` applied; then, as a careful forger would, the pool renumbered, the draw, the
    capacities, both seals and the self-hash recomputed so the file is consistent again."""
    forged = copy.deepcopy(ORIGINAL)
    change(forged)
    if redraw:
        forged["pool"].sort(key=lambda entry: entry["agb"])
        for number, entry in enumerate(forged["pool"], start=1):
            entry["nummer"] = number
        again = inputs_from_protocol(forged)
        for written, moment in zip(forged["momenten"], again.moments, strict=True):
            written["capaciteit"] = moment.capacity
        result = draw_all(again)
        forged["sleutel"] = result.key
        forged["stappen"] = [step_record(step) for step in result.steps]
    forged["poolzegel"] = poolzegel(forged)
    forged["trekkingszegel"] = trekkingszegel(forged)
    forged["sha256"] = content_hash(forged)
    return protocol_bytes(forged)


def _pool(index: int, **fields: Any) -> Callable[[dict[str, Any]], None]:
    return lambda p: p["pool"][index].update(fields)


def _moment(index: int, **fields: Any) -> Callable[[dict[str, Any]], None]:
    return lambda p: p["momenten"][index].update(fields)


NEW_PRACTICE = {
    "nummer": 0,
    "agb": "01000007",
    "naam": "Nieuwe Praktijk",
    "ion": 2000,
    "voorkeur": "2023-07-01",
    "voorkeur_standaard": False,
}
# (what was edited, the edit, whether it touches the pool document)
TAMPERING = [
    ("a source number", lambda p: p["bronnen"][0].__setitem__(0, 9318), False),
    ("a source added", lambda p: p["bronnen"].append([7]), False),
    ("a source removed", lambda p: p["bronnen"].pop(), False),
    ("the sources reordered", lambda p: p["bronnen"].reverse(), False),
    (
        "a number moved between sources",
        lambda p: p["bronnen"][1].append(p["bronnen"][2].pop()),
        False,
    ),
    ("T doubled", lambda p: p.update(ion_regio=32_000), True),
    ("where T came from", lambda p: p.update(ion_regio_bron="register"), True),
    ("a practice removed", lambda p: p["pool"].pop(2), True),
    ("a practice added", lambda p: p["pool"].append(dict(NEW_PRACTICE)), True),
    ("a practice's name", _pool(0, naam="De Linden"), True),
    ("a practice's ION", _pool(1, ion=1700), True),
    ("a practice's preference", _pool(3, voorkeur="2023-10-01"), True),
    ("a default preference made a chosen one", _pool(2, voorkeur_standaard=False), True),
    ("a practice's AGB", _pool(5, agb="01000008"), True),
    (
        "a practice left out added",
        lambda p: p["uitgesloten"].append({"agb": "01000010", "naam": "X", "reden": "geen ION"}),
        True,
    ),
    ("a reason for leaving out", lambda p: p["uitgesloten"][0].update(reden="zelf afgemeld"), True),
    ("the practices left out removed", lambda p: p.update(uitgesloten=[]), True),
    ("a moment's percentage", _moment(0, percentage=60), True),
    ("the regeling's version", lambda p: p["regelset"].update(versie=2), True),
    ("the regeling's name", lambda p: p["regelset"].update(naam="HOOG 2024"), True),
    ("the region", lambda p: p.update(regio="Zutphen"), True),
]


@pytest.mark.parametrize(
    ("edit", "pool_changed"),
    [(edit, pool) for _, edit, pool in TAMPERING],
    ids=[t[0] for t in TAMPERING],
)
def test_a_resealed_edit_is_caught_by_the_published_seals(edit, pool_changed: bool) -> None:
    forged = resealed(edit)
    result = verify(forged)
    assert result.ok, result.difference  # consistent in itself: only the seals can tell
    assert compare_published(result, draw_seal=TREKKINGSZEGEL)  # --zegel
    assert bool(compare_published(result, pool_seal=POOLZEGEL)) == pool_changed  # --poolzegel
    assert not compare_published(
        verify(protocol_bytes(ORIGINAL)), pool_seal=POOLZEGEL, draw_seal=TREKKINGSZEGEL
    )


def test_there_are_at_least_twenty_kinds_of_edit() -> None:
    assert len(TAMPERING) >= 20


@pytest.mark.parametrize(
    ("edit", "message"),
    [
        (lambda p: p["stappen"].reverse(), "stap 1: "),
        (lambda p: p.update(sleutel="1./"), "sleutel is '1./' in het bestand"),
        (lambda p: p["stappen"][0].update(instroommoment="2024-01-01"), "stap 1: "),
        (lambda p: p["momenten"][1].update(capaciteit=1), "instroommoment 2 (2023-10-01)"),
    ],
)
def test_an_edited_draw_is_caught_even_without_the_seals(edit, message: str) -> None:
    result = verify(resealed(edit, redraw=False))
    assert not result.ok and message in result.difference


REFORMATTING = {
    "BOM": lambda data: b"\xef\xbb\xbf" + data,
    "indented": lambda data: json.dumps(json.loads(data), ensure_ascii=False, indent=2).encode(),
    "CRLF": lambda data: (
        json.dumps(json.loads(data), ensure_ascii=False, indent=1).replace("\n", "\r\n").encode()
    ),
    "key order": lambda data: json.dumps(
        dict(reversed(list(json.loads(data).items()))), ensure_ascii=False
    ).encode(),
    "ASCII escapes": lambda data: json.dumps(json.loads(data)).encode(),
    "no final newline": lambda data: data.rstrip(b"\n"),
    "tabs and blank lines": lambda data: b"\n\t\n" + data.replace(b",", b",\t") + b"\n\n",
}


@pytest.mark.parametrize("reformat", REFORMATTING.values(), ids=REFORMATTING)
def test_harmless_reformatting_is_reported_as_such(reformat) -> None:
    data = protocol_bytes(ORIGINAL)
    result = verify(reformat(data))
    assert result.ok and result.reformatted
    assert result.message.startswith("klopt: inhoud ongewijzigd, opmaak gewijzigd")
    assert not compare_published(result, pool_seal=POOLZEGEL, draw_seal=TREKKINGSZEGEL.upper())


# --- times, AGB codes, attempts ------------------------------------------------------------------


def _times(**changes: str | None) -> bytes:
    times = {**TIMES, **changes}
    return resealed(lambda p: p.update(tijden={k: v for k, v in times.items() if v}), redraw=False)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (
            _times(bronnen_vastgelegd="2026-11-22T09:59:00+01:00"),
            "'bronnen_vastgelegd' ligt vóór 'pool_vastgelegd'",
        ),
        (
            _times(eerste_stap="2026-11-22T10:04:00+01:00"),
            "'eerste_stap' ligt vóór 'bronnen_vastgelegd'",
        ),
        (_times(getrokken="2026-11-22T09:05:59+00:00"), "'getrokken' ligt vóór 'eerste_stap'"),
        (_times(getrokken="2026-11-22T10:20:00"), "mist de tijdzone"),
        (_times(getrokken="gisteren"), "geen ISO-8601-tijd"),
        (_times(later="2026-11-22T10:20:00+01:00"), "Onbekend tijdstip 'later'"),
        (_times(definitief="2026-11-22T11:00:00+01:00"), "spreken elkaar tegen"),
    ],
    ids=["sources", "first step", "drawn (other offset)", "no zone", "no time", "unknown", "final"],
)
def test_times_out_of_order_are_caught(data: bytes, message: str) -> None:
    result = verify(data)
    assert not result.ok and message in result.difference


def test_the_final_time_after_the_draw() -> None:
    def final_too_early(p: dict[str, Any]) -> None:
        p["definitief"] = True
        p["tijden"]["definitief"] = "2026-11-22T10:10:00+01:00"

    assert (
        "'definitief' ligt vóór 'getrokken'" in verify(resealed(final_too_early, False)).difference
    )


def test_an_agb_code_without_eight_digits_is_caught() -> None:
    result = verify(resealed(_pool(5, agb="0100006")))
    assert not result.ok and "AGB-code '0100006' heeft geen 8 cijfers" in result.difference


def test_earlier_attempts_are_reported_and_checked() -> None:
    earlier = EarlierAttempt(
        1, "2026-11-22T09:00:00+01:00", "2026-11-22T09:30:00+01:00", "bron fout", "a" * 64
    )
    result = verify(protocol_bytes(protocol(attempt=2, earlier=[earlier])))
    assert result.ok and result.final is False
    report = "\n".join(result.report())
    assert "Poging 2 voor deze regio." in report and "reden: bron fout" in report
    assert "NIET DEFINITIEF" in report
    late = EarlierAttempt(
        1, "2026-11-22T09:00:00+01:00", "2026-11-22T10:30:00+01:00", "x", "a" * 64
    )
    late_result = verify(protocol_bytes(protocol(attempt=2, earlier=[late])))
    assert "'pool_vastgelegd' ligt vóór 'verworpen'" in late_result.difference
    numbered_wrong = verify(protocol_bytes(protocol(attempt=1, earlier=[earlier])))
    assert "oplopend genummerd" in numbered_wrong.difference


def test_a_published_seal_that_is_no_seal() -> None:
    result = verify(protocol_bytes(ORIGINAL))
    [problem] = compare_published(result, draw_seal="19f8 6fe1")
    assert "is geen zegel" in problem
