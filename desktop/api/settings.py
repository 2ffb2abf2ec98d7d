"""Where and as whom SMS Desk talks to BokaMera. Plain data: the client checks it.

The hosts, realm and client id have changed before (BOKAMERA_API.md), so they are settings
with the documented values as defaults, never constants inside the client.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from desktop.api.errors import BAD_SETTING, ConfigurationError

BOKAMERA_PRODUCTION: dict[str, str] = {
    "api_url": "https://api.bokamera.se",
    "token_url": (
        "https://identity.bookmore.com/realms/bookmore-admin/protocol/openid-connect/token"
    ),
}
BOKAMERA_TEST: dict[str, str] = {
    "api_url": "https://testapi.bokamera.se",
    "token_url": (
        "https://identity.bookmore.dev/realms/bookmore-admin/protocol/openid-connect/token"
    ),
}
DEFAULT_CLIENT_ID = "bm-external-api-users"
LANGUAGES = ("sv", "en")


@dataclass(frozen=True)
class AccountSettings:
    """One BokaMera account. ``password`` and ``api_key`` come from the keyring, not a file."""

    api_url: str
    token_url: str
    client_id: str = DEFAULT_CLIENT_ID
    # repr=False: a settings object printed into a log or traceback must not carry secrets.
    api_key: str = field(default="", repr=False)
    username: str = ""
    password: str = field(default="", repr=False)
    company_id: str | None = None
    language: str = "en"  # sent as x-language: BokaMera's error texts come back in it
    offsetless_zone: str = "Europe/Stockholm"  # how to read a DateTime without an offset
    connect_timeout: float = 5.0
    read_timeout: float = 20.0

    def logout_url(self) -> str:
        """Keycloak's logout endpoint: the token URL with ``/logout`` for ``/token``."""
        base, sep, last = self.token_url.rstrip("/").rpartition("/")
        if not sep or last != "token":
            raise ConfigurationError(
                code="bad_setting", template=BAD_SETTING, name="token_url", value=self.token_url
            )
        return f"{base}/logout"
