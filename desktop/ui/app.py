"""Starting the window: the outbox, the account, the engine, then the widgets.

Start-up order matters: the database opens first (a clear message and exit if it cannot),
then the one-sender lock (a second launch brings the first window forward instead), then
the account (practice mode starts its sandbox), the engine, and finally the window.
"""

from __future__ import annotations

import sys
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QTimer
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QMenu, QMessageBox, QSystemTrayIcon

from desktop import __version__
from desktop.api.client import BokaMeraClient
from desktop.domain.errors import DomainError
from desktop.domain.status import Status
from desktop.storage import repository as repo
from desktop.storage.database import Database, open_database
from desktop.storage.paths import DB_FILENAME, resolve_data_dir
from desktop.sync import desk
from desktop.sync.account import Account, resolve_account
from desktop.sync.engine import Engine, reconcile_delay
from desktop.sync.lock import SenderLocked
from desktop.ui import i18n
from desktop.ui.db_worker import DbWorker
from desktop.ui.engine_bridge import EngineBridge
from desktop.ui.main_window import MainWindow, WindowContext
from desktop.ui.single_instance import SingleInstance

ICON_PATH = Path(__file__).resolve().parents[2] / "resources" / "icons" / "smsdesk.svg"
SMOKE_TIMEOUT_MS = 30_000


def _tr(text: str) -> str:
    return QCoreApplication.translate("App", text)


def _fatal(text: str) -> int:
    QMessageBox.critical(None, _tr("SMS Desk cannot start"), text)
    return 1


@dataclass
class Running:
    """Everything that lives as long as the window: closed in reverse order on quit."""

    folder: Path
    db: Database
    worker: DbWorker
    account: Account
    client: BokaMeraClient
    engine: Engine
    bridge: EngineBridge

    def shutdown(self) -> None:
        self.engine.stop()
        self.client.close()
        self.account.close()
        self.worker.shutdown()
        self.db.close()


def _start_engine(
    db: Database, data_dir: Path, bridge: EngineBridge, env: Mapping[str, str] | None = None
) -> tuple[Account, BokaMeraClient, Engine]:
    account = resolve_account(db, data_dir, env=env)
    client = BokaMeraClient(account.settings)
    config = desk.engine_config(
        db,
        reconcile_after=reconcile_delay(
            account.settings.connect_timeout, account.settings.read_timeout
        ),
    )
    engine = Engine(db, client, data_dir=data_dir, config=config)
    engine.add_listener(bridge.listener())
    try:
        engine.start()
    except Exception:
        client.close()
        account.close()
        raise
    return account, client, engine


def _install_tray(app: QApplication, window: MainWindow) -> None:
    if not QSystemTrayIcon.isSystemTrayAvailable():
        return
    tray = QSystemTrayIcon(app.windowIcon(), window)
    menu = QMenu(window)
    menu.addAction(_tr("Show SMS Desk"), lambda: (window.showNormal(), window.activateWindow()))
    menu.addSeparator()
    menu.addAction(_tr("Quit"), window.request_quit)
    tray.setContextMenu(menu)
    tray.setToolTip(_tr("SMS Desk"))
    tray.activated.connect(lambda _reason: (window.showNormal(), window.activateWindow()))
    tray.show()
    window.tray = tray


def _switch_account(running: Running, window: MainWindow) -> None:
    """After the settings were saved: talk to the newly chosen BokaMera (or practice)."""
    old_account, old_client = running.account, running.client
    running.account = resolve_account(running.db, running.folder)
    running.client = BokaMeraClient(running.account.settings)
    running.engine.set_client(running.client)
    old_client.close()
    old_account.close()
    window.set_practice(running.account.practice)


def build_window(
    folder: Path, db: Database, *, env: Mapping[str, str] | None = None
) -> tuple[Running, MainWindow]:
    """Start the engine for ``db`` and build the window around it (raises SenderLocked)."""
    app = QApplication.instance()
    worker = DbWorker()
    bridge = EngineBridge()
    try:
        account, client, engine = _start_engine(db, folder, bridge, env)
    except Exception:
        worker.shutdown()
        raise
    running = Running(folder, db, worker, account, client, engine, bridge)
    window = MainWindow(
        WindowContext(
            db=db,
            worker=worker,
            bridge=bridge,
            rules=desk.load_rules(db),
            quiet_hours=desk.quiet_hours(db),
            desk_user=desk.desk_user(db),
            practice=account.practice,
            poke_engine=engine.poke,
            next_wakeup=engine.next_wakeup,
        )
    )
    if app is not None:
        window.quitRequested.connect(app.quit)
    window.settingsRequested.connect(lambda: _open_settings(running, window))
    window.bulkRequested.connect(lambda: _open_bulk(running, window))
    window.editRequested.connect(lambda message_id: _open_edit(running, window, message_id))
    return running, window


def run_gui(data_dir: str | None = None, *, smoke: bool = False) -> int:
    app = QApplication.instance() or QApplication(sys.argv)
    assert isinstance(app, QApplication)
    app.setApplicationName("SMS Desk")
    app.setOrganizationName("SMS Desk")
    app.setApplicationVersion(__version__)
    if ICON_PATH.exists():
        app.setWindowIcon(QIcon(str(ICON_PATH)))

    folder = (
        Path(tempfile.mkdtemp(prefix="smsdesk-smoke-")) if smoke else resolve_data_dir(data_dir)
    )
    try:
        db = open_database(folder / DB_FILENAME)
    except DomainError as err:
        i18n.setup_language(None, app)
        return _fatal(err.message)
    i18n.setup_language(repo.get_setting(db, "ui.language"), app)
    if smoke:
        for key in (desk.QUIET_START, desk.QUIET_END):
            repo.set_setting(db, key, "00:00")  # the self-test may run at night

    instance = SingleInstance(folder)
    if not instance.claim():
        # Another SMS Desk sends from this folder: bring it forward instead.
        db.close()
        return 0

    try:
        running, window = build_window(folder, db)
    except SenderLocked as err:
        db.close()
        return _fatal(err.message)
    instance.activated.connect(
        lambda: (window.showNormal(), window.raise_(), window.activateWindow())
    )
    app.aboutToQuit.connect(running.shutdown)
    _install_tray(app, window)
    window.show()
    if smoke:
        return _smoke(app, running, window)
    from desktop.ui.welcome import WelcomeDialog, should_show_welcome

    if should_show_welcome(db):
        welcome = WelcomeDialog(db, running.worker, window)
        welcome.saved.connect(lambda _result: _switch_account(running, window))
        QTimer.singleShot(0, welcome.open)
    return app.exec()


def _open_settings(running: Running, window: MainWindow) -> None:
    from desktop.ui.settings_dialog import SettingsDialog

    dialog = SettingsDialog(running.db, running.worker, window)
    dialog.saved.connect(lambda _result: _switch_account(running, window))
    dialog.open()


def _open_bulk(running: Running, window: MainWindow) -> None:
    from desktop.ui.bulk_dialog import BulkDialog

    dialog = BulkDialog(running.db, running.worker, parent=window)
    dialog.queued.connect(lambda _count: (running.engine.poke(), window.schedule_refresh()))
    dialog.open()


def _open_edit(running: Running, window: MainWindow, message_id: int) -> None:
    from desktop.ui.edit_dialog import EditMessageDialog

    dialog = EditMessageDialog(running.db, running.worker, message_id, parent=window)
    dialog.saved.connect(lambda _id: (running.engine.poke(), window.schedule_refresh()))
    dialog.open()


def _smoke(app: QApplication, running: Running, window: MainWindow) -> int:
    """Practice mode end to end: queue one message through the window, wait for SENT."""
    result = {"code": 1}

    def check(counts: dict[Status, int]) -> None:
        if counts.get(Status.SENT, 0) >= 1:
            result["code"] = 0
            print("smoke: message sent", flush=True)
            window.request_quit(ask=False)

    def give_up() -> None:
        print("smoke: no message reached SENT in time", file=sys.stderr, flush=True)
        window.request_quit(ask=False)

    running.bridge.countsChanged.connect(check)
    composer = window.composer
    composer.receiver_field.set_text("070-123 45 67")
    composer.body_editor.set_text("Smoke test")
    composer.schedule_picker.set_now()
    QTimer.singleShot(0, composer.submit)
    QTimer.singleShot(SMOKE_TIMEOUT_MS, give_up)
    app.exec()
    return result["code"]
