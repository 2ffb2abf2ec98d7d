"""The composer: receivers, message and time on one form, and a Queue button.

The composer never claims a message is queued: it emits ``submitted(ComposeRequest)`` and
waits. Its owner writes the outbox and then calls ``accepted(count)`` (only after the
database committed, DESIGN.md invariant 1) or ``rejected(text)``. Until one of them comes
the button stays disabled, so a second click or Ctrl+Enter cannot queue the same SMS twice.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from PySide6.QtCore import QEvent, Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from desktop.domain.body import DEFAULT_MAX_PARTS
from desktop.domain.clock import Clock
from desktop.domain.receivers import DEFAULT_REGION
from desktop.domain.timerules import DEFAULT_GRACE, DEFAULT_ZONE, QuietHours
from desktop.ui.body_editor import BodyEditor
from desktop.ui.messages import HintLabel, Tone
from desktop.ui.receiver_field import ReceiverField
from desktop.ui.schedule_picker import ScheduleChoice, SchedulePicker, ScheduleProblem

CONFIRMATION_MS = 5000  # how long "Queued 3 messages" stays: long enough to glance back


@dataclass(frozen=True)
class ComposeRequest:
    """What the user asked to queue; the owner stores one message per receiver."""

    receivers: list[str]  # E.164, duplicates removed, in the order typed
    body: str  # cleaned by clean_body, placeholders filled in
    due_at: datetime  # aware UTC
    no_later_than: datetime | None  # aware UTC
    send_anyway: bool  # send even inside quiet hours


class Composer(QWidget):
    """Receiver field + body editor + schedule picker + Queue button.

    Signals: ``submitted(ComposeRequest)``. Methods: ``submit()``, ``accepted(count)``,
    ``rejected(text)``, ``can_submit()``, ``reason()``; the parts are ``receiver_field``,
    ``body_editor`` and ``schedule_picker``.
    """

    submitted = Signal(object)  # ComposeRequest

    def __init__(
        self,
        parent: QWidget | None = None,
        *,
        clock: Clock | None = None,
        zone: str = DEFAULT_ZONE,
        region: str = DEFAULT_REGION,
        grace: timedelta = DEFAULT_GRACE,
        quiet_hours: QuietHours | None = None,
        max_parts: int = DEFAULT_MAX_PARTS,
    ) -> None:
        super().__init__(parent)
        self._waiting = False  # a request is out; the owner has not answered yet
        self._reason: str | None = None

        self.receiver_field = ReceiverField(self, region=region)
        self.body_editor = BodyEditor(self, max_parts=max_parts)
        self.schedule_picker = SchedulePicker(
            self, clock=clock, zone=zone, grace=grace, quiet_hours=quiet_hours
        )
        self.to_label = QLabel(self)
        self.message_label = QLabel(self)
        self.when_label = QLabel(self)
        for label, buddy in (
            (self.to_label, self.receiver_field.edit),
            (self.message_label, self.body_editor.edit),
            (self.when_label, self.schedule_picker.now_radio),
        ):
            label.setBuddy(buddy)
            label.setStyleSheet("font-weight: 600;")

        self.queue_button = QPushButton(self)
        self.queue_button.setObjectName("queueButton")
        self.queue_button.setDefault(True)
        self.queue_button.setMinimumWidth(120)
        self.status = HintLabel(self)
        self.status.setObjectName("composerStatus")
        self.status.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.status.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)

        # A grid rather than QFormLayout: the hints under the fields wrap, and QFormLayout
        # squeezes word-wrapped rows (text was clipped in the screenshots).
        form = QGridLayout()
        form.setContentsMargins(0, 0, 0, 0)
        form.setHorizontalSpacing(12)
        form.setVerticalSpacing(14)
        label_alignment = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop
        for row, (label, part) in enumerate(
            (
                (self.to_label, self.receiver_field),
                (self.message_label, self.body_editor),
                (self.when_label, self.schedule_picker),
            )
        ):
            # Top-aligned, then nudged down so the label reads level with the first line of
            # its field (a line edit, combo or radio row is taller than a label).
            nudge = max(
                0, (self.receiver_field.edit.sizeHint().height() - label.sizeHint().height()) // 2
            )
            label.setContentsMargins(0, nudge, 0, 0)
            form.addWidget(label, row, 0, label_alignment)
            form.addWidget(part, row, 1)
        # Extra height goes to the message box, not into gaps between the other rows.
        form.setRowStretch(1, 1)
        form.setColumnStretch(1, 1)
        bottom = QHBoxLayout()
        bottom.setContentsMargins(0, 0, 0, 0)
        bottom.setSpacing(12)
        bottom.addWidget(self.status, 1)
        bottom.addWidget(self.queue_button, 0, Qt.AlignmentFlag.AlignTop)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 16, 16, 16)
        layout.setSpacing(16)
        layout.addLayout(form, 1)
        layout.addLayout(bottom)

        # Ctrl+Enter queues from any field in the composer: the main-keyboard Return and
        # the keypad Enter are different keys to Qt, so both are bound.
        self._shortcuts: list[QShortcut] = []
        for keys in ("Ctrl+Return", "Ctrl+Enter"):
            shortcut = QShortcut(QKeySequence(keys), self)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(self.submit)
            self._shortcuts.append(shortcut)

        self._confirmation_timer = QTimer(self)
        self._confirmation_timer.setSingleShot(True)
        self._confirmation_timer.setInterval(CONFIRMATION_MS)
        self._confirmation_timer.timeout.connect(self._update_state)

        self.queue_button.clicked.connect(self.submit)
        self.receiver_field.changed.connect(self._on_input_changed)
        self.body_editor.changed.connect(self._on_input_changed)
        self.schedule_picker.changed.connect(self._on_input_changed)
        self._retranslate()
        self._update_state()

    # --- public API -----------------------------------------------------------------------

    def can_submit(self) -> bool:
        return not self._waiting and self._reason is None

    def reason(self) -> str | None:
        """Why the Queue button is disabled, in the user's language; None when enabled."""
        return self._reason

    def submit(self) -> bool:
        """Emit ``submitted`` if everything is valid; True when a request went out."""
        if self._waiting:
            return False
        # "Now" and "in the past" depend on this very moment, so ask the picker again.
        schedule = self.schedule_picker.value()
        self._update_state()
        body = self.body_editor.cleaned_body()
        if not self.can_submit() or body is None or not isinstance(schedule, ScheduleChoice):
            return False
        request = ComposeRequest(
            receivers=[receiver.e164 for receiver in self.receiver_field.receivers()],
            body=body,
            due_at=schedule.due_at,
            no_later_than=schedule.no_later_than,
            send_anyway=schedule.send_anyway,
        )
        self._waiting = True
        self._confirmation_timer.stop()
        self._update_state()
        self.submitted.emit(request)
        return True

    def accepted(self, count: int) -> None:
        """The owner stored ``count`` messages: clear the body and say so for a moment."""
        self._waiting = False
        # Receivers and time stay: the next message often goes to the same people.
        self.body_editor.clear()
        text = (
            self.tr("Queued 1 message.")
            if count == 1
            else self.tr("Queued {count} messages.").format(count=count)
        )
        self._update_state()
        self.status.show_hint(text, Tone.OK)
        self._confirmation_timer.start()

    def rejected(self, text: str) -> None:
        """The owner could not store the request: keep everything and show why."""
        self._waiting = False
        self._confirmation_timer.stop()
        self._update_state()
        self.status.show_hint(text, Tone.ERROR)

    # --- internals ------------------------------------------------------------------------

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self._retranslate()
            self._update_state()
        super().changeEvent(event)

    def _retranslate(self) -> None:
        self.to_label.setText(self.tr("&To:"))
        self.message_label.setText(self.tr("&Message:"))
        self.when_label.setText(self.tr("&When:"))
        self.queue_button.setText(self.tr("Queue"))
        shortcut = QKeySequence("Ctrl+Return").toString(QKeySequence.SequenceFormat.NativeText)
        self._queue_tooltip = self.tr("Put the message in the outbox ({shortcut})").format(
            shortcut=shortcut
        )

    def _on_input_changed(self) -> None:
        # Typing again means the last confirmation or rejection is old news.
        self._confirmation_timer.stop()
        self._update_state()

    def _current_problem(self) -> tuple[str, str] | None:
        """(full reason, short pointer) of the first part that is not ready, top to bottom."""
        for part in (self.receiver_field, self.body_editor, self.schedule_picker):
            problem = part.problem()
            if problem:
                return problem, part.problem_summary() or problem
        return None

    def _update_state(self) -> None:
        problem = self._current_problem()
        self._reason = problem[0] if problem else None
        # The full reason already stands under the field it concerns; beside the button a
        # short pointer says which one, and the button's tooltip repeats the full text.
        self.queue_button.setToolTip(self._reason or self._queue_tooltip)
        if self._waiting:
            self.queue_button.setEnabled(False)
            self.status.show_hint(self.tr("Saving to the outbox…"), Tone.NEUTRAL)
            return
        self.queue_button.setEnabled(problem is None)
        if self._confirmation_timer.isActive():
            return  # leave "Queued 3 messages" up until it times out
        if problem is not None:
            self.status.show_hint(problem[1], Tone.NEUTRAL)
        else:
            self.status.show_hint(self._ready_text(), Tone.NEUTRAL)

    def _ready_text(self) -> str:
        count = len(self.receiver_field.receivers())
        return (
            self.tr("Ready to queue 1 message.")
            if count == 1
            else self.tr("Ready to queue {count} messages.").format(count=count)
        )


__all__ = ["ComposeRequest", "Composer", "ScheduleChoice", "ScheduleProblem"]
