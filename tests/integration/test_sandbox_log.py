"""GET /messages/log and GET /messages/templates/types on the sandbox: AutoQuery's shapes,
filters, ordering and paging, with messages from the app and "from elsewhere"."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from desktop.domain.clock import FakeClock
from desktop.sandbox.server import LogEntry, SandboxServer
from desktop.sandbox.testing import RawClient

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
QUERY_RESPONSE = ["Offset", "Total", "Results", "Meta", "ResponseStatus"]


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


def _history(count: int) -> list[LogEntry]:
    """Booking confirmations (SMS) and receipts (email) sent before the desk started."""
    entries = []
    for i in range(count):
        created = NOW - timedelta(days=30) + timedelta(minutes=i)
        if i % 3 == 0:
            entries.append(
                LogEntry(
                    receiver=f"kund{i}@example.com",
                    message_body=f"Kvitto {i}",
                    message_title="Kvitto",
                    send_method_id=1,
                    created=created,
                    booking_id=1000 + i,
                )
            )
        else:
            entries.append(
                LogEntry(
                    receiver=f"+467012{i:05d}",
                    message_body=f"Bokningsbekräftelse {i}",
                    created=created,
                    to_send_date=created + timedelta(minutes=1),
                    booking_id=1000 + i,
                )
            )
    return entries


def _ids(page: dict[str, Any]) -> list[int]:
    return [row["Id"] for row in page["Results"]]


def test_query_response_shape(client: RawClient) -> None:
    client.send()
    response = client.log()
    assert response.status_code == 200
    page = response.json()
    assert list(page) == QUERY_RESPONSE
    assert page["Offset"] == 0
    assert page["Total"] is None  # only with Include=Total, as AutoQuery
    assert page["Meta"] is None and page["ResponseStatus"] is None
    assert len(page["Results"]) == 1
    assert client.log(Include="Total").json()["Total"] == 1


def test_paging_through_a_few_thousand_entries(client: RawClient, sandbox: SandboxServer) -> None:
    sandbox.add_log_entries(_history(2990))
    for i in range(10):
        assert client.send(body=f"Påminnelse {i}").status_code == 200

    first = client.log(Include="Total").json()
    assert first["Total"] == 3000
    assert len(first["Results"]) == 100  # default Take
    assert _ids(first) == list(range(1, 101))

    assert len(client.log(Take=5000).json()["Results"]) == 1000  # Take is capped

    seen: list[int] = []
    skip = 0
    while True:
        page = client.log(Skip=skip, Take=700, Include="Total").json()
        assert page["Offset"] == skip and page["Total"] == 3000
        if not page["Results"]:
            break
        seen += _ids(page)
        skip += len(page["Results"])
    assert seen == list(range(1, 3001))
    assert client.log(Skip=3000).json()["Results"] == []


def test_history_from_elsewhere_appears_but_is_not_counted_as_accepted(
    client: RawClient, sandbox: SandboxServer
) -> None:
    sandbox.add_log_entries(_history(3))
    sandbox.add_log_entries(
        [{"Receiver": "+46709999999", "MessageBody": "Från en annan kassa", "Sent": True}]
    )
    rows = client.log().json()["Results"]
    assert [r["SendMethodId"] for r in rows] == [1, 2, 2, 2]
    email = rows[0]
    assert email["Receiver"] == "kund0@example.com"
    assert email["MessageTitle"] == "Kvitto"
    assert email["BookingId"] == 1000
    assert email["Sent"] is True  # created a month ago, due at creation
    assert rows[3]["Sent"] is True and rows[3]["SentDate"] == rows[3]["ToSendDate"]
    assert sandbox.total_accepted() == 0
    assert sandbox.accepted_counts() == {}


def test_a_seeded_entry_can_be_marked_never_sent(client: RawClient, sandbox: SandboxServer) -> None:
    sandbox.add_log_entries([LogEntry("+46701111111", "Misslyckad", sent=False, message_retries=3)])
    [row] = client.log().json()["Results"]
    assert (row["Sent"], row["SentDate"], row["MessageRetries"]) == (False, None, 3)


def test_filters(client: RawClient, sandbox: SandboxServer, clock: FakeClock) -> None:
    sandbox.add_log_entries(_history(6))  # ids 1-6
    due_later = client.send("+46701234567", "Sen", "2026-03-02T12:00:00+01:00").json()
    due_now = client.send("+46701234567", "Nu", None).json()

    assert _ids(client.log(Receiver="+46701234567").json()) == [due_later["Id"], due_now["Id"]]
    assert _ids(client.log(Id=due_now["Id"]).json()) == [due_now["Id"]]
    assert _ids(client.log(BookingId=1004).json()) == [5]
    assert due_later["Id"] not in _ids(client.log(Sent="true").json())
    assert _ids(client.log(Sent="false").json()) == [due_later["Id"]]
    assert _ids(client.log(Created=due_now["Created"]).json()) == [due_later["Id"], due_now["Id"]]
    assert _ids(client.log(SentDate=due_now["SentDate"]).json()) == [due_now["Id"]]
    assert _ids(client.log(CompanyId=sandbox.company_id, Receiver="+46701234567").json()) == [
        due_later["Id"],
        due_now["Id"],
    ]

    clock.advance(timedelta(hours=2))
    client.login()
    assert client.log(Sent="false").json()["Results"] == []  # delivered by the clock


def test_filter_on_another_company_is_403(client: RawClient) -> None:
    response = client.log(CompanyId="00000000-0000-0000-0000-000000000000")
    assert response.status_code == 403


@pytest.mark.parametrize(
    ("param", "value"),
    [("Sent", "maybe"), ("Id", "x"), ("Created", "yesterday"), ("OrderBy", "Colour")],
)
def test_unbindable_query_values_are_400(client: RawClient, param: str, value: str) -> None:
    response = client.log(**{param: value})
    assert response.status_code == 400
    [error] = response.json()["ResponseStatus"]["Errors"]
    assert error["FieldName"] == param


def test_ordering(client: RawClient) -> None:
    a = client.send(body="a", to_send="2026-03-05T10:00:00+01:00").json()["Id"]
    b = client.send(body="b", to_send="2026-03-03T10:00:00+01:00").json()["Id"]
    c = client.send(body="c", to_send="2026-03-04T10:00:00+01:00").json()["Id"]

    assert _ids(client.log(OrderBy="ToSendDate").json()) == [b, c, a]
    assert _ids(client.log(OrderByDesc="ToSendDate").json()) == [a, c, b]
    assert _ids(client.log(OrderBy="-ToSendDate").json()) == [a, c, b]  # "-" inverts
    assert _ids(client.log(OrderByDesc="-Id").json()) == [a, b, c]
    assert _ids(client.log(OrderByDesc="Id").json()) == [c, b, a]
    assert _ids(client.log(OrderBy="Created,-Id").json()) == [c, b, a]  # a comma list
    assert _ids(client.log(OrderBy="sentdate").json()) == [a, b, c]  # all null: then Id


def test_order_by_sent_date_puts_unsent_first(client: RawClient) -> None:
    later = client.send(body="later", to_send="2026-03-05T10:00:00+01:00").json()["Id"]
    now = client.send(body="now", to_send=None).json()["Id"]
    assert _ids(client.log(OrderBy="SentDate").json()) == [later, now]
    assert _ids(client.log(OrderByDesc="SentDate").json()) == [now, later]


def test_error_messages_in_swedish(client: RawClient) -> None:
    response = client.log(language="sv", Sent="kanske")
    assert "är inte ett giltigt värde" in response.json()["ResponseStatus"]["Message"]


# -- message types -------------------------------------------------------------------------


def test_message_types_shape_and_filters(client: RawClient) -> None:
    page = client.types().json()
    assert list(page) == QUERY_RESPONSE
    assert page["Total"] is None
    by_method = {t["SendMethodId"]: t for t in page["Results"]}
    assert set(by_method) == {1, 2}
    sms = by_method[2]
    assert list(sms) == [
        "Id",
        "Name",
        "Description",
        "MaxCharacters",
        "DefaultText",
        "SendMethodId",
    ]
    assert sms["MaxCharacters"] == 918
    assert sms["DefaultText"] == ""
    assert isinstance(sms["Name"], str) and isinstance(sms["Description"], str)

    [only_sms] = client.types(SendMethodId=2).json()["Results"]
    assert only_sms == sms
    [only_email] = client.types(SendMethodId=1, Include="Total").json()["Results"]
    assert only_email["SendMethodId"] == 1
    assert client.types(Id=sms["Id"]).json()["Results"] == [sms]
    assert client.types(Include="Total").json()["Total"] == 2
    assert client.types(Skip=1, Take=1).json()["Results"] == [page["Results"][1]]
    assert client.types(Id="x").status_code == 400
