"""Fixtures for widget tests: a fake clock, shown widgets, and the Swedish translation.

The Swedish catalogue is compiled from the .ts file into a temporary folder with
pyside6-lrelease, so the tests need no earlier `make` step and always test the .ts as it
is in the tree.
"""

from __future__ import annotations

import gc
import shutil
import subprocess
import sys
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from PySide6.QtCore import QEvent, QLocale, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from desktop.domain.clock import FakeClock
from desktop.ui import i18n
from desktop.ui.db_worker import DbWorker
from desktop.ui.main_thread_gc import MainThreadGarbageCollector

ROOT = Path(__file__).resolve().parents[2]
TS_FILE = ROOT / "resources" / "translations" / "smsdesk_sv.ts"

# Monday 2 March 2026, 10:00 in Stockholm (CET, UTC+1): an ordinary working morning.
MONDAY_MORNING = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


def qt_tool(name: str) -> str | None:
    """A PySide6 tool next to this Python, else on PATH."""
    beside = Path(sys.executable).with_name(name)
    return str(beside) if beside.exists() else shutil.which(name)


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(MONDAY_MORNING)


@pytest.fixture(scope="session", autouse=True)
def _collect_garbage_on_the_gui_thread(qapp: QApplication) -> Iterator[None]:
    """As the app does (desktop/ui/main_thread_gc.py): a collection on a worker thread can
    free a Qt object there and deadlock against the GUI thread."""
    collector = MainThreadGarbageCollector(qapp)
    yield
    collector.stop()


@pytest.fixture(autouse=True)
def _english_by_default(qapp: QApplication) -> Iterator[None]:
    """Every test starts in English and leaves no translator behind for the next one."""
    i18n.install_translators("en", qapp)
    yield
    i18n.remove_translators(qapp)
    QLocale.setDefault(QLocale(QLocale.Language.English, QLocale.Country.Sweden))
    gc.collect()  # here, on the GUI thread, never in a worker (see main_thread_gc)


@pytest.fixture(scope="session")
def qm_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    lrelease = qt_tool("pyside6-lrelease")
    if lrelease is None:
        pytest.fail("pyside6-lrelease is missing: the PySide6 install is incomplete")
    out = tmp_path_factory.mktemp("qm")
    subprocess.run(
        [lrelease, "-silent", str(TS_FILE), "-qm", str(out / "smsdesk_sv.qm")],
        check=True,
        timeout=60,
    )
    return out


@pytest.fixture
def swedish(qapp: QApplication, qm_dir: Path) -> Iterator[None]:
    """The app speaks Swedish for this test (our catalogue and Qt's own)."""
    assert i18n.install_translators("sv", qapp, directory=qm_dir), "smsdesk_sv.qm not loaded"
    yield


@pytest.fixture
def type_text(qtbot: QtBot) -> Callable[[QWidget, str], None]:
    """Type ``text`` into a widget key by key, as a keyboard would, focus first.

    QTest's keyClicks only knows ASCII (it aborts on "ä"), so other characters are sent
    as the key events a keyboard layout or an input method delivers: no key code, the
    character as the event's text.
    """

    def _type(widget: QWidget, text: str) -> None:
        widget.setFocus()
        qtbot.waitUntil(widget.hasFocus)
        for char in text:
            if char.isascii() and char.isprintable():
                qtbot.keyClicks(widget, char)
                continue
            for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
                event = QKeyEvent(kind, 0, Qt.KeyboardModifier.NoModifier, char)
                QApplication.sendEvent(widget, event)

    return _type


@pytest.fixture
def shown(qtbot: QtBot) -> Callable[..., QWidget]:
    """Show a widget as a window with focus, as a user would see it."""

    def _show(widget: QWidget, width: int = 760) -> QWidget:
        qtbot.addWidget(widget)
        widget.resize(width, widget.sizeHint().height())
        widget.show()
        qtbot.waitExposed(widget)
        widget.activateWindow()
        qtbot.waitUntil(lambda: QApplication.activeWindow() is widget)
        return widget

    return _show


@pytest.fixture
def worker(qtbot: QtBot) -> Iterator[DbWorker]:
    """The background database thread the window uses, shut down after the test."""
    w = DbWorker()
    yield w
    w.shutdown()
