"""From the rows of a task to the task itself (rules 3, 4, 5, 8). Pure pandas.

The status comes from one row: the lead agency's own rows win over a
coordinator's, then the newest reporting month, then the latest ingested. Rows
with problems never give a status. Dates the winning row lacks are taken from
the task's other rows where the rules allow:
- done without a completion date: the end of the reporting month of the first
  submission that reported it done (rule 3);
- cancelled without a date: likewise, from the first report of cancellation (rule 5);
- no assignment date on the row: the date of its source document on other rows.
"""

from __future__ import annotations

import pandas as pd

from taskrollup.docids import authority

TASK_COLUMNS = [
    "task_id", "source_id", "authority", "agency", "content", "assigned_on", "deadline",
    "extended_deadline", "effective_deadline", "no_deadline", "state", "timing",
    "extension_requested", "completed_on", "completed_derived", "cancelled_on", "secret",
    "row_count", "status_row_id",
]


def month_ends(months: pd.Series) -> pd.Series:
    """'2021-06' -> 2021-06-30, as ISO text."""
    ends = pd.to_datetime(months + "-01") + pd.offsets.MonthEnd(0)
    return ends.dt.strftime("%Y-%m-%d")


def _winners(rows: pd.DataFrame) -> pd.DataFrame:
    ranked = rows.sort_values(["task_id", "is_lead", "month", "submission_id", "row_id"],
                              ascending=[True, False, False, False, False])
    return ranked.drop_duplicates("task_id").set_index("task_id")


def _first_text(rows: pd.DataFrame) -> pd.Series:
    """The task's text as first written by its lead agency (else by anyone): later
    months may carry typos, and the first clean appearance names the task."""
    ranked = rows.sort_values(["task_id", "is_lead", "month", "sha256", "sheet", "row"],
                              ascending=[True, False, True, True, True, True])
    return ranked.drop_duplicates("task_id").set_index("task_id")["content"]


def _first_month(rows: pd.DataFrame, state: str) -> pd.Series:
    said = rows.loc[rows["state"] == state, ["task_id", "month"]]
    return said.sort_values("month").drop_duplicates("task_id").set_index("task_id")["month"]


def _first_value(rows: pd.DataFrame, column: str, newest: bool) -> pd.Series:
    have = rows[rows[column].notna()]
    have = have.sort_values(["month", "submission_id", "row_id"], ascending=not newest)
    return have.drop_duplicates("task_id").set_index("task_id")[column]


def _done_dates(task: pd.DataFrame, rows: pd.DataFrame) -> pd.DataFrame:
    done = task["state"] == "done"
    explicit = _first_value(rows[rows["state"] == "done"], "completed_on", newest=True)
    first_done = month_ends(_first_month(rows, "done"))
    given = task["completed_on"].fillna(explicit.reindex(task.index))
    task["completed_derived"] = done & given.isna()
    task["completed_on"] = given.fillna(first_done.reindex(task.index)).where(done)
    cancelled = task["state"] == "cancelled"
    explicit_c = _first_value(rows[rows["state"] == "cancelled"], "cancelled_on", newest=True)
    first_c = month_ends(_first_month(rows, "cancelled"))
    task["cancelled_on"] = (task["cancelled_on"].fillna(explicit_c.reindex(task.index))
                            .fillna(first_c.reindex(task.index)).where(cancelled))
    return task


def resolve_tasks(rows: pd.DataFrame) -> pd.DataFrame:
    """One row per task from its rows.

    `rows` columns: row_id, submission_id, sha256 (of the file), month ('YYYY-MM'),
    task_id, problems, is_lead and the normalised fields (dates as ISO text or None).
    """
    valid = rows[rows["task_id"].notna() & (rows["problems"].fillna("") == "")]
    if valid.empty:
        return pd.DataFrame(columns=TASK_COLUMNS)
    task = _winners(valid).copy()
    task["status_row_id"] = task["row_id"]
    task["content"] = _first_text(valid)
    task["row_count"] = rows[rows["task_id"].notna()].groupby("task_id").size()
    task["secret"] = valid.groupby("task_id")["secret"].any()
    task["assigned_on"] = task["assigned_on"].fillna(
        _first_value(valid, "assigned_on", newest=True).reindex(task.index))
    dated = valid.loc[valid["assigned_on"].notna(), ["source_id", "assigned_on"]]
    by_source = dated.sort_values("assigned_on").drop_duplicates("source_id").set_index("source_id")["assigned_on"]
    task["assigned_on"] = task["assigned_on"].fillna(task["source_id"].map(by_source))
    task["extended_deadline"] = task["extended_deadline"].fillna(
        _first_value(valid[valid["is_lead"]], "extended_deadline", newest=True).reindex(task.index))
    task["effective_deadline"] = task["extended_deadline"].fillna(task["deadline"])
    task["no_deadline"] = task["effective_deadline"].isna()
    task = _done_dates(task, valid)
    sources = task["source_id"].unique()
    task["authority"] = task["source_id"].map(dict(zip(sources, map(authority, sources), strict=True)))
    task["timing"] = task["timing"].where(task["state"] == "done")
    return task.reset_index()[TASK_COLUMNS].sort_values("task_id").reset_index(drop=True)
