"""The claims grammar: labels and their combinations, Vietnamese numbers, nesting, groups,
rates and their basis, and what is no figure or is not understood."""

from __future__ import annotations

from pathlib import Path

import pytest

from taskrollup.claims import (
    BACKLOG,
    CENTRAL,
    HEADLINE,
    TextUnit,
    agency_subject,
    claims_in,
    find_claims,
    parse_number,
    scope_marker,
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




def figures(text: str, group: str | None = HEADLINE) -> dict[str, int | float]:
    """key -> value of the claims of one paragraph (a repeated key would show as a failure)."""
    found = [c for c in claims_in(text, group) if c.key != "rate"]
    result = {c.key: c.value for c in found}
    assert len(result) == len(found), [(c.key, c.raw) for c in found]
    return result


def rates_of(text: str, group: str | None = HEADLINE) -> list[tuple[float, str, str, int | None]]:
    """(value, of, basis, count) of each rate a paragraph states."""
    return [(c.value, c.of, c.basis, c.count) for c in claims_in(text, group) if c.key == "rate"]


def loose(text: str) -> list[tuple[str, bool]]:
    """(number, understood) of the numbers a paragraph states that joined no claim."""
    return [(x.raw, x.understood) for x in find_claims([TextUnit(1, text)])[1]]


@pytest.mark.parametrize(("raw", "value"), [
    ("2.573", 2573), ("05", 5), ("00", 0), ("122", 122), ("19.641", 19641), ("98,62%", 98.62),
    ("100%", 100.0), ("99,3 %", 99.3), ("1983", 1983),
])
def test_parse_number(raw: str, value: int | float) -> None:
    """Dot for thousands, comma for decimals, leading zeros kept by reports."""
    assert parse_number(raw) == value


@pytest.mark.parametrize(("text", "expected"), [
    # label: number, with and without "nhiệm vụ"
    ("Tổng số nhiệm vụ được giao: 53; đã hoàn thành 36 nhiệm vụ, chưa hoàn thành: 17.",
     {"assigned": 53, "done": 36, "not_done": 17}),
    ("Trong đó, số nhiệm vụ đã hoàn thành: 05; số nhiệm vụ chưa hoàn thành: 14, còn trong hạn.",
     {"done": 5, "not_done": 14, "not_done_in_time": 14}),
    # numbers before their labels
    ("Có 2.268 nhiệm vụ đã hoàn thành, 300 nhiệm vụ chưa hoàn thành và 5 nhiệm vụ dừng thực hiện.",
     {"done": 2268, "not_done": 300, "cancelled": 5}),
    ("Tổng số 53 nhiệm vụ, trong đó 36 nhiệm vụ đã hoàn thành.", {"assigned": 53, "done": 36}),
    # nesting: "quá hạn" after done is done_late, after not done (or "còn") is not_done_overdue
    ("Số nhiệm vụ đã hoàn thành: 2.268 nhiệm vụ (đúng hạn: 1.268, quá hạn 122); số nhiệm vụ chưa hoàn "
     "thành: 300 nhiệm vụ (còn trong hạn: 283, quá hạn 17).",
     {"done": 2268, "done_on_time": 1268, "done_late": 122, "not_done": 300, "not_done_in_time": 283,
      "not_done_overdue": 17}),
    ("đã hoàn thành 980 nhiệm vụ (gồm 900 nhiệm vụ đúng hạn và 70 nhiệm vụ quá hạn)",
     {"done": 980, "done_on_time": 900, "done_late": 70}),
    ("đã hoàn thành 16.051 nhiệm vụ; còn 223 nhiệm vụ quá hạn.", {"done": 16051, "not_done_overdue": 223}),
    # labels combined: parent and child in either order, "nhưng" between
    ("1.059 nhiệm vụ chưa hoàn thành trong hạn; 35 nhiệm vụ đã quá hạn chưa hoàn thành.",
     {"not_done_in_time": 1059, "not_done_overdue": 35}),
    ("222 nhiệm vụ quá hạn nhưng chưa thực hiện xong", {"not_done_overdue": 222}),
    ("8.245 nhiệm vụ đang thực hiện trong hạn, 63 nhiệm vụ hoàn thành quá hạn",
     {"not_done_in_time": 8245, "done_late": 63}),
    ("số nhiệm vụ chưa hoàn thành nhưng còn trong thời hạn quy định là 2.355 nhiệm vụ",
     {"not_done_in_time": 2355}),
    # the due basis as a figure, "trong số N"
    ("Trong số 87 nhiệm vụ đến hạn phải thực hiện, có 73 nhiệm vụ hoàn thành, còn 14 nhiệm vụ đã quá hạn.",
     {"due": 87, "done": 73, "not_done_overdue": 14}),
    # "giao" states the total when nothing else does
    ("UBND tỉnh giao 833 nhiệm vụ cho các sở, ban, ngành, địa phương.", {"assigned": 833}),
    ("UBND tỉnh đã giao tổng cộng 1.204 nhiệm vụ, trong đó có 45 nhiệm vụ giao tại văn bản mật.",
     {"assigned": 1204, "secret": 45}),
    # the other figures
    ("Trong đó: Xin gia hạn 06 nhiệm vụ, chưa thực hiện: 11 nhiệm vụ (07 nhiệm vụ đang thực hiện).",
     {"extension_requested": 6, "not_done": 11}),
    ("số nhiệm vụ dừng thực hiện: 5 nhiệm vụ", {"cancelled": 5}),
    # numbers without a thousands dot, a typo for "trong hạn"
    ("chưa hoàn thành: 5.863 (trung hạn: 5.640, quá hạn: 223); đã hoàn thành quá hạn: 1983",
     {"not_done": 5863, "not_done_in_time": 5640, "not_done_overdue": 223, "done_late": 1983}),
    # a table row, and a draft typed without accents
    ("Tổng số nhiệm vụ được giao | 2.573", {"assigned": 2573}),
    ("Đã hoàn thành | 2.268 | Chưa hoàn thành | 300", {"done": 2268, "not_done": 300}),
    ("tong so nhiem vu duoc giao: 53; da hoan thanh 36, chua hoan thanh 17",
     {"assigned": 53, "done": 36, "not_done": 17}),
    # dates, periods, appendix numbers, footnote markers, years and money around figures
    ("Tổng số nhiệm vụ được giao trong 6 tháng đầu năm 2021 (Phụ lục 01, tính đến ngày 30/6/2021) là "
     "2.573 nhiệm vụ.", {"assigned": 2573}),
    ("Tổng số nhiệm vụ được giao[1]: 53, đã hoàn thành2 36.", {"assigned": 53, "done": 36}),
    ("Từ ngày 1.1 đến ngày 6.7, UBND tỉnh giao 833 nhiệm vụ; thu ngân sách đạt 1.428 tỷ đồng.",
     {"assigned": 833}),
])
def test_phrasing_variants(text: str, expected: dict[str, int | float]) -> None:
    """Each phrasing yields exactly these figures."""
    assert figures(text) == expected


@pytest.mark.parametrize(("text", "expected"), [
    # a rate label names the figure; the words around give the basis
    ("Tỷ lệ hoàn thành đạt 98,62% tổng số nhiệm vụ được giao (không tính nhiệm vụ dừng thực hiện); tính "
     "trên các nhiệm vụ đã đến hạn, tỷ lệ hoàn thành đạt 99,3%.",
     [(98.62, "done", "net", None), (99.3, "done", "due", None)]),
    # a rate beside a count is a rate of that count
    ("có 16.051 nhiệm vụ đến hạn đã hoàn thành, đạt 98,62% (đúng hạn: 14.068, quá hạn: 1983)",
     [(98.62, "done", "due", 16051)]),
    ("đã hoàn thành 13.119 nhiệm vụ (84,46%)", [(84.46, "done", "", 13119)]),
    ("1.111 nhiệm vụ (tỷ lệ 13,41%) hoàn thành quá hạn", [(13.41, "done_late", "", 1111)]),
    ("35 nhiệm vụ đã quá hạn chưa hoàn thành, chiếm 2,2%", [(2.2, "not_done_overdue", "", 35)]),
    ("đã quá hạn 258 nhiệm vụ (bằng 2,12% so với tổng số nhiệm vụ giao và bằng 3,48% so với nhiệm vụ "
     "có hạn)", [(2.12, "not_done_overdue", "all", 258), (3.48, "not_done_overdue", "other", 258)]),
    ("Tỷ lệ hoàn thành đúng hạn đạt 64,73%", [(64.73, "done_on_time", "", None)]),
])
def test_rates_and_their_basis(text: str, expected: list[tuple[float, str, str, int | None]]) -> None:
    """A rate is of the figure a "tỷ lệ" label names or of the count beside it, over the basis
    its words give ("" when they give none)."""
    assert rates_of(text) == expected


@pytest.mark.parametrize(("text", "expected"), [
    # changes, comparisons, bounds: read, not checked
    ("đã hoàn thành 7.951 nhiệm vụ, tăng 0,26% so với tháng trước", [("0,26%", True)]),
    ("giảm 35 nhiệm vụ so với kỳ báo cáo tháng trước (2,82%)", [("35", True), ("2,82%", True)]),
    ("có số nhiệm vụ được giao nhiều (hơn 200 nhiệm vụ)", [("200", True)]),
    # a rate with no count beside it and no "tỷ lệ" label
    ("số nhiệm vụ quá hạn chỉ chiếm 1,38%", [("1,38%", True)]),
    # task counts with no label: not understood
    ("Kế hoạch gồm 13 nhóm nhiệm vụ và 97 nhiệm vụ cụ thể", [("97", False)]),
    ("Chính phủ, Thủ tướng Chính phủ giao 9.831 nhiệm vụ, trong đó có 1.173 nhiệm vụ trọng tâm.",
     [("1.173", False)]),
    # counts of something else, years, money, economic percentages: nothing to list
    ("Tổ công tác đã tiến hành 27 cuộc kiểm tra tại 7 bộ, 12 dự án", []),
    ("Tổng thu ngân sách 2 tháng đầu năm là 1.573,1 tỷ đồng, đạt 11,5% dự toán, tăng 19% so cùng kỳ", []),
])
def test_what_is_not_checked(text: str, expected: list[tuple[str, bool]]) -> None:
    """Numbers that join no claim are listed when they speak of tasks, with whether the tool
    understood them (a comparison, a bound, a rate alone) or not (no label)."""
    assert loose(text) == expected


def test_weak_labels_yield_to_figures_already_stated() -> None:
    """"đang thực hiện" after "chưa hoàn thành: 17" is a part of it, not a second not-done count."""
    text = "Tổng số nhiệm vụ được giao: 53; chưa hoàn thành: 17. Trong đó: 11 nhiệm vụ đang thực hiện."
    assert figures(text) == {"assigned": 53, "not_done": 17}
    assert loose(text) == [("11", False)]


def test_a_strong_label_repeated_opens_a_second_set() -> None:
    """A month and the year to date in one paragraph: two sets of figures, not one."""
    text = ("Trong tháng 8 có tổng số 571 nhiệm vụ Chính phủ, Thủ tướng giao. Tính chung 8 tháng, có "
            "tổng số 4.210 nhiệm vụ Chính phủ, Thủ tướng giao; đã hoàn thành 1.759 nhiệm vụ.")
    found = [(c.key, c.value, c.instance) for c in find_claims([TextUnit(1, text)])[0]]
    assert found == [("assigned", 571, 1), ("assigned", 4210, 2), ("done", 1759, 2)]


@pytest.mark.parametrize(("text", "group"), [
    (DRAFT_HEADLINE, HEADLINE),
    (DRAFT_42, "42/QĐ-UBND"),
    (DRAFT_CENTRAL, CENTRAL),
    ("Thực hiện Quyết định số 042/QD-UBND: tổng số nhiệm vụ được giao: 53", "42/QĐ-UBND"),
    ("Kế hoạch số 26/KH-UBND ngày 15/01/2021 của UBND tỉnh: Tổng số nhiệm vụ được giao: 20", "26/KH-UBND"),
    ("Nhiệm vụ theo Quy chế 42: tổng nhiệm vụ 19", CENTRAL),
    ("Từ đầu năm, Chính phủ, Thủ tướng Chính phủ giao các bộ 9.831 nhiệm vụ", CENTRAL),
    ("UBND thành phố giao các sở, ngành, địa phương 15.533 nhiệm vụ", HEADLINE),
    ("Theo đó, Bộ KHĐT có 241 nhiệm vụ chưa hoàn thành.", "Bộ KHĐT"),
    ("số nhiệm vụ còn tồn đọng năm 2021 là 214 nhiệm vụ", BACKLOG),
    ("Đã hoàn thành đạt 40% chỉ tiêu công nhận trường học đạt chuẩn quốc gia.", None),
    ("Số nhiệm vụ đã hoàn thành: 36", None),  # "Số" is not "Sở"
])
def test_scope_marker(text: str, group: str | None) -> None:
    """A sentence's group comes from what it talks about; document ids are canonical."""
    assert scope_marker(text) == group


def test_agency_subject_resolves_through_the_registry(registry) -> None:  # type: ignore[no-untyped-def]
    """"Sở KH&ĐT có ..." is the agency of the registry's canonical name."""
    assert agency_subject("Sở KH&ĐT có 12 nhiệm vụ quá hạn.", registry.resolve) == "Sở Kế hoạch và Đầu tư"
    assert agency_subject("Sở Tài chính có 3 nhiệm vụ quá hạn.") == "Sở Tài chính"


def test_quoted_paragraphs_are_the_sample_drafts() -> None:
    """The paragraphs above are lines 15, 17, 11 and 10 of the sample draft, word for word."""
    lines = DRAFT.read_text("utf-8").splitlines()
    assert [lines[n - 1] for n in (15, 17, 11, 10)] == [DRAFT_HEADLINE, DRAFT_42, DRAFT_CENTRAL,
                                                         DRAFT_PROSE]


def test_draft_headline_paragraph() -> None:
    """Line 15 of the sample draft: the eight headline figures, as stated (errors included)."""
    assert figures(DRAFT_HEADLINE, None) == {
        "assigned": 2573, "secret": 103, "done": 2268, "done_on_time": 1268, "done_late": 122,
        "not_done": 300, "not_done_in_time": 283, "not_done_overdue": 17}


def test_draft_document_paragraph() -> None:
    """Line 17: the 42/QĐ-UBND group with assigned, done, not done and 6 extension requests;
    "11 nhiệm vụ đang thực hiện" and "07 nhiệm vụ đã có dự thảo" listed as not understood."""
    found, unread = find_claims([TextUnit(17, DRAFT_42)])
    assert {c.group for c in found} == {"42/QĐ-UBND"}
    assert {c.key: c.value for c in found} == {"assigned": 53, "done": 36, "not_done": 17,
                                               "extension_requested": 6}
    assert all(c.paragraph == 17 for c in found)
    assert [(x.raw, x.understood) for x in unread] == [("11", False), ("07", False)]


def test_draft_central_paragraph() -> None:
    """Line 11: central (not 42/2014/QĐ-TTg), 19/5/14, and "còn trong hạn" read as all 14."""
    found = find_claims([TextUnit(11, DRAFT_CENTRAL)])[0]
    assert {c.group for c in found} == {CENTRAL}
    assert {c.key: c.value for c in found} == {"assigned": 19, "done": 5, "not_done": 14,
                                               "not_done_in_time": 14}
    derived = [c for c in found if c.derived]
    assert [c.key for c in derived] == ["not_done_in_time"]
    assert derived[0].raw == "14" and "còn trong hạn" in derived[0].sentence


def test_prose_with_years_and_document_numbers_yields_no_claim() -> None:
    """Dates, years, ranges, document numbers and "13 nhóm nhiệm vụ" are no claims; the two
    "N nhiệm vụ cụ thể" counts are listed as not understood."""
    found, unread = find_claims([TextUnit(10, DRAFT_PROSE)])
    assert found == []
    assert [x.raw for x in unread] == ["97", "94"]


def test_paragraph_of_no_known_group_is_its_own() -> None:
    """Figures in a paragraph that names no group stay in a group of none (sums only)."""
    text = "Có 06 Quyết định quy phạm pháp luật; đã hoàn thành 36 nhiệm vụ xây dựng nông thôn mới."
    assert [(c.group, c.key, c.value) for c in find_claims([TextUnit(1, text)])[0]] == [("", "done", 36)]


def test_a_paragraph_continues_the_group_of_the_one_before() -> None:
    """"Kết quả: ..." after "UBND tỉnh giao ..." is still the province's, but not after prose."""
    units = [TextUnit(1, "UBND tỉnh giao 120 nhiệm vụ."), TextUnit(2, "Kết quả: đã hoàn thành 100 nhiệm vụ."),
             TextUnit(3, "Công tác khác."), TextUnit(4, "Kết quả: đã hoàn thành 7 nhiệm vụ.")]
    assert [(c.paragraph, c.group) for c in find_claims(units)[0]] == [(1, HEADLINE), (2, HEADLINE), (4, "")]


def test_table_row_takes_the_caption_group() -> None:
    """A row "Tổng số | 53" under a caption naming 42/QĐ-UBND is a claim of that document."""
    unit = TextUnit(7, "Tổng số | 53", "bảng 1, dòng 1", caption="Kết quả Quyết định số 42/QĐ-UBND:", table=1,
                    row=1)
    [claim] = find_claims([unit])[0]
    assert (claim.group, claim.key, claim.value, claim.where) == ("42/QĐ-UBND", "assigned", 53, "bảng 1, dòng 1")


def test_title_count() -> None:
    """"Quyết định số 42/QĐ-UBND ...: 53 nhiệm vụ" is that document's total."""
    [claim] = claims_in("1. Quyết định số 42/QĐ-UBND ngày 12/01/2021: 53 nhiệm vụ")
    assert (claim.group, claim.key, claim.value) == ("42/QĐ-UBND", "assigned", 53)


def test_claim_sentence_is_short_and_shows_the_number() -> None:
    """The sentence of a claim is cut to about 100 characters around its number."""
    claim = next(c for c in claims_in(DRAFT_HEADLINE) if c.key == "assigned")
    assert len(claim.sentence) <= 102 and "2.573" in claim.sentence
    assert shorten("Một câu ngắn: 5. Câu khác.", 14, 15) == "Một câu ngắn: 5."


def test_claim_positions_are_the_numbers() -> None:
    """position..end of a claim is the number as written in the unit's text."""
    for claim in claims_in(DRAFT_HEADLINE):
        assert DRAFT_HEADLINE[claim.position:claim.end] == claim.raw
