"""Rule tables for docids.py: canonical document keys, citations, authority."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from taskrollup.docids import DocRef, authority, canonical_id, parse_document
from taskrollup.errors import ValueParseError


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("42/QĐ-UBND", "42/QĐ-UBND"),
        ("42/QD-UBND", "42/QĐ-UBND"),
        ("42 / QĐ - UBND", "42/QĐ-UBND"),
        ("42/QÐ-UBND", "42/QĐ-UBND"),
        ("042/QĐ-UBND", "42/QĐ-UBND"),
        ("42/qđ-ubnd", "42/QĐ-UBND"),
        ("42/QĐ–UBND", "42/QĐ-UBND"),
        ("42/QĐ UBND", "42/QĐ-UBND"),
        (" 42/QĐ-UBND. ", "42/QĐ-UBND"),
        ("Số 42/QĐ-UBND", "42/QĐ-UBND"),
        ("Số: 42/QĐ-UBND", "42/QĐ-UBND"),
        ("42/2014/QĐ-TTg", "42/2014/QĐ-TTg"),
        ("42/2014/QD-TTG", "42/2014/QĐ-TTg"),
        ("26/KH-UBND", "26/KH-UBND"),
        ("371/TB-VPUBND", "371/TB-VPUBND"),
        ("2515/UBND-KTTH", "2515/UBND-KTTH"),
        ("2515/ubnd-ktth", "2515/UBND-KTTH"),
        ("1234/UBND-NC", "1234/UBND-NC"),
        ("05/CT-TTg", "05/CT-TTg"),
        ("01/2021/NQ-HĐND", "01/2021/NQ-HĐND"),
        ("1/2021/NQ-HDND", "01/2021/NQ-HĐND"),
        ("001/NQ-CP", "01/NQ-CP"),
        ("7/CT-TTg", "07/CT-TTg"),
        ("12/BC-SNN", "12/BC-SNN"),
        ("15/TTr-SNN", "15/TTr-SNN"),
        ("15/TTR-SNN", "15/TTr-SNN"),
        ("7/CTr-UBND", "07/CTr-UBND"),
        ("45/KH-BCĐ389", "45/KH-BCĐ389"),
        ("45/KH-BCD389", "45/KH-BCĐ389"),
        ("1270/BC-TCTTTg", "1270/BC-TCTTTg"),
        ("99/CV-SKHĐT", "99/CV-SKHĐT"),
        ("10/NQ-CP", "10/NQ-CP"),
        ("3/TB-VPCP", "03/TB-VPCP"),
        ("8/KH-XYZ", "08/KH-XYZ"),
    ],
)
def test_canonical_id(raw: str, expected: str) -> None:
    """Every spelling of one document gives one key; a year keeps documents apart (rule 10)."""
    assert canonical_id(raw) == expected


def test_year_keeps_documents_apart() -> None:
    """42/QĐ-UBND and 42/2014/QĐ-TTg are never the same key."""
    assert canonical_id("42/QĐ-UBND") != canonical_id("42/2014/QĐ-TTg")


@pytest.mark.parametrize(
    "raw", ["", "abc", "42", "QĐ-UBND", "UBND-NC", "15/01/2021", "42/", "/QĐ-UBND", None]
)
def test_canonical_id_rejects(raw: object) -> None:
    """Text with no number/code structure raises ValueParseError."""
    with pytest.raises(ValueParseError):
        canonical_id(raw)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (
            "Kế hoạch số 26/KH-UBND ngày 15/01/2021 của UBND tỉnh",
            DocRef("26/KH-UBND", date(2021, 1, 15), False),
        ),
        ("Quyết định 42/QĐ-UBND", DocRef("42/QĐ-UBND", None, False)),
        ("Quyết định số 42/QD-UBND năm 2021", DocRef("42/QĐ-UBND", None, False)),
        (
            "Thông báo số 371/TB-VPUBND ngày 14/4/2021",
            DocRef("371/TB-VPUBND", date(2021, 4, 14), False),
        ),
        (
            "Công văn số 2515/UBND-KTTH ngày 24/5/2021",
            DocRef("2515/UBND-KTTH", date(2021, 5, 24), False),
        ),
        (
            "I. Nhiệm vụ giao tại văn bản số 42/QĐ-UBND ngày 12/01/2021",
            DocRef("42/QĐ-UBND", date(2021, 1, 12), False),
        ),
        (
            "Quyết định 42/2014/QĐ-TTg ngày 12 tháng 8 năm 2014",
            DocRef("42/2014/QĐ-TTg", date(2014, 8, 12), False),
        ),
        ("42/QĐ-UBND, 12/01/2021", DocRef("42/QĐ-UBND", date(2021, 1, 12), False)),
        ("KH 26/KH-UBND (Mật)", DocRef("26/KH-UBND", None, True)),
        (
            "Kế hoạch 26/KH-UBND ngày 15/01/2021 - Mật",
            DocRef("26/KH-UBND", date(2021, 1, 15), True),
        ),
        ("Tối mật: 26/KH-UBND", DocRef("26/KH-UBND", None, True)),
        ("Văn bản 26/KH-UBND (Tuyệt mật)", DocRef("26/KH-UBND", None, True)),
        ("Văn bản 26/KH-UBND (MAT)", DocRef("26/KH-UBND", None, True)),
        ("26/KH-UBND về giải phóng mặt bằng", DocRef("26/KH-UBND", None, False)),
        ("26/KH-UBND bảo vệ bí mật nhà nước", DocRef("26/KH-UBND", None, False)),
        ("26/KH-UBND về mật độ dân số", DocRef("26/KH-UBND", None, False)),
        (
            "Quyết định 42/QĐ-UBND - Về việc giao chỉ tiêu",
            DocRef("42/QĐ-UBND", None, False),
        ),
        ("Kế hoạch 26/KH-UBND, hoàn thành trước ngày 30/6/2021", DocRef("26/KH-UBND", None, False)),
        (
            "QĐ 100/QĐ-UBND triển khai Nghị quyết 01/NQ-CP ngày 01/01/2021",
            DocRef("100/QĐ-UBND", None, False),
        ),
        ("", None),
        (None, None),
        ("Nhiệm vụ khác", None),
        ("ngày 15/01/2021", None),
    ],
)
def test_parse_document(raw: object, expected: DocRef | None) -> None:
    """The first identifier in a citation, with the date that follows it and the secret mark."""
    assert parse_document(raw) == expected


def test_parse_document_bad_date() -> None:
    """An impossible issue date is reported, not dropped."""
    with pytest.raises(ValueParseError):
        parse_document("Kế hoạch 26/KH-UBND ngày 31/02/2021")


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("42/QĐ-UBND", "provincial"),
        ("26/KH-UBND", "provincial"),
        ("371/TB-VPUBND", "provincial"),
        ("2515/UBND-KTTH", "provincial"),
        ("1234/VPUBND-NC", "provincial"),
        ("42/qd-ubnd", "provincial"),
        ("10/NQ-CP", "central"),
        ("42/2014/QĐ-TTg", "central"),
        ("05/CT-TTg", "central"),
        ("3/TB-VPCP", "central"),
        ("1234/VPCP-KTTH", "central"),
        ("01/2021/NQ-HĐND", "other"),
        ("12/BC-SNN", "other"),
        ("45/KH-BCĐ389", "other"),
    ],
)
def test_authority(raw: str, expected: str) -> None:
    """Province, central Government or other, from the issuer code (rule 9)."""
    assert authority(raw) == expected


def test_authority_rejects_non_id() -> None:
    """authority of something that is not an identifier raises ValueParseError."""
    with pytest.raises(ValueParseError):
        authority("Quyết định")


_TOKENS = st.sampled_from(
    ["/", "-", " ", "QĐ", "UBND", "TTg", "số", "ngày", "Mật", "mặt", "(", ")", "Ð", "–", "tháng"]
)
_NOISY = st.lists(st.one_of(_TOKENS, st.integers(0, 3000).map(str)), max_size=10).map("".join)
_ANY = st.one_of(st.none(), st.text(), _NOISY, st.integers(), st.floats())


@given(_ANY)
def test_canonical_id_total(value: object) -> None:
    """Any input gives a key that is its own canonical form, or a ValueParseError."""
    try:
        key = canonical_id(value)
    except ValueParseError:
        return
    assert canonical_id(key) == key


@given(_ANY)
def test_parse_document_total(value: object) -> None:
    """Any input gives a DocRef, None, or a ValueParseError, nothing else."""
    try:
        result = parse_document(value)
    except ValueParseError:
        return
    assert result is None or authority(result.id) in {"provincial", "central", "other"}
