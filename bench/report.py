"""Writing a run down: RESULTS.md for people, results.json for machines.

Pure functions of the figures and the machine description, so they are tested without
measuring anything (tests/unit/test_bench_report.py).
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from bench.figure import Figure

JSON_KEYS = ("name", "value", "unit", "baseline", "ratio", "target", "met", "min", "max", "runs")


@dataclass(frozen=True)
class Outcome:
    """One figure as the runner saw it, with what people need to read it."""

    figure: Figure
    load: tuple[float, float, float] | None = None  # load averages as its script started


def number(value: float | None) -> str:
    """Three significant digits or so: enough to compare, not so many they look precise."""
    if value is None or math.isnan(value):
        return "–"
    size = abs(value)
    if size >= 100:
        return f"{value:,.0f}"
    if size >= 10:
        return f"{value:.1f}"
    return f"{value:.2f}"


def _met(met: bool | None) -> str:
    return {True: "yes", False: "**NO**", None: "–"}[met]


def results_json(outcomes: Sequence[Outcome]) -> str:
    entries = [o.figure.as_json() for o in outcomes]
    for entry in entries:
        assert tuple(entry) == JSON_KEYS, entry.keys()
    return json.dumps(entries, indent=2, ensure_ascii=False) + "\n"


def results_markdown(
    outcomes: Sequence[Outcome],
    machine: Mapping[str, Any],
    *,
    failures: Sequence[str] = (),
    command: str = "make bench",
    fixes: str = "",
) -> str:
    """``fixes``: the hand-written account of missed targets, their causes and the before
    and after figures (bench/FIXES.md), placed after the figures' descriptions."""
    lines = [
        "# Benchmark results",
        "",
        f"Written by `{command}` (bench/run.py); do not edit by hand. Each figure is the median",
        "of its runs; the baseline is measured in the same run, interleaved with it.",
        "",
        "| figure | median | min | max | baseline | ratio | target | met |",
        "|---|---:|---:|---:|---:|---:|---|---|",
    ]
    for o in outcomes:
        f = o.figure
        unit = f" {f.unit}"
        baseline = "–" if f.baseline is None else number(f.baseline) + unit
        ratio = "–" if f.ratio is None else f"{f.ratio:.2f}×"
        target = "–" if f.target is None else f.target.describe(f.unit)
        lines.append(
            f"| {f.name} | {number(f.value)}{unit} | {number(f.min)}{unit} "
            f"| {number(f.max)}{unit} | {baseline} | {ratio} | {target} | {_met(f.met)} |"
        )
    lines += ["", "## What each figure is", ""]
    for o in outcomes:
        load = "" if o.load is None else f" (load at its start: {', '.join(map(str, o.load))})"
        lines.append(f"- **{o.figure.name}**, {o.figure.runs} runs{load}: {o.figure.note}")
    if fixes.strip():
        lines += ["", fixes.strip()]
    if failures:
        lines += ["", "## Figures that did not finish", ""]
        lines += [f"- {failure}" for failure in failures]
    lines += ["", "## Machine", ""]
    lines += [f"- {key}: {_plain(value)}" for key, value in machine.items()]
    return "\n".join(lines) + "\n"


def _plain(value: Any) -> str:
    if isinstance(value, tuple | list):
        return ", ".join(str(v) for v in value)
    return str(value)
