"""Where the outbox lives: --data-dir, else $SMSDESK_DATA_DIR, else the platform's data folder."""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path

import platformdirs

APP_NAME = "SMS Desk"
ENV_DATA_DIR = "SMSDESK_DATA_DIR"
DB_FILENAME = "outbox.sqlite3"


def resolve_data_dir(cli_value: str | None, env: Mapping[str, str] = os.environ) -> Path:
    """The data folder, absolute, in order of precedence: the flag, the variable, the platform.

    An empty flag or variable counts as not given, so ``SMSDESK_DATA_DIR=`` in a shell profile
    does not quietly put the outbox in the current directory.
    """
    for value in (cli_value, env.get(ENV_DATA_DIR)):
        if value:
            return Path(value).expanduser().absolute()
    # appauthor=False: no "SMS Desk/SMS Desk" doubling on Windows.
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False)).absolute()


def database_path(data_dir: Path) -> Path:
    return data_dir / DB_FILENAME
