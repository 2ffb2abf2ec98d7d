"""The settings dialog, driven as a user would: typing, clicking, waiting for the worker.

Real SQLite files in tmp_path, the real sandbox over loopback for "Test connection", and a
dict-backed keyring backend (a double of the keyring library's interface, not of our code).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import keyring.backend
import keyring.backends.fail
import keyring.errors
import pytest
from keyring.compat import properties
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QAbstractButton, QLineEdit, QWidget
from pytestqt.qtbot import QtBot
from sqlmodel import select

from desktop.account_store import API_KEY_KEY, PASSWORD_KEY, SessionSecrets, secret_store_for
from desktop.sandbox.server import SandboxServer
from desktop.secrets import SERVICE, open_secret_store
from desktop.storage.database import Database
from desktop.storage.models import Setting
from desktop.ui.db_worker import DbWorker
from desktop.ui.messages import Tone
from desktop.ui.settings_dialog import SettingsDialog, save_summary

PASSWORD = "Vinter-2026 hemligt"
API_KEY = "5f0c9a1e-3b7d-4c2a-9e8f-0a1b2c3d4e5f"
TypeText = Callable[[QWidget, str], None]


class DictKeyring(keyring.backend.KeyringBackend):
    """An in-process keyring: a double of keyring's interface, not of our code."""

    @properties.classproperty
    def priority(cls) -> float:
        raise RuntimeError("test backend, never chosen by discovery")

    def __init__(self) -> None:
        super().__init__()
        self.values: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.values.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.values[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        if self.values.pop((service, username), None) is None:
            raise keyring.errors.PasswordDeleteError("not found")

    def saved(self) -> dict[tuple[str, str], str]:
        return {key: v for key, v in self.values.items() if not key[1].endswith("/.probe")}


# --- fixtures -------------------------------------------------------------------------------


@pytest.fixture
def network(qtbot: QtBot) -> Iterator[DbWorker]:
    w = DbWorker()
    yield w
    w.shutdown()


@pytest.fixture
def backend() -> DictKeyring:
    return DictKeyring()


@pytest.fixture
def secrets(backend: DictKeyring) -> SessionSecrets:
    return SessionSecrets(lambda namespace: open_secret_store(namespace, backend=backend))


@pytest.fixture
def sandbox() -> Iterator[SandboxServer]:
    with SandboxServer() as server:
        yield server


@pytest.fixture
def open_dialog(
    qtbot: QtBot, db: Database, worker: DbWorker, network: DbWorker, secrets: SessionSecrets
) -> Callable[..., SettingsDialog]:
    """Open the dialog as the app does and wait until the saved settings are shown."""

    def _open(factory: SessionSecrets | None = None) -> SettingsDialog:
        dialog = SettingsDialog(db, worker, secrets_factory=factory or secrets, network=network)
        qtbot.addWidget(dialog)
        with qtbot.waitSignal(dialog.loaded, timeout=5000):
            dialog.show()
        qtbot.waitExposed(dialog)
        return dialog

    return _open


# --- helpers --------------------------------------------------------------------------------


def click(qtbot: QtBot, button: QAbstractButton) -> None:
    # Near the left edge: a radio button only reacts on its circle and its text.
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton, pos=QPoint(8, button.height() // 2))


def retype(qtbot: QtBot, type_text: TypeText, edit: QLineEdit, text: str) -> None:
    """Select what the field holds and type over it."""
    edit.setFocus()
    qtbot.waitUntil(edit.hasFocus)
    qtbot.keyClick(edit, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(edit, Qt.Key.Key_Delete)
    type_text(edit, text)


def fill_account(
    qtbot: QtBot,
    type_text: TypeText,
    dialog: SettingsDialog,
    *,
    username: str = "anna@klinik.se",
    password: str = PASSWORD,
    api_key: str = API_KEY,
) -> None:
    click(qtbot, dialog.test_radio)
    assert dialog.environment == "test"
    retype(qtbot, type_text, dialog.username_edit, username)
    retype(qtbot, type_text, dialog.password_edit, password)
    retype(qtbot, type_text, dialog.api_key_edit, api_key)


def point_at(qtbot: QtBot, type_text: TypeText, dialog: SettingsDialog, sb: SandboxServer) -> None:
    """Open Advanced and type the sandbox's addresses, as support would tell a user to."""
    click(qtbot, dialog.advanced_toggle)
    assert dialog.advanced_box.isVisible()
    retype(qtbot, type_text, dialog.api_url_edit, sb.api_url)
    retype(qtbot, type_text, dialog.token_url_edit, sb.token_url)


def settings_rows(db: Database) -> dict[str, str]:
    with db.session() as session:
        return {row.key: row.value for row in session.exec(select(Setting))}


def raw_bytes(db: Database) -> bytes:
    data = b""
    for suffix in ("", "-wal", "-shm"):
        path = Path(str(db.path) + suffix)
        if path.exists():
            data += path.read_bytes()
    return data


def save(qtbot: QtBot, dialog: SettingsDialog) -> object:
    with qtbot.waitSignal(dialog.saved, timeout=5000) as blocker:
        click(qtbot, dialog.save_button)
    return blocker.args[0]


# --- saving ---------------------------------------------------------------------------------


def test_saving_puts_the_secrets_in_the_store_and_none_in_sqlite(
    qtbot: QtBot,
    type_text: TypeText,
    open_dialog: Callable[..., SettingsDialog],
    db: Database,
    backend: DictKeyring,
) -> None:
    dialog = open_dialog()
    fill_account(qtbot, type_text, dialog)
    retype(qtbot, type_text, dialog.desk_user_edit, "Anna")

    result = save(qtbot, dialog)

    assert not dialog.isVisible()
    assert backend.saved() == {
        (SERVICE, "test/password"): PASSWORD,
        (SERVICE, "test/api_key"): API_KEY,
    }
    assert save_summary(result) == "Settings saved."  # type: ignore[arg-type]
    rows = settings_rows(db)
    assert rows["account.environment"] == "test"
    assert rows["account.username"] == "anna@klinik.se"
    assert rows["desk.user"] == "Anna"
    for key, value in rows.items():
        assert PASSWORD not in value and API_KEY not in value, key
    db.close()  # checkpoint the WAL: the file now holds everything that was written
    data = raw_bytes(db)
    assert b"anna@klinik.se" in data
    for secret in (PASSWORD, API_KEY):
        assert secret.encode() not in data
        assert secret.encode("utf-16-le") not in data


def test_reopening_shows_what_was_saved(
    qtbot: QtBot,
    type_text: TypeText,
    open_dialog: Callable[..., SettingsDialog],
) -> None:
    first = open_dialog()
    fill_account(qtbot, type_text, first)
    retype(qtbot, type_text, first.quiet_start_edit, "22:15")
    qtbot.keyClick(first.max_parts_spin, Qt.Key.Key_Down)  # 6 -> 5
    save(qtbot, first)

    again = open_dialog()
    assert again.environment == "test" and again.test_radio.isChecked()
    assert again.username_edit.text() == "anna@klinik.se"
    assert again.password_edit.text() == PASSWORD  # read back from the store
    assert again.api_key_edit.text() == API_KEY
    assert again.quiet_start_edit.text() == "22:15"
    assert again.max_parts_spin.value() == 5
    assert again.account_fields.isVisible()


@pytest.mark.parametrize(
    ("field", "edit_name", "text"),
    [
        ("api_key", "api_key_edit", "my-company-key"),
        ("quiet_start", "quiet_start_edit", "25:00"),
        ("quiet_end", "quiet_end_edit", "8"),
        ("company_id", "company_id_edit", "Klinik AB"),
    ],
)
def test_a_wrong_field_shows_its_note_and_nothing_is_saved(
    qtbot: QtBot,
    type_text: TypeText,
    open_dialog: Callable[..., SettingsDialog],
    db: Database,
    backend: DictKeyring,
    worker: DbWorker,
    field: str,
    edit_name: str,
    text: str,
) -> None:
    dialog = open_dialog()
    fill_account(qtbot, type_text, dialog)
    retype(qtbot, type_text, getattr(dialog, edit_name), text)

    click(qtbot, dialog.save_button)

    assert dialog.field_error(field)
    assert dialog._errors[field].isVisible()
    assert dialog._errors[field].tone is Tone.ERROR
    assert dialog.status.tone is Tone.ERROR
    assert dialog.isVisible()
    assert not worker.busy  # nothing was handed to the database thread
    assert settings_rows(db) == {}
    assert backend.saved() == {}
    # Typing into the field again takes the note away.
    type_text(getattr(dialog, edit_name), "1")
    assert dialog.field_error(field) == ""


def test_a_misspelt_time_zone_is_refused(
    qtbot: QtBot,
    type_text: TypeText,
    open_dialog: Callable[..., SettingsDialog],
    db: Database,
) -> None:
    dialog = open_dialog()
    zone_edit = dialog.zone_combo.lineEdit()
    assert zone_edit is not None
    retype(qtbot, type_text, zone_edit, "Europe/Stokholm")

    click(qtbot, dialog.save_button)

    assert "Europe/Stokholm" in dialog.field_error("zone")
    assert dialog.isVisible()
    assert settings_rows(db) == {}


def test_practice_mode_needs_no_account(
    qtbot: QtBot, open_dialog: Callable[..., SettingsDialog], db: Database, backend: DictKeyring
) -> None:
    dialog = open_dialog()
    assert dialog.environment == "practice"
    assert not dialog.account_fields.isVisible()
    assert "Nothing leaves this computer" in dialog.environment_hint.text()

    save(qtbot, dialog)

    assert settings_rows(db)["account.environment"] == "practice"
    assert backend.saved() == {}


# --- where the secrets are kept --------------------------------------------------------------


def test_the_keyring_is_named_under_the_password(
    qtbot: QtBot, open_dialog: Callable[..., SettingsDialog]
) -> None:
    dialog = open_dialog()
    click(qtbot, dialog.test_radio)
    assert dialog.secrets_hint.isVisible()
    assert dialog.secrets_hint.text().startswith("Saved in the system keyring")
    assert dialog.secrets_hint.tone is Tone.NEUTRAL


def test_without_a_keyring_a_warning_says_the_password_lasts_this_session(
    qtbot: QtBot,
    type_text: TypeText,
    open_dialog: Callable[..., SettingsDialog],
) -> None:
    no_keyring = SessionSecrets(
        lambda namespace: open_secret_store(namespace, backend=keyring.backends.fail.Keyring())
    )
    dialog = open_dialog(no_keyring)
    click(qtbot, dialog.test_radio)

    assert dialog.secrets_hint.isVisible()
    assert "kept only until SMS Desk quits" in dialog.secrets_hint.text()
    assert dialog.secrets_hint.tone is Tone.WARNING

    fill_account(qtbot, type_text, dialog)
    result = save(qtbot, dialog)
    assert "type it again next time" in save_summary(result)  # type: ignore[arg-type]
    # The engine, opening its store after the dialog, finds the password in this session.
    assert secret_store_for("test", no_keyring).get(PASSWORD_KEY) == PASSWORD


def test_test_and_production_each_show_their_own_secrets(
    qtbot: QtBot,
    type_text: TypeText,
    open_dialog: Callable[..., SettingsDialog],
    secrets: SessionSecrets,
) -> None:
    first = open_dialog()
    fill_account(qtbot, type_text, first)
    save(qtbot, first)

    dialog = open_dialog()
    click(qtbot, dialog.production_radio)
    assert dialog.production_confirmation is not None
    click(qtbot, dialog.confirm_production_button)
    assert dialog.password_edit.text() == ""  # production has its own, none saved yet
    assert dialog.api_key_edit.text() == ""
    click(qtbot, dialog.test_radio)
    assert dialog.password_edit.text() == PASSWORD
    assert secret_store_for("production", secrets).get(API_KEY_KEY) is None


# --- production -----------------------------------------------------------------------------


def test_production_asks_first_and_a_no_keeps_the_choice(
    qtbot: QtBot, open_dialog: Callable[..., SettingsDialog]
) -> None:
    dialog = open_dialog()
    click(qtbot, dialog.production_radio)

    box = dialog.production_confirmation
    assert box is not None
    qtbot.waitUntil(box.isVisible)
    assert "Real SMS will be sent to customers and may cost money" in box.text()
    assert dialog.environment == "practice"
    assert dialog.practice_radio.isChecked()  # nothing switched while the question is open

    click(qtbot, dialog.keep_environment_button)
    assert dialog.environment == "practice"
    assert dialog.practice_radio.isChecked()
    assert not dialog.account_fields.isVisible()


def test_production_is_used_once_confirmed_and_saved(
    qtbot: QtBot,
    type_text: TypeText,
    open_dialog: Callable[..., SettingsDialog],
    db: Database,
    backend: DictKeyring,
) -> None:
    dialog = open_dialog()
    click(qtbot, dialog.production_radio)
    assert dialog.production_confirmation is not None
    click(qtbot, dialog.confirm_production_button)

    assert dialog.environment == "production" and dialog.production_radio.isChecked()
    assert dialog.environment_hint.tone is Tone.WARNING
    retype(qtbot, type_text, dialog.username_edit, "anna@klinik.se")
    retype(qtbot, type_text, dialog.password_edit, PASSWORD)
    retype(qtbot, type_text, dialog.api_key_edit, API_KEY)
    save(qtbot, dialog)

    assert settings_rows(db)["account.environment"] == "production"
    assert backend.saved()[(SERVICE, "production/password")] == PASSWORD


# --- test connection ------------------------------------------------------------------------


def test_connection_with_the_sandbox_credentials_succeeds(
    qtbot: QtBot,
    type_text: TypeText,
    open_dialog: Callable[..., SettingsDialog],
    sandbox: SandboxServer,
) -> None:
    dialog = open_dialog()
    fill_account(
        qtbot,
        type_text,
        dialog,
        username=sandbox.username,
        password=sandbox.password,
        api_key=sandbox.api_key,
    )
    point_at(qtbot, type_text, dialog, sandbox)

    click(qtbot, dialog.test_button)
    assert not dialog.test_button.isEnabled()  # one check at a time

    qtbot.waitUntil(lambda: dialog.test_result.text().startswith("Connected"), timeout=10000)
    assert dialog.test_result.text() == (
        f"Connected as {sandbox.username}. SMS limit: 918 characters."
    )
    assert dialog.test_result.tone is Tone.OK
    assert dialog.test_button.isEnabled()


def test_connection_shows_the_servers_refusal_of_a_wrong_password(
    qtbot: QtBot,
    type_text: TypeText,
    open_dialog: Callable[..., SettingsDialog],
    sandbox: SandboxServer,
) -> None:
    dialog = open_dialog()
    fill_account(
        qtbot,
        type_text,
        dialog,
        username=sandbox.username,
        password="wrong-password",
        api_key=sandbox.api_key,
    )
    point_at(qtbot, type_text, dialog, sandbox)

    click(qtbot, dialog.test_button)

    qtbot.waitUntil(lambda: dialog.test_result.tone is Tone.ERROR, timeout=10000)
    assert "did not accept the username or password" in dialog.test_result.text()
    assert dialog.test_button.isEnabled()


def test_connection_reports_a_limit_the_server_changed(
    qtbot: QtBot,
    type_text: TypeText,
    open_dialog: Callable[..., SettingsDialog],
    sandbox: SandboxServer,
) -> None:
    sandbox.set_sms_type(max_characters=459)
    dialog = open_dialog()
    fill_account(
        qtbot,
        type_text,
        dialog,
        username=sandbox.username,
        password=sandbox.password,
        api_key=sandbox.api_key,
    )
    point_at(qtbot, type_text, dialog, sandbox)
    click(qtbot, dialog.test_button)
    qtbot.waitUntil(lambda: dialog.test_result.tone is Tone.OK, timeout=10000)
    assert "SMS limit: 459 characters." in dialog.test_result.text()


def test_connection_test_checks_the_fields_before_going_online(
    qtbot: QtBot,
    type_text: TypeText,
    open_dialog: Callable[..., SettingsDialog],
    network: DbWorker,
) -> None:
    dialog = open_dialog()
    fill_account(qtbot, type_text, dialog, api_key="not a key")

    click(qtbot, dialog.test_button)

    assert dialog.field_error("api_key")
    assert dialog.test_result.tone is Tone.ERROR
    assert not network.busy and not dialog.tester.running


def test_closing_the_dialog_forgets_a_running_check(
    qtbot: QtBot,
    type_text: TypeText,
    open_dialog: Callable[..., SettingsDialog],
    sandbox: SandboxServer,
    network: DbWorker,
) -> None:
    sandbox.set_faults(slow_seconds=1.0)  # message types answer late: time to close
    dialog = open_dialog()
    fill_account(
        qtbot,
        type_text,
        dialog,
        username=sandbox.username,
        password=sandbox.password,
        api_key=sandbox.api_key,
    )
    point_at(qtbot, type_text, dialog, sandbox)
    results: list[object] = []
    dialog.tester.finished.connect(results.append)

    with qtbot.waitSignal(network.idle, timeout=10000):
        click(qtbot, dialog.test_button)
        assert network.busy
        click(qtbot, dialog.cancel_button)
        assert not dialog.isVisible()

    assert results == []
    assert not dialog.test_result.text().startswith("Connected")


def test_editing_the_account_clears_an_old_test_result(
    qtbot: QtBot,
    type_text: TypeText,
    open_dialog: Callable[..., SettingsDialog],
    sandbox: SandboxServer,
) -> None:
    dialog = open_dialog()
    fill_account(
        qtbot,
        type_text,
        dialog,
        username=sandbox.username,
        password=sandbox.password,
        api_key=sandbox.api_key,
    )
    point_at(qtbot, type_text, dialog, sandbox)
    click(qtbot, dialog.test_button)
    qtbot.waitUntil(lambda: dialog.test_result.tone is Tone.OK, timeout=10000)

    type_text(dialog.password_edit, "x")

    assert dialog.test_result.text() == ""
