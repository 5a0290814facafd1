"""Which rows of a sheet are tasks: sections, subtotals, blanks, signatures skipped."""

from __future__ import annotations

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
