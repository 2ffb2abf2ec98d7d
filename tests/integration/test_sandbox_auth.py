"""The sandbox's token endpoint (Keycloak's shape) and the API's auth rules, over real HTTP."""

from __future__ import annotations

import base64
import json
from collections.abc import Iterator
from datetime import timedelta

import httpx
import pytest

from desktop.domain.clock import FakeClock
from desktop.sandbox.auth import CLIENT_ID
from desktop.sandbox.server import SandboxServer
from desktop.sandbox.testing import RawClient

INVALID_CREDENTIALS = {"error": "invalid_grant", "error_description": "Invalid user credentials"}


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def sandbox(clock: FakeClock) -> Iterator[SandboxServer]:
    with SandboxServer(clock=clock) as sb:
        yield sb


@pytest.fixture
def client(sandbox: SandboxServer) -> Iterator[RawClient]:
    with RawClient(sandbox) as c:
        yield c


def _jwt_payload(token: str) -> dict[str, object]:
    part = token.split(".")[1]
    return json.loads(base64.urlsafe_b64decode(part + "=" * (-len(part) % 4)))


def _api_routes(c: RawClient, headers: dict[str, str]) -> list[httpx.Response]:
    return [
        c.http.post(
            "/messages/sendsms",
            json={"Receiver": "+46701234567", "MessageBody": "x"},
            headers=headers,
        ),
        c.http.get("/messages/log", headers=headers),
        c.http.get("/messages/templates/types", headers=headers),
    ]


# -- token endpoint ------------------------------------------------------------------------


def test_password_grant_answers_keycloak_fields(sandbox: SandboxServer, clock: FakeClock) -> None:
    with RawClient(sandbox, login=False) as c:
        response = c.token(
            grant_type="password", username=sandbox.username, password=sandbox.password
        )
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/json")
    assert response.headers["cache-control"] == "no-store"
    body = response.json()
    assert body["token_type"] == "Bearer"
    assert body["expires_in"] == 300
    assert body["refresh_expires_in"] == 1800
    assert isinstance(body["access_token"], str) and body["access_token"].count(".") == 2
    assert isinstance(body["refresh_token"], str) and body["refresh_token"] != body["access_token"]
    assert isinstance(body["scope"], str)
    payload = _jwt_payload(body["access_token"])
    assert payload["exp"] == int(clock.now().timestamp()) + 300  # follows the injected clock
    assert payload["azp"] == CLIENT_ID
    assert payload["preferred_username"] == sandbox.username
    assert payload["realm_access"] == {"roles": ["bookingsupplier-administrator-write"]}


def test_username_is_case_insensitive_like_keycloak(sandbox: SandboxServer) -> None:
    with RawClient(sandbox, sandbox.username.upper(), login=False) as c:
        assert c.login()["token_type"] == "Bearer"


@pytest.mark.parametrize("who", ["wrong password", "unknown user", "no password"])
def test_bad_credentials_are_keycloaks_invalid_grant(sandbox: SandboxServer, who: str) -> None:
    form = {
        "wrong password": {"username": sandbox.username, "password": "nope"},
        "unknown user": {"username": "nobody@example.com", "password": sandbox.password},
        "no password": {"username": sandbox.username},
    }[who]
    with RawClient(sandbox, login=False) as c:
        response = c.token(grant_type="password", **form)
    # Keycloak answers 401 (not RFC 6749's 400) for bad user credentials: keycloak#45812.
    assert response.status_code == 401
    assert response.json() == INVALID_CREDENTIALS


def test_unknown_client_id_is_invalid_client(sandbox: SandboxServer) -> None:
    with RawClient(sandbox, login=False) as c:
        response = c.http.post(
            sandbox.token_url,
            data={
                "grant_type": "password",
                "client_id": "bm-old-client",
                "username": sandbox.username,
                "password": sandbox.password,
            },
        )
    assert response.status_code == 401
    assert response.json()["error"] == "invalid_client"


def test_missing_or_unknown_grant_type(sandbox: SandboxServer) -> None:
    with RawClient(sandbox, login=False) as c:
        as_json = c.http.post(
            sandbox.token_url, json={"grant_type": "password", "client_id": CLIENT_ID}
        )
        unknown = c.token(grant_type="client_credentials")
    assert as_json.status_code == 400
    assert as_json.json() == {
        "error": "invalid_request",
        "error_description": "Missing form parameter: grant_type",
    }
    assert unknown.status_code == 400
    assert unknown.json()["error"] == "unsupported_grant_type"


def test_refresh_grant_issues_new_tokens_in_the_same_session(client: RawClient) -> None:
    first_access, first_refresh = client.access_token, client.refresh_token
    response = client.token(grant_type="refresh_token", refresh_token=first_refresh)
    assert response.status_code == 200
    body = response.json()
    assert set(body) >= {"access_token", "expires_in", "refresh_token", "refresh_expires_in"}
    assert body["access_token"] != first_access
    assert _jwt_payload(body["access_token"])["sid"] == _jwt_payload(first_access)["sid"]
    client.access_token = body["access_token"]
    assert client.log().status_code == 200


def test_access_token_expires_by_the_clock_and_refresh_renews_it(
    client: RawClient, clock: FakeClock
) -> None:
    clock.advance(299)
    assert client.log().status_code == 200
    clock.advance(1)
    expired = client.log()
    assert expired.status_code == 401
    assert expired.json()["ResponseStatus"]["ErrorCode"] == "Unauthorized"
    assert "invalid_token" in expired.headers["www-authenticate"]

    refreshed = client.token(grant_type="refresh_token", refresh_token=client.refresh_token)
    assert refreshed.status_code == 200
    client.access_token = refreshed.json()["access_token"]
    assert client.log().status_code == 200


def test_expired_refresh_token_is_not_active(client: RawClient, clock: FakeClock) -> None:
    clock.advance(timedelta(seconds=1800))
    response = client.token(grant_type="refresh_token", refresh_token=client.refresh_token)
    assert response.status_code == 400
    assert response.json() == {"error": "invalid_grant", "error_description": "Token is not active"}
    assert client.login()["access_token"]  # the stored password still works


def test_token_lifetimes_can_be_shortened(sandbox: SandboxServer, clock: FakeClock) -> None:
    sandbox.set_token_lifetimes(access=5, refresh=10)
    with RawClient(sandbox) as c:
        clock.advance(6)
        assert c.log().status_code == 401
        assert c.token(grant_type="refresh_token", refresh_token=c.refresh_token).status_code == 200
        clock.advance(10)
        assert c.token(grant_type="refresh_token", refresh_token=c.refresh_token).status_code == 400


def test_unknown_refresh_token_is_invalid(client: RawClient) -> None:
    response = client.token(grant_type="refresh_token", refresh_token="not-a-token")
    assert response.status_code == 400
    assert response.json() == {
        "error": "invalid_grant",
        "error_description": "Invalid refresh token",
    }


def test_logout_ends_the_session(client: RawClient, sandbox: SandboxServer) -> None:
    response = client.http.post(
        sandbox.logout_url, data={"client_id": CLIENT_ID, "refresh_token": client.refresh_token}
    )
    assert response.status_code == 204
    assert response.content == b""
    assert client.log().status_code == 401
    again = client.token(grant_type="refresh_token", refresh_token=client.refresh_token)
    assert again.status_code == 400
    assert again.json()["error_description"] == "Session not active"


def test_expire_all_tokens_expires_access_and_refresh_tokens(
    client: RawClient, sandbox: SandboxServer
) -> None:
    sandbox.set_faults(expire_all_tokens=True)
    assert client.log().status_code == 401
    refresh = client.token(grant_type="refresh_token", refresh_token=client.refresh_token)
    assert refresh.status_code == 400
    assert refresh.json()["error_description"] == "Token is not active"
    client.login()  # tokens issued afterwards are good: it is an action, not a state
    assert client.log().status_code == 200


# -- API auth rules ------------------------------------------------------------------------


def test_missing_bearer_token_is_401_on_every_api_route(client: RawClient) -> None:
    headers = client.headers()
    del headers["Authorization"]
    for response in _api_routes(client, headers):
        assert response.status_code == 401
        status = response.json()["ResponseStatus"]
        assert status["ErrorCode"] == "Unauthorized"
        assert status["Message"]
        assert response.headers["www-authenticate"].startswith("Bearer")


@pytest.mark.parametrize("authorization", ["Basic dXNlcjpwdw==", "Bearer", "Bearer abc.def.ghi"])
def test_wrong_authorization_is_401(client: RawClient, authorization: str) -> None:
    for response in _api_routes(client, client.headers(Authorization=authorization)):
        assert response.status_code == 401
        assert response.json()["ResponseStatus"]["ErrorCode"] == "Unauthorized"


def test_missing_or_wrong_api_key_is_401(client: RawClient) -> None:
    no_key = client.headers()
    del no_key["x-api-key"]
    wrong_key = client.headers(**{"x-api-key": "00000000-0000-0000-0000-000000000001"})
    for headers in (no_key, wrong_key, client.headers(**{"x-api-key": "not-a-guid"})):
        for response in _api_routes(client, headers):
            assert response.status_code == 401
            assert "API" in response.json()["ResponseStatus"]["Message"]
    assert client.sandbox.total_accepted() == 0


def test_api_key_is_compared_as_a_guid(client: RawClient) -> None:
    upper = client.headers(**{"x-api-key": client.sandbox.api_key.upper()})
    assert all(r.status_code == 200 for r in _api_routes(client, upper))


@pytest.mark.parametrize(
    "roles",
    [
        ["bookingsupplier-administrator-write"],
        ["bookingsupplier-administrator-read"],  # listed as allowed on the seed page
        ["superadmin"],
    ],
)
def test_every_listed_role_may_use_the_messaging_routes(
    sandbox: SandboxServer, roles: list[str]
) -> None:
    sandbox.add_user("desk@example.com", "pw-1", roles)
    with RawClient(sandbox, "desk@example.com", "pw-1") as c:
        assert [r.status_code for r in _api_routes(c, c.headers())] == [200, 200, 200]


def test_a_user_without_a_messaging_role_gets_403(sandbox: SandboxServer) -> None:
    sandbox.add_user("customer@example.com", "pw-2", ["bookingsupplier-customer"])
    with RawClient(sandbox, "customer@example.com", "pw-2") as c:
        responses = _api_routes(c, c.headers())
        swedish = c.log(language="sv")
    for response in responses:
        assert response.status_code == 403
        status = response.json()["ResponseStatus"]
        assert status["ErrorCode"] == "Forbidden"
        assert "too low privileges" in status["Message"]
    assert "för låga behörigheter" in swedish.json()["ResponseStatus"]["Message"]
    assert sandbox.total_accepted() == 0


def test_add_user_replaces_password_and_roles(sandbox: SandboxServer) -> None:
    sandbox.add_user("a@example.com", "old", ["superadmin"])
    sandbox.add_user("a@example.com", "new", ["bookingsupplier-customer"])
    with RawClient(sandbox, "a@example.com", "new") as c:
        assert c.log().status_code == 403
        old = c.token(grant_type="password", username="a@example.com", password="old")
        assert old.status_code == 401


def test_error_messages_follow_x_language(client: RawClient) -> None:
    headers = client.headers()
    del headers["Authorization"]
    english = client.http.get("/messages/log", headers=headers)
    swedish = client.http.get("/messages/log", headers={**headers, "x-language": "sv"})
    swedish_se = client.http.get("/messages/log", headers={**headers, "x-language": "sv-SE"})
    assert english.json()["ResponseStatus"]["Message"].startswith("Not authenticated")
    assert swedish.json()["ResponseStatus"]["Message"].startswith("Inte inloggad")
    assert swedish_se.json() == swedish.json()
