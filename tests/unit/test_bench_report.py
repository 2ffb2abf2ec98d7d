"""The bench report writer: what RESULTS.md and results.json promise, without measuring."""

from __future__ import annotations

import json
import sys
from pathlib import Path

# bench/ is a folder of scripts, not an installed package; `make test` runs from the root,
# a bare `pytest` may not.
ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.figure import Figure, Target, summarise  # noqa: E402
from bench.report import JSON_KEYS, Outcome, number, results_json, results_markdown  # noqa: E402

MACHINE = {"cpus": 2, "load_at_start": (0.5, 0.4, 0.3), "python": "3.11.9"}


def first_page(value: float = 8.0, baseline: float = 4.0) -> Figure:
    return Figure(
        name="log.first_page",
        unit="ms",
        value=value,
        min=7.0,
        max=9.5,
        runs=21,
        baseline=baseline,
        target=Target(at_most=100, ratio_at_most=3),
        note="No filter.",
    )


def lateness_p50() -> Figure:
    return Figure(name="lateness.p50", unit="s", value=0.01, min=0.008, max=0.02, runs=5)


def test_json_has_exactly_the_promised_keys_per_figure() -> None:
    entries = json.loads(results_json([Outcome(first_page()), Outcome(lateness_p50())]))
    assert [tuple(e) for e in entries] == [JSON_KEYS, JSON_KEYS]
    page, late = entries
    assert page["ratio"] == 2.0
    assert page["met"] is True
    assert page["target"] == {"at_most": 100, "ratio_at_most": 3, "every_run": False}
    assert late["baseline"] is None and late["ratio"] is None
    assert late["target"] is None and late["met"] is None


def test_a_target_fails_on_either_bound() -> None:
    assert first_page(value=120.0, baseline=100.0).met is False  # over 100 ms
    assert first_page(value=40.0, baseline=10.0).met is False  # 4x the baseline
    assert first_page(value=30.0, baseline=10.0).met is True
    no_baseline = Figure("x", "ms", 1.0, 1.0, 1.0, 5, target=Target(ratio_at_most=2))
    assert no_baseline.met is False  # a ratio target cannot be met without a baseline


def test_a_tail_target_holds_in_every_run_or_not_at_all() -> None:
    tail = Target(at_most=1.0, every_run=True)
    good_median_bad_run = Figure("lateness.p99", "s", 0.01, 0.01, 7.5, 5, target=tail)
    assert good_median_bad_run.met is False
    assert tail.describe("s") == "≤ 1 s in every run"


def test_markdown_table_has_a_row_per_figure_and_flags_a_miss() -> None:
    missed = first_page(value=40.0, baseline=10.0)
    text = results_markdown(
        [Outcome(missed, load=(1.5, 1.0, 0.5)), Outcome(lateness_p50())],
        MACHINE,
        failures=["drain: exited with 1"],
    )
    lines = text.splitlines()
    header = "| figure | median | min | max | baseline | ratio | target | met |"
    assert header in lines
    row = next(line for line in lines if line.startswith("| log.first_page"))
    assert "| 40.0 ms |" in row and "| 10.0 ms |" in row and "4.00×" in row
    assert row.endswith("| **NO** |")
    late = next(line for line in lines if line.startswith("| lateness.p50"))
    assert late.endswith("| – | – | – | – |")
    assert "load at its start: 1.5, 1.0, 0.5" in text
    assert "- drain: exited with 1" in lines
    assert "- cpus: 2" in lines and "- load_at_start: 0.5, 0.4, 0.3" in lines


def test_figure_survives_the_trip_from_script_to_runner() -> None:
    figure = first_page()
    again = Figure.from_json(json.loads(json.dumps(figure.as_json())), note=figure.note)
    assert again == figure


def test_summarise_takes_the_median_and_the_spread() -> None:
    figure = summarise("f", "ms", [5.0, 1.0, 3.0, 9.0, 2.0], baseline=[1.0, 2.0, 1.5])
    assert (figure.value, figure.min, figure.max, figure.runs) == (3.0, 1.0, 9.0, 5)
    assert figure.baseline == 1.5 and figure.ratio == 2.0


def test_numbers_keep_about_three_significant_digits() -> None:
    assert [number(v) for v in (1234.5, 56.78, 0.0123, None)] == ["1,234", "56.8", "0.01", "–"]


def test_the_hand_written_fixes_come_after_the_figures_and_before_the_machine() -> None:
    fixes = "## Missed targets: causes and fixes\n\n| figure | before | after |\n"
    text = results_markdown([Outcome(lateness_p50())], MACHINE, fixes=fixes)
    lines = text.splitlines()
    at = lines.index("## Missed targets: causes and fixes")
    assert lines.index("## What each figure is") < at < lines.index("## Machine")
    assert "| figure | before | after |" in lines
    assert "Missed targets" not in results_markdown([Outcome(lateness_p50())], MACHINE)
