"""Library calls behind the read-only commands: open the store, compute, return data."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd

from taskrollup.check import CheckResult, check_tasks
from taskrollup.docids import canonical_id
from taskrollup.errors import UsageError
from taskrollup.listing import fill_texts
from taskrollup.quality import ROW_FIELDS_USED, findings
from taskrollup.registry import Registry, load_registry
from taskrollup.store import Store


def store_summary(db: Path, agency: str | None = None) -> dict[str, object]:
    """Counts of submissions, rows, problem rows and tasks, per lead agency."""
    with Store(db, create=False) as store:
        subs = store.submissions()
        tasks = store.load_tasks(text=False)
        rows, problem_rows = store.row_counts()
    if agency:
        tasks = tasks[tasks["agency"] == agency]
    per_agency = (tasks.groupby("agency").size().sort_index() if not tasks.empty
                  else pd.Series(dtype=int))
    return {
        "submissions": len(subs),
        "months": sorted(subs["month"].unique().tolist()),
        "rows": rows,
        "problem_rows": problem_rows,
        "tasks": len(tasks),
        "secret_tasks": int(tasks["secret"].sum()),
        "tasks_by_agency": {str(k): int(v) for k, v in per_agency.items()},
    }


def check_store(db: Path, as_of: dt.date, due_within: int = 7, agency: str | None = None,
                source: str | None = None, registry: Registry | None = None) -> CheckResult:
    """Overdue and due-soon tasks as of a day, with the data-quality findings."""
    if due_within < 0:
        raise UsageError("--due-within must be 0 or more days")
    if agency:
        name = (registry or load_registry()).resolve(agency)
        if name is None:
            raise UsageError(f"--agency {agency!r} is not in the agency registry")
        agency = name
    if source:
        source = canonical_id(source)
    with Store(db, create=False) as store, store.snapshot():  # texts read later match the tasks
        found = store.load_findings()  # computed by ingest; None if it stopped before
        tasks = store.load_tasks(text=False)
        if found is None:
            found = findings(store.load_rows(ROW_FIELDS_USED), tasks)
        result = check_tasks(tasks.assign(content=None), as_of, due_within, agency, source)
        listed = [*result.overdue["task_id"], *result.due_soon["task_id"]]
        texts = store.task_texts(listed)  # only the listed tasks' texts are read
        behind = store.behind_warning()
    for frame in (result.overdue, result.due_soon):
        fill_texts(frame, texts)
    result.data_quality = found[found["agency"] == agency].reset_index(drop=True) if agency else found
    result.warnings = [behind] if behind else []
    return result


def open_tasks(db: Path, agency: str, month: tuple[int, int]) -> list[dict[str, object]]:
    """The agency's tasks still open at the end of `month`, secret ones left out."""
    from taskrollup.dates import month_end
    from taskrollup.figures import outcomes

    day = month_end(*month)
    with Store(db, create=False) as store:
        tasks = store.load_tasks()
    mine = tasks[(tasks["agency"] == agency) & ~tasks["secret"]
                 & (tasks["assigned_on"].isna() | (tasks["assigned_on"] <= day.isoformat()))]
    still_open = mine[outcomes(mine, day).isin(["not_done_in_time", "not_done_overdue"])]
    return still_open.sort_values(["assigned_on", "source_id", "task_id"]).to_dict("records")
