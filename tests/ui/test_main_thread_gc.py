"""Cycles are collected on the GUI thread only (see desktop/ui/main_thread_gc.py)."""

from __future__ import annotations

import gc
import threading

from pytestqt.qtbot import QtBot

from desktop.ui.main_thread_gc import MainThreadGarbageCollector


class Cycle:
    def __init__(self, freed_on: list[str]) -> None:
        self.me = self
        self.freed_on = freed_on

    def __del__(self) -> None:
        self.freed_on.append(threading.current_thread().name)


def test_automatic_collection_is_off_and_the_timer_collects_on_the_gui_thread(
    qtbot: QtBot,
) -> None:
    collector = MainThreadGarbageCollector(interval_ms=10)
    try:
        assert not gc.isenabled()
        freed_on: list[str] = []

        def make_garbage_in_a_worker() -> None:
            for _ in range(50_000):  # far past gen-0's threshold: would trigger a collection
                Cycle(freed_on)

        worker = threading.Thread(target=make_garbage_in_a_worker, name="worker")
        worker.start()
        worker.join()
        assert freed_on == []  # nothing was collected on the worker
        qtbot.waitUntil(lambda: len(freed_on) > 0, timeout=5000)
        assert set(freed_on) == {threading.main_thread().name}
    finally:
        collector.stop()
        gc.disable()  # the session's collector keeps it off for the other tests
