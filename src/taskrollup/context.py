"""The context a report template sees: figures formatted the Vietnamese way. Pure.

`taskrollup report --list-variables` prints this structure; the README documents it.
A secret task's content never enters the context: it reads SECRET_PLACEHOLDER.
"""

from __future__ import annotations

import datetime as dt
import re

import pandas as pd

from taskrollup import vnformat as vn
from taskrollup.figures import FIGURE_KEYS, Figures
from taskrollup.periods import CALENDAR, Period, parse_period
from taskrollup.settings import ReportSettings
from taskrollup.succession import notes

SECRET_PLACEHOLDER = "Nhiệm vụ tại văn bản mật"
DOC_TYPES = {"QĐ": "Quyết định", "KH": "Kế hoạch", "CV": "Công văn", "TB": "Thông báo",
             "NQ": "Nghị quyết", "CT": "Chỉ thị", "CTr": "Chương trình", "KL": "Kết luận",
             "BC": "Báo cáo", "TTr": "Tờ trình", "UBND": "Công văn", "VPUBND": "Công văn"}
OUTCOME_WORDS = {
    "done_on_time": "Hoàn thành đúng hạn", "done_late": "Hoàn thành quá hạn",
    "not_done_in_time": "Chưa hoàn thành, còn trong hạn",
    "not_done_overdue": "Chưa hoàn thành, quá hạn", "cancelled": "Dừng thực hiện",
}

# Each figure in the words of the report's tables (the headers of the report's task list).
FIGURE_WORDS = {
    "assigned": "Tổng số nhiệm vụ", "secret": "Giao tại văn bản mật", "done": "Đã hoàn thành",
    "done_on_time": "Hoàn thành đúng hạn", "done_late": "Hoàn thành quá hạn",
    "not_done": "Chưa hoàn thành", "not_done_in_time": "Chưa hoàn thành, trong hạn",
    "not_done_overdue": "Chưa hoàn thành, quá hạn", "extension_requested": "Xin gia hạn",
    "cancelled": "Dừng thực hiện", "no_deadline": "Không có thời hạn",
}


def period_label(period: Period) -> str:
    """'H1-2021' -> '6 tháng đầu năm 2021', 'Q2-2021' -> 'quý II năm 2021', ..."""
    name, year = period.name, period.end.year  # the end: under nd09 a period begins the year or month before
    if name.startswith("H"):
        return f"6 tháng {'đầu' if name[1] == '1' else 'cuối'} năm {year}"
    if name.startswith("Q"):
        return f"quý {vn.ROMAN[int(name[1])]} năm {year}"
    if re.fullmatch(r"\d{4}-\d{2}", name):
        return f"tháng {period.end.month} năm {year}"
    if re.fullmatch(r"\d{4}", name):
        return f"năm {year}"
    return f"từ {vn.date_phrase(period.start)} đến {vn.date_phrase(period.end)}"


def period_span(period: Period) -> str:
    """'tính từ ngày 15/12/2020 đến ngày 14/06/2021': the days the figures cover."""
    return f"tính từ {vn.date_phrase(period.start)} đến {vn.date_phrase(period.end)}"


def period_title(period: Period) -> str:
    """The period as a report names it: its label, and its days where the label alone does
    not say them ('6 tháng đầu năm 2021 (tính từ ngày 15/12/2020 đến ngày 14/06/2021)' under
    Nghị định 09; '6 tháng đầu năm 2021' for the calendar half-year)."""
    label = period_label(period)
    if not period.named:
        return label
    calendar = parse_period(period.name, CALENDAR)
    if (calendar.start, calendar.end) == (period.start, period.end):
        return label
    return f"{label} ({period_span(period)})"


def document_title(source: str, assigned_on: str | None) -> str:
    """'42/QĐ-UBND' -> 'Quyết định số 42/QĐ-UBND ngày 12/01/2021'."""
    kind = next((DOC_TYPES[p] for p in re.split(r"[/-]", source)[1:] if p in DOC_TYPES), "Văn bản")
    date = f" {vn.date_phrase(assigned_on)}" if assigned_on else ""
    return f"{kind} số {source}{date}"


def formatted(f: dict[str, float | int]) -> dict[str, str]:
    """Every figure as report text ('2.573'); `<key>_2` with a leading zero under ten
    ('06'), as reports cite small counts; rates as '98,62%'."""
    out = {k: vn.number(int(f[k])) for k in FIGURE_KEYS}
    out.update({f"{k}_2": vn.two_digits(int(f[k])) for k in FIGURE_KEYS})
    out["completion_rate"] = vn.percent(float(f["completion_rate"]))
    out["due_rate"] = vn.percent(float(f["due_rate"]))
    return out


def _appendix1(figures: Figures) -> dict[str, object]:
    rows = []
    for i, a in enumerate(figures.by_agency, start=1):
        rows.append({"stt": str(i), "agency": a["agency"],
                     **formatted(a)})  # type: ignore[arg-type]
    return {"rows": rows, "total": formatted(figures.totals)}


def _task_rows(frame: pd.DataFrame) -> list[dict[str, str]]:
    rows = []
    ordered = frame.sort_values(["agency", "assigned_on", "task_id"])
    for i, (t, moved) in enumerate(zip(ordered.itertuples(index=False), notes(ordered), strict=True), start=1):
        result = OUTCOME_WORDS[t.outcome]
        if t.extension_requested and t.outcome.startswith("not_done"):
            result += " (xin gia hạn)"
        rows.append({
            "stt": str(i),
            "content": SECRET_PLACEHOLDER if t.secret else str(t.content),
            "agency": str(t.agency) + (f" ({moved})" if moved else ""),
            "note": moved or "",
            "deadline": vn.day(t.effective_deadline) if t.effective_deadline else "Không có thời hạn",
            "result": result,
        })
    return rows


def _programmes(figures: Figures, scoped: pd.DataFrame, settings: ReportSettings) -> list[dict[str, object]]:
    by_source = {str(s["source"]): s for s in figures.by_source}
    out = []
    for source in settings.programmes:
        fig = by_source.get(source)
        if fig is None:
            continue
        out.append({
            "source": source,
            "title": document_title(source, fig.get("assigned_on")),  # type: ignore[arg-type]
            "f": formatted(fig),  # type: ignore[arg-type]
            "tasks": _task_rows(scoped[scoped["source_id"] == source]),
        })
    return out


def build_context(figures: Figures, scoped: pd.DataFrame, settings: ReportSettings,
                  today: dt.date | None = None) -> dict[str, object]:
    """Everything a template may use (see `describe_context`)."""
    today = today or figures.as_of
    numbering = settings.appendix_numbering
    return {
        "province": settings.province,
        "province_upper": settings.province.upper(),
        "authority_name": settings.authority_name,
        "authority_upper": settings.authority_name.upper(),
        "authority_line1": settings.authority_line1,
        "authority_line2": settings.authority_line2,
        "place": settings.place,
        "report_number": settings.report_number,
        "date_line": vn.date_line(settings.place, today),
        "signer_role": settings.signer_role,
        "signer_title": settings.signer_title,
        "signer_name": settings.signer_name,
        "recipients": settings.recipients,
        "period": {"name": figures.period.name, "label": period_label(figures.period),
                   "title": period_title(figures.period), "span": period_span(figures.period),
                   "convention": figures.period.convention,
                   "start": vn.day(figures.period.start), "end": vn.day(figures.period.end)},
        "as_of": vn.date_phrase(figures.as_of),
        "t": formatted(figures.totals),
        "central": formatted(figures.central),
        "has_cancelled": int(figures.totals["cancelled"]) > 0,
        "programmes": _programmes(figures, scoped, settings),
        "appendix1": {"number": vn.appendix_number(1, numbering), **_appendix1(figures)},
        "appendix2": {"number": vn.appendix_number(2, numbering)},
        "warnings": figures.warnings,
    }


def describe_context(context: dict[str, object], prefix: str = "") -> list[tuple[str, str]]:
    """(name, example) pairs for every variable, lists shown by their first item."""
    out: list[tuple[str, str]] = []
    for key, value in context.items():
        name = f"{prefix}{key}"
        if isinstance(value, dict):
            out.extend(describe_context(value, name + "."))
        elif isinstance(value, list) and value and isinstance(value[0], dict):
            out.append((name, f"list of {len(value)}"))
            out.extend(describe_context(value[0], name + "[i]."))
        else:
            out.append((name, str(value)[:60]))
    return out
