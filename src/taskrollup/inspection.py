"""`taskrollup inspect`: how a workbook would be read, sheet by sheet, with nothing stored.

For every sheet: the header rows found, each column with its header, the field it is read
as and why, the columns left unread, the first task rows as they would be stored (a secret
task's content replaced, rule 7), and the rows skipped with the reason. A sheet that cannot
be read says what it saw, as ingest would."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from taskrollup.detect import detect_agency, detect_month, majority_lead
from taskrollup.errors import InputFileError
from taskrollup.extract import SheetTable, decode_grid, extract_table
from taskrollup.normalise import column_letter
from taskrollup.reader import SheetGrid, read_workbook
from taskrollup.submission import NO_TABLE, Options, header_mapping

if TYPE_CHECKING:
    import pandas as pd

SAMPLE_ROWS = 5
SAMPLE_FIELDS = ("row", "source_id", "assigned_on", "content", "agency", "deadline", "extended_deadline",
                 "state", "timing", "completed_on", "secret", "problems")


@dataclass
class ColumnView:
    column: str  # 'D'
    header: str
    field: str | None  # None: left unread
    why: str


@dataclass
class SheetView:
    name: str
    hidden: bool = False
    header_rows: tuple[int, int] | None = None  # 1-based, first and last
    data_row: int | None = None  # 1-based
    columns: list[ColumnView] = field(default_factory=list)
    sample: list[dict[str, object]] = field(default_factory=list)
    skipped: list[tuple[int, int, str]] = field(default_factory=list)  # (first row, last row, why)
    problem: str | None = None  # why the sheet cannot be read


@dataclass
class WorkbookView:
    path: str
    sheets: list[SheetView] = field(default_factory=list)
    agency: str | None = None
    month: str | None = None
    problems: list[str] = field(default_factory=list)  # why ingest would fail the file
    error: str | None = None  # the file cannot be read at all

    @property
    def exit_code(self) -> int:
        """0 read, 1 ingest would fail it, 2 unreadable."""
        return 2 if self.error else 1 if self.problems else 0


def inspect_workbook(path: Path, opts: Options) -> WorkbookView:
    """How ingest would read one workbook (nothing is stored)."""
    view = WorkbookView(str(path))
    try:
        book = read_workbook(path, None, opts.limits)
    except InputFileError as exc:
        view.error = str(exc)
        return view
    mapping = header_mapping(book, opts)
    tables: list[tuple[SheetView, SheetTable]] = []
    for sheet in book.sheets:
        sheet_view, table = _sheet(sheet, mapping)
        view.sheets.append(sheet_view)
        if table is not None and sheet_view.problem is None:
            tables.append((sheet_view, table))
    view.problems = [f"sheet '{s.name}': {s.problem}" for s in view.sheets if s.problem and s.header_rows]
    if not tables:
        view.problems.append(NO_TABLE)
        return view
    _samples(path, view, tables, opts)
    return view


def _sheet(sheet: SheetGrid, mapping: dict[str, str]) -> tuple[SheetView, SheetTable | None]:
    from taskrollup import diagnose

    view = SheetView(sheet.name, hidden=sheet.hidden)
    if sheet.hidden:
        return view, None
    table = extract_table(sheet.name, sheet.rows, sheet.merges, mapping)
    if table is None:
        view.problem = "\n".join(diagnose.no_table(sheet.name, decode_grid(sheet.rows), mapping))
        return view, None
    header = table.header
    view.header_rows = (header.first_row + 1, header.last_row + 1)
    view.data_row = header.data_row + 1
    view.columns = _columns(table)
    view.skipped = _ranges(table.skipped_rows)
    if header.contested:
        view.problem = diagnose.contested(header, table.rows)
    return view, table


def _columns(table: SheetTable) -> list[ColumnView]:
    from taskrollup.diagnose import field_name

    header = table.header
    read = {c: name for name, c in header.columns.items()}
    out = []
    for c, label in sorted(header.labels.items()):
        if c in read:
            out.append(ColumnView(column_letter(c), label, read[c], header.reasons.get(c, "")))
        elif c in header.unread:
            other = header.columns[header.unread[c]]
            why = f"not read: column {column_letter(other)} reads {field_name(header.unread[c])}"
            out.append(ColumnView(column_letter(c), label, None, why))
        else:
            out.append(ColumnView(column_letter(c), label, None, "not read: its words name no field"))
    return out


def _ranges(rows: list[tuple[int, str]]) -> list[tuple[int, int, str]]:
    """Skipped rows as runs of consecutive rows skipped for the same reason."""
    runs: list[tuple[int, int, str]] = []
    for row, why in sorted(rows):
        if runs and runs[-1][2] == why and runs[-1][1] == row - 1:
            runs[-1] = (runs[-1][0], row, why)
        else:
            runs.append((row, row, why))
    return runs


def _samples(path: Path, view: WorkbookView, tables: list[tuple[SheetView, SheetTable]], opts: Options) -> None:
    """The first task rows of each readable sheet as ingest would store them; the month and
    the agency as ingest would tell them (what it could not tell is a problem)."""
    from taskrollup.normalise import SheetContext, normalise_columns

    plain = [t for _, t in tables]
    try:
        view.month = detect_month(path, plain, opts.month)
    except InputFileError as exc:
        view.problems.append(str(exc).split(": ", 1)[-1])
    submitter = detect_agency(plain, opts.registry, opts.agency)
    if submitter is None and any("agency" not in t.header.columns for t in plain):
        view.problems.append("cannot tell which agency sent this file: give it with --agency")
    view.agency = submitter or majority_lead(plain, opts.registry)
    for sheet_view, table in tables:
        head = _first_rows(table, SAMPLE_ROWS)
        ctx = SheetContext(table.sheet, table.header, view.agency, table.title_doc, opts.registry)
        sheet_view.sample = _shown(normalise_columns(head.columns(), ctx))


def _first_rows(table: SheetTable, n: int) -> SheetTable:
    """The table cut to its first n task rows."""
    return SheetTable(table.sheet, table.header, table.title, title_doc=table.title_doc,
                      rows=table.rows[:n], numbers=table.numbers[:n], contexts=table.contexts[:n])


def _shown(rows: pd.DataFrame) -> list[dict[str, object]]:
    """Rows as shown: a secret task's content is never shown (rule 7)."""
    from taskrollup.context import SECRET_PLACEHOLDER

    out = []
    for record in rows[list(SAMPLE_FIELDS)].to_dict("records"):
        if record["secret"]:
            record["content"] = SECRET_PLACEHOLDER
        out.append({k: _plain(v) for k, v in record.items()})
    return out


def _plain(value: object) -> object:
    """A stored value as plain Python: numpy scalars unwrapped, a missing value None."""
    value = value.item() if hasattr(value, "item") else value
    return None if isinstance(value, float) and value != value else value
