"""Keycloak tokens: password grant, refresh before expiry, re-login when refresh is refused.

One lock serialises every token request, so four send threads that find the token stale (or
get a 401 together) cause one refresh, not four. Expiry is judged by the injected Clock so
tests can age a token without sleeping.
"""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

import httpx

from desktop.api.errors import (
    BAD_LOGIN_CLIENT,
    NO_PASSWORD,
    WRONG_PASSWORD,
    ApiError,
    AuthError,
    ConfigurationError,
    ProtocolError,
)
from desktop.api.responses import decode_json, error_for, response_status
from desktop.api.settings import AccountSettings
from desktop.api.transport import map_transport_error
from desktop.domain.clock import Clock

log = logging.getLogger(__name__)

DEFAULT_EXPIRES_IN = 300  # BOKAMERA_API.md: assume 300 s when expires_in is absent
REFRESH_MARGIN = timedelta(seconds=30)
# Keycloak answers these when the client id or grant is not set up for us: a settings issue.
_CLIENT_ERRORS = {"invalid_client", "unauthorized_client", "unsupported_grant_type"}


@dataclass(frozen=True)
class _Tokens:
    access: str
    refresh: str | None
    access_expires: datetime
    refresh_expires: datetime | None  # None: unknown or never (Keycloak sends 0 then)

    def __repr__(self) -> str:
        return f"_Tokens(access_expires={self.access_expires}, refresh={self.refresh_expires})"


class TokenManager:
    def __init__(self, http: httpx.Client, settings: AccountSettings, clock: Clock) -> None:
        self._http = http
        self._settings = settings
        self._clock = clock
        self._lock = threading.Lock()
        self._tokens: _Tokens | None = None

    @property
    def logged_in(self) -> bool:
        return self._tokens is not None

    def login(self) -> None:
        with self._lock:
            self._password_grant()

    def access_token(self) -> str:
        """A token that is valid for at least REFRESH_MARGIN, renewing it when needed."""
        with self._lock:
            tokens = self._tokens
            now = self._clock.now()
            if tokens is None:
                return self._password_grant().access
            if now < tokens.access_expires - REFRESH_MARGIN:
                return tokens.access
            try:
                return self._renew().access
            except ApiError as exc:
                # Still inside the margin and the failure is passing: use what we have.
                if exc.transient and now < tokens.access_expires:
                    return tokens.access
                raise

    def renew_after_401(self, rejected: str) -> str:
        """A fresh token after the API refused ``rejected``; one renewal for many threads."""
        with self._lock:
            if self._tokens is not None and self._tokens.access != rejected:
                return self._tokens.access  # another thread renewed it meanwhile
            if self._tokens is None:
                return self._password_grant().access
            return self._renew().access

    def logout(self) -> None:
        """End the Keycloak session; local tokens are dropped even if the server is away."""
        with self._lock:
            tokens, self._tokens = self._tokens, None
        if tokens is None or tokens.refresh is None:
            return
        form = {"client_id": self._settings.client_id, "refresh_token": tokens.refresh}
        try:
            response = self._http.post(self._settings.logout_url(), data=form)
        except (httpx.RequestError, ConfigurationError):
            log.warning("logout: login service not reached; the session expires on its own")
            return
        if response.is_error:
            log.warning("logout: login service answered %s", response.status_code)

    # -- grants (called with the lock held) -----------------------------------------------

    def _renew(self) -> _Tokens:
        tokens = self._tokens
        now = self._clock.now()
        usable = (
            tokens is not None
            and tokens.refresh is not None
            and (tokens.refresh_expires is None or now < tokens.refresh_expires)
        )
        if usable:
            assert tokens is not None and tokens.refresh is not None
            try:
                return self._grant({"grant_type": "refresh_token", "refresh_token": tokens.refresh})
            except AuthError:
                log.info("token refresh refused; logging in again with the password")
        return self._password_grant()

    def _password_grant(self) -> _Tokens:
        s = self._settings
        if not s.username or not s.password:
            raise AuthError(code="not_logged_in", template=NO_PASSWORD)
        return self._grant(
            {"grant_type": "password", "username": s.username, "password": s.password}
        )

    def _grant(self, form: dict[str, str]) -> _Tokens:
        grant = form["grant_type"]
        url = self._settings.token_url
        started = self._clock.now()
        try:
            response = self._http.post(
                url,
                data={**form, "client_id": self._settings.client_id},
                headers={"Accept": "application/json"},
            )
        except httpx.RequestError as exc:
            raise map_transport_error(exc, httpx.URL(url), is_send=False) from exc
        if response.is_success:
            self._tokens = self._parse(decode_json(response), started)
            log.info("token %s grant ok", grant)
            return self._tokens
        log.info("token %s grant refused: %s", grant, response.status_code)
        if response.status_code in (400, 401):
            raise self._grant_error(response, grant)
        raise error_for(response, self._clock.now())

    def _grant_error(self, response: httpx.Response, grant: str) -> ApiError:
        message, _ = response_status(response)
        error = _oauth_error(response)
        status = response.status_code
        if error == "invalid_grant" or (error is None and status == 401):
            if grant == "password":
                self._tokens = None
                return AuthError(
                    code="wrong_password",
                    template=WRONG_PASSWORD,
                    status=status,
                    server_message=message,
                )
            return AuthError(code="refresh_refused", status=status, server_message=message)
        if error in _CLIENT_ERRORS:
            return ConfigurationError(
                code="bad_login_client",
                template=BAD_LOGIN_CLIENT,
                status=status,
                server_message=message,
                client_id=self._settings.client_id,
            )
        # Some other OAuth complaint about the login itself (invalid_request, a disabled
        # account, ...): a login problem for the user, and for a refresh a reason to log in anew.
        return AuthError(code="login_refused", status=status, server_message=message)

    def _parse(self, body: Any, started: datetime) -> _Tokens:
        if not isinstance(body, dict) or not isinstance(body.get("access_token"), str):
            raise ProtocolError(detail="the login answer has no access_token")
        expires_in = _seconds(body.get("expires_in")) or DEFAULT_EXPIRES_IN
        refresh = body.get("refresh_token")
        refresh_in = _seconds(body.get("refresh_expires_in"))
        # Measured from when we asked, not when the answer came: errs on the early side.
        return _Tokens(
            access=body["access_token"],
            refresh=refresh if isinstance(refresh, str) and refresh else None,
            access_expires=started + timedelta(seconds=expires_in),
            refresh_expires=started + timedelta(seconds=refresh_in) if refresh_in else None,
        )


def _oauth_error(response: httpx.Response) -> str | None:
    try:
        body = response.json()
    except ValueError:
        return None
    error = body.get("error") if isinstance(body, dict) else None
    return error if isinstance(error, str) else None


def _seconds(value: Any) -> float | None:
    if isinstance(value, bool) or not isinstance(value, int | float) or value <= 0:
        return None
    return float(value)
