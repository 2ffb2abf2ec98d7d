"""The command line every figure script shares: run it, print it, hand it to the runner.

    .venv/bin/python -m bench.figures.<name> [--runs N] [--json-out FILE] [--profile]

``--profile`` runs the measured side once under cProfile (main thread) and prints where the
time went, for finding the cause of a missed target.
"""

from __future__ import annotations

import argparse
import cProfile
import json
import pstats
from collections.abc import Callable, Sequence
from pathlib import Path

from bench.figure import Figure
from bench.report import number

Measure = Callable[[int], Figure | Sequence[Figure]]


def as_list(result: Figure | Sequence[Figure]) -> list[Figure]:
    return [result] if isinstance(result, Figure) else list(result)


def show(figure: Figure) -> str:
    parts = [
        f"{figure.name}: {number(figure.value)} {figure.unit}",
        f"(min {number(figure.min)}, max {number(figure.max)}, {figure.runs} runs)",
    ]
    if figure.baseline is not None:
        parts.append(f"baseline {number(figure.baseline)} {figure.unit}")
    if figure.ratio is not None:
        parts.append(f"ratio {figure.ratio:.2f}x")
    if figure.target is not None:
        verdict = "met" if figure.met else "MISSED"
        parts.append(f"target {figure.target.describe(figure.unit)}: {verdict}")
    return " ".join(parts)


def figure_main(
    measure: Measure, *, default_runs: int, profile: Callable[[], None] | None = None
) -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=default_runs)
    parser.add_argument("--json-out", type=Path, help="where the runner wants the figures")
    parser.add_argument("--profile", action="store_true", help="profile one measured run")
    parser.add_argument("--profile-lines", type=int, default=35)
    args = parser.parse_args()
    if args.profile:
        if profile is None:
            parser.error("this figure has no profile()")
        profiler = cProfile.Profile()
        profiler.runcall(profile)
        stats = pstats.Stats(profiler).strip_dirs()
        stats.sort_stats("cumulative").print_stats(args.profile_lines)
        stats.sort_stats("tottime").print_stats(args.profile_lines)
        return
    figures = as_list(measure(args.runs))
    for figure in figures:
        print(show(figure), flush=True)
    if args.json_out is not None:
        entries = [{"figure": f.as_json(), "note": f.note} for f in figures]
        args.json_out.write_text(json.dumps(entries, ensure_ascii=False))
