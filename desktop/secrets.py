"""Secrets live in the OS keyring, or in memory when there is none, and the user is told which.

DESIGN.md invariant 6: the password, refresh token and API key are never written to SQLite,
settings files or logs. This module is the only place that touches them at rest. It never
raises keyring errors to the caller (a locked keyring must not stop the desk from working)
and never logs a value: log lines carry the key name and the exception type only, because
some backends echo their input in error texts.

The UI shows ``translate("secrets", store.description)`` via ``store.translated_description``
next to the login fields, so staff know whether they will have to type the password again.
"""

from __future__ import annotations

import logging
import threading
import uuid
from collections.abc import Callable
from typing import Protocol

import keyring
import keyring.backend
import keyring.backends.fail
import keyring.errors

from desktop.domain.i18n import QT_TRANSLATE_NOOP

SERVICE = "SMS Desk"

log = logging.getLogger(__name__)

_SAVED = QT_TRANSLATE_NOOP("secrets", "Saved in the system keyring ({keyring}).")
_NO_KEYRING = QT_TRANSLATE_NOOP(
    "secrets",
    "No system keyring was found, so your password is kept only until SMS Desk quits.",
)
_KEYRING_UNUSABLE = QT_TRANSLATE_NOOP(
    "secrets",
    "The system keyring did not work (it may be locked), so your password is kept only "
    "until SMS Desk quits.",
)
_KEYRING_FAILED = QT_TRANSLATE_NOOP(
    "secrets",
    "The system keyring stopped answering ({keyring}), so your password is kept only "
    "until SMS Desk quits. Unlock the keyring and save the password again to keep it.",
)

# Friendly names for the backends staff may meet; anything else shows its class name.
_KEYRING_NAMES = {
    "keyring.backends.SecretService": "Secret Service",
    "keyring.backends.libsecret": "Secret Service",
    "keyring.backends.kwallet": "KWallet",
    "keyring.backends.macOS": "macOS Keychain",
    "keyring.backends.Windows": "Windows Credential Manager",
}


class SecretStore(Protocol):
    """Where secrets go. Read-only properties so plain attributes and properties both fit."""

    @property
    def kind(self) -> str:
        """Either "keyring" or "memory"."""
        ...

    @property
    def persistent(self) -> bool:
        """False when a secret may vanish when the app quits (the UI must say so)."""
        ...

    @property
    def description(self) -> str:
        """One English sentence for the user; see ``translated_description``."""
        ...

    def translated_description(self, translate: Callable[[str, str], str]) -> str: ...
    def get(self, key: str) -> str | None: ...
    def set(self, key: str, value: str) -> None: ...
    def delete(self, key: str) -> None: ...


def _check_key(key: str) -> None:
    if not key:
        raise ValueError("a secret needs a non-empty key")


class MemorySecretStore:
    """The fallback: secrets kept in this process only, gone when the app quits."""

    kind = "memory"
    persistent = False

    def __init__(self, description_template: str = _NO_KEYRING) -> None:
        self._template = description_template
        self._values: dict[str, str] = {}
        self._lock = threading.Lock()

    @property
    def description(self) -> str:
        return self._template

    def translated_description(self, translate: Callable[[str, str], str]) -> str:
        return translate("secrets", self._template)

    def get(self, key: str) -> str | None:
        _check_key(key)
        with self._lock:
            return self._values.get(key)

    def set(self, key: str, value: str) -> None:
        _check_key(key)
        with self._lock:
            self._values[key] = value

    def delete(self, key: str) -> None:
        _check_key(key)
        with self._lock:
            self._values.pop(key, None)

    def __repr__(self) -> str:  # never the values
        return f"MemorySecretStore(keys={sorted(self._values)!r})"


def keyring_display_name(backend: keyring.backend.KeyringBackend) -> str:
    module = type(backend).__module__
    return _KEYRING_NAMES.get(module, type(backend).__name__)


class KeyringSecretStore:
    """Secrets in the OS keyring under service "SMS Desk", account "<namespace>/<key>".

    The namespace keeps practice, test and production credentials apart. When the keyring
    fails at runtime, the value is kept in memory instead (an overlay consulted first) and
    ``persistent`` turns False for the rest of the session, so the UI can say so.
    """

    kind = "keyring"

    def __init__(self, namespace: str, backend: keyring.backend.KeyringBackend) -> None:
        if not namespace:
            raise ValueError("a secret store needs a namespace")
        self.namespace = namespace
        self._backend = backend
        self._keyring_name = keyring_display_name(backend)
        # key -> value kept in memory after a keyring failure; None marks a delete that the
        # keyring refused, so a stale value there is not handed out again this session.
        self._overlay: dict[str, str | None] = {}
        self._failed = False
        self._lock = threading.Lock()

    @property
    def persistent(self) -> bool:
        return not self._failed

    @property
    def description(self) -> str:
        return self.translated_description(lambda _context, text: text)

    def translated_description(self, translate: Callable[[str, str], str]) -> str:
        template = _KEYRING_FAILED if self._failed else _SAVED
        return translate("secrets", template).format(keyring=self._keyring_name)

    def _account(self, key: str) -> str:
        return f"{self.namespace}/{key}"

    def _fail(self, operation: str, key: str, error: Exception) -> None:
        # The exception text is left out on purpose: it may quote what was passed in.
        log.warning(
            "Keyring %s failed for %s/%s (%s); keeping secrets in memory this session",
            operation,
            self.namespace,
            key,
            type(error).__name__,
        )
        self._failed = True

    def get(self, key: str) -> str | None:
        _check_key(key)
        with self._lock:
            if key in self._overlay:
                return self._overlay[key]
        try:
            return self._backend.get_password(SERVICE, self._account(key))
        except Exception as error:  # any backend, any failure: never the caller's problem
            with self._lock:
                self._fail("read", key, error)
            return None

    def set(self, key: str, value: str) -> None:
        _check_key(key)
        try:
            self._backend.set_password(SERVICE, self._account(key), value)
        except Exception as error:
            with self._lock:
                self._fail("write", key, error)
                self._overlay[key] = value
            return
        with self._lock:
            self._overlay.pop(key, None)

    def delete(self, key: str) -> None:
        _check_key(key)
        try:
            self._backend.delete_password(SERVICE, self._account(key))
        except keyring.errors.PasswordDeleteError:
            pass  # nothing stored under that key: already deleted
        except Exception as error:
            with self._lock:
                self._fail("delete", key, error)
                self._overlay[key] = None
            return
        with self._lock:
            self._overlay.pop(key, None)

    def __repr__(self) -> str:
        return f"KeyringSecretStore(namespace={self.namespace!r}, keyring={self._keyring_name!r})"


def _probe(namespace: str, backend: keyring.backend.KeyringBackend) -> bool:
    """Write, read back and delete a throwaway value: some backends accept and forget."""
    account = f"{namespace}/.probe"
    token = uuid.uuid4().hex
    try:
        backend.set_password(SERVICE, account, token)
        works = backend.get_password(SERVICE, account) == token
        backend.delete_password(SERVICE, account)
    except Exception as error:
        log.warning(
            "Keyring %s failed its probe (%s)", type(backend).__name__, type(error).__name__
        )
        return False
    if not works:
        log.warning("Keyring %s did not keep a value; not using it", type(backend).__name__)
    return works


def open_secret_store(
    namespace: str, *, backend: keyring.backend.KeyringBackend | None = None
) -> SecretStore:
    """The keyring for ``namespace`` if a working one exists, else an in-memory store."""
    if not namespace:
        raise ValueError("a secret store needs a namespace")
    if backend is None:
        try:
            backend = keyring.get_keyring()
        except Exception as error:
            log.warning("No keyring could be loaded (%s)", type(error).__name__)
            return MemorySecretStore(_NO_KEYRING)
    if isinstance(backend, keyring.backends.fail.Keyring):
        log.info("No system keyring; secrets are kept in memory only")
        return MemorySecretStore(_NO_KEYRING)
    if not _probe(namespace, backend):
        return MemorySecretStore(_KEYRING_UNUSABLE)
    log.info("Secrets are kept in the %s keyring", keyring_display_name(backend))
    return KeyringSecretStore(namespace, backend)
