"""The welcome: shown on the first start only, explains practice mode, leads to the settings."""

from __future__ import annotations

from collections.abc import Callable

import keyring.backends.fail
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog
from pytestqt.qtbot import QtBot

from desktop.account_store import SaveResult, SessionSecrets
from desktop.secrets import open_secret_store
from desktop.storage import repository as repo
from desktop.storage.database import Database
from desktop.ui.db_worker import DbWorker
from desktop.ui.welcome import WelcomeDialog, mark_welcome_seen, should_show_welcome


@pytest.fixture
def open_welcome(qtbot: QtBot, db: Database, worker: DbWorker) -> Callable[[], WelcomeDialog]:
    # No keyring at all: the welcome's paths save no secret, and none may reach a real one.
    secrets = SessionSecrets(
        lambda namespace: open_secret_store(namespace, backend=keyring.backends.fail.Keyring())
    )

    def _open() -> WelcomeDialog:
        dialog = WelcomeDialog(db, worker, secrets_factory=secrets, network=worker)
        qtbot.addWidget(dialog)
        dialog.show()
        qtbot.waitExposed(dialog)
        return dialog

    return _open


def test_the_welcome_is_shown_once(
    qtbot: QtBot, db: Database, open_welcome: Callable[[], WelcomeDialog]
) -> None:
    assert should_show_welcome(db)
    welcome = open_welcome()
    assert "nothing leaves this computer" in welcome.practice_note.text()

    qtbot.mouseClick(welcome.practice_button, Qt.MouseButton.LeftButton)

    assert welcome.result() == QDialog.DialogCode.Accepted
    assert not welcome.isVisible()
    qtbot.waitUntil(lambda: not should_show_welcome(db), timeout=5000)


def test_escape_counts_as_seen_too(
    qtbot: QtBot, db: Database, open_welcome: Callable[[], WelcomeDialog]
) -> None:
    welcome = open_welcome()
    qtbot.keyClick(welcome, Qt.Key.Key_Escape)
    assert not welcome.isVisible()
    qtbot.waitUntil(lambda: not should_show_welcome(db), timeout=5000)


def test_a_desk_with_an_account_gets_no_welcome(db: Database) -> None:
    repo.set_setting(db, "account.environment", "production")
    assert not should_show_welcome(db)
    repo.set_setting(db, "account.environment", "practice")
    assert should_show_welcome(db)
    mark_welcome_seen(db)
    assert not should_show_welcome(db)


def test_connect_opens_the_settings_and_cancelling_comes_back(
    qtbot: QtBot, db: Database, open_welcome: Callable[[], WelcomeDialog]
) -> None:
    welcome = open_welcome()

    qtbot.mouseClick(welcome.connect_button, Qt.MouseButton.LeftButton)

    settings = welcome.settings_dialog
    assert settings is not None
    qtbot.waitUntil(lambda: settings.is_loaded, timeout=5000)
    assert settings.isVisible()
    assert not welcome.isVisible()

    qtbot.mouseClick(settings.cancel_button, Qt.MouseButton.LeftButton)

    qtbot.waitUntil(welcome.isVisible, timeout=5000)
    assert welcome.settings_dialog is None


def test_saving_the_settings_finishes_the_welcome(
    qtbot: QtBot, db: Database, open_welcome: Callable[[], WelcomeDialog]
) -> None:
    welcome = open_welcome()
    qtbot.mouseClick(welcome.connect_button, Qt.MouseButton.LeftButton)
    settings = welcome.settings_dialog
    assert settings is not None
    qtbot.waitUntil(lambda: settings.is_loaded, timeout=5000)

    with qtbot.waitSignal(welcome.saved, timeout=5000) as blocker:
        qtbot.mouseClick(settings.save_button, Qt.MouseButton.LeftButton)

    assert isinstance(blocker.args[0], SaveResult)
    assert welcome.result() == QDialog.DialogCode.Accepted
    assert not welcome.isVisible()
    qtbot.waitUntil(lambda: not should_show_welcome(db), timeout=5000)
