"""Running ``python -m desktop`` as a user would, in a clean environment."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

from desktop.sandbox.server import SandboxServer


def without_quiet_hours(data_dir: Path) -> None:
    """Tests run at any hour: switch the desk's quiet hours off (start == end)."""
    from desktop.storage import repository as repo
    from desktop.storage.database import open_database
    from desktop.storage.paths import DB_FILENAME
    from desktop.sync import desk

    data_dir.mkdir(parents=True, exist_ok=True)
    db = open_database(data_dir / DB_FILENAME)
    repo.set_setting(db, desk.QUIET_START, "00:00")
    repo.set_setting(db, desk.QUIET_END, "00:00")
    db.close()


def clean_env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("SMSDESK_")}
    env["QT_QPA_PLATFORM"] = "offscreen"
    # A keyring backend that needs no desktop session, so runs never prompt or hang.
    env["PYTHON_KEYRING_BACKEND"] = "keyring.backends.fail.Keyring"
    env.update(extra)
    return env


def account_env(sandbox: SandboxServer, **extra: str) -> dict[str, str]:
    values = {
        "SMSDESK_API_URL": sandbox.api_url,
        "SMSDESK_TOKEN_URL": sandbox.token_url,
        "SMSDESK_API_KEY": sandbox.api_key,
        "SMSDESK_USERNAME": sandbox.username,
        "SMSDESK_PASSWORD": sandbox.password,
        "SMSDESK_CONNECT_TIMEOUT": "1",
        "SMSDESK_READ_TIMEOUT": "2",
        "SMSDESK_RECONCILE_MARGIN": "0.5",
    }
    values.update(extra)
    return clean_env(**values)


def cli(
    data_dir: Path, *args: str, env: dict[str, str] | None = None, timeout: float = 120
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "desktop", "--data-dir", str(data_dir), *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        env=env or clean_env(),
    )


def start_cli(data_dir: Path, *args: str, env: dict[str, str]) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "desktop", "--data-dir", str(data_dir), *args],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )


def wait_for(condition: Callable[[], bool], timeout: float = 30.0) -> None:
    """Poll a condition until it holds (a wait on state, not a fixed sleep)."""
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError("condition not met in time")
        time.sleep(0.005)
