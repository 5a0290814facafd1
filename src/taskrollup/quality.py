"""Data-quality findings a careful clerk would chase. Pure pandas over stored rows and tasks.

Each finding names the submission file, sheet and row it comes from, the agency
and the task id; never a task's content (secret tasks stay secret). Findings
depend on the store alone, not on a day: ingest computes them once, with the
tasks, and `check` reads them back. A finding is its kind (a code of KINDS) and
its detail (the values its message names); the message is made when it is shown.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from taskrollup import problems
from taskrollup.dates import month_ends
from taskrollup.fields import FINDING_COLUMNS

if TYPE_CHECKING:
    from taskrollup.registry import Registry

# The row fields the findings read (the store need not load the task texts for them).
ROW_FIELDS_USED = ("sheet", "row", "agency", "is_lead", "state", "completed_on", "problems", "task_id")

KINDS = {
    "coordinator_disagrees": "a coordinating agency's row disagrees with the lead agency's status",
    "dropped_from_cumulative": "an open task disappears from the agency's next cumulative submission",
    "done_without_date": "reported done without a completion date (completion taken as month end)",
    "deadline_before_assignment": "the deadline is before the assignment date",
    "completion_in_future": "the completion date is after the submission could have been sent",
    "unknown_agency": "the lead agency is not in the registry",
    "possible_same_task": "two tasks of one document and lead agency may be one task (the office decides)",
    "dissolved_agency": "a sheet names an agency after its last day",
}
# What a finding's detail adds to its kind's words, by the detail's field names.
DETAILS = {
    "coordinator_disagrees": "'{state}' against the lead's '{lead_state}'",
    "dropped_from_cumulative": "listed in {listed_in}, missing in {missing_in}",
    "done_without_date": "first reported done in {first_done_in}",
    "deadline_before_assignment": "{deadline} < {assigned_on}",
    "completion_in_future": "{completed_on} in the {month} submission",
    "possible_same_task": "{document}, {task_a} '{text_a}' and {task_b} '{text_b}' ({file_b}, sheet"
                          " '{sheet_b}', row {row_b}); {reason}",
    "dissolved_agency": "it ended on {until}, named in the {month} submission; its tasks go to {successor}",
}


def message(kind: str, detail: Mapping[str, object]) -> str:
    """What a finding says: its kind's words, then its detail's."""
    return KINDS[kind] + ": " + DETAILS[kind].format(**detail) if kind in DETAILS else KINDS[kind]


def messages(found: pd.DataFrame) -> list[str]:
    """What each finding says."""
    return [message(k, d) for k, d in zip(found["kind"].tolist(), found["detail"].tolist(), strict=True)]


def _found(kind: str, rows: pd.DataFrame, **detail: pd.Series | np.ndarray) -> pd.DataFrame:
    """One finding per row of `rows` (which carry file_name, sheet, row, agency, task_id);
    `detail`: the values its message names, one sequence per field."""
    if detail:
        texts = zip(*([str(v) for v in values] for values in detail.values()), strict=True)
        details = [dict(zip(detail, finding, strict=True)) for finding in texts]
    else:
        details = [{} for _ in range(len(rows))]
    return pd.DataFrame({
        "kind": kind, "detail": details, "file": rows["file_name"], "sheet": rows["sheet"],
        "row": rows["row"].astype(int), "agency": rows["agency"], "task_id": rows["task_id"],
    }, columns=FINDING_COLUMNS).reset_index(drop=True)


def coordinator_disagrees(rows: pd.DataFrame) -> pd.DataFrame:
    clean = rows[~rows["problems"].astype(bool) & rows["task_id"].notna()]
    lead = clean[clean["is_lead"]][["task_id", "month", "state"]].drop_duplicates(["task_id", "month"])
    coord = clean[~clean["is_lead"]].merge(lead, on=["task_id", "month"], suffixes=("", "_lead"))
    wrong = coord[coord["state"] != coord["state_lead"]]
    return _found("coordinator_disagrees", wrong, state=wrong["state"], lead_state=wrong["state_lead"])


def dropped_from_cumulative(rows: pd.DataFrame, min_repeat: float = 0.5) -> pd.DataFrame:
    """Open tasks missing from the next month's list of an agency that repeats its open tasks.

    An incremental sheet lists only new tasks and changes, so it repeats (almost) no
    task that stays open; a cumulative one repeats most of them. Only agencies whose
    next sheet repeats at least `min_repeat` of the open tasks are checked. Works on
    integer codes of agency, month and task (one int64 key per listing).
    """
    lead = rows[rows["is_lead"] & rows["task_id"].notna()]
    agency, _ = pd.factorize(lead["agency"])
    month, months = pd.factorize(lead["month"], sort=True)
    task, tasks = pd.factorize(lead["task_id"])
    n_m, n_t = len(months) + 1, len(tasks) + 1
    key = (agency.astype(np.int64) * n_m + month) * n_t + task
    keys, first = np.unique(key, return_index=True)  # each listing once: its first row
    first = np.sort(first)
    agency, month, key = agency[first], month[first], key[first]
    open_ = (lead["state"].to_numpy(dtype=object)[first] == "not_done")
    # The agency's next reporting month after each month it reported.
    pair = np.unique(agency.astype(np.int64) * n_m + month)
    nxt = np.full(len(pair), -1, dtype=np.int64)
    same = pair[1:] // n_m == pair[:-1] // n_m
    nxt[:-1][same] = pair[1:][same] % n_m
    after = nxt[np.searchsorted(pair, agency.astype(np.int64) * n_m + month)]
    before = open_ & (after >= 0)
    wanted = (agency[before].astype(np.int64) * n_m + after[before]) * n_t + (key[before] % n_t)
    at = np.minimum(np.searchsorted(keys, wanted), len(keys) - 1)
    listed = keys[at] == wanted
    open_by_key = np.zeros(len(keys), dtype=bool)
    open_by_key[np.searchsorted(keys, key)] = open_
    repeated = listed & open_by_key[at]
    group = agency[before].astype(np.int64) * n_m + month[before]
    groups, inverse = np.unique(group, return_inverse=True)
    size = np.bincount(inverse, minlength=len(groups))
    hits = np.bincount(inverse, weights=repeated, minlength=len(groups))
    checked = (size >= 3) & (hits >= min_repeat * size)
    missing = checked[inverse] & ~listed
    found = lead.iloc[first[before][missing]]
    month_names = np.asarray(months, dtype=object)
    return _found("dropped_from_cumulative", found, listed_in=month_names[month[before][missing]],
                  missing_in=month_names[after[before][missing]])


def done_without_date(rows: pd.DataFrame, tasks: pd.DataFrame) -> pd.DataFrame:
    derived = set(tasks.loc[tasks["completed_derived"].astype(bool), "task_id"])
    done = rows[(rows["state"] == "done") & rows["task_id"].isin(derived) & rows["is_lead"]]
    first = done.sort_values(["month", "row_id"]).drop_duplicates("task_id")
    return _found("done_without_date", first, first_done_in=first["month"])


def deadline_before_assignment(rows: pd.DataFrame, tasks: pd.DataFrame) -> pd.DataFrame:
    bad = tasks[tasks["deadline"].notna() & tasks["assigned_on"].notna()
                & (tasks["deadline"] < tasks["assigned_on"])]
    on_rows = bad[["task_id", "deadline", "assigned_on", "status_row_id"]].merge(
        rows[["row_id", "file_name", "sheet", "row", "agency"]], left_on="status_row_id", right_on="row_id")
    return _found("deadline_before_assignment", on_rows, deadline=on_rows["deadline"],
                  assigned_on=on_rows["assigned_on"])


def completion_in_future(rows: pd.DataFrame) -> pd.DataFrame:
    """A completion date after the end of the month following the reporting month."""
    dated = rows[rows["completed_on"].notna()]
    limit = month_ends(dated["month"], later=1)
    late = dated[dated["completed_on"] > limit]
    return _found("completion_in_future", late, completed_on=late["completed_on"], month=late["month"])


def unknown_agency(rows: pd.DataFrame) -> pd.DataFrame:
    flagged = rows[rows["problems"].astype(bool)]
    bad = np.array([problems.has(found, problems.UNKNOWN_AGENCY) for found in flagged["problems"]], dtype=bool)
    return _found("unknown_agency", flagged[bad])


def possible_same_task(rows: pd.DataFrame, pairs: pd.DataFrame) -> pd.DataFrame:
    """Each pair of tasks that may be one, on the first row of the first task; the detail
    names both tasks, their texts as shown (secret ones masked) and a row of the second."""
    linked = rows[rows["task_id"].notna()].sort_values("row_id").drop_duplicates("task_id")
    first = linked.set_index("task_id")[["file_name", "sheet", "row", "agency"]]
    found = pairs[pairs["task_a"].isin(first.index) & pairs["task_b"].isin(first.index)]
    at_a, at_b = first.loc[found["task_a"]], first.loc[found["task_b"]]
    return _found("possible_same_task", at_a.reset_index(drop=True).assign(task_id=found["task_a"].tolist()),
                  document=found["source_id"], task_a=found["task_a"], text_a=found["text_a"],
                  task_b=found["task_b"], text_b=found["text_b"], file_b=at_b["file_name"],
                  sheet_b=at_b["sheet"], row_b=at_b["row"], reason=found["reason"])


def dissolved_agency(rows: pd.DataFrame, registry: Registry) -> pd.DataFrame:
    """Rows of a submission whose reporting month begins after the last day (`until`) of the
    lead agency they name. Depends on the registry, not on the store alone: `check` works
    it out as it runs, from the rows of the agencies that ended."""
    parts = []
    for agency in registry.ended() if len(rows) else []:
        late = rows[(rows["agency"] == agency.name) & (rows["month"] > f"{agency.until:%Y-%m}")]
        if late.empty:
            continue
        heirs = {m: registry.final(agency.name, dt.date(int(m[:4]), int(m[5:7]), 1)) for m in late["month"].unique()}
        successor = late["month"].map({m: h if h != agency.name else "no successor in the registry"
                                       for m, h in heirs.items()})
        parts.append(_found("dissolved_agency", late, until=np.full(len(late), f"{agency.until:%d/%m/%Y}"),
                            month=late["month"], successor=successor))
    return pd.concat(parts, ignore_index=True) if parts else pd.DataFrame(columns=FINDING_COLUMNS)


def findings(rows: pd.DataFrame, tasks: pd.DataFrame, pairs: pd.DataFrame | None = None) -> pd.DataFrame:
    """Every finding, kind by kind: one row each, of FINDING_COLUMNS."""
    rows = rows.assign(is_lead=rows["is_lead"].astype(bool))  # '~' on Python bools would give -1, -2
    parts = [coordinator_disagrees(rows), dropped_from_cumulative(rows), done_without_date(rows, tasks),
             deadline_before_assignment(rows, tasks), completion_in_future(rows), unknown_agency(rows)]
    if pairs is not None and len(pairs):
        parts.append(possible_same_task(rows, pairs))
    parts = [p for p in parts if len(p)]
    return pd.concat(parts, ignore_index=True) if parts else pd.DataFrame(columns=FINDING_COLUMNS)
