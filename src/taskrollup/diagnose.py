"""What a sheet that cannot be read looks like, told to the clerk with the taskrollup.toml
line that reads it. Pure: grids and headers in, text out."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from taskrollup.columns import UNCONTESTED, header_key
from taskrollup.headers import Grid, TableHeader, cell_text, likely_header_rows
from taskrollup.normalise import column_letter

FIELD_NAMES = {
    "content": "the task content", "source_id": "the document number", "source_text": "the document cited",
    "assigned_on": "the assignment date", "agency": "the lead agency", "coordinators": "the coordinators",
    "deadline": "the deadline", "extended_deadline": "the extended deadline", "status": "the status",
    "completed_on": "the completion date", "cancelled_on": "the cancellation date", "secret": "the secrecy mark",
    "note": "the note", "stt": "the row number",
}
_SHOW = 24  # characters of a cell shown
_SAMPLE = 30  # rows under a header whose values are looked at


def field_name(name: str) -> str:
    return FIELD_NAMES.get(name, name.replace("_", " "))


def short(text: str, n: int = _SHOW) -> str:
    """A cell's text on one line, cut to n characters."""
    text = " ".join(text.split())
    return text if len(text) <= n else text[: n - 1] + "…"


def toml_line(label: str, name: str) -> str:
    """The `[columns]` line reading a header as a field."""
    text = " / ".join(part.strip() for part in label.split(" / "))
    text = " ".join(text.split()).replace("\\", "\\\\").replace('"', '\\"')
    return f'"{text}" = "{name}"'


def settle(col: int, label: str, name: str) -> list[str]:
    """The lines telling how to read a column as a field from taskrollup.toml."""
    return [f"to read column {column_letter(col)} ({short(label, 40)}) as {field_name(name)},"
            " add to taskrollup.toml:", "  [columns]", f"  {toml_line(label, name)}"]


def mean_length(values: Sequence[object]) -> float:
    """The mean length of the non-blank values' text (0 when none)."""
    texts = [t for t in (cell_text(v) for v in values) if t]
    return sum(map(len, texts)) / len(texts) if texts else 0.0


def contested(header: TableHeader, rows: Sequence[Sequence[object]]) -> str:
    """Why a sheet whose header names one field over two columns is not read, and the line
    that settles it: the column whose values run longest is proposed."""
    name, cols = next(iter(header.contested.items()))
    cols = sorted(cols)
    labels = {c: header.labels.get(c, "") for c in cols}
    named = " and ".join(f"column {column_letter(c)} ({short(labels[c], 40)})" for c in cols)
    lines = [f"two columns are headed as the same field ({name}): {named}"]
    if len({header_key(t) for t in labels.values()}) < len(cols):
        lines.append("they are headed alike: rename one so it is clear which to read")
        return "\n  ".join(lines)
    best = max(cols, key=lambda c: mean_length([r[c] if c < len(r) else "" for r in rows[:_SAMPLE]]))
    return "\n  ".join(lines + settle(best, labels[best], name))


def unread_notes(sheet: str, header: TableHeader) -> list[str]:
    """A note for each column left unread because a column headed more plainly reads its field."""
    return [f"sheet '{sheet}': column {column_letter(c)} ({short(header.labels.get(c, ''), 40)}) is not read:"
            f" column {column_letter(header.columns[name])} reads {field_name(name)}"
            for c, name in sorted(header.unread.items()) if name not in UNCONTESTED]


def no_table(sheet: str, grid: Grid, mapping: Mapping[str, str] | None = None) -> list[str]:
    """What a sheet without a task table looked like: the rows most like a header, what they
    were read as, what was missing, and the line that would read the content."""
    rows = likely_header_rows(grid, mapping)
    if not rows:
        return [f"sheet '{sheet}': no row names two columns (no header)"]
    lines = [f"sheet '{sheet}': the rows most like a header:"]
    for r, _ in rows:
        cells = [short(t) for t in (cell_text(v) for v in grid[r]) if t]
        lines.append(f"  row {r + 1}: " + " | ".join(cells))
    r, columns = rows[0]
    found = ", ".join(sorted(columns, key=columns.__getitem__)) or "nothing"
    missing = "content" if "content" not in columns else None
    lines.append(f"  row {r + 1} read as: {found}; " + (f"no column for {field_name(missing)}" if missing
                                                      else "no second column the reader knows"))
    if missing:
        lines += ["  " + x for x in _propose_content(grid, r, columns)]
    return lines


def _propose_content(grid: Grid, r: int, columns: Mapping[str, int]) -> list[str]:
    """The line reading as the content the unread column of header row r whose values run
    longest (none when no column under it holds text)."""
    taken = set(columns.values())
    below = grid[r + 1: r + 1 + _SAMPLE]
    header = grid[r]
    candidates = [c for c in range(len(header)) if c not in taken and cell_text(header[c])]
    lengths = {c: mean_length([row[c] if c < len(row) else "" for row in below]) for c in candidates}
    if not lengths or max(lengths.values()) < 10:
        return ["no unread column under it holds text long enough to be the task content"]
    best = max(lengths, key=lengths.__getitem__)
    return settle(best, cell_text(header[best]), "content")
