"""Versioned schema migrations, one transaction per step, recorded in ``PRAGMA user_version``.

Each version is explicit DDL, written once and never edited after release: an outbox made by
any older SMS Desk is brought forward step by step, and every row it holds survives
(DESIGN.md invariant 1). To change the schema, append a Migration; never change an old one.

The runner works on a plain sqlite3 connection in autocommit mode (isolation_level None)
because it needs to control BEGIN itself: ``BEGIN IMMEDIATE`` takes the write lock before
the version is read, so two copies of the app starting at once cannot both apply a step.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from desktop.storage.errors import StorageError

# Written into the header by version 1 so a database made by another program is never
# mistaken for ours ("SMSD" in ASCII). https://www.sqlite.org/pragma.html#pragma_application_id
APPLICATION_ID = 0x534D5344


@dataclass(frozen=True)
class Migration:
    version: int
    summary: str
    statements: tuple[str, ...]


_V1 = Migration(
    1,
    "initial outbox: messages, their events, settings",
    (
        f"PRAGMA application_id = {APPLICATION_ID}",
        """
        CREATE TABLE messages (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            uuid TEXT NOT NULL,
            receiver TEXT NOT NULL,
            body TEXT NOT NULL,
            status TEXT NOT NULL,
            origin TEXT NOT NULL,
            due_at INTEGER NOT NULL,
            no_later_than INTEGER,
            created_at INTEGER NOT NULL,
            created_by TEXT NOT NULL,
            updated_at INTEGER NOT NULL,
            attempts INTEGER NOT NULL DEFAULT 0,
            next_attempt_at INTEGER,
            sending_started_at INTEGER,
            last_error TEXT,
            last_error_code TEXT,
            server_id INTEGER,
            server_created_at INTEGER,
            server_to_send_date INTEGER,
            sent_at INTEGER,
            booking_id INTEGER
        )
        """,
        "CREATE UNIQUE INDEX ux_messages_uuid ON messages (uuid)",
        # NULLs are distinct in a UNIQUE index, so unsent rows do not collide.
        "CREATE UNIQUE INDEX ux_messages_server_id ON messages (server_id)",
        # Due now: status = 'queued' AND due_at <= now, in due order.
        "CREATE INDEX ix_messages_status_due ON messages (status, due_at)",
        "CREATE INDEX ix_messages_receiver ON messages (receiver)",
        # Newest first. Every SQLite index ends with the rowid (our id), so this one already
        # orders by (due_at, id) and serves ORDER BY due_at DESC, id DESC keyset pages.
        "CREATE INDEX ix_messages_due ON messages (due_at)",
        """
        CREATE TABLE message_events (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            message_id INTEGER NOT NULL REFERENCES messages (id) ON DELETE CASCADE,
            at INTEGER NOT NULL,
            actor TEXT NOT NULL,
            kind TEXT NOT NULL,
            detail TEXT NOT NULL DEFAULT ''
        )
        """,
        "CREATE INDEX ix_message_events_message ON message_events (message_id)",
        """
        CREATE TABLE settings (
            key TEXT PRIMARY KEY NOT NULL,
            value TEXT NOT NULL
        )
        """,
    ),
)

_V2 = Migration(
    2,
    "quiet-hours override and batches; an index for retries that are due",
    (
        "ALTER TABLE messages ADD COLUMN send_anyway INTEGER NOT NULL DEFAULT 0",
        "ALTER TABLE messages ADD COLUMN batch_id TEXT",
        "CREATE INDEX ix_messages_status_next_attempt ON messages (status, next_attempt_at)",
    ),
)

_V3 = Migration(
    3,
    "a covering index for the status bar's counts of this desk's messages",
    ("CREATE INDEX ix_messages_origin_status ON messages (origin, status)",),
)

MIGRATIONS: tuple[Migration, ...] = (_V1, _V2, _V3)
LATEST_VERSION = MIGRATIONS[-1].version


def read_version(conn: sqlite3.Connection) -> int:
    return int(conn.execute("PRAGMA user_version").fetchone()[0])


def _check_ours(conn: sqlite3.Connection, path: Path, version: int) -> None:
    """Refuse a database another program made, before a single statement writes to it."""
    application_id = int(conn.execute("PRAGMA application_id").fetchone()[0])
    if application_id not in (0, APPLICATION_ID) or (version > 0 and application_id == 0):
        raise StorageError("not_a_database", path, reason="it belongs to another program")
    if version == 0:
        (objects,) = conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        if objects:
            raise StorageError("not_a_database", path, reason="it belongs to another program")


def upgrade(
    conn: sqlite3.Connection,
    path: Path,
    *,
    steps: Sequence[Migration] = MIGRATIONS,
    target: int | None = None,
) -> int:
    """Bring the database up to ``target`` (default: the newest step) and return the version.

    ``conn`` must be in autocommit mode (``isolation_level = None``). Each step commits on
    its own, so a failure (a full disk, say) leaves the database at the last whole version.
    A database newer than every known step raises StorageError("newer_schema") untouched.
    """
    latest = steps[-1].version if steps else 0
    target = latest if target is None else target
    version = read_version(conn)
    if version > latest:
        raise StorageError("newer_schema", path, found=version, known=latest)
    _check_ours(conn, path, version)
    for step in steps:
        if step.version > target:
            break
        conn.execute("BEGIN IMMEDIATE")
        try:
            # Read again under the write lock: another process may have just done this step.
            version = read_version(conn)
            if version > latest:
                raise StorageError("newer_schema", path, found=version, known=latest)
            if version < step.version:
                if version != step.version - 1:
                    raise RuntimeError(f"migration steps out of order at {step.version}")
                for statement in step.statements:
                    conn.execute(statement)
                # user_version lives in the header page, so it commits or rolls back with
                # the DDL above: a step is either wholly applied and recorded, or neither.
                conn.execute(f"PRAGMA user_version = {step.version}")
            conn.execute("COMMIT")
        except BaseException:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise
    return read_version(conn)
