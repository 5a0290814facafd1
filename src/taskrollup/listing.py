"""Lists of tasks as a person reads them, one row per task: the one listing `check` and
`explain` share, and its JSON records. Pure pandas.

A secret task's content never enters a list: it reads SECRET_PLACEHOLDER (rule 7). The
columns a list may have are COLUMNS; each command picks its own.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd

from taskrollup.context import SECRET_PLACEHOLDER
from taskrollup.groups import sort_codes

# Every column a list may have, in the order they are shown.
COLUMNS = ["task_id", "agency", "source", "assigned_on", "deadline", "days_overdue", "closed_on",
           "category", "content", "secret", "note"]


def _days_overdue(tasks: pd.DataFrame, as_of: dt.date) -> pd.Series:
    """Days from the effective deadline to `as_of` (negative: days left)."""
    deadline = pd.to_datetime(tasks["effective_deadline"])
    return (pd.Timestamp(as_of) - deadline).dt.days.astype(int)


def _closed_on(tasks: pd.DataFrame) -> pd.Series:
    """The completion date of a task counted done, the cancellation date of one counted
    cancelled; none for an open one (one finished after the cut-off is open: rule 2)."""
    outcome = tasks["outcome"]
    done = outcome.isin(["done_on_time", "done_late"]).to_numpy()
    cancelled = (outcome == "cancelled").to_numpy()
    values = np.where(done, tasks["completed_on"].to_numpy(dtype=object),
                      np.where(cancelled, tasks["cancelled_on"].to_numpy(dtype=object), None))
    return pd.Series(values, index=tasks.index, dtype=object)


def _column(tasks: pd.DataFrame, name: str, as_of: dt.date | None) -> pd.Series:
    """One column of the list from the tasks' fields."""
    if name == "source":
        return tasks["source_id"]
    if name == "deadline":
        return tasks["effective_deadline"]
    if name == "days_overdue":
        return _days_overdue(tasks, as_of or dt.date.today())
    if name == "closed_on":
        return _closed_on(tasks)
    if name == "category":
        return tasks["outcome"]
    if name == "content":  # loaded without their texts: `fill_texts` puts them in
        if "content" not in tasks.columns:
            return pd.Series(None, index=tasks.index, dtype=object)
        return tasks["content"].where(~tasks["secret"].astype(bool), SECRET_PLACEHOLDER)
    if name == "secret":
        return tasks["secret"].astype(bool)
    if name == "note":  # a task moved to a successor agency: "chuyển từ ..."
        from taskrollup.succession import notes

        return pd.Series(notes(tasks), index=tasks.index, dtype=object)
    return tasks[name]


def task_list(tasks: pd.DataFrame, columns: Sequence[str], as_of: dt.date | None = None) -> pd.DataFrame:
    """The tasks as a list of `columns` (of COLUMNS). `days_overdue` counts to `as_of`, for
    tasks that have a deadline;
    `closed_on` and `category` need the tasks' `outcome` (figures.scoped gives it)."""
    unknown = set(columns) - set(COLUMNS)
    if unknown:
        raise ValueError(f"not list columns: {sorted(unknown)}")
    return pd.DataFrame({c: _column(tasks, c, as_of) for c in columns}, columns=list(columns))


def by_agency(frame: pd.DataFrame) -> pd.DataFrame:
    """The list grouped by agency (agencies in name order), within one by assignment date
    and document, then as it came (the store gives tasks in task-id order). One stable
    `lexsort` over the columns' codes: sorting the frame by its text columns took four
    times as long on 100.000 tasks."""
    order = np.lexsort([sort_codes(frame[c], last=True) for c in ("source", "assigned_on", "agency")])
    return frame.take(order).reset_index(drop=True)


def fill_texts(frame: pd.DataFrame, texts: Mapping[str, str]) -> None:
    """Put the tasks' contents (read for the listed tasks alone) into the list's `content`,
    a secret task's replaced."""
    frame["content"] = [SECRET_PLACEHOLDER if secret else texts.get(t)
                        for t, secret in zip(frame["task_id"], frame["secret"], strict=True)]


def records(frame: pd.DataFrame, shown: dict[str, tuple[str, list[object]]] | None = None
            ) -> list[dict[str, object]]:
    """The rows as dicts of plain values (missing ones None), built column by column:
    `DataFrame.to_dict("records")` boxes every value on its own, several times slower
    on the 18.000 findings of a large store. `shown`: for a column, the name and values
    shown instead of its own."""
    names, columns = [], []
    for name in frame.columns:
        label, values = (shown or {}).get(name) or (name, _plain(frame[name], name))
        names.append(label)
        columns.append(values)
    return [dict(zip(names, row, strict=True)) for row in zip(*columns, strict=True)]


def _plain(values: pd.Series, name: str) -> list[object]:
    """One column's values as plain Python values, missing ones None."""
    if name == "secret":
        return values.astype(bool).tolist()
    if name == "days_overdue":
        return values.astype("int64").tolist()
    return values.astype(object).where(values.notna(), None).tolist()
