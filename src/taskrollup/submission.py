"""One workbook -> its submission record and its normalised rows: read, extract the task
tables, tell the month and the agency, normalise. Pure but for reading the file."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from taskrollup.columns import ColumnMap
from taskrollup.detect import agency_in_rows, detect_agency, detect_month, majority_lead
from taskrollup.errors import InputFileError
from taskrollup.extract import SheetTable, decode_grid, extract_table
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
    columns: ColumnMap = field(default_factory=ColumnMap)  # the office's own reading of headers


NO_TABLE = "no task table in any sheet (no column for the task content)"


def task_tables(path: Path, book: RawWorkbook, notes: list[str],
                mapping: Mapping[str, str] | None = None) -> list[SheetTable]:
    """The task tables of a workbook; hidden sheets are noted and skipped. `mapping`: the
    office's own reading of header texts."""
    from taskrollup import diagnose

    tables = []
    for sheet in book.sheets:
        if sheet.hidden:
            notes.append(f"sheet '{sheet.name}' is hidden: not read")
            continue
        table = extract_table(sheet.name, sheet.rows, sheet.merges, mapping)
        if table is None:
            continue
        if table.header.contested:
            raise InputFileError(str(path), diagnose.contested(table.header, table.rows), sheet.name)
        notes += diagnose.unread_notes(sheet.name, table.header)
        tables.append(table)
    if not tables:
        looks = [line for sheet in book.sheets if not sheet.hidden
                 for line in diagnose.no_table(sheet.name, decode_grid(sheet.rows), mapping)]
        raise InputFileError(str(path), "\n  ".join([NO_TABLE, *looks]))
    return tables


def header_mapping(book: RawWorkbook, opts: Options) -> dict[str, str]:
    """The office's reading of header texts for this workbook: the common lines, and the
    lines of the agency the option or a title line names."""
    if not opts.columns.by_agency:
        return dict(opts.columns.common)
    agency = opts.agency or next((name for sheet in book.sheets if not sheet.hidden
                                  if (name := agency_in_rows(decode_grid(sheet.rows[:12]), opts.registry))), None)
    return opts.columns.for_agency(agency)


def read_submission(path: Path, opts: Options, notes: list[str] | None = None,
                    sha256: str | None = None, used: set[str] | None = None) -> tuple[Submission, pd.DataFrame]:
    """One workbook -> its submission record and normalised rows. Raises TaskrollupError.
    `used` collects the office's mapping keys that matched a header."""
    import pandas as pd

    from taskrollup.normalise import SheetContext, normalise_columns
    from taskrollup.succession import reported_by_holder

    book = read_workbook(path, sha256, opts.limits)
    tables = task_tables(path, book, notes if notes is not None else [], header_mapping(book, opts))
    if used is not None:
        used.update(key for t in tables for key in t.header.mapped)
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
    # After a merger, the successor's report on a task its sheet still gives the old agency is the lead's.
    rows["is_lead"] = rows["is_lead"].to_numpy(dtype=bool) | reported_by_holder(
        rows["agency"], lead_default, month, opts.registry)
    skipped = sum(sum(t.skipped.values()) for t in tables)
    sub = Submission(path.name, book.sha256, lead_default, month, len(tables), len(rows), skipped)
    return sub, rows
