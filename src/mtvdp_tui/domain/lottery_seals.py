"""The lottery's two seals (SPEC §13): what is shown in public, so a later copy can be held to it.

Both seals are the lowercase hex SHA-256 of a *canonical JSON* document:

- canonical JSON: UTF-8; object keys sorted (by code point); no whitespace outside strings
  (separators `,` and `:`); non-ASCII characters written as themselves, not as `\\u` escapes;
  integers as integers (never `1.0`); `true`/`false` for yes/no; dates as `"JJJJ-MM-DD"` text;
  no newline at the end. In Python: ``json.dumps(value, ensure_ascii=False, sort_keys=True,
  separators=(",", ":")).encode("utf-8")``; with jq: ``jq -cjS``.
- **poolzegel** = SHA-256 of the canonical *pool document*: the protocol's keys `algoritme`,
  `regelset` (`id`, `naam`, `versie`), `regio`, `ion_regio` (T), `ion_regio_bron` (where T came
  from: "officieel" or "register"), `momenten` (`datum`, `percentage`, `capaciteit`), `pool`
  (`nummer`, `agb`, `naam`, `ion`, `voorkeur`, `voorkeur_standaard`) and `uitgesloten` (`agb`,
  `naam`, `reden`) — and nothing else. Known before any source is entered.
- **trekkingszegel** = SHA-256 of the canonical *draw document*: `poolzegel` (the hex text above),
  `bronnen` (each source's numbers in the order entered), `sleutel` (the RFC 3797 key) and
  `stappen` (every step: `nummer`, `pool_nummer`, `agb`, `voorkeur`, `instroommoment`,
  `doorgeschoven`, `gebruikt`).

Timestamps, the attempt number, earlier attempts and whether the lottery is final are *not* in
either seal: making a lottery final does not change its trekkingszegel.

From a protocol file, anyone can recompute them:
    jq -cjS '{algoritme,regelset,regio,ion_regio,ion_regio_bron,momenten,pool,uitgesloten}' \
        protocol.json | sha256sum
    jq -cjS '{poolzegel,bronnen,sleutel,stappen}' protocol.json | sha256sum
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Mapping
from typing import Any

POOL_KEYS = (
    "algoritme",
    "regelset",
    "regio",
    "ion_regio",
    "ion_regio_bron",
    "momenten",
    "pool",
    "uitgesloten",
)
DRAW_KEYS = ("poolzegel", "bronnen", "sleutel", "stappen")
GROUP = 4  # hex digits per group when a seal is shown or read aloud
GROUPS_PER_LINE = 4
_NOT_HEX = re.compile(r"[^0-9a-f]")


def canonical_json(value: object) -> bytes:
    """The canonical JSON of `value` (see the module docstring), as UTF-8 bytes."""
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode()


def sha256_hex(value: object) -> str:
    return hashlib.sha256(canonical_json(value)).hexdigest()


def pool_document(protocol: Mapping[str, Any]) -> dict[str, Any]:
    """The part of a protocol the poolzegel covers."""
    return {key: protocol[key] for key in POOL_KEYS}


def draw_document(protocol: Mapping[str, Any], poolzegel: str) -> dict[str, Any]:
    """The part of a protocol the trekkingszegel covers, with the poolzegel it builds on."""
    return {"poolzegel": poolzegel, **{key: protocol[key] for key in DRAW_KEYS[1:]}}


def poolzegel(protocol: Mapping[str, Any]) -> str:
    return sha256_hex(pool_document(protocol))


def trekkingszegel(protocol: Mapping[str, Any], pool_seal: str | None = None) -> str:
    """The draw's seal; the poolzegel is recomputed from the protocol unless given."""
    return sha256_hex(draw_document(protocol, pool_seal or poolzegel(protocol)))


def grouped(seal: str) -> str:
    """'9f86 d081 884c …': groups of four, easy to read aloud."""
    return " ".join(seal[i : i + GROUP] for i in range(0, len(seal), GROUP))


def seal_lines(seal: str) -> list[str]:
    """The seal as lines of four groups (64 hex digits: four lines)."""
    groups = grouped(seal).split(" ")
    return [
        " ".join(groups[i : i + GROUPS_PER_LINE]) for i in range(0, len(groups), GROUPS_PER_LINE)
    ]


def normalised(text: str) -> str:
    """A seal as someone typed it from the minutes: spaces, dashes and case do not count."""
    return re.sub(r"[\s\-:]", "", text).lower()


def is_seal(text: str) -> bool:
    return len(text) == 64 and not _NOT_HEX.search(text)
