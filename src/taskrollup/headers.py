"""Find the task table in a sheet: its header rows and which column holds what.

Sheets put a title block above the table, merge headers over one to three rows
(a group header such as "Văn bản giao nhiệm vụ" over "Số, ký hiệu" and "Ngày
ban hành") and often add a column-number row "(1) (2) (3)". This module works
on a plain grid (a list of rows of cell values) and the sheet's merged ranges;
it never opens a file.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from taskrollup.columns import (
    MARGIN,
    UNCONTESTED,
    Reading,
    assign,
    best_field,
    break_ties,
    header_key,
    mapped_reading,
    score_path,
    value_kind,
)
from taskrollup.text import fold

Grid = Sequence[Sequence[object]]
# A merged range as (first_row, first_col, last_row, last_col), 0-based, inclusive.
Merge = tuple[int, int, int, int]

MAX_HEADER_SCAN = 40
_VALUES = 30  # data rows whose values break a tie between two readings of a column
MAX_HEADER_HEIGHT = 3

_LETTER = re.compile(r"[^\W\d_]")
_ROMAN_OR_NUMBER = re.compile(r"^\(?([0-9]{1,2}|[ivxl]{1,5}|[a-z])\)?$")


@dataclass
class TableHeader:
    """Where a task table's header is and what each column holds."""

    first_row: int  # 0-based row of the first header row
    last_row: int  # 0-based row of the last header row
    data_row: int  # first row after the header (and any column-number row)
    columns: dict[str, int] = field(default_factory=dict)  # field -> column index
    labels: dict[int, str] = field(default_factory=dict)  # column index -> header text
    reasons: dict[int, str] = field(default_factory=dict)  # column read -> why ('words: ...')
    unread: dict[int, str] = field(default_factory=dict)  # column left unread -> the field another column reads
    contested: dict[str, list[int]] = field(default_factory=dict)  # field -> columns it is the best of, alike
    mapped: set[str] = field(default_factory=set)  # the office's mapping keys that matched a header

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
_key = lru_cache(maxsize=1 << 16)(header_key)


def column_paths(texts: list[list[str]], top: int, height: int, merges: Sequence[Merge]) -> list[list[str]]:
    """For each column, the folded header texts from top to bottom, repeats dropped."""
    rows = _header_cells(texts, top, height, merges)
    return [_stack(rows, c, _key) for c in range(len(rows[0]) if rows else 0)]


def column_labels(texts: list[list[str]], top: int, height: int, merges: Sequence[Merge]) -> dict[int, str]:
    """For each column, its header as the sheet writes it ('Văn bản giao nhiệm vụ / Số, ký hiệu')."""
    rows = _header_cells(texts, top, height, merges)
    width = len(rows[0]) if rows else 0
    labels = {c: " / ".join(_stack(rows, c, lambda t: " ".join(t.split()))) for c in range(width)}
    return {c: label for c, label in labels.items() if label}


def classify_column(path: list[str]) -> str | None:
    """The field a column's header path names, or None."""
    return best_field(path)


def column_scores(path: list[str], mapping: Mapping[str, str] | None = None) -> dict[str, Reading]:
    """Every field a column's header path scores for; the office's own reading when it
    maps this header."""
    key = tuple(path)
    if mapping:
        mapped = mapped_reading(key, mapping)
        if mapped is not None:
            return mapped[1]
    return score_path(key)


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


def _candidates(texts: list[list[str]], n_rows: int, merges: Sequence[Merge],
                mapping: Mapping[str, str] | None) -> tuple[tuple[int, int, int], dict[str, int]] | None:
    """The best header block ((score, -height, -top), its columns) in the first rows."""
    best: tuple[tuple[int, int, int], dict[str, int]] | None = None
    for top in range(min(n_rows, MAX_HEADER_SCAN)):
        if sum(1 for t in texts[top] if t) < 2 or not _names_a_field(texts[top], mapping):
            continue  # a header's first row names at least two columns, one of them a field
        for height in range(1, MAX_HEADER_HEIGHT + 1):
            if top + height > n_rows:
                break
            paths = column_paths(texts, top, height, merges)
            columns = assign([column_scores(p, mapping) for p in paths])
            key = (_score(columns), -height, -top)
            if key[0] >= 2 and (best is None or key > best[0]):
                best = (key, columns)
    return best


def _names_a_field(row: list[str], mapping: Mapping[str, str] | None) -> bool:
    """Whether a cell of the row, read alone, names a field (as a header's first row does)."""
    return any(column_scores([_key(t)], mapping) for t in row if t)


def find_header(grid: Grid, merges: Sequence[Merge] = (),
                mapping: Mapping[str, str] | None = None) -> TableHeader | None:
    """The best header block in the first rows, or None when the sheet has no task table.

    `mapping` is the office's own reading of header texts (folded header -> field): it wins
    over the words."""
    texts = [[cell_text(v) for v in row] for row in grid[: MAX_HEADER_SCAN + MAX_HEADER_HEIGHT]]  # read once
    found = _candidates(texts, len(grid), merges, mapping)
    if found is None:
        return None
    (_, neg_height, neg_top), columns = found
    top, height = -neg_top, -neg_height
    data_row = top + height
    # A header cell merged down past the rows that named the fields is still header.
    for r0, _c0, r1, _c1 in merges:
        if top <= r0 < top + height and r1 >= data_row:
            data_row = r1 + 1
    while data_row < len(grid) and is_column_number_row(grid[data_row]):
        data_row += 1
    paths = column_paths(texts, top, height, merges)
    scores = _by_values([column_scores(p, mapping) for p in paths], grid[data_row: data_row + _VALUES])
    if scores is not None:
        columns = assign(scores)
    header = TableHeader(top, top + height - 1, data_row, columns, column_labels(texts, top, height, merges))
    _explain(header, scores or [column_scores(p, mapping) for p in paths])
    if mapping:
        header.mapped = {hit[0] for p in paths if p and (hit := mapped_reading(tuple(p), mapping))}
    return header


def _tie_at_top(scores: dict[str, Reading]) -> bool:
    top = sorted((r.score for r in scores.values()), reverse=True)
    return len(top) > 1 and top[0] == top[1]


def _by_values(scores: list[dict[str, Reading]], rows: Grid) -> list[dict[str, Reading]] | None:
    """The columns' readings with ties at a column's top broken by its values (None: no tie)."""
    tied = [c for c, s in enumerate(scores) if _tie_at_top(s)]
    if not tied:
        return None
    out = list(scores)
    for c in tied:
        kinds = [value_kind(row[c]) for row in rows if c < len(row) and cell_text(row[c])]
        out[c] = break_ties(scores[c], kinds)
    return out


def _explain(header: TableHeader, scores: list[dict[str, Reading]]) -> None:
    """Fill in why each column was read so, the columns a stronger one outscored and the
    contested fields (in place)."""
    read = {c: name for name, c in header.columns.items()}
    for c, name in read.items():
        header.reasons[c] = scores[c][name].reason
    for c, found in enumerate(scores):
        if not found or c in read:
            continue
        name = max(found, key=lambda n: found[n].score)
        if name in header.columns:
            header.unread[c] = name
            if name not in UNCONTESTED and found[name].score >= scores[header.columns[name]][name].score - MARGIN:
                header.contested.setdefault(name, [header.columns[name]]).append(c)


def likely_header_rows(grid: Grid, mapping: Mapping[str, str] | None = None,
                       n: int = 2) -> list[tuple[int, dict[str, int]]]:
    """The n rows of the first ones that, read alone as a header, name the most fields (the
    best total score next), each with its reading. Only rows that read as two fields or more
    and hold words in all their cells but one: a row of values (dates, numbers) is data, and
    its texts are never shown."""
    ranked = []
    for r, row in enumerate(grid[:MAX_HEADER_SCAN]):
        texts = [cell_text(v) for v in row]
        filled = [t for t in texts if t]
        if len(filled) < 2 or sum(1 for t in filled if not _LETTER.search(t)) > 1:
            continue
        scores = [column_scores([_key(t)], mapping) if t else {} for t in texts]
        columns = assign(scores)
        if len(columns) >= 2:
            total = sum(scores[c][name].score for name, c in columns.items())
            ranked.append((len(columns), total, -r, columns))
    ranked.sort(key=lambda x: x[:3], reverse=True)
    return [(-neg_r, columns) for _, _, neg_r, columns in ranked[:n]]
