"""The store's rows resolved into tasks, and the store's data-quality findings worked out.

After new submissions are stored, the tasks of every document their rows cite are rebuilt
from all the rows citing it, old and new, so the order files arrive in never changes the
tasks. Tasks are per document (rule 8), so the documents no new row cites keep theirs.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from taskrollup.store import RESOLVE_FIELDS, Store

if TYPE_CHECKING:
    import numpy as np
    import pandas as pd

# Rows sort oldest first by these: a task's representative text, and with it its id, does not
# depend on the order files were ingested in.
_OLDEST_FIRST = ("month", "sha256", "sheet", "row")


def resolve_store(store: Store, fresh: list[pd.DataFrame] | None = None) -> int:
    """Dedupe the rows into tasks again where new rows came in; returns the tasks in store.

    The new rows are those of the submissions stored since the last resolution (by this
    run or another one): `fresh` holds the ones this run stored, as it stored them, and
    the rest are read back. The tasks of every document they cite are rebuilt from all
    rows citing it. Nothing is done when nothing came in.
    """
    done_from, now = store.resolved_state()
    if done_from == now:
        if not store.findings_current():  # a run stopped between the tasks and the findings
            store.replace_findings(_findings_of_store(store), now)
        return store.task_count()
    pending = set(store.submissions_after(done_from))
    rows = _rows_to_resolve(store, pending, fresh or [])
    if rows is None:  # only submissions without rows came in
        from taskrollup.resolve import resolve_tasks

        if store.replace_tasks(resolve_tasks(_no_rows()), _no_links(), now, sources=[]):
            store.replace_findings(_findings_of_store(store), now)
        return store.task_count()
    sources = sorted(rows["source_id"].dropna().unique().tolist())
    rows["task_id"], tasks = tasks_of(rows)
    if store.replace_tasks(tasks, rows.set_index("row_id")["task_id"], now, sources=sources):
        everything = min(pending) == 1  # every row and task of the store is in hand
        found = (_findings_in_hand(rows, tasks) if everything
                 else _findings_after(store, rows, tasks, sources, min(pending)))
        store.replace_findings(found, now)
    return store.task_count()


def _rows_to_resolve(store: Store, pending: set[int], fresh: list[pd.DataFrame]) -> pd.DataFrame | None:
    """The rows of the `pending` submissions (those in `fresh`, the rest read back), and the
    earlier rows citing the same documents, in store order; None when there are none."""
    import pandas as pd

    mine = [f for f in fresh if not f.empty and int(f["submission_id"].iat[0]) in pending]
    others = pending - {int(f["submission_id"].iat[0]) for f in mine}
    new = mine + ([store.load_rows(RESOLVE_FIELDS + ["submission_id"], submissions=sorted(others))]
                  if others else [])
    if not new:
        return None
    rows = pd.concat(new, ignore_index=True)
    if min(pending) > 1:  # earlier submissions may cite the same documents
        sources = sorted(rows["source_id"].dropna().unique().tolist())
        old = store.load_rows(RESOLVE_FIELDS + ["submission_id"], sources=sources, through=min(pending) - 1)
        rows = pd.concat([old, rows], ignore_index=True)
    if others:  # rows read back joined this run's: put them in store order
        rows = rows.sort_values("row_id", ignore_index=True)
    return rows


def tasks_of(rows: pd.DataFrame) -> tuple[np.ndarray, pd.DataFrame]:
    """Each row's task id (None: no task) and the tasks, in task-id order: near-duplicates
    joined, then each task resolved from its rows."""
    from taskrollup.dedupe import assign_tasks
    from taskrollup.resolve import resolve_tasks

    ids = assign_tasks(rows, order=_OLDEST_FIRST).to_numpy()
    return ids, resolve_tasks(rows.assign(task_id=ids))


def _findings_of_store(store: Store) -> pd.DataFrame:
    """The findings of the whole store, read back."""
    from taskrollup.quality import ROW_FIELDS_USED, findings

    return findings(store.load_rows(ROW_FIELDS_USED), store.load_tasks(text=False))


def _findings_in_hand(rows: pd.DataFrame, tasks: pd.DataFrame) -> pd.DataFrame:
    """The findings when every row and task of the store is in hand."""
    from taskrollup.quality import findings

    return findings(rows, tasks)


def _findings_after(store: Store, rows: pd.DataFrame, tasks: pd.DataFrame, sources: list[str],
                    first_new: int) -> pd.DataFrame:
    """The store's findings after the tasks of `sources` were rebuilt from `rows`: those
    rows and tasks joined by the ones not in hand, read back (the rows of submissions
    before `first_new` citing no document of `sources`, the tasks of other documents),
    rows in store order and tasks in task-id order, as the store reads them."""
    import pandas as pd

    from taskrollup.quality import ROW_FIELDS_USED, findings

    rest = store.load_rows(ROW_FIELDS_USED, other_sources=sources, through=first_new - 1)
    every_row = pd.concat([rows[rest.columns], rest], ignore_index=True).sort_values("row_id", ignore_index=True)
    kept = store.load_tasks(text=False)
    kept = kept[~kept["source_id"].isin(set(sources))]
    every_task = tasks[kept.columns]
    if len(kept):
        every_task = pd.concat([kept, every_task], ignore_index=True).sort_values("task_id", ignore_index=True)
    return findings(every_row, every_task)


def _no_rows() -> pd.DataFrame:
    import pandas as pd

    return pd.DataFrame(columns=[*RESOLVE_FIELDS, "row_id", "submission_id", "month", "sha256", "task_id"])


def _no_links() -> pd.Series:
    import pandas as pd

    return pd.Series(dtype=object)
