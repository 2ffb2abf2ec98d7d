"""stall.scroll_1m: the longest the window freezes while scrolling the log of 1,000,000.

Measured: the app's own window (build_window) on a copy of the shared 1,000,000-message
outbox (bench/logdb.py; a copy, since the engine expires its overdue queued messages),
quiet hours off, BokaMera a sandbox in a child process on 127.0.0.1. Once the window has
settled, a driver on the GUI thread takes STEPS steps, one every STEP_MS, as a user
dragging and paging would: even steps set the log table's vertical scroll bar to its
maximum (the end of what is loaded: QAbstractItemView then asks the model to fetchMore,
and MessageLogModel reads the next page on its DbWorker), odd steps press PageDown in
the table. Then it waits for the last page and one more second. A 5 ms QTimer heartbeat
on the GUI thread runs from the first step to the end. Per run: the largest gap between
two ticks minus the interval.

Baseline: the same heartbeat in the same process over BASELINE_S of the settled window
just before, nothing scrolled. Each run opens a fresh window on the same copy.
"""

from __future__ import annotations

import time
from pathlib import Path

from PySide6.QtCore import QEvent, QEventLoop, Qt, QTimer
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication

from bench._window_db import copy_outbox, window_settings
from bench._window_stall import (
    Desk,
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
from bench.figures.stall_drain import GC_OVER_MS, TARGET_MS
from bench.logdb import COUNT, million_message_outbox
from bench.sandbox_proc import Account, SandboxProcess
from bench.timing import MIN_RUNS
from bench.workdir import scratch, workdir

DEFAULT_RUNS = 5
STEPS = 400  # half of them reach the end of what is loaded: up to 200 pages of 100
STEP_MS = 16  # a step a frame, as fast as a held key or a dragged scroll bar
BASELINE_S = 3.0
STEPS_TIMEOUT_S = 120
TAIL_S = 1.0


def _press(widget: object, key: Qt.Key) -> None:
    for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
        QApplication.sendEvent(widget, QKeyEvent(kind, key, Qt.KeyboardModifier.NoModifier))


def scroll(desk: Desk, steps: int = STEPS) -> None:
    """Drive the log table for ``steps`` steps on the GUI thread's event loop."""
    table = desk.window.log_view.table
    bar = table.verticalScrollBar()
    done = {"steps": 0}
    loop = QEventLoop()
    timer = QTimer()
    timer.setTimerType(Qt.TimerType.PreciseTimer)
    timer.setInterval(STEP_MS)
    deadline = time.perf_counter() + STEPS_TIMEOUT_S

    def step() -> None:
        i = done["steps"]
        if i >= steps or time.perf_counter() > deadline:
            timer.stop()
            loop.quit()
            return
        done["steps"] = i + 1
        if i % 2 == 0:
            bar.setValue(bar.maximum())
        else:
            _press(table, Qt.Key.Key_PageDown)

    timer.timeout.connect(step)
    table.setFocus()
    timer.start()
    loop.exec()
    if done["steps"] < steps:
        raise AssertionError(f"only {done['steps']} of {steps} steps in {STEPS_TIMEOUT_S} s")


def one_run(data: Path, account: Account, *, sample: bool = False) -> tuple[float, float, str, str]:
    """(worst stall while scrolling, worst while idle), in ms; a line about the run for the
    console and a brief one for the figure's note."""
    with open_desk(data, account) as desk:
        model = desk.window.log_view.model
        heartbeat = Heartbeat(runqueue=sample)
        heartbeat.start()
        idle_for(BASELINE_S)
        idle = heartbeat.stop()

        sampler = StallSampler(heartbeat) if sample else None
        with GcPauses(GC_OVER_MS) as pauses:
            heartbeat.start()
            if sampler is not None:
                sampler.start()
            began = time.perf_counter()
            scroll(desk)
            wait_until(lambda: not model.is_loading(), STEPS_TIMEOUT_S)
            took = time.perf_counter() - began
            idle_for(TAIL_S)
            worst = heartbeat.stop()
        if sampler is not None:
            sampler.stop()
            print(sampler.report(TARGET_MS), sampler.gui_report(), sep="\n", flush=True)
        brief = f"{worst:.0f} ms, {heartbeat.over(TARGET_MS)} > {TARGET_MS} ms, {pauses.brief()}"
        line = (
            f"{STEPS} steps in {took:.1f} s, {model.rowCount():,} rows loaded;"
            f" {heartbeat.over(TARGET_MS)} stalls over {TARGET_MS} ms,"
            f" {heartbeat.over(16)} over 16 ms; worst {heartbeat.worst_few(3)};"
            f" {pauses.summary()}"
        )
    return worst, idle, line, brief


def _prepared(work: Path, run: Path, account: Account) -> Path:
    """The copy of the shared outbox, opened once so the engine's first tick (expiring
    the overdue queued messages) is behind it before anything is measured."""
    data = run / "data"
    copy_outbox(million_message_outbox(work), data)
    window_settings(data / "outbox.sqlite3", quiet_hours_off=True)
    with open_desk(data, account):
        pass
    return data


def measure(runs: int = DEFAULT_RUNS) -> Figure:
    qt_app()
    worst: list[float] = []
    idle: list[float] = []
    lines: list[str] = []
    with (
        workdir() as work,
        scratch(work, "stall-scroll-") as run,
        SandboxProcess(run / "sandbox.sqlite3") as sandbox,
    ):
        assert sandbox.account is not None
        isolate_process(run)
        data = _prepared(work, run, sandbox.account)
        for i in range(max(runs, MIN_RUNS)):
            a, b, line, brief = one_run(data, sandbox.account)
            worst.append(a)
            idle.append(b)
            lines.append(brief)
            print(f"  run {i}: worst stall {a:.1f} ms (idle {b:.1f} ms); {line}", flush=True)
    return summarise(
        "stall.scroll_1m",
        "ms",
        worst,
        baseline=idle,
        target=Target(at_most=TARGET_MS),
        note=(
            f"Longest GUI-thread stall (5 ms QTimer heartbeat, gap minus interval) while"
            f" scrolling the app's log of {COUNT:,} messages: {STEPS} steps, one every"
            f" {STEP_MS} ms, alternating scroll bar to the end of what is loaded (fetchMore)"
            f" and PageDown; median of the per-run maxima. Baseline: the same heartbeat over"
            f" {BASELINE_S:g} s of the settled, idle window, same process. Per run: worst"
            " stall, stalls over the target, CPython GC pauses (any thread):"
            f" {'; '.join(lines)}."
        ),
    )


def profile() -> None:
    """One run, with every stall over the target pinned on the stacks it happened in."""
    qt_app()
    with (
        workdir() as work,
        scratch(work, "stall-scroll-") as run,
        SandboxProcess(run / "sandbox.sqlite3") as sandbox,
    ):
        assert sandbox.account is not None
        isolate_process(run)
        data = _prepared(work, run, sandbox.account)
        worst, idle, line, _brief = one_run(data, sandbox.account, sample=True)
        print(f"worst stall {worst:.1f} ms (idle {idle:.1f} ms); {line}")


if __name__ == "__main__":
    figure_main(measure, default_runs=DEFAULT_RUNS, profile=profile)
