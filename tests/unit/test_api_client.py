"""Client behaviour on malformed answers a real server cannot easily produce (MockTransport).

Everything a well-behaved server does is tested against the real sandbox in
tests/integration/test_api_contract.py.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import pytest

from desktop.api import errors as e
from desktop.api.client import BokaMeraClient
from desktop.api.models import MessageLogRecord
from desktop.api.settings import AccountSettings
from desktop.domain.clock import FakeClock

API = "https://api.example.test"
TOKEN = "https://id.example.test/realms/r/protocol/openid-connect/token"
NUMBER = "+46701234567"
BODY = "Hej Anna, välkommen till tandläkaren imorgon 09:00"
WHEN = datetime(2026, 3, 3, 8, 0, tzinfo=UTC)

Handler = Callable[[httpx.Request], httpx.Response]


def token_ok(request: httpx.Request) -> httpx.Response:
    return httpx.Response(
        200, json={"access_token": "AT-secret", "expires_in": 300, "refresh_token": "RT-secret"}
    )


def record(id: int = 1, **overrides: Any) -> dict[str, Any]:
    data = {
        "Id": id,
        "BookingId": None,
        "Receiver": NUMBER,
        "MessageBody": BODY,
        "Created": "2026-03-02T10:00:00.1234567",
        "ToSendDate": "2026-03-03T09:00:00",
        "SentDate": None,
        "Sent": False,
        "MessageRetries": 0,
        "SendMethodId": 2,
    }
    data.update(overrides)
    return data


class Fake:
    """A MockTransport that answers the token endpoint and hands API calls to ``api``."""

    def __init__(self, api: Handler, token: Handler = token_ok) -> None:
        self.api = api
        self.token = token
        self.requests: list[httpx.Request] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        if request.url.path.endswith(("/token", "/logout")):
            return self.token(request)
        return self.api(request)

    def api_requests(self) -> list[httpx.Request]:
        return [r for r in self.requests if r.url.host == "api.example.test"]


def client_for(fake: Fake, clock: FakeClock | None = None) -> BokaMeraClient:
    settings = AccountSettings(
        api_url=API, token_url=TOKEN, api_key="KEY-secret", username="desk", password="PW-secret"
    )
    return BokaMeraClient(settings, clock=clock, transport=httpx.MockTransport(fake))


def reply(status: int = 200, **kwargs: Any) -> Handler:
    return lambda request: httpx.Response(status, **kwargs)


# -- send_sms: 2xx that cannot be read ---------------------------------------------------


def test_send_answered_by_an_html_page_is_a_configuration_error() -> None:
    fake = Fake(reply(200, text="<html>Guest Wi-Fi</html>", headers={"content-type": "text/html"}))
    with client_for(fake) as client, pytest.raises(e.ConfigurationError) as info:
        client.send_sms(NUMBER, BODY, WHEN)
    assert info.value.code == "not_json"


@pytest.mark.parametrize(
    ("answer", "detail"),
    [
        (b'{"Id": 7, "Receiver": "+4670', "broken JSON"),
        (b"[1, 2]", "not a JSON object"),
        (json.dumps(record(Id="7")).encode(), "Id is not a whole number"),
        (json.dumps(record(Id=True)).encode(), "Id is not a whole number"),
        (json.dumps(record(Sent="yes")).encode(), "Sent is not true/false"),
        (json.dumps(record(Receiver=46701234567)).encode(), "Receiver is not text"),
        (json.dumps(record(Created="soon")).encode(), "Created: a date in an unknown format"),
        (json.dumps(record(ToSendDate=1700000000)).encode(), "ToSendDate: a date was a int"),
        (json.dumps({"Receiver": NUMBER}).encode(), "Id is missing"),
    ],
)
def test_send_with_an_unreadable_2xx_is_a_protocol_error_with_the_status(
    answer: bytes, detail: str
) -> None:
    fake = Fake(reply(200, content=answer, headers={"content-type": "application/json"}))
    with client_for(fake) as client, pytest.raises(e.ProtocolError) as info:
        client.send_sms(NUMBER, BODY, WHEN)
    err = info.value
    assert err.status == 200  # tells the engine BokaMera accepted it: reconcile, not resend
    assert detail in err.message
    assert NUMBER not in err.message and "Hej Anna" not in err.message
    assert "contact support" in err.message


def test_a_send_answer_that_cannot_be_decoded_is_ambiguous() -> None:
    bad_gzip = reply(200, content=b"not gzip at all", headers={"content-encoding": "gzip"})
    with client_for(Fake(bad_gzip)) as client, pytest.raises(e.AmbiguousSendError):
        client.send_sms(NUMBER, BODY, WHEN)
    with client_for(Fake(bad_gzip)) as client, pytest.raises(e.ProtocolError):
        client.message_log()


def test_missing_optional_fields_and_nulls_read_as_defaults() -> None:
    fake = Fake(reply(200, json={"Id": 9}))
    with client_for(fake) as client:
        got = client.send_sms(NUMBER, BODY, WHEN)
    assert got == MessageLogRecord(
        id=9,
        booking_id=None,
        receiver="",
        message_title=None,
        storage_url=None,
        message_body="",
        created=None,
        to_send_date=None,
        sent_date=None,
        sent=False,
        message_retries=0,
        send_method_id=0,
    )
    nulls = {k: None for k in record()} | {"Id": 9}
    fake.api = reply(200, json=nulls)
    with client_for(fake) as client:
        assert client.send_sms(NUMBER, BODY, WHEN) == got


def test_camel_case_answers_are_read_too() -> None:
    camel = {k[0].lower() + k[1:]: v for k, v in record(5).items()}
    with client_for(Fake(reply(200, json=camel))) as client:
        got = client.send_sms(NUMBER, BODY, WHEN)
    assert got.id == 5 and got.receiver == NUMBER and got.is_sms
    assert got.created == datetime(2026, 3, 2, 9, 0, 0, 123456, tzinfo=UTC)


def test_a_redirect_is_not_followed_and_is_a_configuration_error() -> None:
    fake = Fake(reply(302, headers={"Location": "https://login.example/"}))
    with client_for(fake) as client, pytest.raises(e.ConfigurationError):
        client.send_sms(NUMBER, BODY, WHEN)
    assert len(fake.api_requests()) == 1


def test_repr_of_a_record_masks_the_number_and_hides_the_body() -> None:
    with client_for(Fake(reply(200, json=record(3)))) as client:
        text = repr(client.send_sms(NUMBER, BODY, WHEN))
    assert NUMBER not in text and "Hej" not in text
    assert "+46*******67" in text


# -- message log: malformed pages ----------------------------------------------------------


@pytest.mark.parametrize(
    "page",
    [
        {"Offset": 0, "Total": 0},  # no Results: must never read as "not in the log"
        {"Offset": 0, "Total": 1, "Results": None},
        {"Offset": 0, "Total": 1, "Results": {"Id": 1}},
        {"Offset": 0, "Total": 1, "Results": [5]},
        {"Offset": "0", "Total": 1, "Results": []},
    ],
)
def test_a_log_page_without_a_results_list_is_a_protocol_error(page: dict[str, Any]) -> None:
    with client_for(Fake(reply(200, json=page))) as client, pytest.raises(e.ProtocolError):
        client.message_log()


def test_iteration_stops_when_a_server_ignores_skip() -> None:
    page = {"Offset": 0, "Total": 500, "Results": [record(i) for i in range(1, 4)]}
    fake = Fake(reply(200, json=page))
    with client_for(fake) as client:
        got = list(client.iter_message_log(page_size=3))
    assert [r.id for r in got] == [1, 2, 3]
    assert len(fake.api_requests()) == 2


def test_iteration_follows_a_server_that_caps_take() -> None:
    log = [record(i) for i in range(1, 251)]

    def api(request: httpx.Request) -> httpx.Response:
        skip = int(request.url.params["Skip"])
        take = min(int(request.url.params["Take"]), 100)  # a MaxLimit of 100
        return httpx.Response(
            200, json={"Offset": skip, "Total": len(log), "Results": log[skip : skip + take]}
        )

    fake = Fake(api)
    with client_for(fake) as client:
        got = list(client.iter_message_log(page_size=1000))
    assert [r.id for r in got] == list(range(1, 251))
    assert [r.url.params["Skip"] for r in fake.api_requests()] == ["0", "100", "200"]


def test_iteration_skips_records_pushed_onto_the_next_page_twice() -> None:
    log = [record(i) for i in range(10, 0, -1)]  # newest first

    def api(request: httpx.Request) -> httpx.Response:
        skip = int(request.url.params["Skip"])
        if skip == 3:  # two messages arrive between page one and page two
            log[:0] = [record(12), record(11)]
        return httpx.Response(
            200, json={"Offset": skip, "Total": len(log), "Results": log[skip : skip + 3]}
        )

    with client_for(Fake(api)) as client:
        ids = [r.id for r in client.iter_message_log(page_size=3)]
    assert len(ids) == len(set(ids))
    assert set(range(1, 11)) <= set(ids)


def test_iteration_yields_sms_only_but_pages_over_everything() -> None:
    page = {"Offset": 0, "Total": 3, "Results": [record(1), record(2, SendMethodId=1), record(3)]}
    with client_for(Fake(reply(200, json=page))) as client:
        assert [r.id for r in client.iter_message_log()] == [1, 3]
        assert len(client.message_log().results) == 3


def test_a_zero_max_characters_means_unknown() -> None:
    page = {
        "Total": 1,
        "Results": [{"Id": 1, "Name": "SMS", "MaxCharacters": 0, "SendMethodId": 2}],
    }
    with client_for(Fake(reply(200, json=page))) as client:
        assert client.message_types()[0].max_characters is None


# -- tokens: answers Keycloak would not give ----------------------------------------------


def test_a_token_answer_without_access_token_is_a_protocol_error() -> None:
    fake = Fake(reply(200, json=[]), token=reply(200, json={"token_type": "Bearer"}))
    with client_for(fake) as client, pytest.raises(e.ProtocolError):
        client.login()


def test_missing_expires_in_means_300_seconds() -> None:
    grants: list[str] = []

    def token(request: httpx.Request) -> httpx.Response:
        grants.append(dict(httpx.QueryParams(request.content.decode()))["grant_type"])
        return httpx.Response(200, json={"access_token": f"AT{len(grants)}", "refresh_token": "R"})

    clock = FakeClock(datetime(2026, 3, 2, 9, tzinfo=UTC))
    with client_for(Fake(reply(200, json={"Total": 0, "Results": []}), token), clock) as client:
        client.probe()
        clock.advance(timedelta(seconds=265))  # 35 s left: more than the margin
        client.probe()
        assert grants == ["password"]
        clock.advance(timedelta(seconds=10))  # 25 s left: refresh first
        client.probe()
        assert grants == ["password", "refresh_token"]


@pytest.mark.parametrize("error", ["invalid_client", "unauthorized_client"])
def test_a_client_id_keycloak_refuses_is_a_configuration_error(error: str) -> None:
    fake = Fake(reply(200, json=[]), token=reply(401, json={"error": error}))
    with client_for(fake) as client, pytest.raises(e.ConfigurationError) as info:
        client.login()
    assert info.value.code == "bad_login_client"
    assert "client id" in info.value.message


def test_a_token_endpoint_that_answers_html_is_a_configuration_error() -> None:
    page = reply(200, text="<html>portal</html>", headers={"content-type": "text/html"})
    fake = Fake(reply(200, json=[]), token=page)
    with client_for(fake) as client, pytest.raises(e.ConfigurationError) as info:
        client.login()
    assert "id.example.test" in info.value.message


def test_logout_drops_the_session_even_when_the_login_service_is_gone() -> None:
    def token(request: httpx.Request) -> httpx.Response:
        if request.url.path.endswith("/logout"):
            raise httpx.ConnectError("down", request=request)
        return token_ok(request)

    with client_for(Fake(reply(200, json={"Total": 0, "Results": []}), token)) as client:
        client.login()
        client.logout()  # does not raise
        assert not client._auth.logged_in


def test_missing_api_key_is_reported_before_any_request() -> None:
    fake = Fake(reply(200, json=[]))
    settings = AccountSettings(api_url=API, token_url=TOKEN, username="u", password="p")
    client = BokaMeraClient(settings, transport=httpx.MockTransport(fake))
    with client, pytest.raises(e.AuthError) as info:
        client.send_sms(NUMBER, BODY, WHEN)
    assert "API key" in info.value.message
    assert fake.requests == []


def test_naive_send_date_is_a_programming_error() -> None:
    with client_for(Fake(reply(200, json=record()))) as client, pytest.raises(ValueError):
        client.send_sms(NUMBER, BODY, datetime(2026, 3, 3, 9))


# -- logs --------------------------------------------------------------------------------


def test_logs_never_carry_secrets_numbers_or_bodies(caplog: pytest.LogCaptureFixture) -> None:
    def api(request: httpx.Request) -> httpx.Response:
        if request.url.path.endswith("/sendsms"):
            return httpx.Response(200, json=record(1))
        return httpx.Response(200, json={"Total": 1, "Results": [record(1)]})

    caplog.set_level(logging.DEBUG)
    with client_for(Fake(api)) as client:
        client.send_sms(NUMBER, BODY, WHEN)
        client.message_log(receiver=NUMBER)
        list(client.iter_message_log(receiver=NUMBER))
        client.logout()
    text = "\n".join(r.getMessage() for r in caplog.records)
    assert "sendsms" in text and "/messages/log" in text  # the logging did happen
    for secret in (NUMBER, "46701234567", "4670123", "Hej Anna", "AT-secret", "RT-secret",
                   "PW-secret", "KEY-secret"):  # fmt: skip
        assert secret not in text


# -- the request log line ------------------------------------------------------------------


def test_each_request_is_logged_with_the_number_masked(caplog: pytest.LogCaptureFixture) -> None:
    answers = iter([httpx.Response(200, json=record()), httpx.ConnectError("down")])

    def api(request: httpx.Request) -> httpx.Response:
        answer = next(answers)
        if isinstance(answer, Exception):
            raise answer
        return answer

    caplog.set_level(logging.INFO, logger="desktop.api.client")
    with client_for(Fake(api)) as client:
        client.send_sms(NUMBER, BODY, WHEN)
        with pytest.raises(e.ApiError):
            client.send_sms(NUMBER, BODY, WHEN)
    lines = [r.getMessage() for r in caplog.records if r.name == "desktop.api.client"]
    assert lines[0].startswith("POST /messages/sendsms for +46*******67 -> 200 in ")
    assert lines[1] == "POST /messages/sendsms for +46*******67 failed: ConnectError"
    assert not any(NUMBER in line for line in lines)


# -- cookies ---------------------------------------------------------------------------------


def test_session_cookies_from_the_server_are_never_sent_back() -> None:
    # A ServiceStack server sets ss-id/ss-pid on its answers, the login service may set its
    # own: every request must still stand on its token and API key alone.
    session = "ss-id=S3ssion; Path=/; HttpOnly"

    def token(request: httpx.Request) -> httpx.Response:
        answer = token_ok(request)
        answer.headers["Set-Cookie"] = "KC_RESTART=abc; Path=/"
        return answer

    fake = Fake(reply(200, json=record(), headers={"Set-Cookie": session}), token=token)
    with client_for(fake) as client:
        client.login()
        client.send_sms(NUMBER, BODY, WHEN)
        client.send_sms(NUMBER, BODY, WHEN)
        client.logout()
    assert len(fake.requests) == 4  # login, two sends, logout
    assert all("cookie" not in request.headers for request in fake.requests)
