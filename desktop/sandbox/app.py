"""Routing, in the order a request meets them: route, faults, token, API key, role, service.

Faults apply to the API routes only. The token endpoint lives on another host in
production (identity.bookmore.com) and the admin routes must keep working while faults
are on, so neither draws faults. Offline is not a fault drawn here: the server closes its
socket (see server.py); a request already inside when that happens is dropped.
"""

from __future__ import annotations

import time
import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Protocol
from urllib.parse import parse_qs

from desktop.sandbox import texts
from desktop.sandbox.admin import AdminRoutes, SandboxControls
from desktop.sandbox.api import MessagesApi
from desktop.sandbox.auth import LOGOUT_PATH, TOKEN_PATH, TokenService
from desktop.sandbox.faults import Before, FaultInjector
from desktop.sandbox.httpd import Request, Response
from desktop.sandbox.responses import error_answer, json_answer
from desktop.sandbox.store import Store

# The roles the metadata page lists for SendSMS; the log and types are assumed the same.
MESSAGING_ROLES = frozenset(
    {
        "bookingsupplier-administrator-write",
        "bookingsupplier-administrator-read",
        "superadmin",
    }
)

_ERROR_CODES = {
    408: "RequestTimeout",
    429: "TooManyRequests",
    500: "InternalServerError",
    502: "BadGateway",
    503: "ServiceUnavailable",
    504: "GatewayTimeout",
}


class Controls(SandboxControls, Protocol):
    @property
    def offline(self) -> bool: ...

    @property
    def api_url(self) -> str: ...


@dataclass(frozen=True)
class _Route:
    group: str  # "api", "oauth" or "admin"
    methods: frozenset[str]


_ROUTES: Mapping[str, _Route] = {
    "/messages/sendsms": _Route("api", frozenset({"POST"})),
    "/messages/log": _Route("api", frozenset({"GET"})),
    "/messages/templates/types": _Route("api", frozenset({"GET"})),
    TOKEN_PATH: _Route("oauth", frozenset({"POST"})),
    LOGOUT_PATH: _Route("oauth", frozenset({"POST"})),
    "/_sandbox/faults": _Route("admin", frozenset({"GET", "POST", "DELETE"})),
    "/_sandbox/counts": _Route("admin", frozenset({"GET"})),
}


class SandboxApp:
    def __init__(
        self,
        store: Store,
        tokens: TokenService,
        faults: FaultInjector,
        api: MessagesApi,
        controls: Controls,
    ) -> None:
        self._store = store
        self._tokens = tokens
        self._faults = faults
        self._api = api
        self._controls = controls
        self._admin = AdminRoutes(controls)
        self._services: Mapping[str, Callable[[Request, str], Response]] = {
            "/messages/sendsms": api.send_sms,
            "/messages/log": api.message_log,
            "/messages/templates/types": api.message_types,
        }

    def handle(self, request: Request) -> Response | None:
        language = texts.language_of(request.headers.get("x-language"))
        # ServiceStack routes ignore case and a trailing slash; Keycloak's path is matched
        # the same way here for simplicity.
        path = request.path.rstrip("/").lower() or "/"
        route = _ROUTES.get(path)
        if route is None:
            return error_answer(
                404,
                "NotFound",
                texts.text("not_found", language, method=request.method, path=request.path),
            )
        if request.method not in route.methods:
            return error_answer(
                405,
                "MethodNotAllowed",
                texts.text(
                    "method_not_allowed", language, method=request.method, path=request.path
                ),
                headers=[("Allow", ", ".join(sorted(route.methods)))],
            )
        if route.group == "admin":
            return self._admin.handle(path, request)
        if route.group == "oauth":
            return self._oauth(path, request)
        return self._api_call(path, request, language)

    # -- API routes ------------------------------------------------------------------------

    def _api_call(self, path: str, request: Request, language: str) -> Response | None:
        if self._controls.offline:
            return None
        plan = self._faults.plan()
        if plan.delay:
            # Held before processing, like a request stuck in a queue: a client that gives up
            # and reconciles too early may find nothing, and then the message lands.
            time.sleep(plan.delay)
        if plan.before is Before.RATE_LIMIT:
            return self._fault_answer(429, language)
        if plan.before is Before.ERROR:
            return self._fault_answer(self._faults.config.error_status, language)
        if plan.before is Before.DROP:
            return None
        response = self._authorise(request, language) or self._services[path](request, language)
        return None if plan.drop_after else response

    def _fault_answer(self, status: int, language: str) -> Response:
        retry_after = self._faults.config.retry_after
        headers: list[tuple[str, str]] = []
        if status == 429 or retry_after is not None:
            headers.append(("Retry-After", _seconds(1.0 if retry_after is None else retry_after)))
        if status == 429:
            message = texts.text("too_many_requests", language)
        elif status == 503:
            message = texts.text("service_unavailable", language)
        else:
            message = texts.text("server_error", language, status=status)
        code = _ERROR_CODES.get(status, "HttpError")
        return error_answer(status, code, message, headers=headers)

    def _authorise(self, request: Request, language: str) -> Response | None:
        challenge = [("WWW-Authenticate", 'Bearer realm="bookmore-admin"')]
        authorization = request.headers.get("Authorization", "")
        scheme, _, token = authorization.strip().partition(" ")
        if scheme.lower() != "bearer" or not token.strip():
            return error_answer(
                401,
                "Unauthorized",
                texts.text("not_authenticated", language),
                headers=challenge,
            )
        record = self._tokens.access(token.strip())
        if record is None:
            return error_answer(
                401,
                "Unauthorized",
                texts.text("token_invalid", language),
                headers=[
                    ("WWW-Authenticate", 'Bearer realm="bookmore-admin", error="invalid_token"')
                ],
            )
        if not _same_guid(request.headers.get("x-api-key"), self._store.identity.api_key):
            return error_answer(401, "Unauthorized", texts.text("bad_api_key", language))
        if not MESSAGING_ROLES.intersection(record.roles):
            return error_answer(403, "Forbidden", texts.text("too_low_privileges", language))
        return None

    # -- token endpoint --------------------------------------------------------------------

    def _oauth(self, path: str, request: Request) -> Response:
        content_type = request.headers.get("Content-Type", "").split(";")[0].strip().lower()
        form: dict[str, str] = {}
        if content_type == "application/x-www-form-urlencoded":
            parsed = parse_qs(request.body.decode("utf-8", "replace"), keep_blank_values=True)
            form = {key: values[0] for key, values in parsed.items()}
        if path == TOKEN_PATH:
            answer = self._tokens.token(form, self._controls.api_url)
        else:
            answer = self._tokens.logout(form)
        if answer.body is None:
            return Response(answer.status, content_type=None)
        return json_answer(
            answer.status,
            answer.body,
            headers=[("Cache-Control", "no-store"), ("Pragma", "no-cache")],
        )


def _same_guid(given: str | None, expected: str) -> bool:
    if not given:
        return False
    try:
        return uuid.UUID(given.strip()) == uuid.UUID(expected)
    except ValueError:
        return False


def _seconds(value: float) -> str:
    """Whole seconds as HTTP wants them; a fraction is kept so tests can retry fast."""
    return str(int(value)) if float(value).is_integer() else f"{value:g}"
