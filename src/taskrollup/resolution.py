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

    from taskrollup.decisions import Decision

# Rows sort oldest first by these: a task's representative text, and with it its id, does not
# depend on the order files were ingested in.
_OLDEST_FIRST = ("month", "sha256", "sheet", "row")


def resolve_store(store: Store, fresh: list[pd.DataFrame] | None = None) -> int:
    """Dedupe the rows into tasks again where new rows came in, or where the office's
    decisions changed; returns the tasks in store.

    The new rows are those of the submissions stored since the last resolution (by this
    run or another one): `fresh` holds the ones this run stored, as it stored them, and
    the rest are read back. The tasks of every document they cite, and of every document
    a changed decision names, are rebuilt from all rows citing it. Nothing is done when
    nothing changed.
    """
    from taskrollup import decisions as decided_file

    decided = [r.decision for r in decided_file.load(decided_file.path_for(store.path))]
    redo = decided_file.changed_documents(store.decided_state(), decided)
    done_from, now = store.resolved_state()
    if done_from == now and not redo:
        if not store.findings_current():  # a run stopped between the tasks and the findings
            store.replace_findings(_findings_of_store(store), now)
        return store.task_count()
    pending = set(store.submissions_after(done_from))
    rows = _rows_to_resolve(store, pending, fresh or [], redo)
    state = decided_file.state(decided)
    if rows is None:  # only submissions without rows came in
        from taskrollup.resolve import resolve_tasks

        if store.replace_tasks(resolve_tasks(_no_rows()), _no_links(), now, sources=[], decided=state):
            store.replace_findings(_findings_of_store(store), now)
        return store.task_count()
    sources = sorted(set(rows["source_id"].dropna().unique().tolist()) | redo)
    rows["task_id"], tasks, pairs = tasks_of(rows, decided)
    if store.replace_tasks(tasks, rows.set_index("row_id")["task_id"], now, sources=sources,
                           pairs=pairs, decided=state):
        first_new = min(pending) if pending else int(now.partition(":")[2]) + 1
        found = (_findings_in_hand(rows, tasks, store.load_pairs()) if first_new == 1
                 else _findings_after(store, rows, tasks, sources, first_new))
        store.replace_findings(found, now)
    return store.task_count()


def _rows_to_resolve(store: Store, pending: set[int], fresh: list[pd.DataFrame],
                     redo: set[str]) -> pd.DataFrame | None:
    """The rows of the `pending` submissions (those in `fresh`, the rest read back), and the
    earlier rows citing the same documents or those of `redo`, in store order; None when
    there are none."""
    import pandas as pd

    mine = [f for f in fresh if not f.empty and int(f["submission_id"].iat[0]) in pending]
    others = pending - {int(f["submission_id"].iat[0]) for f in mine}
    new = mine + ([store.load_rows(RESOLVE_FIELDS + ["submission_id"], submissions=sorted(others))]
                  if others else [])
    if not new and not redo:
        return None
    rows = pd.concat(new, ignore_index=True) if new else None
    first_new = min(pending) if pending else None
    if first_new != 1:  # earlier submissions may cite the same documents
        cited = set(rows["source_id"].dropna().unique().tolist()) if rows is not None else set()
        old = store.load_rows(RESOLVE_FIELDS + ["submission_id"], sources=sorted(cited | redo),
                              through=(first_new - 1) if first_new else None)
        rows = old if rows is None else pd.concat([old, rows], ignore_index=True)
    if others or redo:  # rows read back joined this run's: put them in store order
        rows = rows.sort_values("row_id", ignore_index=True)
    return rows


def tasks_of(rows: pd.DataFrame, decided: list[Decision] | None = None
             ) -> tuple[np.ndarray, pd.DataFrame, pd.DataFrame]:
    """Each row's task id (None: no task), the tasks in task-id order, and the pairs of
    tasks that may be one (their texts as shown: secret ones masked): texts
    joined as rule 11 and the office's decisions say, then each task resolved from its rows."""
    from taskrollup.dedupe import identify
    from taskrollup.resolve import resolve_tasks

    found = identify(rows, _OLDEST_FIRST, decided)
    ids = found.ids.to_numpy()
    tasks = resolve_tasks(rows.assign(task_id=ids))
    return ids, tasks, _shown_pairs(found.pairs, tasks)


def _shown_pairs(pairs: pd.DataFrame, tasks: pd.DataFrame) -> pd.DataFrame:
    """The pairs with each task's text as listings show it (secret: the placeholder)."""
    from taskrollup.context import SECRET_PLACEHOLDER

    paired = tasks[tasks["task_id"].isin(set(pairs["task_a"]) | set(pairs["task_b"]))]
    shown = dict(zip(paired["task_id"], paired["content"].where(~paired["secret"].astype(bool), SECRET_PLACEHOLDER),
                     strict=True))
    return pairs.assign(text_a=pairs["task_a"].map(shown), text_b=pairs["task_b"].map(shown))


def _findings_of_store(store: Store) -> pd.DataFrame:
    """The findings of the whole store, read back."""
    from taskrollup.quality import ROW_FIELDS_USED, findings

    return findings(store.load_rows(ROW_FIELDS_USED), store.load_tasks(text=False), store.load_pairs())


def _findings_in_hand(rows: pd.DataFrame, tasks: pd.DataFrame, pairs: pd.DataFrame) -> pd.DataFrame:
    """The findings when every row and task of the store is in hand."""
    from taskrollup.quality import findings

    return findings(rows, tasks, pairs)


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
    return findings(every_row, every_task, store.load_pairs())


def _no_rows() -> pd.DataFrame:
    import pandas as pd

    return pd.DataFrame(columns=[*RESOLVE_FIELDS, "row_id", "submission_id", "month", "sha256", "task_id"])


def _no_links() -> pd.Series:
    import pandas as pd

    return pd.Series(dtype=object)
