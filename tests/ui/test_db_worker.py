"""DbWorker: work runs off the GUI thread, results come back on it, shutdown is clean."""

from __future__ import annotations

import gc
import sys
import threading

import pytest
import shiboken6
from PySide6.QtCore import QCoreApplication, QEvent, QObject, QTimer
from pytestqt.qtbot import QtBot

from desktop.ui.db_worker import DbWorker


def test_work_runs_off_the_gui_thread_and_the_result_arrives_on_it(
    qtbot: QtBot, worker: DbWorker
) -> None:
    gui = threading.current_thread()
    seen: dict[str, object] = {}
    release = threading.Event()

    def work() -> int:
        seen["work_thread"] = threading.current_thread()
        release.wait(5)  # finish only after submit() returned, as real reads do
        return 42

    def done(result: int) -> None:
        seen["done_thread"] = threading.current_thread()
        seen["result"] = result

    with qtbot.waitSignal(worker.idle, timeout=5000):
        worker.submit(work, done)
        release.set()
    assert seen["work_thread"] is not gui
    assert seen["done_thread"] is gui
    assert seen["result"] == 42


def test_the_callback_never_runs_inside_submit(qtbot: QtBot, worker: DbWorker) -> None:
    calls: list[int] = []
    future = worker.submit(lambda: 1, calls.append)
    future.result(timeout=5)
    # Even when the work is finished before submit() returns, the result only arrives
    # through the event loop, never from inside the caller's stack.
    assert calls == []
    qtbot.waitUntil(lambda: calls == [1], timeout=5000)


def test_errors_go_to_on_error_on_the_gui_thread(qtbot: QtBot, worker: DbWorker) -> None:
    errors: list[tuple[BaseException, threading.Thread]] = []

    def boom() -> None:
        raise LookupError("database is locked")

    worker.submit(
        boom,
        lambda _: pytest.fail("on_done must not run"),
        lambda exc: errors.append((exc, threading.current_thread())),
    )
    qtbot.waitUntil(lambda: len(errors) == 1, timeout=5000)
    exc, thread = errors[0]
    assert isinstance(exc, LookupError) and str(exc) == "database is locked"
    assert thread is threading.current_thread()


def test_results_arrive_in_the_order_work_was_submitted(qtbot: QtBot, worker: DbWorker) -> None:
    order: list[int] = []
    for i in range(50):
        worker.submit(lambda i=i: i, order.append)
    qtbot.waitUntil(lambda: len(order) == 50, timeout=5000)
    assert order == list(range(50))


def test_the_event_loop_keeps_running_while_the_database_is_slow(
    qtbot: QtBot, worker: DbWorker
) -> None:
    release = threading.Event()
    ticks: list[int] = []
    timer = QTimer()
    timer.setInterval(5)
    timer.timeout.connect(lambda: ticks.append(1))
    timer.start()
    results: list[str] = []
    worker.submit(lambda: release.wait(10) and "done", results.append)
    assert worker.busy
    qtbot.waitUntil(lambda: len(ticks) >= 3, timeout=5000)  # the GUI is alive meanwhile
    assert results == []
    release.set()
    qtbot.waitUntil(lambda: results == ["done"], timeout=5000)
    assert not worker.busy
    timer.stop()


def test_results_for_a_deleted_owner_are_dropped(qtbot: QtBot, worker: DbWorker) -> None:
    owner = QObject()
    release = threading.Event()
    calls: list[object] = []
    worker.submit(lambda: release.wait(5), calls.append, owner=owner)
    worker.submit(lambda: "other", calls.append)  # a live caller still gets its result
    shiboken6.delete(owner)
    release.set()
    qtbot.waitUntil(lambda: calls == ["other"], timeout=5000)


def test_shutdown_drops_queued_work_and_delivers_nothing_more(qtbot: QtBot) -> None:
    worker = DbWorker()
    started = threading.Event()
    release = threading.Event()
    delivered: list[object] = []

    def slow() -> str:
        started.set()
        release.wait(5)
        return "slow"

    running = worker.submit(slow, delivered.append)
    queued = worker.submit(lambda: "queued", delivered.append)
    assert started.wait(5)
    worker.shutdown(wait=False)
    release.set()
    assert running.result(timeout=5) == "slow"
    assert queued.cancelled()
    QCoreApplication.processEvents()  # anything queued for the GUI thread would run now
    assert delivered == []
    with pytest.raises(RuntimeError):
        worker.submit(lambda: None)
    worker.shutdown()  # a second call is harmless


def test_shutdown_waits_for_the_running_read(qtbot: QtBot) -> None:
    worker = DbWorker()
    started = threading.Event()
    release = threading.Event()
    finished: list[str] = []

    def slow() -> None:
        started.set()
        release.wait(5)
        finished.append("slow")

    worker.submit(slow)
    assert started.wait(5)
    # Released from another thread while shutdown() blocks the GUI thread.
    threading.Timer(0.05, release.set).start()
    worker.shutdown()
    assert finished == ["slow"]


def test_thousands_of_results_leave_the_interpreter_intact(qtbot: QtBot, worker: DbWorker) -> None:
    """A guard on the Qt binding: PySide6 6.12.0's SignalInstance.emit() returned True
    without a reference of its own, so every emit took one from True; on CPython 3.11 the
    interpreter aborts ("bool_dealloc") once that count reaches zero. These 3,000
    deliveries (two emits each) would take 6,000 references.
    """
    delivered: list[int] = []
    # Let earlier tests' leftovers go first, so only this test's work is measured.
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    gc.collect()
    before = sys.getrefcount(True)
    for i in range(3000):
        worker.submit(lambda i=i: i, delivered.append)
    qtbot.waitUntil(lambda: len(delivered) == 3000, timeout=20_000)
    gc.collect()
    # Some drift is other objects coming and going; the bug would show as 6,000.
    assert sys.getrefcount(True) >= before - 600
