"""The message log as a Qt table model: newest first, loaded a page at a time.

Never the whole table: the model holds the rows the user has scrolled through ("the
window"), asks the repository for the next page (keyset, 100 rows) when the view reaches
the end, and does every read on the DbWorker thread so a busy database never freezes the
window.

``refresh()`` keeps the view live while the engine works: it re-reads the loaded window
(down to the oldest row already shown) and applies the difference as row removals, row
inserts and dataChanged, keyed by message id. Because nothing is reset, Qt's persistent
indexes (the selection, the current row) follow their messages; the view keeps the scroll
position on top of that (see LogView).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from enum import IntEnum
from functools import lru_cache
from typing import Any
from zoneinfo import ZoneInfo

import phonenumbers
from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
)

from desktop.domain.i18n import QT_TRANSLATE_NOOP
from desktop.domain.status import Status
from desktop.domain.timerules import DEFAULT_ZONE, load_zone, utc_to_local
from desktop.storage import repository as repo
from desktop.storage.database import Database
from desktop.ui.db_worker import DbWorker
from desktop.ui.status_display import status_explanation, status_icon, status_label

_CONTEXT = "MessageLogModel"

PAGE_SIZE = 100
# A refresh re-reads the whole loaded window; bigger pages mean fewer round trips.
_WINDOW_PAGE_SIZE = 500
_PREVIEW_CHARS = 70

MessageIdRole = Qt.ItemDataRole.UserRole + 1
StatusRole = Qt.ItemDataRole.UserRole + 2
MessageRowRole = Qt.ItemDataRole.UserRole + 3

AnyIndex = QModelIndex | QPersistentModelIndex


class Column(IntEnum):
    STATUS = 0
    RECEIVER = 1
    BODY = 2
    DUE = 3
    SENT = 4
    ATTEMPTS = 5
    ERROR = 6
    ORIGIN = 7


_HEADERS: dict[Column, str] = {
    Column.STATUS: QT_TRANSLATE_NOOP("MessageLogModel", "Status"),
    Column.RECEIVER: QT_TRANSLATE_NOOP("MessageLogModel", "To"),
    Column.BODY: QT_TRANSLATE_NOOP("MessageLogModel", "Message"),
    Column.DUE: QT_TRANSLATE_NOOP("MessageLogModel", "Due"),
    Column.SENT: QT_TRANSLATE_NOOP("MessageLogModel", "Sent"),
    Column.ATTEMPTS: QT_TRANSLATE_NOOP("MessageLogModel", "Tries"),
    Column.ERROR: QT_TRANSLATE_NOOP("MessageLogModel", "Last error"),
    Column.ORIGIN: QT_TRANSLATE_NOOP("MessageLogModel", "From"),
}

_HEADER_TIPS: dict[Column, str] = {
    Column.DUE: QT_TRANSLATE_NOOP("MessageLogModel", "When the message is to be sent"),
    Column.SENT: QT_TRANSLATE_NOOP("MessageLogModel", "When BokaMera accepted the message"),
    Column.ATTEMPTS: QT_TRANSLATE_NOOP("MessageLogModel", "How many times sending was tried"),
    Column.ORIGIN: QT_TRANSLATE_NOOP(
        "MessageLogModel", "Written at this desk, or found in BokaMera's log (sent elsewhere)"
    ),
}


def tr(text: str) -> str:
    """Translate a text marked with QT_TRANSLATE_NOOP("MessageLogModel", ...) above.

    Literal texts are written as QCoreApplication.translate("MessageLogModel", "...") at
    their call: lupdate cannot see a string passed through this function.
    """
    return QCoreApplication.translate(_CONTEXT, text)


# --- formatting shared with the details dialog and the attention list ---------------------


@lru_cache(maxsize=4096)
def format_receiver(receiver: str) -> str:
    """ "+46701234567" -> "+46 70 123 45 67"; anything unparsable is shown as stored."""
    try:
        number = phonenumbers.parse(receiver, None)
    except phonenumbers.NumberParseException:
        return receiver
    if not phonenumbers.is_possible_number(number):
        return receiver
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL)


def format_local(instant: datetime | None, zone: ZoneInfo, *, seconds: bool = False) -> str:
    """An aware UTC instant as desk-local wall time, "2026-03-02 09:00"; "" for none.

    ISO order is unambiguous for every reader and is what Swedish speakers write anyway.
    """
    if instant is None:
        return ""
    local = utc_to_local(instant, zone)
    return local.strftime("%Y-%m-%d %H:%M:%S" if seconds else "%Y-%m-%d %H:%M")


def origin_label(origin: str) -> str:
    if origin == "desk":
        return QCoreApplication.translate("MessageLogModel", "This desk")
    return QCoreApplication.translate("MessageLogModel", "Elsewhere")


def body_preview(body: str, limit: int = _PREVIEW_CHARS) -> str:
    """The first non-empty line, cut with an ellipsis when there is more to the message."""
    lines = [line.strip() for line in body.splitlines() if line.strip()]
    if not lines:
        return ""
    first = " ".join(lines[0].split())
    if len(first) > limit:
        return first[: limit - 1].rstrip() + "…"
    return first + (" …" if len(lines) > 1 else "")


def _key(row: repo.MessageRow) -> tuple[datetime, int]:
    """The log's sort key (newest first means descending on this)."""
    return (row.due_at, row.id)


def _ranges(indexes: Iterable[int]) -> list[tuple[int, int]]:
    """[1, 2, 3, 7, 8] -> [(1, 3), (7, 8)] for sorted input."""
    out: list[tuple[int, int]] = []
    for i in indexes:
        if out and out[-1][1] == i - 1:
            out[-1] = (out[-1][0], i)
        else:
            out.append((i, i))
    return out


@dataclass(frozen=True)
class _Window:
    rows: list[repo.MessageRow]
    exhausted: bool
    total: int | None


def empty_filter() -> repo.LogFilter:
    return repo.LogFilter(
        statuses=None, receiver=None, text=None, since=None, until=None, origin=None
    )


class MessageLogModel(QAbstractTableModel):
    """Newest-first message log with lazy keyset paging and live, in-place refresh."""

    totalChanged = Signal(int)
    loadingChanged = Signal(bool)
    loadFailed = Signal(str)
    # Around a refresh's row changes, so a view can hold its scroll position steady.
    changesAboutToApply = Signal()
    changesApplied = Signal()
    # After a page was appended by fetchMore (the number of rows added).
    pageLoaded = Signal(int)

    def __init__(
        self,
        db: Database,
        worker: DbWorker,
        *,
        zone: ZoneInfo | None = None,
        page_size: int = PAGE_SIZE,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._db = db
        self._worker = worker
        self._zone = zone or load_zone(DEFAULT_ZONE)
        self._page_size = page_size
        self._filter = empty_filter()
        self._rows: list[repo.MessageRow] = []
        self._row_of_id: dict[int, int] = {}
        self._exhausted = False
        self._failed = False
        self._total: int | None = None
        self._job: object | None = None  # token of the one read in flight
        self._refresh_wanted = False
        self._start_first_page()

    # --- public API ----------------------------------------------------------------------

    @property
    def zone(self) -> ZoneInfo:
        return self._zone

    def filter(self) -> repo.LogFilter:
        return self._filter

    def set_filter(self, flt: repo.LogFilter) -> None:
        """Show only what ``flt`` matches, from the newest message again."""
        if flt == self._filter:
            return
        self._filter = flt
        self.reload()

    def reload(self) -> None:
        """Forget the loaded rows and load the first page again (a new filter)."""
        self.beginResetModel()
        self._rows = []
        self._row_of_id = {}
        self._exhausted = False
        self._failed = False
        self._refresh_wanted = False
        self._job = None  # whatever is in flight now belongs to the old filter
        self.endResetModel()
        self._start_first_page()

    def refresh(self) -> None:
        """Re-read the loaded window and apply what changed, keeping selection and scroll.

        Calls while a read is in flight are folded into one refresh after it.
        """
        if self._job is not None:
            self._refresh_wanted = True
            return
        if not self._rows and not self._exhausted:
            self._start_first_page()
            return
        # Down to the oldest row shown; everything when the log is fully loaded, so rows
        # that now sort below it (an older message found elsewhere) are not missed.
        boundary = None if self._exhausted else _key(self._rows[-1])
        db, flt, size = self._db, self._filter, _WINDOW_PAGE_SIZE
        self._run(lambda: _load_window(db, flt, boundary, size), self._apply_window)

    def row_message(self, row: int) -> repo.MessageRow:
        return self._rows[row]

    def row_for_id(self, message_id: int) -> int | None:
        return self._row_of_id.get(message_id)

    def total(self) -> int | None:
        """How many messages match the filter (None until first counted)."""
        return self._total

    def is_loading(self) -> bool:
        return self._job is not None

    def is_fully_loaded(self) -> bool:
        return self._exhausted

    # --- Qt model API ----------------------------------------------------------------------

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(Column)

    def canFetchMore(self, parent: AnyIndex) -> bool:
        return not parent.isValid() and not self._exhausted and not self._failed

    def fetchMore(self, parent: AnyIndex) -> None:
        if parent.isValid() or self._exhausted or self._failed:
            return
        if self._job is not None:
            # A page or refresh is on its way; the view asks again once rows arrive.
            return
        if not self._rows:
            self._start_first_page()
            return
        after = repo.Cursor(due_at=self._rows[-1].due_at, id=self._rows[-1].id)
        db, flt, size = self._db, self._filter, self._page_size
        self._run(lambda: repo.log_page(db, flt, after=after, limit=size), self._append_page)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(Column):
            return None
        column = Column(section)
        if role == Qt.ItemDataRole.DisplayRole:
            return tr(_HEADERS[column])
        if role == Qt.ItemDataRole.ToolTipRole and column in _HEADER_TIPS:
            return tr(_HEADER_TIPS[column])
        if role == Qt.ItemDataRole.TextAlignmentRole and column == Column.ATTEMPTS:
            return int(Qt.AlignmentFlag.AlignCenter)  # over its centred numbers
        return None

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row = self._rows[index.row()]
        column = Column(index.column())
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(row, column)
        if role == Qt.ItemDataRole.DecorationRole and column == Column.STATUS:
            return status_icon(row.status)
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(row, column)
        if role == Qt.ItemDataRole.TextAlignmentRole and column == Column.ATTEMPTS:
            # Centred: a right-aligned count would touch the error text beside it.
            return int(Qt.AlignmentFlag.AlignCenter)
        if role == MessageIdRole:
            return row.id
        if role == StatusRole:
            return row.status
        if role == MessageRowRole:
            return row
        return None

    # --- cell contents -----------------------------------------------------------------------

    def _display(self, row: repo.MessageRow, column: Column) -> str:
        match column:
            case Column.STATUS:
                return status_label(row.status)
            case Column.RECEIVER:
                return format_receiver(row.receiver)
            case Column.BODY:
                return body_preview(row.body)
            case Column.DUE:
                return format_local(row.due_at, self._zone)
            case Column.SENT:
                return format_local(row.sent_at, self._zone)
            case Column.ATTEMPTS:
                return str(row.attempts) if row.attempts else ""
            case Column.ERROR:
                return (row.last_error or "").split("\n", 1)[0]
            case Column.ORIGIN:
                return origin_label(row.origin)

    def _tooltip(self, row: repo.MessageRow, column: Column) -> str | None:
        match column:
            case Column.STATUS:
                return status_explanation(row.status)
            case Column.BODY:
                return row.body
            case Column.ERROR:
                return row.last_error or None
            case Column.DUE if row.no_later_than is not None:
                return QCoreApplication.translate(
                    "MessageLogModel", "Not sent after {time}"
                ).format(time=format_local(row.no_later_than, self._zone))
            case Column.DUE if row.status == Status.RETRY_WAIT and row.next_attempt_at:
                return QCoreApplication.translate("MessageLogModel", "Next try at {time}").format(
                    time=format_local(row.next_attempt_at, self._zone)
                )
        return None

    # --- loading ------------------------------------------------------------------------------

    def _start_first_page(self) -> None:
        db, flt, size = self._db, self._filter, self._page_size

        def work() -> _Window:
            page = repo.log_page(db, flt, limit=size)
            return _Window(
                rows=list(page.rows),
                exhausted=page.next_cursor is None or len(page.rows) < size,
                total=repo.log_count(db, flt),
            )

        self._run(work, self._apply_window)

    def _run(self, work: Any, on_done: Any) -> None:
        token = object()
        self._job = token

        def done(result: Any) -> None:
            if self._job is not token:
                return  # the filter changed while this was read
            self._job = None
            on_done(result)
            self.loadingChanged.emit(self._job is not None)
            self._after_job()

        def failed(error: BaseException) -> None:
            if self._job is not token:
                return
            self._job = None
            # No more automatic fetching until the next refresh or filter: the view
            # would otherwise ask again at once and spin on a broken database.
            self._failed = True
            self.loadingChanged.emit(False)
            self.loadFailed.emit(str(error) or type(error).__name__)

        self._worker.submit(work, done, failed, owner=self)
        self.loadingChanged.emit(True)

    def _after_job(self) -> None:
        if self._refresh_wanted and self._job is None:
            self._refresh_wanted = False
            self.refresh()

    def _append_page(self, page: repo.LogPage) -> None:
        known = self._row_of_id
        rows = [r for r in page.rows if r.id not in known]
        if rows:
            first = len(self._rows)
            self.beginInsertRows(QModelIndex(), first, first + len(rows) - 1)
            self._rows.extend(rows)
            for offset, r in enumerate(rows):
                self._row_of_id[r.id] = first + offset
            self.endInsertRows()
        if page.next_cursor is None or len(page.rows) < self._page_size:
            self._exhausted = True
        self.pageLoaded.emit(len(rows))

    def _apply_window(self, window: _Window) -> None:
        self._failed = False
        self.changesAboutToApply.emit()
        self._merge(window.rows)
        self._exhausted = window.exhausted
        self._row_of_id = {r.id: i for i, r in enumerate(self._rows)}
        self.changesApplied.emit()
        if window.total is not None and window.total != self._total:
            self._total = window.total
            self.totalChanged.emit(window.total)

    def _merge(self, new: Sequence[repo.MessageRow]) -> None:
        """Turn the loaded rows into ``new`` with removes, inserts and dataChanged only.

        Rows are matched by id. A row whose sort key changed (an edit moved its due time)
        is removed and inserted at its new place. After the removals the remaining rows
        are an ordered subsequence of ``new``, so one walk finds every insert.
        """
        new_by_id = {r.id: r for r in new}
        doomed = [
            i
            for i, old in enumerate(self._rows)
            if (fresh := new_by_id.get(old.id)) is None or _key(fresh) != _key(old)
        ]
        for first, last in reversed(_ranges(doomed)):
            self.beginRemoveRows(QModelIndex(), first, last)
            del self._rows[first : last + 1]
            self.endRemoveRows()

        i = 0
        while i < len(new):
            if i < len(self._rows) and self._rows[i].id == new[i].id:
                i += 1
                continue
            next_kept = self._rows[i].id if i < len(self._rows) else None
            j = i
            while j < len(new) and new[j].id != next_kept:
                j += 1
            self.beginInsertRows(QModelIndex(), i, j - 1)
            self._rows[i:i] = new[i:j]
            self.endInsertRows()
            i = j

        changed = [
            i for i, (old, fresh) in enumerate(zip(self._rows, new, strict=True)) if old != fresh
        ]
        for first, last in _ranges(changed):
            self._rows[first : last + 1] = new[first : last + 1]
            self.dataChanged.emit(self.index(first, 0), self.index(last, len(Column) - 1))


def _load_window(
    db: Database,
    flt: repo.LogFilter,
    boundary: tuple[datetime, int] | None,
    page_size: int,
) -> _Window:
    """Every row from the newest down to ``boundary`` (inclusive); all rows if None.

    Runs on the database thread.
    """
    rows: list[repo.MessageRow] = []
    after: repo.Cursor | None = None
    while True:
        page = repo.log_page(db, flt, after=after, limit=page_size)
        for row in page.rows:
            if boundary is not None and _key(row) < boundary:
                # Rows go on below the window: there is more to fetch.
                return _Window(rows=rows, exhausted=False, total=repo.log_count(db, flt))
            rows.append(row)
        if page.next_cursor is None or len(page.rows) < page_size:
            return _Window(rows=rows, exhausted=True, total=repo.log_count(db, flt))
        after = page.next_cursor


__all__ = [
    "PAGE_SIZE",
    "Column",
    "MessageIdRole",
    "MessageLogModel",
    "MessageRowRole",
    "StatusRole",
    "body_preview",
    "empty_filter",
    "format_local",
    "format_receiver",
    "origin_label",
]
