"""One sender per data folder (DESIGN.md invariant 3).

An advisory ``flock`` on a file in the data folder: the OS releases it when the process dies,
even on kill -9, so a crash never leaves a stale lock behind. The file also says who holds it.
"""

from __future__ import annotations

import fcntl
import json
import os
import socket
from datetime import UTC, datetime
from pathlib import Path

from desktop.domain.errors import DomainError
from desktop.domain.i18n import QT_TRANSLATE_NOOP

LOCK_FILENAME = "sender.lock"


class SenderLocked(DomainError):
    context = "sync"

    def __init__(self, path: Path, holder: str) -> None:
        super().__init__(
            "sender_locked",
            QT_TRANSLATE_NOOP(
                "sync",
                "Another SMS Desk ({holder}) is already sending from {folder}. "
                "Close it first, or use that window.",
            ),
            holder=holder,
            folder=str(path.parent),
        )
        self.holder = holder


class SenderLock:
    def __init__(self, data_dir: Path) -> None:
        self.path = Path(data_dir) / LOCK_FILENAME
        self._fd: int | None = None

    @property
    def held(self) -> bool:
        return self._fd is not None

    def acquire(self) -> None:
        """Take the lock or raise SenderLocked naming the holder."""
        if self._fd is not None:
            return
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = _describe_holder(fd)
            os.close(fd)
            raise SenderLocked(self.path, holder) from None
        info = {
            "pid": os.getpid(),
            "host": socket.gethostname(),
            "since": datetime.now(UTC).isoformat(timespec="seconds"),
        }
        os.ftruncate(fd, 0)
        os.pwrite(fd, json.dumps(info).encode(), 0)
        self._fd = fd

    def release(self) -> None:
        if self._fd is None:
            return
        fcntl.flock(self._fd, fcntl.LOCK_UN)
        os.close(self._fd)
        self._fd = None

    def __enter__(self) -> SenderLock:
        self.acquire()
        return self

    def __exit__(self, *exc: object) -> None:
        self.release()


def _describe_holder(fd: int) -> str:
    try:
        info = json.loads(os.pread(fd, 4096, 0) or b"{}")
        return f"process {info['pid']} on {info['host']}, since {info['since']}"
    except (OSError, ValueError, KeyError):
        return "another process"
