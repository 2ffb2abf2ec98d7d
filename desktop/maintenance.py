"""Daily upkeep of a data folder: a backup a day, old backups pruned, the retention rule.

The window runs this every hour on its database worker, ``python -m desktop run`` in its
loop; both ask often and this decides what is due, so a computer that was off at the usual
time still gets its backup as soon as it runs. No step may stop another or raise: a backup
folder that cannot be written must not stop retention, and a broken setting must not stop
the backup. Each failure is caught, logged, and handed back in the report for the caller to
show. Nothing here reads a clock: callers pass ``now``.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path

from desktop.domain.errors import DomainError
from desktop.storage import backup
from desktop.storage import repository as repo
from desktop.storage.database import Database
from desktop.storage.retention import apply_retention

__all__ = [
    "BACKUP_KEEP_KEY",
    "FIRST_RUN_AFTER",
    "RUN_EVERY",
    "HourlyMaintenance",
    "MaintenanceReport",
    "StepFailure",
    "backups_to_keep",
    "run_daily_maintenance",
]

log = logging.getLogger(__name__)

BACKUP_KEEP_KEY = "backup.keep"
MAX_KEEP = 365
# Not during start-up: the window and the engine's first pass come first.
FIRST_RUN_AFTER = timedelta(minutes=1)
RUN_EVERY = timedelta(hours=1)


@dataclass(frozen=True)
class StepFailure:
    """One step that did not happen: "backup", "prune" or "retention", and why."""

    step: str
    error: BaseException

    def text(self, translate: Callable[[DomainError], str] | None = None) -> str:
        """The reason for people: a DomainError's own words, else the bare error."""
        if isinstance(self.error, DomainError):
            return translate(self.error) if translate else self.error.message
        return f"{type(self.error).__name__}: {self.error}"


@dataclass(frozen=True)
class MaintenanceReport:
    backup: Path | None = None  # the backup made in this run, if one was due and made
    pruned: tuple[Path, ...] = ()
    erased: int = 0  # messages whose text and number retention erased
    failures: tuple[StepFailure, ...] = ()

    @property
    def ok(self) -> bool:
        return not self.failures

    def failure(self, step: str) -> StepFailure | None:
        return next((f for f in self.failures if f.step == step), None)


@dataclass
class _Building:
    backup: Path | None = None
    pruned: list[Path] = field(default_factory=list)
    erased: int = 0
    failures: list[StepFailure] = field(default_factory=list)

    def freeze(self) -> MaintenanceReport:
        return MaintenanceReport(self.backup, tuple(self.pruned), self.erased, tuple(self.failures))


def backups_to_keep(db: Database) -> int:
    """The ``backup.keep`` setting; the default for anything that is not 1..MAX_KEEP.

    A misread setting must never prune harder than intended, so nonsense means the default.
    """
    raw = repo.get_setting(db, BACKUP_KEEP_KEY)
    if raw is None:
        return backup.DEFAULT_KEEP
    try:
        keep = int(raw)
    except ValueError:
        keep = 0
    if not 1 <= keep <= MAX_KEEP:
        log.warning(
            "setting %s is not a sane number; keeping %d", BACKUP_KEEP_KEY, backup.DEFAULT_KEEP
        )
        return backup.DEFAULT_KEEP
    return keep


def _failed(report: _Building, step: str, error: Exception) -> None:
    if isinstance(error, DomainError):
        log.warning("maintenance: %s failed: %s", step, error.code)
    else:  # not a known condition: keep the traceback for support
        log.exception("maintenance: %s failed", step)
    report.failures.append(StepFailure(step, error))


def run_daily_maintenance(
    db: Database, data_dir: Path, *, now: datetime, actor: str = "SMS Desk"
) -> MaintenanceReport:
    """Back up the outbox if no backup is under a day old, prune to ``backup.keep``, and
    apply the retention setting. Never raises; see the report's ``failures``."""
    report = _Building()
    folder = backup.default_backup_dir(Path(data_dir))
    try:
        if backup.daily_backup_due(folder, now):
            report.backup = backup.make_backup(db.path, folder, now=now)
    except Exception as exc:
        _failed(report, "backup", exc)
    try:
        report.pruned = backup.prune_backups(folder, keep=backups_to_keep(db))
    except Exception as exc:
        _failed(report, "prune", exc)
    try:
        report.erased = apply_retention(db, now=now, actor=actor)
    except Exception as exc:
        _failed(report, "retention", exc)
    return report.freeze()


class HourlyMaintenance:
    """When a loop without Qt timers (the headless ``run``) should run the maintenance.

    Measured on the monotonic clock, so setting the wall clock back or forward neither
    skips the run nor runs it in a burst.
    """

    def __init__(
        self,
        run: Callable[[], object],
        *,
        first_after: timedelta = FIRST_RUN_AFTER,
        every: timedelta = RUN_EVERY,
        monotonic: Callable[[], float] = time.monotonic,
    ) -> None:
        self._run = run
        self._every = every.total_seconds()
        self._monotonic = monotonic
        self._next = monotonic() + first_after.total_seconds()

    def poll(self) -> bool:
        """Run if it is time; returns whether it ran."""
        if self._monotonic() < self._next:
            return False
        self._next = self._monotonic() + self._every
        self._run()
        return True
