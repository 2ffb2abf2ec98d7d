"""Properties of the text rules that must hold for any input Python can hold."""

from __future__ import annotations

import math
import re
import unicodedata

from hypothesis import given, settings
from hypothesis import strategies as st

from desktop.domain.body import InvalidBody, clean_body
from desktop.domain.receivers import InvalidReceiver, normalise_receiver
from desktop.domain.sms_parts import (
    GSM7_BASIC,
    GSM7_EXTENDED,
    SINGLE_GSM7,
    SINGLE_UCS2,
    count_sms,
    gsm_safe,
    replacement,
)

FAST = settings(max_examples=200, deadline=None)
GSM = GSM7_BASIC | GSM7_EXTENDED

# Any code point at all, lone surrogates included.
any_char = st.characters(exclude_categories=())
gsm_char = st.sampled_from(sorted(GSM))
trap_char = st.sampled_from(list("’‘“”–—…`ç•\u00a0\u200b\u00ad\u200f\t😀ж€^{"))
some_char = st.one_of(gsm_char, gsm_char, trap_char, any_char)


@st.composite
def texts(draw: st.DrawFn) -> str:
    """Texts around the part boundaries: runs of one character, mixed with single ones."""
    chunks = draw(
        st.lists(
            st.tuples(some_char, st.integers(min_value=1, max_value=170)).map(
                lambda pair: pair[0] * pair[1]
            )
            | some_char,
            max_size=12,
        )
    )
    return "".join(chunks)


def _utf16_units(text: str) -> int:
    return len(text.encode("utf-16-le", "surrogatepass")) // 2


# ---------------------------------------------------------------- count_sms


@FAST
@given(texts())
def test_count_invariants(text: str) -> None:
    count = count_sms(text)
    ucs2 = bool(count.offending)
    assert count.encoding == ("UCS-2" if ucs2 else "GSM-7")

    # Units are counted as the standard says, independently of the packing.
    if ucs2:
        assert count.units == _utf16_units(text)
    else:
        assert count.units == len(text) + sum(char in GSM7_EXTENDED for char in text)

    single = SINGLE_UCS2 if ucs2 else SINGLE_GSM7
    assert count.parts >= 1
    assert 0 <= count.remaining <= count.per_part
    assert (count.remaining == count.per_part) == (count.units == 0)
    if count.parts == 1:
        assert count.units <= single
        assert count.per_part == single
        assert count.remaining == single - count.units
    else:
        assert count.units > single
        assert count.per_part == (67 if ucs2 else 153)
        # Every part but the last can lose at most one unit to a pair that did not fit.
        capacity = count.parts * count.per_part
        assert capacity - (count.parts - 1) <= count.units + count.remaining <= capacity
        assert count.parts >= math.ceil(count.units / count.per_part)


@FAST
@given(texts())
def test_offending_is_every_non_gsm_character_in_order(text: str) -> None:
    offending = count_sms(text).offending
    assert [o.index for o in offending] == [i for i, c in enumerate(text) if c not in GSM]
    for item in offending:
        assert text[item.index] == item.char
        assert item.name == (unicodedata.name(item.char, "") or f"U+{ord(item.char):04X}")
        assert item.replacement is None or set(item.replacement) <= GSM


@FAST
@given(texts(), st.data())
def test_parts_never_shrink_as_text_grows(text: str, data: st.DataObject) -> None:
    cut = data.draw(st.integers(min_value=0, max_value=len(text)))
    assert count_sms(text[:cut]).parts <= count_sms(text).parts


@FAST
@given(texts())
def test_as_dict_matches_the_count(text: str) -> None:
    count = count_sms(text)
    as_dict = count.as_dict()
    assert list(as_dict) == ["encoding", "parts", "units", "remaining", "offending"]
    assert len(as_dict["offending"]) == len(count.offending)  # type: ignore[arg-type]


# ---------------------------------------------------------------- gsm_safe


@FAST
@given(texts())
def test_gsm_safe_leaves_only_characters_without_replacement(text: str) -> None:
    safe = gsm_safe(text)
    assert gsm_safe(safe) == safe
    assert all(o.replacement is None for o in count_sms(safe).offending)


@FAST
@given(texts())
def test_gsm_safe_never_costs_more_when_everything_was_replaced(text: str) -> None:
    # "…" -> "..." is the one replacement that costs more than two septets per unit it
    # saves (see test_sms_parts); every other one keeps this property.
    text = text.replace("…", "")
    before = count_sms(text)
    if any(o.replacement is None for o in before.offending):
        return
    after = count_sms(gsm_safe(text))
    assert after.encoding == "GSM-7"
    assert after.parts <= before.parts


@FAST
@given(any_char)
def test_every_replacement_is_gsm_and_cheap(char: str) -> None:
    substitute = replacement(char)
    if substitute is not None and char != "…":
        assert set(substitute) <= GSM
        assert len(substitute) + sum(c in GSM7_EXTENDED for c in substitute) <= 2 * max(
            1, _utf16_units(char)
        )


# ---------------------------------------------------------------- receivers

phone_like = st.text(alphabet="0123456789 +-().\u00a0–", max_size=24)
regions = st.sampled_from(["SE", "se", "NO", "US", "AU", "GB", "DE"])


@FAST
@given(st.one_of(phone_like, st.text(alphabet=any_char, max_size=40)), regions)
def test_normalise_receiver_only_ever_refuses_with_invalid_receiver(text: str, region: str) -> None:
    try:
        receiver = normalise_receiver(text, region)
    except InvalidReceiver as error:
        assert error.code in {
            "empty",
            "not_a_number",
            "too_short",
            "too_long",
            "invalid_for_region",
            "not_mobile",
        }
        error.message.encode("utf-8")  # formats, and is printable
        return
    assert re.fullmatch(r"\+[1-9]\d{6,14}", receiver.e164)
    assert receiver.kind in {"mobile", "fixed_line_or_mobile"}
    assert normalise_receiver(receiver.e164, region) == receiver
    assert normalise_receiver(receiver.display(), region) == receiver


@FAST
@given(st.from_regex(r"\A07[02369][0-9]{7}\Z"))
def test_every_swedish_mobile_series_is_accepted(number: str) -> None:
    receiver = normalise_receiver(number)
    assert receiver.e164 == "+46" + number[1:]
    assert normalise_receiver(f"{number[:3]}-{number[3:6]} {number[6:8]} {number[8:]}") == receiver


# ---------------------------------------------------------------- bodies


@FAST
@given(texts(), st.integers(min_value=1, max_value=8), st.none() | st.integers(1, 1200))
def test_clean_body_refuses_only_with_invalid_body_and_is_idempotent(
    text: str, max_parts: int, max_chars: int | None
) -> None:
    try:
        body = clean_body(text, max_parts=max_parts, max_chars=max_chars)
    except InvalidBody as error:
        assert error.code in {"empty", "too_long", "too_many_characters"}
        error.message.encode("utf-8")
        return
    assert clean_body(body, max_parts=max_parts, max_chars=max_chars) == body
    assert body == body.strip()
    assert body == unicodedata.normalize("NFC", body)
    assert not any(unicodedata.category(c) in ("Cc", "Cs") and c != "\n" for c in body)
    assert count_sms(body).parts <= max_parts
    assert max_chars is None or _utf16_units(body) <= max_chars


@FAST
@given(texts(), st.integers(min_value=1, max_value=4))
def test_too_long_excess_is_exactly_what_must_go(text: str, max_parts: int) -> None:
    try:
        clean_body(text, max_parts=max_parts)
        return
    except InvalidBody as error:
        if error.code != "too_long":
            return
        excess = error.params["excess"]
    body = clean_body(text, max_parts=10_000)
    assert isinstance(excess, int) and excess >= 1
    assert count_sms(body[: len(body) - excess]).parts <= max_parts
    assert count_sms(body[: len(body) - excess + 1]).parts > max_parts
