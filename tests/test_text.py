"""Text keys: `fold` word by word equals folding the whole text character by character."""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from taskrollup.text import clean, fold, strip_accents

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
