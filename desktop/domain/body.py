"""The message body as it will be stored and sent: cleaned, non-empty, within the limits.

Cleaning is idempotent, so a body that was cleaned when queued is unchanged when it is
cleaned again before sending or after an edit.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable

from desktop.domain.errors import DomainError
from desktop.domain.i18n import QT_TRANSLATE_NOOP
from desktop.domain.sms_parts import UCS2, Offending, count_sms

DEFAULT_MAX_PARTS = 6  # 918 GSM-7 characters, the limit BOKAMERA_API.md suggests

_T_EMPTY = QT_TRANSLATE_NOOP("bodies", "The message is empty. Type the text you want to send.")
_T_TOO_LONG = QT_TRANSLATE_NOOP(
    "bodies",
    "The message needs {parts} SMS; the limit is {max_parts}. Characters to remove: {excess}.",
)
_T_TOO_LONG_UCS2 = QT_TRANSLATE_NOOP(
    "bodies",
    "The message needs {parts} SMS; the limit is {max_parts}. "
    "Characters to remove: {excess}. Or replace special characters such as {example}, "
    "which make every SMS hold less than half as much text.",
)
_T_TOO_MANY_CHARACTERS = QT_TRANSLATE_NOOP(
    "bodies",
    "The message has {count} characters, but BokaMera accepts at most {max_chars}. "
    "Characters to remove: {excess}.",
)

# Line breaks other than \r\n and \r that people paste in (from Word, web pages).
_LINE_BREAKS = {"\r\n": "\n", "\r": "\n", "\x85": "\n", "\u2028": "\n", "\u2029": "\n"}


# Dropped from bodies: control codes (Unicode category Cc, which is exactly U+0000-U+001F
# and U+007F-U+009F, and stays so by Unicode's stability policy) except the line break,
# and lone surrogates (category Cs), which cannot be encoded for sending. One regular
# expression instead of a category lookup per character: a 10,000-row import cleans
# some 700,000 characters.
_DROPPED = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\ud800-\udfff]")


class InvalidBody(DomainError):
    context = "bodies"


def clean_body(
    text: str, *, max_parts: int = DEFAULT_MAX_PARTS, max_chars: int | None = None
) -> str:
    """Return the body to store and send, or raise InvalidBody saying what to change.

    ``max_chars`` is the server's MaxCharacters for the message type, when known.
    """
    if max_parts < 1 or (max_chars is not None and max_chars < 1):
        raise ValueError(f"limits must be positive: {max_parts=}, {max_chars=}")

    body = _clean(text)
    if all(char.isspace() or unicodedata.category(char) == "Cf" for char in body):
        # Also catches a body of only zero-width characters: nothing the customer would see.
        raise InvalidBody("empty", _T_EMPTY)

    count = count_sms(body)
    parts_excess = (
        0  # the common case, counted once: no search for how much would fit
        if count.parts <= max_parts
        else len(body) - _fitting_prefix(body, lambda s: count_sms(s).parts <= max_parts)
    )
    chars_excess = 0
    if max_chars is not None:
        chars_excess = len(body) - _fitting_prefix(body, lambda s: _server_length(s) <= max_chars)

    # Report the limit that needs the most cutting: meeting the other one is then not enough.
    if parts_excess and parts_excess >= chars_excess:
        if count.encoding == UCS2:
            raise InvalidBody(
                "too_long",
                _T_TOO_LONG_UCS2,
                parts=count.parts,
                max_parts=max_parts,
                excess=parts_excess,
                example=_example(count.offending),
            )
        raise InvalidBody(
            "too_long", _T_TOO_LONG, parts=count.parts, max_parts=max_parts, excess=parts_excess
        )
    if chars_excess:
        raise InvalidBody(
            "too_many_characters",
            _T_TOO_MANY_CHARACTERS,
            count=_server_length(body),
            max_chars=max_chars,
            excess=chars_excess,
        )
    return body


def _clean(text: str) -> str:
    # Controls go before NFC: a control between a letter and its accent would otherwise stop
    # them composing now and let them compose on the next cleaning, breaking idempotence.
    for old, new in _LINE_BREAKS.items():
        text = text.replace(old, new)
    text = text.replace("\t", " ")  # GSM has no tab; a space keeps the words apart
    text = _DROPPED.sub("", text)
    return unicodedata.normalize("NFC", text).strip()


def _server_length(text: str) -> int:
    # BokaMera runs on .NET, where string.Length counts UTF-16 code units (an emoji is 2).
    # Counting the same way can only be stricter than counting code points.
    return len(text.encode("utf-16-le")) // 2


def _fitting_prefix(text: str, fits: Callable[[str], bool]) -> int:
    """Length of the longest prefix of ``text`` that ``fits``; both limits only grow with length."""
    if fits(text):
        return len(text)
    low, high = 0, len(text)  # fits(text[:low]) holds, fits(text[:high]) does not
    while high - low > 1:
        middle = (low + high) // 2
        if fits(text[:middle]):
            low = middle
        else:
            high = middle
    return low


def _example(offending: tuple[Offending, ...]) -> str:
    """The character to point at: one that can be replaced, shown so that it can be seen."""
    item = next((o for o in offending if o.replacement is not None), offending[0])
    if unicodedata.category(item.char) in ("Cf", "Zs"):
        return item.name  # an invisible character: its name is all the desk can go by
    return f"“{item.char}”"
