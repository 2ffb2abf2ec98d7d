"""Receivers: turn what the desk types into an E.164 mobile number, or say exactly why not.

BokaMera only documents "a valid mobile number", so we store and send E.164 and refuse
anything ``phonenumbers`` does not classify as able to receive SMS.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

import phonenumbers
from phonenumbers import (
    NumberParseException,
    PhoneNumberType,
    ValidationResult,
    shortnumberinfo,
)

from desktop.domain.errors import DomainError
from desktop.domain.i18n import QT_TRANSLATE_NOOP

DEFAULT_REGION = "SE"

# Receiver.kind values: the only two number types we let through.
_ACCEPTED_KINDS: dict[int, str] = {
    PhoneNumberType.MOBILE: "mobile",
    PhoneNumberType.FIXED_LINE_OR_MOBILE: "fixed_line_or_mobile",
}

# Characters people type or paste between digits. Anything else (letters above all, which
# phonenumbers would silently turn into vanity digits) is refused.
_SEPARATORS = frozenset("-./()") | {"\u2010", "\u2011", "\u2012", "\u2013", "\u2014", "\u2212"}

# How much of the user's input we echo back in a message; a pasted paragraph stays readable.
_SHOWN_MAX = 32


@dataclass(frozen=True)
class Receiver:
    e164: str  # "+46701234567"
    region: str | None  # "SE"; None for non-geographic country codes
    kind: str  # "mobile" or "fixed_line_or_mobile"

    def display(self) -> str:
        """International format for people, e.g. "+46 70 123 45 67"."""
        number = phonenumbers.parse(self.e164, None)
        return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL)


# One template per kind of non-mobile number, so each translates as a whole sentence.
_NOT_MOBILE: dict[str, str] = {
    "fixed_line": QT_TRANSLATE_NOOP(
        "receivers", "“{number}” is a landline number. SMS can only be sent to mobile numbers."
    ),
    "premium_rate": QT_TRANSLATE_NOOP(
        "receivers",
        "“{number}” is a premium-rate number. SMS can only be sent to mobile numbers.",
    ),
    "toll_free": QT_TRANSLATE_NOOP(
        "receivers",
        "“{number}” is a toll-free number. SMS can only be sent to mobile numbers.",
    ),
    "short_code": QT_TRANSLATE_NOOP(
        "receivers",
        "“{number}” is a short code or service number. SMS can only be sent to mobile numbers.",
    ),
    "shared_cost": QT_TRANSLATE_NOOP(
        "receivers",
        "“{number}” is a shared-cost number. SMS can only be sent to mobile numbers.",
    ),
    "voip": QT_TRANSLATE_NOOP(
        "receivers",
        "“{number}” is an internet telephony (IP) number. SMS can only be sent to mobile numbers.",
    ),
    "personal_number": QT_TRANSLATE_NOOP(
        "receivers",
        "“{number}” is a personal forwarding number. SMS can only be sent to mobile numbers.",
    ),
    "pager": QT_TRANSLATE_NOOP(
        "receivers", "“{number}” is a pager number. SMS can only be sent to mobile numbers."
    ),
    "uan": QT_TRANSLATE_NOOP(
        "receivers",
        "“{number}” is a company switchboard number. SMS can only be sent to mobile numbers.",
    ),
    "voicemail": QT_TRANSLATE_NOOP(
        "receivers",
        "“{number}” is a voicemail access number. SMS can only be sent to mobile numbers.",
    ),
    "unknown": QT_TRANSLATE_NOOP(
        "receivers",
        "“{number}” is a valid number in {country}, but not one known to receive SMS. "
        "Ask the customer for their mobile number.",
    ),
}

_KIND_OF_TYPE: dict[int, str] = {
    PhoneNumberType.FIXED_LINE: "fixed_line",
    PhoneNumberType.PREMIUM_RATE: "premium_rate",
    PhoneNumberType.TOLL_FREE: "toll_free",
    PhoneNumberType.SHARED_COST: "shared_cost",
    PhoneNumberType.VOIP: "voip",
    PhoneNumberType.PERSONAL_NUMBER: "personal_number",
    PhoneNumberType.PAGER: "pager",
    PhoneNumberType.UAN: "uan",
    PhoneNumberType.VOICEMAIL: "voicemail",
}

_T_EMPTY = QT_TRANSLATE_NOOP("receivers", "No number was given. Type the customer's mobile number.")
_T_LETTERS = QT_TRANSLATE_NOOP(
    "receivers",
    "“{number}” contains letters. Type only the digits of the mobile number, e.g. 070-123 45 67.",
)
_T_BAD_CHAR = QT_TRANSLATE_NOOP(
    "receivers",
    "“{number}” contains “{char}”, which cannot be part of a phone number. "
    "Use only digits, spaces, dashes and a + at the start.",
)
_T_PLUS_INSIDE = QT_TRANSLATE_NOOP(
    "receivers",
    "“{number}” has a + that is not at the start. "
    "Only a country code may start with +, e.g. +46 70 123 45 67.",
)
_T_NO_DIGITS = QT_TRANSLATE_NOOP(
    "receivers", "“{number}” has no digits. Type the customer's mobile number, e.g. 070-123 45 67."
)
_T_TOO_SHORT = QT_TRANSLATE_NOOP(
    "receivers",
    "“{number}” is too short for a mobile number in {country}. Check whether digits are missing.",
)
_T_TOO_LONG = QT_TRANSLATE_NOOP(
    "receivers",
    "“{number}” is too long for a mobile number in {country}. Check for extra digits.",
)
_T_INVALID = QT_TRANSLATE_NOOP(
    "receivers",
    "“{number}” is not a valid number in {country}. Check the digits with the customer.",
)
_T_UNKNOWN_CODE = QT_TRANSLATE_NOOP(
    "receivers",
    "“{number}” does not start with a known country code. "
    "Check the digits after +, or type a number in {country} without +.",
)


class InvalidReceiver(DomainError):
    context = "receivers"


def normalise_receiver(text: str, default_region: str = DEFAULT_REGION) -> Receiver:
    """Return the mobile number in ``text`` as a Receiver, or raise InvalidReceiver.

    National numbers are read in ``default_region``. An unsupported region is a programming
    or settings error, not something the desk typed, so it raises a plain ValueError.
    """
    region = default_region.upper()
    if region not in phonenumbers.SUPPORTED_REGIONS:
        raise ValueError(f"unsupported default region {default_region!r}")

    shown = _shown(text)
    dialable = _dialable(text, shown, region)
    number = _parse(dialable, shown, region)

    if not phonenumbers.is_valid_number(number):
        raise _why_invalid(number, shown)

    number_type = phonenumbers.number_type(number)
    kind = _ACCEPTED_KINDS.get(number_type)
    if kind is None:
        not_mobile = _KIND_OF_TYPE.get(number_type, "unknown")
        raise InvalidReceiver(
            "not_mobile",
            _NOT_MOBILE[not_mobile],
            number=shown,
            kind=not_mobile,
            **_place_of(number),
        )

    region_code = phonenumbers.region_code_for_number(number)
    return Receiver(
        e164=phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164),
        # "001" is phonenumbers' marker for non-geographic codes, not a region.
        region=region_code if region_code in phonenumbers.SUPPORTED_REGIONS else None,
        kind=kind,
    )


# Unicode's Cc (exactly U+0000-U+001F and U+007F-U+009F) and Cs: a range rather than a
# category lookup per character, since every row of an import passes here.
_UNPRINTABLE = re.compile("[\x00-\x1f\x7f-\x9f\ud800-\udfff]")


def _shown(text: str) -> str:
    """The input as it is safe to echo in a message: trimmed, printable, not too long."""
    clean = _UNPRINTABLE.sub("\ufffd", text.strip())
    return clean if len(clean) <= _SHOWN_MAX else clean[: _SHOWN_MAX - 1] + "…"


def _dialable(text: str, shown: str, region: str) -> str:
    """Reduce the input to an optional leading "+" and ASCII digits, refusing anything else."""
    stripped = text.strip()
    if not stripped:
        raise InvalidReceiver("empty", _T_EMPTY, number="")

    out: list[str] = []
    for char in stripped:
        if char.isdecimal():
            out.append(str(unicodedata.decimal(char)))  # full-width and other script digits
        elif char == "+":
            if out:
                raise InvalidReceiver("not_a_number", _T_PLUS_INSIDE, number=shown)
            out.append("+")
        elif char.isspace() or char in _SEPARATORS:
            continue
        elif char.isalpha():
            raise InvalidReceiver("not_a_number", _T_LETTERS, number=shown)
        else:
            raise InvalidReceiver(
                "not_a_number", _T_BAD_CHAR, number=shown, char=_shown(char) or "?"
            )

    dialable = "".join(out)
    if dialable in ("", "+"):
        raise InvalidReceiver("not_a_number", _T_NO_DIGITS, number=shown)

    # "00" is the international prefix in most of the world but not in every default region
    # (011 in the US, 0011 in Australia). When the region's own prefix does not explain the
    # leading 00, read it as "+", which is what the person meant.
    if dialable.startswith("00"):
        idd = phonenumbers.PhoneMetadata.metadata_for_region(region).international_prefix
        if not idd or not re.match(f"(?:{idd})", dialable):
            dialable = "+" + dialable[2:]
    return dialable


def _parse(dialable: str, shown: str, region: str) -> phonenumbers.PhoneNumber:
    try:
        return phonenumbers.parse(dialable, region)
    except NumberParseException as error:
        place = _place(region)
        if error.error_type == NumberParseException.INVALID_COUNTRY_CODE:
            raise InvalidReceiver(
                "invalid_for_region", _T_UNKNOWN_CODE, number=shown, **place
            ) from None
        if error.error_type == NumberParseException.TOO_LONG:
            raise InvalidReceiver("too_long", _T_TOO_LONG, number=shown, **place) from None
        # TOO_SHORT_NSN, TOO_SHORT_AFTER_IDD, and NOT_A_NUMBER, which on our digits-only
        # input can only mean too few digits ("1", "+4").
        raise InvalidReceiver("too_short", _T_TOO_SHORT, number=shown, **place) from None


def _why_invalid(number: phonenumbers.PhoneNumber, shown: str) -> InvalidReceiver:
    """The most useful reason a parsed number is not valid."""
    place = _place_of(number)
    if shortnumberinfo.is_valid_short_number(number):
        return InvalidReceiver(
            "not_mobile",
            _NOT_MOBILE["short_code"],
            number=shown,
            kind="short_code",
            **place,
        )
    general = phonenumbers.is_possible_number_with_reason(number)
    # Measure against mobile lengths: a number of landline length is still too short for us.
    mobile = phonenumbers.is_possible_number_for_type_with_reason(number, PhoneNumberType.MOBILE)
    if ValidationResult.TOO_SHORT in (general, mobile) or general == (
        ValidationResult.IS_POSSIBLE_LOCAL_ONLY
    ):
        return InvalidReceiver("too_short", _T_TOO_SHORT, number=shown, **place)
    if ValidationResult.TOO_LONG in (general, mobile):
        return InvalidReceiver("too_long", _T_TOO_LONG, number=shown, **place)
    return InvalidReceiver("invalid_for_region", _T_INVALID, number=shown, **place)


def _place_of(number: phonenumbers.PhoneNumber) -> dict[str, str | None]:
    region = phonenumbers.region_code_for_country_code(number.country_code or 0)
    if region in phonenumbers.SUPPORTED_REGIONS:
        return _place(region)
    return {"country": f"+{number.country_code}", "region": None}  # e.g. +800, +999


def _place(region: str) -> dict[str, str | None]:
    """Message params for where the number belongs: an English name, and the region code so
    the UI can put the name in the user's language instead."""
    return {"country": _country_name(region), "region": region}


@lru_cache(maxsize=64)
def _country_name(region: str) -> str:
    """English country name ("Sweden"); the region code if phonenumbers knows none."""
    # The geocoder loads ~40 MB of data: only when a refusal needs a country's name, not at
    # every start of the app or the command line.
    from phonenumbers import geocoder

    example = phonenumbers.example_number(region)
    name = geocoder.country_name_for_number(example, "en") if example else ""
    return name or region
