"""Starting the window: the outbox, the account, the engine, then the widgets.

Start-up order matters: the database opens first (a clear message and exit if it cannot),
then the one-sender lock (a second launch brings the first window forward instead), then
the account (practice mode starts its sandbox), the engine, and finally the window.
Before all of it the log file and the crash hooks, so a failed start is on record too.

Restoring a backup is done here too, since only the app holds everything that has the
outbox open: the engine, the account, the worker and the Database itself.
"""

from __future__ import annotations

import logging
import os
import sys
import tempfile
import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QProcess, QTimer
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QMenu, QMessageBox, QSystemTrayIcon

from desktop import __version__
from desktop.api.client import BokaMeraClient
from desktop.domain.errors import DomainError
from desktop.domain.status import Status
from desktop.logs import LogSetupError, setup_logging, shutdown_logging
from desktop.storage import repository as repo
from desktop.storage.backup import restore_backup
from desktop.storage.database import Database, open_database
from desktop.storage.paths import DB_FILENAME, resolve_data_dir
from desktop.sync import desk
from desktop.sync.account import Account, resolve_account
from desktop.sync.engine import Engine, reconcile_delay
from desktop.sync.lock import SenderLocked
from desktop.ui import i18n
from desktop.ui.backups_panel import RestoreRequest
from desktop.ui.crash_dialog import CrashReporter
from desktop.ui.db_worker import DbWorker
from desktop.ui.engine_bridge import EngineBridge
from desktop.ui.main_thread_gc import MainThreadGarbageCollector
from desktop.ui.main_window import MainWindow, WindowContext
from desktop.ui.messages import describe
from desktop.ui.single_instance import SingleInstance

ICON_PATH = Path(__file__).resolve().parents[2] / "resources" / "icons" / "smsdesk.svg"
SMOKE_TIMEOUT_MS = 30_000
LOG_WARNING_MS = 60_000

log = logging.getLogger(__name__)


# Texts are written as QCoreApplication.translate("App", "...") at each use: lupdate only
# finds them in calls spelled that way.


def _fatal(text: str) -> int:
    QMessageBox.critical(None, QCoreApplication.translate("App", "SMS Desk cannot start"), text)
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
    # Called once a backup is restored (or failed to be): the app must start afresh on
    # the outbox file. Tests put their own here; run_gui's quits and starts again.
    restart: Callable[[], None] | None = None
    restart_requested: bool = False
    _closed: bool = field(default=False, repr=False)
    _close_lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    @property
    def closed(self) -> bool:
        return self._closed

    def shutdown(self) -> None:
        """Stop sending and close the outbox. Safe to call twice and from any thread: a
        restore shuts down on its own thread, and quitting afterwards calls it again."""
        with self._close_lock:
            if self._closed:
                return
            self._closed = True
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
    menu.addAction(
        QCoreApplication.translate("App", "Show SMS Desk"),
        lambda: (window.showNormal(), window.activateWindow()),
    )
    menu.addSeparator()
    menu.addAction(QCoreApplication.translate("App", "Quit"), window.request_quit)
    tray.setContextMenu(menu)
    tray.setToolTip(QCoreApplication.translate("App", "SMS Desk"))
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
    window.ctx.environment = running.account.environment
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
            data_dir=folder,
            environment=account.environment,
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
    _gc_on_gui_thread = MainThreadGarbageCollector(app)  # see main_thread_gc: a deadlock
    if ICON_PATH.exists():
        app.setWindowIcon(QIcon(str(ICON_PATH)))
    log_problem: LogSetupError | None = None
    try:
        setup_logging()
    except LogSetupError as err:  # the app works without a log file; say so once it is up
        log_problem = err
    reporter = CrashReporter(log_ready=log_problem is None)
    try:
        return _run_gui(app, reporter, log_problem, data_dir, smoke=smoke)
    finally:
        reporter.uninstall()
        shutdown_logging()


def _run_gui(
    app: QApplication,
    reporter: CrashReporter,
    log_problem: LogSetupError | None,
    data_dir: str | None,
    *,
    smoke: bool,
) -> int:
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
    app.aboutToQuit.connect(window.mark_quitting)  # first: no new reads during shutdown
    app.aboutToQuit.connect(running.shutdown)
    reporter.set_window(window)
    running.restart = lambda: _quit_to_restart(app, running, window)
    _install_tray(app, window)
    window.show()
    if log_problem is not None:
        window.status.showMessage(describe(log_problem), LOG_WARNING_MS)
    if smoke:
        return _smoke(app, running, window)
    from desktop.ui.welcome import WelcomeDialog, should_show_welcome

    if should_show_welcome(db):
        welcome = WelcomeDialog(db, running.worker, window)
        welcome.saved.connect(lambda _result: _switch_account(running, window))
        QTimer.singleShot(0, welcome.open)
    code = app.exec()
    if running.restart_requested:
        # Only now, with the window gone, the outbox closed and this folder's activation
        # socket released, may the next instance start: it would otherwise find this one
        # still there and merely bring it forward.
        running.shutdown()
        instance.release()
        _start_again()
    return code


def _quit_to_restart(app: QApplication, running: Running, window: MainWindow) -> None:
    running.restart_requested = True
    window.mark_quitting()
    app.quit()


def _start_again() -> None:
    """Start SMS Desk again with the arguments it was started with."""
    if getattr(sys, "frozen", False):  # the PyInstaller bundle: the executable is the app
        program, arguments = sys.executable, sys.argv[1:]
    else:  # python -m desktop ...: orig_argv keeps "-m desktop", argv[0] would lose it
        program, arguments = sys.executable, list(sys.orig_argv[1:])
    started, _pid = QProcess.startDetached(program, arguments, os.getcwd())
    if not started:
        log.error("could not start SMS Desk again after restoring a backup")


def restore_and_restart(running: Running, window: MainWindow, request: RestoreRequest) -> DbWorker:
    """Stop everything that has the outbox open, restore ``request.backup``, restart.

    The window is frozen first (no timer or click may reach the database again). The stop
    and the file swap run on a thread of their own: stopping the engine waits for a send in
    flight, and copying a large backup takes a while; the window must not freeze meanwhile.
    Success or failure, the app then restarts (``running.restart``) on whatever the outbox
    file now is: on failure restore_backup has left it unchanged, and the user is told so
    first. Returns the worker doing it (tests wait on it).
    """
    window.suspend(
        QCoreApplication.translate(
            "App", "Restoring the backup… SMS Desk stops sending and restarts in a moment."
        )
    )
    restorer = DbWorker(window)
    db_path = running.db.path

    def work() -> Path | None:
        running.shutdown()
        return restore_backup(request.backup, db_path, now=request.now)

    def done(aside: Path | None) -> None:
        log.info("backup restored; the previous outbox is kept as %s", aside)
        restorer.shutdown(wait=False)
        _restart(running)

    def failed(error: BaseException) -> None:
        restorer.shutdown(wait=False)
        reason = describe(error) if isinstance(error, DomainError) else repr(error)
        box = QMessageBox(
            QMessageBox.Icon.Critical,
            QCoreApplication.translate("App", "The backup was not restored"),
            QCoreApplication.translate(
                "App", "{reason} SMS Desk restarts with the outbox as it was."
            ).format(reason=reason),
            QMessageBox.StandardButton.Ok,
            window,
        )
        box.setObjectName("restoreFailed")
        box.finished.connect(lambda _result: _restart(running))
        box.open()

    restorer.submit(work, done, failed)
    return restorer


def _restart(running: Running) -> None:
    if running.restart is not None:
        running.restart()


def _open_settings(running: Running, window: MainWindow) -> None:
    from desktop.ui.settings_dialog import SettingsDialog

    dialog = SettingsDialog(running.db, running.worker, window)
    dialog.saved.connect(lambda _result: _switch_account(running, window))
    dialog.restoreRequested.connect(lambda request: restore_and_restart(running, window, request))
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
