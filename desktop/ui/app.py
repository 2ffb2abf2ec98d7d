"""Starting the window: the frame first, then the outbox, the account and the engine.

Start-up order matters. First the log file and the crash hooks, so a failed start is on
record too; then the window's language (read from the outbox file without opening it for
real) and the single-instance check (a second launch brings the first window forward
instead). Then the window's frame is shown at once: SMS Desk is on screen in about the
time any Qt program needs, before SQLAlchemy, httpx or APScheduler are even imported.
Only after that first paint does the database thread open the outbox (a clear message and
exit if it cannot), take the one-sender lock, resolve the account (practice mode starts
its sandbox) and start the engine; the window is then filled in (MainWindow.attach).

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
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QTimer
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication

from desktop import __version__
from desktop.domain.i18n import APP_LANGUAGE
from desktop.storage.paths import DB_FILENAME, resolve_data_dir
from desktop.storage.peek import peek_setting
from desktop.ui import i18n
from desktop.ui.main_thread_gc import MainThreadGarbageCollector
from desktop.ui.main_window import MainWindow, WindowContext
from desktop.ui.single_instance import SingleInstance

# Not imported up here: the window's frame is painted before any of these is loaded (see
# the module docstring). Some pull in SQLAlchemy, httpx or APScheduler; even the lighter
# ones cost start-up time (Qt's enums are made into Python ones as they are first used).
if TYPE_CHECKING:
    from desktop.api.client import BokaMeraClient
    from desktop.logs import LogSetupError
    from desktop.storage.database import Database
    from desktop.sync.account import Account
    from desktop.sync.engine import Engine
    from desktop.ui.backups_panel import RestoreRequest
    from desktop.ui.crash_reporter import CrashReporter
    from desktop.ui.db_worker import DbWorker
    from desktop.ui.engine_bridge import EngineBridge

ICON_PATH = Path(__file__).resolve().parents[2] / "resources" / "icons" / "smsdesk.svg"
SMOKE_TIMEOUT_MS = 30_000
LOG_WARNING_MS = 60_000
# Opening starts when the frame has painted; if it never paints (started minimised, no
# compositor), it starts after this long anyway.
OPEN_AFTER_MS = 500

log = logging.getLogger(__name__)


# Texts are written as QCoreApplication.translate("App", "...") at each use: lupdate only
# finds them in calls spelled that way.


def _fatal(text: str, parent: MainWindow | None = None) -> int:
    from PySide6.QtWidgets import QMessageBox

    QMessageBox.critical(parent, QCoreApplication.translate("App", "SMS Desk cannot start"), text)
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
    from desktop.api.client import BokaMeraClient
    from desktop.sync import desk
    from desktop.sync.account import resolve_account
    from desktop.sync.engine import Engine, reconcile_delay

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
    from PySide6.QtWidgets import QMenu, QSystemTrayIcon

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
    from desktop.api.client import BokaMeraClient
    from desktop.sync.account import resolve_account

    old_account, old_client = running.account, running.client
    running.account = resolve_account(running.db, running.folder)
    running.client = BokaMeraClient(running.account.settings)
    running.engine.set_client(running.client)
    old_client.close()
    old_account.close()
    window.ctx.environment = running.account.environment
    window.set_practice(running.account.practice)


def _start(
    folder: Path,
    db: Database,
    worker: DbWorker,
    bridge: EngineBridge,
    env: Mapping[str, str] | None = None,
) -> tuple[Running, WindowContext]:
    """Start the engine for ``db`` and gather what the window needs (raises SenderLocked).

    Touches no widget: run_gui calls it on the database thread."""
    from desktop.sync import desk

    account, client, engine = _start_engine(db, folder, bridge, env)
    running = Running(folder, db, worker, account, client, engine, bridge)
    try:
        ctx = WindowContext(
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
    except BaseException:
        engine.stop()
        client.close()
        account.close()
        raise
    return running, ctx


def _connect(running: Running, window: MainWindow) -> None:
    """What the window asks of the app: settings, sending to many, editing a message."""
    window.settingsRequested.connect(lambda: _open_settings(running, window))
    window.bulkRequested.connect(lambda: _open_bulk(running, window))
    window.editRequested.connect(lambda message_id: _open_edit(running, window, message_id))


def build_window(
    folder: Path, db: Database, *, env: Mapping[str, str] | None = None
) -> tuple[Running, MainWindow]:
    """Start the engine for ``db`` and build the window around it (raises SenderLocked).

    All at once, on the calling thread: for tests. run_gui shows the frame first."""
    from desktop.ui.db_worker import DbWorker
    from desktop.ui.engine_bridge import EngineBridge

    worker = DbWorker()
    bridge = EngineBridge()
    try:
        running, ctx = _start(folder, db, worker, bridge, env)
    except Exception:
        worker.shutdown()
        raise
    window = MainWindow(ctx)
    app = QApplication.instance()
    if app is not None:
        window.quitRequested.connect(app.quit)
    _connect(running, window)
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
    folder = (
        Path(tempfile.mkdtemp(prefix="smsdesk-smoke-")) if smoke else resolve_data_dir(data_dir)
    )
    language = i18n.setup_language(peek_setting(folder / DB_FILENAME, APP_LANGUAGE), app)
    instance = SingleInstance(folder)
    # Claimed before anything is shown only when another SMS Desk may be running here (see
    # single_instance): a second launch must not flash a window. Else after the first paint.
    claim_now = instance.may_be_running()
    if claim_now and not instance.claim():
        return 0  # another SMS Desk sends from this folder: it was brought forward instead

    window = MainWindow()
    window.quitRequested.connect(app.quit)
    instance.activated.connect(
        lambda: (window.showNormal(), window.raise_(), window.activateWindow())
    )
    startup = Startup(
        app, window, folder, language, smoke=smoke, unclaimed=None if claim_now else instance
    )
    window.show()
    open_after_first_paint(window, startup)
    try:
        code = app.exec()
        running = startup.finish()
    finally:
        startup.stop_reporting()
    if running is not None and running.restart_requested:
        # Only now, with the window gone, the outbox closed and this folder's activation
        # socket released, may the next instance start: it would otherwise find this one
        # still there and merely bring it forward.
        running.shutdown()
        instance.release()
        _start_again()
    return startup.exit_code(code)


def open_after_first_paint(window: MainWindow, startup: Startup) -> None:
    """Begin opening once the frame is on screen (or after a moment if it never is:
    started minimised, no compositor), and only then: opening competes for the GIL."""
    window.framePainted.connect(lambda: QTimer.singleShot(0, startup.begin))
    QTimer.singleShot(OPEN_AFTER_MS, startup.begin)


class Startup:
    """The second half of start-up, after the frame has painted: the log file and the
    crash hooks, then the outbox opened on the database thread, then the window filled
    on the GUI thread. Quitting meanwhile (closing the frame) is allowed."""

    def __init__(
        self,
        app: QApplication,
        window: MainWindow,
        folder: Path,
        language: str,
        *,
        smoke: bool,
        unclaimed: SingleInstance | None = None,
    ) -> None:
        self.app = app
        self.unclaimed = unclaimed  # claimed first thing after the paint, if given
        self.window = window
        self.folder = folder
        self.language = language
        self.smoke = smoke
        self.smoke_code = 1
        self.failed = False
        self.log_problem: LogSetupError | None = None
        self.reporter: CrashReporter | None = None
        self.worker: DbWorker | None = None
        self.bridge: EngineBridge | None = None
        self.running: Running | None = None  # once the window has it
        self._opened: Running | None = None  # as soon as the database thread has it
        self._begun = False

    def begin(self) -> None:
        if self._begun:
            return
        self._begun = True
        if self.unclaimed is not None and not self.unclaimed.claim():
            # Another SMS Desk started on this folder at the same moment and got there
            # first; it has been brought forward. This one goes, having opened nothing.
            self.window.request_quit(ask=False)
            return
        from desktop.logs import LogSetupError, setup_logging
        from desktop.ui.crash_reporter import CrashReporter
        from desktop.ui.db_worker import DbWorker
        from desktop.ui.engine_bridge import EngineBridge

        try:
            setup_logging()
        except LogSetupError as err:  # the app works without a log file; say so once it is up
            self.log_problem = err
        self.reporter = CrashReporter(log_ready=self.log_problem is None)
        self.reporter.set_window(self.window)
        self.worker = DbWorker()
        self.bridge = EngineBridge()
        self.worker.submit(self._open, self._ready, self._cannot_start)

    def stop_reporting(self) -> None:
        from desktop.logs import shutdown_logging

        if self.reporter is not None:
            self.reporter.uninstall()
            shutdown_logging()

    def _open(self) -> tuple[Running, WindowContext, str | None]:
        """On the database thread: everything slow, nothing on screen."""
        from desktop.storage import repository as repo
        from desktop.storage.database import open_database
        from desktop.sync import desk

        db = open_database(self.folder / DB_FILENAME)
        try:
            if self.smoke:
                for key in (desk.QUIET_START, desk.QUIET_END):
                    repo.set_setting(db, key, "00:00")  # the self-test may run at night
            language = repo.get_setting(db, APP_LANGUAGE)
            assert self.worker is not None and self.bridge is not None
            running, ctx = _start(self.folder, db, self.worker, self.bridge)
        except BaseException:
            db.close()
            raise
        self._opened = running
        return running, ctx, language

    def _ready(self, opened: tuple[Running, WindowContext, str | None]) -> None:
        running, ctx, language = opened
        app, window = self.app, self.window
        self.running = running
        if i18n.choose_language(language) != self.language:
            # The quick look at the file could not read it (locked, say): switch now,
            # before the widgets are made.
            self.language = i18n.setup_language(language, app)
            window.retranslate()
        window.attach(ctx)
        _connect(running, window)
        app.aboutToQuit.connect(window.mark_quitting)  # first: no new reads during shutdown
        app.aboutToQuit.connect(running.shutdown)
        running.restart = lambda: _quit_to_restart(app, running, window)
        _install_tray(app, window)
        if self.log_problem is not None:
            from desktop.ui.messages import describe

            window.status.showMessage(describe(self.log_problem), LOG_WARNING_MS)
        if self.smoke:
            _smoke(running, window, self)
            return
        from desktop.ui.welcome import WelcomeDialog, should_show_welcome

        if should_show_welcome(running.db):
            welcome = WelcomeDialog(running.db, running.worker, window)
            welcome.saved.connect(lambda _result: _switch_account(running, window))
            QTimer.singleShot(0, welcome.open)

    def _cannot_start(self, error: BaseException) -> None:
        from desktop.domain.errors import DomainError
        from desktop.sync.lock import SenderLocked

        if not isinstance(error, DomainError | SenderLocked):
            raise error  # a bug: the crash reporter shows it
        self.failed = True
        _fatal(error.message, self.window)
        self.window.request_quit(ask=False)  # exit_code() makes it 1

    def finish(self) -> Running | None:
        """After the event loop: close what opened too late to be shown."""
        if self.worker is not None:
            self.worker.shutdown()  # waits for an opening still under way
        if self.running is None and self._opened is not None:
            self._opened.shutdown()
        return self.running

    def exit_code(self, code: int) -> int:
        if self.failed:
            return 1
        return self.smoke_code if self.smoke else code


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
    from PySide6.QtCore import QProcess

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
    from PySide6.QtWidgets import QMessageBox

    from desktop.domain.errors import DomainError
    from desktop.storage.backup import restore_backup
    from desktop.ui.db_worker import DbWorker
    from desktop.ui.messages import describe

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


def _smoke(running: Running, window: MainWindow, startup: Startup) -> None:
    """Practice mode end to end: queue one message through the window, wait for SENT."""
    from desktop.domain.status import Status

    def check(counts: dict[Status, int]) -> None:
        if counts.get(Status.SENT, 0) >= 1:
            startup.smoke_code = 0
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
