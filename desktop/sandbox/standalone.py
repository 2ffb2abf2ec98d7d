"""``python -m desktop sandbox --port N``: the practice sandbox in the foreground.

It prints its own throwaway practice credentials on purpose: they exist only on this
computer and are what a person needs to point the app (or curl) at it.
"""

from __future__ import annotations

import signal
import sys
import threading
from pathlib import Path
from types import FrameType

from desktop.sandbox.server import SandboxServer

EXIT_OK = 0
EXIT_FAILED = 1
DB_NAME = "sandbox.sqlite3"


def default_data_dir() -> Path:
    from platformdirs import user_data_dir

    return Path(user_data_dir("SMS Desk", appauthor=False)) / "sandbox"


def run_sandbox_command(port: int, data_dir: Path | None) -> int:
    """Serve until Ctrl+C (or SIGTERM); 0 on a clean stop, 1 when it cannot start."""
    folder = Path(data_dir) if data_dir is not None else default_data_dir()
    try:
        sandbox = SandboxServer(folder / DB_NAME, port=port).start()
    except OSError as exc:
        print(f"The sandbox could not start on port {port}: {exc.strerror or exc}", file=sys.stderr)
        return EXIT_FAILED

    stop = threading.Event()

    def on_signal(signum: int, frame: FrameType | None) -> None:
        stop.set()

    previous = signal.signal(signal.SIGTERM, on_signal)
    try:
        _print_banner(sandbox, folder)
        # Short waits rather than one long one: Ctrl+C is delivered between them on Windows.
        while not stop.wait(0.5):
            pass
    except KeyboardInterrupt:
        pass
    finally:
        signal.signal(signal.SIGTERM, previous)
        sandbox.stop()
    print("Sandbox stopped.", flush=True)
    return EXIT_OK


def _print_banner(sandbox: SandboxServer, folder: Path) -> None:
    lines = [
        "SMS Desk practice sandbox (BokaMera-compatible; nothing leaves this computer)",
        f"  API URL:    {sandbox.api_url}",
        f"  Token URL:  {sandbox.token_url}",
        f"  Client id:  {sandbox.client_id}",
        f"  API key:    {sandbox.api_key}",
        f"  Company id: {sandbox.company_id}",
        f"  Username:   {sandbox.username}",
        f"  Password:   {sandbox.password}",
        f"  Data:       {folder}",
        "Press Ctrl+C to stop.",
    ]
    print("\n".join(lines), flush=True)
