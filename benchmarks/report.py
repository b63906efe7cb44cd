"""What is measured, its targets (issue 7), the printed table and the JSON file."""

from __future__ import annotations

import os
import platform
import sqlite3
import statistics
from dataclasses import dataclass
from importlib import metadata


@dataclass(frozen=True)
class Measure:
    key: str
    label: str  # "{n}" is the database size, "{pool}" the lottery's pool
    unit: str  # "ms", "x" (a ratio), "MB" or "n" (round trips to the server)
    target: float | None = None  # the figure must be at most this; None: for information


FRAME_MS = 1000 / 60  # one frame at Textual's 60 fps cap
ROUND_TRIP_MS = 50.0  # what the proxy adds (benchmarks/postgres.py)

MEASURES = (
    Measure("startup_bare", "start-up, bare Textual app (spawn to exit)", "ms"),
    Measure("startup_empty", "start-up, empty database (spawn to exit)", "ms"),
    Measure("startup_size", "start-up, {n} practices (spawn to exit)", "ms"),
    Measure("startup_ratio_empty", "start-up {n} / empty", "x", 1.15),
    Measure("startup_ratio_bare", "start-up {n} / bare", "x", 2.0),
    Measure("ready_ratio_empty", "to first screen, {n} / empty (exit excluded)", "x"),
    Measure("ready_ratio_bare", "to first screen, {n} / bare (exit excluded)", "x"),
    Measure("search_keystroke", "search keystroke, {n} practices: work", "ms", 16),
    Measure("search_keystroke_latency", "search keystroke: latency (frame cap included)", "ms"),
    Measure("search_keystroke_echo", "search keystroke: echo in the field (latency)", "ms"),
    Measure("monitoring_open", "monitoring opened (F10), {n} practices: work, once", "ms", 100),
    Measure("monitoring_open_latency", "monitoring opened: latency (queries included)", "ms"),
    Measure("monitoring_keystroke", "monitoring search keystroke, {n} practices: work", "ms", 16),
    Measure(
        "monitoring_keystroke_latency", "monitoring keystroke: latency (frame cap incl.)", "ms"
    ),
    Measure("wizard_toggle", "wizard toggle, rules panel updated: work", "ms", 16),
    Measure("wizard_toggle_latency", "wizard toggle: latency (frame cap included)", "ms"),
    Measure("lottery_open", "lottery screen opened (F5), pool {pool}: work, once", "ms"),
    Measure("lottery_step", "lottery step on screen, pool {pool}: work", "ms"),
    Measure("lottery_step_latency", "lottery step: latency (frame cap included)", "ms"),
    Measure("prepare_inputs", "lottery prepare_inputs, pool {pool}", "ms"),
    Measure("draw_all", "whole draw of {pool} (draw_all)", "ms", 100),
    Measure("declarations_open", "declarations opened (F6), {n} practices: work, once", "ms"),
    Measure("declaration_quarter_screen", "declaration quarter on screen: work", "ms", 100),
    Measure("declaration_quarter_screen_latency", "declaration quarter: latency", "ms"),
    Measure("declaration_show_quarter", "declaration show_quarter() call", "ms", 100),
    Measure("quarter_overview", "quarter_overview() alone, {rows} rows", "ms", 100),
    Measure("memory_bare", "peak memory, bare Textual app", "MB"),
    Measure("memory_empty", "peak memory, empty database", "MB"),
    Measure("memory_size", "peak memory, {n} practices (register shown)", "MB"),
    Measure("memory_ratio", "peak memory {n} / bare", "x", 2.0),
    Measure("memory_all_sections", "peak memory, {n} practices, every section opened", "MB"),
    Measure("memory_ratio_all_sections", "peak memory, every section / bare", "x", 2.0),
    Measure("save_practice", "saving a practice (ctrl+s until the register shows it): work", "ms"),
    Measure("save_practice_latency", "saving a practice: latency", "ms"),
    # the same on PostgreSQL, behind the proxy's 50 ms of round trip (benchmarks/postgres.py)
    Measure("startup_pg", "PostgreSQL: start-up, {n} practices (spawn to exit)", "ms"),
    Measure("startup_pg_round_trips", "PostgreSQL: start-up: round trips", "n"),
    Measure("startup_ratio_pg", "PostgreSQL: start-up {n}, PostgreSQL / SQLite", "x"),
    Measure("ready_ratio_pg", "PostgreSQL: to first screen, PostgreSQL / SQLite", "x"),
    Measure("memory_pg", "PostgreSQL: peak memory, {n} practices", "MB"),
    Measure("pg_search_keystroke", "PostgreSQL: search keystroke: work", "ms", 16),
    Measure(
        "pg_search_keystroke_echo",
        "PostgreSQL: search keystroke: echo (one frame)",
        "ms",
        round(FRAME_MS, 1),
    ),
    Measure(
        "pg_search_keystroke_latency",
        "PostgreSQL: search keystroke: rows (round trip + frame)",
        "ms",
        round(ROUND_TRIP_MS + FRAME_MS, 1),
    ),
    # counted per statement: two read side by side count two but are waited for as one
    Measure("pg_search_keystroke_round_trips", "PostgreSQL: search keystroke: round trips", "n"),
    Measure("pg_save_practice", "PostgreSQL: saving a practice: work", "ms"),
    Measure("pg_save_practice_latency", "PostgreSQL: saving a practice: latency", "ms"),
    Measure("pg_save_practice_round_trips", "PostgreSQL: saving a practice: round trips", "n"),
    Measure("pg_declarations_open", "PostgreSQL: declarations opened (F6): work, once", "ms"),
    Measure("pg_declarations_open_latency", "PostgreSQL: declarations opened: latency", "ms"),
    Measure(
        "pg_declarations_open_round_trips", "PostgreSQL: declarations opened: round trips", "n"
    ),
    Measure("pg_declaration_quarter_screen", "PostgreSQL: declaration quarter: work", "ms", 100),
    Measure(
        "pg_declaration_quarter_screen_latency", "PostgreSQL: declaration quarter: latency", "ms"
    ),
    Measure(
        "pg_declaration_quarter_screen_round_trips",
        "PostgreSQL: declaration quarter: round trips",
        "n",
    ),
    Measure("pg_declaration_show_quarter", "PostgreSQL: declaration show_quarter() call", "ms"),
    Measure("pg_overzetten", "PostgreSQL: overzetten of {n} practices, SQLite → PostgreSQL", "ms"),
    Measure("pg_overzetten_round_trips", "PostgreSQL: overzetten → PostgreSQL: round trips", "n"),
    Measure("pg_overzetten_back", "PostgreSQL: overzetten of {n} practices, back to SQLite", "ms"),
    Measure("pg_overzetten_back_round_trips", "PostgreSQL: overzetten back: round trips", "n"),
    Measure("pg_sync_push", "PostgreSQL: werkkopie, 500 changes sent (synchroniseren)", "ms"),
    Measure("pg_sync_push_round_trips", "PostgreSQL: werkkopie, 500 sent: round trips", "n"),
    Measure("pg_sync_push_statements", "PostgreSQL: werkkopie, 500 sent: statements", "n"),
    Measure("pg_sync_pull", "PostgreSQL: werkkopie, 500 server changes pulled", "ms"),
    Measure("pg_sync_pull_round_trips", "PostgreSQL: werkkopie, 500 pulled: round trips", "n"),
    Measure("pg_sync_pull_statements", "PostgreSQL: werkkopie, 500 pulled: statements", "n"),
)
# Side by side: (what, the SQLite measure, the PostgreSQL one, its round trips).
ENGINES = (
    (
        "start-up, {n} practices (spawn to exit)",
        "startup_size",
        "startup_pg",
        "startup_pg_round_trips",
    ),
    ("peak memory, {n} practices", "memory_size", "memory_pg", None),
    ("search keystroke: work", "search_keystroke", "pg_search_keystroke", None),
    (
        "search keystroke: echo in the field",
        "search_keystroke_echo",
        "pg_search_keystroke_echo",
        None,
    ),
    (
        "search keystroke: rows shown",
        "search_keystroke_latency",
        "pg_search_keystroke_latency",
        "pg_search_keystroke_round_trips",
    ),
    ("saving a practice: work", "save_practice", "pg_save_practice", None),
    (
        "saving a practice: latency",
        "save_practice_latency",
        "pg_save_practice_latency",
        "pg_save_practice_round_trips",
    ),
    ("declarations opened (F6): work", "declarations_open", "pg_declarations_open", None),
    (
        "declarations opened (F6): latency",
        None,
        "pg_declarations_open_latency",
        "pg_declarations_open_round_trips",
    ),
    (
        "declaration quarter: work",
        "declaration_quarter_screen",
        "pg_declaration_quarter_screen",
        None,
    ),
    (
        "declaration quarter: latency",
        "declaration_quarter_screen_latency",
        "pg_declaration_quarter_screen_latency",
        "pg_declaration_quarter_screen_round_trips",
    ),
    (
        "overzetten of {n} practices, SQLite → PostgreSQL",
        None,
        "pg_overzetten",
        "pg_overzetten_round_trips",
    ),
    (
        "overzetten of {n} practices, PostgreSQL → SQLite",
        None,
        "pg_overzetten_back",
        "pg_overzetten_back_round_trips",
    ),
    ("werkkopie: 500 changes sent", None, "pg_sync_push", "pg_sync_push_round_trips"),
    ("werkkopie: 500 server changes pulled", None, "pg_sync_pull", "pg_sync_pull_round_trips"),
)
MACHINE_KEYS = ("cpu", "cores", "python", "textual", "os", "date")


def summary(samples: list[float], measure: Measure, names: dict[str, object]) -> dict[str, object]:
    median = statistics.median(samples)
    return {
        "label": measure.label.format(**names),
        "unit": measure.unit,
        "median": median,
        "min": min(samples),
        "max": max(samples),
        "samples": samples,
        "target": measure.target,
        "met": None if measure.target is None else median <= measure.target,
    }


def _cpu_model() -> str:
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as info:
            for line in info:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def machine(date: str) -> dict[str, object]:
    usable = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return {
        "cpu": _cpu_model(),
        "cores": os.cpu_count(),
        "usable_cores": usable,
        "python": f"{platform.python_implementation()} {platform.python_version()}",
        "textual": metadata.version("textual"),
        "sqlalchemy": metadata.version("sqlalchemy"),
        "sqlite": sqlite3.sqlite_version,
        "mtvdp_tui": metadata.version("mtvdp-tui"),
        "os": platform.platform(),
        "load_average_at_start": list(os.getloadavg()) if hasattr(os, "getloadavg") else None,
        "date": date,
    }


def _figure(value: float, unit: str) -> str:
    if unit == "x":
        return f"{value:.2f}×"
    if unit == "MB":
        return f"{value:.1f} MB"
    if unit == "n":
        return f"{value:g}"
    return f"{value:.1f} ms"


def table(measures: dict[str, dict[str, object]]) -> str:
    """A Markdown table: measure, median, target, met?"""
    lines = ["| measure | median | target | met? |", "| --- | ---: | ---: | :---: |"]
    for measure in MEASURES:
        found = measures.get(measure.key)
        if found is None:
            continue
        median = _figure(float(found["median"]), measure.unit)  # type: ignore[arg-type]
        target = "—" if measure.target is None else "≤ " + _figure(measure.target, measure.unit)
        met = {None: "", True: "yes", False: "**no**"}[found["met"]]  # type: ignore[index]
        lines.append(f"| {found['label']} | {median} | {target} | {met} |")
    return "\n".join(lines)


def engine_table(measures: dict[str, dict[str, object]], names: dict[str, object]) -> str:
    """SQLite beside PostgreSQL: the medians of each pair of measures, their ratio, and the
    round trips to the server the PostgreSQL one waited for (median)."""
    lines = [
        "| measure | SQLite | PostgreSQL | ratio | round trips |",
        "| --- | ---: | ---: | ---: | ---: |",
    ]
    units = {measure.key: measure.unit for measure in MEASURES}
    for label, on_sqlite, on_postgres, round_trips in ENGINES:
        pg = measures.get(on_postgres)
        if pg is None:
            continue
        lite = measures.get(on_sqlite) if on_sqlite else None
        pg_median = float(pg["median"])  # type: ignore[arg-type]
        trips = measures.get(round_trips) if round_trips else None
        counted = "—" if trips is None else _figure(float(trips["median"]), "n")  # type: ignore[arg-type]
        cells = ["—", _figure(pg_median, units[on_postgres]), "—", counted]
        if lite is not None and on_sqlite is not None:
            lite_median = float(lite["median"])  # type: ignore[arg-type]
            cells[0] = _figure(lite_median, units[on_sqlite])
            cells[2] = f"{pg_median / lite_median:.1f}×" if lite_median else "—"
        lines.append(f"| {label.format(**names)} | {' | '.join(cells)} |")
    return "\n".join(lines)


def phase_table(phases: dict[str, dict[str, float]]) -> str:
    """Median milliseconds per start-up phase, per kind of start-up."""
    kinds = list(phases)
    names = list(next(iter(phases.values()), {}))
    lines = ["| phase | " + " | ".join(kinds) + " |", "| --- |" + " ---: |" * len(kinds)]
    for name in names:
        cells = " | ".join(f"{phases[kind].get(name, 0.0):.0f}" for kind in kinds)
        lines.append(f"| {name} | {cells} |")
    return "\n".join(lines)


def import_table(imports: dict[str, object]) -> str:
    lines = ["| package | import ms | share |", "| --- | ---: | ---: |"]
    for row in imports["top_packages"]:  # type: ignore[attr-defined]
        lines.append(f"| {row['package']} | {row['ms']:.0f} | {row['share']:.0%} |")
    return "\n".join(lines)
