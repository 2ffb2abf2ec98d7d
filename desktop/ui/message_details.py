"""Everything known about one message, and its history: who did what, and when.

Opened from the log with the row the log already has, so it shows at once; the fresh row
and the event history are then read on the DbWorker thread and filled in.
"""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPlainTextEdit,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.domain.i18n import QT_TRANSLATE_NOOP
from desktop.storage import repository as repo
from desktop.storage.database import Database
from desktop.ui.db_worker import DbWorker
from desktop.ui.log_model import format_local, format_receiver, origin_label
from desktop.ui.status_display import status_colour, status_explanation, status_icon, status_label

_CONTEXT = "MessageDetailsDialog"

# Event kinds as the storage records them, in words for the desk.
_EVENT_WORDS: dict[str, str] = {
    "queued": QT_TRANSLATE_NOOP("MessageDetailsDialog", "Queued"),
    "edited": QT_TRANSLATE_NOOP("MessageDetailsDialog", "Edited"),
    "cancelled": QT_TRANSLATE_NOOP("MessageDetailsDialog", "Cancelled"),
    "claimed": QT_TRANSLATE_NOOP("MessageDetailsDialog", "Sending started"),
    "sending": QT_TRANSLATE_NOOP("MessageDetailsDialog", "Sending started"),
    "sent": QT_TRANSLATE_NOOP("MessageDetailsDialog", "Accepted by BokaMera"),
    "retry": QT_TRANSLATE_NOOP("MessageDetailsDialog", "Did not get through; will retry"),
    "retry_wait": QT_TRANSLATE_NOOP("MessageDetailsDialog", "Did not get through; will retry"),
    "failed": QT_TRANSLATE_NOOP("MessageDetailsDialog", "Refused by BokaMera"),
    "unconfirmed": QT_TRANSLATE_NOOP("MessageDetailsDialog", "No answer; needs checking"),
    "expired": QT_TRANSLATE_NOOP("MessageDetailsDialog", "Missed: too late to send"),
    "reconciled": QT_TRANSLATE_NOOP("MessageDetailsDialog", "Checked against BokaMera's log"),
    "requeued": QT_TRANSLATE_NOOP("MessageDetailsDialog", "Queued again"),
    "imported": QT_TRANSLATE_NOOP("MessageDetailsDialog", "Imported"),
}


def _tr(text: str) -> str:
    return QCoreApplication.translate(_CONTEXT, text)


def event_words(kind: str) -> str:
    known = _EVENT_WORDS.get(kind)
    if known is not None:
        return _tr(known)
    return kind.replace("_", " ").capitalize()


def actor_words(actor: str) -> str:
    if actor == repo.ENGINE_ACTOR:
        return QCoreApplication.translate("MessageDetailsDialog", "SMS Desk (automatic)")
    return actor or QCoreApplication.translate("MessageDetailsDialog", "Unknown")


class MessageDetailsDialog(QDialog):
    """A read-only view of one message with its event history."""

    # After the fresh row and its history were read (or reading failed).
    loaded = Signal()

    def __init__(
        self,
        message: repo.MessageRow,
        db: Database,
        worker: DbWorker,
        *,
        zone: ZoneInfo,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("messageDetails")
        self._zone = zone
        self._message = message
        self._values: dict[str, QLabel] = {}
        self.resize(940, 700)

        self._status_icon = QLabel(self)
        self._status_label = QLabel(self)
        self._status_label.setObjectName("detailsStatus")
        font = self._status_label.font()
        font.setPointSizeF(font.pointSizeF() * 1.25)
        font.setBold(True)
        self._status_label.setFont(font)
        self._status_text = QLabel(self)
        self._status_text.setWordWrap(True)
        head_text = QVBoxLayout()
        head_text.addWidget(self._status_label)
        head_text.addWidget(self._status_text)
        head = QHBoxLayout()
        head.addWidget(self._status_icon, 0, Qt.AlignmentFlag.AlignTop)
        head.addLayout(head_text, 1)

        self._body = QPlainTextEdit(self)
        self._body.setObjectName("detailsBody")
        self._body.setReadOnly(True)
        self._body.setMaximumHeight(self.fontMetrics().lineSpacing() * 5 + 16)

        message_box = self._group(
            self.tr("Message"),
            [
                ("receiver", self.tr("To")),
                ("body", self.tr("Text")),
                ("due_at", self.tr("Due")),
                ("no_later_than", self.tr("Not sent after")),
                ("origin", self.tr("From")),
                ("created", self.tr("Created")),
                ("updated_at", self.tr("Last changed")),
            ],
        )
        sending_box = self._group(
            self.tr("Sending"),
            [
                ("attempts", self.tr("Tries")),
                ("sending_started_at", self.tr("Last try started")),
                ("next_attempt_at", self.tr("Next try")),
                ("sent_at", self.tr("Sent")),
                ("last_error", self.tr("Last error")),
                ("send_anyway", self.tr("Quiet hours")),
            ],
        )
        server_box = self._group(
            self.tr("BokaMera"),
            [
                ("server_id", self.tr("Message number")),
                ("server_created_at", self.tr("Received")),
                ("server_to_send_date", self.tr("To be sent")),
                ("booking_id", self.tr("Booking")),
                ("batch_id", self.tr("Sent together with")),
                ("ids", self.tr("Reference")),
            ],
        )

        self._events = QTableWidget(0, 4, self)
        self._events.setObjectName("detailsEvents")
        self._events.setHorizontalHeaderLabels(
            [self.tr("When"), self.tr("Who"), self.tr("What"), self.tr("Details")]
        )
        self._events.verticalHeader().hide()
        self._events.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self._events.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self._events.setWordWrap(False)
        header = self._events.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        self._events.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 8)
        self._history_note = QLabel(self.tr("Reading the history…"), self)
        self._history_note.setObjectName("historyNote")
        history = QGroupBox(self.tr("History"), self)
        history_layout = QVBoxLayout(history)
        history_layout.addWidget(self._history_note)
        history_layout.addWidget(self._events)

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.close)

        # The message on the left, what happened to it on the right, history below: the
        # history gets the height it needs instead of a sliver under three stacked boxes.
        right = QVBoxLayout()
        right.addWidget(sending_box)
        right.addWidget(server_box)
        right.addStretch(1)
        columns = QHBoxLayout()
        columns.addWidget(message_box, 1, Qt.AlignmentFlag.AlignTop)
        columns.addLayout(right, 1)
        _align_labels([sending_box, server_box])

        layout = QVBoxLayout(self)
        layout.addLayout(head)
        layout.addLayout(columns)
        layout.addWidget(history, 1)
        layout.addWidget(buttons)

        self._show_message(message)
        worker.submit(
            lambda: (repo.get(db, message.id), repo.events_for(db, message.id)),
            self._on_loaded,
            self._on_failed,
            owner=self,
        )

    # --- public for the tests and the main window -------------------------------------------

    def message(self) -> repo.MessageRow:
        return self._message

    def field_text(self, name: str) -> str:
        if name == "body":
            return self._body.toPlainText()
        return self._values[name].text()

    def event_rows(self) -> list[tuple[str, str, str, str]]:
        rows = []
        for r in range(self._events.rowCount()):
            cells = [self._events.item(r, c) for c in range(4)]
            rows.append(tuple(c.text() if c else "" for c in cells))
        return rows  # type: ignore[return-value]

    # --- building and filling ----------------------------------------------------------------

    def _group(self, title: str, fields: list[tuple[str, str]]) -> QGroupBox:
        box = QGroupBox(title, self)
        form = QFormLayout(box)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        for name, label in fields:
            if name == "body":
                form.addRow(label, self._body)
                continue
            value = QLabel(box)
            value.setObjectName(f"field_{name}")
            value.setWordWrap(True)
            value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            self._values[name] = value
            form.addRow(label, value)
        return box

    def _when(self, instant: datetime | None) -> str:
        if instant is None:
            return "—"
        local = format_local(instant, self._zone, seconds=True)
        zone_name = instant.astimezone(self._zone).tzname() or ""
        return f"{local} {zone_name}".strip()

    def _show_message(self, m: repo.MessageRow) -> None:
        self._message = m
        self.setWindowTitle(
            self.tr("Message to {receiver}").format(receiver=format_receiver(m.receiver))
        )
        self._status_icon.setPixmap(status_icon(m.status).pixmap(40, 40))
        self._status_label.setText(status_label(m.status))
        self._status_label.setStyleSheet(f"color: {status_colour(m.status).name()};")
        self._status_text.setText(status_explanation(m.status))
        self._body.setPlainText(m.body)
        created = self._when(m.created_at)
        if m.created_by:
            created = self.tr("{when} by {who}").format(when=created, who=m.created_by)
        error = m.last_error or "—"
        if m.last_error and m.last_error_code:
            error = f"{m.last_error} ({m.last_error_code})"
        values: dict[str, str] = {
            "receiver": format_receiver(m.receiver),
            "due_at": self._when(m.due_at),
            "no_later_than": self._when(m.no_later_than),
            "origin": origin_label(m.origin),
            "created": created,
            "updated_at": self._when(m.updated_at),
            "attempts": str(m.attempts),
            "sending_started_at": self._when(m.sending_started_at),
            "next_attempt_at": self._when(m.next_attempt_at),
            "sent_at": self._when(m.sent_at),
            "last_error": error,
            "send_anyway": self.tr("Sent even during quiet hours")
            if m.send_anyway
            else self.tr("Respected"),
            "server_id": _or_dash(m.server_id),
            "server_created_at": self._when(m.server_created_at),
            "server_to_send_date": self._when(m.server_to_send_date),
            "booking_id": _or_dash(m.booking_id),
            "batch_id": _or_dash(m.batch_id),
            "ids": self.tr("No. {id} · {uuid}").format(id=m.id, uuid=m.uuid),
        }
        for name, text in values.items():
            self._values[name].setText(text)

    def _on_loaded(self, result: tuple[repo.MessageRow | None, list[repo.EventRow]]) -> None:
        fresh, events = result
        if fresh is not None:
            self._show_message(fresh)
        self._events.setRowCount(len(events))
        for r, event in enumerate(events):
            cells = (
                self._when(event.at),
                actor_words(event.actor),
                event_words(event.kind),
                event.detail or "",
            )
            for c, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setToolTip(text)
                self._events.setItem(r, c, item)
        if events:
            self._history_note.hide()
        else:
            self._history_note.setText(self.tr("No history was recorded for this message."))
        self.loaded.emit()

    def _on_failed(self, error: BaseException) -> None:
        self._history_note.setText(
            self.tr("The history could not be read: {detail}").format(detail=str(error))
        )
        self.loaded.emit()


def _align_labels(boxes: list[QGroupBox]) -> None:
    """Give stacked forms one label width, so their values start in one column."""
    labels = [
        form.labelForField(form.itemAt(i, QFormLayout.ItemRole.FieldRole).widget())
        for box in boxes
        if isinstance(form := box.layout(), QFormLayout)
        for i in range(form.rowCount())
    ]
    width = max((label.sizeHint().width() for label in labels if label is not None), default=0)
    for label in labels:
        if label is not None:
            label.setMinimumWidth(width)


def _or_dash(value: object) -> str:
    return "—" if value is None or value == "" else str(value)
