"""Backups: taken while the engine writes, checked, listed, pruned and restored, on real files."""

from __future__ import annotations

import hashlib
import sqlite3
import subprocess
import sys
import threading
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from desktop.storage import backup, migrations
from desktop.storage import repository as repo
from desktop.storage.backup import BackupError
from desktop.storage.database import Database, open_database

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
ROOT = Path(__file__).resolve().parents[2]


def _news(count: int, start: int = 0) -> list[repo.NewMessage]:
    return [
        repo.NewMessage(
            receiver=f"+4670{1000000 + start + i:07d}",
            body=f"Påminnelse {start + i}: välkommen åter!",
            due_at=T0 + timedelta(hours=1),
            no_later_than=None,
            created_by="Anna",
        )
        for i in range(count)
    ]


def _outbox(path: Path, count: int) -> Database:
    db = open_database(path)
    repo.enqueue_many(db, _news(count), now=T0)
    return db


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _bodies(path: Path) -> set[str]:
    conn = sqlite3.connect(path)
    try:
        return {r[0] for r in conn.execute("SELECT body FROM messages")}
    finally:
        conn.close()


@pytest.fixture
def outbox(tmp_path: Path) -> Path:
    path = tmp_path / "data" / "outbox.sqlite3"
    _outbox(path, 25).close()
    return path


# --- making one --------------------------------------------------------------------------------


def test_backup_is_named_in_utc_is_one_file_and_holds_everything(
    outbox: Path, tmp_path: Path
) -> None:
    stockholm = T0.astimezone(ZoneInfo("Europe/Stockholm"))  # 10:00 there
    made = backup.make_backup(outbox, tmp_path / "backups", now=stockholm)
    assert made.name == "outbox-20260302T090000Z.sqlite3"
    assert sorted(p.name for p in made.parent.iterdir()) == [made.name]  # no -wal, no .partial
    info = backup.verify_backup(made)
    assert info.messages == 25 and info.taken_at == T0 and info.size == made.stat().st_size
    conn = sqlite3.connect(made)
    assert conn.execute("PRAGMA journal_mode").fetchone() == ("delete",)
    conn.close()
    restored = tmp_path / "copy" / "outbox.sqlite3"
    restored.parent.mkdir()
    restored.write_bytes(made.read_bytes())  # a backup copied anywhere is a whole outbox
    with open_database(restored) as db:
        assert repo.log_count(db, repo.LogFilter()) == 25
        assert [e.kind for e in repo.events_for(db, 1)] == ["queued"]


def test_two_backups_in_one_second_get_two_names(outbox: Path, tmp_path: Path) -> None:
    first = backup.make_backup(outbox, tmp_path / "b", now=T0)
    second = backup.make_backup(outbox, tmp_path / "b", now=T0 + timedelta(milliseconds=300))
    assert first != second and second.name == "outbox-20260302T090000Z-2.sqlite3"
    assert [i.path for i in backup.list_backups(tmp_path / "b")] == [second, first]


def test_backups_taken_while_a_thread_writes_are_each_one_consistent_snapshot(
    tmp_path: Path,
) -> None:
    db = _outbox(tmp_path / "outbox.sqlite3", 5)
    written = 0
    progress = threading.Condition()
    stop = threading.Event()
    failure: list[BaseException] = []

    def writer() -> None:
        nonlocal written
        try:
            while not stop.is_set():
                # Three rows and three events per transaction: a torn copy would show it.
                repo.enqueue_many(db, _news(3, start=written), now=T0)
                with progress:
                    written += 3
                    progress.notify_all()
        except BaseException as exc:
            failure.append(exc)
            with progress:
                progress.notify_all()
            raise

    thread = threading.Thread(target=writer, name="engine-like-writer")
    thread.start()
    counts = []
    try:
        for i in range(6):
            with progress:  # the writer moves on between backups: they really overlap
                target = written + 6
                assert progress.wait_for(lambda t=target: written >= t or bool(failure), timeout=30)
            made = backup.make_backup(db.path, tmp_path / "backups", now=T0 + timedelta(minutes=i))
            conn = sqlite3.connect(made)
            messages, events = conn.execute(
                "SELECT (SELECT count(*) FROM messages),"
                " (SELECT count(*) FROM message_events WHERE kind = 'queued')"
            ).fetchone()
            conn.close()
            assert messages == events and (messages - 5) % 3 == 0
            assert backup.verify_backup(made).messages == messages
            counts.append(messages)
    finally:
        stop.set()
        thread.join()
        db.close()
    assert not failure
    assert counts == sorted(counts) and counts[-1] > counts[0]


def test_backup_of_a_missing_outbox_is_refused(tmp_path: Path) -> None:
    with pytest.raises(BackupError) as caught:
        backup.make_backup(tmp_path / "none.sqlite3", tmp_path / "b", now=T0)
    assert caught.value.code == "no_outbox"
    assert not (tmp_path / "b").exists()


def test_a_damaged_outbox_is_reported_and_leaves_no_backup(tmp_path: Path) -> None:
    db_path = tmp_path / "outbox.sqlite3"
    _outbox(db_path, 300).close()
    _corrupt_page(db_path, 4)  # an index page: the schema still reads, the data does not
    with pytest.raises(BackupError) as caught:
        backup.make_backup(db_path, tmp_path / "b", now=T0)
    assert caught.value.code == "source_damaged"
    assert "damaged" in caught.value.message
    assert list((tmp_path / "b").iterdir()) == []


def test_a_backup_folder_that_cannot_be_made_is_backup_failed(outbox: Path, tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("in the way")
    with pytest.raises(BackupError) as caught:
        backup.make_backup(outbox, blocker / "backups", now=T0)
    assert caught.value.code == "backup_failed"
    assert str(blocker / "backups") in caught.value.message


# --- checking one ------------------------------------------------------------------------------


def _corrupt_page(path: Path, page: int) -> None:
    conn = sqlite3.connect(path)
    size = conn.execute("PRAGMA page_size").fetchone()[0]
    conn.close()
    with path.open("r+b") as handle:
        handle.seek(size * (page - 1) + 8)
        handle.write(b"\xa5" * (size - 16))


@pytest.mark.parametrize(
    ("spoil", "code"),
    [
        (lambda p: p.write_bytes(b"PK\x03\x04 a zip, not a database" * 10), "backup_unreadable"),
        (lambda p: p.write_bytes(b""), "backup_unreadable"),
        (lambda p: _corrupt_page(p, 3), "backup_unreadable"),
        (lambda p: _sql(p, "DROP INDEX ix_messages_receiver"), "backup_unreadable"),
        (lambda p: _sql(p, "PRAGMA application_id = 7"), "backup_unreadable"),
        (
            lambda p: _sql(p, f"PRAGMA user_version = {migrations.LATEST_VERSION + 1}"),
            "backup_newer",
        ),
    ],
    ids=["zip", "empty", "damaged-page", "schema-changed", "other-program", "newer"],
)
def test_verify_refuses_what_is_not_a_whole_backup_and_changes_nothing(
    outbox: Path, tmp_path: Path, spoil: Callable[[Path], object], code: str
) -> None:
    made = backup.make_backup(outbox, tmp_path / "b", now=T0)
    spoil(made)
    before = _digest(made)
    with pytest.raises(BackupError) as caught:
        backup.verify_backup(made)
    assert caught.value.code == code
    assert str(made) in caught.value.message
    assert _digest(made) == before
    assert sorted(p.name for p in made.parent.iterdir()) == [made.name]


def _sql(path: Path, statement: str) -> None:
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute(statement)
    conn.close()


# --- listing, pruning, when ----------------------------------------------------------------------


def test_list_prune_and_daily(outbox: Path, tmp_path: Path) -> None:
    folder = tmp_path / "b"
    assert backup.list_backups(folder) == [] and backup.daily_backup_due(folder, T0)
    made = [backup.make_backup(outbox, folder, now=T0 + timedelta(days=d)) for d in range(5)]
    (folder / "notes.txt").write_text("not ours")
    dead = folder / ".outbox-20260228T000000Z.sqlite3.77-1.partial"  # a crash, days ago
    live = folder / ".outbox-20260306T090000Z.sqlite3.77-2.partial"  # being written now
    dead.write_bytes(b"half")
    live.write_bytes(b"half")
    infos = backup.list_backups(folder)
    assert [i.path for i in infos] == made[::-1]
    assert all(i.messages == 25 and i.size > 0 for i in infos)

    newest = T0 + timedelta(days=4)
    assert not backup.daily_backup_due(folder, newest + timedelta(hours=23, minutes=59))
    assert backup.daily_backup_due(folder, newest + timedelta(hours=24))
    # The clock was set back a week: a backup "from the future" must not block new ones.
    assert backup.daily_backup_due(folder, T0 - timedelta(days=7))

    removed = backup.prune_backups(folder, keep=2)
    assert sorted(removed) == sorted([*made[:3], dead])
    assert live.exists()
    assert [i.path for i in backup.list_backups(folder)] == made[:2:-1]
    assert (folder / "notes.txt").exists()
    with pytest.raises(ValueError):
        backup.prune_backups(folder, keep=0)


def test_pruning_keeps_the_newest_good_backup_when_newer_ones_are_broken(
    outbox: Path, tmp_path: Path
) -> None:
    folder = tmp_path / "b"
    made = [backup.make_backup(outbox, folder, now=T0 + timedelta(days=d)) for d in range(4)]
    for broken in made[2:]:
        broken.write_bytes(b"\0" * 4096)
    infos = backup.list_backups(folder)
    assert [i.messages for i in infos] == [None, None, 25, 25]
    removed = backup.prune_backups(folder, keep=2)
    assert removed == [made[0]]
    assert {i.path for i in backup.list_backups(folder)} == set(made[1:])


# --- restoring ---------------------------------------------------------------------------------


def test_restore_replaces_the_outbox_and_keeps_the_old_one_with_its_wal(
    tmp_path: Path,
) -> None:
    data = tmp_path / "data"
    db_path = data / "outbox.sqlite3"
    _outbox(db_path, 3).close()
    made = backup.make_backup(db_path, data / "backups", now=T0)
    # A later message, left in the -wal by an app that was killed (no checkpoint on close).
    script = (
        "import os, sys\n"
        "from datetime import datetime, UTC\n"
        "from desktop.storage.database import open_database\n"
        "from desktop.storage import repository as repo\n"
        "db = open_database(sys.argv[1])\n"
        "now = datetime(2026, 3, 2, 10, tzinfo=UTC)\n"
        "repo.enqueue(db, repo.NewMessage('+46709999999', 'Sent after the backup', now,"
        " None, 'Anna'), now=now)\n"
        "os._exit(0)\n"
    )
    subprocess.run([sys.executable, "-c", script, str(db_path)], check=True, cwd=ROOT)
    assert Path(f"{db_path}-wal").stat().st_size > 0

    aside = backup.restore_backup(made, db_path, now=T0 + timedelta(hours=2))
    assert aside == data / "outbox.before-restore-20260302T110000Z.sqlite3"
    assert not Path(f"{db_path}-wal").exists()
    with open_database(db_path) as db:
        assert repo.log_count(db, repo.LogFilter()) == 3
    with open_database(aside) as old:  # the old outbox, later message included
        assert "Sent after the backup" in {
            r.body for r in repo.log_page(old, repo.LogFilter()).rows
        }
        assert repo.log_count(old, repo.LogFilter()) == 4


def test_a_bad_backup_is_refused_before_the_outbox_is_touched(outbox: Path, tmp_path: Path) -> None:
    bad = tmp_path / "bad.sqlite3"
    bad.write_bytes(b"SQLite format 3\x00" + b"\xff" * 200)
    before = {p.name: _digest(p) for p in outbox.parent.iterdir()}
    with pytest.raises(BackupError) as caught:
        backup.restore_backup(bad, outbox, now=T0)
    assert caught.value.code == "backup_unreadable"
    assert {p.name: _digest(p) for p in outbox.parent.iterdir()} == before


def test_restoring_the_outbox_onto_itself_is_refused(outbox: Path) -> None:
    with pytest.raises(BackupError):
        backup.restore_backup(outbox, outbox, now=T0)
    assert _bodies(outbox)


def test_restore_into_an_empty_data_folder_and_open_an_older_version(tmp_path: Path) -> None:
    # A backup made by schema version 1 (an older SMS Desk) restores and is upgraded on open.
    old = tmp_path / "outbox-20250101T000000Z.sqlite3"
    conn = sqlite3.connect(old, isolation_level=None)
    migrations.upgrade(conn, old, target=1)
    conn.close()
    assert backup.verify_backup(old).messages == 0
    target = tmp_path / "fresh" / "outbox.sqlite3"
    assert backup.restore_backup(old, target, now=T0) is None
    with open_database(target) as db:
        repo.enqueue_many(db, _news(1), now=T0)
    assert (
        sqlite3.connect(target).execute("PRAGMA user_version").fetchone()[0]
        == migrations.LATEST_VERSION
    )


def test_a_second_restore_in_the_same_second_keeps_both_old_outboxes(
    outbox: Path, tmp_path: Path
) -> None:
    made = backup.make_backup(outbox, tmp_path / "b", now=T0)
    first = backup.restore_backup(made, outbox, now=T0)
    second = backup.restore_backup(made, outbox, now=T0)
    assert first is not None and second is not None and first != second
    assert first.exists() and second.exists()
