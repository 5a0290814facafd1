"""Read a workbook (.xlsx, .xlsm, .xls) into plain grids: cell values, merged ranges, hidden
flags. Excel files are opened only here and, as zips, in `zipcheck`, whose checks an .xlsx
passes before calamine opens it.

The reader was chosen by measurement (see README, "Performance"): python-calamine
parses both .xlsx and legacy .xls, gives merged ranges, and is many times faster
than openpyxl. Nothing in a workbook is evaluated: formulas come back as their
cached values, macros are never run.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path

from python_calamine import CalamineWorkbook

from taskrollup.errors import InputFileError
from taskrollup.headers import Merge
from taskrollup.zipcheck import Limits, check_zip

__all__ = ["EXCEL_SUFFIXES", "Limits", "RawWorkbook", "SheetGrid", "file_sha256", "find_workbooks",
           "read_workbook"]

EXCEL_SUFFIXES = {".xlsx", ".xlsm", ".xls"}
_ZIP_MAGIC = b"PK\x03\x04"
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


@dataclass
class SheetGrid:
    """One sheet as rows of cell values (0-based), with its merged ranges."""

    name: str
    rows: list[list[object]]
    merges: list[Merge] = field(default_factory=list)
    hidden: bool = False


@dataclass
class RawWorkbook:
    path: Path
    sha256: str
    sheets: list[SheetGrid]


def file_sha256(path: Path) -> str:
    """The file's SHA-256: the same bytes are the same submission, whatever the name."""
    digest = hashlib.sha256()
    try:
        with open(path, "rb") as fh:
            for chunk in iter(lambda: fh.read(1 << 20), b""):
                digest.update(chunk)
    except OSError as exc:
        raise InputFileError(str(path), f"cannot open: {exc.strerror}") from exc
    return digest.hexdigest()


def _check_file(path: Path, limits: Limits) -> None:
    """Refuse what is not a workbook before any parse: an empty file, an encrypted .xlsx (an
    OLE container), anything neither zip nor OLE; check an .xlsx's zip (`check_zip`)."""
    try:
        with open(path, "rb") as fh:
            head = fh.read(8)
    except OSError as exc:
        raise InputFileError(str(path), f"cannot open: {exc.strerror}") from exc
    if not head:
        raise InputFileError(str(path), "the file is empty")
    if head.startswith(_OLE_MAGIC):
        if path.suffix.lower() in (".xlsx", ".xlsm"):
            raise InputFileError(str(path), "the workbook is password-protected or encrypted;"
                                 " save an unprotected copy")
        return  # .xls
    if not head.startswith(_ZIP_MAGIC):
        raise InputFileError(str(path), "not an Excel workbook (neither .xlsx nor .xls content)")
    check_zip(path, limits)


def _merges(sheet: object) -> list[Merge]:
    ranges = getattr(sheet, "merged_cell_ranges", None) or []
    return [(r0, c0, r1, c1) for (r0, c0), (r1, c1) in ranges]


def read_workbook(path: Path, sha256: str | None = None, limits: Limits | None = None) -> RawWorkbook:
    """Every sheet of the workbook at `path`, as grids. Raises InputFileError."""
    path = Path(path)
    _check_file(path, limits or Limits())
    sha = sha256 or file_sha256(path)
    try:
        sheets = _sheets(CalamineWorkbook.from_path(str(path)))
    except Exception as exc:  # calamine raises several types for one story: unreadable
        raise InputFileError(str(path), _describe(exc)) from exc
    return RawWorkbook(path, sha, sheets)


def _sheets(book: CalamineWorkbook) -> list[SheetGrid]:
    """The workbook's sheets in order, chart sheets left out; a hidden sheet is flagged."""
    sheets = []
    for meta in book.sheets_metadata:
        if str(meta.typ).endswith("ChartSheet"):
            continue
        sheet = book.get_sheet_by_name(meta.name)
        rows = sheet.to_python(skip_empty_area=False)
        hidden = not str(meta.visible).endswith("Visible")
        sheets.append(SheetGrid(meta.name, rows, _merges(sheet), hidden))
    return sheets


def _describe(exc: Exception) -> str:
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    lowered = text.lower()
    if "password" in lowered or "encrypt" in lowered or "cfb" in lowered:
        return "the workbook is password-protected or encrypted; save an unprotected copy"
    if "zip" in lowered or "eof" in lowered or "invalid" in lowered:
        return f"the workbook is damaged or truncated ({text[:120]})"
    return f"cannot read the workbook ({text[:120]})"


def find_workbooks(paths: list[Path]) -> list[Path]:
    """Expand folders (recursively) into the Excel files they hold, sorted; skip lock files."""
    found: list[Path] = []
    for p in paths:
        p = Path(p)
        if p.is_dir():
            found.extend(
                f for f in sorted(p.rglob("*"))
                if f.is_file() and f.suffix.lower() in EXCEL_SUFFIXES and not f.name.startswith("~$")
            )
        else:
            found.append(p)
    return found
