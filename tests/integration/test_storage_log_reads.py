"""log_reads.py (the log's hand-written SQL) against the ORM and a plain Python filter.

The log's pages and counts skip the ORM for speed, so nothing but these tests says that
they still read what repository.get() reads, and that each filter still means what the log
view promises. Every row of a real outbox file is compared: each status, each optional
field set and unset, instants before the epoch and at datetime's limits.
"""

from __future__ import annotations

import pickle
import random
from collections.abc import Callable, Iterator
from dataclasses import asdict, fields, replace
from datetime import UTC, datetime, timedelta, timezone

import pytest
from sqlmodel import select

from desktop.domain.status import Status
from desktop.storage import log_reads
from desktop.storage import repository as repo
from desktop.storage.database import Database, open_database
from desktop.storage.log_reads import _at, message_row
from desktop.storage.models import Message
from desktop.storage.repository import Cursor, LogFilter, MessageRow, NewMessage, RemoteRecord
from desktop.storage.utc_time import from_micros, to_micros

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
STOCKHOLM_WINTER = timezone(timedelta(hours=1))
# The first of these is "+" alone, the rest are ranges and fragments of the ones below.
RECEIVERS = (
    "+46701234567",
    "+46709876543",
    "+46709000001",
    "+4670999",
    "+46710000000",
    "+4791234567",
    "0709123456",
    "+467",
)
BODIES = (
    "Hej Åsa, välkommen på tisdag",
    "ÅSA: glöm inte kvittot",
    "Ärende: 50% rabatt idag",
    "ärende 50 kr idag",
    "snake_case i texten",
    "snakeXcase utan understreck",
    "Straße 5, portkod 1234",
    "STRASSE 7\nandra raden",
    "Bara text",
)
# Instants at the edges of what a datetime holds, before the epoch, and to the microsecond.
DATETIME_MIN_MICROS = to_micros(datetime.min.replace(tzinfo=UTC))
DATETIME_MAX_MICROS = to_micros(datetime.max.replace(tzinfo=UTC))


def _due(i: int) -> datetime:
    # Few distinct values: many rows share a due time, so pages split ties by id.
    return T0 - timedelta(minutes=i % 5, microseconds=i % 3)


def _new(i: int, due: datetime, *, no_later_than: datetime | None = None) -> NewMessage:
    """Every other one has a send-no-later-than, every third a booking, and so on."""
    if no_later_than is None and i % 2 == 0:
        no_later_than = due + timedelta(days=2, microseconds=1)
    return NewMessage(
        receiver=RECEIVERS[i % len(RECEIVERS)],
        body=f"{BODIES[i % len(BODIES)]} #{i}",
        due_at=due,
        no_later_than=no_later_than,
        created_by="Anna",
        booking_id=None if i % 3 else 40_000 + i,
        batch_id=None if i % 4 else f"batch-{i % 8}",
        send_anyway=i % 5 == 0,
    )


def _every_status(db: Database) -> None:
    """Rows in every status, moved there by the repository as the engine and desk would."""
    # Past their send-no-later-than before they could go: EXPIRED.
    late = [
        _new(i, T0 - timedelta(hours=5), no_later_than=T0 - timedelta(hours=1)) for i in range(6)
    ]
    repo.enqueue_many(db, late, now=T0 - timedelta(days=1))
    assert len(repo.expire_stale(db, now=T0)) == len(late)

    # Later today: QUEUED, a few CANCELLED.
    later = [_new(i, T0 + timedelta(hours=1 + i % 4)) for i in range(30)]
    for row in repo.enqueue_many(db, later, now=T0)[::4]:
        repo.cancel(db, row.id, actor="Anna", now=T0)

    # Due now: claimed (SENDING), then each outcome.
    due = repo.enqueue_many(db, [_new(i, _due(i)) for i in range(60)], now=T0 - timedelta(hours=1))
    claimed = repo.claim_due(db, now=T0, limit=len(due))
    assert len(claimed) == len(due)
    at = T0 + timedelta(seconds=3, microseconds=123_457)
    for i, row in enumerate(claimed):
        match i % 6:
            case 1:
                repo.mark_sent(
                    db,
                    row.id,
                    now=at,
                    server_id=700_000 + i,
                    server_created_at=at - timedelta(microseconds=1),
                    server_to_send_date=row.due_at,
                    sent_at=at,
                )
            case 2:
                repo.mark_retry(
                    db,
                    row.id,
                    now=at,
                    next_attempt_at=at + timedelta(minutes=4),
                    error="BokaMera did not answer (503).",
                    error_code="http_503",
                )
            case 3:
                repo.mark_failed(db, row.id, now=at, error="Invalid number.", error_code="invalid")
            case 4:
                repo.mark_unconfirmed(db, row.id, now=at, error="No answer.")
            case 5:  # reconciled without anything from the server: SENT, server fields None
                repo.mark_unconfirmed(db, row.id, now=at, error="No answer.")
                repo.mark_sent(db, row.id, now=at, server_id=None)
            case _:
                pass  # left SENDING

    # From BokaMera's log: origin "elsewhere", sent or still waiting there.
    repo.upsert_remote(
        db,
        [
            RemoteRecord(
                server_id=800_000 + i,
                receiver=RECEIVERS[i % len(RECEIVERS)],
                body=f"{BODIES[i % len(BODIES)]} (server {i})",
                created=None if i % 2 else T0 - timedelta(days=3),
                to_send_date=None if i % 3 == 0 else _due(i) - timedelta(days=1),
                sent=i % 4 != 0,
                sent_date=None if i % 4 == 0 else T0 - timedelta(days=1, microseconds=i),
                booking_id=None if i % 2 else 60_000 + i,
            )
            for i in range(24)
        ],
        now=T0,
    )


def _extremes(db: Database) -> tuple[int, int]:
    """One row with every optional column set, at instants no repository call writes
    (before the epoch, datetime's limits), and one with every optional column NULL."""
    full, bare = repo.enqueue_many(db, [_new(1, T0), _new(2, T0)], now=T0)
    set_all = """
        UPDATE messages SET status = 'retry_wait', due_at = ?, no_later_than = ?,
            created_at = ?, updated_at = ?, attempts = 7, next_attempt_at = ?,
            sending_started_at = ?, last_error = ?, last_error_code = 'c', server_id = ?,
            server_created_at = ?, server_to_send_date = ?, sent_at = ?, send_anyway = 1,
            booking_id = ?, batch_id = 'b' WHERE id = ?
    """
    set_none = """
        UPDATE messages SET no_later_than = NULL, next_attempt_at = NULL,
            sending_started_at = NULL, last_error = NULL, last_error_code = NULL,
            server_id = NULL, server_created_at = NULL, server_to_send_date = NULL,
            sent_at = NULL, send_anyway = 0, booking_id = NULL, batch_id = NULL, due_at = ?
        WHERE id = ?
    """
    with db.write() as session:
        session.connection().exec_driver_sql(
            set_all,
            (
                -1,  # due a microsecond before the epoch
                0,
                DATETIME_MIN_MICROS,
                DATETIME_MAX_MICROS,
                1,
                -86_400_000_001,
                "Line one\nline two",
                2**53,
                1_772_442_000_123_456,
                -62_000_000_000_000_000,
                to_micros(T0) + 999_999,
                2**40,
                full.id,
            ),
        )
        session.connection().exec_driver_sql(set_none, (to_micros(T0), bare.id))
    return full.id, bare.id


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Database]:
    database = open_database(tmp_path_factory.mktemp("log_reads") / "outbox.sqlite3")
    _every_status(database)
    _extremes(database)
    yield database
    database.close()


@pytest.fixture(scope="module")
def orm_rows(db: Database) -> list[MessageRow]:
    """Every row as repository.get() (the ORM) reads it, newest first as the log shows."""
    with db.session() as session:
        every_id = session.exec(select(Message.id)).all()
    rows = [repo.get(db, message_id) for message_id in every_id]
    assert all(row is not None for row in rows)
    return sorted(rows, key=lambda r: (r.due_at, r.id), reverse=True)  # type: ignore[union-attr,return-value]


def every_page(db: Database, flt: LogFilter, size: int) -> list[MessageRow]:
    """Keyset paging from the newest to the end, checking each page's shape on the way."""
    seen: list[MessageRow] = []
    cursor = None
    while True:
        page = log_reads.log_page(db, flt, after=cursor, limit=size)
        assert not {r.id for r in seen} & {r.id for r in page.rows}, "a row came again"
        seen.extend(page.rows)
        if page.next_cursor is None:
            assert len(page.rows) <= size
            return seen
        assert len(page.rows) == size  # only the last page may be short
        assert page.next_cursor == Cursor(due_at=page.rows[-1].due_at, id=page.rows[-1].id)
        cursor = page.next_cursor


def same_row(got: MessageRow, want: MessageRow) -> None:
    """Equal, and equal in kind: == alone takes 1 for True, "sent" for Status.SENT, and any
    zone for UTC."""
    assert got == want
    for f in fields(MessageRow):
        a, b = getattr(got, f.name), getattr(want, f.name)
        assert type(a) is type(b), f.name
        if isinstance(a, datetime):
            assert a.tzinfo is UTC and b.tzinfo is UTC, f.name
    assert repr(got) == repr(want)
    assert hash(got) == hash(want)


# ---- decoding a row -------------------------------------------------------------------------


def test_the_sample_covers_every_status_and_both_sides_of_every_optional_field(
    orm_rows: list[MessageRow],
) -> None:
    assert {r.status for r in orm_rows} == set(Status)
    assert {r.send_anyway for r in orm_rows} == {True, False}
    assert {r.origin for r in orm_rows} == {"desk", "elsewhere"}
    optional = [f.name for f in fields(MessageRow) if "None" in str(f.type)]
    assert len(optional) == 11
    for name in optional:
        assert {getattr(r, name) is None for r in orm_rows} == {True, False}, name
    assert any(all(getattr(r, name) is not None for name in optional) for r in orm_rows)
    assert any(all(getattr(r, name) is None for name in optional) for r in orm_rows)


def test_pages_decode_every_row_exactly_as_the_orm_does(
    db: Database, orm_rows: list[MessageRow]
) -> None:
    rows = every_page(db, LogFilter(), 1000)
    assert [r.id for r in rows] == [r.id for r in orm_rows]
    for got, want in zip(rows, orm_rows, strict=True):
        same_row(got, want)


def raw_rows(db: Database, count: int) -> list[tuple[object, ...]]:
    """The newest ``count`` rows as the SELECT returns them, before decoding."""
    query = log_reads.page_query(LogFilter(), after=None, limit=count)
    assert query is not None
    with db.session() as session:
        found = session.connection().exec_driver_sql(query.sql, query.params).all()
    return [tuple(values) for values in found[:count]]


def test_message_row_of_a_raw_select_row_is_the_orms_row(
    db: Database, orm_rows: list[MessageRow]
) -> None:
    found = raw_rows(db, len(orm_rows))
    assert len(found) == len(orm_rows)
    for values, want in zip(found, orm_rows, strict=True):
        same_row(message_row(values), want)


def test_a_decoded_row_behaves_as_a_constructed_one(
    db: Database, orm_rows: list[MessageRow]
) -> None:
    # message_row() fills __dict__ instead of calling __init__: the dataclass machinery
    # must not be able to tell.
    for values, want in zip(raw_rows(db, len(orm_rows)), orm_rows, strict=True):
        got = message_row(values)
        assert pickle.loads(pickle.dumps(got)) == want
        assert asdict(got) == asdict(want)
        assert replace(got, body="changed") == replace(want, body="changed")
        assert replace(got) == want
        with pytest.raises(AttributeError):
            got.body = "changed"  # type: ignore[misc]


def test_an_unknown_status_in_a_row_is_refused(db: Database) -> None:
    values = list(raw_rows(db, 1)[0])
    values[4] = "bogus"
    with pytest.raises(ValueError, match="bogus"):
        message_row(values)


SAMPLE_MICROS = [
    DATETIME_MIN_MICROS,
    -62_000_000_000_000_000,
    -86_400_000_001,
    -1_000_000,
    -999_999,
    -1,
    0,
    1,
    999_999,
    1_000_000,
    to_micros(T0),
    to_micros(T0) + 123_457,
    2**53,
    DATETIME_MAX_MICROS,
]


@pytest.mark.parametrize("micros", SAMPLE_MICROS)
def test_at_is_from_micros(micros: int) -> None:
    got, want = _at(micros), from_micros(micros)
    assert got == want
    assert got.tzinfo is UTC
    assert repr(got) == repr(want)
    assert to_micros(got) == micros


def test_at_is_from_micros_to_the_microsecond_over_a_wide_range() -> None:
    rng = random.Random(20260302)
    for _ in range(20_000):
        micros = rng.randint(DATETIME_MIN_MICROS, DATETIME_MAX_MICROS)
        assert _at(micros) == from_micros(micros), micros
        near = to_micros(T0) + rng.randint(-(10**9), 10**9)
        assert _at(near) == from_micros(near), near


@pytest.mark.parametrize("micros", [DATETIME_MIN_MICROS - 1, DATETIME_MAX_MICROS + 1])
def test_at_and_from_micros_both_refuse_instants_a_datetime_cannot_hold(micros: int) -> None:
    with pytest.raises(OverflowError):
        from_micros(micros)
    with pytest.raises(OverflowError):
        _at(micros)


# ---- filters against a plain Python filter ------------------------------------------------


def matches(row: MessageRow, flt: LogFilter) -> bool:
    """What LogFilter promises (records.py, LogView), written as plainly as possible."""
    if flt.statuses is not None and row.status not in flt.statuses:
        return False
    if flt.receiver:
        typed = "".join(ch for ch in flt.receiver if ch in "+0123456789")
        if typed.startswith("+") and not row.receiver.startswith(typed):
            return False
        if typed and not typed.startswith("+") and typed not in row.receiver:
            return False
    if flt.text and flt.text.casefold() not in row.body.casefold():
        return False
    if flt.since is not None and row.due_at < flt.since:
        return False
    if flt.until is not None and row.due_at >= flt.until:
        return False
    return not flt.origin or row.origin == flt.origin


FILTERS: dict[str, LogFilter] = {
    "nothing": LogFilter(),
    "empty strings": LogFilter(receiver="", text="", origin=""),
    **{f"status {s.value}": LogFilter(statuses=frozenset({s})) for s in Status},
    "every status": LogFilter(statuses=frozenset(Status)),
    "two statuses": LogFilter(statuses=frozenset({Status.FAILED, Status.EXPIRED})),
    "plus alone": LogFilter(receiver="+"),
    "prefix": LogFilter(receiver="+4670"),
    "prefix ending in 9": LogFilter(receiver="+46709"),
    "longer prefix ending in 9": LogFilter(receiver="+4670999"),
    "prefix of one country": LogFilter(receiver="+47"),
    "prefix nobody has": LogFilter(receiver="+9"),
    "prefix typed with spaces": LogFilter(receiver="+46 70-9"),
    "whole number": LogFilter(receiver="+46701234567"),
    "digits anywhere": LogFilter(receiver="0709"),
    "digits with spaces": LogFilter(receiver="12 34-56"),
    "digits ending in 9": LogFilter(receiver="999"),
    "plus inside, nobody": LogFilter(receiver="46+70"),
    "no digits": LogFilter(receiver="abc"),
    "text lower": LogFilter(text="åsa"),
    "text upper": LogFilter(text="ÅSA"),
    "text mixed": LogFilter(text="äRENDE"),
    "text percent": LogFilter(text="50%"),
    "text percent alone": LogFilter(text="%"),
    "text underscore": LogFilter(text="e_c"),
    "text underscore alone": LogFilter(text="_"),
    "text sharp s": LogFilter(text="ß"),
    "text across lines": LogFilter(text="7\nandra"),
    "text nobody wrote": LogFilter(text="zzz"),
    "since a tie": LogFilter(since=_due(2)),
    "until a tie": LogFilter(until=_due(2)),
    "since and until": LogFilter(since=T0 - timedelta(minutes=3), until=T0 + timedelta(hours=2)),
    "since in another zone": LogFilter(
        since=(T0 - timedelta(minutes=2)).astimezone(STOCKHOLM_WINTER)
    ),
    "until before since": LogFilter(since=T0, until=T0 - timedelta(hours=1)),
    "until the epoch": LogFilter(until=datetime(1970, 1, 1, tzinfo=UTC)),
    "origin desk": LogFilter(origin="desk"),
    "origin elsewhere": LogFilter(origin="elsewhere"),
    "origin nobody": LogFilter(origin="nowhere"),
    "everything at once": LogFilter(
        statuses=frozenset({Status.QUEUED, Status.SENT, Status.CANCELLED}),
        receiver="+46709",
        text="ärende",
        since=T0 - timedelta(days=2),
        until=T0 + timedelta(hours=3),
        origin="desk",
    ),
}


@pytest.mark.parametrize("flt", FILTERS.values(), ids=FILTERS.keys())
def test_a_filter_reads_exactly_the_rows_it_promises(
    db: Database, orm_rows: list[MessageRow], flt: LogFilter
) -> None:
    want = [r.id for r in orm_rows if matches(r, flt)]
    assert [r.id for r in every_page(db, flt, 7)] == want
    assert log_reads.log_count(db, flt) == len(want)


def test_the_filters_are_not_trivial(orm_rows: list[MessageRow]) -> None:
    # Each text, receiver and status case must separate rows, or it would prove nothing.
    for name, flt in FILTERS.items():
        kept = sum(matches(r, flt) for r in orm_rows)
        if name in ("nothing", "empty strings", "every status", "no digits"):
            assert kept == len(orm_rows), name
        elif "nobody" in name or name in ("until before since", "until the epoch"):
            assert kept == (1 if name == "until the epoch" else 0), name
        else:
            assert 0 < kept < len(orm_rows), name


def test_an_empty_set_of_statuses_reads_nothing(db: Database) -> None:
    for flt in (LogFilter(statuses=frozenset()), LogFilter(statuses=frozenset(), text="Hej")):
        page = log_reads.log_page(db, flt)
        assert page.rows == [] and page.next_cursor is None
        assert log_reads.log_count(db, flt) == 0
        assert log_reads.page_query(flt, after=None, limit=10) is None
        assert log_reads.count_query(flt) is None


def test_values_travel_as_parameters_never_in_the_sql() -> None:
    flt = LogFilter(
        statuses=frozenset({Status.SENT}),
        receiver="+4670'; DROP",
        text="x' OR 1=1 --",
        since=T0,
        origin="elsewhere",
    )
    after = Cursor(due_at=T0, id=4242)
    query = log_reads.page_query(flt, after=after, limit=10)
    count = log_reads.count_query(flt)
    assert query is not None and count is not None
    for sql in (query.sql, count.sql):
        assert "'" not in sql and "OR 1" not in sql and "elsewhere" not in sql and "4242" not in sql
    assert query.params[-1] == 11  # limit + 1: the extra row only says "more"


# ---- keyset paging --------------------------------------------------------------------------


@pytest.mark.parametrize("size", [1, 2, 5, 13])
def test_paging_yields_every_row_once_newest_first(
    db: Database, orm_rows: list[MessageRow], size: int
) -> None:
    rows = every_page(db, LogFilter(), size)
    keys = [(r.due_at, r.id) for r in rows]
    assert len(set(keys)) == len(keys) == len(orm_rows)
    assert keys == sorted(keys, reverse=True)
    assert [r.id for r in rows] == [r.id for r in orm_rows]


@pytest.mark.parametrize("flt", [FILTERS["prefix ending in 9"], FILTERS["text mixed"]])
def test_filtered_paging_yields_every_match_once(
    db: Database, orm_rows: list[MessageRow], flt: LogFilter
) -> None:
    want = [r.id for r in orm_rows if matches(r, flt)]
    for size in (1, 3, len(want), len(want) + 1):
        assert [r.id for r in every_page(db, flt, size)] == want


def test_a_page_that_ends_on_the_last_row_says_there_is_no_more(
    db: Database, orm_rows: list[MessageRow]
) -> None:
    page = log_reads.log_page(db, LogFilter(), limit=len(orm_rows))
    assert len(page.rows) == len(orm_rows) and page.next_cursor is None
    short = log_reads.log_page(db, LogFilter(), limit=len(orm_rows) - 1)
    assert short.next_cursor == Cursor(due_at=orm_rows[-2].due_at, id=orm_rows[-2].id)


def test_a_cursor_in_a_tie_or_between_rows_starts_strictly_after_it(
    db: Database, orm_rows: list[MessageRow]
) -> None:
    keys = [(r.due_at, r.id) for r in orm_rows]
    tied = next(i for i in range(1, len(keys)) if keys[i][0] == keys[i - 1][0])
    for due, ident in (keys[tied], (keys[tied][0], keys[tied][1] + 10**6), (T0, 0)):
        page = log_reads.log_page(db, LogFilter(), after=Cursor(due_at=due, id=ident), limit=5)
        want = [k for k in keys if k < (due, ident)][:5]
        assert [(r.due_at, r.id) for r in page.rows] == want
    # The same instant in another zone is the same cursor.
    local = Cursor(due_at=keys[tied][0].astimezone(STOCKHOLM_WINTER), id=keys[tied][1])
    assert log_reads.log_page(db, LogFilter(), after=local, limit=5).rows == (
        log_reads.log_page(db, LogFilter(), after=Cursor(*keys[tied]), limit=5).rows
    )


# ---- refusals -------------------------------------------------------------------------------

NAIVE = datetime(2026, 3, 2, 9, 0)


@pytest.mark.parametrize(
    ("read", "what"),
    [
        (lambda db: log_reads.log_page(db, LogFilter(since=NAIVE)), "since"),
        (lambda db: log_reads.log_page(db, LogFilter(until=NAIVE)), "until"),
        (lambda db: log_reads.log_count(db, LogFilter(since=NAIVE)), "since"),
        (lambda db: log_reads.log_count(db, LogFilter(until=NAIVE)), "until"),
        (
            lambda db: log_reads.log_page(db, LogFilter(), after=Cursor(due_at=NAIVE, id=1)),
            "cursor due_at",
        ),
        # Refused even when the filter can match nothing and no SQL would run.
        (lambda db: log_reads.log_count(db, LogFilter(statuses=frozenset(), until=NAIVE)), "until"),
        (lambda db: log_reads.log_page(db, LogFilter(statuses=frozenset(), since=NAIVE)), "since"),
        (
            lambda db: log_reads.log_page(
                db, LogFilter(statuses=frozenset()), after=Cursor(due_at=NAIVE, id=1)
            ),
            "cursor due_at",
        ),
    ],
)
def test_naive_datetimes_are_refused(
    db: Database, read: Callable[[Database], object], what: str
) -> None:
    with pytest.raises(ValueError, match=f"^{what} must be a timezone-aware datetime"):
        read(db)


@pytest.mark.parametrize("limit", [0, -1])
@pytest.mark.parametrize("flt", [LogFilter(), LogFilter(statuses=frozenset())])
def test_a_page_size_must_be_positive(db: Database, limit: int, flt: LogFilter) -> None:
    with pytest.raises(ValueError, match="limit must be positive"):
        log_reads.log_page(db, flt, limit=limit)
    with pytest.raises(ValueError, match="limit must be positive"):
        log_reads.page_query(flt, after=None, limit=limit)
