"""Shared fixtures. Qt runs offscreen unless the caller chose a platform."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from desktop.storage.database import Database, open_database  # imports no Qt

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


@pytest.fixture
def db(tmp_path: Path) -> Iterator[Database]:
    """A fresh outbox file for the test (modules that need seeded data override it)."""
    database = open_database(tmp_path / "outbox.sqlite3")
    yield database
    database.close()
