"""The engine's batched writes (engine_writes.py) store what one move at a time stores.

The engine claims and records outcomes in batches of hand-written SQL: many rows per
UPDATE and INSERT, moves held back until the batch ends. These tests make the same moves
once in one batch and once one transaction each, on real SQLite files, and compare what
the outbox then holds, read back through the ORM reads (repository.get, events_for).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from desktop.domain.status import IllegalTransition, Status
from desktop.storage import engine_writes
from desktop.storage import repository as repo
from desktop.storage.database import Database, open_database
from desktop.storage.repository import MessageRow, NewMessage, RemoteRecord

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
MIN = timedelta(minutes=1)


def queue(db: Database, count: int) -> None:
    repo.enqueue_many(
        db,
        [NewMessage(f"+4670123{n:04d}", f"Hej {n}!", T0, None, "a") for n in range(count)],
        now=T0,
    )


def stored(db: Database) -> list[tuple[dict[str, Any], list[tuple[Any, ...]]]]:
    """Every row (but its random uuid) and its events (but their ids), in id order."""
    rows = [r for s in Status for r in repo.list_by_status(db, s)]
    found = []
    for row in sorted(rows, key=lambda r: r.id):
        values = asdict(row)
        del values["uuid"]
        events = [(e.at, e.actor, e.kind, e.detail) for e in repo.events_for(db, row.id)]
        found.append((values, events))
    return found


def outcomes(first: int) -> list[tuple[str, int, dict[str, Any]]]:
    """One of each outcome the engine records, for the claimed ids first, first + 1, ..."""
    now = T0 + MIN
    return [
        (
            "mark_sent",
            first,
            {
                "now": now,
                "server_id": 501,
                "server_created_at": T0,
                "server_to_send_date": T0 + timedelta(seconds=1),
                "sent_at": now,
            },
        ),
        (
            "mark_retry",
            first + 1,
            {
                "now": now,
                "next_attempt_at": now + 5 * MIN,
                "error": "BokaMera answered 503",
                "error_code": "server_error",
            },
        ),
        ("mark_failed", first + 2, {"now": now, "error": "No such number", "error_code": "4xx"}),
        ("mark_unconfirmed", first + 3, {"now": now, "error": "No answer"}),
        ("requeue", first + 4, {"now": now, "reason": "Log in again", "refund_attempt": True}),
        ("mark_sent", first + 5, {"now": now, "server_id": None}),
    ]


def test_a_batch_stores_exactly_what_one_move_at_a_time_stores(tmp_path: Path) -> None:
    results: list[Any] = []
    for name in ("one", "preloaded", "adopted"):
        db = open_database(tmp_path / f"{name}.sqlite3")
        try:
            queue(db, 8)
            claimed = repo.claim_due(db, now=T0 + MIN, limit=6)
            assert [r.id for r in claimed] == [1, 2, 3, 4, 5, 6]
            returned: list[MessageRow] = []
            if name != "one":
                with repo.batch(db) as marks:
                    if name == "preloaded":
                        marks.preload([r.id for r in claimed], server_ids=[501])
                    else:  # as the engine does: its claim's snapshots
                        marks.adopt(claimed)
                        marks.preload([], server_ids=[501])
                    for method, message_id, kwargs in outcomes(1):
                        returned.append(getattr(marks, method)(message_id, **kwargs))
            else:
                for method, message_id, kwargs in outcomes(1):
                    returned.append(getattr(repo, method)(db, message_id, **kwargs))
            # What each move returned is what the outbox now holds.
            assert returned == [repo.get(db, r.id) for r in returned]
            results.append(stored(db))
        finally:
            db.close()
    one, preloaded, adopted = results
    assert preloaded == one
    assert adopted == one
    # And it is what the engine always wrote (spelled out once here, so both cannot drift
    # together unnoticed).
    sent_values, sent_events = one[0]
    assert sent_values["status"] is Status.SENT and sent_values["server_id"] == 501
    assert sent_values["server_to_send_date"] == T0 + timedelta(seconds=1)
    assert sent_events == [
        (T0, "a", "queued", "due 2026-03-02T09:00:00Z"),
        (T0 + MIN, "engine", "claimed", "attempt 1"),
        (T0 + MIN, "engine", "sent", "attempt 1 accepted (server id 501)"),
    ]
    requeued_values, requeued_events = one[4]
    assert (requeued_values["status"], requeued_values["attempts"]) == (Status.QUEUED, 0)
    assert requeued_events[-1][2:] == ("requeued", "Log in again; attempt 1 given back")
    assert [values["status"] for values, _events in one[6:]] == [Status.QUEUED] * 2


def test_claim_in_a_batch_sees_a_message_the_batch_put_back(db: Database) -> None:
    queue(db, 1)
    (row,) = repo.claim_due(db, now=T0, limit=1)
    with repo.batch(db) as marks:
        marks.preload([row.id])
        marks.requeue(row.id, now=T0 + MIN, reason="paused", refund_attempt=True)
        (again,) = marks.claim_due(now=T0 + MIN, limit=5)
    assert (again.id, again.status, again.attempts) == (row.id, Status.SENDING, 1)
    assert again == repo.get(db, row.id)
    assert [e.kind for e in repo.events_for(db, row.id)] == [
        "queued",
        "claimed",
        "requeued",
        "claimed",
    ]


def test_outcomes_and_the_next_claim_share_one_commit(db: Database) -> None:
    queue(db, 10)
    first = repo.claim_due(db, now=T0, limit=4)
    with repo.batch(db) as marks:
        marks.preload([r.id for r in first], server_ids=[11, 12, 13, 14])
        for n, row in enumerate(first):
            marks.mark_sent(row.id, now=T0 + MIN, server_id=11 + n)
        more = marks.claim_due(now=T0 + MIN, limit=4)
    assert [r.id for r in more] == [5, 6, 7, 8]
    assert repo.counts_by_status(db)[Status.SENT] == 4
    assert [r.id for r in repo.list_by_status(db, Status.SENDING)] == [5, 6, 7, 8]
    assert more == repo.list_by_status(db, Status.SENDING)
    # Events in the order the moves were made: the outcomes, then the claims.
    last = [repo.events_for(db, m)[-1] for m in range(1, 9)]
    assert [e.kind for e in last] == ["sent"] * 4 + ["claimed"] * 4
    assert [e.id for e in last] == sorted(e.id for e in last)


def failing_batch(db: Database, moves: Callable[[repo.OutboxBatch], object]) -> None:
    with (
        pytest.raises((IllegalTransition, repo.ServerIdTaken, repo.MessageNotFound)),
        repo.batch(db) as marks,
    ):
        moves(marks)


def test_a_batch_that_fails_writes_nothing(db: Database) -> None:
    queue(db, 3)
    rows = repo.claim_due(db, now=T0, limit=3)
    before = stored(db)

    def moves(marks: repo.OutboxBatch) -> None:
        marks.preload([r.id for r in rows])
        marks.mark_sent(rows[0].id, now=T0 + MIN, server_id=1)
        marks.claim_due(now=T0 + MIN, limit=1)  # nothing left to claim
        marks.mark_failed(rows[1].id, now=T0 + MIN, error="x", error_code="4xx")
        marks.mark_failed(rows[1].id, now=T0 + MIN, error="x", error_code="4xx")  # illegal

    failing_batch(db, moves)
    assert stored(db) == before


def test_rows_not_preloaded_are_read_when_marked(db: Database) -> None:
    queue(db, 2)
    rows = repo.claim_due(db, now=T0, limit=2)
    with repo.batch(db) as marks:
        marks.preload([rows[0].id])
        sent = marks.mark_sent(rows[1].id, now=T0 + MIN, server_id=9)
    assert sent == repo.get(db, rows[1].id)
    failing_batch(db, lambda marks: marks.mark_sent(999, now=T0, server_id=None))


def test_server_ids_looked_up_in_preload_still_merge_and_refuse(db: Database) -> None:
    queue(db, 2)
    ours, other = repo.claim_due(db, now=T0, limit=2)
    repo.upsert_remote(db, [RemoteRecord(77, "+46700000000", "x", T0, T0, True, T0, None)], now=T0)
    (copy,) = repo.list_by_status(db, Status.SENT, origin="elsewhere")
    with repo.batch(db) as marks:
        marks.preload([ours.id, other.id], server_ids=[77, 78])
        sent = marks.mark_sent(ours.id, now=T0 + MIN, server_id=77)
    assert sent.server_id == 77 and repo.get(db, copy.id) is None
    assert repo.events_for(db, ours.id)[-1].detail == (
        f"attempt 1 accepted (server id 77); replaces message {copy.id},"
        " imported from the server's log"
    )

    def taken(marks: repo.OutboxBatch) -> None:
        marks.preload([other.id], server_ids=[77])
        marks.mark_sent(other.id, now=T0 + MIN, server_id=77)

    failing_batch(db, taken)
    again = repo.get(db, other.id)
    assert again is not None and again.status is Status.SENDING


def test_a_move_from_a_snapshot_the_row_has_left_writes_nothing(db: Database) -> None:
    queue(db, 2)
    stale, fresh = repo.claim_due(db, now=T0, limit=2)
    repo.mark_failed(db, stale.id, now=T0 + MIN, error="refused", error_code="4xx")
    before = stored(db)
    with pytest.raises(engine_writes.RowChanged), repo.batch(db) as marks:
        marks.adopt([stale, fresh])
        marks.mark_sent(fresh.id, now=T0 + 2 * MIN, server_id=1)
        marks.mark_sent(stale.id, now=T0 + 2 * MIN, server_id=2)  # it is FAILED by now
    assert stored(db) == before


def test_two_moves_of_an_adopted_row_are_checked_against_the_snapshot(db: Database) -> None:
    queue(db, 1)
    (row,) = repo.claim_due(db, now=T0, limit=1)
    with repo.batch(db) as marks:
        marks.adopt([row])
        marks.mark_unconfirmed(row.id, now=T0 + MIN, error="no answer")
        marks.mark_sent(row.id, now=T0 + 2 * MIN, server_id=3)
    sent = repo.get(db, row.id)
    assert sent is not None and (sent.status, sent.server_id) == (Status.SENT, 3)
    assert [e.kind for e in repo.events_for(db, row.id)][-2:] == ["unconfirmed", "reconciled"]
