"""A list of tasks (`listing.task_list`) as CSV rows or an XLSX sheet: the one writer of the
lists `check` and `explain` give.

Every text cell that could start a formula is written as text (CSV: prefixed with an
apostrophe, the usual defence; XLSX: a text cell, `render_xlsx.cell` and `render_xlsx.plain`).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd
from openpyxl import Workbook
from openpyxl.worksheet.worksheet import Worksheet

from taskrollup import render_xlsx as rx
from taskrollup.context import FIGURE_WORDS, OUTCOME_WORDS, period_label
from taskrollup.vnformat import number

if TYPE_CHECKING:
    from taskrollup.explain import FigureList
    from taskrollup.figures import Group

HEADERS = {"task_id": "Mã nhiệm vụ", "agency": "Cơ quan chủ trì", "source": "Văn bản giao",
           "assigned_on": "Ngày giao", "deadline": "Thời hạn", "days_overdue": "Số ngày quá hạn",
           "closed_on": "Ngày hoàn thành / dừng", "category": "Kết quả",
           "content": "Nội dung nhiệm vụ", "secret": "Mật", "note": "Ghi chú", "authority": "Nhóm", **FIGURE_WORDS}
WIDTHS = {"task_id": 14, "agency": 30, "source": 18, "assigned_on": 12, "deadline": 12,
          "days_overdue": 10, "closed_on": 12, "category": 22, "content": 70, "secret": 6,
          "note": 30, "authority": 12, **dict.fromkeys(FIGURE_WORDS, 11)}
# The authority that assigned a task (rule 9), as the report's task list names it.
AUTHORITY_WORDS = {"provincial": "UBND tỉnh", "central": "Trung ương", "other": "Khác"}
_DATES = ("assigned_on", "deadline", "closed_on")


def csv_safe(value: object) -> object:
    """Text that a spreadsheet would run as a formula gets a leading apostrophe."""
    if isinstance(value, str) and value.startswith(rx.FORMULA_START):
        return "'" + value
    return value


def csv_rows(frame: pd.DataFrame) -> Iterator[list[object]]:
    """The list's rows as CSV cells (no header), formula-safe."""
    for rec in frame.itertuples(index=False):
        yield [csv_safe(v) for v in rec]


def csv_text(frame: pd.DataFrame) -> str:
    """The list as one CSV document, its columns' names on the first line."""
    buf = io.StringIO()
    writer = csv.writer(buf)
    writer.writerow(frame.columns)
    writer.writerows(csv_rows(frame))
    return buf.getvalue()


def _cell(column: str, value: object) -> object:
    """A list value as a workbook shows it: real dates, the outcome in words, 'x' for secret."""
    if column in _DATES:
        return dt.date.fromisoformat(str(value)) if isinstance(value, str) and value else ""
    if column == "category":
        return OUTCOME_WORDS.get(str(value), value)
    if column == "secret" and isinstance(value, bool | np.bool_):  # the list's mark, not the figure's 0/1
        return "x" if value else ""
    if column == "authority":
        return AUTHORITY_WORDS.get(str(value), value)
    return value


def xlsx_rows(frame: pd.DataFrame) -> list[list[object]]:
    """The list's rows as workbook cells."""
    columns = list(frame.columns)
    return [[_cell(c, v) for c, v in zip(columns, rec, strict=True)] for rec in frame.itertuples(index=False)]


def add_list(wb: Workbook, title: str, heading: Sequence[str], frame: pd.DataFrame,
             autofilter: bool = False) -> Worksheet:
    """A sheet of the list: a title block, Vietnamese headers, one row per task; with
    `autofilter`, a list for filtering (`render_xlsx.plain` cells) with an AutoFilter."""
    columns = list(frame.columns)
    ws = rx.add_table(wb, title, heading, [HEADERS[c] for c in columns], xlsx_rows(frame),
                      [WIDTHS[c] for c in columns], for_filtering=autofilter)
    if autofilter:
        rx.filter_header(ws, len(heading) + 2, len(columns), len(frame))
    return ws


def write_figure_list(listed: FigureList, out: Path) -> Path:
    """The tasks behind a figure as a workbook: one sheet, a title saying which figure of which
    report, an AutoFilter on the header."""
    w = listed.window
    heading = [f"{FIGURE_WORDS[listed.figure].upper()}: {number(listed.count)} NHIỆM VỤ",
               f"{group_words(listed.group)}, {period_label(w.period)}, tính đến ngày {w.as_of:%d/%m/%Y}"
               + (" (theo thời hạn)" if w.scope == "due" else ""),
               f"taskrollup: {listed.group.where}.{listed.figure}"]
    wb = rx.new_workbook(stream=True)
    add_list(wb, "Danh sách", heading, listed.tasks, autofilter=True)
    return rx.save(wb, out)


def group_words(group: Group) -> str:
    """A group of the report as the report names it."""
    if group.source is not None:
        return f"Văn bản {group.source}"
    if group.agency is not None:
        return group.agency
    return "Nhiệm vụ Chính phủ, Thủ tướng Chính phủ giao" if group.central else "Nhiệm vụ UBND tỉnh, Chủ tịch UBND tỉnh giao"
