"""Read a workbook (.xlsx, .xlsm, .xls) into plain grids. The only module that opens Excel files.

The reader was chosen by measurement (see README, "Performance"): python-calamine
parses both .xlsx and legacy .xls, gives merged ranges, and is many times faster
than openpyxl. Nothing in a workbook is evaluated: formulas come back as their
cached values, macros are never run. An .xlsx is checked (`check_zip`) before
calamine opens it.
"""

from __future__ import annotations

import hashlib
import lzma
import posixpath
import re
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

from python_calamine import CalamineWorkbook

from taskrollup.errors import InputFileError
from taskrollup.headers import Merge

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


@dataclass(frozen=True)
class Limits:
    """What a workbook may declare before it is refused unparsed (settings; see README)."""

    max_entry_bytes: int = 256 * 1024 * 1024  # one part, uncompressed
    max_total_bytes: int = 512 * 1024 * 1024  # all parts, uncompressed
    max_ratio: int = 200  # uncompressed / compressed, for parts over 1 MiB
    max_rows: int = 200_000  # rows a sheet may reach
    max_columns: int = 702  # columns a sheet may reach (ZZ)


# Images and binaries, by their names: calamine never opens them, so they are neither checked
# for entities (an SVG image may declare its DOCTYPE) nor refused for damage, unless their
# first bytes show a sheet.
_BINARY = (".bin", ".png", ".jpg", ".jpeg", ".gif", ".bmp", ".tif", ".tiff", ".emf", ".wmf", ".svg",
           ".emz", ".wmz", ".wdp", ".webp", ".ico", ".odttf")
_DAMAGED = (zipfile.BadZipFile, zlib.error, lzma.LZMAError, EOFError, OSError, UnicodeDecodeError)
_HEAD = 4096  # the bytes of each part looked at for entity declarations and a sheet's root element
_CHUNK = 1 << 20  # a sheet is unpacked this much at a time


def check_zip(path: Path, limits: Limits = Limits()) -> None:
    """Refuse zip bombs, XML entity declarations and sheets past the limits before any parser
    sees the file, with a one-line InputFileError saying why.

    Sizes are checked from the zip's directory before anything is unpacked. Then a sheet is
    unpacked to its end, a chunk at a time, for entity declarations and its extent; any other
    part but an image or a binary is unpacked for its first 4 KiB only, for entity
    declarations. A part that cannot be unpacked as far as it is read (damaged, encrypted, an
    unknown compression) or a name that is not UTF-8 refuses the file, unless it is an image
    or a binary calamine never opens."""
    try:
        with zipfile.ZipFile(path) as zf:
            entries = zf.infolist()
            _check_sizes(entries, limits, path)
            sheets = _sheet_parts(zf, entries)
            for e in entries:
                if not e.is_dir():
                    _check_part(zf, e, sheets, limits, path)
    except _DAMAGED as exc:
        raise InputFileError(str(path), f"the workbook is damaged or truncated ({exc})") from exc
    except RuntimeError as exc:  # an encrypted part; a compression zipfile cannot unpack
        raise InputFileError(str(path), f"the workbook cannot be unpacked ({exc});"
                             " save it again from Excel") from exc


def _check_sizes(entries: list[zipfile.ZipInfo], limits: Limits, path: Path) -> None:
    """Refuse a zip bomb by what the zip's directory declares: all parts together, one part,
    or one part's compression ratio."""
    total = sum(e.file_size for e in entries)
    if total > limits.max_total_bytes:
        raise InputFileError(str(path), f"refused: the workbook unpacks to {total >> 20} MiB"
                             f" (limit {limits.max_total_bytes >> 20} MiB)")
    for e in entries:
        if e.file_size > limits.max_entry_bytes:
            raise InputFileError(str(path), f"refused: part {e.filename} declares {e.file_size >> 20} MiB"
                                 f" uncompressed (limit {limits.max_entry_bytes >> 20} MiB)")
        if e.file_size > (1 << 20) and e.file_size > limits.max_ratio * max(e.compress_size, 1):
            raise InputFileError(str(path), f"refused: part {e.filename} compresses "
                                 f"{e.file_size // max(e.compress_size, 1)}:1, far beyond real workbooks")


_RELATIONSHIP = re.compile(rb"<(?:\w+:)?Relationship\b[^>]*>")
_ATTRIBUTE = re.compile(rb"""\b(Type|Target)\s*=\s*(["'])(.*?)\2""", re.S)


def _part_name(name: str) -> str:
    return name.replace("\\", "/").lower()


def _sheet_parts(zf: zipfile.ZipFile, entries: list[zipfile.ZipInfo]) -> set[str]:
    """The parts the workbook's relationships name as worksheets (`_part_name` form): those
    calamine reads as sheets, wherever they are kept and whatever they are called."""
    rels = next((e for e in entries if _part_name(e.filename) == "xl/_rels/workbook.xml.rels"), None)
    if rels is None:
        return set()
    try:
        with zf.open(rels) as fh:
            data = fh.read(1 << 20)  # a few hundred bytes a sheet
    except _DAMAGED:  # the same damage is met, and reported, with the part itself
        return set()
    found = set()
    for tag in _RELATIONSHIP.findall(data):
        attrs = {k: v.decode("utf-8", "replace") for k, _, v in _ATTRIBUTE.findall(tag)}
        if attrs.get(b"Type", "").endswith("/worksheet") and attrs.get(b"Target"):
            target = attrs[b"Target"]
            target = target[1:] if target.startswith("/") else "xl/" + target
            found.add(_part_name(posixpath.normpath(target)))
    return found


_SHEET_START = re.compile(rb"<(?:\w+:)?worksheet\b")


def _check_part(zf: zipfile.ZipFile, e: zipfile.ZipInfo, sheets: set[str], limits: Limits,
                path: Path) -> None:
    """One part: a sheet by its place, by the workbook's word (`sheets`) or by its root element,
    whatever its name, is checked whole (`_check_sheet`); any other part but an image or a
    binary has its first bytes checked for entity declarations."""
    binary = e.filename.lower().endswith(_BINARY)
    try:
        with zf.open(e) as fh:  # never more than the declared size: zipfile stops there
            head = fh.read(_HEAD)
    except _DAMAGED:
        if binary:  # an image calamine never opens: its damage is no concern of the reader
            return
        raise
    name = _part_name(e.filename)
    if name.startswith("xl/worksheets/") or name in sheets or _SHEET_START.search(head):
        _check_sheet(zf, e, limits, path)
    elif not binary:
        _refuse_entities(head, e.filename, path)


def _refuse_entities(data: bytes, name: str, path: Path) -> None:
    if b"<!DOCTYPE" in data or b"<!ENTITY" in data:
        raise InputFileError(str(path), f"refused: part {name} declares XML entities"
                             " (an entity-expansion attack, never in real workbooks)")


def _check_sheet(zf: zipfile.ZipFile, e: zipfile.ZipInfo, limits: Limits, path: Path) -> None:
    """A sheet unpacked to its end, a chunk at a time: no entity declarations anywhere, no
    cell past the limits."""
    with zf.open(e) as fh:
        for piece in _pieces(fh):
            _refuse_entities(piece, e.filename, path)
            _check_extent(piece, e.filename, limits, path)


def _pieces(fh: IO[bytes]) -> Iterator[bytes]:
    """The stream in pieces of about `_CHUNK` bytes, each cut just before a '<': no tag is
    split between two pieces."""
    held: list[bytes] = []
    for chunk in iter(lambda: fh.read(_CHUNK), b""):
        cut = chunk.rfind(b"<")
        if cut < 0:  # no tag starts here: the piece goes on
            held.append(chunk)
            continue
        held.append(chunk[:cut])
        yield b"".join(held)
        held = [chunk[cut:]]
    yield b"".join(held)


_LAST_ROW = re.compile(rb'<(?:\w+:)?row\b[^>]*?\br="(\d+)"')
_WIDE_CELL = re.compile(rb'<(?:\w+:)?c\b[^>]*?\br="([A-Z]{3})\d+"')
_MAYBE_WIDE = re.compile(rb'r="[A-Z]{3}')  # a literal prefix: 15x faster than _WIDE_CELL
_ANY_CELL = re.compile(rb'<(?:\w+:)?c\b[^>]*?\br="([A-Z]{1,3})\d+"')


def _column_number(letters: bytes) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + ch - 64
    return n


def _check_extent(data: bytes, name: str, limits: Limits, path: Path) -> None:
    """Refuse a piece of a sheet whose last row or whose cells reach past the limits: the
    reader would allocate every cell of the rectangle up to its farthest cell (the recorded
    dimension is ignored)."""
    tail = data.rfind(b"row ")
    last = _LAST_ROW.search(data, max(tail - 8, 0)) if tail >= 0 else None
    if last and int(last.group(1)) > limits.max_rows:
        raise InputFileError(str(path), f"refused: {name} reaches row {int(last.group(1)):,}"
                             f" (limit {limits.max_rows:,} rows a sheet)")
    # Columns past ZZ have three letters: a quick scan finds them; a lower limit needs every cell.
    if limits.max_columns >= 702 and not _MAYBE_WIDE.search(data):
        return  # no three-letter column anywhere (the usual case)
    pattern = _WIDE_CELL if limits.max_columns >= 702 else _ANY_CELL
    wide = max((_column_number(m.group(1)) for m in pattern.finditer(data)), default=0)
    if wide > limits.max_columns:
        raise InputFileError(str(path), f"refused: {name} reaches column {wide:,}"
                             f" (limit {limits.max_columns} columns a sheet)")


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
