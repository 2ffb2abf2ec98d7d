"""The window figures' helpers: the outbox they build, the paint hook, the heartbeat."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

# bench/ is a folder of scripts, not an installed package; `make test` runs from the root,
# a bare `pytest` may not.
ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench import _window_hook  # noqa: E402
from bench._window_db import QUEUED, WELCOME_SEEN, build_outbox, window_settings  # noqa: E402
from bench._window_stall import GcPauses, Heartbeat  # noqa: E402
from desktop.domain.status import Status  # noqa: E402
from desktop.storage import repository as repo  # noqa: E402
from desktop.storage.database import open_database  # noqa: E402
from desktop.sync import desk  # noqa: E402

NOW = datetime(2026, 11, 25, 9, 0, tzinfo=UTC)


def test_the_outbox_is_history_before_now_and_queued_from_tomorrow(tmp_path: Path) -> None:
    path = build_outbox(tmp_path / "outbox.sqlite3", 1_000, now=NOW)
    window_settings(path, quiet_hours_off=True)
    db = open_database(path)  # opens: the schema and every row the builder wrote agree
    try:
        assert repo.log_count(db, repo.LogFilter()) == 1_000
        counts = repo.counts_by_status(db)  # the desk's own; a fifth came from elsewhere
        assert counts[Status.QUEUED] == QUEUED
        assert counts[Status.SENT] > 650
        queued = repo.log_page(db, repo.LogFilter(statuses=[Status.QUEUED]), limit=QUEUED).rows
        assert min(r.due_at for r in queued) >= NOW + timedelta(days=1)
        history = repo.log_page(db, repo.LogFilter(statuses=[Status.SENT]), limit=1_000).rows
        assert max(r.due_at for r in history) < NOW
        assert repo.get_setting(db, WELCOME_SEEN) == "1"
        assert repo.get_setting(db, desk.QUIET_START) == repo.get_setting(db, desk.QUIET_END)
    finally:
        db.close()


def test_the_welcome_key_is_the_apps() -> None:
    from desktop.ui import welcome

    assert welcome.WELCOME_SEEN == WELCOME_SEEN


def test_the_hook_reports_the_first_paint_and_memory_of_a_bare_window(tmp_path: Path) -> None:
    hook = tmp_path / "hook"
    hook.mkdir()
    shutil.copyfile(_window_hook.__file__, hook / "sitecustomize.py")
    out = tmp_path / "paint.json"
    env = {
        **os.environ,
        "QT_QPA_PLATFORM": "offscreen",
        "PYTHONPATH": str(hook),
        _window_hook.OUT_ENV: str(out),
        _window_hook.IDLE_ENV: "0",
    }
    spawned = time.monotonic()
    done = subprocess.run(
        [sys.executable, "-m", "bench._window_bare"], cwd=ROOT, env=env, timeout=60
    )
    assert done.returncode == 0
    result = json.loads(out.read_text())
    assert result["window"] == "QMainWindow"
    assert spawned < result["python_ready"] < result["app_created"] < result["painted"]
    assert result["paint_event"] <= result["painted"] < time.monotonic()
    assert result["rss_kb"] > 10_000


def test_a_heartbeat_stall_is_the_gap_minus_the_interval() -> None:
    beat = Heartbeat(interval_ms=5)
    beat.start()
    time.sleep(0.03)
    worst = beat.stop()  # the last, unfinished gap counts: ~30 ms minus 5
    assert 20 <= worst < 200
    assert beat.over(10) == 1 and beat.over(1_000) == 0
    assert "ms at" in beat.worst_few() and "GUI cpu" in beat.worst_few()


def test_gc_pauses_are_caught_with_their_generation_and_thread() -> None:
    import gc

    with GcPauses(over_ms=0) as pauses:
        gc.collect(2)
    assert pauses.pauses and pauses.pauses[-1][1:] == (2, "MainThread")
    assert "generation 2, on MainThread" in pauses.summary()
