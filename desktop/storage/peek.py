"""One setting read before the outbox is opened for real.

Start-up paints the window before SQLAlchemy is even imported (desktop/ui/app.py), but the
window must already speak the user's language. This reads that one setting with plain
sqlite3, read-only, changing nothing on disk. Anything unusual (no file yet, another
program's file, a lock, an old schema) gives None: the real open a moment later checks the
file properly and says what is wrong.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path


def peek_setting(path: Path, key: str) -> str | None:
    if not path.is_file():
        return None
    uri = path.resolve().as_uri() + "?mode=ro"
    try:
        connection = sqlite3.connect(uri, uri=True, timeout=0.2)
        try:
            row = connection.execute("SELECT value FROM settings WHERE key = ?", (key,)).fetchone()
        finally:
            connection.close()
    except sqlite3.Error:
        return None
    if row is None or not isinstance(row[0], str):
        return None
    return row[0]
