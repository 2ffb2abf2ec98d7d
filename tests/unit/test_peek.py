"""Reading the window's language before the outbox is opened for real."""

from __future__ import annotations

from pathlib import Path

from desktop.domain.i18n import APP_LANGUAGE
from desktop.storage import repository as repo
from desktop.storage.database import open_database
from desktop.storage.peek import peek_setting


def _outbox(path: Path, **settings: str) -> Path:
    db = open_database(path)
    try:
        for key, value in settings.items():
            repo.set_setting(db, key, value)
    finally:
        db.close()
    return path


def test_reads_a_setting_of_a_closed_outbox(tmp_path: Path) -> None:
    path = _outbox(tmp_path / "outbox.sqlite3", **{APP_LANGUAGE: "sv"})
    assert peek_setting(path, APP_LANGUAGE) == "sv"


def test_reads_it_while_the_outbox_is_open_in_wal_mode(tmp_path: Path) -> None:
    path = _outbox(tmp_path / "outbox.sqlite3")
    db = open_database(path)
    try:
        repo.set_setting(db, APP_LANGUAGE, "en")  # still in the WAL, not the main file
        assert peek_setting(path, APP_LANGUAGE) == "en"
    finally:
        db.close()


def test_a_setting_never_made_is_none(tmp_path: Path) -> None:
    assert peek_setting(_outbox(tmp_path / "outbox.sqlite3"), APP_LANGUAGE) is None


def test_no_file_is_none_and_makes_none(tmp_path: Path) -> None:
    path = tmp_path / "outbox.sqlite3"
    assert peek_setting(path, APP_LANGUAGE) is None
    assert list(tmp_path.iterdir()) == []


def test_another_programs_file_is_none_and_stays_as_it_was(tmp_path: Path) -> None:
    path = tmp_path / "outbox.sqlite3"
    path.write_bytes(b"my shopping list\n" * 200)
    before = path.read_bytes(), path.stat().st_mtime_ns
    assert peek_setting(path, APP_LANGUAGE) is None
    assert (path.read_bytes(), path.stat().st_mtime_ns) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["outbox.sqlite3"]


def test_looking_changes_nothing_in_our_outbox(tmp_path: Path) -> None:
    path = _outbox(tmp_path / "outbox.sqlite3", **{APP_LANGUAGE: "sv"})
    before = path.read_bytes(), path.stat().st_mtime_ns
    peek_setting(path, APP_LANGUAGE)
    assert (path.read_bytes(), path.stat().st_mtime_ns) == before
