"""The main window: composer on the left, the log and "needs attention" on the right.

All database work goes through the DbWorker and all sending through the engine; this class
only arranges widgets and forwards what the user asked for.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from PySide6.QtCore import QByteArray, QSettings, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QMessageBox,
    QPushButton,
    QSplitter,
    QSystemTrayIcon,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from desktop.domain.clock import Clock, SystemClock
from desktop.domain.compose import DeskRules
from desktop.domain.errors import DomainError
from desktop.domain.status import Status
from desktop.domain.timerules import QuietHours
from desktop.storage import repository as repo
from desktop.storage.database import Database
from desktop.sync.events import Connection
from desktop.ui.attention_view import AttentionView
from desktop.ui.composer import Composer, ComposeRequest
from desktop.ui.db_worker import DbWorker
from desktop.ui.engine_bridge import EngineBridge
from desktop.ui.log_view import LogView
from desktop.ui.messages import describe
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


def _store_request(db: Database, request: ComposeRequest, user: str, now: datetime) -> int:
    """One message per receiver, all in one transaction (runs on the worker)."""
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


class PracticeBanner(QFrame):
    """Plain on screen at all times in practice mode, so nobody believes a real SMS went out."""

    connectRequested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("practiceBanner")
        self.setStyleSheet(
            "#practiceBanner { background: #f1eafb; border-bottom: 1px solid #c9b6ea; }"
            "#practiceBanner QLabel { color: #3d2566; }"
        )
        self.label = QLabel(self)
        self.label.setWordWrap(True)
        self.button = QPushButton(self)
        self.button.clicked.connect(self.connectRequested)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(16, 8, 16, 8)
        layout.addWidget(self.label, 1)
        layout.addWidget(self.button)
        self.retranslate()

    def retranslate(self) -> None:
        self.label.setText(
            self.tr(
                "<b>Practice mode.</b> Nothing leaves this computer: messages go to a built-in "
                "practice server, not to customers."
            )
        )
        self.button.setText(self.tr("Connect a BokaMera account…"))


class MainWindow(QMainWindow):
    settingsRequested = Signal()
    bulkRequested = Signal()
    editRequested = Signal(int)
    quitRequested = Signal()

    def __init__(self, ctx: WindowContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self._clock = ctx.clock or SystemClock()
        self._really_quit = False
        self._last_failed = 0
        self.setObjectName("mainWindow")
        self._default_size()

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
        self.setCentralWidget(central)

        self.status = StatusBar(rules.zone, practice=ctx.practice, parent=self)
        self.setStatusBar(self.status)
        self._build_menus()
        self.tray: QSystemTrayIcon | None = None
        self._refresh_timer = QTimer(self)
        self._refresh_timer.setSingleShot(True)
        self._refresh_timer.setInterval(REFRESH_DEBOUNCE_MS)
        self._refresh_timer.timeout.connect(self._refresh_views)

        self.composer.submitted.connect(self._on_submitted)
        self.log_view.cancelRequested.connect(self._cancel)
        self.log_view.editRequested.connect(self.editRequested)
        self.log_view.resendRequested.connect(self._resend_as_new)
        self.attention_view.editRequested.connect(self.editRequested)
        self.attention_view.resendRequested.connect(self._resend_as_new)
        self.attention_view.checkRequested.connect(lambda _id: ctx.poke_engine())
        self.attention_view.countChanged.connect(self._update_tab_titles)
        ctx.bridge.messageChanged.connect(self.schedule_refresh)
        ctx.bridge.historyUpdated.connect(self.schedule_refresh)
        ctx.bridge.countsChanged.connect(self._on_counts)
        ctx.bridge.connectionChanged.connect(self._on_connection)
        ctx.bridge.errorRaised.connect(self._on_engine_error)
        self.retranslate()
        self._restore_layout()

    # -- building -----------------------------------------------------------------------

    def _default_size(self) -> None:
        """Roomy on a large screen, never larger than a small one (saved geometry wins)."""
        screen = self.screen().availableGeometry() if self.screen() else None
        width, height = 1360, 820
        if screen is not None:
            width, height = min(width, screen.width() - 40), min(height, screen.height() - 60)
        self.resize(width, height)

    def _build_menus(self) -> None:
        self.file_menu = self.menuBar().addMenu("")
        self.bulk_action = QAction(self)
        self.bulk_action.setShortcut(QKeySequence("Ctrl+O"))
        self.bulk_action.triggered.connect(self.bulkRequested)
        self.settings_action = QAction(self)
        self.settings_action.setShortcut(QKeySequence("Ctrl+,"))
        self.settings_action.triggered.connect(self.settingsRequested)
        self.quit_action = QAction(self)
        self.quit_action.setShortcut(QKeySequence("Ctrl+Q"))
        self.quit_action.triggered.connect(self.request_quit)
        self.file_menu.addAction(self.bulk_action)
        self.file_menu.addAction(self.settings_action)
        self.file_menu.addSeparator()
        self.file_menu.addAction(self.quit_action)
        self.help_menu = self.menuBar().addMenu("")

    def retranslate(self) -> None:
        title = self.tr("SMS Desk")
        self.setWindowTitle(
            self.tr("{title} — practice mode").format(title=title) if self.ctx.practice else title
        )
        self.file_menu.setTitle(self.tr("&File"))
        self.help_menu.setTitle(self.tr("&Help"))
        self.bulk_action.setText(self.tr("Send to many (CSV or list)…"))
        self.settings_action.setText(self.tr("&Settings…"))
        self.quit_action.setText(self.tr("&Quit"))
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
        if not self._refresh_timer.isActive():
            self._refresh_timer.start()

    def _refresh_views(self) -> None:
        self.log_view.refresh()
        self.attention_view.refresh()
        self.ctx.worker.submit(self.ctx.next_wakeup, self.status.set_next, owner=self)

    def _on_counts(self, counts: dict[Status, int]) -> None:
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
        self.status.set_connection(Connection(state), reason)

    def _on_engine_error(self, text: str) -> None:
        self.status.showMessage(text, 10_000)

    # -- user actions -------------------------------------------------------------------

    def _on_submitted(self, request: ComposeRequest) -> None:
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
        text = describe(error) if isinstance(error, DomainError) else str(error)
        QMessageBox.information(self, self.tr("SMS Desk"), text)

    # -- closing ------------------------------------------------------------------------

    def closeEvent(self, event: QCloseEvent) -> None:
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
        now = self._clock.now()
        flt = repo.LogFilter(
            statuses=frozenset({Status.QUEUED, Status.RETRY_WAIT, Status.SENDING}),
            origin="desk",
            until=now + DUE_SOON,
        )
        return repo.log_count(self.ctx.db, flt)

    def confirm_quit(self) -> bool:
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
        """The app is going down (or a test is done): close without asking or hiding."""
        self._really_quit = True

    def request_quit(self, *, ask: bool = True) -> None:
        if ask and not self.confirm_quit():
            return
        self._really_quit = True
        self._save_layout()
        self.quitRequested.emit()

    # -- layout persistence -------------------------------------------------------------

    def _save_layout(self) -> None:
        settings = QSettings()
        settings.setValue("window/geometry", self.saveGeometry())
        settings.setValue("window/state", self.saveState())
        settings.setValue("window/splitter", self.splitter.saveState())
        settings.setValue("window/log_header", QByteArray(self.log_view.header_state()))

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
