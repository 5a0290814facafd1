"""The lists of tasks `check` and `explain` share: their columns, order, texts and records."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
import pytest

from taskrollup.context import SECRET_PLACEHOLDER
from taskrollup.figures import scoped
from taskrollup.listing import COLUMNS, by_agency, fill_texts, records, task_list
from taskrollup.periods import parse_period
from tests.test_figures import task

JUNE_30 = dt.date(2021, 6, 30)
H1 = parse_period("H1-2021")


def _scoped(*tasks: dict[str, object]) -> pd.DataFrame:
    return scoped(pd.DataFrame(list(tasks)), H1, JUNE_30)


def test_every_column_from_the_task_fields() -> None:
    """Document, effective deadline, days overdue, the closing date the outcome counts, the
    outcome, the content with a secret one replaced."""
    frame = _scoped(
        task(task_id="a", deadline="2021-05-31", extended_deadline="2021-06-20", state="done",
             completed_on="2021-06-25"),
        task(task_id="b", deadline="2021-06-10", state="done", completed_on="2021-07-02"),  # after D
        task(task_id="c", deadline=None, state="cancelled", cancelled_on="2021-04-01", secret=True,
             content="QQ"))
    shown = [c for c in COLUMNS if c != "days_overdue"]  # days overdue: of tasks with a deadline
    got = task_list(frame, shown, JUNE_30)
    assert list(got.columns) == shown
    assert [r["deadline"] for r in records(got)] == ["2021-06-20", "2021-06-10", None]
    assert task_list(frame.iloc[:2], ["days_overdue"], JUNE_30)["days_overdue"].tolist() == [10, 20]
    assert [r["closed_on"] for r in records(got)] == ["2021-06-25", None, "2021-04-01"]
    assert got["category"].tolist() == ["done_late", "not_done_overdue", "cancelled"]
    assert got["content"].tolist() == ["Việc A", "Việc A", SECRET_PLACEHOLDER]
    assert got["secret"].tolist() == [False, False, True]


def test_unknown_column_is_refused() -> None:
    """A column the list does not know is a programming error, said at once."""
    with pytest.raises(ValueError, match="not list columns"):
        task_list(_scoped(task()), ["task_id", "colour"])


def test_by_agency_and_texts() -> None:
    """Grouped by agency, then by date; texts filled in for the listed tasks, secret ones replaced."""
    frame = _scoped(task(task_id="b", agency="Sở Y tế", assigned_on="2021-01-05"),
                    task(task_id="a", agency="Sở Y tế", assigned_on="2021-02-01", secret=True),
                    task(task_id="c", agency="Sở Tài chính"))
    listed = by_agency(task_list(frame.assign(content=None), ["task_id", "agency", "source", "assigned_on",
                                                               "content", "secret"]))
    assert listed["task_id"].tolist() == ["c", "b", "a"]
    fill_texts(listed, {"a": "QQ", "b": "Việc B", "c": "Việc C"})
    assert listed["content"].tolist() == ["Việc C", "Việc B", SECRET_PLACEHOLDER]


def test_records_are_plain_values() -> None:
    """JSON records: missing values None, flags bool, days int, in the frame's column order."""
    frame = pd.DataFrame({"task_id": ["a", "b"], "days_overdue": np.array([3, 0], dtype="int64"),
                          "secret": [True, False], "row": [7.0, np.nan], "sheet": ["T6", None]})
    got = records(frame)
    assert got == [{"task_id": "a", "days_overdue": 3, "secret": True, "row": 7.0, "sheet": "T6"},
                   {"task_id": "b", "days_overdue": 0, "secret": False, "row": None, "sheet": None}]
    assert [type(v) for v in got[0].values()] == [str, int, bool, float, str]
    assert records(frame.iloc[:0]) == []
