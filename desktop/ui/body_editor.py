"""The message body: a text box that shows the cost of the message while typing.

One curly apostrophe can double what every SMS costs (USERS.md), so the counter is always
visible, the characters that force the expensive UCS-2 encoding are highlighted in the
text, a line names them with their position, and one click (one undo step) replaces them
with plain look-alikes. Templates carry placeholders ({name}, {date}, {time}); the counter
counts the text as it will be sent, with the placeholders filled in.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass

from PySide6.QtCore import QCoreApplication, QEvent, Qt, Signal
from PySide6.QtGui import QColor, QFont, QTextCharFormat, QTextCursor, QTextFormat
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QSizePolicy,
    QTextEdit,
    QVBoxLayout,
    QWidget,
)

from desktop.domain.body import DEFAULT_MAX_PARTS, InvalidBody, clean_body
from desktop.domain.i18n import QT_TRANSLATE_NOOP
from desktop.domain.sms_parts import SmsCount, count_sms, gsm_safe
from desktop.ui.messages import HintLabel, Tone, describe

PLACEHOLDERS: tuple[str, ...] = ("name", "date", "time")
_PLACEHOLDER = re.compile(r"\{(name|date|time)\}")

# Soft, readable marks: amber behind characters that cost money, blue behind blanks to fill.
# A thin ’ is only a few pixels wide, so its mark must be strong to be found at a glance.
_EXPENSIVE_BACKGROUND = QColor("#ffb84d")
_EXPENSIVE_FOREGROUND = QColor("#5a2d00")
_EXPENSIVE_UNDERLINE = QColor("#b35900")
_PLACEHOLDER_BACKGROUND = QColor("#dce8f7")


# The domain names characters by their Unicode name. The usual culprits (USERS.md: curly
# quotes, dashes, "…", the non-breaking space, ç, the backtick) get a name the desk knows;
# any other character is named in English, which is still better than nothing.
CHARACTER_NAMES: tuple[str, ...] = (
    QT_TRANSLATE_NOOP("characters", "right single quotation mark"),
    QT_TRANSLATE_NOOP("characters", "left single quotation mark"),
    QT_TRANSLATE_NOOP("characters", "left double quotation mark"),
    QT_TRANSLATE_NOOP("characters", "right double quotation mark"),
    QT_TRANSLATE_NOOP("characters", "double low-9 quotation mark"),
    QT_TRANSLATE_NOOP("characters", "en dash"),
    QT_TRANSLATE_NOOP("characters", "em dash"),
    QT_TRANSLATE_NOOP("characters", "horizontal ellipsis"),
    QT_TRANSLATE_NOOP("characters", "no-break space"),
    QT_TRANSLATE_NOOP("characters", "latin small letter c with cedilla"),
    QT_TRANSLATE_NOOP("characters", "grave accent"),
    QT_TRANSLATE_NOOP("characters", "acute accent"),
    QT_TRANSLATE_NOOP("characters", "bullet"),
    QT_TRANSLATE_NOOP("characters", "zero width space"),
    QT_TRANSLATE_NOOP("characters", "soft hyphen"),
)


@dataclass(frozen=True)
class BodyTemplate:
    """A local text template; ``text`` may contain {name}, {date} and {time}."""

    title: str
    text: str


def _utf16_offset(text: str, index: int) -> int:
    """Qt positions count UTF-16 units; Python indexes count code points (emoji differ)."""
    return len(text[:index].encode("utf-16-le")) // 2


class BodyEditor(QWidget):
    """Plain-text editor with live SMS count, UCS-2 warnings and templates.

    Signals: ``changed()`` after every re-count. Methods: ``text()``, ``set_text()``,
    ``filled_text()``, ``sms_count()``, ``problem()``, ``cleaned_body()``,
    ``set_placeholder_values()``, ``set_templates()``, ``set_max_parts()``,
    ``replace_with_plain()``, ``clear()``.
    """

    changed = Signal()

    def __init__(
        self,
        parent: QWidget | None = None,
        *,
        max_parts: int = DEFAULT_MAX_PARTS,
        max_chars: int | None = None,
    ) -> None:
        super().__init__(parent)
        self._max_parts = max_parts
        self._max_chars = max_chars
        self._values: dict[str, str] = {}
        self._custom_templates: list[BodyTemplate] | None = None
        self._count: SmsCount | None = None
        self._problem: str | None = None
        self._summary: str | None = None
        self._cleaned: str | None = None

        self.templates = QComboBox(self)
        self.templates.setObjectName("templateCombo")
        self.templates.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.edit = QPlainTextEdit(self)
        self.edit.setObjectName("bodyEdit")
        self.edit.setTabChangesFocus(True)  # Tab moves on, as in every other form field
        self.edit.setMinimumHeight(110)
        self.counter = QLabel(self)
        self.counter.setObjectName("smsCounter")
        self.cap = QLabel(self)
        self.cap.setObjectName("smsCap")
        self.cap.setStyleSheet("color: #4a5560;")
        self.cap.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.cost_hint = HintLabel(self)
        self.cost_hint.setObjectName("costHint")
        self.plain_button = QPushButton(self)
        self.plain_button.setObjectName("plainButton")
        self.plain_button.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
        self.plain_button.hide()
        self.fill_hint = HintLabel(self)
        self.fill_hint.setObjectName("fillHint")

        top = QHBoxLayout()
        top.setContentsMargins(0, 0, 0, 0)
        top.addWidget(self.templates)
        top.addStretch(1)
        counts = QHBoxLayout()
        counts.setContentsMargins(0, 0, 0, 0)
        counts.addWidget(self.counter, 1)
        counts.addWidget(self.cap)
        cost = QHBoxLayout()
        cost.setContentsMargins(0, 0, 0, 0)
        cost.addWidget(self.cost_hint, 1)
        cost.addWidget(self.plain_button, 0, Qt.AlignmentFlag.AlignTop)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        layout.addLayout(top)
        layout.addWidget(self.edit, 1)
        layout.addLayout(counts)
        layout.addLayout(cost)
        layout.addWidget(self.fill_hint)

        self.edit.textChanged.connect(self._recount)
        self.templates.activated.connect(self._apply_template)
        self.plain_button.clicked.connect(self.replace_with_plain)
        self._retranslate()
        self._recount()

    # --- public API -----------------------------------------------------------------------

    def text(self) -> str:
        """What is in the box, placeholders and all."""
        return self.edit.toPlainText()

    def set_text(self, text: str) -> None:
        self.edit.setPlainText(text)

    def clear(self) -> None:
        self.edit.clear()

    def filled_text(self) -> str:
        """The text as it will be sent: placeholders with a value are filled in."""
        return self._fill(self.text(), self._values)

    def unfilled_placeholders(self) -> list[str]:
        """Placeholders in the text that have no real value yet, in order of appearance."""
        found: list[str] = []
        for match in _PLACEHOLDER.finditer(self.text()):
            key = match.group(1)
            if key not in self._values and key not in found:
                found.append(key)
        return found

    def sms_count(self) -> SmsCount:
        assert self._count is not None
        return self._count

    def problem(self) -> str | None:
        """Why this body cannot be queued, in the user's language; None when it can."""
        return self._problem

    def problem_summary(self) -> str | None:
        """A short pointer to the problem, for beside the Queue button."""
        return self._summary

    def cleaned_body(self) -> str | None:
        """The body as the outbox will store it, or None while there is a problem."""
        return self._cleaned

    def set_placeholder_values(self, values: dict[str, str]) -> None:
        """Real values for {name}, {date}, {time} (e.g. from a booking); others are ignored."""
        self._values = {key: str(value) for key, value in values.items() if key in PLACEHOLDERS}
        self._recount()

    def set_templates(self, templates: list[BodyTemplate] | None) -> None:
        """The desk's own templates; None brings back the built-in ones."""
        self._custom_templates = list(templates) if templates is not None else None
        self._fill_template_combo()

    def set_max_parts(self, max_parts: int, max_chars: int | None = None) -> None:
        """The cap per message (a setting, or BokaMera's MaxCharacters when known)."""
        self._max_parts, self._max_chars = max_parts, max_chars
        self._retranslate()
        self._recount()

    def replace_with_plain(self) -> None:
        """Swap the characters that force UCS-2 for plain ones, as one undo step."""
        old = self.text()
        new = gsm_safe(old)
        if new == old:
            return
        cursor = QTextCursor(self.edit.document())
        cursor.beginEditBlock()
        # Replace only what changed, from the end backwards, so the user's cursor and the
        # rest of the text stay where they are.
        opcodes = difflib.SequenceMatcher(None, old, new, autojunk=False).get_opcodes()
        for tag, i1, i2, j1, j2 in reversed(opcodes):
            if tag == "equal":
                continue
            cursor.setPosition(_utf16_offset(old, i1))
            cursor.setPosition(_utf16_offset(old, i2), QTextCursor.MoveMode.KeepAnchor)
            cursor.insertText(new[j1:j2])
        cursor.endEditBlock()

    # --- translation ----------------------------------------------------------------------

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self._retranslate()
            self._recount()
        super().changeEvent(event)

    def _retranslate(self) -> None:
        self.edit.setPlaceholderText(self.tr("Type the message, or pick a template above."))
        self.edit.setAccessibleName(self.tr("Message"))
        self.plain_button.setText(self.tr("Replace with plain characters"))
        self.plain_button.setToolTip(
            self.tr("Swap curly quotes, long dashes and the like for plain ones (Ctrl+Z undoes it)")
        )
        if self._max_chars is not None:
            self.cap.setText(self.tr("At most {chars} characters").format(chars=self._max_chars))
        else:
            self.cap.setText(
                self.tr("At most {parts} SMS per message").format(parts=self._max_parts)
            )
        self._fill_template_combo()

    def _builtin_templates(self) -> list[BodyTemplate]:
        return [
            BodyTemplate(
                self.tr("Appointment reminder"),
                self.tr(
                    "Hi {name}, this is a reminder of your appointment on {date} at {time}. "
                    "Welcome!"
                ),
            ),
            BodyTemplate(
                self.tr("Appointment cancelled"),
                self.tr(
                    "Hi {name}, your appointment on {date} at {time} has been cancelled. "
                    "Call us and we will find a new time."
                ),
            ),
            BodyTemplate(
                self.tr("Running late"),
                self.tr(
                    "Hi {name}, we are running about 15 minutes late today. Sorry for the wait!"
                ),
            ),
        ]

    def _sample_values(self) -> dict[str, str]:
        # Counted in place of blanks not yet filled; on the long side so the count is honest.
        return {
            "name": self.tr("Anna-Karin Johansson"),
            "date": self.tr("Wednesday 14 October"),
            "time": self.tr("14:30"),
        }

    def _fill_template_combo(self) -> None:
        templates = self._custom_templates
        if templates is None:
            templates = self._builtin_templates()
        self.templates.blockSignals(True)
        self.templates.clear()
        self.templates.setPlaceholderText(self.tr("Use a template…"))
        for template in templates:
            self.templates.addItem(template.title, template.text)
        self.templates.setCurrentIndex(-1)
        self.templates.setEnabled(bool(templates))
        self.templates.blockSignals(False)

    def _apply_template(self, index: int) -> None:
        text = self.templates.itemData(index)
        if not isinstance(text, str):
            return
        # One edit block: Ctrl+Z brings back what was typed before the template.
        cursor = QTextCursor(self.edit.document())
        cursor.beginEditBlock()
        cursor.select(QTextCursor.SelectionType.Document)
        cursor.insertText(text)
        cursor.endEditBlock()
        self.templates.setCurrentIndex(-1)
        self.edit.setFocus(Qt.FocusReason.OtherFocusReason)
        # Put the cursor on the first blank so the user can type over it at once.
        match = _PLACEHOLDER.search(text)
        if match is not None:
            cursor = self.edit.textCursor()
            cursor.setPosition(_utf16_offset(text, match.start()))
            cursor.setPosition(_utf16_offset(text, match.end()), QTextCursor.MoveMode.KeepAnchor)
            self.edit.setTextCursor(cursor)

    # --- counting -------------------------------------------------------------------------

    @staticmethod
    def _fill(text: str, values: dict[str, str]) -> str:
        # Only the three known blanks are touched; other braces are the user's own text.
        return _PLACEHOLDER.sub(lambda match: values.get(match.group(1), match.group(0)), text)

    def _recount(self) -> None:
        raw = self.text()
        counted = self._fill(raw, {**self._sample_values(), **self._values})
        count = count_sms(counted)
        self._count = count
        raw_count = count_sms(raw) if counted != raw else count

        self._highlight(raw, raw_count)
        self._show_counter(count)
        self._show_cost_hint(raw, raw_count, count, counted)
        self._check(counted)
        self.changed.emit()

    def _capacity(self, count: SmsCount) -> int:
        return count.per_part * max(count.parts, 1)

    def _show_counter(self, count: SmsCount) -> None:
        parts = max(count.parts, 1)
        if count.encoding == "GSM-7":
            text = self.tr("{parts} SMS, {units} of {capacity}, GSM-7")
        else:
            text = self.tr("{parts} SMS, {units} of {capacity}, UCS-2 (special characters)")
        self.counter.setText(
            text.format(parts=parts, units=count.units, capacity=self._capacity(count))
        )
        over = count.parts > self._max_parts or (
            self._max_chars is not None and len(self.filled_text()) > self._max_chars
        )
        colour = "#8a2a2a" if over else ("#6b4400" if count.encoding != "GSM-7" else "#1d2a36")
        self.counter.setStyleSheet(f"color: {colour}; font-weight: 600;")
        self.counter.setToolTip(
            self.tr("Counted as it will be sent, with {name}, {date} and {time} filled in.")
        )

    def _highlight(self, raw: str, raw_count: SmsCount) -> None:
        selections: list[QTextEdit.ExtraSelection] = []
        expensive = QTextCharFormat()
        expensive.setBackground(_EXPENSIVE_BACKGROUND)
        expensive.setForeground(_EXPENSIVE_FOREGROUND)
        expensive.setFontWeight(QFont.Weight.Bold)
        expensive.setUnderlineStyle(QTextCharFormat.UnderlineStyle.WaveUnderline)
        expensive.setUnderlineColor(_EXPENSIVE_UNDERLINE)
        expensive.setProperty(QTextFormat.Property.UserProperty, "ucs2")
        blank = QTextCharFormat()
        blank.setBackground(_PLACEHOLDER_BACKGROUND)
        blank.setProperty(QTextFormat.Property.UserProperty, "placeholder")

        def mark(start: int, end: int, char_format: QTextCharFormat) -> None:
            selection = QTextEdit.ExtraSelection()
            cursor = QTextCursor(self.edit.document())
            cursor.setPosition(_utf16_offset(raw, start))
            cursor.setPosition(_utf16_offset(raw, end), QTextCursor.MoveMode.KeepAnchor)
            selection.cursor = cursor  # type: ignore[attr-defined]
            selection.format = char_format  # type: ignore[attr-defined]
            selections.append(selection)

        for match in _PLACEHOLDER.finditer(raw):
            if match.group(1) not in self._values:
                mark(match.start(), match.end(), blank)
        for offending in raw_count.offending:
            mark(offending.index, offending.index + len(offending.char), expensive)
        self.edit.setExtraSelections(selections)

    def _describe_char(self, char: str, name: str) -> str:
        shown = "␣" if char.isspace() else char  # an invisible space still needs a face
        spoken = QCoreApplication.translate("characters", name.lower())
        return self.tr("{char} ({name})").format(char=shown, name=spoken)

    def _show_cost_hint(self, raw: str, raw_count: SmsCount, count: SmsCount, counted: str) -> None:
        if count.encoding == "GSM-7":
            self.cost_hint.show_hint("", Tone.NEUTRAL)
            self.plain_button.hide()
            return

        plain = count_sms(self._without_offending(counted, count))
        # Name each distinct character once, with the first place it appears in the box.
        named: list[str] = []
        seen: set[str] = set()
        for offending in raw_count.offending:
            if offending.char in seen:
                continue
            seen.add(offending.char)
            named.append(
                self.tr("{char} at position {position}").format(
                    char=self._describe_char(offending.char, offending.name),
                    position=offending.index + 1,
                )
            )
        if not named:
            # Only a filled-in value (a customer's name, say) is to blame.
            chars = ", ".join(
                self._describe_char(o.char, o.name)
                for o in {o.char: o for o in count.offending}.values()
            )
            subject = self.tr("{chars} in the filled-in values").format(chars=chars)
            many = False
        else:
            shown = named[:3]
            subject = ", ".join(shown)
            if len(named) > 3:
                subject = self.tr("{chars} and {count} more").format(
                    chars=subject, count=len(named) - 3
                )
            many = len(named) > 1

        if plain.parts < count.parts:
            sentence = (
                self.tr("{subject} make this cost {parts} SMS instead of {plain}.")
                if many
                else self.tr("{subject} makes this cost {parts} SMS instead of {plain}.")
            )
        else:
            sentence = (
                self.tr(
                    "{subject} switch the message to special characters: "
                    "one SMS then holds {ucs2} characters instead of {gsm}."
                )
                if many
                else self.tr(
                    "{subject} switches the message to special characters: "
                    "one SMS then holds {ucs2} characters instead of {gsm}."
                )
            )
        # Single-part capacities of the two encodings (GSM 03.38).
        text = sentence.format(
            subject=subject, parts=count.parts, plain=plain.parts, ucs2=70, gsm=160
        )
        fixable = gsm_safe(raw) != raw
        if not fixable:
            text += " " + self.tr("There is no plain version of it: remove it to save the cost.")
        self.cost_hint.show_hint(text, Tone.WARNING)
        self.plain_button.setVisible(fixable)

    @staticmethod
    def _without_offending(text: str, count: SmsCount) -> str:
        """The text with every UCS-2 character swapped for its plain version, or dropped."""
        chars = list(text)
        for offending in sorted(count.offending, key=lambda o: o.index, reverse=True):
            end = offending.index + len(offending.char)
            chars[offending.index : end] = [offending.replacement or ""]
        return "".join(chars)

    def _check(self, counted: str) -> None:
        missing = self.unfilled_placeholders()
        try:
            cleaned = clean_body(
                self.filled_text() if not missing else counted,
                max_parts=self._max_parts,
                max_chars=self._max_chars,
            )
        except InvalidBody as error:
            self._cleaned = None
            self._problem = describe(error)
            self._summary = (
                self.tr("Write the message.")
                if error.code == "empty"
                else self.tr("The message is too long.")
            )
            self.fill_hint.show_hint(
                self._problem if self.text().strip() else "",
                Tone.ERROR,
            )
            return
        if missing:
            blanks = ", ".join("{" + key + "}" for key in missing)
            self._cleaned = None
            self._problem = self.tr(
                "Replace {blanks} in the message with the real details before queuing."
            ).format(blanks=blanks)
            self._summary = self.tr("Fill in {blanks} in the message.").format(blanks=blanks)
            self.fill_hint.show_hint(self._problem, Tone.NEUTRAL)
            return
        self._cleaned = cleaned
        self._problem = self._summary = None
        self.fill_hint.show_hint("", Tone.NEUTRAL)
