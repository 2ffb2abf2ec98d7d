"""lateness.p50 / .p99 / .max: how late messages reach BokaMera after their due time.

Online, no faults, the real scheduler and the real clock: Engine.start() (APScheduler,
its wake job re-armed at the next due time, the 30 s safety tick, the history pull) with
quiet hours off so the figure does not depend on the hour. 1,000 messages are queued
(then poke(), as the window does after queueing) due evenly over 60 s from a few seconds
ahead. Lateness is the sandbox's received time (its created time, same machine clock)
minus the message's due time. One run is one minute and some; each run gives a p50, a
p99 and a max, and each figure is the median of those over the runs. The p99 target must
hold in every run (Target.every_run): one bad minute in five is a missed promise, which
a median over runs would hide. No baseline: the ideal is zero.
"""

from __future__ import annotations

import logging
import statistics
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from bench.cli import figure_main
from bench.figure import Figure, Target, summarise
from bench.sandbox_proc import SandboxProcess
from bench.timing import MIN_RUNS
from bench.workdir import scratch, workdir
from desktop.domain.status import Status
from desktop.storage import repository as repo
from desktop.storage.database import open_database
from desktop.storage.utc_time import to_micros
from desktop.sync.engine import Engine, EngineConfig

DEFAULT_RUNS = 5
MESSAGES = 1_000
SPREAD = timedelta(seconds=60)
LEAD = timedelta(seconds=3)  # time to queue them all before the first is due
# After the last due time, wait at most this long for stragglers: past the 30 s safety
# tick, so a message the wake job missed still shows up (as very late, not as lost).
GRACE = timedelta(seconds=45)
POLL_S = 0.25
LATE_S = 1.0  # the target: a message more than this late counts in the note


class _Skips(logging.Handler):
    """Counts APScheduler's "skipped: maximum number of running instances" warnings: a
    wake that came while a tick still ran, and was dropped rather than run after it."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.count = 0

    def emit(self, record: logging.LogRecord) -> None:
        if "maximum number of running instances" in record.getMessage():
            self.count += 1


def percentile(values: list[float], fraction: float) -> float:
    """Nearest-rank percentile: the value at least ``fraction`` of the samples reach."""
    ordered = sorted(values)
    rank = max(1, -(-int(fraction * 1000) * len(ordered) // 1000))  # ceil, in integers
    return ordered[rank - 1]


def one_run(folder: Path, count: int = MESSAGES) -> tuple[list[float], int]:
    """Lateness in ms of each message (one not received counts as late as the wait), and
    how many wake-ups APScheduler skipped."""
    skips = _Skips()
    logging.getLogger("apscheduler").addHandler(skips)
    try:
        return _run(folder, count), skips.count
    finally:
        logging.getLogger("apscheduler").removeHandler(skips)


def _run(folder: Path, count: int) -> list[float]:
    with scratch(folder, "late-") as run, SandboxProcess(run / "sandbox.sqlite3") as sandbox:
        assert sandbox.account is not None
        db = open_database(run / "outbox.sqlite3")
        client = sandbox.account.client()
        engine = Engine(db, client, data_dir=run, config=EngineConfig(quiet_hours=None))
        try:
            engine.start()
            now = datetime.now(UTC)
            first = now + LEAD
            step = SPREAD / count
            news = [
                repo.NewMessage(
                    receiver=f"+4670{1_000_000 + i:07d}",
                    body=f"Påminnelse {i}: välkommen!",
                    due_at=first + step * i,
                    no_later_than=first + step * i + timedelta(hours=2),
                    created_by="bench",
                )
                for i in range(count)
            ]
            rows = repo.enqueue_many(db, news, now=now)
            engine.poke()
            deadline = time.monotonic() + (LEAD + SPREAD + GRACE).total_seconds()
            while time.monotonic() < deadline:
                if repo.counts_by_status(db)[Status.SENT] >= count:
                    break
                time.sleep(POLL_S)
        finally:
            engine.stop()
            client.close()
            db.close()
        waited_until = to_micros(datetime.now(UTC))
        received = sandbox.received()
    late: list[float] = []
    for row in rows:
        due_us = to_micros(row.due_at)
        got = received.get(row.receiver)
        late.append(((got[0] if got else waited_until) - due_us) / 1000)
    missing = count - sum(1 for row in rows if row.receiver in received)
    if missing:
        print(f"  {missing} messages not received within {GRACE.total_seconds():.0f} s")
    return late


def measure(runs: int = DEFAULT_RUNS) -> list[Figure]:
    p50s: list[float] = []
    p99s: list[float] = []
    maxes: list[float] = []
    pooled: list[float] = []
    very_late: list[int] = []
    skipped: list[int] = []
    with workdir() as folder:
        for i in range(max(runs, MIN_RUNS)):
            late, skips = one_run(folder)
            pooled += late
            p50s.append(percentile(late, 0.50))
            p99s.append(percentile(late, 0.99))
            maxes.append(max(late))
            very_late.append(sum(1 for x in late if x > LATE_S * 1000))
            skipped.append(skips)
            print(
                f"  run {i}: p50 {p50s[-1]:.1f} ms, p99 {p99s[-1]:.1f} ms, max {maxes[-1]:.1f} ms,"
                f" mean {statistics.fmean(late):.1f} ms, {very_late[-1]} over {LATE_S:g} s,"
                f" {sum(1 for x in late if x < 0)} early, {skips} wake-ups skipped",
                flush=True,
            )
    what = (
        f"{MESSAGES:,} messages due evenly over {SPREAD.total_seconds():.0f} s, Engine.start()"
        " with the real clock; lateness = sandbox received time - due time. All runs pooled:"
        f" p50 {percentile(pooled, 0.5):.1f} ms, p99 {percentile(pooled, 0.99):.1f} ms;"
        f" messages over {LATE_S:g} s late, per run: {very_late}; APScheduler wake-ups"
        f" skipped (a tick still running), per run: {skipped}."
    )
    see = "As lateness.p99: the same runs."
    return [
        summarise("lateness.p50", "ms", p50s, note=see),
        summarise(
            "lateness.p99",
            "ms",
            p99s,
            target=Target(at_most=LATE_S * 1000, every_run=True),
            note=what,
        ),
        summarise("lateness.max", "ms", maxes, note=see),
    ]


def profile() -> None:
    with workdir() as folder:
        one_run(folder, count=200)


if __name__ == "__main__":
    figure_main(measure, default_runs=DEFAULT_RUNS, profile=profile)
