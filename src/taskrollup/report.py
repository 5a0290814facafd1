"""`taskrollup report`: figures + render. Both halves are importable on their own."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd

from taskrollup.context import (
    OUTCOME_WORDS,
    SECRET_PLACEHOLDER,
    build_context,
    document_title,
    period_title,
)
from taskrollup.figures import Figures, compute, scoped, summarise
from taskrollup.periods import Period, check_scope, parse_period
from taskrollup.registry import Registry, load_registry
from taskrollup.settings import ReportSettings
from taskrollup.store import Store
from taskrollup.succession import attribute, notes, without_successor

if TYPE_CHECKING:
    from openpyxl import Workbook


@dataclass
class Report:
    figures: Figures
    tasks: pd.DataFrame  # the scoped tasks, each with its outcome
    settings: ReportSettings
    texts: bool = True  # False: the tasks hold no texts (store.load_tasks(text=False))

    @cached_property
    def context(self) -> dict[str, object]:
        """What a template sees (built only when a document is written)."""
        if not self.texts:
            raise ValueError("this report was built for its figures alone (texts=False): "
                             "build it with texts=True to write a document")
        return build_context(self.figures, self.tasks, self.settings)


def build_report(db: Path, period: Period, as_of: dt.date | None = None, scope: str = "assigned",
                 settings: ReportSettings | None = None, texts: bool = True,
                 registry: Registry | None = None) -> Report:
    """Figures and template context of a period, from the store at `db`.

    Each task is counted under the agency that holds it on the cut-off day (`succession`:
    an ended agency's open tasks under its successor; `registry`, default the default one).
    `texts=False` loads the tasks without their texts: enough for the figures, not for a
    document."""
    check_scope(scope)
    settings = settings or ReportSettings()
    registry = registry or load_registry()
    with Store(db, create=False) as store, store.snapshot():
        tasks = store.load_tasks(text=texts)
        behind = store.behind_warning()
        pairs = store.load_pairs()
    as_of = as_of or period.end
    frame = scoped(attribute(tasks, registry, as_of), period, as_of, scope)
    figures = summarise(frame, tasks, period, as_of, scope)
    figures.warnings += without_successor(frame, registry, as_of)
    if behind:  # an ingest stopped or failed between storing its files and the tasks
        figures.warnings.append(behind)
    doubtful = possible_same_tasks(pairs, frame)
    if doubtful:
        figures.warnings.append(
            f"{doubtful} pair(s) of this period's tasks may be one task: each counts as two until the office"
            " decides ('taskrollup check' lists them; 'taskrollup same-task' or 'different-task' decides)")
    return Report(figures, frame, settings, texts)


def possible_same_tasks(pairs: pd.DataFrame, frame: pd.DataFrame) -> int:
    """How many pairs of tasks that may be one have a task among the period's (`frame`)."""
    counted = set(frame["task_id"])
    return int((pairs["task_a"].isin(counted) | pairs["task_b"].isin(counted)).sum())


def _appendix1_rows(figures: Figures) -> list[list[object]]:
    keys = ["assigned", "done_on_time", "done_late", "not_done_in_time", "not_done_overdue",
            "cancelled", "completion_rate"]
    rows: list[list[object]] = [[i, a["agency"], *(a[k] for k in keys)]
                                for i, a in enumerate(figures.by_agency, start=1)]
    rows.append(["", "Tổng cộng", *(figures.totals[k] for k in keys)])
    return rows


def _appendix2_rows(report: Report, programmes: list[str]) -> list[list[object]]:
    rows: list[list[object]] = []
    frame = report.tasks
    for source in programmes:
        part = frame[frame["source_id"] == source].sort_values(["agency", "assigned_on", "task_id"])
        for i, (t, moved) in enumerate(zip(part.itertuples(index=False), notes(part), strict=True), start=1):
            deadline = dt.date.fromisoformat(t.effective_deadline) if t.effective_deadline else None
            rows.append([source, i, SECRET_PLACEHOLDER if t.secret else t.content,
                         t.agency + (f" ({moved})" if moved else ""),
                         deadline or "Không có thời hạn", OUTCOME_WORDS[t.outcome]])
    return rows


def write_xlsx(report: Report, out: Path, settings: ReportSettings) -> Path:
    """Phụ lục 01 and 02 as sheets with real numbers and dates."""
    from taskrollup import render_xlsx as rx  # openpyxl: loaded only to write a workbook

    ctx = report.context
    label = period_title(report.figures.period).upper()
    wb = rx.new_workbook(stream=True)  # the task list can hold a hundred thousand rows
    n1, n2 = ctx["appendix1"]["number"], ctx["appendix2"]["number"]  # type: ignore[index]
    rx.add_table(wb, f"Phụ lục {n1}", [f"Phụ lục {n1}", f"KẾT QUẢ THỰC HIỆN NHIỆM VỤ {label}"],
                 ["STT", "Cơ quan, đơn vị", "Tổng số", "Hoàn thành đúng hạn", "Hoàn thành quá hạn",
                  "Chưa hoàn thành, trong hạn", "Chưa hoàn thành, quá hạn", "Dừng thực hiện",
                  "Tỷ lệ hoàn thành (%)"],
                 _appendix1_rows(report.figures), [6, 40, 10, 12, 12, 14, 14, 10, 12], bold_last=True)
    titles = {p: document_title(p, None) for p in settings.programmes}
    rx.add_table(wb, f"Phụ lục {n2}", [f"Phụ lục {n2}", "NHIỆM VỤ GIAO TẠI CÁC CHƯƠNG TRÌNH, KẾ HOẠCH",
                                      "; ".join(titles.values())],
                 ["Văn bản", "STT", "Nội dung nhiệm vụ", "Cơ quan chủ trì", "Thời hạn", "Kết quả"],
                 _appendix2_rows(report, settings.programmes), [14, 6, 70, 30, 14, 26])
    _add_task_list(wb, report.figures, report.tasks)
    return rx.save(wb, out)


def _add_task_list(wb: Workbook, figures: Figures, frame: pd.DataFrame) -> None:
    """The sheet 'Danh sách nhiệm vụ': every task the report counts, with a 0/1 column per
    figure, so a filter in Excel gives any figure of Phụ lục 01 and 02 and its tasks."""
    from taskrollup.explain import report_list
    from taskrollup.render_list import add_list

    heading = [f"DANH SÁCH NHIỆM VỤ {period_title(figures.period).upper()}",
               f"Tính đến ngày {figures.as_of:%d/%m/%Y}. Mỗi cột số liệu ghi 1 khi nhiệm vụ được tính"
               " vào số liệu đó: tổng của cột trên các dòng Nhóm \"UBND tỉnh\" là số liệu toàn tỉnh,"
               " thêm một cơ quan chủ trì là dòng của cơ quan tại Phụ lục 01; Nhóm \"Trung ương\" là"
               " nhiệm vụ Chính phủ, Thủ tướng Chính phủ giao; một văn bản giao là số liệu của văn bản đó."]
    add_list(wb, "Danh sách nhiệm vụ", heading, report_list(frame), autofilter=True)


def write_docx(report: Report, out: Path, template: Path | None = None) -> Path:
    from taskrollup.render_docx import render_docx  # docxtpl: loaded only to write a document

    return render_docx(report.context, out, template)


def example_context(settings: ReportSettings) -> dict[str, object]:
    """The context of a small made-up H1 report: every name a template may use, with values."""
    from taskrollup.fields import TASK_COLUMNS

    year = dt.date.today().year
    example = {c: None for c in TASK_COLUMNS} | {
        "authority": "provincial", "agency": "Sở Tài chính", "content": "Nội dung nhiệm vụ (ví dụ)",
        "assigned_on": f"{year}-01-12", "deadline": f"{year}-06-30",
        "effective_deadline": f"{year}-06-30", "state": "done", "completed_on": f"{year}-06-15",
        "no_deadline": False, "extension_requested": False, "completed_derived": False,
        "secret": False,
    }
    rows = [example | {"task_id": str(i), "source_id": s} for i, s in enumerate(settings.programmes)]
    tasks = pd.DataFrame(rows, columns=TASK_COLUMNS)
    period = parse_period(f"H1-{year}")
    figures = compute(tasks, period, period.end)
    return build_context(figures, scoped(tasks, period, period.end), settings)
