"""The "To" field: one mobile number, or a pasted list of them, checked while typing.

The verdict lives under the field in words. A half-typed number is not an error, so while
the last number is still plausibly being typed the hint stays grey ("keep typing"); the real
verdict comes once the number is long enough or the user leaves the field.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import phonenumbers
from phonenumbers import NumberParseException, ValidationResult
from PySide6.QtCore import QEvent, QObject, Signal
from PySide6.QtWidgets import QLineEdit, QVBoxLayout, QWidget

from desktop.domain.errors import DomainError
from desktop.domain.receivers import (
    DEFAULT_REGION,
    InvalidReceiver,
    Receiver,
    normalise_receiver,
)
from desktop.ui.messages import HintLabel, Tone, describe

# A pasted column from a spreadsheet arrives with newlines; people type commas or semicolons.
_SPLIT = re.compile(r"[\n\r,;]+")
_PHONE_CHARS = re.compile(r"[\d\s+\-./()\u2010-\u2014\u2212]*")


@dataclass(frozen=True)
class ReceiverProblem:
    """One entry that cannot be used: what was typed, the domain's error and its text."""

    text: str
    error: DomainError
    message: str


class ReceiverField(QWidget):
    """Line edit for receivers with a live, translated verdict underneath.

    Signals: ``validityChanged(bool)`` when the field turns usable or unusable,
    ``changed()`` after every re-check (the composer re-reads ``problem()`` then).
    """

    validityChanged = Signal(bool)
    changed = Signal()

    def __init__(self, parent: QWidget | None = None, *, region: str = DEFAULT_REGION) -> None:
        super().__init__(parent)
        self._region = region
        self._receivers: list[Receiver] = []
        self._errors: list[ReceiverProblem] = []
        self._duplicates = 0
        self._typing = False
        self._valid = False
        self._problem: str | None = None
        self._summary: str | None = None

        self.edit = QLineEdit(self)
        self.edit.setObjectName("receiverEdit")
        self.edit.setClearButtonEnabled(True)
        self.hint = HintLabel(self)
        self.hint.setObjectName("receiverHint")

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        layout.addWidget(self.edit)
        layout.addWidget(self.hint)

        self.edit.textChanged.connect(self._on_text_changed)
        # Focus decides between "keep typing" and the verdict, so watch it.
        self.edit.installEventFilter(self)
        self._retranslate()
        self._validate()

    # --- public API -----------------------------------------------------------------------

    def receivers(self) -> list[Receiver]:
        """The usable receivers, in the order typed, duplicates removed."""
        return list(self._receivers)

    def errors(self) -> list[ReceiverProblem]:
        """Every entry that cannot be used, in the order typed."""
        return list(self._errors)

    def duplicates(self) -> int:
        return self._duplicates

    def is_valid(self) -> bool:
        return self._valid

    def problem(self) -> str | None:
        """Why nothing can be queued to these receivers yet, in the user's language."""
        return self._problem

    def problem_summary(self) -> str | None:
        """A short pointer to the problem, for beside the Queue button."""
        return self._summary

    def text(self) -> str:
        return self.edit.text()

    def set_text(self, text: str) -> None:
        self.edit.setText(text)

    def set_region(self, region: str) -> None:
        """The region national numbers are read in (a desk setting)."""
        self._region = region
        self._validate()

    # --- events ---------------------------------------------------------------------------

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.edit and event.type() in (QEvent.Type.FocusIn, QEvent.Type.FocusOut):
            self._validate()
        return super().eventFilter(watched, event)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self._retranslate()
            self._validate()
        super().changeEvent(event)

    def _retranslate(self) -> None:
        self.edit.setPlaceholderText(
            self.tr("Mobile number, e.g. 070-123 45 67, or paste a list of numbers")
        )
        self.edit.setAccessibleName(self.tr("Receivers"))

    def _on_text_changed(self, text: str) -> None:
        if "\n" in text or "\r" in text:
            # A line edit shows newlines as nothing; make a pasted column a visible list.
            flat = ", ".join(part.strip() for part in re.split(r"[\r\n]+", text) if part.strip())
            self.edit.setText(flat)  # re-enters this slot once with the flat text
            self.edit.setCursorPosition(len(flat))
            return
        self._validate()

    # --- checking -------------------------------------------------------------------------

    def _still_typing(self, token: str) -> bool:
        """True while ``token`` looks like the start of a phone number the user is typing."""
        if not _PHONE_CHARS.fullmatch(token):
            return False  # letters and the like: say so at once
        digits = sum(char.isdigit() for char in token)
        if digits < 4:
            return True
        try:
            number = phonenumbers.parse(token, self._region)
        except NumberParseException as error:
            return error.error_type in (
                NumberParseException.TOO_SHORT_NSN,
                NumberParseException.TOO_SHORT_AFTER_IDD,
                NumberParseException.NOT_A_NUMBER,
            )
        reason = phonenumbers.is_possible_number_for_type_with_reason(
            number, phonenumbers.PhoneNumberType.MOBILE
        )
        return reason in (ValidationResult.TOO_SHORT, ValidationResult.IS_POSSIBLE_LOCAL_ONLY)

    def _validate(self) -> None:
        raw = self.edit.text()
        tokens = [token.strip() for token in _SPLIT.split(raw)]
        ends_open = not re.search(r"[,;]\s*$", raw)  # the last entry may still be typed
        tokens = [token for token in tokens if token]

        receivers: list[Receiver] = []
        seen: set[str] = set()
        errors: list[ReceiverProblem] = []
        duplicates = 0
        typing = False
        for position, token in enumerate(tokens):
            try:
                receiver = normalise_receiver(token, self._region)
            except InvalidReceiver as error:
                is_last = position == len(tokens) - 1
                if is_last and ends_open and self.edit.hasFocus() and self._still_typing(token):
                    typing = True
                    continue
                errors.append(ReceiverProblem(token, error, describe(error)))
                continue
            if receiver.e164 in seen:
                duplicates += 1
                continue
            seen.add(receiver.e164)
            receivers.append(receiver)

        self._receivers, self._errors = receivers, errors
        self._duplicates, self._typing = duplicates, typing
        self._show(len(tokens))
        valid = bool(receivers) and not errors and not typing
        if valid != self._valid:
            self._valid = valid
            self.validityChanged.emit(valid)
        self.changed.emit()

    def _show(self, entries: int) -> None:
        receivers, errors = self._receivers, self._errors
        duplicates_note = ""
        if self._duplicates == 1:
            duplicates_note = self.tr("1 duplicate number removed")
        elif self._duplicates > 1:
            duplicates_note = self.tr("{count} duplicate numbers removed").format(
                count=self._duplicates
            )

        if entries == 0:
            self._problem = self.tr("Type the customer's mobile number.")
            self._summary = self.tr("Add a receiver.")
            self.hint.show_hint(
                self.tr("One mobile number, or several separated by commas or new lines."),
                Tone.NEUTRAL,
            )
            return
        if errors:
            first = errors[0]
            self._summary = (
                self.tr("The number under “To” cannot be used.")
                if len(errors) == 1
                else self.tr("{bad} numbers under “To” cannot be used.").format(bad=len(errors))
            )
            if entries == 1:
                self._problem = first.message
                self.hint.show_hint(first.message, Tone.ERROR)
            else:
                summary = self.tr("{bad} of {total} numbers cannot be used. First: {reason}")
                text = summary.format(bad=len(errors), total=entries, reason=first.message)
                self._problem = text
                self.hint.show_hint(text, Tone.ERROR)
            return
        if self._typing:
            self._problem = self.tr("The last number is not complete yet.")
            self._summary = self.tr("Finish typing the number.")
            self.hint.show_hint(self._typing_text(receivers), Tone.NEUTRAL)
            return

        self._problem = self._summary = None
        if len(receivers) == 1:
            only = receivers[0]
            text = self.tr("{number}, {kind}").format(
                number=only.display(), kind=self._kind_text(only.kind)
            )
        else:
            text = self.tr("{count} receivers").format(count=len(receivers))
        if duplicates_note:
            text = f"{text} · {duplicates_note}"
        self.hint.show_hint(text, Tone.OK)
        self.hint.setToolTip("\n".join(receiver.display() for receiver in receivers))

    def _typing_text(self, receivers: list[Receiver]) -> str:
        if not receivers:
            return self.tr("Keep typing… (e.g. 070-123 45 67 or +46 70 123 45 67)")
        if len(receivers) == 1:
            return self.tr("1 receiver so far, keep typing…")
        return self.tr("{count} receivers so far, keep typing…").format(count=len(receivers))

    def _kind_text(self, kind: str) -> str:
        if kind == "mobile":
            return self.tr("mobile")
        if kind == "fixed_line_or_mobile":
            # phonenumbers cannot tell for some countries (the US, Canada): say so honestly.
            return self.tr("mobile or landline (cannot be told apart in this country)")
        return kind
