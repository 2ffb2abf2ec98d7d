"""Swedish on screen, and a translation file that cannot fall behind the code."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, QLocale
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from desktop.domain.receivers import InvalidReceiver, normalise_receiver
from desktop.ui import i18n
from desktop.ui.composer import Composer
from desktop.ui.messages import Tone, describe

ROOT = Path(__file__).resolve().parents[2]
TS_FILE = ROOT / "resources" / "translations" / "smsdesk_sv.ts"
FIELD = re.compile(r"\{(\w*)\}")


def ts_messages(path: Path) -> list[tuple[str, str, ET.Element]]:
    """(context, source, translation element) for every live message in a .ts file."""
    found = []
    for context in ET.parse(path).getroot().iter("context"):
        name = context.findtext("name") or ""
        for message in context.iter("message"):
            translation = message.find("translation")
            assert translation is not None
            if translation.get("type") in ("obsolete", "vanished"):
                continue
            found.append((name, message.findtext("source") or "", translation))
    return found


# --- choosing the language ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("setting", "system", "expected"),
    [
        ("sv", QLocale.Language.English, "sv"),
        ("en", QLocale.Language.Swedish, "en"),
        ("sv_SE", QLocale.Language.English, "sv"),
        ("system", QLocale.Language.Swedish, "sv"),
        (None, QLocale.Language.Swedish, "sv"),
        (None, QLocale.Language.German, "en"),
        ("fi", QLocale.Language.Swedish, "sv"),  # unsupported setting: follow the system
    ],
)
def test_choose_language(setting: str | None, system: QLocale.Language, expected: str) -> None:
    assert i18n.choose_language(setting, QLocale(system)) == expected


def test_setup_language_follows_the_setting(
    qtbot: QtBot, qapp: QApplication, qm_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(i18n.ENV_DIR, str(qm_dir))
    assert i18n.setup_language("sv", qapp) == "sv"
    assert QCoreApplication.translate("Composer", "Queue") == "Lägg i kö"
    assert QLocale().language() == QLocale.Language.Swedish  # weekday names in date boxes


def test_missing_catalogue_falls_back_to_english(qapp: QApplication, tmp_path: Path) -> None:
    assert not i18n.install_translators("sv", qapp, directory=tmp_path)
    assert QCoreApplication.translate("Composer", "Queue") == "Queue"


# --- Swedish on screen ----------------------------------------------------------------------


@pytest.mark.usefixtures("swedish")
def test_composer_speaks_swedish(shown, clock) -> None:  # type: ignore[no-untyped-def]
    composer = shown(Composer(clock=clock))
    assert composer.queue_button.text() == "Lägg i kö"
    assert composer.to_label.text() == "&Till:"
    assert composer.status.text() == "Lägg till en mottagare."
    assert composer.schedule_picker.now_radio.text() == "Skicka nu"


@pytest.mark.usefixtures("swedish")
def test_too_short_number_is_refused_in_swedish(
    qtbot: QtBot,
    shown,
    clock,
    type_text,  # type: ignore[no-untyped-def]
) -> None:
    composer = shown(Composer(clock=clock))
    type_text(composer.receiver_field.edit, "070-12")
    composer.receiver_field.edit.clearFocus()
    hint = composer.receiver_field.hint
    qtbot.waitUntil(lambda: hint.tone is Tone.ERROR)
    assert hint.text() == (
        "”070-12” är för kort för ett mobilnummer i Sverige. Kontrollera om det saknas siffror."
    )
    assert composer.status.text() == "Numret under ”Till” går inte att använda."


@pytest.mark.usefixtures("swedish")
def test_counter_and_cost_line_in_swedish(shown) -> None:  # type: ignore[no-untyped-def]
    composer = shown(Composer())
    composer.body_editor.set_text("Det’s dags")
    assert composer.body_editor.counter.text() == "1 sms, 10 av 70, UCS-2 (specialtecken)"
    assert composer.body_editor.cost_hint.text().startswith("’ (typografisk apostrof) på plats 4")


def test_switching_language_retranslates_open_widgets(
    qtbot: QtBot,
    qapp: QApplication,
    qm_dir: Path,
    shown,  # type: ignore[no-untyped-def]
    clock,  # type: ignore[no-untyped-def]
) -> None:
    composer = shown(Composer(clock=clock))
    assert composer.queue_button.text() == "Queue"
    assert i18n.install_translators("sv", qapp, directory=qm_dir)
    # Qt posts LanguageChange, so the widgets follow on the next turn of the event loop.
    qtbot.waitUntil(lambda: composer.queue_button.text() == "Lägg i kö")
    assert composer.body_editor.plain_button.text() == "Byt till vanliga tecken"
    assert composer.receiver_field.hint.text().startswith("Ett mobilnummer")
    i18n.install_translators("en", qapp)
    qtbot.waitUntil(lambda: composer.queue_button.text() == "Queue")


@pytest.mark.usefixtures("swedish")
def test_qt_own_strings_are_swedish_too() -> None:
    # qtbase_sv from the PySide6 wheel: the line edit's context menu and dialog buttons.
    assert QCoreApplication.translate("QLineEdit", "&Paste") == "Klistra &in"


@pytest.mark.usefixtures("swedish")
def test_describe_translates_the_domain_error_and_the_country() -> None:
    with pytest.raises(InvalidReceiver) as caught:
        normalise_receiver("08-123 456 78")
    assert describe(caught.value) == (
        "”08-123 456 78” är ett fast telefonnummer. Sms kan bara skickas till mobilnummer."
    )


# --- the translation file -------------------------------------------------------------------


def test_every_message_is_translated_with_the_same_placeholders() -> None:
    problems = []
    for context, source, translation in ts_messages(TS_FILE):
        where = f"[{context}] {source!r}"
        if translation.get("type") == "unfinished" or not (translation.text or "").strip():
            problems.append(f"untranslated: {where}")
        elif sorted(FIELD.findall(translation.text or "")) != sorted(FIELD.findall(source)):
            # .format() would raise, or show a raw {name}, on the Swedish desk only.
            problems.append(f"placeholders differ: {where} -> {translation.text!r}")
    assert not problems, "\n".join(problems)


def test_translation_file_has_every_string_in_the_code(tmp_path: Path) -> None:
    """Run lupdate over desktop/ into a copy: anything it adds is missing from the .ts."""
    beside = Path(sys.executable).with_name("pyside6-lupdate")
    lupdate = str(beside) if beside.exists() else shutil.which("pyside6-lupdate")
    assert lupdate, "pyside6-lupdate is missing: the PySide6 install is incomplete"
    copy = tmp_path / TS_FILE.name
    shutil.copy(TS_FILE, copy)
    sources = sorted(str(path) for path in (ROOT / "desktop").rglob("*.py"))
    subprocess.run(
        [lupdate, "-silent", "-locations", "none", *sources, "-ts", str(copy)],
        check=True,
        timeout=120,
    )
    new = [f"[{c}] {s!r}" for c, s, t in ts_messages(copy) if t.get("type") == "unfinished"]
    assert not new, (
        "strings in the code are missing from smsdesk_sv.ts; run `make translations-update` "
        "and translate them:\n" + "\n".join(new)
    )
