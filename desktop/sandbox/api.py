"""The three BokaMera services the app uses: SendSMS, MessageLogQuery, MessageTypeQuery.

Callers (app.py) have already applied faults and checked the token, API key and role.
Reading follows ServiceStack: property names are matched without regard to case, a value
that cannot be bound (a bad date or GUID) is a ``SerializationException`` naming the field,
and validation (FluentValidation style) runs after binding.
"""

from __future__ import annotations

import json
import threading
import uuid
from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any
from urllib.parse import parse_qs

from desktop.domain.clock import Clock
from desktop.domain.receivers import InvalidReceiver, normalise_receiver
from desktop.sandbox import texts
from desktop.sandbox.httpd import Request, Response
from desktop.sandbox.responses import (
    FieldProblem,
    drop_nulls,
    error_answer,
    json_answer,
    validation_answer,
)
from desktop.sandbox.store import ORDER_COLUMNS, LogFilter, MessageRow, NewMessage, Store
from desktop.sandbox.wire import (
    BadDate,
    DateStyle,
    format_date,
    from_micros,
    parse_date,
    to_micros,
    utf16_length,
)

SMS, EMAIL = 2, 1
SMS_TYPE_ID, EMAIL_TYPE_ID = 1, 2
DEFAULT_SMS_MAX_CHARACTERS = 918  # 6 concatenated GSM-7 parts, BOKAMERA_API.md's fallback
EMAIL_MAX_CHARACTERS = 20_000
DEFAULT_TAKE = 100
MAX_TAKE = 1000  # AutoQuery's usual MaxLimit: a larger Take is cut to this
_JSON_TYPES = ("application/json", "text/json", "text/jsonl", "application/jsonl")


@dataclass(frozen=True)
class ApiSettings:
    """How the sandbox answers where BokaMera's behaviour is UNKNOWN; tests may change it."""

    date_style: DateStyle = DateStyle.ISO_OFFSET
    omit_nulls: bool = False  # True: leave null properties out, ServiceStack.Text's default
    sms_max_characters: int = DEFAULT_SMS_MAX_CHARACTERS
    sms_default_text: str = ""  # "always appended by the server" to what the log shows


class _BindError(Exception):
    def __init__(self, problems: list[FieldProblem]) -> None:
        super().__init__("binding failed")
        self.problems = problems


class MessagesApi:
    def __init__(self, store: Store, clock: Clock) -> None:
        self._store = store
        self._clock = clock
        self._settings = ApiSettings()
        self._settings_lock = threading.Lock()

    @property
    def settings(self) -> ApiSettings:
        return self._settings

    def configure(self, **changes: Any) -> ApiSettings:
        with self._settings_lock:
            self._settings = replace(self._settings, **changes)
            return self._settings

    # -- POST /messages/sendsms ------------------------------------------------------------

    def send_sms(self, request: Request, language: str) -> Response:
        settings = self._settings
        fields = _body_fields(request)
        if isinstance(fields, Response):
            return fields
        try:
            company = _guid(fields, "CompanyId", language)
            to_send = _date(fields, "ToSendDate", language)
            receiver = _text(fields, "Receiver", language)
            body = _text(fields, "MessageBody", language)
        except _BindError as exc:
            return _bind_failed(exc)

        problems = _validate(receiver, body, settings.sms_max_characters, language)
        if problems:
            return validation_answer(problems)
        assert receiver is not None and body is not None
        if company is not None and company != self._store.identity.company_id:
            return _no_company_access(company, language)

        now = self._clock.now()
        row = self._store.insert_message(
            NewMessage(
                origin="api",
                receiver=receiver.strip(),
                body=body + settings.sms_default_text,
                posted_body=body,
                created_us=to_micros(now),
                to_send_us=to_micros(to_send or now),  # unset (MinValue) means "now"
                send_method=SMS,
            ),
            to_micros(now),
        )
        return json_answer(200, self.message_json(row), request=request)

    # -- GET /messages/log -----------------------------------------------------------------

    def message_log(self, request: Request, language: str) -> Response:
        query = _lower_keys(request.query)
        try:
            company = _guid(query, "CompanyId", language)
            where = LogFilter(
                id=_int(query, "Id", language),
                booking_id=_int(query, "BookingId", language),
                receiver=query.get("receiver") or None,
                created_us=_micros_or_none(_date(query, "Created", language)),
                sent_date_us=_micros_or_none(_date(query, "SentDate", language)),
                sent=_bool(query, "Sent", language),
            )
            skip, take, with_total = _paging(query, language)
            order = _order(query, language)
        except _BindError as exc:
            return _bind_failed(exc)
        if company is not None and company != self._store.identity.company_id:
            return _no_company_access(company, language)

        rows, total = self._store.query_messages(
            where, order, skip, take, to_micros(self._clock.now()), with_total=with_total
        )
        return json_answer(
            200,
            self._query_response(skip, total, [self.message_json(row) for row in rows]),
            request=request,
        )

    # -- GET /messages/templates/types -----------------------------------------------------

    def message_types(self, request: Request, language: str) -> Response:
        query = _lower_keys(request.query)
        try:
            wanted_id = _int(query, "Id", language)
            method = _int(query, "SendMethodId", language)
            skip, take, with_total = _paging(query, language)
        except _BindError as exc:
            return _bind_failed(exc)
        types = [
            t
            for t in self.message_types_json()
            if (wanted_id is None or t["Id"] == wanted_id)
            and (method is None or t["SendMethodId"] == method)
        ]
        total = len(types) if with_total else None
        return json_answer(
            200, self._query_response(skip, total, types[skip : skip + take]), request=request
        )

    def message_types_json(self) -> list[dict[str, Any]]:
        settings = self._settings
        return [
            {
                "Id": SMS_TYPE_ID,
                "Name": "SMS",
                "Description": "SMS till kundens mobilnummer",
                "MaxCharacters": settings.sms_max_characters,
                "DefaultText": settings.sms_default_text,
                "SendMethodId": SMS,
            },
            {
                "Id": EMAIL_TYPE_ID,
                "Name": "E-post",
                "Description": "E-post till kundens adress",
                "MaxCharacters": EMAIL_MAX_CHARACTERS,
                "DefaultText": "",
                "SendMethodId": EMAIL,
            },
        ]

    # -- shapes ----------------------------------------------------------------------------

    def message_json(self, row: MessageRow) -> dict[str, Any]:
        """MessageLogQueryResponse, properties in the order the metadata page lists them."""
        style = self._settings.date_style
        obj = {
            "Id": row.id,
            "BookingId": row.booking_id,
            "Receiver": row.receiver,
            "MessageTitle": row.title,
            "StorageUrl": row.storage_url,
            "MessageBody": row.body,
            "Created": format_date(from_micros(row.created_us), style),
            "ToSendDate": format_date(from_micros(row.to_send_us), style),
            "SentDate": format_date(
                None if row.sent_date_us is None else from_micros(row.sent_date_us), style
            ),
            "Sent": row.sent,
            "MessageRetries": row.retries,
            "SendMethodId": row.send_method,
        }
        return drop_nulls(obj) if self._settings.omit_nulls else obj

    def _query_response(
        self, skip: int, total: int | None, results: list[dict[str, Any]]
    ) -> dict[str, Any]:
        # Total only with Include=Total, as AutoQuery; Meta and ResponseStatus are null.
        obj: dict[str, Any] = {
            "Offset": skip,
            "Total": total,
            "Results": results,
            "Meta": None,
            "ResponseStatus": None,
        }
        return drop_nulls(obj) if self._settings.omit_nulls else obj


# -- binding -------------------------------------------------------------------------------


def _body_fields(request: Request) -> dict[str, Any] | Response:
    """The request DTO's properties, keys lower-cased (ServiceStack binds case-insensitively)."""
    language = texts.language_of(request.headers.get("x-language"))
    content_type = request.headers.get("Content-Type", "").split(";")[0].strip().lower()
    if content_type == "application/x-www-form-urlencoded":
        form = parse_qs(request.body.decode("utf-8", "replace"), keep_blank_values=True)
        return {key.lower(): values[0] for key, values in form.items()}
    if content_type and content_type not in _JSON_TYPES:
        return error_answer(
            415,
            "UnsupportedMediaType",
            texts.text("unsupported_media_type", language, content_type=content_type),
        )
    try:
        data = json.loads(request.body.decode("utf-8")) if request.body.strip() else {}
    except (ValueError, UnicodeDecodeError):
        data = None
    if not isinstance(data, dict):
        return error_answer(400, "SerializationException", texts.text("bad_request_body", language))
    return {str(key).lower(): value for key, value in data.items()}


def _lower_keys(query: Mapping[str, list[str]]) -> dict[str, str]:
    return {key.lower(): values[0] for key, values in query.items() if values}


def _bad_value(field: str, value: Any, language: str) -> _BindError:
    shown = str(value)[:40]
    message = texts.text("invalid_value", language, value=shown, label=texts.label(field, language))
    return _BindError([FieldProblem("SerializationException", field, message)])


def _bind_failed(exc: _BindError) -> Response:
    return error_answer(
        400, "SerializationException", exc.problems[0].message, problems=exc.problems
    )


def _text(fields: Mapping[str, Any], field: str, language: str) -> str | None:
    value = fields.get(field.lower())
    if value is None or isinstance(value, str):
        return value
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise _bad_value(field, value, language)
    return str(value)  # ServiceStack turns a JSON number into the string property


def _guid(fields: Mapping[str, Any], field: str, language: str) -> str | None:
    value = fields.get(field.lower())
    if value is None or value == "":
        return None
    try:
        return str(uuid.UUID(str(value)))
    except ValueError:
        raise _bad_value(field, value, language) from None


def _date(fields: Mapping[str, Any], field: str, language: str) -> datetime | None:
    value = fields.get(field.lower())
    try:
        return parse_date(value)
    except BadDate:
        raise _bad_value(field, value, language) from None


def _int(fields: Mapping[str, str], field: str, language: str) -> int | None:
    value = fields.get(field.lower())
    if value is None or value == "":
        return None
    try:
        return int(value)
    except ValueError:
        raise _bad_value(field, value, language) from None


def _bool(fields: Mapping[str, str], field: str, language: str) -> bool | None:
    value = fields.get(field.lower())
    if value is None or value == "":
        return None
    lowered = value.strip().lower()
    if lowered in ("true", "1"):
        return True
    if lowered in ("false", "0"):
        return False
    raise _bad_value(field, value, language)


def _micros_or_none(instant: datetime | None) -> int | None:
    return None if instant is None else to_micros(instant)


def _paging(query: Mapping[str, str], language: str) -> tuple[int, int, bool]:
    skip = max(0, _int(query, "Skip", language) or 0)
    take = _int(query, "Take", language)
    take = DEFAULT_TAKE if take is None else max(0, min(take, MAX_TAKE))
    includes = {part.strip().lower() for part in query.get("include", "").split(",")}
    return skip, take, "total" in includes


def _order(query: Mapping[str, str], language: str) -> list[tuple[str, bool]]:
    """OrderBy then OrderByDesc, each a comma list where a ``-`` prefix inverts."""
    order: list[tuple[str, bool]] = []
    for param, descending in (("OrderBy", False), ("OrderByDesc", True)):
        for raw in query.get(param.lower(), "").split(","):
            name = raw.strip()
            if not name:
                continue
            inverted = name.startswith("-")
            column = ORDER_COLUMNS.get(name.lstrip("-").lower())
            if column is None:
                raise _bad_value(param, name, language)
            order.append((column, descending != inverted))
    return order


# -- validation ----------------------------------------------------------------------------


def _validate(
    receiver: str | None, body: str | None, max_characters: int, language: str
) -> list[FieldProblem]:
    problems: list[FieldProblem] = []
    if receiver is None or not receiver.strip():
        problems.append(_not_empty("Receiver", language))
    else:
        try:
            normalise_receiver(receiver)
        except InvalidReceiver:
            message = texts.text(
                "invalid_mobile", language, label=texts.label("Receiver", language)
            )
            problems.append(FieldProblem("InvalidMobileNumber", "Receiver", message))
    if body is None or not body.strip():
        problems.append(_not_empty("MessageBody", language))
    elif (length := utf16_length(body)) > max_characters:
        message = texts.text(
            "max_length",
            language,
            label=texts.label("MessageBody", language),
            max=max_characters,
            n=length,
        )
        problems.append(FieldProblem("MaximumLength", "MessageBody", message))
    return problems


def _not_empty(field: str, language: str) -> FieldProblem:
    return FieldProblem(
        "NotEmpty", field, texts.text("not_empty", language, label=texts.label(field, language))
    )


def _no_company_access(company: str, language: str) -> Response:
    return error_answer(
        403, "Forbidden", texts.text("no_company_access", language, company=company)
    )
