"""The reader's repacked copy of an .xlsx: the same cells and merged ranges as calamine reading
the file itself, each sheet's merged-cell list moved to the front so calamine stops early."""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from pathlib import Path

import pytest
from python_calamine import CalamineWorkbook

from taskrollup.reader import _merges_first, read_workbook, repack
from tests.conftest import write_workbook

HEAD = b'<?xml version="1.0"?><worksheet xmlns="urn:x"><dimension ref="A1:C3"/>'
CELLS = b'<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>a</t></is></c></row></sheetData>'
MERGES = b'<mergeCells count="2"><mergeCell ref="A1:C1"/><mergeCell ref="A2:A3"/></mergeCells>'
TAIL = b'<pageMargins left="0.7"/></worksheet>'


def test_merge_list_moves_to_the_front() -> None:
    """The list is cut from after the cells and put right after the root tag; nothing else moves."""
    out = _merges_first(HEAD + CELLS + MERGES + TAIL)
    root_end = HEAD.index(b"<dimension")
    assert out == HEAD[:root_end] + MERGES + HEAD[root_end:] + CELLS + TAIL


def test_a_sheet_without_merges_gets_an_empty_list_first() -> None:
    """With nothing to move, an empty list in front stops calamine's search at once."""
    out = _merges_first(HEAD + CELLS + TAIL)
    root_end = HEAD.index(b"<dimension")
    assert out == HEAD[:root_end] + b"<mergeCells></mergeCells>" + HEAD[root_end:] + CELLS + TAIL


def test_prefixed_sheet_keeps_its_prefix() -> None:
    """A sheet written with a namespace prefix: the empty list carries the same prefix."""
    xml = b'<x:worksheet xmlns:x="urn:x"><x:sheetData/></x:worksheet>'
    assert _merges_first(xml) == b'<x:worksheet xmlns:x="urn:x"><x:mergeCells></x:mergeCells><x:sheetData/></x:worksheet>'


@pytest.mark.parametrize("xml", [
    HEAD + CELLS + TAIL.replace(b"<pageMargins", b"<!-- mergeCell --><pageMargins"),  # mentioned, not found
    b"<chartsheet><sheetPr/></chartsheet>",  # no worksheet element
    HEAD + CELLS + TAIL.replace(b"<pageMargins", MERGES.replace(b"</mergeCells>", b"") + b"<pageMargins"),
])
def test_what_it_cannot_be_sure_of_is_left_as_it_was(xml: bytes) -> None:
    """A merged-cell list not found where the schema puts it, or no worksheet: unchanged bytes
    (calamine then finds the merges the slow way, never loses them)."""
    assert _merges_first(xml) == xml


def _calamine_itself(path: Path) -> list[tuple[str, list[list[object]], list[tuple[int, int, int, int]]]]:
    book = CalamineWorkbook.from_path(str(path))
    out = []
    for name in book.sheet_names:
        sheet = book.get_sheet_by_name(name)
        merges = sorted((r0, c0, r1, c1) for (r0, c0), (r1, c1) in sheet.merged_cell_ranges or [])
        out.append((name, sheet.to_python(skip_empty_area=False), merges))
    return out


def _ours(path: Path) -> list[tuple[str, list[list[object]], list[tuple[int, int, int, int]]]]:
    return [(s.name, s.rows, sorted(s.merges)) for s in read_workbook(path).sheets]


def _prefixed(data: bytes) -> bytes:
    """The same workbook with every sheet written under an `x:` namespace prefix."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as zin, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout:
        for item in zin.infolist():
            part = zin.read(item.filename)
            if item.filename.startswith("xl/worksheets/"):
                part = re.sub(rb"<(/?)(?!\?)([A-Za-z])", rb"<\1x:\2", part)
                part = part.replace(b'xmlns="', b'xmlns:x="', 1)
            zout.writestr(item.filename, part)
    return out.getvalue()


@pytest.mark.parametrize("prefixed", [False, True])
def test_same_cells_and_merges_as_calamine_reading_the_file(tmp_path: Path, prefixed: bool) -> None:
    """A title block of merged cells, a two-row header merged down, dates, numbers, and a
    second sheet with no merges: cell for cell and range for range what calamine reads
    from the file itself."""
    rows = [["SỞ Y TẾ", None, None, None], ["BÁO CÁO THÁNG 6 NĂM 2021", None, None, None],
            ["STT", "Nội dung", "Thời hạn", None], [None, None, "Ngày", "Gia hạn"],
            [1, "Kiện toàn mạng lưới", dt.date(2021, 6, 30), 2.5], [2, "Tiêm chủng", "30/6/2021", None]]
    path = write_workbook(tmp_path / "m.xlsx", {"BC": rows, "Khác": [["a", 1], ["b", 2]]},
                          {"BC": ["A1:D1", "A2:D2", "A3:A4", "B3:B4", "C3:D3"]})
    if prefixed:
        path.write_bytes(_prefixed(path.read_bytes()))
    theirs = _calamine_itself(path)
    assert theirs[0][2] == [(0, 0, 0, 3), (1, 0, 1, 3), (2, 0, 3, 0), (2, 1, 3, 1), (2, 2, 2, 3)]
    assert _ours(path) == theirs


def test_repacked_copy_is_stored_with_the_merge_list_first(tmp_path: Path) -> None:
    """The copy calamine reads: parts stored, not compressed; the sheet's list at its start;
    parts that are not XML (macros here) left out."""
    path = write_workbook(tmp_path / "m.xlsx", {"BC": [["a", "b"], [1, 2]]}, {"BC": ["A1:B1"]})
    with zipfile.ZipFile(path, "a") as zf:
        zf.writestr("xl/vbaProject.bin", b"\0" * 100)
    with zipfile.ZipFile(io.BytesIO(repack(path))) as zf:
        assert {i.compress_type for i in zf.infolist()} == {zipfile.ZIP_STORED}
        assert "xl/vbaProject.bin" not in zf.namelist()
        sheet = zf.read("xl/worksheets/sheet1.xml")
    assert sheet.index(b"<mergeCells") < sheet.index(b"<sheetData")
    assert sheet.count(b"<mergeCell ") == 1
