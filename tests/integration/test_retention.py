"""Erasing personal data: old content by the retention setting, and one number on request."""

from __future__ import annotations

import sqlite3
import threading
from datetime import UTC, datetime, timedelta

import pytest

from desktop.domain.status import Status
from desktop.storage import repository as repo
from desktop.storage import retention
from desktop.storage.database import Database
from desktop.storage.retention import ERASED_RECEIVER, RetentionError
from desktop.storage.utc_time import to_micros

T0 = datetime(2026, 1, 5, 9, 0, tzinfo=UTC)
LATER = T0 + timedelta(days=40)
X = "+46701234567"
Y = "+46709876543"


def _queue(
    db: Database, receiver: str, body: str, *, at: datetime = T0, due: datetime | None = None
) -> repo.MessageRow:
    return repo.enqueue(
        db,
        repo.NewMessage(
            receiver=receiver, body=body, due_at=due or at, no_later_than=None, created_by="Anna"
        ),
        now=at,
    )


def _in_status(db: Database, status: Status, receiver: str, *, at: datetime = T0) -> int:
    """A message to ``receiver`` brought to ``status`` by the repository's own moves."""
    if status is Status.QUEUED:  # due later, so claim_due below never takes it
        later = _queue(
            db, receiver, "Hej! Vi ses nästa kvartal.", at=at, due=at + timedelta(days=90)
        )
        return later.id
    row = _queue(db, receiver, f"Hej! Din tid är bokad ({status.value}).", at=at)
    if status is Status.CANCELLED:
        repo.cancel(db, row.id, actor="Anna", now=at)
        return row.id
    if status is Status.EXPIRED:
        repo.expire(db, row.id, now=at, reason="too late")
        return row.id
    [claimed] = repo.claim_due(db, now=at, limit=1)
    assert claimed.id == row.id
    if status is Status.SENT:
        repo.mark_sent(db, row.id, now=at, server_id=row.id + 1000)
    elif status is Status.FAILED:
        repo.mark_failed(
            db, row.id, now=at, error=f"BokaMera refused {receiver}.", error_code="validation"
        )
    elif status is Status.RETRY_WAIT:
        repo.mark_retry(
            db,
            row.id,
            now=at,
            next_attempt_at=at + timedelta(days=90),
            error="offline",
            error_code="offline",
        )
    elif status is Status.UNCONFIRMED:
        repo.mark_unconfirmed(db, row.id, now=at, error="no answer")
    assert repo.get(db, row.id).status is status  # type: ignore[union-attr]
    return row.id


def _every_status(db: Database, receiver: str, *, at: datetime = T0) -> dict[Status, int]:
    return {s: _in_status(db, s, receiver, at=at) for s in Status}


def _erased(db: Database, message_id: int) -> bool:
    row = repo.get(db, message_id)
    assert row is not None
    return row.receiver == ERASED_RECEIVER and row.body == ""


# --- old content -------------------------------------------------------------------------------


def test_old_finished_messages_lose_content_but_keep_row_status_times(db: Database) -> None:
    ids = _every_status(db, X)
    before = {i: repo.get(db, i) for i in ids.values()}
    counts = repo.counts_by_status(db)

    erased = retention.erase_old_content(
        db, older_than=timedelta(days=30), now=LATER, actor="retention"
    )

    assert erased == 4
    assert repo.counts_by_status(db) == counts
    for status, message_id in ids.items():
        row, old = repo.get(db, message_id), before[message_id]
        assert row is not None and old is not None
        assert (row.status, row.due_at, row.created_at, row.sent_at, row.attempts) == (
            old.status,
            old.due_at,
            old.created_at,
            old.sent_at,
            old.attempts,
        )
        kinds = [e.kind for e in repo.events_for(db, message_id)]
        if status in retention.ERASABLE:
            assert _erased(db, message_id), status
            assert kinds[-1] == "erased"
            last = repo.events_for(db, message_id)[-1]
            assert last.actor == "retention" and "30 days" in last.detail and last.at == LATER
            assert X not in (row.last_error or "")
        else:  # still on its way: untouched, no event
            assert (row.receiver, row.body) == (old.receiver, old.body), status
            assert "erased" not in kinds


def test_erasing_again_finds_nothing_new(db: Database) -> None:
    _every_status(db, X)
    first = retention.erase_old_content(db, older_than=timedelta(days=30), now=LATER)
    # Months later the erased rows are old again; they must not be erased (and noted) twice.
    later = LATER + timedelta(days=90)
    again = retention.erase_old_content(db, older_than=timedelta(days=30), now=later)
    assert (first, again) == (4, 0)
    assert all(
        [e.kind for e in repo.events_for(db, r.id)].count("erased") == 1
        for r in repo.list_by_status(db, Status.SENT)
    )


def test_recent_messages_and_ones_due_later_are_kept(db: Database) -> None:
    recent = _in_status(db, Status.SENT, X, at=LATER - timedelta(days=29))
    # Cancelled long ago, but it was due in the future: not "old" yet.
    due_later = _queue(db, X, "Vi ses i vår!", at=T0)
    repo.edit(db, due_later.id, actor="Anna", now=T0, due_at=LATER + timedelta(days=1))
    repo.cancel(db, due_later.id, actor="Anna", now=T0)
    assert retention.erase_old_content(db, older_than=timedelta(days=30), now=LATER) == 0
    assert not _erased(db, recent) and not _erased(db, due_later.id)


def test_the_setting_switches_it_on_and_bad_values_count_as_off(db: Database) -> None:
    sent = _in_status(db, Status.SENT, X)
    assert retention.retention_days(db) == 0
    assert retention.apply_retention(db, now=LATER) == 0
    repo.set_setting(db, retention.RETENTION_KEY, "thirty")
    assert retention.retention_days(db) == 0 and retention.apply_retention(db, now=LATER) == 0
    for bad in (-1, 99999, 1.5, True):
        with pytest.raises(RetentionError) as caught:
            retention.set_retention_days(db, bad)  # type: ignore[arg-type]
        assert caught.value.code == "bad_days"
    retention.set_retention_days(db, 60)
    assert retention.apply_retention(db, now=LATER) == 0  # 40 days old: kept
    retention.set_retention_days(db, 30)
    assert retention.apply_retention(db, now=LATER) == 1
    assert _erased(db, sent)
    assert repo.events_for(db, sent)[-1].actor == retention.RETENTION_ACTOR


# --- one number --------------------------------------------------------------------------------


def _add_event(db: Database, message_id: int, detail: str) -> None:
    """An event text holding the number, as an older version or a note might have left."""
    conn = sqlite3.connect(db.path)
    conn.execute(
        "INSERT INTO message_events (message_id, at, actor, kind, detail)"
        " VALUES (?, ?, 'Anna', 'note', ?)",
        (message_id, to_micros(T0), detail),
    )
    conn.commit()
    conn.close()


def test_erase_number_blanks_every_message_to_it_and_its_history(db: Database) -> None:
    mine = [_in_status(db, s, X) for s in (Status.SENT, Status.FAILED, Status.CANCELLED)]
    other = _in_status(db, Status.SENT, Y)
    _add_event(db, mine[0], "called back on 070-123 45 67 about it")
    _add_event(db, other, f"forwarded from {Y}")

    erased = retention.erase_number(db, X, now=LATER, actor="Anna")

    assert erased == 3
    for message_id in mine:
        assert _erased(db, message_id)
        events = repo.events_for(db, message_id)
        assert events[-1].kind == "erased" and events[-1].actor == "Anna"
        text = " ".join(e.detail for e in events) + (repo.get(db, message_id).last_error or "")  # type: ignore[union-attr]
        assert "123 45 67" not in text and "701234567" not in text
    assert "called back on [erased] about it" in {e.detail for e in repo.events_for(db, mine[0])}
    kept = repo.get(db, other)
    assert kept is not None and kept.receiver == Y and kept.body
    assert any(Y in e.detail for e in repo.events_for(db, other))
    assert repo.log_count(db, repo.LogFilter(receiver=X)) == 0


@pytest.mark.parametrize("waiting", sorted(retention.WAITING))
def test_erase_number_is_refused_while_a_message_waits(db: Database, waiting: Status) -> None:
    sent = _in_status(db, Status.SENT, X)
    pending = _in_status(db, waiting, X)
    with pytest.raises(RetentionError) as caught:
        retention.erase_number(db, X, now=LATER, actor="Anna")
    error = caught.value
    assert error.code == "number_waiting" and error.params["count"] == 1
    assert "Cancel them first" in error.message and X in error.message
    assert not _erased(db, sent) and not _erased(db, pending)  # nothing changed at all
    assert all(e.kind != "erased" for e in repo.events_for(db, sent))


def test_after_cancelling_the_waiting_one_the_number_can_be_erased(db: Database) -> None:
    _in_status(db, Status.SENT, X)
    pending = _in_status(db, Status.QUEUED, X)
    with pytest.raises(RetentionError):
        retention.erase_number(db, X, now=LATER, actor="Anna")
    repo.cancel(db, pending, actor="Anna", now=LATER)
    assert retention.erase_number(db, X, now=LATER, actor="Anna") == 2


def test_copies_from_elsewhere_are_erased_even_when_queued_at_the_server(db: Database) -> None:
    record = repo.RemoteRecord(
        server_id=77,
        receiver=X,
        body="Från BokaMera: välkommen!",
        created=T0,
        to_send_date=LATER + timedelta(days=1),
        sent=False,
        sent_date=None,
        booking_id=5,
    )
    assert repo.upsert_remote(db, [record], now=T0) == 1
    [row] = repo.log_page(db, repo.LogFilter(receiver=X)).rows
    assert row.status is Status.QUEUED
    assert retention.erase_number(db, X, now=LATER, actor="Anna") == 1
    assert _erased(db, row.id)


@pytest.mark.parametrize("bad", ["0701234567", "+46 70 123", "anna@example.com", ""])
def test_erase_number_wants_an_international_number(db: Database, bad: str) -> None:
    with pytest.raises(RetentionError) as caught:
        retention.erase_number(db, bad, now=LATER, actor="Anna")
    assert caught.value.code == "bad_number"


def test_erasing_races_queueing_without_ever_erasing_a_waiting_message(
    db: Database,
) -> None:
    # Real threads: whichever transaction wins, a message queued to the number is never
    # blanked, and the erasure is either refused or complete.
    for _ in range(5):
        _in_status(db, Status.SENT, X)
    start = threading.Barrier(2)
    outcome: list[object] = []

    def queue_one() -> None:
        start.wait()
        outcome.append(_queue(db, X, "Ny tid: tisdag 10:00", at=LATER))

    def erase() -> None:
        start.wait()
        try:
            outcome.append(retention.erase_number(db, X, now=LATER, actor="Anna"))
        except RetentionError as exc:
            outcome.append(exc)

    threads = [threading.Thread(target=queue_one), threading.Thread(target=erase)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    queued = next(o for o in outcome if isinstance(o, repo.MessageRow))
    result = next(o for o in outcome if not isinstance(o, repo.MessageRow))
    assert not _erased(db, queued.id)
    sent = repo.list_by_status(db, Status.SENT)
    if isinstance(result, RetentionError):
        assert result.code == "number_waiting" and not any(_erased(db, r.id) for r in sent)
    else:
        assert result == 5 and all(_erased(db, r.id) for r in sent)
