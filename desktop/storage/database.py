"""Opening the outbox file, and units of work on it.

One Database per file per process. It may be shared by threads: each unit of work gets its
own Session and its own pooled connection, and nothing of either leaks out of the ``with``.

Every connection is set up the same way (DESIGN.md, "Scheduling and threads"):
- WAL, so readers never block the writer and the writer never blocks readers;
- synchronous=FULL, so a commit that returned survives a power cut (invariant 1);
- a busy timeout, so a second writer waits its turn instead of failing at once;
- foreign keys on (SQLite leaves them off per connection by default);
- pysqlite's own transaction handling off, so we emit BEGIN ourselves: deferred for reads,
  IMMEDIATE for writes. A write that starts deferred and later needs the lock can fail with
  SQLITE_BUSY without waiting; taking the lock at BEGIN makes check-then-update atomic.
  (SQLAlchemy docs, SQLite dialect: "Serializable isolation / Savepoints / Transactional DDL".)
"""

from __future__ import annotations

import errno
import os
import sqlite3
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import URL, Connection
from sqlalchemy.exc import DBAPIError
from sqlmodel import Session

from desktop.storage import migrations
from desktop.storage.errors import StorageError
from desktop.storage.fileheader import NotSQLite, read_header

__all__ = ["DEFAULT_BUSY_TIMEOUT_MS", "Database", "StorageError", "open_database"]

DEFAULT_BUSY_TIMEOUT_MS = 5000
_BEGIN_OPTION = "smsdesk_begin"

# Primary SQLite result codes (https://www.sqlite.org/rescode.html); extended codes carry
# the primary one in their low byte.
_SQLITE_BUSY = 5
_SQLITE_LOCKED = 6
_SQLITE_READONLY = 8
_SQLITE_IOERR = 10
_SQLITE_CORRUPT = 11
_SQLITE_FULL = 13
_SQLITE_CANTOPEN = 14
_SQLITE_NOTADB = 26


def casefold_or_none(value: str | None) -> str | None:
    """Registered as SQL function ``smsdesk_casefold``: SQLite's own lower() and LIKE fold
    ASCII only, and Swedish bodies need Å/å, Ä/ä, Ö/ö to match."""
    return None if value is None else value.casefold()


def storage_error_for(exc: BaseException, path: Path, busy_timeout_ms: int) -> StorageError | None:
    """The StorageError a low-level SQLite failure means for the user; None if it is a bug
    (a constraint, bad SQL) that should surface as it is."""
    orig = exc.orig if isinstance(exc, DBAPIError) else exc
    code = getattr(orig, "sqlite_errorcode", None)
    if not isinstance(orig, sqlite3.Error) or code is None:
        return None
    primary = code & 0xFF
    if primary == _SQLITE_FULL:
        return StorageError("disk_full", path)
    if primary in (_SQLITE_BUSY, _SQLITE_LOCKED):
        return StorageError("busy", path, seconds=max(1, round(busy_timeout_ms / 1000)))
    if primary == _SQLITE_CORRUPT:
        return StorageError("corrupt", path)
    if primary == _SQLITE_NOTADB:
        return StorageError("not_a_database", path, reason="SQLite cannot read it")
    if primary == _SQLITE_READONLY:
        return StorageError("read_only", path, reason="the file or its folder is read-only")
    if primary == _SQLITE_CANTOPEN:
        return StorageError("read_only", path, reason="the file could not be opened for writing")
    if primary == _SQLITE_IOERR:
        return StorageError("io_error", path)
    return None


class Database:
    """The open outbox. ``session()`` reads, ``write()`` changes; both are units of work."""

    def __init__(self, path: Path, engine: Engine, busy_timeout_ms: int) -> None:
        self.path = path
        self.engine = engine
        self.busy_timeout_ms = busy_timeout_ms
        # Same pool and listeners; only the BEGIN the listener emits differs.
        self._write_engine = engine.execution_options(**{_BEGIN_OPTION: "IMMEDIATE"})

    @contextmanager
    def translated_errors(self) -> Iterator[None]:
        """Turn SQLite failures (full disk, lock held too long, damage) into StorageError."""
        try:
            yield
        except (DBAPIError, sqlite3.Error) as exc:
            error = storage_error_for(exc, self.path, self.busy_timeout_ms)
            if error is None:
                raise
            raise error from exc

    @contextmanager
    def session(self) -> Iterator[Session]:
        """A read unit of work: one consistent snapshot, ended (not committed) on exit.

        Changes belong in ``write()``; leaving pending ones here is a bug and raises.
        """
        with self.translated_errors(), Session(self.engine, expire_on_commit=False) as session:
            try:
                yield session
                if session.new or session.dirty or session.deleted:
                    raise RuntimeError("Database.session() is for reading; use write()")
            finally:
                session.rollback()

    @contextmanager
    def reading(self) -> Iterator[sqlite3.Cursor]:
        """A cursor on a pooled connection, for hand-written reads on hot paths.

        No ORM Session, no SQLAlchemy statement execution and no BEGIN: the connection is
        in autocommit (see _make_engine), so each statement is its own consistent snapshot;
        reads that must agree with each other belong in session(). Around one page of the
        log, that machinery cost a third as much again as the query (log_reads). The
        connection comes from the same pool, set up the same way (pragmas, functions);
        engine statement listeners do not see what runs here."""
        with self.translated_errors():
            connection = self.engine.raw_connection()
            try:
                cursor = connection.cursor()
                try:
                    yield cursor
                finally:
                    cursor.close()
            finally:
                connection.close()  # back to the pool, which rolls back what is left

    @contextmanager
    def write(self) -> Iterator[Session]:
        """A write unit of work: BEGIN IMMEDIATE on entry, COMMIT on a clean exit, ROLLBACK
        when the block raises. When the ``with`` ends without error, the change is durable."""
        with (
            self.translated_errors(),
            Session(self._write_engine, expire_on_commit=False) as session,
        ):
            session.connection()  # BEGIN IMMEDIATE now: wait for the write lock up front
            try:
                yield session
                session.commit()
            except BaseException:
                session.rollback()
                raise

    @contextmanager
    def writing(self) -> Iterator[sqlite3.Cursor]:
        """``write()`` for hand-written SQL: BEGIN IMMEDIATE on entry, COMMIT on a clean
        exit, ROLLBACK when the block raises, on a cursor of a pooled connection (set up as
        every other: pragmas, busy timeout). No ORM Session and no SQLAlchemy statement
        execution: the engine opens one of these for every few messages it sends, and
        those cost more than the statements (engine_writes.py). Engine statement listeners
        do not see what runs here."""
        with self.translated_errors():
            connection = self.engine.raw_connection()
            try:
                cursor = connection.cursor()
                try:
                    cursor.execute("BEGIN IMMEDIATE")
                    try:
                        yield cursor
                    except BaseException:
                        connection.rollback()
                        raise
                    connection.commit()
                finally:
                    cursor.close()
            finally:
                connection.close()  # back to the pool

    def close(self) -> None:
        """Close every pooled connection; the last one to close checkpoints the WAL."""
        self.engine.dispose()

    def __enter__(self) -> Database:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()


def _prepare_folder(path: Path) -> None:
    folder = path.parent
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except FileExistsError as exc:  # a file stands where the folder should be
        raise StorageError("read_only", path, reason=f"{folder} is a file, not a folder") from exc
    except OSError as exc:
        raise StorageError("read_only", path, reason=_os_reason(exc)) from exc
    # SQLite creates -wal and -shm files beside the database, so the folder itself must be
    # writable, not just the file. Root passes os.access() checks regardless of permissions,
    # so the only honest test is to try.
    try:
        handle, probe = tempfile.mkstemp(prefix=".smsdesk-probe-", dir=folder)
    except OSError as exc:
        raise StorageError("read_only", path, reason=_os_reason(exc)) from exc
    os.close(handle)
    os.unlink(probe)


def _os_reason(exc: OSError) -> str:
    if exc.errno == errno.ENOTDIR:
        return "a part of the folder path is a file, not a folder"
    if exc.errno == errno.EROFS:
        return "the disk is mounted read-only"
    if exc.errno in (errno.EACCES, errno.EPERM):
        return "permission denied"
    return exc.strerror or str(exc)


def _check_existing_file(path: Path) -> None:
    """Refuse what is not ours or is too new before SQLite opens (and so may change) it."""
    if not path.exists():
        return
    if not path.is_file():
        raise StorageError("not_a_database", path, reason="it is a folder, not a file")
    try:
        header = read_header(path)
    except NotSQLite as exc:
        raise StorageError("not_a_database", path, reason="it is not an SQLite file") from exc
    except OSError as exc:
        raise StorageError("read_only", path, reason=_os_reason(exc)) from exc
    if header is not None:
        if header.user_version > migrations.LATEST_VERSION:
            raise StorageError(
                "newer_schema", path, found=header.user_version, known=migrations.LATEST_VERSION
            )
        # Every SMS Desk schema carries our application id from version 1 on, so an
        # unmarked file with anything in it was made by someone else. Caught here because
        # merely opening it would switch it to WAL, and that rewrites its header.
        ours = header.application_id == migrations.APPLICATION_ID
        unmarked_and_empty = (
            header.application_id == 0 and header.user_version == 0 and header.schema_is_empty
        )
        if not (ours or unmarked_and_empty):
            raise StorageError("not_a_database", path, reason="it belongs to another program")
    try:  # opening for writing changes nothing, not even the modification time
        os.close(os.open(path, os.O_RDWR))
    except OSError as exc:
        raise StorageError("read_only", path, reason=_os_reason(exc)) from exc


def _make_engine(path: Path, busy_timeout_ms: int) -> Engine:
    engine = create_engine(
        URL.create("sqlite", database=str(path)),
        connect_args={"timeout": busy_timeout_ms / 1000, "check_same_thread": False},
    )

    @event.listens_for(engine, "connect")
    def _set_up_connection(dbapi_connection: sqlite3.Connection, _record: Any) -> None:
        dbapi_connection.isolation_level = None  # we emit BEGIN; see the module docstring
        cursor = dbapi_connection.cursor()
        try:
            cursor.execute(f"PRAGMA busy_timeout = {int(busy_timeout_ms)}")
            cursor.execute("PRAGMA journal_mode = WAL")
            cursor.execute("PRAGMA synchronous = FULL")
            cursor.execute("PRAGMA foreign_keys = ON")
        finally:
            cursor.close()
        dbapi_connection.create_function(
            "smsdesk_casefold", 1, casefold_or_none, deterministic=True
        )

    @event.listens_for(engine, "begin")
    def _begin(conn: Connection) -> None:
        mode = conn.get_execution_options().get(_BEGIN_OPTION, "DEFERRED")
        conn.exec_driver_sql(f"BEGIN {mode}")

    return engine


def open_database(path: Path, *, busy_timeout_ms: int = DEFAULT_BUSY_TIMEOUT_MS) -> Database:
    """Create or open the outbox at ``path`` and bring its schema up to date.

    Raises StorageError: "read_only", "not_a_database" and "newer_schema" before SQLite has
    touched the file; "busy", "disk_full", "corrupt" or "io_error" from SQLite itself.
    """
    path = Path(path).expanduser().absolute()
    _prepare_folder(path)
    _check_existing_file(path)
    db = Database(path, _make_engine(path, busy_timeout_ms), busy_timeout_ms)
    try:
        with db.translated_errors():
            raw = db.engine.raw_connection()
            try:
                driver = raw.driver_connection
                assert isinstance(driver, sqlite3.Connection)
                migrations.upgrade(driver, path)
            finally:
                raw.close()
    except BaseException:
        db.close()
        raise
    return db
