"""kill -9 during a drain, again and again: nothing lost, nothing sent twice."""

from __future__ import annotations

import os
import random
import signal
from datetime import UTC, datetime
from pathlib import Path

from desktop.domain.status import Status
from desktop.sandbox.server import SandboxServer
from desktop.storage import repository as repo
from desktop.storage.database import open_database
from desktop.storage.paths import DB_FILENAME
from tests.integration.cli_helpers import (
    account_env,
    cli,
    start_cli,
    wait_for,
    without_quiet_hours,
)

MESSAGES = 500
KILLS = 20


def test_kill_9_during_drain_loses_nothing_and_doubles_nothing(tmp_path: Path) -> None:
    data = tmp_path / "desk"
    without_quiet_hours(data)
    db = open_database(data / DB_FILENAME)
    now = datetime.now(UTC)
    rows = repo.enqueue_many(
        db,
        [
            repo.NewMessage(
                receiver=f"+4670{2000000 + i:07d}",
                body=f"Påminnelse nr {i}",
                due_at=now,
                no_later_than=None,
                created_by="test",
            )
            for i in range(MESSAGES)
        ],
        now=now,
    )
    rng = random.Random(20261125)
    with SandboxServer(db_path=tmp_path / "sandbox.sqlite3") as sandbox:
        env = account_env(sandbox)
        kills = 0
        while kills < KILLS:
            before = sandbox.total_accepted()
            if before >= MESSAGES:
                break
            target = min(MESSAGES, before + rng.randint(1, 20))
            proc = start_cli(data, "run", env=env)

            def progressed(proc=proc, target=target) -> bool:  # type: ignore[no-untyped-def]
                return sandbox.total_accepted() >= target or proc.poll() is not None

            try:
                wait_for(progressed)
            finally:
                os.kill(proc.pid, signal.SIGKILL)
                proc.wait()
            kills += 1
        result = cli(data, "run", "--until-idle", env=env, timeout=300)
        assert result.returncode == 0, result.stderr

    assert kills >= KILLS, f"the drain finished after only {kills} kills"
    # The kills must have hit messages mid-send, or this test proves nothing about them.
    interrupted = sum(
        1 for row in rows if any(e.kind == "unconfirmed" for e in repo.events_for(db, row.id))
    )
    assert interrupted >= 1, "no kill landed while a message was being sent"
    counts = repo.counts_by_status(db)
    assert counts[Status.SENT] == MESSAGES, counts
    for row in rows:
        assert sandbox.accepted_count(row.receiver, row.body) == 1, row.id
        stored = repo.get(db, row.id)
        assert stored is not None and stored.server_id is not None
    print(f"{kills} kills, {interrupted} messages reconciled after a kill")
    db.close()
