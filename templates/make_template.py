"""Build templates/bao-cao.docx: the default report template, with docxtpl tags.

The .docx is committed so a clerk can restyle it in Word; this script is how it
was first made (run `make template` to rebuild it after changing the script).
Styles follow Nghị định 30/2020: Times New Roman 14 pt, A4, margins 20/20/30/15 mm;
the appendices are on landscape pages.
"""

from __future__ import annotations

from pathlib import Path

from docx import Document
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

OUT = Path(__file__).with_name("bao-cao.docx")
FONT = "Times New Roman"


def _base(doc: Document) -> None:
    style = doc.styles["Normal"]
    style.font.name = FONT
    style.font.size = Pt(14)
    style.element.rPr.rFonts.set(qn("w:eastAsia"), FONT)
    fmt = style.paragraph_format
    fmt.space_after = Pt(6)
    fmt.line_spacing = 1.15
    section = doc.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(20), Mm(20)
    section.left_margin, section.right_margin = Mm(30), Mm(15)


def para(doc_or_cell, text: str = "", bold: bool = False, italic: bool = False,
         align: str | None = None, size: int | None = None, indent: bool = False):
    p = doc_or_cell.add_paragraph()
    if text:
        run = p.add_run(text)
        run.bold, run.italic = bold, italic
        if size:
            run.font.size = Pt(size)
    if align:
        p.alignment = {"center": WD_ALIGN_PARAGRAPH.CENTER, "justify": WD_ALIGN_PARAGRAPH.JUSTIFY,
                       "right": WD_ALIGN_PARAGRAPH.RIGHT}[align]
    if indent:
        p.paragraph_format.first_line_indent = Mm(12.7)
    return p


def _no_borders(table) -> None:
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        el = OxmlElement(f"w:{edge}")
        el.set(qn("w:val"), "nil")
        borders.append(el)
    table._tbl.tblPr.append(borders)


def _cell(cell, text: str, bold: bool = False, italic: bool = False, size: int = 13,
          align: str = "center") -> None:
    cell.paragraphs[0].text = ""
    p = cell.paragraphs[0]
    run = p.add_run(text)
    run.bold, run.italic, run.font.size = bold, italic, Pt(size)
    p.alignment = {"center": WD_ALIGN_PARAGRAPH.CENTER, "left": WD_ALIGN_PARAGRAPH.LEFT,
                   "right": WD_ALIGN_PARAGRAPH.RIGHT}[align]
    p.paragraph_format.space_after = Pt(0)


def heading_block(doc: Document) -> None:
    table = doc.add_table(rows=3, cols=2)
    _no_borders(table)
    _widths(table, [70, 95])
    _cell(table.cell(0, 0), "{{ authority_line1 }}", bold=False)
    para(table.cell(0, 0), "{{ authority_line2 }}", bold=True, align="center", size=13)
    _cell(table.cell(0, 1), "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", bold=True, size=12)
    _cell(table.cell(1, 0), "Số: {{ report_number }}")
    _cell(table.cell(1, 1), "Độc lập - Tự do - Hạnh phúc", bold=True, size=14)
    _cell(table.cell(2, 1), "{{ date_line }}", italic=True, size=14)
    para(doc)
    para(doc, "BÁO CÁO", bold=True, align="center")
    para(doc, "Kết quả thực hiện nhiệm vụ do UBND tỉnh, Chủ tịch UBND tỉnh giao {{ period.label }}",
         bold=True, align="center")


HEADLINE = (
    "Trong {{ period.title }}, tổng số nhiệm vụ UBND tỉnh, Chủ tịch UBND tỉnh giao cho các cơ "
    "quan, đơn vị, địa phương là {{ t.assigned }} nhiệm vụ ({{ t.secret }} nhiệm vụ giao tại "
    "văn bản mật). Trong đó: Số nhiệm vụ đã hoàn thành: {{ t.done }} nhiệm vụ (đúng hạn: "
    "{{ t.done_on_time }}, quá hạn {{ t.done_late }}); số nhiệm vụ chưa hoàn thành: "
    "{{ t.not_done }} nhiệm vụ (còn trong hạn: {{ t.not_done_in_time }}, quá hạn "
    "{{ t.not_done_overdue }}){% if has_cancelled %}; số nhiệm vụ dừng thực hiện: "
    "{{ t.cancelled }} nhiệm vụ{% endif %} (Chi tiết như Phụ lục {{ appendix1.number }} đính kèm)."
)
RATES = (
    "Tỷ lệ hoàn thành đạt {{ t.completion_rate }} tổng số nhiệm vụ được giao (không tính nhiệm "
    "vụ dừng thực hiện); tính trên các nhiệm vụ đã đến hạn, tỷ lệ hoàn thành đạt {{ t.due_rate }}."
)
PROGRAMME = (
    "- Thực hiện nhiệm vụ UBND tỉnh giao tại {{ p.title }}: Tổng số nhiệm vụ được giao: "
    "{{ p.f.assigned_2 }}; đã hoàn thành {{ p.f.done_2 }} nhiệm vụ, chưa hoàn thành: "
    "{{ p.f.not_done_2 }}{% if p.f.extension_requested != '0' %}. Trong đó: Xin gia hạn "
    "{{ p.f.extension_requested_2 }} nhiệm vụ{% endif %}{% if p.f.cancelled != '0' %}; dừng thực "
    "hiện {{ p.f.cancelled_2 }} nhiệm vụ{% endif %} (Chi tiết như Phụ lục {{ appendix2.number }} đính kèm)."
)
CENTRAL = (
    "- Về thực hiện nhiệm vụ Chính phủ, Thủ tướng Chính phủ giao {{ period.label }} theo Quy chế "
    "42: Tổng nhiệm vụ được giao: {{ central.assigned_2 }} nhiệm vụ. Trong đó, số nhiệm vụ đã hoàn "
    "thành: {{ central.done_2 }}; số nhiệm vụ chưa hoàn thành: {{ central.not_done_2 }} (còn trong "
    "hạn: {{ central.not_done_in_time_2 }}, quá hạn: {{ central.not_done_overdue_2 }})."
)


def body(doc: Document) -> None:
    para(doc, "a) Kết quả thực hiện nhiệm vụ UBND tỉnh, Chủ tịch UBND tỉnh giao", bold=True, indent=True)
    para(doc, HEADLINE, align="justify", indent=True)
    para(doc, RATES, align="justify", indent=True)
    para(doc, "Trong đó việc thực hiện nhiệm vụ được giao tại các kế hoạch, Quyết định từ đầu năm, "
              "cụ thể như sau:", align="justify", indent=True)
    para(doc, "{%p for p in programmes %}")
    para(doc, PROGRAMME, align="justify", indent=True)
    para(doc, "{%p endfor %}")
    para(doc, CENTRAL, align="justify", indent=True)
    sign = doc.add_table(rows=1, cols=2)
    _no_borders(sign)
    left, right = sign.cell(0, 0), sign.cell(0, 1)
    _cell(left, "Nơi nhận:", bold=True, italic=True, size=12, align="left")
    p = left.add_paragraph()
    p.add_run("{% for r in recipients %}- {{ r }}{% if not loop.last %}\n{% endif %}{% endfor %}").font.size = Pt(11)
    _cell(right, "{{ signer_role }}", bold=True, size=14)
    para(right, "{{ signer_title }}", bold=True, align="center").paragraph_format.space_after = Pt(0)
    para(right, "").paragraph_format.space_after = Pt(48)
    para(right, "{{ signer_name }}", bold=True, align="center")


def _grid_table(doc: Document, headers: list[str], widths_mm: list[int]):
    table = doc.add_table(rows=1, cols=len(headers))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for i, h in enumerate(headers):
        _cell(table.rows[0].cells[i], h, bold=True, size=12)
    repeat = OxmlElement("w:tblHeader")  # the header row repeats on every page
    repeat.set(qn("w:val"), "true")
    table.rows[0]._tr.get_or_add_trPr().append(repeat)
    _widths(table, widths_mm)
    return table


def _widths(table, widths_mm: list[int]) -> None:
    """Fixed column widths, in the grid (LibreOffice) and in every cell (Word)."""
    table.autofit = False
    grid = table._tbl.tblGrid
    for i, col in enumerate(grid.findall(qn("w:gridCol"))):
        col.set(qn("w:w"), str(int(Mm(widths_mm[i]).twips)))
    for row in table.rows:
        for i, cell in enumerate(row.cells):
            cell.width = Mm(widths_mm[i])


def _row(table, texts: list[str], bold: bool = False, aligns: list[str] | None = None) -> None:
    cells = table.add_row().cells
    for i, t in enumerate(texts):
        _cell(cells[i], t, bold=bold, size=12, align=(aligns[i] if aligns else "center"))


def _landscape(doc: Document) -> None:
    section = doc.add_section(WD_SECTION.NEW_PAGE)
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Mm(297), Mm(210)
    section.left_margin, section.right_margin = Mm(20), Mm(15)
    section.top_margin, section.bottom_margin = Mm(20), Mm(20)


def appendix1(doc: Document) -> None:
    _landscape(doc)
    para(doc, "Phụ lục {{ appendix1.number }}", bold=True, align="center")
    para(doc, "KẾT QUẢ THỰC HIỆN NHIỆM VỤ UBND TỈNH, CHỦ TỊCH UBND TỈNH GIAO "
              "{{ period.label|upper }}", bold=True, align="center")
    para(doc, "(Kèm theo Báo cáo số {{ report_number }} của {{ authority_name }}; số liệu tính "
              "đến {{ as_of }})", italic=True, align="center", size=13)
    keys = ["assigned", "done_on_time", "done_late", "not_done_in_time", "not_done_overdue",
            "cancelled", "completion_rate"]
    table = _grid_table(doc, ["STT", "Cơ quan, đơn vị", "Tổng số nhiệm vụ", "Hoàn thành đúng hạn",
                              "Hoàn thành quá hạn", "Chưa hoàn thành, trong hạn",
                              "Chưa hoàn thành, quá hạn", "Dừng thực hiện", "Tỷ lệ hoàn thành"],
                        [12, 80, 22, 24, 24, 26, 26, 22, 24])
    _row(table, ["{%tr for r in appendix1.rows %}"] + [""] * 8)
    _widths(table, [12, 80, 22, 24, 24, 26, 26, 22, 24])
    _row(table, ["{{ r.stt }}", "{{ r.agency }}"] + [f"{{{{ r.{k} }}}}" for k in keys],
         aligns=["center", "left"] + ["right"] * 7)
    _row(table, ["{%tr endfor %}"] + [""] * 8)
    _row(table, ["", "Tổng cộng"] + [f"{{{{ appendix1.total.{k} }}}}" for k in keys], bold=True,
         aligns=["center", "left"] + ["right"] * 7)


def appendix2(doc: Document) -> None:
    _landscape(doc)
    para(doc, "Phụ lục {{ appendix2.number }}", bold=True, align="center")
    para(doc, "KẾT QUẢ THỰC HIỆN NHIỆM VỤ GIAO TẠI CÁC CHƯƠNG TRÌNH, KẾ HOẠCH CỦA UBND TỈNH",
         bold=True, align="center")
    para(doc, "(Kèm theo Báo cáo số {{ report_number }} của {{ authority_name }}; số liệu tính "
              "đến {{ as_of }})", italic=True, align="center", size=13)
    para(doc, "{%p for p in programmes %}")
    para(doc, "{{ loop.index }}. {{ p.title }}: {{ p.f.assigned }} nhiệm vụ", bold=True)
    table = _grid_table(doc, ["STT", "Nội dung nhiệm vụ", "Cơ quan chủ trì", "Thời hạn",
                              "Kết quả thực hiện"], [12, 120, 55, 28, 45])
    _row(table, ["{%tr for x in p.tasks %}"] + [""] * 4)
    _widths(table, [12, 120, 55, 28, 45])
    _row(table, ["{{ x.stt }}", "{{ x.content }}", "{{ x.agency }}", "{{ x.deadline }}",
                 "{{ x.result }}"], aligns=["center", "left", "left", "center", "left"])
    _row(table, ["{%tr endfor %}"] + [""] * 4)
    para(doc, "{%p endfor %}")


def build(path: Path = OUT) -> Path:
    doc = Document()
    _base(doc)
    heading_block(doc)
    body(doc)
    appendix1(doc)
    appendix2(doc)
    doc.core_properties.author = "taskrollup"
    doc.core_properties.title = "Báo cáo kết quả thực hiện nhiệm vụ"
    doc.save(path)
    return path


if __name__ == "__main__":
    print(build())
