"""Read the raw values of task rows into canonical fields, problems kept per row.

Pure: records (dicts of raw cell values from `extract`) in, a DataFrame out, one
row per sheet row. A value that cannot be read becomes a problem on its row,
naming the column and the value; the row is kept, marked, and stays out of the
figures.

Column-wise: each column is factorised and every distinct value parsed once
(sheets repeat the same dates, statuses and agency names thousands of times),
then mapped back by index. Dates come out as ISO text, missing values as None.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import pandas as pd

from taskrollup import dates, docids, identity, problems, statuses
from taskrollup.docids import DocRef
from taskrollup.errors import ValueParseError
from taskrollup.fields import ROW_FIELDS, ROW_FLAGS
from taskrollup.headers import TableHeader
from taskrollup.registry import Registry
from taskrollup.text import clean, is_empty

_TICKS = {f"tick_{key}": key for key in statuses.TICK_KEYS}  # header field -> tick key
# The order problems are listed in on a row.
_PROBLEM_ORDER = ["source", "assigned_on", "content", "agency", "status", "deadline",
                  "extended_deadline", "completed_on", "cancelled_on", "secret"]
Parsed = tuple[object, problems.Problem | None]  # (value, the problem's code and fields, or None)


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


def _text(value: object) -> str:
    if value is None or value == "" or (isinstance(value, float) and np.isnan(value)):
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return clean(str(value))


def empty_cells(values: pd.Series) -> np.ndarray:
    """`text.is_empty` of every value, worked out once per distinct value (and for each value
    pandas calls missing: None and NaN are empty, NaT and pd.NA are not)."""
    codes, uniques = pd.factorize(values, use_na_sentinel=True)
    empty = np.array([*map(is_empty, uniques), True], dtype=bool)[codes]
    missing = np.flatnonzero(codes < 0)
    if len(missing):
        cells = values.to_numpy(dtype=object)
        empty[missing] = [is_empty(cells[i]) for i in missing]
    return empty


@lru_cache(maxsize=1 << 16)
def _iso_cached(day: dt.date) -> str:
    return day.isoformat()


def _iso(day: object) -> str | None:
    return _iso_cached(day) if isinstance(day, dt.date) else None


def _place(header: TableHeader, name: str) -> dict[str, object]:
    """Where a field's problem is: its column's letter and heading, or the field alone when
    the sheet has no column for it."""
    col = header.columns.get(name)
    if col is None:
        return {"field": name}
    return {"column": column_letter(col), "header": header.labels.get(col, name)}


def _problem(header: TableHeader, name: str, raw: object, found: problems.Problem) -> problems.Problem:
    """The problem `found` (a code and its fields) in the field `name`'s cell `raw`."""
    return problems.at(_place(header, name), found, _text(raw)[:60])


def parse_column(values: pd.Series, parse: Callable[[object], object], header: TableHeader,
                 name: str, remember: bool = True) -> tuple[np.ndarray, np.ndarray]:
    """(parsed values, problems) for a column; each distinct value parsed once.

    Empty cells give None without a problem."""
    codes, uniques = pd.factorize(values, use_na_sentinel=True)
    parsed = np.empty(len(uniques) + 1, dtype=object)
    errors = np.empty(len(uniques) + 1, dtype=object)
    for i, raw in enumerate(uniques):
        if is_empty(raw):
            continue
        value, found = _parse_once(parse, raw) if remember else _parse(parse, raw)
        if found is None:
            parsed[i] = value
        else:
            errors[i] = _problem(header, name, raw, found)
    return parsed[codes], errors[codes]  # code -1 (missing) takes the last slot: None


_SEEN: dict[tuple[object, type, object], Parsed] = {}
_SEEN_MAX = 1_000_000


def _parse(parse: Callable[[object], object], raw: object) -> Parsed:
    try:
        return parse(raw), None
    except ValueParseError as exc:
        return None, exc.problem


def _parse_once(parse: Callable[[object], object], raw: object) -> Parsed:
    """Parse a value, remembering the answer for the rest of the run (files repeat values).

    Only for parsers whose answer depends on the value alone (not on a sheet's registry)."""
    key = (parse, type(raw), raw)
    hit = _SEEN.get(key)
    if hit is None:
        hit = _parse(parse, raw)
        if len(_SEEN) < _SEEN_MAX:
            _SEEN[key] = hit
    return hit


def _doc_from_id(raw: object) -> DocRef:
    text = _text(raw)
    doc = docids.parse_document(text)
    return doc if doc is not None else DocRef(docids.canonical_id(text), None, False)


def _doc_from_text(raw: object) -> DocRef:
    doc = docids.parse_document(_text(raw))
    if doc is None:
        raise ValueParseError(problems.NO_DOCUMENT_NUMBER)
    return doc


def _column(raw: pd.DataFrame, name: str) -> pd.Series | None:
    return raw[name] if name in raw.columns else None


def _sources(raw: pd.DataFrame, ctx: SheetContext) -> tuple[np.ndarray, np.ndarray]:
    """Each row's DocRef (id column, else citation, else section or title) and problem."""
    n = len(raw)
    docs = np.empty(n, dtype=object)
    errors = np.empty(n, dtype=object)
    filled = np.zeros(n, dtype=bool)
    for name, parse in (("source_id", _doc_from_id), ("source_text", _doc_from_text)):
        col = _column(raw, name)
        if col is None:
            continue
        take = ~filled & ~empty_cells(col)
        got, err = parse_column(col[take], parse, ctx.header, name)
        docs[take], errors[take] = got, err
        filled |= take
    context = raw["context_doc"].to_numpy(dtype=object) if "context_doc" in raw.columns else docs
    for i in np.flatnonzero(~filled):
        docs[i] = context[i] or ctx.title_doc
    missing = np.array([d is None for d in docs]) & np.array([e is None for e in errors])
    errors[missing] = _problem(ctx.header, "source_id", "", {"code": problems.NO_DOCUMENT})
    return docs, errors


def _agencies(raw: pd.DataFrame, ctx: SheetContext) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Lead agency, is-lead flag and problem for each row."""
    n = len(raw)
    col = _column(raw, "agency") if "agency" in ctx.header.columns else None

    def resolve(value: object) -> str:
        text = _text(value)
        name = ctx.registry.resolve(text) or next(iter(ctx.registry.resolve_many(text)), None)
        if name is None:
            raise ValueParseError(problems.UNKNOWN_AGENCY)
        return name

    names, errors = (parse_column(col, resolve, ctx.header, "agency", remember=False) if col is not None
                     else (np.empty(n, dtype=object), np.empty(n, dtype=object)))
    empty = empty_cells(col) if col is not None else np.ones(n, dtype=bool)
    names[empty] = ctx.submitter
    if ctx.submitter is None:
        errors[empty] = _problem(ctx.header, "agency", "", {"code": problems.NO_LEAD_AGENCY})
    is_lead = np.array([ctx.submitter is None or a == ctx.submitter for a in names], dtype=bool)
    is_lead &= np.array([a is not None for a in names], dtype=bool)
    return names, is_lead, errors


def _tick_statuses(raw: pd.DataFrame, ctx: SheetContext) -> tuple[np.ndarray, np.ndarray]:
    cols = [(k, v) for k, v in _TICKS.items() if k in raw.columns]
    n = len(raw)
    found, errors = np.empty(n, dtype=object), np.empty(n, dtype=object)
    if not cols:
        return found, errors
    cache: dict[tuple[object, ...], Parsed] = {}
    keys = zip(*(raw[k].map(_text).tolist() for k, _ in cols), strict=True)
    for i, key in enumerate(keys):
        if key not in cache:
            try:
                cache[key] = (statuses.status_from_ticks(dict(zip([v for _, v in cols], key, strict=True))), None)
            except ValueParseError as exc:
                cache[key] = (None, _problem(ctx.header, "status", "", exc.problem))
        found[i], errors[i] = cache[key]
    return found, errors


def _statuses(raw: pd.DataFrame, ctx: SheetContext) -> tuple[np.ndarray, np.ndarray]:
    n = len(raw)
    col = _column(raw, "status")
    words, errors = (parse_column(col, parse_status, ctx.header, "status")
                     if col is not None else (np.empty(n, dtype=object), np.empty(n, dtype=object)))
    ticks, tick_errors = _tick_statuses(raw, ctx)
    use_ticks = np.array([w is None for w in words]) & np.array([e is None for e in errors])
    words[use_ticks], errors[use_ticks] = ticks[use_ticks], tick_errors[use_ticks]
    missing = np.array([w is None for w in words]) & np.array([e is None for e in errors])
    errors[missing] = _problem(ctx.header, "status" if col is not None else "tick_done", "",
                               {"code": problems.NO_STATUS})
    return words, errors


def _date_arg(value: object) -> object:
    return _text(value) if isinstance(value, str) else value


def parse_day(value: object) -> object:
    return dates.parse_date(_date_arg(value))


def parse_deadline(value: object) -> object:
    return dates.parse_deadline(_date_arg(value))


def parse_secret(value: object) -> object:
    return statuses.parse_secret(_date_arg(value))


def parse_status(value: object) -> object:
    return statuses.parse_status(_text(value))


def _dates(raw: pd.DataFrame, ctx: SheetContext, name: str, parse: Callable[[object], object]
           ) -> tuple[np.ndarray, np.ndarray]:
    col = _column(raw, name)
    if col is None:
        return np.empty(len(raw), dtype=object), np.empty(len(raw), dtype=object)
    return parse_column(col, parse, ctx.header, name)


def _row_problems(errors: dict[str, np.ndarray], n: int) -> list[tuple[problems.Problem, ...]]:
    """Each row's problems in `_PROBLEM_ORDER`; none for a clean row."""
    stacked = np.vstack([errors[k] for k in _PROBLEM_ORDER]) if n else np.empty((0, 0), dtype=object)
    out: list[tuple[problems.Problem, ...]] = [()] * n
    if n:
        for i in np.flatnonzero((stacked != None).any(axis=0)):  # noqa: E711  (element-wise)
            out[i] = tuple(e for e in stacked[:, i] if e is not None)
    return out


def _attr(items: np.ndarray, name: str, default: object = None) -> list[object]:
    return [getattr(x, name) if x is not None else default for x in items]


def normalise_records(records: Iterable[dict[str, object]], ctx: SheetContext) -> pd.DataFrame:
    """Every record (a dict of raw cells) of one sheet, normalised: see `normalise_frame`."""
    return normalise_frame(pd.DataFrame.from_records(list(records)), ctx)


def normalise_columns(columns: dict[str, list[object]], ctx: SheetContext) -> pd.DataFrame:
    """One sheet's raw cells given column by column (`SheetTable.columns`), normalised."""
    raw = pd.DataFrame({k: v for k, v in columns.items() if k != "row"}, dtype=object)
    raw.insert(0, "row", np.asarray(columns["row"], dtype=np.int64))
    return normalise_frame(raw, ctx)


def normalise_frame(raw: pd.DataFrame, ctx: SheetContext) -> pd.DataFrame:
    """Every row of one sheet's raw cells, normalised, as a DataFrame of `fields.ROW_FIELDS`."""
    n = len(raw)
    if n == 0:  # typed as a sheet with rows is, so that joining the two keeps the types
        return pd.DataFrame({c: pd.Series(dtype=bool if c in ROW_FLAGS else np.int64 if c == "row" else object)
                             for c in ROW_FIELDS}, columns=ROW_FIELDS)
    errors: dict[str, np.ndarray] = {}
    docs, errors["source"] = _sources(raw, ctx)
    assigned, errors["assigned_on"] = _dates(raw, ctx, "assigned_on", parse_day)
    content_col = _column(raw, "content")
    content = (parse_column(content_col, _text, ctx.header, "content")[0] if content_col is not None
               else np.empty(n, dtype=object))
    content = np.array([c or "" for c in content], dtype=object)
    keys = pd.Series(content).map(_content_key).to_numpy(dtype=object)
    errors["content"] = np.where(keys == "", _problem(ctx.header, "content", "", {"code": problems.NO_CONTENT}), None)
    agency, is_lead, errors["agency"] = _agencies(raw, ctx)
    status, errors["status"] = _statuses(raw, ctx)
    deadline, errors["deadline"] = _dates(raw, ctx, "deadline", parse_deadline)
    extended, errors["extended_deadline"] = _dates(raw, ctx, "extended_deadline", parse_day)
    completed, errors["completed_on"] = _dates(raw, ctx, "completed_on", parse_day)
    cancelled, errors["cancelled_on"] = _dates(raw, ctx, "cancelled_on", parse_day)
    secret, errors["secret"] = _dates(raw, ctx, "secret", parse_secret)
    state = _attr(status, "state")
    noted = _attr(status, "noted_on")
    ext_tick = raw["tick_extension_requested"].map(_text).to_numpy(dtype=object) != "" \
        if "tick_extension_requested" in raw.columns else np.zeros(n, dtype=bool)
    deadline_on = _attr(deadline, "on")
    return pd.DataFrame({
        "sheet": ctx.sheet,
        "row": raw["row"].to_numpy(),
        "source_id": _attr(docs, "id"),
        "assigned_on": [_iso(a) or _iso(d) for a, d in zip(assigned, _attr(docs, "issued_on"), strict=True)],
        "content": content,
        "content_key": keys,
        "agency": agency,
        "coordinators": _coordinators(raw, ctx),
        "deadline": [_iso(d) for d in deadline_on],
        "no_deadline": [d is None or d.kind == "none" for d in deadline],
        "extended_deadline": [_iso(d) for d in extended],
        "state": state,
        "timing": _attr(status, "timing"),
        "extension_requested": np.array(_attr(status, "extension_requested", False), dtype=bool) | ext_tick,
        "completed_on": [_iso(c or w) if s == "done" else None
                         for c, w, s in zip(completed, noted, state, strict=True)],
        "cancelled_on": [_iso(c or w) if s == "cancelled" else None
                         for c, w, s in zip(cancelled, noted, state, strict=True)],
        "secret": np.array([bool(s) for s in secret], dtype=bool) | np.array(_attr(docs, "secret", False), dtype=bool),
        "is_lead": is_lead,
        "problems": _row_problems(errors, n),
    }, columns=ROW_FIELDS)


@lru_cache(maxsize=1 << 18)
def _content_key(text: str) -> str:
    """`content_key` of a content `_text` already cleaned (rule 11's key)."""
    return identity.key_of_clean(text)


def _coordinators(raw: pd.DataFrame, ctx: SheetContext) -> np.ndarray:
    col = _column(raw, "coordinators")
    if col is None:
        return np.full(len(raw), "", dtype=object)
    names, _ = parse_column(col, lambda v: "; ".join(ctx.registry.resolve_many(_text(v))), ctx.header,
                            "coordinators", remember=False)
    return np.array([x or "" for x in names], dtype=object)
