"""Which rows of a sheet are tasks: sections, subtotals, blanks, signatures skipped."""

from __future__ import annotations

import datetime as dt
from unittest import mock

from hypothesis import event, given, settings
from hypothesis import strategies as st

from taskrollup import extract
from taskrollup.extract import extract_table
from tests.conftest import OFFICIAL_MERGES, OFFICIAL_ROWS


def _merges() -> list[tuple[int, int, int, int]]:
    out = []
    for rng in OFFICIAL_MERGES:
        a, b = rng.split(":")
        out.append((int(a[1:]) - 1, ord(a[0]) - 65, int(b[1:]) - 1, ord(b[0]) - 65))
    return out


def test_official_layout_rows() -> None:
    """Five task rows; sections, subtotals, blank and signature rows skipped and counted."""
    table = extract_table("Sheet", OFFICIAL_ROWS, _merges())
    assert table is not None
    assert [r["row"] for r in table.records] == [9, 10, 13, 14, 15]
    assert table.skipped["section"] == 2
    assert table.skipped["subtotal"] == 2
    assert table.skipped["signature"] == 3
    assert table.skipped["blank"] == 1


def test_title_block_is_kept_for_month_and_agency() -> None:
    """The texts above the header are the title block."""
    table = extract_table("Sheet", OFFICIAL_ROWS, _merges())
    assert table is not None
    assert "SỞ TÀI CHÍNH" in table.title
    assert any("THÁNG 6 NĂM 2021" in t for t in table.title)


def test_section_row_gives_the_source_to_rows_without_one() -> None:
    """Rows under 'I. Nhiệm vụ giao tại Quyết định số 42/QĐ-UBND' carry that document."""
    grid = [
        ["STT", "Nội dung nhiệm vụ", "Thời hạn", "Tình trạng"],
        ["I", "Nhiệm vụ giao tại Quyết định số 42/QĐ-UBND ngày 12/01/2021", None, None],
        [1, "Việc A", "30/6/2021", "HT"],
        ["II", "Nhiệm vụ giao tại Kế hoạch số 26/KH-UBND ngày 15/01/2021", None, None],
        [1, "Việc B", "30/6/2021", "Chưa HT"],
        ["III", "Nhiệm vụ khác", None, None],
        [1, "Việc C", "30/6/2021", "HT"],
    ]
    table = extract_table("S", grid)
    assert table is not None
    docs = [r["context_doc"] for r in table.records]
    assert docs[0].id == "42/QĐ-UBND" and str(docs[0].issued_on) == "2021-01-12"
    assert docs[1].id == "26/KH-UBND"
    assert docs[2] is None


def test_task_numbered_row_with_few_values_is_a_task() -> None:
    """A numbered row with content but an empty status is a task (with a problem later)."""
    grid = [
        ["STT", "Nội dung nhiệm vụ", "Thời hạn", "Tình trạng"],
        [1, "Kế hoạch triển khai chuyển đổi số", None, None],
    ]
    table = extract_table("S", grid)
    assert table is not None and len(table.records) == 1


def test_no_task_table() -> None:
    """A sheet of free text has no task table."""
    assert extract_table("S", [["Ghi chú"], ["Không có số liệu"]]) is None


def test_numeric_column_number_row_is_not_a_task() -> None:
    """'1 2 3 4 5' under the header is a column-number row even though it starts with a number."""
    grid = [
        ["STT", "Nội dung nhiệm vụ", "Thời hạn", "Tình trạng", "Ghi chú"],
        [1, 2, 3, 4, 5],
        [1, "Xây dựng kế hoạch năm 2021", "30/6/2021", "HT", "x"],
    ]
    table = extract_table("S", grid)
    assert table is not None and [r["row"] for r in table.records] == [3]


def test_row_shorter_than_the_number_column_is_classified() -> None:
    """A row that ends before the STT column (found by the fuzzer) is read, not an IndexError."""
    from taskrollup.extract import classify_row
    from taskrollup.headers import TableHeader

    header = TableHeader(0, 0, 1, columns={"stt": 5, "content": 4, "deadline": 3})
    assert classify_row(["a", "b", "c", "30/6/2021", "Kiểm tra công tác phòng cháy chữa cháy"], header) == "task"
    assert classify_row(["", "", "", "", ""], header) == "blank"


# The shortcut that takes plainly numbered task rows without reading each cell as text
# must choose exactly what `classify_row` would: compared on generated sheets.
_HEADER = ["STT", "Nội dung nhiệm vụ", "Số văn bản", "Thời hạn", "Tình trạng", "Ghi chú", "Đơn vị"]
_CELLS = st.one_of(
    st.sampled_from(["", " ", "\t", None, True, False, "x", "HT", "Chưa HT", "30/6/2021", "I.",
                     "1.2.", "12", " 7 ", "-3", "Cộng", "Tổng cộng", "Người lập biểu", "Giám đốc",
                     "ngày 5 tháng 6 năm 2021", "Nhiệm vụ giao tại Quyết định số 42/QĐ-UBND",
                     "Xây dựng kế hoạch chuyển đổi số năm 2021", "   ngắn gọn thôi   "]),
    st.integers(-3, 3000), st.floats(-2, 3000), st.sampled_from([1.5, 2.25, float("nan"), float("inf"), 1e20, -0.0]),
    st.dates().map(lambda d: dt.datetime(d.year, d.month, d.day)),
)


# Mostly rows the shortcut may take (a number, a long content, values), now and then a
# cell that makes it step aside for the whole sheet (a bool, a whitespace-only text).
_STT = st.one_of(st.integers(-3, 3000), st.floats(-2, 3000), st.sampled_from(["12", " 7 ", "1.2.", "I", "-3", "a", -1.0, -0.0, 2.5]))
_CONTENT = st.sampled_from(["Xây dựng kế hoạch chuyển đổi số năm 2021", "   ngắn gọn thôi   ", "Cộng",
                            "Tổng cộng các nhiệm vụ quý", "Tổng cộng", "Người lập biểu", "a" * 13, " " + "b" * 12 + " "])
_VALUE = st.sampled_from(["", "x", "HT", "Chưa HT", "30/6/2021", "42/QĐ-UBND", None, 5.0])
_ROW = st.tuples(_STT, _CONTENT, st.lists(_VALUE, min_size=0, max_size=len(_HEADER) - 1)).map(
    lambda parts: [parts[0], parts[1], *parts[2]])
_ODD_ROW = st.lists(_CELLS, min_size=0, max_size=len(_HEADER) + 1)


@settings(max_examples=300, deadline=None)
@given(st.lists(_ROW, min_size=1, max_size=25), st.lists(_ODD_ROW, max_size=1), st.integers(0, 25))
def test_quick_task_rows_agree_with_classify_row(rows: list[list[object]], odd: list[list[object]],
                                                 at: int) -> None:
    """Rows taken by the shortcut, and everything skipped, are those of the row-by-row path."""
    body = rows[:at] + odd + rows[at:]
    grid = [list(_HEADER), *body]
    fast = extract_table("S", grid)
    with mock.patch.object(extract, "_quick_tasks", lambda rows, header: [False] * len(rows)):
        slow = extract_table("S", grid)
    assert fast is not None and slow is not None
    event(f"rows taken by the shortcut: {min(sum(extract._quick_tasks(body, fast.header)), 3)}+")
    assert (fast.numbers, fast.rows, fast.contexts, fast.skipped) == \
        (slow.numbers, slow.rows, slow.contexts, slow.skipped)


def test_quick_task_rows_taken_by_hand() -> None:
    """Worked by hand: rows 2 and 4 are plainly numbered tasks; row 3 has only four values
    (the spaces are blank), row 5 a negative number, row 6 a content of 12 characters."""
    content = "Xây dựng kế hoạch chuyển đổi số"
    body = [
        [1.0, content, "42/QĐ-UBND", "30/6/2021", "HT", "", ""],
        [2.0, content, "42/QĐ-UBND", "   ", "HT", "", ""],
        ["3", content, "42/QĐ-UBND", "30/6/2021", "HT", "x", ""],
        [-4.0, content, "42/QĐ-UBND", "30/6/2021", "HT", "", ""],
        [5, "  " + "a" * 12 + "  ", "42/QĐ-UBND", "30/6/2021", "HT", "", ""],
    ]
    header = extract_table("S", [list(_HEADER), *body]).header  # type: ignore[union-attr]
    assert extract._quick_tasks(body, header) == [False] * 5  # a whitespace-only cell: none decided here
    body[1][3] = ""
    assert extract._quick_tasks(body, header) == [True, False, True, False, False]
    body[2][6] = True  # a bool is blank as text: with one in the sheet, none decided here
    assert extract._quick_tasks(body, header) == [False] * 5
