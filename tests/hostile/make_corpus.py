"""Build the hostile corpus: broken, strange and malicious workbooks, each explained.

Nothing here is a committed binary: every file is made from a small valid workbook
by a named transformation. `python tests/hostile/make_corpus.py DIR` writes them all.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import sys
import zipfile
from collections.abc import Callable
from pathlib import Path

import openpyxl

TOKEN = "ZZSECRETZZ"  # planted in secret tasks' content; must never appear in any output
HEADER = ["STT", "Số, ký hiệu", "Ngày ban hành", "Nội dung nhiệm vụ", "Cơ quan chủ trì", "Thời hạn",
          "Tình hình thực hiện", "Ngày hoàn thành", "Độ mật"]


def good_rows(month: int = 6) -> list[list[object]]:
    """A clean little submission of Sở Y tế: three tasks, one of them secret."""
    return [
        ["SỞ Y TẾ"],
        [f"BÁO CÁO TÌNH HÌNH THỰC HIỆN NHIỆM VỤ THÁNG {month} NĂM 2021"],
        HEADER,
        [1, "42/QĐ-UBND", dt.date(2021, 1, 12), "Kiện toàn mạng lưới y tế cơ sở", "Sở Y tế",
         dt.date(2021, 6, 30), "Đang thực hiện", None, None],
        [2, "15/QĐ-UBND", dt.date(2021, 2, 1), f"Phương án {TOKEN} phòng chống dịch", "Sở Y tế",
         dt.date(2021, 5, 31), "Đang thực hiện", None, "Mật"],
        [3, "2515/UBND-KTTH", dt.date(2021, 5, 24), "Báo cáo công tác tiêm chủng", "Sở Y tế",
         dt.date(2021, 6, 15), "Hoàn thành", dt.date(2021, 6, 10), None],
    ]


def workbook_bytes(sheets: dict[str, list[list[object]]], hidden: tuple[str, ...] = ()) -> bytes:
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for name, rows in sheets.items():
        ws = wb.create_sheet(name)
        for row in rows:
            ws.append(row)
        if name in hidden:
            ws.sheet_state = "hidden"
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def rewrite_zip(data: bytes, change: Callable[[str, bytes], bytes | None],
                extra: dict[str, bytes] | None = None) -> bytes:
    """A copy of a zip with each part passed through `change` (None drops it), plus extra parts."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as zin, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout:
        for item in zin.infolist():
            new = change(item.filename, zin.read(item.filename))
            if new is not None:
                zout.writestr(item.filename, new)
        for name, payload in (extra or {}).items():
            zout.writestr(name, payload)
    return out.getvalue()


def _sheet_xml(change: Callable[[bytes], bytes]) -> Callable[[str, bytes], bytes]:
    return lambda name, b: change(b) if name.startswith("xl/worksheets/sheet") else b


LAUGHS = (b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
          + b"".join(b'<!ENTITY lol%d "%s">' % (i, (b"&lol%d;" % (i - 1) if i > 1 else b"&lol;") * 10)
                     for i in range(1, 10))
          + b']><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="1" '
            b'uniqueCount="1"><si><t>&lol9;</t></si></sst>')


def corpus() -> dict[str, bytes]:
    """File name -> bytes, for every case of the hostile corpus."""
    good = workbook_bytes({"BC": good_rows()})
    dup_header = [*good_rows()[:2], [*HEADER[:6], "Thời hạn", *HEADER[7:]], *good_rows()[3:]]
    formulas = [*good_rows()[:3], [1, "42/QĐ-UBND", "=B2", "=D9&\"x\"", "Sở Y tế", "=TODAY()", "=G1", None, None]]
    odd = [*good_rows()[:3],
           [1, "42/QĐ-UBND", dt.date(2021, 1, 12), "Nội CTRL1 dung CTRL7 có ký tự điều khiển", "Sở Y tế",
            dt.date(2021, 6, 30), "Đang thực hiện", None, None],
           [2, "42/QĐ-UBND", dt.date(2021, 1, 12), "Dài " + "rất dài " * 3750, "Sở Y tế",
            dt.date(2021, 6, 30), "Đang thực hiện", None, None],
           [3, "42/QĐ-UBND", "01/01/1900", "Ngày năm 1900", "Sở Y tế", "31/12/9999", "Đang thực hiện", None, None],
           [4, "42/QĐ-UBND", -5, "Số ngày âm", "Sở Y tế", 2958466, "Đang thực hiện", None, None]]
    return {
        "good.xlsx": good,
        "truncated.xlsx": good[: len(good) // 2],
        "corrupt-part.xlsx": rewrite_zip(good, _sheet_xml(lambda b: b"<worksheet><sheetData><row r=")),
        "not-excel.xlsx": b"This is a letter, not a workbook.\n" * 20,
        "empty.xlsx": b"",
        # An encrypted .xlsx is an OLE compound file (EncryptedPackage); its header is enough.
        "password.xlsx": bytes.fromhex("d0cf11e0a1b11ae1") + b"\0" * 504,
        "macros.xlsm": rewrite_zip(good, lambda n, b: b, {"xl/vbaProject.bin": b"Attribute VB_Name = 1\n" * 50}),
        "no-task-table.xlsx": workbook_bytes({"Tổng hợp": [["Văn bản", "Tổng số"], ["42/QĐ-UBND", 53]]}),
        "duplicate-header.xlsx": workbook_bytes({"BC": dup_header}),
        "huge-dimension.xlsx": rewrite_zip(good, _sheet_xml(
            lambda b: re.sub(rb'<dimension ref="[^"]*"/>', b'<dimension ref="A1:XFD1048576"/>', b))),
        "far-cell.xlsx": rewrite_zip(good, _sheet_xml(lambda b: b.replace(
            b"</sheetData>", b'<row r="1048576"><c r="XFD1048576" t="inlineStr"><is><t>x</t></is></c></row></sheetData>'))),
        "formulas-no-cache.xlsx": workbook_bytes({"BC": formulas}),
        "hidden-sheet.xlsx": workbook_bytes({"BC": good_rows(), "Cũ": good_rows(5)}, hidden=("Cũ",)),
        # Control characters are written the way Excel stores them in XML (_x0001_).
        "odd-cells.xlsx": rewrite_zip(workbook_bytes({"BC": odd}), lambda n, b: b.replace(
            b"CTRL1", b"_x0001_").replace(b"CTRL7", b"_x0007_\x0b")),
        "zip-bomb.xlsx": rewrite_zip(good, lambda n, b: b, {"xl/media/image1.bin": b"\0" * (64 << 20)}),
        "billion-laughs.xlsx": rewrite_zip(good, lambda n, b: b, {"xl/sharedStrings.xml": LAUGHS}),
        "billion-laughs-sheet.xlsx": rewrite_zip(good, _sheet_xml(lambda b: re.sub(
            rb"(<\?xml[^>]*\?>)?", lambda m: (m.group(0) or b"") + LAUGHS[21:LAUGHS.index(b"]>") + 2], b, count=1))),
    }


def write_corpus(folder: Path) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for name, data in corpus().items():
        path = folder / name
        path.write_bytes(data)
        paths.append(path)
    return paths


if __name__ == "__main__":
    for p in write_corpus(Path(sys.argv[1] if len(sys.argv) > 1 else "out/hostile")):
        print(p)
