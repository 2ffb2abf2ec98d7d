"""How the widgets speak to the user: domain errors in the user's language, in a calm tone.

The domain raises ``DomainError`` with an English template marked for translation in its
``context``; here it is translated with the installed QTranslators and then filled in.
Hints come in a few tones so the eye learns them: grey for "keep going", green for "fine",
amber for "look at this", and a muted red for "this cannot be queued". Nothing shouts:
the text always says what is wrong and what to do, the colour only helps.
"""

from __future__ import annotations

from enum import StrEnum

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QLabel, QSizePolicy, QWidget

from desktop.domain.errors import DomainError
from desktop.domain.i18n import QT_TRANSLATE_NOOP

# The domain names countries in English ("Sweden"). The desks are Nordic, so the names they
# will meet are marked here for translation; any other name is shown as the domain gave it.
COUNTRY_NAMES: tuple[str, ...] = (
    QT_TRANSLATE_NOOP("countries", "Sweden"),
    QT_TRANSLATE_NOOP("countries", "Norway"),
    QT_TRANSLATE_NOOP("countries", "Denmark"),
    QT_TRANSLATE_NOOP("countries", "Finland"),
    QT_TRANSLATE_NOOP("countries", "Iceland"),
    QT_TRANSLATE_NOOP("countries", "Germany"),
    QT_TRANSLATE_NOOP("countries", "United Kingdom"),
    QT_TRANSLATE_NOOP("countries", "United States"),
)


def translate(context: str, text: str) -> str:
    """``QCoreApplication.translate`` with the (context, text) signature the domain expects."""
    return QCoreApplication.translate(context, text)


def describe(error: DomainError) -> str:
    """The error in the user's language, placeholders filled in."""
    params = dict(error.params)
    if isinstance(params.get("country"), str):
        params["country"] = translate("countries", params["country"])
    try:
        return translate(error.context, error.template).format(**params)
    except (KeyError, IndexError, ValueError):
        # A translation that names a placeholder the template lacks must not crash the
        # desk: fall back to the English text, which is always consistent with its params.
        return error.message


class Tone(StrEnum):
    NEUTRAL = "neutral"  # keep typing, explanations
    OK = "ok"  # the input is fine
    WARNING = "warning"  # allowed, but look at this (quiet hours, extra cost)
    ERROR = "error"  # cannot be queued like this


# Foreground / background / border. Dark text on pale fills keeps contrast above WCAG AA
# on both light and dark system palettes, because the fill is always painted.
_TONE_COLOURS: dict[Tone, tuple[str, str, str]] = {
    Tone.NEUTRAL: ("#4a5560", "transparent", "transparent"),
    Tone.OK: ("#1f5f3a", "#eaf5ee", "#cfe6d8"),
    Tone.WARNING: ("#6b4400", "#fdf3df", "#f0d9a8"),
    Tone.ERROR: ("#8a2a2a", "#fbecec", "#efcaca"),
}


def tone_style(tone: Tone) -> str:
    foreground, background, border = _TONE_COLOURS[tone]
    if tone is Tone.NEUTRAL:
        # Plain text, no box: it lines up with the labels around it.
        return f"color: {foreground}; background: transparent; border: none; padding: 3px 0px;"
    return (
        f"color: {foreground}; background: {background}; border: 1px solid {border};"
        " border-radius: 4px; padding: 3px 6px;"
    )


class HintLabel(QLabel):
    """A word-wrapped line under an input that says how the input is doing."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWordWrap(True)
        self.setIndent(0)  # the text starts where the input above it starts
        self.setTextFormat(self.textFormat().PlainText)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Minimum)
        self._tone = Tone.NEUTRAL
        self.show_hint("", Tone.NEUTRAL)

    @property
    def tone(self) -> Tone:
        return self._tone

    def show_hint(self, text: str, tone: Tone = Tone.NEUTRAL) -> None:
        self._tone = tone
        self.setProperty("tone", tone.value)  # tests and style sheets can read it
        self.setStyleSheet(tone_style(tone))
        self.setText(text)
        # An empty hint takes no room, so the form does not jump when it appears.
        self.setVisible(bool(text))
