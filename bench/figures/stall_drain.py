"""stall.drain_10k: the longest the window freezes while the engine sends 10,000 messages.

Measured: the app's own window (build_window: engine, DbWorker, log and attention views,
status bar) on a fresh outbox, quiet hours off, its BokaMera a sandbox in a child process
on 127.0.0.1. Once the window has settled, 10,000 messages due a minute ago are stored in
one transaction (not measured: the GUI thread waits for it, as for any bulk write), then
the engine is poked and the window told to refresh, as the bulk dialog does. A 5 ms
QTimer heartbeat on the GUI thread runs from the poke until the engine's counts show
nothing left to send and one more second (the last debounced refresh). Per run: the
largest gap between two ticks minus the interval.

Baseline: the same heartbeat in the same process over BASELINE_S of the settled window
just before, with nothing to send: what the machine and the timer alone give.
A fresh sandbox process and outbox for every run.
"""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from bench._window_db import window_settings
from bench._window_stall import (
    GcPauses,
    Heartbeat,
    StallSampler,
    idle_for,
    isolate_process,
    open_desk,
    qt_app,
    wait_until,
)
from bench.cli import figure_main
from bench.figure import Figure, Target, summarise
from bench.figures.drain import messages
from bench.sandbox_proc import SandboxProcess
from bench.timing import MIN_RUNS
from bench.workdir import scratch, workdir
from desktop.domain.status import Status
from desktop.storage import repository as repo
from desktop.storage.database import open_database

DEFAULT_RUNS = 5
MESSAGES = 10_000
BASELINE_S = 3.0
DRAIN_TIMEOUT_S = 600  # drain.10k takes about a minute
TAIL_S = 1.0
TARGET_MS = 50
GC_OVER_MS = 20  # garbage-collector pauses reported beside the stalls


def one_run(folder: Path, *, sample: bool = False) -> tuple[float, float, str, str]:
    """(worst stall while draining, worst while idle), in ms; a line about the run for the
    console and a brief one for the figure's note."""
    with (
        scratch(folder, "stall-drain-") as run,
        SandboxProcess(run / "sandbox.sqlite3") as sandbox,
    ):
        assert sandbox.account is not None
        data = run / "data"
        open_database(data / "outbox.sqlite3").close()
        window_settings(data / "outbox.sqlite3", quiet_hours_off=True)
        with open_desk(data, sandbox.account) as desk:
            heartbeat = Heartbeat(runqueue=sample)
            heartbeat.start()
            idle_for(BASELINE_S)
            idle = heartbeat.stop()

            now = datetime.now(UTC)
            repo.enqueue_many(desk.db, messages(MESSAGES, now - timedelta(minutes=1)), now=now)
            sampler = StallSampler(heartbeat) if sample else None
            with GcPauses(GC_OVER_MS) as pauses:
                heartbeat.start()
                if sampler is not None:
                    sampler.start()
                began = time.perf_counter()
                desk.running.engine.poke()
                desk.window.schedule_refresh()
                drained = wait_until(
                    lambda: desk.counts.get(Status.SENT, 0) >= MESSAGES and desk.idle(),
                    DRAIN_TIMEOUT_S,
                )
                took = time.perf_counter() - began
                idle_for(TAIL_S)
                worst = heartbeat.stop()
            if sampler is not None:
                sampler.stop()
                print(sampler.report(TARGET_MS), sampler.gui_report(), sep="\n", flush=True)
            if not drained:
                raise AssertionError(f"not drained after {DRAIN_TIMEOUT_S} s: {desk.counts}")
            brief = (
                f"{worst:.0f} ms, {heartbeat.over(TARGET_MS)} > {TARGET_MS} ms, {pauses.brief()}"
            )
            line = (
                f"drained in {took:.1f} s; {heartbeat.over(TARGET_MS)} stalls over"
                f" {TARGET_MS} ms, {heartbeat.over(16)} over 16 ms; worst"
                f" {heartbeat.worst_few(3)}; {pauses.summary()}"
            )
    return worst, idle, line, brief


def measure(runs: int = DEFAULT_RUNS) -> Figure:
    qt_app()
    worst: list[float] = []
    idle: list[float] = []
    lines: list[str] = []
    with workdir() as work, scratch(work, "stall-drain-") as folder:
        isolate_process(folder)
        for i in range(max(runs, MIN_RUNS)):
            a, b, line, brief = one_run(folder)
            worst.append(a)
            idle.append(b)
            lines.append(brief)
            print(f"  run {i}: worst stall {a:.1f} ms (idle {b:.1f} ms); {line}", flush=True)
    return summarise(
        "stall.drain_10k",
        "ms",
        worst,
        baseline=idle,
        target=Target(at_most=TARGET_MS),
        note=(
            f"Longest GUI-thread stall (5 ms QTimer heartbeat, gap minus interval) while the"
            f" app's window drains {MESSAGES:,} due messages to a sandbox in its own process;"
            f" median of the per-run maxima. Baseline: the same heartbeat over"
            f" {BASELINE_S:g} s of the settled, idle window, same process. Per run: worst"
            " stall, stalls over the target, CPython GC pauses (any thread):"
            f" {'; '.join(lines)}."
        ),
    )


def profile() -> None:
    """One run, with every stall over the target pinned on the stacks it happened in."""
    qt_app()
    with workdir() as work, scratch(work, "stall-drain-") as folder:
        isolate_process(folder)
        worst, idle, line, _brief = one_run(folder, sample=True)
        print(f"worst stall {worst:.1f} ms (idle {idle:.1f} ms); {line}")


if __name__ == "__main__":
    figure_main(measure, default_runs=DEFAULT_RUNS, profile=profile)
