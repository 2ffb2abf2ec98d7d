"""Messages that need a person: refused, missed, or not confirmed.

Every failure must be visible with a reason and a one-click way forward (USERS.md). Each
message gets a card: what happened in plain words, and the one button that moves it on.
The view only emits signals; the main window acts through the engine and then calls
``refresh()``.

The list is the newest ``limit`` of them; after a long outage there can be hundreds, and
the log's "Needs attention" filter pages through them all.
"""

from __future__ import annotations

from zoneinfo import ZoneInfo

from PySide6.QtCore import Qt, Signal
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


class AttentionCard(QFrame):
    """One message: status, who and when, the reason, and the way forward."""

    actionClicked = Signal(int)
    detailsClicked = Signal(int)

    def __init__(self, message: repo.MessageRow, zone: ZoneInfo, parent: QWidget) -> None:
        super().__init__(parent)
        self.setObjectName("attentionCard")
        self._zone = zone
        self._icon = QLabel(self)
        self._title = QLabel(self)
        self._title.setObjectName("cardTitle")
        self._title.setTextFormat(Qt.TextFormat.PlainText)
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
        width = max(
            self.fontMetrics().horizontalAdvance(text)
            for text in (self.tr("Edit and resend"), self.tr("Resend now as new"))
        )
        for button in (self.action, self.details):
            button.setMinimumWidth(width + 32)
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
        colour = status_colour(m.status).name()
        # A calm card with a stripe in the status colour; the text stays in the palette's
        # own colours so it is readable in light and dark themes.
        self.setStyleSheet(
            "QFrame#attentionCard { background: palette(base);"
            " border: 1px solid palette(mid); border-left: 5px solid " + colour + ";"
            " border-radius: 4px; }"
            "QFrame#attentionCard QLabel { border: none; background: transparent; }"
        )
        self._icon.setPixmap(status_icon(m.status).pixmap(24, 24))
        self._title.setText(
            self.tr("{status} · to {receiver} · due {due}").format(
                status=status_label(m.status),
                receiver=format_receiver(m.receiver),
                due=format_local(m.due_at, self._zone),
            )
        )
        font = self._title.font()
        font.setBold(True)
        self._title.setFont(font)
        self._preview.setText(body_preview(m.body, 90))
        self._preview.setToolTip(m.body)
        self._reason.setText(self._reason_for(m))
        self.action.setText(self._action_for(m.status))

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
        self._cards: dict[int, AttentionCard] = {}
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
        self._list_layout = QVBoxLayout(self._list)
        self._list_layout.setContentsMargins(6, 6, 6, 6)
        self._list_layout.setSpacing(6)
        self._list_layout.addStretch(1)
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(self._list)
        self._scroll = scroll

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
        return self._cards.get(message_id)

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
        wanted = {r.id for r in rows}
        for message_id in list(self._cards):
            if message_id not in wanted:
                card = self._cards.pop(message_id)
                self._list_layout.removeWidget(card)
                card.deleteLater()
        for position, row in enumerate(rows):
            card = self._cards.get(row.id)
            if card is None:
                card = AttentionCard(row, self._zone, self._list)
                card.actionClicked.connect(self._on_action)
                card.detailsClicked.connect(self._open_details)
                self._cards[row.id] = card
            elif card.message() != row:
                card.set_message(row)
            if self._list_layout.indexOf(card) != position:
                self._list_layout.removeWidget(card)
                self._list_layout.insertWidget(position, card)

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
