"""The client against the real sandbox over loopback HTTP, checked against BOKAMERA_API.md.

Requests and answers are recorded by a thin transport around httpx's own, so every header
and JSON property can be compared with the document field by field. Fault modes are in
test_api_contract_faults.py.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest

from desktop.api import errors as e
from desktop.api.client import BokaMeraClient
from desktop.api.settings import AccountSettings
from desktop.domain.clock import FakeClock
from desktop.sandbox.server import DateStyle, LogEntry, SandboxServer

START = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
NUMBER = "+46701234567"
BODY = "Hej! Välkommen till Tandvården imorgon kl 09:00."
WHEN = datetime(2026, 3, 3, 8, 0, tzinfo=UTC)  # 09:00 in Stockholm

# BOKAMERA_API.md: MessageLogQueryResponse and QueryResponse<T> properties.
RECORD_FIELDS = {
    "Id", "BookingId", "Receiver", "MessageTitle", "StorageUrl", "MessageBody", "Created",
    "ToSendDate", "SentDate", "Sent", "MessageRetries", "SendMethodId",
}  # fmt: skip
QUERY_FIELDS = {"Offset", "Total", "Results", "Meta", "ResponseStatus"}
TYPE_FIELDS = {"Id", "Name", "Description", "MaxCharacters", "DefaultText", "SendMethodId"}
ACTIONS = ("Check", "Correct", "Ask", "Enter", "Paste", "Use", "Make sure", "nothing to do",
           "automatically", "Try again")  # fmt: skip


def assert_actionable(err: e.ApiError) -> None:
    """A front-desk user can read it and knows what to do (or that nothing is needed)."""
    text = err.message
    assert text and "{" not in text and text.endswith("."), text
    assert any(action in text for action in ACTIONS), text
    assert "Traceback" not in text and "httpx" not in text
    assert NUMBER not in text and BODY not in text


def assert_record_types(answer: dict[str, Any]) -> None:
    """The .NET types of MessageLogQueryResponse, as JSON carries them."""

    def is_int(v: object) -> bool:
        return isinstance(v, int) and not isinstance(v, bool)

    assert is_int(answer["Id"]) and is_int(answer["MessageRetries"])
    assert is_int(answer["SendMethodId"]) and answer["SendMethodId"] in (1, 2)
    assert answer["BookingId"] is None or is_int(answer["BookingId"])
    assert isinstance(answer["Sent"], bool)
    for name in ("Receiver", "MessageBody", "Created", "ToSendDate"):
        assert isinstance(answer[name], str), name
    for name in ("MessageTitle", "StorageUrl", "SentDate"):
        assert answer[name] is None or isinstance(answer[name], str), name


class Recorder(httpx.BaseTransport):
    """httpx's real transport, keeping each request and answer for inspection."""

    def __init__(self) -> None:
        self.inner = httpx.HTTPTransport()
        self.exchanges: list[tuple[httpx.Request, httpx.Response]] = []
        self._lock = threading.Lock()

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        response = self.inner.handle_request(request)
        response.read()
        with self._lock:
            self.exchanges.append((request, response))
        return response

    def close(self) -> None:
        self.inner.close()

    def to(self, suffix: str) -> list[tuple[httpx.Request, httpx.Response]]:
        return [(q, r) for q, r in self.exchanges if q.url.path.endswith(suffix)]

    def grants(self) -> list[str]:
        return [form(q)["grant_type"] for q, _ in self.to("/token")]


def form(request: httpx.Request) -> dict[str, str]:
    return dict(httpx.QueryParams(request.content.decode()))


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(START)


@pytest.fixture
def sandbox(tmp_path: Path, clock: FakeClock) -> Iterator[SandboxServer]:
    with SandboxServer(db_path=tmp_path / "sandbox.sqlite3", clock=clock) as sb:
        yield sb


@pytest.fixture
def recorder() -> Recorder:
    return Recorder()


def settings_for(sb: SandboxServer, **overrides: Any) -> AccountSettings:
    values: dict[str, Any] = {
        "api_url": sb.api_url,
        "token_url": sb.token_url,
        "api_key": sb.api_key,
        "username": sb.username,
        "password": sb.password,
    }
    values.update(overrides)
    return AccountSettings(**values)


@pytest.fixture
def client(
    sandbox: SandboxServer, clock: FakeClock, recorder: Recorder
) -> Iterator[BokaMeraClient]:
    with BokaMeraClient(settings_for(sandbox), clock=clock, transport=recorder) as c:
        yield c


def make_client(
    sb: SandboxServer, clock: FakeClock, recorder: Recorder | None = None, **overrides: Any
) -> BokaMeraClient:
    return BokaMeraClient(settings_for(sb, **overrides), clock=clock, transport=recorder)


# -- authentication ------------------------------------------------------------------------


def test_password_grant_is_a_form_without_client_secret(
    client: BokaMeraClient, recorder: Recorder, sandbox: SandboxServer
) -> None:
    client.login()
    [(request, response)] = recorder.to("/token")
    assert request.method == "POST"
    assert str(request.url) == sandbox.token_url
    assert request.headers["content-type"] == "application/x-www-form-urlencoded"
    assert form(request) == {
        "grant_type": "password",
        "client_id": "bm-external-api-users",
        "username": sandbox.username,
        "password": sandbox.password,
    }
    answer = response.json()
    assert {"access_token", "expires_in", "refresh_token", "refresh_expires_in"} <= set(answer)
    assert {"token_type", "scope"} <= set(answer)


def test_wrong_password_is_an_auth_error_naming_username_and_password(
    sandbox: SandboxServer, clock: FakeClock
) -> None:
    with make_client(sandbox, clock, password="not-the-password") as client:
        with pytest.raises(e.AuthError) as info:
            client.login()
        assert info.value.code == "wrong_password"
        assert "username or password" in info.value.message
        assert_actionable(info.value)
        with pytest.raises(e.AuthError) as info:  # a send logs in by itself, same error
            client.send_sms(NUMBER, BODY, WHEN)
        assert info.value.code == "wrong_password"
    assert sandbox.total_accepted() == 0


def test_unknown_client_id_is_a_configuration_error(
    sandbox: SandboxServer, clock: FakeClock
) -> None:
    client = make_client(sandbox, clock, client_id="old-client")
    with client, pytest.raises(e.ConfigurationError) as info:
        client.login()
    assert info.value.code == "bad_login_client"
    assert "old-client" in info.value.message
    assert_actionable(info.value)


def test_access_token_is_refreshed_before_it_expires(
    client: BokaMeraClient, recorder: Recorder, clock: FakeClock
) -> None:
    client.login()
    clock.advance(timedelta(seconds=260))  # 40 s left: still used as it is
    client.probe()
    assert recorder.grants() == ["password"]
    clock.advance(timedelta(seconds=15))  # 25 s left: inside the margin
    client.probe()
    assert recorder.grants() == ["password", "refresh_token"]
    refresh = form(recorder.to("/token")[-1][0])
    assert set(refresh) == {"grant_type", "client_id", "refresh_token"}
    assert refresh["client_id"] == "bm-external-api-users"
    [(_, first), _] = recorder.to("/token")
    assert refresh["refresh_token"] == first.json()["refresh_token"]
    # Every API call went out with a token the server took: no 401 on the way.
    assert {r.status_code for _, r in recorder.to("/types")} == {200}


def test_when_the_refresh_token_has_expired_too_the_password_logs_in_again(
    sandbox: SandboxServer, clock: FakeClock, recorder: Recorder
) -> None:
    sandbox.set_token_lifetimes(access=60, refresh=120)
    with make_client(sandbox, clock, recorder) as client:
        client.login()
        clock.advance(timedelta(seconds=45))
        client.probe()  # refreshed
        clock.advance(timedelta(seconds=200))  # both tokens are dead now
        client.send_sms(NUMBER, BODY, WHEN)
    assert recorder.grants() == ["password", "refresh_token", "password"]
    assert sandbox.accepted_count(NUMBER, BODY) == 1


def test_a_refused_refresh_falls_back_to_the_password(
    sandbox: SandboxServer, clock: FakeClock, recorder: Recorder
) -> None:
    with make_client(sandbox, clock, recorder) as client:
        client.login()
        sandbox.set_faults(expire_all_tokens=True)  # revoked server-side, unknown to us
        client.send_sms(NUMBER, BODY, WHEN)
    sends = [r.status_code for _, r in recorder.to("/sendsms")]
    assert sends == [401, 200]  # refused before doing anything, so repeated once
    assert recorder.grants() == ["password", "refresh_token", "password"]
    assert [r.status_code for _, r in recorder.to("/token")] == [200, 400, 200]
    assert sandbox.accepted_count(NUMBER, BODY) == 1


def test_four_threads_with_a_stale_token_cause_one_refresh(
    sandbox: SandboxServer, clock: FakeClock, recorder: Recorder
) -> None:
    with make_client(sandbox, clock, recorder) as client:
        client.login()
        clock.advance(timedelta(seconds=290))
        results = run_in_threads(client, 4)
    assert all(isinstance(r, type(results[0])) and not isinstance(r, Exception) for r in results)
    assert recorder.grants() == ["password", "refresh_token"]
    assert sandbox.total_accepted() == 4


def test_four_threads_refused_with_401_together_renew_once(
    sandbox: SandboxServer, clock: FakeClock, recorder: Recorder
) -> None:
    with make_client(sandbox, clock, recorder) as client:
        client.login()
        sandbox.set_faults(expire_all_tokens=True)
        results = run_in_threads(client, 4)
    assert not [r for r in results if isinstance(r, Exception)]
    assert recorder.grants() == ["password", "refresh_token", "password"]
    assert sandbox.total_accepted() == 4


def run_in_threads(client: BokaMeraClient, n: int) -> list[Any]:
    barrier = threading.Barrier(n)
    results: list[Any] = [None] * n

    def work(i: int) -> None:
        barrier.wait()
        try:
            results[i] = client.send_sms(f"+4670123456{i}", f"{BODY} #{i}", WHEN)
        except Exception as exc:  # reported by the caller's assertions
            results[i] = exc

    threads = [threading.Thread(target=work, args=(i,)) for i in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)
    return results


def test_logout_ends_the_session_and_a_later_call_logs_in_again(
    client: BokaMeraClient, recorder: Recorder, sandbox: SandboxServer
) -> None:
    client.login()
    refresh = recorder.to("/token")[0][1].json()["refresh_token"]
    client.logout()
    [(request, response)] = recorder.to("/logout")
    assert str(request.url) == sandbox.logout_url
    assert form(request) == {"client_id": "bm-external-api-users", "refresh_token": refresh}
    assert response.status_code == 204
    client.probe()
    assert recorder.grants() == ["password", "password"]


# -- POST /messages/sendsms ----------------------------------------------------------------


def test_sendsms_request_and_answer_field_by_field(
    client: BokaMeraClient, recorder: Recorder, sandbox: SandboxServer, clock: FakeClock
) -> None:
    record = client.send_sms(NUMBER, BODY, WHEN)
    [(request, response)] = recorder.to("/sendsms")
    token = recorder.to("/token")[0][1].json()["access_token"]
    assert request.method == "POST"
    assert str(request.url) == sandbox.api_url + "/messages/sendsms"
    assert request.headers["authorization"] == f"Bearer {token}"
    assert request.headers["x-api-key"] == sandbox.api_key
    assert request.headers["x-language"] == "en"
    assert request.headers["accept"] == "application/json"
    assert request.headers["content-type"] == "application/json"
    sent = json.loads(request.content)
    assert list(sent) == ["Receiver", "MessageBody", "ToSendDate"]  # no CompanyId unless set
    assert sent["Receiver"] == NUMBER and sent["MessageBody"] == BODY
    assert sent["ToSendDate"] == "2026-03-03T09:00:00+01:00"  # explicit offset, desk's zone

    assert response.status_code == 200
    answer = response.json()
    assert set(answer) == RECORD_FIELDS
    assert_record_types(answer)
    assert isinstance(answer["Id"], int) and answer["Id"] == record.id
    assert record.receiver == NUMBER
    assert record.message_body == BODY
    assert record.to_send_date == WHEN
    assert record.created == clock.now()
    assert record.sent_date is None and record.sent is False
    assert record.send_method_id == 2 and record.is_sms
    assert record.message_retries == 0
    assert record.booking_id is None
    assert sandbox.accepted_count(NUMBER, BODY) == 1


def test_sendsms_sends_company_id_first_when_set(
    sandbox: SandboxServer, clock: FakeClock, recorder: Recorder
) -> None:
    with make_client(sandbox, clock, recorder, company_id=sandbox.company_id) as client:
        client.send_sms(NUMBER, BODY, WHEN)
    with make_client(sandbox, clock, recorder) as client:
        client.send_sms(NUMBER, BODY, WHEN, company_id=sandbox.company_id)
    for request, response in recorder.to("/sendsms"):
        body = json.loads(request.content)
        assert list(body) == ["CompanyId", "Receiver", "MessageBody", "ToSendDate"]
        assert body["CompanyId"] == sandbox.company_id
        assert response.status_code == 200
    assert sandbox.accepted_count(NUMBER, BODY) == 2


def test_sendsms_for_another_company_is_forbidden(client: BokaMeraClient) -> None:
    with pytest.raises(e.ForbiddenError) as info:
        client.send_sms(NUMBER, BODY, WHEN, company_id="00000000-0000-0000-0000-000000000001")
    assert info.value.status == 403
    assert_actionable(info.value)


def test_bad_receiver_is_a_validation_error_with_the_field(
    client: BokaMeraClient, sandbox: SandboxServer
) -> None:
    with pytest.raises(e.ValidationError) as info:
        client.send_sms("+4612", BODY, WHEN)
    err = info.value
    assert err.status == 400
    assert [f.field_name for f in err.field_errors] == ["Receiver"]
    assert err.field_errors[0].error_code
    assert "is not a valid mobile number" in err.message
    assert "Correct it and send it again" in err.message
    assert_actionable(err)
    assert sandbox.total_accepted() == 0


def test_empty_and_too_long_bodies_name_the_body_field(
    client: BokaMeraClient, sandbox: SandboxServer
) -> None:
    with pytest.raises(e.ValidationError) as info:
        client.send_sms(NUMBER, "   ", WHEN)
    assert [f.field_name for f in info.value.field_errors] == ["MessageBody"]
    sandbox.set_sms_type(max_characters=20)
    with pytest.raises(e.ValidationError) as info:
        client.send_sms(NUMBER, BODY, WHEN)
    assert [f.field_name for f in info.value.field_errors] == ["MessageBody"]
    assert "20" in info.value.message
    assert_actionable(info.value)


def test_server_messages_come_back_in_the_language_asked_for(
    sandbox: SandboxServer, clock: FakeClock
) -> None:
    messages = {}
    for language in ("sv", "en"):
        with make_client(sandbox, clock, language=language) as client:
            with pytest.raises(e.ValidationError) as info:
                client.send_sms("+4612", BODY, WHEN)
            messages[language] = info.value.server_message
    assert messages["sv"] != messages["en"]
    assert "giltigt mobilnummer" in (messages["sv"] or "")


def test_bad_api_key_is_an_auth_error_after_one_renewed_attempt(
    sandbox: SandboxServer, clock: FakeClock, recorder: Recorder
) -> None:
    wrong = "99999999-9999-9999-9999-999999999999"
    client = make_client(sandbox, clock, recorder, api_key=wrong)
    with client, pytest.raises(e.AuthError) as info:
        client.send_sms(NUMBER, BODY, WHEN)
    err = info.value
    assert err.status == 401
    assert "API key" in err.message and "Settings" in err.message
    assert err.server_message and "x-api-key" in err.server_message
    assert_actionable(err)
    assert [r.status_code for _, r in recorder.to("/sendsms")] == [401, 401]
    assert len(recorder.grants()) == 2  # the login, then one renewal: no loop
    assert sandbox.total_accepted() == 0


def test_a_role_that_may_not_read_or_send_is_forbidden(
    sandbox: SandboxServer, clock: FakeClock, recorder: Recorder
) -> None:
    sandbox.add_user("reception@example.se", "pw-1", roles=["bookingsupplier-customer"])
    with make_client(
        sandbox, clock, recorder, username="reception@example.se", password="pw-1"
    ) as client:
        for call in (
            lambda: client.send_sms(NUMBER, BODY, WHEN),
            lambda: client.message_log(),
            client.probe,
        ):
            with pytest.raises(e.ForbiddenError) as info:
                call()
            assert info.value.status == 403
            assert "not allowed to send SMS" in info.value.message
            assert info.value.server_message
            assert_actionable(info.value)
    assert len(recorder.to("/sendsms")) == 1  # a 403 is not retried
    assert sandbox.total_accepted() == 0


@pytest.mark.parametrize(
    "role",
    [
        "bookingsupplier-administrator-write",
        "bookingsupplier-administrator-read",
        "superadmin",
    ],
)
def test_each_documented_role_may_send(sandbox: SandboxServer, clock: FakeClock, role: str) -> None:
    sandbox.add_user("staff@example.se", "pw-2", roles=[role])
    with make_client(sandbox, clock, username="staff@example.se", password="pw-2") as client:
        client.send_sms(NUMBER, BODY, WHEN)
    assert sandbox.accepted_count(NUMBER, BODY) == 1


def test_a_wrong_base_url_is_a_configuration_error(
    sandbox: SandboxServer, clock: FakeClock
) -> None:
    with make_client(sandbox, clock, api_url=sandbox.api_url + "/api/v2") as client:
        for call in (lambda: client.send_sms(NUMBER, BODY, WHEN), client.probe):
            with pytest.raises(e.ConfigurationError) as info:
                call()
            assert info.value.status == 404
            assert f"127.0.0.1:{sandbox.port}" in info.value.message
            assert "API address in Settings" in info.value.message
            assert_actionable(info.value)
    assert sandbox.total_accepted() == 0


def test_a_wrong_token_url_is_a_configuration_error(
    sandbox: SandboxServer, clock: FakeClock
) -> None:
    token_url = sandbox.api_url + "/realms/other-realm/protocol/openid-connect/token"
    client = make_client(sandbox, clock, token_url=token_url)
    with client, pytest.raises(e.ConfigurationError) as info:
        client.login()
    assert info.value.status == 404
    assert_actionable(info.value)


def test_a_wrong_method_is_a_configuration_error(client: BokaMeraClient) -> None:
    with pytest.raises(e.ConfigurationError) as info:
        client._call("GET", "/messages/sendsms")
    assert info.value.status == 405
    assert_actionable(info.value)


# -- GET /messages/templates/types --------------------------------------------------------


def test_message_types_request_and_answer(
    client: BokaMeraClient, recorder: Recorder, sandbox: SandboxServer
) -> None:
    sandbox.set_sms_type(max_characters=480, default_text=" /Tandvården")
    [sms] = client.message_types()
    [(request, response)] = recorder.to("/messages/templates/types")
    assert request.method == "GET"
    assert request.url.params["SendMethodId"] == "2"
    assert request.headers["x-api-key"] == sandbox.api_key
    assert request.headers["accept"] == "application/json"
    assert "content-type" not in request.headers
    answer = response.json()
    assert set(answer) == QUERY_FIELDS
    assert set(answer["Results"][0]) == TYPE_FIELDS
    assert sms.send_method_id == 2
    assert sms.max_characters == 480
    assert sms.default_text == " /Tandvården"
    assert sms.name


def test_probe_is_one_cheap_authenticated_get(client: BokaMeraClient, recorder: Recorder) -> None:
    client.probe()
    [(request, response)] = [x for x in recorder.exchanges if "/messages/" in x[0].url.path]
    assert request.method == "GET"
    assert request.url.params["Take"] == "1"
    assert request.headers["authorization"].startswith("Bearer ")
    assert response.status_code == 200


# -- GET /messages/log --------------------------------------------------------------------


def test_message_log_query_and_answer_field_by_field(
    client: BokaMeraClient, recorder: Recorder, sandbox: SandboxServer
) -> None:
    sent = client.send_sms(NUMBER, BODY, WHEN)
    page = client.message_log(receiver=NUMBER, take=10)
    [(request, response)] = recorder.to("/messages/log")
    assert request.method == "GET"
    assert dict(request.url.params) == {
        "Receiver": NUMBER,
        "Skip": "0",
        "Take": "10",
        "OrderByDesc": "Created",
        "Include": "Total",
    }
    assert request.headers["x-api-key"] == sandbox.api_key
    answer = response.json()
    assert set(answer) == QUERY_FIELDS
    assert set(answer["Results"][0]) == RECORD_FIELDS
    assert_record_types(answer["Results"][0])
    assert page.offset == 0 and page.total == 1
    assert page.results == [sent]


def test_message_log_filters_reach_the_server(
    client: BokaMeraClient, sandbox: SandboxServer, clock: FakeClock, recorder: Recorder
) -> None:
    created = START - timedelta(days=1)
    sandbox.add_log_entries(
        [
            LogEntry(receiver="+46700000001", message_body="a", created=created, booking_id=77),
            LogEntry(
                receiver="+46700000002",
                message_body="b",
                created=created,
                sent=True,
                sent_date=created + timedelta(minutes=5),
            ),
            LogEntry(receiver="kund@example.se", message_body="c", send_method_id=1),
        ]
    )
    mine = client.send_sms(NUMBER, BODY, WHEN)
    assert [r.booking_id for r in client.message_log(booking_id=77).results] == [77]
    assert [r.id for r in client.message_log(id=mine.id).results] == [mine.id]
    assert [r.receiver for r in client.message_log(receiver="+46700000002").results] == [
        "+46700000002"
    ]
    assert all(r.sent for r in client.message_log(sent=True).results)
    assert mine.id in [r.id for r in client.message_log(sent=False).results]
    assert [r.message_body for r in client.message_log(created=created).results] == ["a", "b"]
    by_sent_date = client.message_log(sent_date=created + timedelta(minutes=5)).results
    assert [r.message_body for r in by_sent_date] == ["b"]
    params = [dict(q.url.params) for q, _ in recorder.to("/messages/log")]
    assert params[1]["Id"] == str(mine.id)
    assert params[3]["Sent"] == "true"
    assert params[5]["Created"] == "2026-03-01T10:00:00+01:00"
    assert params[6]["SentDate"] == "2026-03-01T10:05:00+01:00"
    assert len(client.message_log(company_id=sandbox.company_id).results) == 4
    # History from elsewhere is read, e-mail included; iteration keeps the SMS only.
    assert {r.send_method_id for r in client.message_log().results} == {1, 2}
    assert {r.send_method_id for r in client.iter_message_log()} == {2}


@pytest.fixture
def big_log(sandbox: SandboxServer) -> list[LogEntry]:
    entries = [
        LogEntry(
            receiver=f"+4670{i:07d}",
            message_body=f"Påminnelse {i}",
            created=START - timedelta(minutes=3000 - i),
            send_method_id=1 if i % 10 == 0 else 2,
        )
        for i in range(3000)
    ]
    sandbox.add_log_entries(entries)
    return entries


def test_paging_through_three_thousand_entries(
    client: BokaMeraClient, recorder: Recorder, big_log: list[LogEntry]
) -> None:
    first = client.message_log(take=100)
    assert first.total == 3000 and first.offset == 0 and len(first.results) == 100
    created = [r.created for r in first.results]
    assert created == sorted(created, reverse=True)  # OrderByDesc=Created
    assert first.results[0].message_body == "Påminnelse 2999"
    last = client.message_log(skip=2950, take=100)
    assert last.offset == 2950 and len(last.results) == 50
    assert last.results[-1].message_body == "Påminnelse 0"
    oldest_first = client.message_log(take=3, order_by_desc=None)
    assert [r.message_body for r in oldest_first.results] == [
        "Påminnelse 0",
        "Påminnelse 1",
        "Påminnelse 2",
    ]
    assert client.message_log(take=1, order_by_desc="-Created").results[0].message_body == (
        "Påminnelse 0"
    )  # a "-" prefix inverts
    no_total = client.message_log(take=5, include_total=False)
    assert no_total.total is None and len(no_total.results) == 5

    recorder.exchanges.clear()
    sms = list(client.iter_message_log(page_size=250))
    assert len(sms) == 2700  # every tenth entry is an e-mail
    assert len({r.id for r in sms}) == 2700
    assert [r.created for r in sms] == sorted((r.created for r in sms), reverse=True)
    pages = recorder.to("/messages/log")
    assert [q.url.params["Skip"] for q, _ in pages] == [str(i * 250) for i in range(12)]


def test_iteration_copes_with_the_servers_take_limit_and_no_total(
    client: BokaMeraClient, recorder: Recorder, big_log: list[LogEntry]
) -> None:
    assert len(list(client.iter_message_log(page_size=5000))) == 2700
    takes = {len(r.json()["Results"]) for _, r in recorder.to("/messages/log")}
    assert max(takes) < 3000  # the server capped Take; the client went on paging
    assert len(list(client.iter_message_log(page_size=700, include_total=False))) == 2700


# -- dates on the wire ----------------------------------------------------------------------


@pytest.mark.parametrize("style", list(DateStyle))
@pytest.mark.parametrize("omit_nulls", [False, True])
def test_every_date_style_reads_back_the_same_instants(
    client: BokaMeraClient, sandbox: SandboxServer, style: DateStyle, omit_nulls: bool
) -> None:
    sandbox.set_wire_format(date_style=style, omit_nulls=omit_nulls)
    summer = datetime(2026, 7, 1, 6, 30, tzinfo=UTC)
    sent = client.send_sms(NUMBER, BODY, summer)
    assert sent.to_send_date == summer
    assert sent.created == START
    assert sent.sent_date is None
    [logged] = client.message_log(id=sent.id).results
    assert logged == sent


def test_dst_instants_survive_the_round_trip(client: BokaMeraClient) -> None:
    for instant in (
        datetime(2026, 3, 29, 0, 59, tzinfo=UTC),  # 01:59 CET, just before the gap
        datetime(2026, 3, 29, 1, 0, tzinfo=UTC),  # 03:00 CEST, just after
        datetime(2026, 10, 25, 0, 30, tzinfo=UTC),  # 02:30 CEST, first of two
        datetime(2026, 10, 25, 1, 30, tzinfo=UTC),  # 02:30 CET, second of two
        datetime(2026, 3, 3, 8, 0, 0, 123456, tzinfo=UTC),
    ):
        assert client.send_sms(NUMBER, BODY, instant).to_send_date == instant


def test_sent_and_sent_date_appear_once_the_send_time_has_passed(
    client: BokaMeraClient, clock: FakeClock
) -> None:
    due = START + timedelta(minutes=10)
    accepted = client.send_sms(NUMBER, BODY, due)
    assert accepted.sent is False and accepted.sent_date is None
    assert client.message_log(sent=True).results == []
    clock.advance(timedelta(minutes=11))
    [done] = client.message_log(sent=True).results
    assert done.id == accepted.id
    assert done.sent is True
    assert done.sent_date is not None and due <= done.sent_date <= clock.now()
