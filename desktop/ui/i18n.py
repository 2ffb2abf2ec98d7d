"""Choosing the user's language and installing Qt translators for it.

Two translators are installed for Swedish: our own ``smsdesk_sv.qm`` (built from
``resources/translations/smsdesk_sv.ts`` by ``make``) and Qt's ``qtbase_sv.qm`` from the
PySide6 wheel, so standard buttons and context menus (Cut, Copy, Paste) speak Swedish too.
English is the source language and needs no translator.
"""

from __future__ import annotations

import logging
import os
import sys
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

log = logging.getLogger(__name__)

SUPPORTED = ("en", "sv")
APP_CATALOGUE = "smsdesk"
QT_CATALOGUES = ("qtbase",)
ENV_DIR = "SMSDESK_TRANSLATIONS"  # lets tests and bundles point at their own .qm folder

# Installed translators must stay referenced, or Python frees them under Qt's feet.
_installed: list[QTranslator] = []


def translations_dir() -> Path:
    """Where our .qm files are: $SMSDESK_TRANSLATIONS, a PyInstaller bundle, or the tree."""
    override = os.environ.get(ENV_DIR)
    if override:
        return Path(override)
    bundle = getattr(sys, "_MEIPASS", None)
    if bundle:
        return Path(bundle) / "resources" / "translations"
    return Path(__file__).resolve().parents[2] / "resources" / "translations"


def choose_language(setting: str | None = None, system: QLocale | None = None) -> str:
    """ "sv" or "en": the setting when it names a supported language, else the system's."""
    if setting and setting.lower() not in ("", "system", "auto"):
        code = setting.lower().replace("-", "_").split("_")[0]
        if code in SUPPORTED:
            return code
        log.warning("language setting %r is not supported; following the system", setting)
    locale = system if system is not None else QLocale.system()
    return "sv" if locale.language() == QLocale.Language.Swedish else "en"


def install_translators(
    language: str, app: QCoreApplication | None = None, *, directory: Path | None = None
) -> bool:
    """Replace the installed translators with those for ``language``.

    Returns True when our own catalogue was loaded (always True for English). A missing
    catalogue is logged, not raised: the desk still works, in English.
    """
    app = app or QCoreApplication.instance()
    if app is None:
        raise RuntimeError("create the QApplication before installing translators")
    remove_translators(app)
    if language == "sv":
        QLocale.setDefault(QLocale(QLocale.Language.Swedish, QLocale.Country.Sweden))
    else:
        QLocale.setDefault(QLocale(QLocale.Language.English, QLocale.Country.Sweden))
    if language == "en":
        return True

    ours = _load(f"{APP_CATALOGUE}_{language}", directory or translations_dir())
    if ours is None:
        log.warning(
            "no %s translation in %s: run `make` to build the .qm files",
            language,
            directory or translations_dir(),
        )
    qt_dir = Path(QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath))
    for catalogue in QT_CATALOGUES:
        _load(f"{catalogue}_{language}", qt_dir)
    for translator in _installed:
        app.installTranslator(translator)
    return ours is not None


def remove_translators(app: QCoreApplication | None = None) -> None:
    app = app or QCoreApplication.instance()
    while _installed:
        translator = _installed.pop()
        if app is not None:
            app.removeTranslator(translator)


def _load(name: str, directory: Path) -> QTranslator | None:
    translator = QTranslator()
    if not translator.load(name, str(directory)):
        return None
    _installed.append(translator)
    return translator


def installed_translators() -> list[QTranslator]:
    return list(_installed)


def setup_language(setting: str | None = None, app: QCoreApplication | None = None) -> str:
    """One call for start-up: pick the language from the setting or the system, install it.

    Returns the language chosen ("sv" or "en").
    """
    language = choose_language(setting)
    install_translators(language, app)
    return language
