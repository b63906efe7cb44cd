"""Text as search compares it: accents and case do not count, so "dieen" finds "Dieën" and
"STRASSE" finds "Straße". Both sides go through `fold`: the keys stored for searching
(`practice_key`, `audit_key`) and the words typed (`search_words`).

Lists order text the same way (`order_key`): "Éénhoorn" among the E's, "de Berg" beside
"De Berg". The key is stored beside the text and compared character by character (code points,
which is UTF-8 byte order), so the order is the same on every engine and under every collation.

`fold` works character by character (case folding, then compatibility decomposition, then the
combining marks dropped), so the fold of any part of a text is a part of the text's fold.
"""

from __future__ import annotations

import unicodedata


def fold(text: str) -> str:
    """`text` without accents and case: "Dieën" → "dieen", "Straße" → "strasse", "ﬁ" → "fi"."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def search_words(text: str) -> list[str]:
    """The words typed in a search field, folded: each must be found in the key."""
    return fold(text).split()


def practice_key(agb: str, name: str, wijk: str) -> str:
    """What the register's search looks in: the practice's AGB, name and wijk."""
    return fold(f"{agb} {name} {wijk}")


def audit_key(subject: str, os_user: str) -> str:
    """What the audit trail's search looks in: what an entry is about, and who made it."""
    return fold(f"{subject} {os_user}")


def order_key(text: str) -> str:
    """How lists order `text`: accents and case do not count ("Éénhoorn" → "eenhoorn")."""
    return fold(text)
