"""Fault injection on the sandbox, and its admin routes, over real HTTP."""

from __future__ import annotations

import socket
import time
from collections.abc import Iterator

import httpx
import pytest

from desktop.sandbox.admin import is_loopback
from desktop.sandbox.server import SandboxServer
from desktop.sandbox.testing import RawClient

RECEIVER, BODY = "+46701234567", "Välkommen på tisdag!"


@pytest.fixture
def sandbox() -> Iterator[SandboxServer]:
    with SandboxServer() as sb:
        yield sb


@pytest.fixture
def client(sandbox: SandboxServer) -> Iterator[RawClient]:
    with RawClient(sandbox, timeout=2.0) as c:
        yield c


def _refused(port: int) -> bool:
    try:
        socket.create_connection(("127.0.0.1", port), timeout=1).close()
    except ConnectionRefusedError:
        return True
    except ConnectionResetError:  # accepted into the backlog just as the socket closed
        return False
    return False


def _statuses(client: RawClient, count: int) -> list[int]:
    return [client.log().status_code for _ in range(count)]


def test_offline_refuses_connections_and_comes_back_on_the_same_port(
    client: RawClient, sandbox: SandboxServer
) -> None:
    port = sandbox.port
    assert client.send(RECEIVER, BODY).status_code == 200  # a keep-alive connection is open
    sandbox.set_faults(offline=True)
    assert _refused(port)
    with pytest.raises(httpx.ConnectError):
        client.send(RECEIVER, BODY)  # the pooled connection was cut too, and no new one
    assert sandbox.total_accepted() == 1

    sandbox.clear_faults()
    assert sandbox.port == port
    assert client.send(RECEIVER, BODY).status_code == 200
    assert sandbox.accepted_count(RECEIVER, BODY) == 2


def test_offline_before_start_opens_no_socket(sandbox: SandboxServer) -> None:
    port = sandbox.port
    sandbox.stop()
    sandbox.set_faults(offline=True)
    sandbox.start()
    assert _refused(port)
    sandbox.clear_faults()
    assert not _refused(port)


def test_accept_then_drop_stores_once_and_answers_nothing(
    client: RawClient, sandbox: SandboxServer
) -> None:
    sandbox.set_faults(accept_then_drop_rate=1.0)
    with pytest.raises(httpx.RemoteProtocolError):
        client.send(RECEIVER, BODY)
    assert sandbox.accepted_count(RECEIVER, BODY) == 1
    sandbox.clear_faults()
    [row] = client.log(Receiver=RECEIVER).json()["Results"]  # the log proves it arrived
    assert row["MessageBody"] == BODY


def test_drop_before_answer_stores_nothing(client: RawClient, sandbox: SandboxServer) -> None:
    sandbox.set_faults(drop_before_answer_rate=1.0)
    with pytest.raises(httpx.RemoteProtocolError):
        client.send(RECEIVER, BODY)
    assert sandbox.total_accepted() == 0
    sandbox.clear_faults()
    assert client.log().json()["Results"] == []


def test_rate_limit_answers_429_with_retry_after(client: RawClient, sandbox: SandboxServer) -> None:
    sandbox.set_faults(rate_limit_rate=1.0)
    response = client.send(RECEIVER, BODY, language="sv")
    assert response.status_code == 429
    assert response.headers["retry-after"] == "1"  # always present on 429
    assert response.json()["ResponseStatus"]["ErrorCode"] == "TooManyRequests"
    assert response.json()["ResponseStatus"]["Message"].startswith("För många anrop")
    sandbox.set_faults(rate_limit_rate=1.0, retry_after=2.5)
    assert client.log().headers["retry-after"] == "2.5"
    assert sandbox.total_accepted() == 0


def test_error_rate_answers_the_chosen_status(client: RawClient, sandbox: SandboxServer) -> None:
    sandbox.set_faults(error_rate=1.0)
    unavailable = client.send(RECEIVER, BODY)
    assert unavailable.status_code == 503
    assert unavailable.json()["ResponseStatus"]["ErrorCode"] == "ServiceUnavailable"
    assert "retry-after" not in unavailable.headers
    sandbox.set_faults(error_rate=1.0, error_status=500, retry_after=3)
    failed = client.types()
    assert failed.status_code == 500
    assert failed.headers["retry-after"] == "3"
    assert sandbox.total_accepted() == 0


def test_faults_come_before_auth(sandbox: SandboxServer) -> None:
    sandbox.set_faults(error_rate=1.0)
    response = httpx.get(sandbox.api_url + "/messages/log")  # no token at all
    assert response.status_code == 503


def test_seeded_faults_are_reproducible(client: RawClient, sandbox: SandboxServer) -> None:
    sandbox.set_faults(error_rate=0.3, rate_limit_rate=0.1, seed=7)
    first = _statuses(client, 40)
    sandbox.set_faults(error_rate=0.3, rate_limit_rate=0.1, seed=7)
    second = _statuses(client, 40)
    sandbox.set_faults(error_rate=0.3, rate_limit_rate=0.1, seed=8)
    other = _statuses(client, 40)
    assert first == second
    assert first != other
    assert {200, 503, 429} <= set(first)


def test_seeded_drops_are_reproducible(sandbox: SandboxServer) -> None:
    def outcomes() -> list[str]:
        sandbox.set_faults(drop_before_answer_rate=0.3, accept_then_drop_rate=0.3, seed=3)
        seen = []
        for i in range(20):
            with RawClient(sandbox) as c:  # a dropped connection is not reused
                try:
                    seen.append(str(c.send(RECEIVER, f"{BODY} {i}").status_code))
                except httpx.RemoteProtocolError:
                    seen.append("dropped")
        return seen

    first = outcomes()
    assert first == outcomes()
    assert "dropped" in first and "200" in first


def test_slow_answers_are_held_in_real_time(client: RawClient, sandbox: SandboxServer) -> None:
    sandbox.set_faults(slow_seconds=0.3)
    started = time.monotonic()
    assert client.log().status_code == 200
    assert time.monotonic() - started >= 0.3


def test_a_slow_send_can_land_after_the_client_gave_up(
    client: RawClient, sandbox: SandboxServer
) -> None:
    sandbox.set_faults(slow_seconds=0.4)
    with pytest.raises(httpx.ReadTimeout):
        client.http.post(
            "/messages/sendsms",
            json={"Receiver": RECEIVER, "MessageBody": BODY},
            headers=client.headers(),
            timeout=0.1,
        )
    assert sandbox.accepted_count(RECEIVER, BODY) == 0  # still in flight at the server
    deadline = time.monotonic() + 2
    while sandbox.accepted_count(RECEIVER, BODY) == 0 and time.monotonic() < deadline:
        time.sleep(0.02)
    assert sandbox.accepted_count(RECEIVER, BODY) == 1


def test_slow_rate_slows_only_some_requests(client: RawClient, sandbox: SandboxServer) -> None:
    sandbox.set_faults(slow_seconds=0.05, slow_rate=0.5, seed=1)
    durations = []
    for _ in range(12):
        started = time.monotonic()
        client.log()
        durations.append(time.monotonic() - started)
    slow = sum(d >= 0.05 for d in durations)
    assert 0 < slow < 12


def test_faults_spare_the_token_endpoint_and_admin_routes(sandbox: SandboxServer) -> None:
    sandbox.set_faults(error_rate=1.0, drop_before_answer_rate=1.0)
    with RawClient(sandbox) as c:  # logging in works
        assert c.log().status_code == 503
        assert c.http.get("/_sandbox/counts").status_code == 200


def test_invalid_fault_settings_are_refused(sandbox: SandboxServer) -> None:
    with pytest.raises(ValueError):
        sandbox.set_faults(error_rate=1.5)
    with pytest.raises(ValueError):
        sandbox.set_faults(error_status=200)
    with pytest.raises(ValueError):
        sandbox.set_faults(slow_seconds=-1)


# -- admin routes --------------------------------------------------------------------------


def test_admin_faults_round_trip(client: RawClient, sandbox: SandboxServer) -> None:
    admin = client.http
    state = admin.get("/_sandbox/faults").json()
    assert state["error_rate"] == 0.0 and state["offline"] is False

    posted = admin.post(
        "/_sandbox/faults", json={"error_rate": 1.0, "error_status": 502, "retry_after": 1}
    )
    assert posted.status_code == 200
    assert posted.json()["error_status"] == 502
    assert client.log().status_code == 502
    assert sandbox.fault_state()["error_rate"] == 1.0

    cleared = admin.delete("/_sandbox/faults")
    assert cleared.status_code == 200 and cleared.json()["error_rate"] == 0.0
    assert client.log().status_code == 200


def test_admin_counts(client: RawClient, sandbox: SandboxServer) -> None:
    client.send(RECEIVER, BODY)
    client.send(RECEIVER, BODY)
    client.send("+46709876543", "Annat")
    counts = client.http.get("/_sandbox/counts").json()
    assert counts == {
        "Total": 3,
        "Counts": [
            {"Receiver": "+46701234567", "MessageBody": BODY, "Count": 2},
            {"Receiver": "+46709876543", "MessageBody": "Annat", "Count": 1},
        ],
    }
    assert sandbox.accepted_counts() == {(RECEIVER, BODY): 2, ("+46709876543", "Annat"): 1}


def test_admin_expire_all_tokens(client: RawClient) -> None:
    assert client.http.post("/_sandbox/faults", json={"expire_all_tokens": True}).status_code == 200
    assert client.log().status_code == 401


@pytest.mark.parametrize(
    "body",
    [
        {"error_rate": 2},
        {"colour": "red"},
        {"offline": True},  # nothing could bring it back over HTTP
        {"error_rate": "lots"},
        [1, 2],
    ],
)
def test_admin_refuses_bad_settings(client: RawClient, body: object) -> None:
    response = client.http.post("/_sandbox/faults", json=body)
    assert response.status_code == 400
    assert response.json()["ResponseStatus"]["Message"]
    assert client.http.get("/_sandbox/faults").json()["offline"] is False


def test_admin_offline_for_a_while(client: RawClient, sandbox: SandboxServer) -> None:
    port = sandbox.port
    response = client.http.post("/_sandbox/faults", json={"offline": True, "offline_seconds": 0.3})
    assert response.status_code == 200
    assert response.json()["offline"] is True
    # The admin answer comes first and the socket closes just after it: wait for that.
    deadline = time.monotonic() + 1
    while not _refused(port) and time.monotonic() < deadline:
        time.sleep(0.01)
    assert sandbox.offline and _refused(port)
    deadline = time.monotonic() + 3
    while sandbox.offline and time.monotonic() < deadline:
        time.sleep(0.02)
    assert not _refused(port)
    assert client.log().status_code == 200


def test_admin_routes_answer_only_loopback_callers() -> None:
    assert is_loopback("127.0.0.1") and is_loopback("127.8.0.1") and is_loopback("::1")
    assert is_loopback("::ffff:127.0.0.1")
    assert not is_loopback("192.168.1.20") and not is_loopback("10.0.0.1")
    assert not is_loopback("fe80::1%eth0") and not is_loopback("not an address")
