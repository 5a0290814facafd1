"""The writer of every list of tasks: formula-safe CSV cells, workbook cells, the sheet."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from taskrollup import render_xlsx as rx
from taskrollup.render_list import HEADERS, add_list, csv_rows, csv_safe, xlsx_rows


def _list() -> pd.DataFrame:
    return pd.DataFrame({"task_id": ["a", "b"], "assigned_on": ["2021-01-12", None],
                         "closed_on": [None, "2021-06-20"], "category": ["not_done_overdue", "done_late"],
                         "content": ["=HYPERLINK(1)", "Việc"], "secret": [False, True]})


@pytest.mark.parametrize("text", ["=1+1", "+33", "-2", "@SUM(A1)", "\tx", "\rx"])
def test_csv_cells_never_start_a_formula(text: str) -> None:
    """Text a spreadsheet would run gets an apostrophe; other values pass as they are."""
    assert csv_safe(text) == "'" + text
    assert csv_safe(3) == 3 and csv_safe("Việc") == "Việc"


def test_rows_for_csv_and_workbook() -> None:
    """CSV cells keep the values (made safe); workbook cells are real dates, words and 'x'."""
    assert next(csv_rows(_list()))[4] == "'=HYPERLINK(1)"
    first, second = xlsx_rows(_list())
    assert first[1] == dt.date(2021, 1, 12) and first[2] == "" and first[3] == "Chưa hoàn thành, quá hạn"
    assert second[2] == dt.date(2021, 6, 20) and second[5] == "x"


def test_sheet_with_filter(tmp_path: Path) -> None:
    """The sheet has the Vietnamese headers under its title, formula text as text, an AutoFilter."""
    wb = rx.new_workbook()
    add_list(wb, "Danh sách", ["NHIỆM VỤ", "dòng 2"], _list(), autofilter=True)
    ws = openpyxl.load_workbook(rx.save(wb, tmp_path / "l.xlsx"))["Danh sách"]
    assert [c.value for c in ws[4]] == [HEADERS[c] for c in _list().columns]
    assert ws.cell(row=5, column=5).value == "=HYPERLINK(1)" and ws.cell(row=5, column=5).data_type == "s"
    assert ws.auto_filter.ref == "A4:F6"
