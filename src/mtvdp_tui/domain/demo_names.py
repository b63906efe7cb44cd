"""Who the demo practices are (see `demo`): kinds of practice (how common, how large, how they
are named), the regions' places and landmarks, and the namer that never gives a name twice.

Every draw comes from the generator's one `random.Random`, in a fixed order (see `demo`).
"""

from __future__ import annotations

import functools
import random
import string
from dataclasses import dataclass
from itertools import accumulate

from mtvdp_tui.domain import demo_words as words
from mtvdp_tui.domain.practice import NAME_MAX

REGIONAL_LANDMARK_ONE_IN = 6  # "Het Loo", "De Berkel": one name in six is local
NAME_ATTEMPTS = 4
NUMBER_ROOM = 8  # characters kept free for " 1234567" when a name needs a number


@dataclass(frozen=True)
class PracticeKind:
    """A kind of practice: how common it is, how large, and how it tends to be named."""

    weight: int
    ion_base: int
    ion_spread: int  # ION = base + `ion_terms` uniform draws from 0..spread
    ion_terms: int
    formats: tuple[tuple[str, str], ...]  # (name format, e-mail domain core format)

    @property
    def templates(self) -> tuple[tuple[str, str, frozenset[str]], ...]:
        """The formats with the fields they use."""
        return _templates(self.formats)


KINDS: tuple[PracticeKind, ...] = (
    PracticeKind(  # solo practice
        weight=30,
        ion_base=1_500,
        ion_spread=900,
        ion_terms=2,
        formats=(
            ("Huisartsenpraktijk {S1}", "{S1}"),
            ("Huisartsenpraktijk {I} {s1}", "{s1}"),
            ("Huisartspraktijk {L}", "{L}"),
            ("Huisartsenpraktijk {L}", "{L}"),
        ),
    ),
    PracticeKind(  # duo practice
        weight=38,
        ion_base=2_800,
        ion_spread=1_800,
        ion_terms=2,
        formats=(
            ("Huisartsen {S1} & {S2}", "{S1}{S2}"),
            ("Huisartsenpraktijk {S1} en {S2}", "{S1}{S2}"),
            ("Huisartsenpraktijk {L}", "{L}"),
            ("Huisartsen {L}", "huisartsen{L}"),
        ),
    ),
    PracticeKind(  # group practice
        weight=20,
        ion_base=4_500,
        ion_spread=1_500,
        ion_terms=2,
        formats=(
            ("Huisartsenpraktijk {L}", "{L}"),
            ("Huisartsengroep {W}", "huisartsengroep{W}"),
            ("Huisartsenmaatschap {L}", "huisartsen{L}"),
            ("Huisartsenpraktijk {W}", "huisartsen{W}"),
        ),
    ),
    PracticeKind(  # gezondheidscentrum
        weight=12,
        ion_base=6_000,
        ion_spread=2_000,
        ion_terms=3,
        formats=(
            ("Gezondheidscentrum {W}", "gc{W}"),
            ("Gezondheidscentrum {L}", "gc{L}"),
            ("Medisch Centrum {W}", "mc{W}"),
            ("Medisch Centrum {L}", "mc{L}"),
        ),
    ),
)


@functools.cache
def _templates(
    formats: tuple[tuple[str, str], ...],
) -> tuple[tuple[str, str, frozenset[str]], ...]:
    return tuple((name, core, _fields(name) | _fields(core)) for name, core in formats)


def _fields(text: str) -> frozenset[str]:
    return frozenset(field for _, field, _, _ in string.Formatter().parse(text) if field)


KIND_CUMULATIVE = tuple(accumulate(kind.weight for kind in KINDS))


@dataclass(frozen=True)
class DemoRegion:
    """What the generator knows about one region: its places and local landmarks."""

    name: str
    places: tuple[words.Place, ...]
    place_cumulative: tuple[int, ...]
    landmarks: tuple[str, ...]


# --- names -------------------------------------------------------------------------------------


class Namer:
    """Composes practice names, never the same one twice."""

    def __init__(self, rng: random.Random) -> None:
        self._rng = rng
        self._used: set[str] = set()
        self._next_number: dict[str, int] = {}

    def name(self, kind: PracticeKind, region: DemoRegion, wijk: str) -> tuple[str, str]:
        """A new (name, e-mail domain core) for a practice of `kind` in `wijk`.

        A name already taken gets the wijk added ("Huisartsenpraktijk De Linde Vaassen"); when
        that is taken too, another name is tried, and in the end a number is added.
        """
        for _ in range(NAME_ATTEMPTS):
            name, core = self._candidate(kind, region, wijk)
            if self._free(name):
                return self._take(name, core)
            if wijk not in name and self._free(f"{name} {wijk}"):
                return self._take(f"{name} {wijk}", f"{core}{wijk}")
        return self._numbered(name, core)

    def _free(self, name: str) -> bool:
        return len(name) <= NAME_MAX and name not in self._used

    def _take(self, name: str, core: str) -> tuple[str, str]:
        self._used.add(name)
        return name, core

    def _candidate(self, kind: PracticeKind, region: DemoRegion, wijk: str) -> tuple[str, str]:
        rng = self._rng
        name_format, core_format, fields = kind.templates[rng.randrange(len(kind.templates))]
        parts = {"W": wijk}
        if "L" in fields:
            parts["L"] = self._landmark(region)
        if "I" in fields:
            parts["I"] = _initials(rng)
        if "S1" in fields or "s1" in fields:
            first, second = rng.sample(words.SURNAMES, 2)
            parts.update(S1=_standalone(first), S2=_standalone(second), s1=first)
        return name_format.format_map(parts), core_format.format_map(parts)

    def _landmark(self, region: DemoRegion) -> str:
        if region.landmarks and self._rng.randrange(REGIONAL_LANDMARK_ONE_IN) == 0:
            return self._rng.choice(region.landmarks)
        return self._rng.choice(words.LANDMARKS)

    def _numbered(self, name: str, core: str) -> tuple[str, str]:
        """`name` made unique with a number ("Gezondheidscentrum Zuidbroek 2")."""
        if len(name) > NAME_MAX - NUMBER_ROOM:
            core = self._rng.choice(words.LANDMARKS)
            name = f"Huisartsenpraktijk {core}"
        number = self._next_number.get(name, 2)
        while f"{name} {number}" in self._used:
            number += 1
        self._next_number[name] = number + 1
        return self._take(f"{name} {number}", f"{core}{number}")


def _standalone(surname: str) -> str:
    """A surname used without initials starts with a capital: "de Vries" → "De Vries"."""
    return surname[0].upper() + surname[1:]


def _initials(rng: random.Random) -> str:
    count = 1 + rng.randrange(2)
    return "".join(f"{rng.choice(words.INITIALS)}." for _ in range(count))


# --- regions -----------------------------------------------------------------------------------


def _region_key(name: str) -> str:
    """The lookup key of a region: "Oost-Achterhoek" and "oost achterhoek" → "oostachterhoek"."""
    return "".join(c for c in name.casefold() if c.isalnum())


def region_weight(name: str) -> int:
    return words.REGION_WEIGHTS.get(_region_key(name), words.UNKNOWN_REGION_WEIGHT)


def demo_region(name: str) -> DemoRegion:
    """The known places of `name`, or generic wijken named after it."""
    key = _region_key(name)
    places = words.REGION_PLACES.get(key) or tuple(
        (f"{name} Wijk {n}", name, 1) for n in range(1, words.UNKNOWN_REGION_WIJKEN + 1)
    )
    return DemoRegion(
        name=name,
        places=places,
        place_cumulative=tuple(accumulate(weight for _, _, weight in places)),
        landmarks=words.REGION_LANDMARKS.get(key, ()),
    )
