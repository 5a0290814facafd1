"""Columns read by meaning: header phrasings of public forms, generated headers, the joint assignment."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from taskrollup.columns import (
    FILLER,
    SIGNALS,
    THRESHOLD,
    ColumnMap,
    Reading,
    assign,
    best_field,
    break_ties,
    header_key,
    mapped_reading,
    score_path,
    value_kind,
)
from taskrollup.text import fold, strip_accents

# Where each phrasing below was read: public Vietnamese report forms, document registers
# and task-tracking templates (a web page's address, or a public repository and its file).
PHUTHO = "phuninh.phutho.gov.vn/van-ban-phap-luat/cat/hoi-dong-nhan-dan-tinh-phu-tho-408"
VVTAA = "vvtaa.gov.vn/files/index?category=0"
HHTP = "hhtp.gov.vn/vi/archives/viewcat/cong-nghe-va-san-pham-62.html"
SDCC = "www.sdcc.com.vn/download-36-van-ban-cong-ty.html"
CUKUIN = "cukuin.daklak.gov.vn/bao-cao-dinh-ky.html"
ND30 = ("dientudacam.vn/chinh-sach-phap-luat/pho-bien-phap-luat/"
        "phu-luc-iv-nghi-dinh-so-30-2020-nd-cp-ngay-05-3-2020-cua-chinh-phu-ve-cong-tac-van-thu-1457.html")
VIGOV = "github tamtd91ht/vigov-v2: service-petitions/internal/domain/task_import.go"
MOF = "github DMFER-MOF/dondocnhiemvuqln: v2/index.html"
DAKLAK = "github nvluu/TheoDoiNhiemVu: data.csv"
NQ57 = "github thetrungdtt/VNMasterplan: ketquadaura03.md"
ONEBSS = "github HcallL/OneBSS-ViteJS: src/modules/search/subscriber/SearchRenovationMaintenanceTicket/collums.js"
DAKSONG = "github easywebhub/daksong_website: content/lich-cong-tac-tu-ngay-11-11-2019-den-ngay-17-11-2019.md"

PUBLIC_PHRASINGS: list[tuple[str, str | None, str]] = [
    ("Số/ Ký hiệu", "source_id", PHUTHO),
    ("Ngày ban hành", "assigned_on", PHUTHO),
    ("Trích yếu", "content", PHUTHO),
    ("Tình trạng văn bản", "status", PHUTHO),
    ("Ký hiệu", "source_id", VVTAA),
    ("Cơ quan ban hành", None, VVTAA),  # the issuer, not the agency that carries the task out
    ("Trạng thái", "status", VVTAA),
    ("STT", "stt", HHTP),
    ("Tên / Số / ký hiệu", "source_id", HHTP),
    ("Về việc / trích yếu", "content", HHTP),
    ("Ban hành", None, HHTP),
    ("TT", "stt", SDCC),
    ("Loại văn bản", None, SDCC),
    ("Mã văn bản", "source_id", SDCC),
    ("Tên văn bản", "source_text", SDCC),
    ("Số ký hiệu", "source_id", CUKUIN),
    ("Ngày hiệu lực", None, CUKUIN),
    ("Số, ký hiệu văn bản", "source_id", ND30),
    ("Ngày tháng văn bản", "assigned_on", ND30),
    ("Tên loại và trích yếu nội dung văn bản", "source_text", ND30),
    ("Người ký", None, ND30),
    ("Nơi nhận văn bản", None, ND30),
    ("Đơn vị, người nhận bản lưu", None, ND30),
    ("Ghi chú", "note", ND30),
    ("Tên nhiệm vụ", "content", VIGOV),
    ("Mô tả", None, VIGOV),
    ("Đơn vị thực hiện (mã)", "agency", VIGOV),
    ("Người thực hiện (mã cán bộ)", None, VIGOV),
    ("Mức ưu tiên (mã)", None, VIGOV),
    ("Hạn hoàn thành (ngày giờ)", "deadline", VIGOV),
    ("Văn bản cấp trên giao", "source_text", VIGOV),
    ("Kết quả thực hiện / Sản phẩm đầu ra", "status", VIGOV),
    ("Mã nhiệm vụ", None, MOF),
    ("Nội dung", "content", MOF),
    ("Lãnh đạo Bộ", None, MOF),
    ("Phòng xử lý", "agency", MOF),
    ("Hạn", "deadline", MOF),
    ("Ngày chỉ đạo", "assigned_on", MOF),
    ("Nội dung nhiệm vụ", "content", MOF),
    ("Trạng thái VBDH", "status", MOF),
    ("Thời gian thực hiện", "deadline", DAKLAK),
    ("Chủ đầu tư", None, DAKLAK),
    ("Ghi chú các bước", "note", DAKLAK),
    ("Đơn vị chủ trì", "agency", NQ57),
    ("Thời hạn hoàn thành", "deadline", NQ57),
    ("Ngày giao", "assigned_on", ONEBSS),
    ("Nội dung giao", "content", ONEBSS),
    ("Đơn vị nhận", "agency", ONEBSS),
    ("Trạng thái phiếu", "status", ONEBSS),
    ("Người thực hiện", None, ONEBSS),
    ("Lãnh đạo chủ trì/tham dự", None, DAKSONG),  # who chairs a meeting, in a diary
]


@pytest.mark.parametrize(("text", "expected", "source"), PUBLIC_PHRASINGS,
                         ids=[f"{i}-{t}" for i, (t, _, _) in enumerate(PUBLIC_PHRASINGS)])
def test_public_form_phrasing(text: str, expected: str | None, source: str) -> None:
    """A header phrasing read on a public form is read as the field it names there."""
    assert best_field([header_key(text)]) == expected, source


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Trich yeu noi dung nhiem vu", "content"),
        ("TRÍCH YẾU NỘI DUNG NHIỆM VỤ", "content"),
        ("Nhiệm vụ\n(nội dung)", "content"),
        ("ND công việc được giao", "content"),
        ("ĐV chủ trì", "agency"),
        ("Đơn vị được giao chủ trì thực hiện", "agency"),
        ("TG hoàn thành", "deadline"),
        ("Ngày hoàn thành dự kiến", "deadline"),
        ("Thời gian hoàn thành thực tế", "completed_on"),
        ("Ngày được giao", "assigned_on"),
        ("Tổng số", None),
        ("Số lượng", None),
        ("BIỂU TỔNG HỢP TÌNH HÌNH THỰC HIỆN NHIỆM VỤ UBND TỈNH GIAO THÁNG 6 NĂM 2021", None),
        ("44211", None),
        ("15/01/2021", None),
    ],
)
def test_header_words(text: str, expected: str | None) -> None:
    """Words in any order, abbreviations, fillers and line breaks; titles and numbers are no header."""
    assert best_field([header_key(text)]) == expected


def test_reason_names_the_deciding_words() -> None:
    """A reading says which words decided it."""
    reading = score_path((header_key("Trích yếu nội dung nhiệm vụ"),))["content"]
    assert reading.reason == "words: trich, yeu, noi, dung, nhiem, vu"


# --- headers built from the vocabulary -------------------------------------------------

ABBREVIATE = {"nội dung": "ND", "đơn vị": "ĐV", "cơ quan": "CQ", "thời gian": "TG", "văn bản": "VB",
              "nhiệm vụ": "NV", "hoàn thành": "HT", "thực hiện": "TH", "phối hợp": "PH", "kết quả": "KQ"}
FILLERS = "của được các những và hoặc về theo tại cho đến để là với giao".split()
SEPARATORS = [" ", ", ", "\n", " - ", " / "]
STRONG = [(name, sig) for name, sigs in SIGNALS.items() for sig, w in sigs if w + 1 >= THRESHOLD]


@st.composite
def vocabulary_headers(draw: st.DrawFn) -> tuple[str, str]:
    """(header text, field): a signal of the field's vocabulary, its phrases in any order,
    fillers between them, some abbreviated, accents and case as a clerk may type them."""
    name, signal = draw(st.sampled_from(STRONG))
    phrases = draw(st.permutations([p.strip() for p in signal.split("+")]))
    words: list[str] = []
    for phrase in phrases:
        words += draw(st.lists(st.sampled_from(FILLERS), max_size=1))
        short = ABBREVIATE.get(phrase)
        words.append(short if short and draw(st.booleans()) else phrase)
    text = draw(st.sampled_from(SEPARATORS)).join(words)
    if draw(st.booleans()):
        text = strip_accents(text)
    text = draw(st.sampled_from([str.lower, str.upper, str.capitalize, str]))(text)
    return text, name


@settings(max_examples=400, deadline=None)
@given(vocabulary_headers())
def test_generated_headers_read_as_their_field(case: tuple[str, str]) -> None:
    """Any header built from a field's vocabulary is read as that field."""
    text, name = case
    assert best_field([header_key(text)]) == name


def test_fillers_alone_are_no_header() -> None:
    """Filler words name nothing."""
    assert best_field([" ".join(sorted(FILLER))]) is None


# --- the joint assignment ----------------------------------------------------------------


def r(score: float) -> Reading:
    return Reading(score, ("x",))


def test_assign_each_column_its_best_when_no_field_is_wanted_twice() -> None:
    """Without a conflict each column takes its best field."""
    assert assign([{"content": r(4)}, {}, {"deadline": r(5), "status": r(4.5)}]) == {"content": 0, "deadline": 2}


def test_assign_jointly_gives_the_best_total() -> None:
    """A column torn between two fields takes the one no other column reads better."""
    scores = [{"source_text": r(4), "content": r(3.5)}, {"content": r(4)}]
    assert assign(scores) == {"source_text": 0, "content": 1}


def test_assign_leaves_a_weaker_column_unread() -> None:
    """Two columns for one field: the higher score reads it, the other reads nothing."""
    assert assign([{"deadline": r(4.5)}, {"deadline": r(5)}]) == {"deadline": 1}


def test_assign_never_takes_a_field_far_below_the_best() -> None:
    """A column does not fall back to a field scoring far below its own best."""
    assert assign([{"content": r(5), "status": r(3)}, {"content": r(5.5)}]) == {"content": 1}


def test_mapping_matches_whole_path_or_last_part() -> None:
    """The office's line matches a header path whole or by its last part; 'ignore' reads nothing."""
    path = (fold("Thời hạn"), fold("Hạn hoàn thành"))
    assert mapped_reading(path, {"han hoan thanh": "deadline"}) == ("han hoan thanh", {"deadline": Reading(100.0)})
    assert mapped_reading(path, {"thoi han han hoan thanh": "ignore"}) == ("thoi han han hoan thanh", {})
    assert mapped_reading(path, {"thoi han": "deadline"}) is None


def test_column_map_agency_lines_over_common_ones() -> None:
    """An agency's own lines win over the common ones for its files only."""
    cmap = ColumnMap({"noi dung": "content"}, {"Sở Y tế": {"noi dung": "ignore"}})
    assert cmap.for_agency("Sở Y tế") == {"noi dung": "ignore"}
    assert cmap.for_agency("Sở Tài chính") == {"noi dung": "content"}
    assert cmap and not ColumnMap()


@pytest.mark.parametrize(
    ("value", "kind"),
    [(dt.date(2021, 6, 30), "date"), (44377, "date"), ("30/6/2021", "date"), ("42/QĐ-UBND", "docid"),
     ("Kế hoạch số 26/KH-UBND ngày 15/01/2021", "docid"), ("Kiện toàn mạng lưới y tế cơ sở", "text"),
     ("HT", "other"), (3, "other")],
)
def test_value_kind(value: object, kind: str) -> None:
    """What a cell holds, for telling two readings of a column apart."""
    assert value_kind(value) == kind


def test_break_ties_only_when_the_values_decide() -> None:
    """A tie at a column's top goes to the field its values fit; mixed values leave it."""
    tie = {"content": r(3), "source_text": r(3)}
    assert break_ties(tie, ["text", "text", "other"])["content"].score == 3.25
    assert break_ties(tie, ["docid", "docid"])["source_text"].score == 3.25
    assert break_ties(tie, ["text", "docid"]) == tie
