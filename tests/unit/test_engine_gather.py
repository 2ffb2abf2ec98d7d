"""How the engine's dispatch loop collects finished sends into one round (engine._Finishing).

A round records outcomes and claims the next sends in one commit; it waits for a group of
sends to finish, but never long after the first, so an outcome is not held back by slow
ones. Real futures and threads; nothing is sent.
"""

from __future__ import annotations

import threading
import time
from concurrent.futures import Future

from desktop.api.models import MessageLogRecord
from desktop.sync import engine


def pending(count: int, finishing: engine._Finishing) -> list[Future[MessageLogRecord]]:
    futures: list[Future[MessageLogRecord]] = [Future() for _ in range(count)]
    for future in futures:
        future.add_done_callback(finishing.put)
    return futures


def finish(future: Future[MessageLogRecord]) -> None:
    future.set_exception(RuntimeError("not sent: a test"))


def test_waits_for_the_group_when_the_sends_finish_in_time() -> None:
    finishing = engine._Finishing()
    futures = pending(4, finishing)
    finish(futures[0])
    later = threading.Timer(0.01, lambda: [finish(f) for f in futures[1:3]])
    later.start()
    done = finishing.take(want=3)
    later.join()
    assert done == futures[:3]


def test_waits_for_the_first_however_long_it_takes() -> None:
    finishing = engine._Finishing()
    futures = pending(2, finishing)
    later = threading.Timer(2 * engine.GATHER_FOR.total_seconds(), finish, [futures[1]])
    later.start()
    assert finishing.take(want=1) == [futures[1]]
    later.join()


def test_stops_waiting_soon_after_the_first_one() -> None:
    finishing = engine._Finishing()
    futures = pending(3, finishing)
    finish(futures[1])
    began = time.monotonic()
    assert finishing.take(want=3) == [futures[1]]
    waited = time.monotonic() - began
    assert engine.GATHER_FOR.total_seconds() * 0.9 <= waited < 1.0


def test_takes_every_send_that_has_already_finished_and_starts_afresh() -> None:
    finishing = engine._Finishing()
    futures = pending(6, finishing)
    for future in futures[:5]:
        finish(future)
    assert finishing.take(want=2) == futures[:5]
    # The next group starts empty: it waits for the one still out.
    threading.Timer(0.01, finish, [futures[5]]).start()
    assert finishing.take(want=1) == [futures[5]]
