"""The settings form's data: read it, check all of it, then save it (no Qt here).

Non-secret values go to the settings table in one transaction; the password and API key go
to the secret store only (DESIGN.md invariant 6). This module alone decides which secret
store an environment uses (``secret_store_for``), so the settings dialog, the engine and
the command line all read the same credentials, and test and production never mix.

Everything is validated before anything is written: a half-saved form (new host, old API
key) would leave the desk unable to send without saying why. Each problem is reported per
field in one ``InvalidSettings`` so the dialog can show every note at once.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace

import phonenumbers

from desktop.api.client import checked_url
from desktop.api.errors import ConfigurationError
from desktop.api.settings import (
    BOKAMERA_PRODUCTION,
    BOKAMERA_TEST,
    DEFAULT_CLIENT_ID,
    LANGUAGES,
    AccountSettings,
)
from desktop.domain.body import DEFAULT_MAX_PARTS
from desktop.domain.errors import DomainError
from desktop.domain.i18n import APP_LANGUAGE, QT_TRANSLATE_NOOP
from desktop.domain.receivers import DEFAULT_REGION
from desktop.domain.timerules import DEFAULT_GRACE, DEFAULT_ZONE, QuietHours, load_zone
from desktop.secrets import SecretStore, open_secret_store
from desktop.storage import repository as repo
from desktop.storage.database import Database
from desktop.storage.models import Setting
from desktop.sync import desk

PRACTICE = "practice"
TEST = "test"
PRODUCTION = "production"
ENVIRONMENTS = (PRACTICE, TEST, PRODUCTION)
# The documented hosts of each real environment; URL fields left empty mean these.
DEFAULT_URLS: dict[str, dict[str, str]] = {TEST: BOKAMERA_TEST, PRODUCTION: BOKAMERA_PRODUCTION}

APP_LANGUAGES = ("system", "sv", "en")
MIN_PARTS, MAX_PARTS = 1, 10
MAX_GRACE_MINUTES = 24 * 60
DEFAULT_QUIET_START, DEFAULT_QUIET_END = "21:00", "08:00"
DEFAULT_SERVER_LANGUAGE = "sv"  # most desks work in Swedish: BokaMera's errors in Swedish

# Secret store keys (desktop/sync/account.py reads the same two).
PASSWORD_KEY = "password"
API_KEY_KEY = "api_key"

# Settings table keys. The account ones are the ones desktop/sync/account.py reads.
ENVIRONMENT = "account.environment"
ACCOUNT_KEYS = {
    "username": "account.username",
    "company_id": "account.company_id",
    "language": "account.language",
    "client_id": "account.client_id",
    "api_url": "account.api_url",
    "token_url": "account.token_url",
}
# Words that mark a secret; no key written here may contain one (the same guard as
# repository.set_setting, which this module bypasses to write everything in one go).
_SECRET_WORDS = ("password", "secret", "api_key", "apikey")

_GUID = re.compile(
    r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}", re.ASCII
)

SecretsFactory = Callable[[str], SecretStore]


# --- errors ---------------------------------------------------------------------------------


class InvalidSetting(DomainError):
    """One field of the settings form is wrong; ``field`` names the AccountForm field."""

    context = "settings"

    def __init__(self, field: str, code: str, template: str, **params: object) -> None:
        self.field = field
        super().__init__(code, template, **params)


class InvalidSettings(DomainError):
    """Some fields are wrong; ``errors`` maps each AccountForm field to its problem.

    The problems are DomainErrors of any context: the zone and quiet-hours ones come from
    desktop.domain.timerules, which already words them for the user.
    """

    context = "settings"

    def __init__(self, errors: Mapping[str, DomainError]) -> None:
        self.errors = dict(errors)
        super().__init__("invalid_settings", _T_INVALID_SETTINGS, count=len(self.errors))


_T_INVALID_SETTINGS = QT_TRANSLATE_NOOP(
    "settings", "Some settings need correcting first: see the notes under the fields."
)
_T_BAD_ENVIRONMENT = QT_TRANSLATE_NOOP(
    "settings", "Choose where messages go: practice, BokaMera test or BokaMera production."
)
_T_NO_USERNAME = QT_TRANSLATE_NOOP(
    "settings", "Enter the username you log in to BokaMera with (usually an email address)."
)
_T_NO_PASSWORD = QT_TRANSLATE_NOOP("settings", "Enter the password of this BokaMera account.")
_T_NO_API_KEY = QT_TRANSLATE_NOOP(
    "settings",
    "Paste your company's API key. You find it in BokaMera's admin pages; it looks like "
    "1a2b3c4d-1a2b-1a2b-1a2b-1a2b3c4d5e6f.",
)
_T_BAD_API_KEY = QT_TRANSLATE_NOOP(
    "settings",
    "This is not an API key. An API key looks like 1a2b3c4d-1a2b-1a2b-1a2b-1a2b3c4d5e6f: "
    "copy it again from BokaMera's admin pages.",
)
_T_BAD_COMPANY_ID = QT_TRANSLATE_NOOP(
    "settings",
    "“{text}” is not a company id. It looks like 1a2b3c4d-1a2b-1a2b-1a2b-1a2b3c4d5e6f; "
    "leave it empty to use the company of the account.",
)
_T_BAD_LANGUAGE = QT_TRANSLATE_NOOP("settings", "Choose a language from the list.")
_T_BAD_URL = QT_TRANSLATE_NOOP(
    "settings",
    "“{text}” cannot be used: it must be an https:// address. Leave it empty to use "
    "BokaMera's usual address.",
)
_T_UNKNOWN_ZONE = QT_TRANSLATE_NOOP(
    "settings",
    "“{zone}” is not a time zone SMS Desk knows. Pick one from the list, or type a name "
    "such as Europe/Stockholm.",
)
_T_BAD_GRACE = QT_TRANSLATE_NOOP(
    "settings", "A reminder can be at most 24 hours late; choose between 0 and 24 hours."
)
_T_BAD_MAX_PARTS = QT_TRANSLATE_NOOP(
    "settings", "Choose between {low} and {high} SMS parts per message."
)
_T_BAD_REGION = QT_TRANSLATE_NOOP("settings", "Choose the country most of your customers live in.")
_T_NAME_TOO_LONG = QT_TRANSLATE_NOOP(
    "settings", "The name is too long: use at most {limit} characters."
)
MAX_NAME = 60


# --- the form -------------------------------------------------------------------------------


@dataclass(frozen=True)
class AccountForm:
    """Everything the settings dialog edits. Texts are as typed; ``validated`` cleans them."""

    environment: str = PRACTICE
    username: str = ""
    # repr=False: a form printed into a log or a test failure must not show secrets.
    password: str = field(default="", repr=False)
    api_key: str = field(default="", repr=False)
    company_id: str = ""
    language: str = DEFAULT_SERVER_LANGUAGE
    # Advanced: empty means the documented default of the environment.
    client_id: str = ""
    api_url: str = ""
    token_url: str = ""
    # The desk
    desk_user: str = ""
    zone: str = DEFAULT_ZONE
    grace_minutes: int = int(DEFAULT_GRACE.total_seconds() // 60)
    quiet_start: str = DEFAULT_QUIET_START
    quiet_end: str = DEFAULT_QUIET_END
    max_parts: int = DEFAULT_MAX_PARTS
    region: str = DEFAULT_REGION
    app_language: str = "system"

    @property
    def uses_bokamera(self) -> bool:
        """True for test and production: an account, and so secrets, are needed."""
        return self.environment in (TEST, PRODUCTION)


@dataclass(frozen=True)
class SaveResult:
    """What ``save_account_form`` did with the secrets, so the dialog can say it plainly."""

    environment: str
    store: SecretStore | None  # None in practice mode: no secret was saved

    @property
    def secrets_saved(self) -> bool:
        return self.store is not None

    @property
    def persistent(self) -> bool:
        """False when the password is kept only until SMS Desk quits (no working keyring).

        Read after saving: a keyring that failed while saving has already said so.
        """
        return self.store is None or self.store.persistent


# --- secret stores --------------------------------------------------------------------------


def secret_namespace(environment: str) -> str:
    """The secret-store namespace of an environment: its own name, so test credentials are
    never sent to production and the other way round. Practice mode has no secrets."""
    if environment not in (TEST, PRODUCTION):
        raise ValueError(f"no secrets belong to the environment {environment!r}")
    return environment


class SessionSecrets:
    """A SecretsFactory that opens each namespace once per process and hands out that store.

    Needed because ``open_secret_store`` returns a fresh in-memory store each time it finds
    no keyring: without this, a password saved in the fallback would be gone the moment the
    engine opened "its" store. One instance lives for the whole app (``session_secrets``).
    """

    def __init__(self, factory: SecretsFactory = open_secret_store) -> None:
        self._factory = factory
        self._stores: dict[str, SecretStore] = {}
        self._lock = threading.Lock()

    def __call__(self, namespace: str) -> SecretStore:
        with self._lock:
            store = self._stores.get(namespace)
            if store is None:
                store = self._stores[namespace] = self._factory(namespace)
            return store


session_secrets = SessionSecrets()


def secret_store_for(
    environment: str, secrets_factory: SecretsFactory = session_secrets
) -> SecretStore:
    """The store holding the password and API key of ``environment`` ("test"/"production")."""
    return secrets_factory(secret_namespace(environment))


# --- reading --------------------------------------------------------------------------------


def _int_setting(db: Database, key: str, default: int) -> int:
    value = repo.get_setting(db, key)
    try:
        return int(value) if value is not None else default
    except ValueError:
        return default  # a hand-edited value; the dialog shows the default to save over it


def load_account_form(
    db: Database, secrets_factory: SecretsFactory = session_secrets
) -> AccountForm:
    """The saved settings, with the password and API key of the saved environment.

    Opens the secret store, which may wait on the OS keyring: call it off the GUI thread.
    """
    environment = repo.get_setting(db, ENVIRONMENT) or PRACTICE
    if environment not in ENVIRONMENTS:
        environment = PRACTICE
    values: dict[str, object] = {"environment": environment}
    for name, key in ACCOUNT_KEYS.items():
        value = repo.get_setting(db, key)
        if value:
            values[name] = value
    defaults = AccountForm()
    values.update(
        desk_user=repo.get_setting(db, desk.USER) or "",
        zone=repo.get_setting(db, desk.ZONE) or defaults.zone,
        grace_minutes=_int_setting(db, desk.GRACE_MINUTES, defaults.grace_minutes),
        quiet_start=repo.get_setting(db, desk.QUIET_START) or defaults.quiet_start,
        quiet_end=repo.get_setting(db, desk.QUIET_END) or defaults.quiet_end,
        max_parts=_int_setting(db, desk.MAX_PARTS, defaults.max_parts),
        region=repo.get_setting(db, desk.REGION) or defaults.region,
        app_language=repo.get_setting(db, APP_LANGUAGE) or defaults.app_language,
    )
    form = AccountForm(**values)  # type: ignore[arg-type]
    if form.uses_bokamera:
        password, api_key = load_secrets(environment, secrets_factory)
        form = replace(form, password=password, api_key=api_key)
    return form


def load_secrets(
    environment: str, secrets_factory: SecretsFactory = session_secrets
) -> tuple[str, str]:
    """(password, api_key) saved for ``environment``; empty texts when none are saved."""
    store = secret_store_for(environment, secrets_factory)
    return store.get(PASSWORD_KEY) or "", store.get(API_KEY_KEY) or ""


# --- validating -----------------------------------------------------------------------------


def _guid(text: str) -> bool:
    return _GUID.fullmatch(text) is not None


def _check_url(field_name: str, text: str, errors: dict[str, DomainError]) -> None:
    if not text:
        return
    try:
        checked_url(text)  # the client's own rule: https, or http to this computer only
    except ConfigurationError:
        errors[field_name] = InvalidSetting(field_name, "bad_url", _T_BAD_URL, text=text)


def _account_errors(form: AccountForm) -> dict[str, DomainError]:
    errors: dict[str, DomainError] = {}
    if not form.username:
        errors["username"] = InvalidSetting("username", "no_username", _T_NO_USERNAME)
    if not form.password:
        errors["password"] = InvalidSetting("password", "no_password", _T_NO_PASSWORD)
    if not form.api_key:
        errors["api_key"] = InvalidSetting("api_key", "no_api_key", _T_NO_API_KEY)
    elif not _guid(form.api_key):
        # Not echoed: even a mistyped key is a secret, and error texts may reach a log.
        errors["api_key"] = InvalidSetting("api_key", "bad_api_key", _T_BAD_API_KEY)
    if form.company_id and not _guid(form.company_id):
        errors["company_id"] = InvalidSetting(
            "company_id", "bad_company_id", _T_BAD_COMPANY_ID, text=form.company_id
        )
    if form.language not in LANGUAGES:
        errors["language"] = InvalidSetting("language", "bad_language", _T_BAD_LANGUAGE)
    _check_url("api_url", form.api_url, errors)
    _check_url("token_url", form.token_url, errors)
    return errors


def _desk_errors(form: AccountForm) -> dict[str, DomainError]:
    errors: dict[str, DomainError] = {}
    if len(form.desk_user) > MAX_NAME:
        errors["desk_user"] = InvalidSetting(
            "desk_user", "name_too_long", _T_NAME_TOO_LONG, limit=MAX_NAME
        )
    try:
        load_zone(form.zone)
    except DomainError:
        # Our own words: the domain's text sends the user to the settings they are in.
        errors["zone"] = InvalidSetting("zone", "unknown_zone", _T_UNKNOWN_ZONE, zone=form.zone)
    if not 0 <= form.grace_minutes <= MAX_GRACE_MINUTES:
        errors["grace_minutes"] = InvalidSetting("grace_minutes", "bad_grace", _T_BAD_GRACE)
    # Each end on its own, so the note stands under the one that is wrong.
    for name, text in (("quiet_start", form.quiet_start), ("quiet_end", form.quiet_end)):
        try:
            QuietHours.parse(text, text)
        except DomainError as error:
            errors[name] = error
    if not MIN_PARTS <= form.max_parts <= MAX_PARTS:
        errors["max_parts"] = InvalidSetting(
            "max_parts", "bad_max_parts", _T_BAD_MAX_PARTS, low=MIN_PARTS, high=MAX_PARTS
        )
    if form.region not in phonenumbers.SUPPORTED_REGIONS:
        errors["region"] = InvalidSetting("region", "bad_region", _T_BAD_REGION)
    if form.app_language not in APP_LANGUAGES:
        errors["app_language"] = InvalidSetting("app_language", "bad_language", _T_BAD_LANGUAGE)
    return errors


def _cleaned(form: AccountForm) -> AccountForm:
    """Spaces trimmed from what was typed or pasted; the password is kept exactly."""
    return replace(
        form,
        username=form.username.strip(),
        api_key=form.api_key.strip(),
        company_id=form.company_id.strip(),
        client_id=form.client_id.strip(),
        api_url=form.api_url.strip(),
        token_url=form.token_url.strip(),
        desk_user=form.desk_user.strip(),
        zone=form.zone.strip(),
    )


def validate_account_form(form: AccountForm) -> AccountForm:
    """The form cleaned (spaces trimmed, quiet hours as HH:MM); raises InvalidSettings
    naming every wrong field. Account fields are checked only for test and production:
    practice mode needs no account, and leaves the saved one untouched."""
    form = _cleaned(form)
    errors: dict[str, DomainError] = {}
    if form.environment not in ENVIRONMENTS:
        errors["environment"] = _bad_environment()
    elif form.uses_bokamera:
        errors.update(_account_errors(form))
    errors.update(_desk_errors(form))
    if errors:
        raise InvalidSettings(errors)
    quiet = QuietHours.parse(form.quiet_start, form.quiet_end)
    return replace(
        form, quiet_start=quiet.start.strftime("%H:%M"), quiet_end=quiet.end.strftime("%H:%M")
    )


def _bad_environment() -> InvalidSetting:
    return InvalidSetting("environment", "bad_environment", _T_BAD_ENVIRONMENT)


def account_settings(form: AccountForm) -> AccountSettings:
    """The client settings the form describes, for "Test connection". Checks only the
    account fields (a wrong time zone must not stop a connection test)."""
    form = _cleaned(form)
    if not form.uses_bokamera:
        raise InvalidSettings({"environment": _bad_environment()})
    errors = _account_errors(form)
    if errors:
        raise InvalidSettings(errors)
    defaults = DEFAULT_URLS[form.environment]
    return AccountSettings(
        api_url=form.api_url or defaults["api_url"],
        token_url=form.token_url or defaults["token_url"],
        client_id=form.client_id or DEFAULT_CLIENT_ID,
        api_key=form.api_key,
        username=form.username,
        password=form.password,
        company_id=form.company_id or None,
        language=form.language,
    )


# --- saving ---------------------------------------------------------------------------------


def _settings_rows(form: AccountForm) -> dict[str, str]:
    rows = {
        ENVIRONMENT: form.environment,
        desk.USER: form.desk_user,
        desk.ZONE: form.zone,
        desk.GRACE_MINUTES: str(form.grace_minutes),
        desk.QUIET_START: form.quiet_start,
        desk.QUIET_END: form.quiet_end,
        desk.MAX_PARTS: str(form.max_parts),
        desk.REGION: form.region,
        APP_LANGUAGE: form.app_language,
    }
    if form.uses_bokamera:
        rows.update({key: str(getattr(form, name)) for name, key in ACCOUNT_KEYS.items()})
    return rows


def write_settings(db: Database, rows: Mapping[str, str]) -> None:
    """All ``rows`` in one transaction: a crash leaves either the old settings or the new."""
    for key in rows:
        if any(word in key.lower() for word in _SECRET_WORDS):
            raise ValueError(f"{key!r} looks like a secret; it belongs in the secret store")
    with db.write() as session:
        for key, value in rows.items():
            found = session.get(Setting, key)
            if found is None:
                session.add(Setting(key=key, value=value))
            else:
                found.value = value


def save_account_form(
    db: Database, form: AccountForm, secrets_factory: SecretsFactory = session_secrets
) -> SaveResult:
    """Validate the whole form, then store secrets and settings. Raises InvalidSettings
    (nothing saved) or StorageError. Call it off the GUI thread: it may wait on the keyring.

    Secrets go first: should the settings write then fail, the saved settings still name
    the old environment, whose secrets were not touched.
    """
    form = validate_account_form(form)
    store: SecretStore | None = None
    if form.uses_bokamera:
        store = secret_store_for(form.environment, secrets_factory)
        store.set(PASSWORD_KEY, form.password)
        store.set(API_KEY_KEY, form.api_key)
    write_settings(db, _settings_rows(form))
    return SaveResult(environment=form.environment, store=store)
