"""The claims grammar: labels, Vietnamese numbers, nesting, groups, and what is no figure."""

from __future__ import annotations

from pathlib import Path

import pytest

from taskrollup.claims import (
    CENTRAL,
    HEADLINE,
    TextUnit,
    claims_in,
    find_claims,
    paragraph_group,
    parse_number,
    shorten,
)

# Paragraphs of the sample draft (sample_data/du-thao-bao-cao-6-thang-2021.txt), verbatim:
# the headline (line 15), the 42/QĐ-UBND programme (line 17), the central Government (line 11).
DRAFT = Path(__file__).resolve().parents[1] / "sample_data" / "du-thao-bao-cao-6-thang-2021.txt"
DRAFT_HEADLINE = (
    "Trong 6 tháng đầu năm 2021, tổng số nhiệm vụ UBND tỉnh, Chủ tịch UBND tỉnh giao cho các sở, ban, "
    "ngành và địa phương là 2.573 nhiệm vụ (103 nhiệm vụ giao tại văn bản mật). Trong đó: đã hoàn "
    "thành 2.268 nhiệm vụ (đúng hạn: 1.268, quá hạn: 122); chưa hoàn thành 300 nhiệm vụ (còn trong "
    "hạn: 283, quá hạn: 17) (chi tiết tại Phụ lục 01 kèm theo)."
)
DRAFT_42 = (
    "- Quyết định số 42/QĐ-UBND ngày 12/01/2021 ban hành Chương trình công tác của UBND tỉnh năm "
    "2021: Tổng số nhiệm vụ được giao: 53; đã hoàn thành 36 nhiệm vụ, chưa hoàn thành: 17. Trong đó: "
    "có 06 nhiệm vụ xin gia hạn; 11 nhiệm vụ đang thực hiện (07 nhiệm vụ đã có dự thảo) (chi tiết tại "
    "Phụ lục 02 kèm theo)."
)
DRAFT_CENTRAL = (
    "- Đối với các nhiệm vụ Chính phủ, Thủ tướng Chính phủ giao theo Quy chế 42 (ban hành kèm theo "
    "Quyết định số 42/2014/QĐ-TTg ngày 27/7/2014 của Thủ tướng Chính phủ): Tổng nhiệm vụ được giao "
    "trong 6 tháng đầu năm 2021: 19 nhiệm vụ. Trong đó, đã hoàn thành: 05 nhiệm vụ; chưa hoàn thành: "
    "14 nhiệm vụ, còn trong hạn."
)
# Line 10: years, document numbers, ranges and "13 nhóm nhiệm vụ", no figure.
DRAFT_PROSE = (
    "- Để cụ thể hóa Chương trình hành động số 04-CTr/TU ngày 24/12/2020 và Nghị quyết số 02-NQ/TU "
    "ngày 08/12/2020 của Tỉnh ủy, UBND tỉnh đã ban hành Quyết định số 43/QĐ-UBND ngày 12/01/2021 thực "
    "hiện Nghị quyết số 110/NQ-HĐND ngày 11/12/2020 của HĐND tỉnh về Kế hoạch phát triển kinh tế - xã "
    "hội 5 năm giai đoạn 2021-2025 (gồm 13 nhóm nhiệm vụ và 97 nhiệm vụ cụ thể) và Quyết định số "
    "42/QĐ-UBND ngày 12/01/2021 ban hành Chương trình công tác năm 2021 (gồm 94 nhiệm vụ cụ thể); "
    "đồng thời ban hành Kế hoạch số 26/KH-UBND ngày 15/01/2021 triển khai Nghị quyết số 01/NQ-CP ngày "
    "01/01/2021 của Chính phủ."
)


def figures(text: str, group: str = HEADLINE) -> dict[str, int | float]:
    """key -> value of the claims of one paragraph (a repeated key would show as a failure)."""
    found = claims_in(text, group)
    result = {c.key: c.value for c in found}
    assert len(result) == len(found), [(c.key, c.raw) for c in found]
    return result


@pytest.mark.parametrize(("raw", "value"), [
    ("2.573", 2573), ("05", 5), ("00", 0), ("122", 122), ("19.641", 19641), ("98,62%", 98.62),
    ("100%", 100.0), ("99,3 %", 99.3),
])
def test_parse_number(raw: str, value: int | float) -> None:
    """Dot for thousands, comma for decimals, leading zeros kept by reports."""
    assert parse_number(raw) == value


@pytest.mark.parametrize(("text", "expected"), [
    # label: number, with and without "nhiệm vụ"
    ("Tổng số nhiệm vụ được giao: 53; đã hoàn thành 36 nhiệm vụ, chưa hoàn thành: 17.",
     {"assigned": 53, "done": 36, "not_done": 17}),
    ("Tổng số nhiệm vụ được giao: 20, đã hoàn thành 16, chưa hoàn thành 04 nhiệm vụ (đang triển khai).",
     {"assigned": 20, "done": 16, "not_done": 4}),
    ("Trong đó, số nhiệm vụ đã hoàn thành: 05; số nhiệm vụ chưa hoàn thành: 14, còn trong hạn.",
     {"done": 5, "not_done": 14, "not_done_in_time": 14}),
    # numbers before their labels
    ("Có 2.268 nhiệm vụ đã hoàn thành, 300 nhiệm vụ chưa hoàn thành và 5 nhiệm vụ dừng thực hiện.",
     {"done": 2268, "not_done": 300, "cancelled": 5}),
    ("Tổng số 53 nhiệm vụ, trong đó 36 nhiệm vụ đã hoàn thành.", {"assigned": 53, "done": 36}),
    ("Tổng số nhiệm vụ được giao gồm 36 nhiệm vụ đã hoàn thành và 17 nhiệm vụ chưa hoàn thành.",
     {"done": 36, "not_done": 17}),
    # nesting: "quá hạn" after done is done_late, after not done is not_done_overdue
    ("Số nhiệm vụ đã hoàn thành: 2.268 nhiệm vụ (đúng hạn: 1.268, quá hạn 122); số nhiệm vụ chưa hoàn "
     "thành: 300 nhiệm vụ (còn trong hạn: 283, quá hạn 17).",
     {"done": 2268, "done_on_time": 1268, "done_late": 122, "not_done": 300, "not_done_in_time": 283,
      "not_done_overdue": 17}),
    ("Số nhiệm vụ chưa hoàn thành: 14 (còn trong hạn: 14, quá hạn: 00).",
     {"not_done": 14, "not_done_in_time": 14, "not_done_overdue": 0}),
    # whole labels, and the other figures
    ("Hoàn thành đúng hạn 2.146 nhiệm vụ; hoàn thành quá hạn 122 nhiệm vụ; chưa hoàn thành quá hạn 17 nhiệm vụ.",
     {"done_on_time": 2146, "done_late": 122, "not_done_overdue": 17}),
    ("là 2.573 nhiệm vụ (103 nhiệm vụ giao tại văn bản mật)", {"secret": 103}),
    ("Trong đó: Xin gia hạn 06 nhiệm vụ, chưa thực hiện: 11 nhiệm vụ (07 nhiệm vụ đang thực hiện).",
     {"extension_requested": 6}),
    ("số nhiệm vụ dừng thực hiện: 5 nhiệm vụ", {"cancelled": 5}),
    ("Tỷ lệ hoàn thành đạt 98,62% tổng số nhiệm vụ được giao (không tính nhiệm vụ dừng thực hiện); tính "
     "trên các nhiệm vụ đã đến hạn, tỷ lệ hoàn thành đạt 99,3%.",
     {"completion_rate": 98.62, "due_rate": 99.3}),
    # a table row, and a draft typed without accents
    ("Tổng số nhiệm vụ được giao | 2.573", {"assigned": 2573}),
    ("Đã hoàn thành | 2.268 | Chưa hoàn thành | 300", {"done": 2268, "not_done": 300}),
    ("tong so nhiem vu duoc giao: 53; da hoan thanh 36, chua hoan thanh 17", {"assigned": 53, "done": 36,
                                                                             "not_done": 17}),
    # dates, periods, appendix numbers and footnote markers around a figure are not figures
    ("Tổng số nhiệm vụ được giao trong 6 tháng đầu năm 2021 (Phụ lục 01, tính đến ngày 30/6/2021) là "
     "2.573 nhiệm vụ.", {"assigned": 2573}),
    ("Tổng số nhiệm vụ được giao[1]: 53, đã hoàn thành2 36.", {"assigned": 53, "done": 36}),
])
def test_phrasing_variants(text: str, expected: dict[str, int | float]) -> None:
    """Each phrasing yields exactly these figures."""
    assert figures(text) == expected


def test_quoted_paragraphs_are_the_sample_drafts() -> None:
    """The paragraphs above are lines 15, 17, 11 and 10 of the sample draft, word for word."""
    lines = DRAFT.read_text("utf-8").splitlines()
    assert [lines[n - 1] for n in (15, 17, 11, 10)] == [DRAFT_HEADLINE, DRAFT_42, DRAFT_CENTRAL,
                                                         DRAFT_PROSE]


def test_draft_headline_paragraph() -> None:
    """Line 15 of the sample draft: the eight headline figures, as stated (errors included)."""
    assert figures(DRAFT_HEADLINE) == {
        "assigned": 2573, "secret": 103, "done": 2268, "done_on_time": 1268, "done_late": 122,
        "not_done": 300, "not_done_in_time": 283, "not_done_overdue": 17}


def test_draft_document_paragraph() -> None:
    """Line 17: the 42/QĐ-UBND group with assigned, done, not done and 6 extension requests."""
    found = find_claims([TextUnit(17, DRAFT_42)])
    assert {c.group for c in found} == {"42/QĐ-UBND"}
    assert {c.key: c.value for c in found} == {"assigned": 53, "done": 36, "not_done": 17,
                                               "extension_requested": 6}
    assert all(c.paragraph == 17 for c in found)


def test_draft_central_paragraph() -> None:
    """Line 11: central (not 42/2014/QĐ-TTg), 19/5/14, and "còn trong hạn" read as all 14."""
    found = find_claims([TextUnit(11, DRAFT_CENTRAL)])
    assert {c.group for c in found} == {CENTRAL}
    assert {c.key: c.value for c in found} == {"assigned": 19, "done": 5, "not_done": 14,
                                               "not_done_in_time": 14}
    derived = [c for c in found if c.derived]
    assert [c.key for c in derived] == ["not_done_in_time"]
    assert derived[0].raw == "14" and "còn trong hạn" in derived[0].sentence


@pytest.mark.parametrize(("text", "group"), [
    (DRAFT_HEADLINE, HEADLINE),
    (DRAFT_42, "42/QĐ-UBND"),
    (DRAFT_CENTRAL, CENTRAL),
    ("Thực hiện Quyết định số 042/QD-UBND: tổng số nhiệm vụ được giao: 53", "42/QĐ-UBND"),
    ("Kế hoạch số 26/KH-UBND ngày 15/01/2021 của UBND tỉnh: Tổng số nhiệm vụ được giao: 20", "26/KH-UBND"),
    ("Nhiệm vụ theo Quy chế 42: tổng nhiệm vụ 19", CENTRAL),
    ("Đã hoàn thành đạt 40% chỉ tiêu công nhận trường học đạt chuẩn quốc gia.", None),
])
def test_paragraph_group(text: str, group: str | None) -> None:
    """A paragraph's group comes from what it talks about; document ids are canonical."""
    assert paragraph_group(text) == group


def test_prose_with_years_and_document_numbers_yields_nothing() -> None:
    """Dates, years, ranges, document numbers and "13 nhóm nhiệm vụ" are no claims."""
    assert paragraph_group(DRAFT_PROSE) == "43/QĐ-UBND"
    assert find_claims([TextUnit(10, DRAFT_PROSE)]) == []


def test_paragraph_without_group_yields_nothing() -> None:
    """Figures in a paragraph about nothing the report counts are not claims."""
    text = "Có 06 Quyết định quy phạm pháp luật; đã hoàn thành 36 nhiệm vụ xây dựng nông thôn mới."
    assert find_claims([TextUnit(1, text)]) == []


def test_table_row_takes_the_caption_group() -> None:
    """A row "Tổng số | 53" under a caption naming 42/QĐ-UBND is a claim of that document."""
    unit = TextUnit(7, "Tổng số | 53", "bảng 1, dòng 1", caption="Kết quả Quyết định số 42/QĐ-UBND:")
    [claim] = find_claims([unit])
    assert (claim.group, claim.key, claim.value, claim.where) == ("42/QĐ-UBND", "assigned", 53, "bảng 1, dòng 1")


def test_claim_sentence_is_short_and_shows_the_number() -> None:
    """The sentence of a claim is cut to about 100 characters around its number."""
    claim = next(c for c in claims_in(DRAFT_HEADLINE, HEADLINE) if c.key == "assigned")
    assert len(claim.sentence) <= 102 and "2.573" in claim.sentence
    assert shorten("Một câu ngắn: 5. Câu khác.", 14, 15) == "Một câu ngắn: 5."
