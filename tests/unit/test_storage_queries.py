"""Reading the outbox: the log with its filters and pages, counts, wake-up time, lists."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from desktop.domain.status import Status
from desktop.storage import repository as repo
from desktop.storage.database import Database
from desktop.storage.repository import LogFilter, NewMessage

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
MIN = timedelta(minutes=1)


def put(db: Database, receiver: str, body: str, due: datetime) -> int:
    new = NewMessage(receiver=receiver, body=body, due_at=due, no_later_than=None, created_by="a")
    return repo.enqueue(db, new, now=T0).id


def ids(page: repo.LogPage) -> list[int]:
    return [r.id for r in page.rows]


@pytest.fixture
def sample(db: Database) -> dict[str, int]:
    return {
        "asa": put(db, "+46701234567", "Hej Åsa! Välkommen på tisdag.", T0),
        "bo": put(db, "+46709876543", "Hej Bo, din tid är ändrad.", T0 + MIN),
        "oslo": put(db, "+4791234567", "Hei Ola, velkommen!", T0 + 2 * MIN),
        "asa2": put(db, "+46701234567", "ÅSA: glöm inte kvittot", T0 + 3 * MIN),
    }


def test_the_log_is_newest_first(db: Database, sample: dict[str, int]) -> None:
    page = repo.log_page(db, LogFilter())
    assert ids(page) == [sample["asa2"], sample["oslo"], sample["bo"], sample["asa"]]
    assert page.next_cursor is None


def test_equal_due_times_are_ordered_by_id_descending(db: Database) -> None:
    same = [put(db, "+46700000000", f"m{i}", T0) for i in range(4)]
    assert ids(repo.log_page(db, LogFilter())) == same[::-1]


def test_pages_follow_on_from_the_cursor(db: Database, sample: dict[str, int]) -> None:
    first = repo.log_page(db, LogFilter(), limit=3)
    assert ids(first) == [sample["asa2"], sample["oslo"], sample["bo"]]
    assert first.next_cursor == repo.Cursor(due_at=T0 + MIN, id=sample["bo"])
    second = repo.log_page(db, LogFilter(), after=first.next_cursor, limit=3)
    assert ids(second) == [sample["asa"]]
    assert second.next_cursor is None


def test_a_page_that_ends_exactly_at_the_last_row_has_no_next_cursor(
    db: Database, sample: dict[str, int]
) -> None:
    assert repo.log_page(db, LogFilter(), limit=4).next_cursor is None


def test_text_search_ignores_case_beyond_ascii(db: Database, sample: dict[str, int]) -> None:
    # SQLite's LIKE and lower() would fold only A-Z; "åsa" must find "Åsa" and "ÅSA".
    assert ids(repo.log_page(db, LogFilter(text="åsa"))) == [sample["asa2"], sample["asa"]]
    assert ids(repo.log_page(db, LogFilter(text="GLÖM"))) == [sample["asa2"]]
    assert repo.log_count(db, LogFilter(text="åsa")) == 2


def test_text_search_treats_wildcards_as_text(db: Database) -> None:
    percent = put(db, "+46700000001", "Rabatt 50% idag", T0)
    put(db, "+46700000002", "Rabatt 50 kr idag", T0)
    assert ids(repo.log_page(db, LogFilter(text="50%"))) == [percent]
    assert repo.log_count(db, LogFilter(text="_")) == 0


def test_receiver_search_by_prefix_and_by_fragment(db: Database, sample: dict[str, int]) -> None:
    assert ids(repo.log_page(db, LogFilter(receiver="+4670123"))) == [
        sample["asa2"],
        sample["asa"],
    ]
    assert ids(repo.log_page(db, LogFilter(receiver="+47"))) == [sample["oslo"]]
    assert ids(repo.log_page(db, LogFilter(receiver="9876"))) == [sample["bo"]]
    # Spaces and dashes typed around digits are ignored.
    assert ids(repo.log_page(db, LogFilter(receiver="987 65-43"))) == [sample["bo"]]
    assert repo.log_count(db, LogFilter(receiver="+46")) == 3


def test_status_origin_and_time_filters(db: Database, sample: dict[str, int]) -> None:
    repo.cancel(db, sample["bo"], actor="a", now=T0)
    cancelled = LogFilter(statuses=frozenset({Status.CANCELLED}))
    assert ids(repo.log_page(db, cancelled)) == [sample["bo"]]
    both = LogFilter(statuses=frozenset({Status.CANCELLED, Status.QUEUED}))
    assert repo.log_count(db, both) == 4
    assert repo.log_count(db, LogFilter(statuses=frozenset())) == 0
    window = LogFilter(since=T0 + MIN, until=T0 + 3 * MIN)  # since inclusive, until exclusive
    assert ids(repo.log_page(db, window)) == [sample["oslo"], sample["bo"]]
    assert repo.log_count(db, LogFilter(origin="desk")) == 4
    assert repo.log_count(db, LogFilter(origin="elsewhere")) == 0


def test_filters_combine(db: Database, sample: dict[str, int]) -> None:
    flt = LogFilter(receiver="+4670123", text="välkommen", until=T0 + MIN)
    assert ids(repo.log_page(db, flt)) == [sample["asa"]]
    assert repo.log_count(db, flt) == 1


def test_a_page_size_must_be_positive(db: Database) -> None:
    with pytest.raises(ValueError):
        repo.log_page(db, LogFilter(), limit=0)


def test_counts_by_status_has_every_status(db: Database, sample: dict[str, int]) -> None:
    repo.cancel(db, sample["bo"], actor="a", now=T0)
    repo.upsert_remote(
        db, [repo.RemoteRecord(1, "+46700000000", "x", T0, T0, False, None, None)], now=T0
    )
    counts = repo.counts_by_status(db)
    assert set(counts) == set(Status)
    assert counts[Status.QUEUED] == 3  # this desk's; the one queued elsewhere is not waiting here
    assert counts[Status.CANCELLED] == 1
    assert counts[Status.SENT] == 0
    assert repo.counts_by_status(db, origin=None)[Status.QUEUED] == 4


def test_list_by_status_oldest_due_first(db: Database, sample: dict[str, int]) -> None:
    repo.cancel(db, sample["oslo"], actor="a", now=T0)
    queued = repo.list_by_status(db, Status.QUEUED)
    assert [r.id for r in queued] == [sample["asa"], sample["bo"], sample["asa2"]]
    assert [r.id for r in repo.list_by_status(db, Status.QUEUED, limit=1)] == [sample["asa"]]
    assert repo.list_by_status(db, Status.QUEUED, origin="elsewhere") == []


def test_next_wakeup(db: Database) -> None:
    assert repo.next_wakeup(db) is None
    later = put(db, "+46700000001", "x", T0 + 10 * MIN)
    assert repo.next_wakeup(db) == T0 + 10 * MIN
    put(db, "+46700000002", "y", T0 + 5 * MIN)
    assert repo.next_wakeup(db) == T0 + 5 * MIN
    # A message waiting to retry wakes the engine at its next attempt.
    for row in repo.claim_due(db, now=T0 + 10 * MIN, limit=5):
        if row.id == later:
            repo.mark_retry(
                db, row.id, now=T0, next_attempt_at=T0 + 2 * MIN, error="x", error_code="y"
            )
        else:
            repo.mark_failed(db, row.id, now=T0, error="x", error_code="y")
    assert repo.next_wakeup(db) == T0 + 2 * MIN


def test_next_wakeup_ignores_messages_from_elsewhere(db: Database) -> None:
    repo.upsert_remote(
        db, [repo.RemoteRecord(1, "+46700000000", "x", T0, T0, False, None, None)], now=T0
    )
    assert repo.next_wakeup(db) is None


def test_events_in_the_order_they_happened(db: Database) -> None:
    mid = put(db, "+46700000000", "x", T0)
    repo.edit(db, mid, actor="bo", now=T0, body="y")
    repo.cancel(db, mid, actor="cia", now=T0)
    events = repo.events_for(db, mid)
    assert [(e.kind, e.actor) for e in events] == [
        ("queued", "a"),
        ("edited", "bo"),
        ("cancelled", "cia"),
    ]
    assert all(e.message_id == mid for e in events)
    assert repo.events_for(db, 999) == []
