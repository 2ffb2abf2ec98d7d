"""Secrets: in the keyring when one works, in memory (and said so) when not, never in logs."""

from __future__ import annotations

import logging

import keyring.backend
import keyring.backends.fail
import keyring.backends.null
import keyring.errors
import pytest
from keyring.compat import properties

from desktop.secrets import (
    SERVICE,
    KeyringSecretStore,
    MemorySecretStore,
    SecretStore,
    open_secret_store,
)

PASSWORD = "hemligt-lösenord-8472"
TOKEN = "refresh-token-Zq81-secret"


class DictKeyring(keyring.backend.KeyringBackend):
    """An in-process keyring backend: a test double of keyring's interface, not of ours.

    ``broken`` makes every call raise the way a locked Secret Service or a lost D-Bus does.
    """

    @properties.classproperty
    def priority(cls) -> float:
        # Never picked by keyring's own discovery in other tests: not viable by design.
        raise RuntimeError("test backend")

    def __init__(self) -> None:
        super().__init__()
        self.values: dict[tuple[str, str], str] = {}
        self.broken: set[str] = set()  # of "get", "set", "delete"

    def _maybe_fail(self, operation: str, secret: str | None = None) -> None:
        if operation in self.broken:
            # Echo the secret, as a careless backend might, to prove it is not logged.
            raise keyring.errors.KeyringLocked(f"collection is locked (value {secret!r})")

    def get_password(self, service: str, username: str) -> str | None:
        self._maybe_fail("get")
        return self.values.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self._maybe_fail("set", password)
        self.values[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        self._maybe_fail("delete")
        if self.values.pop((service, username), None) is None:
            raise keyring.errors.PasswordDeleteError("not found")


class ForgetfulKeyring(DictKeyring):
    """Accepts every value and keeps none (like an empty chainer)."""

    def set_password(self, service: str, username: str, password: str) -> None:
        self._maybe_fail("set", password)


@pytest.fixture
def backend() -> DictKeyring:
    return DictKeyring()


@pytest.fixture
def logs(caplog: pytest.LogCaptureFixture) -> pytest.LogCaptureFixture:
    caplog.set_level(logging.DEBUG)
    return caplog


def assert_no_secret_logged(caplog: pytest.LogCaptureFixture, *secrets: str) -> None:
    for record in caplog.records:
        rendered = " ".join(
            [record.getMessage(), repr(record.args), str(record.exc_text), str(record.exc_info)]
        )
        for secret in secrets:
            assert secret not in rendered, f"secret leaked in log: {record.getMessage()}"


# --- a working keyring ----------------------------------------------------------------------


def test_working_keyring_is_used_and_persistent(backend: DictKeyring) -> None:
    store = open_secret_store("production", backend=backend)
    assert isinstance(store, KeyringSecretStore)
    assert store.kind == "keyring"
    assert store.persistent is True
    assert store.description == "Saved in the system keyring (DictKeyring)."


def test_values_round_trip_through_the_backend(backend: DictKeyring) -> None:
    store = open_secret_store("production", backend=backend)
    assert store.get("password") is None
    store.set("password", PASSWORD)
    assert store.get("password") == PASSWORD
    assert backend.values == {(SERVICE, "production/password"): PASSWORD}
    # A new store over the same keyring (the next app start) sees it.
    assert open_secret_store("production", backend=backend).get("password") == PASSWORD
    store.delete("password")
    assert store.get("password") is None
    assert backend.values == {}


def test_deleting_a_missing_secret_is_quiet(backend: DictKeyring) -> None:
    store = open_secret_store("production", backend=backend)
    store.delete("api_key")
    assert store.persistent is True


def test_namespaces_do_not_mix(backend: DictKeyring) -> None:
    practice = open_secret_store("practice", backend=backend)
    production = open_secret_store("production", backend=backend)
    practice.set("password", "practice-pw")
    production.set("password", PASSWORD)
    assert practice.get("password") == "practice-pw"
    assert production.get("password") == PASSWORD
    production.delete("password")
    assert practice.get("password") == "practice-pw"


def test_probe_leaves_nothing_behind(backend: DictKeyring) -> None:
    open_secret_store("production", backend=backend)
    assert backend.values == {}


def test_description_is_translatable(backend: DictKeyring) -> None:
    store = open_secret_store("production", backend=backend)
    swedish = {
        "Saved in the system keyring ({keyring}).": "Sparat i systemets nyckelring ({keyring})."
    }
    contexts: list[str] = []

    def translate(context: str, text: str) -> str:
        contexts.append(context)
        return swedish.get(text, text)

    assert store.translated_description(translate) == "Sparat i systemets nyckelring (DictKeyring)."
    assert contexts == ["secrets"]


# --- no keyring at all ----------------------------------------------------------------------


def test_fail_keyring_falls_back_to_memory_and_says_so() -> None:
    store = open_secret_store("production", backend=keyring.backends.fail.Keyring())
    assert isinstance(store, MemorySecretStore)
    assert store.kind == "memory"
    assert store.persistent is False
    assert store.description == (
        "No system keyring was found, so your password is kept only until SMS Desk quits."
    )
    store.set("password", PASSWORD)
    assert store.get("password") == PASSWORD
    store.delete("password")
    assert store.get("password") is None


def test_memory_stores_do_not_share_values() -> None:
    first = open_secret_store("production", backend=keyring.backends.fail.Keyring())
    second = open_secret_store("production", backend=keyring.backends.fail.Keyring())
    first.set("password", PASSWORD)
    assert second.get("password") is None  # gone "when the app quits"


def test_keyring_that_forgets_is_not_trusted() -> None:
    store = open_secret_store("production", backend=ForgetfulKeyring())
    assert store.kind == "memory"
    assert store.persistent is False
    assert "did not work" in store.description


def test_null_keyring_is_not_trusted() -> None:
    store = open_secret_store("production", backend=keyring.backends.null.Keyring())
    assert store.kind == "memory"


def test_keyring_that_raises_on_set_falls_back_at_open(backend: DictKeyring) -> None:
    backend.broken.add("set")
    store = open_secret_store("production", backend=backend)
    assert store.kind == "memory"
    assert store.persistent is False
    assert store.description == (
        "The system keyring did not work (it may be locked), so your password is kept only "
        "until SMS Desk quits."
    )
    store.set("password", PASSWORD)
    assert store.get("password") == PASSWORD


# --- a keyring that breaks while the app runs -----------------------------------------------


def test_set_failure_keeps_value_in_memory_and_flips_persistent(backend: DictKeyring) -> None:
    store = open_secret_store("production", backend=backend)
    backend.broken.add("set")
    store.set("refresh_token", TOKEN)  # does not raise
    assert store.get("refresh_token") == TOKEN
    assert backend.values == {}
    assert store.kind == "keyring"
    assert store.persistent is False
    assert store.description.startswith("The system keyring stopped answering (DictKeyring)")
    assert "save the password again" in store.description


def test_memory_value_wins_over_an_older_keyring_value(backend: DictKeyring) -> None:
    store = open_secret_store("production", backend=backend)
    store.set("refresh_token", "old-token")
    backend.broken.add("set")
    store.set("refresh_token", TOKEN)
    assert store.get("refresh_token") == TOKEN


def test_keyring_recovery_stores_again(backend: DictKeyring) -> None:
    store = open_secret_store("production", backend=backend)
    backend.broken.add("set")
    store.set("password", "typed-while-locked")
    backend.broken.clear()
    store.set("password", PASSWORD)
    assert backend.values == {(SERVICE, "production/password"): PASSWORD}
    assert store.get("password") == PASSWORD
    # The session did lose the keyring once; the warning stays until restart.
    assert store.persistent is False


def test_get_failure_returns_none(backend: DictKeyring) -> None:
    store = open_secret_store("production", backend=backend)
    store.set("password", PASSWORD)
    backend.broken.add("get")
    assert store.get("password") is None
    assert store.persistent is False


def test_refused_delete_still_forgets_for_this_session(backend: DictKeyring) -> None:
    store = open_secret_store("production", backend=backend)
    store.set("refresh_token", TOKEN)
    backend.broken.add("delete")
    store.delete("refresh_token")  # e.g. log out while the keyring is locked
    assert store.get("refresh_token") is None
    assert store.persistent is False


@pytest.mark.parametrize(
    "make", [MemorySecretStore, lambda: KeyringSecretStore("p", DictKeyring())]
)
def test_empty_keys_are_programming_errors(make: object) -> None:
    store: SecretStore = make()  # type: ignore[operator]
    with pytest.raises(ValueError):
        store.get("")
    with pytest.raises(ValueError):
        store.set("", PASSWORD)


def test_empty_namespace_is_a_programming_error(backend: DictKeyring) -> None:
    with pytest.raises(ValueError):
        open_secret_store("", backend=backend)


# --- never in logs --------------------------------------------------------------------------


def test_no_secret_value_in_any_log_record(logs: pytest.LogCaptureFixture) -> None:
    backend = DictKeyring()
    store = open_secret_store("production", backend=backend)
    store.set("password", PASSWORD)
    store.get("password")
    for operation in ("set", "get", "delete"):
        backend.broken.add(operation)
    store.set("refresh_token", TOKEN)
    store.get("refresh_token")
    store.get("password")
    store.delete("password")

    broken_at_open = DictKeyring()
    broken_at_open.broken.add("set")
    fallback = open_secret_store("production", backend=broken_at_open)
    fallback.set("password", PASSWORD)
    open_secret_store("production", backend=keyring.backends.fail.Keyring()).set("api_key", TOKEN)

    secret_records = [r for r in logs.records if r.name == "desktop.secrets"]
    assert secret_records, "the failures above should have been logged"
    assert any("refresh_token" in r.getMessage() for r in secret_records)
    assert_no_secret_logged(logs, PASSWORD, TOKEN)


def test_reprs_do_not_show_values(backend: DictKeyring) -> None:
    memory = MemorySecretStore()
    memory.set("password", PASSWORD)
    keyed = open_secret_store("production", backend=backend)
    keyed.set("password", PASSWORD)
    assert PASSWORD not in repr(memory)
    assert PASSWORD not in repr(keyed)
