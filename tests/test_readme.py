"""Every `mtvdp-tui` command in the README's code blocks works on a fresh machine.

The commands run in README order, in a temporary folder with temporary user folders (no
database yet), through the program's own `main`. What the README takes for granted is put in
place first and said here: the practice lists it imports (`praktijken.csv`, `praktijken.xlsx`),
and, for `plan export`, a plan made in the app for that practice. A command that opens the app
builds it (creating its database) without running it. Commands on a PostgreSQL database
(`--db "postgresql://…"`, the administrator's section) run in tests/pg/test_readme_admin.py,
against a real server.
"""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest

from mtvdp_tui.app import MtvdpApp
from mtvdp_tui.cli import main

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "README.md"
FENCE = re.compile(r"^```(\w*)\n(.*?)^```", re.MULTILINE | re.DOTALL)
AGB = "01234567"
PRACTICES = [
    ["agb", "naam", "regio", "wijk", "ion", "voorkeur"],
    [AGB, "Huisartsenpraktijk Voorbeeld", "Zutphen", "Warnsveld", "4200", "2023-07-01"],
    ["02345678", "Huisartsen Aan de IJssel", "Zutphen", "Brummen", "3100", ""],
]


def readme_lines(program: str, languages: set[str]) -> list[str]:
    """Every line of a block in one of `languages` that starts with `program`, in README order."""
    lines = []
    for language, body in FENCE.findall(README.read_text(encoding="utf-8")):
        if language in languages:
            lines.extend(
                line.strip() for line in body.splitlines() if line.strip().startswith(program)
            )
    return lines


def readme_commands() -> list[str]:
    """Every line of a bash block that runs `mtvdp-tui` on a file, in README order."""
    return [
        line
        for line in readme_lines("mtvdp-tui", {"bash", "sh", ""})
        if "postgresql://" not in line
    ]


def _practice_lists(folder: Path) -> None:
    from openpyxl import Workbook

    text = "\n".join(";".join(row) for row in PRACTICES) + "\n"
    (folder / "praktijken.csv").write_text(text, encoding="utf-8")
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    for row in PRACTICES:
        sheet.append(row)
    book.save(folder / "praktijken.xlsx")


def _a_plan_for(agb: str) -> None:
    """As if the user had made a concept plan for the practice in the app (`p`)."""
    from mtvdp_tui.cli import open_for, parser
    from mtvdp_tui.domain.plan import Plan

    database = open_for(parser().parse_args([]))
    try:
        practice_id = database.practices.id_for_agb(agb)
        assert practice_id is not None, "the README imports the practice before exporting its plan"
        database.plans.save_concept(practice_id, Plan(), expected=None)
    finally:
        database.close()


def test_the_readme_has_commands_for_every_subcommand() -> None:
    words = [shlex.split(line, comments=True) for line in readme_commands()]
    found = {command[1] for command in words if len(command) > 1}
    expected = {"--demo", "import", "export", "plan", "loting", "declaraties", "backup", "info"}
    assert expected | {"herstellen"} <= found


def test_every_readme_command_runs_on_a_fresh_machine(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    # the app is built (its database made) but not run; it closes its database as on quitting
    monkeypatch.setattr(MtvdpApp, "run", lambda self, *args, **kwargs: self.database.close())
    _practice_lists(tmp_path)
    commands = readme_commands()
    assert len(commands) >= 15
    for line in commands:
        arguments = shlex.split(line, comments=True)[1:]
        if arguments[:2] == ["plan", "export"]:
            _a_plan_for(arguments[arguments.index("--agb") + 1])
        code = main(arguments)
        output = capsys.readouterr()
        assert code == 0, f"{line}\n{output.out}\n{output.err}"
        assert "Traceback" not in output.err, line
    assert (tmp_path / "plan.html").exists() and (tmp_path / "oefening.html").exists()
