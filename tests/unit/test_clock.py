"""Clocks: the system clock is aware UTC; the fake clock only moves when told to."""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta, timezone

import pytest

from desktop.domain.clock import Clock, FakeClock, SystemClock


def test_system_clock_is_aware_utc_and_current() -> None:
    before = datetime.now(UTC)
    now = SystemClock().now()
    after = datetime.now(UTC)
    assert now.tzinfo is UTC
    assert before <= now <= after


def test_both_clocks_satisfy_the_protocol() -> None:
    clocks: list[Clock] = [SystemClock(), FakeClock()]
    for clock in clocks:
        assert clock.now().utcoffset() == timedelta(0)


def test_fake_clock_default_start() -> None:
    assert FakeClock().now() == datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


def test_fake_clock_stands_still() -> None:
    clock = FakeClock()
    assert clock.now() == clock.now()


def test_fake_clock_start_is_converted_to_utc() -> None:
    clock = FakeClock(datetime(2026, 3, 2, 10, 0, tzinfo=timezone(timedelta(hours=1))))
    assert clock.now() == datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
    assert clock.now().tzinfo is UTC


def test_fake_clock_refuses_naive_start() -> None:
    with pytest.raises(ValueError):
        FakeClock(datetime(2026, 3, 2, 9, 0))


def test_advance_by_timedelta_or_seconds() -> None:
    clock = FakeClock()
    assert clock.advance(timedelta(minutes=5)) == datetime(2026, 3, 2, 9, 5, tzinfo=UTC)
    assert clock.advance(30) == datetime(2026, 3, 2, 9, 5, 30, tzinfo=UTC)
    assert clock.advance(0.5) == datetime(2026, 3, 2, 9, 5, 30, 500000, tzinfo=UTC)
    assert clock.now() == datetime(2026, 3, 2, 9, 5, 30, 500000, tzinfo=UTC)


def test_advance_backwards_models_a_clock_jump() -> None:
    clock = FakeClock()
    clock.advance(timedelta(hours=-1))
    assert clock.now() == datetime(2026, 3, 2, 8, 0, tzinfo=UTC)


def test_set_converts_to_utc() -> None:
    clock = FakeClock()
    clock.set(datetime(2026, 10, 25, 2, 30, tzinfo=timezone(timedelta(hours=2))))
    assert clock.now() == datetime(2026, 10, 25, 0, 30, tzinfo=UTC)
    assert clock.now().tzinfo is UTC


def test_set_refuses_naive() -> None:
    with pytest.raises(ValueError):
        FakeClock().set(datetime(2026, 3, 2, 9, 0))


def test_advance_is_safe_from_many_threads() -> None:
    clock = FakeClock()
    threads, steps = 8, 2000

    def work() -> None:
        for _ in range(steps):
            clock.advance(timedelta(microseconds=1))

    workers = [threading.Thread(target=work) for _ in range(threads)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    assert clock.now() == datetime(2026, 3, 2, 9, 0, tzinfo=UTC) + timedelta(
        microseconds=threads * steps
    )
