"""``make bench``: run every figure script, each in its own process, and write the results.

    .venv/bin/python -m bench.run                  # all figures -> RESULTS.md, results.json
    .venv/bin/python -m bench.run --only log --runs 5   # some figures, printed only

Each module in bench/figures/ (not starting with "_") is a figure script; see bench/__init__.
A script runs in its own process so one figure's threads, caches and Qt state cannot bend
the next one's numbers (and so an RSS figure sees a fresh process). The runner shares a work
folder with them (BENCH_WORKDIR) so the 1,000,000-message outbox is built once per run.
A partial run (``--only``) prints its table and leaves RESULTS.md alone unless ``--write``.
"""

from __future__ import annotations

import argparse
import json
import os
import pkgutil
import subprocess
import sys
import tempfile
from pathlib import Path

import bench.figures
from bench import machine, report
from bench.cli import show
from bench.figure import Figure
from bench.workdir import ENV

HERE = Path(__file__).resolve().parent
# A figure script that runs longer than this is stuck; the lateness one needs ~6 minutes.
FIGURE_TIMEOUT_S = 30 * 60


def figure_modules() -> list[str]:
    return sorted(
        m.name for m in pkgutil.iter_modules(bench.figures.__path__) if not m.name.startswith("_")
    )


def run_figure(
    module: str, work: Path, runs: int | None
) -> tuple[list[report.Outcome], str | None]:
    """The figures one script measured, or why it gave none."""
    started_load = machine.load()
    out = work / f"{module}.json"
    command = [sys.executable, "-m", f"bench.figures.{module}", "--json-out", str(out)]
    if runs is not None:
        command += ["--runs", str(runs)]
    print(f"== {module} (load {', '.join(map(str, started_load))})", flush=True)
    env = {**os.environ, ENV: str(work), "QT_QPA_PLATFORM": "offscreen"}
    try:
        done = subprocess.run(command, cwd=machine.ROOT, env=env, timeout=FIGURE_TIMEOUT_S)
    except subprocess.TimeoutExpired:
        return [], f"{module}: stopped after {FIGURE_TIMEOUT_S} s"
    if done.returncode != 0 or not out.exists():
        return [], f"{module}: exited with {done.returncode}"
    entries = json.loads(out.read_text())
    outcomes = [
        report.Outcome(Figure.from_json(e["figure"], note=e["note"]), load=started_load)
        for e in entries
    ]
    return outcomes, None


def main() -> int:
    parser = argparse.ArgumentParser(description="Run the benchmark figures.")
    parser.add_argument("--only", nargs="*", default=[], help="module name prefixes")
    parser.add_argument("--runs", type=int, help="runs per figure (default: each script's)")
    parser.add_argument("--write", action="store_true", help="write the files on --only too")
    args = parser.parse_args()

    modules = [m for m in figure_modules() if not args.only or m.startswith(tuple(args.only))]
    if not modules:
        parser.error(f"no figure matches {args.only}; there are {figure_modules()}")
    load_at_start = machine.load()
    outcomes: list[report.Outcome] = []
    failures: list[str] = []
    with tempfile.TemporaryDirectory(prefix="smsdesk-bench-") as folder:
        for module in modules:
            got, failure = run_figure(module, Path(folder), args.runs)
            outcomes += got
            if failure:
                failures.append(failure)
                print(f"!! {failure}", flush=True)
    described = machine.describe(load_at_start)

    print("\n".join(["", *(show(o.figure) for o in outcomes), *failures]))
    if not args.only or args.write:
        command = "make bench" if not args.only else "python -m bench.run " + " ".join(sys.argv[1:])
        fixes = HERE / "FIXES.md"  # written by hand; RESULTS.md carries it along
        (HERE / "RESULTS.md").write_text(
            report.results_markdown(
                outcomes,
                described,
                failures=failures,
                command=command,
                fixes=fixes.read_text() if fixes.exists() else "",
            )
        )
        (HERE / "results.json").write_text(report.results_json(outcomes))
        print(f"wrote {HERE / 'RESULTS.md'} and {HERE / 'results.json'}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
