"""The benchmark harness works end to end at a tiny size (no timing is asserted: the machines
that run the tests are shared and noisy; the figures come from `benchmarks/run.py`), on SQLite and
on a throwaway PostgreSQL behind the delaying proxy."""

from __future__ import annotations

import json
from pathlib import Path

from benchmarks import report, run
from tools import pg_server


def test_the_benchmark_runs_and_writes_every_figure(tmp_path: Path, capsys) -> None:
    target = tmp_path / "results.json"
    assert run.main(["--size", "50", "--runs", "1", "--json", str(target)]) == 0
    results = json.loads(target.read_text(encoding="utf-8"))
    assert set(report.MACHINE_KEYS) <= set(results["machine"])
    assert results["settings"]["size"] == 50
    left = results["not_measured"]
    if pg_server.available() and "pg_search_keystroke" in left:  # only the app's own refusal
        assert left["pg_search_keystroke"].startswith("the app does not open a PostgreSQL")
    for measure in report.MEASURES:
        if measure.key in left:  # with the reason: PostgreSQL missing, a command not there yet
            assert measure.key not in results["measures"] and left[measure.key], measure.key
            continue
        figure = results["measures"][measure.key]
        assert figure["median"] >= 0 and figure["samples"], measure.key
        assert figure["target"] == measure.target
        assert (figure["met"] is None) == (measure.target is None)
    assert results["imports"]["top_packages"]
    kinds = {"bare", "empty", "size"} | ({"pg"} if results["postgres"] else set())
    assert set(results["startup_phases_ms"]) == kinds
    printed = capsys.readouterr().out
    assert "| measure | median | target | met? |" in printed
    if results["postgres"]:  # the PostgreSQL rows beside the SQLite ones
        assert results["postgres"]["added_round_trip_ms"] == 50
        for way in ("push", "pull"):  # a werkkopie synchronised through the proxy, counted
            assert results["measures"][f"pg_sync_{way}_round_trips"]["median"] > 0
            assert results["measures"][f"pg_sync_{way}_statements"]["median"] > 0
        assert "| measure | SQLite | PostgreSQL | ratio | round trips |" in printed
