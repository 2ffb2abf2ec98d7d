"""Outboxes for the window figures: a desk's history of N messages, and the window's settings.

Built like bench/logdb.py builds the 1,000,000-message one (the schema open_database()
creates, indexes dropped during one executemany and recreated from their own DDL), but
for any count and ending at the real "now": the app runs on the system clock, so its
history must be in the past and its queued messages in the future, or the engine would
expire or send them while it is being measured.
"""

from __future__ import annotations

import random
import shutil
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

from bench.logdb import bulk_fill, receiver_of
from desktop.storage import repository as repo
from desktop.storage.database import open_database
from desktop.storage.paths import DB_FILENAME
from desktop.storage.utc_time import to_micros
from desktop.sync import desk

STEP = timedelta(seconds=90)  # a busy desk, as in logdb
CUSTOMERS = 20_000
QUEUED = 100  # the newest ones, still to go: from tomorrow on
WELCOME_SEEN = "ui.welcome_seen"  # desktop/ui/welcome.py; not imported (it imports Qt)

_NAMES = ("Anna", "Erik", "Åsa", "Örjan", "Maja", "Ali", "Ängla", "Johan", "Sara", "Li")
_PLACES = ("tandläkaren", "frisören", "kliniken", "massagen", "optikern")


def _body(i: int, due: datetime) -> str:
    name, place = _NAMES[i % len(_NAMES)], _PLACES[i % len(_PLACES)]
    return f"Hej {name}! Påminnelse om din tid hos {place} {due:%d/%m kl %H:%M}. Välkommen!"


def _rows(count: int, now: datetime, columns: list[str]) -> Iterator[tuple[object, ...]]:
    """``count`` messages, 90 s apart; all but the newest QUEUED are history before ``now``."""
    rng = random.Random(20261125)
    history = count - min(QUEUED, count)
    first_due = now - STEP * history
    tomorrow = now + timedelta(days=1)
    for i in range(count):
        queued = i >= history
        due = tomorrow + STEP * (i - history) if queued else first_due + STEP * i
        due_us = to_micros(due)
        elsewhere = not queued and i % 5 == 4
        if queued:
            status = "queued"
        elif i % 100 < 97:
            status = "sent"
        else:
            status = ("failed", "expired", "cancelled")[i % 100 - 97]
        sent = status == "sent"
        failed = status == "failed"
        row = {
            "id": i + 1,
            "uuid": str(uuid.UUID(int=rng.getrandbits(128), version=4)),
            "receiver": receiver_of((i * 7_919) % CUSTOMERS),
            "body": _body(i, due),
            "status": status,
            "origin": "elsewhere" if elsewhere else "desk",
            "due_at": due_us,
            "no_later_than": None if elsewhere else due_us + 7_200_000_000,
            "created_at": due_us - 86_400_000_000,
            "created_by": "" if elsewhere else "Anna",
            "updated_at": due_us + (2_000_000 if sent else 0),
            "attempts": 0 if elsewhere or queued else 1,
            "next_attempt_at": None,
            "sending_started_at": None,
            "last_error": "BokaMera refused the number." if failed else None,
            "last_error_code": "invalid_receiver" if failed else None,
            "server_id": i + 1 if sent else None,
            "server_created_at": due_us - 86_400_000_000 if sent else None,
            "server_to_send_date": due_us if sent else None,
            "sent_at": due_us + 2_000_000 if sent else None,
            "booking_id": None,
            "send_anyway": 0,
            "batch_id": None,
        }
        yield tuple(row[c] for c in columns)  # KeyError if the schema grew a column


def build_outbox(path: Path, count: int, now: datetime | None = None) -> Path:
    """A fresh outbox at ``path`` holding ``count`` messages (~1 s per 100,000)."""
    now = now or datetime.now(UTC)
    bulk_fill(path, lambda columns: _rows(count, now, columns))
    return path


def window_settings(path: Path, *, quiet_hours_off: bool) -> None:
    """No welcome dialog (it would open over the window); optionally no quiet hours."""
    db = open_database(path)
    try:
        repo.set_setting(db, WELCOME_SEEN, "1")
        repo.set_setting(db, desk.USER, "Anna")
        if quiet_hours_off:  # the figures must not depend on the hour they run at
            repo.set_setting(db, desk.QUIET_START, "00:00")
            repo.set_setting(db, desk.QUIET_END, "00:00")
    finally:
        db.close()


def copy_outbox(source: Path, folder: Path) -> Path:
    """A copy of a closed outbox as ``folder``/outbox.sqlite3, for a run that may change it."""
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / DB_FILENAME
    shutil.copyfile(source, target)
    return target
