"""HTTP answers and network failures become typed errors a front-desk user can act on."""

from __future__ import annotations

import socket
import ssl
from datetime import UTC, datetime
from typing import Any

import httpx
import pytest

from desktop.api import errors as e
from desktop.api.responses import decode_json, error_for, parse_retry_after, response_status
from desktop.api.transport import map_transport_error
from desktop.domain.errors import DomainError

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
URL = httpx.URL("https://testapi.bokamera.se/messages/sendsms")

# What a user can do about it: every message names an action or says none is needed.
ACTIONS = ("Check", "Correct", "Ask", "Enter", "Paste", "Use", "Make sure", "nothing to do",
           "automatically", "Try again")  # fmt: skip


def answer(status: int, body: Any = None, headers: dict[str, str] | None = None) -> httpx.Response:
    request = httpx.Request("POST", URL)
    if body is None:
        return httpx.Response(status, headers=headers, request=request)
    if isinstance(body, bytes):
        return httpx.Response(status, content=body, headers=headers, request=request)
    return httpx.Response(status, json=body, headers=headers, request=request)


def service_stack(message: str, *fields: tuple[str, str, str], code: str = "x") -> dict[str, Any]:
    return {
        "ResponseStatus": {
            "ErrorCode": code,
            "Message": message,
            "StackTrace": None,
            "Errors": [
                {"ErrorCode": c, "FieldName": f, "Message": m, "Meta": {}} for c, f, m in fields
            ],
            "Meta": None,
        }
    }


def assert_actionable(err: e.ApiError) -> None:
    assert isinstance(err, DomainError)
    assert err.context == "api"
    text = err.message
    assert text and "{" not in text and text.endswith(".")
    assert any(action in text for action in ACTIONS), text
    assert str(err) == text


# -- every class, default wording ------------------------------------------------------


@pytest.mark.parametrize(
    "cls",
    [
        e.ApiError,
        e.ValidationError,
        e.AuthError,
        e.ForbiddenError,
        e.ConfigurationError,
        e.RateLimitedError,
        e.ServerError,
        e.TransportError,
        e.AmbiguousSendError,
        e.ProtocolError,
        e.WireFormatError,
    ],
)
def test_every_error_has_an_actionable_translatable_message(cls: type[e.ApiError]) -> None:
    err = cls(host="testapi.bokamera.se") if cls is not e.ConfigurationError else cls(host="h")
    assert_actionable(err)
    swedish = err.translated(lambda ctx, text: f"[{ctx}] " + text)
    assert swedish == "[api] " + err.message


@pytest.mark.parametrize(
    "template",
    [
        e.WRONG_PASSWORD,
        e.NO_PASSWORD,
        e.NO_API_KEY,
        e.NOT_JSON,
        e.INSECURE_URL,
        e.BAD_URL,
        e.BAD_LOGIN_CLIENT,
        e.BAD_SETTING,
        e.NO_SUCH_HOST,
        e.TLS_FAILED,
        e.NO_ANSWER,
    ],
)
def test_every_alternative_wording_is_actionable(template: str) -> None:
    params = {"host": "h", "url": "u", "client_id": "c", "name": "n", "value": "v"}
    assert_actionable(e.ApiError(code="x", template=template, **params))


def test_only_passing_problems_are_transient() -> None:
    transient = {c for c in vars(e).values() if isinstance(c, type) and getattr(c, "transient", 0)}
    assert transient == {e.RateLimitedError, e.ServerError, e.TransportError}


# -- status codes ----------------------------------------------------------------------


def test_400_carries_the_servers_field_messages() -> None:
    body = service_stack(
        "'Receiver' is not a valid mobile number.",
        ("ValidMobileNumber", "Receiver", "'Receiver' is not a valid mobile number."),
        code="ValidMobileNumber",
    )
    err = error_for(answer(400, body), NOW)
    assert isinstance(err, e.ValidationError)
    assert err.status == 400
    assert err.field_errors == [
        e.FieldError("ValidMobileNumber", "Receiver", "'Receiver' is not a valid mobile number.")
    ]
    assert err.server_message == "'Receiver' is not a valid mobile number."
    assert "not a valid mobile number" in err.message
    assert "Correct it" in err.message
    assert_actionable(err)


def test_400_joins_several_field_messages() -> None:
    body = service_stack(
        "2 errors",
        ("NotEmpty", "MessageBody", "'Message Body' must not be empty."),
        ("ValidMobileNumber", "Receiver", "Bad receiver"),
    )
    err = error_for(answer(400, body), NOW)
    assert "'Message Body' must not be empty. Bad receiver." in err.message


def test_400_without_field_errors_uses_the_servers_message_or_says_none_was_given() -> None:
    err = error_for(answer(400, service_stack("Company is closed")), NOW)
    assert "Company is closed" in err.message
    err = error_for(answer(400, b"<html>nope</html>", {"content-type": "text/html"}), NOW)
    assert isinstance(err, e.ValidationError)
    assert "no reason was given" in err.message


def test_validation_message_masks_phone_numbers_the_server_echoes() -> None:
    body = service_stack("x", ("V", "Receiver", "'+46 70 123 45 67' is not a valid number"))
    err = error_for(answer(400, body), NOW)
    assert "123 45" not in err.message
    assert "+4" in err.message and "67" in err.message
    assert "123 45" not in (err.field_errors[0].message)


@pytest.mark.parametrize(
    ("status", "cls"),
    [
        (400, e.ValidationError),
        (401, e.AuthError),
        (403, e.ForbiddenError),
        (404, e.ConfigurationError),
        (405, e.ConfigurationError),
        (301, e.ConfigurationError),
        (302, e.ConfigurationError),
        (406, e.ConfigurationError),
        (408, e.ServerError),
        (409, e.ValidationError),
        (413, e.ValidationError),
        (422, e.ValidationError),
        (429, e.RateLimitedError),
        (500, e.ServerError),
        (502, e.ServerError),
        (503, e.ServerError),
        (504, e.ServerError),
    ],
)
def test_status_decides_the_class(status: int, cls: type[e.ApiError]) -> None:
    for body in (service_stack("server says"), b"<html>proxy</html>", None):
        err = error_for(answer(status, body), NOW)
        assert type(err) is cls
        assert err.status == status
        assert_actionable(err)


def test_403_tells_the_user_the_account_cannot_send() -> None:
    err = error_for(answer(403, service_stack("You have too low privileges")), NOW)
    assert "not allowed to send SMS" in err.message
    assert err.server_message == "You have too low privileges"


def test_404_names_the_host_and_points_at_settings() -> None:
    err = error_for(answer(404, service_stack("Not found")), NOW)
    assert "testapi.bokamera.se" in err.message
    assert "API address in Settings" in err.message


def test_5xx_says_retries_happen_and_keeps_retry_after() -> None:
    err = error_for(answer(503, None, {"Retry-After": "17"}), NOW)
    assert isinstance(err, e.ServerError)
    assert err.retry_after == 17
    assert "503" in err.message and "automatically" in err.message


def test_429_keeps_retry_after_in_both_forms() -> None:
    err = error_for(answer(429, None, {"Retry-After": "30"}), NOW)
    assert isinstance(err, e.RateLimitedError)
    assert err.retry_after == 30
    err = error_for(answer(429, None, {"Retry-After": "Mon, 02 Mar 2026 09:01:30 GMT"}), NOW)
    assert err.retry_after == 90
    err = error_for(answer(429), NOW)
    assert err.retry_after is None


@pytest.mark.parametrize(
    ("header", "seconds"),
    [
        ("0", 0.0),
        ("120", 120.0),
        (" 5 ", 5.0),
        ("1.5", 1.5),
        ("Mon, 02 Mar 2026 09:00:10 GMT", 10.0),
        ("Mon, 02 Mar 2026 08:00:00 GMT", 0.0),  # in the past: go now
        ("Monday, 02-Mar-26 09:00:20 GMT", 20.0),  # RFC 850, obsolete but allowed
        (None, None),
        ("", None),
        ("soon", None),
        ("-5", None),
        ("nan", None),
    ],
)
def test_parse_retry_after(header: str | None, seconds: float | None) -> None:
    assert parse_retry_after(header, NOW) == seconds


def test_response_status_reads_keycloak_errors_too() -> None:
    body = {"error": "invalid_grant", "error_description": "Invalid user credentials"}
    assert response_status(answer(401, body)) == ("Invalid user credentials", [])


def test_response_status_tolerates_camel_case_and_junk() -> None:
    body = {"responseStatus": {"errorCode": "E", "message": "m", "errors": [{"fieldName": "F"}]}}
    message, fields = response_status(answer(400, body))
    assert message == "m"
    assert fields == [e.FieldError("", "F", "")]
    assert response_status(answer(400, [1, 2])) == (None, [])
    assert response_status(answer(400, {"ResponseStatus": {"Errors": [3, "x"]}})) == (None, [])


# -- 2xx bodies ------------------------------------------------------------------------


def test_a_2xx_html_page_is_a_configuration_error() -> None:
    page = answer(200, b"<html>Sign in to Guest Wi-Fi</html>", {"content-type": "text/html"})
    with pytest.raises(e.ConfigurationError) as info:
        decode_json(page)
    assert info.value.code == "not_json"
    assert "testapi.bokamera.se" in info.value.message
    assert_actionable(info.value)


@pytest.mark.parametrize(
    ("content", "ctype"),
    [(b'{"Id": 1,', "application/json"), (b"", "application/json"), (b"  ", "text/plain")],
)
def test_broken_or_empty_json_is_a_protocol_error(content: bytes, ctype: str) -> None:
    with pytest.raises(e.ProtocolError) as info:
        decode_json(answer(200, content, {"content-type": ctype}))
    assert info.value.status == 200
    assert_actionable(info.value)


def test_json_without_a_json_content_type_is_still_read() -> None:
    assert decode_json(answer(200, b'{"Id": 3}', {"content-type": "text/jsonl"})) == {"Id": 3}


# -- network failures ------------------------------------------------------------------


def _chained(outer: Exception, cause: BaseException) -> Exception:
    outer.__cause__ = cause
    return outer


@pytest.mark.parametrize(
    "exc",
    [
        httpx.ConnectError("refused"),
        httpx.ConnectTimeout("slow connect"),
        httpx.PoolTimeout("no connection free"),
        httpx.ProxyError("proxy down"),
    ],
)
def test_failures_before_the_request_left_are_transport_errors_even_for_a_send(
    exc: httpx.TransportError,
) -> None:
    for is_send in (True, False):
        err = map_transport_error(exc, URL, is_send=is_send)
        assert type(err) is e.TransportError
        assert err.transient
        assert "testapi.bokamera.se" in err.message
        assert_actionable(err)


@pytest.mark.parametrize(
    "exc",
    [
        httpx.ReadTimeout("slow answer"),
        httpx.WriteTimeout("slow upload"),
        httpx.ReadError("connection reset"),
        httpx.WriteError("broken pipe"),
        httpx.RemoteProtocolError("Server disconnected without sending a response."),
        httpx.LocalProtocolError("h11 state"),
        httpx.CloseError("close"),
    ],
)
def test_failures_after_the_connection_was_up_make_a_send_ambiguous(
    exc: httpx.TransportError,
) -> None:
    err = map_transport_error(exc, URL, is_send=True)
    assert type(err) is e.AmbiguousSendError
    assert not err.transient
    assert "checks BokaMera's message log before it sends it again" in err.message
    assert_actionable(err)
    read = map_transport_error(exc, URL, is_send=False)
    assert type(read) is e.TransportError
    assert read.code == "no_answer"


def test_tls_and_dns_failures_get_their_own_advice() -> None:
    tls = _chained(httpx.ConnectError("tls"), ssl.SSLCertVerificationError("bad cert"))
    err = map_transport_error(tls, URL, is_send=True)  # type: ignore[arg-type]
    assert type(err) is e.TransportError and err.code == "tls_failed"
    assert "date and time" in err.message
    dns = _chained(httpx.ConnectError("dns"), socket.gaierror(-2, "Name or service not known"))
    err = map_transport_error(dns, URL, is_send=True)  # type: ignore[arg-type]
    assert err.code == "no_such_host"
    assert "cannot find testapi.bokamera.se" in err.message


def test_an_undecodable_answer_is_ambiguous_for_a_send_and_unreadable_for_a_read() -> None:
    exc = httpx.DecodingError("bad gzip")
    assert type(map_transport_error(exc, URL, is_send=True)) is e.AmbiguousSendError
    assert type(map_transport_error(exc, URL, is_send=False)) is e.ProtocolError


def test_unsupported_protocol_is_a_configuration_error() -> None:
    err = map_transport_error(httpx.UnsupportedProtocol("gopher"), URL, is_send=True)
    assert isinstance(err, e.ConfigurationError)


# -- masking ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("number", "masked"),
    [
        ("+46701234567", "+46*******67"),
        ("070-123 45 67", "07*-*** ** 67"),
        ("1234", "****"),
        ("", ""),
    ],
)
def test_mask_phone(number: str, masked: str) -> None:
    assert e.mask_phone(number) == masked


def test_mask_numbers_in_free_text_leaves_short_numbers_alone() -> None:
    text = "Receiver +46701234567 failed 3 times at 09:00 with code 400"
    assert e.mask_numbers_in(text) == "Receiver +46*******67 failed 3 times at 09:00 with code 400"
