"""The queries the app runs all the time use an index (EXPLAIN QUERY PLAN).

The statements are captured from the real repository functions as they run, then
explained with the same parameters, so a change to a query or an index shows up here.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import event

from desktop.storage import log_reads
from desktop.storage import repository as repo
from desktop.storage.database import Database, casefold_or_none, open_database
from desktop.storage.repository import LogFilter, NewMessage, RemoteRecord

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
MIN = timedelta(minutes=1)


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Database]:
    database = open_database(tmp_path_factory.mktemp("plans") / "outbox.sqlite3")
    repo.enqueue_many(
        database,
        [NewMessage(f"+4670{i:07d}", f"m{i}", T0 + i * MIN, None, "a") for i in range(500)],
        now=T0,
    )
    yield database
    database.close()


def plans(db: Database, call: Callable[[], Any]) -> list[str]:
    """The query plan of every SELECT ``call`` runs, one string per statement.

    Seen on the SQLite connections themselves (their trace, with the values bound), so
    statements run through the ORM and hand-written ones on a bare cursor alike."""
    seen: list[str] = []
    traced: list[sqlite3.Connection] = []

    def trace(dbapi_connection: sqlite3.Connection, *_: Any) -> None:
        dbapi_connection.set_trace_callback(seen.append)
        traced.append(dbapi_connection)

    event.listen(db.engine, "checkout", trace)
    try:
        call()
    finally:
        event.remove(db.engine, "checkout", trace)
        for connection in traced:
            connection.set_trace_callback(None)
    captured = [(sql, ()) for sql in seen if sql.lstrip().upper().startswith("SELECT")]
    assert captured, "the call ran no SELECT"
    return explain(db, captured)


def explain(db: Database, statements: list[tuple[str, Any]]) -> list[str]:
    raw = sqlite3.connect(db.path)
    raw.create_function("smsdesk_casefold", 1, casefold_or_none)
    try:
        return [
            " | ".join(row[3] for row in raw.execute("EXPLAIN QUERY PLAN " + sql, params))
            for sql, params in statements
        ]
    finally:
        raw.close()


def test_due_now_walks_each_status_index_and_the_queued_one_needs_no_sort(db: Database) -> None:
    # Rolled back by a rejecting predicate: the plan is what matters, nothing is claimed.
    # A sort here would read every due row to claim one: a drain of N would cost N squared.
    queued, retries = plans(
        db, lambda: repo.claim_due(db, now=T0, limit=5, quiet_hours_ok=lambda r: False)
    )
    assert "ix_messages_status_due (status=? AND due_at<?)" in queued
    assert "TEMP B-TREE" not in queued
    assert "ix_messages_status_next_attempt (status=? AND next_attempt_at<?)" in retries
    assert "SCAN messages" not in queued + retries


def test_next_wakeup_reads_the_first_entry_of_each_status_index(db: Database) -> None:
    queued, retry = plans(db, lambda: repo.next_wakeup(db))
    assert "SEARCH messages USING INDEX ix_messages_status_due (status=?)" in queued
    assert "ix_messages_status_next_attempt" in retry
    assert "TEMP B-TREE" not in queued + retry


def log_plan(db: Database, query: log_reads.Query | None) -> str:
    """The plan of a log statement, as log_reads builds it for log_page and log_count
    (they run on a bare pooled cursor, which engine listeners do not see)."""
    assert query is not None
    return explain(db, [(query.sql, query.params)])[0]


def test_newest_first_walks_the_due_index_without_sorting(db: Database) -> None:
    first = log_plan(db, log_reads.page_query(LogFilter(), after=None, limit=50))
    assert "ix_messages_due" in first
    assert "TEMP B-TREE" not in first
    cursor = repo.log_page(db, LogFilter(), limit=50).next_cursor
    next_page = log_plan(db, log_reads.page_query(LogFilter(), after=cursor, limit=50))
    assert "SEARCH messages USING INDEX ix_messages_due (due_at<?)" in next_page
    assert "TEMP B-TREE" not in next_page


def test_by_receiver_uses_the_receiver_index(db: Database) -> None:
    flt = LogFilter(receiver="+46700000012")
    plan = log_plan(db, log_reads.page_query(flt, after=None, limit=100))
    assert "SEARCH messages USING INDEX ix_messages_receiver (receiver>? AND receiver<?)" in plan
    count = log_plan(db, log_reads.count_query(flt))
    assert "USING COVERING INDEX ix_messages_receiver (receiver>? AND receiver<?)" in count


def test_the_log_reads_run_the_statements_their_plans_are_checked_for(db: Database) -> None:
    # What log_page and log_count execute is exactly page_query and count_query: seen on
    # the connection itself, since no engine listener sees these reads.
    seen: list[str] = []
    traced: list[sqlite3.Connection] = []

    def trace(dbapi_connection: sqlite3.Connection, *_: Any) -> None:
        dbapi_connection.set_trace_callback(seen.append)
        traced.append(dbapi_connection)

    flt = LogFilter(receiver="+46700000012")
    event.listen(db.engine, "checkout", trace)
    try:
        repo.log_page(db, flt, limit=100)
        repo.log_count(db, flt)
    finally:
        event.remove(db.engine, "checkout", trace)
        for connection in traced:
            connection.set_trace_callback(None)
    page = log_reads.page_query(flt, after=None, limit=100)
    count = log_reads.count_query(flt)
    assert page is not None and count is not None
    shapes = [s.split(" WHERE ")[0] for s in seen]
    assert shapes == [page.sql.split(" WHERE ")[0], count.sql.split(" WHERE ")[0]]


def test_server_id_lookups_use_the_server_id_index(db: Database) -> None:
    records = [RemoteRecord(7, "+46700000000", "x", T0, T0, True, T0, None)]
    lookup, *_ = plans(db, lambda: repo.upsert_remote(db, records, now=T0))
    assert "USING INDEX ux_messages_server_id (server_id=?)" in lookup


def test_the_status_counts_read_only_a_covering_index(db: Database) -> None:
    (plan,) = plans(db, lambda: repo.counts_by_status(db))
    assert "USING COVERING INDEX ix_messages_origin_status (origin=?)" in plan
