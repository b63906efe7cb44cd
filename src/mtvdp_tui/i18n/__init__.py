"""All user-facing text lives in catalogues here; code asks for it by key.

Only Dutch exists today: `nl.py` (app shell, database, command line) with one module per area
(`nl_register.py`, `nl_plans.py`, `nl_ruleset.py`, `nl_audit.py`, `nl_loting.py`,
`nl_declaraties.py`, `nl_import.py`, `nl_files.py`, `nl_help.py`, `nl_support.py`, `nl_postgres.py`,
`nl_transfer.py`, `nl_werkkopie.py`, `nl_werkkopie_app.py`, `nl_monitoring.py`,
`nl_monitoring_export.py`, `nl_monitoring_app.py`, `nl_intervisie.py`). An English catalogue would be a second set
with the same keys; `tests/test_i18n.py` checks that every key used in the code exists, that
placeholders match, and that no two modules define the same key.
"""

from __future__ import annotations

from mtvdp_tui.i18n import (
    nl,
    nl_audit,
    nl_conflicts,
    nl_declaraties,
    nl_files,
    nl_help,
    nl_import,
    nl_intervisie,
    nl_loting,
    nl_monitoring,
    nl_monitoring_app,
    nl_monitoring_export,
    nl_plans,
    nl_postgres,
    nl_register,
    nl_ruleset,
    nl_support,
    nl_transfer,
    nl_werkkopie,
    nl_werkkopie_app,
)

PARTS: tuple[dict[str, str], ...] = (
    nl.MESSAGES,
    nl_register.MESSAGES,
    nl_plans.MESSAGES,
    nl_ruleset.MESSAGES,
    nl_audit.MESSAGES,
    nl_loting.MESSAGES,
    nl_declaraties.MESSAGES,
    nl_import.MESSAGES,
    nl_files.MESSAGES,
    nl_help.MESSAGES,
    nl_support.MESSAGES,
    nl_postgres.MESSAGES,
    nl_transfer.MESSAGES,
    nl_werkkopie.MESSAGES,
    nl_werkkopie_app.MESSAGES,
    nl_conflicts.MESSAGES,
    nl_monitoring.MESSAGES,
    nl_intervisie.MESSAGES,
    nl_monitoring_export.MESSAGES,
    nl_monitoring_app.MESSAGES,
)
_catalogue: dict[str, str] = {key: text for part in PARTS for key, text in part.items()}


def t(key: str, /, **params: object) -> str:
    """The text for `key` in the active language, with `params` filled in."""
    template = _catalogue[key]
    return template.format(**params) if params else template
