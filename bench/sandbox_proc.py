"""The sandbox in a process of its own, on 127.0.0.1, for the sending figures.

Why a child process: BokaMera is another machine, so its work must not share the app's
GIL; in-process, the server's threads would slow the engine and the baseline alike and
hide what the client costs. The child prints its account as one JSON line, serves until
its stdin closes (so it also ends when the bench dies), and keeps its log in a SQLite file
the parent reads afterwards for received times.

    python -m bench.sandbox_proc DB_PATH
"""

from __future__ import annotations

import json
import selectors
import sqlite3
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType

from desktop.api.client import BokaMeraClient
from desktop.api.settings import AccountSettings
from desktop.sandbox.server import SandboxServer

START_TIMEOUT_S = 30
STOP_TIMEOUT_S = 15


@dataclass(frozen=True)
class Account:
    api_url: str
    token_url: str
    client_id: str
    api_key: str
    username: str
    password: str
    company_id: str

    def settings(self) -> AccountSettings:
        return AccountSettings(
            api_url=self.api_url,
            token_url=self.token_url,
            client_id=self.client_id,
            api_key=self.api_key,
            username=self.username,
            password=self.password,
        )

    def client(self) -> BokaMeraClient:
        return BokaMeraClient(self.settings())


class SandboxProcess:
    """``with SandboxProcess(db_path) as sandbox: sandbox.account ...``"""

    def __init__(self, db_path: Path) -> None:
        self.db_path = db_path
        self._proc: subprocess.Popen[bytes] | None = None
        self.account: Account | None = None

    def __enter__(self) -> SandboxProcess:
        proc = subprocess.Popen(
            [sys.executable, "-m", "bench.sandbox_proc", str(self.db_path)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
        )
        self._proc = proc
        assert proc.stdout is not None
        with selectors.DefaultSelector() as selector:
            selector.register(proc.stdout, selectors.EVENT_READ)
            if not selector.select(timeout=START_TIMEOUT_S):
                self.__exit__(None, None, None)
                raise RuntimeError("the sandbox process did not start")
        line = proc.stdout.readline()
        if not line:
            self.__exit__(None, None, None)
            raise RuntimeError("the sandbox process exited at start")
        self.account = Account(**json.loads(line))
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        proc, self._proc = self._proc, None
        if proc is None:
            return
        assert proc.stdin is not None
        proc.stdin.close()  # the child's signal to stop
        try:
            proc.wait(timeout=STOP_TIMEOUT_S)
        except subprocess.TimeoutExpired:
            proc.kill()  # only the child this object started
            proc.wait(timeout=STOP_TIMEOUT_S)

    def received(self) -> dict[str, tuple[int, int]]:
        """Receiver -> (created_us, to_send_us) of every accepted send, read from its file."""
        conn = sqlite3.connect(f"file:{self.db_path}?mode=ro", uri=True)
        try:
            rows = conn.execute(
                "SELECT receiver, created_us, to_send_us FROM messages WHERE origin = 'api'"
            ).fetchall()
        finally:
            conn.close()
        return {receiver: (created, to_send) for receiver, created, to_send in rows}

    def accepted(self) -> int:
        conn = sqlite3.connect(f"file:{self.db_path}?mode=ro", uri=True)
        try:
            (count,) = conn.execute("SELECT count(*) FROM messages WHERE origin = 'api'").fetchone()
        finally:
            conn.close()
        return int(count)


def _serve(db_path: Path) -> None:
    with SandboxServer(db_path=db_path, host="127.0.0.1") as sandbox:
        account = {
            "api_url": sandbox.api_url,
            "token_url": sandbox.token_url,
            "client_id": sandbox.client_id,
            "api_key": sandbox.api_key,
            "username": sandbox.username,
            "password": sandbox.password,
            "company_id": sandbox.company_id,
        }
        print(json.dumps(account), flush=True)
        sys.stdin.buffer.read()  # until the parent closes it, or dies


if __name__ == "__main__":
    _serve(Path(sys.argv[1]))
