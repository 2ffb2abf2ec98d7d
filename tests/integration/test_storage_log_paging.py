"""Keyset paging over a realistic log: every row exactly once, in order, with filters."""

from __future__ import annotations

import random
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from desktop.domain.status import Status
from desktop.storage import repository as repo
from desktop.storage.database import Database, open_database
from desktop.storage.repository import LogFilter, MessageRow, NewMessage, RemoteRecord

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
ROWS = 2000


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Database]:
    database = open_database(tmp_path_factory.mktemp("paging") / "outbox.sqlite3")
    rng = random.Random(20260302)
    news = []
    for i in range(ROWS - 200):
        # Many share a due time to the minute, so the id tie-break is really exercised.
        due = T0 + timedelta(minutes=rng.randrange(0, 600))
        body = rng.choice(["Hej Åsa, välkommen", "Påminnelse: tid imorgon", "Kvitto bifogat"])
        news.append(NewMessage(f"+4670{rng.randrange(0, 40):07d}", f"{body} #{i}", due, None, "a"))
    rows = repo.enqueue_many(database, news, now=T0)
    for row in rows[::25]:
        repo.cancel(database, row.id, actor="a", now=T0)
    repo.upsert_remote(
        database,
        [
            RemoteRecord(
                10_000 + i,
                f"+4670{i % 40:07d}",
                f"Bokning {i}",
                None,
                T0 + timedelta(minutes=i),
                True,
                None,
                None,
            )
            for i in range(200)
        ],
        now=T0,
    )
    yield database
    database.close()


def every_page(db: Database, flt: LogFilter, size: int) -> list[MessageRow]:
    seen: list[MessageRow] = []
    cursor = None
    while True:
        page = repo.log_page(db, flt, after=cursor, limit=size)
        assert len(page.rows) <= size
        seen.extend(page.rows)
        if page.next_cursor is None:
            return seen
        assert len(page.rows) == size  # only the last page may be short
        cursor = page.next_cursor


def expected(db: Database, keep: object) -> list[int]:
    everything = every_page(db, LogFilter(), 500)
    return [r.id for r in everything if keep(r)]  # type: ignore[operator]


@pytest.mark.parametrize("size", [7, 100, 2500])
def test_every_row_once_in_order(db: Database, size: int) -> None:
    rows = every_page(db, LogFilter(), size)
    keys = [(r.due_at, r.id) for r in rows]
    assert len(rows) == ROWS
    assert len({r.id for r in rows}) == ROWS
    assert keys == sorted(keys, reverse=True)
    assert repo.log_count(db, LogFilter()) == ROWS


@pytest.mark.parametrize(
    ("flt", "keep"),
    [
        (LogFilter(statuses=frozenset({Status.CANCELLED})), lambda r: r.status is Status.CANCELLED),
        (LogFilter(origin="elsewhere"), lambda r: r.origin == "elsewhere"),
        (LogFilter(receiver="+46700000007"), lambda r: r.receiver == "+46700000007"),
        (LogFilter(receiver="0001"), lambda r: "0001" in r.receiver),
        (LogFilter(text="åsa"), lambda r: "åsa" in r.body.casefold()),
        (
            LogFilter(since=T0 + timedelta(hours=2), until=T0 + timedelta(hours=5)),
            lambda r: T0 + timedelta(hours=2) <= r.due_at < T0 + timedelta(hours=5),
        ),
        (
            LogFilter(
                statuses=frozenset({Status.QUEUED, Status.SENT}),
                text="påminnelse",
                since=T0 + timedelta(hours=1),
            ),
            lambda r: (
                r.status in (Status.QUEUED, Status.SENT)
                and "påminnelse" in r.body.casefold()
                and r.due_at >= T0 + timedelta(hours=1)
            ),
        ),
    ],
)
def test_filtered_pages_hold_exactly_the_matching_rows(
    db: Database, flt: LogFilter, keep: object
) -> None:
    want = expected(db, keep)
    assert want, "the filter should match something in the sample"
    got = [r.id for r in every_page(db, flt, 50)]
    assert got == want
    assert repo.log_count(db, flt) == len(want)


def test_rows_added_between_pages_do_not_shift_the_pages(tmp_path: Path) -> None:
    db = open_database(tmp_path / "outbox.sqlite3")
    try:
        repo.enqueue_many(
            db,
            [
                NewMessage("+46700000001", f"m{i}", T0 + timedelta(minutes=i), None, "a")
                for i in range(30)
            ],
            now=T0,
        )
        first = repo.log_page(db, LogFilter(), limit=10)
        assert first.next_cursor is not None
        # Newer than everything shown so far: with OFFSET paging it would push a row already
        # seen onto the next page.
        repo.enqueue(
            db, NewMessage("+46700000099", "ny", T0 + timedelta(days=9), None, "a"), now=T0
        )
        second = repo.log_page(db, LogFilter(), after=first.next_cursor, limit=10)
        assert not {r.id for r in first.rows} & {r.id for r in second.rows}
        assert [r.due_at for r in second.rows] == [
            T0 + timedelta(minutes=m) for m in range(19, 9, -1)
        ]
    finally:
        db.close()
