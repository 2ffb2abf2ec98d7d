"""The message log tab: a filter bar, the newest-first table and a context menu.

The view never acts on a message itself. Edit, cancel and resend go out as signals with the
message id; the main window carries them out through the engine, which then asks the
model to refresh. The view only reads (through MessageLogModel and the DbWorker).
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from PySide6.QtCore import (
    QCoreApplication,
    QDate,
    QLocale,
    QModelIndex,
    QPersistentModelIndex,
    QPoint,
    QStandardPaths,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QAction, QGuiApplication
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDateEdit,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMenu,
    QMessageBox,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop.domain.clock import Clock, SystemClock
from desktop.domain.errors import DomainError
from desktop.domain.receivers import InvalidReceiver, normalise_receiver
from desktop.domain.status import CANCELLABLE, EDITABLE, NEEDS_ATTENTION, Status
from desktop.domain.timerules import utc_to_local
from desktop.storage import repository as repo
from desktop.storage.database import Database
from desktop.storage.export import COLUMNS, export_csv
from desktop.ui.db_worker import DbWorker
from desktop.ui.log_model import (
    Column,
    MessageLogModel,
    format_local,
    format_receiver,
    origin_label,
)
from desktop.ui.message_details import MessageDetailsDialog
from desktop.ui.messages import describe
from desktop.ui.status_display import status_icon, status_label

RESENDABLE: frozenset[Status] = frozenset({Status.FAILED, Status.EXPIRED})

# Typing pauses this long before the log is searched: fast typists do not start a query
# per key, and a slow database never lags behind the keyboard.
SEARCH_DEBOUNCE_MS = 250

# What counts as "a number" in the search box: a + and digits with the usual separators.
_NUMBERISH = re.compile(r"^\+?[\d\s\-().]+$")


class _Period:
    ANY = "any"
    TODAY = "today"
    WEEK = "week"
    MONTH = "month"
    CUSTOM = "custom"


class LogView(QWidget):
    """Filter bar, message table, count label and context menu over a MessageLogModel."""

    editRequested = Signal(int)
    cancelRequested = Signal(int)
    resendRequested = Signal(int)
    exported = Signal(int, str)  # rows written, the file
    exportFailed = Signal(str)  # why, in the user's words

    def __init__(
        self,
        db: Database,
        worker: DbWorker,
        *,
        zone: ZoneInfo | None = None,
        clock: Clock | None = None,
        region: str = "SE",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._db = db
        self._worker = worker
        self._clock = clock or SystemClock()
        self._region = region
        self.model = MessageLogModel(db, worker, zone=zone, parent=self)
        self._zone = self.model.zone
        self._anchor: QPersistentModelIndex | None = None
        self._anchor_offset = 0
        self._details: MessageDetailsDialog | None = None
        self._menu: QMenu | None = None
        self._confirm: QMessageBox | None = None
        self._export_dialog: QFileDialog | None = None
        self._exporting = False

        self._build_filter_bar()
        self._build_table()
        self._error = QLabel(self)
        self._error.setObjectName("logError")
        self._error.setWordWrap(True)
        self._error.hide()

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(self._filter_bar)
        layout.addWidget(self._error)
        layout.addWidget(self.table, 1)

        self.model.totalChanged.connect(self._update_count)
        self.model.rowsInserted.connect(self._update_count)
        self.model.rowsRemoved.connect(self._update_count)
        self.model.modelReset.connect(self._update_count)
        self.model.loadFailed.connect(self._show_error)
        self.model.changesApplied.connect(self._error.hide)
        self.model.pageLoaded.connect(self._error.hide)
        self.model.changesAboutToApply.connect(self._remember_scroll_anchor)
        self.model.changesApplied.connect(self._restore_scroll_anchor)
        self._update_count()

    # --- public API ----------------------------------------------------------------------

    def refresh(self) -> None:
        """Show what the engine changed, keeping selection and scroll position."""
        self._report_visible_rows()
        self.model.refresh()

    def selected_message_id(self) -> int | None:
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            return None
        return self.model.row_message(rows[0].row()).id

    def select_message(self, message_id: int) -> bool:
        """Select the message if it is loaded; returns whether it was."""
        row = self.model.row_for_id(message_id)
        if row is None:
            return False
        self.table.selectRow(row)
        self.table.scrollTo(self.model.index(row, 0))
        return True

    def header_state(self) -> bytes:
        """Column widths and order, for the settings file."""
        return bytes(self.table.horizontalHeader().saveState().data())

    def restore_header_state(self, state: bytes) -> bool:
        return self.table.horizontalHeader().restoreState(state)

    def count_text(self) -> str:
        return self._count.text()

    def details_dialog(self) -> MessageDetailsDialog | None:
        return self._details

    def current_filter(self) -> repo.LogFilter:
        """The filter of the rows on screen. Typing still waiting for its debounce is
        applied first, so what is exported is what the search box says."""
        if self._debounce.isActive():
            self._apply_filter()
        return self.model.filter()

    def export_dialog(self) -> QFileDialog | None:
        return self._export_dialog

    # --- export --------------------------------------------------------------------------

    def start_export(self) -> None:
        """Ask where to save the shown messages as CSV, then save them there."""
        if self._exporting:
            return
        if self._export_dialog is not None:
            self._export_dialog.raise_()
            return
        folder = QStandardPaths.writableLocation(
            QStandardPaths.StandardLocation.DocumentsLocation
        ) or str(Path.home())
        name = f"sms-desk-export-{self._today().isoformat()}.csv"
        dialog = QFileDialog(self, self.tr("Export the shown messages"), str(Path(folder) / name))
        dialog.setObjectName("exportDialog")
        dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
        dialog.setFileMode(QFileDialog.FileMode.AnyFile)
        dialog.setNameFilters([self.tr("CSV files (*.csv)"), self.tr("All files (*)")])
        dialog.setDefaultSuffix("csv")
        dialog.selectFile(name)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.fileSelected.connect(lambda path: self.export_to(Path(path)))
        dialog.destroyed.connect(self._forget_export_dialog)
        self._export_dialog = dialog
        dialog.open()

    def _forget_export_dialog(self) -> None:
        self._export_dialog = None

    def export_to(self, path: Path) -> None:
        """Write the rows the current filter selects to ``path`` (on the worker)."""
        if self._exporting:
            return
        flt = self.current_filter()
        # Translated here, on the GUI thread, and handed over as a plain lookup.
        titles = {c: QCoreApplication.translate("export", c) for c in COLUMNS}
        # Excel splits on the region's list separator: ";" where the decimal sign is ",".
        delimiter = ";" if QLocale().decimalPoint() == "," else ","
        db, zone = self._db, self._zone
        self._set_exporting(True)
        self._worker.submit(
            lambda: export_csv(
                db,
                flt,
                path,
                zone=zone,
                translate=lambda _context, text: titles.get(text, text),
                delimiter=delimiter,
            ),
            lambda count: self._on_exported(count, path),
            self._on_export_failed,
            owner=self,
        )

    def _set_exporting(self, exporting: bool) -> None:
        self._exporting = exporting
        self.export_button.setEnabled(not exporting)

    def _on_exported(self, count: int, path: Path) -> None:
        self._set_exporting(False)
        self.exported.emit(count, str(path))

    def _on_export_failed(self, error: BaseException) -> None:
        self._set_exporting(False)
        if isinstance(error, DomainError):
            text = describe(error)
        else:
            text = self.tr("The export failed because of an error in SMS Desk ({error}).").format(
                error=type(error).__name__
            )
        box = QMessageBox(
            QMessageBox.Icon.Warning,
            self.tr("Export failed"),
            text,
            QMessageBox.StandardButton.Ok,
            self,
        )
        box.setObjectName("exportFailed")
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.open()
        self.exportFailed.emit(text)

    # --- building ------------------------------------------------------------------------

    def _build_filter_bar(self) -> None:
        self._status = QComboBox(self)
        self._status.setObjectName("statusFilter")
        self._status.setToolTip(self.tr("Show only messages with this status"))
        self._status.addItem(self.tr("All messages"), None)
        self._status.addItem(self.tr("Needs attention"), NEEDS_ATTENTION)
        self._status.insertSeparator(self._status.count())
        for status in Status:
            self._status.addItem(status_icon(status), status_label(status), frozenset({status}))
        self._status.currentIndexChanged.connect(self._apply_filter)

        self._search = QLineEdit(self)
        self._search.setObjectName("search")
        self._search.setPlaceholderText(self.tr("Search number or text"))
        self._search.setClearButtonEnabled(True)
        self._search.setMinimumWidth(140)
        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(SEARCH_DEBOUNCE_MS)
        self._debounce.timeout.connect(self._apply_filter)
        self._search.textChanged.connect(self._debounce.start)
        self._search.returnPressed.connect(self._apply_filter)

        self._period = QComboBox(self)
        self._period.setObjectName("periodFilter")
        self._period.setToolTip(self.tr("Show only messages due in this period"))
        self._period.addItem(self.tr("Any date"), _Period.ANY)
        self._period.addItem(self.tr("Today"), _Period.TODAY)
        self._period.addItem(self.tr("Last 7 days"), _Period.WEEK)
        self._period.addItem(self.tr("Last 30 days"), _Period.MONTH)
        self._period.addItem(self.tr("Choose dates…"), _Period.CUSTOM)
        self._period.currentIndexChanged.connect(self._on_period_changed)
        # A combo box is as wide as its longest item unless told otherwise; in Swedish that
        # made the window too wide for a 1280-pixel screen.
        for combo in (self._status, self._period):
            combo.setSizeAdjustPolicy(
                QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
            )
            combo.setMinimumContentsLength(11)

        today = self._today()
        self._from = self._date_edit("dateFrom", today - timedelta(days=30))
        self._to = self._date_edit("dateTo", today)
        self._from_label = QLabel(self.tr("from"), self)
        self._to_label = QLabel(self.tr("to"), self)
        for w in (self._from_label, self._from, self._to_label, self._to):
            w.setVisible(False)

        self._count = QLabel(self)
        self._count.setObjectName("logCount")
        self._count.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        # As wide as the widest count it shows: a count that grows ("1–100 of 9,990" to
        # "1–100 of 10,000") must not widen the bar, which on a window at its minimum width
        # resized the whole window and repainted every widget in it.
        number = self.locale().toString
        widest = self.tr("{first}–{last} of {total}").format(
            first=number(1), last=number(99_999), total=number(9_999_999)
        )
        self._count.setMinimumWidth(self._count.fontMetrics().horizontalAdvance(widest) + 4)

        bar = QHBoxLayout()
        bar.setContentsMargins(6, 6, 6, 0)
        bar.addWidget(self._status)
        bar.addWidget(self._search, 1)
        bar.addWidget(self._period)
        bar.addWidget(self._from_label)
        bar.addWidget(self._from)
        bar.addWidget(self._to_label)
        bar.addWidget(self._to)
        bar.addSpacing(12)
        bar.addWidget(self._count)
        self.export_button = QPushButton(self.tr("Export…"), self)
        self.export_button.setObjectName("exportButton")
        self.export_button.setToolTip(self.tr("Save the messages shown here as a CSV file"))
        self.export_button.clicked.connect(self.start_export)
        bar.addWidget(self.export_button)
        self._filter_bar = bar

    def _date_edit(self, name: str, value: date) -> QDateEdit:
        edit = QDateEdit(self)
        edit.setObjectName(name)
        edit.setCalendarPopup(True)
        edit.setDisplayFormat("yyyy-MM-dd")
        edit.setDate(QDate(value.year, value.month, value.day))
        edit.dateChanged.connect(self._apply_filter)
        return edit

    def _build_table(self) -> None:
        table = QTableView(self)
        table.setObjectName("messageLog")
        table.setModel(self.model)
        # Newest first is the order the storage gives; sorting in the view would need
        # every row loaded, which the log never does.
        table.setSortingEnabled(False)
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.setAlternatingRowColors(True)
        table.setWordWrap(False)
        table.setTextElideMode(Qt.TextElideMode.ElideRight)
        table.setShowGrid(False)
        table.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        table.setHorizontalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        table.customContextMenuRequested.connect(self._show_context_menu)
        table.activated.connect(self._open_details)

        vheader = table.verticalHeader()
        vheader.hide()
        # Fixed, uniform rows: scrolling 10,000 rows never measures each one.
        vheader.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        vheader.setDefaultSectionSize(table.fontMetrics().height() + 10)

        header = table.horizontalHeader()
        header.setSectionsMovable(True)
        header.setHighlightSections(False)
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        header.setMinimumSectionSize(40)
        # The last visible column takes what is left, so a wide window has no empty band;
        # on a narrow pane the less-asked columns scroll into view instead of squeezing
        # the message text to "Hej…".
        header.setStretchLastSection(True)
        fm = table.fontMetrics()

        # Measured on the words actually shown (translated), so no header or status is
        # cut off in Swedish either.
        def text_width(*texts: str) -> int:
            return max(fm.horizontalAdvance(text) for text in texts)

        def header_width(column: Column) -> int:
            return text_width(str(self.model.headerData(column, Qt.Orientation.Horizontal)))

        widths = {
            Column.STATUS: text_width(*(status_label(s) for s in Status)) + 44,
            Column.RECEIVER: text_width("+46 70 123 45 67") + 24,
            Column.BODY: fm.horizontalAdvance("x") * 36,
            Column.DUE: text_width("2026-03-02 09:00") + 24,
            Column.SENT: text_width("2026-03-02 09:00") + 24,
            Column.ATTEMPTS: header_width(Column.ATTEMPTS) + 24,
            Column.ERROR: fm.horizontalAdvance("x") * 26,
            Column.ORIGIN: text_width(origin_label("desk"), origin_label("elsewhere")) + 28,
        }
        for column in Column:
            widths[column] = max(widths[column], header_width(column) + 24)
        for column, width in widths.items():
            header.resizeSection(column, width)
        # What the desk asks first ("did my 10:00 reminder to Anna go?") stays in view on a
        # narrow pane: status, due time, number and text; the rest is to the right.
        for visual, column in enumerate((Column.STATUS, Column.DUE, Column.RECEIVER, Column.BODY)):
            header.moveSection(header.visualIndex(column), visual)
        # The model re-reads the rows on screen (and those scrolled to after a change), so
        # it is told which they are: on every scroll, and when the range changes (rows
        # added or removed, the table resized).
        bar = table.verticalScrollBar()
        bar.valueChanged.connect(self._report_visible_rows)
        bar.rangeChanged.connect(self._report_visible_rows)
        self.table = table

    # --- filtering -----------------------------------------------------------------------

    def _today(self) -> date:
        return utc_to_local(self._clock.now(), self._zone).date()

    def _on_period_changed(self) -> None:
        custom = self._period.currentData() == _Period.CUSTOM
        for w in (self._from_label, self._from, self._to_label, self._to):
            w.setVisible(custom)
        self._apply_filter()

    def _date_range(self) -> tuple[datetime | None, datetime | None]:
        """The chosen period as [since, until) in UTC, whole local days."""
        period = self._period.currentData()
        today = self._today()
        if period == _Period.TODAY:
            first, last = today, today
        elif period == _Period.WEEK:
            first, last = today - timedelta(days=6), today
        elif period == _Period.MONTH:
            first, last = today - timedelta(days=29), today
        elif period == _Period.CUSTOM:
            first, last = self._from.date().toPython(), self._to.date().toPython()
            if last < first:
                first, last = last, first
        else:
            return None, None
        return self._local_midnight(first), self._local_midnight(last + timedelta(days=1))

    def _local_midnight(self, day: date) -> datetime:
        # Midnight is never inside a DST gap in the zones we serve, so no fold is needed.
        return datetime.combine(day, time(0), tzinfo=self._zone).astimezone(UTC)

    def _search_terms(self) -> tuple[str | None, str | None]:
        """(receiver, text): digits search the number, anything else the message text."""
        typed = self._search.text().strip()
        if not typed:
            return None, None
        if _NUMBERISH.match(typed) and sum(c.isdigit() for c in typed) >= 3:
            return _receiver_search(typed, self._region), None
        return None, typed

    def _apply_filter(self) -> None:
        self._debounce.stop()
        receiver, text = self._search_terms()
        since, until = self._date_range()
        statuses = self._status.currentData()
        flt = repo.LogFilter(
            statuses=statuses,
            receiver=receiver,
            text=text,
            since=since,
            until=until,
            origin=None,
        )
        self._error.hide()
        self.model.set_filter(flt)

    # --- count and errors ------------------------------------------------------------------

    def _update_count(self) -> None:
        total = self.model.total()
        loaded = self.model.rowCount()
        locale = self.locale()
        if total is None:
            text = self.tr("Loading…")
        elif total == 0:
            text = self.tr("No messages")
        else:
            text = self.tr("{first}–{last} of {total}").format(
                first=locale.toString(1),
                last=locale.toString(min(loaded, total) or 1),
                total=locale.toString(total),
            )
        self._count.setText(text)

    def _show_error(self, detail: str) -> None:
        self._error.setText(
            self.tr(
                "The message log could not be read: {detail}. "
                "It is read again when something changes or you change the filter."
            ).format(detail=detail)
        )
        self._error.show()

    # --- keeping the rows on screen live and steady through a refresh -----------------------

    def _report_visible_rows(self, *_: int) -> None:
        table = self.table
        first = table.rowAt(0)
        if first < 0:
            self.model.set_visible_rows(0, -1)  # no rows, or none laid out yet
            return
        last = table.rowAt(table.viewport().height() - 1)
        if last < 0:  # the rows end above the bottom of the table
            last = self.model.rowCount() - 1
        self.model.set_visible_rows(first, last)

    def _remember_scroll_anchor(self) -> None:
        """Before a refresh changes rows: note the top visible row, unless at the very top.

        At the top, new messages should come into view, so nothing is pinned there.
        """
        self._anchor = None
        if self.table.verticalScrollBar().value() <= 0:
            return
        top = self.table.rowAt(0)
        if top < 0:
            return
        self._anchor = QPersistentModelIndex(self.model.index(top, 0))
        self._anchor_offset = self.table.rowViewportPosition(top)

    def _restore_scroll_anchor(self) -> None:
        anchor, self._anchor = self._anchor, None
        if anchor is None or not anchor.isValid():
            return
        # Lay out now so the scroll range already includes rows inserted above.
        self.table.doItemsLayout()
        position = self.table.verticalHeader().sectionPosition(anchor.row())
        self.table.verticalScrollBar().setValue(position - self._anchor_offset)

    # --- actions -----------------------------------------------------------------------------

    def _open_details(self, index: QModelIndex) -> None:
        if not index.isValid():
            return
        message = self.model.row_message(index.row())
        if self._details is not None:
            self._details.close()
        dialog = MessageDetailsDialog(message, self._db, self._worker, zone=self._zone, parent=self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.destroyed.connect(lambda *_: self._forget_details(dialog))
        self._details = dialog
        dialog.show()

    def _open_details_for(self, message_id: int) -> None:
        row = self.model.row_for_id(message_id)
        if row is not None:
            self._open_details(self.model.index(row, 0))

    def _forget_details(self, dialog: MessageDetailsDialog) -> None:
        if self._details is dialog:
            self._details = None

    def context_menu_for(self, row: int) -> QMenu:
        """The menu for one row; public so the main window can reuse it for a toolbar."""
        message = self.model.row_message(row)
        menu = QMenu(self)
        menu.setObjectName("logContextMenu")
        details = menu.addAction(self.tr("Details…"))
        details.setObjectName("details")
        # By id, not row: a refresh while the menu is open may have moved the row.
        details.triggered.connect(lambda: self._open_details_for(message.id))
        menu.addSeparator()
        self._add_action(
            menu,
            "edit",
            self.tr("Edit…"),
            message.status in EDITABLE and message.origin == "desk",
            lambda: self.editRequested.emit(message.id),
        )
        self._add_action(
            menu,
            "cancel",
            self.tr("Cancel sending…"),
            message.status in CANCELLABLE and message.origin == "desk",
            lambda: self._confirm_cancel(message),
        )
        self._add_action(
            menu,
            "resend",
            self.tr("Resend as new"),
            message.status in RESENDABLE,
            lambda: self.resendRequested.emit(message.id),
        )
        menu.addSeparator()
        self._add_action(
            menu, "copyNumber", self.tr("Copy number"), True, lambda: _copy(message.receiver)
        )
        return menu

    @staticmethod
    def _add_action(menu: QMenu, name: str, text: str, enabled: bool, slot: object) -> QAction:
        action = menu.addAction(text)
        action.setObjectName(name)
        action.setEnabled(enabled)
        action.triggered.connect(slot)
        return action

    def _show_context_menu(self, pos: QPoint) -> None:
        index = self.table.indexAt(pos)
        if not index.isValid():
            return
        self.table.selectRow(index.row())
        if self._menu is not None:
            self._menu.deleteLater()
        self._menu = self.context_menu_for(index.row())
        # popup, not exec: the event loop (and the engine's updates) keep running.
        self._menu.popup(self.table.viewport().mapToGlobal(pos))

    def context_menu(self) -> QMenu | None:
        return self._menu

    def _confirm_cancel(self, message: repo.MessageRow) -> None:
        box = QMessageBox(self)
        box.setObjectName("confirmCancel")
        box.setIcon(QMessageBox.Icon.Question)
        box.setWindowTitle(self.tr("Cancel message"))
        box.setText(
            self.tr("Cancel the message to {receiver} due {due}?").format(
                receiver=format_receiver(message.receiver),
                due=format_local(message.due_at, self._zone),
            )
        )
        box.setInformativeText(self.tr("It will not be sent. This cannot be undone."))
        confirm = box.addButton(self.tr("Cancel message"), QMessageBox.ButtonRole.DestructiveRole)
        confirm.setObjectName("confirmCancelYes")
        keep = box.addButton(self.tr("Keep it"), QMessageBox.ButtonRole.RejectRole)
        keep.setObjectName("confirmCancelNo")
        box.setDefaultButton(keep)  # Enter out of habit must not cancel a reminder
        box.setEscapeButton(keep)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)

        def finished() -> None:
            if box.clickedButton() is confirm:
                self.cancelRequested.emit(message.id)
            if self._confirm is box:
                self._confirm = None

        box.finished.connect(finished)
        self._confirm = box
        box.open()

    def confirm_dialog(self) -> QMessageBox | None:
        return self._confirm


def _copy(text: str) -> None:
    QGuiApplication.clipboard().setText(text)


def _receiver_search(typed: str, region: str) -> str:
    """What the user typed as a number, in the digits the outbox stores (E.164).

    A whole number is normalised ("070-123 45 67" -> "+46701234567"). A part of one is
    searched as digits, with a national leading 0 dropped, since stored numbers carry the
    country code instead ("0701" finds "+46701...").
    """
    try:
        return normalise_receiver(typed, region).e164
    except InvalidReceiver:
        pass
    digits = "".join(c for c in typed if c.isdigit())
    if typed.lstrip().startswith("+"):
        return "+" + digits
    if typed.lstrip().startswith("00"):
        return "+" + digits[2:]
    if digits.startswith("0"):
        return digits[1:]
    return digits


__all__ = ["RESENDABLE", "SEARCH_DEBOUNCE_MS", "LogView"]
