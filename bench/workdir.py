"""Where a bench run keeps its data: the runner's shared folder, or a private temp one.

The runner sets BENCH_WORKDIR so expensive fixtures (the 1,000,000-message outbox) are
built once per ``make bench`` and shared by the figures that read them; a script run on
its own gets a temp folder that disappears with it.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

ENV = "BENCH_WORKDIR"


@contextmanager
def workdir() -> Iterator[Path]:
    shared = os.environ.get(ENV)
    if shared:
        path = Path(shared)
        path.mkdir(parents=True, exist_ok=True)
        yield path
        return
    with tempfile.TemporaryDirectory(prefix="smsdesk-bench-") as folder:
        yield Path(folder)


@contextmanager
def scratch(parent: Path, prefix: str) -> Iterator[Path]:
    """A folder for one run's own files (an outbox, a sandbox), removed afterwards."""
    with tempfile.TemporaryDirectory(prefix=prefix, dir=parent) as folder:
        yield Path(folder)
