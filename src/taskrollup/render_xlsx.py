"""Write tables to .xlsx safely: real numbers and dates, print layout, no formula injection.

Text that begins with '=', '+', '-', '@', a tab or a carriage return is written
as text (never a formula), with the cell marked as quoted text.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_THIN = Side(style="thin")
_BOX = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
FONT = "Times New Roman"


def put(ws: Worksheet, row: int, col: int, value: object, bold: bool = False) -> None:
    """One cell: numbers and dates as such, text always as text."""
    cell = ws.cell(row=row, column=col)
    if isinstance(value, str):
        cell.value = value
        cell.data_type = "s"
        if value.startswith(FORMULA_START):
            cell.quotePrefix = True
    else:
        cell.value = value
    if isinstance(value, dt.date):
        cell.number_format = "dd/mm/yyyy"
    elif isinstance(value, float):
        cell.number_format = "0.00"
    cell.font = Font(name=FONT, size=12, bold=bold)
    cell.border = _BOX
    cell.alignment = Alignment(wrap_text=True, vertical="top")


def add_table(wb: Workbook, title: str, heading: Sequence[str], header: Sequence[str],
              rows: Sequence[Sequence[object]], widths: Sequence[int],
              bold_last: bool = False) -> Worksheet:
    """A sheet with a title line, a header row and data rows, ready to print (A4 landscape)."""
    ws = wb.create_sheet(title[:31])
    for i, line in enumerate(heading, start=1):
        ws.cell(row=i, column=1, value=line).font = Font(name=FONT, size=13, bold=True)
    top = len(heading) + 2
    for c, h in enumerate(header, start=1):
        put(ws, top, c, h, bold=True)
        ws.cell(row=top, column=c).alignment = Alignment(wrap_text=True, horizontal="center",
                                                         vertical="center")
    for r, values in enumerate(rows, start=top + 1):
        last = bold_last and r == top + len(rows)
        for c, v in enumerate(values, start=1):
            put(ws, r, c, v, bold=last)
    for c, w in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(c)].width = w
    ws.print_title_rows = f"{top}:{top}"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.freeze_panes = ws.cell(row=top + 1, column=1)
    return ws


def filter_header(ws: Worksheet, header_row: int, columns: int, rows: int) -> None:
    """An AutoFilter on the header row at `header_row` over `rows` data rows."""
    ws.auto_filter.ref = f"A{header_row}:{get_column_letter(columns)}{header_row + max(rows, 1)}"


def new_workbook() -> Workbook:
    wb = Workbook()
    wb.remove(wb.active)
    return wb


def save(wb: Workbook, out: Path) -> Path:
    wb.save(out)
    return out
