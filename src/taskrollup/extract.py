"""Pull the task rows out of a sheet grid: skip title, section, subtotal, blank and
signature rows, and carry the source document a section row announces.

Pure: a grid in, a `SheetTable` out. Values stay raw here; `normalise` reads them.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from itertools import zip_longest

from taskrollup.docids import DocRef, parse_document
from taskrollup.headers import (
    Grid,
    Merge,
    TableHeader,
    cell_text,
    find_header,
    is_column_number_row,
)
from taskrollup.legacy import detect_legacy, fix_legacy
from taskrollup.text import clean, strip_accents

# Columns whose values make a row a task row rather than a section heading.
_VALUE_FIELDS = (
    "source_id", "source_text", "assigned_on", "agency", "deadline", "extended_deadline",
    "status", "completed_on", "cancelled_on",
)
_SIGNATURE = re.compile(
    r"^(nguoi lap( bieu)?|kt\.? ?(giam doc|chu tich|truong ban|thu truong|chanh van phong)"
    r"|(pho )?giam doc|(pho )?chu tich|thu truong( co quan| don vi)?|noi nhan|xac nhan"
    r"|(pho )?truong ban|(pho )?chanh van phong|lanh dao (co quan|don vi)|tm\.? ?ubnd)\b[.:]?"
)
_DATE_LINE = re.compile(r"ngay\s+\.*\s*\d{0,2}\s*\.*\s*thang\s+\.*\s*\d{0,2}\s*\.*\s*nam\s+\d{4}")
_SUBTOTAL = re.compile(r"^(tong cong|tong so|tong|cong|cong [ivxlc]+|cong \d+)\b[\s.:()\-]*")
_SECTION_WORDS = re.compile(
    r"^(?:[ivxlc]+|[a-z]|\d+(?:\.\d+)*)[.)/]\s|^(nhiem vu( giao)? tai|nhom nhiem vu|linh vuc|phan|"
    r"cac nhiem vu|nhiem vu (cua|theo|do))\b"
)
_ARABIC = re.compile(r"^\d+(\.\d+)*\.?$")
_ENUMERATOR = re.compile(r"[ivxlc]+[.)]?|[a-z][.)]?")


@dataclass
class SheetTable:
    """The task rows found in one sheet, and what was skipped.

    The rows are kept as the sheet gives them (decoded); `columns()` reads the
    header's fields out of them column by column, `records` row by row."""

    sheet: str
    header: TableHeader
    title: list[str]  # texts above the header (title block)
    skipped: Counter[str] = field(default_factory=Counter)
    title_doc: DocRef | None = None
    rows: list[Sequence[object]] = field(default_factory=list)  # the task rows' cells
    numbers: list[int] = field(default_factory=list)  # their 1-based row numbers
    contexts: list[DocRef | None] = field(default_factory=list)  # the section's document
    skipped_rows: list[tuple[int, str]] = field(default_factory=list)  # (1-based row, why) of rows not read

    @cached_property
    def _transposed(self) -> list[tuple[object, ...]]:
        """The task rows' cells column by column, '' past a row's last cell (built once)."""
        return list(zip_longest(*self.rows, fillvalue=""))

    def column(self, name: str) -> list[object]:
        """One field's raw cell in every task row ('' past a row's last cell)."""
        col = self.header.columns[name]
        cells = self._transposed
        return list(cells[col]) if col < len(cells) else [""] * len(self.rows)

    def columns(self) -> dict[str, list[object]]:
        """Every field the header names, plus 'row' and 'context_doc': one list each."""
        found: dict[str, list[object]] = {"row": self.numbers}
        found.update((name, self.column(name)) for name in self.header.columns)
        found["context_doc"] = self.contexts
        return found

    @cached_property
    def records(self) -> list[dict[str, object]]:
        """The task rows as dicts of the same fields (built once)."""
        cols = self.columns()
        return [dict(zip(cols, values, strict=True)) for values in zip(*cols.values(), strict=True)]


def _loose(text: str) -> str:
    """Lower case, no accents, punctuation kept (enumerators like 'I.' need it)."""
    return strip_accents(text).lower()


def _texts(row: Sequence[object]) -> list[str]:
    """The cells of a row as `cell_text` gives them (texts, the usual case, inline)."""
    return [v.strip() if v.__class__ is str else "" if v is None else cell_text(v) for v in row]


def _is_signature(texts: list[str]) -> bool:
    filled = [t for t in texts if t]
    if not filled or len(filled) > 4:
        return False
    return any(_SIGNATURE.match(_loose(t)) or _DATE_LINE.search(_loose(t)) for t in filled)


def _cell(texts: list[str], header: TableHeader, name: str) -> str:
    col = header.columns.get(name)
    return texts[col] if col is not None and col < len(texts) else ""


def classify_row(texts: list[str], header: TableHeader) -> str:
    """'blank', 'signature', 'subtotal', 'section' or 'task' for one data row."""
    n_filled = len(texts) - texts.count("")
    if not n_filled:
        return "blank"
    stt_col = header.columns.get("stt", 0)
    stt = texts[stt_col] if stt_col < len(texts) else ""
    if n_filled > 4 and _ARABIC.match(stt) and len(_cell(texts, header, "content")) > 12:
        return "task"  # fast path: a numbered row with real content and several values
    filled = [(i, t) for i, t in enumerate(texts) if t]
    if _is_signature(texts):
        return "signature"
    if is_column_number_row(texts):
        return "header"
    others = [(i, t) for i, t in filled if i != stt_col]
    content = _cell(texts, header, "content")
    head = _loose(others[0][1] if others else stt)
    numbered = bool(_ARABIC.match(stt))
    if _SUBTOTAL.match(head) and len(content) <= 40 and not numbered:
        return "subtotal"
    if not content and others and all(re.fullmatch(r"[\d.,\s%]+", t) for _, t in others):
        return "subtotal"
    if len(others) <= 1 and not _has_values_besides(texts, header, others):
        if _SECTION_WORDS.match(head):
            return "section"
        lone_in_content = bool(others) and others[0][0] == header.columns.get("content")
        if not numbered and (_ENUMERATOR.fullmatch(_loose(stt)) or not lone_in_content):
            return "section"
    return "task"


def _has_values_besides(texts: list[str], header: TableHeader, others: list[tuple[int, str]]) -> bool:
    """True when a status, date or agency cell other than the row's lone text is filled."""
    lone = {i for i, _ in others}
    cols = [c for n, c in header.columns.items()
            if (n in _VALUE_FIELDS or n.startswith("tick_")) and c not in lone]
    return any(c < len(texts) and texts[c] for c in cols)


def _title_doc(title: list[str]) -> DocRef | None:
    for text in title:
        doc = parse_document(text)
        if doc is not None:
            return doc
    return None


def _section_context(texts: list[str], current: DocRef | None) -> DocRef | None:
    """A section row naming a document sets the context; a new top-level section
    ("II. ...") without one ends it; a sub-section keeps it."""
    text = " ".join(t for t in texts if t)
    doc = parse_document(text)
    if doc is not None:
        return doc
    if re.match(r"^[ivxlc]+[.)]?\s", _loose(text)):
        return None
    return current


def _distinct_non_ascii(grid: Grid) -> list[str]:
    """Each distinct text cell holding a non-ASCII char, in reading order."""
    return list(dict.fromkeys(v for row in grid for v in row if v.__class__ is str and not v.isascii()))


def _sheet_font(texts: list[str], sample: int = 300) -> str | None:
    """A font name standing for the sheet's legacy encoding, when its cells show one
    (`texts`: the sheet's distinct non-ASCII cells in reading order; the first `sample` vote).

    Decoding is still decided per cell; the hint only settles short, ambiguous
    cells ("Céng") the way the rest of the sheet reads.
    """
    votes = Counter(detect_legacy(v) for v in texts[:sample])
    tcvn3, vni = votes["tcvn3"], votes["vni"]
    if max(tcvn3, vni) < 3:
        return None
    return ".VnTime" if tcvn3 >= vni else "VNI-Times"


# Decoded cells by font hint, kept for the whole run: an agency's sheets repeat last
# month's cells, and legacy decoding is the costly part of reading them.
_DECODED: dict[str | None, dict[str, str]] = {}
_DECODED_MAX = 200_000


def decode_grid(grid: Grid) -> list[list[object]]:
    """The grid with legacy-encoded text (TCVN3, VNI) decoded to Unicode, cell by cell.

    Each distinct cell is decided once; a sheet with nothing to decode (a Unicode
    sheet, the usual case) is returned as it is, and otherwise only the rows holding
    a decoded cell are copied. Rows are read, never changed."""
    texts = _distinct_non_ascii(grid)
    font = _sheet_font(texts)
    cache = _DECODED.setdefault(font, {})
    if len(cache) > _DECODED_MAX:
        cache.clear()
    changed: dict[str, str] = {}
    for v in texts:
        text = cache.get(v)
        if text is None:
            text = cache[v] = fix_legacy(v, font)
        if text != v:
            changed[v] = text
    if not changed:
        return list(grid)
    out = []
    for row in grid:
        if any(v.__class__ is str and v in changed for v in row):
            out.append([changed.get(v, v) if v.__class__ is str else v for v in row])
        else:
            out.append(row)
    return out


def extract_table(name: str, grid: Grid, merges: Sequence[Merge] = (),
                  mapping: Mapping[str, str] | None = None) -> SheetTable | None:
    """The task table of one sheet, or None when the sheet holds none (e.g. a summary).
    `mapping`: the office's own reading of header texts (see `find_header`)."""
    grid = decode_grid(grid)
    header = find_header(grid, merges, mapping)
    if header is None or not header.is_task_table:
        return None
    title_rows = [(r + 1, texts) for r in range(header.first_row) if any(texts := _texts(grid[r]))]
    title = [clean(t) for _, texts in title_rows for t in texts if t]
    table = SheetTable(name, header, title, title_doc=_title_doc(title))
    table.skipped["header"] = header.data_row - header.first_row
    table.skipped_rows = [(r, "title") for r, _ in title_rows]
    table.skipped_rows += [(r + 1, "header") for r in range(header.first_row, header.data_row)]
    context: DocRef | None = None
    signature = False
    for r in range(header.data_row, len(grid)):
        texts = _texts(grid[r])
        kind = "signature" if signature and any(texts) else classify_row(texts, header)
        signature = signature or kind == "signature"
        if kind == "section":
            context = _section_context(texts, context)
        if kind != "task":
            table.skipped[kind] += 1
            table.skipped_rows.append((r + 1, kind))
            continue
        table.rows.append(grid[r])
        table.numbers.append(r + 1)
        table.contexts.append(context)
    return table
