"""Protocols saved before the seals existed (SPEC §13) must still verify.

Until the seals, a protocol held only `algoritme`, `regelset`, `regio`, `ion_regio`, `momenten`,
`pool`, `bronnen`, `sleutel`, `stappen`, `tijden` and `sha256` (its self-hash over exactly those
other keys). No seal was shown at those draws, no attempt was numbered, and nobody left out of the
pool was listed. Such a protocol is checked as before (the draw recomputed from pool and sources,
the times, the self-hash over its own content), and both seals are computed from it the way the
program computes them for a lottery frozen before the seals: T's source `"onbekend"`, nobody
listed as left out. Those seals can be published now; they hold later copies to the protocol as
it is today, not to what was shown at the draw.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from mtvdp_tui.domain.lottery_protocol import SCHEMA, inputs_from_protocol, inputs_record
from mtvdp_tui.domain.lottery_seals import poolzegel, trekkingszegel

LEGACY_KEYS = (
    "algoritme",
    "regelset",
    "regio",
    "ion_regio",
    "momenten",
    "pool",
    "bronnen",
    "sleutel",
    "stappen",
    "tijden",
    "sha256",
)
LEGACY_SCHEMA: dict[str, Any] = {key: SCHEMA[key] for key in LEGACY_KEYS}
# the keys that came with the seals: a protocol holding none of them predates the seals
SEAL_ERA_KEYS = frozenset(SCHEMA) - frozenset(LEGACY_KEYS)


def predates_seals(protocol: object) -> bool:
    """A protocol in the format from before the seals (none of the keys that came with them)."""
    return isinstance(protocol, Mapping) and not SEAL_ERA_KEYS & set(protocol)


def sealed_form(protocol: Mapping[str, Any]) -> dict[str, Any]:
    """An old (structurally checked) protocol in today's form: the pool fields it lacks filled as
    for a lottery frozen before the seals, both seals computed, final when it has the time
    `definitief`. Its self-hash stays the old one: check that against the old content."""
    # read back as a stored lottery of that time is, so both give the same seals
    record = inputs_record(inputs_from_protocol(protocol))
    form = {
        **protocol,
        "ion_regio_bron": record["ion_regio_bron"],
        "uitgesloten": record["uitgesloten"],
    }
    form["poolzegel"] = poolzegel(form)
    form["trekkingszegel"] = trekkingszegel(form, form["poolzegel"])
    # nothing numbered attempts then: this file is the only one it knows of
    form["poging"] = 1
    form["eerdere_pogingen"] = []
    form["definitief"] = "definitief" in protocol["tijden"]
    form["oefening"] = False
    return form
