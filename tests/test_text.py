"""Text keys: `fold` word by word equals folding the whole text character by character; empty
and blank cells."""

from __future__ import annotations

import re
import unicodedata

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from taskrollup.text import clean, fold, is_blank, is_empty, strip_accents

_NON_WORD = re.compile(r"[^0-9a-z]+")


def fold_whole(value: object) -> str:
    """The definition: one pass over the whole text (what `fold` did before its word cache)."""
    text = strip_accents(clean(value)).lower().replace("&", " va ").replace("'", "")
    return _NON_WORD.sub(" ", text).strip()


_VIETNAMESE = "aăâbcdđeêghiklmnoôơpqrstuưvxyàáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợùúủũụừứửữựỳýỷỹỵĐÐ"
_TEXT = st.text(alphabet=st.sampled_from(_VIETNAMESE + _VIETNAMESE.upper() + "0123456789 \t\n&'’`/-,.()\x07\u0301\u00a0"),
                max_size=60)


@given(_TEXT)
def test_fold_by_words_equals_fold_of_the_whole(text: str) -> None:
    assert fold(text) == fold_whole(text)


def test_fold_examples() -> None:
    """Hand-worked: accents, đ, case, '&', apostrophes and punctuation."""
    assert fold("Sở Y tế & Đắk Nông") == "so y te va dak nong"
    assert fold("Kế hoạch 15/KH-UBND, quý II") == "ke hoach 15 kh ubnd quy ii"
    assert fold("  Hòa’s  ") == "hoas"
    assert fold("DỰ ÁN\x07 mới") == "du an moi"
    assert fold(None) == ""


@given(_TEXT)
def test_fold_of_clean_text_needs_no_second_clean(text: str) -> None:
    from taskrollup.text import fold_clean

    assert fold_clean(clean(text)) == fold(text)


_SPACES_AND_CONTROLS = " \t\n\r\x0b\x0c\x1c\x1f\x85\xa0\u1680\u2003\u2028\u2029\u202f\u3000\x07\x9f\ufffe"


def clean_reference(text: str) -> str:
    """The definition of `clean` on a str: every step applied, every time."""
    text = unicodedata.normalize("NFC", text).translate(str.maketrans(
        {"Ð": "Đ", "ð": "đ", "Ɖ": "Đ", "ɖ": "đ", "’": "'", "‘": "'", "ʼ": "'", "`": "'", "´": "'"}))
    return " ".join(re.sub(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffe\uffff]", " ", text).split())


@settings(deadline=None)  # a loaded machine must not fail it
@given(st.text(alphabet=st.sampled_from(_VIETNAMESE + "ab12 ’`" + _SPACES_AND_CONTROLS), max_size=40))
def test_clean_equals_its_definition(text: str) -> None:
    """The shortcuts of `clean` (text already spaced, ASCII, NFC) never change its answer."""
    assert clean(text) == clean_reference(text)


def test_clean_examples() -> None:
    """Hand-worked: spaced text comes back as it is; any other whitespace becomes one space."""
    assert clean("Sở Y tế") == "Sở Y tế"
    assert clean(" Sở  Y\u00a0tế\n") == "Sở Y tế"
    assert clean("Sở\tY\x07tế") == "Sở Y tế"
    assert clean("Hòa’s `x`") == "Hòa's 'x'"


@pytest.mark.parametrize(
    ("value", "empty", "blank"),
    [
        (None, True, True),
        (float("nan"), True, True),
        ("", True, True),
        (" \t\n", True, True),
        ("-", False, True),
        (" ... ", False, True),
        ("//", False, True),
        ("—", False, True),
        (pd.NaT, False, True),
        (0, False, False),
        (1.5, False, False),
        ("x", False, False),
        ("Sở Y tế", False, False),
    ],
)
def test_empty_and_blank_cells(value: object, empty: bool, blank: bool) -> None:
    """A cell is empty with no value at all; blank also when it holds only dashes or punctuation."""
    assert (is_empty(value), is_blank(value)) == (empty, blank)
