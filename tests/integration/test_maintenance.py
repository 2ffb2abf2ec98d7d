"""Daily maintenance on real files: one backup a day, pruning, retention, failures reported."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from desktop.maintenance import (
    BACKUP_KEEP_KEY,
    HourlyMaintenance,
    backups_to_keep,
    run_daily_maintenance,
)
from desktop.storage import backup, retention
from desktop.storage import repository as repo
from desktop.storage.backup import BackupError
from desktop.storage.database import Database, open_database
from desktop.storage.paths import DB_FILENAME

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "data"
    folder.mkdir()
    return folder


@pytest.fixture
def db(data_dir: Path) -> Iterator[Database]:
    database = open_database(data_dir / DB_FILENAME)
    yield database
    database.close()


def _backups(data_dir: Path) -> list[Path]:
    return [i.path for i in backup.list_backups(backup.default_backup_dir(data_dir))]


def _old_cancelled(db: Database, receiver: str, body: str, *, days_ago: int) -> int:
    at = T0 - timedelta(days=days_ago)
    row = repo.enqueue(
        db, repo.NewMessage(receiver, body, at + timedelta(hours=1), None, "Anna"), now=at
    )
    repo.cancel(db, row.id, actor="Anna", now=at)
    return row.id


def test_a_backup_is_made_once_a_day(db: Database, data_dir: Path) -> None:
    first = run_daily_maintenance(db, data_dir, now=T0)
    assert first.ok and first.backup is not None and first.backup.is_file()
    assert backup.verify_backup(first.backup).messages == 0

    # Every hour of the same day: nothing new.
    for hours in (1, 5, 23):
        later = run_daily_maintenance(db, data_dir, now=T0 + timedelta(hours=hours))
        assert later.ok and later.backup is None
    assert _backups(data_dir) == [first.backup]

    next_day = run_daily_maintenance(db, data_dir, now=T0 + timedelta(hours=24, minutes=1))
    assert next_day.backup is not None and next_day.backup != first.backup
    assert len(_backups(data_dir)) == 2


def test_old_backups_are_pruned_to_the_setting(db: Database, data_dir: Path) -> None:
    repo.set_setting(db, BACKUP_KEEP_KEY, "3")
    made = [
        run_daily_maintenance(db, data_dir, now=T0 + timedelta(days=day)).backup for day in range(6)
    ]
    kept = _backups(data_dir)
    assert kept == list(reversed(made))[:3]  # the newest three, newest first
    assert not any(p.exists() for p in made[:3] if p is not None)


def test_the_keep_setting_falls_back_to_the_default_when_it_is_nonsense(db: Database) -> None:
    assert backups_to_keep(db) == backup.DEFAULT_KEEP
    for raw in ("0", "-2", "lots", "100000"):
        repo.set_setting(db, BACKUP_KEEP_KEY, raw)
        assert backups_to_keep(db) == backup.DEFAULT_KEEP, raw
    repo.set_setting(db, BACKUP_KEEP_KEY, "30")
    assert backups_to_keep(db) == 30


def test_retention_erases_what_the_setting_says(db: Database, data_dir: Path) -> None:
    old = _old_cancelled(db, "+46701234567", "Gammal tid", days_ago=100)
    recent = _old_cancelled(db, "+46701234568", "Ny tid", days_ago=2)

    off = run_daily_maintenance(db, data_dir, now=T0)
    assert off.ok and off.erased == 0  # 0 days: keep forever

    retention.set_retention_days(db, 30)
    report = run_daily_maintenance(db, data_dir, now=T0 + timedelta(hours=1))
    assert report.ok and report.erased == 1
    gone, kept = repo.get(db, old), repo.get(db, recent)
    assert gone is not None and gone.body == "" and gone.receiver == retention.ERASED_RECEIVER
    assert kept is not None and kept.body == "Ny tid"
    assert repo.events_for(db, old)[-1].actor == "SMS Desk"


def test_a_backup_folder_that_is_a_file_is_reported_and_nothing_else_breaks(
    db: Database, data_dir: Path
) -> None:
    blocker = backup.default_backup_dir(data_dir)
    blocker.write_text("not a folder")
    old = _old_cancelled(db, "+46701234567", "Gammal tid", days_ago=100)
    retention.set_retention_days(db, 30)

    report = run_daily_maintenance(db, data_dir, now=T0)

    assert not report.ok and report.backup is None
    failure = report.failure("backup")
    assert failure is not None and isinstance(failure.error, BackupError)
    assert failure.error.code == "backup_failed"
    assert "could not make a backup" in failure.text()
    assert [f.step for f in report.failures] == ["backup"]
    assert report.erased == 1  # retention still ran
    assert blocker.read_text() == "not a folder"
    row = repo.get(db, old)
    assert row is not None and row.status.value == "cancelled"

    # Once the folder can be made, the next run makes the backup it missed.
    blocker.unlink()
    again = run_daily_maintenance(db, data_dir, now=T0 + timedelta(minutes=60))
    assert again.ok and again.backup is not None


def test_the_headless_loop_runs_it_a_minute_in_and_then_hourly() -> None:
    ticks = [0.0]
    runs: list[float] = []
    hourly = HourlyMaintenance(lambda: runs.append(ticks[0]), monotonic=lambda: ticks[0])
    for now in (0.0, 30.0, 59.9):
        ticks[0] = now
        assert not hourly.poll()
    ticks[0] = 60.0
    assert hourly.poll()
    for now in (61.0, 1800.0, 3659.0):
        ticks[0] = now
        assert not hourly.poll()
    ticks[0] = 3660.0
    assert hourly.poll()
    assert runs == [60.0, 3660.0]
