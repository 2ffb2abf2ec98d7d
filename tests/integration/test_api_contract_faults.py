"""The sandbox's fault modes against the client: which error, and what reached the server.

The line that matters most: a send that certainly did not reach BokaMera is a
TransportError (send again later), one that may have is an AmbiguousSendError (look in the
log first), and the client itself never repeats a send that failed that way.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from desktop.api import errors as e
from desktop.api.client import BokaMeraClient
from desktop.api.settings import AccountSettings
from desktop.domain.clock import FakeClock
from desktop.sandbox.server import SandboxServer

START = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
NUMBER = "+46701234567"
BODY = "Hej! Välkommen till Tandvården imorgon kl 09:00."
WHEN = datetime(2026, 3, 3, 8, 0, tzinfo=UTC)
ACTIONS = ("Check", "Correct", "Ask", "Enter", "Paste", "Use", "Make sure", "nothing to do",
           "automatically", "Try again")  # fmt: skip


def assert_actionable(err: e.ApiError) -> None:
    text = err.message
    assert text and "{" not in text and text.endswith("."), text
    assert any(action in text for action in ACTIONS), text
    assert NUMBER not in text and BODY not in text


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(START)


@pytest.fixture
def sandbox(tmp_path: Path, clock: FakeClock) -> Iterator[SandboxServer]:
    with SandboxServer(db_path=tmp_path / "sandbox.sqlite3", clock=clock) as sb:
        yield sb


def make_client(sb: SandboxServer, clock: FakeClock, **overrides: Any) -> BokaMeraClient:
    values: dict[str, Any] = {
        "api_url": sb.api_url,
        "token_url": sb.token_url,
        "api_key": sb.api_key,
        "username": sb.username,
        "password": sb.password,
    }
    values.update(overrides)
    return BokaMeraClient(AccountSettings(**values), clock=clock)


@pytest.fixture
def client(sandbox: SandboxServer, clock: FakeClock) -> Iterator[BokaMeraClient]:
    with make_client(sandbox, clock) as c:
        c.login()  # faults apply to the API routes only; log in before they start
        yield c


def wait_for(condition: Any, seconds: float = 5.0) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.02)
    return condition()


# -- answers that say "later" ---------------------------------------------------------------


@pytest.mark.parametrize(("retry_after", "expected"), [(7, 7.0), (None, 1.0), (0.25, 0.25)])
def test_429_is_rate_limited_with_retry_after(
    client: BokaMeraClient, sandbox: SandboxServer, retry_after: float | None, expected: float
) -> None:
    sandbox.set_faults(rate_limit_rate=1.0, retry_after=retry_after)
    with pytest.raises(e.RateLimitedError) as info:
        client.send_sms(NUMBER, BODY, WHEN)
    err = info.value
    assert err.status == 429 and err.retry_after == expected
    assert err.transient
    assert err.server_message
    assert_actionable(err)
    assert sandbox.total_accepted() == 0


@pytest.mark.parametrize("status", [500, 502, 503, 504, 408])
def test_5xx_and_408_are_server_errors_and_not_retried_by_the_client(
    client: BokaMeraClient, sandbox: SandboxServer, status: int
) -> None:
    sandbox.set_faults(error_rate=1.0, error_status=status, retry_after=3)
    for call in (lambda: client.send_sms(NUMBER, BODY, WHEN), client.probe):
        with pytest.raises(e.ServerError) as info:
            call()
        err = info.value
        assert err.status == status and err.retry_after == 3.0
        assert err.transient
        assert str(status) in err.message
        assert_actionable(err)
    assert sandbox.total_accepted() == 0


def test_503_without_retry_after_leaves_the_wait_to_the_engine(
    client: BokaMeraClient, sandbox: SandboxServer
) -> None:
    sandbox.set_faults(error_rate=1.0, error_status=503)
    with pytest.raises(e.ServerError) as info:
        client.send_sms(NUMBER, BODY, WHEN)
    assert info.value.retry_after is None


def test_random_errors_never_turn_into_hidden_retries(
    client: BokaMeraClient, sandbox: SandboxServer
) -> None:
    sandbox.set_faults(error_rate=0.3, error_status=503, rate_limit_rate=0.1, seed=1)
    outcomes: dict[str, int] = {"sent": 0, "ServerError": 0, "RateLimitedError": 0}
    for i in range(40):
        try:
            client.send_sms(NUMBER, f"{BODY} {i}", WHEN)
            outcomes["sent"] += 1
        except (e.ServerError, e.RateLimitedError) as exc:
            outcomes[type(exc).__name__] += 1
    assert outcomes["ServerError"] > 0 and outcomes["RateLimitedError"] > 0
    assert sandbox.total_accepted() == outcomes["sent"]  # one acceptance per success, no more


# -- no answer -------------------------------------------------------------------------------


def test_slow_answer_makes_a_send_ambiguous_and_it_may_still_land(
    sandbox: SandboxServer, clock: FakeClock
) -> None:
    with make_client(sandbox, clock, read_timeout=0.3) as client:
        client.login()
        sandbox.set_faults(slow_seconds=1.0)
        started = time.monotonic()
        with pytest.raises(e.AmbiguousSendError) as info:
            client.send_sms(NUMBER, BODY, WHEN)
        assert time.monotonic() - started < 0.9  # gave up at the read timeout
        assert_actionable(info.value)
        assert "checks BokaMera's message log" in info.value.message
        # The request was still in the server's queue: this is why reconciliation waits
        # for the whole request deadline before it trusts an empty log.
        assert wait_for(lambda: sandbox.accepted_count(NUMBER, BODY) == 1)
        sandbox.clear_faults()
        assert len(client.message_log(receiver=NUMBER).results) == 1


def test_slow_answer_to_a_read_is_a_plain_transport_error(
    sandbox: SandboxServer, clock: FakeClock
) -> None:
    with make_client(sandbox, clock, read_timeout=0.3) as client:
        client.login()
        sandbox.set_faults(slow_seconds=1.0)
        for call in (client.probe, client.message_log, client.message_types):
            with pytest.raises(e.TransportError) as info:
                call()
            assert info.value.code == "no_answer"
            assert info.value.transient
            assert_actionable(info.value)


def test_connection_dropped_before_the_answer_is_ambiguous_for_a_send(
    client: BokaMeraClient, sandbox: SandboxServer
) -> None:
    sandbox.set_faults(drop_before_answer_rate=1.0)
    with pytest.raises(e.AmbiguousSendError) as info:
        client.send_sms(NUMBER, BODY, WHEN)
    assert not info.value.transient
    assert_actionable(info.value)
    assert sandbox.total_accepted() == 0  # here it did not land; the client cannot know
    with pytest.raises(e.TransportError) as read:
        client.message_log(receiver=NUMBER)
    assert read.value.code == "no_answer"


def test_accepted_then_dropped_is_ambiguous_and_the_log_proves_it_landed_once(
    client: BokaMeraClient, sandbox: SandboxServer
) -> None:
    sandbox.set_faults(accept_then_drop_rate=1.0)
    with pytest.raises(e.AmbiguousSendError):
        client.send_sms(NUMBER, BODY, WHEN)
    assert sandbox.accepted_count(NUMBER, BODY) == 1  # exactly once: the client did not retry
    sandbox.clear_faults()
    found = [
        r
        for r in client.iter_message_log(receiver=NUMBER)
        if r.message_body == BODY and r.to_send_date == WHEN
    ]
    assert len(found) == 1
    assert found[0].created == START


def test_offline_is_a_transport_error_and_nothing_was_sent(
    client: BokaMeraClient, sandbox: SandboxServer
) -> None:
    client.send_sms(NUMBER, "first, to leave a keep-alive connection in the pool", WHEN)
    sandbox.set_faults(offline=True)
    for _ in range(2):
        with pytest.raises(e.TransportError) as info:
            client.send_sms(NUMBER, BODY, WHEN)
        err = info.value
        assert type(err) is e.TransportError  # certainly not sent: safe to send again
        assert err.code == "offline"
        assert f"127.0.0.1:{sandbox.port}" in err.message
        assert "internet connection" in err.message
        assert_actionable(err)
    with pytest.raises(e.TransportError):
        client.probe()
    assert sandbox.accepted_count(NUMBER, BODY) == 0
    sandbox.clear_faults()  # back on the same port
    client.send_sms(NUMBER, BODY, WHEN)
    assert sandbox.accepted_count(NUMBER, BODY) == 1


def test_no_server_at_all_is_a_transport_error_at_login(
    sandbox: SandboxServer, clock: FakeClock
) -> None:
    client = make_client(sandbox, clock)
    sandbox.stop()
    with client, pytest.raises(e.TransportError) as info:
        client.send_sms(NUMBER, BODY, WHEN)
    assert info.value.code == "offline"
    assert_actionable(info.value)


def test_expired_tokens_fault_is_invisible_to_the_caller(
    client: BokaMeraClient, sandbox: SandboxServer
) -> None:
    sandbox.set_faults(expire_all_tokens=True)
    client.send_sms(NUMBER, BODY, WHEN)
    client.probe()
    assert sandbox.accepted_count(NUMBER, BODY) == 1
