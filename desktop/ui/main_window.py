"""The main window: composer on the left, the log and "needs attention" on the right.

All database work goes through the DbWorker and all sending through the engine; this class
only arranges widgets and forwards what the user asked for.

The window is made in two steps so it is on screen at once: ``MainWindow()`` is the frame
(title, menus, saved size and place, "Opening the outbox…"), cheap enough to paint before
SQLAlchemy, httpx and the rest are even imported; ``attach(ctx)`` fills it once the outbox
is open and the engine runs (app.run_gui does that part on the database thread). So this
module imports only Qt and light modules at the top; what needs the outbox is imported
where it is used, after ``attach``. ``MainWindow(ctx)`` does both steps at once.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

# Only what the frame needs, up here: even ``Qt`` (the namespace) costs 20 ms to import,
# which is a fifth of what a bare Qt window takes to appear. The rest is imported by the
# methods that use it, which all run after the first paint.
from PySide6.QtCore import QByteArray, QSettings, QTimer, Signal
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence, QPaintEvent
from PySide6.QtWidgets import QHBoxLayout, QLabel, QMainWindow, QVBoxLayout, QWidget

from desktop import __version__
from desktop.domain.clock import Clock, SystemClock

if TYPE_CHECKING:
    from PySide6.QtWidgets import QMessageBox, QSplitter, QSystemTrayIcon, QTabWidget

    from desktop.domain.compose import DeskRules
    from desktop.domain.status import Status
    from desktop.domain.timerules import QuietHours
    from desktop.maintenance import MaintenanceReport
    from desktop.storage import repository as repo
    from desktop.storage.database import Database
    from desktop.ui.attention_view import AttentionView
    from desktop.ui.composer import Composer, ComposeRequest
    from desktop.ui.db_worker import DbWorker
    from desktop.ui.engine_bridge import EngineBridge
    from desktop.ui.erase_number_dialog import EraseNumberDialog
    from desktop.ui.log_view import LogView
    from desktop.ui.practice_banner import PracticeBanner
    from desktop.ui.status_bar import StatusBar

# Engine events arrive in bursts (one per message while draining); the views reload at most
# this often so the window stays smooth.
REFRESH_DEBOUNCE_MS = 300
DUE_SOON = timedelta(hours=1)


@dataclass
class WindowContext:
    """What the window needs from the running app."""

    db: Database
    worker: DbWorker
    bridge: EngineBridge
    rules: DeskRules
    quiet_hours: QuietHours | None
    desk_user: str
    practice: bool
    poke_engine: Callable[[], None]  # the outbox changed: send what is due
    next_wakeup: Callable[[], datetime | None]  # runs on the worker
    clock: Clock | None = None
    # The data folder: daily maintenance (backups, retention) and Help > Open data folder.
    # None (widget tests) runs no maintenance.
    data_dir: Path | None = None
    environment: str = ""  # "practice", "test", "production" or "environment"


def _store_request(db: Database, request: ComposeRequest, user: str, now: datetime) -> int:
    """One message per receiver, all in one transaction (runs on the worker)."""
    import uuid

    from desktop.storage import repository as repo

    batch = uuid.uuid4().hex if len(request.receivers) > 1 else None
    rows = repo.enqueue_many(
        db,
        [
            repo.NewMessage(
                receiver=receiver,
                body=request.body,
                due_at=request.due_at,
                no_later_than=request.no_later_than,
                created_by=user,
                batch_id=batch,
                send_anyway=request.send_anyway,
            )
            for receiver in request.receivers
        ],
        now=now,
    )
    return len(rows)


class MainWindow(QMainWindow):
    settingsRequested = Signal()
    bulkRequested = Signal()
    editRequested = Signal(int)
    quitRequested = Signal()
    maintenanceDone = Signal(object)  # MaintenanceReport, on the GUI thread
    framePainted = Signal()  # once, when the window has first been painted
    # Made by attach(), once the outbox is open.
    composer: Composer
    log_view: LogView
    attention_view: AttentionView
    tabs: QTabWidget
    splitter: QSplitter
    banner: PracticeBanner
    status: StatusBar

    def __init__(self, ctx: WindowContext | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self._clock: Clock = SystemClock()
        self._really_quit = False
        self._suspended = False
        self._last_failed = 0
        self._maintaining = False
        self._painted = False
        self.about_box: QMessageBox | None = None
        self.erase_dialog: EraseNumberDialog | None = None
        self.tray: QSystemTrayIcon | None = None
        self.setObjectName("mainWindow")
        self._default_size()
        self._refresh_timer = QTimer(self)
        self._refresh_timer.setSingleShot(True)
        self._refresh_timer.setInterval(REFRESH_DEBOUNCE_MS)
        self._refresh_timer.timeout.connect(self._refresh_views)
        self.maintenance_timer = QTimer(self)
        self.maintenance_timer.timeout.connect(self._on_maintenance_timer)
        self._build_menus()
        if ctx is not None:
            self.attach(ctx)
            return
        # The frame alone: the user sees SMS Desk at once, where it was, while it opens.
        self.opening = QLabel(self.tr("Opening the outbox…"))
        self.opening.setObjectName("opening")
        placeholder = QWidget(self)
        row = QHBoxLayout()  # centred by stretches: Qt's alignment flags cost start-up time
        row.addStretch()
        row.addWidget(self.opening)
        row.addStretch()
        column = QVBoxLayout(placeholder)
        column.addStretch()
        column.addLayout(row)
        column.addStretch()
        self.setCentralWidget(placeholder)
        self.menuBar().setEnabled(False)
        self.retranslate()
        self._restore_geometry()

    @property
    def ctx(self) -> WindowContext:
        if self._ctx is None:
            raise RuntimeError("the window is not attached to an outbox yet")
        return self._ctx

    @property
    def attached(self) -> bool:
        return self._ctx is not None and hasattr(self, "composer")

    def attach(self, ctx: WindowContext) -> None:
        """Fill the frame: the outbox is open and the engine runs (GUI thread)."""
        from PySide6.QtCore import Qt
        from PySide6.QtWidgets import QSplitter, QTabWidget

        from desktop.maintenance import FIRST_RUN_AFTER
        from desktop.ui.attention_view import AttentionView
        from desktop.ui.composer import Composer
        from desktop.ui.log_view import LogView
        from desktop.ui.practice_banner import PracticeBanner
        from desktop.ui.status_bar import StatusBar

        self._ctx = ctx
        self._clock = ctx.clock or SystemClock()
        rules = ctx.rules
        self.composer = Composer(
            self,
            clock=ctx.clock,
            zone=rules.zone.key,
            region=rules.region,
            grace=rules.grace,
            quiet_hours=ctx.quiet_hours,
            max_parts=rules.max_parts,
        )
        self.log_view = LogView(
            ctx.db, ctx.worker, zone=rules.zone, clock=ctx.clock, region=rules.region
        )
        self.attention_view = AttentionView(ctx.db, ctx.worker, zone=rules.zone)
        self.tabs = QTabWidget(self)
        self.tabs.setDocumentMode(True)
        self.tabs.addTab(self.log_view, "")
        self.tabs.addTab(self.attention_view, "")
        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.splitter.addWidget(self.composer)
        self.splitter.addWidget(self.tabs)
        self.splitter.setStretchFactor(0, 0)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([440, 920])
        self.splitter.setChildrenCollapsible(False)

        self.banner = PracticeBanner(self)
        self.banner.setVisible(ctx.practice)
        self.banner.connectRequested.connect(self.settingsRequested)
        central = QWidget(self)
        layout = QVBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.banner)
        layout.addWidget(self.splitter, 1)
        self.setCentralWidget(central)  # deletes the "Opening the outbox…" label, if any

        self.status = StatusBar(rules.zone, practice=ctx.practice, parent=self)
        self.setStatusBar(self.status)
        self.open_data_action.setEnabled(ctx.data_dir is not None)
        self._set_shortcuts()
        self.menuBar().setEnabled(True)
        # Backups and retention: first a minute after start (never in the start-up rush),
        # then hourly; run_daily_maintenance decides whether a backup is due.
        self.maintenance_timer.setInterval(int(FIRST_RUN_AFTER.total_seconds() * 1000))
        if ctx.data_dir is not None:
            self.maintenance_timer.start()

        self.composer.submitted.connect(self._on_submitted)
        self.log_view.cancelRequested.connect(self._cancel)
        self.log_view.editRequested.connect(self.editRequested)
        self.log_view.resendRequested.connect(self._resend_as_new)
        self.log_view.exported.connect(self._on_exported)
        self.attention_view.editRequested.connect(self.editRequested)
        self.attention_view.resendRequested.connect(self._resend_as_new)
        self.attention_view.checkRequested.connect(lambda _id: ctx.poke_engine())
        self.attention_view.countChanged.connect(self._update_tab_titles)
        ctx.bridge.messagesChanged.connect(self.schedule_refresh)
        ctx.bridge.historyUpdated.connect(self.schedule_refresh)
        ctx.bridge.countsChanged.connect(self._on_counts)
        ctx.bridge.connectionChanged.connect(self._on_connection)
        ctx.bridge.errorRaised.connect(self._on_engine_error)
        self.retranslate()
        self._restore_layout()
        self.schedule_refresh()  # counts and next send time as they are on disk now

    # -- building -----------------------------------------------------------------------

    def _default_size(self) -> None:
        """Roomy on a large screen, never larger than a small one (saved geometry wins)."""
        screen = self.screen().availableGeometry() if self.screen() else None
        width, height = 1360, 820
        if screen is not None:
            width, height = min(width, screen.width() - 40), min(height, screen.height() - 60)
        self.resize(width, height)

    def _set_shortcuts(self) -> None:
        # In attach(), not with the menus: the first setShortcut() makes Python enums of
        # Qt's key names (15 ms), and the frame's menus are disabled anyway.
        self.bulk_action.setShortcut(QKeySequence("Ctrl+O"))
        self.settings_action.setShortcut(QKeySequence("Ctrl+,"))
        self.quit_action.setShortcut(QKeySequence("Ctrl+Q"))
        self.export_action.setShortcut(QKeySequence("Ctrl+E"))

    def _build_menus(self) -> None:
        self.file_menu = self.menuBar().addMenu("")
        self.bulk_action = QAction(self)
        self.bulk_action.triggered.connect(self.bulkRequested)
        self.settings_action = QAction(self)
        self.settings_action.triggered.connect(self.settingsRequested)
        self.quit_action = QAction(self)
        self.quit_action.triggered.connect(self.request_quit)
        self.export_action = QAction(self)
        self.export_action.triggered.connect(self._export)
        self.file_menu.addAction(self.bulk_action)
        self.file_menu.addAction(self.export_action)
        self.file_menu.addAction(self.settings_action)
        self.file_menu.addSeparator()
        self.file_menu.addAction(self.quit_action)

        self.tools_menu = self.menuBar().addMenu("")
        self.erase_action = QAction(self)
        self.erase_action.triggered.connect(self.open_erase_number)
        self.tools_menu.addAction(self.erase_action)

        self.help_menu = self.menuBar().addMenu("")
        self.open_log_action = QAction(self)
        self.open_log_action.triggered.connect(self.open_log_folder)
        self.open_data_action = QAction(self)
        self.open_data_action.triggered.connect(self.open_data_folder)
        self.about_action = QAction(self)
        self.about_action.triggered.connect(self.show_about)
        self.help_menu.addAction(self.open_log_action)
        self.help_menu.addAction(self.open_data_action)
        self.help_menu.addSeparator()
        self.help_menu.addAction(self.about_action)

    def retranslate(self) -> None:
        title = self.tr("SMS Desk")
        practice = self._ctx is not None and self._ctx.practice
        self.setWindowTitle(
            self.tr("{title} — practice mode").format(title=title) if practice else title
        )
        self.file_menu.setTitle(self.tr("&File"))
        self.tools_menu.setTitle(self.tr("&Tools"))
        self.help_menu.setTitle(self.tr("&Help"))
        self.bulk_action.setText(self.tr("Send to many (CSV or list)…"))
        self.export_action.setText(self.tr("&Export shown messages…"))
        self.erase_action.setText(self.tr("&Erase everything for a number…"))
        self.open_log_action.setText(self.tr("Open &log folder"))
        self.open_data_action.setText(self.tr("Open &data folder"))
        self.about_action.setText(self.tr("&About SMS Desk"))
        self.settings_action.setText(self.tr("&Settings…"))
        self.quit_action.setText(self.tr("&Quit"))
        if self.attached:
            self._update_tab_titles(self.attention_view.count())

    def _update_tab_titles(self, attention: int) -> None:
        self.tabs.setTabText(0, self.tr("Messages"))
        if attention:
            self.tabs.setTabText(1, self.tr("Needs attention ({n})").format(n=attention))
        else:
            self.tabs.setTabText(1, self.tr("Needs attention"))

    def set_practice(self, practice: bool) -> None:
        self.ctx.practice = practice
        self.banner.setVisible(practice)
        self.status.set_practice(practice)
        self.retranslate()

    # -- engine events ------------------------------------------------------------------

    def schedule_refresh(self, *_: object) -> None:
        if self._suspended:
            return
        if not self._refresh_timer.isActive():
            self._refresh_timer.start()

    def _refresh_views(self) -> None:
        from desktop.storage import repository as repo

        if self._really_quit or not self.attached:
            return
        self.log_view.refresh()
        self.attention_view.refresh()
        self.ctx.worker.submit(self.ctx.next_wakeup, self.status.set_next, owner=self)
        # Read here too, not only from the engine's events: its first pass can report before
        # this window exists, which left "Nothing waiting" up with messages queued.
        self.ctx.worker.submit(
            lambda: repo.counts_by_status(self.ctx.db), self.status.set_counts, owner=self
        )

    def _on_counts(self, counts: dict[Status, int]) -> None:
        from PySide6.QtWidgets import QSystemTrayIcon

        from desktop.domain.status import Status

        self.status.set_counts(counts)
        failed = counts.get(Status.FAILED, 0)
        if failed > self._last_failed and self.tray is not None and self.tray.isVisible():
            self.tray.showMessage(
                self.tr("SMS Desk: a message could not be sent"),
                self.tr("Open SMS Desk and look under “Needs attention”."),
                QSystemTrayIcon.MessageIcon.Warning,
            )
        self._last_failed = failed
        self.schedule_refresh()

    def _on_connection(self, state: str, reason: str) -> None:
        from desktop.sync.events import Connection

        self.status.set_connection(Connection(state), reason)

    def _on_engine_error(self, text: str) -> None:
        self.status.showMessage(text, 10_000)

    # -- daily maintenance --------------------------------------------------------------

    def _on_maintenance_timer(self) -> None:
        from desktop.maintenance import RUN_EVERY

        self.maintenance_timer.setInterval(int(RUN_EVERY.total_seconds() * 1000))
        self.run_maintenance()

    def run_maintenance(self) -> bool:
        """Back up, prune and apply retention on the worker; False if not possible now."""
        from desktop.maintenance import run_daily_maintenance

        if not self.attached:
            return False
        data_dir = self.ctx.data_dir
        if data_dir is None or self._maintaining or self._suspended:
            return False
        self._maintaining = True
        db, now = self.ctx.db, self._clock.now()
        self.ctx.worker.submit(
            lambda: run_daily_maintenance(db, data_dir, now=now),
            self._on_maintenance_done,
            self._on_maintenance_crashed,
            owner=self,
        )
        return True

    def _on_maintenance_done(self, report: MaintenanceReport) -> None:
        from desktop.ui.messages import describe

        self._maintaining = False
        if report.erased:
            self.schedule_refresh()
        if report.failures:
            # Shown until something else is said: a failing backup must not go unseen.
            text = " ".join(f.text(describe) for f in report.failures)
            self.status.showMessage(text)
        self.maintenanceDone.emit(report)

    def _on_maintenance_crashed(self, error: BaseException) -> None:
        self._maintaining = False  # run_daily_maintenance never raises; keep the timer alive
        raise error

    # -- export, erase, help -------------------------------------------------------------

    def _export(self) -> None:
        self.tabs.setCurrentWidget(self.log_view)  # export what the user can see
        self.log_view.start_export()

    def _on_exported(self, count: int, path: str) -> None:
        self.status.showMessage(
            self.tr("Exported {n} message(s) to {path}").format(n=count, path=path), 15_000
        )

    def open_erase_number(self) -> None:
        if self.erase_dialog is not None:
            self.erase_dialog.raise_()
            self.erase_dialog.activateWindow()
            return
        from PySide6.QtCore import Qt

        from desktop.ui.erase_number_dialog import EraseNumberDialog

        dialog = EraseNumberDialog(
            self.ctx.db,
            self.ctx.worker,
            actor=self.ctx.desk_user,
            region=self.ctx.rules.region,
            clock=self.ctx.clock,
            parent=self,
        )
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.erased.connect(self._on_erased)
        dialog.destroyed.connect(self._forget_erase_dialog)
        self.erase_dialog = dialog
        dialog.open()

    def _forget_erase_dialog(self) -> None:
        self.erase_dialog = None

    def _on_erased(self, count: int) -> None:
        self.status.showMessage(self.tr("Erased {n} message(s).").format(n=count), 10_000)
        self.schedule_refresh()

    def open_log_folder(self) -> None:
        """Help > Open log folder; made first if logging never wrote there."""
        from desktop.logs import log_dir

        folder = log_dir()
        self.ctx.worker.submit(
            lambda: folder.mkdir(parents=True, exist_ok=True),
            lambda _none: self._open_folder(folder),
            lambda error: self._cannot_open(folder, error),
            owner=self,
        )

    def open_data_folder(self) -> None:
        if self.ctx.data_dir is not None:
            self._open_folder(self.ctx.data_dir)

    def _open_folder(self, folder: Path) -> None:
        from desktop.ui.crash_reporter import open_folder

        if not open_folder(folder):
            self._cannot_open(folder, None)

    def _cannot_open(self, folder: Path, error: BaseException | None) -> None:
        from PySide6.QtCore import Qt
        from PySide6.QtWidgets import QMessageBox

        text = self.tr("SMS Desk could not open the folder {folder}.").format(folder=str(folder))
        if error is not None:
            text += " " + self.tr("({reason})").format(
                reason=getattr(error, "strerror", None) or type(error).__name__
            )
        box = QMessageBox(QMessageBox.Icon.Information, self.tr("SMS Desk"), text, parent=self)
        box.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.open()

    def environment_text(self) -> str:
        return {
            "practice": self.tr("Practice mode: nothing leaves this computer"),
            "test": self.tr("BokaMera test"),
            "production": self.tr("BokaMera production: real SMS to customers"),
            "environment": self.tr("The BokaMera account set in SMSDESK_* variables"),
        }.get(self.ctx.environment or ("practice" if self.ctx.practice else ""), "")

    def about_text(self) -> str:
        import html

        from desktop.logs import log_dir

        data = str(self.ctx.data_dir) if self.ctx.data_dir is not None else "—"
        rows = (
            (self.tr("Version"), __version__),
            (self.tr("Sending to"), self.environment_text()),
            (self.tr("Data folder"), data),
            (self.tr("Log folder"), str(log_dir())),
        )
        cells = "".join(
            f"<tr><td style='padding-right:12px; color:#4a5560'>{html.escape(label)}</td>"
            f"<td>{html.escape(value)}</td></tr>"
            for label, value in rows
        )
        return f"<table cellspacing='4'>{cells}</table>"

    def show_about(self) -> None:
        import html

        from PySide6.QtCore import Qt
        from PySide6.QtWidgets import QMessageBox

        if self.about_box is not None:
            self.about_box.raise_()
            return
        box = QMessageBox(self)
        box.setObjectName("aboutBox")
        box.setWindowTitle(self.tr("About SMS Desk"))
        box.setIconPixmap(self.windowIcon().pixmap(64, 64))
        box.setTextFormat(Qt.TextFormat.RichText)
        box.setText(
            "<p style='font-size:15px'><b>"
            + html.escape(self.tr("SMS Desk"))
            + "</b></p><p>"
            + html.escape(self.tr("SMS reminders through BokaMera, for the front desk."))
            + "</p>"
        )
        box.setInformativeText(self.about_text())
        box.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        # Wide enough that a folder path or the environment is not broken over lines.
        box.setStyleSheet("QLabel#qt_msgbox_informativelabel { min-width: 420px; }")
        box.setStandardButtons(QMessageBox.StandardButton.Close)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.destroyed.connect(self._forget_about)
        self.about_box = box
        box.open()

    def _forget_about(self) -> None:
        self.about_box = None

    # -- restoring a backup ---------------------------------------------------------------

    def suspend(self, text: str) -> None:
        """The outbox is about to be closed (restoring a backup): stop every timer and
        every way to reach the database, and say why."""
        self._suspended = True
        self._really_quit = True  # the app restarts: nothing to ask on the way out
        self.maintenance_timer.stop()
        self._refresh_timer.stop()
        self.centralWidget().setEnabled(False)
        self.menuBar().setEnabled(False)
        self.status.showMessage(text)

    @property
    def suspended(self) -> bool:
        return self._suspended

    # -- user actions -------------------------------------------------------------------

    def _on_submitted(self, request: ComposeRequest) -> None:
        from desktop.domain.errors import DomainError
        from desktop.ui.messages import describe

        now = self._clock.now()

        def done(count: int) -> None:
            # Only now, with the rows committed, is the user told they are queued.
            self.composer.accepted(count)
            self.ctx.poke_engine()
            self.schedule_refresh()

        def failed(error: BaseException) -> None:
            text = describe(error) if isinstance(error, DomainError) else str(error)
            self.composer.rejected(self.tr("Nothing was queued: {reason}").format(reason=text))

        self.ctx.worker.submit(
            lambda: _store_request(self.ctx.db, request, self.ctx.desk_user, now),
            done,
            failed,
            owner=self,
        )

    def _cancel(self, message_id: int) -> None:
        from desktop.storage import repository as repo

        def work() -> repo.MessageRow:
            return repo.cancel(
                self.ctx.db, message_id, actor=self.ctx.desk_user, now=self._clock.now()
            )

        def done(row: repo.MessageRow) -> None:
            self.status.showMessage(self.tr("Message {id} cancelled.").format(id=row.id), 5000)
            self.ctx.poke_engine()
            self.schedule_refresh()

        self.ctx.worker.submit(work, done, self._show_refusal, owner=self)

    def _resend_as_new(self, message_id: int) -> None:
        """Put a failed or missed message back in the composer: the user picks a time."""
        from desktop.storage import repository as repo

        def done(row: repo.MessageRow | None) -> None:
            if row is None:
                return
            self.composer.receiver_field.set_text(row.receiver)
            self.composer.body_editor.set_text(row.body)
            self.composer.schedule_picker.set_now()
            self.composer.body_editor.edit.setFocus()
            self.status.showMessage(
                self.tr("Check the message and press Queue to send it again as a new message."),
                8000,
            )

        self.ctx.worker.submit(lambda: repo.get(self.ctx.db, message_id), done, owner=self)

    def _show_refusal(self, error: BaseException) -> None:
        from PySide6.QtWidgets import QMessageBox

        from desktop.domain.errors import DomainError
        from desktop.ui.messages import describe

        text = describe(error) if isinstance(error, DomainError) else str(error)
        QMessageBox.information(self, self.tr("SMS Desk"), text)

    # -- closing ------------------------------------------------------------------------

    def closeEvent(self, event: QCloseEvent) -> None:
        from PySide6.QtWidgets import QSystemTrayIcon

        self._save_layout()
        if not self._really_quit and self.tray is not None and self.tray.isVisible():
            # Sending goes on with the window closed: the tray icon stays.
            self.hide()
            self.tray.showMessage(
                self.tr("SMS Desk is still sending"),
                self.tr("Queued messages go out on time. Quit from this icon's menu."),
                QSystemTrayIcon.MessageIcon.Information,
                4000,
            )
            event.ignore()
            return
        if not self._really_quit and not self.confirm_quit():
            event.ignore()
            return
        # Quitting closes every window again (QApplication.quit): never ask twice.
        self._really_quit = True
        event.accept()
        self.quitRequested.emit()

    def due_soon(self) -> int:
        from desktop.domain.status import Status
        from desktop.storage import repository as repo

        if not self.attached:
            return 0  # closed while still opening: nothing can be known to be due
        now = self._clock.now()
        flt = repo.LogFilter(
            statuses=frozenset({Status.QUEUED, Status.RETRY_WAIT, Status.SENDING}),
            origin="desk",
            until=now + DUE_SOON,
        )
        return repo.log_count(self.ctx.db, flt)

    def confirm_quit(self) -> bool:
        from PySide6.QtWidgets import QMessageBox

        soon = self.due_soon()
        if not soon:
            return True
        answer = QMessageBox.question(
            self,
            self.tr("Quit SMS Desk?"),
            self.tr(
                "{n} message(s) are due within the next hour. They are only sent while SMS "
                "Desk is running. Quit anyway?"
            ).format(n=soon),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        return answer == QMessageBox.StandardButton.Yes

    def mark_quitting(self) -> None:
        """The app is going down (or a test is done): close without asking or hiding, and
        start no more background reads (the database worker is about to stop)."""
        self._really_quit = True
        self._refresh_timer.stop()
        self.maintenance_timer.stop()

    def request_quit(self, *, ask: bool = True) -> None:
        if ask and not self.confirm_quit():
            return
        self._really_quit = True
        self._save_layout()
        self.quitRequested.emit()

    def paintEvent(self, event: QPaintEvent) -> None:
        # An override rather than an event filter: a filter would compare event types, and
        # QEvent's enums cost start-up time that the frame is meant not to spend.
        super().paintEvent(event)
        if not self._painted:
            self._painted = True
            self.framePainted.emit()

    # -- layout persistence -------------------------------------------------------------

    def _save_layout(self) -> None:
        settings = QSettings()
        settings.setValue("window/geometry", self.saveGeometry())
        if not self.attached:  # closed while opening: the rest was never laid out
            return
        settings.setValue("window/state", self.saveState())
        settings.setValue("window/splitter", self.splitter.saveState())
        settings.setValue("window/log_header", QByteArray(self.log_view.header_state()))

    def _restore_geometry(self) -> None:
        value = QSettings().value("window/geometry")
        if isinstance(value, QByteArray) and not value.isEmpty():
            self.restoreGeometry(value)

    def _restore_layout(self) -> None:
        settings = QSettings()
        for key, restore in (
            ("window/geometry", self.restoreGeometry),
            ("window/state", self.restoreState),
            ("window/splitter", self.splitter.restoreState),
        ):
            value = settings.value(key)
            if isinstance(value, QByteArray) and not value.isEmpty():
                restore(value)
        header = settings.value("window/log_header")
        if isinstance(header, QByteArray) and not header.isEmpty():
            self.log_view.restore_header_state(bytes(header.data()))
