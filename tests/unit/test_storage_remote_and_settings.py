"""Messages learned from the server's log, and the settings table."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from desktop.domain.status import Status
from desktop.storage import repository as repo
from desktop.storage.database import Database
from desktop.storage.repository import NewMessage, RemoteRecord

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
MIN = timedelta(minutes=1)


def remote(server_id: int, *, sent: bool = True, sent_date: datetime | None = T0) -> RemoteRecord:
    return RemoteRecord(
        server_id=server_id,
        receiver="+46701112233",
        body=f"Bokningsbekräftelse {server_id}",
        created=T0 - MIN,
        to_send_date=T0,
        sent=sent,
        sent_date=sent_date if sent else None,
        booking_id=900 + server_id,
    )


def test_new_records_become_messages_from_elsewhere(db: Database) -> None:
    assert repo.upsert_remote(db, [remote(1), remote(2, sent=False)], now=T0 + MIN) == 2
    sent, queued = repo.log_page(db, repo.LogFilter(origin="elsewhere")).rows[::-1]
    assert (sent.server_id, sent.status, sent.origin) == (1, Status.SENT, "elsewhere")
    assert (sent.sent_at, sent.server_created_at, sent.server_to_send_date) == (T0, T0 - MIN, T0)
    assert (sent.due_at, sent.booking_id, sent.body) == (T0, 901, "Bokningsbekräftelse 1")
    assert sent.created_at == T0 + MIN
    assert (queued.server_id, queued.status, queued.sent_at) == (2, Status.QUEUED, None)
    (event,) = repo.events_for(db, sent.id)
    assert (event.kind, event.actor) == ("imported", "engine")


def test_a_record_without_dates_is_due_when_it_was_learned(db: Database) -> None:
    bare = RemoteRecord(3, "+46701112233", "x", None, None, False, None, None)
    repo.upsert_remote(db, [bare], now=T0)
    (row,) = repo.log_page(db, repo.LogFilter()).rows
    assert row.due_at == T0


def test_known_server_ids_are_never_inserted_twice(db: Database) -> None:
    ours = repo.enqueue(db, NewMessage("+46700000000", "Vår", T0, None, "anna"), now=T0)
    repo.claim_due(db, now=T0, limit=1)
    repo.mark_sent(db, ours.id, now=T0, server_id=10)
    assert repo.upsert_remote(db, [remote(10), remote(11)], now=T0) == 1
    assert repo.upsert_remote(db, [remote(11), remote(11)], now=T0) == 0
    assert repo.log_count(db, repo.LogFilter()) == 2
    mine = repo.get(db, ours.id)
    assert mine is not None and (mine.origin, mine.body) == ("desk", "Vår")  # untouched


def test_duplicates_within_one_batch_are_inserted_once(db: Database) -> None:
    assert repo.upsert_remote(db, [remote(5), remote(5)], now=T0) == 1
    # Seen unsent, then sent, in the same page of the log.
    assert repo.upsert_remote(db, [remote(6, sent=False), remote(6)], now=T0) == 1
    (row,) = repo.log_page(db, repo.LogFilter(text="Bokningsbekräftelse 6")).rows
    assert (row.status, row.sent_at) == (Status.SENT, T0)
    (event,) = repo.events_for(db, row.id)
    assert (event.kind, event.detail) == ("imported", "from the server's log (server id 6, sent)")


def test_sent_and_sent_date_of_earlier_imports_are_updated(db: Database) -> None:
    repo.upsert_remote(db, [remote(20, sent=False)], now=T0)
    assert (
        repo.upsert_remote(db, [remote(20, sent=True, sent_date=T0 + 5 * MIN)], now=T0 + MIN) == 0
    )
    (row,) = repo.log_page(db, repo.LogFilter()).rows
    assert (row.status, row.sent_at, row.updated_at) == (Status.SENT, T0 + 5 * MIN, T0 + MIN)
    assert [e.kind for e in repo.events_for(db, row.id)] == ["imported", "sent"]
    # Seen again unchanged: nothing is written.
    repo.upsert_remote(db, [remote(20, sent=True, sent_date=T0 + 5 * MIN)], now=T0 + 9 * MIN)
    again = repo.get(db, row.id)
    assert again is not None and again.updated_at == T0 + MIN


def test_an_empty_batch_inserts_nothing(db: Database) -> None:
    assert repo.upsert_remote(db, [], now=T0) == 0


def test_a_large_batch_is_one_transaction(db: Database) -> None:
    records = [remote(i) for i in range(1, 1201)]  # more than one IN (...) chunk
    assert repo.upsert_remote(db, records, now=T0) == 1200
    assert repo.upsert_remote(db, records, now=T0) == 0


def test_settings_round_trip(db: Database) -> None:
    assert repo.get_setting(db, "desk.zone") is None
    assert repo.get_setting(db, "desk.zone", "Europe/Stockholm") == "Europe/Stockholm"
    repo.set_setting(db, "desk.zone", "Europe/Oslo")
    repo.set_setting(db, "desk.zone", "Europe/Helsinki")
    assert repo.get_setting(db, "desk.zone", "x") == "Europe/Helsinki"


@pytest.mark.parametrize("key", ["account.password", "auth.refresh_token", "api_key", "Secret"])
def test_secrets_are_refused(db: Database, key: str) -> None:
    with pytest.raises(ValueError, match="keyring"):
        repo.set_setting(db, key, "hunter2")
    assert repo.get_setting(db, key) is None
