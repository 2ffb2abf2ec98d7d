"""Fixing a message that has not gone yet: the composer, prefilled, with "Save changes".

The message is read on the DbWorker thread; the composer appears once it is there, filled
with the number, the text and the send time on the desk's wall clock. Saving calls
``repository.edit`` on the worker, which checks the status again inside its transaction: if
the engine claimed the message meanwhile, nothing changes and the dialog says why. Only
after the edit committed is ``saved(message_id)`` emitted and the dialog closed.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, QDate, QEvent, Qt, QTime, Signal
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QSpacerItem,
    QVBoxLayout,
    QWidget,
)

from desktop.domain.clock import Clock, SystemClock
from desktop.domain.compose import DeskRules
from desktop.domain.errors import DomainError
from desktop.domain.status import EDITABLE, Status
from desktop.domain.timerules import QuietHours, default_no_later_than, utc_to_local
from desktop.storage import repository as repo
from desktop.storage.database import Database
from desktop.storage.models import Origin
from desktop.sync.desk import desk_user, load_rules, quiet_hours
from desktop.ui.composer import Composer, ComposeRequest
from desktop.ui.db_worker import DbWorker
from desktop.ui.log_model import format_local, format_receiver
from desktop.ui.messages import HintLabel, Tone, describe
from desktop.ui.status_display import status_explanation, status_label


def not_editable_text(error: DomainError) -> str:
    """Why a message cannot be changed, with its status in the words the log uses."""
    status = error.params.get("status")
    if error.code == "not_editable" and isinstance(status, str):
        # The storage text names the raw status ("sending"); the desk knows it as a label.
        state = Status(status)
        return QCoreApplication.translate(
            "EditMessageDialog",
            "This message can no longer be changed: it is now “{status}”. {explanation}",
        ).format(status=status_label(state), explanation=status_explanation(state))
    return describe(error)


class _EditComposer(Composer):
    """The composer with its button saying "Save changes" in every language."""

    def _retranslate(self) -> None:
        super()._retranslate()
        self.queue_button.setText(QCoreApplication.translate("EditMessageDialog", "Save changes"))
        shortcut = QKeySequence("Ctrl+Return").toString(QKeySequence.SequenceFormat.NativeText)
        self._queue_tooltip = QCoreApplication.translate(
            "EditMessageDialog", "Save the changes to this message ({shortcut})"
        ).format(shortcut=shortcut)

    def _ready_text(self) -> str:
        return QCoreApplication.translate("EditMessageDialog", "Ready to save.")


class EditMessageDialog(QDialog):
    """Change the number, text or time of a queued, waiting or failed message.

    Signals: ``loaded()`` once the message is on screen (or why it cannot be),
    ``saved(message_id)`` after the change committed, ``refused(text)`` when storage said
    no. Attributes: ``composer`` (None until loaded), ``banner``, ``close_button``.
    """

    loaded = Signal()
    saved = Signal(int)
    refused = Signal(str)

    def __init__(
        self,
        db: Database,
        worker: DbWorker,
        message_id: int,
        *,
        clock: Clock | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("editMessageDialog")
        self._db = db
        self._worker = worker
        self._message_id = message_id
        self._clock: Clock = clock or SystemClock()
        self._message: repo.MessageRow | None = None
        self._rules = DeskRules()
        self._saving = False
        self._refused = False
        # The current banner as a function, so it follows a language change.
        self._banner_text: tuple[Tone, Callable[[], str]] | None = None
        self.composer: Composer | None = None

        self.heading = QLabel(self)
        self.heading.setObjectName("editHeading")
        self.heading.setStyleSheet("font-weight: 600;")
        self.banner = HintLabel(self)
        self.banner.setObjectName("editBanner")
        self.close_button = QPushButton(self)
        self.close_button.setObjectName("closeButton")
        self.close_button.setAutoDefault(False)
        self.close_button.clicked.connect(self.reject)

        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(16, 16, 16, 12)
        self._layout.setSpacing(8)
        self._layout.addWidget(self.heading)
        self._layout.addWidget(self.banner)
        # Until the message is read: a filler, then Cancel at the bottom right.
        self._filler = QSpacerItem(0, 0, QSizePolicy.Policy.Minimum, QSizePolicy.Policy.Expanding)
        self._layout.addItem(self._filler)
        self._bottom = QHBoxLayout()
        self._bottom.addStretch(1)
        self._bottom.addWidget(self.close_button)
        self._layout.addLayout(self._bottom)

        self.resize(780, 640)
        self._retranslate()
        self._show_banner(Tone.NEUTRAL, lambda: self.tr("Reading the message…"))
        self._worker.submit(self._read, self._on_read, self._on_read_error, owner=self)

    # --- public API -------------------------------------------------------------------------

    @property
    def message_id(self) -> int:
        return self._message_id

    def can_save(self) -> bool:
        return self.composer is not None and self.composer.isEnabled() and not self._saving

    # --- Qt -------------------------------------------------------------------------------

    def reject(self) -> None:
        # Closing during a save would hide whether it worked; it takes a moment at most.
        if not self._saving:
            super().reject()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self._retranslate()
            if self._banner_text is not None:
                tone, text = self._banner_text
                self.banner.show_hint(text(), tone)
        super().changeEvent(event)

    def _retranslate(self) -> None:
        self.setWindowTitle(self.tr("Change message"))
        # Once the message cannot be changed there is nothing to cancel, only to close.
        self.close_button.setText(self.tr("Close") if self._refused else self.tr("Cancel"))
        message = self._message
        if message is None:
            self.heading.setText(self.tr("Message {id}").format(id=self._message_id))
        else:
            self.heading.setText(
                self.tr("Message {id}: {status}, created {created} by {who}").format(
                    id=message.id,
                    status=status_label(message.status),
                    created=format_local(message.created_at, self._rules.zone),
                    who=message.created_by,
                )
            )

    def _show_banner(self, tone: Tone, text: Callable[[], str]) -> None:
        self._banner_text = (tone, text)
        self.banner.show_hint(text(), tone)

    def _clear_banner(self) -> None:
        self._banner_text = None
        self.banner.show_hint("", Tone.NEUTRAL)

    # --- reading ----------------------------------------------------------------------------

    def _read(self) -> tuple[repo.MessageRow | None, DeskRules, QuietHours | None]:
        return repo.get(self._db, self._message_id), load_rules(self._db), quiet_hours(self._db)

    def _on_read(self, result: tuple[repo.MessageRow | None, DeskRules, QuietHours | None]) -> None:
        message, rules, quiet = result
        self._rules = rules
        if message is None:
            error = repo.NotEditable.not_found(self._message_id)
            self._show_banner(Tone.ERROR, lambda: describe(error))
            self.loaded.emit()
            return
        self._message = message
        self._retranslate()
        self.composer = self._build_composer(message, rules, quiet)
        self._clear_banner()
        if message.origin != Origin.DESK:
            error = repo.NotEditable.because_elsewhere(message.id)
            self._refuse(lambda: describe(error))
        elif message.status not in EDITABLE:
            error = repo.NotEditable.because_status(message.id, message.status)
            self._refuse(lambda: not_editable_text(error))
        elif message.due_at <= self._clock.now():
            # A failed or retrying message is usually past its time; "now" is what resending
            # means, and the banner says so rather than changing it silently.
            self.composer.schedule_picker.set_now()
            was = format_local(message.due_at, rules.zone)
            self._show_banner(
                Tone.WARNING,
                lambda: self.tr(
                    "Its send time ({time}) has passed, so “Send now” is chosen. Pick a time "
                    "instead if it should wait."
                ).format(time=was),
            )
        self.loaded.emit()

    def _on_read_error(self, error: BaseException) -> None:
        text = describe(error) if isinstance(error, DomainError) else str(error)
        self._show_banner(
            Tone.ERROR,
            lambda: self.tr("The message could not be read: {reason}").format(reason=text),
        )
        self.loaded.emit()

    def _build_composer(
        self, message: repo.MessageRow, rules: DeskRules, quiet: QuietHours | None
    ) -> Composer:
        composer = _EditComposer(
            self,
            clock=self._clock,
            zone=rules.zone.key,
            region=rules.region,
            grace=rules.grace,
            quiet_hours=quiet,
            max_parts=rules.max_parts,
        )
        composer.setObjectName("editComposer")
        composer.layout().setContentsMargins(0, 8, 0, 0)
        composer.receiver_field.set_text(format_receiver(message.receiver))
        composer.body_editor.set_text(message.body)
        picker = composer.schedule_picker
        local = utc_to_local(message.due_at, rules.zone)
        picker.set_later(local.replace(tzinfo=None), fold=local.fold)
        if message.no_later_than is None:
            picker.deadline_check.setChecked(False)
        elif message.no_later_than != default_no_later_than(message.due_at, rules.grace):
            # A deadline the user chose earlier: typing it into the boxes keeps it pinned.
            deadline = utc_to_local(message.no_later_than, rules.zone)
            picker.deadline_date.setDate(QDate(deadline.year, deadline.month, deadline.day))
            picker.deadline_time.setTime(QTime(deadline.hour, deadline.minute))
        if message.send_anyway:
            picker.send_anyway_check.setChecked(True)
        composer.submitted.connect(self._save)
        # The composer takes the room the stretch held, and Cancel moves next to its
        # "Save changes" button, so both answers sit together as in every other dialog.
        self._layout.removeItem(self._filler)
        self._layout.insertWidget(2, composer, 1)
        buttons = composer.layout().itemAt(composer.layout().count() - 1)
        row = buttons.layout() if buttons is not None else None
        if isinstance(row, QHBoxLayout) and row.indexOf(composer.queue_button) >= 0:
            row.insertWidget(row.indexOf(composer.queue_button), self.close_button)
            self.close_button.show()  # a moved widget is hidden until shown again
        composer.body_editor.edit.setFocus(Qt.FocusReason.OtherFocusReason)
        return composer

    def _refuse(self, text: Callable[[], str]) -> None:
        """Show why the message cannot be changed and stop any further attempt."""
        assert self.composer is not None
        self._show_banner(Tone.ERROR, text)
        # Saving cannot work any more: the button goes, and Close moves out of the form
        # (which is disabled, and would take a button inside it along).
        self.composer.queue_button.hide()
        self._bottom.addWidget(self.close_button)
        self.close_button.show()
        self.composer.setEnabled(False)
        self._refused = True
        self._retranslate()

    # --- saving -----------------------------------------------------------------------------

    def _save(self, request: ComposeRequest) -> None:
        assert self.composer is not None
        if len(request.receivers) != 1:
            self.composer.rejected(
                self.tr(
                    "A message goes to one number. To send this text to several people, use "
                    "“Send to many”."
                )
            )
            return
        receiver = request.receivers[0]
        now = self._clock.now()

        def job() -> repo.MessageRow:
            return repo.edit(
                self._db,
                self._message_id,
                actor=desk_user(self._db),
                now=now,
                receiver=receiver,
                body=request.body,
                due_at=request.due_at,
                no_later_than=request.no_later_than,
                send_anyway=request.send_anyway,
            )

        self._saving = True
        self.close_button.setEnabled(False)
        self._worker.submit(job, self._on_saved, self._on_save_error, owner=self)

    def _on_saved(self, row: repo.MessageRow) -> None:
        self._saving = False
        self.close_button.setEnabled(True)
        self._message = row
        self.saved.emit(row.id)
        self.accept()

    def _on_reread(self, row: repo.MessageRow | None) -> None:
        if row is not None:
            self._message = row
            self._retranslate()

    def _on_save_error(self, error: BaseException) -> None:
        self._saving = False
        self.close_button.setEnabled(True)
        assert self.composer is not None
        if isinstance(error, repo.NotEditable):
            # The engine took it (or it was cancelled) while the dialog was open: the edit
            # transaction checked and changed nothing. Saving again cannot work.
            self.composer.rejected(self.tr("Nothing was changed."))
            self._refuse(lambda: not_editable_text(error))
            self.refused.emit(not_editable_text(error))
            # The heading still names the status the message had when the dialog opened.
            self._worker.submit(
                lambda: repo.get(self._db, self._message_id), self._on_reread, owner=self
            )
            return
        text = describe(error) if isinstance(error, DomainError) else str(error)
        message = self.tr(
            "Nothing was changed: {reason} Try again once that is sorted out."
        ).format(reason=text)
        self.composer.rejected(message)
        self.refused.emit(message)


__all__ = ["EditMessageDialog", "not_editable_text"]
