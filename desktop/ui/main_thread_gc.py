"""Garbage collection only on the GUI thread, in short pauses.

Python's cyclic collector runs on whichever thread happens to allocate. When it frees a
Qt object on a worker thread (the DbWorker, a sender), PySide disconnects its signals
there: Qt takes its connection lock and then waits for the GIL, while the GUI thread holds
the GIL and waits for that lock to create a widget. The window froze for good (seen in the
test suite: a QSpinBox constructor against a collection in the database thread). Anki
avoids the same deadlock the same way: automatic collection off, and a timer that collects
on the GUI thread when the counts say it is due.

A collection holds the GIL and, here, the GUI thread, so its length is a freeze of the
window. Three things keep it short:

- The timer looks often (CHECK_MS), so the youngest generation, which holds everything
  allocated since the last look by every thread (an engine draining 10,000 messages
  allocates a lot), is small when it is collected.
- The first collection of the middle generation, soon after start-up, is followed by
  ``gc.freeze()``: what is alive by then (the modules, Qt's wrappers, SQLAlchemy's
  mappings, some 100,000 objects) is the program itself and stays alive, so full
  collections need not walk it (with it, each took some 40 ms). The young generations
  were just collected, so little garbage is frozen with it, and only once.
- A full collection waits, as CPython's own collector does, until the objects that have
  reached the oldest generation grew by a quarter since the last one: a large log loaded
  in the window does not make every full collection walk it again.
"""

from __future__ import annotations

import gc

from PySide6.QtCore import QObject, QTimer

CHECK_MS = 100
# CPython's rule (gcmodule.c): a full collection only once the long-lived objects grew by
# this much; and never a full collection held back below FULL_FLOOR objects.
FULL_GROWTH = 0.25
FULL_FLOOR = 10_000


class MainThreadGarbageCollector(QObject):
    def __init__(
        self,
        parent: QObject | None = None,
        *,
        interval_ms: int = CHECK_MS,
        freeze: bool = True,
    ) -> None:
        super().__init__(parent)
        self.threshold = gc.get_threshold()
        gc.disable()
        self._freeze = freeze
        self.frozen = False
        self._long_lived = 0  # objects in the oldest generation after the last full one
        self.timer = QTimer(self)
        self.timer.setInterval(interval_ms)
        self.timer.timeout.connect(self.check)
        self.timer.start()

    def check(self) -> int:
        """Collect the generations whose counts passed their thresholds; returns objects freed."""
        counts = gc.get_count()
        if counts[0] <= self.threshold[0]:
            return 0
        generation = 0
        if counts[1] > self.threshold[1]:
            generation = 1
            if counts[2] > self.threshold[2] and self._full_due():
                generation = 2
        # One call: collecting generation n collects the younger ones with it.
        freed = gc.collect(generation)
        if generation >= 1 and self._freeze and not self.frozen:
            # Once, not after every collection: an object frozen while alive that later
            # becomes part of a garbage cycle is never collected (a closed dialog, say).
            gc.freeze()
            self.frozen = True
            self._long_lived = 0
        elif generation == 2:
            self._long_lived = len(gc.get_objects(generation=2))
        return freed

    def stop(self) -> None:
        self.timer.stop()
        gc.enable()

    def _full_due(self) -> bool:
        grown = len(gc.get_objects(generation=2))
        return grown > max(self._long_lived, FULL_FLOOR) * (1 + FULL_GROWTH)
