"""The desk's own settings (zone, region, grace, quiet hours, who is at the desk).

Stored in the settings table (never secrets); read by the CLI, the engine and the window.
"""

from __future__ import annotations

import getpass
from datetime import timedelta

from desktop.domain.body import DEFAULT_MAX_PARTS
from desktop.domain.compose import DeskRules
from desktop.domain.receivers import DEFAULT_REGION
from desktop.domain.timerules import DEFAULT_GRACE, DEFAULT_ZONE, QuietHours, load_zone
from desktop.storage import repository as repo
from desktop.storage.database import Database
from desktop.sync.engine import EngineConfig

ZONE = "desk.zone"
REGION = "desk.region"
GRACE_MINUTES = "desk.grace_minutes"
MAX_PARTS = "desk.max_parts"
USER = "desk.user"
QUIET_START = "desk.quiet_start"
QUIET_END = "desk.quiet_end"


def _int(db: Database, key: str, default: int) -> int:
    value = repo.get_setting(db, key)
    try:
        return int(value) if value is not None else default
    except ValueError:
        return default


def load_rules(db: Database) -> DeskRules:
    return DeskRules(
        zone=load_zone(repo.get_setting(db, ZONE) or DEFAULT_ZONE),
        region=repo.get_setting(db, REGION) or DEFAULT_REGION,
        grace=timedelta(minutes=_int(db, GRACE_MINUTES, int(DEFAULT_GRACE.total_seconds() // 60))),
        max_parts=_int(db, MAX_PARTS, DEFAULT_MAX_PARTS),
    )


def desk_user(db: Database) -> str:
    """Who is at the desk, for "who sent what" (the settings' name, else the OS login)."""
    name = repo.get_setting(db, USER)
    if name:
        return name
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "desk"


def quiet_hours(db: Database) -> QuietHours | None:
    start = repo.get_setting(db, QUIET_START)
    end = repo.get_setting(db, QUIET_END)
    if start is None and end is None:
        return QuietHours()
    return QuietHours.parse(start or "21:00", end or "08:00")


def engine_config(db: Database, **overrides: object) -> EngineConfig:
    values: dict[str, object] = {
        "zone": repo.get_setting(db, ZONE) or DEFAULT_ZONE,
        "quiet_hours": quiet_hours(db),
    }
    values.update(overrides)
    return EngineConfig(**values)  # type: ignore[arg-type]
