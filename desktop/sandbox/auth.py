"""The token endpoint, shaped like Keycloak's (realm bookmore-admin, client bm-external-api-users).

Tokens are JWT-shaped (HS256, signed with the store's secret) because the real ones are JWTs
and a client might read ``exp``; the sandbox itself never trusts the JWT alone: every token
is looked up in a table, so logout and expire_all_tokens revoke at once. Expiry follows the
injected Clock, so tests expire tokens by advancing a FakeClock.

Errors copy what Keycloak answers (checked against Keycloak issues, e.g. keycloak#45812):
- wrong password or unknown user: 401 ``invalid_grant`` "Invalid user credentials"
  (Keycloak answers 401 here, not the 400 of RFC 6749);
- expired refresh token: 400 ``invalid_grant`` "Token is not active";
- refresh token of a logged-out session: 400 ``invalid_grant`` "Session not active";
- refresh token that is not ours at all: 400 ``invalid_grant`` "Invalid refresh token";
- unknown client_id: 401 ``invalid_client``; a missing grant_type: 400 ``invalid_request``.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import threading
import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from desktop.domain.clock import Clock
from desktop.sandbox.store import Store, TokenRecord
from desktop.sandbox.wire import to_micros

REALM = "bookmore-admin"
CLIENT_ID = "bm-external-api-users"
TOKEN_PATH = f"/realms/{REALM}/protocol/openid-connect/token"
LOGOUT_PATH = f"/realms/{REALM}/protocol/openid-connect/logout"
SCOPE = "profile email"

DEFAULT_ACCESS_SECONDS = 300
DEFAULT_REFRESH_SECONDS = 1800


@dataclass(frozen=True)
class OAuthAnswer:
    status: int
    body: dict[str, Any] | None  # None: 204 No Content


def _error(status: int, error: str, description: str) -> OAuthAnswer:
    return OAuthAnswer(status, {"error": error, "error_description": description})


INVALID_CLIENT = _error(401, "invalid_client", "Invalid client or Invalid client credentials")
INVALID_CREDENTIALS = _error(401, "invalid_grant", "Invalid user credentials")
TOKEN_NOT_ACTIVE = _error(400, "invalid_grant", "Token is not active")
SESSION_NOT_ACTIVE = _error(400, "invalid_grant", "Session not active")
INVALID_REFRESH = _error(400, "invalid_grant", "Invalid refresh token")


class TokenService:
    def __init__(self, store: Store, clock: Clock) -> None:
        self._store = store
        self._clock = clock
        self._secret = store.identity.token_secret.encode("ascii")
        self._lock = threading.Lock()
        self._tokens: dict[str, TokenRecord] = {t.token: t for t in store.load_tokens()}
        self.access_seconds = DEFAULT_ACCESS_SECONDS
        self.refresh_seconds = DEFAULT_REFRESH_SECONDS

    def set_lifetimes(self, access: int, refresh: int) -> None:
        if access <= 0 or refresh <= 0:
            raise ValueError("token lifetimes must be positive")
        self.access_seconds, self.refresh_seconds = access, refresh

    def _now_us(self) -> int:
        return to_micros(self._clock.now())

    # -- the endpoints ---------------------------------------------------------------------

    def token(self, form: Mapping[str, str], issuer: str) -> OAuthAnswer:
        grant_type = form.get("grant_type")
        if not grant_type:
            return _error(400, "invalid_request", "Missing form parameter: grant_type")
        if form.get("client_id") != CLIENT_ID:
            return INVALID_CLIENT
        if grant_type == "password":
            username = form.get("username", "")
            roles = self._store.check_password(username, form.get("password", ""))
            if roles is None:
                return INVALID_CREDENTIALS
            return self._issue(username.strip().lower(), roles, uuid.uuid4().hex, issuer)
        if grant_type == "refresh_token":
            found = self._refresh_record(form.get("refresh_token", ""))
            if isinstance(found, OAuthAnswer):
                return found
            # Keycloak copies roles into each new token: a changed user shows up on refresh.
            roles = self._store.roles_of(found.username)
            if roles is None:
                return INVALID_REFRESH
            return self._issue(found.username, roles, found.session, issuer)
        return _error(400, "unsupported_grant_type", "Unsupported grant_type")

    def logout(self, form: Mapping[str, str]) -> OAuthAnswer:
        if form.get("client_id") != CLIENT_ID:
            return INVALID_CLIENT
        token = form.get("refresh_token")
        if not token:
            return _error(400, "invalid_request", "No refresh token")
        found = self._refresh_record(token, allow_expired=True)  # as Keycloak (KEYCLOAK-3302)
        if isinstance(found, OAuthAnswer):
            return found
        self._end_session(found.session)
        return OAuthAnswer(204, None)

    # -- used by the API routes ------------------------------------------------------------

    def access(self, token: str) -> TokenRecord | None:
        """The record of a live access token, else None (unknown, expired or revoked)."""
        record = self._tokens.get(token)
        if record is None or record.kind != "access" or record.expires_us <= self._now_us():
            return None
        return record

    def expire_all(self) -> None:
        """Expire every access and refresh token issued so far (expire_all_tokens)."""
        now_us = self._now_us()
        with self._lock:
            self._tokens = {
                token: _expired(record, now_us) for token, record in self._tokens.items()
            }
            self._store.expire_tokens(now_us)

    # -- internals -------------------------------------------------------------------------

    def _refresh_record(
        self, token: str, *, allow_expired: bool = False
    ) -> TokenRecord | OAuthAnswer:
        record = self._tokens.get(token)
        if record is None or record.kind != "refresh":
            # A well-signed token we no longer hold belonged to a session that was ended.
            return SESSION_NOT_ACTIVE if self._signed_by_us(token) else INVALID_REFRESH
        if not allow_expired and record.expires_us <= self._now_us():
            return TOKEN_NOT_ACTIVE
        return record

    def _issue(
        self, username: str, roles: tuple[str, ...], session: str, issuer: str
    ) -> OAuthAnswer:
        now_us = self._now_us()
        access = self._mint("Bearer", username, roles, session, issuer, now_us, self.access_seconds)
        refresh = self._mint(
            "Refresh", username, roles, session, issuer, now_us, self.refresh_seconds
        )
        records = (
            TokenRecord(
                access, "access", username, session, roles, _after(now_us, self.access_seconds)
            ),
            TokenRecord(
                refresh, "refresh", username, session, roles, _after(now_us, self.refresh_seconds)
            ),
        )
        with self._lock:
            for record in records:
                self._tokens[record.token] = record
                self._store.save_token(record, prune_before_us=now_us)
            self._tokens = {t: r for t, r in self._tokens.items() if r.expires_us >= now_us}
        return OAuthAnswer(
            200,
            {
                "access_token": access,
                "expires_in": self.access_seconds,
                "refresh_expires_in": self.refresh_seconds,
                "refresh_token": refresh,
                "token_type": "Bearer",
                "not-before-policy": 0,
                "session_state": session,
                "scope": SCOPE,
            },
        )

    def _end_session(self, session: str) -> None:
        with self._lock:
            self._tokens = {t: r for t, r in self._tokens.items() if r.session != session}
            self._store.delete_session(session)

    def _mint(
        self,
        typ: str,
        username: str,
        roles: tuple[str, ...],
        session: str,
        issuer: str,
        now_us: int,
        seconds: int,
    ) -> str:
        iat = now_us // 1_000_000
        header = {"alg": "HS256", "typ": "JWT", "kid": "sandbox"}
        payload = {
            "exp": iat + seconds,
            "iat": iat,
            "jti": str(uuid.uuid4()),
            "iss": f"{issuer}/realms/{REALM}",
            "sub": str(uuid.uuid5(uuid.NAMESPACE_URL, f"sandbox-user:{username}")),
            "typ": typ,
            "azp": CLIENT_ID,
            "sid": session,
            "scope": SCOPE,
            "preferred_username": username,
            "realm_access": {"roles": list(roles)},
        }
        signing_input = f"{_b64(header)}.{_b64(payload)}"
        signature = hmac.new(self._secret, signing_input.encode("ascii"), hashlib.sha256)
        return f"{signing_input}.{_b64url(signature.digest())}"

    def _signed_by_us(self, token: str) -> bool:
        head, _, signature = token.rpartition(".")
        if not head:
            return False
        expected = hmac.new(self._secret, head.encode("ascii", "replace"), hashlib.sha256)
        return hmac.compare_digest(_b64url(expected.digest()), signature)


def _after(now_us: int, seconds: int) -> int:
    return now_us + seconds * 1_000_000


def _expired(record: TokenRecord, now_us: int) -> TokenRecord:
    if record.expires_us < now_us:
        return record
    return TokenRecord(
        record.token, record.kind, record.username, record.session, record.roles, now_us - 1
    )


def _b64url(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode("ascii")


def _b64(obj: dict[str, Any]) -> str:
    return _b64url(json.dumps(obj, separators=(",", ":")).encode("utf-8"))
