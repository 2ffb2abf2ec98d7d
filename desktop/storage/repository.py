"""The outbox's operations: every read and every state change the engine and UI make.

Each function is one unit of work on a Database and returns detached snapshots
(records.py). Each state change is checked by desktop.domain.status.check_transition,
writes a MessageEvent, and sets updated_at, all in the same BEGIN IMMEDIATE transaction,
so a check ("is it still queued?") and the change it allows can never be split by another
thread or process. Every function that changes anything takes ``now``: storage never reads
a clock.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from datetime import datetime
from typing import Any

from sqlalchemy import func
from sqlmodel import Session, col, select

from desktop.domain.status import CANCELLABLE, EDITABLE, Status, check_transition
from desktop.storage import engine_writes, log_reads
from desktop.storage.database import Database
from desktop.storage.engine_writes import ENGINE_ACTOR, OutboxBatch
from desktop.storage.errors import (
    MessageNotFound,
    NotCancellable,
    NotEditable,
    ServerIdTaken,
)
from desktop.storage.models import Message, MessageEvent, Origin, Setting
from desktop.storage.records import (
    Cursor,
    EventRow,
    LogFilter,
    LogPage,
    MessageRow,
    NewMessage,
    RemoteRecord,
)
from desktop.storage.utc_time import aware_or_none, iso_seconds, require_aware, to_micros

__all__ = [
    "ENGINE_ACTOR",
    "Cursor",
    "EventRow",
    "LogFilter",
    "LogPage",
    "MessageNotFound",
    "MessageRow",
    "NewMessage",
    "NotCancellable",
    "NotEditable",
    "RemoteRecord",
    "ServerIdTaken",
    "cancel",
    "claim_due",
    "counts_by_status",
    "edit",
    "enqueue",
    "enqueue_many",
    "events_for",
    "expire",
    "expire_stale",
    "get",
    "get_setting",
    "list_by_status",
    "log_count",
    "log_page",
    "mark_failed",
    "mark_retry",
    "mark_sent",
    "mark_unconfirmed",
    "next_wakeup",
    "recover_after_crash",
    "requeue",
    "set_setting",
    "upsert_remote",
]

_ENQUEUE_KINDS = frozenset({"queued", "imported"})
# Settings are plain text in the database; secrets belong in the keyring (invariant 6).
_SECRET_HINTS = ("password", "secret", "token", "api_key", "apikey")
_IN_CHUNK = 500  # stays far below SQLite's limit on bound parameters


# ---- snapshots and small helpers ------------------------------------------------------------


def _snapshot(m: Message) -> MessageRow:
    assert m.id is not None, "snapshot of an unflushed message"
    return MessageRow(
        id=m.id,
        uuid=m.uuid,
        receiver=m.receiver,
        body=m.body,
        status=Status(m.status),
        origin=m.origin,
        due_at=m.due_at,
        no_later_than=m.no_later_than,
        created_at=m.created_at,
        created_by=m.created_by,
        updated_at=m.updated_at,
        attempts=m.attempts,
        next_attempt_at=m.next_attempt_at,
        sending_started_at=m.sending_started_at,
        last_error=m.last_error,
        last_error_code=m.last_error_code,
        server_id=m.server_id,
        server_created_at=m.server_created_at,
        server_to_send_date=m.server_to_send_date,
        sent_at=m.sent_at,
        send_anyway=bool(m.send_anyway),
        booking_id=m.booking_id,
        batch_id=m.batch_id,
    )


def _event_row(e: MessageEvent) -> EventRow:
    assert e.id is not None
    return EventRow(
        id=e.id, message_id=e.message_id, at=e.at, actor=e.actor, kind=e.kind, detail=e.detail
    )


def _record(
    session: Session, m: Message, *, now: datetime, actor: str, kind: str, detail: str = ""
) -> None:
    assert m.id is not None
    session.add(MessageEvent(message_id=m.id, at=now, actor=actor, kind=kind, detail=detail))


def _move(
    session: Session,
    m: Message,
    target: Status,
    *,
    now: datetime,
    actor: str,
    kind: str,
    detail: str = "",
) -> Status:
    """The one way a status changes: checked, stamped, and written down. Returns the old one."""
    current = Status(m.status)
    check_transition(current, target)
    m.status = target.value
    m.updated_at = now
    _record(session, m, now=now, actor=actor, kind=kind, detail=detail)
    return current


def _require(session: Session, message_id: int) -> Message:
    m = session.get(Message, message_id)
    if m is None:
        raise MessageNotFound(message_id)
    return m


# ---- queueing -------------------------------------------------------------------------------


_INSERT_MESSAGE = (
    "INSERT INTO messages (uuid, receiver, body, status, origin, due_at, no_later_than,"
    " created_at, created_by, updated_at, attempts, booking_id, batch_id, send_anyway)"
    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
)
_INSERT_EVENT = (
    "INSERT INTO message_events (message_id, at, actor, kind, detail) VALUES (?, ?, ?, ?, ?)"
)


def enqueue(db: Database, new: NewMessage, *, now: datetime) -> MessageRow:
    """Queue one message. When this returns, the row is committed (invariant 1)."""
    return enqueue_many(db, [new], now=now)[0]


def enqueue_many(
    db: Database, news: Sequence[NewMessage], *, now: datetime, actor_kind: str = "queued"
) -> list[MessageRow]:
    """Queue many messages in one transaction: all of them are stored, or none.

    ``actor_kind`` is the event kind written for each: "queued", or "imported" for a file.
    """
    if actor_kind not in _ENQUEUE_KINDS:
        raise ValueError(f"actor_kind must be one of {sorted(_ENQUEUE_KINDS)}, not {actor_kind!r}")
    now = require_aware(now, "now")
    # Build (and so check) every row before taking the write lock: a naive time fails fast.
    values = [
        {
            "uuid": str(uuid.uuid4()),
            "receiver": new.receiver,
            "body": new.body,
            "status": Status.QUEUED.value,
            "origin": Origin.DESK.value,
            "due_at": require_aware(new.due_at, "due_at"),
            "no_later_than": aware_or_none(new.no_later_than, "no_later_than"),
            "created_at": now,
            "created_by": new.created_by,
            "updated_at": now,
            "attempts": 0,
            "booking_id": new.booking_id,
            "batch_id": new.batch_id,
            "send_anyway": new.send_anyway,
        }
        for new in news
    ]
    if not values:
        return []
    # Plain executemany on the write transaction's cursor, not ORM objects and not
    # SQLAlchemy Core: the ORM sent one INSERT ... RETURNING per row to learn each id, and
    # Core's per-row parameter processing still cost a third of a 10,000-row import. Ids
    # are read back by the client-made uuid, inside the same write transaction.
    now_micros = to_micros(now)
    with db.writing() as cursor:
        cursor.executemany(
            _INSERT_MESSAGE,
            [
                (
                    v["uuid"],
                    v["receiver"],
                    v["body"],
                    v["status"],
                    v["origin"],
                    to_micros(v["due_at"]),
                    None if v["no_later_than"] is None else to_micros(v["no_later_than"]),
                    now_micros,
                    v["created_by"],
                    now_micros,
                    0,
                    v["booking_id"],
                    v["batch_id"],
                    1 if v["send_anyway"] else 0,
                )
                for v in values
            ],
        )
        ids: dict[str, int] = {}
        uuids = [v["uuid"] for v in values]
        for start in range(0, len(uuids), _IN_CHUNK):
            chunk = uuids[start : start + _IN_CHUNK]
            marks = ", ".join("?" * len(chunk))
            found = cursor.execute(f"SELECT uuid, id FROM messages WHERE uuid IN ({marks})", chunk)
            ids.update(found.fetchall())
        cursor.executemany(
            _INSERT_EVENT,
            [
                (
                    ids[v["uuid"]],
                    now_micros,
                    v["created_by"],
                    actor_kind,
                    f"due {iso_seconds(v['due_at'])}",
                )
                for v in values
            ],
        )
    return [_new_row(ids[v["uuid"]], v) for v in values]


def _due_detail(v: dict[str, Any]) -> str:
    return f"due {iso_seconds(v['due_at'])}"


def _new_row(message_id: int, v: dict[str, Any]) -> MessageRow:
    """The snapshot of a message just queued, from the values it was stored with."""
    return MessageRow(
        id=message_id,
        uuid=v["uuid"],
        receiver=v["receiver"],
        body=v["body"],
        status=Status.QUEUED,
        origin=v["origin"],
        due_at=v["due_at"],
        no_later_than=v["no_later_than"],
        created_at=v["created_at"],
        created_by=v["created_by"],
        updated_at=v["updated_at"],
        attempts=0,
        next_attempt_at=None,
        sending_started_at=None,
        last_error=None,
        last_error_code=None,
        server_id=None,
        server_created_at=None,
        server_to_send_date=None,
        sent_at=None,
        send_anyway=bool(v["send_anyway"]),
        booking_id=v["booking_id"],
        batch_id=v["batch_id"],
    )


# ---- reading one or a few -------------------------------------------------------------------


def get(db: Database, message_id: int) -> MessageRow | None:
    with db.session() as session:
        m = session.get(Message, message_id)
        return None if m is None else _snapshot(m)


def list_by_status(
    db: Database, status: Status, *, limit: int = 1000, origin: str | None = None
) -> list[MessageRow]:
    """Messages in ``status``, oldest due first; ``origin`` narrows to "desk" or "elsewhere"."""
    query = select(Message).where(Message.status == status.value)
    if origin is not None:
        query = query.where(Message.origin == origin)
    with db.session() as session:
        found = session.exec(
            query.order_by(col(Message.due_at), col(Message.id)).limit(limit)
        ).all()
        return [_snapshot(m) for m in found]


def events_for(db: Database, message_id: int) -> list[EventRow]:
    """A message's history, in the order it happened."""
    with db.session() as session:
        found = session.exec(
            select(MessageEvent)
            .where(MessageEvent.message_id == message_id)
            .order_by(col(MessageEvent.id))
        ).all()
        return [_event_row(e) for e in found]


def next_wakeup(db: Database) -> datetime | None:
    """When the dispatcher next has something to do: the earliest due_at of a queued desk
    message, or next_attempt_at of one waiting to retry. It may be in the past (run now)."""
    with db.session() as session:
        queued = session.exec(
            select(Message.due_at)
            .where(Message.status == Status.QUEUED.value, Message.origin == Origin.DESK.value)
            .order_by(col(Message.due_at))
            .limit(1)
        ).first()
        retry = session.exec(
            select(Message.next_attempt_at)
            .where(
                Message.status == Status.RETRY_WAIT.value,
                Message.origin == Origin.DESK.value,
                col(Message.next_attempt_at).is_not(None),
            )
            .order_by(col(Message.next_attempt_at))
            .limit(1)
        ).first()
    candidates = [t for t in (queued, retry) if t is not None]
    return min(candidates) if candidates else None


def counts_by_status(db: Database, *, origin: str | None = Origin.DESK) -> dict[Status, int]:
    """How many messages are in each status; every Status is a key.

    By default only this desk's messages: those the outbox holds and sends. Messages queued
    at the server from elsewhere are not waiting here. ``origin=None`` counts every row.
    """
    counts = dict.fromkeys(Status, 0)
    query = select(Message.status, func.count()).group_by(col(Message.status))
    if origin is not None:
        query = query.where(Message.origin == origin)
    with db.session() as session:
        for status, count in session.exec(query).all():
            counts[Status(status)] = count
    return counts


# ---- the user's changes ---------------------------------------------------------------------


def edit(
    db: Database,
    message_id: int,
    *,
    actor: str,
    now: datetime,
    receiver: str | None = None,
    body: str | None = None,
    due_at: datetime | None = None,
    no_later_than: datetime | None = None,
    send_anyway: bool | None = None,
) -> MessageRow:
    """Change a queued, waiting or failed message; None leaves a field as it is.

    A failed or waiting message goes back to QUEUED with its error and retry time cleared
    (edit and resend). Raises NotEditable ("not_editable", "not_found").
    """
    now = require_aware(now, "now")
    due_at = aware_or_none(due_at, "due_at")
    no_later_than = aware_or_none(no_later_than, "no_later_than")
    with db.write() as session:
        m = session.get(Message, message_id)
        if m is None:
            raise NotEditable.not_found(message_id)
        if m.origin != Origin.DESK:
            raise NotEditable.because_elsewhere(message_id)
        current = Status(m.status)
        if current not in EDITABLE:
            raise NotEditable.because_status(message_id, current)

        # Field names as the user knows them; never the values (they may be personal).
        changed: list[str] = []
        if receiver is not None and receiver != m.receiver:
            m.receiver = receiver
            changed.append("receiver")
        if body is not None and body != m.body:
            m.body = body
            changed.append("body")
        if due_at is not None and due_at != m.due_at:
            m.due_at = due_at
            changed.append("due time")
        if no_later_than is not None and no_later_than != m.no_later_than:
            m.no_later_than = no_later_than
            changed.append("send no later than")
        if send_anyway is not None and send_anyway != m.send_anyway:
            m.send_anyway = send_anyway
            changed.append("quiet hours")

        if not changed and current is Status.QUEUED:
            return _snapshot(m)  # nothing to change, nothing to record
        detail = ", ".join(changed) or "no changes"
        if current is not Status.QUEUED:
            detail += f"; queued again (was {current.value})"
        _move(session, m, Status.QUEUED, now=now, actor=actor, kind="edited", detail=detail)
        m.next_attempt_at = None
        m.sending_started_at = None
        m.last_error = None
        m.last_error_code = None
        return _snapshot(m)


def cancel(db: Database, message_id: int, *, actor: str, now: datetime) -> MessageRow:
    """Cancel a message that has not gone. Raises NotCancellable ("not_cancellable" when it
    is being sent right now or is already final, "not_found")."""
    now = require_aware(now, "now")
    with db.write() as session:
        m = session.get(Message, message_id)
        if m is None:
            raise NotCancellable.not_found(message_id)
        if m.origin != Origin.DESK:
            raise NotCancellable.because_elsewhere(message_id)
        current = Status(m.status)
        if current not in CANCELLABLE:
            raise NotCancellable.because_status(message_id, current)
        _move(
            session,
            m,
            Status.CANCELLED,
            now=now,
            actor=actor,
            kind="cancelled",
            detail=f"was {current.value}",
        )
        m.next_attempt_at = None
        return _snapshot(m)


# ---- the engine's moves ---------------------------------------------------------------------


def claim_due(
    db: Database,
    *,
    now: datetime,
    limit: int,
    quiet_hours_ok: Callable[[MessageRow], bool] | None = None,
) -> list[MessageRow]:
    """Move up to ``limit`` due desk messages to SENDING, in due order (due_at, id).

    One BEGIN IMMEDIATE transaction, committed before returning: a claimed message is
    SENDING on disk before any request is made (invariant 2), and two claimers, in threads
    or processes, never get the same message. Each claim counts an attempt. Messages that
    ``quiet_hours_ok`` rejects are left queued, and later ones are considered instead.

    Hand-written SQL rather than the ORM: the engine claims every message it sends (see
    engine_writes.py for why and what it measured).
    """
    return engine_writes.claim_due(db, now=now, limit=limit, quiet_hours_ok=quiet_hours_ok)


def expire_stale(db: Database, *, now: datetime) -> list[MessageRow]:
    """Expire queued or waiting desk messages past their send-no-later-than (invariant 4)."""
    now = require_aware(now, "now")
    with db.write() as session:
        stale = session.exec(
            select(Message)
            .where(
                col(Message.status).in_([Status.QUEUED.value, Status.RETRY_WAIT.value]),
                Message.origin == Origin.DESK.value,
                col(Message.no_later_than).is_not(None),
                col(Message.no_later_than) < now,
            )
            .order_by(col(Message.due_at), col(Message.id))
        ).all()
        for m in stale:
            assert m.no_later_than is not None
            _move(
                session,
                m,
                Status.EXPIRED,
                now=now,
                actor=ENGINE_ACTOR,
                kind="expired",
                detail=f"not sent by {iso_seconds(m.no_later_than)}",
            )
            m.next_attempt_at = None
            m.last_error = "It could not be sent before its send-no-later-than time."
            m.last_error_code = "past_no_later_than"
        return [_snapshot(m) for m in stale]


def mark_sent(
    db: Database,
    message_id: int,
    *,
    now: datetime,
    server_id: int | None,
    server_created_at: datetime | None = None,
    server_to_send_date: datetime | None = None,
    sent_at: datetime | None = None,
) -> MessageRow:
    """The server has it: from SENDING (a 2xx) or UNCONFIRMED (found in the server's log).

    If the log pull already imported this very server message as one from elsewhere (our
    answer was lost, the log was read first), that copy is merged away: it was ours.
    Another desk message with the same server id raises ServerIdTaken.
    """
    # A batch of one: the engine records outcomes in batches, and one implementation of
    # each move (engine_writes.OutboxBatch) keeps the two from drifting apart.
    with batch(db) as marks:
        return marks.mark_sent(
            message_id,
            now=now,
            server_id=server_id,
            server_created_at=server_created_at,
            server_to_send_date=server_to_send_date,
            sent_at=sent_at,
        )


def mark_retry(
    db: Database,
    message_id: int,
    *,
    now: datetime,
    next_attempt_at: datetime,
    error: str,
    error_code: str,
) -> MessageRow:
    """A transient failure that provably did not reach the server: try again later."""
    with batch(db) as marks:
        return marks.mark_retry(
            message_id,
            now=now,
            next_attempt_at=next_attempt_at,
            error=error,
            error_code=error_code,
        )


def mark_failed(
    db: Database, message_id: int, *, now: datetime, error: str, error_code: str
) -> MessageRow:
    """A permanent refusal (a 4xx): kept with its reason; the user may edit and resend."""
    with batch(db) as marks:
        return marks.mark_failed(message_id, now=now, error=error, error_code=error_code)


def mark_unconfirmed(db: Database, message_id: int, *, now: datetime, error: str) -> MessageRow:
    """No answer: the server may have it. Also UNCONFIRMED -> UNCONFIRMED with a new reason
    when its log could not be read. ``error`` is for the user; it stays out of the history."""
    with batch(db) as marks:
        return marks.mark_unconfirmed(message_id, now=now, error=error)


def requeue(
    db: Database, message_id: int, *, now: datetime, reason: str, refund_attempt: bool = False
) -> MessageRow:
    """Back to QUEUED: SENDING paused before the server took it (``refund_attempt`` gives
    the attempt back), or UNCONFIRMED proven absent from the server's log."""
    with batch(db) as marks:
        return marks.requeue(message_id, now=now, reason=reason, refund_attempt=refund_attempt)


def expire(db: Database, message_id: int, *, now: datetime, reason: str) -> MessageRow:
    """Give up on a message that is too late, e.g. UNCONFIRMED proven absent past its
    send-no-later-than. It is shown as missed, never sent silently (invariant 4)."""
    now = require_aware(now, "now")
    with db.write() as session:
        m = _require(session, message_id)
        _move(
            session, m, Status.EXPIRED, now=now, actor=ENGINE_ACTOR, kind="expired", detail=reason
        )
        m.next_attempt_at = None
        m.last_error = reason
        m.last_error_code = "expired"
        return _snapshot(m)


def recover_after_crash(db: Database, *, now: datetime) -> list[MessageRow]:
    """Start-up step: a message still SENDING may or may not have reached the server before
    the app stopped, so it becomes UNCONFIRMED and is reconciled before any retry."""
    now = require_aware(now, "now")
    with db.write() as session:
        interrupted = session.exec(
            select(Message)
            .where(Message.status == Status.SENDING.value)
            .order_by(col(Message.due_at), col(Message.id))
        ).all()
        for m in interrupted:
            _move(
                session,
                m,
                Status.UNCONFIRMED,
                now=now,
                actor=ENGINE_ACTOR,
                kind="unconfirmed",
                detail=f"attempt {m.attempts}: SMS Desk stopped while sending it",
            )
            m.last_error = (
                "SMS Desk stopped while sending this message; "
                "it is checked against the server's log before it is sent again."
            )
            m.last_error_code = "interrupted"
        return [_snapshot(m) for m in interrupted]


# ---- the log view ---------------------------------------------------------------------------


def log_page(
    db: Database, flt: LogFilter, *, after: Cursor | None = None, limit: int = 100
) -> LogPage:
    """One page of the log, newest first by (due_at DESC, id DESC).

    Keyset paging: pass the previous page's ``next_cursor`` as ``after``. Unlike OFFSET,
    rows added or changed meanwhile never make a row repeat or vanish between pages, and
    every page costs the same however deep it is.

    Hand-written SQL rather than the ORM: it runs on every scroll and keystroke of the log
    view (see log_reads.py for why and what it measured).
    """
    return log_reads.log_page(db, flt, after=after, limit=limit)


def log_count(db: Database, flt: LogFilter) -> int:
    """How many rows ``flt`` matches in all (the log view's "1-100 of N")."""
    return log_reads.log_count(db, flt)


# ---- history from the server ----------------------------------------------------------------


def _chunks(values: Sequence[int], size: int) -> Iterable[Sequence[int]]:
    for start in range(0, len(values), size):
        yield values[start : start + size]


def upsert_remote(db: Database, records: Sequence[RemoteRecord], *, now: datetime) -> int:
    """Mirror messages from the server's log that this desk did not send. Returns how many
    were new.

    A server id already in the outbox (ours or an earlier import) is never inserted again.
    New ones are origin "elsewhere": SENT if the server sent them, else QUEUED, and never
    claimed (claim_due takes desk messages only). Earlier imports get the server's Sent and
    SentDate. These rows mirror the server's own state, so their QUEUED -> SENT is the
    server's move, not the outbox machine's, and is written down as an event like any other.
    """
    now = require_aware(now, "now")
    if not records:
        return 0
    with db.write() as session:
        wanted = sorted({r.server_id for r in records})
        known: dict[int, Message] = {}
        for part in _chunks(wanted, _IN_CHUNK):
            for m in session.exec(select(Message).where(col(Message.server_id).in_(part))):
                assert m.server_id is not None
                known[m.server_id] = m
        fresh: list[Message] = []
        for rec in records:
            existing = known.get(rec.server_id)
            if existing is None:
                m = _remote_message(rec, now=now)
                session.add(m)
                known[rec.server_id] = m
                fresh.append(m)
            elif existing.origin == Origin.ELSEWHERE:
                _refresh_remote(session, existing, rec, now=now)
        session.flush()  # one batch of inserts; assigns the ids the events point at
        for m in fresh:
            _record(
                session,
                m,
                now=now,
                actor=ENGINE_ACTOR,
                kind="imported",
                detail=f"from the server's log (server id {m.server_id}, {m.status})",
            )
        inserted = len(fresh)
    return inserted


def _remote_message(rec: RemoteRecord, *, now: datetime) -> Message:
    created = aware_or_none(rec.created, "created")
    to_send = aware_or_none(rec.to_send_date, "to_send_date")
    return Message(
        uuid=str(uuid.uuid4()),
        receiver=rec.receiver,
        body=rec.body,
        status=(Status.SENT if rec.sent else Status.QUEUED).value,
        origin=Origin.ELSEWHERE.value,
        due_at=to_send or created or now,
        created_at=now,
        created_by="",
        updated_at=now,
        server_id=rec.server_id,
        server_created_at=created,
        server_to_send_date=to_send,
        sent_at=aware_or_none(rec.sent_date, "sent_date"),
        booking_id=rec.booking_id,
    )


def _refresh_remote(session: Session, m: Message, rec: RemoteRecord, *, now: datetime) -> None:
    """Copy the server's Sent and SentDate; a row inserted earlier in this same batch takes
    them silently (its "imported" event, written after the flush, shows where it ended)."""
    new_in_batch = m.id is None
    sent_date = aware_or_none(rec.sent_date, "sent_date")
    changed = False
    if rec.sent and m.status != Status.SENT.value:
        m.status = Status.SENT.value  # the server's move; see upsert_remote
        if not new_in_batch:
            _record(
                session, m, now=now, actor=ENGINE_ACTOR, kind="sent", detail="sent by the server"
            )
        changed = True
    if sent_date is not None and sent_date != m.sent_at:
        m.sent_at = sent_date
        changed = True
    if changed:
        m.updated_at = now


# ---- settings -------------------------------------------------------------------------------


def get_setting(db: Database, key: str, default: str | None = None) -> str | None:
    with db.session() as session:
        found = session.get(Setting, key)
        return default if found is None else found.value


def set_setting(db: Database, key: str, value: str) -> None:
    """Store a non-secret setting. Keys that name a secret are refused: those go to the OS
    keyring, never to this file (invariant 6)."""
    if any(hint in key.lower() for hint in _SECRET_HINTS):
        raise ValueError(f"{key!r} looks like a secret; store it in the keyring instead")
    with db.write() as session:
        found = session.get(Setting, key)
        if found is None:
            session.add(Setting(key=key, value=value))
        else:
            found.value = value


@contextmanager
def batch(db: Database) -> Iterator[OutboxBatch]:
    """One BEGIN IMMEDIATE transaction for several outcomes, committed on exit.

    The engine records every send that finished while it was busy in one commit instead
    of one commit (and fsync) each; an error rolls back the whole batch, and the rows stay
    SENDING, which the next pass reconciles (nothing is lost or sent twice).
    """
    with engine_writes.batch(db) as marks:
        yield marks
