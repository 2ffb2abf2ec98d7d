"""Garbage collection only on the GUI thread.

Python's cyclic collector runs on whichever thread happens to allocate. When it frees a
Qt object on a worker thread (the DbWorker, a sender), PySide disconnects its signals
there: Qt takes its connection lock and then waits for the GIL, while the GUI thread holds
the GIL and waits for that lock to create a widget. The window froze for good (seen in the
test suite: a QSpinBox constructor against a collection in the database thread). Anki
avoids the same deadlock the same way: automatic collection off, and a timer that collects
on the GUI thread when the counts say it is due.
"""

from __future__ import annotations

import gc

from PySide6.QtCore import QObject, QTimer

CHECK_MS = 1000


class MainThreadGarbageCollector(QObject):
    def __init__(self, parent: QObject | None = None, *, interval_ms: int = CHECK_MS) -> None:
        super().__init__(parent)
        self.threshold = gc.get_threshold()
        gc.disable()
        self.timer = QTimer(self)
        self.timer.setInterval(interval_ms)
        self.timer.timeout.connect(self.check)
        self.timer.start()

    def check(self) -> int:
        """Collect the generations whose counts passed their thresholds; returns objects freed."""
        counts = gc.get_count()
        freed = 0
        if counts[0] > self.threshold[0]:
            freed += gc.collect(0)
            if counts[1] > self.threshold[1]:
                freed += gc.collect(1)
                if counts[2] > self.threshold[2]:
                    freed += gc.collect(2)
        return freed

    def stop(self) -> None:
        self.timer.stop()
        gc.enable()
