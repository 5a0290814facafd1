"""The submission workbook we would like every agency to fill (`taskrollup template`).

Canonical columns with Vietnamese headers that the reader knows, drop-down lists
for status and secrecy, date-formatted cells, the agency and month in the title,
optionally the agency's open tasks pre-filled, and a sheet of instructions.
Secret tasks are never pre-filled: they are reported through the secret channel.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path

from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from taskrollup import render_xlsx as rx

COLUMNS = [
    ("STT", 6), ("Số, ký hiệu văn bản", 18), ("Ngày ban hành", 13), ("Nội dung nhiệm vụ", 60),
    ("Cơ quan chủ trì", 28), ("Cơ quan phối hợp", 24), ("Thời hạn", 13), ("Gia hạn đến", 13),
    ("Tình hình thực hiện", 22), ("Ngày hoàn thành", 13), ("Độ mật", 10), ("Ghi chú", 30),
]
STATUSES = ["Hoàn thành đúng hạn", "Hoàn thành quá hạn", "Đang thực hiện", "Chưa thực hiện",
            "Xin gia hạn", "Dừng thực hiện"]
SECRECY = ["Mật", "Tối mật", "Tuyệt mật"]
DATE_COLUMNS = (3, 7, 8, 10)  # 1-based
BLANK_ROWS = 300
INSTRUCTIONS = [
    "HƯỚNG DẪN ĐIỀN BIỂU",
    "1. Mỗi dòng là một nhiệm vụ do UBND tỉnh, Chủ tịch UBND tỉnh giao; không gộp nhiều nhiệm vụ vào một dòng.",
    "2. Số, ký hiệu văn bản ghi đầy đủ, ví dụ 42/QĐ-UBND; Ngày ban hành là ngày của văn bản giao nhiệm vụ.",
    "3. Ngày tháng ghi theo dạng ngày/tháng/năm (15/01/2021). Thời hạn không có thì để trống "
    "hoặc ghi 'Thường xuyên'.",
    "4. Tình hình thực hiện chọn trong danh sách. Nhiệm vụ đã hoàn thành ghi Ngày hoàn thành.",
    "5. Nhiệm vụ được gia hạn ghi thời hạn mới vào cột Gia hạn đến.",
    "6. Độ mật chọn Mật, Tối mật hoặc Tuyệt mật nếu văn bản giao nhiệm vụ là văn bản mật; "
    "nhiệm vụ mật không được điền sẵn và nội dung báo cáo theo quy định về bảo vệ bí mật nhà nước.",
    "7. Không thêm, bớt hay đổi tên cột; không ghi dòng 'Cộng' trong bảng.",
]


def _title(ws, agency: str, month: tuple[int, int], authority: str) -> None:
    year, mon = month
    lines = [authority, agency.upper(),
             f"BIỂU TỔNG HỢP TÌNH HÌNH THỰC HIỆN NHIỆM VỤ UBND TỈNH GIAO THÁNG {mon} NĂM {year}"]
    for i, line in enumerate(lines, start=1):
        ws.cell(row=i, column=1, value=line).font = Font(name=rx.FONT, size=13, bold=True)


def _validations(ws, first: int, last: int) -> None:
    status = DataValidation(type="list", formula1='"' + ",".join(STATUSES) + '"', allow_blank=True)
    secret = DataValidation(type="list", formula1='"' + ",".join(SECRECY) + '"', allow_blank=True)
    for dv, col in ((status, 9), (secret, 11)):
        dv.error = "Chọn một giá trị trong danh sách"
        ws.add_data_validation(dv)
        dv.add(f"{get_column_letter(col)}{first}:{get_column_letter(col)}{last}")


def write_template(out: Path, agency: str, month: tuple[int, int],
                   tasks: Sequence[dict[str, object]] = (), authority: str = "UBND TỈNH ĐẮK NÔNG") -> Path:
    """The submission workbook for `agency` and `month`, pre-filled with `tasks` (a task that
    passed to `agency` from an agency that ended says so under Ghi chú); `authority` heads
    the title ('UBND TỈNH ĐẮK NÔNG')."""
    from taskrollup.succession import note

    wb = rx.new_workbook()
    ws = wb.create_sheet("Biểu báo cáo")
    _title(ws, agency, month, authority)
    top = 5
    for c, (name, width) in enumerate(COLUMNS, start=1):
        rx.put(ws, top, c, name, bold=True)
        ws.cell(row=top, column=c).alignment = Alignment(wrap_text=True, horizontal="center")
        ws.column_dimensions[get_column_letter(c)].width = width
    last = top + max(len(tasks), 0) + BLANK_ROWS
    for i, task in enumerate(tasks, start=1):
        values = [i, task["source_id"], _date(task.get("assigned_on")), task["content"], agency, "",
                  _date(task.get("deadline")), _date(task.get("extended_deadline")), "", None, "",
                  note(task.get("moved_from")) or ""]
        for c, v in enumerate(values, start=1):
            if v is not None and v != "":
                rx.put(ws, top + i, c, v)
    for r in range(top + 1, last + 1):
        for c in DATE_COLUMNS:
            ws.cell(row=r, column=c).number_format = "dd/mm/yyyy"
    _validations(ws, top + 1, last)
    ws.freeze_panes = ws.cell(row=top + 1, column=1)
    ws.print_title_rows = f"{top}:{top}"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    guide = wb.create_sheet("Hướng dẫn")
    for i, line in enumerate(INSTRUCTIONS, start=1):
        guide.cell(row=i, column=1, value=line).font = Font(name=rx.FONT, size=12, bold=i == 1)
    guide.column_dimensions["A"].width = 120
    return rx.save(wb, out)


def _date(iso: object) -> dt.date | None:
    return dt.date.fromisoformat(str(iso)) if iso else None
