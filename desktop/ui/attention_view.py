"""Messages that need a person: refused, missed, or not confirmed.

Every failure must be visible with a reason and a one-click way forward (USERS.md). Each
message gets a card: what happened in plain words, and the one button that moves it on.
The view only emits signals; the main window acts through the engine and then calls
``refresh()``.

The list is the newest ``limit`` of them; after a long outage there can be hundreds, and
the log's "Needs attention" filter pages through them all.

Cards are cheap to show: they are built for the first FIRST_CARDS messages and then a
batch at a time as the list is scrolled towards its end, and each paints its own frame
rather than through a style sheet. Building all 200 at once, each with a style sheet of
its own, cost some 300 ms on the GUI thread at start-up; even one shared style sheet made
every card's widgets slower to build and to show.
"""

from __future__ import annotations

from zoneinfo import ZoneInfo

from PySide6.QtCore import QCoreApplication, QRectF, Qt, Signal
from PySide6.QtGui import QPainter, QPainterPath, QPaintEvent, QPalette, QPen, QPixmap
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from desktop.domain.status import NEEDS_ATTENTION, Status
from desktop.domain.timerules import DEFAULT_ZONE, load_zone
from desktop.storage import repository as repo
from desktop.storage.database import Database
from desktop.ui.db_worker import DbWorker
from desktop.ui.log_model import body_preview, format_local, format_receiver
from desktop.ui.message_details import MessageDetailsDialog
from desktop.ui.status_display import status_colour, status_icon, status_label

DEFAULT_LIMIT = 200
# About a tall screen's worth; the rest are built as the list is scrolled near its end.
FIRST_CARDS = 10
MORE_CARDS = 10
ICON_SIZE = 24
STRIPE = 5  # the status colour's band on a card's left edge


_PIXMAPS: dict[Status, QPixmap] = {}


def _icon(status: Status) -> QPixmap:
    """The status badge at card size, made once per status (cards share it, implicitly)."""
    pixmap = _PIXMAPS.get(status)
    if pixmap is None:
        pixmap = _PIXMAPS[status] = status_icon(status).pixmap(ICON_SIZE, ICON_SIZE)
    return pixmap


class AttentionCard(QFrame):
    """One message: status, who and when, the reason, and the way forward."""

    actionClicked = Signal(int)
    detailsClicked = Signal(int)

    def __init__(
        self, message: repo.MessageRow, zone: ZoneInfo, button_width: int, parent: QWidget
    ) -> None:
        super().__init__(parent)
        self.setObjectName("attentionCard")
        self._zone = zone
        self._status: Status | None = None
        self._icon = QLabel(self)
        self._title = QLabel(self)
        self._title.setObjectName("cardTitle")
        self._title.setTextFormat(Qt.TextFormat.PlainText)
        font = self._title.font()
        font.setBold(True)
        self._title.setFont(font)
        self._preview = QLabel(self)
        self._preview.setObjectName("cardPreview")
        self._preview.setTextFormat(Qt.TextFormat.PlainText)
        self._reason = QLabel(self)
        self._reason.setObjectName("cardReason")
        self._reason.setTextFormat(Qt.TextFormat.PlainText)
        self._reason.setWordWrap(True)
        self._reason.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self.action = QPushButton(self)
        self.action.setObjectName("primaryAction")
        self.details = QPushButton(self.tr("Details…"), self)
        self.details.setObjectName("detailsAction")
        self.details.setFlat(True)
        self.action.clicked.connect(lambda: self.actionClicked.emit(self._message.id))
        self.details.clicked.connect(lambda: self.detailsClicked.emit(self._message.id))

        text = QVBoxLayout()
        text.setSpacing(2)
        text.addWidget(self._title)
        text.addWidget(self._preview)
        text.addWidget(self._reason)
        # One width for both buttons, so every card lines them up the same way.
        for button in (self.action, self.details):
            button.setMinimumWidth(button_width)
        buttons = QVBoxLayout()
        buttons.addWidget(self.action)
        buttons.addWidget(self.details)
        buttons.addStretch(1)
        row = QHBoxLayout(self)
        row.setContentsMargins(12, 8, 8, 8)
        row.addWidget(self._icon, 0, Qt.AlignmentFlag.AlignTop)
        row.addLayout(text, 1)
        row.addLayout(buttons)
        self.set_message(message)

    def message(self) -> repo.MessageRow:
        return self._message

    def reason_text(self) -> str:
        return self._reason.text()

    def set_message(self, m: repo.MessageRow) -> None:
        self._message = m
        if m.status != self._status:
            polished = self._status is not None
            self._status = m.status
            if polished:
                self.update()  # the stripe
            self._icon.setPixmap(_icon(m.status))
            self.action.setText(self._action_for(m.status))
        self._title.setText(
            self.tr("{status} · to {receiver} · due {due}").format(
                status=status_label(m.status),
                receiver=format_receiver(m.receiver),
                due=format_local(m.due_at, self._zone),
            )
        )
        self._preview.setText(body_preview(m.body, 90))
        self._preview.setToolTip(m.body)
        self._reason.setText(self._reason_for(m))

    def paintEvent(self, event: QPaintEvent) -> None:
        """A calm card with a stripe in the status colour, in the palette's own colours so
        it reads in light and dark themes (what a style sheet drew, for less)."""
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        palette = self.palette()
        outline = QPainterPath()
        outline.addRoundedRect(QRectF(self.rect()).adjusted(0.5, 0.5, -0.5, -0.5), 4, 4)
        painter.setPen(QPen(palette.color(QPalette.ColorRole.Mid), 1))
        painter.setBrush(palette.color(QPalette.ColorRole.Base))
        painter.drawPath(outline)
        if self._status is not None:
            painter.setClipPath(outline)
            painter.fillRect(QRectF(0, 0, STRIPE, self.height()), status_colour(self._status))
        painter.end()

    def _action_for(self, status: Status) -> str:
        if status == Status.FAILED:
            return self.tr("Edit and resend")
        if status == Status.EXPIRED:
            return self.tr("Resend now as new")
        return self.tr("Check again")

    def _reason_for(self, m: repo.MessageRow) -> str:
        if m.status == Status.FAILED:
            if m.last_error:
                return self.tr(
                    "BokaMera refused it: {error} Nothing was sent. "
                    "Correct the number or text and send it again."
                ).format(error=_sentence(m.last_error))
            return self.tr(
                "BokaMera refused it. Nothing was sent. Correct the number or text and send it "
                "again."
            )
        if m.status == Status.EXPIRED:
            if m.no_later_than is not None:
                return self.tr(
                    "Not sent: it could not go out before {deadline}, the latest time it was "
                    "allowed to (the computer or the network was off). Send it now only if it "
                    "is still useful to the customer."
                ).format(deadline=format_local(m.no_later_than, self._zone))
            return self.tr(
                "Not sent: it became too late to send. Send it now only if it is still "
                "useful to the customer."
            )
        started = m.sending_started_at or m.updated_at
        reason = self.tr(
            "No answer came back from BokaMera when it was sent at {time}, so the customer "
            "may already have it. SMS Desk checks BokaMera's log before sending it again, "
            "so it is never sent twice."
        ).format(time=format_local(started, self._zone))
        if m.last_error:
            reason += " " + _sentence(m.last_error)
        return reason


def _sentence(text: str) -> str:
    text = text.strip()
    return text if text.endswith((".", "!", "?")) else text + "."


class AttentionView(QWidget):
    """Cards for FAILED, EXPIRED and UNCONFIRMED messages, newest first."""

    countChanged = Signal(int)
    editRequested = Signal(int)  # failed: "Edit and resend"
    resendRequested = Signal(int)  # expired: "Resend now as new"
    checkRequested = Signal(int)  # unconfirmed: "Check again" (reconcile with the server)
    loaded = Signal()

    def __init__(
        self,
        db: Database,
        worker: DbWorker,
        *,
        zone: ZoneInfo | None = None,
        limit: int = DEFAULT_LIMIT,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._db = db
        self._worker = worker
        self._zone = zone or load_zone(DEFAULT_ZONE)
        self._limit = limit
        self._count = 0
        self._rows: list[repo.MessageRow] = []  # every message listed, newest first
        self._cards: dict[int, AttentionCard] = {}  # for the first ``_built`` of them
        self._built = 0
        self._button_width = 0
        self._loading = False
        self._refresh_wanted = False
        self._details: MessageDetailsDialog | None = None

        self._summary = QLabel(self)
        self._summary.setObjectName("attentionSummary")
        self._summary.setWordWrap(True)
        self._error = QLabel(self)
        self._error.setObjectName("attentionError")
        self._error.setWordWrap(True)
        self._error.hide()

        self._list = QWidget()
        self._list.setObjectName("attentionList")
        self._list_layout = QVBoxLayout(self._list)
        self._list_layout.setContentsMargins(6, 6, 6, 6)
        self._list_layout.setSpacing(6)
        self._list_layout.addStretch(1)
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(self._list)
        self._scroll = scroll
        # Near the end of the built cards (or with too few to fill the view): build more.
        bar = scroll.verticalScrollBar()
        bar.valueChanged.connect(self._build_more_if_near_end)
        bar.rangeChanged.connect(self._build_more_if_near_end)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self._summary)
        layout.addWidget(self._error)
        layout.addWidget(scroll, 1)
        self._summary.setContentsMargins(8, 8, 8, 0)
        self._summary.setText(self.tr("Looking for messages that need attention…"))
        self.refresh()

    # --- public API ----------------------------------------------------------------------

    def count(self) -> int:
        """How many messages need attention (all of them, not only those listed)."""
        return self._count

    def cards(self) -> list[AttentionCard]:
        """The cards in the order shown."""
        out = []
        for i in range(self._list_layout.count()):
            widget = self._list_layout.itemAt(i).widget()
            if isinstance(widget, AttentionCard):
                out.append(widget)
        return out

    def card_for(self, message_id: int) -> AttentionCard | None:
        """The message's card, if it is built yet (see FIRST_CARDS)."""
        return self._cards.get(message_id)

    def listed(self) -> int:
        """How many messages the list holds, with or without a card built yet."""
        return len(self._rows)

    def refresh(self) -> None:
        if self._loading:
            self._refresh_wanted = True
            return
        self._loading = True
        db, limit = self._db, self._limit
        flt = repo.LogFilter(statuses=NEEDS_ATTENTION)

        def work() -> tuple[list[repo.MessageRow], int]:
            return repo.log_page(db, flt, limit=limit).rows, repo.log_count(db, flt)

        self._worker.submit(work, self._on_loaded, self._on_failed, owner=self)

    def details_dialog(self) -> MessageDetailsDialog | None:
        return self._details

    # --- internals -----------------------------------------------------------------------

    def _on_loaded(self, result: tuple[list[repo.MessageRow], int]) -> None:
        rows, count = result
        self._error.hide()
        self._apply(rows)
        self._set_summary(len(rows), count)
        self._finish()
        if count != self._count:
            self._count = count
            self.countChanged.emit(count)
        self.loaded.emit()

    def _on_failed(self, error: BaseException) -> None:
        self._error.setText(
            self.tr("The list could not be read: {detail}").format(detail=str(error))
        )
        self._error.show()
        self._finish()
        self.loaded.emit()

    def _finish(self) -> None:
        self._loading = False
        if self._refresh_wanted:
            self._refresh_wanted = False
            self.refresh()

    def _apply(self, rows: list[repo.MessageRow]) -> None:
        """Update cards in place, keyed by message id, so focus and scroll survive."""
        self._rows = rows
        self._show_cards(min(len(rows), max(self._built, FIRST_CARDS)))

    def _build_more_if_near_end(self, *_: int) -> None:
        if self._built >= len(self._rows):
            return
        bar = self._scroll.verticalScrollBar()
        if bar.maximum() - bar.value() <= self._scroll.viewport().height():
            self._show_cards(min(len(self._rows), self._built + MORE_CARDS))

    def _show_cards(self, count: int) -> None:
        """Cards for the first ``count`` messages, in order; no others."""
        shown = self._rows[:count]
        wanted = {r.id for r in shown}
        for message_id in [i for i in self._cards if i not in wanted]:
            card = self._cards.pop(message_id)
            self._list_layout.removeWidget(card)
            card.hide()
            card.deleteLater()
        for position, row in enumerate(shown):
            card = self._cards.get(row.id)
            if card is None:
                card = AttentionCard(row, self._zone, self._card_button_width(), self._list)
                card.actionClicked.connect(self._on_action)
                card.detailsClicked.connect(self._open_details)
                self._cards[row.id] = card
                self._list_layout.insertWidget(position, card)
                continue
            if card.message() != row:
                card.set_message(row)
            if self._list_layout.indexOf(card) != position:
                self._list_layout.removeWidget(card)
                self._list_layout.insertWidget(position, card)
        self._built = count

    def _card_button_width(self) -> int:
        """Wide enough for the longest action, measured once rather than per card."""
        if not self._button_width:
            metrics = self.fontMetrics()
            self._button_width = 32 + max(
                metrics.horizontalAdvance(text)
                for text in (
                    QCoreApplication.translate("AttentionCard", "Edit and resend"),
                    QCoreApplication.translate("AttentionCard", "Resend now as new"),
                )
            )
        return self._button_width

    def _set_summary(self, shown: int, count: int) -> None:
        if count == 0:
            text = self.tr("Nothing needs your attention. Every message was sent or is on its way.")
        elif shown < count:
            text = self.tr(
                "{count} messages need attention; the newest {shown} are shown here. "
                "The log's “Needs attention” filter lists them all."
            ).format(count=self.locale().toString(count), shown=self.locale().toString(shown))
        elif count == 1:
            text = self.tr("1 message needs attention.")
        else:
            text = self.tr("{count} messages need attention.").format(
                count=self.locale().toString(count)
            )
        self._summary.setText(text)

    def _on_action(self, message_id: int) -> None:
        card = self._cards.get(message_id)
        if card is None:
            return
        status = card.message().status
        if status == Status.FAILED:
            self.editRequested.emit(message_id)
        elif status == Status.EXPIRED:
            self.resendRequested.emit(message_id)
        elif status == Status.UNCONFIRMED:
            self.checkRequested.emit(message_id)

    def _open_details(self, message_id: int) -> None:
        card = self._cards.get(message_id)
        if card is None:
            return
        if self._details is not None:
            self._details.close()
        dialog = MessageDetailsDialog(
            card.message(), self._db, self._worker, zone=self._zone, parent=self
        )
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.destroyed.connect(lambda *_: self._forget_details(dialog))
        self._details = dialog
        dialog.show()

    def _forget_details(self, dialog: MessageDetailsDialog) -> None:
        if self._details is dialog:
            self._details = None
