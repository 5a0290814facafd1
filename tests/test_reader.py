"""The reader's repacked copy of an .xlsx: the same cells and merged ranges as calamine reading
the file itself, each sheet's merged-cell list moved to the front so calamine stops early."""

from __future__ import annotations

import datetime as dt
import io
import os
import re
import warnings
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from python_calamine import CalamineWorkbook

from taskrollup import reader
from taskrollup.errors import InputFileError
from taskrollup.reader import Limits, _merges_first, checked_zip, read_workbook
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
    HEAD + CELLS + b"<!-- " + MERGES + b" -->" + TAIL,  # a list in a comment is no list
    HEAD + CELLS.replace(b"<t>a</t>", b"<t><![CDATA[a]]></t>") + MERGES + TAIL,
])
def test_what_it_cannot_be_sure_of_is_left_as_it_was(xml: bytes) -> None:
    """A merged-cell list not found where the schema puts it, or no worksheet: unchanged bytes
    (calamine then finds the merges the slow way, never loses them)."""
    assert _merges_first(xml) == xml


def test_a_quoted_greater_than_sign_does_not_end_the_root_tag() -> None:
    """'>' is legal inside an attribute value: the list goes after the whole root tag."""
    head = HEAD.replace(b'xmlns="urn:x"', b'xmlns="urn:x" note="a > b"')
    out = _merges_first(head + CELLS + MERGES + TAIL)
    root_end = head.index(b"<dimension")
    assert out == head[:root_end] + MERGES + head[root_end:] + CELLS + TAIL


def _calamine_itself(path: Path) -> list[tuple[str, list[list[object]], list[tuple[int, int, int, int]]]]:
    book = CalamineWorkbook.from_path(str(path))
    out = []
    for name in book.sheet_names:
        sheet = book.get_sheet_by_name(name)
        merges = sorted((r0, c0, r1, c1) for (r0, c0), (r1, c1) in sheet.merged_cell_ranges or [])
        out.append((name, sheet.to_python(skip_empty_area=False), merges))
    return out


def _ours(path: Path) -> list[tuple[str, list[list[object]], list[tuple[int, int, int, int]]]]:
    return [(s.name, s.rows, sorted(s.merges)) for s in read_workbook(path, from_file_on_failure=False).sheets]


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
    with zipfile.ZipFile(io.BytesIO(checked_zip(path) or b"")) as zf:
        assert {i.compress_type for i in zf.infolist()} == {zipfile.ZIP_STORED}
        assert "xl/vbaProject.bin" not in zf.namelist()
        sheet = zf.read("xl/worksheets/sheet1.xml")
    assert sheet.index(b"<mergeCells") < sheet.index(b"<sheetData")
    assert sheet.count(b"<mergeCell ") == 1


def _rewritten(path: Path, change: Callable[[str, bytes], tuple[str, bytes] | None]) -> Path:
    """A copy of the workbook with each part (name, bytes) passed through `change`."""
    out = path.with_name("changed-" + path.name)
    with zipfile.ZipFile(path) as zin, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout:
        for item in zin.infolist():
            new = change(item.filename, zin.read(item.filename))
            if new is not None:
                zout.writestr(*new)
    return out


def _merged_book(tmp_path: Path) -> Path:
    return write_workbook(tmp_path / "m.xlsx", {"BC": [["SỞ Y TẾ", None], ["STT", "Nội dung"], [1, "Việc"]]},
                          {"BC": ["A1:B1"]})


def _sheet_moved(tmp_path: Path, new_name: str, change: Callable[[bytes], bytes] = bytes) -> Path:
    """The merged book with its sheet stored as `new_name` (its XML passed through `change`),
    the workbook's relationships and content types pointing there."""
    target = new_name.removeprefix("xl/").encode()

    def move(name: str, data: bytes) -> tuple[str, bytes]:
        if name == "xl/worksheets/sheet1.xml":
            return new_name, change(data)
        if name in ("xl/_rels/workbook.xml.rels", "[Content_Types].xml"):
            data = data.replace(b"worksheets/sheet1.xml", target)
        return name, data

    return _rewritten(_merged_book(tmp_path), move)


@pytest.mark.parametrize("new_name", ["xl/worksheets/Sheet1.XML", "xl/worksheets/sheet1", "xl/data/sheet1.xml",
                                      "xl/data/sheet1.bin", "xl/media/sheet1.png"])
def test_a_sheet_under_another_name_reads_as_calamine_reads_it(tmp_path: Path, new_name: str) -> None:
    """Sheet parts named in capitals, without an extension, in another folder, or as an image
    or a binary: the sheet is found by its root element, checked and copied."""
    path = _sheet_moved(tmp_path, new_name)
    assert _ours(path) == _calamine_itself(path)
    assert _ours(path)[0][2] == [(0, 0, 0, 1)]
    with pytest.raises(InputFileError, match="reaches row 3"):  # its extent is checked too
        read_workbook(path, limits=Limits(max_rows=2))


def test_a_workbook_too_big_to_copy_is_read_from_its_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Above REPACK_MAX_BYTES unpacked, no copy is made (memory stays near what calamine
    needs): the file is checked, then read as it is, with the same cells and merges."""
    path = _merged_book(tmp_path)
    expected = _ours(path)
    monkeypatch.setattr(reader, "REPACK_MAX_BYTES", 1)
    assert checked_zip(path) is None
    assert _ours(path) == expected == _calamine_itself(path)
    with pytest.raises(InputFileError, match="reaches row 3"):
        read_workbook(path, limits=Limits(max_rows=2))


def test_a_copy_calamine_cannot_read_is_read_from_the_file_for_its_message(tmp_path: Path) -> None:
    """A damaged workbook.xml: the message is the one reading the file itself gives (a syntax
    error), not the copy's 'cannot detect file format'."""
    path = _rewritten(_merged_book(tmp_path), lambda n, b: (n, b[: len(b) // 2] if n == "xl/workbook.xml" else b))
    with pytest.raises(InputFileError, match="cannot read the workbook") as failed:
        read_workbook(path)
    assert "detect" not in str(failed.value).lower()


def _patched_headers(path: Path, part: str, offsets: tuple[int, int], value: bytes) -> Path:
    """The workbook with `value` written into the local and the central header of `part`
    (at `offsets` from each header's start)."""
    data = bytearray(path.read_bytes())
    name = part.encode()
    for magic, offset in zip((b"PK\x03\x04", b"PK\x01\x02"), offsets, strict=True):
        at = 0
        while (at := data.find(magic, at)) >= 0:
            fixed = 30 if magic == b"PK\x03\x04" else 46
            if data[at + fixed: at + fixed + len(name)] == name:
                data[at + offset: at + offset + len(value)] = value
            at += 4
    out = path.with_name("patched-" + path.name)
    out.write_bytes(bytes(data))
    return out


@pytest.mark.parametrize(("offsets", "value", "message"), [
    ((6, 8), b"\x01\x00", "cannot be unpacked"),  # the part flagged encrypted
    ((8, 10), b"\x09\x00", "cannot be unpacked"),  # deflate64, which zipfile cannot unpack
])
def test_a_part_zip_cannot_unpack_fails_alone(tmp_path: Path, offsets: tuple[int, int], value: bytes,
                                              message: str) -> None:
    """One clear error for the file, not a traceback that stops the run."""
    path = _patched_headers(_merged_book(tmp_path), "xl/worksheets/sheet1.xml", offsets, value)
    with pytest.raises(InputFileError, match=message):
        read_workbook(path)


def test_a_part_named_twice_is_read_once_without_warning(tmp_path: Path) -> None:
    """A sheet stored twice with different cells: the copy read is the one calamine reads from
    the file, and zipfile's duplicate-name warning is not printed."""
    path = _merged_book(tmp_path)
    with zipfile.ZipFile(path) as zf:
        sheet = zf.read("xl/worksheets/sheet1.xml")
    with zipfile.ZipFile(path, "a") as zf, warnings.catch_warnings():
        warnings.simplefilter("ignore")
        zf.writestr("xl/worksheets/sheet1.xml", sheet.replace("Việc".encode(), "Khác".encode()))
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert _ours(path) == _calamine_itself(path)


def test_a_zip_that_is_not_an_excel_workbook_is_left_to_calamine(tmp_path: Path) -> None:
    """No xl/workbook.xml (an OpenDocument file named .xlsx, say): no copy, which calamine
    would read by guessing its format; the file is read as it is, by the reader its name
    calls for, as before."""
    path = _rewritten(_merged_book(tmp_path), lambda n, b: None if n == "xl/workbook.xml" else (n, b))
    assert checked_zip(path) is None
    assert _ours(path) == _calamine_itself(path)


def test_a_damaged_part_calamine_never_reads_leaves_the_file_to_calamine(tmp_path: Path) -> None:
    """A wrong checksum in the theme (past the 4 KiB every part is checked over): the copy is given up, and the file reads as
    calamine reads it (it never opens that part)."""
    path = _patched_headers(_merged_book(tmp_path), "xl/theme/theme1.xml", (14, 16), b"\0\0\0\0")
    assert checked_zip(path) is None
    assert _ours(path) == _calamine_itself(path)


def test_only_the_parts_calamine_reads_count_toward_the_copy(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """An image's declared size does not push a workbook past REPACK_MAX_BYTES."""
    path = _merged_book(tmp_path)
    with zipfile.ZipFile(path) as zf:
        xml = sum(i.file_size for i in zf.infolist())
    with zipfile.ZipFile(path, "a") as zf:
        zf.writestr("xl/media/image1.png", os.urandom(2 << 20))
    monkeypatch.setattr(reader, "REPACK_MAX_BYTES", xml)
    assert checked_zip(path) is not None


def test_a_part_name_that_is_not_utf8_fails_alone(tmp_path: Path) -> None:
    """A name flagged UTF-8 that is not: one line for the file, no traceback."""
    path = _merged_book(tmp_path)
    with zipfile.ZipFile(path, "a") as zf:
        zf.writestr("é.xml", b"<x/>")
    path.write_bytes(path.read_bytes().replace("é.xml".encode(), b"\xff\xff.xml"))
    with pytest.raises(InputFileError, match="damaged"):
        read_workbook(path)


def test_images_are_not_checked_as_parts_the_reader_reads(tmp_path: Path) -> None:
    """An SVG declaring its DOCTYPE and an image with a wrong checksum: calamine never opens
    either, so the workbook reads as calamine reads it, copy and all."""
    path = _merged_book(tmp_path)
    with zipfile.ZipFile(path, "a") as zf:
        zf.writestr("xl/media/image1.png", os.urandom(1024))
        zf.writestr("xl/media/image2.svg", b'<?xml version="1.0"?><!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN"'
                                           b' "http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd"><svg/>')
    path = _patched_headers(path, "xl/media/image1.png", (14, 16), b"\0\0\0\0")
    assert checked_zip(path) is not None
    assert _ours(path) == _calamine_itself(path)


def test_a_sheet_whose_root_tag_runs_past_the_first_bytes_is_still_checked(tmp_path: Path) -> None:
    """Found by the start of its root element: a root tag longer than the 4 KiB looked at
    (a long attribute) does not hide a sheet kept outside xl/worksheets/ from the limits."""
    path = _sheet_moved(tmp_path, "xl/data/sheet1.xml", lambda b: b.replace(b"<worksheet ", b'<worksheet pad="' + b"x" * 5000 + b'" ', 1))
    assert _ours(path) == _calamine_itself(path)
    with pytest.raises(InputFileError, match="reaches row 3"):
        read_workbook(path, limits=Limits(max_rows=2))


def test_a_sheet_the_workbook_names_is_checked_whatever_comes_first(tmp_path: Path) -> None:
    """A sheet kept outside xl/worksheets/ whose root element comes after 5 KB of comment: the
    workbook's relationships name it a worksheet, so its extent is checked."""
    path = _sheet_moved(tmp_path, "xl/data/sheet1.xml", lambda b: b"<!--" + b"x" * 5000 + b"-->" + b)
    assert _ours(path) == _calamine_itself(path)
    with pytest.raises(InputFileError, match="reaches row 3"):
        read_workbook(path, limits=Limits(max_rows=2))
