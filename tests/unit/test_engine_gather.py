"""How the engine's dispatch loop collects finished sends into one round (engine._gather).

A round records outcomes and claims the next sends in one commit; it waits for a group of
sends to finish, but never long after the first, so an outcome is not held back by slow
ones. Real futures and threads; nothing is sent.
"""

from __future__ import annotations

import threading
import time
from concurrent.futures import Future
from queue import SimpleQueue

from desktop.api.models import MessageLogRecord
from desktop.sync import engine

Finishing = SimpleQueue[Future[MessageLogRecord]]


def pending(count: int, finishing: Finishing) -> list[Future[MessageLogRecord]]:
    futures: list[Future[MessageLogRecord]] = [Future() for _ in range(count)]
    for future in futures:
        future.add_done_callback(finishing.put)
    return futures


def finish(future: Future[MessageLogRecord]) -> None:
    future.set_exception(RuntimeError("not sent: a test"))


def test_waits_for_the_group_when_the_sends_finish_in_time() -> None:
    finishing: Finishing = SimpleQueue()
    futures = pending(4, finishing)
    finish(futures[0])
    later = threading.Timer(0.01, lambda: [finish(f) for f in futures[1:3]])
    later.start()
    done = engine._gather(finishing, want=3)
    later.join()
    assert done == futures[:3]


def test_stops_waiting_soon_after_the_first_one() -> None:
    finishing: Finishing = SimpleQueue()
    futures = pending(3, finishing)
    finish(futures[1])
    began = time.monotonic()
    assert engine._gather(finishing, want=3) == [futures[1]]
    waited = time.monotonic() - began
    assert engine.GATHER_FOR.total_seconds() <= waited < 1.0


def test_takes_every_send_that_has_already_finished() -> None:
    finishing: Finishing = SimpleQueue()
    futures = pending(5, finishing)
    for future in futures:
        finish(future)
    assert engine._gather(finishing, want=2) == futures
    assert finishing.empty()
