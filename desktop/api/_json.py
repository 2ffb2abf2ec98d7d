"""Typed reads from BokaMera's PascalCase JSON; a wrong type is a ProtocolError.

Missing optional fields (and JSON null) read as the field's default: ServiceStack leaves out
nulls, and BokaMera may add or drop fields. Error details name the field and the expected
type, never the value, because values can be phone numbers and message bodies.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from desktop.api.errors import ProtocolError
from desktop.api.wire_dates import from_wire


def get(data: Mapping[str, Any], name: str) -> Any:
    """``data[name]``, else the same key in another case (camelCase servers), else None."""
    if name in data:
        return data[name]
    lowered = name.lower()
    for key, value in data.items():
        if isinstance(key, str) and key.lower() == lowered:
            return value
    return None


def mapping(value: Any, what: str) -> Mapping[str, Any]:
    if not isinstance(value, Mapping):
        raise ProtocolError(detail=f"{what} is not a JSON object")
    return value


def integer(data: Mapping[str, Any], name: str, default: int | None = None) -> int:
    value = opt_integer(data, name)
    if value is None:
        if default is None:
            raise ProtocolError(detail=f"{name} is missing")
        return default
    return value


def opt_integer(data: Mapping[str, Any], name: str) -> int | None:
    value = get(data, name)
    # bool is an int in Python, but a JSON true is not a number.
    if value is None or (isinstance(value, int) and not isinstance(value, bool)):
        return value
    raise ProtocolError(detail=f"{name} is not a whole number")


def text(data: Mapping[str, Any], name: str, default: str = "") -> str:
    value = opt_text(data, name)
    return default if value is None else value


def opt_text(data: Mapping[str, Any], name: str) -> str | None:
    value = get(data, name)
    if value is None or isinstance(value, str):
        return value
    raise ProtocolError(detail=f"{name} is not text")


def boolean(data: Mapping[str, Any], name: str, default: bool = False) -> bool:
    value = get(data, name)
    if value is None:
        return default
    if isinstance(value, bool):
        return value
    raise ProtocolError(detail=f"{name} is not true/false")


def date(data: Mapping[str, Any], name: str, zone: ZoneInfo | str) -> datetime | None:
    value = get(data, name)
    try:
        return from_wire(value, zone)
    except ProtocolError as exc:
        raise type(exc)(detail=f"{name}: {exc.params['detail']}") from exc


def items(data: Mapping[str, Any], name: str) -> list[Any]:
    """A required list: a log page without ``Results`` must not read as "nothing there",
    or reconciliation would conclude a message is absent and send it twice."""
    value = get(data, name)
    if not isinstance(value, list):
        raise ProtocolError(detail=f"{name} is missing or not a list")
    return value
