"""Queue many messages at once: rows of a CSV file, or one text to a pasted list of numbers.

Every row is checked before anything is queued and shown with its verdict, the bad ones
first. Queueing is all or nothing, as ``outbox import`` on the command line: the Queue
button works only when every row is OK. Reading the file and writing the outbox happen on
the DbWorker thread, and "Queued N messages" is said (and ``queued`` emitted) only after
``enqueue_many`` committed all of them in one transaction under one batch id.
"""

from __future__ import annotations

import logging
import re
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from enum import IntEnum
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from PySide6.QtCore import (
    QAbstractTableModel,
    QEvent,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QBrush, QColor, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QFileDialog,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from desktop.domain.clock import Clock, SystemClock
from desktop.domain.compose import DeskRules, Draft, FieldProblem
from desktop.domain.csv_rows import CsvProblem, CsvRow, read_csv
from desktop.domain.errors import DomainError
from desktop.domain.receivers import normalise_receiver
from desktop.domain.timerules import QuietHours
from desktop.storage import repository as repo
from desktop.storage.database import Database
from desktop.sync.desk import desk_user, load_rules, quiet_hours
from desktop.ui.body_editor import BodyEditor
from desktop.ui.db_worker import DbWorker
from desktop.ui.log_model import body_preview, format_local, format_receiver
from desktop.ui.messages import HintLabel, Tone, describe
from desktop.ui.schedule_picker import ScheduleChoice, SchedulePicker

log = logging.getLogger(__name__)

# Numbers pasted from a spreadsheet column arrive one per line; typed ones may be separated
# by commas or semicolons. Spaces and dashes belong to the number itself.
_SPLIT = re.compile(r"[,;]+")
_ZIP = b"PK\x03\x04"  # .xlsx, .ods and .numbers workbooks are zip archives
_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")  # Excel's "Unicode text": readable, but not UTF-8
_LIST_DELAY_MS = 150  # re-check a pasted list once typing pauses, not on every key

_BAD_BACKGROUND = QColor("#fbecec")  # the muted red of messages.Tone.ERROR
_BAD_TEXT = QColor("#8a2a2a")
_OK_TEXT = QColor("#1f5f3a")
_NOTE_TEXT = QColor("#4a5560")  # a repeated number: not wrong, just not sent twice


# --- rows -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class BulkRow:
    """One row of the file, or one number of the list, with its verdict."""

    line: int  # 1-based line in the file or the numbers box
    phone: str  # as written
    body: str  # as written
    at: str  # the time as written; "" means as soon as possible
    draft: Draft | None = None  # a CSV row that passed compose
    receiver: str | None = None  # E.164 once the number is usable
    problems: tuple[FieldProblem, ...] = ()
    duplicate_of: int | None = None  # list mode: the line that already has this number

    @property
    def ok(self) -> bool:
        return self.receiver is not None and not self.problems

    @property
    def counted(self) -> bool:
        """True when this row becomes a message (a repeated number is sent to once)."""
        return self.ok and self.duplicate_of is None


def rows_from_csv(rows: list[CsvRow]) -> list[BulkRow]:
    return [
        BulkRow(
            line=row.line,
            phone=row.phone,
            body=row.body,
            at=row.at,
            draft=row.draft,
            receiver=row.draft.receiver if row.draft is not None else None,
            problems=row.problems,
        )
        for row in rows
    ]


def rows_from_list(text: str, region: str) -> list[BulkRow]:
    """One row per number in the box, checked with the rule compose uses for receivers."""
    rows: list[BulkRow] = []
    first_line: dict[str, int] = {}
    for line, content in enumerate(text.splitlines(), start=1):
        for entry in _SPLIT.split(content):
            typed = entry.strip()
            if not typed:
                continue
            try:
                receiver = normalise_receiver(typed, region).e164
            except DomainError as err:
                rows.append(BulkRow(line, typed, "", "", problems=(FieldProblem("receiver", err),)))
                continue
            # The same customer pasted twice must not get the SMS twice.
            duplicate_of = first_line.get(receiver)
            if duplicate_of is None:
                first_line[receiver] = line
            rows.append(BulkRow(line, typed, "", "", receiver=receiver, duplicate_of=duplicate_of))
    return rows


# --- reading the file (on the worker thread) ------------------------------------------------


@dataclass(frozen=True)
class FileProblem:
    """Why a file cannot be used at all; turned into words on the GUI thread."""

    kind: str  # "missing", "unreadable", "binary", "not_utf8", "unusable"
    name: str
    reason: str = ""  # the system's words for "unreadable"
    error: DomainError | None = None  # read_csv's CsvProblem for "unusable"


@dataclass(frozen=True)
class CsvFile:
    path: Path
    text: str
    rows: list[BulkRow]
    zone: ZoneInfo  # the desk's zone the times were read in


def read_csv_file(path: Path, *, now: datetime, rules: DeskRules) -> CsvFile | FileProblem:
    """Read and check a CSV file as the CLI does: UTF-8 (a BOM is fine), every row checked."""
    name = path.name
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        return FileProblem("missing", name)
    except OSError as err:
        return FileProblem("unreadable", name, reason=err.strerror or str(err))
    if data.startswith(_UTF16_BOMS):
        return FileProblem("not_utf8", name)
    if data.startswith(_ZIP) or b"\x00" in data:
        return FileProblem("binary", name)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return FileProblem("not_utf8", name)
    try:
        rows = read_csv(text, now=now, rules=rules)
    except CsvProblem as err:
        return FileProblem("unusable", name, error=err)
    return CsvFile(path, text, rows_from_csv(rows), rules.zone)


# --- the table ------------------------------------------------------------------------------


class Column(IntEnum):
    LINE = 0
    NUMBER = 1
    MESSAGE = 2
    TIME = 3
    VERDICT = 4


class BulkRowsModel(QAbstractTableModel):
    """Every row with its verdict; rows that need fixing come first, each part by line."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[BulkRow] = []
        self._zone: ZoneInfo | None = None
        self._queued = False

    def set_rows(self, rows: list[BulkRow], zone: ZoneInfo | None = None) -> None:
        self.beginResetModel()
        self._rows = sorted(rows, key=lambda row: (row.ok, row.line))
        self._zone = zone
        self._queued = False
        self.endResetModel()

    def rows(self) -> list[BulkRow]:
        """The rows in the order shown."""
        return list(self._rows)

    def mark_queued(self) -> None:
        """The rows are in the outbox now; the verdict column says so."""
        self._queued = True
        self._changed(Column.VERDICT)

    def retranslate(self) -> None:
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(Column) - 1)
        self._changed(Column.TIME, Column.VERDICT)

    def _changed(self, first: Column, last: Column | None = None) -> None:
        if self._rows:
            self.dataChanged.emit(
                self.index(0, first), self.index(len(self._rows) - 1, last or first)
            )

    # --- Qt's model interface ---------------------------------------------------------------

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(Column)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        return {
            Column.LINE: self.tr("Line"),
            Column.NUMBER: self.tr("Number"),
            Column.MESSAGE: self.tr("Message"),
            Column.TIME: self.tr("Time"),
            Column.VERDICT: self.tr("Check"),
        }[Column(section)]

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = 0) -> Any:
        if not index.isValid():
            return None
        row = self._rows[index.row()]
        column = Column(index.column())
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(row, column)
        if role == Qt.ItemDataRole.ToolTipRole:
            if column == Column.MESSAGE:
                return row.body
            if column == Column.NUMBER:
                return row.phone
            if column == Column.VERDICT:
                return self.verdict(row)
            return None
        if role == Qt.ItemDataRole.BackgroundRole and not row.ok:
            return QBrush(_BAD_BACKGROUND)
        if role == Qt.ItemDataRole.ForegroundRole and column == Column.VERDICT:
            if row.duplicate_of is not None:
                return QBrush(_NOTE_TEXT)
            return QBrush(_OK_TEXT if row.ok else _BAD_TEXT)
        if role == Qt.ItemDataRole.TextAlignmentRole:
            vertical = Qt.AlignmentFlag.AlignTop
            if column == Column.LINE:
                return int(Qt.AlignmentFlag.AlignRight | vertical)
            return int(Qt.AlignmentFlag.AlignLeft | vertical)
        return None

    def _text(self, row: BulkRow, column: Column) -> str:
        if column == Column.LINE:
            return str(row.line)
        if column == Column.NUMBER:
            return format_receiver(row.receiver) if row.receiver else row.phone.strip()
        if column == Column.MESSAGE:
            return body_preview(row.body, 80)  # the column cuts it to fit
        if column == Column.TIME:
            if row.draft is not None and self._zone is not None and row.at:
                return format_local(row.draft.due_at, self._zone)
            return row.at.strip() or self.tr("As soon as possible")
        return self.verdict(row)

    def verdict(self, row: BulkRow) -> str:
        """ "OK", or every reason the row cannot be queued, one per line."""
        if self._queued and row.counted:
            return self.tr("Queued")
        if row.duplicate_of is not None:
            return self.tr("Also on line {line}: it gets the message once.").format(
                line=row.duplicate_of
            )
        if row.ok:
            return self.tr("OK")
        return "\n".join(self._problem_text(problem) for problem in row.problems)

    def _problem_text(self, problem: FieldProblem) -> str:
        words = {
            "receiver": self.tr("Number"),
            "body": self.tr("Message"),
            "at": self.tr("Time"),
            "no_later_than": self.tr("Send no later than"),
        }.get(problem.field)
        reason = describe(problem.error)
        # The row-wide problem (too many columns) reads as a sentence on its own.
        return (
            reason
            if words is None
            else self.tr("{field}: {reason}").format(field=words, reason=reason)
        )


def _table(parent: QWidget, model: BulkRowsModel, name: str) -> QTableView:
    view = QTableView(parent)
    view.setObjectName(name)
    view.setModel(model)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setWordWrap(True)
    view.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    view.verticalHeader().hide()
    # Reasons are whole sentences: rows grow to show them rather than cutting them off.
    view.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    header = view.horizontalHeader()
    header.setHighlightSections(False)
    header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    header.setSectionResizeMode(Column.VERDICT, QHeaderView.ResizeMode.Stretch)
    one_line = _OneLineDelegate(view)
    for column in (Column.LINE, Column.NUMBER, Column.MESSAGE, Column.TIME):
        view.setItemDelegateForColumn(column, one_line)
    model.modelReset.connect(lambda: _fit_columns(view))
    model.headerDataChanged.connect(lambda *_: _fit_columns(view))
    _fit_columns(view)
    return view


class _OneLineDelegate(QStyledItemDelegate):
    """No wrapping: a preview or number that does not fit ends in "…" (the tooltip has it)."""

    def initStyleOption(
        self,
        option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
    ) -> None:
        super().initStyleOption(option, index)
        option.features &= ~QStyleOptionViewItem.ViewItemFeature.WrapText  # type: ignore[attr-defined]


# The widest a column may grow to fit its text: a file read with the wrong separator puts a
# whole row in "Number", and the reasons must stay in view.
_MAX_WIDTHS = {Column.LINE: 70, Column.NUMBER: 170, Column.MESSAGE: 240, Column.TIME: 160}


def _fit_columns(view: QTableView) -> None:
    for column, widest in _MAX_WIDTHS.items():
        view.resizeColumnToContents(column)
        view.setColumnWidth(column, min(view.columnWidth(column), widest))


# --- the dialog -----------------------------------------------------------------------------


class Mode(IntEnum):
    FILE = 0
    LIST = 1


@dataclass(frozen=True)
class _State:
    summary: str
    status: str
    tone: Tone
    button: str
    enabled: bool


class BulkDialog(QDialog):
    """Many messages at once, from a CSV file or as one text to a list of numbers.

    Signals: ``loaded()`` once the desk's settings are read, ``file_checked()`` once a file's
    rows (or why it cannot be used) are on screen, ``queued(count)`` after the outbox
    committed, ``queue_failed(text)`` when it did not. Methods: ``open_file()``,
    ``load_file(path)``, ``queue()``, ``can_queue()``, ``mode()``.
    """

    loaded = Signal()
    file_checked = Signal()
    queued = Signal(int)
    queue_failed = Signal(str)

    def __init__(
        self,
        db: Database,
        worker: DbWorker,
        *,
        clock: Clock | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("bulkDialog")
        self._db = db
        self._worker = worker
        self._clock: Clock = clock or SystemClock()
        self._rules = DeskRules()
        self._file: CsvFile | None = None
        self._file_problem: FileProblem | BaseException | None = None
        self._reading: str | None = None  # the name of the file being read
        self._saving = False
        self._file_queued = False  # the open file went into the outbox: never twice
        # What the last save said, as a function so it follows a language change.
        self._outcome: tuple[Mode, Tone, Callable[[], str]] | None = None

        self.tabs = QTabWidget(self)
        self.tabs.setObjectName("bulkTabs")
        self._build_file_page()
        self._build_list_page()

        self.summary = QLabel(self)
        self.summary.setObjectName("bulkSummary")
        self.summary.setStyleSheet("font-weight: 600;")
        self.status = HintLabel(self)
        self.status.setObjectName("bulkStatus")
        self.close_button = QPushButton(self)
        self.close_button.setObjectName("closeButton")
        self.queue_button = QPushButton(self)
        self.queue_button.setObjectName("queueButton")
        self.queue_button.setMinimumWidth(160)
        # Enter must not queue fifty messages by accident: only a click or Ctrl+Enter does.
        for button in (self.close_button, self.queue_button):
            button.setAutoDefault(False)

        bottom = QHBoxLayout()
        bottom.setSpacing(12)
        bottom.addWidget(self.status, 1)
        # Keeps the buttons at the right while the status line is empty (and hidden).
        bottom.addStretch(0)
        bottom.addWidget(self.close_button, 0, Qt.AlignmentFlag.AlignTop)
        bottom.addWidget(self.queue_button, 0, Qt.AlignmentFlag.AlignTop)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 16, 16, 16)
        layout.setSpacing(10)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.summary)
        layout.addLayout(bottom)

        self._shortcuts: list[QShortcut] = []
        for keys in ("Ctrl+Return", "Ctrl+Enter"):
            shortcut = QShortcut(QKeySequence(keys), self)
            shortcut.activated.connect(self.queue)
            self._shortcuts.append(shortcut)
        self._list_timer = QTimer(self)
        self._list_timer.setSingleShot(True)
        self._list_timer.setInterval(_LIST_DELAY_MS)
        self._list_timer.timeout.connect(self._check_list)

        self.open_button.clicked.connect(self.open_file)
        self.numbers_edit.textChanged.connect(self._list_timer.start)
        self.body_editor.changed.connect(self._update_state)
        self.schedule_picker.changed.connect(self._update_state)
        self.tabs.currentChanged.connect(self._update_state)
        self.close_button.clicked.connect(self.reject)
        self.queue_button.clicked.connect(self.queue)

        self.resize(900, 720)
        self._retranslate()
        self._update_state()
        self._worker.submit(
            self._read_settings, self._on_settings, self._on_settings_error, owner=self
        )

    def _build_file_page(self) -> None:
        page = QWidget(self.tabs)
        self.open_button = QPushButton(page)
        self.open_button.setObjectName("openButton")
        self.file_label = QLabel(page)
        self.file_label.setObjectName("fileName")
        self.file_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.file_help = QLabel(page)
        self.file_help.setObjectName("fileHelp")
        self.file_help.setWordWrap(True)
        self.file_help.setStyleSheet("color: #4a5560;")
        self.file_hint = HintLabel(page)
        self.file_hint.setObjectName("fileHint")
        self.file_model = BulkRowsModel(self)
        self.file_view = _table(page, self.file_model, "fileRows")

        top = QHBoxLayout()
        top.addWidget(self.open_button)
        top.addWidget(self.file_label, 1)
        layout = QVBoxLayout(page)
        layout.setContentsMargins(12, 12, 12, 12)
        layout.addLayout(top)
        layout.addWidget(self.file_help)
        layout.addWidget(self.file_hint)
        layout.addWidget(self.file_view, 1)
        self.tabs.addTab(page, "")

    def _build_list_page(self) -> None:
        page = QWidget(self.tabs)
        self.numbers_label = QLabel(page)
        self.numbers_edit = QPlainTextEdit(page)
        self.numbers_edit.setObjectName("numbersEdit")
        self.numbers_edit.setTabChangesFocus(True)
        self.numbers_edit.setMaximumWidth(240)
        self.numbers_label.setBuddy(self.numbers_edit)
        self.message_label = QLabel(page)
        self.body_editor = BodyEditor(page, max_parts=self._rules.max_parts)
        self.message_label.setBuddy(self.body_editor.edit)
        self.when_label = QLabel(page)
        self.schedule_picker = SchedulePicker(page, clock=self._clock, zone=self._rules.zone.key)
        self.when_label.setBuddy(self.schedule_picker.now_radio)
        for label in (self.numbers_label, self.message_label, self.when_label):
            label.setStyleSheet("font-weight: 600;")
        self.list_model = BulkRowsModel(self)
        self.list_view = _table(page, self.list_model, "listRows")
        # One text and one time for everyone: the form above shows them once.
        self.list_view.setColumnHidden(Column.MESSAGE, True)
        self.list_view.setColumnHidden(Column.TIME, True)

        form = QGridLayout()
        form.setHorizontalSpacing(12)
        form.addWidget(self.message_label, 0, 0, Qt.AlignmentFlag.AlignTop)
        form.addWidget(self.body_editor, 0, 1)
        form.addWidget(self.when_label, 1, 0, Qt.AlignmentFlag.AlignTop)
        form.addWidget(self.schedule_picker, 1, 1)
        numbers = QVBoxLayout()
        numbers.addWidget(self.numbers_label)
        numbers.addWidget(self.numbers_edit, 1)
        top = QHBoxLayout()
        top.setSpacing(16)
        top.addLayout(numbers)
        top.addLayout(form, 1)
        layout = QVBoxLayout(page)
        layout.setContentsMargins(12, 12, 12, 12)
        layout.addLayout(top)
        layout.addWidget(self.list_view, 1)
        self.tabs.addTab(page, "")

    # --- public API -------------------------------------------------------------------------

    def mode(self) -> Mode:
        return Mode(self.tabs.currentIndex())

    def can_queue(self) -> bool:
        return self._state().enabled

    def open_file(self) -> None:
        """Ask for a CSV file and check it."""
        path, _filter = QFileDialog.getOpenFileName(
            self,
            self.tr("Open CSV file"),
            str(self._file.path.parent) if self._file is not None else "",
            self.tr("CSV files (*.csv *.txt);;All files (*)"),
        )
        if path:
            self.load_file(path)

    def load_file(self, path: str | Path) -> None:
        """Read ``path`` on the worker thread and show every row with its verdict."""
        if self._saving:
            return
        path = Path(path)
        self.tabs.setCurrentIndex(Mode.FILE)
        self._file, self._file_problem, self._file_queued = None, None, False
        self._reading = path.name
        self._outcome = None
        self.file_label.setText(path.name)
        self.file_model.set_rows([])
        self._show_file_problem()
        self._update_state()

        def read() -> CsvFile | FileProblem:
            return read_csv_file(path, now=self._clock.now(), rules=load_rules(self._db))

        self._worker.submit(read, self._on_file_read, self._on_file_error, owner=self)

    def queue(self) -> bool:
        """Queue every row if every row is OK; True when the save was started."""
        state = self._state()
        if not state.enabled:
            return False
        mode = self.mode()
        if mode is Mode.FILE:
            assert self._file is not None
            job = self._file_job(self._file.text)
        else:
            schedule = self.schedule_picker.value()  # "now" is this very moment
            body = self.body_editor.cleaned_body()
            if not isinstance(schedule, ScheduleChoice) or body is None:
                self._update_state()
                return False
            receivers = [row.receiver for row in self.list_model.rows() if row.counted]
            job = self._list_job([r for r in receivers if r is not None], body, schedule)
        self._saving = True
        self._outcome = None
        self.tabs.setEnabled(False)  # nothing changes under a save
        self._update_state()
        self._worker.submit(
            job,
            lambda result: self._on_saved(mode, result),
            lambda error: self._on_save_error(mode, error),
            owner=self,
        )
        return True

    # --- Qt -------------------------------------------------------------------------------

    def reject(self) -> None:
        # Closing during a save would hide whether it worked; it takes a moment at most.
        if not self._saving:
            super().reject()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self._retranslate()
            self._show_file_problem()
            self._update_state()
        super().changeEvent(event)

    def _retranslate(self) -> None:
        self.setWindowTitle(self.tr("Send to many"))
        self.tabs.setTabText(Mode.FILE, self.tr("From a CSV file"))
        self.tabs.setTabText(Mode.LIST, self.tr("Same text to a list"))
        self.open_button.setText(self.tr("&Open CSV file…"))
        if self._file is None and self._reading is None and self._file_problem is None:
            self.file_label.setText(self.tr("No file opened yet."))
        self.file_help.setText(
            self.tr(
                "One message per row: the mobile number, the message, and if it should wait, "
                "the time as YYYY-MM-DD HH:MM. Save the sheet from the spreadsheet as "
                "“CSV UTF-8”."
            )
        )
        self.numbers_label.setText(self.tr("&Numbers, one per line:"))
        self.numbers_edit.setPlaceholderText(self.tr("Paste a column of numbers here"))
        self.message_label.setText(self.tr("&Message:"))
        self.when_label.setText(self.tr("&When:"))
        self.close_button.setText(self.tr("Close"))
        shortcut = QKeySequence("Ctrl+Return").toString(QKeySequence.SequenceFormat.NativeText)
        self.queue_button.setToolTip(
            self.tr("Put every message in the outbox at once ({shortcut})").format(
                shortcut=shortcut
            )
        )
        self.file_model.retranslate()
        self.list_model.retranslate()

    # --- reading ----------------------------------------------------------------------------

    def _read_settings(self) -> tuple[DeskRules, QuietHours | None]:
        return load_rules(self._db), quiet_hours(self._db)

    def _on_settings(self, result: tuple[DeskRules, QuietHours | None]) -> None:
        rules, quiet = result
        self._rules = rules
        self.schedule_picker.set_zone(rules.zone.key)
        self.schedule_picker.set_grace(rules.grace)
        if quiet is not None:
            self.schedule_picker.set_quiet_hours(quiet)
        self.body_editor.set_max_parts(rules.max_parts, rules.max_chars)
        self._check_list()
        self.loaded.emit()

    def _on_settings_error(self, error: BaseException) -> None:
        # The defaults still work, and reading a file or queueing reads the settings again
        # and says plainly if the database is the problem.
        log.warning("desk settings could not be read", exc_info=error)
        self.loaded.emit()

    def _on_file_read(self, found: CsvFile | FileProblem) -> None:
        self._reading = None
        if isinstance(found, FileProblem):
            self._file_problem = found
        else:
            self._file = found
            self.file_model.set_rows(found.rows, found.zone)
        self._show_file_problem()
        self._update_state()
        self.file_checked.emit()

    def _on_file_error(self, error: BaseException) -> None:
        self._reading = None
        self._file_problem = error
        self._show_file_problem()
        self._update_state()
        self.file_checked.emit()

    def _show_file_problem(self) -> None:
        problem = self._file_problem
        if self._reading is not None:
            self.file_hint.show_hint(
                self.tr("Reading “{name}”…").format(name=self._reading), Tone.NEUTRAL
            )
        elif isinstance(problem, FileProblem):
            self.file_hint.show_hint(self._file_problem_text(problem), Tone.ERROR)
        elif problem is not None:
            self.file_hint.show_hint(self._error_text(problem), Tone.ERROR)
        else:
            self.file_hint.show_hint("", Tone.NEUTRAL)

    def _file_problem_text(self, problem: FileProblem) -> str:
        save_as = self.tr(
            "Save it from the spreadsheet as “CSV UTF-8” (Save As, then pick that file type) "
            "and open the new file here."
        )
        name = problem.name
        if problem.kind == "missing":
            return self.tr(
                "“{name}” could not be found. It may have been moved or renamed; open it again "
                "from where it is now."
            ).format(name=name)
        if problem.kind == "unreadable":
            return self.tr(
                "“{name}” could not be read ({reason}). If it is open in the spreadsheet, close "
                "it there and try again."
            ).format(name=name, reason=problem.reason)
        if problem.kind == "binary":
            return (
                self.tr(
                    "“{name}” is not a CSV file: it looks like a spreadsheet or another kind of "
                    "document."
                ).format(name=name)
                + " "
                + save_as
            )
        if problem.kind == "not_utf8":
            return (
                self.tr(
                    "“{name}” is not saved as UTF-8 text, so letters such as å, ä and ö would "
                    "come out wrong."
                ).format(name=name)
                + " "
                + save_as
            )
        assert problem.error is not None
        return self.tr("“{name}” cannot be used: {reason}").format(
            name=name, reason=describe(problem.error)
        )

    def _check_list(self) -> None:
        self._list_timer.stop()
        if self._outcome is not None and self._outcome[0] is Mode.LIST:
            self._outcome = None  # a new list: "Queued 12 messages" was about the last one
        self.list_model.set_rows(
            rows_from_list(self.numbers_edit.toPlainText(), self._rules.region)
        )
        self._update_state()

    # --- saving -----------------------------------------------------------------------------

    def _file_job(self, text: str) -> Callable[[], int | list[BulkRow]]:
        def job() -> int | list[BulkRow]:
            rules, now = load_rules(self._db), self._clock.now()
            # Checked again at this moment: a row due "in 5 minutes" may have passed while
            # the dialog stood open. Anything no longer OK is shown, and nothing is queued.
            rows = rows_from_csv(read_csv(text, now=now, rules=rules))
            if not all(row.ok for row in rows):
                return rows
            user, batch = desk_user(self._db), uuid.uuid4().hex
            news = [
                repo.NewMessage.from_draft(row.draft, created_by=user, batch_id=batch)
                for row in rows
                if row.draft is not None
            ]
            return len(repo.enqueue_many(self._db, news, now=now, actor_kind="imported"))

        return job

    def _list_job(
        self, receivers: list[str], body: str, schedule: ScheduleChoice
    ) -> Callable[[], int]:
        def job() -> int:
            user, batch = desk_user(self._db), uuid.uuid4().hex
            news = [
                repo.NewMessage(
                    receiver=receiver,
                    body=body,
                    due_at=schedule.due_at,
                    no_later_than=schedule.no_later_than,
                    created_by=user,
                    batch_id=batch,
                    send_anyway=schedule.send_anyway,
                )
                for receiver in receivers
            ]
            return len(repo.enqueue_many(self._db, news, now=self._clock.now()))

        return job

    def _on_saved(self, mode: Mode, result: int | list[BulkRow]) -> None:
        self._saving = False
        self.tabs.setEnabled(True)
        if isinstance(result, list):
            assert self._file is not None
            self._file = CsvFile(self._file.path, self._file.text, result, self._file.zone)
            self.file_model.set_rows(result, self._file.zone)
            self._outcome = (
                mode,
                Tone.ERROR,
                lambda: self.tr(
                    "Nothing was queued: some rows are no longer OK (a time may have passed "
                    "while the window was open). They are marked in red."
                ),
            )
            self._update_state()
            return
        count = result
        if mode is Mode.FILE:
            self._file_queued = True
            self.file_model.mark_queued()
        else:
            self.numbers_edit.blockSignals(True)
            self.numbers_edit.clear()  # the list is done; a second click cannot repeat it
            self.numbers_edit.blockSignals(False)
            self.list_model.set_rows([])
        self._outcome = (mode, Tone.OK, lambda: self._queued_text(count))
        self._update_state()
        self.queued.emit(count)

    def _on_save_error(self, mode: Mode, error: BaseException) -> None:
        self._saving = False
        self.tabs.setEnabled(True)
        # One transaction: when it fails, none of the rows is in the outbox.
        self._outcome = (mode, Tone.ERROR, lambda: self._not_queued_text(error))
        self._update_state()
        self.queue_failed.emit(self._not_queued_text(error))

    # --- what the dialog says -------------------------------------------------------------

    def _error_text(self, error: BaseException) -> str:
        if isinstance(error, DomainError):
            return describe(error)
        return self.tr("Something unexpected went wrong ({error}).").format(error=error)

    def _not_queued_text(self, error: BaseException) -> str:
        return self.tr(
            "Nothing was queued: {reason} The rows are still here; queue them again once that "
            "is sorted out."
        ).format(reason=self._error_text(error))

    def _queued_text(self, count: int) -> str:
        if count == 1:
            return self.tr("Queued 1 message. It is in the outbox now.")
        return self.tr("Queued {count} messages. They are in the outbox now.").format(count=count)

    def _button_text(self, count: int) -> str:
        if count == 0:
            return self.tr("Queue messages")
        if count == 1:
            return self.tr("Queue 1 message")
        return self.tr("Queue {count} messages").format(count=count)

    def _summary_text(self, rows: list[BulkRow]) -> str:
        if not rows:
            return ""
        bad = sum(1 for row in rows if not row.ok)
        ready = sum(1 for row in rows if row.counted)
        if bad == 0:
            text = (
                self.tr("1 message is ready.")
                if ready == 1
                else self.tr("All {count} messages are ready.").format(count=ready)
            )
        elif bad == 1:
            text = self.tr("{ready} ready, 1 needs fixing.").format(ready=ready)
        else:
            text = self.tr("{ready} ready, {bad} need fixing.").format(ready=ready, bad=bad)
        repeated = sum(1 for row in rows if row.duplicate_of is not None)
        if repeated == 1:
            text += " " + self.tr("1 number is in the list twice; it gets the message once.")
        elif repeated:
            text += " " + self.tr(
                "{count} numbers are in the list more than once; each gets the message once."
            ).format(count=repeated)
        return text

    def _state(self) -> _State:
        if self.mode() is Mode.FILE:
            return self._file_state()
        return self._list_state()

    def _file_state(self) -> _State:
        rows = self.file_model.rows()
        count = sum(1 for row in rows if row.counted) if rows else 0
        summary = self._summary_text(rows)
        button = self._button_text(len(rows))
        if self._saving:
            return _State(summary, self.tr("Saving to the outbox…"), Tone.NEUTRAL, button, False)
        if self._reading is not None or self._file_problem is not None:
            return _State("", "", Tone.NEUTRAL, self._button_text(0), False)
        if self._file is None:
            return _State(
                "",
                self.tr("Open a CSV file to see its rows before anything is queued."),
                Tone.NEUTRAL,
                button,
                False,
            )
        if self._file_queued:
            # The status line says "Queued 12 messages"; "12 ready" beside it would confuse.
            return _State("", "", Tone.NEUTRAL, self._button_text(0), False)
        if count < len(rows):
            return _State(
                summary,
                self.tr(
                    "Nothing is queued until every row is OK. Fix the rows marked in red in "
                    "the spreadsheet, save it again as “CSV UTF-8” and open it here."
                ),
                Tone.WARNING,
                button,
                False,
            )
        return _State(
            summary,
            self.tr("Check the rows, then queue them all at once."),
            Tone.NEUTRAL,
            button,
            True,
        )

    def _list_state(self) -> _State:
        rows = self.list_model.rows()
        count = sum(1 for row in rows if row.counted)
        summary = self._summary_text(rows)
        button = self._button_text(count)
        if self._saving:
            return _State(summary, self.tr("Saving to the outbox…"), Tone.NEUTRAL, button, False)
        if not rows:
            return _State(
                "",
                self.tr("Paste or type the numbers, one per line."),
                Tone.NEUTRAL,
                button,
                False,
            )
        if any(not row.ok for row in rows):
            return _State(
                summary,
                self.tr(
                    "Nothing is queued until every number is OK. Correct or remove the "
                    "numbers marked in red."
                ),
                Tone.WARNING,
                button,
                False,
            )
        for part in (self.body_editor, self.schedule_picker):
            problem = part.problem()
            if problem:
                return _State(
                    summary, part.problem_summary() or problem, Tone.WARNING, button, False
                )
        return _State(
            summary,
            self.tr("Check the list, then queue them all at once."),
            Tone.NEUTRAL,
            button,
            True,
        )

    def _update_state(self) -> None:
        state = self._state()
        self.summary.setText(state.summary)
        self.summary.setVisible(bool(state.summary))
        self.queue_button.setText(state.button)
        # Room for the longest wording ("Lägg 12 meddelanden i kö") with the style's padding.
        text_width = self.queue_button.fontMetrics().horizontalAdvance(state.button)
        self.queue_button.setMinimumWidth(max(160, text_width + 40))
        self.queue_button.setEnabled(state.enabled)
        outcome = self._outcome
        if outcome is not None and outcome[0] is self.mode() and not self._saving:
            self.status.show_hint(outcome[2](), outcome[1])
        else:
            self.status.show_hint(state.status, state.tone)


__all__ = [
    "BulkDialog",
    "BulkRow",
    "BulkRowsModel",
    "Column",
    "CsvFile",
    "FileProblem",
    "Mode",
    "read_csv_file",
    "rows_from_csv",
    "rows_from_list",
]
