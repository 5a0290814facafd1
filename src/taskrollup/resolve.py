"""From the rows of a task to the task itself (rules 3, 4, 5, 8). Pure functions.

The status comes from one row: the lead agency's own rows win over a
coordinator's, then the newest reporting month, then the latest ingested. Rows
with problems never give a status. Dates the winning row lacks are taken from
the task's other rows where the rules allow:
- done without a completion date: the end of the reporting month of the first
  submission that reported it done (rule 3);
- cancelled without a date: likewise, from the first report of cancellation (rule 5);
- no assignment date on the row: the date of its source document on other rows.

Every "first row of each task under an order" is one `numpy.lexsort` over integer
codes (task, month, submission, row), and only the chosen rows' values are taken:
sorting whole frames of text columns was most of the time on 200.000 rows.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from taskrollup.dates import month_ends
from taskrollup.docids import authority
from taskrollup.fields import TASK_COLUMNS, TASK_FLAGS
from taskrollup.groups import firsts, sort_codes


def _texts(series: pd.Series) -> np.ndarray:
    """A column as an object array, missing values as None."""
    return series.to_numpy(dtype=object, na_value=None)


class _Rows:
    """The rows of some tasks as arrays, with each task's position in the output."""

    def __init__(self, rows: pd.DataFrame) -> None:
        codes, self.task_ids = pd.factorize(rows["task_id"], sort=True)  # -1: no task
        self.codes = codes
        self.valid = (codes >= 0) & ~rows["problems"].astype(bool).to_numpy()  # no problem on the row
        self.month, months = pd.factorize(rows["month"], sort=True)  # codes sort as the months
        self.months = np.asarray(months, dtype=object)
        self.submission = rows["submission_id"].to_numpy(dtype=np.int64)
        self.row_id = rows["row_id"].to_numpy(dtype=np.int64)
        self.lead = rows["is_lead"].to_numpy(dtype=bool)
        self.rows = rows

    def text(self, column: str) -> np.ndarray:
        return _texts(self.rows[column])

    def first(self, mask: np.ndarray, *keys: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """(task codes, row positions): for each task with a row in `mask`, the row that
        sorts first by `keys` (ascending; negate a key for descending)."""
        pos = np.flatnonzero(mask)
        pos = pos[firsts(self.codes[pos], *(k[pos] for k in keys))]
        return self.codes[pos], pos

    def newest(self, mask: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Per task, the row of `mask` from the newest month, then the latest submission."""
        return self.first(mask, -self.month, -self.submission, -self.row_id)


def _fill(values: np.ndarray, slots: np.ndarray, codes: np.ndarray, found: np.ndarray) -> np.ndarray:
    """`values` (one per task) with its None entries taken from `found` (for the tasks `codes`)."""
    other = np.full(len(values), None, dtype=object)
    other[slots[codes]] = found
    return np.where(pd.isna(values), other, values)


def _first_month_end(r: _Rows, state: np.ndarray, wanted: str, slots: np.ndarray, n: int) -> np.ndarray:
    """End of the reporting month in which each task was first reported `wanted`."""
    codes, pos = r.first(r.valid & (state == wanted), r.month)
    out = np.full(n, None, dtype=object)
    if len(pos):
        out[slots[codes]] = month_ends(pd.Series(r.months[r.month[pos]])).to_numpy(dtype=object)
    return out


def resolve_tasks(rows: pd.DataFrame) -> pd.DataFrame:
    """One row per task from its rows, sorted by task id.

    `rows` columns: row_id, submission_id, sha256 (of the file), month ('YYYY-MM'),
    task_id, problems, is_lead and the normalised fields (dates as ISO text or None).
    """
    r = _Rows(rows)
    if not r.valid.any():
        return pd.DataFrame(columns=TASK_COLUMNS)
    # The status row: the lead's own, then the newest month, submission and row.
    codes, win = r.first(r.valid, ~r.lead, -r.month, -r.submission, -r.row_id)
    n = len(codes)
    slots = np.full(len(r.task_ids), -1, dtype=np.int64)
    slots[codes] = np.arange(n)
    task = {c: r.text(c)[win] for c in ("source_id", "agency", "assigned_on", "deadline",
                                         "extended_deadline", "state", "timing",
                                         "completed_on", "cancelled_on")}
    task["extension_requested"] = rows["extension_requested"].to_numpy(dtype=bool)[win]
    task["status_row_id"] = r.row_id[win]
    # The text as first written by the lead agency (else anyone): later months may carry typos.
    text_codes, text_pos = r.first(r.valid, ~r.lead, r.month, sort_codes(rows["sha256"]),
                                   sort_codes(rows["sheet"]), rows["row"].to_numpy(dtype=np.int64))
    task["content"] = np.empty(n, dtype=object)
    task["content"][slots[text_codes]] = r.text("content")[text_pos]
    task["row_count"] = np.bincount(r.codes[r.codes >= 0], minlength=len(r.task_ids))[codes]
    secret = rows["secret"].to_numpy(dtype=bool) & r.valid
    task["secret"] = np.bincount(r.codes[secret], minlength=len(r.task_ids))[codes] > 0
    state = r.text("state")
    _fill_assigned(task, r, slots)
    ext_codes, ext_pos = r.newest(r.valid & r.lead & pd.notna(r.text("extended_deadline")))
    task["extended_deadline"] = _fill(task["extended_deadline"], slots, ext_codes,
                                      r.text("extended_deadline")[ext_pos])
    task["effective_deadline"] = np.where(pd.isna(task["extended_deadline"]), task["deadline"],
                                          task["extended_deadline"])
    task["no_deadline"] = pd.isna(task["effective_deadline"])
    _fill_closing(task, r, state, slots)
    sources = pd.unique(task["source_id"])
    by_doc = dict(zip(sources, map(authority, sources), strict=True))
    task["authority"] = np.array([by_doc[s] for s in task["source_id"]], dtype=object)
    task["timing"] = np.where(task["state"] == "done", task["timing"], None)
    task["task_id"] = np.asarray(r.task_ids, dtype=object)[codes]
    out = pd.DataFrame({c: task[c] for c in TASK_COLUMNS}, columns=TASK_COLUMNS)
    for col in TASK_FLAGS:
        out[col] = out[col].astype(bool)
    return out


def _fill_assigned(task: dict[str, np.ndarray], r: _Rows, slots: np.ndarray) -> None:
    """No assignment date on the status row: the task's newest row that has one, else the
    earliest date any row gives the same document."""
    assigned = r.text("assigned_on")
    dated = r.valid & pd.notna(assigned)
    codes, pos = r.newest(dated)
    task["assigned_on"] = _fill(task["assigned_on"], slots, codes, assigned[pos])
    missing = pd.isna(task["assigned_on"])
    if missing.any() and dated.any():
        sources = r.text("source_id")[dated]
        source_codes, names = pd.factorize(sources)
        day_codes, days = pd.factorize(assigned[dated], sort=True)
        first = firsts(source_codes, day_codes)
        earliest = dict(zip(np.asarray(names, dtype=object)[source_codes[first]],
                            np.asarray(days, dtype=object)[day_codes[first]], strict=True))
        task["assigned_on"][missing] = [earliest.get(s) for s in task["source_id"][missing]]


def _fill_closing(task: dict[str, np.ndarray], r: _Rows, state: np.ndarray, slots: np.ndarray) -> None:
    """Completion and cancellation dates (rules 3 and 5): the status row's, else the newest
    row reporting the same state with a date, else the end of the first month reporting it."""
    n = len(task["state"])
    for wanted, column in (("done", "completed_on"), ("cancelled", "cancelled_on")):
        dates = r.text(column)
        codes, pos = r.newest(r.valid & (state == wanted) & pd.notna(dates))
        given = _fill(task[column], slots, codes, dates[pos])
        closed = task["state"] == wanted
        if wanted == "done":
            task["completed_derived"] = closed & pd.isna(given)
        derived = _first_month_end(r, state, wanted, slots, n)
        task[column] = np.where(closed, np.where(pd.isna(given), derived, given), None)
