"""log.last_page: the page that reaches the oldest message, as the model fetches it."""

from __future__ import annotations

from bench.cli import figure_main
from bench.figure import Figure, Target
from bench.logbench import LogCase, measure_case, profile_case
from desktop.storage import repository as repo

DEFAULT_RUNS = 21
CASE = LogCase(
    name="log.last_page",
    flt=repo.LogFilter(),
    to_the_end=True,
    target=Target(ratio_at_most=3),
    what=(
        "No filter: log_page(after=cursor of the 101st oldest row, limit=100), the model's"
        " last fetchMore (keyset: it only pages forward; there is no jump to the end)."
    ),
)


def measure(runs: int = DEFAULT_RUNS) -> Figure:
    return measure_case(CASE, runs)


def profile() -> None:
    profile_case(CASE)


if __name__ == "__main__":
    figure_main(measure, default_runs=DEFAULT_RUNS, profile=profile)
