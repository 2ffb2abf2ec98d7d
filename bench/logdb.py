"""A realistic outbox of 1,000,000 messages, built once per bench run.

Built by bulk insert into the schema open_database() itself creates (every migration,
every index), not through the repository: a million ORM inserts would take many minutes
and measure nothing users feel. The indexes are dropped during the insert and recreated
from their own DDL, which is how SQLite builds them fastest; the result is the same file.
No ANALYZE: the app never runs it, so the query planner sees what users' files show it.

About three years of a busy desk: a message every 90 s, 20,000 customers with ~50 messages
each, one body in a hundred about "fotvården", a fifth learned from the server's log.
"""

from __future__ import annotations

import random
import sqlite3
import time
import uuid
from collections.abc import Callable, Iterable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

from desktop.storage.database import open_database
from desktop.storage.utc_time import to_micros

COUNT = 1_000_000
CUSTOMERS = 20_000
NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
STEP = timedelta(seconds=90)
FIRST_DUE = NOW - STEP * (COUNT - 1_000)  # the newest thousand are still to go
SEARCH_WORD = "Fotvården"  # in 1 % of the bodies, typed as the user would
FILTER_NUMBER = "070-100 12 34"  # customer 1234, as typed into the search box

_NAMES = ("Anna", "Erik", "Åsa", "Örjan", "Maja", "Ali", "Ängla", "Johan", "Sara", "Li")
_PLACES = ("tandläkaren", "frisören", "kliniken", "massagen", "optikern")
_DONE = "log-1m.done"
_FILE = "log-1m.sqlite3"


def receiver_of(customer: int) -> str:
    return f"+4670{1_000_000 + customer:07d}"


def _body(i: int, due: datetime) -> str:
    name = _NAMES[i % len(_NAMES)]
    when = due.strftime("%d/%m kl %H:%M")
    if i % 100 == 37:
        return f"Hej {name}! Påminnelse: {SEARCH_WORD.lower()} {when}. Välkommen! /Fotvård AB"
    place = _PLACES[i % len(_PLACES)]
    return f"Hej {name}! Påminnelse om din tid hos {place} {when}. Välkommen!"


def _rows(rng: random.Random) -> Iterator[tuple[object, ...]]:
    now_us = to_micros(NOW)
    step_us = int(STEP.total_seconds() * 1_000_000)
    first_us = to_micros(FIRST_DUE)
    for i in range(COUNT):
        due_us = first_us + i * step_us
        due = FIRST_DUE + STEP * i
        elsewhere = i % 5 == 4
        if due_us > now_us:
            status = "queued"
        elif i % 100 < 97:
            status = "sent"
        else:
            status = ("failed", "expired", "cancelled")[i % 100 - 97]
        sent = status == "sent"
        failed = status == "failed"
        yield (
            i + 1,
            str(uuid.UUID(int=rng.getrandbits(128), version=4)),
            receiver_of((i * 7_919) % CUSTOMERS),
            _body(i, due),
            status,
            "elsewhere" if elsewhere else "desk",
            due_us,
            None if elsewhere else due_us + 7_200_000_000,
            due_us - 86_400_000_000,
            "" if elsewhere else "Anna",
            due_us + (2_000_000 if sent else 0),
            0 if elsewhere or status == "queued" else 1,
            None,
            None,
            "BokaMera refused the number." if failed else None,
            "invalid_receiver" if failed else None,
            i + 1 if sent else None,
            due_us - 86_400_000_000 if sent else None,
            due_us if sent else None,
            due_us + 2_000_000 if sent else None,
            None,
            0,
            None,
        )


def bulk_fill(path: Path, rows: Callable[[list[str]], Iterable[tuple[object, ...]]]) -> None:
    """Create the real schema at ``path`` and fill ``messages`` fast: indexes dropped, one
    executemany, indexes rebuilt from their own DDL. ``rows(columns)`` yields the rows in
    the schema's column order."""
    open_database(path).close()  # the real schema, every migration applied
    conn = sqlite3.connect(path, isolation_level=None)
    try:
        conn.execute("PRAGMA synchronous = OFF")  # building a fixture, not the outbox's writes
        indexes = conn.execute(
            "SELECT name, sql FROM sqlite_master"
            " WHERE type = 'index' AND tbl_name = 'messages' AND sql IS NOT NULL"
        ).fetchall()
        columns = [row[1] for row in conn.execute("PRAGMA table_info(messages)")]
        conn.execute("BEGIN")
        for name, _sql in indexes:
            conn.execute(f"DROP INDEX {name}")
        marks = ", ".join("?" * len(columns))
        conn.executemany(
            f"INSERT INTO messages ({', '.join(columns)}) VALUES ({marks})", rows(columns)
        )
        for _name, sql in indexes:
            conn.execute(sql)
        conn.execute("COMMIT")
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        conn.close()


def _build(path: Path) -> None:
    bulk_fill(path, lambda _columns: _rows(random.Random(20260302)))


def million_message_outbox(folder: Path) -> Path:
    """The outbox file in ``folder``, built on first use (about half a minute)."""
    path = folder / _FILE
    if (folder / _DONE).exists():
        return path
    for stale in folder.glob(_FILE + "*"):
        stale.unlink()  # a build that was interrupted
    began = time.perf_counter()
    _build(path)
    (folder / _DONE).write_text("built\n")
    print(f"built {COUNT:,} messages in {time.perf_counter() - began:.0f} s", flush=True)
    return path
