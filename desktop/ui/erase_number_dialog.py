"""Tools > Erase everything for a number: a customer's right to be forgotten (GDPR).

Two steps, so nobody erases by accident: the number is looked up first and the dialog says
how many messages it will erase; only then does the erase button (with that count on it)
come alive. Erasing itself is ``retention.erase_number`` on the database worker, which
refuses while a message to the number still waits to be sent and records an "erased" event
on every message it touched.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.domain.clock import Clock, SystemClock
from desktop.domain.errors import DomainError
from desktop.domain.receivers import InvalidReceiver, Receiver, normalise_receiver
from desktop.domain.status import Status
from desktop.storage import repository as repo
from desktop.storage.database import Database
from desktop.storage.models import Origin
from desktop.storage.retention import WAITING, RetentionError, erase_number
from desktop.ui.db_worker import DbWorker
from desktop.ui.messages import HintLabel, Tone, describe

__all__ = ["EraseNumberDialog", "NumberMessages", "count_for_number"]

_PAGE = 500


@dataclass(frozen=True)
class NumberMessages:
    total: int  # messages to exactly this number
    waiting: int  # of those, this desk's still waiting to be sent


def count_for_number(db: Database, e164: str) -> NumberMessages:
    """Messages stored for ``e164`` (worker thread). The log's number filter matches a
    prefix, so "+4670123456" would also find "+46701234567": keep only exact ones."""
    total = waiting = 0
    cursor: repo.Cursor | None = None
    while True:
        page = repo.log_page(db, repo.LogFilter(receiver=e164), after=cursor, limit=_PAGE)
        for row in page.rows:
            if row.receiver != e164:
                continue
            total += 1
            if row.origin == Origin.DESK and Status(row.status) in WAITING:
                waiting += 1
        if page.next_cursor is None:
            return NumberMessages(total, waiting)
        cursor = page.next_cursor


class EraseNumberDialog(QDialog):
    """Signals ``erased(int)`` with how many messages were erased."""

    erased = Signal(int)
    looked_up = Signal()  # the count (or a refusal) is shown; for tests and tools

    def __init__(
        self,
        db: Database,
        worker: DbWorker,
        *,
        actor: str,
        region: str = "SE",
        clock: Clock | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("eraseNumberDialog")
        self.setWindowTitle(self.tr("Erase everything for a number"))
        self._db = db
        self._worker = worker
        self._actor = actor
        self._region = region
        self._clock = clock or SystemClock()
        self._receiver: Receiver | None = None
        self._count = 0
        self._busy = False

        intro = QLabel(
            self.tr(
                "When a customer asks to be forgotten, this blanks the text of every message "
                "to their number, and the number itself, everywhere in SMS Desk. The log "
                "keeps that a message went and when, without the customer. This cannot be "
                "undone."
            ),
            self,
        )
        intro.setWordWrap(True)
        self.number_edit = QLineEdit(self)
        self.number_edit.setObjectName("eraseNumber")
        self.number_edit.setPlaceholderText(self.tr("For example 070-123 45 67"))
        self.number_edit.textEdited.connect(self._reset)
        self.number_edit.returnPressed.connect(self.look_up)
        self.find_button = QPushButton(self.tr("&Find messages"), self)
        self.find_button.setObjectName("findMessages")
        self.find_button.clicked.connect(self.look_up)
        label = QLabel(self.tr("&Mobile number:"), self)
        label.setBuddy(self.number_edit)
        row = QHBoxLayout()
        row.addWidget(self.number_edit, 1)
        row.addWidget(self.find_button)

        self.result = HintLabel(self)
        self.result.setObjectName("eraseResult")

        self.buttons = QDialogButtonBox(self)
        self.erase_button = QPushButton(self.tr("Erase"), self)
        self.erase_button.setObjectName("eraseButton")
        self.erase_button.setEnabled(False)
        self.erase_button.setAutoDefault(False)  # Enter in the field looks up, never erases
        self.close_button = QPushButton(self.tr("Close"), self)
        self.close_button.setAutoDefault(False)
        self.buttons.addButton(self.erase_button, QDialogButtonBox.ButtonRole.DestructiveRole)
        self.buttons.addButton(self.close_button, QDialogButtonBox.ButtonRole.RejectRole)
        self.erase_button.clicked.connect(self.erase)
        self.close_button.clicked.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 20, 20, 16)
        layout.setSpacing(12)
        layout.addWidget(intro)
        layout.addWidget(label)
        layout.addLayout(row)
        layout.addWidget(self.result)
        layout.addStretch(1)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(500)
        self.number_edit.setFocus(Qt.FocusReason.OtherFocusReason)

    # --- step 1: which messages --------------------------------------------------------------

    def _reset(self) -> None:
        self._receiver = None
        self._count = 0
        self.erase_button.setEnabled(False)
        self.erase_button.setText(self.tr("Erase"))
        self.result.show_hint("", Tone.NEUTRAL)

    def look_up(self) -> None:
        if self._busy:
            return
        self._reset()
        try:
            receiver = normalise_receiver(self.number_edit.text(), self._region)
        except InvalidReceiver as err:
            self.result.show_hint(describe(err), Tone.ERROR)
            self.looked_up.emit()
            return
        self._set_busy(True, self.tr("Looking for messages to this number…"))
        db = self._db
        self._worker.submit(
            lambda: count_for_number(db, receiver.e164),
            lambda found: self._on_counted(receiver, found),
            self._on_failed,
            owner=self,
        )

    def _on_counted(self, receiver: Receiver, found: NumberMessages) -> None:
        self._set_busy(False)
        number = receiver.display()
        if found.waiting:
            refusal = RetentionError.number_waiting(number, found.waiting)
            self.result.show_hint(describe(refusal), Tone.ERROR)
        elif found.total == 0:
            self.result.show_hint(
                self.tr("No messages to {number} are stored in SMS Desk. Nothing to erase.").format(
                    number=number
                ),
                Tone.NEUTRAL,
            )
        else:
            self._receiver, self._count = receiver, found.total
            self.result.show_hint(
                self.tr(
                    "{count} message(s) to {number} will be erased: their text and the "
                    "number. This cannot be undone."
                ).format(count=found.total, number=number),
                Tone.WARNING,
            )
            self.erase_button.setText(self.tr("Erase {count} message(s)").format(count=found.total))
            self.erase_button.setEnabled(True)
        self.looked_up.emit()

    # --- step 2: erasing ---------------------------------------------------------------------

    def erase(self) -> None:
        receiver = self._receiver
        if receiver is None or self._busy:
            return
        self._set_busy(True, self.tr("Erasing…"))
        db, actor, now = self._db, self._actor, self._clock.now()
        self._worker.submit(
            lambda: erase_number(db, receiver.e164, now=now, actor=actor),
            lambda count: self._on_erased(receiver, count),
            self._on_failed,
            owner=self,
        )

    def _on_erased(self, receiver: Receiver, count: int) -> None:
        self._set_busy(False)
        self._receiver = None
        self.erase_button.setEnabled(False)
        self.erase_button.setText(self.tr("Erase"))
        self.result.show_hint(
            self.tr("Erased {count} message(s) to {number}.").format(
                count=count, number=receiver.display()
            ),
            Tone.OK,
        )
        self.erased.emit(count)

    def _on_failed(self, error: BaseException) -> None:
        self._set_busy(False)
        self.erase_button.setEnabled(False)
        self._receiver = None
        if isinstance(error, DomainError):
            text = describe(error)  # e.g. a message was queued to the number meanwhile
        else:
            text = self.tr("Nothing was erased because of an error in SMS Desk ({error}).").format(
                error=type(error).__name__
            )
        self.result.show_hint(text, Tone.ERROR)
        self.looked_up.emit()

    def _set_busy(self, busy: bool, text: str = "") -> None:
        self._busy = busy
        self.find_button.setEnabled(not busy)
        self.number_edit.setEnabled(not busy)
        if busy:
            self.erase_button.setEnabled(False)
            self.result.show_hint(text, Tone.NEUTRAL)

    def reject(self) -> None:
        if self._busy:
            return  # the erasure finishes in a moment; closing now would hide its result
        super().reject()
