"""Read the raw values of task rows into canonical fields, row by row problems kept.

Pure: records (dicts of raw cell values from `extract`) in, a DataFrame out, one
row per sheet row. A value that cannot be read becomes a problem on its row
(naming the column and the value); the row is kept, marked, and stays out of the
figures. Parsers are memoised per distinct value: sheets repeat the same dates,
statuses and agency names thousands of times.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import lru_cache

import pandas as pd

from taskrollup import dates, docids, statuses
from taskrollup.docids import DocRef
from taskrollup.errors import ValueParseError
from taskrollup.headers import TableHeader
from taskrollup.registry import Registry
from taskrollup.text import clean, content_key

COLUMNS = [
    "sheet", "row", "source_id", "assigned_on", "content", "content_key", "agency",
    "coordinators", "deadline", "no_deadline", "extended_deadline", "state", "timing",
    "extension_requested", "completed_on", "cancelled_on", "secret", "is_lead", "problems",
]
_TICKS = {
    "tick_done": "done", "tick_done_on_time": "done_on_time", "tick_done_late": "done_late",
    "tick_not_done": "not_done", "tick_not_done_in_time": "not_done_in_time",
    "tick_not_done_overdue": "not_done_overdue", "tick_cancelled": "cancelled",
    "tick_extension_requested": "extension_requested",
}


@dataclass(frozen=True)
class SheetContext:
    """What a row needs besides its own cells."""

    sheet: str
    header: TableHeader
    submitter: str | None  # canonical submitting agency
    title_doc: DocRef | None
    registry: Registry


def column_letter(index: int) -> str:
    """0 -> 'A', 27 -> 'AB'."""
    letters = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


def _key(value: object) -> tuple[str, object]:
    return (type(value).__name__, value)


def _memo(fn: Callable[[object], object]) -> Callable[[object], object]:
    cached = lru_cache(maxsize=65536)(lambda key: fn(key[1]))
    return lambda value: cached(_key(value))


def _text(value: object) -> str:
    if value is None or value == "":
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return clean(str(value))


text_of = _memo(_text)
date_of = _memo(lambda v: dates.parse_date(_text(v) if isinstance(v, str) else v))
deadline_of = _memo(lambda v: dates.parse_deadline(_text(v) if isinstance(v, str) else v))
status_of = _memo(lambda v: statuses.parse_status(_text(v)))
secret_of = _memo(lambda v: statuses.parse_secret(_text(v) if isinstance(v, str) else v))
document_of = _memo(lambda v: docids.parse_document(_text(v)))
canonical_of = _memo(lambda v: docids.canonical_id(_text(v)))


class _Row:
    """Collects one row's fields and problems."""

    def __init__(self, rec: dict[str, object], ctx: SheetContext) -> None:
        self.rec, self.ctx = rec, ctx
        self.out: dict[str, object] = {"sheet": ctx.sheet, "row": rec["row"]}
        self.problems: list[str] = []

    def read(self, name: str, parse: Callable[[object], object]) -> object:
        raw = self.rec.get(name, "")
        if raw is None or raw == "" or (isinstance(raw, str) and not raw.strip()):
            return None
        try:
            return parse(raw)
        except ValueParseError as exc:
            self.problem(name, raw, str(exc))
            return None

    def problem(self, name: str, raw: object, message: str) -> None:
        col = self.ctx.header.columns.get(name)
        where = f"column {column_letter(col)} ({self.ctx.header.labels.get(col, name)})" if col is not None else name
        shown = _text(raw)[:60]
        self.problems.append(f"{where}: {message} [{shown!r}]" if shown else f"{where}: {message}")


def _source(row: _Row) -> tuple[str | None, dt.date | None, bool]:
    """Document id, its date and secrecy, from an id column, a citation, a section or the title."""
    doc: DocRef | None = None
    if "source_id" in row.rec and _text(row.rec["source_id"]):
        doc = row.read("source_id", document_of)
        if doc is None and not row.problems:
            ident = row.read("source_id", canonical_of)
            doc = DocRef(str(ident), None, False) if ident else None
    elif "source_text" in row.rec and _text(row.rec["source_text"]):
        doc = row.read("source_text", document_of)
        if doc is None:
            row.problem("source_text", row.rec["source_text"], "no document number (e.g. 42/QĐ-UBND)")
    else:
        doc = row.rec.get("context_doc") or row.ctx.title_doc  # type: ignore[assignment]
    if doc is None:
        if not row.problems:
            row.problem("source_id", "", "no assigning document for this row")
        return None, None, False
    return doc.id, doc.issued_on, doc.secret


def _agency(row: _Row) -> tuple[str | None, bool]:
    ctx = row.ctx
    if "agency" not in ctx.header.columns or not _text(row.rec.get("agency")):
        if ctx.submitter is None:
            row.problem("agency", "", "no lead agency and the submitting agency is unknown")
        return ctx.submitter, True
    raw = row.rec["agency"]
    name = ctx.registry.resolve(_text(raw)) or (ctx.registry.resolve_many(_text(raw)) or [None])[0]
    if name is None:
        row.problem("agency", raw, "agency not in the registry")
        return None, False
    return name, ctx.submitter is None or name == ctx.submitter


def _status(row: _Row) -> statuses.Status | None:
    ticks = {v: row.rec[k] for k, v in _TICKS.items() if k in row.rec}
    status = row.read("status", status_of) if "status" in row.rec else None
    if status is None and ticks:
        try:
            status = statuses.status_from_ticks(ticks)
        except ValueParseError as exc:
            row.problem("status", "", str(exc))
            return None
    if status is None and not row.problems:
        row.problem("status" if "status" in row.rec else "tick_done", row.rec.get("status", ""),
                    "no status (done, not done, cancelled)")
    return status  # type: ignore[return-value]


def _dates(row: _Row, status: statuses.Status | None) -> None:
    out = row.out
    deadline = row.read("deadline", deadline_of)
    out["deadline"] = getattr(deadline, "on", None)
    out["no_deadline"] = deadline is None or deadline.kind == "none"  # type: ignore[union-attr]
    out["extended_deadline"] = row.read("extended_deadline", date_of)
    completed = row.read("completed_on", date_of)
    cancelled = row.read("cancelled_on", date_of)
    noted = status.noted_on if status else None
    state = status.state if status else None
    out["completed_on"] = (completed or noted) if state == "done" else None
    out["cancelled_on"] = (cancelled or noted) if state == "cancelled" else None


def normalise_row(rec: dict[str, object], ctx: SheetContext) -> dict[str, object]:
    """One raw record -> canonical fields and a problems string ('' when clean)."""
    row = _Row(rec, ctx)
    out = row.out
    source_id, source_date, doc_secret = _source(row)
    assigned = row.read("assigned_on", date_of)
    out["source_id"] = source_id
    out["assigned_on"] = assigned or source_date
    out["content"] = text_of(rec.get("content", ""))
    out["content_key"] = content_key(str(out["content"]))
    if not out["content_key"]:
        row.problem("content", "", "no task content")
    out["agency"], out["is_lead"] = _agency(row)
    coord = rec.get("coordinators", "")
    out["coordinators"] = "; ".join(ctx.registry.resolve_many(_text(coord))) if coord else ""
    status = _status(row)
    out["state"] = status.state if status else None
    out["timing"] = status.timing if status else None
    ext_tick = bool(_text(rec.get("tick_extension_requested", "")))
    out["extension_requested"] = bool(status and status.extension_requested) or ext_tick
    _dates(row, status)
    secret = row.read("secret", secret_of) if "secret" in rec else None
    out["secret"] = bool(secret) or doc_secret
    out["problems"] = "; ".join(row.problems)
    return out


def normalise_records(records: Iterable[dict[str, object]], ctx: SheetContext) -> pd.DataFrame:
    """Every record of one sheet, normalised, as a DataFrame with `COLUMNS`."""
    rows = [normalise_row(rec, ctx) for rec in records]
    return pd.DataFrame(rows, columns=COLUMNS)
