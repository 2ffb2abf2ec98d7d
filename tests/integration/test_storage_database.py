"""Opening the outbox file: connection set-up, units of work, and every way it can fail.

Real SQLite files in tmp_path. The tests run as root in CI, and root ignores permission
bits, so "read-only" is made real with the immutable attribute (chattr +i, which binds root
too) where the filesystem supports it, and with a folder path that runs through a file,
which fails for everyone. A test that cannot make its condition real skips, saying why.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import sqlite3
import subprocess
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import event, text

from desktop.storage import migrations
from desktop.storage.database import Database, StorageError, open_database, storage_error_for
from desktop.storage.models import Setting

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "data" / "outbox.sqlite3"


@pytest.fixture
def db(db_path: Path) -> Iterator[Database]:
    database = open_database(db_path)
    yield database
    database.close()


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _siblings(path: Path) -> list[str]:
    return sorted(p.name for p in path.parent.iterdir())


def _pragma(session: Any, name: str) -> Any:
    return session.exec(text(f"PRAGMA {name}")).one()[0]


# ---- set-up ---------------------------------------------------------------------------------


def test_open_creates_the_folder_and_a_current_schema(db: Database, db_path: Path) -> None:
    assert db.path == db_path
    assert db_path.is_file()
    with db.session() as session:
        assert _pragma(session, "user_version") == migrations.LATEST_VERSION
        assert _pragma(session, "application_id") == migrations.APPLICATION_ID


def test_every_connection_gets_wal_full_sync_busy_timeout_and_foreign_keys(
    db: Database,
) -> None:
    seen: list[tuple[str, int, int, int]] = []
    lock = threading.Lock()
    barrier = threading.Barrier(4)

    def look() -> None:
        with db.session() as session:
            barrier.wait(timeout=10)  # all four hold a connection at once: four connections
            values = (
                _pragma(session, "journal_mode"),
                _pragma(session, "synchronous"),
                _pragma(session, "busy_timeout"),
                _pragma(session, "foreign_keys"),
            )
            with lock:
                seen.append(values)

    threads = [threading.Thread(target=look) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=10)
    assert seen == [("wal", 2, 5000, 1)] * 4  # synchronous 2 = FULL


def test_write_takes_the_write_lock_at_begin(db: Database) -> None:
    other = sqlite3.connect(db.path, timeout=0, isolation_level=None)
    try:
        # No statement has run inside write() yet, but BEGIN IMMEDIATE already holds the lock.
        with db.write(), pytest.raises(sqlite3.OperationalError, match="locked"):
            other.execute("BEGIN IMMEDIATE")
        other.execute("BEGIN IMMEDIATE")  # released by the commit
        other.execute("ROLLBACK")
    finally:
        other.close()


def test_a_read_session_does_not_block_writers(db: Database) -> None:
    other = sqlite3.connect(db.path, timeout=0, isolation_level=None)
    try:
        with db.session() as session:
            session.exec(text("SELECT count(*) FROM messages")).one()
            other.execute("BEGIN IMMEDIATE")
            other.execute("INSERT INTO settings VALUES ('k', 'v')")
            other.execute("COMMIT")
    finally:
        other.close()


def test_write_commits_on_exit_and_rolls_back_on_error(db: Database) -> None:
    with db.write() as session:
        session.add(Setting(key="kept", value="1"))
    with pytest.raises(KeyError), db.write() as session:
        session.add(Setting(key="dropped", value="1"))
        session.flush()
        raise KeyError("boom")
    fresh = open_database(db.path)
    try:
        with fresh.session() as session:
            assert session.get(Setting, "kept") is not None
            assert session.get(Setting, "dropped") is None
    finally:
        fresh.close()


def test_a_read_session_refuses_to_carry_changes(db: Database) -> None:
    with pytest.raises(RuntimeError, match="use write"), db.session() as session:
        session.add(Setting(key="k", value="v"))
    with db.session() as session:
        assert session.get(Setting, "k") is None


def test_foreign_keys_are_enforced(db: Database) -> None:
    with pytest.raises(Exception, match="FOREIGN KEY"), db.write() as session:
        session.exec(
            text(
                "INSERT INTO message_events (message_id, at, actor, kind) "
                "VALUES (999, 0, 'x', 'queued')"
            )
        )


def test_reopening_an_existing_database_keeps_its_data(db: Database, db_path: Path) -> None:
    with db.write() as session:
        session.add(Setting(key="k", value="v"))
    db.close()
    again = open_database(db_path)
    try:
        with again.session() as session:
            found = session.get(Setting, "k")
            assert found is not None and found.value == "v"
    finally:
        again.close()


def test_an_empty_file_is_a_new_database(db_path: Path) -> None:
    db_path.parent.mkdir(parents=True)
    db_path.touch()
    database = open_database(db_path)
    database.close()
    assert db_path.stat().st_size > 0


# ---- read-only ------------------------------------------------------------------------------


def test_a_folder_path_through_a_file_is_reported(tmp_path: Path) -> None:
    (tmp_path / "not-a-folder").write_text("I am a file")
    target = tmp_path / "not-a-folder" / "sub" / "outbox.sqlite3"
    with pytest.raises(StorageError) as caught:
        open_database(target)
    assert caught.value.code == "read_only"
    assert str(target) in caught.value.message
    assert (tmp_path / "not-a-folder").read_text() == "I am a file"


def test_a_file_standing_where_the_folder_should_be_is_reported(tmp_path: Path) -> None:
    (tmp_path / "data").write_text("I am a file")
    with pytest.raises(StorageError) as caught:
        open_database(tmp_path / "data" / "outbox.sqlite3")
    assert caught.value.code == "read_only"


@contextmanager
def _read_only(path: Path) -> Iterator[None]:
    """Make ``path`` unwritable for real, even for root; skip when this system cannot."""
    as_root = os.geteuid() == 0
    if as_root:
        chattr = shutil.which("chattr")
        if chattr is None:
            pytest.skip("root ignores permissions and chattr is not installed")
        done = subprocess.run([chattr, "+i", str(path)], capture_output=True)
        if done.returncode != 0:
            pytest.skip(f"this filesystem has no immutable attribute: {done.stderr!r}")
    else:
        old_mode = path.stat().st_mode
        path.chmod(0o555 if path.is_dir() else 0o444)
    try:
        probe = path / ".probe" if path.is_dir() else path
        try:
            with open(probe, "a"):
                pass
        except OSError:
            pass
        else:
            pytest.skip(f"could not make {path} read-only here")
        yield
    finally:
        if as_root:
            subprocess.run(["chattr", "-i", str(path)], check=True)
        else:
            path.chmod(old_mode)


def test_a_read_only_folder_is_reported_before_sqlite_touches_it(tmp_path: Path) -> None:
    folder = tmp_path / "data"
    folder.mkdir()
    with _read_only(folder), pytest.raises(StorageError) as caught:
        open_database(folder / "outbox.sqlite3")
    assert caught.value.code == "read_only"
    assert str(folder / "outbox.sqlite3") in caught.value.message
    assert list(folder.iterdir()) == []


def test_a_read_only_database_file_is_reported_and_unchanged(db: Database, db_path: Path) -> None:
    db.close()
    before = _digest(db_path)
    with _read_only(db_path), pytest.raises(StorageError) as caught:
        open_database(db_path)
    assert caught.value.code == "read_only"
    assert _digest(db_path) == before


def test_sqlite_refusing_a_write_means_read_only(tmp_path: Path) -> None:
    # The backstop for what the checks before opening cannot see (a disk remounted
    # read-only while running): a real SQLITE_READONLY from SQLite itself.
    conn = sqlite3.connect(tmp_path / "x.sqlite3")
    conn.execute("CREATE TABLE t (x)")
    conn.execute("PRAGMA query_only = ON")
    with pytest.raises(sqlite3.OperationalError) as raw:
        conn.execute("INSERT INTO t VALUES (1)")
    conn.close()
    error = storage_error_for(raw.value, tmp_path / "x.sqlite3", 5000)
    assert error is not None and error.code == "read_only"


# ---- not ours, or too new -------------------------------------------------------------------


def test_a_file_that_is_not_sqlite_is_refused_and_left_byte_for_byte(db_path: Path) -> None:
    db_path.parent.mkdir(parents=True)
    foreign = b"Name;Phone\nAnna;+46701234567\n" * 50
    db_path.write_bytes(foreign)
    with pytest.raises(StorageError) as caught:
        open_database(db_path)
    assert caught.value.code == "not_a_database"
    assert str(db_path) in caught.value.message
    assert db_path.read_bytes() == foreign
    assert _siblings(db_path) == ["outbox.sqlite3"]  # no -wal, no -shm, no journal


def test_a_short_file_that_is_not_sqlite_is_refused(db_path: Path) -> None:
    db_path.parent.mkdir(parents=True)
    db_path.write_bytes(b"hello")
    with pytest.raises(StorageError) as caught:
        open_database(db_path)
    assert caught.value.code == "not_a_database"
    assert db_path.read_bytes() == b"hello"


def test_another_programs_sqlite_database_is_refused_and_left_alone(db_path: Path) -> None:
    db_path.parent.mkdir(parents=True)
    conn = sqlite3.connect(db_path)
    conn.execute("CREATE TABLE contacts (name TEXT, phone TEXT)")
    conn.execute("INSERT INTO contacts VALUES ('Anna', '+46701234567')")
    conn.commit()
    conn.close()
    before = _digest(db_path)
    with pytest.raises(StorageError) as caught:
        open_database(db_path)
    assert caught.value.code == "not_a_database"
    assert _digest(db_path) == before
    conn = sqlite3.connect(db_path)
    tables = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")]
    conn.close()
    assert tables == ["contacts"]


def test_a_database_marked_by_another_application_is_refused(db_path: Path) -> None:
    db_path.parent.mkdir(parents=True)
    conn = sqlite3.connect(db_path)
    conn.execute("PRAGMA application_id = 1234")
    conn.execute("CREATE TABLE x (y)")
    conn.commit()
    conn.close()
    before = _digest(db_path)
    with pytest.raises(StorageError) as caught:
        open_database(db_path)
    assert caught.value.code == "not_a_database"
    assert _digest(db_path) == before


def test_a_folder_where_the_file_should_be_is_refused(db_path: Path) -> None:
    db_path.mkdir(parents=True)
    with pytest.raises(StorageError) as caught:
        open_database(db_path)
    assert caught.value.code == "not_a_database"


def test_a_database_from_a_newer_sms_desk_is_refused_untouched(db: Database, db_path: Path) -> None:
    db.close()
    conn = sqlite3.connect(db_path)
    conn.execute(f"PRAGMA user_version = {migrations.LATEST_VERSION + 1}")
    conn.commit()
    conn.close()
    before = _digest(db_path)
    assert _siblings(db_path) == ["outbox.sqlite3"]
    with pytest.raises(StorageError) as caught:
        open_database(db_path)
    error = caught.value
    assert error.code == "newer_schema"
    assert error.params["found"] == migrations.LATEST_VERSION + 1
    assert error.params["known"] == migrations.LATEST_VERSION
    assert str(db_path) in error.message
    assert _digest(db_path) == before
    assert _siblings(db_path) == ["outbox.sqlite3"]


# ---- failures while running -----------------------------------------------------------------


def test_a_held_lock_becomes_busy_after_the_timeout(db_path: Path) -> None:
    database = open_database(db_path, busy_timeout_ms=50)
    holder = sqlite3.connect(db_path, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    try:
        with pytest.raises(StorageError) as caught, database.write() as session:
            session.add(Setting(key="k", value="v"))
        assert caught.value.code == "busy"
        assert str(db_path) in caught.value.message
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    with database.write() as session:  # usable again once the lock is gone
        session.add(Setting(key="k", value="v"))
    database.close()


def _limit_pages(database: Database) -> None:
    """From now on the file may not grow: SQLite answers SQLITE_FULL, as on a full disk."""
    with database.session() as session:
        pages = _pragma(session, "page_count")

    @event.listens_for(database.engine, "connect")
    def _cap(dbapi_connection: sqlite3.Connection, _record: Any) -> None:
        dbapi_connection.execute(f"PRAGMA max_page_count = {pages}")

    database.engine.dispose()  # new connections only, each one capped


def test_a_full_disk_is_disk_full_and_loses_nothing_stored(db: Database) -> None:
    with db.write() as session:
        session.add(Setting(key="before", value="x" * 100))
    _limit_pages(db)
    with pytest.raises(StorageError) as caught, db.write() as session:
        for i in range(200):
            session.add(Setting(key=f"big{i}", value="y" * 2000))
    assert caught.value.code == "disk_full"
    assert str(db.path) in caught.value.message
    db.close()
    fresh = open_database(db.path)
    try:
        with fresh.session() as session:
            kept = session.get(Setting, "before")
            assert kept is not None and kept.value == "x" * 100
            assert session.get(Setting, "big0") is None  # all or nothing
    finally:
        fresh.close()


def test_a_damaged_file_is_corrupt(db: Database, db_path: Path) -> None:
    with db.write() as session:
        for i in range(50):
            session.add(Setting(key=f"k{i}", value="v" * 200))
    db.close()
    damaged = bytearray(db_path.read_bytes())
    page_size = int.from_bytes(damaged[16:18], "big")
    damaged[100:page_size] = b"\x5a" * (page_size - 100)  # the schema page, after the header
    db_path.write_bytes(bytes(damaged))
    with pytest.raises(StorageError) as caught:
        open_database(db_path)
    assert caught.value.code == "corrupt"
    assert str(db_path) in caught.value.message


def test_storage_errors_are_domain_errors_with_translatable_text(db_path: Path) -> None:
    from desktop.domain.errors import DomainError

    error = StorageError("disk_full", db_path)
    assert isinstance(error, DomainError)
    assert error.context == "storage"
    asked: list[str] = []

    def translate(context: str, source: str) -> str:
        asked.append(context)
        return "[sv] " + source

    assert error.translated(translate).startswith("[sv] The disk that holds " + str(db_path))
    assert asked == ["storage"]
    assert "{path}" in error.template  # the path is filled in after translation


def test_bugs_are_not_disguised_as_storage_errors(db: Database) -> None:
    with db.write() as session:
        session.add(Setting(key="k", value="v"))
    with pytest.raises(Exception) as caught, db.write() as session:
        session.add(Setting(key="k", value="again"))  # primary key clash: a bug, not the disk
    assert not isinstance(caught.value, StorageError)
    assert "UNIQUE" in str(caught.value)
