"""Which BokaMera the engine talks to: the environment, the saved account, or practice mode.

Order: ``SMSDESK_*`` environment variables (headless use), then the account saved in
settings (secrets from the keyring), else practice mode with the embedded sandbox on
loopback, so a first start works without an account and nothing leaves the computer.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from contextlib import AbstractContextManager
from dataclasses import dataclass, replace
from pathlib import Path
from types import TracebackType

from desktop.account_store import (
    API_KEY_KEY,
    PASSWORD_KEY,
    SecretsFactory,
    secret_store_for,
    session_secrets,
)
from desktop.api.settings import BOKAMERA_PRODUCTION, BOKAMERA_TEST, AccountSettings
from desktop.sandbox.server import SandboxServer
from desktop.storage import repository as repo
from desktop.storage.database import Database

PRACTICE = "practice"
ENVIRONMENTS = {"test": BOKAMERA_TEST, "production": BOKAMERA_PRODUCTION}
SANDBOX_FILENAME = "practice-sandbox.sqlite3"
ENV_FIELDS = {
    "SMSDESK_API_URL": "api_url",
    "SMSDESK_TOKEN_URL": "token_url",
    "SMSDESK_CLIENT_ID": "client_id",
    "SMSDESK_API_KEY": "api_key",
    "SMSDESK_USERNAME": "username",
    "SMSDESK_PASSWORD": "password",
    "SMSDESK_COMPANY_ID": "company_id",
}
# Advanced, for slow links and for tests: request timeouts in seconds.
ENV_TIMEOUTS = {
    "SMSDESK_CONNECT_TIMEOUT": "connect_timeout",
    "SMSDESK_READ_TIMEOUT": "read_timeout",
}


@dataclass
class Account(AbstractContextManager["Account"]):
    settings: AccountSettings
    environment: str  # "practice", "test", "production" or "environment"
    sandbox: SandboxServer | None = None

    @property
    def practice(self) -> bool:
        return self.environment == PRACTICE

    def close(self) -> None:
        if self.sandbox is not None:
            self.sandbox.stop()
            self.sandbox = None

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()


def from_environment(env: Mapping[str, str]) -> AccountSettings | None:
    if not env.get("SMSDESK_API_URL"):
        return None
    values: dict[str, object] = {
        field: env[name] for name, field in ENV_FIELDS.items() if env.get(name)
    }
    for name, field in ENV_TIMEOUTS.items():
        if env.get(name):
            values[field] = float(env[name])
    values.setdefault("token_url", BOKAMERA_TEST["token_url"])
    return AccountSettings(**values)  # type: ignore[arg-type]


def from_saved(
    db: Database, secrets_factory: SecretsFactory | None = session_secrets
) -> tuple[str, AccountSettings] | None:
    """The account the settings dialog saved, with its secrets from that environment's store."""
    environment = repo.get_setting(db, "account.environment", PRACTICE) or PRACTICE
    if environment == PRACTICE:
        return None
    base = dict(ENVIRONMENTS.get(environment, {}))
    for field in ("api_url", "token_url", "client_id", "username", "company_id", "language"):
        value = repo.get_setting(db, f"account.{field}")
        if value:
            base[field] = value
    if "api_url" not in base or "token_url" not in base:
        return None
    settings = AccountSettings(**base)
    if secrets_factory is not None:
        store = secret_store_for(environment, secrets_factory)
        settings = replace(
            settings,
            password=store.get(PASSWORD_KEY) or "",
            api_key=store.get(API_KEY_KEY) or "",
        )
    return environment, settings


def start_practice(data_dir: Path) -> Account:
    sandbox = SandboxServer(db_path=Path(data_dir) / SANDBOX_FILENAME)
    sandbox.start()
    settings = AccountSettings(
        api_url=sandbox.api_url,
        token_url=sandbox.token_url,
        api_key=sandbox.api_key,
        username=sandbox.username,
        password=sandbox.password,
        company_id=sandbox.company_id,
    )
    return Account(settings=settings, environment=PRACTICE, sandbox=sandbox)


def resolve_account(
    db: Database,
    data_dir: Path,
    *,
    env: Mapping[str, str] | None = None,
    secrets_factory: SecretsFactory | None = session_secrets,
) -> Account:
    env = os.environ if env is None else env
    settings = from_environment(env)
    if settings is not None:
        return Account(settings=settings, environment="environment")
    saved = from_saved(db, secrets_factory)
    if saved is not None:
        return Account(settings=saved[1], environment=saved[0])
    return start_practice(data_dir)
