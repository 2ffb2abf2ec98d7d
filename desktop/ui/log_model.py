"""The message log as a Qt table model: newest first, loaded a page at a time.

Never the whole table: the model holds the rows the user has scrolled through ("the
window"), asks the repository for the next page (keyset, 100 rows) when the view reaches
the end, and does every read on the DbWorker thread so a busy database never freezes the
window.

``refresh()`` keeps the view live while the engine works, without re-reading everything
loaded (a refresh per engine burst over thousands of loaded rows kept the database thread
busy and the GUI thread waiting for the GIL). It re-reads two spans of the log:

- the head, the newest PAGE_SIZE rows, so new messages appear at the top;
- the rows on screen, with a margin above and below (the view reports them through
  ``set_visible_rows``).

Each span is a range of sort keys, read with one keyset query and a cap on the rows it
may return, and applied as row removals, row inserts and dataChanged, keyed by message id.
Because nothing is reset, Qt's persistent indexes (the selection, the current row) follow
their messages; the view keeps the scroll position on top of that (see LogView).

Rows outside both spans may be out of date. After a refresh they count as stale, and when
the view scrolls stale rows into sight they are re-read (a short throttle later), so what
the user looks at is never older than that. A row read anywhere is the truth: an older copy
of it elsewhere (its due time was edited) is removed. When a span holds more new rows than
its cap, the rows below what was read are kept and a gap is noted after the last row read;
the gap is filled like stale rows, when it comes into sight.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
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
    QModelRoleDataSpan,
    QObject,
    QPersistentModelIndex,
    Qt,
    QTimer,
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
# Rows re-read above and below the visible ones, so a short scroll after a refresh shows
# rows as fresh as those that were on screen.
MARGIN_ROWS = 40
# How soon stale rows scrolled into sight are re-read. A throttle, not a debounce: while
# the user keeps scrolling through stale rows they are still brought up to date.
STALE_CHECK_MS = 100
# The rows a read brings onto the screen are formatted on the database thread (row_texts):
# the first paint of new rows then only looks their texts up. Under a drain that paint
# waits for the GIL at every cell, so its own work there is worth moving (bench figure
# stall.drain_10k). A few rows below the screen too (new rows push it down), not a page:
# each row costs some 60 µs, mostly the phone number's formatting.
SCREEN_ROWS_MAX = 60
SCREEN_MARGIN = 10
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


_COLUMNS = len(Column)
_STATUS, _ATTEMPTS, _ORIGIN = int(Column.STATUS), int(Column.ATTEMPTS), int(Column.ORIGIN)
_DISPLAY = int(Qt.ItemDataRole.DisplayRole)
_DECORATION = int(Qt.ItemDataRole.DecorationRole)
_ALIGNMENT = int(Qt.ItemDataRole.TextAlignmentRole)
_TOOLTIP = int(Qt.ItemDataRole.ToolTipRole)
_CENTRED = int(Qt.AlignmentFlag.AlignCenter)

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


def row_texts(row: repo.MessageRow, zone: ZoneInfo) -> tuple[str, ...]:
    """The row's cells that read the same in every language, by column (status and origin
    are translated as they are shown, so a change of language shows). Pure Python: the
    database thread formats the rows about to be painted (MessageLogModel._start)."""
    return (
        "",
        format_receiver(row.receiver),
        body_preview(row.body),
        format_local(row.due_at, zone),
        format_local(row.sent_at, zone),
        str(row.attempts) if row.attempts else "",
        (row.last_error or "").split("\n", 1)[0],
        "",
    )


Key = tuple[datetime, int]


def _key(row: repo.MessageRow) -> Key:
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
class _Span:
    """A stretch of the log to read: keys below ``upper`` (None: from the newest) down to
    and including ``lower`` (None: to the end of the log), at most ``cap`` rows."""

    upper: Key | None
    lower: Key | None
    cap: int


@dataclass(frozen=True)
class _Read:
    """What a span held: ``rows`` are every row with a key below ``upper`` down to and
    including ``bottom`` (None: the log ends after them). ``capped``: the cap was reached
    above the span's lower end, so rows below ``bottom`` were not read."""

    upper: Key | None
    bottom: Key | None
    rows: list[repo.MessageRow]
    capped: bool


@dataclass(frozen=True)
class _Result:
    reads: list[_Read]
    total: int | None
    # row_texts() of the rows read that land on screen, formatted on the database thread.
    texts: list[tuple[repo.MessageRow, tuple[str, ...]]] = field(default_factory=list)


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
        # Sorted newest first by the key each row had when it was read.
        self._rows: list[repo.MessageRow] = []
        # id -> that key: finds a row by bisection, and needs no renumbering when rows are
        # inserted above it (a dict of row numbers cost a pass over every loaded row).
        self._keys: dict[int, Key] = {}
        # Ids read since the outbox last changed (the last refresh); the rest are stale.
        self._fresh: set[int] = set()
        # Ids of rows after which the log may hold rows that are not loaded (see the module
        # docstring). Never the last row: after it, that is ``not _exhausted``.
        self._gap_after: set[int] = set()
        self._visible = (0, 0)  # first and last row on screen, as the view last said
        self._text_cache: dict[int, tuple[repo.MessageRow, tuple[str, ...]]] = {}
        self._exhausted = False
        self._failed = False
        self._total: int | None = None
        self._job: object | None = None  # token of the one read in flight
        self._paging = False  # that read is a page for fetchMore
        self._refresh_wanted = False
        self._fetch_wanted = False
        self._stale_timer = QTimer(self)
        self._stale_timer.setSingleShot(True)
        self._stale_timer.setInterval(STALE_CHECK_MS)
        self._stale_timer.timeout.connect(self._refresh_visible)
        self._start(self._head_and_visible(), count=True)

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
        self._keys = {}
        self._fresh = set()
        self._gap_after = set()
        self._text_cache = {}
        self._exhausted = False
        self._failed = False
        self._refresh_wanted = False
        self._fetch_wanted = False
        self._stale_timer.stop()
        self._job = None  # whatever is in flight now belongs to the old filter
        self.endResetModel()
        self._start(self._head_and_visible(), count=True)

    def refresh(self) -> None:
        """The outbox changed: re-read the newest rows and those on screen, apply what
        changed (keeping selection and scroll), and count the rest as stale.

        Calls while a read is in flight are folded into one refresh after it.
        """
        if self._job is not None:
            self._refresh_wanted = True
            return
        self._fresh.clear()
        self._start(self._head_and_visible(), count=True)

    def set_visible_rows(self, first: int, last: int) -> None:
        """The view shows rows ``first`` to ``last``: what a refresh re-reads besides the
        head, and where stale rows are brought up to date."""
        self._visible = (first, last)
        if not self._stale_timer.isActive() and self._needs_reading(first, last):
            self._stale_timer.start()

    def is_fresh(self, row: int) -> bool:
        """Whether the row was read since the outbox last changed."""
        return self._rows[row].id in self._fresh

    def row_message(self, row: int) -> repo.MessageRow:
        return self._rows[row]

    def row_for_id(self, message_id: int) -> int | None:
        key = self._keys.get(message_id)
        if key is None:
            return None
        row = self._first_at_or_below(key)
        return row if row < len(self._rows) and self._rows[row].id == message_id else None

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
            # A page on its way: the view asks again once its rows are in, if it still
            # needs more. A refresh, though, may change no row, and then the view would
            # not ask again by itself: fetch after it.
            self._fetch_wanted = not self._paging
            return
        if not self._rows:
            self._start(self._head_and_visible(), count=True)
            return
        self._start([_Span(_key(self._rows[-1]), None, self._page_size)], count=False, page=True)

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

    # Painting asks for every visible cell's index and several roles. Each of those calls
    # from Qt into Python has to take the GIL, which the engine's and the database's
    # threads hold while they work: one call into Python per cell instead of about ten.
    # flags() is left to Qt (enabled and selectable, the default for a table), index()
    # answers without Qt asking rowCount() and columnCount() first, and multiData() fills
    # every role a delegate asks for at once.

    def index(self, row: int, column: int, parent: AnyIndex = QModelIndex()) -> QModelIndex:  # noqa: B008
        if parent.isValid() or not (0 <= row < len(self._rows) and 0 <= column < _COLUMNS):
            return QModelIndex()
        return self.createIndex(row, column)

    def multiData(self, index: AnyIndex, roleDataSpan: QModelRoleDataSpan) -> None:
        row = index.row()
        message = self._rows[row] if index.isValid() and 0 <= row < len(self._rows) else None
        column = index.column()
        for role_data in roleDataSpan:
            value = None if message is None else self._value(message, column, role_data.role())
            if value is None:
                role_data.clearData()
            else:
                role_data.setData(value)

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        return self._value(self._rows[index.row()], index.column(), role)

    def _value(self, row: repo.MessageRow, column: int, role: int) -> Any:
        # Plain ints, not Qt's enums: this runs for every role of every painted cell.
        if role == _DISPLAY:
            if column == _STATUS:
                return status_label(row.status)
            if column == _ORIGIN:
                return origin_label(row.origin)
            return self._texts(row)[column]
        if role == _DECORATION:
            return status_icon(row.status) if column == _STATUS else None
        if role == _ALIGNMENT:
            # Centred: a right-aligned count would touch the error text beside it.
            return _CENTRED if column == _ATTEMPTS else None
        if role == _TOOLTIP:
            return self._tooltip(row, Column(column))
        if role == MessageIdRole:
            return row.id
        if role == StatusRole:
            return row.status
        if role == MessageRowRole:
            return row
        return None

    # --- cell contents -----------------------------------------------------------------------

    def _texts(self, row: repo.MessageRow) -> tuple[str, ...]:
        """row_texts(), formatted once per row object: a repaint (hover, selection, a short
        scroll) only looks them up."""
        cached = self._text_cache.get(row.id)
        if cached is not None and cached[0] is row:
            return cached[1]
        texts = row_texts(row, self._zone)
        self._text_cache[row.id] = (row, texts)
        return texts

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

    def _head_and_visible(self) -> list[_Span]:
        """The spans a refresh reads: the head, and the rows on screen with a margin."""
        count = len(self._rows)
        if count == 0:
            return [_Span(None, None, self._page_size)]
        first, last = self._visible
        low = min(max(0, first - MARGIN_ROWS), count - 1)
        high = min(max(low, last + MARGIN_ROWS), count - 1)
        head_end = min(self._page_size, count) - 1
        if low <= head_end + 1:
            return [self._span(0, max(head_end, high))]
        return [self._span(0, head_end), self._span(low, high)]

    def _span(self, first: int, last: int) -> _Span:
        """Rows ``first`` to ``last`` as keys, with room for a page of new rows among them."""
        upper = _key(self._rows[first - 1]) if first > 0 else None
        # The last row of a fully loaded log: read to the end, so rows that now sort below
        # it (an older message found in BokaMera's log) are not missed.
        at_end = last == len(self._rows) - 1 and self._exhausted
        lower = None if at_end else _key(self._rows[last])
        return _Span(upper, lower, last - first + 1 + self._page_size)

    def _needs_reading(self, first: int, last: int) -> bool:
        """Whether any of these rows is stale or has a gap under it."""
        rows, fresh, gaps = self._rows, self._fresh, self._gap_after
        return any(
            rows[i].id not in fresh or rows[i].id in gaps
            for i in range(max(0, first), min(last, len(rows) - 1) + 1)
        )

    def _refresh_visible(self) -> None:
        """Re-read stale rows the user scrolled to (the throttle fired)."""
        first, last = self._visible
        if not self._rows or not self._needs_reading(first, last):
            return
        if self._job is not None:
            return  # _after_job looks again
        low = max(0, first - MARGIN_ROWS)
        high = min(len(self._rows) - 1, max(low, last + MARGIN_ROWS))
        self._start([self._span(low, high)], count=False)

    def _start(self, spans: list[_Span], *, count: bool, page: bool = False) -> None:
        db, flt = self._db, self._filter
        # The first read brings rows as a page does: the view asks again if it needs more.
        self._paging = page or not self._rows

        zone, on_screen = self._zone, self._screen_bounds()

        def work() -> _Result:
            reads = [_read_span(db, flt, span) for span in spans]
            texts = [(r, row_texts(r, zone)) for r in _rows_between(reads, *on_screen)]
            return _Result(reads, repo.log_count(db, flt) if count else None, texts)

        self._run(work, lambda result: self._apply(result, page=page))

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
            self._fetch_wanted = False
            self.loadingChanged.emit(False)
            self.loadFailed.emit(str(error) or type(error).__name__)

        self._worker.submit(work, done, failed, owner=self)
        self.loadingChanged.emit(True)

    def _screen_bounds(self) -> tuple[Key | None, Key | None, int]:
        """Which rows a read will bring onto the screen: keys below the first on screen
        (None: the top, where new rows arrive) down to a few rows below the last, at most
        how many."""
        first, last = self._visible
        rows = self._rows
        if not rows:
            return None, None, SCREEN_ROWS_MAX
        first = min(max(first, 0), len(rows) - 1)
        last = min(max(last, first), len(rows) - 1)
        upper = None if first == 0 else _key(rows[first - 1])
        lower = _key(rows[min(last + SCREEN_MARGIN, len(rows) - 1)])
        return upper, lower, min(last - first + 1 + SCREEN_MARGIN, SCREEN_ROWS_MAX)

    def _after_job(self) -> None:
        if self._job is not None:
            return
        if self._refresh_wanted:
            self._refresh_wanted = False
            self.refresh()
        elif self._fetch_wanted:
            self._fetch_wanted = False
            self.fetchMore(QModelIndex())
        elif self._needs_reading(*self._visible) and not self._stale_timer.isActive():
            self._stale_timer.start()

    def _apply(self, result: _Result, *, page: bool) -> None:
        self._failed = False
        before = len(self._rows)
        # Appending a page below the last row moves nothing on screen, unless a row it
        # brings was loaded higher up (its due time was edited) and is removed there.
        anchored = not page or any(r.id in self._keys for read in result.reads for r in read.rows)
        if anchored:
            self.changesAboutToApply.emit()
        for read in result.reads:
            self._apply_read(read)
        self._adopt_texts(result.texts)
        if anchored:
            self.changesApplied.emit()
        if page:
            self.pageLoaded.emit(len(self._rows) - before)
        if result.total is not None and result.total != self._total:
            self._total = result.total
            self.totalChanged.emit(result.total)

    def _adopt_texts(self, texts: list[tuple[repo.MessageRow, tuple[str, ...]]]) -> None:
        """Keep the texts the database thread formatted, for the row objects now shown: a
        row that did not change stays the object that was loaded before (_merge)."""
        for row, formatted in texts:
            at = self.row_for_id(row.id)
            if at is None:
                continue
            shown = self._rows[at]
            if shown is row or shown == row:
                self._text_cache[row.id] = (shown, formatted)

    def _apply_read(self, read: _Read) -> None:
        """Make the loaded rows between ``read.upper`` and ``read.bottom`` what was read."""
        self._drop_copies_elsewhere(read)
        rows = self._rows
        first = 0 if read.upper is None else self._first_below(read.upper)
        end = len(rows) if read.bottom is None else self._first_below(read.bottom)
        # Is part of the log just below the span unknown? Read up to a cap, or a gap that
        # was there before under the span's last row (or over it, when it had none).
        edge = end - 1 if end > first else first - 1
        gap_below = read.capped or (edge >= 0 and rows[edge].id in self._gap_after)
        if first > 0:
            self._gap_after.discard(rows[first - 1].id)
        for row in rows[first:end]:
            self._gap_after.discard(row.id)

        self._merge(first, end, read.rows)
        self._fresh.update(r.id for r in read.rows)

        end = first + len(read.rows)
        if read.bottom is None:
            self._exhausted = True
        elif end == len(rows):
            # Nothing loaded below the span, and the log goes on below it.
            self._exhausted = False
        elif gap_below and end > 0:
            self._gap_after.add(rows[end - 1].id)
        if rows and rows[-1].id in self._gap_after:
            # Rows removed under a gap: what may be missing is now after the last row.
            self._gap_after.discard(rows[-1].id)
            self._exhausted = False

    def _drop_copies_elsewhere(self, read: _Read) -> None:
        """A row read here that is loaded outside the span (its due time was edited) is
        removed there: the read is the truth, and a row must never show twice."""

        def outside(key: Key) -> bool:
            below = read.bottom is not None and key < read.bottom
            return below or (read.upper is not None and key >= read.upper)

        doomed = sorted(
            row
            for r in read.rows
            if (key := self._keys.get(r.id)) is not None
            and outside(key)
            and (row := self.row_for_id(r.id)) is not None
        )
        for first, last in reversed(_ranges(doomed)):
            # The gap under a removed row is now under the row above it.
            if any(r.id in self._gap_after for r in self._rows[first : last + 1]) and first > 0:
                self._gap_after.add(self._rows[first - 1].id)
            self._remove(first, last)

    def _merge(self, first: int, end: int, new: Sequence[repo.MessageRow]) -> None:
        """Turn rows ``first`` to ``end`` (exclusive) into ``new`` with removes, inserts and
        dataChanged only.

        Rows are matched by id. A row whose sort key changed (an edit moved its due time)
        is removed and inserted at its new place. After the removals the remaining rows
        are an ordered subsequence of ``new``, so one walk finds every insert.
        """
        rows = self._rows
        new_by_id = {r.id: r for r in new}
        doomed = [
            i
            for i in range(first, end)
            if (fresh := new_by_id.get(rows[i].id)) is None or _key(fresh) != _key(rows[i])
        ]
        for low, high in reversed(_ranges(doomed)):
            self._remove(low, high)
        end -= len(doomed)

        i = 0
        while i < len(new):
            at = first + i
            if at < end and rows[at].id == new[i].id:
                i += 1
                continue
            next_kept = rows[at].id if at < end else None
            j = i
            while j < len(new) and new[j].id != next_kept:
                j += 1
            self.beginInsertRows(QModelIndex(), at, at + j - i - 1)
            rows[at:at] = new[i:j]
            for r in new[i:j]:
                self._keys[r.id] = _key(r)
            self.endInsertRows()
            end += j - i
            i = j

        # Identical rows are not compared field by field when the read returned the
        # very objects already shown (a page appended); otherwise dataclass equality.
        changed = [
            first + k
            for k, fresh in enumerate(new)
            if rows[first + k] is not fresh and rows[first + k] != fresh
        ]
        for low, high in _ranges(changed):
            rows[low : high + 1] = new[low - first : high - first + 1]
            self.dataChanged.emit(self.index(low, 0), self.index(high, len(Column) - 1))

    def _remove(self, first: int, last: int) -> None:
        self.beginRemoveRows(QModelIndex(), first, last)
        for r in self._rows[first : last + 1]:
            del self._keys[r.id]
            self._text_cache.pop(r.id, None)
        del self._rows[first : last + 1]
        self.endRemoveRows()

    def _first_below(self, key: Key) -> int:
        """The first row whose key sorts below ``key`` (rows are newest first)."""
        rows, low, high = self._rows, 0, len(self._rows)
        while low < high:
            mid = (low + high) // 2
            if _key(rows[mid]) < key:
                high = mid
            else:
                low = mid + 1
        return low

    def _first_at_or_below(self, key: Key) -> int:
        rows, low, high = self._rows, 0, len(self._rows)
        while low < high:
            mid = (low + high) // 2
            if _key(rows[mid]) <= key:
                high = mid
            else:
                low = mid + 1
        return low


def _rows_between(
    reads: Sequence[_Read], upper: Key | None, lower: Key | None, most: int
) -> list[repo.MessageRow]:
    """The first ``most`` rows read with keys below ``upper`` (None: from the top) down to
    ``lower`` (None: no end): the ones about to be painted."""
    found: list[repo.MessageRow] = []
    for read in reads:
        for row in read.rows:
            key = _key(row)
            if (upper is None or key < upper) and (lower is None or key >= lower):
                found.append(row)
                if len(found) == most:
                    return found
    return found


def _read_span(db: Database, flt: repo.LogFilter, span: _Span) -> _Read:
    """The rows of ``span``: one keyset query of at most ``span.cap`` rows.

    Runs on the database thread. The cap keeps every read short, however many rows
    arrived in the span since it was last read (10,000 queued at once, say).
    """
    after = repo.Cursor(due_at=span.upper[0], id=span.upper[1]) if span.upper else None
    page = repo.log_page(db, flt, after=after, limit=span.cap)
    rows: list[repo.MessageRow] = []
    for row in page.rows:
        if span.lower is not None and _key(row) < span.lower:
            return _Read(span.upper, span.lower, rows, capped=False)
        rows.append(row)
    if page.next_cursor is None:
        return _Read(span.upper, None, rows, capped=False)  # the log ends here
    if span.lower is not None and _key(rows[-1]) == span.lower:
        return _Read(span.upper, span.lower, rows, capped=False)
    return _Read(span.upper, _key(rows[-1]), rows, capped=True)


__all__ = [
    "MARGIN_ROWS",
    "PAGE_SIZE",
    "STALE_CHECK_MS",
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
