"""`python3 dev.py test`: every check runs, each failure is named, the tests run in parallel,
and figures that tests record reach the summary even from pytest-xdist workers."""

from __future__ import annotations

import sys

import pytest

import dev

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
