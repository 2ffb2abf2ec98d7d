"""SMS part counting (GSM 03.38), hand-checked against BOKAMERA_API.md.

Every expected number below was worked out by hand; the comment says how.
"""

from __future__ import annotations

import unicodedata

import pytest

from desktop.domain.sms_parts import (
    GSM7_BASIC,
    GSM7_EXTENDED,
    REPLACEMENTS,
    Offending,
    SmsCount,
    count_sms,
    gsm_safe,
)

A, ZHE, EMOJI = "a", "ж", "😀"  # 1 septet; 1 UTF-16 unit; 2 UTF-16 units

# (text, encoding, parts, units, remaining, per_part)
CASES: list[tuple[str, str, str, int, int, int, int]] = [
    # --- GSM-7, one part: 160 septets
    ("empty", "", "GSM-7", 1, 0, 160, 160),
    ("one letter", A, "GSM-7", 1, 1, 159, 160),
    ("159", A * 159, "GSM-7", 1, 159, 1, 160),
    ("160 fills one part", A * 160, "GSM-7", 1, 160, 0, 160),
    # --- GSM-7, concatenated: 153 per part
    ("161 -> 2 parts, 8 in the 2nd", A * 161, "GSM-7", 2, 161, 145, 153),
    ("306 fills two parts", A * 306, "GSM-7", 2, 306, 0, 153),
    ("307 -> 3 parts, 1 in the 3rd", A * 307, "GSM-7", 3, 307, 152, 153),
    ("459 fills three", A * 459, "GSM-7", 3, 459, 0, 153),
    ("918 fills six", A * 918, "GSM-7", 6, 918, 0, 153),
    ("919 -> 7", A * 919, "GSM-7", 7, 919, 152, 153),
    # --- GSM-7 extension characters cost 2 septets
    ("one euro", "€", "GSM-7", 1, 2, 158, 160),
    ("all ten escapes", "\f^{}\\[~]|€", "GSM-7", 1, 20, 140, 160),
    ("80 euros = 160", "€" * 80, "GSM-7", 1, 160, 0, 160),
    # 81 euros = 162: 76 fit a part (152), the 77th would need septets 153-154.
    ("81 euros", "€" * 81, "GSM-7", 2, 162, 153 - 10, 153),
    ("158 + euro = 160", A * 158 + "€", "GSM-7", 1, 160, 0, 160),
    ("159 + euro = 161", A * 159 + "€", "GSM-7", 2, 161, 153 - 8, 153),
    ("152 + euro stays single", A * 152 + "€", "GSM-7", 1, 154, 6, 160),
    # 152 + € + 7 = 161: € cannot take septets 153-154, so part 1 holds 152, part 2 holds 9.
    ("euro straddles, 2 parts", A * 152 + "€" + A * 7, "GSM-7", 2, 161, 153 - 9, 153),
    # 152 + € + 152 = 306 septets, yet 3 parts: 152 | 2+151 | 1.
    ("euro straddles, 3 parts", A * 152 + "€" + A * 152, "GSM-7", 3, 306, 152, 153),
    # 153 + € + 6: the euro starts part 2 cleanly: 153 | 8.
    ("euro right after a full part", A * 153 + "€" + A * 6, "GSM-7", 2, 161, 145, 153),
    # --- Swedish stays GSM-7: åäöÅÄÖé are in the basic set
    ("swedish", "Hej Åsa! Vi ses på måndag.", "GSM-7", 1, 26, 134, 160),
    ("swedish capitals", "ÅÄÖåäöÉéÜü", "GSM-7", 1, 10, 150, 160),
    ("line breaks count 1", "a\nb\r\nc", "GSM-7", 1, 6, 154, 160),
    # --- UCS-2, one part: 70 units
    ("one cyrillic", ZHE, "UCS-2", 1, 1, 69, 70),
    ("70 fills one part", ZHE * 70, "UCS-2", 1, 70, 0, 70),
    ("71 -> 2 parts", ZHE * 71, "UCS-2", 2, 71, 134 - 71, 67),
    ("134 fills two", ZHE * 134, "UCS-2", 2, 134, 0, 67),
    ("135 -> 3", ZHE * 135, "UCS-2", 3, 135, 66, 67),
    ("67 is still one part", ZHE * 67, "UCS-2", 1, 67, 3, 70),
    ("an emoji is 2 units", EMOJI, "UCS-2", 1, 2, 68, 70),
    ("35 emoji = 70", EMOJI * 35, "UCS-2", 1, 70, 0, 70),
    ("extension char counts 1 in UCS-2", ZHE + "€[", "UCS-2", 1, 3, 67, 70),
    # 69 + emoji = 71: 67 | 2+2.
    ("emoji after a full part", A * 69 + EMOJI, "UCS-2", 2, 71, 63, 67),
    # 66 + emoji + 3 = 71: the emoji cannot take units 67-68, so 66 | 2+3.
    ("emoji straddles, remaining", A * 66 + EMOJI + A * 3, "UCS-2", 2, 71, 62, 67),
    # 66 + emoji + 66 = 134 units, yet 3 parts: 66 | 2+65 | 1.
    ("emoji straddles, 3 parts", ZHE * 66 + EMOJI + ZHE * 66, "UCS-2", 3, 134, 66, 67),
    # 67 + emoji + 65 = 134: no straddle, 67 | 67.
    ("emoji on the boundary", ZHE * 67 + EMOJI + ZHE * 65, "UCS-2", 2, 134, 0, 67),
    # One curly apostrophe turns a full 160-letter SMS into 161 units: 67 | 67 | 27.
    ("one quote, three parts", A * 160 + "’", "UCS-2", 3, 161, 40, 67),
    # --- whatever Python can hold
    ("lone high surrogate", "\ud800", "UCS-2", 1, 1, 69, 70),
    ("surrogate pair as two code points", "\ud83d\ude00", "UCS-2", 1, 2, 68, 70),
    ("right-to-left mark", "\u200fabc", "UCS-2", 1, 4, 66, 70),
    ("family emoji: 3 emoji + 2 joiners", "👨\u200d👩\u200d👧", "UCS-2", 1, 8, 62, 70),
    ("arabic", "مرحبا", "UCS-2", 1, 5, 65, 70),
    ("tab is not GSM", "a\tb", "UCS-2", 1, 3, 67, 70),
]


@pytest.mark.parametrize(
    ("text", "encoding", "parts", "units", "remaining", "per_part"),
    [case[1:] for case in CASES],
    ids=[case[0] for case in CASES],
)
def test_count(
    text: str, encoding: str, parts: int, units: int, remaining: int, per_part: int
) -> None:
    count = count_sms(text)
    assert (count.encoding, count.parts, count.units, count.remaining, count.per_part) == (
        encoding,
        parts,
        units,
        remaining,
        per_part,
    )
    assert bool(count.offending) == (encoding == "UCS-2")


# Each trap from BOKAMERA_API.md, with the replacement a Swedish reader accepts.
TRAPS = [
    ("’", "RIGHT SINGLE QUOTATION MARK", "'"),
    ("‘", "LEFT SINGLE QUOTATION MARK", "'"),
    ("“", "LEFT DOUBLE QUOTATION MARK", '"'),
    ("”", "RIGHT DOUBLE QUOTATION MARK", '"'),
    ("–", "EN DASH", "-"),
    ("—", "EM DASH", "-"),
    ("−", "MINUS SIGN", "-"),
    ("…", "HORIZONTAL ELLIPSIS", "..."),
    ("\u00a0", "NO-BREAK SPACE", " "),
    ("\u202f", "NARROW NO-BREAK SPACE", " "),
    ("ç", "LATIN SMALL LETTER C WITH CEDILLA", "c"),
    ("`", "GRAVE ACCENT", "'"),
    ("•", "BULLET", "-"),
    ("\u200b", "ZERO WIDTH SPACE", ""),
    ("\ufeff", "ZERO WIDTH NO-BREAK SPACE", ""),
    ("\u00ad", "SOFT HYPHEN", ""),
    ("\u200f", "RIGHT-TO-LEFT MARK", ""),
    ("\t", "U+0009", " "),
    ("á", "LATIN SMALL LETTER A WITH ACUTE", "a"),
    ("ł", "LATIN SMALL LETTER L WITH STROKE", "l"),
    ("ﬁ", "LATIN SMALL LIGATURE FI", "fi"),
    ("\u0301", "COMBINING ACUTE ACCENT", ""),
    ("\ud800", "U+D800", ""),
]


@pytest.mark.parametrize(("char", "name", "replacement"), TRAPS, ids=[t[1] for t in TRAPS])
def test_trap_is_named_and_replaced(char: str, name: str, replacement: str) -> None:
    # A one-part Swedish reminder: the trap character alone makes it UCS-2 and says why.
    text = "Hej Åsa" + char + "vi ses i morgon kl. 10."
    count = count_sms(text)
    assert count.encoding == "UCS-2"
    assert count.offending == (Offending(7, char, name, replacement),)
    assert gsm_safe(text) == "Hej Åsa" + replacement + "vi ses i morgon kl. 10."
    assert count_sms(gsm_safe(text)).encoding == "GSM-7"


@pytest.mark.parametrize("char", [EMOJI, "ж", "م", "½", "°", "\u0651"])
def test_characters_without_replacement_are_left(char: str) -> None:
    count = count_sms("ok " + char)
    assert count.offending[0].replacement is None
    assert gsm_safe("ok " + char) == "ok " + char


def test_capital_c_cedilla_is_gsm_but_lowercase_is_not() -> None:
    assert count_sms("Ç").encoding == "GSM-7"
    assert gsm_safe("Françoise") == "Francoise"


def test_one_curly_apostrophe_doubles_a_swedish_reminder() -> None:
    reminder = "Hej! Välkommen till din tid hos Salong Åsa på måndag kl. 10:00. " * 2
    assert count_sms(reminder).parts == 1
    with_quote = reminder.replace("Salong Åsa", "Åsa’s salong", 1)
    assert count_sms(with_quote).parts == 2
    assert [o.char for o in count_sms(with_quote).offending] == ["’"]
    assert count_sms(gsm_safe(with_quote)).parts == 1


def test_offending_lists_every_occurrence_in_order_by_code_point_index() -> None:
    text = EMOJI + "’a…’"
    assert [(o.index, o.char) for o in count_sms(text).offending] == [
        (0, EMOJI),
        (1, "’"),
        (3, "…"),
        (4, "’"),
    ]


def test_offending_name_falls_back_to_code_point() -> None:
    assert count_sms("\x07").offending[0].name == "U+0007"
    assert count_sms("\U000e0001").offending[0].name == "LANGUAGE TAG"
    assert count_sms("\U0010ffff").offending[0].name == "U+10FFFF"


def test_as_dict_has_exactly_the_agreed_keys() -> None:
    assert count_sms("Hej’").as_dict() == {
        "encoding": "UCS-2",
        "parts": 1,
        "units": 4,
        "remaining": 66,
        "offending": [
            {"index": 3, "char": "’", "name": "RIGHT SINGLE QUOTATION MARK", "replacement": "'"}
        ],
    }
    assert count_sms("").as_dict() == {
        "encoding": "GSM-7",
        "parts": 1,
        "units": 0,
        "remaining": 160,
        "offending": [],
    }


@pytest.mark.parametrize(
    ("text", "summary"),
    [
        ("", "1 SMS, 0 of 160, GSM-7"),
        (A * 200, "2 SMS, 200 of 306, GSM-7"),
        (A * 152 + "€" + A * 152, "3 SMS, 306 of 459, GSM-7"),
        (ZHE * 70, "1 SMS, 70 of 70, UCS-2"),
        (ZHE * 71, "2 SMS, 71 of 134, UCS-2"),
    ],
)
def test_summary(text: str, summary: str) -> None:
    assert count_sms(text).summary() == summary


def test_summary_can_be_translated() -> None:
    def to_swedish(context: str, text: str) -> str:
        assert context == "sms_parts"
        return text.replace("{units} of {capacity}", "{units} av {capacity}")

    assert count_sms(A * 200).summary(to_swedish) == "2 SMS, 200 av 306, GSM-7"


def test_count_is_a_frozen_value() -> None:
    assert count_sms("abc") == SmsCount("GSM-7", 1, 3, 157, 160, ())


def test_gsm_safe_leaves_gsm_text_alone_and_is_idempotent() -> None:
    text = "Hej Åsa! Pris: 100 € [rabatt] ~ {kod} | \\ ^ @£$¥"
    assert gsm_safe(text) == text
    messy = "It’s … “ok” – ç\u00a0x 😀"
    assert gsm_safe(messy) == 'It\'s ... "ok" - c x 😀'
    assert gsm_safe(gsm_safe(messy)) == gsm_safe(messy)


def test_alphabets_match_the_standard() -> None:
    # 128 codes in the basic table, one of which is the escape to the extension table.
    assert len(GSM7_BASIC) == 127
    assert len(GSM7_EXTENDED) == 10
    assert not GSM7_BASIC & GSM7_EXTENDED
    assert {"å", "ä", "ö", "Å", "Ä", "Ö", "é", "É", "Ç", "ß", "¤", "§", "\n", "\r"} <= GSM7_BASIC
    assert not {"ç", "á", "À", "ê", "€", "`", "\t"} & GSM7_BASIC


def test_replacement_table_only_maps_non_gsm_to_gsm() -> None:
    gsm = GSM7_BASIC | GSM7_EXTENDED
    assert not set(REPLACEMENTS) & gsm
    assert all(set(value) <= gsm for value in REPLACEMENTS.values())


def test_every_unicode_space_has_a_replacement() -> None:
    spaces = [chr(c) for c in range(0x110000) if unicodedata.category(chr(c)) == "Zs"]
    assert all(gsm_safe(s) == " " for s in spaces)


def test_ellipses_are_the_one_replacement_that_can_cost_more() -> None:
    # Known and accepted: "…" is 1 UCS-2 unit but "..." is 3 septets, so a text of little
    # else than ellipses grows. The editor should compare counts before offering a fix.
    assert count_sms("…" * 70).parts == 1
    assert count_sms(gsm_safe("…" * 70)).parts == 2
