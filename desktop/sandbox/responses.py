"""Answers in ServiceStack's shapes: JSON bodies and ``ResponseStatus`` errors.

An error body is ``{"ResponseStatus": {"ErrorCode", "Message", "Errors": [...]}}``; for a
validation failure ``ErrorCode``/``Message`` repeat the first field error, as ServiceStack
does with FluentValidation. ``StackTrace`` and ``Meta`` are left out, as ServiceStack does
outside debug mode.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from desktop.sandbox.httpd import JSON_TYPE, Request, Response
from desktop.sandbox.wire import dumps


@dataclass(frozen=True)
class FieldProblem:
    error_code: str
    field_name: str
    message: str

    def as_json(self) -> dict[str, Any]:
        return {"ErrorCode": self.error_code, "FieldName": self.field_name, "Message": self.message}


def content_type_for(request: Request) -> str:
    """JSON, labelled ``text/jsonl`` when the client asked for that (the seed's sample does);
    the compact one-line body is valid as either."""
    return (
        "text/jsonl; charset=utf-8" if "jsonl" in request.headers.get("Accept", "") else JSON_TYPE
    )


def json_answer(
    status: int,
    obj: Any,
    *,
    request: Request | None = None,
    headers: Iterable[tuple[str, str]] = (),
) -> Response:
    content_type = content_type_for(request) if request is not None else JSON_TYPE
    return Response(status, dumps(obj), content_type=content_type, headers=tuple(headers))


def error_answer(
    status: int,
    code: str,
    message: str,
    *,
    problems: Sequence[FieldProblem] = (),
    headers: Iterable[tuple[str, str]] = (),
) -> Response:
    body = {
        "ResponseStatus": {
            "ErrorCode": code,
            "Message": message,
            "Errors": [problem.as_json() for problem in problems],
        }
    }
    return Response(status, dumps(body), headers=tuple(headers))


def validation_answer(problems: Sequence[FieldProblem]) -> Response:
    first = problems[0]
    return error_answer(400, first.error_code, first.message, problems=problems)


def drop_nulls(obj: dict[str, Any]) -> dict[str, Any]:
    """ServiceStack.Text's default (IncludeNullValues=false): null properties are omitted."""
    return {key: value for key, value in obj.items() if value is not None}
