"""Installed as ``sitecustomize`` (through PYTHONPATH) in the programs the start-up figure runs.

Python imports it before the program's own code. When $SMSDESK_BENCH_PAINT_OUT names a
file, it wraps QApplication.__init__ (to note the moment) and QMainWindow.show, which gives
the window being shown an event filter that waits for its first Paint event. A zero timer
then notes the moment the event loop is back, i.e. the frame that paint began is done, on
the same CLOCK_MONOTONIC the parent read just before spawning the process. After IDLE_MS more of
the program's own event loop, it reads the process's VmRSS and VmHWM, writes one JSON
object to the file and ends the process at once (os._exit): nothing about quitting is
measured, and the program's own code is not changed. The filter is removed after the
first paint so the idle period runs without it.

The app and the bare program get this same file, so both are measured the same way.

The filter sits on the main window alone, not on the application: an application-wide
Python filter is called for every event of every widget before the first paint, and
PySide6 makes a Python wrapper (and Python enums) for each object and event it hands over.
That cost the app, with a child widget in its window, about 30 ms more than the bare
program (measured: the bare window with one empty child QWidget went from 5 to 35 ms
between QApplication and first paint): the instrument's cost, not the program's.
"""

from __future__ import annotations

import json
import os
import time
from pathlib import Path
from typing import Any

OUT_ENV = "SMSDESK_BENCH_PAINT_OUT"
IDLE_ENV = "SMSDESK_BENCH_IDLE_MS"
PROFILE_ENV = "SMSDESK_BENCH_PROFILE_OUT"  # cProfile the main thread up to the first paint
GIVE_UP_MS = 120_000  # no main window painted by then: say so and end


def _status_kb(field: str) -> int | None:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1])
    return None


def _finish(out: Path, result: dict[str, Any]) -> None:
    result["rss_kb"] = _status_kb("VmRSS")
    result["hwm_kb"] = _status_kb("VmHWM")
    out.write_text(json.dumps(result))
    os._exit(0 if "painted" in result else 3)


def _install(out: Path, idle_ms: int, profile_out: str | None) -> None:
    result: dict[str, Any] = {"python_ready": time.monotonic()}  # before Qt is imported
    profiler = None
    if profile_out:
        import cProfile

        profiler = cProfile.Profile()
        profiler.enable()
    from PySide6.QtCore import QEvent, QObject, QTimer
    from PySide6.QtWidgets import QApplication, QMainWindow

    class FirstPaint(QObject):
        window: QMainWindow | None = None

        def eventFilter(self, watched: QObject, event: QEvent) -> bool:
            if (
                event.type() == QEvent.Type.Paint
                and "paint_event" not in result
                and isinstance(watched, QMainWindow)
                and watched.isWindow()
            ):
                result["paint_event"] = time.monotonic()
                result["window"] = type(watched).__name__
                QTimer.singleShot(0, self.painted)
            return False

        def painted(self) -> None:
            result["painted"] = time.monotonic()
            if profiler is not None:
                profiler.disable()
                profiler.dump_stats(profile_out)
            if self.window is not None:
                self.window.removeEventFilter(self)
            QTimer.singleShot(idle_ms, lambda: _finish(out, result))

    first_paint = FirstPaint()
    original_init = QApplication.__init__

    def init(self: QApplication, *args: Any, **kwargs: Any) -> None:
        original_init(self, *args, **kwargs)
        result["app_created"] = time.monotonic()
        QTimer.singleShot(GIVE_UP_MS, lambda: _finish(out, result))

    original_show = QMainWindow.show

    def show(self: QMainWindow) -> None:
        if first_paint.window is None:
            first_paint.window = self
            self.installEventFilter(first_paint)
        original_show(self)

    QApplication.__init__ = init  # type: ignore[method-assign]
    QMainWindow.show = show  # type: ignore[method-assign]


_out = os.environ.get(OUT_ENV)
if _out:
    _install(Path(_out), int(os.environ.get(IDLE_ENV, "5000")), os.environ.get(PROFILE_ENV))
