"""Figures a test measured, shown at the end of every run (serial or on pytest-xdist workers).

A test records one with `record_property(FIGURES, text)`. Its output cannot carry them: the
workers' output is not shown; the recorded properties travel with each test's report to the
process that prints the summary.
"""

from __future__ import annotations

import pytest

FIGURES = "figures"


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    """Print the figures tests recorded (the crash test's kill points, …) after the run."""
    figures = [
        (report.nodeid, value)
        for reports in terminalreporter.stats.values()
        for report in reports
        if getattr(report, "when", None) == "call"
        for name, value in getattr(report, "user_properties", ())
        if name == FIGURES
    ]
    if figures:
        terminalreporter.section(FIGURES)
        for nodeid, value in sorted(figures):
            terminalreporter.write_line(f"{nodeid}: {value}")
