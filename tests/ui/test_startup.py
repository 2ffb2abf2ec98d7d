"""Start-up as run_gui does it: the frame on screen first, then the outbox, then the rest.

Real parts: a real outbox file in tmp_path, the real engine against the practice sandbox,
real widgets. Only the event loop is pytest-qt's instead of app.exec().
"""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, QTimer
from PySide6.QtWidgets import QApplication, QLabel, QMessageBox
from pytestqt.qtbot import QtBot

from desktop.domain.i18n import APP_LANGUAGE
from desktop.storage import repository as repo
from desktop.storage.database import open_database
from desktop.storage.paths import DB_FILENAME
from desktop.sync import desk
from desktop.ui import i18n
from desktop.ui.app import Startup, open_after_first_paint
from desktop.ui.main_window import MainWindow
from desktop.ui.single_instance import SingleInstance
from desktop.ui.welcome import WELCOME_SEEN

WAIT_MS = 15_000


@pytest.fixture(autouse=True)
def _private_settings_and_log(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(
        QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(tmp_path / "qsettings")
    )
    monkeypatch.setenv("SMSDESK_LOG_DIR", str(tmp_path / "log"))


def _outbox(folder: Path, **settings: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    db = open_database(folder / DB_FILENAME)
    try:
        repo.set_setting(db, WELCOME_SEEN, "1")  # no welcome dialog over the window
        repo.set_setting(db, desk.QUIET_START, "00:00")
        repo.set_setting(db, desk.QUIET_END, "00:00")
        for key, value in settings.items():
            repo.set_setting(db, key, value)
    finally:
        db.close()
    return folder


@pytest.fixture
def started(qapp: QApplication, qtbot: QtBot) -> Iterator[list[Startup]]:
    """Startups made by a test, shut down as the app would after its event loop."""
    made: list[Startup] = []
    yield made
    for startup in made:
        startup.window.mark_quitting()
        running = startup.finish()
        if running is not None:
            running.shutdown()
        startup.stop_reporting()


def _shown_frame(
    qapp: QApplication,
    qtbot: QtBot,
    folder: Path,
    made: list[Startup],
    language: str = "en",
    unclaimed: SingleInstance | None = None,
) -> Startup:
    """What run_gui has made when it shows the frame; the test then starts the opening."""
    window = MainWindow()
    qtbot.addWidget(window, before_close_func=lambda w: w.mark_quitting())
    startup = Startup(qapp, window, folder, language, smoke=False, unclaimed=unclaimed)
    made.append(startup)
    window.show()
    return startup


def test_the_frame_is_a_window_saying_it_opens(qtbot: QtBot) -> None:
    window = MainWindow()
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    assert window.windowTitle() == "SMS Desk"
    assert window.findChild(QLabel, "opening").text() == "Opening the outbox…"
    assert not window.menuBar().isEnabled()  # nothing behind the menus yet
    assert not window.attached
    with pytest.raises(RuntimeError):
        _ = window.ctx


def test_closing_the_frame_quits_without_asking(qtbot: QtBot) -> None:
    window = MainWindow()
    qtbot.addWidget(window)
    window.show()
    with qtbot.waitSignal(window.quitRequested, timeout=WAIT_MS):
        window.close()  # no "messages due" question: nothing is known to be due yet


def test_the_outbox_opens_after_the_first_paint_and_fills_the_window(
    qapp: QApplication, qtbot: QtBot, tmp_path: Path, started: list[Startup]
) -> None:
    folder = _outbox(tmp_path / "desk")
    painted: list[bool] = []
    window = _shown_frame(qapp, qtbot, folder, started).window
    window.framePainted.connect(lambda: painted.append(window.attached))
    open_after_first_paint(window, started[0])
    qtbot.waitUntil(lambda: window.attached, timeout=WAIT_MS)
    assert painted == [False]  # painted once, before anything was opened
    # setCentralWidget replaced the "Opening the outbox…" label; Qt deletes it later.
    qtbot.waitUntil(lambda: window.findChild(QLabel, "opening") is None, timeout=WAIT_MS)
    assert window.menuBar().isEnabled()
    assert window.quit_action.shortcut().toString() == "Ctrl+Q"
    assert window.ctx.data_dir == folder
    assert window.windowTitle() == "SMS Desk — practice mode"
    assert window.banner.isVisibleTo(window)


def test_a_language_the_quick_look_missed_is_set_before_the_widgets_are_made(
    qapp: QApplication,
    qtbot: QtBot,
    tmp_path: Path,
    started: list[Startup],
    qm_dir: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv(i18n.ENV_DIR, str(qm_dir))
    folder = _outbox(tmp_path / "desk", **{APP_LANGUAGE: "sv"})
    # As if the look at the file had found nothing (a lock, say): the frame is English.
    startup = _shown_frame(qapp, qtbot, folder, started, language="en")
    window = startup.window
    open_after_first_paint(window, startup)
    qtbot.waitUntil(lambda: window.attached, timeout=WAIT_MS)
    assert startup.language == "sv"
    assert window.file_menu.title() == "&Arkiv"


def test_an_outbox_that_cannot_be_opened_is_explained_and_left_alone(
    qapp: QApplication, qtbot: QtBot, tmp_path: Path, started: list[Startup]
) -> None:
    folder = tmp_path / "desk"
    folder.mkdir()
    foreign = folder / DB_FILENAME
    foreign.write_bytes(b"not an outbox, a letter to grandma\n" * 100)
    before = foreign.read_bytes()
    seen: list[str] = []

    def answer_the_box() -> None:
        box = QApplication.activeModalWidget()
        if isinstance(box, QMessageBox):
            seen.append(box.text())
            box.accept()

    closer = QTimer()
    closer.timeout.connect(answer_the_box)
    closer.start(50)
    startup = _shown_frame(qapp, qtbot, folder, started)
    window = startup.window
    with qtbot.waitSignal(window.quitRequested, timeout=WAIT_MS):  # the app quits
        open_after_first_paint(window, startup)
    closer.stop()
    assert startup.failed
    assert seen and "outbox.sqlite3" in seen[0]
    assert startup.exit_code(0) == 1
    assert not startup.window.attached
    assert foreign.read_bytes() == before


def test_the_frame_is_painted_before_the_heavy_libraries_are_loaded() -> None:
    # A fresh interpreter, as `python -m desktop` starts: everything run_gui does up to the
    # first paint, then a look at what got imported on the way.
    probe = textwrap.dedent(
        """
        import sys
        import desktop.cli
        from desktop.ui.app import run_gui
        from PySide6.QtWidgets import QApplication
        from desktop.ui.main_window import MainWindow
        app = QApplication([])
        window = MainWindow()
        window.show()
        app.processEvents()
        heavy = ("sqlalchemy", "sqlmodel", "pydantic", "httpx", "apscheduler",
                 "phonenumbers", "keyring", "desktop.storage.database")
        print(" ".join(name for name in heavy if name in sys.modules) or "none")
        """
    )
    done = subprocess.run(
        [sys.executable, "-c", probe],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["none"]


def test_with_no_instance_listening_the_claim_waits_for_the_paint(
    qapp: QApplication, qtbot: QtBot, tmp_path: Path, started: list[Startup]
) -> None:
    folder = _outbox(tmp_path / "desk")
    instance = SingleInstance(folder)
    assert not instance.may_be_running()  # no socket file: nothing to ask before showing
    startup = _shown_frame(qapp, qtbot, folder, started, unclaimed=instance)
    window = startup.window
    open_after_first_paint(window, startup)
    qtbot.waitUntil(lambda: window.attached, timeout=WAIT_MS)
    try:
        assert instance.may_be_running()  # claimed after the paint: it listens now
        second = SingleInstance(folder)
        with qtbot.waitSignal(instance.activated, timeout=WAIT_MS):
            assert not second.claim()  # a later launch brings this one forward
    finally:
        instance.release()
    assert not instance.may_be_running()


def test_losing_the_claim_after_the_paint_quits_without_opening_the_outbox(
    qapp: QApplication, qtbot: QtBot, tmp_path: Path, started: list[Startup]
) -> None:
    # Two launches at the same moment: both saw no socket file, the other claimed first.
    folder = _outbox(tmp_path / "desk")
    first = SingleInstance(folder)
    assert first.claim()
    try:
        late = SingleInstance(folder)
        startup = _shown_frame(qapp, qtbot, folder, started, unclaimed=late)
        window = startup.window
        with (
            qtbot.waitSignal(first.activated, timeout=WAIT_MS),
            qtbot.waitSignal(window.quitRequested, timeout=WAIT_MS),
        ):
            open_after_first_paint(window, startup)
        assert startup.worker is None  # the outbox was never opened by this one
        assert not window.attached
        assert startup.exit_code(0) == 0
    finally:
        first.release()
