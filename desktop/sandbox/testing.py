"""A tiny raw-HTTP helper for tests that talk to a SandboxServer.

Deliberately not the app's client (desktop.api): the sandbox's own tests check the wire
exactly as BOKAMERA_API.md describes it, and must not inherit the client's assumptions.
"""

from __future__ import annotations

from typing import Any

import httpx

from desktop.sandbox.auth import CLIENT_ID
from desktop.sandbox.server import SandboxServer


class RawClient:
    """httpx over keep-alive, logged in as one sandbox user."""

    def __init__(
        self,
        sandbox: SandboxServer,
        username: str | None = None,
        password: str | None = None,
        *,
        timeout: float = 5.0,
        login: bool = True,
    ) -> None:
        self.sandbox = sandbox
        # verify=False: plain HTTP on loopback, and it skips loading CA certificates (~40 ms).
        self.http = httpx.Client(base_url=sandbox.api_url, timeout=timeout, verify=False)
        self.username = username or sandbox.username
        self.password = password or sandbox.password
        self.access_token = ""
        self.refresh_token = ""
        if login:
            self.login()

    def __enter__(self) -> RawClient:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self.http.close()

    def token(self, **form: str) -> httpx.Response:
        return self.http.post(self.sandbox.token_url, data={"client_id": CLIENT_ID, **form})

    def login(self) -> dict[str, Any]:
        response = self.token(grant_type="password", username=self.username, password=self.password)
        response.raise_for_status()
        body: dict[str, Any] = response.json()
        self.access_token, self.refresh_token = body["access_token"], body["refresh_token"]
        return body

    def headers(self, language: str | None = None, **extra: str) -> dict[str, str]:
        headers = {
            "Authorization": f"Bearer {self.access_token}",
            "x-api-key": self.sandbox.api_key,
            "Accept": "application/json",
        }
        if language:
            headers["x-language"] = language
        headers.update(extra)
        return headers

    def send(
        self,
        receiver: str | None = "+46701234567",
        body: str | None = "Hej! Välkommen på tisdag kl 10.",
        to_send: str | None = "2026-03-03T10:00:00+01:00",
        *,
        language: str | None = None,
        **fields: Any,
    ) -> httpx.Response:
        payload: dict[str, Any] = {"Receiver": receiver, "MessageBody": body}
        if to_send is not None:
            payload["ToSendDate"] = to_send
        payload.update(fields)
        return self.http.post("/messages/sendsms", json=payload, headers=self.headers(language))

    def log(self, language: str | None = None, **params: Any) -> httpx.Response:
        return self.http.get("/messages/log", params=params, headers=self.headers(language))

    def types(self, **params: Any) -> httpx.Response:
        return self.http.get("/messages/templates/types", params=params, headers=self.headers())
