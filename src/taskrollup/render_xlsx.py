"""Write tables to .xlsx safely: real numbers and dates, print layout, no formula injection.

Text that begins with '=', '+', '-', '@', a tab or a carriage return is written
as text (never a formula), with the cell marked as quoted text.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from copy import copy
from pathlib import Path
from weakref import WeakKeyDictionary

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import Cell
from openpyxl.styles import Alignment, Border, Font, NamedStyle, Side
from openpyxl.styles.cell_style import StyleArray
from openpyxl.styles.fonts import DEFAULT_FONT
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_THIN = Side(style="thin")
_BOX = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
FONT = "Times New Roman"
_WRAP = Alignment(wrap_text=True, vertical="top")
# Every look a cell takes, as a named style: a cell takes one in a single step, the way openpyxl
# copies a cell's style, rather than its font, border, alignment and number format one by one,
# four objects made per cell (four times slower: a task list has two million cells).
_LOOKS = {
    "text": {"font": Font(name=FONT, size=12), "border": _BOX, "alignment": _WRAP},
    "header": {"font": Font(name=FONT, size=12, bold=True), "border": _BOX,
               "alignment": Alignment(wrap_text=True, horizontal="center", vertical="center")},
    "title": {"font": Font(name=FONT, size=13, bold=True)},
    "plain": {"font": DEFAULT_FONT},  # a cell of a list for filtering: the workbook's own font
}
_FORMATS = {"text": "General", "date": "dd/mm/yyyy", "decimal": "0.00"}


def _value(cell: Cell, value: object) -> None:
    """A cell's value: numbers and dates as such, text always as text (never a formula)."""
    cell.value = value
    if isinstance(value, str):
        cell.data_type = "s"
        if value.startswith(FORMULA_START):
            cell.quotePrefix = True


def _look(value: object, bold: bool) -> str:
    kind = "date" if isinstance(value, dt.date) else "decimal" if isinstance(value, float) else "text"
    return f"{kind} bold" if bold else kind


def _style_of(wb: Workbook, look: str) -> StyleArray:
    """The style of `look` ('text', 'date bold', 'header', ...) in `wb`: a named style, added
    on its first use."""
    arrays = _ARRAYS.setdefault(wb, {})
    if look not in arrays:
        kind, _, more = look.partition(" ")  # 'date bold': a date's format, the bold font
        parts = dict(_LOOKS.get(kind, _LOOKS["text"]))
        if more == "bold":
            parts["font"] = _LOOKS["header"]["font"]
        number_format = _FORMATS.get(more if kind == "plain" else kind) or "General"
        style = NamedStyle(name=f"taskrollup {look}", number_format=number_format, **parts)
        wb.add_named_style(style)
        arrays[look] = style.as_tuple()
    return arrays[look]


_ARRAYS: WeakKeyDictionary[Workbook, dict[str, StyleArray]] = WeakKeyDictionary()


def _styled(cell: Cell, value: object, look: str) -> Cell:
    cell._style = copy(_style_of(cell.parent.parent, look))  # as openpyxl copies a cell's style
    _value(cell, value)  # after the style: quotePrefix is part of it
    return cell


def cell(ws: Worksheet, value: object, bold: bool = False, look: str | None = None) -> Cell:
    """A cell for `ws.append` (in a workbook written at once or as a stream): numbers and dates
    as such, text always as text, in the look of a table's cell (or `look`)."""
    return _styled(WriteOnlyCell(ws), value, look or _look(value, bold))


def plain(ws: Worksheet, value: object) -> object:
    """A value of a list for filtering, for `ws.append`: as it is where it needs no look (a
    number, a text that starts no formula: a streaming sheet writes those fastest), else a
    cell (a date, shown dd/mm/yyyy; a text that would start a formula, written as text)."""
    if isinstance(value, dt.date):
        return cell(ws, value, look="plain date")
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return cell(ws, value, look="plain")
    return value


def put(ws: Worksheet, row: int, col: int, value: object, bold: bool = False) -> None:
    """One cell at its place: numbers and dates as such, text always as text."""
    _styled(ws.cell(row=row, column=col), value, _look(value, bold))


def add_table(wb: Workbook, title: str, heading: Sequence[str], header: Sequence[str],
              rows: Iterable[Sequence[object]], widths: Sequence[int],
              bold_last: bool = False, for_filtering: bool = False) -> Worksheet:
    """A sheet with a title line, a header row and data rows, ready to print (A4 landscape).
    Written row by row: in a streaming workbook (`new_workbook(stream=True)`) no row stays in
    memory. `for_filtering`: its data cells as `plain` (a list of a hundred thousand tasks
    takes a third of the time)."""
    ws = wb.create_sheet(title[:31])
    top = len(heading) + 2
    _layout(ws, top, widths)
    for line in heading:
        ws.append([cell(ws, line, look="title")])
    ws.append([])
    ws.append([cell(ws, h, look="header") for h in header])
    rows = list(rows) if bold_last else rows
    last = len(rows) - 1 if bold_last else -1  # type: ignore[arg-type]
    if for_filtering:
        for values in rows:
            ws.append([plain(ws, v) for v in values])
        return ws
    for i, values in enumerate(rows):
        ws.append([cell(ws, v, bold=i == last) for v in values])
    return ws


def _layout(ws: Worksheet, top: int, widths: Sequence[int]) -> None:
    """Column widths, the header row repeated on every page, A4 landscape one page wide, the
    rows under the header scrolling: set before any row, as a streaming sheet needs."""
    for c, w in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(c)].width = w
    ws.print_title_rows = f"{top}:{top}"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = Worksheet.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.freeze_panes = f"A{top + 1}"


def filter_header(ws: Worksheet, header_row: int, columns: int, rows: int) -> None:
    """An AutoFilter on the header row at `header_row` over `rows` data rows."""
    ws.auto_filter.ref = f"A{header_row}:{get_column_letter(columns)}{header_row + max(rows, 1)}"


def new_workbook(stream: bool = False) -> Workbook:
    """An empty workbook; with `stream`, one whose sheets are written as their rows come (only
    `add_table` writes them) and kept on disk, not in memory."""
    wb = Workbook(write_only=stream)
    if not stream:
        wb.remove(wb.active)
    return wb


def save(wb: Workbook, out: Path) -> Path:
    wb.save(out)
    return out
