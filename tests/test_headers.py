"""Finding the task table: header rows, merged group headers, aliases."""

from __future__ import annotations

import pytest

from taskrollup.headers import (
    classify_column,
    find_header,
    is_column_number_row,
    likely_header_rows,
)
from taskrollup.text import fold


def path(*labels: str) -> list[str]:
    return [fold(label) for label in labels]


@pytest.mark.parametrize(
    ("labels", "expected"),
    [
        (("STT",), "stt"),
        (("Số, ký hiệu văn bản",), "source_id"),
        (("Số/ký hiệu",), "source_id"),
        (("So ky hieu VB",), "source_id"),
        (("Văn bản giao nhiệm vụ", "Số, ký hiệu"), "source_id"),
        (("Văn bản giao nhiệm vụ", "Ngày ban hành"), "assigned_on"),
        (("Văn bản giao nhiệm vụ", "Ngày"), "assigned_on"),
        (("Văn bản giao nhiệm vụ",), "source_text"),
        (("Ngay ban hanh",), "assigned_on"),
        (("Ngày giao",), "assigned_on"),
        (("Nội dung nhiệm vụ",), "content"),
        (("Trích yếu nội dung",), "content"),
        (("Noi dung nhiem vu",), "content"),
        (("Nhiệm vụ",), "content"),
        (("Cơ quan chủ trì",), "agency"),
        (("Đơn vị chủ trì",), "agency"),
        (("Don vi chu tri",), "agency"),
        (("Cơ quan, đơn vị chủ trì",), "agency"),
        (("Cơ quan phối hợp",), "coordinators"),
        (("Thời hạn",), "deadline"),
        (("Hạn hoàn thành",), "deadline"),
        (("Thời hạn hoàn thành",), "deadline"),
        (("Han hoan thanh",), "deadline"),
        (("Gia hạn đến",), "extended_deadline"),
        (("Thời hạn điều chỉnh",), "extended_deadline"),
        (("Tình hình thực hiện",), "status"),
        (("Tình trạng",), "status"),
        (("Tinh trang",), "status"),
        (("Kết quả thực hiện",), "status"),
        (("Ngày hoàn thành",), "completed_on"),
        (("Ngay hoan thanh",), "completed_on"),
        (("Độ mật",), "secret"),
        (("Mật",), "secret"),
        (("Ghi chú",), "note"),
        (("Tình hình thực hiện", "Đã hoàn thành"), "tick_done"),
        (("Tình hình thực hiện", "Chưa hoàn thành"), "tick_not_done"),
        (("Tình hình thực hiện", "Đã hoàn thành", "Đúng hạn"), "tick_done_on_time"),
        (("Tình hình thực hiện", "Đã hoàn thành", "Quá hạn"), "tick_done_late"),
        (("Tình hình thực hiện", "Chưa hoàn thành", "Trong hạn"), "tick_not_done_in_time"),
        (("Tình hình thực hiện", "Chưa hoàn thành", "Quá hạn"), "tick_not_done_overdue"),
        (("Dừng thực hiện",), "tick_cancelled"),
        (("Xin gia hạn",), "tick_extension_requested"),
        (("Người lập biểu",), None),
    ],
)
def test_header_aliases(labels: tuple[str, ...], expected: str | None) -> None:
    """Each header spelling, alone or under its group header, names its field."""
    assert classify_column(path(*labels)) == expected


def test_find_header_merged_two_rows() -> None:
    """A header merged over two rows under a title block is found, the number row skipped."""
    from tests.conftest import OFFICIAL_MERGES, OFFICIAL_ROWS

    grid = [list(r) + [None] * (9 - len(r)) for r in OFFICIAL_ROWS]
    merges = []
    for rng in OFFICIAL_MERGES:
        a, b = rng.split(":")
        merges.append((int(a[1:]) - 1, ord(a[0]) - 65, int(b[1:]) - 1, ord(b[0]) - 65))
    header = find_header(grid, merges)
    assert header is not None
    assert (header.first_row, header.last_row, header.data_row) == (4, 5, 7)
    assert header.columns == {
        "stt": 0, "source_id": 1, "assigned_on": 2, "content": 3, "agency": 4, "deadline": 5,
        "status": 6, "completed_on": 7, "secret": 8,
    }


def test_find_header_group_without_merge_records() -> None:
    """A group header spans its sub-headers even when the file records no merge."""
    grid = [
        ["BÁO CÁO THÁNG 3/2021", None, None, None, None],
        ["TT", "Văn bản", None, "Nội dung", "Tình hình thực hiện"],
        [None, "Số", "Ngày", None, None],
        [1, "26/KH-UBND", "15/01/2021", "Việc A", "HT"],
    ]
    header = find_header(grid)
    assert header is not None
    assert header.columns["source_id"] == 1
    assert header.columns["assigned_on"] == 2
    assert header.columns["status"] == 4
    assert header.data_row == 3


def test_three_row_tick_header() -> None:
    """Tick columns under 'Đã hoàn thành'/'Chưa hoàn thành' over timing sub-columns."""
    grid = [
        ["STT", "Văn bản giao nhiệm vụ", "Nội dung", "Tình hình thực hiện", None, None, None],
        [None, None, None, "Đã hoàn thành", None, "Chưa hoàn thành", None],
        [None, None, None, "Đúng hạn", "Quá hạn", "Trong hạn", "Quá hạn"],
        [1, "Kế hoạch số 26/KH-UBND ngày 15/01/2021", "Việc A", "x", None, None, None],
    ]
    merges = [(0, 0, 2, 0), (0, 1, 2, 1), (0, 2, 2, 2), (0, 3, 0, 6), (1, 3, 1, 4), (1, 5, 1, 6)]
    header = find_header(grid, merges)
    assert header is not None
    assert header.columns == {
        "stt": 0, "source_text": 1, "content": 2, "tick_done_on_time": 3, "tick_done_late": 4,
        "tick_not_done_in_time": 5, "tick_not_done_overdue": 6,
    }
    assert header.data_row == 3


def test_summary_sheet_is_not_a_task_table() -> None:
    """A sheet of counts per document has no content column: no task table."""
    grid = [
        ["TỔNG HỢP"],
        ["Văn bản", "Tổng số", "Đã hoàn thành", "Chưa hoàn thành"],
        ["42/QĐ-UBND", 53, 36, 17],
    ]
    header = find_header(grid)
    assert header is None or not header.is_task_table


@pytest.mark.parametrize(
    ("row", "expected"),
    [
        (["(1)", "(2)", "(3)", "(4)"], True),
        ([1, 2, 3, 4, 5], True),
        (["1", "2", "3=4+5"], True),
        (["1", "42/QĐ-UBND", "Việc A"], False),
        (["(1)", None], False),
    ],
)
def test_column_number_row(row: list[object], expected: bool) -> None:
    """'(1) (2) (3)' under a header is recognised; a data row is not."""
    assert is_column_number_row(row) is expected


def test_vertically_merged_header_then_number_row() -> None:
    """A one-row header merged down over two rows, then '(1) (2) (3)': data starts after both."""
    grid = [
        ["STT", "Nội dung nhiệm vụ", "Thời hạn", "Tình hình thực hiện"],
        [None, None, None, None],
        ["(1)", "(2)", "(3)", "(4)"],
        [1, "Việc A", "30/6/2021", "HT"],
    ]
    merges = [(0, c, 1, c) for c in range(4)]
    header = find_header(grid, merges)
    assert header is not None and header.data_row == 3


def test_two_columns_alike_for_one_field_are_contested() -> None:
    """Two columns whose best reading is the content, alike: contested, never a silent pick."""
    grid = [["STT", "Nội dung", "Thời hạn", "Nội dung công việc"], [1, "Việc A", "30/6/2021", "x"]]
    header = find_header(grid)
    assert header is not None and header.contested == {"content": [3, 1]}


def test_a_plainly_weaker_column_is_left_unread() -> None:
    """A column far below another for the same field is left unread, and said so."""
    grid = [["STT", "Trích yếu nội dung nhiệm vụ", "Thời hạn", "Việc"], [1, "Việc A", "30/6/2021", "x"]]
    header = find_header(grid)
    assert header is not None and header.columns["content"] == 1
    assert header.unread == {3: "content"} and not header.contested


def test_the_office_mapping_wins_and_is_reported() -> None:
    """A mapped header reads as its field whatever its words; the key is reported as used."""
    grid = [["STT", "Tóm tắt", "Thời hạn", "Ghi chú"], [1, "Việc A", "30/6/2021", ""]]
    assert find_header(grid) is None
    header = find_header(grid, mapping={"tom tat": "content", "ghi chu": "ignore"})
    assert header is not None and header.columns == {"stt": 0, "content": 1, "deadline": 2}
    assert header.reasons[1] == "from taskrollup.toml" and header.reasons[2] == "words: thoi, han"
    assert header.mapped == {"tom tat", "ghi chu"}


def test_likely_header_rows_leave_out_rows_of_values() -> None:
    """The rows shown for a sheet without a table are header-like, never rows of values."""
    grid = [["BÁO CÁO"], ["STT", "Tóm tắt", "Thời hạn", "Tình trạng"],
            [1, "Việc bí mật", "30/6/2021", "Đang thực hiện"], [2, "Việc", 44377, "Hoàn thành"]]
    assert likely_header_rows(grid) == [(1, {"stt": 0, "deadline": 2, "status": 3})]


def test_a_tie_within_a_column_is_broken_by_its_values() -> None:
    """'Trích yếu, căn cứ' names the content and the document alike: long free text under it
    reads as the content; document numbers make it the document (and the sheet has no content)."""
    head = ["STT", "Trích yếu, căn cứ", "Thời hạn", "Tình trạng"]
    texts = ["Kiện toàn mạng lưới y tế cơ sở trên địa bàn", "Báo cáo công tác tiêm chủng mở rộng"]
    header = find_header([head] + [[i, v, "30/6/2021", "HT"] for i, v in enumerate(texts)])
    assert header is not None and header.columns["content"] == 1
    docs = ["Kế hoạch số 26/KH-UBND ngày 15/01/2021", "Quyết định số 42/QĐ-UBND"]
    header = find_header([head] + [[i, v, "30/6/2021", "HT"] for i, v in enumerate(docs)])
    assert header is not None and header.columns["source_text"] == 1 and not header.is_task_table
