"""Reading workbooks: grids, merged ranges and hidden flags as calamine reads them from the file;
hostile or damaged zips refused before any parse, with one line saying why."""

from __future__ import annotations

import datetime as dt
import io
import os
import random
import re
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest

from taskrollup.errors import InputFileError
from taskrollup.reader import Limits, check_zip, read_workbook
from tests.conftest import write_workbook
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


def _merged_book(tmp_path: Path) -> Path:
    return write_workbook(tmp_path / "m.xlsx", {"BC": [["SỞ Y TẾ", None], ["STT", "Nội dung"], [1, "Việc"]]},
                          {"BC": ["A1:B1"]})


MERGED_BOOK = [("BC", [["SỞ Y TẾ", ""], ["STT", "Nội dung"], [1.0, "Việc"]], [(0, 0, 0, 1)])]


def _sheet_moved(tmp_path: Path, new_name: str, change: Callable[[bytes], bytes] = bytes) -> Path:
    """The merged book with its sheet stored as `new_name` (its XML passed through `change`),
    the workbook's relationships and content types pointing there."""
    data = _merged_book(tmp_path).read_bytes()
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        sheet = zf.read("xl/worksheets/sheet1.xml")
    target = new_name.removeprefix("xl/").encode()

    def point(name: str, part: bytes) -> bytes | None:
        if name == "xl/worksheets/sheet1.xml":
            return None
        if name in ("xl/_rels/workbook.xml.rels", "[Content_Types].xml"):
            return part.replace(b"worksheets/sheet1.xml", target)
        return part

    out = tmp_path / "moved.xlsx"
    out.write_bytes(rewrite_zip(data, point, {new_name: change(sheet)}))
    return out


SHEET_NAMES = ["xl/worksheets/Sheet1.XML", "xl/worksheets/sheet1", "xl/data/sheet1.xml", "xl/data/sheet1.bin",
               "xl/media/sheet1.png"]


@pytest.mark.parametrize("new_name", SHEET_NAMES)
def test_a_sheet_under_another_name_is_read(tmp_path: Path, new_name: str) -> None:
    """Sheet parts named in capitals, without an extension, in another folder, or as an image
    or a binary: the sheet the workbook points to is read with its cells and merges."""
    assert _read(_sheet_moved(tmp_path, new_name)) == MERGED_BOOK


# The zip checks


@pytest.mark.parametrize("new_name", SHEET_NAMES)
def test_a_sheet_under_another_name_is_extent_checked(tmp_path: Path, new_name: str) -> None:
    """Wherever the sheet is kept and whatever it is called, its extent is checked."""
    path = _sheet_moved(tmp_path, new_name)
    check_zip(path)
    with pytest.raises(InputFileError, match="reaches row 3"):
        check_zip(path, Limits(max_rows=2))


def test_a_sheet_whose_root_tag_runs_past_the_first_bytes_is_still_checked(tmp_path: Path) -> None:
    """A root tag longer than the first 4 KiB looked at (a long attribute) does not hide a
    sheet kept outside xl/worksheets/ from the limits."""
    path = _sheet_moved(tmp_path, "xl/data/sheet1.xml",
                        lambda b: b.replace(b"<worksheet ", b'<worksheet pad="' + b"x" * 5000 + b'" ', 1))
    with pytest.raises(InputFileError, match="reaches row 3"):
        check_zip(path, Limits(max_rows=2))


def test_a_sheet_the_workbook_names_is_checked_whatever_comes_first(tmp_path: Path) -> None:
    """A sheet kept outside xl/worksheets/ whose root element comes after 5 KB of comment: the
    workbook's relationships name it a worksheet, so its extent is checked."""
    path = _sheet_moved(tmp_path, "xl/data/sheet1.xml", lambda b: b"<!--" + b"x" * 5000 + b"-->" + b)
    with pytest.raises(InputFileError, match="reaches row 3"):
        check_zip(path, Limits(max_rows=2))


FAR_ROW = b'<row r="1048576"><c r="A1048576" t="inlineStr"><is><t>x</t></is></c></row>'


@pytest.mark.parametrize("split", [0, 1, 4, 12])
def test_a_far_row_across_the_first_mebibyte_is_found(tmp_path: Path, split: int) -> None:
    """A sheet of more than 1 MiB, unpacked a piece at a time: a far row whose tag straddles
    the 1 MiB mark, cut anywhere (before its '<', in its name, in its number), is found."""
    def pad(sheet: bytes) -> bytes:
        at = sheet.index(b"</sheetData>")
        gap = (1 << 20) - split - at - len(b"<!---->")  # a comment of random text up to the mark
        filler = random.Random(0).randbytes(gap // 2).hex().encode() + b" " * (gap % 2)
        return sheet[:at] + b"<!--" + filler + b"-->" + FAR_ROW + sheet[at:]

    path = _sheet_moved(tmp_path, "xl/worksheets/sheet1.xml", pad)
    with zipfile.ZipFile(path) as zf:
        assert zf.read("xl/worksheets/sheet1.xml").index(FAR_ROW) == (1 << 20) - split
    with pytest.raises(InputFileError, match="reaches row 1,048,576"):
        check_zip(path)


def test_entities_declared_after_a_long_comment_in_a_sheet_are_refused(tmp_path: Path) -> None:
    """A sheet is searched whole for entity declarations, not only its first bytes."""
    declared = b"<!--" + b"x" * 5000 + b'--><!DOCTYPE w [<!ENTITY a "a">]><worksheet'
    path = _sheet_moved(tmp_path, "xl/worksheets/sheet1.xml", lambda b: b.replace(b"<worksheet", declared, 1))
    with pytest.raises(InputFileError, match="declares XML entities"):
        check_zip(path)


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
    """An encrypted part or an unknown compression: one clear error for the file."""
    path = _patched_headers(_merged_book(tmp_path), "xl/worksheets/sheet1.xml", offsets, value)
    with pytest.raises(InputFileError, match=message):
        check_zip(path)


def test_a_part_name_that_is_not_utf8_fails_alone(tmp_path: Path) -> None:
    """A name flagged UTF-8 that is not: one line for the file, no traceback."""
    path = _merged_book(tmp_path)
    with zipfile.ZipFile(path, "a") as zf:
        zf.writestr("é.xml", b"<x/>")
    path.write_bytes(path.read_bytes().replace("é.xml".encode(), b"\xff\xff.xml"))
    with pytest.raises(InputFileError, match="damaged"):
        check_zip(path)


def test_damage_past_the_first_bytes_of_a_part_calamine_never_reads_is_let_through(tmp_path: Path) -> None:
    """A wrong checksum in the theme, which is looked at only for its first 4 KiB and which
    calamine never opens: the workbook passes the checks and reads."""
    path = _patched_headers(_merged_book(tmp_path), "xl/theme/theme1.xml", (14, 16), b"\0\0\0\0")
    check_zip(path)
    assert _read(path) == MERGED_BOOK


def test_images_are_neither_entity_checked_nor_refused_for_damage(tmp_path: Path) -> None:
    """An SVG declaring its DOCTYPE and an image with a wrong checksum: calamine never opens
    either, so the workbook passes the checks and reads."""
    path = _merged_book(tmp_path)
    with zipfile.ZipFile(path, "a") as zf:
        zf.writestr("xl/media/image1.png", os.urandom(1024))
        zf.writestr("xl/media/image2.svg", b'<?xml version="1.0"?><!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN"'
                                           b' "http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd"><svg/>')
    path = _patched_headers(path, "xl/media/image1.png", (14, 16), b"\0\0\0\0")
    check_zip(path)
    assert _read(path) == MERGED_BOOK
