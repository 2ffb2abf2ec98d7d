"""log.filter_number: typing one customer's number into the log's search box."""

from __future__ import annotations

from bench.cli import figure_main
from bench.figure import Figure, Target
from bench.logbench import LogCase, measure_case, profile_case
from bench.logdb import FILTER_NUMBER
from desktop.domain.receivers import normalise_receiver
from desktop.storage import repository as repo

DEFAULT_RUNS = 21
CASE = LogCase(
    name="log.filter_number",
    # What LogView hands the model for a whole number: the E.164 form (_receiver_search).
    flt=repo.LogFilter(receiver=normalise_receiver(FILTER_NUMBER, "SE").e164),
    to_the_end=False,
    target=Target(ratio_at_most=3),
    what=(
        f"Receiver filter for {FILTER_NUMBER!r} (E.164 prefix range; ~50 matches):"
        " log_page(limit=100) + log_count."
    ),
)


def measure(runs: int = DEFAULT_RUNS) -> Figure:
    return measure_case(CASE, runs)


def profile() -> None:
    profile_case(CASE)


if __name__ == "__main__":
    figure_main(measure, default_runs=DEFAULT_RUNS, profile=profile)
