"""Read a workbook (.xlsx, .xlsm, .xls) into plain grids. The only module that opens Excel files.

The reader was chosen by measurement (see README, "Performance"): python-calamine
parses both .xlsx and legacy .xls, gives merged ranges, and is many times faster
than openpyxl. Nothing in a workbook is evaluated: formulas come back as their
cached values, macros are never run.
"""

from __future__ import annotations

import hashlib
import io
import lzma
import posixpath
import re
import zipfile
import zlib
from dataclasses import dataclass, field
from pathlib import Path

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


def _source(path: Path, limits: Limits) -> str | io.BytesIO:
    """What calamine reads: the path of a .xls file (or of a large .xlsx), or the repacked
    copy of an .xlsx file (see `checked_zip`). Refuses what is not a workbook, or is too
    big, before any parse."""
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
        return str(path)  # .xls
    if not head.startswith(_ZIP_MAGIC):
        raise InputFileError(str(path), "not an Excel workbook (neither .xlsx nor .xls content)")
    packed = checked_zip(path, limits)
    return str(path) if packed is None else io.BytesIO(packed)


@dataclass(frozen=True)
class Limits:
    """What a workbook may declare before it is refused unparsed (settings; see README)."""

    max_entry_bytes: int = 256 * 1024 * 1024  # one part, uncompressed
    max_total_bytes: int = 512 * 1024 * 1024  # all parts, uncompressed
    max_ratio: int = 200  # uncompressed / compressed, for parts over 1 MiB
    max_rows: int = 200_000  # rows a sheet may reach
    max_columns: int = 702  # columns a sheet may reach (ZZ)


# A workbook of up to this many bytes unpacked is handed to calamine as a repacked copy; a
# larger one is read from its file (the copy would hold it unpacked in memory, several times).
REPACK_MAX_BYTES = 64 * 1024 * 1024
# Parts never read for data, by their names (images, binaries): not copied, nor checked for
# entities, unless their first bytes show a sheet.
_NOT_DATA = (".bin", ".png", ".jpg", ".jpeg", ".gif", ".bmp", ".tif", ".tiff", ".emf", ".wmf", ".svg",
             ".emz", ".wmz", ".wdp", ".webp", ".ico", ".odttf")
_DAMAGED = (zipfile.BadZipFile, zlib.error, lzma.LZMAError, EOFError, OSError, UnicodeDecodeError)


def checked_zip(path: Path, limits: Limits = Limits()) -> bytes | None:
    """Refuse zip bombs, XML entity declarations and sheets past the limits before any parser
    sees the file; return the copy of it calamine reads, or None when calamine is to read the
    file itself: a workbook whose parts calamine reads come to more than REPACK_MAX_BYTES
    unpacked, a zip that is not an Excel workbook (no xl/workbook.xml), or one of whose
    parts calamine may never read cannot be unpacked.

    The copy holds every part but images and binaries, stored uncompressed, each sheet's
    merged-cell list moved to its start (`_merges_first`). Why: python-calamine reads every
    sheet twice, once for its cells and once more, to the end, for the merged-cell list that
    the schema puts after the cells; with the list first, that second read stops at once.
    Every part is unpacked once, here, where the checks need it unpacked anyway."""
    parts: dict[str, bytes] = {}  # a part named twice: the last copy, as a reader takes it
    try:
        with zipfile.ZipFile(path) as zf:
            entries = zf.infolist()
            total = sum(e.file_size for e in entries)
            if total > limits.max_total_bytes:
                raise InputFileError(str(path), f"refused: the workbook unpacks to {total >> 20} MiB"
                                     f" (limit {limits.max_total_bytes >> 20} MiB)")
            copied = [e for e in entries if not _never_read(e)]
            copy = (any(_part_name(e.filename) == "xl/workbook.xml" for e in copied)
                    and sum(e.file_size for e in copied) <= REPACK_MAX_BYTES)
            size = 0
            sheets = _sheet_parts(zf, entries)
            for e in entries:
                try:
                    data = _checked_part(zf, e, limits, path, copy, sheets)
                except _DAMAGED:
                    if not copy:
                        raise
                    copy = False  # a part calamine may never read: the file itself decides
                    parts.clear()
                    data = _checked_part(zf, e, limits, path, copy, sheets)
                if copy and data is not None:
                    parts[e.filename] = data
                    size += len(data)
                    if size > REPACK_MAX_BYTES:  # a sheet under an image's name, say: no copy
                        copy = False
                        parts.clear()
    except _DAMAGED as exc:
        raise InputFileError(str(path), f"the workbook is damaged or truncated ({exc})") from exc
    except RuntimeError as exc:  # an encrypted part; a compression zipfile cannot unpack
        raise InputFileError(str(path), f"the workbook cannot be unpacked ({exc});"
                             " save it again from Excel") from exc
    if not copy:
        return None
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_STORED) as packed:
        for name, data in parts.items():
            packed.writestr(name, data)
    return out.getvalue()


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


def _never_read(e: zipfile.ZipInfo) -> bool:
    """Images and binaries by their names: not copied, unless their first bytes show a sheet."""
    return e.is_dir() or e.filename.lower().endswith(_NOT_DATA)


def _checked_part(zf: zipfile.ZipFile, e: zipfile.ZipInfo, limits: Limits, path: Path,
                  copy: bool, sheets: set[str]) -> bytes | None:
    """One part checked; unpacked and returned for the copy (`copy`), else None."""
    if e.file_size > limits.max_entry_bytes:
        raise InputFileError(str(path), f"refused: part {e.filename} declares {e.file_size >> 20} MiB"
                             f" uncompressed (limit {limits.max_entry_bytes >> 20} MiB)")
    if e.file_size > (1 << 20) and e.file_size > limits.max_ratio * max(e.compress_size, 1):
        raise InputFileError(str(path), f"refused: part {e.filename} compresses "
                             f"{e.file_size // max(e.compress_size, 1)}:1, far beyond real workbooks")
    if e.is_dir():
        return None
    binary = _never_read(e)
    try:
        with zf.open(e) as fh:  # never more than the declared size: zipfile stops there
            head = fh.read(4096)
    except _DAMAGED:
        if binary:  # an image calamine never opens: its damage is no concern of the reader
            return None
        raise
    # A sheet by its place, by the workbook's word (`sheets`) or by its root element,
    # whatever its name: calamine reads the part the workbook points to.
    name = _part_name(e.filename)
    sheet = name.startswith("xl/worksheets/") or name in sheets or _SHEET_START.search(head) is not None
    if binary and not sheet:
        return None  # not checked for entities either: an SVG image may declare its DOCTYPE
    if b"<!DOCTYPE" in head or b"<!ENTITY" in head:
        raise InputFileError(str(path), f"refused: part {e.filename} declares XML entities"
                             " (an entity-expansion attack, never in real workbooks)")
    if not (copy or sheet):
        return None
    data = zf.read(e) if len(head) == 4096 else head  # unpacked once more, in one piece
    if sheet:
        _check_extent(data, e.filename, limits, path)
    if not copy:
        return None
    return _merges_first(data) if sheet else data


_SHEET_START = re.compile(rb"<(?:\w+:)?worksheet\b")
# The root element, its attributes read whole (a quoted value may hold a '>').
_SHEET_ROOT = re.compile(rb"""<(?:(\w+):)?worksheet\b(?:[^>"']|"[^"]*"|'[^']*')*>""")
_MERGE_LIST = re.compile(rb"<(?:\w+:)?mergeCells\b[^>]*?(?:/>|>.*?</(?:\w+:)?mergeCells\s*>)", re.S)


def _merges_first(data: bytes) -> bytes:
    """A sheet's XML with its merged-cell list moved from after the cells to the start (an
    empty list when it has none). Calamine's cell reader skips what comes before the cells;
    its merged-cell reader stops at the first list. A sheet this cannot be sure of (no
    worksheet element, a comment or CDATA section that might hold a list, a list not where
    the schema puts it) is left as it was: calamine then finds its list the slow way."""
    root = _SHEET_ROOT.search(data)
    if root is None or b"<!--" in data or b"<![CDATA[" in data:
        return data
    found = _MERGE_LIST.search(data, max(data.rfind(b"sheetData"), root.end()))
    if found is None:
        if b"mergeCell" in data:  # somewhere unexpected
            return data
        prefix = root.group(1) + b":" if root.group(1) else b""
        merges = b"<%smergeCells></%smergeCells>" % (prefix, prefix)
        return b"".join((data[:root.end()], merges, data[root.end():]))
    return b"".join((data[:root.end()], found.group(0), data[root.end():found.start()],
                     data[found.end():]))


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
    """Refuse a sheet whose cells reach past the limits: the reader would allocate every
    cell of the rectangle up to its farthest cell (the recorded dimension is ignored)."""
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


def read_workbook(path: Path, sha256: str | None = None, limits: Limits | None = None,
                  from_file_on_failure: bool = True) -> RawWorkbook:
    """Every sheet of the workbook at `path`, as grids. Raises InputFileError.

    A copy calamine cannot read is read again from the file (`from_file_on_failure`; the
    tests turn it off to see the copy read)."""
    path = Path(path)
    source = _source(path, limits or Limits())
    sha = sha256 or file_sha256(path)
    try:
        if isinstance(source, str):
            sheets = _sheets(CalamineWorkbook.from_path(source))
        else:
            try:
                sheets = _sheets(CalamineWorkbook.from_filelike(source))
            except MemoryError:
                raise
            except Exception:  # noqa: BLE001
                if not from_file_on_failure:
                    raise
                source.close()  # the copy's memory, before the file is read
                sheets = _sheets(CalamineWorkbook.from_path(str(path)))  # whose error names the fault
    except InputFileError:
        raise
    except Exception as exc:  # calamine raises several types for one story: unreadable
        raise InputFileError(str(path), _describe(exc)) from exc
    return RawWorkbook(path, sha, sheets)


def _sheets(book: CalamineWorkbook) -> list[SheetGrid]:
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
