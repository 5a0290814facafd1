"""Library calls behind the read-only commands: open the store, compute, return data."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd

from taskrollup.errors import UsageError
from taskrollup.figures import Figures, compute
from taskrollup.periods import parse_period
from taskrollup.store import Store


def figures_for(db: Path, period: str, as_of: dt.date | None = None,
                scope: str = "assigned") -> Figures:
    """The figures of a named period from the store at `db`."""
    if scope not in ("assigned", "due"):
        raise UsageError(f"--scope {scope!r}: choose assigned or due")
    parsed = parse_period(period)
    with Store(db, create=False) as store:
        tasks = store.load_tasks()
    return compute(tasks, parsed, as_of, scope)


def store_summary(db: Path, agency: str | None = None) -> dict[str, object]:
    """Counts of submissions, rows, problem rows and tasks, per lead agency."""
    with Store(db, create=False) as store:
        subs = store.submissions()
        tasks = store.load_tasks()
        rows = pd.read_sql_query("SELECT agency, problems, task_id FROM rows", store.db)
    if agency:
        tasks = tasks[tasks["agency"] == agency]
    per_agency = (tasks.groupby("agency").size().sort_index() if not tasks.empty
                  else pd.Series(dtype=int))
    return {
        "submissions": len(subs),
        "months": sorted(subs["month"].unique().tolist()),
        "rows": len(rows),
        "problem_rows": int((rows["problems"] != "").sum()),
        "tasks": len(tasks),
        "secret_tasks": int(tasks["secret"].sum()),
        "tasks_by_agency": {str(k): int(v) for k, v in per_agency.items()},
    }
