"""Find the task table in a sheet: its header rows and which column holds what.

Sheets put a title block above the table, merge headers over one to three rows
(a group header such as "Văn bản giao nhiệm vụ" over "Số, ký hiệu" and "Ngày
ban hành") and often add a column-number row "(1) (2) (3)". This module works
on a plain grid (a list of rows of cell values) and the sheet's merged ranges;
it never opens a file.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from taskrollup.text import fold

Grid = Sequence[Sequence[object]]
# A merged range as (first_row, first_col, last_row, last_col), 0-based, inclusive.
Merge = tuple[int, int, int, int]

MAX_HEADER_SCAN = 40
MAX_HEADER_HEIGHT = 3

# Field -> folded labels that name it (full match). Order matters: the first
# field whose pattern matches wins, so the specific comes before the general.
FIELD_PATTERNS: list[tuple[str, str]] = [
    ("stt", r"stt|tt|so tt|so thu tu"),
    ("extended_deadline", r"gia han den( ngay)?|gia han|(thoi han|han|ngay|thoi gian)( hoan thanh)? (dieu chinh|gia han|sau gia han|moi|sau dieu chinh|duoc gia han)( den)?( ngay)?"),
    ("cancelled_on", r"ngay (dung|huy)( thuc hien)?"),
    ("completed_on", r"(ngay|thoi diem) (da )?hoan thanh( thuc te)?|ngay ht|thoi gian hoan thanh thuc te|ngay hoan thanh nhiem vu"),
    ("deadline", r"(thoi han|han|thoi gian)( hoan thanh| thuc hien| xu ly| bao cao| giai quyet)?( nhiem vu)?|han hoan thanh|tien do hoan thanh|thoi han theo van ban"),
    ("assigned_on", r"ngay (ban hanh|giao|van ban|ky|giao nhiem vu|vb|ban hanh van ban|thang nam)|ngay thang( nam)?( ban hanh)?( van ban)?"),
    ("source_id", r"(so|so hieu|so va ky hieu|so ky hieu|ky hieu|so van ban|so vb)( van ban| vb)?( giao( nhiem vu)?| chi dao)?"),
    ("source_text", r"(van ban|vb)( giao nhiem vu| giao| chi dao| chi dao giao nhiem vu| cua ubnd tinh)?|can cu( giao nhiem vu)?|trich yeu van ban|ten van ban"),
    ("content", r"(noi dung|trich yeu|ten nhiem vu|nhiem vu|cong viec|noi dung cong viec|noi dung chi dao)( nhiem vu| cong viec| chi dao| duoc giao| giao| nhiem vu duoc giao| chi dao giao nhiem vu| noi dung)?"),
    ("coordinators", r"(co quan|don vi|cq|dv)? ?phoi hop( thuc hien)?"),
    ("agency", r"(co quan|don vi|cq|dv)( co quan| don vi)?( chu tri| thuc hien| duoc giao| chu tri thuc hien| tham muu| chu tri tham muu| duoc giao chu tri)?|chu tri"),
    ("status", r"(tinh hinh|ket qua|tien do|tinh trang|trang thai)( thuc hien| xu ly| trien khai| thuc hien nhiem vu)?( nhiem vu)?|danh gia"),
    ("secret", r"(do|muc do|muc) mat|mat|van ban mat"),
    ("note", r"ghi chu( khac)?"),
]
_COMPILED = [(name, re.compile(rf"(?:{pat})")) for name, pat in FIELD_PATTERNS]

# Tick columns: a status word somewhere in the column's header path.
_TICK_STATE = [
    ("cancelled", re.compile(r"dung thuc hien|huy|khong thuc hien|dung")),
    ("extension_requested", re.compile(r"(da )?xin gia han|de nghi gia han")),
    ("not_done", re.compile(r"chua hoan thanh|chua ht|dang thuc hien|dang trien khai|dang th")),
    ("done", re.compile(r"da hoan thanh|hoan thanh|da ht|ht")),
]
_TICK_TIMING = [
    ("on_time", re.compile(r"(dung|trong|con trong) han|kip thoi")),
    ("late", re.compile(r"(qua|tre|cham) han|cham|qua han")),
]
_ROMAN_OR_NUMBER = re.compile(r"^\(?([0-9]{1,2}|[ivxl]{1,5}|[a-z])\)?$")


@dataclass
class TableHeader:
    """Where a task table's header is and what each column holds."""

    first_row: int  # 0-based row of the first header row
    last_row: int  # 0-based row of the last header row
    data_row: int  # first row after the header (and any column-number row)
    columns: dict[str, int] = field(default_factory=dict)  # field -> column index
    labels: dict[int, str] = field(default_factory=dict)  # column index -> header text
    duplicates: list[str] = field(default_factory=list)  # fields named by two columns

    @property
    def is_task_table(self) -> bool:
        return "content" in self.columns


def cell_text(value: object) -> str:
    """A cell as text (the grid is already decoded from legacy encodings)."""
    if value is None or isinstance(value, bool):
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def _fill_merges(rows: list[list[str]], top: int, merges: Sequence[Merge]) -> None:
    """Copy each merged range's text into every cell it covers (in place)."""
    height = len(rows)
    for r0, c0, r1, c1 in merges:
        if r1 < top or r0 >= top + height:
            continue
        src_r = r0 - top
        text = rows[src_r][c0] if 0 <= src_r < height and c0 < len(rows[src_r]) else ""
        if not text:
            continue
        for r in range(max(r0, top), min(r1, top + height - 1) + 1):
            for c in range(c0, min(c1, len(rows[r - top]) - 1) + 1):
                rows[r - top][c] = text


def _fill_groups(rows: list[list[str]]) -> None:
    """Without merge records, a group header spans the blanks to its right that
    have sub-headers below them."""
    for i in range(len(rows) - 1):
        upper, lower = rows[i], rows[i + 1]
        for c in range(1, len(upper)):
            if not upper[c] and upper[c - 1] and c < len(lower) and lower[c] and lower[c - 1]:
                upper[c] = upper[c - 1]


def _header_cells(texts: list[list[str]], top: int, height: int, merges: Sequence[Merge]) -> list[list[str]]:
    """The header rows' texts (`texts`: the sheet's first rows as `cell_text`), merged
    ranges and group headers filled in."""
    width = max((len(texts[r]) for r in range(top, top + height)), default=0)
    rows = [texts[r] + [""] * (width - len(texts[r])) for r in range(top, top + height)]
    _fill_merges(rows, top, merges)
    if not merges:
        _fill_groups(rows)
    return rows


def _stack(rows: list[list[str]], c: int, key: Callable[[str], str]) -> list[str]:
    path: list[str] = []
    for row in rows:
        text = key(row[c])
        if text and (not path or path[-1] != text):
            path.append(text)
    return path


_fold = lru_cache(maxsize=1 << 16)(fold)


def column_paths(texts: list[list[str]], top: int, height: int, merges: Sequence[Merge]) -> list[list[str]]:
    """For each column, the folded header texts from top to bottom, repeats dropped."""
    rows = _header_cells(texts, top, height, merges)
    return [_stack(rows, c, _fold) for c in range(len(rows[0]) if rows else 0)]


def column_labels(texts: list[list[str]], top: int, height: int, merges: Sequence[Merge]) -> dict[int, str]:
    """For each column, its header as the sheet writes it ('Văn bản giao nhiệm vụ / Số, ký hiệu')."""
    rows = _header_cells(texts, top, height, merges)
    width = len(rows[0]) if rows else 0
    labels = {c: " / ".join(_stack(rows, c, lambda t: " ".join(t.split()))) for c in range(width)}
    return {c: label for c, label in labels.items() if label}


def _match_field(label: str) -> str | None:
    for name, pattern in _COMPILED:
        if pattern.fullmatch(label):
            return name
    return None


def _tick_field(path: list[str]) -> str | None:
    """'tick_done_on_time' and the like when the path names a status, else None."""
    state = next((s for s, p in _TICK_STATE for part in path if p.fullmatch(part)), None)
    if state is None:
        return None
    timing = next((t for t, p in _TICK_TIMING if p.fullmatch(path[-1])), None)
    if state in ("done", "not_done") and timing:
        if state == "done":
            return "tick_done_on_time" if timing == "on_time" else "tick_done_late"
        return "tick_not_done_in_time" if timing == "on_time" else "tick_not_done_overdue"
    return f"tick_{state}"


def classify_column(path: list[str]) -> str | None:
    """The field a column's header path names, or None."""
    return _classify(tuple(path))


@lru_cache(maxsize=1 << 14)
def _classify(path: tuple[str, ...]) -> str | None:
    if not path:
        return None
    leaf = path[-1]
    found = _match_field(leaf)
    if found in (None, "source_text") and len(path) > 1:
        found = _match_field(" ".join(path[-2:])) or found
        if found is None and re.fullmatch(r"ngay|ngay thang", leaf):
            found = "assigned_on" if any(p.startswith(("van ban", "vb")) for p in path) else None
        if found is None and re.fullmatch(r"so|so ky hieu|ky hieu", leaf):
            found = "source_id"
    if found is None or (found == "status" and len(path) > 1):
        found = _tick_field(list(path)) or found
    return found


def _assign(paths: list[list[str]]) -> tuple[dict[str, int], list[str]]:
    columns: dict[str, int] = {}
    duplicates: list[str] = []
    for c, path in enumerate(paths):
        name = classify_column(path)
        if name is None:
            continue
        if name in columns:
            duplicates.append(name)
            continue
        columns[name] = c
    return columns, duplicates


def _score(columns: dict[str, int]) -> int:
    if "content" not in columns:
        return 0
    return len(columns) - ("stt" in columns)


def is_column_number_row(row: Sequence[object]) -> bool:
    """'(1) (2) (3) ...' or '1 2 3 ...' under a header: not data."""
    raw = [cell_text(v) for v in row]
    if any(len(t) > 12 for t in raw):
        return False  # fast path: a data row has longer texts
    texts = [_fold(t) for t in raw]
    texts = [t for t in texts if t]
    if len(texts) < 3:
        return False
    return all(_ROMAN_OR_NUMBER.match(t) or re.fullmatch(r"\d+( \d+)*", t) for t in texts)


def find_header(grid: Grid, merges: Sequence[Merge] = ()) -> TableHeader | None:
    """The best header block in the first rows, or None when the sheet has no task table."""
    best: tuple[int, int, int] | None = None  # (score, -height, -top)
    best_cols: tuple[dict[str, int], list[str]] | None = None
    scan = min(len(grid), MAX_HEADER_SCAN)
    texts = [[cell_text(v) for v in row] for row in grid[: scan + MAX_HEADER_HEIGHT]]  # read once
    for top in range(scan):
        if sum(1 for t in texts[top] if t) < 2:
            continue  # a header row names at least two columns
        for height in range(1, MAX_HEADER_HEIGHT + 1):
            if top + height > len(grid):
                break
            paths = column_paths(texts, top, height, merges)
            columns, dups = _assign(paths)
            key = (_score(columns), -height, -top)
            if key[0] >= 2 and (best is None or key > best):
                best, best_cols = key, (columns, dups)
    if best is None or best_cols is None:
        return None
    top, height = -best[2], -best[1]
    columns, dups = best_cols
    data_row = top + height
    # A header cell merged down past the rows that named the fields is still header.
    for r0, _c0, r1, _c1 in merges:
        if top <= r0 < top + height and r1 >= data_row:
            data_row = r1 + 1
    while data_row < len(grid) and is_column_number_row(grid[data_row]):
        data_row += 1
    labels = column_labels(texts, top, height, merges)
    return TableHeader(top, top + height - 1, data_row, columns, labels, dups)
