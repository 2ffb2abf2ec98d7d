"""Receivers: what the desk types becomes E.164, or a rejection that says what to fix."""

from __future__ import annotations

import dataclasses
import shutil
import subprocess
import sys
import unicodedata
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from desktop.domain import receivers
from desktop.domain.errors import DomainError
from desktop.domain.receivers import (
    DEFAULT_REGION,
    InvalidReceiver,
    Receiver,
    normalise_receiver,
)

SWEDISH_MOBILE = Receiver(e164="+46701234567", region="SE", kind="mobile")


@pytest.mark.parametrize(
    "text",
    [
        "070-123 45 67",
        "0701234567",
        "070 123 45 67",
        "070-1234567",
        "070.123.45.67",
        "(070) 123 45 67",
        "  070-123 45 67\t\n",
        "+46 70 123 45 67",
        "+46701234567",
        "+46 (0)70 123 45 67",  # the trunk zero people keep after the country code
        "0046 70 123 45 67",
        "0046701234567",
        "070–123 45 67",  # en dash pasted from a web page
        "070\u00a0123\u00a045\u00a067",  # non-breaking spaces
        "０７０１２３４５６７",  # full-width digits from a Japanese IME
    ],
)
def test_swedish_mobile_in_every_usual_spelling(text: str) -> None:
    assert normalise_receiver(text) == SWEDISH_MOBILE


def test_default_region_is_sweden() -> None:
    assert DEFAULT_REGION == "SE"
    assert normalise_receiver("0701234567", "SE") == normalise_receiver("0701234567")


def test_display_is_international_format() -> None:
    assert normalise_receiver("0701234567").display() == "+46 70 123 45 67"
    assert normalise_receiver("+47 412 34 567").display() == "+47 41 23 45 67"


def test_receiver_is_immutable() -> None:
    with pytest.raises(dataclasses.FrozenInstanceError):
        SWEDISH_MOBILE.e164 = "+46700000000"  # type: ignore[misc]


def test_foreign_mobile_keeps_its_own_region() -> None:
    assert normalise_receiver("+47 412 34 567") == Receiver("+4741234567", "NO", "mobile")


def test_fixed_line_or_mobile_is_accepted() -> None:
    # North American numbers cannot be told apart, so they may receive SMS.
    assert normalise_receiver("+1 650 253 0000") == Receiver(
        "+16502530000", "US", "fixed_line_or_mobile"
    )


def test_national_input_in_another_default_region() -> None:
    assert normalise_receiver("(650) 253-0000", "US").e164 == "+16502530000"
    assert normalise_receiver("0701234567", "se") == SWEDISH_MOBILE  # region is case-blind


@pytest.mark.parametrize("region", ["US", "AU"])
def test_leading_00_means_plus_even_where_00_is_not_the_prefix(region: str) -> None:
    # The US dials out with 011 and Australia with 0011; "0046..." still means Sweden.
    assert normalise_receiver("0046 70 123 45 67", region) == SWEDISH_MOBILE


def test_region_own_international_prefix_still_works() -> None:
    assert normalise_receiver("0011 46 70 123 45 67", "AU") == SWEDISH_MOBILE


@pytest.mark.parametrize("region", ["", "XX", "Sweden", "001"])
def test_unknown_default_region_is_a_programming_error(region: str) -> None:
    with pytest.raises(ValueError) as caught:
        normalise_receiver("0701234567", region)
    assert not isinstance(caught.value, DomainError)


def _rejection(text: str, region: str = DEFAULT_REGION) -> InvalidReceiver:
    with pytest.raises(InvalidReceiver) as caught:
        normalise_receiver(text, region)
    return caught.value


@pytest.mark.parametrize("text", ["", "   ", "\t\n"])
def test_empty(text: str) -> None:
    error = _rejection(text)
    assert error.code == "empty"
    assert error.message == "No number was given. Type the customer's mobile number."


@pytest.mark.parametrize("text", ["07O-123 45 67", "070-CALL-NOW", "0701234567 ext 12", "Anna"])
def test_letters_are_refused_not_read_as_vanity_digits(text: str) -> None:
    error = _rejection(text)
    assert error.code == "not_a_number"
    assert error.message.startswith(f"“{text}” contains letters.")


def test_other_characters_are_named() -> None:
    error = _rejection("070*123 45 67")
    assert error.code == "not_a_number"
    assert error.params["char"] == "*"
    assert "“*”, which cannot be part of a phone number" in error.message


def test_plus_in_the_middle() -> None:
    error = _rejection("070+1234567")
    assert (error.code, error.params["number"]) == ("not_a_number", "070+1234567")
    assert "has a + that is not at the start" in error.message


@pytest.mark.parametrize("text", ["+", "---", "( )"])
def test_no_digits(text: str) -> None:
    error = _rejection(text)
    assert error.code == "not_a_number"
    assert error.message.startswith(f"“{text}” has no digits.")


def test_lone_surrogate_is_refused_and_the_message_stays_printable() -> None:
    error = _rejection("070\ud800")
    assert error.code == "not_a_number"
    error.message.encode("utf-8")  # would raise on a lone surrogate


@pytest.mark.parametrize(
    "text", ["070-123", "1", "+4", "0046 70", "+46 70 123 45", "071234567", "46"]
)
def test_too_short(text: str) -> None:
    error = _rejection(text)
    assert error.code == "too_short"
    assert error.message == (
        f"“{text}” is too short for a mobile number in Sweden. Check whether digits are missing."
    )


@pytest.mark.parametrize("text", ["070-12 34 567 8", "07012345678901", "0701234567" * 3])
def test_too_long(text: str) -> None:
    error = _rejection(text)
    assert error.code == "too_long"
    assert "is too long for a mobile number in Sweden. Check for extra digits." in error.message


def test_long_input_is_shortened_in_the_message() -> None:
    error = _rejection("0701234567" * 30)
    assert error.params["number"] == "0701234567" * 3 + "0" + "…"
    assert len(error.message) < 150


@pytest.mark.parametrize(
    ("text", "country"),
    [
        ("0711234567", "Sweden"),
        ("+46 99 123 45 67", "Sweden"),
        ("+47 0123 4567", "Norway"),
        ("+1 555 010 1234", "United States"),
    ],
)
def test_invalid_for_region(text: str, country: str) -> None:
    error = _rejection(text)
    assert error.code == "invalid_for_region"
    assert error.message == (
        f"“{text}” is not a valid number in {country}. Check the digits with the customer."
    )


def test_unknown_country_code() -> None:
    error = _rejection("+999 123 456")
    assert error.code == "invalid_for_region"
    assert "does not start with a known country code" in error.message


@pytest.mark.parametrize(
    ("text", "kind", "words"),
    [
        ("08-12 34 56", "fixed_line", "is a landline number"),
        ("08-123 456 78", "fixed_line", "is a landline number"),
        ("0900-123 45 67", "premium_rate", "is a premium-rate number"),
        ("020-123 45 67", "toll_free", "is a toll-free number"),
        ("+800 1234 5678", "toll_free", "is a toll-free number"),
        ("0771-123456", "shared_cost", "is a shared-cost number"),
        ("075-123 45 67", "personal_number", "is a personal forwarding number"),
        ("074-012 34 56", "pager", "is a pager number"),
        ("010-234 56 78", "uan", "is a company switchboard number"),
        ("0254-12 345 67 89", "voicemail", "is a voicemail access number"),
        ("+44 56 1234 5678", "voip", "is an internet telephony (IP) number"),
        ("112", "short_code", "is a short code or service number"),
        ("72999", "short_code", "is a short code or service number"),
    ],
)
def test_not_mobile_says_which_kind(text: str, kind: str, words: str) -> None:
    error = _rejection(text)
    assert (error.code, error.params["kind"]) == ("not_mobile", kind)
    assert error.message.startswith(f"“{text}” {words}.")
    assert "SMS can only be sent to mobile numbers." in error.message


def test_rejection_is_a_domain_error_with_receivers_context() -> None:
    error = _rejection("08-12 34 56")
    assert isinstance(error, DomainError)
    assert error.context == "receivers"
    seen: list[str] = []

    def translate(context: str, text: str) -> str:
        seen.append(context)
        return text.replace("is a landline number", "är ett fast nummer")

    assert error.translated(translate).startswith("“08-12 34 56” är ett fast nummer.")
    assert seen == ["receivers"]


def _lupdate() -> str | None:
    beside_python = Path(sys.executable).with_name("pyside6-lupdate")
    return str(beside_python) if beside_python.exists() else shutil.which("pyside6-lupdate")


def test_every_message_is_found_by_lupdate(tmp_path: Path) -> None:
    lupdate = _lupdate()
    assert lupdate, "pyside6-lupdate is part of PySide6 and must be installed"
    ts = tmp_path / "receivers.ts"
    subprocess.run([lupdate, receivers.__file__, "-ts", str(ts)], check=True, capture_output=True)
    extracted = {
        message.findtext("source")
        for context in ET.parse(ts).getroot()
        if context.findtext("name") == "receivers"
        for message in context.iter("message")
    }
    samples = [
        "",
        "Anna",
        "07*",
        "0+7",
        "---",
        "070-123",
        "07012345678901",
        "0711234567",
        "+999 123",
        "08-12 34 56",
        "0900-123 45 67",
        "020-123 45 67",
        "112",
        "0771-123456",
        "075-123 45 67",
        "074-012 34 56",
        "010-234 56 78",
        "0254-12 345 67 89",
        "+44 56 1234 5678",
    ]
    templates = {_rejection(text).template for text in samples}
    assert len(templates) == 19
    assert templates <= extracted
    # And nothing is marked that the code no longer uses but for the "unknown" kind.
    assert extracted - templates == {receivers._NOT_MOBILE["unknown"]}


@pytest.mark.parametrize(
    ("text", "region", "country"),
    [
        ("070-123", "SE", "Sweden"),  # national input: the default region
        ("+47 0123 4567", "NO", "Norway"),  # international: the number's own country
        ("+44 7400 1234", "GB", "United Kingdom"),
        ("+999 123 456", "SE", "Sweden"),  # unknown code: the hint is about the default
    ],
)
def test_messages_carry_the_region_so_the_ui_can_name_it_in_swedish(
    text: str, region: str, country: str
) -> None:
    error = _rejection(text)
    assert (error.params["region"], error.params["country"]) == (region, country)


def test_the_number_echoed_back_masks_exactly_control_codes_and_lone_surrogates() -> None:
    wanted = {
        code
        for code in range(sys.maxunicode + 1)
        if unicodedata.category(chr(code)) in ("Cc", "Cs")
    }
    masked = {code for code in range(sys.maxunicode + 1) if receivers._UNPRINTABLE.match(chr(code))}
    assert masked == wanted
    assert receivers._shown(" 070\x00123\ud800 ") == "070\ufffd123\ufffd"
