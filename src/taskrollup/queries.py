"""Library calls behind the read-only commands: open the store, compute, return data."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from taskrollup.store import Store


def store_summary(db: Path, agency: str | None = None) -> dict[str, object]:
    """Counts of submissions, rows, problem rows and tasks, per lead agency."""
    with Store(db, create=False) as store:
        subs = store.submissions()
        tasks = store.load_tasks()
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
