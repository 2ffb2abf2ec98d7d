"""Cycles are collected on the GUI thread only (see desktop/ui/main_thread_gc.py)."""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from pytestqt.qtbot import QtBot

from desktop.ui.main_thread_gc import FULL_FLOOR, FULL_GROWTH, MainThreadGarbageCollector


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


# ---- when it collects what: driven by check() directly, the timer never fires ------------
#
# These change the interpreter's collector (thresholds, frozen objects), so each restores
# it: the session's own collector (tests/ui/conftest.py) keeps running for the other tests.


@pytest.fixture
def gc_state() -> Iterator[None]:
    """Put the collector back as it was: enabled or not, thresholds, frozen objects."""
    enabled, threshold, was_frozen = gc.isenabled(), gc.get_threshold(), gc.get_freeze_count()
    yield
    gc.unfreeze()
    gc.set_threshold(*threshold)
    if was_frozen:
        gc.collect()  # freeze what lived before, not the test's garbage
        gc.freeze()
    if enabled:
        gc.enable()
    else:
        gc.disable()


@contextmanager
def generations_collected() -> Iterator[list[int]]:
    """The generation of each collection that starts inside the block."""
    seen: list[int] = []

    def note(phase: str, info: dict[str, int]) -> None:
        if phase == "start":
            seen.append(info["generation"])

    gc.callbacks.append(note)
    try:
        yield seen
    finally:
        gc.callbacks.remove(note)


def collector(*, freeze: bool = True, full: bool = True) -> MainThreadGarbageCollector:
    """A collector whose thresholds make each check() collect: gen 0 on any allocation,
    gen 1 after any gen-0 collection, gen 2 (if ``full``, and when due) after any gen-1
    collection."""
    gc.set_threshold(1, 0, 0 if full else 1_000_000)
    return MainThreadGarbageCollector(interval_ms=3_600_000, freeze=freeze)


def check(c: MainThreadGarbageCollector) -> list[int]:
    """One look by the collector, just after some allocation; the generations it collected."""
    with generations_collected() as seen:
        allocated = [[] for _ in range(10)]
        c.check()
    del allocated
    return seen


def ready_for_gen_1() -> None:
    """Counts as after a gen-0 collection: the next check() collects generation 1."""
    gc.collect(0)


def settle_into_oldest() -> None:
    """Move what is alive into the oldest generation; the next check() may collect it."""
    gc.collect(1)
    gc.collect(0)


def oldest() -> int:
    return len(gc.get_objects(generation=2))


def test_it_turns_automatic_collection_off_while_alive_and_back_on_when_stopped(
    qtbot: QtBot, gc_state: None
) -> None:
    gc.enable()
    threshold = gc.get_threshold()
    c = MainThreadGarbageCollector(interval_ms=3_600_000)
    assert not gc.isenabled()
    assert c.threshold == threshold == gc.get_threshold()
    assert c.timer.isActive()
    c.stop()
    assert gc.isenabled()
    assert not c.timer.isActive()


def test_nothing_is_collected_until_the_youngest_generation_passes_its_threshold(
    qtbot: QtBot, gc_state: None
) -> None:
    gc.set_threshold(1_000_000, 0, 0)
    c = MainThreadGarbageCollector(interval_ms=3_600_000)
    try:
        gc.collect()
        with generations_collected() as seen:
            assert c.check() == 0
        assert seen == []
    finally:
        c.stop()


def test_start_up_objects_are_frozen_once_after_the_first_gen_1_collection(
    qtbot: QtBot, gc_state: None
) -> None:
    gc.unfreeze()
    c = collector(full=False)
    try:
        gc.collect(1)
        assert check(c) == [0]  # the youngest alone: nothing frozen yet
        assert not c.frozen and gc.get_freeze_count() == 0

        assert check(c) == [1]
        assert c.frozen and gc.get_freeze_count() > 0

        # Never again: an object frozen while alive that later turns into garbage would
        # never be collected.
        gc.unfreeze()
        for _ in range(3):
            ready_for_gen_1()
            assert check(c) == [1]
        assert gc.get_freeze_count() == 0
    finally:
        c.stop()


def test_nothing_is_frozen_when_freezing_is_off(qtbot: QtBot, gc_state: None) -> None:
    gc.unfreeze()
    c = collector(freeze=False)
    try:
        seen: list[int] = []
        for _ in range(4):
            settle_into_oldest()
            seen += check(c)
        assert 1 in seen or 2 in seen
        assert not c.frozen and gc.get_freeze_count() == 0
    finally:
        c.stop()


def test_a_full_collection_waits_for_the_floor_then_for_a_quarter_more(
    qtbot: QtBot, gc_state: None
) -> None:
    gc.collect()
    gc.freeze()  # the oldest generation starts empty: only what this test keeps counts
    c = collector(freeze=False)
    keep: list[list[object]] = []
    try:
        floor = FULL_FLOOR * (1 + FULL_GROWTH)
        # Below the floor: however much it grew since the last full collection (none), wait.
        keep += [[] for _ in range(int(floor * 0.9))]
        settle_into_oldest()
        assert oldest() < floor
        assert check(c) == [1]

        keep += [[] for _ in range(int(floor * 0.2))]
        settle_into_oldest()
        assert oldest() > floor
        assert check(c) == [2]
        after_full = oldest()

        # Now a quarter more than what the last full collection left.
        keep += [[] for _ in range(int(after_full * 0.15))]
        settle_into_oldest()
        assert oldest() < after_full * (1 + FULL_GROWTH)
        assert check(c) == [1]

        keep += [[] for _ in range(int(after_full * 0.15))]
        settle_into_oldest()
        assert oldest() > after_full * (1 + FULL_GROWTH)
        assert check(c) == [2]
    finally:
        c.stop()
