"""Write the overdue check as CSV or XLSX, and one send-back workbook per agency, through
the writer of every list of tasks (`render_list`: formula-safe CSV and XLSX)."""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

from taskrollup import render_xlsx as rx
from taskrollup.check import LIST_COLUMNS, CheckResult
from taskrollup.render_list import add_list, csv_rows
from taskrollup.text import fold


def to_csv(result: CheckResult) -> str:
    """Overdue then due-soon tasks, one CSV with a 'list' column."""
    buf = io.StringIO()
    writer = csv.writer(buf)
    writer.writerow(["list", *LIST_COLUMNS])
    for name, frame in (("overdue", result.overdue), ("due_soon", result.due_soon)):
        writer.writerows([name, *row] for row in csv_rows(frame))
    return buf.getvalue()


def to_xlsx(result: CheckResult, out: Path, title: str = "") -> Path:
    """Two sheets, 'Quá hạn' and 'Sắp đến hạn', formatted for print."""
    wb = rx.new_workbook(stream=True)
    day = f"{result.as_of:%d/%m/%Y}"
    add_list(wb, "Quá hạn", [title or "NHIỆM VỤ QUÁ HẠN", f"Tính đến ngày {day}"], result.overdue)
    add_list(wb, "Sắp đến hạn", [title or "NHIỆM VỤ SẮP ĐẾN HẠN",
                                  f"Đến hạn trong {result.due_within} ngày kể từ {day}"], result.due_soon)
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
