"""The engine's callbacks as Qt signals, delivered on the GUI thread.

The engine calls its listener from scheduler and sender threads. Emitting a signal of a
QObject that lives on the GUI thread from there is safe: Qt queues the call to every slot
of an object on the GUI thread (AutoConnection), so widgets are only ever touched there.

Per-message changes are coalesced. The engine reports every message twice (claimed, then
done): 20,000 reports in a 10,000-message drain. Queued one by one, each became an event
the GUI thread handled by taking the GIL from the busy engine threads, a few milliseconds
each, and a backlog of them froze the window for hundreds of milliseconds. Now at most
one report is on its way at a time, and it is delivered as ``messagesChanged`` after
DELIVER_AFTER_MS, taking in every report made meanwhile: at most a few a second while the
engine drains. The window re-reads what it shows anyway, after a longer debounce.
"""

from __future__ import annotations

import threading

from PySide6.QtCore import QObject, QTimer, Signal

from desktop.domain.status import Status
from desktop.sync.events import Connection, EngineListener

# Shorter than the window's refresh debounce (main_window.REFRESH_DEBOUNCE_MS), so the
# first change of a burst still shows as soon as it did before.
DELIVER_AFTER_MS = 100


class EngineBridge(QObject):
    countsChanged = Signal(dict)  # {Status: int}
    messagesChanged = Signal()  # one or more messages changed since the last one
    connectionChanged = Signal(str, str)  # Connection value, reason
    errorRaised = Signal(str)
    historyUpdated = Signal(int)
    _changedSoon = Signal()  # queued to this object's (the GUI) thread

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._lock = threading.Lock()
        self._change_pending = False
        self._deliver_timer = QTimer(self)
        self._deliver_timer.setSingleShot(True)
        self._deliver_timer.setInterval(DELIVER_AFTER_MS)
        self._deliver_timer.timeout.connect(self._deliver_change)
        self._changedSoon.connect(self._deliver_timer.start)

    def listener(self) -> EngineListener:
        return EngineListener(
            counts_changed=self._counts,
            message_changed=self._message_changed,
            connection_changed=self._connection,
            error=self.errorRaised.emit,
            history_updated=self.historyUpdated.emit,
        )

    def _counts(self, counts: dict[Status, int]) -> None:
        self.countsChanged.emit(dict(counts))

    def _connection(self, state: Connection, reason: str) -> None:
        self.connectionChanged.emit(state.value, reason)

    def _message_changed(self, _message_id: int) -> None:
        """Any thread: note the change; only the first since the last delivery is sent."""
        with self._lock:
            if self._change_pending:
                return
            self._change_pending = True
        self._changedSoon.emit()

    def _deliver_change(self) -> None:
        # Cleared before emitting: a change reported while the slots run sends another.
        # Until now every report was folded into this one: the engine queued nothing.
        with self._lock:
            self._change_pending = False
        self.messagesChanged.emit()
