"""A realistic outbox for the log and attention tests, built with the real storage layer.

Seeding 10,000 messages costs a few seconds, so it is done once per test session into a
template file; each test gets its own copy in its tmp_path (a real SQLite file that the
test may change freely).

The data set, newest due first (as the log shows it):
- a few reminders scheduled for the coming hours (QUEUED),
- a recent batch in every other status (sent, sending, retry, failed, unconfirmed,
  expired, cancelled), all from this desk, with their event history,
- then months of history mirrored from BokaMera's log (origin "elsewhere", SENT).
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from pytestqt.qtbot import QtBot

from desktop.domain.clock import FakeClock
from desktop.domain.status import Status
from desktop.storage import repository as repo
from desktop.storage.database import Database, open_database
from desktop.ui.db_worker import DbWorker

# The data set's "now": Monday 2 March 2026, 10:00 at a desk in Stockholm.
NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
STOCKHOLM = ZoneInfo("Europe/Stockholm")
TOTAL = 10_000
DESK_USER = "Anna"

FAILED_RECEIVER = "+46701110001"
UNCONFIRMED_RECEIVER = "+46701110002"
EXPIRED_RECEIVER = "+46701110003"

_BODIES = (
    "Hej! Påminnelse om din tid hos Salong Lina {when}. Välkommen!",
    "Hej, välkommen till din behandling {when}. Avbokning senast 24 h innan.",
    "Påminnelse: tandläkarbesök {when}.\nRing 08-123 45 67 om du behöver boka om.",
    "Din bokning {when} är bekräftad. Hälsningar, Gymmet",
)


@dataclass
class Seeded:
    """What the data set holds, for assertions."""

    total: int
    ids: dict[Status, list[int]] = field(default_factory=dict)

    def first(self, status: Status) -> int:
        return self.ids[status][0]


def _body(i: int, due: datetime) -> str:
    when = due.astimezone(STOCKHOLM).strftime("%-d/%-m kl %H:%M")
    return _BODIES[i % len(_BODIES)].format(when=when)


def _new(receiver: str, due: datetime, i: int, **extra: object) -> repo.NewMessage:
    return repo.NewMessage(
        receiver=receiver,
        body=_body(i, due),
        due_at=due,
        no_later_than=extra.pop("no_later_than", due + timedelta(hours=2)),  # type: ignore[arg-type]
        created_by=DESK_USER,
        **extra,  # type: ignore[arg-type]
    )


def seed(db: Database, total: int = TOTAL) -> Seeded:
    """Fill an empty outbox; returns the ids per status."""
    seeded = Seeded(total=total)
    ids = seeded.ids
    earlier = NOW - timedelta(hours=3)

    # The recent batch, due between 07:00 and 09:00 UTC today, first claimed as the engine
    # would (they are the only due messages at this point), then moved to their outcome.
    recent = [
        _new(
            FAILED_RECEIVER if i == 0 else UNCONFIRMED_RECEIVER if i == 1 else f"+4670222{i:04d}",
            NOW - timedelta(minutes=5 + 4 * i),
            i,
        )
        for i in range(30)
    ]
    rows = repo.enqueue_many(db, recent, now=earlier)
    claimed = repo.claim_due(db, now=NOW - timedelta(minutes=1), limit=len(rows))
    assert len(claimed) == len(rows)
    outcome: dict[int, Status] = {}
    for n, row in enumerate(sorted(rows, key=lambda r: r.receiver)):
        if row.receiver == FAILED_RECEIVER or n in (5, 17):
            repo.mark_failed(
                db,
                row.id,
                now=NOW,
                error="The receiver is not a valid mobile number.",
                error_code="invalid_receiver",
            )
            outcome[row.id] = Status.FAILED
        elif row.receiver == UNCONFIRMED_RECEIVER or n == 11:
            repo.mark_unconfirmed(
                db, row.id, now=NOW, error="The connection was lost after the message was sent."
            )
            outcome[row.id] = Status.UNCONFIRMED
        elif n in (3, 8):
            repo.mark_retry(
                db,
                row.id,
                now=NOW,
                next_attempt_at=NOW + timedelta(minutes=4),
                error="BokaMera did not answer (503). Trying again soon.",
                error_code="http_503",
            )
            outcome[row.id] = Status.RETRY_WAIT
        elif n == 21:
            outcome[row.id] = Status.SENDING  # left mid-send
        else:
            repo.mark_sent(db, row.id, now=NOW, server_id=900_000 + row.id, sent_at=NOW)
            outcome[row.id] = Status.SENT

    # Missed while the computer was off: due last night, allowed until 02:00.
    missed = [
        _new(
            EXPIRED_RECEIVER if i == 0 else f"+4670333{i:04d}",
            NOW - timedelta(hours=9, minutes=i),
            i,
            no_later_than=NOW - timedelta(hours=7),
        )
        for i in range(3)
    ]
    for row in repo.enqueue_many(db, missed, now=NOW - timedelta(days=1)):
        outcome[row.id] = Status.EXPIRED
    assert len(repo.expire_stale(db, now=NOW)) == len(missed)

    # Scheduled for later today; two of them were cancelled.
    later = [_new(f"+4670444{i:04d}", NOW + timedelta(minutes=30 * (i + 1)), i) for i in range(12)]
    for i, row in enumerate(repo.enqueue_many(db, later, now=NOW)):
        if i in (2, 7):
            repo.cancel(db, row.id, actor=DESK_USER, now=NOW)
            outcome[row.id] = Status.CANCELLED
        else:
            outcome[row.id] = Status.QUEUED

    # Months of history from BokaMera's log, every 10 minutes back from yesterday.
    remaining = total - len(outcome)
    history = []
    for i in range(remaining):
        due = NOW - timedelta(days=1, minutes=10 * i)
        history.append(
            repo.RemoteRecord(
                server_id=100_000 + i,
                receiver=f"+46739{i % 997:06d}",
                body=_body(i, due),
                created=due - timedelta(days=2),
                to_send_date=due,
                sent=True,
                sent_date=due + timedelta(seconds=20),
                booking_id=50_000 + i,
            )
        )
    assert repo.upsert_remote(db, history, now=NOW - timedelta(days=1)) == remaining
    for row_id, status in outcome.items():
        ids.setdefault(status, []).append(row_id)
    for status_ids in ids.values():
        status_ids.sort()
    return seeded


# Cached here rather than by the fixture's scope: each test module imports the fixtures,
# and pytest would otherwise seed once per module.
_TEMPLATE: list[tuple[Path, Seeded]] = []


@pytest.fixture(scope="session")
def seeded_template(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Seeded]:
    if not _TEMPLATE:
        path = tmp_path_factory.mktemp("template") / "outbox.sqlite3"
        db = open_database(path)
        try:
            seeded = seed(db)
        finally:
            db.close()
        _TEMPLATE.append((path, seeded))
    return _TEMPLATE[0]


@pytest.fixture
def seeded(seeded_template: tuple[Path, Seeded]) -> Seeded:
    return seeded_template[1]


@pytest.fixture
def db(tmp_path: Path, seeded_template: tuple[Path, Seeded]) -> Iterator[Database]:
    """A private copy of the 10,000-message outbox."""
    template, _ = seeded_template
    target = tmp_path / "outbox.sqlite3"
    for suffix in ("", "-wal", "-shm"):
        source = template.with_name(template.name + suffix)
        if source.exists():
            shutil.copyfile(source, target.with_name(target.name + suffix))
    database = open_database(target)
    yield database
    database.close()


@pytest.fixture
def empty_db(tmp_path: Path) -> Iterator[Database]:
    database = open_database(tmp_path / "empty.sqlite3")
    yield database
    database.close()


@pytest.fixture
def worker(qtbot: QtBot) -> Iterator[DbWorker]:
    w = DbWorker()
    yield w
    w.shutdown()


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(NOW)


def enqueue_now(
    db: Database, receiver: str, body: str, *, due: datetime, now: datetime = NOW
) -> repo.MessageRow:
    return repo.enqueue(
        db,
        repo.NewMessage(
            receiver=receiver, body=body, due_at=due, no_later_than=None, created_by=DESK_USER
        ),
        now=now,
    )
