"""log.search_word: searching the message text of 1,000,000 messages for one word."""

from __future__ import annotations

from bench.cli import figure_main
from bench.figure import Figure, Target
from bench.logbench import LogCase, measure_case, profile_case
from bench.logdb import SEARCH_WORD
from desktop.storage import repository as repo

DEFAULT_RUNS = 9  # each run reads every body (the count): hundreds of milliseconds
CASE = LogCase(
    name="log.search_word",
    flt=repo.LogFilter(text=SEARCH_WORD),
    to_the_end=False,
    target=Target(ratio_at_most=3),
    what=(
        f"Text filter {SEARCH_WORD!r} (case-folded substring, in 1 % of bodies):"
        " log_page(limit=100) + log_count."
    ),
)


def measure(runs: int = DEFAULT_RUNS) -> Figure:
    return measure_case(CASE, runs)


def profile() -> None:
    profile_case(CASE, repeat=3)


if __name__ == "__main__":
    figure_main(measure, default_runs=DEFAULT_RUNS, profile=profile)
