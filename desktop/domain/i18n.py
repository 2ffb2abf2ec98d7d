"""Translatable message templates for the domain, without importing Qt.

The domain speaks English templates with ``{named}`` fields. The UI translates a template
with ``QCoreApplication.translate(context, template)`` before filling it in, and Qt's
``lupdate`` finds the templates because they are marked with ``QT_TRANSLATE_NOOP`` (which
``lupdate`` recognises by name in Python sources).
"""

from __future__ import annotations


def QT_TRANSLATE_NOOP(context: str, text: str) -> str:
    """Mark ``text`` for translation in ``context``; returns it unchanged."""
    return text


# The settings key of the window's language ("system", "sv" or "en"). Here, in a module
# with no imports, because start-up reads it before the storage layer is loaded.
APP_LANGUAGE = "ui.language"
