"""One workbook -> its submission record and its normalised rows: read, extract the task
tables, tell the month and the agency, normalise. Pure but for reading the file."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from taskrollup.detect import detect_agency, detect_month, majority_lead
from taskrollup.errors import InputFileError
from taskrollup.extract import SheetTable, extract_table
from taskrollup.reader import Limits, RawWorkbook, read_workbook
from taskrollup.registry import Registry, load_registry
from taskrollup.store import Submission

if TYPE_CHECKING:
    import pandas as pd


@dataclass
class Options:
    """How files are read: what the user stated, the registry and limits, the workers."""

    month: str | None = None  # 'YYYY-MM'
    agency: str | None = None  # canonical name or any alias
    registry: Registry = field(default_factory=load_registry)
    limits: Limits = field(default_factory=Limits)
    jobs: int = 0  # worker processes for parsing; 0: one per CPU


def task_tables(path: Path, book: RawWorkbook, notes: list[str]) -> list[SheetTable]:
    """The task tables of a workbook; hidden sheets are noted and skipped."""
    tables = []
    for sheet in book.sheets:
        if sheet.hidden:
            notes.append(f"sheet '{sheet.name}' is hidden: not read")
            continue
        table = extract_table(sheet.name, sheet.rows, sheet.merges)
        if table is None:
            continue
        if table.header.contested:
            cols = ", ".join(sorted(table.header.contested))
            raise InputFileError(str(path), f"two columns are headed as the same field ({cols});"
                                 " rename one so it is clear which to read", sheet.name)
        tables.append(table)
    if not tables:
        raise InputFileError(str(path), "no task table in any sheet (no column for the task content)")
    return tables


def read_submission(path: Path, opts: Options, notes: list[str] | None = None,
                    sha256: str | None = None) -> tuple[Submission, pd.DataFrame]:
    """One workbook -> its submission record and normalised rows. Raises TaskrollupError."""
    import pandas as pd

    from taskrollup.normalise import SheetContext, normalise_columns

    book = read_workbook(path, sha256, opts.limits)
    tables = task_tables(path, book, notes if notes is not None else [])
    month = detect_month(path, tables, opts.month)
    submitter = detect_agency(tables, opts.registry, opts.agency)
    if submitter is None and any("agency" not in t.header.columns for t in tables):
        raise InputFileError(str(path), "cannot tell which agency sent this file: give it with --agency")
    lead_default = submitter or majority_lead(tables, opts.registry)
    frames = []
    for table in tables:
        ctx = SheetContext(table.sheet, table.header, lead_default, table.title_doc, opts.registry)
        frames.append(normalise_columns(table.columns(), ctx))
    rows = pd.concat(frames, ignore_index=True)
    skipped = sum(sum(t.skipped.values()) for t in tables)
    sub = Submission(path.name, book.sha256, lead_default, month, len(tables), len(rows), skipped)
    return sub, rows
