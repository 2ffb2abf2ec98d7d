"""Turning HTTP answers into JSON or into the typed errors of desktop.api.errors."""

from __future__ import annotations

import json
from datetime import datetime
from email.utils import parsedate_to_datetime
from typing import Any

import httpx

from desktop.api import _json as j
from desktop.api.errors import (
    NOT_JSON,
    ApiError,
    AuthError,
    ConfigurationError,
    FieldError,
    ForbiddenError,
    ProtocolError,
    RateLimitedError,
    ServerError,
    ValidationError,
    mask_numbers_in,
)


def host_of(url: httpx.URL) -> str:
    """``host[:port]`` for messages: never the path, query or any userinfo."""
    return f"{url.host}:{url.port}" if url.port else url.host


def parse_retry_after(value: str | None, now: datetime) -> float | None:
    """Seconds to wait from a Retry-After header: delta-seconds or an HTTP-date."""
    if value is None or not value.strip():
        return None
    value = value.strip()
    try:
        seconds = float(value)
    except ValueError:
        pass
    else:
        return seconds if seconds >= 0 and seconds == seconds else None  # not NaN
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:  # RFC 9110 dates are GMT; an obsolete form may lack the zone
        return None
    return max(0.0, (when - now).total_seconds())


def decode_json(response: httpx.Response) -> Any:
    """The body of a 2xx answer. Something that is not JSON at all means we are not talking
    to BokaMera (a proxy or Wi-Fi sign-in page): a configuration problem, not a bug."""
    content = response.content
    try:
        return json.loads(content)
    except (ValueError, UnicodeDecodeError) as exc:
        content_type = response.headers.get("content-type", "").lower()
        if "json" in content_type:
            raise ProtocolError(status=response.status_code, detail="broken JSON") from exc
        if not content.strip():
            raise ProtocolError(status=response.status_code, detail="an empty answer") from exc
        raise ConfigurationError(
            code="not_json",
            template=NOT_JSON,
            status=response.status_code,
            host=host_of(response.request.url),
        ) from exc


def response_status(response: httpx.Response) -> tuple[str | None, list[FieldError]]:
    """ServiceStack's ``ResponseStatus`` (or Keycloak's ``error_description``) of an error
    answer: the server's message, phone numbers masked, and its field errors."""
    try:
        body = json.loads(response.content)
    except (ValueError, UnicodeDecodeError):
        return None, []
    if not isinstance(body, dict):
        return None, []
    status = j.get(body, "ResponseStatus")
    if not isinstance(status, dict):
        message = body.get("error_description") or body.get("error")
        return (mask_numbers_in(message) if isinstance(message, str) else None), []
    message = j.get(status, "Message")
    if not isinstance(message, str) or not message:
        message = j.get(status, "ErrorCode")
    fields: list[FieldError] = []
    raw_errors = j.get(status, "Errors")
    for raw in raw_errors if isinstance(raw_errors, list) else []:
        if isinstance(raw, dict):
            fields.append(
                FieldError(
                    error_code=_str(j.get(raw, "ErrorCode")),
                    field_name=_str(j.get(raw, "FieldName")),
                    message=mask_numbers_in(_str(j.get(raw, "Message"))),
                )
            )
    return (mask_numbers_in(message) if isinstance(message, str) else None), fields


def _str(value: Any) -> str:
    return value if isinstance(value, str) else ""


def error_for(response: httpx.Response, now: datetime) -> ApiError:
    """The typed error for a non-2xx answer, by status; the body only adds detail."""
    status = response.status_code
    message, fields = response_status(response)
    host = host_of(response.request.url)
    retry_after = parse_retry_after(response.headers.get("retry-after"), now)
    common: dict[str, Any] = {"status": status, "server_message": message}
    if status in (400, 409, 413, 422):
        return ValidationError(field_errors=fields, **common)
    if status == 401:
        return AuthError(**common)
    if status == 403:
        return ForbiddenError(**common)
    if status == 429:
        return RateLimitedError(retry_after=retry_after, **common)
    if status == 408 or status >= 500:
        return ServerError(retry_after=retry_after, **common)
    # 404/405 and anything else unexpected (3xx redirects, 406, 415, ...): the address or
    # the service is not what the settings promised.
    return ConfigurationError(host=host, **common)
