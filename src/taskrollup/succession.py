"""Who holds a task on a day: the agency its sheets named, or that agency's successor. Pure pandas.

When an agency ends (`until` in the registry) and has a successor, every task of it still open
at the end of its last day passes to the successor, and on along a chain of successors (A → B
→ C) while the next one has ended too; a task done or cancelled by then stays with the agency
that closed it. A task the sheets give to an agency after its end passes the same way. This is
worked out for the day a report or check is made as of, over the tasks as the store keeps
them, so a report of a period before a change shows the agencies as they were, and the store
keeps what the sheets said.

`attribute` gives the tasks with `agency` as held on the day and `moved_from`, the agency the
sheets named where the task passed on; `notes` puts the latter in words for listings.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd

from taskrollup.figures import outcomes
from taskrollup.registry import Agency, Registry

MOVED_FROM = "moved_from"
_CLOSED = ("done_on_time", "done_late", "cancelled")


def _changes(registry: Registry, as_of: dt.date) -> dict[str, Agency]:
    """The agencies that ended before `as_of` with a successor, by name."""
    return {a.name: a for a in registry.ended() if a.successor and a.until is not None and a.until < as_of}


def _one_step(tasks: pd.DataFrame, agency: np.ndarray, changes: dict[str, Agency]) -> np.ndarray:
    """Which tasks pass from the agency they are with now to its successor: those with an
    ended agency still open at the end of its last day."""
    step = np.zeros(len(tasks), dtype=bool)
    for name in set(agency[np.isin(agency, list(changes))]):
        mine = agency == name
        closed = outcomes(tasks[mine], changes[name].until).isin(_CLOSED).to_numpy()  # type: ignore[arg-type]
        step[np.flatnonzero(mine)[~closed]] = True
    return step


def attribute(tasks: pd.DataFrame, registry: Registry, as_of: dt.date) -> pd.DataFrame:
    """The tasks with `agency` as held on `as_of` and `moved_from` (the agency the sheets
    named, where the task passed to a successor; else None)."""
    changes = _changes(registry, as_of)
    agency = tasks["agency"].to_numpy(dtype=object).copy()
    moved = np.full(len(tasks), None, dtype=object)
    for _ in range(len(changes)):  # each round moves tasks one step along their chains
        step = _one_step(tasks, agency, changes)
        if not step.any():
            break
        first = step & pd.isna(moved)
        moved[first] = agency[first]
        agency[step] = [changes[a].successor for a in agency[step]]
    return tasks.assign(agency=pd.Series(agency, index=tasks.index, dtype=tasks["agency"].dtype),
                        **{MOVED_FROM: pd.Series(moved, index=tasks.index, dtype=object)})


def reported_by_holder(agencies: pd.Series, submitter: str | None, month: str, registry: Registry) -> np.ndarray:
    """Which rows of a submission for `month` by `submitter` name a lead agency that had ended
    before the month began and whose tasks `submitter` holds by then (its successor, or further
    down a chain): such a row is the lead's own report (rule 8), not a coordinator's."""
    first = dt.date(int(month[:4]), int(month[5:7]), 1)
    ended = {a.name for a in registry.ended() if a.successor and a.until < first}  # type: ignore[operator]
    if not submitter or not ended:
        return np.zeros(len(agencies), dtype=bool)
    holds = {name: name in ended and registry.final(name, first) == submitter for name in set(agencies.dropna())}
    return np.array([holds.get(a, False) for a in agencies.tolist()], dtype=bool)


def note(moved_from: object) -> str | None:
    """'chuyển từ UBND huyện Cư Jút' for a task that passed on, else None."""
    return f"chuyển từ {moved_from}" if isinstance(moved_from, str) and moved_from else None


def notes(tasks: pd.DataFrame) -> list[str | None]:
    """Each task's note (`note`); None throughout for tasks not attributed."""
    if MOVED_FROM not in tasks.columns:
        return [None] * len(tasks)
    return [note(m) for m in tasks[MOVED_FROM].tolist()]


def without_successor(frame: pd.DataFrame, registry: Registry, as_of: dt.date) -> list[str]:
    """Warnings for the tasks of `frame` still open on `as_of` with an agency that ended before
    then without a successor: the registry should name one. `frame` may carry `outcome`."""
    ended = {a.name: a.until for a in registry.ended() if not a.successor and a.until < as_of}  # type: ignore[operator]
    theirs = frame[frame["agency"].isin(list(ended))] if ended else frame.iloc[0:0]
    if theirs.empty:
        return []
    outcome = theirs["outcome"] if "outcome" in theirs.columns else outcomes(theirs, as_of)
    counts = theirs[~outcome.isin(_CLOSED)].groupby("agency").size()
    return [f"{int(n)} open task(s) of {name}, which ended on {ended[name]:%d/%m/%Y} with no successor in"
            " the registry: name its successor (docs/agencies.md)" for name, n in counts.items()]
