"""Protocols saved before the seals existed still verify, and get their seals computed.

The fixture tests/data/loting-voor-zegels.json was written by the code of commit 7a0be93 (the
last version without seals); see tests/data/README.md.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from mtvdp_tui.domain.lottery_legacy import LEGACY_KEYS, predates_seals, sealed_form
from mtvdp_tui.domain.lottery_protocol import (
    content_hash,
    inputs_from_protocol,
    pool_seal_of,
    protocol_bytes,
)
from mtvdp_tui.domain.lottery_verify import compare_published, verify

OLD_FILE = Path(__file__).parents[1] / "data" / "loting-voor-zegels.json"
OLD_BYTES = OLD_FILE.read_bytes()
# computed with jq from the file (see the README's lottery section), and equal to the seals
# today's program gives the same lottery in the database the old program wrote, once migrated
POOLZEGEL = "414fdfb5a8fb9b526317f91ccad49474f7d4545967cb47acc1f5c6540c3407ca"
TREKKINGSZEGEL = "698f55a7b262b8628ea2e55c8139cbed924d647473eb92b663e966ddea581bde"


def old() -> dict[str, Any]:
    return json.loads(OLD_BYTES)


def rewritten(change: Callable[[dict[str, Any]], None]) -> bytes:
    """The old protocol with `change` applied and its self-hash made to match again."""
    changed = copy.deepcopy(old())
    change(changed)
    changed["sha256"] = content_hash(changed)
    return protocol_bytes(changed)


def test_the_fixture_is_in_the_old_format_as_the_old_program_wrote_it() -> None:
    protocol = old()
    assert set(protocol) == set(LEGACY_KEYS) and predates_seals(protocol)
    assert protocol_bytes(protocol) == OLD_BYTES  # canonical, as the old verify demanded
    assert protocol["sha256"] == content_hash(protocol)
    assert any(step["doorgeschoven"] for step in protocol["stappen"])


def test_an_old_protocol_verifies_and_gets_both_seals() -> None:
    result = verify(OLD_BYTES)
    assert result.ok and result.predates_seals and not result.reformatted
    assert (result.poolzegel, result.trekkingszegel) == (POOLZEGEL, TREKKINGSZEGEL)
    assert result.final is True and result.rehearsal is False
    assert result.attempt is None and result.earlier == ()  # nothing numbered attempts then
    assert result.message.startswith(
        "klopt — dit protocol is gemaakt vóór de zegels; er was bij de trekking geen zegel getoond."
    )
    report = result.report()
    assert report[0].startswith("Poolzegel:      414f dfb5")
    assert report[1].startswith("Trekkingszegel: 698f 55a7")
    assert not any(line.startswith("Poging") for line in report)


def test_its_seals_are_the_ones_of_an_old_lottery_in_the_database() -> None:
    """An old file and an old database row are filled in by the same reading (T's source
    'onbekend', nobody listed as left out), so both give the same poolzegel."""
    form = sealed_form(old())
    assert form["ion_regio_bron"] == "onbekend" and form["uitgesloten"] == []
    assert form["poolzegel"] == pool_seal_of(inputs_from_protocol(old())) == POOLZEGEL


def test_an_old_protocol_saved_before_it_was_final_says_so() -> None:
    result = verify(rewritten(lambda p: p["tijden"].pop("definitief")))
    assert result.ok and result.final is False
    assert any(line.startswith("NIET DEFINITIEF") for line in result.report())
    assert result.trekkingszegel == TREKKINGSZEGEL  # the times are not sealed


def test_reformatting_an_old_protocol_is_reported_as_such() -> None:
    data = ("\ufeff" + json.dumps(old(), indent=2)).replace("\n", "\r\n").encode()
    result = verify(data)
    assert result.ok and result.reformatted and result.predates_seals
    assert result.message.startswith("klopt: inhoud ongewijzigd, opmaak gewijzigd")
    assert "gemaakt vóór de zegels" in result.message


def test_a_changed_byte_in_an_old_protocol_is_still_caught_by_its_self_hash() -> None:
    changed = OLD_BYTES.replace(b'"regio":"Zutphen"', b'"regio":"Zutphem"')
    assert changed != OLD_BYTES
    assert "past niet bij de inhoud" in (verify(changed).difference or "")


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda p: p["stappen"][5].update(instroommoment="2023-10-01"), "stap 6: instroommoment"),
        (lambda p: p["bronnen"][0].__setitem__(0, 9318), "sleutel is"),
        (lambda p: p["momenten"][0].update(capaciteit=15000), "capaciteit is 15000"),
        (lambda p: p["pool"][0].update(agb="1000001"), "heeft geen 8 cijfers"),
        (lambda p: p["tijden"].update(getrokken="2020-01-01T00:00:00+00:00"), "niet in volgorde"),
        (lambda p: p.pop("sleutel"), "Het veld 'sleutel' ontbreekt."),
        (lambda p: p.update(opmerking="x"), "Het veld 'opmerking' hoort niet"),
        # half old, half new is neither format: it is held to today's and found wanting
        (lambda p: p.update(poolzegel=POOLZEGEL), "Het veld 'ion_regio_bron' ontbreekt."),
    ],
)
def test_an_old_protocol_that_does_not_add_up_is_refused(change, message: str) -> None:
    result = verify(rewritten(change))
    assert not result.ok and message in (result.difference or "")


def test_a_forged_old_protocol_is_caught_by_the_seals_published_now() -> None:
    """An old protocol carries only its self-hash, so an edited copy with a recomputed hash
    still adds up on its own; once the seals computed today are published, it does not."""
    forged = verify(rewritten(lambda p: p["pool"][2].update(naam="Praktijk Vervalst")))
    assert forged.ok and forged.predates_seals
    assert compare_published(forged, draw_seal=TREKKINGSZEGEL.upper())
    assert compare_published(forged, pool_seal=POOLZEGEL)
    assert not compare_published(verify(OLD_BYTES), pool_seal=POOLZEGEL, draw_seal=TREKKINGSZEGEL)
