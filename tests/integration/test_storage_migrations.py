"""The schema is upgraded step by step, and every row an older SMS Desk stored survives."""

from __future__ import annotations

import hashlib
import sqlite3
import threading
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlmodel import SQLModel

from desktop.domain.status import Status
from desktop.storage import migrations
from desktop.storage import repository as repo
from desktop.storage.database import StorageError, open_database
from desktop.storage.models import Message, MessageEvent, Setting
from desktop.storage.utc_time import to_micros

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)

# A released migration is never edited: outboxes made by that release have exactly its
# schema, and later steps start from it. Appending a step is fine; changing one fails here.
# (Only a step that never left the building may have its fingerprint updated.)
RELEASED = {
    1: "330efc871ecc98b2fa622fe74ec9fa556d9012dbf615a195ca91f4d60ed41157",
    2: "4e7b09e17d793f98d8fa224d088216711c01edba405baf54758816e916ce4490",
    3: "2a3fce8e5cb6c4188996f54a57bb5fc02320a39c439f49192d2e1a7125bc0cd7",
}


def _fingerprint(step: migrations.Migration) -> str:
    return hashlib.sha256("\n".join(s.strip() for s in step.statements).encode()).hexdigest()


def test_released_migrations_are_never_edited() -> None:
    released = {s.version: _fingerprint(s) for s in migrations.MIGRATIONS if s.version in RELEASED}
    assert released == RELEASED


def test_versions_are_consecutive_from_one() -> None:
    assert [s.version for s in migrations.MIGRATIONS] == list(
        range(1, len(migrations.MIGRATIONS) + 1)
    )
    assert migrations.MIGRATIONS[-1].version == migrations.LATEST_VERSION


def _version_1_outbox(path: Path) -> None:
    """An outbox as SMS Desk with schema 1 left it: no send_anyway, no batch_id."""
    conn = sqlite3.connect(path, isolation_level=None)
    try:
        assert migrations.upgrade(conn, path, target=1) == 1
        columns = [r[1] for r in conn.execute("PRAGMA table_info(messages)")]
        assert "send_anyway" not in columns and "batch_id" not in columns
        conn.execute("BEGIN")
        for i, status in enumerate(["queued", "sent", "failed"], start=1):
            conn.execute(
                "INSERT INTO messages (uuid, receiver, body, status, origin, due_at,"
                " no_later_than, created_at, created_by, updated_at, attempts, server_id,"
                " last_error) VALUES (?, ?, ?, ?, 'desk', ?, NULL, ?, 'anna', ?, ?, ?, ?)",
                (
                    f"uuid-{i}",
                    f"+4670123456{i}",
                    f"Hej {i}, välkommen åter!",
                    status,
                    to_micros(T0) + i,
                    to_micros(T0),
                    to_micros(T0),
                    i - 1,
                    100 + i if status == "sent" else None,
                    "Ogiltigt nummer" if status == "failed" else None,
                ),
            )
            conn.execute(
                "INSERT INTO message_events (message_id, at, actor, kind, detail)"
                " VALUES (?, ?, 'anna', 'queued', '')",
                (i, to_micros(T0)),
            )
        conn.execute("INSERT INTO settings VALUES ('desk.zone', 'Europe/Stockholm')")
        conn.execute("COMMIT")
    finally:
        conn.close()


def test_an_outbox_at_version_1_is_upgraded_with_every_row_intact(tmp_path: Path) -> None:
    path = tmp_path / "outbox.sqlite3"
    _version_1_outbox(path)
    db = open_database(path)
    try:
        rows = [repo.get(db, i) for i in (1, 2, 3)]
        assert [r.status for r in rows if r] == [Status.QUEUED, Status.SENT, Status.FAILED]
        first, sent, failed = rows
        assert first is not None and sent is not None and failed is not None
        assert first.uuid == "uuid-1"
        assert first.receiver == "+46701234561"
        assert first.body == "Hej 1, välkommen åter!"
        assert first.due_at == T0.replace(microsecond=1)
        assert first.created_by == "anna"
        assert first.send_anyway is False  # the new columns' defaults
        assert first.batch_id is None
        assert sent.server_id == 102 and sent.attempts == 1
        assert failed.last_error == "Ogiltigt nummer"
        assert [e.kind for e in repo.events_for(db, 2)] == ["queued"]
        assert repo.get_setting(db, "desk.zone") == "Europe/Stockholm"
        # And the upgraded outbox works: the new columns can be written.
        edited = repo.edit(db, 1, actor="anna", now=T0, send_anyway=True)
        assert edited.send_anyway is True
    finally:
        db.close()
    conn = sqlite3.connect(path)
    try:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == migrations.LATEST_VERSION
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    finally:
        conn.close()


def test_a_failing_step_leaves_the_last_whole_version(tmp_path: Path) -> None:
    path = tmp_path / "outbox.sqlite3"
    _version_1_outbox(path)
    broken = migrations.Migration(
        2, "half a step", ("ALTER TABLE messages ADD COLUMN x TEXT", "THIS IS NOT SQL")
    )
    conn = sqlite3.connect(path, isolation_level=None)
    try:
        with pytest.raises(sqlite3.OperationalError):
            migrations.upgrade(conn, path, steps=(migrations.MIGRATIONS[0], broken))
        assert migrations.read_version(conn) == 1
        columns = [r[1] for r in conn.execute("PRAGMA table_info(messages)")]
        assert "x" not in columns  # the step's first statement was rolled back with it
        assert conn.execute("SELECT count(*) FROM messages").fetchone()[0] == 3
    finally:
        conn.close()


def test_running_the_migrations_again_changes_nothing(tmp_path: Path) -> None:
    path = tmp_path / "outbox.sqlite3"
    open_database(path).close()
    conn = sqlite3.connect(path, isolation_level=None)
    try:
        schema = conn.execute("SELECT sql FROM sqlite_master ORDER BY name").fetchall()
        assert migrations.upgrade(conn, path) == migrations.LATEST_VERSION
        assert conn.execute("SELECT sql FROM sqlite_master ORDER BY name").fetchall() == schema
    finally:
        conn.close()


def test_two_copies_starting_at_once_migrate_once(tmp_path: Path) -> None:
    path = tmp_path / "outbox.sqlite3"
    barrier = threading.Barrier(2)
    errors: list[BaseException] = []

    def start() -> None:
        try:
            barrier.wait(timeout=10)
            open_database(path).close()
        except BaseException as exc:  # reported below, not lost in the thread
            errors.append(exc)

    threads = [threading.Thread(target=start) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)
    assert errors == []
    conn = sqlite3.connect(path)
    try:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == migrations.LATEST_VERSION
    finally:
        conn.close()


def test_a_newer_version_seen_only_by_sqlite_is_still_refused(tmp_path: Path) -> None:
    # The header check reads the main file; the runner asks SQLite too (a WAL may hold a
    # newer version than the main file shows).
    path = tmp_path / "outbox.sqlite3"
    open_database(path).close()
    conn = sqlite3.connect(path, isolation_level=None)
    try:
        conn.execute(f"PRAGMA user_version = {migrations.LATEST_VERSION + 5}")
        with pytest.raises(StorageError) as caught:
            migrations.upgrade(conn, path)
        assert caught.value.code == "newer_schema"
        assert migrations.read_version(conn) == migrations.LATEST_VERSION + 5
    finally:
        conn.close()


@pytest.mark.parametrize("model", [Message, MessageEvent, Setting])
def test_the_models_match_the_migrated_schema(tmp_path: Path, model: type[SQLModel]) -> None:
    path = tmp_path / "outbox.sqlite3"
    open_database(path).close()
    table = model.__table__  # type: ignore[attr-defined]
    conn = sqlite3.connect(path)
    try:
        info = {r[1]: r for r in conn.execute(f"PRAGMA table_info({table.name})")}
    finally:
        conn.close()
    assert set(info) == {c.name for c in table.columns}
    for column in table.columns:
        notnull = bool(info[column.name][3]) or bool(info[column.name][5])  # or primary key
        assert notnull == (not column.nullable), column.name
