"""log.first_page: opening the log of 1,000,000 messages (newest 100 and the total)."""

from __future__ import annotations

from bench.cli import figure_main
from bench.figure import Figure, Target
from bench.logbench import LogCase, measure_case, profile_case
from desktop.storage import repository as repo

DEFAULT_RUNS = 21  # milliseconds each: many runs cost nothing and steady the median
CASE = LogCase(
    name="log.first_page",
    flt=repo.LogFilter(),
    to_the_end=False,
    target=Target(at_most=100, ratio_at_most=3),
    what="No filter: log_page(limit=100) + log_count, the model's first read.",
)


def measure(runs: int = DEFAULT_RUNS) -> Figure:
    return measure_case(CASE, runs)


def profile() -> None:
    profile_case(CASE)


if __name__ == "__main__":
    figure_main(measure, default_runs=DEFAULT_RUNS, profile=profile)
