"""Typed failures of the BokaMera client, each with a text a front-desk user can act on.

The engine decides what to do from the class alone (DESIGN.md's state machine): ``transient``
errors are retried with back-off, ``AmbiguousSendError`` is reconciled against the log, and
everything else stops the message or the whole sending until the user fixes something.
``status`` and ``server_message`` keep what the server said, for the log and for support.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, ClassVar

from desktop.domain.errors import DomainError
from desktop.domain.i18n import QT_TRANSLATE_NOOP

# A run of 6+ digits (with the spaces, dashes and a leading + people type) is treated as a
# phone number: exception texts end up in logs, and logs must never carry a number in full.
_NUMBER_RUN = re.compile(r"\+?\d[\d \-]{4,}\d")


def mask_phone(number: str) -> str:
    """``+46701234567`` -> ``+46*******67``: enough to tell numbers apart, not to dial one."""
    digits = [i for i, ch in enumerate(number) if ch.isdigit()]
    if len(digits) <= 4:
        return "*" * len(number)
    keep = set(digits[:2] + digits[-2:])
    return "".join(ch if (i in keep or not ch.isdigit()) else "*" for i, ch in enumerate(number))


def mask_numbers_in(text: str) -> str:
    """Mask every phone-like run inside a free text (a server's error message, say)."""
    return _NUMBER_RUN.sub(lambda m: mask_phone(m.group(0)), text)


@dataclass(frozen=True)
class FieldError:
    """One entry of ServiceStack's ``ResponseStatus.Errors``."""

    error_code: str
    field_name: str
    message: str


class ApiError(DomainError):
    """Base of every client failure. Construct subclasses with keywords only."""

    context = "api"
    default_code: ClassVar[str] = "api_error"
    default_template: ClassVar[str] = QT_TRANSLATE_NOOP(
        "api",
        "Something went wrong while talking to BokaMera. Try again in a moment; if it keeps "
        "happening, contact support.",
    )
    # True when the same request may simply be repeated later (with back-off).
    transient: ClassVar[bool] = False

    def __init__(
        self,
        *,
        code: str | None = None,
        template: str | None = None,
        status: int | None = None,
        server_message: str | None = None,
        **params: Any,
    ) -> None:
        self.status = status
        self.server_message = server_message
        params.setdefault("status", status if status is not None else "-")
        super().__init__(code or self.default_code, template or self.default_template, **params)


class ValidationError(ApiError):
    """400: BokaMera refused this message's content; sending it again unchanged is pointless."""

    default_code = "validation"
    default_template = QT_TRANSLATE_NOOP(
        "api", "BokaMera refused the message: {detail} Correct it and send it again."
    )

    def __init__(
        self,
        *,
        field_errors: list[FieldError] | None = None,
        server_message: str | None = None,
        status: int | None = 400,
        **kwargs: Any,
    ) -> None:
        self.field_errors = list(field_errors or [])
        kwargs.setdefault("detail", _validation_detail(self.field_errors, server_message))
        super().__init__(status=status, server_message=server_message, **kwargs)


def _validation_detail(field_errors: list[FieldError], server_message: str | None) -> str:
    parts = [fe.message or f"{fe.field_name} ({fe.error_code})" for fe in field_errors]
    if not parts and server_message:
        parts = [server_message]
    if not parts:
        return "no reason was given."
    text = " ".join(p if p.endswith((".", "!", "?")) else p + "." for p in parts)
    return mask_numbers_in(text)


class AuthError(ApiError):
    """401 after one re-login, or the login service refused the username/password."""

    default_code = "auth_rejected"
    default_template = QT_TRANSLATE_NOOP(
        "api",
        "BokaMera did not accept the login or the API key. Check the API key, username and "
        "password in Settings. Sending is paused until then.",
    )


WRONG_PASSWORD = QT_TRANSLATE_NOOP(
    "api",
    "BokaMera did not accept the username or password. Check them in Settings and log in again.",
)
NO_API_KEY = QT_TRANSLATE_NOOP(
    "api",
    "The BokaMera API key is missing. Paste the company's API key (from BokaMera's admin "
    "pages) into Settings.",
)
NO_PASSWORD = QT_TRANSLATE_NOOP(
    "api", "SMS Desk is not logged in to BokaMera. Enter the username and password in Settings."
)


class ForbiddenError(ApiError):
    """403: the account is known but its role may not send (or read the log)."""

    default_code = "forbidden"
    default_template = QT_TRANSLATE_NOOP(
        "api",
        "This BokaMera account is not allowed to send SMS or read the message log (its role "
        "is too low). Ask your BokaMera administrator for administrator rights, or log in "
        "with another account in Settings.",
    )


class ConfigurationError(ApiError):
    """The settings point at the wrong place, or at something that is not BokaMera."""

    default_code = "wrong_address"
    default_template = QT_TRANSLATE_NOOP(
        "api",
        "The BokaMera address in Settings seems wrong: {host} does not offer this service "
        "(error {status}). Check the API address in Settings.",
    )


NOT_JSON = QT_TRANSLATE_NOOP(
    "api",
    "The server at {host} did not answer the way BokaMera does. Check the API address in "
    "Settings, and whether a network sign-in page (guest Wi-Fi) is in the way.",
)
INSECURE_URL = QT_TRANSLATE_NOOP(
    "api",
    "The address {url} is not encrypted (http://). Use the https:// address of BokaMera in "
    "Settings.",
)
BAD_URL = QT_TRANSLATE_NOOP(
    "api", "The address {url} in Settings is not a valid web address. Correct it in Settings."
)
BAD_LOGIN_CLIENT = QT_TRANSLATE_NOOP(
    "api",
    "The BokaMera login service refused the client id {client_id}. Check the login address "
    "and client id in Settings.",
)
BAD_SETTING = QT_TRANSLATE_NOOP(
    "api", "The setting {name} has an invalid value ({value}). Correct it in Settings."
)


class RateLimitedError(ApiError):
    """429: BokaMera asked us to slow down; ``retry_after`` seconds when it said how long."""

    default_code = "rate_limited"
    default_template = QT_TRANSLATE_NOOP(
        "api",
        "BokaMera asked SMS Desk to slow down. Waiting messages are sent automatically in a "
        "moment; nothing to do.",
    )
    transient = True

    def __init__(self, *, retry_after: float | None = None, **kwargs: Any) -> None:
        self.retry_after = retry_after
        kwargs.setdefault("status", 429)
        super().__init__(**kwargs)


class ServerError(ApiError):
    """5xx or 408: BokaMera had a problem; try again later, honouring ``retry_after``."""

    default_code = "server_error"
    default_template = QT_TRANSLATE_NOOP(
        "api",
        "BokaMera is having trouble right now (error {status}). Messages wait and are "
        "retried automatically; if it lasts for hours, contact BokaMera support.",
    )
    transient = True

    def __init__(self, *, retry_after: float | None = None, **kwargs: Any) -> None:
        self.retry_after = retry_after
        super().__init__(**kwargs)


class TransportError(ApiError):
    """No usable answer, and repeating the request is harmless.

    For ``send_sms`` this means the request certainly never reached the server (refused,
    DNS, connect timeout, TLS failure, no free connection). For reads and logins it also
    covers answers lost on the way, since asking again cannot send anything twice.
    """

    default_code = "offline"
    default_template = QT_TRANSLATE_NOOP(
        "api",
        "SMS Desk cannot reach BokaMera ({host}). Check the internet connection; waiting "
        "messages go out when it is back.",
    )
    transient = True


NO_SUCH_HOST = QT_TRANSLATE_NOOP(
    "api",
    "SMS Desk cannot find {host}. Check the internet connection and the address in "
    "Settings; waiting messages go out when it is back.",
)
TLS_FAILED = QT_TRANSLATE_NOOP(
    "api",
    "The secure connection to {host} could not be checked. Make sure the computer's date and "
    "time are right; if they are, ask whoever runs the network.",
)
NO_ANSWER = QT_TRANSLATE_NOOP(
    "api",
    "BokaMera ({host}) did not answer in time. SMS Desk tries again automatically; check the "
    "internet connection if this keeps happening.",
)


class AmbiguousSendError(ApiError):
    """A send whose request may have reached BokaMera, with the answer lost.

    There is no idempotency key: resending blindly may deliver the SMS twice. The engine
    marks the message UNCONFIRMED and looks for it in GET /messages/log first.
    """

    default_code = "send_unconfirmed"
    default_template = QT_TRANSLATE_NOOP(
        "api",
        "The connection to BokaMera broke while the message was being sent, so it is not "
        "known yet whether it went out. SMS Desk checks BokaMera's message log before it "
        "sends it again; nothing to do.",
    )


class ProtocolError(ApiError):
    """A 2xx whose body SMS Desk cannot read. ``detail`` names the field, never its value.

    For ``send_sms`` the status was 2xx, so BokaMera accepted the message: do not resend,
    reconcile against the log instead.
    """

    default_code = "unreadable_answer"
    default_template = QT_TRANSLATE_NOOP(
        "api",
        "BokaMera sent an answer SMS Desk could not understand ({detail}). Try again later; "
        "if it keeps happening, update SMS Desk or contact support.",
    )

    def __init__(self, *, detail: str = "unknown format", **kwargs: Any) -> None:
        super().__init__(detail=detail, **kwargs)


class WireFormatError(ProtocolError):
    """A date on the wire in no format we know (see wire_dates)."""

    default_code = "bad_date"
