"""The log view's two reads, ``log_page`` and ``log_count``, in hand-written SQL.

Why not the ORM like the rest of repository.py: these run on every scroll of the log and
every keystroke in its search box, and each returns up to a page of rows. Through the ORM
(select(Message): identity map, a Message object and per-column type processing per row,
then a MessageRow copy of it) a page cost 10-14 times the SQL itself (bench figures
log.last_page and log.filter_number); a SQLAlchemy Core select still cost ~9 times. Here the
statement is text with ``?`` parameters, its rows come back as plain tuples, and one function
turns a tuple into a MessageRow.

What stays the same as everywhere else in storage:
- the connection comes from the Database's pool, set up by database.py (pragmas, the
  ``smsdesk_casefold`` function), and errors are translated into StorageError; only the
  ORM Session and SQLAlchemy's statement execution around it are left out
  (``Database.reading()``): together they cost a third as much again as the query;
- the statements are built by ``page_query`` and ``count_query``, pure functions that
  tests/integration/test_storage_query_plans.py and bench/logbench.py explain, so the
  plans they check are those of the statements the app runs;
- values only ever travel as parameters; the SQL text is built from constants alone.

The statements have the shape the ORM emitted (same WHERE terms, same ORDER BY, LIMIT), so
SQLite picks the same plans; bench/logbench.py prints them next to its baseline's.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, fields
from datetime import datetime, timedelta
from typing import Any

from desktop.domain.status import Status
from desktop.storage.database import Database
from desktop.storage.records import Cursor, LogFilter, LogPage, MessageRow
from desktop.storage.utc_time import EPOCH, require_aware, to_micros

__all__ = [
    "SELECT_ROWS",
    "Query",
    "changed_row",
    "count_query",
    "log_count",
    "log_page",
    "message_row",
    "page_query",
]

# A parameter SQLite binds: our values are only ever integers and text.
Param = int | str


@dataclass(frozen=True)
class Query:
    """One statement and its positional parameters."""

    sql: str
    params: tuple[Param, ...]


# The SELECT list is MessageRow's fields in their order: the table's columns have the same
# names, and message_row() relies on the order. Checked at import below, and by a test.
_FIELDS: tuple[str, ...] = tuple(f.name for f in fields(MessageRow))
# Also what engine_writes.py reads rows with, so both decode them with message_row().
SELECT_ROWS = f"SELECT {', '.join(_FIELDS)} FROM messages"
_COUNT = "SELECT count(*) FROM messages"
_ORDER = " ORDER BY due_at DESC, id DESC LIMIT ?"


# ---- building the statements ----------------------------------------------------------------


def _receiver_term(fragment: str) -> tuple[str, tuple[Param, ...]] | None:
    """The receiver filter: only the digits and "+" of what was typed count."""
    digits = "".join(ch for ch in fragment if ch in "+0123456789")
    if not digits:
        return None
    if digits.startswith("+"):
        # "+" only ever starts an E.164 number, so this substring is a prefix: a range on
        # the receiver index instead of a scan. The upper bound is the prefix with its last
        # character bumped, e.g. "+4670" -> ["+4670", "+4671").
        upper = digits[:-1] + chr(ord(digits[-1]) + 1)
        return "receiver >= ? AND receiver < ?", (digits, upper)
    return "instr(receiver, ?) > 0", (digits,)


def _where(flt: LogFilter) -> tuple[str, tuple[Param, ...]] | None:
    """The WHERE clause (with its leading space) and its parameters for ``flt``.

    "" when nothing filters: no WHERE at all, so SQLite keeps its count(*) shortcut.
    None when nothing can match (an empty set of statuses): there is no need to ask.
    """
    terms: list[str] = []
    params: list[Param] = []
    # Checked first, whatever else the filter says, so a naive datetime is refused even
    # when the filter can match nothing.
    since = None if flt.since is None else to_micros(require_aware(flt.since, "since"))
    until = None if flt.until is None else to_micros(require_aware(flt.until, "until"))
    if flt.statuses is not None:
        statuses = sorted(s.value for s in flt.statuses)
        if not statuses:
            return None
        terms.append(f"status IN ({', '.join('?' * len(statuses))})")
        params += statuses
    if flt.receiver:
        receiver = _receiver_term(flt.receiver)
        if receiver is not None:
            terms.append(receiver[0])
            params += receiver[1]
    if flt.text:
        # smsdesk_casefold, not lower() or LIKE: SQLite folds ASCII only (database.py).
        # instr, not LIKE: "%" and "_" typed by the user are plain characters.
        terms.append("instr(smsdesk_casefold(body), ?) > 0")
        params.append(flt.text.casefold())
    if since is not None:
        terms.append("due_at >= ?")
        params.append(since)
    if until is not None:
        terms.append("due_at < ?")
        params.append(until)
    if flt.origin:
        terms.append("origin = ?")
        params.append(flt.origin)
    if not terms:
        return "", ()
    return " WHERE " + " AND ".join(terms), tuple(params)


def page_query(flt: LogFilter, *, after: Cursor | None, limit: int) -> Query | None:
    """The statement for one log page: ``limit + 1`` rows, the extra one only says "more".

    None when the filter can match nothing.
    """
    if limit <= 0:
        raise ValueError("limit must be positive")
    cursor = (
        None
        if after is None
        else (to_micros(require_aware(after.due_at, "cursor due_at")), after.id)
    )
    where = _where(flt)
    if where is None:
        return None
    sql, params = where
    if cursor is not None:
        # Keyset paging: strictly after the previous page's last row in (due_at, id) order.
        # A row value comparison, so the due_at index (which ends in id) serves it.
        sql += (" AND " if sql else " WHERE ") + "(due_at, id) < (?, ?)"
        params += cursor
    return Query(SELECT_ROWS + sql + _ORDER, (*params, limit + 1))


def count_query(flt: LogFilter) -> Query | None:
    """The statement counting every row ``flt`` matches; None when it can match nothing."""
    where = _where(flt)
    if where is None:
        return None
    sql, params = where
    return Query(_COUNT + sql, params)


# ---- turning a row into a MessageRow -------------------------------------------------------

_ONE_MICROSECOND = timedelta(microseconds=1)


def _at(micros: int) -> datetime:
    """utc_time.from_micros, written for speed: a page holds ~7 instants per row.

    ``timedelta * int`` is exact integer arithmetic like from_micros's timedelta(microseconds=)
    but takes half the time: the timedelta constructor parses keywords and sums floats.
    The result is the same aware UTC datetime (a test compares the two).
    """
    return EPOCH + _ONE_MICROSECOND * micros


class _StatusByValue(dict[str, Status]):
    """A dict lookup instead of calling Status(value) (10x slower); an unknown value still
    raises Status's own ValueError."""

    def __missing__(self, value: str) -> Status:
        return Status(value)


_STATUS = _StatusByValue((s.value, s) for s in Status)

# MessageRow is a frozen dataclass: its generated __init__ sets each of its 23 fields with
# object.__setattr__, which costs more than the rest of decoding a row. message_row() fills
# the instance's __dict__ in one go instead; equality, hashing, repr, pickling and
# dataclasses.fields/replace/asdict work from those attributes exactly as after __init__.
# That is only sound while __init__ does nothing else, so refuse to import otherwise.
_DECODED = (
    *("id", "uuid", "receiver", "body", "status", "origin", "due_at", "no_later_than"),
    *("created_at", "created_by", "updated_at", "attempts", "next_attempt_at"),
    *("sending_started_at", "last_error", "last_error_code", "server_id", "server_created_at"),
    *("server_to_send_date", "sent_at", "send_anyway", "booking_id", "batch_id"),
)  # the order message_row() unpacks a row in
if _FIELDS != _DECODED or hasattr(MessageRow, "__post_init__") or hasattr(MessageRow, "__slots__"):
    raise ImportError("MessageRow changed: update desktop/storage/log_reads.py to match")

_new = object.__new__
_set = object.__setattr__


def message_row(values: Sequence[Any]) -> MessageRow:
    """The MessageRow of one ``SELECT <_FIELDS>`` row: aware UTC datetimes (None stays None),
    a Status, a bool ``send_anyway``, exactly as repository's snapshots."""
    (
        id_,
        uuid,
        receiver,
        body,
        status,
        origin,
        due_at,
        no_later_than,
        created_at,
        created_by,
        updated_at,
        attempts,
        next_attempt_at,
        sending_started_at,
        last_error,
        last_error_code,
        server_id,
        server_created_at,
        server_to_send_date,
        sent_at,
        send_anyway,
        booking_id,
        batch_id,
    ) = values
    row = _new(MessageRow)
    _set(
        row,
        "__dict__",
        {
            "id": id_,
            "uuid": uuid,
            "receiver": receiver,
            "body": body,
            "status": _STATUS[status],
            "origin": origin,
            "due_at": _at(due_at),
            "no_later_than": None if no_later_than is None else _at(no_later_than),
            "created_at": _at(created_at),
            "created_by": created_by,
            "updated_at": _at(updated_at),
            "attempts": attempts,
            "next_attempt_at": None if next_attempt_at is None else _at(next_attempt_at),
            "sending_started_at": None if sending_started_at is None else _at(sending_started_at),
            "last_error": last_error,
            "last_error_code": last_error_code,
            "server_id": server_id,
            "server_created_at": None if server_created_at is None else _at(server_created_at),
            "server_to_send_date": (
                None if server_to_send_date is None else _at(server_to_send_date)
            ),
            "sent_at": None if sent_at is None else _at(sent_at),
            "send_anyway": bool(send_anyway),
            "booking_id": booking_id,
            "batch_id": batch_id,
        },
    )
    return row


def changed_row(row: MessageRow, **changes: Any) -> MessageRow:
    """``dataclasses.replace(row, **changes)`` without the generated __init__ (see above):
    the engine makes one per message it claims or records. Unknown names raise TypeError,
    as replace() would."""
    unknown = changes.keys() - row.__dict__.keys()
    if unknown:
        raise TypeError(f"MessageRow has no field(s) {sorted(unknown)}")
    new = _new(MessageRow)
    _set(new, "__dict__", {**row.__dict__, **changes})
    return new


# ---- the reads ------------------------------------------------------------------------------


def _fetch(db: Database, query: Query) -> Sequence[Sequence[Any]]:
    with db.reading() as cursor:
        return cursor.execute(query.sql, query.params).fetchall()


def log_page(
    db: Database, flt: LogFilter, *, after: Cursor | None = None, limit: int = 100
) -> LogPage:
    """One page of the log, newest first by (due_at DESC, id DESC); see repository.log_page."""
    query = page_query(flt, after=after, limit=limit)
    if query is None:
        return LogPage(rows=[], next_cursor=None)
    found = _fetch(db, query)
    rows = [message_row(values) for values in found[:limit]]
    more = len(found) > limit
    next_cursor = Cursor(due_at=rows[-1].due_at, id=rows[-1].id) if more else None
    return LogPage(rows=rows, next_cursor=next_cursor)


def log_count(db: Database, flt: LogFilter) -> int:
    """How many rows ``flt`` matches in all; see repository.log_count."""
    query = count_query(flt)
    if query is None:
        return 0
    ((count,),) = _fetch(db, query)
    return int(count)
