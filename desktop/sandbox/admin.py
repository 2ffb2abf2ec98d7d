"""Admin routes: the fault controls over HTTP, for a sandbox running in another process.

``GET|POST|DELETE /_sandbox/faults`` and ``GET /_sandbox/counts``; loopback callers only.
POST takes the keyword arguments of SandboxServer.set_faults as a JSON object and, like
set_faults, replaces the whole fault set. Going offline over HTTP needs ``offline_seconds``
as well: once the socket is closed no HTTP request could bring the server back.
"""

from __future__ import annotations

import ipaddress
import json
from typing import Any, Protocol

from desktop.sandbox import texts
from desktop.sandbox.faults import FaultConfig
from desktop.sandbox.httpd import Request, Response
from desktop.sandbox.responses import error_answer, json_answer

_EXTRA_KEYS = frozenset({"expire_all_tokens", "offline_seconds"})


class SandboxControls(Protocol):
    def set_faults(self, **settings: Any) -> None: ...

    def clear_faults(self) -> None: ...

    def fault_state(self) -> dict[str, Any]: ...

    def go_offline_for(self, seconds: float) -> None: ...

    def accepted_counts(self) -> dict[tuple[str, str], int]: ...


def is_loopback(host: str) -> bool:
    try:
        address = ipaddress.ip_address(host.split("%", 1)[0])
    except ValueError:
        return False
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        address = address.ipv4_mapped
    return address.is_loopback


class AdminRoutes:
    def __init__(self, controls: SandboxControls) -> None:
        self._controls = controls

    def handle(self, path: str, request: Request) -> Response:
        language = texts.language_of(request.headers.get("x-language"))
        if not is_loopback(request.client_host):
            return error_answer(403, "Forbidden", texts.text("admin_loopback_only", language))
        if path == "/_sandbox/counts":
            return self._counts()
        if request.method == "GET":
            return json_answer(200, self._controls.fault_state())
        if request.method == "DELETE":
            self._controls.clear_faults()
            return json_answer(200, self._controls.fault_state())
        return self._set_faults(request)

    def _counts(self) -> Response:
        counts = self._controls.accepted_counts()
        return json_answer(
            200,
            {
                "Total": sum(counts.values()),
                "Counts": [
                    {"Receiver": receiver, "MessageBody": body, "Count": count}
                    for (receiver, body), count in sorted(counts.items())
                ],
            },
        )

    def _set_faults(self, request: Request) -> Response:
        try:
            settings = json.loads(request.body.decode("utf-8") or "{}")
        except (ValueError, UnicodeDecodeError):
            settings = None
        if not isinstance(settings, dict):
            return _bad("Send the fault settings as a JSON object.")
        unknown = set(settings) - FaultConfig.names() - _EXTRA_KEYS
        if unknown:
            return _bad(f"Unknown fault settings: {', '.join(sorted(unknown))}.")
        offline_seconds = settings.pop("offline_seconds", None)
        offline = bool(settings.pop("offline", False))
        if offline and not (isinstance(offline_seconds, int | float) and offline_seconds > 0):
            return _bad("offline over HTTP needs offline_seconds > 0, or nothing could undo it.")
        try:
            self._controls.set_faults(**settings)
        except (TypeError, ValueError) as exc:
            return _bad(str(exc))
        state = self._controls.fault_state()
        if not offline:
            return json_answer(200, state)
        assert isinstance(offline_seconds, int | float)
        seconds = float(offline_seconds)
        state.update(offline=True, offline_seconds=seconds)
        response = json_answer(200, state)
        return Response(
            response.status,
            response.body,
            content_type=response.content_type,
            after=lambda: self._controls.go_offline_for(seconds),
        )


def _bad(message: str) -> Response:
    return error_answer(400, "ArgumentException", message)
