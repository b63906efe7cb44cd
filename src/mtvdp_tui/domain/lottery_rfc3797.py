"""RFC 3797 (publicly verifiable random selection) as the lottery uses it (SPEC §5.2–5.3): the
sources the board types, the key made from them, and the order in which that key draws the pool.

Only integers and bytes: anyone can recompute the order from the published sources.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Iterator

from mtvdp_tui.i18n import t

MAX_POOL = 65_535  # RFC 3797 writes the step as two bytes
MAX_DIGITS = 20  # per number of a source
MAX_NUMBERS = 100  # per source
_SEPARATORS = re.compile(r"[\s,]+")
_DIGITS = re.compile(r"[0-9]+")
_NEGATIVE = re.compile(r"-[0-9]+")


class SourceError(ValueError):
    """A source line that cannot be used; `str()` is the Dutch message."""


# --- sources and key -----------------------------------------------------------------------------


def parse_source(text: str) -> tuple[int, ...]:
    """One line of non-negative integers separated by spaces and/or commas."""
    tokens = [token for token in _SEPARATORS.split(text) if token]
    if not tokens:
        raise SourceError(t("loting.bron.leeg"))
    if len(tokens) > MAX_NUMBERS:
        raise SourceError(t("loting.bron.te_veel", aantal=len(tokens), max=MAX_NUMBERS))
    return tuple(_parse_number(token) for token in tokens)


def _parse_number(token: str) -> int:
    shown = token if len(token) <= 24 else token[:24] + "…"
    if _NEGATIVE.fullmatch(token):
        raise SourceError(t("loting.bron.negatief", waarde=shown))
    if not _DIGITS.fullmatch(token):
        raise SourceError(t("loting.bron.geen_getal", waarde=shown))
    if len(token) > MAX_DIGITS:
        raise SourceError(t("loting.bron.te_lang", waarde=shown, max=MAX_DIGITS))
    return int(token)


def rfc3797_key(sources: Iterable[Iterable[int]]) -> str:
    """RFC 3797 §4: per source its numbers ascending, each followed by '.', closed by '/'."""
    return "".join("".join(f"{n}." for n in sorted(source)) + "/" for source in sources)


# --- order ---------------------------------------------------------------------------------------


def rfc3797_order(pool_size: int, key: str) -> Iterator[int]:
    """The numbers 1..`pool_size` in RFC 3797 order for `key` (`pool_size` ≤ MAX_POOL)."""
    return _order(pool_size, key.encode("utf-8"))


def _order(pool_size: int, key: bytes) -> Iterator[int]:
    remaining = _Remaining(pool_size)
    for i in range(pool_size):
        step = i.to_bytes(2, "big")
        digest = hashlib.md5(step + key + step, usedforsecurity=False).digest()
        yield remaining.take(int.from_bytes(digest, "big") % (pool_size - i))


class _Remaining:
    """The not-yet-drawn numbers 1..size, ascending, kept in blocks: taking the k-th (0-based)
    walks a few blocks and moves at most one block's worth of memory (fast up to P = 65,535)."""

    BLOCK = 4096

    def __init__(self, size: int) -> None:
        self._blocks = [
            list(range(start, min(start + self.BLOCK, size + 1)))
            for start in range(1, size + 1, self.BLOCK)
        ]

    def take(self, k: int) -> int:
        for block in self._blocks:
            if k < len(block):
                return block.pop(k)
            k -= len(block)
        raise IndexError(k)
