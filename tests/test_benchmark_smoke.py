"""The benchmark harness works end to end at a tiny size (no timing is asserted: the machines
that run the tests are shared and noisy; the figures come from `benchmarks/run.py`)."""

from __future__ import annotations

import json
from pathlib import Path

from benchmarks import report, run


def test_the_benchmark_runs_and_writes_every_figure(tmp_path: Path, capsys) -> None:
    target = tmp_path / "results.json"
    assert run.main(["--size", "50", "--runs", "1", "--json", str(target)]) == 0
    results = json.loads(target.read_text(encoding="utf-8"))
    assert set(report.MACHINE_KEYS) <= set(results["machine"])
    assert results["settings"]["size"] == 50
    for measure in report.MEASURES:
        figure = results["measures"][measure.key]
        assert figure["median"] >= 0 and figure["samples"], measure.key
        assert figure["target"] == measure.target
        assert (figure["met"] is None) == (measure.target is None)
    assert results["imports"]["top_packages"]
    assert set(results["startup_phases_ms"]) == {"bare", "empty", "size"}
    printed = capsys.readouterr().out
    assert "| measure | median | target | met? |" in printed
