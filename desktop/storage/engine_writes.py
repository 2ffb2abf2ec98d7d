"""The engine's per-message writes, ``claim_due`` and ``OutboxBatch``, in hand-written SQL.

Why not the ORM like the rest of repository.py: these run for every message the engine
sends, on the one thread that feeds the senders, and a drain of 10,000 messages spent most
of its time here (bench figure drain.10k). The ORM built a Message per row, flushed one
UPDATE per changed column set and one ``INSERT ... RETURNING`` per event, and looked up each
server id on its own. Every sqlite3 call lets go of the GIL, and getting it back from four
busy sender threads is what cost the most: so the work here is a handful of statements per
group of messages whatever its size (two SELECTs, one executemany UPDATE, one executemany
INSERT), rows come back as tuples decoded by log_reads.message_row(), and new snapshots are
made with log_reads.changed_row().

What does not change (repository.py's module docstring): every state change is checked by
check_transition, sets updated_at, and writes the same event (kind, actor, detail) in the
same BEGIN IMMEDIATE transaction as the change, and SQLite errors are translated into
StorageError. The statements run on a bare cursor of a pooled connection
(``Database.writing()``): SQLAlchemy's execution around each cost as much again as the
dispatch thread's own work (drain.10k 1.32-1.37x -> 1.25x the bare loop), so engine
statement listeners do not see them; tests/integration/test_storage_query_plans.py reads
the plans from the SQLite connections' trace instead.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from datetime import datetime, timedelta
from itertools import chain
from typing import Any

from desktop.domain.status import Status, check_transition
from desktop.storage.database import Database
from desktop.storage.errors import MessageNotFound, ServerIdTaken
from desktop.storage.log_reads import SELECT_ROWS, changed_row, message_row
from desktop.storage.models import Origin
from desktop.storage.records import MessageRow
from desktop.storage.utc_time import EPOCH, aware_or_none, iso_seconds, require_aware, to_micros

__all__ = ["ENGINE_ACTOR", "OutboxBatch", "RowChanged", "batch", "claim_due"]

ENGINE_ACTOR = "engine"
_IN_CHUNK = 500  # stays far below SQLite's limit on bound parameters
_ONE_MICROSECOND = timedelta(microseconds=1)

# The claim's two SELECTs have the shape the ORM emitted, so SQLite keeps its plans: each
# walks its status index in (due_at, id) order and stops at the limit (see
# tests/integration/test_storage_query_plans.py). One query with OR over the two statuses
# could not use an index for its order: a drain of N would cost N squared.
_STILL_ALLOWED = " AND origin = ? AND (no_later_than IS NULL OR no_later_than >= ?)"
_DUE_QUEUED = SELECT_ROWS + " WHERE status = ? AND due_at <= ?" + _STILL_ALLOWED
_DUE_RETRY = SELECT_ROWS + " WHERE status = ? AND next_attempt_at <= ?" + _STILL_ALLOWED
_AFTER = " AND (due_at, id) > (?, ?)"
_DUE_ORDER = " ORDER BY due_at, id LIMIT ?"

_CLAIMABLE = frozenset({Status.QUEUED, Status.RETRY_WAIT})
_BY_ID = SELECT_ROWS + " WHERE id = ?"
_HOLDER = "SELECT id, origin FROM messages WHERE server_id = ? AND id != ?"

# Every column a move may change, whichever move it is: one statement shape for every move.
# Writing an unchanged column again is harmless: the row was read in this same write
# transaction, so no other writer changed it meanwhile.
_MUTABLE = (
    "status",
    "updated_at",
    "attempts",
    "next_attempt_at",
    "sending_started_at",
    "last_error",
    "last_error_code",
    "server_id",
    "server_created_at",
    "server_to_send_date",
    "sent_at",
)
_EVENT_COLUMNS = ("message_id", "at", "actor", "kind", "detail")
# Many rows per statement, not executemany: sqlite3 lets go of the GIL for every row it
# steps, and each time, the four sender threads may keep it for up to a switch interval.
_ROWS_PER_STATEMENT = 500  # x 12 parameters, far below SQLite's limit of 32,766


def _values(rows: int, width: int) -> str:
    one = "(" + ", ".join("?" * width) + ")"
    return ", ".join([one] * rows)


# What a move's row must still hold when it is written: the status, attempts and
# updated_at it was moved from. Every change to a message sets updated_at.
_GUARD = ("status", "attempts", "updated_at")


def _update_sql(rows: int) -> str:
    """UPDATE ... FROM a VALUES list of (the _MUTABLE columns..., id, the _GUARD columns...):
    one statement for ``rows`` rows, each found by its primary key, each changed only if
    it still is as the move found it."""
    n = len(_MUTABLE)
    sets = ", ".join(f"{name} = v.column{i}" for i, name in enumerate(_MUTABLE, start=1))
    guard = " AND ".join(
        f"messages.{name} = v.column{i}" for i, name in enumerate(_GUARD, start=n + 2)
    )
    return (
        f"UPDATE messages SET {sets} FROM (VALUES {_values(rows, n + 1 + len(_GUARD))}) AS v"
        f" WHERE messages.id = v.column{n + 1} AND {guard}"
    )


def _insert_events_sql(rows: int) -> str:
    return (
        f"INSERT INTO message_events ({', '.join(_EVENT_COLUMNS)})"
        f" VALUES {_values(rows, len(_EVENT_COLUMNS))}"
    )


def _chunked(items: Sequence[tuple[Any, ...]]) -> Iterator[Sequence[tuple[Any, ...]]]:
    for start in range(0, len(items), _ROWS_PER_STATEMENT):
        yield items[start : start + _ROWS_PER_STATEMENT]


def _micros(value: datetime) -> int:
    """utc_time.to_micros without its require_aware(): every instant here already went
    through it (a caller's, checked at the door) or was decoded by message_row() as UTC.
    A naive one still fails: it cannot be subtracted from the aware EPOCH."""
    return (value - EPOCH) // _ONE_MICROSECOND


def _micros_or_none(value: datetime | None) -> int | None:
    return None if value is None else _micros(value)


class RowChanged(RuntimeError):
    """A row changed between the snapshot a move was made from and the write (adopt)."""

    def __init__(self, count: int) -> None:
        super().__init__(f"{count} message(s) changed under a batch; nothing was written")


# ---- claiming -------------------------------------------------------------------------------


def _due_batch(
    conn: sqlite3.Cursor, *, now: int, after: tuple[int, int] | None, limit: int
) -> list[MessageRow]:
    """The next ``limit`` claimable rows in due order; ``after`` is (due_at µs, id)."""
    allowed: tuple[Any, ...] = (Origin.DESK.value, now)
    tail = _DUE_ORDER
    if after is not None:  # skip past the ones quiet hours turned down
        allowed += after
        tail = _AFTER + _DUE_ORDER
    found = [
        *conn.execute(_DUE_QUEUED + tail, (Status.QUEUED.value, now, *allowed, limit)).fetchall(),
        *conn.execute(
            _DUE_RETRY + tail, (Status.RETRY_WAIT.value, now, *allowed, limit)
        ).fetchall(),
    ]
    # due_at and id are the SELECT's 7th and 1st columns.
    found.sort(key=lambda values: (values[6], values[0]))
    return [message_row(values) for values in found[:limit]]


def claim_due(
    db: Database,
    *,
    now: datetime,
    limit: int,
    quiet_hours_ok: Callable[[MessageRow], bool] | None = None,
) -> list[MessageRow]:
    """See repository.claim_due."""
    now = require_aware(now, "now")
    if limit <= 0:
        return []
    with batch(db) as marks:
        return marks.claim_due(now=now, limit=limit, quiet_hours_ok=quiet_hours_ok)


# ---- recording outcomes ---------------------------------------------------------------------


class OutboxBatch:
    """Several engine outcomes recorded in one transaction (see ``batch``).

    Each method is the repository function of the same name without ``db``: the same
    checks, the same events, only the commit is shared. The writes go out when the batch
    ends (or before a merge deletes a row); the returned rows are as they will be stored.
    """

    def __init__(self, conn: sqlite3.Cursor) -> None:
        self._conn = conn
        # Moves made so far, written at ``flush`` with one statement each for the rows and
        # the events. Per row only its last state: each holds every _MUTABLE column.
        self._updates: dict[int, tuple[Any, ...]] = {}
        self._events: list[tuple[Any, ...]] = []
        self._requeued = False  # a pending move made a row claimable again
        self._rows: dict[int, MessageRow] = {}
        # Server id -> (id, origin) of the row holding it, for the ids preload looked up.
        self._holders: dict[int, tuple[int, str]] = {}
        self._looked_up: set[int] = set()

    def adopt(self, rows: Sequence[MessageRow]) -> None:
        """Mark these rows from the caller's snapshots instead of reading them: the engine
        holds each message it sends as its own claim left it. A move made from a snapshot
        is checked against it (check_transition) and written only where the stored row
        still is as the snapshot says; else the batch fails (RowChanged) and rolls back,
        as a move made from a stored row that had changed fails its check."""
        for row in rows:
            self._rows[row.id] = row

    def preload(self, message_ids: Sequence[int], *, server_ids: Sequence[int] = ()) -> None:
        """Read these rows, and the rows holding these server ids, in one query: each mark
        below then finds what it needs without a query of its own."""
        ids, wanted = list(message_ids), sorted(set(server_ids))
        id_set, wanted_set = set(ids), set(wanted)
        for start in range(0, max(len(ids), len(wanted)), _IN_CHUNK):
            id_part, server_part = ids[start : start + _IN_CHUNK], wanted[start : start + _IN_CHUNK]
            terms = []
            if id_part:
                terms.append(f"id IN ({', '.join('?' * len(id_part))})")
            if server_part:
                terms.append(f"server_id IN ({', '.join('?' * len(server_part))})")
            sql = SELECT_ROWS + " WHERE " + " OR ".join(terms)
            for values in self._conn.execute(sql, (*id_part, *server_part)).fetchall():
                row = message_row(values)
                if row.id in id_set:
                    self._rows[row.id] = row
                if row.server_id in wanted_set:
                    self._holders[row.server_id] = (row.id, row.origin)
        self._looked_up.update(wanted)

    def flush(self) -> None:
        """Write the moves made so far: rows before events, as the ORM flushed them, and
        the events in the order the moves were made (their ids say so)."""
        for part in _chunked(list(self._updates.values())):
            flat = tuple(chain.from_iterable(part))
            changed = self._conn.execute(_update_sql(len(part)), flat).rowcount
            if changed != len(part):
                raise RowChanged(len(part) - changed)
        for part in _chunked(self._events):
            flat = tuple(chain.from_iterable(part))
            self._conn.execute(_insert_events_sql(len(part)), flat)
        self._updates = {}
        self._events = []
        self._requeued = False

    def _row(self, message_id: int) -> MessageRow:
        row = self._rows.get(message_id)
        if row is None:
            values = self._conn.execute(_BY_ID, (message_id,)).fetchone()
            if values is None:
                raise MessageNotFound(message_id)
            row = message_row(values)
        return row

    def _move(
        self,
        row: MessageRow,
        target: Status,
        *,
        now: datetime,
        kind: str,
        detail: str,
        **changes: Any,
    ) -> MessageRow:
        """The one way a status changes here, as repository._move: checked, stamped, and
        written down. Returns the row as it is after the move."""
        check_transition(row.status, target)
        new = changed_row(row, status=target, updated_at=now, **changes)
        at = _micros(now)
        pending = self._updates.get(new.id)
        # A second move of a row in this batch keeps the first one's guard: the stored row
        # is still as the first move found it.
        guard = (
            (row.status.value, row.attempts, _micros(row.updated_at))
            if pending is None
            else pending[-len(_GUARD) :]
        )
        self._updates[new.id] = (
            target.value,
            at,
            new.attempts,
            _micros_or_none(new.next_attempt_at),
            _micros_or_none(new.sending_started_at),
            new.last_error,
            new.last_error_code,
            new.server_id,
            _micros_or_none(new.server_created_at),
            _micros_or_none(new.server_to_send_date),
            _micros_or_none(new.sent_at),
            new.id,
            *guard,
        )
        self._events.append((new.id, at, ENGINE_ACTOR, kind, detail))
        self._rows[new.id] = new  # a second move of it in this batch starts from here
        self._requeued |= target in _CLAIMABLE
        return new

    def claim_due(
        self,
        *,
        now: datetime,
        limit: int,
        quiet_hours_ok: Callable[[MessageRow], bool] | None = None,
    ) -> list[MessageRow]:
        """repository.claim_due in this batch's transaction: the engine claims the next
        messages in the same commit that records the last ones' outcomes. The claimed rows
        are SENDING on disk once the batch has committed: send them only after that."""
        now = require_aware(now, "now")
        if limit <= 0:
            return []
        # A message this batch put back in the queue is claimable, as after a commit of its
        # own: the claim's SELECTs must see that move. The others (sent, failed, ...) leave
        # rows no claim takes, so they go out with the claims, in one statement.
        if self._requeued:
            self.flush()
        now_micros = to_micros(now)
        chunk = limit if quiet_hours_ok is None else max(limit, 64)
        claimed: list[MessageRow] = []
        after: tuple[int, int] | None = None
        while len(claimed) < limit:
            batch = _due_batch(self._conn, now=now_micros, after=after, limit=chunk)
            for row in batch:
                after = (_micros(row.due_at), row.id)
                if quiet_hours_ok is not None and not quiet_hours_ok(row):
                    continue
                attempt = row.attempts + 1
                claimed.append(
                    self._move(
                        row,
                        Status.SENDING,
                        now=now,
                        kind="claimed",
                        detail=f"attempt {attempt}",
                        attempts=attempt,
                        sending_started_at=now,
                    )
                )
                if len(claimed) == limit:
                    break
            if len(batch) < chunk:
                break
        return claimed

    def _holder(self, server_id: int, message_id: int) -> tuple[int, str] | None:
        """Another row that holds ``server_id`` already, as (id, origin)."""
        if server_id in self._looked_up:
            holder = self._holders.get(server_id)
            return None if holder is None or holder[0] == message_id else holder
        found = self._conn.execute(_HOLDER, (server_id, message_id)).fetchone()
        return None if found is None else (found[0], found[1])

    def mark_sent(
        self,
        message_id: int,
        *,
        now: datetime,
        server_id: int | None,
        server_created_at: datetime | None = None,
        server_to_send_date: datetime | None = None,
        sent_at: datetime | None = None,
    ) -> MessageRow:
        now = require_aware(now, "now")
        row = self._row(message_id)
        merged = ""
        if server_id is not None:
            other = self._holder(server_id, message_id)
            if other is not None:
                other_id, origin = other
                if origin != Origin.ELSEWHERE:
                    raise ServerIdTaken(message_id, server_id, other_id)
                merged = f"; replaces message {other_id}, imported from the server's log"
                # Written out first, as the ORM flushed before the delete; its events go
                # with it (ON DELETE CASCADE).
                self.flush()
                self._conn.execute("DELETE FROM messages WHERE id = ?", (other_id,))
                self._holders.pop(server_id, None)
                self._rows.pop(other_id, None)
        if row.status is Status.UNCONFIRMED:
            kind, detail = "reconciled", f"attempt {row.attempts} found in the server's log"
        else:
            kind, detail = "sent", f"attempt {row.attempts} accepted"
        if server_id is not None:
            detail += f" (server id {server_id})"
        return self._move(
            row,
            Status.SENT,
            now=now,
            kind=kind,
            detail=detail + merged,
            server_id=server_id,
            server_created_at=aware_or_none(server_created_at, "server_created_at"),
            server_to_send_date=aware_or_none(server_to_send_date, "server_to_send_date"),
            sent_at=aware_or_none(sent_at, "sent_at"),
            next_attempt_at=None,
            last_error=None,
            last_error_code=None,
        )

    def mark_retry(
        self,
        message_id: int,
        *,
        now: datetime,
        next_attempt_at: datetime,
        error: str,
        error_code: str,
    ) -> MessageRow:
        now = require_aware(now, "now")
        next_attempt_at = require_aware(next_attempt_at, "next_attempt_at")
        row = self._row(message_id)
        return self._move(
            row,
            Status.RETRY_WAIT,
            now=now,
            kind="retry",
            detail=f"attempt {row.attempts}: {error_code}; next try {iso_seconds(next_attempt_at)}",
            next_attempt_at=next_attempt_at,
            last_error=error,
            last_error_code=error_code,
        )

    def mark_failed(
        self, message_id: int, *, now: datetime, error: str, error_code: str
    ) -> MessageRow:
        now = require_aware(now, "now")
        row = self._row(message_id)
        return self._move(
            row,
            Status.FAILED,
            now=now,
            kind="failed",
            detail=f"attempt {row.attempts}: {error_code}",
            next_attempt_at=None,
            last_error=error,
            last_error_code=error_code,
        )

    def mark_unconfirmed(self, message_id: int, *, now: datetime, error: str) -> MessageRow:
        now = require_aware(now, "now")
        row = self._row(message_id)
        what = (
            "still unconfirmed" if row.status is Status.UNCONFIRMED else "no answer from the server"
        )
        return self._move(
            row,
            Status.UNCONFIRMED,
            now=now,
            kind="unconfirmed",
            detail=f"attempt {row.attempts}: {what}",
            last_error=error,
            last_error_code="unconfirmed",
        )

    def requeue(
        self, message_id: int, *, now: datetime, reason: str, refund_attempt: bool = False
    ) -> MessageRow:
        now = require_aware(now, "now")
        row = self._row(message_id)
        kind = "reconciled" if row.status is Status.UNCONFIRMED else "requeued"
        detail = reason
        attempts = row.attempts
        if refund_attempt and attempts > 0:
            detail += f"; attempt {attempts} given back"
            attempts -= 1
        return self._move(
            row,
            Status.QUEUED,
            now=now,
            kind=kind,
            detail=detail,
            attempts=attempts,
            next_attempt_at=None,
            sending_started_at=None,
            last_error=reason,
            last_error_code=None,
        )


@contextmanager
def batch(db: Database) -> Iterator[OutboxBatch]:
    """See repository.batch."""
    with db.writing() as conn:
        marks = OutboxBatch(conn)
        yield marks
        marks.flush()  # then db.write() commits; when the block raised, it rolls back
