"""account_store: the whole form checked before anything is saved; secrets never in SQLite."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import keyring.backend
import keyring.backends.fail
import keyring.errors
import pytest
from keyring.compat import properties
from sqlalchemy import event
from sqlmodel import select

from desktop.account_store import (
    API_KEY_KEY,
    PASSWORD_KEY,
    AccountForm,
    InvalidSettings,
    SessionSecrets,
    account_settings,
    load_account_form,
    save_account_form,
    secret_store_for,
)
from desktop.api.settings import BOKAMERA_PRODUCTION, BOKAMERA_TEST, DEFAULT_CLIENT_ID
from desktop.secrets import SERVICE, open_secret_store
from desktop.storage.database import Database
from desktop.storage.models import Setting
from desktop.sync.account import from_saved
from desktop.sync.desk import load_rules, quiet_hours

PASSWORD = "Lösen-ord 7731 hemligt"
API_KEY = "5f0c9a1e-3b7d-4c2a-9e8f-0a1b2c3d4e5f"
OTHER_API_KEY = "0aa1b2c3-d4e5-46f7-8a9b-c0d1e2f3a4b5"


class DictKeyring(keyring.backend.KeyringBackend):
    """An in-process keyring: a double of keyring's interface, not of our code."""

    @properties.classproperty
    def priority(cls) -> float:
        raise RuntimeError("test backend, never chosen by discovery")

    def __init__(self) -> None:
        super().__init__()
        self.values: dict[tuple[str, str], str] = {}
        self.locked = False

    def get_password(self, service: str, username: str) -> str | None:
        return self.values.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        if self.locked and not username.endswith("/.probe"):
            raise keyring.errors.KeyringLocked("collection is locked")
        self.values[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        if self.values.pop((service, username), None) is None:
            raise keyring.errors.PasswordDeleteError("not found")


@pytest.fixture
def backend() -> DictKeyring:
    return DictKeyring()


@pytest.fixture
def secrets(backend: DictKeyring) -> SessionSecrets:
    return SessionSecrets(lambda namespace: open_secret_store(namespace, backend=backend))


def a_form(**changes: object) -> AccountForm:
    form = AccountForm(
        environment="test",
        username=" anna@klinik.se ",
        password=PASSWORD,
        api_key=f"  {API_KEY}\n",
        company_id="",
        language="sv",
        desk_user="Anna",
        zone="Europe/Stockholm",
        grace_minutes=90,
        quiet_start="21:30",
        quiet_end="7:00",
        max_parts=3,
        region="SE",
        app_language="sv",
    )
    return replace(form, **changes)  # type: ignore[arg-type]


def all_settings(db: Database) -> dict[str, str]:
    with db.session() as session:
        return {row.key: row.value for row in session.exec(select(Setting))}


def raw_bytes(db: Database) -> bytes:
    """The database file and its WAL as they lie on disk, whatever was checkpointed."""
    data = b""
    for suffix in ("", "-wal", "-shm"):
        path = Path(str(db.path) + suffix)
        if path.exists():
            data += path.read_bytes()
    return data


def test_saving_puts_secrets_in_the_store_and_never_in_sqlite(
    db: Database, backend: DictKeyring, secrets: SessionSecrets
) -> None:
    result = save_account_form(db, a_form(), secrets)

    assert result.secrets_saved and result.persistent
    assert backend.values[(SERVICE, "test/password")] == PASSWORD
    assert backend.values[(SERVICE, "test/api_key")] == API_KEY  # pasted spaces trimmed
    settings = all_settings(db)
    assert settings["account.environment"] == "test"
    assert settings["account.username"] == "anna@klinik.se"
    for key, value in settings.items():
        for secret in (PASSWORD, API_KEY):
            assert secret not in value, key
            assert secret not in key
    db.close()  # checkpoints: whatever reached the file is in it now
    data = raw_bytes(db)
    assert b"anna@klinik.se" in data  # proof that the bytes read are the settings' bytes
    for secret in (PASSWORD, API_KEY):
        assert secret.encode() not in data
        assert secret.encode("utf-16-le") not in data


def test_the_engine_reads_back_what_was_saved(db: Database, secrets: SessionSecrets) -> None:
    save_account_form(db, a_form(company_id=OTHER_API_KEY, language="en"), secrets)

    saved = from_saved(db, secrets)
    assert saved is not None
    environment, settings = saved
    assert environment == "test"
    assert settings.api_url == BOKAMERA_TEST["api_url"]
    assert settings.token_url == BOKAMERA_TEST["token_url"]
    assert (settings.username, settings.password, settings.api_key) == (
        "anna@klinik.se",
        PASSWORD,
        API_KEY,
    )
    assert (settings.company_id, settings.language) == (OTHER_API_KEY, "en")
    rules = load_rules(db)
    assert (str(rules.zone), rules.region, rules.max_parts) == ("Europe/Stockholm", "SE", 3)
    assert rules.grace.total_seconds() == 90 * 60
    quiet = quiet_hours(db)
    assert quiet is not None
    assert (quiet.start.isoformat(), quiet.end.isoformat()) == ("21:30:00", "07:00:00")


def test_a_saved_form_loads_back_as_it_was_saved(db: Database, secrets: SessionSecrets) -> None:
    save_account_form(db, a_form(api_url="https://api.example.se"), secrets)

    loaded = load_account_form(db, secrets)
    assert loaded == replace(
        a_form(api_url="https://api.example.se"),
        username="anna@klinik.se",
        api_key=API_KEY,
        quiet_end="07:00",
    )


def test_a_fresh_desk_loads_practice_mode_and_the_defaults(
    db: Database, secrets: SessionSecrets
) -> None:
    assert load_account_form(db, secrets) == AccountForm()


@pytest.mark.parametrize(
    ("changes", "fields"),
    [
        ({"api_key": "my-api-key"}, {"api_key"}),
        ({"api_key": ""}, {"api_key"}),
        ({"zone": "Europe/Stokholm"}, {"zone"}),
        ({"quiet_start": "25:00"}, {"quiet_start"}),
        ({"quiet_end": "8"}, {"quiet_end"}),
        ({"company_id": "Klinik AB"}, {"company_id"}),
        ({"max_parts": 11}, {"max_parts"}),
        ({"max_parts": 0}, {"max_parts"}),
        ({"grace_minutes": 24 * 60 + 1}, {"grace_minutes"}),
        ({"api_url": "http://api.bokamera.se"}, {"api_url"}),
        ({"username": "  ", "password": ""}, {"username", "password"}),
        ({"environment": "staging"}, {"environment"}),
        ({"region": "XX"}, {"region"}),
    ],
)
def test_a_wrong_field_is_named_and_nothing_is_saved(
    db: Database,
    backend: DictKeyring,
    secrets: SessionSecrets,
    changes: dict[str, object],
    fields: set[str],
) -> None:
    with pytest.raises(InvalidSettings) as caught:
        save_account_form(db, a_form(**changes), secrets)

    assert set(caught.value.errors) == fields
    for error in caught.value.errors.values():
        assert error.message  # each one a sentence for the user
    assert all_settings(db) == {}
    assert [key for key in backend.values if not key[1].endswith("/.probe")] == []


def test_every_wrong_field_is_named_at_once(db: Database, secrets: SessionSecrets) -> None:
    form = a_form(api_key="nope", zone="Mars/Base", quiet_start="late")
    with pytest.raises(InvalidSettings) as caught:
        save_account_form(db, form, secrets)
    assert set(caught.value.errors) == {"api_key", "zone", "quiet_start"}


def test_a_bad_api_key_is_not_repeated_in_the_error(db: Database, secrets: SessionSecrets) -> None:
    with pytest.raises(InvalidSettings) as caught:
        save_account_form(db, a_form(api_key="hunter2-secret"), secrets)
    assert "hunter2" not in caught.value.errors["api_key"].message


def test_practice_mode_needs_no_account_and_keeps_the_saved_one(
    db: Database, backend: DictKeyring, secrets: SessionSecrets
) -> None:
    save_account_form(db, a_form(), secrets)

    result = save_account_form(
        db, AccountForm(environment="practice", username="", password="", api_key=""), secrets
    )

    assert not result.secrets_saved
    settings = all_settings(db)
    assert settings["account.environment"] == "practice"
    assert settings["account.username"] == "anna@klinik.se"
    assert backend.values[(SERVICE, "test/password")] == PASSWORD


def test_test_and_production_keep_their_own_secrets(
    db: Database, backend: DictKeyring, secrets: SessionSecrets
) -> None:
    save_account_form(db, a_form(), secrets)
    save_account_form(
        db, a_form(environment="production", password="prod-pw", api_key=OTHER_API_KEY), secrets
    )

    assert secret_store_for("test", secrets).get(PASSWORD_KEY) == PASSWORD
    assert secret_store_for("production", secrets).get(API_KEY_KEY) == OTHER_API_KEY
    saved = from_saved(db, secrets)
    assert saved is not None
    assert saved[1].api_url == BOKAMERA_PRODUCTION["api_url"]
    assert saved[1].password == "prod-pw"
    with pytest.raises(ValueError):
        secret_store_for("practice", secrets)


def test_without_a_keyring_secrets_last_the_session_and_the_result_says_so(
    db: Database,
) -> None:
    secrets = SessionSecrets(
        lambda namespace: open_secret_store(namespace, backend=keyring.backends.fail.Keyring())
    )
    result = save_account_form(db, a_form(), secrets)

    assert result.secrets_saved and not result.persistent
    assert result.store is not None and result.store.kind == "memory"
    # The engine, opening the store after the dialog, finds what was just typed.
    assert secret_store_for("test", secrets).get(PASSWORD_KEY) == PASSWORD
    assert PASSWORD.encode() not in raw_bytes(db)


def test_a_keyring_that_refuses_the_write_is_reported_as_not_persistent(
    db: Database, backend: DictKeyring, secrets: SessionSecrets
) -> None:
    backend.locked = True  # opened fine (the probe passed), then locked before the save
    result = save_account_form(db, a_form(), secrets)

    assert not result.persistent
    assert secret_store_for("test", secrets).get(PASSWORD_KEY) == PASSWORD


def test_account_settings_fill_in_the_environments_defaults() -> None:
    settings = account_settings(a_form(environment="production"))
    assert settings.api_url == BOKAMERA_PRODUCTION["api_url"]
    assert settings.token_url == BOKAMERA_PRODUCTION["token_url"]
    assert settings.client_id == DEFAULT_CLIENT_ID
    assert (settings.username, settings.api_key, settings.company_id) == (
        "anna@klinik.se",
        API_KEY,
        None,
    )
    local = account_settings(a_form(api_url="http://127.0.0.1:8080", client_id=" my-client "))
    assert (local.api_url, local.client_id) == ("http://127.0.0.1:8080", "my-client")


def test_account_settings_check_only_the_account() -> None:
    # A wrong zone must not block a connection test; a wrong key must.
    account_settings(a_form(zone="Nowhere/Else"))
    with pytest.raises(InvalidSettings) as caught:
        account_settings(a_form(api_key="x"))
    assert set(caught.value.errors) == {"api_key"}
    with pytest.raises(InvalidSettings):
        account_settings(a_form(environment="practice"))


def test_settings_are_written_in_one_transaction(db: Database, secrets: SessionSecrets) -> None:
    # A crash mid-save must leave the old settings or the new, never a mix of the two.
    commits: list[object] = []

    def count(connection: object) -> None:
        commits.append(connection)

    event.listen(db.engine, "commit", count)
    save_account_form(db, a_form(), secrets)
    event.remove(db.engine, "commit", count)
    assert len(commits) == 1
    assert len(all_settings(db)) > 10
