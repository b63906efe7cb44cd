"""All user-facing text lives in catalogues here; code asks for it by key.

Only Dutch exists today (`nl.py`). An English catalogue is a second dict with the same keys;
`tests/test_i18n.py` checks that every key used in the code exists and that placeholders match.
"""

from __future__ import annotations

from mtvdp_tui.i18n.nl import MESSAGES as _NL

_catalogue: dict[str, str] = _NL


def t(key: str, /, **params: object) -> str:
    """The text for `key` in the active language, with `params` filled in."""
    template = _catalogue[key]
    return template.format(**params) if params else template
