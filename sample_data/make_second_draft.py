"""Build sample_data/du-thao-van-phong-khac.docx: a second draft, in another office's style.

A short "báo cáo nhanh" on the H1-2021 figures of the sample data: the totals told in other
words than the reference draft, its rates truncated where that draft rounds, the programmes in
a table with a two-row header and a total row, one task count no label names, and one wrong
figure (112 tasks done late where the data has 122, so 2.146 + 112 ≠ 2.268). `taskrollup
verify` finds the wrong sum, and with the store the wrong figure; the table holds.

Run: .venv/bin/python sample_data/make_second_draft.py
"""

from __future__ import annotations

from pathlib import Path

from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

OUT = Path(__file__).with_name("du-thao-van-phong-khac.docx")
PARAGRAPHS = [
    "VĂN PHÒNG UBND TỈNH ĐẮK NÔNG - PHÒNG TỔNG HỢP",
    "BÁO CÁO NHANH",
    "Tình hình thực hiện nhiệm vụ do UBND tỉnh, Chủ tịch UBND tỉnh giao 6 tháng đầu năm 2021",
    "(Bản nháp mẫu: số liệu lấy từ bộ dữ liệu thử, không phải báo cáo thật)",
    "1. Kết quả chung",
    "Tính đến ngày 30/6/2021, UBND tỉnh, Chủ tịch UBND tỉnh đã giao tổng cộng 2.573 nhiệm vụ, trong "
    "đó có 103 nhiệm vụ giao tại văn bản mật. Kết quả: đã hoàn thành 2.268 nhiệm vụ (gồm 2.146 nhiệm "
    "vụ đúng hạn và 112 nhiệm vụ quá hạn); chưa hoàn thành 300 nhiệm vụ (trong hạn 283, quá hạn 17); "
    "dừng thực hiện 05 nhiệm vụ.",
    "Tỷ lệ hoàn thành đạt 88,31% (không tính các nhiệm vụ dừng thực hiện); nếu chỉ tính các nhiệm vụ "
    "đã đến hạn thì tỷ lệ này là 99,25%. Riêng quý II, các sở, ngành đã tham mưu ban hành 18 nhiệm vụ "
    "mới.",
    "2. Nhiệm vụ Chính phủ, Thủ tướng Chính phủ giao",
    "Trong kỳ, tỉnh được Chính phủ, Thủ tướng Chính phủ giao 19 nhiệm vụ; đã hoàn thành 05 nhiệm vụ, "
    "14 nhiệm vụ còn lại đang thực hiện và đều trong hạn.",
    "3. Kết quả theo từng chương trình, kế hoạch của UBND tỉnh",
]
HEADER = [["STT", "Chương trình, kế hoạch", "Tổng số", "Đã hoàn thành", "", "Chưa hoàn thành", "",
           "Tỷ lệ hoàn thành (%)"],
          ["", "", "", "Đúng hạn", "Quá hạn", "Trong hạn", "Quá hạn", ""]]
ROWS = [
    ["1", "Quyết định số 42/QĐ-UBND (Chương trình công tác năm 2021)", "53", "33", "3", "15", "2", "67,92"],
    ["2", "Quyết định số 43/QĐ-UBND (phát triển kinh tế - xã hội 5 năm)", "21", "18", "1", "2", "0", "90,48"],
    ["3", "Kế hoạch số 26/KH-UBND (nhiệm vụ năm 2021)", "20", "15", "1", "4", "0", "80,00"],
    ["", "Cộng", "94", "66", "5", "21", "2", "75,53"],
]
CLOSING = "Phòng Tổng hợp kính trình lãnh đạo Văn phòng xem xét./."
WIDTHS_MM = [10, 62, 16, 17, 15, 17, 15, 18]


def table(doc: Document) -> None:
    """The programmes, under a two-row header whose group cells span their two columns."""
    grid = doc.add_table(rows=len(HEADER) + len(ROWS), cols=len(HEADER[0]))
    grid.style = "Table Grid"
    grid.alignment = WD_TABLE_ALIGNMENT.CENTER
    for r, row in enumerate(HEADER + ROWS):
        for c, text in enumerate(row):
            if text:
                grid.cell(r, c).text = text
    grid.autofit = False
    for col, width in zip(grid._tbl.tblGrid.findall(qn("w:gridCol")), WIDTHS_MM, strict=True):
        col.set(qn("w:w"), str(int(Mm(width).twips)))  # LibreOffice reads the grid, Word the cells
    for row in grid.rows:
        for cell, width in zip(row.cells, WIDTHS_MM, strict=True):
            cell.width = Mm(width)
    grid.cell(0, 3).merge(grid.cell(0, 4))
    grid.cell(0, 5).merge(grid.cell(0, 6))
    for c in (0, 1, 2, 7):
        grid.cell(0, c).merge(grid.cell(1, c))


def build(path: Path = OUT) -> Path:
    doc = Document()
    style = doc.styles["Normal"]
    style.font.name = "Times New Roman"
    style.font.size = Pt(13)
    for text in PARAGRAPHS:
        doc.add_paragraph(text)
    table(doc)
    doc.add_paragraph(CLOSING)
    doc.core_properties.author = "taskrollup sample"
    doc.save(str(path))
    return path


if __name__ == "__main__":
    print(build())
