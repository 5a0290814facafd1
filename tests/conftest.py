"""Shared fixtures: a registry, a temporary store, tiny workbooks built in the test."""

from __future__ import annotations

import datetime as dt
import io
import sys
import zipfile
from collections.abc import Callable, Sequence
from pathlib import Path

import openpyxl
import pytest

from taskrollup.registry import Registry, load_registry
from tests.hostile.make_corpus import rewrite_zip

Cell = object
Rows = Sequence[Sequence[Cell]]


@pytest.fixture(scope="session")
def registry() -> Registry:
    """The default Đắk Nông agency registry."""
    return load_registry()


@pytest.fixture
def db(tmp_path: Path) -> Path:
    """Path of a fresh store in a temporary folder."""
    return tmp_path / "store.db"


def write_workbook(path: Path, sheets: dict[str, Rows], merges: dict[str, list[str]] | None = None) -> Path:
    """Write rows to an .xlsx, one sheet per key; `merges` lists ranges like 'A5:A6'."""
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for name, rows in sheets.items():
        ws = wb.create_sheet(name)
        for row in rows:
            ws.append(list(row))
            for cell in ws[ws.max_row]:
                if isinstance(cell.value, str) and cell.value.startswith("="):
                    cell.data_type = "s"  # text that looks like a formula stays text
        for rng in (merges or {}).get(name, []):
            ws.merge_cells(rng)
    wb.save(path)
    return path


def merged_book(folder: Path) -> Path:
    """A one-sheet workbook ('BC', three rows, its title merged over A1:B1) in `folder`."""
    return write_workbook(folder / "m.xlsx", {"BC": [["SỞ Y TẾ", None], ["STT", "Nội dung"], [1, "Việc"]]},
                          {"BC": ["A1:B1"]})


def sheet_moved(folder: Path, new_name: str, change: Callable[[bytes], bytes] = bytes) -> Path:
    """`merged_book` with its sheet stored as `new_name` (its XML passed through `change`), the
    workbook's relationships and content types pointing there."""
    data = merged_book(folder).read_bytes()
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        sheet = zf.read("xl/worksheets/sheet1.xml")
    target = new_name.removeprefix("xl/").encode()

    def point(name: str, part: bytes) -> bytes | None:
        if name == "xl/worksheets/sheet1.xml":
            return None
        if name in ("xl/_rels/workbook.xml.rels", "[Content_Types].xml"):
            return part.replace(b"worksheets/sheet1.xml", target)
        return part

    out = folder / "moved.xlsx"
    out.write_bytes(rewrite_zip(data, point, {new_name: change(sheet)}))
    return out


# Sheet parts named in capitals, without an extension, in another folder, as a binary, as an image.
MOVED_SHEET_NAMES = ["xl/worksheets/Sheet1.XML", "xl/worksheets/sheet1", "xl/data/sheet1.xml",
                     "xl/data/sheet1.bin", "xl/media/sheet1.png"]


@pytest.fixture
def make_workbook(tmp_path: Path) -> Callable[..., Path]:
    """Build a small workbook in tmp_path: make_workbook('a.xlsx', {'Sheet': rows})."""

    def make(name: str, sheets: dict[str, Rows], merges: dict[str, list[str]] | None = None) -> Path:
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        return write_workbook(path, sheets, merges)

    return make


D = dt.date

# A small submission of Sở Tài chính for June 2021 in the usual official layout:
# title block, a two-row merged header, a column-number row, sections, a subtotal
# and a signature block. Five task rows.
OFFICIAL_ROWS: list[list[Cell]] = [
    ["UBND TỈNH ĐẮK NÔNG", None, None, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"],
    ["SỞ TÀI CHÍNH", None, None, "Độc lập - Tự do - Hạnh phúc"],
    [None],
    ["BIỂU TỔNG HỢP TÌNH HÌNH THỰC HIỆN NHIỆM VỤ UBND TỈNH GIAO THÁNG 6 NĂM 2021"],
    ["STT", "Văn bản giao nhiệm vụ", None, "Nội dung nhiệm vụ", "Cơ quan chủ trì", "Thời hạn",
     "Tình hình thực hiện", "Ngày hoàn thành", "Độ mật"],
    [None, "Số, ký hiệu", "Ngày ban hành", None, None, None, None, None, None],
    ["(1)", "(2)", "(3)", "(4)", "(5)", "(6)", "(7)", "(8)", "(9)"],
    ["I", "Nhiệm vụ giao tại Quyết định số 42/QĐ-UBND ngày 12/01/2021"],
    [1, "42/QĐ-UBND", D(2021, 1, 12), "Xây dựng dự toán ngân sách năm 2022", "Sở Tài chính",
     D(2021, 6, 30), "Đã hoàn thành", D(2021, 6, 20), None],
    [2, "42/QD-UBND", D(2021, 1, 12), "Báo cáo quyết toán ngân sách quý I năm 2021", "STC",
     "Quý II/2021", "Đang thực hiện", None, None],
    ["", "Cộng", None, None, None, None, None, None, None],
    ["II", "Nhiệm vụ khác"],
    [3, "2515/UBND-KTTH", "24/5/2021", "Rà soát các khoản chi thường xuyên", "Sở KH&ĐT",
     "Thường xuyên", "Xin gia hạn", None, None],
    [4, "15/QĐ-UBND", D(2021, 2, 1), "Thẩm định phương án mật", "Sở Tài chính", D(2021, 3, 31),
     "Hoàn thành quá hạn", D(2021, 4, 5), "Mật"],
    [5, "371/TB-VPUBND", "14/4/2021", "Dừng mua sắm tập trung", "Sở Tài chính", D(2021, 5, 31),
     "Dừng thực hiện", None, None],
    ["", "Tổng cộng", None, None, None, None, None, None, None],
    [None],
    [None, "Người lập biểu", None, None, None, "KT. GIÁM ĐỐC"],
    [None, None, None, None, None, "PHÓ GIÁM ĐỐC"],
    [None, "Nguyễn Văn A", None, None, None, "Trần Văn B"],
]
OFFICIAL_MERGES = ["B5:C5", "A5:A6", "D5:D6", "E5:E6", "F5:F6", "G5:G6", "H5:H6", "I5:I6"]


def docx_text(path: Path) -> str:
    """Paragraphs and table cells of a DOCX, in order, one per line (for golden comparisons)."""
    from docx import Document

    doc = Document(str(path))
    lines: list[str] = []
    for block in doc.element.body.iterchildren():
        tag = block.tag.rsplit("}", 1)[-1]
        if tag == "p":
            text = "".join(t.text or "" for t in block.iter() if t.tag.endswith("}t"))
            if text.strip():
                lines.append(text)
        elif tag == "tbl":
            for tr in block.iter():
                if tr.tag.endswith("}tr"):
                    cells = []
                    for tc in tr.iterchildren():
                        if tc.tag.endswith("}tc"):
                            cells.append(" ".join("".join(t.text or "" for t in p.iter() if t.tag.endswith("}t"))
                                                  for p in tc.iter() if p.tag.endswith("}p")).strip())
                    lines.append(" | ".join(cells))
    return "\n".join(lines)


Run = Callable[..., tuple[int, str, str]]


@pytest.fixture
def run(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> Run:
    """Run `taskrollup ARGS` in-process; returns (exit code, stdout, stderr)."""

    from taskrollup.cli import main

    def invoke(*args: object) -> tuple[int, str, str]:
        monkeypatch.setattr(sys, "argv", ["taskrollup", *map(str, args)])
        monkeypatch.setenv("COLUMNS", "200")
        code = 0
        try:
            main()
        except SystemExit as exc:
            code = int(exc.code or 0)
        captured = capsys.readouterr()
        return code, captured.out, captured.err

    return invoke
