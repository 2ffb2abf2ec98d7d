"""What the GUI-thread stall figures share: a heartbeat, the real window, and a stall sampler.

The heartbeat is a 5 ms QTimer on the GUI thread; a stall is the gap between two of its
ticks minus the interval: how long the window could not react to anything (a click, a
repaint). The window is the app's own (desktop.ui.app.build_window): engine, DbWorker,
MessageLogModel and all; its BokaMera is a sandbox in a child process on 127.0.0.1 (see
bench/sandbox_proc.py), so the server's threads do not compete with the GUI for the GIL.

StallSampler is for finding causes (``--profile``): a thread that, while the heartbeat is
late, samples every thread's Python stack, so each long stall can be pinned on the
function the GUI thread was in (or on the thread that kept it from running); and a
cProfile of the GUI thread over the same measured phase, for where its own time went.
"""

from __future__ import annotations

import cProfile
import gc
import io
import os
import pstats
import sys
import threading
import time
import traceback
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from types import FrameType

from PySide6.QtCore import QEventLoop, QObject, QSettings, Qt, QTimer
from PySide6.QtWidgets import QApplication

from bench.sandbox_proc import Account
from desktop.domain.status import Status
from desktop.storage.database import Database, open_database
from desktop.ui.app import Running, build_window
from desktop.ui.main_thread_gc import MainThreadGarbageCollector
from desktop.ui.main_window import MainWindow

HEARTBEAT_MS = 5
SETTLE_QUIET_S = 1.0  # no engine signal and no read in flight for this long: settled
SETTLE_TIMEOUT_S = 120
PENDING = (Status.QUEUED, Status.SENDING, Status.RETRY_WAIT, Status.UNCONFIRMED)


_collectors: list[MainThreadGarbageCollector] = []


def qt_app() -> QApplication:
    """This process's QApplication, offscreen unless the caller chose a platform, with the
    garbage collection regime run_gui sets up: automatic collection off, a timer that
    collects on the GUI thread (desktop/ui/main_thread_gc.py)."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    app = QApplication.instance() or QApplication([])
    assert isinstance(app, QApplication)
    if not _collectors:
        _collectors.append(MainThreadGarbageCollector(app))
    return app


def isolate_process(folder: Path) -> None:
    """Keep QSettings (window layout) and any keyring use out of the user's own."""
    os.environ["PYTHON_KEYRING_BACKEND"] = "keyring.backends.fail.Keyring"
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(
        QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(folder / "qsettings")
    )


def account_env(account: Account) -> dict[str, str]:
    """The SMSDESK_* variables that point the engine at ``account`` (not the keyring)."""
    return {
        "SMSDESK_API_URL": account.api_url,
        "SMSDESK_TOKEN_URL": account.token_url,
        "SMSDESK_CLIENT_ID": account.client_id,
        "SMSDESK_API_KEY": account.api_key,
        "SMSDESK_USERNAME": account.username,
        "SMSDESK_PASSWORD": account.password,
        "SMSDESK_COMPANY_ID": account.company_id,
    }


def wait_until(done: Callable[[], bool], timeout_s: float, poll_ms: int = 10) -> bool:
    """Run the GUI event loop until ``done()`` or the timeout; True if it was done."""
    if done():
        return True
    loop = QEventLoop()
    deadline = time.perf_counter() + timeout_s
    poll = QTimer()
    poll.setInterval(poll_ms)

    def check() -> None:
        if done() or time.perf_counter() >= deadline:
            loop.quit()

    poll.timeout.connect(check)
    poll.start()
    loop.exec()
    poll.stop()
    return done()


def idle_for(seconds: float) -> None:
    wait_until(lambda: False, seconds)


class Heartbeat(QObject):
    """A QTimer ticking every HEARTBEAT_MS on the GUI thread; it keeps the worst gaps.

    A tick reads only clocks that do not release the GIL, so the heartbeat adds no GIL
    hand-over of its own beyond entering its slot. ``runqueue=True`` (for --profile)
    also reads the kernel's schedstat each tick, which does release it.
    """

    def __init__(self, interval_ms: int = HEARTBEAT_MS, *, runqueue: bool = False) -> None:
        super().__init__()
        self.interval_ms = interval_ms
        self._timer = QTimer(self)
        self._timer.setTimerType(Qt.TimerType.PreciseTimer)
        self._timer.setInterval(interval_ms)
        self._timer.timeout.connect(self._tick)
        self._runqueue = runqueue
        self.last = time.perf_counter()  # read by StallSampler from its thread
        self.beats = 0
        # (seconds since start, stall ms, GUI thread's CPU ms, its ms ready to run but
        # waiting for a core, or -1 when not read) in that gap. The rest of a stall it
        # slept: on the GIL, a lock or the disk.
        self.stalls: list[tuple[float, float, float, float]] = []
        self._cpu = time.thread_time()
        self._queued = self._queued_ns()
        self._started = self.last

    def start(self) -> None:
        self.stalls = []
        self.beats = 0
        self._started = self.last = time.perf_counter()
        self._cpu = time.thread_time()
        self._queued = self._queued_ns()
        self._timer.start()

    def stop(self) -> float:
        """The worst stall since start(), in ms (the final, unfinished gap counts too)."""
        self._tick()
        self._timer.stop()
        return self.worst()

    def worst(self) -> float:
        return max((s[1] for s in self.stalls), default=0.0)

    def over(self, ms: float) -> int:
        return sum(1 for s in self.stalls if s[1] > ms)

    def worst_few(self, count: int = 5) -> str:
        """The longest stalls: when, how long, and how much of it on CPU (waiting for one)."""
        worst = sorted(self.stalls, key=lambda s: -s[1])[:count]
        return ", ".join(
            f"{ms:.0f} ms at {at:.1f} s (GUI cpu {cpu:.0f}"
            + (f", runqueue {queued:.0f})" if queued >= 0 else ")")
            for at, ms, cpu, queued in worst
        )

    def _queued_ns(self) -> int:
        return _schedstat_queued_ns() if self._runqueue else -1

    def _tick(self) -> None:
        now, cpu, queued = time.perf_counter(), time.thread_time(), self._queued_ns()
        stall = (now - self.last) * 1000 - self.interval_ms
        if stall > 1.0:
            waited = (queued - self._queued) / 1e6 if queued >= 0 else -1.0
            self.stalls.append((now - self._started, stall, (cpu - self._cpu) * 1000, waited))
        self.last, self._cpu, self._queued = now, cpu, queued
        self.beats += 1


def _schedstat_queued_ns() -> int:
    """This thread's ns spent ready to run but waiting for a CPU (0 where not Linux)."""
    try:
        with open("/proc/thread-self/schedstat", "rb") as f:
            return int(f.read().split()[1])
    except (OSError, ValueError, IndexError):
        return 0


class GcPauses:
    """Every collection of CPython's cyclic garbage collector over ``over_ms``: how long,
    which generation, on which thread. A collection holds the GIL throughout, so while
    one runs on any thread the GUI thread cannot run Python (a model's data(), a slot);
    with the app's MainThreadGarbageCollector they all run on the GUI thread itself.
    """

    def __init__(self, over_ms: float = 5.0) -> None:
        self.over_ms = over_ms
        self.pauses: list[tuple[float, int, str]] = []  # (ms, generation, thread name)
        self._began = 0.0

    def __enter__(self) -> GcPauses:
        gc.callbacks.append(self._callback)
        return self

    def __exit__(self, *_: object) -> None:
        gc.callbacks.remove(self._callback)

    def _callback(self, phase: str, info: dict[str, int]) -> None:
        if phase == "start":
            self._began = time.perf_counter()
            return
        took = (time.perf_counter() - self._began) * 1000
        if took > self.over_ms:
            name = threading.current_thread().name
            self.pauses.append((took, info.get("generation", -1), name))

    def brief(self) -> str:
        if not self.pauses:
            return f"no GC pause > {self.over_ms:g} ms"
        longest = max(self.pauses)[0]
        return f"{len(self.pauses)} GC pauses > {self.over_ms:g} ms (longest {longest:.0f})"

    def summary(self) -> str:
        if not self.pauses:
            return f"no GC pause over {self.over_ms:g} ms"
        longest = max(self.pauses)
        threads = Counter(name for _ms, _gen, name in self.pauses)
        return (
            f"{len(self.pauses)} GC pauses over {self.over_ms:g} ms, longest"
            f" {longest[0]:.0f} ms (generation {longest[1]}, on {longest[2]});"
            f" by thread {dict(threads)}"
        )


@dataclass
class Desk:
    running: Running
    window: MainWindow
    last_signal: float = field(default_factory=time.perf_counter)
    counts: dict[Status, int] = field(default_factory=dict)

    @property
    def db(self) -> Database:
        return self.running.db

    def settled(self) -> bool:
        model = self.window.log_view.model
        return (
            model.total() is not None
            and not model.is_loading()
            and not self.window._refresh_timer.isActive()
            and time.perf_counter() - self.last_signal > SETTLE_QUIET_S
        )

    def idle(self) -> bool:
        """The engine's last counts show nothing left to send or check."""
        return bool(self.counts) and not any(self.counts.get(s, 0) for s in PENDING)

    def close(self) -> None:
        self.window.mark_quitting()
        self.window.close()
        self.running.shutdown()
        self.window.deleteLater()
        idle_for(0.2)  # let deleteLater and the worker's last callbacks run


@contextmanager
def open_desk(folder: Path, account: Account) -> Iterator[Desk]:
    """The app's window on the outbox in ``folder``, shown and settled."""
    db = open_database(folder / "outbox.sqlite3")
    running, window = build_window(folder, db, env=account_env(account))
    desk = Desk(running, window)

    def signalled(*_: object) -> None:
        desk.last_signal = time.perf_counter()

    def counted(counts: dict[Status, int]) -> None:
        desk.counts = dict(counts)
        signalled()

    bridge = running.bridge
    bridge.countsChanged.connect(counted)
    bridge.messagesChanged.connect(signalled)
    bridge.historyUpdated.connect(signalled)
    try:
        window.show()
        if not wait_until(desk.settled, SETTLE_TIMEOUT_S):
            raise RuntimeError("the window did not settle after opening")
        yield desk
    finally:
        # Qt holds connected slots strongly, out of the collector's sight: left connected,
        # these closures would keep the closed window and its rows alive into the next
        # run, and the next run's collections would have more to walk.
        bridge.countsChanged.disconnect(counted)
        bridge.messagesChanged.disconnect(signalled)
        bridge.historyUpdated.disconnect(signalled)
        desk.close()


# -- finding causes ------------------------------------------------------------------------


def _stack(frame: FrameType | None, depth: int = 14) -> tuple[str, ...]:
    """Innermost first: "file:line function" for the frames that name a place."""
    summary = traceback.extract_stack(frame, limit=depth) if frame is not None else []
    root = str(Path(__file__).resolve().parents[1])
    return tuple(
        f"{f.filename.replace(root + '/', '')}:{f.lineno} {f.name}" for f in reversed(summary)
    )


@dataclass
class _Stall:
    late_ms: float = 0.0
    gui: Counter[tuple[str, ...]] = field(default_factory=Counter)
    others: Counter[tuple[str, tuple[str, ...]]] = field(default_factory=Counter)


class StallSampler(threading.Thread):
    """While the heartbeat is more than ``late_ms`` late, sample every thread's stack."""

    def __init__(self, heartbeat: Heartbeat, late_ms: float = 20, every_ms: float = 2) -> None:
        super().__init__(name="bench-stall-sampler", daemon=True)
        self.heartbeat = heartbeat
        self.late_ms = late_ms
        self.every_s = every_ms / 1000
        self.gui_ident = threading.get_ident()  # made on the GUI thread
        self.stalls: dict[int, _Stall] = {}
        self._done = threading.Event()
        self.gui_profile = cProfile.Profile()

    def start(self) -> None:
        """Call on the GUI thread: its cProfile runs from here to stop()."""
        self.gui_profile.enable()
        super().start()

    def run(self) -> None:
        names = {t.ident: t.name for t in threading.enumerate()}
        while not self._done.wait(self.every_s):
            beat, last = self.heartbeat.beats, self.heartbeat.last
            late = (time.perf_counter() - last) * 1000
            if late < self.late_ms:
                continue
            frames = sys._current_frames()
            stall = self.stalls.setdefault(beat, _Stall())
            stall.late_ms = max(stall.late_ms, late)
            stall.gui[_stack(frames.get(self.gui_ident))] += 1
            for ident, frame in frames.items():
                if ident in (self.gui_ident, threading.get_ident()):
                    continue
                if ident not in names:
                    names = {t.ident: t.name for t in threading.enumerate()}
                inner = _stack(frame, depth=6)
                if inner and not _waiting(inner[0]):
                    stall.others[(names.get(ident, str(ident)), inner)] += 1

    def stop(self) -> None:
        self.gui_profile.disable()
        self._done.set()
        self.join(timeout=5)

    def gui_report(self, lines: int = 25) -> str:
        """The GUI thread's cProfile over the measured phase: by own time, then cumulative."""
        out = io.StringIO()
        stats = pstats.Stats(self.gui_profile, stream=out).strip_dirs()
        stats.sort_stats("tottime").print_stats(lines)
        stats.sort_stats("cumulative").print_stats(lines)
        return out.getvalue()

    def report(self, over_ms: float, shown: int = 8) -> str:
        lines: list[str] = []
        worst = sorted(self.stalls.items(), key=lambda kv: -kv[1].late_ms)
        for beat, stall in [kv for kv in worst if kv[1].late_ms > over_ms][:shown]:
            samples = sum(stall.gui.values())
            lines.append(f"stall after beat {beat}: >= {stall.late_ms:.0f} ms, {samples} samples")
            for stack, n in stall.gui.most_common(3):
                lines.append(f"  GUI thread, {n}/{samples} samples:")
                lines += [f"    {frame}" for frame in stack]
            for (name, stack), n in stall.others.most_common(3):
                lines.append(f"  running on {name}, {n} samples: {' <- '.join(stack[:4])}")
        return "\n".join(lines) or f"no stall over {over_ms:g} ms while sampling"


def _waiting(frame: str) -> bool:
    """A thread parked in a wait holds no GIL: not a suspect (an idle pool thread's
    innermost Python frame is ``_worker``, blocked in its queue's C get())."""
    parked = {"wait", "_wait_for_tstate_lock", "select", "get", "join", "_worker"}
    return frame.split(" ")[-1] in parked
