"""Write the overdue check as CSV or XLSX, and one send-back workbook per agency.

Every text cell that could start a formula is written as text (CSV: prefixed
with an apostrophe, the usual defence; XLSX: a text cell).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from pathlib import Path

import pandas as pd

from taskrollup import render_xlsx as rx
from taskrollup.check import CheckResult
from taskrollup.text import fold

HEADERS = {"task_id": "Mã nhiệm vụ", "agency": "Cơ quan chủ trì", "source": "Văn bản giao",
           "assigned_on": "Ngày giao", "deadline": "Thời hạn", "days_overdue": "Số ngày quá hạn",
           "content": "Nội dung nhiệm vụ", "secret": "Mật", "note": "Ghi chú"}
WIDTHS = [14, 30, 18, 12, 12, 10, 70, 6, 30]


def csv_safe(value: object) -> object:
    """Text that a spreadsheet would run as a formula gets a leading apostrophe."""
    if isinstance(value, str) and value.startswith(rx.FORMULA_START):
        return "'" + value
    return value


def to_csv(result: CheckResult) -> str:
    """Overdue then due-soon tasks, one CSV with a 'list' column."""
    buf = io.StringIO()
    writer = csv.writer(buf)
    writer.writerow(["list", *HEADERS])
    for name, frame in (("overdue", result.overdue), ("due_soon", result.due_soon)):
        for rec in frame.itertuples(index=False):
            writer.writerow([name, *(csv_safe(v) for v in rec)])
    return buf.getvalue()


def _rows(frame: pd.DataFrame) -> list[list[object]]:
    out = []
    for rec in frame.itertuples(index=False):
        values = list(rec)
        for i in (3, 4):  # dates as real dates
            values[i] = dt.date.fromisoformat(values[i]) if values[i] else ""
        values[7] = "x" if values[7] else ""
        out.append(values)
    return out


def to_xlsx(result: CheckResult, out: Path, title: str = "") -> Path:
    """Two sheets, 'Quá hạn' and 'Sắp đến hạn', formatted for print."""
    wb = rx.new_workbook()
    day = f"{result.as_of:%d/%m/%Y}"
    rx.add_table(wb, "Quá hạn", [title or "NHIỆM VỤ QUÁ HẠN", f"Tính đến ngày {day}"],
                 list(HEADERS.values()), _rows(result.overdue), WIDTHS)
    rx.add_table(wb, "Sắp đến hạn", [title or "NHIỆM VỤ SẮP ĐẾN HẠN",
                                      f"Đến hạn trong {result.due_within} ngày kể từ {day}"],
                 list(HEADERS.values()), _rows(result.due_soon), WIDTHS)
    return rx.save(wb, out)


def file_stem(agency: str) -> str:
    """'Sở Tài chính' -> 'so-tai-chinh' (safe on every file system)."""
    return re.sub(r"[^a-z0-9]+", "-", fold(agency)).strip("-") or "agency"


def split_by_agency(result: CheckResult, folder: Path) -> list[Path]:
    """One workbook per agency with its overdue and due-soon tasks."""
    folder.mkdir(parents=True, exist_ok=True)
    agencies = sorted(set(result.overdue["agency"]) | set(result.due_soon["agency"]))
    written = []
    for agency in agencies:
        part = CheckResult(result.as_of, result.due_within,
                           result.overdue[result.overdue["agency"] == agency],
                           result.due_soon[result.due_soon["agency"] == agency])
        path = folder / f"{file_stem(agency)}-{result.as_of:%Y-%m-%d}.xlsx"
        written.append(to_xlsx(part, path, f"NHIỆM VỤ CỦA {agency.upper()}"))
    return written
