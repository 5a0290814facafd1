"""Write tables to .xlsx safely: real numbers and dates, print layout, no formula injection.

Text that begins with '=', '+', '-', '@', a tab or a carriage return is written
as text (never a formula), with the cell marked as quoted text.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from copy import copy
from pathlib import Path
from weakref import WeakKeyDictionary

from openpyxl import Workbook
from openpyxl.cell.cell import Cell
from openpyxl.styles import Alignment, Border, Font, NamedStyle, Side
from openpyxl.styles.cell_style import StyleArray
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_THIN = Side(style="thin")
_BOX = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
FONT = "Times New Roman"
_FONTS = {False: Font(name=FONT, size=12), True: Font(name=FONT, size=12, bold=True)}
_WRAP = Alignment(wrap_text=True, vertical="top")
# A data cell's look, by the kind of its value: one named style each, which a cell takes in one
# step rather than its font, border, alignment and number format one by one (three times
# faster: a task list has tens of thousands of cells).
_FORMATS = {"text": "General", "date": "dd/mm/yyyy", "decimal": "0.00"}


def _value(cell: Cell, value: object) -> None:
    """A cell's value: numbers and dates as such, text always as text (never a formula)."""
    cell.value = value
    if isinstance(value, str):
        cell.data_type = "s"
        if value.startswith(FORMULA_START):
            cell.quotePrefix = True


def _kind(value: object) -> str:
    return "date" if isinstance(value, dt.date) else "decimal" if isinstance(value, float) else "text"


def put(ws: Worksheet, row: int, col: int, value: object, bold: bool = False) -> None:
    """One cell: numbers and dates as such, text always as text."""
    cell = ws.cell(row=row, column=col)
    if not bold:
        cell._style = copy(_style_of(ws.parent, _kind(value)))  # as openpyxl copies a cell's style
        _value(cell, value)  # after the style: quotePrefix is part of it
        return
    _value(cell, value)
    if isinstance(value, dt.date):
        cell.number_format = "dd/mm/yyyy"
    elif isinstance(value, float):
        cell.number_format = "0.00"
    cell.font = _FONTS[True]
    cell.border = _BOX
    cell.alignment = _WRAP


def _style_of(wb: Workbook, kind: str) -> StyleArray:
    """The style of a data cell of `kind` in `wb`: its named style, added on first use."""
    arrays = _ARRAYS.setdefault(wb, {})
    if kind not in arrays:
        style = NamedStyle(name=f"taskrollup {kind}", font=_FONTS[False], border=_BOX, alignment=_WRAP,
                           number_format=_FORMATS[kind])
        wb.add_named_style(style)
        arrays[kind] = style.as_tuple()
    return arrays[kind]


_ARRAYS: WeakKeyDictionary[Workbook, dict[str, StyleArray]] = WeakKeyDictionary()


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
