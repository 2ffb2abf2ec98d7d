"""The operations widgets, driven as a user would: the crash dialog, the backups panel, the
privacy settings and "Erase everything for a number". Real SQLite files in tmp_path."""

from __future__ import annotations

import hashlib
import threading
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import keyring.backends.fail
import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication, QLineEdit, QPushButton
from pytestqt.qtbot import QtBot

from desktop.account_store import SessionSecrets
from desktop.logs import setup_logging, shutdown_logging
from desktop.secrets import open_secret_store
from desktop.storage import backup, retention
from desktop.storage import repository as repo
from desktop.storage.database import Database, open_database
from desktop.storage.paths import DB_FILENAME
from desktop.ui.backups_panel import BackupsPanel, RestoreRequest
from desktop.ui.crash_dialog import CrashReporter
from desktop.ui.db_worker import DbWorker
from desktop.ui.erase_number_dialog import EraseNumberDialog
from desktop.ui.settings_dialog import SettingsDialog

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)  # 10:00 in Stockholm
WAIT_MS = 10_000
CUSTOMER = "+46701234567"
OTHER = "+46701234568"


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "data"
    folder.mkdir()
    return folder


@pytest.fixture
def db(data_dir: Path) -> Iterator[Database]:
    database = open_database(data_dir / DB_FILENAME)
    yield database
    database.close()


@pytest.fixture
def worker(qtbot: QtBot) -> Iterator[DbWorker]:
    w = DbWorker()
    yield w
    w.shutdown()


def _queue(db: Database, receiver: str, body: str, *, due: datetime) -> int:
    return repo.enqueue(db, repo.NewMessage(receiver, body, due, None, "Anna"), now=T0).id


def _finished(db: Database, receiver: str, body: str) -> int:
    message_id = _queue(db, receiver, body, due=T0 + timedelta(hours=1))
    repo.cancel(db, message_id, actor="Anna", now=T0)
    return message_id


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


# --- crashes ------------------------------------------------------------------------------------


def _crash_in_a_thread(text: str) -> None:
    def boom() -> None:
        raise RuntimeError(text)

    thread = threading.Thread(target=boom, name="smsdesk-test-crash")
    thread.start()
    thread.join()


def test_a_crash_in_a_worker_thread_shows_the_dialog_on_the_gui_thread(
    qtbot: QtBot, qapp: QApplication, tmp_path: Path
) -> None:
    log_file = setup_logging(tmp_path / "logs")
    reporter = CrashReporter(log_ready=True)
    try:
        _crash_in_a_thread(f"the engine fell over sending to {CUSTOMER}")
        qtbot.waitUntil(
            lambda: reporter.dialog is not None and reporter.dialog.isVisible(), timeout=WAIT_MS
        )
        dialog = reporter.dialog
        assert dialog is not None
        qtbot.addWidget(dialog)
        assert dialog.thread() is qapp.thread()  # built where widgets live, not in the crash
        assert str(log_file) in dialog.log_label.text()
        assert "RuntimeError" in dialog.summary_label.text()
        assert "4670123" not in dialog.summary_label.text()  # numbers masked, as in the log
        assert "nothing you queued is lost" in dialog.safe_label.text()
        assert "Traceback" in log_file.read_text(encoding="utf-8")

        qtbot.mouseClick(dialog.copy_button, Qt.MouseButton.LeftButton)
        copied = QGuiApplication.clipboard().text()
        assert str(log_file) in copied and "RuntimeError" in copied and "4670123" not in copied

        # A second crash while it is open: the same dialog says so, no pile of dialogs.
        _crash_in_a_thread("again")
        qtbot.waitUntil(lambda: "2 problems" in dialog.summary_label.text(), timeout=WAIT_MS)
        assert reporter.dialog is dialog

        qtbot.mouseClick(dialog.close_button, Qt.MouseButton.LeftButton)
        assert not dialog.isVisible()
    finally:
        reporter.uninstall()
        shutdown_logging()


def test_without_a_log_file_the_crash_dialog_points_nowhere(qtbot: QtBot) -> None:
    reporter = CrashReporter(log_ready=False)
    try:
        _crash_in_a_thread("no log here")
        qtbot.waitUntil(lambda: reporter.dialog is not None, timeout=WAIT_MS)
        dialog = reporter.dialog
        assert dialog is not None
        qtbot.addWidget(dialog)
        assert "No log could be written" in dialog.log_label.text()
        assert not dialog.open_log_button.isEnabled()
    finally:
        reporter.uninstall()


# --- the backups panel --------------------------------------------------------------------------


@pytest.fixture
def panel(qtbot: QtBot, db: Database, worker: DbWorker, data_dir: Path) -> BackupsPanel:
    for i in range(3):
        _queue(db, CUSTOMER, f"Påminnelse {i}", due=T0 + timedelta(hours=2))
    backup.make_backup(db.path, backup.default_backup_dir(data_dir), now=T0)
    widget = BackupsPanel(db, worker)
    qtbot.addWidget(widget)
    with qtbot.waitSignal(widget.loaded, timeout=WAIT_MS):
        widget.show()
    return widget


def test_the_backups_are_listed_in_desk_time_with_size_and_count(panel: BackupsPanel) -> None:
    assert panel.table.rowCount() == 1
    cells = [panel.table.item(0, c).text() for c in range(3)]
    assert cells[0] == "2026-03-02 10:00"  # Stockholm, not UTC
    assert cells[1] and cells[2] == "3"
    assert "newest 14" in panel.intro.text()
    assert not panel.restore_button.isEnabled()  # nothing chosen yet


def test_back_up_now_adds_a_backup(qtbot: QtBot, panel: BackupsPanel) -> None:
    with qtbot.waitSignal(panel.backedUp, timeout=WAIT_MS) as made:
        qtbot.mouseClick(panel.backup_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: panel.table.rowCount() == 2, timeout=WAIT_MS)
    assert Path(made.args[0]).is_file()
    assert panel.status.text() == "Backup made."


def test_a_backup_that_does_not_verify_is_refused_and_nothing_changes(
    qtbot: QtBot, panel: BackupsPanel, db: Database
) -> None:
    damaged = panel.backup_dir / "outbox-20260303T090000Z.sqlite3"
    damaged.write_bytes(b"SQLite format 3\x00" + b"\x00" * 200)
    before = _digest(db.path)
    with qtbot.waitSignal(panel.loaded, timeout=WAIT_MS):
        panel.reload()
    assert panel.table.item(0, 2).text() == "cannot be read"
    panel.table.selectRow(0)
    with qtbot.waitSignal(panel.refused, timeout=WAIT_MS) as refused:
        qtbot.mouseClick(panel.restore_button, Qt.MouseButton.LeftButton)
    assert "cannot be used as an SMS Desk backup" in refused.args[0]
    assert panel.status.text() == refused.args[0]
    assert panel.confirm_box is None
    assert _digest(db.path) == before
    assert not list(db.path.parent.glob("*.before-restore-*"))


def test_restore_asks_first_and_names_the_file_kept_aside(
    qtbot: QtBot, panel: BackupsPanel
) -> None:
    requests: list[RestoreRequest] = []
    panel.restoreRequested.connect(requests.append)
    chosen = panel.backups()[0].path

    panel.table.selectRow(0)
    qtbot.mouseClick(panel.restore_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: panel.confirm_box is not None, timeout=WAIT_MS)
    box = panel.confirm_box
    assert box is not None
    assert "2026-03-02 10:00" in box.text()
    assert "outbox.before-restore-" in box.informativeText()
    assert "restarts" in box.informativeText()
    assert box.defaultButton().objectName() == "confirmRestoreNo"
    qtbot.mouseClick(box.findChild(QPushButton, "confirmRestoreNo"), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: panel.confirm_box is None)
    assert requests == []

    qtbot.mouseClick(panel.restore_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: panel.confirm_box is not None, timeout=WAIT_MS)
    box = panel.confirm_box
    assert box is not None
    with qtbot.waitSignal(panel.restoreRequested, timeout=WAIT_MS):
        qtbot.mouseClick(box.findChild(QPushButton, "confirmRestoreYes"), Qt.MouseButton.LeftButton)
    [request] = requests
    assert request.backup == chosen


# --- settings: privacy and backups --------------------------------------------------------------


@pytest.fixture
def settings(qtbot: QtBot, db: Database, worker: DbWorker) -> SettingsDialog:
    secrets = SessionSecrets(
        lambda namespace: open_secret_store(namespace, backend=keyring.backends.fail.Keyring())
    )
    dialog = SettingsDialog(db, worker, secrets_factory=secrets, network=worker)
    qtbot.addWidget(dialog)
    with qtbot.waitSignal(dialog.loaded, timeout=WAIT_MS):
        dialog.show()
    return dialog


def test_the_retention_period_is_shown_and_saved(
    qtbot: QtBot, db: Database, worker: DbWorker, settings: SettingsDialog
) -> None:
    assert settings.retention_spin.value() == 0
    assert settings.retention_spin.text() == "Never (keep)"
    assert settings.retention_spin.maximum() == retention.MAX_RETENTION_DAYS
    settings.retention_spin.setFocus()
    qtbot.keyClick(settings.retention_spin, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(settings.retention_spin, "90")
    assert settings.retention_spin.value() == 90
    with qtbot.waitSignal(settings.saved, timeout=WAIT_MS):
        qtbot.mouseClick(settings.save_button, Qt.MouseButton.LeftButton)
    assert retention.retention_days(db) == 90

    again = SettingsDialog(db, worker, secrets_factory=settings._secrets_factory, network=worker)
    qtbot.addWidget(again)
    with qtbot.waitSignal(again.loaded, timeout=WAIT_MS):
        again.show()
    assert again.retention_spin.value() == 90


def test_restoring_from_the_settings_hands_it_to_the_app_and_closes(
    qtbot: QtBot, db: Database, data_dir: Path, settings: SettingsDialog
) -> None:
    made = backup.make_backup(db.path, backup.default_backup_dir(data_dir), now=T0)
    panel = settings.backups_panel
    with qtbot.waitSignal(panel.loaded, timeout=WAIT_MS):
        panel.reload()
    settings.scroll.ensureWidgetVisible(panel.restore_button)
    panel.table.selectRow(0)
    qtbot.mouseClick(panel.restore_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: panel.confirm_box is not None, timeout=WAIT_MS)
    box = panel.confirm_box
    assert box is not None
    with qtbot.waitSignal(settings.restoreRequested, timeout=WAIT_MS) as asked:
        qtbot.mouseClick(box.findChild(QPushButton, "confirmRestoreYes"), Qt.MouseButton.LeftButton)
    assert asked.args[0].backup == made
    qtbot.waitUntil(lambda: not settings.isVisible())


# --- erase everything for a number --------------------------------------------------------------


@pytest.fixture
def erase_dialog(qtbot: QtBot, db: Database, worker: DbWorker) -> EraseNumberDialog:
    dialog = EraseNumberDialog(db, worker, actor="Anna")
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


def _look_up(qtbot: QtBot, dialog: EraseNumberDialog, typed: str) -> str:
    edit = dialog.findChild(QLineEdit, "eraseNumber")
    edit.setFocus()
    qtbot.keyClick(edit, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(edit, typed)
    with qtbot.waitSignal(dialog.looked_up, timeout=WAIT_MS):
        qtbot.keyClick(edit, Qt.Key.Key_Return)
    return dialog.result.text()


def test_a_number_that_is_not_one_is_explained(
    qtbot: QtBot, erase_dialog: EraseNumberDialog
) -> None:
    text = _look_up(qtbot, erase_dialog, "08-123 456 78")
    assert "landline" in text
    assert not erase_dialog.erase_button.isEnabled()


def test_erasing_a_number_says_how_many_first_then_erases_them(
    qtbot: QtBot, db: Database, erase_dialog: EraseNumberDialog
) -> None:
    ids = [_finished(db, CUSTOMER, f"Hej Anna {i}") for i in range(2)]
    kept = _finished(db, OTHER, "Hej Bo")

    text = _look_up(qtbot, erase_dialog, "070-123 45 67")
    assert "2 message(s) to +46 70 123 45 67 will be erased" in text
    assert erase_dialog.erase_button.isEnabled()
    assert erase_dialog.erase_button.text() == "Erase 2 message(s)"

    with qtbot.waitSignal(erase_dialog.erased, timeout=WAIT_MS) as erased:
        qtbot.mouseClick(erase_dialog.erase_button, Qt.MouseButton.LeftButton)
    assert erased.args == [2]
    assert "Erased 2 message(s)" in erase_dialog.result.text()
    assert not erase_dialog.erase_button.isEnabled()
    for message_id in ids:
        row = repo.get(db, message_id)
        assert row is not None and row.body == "" and row.receiver == retention.ERASED_RECEIVER
        last = repo.events_for(db, message_id)[-1]
        assert (last.kind, last.actor) == ("erased", "Anna")
    other = repo.get(db, kept)
    assert other is not None and other.body == "Hej Bo"


def test_a_number_with_messages_still_waiting_is_refused(
    qtbot: QtBot, db: Database, erase_dialog: EraseNumberDialog
) -> None:
    _finished(db, CUSTOMER, "Gammal")
    waiting = _queue(db, CUSTOMER, "Imorgon", due=T0 + timedelta(days=1))

    text = _look_up(qtbot, erase_dialog, "0701234567")
    assert "still waiting to be sent (1)" in text and "Cancel them first" in text
    assert not erase_dialog.erase_button.isEnabled()
    row = repo.get(db, waiting)
    assert row is not None and row.body == "Imorgon"


def test_a_message_queued_after_the_count_makes_the_erase_refuse(
    qtbot: QtBot, db: Database, erase_dialog: EraseNumberDialog
) -> None:
    old = _finished(db, CUSTOMER, "Gammal")
    _look_up(qtbot, erase_dialog, "0701234567")
    assert erase_dialog.erase_button.isEnabled()
    _queue(db, CUSTOMER, "Ny", due=T0 + timedelta(days=1))  # another desk user, meanwhile

    with qtbot.waitSignal(erase_dialog.looked_up, timeout=WAIT_MS):
        qtbot.mouseClick(erase_dialog.erase_button, Qt.MouseButton.LeftButton)
    assert "Cancel them first" in erase_dialog.result.text()
    row = repo.get(db, old)
    assert row is not None and row.body == "Gammal"


def test_a_number_with_no_messages_has_nothing_to_erase(
    qtbot: QtBot, erase_dialog: EraseNumberDialog
) -> None:
    assert "Nothing to erase" in _look_up(qtbot, erase_dialog, "0701234567")
    assert not erase_dialog.erase_button.isEnabled()
