"""Backups of the outbox: taken while the engine writes, checked, and restorable.

A backup is made with SQLite's online backup API (``sqlite3.Connection.backup``) in a single
step, which copies one consistent snapshot: in WAL mode it holds a read transaction, so the
engine goes on writing meanwhile and every transaction is wholly in the backup or wholly out.
Each backup is written under a temporary name, checked (``PRAGMA integrity_check`` and the
very schema our migrations make for its version), synced, and only then renamed into place,
so a file named like a backup is a good backup. Backups are single files (rollback journal,
no -wal beside them): they can be copied to a USB stick as they are.

Names carry the UTC time they were taken (``outbox-20260302T090000Z.sqlite3``); nothing here
reads a clock: callers pass ``now``.
"""

from __future__ import annotations

import contextlib
import functools
import logging
import os
import re
import shutil
import sqlite3
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from desktop.domain.errors import DomainError
from desktop.domain.i18n import QT_TRANSLATE_NOOP
from desktop.storage import migrations
from desktop.storage.fileheader import NotSQLite, read_header
from desktop.storage.utc_time import require_aware

__all__ = [
    "DEFAULT_KEEP",
    "BackupError",
    "BackupInfo",
    "daily_backup_due",
    "default_backup_dir",
    "list_backups",
    "make_backup",
    "prune_backups",
    "restore_backup",
    "verify_backup",
]

log = logging.getLogger(__name__)

DEFAULT_KEEP = 14
BACKUP_FOLDER = "backups"
DAILY = timedelta(hours=24)
# A backup stamped a little after "now" still counts (two clocks, a rounding); one far in
# the future means the clock was set back, and must not stop backups until it catches up.
_CLOCK_SLACK = timedelta(minutes=5)
_BUSY_TIMEOUT_S = 5.0
_STAMP = "%Y%m%dT%H%M%SZ"
_NAME = re.compile(r"^outbox-(\d{8}T\d{6}Z)(?:-(\d+))?\.sqlite3$")
_PARTIAL = re.compile(
    r"^\.outbox-(\d{8}T\d{6}Z)(?:-\d+)?\.sqlite3\..*\.partial(?:-journal|-wal|-shm)?$"
)

_TEMPLATES: dict[str, str] = {
    "no_outbox": QT_TRANSLATE_NOOP(
        "backup",
        "There is no outbox at {path} to back up yet. It is made when SMS Desk first starts.",
    ),
    "backup_failed": QT_TRANSLATE_NOOP(
        "backup",
        "SMS Desk could not make a backup in {folder} ({reason}). The messages themselves are "
        "unharmed. Make sure the disk has free space and the folder can be written to.",
    ),
    "source_damaged": QT_TRANSLATE_NOOP(
        "backup",
        "The backup of {path} failed its check ({reason}), so the outbox itself may be "
        "damaged. Keep the file as it is, and restore the newest good backup or ask for help.",
    ),
    "backup_unreadable": QT_TRANSLATE_NOOP(
        "backup",
        "{path} cannot be used as an SMS Desk backup ({reason}). The current outbox has not "
        "been changed. Choose another backup.",
    ),
    "backup_newer": QT_TRANSLATE_NOOP(
        "backup",
        "{path} was made by a newer version of SMS Desk (database version {found}; this "
        "version understands up to {known}). The current outbox has not been changed. "
        "Install the newer version of SMS Desk to restore it.",
    ),
    "restore_failed": QT_TRANSLATE_NOOP(
        "backup",
        "SMS Desk could not restore {path} ({reason}). The current outbox has not been "
        "replaced. Make sure SMS Desk is the only program using the data folder and that "
        "the disk has free space, then try again.",
    ),
}


class BackupError(DomainError):
    """Codes: no_outbox, backup_failed, source_damaged, backup_unreadable, backup_newer,
    restore_failed. ``path`` is the file the message is about."""

    context = "backup"

    def __init__(self, code: str, path: Path, **params: object) -> None:
        super().__init__(code, _TEMPLATES[code], path=str(path), **params)
        self.path = path


@dataclass(frozen=True)
class BackupInfo:
    path: Path
    taken_at: datetime  # from the name (UTC); the file's modification time for other names
    size: int  # bytes
    messages: int | None  # None: the file could not be read (list_backups does not check)


def default_backup_dir(data_dir: Path) -> Path:
    return data_dir / BACKUP_FOLDER


# --- reading a backup --------------------------------------------------------------------------


def _read_only(path: Path) -> sqlite3.Connection:
    """Opened so that SQLite can neither create the file nor write to it."""
    uri = Path(path).absolute().as_uri() + "?mode=ro"
    return sqlite3.connect(uri, uri=True, timeout=_BUSY_TIMEOUT_S)


def _schema(conn: sqlite3.Connection) -> list[tuple[str, str, str, str]]:
    rows = conn.execute(
        "SELECT type, name, tbl_name, sql FROM sqlite_master"
        " WHERE name NOT LIKE 'sqlite_%' ORDER BY type, name"
    ).fetchall()
    return [(t, n, tbl, " ".join((sql or "").split())) for t, n, tbl, sql in rows]


@functools.cache
def _expected_schema(version: int) -> tuple[tuple[str, str, str, str], ...]:
    """What our own migration steps make at ``version``: built, never written by hand."""
    conn = sqlite3.connect(":memory:", isolation_level=None)
    try:
        migrations.upgrade(conn, Path(":memory:"), target=version)
        return tuple(_schema(conn))
    finally:
        conn.close()


def _check(path: Path, *, thorough: bool) -> int:
    """The number of messages in the backup at ``path``; raises BackupError if it is not a
    whole SMS Desk database. ``thorough`` adds the integrity check (it reads every page)."""
    try:
        header = read_header(path)
    except NotSQLite:
        raise BackupError("backup_unreadable", path, reason="it is not an SQLite file") from None
    except OSError as exc:
        reason = exc.strerror or type(exc).__name__
        raise BackupError("backup_unreadable", path, reason=reason) from exc
    if header is None:
        raise BackupError("backup_unreadable", path, reason="the file is empty")
    if header.application_id != migrations.APPLICATION_ID:
        raise BackupError("backup_unreadable", path, reason="it was not made by SMS Desk")
    version = header.user_version
    if version > migrations.LATEST_VERSION:
        raise BackupError("backup_newer", path, found=version, known=migrations.LATEST_VERSION)
    if version < 1:
        raise BackupError("backup_unreadable", path, reason="it holds no outbox")
    try:
        conn = _read_only(path)
        try:
            if thorough:
                problems = [r[0] for r in conn.execute("PRAGMA integrity_check(5)")]
                if problems != ["ok"]:
                    # SQLite's findings (page numbers, no content) are for support, not staff.
                    log.warning("integrity check of %s: %s", path.name, " | ".join(problems))
                    raise BackupError("backup_unreadable", path, reason="the file is damaged")
                if _schema(conn) != list(_expected_schema(version)):
                    reason = "its tables are not the ones SMS Desk makes"
                    raise BackupError("backup_unreadable", path, reason=reason)
            (messages,) = conn.execute("SELECT count(*) FROM messages").fetchone()
        finally:
            conn.close()
    except sqlite3.Error as exc:
        raise BackupError("backup_unreadable", path, reason=f"SQLite: {exc}") from exc
    return int(messages)


def _taken_at(path: Path) -> datetime | None:
    found = _NAME.match(path.name)
    if found is None:
        return None
    return datetime.strptime(found.group(1), _STAMP).replace(tzinfo=UTC)


def _info(path: Path, messages: int | None) -> BackupInfo:
    stat = path.stat()
    taken = _taken_at(path) or datetime.fromtimestamp(stat.st_mtime, UTC)
    return BackupInfo(path=path, taken_at=taken, size=stat.st_size, messages=messages)


def verify_backup(path: Path) -> BackupInfo:
    """Check a backup fully without changing it. Raises BackupError ("backup_unreadable",
    "backup_newer") when it is not a whole SMS Desk outbox this version can use."""
    path = Path(path)
    return _info(path, _check(path, thorough=True))


def _named(backup_dir: Path) -> list[tuple[datetime, int, Path]]:
    """Our backups in ``backup_dir``, newest first, by their names alone."""
    if not backup_dir.is_dir():
        return []
    found = []
    for path in backup_dir.iterdir():
        match = _NAME.match(path.name)
        if match is not None and path.is_file():
            taken = datetime.strptime(match.group(1), _STAMP).replace(tzinfo=UTC)
            found.append((taken, int(match.group(2) or 1), path))
    return sorted(found, reverse=True)


def list_backups(backup_dir: Path) -> list[BackupInfo]:
    """Backups in ``backup_dir``, newest first. Each is opened to count its messages, but
    not fully checked (``verify_backup`` does that); ``messages`` is None if it won't open."""
    infos = []
    for _, _, path in _named(Path(backup_dir)):
        try:
            messages: int | None = _check(path, thorough=False)
        except BackupError:
            messages = None
        with contextlib.suppress(FileNotFoundError):  # pruned meanwhile
            infos.append(_info(path, messages))
    return infos


def daily_backup_due(backup_dir: Path, now: datetime) -> bool:
    """True unless a backup was taken in the 24 hours before ``now``."""
    now = require_aware(now, "now")
    return not any(now - DAILY < taken <= now + _CLOCK_SLACK for taken, _, _ in _named(backup_dir))


def _remove_dead_partials(backup_dir: Path, infos: list[BackupInfo]) -> list[Path]:
    """Half-written files left by a crash during a backup. One stamped a day before the
    newest finished backup cannot still be in progress."""
    if not infos or not backup_dir.is_dir():
        return []
    cutoff = infos[0].taken_at - DAILY
    removed = []
    for path in backup_dir.iterdir():
        match = _PARTIAL.match(path.name)
        if match and datetime.strptime(match.group(1), _STAMP).replace(tzinfo=UTC) < cutoff:
            _unlink_quietly(path)
            removed.append(path)
    return removed


def prune_backups(backup_dir: Path, keep: int = DEFAULT_KEEP) -> list[Path]:
    """Delete all but the newest ``keep`` backups (and dead half-written ones); returns what
    was deleted.

    The newest backup that opens is always kept, even if newer ones are damaged: pruning
    must never leave only broken backups. Other files in the folder are never touched.
    """
    if keep < 1:
        raise ValueError("keep must be at least 1: pruning never deletes every backup")
    infos = list_backups(backup_dir)
    kept = {i.path for i in infos[:keep]}
    if not any(i.messages is not None for i in infos[:keep]):
        kept.update(next(([i.path] for i in infos if i.messages is not None), []))
    removed = _remove_dead_partials(Path(backup_dir), infos)
    for info in infos:
        if info.path in kept:
            continue
        try:
            info.path.unlink()
        except FileNotFoundError:
            continue
        except OSError as exc:  # one stuck file must not stop the rest
            log.warning("could not delete old backup %s: %s", info.path.name, exc)
            continue
        removed.append(info.path)
    return removed


# --- writing -----------------------------------------------------------------------------------


def _fsync_file(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _fsync_dir(folder: Path) -> None:
    """Make a rename durable (POSIX); Windows cannot open a folder and needs no such step."""
    if os.name != "posix":
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _unlink_quietly(*paths: Path) -> None:
    for p in paths:
        with contextlib.suppress(OSError):
            p.unlink()


def _sidecars(path: Path) -> list[Path]:
    return [Path(f"{path}-journal"), Path(f"{path}-wal"), Path(f"{path}-shm")]


def _copy_database(source: Path, target: Path) -> None:
    """One consistent snapshot of ``source`` into a new single-file ``target``."""
    src = _read_only(source)
    try:
        dst = sqlite3.connect(target, isolation_level=None)
        try:
            src.backup(dst)  # pages=-1: all at once, so one read transaction, one snapshot
            # The copy inherits WAL mode from the page it copied; a backup is one file.
            dst.execute("PRAGMA journal_mode = DELETE")
        finally:
            dst.close()
    finally:
        src.close()


def _free_name(backup_dir: Path, now: datetime) -> Path:
    stamp = now.astimezone(UTC).strftime(_STAMP)
    path = backup_dir / f"outbox-{stamp}.sqlite3"
    n = 2
    while path.exists():  # two backups in one second: a manual one after the daily one
        path = backup_dir / f"outbox-{stamp}-{n}.sqlite3"
        n += 1
    return path


@contextlib.contextmanager
def _partial(final: Path) -> Iterator[Path]:
    """A temporary name beside ``final``, removed (with SQLite's side files) on failure.

    Unique per thread and process, so a manual backup in the same second as the daily one
    cannot clobber its half-written file."""
    tmp = final.with_name(f".{final.name}.{os.getpid()}-{threading.get_ident()}.partial")
    try:
        yield tmp
    except BaseException:
        _unlink_quietly(tmp, *_sidecars(tmp))
        raise


def make_backup(db_path: Path, backup_dir: Path, *, now: datetime) -> Path:
    """Back up the outbox at ``db_path`` into ``backup_dir`` and return the new file.

    Safe while the engine (or another process) writes. Raises BackupError: "no_outbox";
    "source_damaged" when the copy fails its check (the outbox itself is suspect);
    "backup_failed" for a full disk or a folder that cannot be written.
    """
    now = require_aware(now, "now")
    db_path, backup_dir = Path(db_path), Path(backup_dir)
    if not db_path.is_file():
        raise BackupError("no_outbox", db_path)
    try:
        backup_dir.mkdir(parents=True, exist_ok=True)
        final = _free_name(backup_dir, now)
        with _partial(final) as tmp:
            _copy_database(db_path, tmp)
            try:
                _check(tmp, thorough=True)
            except BackupError as exc:
                raise BackupError("source_damaged", db_path, reason=exc.params["reason"]) from exc
            _fsync_file(tmp)
            os.replace(tmp, final)
        _fsync_dir(backup_dir)
    except (OSError, sqlite3.Error) as exc:
        reason = getattr(exc, "strerror", None) or str(exc) or type(exc).__name__
        raise BackupError("backup_failed", db_path, folder=str(backup_dir), reason=reason) from exc
    log.info("backup made: %s", final.name)
    return final


# --- restoring ---------------------------------------------------------------------------------


def _aside_name(db_path: Path, now: datetime) -> Path:
    stamp = now.astimezone(UTC).strftime(_STAMP)
    path = db_path.with_name(f"{db_path.stem}.before-restore-{stamp}{db_path.suffix}")
    n = 2
    while path.exists():
        path = db_path.with_name(f"{db_path.stem}.before-restore-{stamp}-{n}{db_path.suffix}")
        n += 1
    return path


def _keep_aside(db_path: Path, aside: Path) -> list[tuple[Path, Path]]:
    """Keep the current outbox as ``aside`` without ever removing ``db_path`` itself.

    The main file gets a second name (a hard link, or a copy where links are not possible);
    its -wal and -shm, which may hold committed changes not yet in the main file, move
    beside the aside copy under matching names, so the pair opens as one database. They
    must not stay: SQLite would replay the old WAL into the restored file. Returns the
    moves made, so they can be undone.
    """
    try:
        os.link(db_path, aside)
    except OSError:  # FAT, some network drives
        shutil.copy2(db_path, aside)
        _fsync_file(aside)
    moved: list[tuple[Path, Path]] = []
    try:
        for suffix in ("-wal", "-shm"):
            side = Path(f"{db_path}{suffix}")
            if side.exists():
                target = Path(f"{aside}{suffix}")
                os.replace(side, target)
                moved.append((side, target))
    except OSError:
        _undo_aside(aside, moved)
        raise
    return moved


def _undo_aside(aside: Path, moved: list[tuple[Path, Path]]) -> None:
    for side, target in reversed(moved):
        with contextlib.suppress(OSError):
            os.replace(target, side)
    # Only a second name (or a copy) of a file that is still in place: nothing is lost.
    _unlink_quietly(aside)


def restore_backup(backup_path: Path, db_path: Path, *, now: datetime) -> Path | None:
    """Replace the outbox at ``db_path`` with a verified copy of ``backup_path``.

    The caller guarantees that nothing has the outbox open: the engine stopped and every
    Database on it closed. An open connection would go on writing to the file kept aside,
    and on Windows it makes the rename fail.

    The current outbox is never deleted: it is kept as
    ``outbox.before-restore-<UTC stamp>.sqlite3`` (with its -wal, if any) beside it, and
    that path is returned (None when there was no outbox). The swap itself is one atomic
    rename, so ``db_path`` is at every moment either the old outbox or the restored one.
    ``now`` only names the file kept aside. Raises BackupError ("backup_unreadable",
    "backup_newer" before anything is touched; "restore_failed" with the outbox unchanged).
    A backup from an older SMS Desk is fine: open_database upgrades it.
    """
    now = require_aware(now, "now")
    backup_path, db_path = Path(backup_path), Path(db_path).absolute()
    if backup_path.absolute() == db_path:
        raise BackupError("backup_unreadable", backup_path, reason="it is the outbox itself")
    verify_backup(backup_path)
    folder = db_path.parent
    aside: Path | None = None
    try:
        folder.mkdir(parents=True, exist_ok=True)
        with _partial(db_path.with_name(f"{db_path.name}.restoring")) as tmp:
            _copy_database(backup_path, tmp)
            try:
                _check(tmp, thorough=True)  # the copy, as it landed on this disk
            except BackupError as exc:
                raise BackupError(
                    "restore_failed", backup_path, reason=exc.params.get("reason", exc.code)
                ) from exc
            _fsync_file(tmp)
            moved: list[tuple[Path, Path]] = []
            if db_path.exists():
                aside = _aside_name(db_path, now)
                moved = _keep_aside(db_path, aside)
            try:
                os.replace(tmp, db_path)
            except OSError:
                if aside is not None:
                    _undo_aside(aside, moved)
                    aside = None
                raise
        _fsync_dir(folder)
    except (OSError, sqlite3.Error) as exc:
        reason = getattr(exc, "strerror", None) or str(exc) or type(exc).__name__
        raise BackupError("restore_failed", backup_path, reason=reason) from exc
    log.info("restored %s; the previous outbox is kept as %s", backup_path.name, aside)
    return aside
