"""The whole window as a user meets it: real engine, real sandbox over loopback, real file."""

from __future__ import annotations

import csv
import sqlite3
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import QObject, QSettings, Qt, QUrl, Slot
from PySide6.QtGui import QDesktopServices, QTextDocumentFragment
from PySide6.QtWidgets import QApplication, QLineEdit, QMessageBox, QWidget
from pytestqt.qtbot import QtBot

from desktop import __version__
from desktop.domain.status import Status
from desktop.sandbox.server import SandboxServer
from desktop.storage import backup
from desktop.storage import repository as repo
from desktop.storage.database import Database, open_database
from desktop.storage.paths import DB_FILENAME
from desktop.sync import desk
from desktop.sync.events import Connection
from desktop.sync.lock import SenderLock
from desktop.ui.app import Running, build_window, restore_and_restart
from desktop.ui.backups_panel import RestoreRequest
from desktop.ui.main_window import MainWindow
from desktop.ui.single_instance import SingleInstance

WAIT_MS = 10_000


@dataclass
class Desk:
    running: Running
    window: MainWindow
    sandbox: SandboxServer

    @property
    def db(self) -> Database:
        return self.running.db

    def status_of_top_row(self) -> Status | None:
        model = self.window.log_view.model
        if model.rowCount() == 0:
            return None
        return model.row_message(0).status


@pytest.fixture
def isolated_settings(tmp_path: Path) -> Iterator[None]:
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(
        QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(tmp_path / "qsettings")
    )
    yield


@pytest.fixture
def open_desk(
    tmp_path: Path, qtbot: QtBot, qapp: QApplication, isolated_settings: None
) -> Iterator[Callable[..., Desk]]:
    opened: list[tuple[Running, SandboxServer, MainWindow]] = []

    def _open(*, practice: bool = False) -> Desk:
        folder = tmp_path / f"desk{len(opened)}"
        folder.mkdir()
        db = open_database(folder / DB_FILENAME)
        # Tests run at any hour of the day: no quiet hours.
        repo.set_setting(db, desk.QUIET_START, "00:00")
        repo.set_setting(db, desk.QUIET_END, "00:00")
        repo.set_setting(db, desk.USER, "Anna")
        sandbox = SandboxServer(db_path=tmp_path / f"sandbox{len(opened)}.sqlite3")
        sandbox.start()
        env = (
            {}
            if practice
            else {
                "SMSDESK_API_URL": sandbox.api_url,
                "SMSDESK_TOKEN_URL": sandbox.token_url,
                "SMSDESK_API_KEY": sandbox.api_key,
                "SMSDESK_USERNAME": sandbox.username,
                "SMSDESK_PASSWORD": sandbox.password,
            }
        )
        running, window = build_window(folder, db, env=env)
        qtbot.addWidget(window, before_close_func=lambda w: w.mark_quitting())
        window.show()
        # Shortcuts (Ctrl+Enter) only reach the active window, as when the user clicks it.
        window.activateWindow()
        qtbot.waitUntil(window.isActiveWindow)
        opened.append((running, sandbox, window))
        return Desk(running, window, sandbox)

    yield _open
    for running, sandbox, window in opened:
        window.mark_quitting()  # as the app does before shutting down
        running.shutdown()
        sandbox.stop()


def type_into(qtbot: QtBot, widget: QWidget, text: str) -> None:
    widget.setFocus()
    qtbot.keyClicks(widget, text)


def test_a_message_queued_now_reaches_sent_in_the_log(
    open_desk: Callable[..., Desk], qtbot: QtBot
) -> None:
    d = open_desk()
    composer = d.window.composer
    type_into(qtbot, composer.receiver_field.edit, "070-123 45 67")
    type_into(qtbot, composer.body_editor.edit, "Hej Anna, valkommen imorgon kl 09:00!")
    qtbot.waitUntil(composer.can_submit, timeout=WAIT_MS)
    qtbot.keyClick(
        composer.body_editor.edit, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier
    )
    qtbot.waitUntil(lambda: d.status_of_top_row() == Status.SENT, timeout=WAIT_MS)
    assert d.sandbox.accepted_count("+46701234567", "Hej Anna, valkommen imorgon kl 09:00!") == 1
    assert composer.body_editor.text() == ""  # cleared once the outbox had it
    qtbot.waitUntil(lambda: "Nothing waiting" in d.window.status.counts_label.text())
    [row] = repo.log_page(d.db, repo.LogFilter()).rows
    assert row.created_by == "Anna"


def test_several_receivers_make_one_message_each(
    open_desk: Callable[..., Desk], qtbot: QtBot
) -> None:
    d = open_desk()
    composer = d.window.composer
    type_into(qtbot, composer.receiver_field.edit, "0701234567, 0739876543")
    type_into(qtbot, composer.body_editor.edit, "Hej! Vi har stangt idag.")
    qtbot.waitUntil(composer.can_submit, timeout=WAIT_MS)
    qtbot.mouseClick(composer.queue_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: d.sandbox.total_accepted() == 2, timeout=WAIT_MS)
    rows = repo.log_page(d.db, repo.LogFilter()).rows
    assert sorted(r.receiver for r in rows) == ["+46701234567", "+46739876543"]
    assert len({r.batch_id for r in rows}) == 1 and rows[0].batch_id


def test_practice_mode_is_plain_on_screen(open_desk: Callable[..., Desk]) -> None:
    d = open_desk(practice=True)
    assert d.window.banner.isVisible()
    assert "Practice mode" in d.window.banner.label.text()
    assert "practice" in d.window.windowTitle()
    assert "Practice mode" in d.window.status.connection_label.text()


def test_a_real_account_shows_no_practice_banner(
    open_desk: Callable[..., Desk], qtbot: QtBot
) -> None:
    d = open_desk()
    assert not d.window.banner.isVisible()
    assert "practice" not in d.window.windowTitle()


def test_cancel_from_the_log_cancels_before_sending(
    open_desk: Callable[..., Desk], qtbot: QtBot
) -> None:
    d = open_desk()
    now = datetime.now(UTC)
    row = repo.enqueue(
        d.db,
        repo.NewMessage("+46701234567", "Senare", now + timedelta(hours=3), None, "Anna"),
        now=now,
    )
    d.window.schedule_refresh()
    qtbot.waitUntil(lambda: d.status_of_top_row() == Status.QUEUED, timeout=WAIT_MS)
    d.window.log_view.cancelRequested.emit(row.id)
    qtbot.waitUntil(lambda: d.status_of_top_row() == Status.CANCELLED, timeout=WAIT_MS)
    assert d.sandbox.total_accepted() == 0


def test_offline_is_shown_in_the_status_bar_and_nothing_is_lost(
    open_desk: Callable[..., Desk], qtbot: QtBot
) -> None:
    d = open_desk()
    d.sandbox.set_faults(offline=True)
    composer = d.window.composer
    type_into(qtbot, composer.receiver_field.edit, "0701234567")
    type_into(qtbot, composer.body_editor.edit, "Hej offline")
    qtbot.waitUntil(composer.can_submit, timeout=WAIT_MS)
    composer.submit()
    qtbot.waitUntil(lambda: "Offline" in d.window.status.connection_label.text(), timeout=WAIT_MS)
    assert d.running.engine.connection == Connection.OFFLINE

    def back_in_queue_unspent() -> bool:
        # "Offline" is shown as soon as the failed send is seen; the row is put back in
        # the same breath, so wait for that rather than read it mid-way.
        [row] = repo.log_page(d.db, repo.LogFilter()).rows
        return row.status == Status.QUEUED and row.attempts == 0

    qtbot.waitUntil(back_in_queue_unspent, timeout=WAIT_MS)


def test_quitting_asks_only_when_a_message_is_due_within_the_hour(
    open_desk: Callable[..., Desk],
) -> None:
    d = open_desk()
    now = datetime.now(UTC)
    repo.enqueue(
        d.db,
        repo.NewMessage("+46701234567", "Om 3 h", now + timedelta(hours=3), None, "A"),
        now=now,
    )
    assert d.window.due_soon() == 0
    repo.enqueue(
        d.db,
        repo.NewMessage("+46701234568", "Om 30 min", now + timedelta(minutes=30), None, "A"),
        now=now,
    )
    assert d.window.due_soon() == 1


def test_resend_as_new_puts_the_message_back_in_the_composer(
    open_desk: Callable[..., Desk], qtbot: QtBot
) -> None:
    d = open_desk()
    now = datetime.now(UTC)
    row = repo.enqueue(
        d.db,
        repo.NewMessage("+46701234567", "Missad", now + timedelta(hours=3), None, "A"),
        now=now,
    )
    d.window.log_view.resendRequested.emit(row.id)
    qtbot.waitUntil(lambda: d.window.composer.body_editor.text() == "Missad", timeout=WAIT_MS)
    assert "+46701234567" in [r.e164 for r in d.window.composer.receiver_field.receivers()]


def test_a_second_launch_brings_the_first_window_forward(tmp_path: Path, qtbot: QtBot) -> None:
    first = SingleInstance(tmp_path)
    assert first.claim()
    try:
        with qtbot.waitSignal(first.activated, timeout=WAIT_MS):
            assert not SingleInstance(tmp_path).claim()
    finally:
        first.release()
    # Once the first has gone, the next launch is the first again.
    again = SingleInstance(tmp_path)
    assert again.claim()
    again.release()


def test_quit_with_a_message_due_soon_asks_and_no_keeps_running(
    open_desk: Callable[..., Desk], qtbot: QtBot
) -> None:
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QMessageBox

    d = open_desk()
    now = datetime.now(UTC)
    repo.enqueue(
        d.db,
        repo.NewMessage("+46701234567", "Snart", now + timedelta(minutes=20), None, "A"),
        now=now,
    )
    quits: list[bool] = []
    d.window.quitRequested.connect(lambda: quits.append(True))
    asked: list[str] = []

    def answer(button: QMessageBox.StandardButton) -> None:
        box = QApplication.activeModalWidget()
        assert isinstance(box, QMessageBox)
        asked.append(box.text())
        box.button(button).click()

    QTimer.singleShot(0, lambda: answer(QMessageBox.StandardButton.No))
    d.window.request_quit()
    assert asked and "1 message" in asked[0] and quits == []
    QTimer.singleShot(0, lambda: answer(QMessageBox.StandardButton.Yes))
    d.window.request_quit()
    assert quits == [True]


# --- operations: maintenance, help, export, erase, restore --------------------------------------


class UrlCatcher(QObject):
    """Receives what QDesktopServices.openUrl would hand to the file manager (Qt's own hook)."""

    def __init__(self) -> None:
        super().__init__()
        self.urls: list[QUrl] = []

    @Slot(QUrl)
    def handle(self, url: QUrl) -> None:
        self.urls.append(url)


@pytest.fixture
def opened_folders() -> Iterator[list[QUrl]]:
    catcher = UrlCatcher()
    QDesktopServices.setUrlHandler("file", catcher, "handle")
    yield catcher.urls
    QDesktopServices.unsetUrlHandler("file")


def test_maintenance_waits_a_minute_then_backs_up_on_the_worker(
    open_desk: Callable[..., Desk], qtbot: QtBot
) -> None:
    d = open_desk()
    timer = d.window.maintenance_timer
    assert timer.isActive() and timer.interval() == 60_000  # not during start-up
    with qtbot.waitSignal(d.window.maintenanceDone, timeout=WAIT_MS) as done:
        timer.timeout.emit()  # the minute is up
    assert timer.interval() == 3_600_000  # from now on hourly
    report = done.args[0]
    assert report.ok and report.backup is not None
    assert report.backup.parent == d.running.folder / "backups" and report.backup.is_file()

    # The next hour on the same day: no second backup.
    with qtbot.waitSignal(d.window.maintenanceDone, timeout=WAIT_MS) as again:
        assert d.window.run_maintenance()
    assert again.args[0].backup is None
    assert len(list((d.running.folder / "backups").glob("outbox-*.sqlite3"))) == 1


def test_a_failed_backup_is_shown_in_the_status_bar(
    open_desk: Callable[..., Desk], qtbot: QtBot
) -> None:
    d = open_desk()
    (d.running.folder / "backups").write_text("a file where the folder should be")
    with qtbot.waitSignal(d.window.maintenanceDone, timeout=WAIT_MS) as done:
        d.window.run_maintenance()
    assert not done.args[0].ok
    assert "could not make a backup" in d.window.status.currentMessage()


def test_help_opens_the_log_folder_making_it_first(
    open_desk: Callable[..., Desk],
    qtbot: QtBot,
    opened_folders: list[QUrl],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    logs = tmp_path / "logs-not-made-yet"
    monkeypatch.setenv("SMSDESK_LOG_DIR", str(logs))
    d = open_desk()
    d.window.open_log_action.trigger()
    qtbot.waitUntil(lambda: len(opened_folders) == 1, timeout=WAIT_MS)
    assert Path(opened_folders[0].toLocalFile()) == logs and logs.is_dir()

    d.window.open_data_action.trigger()
    qtbot.waitUntil(lambda: len(opened_folders) == 2, timeout=WAIT_MS)
    assert Path(opened_folders[1].toLocalFile()) == d.running.folder


def test_about_names_version_folders_and_where_messages_go(
    open_desk: Callable[..., Desk], qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SMSDESK_LOG_DIR", str(tmp_path / "logs"))
    d = open_desk(practice=True)
    d.window.about_action.trigger()
    qtbot.waitUntil(lambda: d.window.about_box is not None and d.window.about_box.isVisible())
    box = d.window.about_box
    assert box is not None
    text = QTextDocumentFragment.fromHtml(box.informativeText()).toPlainText()
    assert __version__ in text
    assert str(d.running.folder) in text
    assert str(tmp_path / "logs") in text
    assert "Practice mode" in text
    box.close()


def test_export_writes_exactly_the_messages_the_filter_shows(
    open_desk: Callable[..., Desk], qtbot: QtBot, tmp_path: Path
) -> None:
    d = open_desk()
    now = datetime.now(UTC)
    for receiver, body in (
        ("+46701234567", "Hej Anna"),
        ("+46709999999", "Hej Bo"),
        ("+46701234567", "Hej igen Anna"),
    ):
        repo.enqueue(
            d.db, repo.NewMessage(receiver, body, now + timedelta(hours=3), None, "A"), now=now
        )
    view = d.window.log_view
    d.window.schedule_refresh()
    qtbot.waitUntil(lambda: view.model.rowCount() == 3, timeout=WAIT_MS)

    search = view.findChild(QLineEdit, "search")
    type_into(qtbot, search, "070-123 45 67")
    # Straight to Export, before the search's pause: what the box says is what is exported.
    qtbot.mouseClick(view.export_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: view.export_dialog() is not None, timeout=WAIT_MS)
    dialog = view.export_dialog()
    assert dialog is not None
    assert Path(dialog.selectedFiles()[0]).name.startswith("sms-desk-export-")
    assert view.current_filter().receiver == "+46701234567"
    target = tmp_path / "export.csv"
    dialog.selectFile(str(target))
    with qtbot.waitSignal(view.exported, timeout=WAIT_MS) as exported:
        dialog.accept()
    assert exported.args == [2, str(target)]
    assert f"Exported 2 message(s) to {target}" in d.window.status.currentMessage()

    lines = target.read_text(encoding="utf-8-sig").splitlines()
    delimiter = ";" if ";" in lines[0] else ","
    rows = list(csv.DictReader(lines, delimiter=delimiter))
    assert sorted(r["message"] for r in rows) == ["Hej Anna", "Hej igen Anna"]
    assert {r["receiver"].lstrip("'") for r in rows} == {"+46701234567"}


def test_tools_menu_opens_the_erase_dialog(open_desk: Callable[..., Desk], qtbot: QtBot) -> None:
    d = open_desk()
    d.window.erase_action.trigger()
    qtbot.waitUntil(lambda: d.window.erase_dialog is not None and d.window.erase_dialog.isVisible())
    dialog = d.window.erase_dialog
    assert dialog is not None
    dialog.close()
    qtbot.waitUntil(lambda: d.window.erase_dialog is None)


def test_restore_stops_everything_swaps_the_outbox_and_restarts(
    open_desk: Callable[..., Desk], qtbot: QtBot
) -> None:
    d = open_desk()
    now = datetime.now(UTC)
    later = now + timedelta(hours=3)
    repo.enqueue(d.db, repo.NewMessage("+46701234567", "I backupen", later, None, "A"), now=now)
    folder = d.running.folder
    made = backup.make_backup(d.db.path, folder / "backups", now=now)
    repo.enqueue(d.db, repo.NewMessage("+46701234568", "Efter backupen", later, None, "A"), now=now)
    restarts: list[bool] = []
    d.running.restart = lambda: restarts.append(True)

    restore_and_restart(d.running, d.window, RestoreRequest(made, now))
    assert d.window.suspended and not d.window.centralWidget().isEnabled()
    qtbot.waitUntil(lambda: restarts == [True], timeout=WAIT_MS)

    assert d.running.closed
    with pytest.raises(RuntimeError):
        d.running.worker.submit(lambda: None)
    lock = SenderLock(folder)  # the engine let go of the data folder
    lock.acquire()
    lock.release()
    restored = open_database(folder / DB_FILENAME)
    try:
        assert [r.body for r in repo.log_page(restored, repo.LogFilter()).rows] == ["I backupen"]
    finally:
        restored.close()
    [aside] = folder.glob("outbox.before-restore-*.sqlite3")
    conn = sqlite3.connect(aside)
    try:
        bodies = {b for (b,) in conn.execute("SELECT body FROM messages")}
    finally:
        conn.close()
    assert bodies == {"I backupen", "Efter backupen"}  # nothing lost: kept aside


def test_a_restore_that_fails_says_so_and_restarts_on_the_old_outbox(
    open_desk: Callable[..., Desk], qtbot: QtBot, tmp_path: Path
) -> None:
    d = open_desk()
    now = datetime.now(UTC)
    repo.enqueue(
        d.db, repo.NewMessage("+46701234567", "Kvar", now + timedelta(hours=3), None, "A"), now=now
    )
    gone = tmp_path / "outbox-20260302T090000Z.sqlite3"  # deleted after it was confirmed
    restarts: list[bool] = []
    d.running.restart = lambda: restarts.append(True)

    restore_and_restart(d.running, d.window, RestoreRequest(gone, now))
    qtbot.waitUntil(
        lambda: d.window.findChild(QMessageBox, "restoreFailed") is not None, timeout=WAIT_MS
    )
    box = d.window.findChild(QMessageBox, "restoreFailed")
    assert "cannot be used as an SMS Desk backup" in box.text()
    assert "restarts with the outbox as it was" in box.text()
    assert restarts == []
    box.button(QMessageBox.StandardButton.Ok).click()
    qtbot.waitUntil(lambda: restarts == [True], timeout=WAIT_MS)
    again = open_database(d.running.folder / DB_FILENAME)
    try:
        assert [r.body for r in repo.log_page(again, repo.LogFilter()).rows] == ["Kvar"]
    finally:
        again.close()


def test_counts_already_in_the_outbox_show_at_start(
    tmp_path: Path, qtbot: QtBot, isolated_settings: None
) -> None:
    folder = tmp_path / "desk"
    folder.mkdir()
    db = open_database(folder / DB_FILENAME)
    now = datetime.now(UTC)
    for hours in (3, 4, 5):
        repo.enqueue(
            db,
            repo.NewMessage("+46701234567", "Senare", now + timedelta(hours=hours), None, "A"),
            now=now,
        )
    running, window = build_window(folder, db, env={})
    qtbot.addWidget(window, before_close_func=lambda w: w.mark_quitting())
    try:
        qtbot.waitUntil(lambda: "Queued: 3" in window.status.counts_label.text(), timeout=WAIT_MS)
        qtbot.waitUntil(lambda: window.status.next_label.text() != "", timeout=WAIT_MS)
    finally:
        window.mark_quitting()
        running.shutdown()
