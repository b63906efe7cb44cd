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

import random
from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from itertools import accumulate

from mtvdp_tui.domain import demo_words as words
from mtvdp_tui.domain.demo_names import (
    KIND_CUMULATIVE,
    KINDS,
    DemoRegion,
    Namer,
    PracticeKind,
    demo_region,
    region_weight,
)
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


_EMAIL_PREFIX_CUMULATIVE = tuple(accumulate(weight for _, weight in words.EMAIL_PREFIXES))

_SLUG_TABLE = str.maketrans("áàâäãéèêëíìîïóòôöõúùûüýÿçñ", "aaaaaeeeeiiiiooooouuuuyycn")
_SLUG_CHARS = frozenset("abcdefghijklmnopqrstuvwxyz0123456789")


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
    regions = {name: demo_region(name) for name in ruleset.regions}
    namer = Namer(rng)
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
    counts = _apportion(size, [region_weight(name) for name in region_names])
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
    namer: Namer,
    region: DemoRegion,
    agb: str,
    answer: Answer,
    excluded_reason: str | None,
) -> DemoPractice:
    wijk, town, _ = region.places[_weighted_index(rng, region.place_cumulative)]
    kind = KINDS[_weighted_index(rng, KIND_CUMULATIVE)]
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


def _ion_records(rng: random.Random, kind: PracticeKind) -> tuple[tuple[date, int], ...]:
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
