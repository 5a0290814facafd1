"""Tables of figures in a draft: a header that names figures, a row per group, total rows. Pure.

A table is a figure table when one of its first rows names at least two figures ("Tổng số",
"Đã hoàn thành", "Đúng hạn", "Quá hạn", "Chưa hoàn thành", "Trong hạn", "Dừng thực hiện",
"Tỷ lệ"), read with the same lexicon as the prose. A second header row under it refines the
first ("Đã hoàn thành" over "Đúng hạn | Quá hạn" is done_on_time | done_late), and a column
naming only a child ("Quá hạn" under "Trong đó") takes the parent of the nearest column to its
left. A table whose first column names the figures and whose header names the groups is read
turned. A column-number row ("(1) | (2) | ...") is skipped.

Every other row is one group's figures, checked like a sentence: its label cell names the
group (a document, the central Government, the province, an agency, or itself). A total row
("Tổng cộng", "Cộng", "Tổng số") is the table's group (named by the paragraphs above it) and
each of its counts must equal the sum of the rows it totals: all rows for a grand total, the
rows since the last section or subtotal for "Cộng".
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace

from taskrollup.claims import (
    FIGURE_KEYS,
    AgencyResolver,
    Claim,
    TextUnit,
    _under,
    scope_marker,
    tokens_of,
)
from taskrollup.text import fold

_NUMBER_CELL = re.compile(r"^(?:\d{1,3}(?:\.\d{3})+|\d+)(?:,\d+)?\s*%?$")
_ZERO_CELL = frozenset({"-", "–", "—", "0"})
_COLUMN_NUMBER = re.compile(r"^\(?\d{1,2}\)?$")
# Total rows, on the label as written (lower case) or, typed without accents, folded.
_TOTAL_ROW = re.compile(r"^(?:tổng cộng|tổng số|tổng|toàn tỉnh|tính chung|tong cong|tong so|tong|toan tinh)\b")
_SUBTOTAL_ROW = re.compile(r"^(?:cộng|cong)\b")
_STT = re.compile(r"^(?:\d{1,3}|[ivxlc]{1,6}|[a-z])[.)]?$")
_HEADER_ROWS = 4


@dataclass(frozen=True)
class Cell:
    """One cell: its text as written, the row unit it belongs to and where it starts there."""

    text: str
    unit: TextUnit
    start: int

    @property
    def folded(self) -> str:
        return fold(self.text)


@dataclass(frozen=True)
class Column:
    """A figure column: its grid index, the figure (or "rate" of `of`) and its header text."""

    index: int
    key: str
    header: str
    of: str = ""
    basis: str = ""


@dataclass(frozen=True)
class ColumnTotal:
    """A total row's cell and the cells it should be the sum of."""

    total: Claim
    parts: tuple[Claim, ...]
    rows: str  # "all rows" or "rows since the last subtotal"


@dataclass
class TableReading:
    claims: list[Claim]
    totals: list[ColumnTotal]


Grid = list[list[Cell | None]]


def grid_of(rows: Sequence[TextUnit]) -> Grid:
    """The table's cells by grid column; a merged cell fills each column it spans."""
    width = max((col + span for unit in rows for _, col, span in unit.cells), default=0)
    grid: Grid = []
    for unit in rows:
        line: list[Cell | None] = [None] * width
        starts = [s for s, _, _ in unit.cells]
        for i, (start, col, span) in enumerate(unit.cells):
            stop = starts[i + 1] - 3 if i + 1 < len(starts) else len(unit.text)
            for c in range(col, col + span):
                line[c] = Cell(unit.text[start:stop], unit, start)
        grid.append(line)
    return grid


# ---- the header ---------------------------------------------------------------------------


def header_key(text: str) -> tuple[str, str, str] | None:
    """(figure key or "rate", of, basis) a header cell names; ("child", kind, "") when it names
    only "đúng hạn" / "quá hạn" / "trong hạn"; None when it names no figure."""
    labels = [t.label for t in tokens_of(text) if t.kind == "label" and t.label]
    kinds = {kind for kind, _ in labels}
    if "rate" in kinds:
        of = next((key for kind, key in labels if kind == "rate" and key), None)
        return "rate", of or "done", _header_basis(kinds)
    parent = next((key for kind, key in labels if kind in ("parent", "weak") and key in ("done", "not_done")), None)
    figure = next((key for kind, key in labels if kind == "figure" and key in FIGURE_KEYS), None)
    child = next((kind for kind, _ in labels if kind in ("late", "on_time", "in_time")), None)
    if figure and not (parent and figure == "assigned"):
        return figure, "", ""
    if parent and child:
        return _under(child, parent), "", ""
    if parent:
        return parent, "", ""
    return ("child", child, "") if child else None


def _header_basis(kinds: set[str]) -> str:
    if "other" in kinds:
        return "other"
    return "due" if "due" in kinds else "all" if "all" in kinds else ""


def _columns(texts: list[str]) -> list[Column]:
    """Figure columns from header texts. A child-only column ("Quá hạn") takes the parent of the
    nearest column on its left that names one; with none, the run of child columns it sits in
    decides: "Đúng hạn | Quá hạn" are of done, "Trong hạn | Quá hạn" of not done."""
    found = [(i, header_key(t), " ".join(t.split())) for i, t in enumerate(texts)]
    found = [(i, k, t) for i, k, t in found if k is not None]
    columns: list[Column] = []
    parent: str | None = None
    for n, (index, (key, of, basis), header) in enumerate(found):  # type: ignore[misc]
        if key == "child":
            key, of = _under(of, parent or _run_parent(found, n)), ""
        elif key in ("done", "not_done"):
            parent = key
        columns.append(Column(index, key, header, of, basis))
    return columns


def _run_parent(found: list[tuple[int, tuple[str, str, str] | None, str]], n: int) -> str | None:
    """The parent a run of adjacent child-only columns implies, or None."""
    kinds = set()
    for step in (-1, 1):
        m = n
        while 0 <= m < len(found) and found[m][1][0] == "child" and abs(found[m][0] - found[n][0]) == abs(m - n):  # type: ignore[index]
            kinds.add(found[m][1][1])  # type: ignore[index]
            m += step
    return "done" if "on_time" in kinds else "not_done" if "in_time" in kinds else None


def _texts(row: list[Cell | None]) -> list[str]:
    return [c.text if c else "" for c in row]


def _has_numbers(row: list[Cell | None]) -> bool:
    return any(c and _NUMBER_CELL.match(c.text.strip()) for c in row)


def find_header(grid: Grid) -> tuple[list[Column], int] | None:
    """The figure columns and the index of the first data row, or None for no figure table."""
    for r in range(min(_HEADER_ROWS, len(grid))):
        if _has_numbers(grid[r]) or len(_columns(_texts(grid[r]))) < 2:
            continue
        texts, first = _texts(grid[r]), r + 1
        if first < len(grid) and not _has_numbers(grid[first]) and _columns(_texts(grid[first])):
            texts = [f"{a} {b}" if a.strip() != b.strip() else a for a, b in zip(texts, _texts(grid[first]),
                                                                                 strict=True)]
            first += 1
        while first < len(grid) and _numbering_row(grid[first]):
            first += 1
        return _columns(texts), first
    return None


def _numbering_row(row: list[Cell | None]) -> bool:
    """ "(1) | (2) | (3)" or "1 | 2 | 3": the columns numbered, no figures."""
    texts = [c.text.strip() for c in dict.fromkeys(c for c in row if c) if c.text.strip()]
    if len(texts) < 3 or not all(_COLUMN_NUMBER.match(t) for t in texts):
        return False
    numbers = [int(t.strip("()")) for t in texts]
    return numbers == sorted(set(numbers))


def _turned(grid: Grid) -> Grid:
    """The grid with rows and columns swapped."""
    return [list(col) for col in zip(*grid, strict=True)] if grid else grid


def _figures_down_first_column(grid: Grid) -> bool:
    keys = {header_key(row[0].text) for row in grid[1:] if row and row[0] is not None}
    return len({k for k in keys if k and k[0] != "child"}) >= 2 and find_header(grid) is None


# ---- the rows -----------------------------------------------------------------------------


def read_table(rows: Sequence[TextUnit], scope: str | None, agency: AgencyResolver | None = None,
               ) -> TableReading | None:
    """The claims of a figure table and its column totals; None when it is no figure table."""
    grid = grid_of(rows)
    if _figures_down_first_column(grid):
        grid = _turned(grid)
    found = find_header(grid)
    if found is None:
        return None
    columns, first = found
    reader = _Rows(columns, scope or "", agency)
    for line in grid[first:]:
        reader.row(line)
    return TableReading(reader.claims, reader.totals)


@dataclass
class _Rows:
    columns: list[Column]
    scope: str
    agency: AgencyResolver | None

    def __post_init__(self) -> None:
        self.claims: list[Claim] = []
        self.totals: list[ColumnTotal] = []
        self.body: list[dict[int, Claim]] = []  # data rows: column index -> claim
        self.section: list[dict[int, Claim]] = []
        self.section_scope = self.scope

    def row(self, line: list[Cell | None]) -> None:
        label = _label(line, {c.index for c in self.columns})
        values = self.values(line)
        if not values:
            marker = scope_marker(label, self.agency) if label else None
            self.section, self.section_scope = [], marker or self.scope
            return
        lower = label.lower() if not label.isascii() else fold(label)
        subtotal = bool(_SUBTOTAL_ROW.match(lower))
        total = subtotal or bool(_TOTAL_ROW.match(lower))
        group = (self.section_scope if subtotal else self.scope) if total or not label else self.group_of(label)
        claims = self.row_claims(line, values, label, group or f"~{label}")
        if total:
            parts = self.section if subtotal else self.body
            self.add_totals(claims, parts, "the rows since the last subtotal" if subtotal else "all rows above")
            self.section = []
        else:
            self.body.append(claims)
            self.section.append(claims)
        self.claims += claims.values()

    def values(self, line: list[Cell | None]) -> dict[int, int | float]:
        """Column index -> the number in that cell, for the figure cells that hold one."""
        out = {}
        for col in self.columns:
            cell = line[col.index] if col.index < len(line) else None
            value = _value(cell.text, col.key == "rate") if cell else None
            if value is not None:
                out[col.index] = value
        return out

    def group_of(self, label: str) -> str:
        """A row names a document, the central Government, the province, an agency, or itself."""
        marker = scope_marker(label, self.agency) if label else None
        name = self.agency(label) if self.agency and label and not marker else None
        return marker or name or " ".join(label.split())

    def row_claims(self, line: list[Cell | None], values: dict[int, int | float], label: str,
                   group: str) -> dict[int, Claim]:
        counts = {col.key: int(values[col.index]) for col in self.columns
                  if col.key != "rate" and col.index in values}
        out: dict[int, Claim] = {}
        for col in self.columns:
            if col.index in values:
                claim = _cell_claim(line[col.index], col, values[col.index], label, group)  # type: ignore[arg-type]
                out[col.index] = _with_count(claim, counts[col.of]) if col.of in counts else claim
        return out

    def add_totals(self, total: dict[int, Claim], rows: list[dict[int, Claim]], which: str) -> None:
        for index, claim in total.items():
            if claim.key == "rate":
                continue
            parts = tuple(r[index] for r in rows if index in r)
            if parts:
                self.totals.append(ColumnTotal(claim, parts, which))


def _label(line: list[Cell | None], figure_columns: set[int]) -> str:
    """The row's name: its first text cell outside the figure columns that is no STT."""
    for index, cell in enumerate(line):
        if cell is None or index in figure_columns:
            continue
        text = " ".join(cell.text.split())
        if text and not _STT.match(fold(text) or text):
            return text
    return ""


def _value(text: str, rate: bool) -> int | float | None:
    """A cell's number: '2.573' -> 2573, '-' -> 0, '88,32%' or (in a rate column) '88,32' -> 88.32."""
    raw = text.strip()
    if raw in _ZERO_CELL:
        return 0
    if not _NUMBER_CELL.match(raw):
        return None
    digits = raw.replace("%", "").strip().replace(".", "")
    if "," in digits or "%" in raw or rate:
        return float(digits.replace(",", "."))
    return int(digits)


def _cell_claim(cell: Cell, col: Column, value: int | float, label: str, group: str) -> Claim:
    raw = cell.text.strip()
    lead = len(cell.text) - len(cell.text.lstrip())
    start = cell.start + lead
    sentence = f"{label or '(no name)'} — {col.header}: {raw}"
    return Claim(group, col.key, value, raw, cell.unit.number, sentence, cell.unit.where, start,
                 start + len(raw), of=col.of, basis=col.basis, column=col.header)


def _with_count(claim: Claim, count: int) -> Claim:
    return replace(claim, count=count)
