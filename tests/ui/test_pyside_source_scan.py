"""PySide6's import hook must not keep the source of every imported module in memory."""

from __future__ import annotations

import subprocess
import sys
import textwrap

# A fresh interpreter: in the test process PySide6 and most modules are imported already.
_PROBE = textwrap.dedent(
    """
    import linecache, sys
    import desktop.ui
    import desktop.ui.main_window  # names PySide6 in its source
    import sqlalchemy.orm  # does not
    feature = sys.modules["shibokensupport.feature"]
    # Files only (SQLAlchemy registers the code it generates there itself), and only those
    # imported after desktop.ui: PySide6 reads its own few before install() can run.
    cached = [
        name for name in linecache.cache
        if name.endswith(".py") and ("sqlalchemy" in name or "desktop" in name)
    ]
    print(len(cached))
    print(feature._mod_uses_pyside(sys.modules["desktop.ui.main_window"]))
    print(feature._mod_uses_pyside(sys.modules["sqlalchemy.orm"]))
    """
)


def _probe() -> list[str]:
    done = subprocess.run(
        [sys.executable, "-c", _PROBE], capture_output=True, text=True, timeout=60, check=False
    )
    assert done.returncode == 0, done.stderr
    return done.stdout.split()


def test_imports_after_pyside_leave_no_source_in_linecache() -> None:
    cached, _, _ = _probe()
    assert cached == "0"


def test_the_hook_still_tells_pyside_modules_from_others() -> None:
    _, ours, other = _probe()
    assert (ours, other) == ("True", "False")


def test_install_finds_the_hook_in_this_pyside6() -> None:
    from desktop.ui import pyside_source_scan

    assert pyside_source_scan.install() is True
