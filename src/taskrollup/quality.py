"""Data-quality findings a careful clerk would chase. Pure pandas over stored rows and tasks.

Each finding names the submission file, sheet and row it comes from, the agency
and the task id; never a task's content (secret tasks stay secret).
"""

from __future__ import annotations

import pandas as pd

# The row fields the findings read (the store need not load the task texts for them).
ROW_FIELDS_USED = ("sheet", "row", "agency", "is_lead", "state", "completed_on", "problems", "task_id")

KINDS = {
    "coordinator_disagrees": "a coordinating agency's row disagrees with the lead agency's status",
    "dropped_from_cumulative": "an open task disappears from the agency's next cumulative submission",
    "done_without_date": "reported done without a completion date (completion taken as month end)",
    "deadline_before_assignment": "the deadline is before the assignment date",
    "completion_in_future": "the completion date is after the submission could have been sent",
    "unknown_agency": "the lead agency is not in the registry",
}


def _finding(kind: str, row: pd.Series | dict, detail: str) -> dict[str, object]:
    return {"kind": kind, "message": f"{KINDS[kind]}: {detail}" if detail else KINDS[kind],
            "file": row["file_name"], "sheet": row["sheet"], "row": int(row["row"]),
            "agency": row["agency"], "task_id": row["task_id"]}


def _records(frame: pd.DataFrame) -> list[dict[str, object]]:
    """Rows as plain dicts (far faster than iterrows on large stores)."""
    return frame.to_dict("records")


def coordinator_disagrees(rows: pd.DataFrame) -> list[dict[str, object]]:
    clean = rows[(rows["problems"] == "") & rows["task_id"].notna()]
    lead = clean[clean["is_lead"]][["task_id", "month", "state"]].drop_duplicates(["task_id", "month"])
    coord = clean[~clean["is_lead"]].merge(lead, on=["task_id", "month"], suffixes=("", "_lead"))
    wrong = coord[coord["state"] != coord["state_lead"]]
    return [_finding("coordinator_disagrees", r, f"'{r['state']}' against the lead's '{r['state_lead']}'")
            for r in _records(wrong)]


def dropped_from_cumulative(rows: pd.DataFrame, min_repeat: float = 0.5) -> list[dict[str, object]]:
    """Open tasks missing from the next month's list of an agency that repeats its open tasks.

    An incremental sheet lists only new tasks and changes, so it repeats (almost) no
    task that stays open; a cumulative one repeats most of them. Only agencies whose
    next sheet repeats at least `min_repeat` of the open tasks are checked.
    """
    lead = rows[rows["is_lead"] & rows["task_id"].notna()].drop_duplicates(["agency", "month", "task_id"])
    months = lead[["agency", "month"]].drop_duplicates().sort_values(["agency", "month"])
    months["after"] = months.groupby("agency")["month"].shift(-1)
    before = lead[lead["state"] == "not_done"].merge(months.dropna(), on=["agency", "month"])
    listed = lead[["agency", "month", "task_id", "state"]].rename(
        columns={"month": "after", "state": "state_after"})
    pairs = before.merge(listed, on=["agency", "after", "task_id"], how="left")
    pairs["repeated"] = pairs["state_after"] == "not_done"
    stats = pairs.groupby(["agency", "month"])["repeated"].agg(["size", "sum"])
    checked = stats[(stats["size"] >= 3) & (stats["sum"] >= min_repeat * stats["size"])].index
    keyed = pairs.set_index(["agency", "month"])
    missing = keyed[keyed.index.isin(checked) & keyed["state_after"].isna()].reset_index()
    return [_finding("dropped_from_cumulative", r, f"listed in {r['month']}, missing in {r['after']}")
            for r in _records(missing)]


def done_without_date(rows: pd.DataFrame, tasks: pd.DataFrame) -> list[dict[str, object]]:
    derived = set(tasks.loc[tasks["completed_derived"].astype(bool), "task_id"])
    done = rows[(rows["state"] == "done") & rows["task_id"].isin(derived) & rows["is_lead"]]
    first = done.sort_values(["month", "row_id"]).drop_duplicates("task_id")
    return [_finding("done_without_date", r, f"first reported done in {r['month']}") for r in _records(first)]


def deadline_before_assignment(rows: pd.DataFrame, tasks: pd.DataFrame) -> list[dict[str, object]]:
    bad = tasks[tasks["deadline"].notna() & tasks["assigned_on"].notna()
                & (tasks["deadline"] < tasks["assigned_on"])]
    status_rows = rows.set_index("row_id")
    out = []
    for t in _records(bad):
        r = status_rows.loc[int(t["status_row_id"])].to_dict() | {"task_id": t["task_id"]}
        out.append(_finding("deadline_before_assignment", r, f"{t['deadline']} < {t['assigned_on']}"))
    return out


def completion_in_future(rows: pd.DataFrame) -> list[dict[str, object]]:
    """A completion date after the end of the month following the reporting month."""
    dated = rows[rows["completed_on"].notna()]
    limit = (pd.to_datetime(dated["month"] + "-01") + pd.offsets.MonthEnd(2)).dt.strftime("%Y-%m-%d")
    late = dated[dated["completed_on"] > limit]
    return [_finding("completion_in_future", r, f"{r['completed_on']} in the {r['month']} submission")
            for r in _records(late)]


def unknown_agency(rows: pd.DataFrame) -> list[dict[str, object]]:
    bad = rows[rows["problems"].str.contains("agency not in the registry", regex=False)]
    return [_finding("unknown_agency", r, "") for r in _records(bad)]


def findings(rows: pd.DataFrame, tasks: pd.DataFrame) -> list[dict[str, object]]:
    """Every finding, kind by kind."""
    return [*coordinator_disagrees(rows), *dropped_from_cumulative(rows), *done_without_date(rows, tasks),
            *deadline_before_assignment(rows, tasks), *completion_in_future(rows), *unknown_agency(rows)]
