"""Invariant 1: once enqueue returns, the message is on disk, whatever happens next."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from datetime import UTC, datetime
from pathlib import Path

from desktop.domain.status import Status
from desktop.storage import repository as repo
from desktop.storage.database import open_database
from desktop.storage.repository import NewMessage

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


def test_a_queued_message_is_visible_to_a_fresh_database(tmp_path: Path) -> None:
    path = tmp_path / "outbox.sqlite3"
    writer = open_database(path)
    try:
        row = repo.enqueue(writer, NewMessage("+46701234567", "Hej", T0, None, "anna"), now=T0)
        reader = open_database(path)  # while the writer is still open: nothing left pending
        try:
            assert repo.get(reader, row.id) == row
        finally:
            reader.close()
    finally:
        writer.close()


def test_a_queued_message_survives_kill_9_right_after_enqueue(tmp_path: Path) -> None:
    path = tmp_path / "outbox.sqlite3"
    child = textwrap.dedent(
        f"""
        import os, signal, sys
        from datetime import datetime, UTC
        from desktop.storage.database import open_database
        from desktop.storage import repository as repo
        db = open_database({str(path)!r})
        now = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
        row = repo.enqueue(db, repo.NewMessage("+46701234567", "Hej", now, None, "anna"), now=now)
        claimed = repo.claim_due(db, now=now, limit=1)
        print(row.id, flush=True)
        os.kill(os.getpid(), signal.SIGKILL)  # no close, no checkpoint, no atexit
        """
    )
    done = subprocess.run([sys.executable, "-c", child], capture_output=True, text=True, timeout=60)
    assert done.returncode == -9, done.stderr
    message_id = int(done.stdout.strip())
    assert Path(f"{path}-wal").exists()  # the row lives in the WAL, not yet checkpointed

    db = open_database(path)
    try:
        row = repo.get(db, message_id)
        assert row is not None
        assert (row.receiver, row.body, row.status) == ("+46701234567", "Hej", Status.SENDING)
        # The start-up step then makes the interrupted send UNCONFIRMED, never lost or resent.
        (recovered,) = repo.recover_after_crash(db, now=T0)
        assert recovered.status is Status.UNCONFIRMED
    finally:
        db.close()
