"""Taking samples: measured and baseline runs interleaved, so drift hits both alike."""

from __future__ import annotations

import time
from collections.abc import Callable

MIN_RUNS = 5  # the issue asks for the median of at least five runs

# One run of one side; it does its own untimed set-up and returns what it measured.
Run = Callable[[], float]


def paired(runs: int, measured: Run, baseline: Run, *, warmup: int = 1) -> tuple[list[float], ...]:
    """``runs`` samples of each side, alternating which goes first (A B, B A, ...).

    The first ``warmup`` pairs are thrown away: they pay for imports, the page cache and
    prepared statements, which a user pays once per session, not per action.
    """
    runs = max(runs, MIN_RUNS)
    ours: list[float] = []
    theirs: list[float] = []
    for i in range(warmup + runs):
        first, second = (measured, baseline) if i % 2 == 0 else (baseline, measured)
        a = first()
        b = second()
        if i < warmup:
            continue
        mine, base = (a, b) if i % 2 == 0 else (b, a)
        ours.append(mine)
        theirs.append(base)
    return ours, theirs


def ms_since(started: float) -> float:
    return (time.perf_counter() - started) * 1000
