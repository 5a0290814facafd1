"""Text helpers shared by every normaliser: clean, NFC, and fold for matching.

`clean` keeps the text a reader sees (NFC, one space, no control characters);
`fold` is a matching key only: no accents, lower case, punctuation gone.
"""

from __future__ import annotations

import re
import unicodedata

# Tone marks placed on the "wrong" vowel by old keyboards: "hoà" -> "hòa" style
# is not needed for matching (fold strips them) but clean keeps what was typed.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffe\uffff]")
_SPACES = re.compile(r"\s+")
_APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "ʼ": "'", "`": "'", "´": "'"})
# Look-alikes of Đ/đ that arrive from other code pages.
_LOOKALIKES = str.maketrans({"Ð": "Đ", "ð": "đ", "Ɖ": "Đ", "ɖ": "đ"})
_NON_WORD = re.compile(r"[^0-9a-z]+")


def clean(value: object) -> str:
    """Text as a reader should see it: NFC, look-alikes fixed, one space, trimmed."""
    if value is None:
        return ""
    text = str(value)
    text = unicodedata.normalize("NFC", text).translate(_LOOKALIKES).translate(_APOSTROPHES)
    text = _CONTROL.sub(" ", text)
    return _SPACES.sub(" ", text).strip()


def strip_accents(text: str) -> str:
    """Remove Vietnamese diacritics; đ/Đ become d/D."""
    decomposed = unicodedata.normalize("NFD", text.translate(_LOOKALIKES))
    bare = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return bare.replace("đ", "d").replace("Đ", "D")


def fold(value: object) -> str:
    """Matching key: no accents, lower case, '&' read as 'va', punctuation to one space."""
    text = strip_accents(clean(value)).lower().replace("&", " va ")
    text = text.replace("'", "")
    return _NON_WORD.sub(" ", text).strip()


def content_key(text: str) -> str:
    """Exact-match key of a task's content (rule 8): NFC, no accents, case or punctuation."""
    return fold(text)
