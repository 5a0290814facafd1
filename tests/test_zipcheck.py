"""The zip policy: a hostile or damaged .xlsx refused before any parse, with one line saying
why; what calamine never opens let through."""

from __future__ import annotations

import os
import random
import zipfile
from pathlib import Path

import pytest

from taskrollup.errors import InputFileError
from taskrollup.zipcheck import Limits, check_zip
from tests.conftest import MOVED_SHEET_NAMES, merged_book, sheet_moved


@pytest.mark.parametrize("new_name", MOVED_SHEET_NAMES)
def test_a_sheet_under_another_name_is_extent_checked(tmp_path: Path, new_name: str) -> None:
    """Wherever the sheet is kept and whatever it is called, its extent is checked."""
    path = sheet_moved(tmp_path, new_name)
    check_zip(path)
    with pytest.raises(InputFileError, match="reaches row 3"):
        check_zip(path, Limits(max_rows=2))


def test_a_sheet_whose_root_tag_runs_past_the_first_bytes_is_still_checked(tmp_path: Path) -> None:
    """A root tag longer than the first 4 KiB looked at (a long attribute) does not hide a
    sheet kept outside xl/worksheets/ from the limits."""
    path = sheet_moved(tmp_path, "xl/data/sheet1.xml",
                       lambda b: b.replace(b"<worksheet ", b'<worksheet pad="' + b"x" * 5000 + b'" ', 1))
    with pytest.raises(InputFileError, match="reaches row 3"):
        check_zip(path, Limits(max_rows=2))


def test_a_sheet_the_workbook_names_is_checked_whatever_comes_first(tmp_path: Path) -> None:
    """A sheet kept outside xl/worksheets/ whose root element comes after 5 KB of comment: the
    workbook's relationships name it a worksheet, so its extent is checked."""
    path = sheet_moved(tmp_path, "xl/data/sheet1.xml", lambda b: b"<!--" + b"x" * 5000 + b"-->" + b)
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

    path = sheet_moved(tmp_path, "xl/worksheets/sheet1.xml", pad)
    with zipfile.ZipFile(path) as zf:
        assert zf.read("xl/worksheets/sheet1.xml").index(FAR_ROW) == (1 << 20) - split
    with pytest.raises(InputFileError, match="reaches row 1,048,576"):
        check_zip(path)


def test_entities_declared_after_a_long_comment_in_a_sheet_are_refused(tmp_path: Path) -> None:
    """A sheet is searched whole for entity declarations, not only its first bytes."""
    declared = b"<!--" + b"x" * 5000 + b'--><!DOCTYPE w [<!ENTITY a "a">]><worksheet'
    path = sheet_moved(tmp_path, "xl/worksheets/sheet1.xml", lambda b: b.replace(b"<worksheet", declared, 1))
    with pytest.raises(InputFileError, match="declares XML entities"):
        check_zip(path)


FAR = b'<c r="A300000" t="inlineStr"><is><t>x</t></is></c>'


@pytest.mark.parametrize(("at", "xml", "message"), [
    ("end", b"<row r='300000'>" + FAR.replace(b'"', b"'") + b"</row>", "reaches row 300,000"),
    ("end", b'<row r = "300000">' + FAR.replace(b"r=", b"r = ") + b"</row>", "reaches row 300,000"),
    ("end", b"<row>" + FAR + b"</row>", "reaches row 300,000"),
    ("end", b'<row\nr="300000">' + FAR.replace(b"<c r", b"<c\nr") + b"</row>", "reaches row 300,000"),
    ("end", b'<row r="300000">' + FAR.replace(b">x<", b">a row here<") + b"</row>", "reaches row 300,000"),
    ("start", b'<row r="300000">' + FAR + b"</row>", "reaches row 300,000"),
    ("end", b'<row r="9">' + FAR.replace(b"A300000", b"aaa9") + b"</row>", "reaches column 703"),
    ("end", b'<row r="9">' + FAR.replace(b"A300000", b"AAAA9") + b"</row>", "reaches column 18,279"),
], ids=["single quotes", "spaces around =", "row without reference", "line breaks", "'row ' in text after",
        "rows out of order", "lower case", "four letters"])
def test_every_row_and_cell_reference_counts(tmp_path: Path, at: str, xml: bytes, message: str) -> None:
    """A far cell is found however calamine would read it: single quotes, spaces around '=', a
    row without a reference, a line break before the attribute, 'row ' in the text after it,
    rows out of order, lower-case or four-letter columns."""
    def add(sheet: bytes) -> bytes:
        return sheet.replace(b"</sheetData>", xml + b"</sheetData>") if at == "end" else \
            sheet.replace(b"<sheetData>", b"<sheetData>" + xml)

    with pytest.raises(InputFileError, match=message):
        check_zip(sheet_moved(tmp_path, "xl/worksheets/sheet1.xml", add))


def test_an_attribute_whose_name_ends_in_r_is_no_reference(tmp_path: Path) -> None:
    """The page setup's firstPageNumber, which Excel may write as 4294967295, is not a row."""
    path = sheet_moved(tmp_path, "xl/worksheets/sheet1.xml", lambda b: b.replace(
        b"</worksheet>", b'<pageSetup firstPageNumber="4294967295" useFirstPageNumber="1"/></worksheet>'))
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
    path = _patched_headers(merged_book(tmp_path), "xl/worksheets/sheet1.xml", offsets, value)
    with pytest.raises(InputFileError, match=message):
        check_zip(path)


def test_a_part_name_that_is_not_utf8_fails_alone(tmp_path: Path) -> None:
    """A name flagged UTF-8 that is not: one line for the file, no traceback."""
    path = merged_book(tmp_path)
    with zipfile.ZipFile(path, "a") as zf:
        zf.writestr("é.xml", b"<x/>")
    path.write_bytes(path.read_bytes().replace("é.xml".encode(), b"\xff\xff.xml"))
    with pytest.raises(InputFileError, match="damaged"):
        check_zip(path)


def test_damage_past_the_first_bytes_of_a_part_calamine_never_reads_is_let_through(tmp_path: Path) -> None:
    """A wrong checksum in the theme, which is looked at only for its first 4 KiB and which
    calamine never opens: the workbook passes the checks."""
    check_zip(_patched_headers(merged_book(tmp_path), "xl/theme/theme1.xml", (14, 16), b"\0\0\0\0"))


def test_images_are_neither_entity_checked_nor_refused_for_damage(tmp_path: Path) -> None:
    """An SVG declaring its DOCTYPE and an image with a wrong checksum: calamine never opens
    either, so the workbook passes the checks."""
    path = merged_book(tmp_path)
    with zipfile.ZipFile(path, "a") as zf:
        zf.writestr("xl/media/image1.png", os.urandom(1024))
        zf.writestr("xl/media/image2.svg", b'<?xml version="1.0"?><!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN"'
                                           b' "http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd"><svg/>')
    check_zip(_patched_headers(path, "xl/media/image1.png", (14, 16), b"\0\0\0\0"))
