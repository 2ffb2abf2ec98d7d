"""EngineBridge: engine callbacks from other threads arrive as signals on the GUI thread."""

from __future__ import annotations

import threading

from PySide6.QtCore import QCoreApplication, QThread, QTimer
from pytestqt.qtbot import QtBot

from desktop.ui.engine_bridge import EngineBridge

WAIT_MS = 5_000


def _from_another_thread(calls: int, report: object) -> None:
    thread = threading.Thread(target=lambda: [report(i) for i in range(calls)])  # type: ignore[operator]
    thread.start()
    thread.join()


def test_a_burst_of_message_changes_reaches_the_window_as_one_signal(qtbot: QtBot) -> None:
    bridge = EngineBridge()
    received: list[bool] = []
    bridge.messagesChanged.connect(
        lambda: received.append(QThread.currentThread() is bridge.thread())
    )
    queued: list[int] = []
    bridge._changedSoon.connect(lambda: queued.append(1))  # what crosses to the GUI thread
    listener = bridge.listener()
    # 20,000 reports while the GUI thread is busy elsewhere (here: not looking at events).
    _from_another_thread(20_000, listener.message_changed)
    qtbot.waitUntil(lambda: len(received) >= 1, timeout=WAIT_MS)
    # Every report was made before that delivery: nothing more is queued or timed.
    QCoreApplication.sendPostedEvents(bridge)
    timer = bridge.findChild(QTimer)
    assert timer is not None and not timer.isActive()
    assert received == [True]  # one signal, on the GUI thread
    assert len(queued) == 1  # and the engine queued one event for it, not 20,000

    # A change after that delivery is not lost: it sends a signal of its own.
    _from_another_thread(1, listener.message_changed)
    qtbot.waitUntil(lambda: len(received) == 2, timeout=WAIT_MS)


def test_a_change_reported_while_the_window_handles_one_is_delivered_too(qtbot: QtBot) -> None:
    bridge = EngineBridge()
    listener = bridge.listener()
    received: list[int] = []

    def slot() -> None:
        received.append(1)
        if len(received) == 1:
            # The engine reports again while the window is still handling the first.
            _from_another_thread(3, listener.message_changed)

    bridge.messagesChanged.connect(slot)
    _from_another_thread(1, listener.message_changed)
    qtbot.waitUntil(lambda: len(received) == 2, timeout=WAIT_MS)
