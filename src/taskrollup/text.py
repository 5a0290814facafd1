"""Text helpers shared by every normaliser: clean, NFC, fold for matching, and what counts
as nothing in a cell.

`clean` keeps the text a reader sees (NFC, one space, no control characters);
`fold` is a matching key only: no accents, lower case, punctuation gone.
`is_empty` is a cell with no value at all; `is_blank` also takes a cell of nothing but
dashes and punctuation ("-", "...") as nothing to read.
"""

from __future__ import annotations

import math
import re
import unicodedata

# Tone marks placed on the "wrong" vowel by old keyboards: "hoà" -> "hòa" style
# is not needed for matching (fold strips them) but clean keeps what was typed.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffe\uffff]")
_SPACES = re.compile(r"\s+")
# Look-alikes of Đ/đ from other code pages, and apostrophes, in one table.
_FIXES = str.maketrans({"Ð": "Đ", "ð": "đ", "Ɖ": "Đ", "ɖ": "đ",
                        "’": "'", "‘": "'", "ʼ": "'", "`": "'", "´": "'"})
_NEEDS_FIX = re.compile("[" + "".join(map(chr, _FIXES)) + "]")
_NON_WORD = re.compile(r"[^0-9a-z]+")
_NOTHING = re.compile(r"[\s\-–—_.,/\\]*")


def clean(value: object) -> str:
    """Text as a reader should see it: NFC, look-alikes fixed, one space, trimmed.

    Each step runs only when a cheap test says it is needed: this is called on
    every text cell of every sheet.
    """
    if value is None:
        return ""
    text = value if isinstance(value, str) else str(value)
    if not text.isascii():
        if not unicodedata.is_normalized("NFC", text):
            text = unicodedata.normalize("NFC", text)
        if _NEEDS_FIX.search(text):
            text = text.translate(_FIXES)
    elif "`" in text:
        text = text.translate(_FIXES)
    printable = text.isprintable()  # False for every whitespace but the plain space
    if printable:
        if "  " not in text and not text.startswith(" ") and not text.endswith(" "):
            return text  # spaced already (most texts): no need to split and join
    elif _CONTROL.search(text):
        text = _CONTROL.sub(" ", text)
    return " ".join(text.split())


def _strip_table() -> dict[int, str]:
    """Every accented Latin letter -> its bare letter; combining marks -> nothing."""
    table: dict[int, str] = {}
    for code in [*range(0xC0, 0x250), *range(0x1E00, 0x1F00)]:
        base = "".join(c for c in unicodedata.normalize("NFD", chr(code)) if not unicodedata.combining(c))
        if base != chr(code):
            table[code] = base
    table.update({ord("đ"): "d", ord("Đ"): "D", ord("ð"): "d", ord("Ð"): "D"})
    table.update({code: "" for code in range(0x300, 0x370)})
    return table


_STRIP = _strip_table()


def strip_accents(text: str) -> str:
    """Remove Vietnamese diacritics; đ/Đ become d/D (one table lookup per character)."""
    return text.translate(_STRIP)


class _WordKeys(dict[str, str]):
    """`fold` of single whitespace-free words, each computed once (texts share a small
    vocabulary); the table stops growing at `limit` words."""

    limit = 500_000

    def __missing__(self, word: str) -> str:
        key = _NON_WORD.sub(" ", strip_accents(word).lower().replace("&", " va ").replace("'", "")).strip()
        if len(self) < self.limit:
            self[word] = key
        return key


_WORD_KEYS = _WordKeys()


def fold(value: object) -> str:
    """Matching key: no accents, lower case, '&' read as 'va', punctuation to one space.

    Every step maps characters one by one and whitespace separates words, so the
    text is folded word by word, each distinct word once.
    """
    return fold_clean(clean(value))


def fold_clean(text: str) -> str:
    """`fold` of a text that `clean` already returned (clean is idempotent: no second pass)."""
    return " ".join(filter(None, map(_WORD_KEYS.__getitem__, text.split())))


def is_empty(value: object) -> bool:
    """No value at all: None, NaN, or text of nothing but whitespace. A dash is a value."""
    if value is None:
        return True
    if isinstance(value, str):
        return not value or value.isspace()
    return isinstance(value, float) and math.isnan(value)


def is_blank(value: object) -> bool:
    """Nothing to read: None, NaN, NaT, or text of nothing but spaces, dashes and
    punctuation ("-", "...", "//")."""
    if value is None:
        return True
    if isinstance(value, float):
        return math.isnan(value)
    if type(value).__name__ == "NaTType":
        return True
    return _NOTHING.fullmatch(clean(value)) is not None
