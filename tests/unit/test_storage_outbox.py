"""The outbox's moves: queueing, the user's edits and cancels, and the engine's steps.

Each test works on a real SQLite file in tmp_path, through the public repository only.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from desktop.domain.status import IllegalTransition, Status
from desktop.storage import repository as repo
from desktop.storage.database import Database
from desktop.storage.repository import MessageRow, NewMessage

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
MIN = timedelta(minutes=1)


def new(
    n: int = 0,
    *,
    due: datetime = T0,
    no_later_than: datetime | None = None,
    by: str = "anna",
    **extra: object,
) -> NewMessage:
    return NewMessage(
        receiver=f"+4670123{n:04d}",
        body=f"Hej! Du har en tid hos oss kl {n}.",
        due_at=due,
        no_later_than=no_later_than,
        created_by=by,
        **extra,  # type: ignore[arg-type]
    )


def claimed(db: Database, n: int = 0) -> MessageRow:
    repo.enqueue(db, new(n), now=T0)
    (row,) = repo.claim_due(db, now=T0, limit=1)
    return row


def kinds(db: Database, message_id: int) -> list[str]:
    return [e.kind for e in repo.events_for(db, message_id)]


def in_status(db: Database, status: Status) -> MessageRow:
    """A message brought to ``status`` the way the app would."""
    if status is Status.QUEUED:
        return repo.enqueue(db, new(), now=T0)
    if status is Status.CANCELLED:
        return repo.cancel(db, repo.enqueue(db, new(), now=T0).id, actor="anna", now=T0)
    if status is Status.EXPIRED:
        repo.enqueue(db, new(due=T0, no_later_than=T0 + MIN), now=T0)
        (row,) = repo.expire_stale(db, now=T0 + 2 * MIN)
        return row
    row = claimed(db)
    if status is Status.SENDING:
        return row
    if status is Status.SENT:
        return repo.mark_sent(db, row.id, now=T0, server_id=1)
    if status is Status.RETRY_WAIT:
        return repo.mark_retry(
            db, row.id, now=T0, next_attempt_at=T0 + MIN, error="503", error_code="http_503"
        )
    if status is Status.FAILED:
        return repo.mark_failed(db, row.id, now=T0, error="Bad number", error_code="http_400")
    if status is Status.UNCONFIRMED:
        return repo.mark_unconfirmed(db, row.id, now=T0, error="Timed out")
    raise AssertionError(status)


# ---- enqueue --------------------------------------------------------------------------------


def test_enqueue_stores_a_queued_desk_message(db: Database) -> None:
    row = repo.enqueue(
        db,
        new(7, no_later_than=T0 + 2 * 60 * MIN, booking_id=42, batch_id="b1", send_anyway=True),
        now=T0 - MIN,
    )
    assert row.id >= 1
    assert len(row.uuid) == 36
    assert (row.status, row.origin, row.attempts) == (Status.QUEUED, "desk", 0)
    assert row.receiver == "+46701230007"
    assert row.due_at == T0 and row.no_later_than == T0 + 120 * MIN
    assert row.created_at == row.updated_at == T0 - MIN
    assert (row.created_by, row.booking_id, row.batch_id, row.send_anyway) == (
        "anna",
        42,
        "b1",
        True,
    )
    assert repo.get(db, row.id) == row
    (event,) = repo.events_for(db, row.id)
    assert (event.kind, event.actor, event.at) == ("queued", "anna", T0 - MIN)


def test_enqueue_gives_each_message_its_own_uuid_and_id(db: Database) -> None:
    a = repo.enqueue(db, new(1), now=T0)
    b = repo.enqueue(db, new(1), now=T0)
    assert a.id != b.id and a.uuid != b.uuid


def test_times_in_any_zone_come_back_as_utc(db: Database) -> None:
    stockholm = datetime(2026, 3, 2, 11, 0, tzinfo=ZoneInfo("Europe/Stockholm"))
    row = repo.enqueue(db, new(due=stockholm), now=T0)
    stored = repo.get(db, row.id)
    assert stored is not None
    assert stored.due_at == datetime(2026, 3, 2, 10, 0, tzinfo=UTC)
    assert stored.due_at.utcoffset() == timedelta(0)


def test_naive_times_are_refused_before_anything_is_stored(db: Database) -> None:
    with pytest.raises(ValueError, match="due_at"):
        repo.enqueue(db, new(due=datetime(2026, 3, 2, 9, 0)), now=T0)
    with pytest.raises(ValueError, match="now"):
        repo.enqueue(db, new(), now=datetime(2026, 3, 2, 9, 0))
    assert repo.log_count(db, repo.LogFilter()) == 0


def test_enqueue_many_stores_all_in_order_with_the_given_event_kind(db: Database) -> None:
    rows = repo.enqueue_many(db, [new(i) for i in range(5)], now=T0, actor_kind="imported")
    assert [r.receiver for r in rows] == [f"+4670123{i:04d}" for i in range(5)]
    assert [r.id for r in rows] == sorted(r.id for r in rows)
    assert all(kinds(db, r.id) == ["imported"] for r in rows)


def test_enqueue_many_is_all_or_nothing(db: Database) -> None:
    repo.enqueue(db, new(0), now=T0)
    bad = NewMessage(
        receiver="+46701230001",
        body=None,  # type: ignore[arg-type]  # NOT NULL: the database refuses it mid-insert
        due_at=T0,
        no_later_than=None,
        created_by="anna",
    )
    with pytest.raises(Exception, match="NOT NULL"):
        repo.enqueue_many(db, [new(1), new(2), bad, new(3)], now=T0)
    assert repo.log_count(db, repo.LogFilter()) == 1
    with pytest.raises(ValueError):  # a naive time is refused before the transaction
        repo.enqueue_many(db, [new(4), new(5, due=datetime(2026, 3, 2))], now=T0)
    assert repo.log_count(db, repo.LogFilter()) == 1


def test_enqueue_many_of_nothing_is_nothing(db: Database) -> None:
    assert repo.enqueue_many(db, [], now=T0) == []


def test_enqueue_many_refuses_an_unknown_event_kind(db: Database) -> None:
    with pytest.raises(ValueError, match="actor_kind"):
        repo.enqueue_many(db, [new()], now=T0, actor_kind="sent")


def test_get_of_a_missing_message_is_none(db: Database) -> None:
    assert repo.get(db, 12345) is None


# ---- edit -----------------------------------------------------------------------------------


def test_edit_changes_fields_and_records_which(db: Database) -> None:
    row = repo.enqueue(db, new(), now=T0)
    edited = repo.edit(db, row.id, actor="bo", now=T0 + MIN, body="Ny text", due_at=T0 + 30 * MIN)
    assert (edited.body, edited.due_at, edited.status) == ("Ny text", T0 + 30 * MIN, Status.QUEUED)
    assert edited.receiver == row.receiver  # untouched
    assert edited.updated_at == T0 + MIN
    assert repo.get(db, row.id) == edited
    last = repo.events_for(db, row.id)[-1]
    assert (last.kind, last.actor, last.detail) == ("edited", "bo", "body, due time")
    assert "Ny text" not in last.detail


def test_edit_every_field(db: Database) -> None:
    row = repo.enqueue(db, new(), now=T0)
    edited = repo.edit(
        db,
        row.id,
        actor="bo",
        now=T0,
        receiver="+46709999999",
        no_later_than=T0 + 60 * MIN,
        send_anyway=True,
    )
    assert (edited.receiver, edited.no_later_than, edited.send_anyway) == (
        "+46709999999",
        T0 + 60 * MIN,
        True,
    )
    assert repo.events_for(db, row.id)[-1].detail == "receiver, send no later than, quiet hours"


def test_an_edit_that_changes_nothing_records_nothing(db: Database) -> None:
    row = repo.enqueue(db, new(), now=T0)
    same = repo.edit(db, row.id, actor="bo", now=T0 + MIN, body=row.body)
    assert same == row
    assert kinds(db, row.id) == ["queued"]


@pytest.mark.parametrize("status", [Status.FAILED, Status.RETRY_WAIT])
def test_editing_a_failed_or_waiting_message_queues_it_again(db: Database, status: Status) -> None:
    row = in_status(db, status)
    assert row.last_error is not None
    edited = repo.edit(db, row.id, actor="bo", now=T0 + MIN, body="Rättad text")
    assert edited.status is Status.QUEUED
    assert edited.next_attempt_at is None
    assert edited.last_error is None and edited.last_error_code is None
    assert edited.attempts == 1  # history is kept: the next claim is attempt 2
    assert repo.events_for(db, row.id)[-1].detail == f"body; queued again (was {status.value})"


def test_resending_a_failed_message_unchanged_is_allowed(db: Database) -> None:
    row = in_status(db, Status.FAILED)
    assert repo.edit(db, row.id, actor="bo", now=T0).status is Status.QUEUED


@pytest.mark.parametrize(
    "status",
    [Status.SENDING, Status.SENT, Status.UNCONFIRMED, Status.CANCELLED, Status.EXPIRED],
)
def test_other_statuses_are_not_editable(db: Database, status: Status) -> None:
    row = in_status(db, status)
    with pytest.raises(repo.NotEditable) as caught:
        repo.edit(db, row.id, actor="bo", now=T0, body="x")
    assert caught.value.code == "not_editable"
    assert caught.value.params["status"] == status.value
    assert str(row.id) in caught.value.message
    assert repo.get(db, row.id) == row  # unchanged


def test_editing_a_missing_message_is_not_found(db: Database) -> None:
    with pytest.raises(repo.NotEditable) as caught:
        repo.edit(db, 99, actor="bo", now=T0, body="x")
    assert caught.value.code == "not_found"


# ---- cancel ---------------------------------------------------------------------------------


@pytest.mark.parametrize("status", [Status.QUEUED, Status.RETRY_WAIT, Status.FAILED])
def test_cancel(db: Database, status: Status) -> None:
    row = in_status(db, status)
    done = repo.cancel(db, row.id, actor="bo", now=T0 + MIN)
    assert done.status is Status.CANCELLED
    assert done.next_attempt_at is None
    last = repo.events_for(db, row.id)[-1]
    assert (last.kind, last.actor, last.detail) == ("cancelled", "bo", f"was {status.value}")
    assert repo.claim_due(db, now=T0 + 60 * MIN, limit=10) == []


def test_a_message_being_sent_cannot_be_cancelled(db: Database) -> None:
    row = in_status(db, Status.SENDING)
    with pytest.raises(repo.NotCancellable) as caught:
        repo.cancel(db, row.id, actor="bo", now=T0)
    assert caught.value.code == "not_cancellable"
    assert "being sent right now" in caught.value.message
    assert repo.get(db, row.id) == row


@pytest.mark.parametrize(
    "status", [Status.SENT, Status.UNCONFIRMED, Status.CANCELLED, Status.EXPIRED]
)
def test_finished_or_uncertain_messages_cannot_be_cancelled(db: Database, status: Status) -> None:
    row = in_status(db, status)
    with pytest.raises(repo.NotCancellable) as caught:
        repo.cancel(db, row.id, actor="bo", now=T0)
    assert caught.value.code == "not_cancellable"
    assert status.value in caught.value.message


def test_cancelling_a_missing_message_is_not_found(db: Database) -> None:
    with pytest.raises(repo.NotCancellable) as caught:
        repo.cancel(db, 99, actor="bo", now=T0)
    assert caught.value.code == "not_found"


# ---- claim_due ------------------------------------------------------------------------------


def test_claim_takes_due_messages_in_due_order_and_counts_an_attempt(db: Database) -> None:
    late = repo.enqueue(db, new(1, due=T0 + 2 * MIN), now=T0)
    early = repo.enqueue(db, new(2, due=T0), now=T0)
    future = repo.enqueue(db, new(3, due=T0 + 10 * MIN), now=T0)
    rows = repo.claim_due(db, now=T0 + 5 * MIN, limit=10)
    assert [r.id for r in rows] == [early.id, late.id]
    for r in rows:
        assert (r.status, r.attempts, r.sending_started_at) == (Status.SENDING, 1, T0 + 5 * MIN)
        assert repo.get(db, r.id) == r  # committed as returned
        last = repo.events_for(db, r.id)[-1]
        assert (last.kind, last.actor, last.detail) == ("claimed", "engine", "attempt 1")
    still = repo.get(db, future.id)
    assert still is not None and still.status is Status.QUEUED


def test_claim_breaks_ties_on_id_and_respects_the_limit(db: Database) -> None:
    rows = repo.enqueue_many(db, [new(i) for i in range(5)], now=T0)
    first = repo.claim_due(db, now=T0, limit=2)
    second = repo.claim_due(db, now=T0, limit=2)
    assert [r.id for r in first + second] == [r.id for r in rows[:4]]
    assert repo.claim_due(db, now=T0, limit=0) == []


def test_a_message_is_due_at_its_due_time_not_before(db: Database) -> None:
    repo.enqueue(db, new(due=T0), now=T0)
    assert repo.claim_due(db, now=T0 - timedelta(microseconds=1), limit=1) == []
    assert len(repo.claim_due(db, now=T0, limit=1)) == 1


def test_claim_skips_messages_past_their_no_later_than(db: Database) -> None:
    stale = repo.enqueue(db, new(1, due=T0, no_later_than=T0 + MIN), now=T0)
    at_limit = repo.enqueue(db, new(2, due=T0, no_later_than=T0 + 2 * MIN), now=T0)
    rows = repo.claim_due(db, now=T0 + 2 * MIN, limit=10)
    assert [r.id for r in rows] == [at_limit.id]
    still = repo.get(db, stale.id)
    assert still is not None and still.status is Status.QUEUED


def test_claim_takes_retries_when_their_next_attempt_is_due(db: Database) -> None:
    row = in_status(db, Status.RETRY_WAIT)  # next attempt at T0 + 1 min
    assert repo.claim_due(db, now=T0 + MIN / 2, limit=5) == []
    (again,) = repo.claim_due(db, now=T0 + MIN, limit=5)
    assert (again.id, again.attempts, again.status) == (row.id, 2, Status.SENDING)
    assert repo.events_for(db, row.id)[-1].detail == "attempt 2"


def test_claim_never_takes_messages_from_elsewhere(db: Database) -> None:
    repo.upsert_remote(
        db,
        [repo.RemoteRecord(5, "+46701111111", "Påminnelse", T0, T0, False, None, None)],
        now=T0,
    )
    assert repo.claim_due(db, now=T0 + 60 * MIN, limit=10) == []


def test_quiet_hours_leave_rejected_messages_queued_and_take_later_ones(db: Database) -> None:
    # More rejected than one internal batch holds, so the search must go on past it.
    quiet = repo.enqueue_many(db, [new(i, due=T0) for i in range(100)], now=T0)
    loud = repo.enqueue(db, new(999, due=T0 + MIN, send_anyway=True), now=T0)
    seen: list[int] = []

    def ok(row: MessageRow) -> bool:
        seen.append(row.id)
        return row.send_anyway

    rows = repo.claim_due(db, now=T0 + MIN, limit=1, quiet_hours_ok=ok)
    assert [r.id for r in rows] == [loud.id]
    assert seen == [r.id for r in quiet] + [loud.id]
    assert all(kinds(db, r.id) == ["queued"] for r in quiet)
    assert repo.counts_by_status(db)[Status.QUEUED] == 100


def test_a_message_quiet_hours_turn_down_is_left_exactly_as_it_was(db: Database) -> None:
    row = repo.enqueue(db, new(), now=T0)
    assert repo.claim_due(db, now=T0, limit=1, quiet_hours_ok=lambda r: False) == []
    assert repo.get(db, row.id) == row


# ---- expiry ---------------------------------------------------------------------------------


def test_expire_stale_expires_queued_and_waiting_messages_past_their_limit(db: Database) -> None:
    waiting = repo.enqueue(db, new(4, due=T0 - MIN, no_later_than=T0 + MIN), now=T0)
    (claim,) = repo.claim_due(db, now=T0, limit=1)
    assert claim.id == waiting.id
    repo.mark_retry(db, waiting.id, now=T0, next_attempt_at=T0 + 5 * MIN, error="x", error_code="y")
    stale = repo.enqueue(db, new(1, due=T0, no_later_than=T0 + MIN), now=T0)
    fresh = repo.enqueue(db, new(2, due=T0, no_later_than=T0 + 10 * MIN), now=T0)
    unlimited = repo.enqueue(db, new(3, due=T0), now=T0)

    expired = repo.expire_stale(db, now=T0 + 2 * MIN)

    assert [r.id for r in expired] == [waiting.id, stale.id]
    for r in expired:
        assert r.status is Status.EXPIRED
        assert r.last_error_code == "past_no_later_than"
        assert r.next_attempt_at is None
        last = repo.events_for(db, r.id)[-1]
        assert (last.kind, last.detail) == ("expired", "not sent by 2026-03-02T09:01:00Z")
    for untouched in (fresh, unlimited):
        assert repo.get(db, untouched.id) == untouched
    assert repo.expire_stale(db, now=T0 + 2 * MIN) == []


def test_expire_stale_leaves_unconfirmed_messages_to_reconciliation(db: Database) -> None:
    repo.enqueue(db, new(due=T0, no_later_than=T0 + MIN), now=T0)
    (row,) = repo.claim_due(db, now=T0, limit=1)
    repo.mark_unconfirmed(db, row.id, now=T0, error="timeout")
    assert repo.expire_stale(db, now=T0 + 60 * MIN) == []


def test_expire_gives_up_on_an_unconfirmed_message(db: Database) -> None:
    row = in_status(db, Status.UNCONFIRMED)
    done = repo.expire(db, row.id, now=T0 + MIN, reason="Not at BokaMera and too late now")
    assert (done.status, done.last_error) == (Status.EXPIRED, "Not at BokaMera and too late now")
    last = repo.events_for(db, row.id)[-1]
    assert (last.kind, last.detail) == ("expired", "Not at BokaMera and too late now")


# ---- the engine's outcomes ------------------------------------------------------------------


def test_mark_sent_keeps_what_the_server_said(db: Database) -> None:
    row = claimed(db)
    sent = repo.mark_sent(
        db,
        row.id,
        now=T0 + MIN,
        server_id=5001,
        server_created_at=T0,
        server_to_send_date=T0,
        sent_at=T0 + MIN,
    )
    assert (sent.status, sent.server_id, sent.sent_at) == (Status.SENT, 5001, T0 + MIN)
    assert (sent.server_created_at, sent.server_to_send_date) == (T0, T0)
    assert sent.last_error is None
    last = repo.events_for(db, row.id)[-1]
    assert (last.kind, last.detail) == ("sent", "attempt 1 accepted (server id 5001)")


def test_mark_sent_from_unconfirmed_is_a_reconciliation(db: Database) -> None:
    row = in_status(db, Status.UNCONFIRMED)
    sent = repo.mark_sent(db, row.id, now=T0 + 10 * MIN, server_id=77)
    assert sent.status is Status.SENT
    assert sent.last_error is None and sent.last_error_code is None
    assert kinds(db, row.id)[-1] == "reconciled"


def test_mark_sent_merges_a_copy_imported_from_the_log_meanwhile(db: Database) -> None:
    row = in_status(db, Status.UNCONFIRMED)
    repo.upsert_remote(
        db,
        [repo.RemoteRecord(77, row.receiver, row.body, T0, T0, True, T0, None)],
        now=T0 + MIN,
    )
    (copy,) = repo.list_by_status(db, Status.SENT, origin="elsewhere")
    sent = repo.mark_sent(db, row.id, now=T0 + 2 * MIN, server_id=77)
    assert sent.server_id == 77
    assert repo.get(db, copy.id) is None
    assert repo.events_for(db, copy.id) == []
    assert f"replaces message {copy.id}" in repo.events_for(db, row.id)[-1].detail


def test_two_desk_messages_cannot_share_a_server_id(db: Database) -> None:
    first = claimed(db, 1)
    repo.mark_sent(db, first.id, now=T0, server_id=77)
    second = claimed(db, 2)
    with pytest.raises(repo.ServerIdTaken) as caught:
        repo.mark_sent(db, second.id, now=T0, server_id=77)
    assert caught.value.code == "server_id_taken"
    again = repo.get(db, second.id)
    assert again is not None and again.status is Status.SENDING


def test_mark_retry(db: Database) -> None:
    row = claimed(db)
    waiting = repo.mark_retry(
        db,
        row.id,
        now=T0,
        next_attempt_at=T0 + 30 * timedelta(seconds=1),
        error="BokaMera is busy",
        error_code="http_503",
    )
    assert waiting.status is Status.RETRY_WAIT
    assert waiting.next_attempt_at == T0 + timedelta(seconds=30)
    assert (waiting.last_error, waiting.last_error_code) == ("BokaMera is busy", "http_503")
    last = repo.events_for(db, row.id)[-1]
    assert (last.kind, last.detail) == (
        "retry",
        "attempt 1: http_503; next try 2026-03-02T09:00:30Z",
    )


def test_mark_failed(db: Database) -> None:
    row = claimed(db)
    failed = repo.mark_failed(db, row.id, now=T0, error="Ogiltigt nummer", error_code="http_400")
    assert (failed.status, failed.last_error, failed.last_error_code) == (
        Status.FAILED,
        "Ogiltigt nummer",
        "http_400",
    )
    assert repo.events_for(db, row.id)[-1].detail == "attempt 1: http_400"


def test_mark_unconfirmed_and_again_with_a_new_reason(db: Database) -> None:
    row = claimed(db)
    first = repo.mark_unconfirmed(db, row.id, now=T0, error="No answer within 30 s")
    assert (first.status, first.last_error) == (Status.UNCONFIRMED, "No answer within 30 s")
    assert first.sending_started_at == T0  # kept: the engine waits out the deadline from it
    second = repo.mark_unconfirmed(db, row.id, now=T0 + MIN, error="Log could not be read")
    assert second.last_error == "Log could not be read"
    details = [e.detail for e in repo.events_for(db, row.id)][-2:]
    assert details == ["attempt 1: no answer from the server", "attempt 1: still unconfirmed"]


def test_requeue_a_paused_send_can_give_the_attempt_back(db: Database) -> None:
    row = claimed(db)
    back = repo.requeue(
        db, row.id, now=T0, reason="Logged out: sending paused", refund_attempt=True
    )
    assert (back.status, back.attempts, back.sending_started_at) == (Status.QUEUED, 0, None)
    assert back.last_error == "Logged out: sending paused"
    last = repo.events_for(db, row.id)[-1]
    assert last.kind == "requeued"
    assert last.detail == "Logged out: sending paused; attempt 1 given back"


def test_requeue_an_unconfirmed_message_proven_absent(db: Database) -> None:
    row = in_status(db, Status.UNCONFIRMED)
    back = repo.requeue(db, row.id, now=T0, reason="Not found at BokaMera: sending again")
    assert (back.status, back.attempts) == (Status.QUEUED, 1)
    assert kinds(db, row.id)[-1] == "reconciled"
    (again,) = repo.claim_due(db, now=T0, limit=1)
    assert again.attempts == 2


def test_recover_after_crash_makes_every_sending_message_unconfirmed(db: Database) -> None:
    a = claimed(db, 1)
    b = claimed(db, 2)
    queued = repo.enqueue(db, new(3, due=T0 + 60 * MIN), now=T0)
    rows = repo.recover_after_crash(db, now=T0 + MIN)
    assert [r.id for r in rows] == [a.id, b.id]
    for r in rows:
        assert (r.status, r.last_error_code) == (Status.UNCONFIRMED, "interrupted")
        assert r.sending_started_at == T0
        assert kinds(db, r.id)[-1] == "unconfirmed"
    assert repo.get(db, queued.id) == queued
    assert repo.recover_after_crash(db, now=T0 + MIN) == []


@pytest.mark.parametrize(
    ("status", "move"),
    [
        (Status.QUEUED, lambda db, i: repo.mark_sent(db, i, now=T0, server_id=1)),
        (Status.SENT, lambda db, i: repo.mark_failed(db, i, now=T0, error="x", error_code="y")),
        (Status.CANCELLED, lambda db, i: repo.requeue(db, i, now=T0, reason="x")),
        (Status.QUEUED, lambda db, i: repo.mark_unconfirmed(db, i, now=T0, error="x")),
        (Status.SENT, lambda db, i: repo.expire(db, i, now=T0, reason="x")),
    ],
)
def test_moves_the_state_machine_forbids_are_refused_and_change_nothing(
    db: Database, status: Status, move: object
) -> None:
    row = in_status(db, status)
    events = repo.events_for(db, row.id)
    with pytest.raises(IllegalTransition):
        move(db, row.id)  # type: ignore[operator]
    assert repo.get(db, row.id) == row
    assert repo.events_for(db, row.id) == events


def test_engine_moves_on_a_missing_message_are_not_found(db: Database) -> None:
    with pytest.raises(repo.MessageNotFound) as caught:
        repo.mark_sent(db, 404, now=T0, server_id=1)
    assert caught.value.code == "not_found"


def test_send_attempt_history_never_holds_the_number_or_the_text(db: Database) -> None:
    row = claimed(db)
    repo.mark_retry(
        db,
        row.id,
        now=T0,
        next_attempt_at=T0 + MIN,
        error=f"{row.receiver} is not reachable: {row.body}",
        error_code="http_503",
    )
    repo.claim_due(db, now=T0 + MIN, limit=1)
    repo.mark_unconfirmed(db, row.id, now=T0 + MIN, error=f"{row.receiver} timed out")
    repo.mark_sent(db, row.id, now=T0 + 2 * MIN, server_id=9)
    for event in repo.events_for(db, row.id):
        assert row.receiver not in event.detail
        assert "70123" not in event.detail
        assert row.body not in event.detail
