"""Reading workbooks: grids, merged ranges and hidden flags as calamine reads them from the file."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

from taskrollup.reader import read_workbook
from tests.conftest import MOVED_SHEET_NAMES, sheet_moved, write_workbook
from tests.hostile.make_corpus import good_rows, rewrite_zip, workbook_bytes

Grid = tuple[str, list[list[object]], list[tuple[int, int, int, int]]]


def _read(path: Path) -> list[Grid]:
    return [(s.name, s.rows, sorted(s.merges)) for s in read_workbook(path).sheets]


def _prefixed(data: bytes) -> bytes:
    """The same workbook with every sheet written under an `x:` namespace prefix."""
    def prefix(name: str, part: bytes) -> bytes:
        if not name.startswith("xl/worksheets/"):
            return part
        part = re.sub(rb"<(/?)(?!\?)([A-Za-z])", rb"<\1x:\2", part)
        return part.replace(b'xmlns="', b'xmlns:x="', 1)

    return rewrite_zip(data, prefix)


@pytest.mark.parametrize("prefixed", [False, True])
def test_cells_and_merged_ranges_are_read(tmp_path: Path, prefixed: bool) -> None:
    """A title block of merged cells, a two-row header merged down, dates, numbers, and a
    second sheet with no merges come back cell for cell and range for range, also when the
    sheets are written with a namespace prefix."""
    rows = [["SỞ Y TẾ", None, None, None], ["BÁO CÁO THÁNG 6 NĂM 2021", None, None, None],
            ["STT", "Nội dung", "Thời hạn", None], [None, None, "Ngày", "Gia hạn"],
            [1, "Kiện toàn mạng lưới", dt.date(2021, 6, 30), 2.5], [2, "Tiêm chủng", "30/6/2021", None]]
    path = write_workbook(tmp_path / "m.xlsx", {"BC": rows, "Khác": [["a", 1], ["b", 2]]},
                          {"BC": ["A1:D1", "A2:D2", "A3:A4", "B3:B4", "C3:D3"]})
    if prefixed:
        path.write_bytes(_prefixed(path.read_bytes()))
    assert _read(path) == [
        ("BC", [["SỞ Y TẾ", "", "", ""], ["BÁO CÁO THÁNG 6 NĂM 2021", "", "", ""],
                ["STT", "Nội dung", "Thời hạn", ""], ["", "", "Ngày", "Gia hạn"],
                [1.0, "Kiện toàn mạng lưới", dt.date(2021, 6, 30), 2.5], [2.0, "Tiêm chủng", "30/6/2021", ""]],
         [(0, 0, 0, 3), (1, 0, 1, 3), (2, 0, 3, 0), (2, 1, 3, 1), (2, 2, 2, 3)]),
        ("Khác", [["a", 1.0], ["b", 2.0]], []),
    ]


def test_a_hidden_sheet_is_read_and_flagged(tmp_path: Path) -> None:
    """A hidden sheet comes back with its cells, flagged hidden; the visible one is not."""
    path = tmp_path / "h.xlsx"
    path.write_bytes(workbook_bytes({"BC": good_rows(), "Cũ": good_rows(5)}, hidden=("Cũ",)))
    sheets = read_workbook(path).sheets
    assert [(s.name, s.hidden) for s in sheets] == [("BC", False), ("Cũ", True)]
    assert sheets[1].rows[1][0] == "BÁO CÁO TÌNH HÌNH THỰC HIỆN NHIỆM VỤ THÁNG 5 NĂM 2021"


@pytest.mark.parametrize("new_name", MOVED_SHEET_NAMES)
def test_a_sheet_under_another_name_is_read(tmp_path: Path, new_name: str) -> None:
    """Sheet parts named in capitals, without an extension, in another folder, or as an image
    or a binary: the sheet the workbook points to is read with its cells and merges."""
    assert _read(sheet_moved(tmp_path, new_name)) == [
        ("BC", [["SỞ Y TẾ", ""], ["STT", "Nội dung"], [1.0, "Việc"]], [(0, 0, 0, 1)])]
