"""Every text the code asks for exists in the catalogue, with the placeholders it is given."""

from __future__ import annotations

import ast
import string
from pathlib import Path

from mtvdp_tui.i18n import PARTS

MESSAGES = {key: text for part in PARTS for key, text in part.items()}

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "mtvdp_tui"


def literal_keys_used() -> list[tuple[str, str, set[str]]]:
    """(file, key, keyword names) for every `t("literal", ...)` call in the package, and every
    `FieldError("literal", ...)` (a field error is a catalogue key with its parameters)."""
    found = []
    for path in PACKAGE.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Name)
                and node.func.id in ("t", "FieldError")
                and node.args
                and isinstance(node.args[0], ast.Constant)
                and isinstance(node.args[0].value, str)
            ):
                keywords = {k.arg for k in node.keywords if k.arg}
                found.append((path.name, node.args[0].value, keywords))
    return found


def placeholders(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


def test_every_key_used_exists() -> None:
    missing = [(file, key) for file, key, _ in literal_keys_used() if key not in MESSAGES]
    assert missing == []


def test_placeholders_match_the_arguments_given() -> None:
    mismatched = [
        (file, key)
        for file, key, keywords in literal_keys_used()
        if key in MESSAGES and keywords and placeholders(MESSAGES[key]) != keywords
    ]
    assert mismatched == []


def test_no_message_is_empty() -> None:
    assert [key for key, text in MESSAGES.items() if not text.strip()] == []


def test_no_key_is_defined_in_two_modules() -> None:
    assert sum(len(part) for part in PARTS) == len(MESSAGES)


def no_nested_brackets(text: str) -> bool:
    """No bracket opens inside another: "te laat (… (op …))" reads badly in Dutch."""
    depth = 0
    for char in text:
        depth += char == "("
        if depth > 1:
            return False
        depth -= char == ")" and depth > 0
    return True


def test_no_message_nests_brackets() -> None:
    nested = [key for key, text in MESSAGES.items() if not no_nested_brackets(text)]
    assert nested == []


def test_no_reason_is_put_in_brackets_when_it_may_have_brackets_itself() -> None:
    """An operating-system reason ("geen toegang (onvoldoende rechten)") follows a colon."""
    reasons = {"db.unreadable": "error", "ruleset.unreadable": "error"}
    reasons["import.bestand.onleesbaar"] = "fout"
    for key, name in reasons.items():
        assert f"({{{name}}})" not in MESSAGES[key] and f": {{{name}}}" in MESSAGES[key]
