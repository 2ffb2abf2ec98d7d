"""How many SMS a text costs (GSM 03.38), and which characters make it cost more.

The desk sees the count while typing, and every character that forced the expensive UCS-2
encoding, with a GSM-7 replacement where one is acceptable to a Swedish reader.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

from desktop.domain.i18n import QT_TRANSLATE_NOOP

# The GSM 03.38 default alphabet, minus the escape code itself (0x1B), in table order.
GSM7_BASIC: frozenset[str] = frozenset(
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
    "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà"
)
# Reached through the escape code, so each costs two septets.
GSM7_EXTENDED: frozenset[str] = frozenset("\f^{}\\[~]|€")

GSM7 = "GSM-7"
UCS2 = "UCS-2"
SINGLE_GSM7, MULTI_GSM7 = 160, 153  # septets in one SMS / per part of a concatenated one
SINGLE_UCS2, MULTI_UCS2 = 70, 67  # UTF-16 code units, likewise

SUMMARY_TEMPLATE = QT_TRANSLATE_NOOP("sms_parts", "{parts} SMS, {units} of {capacity}, {encoding}")

_SPACES = "\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a"
_SPACES += "\u202f\u205f\u3000\t"  # GSM has no tab either
_INVISIBLE = "\u00ad\u200b\u200c\u200d\u2060\ufeff"  # soft hyphen, zero-width, BOM
_INVISIBLE += "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"  # bidi

# Chosen by hand: what a Swedish reader accepts in place of the character. Anything not
# here falls back to _decomposed() (é-like letters lose their accent).
REPLACEMENTS: dict[str, str] = {
    **dict.fromkeys("‘’‚‛′‹›`´ʹʻʼ＇", "'"),
    **dict.fromkeys("“”„‟″«»＂", '"'),
    **dict.fromkeys("‐‑‒–—―−⁃﹘﹣－", "-"),
    **dict.fromkeys("•‣◦∙·●▪", "-"),  # list bullets become the dash Swedes type for them
    "…": "...",
    **dict.fromkeys(_SPACES, " "),
    **dict.fromkeys(_INVISIBLE, ""),
    **dict.fromkeys("\u2028\u2029\x85", "\n"),  # Unicode line and paragraph breaks
    # GSM has only the capital Ç; "Francoise" reads better than "FranÇoise".
    "ç": "c",
    # Letters with no decomposition to a base letter.
    "ł": "l",
    "Ł": "L",
    "đ": "d",
    "Đ": "D",
    "ð": "d",
    "Ð": "D",
    "ı": "i",
    "þ": "th",
    "Þ": "Th",
    "œ": "oe",
    "Œ": "OE",
    "×": "x",
}


@dataclass(frozen=True)
class Offending:
    index: int  # code-point index into the text
    char: str
    name: str  # unicodedata name, or "U+XXXX" when it has none
    replacement: str | None  # a GSM-7-safe replacement, None if there is none

    def as_dict(self) -> dict[str, object]:
        return {
            "index": self.index,
            "char": self.char,
            "name": self.name,
            "replacement": self.replacement,
        }


@dataclass(frozen=True)
class SmsCount:
    encoding: str  # "GSM-7" or "UCS-2"
    parts: int  # >= 1, even for ""
    units: int  # septets (GSM-7) or UTF-16 code units (UCS-2)
    remaining: int  # units still free in the last part, after real packing
    per_part: int  # 160/153 or 70/67 depending on single vs concatenated
    offending: tuple[Offending, ...]  # every char that forces UCS-2, in order

    def as_dict(self) -> dict[str, object]:
        return {
            "encoding": self.encoding,
            "parts": self.parts,
            "units": self.units,
            "remaining": self.remaining,
            "offending": [item.as_dict() for item in self.offending],
        }

    def summary(self, translate: Callable[[str, str], str] | None = None) -> str:
        """E.g. "2 SMS, 154 of 306, GSM-7"; ``translate(context, text)`` localises it."""
        template = translate("sms_parts", SUMMARY_TEMPLATE) if translate else SUMMARY_TEMPLATE
        return template.format(
            parts=self.parts,
            units=self.units,
            capacity=self.parts * self.per_part,
            encoding=self.encoding,
        )


def count_sms(text: str) -> SmsCount:
    offending = tuple(
        Offending(index, char, _name(char), replacement(char))
        for index, char in enumerate(text)
        if char not in GSM7_BASIC and char not in GSM7_EXTENDED
    )
    if offending:
        encoding, single, multi = UCS2, SINGLE_UCS2, MULTI_UCS2
        costs = [_utf16_units(char) for char in text]
    else:
        encoding, single, multi = GSM7, SINGLE_GSM7, MULTI_GSM7
        costs = [2 if char in GSM7_EXTENDED else 1 for char in text]

    units = sum(costs)
    if units <= single:
        return SmsCount(encoding, 1, units, single - units, single, offending)

    # Greedy packing: a character whose units do not all fit (an escape pair or a surrogate
    # pair) moves whole to the next part, leaving a unit unused in this one.
    parts, used = 1, 0
    for cost in costs:
        if used + cost > multi:
            parts, used = parts + 1, 0
        used += cost
    return SmsCount(encoding, parts, units, multi - used, multi, offending)


def gsm_safe(text: str) -> str:
    """``text`` with every offending character that has a replacement replaced."""
    out: list[str] = []
    for char in text:
        if char in GSM7_BASIC or char in GSM7_EXTENDED:
            out.append(char)
        else:
            substitute = replacement(char)
            out.append(char if substitute is None else substitute)
    return "".join(out)


@lru_cache(maxsize=4096)
def replacement(char: str) -> str | None:
    """A GSM-7 stand-in for one non-GSM character, or None when there is no acceptable one."""
    if char in REPLACEMENTS:
        return REPLACEMENTS[char]
    category = unicodedata.category(char)
    if category in ("Cc", "Cs"):
        return ""  # control codes and lone surrogates cannot be sent; nobody sees them
    if "\u0300" <= char <= "\u036f":
        # A separate Latin accent (macOS pastes "é" as "e" + accent): keep the bare letter.
        # Marks of other scripts stay: their letters cannot become GSM-7 anyway.
        return ""
    return _decomposed(char)


def _decomposed(char: str) -> str | None:
    """ "á" -> "a", "ﬁ" -> "fi", "Ａ" -> "A": the compatibility decomposition without accents.

    Only used when every resulting character is GSM-7 and it costs at most two septets per
    UTF-16 unit of the original, so that replacing never costs more SMS than UCS-2 did.
    """
    base = "".join(
        part for part in unicodedata.normalize("NFKD", char) if unicodedata.category(part) != "Mn"
    )
    if not base or any(part not in GSM7_BASIC and part not in GSM7_EXTENDED for part in base):
        return None
    septets = sum(2 if part in GSM7_EXTENDED else 1 for part in base)
    return base if septets <= 2 * _utf16_units(char) else None


def _utf16_units(char: str) -> int:
    # surrogatepass: a lone surrogate is one unit on the wire and must not crash the count.
    return len(char.encode("utf-16-le", "surrogatepass")) // 2


def _name(char: str) -> str:
    return unicodedata.name(char, "") or f"U+{ord(char):04X}"
