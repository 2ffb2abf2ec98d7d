"""Several threads, and several Database objects (as several processes would), on one file.

Real threads released together by a barrier, a real file, no sleeps: what is checked is
that BEGIN IMMEDIATE makes each check-then-update atomic, not how the scheduler happened
to interleave.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from desktop.domain.status import Status
from desktop.storage import repository as repo
from desktop.storage.database import Database, open_database
from desktop.storage.repository import NewMessage

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


@pytest.fixture
def path(tmp_path: Path) -> Path:
    return tmp_path / "outbox.sqlite3"


@pytest.fixture
def dbs(path: Path) -> Iterator[tuple[Database, Database]]:
    first, second = open_database(path), open_database(path)
    yield first, second
    first.close()
    second.close()


def together(*jobs: Callable[[], object]) -> list[object]:
    """Run the jobs in threads released at the same moment; re-raise the first failure."""
    barrier = threading.Barrier(len(jobs))
    results: list[object] = [None] * len(jobs)
    errors: list[BaseException] = []

    def run(i: int, job: Callable[[], object]) -> None:
        try:
            barrier.wait(timeout=10)
            results[i] = job()
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=run, args=(i, job)) for i, job in enumerate(jobs)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert not any(t.is_alive() for t in threads), "a thread hung"
    if errors:
        raise errors[0]
    return results


def new(n: int) -> NewMessage:
    return NewMessage(f"+4670{n:07d}", f"m{n}", T0, None, "anna")


def test_claimers_racing_never_claim_the_same_message(dbs: tuple[Database, Database]) -> None:
    first, second = dbs
    queued = repo.enqueue_many(first, [new(i) for i in range(300)], now=T0)
    # Lockstep rounds: every round, all three claim at the same moment. The winner of a
    # round takes at least 7 while 7 remain, so 50 rounds drain the 300.
    rounds = threading.Barrier(3)

    def drain(db: Database) -> list[int]:
        mine: list[int] = []
        for _ in range(50):
            rounds.wait(timeout=10)
            mine.extend(r.id for r in repo.claim_due(db, now=T0, limit=7))
        return mine

    # Two Database objects (like two processes) and a third thread sharing the first one.
    results = together(lambda: drain(first), lambda: drain(second), lambda: drain(first))
    claimed = [i for ids in results for i in ids]  # type: ignore[attr-defined]
    assert len(set(claimed)) == len(claimed), "a message was claimed twice"
    assert sorted(claimed) == sorted(r.id for r in queued)  # and every one was claimed
    for r in repo.list_by_status(first, Status.SENDING, limit=1000):
        assert r.attempts == 1
        assert [e.kind for e in repo.events_for(first, r.id)].count("claimed") == 1


def test_cancel_and_claim_racing_never_both_win(dbs: tuple[Database, Database]) -> None:
    ui, engine = dbs
    for n in range(40):
        row = repo.enqueue(ui, new(n), now=T0)

        def cancel(mid: int = row.id) -> str:
            try:
                repo.cancel(ui, mid, actor="anna", now=T0)
            except repo.NotCancellable as exc:
                assert exc.code == "not_cancellable"
                return "refused"
            return "cancelled"

        def claim(mid: int = row.id) -> bool:
            return any(r.id == mid for r in repo.claim_due(engine, now=T0, limit=1))

        cancel_result, claimed = together(cancel, claim)
        final = repo.get(ui, row.id)
        assert final is not None
        if cancel_result == "cancelled":
            assert not claimed
            assert final.status is Status.CANCELLED
        else:
            assert claimed
            assert final.status is Status.SENDING
        kinds = [e.kind for e in repo.events_for(ui, row.id)]
        assert kinds in (["queued", "cancelled"], ["queued", "claimed"])


def test_many_threads_enqueueing_lose_nothing(path: Path) -> None:
    db = open_database(path)
    try:
        batches = together(
            *[
                (lambda k=k: [repo.enqueue(db, new(k * 100 + i), now=T0).id for i in range(25)])
                for k in range(8)
            ]
        )
        stored = [i for batch in batches for i in batch]  # type: ignore[attr-defined]
        assert len(set(stored)) == 200
        assert repo.log_count(db, repo.LogFilter()) == 200
    finally:
        db.close()


def test_an_edit_racing_a_claim_is_either_fully_before_or_refused(
    dbs: tuple[Database, Database],
) -> None:
    ui, engine = dbs
    for n in range(20):
        row = repo.enqueue(ui, new(n), now=T0)

        def edit(mid: int = row.id) -> str:
            try:
                repo.edit(ui, mid, actor="anna", now=T0, body="ändrad")
            except repo.NotEditable:
                return "refused"
            return "edited"

        def claim() -> list[repo.MessageRow]:
            return repo.claim_due(engine, now=T0, limit=1)

        edit_result, rows = together(edit, claim)
        (sent,) = rows  # type: ignore[misc]
        # What the engine would send is what is stored: an edit never lands after the claim.
        if edit_result == "edited":
            assert sent.body == "ändrad"
        else:
            assert sent.body == f"m{n}"
        stored = repo.get(ui, row.id)
        assert stored is not None and stored.body == sent.body
