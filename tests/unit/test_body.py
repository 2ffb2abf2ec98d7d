"""Message bodies: cleaned the same way every time, and refused with what to change."""

from __future__ import annotations

import subprocess
import sys
import unicodedata
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from desktop.domain import body as body_module
from desktop.domain.body import DEFAULT_MAX_PARTS, InvalidBody, clean_body
from desktop.domain.errors import DomainError


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("Hej Åsa!", "Hej Åsa!"),
        ("  Hej\n\n", "Hej"),
        ("\u00a0Hej\u3000", "Hej"),  # Unicode spaces at the ends go too
        ("rad 1\r\nrad 2\rrad 3\nrad 4", "rad 1\nrad 2\nrad 3\nrad 4"),
        ("rad 1\u2028rad 2\u2029rad 3\x85rad 4", "rad 1\nrad 2\nrad 3\nrad 4"),
        ("a\tb", "a b"),  # GSM has no tab
        ("a\x00b\x07c\x1bd\x7fe\x0cf", "abcdef"),  # controls, form feed too
        ("bad\ud800surrogate", "badsurrogate"),
        ("Cafe\u0301", "Café"),  # NFC: the decomposed é becomes GSM-7's é
        ("A\u030angstro\u0308m", "Ångström"),
        ("a\x00\u0301", "á"),  # the control goes before NFC, so the accent composes now
        ("  \u200bHej", "\u200bHej"),  # invisible, not whitespace: kept and shown as offending
        ("Hej 😀 ’", "Hej 😀 ’"),  # cleaning never changes what the user chose to write
        ("\u200fשלום", "\u200fשלום"),
    ],
)
def test_cleaning(raw: str, clean: str) -> None:
    assert clean_body(raw) == clean


@pytest.mark.parametrize("text", ["", " ", "\n\n", "\r\n\t ", "\x00", "\u200b\u200d", "\ufeff "])
def test_empty(text: str) -> None:
    with pytest.raises(InvalidBody) as caught:
        clean_body(text)
    assert caught.value.code == "empty"
    assert caught.value.message == "The message is empty. Type the text you want to send."


def test_default_limit_is_six_parts_of_gsm7() -> None:
    assert DEFAULT_MAX_PARTS == 6
    assert clean_body("a" * 918) == "a" * 918


def test_too_long_gsm7() -> None:
    with pytest.raises(InvalidBody) as caught:
        clean_body("a" * 920)
    error = caught.value
    assert error.code == "too_long"
    assert error.params == {"parts": 7, "max_parts": 6, "excess": 2}
    assert error.message == ("The message needs 7 SMS; the limit is 6. Characters to remove: 2.")


def test_too_long_counts_after_cleaning() -> None:
    assert clean_body("  " + "a" * 160 + "\n\n", max_parts=1) == "a" * 160


def test_too_long_with_a_smaller_limit() -> None:
    with pytest.raises(InvalidBody) as caught:
        clean_body("a" * 161, max_parts=1)
    assert caught.value.params == {"parts": 2, "max_parts": 1, "excess": 1}


def test_too_long_euro_counts_two_septets() -> None:
    # 80 euros are 160 septets, one SMS; the 81st needs a second part.
    assert clean_body("€" * 80, max_parts=1) == "€" * 80
    with pytest.raises(InvalidBody) as caught:
        clean_body("€" * 81, max_parts=1)
    assert caught.value.params["excess"] == 1


def test_too_long_ucs2_points_at_the_character_to_replace() -> None:
    # 200 letters after one curly quote: 201 UCS-2 units, 3 parts. Dropping 131 from the
    # end leaves 70 units; replacing the quote would make it a single GSM-7 SMS.
    with pytest.raises(InvalidBody) as caught:
        clean_body("’" + "a" * 200, max_parts=1)
    error = caught.value
    assert error.code == "too_long"
    assert error.params == {"parts": 3, "max_parts": 1, "excess": 131, "example": "“’”"}
    assert error.message == (
        "The message needs 3 SMS; the limit is 1. Characters to remove: 131. "
        "Or replace special characters such as “’”, which make every SMS hold less than "
        "half as much text."
    )


def test_too_long_ucs2_names_an_invisible_character() -> None:
    with pytest.raises(InvalidBody) as caught:
        clean_body("Hej\u200b" + "a" * 100, max_parts=1)
    assert caught.value.params["example"] == "ZERO WIDTH SPACE"


def test_too_long_ucs2_prefers_a_character_that_has_a_replacement() -> None:
    with pytest.raises(InvalidBody) as caught:
        clean_body("😀 ” " + "a" * 100, max_parts=1)
    assert caught.value.params["example"] == "“””"  # the ” inside the quotes


def test_too_long_excess_is_enough_when_cutting_drops_the_offending_character() -> None:
    # 100 letters then an emoji: cutting only the emoji makes it GSM-7 and fits one part.
    with pytest.raises(InvalidBody) as caught:
        clean_body("a" * 100 + "😀", max_parts=1)
    assert caught.value.params["excess"] == 1
    assert clean_body("a" * 100, max_parts=1)


def test_too_many_characters() -> None:
    assert clean_body("a" * 90, max_chars=90) == "a" * 90
    with pytest.raises(InvalidBody) as caught:
        clean_body("a" * 100, max_chars=90)
    error = caught.value
    assert error.code == "too_many_characters"
    assert error.params == {"count": 100, "max_chars": 90, "excess": 10}
    assert error.message == (
        "The message has 100 characters, but BokaMera accepts at most 90. Characters to remove: 10."
    )


def test_too_many_characters_counts_emoji_as_dotnet_does() -> None:
    # BokaMera's .NET string.Length counts an emoji as 2: one emoji over is one to remove.
    assert clean_body("a" * 8 + "😀", max_chars=10) == "a" * 8 + "😀"
    with pytest.raises(InvalidBody) as caught:
        clean_body("a" * 9 + "😀", max_chars=10)
    assert caught.value.params == {"count": 11, "max_chars": 10, "excess": 1}


def test_the_limit_needing_more_cuts_is_reported() -> None:
    with pytest.raises(InvalidBody) as caught:
        clean_body("a" * 200, max_parts=1, max_chars=100)
    assert (caught.value.code, caught.value.params["excess"]) == ("too_many_characters", 100)
    with pytest.raises(InvalidBody) as caught:
        clean_body("a" * 200, max_parts=1, max_chars=180)
    assert (caught.value.code, caught.value.params["excess"]) == ("too_long", 40)


@pytest.mark.parametrize(("max_parts", "max_chars"), [(0, None), (-1, None), (6, 0)])
def test_nonsense_limits_are_a_programming_error(max_parts: int, max_chars: int | None) -> None:
    with pytest.raises(ValueError) as caught:
        clean_body("Hej", max_parts=max_parts, max_chars=max_chars)
    assert not isinstance(caught.value, DomainError)


def test_rejection_is_a_domain_error_in_bodies_context() -> None:
    with pytest.raises(InvalidBody) as caught:
        clean_body(" ")
    assert isinstance(caught.value, DomainError)
    assert caught.value.context == "bodies"


def test_every_message_is_found_by_lupdate(tmp_path: Path) -> None:
    lupdate = Path(sys.executable).with_name("pyside6-lupdate")
    ts = tmp_path / "bodies.ts"
    subprocess.run(
        [str(lupdate), body_module.__file__, "-ts", str(ts)], check=True, capture_output=True
    )
    extracted = {
        message.findtext("source")
        for context in ET.parse(ts).getroot()
        if context.findtext("name") == "bodies"
        for message in context.iter("message")
    }
    templates = set()
    for text, limits in [
        ("", {}),
        ("a" * 200, {"max_parts": 1}),
        ("’" * 200, {"max_parts": 1}),
        ("a" * 20, {"max_chars": 10}),
    ]:
        with pytest.raises(InvalidBody) as caught:
            clean_body(text, **limits)
        templates.add(caught.value.template)
    assert templates == extracted
    assert len(templates) == 4


def test_exactly_the_control_codes_and_lone_surrogates_are_dropped() -> None:
    # The cleaning drops by a character range, not a category lookup per character: the
    # range must be exactly Unicode's Cc and Cs, less the line break (and tab, which
    # becomes a space first).
    wanted = {
        code
        for code in range(sys.maxunicode + 1)
        if unicodedata.category(chr(code)) in ("Cc", "Cs") and chr(code) not in "\n\t"
    }
    dropped = {
        code for code in range(sys.maxunicode + 1) if body_module._DROPPED.match(chr(code))
    } - {ord("\t")}
    assert dropped == wanted
    assert clean_body("a\tb\x00c\ud800d\x9fe\nf") == "a bcde\nf"
