"""The engine's callbacks as Qt signals, delivered on the GUI thread.

The engine calls its listener from scheduler and sender threads. Emitting a signal of a
QObject that lives on the GUI thread from there is safe: Qt queues the call to every slot
of an object on the GUI thread (AutoConnection), so widgets are only ever touched there.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal

from desktop.domain.status import Status
from desktop.sync.events import Connection, EngineListener


class EngineBridge(QObject):
    countsChanged = Signal(dict)  # {Status: int}
    messageChanged = Signal(int)
    connectionChanged = Signal(str, str)  # Connection value, reason
    errorRaised = Signal(str)
    historyUpdated = Signal(int)

    def listener(self) -> EngineListener:
        return EngineListener(
            counts_changed=self._counts,
            message_changed=self.messageChanged.emit,
            connection_changed=self._connection,
            error=self.errorRaised.emit,
            history_updated=self.historyUpdated.emit,
        )

    def _counts(self, counts: dict[Status, int]) -> None:
        self.countsChanged.emit(dict(counts))

    def _connection(self, state: Connection, reason: str) -> None:
        self.connectionChanged.emit(state.value, reason)
