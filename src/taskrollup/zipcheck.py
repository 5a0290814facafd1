"""The zip policy: what an .xlsx (a zip of XML parts) may declare and hold before any parser
sees it.

`check_zip` refuses zip bombs (the declared size of all parts and of each, each part's
compression ratio), XML entity declarations, and sheets whose rows or columns reach past the
`Limits`, each with a one-line InputFileError naming the file and the reason. The limits are
settings (README, "Threat model and limits").
"""

from __future__ import annotations

import functools
import lzma
import posixpath
import re
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from taskrollup.errors import InputFileError


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


# The reference of a row or a cell, as calamine reads it: r="7", r="B7", r='zz7', r = "B7". Calamine
# places a cell by its own reference (any number of letters, either case) and a row may carry none,
# so every reference counts, wherever it stands.
_ROW_NUMBER = re.compile(rb"""\br\s*=\s*["'][A-Za-z]*(\d+)""")
_COLUMN = re.compile(rb"""\br\s*=\s*["']([A-Za-z]+)\d""")
_WIDE_COLUMN = re.compile(rb"""\br\s*=\s*["']([A-Za-z]{3,})\d""")  # past ZZ


@functools.cache
def _maybe_past(row_digits: int) -> re.Pattern[bytes]:
    """A quick first look for a reference that may reach past the limits: three letters (a
    column past ZZ) or a row number of `row_digits` digits or more. Its literal first byte lets
    the regex engine skip ahead; the `\\b` of the exact patterns would not."""
    return re.compile(rb"""r\s*=\s*["'](?:[A-Za-z]{3}|[A-Za-z]{0,2}\d{%d})""" % row_digits)


def _column_number(letters: bytes) -> int:
    n = 0
    for ch in letters.upper():
        n = n * 26 + ch - 64
    return n


def _check_extent(data: bytes, name: str, limits: Limits, path: Path) -> None:
    """Refuse a piece of a sheet with a row or a cell past the limits: the reader would allocate
    every cell of the rectangle up to its farthest cell (the recorded dimension is ignored)."""
    if limits.max_columns >= 702 and not _maybe_past(len(str(limits.max_rows))).search(data):
        return  # no reference long enough to pass either limit (the usual case)
    row = max(map(int, _ROW_NUMBER.findall(data)), default=0)
    if row > limits.max_rows:
        raise InputFileError(str(path), f"refused: {name} reaches row {row:,}"
                             f" (limit {limits.max_rows:,} rows a sheet)")
    pattern = _WIDE_COLUMN if limits.max_columns >= 702 else _COLUMN
    wide = max(map(_column_number, pattern.findall(data)), default=0)
    if wide > limits.max_columns:
        raise InputFileError(str(path), f"refused: {name} reaches column {wide:,}"
                             f" (limit {limits.max_columns} columns a sheet)")
