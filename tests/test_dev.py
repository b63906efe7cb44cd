"""`python3 dev.py test`: every check runs, each failure is named, the tests run in parallel,
figures that tests record reach the summary even from pytest-xdist workers, and `dev.py pg`
opens the app on a throwaway PostgreSQL and cleans up."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

import dev
from tools import dev_pg

pytest_plugins = ["pytester"]


def step(name: str, code: int) -> tuple[str, list[str]]:
    return name, [sys.executable, "-c", f"print('ran {name}'); raise SystemExit({code})"]


def test_every_step_runs_and_each_failure_is_named(capfd: pytest.CaptureFixture[str]) -> None:
    steps = [step("eerste", 0), step("tweede", 3), step("derde", 0), step("vierde", 1)]
    assert dev.run_checks(steps) == 3  # the first failure's exit code
    out, err = capfd.readouterr()
    assert [f"ran {name}" in out for name, _ in steps] == [True] * 4
    assert "FAILED: tweede (exit 3), vierde (exit 1)" in err


def test_all_passing_steps_exit_zero(capfd: pytest.CaptureFixture[str]) -> None:
    assert dev.run_checks([step("eerste", 0), step("tweede", 0)]) == 0
    assert "all 2 checks passed: eerste, tweede" in capfd.readouterr().out


def test_pytest_runs_in_parallel_and_the_arguments_pass_through() -> None:
    steps = dict(dev.checks("python", ["-k", "lottery", "-n", "0"]))
    assert list(steps)[:2] == ["ruff check", "ruff format"]
    assert steps["pytest"] == ["python", "-m", "pytest", "-n", "auto", "-k", "lottery", "-n", "0"]


def test_figures_recorded_on_a_worker_reach_the_summary(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(
        test_figure="""
        def test_measures(record_property):
            record_property("figures", "[kruk] 25 punten")
            assert False
        """
    )
    pytester.makeini("[pytest]\nasyncio_default_fixture_loop_scope = function\n")
    # in this process: the snapshot plugin keeps one report folder per process, so not here
    result = pytester.runpytest("-p", "tests.figures", "-p", "no:textual-snapshot", "-n", "2")
    result.assert_outcomes(failed=1)  # recorded before the failing assertion: still shown
    result.stdout.fnmatch_lines(
        ["*= figures =*", "test_figure.py::test_measures: [kruk] 25 punten"]
    )


# --- python3 dev.py pg ------------------------------------------------------------------------

APP_STAND_IN = """
import json, sys, psycopg
arguments = sys.argv[1:]
url = arguments[arguments.index("--db") + 1]
with psycopg.connect(url) as connection:
    database = connection.execute("select current_database()").fetchone()[0]
    host = connection.info.host
json.dump({"arguments": arguments, "database": database, "host": host}, open(sys.argv[0], "w"))
"""


def stand_in(tmp_path: Path) -> tuple[list[str], Path]:
    """A command in the app's place: connects to the --db URL it is given and says what it saw."""
    seen = tmp_path / "seen.json"
    return [sys.executable, "-c", APP_STAND_IN.replace("sys.argv[0]", repr(str(seen)))], seen


def test_pg_is_a_command_of_dev_py() -> None:
    assert "pg" in dev.COMMANDS
    assert "python3 dev.py pg" in (dev.__doc__ or "")


def test_pg_opens_the_app_on_a_new_database_and_removes_the_server(tmp_path: Path) -> None:
    command, seen = stand_in(tmp_path)
    assert dev_pg.run(["--size", "20"], command) == 0
    found = json.loads(seen.read_text())
    assert found["database"] == dev_pg.DATABASE
    assert found["arguments"][-3:] == ["--demo", "--size", "20"]  # the app fills it itself
    url = found["arguments"][found["arguments"].index("--db") + 1]
    folder = Path(url.split("host=", 1)[1])
    assert found["host"] == str(folder)  # the Unix socket, no network address
    assert not folder.exists()  # stopped and removed once the app ended


def test_pg_latency_goes_through_the_proxy_on_the_loopback_address(tmp_path: Path) -> None:
    command, seen = stand_in(tmp_path)
    assert dev_pg.run(["--latency", "10"], command) == 0
    found = json.loads(seen.read_text())
    assert found["host"] == "127.0.0.1" and found["database"] == dev_pg.DATABASE


def test_pg_keep_leaves_the_server_for_a_second_copy_until_stopped(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    command, seen = stand_in(tmp_path)
    assert dev_pg.run(["--keep"], command) == 0
    printed = capsys.readouterr().out
    folder = Path(printed.split("PostgreSQL kept running in ", 1)[1].split("\n", 1)[0])
    try:
        assert f"--db 'postgresql://postgres@/organisatie?host={folder}'" in printed
        seen.unlink()
        assert dev_pg.run(["--join", str(folder)], command) == 0  # the second wijkmanager
        assert json.loads(seen.read_text())["database"] == dev_pg.DATABASE
        assert folder.exists()
    finally:
        assert dev_pg.run(["--stop", str(folder)]) == 0
    assert not folder.exists()
    with pytest.raises(SystemExit, match="no running server"):
        dev_pg.run(["--join", str(folder)], command)
