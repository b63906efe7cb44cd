"""Demo practices: a realistic, reproducible practice register for trying the app and benchmarks.

With a HOOG 2023 ruleset and the default size this is the situation of HOOG's newsletter:
140 practices in Apeldoorn, Zutphen and Oost-Achterhoek, of which 126 answered the survey
(90 %) and 97 of those (77 %) want to start at the first instroommoment. Other sizes keep these
proportions, and every ruleset gets its own regions, moments and exclusions.

Everything is drawn from one `random.Random(seed)` using integer draws only, in a fixed order, so
the same (ruleset, size, seed) gives the same list on any machine and Python version. Pure: no
Textual, no database.
"""

from __future__ import annotations

import functools
import random
import string
from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from itertools import accumulate

from mtvdp_tui.domain import demo_words as words
from mtvdp_tui.domain.practice import NAME_MAX
from mtvdp_tui.domain.ruleset import Ruleset

DEFAULT_SIZE = 140
DEFAULT_SEED = 2023
PEILDATA = (date(2023, 4, 1), date(2024, 1, 1))  # the two ION records of every demo practice
ION_LOW, ION_HIGH = 1_500, 12_000
MAX_SIZE = 1_000_000  # AGB codes are "01" + 6 digits

ANSWERED_PERCENT = 90  # of all practices: answered the survey (126 of 140)
FIRST_MOMENT_PERCENT = 77  # of those who answered: want the first moment (97 of 126)
EXCLUDED_PERCENT = 5  # of all practices, when the ruleset has exclusions
EMAIL_PERCENT = 88
NOTE_PERCENT = 8
ION_CHANGE_PERMYRIAD = (-300, 400)  # second ION record: -3 % … +4 % of the first
REGIONAL_LANDMARK_ONE_IN = 6  # "Het Loo", "De Berkel": one name in six is local
_NAME_ATTEMPTS = 4
_NUMBER_ROOM = 8  # characters kept free for " 1234567" when a name needs a number

Answer = tuple[bool, date | None]  # (survey answered, preferred moment; None = "weet ik niet")


@dataclass(frozen=True)
class DemoPractice:
    agb: str  # 8 digits, starts with "01", unique
    name: str  # unique, at most NAME_MAX characters
    region: str  # one of ruleset.regions
    wijk: str
    email: str | None
    ion_records: tuple[tuple[date, int], ...]  # (peildatum, ION), ascending peildatum
    survey_answered: bool
    preferred_moment: date | None  # None: "weet ik niet", or no answer
    excluded_reason: str | None  # None: not excluded
    notes: str

    @property
    def ion(self) -> int:
        """The latest recorded ION."""
        return self.ion_records[-1][1]


@dataclass(frozen=True)
class _Kind:
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


_KINDS: tuple[_Kind, ...] = (
    _Kind(  # solo practice
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
    _Kind(  # duo practice
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
    _Kind(  # group practice
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
    _Kind(  # gezondheidscentrum
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


_KIND_CUMULATIVE = tuple(accumulate(kind.weight for kind in _KINDS))
_EMAIL_PREFIX_CUMULATIVE = tuple(accumulate(weight for _, weight in words.EMAIL_PREFIXES))

_SLUG_TABLE = str.maketrans("áàâäãéèêëíìîïóòôöõúùûüýÿçñ", "aaaaaeeeeiiiiooooouuuuyycn")
_SLUG_CHARS = frozenset("abcdefghijklmnopqrstuvwxyz0123456789")


@dataclass(frozen=True)
class _Region:
    """What the generator knows about one region: its places and local landmarks."""

    name: str
    places: tuple[words.Place, ...]
    place_cumulative: tuple[int, ...]
    landmarks: tuple[str, ...]


def generate_demo_practices(
    ruleset: Ruleset, size: int = DEFAULT_SIZE, seed: int = DEFAULT_SEED
) -> list[DemoPractice]:
    """`size` demo practices for `ruleset`, the same for the same arguments everywhere."""
    if not 0 <= size <= MAX_SIZE:
        raise ValueError(f"size must be between 0 and {MAX_SIZE}, not {size}")
    if size and not ruleset.regions:
        raise ValueError(f"ruleset {ruleset.id!r} has no regions")
    rng = random.Random(seed)
    region_names = _region_sequence(ruleset.regions, size)
    agbs = _agb_codes(rng, size)
    answers = _survey_answers(rng, ruleset, size)
    excluded = _excluded_reasons(rng, ruleset, size)
    regions = {name: _region(name) for name in ruleset.regions}
    namer = _Namer(rng)
    return [
        _practice(rng, namer, regions[region_name], agbs[i], answers[i], excluded.get(i))
        for i, region_name in enumerate(region_names)
    ]


# --- counts ------------------------------------------------------------------------------------


def _percent(total: int, percent: int) -> int:
    """`percent` % of `total`, rounded half up, in integers only."""
    return (total * percent * 2 + 100) // 200


def _apportion(total: int, weights: Sequence[int]) -> list[int]:
    """Split `total` in proportion to `weights` (largest remainder; ties go to the earlier)."""
    if not weights:
        return []
    weight_sum = sum(weights)
    if weight_sum <= 0:
        weights, weight_sum = [1] * len(weights), len(weights)
    shares = [total * weight // weight_sum for weight in weights]
    remainders = [total * weight % weight_sum for weight in weights]
    by_remainder = sorted(range(len(weights)), key=lambda i: (-remainders[i], i))
    for i in by_remainder[: total - sum(shares)]:
        shares[i] += 1
    return shares


def _region_sequence(region_names: Sequence[str], size: int) -> list[str]:
    """The region of each practice, region by region, in proportion to the regions' size."""
    counts = _apportion(size, [_region_weight(name) for name in region_names])
    if size >= len(counts):  # every region gets at least one practice
        for i, count in enumerate(counts):
            if count == 0:
                counts[counts.index(max(counts))] -= 1
                counts[i] = 1
    return [name for name, count in zip(region_names, counts, strict=True) for _ in range(count)]


def _agb_codes(rng: random.Random, size: int) -> list[str]:
    return [f"01{number:06d}" for number in rng.sample(range(MAX_SIZE), size)]


def _survey_answers(rng: random.Random, ruleset: Ruleset, size: int) -> list[Answer]:
    """Each practice's survey answer: 90 % answered, 77 % of those the first moment.

    The other answers are spread over the later moments (earlier ones a little more popular)
    and "weet ik niet".
    """
    answered = _percent(size, ANSWERED_PERCENT)
    moments = sorted(ruleset.moment_dates())
    answers: list[Answer] = [(False, None)] * (size - answered)
    if not moments:
        answers += [(True, None)] * answered
    else:
        first = _percent(answered, FIRST_MOMENT_PERCENT)
        later = moments[1:]
        # HOOG: 2023-10-01, 2024-01-01, "weet ik niet" weigh 3, 2, 3 → 11, 7, 11 of 29
        weights = [len(later) + 1 - i for i in range(len(later))] + [len(later) + 1]
        counts = _apportion(answered - first, weights)
        answers += [(True, moments[0])] * first
        for moment, count in zip([*later, None], counts, strict=True):
            answers += [(True, moment)] * count
    rng.shuffle(answers)
    return answers


def _excluded_reasons(rng: random.Random, ruleset: Ruleset, size: int) -> dict[int, str]:
    """Practice index → exclusion reason, for about 5 % when the ruleset has exclusions."""
    if not ruleset.exclusions:
        return {}
    chosen = rng.sample(range(size), _percent(size, EXCLUDED_PERCENT))
    reasons = ruleset.exclusions
    return {index: reasons[n % len(reasons)].reason for n, index in enumerate(chosen)}


# --- one practice ------------------------------------------------------------------------------


def _practice(
    rng: random.Random,
    namer: _Namer,
    region: _Region,
    agb: str,
    answer: Answer,
    excluded_reason: str | None,
) -> DemoPractice:
    wijk, town, _ = region.places[_weighted_index(rng, region.place_cumulative)]
    kind = _KINDS[_weighted_index(rng, _KIND_CUMULATIVE)]
    name, core = namer.name(kind, region, wijk)
    answered, preferred = answer
    return DemoPractice(
        agb=agb,
        name=name,
        region=region.name,
        wijk=wijk,
        email=_email(rng, core, town),
        ion_records=_ion_records(rng, kind),
        survey_answered=answered,
        preferred_moment=preferred,
        excluded_reason=excluded_reason,
        notes=_note(rng, answered),
    )


def _weighted_index(rng: random.Random, cumulative: Sequence[int]) -> int:
    return bisect_right(cumulative, rng.randrange(cumulative[-1]))


def _ion_records(rng: random.Random, kind: _Kind) -> tuple[tuple[date, int], ...]:
    first = kind.ion_base + sum(rng.randrange(kind.ion_spread + 1) for _ in range(kind.ion_terms))
    first = _clamp_ion(first)
    second = _clamp_ion(first + first * rng.randrange(*_inclusive(ION_CHANGE_PERMYRIAD)) // 10_000)
    return ((PEILDATA[0], first), (PEILDATA[1], second))


def _inclusive(bounds: tuple[int, int]) -> tuple[int, int]:
    return bounds[0], bounds[1] + 1


def _clamp_ion(ion: int) -> int:
    return max(ION_LOW, min(ION_HIGH, ion))


def _email(rng: random.Random, core: str, town: str) -> str | None:
    """E.g. info@delinde-apeldoorn.nl; some practices have no address on file."""
    if rng.randrange(100) >= EMAIL_PERCENT:
        return None
    prefix = words.EMAIL_PREFIXES[_weighted_index(rng, _EMAIL_PREFIX_CUMULATIVE)][0]
    domain = _slug(core) or "huisartsen"
    town_slug = _slug(town)
    if town_slug not in domain:
        domain = f"{domain}-{town_slug}"
    return f"{prefix}@{domain}.nl"


def _slug(text: str) -> str:
    """Lower-case ASCII letters and digits only: "De Linde" → "delinde"."""
    return "".join(c for c in text.lower().translate(_SLUG_TABLE) if c in _SLUG_CHARS)


def _note(rng: random.Random, answered: bool) -> str:
    if not answered and rng.randrange(2) == 0:
        return words.NOTE_NOT_ANSWERED
    if rng.randrange(100) < NOTE_PERCENT:
        return rng.choice(words.NOTES)
    return ""


# --- names -------------------------------------------------------------------------------------


class _Namer:
    """Composes practice names, never the same one twice."""

    def __init__(self, rng: random.Random) -> None:
        self._rng = rng
        self._used: set[str] = set()
        self._next_number: dict[str, int] = {}

    def name(self, kind: _Kind, region: _Region, wijk: str) -> tuple[str, str]:
        """A new (name, e-mail domain core) for a practice of `kind` in `wijk`.

        A name already taken gets the wijk added ("Huisartsenpraktijk De Linde Vaassen"); when
        that is taken too, another name is tried, and in the end a number is added.
        """
        for _ in range(_NAME_ATTEMPTS):
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

    def _candidate(self, kind: _Kind, region: _Region, wijk: str) -> tuple[str, str]:
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

    def _landmark(self, region: _Region) -> str:
        if region.landmarks and self._rng.randrange(REGIONAL_LANDMARK_ONE_IN) == 0:
            return self._rng.choice(region.landmarks)
        return self._rng.choice(words.LANDMARKS)

    def _numbered(self, name: str, core: str) -> tuple[str, str]:
        """`name` made unique with a number ("Gezondheidscentrum Zuidbroek 2")."""
        if len(name) > NAME_MAX - _NUMBER_ROOM:
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


def _region_weight(name: str) -> int:
    return words.REGION_WEIGHTS.get(_region_key(name), words.UNKNOWN_REGION_WEIGHT)


def _region(name: str) -> _Region:
    """The known places of `name`, or generic wijken named after it."""
    key = _region_key(name)
    places = words.REGION_PLACES.get(key) or tuple(
        (f"{name} Wijk {n}", name, 1) for n in range(1, words.UNKNOWN_REGION_WIJKEN + 1)
    )
    return _Region(
        name=name,
        places=places,
        place_cumulative=tuple(accumulate(weight for _, _, weight in places)),
        landmarks=words.REGION_LANDMARKS.get(key, ()),
    )
