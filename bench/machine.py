"""The machine a run happened on: figures mean little without the load beside them."""

from __future__ import annotations

import os
import platform
import sqlite3
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent


def load() -> tuple[float, float, float]:
    """1, 5 and 15 minute load averages (the machine is shared with colleagues' tests)."""
    one, five, fifteen = os.getloadavg()
    return round(one, 2), round(five, 2), round(fifteen, 2)


def _memory_mb() -> tuple[int | None, int | None]:
    try:
        lines = Path("/proc/meminfo").read_text().splitlines()
    except OSError:
        return None, None
    found = {k: int(v.split()[0]) // 1024 for k, v in (line.split(":", 1) for line in lines)}
    return found.get("MemTotal"), found.get("MemAvailable")


def _qt() -> str:
    try:
        import PySide6
        from PySide6.QtCore import qVersion
    except ImportError:
        return "not installed"
    return f"PySide6 {PySide6.__version__}, Qt {qVersion()}"


def _commit() -> str:
    try:
        head = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"],
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=10,
            check=True,
        ).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return "unknown"
    return head


def describe(load_at_start: tuple[float, float, float]) -> dict[str, Any]:
    total, available = _memory_mb()
    return {
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "commit": _commit(),
        "cpus": os.cpu_count(),
        "memory_total_mb": total,
        "memory_available_mb": available,
        "load_at_start": load_at_start,
        "load_at_end": load(),
        "python": sys.version.split()[0],
        "qt": _qt(),
        "sqlite": sqlite3.sqlite_version,
        "platform": platform.platform(),
    }
