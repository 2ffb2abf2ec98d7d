"""POST /messages/sendsms on the sandbox: shape, dates, delivery, validation, routing."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import httpx
import pytest

from desktop.domain.clock import FakeClock
from desktop.sandbox.server import DateStyle, SandboxServer
from desktop.sandbox.testing import RawClient

# MessageLogQueryResponse, in the order of the metadata page (BOKAMERA_API.md, seed).
FIELDS = [
    "Id",
    "BookingId",
    "Receiver",
    "MessageTitle",
    "StorageUrl",
    "MessageBody",
    "Created",
    "ToSendDate",
    "SentDate",
    "Sent",
    "MessageRetries",
    "SendMethodId",
]
NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)  # 10:00 in Stockholm (CET, +01:00)


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(NOW)


@pytest.fixture
def sandbox(clock: FakeClock) -> Iterator[SandboxServer]:
    with SandboxServer(clock=clock) as sb:
        yield sb


@pytest.fixture
def client(sandbox: SandboxServer) -> Iterator[RawClient]:
    with RawClient(sandbox) as c:
        yield c


def _problem(response: httpx.Response) -> tuple[str, list[tuple[str, str]]]:
    status = response.json()["ResponseStatus"]
    return status["ErrorCode"], [(e["ErrorCode"], e["FieldName"]) for e in status["Errors"]]


def test_answer_is_a_message_log_query_response_field_by_field(client: RawClient) -> None:
    response = client.send("+46701234567", "Hej Anna!", "2026-03-03T10:00:00+01:00")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/json")
    body = response.json()
    assert list(body) == FIELDS
    assert isinstance(body["Id"], int) and body["Id"] > 0
    assert body["BookingId"] is None
    assert body["Receiver"] == "+46701234567"
    assert body["MessageTitle"] is None
    assert body["StorageUrl"] is None
    assert body["MessageBody"] == "Hej Anna!"
    assert body["Created"] == "2026-03-02T10:00:00+01:00"  # the sandbox clock, Swedish time
    assert body["ToSendDate"] == "2026-03-03T10:00:00+01:00"
    assert body["SentDate"] is None
    assert body["Sent"] is False
    assert body["MessageRetries"] == 0
    assert body["SendMethodId"] == 2
    assert client.sandbox.accepted_count("+46701234567", "Hej Anna!") == 1


def test_message_is_sent_at_its_to_send_date_by_the_sandbox_clock(
    client: RawClient, clock: FakeClock
) -> None:
    message_id = client.send(to_send="2026-03-02T10:30:00+01:00").json()["Id"]
    clock.advance(timedelta(minutes=29, seconds=59))
    client.login()  # the access token from 30 minutes ago has expired
    [before] = client.log(Id=message_id).json()["Results"]
    assert (before["Sent"], before["SentDate"]) == (False, None)
    clock.advance(1)
    [after] = client.log(Id=message_id).json()["Results"]
    assert after["Sent"] is True
    assert after["SentDate"] == "2026-03-02T10:30:00+01:00"


@pytest.mark.parametrize(
    ("sent", "stored"),
    [
        ("2026-03-03T10:00:00+01:00", "2026-03-03T10:00:00+01:00"),
        ("2026-03-03T09:00:00Z", "2026-03-03T10:00:00+01:00"),
        ("2026-03-03T10:00:00", "2026-03-03T10:00:00+01:00"),  # offset-less: Swedish time
        ("2026-06-03T10:00:00", "2026-06-03T10:00:00+02:00"),  # summer time
        ("2026-03-03T10:00:00.1234567+01:00", "2026-03-03T10:00:00.123456+01:00"),  # .NET ticks
        ("2026-03-03T10:00:00.250000+01:00", "2026-03-03T10:00:00.250000+01:00"),
        ("/Date(1772528400000)/", "2026-03-03T10:00:00+01:00"),
        ("/Date(1772528400000+0100)/", "2026-03-03T10:00:00+01:00"),
        ("0001-01-01T00:00:00", "2026-03-02T10:00:00+01:00"),  # DateTime.MinValue: now
        (None, "2026-03-02T10:00:00+01:00"),  # absent: now
    ],
)
def test_to_send_date_forms(client: RawClient, sent: str | None, stored: str) -> None:
    response = client.send(to_send=sent)
    assert response.status_code == 200, response.text
    assert response.json()["ToSendDate"] == stored


def test_a_message_due_now_is_sent_at_once(client: RawClient) -> None:
    body = client.send(to_send=None).json()
    assert (body["Sent"], body["SentDate"]) == (True, body["ToSendDate"])


@pytest.mark.parametrize(
    ("style", "created"),
    [
        (DateStyle.ISO_UTC, "2026-03-02T09:00:00Z"),
        (DateStyle.ISO_LOCAL, "2026-03-02T10:00:00"),
        (DateStyle.WCF, "/Date(1772442000000+0100)/"),
    ],
)
def test_date_style_can_be_switched_for_client_tests(
    client: RawClient, sandbox: SandboxServer, style: DateStyle, created: str
) -> None:
    sandbox.set_wire_format(date_style=style)
    assert client.send().json()["Created"] == created


def test_omit_nulls_leaves_null_properties_out(client: RawClient, sandbox: SandboxServer) -> None:
    sandbox.set_wire_format(omit_nulls=True)
    body = client.send().json()
    assert "BookingId" not in body and "SentDate" not in body and "MessageTitle" not in body
    page = client.log().json()
    assert "Total" not in page and "Meta" not in page and page["Offset"] == 0


def test_receiver_is_required(client: RawClient) -> None:
    for receiver in (None, "", "   "):
        response = client.send(receiver=receiver)
        assert response.status_code == 400
        assert _problem(response) == ("NotEmpty", [("NotEmpty", "Receiver")])
        assert response.json()["ResponseStatus"]["Message"] == "'Receiver' must not be empty."


@pytest.mark.parametrize("receiver", ["+4681234567", "12345", "+46 70 ABC", "112"])
def test_receiver_must_be_a_mobile_number(client: RawClient, receiver: str) -> None:
    response = client.send(receiver=receiver)
    assert response.status_code == 400
    assert _problem(response) == ("InvalidMobileNumber", [("InvalidMobileNumber", "Receiver")])
    assert receiver not in response.text  # the number is not echoed into messages


def test_national_swedish_mobile_numbers_are_accepted_as_given(client: RawClient) -> None:
    response = client.send(receiver="070-123 45 67")
    assert response.status_code == 200
    assert response.json()["Receiver"] == "070-123 45 67"


def test_message_body_is_required(client: RawClient) -> None:
    for body in (None, "", " \n "):
        response = client.send(body=body)
        assert response.status_code == 400
        assert _problem(response) == ("NotEmpty", [("NotEmpty", "MessageBody")])


def test_message_body_limit_is_the_sms_types_max_characters(client: RawClient) -> None:
    assert client.send(body="a" * 918).status_code == 200
    too_long = client.send(body="a" * 919)
    assert too_long.status_code == 400
    assert _problem(too_long) == ("MaximumLength", [("MaximumLength", "MessageBody")])
    assert "918" in too_long.json()["ResponseStatus"]["Message"]
    # .NET counts UTF-16 code units: an emoji is two.
    assert client.send(body="a" * 916 + "😀").status_code == 200
    assert client.send(body="a" * 917 + "😀").status_code == 400


def test_every_failing_field_is_listed_and_nothing_is_stored(client: RawClient) -> None:
    response = client.send(receiver="+4681234567", body="", language="sv")
    code, fields = _problem(response)
    assert code == "InvalidMobileNumber"
    assert fields == [("InvalidMobileNumber", "Receiver"), ("NotEmpty", "MessageBody")]
    messages = [e["Message"] for e in response.json()["ResponseStatus"]["Errors"]]
    assert messages == [
        "'Mottagare' är inte ett giltigt mobilnummer.",
        "'Meddelande' får inte vara tomt.",
    ]
    assert client.sandbox.total_accepted() == 0


@pytest.mark.parametrize(
    ("fields", "field_name"),
    [
        ({"ToSendDate": "tomorrow at ten"}, "ToSendDate"),
        ({"ToSendDate": "2026-02-30T10:00:00"}, "ToSendDate"),
        ({"CompanyId": "not-a-guid"}, "CompanyId"),
    ],
)
def test_unbindable_values_are_serialization_errors_naming_the_field(
    client: RawClient, fields: dict[str, str], field_name: str
) -> None:
    response = client.send(to_send=None, **fields)
    assert response.status_code == 400
    assert _problem(response) == (
        "SerializationException",
        [("SerializationException", field_name)],
    )
    assert client.sandbox.total_accepted() == 0


@pytest.mark.parametrize("content", [b"{not json", b"[1, 2]", b'"text"'])
def test_a_body_that_is_not_a_json_object_is_400(client: RawClient, content: bytes) -> None:
    response = client.http.post(
        "/messages/sendsms",
        content=content,
        headers=client.headers(**{"Content-Type": "application/json"}),
    )
    assert response.status_code == 400
    assert response.json()["ResponseStatus"]["ErrorCode"] == "SerializationException"


def test_company_id_must_be_the_users_company(client: RawClient, sandbox: SandboxServer) -> None:
    assert client.send(CompanyId=sandbox.company_id).status_code == 200
    assert client.send(CompanyId=sandbox.company_id.upper()).status_code == 200
    other = client.send(CompanyId="00000000-0000-0000-0000-000000000000")
    assert other.status_code == 403
    assert other.json()["ResponseStatus"]["ErrorCode"] == "Forbidden"
    assert sandbox.total_accepted() == 2


def test_the_seeds_text_jsonl_request_is_understood(
    client: RawClient, sandbox: SandboxServer
) -> None:
    # The sample on the metadata page: Content-Type and Accept text/jsonl, no ToSendDate.
    content = (
        f'{{"CompanyId":"{sandbox.company_id}","Receiver":"+46701234567","MessageBody":"Hej"}}'
    )
    response = client.http.post(
        "/messages/sendsms",
        content=content.encode(),
        headers=client.headers(**{"Content-Type": "text/jsonl", "Accept": "text/jsonl"}),
    )
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/jsonl")
    assert response.json()["MessageBody"] == "Hej"


def test_property_names_bind_without_regard_to_case(client: RawClient) -> None:
    response = client.http.post(
        "/messages/sendsms",
        json={"receiver": "+46701234567", "messageBody": "Hej", "toSendDate": None},
        headers=client.headers(),
    )
    assert response.status_code == 200
    assert client.sandbox.accepted_count("+46701234567", "Hej") == 1


def test_unsupported_content_type_is_415(client: RawClient) -> None:
    response = client.http.post(
        "/messages/sendsms",
        content=b"hej",
        headers=client.headers(**{"Content-Type": "text/plain"}),
    )
    assert response.status_code == 415
    assert response.json()["ResponseStatus"]["ErrorCode"] == "UnsupportedMediaType"


def test_unknown_route_is_404_and_wrong_method_405(client: RawClient) -> None:
    missing = client.http.post("/messages/sendsmss", json={}, headers=client.headers())
    assert missing.status_code == 404
    assert missing.json()["ResponseStatus"]["ErrorCode"] == "NotFound"
    wrong = client.http.get("/messages/sendsms", headers=client.headers())
    assert wrong.status_code == 405
    assert wrong.headers["allow"] == "POST"
    assert wrong.json()["ResponseStatus"]["ErrorCode"] == "MethodNotAllowed"
    assert client.http.delete("/messages/log", headers=client.headers()).status_code == 405


def test_routes_ignore_case_and_a_trailing_slash(client: RawClient) -> None:
    assert client.http.get("/Messages/Log/", headers=client.headers()).status_code == 200


def test_default_text_is_appended_but_counts_are_keyed_on_the_posted_body(
    client: RawClient, sandbox: SandboxServer
) -> None:
    sandbox.set_sms_type(max_characters=20, default_text="\nMvh Salongen")
    assert client.types(SendMethodId=2).json()["Results"][0]["MaxCharacters"] == 20
    body = client.send(body="Hej").json()
    assert body["MessageBody"] == "Hej\nMvh Salongen"
    assert sandbox.accepted_count("+46701234567", "Hej") == 1
    assert client.send(body="x" * 21).status_code == 400


def test_the_server_prints_nothing(client: RawClient, capfd: pytest.CaptureFixture[str]) -> None:
    client.send(receiver="+46701234567", body="Secret body")
    client.send(receiver="+4681234567", body="")
    client.log(Receiver="+46701234567")
    out, err = capfd.readouterr()
    assert out == "" and err == ""


def test_keep_alive_connection_is_reused(client: RawClient) -> None:
    seen: set[object] = set()

    def remember(response: httpx.Response) -> None:
        stream = response.extensions.get("network_stream")
        seen.add(id(stream.get_extra_info("socket")) if stream else None)

    client.http.event_hooks["response"] = [remember]
    for _ in range(5):
        assert client.send().status_code == 200
    assert len(seen) == 1
