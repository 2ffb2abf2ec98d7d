"""Keep PySide6's import hook from caching the source of every module the app imports.

PySide6 (PYSIDE-2029) watches every import after its own and asks of each new module
"does its source mention PySide6?", to know which modules its ``__feature__`` switches
apply to. It answers with ``inspect.getsource``, which reads the whole file through
``linecache`` and keeps it there: every line of SQLAlchemy, pydantic, httpx and our own
code stays in memory for the life of the process. Measured on the app's start with a
100,000-message outbox: about 30 MB of resident memory and 100 ms of start-up.

``install()`` gives the hook the same answer from the file's bytes, read and dropped. A
module without a ``.py`` file keeps PySide6's own answer. If a PySide6 release renames
its internals, ``install()`` changes nothing and says so (tests/ui/test_pyside_source_scan.py
fails then, so the pin in pyproject.toml is revisited knowingly).
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from types import ModuleType

_MARK = "_smsdesk_reads_bytes"


def _reads_bytes(original: Callable[[ModuleType], bool]) -> Callable[[ModuleType], bool]:
    def uses_pyside(module: ModuleType) -> bool:
        path = getattr(module, "__file__", None)
        if not isinstance(path, str) or not path.endswith(".py"):
            return original(module)
        try:
            with open(path, "rb") as source:
                return b"PySide6" in source.read()
        except OSError:
            return original(module)

    setattr(uses_pyside, _MARK, True)
    return uses_pyside


def install() -> bool:
    """Swap the hook's source check; True when it is (or already was) in place."""
    import PySide6.QtCore  # noqa: F401  (sets the hook up, so there is something to swap)

    feature = sys.modules.get("shibokensupport.feature")
    original = getattr(feature, "_mod_uses_pyside", None)
    if feature is None or not callable(original):
        return False
    if not getattr(original, _MARK, False):
        feature._mod_uses_pyside = _reads_bytes(original)  # type: ignore[attr-defined]
    return True
