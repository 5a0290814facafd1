"""Presentation: rich tables and JSON for the CLI. No computation here."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rich.console import Console
from rich.table import Table
from rich.text import Text

from taskrollup.vnformat import day, number, percent

if TYPE_CHECKING:  # only named in annotations: printing need not load pandas or the stages
    import pandas as pd

    from taskrollup.agencies import FileCheck, Listing
    from taskrollup.check import CheckResult
    from taskrollup.explain import FigureList, TaskView
    from taskrollup.figures import Figures
    from taskrollup.ingest import IngestReport
    from taskrollup.inspection import SheetView, WorkbookView


def print_ingest(out: Console, report: IngestReport, fmt: str) -> None:
    if fmt == "json":
        data = {"files": [vars(f) for f in report.files], "tasks_in_store": report.tasks_in_store,
                "rows_in_store": report.rows_in_store, "warnings": report.warnings}
        emit_json(out, data)
        return
    table = Table(title="Ingest", show_lines=False)
    for col in ("file", "agency", "month", "status", "rows", "tasks", "skipped", "problems"):
        table.add_column(col, justify="right" if col in ("rows", "tasks", "skipped", "problems") else "left")
    for f in report.files:
        table.add_row(Path(f.path).name, f.agency or "", f.month or "", f.status,
                      str(f.rows_read), str(f.tasks), str(f.skipped), str(len(f.problems)))
    out.print(table)
    for f in report.files:
        if f.error:
            out.print(f"failed: {f.error}", markup=False, highlight=False, soft_wrap=True)
        for p in f.problems:
            out.print(f"problem: {Path(f.path).name}, {p}", markup=False, highlight=False, soft_wrap=True)
        for note in f.notes:
            out.print(f"note: {Path(f.path).name}, {note}", markup=False, highlight=False, soft_wrap=True)
    for w in report.warnings:
        out.print(f"warning: {w}", markup=False, highlight=False, soft_wrap=True)
    ok = sum(f.status == "ingested" for f in report.files)
    same = sum(f.status == "unchanged" for f in report.files)
    bad = sum(f.status == "failed" for f in report.files)
    out.print(f"{ok} file(s) ingested, {same} unchanged, {bad} failed; "
              f"store: {number(report.rows_in_store)} rows, {number(report.tasks_in_store)} tasks")


def print_store_summary(out: Console, data: dict[str, object], fmt: str) -> None:
    if fmt == "json":
        emit_json(out, data)
        return
    moved: dict[str, dict[str, int]] | None = data.get("moved")  # type: ignore[assignment]
    on = f" on {day(data['on'])}" if moved is not None else ""  # type: ignore[arg-type]
    table = Table(title=f"Tasks by lead agency{on}")
    table.add_column("agency")
    table.add_column("tasks", justify="right")
    if moved is not None:
        table.add_column("note")
    for name, n in data["tasks_by_agency"].items():  # type: ignore[union-attr]
        came = (moved or {}).get(name, {})
        notes = "; ".join(f"{number(k)} chuyển từ {origin}" for origin, k in came.items())
        table.add_row(name, number(n), *([notes] if moved is not None else []))
    out.print(table)
    out.print(f"{data['submissions']} submission(s) over {', '.join(data['months'])}; "  # type: ignore[arg-type]
              f"{number(data['rows'])} rows ({data['problem_rows']} with problems); "
              f"{number(data['tasks'])} tasks ({data['secret_tasks']} secret)")


def print_figures(out: Console, figures: Figures) -> None:
    from taskrollup.figures import FIGURE_KEYS

    table = Table(title=f"{figures.period.described()}, as of {figures.as_of:%d/%m/%Y} (scope: {figures.scope})")
    table.add_column("figure")
    table.add_column("province", justify="right")
    table.add_column("central Government", justify="right")
    for key in FIGURE_KEYS:
        table.add_row(key, number(figures.totals[key]), number(figures.central[key]))
    for key in ("completion_rate", "due_rate"):
        table.add_row(key, percent(float(figures.totals[key])), percent(float(figures.central[key])))
    out.print(table)
    for w in figures.warnings:
        out.print(f"warning: {w}", markup=False)


def print_headline(out: Console, figures: Figures, written: Path) -> None:
    """The figures the report cites, in one short block, and where it was written."""
    t = figures.totals
    out.print(f"{figures.period.described()}, as of {figures.as_of:%d/%m/%Y}: assigned {number(t['assigned'])}"
              f" (secret {number(t['secret'])}); done {number(t['done'])} (on time "
              f"{number(t['done_on_time'])}, late {number(t['done_late'])}); not done "
              f"{number(t['not_done'])} (in time {number(t['not_done_in_time'])}, overdue "
              f"{number(t['not_done_overdue'])}); cancelled {number(t['cancelled'])}",
              markup=False, highlight=False)
    c = figures.central
    out.print(f"central Government: assigned {c['assigned']}, done {c['done']}, not done "
              f"{c['not_done']} (overdue {c['not_done_overdue']})", markup=False, highlight=False)
    for w in figures.warnings:
        out.print(f"warning: {w}", markup=False)
    out.print(f"written: {written}", markup=False, highlight=False)


def print_variables(out: Console, context: dict[str, object]) -> None:
    """Every name a template may use, with an example value."""
    from taskrollup.context import describe_context

    table = Table(title="Template variables")
    table.add_column("name")
    table.add_column("example")
    for name, example in describe_context(context):
        table.add_row(Text(name), Text(example))  # Text: '[i]' is not markup
    out.print(table)


def emit_json(out: Console, data: object, path: Path | None = None) -> None:
    """One JSON document on stdout, or in the file `path`, as is (no highlighting: it may
    be large).

    Indented for a person at a terminal; one line for a program reading a pipe or
    a file (the indenting encoder is pure Python and several times slower)."""
    indent = 2 if path is None and out.file.isatty() else None
    emit(out, json.dumps(data, ensure_ascii=False, indent=indent), path)


def emit(out: Console, text: str, path: Path | None) -> None:
    """Text to a file when one is named, else to stdout as it is."""
    if path is None:
        out.file.write(text if text.endswith("\n") else text + "\n")
    else:
        path.write_text(text, "utf-8")


def _task_line(source: str, assigned: str | None, deadline: str | None, days: str, content: str) -> str:
    return f"  {source:<18} {day_text(assigned):<10} {day_text(deadline):<10} {days:>5}  {content[:90]}"


def _noted(rec: object) -> str:
    """A listed task's content, after its note ('chuyển từ ...: ') when it has one."""
    note, content = getattr(rec, "note", None), str(getattr(rec, "content", ""))
    return f"({note}) {content}" if note else content


def _noted_all(frame: object) -> list[str]:
    """`_noted` of every listed task."""
    notes = frame["note"].tolist() if "note" in frame.columns else [None] * len(frame)  # type: ignore[attr-defined, index]
    return [f"({n}) {c}" if n else str(c) for n, c in zip(notes, frame["content"].tolist(), strict=True)]  # type: ignore[index]


def print_check(out: Console, result: CheckResult) -> None:
    """Overdue tasks grouped by agency (count per agency), then due soon, then data quality.

    Plain aligned lines rather than a rich table: a province can have thousands of
    overdue tasks, and this stays fast and readable."""
    day = f"{result.as_of:%d/%m/%Y}"
    overdue = result.overdue
    lines = [f"Overdue as of {day}: {len(overdue)} task(s)",
             f"  {'source':<18} {'assigned':<10} {'deadline':<10} {'days':>5}  content",
             *_by_agency(overdue["agency"].tolist(), [
                 f"  {s:<18} {a:<10} {d:<10} {n:>5}  {c[:90]}" for s, a, d, n, c in zip(
                     overdue["source"].tolist(), _days(overdue["assigned_on"]), _days(overdue["deadline"]),
                     overdue["days_overdue"].tolist(), _noted_all(overdue), strict=True)])]
    lines.append(f"Due within {result.due_within} day(s) of {day}: {len(result.due_soon)} task(s)")
    for rec in result.due_soon.itertuples(index=False):
        lines.append(f"{rec.agency}: " + _task_line(rec.source, rec.assigned_on, rec.deadline, "", _noted(rec)).strip())
    from taskrollup.quality import KINDS

    found = result.data_quality
    kinds = Counter(found["kind"].tolist()) if len(found) else Counter()
    examples = found.drop_duplicates("kind").set_index("kind").to_dict("index") if len(found) else {}
    for kind, n in sorted(kinds.items()):
        example = examples[kind]
        lines.append(f"data quality: {n} × {KINDS[kind]} (e.g. {example['file']}, sheet "
                     f"'{example['sheet']}', row {example['row']})")
    lines += _possible_same_tasks(found)
    lines += [f"warning: {w}" for w in result.warnings]
    lines.append(f"{len(result.overdue)} overdue, {len(result.due_soon)} due soon, "
                 f"{len(result.data_quality)} data-quality finding(s); --format json lists them all")
    emit(out, "\n".join(lines), None)


SHOWN_PAIRS = 20  # possible same tasks a table shows in full


def _possible_same_tasks(found: pd.DataFrame) -> list[str]:
    """Each pair of tasks that may be one, with both texts, a row of each and the two
    commands that decide it."""
    if not len(found):
        return []
    pairs = found[found["kind"] == "possible_same_task"]
    lines = [f"possible same task ({len(pairs)}): two tasks count until the office decides"] if len(pairs) else []
    for rec in pairs.head(SHOWN_PAIRS).itertuples(index=False):
        d = rec.detail
        lines += [f"  {d['document']}, {rec.agency}: {d['reason']}",
                  f"    {d['task_a']} '{d['text_a']}' ({rec.file}, sheet '{rec.sheet}', row {rec.row})",
                  f"    {d['task_b']} '{d['text_b']}' ({d['file_b']}, sheet '{d['sheet_b']}', row {d['row_b']})",
                  f"    taskrollup same-task {d['task_a']} {d['task_b']}  |  taskrollup different-task"
                  f" {d['task_a']} {d['task_b']}"]
    if len(pairs) > SHOWN_PAIRS:
        lines.append(f"  ... and {len(pairs) - SHOWN_PAIRS} more (--format json lists them all)")
    return lines


def print_agencies(out: Console, listing: Listing, fmt: str) -> None:
    """The agencies in force on a day, then those ended by then with who holds their open tasks."""
    if fmt == "json":
        emit_json(out, listing.to_dict())
        return
    on = day(listing.on)
    table = Table(title=f"Agencies in force on {on}")
    for col in ("agency", "abbreviations", "from", "until"):
        table.add_column(col, overflow="fold")
    for a in listing.in_force:
        table.add_row(a.name, ", ".join(a.aliases), day_text(_iso(a.start)), day_text(_iso(a.until)))
    out.print(table)
    if listing.ended:
        ended = Table(title=f"Ended before {on}")
        for col in ("agency", "until", f"its open tasks, by {on}, to"):
            ended.add_column(col, overflow="fold")
        for a, chain in listing.ended:
            ended.add_row(a.name, day_text(_iso(a.until)), " → ".join(chain) or "— (no successor)")
        out.print(ended)
    if listing.not_yet:
        _plain(out, "not yet in force: " + "; ".join(f"{a.name} (from {day_text(_iso(a.start))})" for a in listing.not_yet))
    _plain(out, f"{len(listing.in_force)} in force, {len(listing.ended)} ended, {len(listing.not_yet)} not yet begun")


def print_registry_check(out: Console, result: FileCheck, fmt: str) -> None:
    """Each fault of a registry file as 'FILE:LINE: message', then a count."""
    if fmt == "json":
        emit_json(out, result.to_dict())
        return
    for fault in result.faults:
        _plain(out, fault.text(str(result.path)))
    found = f"{len(result.faults)} fault(s)" if result.faults else "no faults"
    _plain(out, f"{result.path}: {result.entries} agency entr{'y' if result.entries == 1 else 'ies'}, {found}")


def _iso(value: object) -> str | None:
    return value.isoformat() if value is not None else None  # type: ignore[attr-defined]


def _by_agency(agencies: list[str], lines: list[str]) -> list[str]:
    """A list's `lines` under a heading for each agency, with its count (`agencies`: each
    line's agency, in agency order). Plain aligned lines rather than a rich table: a list
    can hold a hundred thousand tasks, and this stays fast and readable."""
    counts = Counter(agencies)
    out, current = [], None
    for agency, line in zip(agencies, lines, strict=True):
        if agency != current:
            current = agency
            out.append(f"{agency} ({counts[agency]})")
        out.append(line)
    return out


def _days(dates: pd.Series, width: int = 0) -> list[str]:
    """ISO dates as 'dd/mm/yyyy' ('' for none), padded to `width`."""
    return _shown(dates, lambda d: f"{day_text(d):<{width}}", " " * width)


def _padded(values: pd.Series, width: int) -> list[str]:
    return _shown(values, lambda v: f"{v:<{width}}", " " * width)


def _shown(values: pd.Series, show: Callable[[Any], str], missing: str) -> list[str]:
    """Each value as `show` makes it, each distinct one made once (a list repeats its dates,
    documents and outcomes: formatting them row by row was most of printing 100.000 tasks)."""
    import numpy as np
    import pandas as pd

    codes, uniques = pd.factorize(values)  # -1: missing, which takes the last entry
    return np.array([*(show(v) for v in uniques), missing], dtype=object)[codes].tolist()


def print_explain(out: Console, listed: FigureList, fmt: str, path: Path | None = None) -> None:
    """The tasks behind a figure: by agency (table), or as JSON or CSV, to stdout or `path`."""
    if fmt == "json":
        emit_json(out, listed.to_dict(), path)
        return
    if fmt == "csv":
        from taskrollup.render_list import csv_text

        emit(out, csv_text(listed.tasks), path)
        return
    w, where = listed.window, f"the report's {listed.group.where}.{listed.figure}"
    lines = [f"{listed.figure}, {w.period.name} as of {w.as_of:%d/%m/%Y} (scope {w.scope}), "
             f"{listed.group.label}: {number(listed.count)} task(s)",
             f"  {'task id':<12}  {'source':<18} {'assigned':<10} {'deadline':<10} {'closed':<10} "
             f"{'category':<16}  content",
             *_by_agency(listed.tasks["agency"].tolist(), _explained_lines(listed.tasks)),
             *(f"warning: {w}" for w in listed.warnings),
             f"{number(listed.count)} task(s): {where}; taskrollup explain --task ID shows one task's rows"]
    emit(out, "\n".join(lines), path)


def _explained_lines(tasks: pd.DataFrame) -> list[str]:
    """A line for each task of a figure's list, built column by column."""
    columns = (tasks["task_id"].tolist(), _padded(tasks["source"], 18), _days(tasks["assigned_on"], 10),
               _days(tasks["deadline"], 10), _days(tasks["closed_on"], 10), _padded(tasks["category"], 16),
               tasks["content"].tolist())
    return [f"  {i:<12}  {s} {a} {d} {c} {k}  {(t or '')[:54]}" for i, s, a, d, c, k, t in zip(*columns, strict=True)]


def print_task(out: Console, view: TaskView, fmt: str, path: Path | None = None) -> None:
    """One task: its fields, the report's view of it, every row it came from, its findings."""
    if fmt == "json":
        emit_json(out, view.to_dict(), path)
        return
    lines = [*_task_head(view), f"{len(view.rows)} row(s) it came from, oldest first:",
             f"  {'month':<8} {'role':<11} {'status':<21} {'deadline':<10} {'closed on':<10}  file, sheet, row (sent by)"]
    for rec in view.rows.itertuples(index=False):
        lines.append(_row_line(rec))
        if rec.problems:
            lines.append(f"    problems: {rec.problems}")
    lines.append(f"{len(view.findings)} data-quality finding(s) on it" + (":" if view.findings else ""))
    lines += [f"  {f['message']} ({f['file']}, sheet '{f['sheet']}', row {f['row']})" for f in view.findings]
    emit(out, "\n".join(lines), path)


def _row_line(rec: Any) -> str:
    """One row a task came from: its month, role, status, dates and place."""
    state = f"{rec.state} ({rec.timing})" if rec.timing else str(rec.state or "")
    deadline = day_text(rec.extended_deadline or rec.deadline)
    mark = "  ◀ gives the status" if rec.gives_status else ""
    return (f"  {rec.month:<8} {rec.role:<11} {state:<21} {deadline:<10} {day_text(rec.completed_on or rec.cancelled_on):<10}"
            f"  {rec.file}, sheet '{rec.sheet}', row {rec.row} ({rec.submitted_by or '?'}){mark}")


def _task_head(view: TaskView) -> list[str]:
    """The task's fields, and what the report of the window counts it as."""
    t = view.task
    periods = f" ({', '.join(view.periods)})" if view.periods else ""
    lines = [f"Task {t['task_id']}: {t['source_id']} ({t['authority']}), lead agency {t['agency']}",
             f"  {t['content']}",
             f"  assigned {day_text(t['assigned_on']) or '(no date)'}{periods}; {_deadline(t)}{_closed(t)}",
             f"  status {_status(t)}, from the row marked below (of {t['row_count']})"]
    if view.window is not None and view.counted_in is not None:
        w, c = view.window, view.counted_in
        lines.append(f"In {w.period.name} as of {w.as_of:%d/%m/%Y} (scope {w.scope}): {c['outcome']}; counts in "
                     f"{', '.join(c['figures'])} of {', '.join(c['groups'])}")  # type: ignore[arg-type]
    return lines


def _deadline(t: dict[str, Any]) -> str:
    if not t["effective_deadline"]:
        return "no deadline"
    extended = f" (extended from {day_text(t['deadline'])})" if t["extended_deadline"] and t["deadline"] else ""
    return f"deadline {day_text(t['effective_deadline'])}{extended}"


def _closed(t: dict[str, Any]) -> str:
    if t["completed_on"]:
        derived = " (the end of the month first reported done)" if t["completed_derived"] else ""
        return f"; done on {day_text(t['completed_on'])}{derived}"
    return f"; cancelled on {day_text(t['cancelled_on'])}" if t["cancelled_on"] else ""


def _status(t: dict[str, Any]) -> str:
    timing = f" ({t['timing']})" if t["timing"] else ""
    return f"{t['state']}{timing}" + (", extension requested" if t["extension_requested"] else "")


@lru_cache(maxsize=4096)
def day_text(iso: str | None) -> str:
    return day(iso) if iso else ""


def print_inspect(out: Console, books: list[WorkbookView], fmt: str) -> None:
    """How each workbook would be read: a table per sheet, or one JSON document."""
    if fmt == "json":
        from dataclasses import asdict

        emit_json(out, [asdict(b) | {"exit_code": b.exit_code} for b in books])
        return
    for book in books:
        _print_book(out, book)


def _plain(out: Console, text: str) -> None:
    out.print(text, markup=False, highlight=False, soft_wrap=True)


def _print_book(out: Console, book: WorkbookView) -> None:
    _plain(out, f"{Path(book.path).name}: " + (book.error or f"agency {book.agency or '?'}, month {book.month or '?'}"))
    for sheet in book.sheets:
        if sheet.hidden:
            _plain(out, f"sheet '{sheet.name}': hidden, not read")
        elif sheet.header_rows is None:
            _plain(out, sheet.problem or f"sheet '{sheet.name}': no task table")
        else:
            _print_sheet(out, sheet)
    for problem in book.problems:
        _plain(out, f"would fail: {problem}")
    _plain(out, "")


def _print_sheet(out: Console, sheet: SheetView) -> None:
    first, last = sheet.header_rows  # type: ignore[misc]
    rows = f"row {first}" if first == last else f"rows {first}-{last}"
    table = Table(title=f"sheet '{sheet.name}': header {rows}, data from row {sheet.data_row}", title_justify="left")
    for col in ("column", "header", "read as", "why"):
        table.add_column(col)
    for c in sheet.columns:
        table.add_row(c.column, c.header, c.field or "—", c.why)
    out.print(table)
    if sheet.problem:
        _plain(out, sheet.problem)
    if sheet.sample:
        _print_sample(out, sheet)
    skipped = "; ".join(f"{a}-{b} {why}" if a != b else f"{a} {why}" for a, b, why in sheet.skipped)
    _plain(out, f"rows skipped: {skipped or 'none'}")


_SAMPLE_HEAD = (("row", "row"), ("source_id", "source"), ("content", "content"),
                ("agency", "agency"), ("deadline", "deadline"), ("state", "state"), ("completed_on", "completed"))


def _print_sample(out: Console, sheet: SheetView) -> None:
    table = Table(title=f"the first {len(sheet.sample)} task rows as they would be stored", title_justify="left")
    for key, head in _SAMPLE_HEAD:
        wrap = key in ("content", "agency")
        table.add_column(head, no_wrap=not wrap, overflow="fold" if wrap else "ellipsis",
                         min_width=(16 if key == "content" else 10) if wrap else None)
    for row in sheet.sample:
        cells = [str(row[key]) if row[key] not in (None, "") else "" for key, _ in _SAMPLE_HEAD]
        cells[2] = cells[2][:40]
        if row["timing"]:
            cells[5] += f" ({row['timing']})"
        table.add_row(*cells)
    out.print(table)
    for row in sheet.sample:
        if row["problems"]:
            _plain(out, f"row {row['row']}: {row['problems']}")
