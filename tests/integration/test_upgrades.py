"""Upgrading the app never loses a message (DESIGN.md invariant 1).

For every schema version the migration runner knows, an outbox is built at that version by
the runner's own steps (never by copied DDL), filled with representative rows through that
version's columns, and opened by the current app: every row, event and setting must come
through unchanged, and new columns must hold their declared defaults. An outbox from a newer
SMS Desk is refused with a clear message and left byte for byte as it was.
"""

from __future__ import annotations

import hashlib
import os
import sqlite3
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from desktop.domain.status import Status
from desktop.storage import migrations
from desktop.storage import repository as repo
from desktop.storage.database import StorageError, open_database
from desktop.storage.utc_time import to_micros

ROOT = Path(__file__).resolve().parents[2]
T0 = datetime(2025, 11, 3, 8, 30, tzinfo=UTC)
VERSIONS = [step.version for step in migrations.MIGRATIONS]
TABLES = ("messages", "message_events", "settings")

# One message per status, and one copy of a message sent from elsewhere.
ROWS: list[tuple[Status, str]] = [(s, "desk") for s in Status] + [(Status.SENT, "elsewhere")]


def _message_value(column: str, i: int, status: Status, origin: str) -> Any:
    """A representative value for every messages column any version has had.

    A new migration that adds a column fails the test below until it is given one here:
    an upgrade test that ignores a column cannot prove that column survives the next one.
    """
    t = to_micros(T0) + i * 60_000_000
    optional = i % 2 == 0  # half the rows leave the optional columns empty
    values: dict[str, Any] = {
        "uuid": f"0000000{i}-0000-4000-8000-00000000000{i}",
        "receiver": f"+4670{1234560 + i:07d}",
        "body": f"Hej Åsa {i}! Välkommen på tisdag. “Ta med kortet” 😊",
        "status": status.value,
        "origin": origin,
        "due_at": t,
        "no_later_than": None if optional else t + 7_200_000_000,
        "created_at": t - 86_400_000_000,
        "created_by": "" if origin == "elsewhere" else f"Örjan {i}",
        "updated_at": t,
        "attempts": i % 3,
        "next_attempt_at": t + 60_000_000 if status is Status.RETRY_WAIT else None,
        "sending_started_at": t if status in (Status.SENDING, Status.UNCONFIRMED) else None,
        "last_error": None if optional else f"Fel {i}: nätet svarade inte",
        "last_error_code": None if optional else "offline",
        "server_id": 5000 + i if status is Status.SENT else None,
        "server_created_at": t if status is Status.SENT else None,
        "server_to_send_date": t if status is Status.SENT else None,
        "sent_at": t + 1_000_000 if status is Status.SENT else None,
        "booking_id": None if optional else 900 + i,
        # schema version 2
        "send_anyway": i % 2,
        "batch_id": None if optional else f"batch-{i % 3}",
    }
    if column not in values:
        pytest.fail(
            f"messages.{column} (a new column?) has no representative value in "
            "tests/integration/test_upgrades.py: add one so upgrades are proven to keep it"
        )
    return values[column]


def _columns(conn: sqlite3.Connection, table: str) -> list[str]:
    return [r[1] for r in conn.execute(f"PRAGMA table_info({table})")]


def _insert(conn: sqlite3.Connection, table: str, row: dict[str, Any]) -> None:
    names = ", ".join(row)
    marks = ", ".join("?" for _ in row)
    conn.execute(f"INSERT INTO {table} ({names}) VALUES ({marks})", list(row.values()))


def build(path: Path, version: int) -> None:
    """An outbox exactly as SMS Desk at schema ``version`` would have left it, with rows."""
    conn = sqlite3.connect(path, isolation_level=None)
    try:
        conn.execute("PRAGMA journal_mode = WAL")  # as every released version ran it
        assert migrations.upgrade(conn, path, target=version) == version
        message_columns = [c for c in _columns(conn, "messages") if c != "id"]
        conn.execute("BEGIN IMMEDIATE")
        for i, (status, origin) in enumerate(ROWS, start=1):
            _insert(
                conn,
                "messages",
                {c: _message_value(c, i, status, origin) for c in message_columns},
            )
            for n, kind in enumerate(["queued", status.value]):
                _insert(
                    conn,
                    "message_events",
                    {
                        "message_id": i,
                        "at": to_micros(T0) + n,
                        "actor": "engine" if n else f"Örjan {i}",
                        "kind": kind,
                        "detail": f"attempt {n}: näst försök {i}",
                    },
                )
        for key, value in [("desk.zone", "Europe/Stockholm"), ("desk.user", "Åsa Öberg")]:
            _insert(conn, "settings", {"key": key, "value": value})
        conn.execute("COMMIT")
    finally:
        conn.close()


def _snapshot(path: Path, columns: dict[str, list[str]]) -> dict[str, list[tuple[Any, ...]]]:
    conn = sqlite3.connect(path)
    try:
        return {
            table: conn.execute(
                f"SELECT {', '.join(cols)} FROM {table} ORDER BY {cols[0]}"
            ).fetchall()
            for table, cols in columns.items()
        }
    finally:
        conn.close()


def _schema_columns(path: Path) -> dict[str, list[str]]:
    conn = sqlite3.connect(path)
    try:
        return {t: _columns(conn, t) for t in TABLES}
    finally:
        conn.close()


def _declared_default(path: Path, table: str, column: str) -> Any:
    conn = sqlite3.connect(path)
    try:
        info = {r[1]: r for r in conn.execute(f"PRAGMA table_info({table})")}
        default = info[column][4]
        return None if default is None else conn.execute(f"SELECT {default}").fetchone()[0]
    finally:
        conn.close()


def _build_then_kill(path: Path, version: int) -> None:
    """Build in another process that dies without closing: the rows stay in the -wal, as
    after a crash or power cut just before the user installed the new version."""
    script = (
        "import os, sqlite3, sys\n"
        "from pathlib import Path\n"
        "from tests.integration.test_upgrades import build\n"
        "path = Path(sys.argv[1])\n"
        # A second connection on the WAL: build's close is then not the last one, so it
        # does not checkpoint the rows into the main file.
        "keep = sqlite3.connect(path)\n"
        "keep.execute('PRAGMA journal_mode = WAL').fetchone()\n"
        "keep.execute('SELECT count(*) FROM sqlite_master').fetchone()\n"
        "build(path, int(sys.argv[2]))\n"
        "os._exit(0)\n"
    )
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    subprocess.run(
        [sys.executable, "-c", script, str(path), str(version)], check=True, cwd=ROOT, env=env
    )


@pytest.mark.parametrize("crashed", [False, True], ids=["closed", "killed"])
@pytest.mark.parametrize("version", VERSIONS, ids=[f"v{v}" for v in VERSIONS])
def test_every_row_and_event_survives_the_upgrade(
    tmp_path: Path, version: int, crashed: bool
) -> None:
    path = tmp_path / "outbox.sqlite3"
    if crashed:
        _build_then_kill(path, version)
        assert Path(f"{path}-wal").stat().st_size > 0  # the rows are only in the -wal
    else:
        build(path, version)
    old_columns = _schema_columns(path)
    before = _snapshot(path, old_columns)
    assert len(before["messages"]) == len(ROWS) and len(before["message_events"]) == 2 * len(ROWS)

    with open_database(path) as db:
        after_columns = _schema_columns(path)
        assert _snapshot(path, old_columns) == before  # every value of every old column
        for table in TABLES:
            new = [c for c in after_columns[table] if c not in old_columns[table]]
            if not new:
                continue
            expected = [
                tuple(_declared_default(path, table, c) for c in new) for _ in before[table]
            ]
            assert _snapshot(path, {table: [after_columns[table][0], *new]})[table] == [
                (row[0], *values) for row, values in zip(before[table], expected, strict=True)
            ]

        # And the app itself reads and works on the old rows.
        for i, (status, _origin) in enumerate(ROWS, start=1):
            row = repo.get(db, i)
            assert row is not None and row.status is status
            assert row.body == _message_value("body", i, status, "desk")
            assert [e.kind for e in repo.events_for(db, i)] == ["queued", status.value]
        assert repo.get_setting(db, "desk.user") == "Åsa Öberg"
        assert repo.log_count(db, repo.LogFilter()) == len(ROWS)
        queued = next(i for i, (s, _) in enumerate(ROWS, start=1) if s is Status.QUEUED)
        cancelled = repo.cancel(db, queued, actor="Anna", now=T0 + timedelta(days=1))
        assert cancelled.status is Status.CANCELLED
        fresh = repo.enqueue(
            db,
            repo.NewMessage("+46701111111", "Ny", T0 + timedelta(days=2), None, "Anna"),
            now=T0 + timedelta(days=1),
        )
        assert fresh.id == len(ROWS) + 1  # AUTOINCREMENT carried over: no id reused

    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == migrations.LATEST_VERSION
    assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    conn.close()


def _digest(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in folder.iterdir()}


def test_an_outbox_from_a_newer_app_is_refused_and_left_byte_for_byte(tmp_path: Path) -> None:
    path = tmp_path / "outbox.sqlite3"
    build(path, migrations.LATEST_VERSION)
    newer = migrations.LATEST_VERSION + 1
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute(f"PRAGMA user_version = {newer}")
    conn.execute("PRAGMA journal_mode = DELETE")  # one file, as a newer app left it closed
    conn.close()
    before = _digest(tmp_path)
    mtime = path.stat().st_mtime_ns

    with pytest.raises(StorageError) as caught:
        open_database(path)

    error = caught.value
    assert error.code == "newer_schema"
    assert (error.params["found"], error.params["known"]) == (newer, migrations.LATEST_VERSION)
    assert "newer version of SMS Desk" in error.message and str(path) in error.message
    assert f"database version {newer}" in error.message
    assert "left the file untouched" in error.message
    assert _digest(tmp_path) == before  # no -wal, no -shm, not a byte changed
    assert path.stat().st_mtime_ns == mtime


def test_an_older_app_build_is_refused_by_the_runner_too(tmp_path: Path) -> None:
    # The same promise one layer down: the runner with fewer steps (an older SMS Desk
    # opening this outbox) refuses before writing.
    path = tmp_path / "outbox.sqlite3"
    build(path, migrations.LATEST_VERSION)
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA journal_mode = DELETE")
    before = _digest(tmp_path)
    older_steps = migrations.MIGRATIONS[:-1]
    with pytest.raises(StorageError) as caught:
        migrations.upgrade(conn, path, steps=older_steps)
    conn.close()
    assert caught.value.code == "newer_schema"
    assert caught.value.params["known"] == older_steps[-1].version
    assert _digest(tmp_path) == before
