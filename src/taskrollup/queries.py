"""Library calls behind the read-only commands: open the store, compute, return data."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd

from taskrollup.check import CheckResult, check_tasks
from taskrollup.docids import canonical_id
from taskrollup.errors import UnknownTask, UsageError
from taskrollup.explain import FigureList, TaskView, figure_list, figure_name, task_view
from taskrollup.figures import CENTRAL, HEADLINE, Group
from taskrollup.listing import fill_texts
from taskrollup.periods import Window
from taskrollup.quality import ROW_FIELDS_USED, dissolved_agency, findings
from taskrollup.registry import Registry, load_registry
from taskrollup.store import Store
from taskrollup.succession import MOVED_FROM, attribute, without_successor

# The row fields the dissolved-agency finding reads (with the month and file name).
DISSOLVED_FIELDS = ("sheet", "row", "agency", "task_id")


def store_summary(db: Path, agency: str | None = None, on: dt.date | None = None,
                  registry: Registry | None = None) -> dict[str, object]:
    """Counts of submissions, rows, problem rows and tasks, per lead agency: as the sheets
    named it, or with `on`, the agency that holds the task that day (`succession`), and how
    many each holds from agencies that ended ("moved")."""
    with Store(db, create=False) as store:
        subs = store.submissions()
        tasks = store.load_tasks(text=False)
        rows, problem_rows = store.row_counts()
    if on is not None:
        tasks = attribute(tasks, registry or load_registry(), on)
    if agency:
        tasks = tasks[tasks["agency"] == agency]
    per_agency = (tasks.groupby("agency").size().sort_index() if not tasks.empty
                  else pd.Series(dtype=int))
    summary: dict[str, object] = {
        "submissions": len(subs),
        "months": sorted(subs["month"].unique().tolist()),
        "rows": rows,
        "problem_rows": problem_rows,
        "tasks": len(tasks),
        "secret_tasks": int(tasks["secret"].sum()),
        "tasks_by_agency": {str(k): int(v) for k, v in per_agency.items()},
    }
    if on is not None:
        summary |= {"on": on.isoformat(), "moved": _moved(tasks)}
    return summary


def _moved(tasks: pd.DataFrame) -> dict[str, dict[str, int]]:
    """For each agency, how many of its tasks came from each agency that ended."""
    came = tasks[tasks[MOVED_FROM].notna()]
    out: dict[str, dict[str, int]] = {}
    for (holder, origin), n in came.groupby(["agency", MOVED_FROM]).size().items():
        out.setdefault(str(holder), {})[str(origin)] = int(n)
    return out


def check_store(db: Path, as_of: dt.date, due_within: int = 7, agency: str | None = None,
                source: str | None = None, registry: Registry | None = None) -> CheckResult:
    """Overdue and due-soon tasks as of a day, each under the agency that holds it that day
    (`succession`), with the data-quality findings."""
    if due_within < 0:
        raise UsageError("--due-within must be 0 or more days")
    registry = registry or load_registry()
    if agency:
        agency = agency_name(agency, registry)
    if source:
        source = canonical_id(source)
    with Store(db, create=False) as store, store.snapshot():  # texts read later match the tasks
        found = store.load_findings()  # computed by ingest; None if it stopped before
        tasks = store.load_tasks(text=False)
        if found is None:
            found = findings(store.load_rows(ROW_FIELDS_USED), tasks, store.load_pairs())
        ended = {a.name: f"{a.until:%Y-%m}" for a in registry.ended()}
        late = dissolved_agency(store.load_rows(DISSOLVED_FIELDS, named_after=ended), registry) if ended else None
        held = attribute(tasks.assign(content=None), registry, as_of)
        result = check_tasks(held, as_of, due_within, agency, source)
        listed = [*result.overdue["task_id"], *result.due_soon["task_id"]]
        texts = store.task_texts(listed)  # only the listed tasks' texts are read
        behind = store.behind_warning()
    for frame in (result.overdue, result.due_soon):
        fill_texts(frame, texts)
    if late is not None and len(late):
        found = pd.concat([found, late], ignore_index=True)
    result.data_quality = found[found["agency"] == agency].reset_index(drop=True) if agency else found
    result.warnings = _check_warnings(held, registry, as_of, agency) + ([behind] if behind else [])
    return result


def agency_name(agency: str, registry: Registry | None = None) -> str:
    """An agency as the user spells it, by its canonical name; not in the registry: a usage error."""
    name = (registry or load_registry()).resolve(agency)
    if name is None:
        raise UsageError(f"--agency {agency!r} is not in the agency registry")
    return name


def _check_warnings(held: pd.DataFrame, registry: Registry, as_of: dt.date, agency: str | None) -> list[str]:
    """Open tasks left with an agency that ended without a successor; and, for --agency of an
    agency that ended, where its open tasks are listed."""
    live = held[held["assigned_on"].isna() | (held["assigned_on"] <= as_of.isoformat())]
    if agency:
        live = live[live["agency"] == agency]
    warnings = without_successor(live, registry, as_of)
    record = registry.agencies.get(agency or "")
    if record and record.until and record.until < as_of and record.successor:
        warnings.append(f"{agency} ended on {record.until:%d/%m/%Y}: its tasks still open then are listed"
                        f" under {registry.final(agency, as_of)}")  # type: ignore[arg-type]
    return warnings


def report_group(central: bool = False, agency: str | None = None, source: str | None = None,
                 registry: Registry | None = None) -> Group:
    """The group of the report that --central, --agency or --source names (none: the headline)."""
    if sum(map(bool, (central, agency, source))) > 1:
        raise UsageError("--central, --agency and --source each name one group of the report: give one")
    if agency:
        return Group(agency=agency_name(agency, registry))
    if source:
        return Group(source=canonical_id(source))
    return CENTRAL if central else HEADLINE


def explain_figure(db: Path, figure: str, window: Window, group: Group = HEADLINE,
                   registry: Registry | None = None) -> FigureList:
    """The tasks behind one figure of the report of `window`, for one group of it; each task
    under the agency holding it on the cut-off day, as the report counts it (`succession`)."""
    key = figure_name(figure)
    with Store(db, create=False) as store, store.snapshot():
        # With their texts: reading the listed tasks' texts alone decodes the whole column too.
        held = attribute(store.load_tasks(), registry or load_registry(), window.as_of)
        listed = figure_list(held, window, key, group)
        behind = store.behind_warning()
    listed.warnings = [behind] if behind else []
    return listed


def explain_task(db: Path, task_id: str, window: Window | None = None) -> TaskView:
    """One task: its fields, every row it came from, the findings on it and, with a window,
    the figures of that report it counts in."""
    wanted = task_id.strip().lower()
    with Store(db, create=False) as store, store.snapshot():
        tasks = store.load_tasks(text=False)
        one = tasks[tasks["task_id"] == wanted]
        if one.empty:
            raise UnknownTask(task_id)
        texts = store.task_texts([wanted])
        rows = store.task_rows(wanted)
        found = task_findings(store, wanted, tasks)
    return task_view(one.assign(content=[texts.get(wanted)]).reset_index(drop=True), rows, found, window)


def task_findings(store: Store, task_id: str, tasks: pd.DataFrame) -> pd.DataFrame:
    """Everything the store finds about one task's data (fields.FINDING_COLUMNS): today the
    data-quality findings of its rows. It reads the store's findings table as it stands, so a
    finding of any kind stored there against the task (a possible same task, the office's
    decision about its identity) shows here too. Worked out from the rows when an ingest
    stopped before storing the findings."""
    found = store.task_findings(task_id)
    if found is None:
        everything = findings(store.load_rows(ROW_FIELDS_USED), tasks, store.load_pairs())
        found = everything[everything["task_id"] == task_id]
    else:  # a possible same task is stored on its first task: the second's too
        every = store.load_findings()
        if every is not None and len(every):
            paired = every[(every["kind"] == "possible_same_task")
                           & every["detail"].map(lambda d: isinstance(d, dict) and d.get("task_b") == task_id)]
            found = pd.concat([found, paired], ignore_index=True)
    return found.reset_index(drop=True)


def open_tasks(db: Path, agency: str, month: tuple[int, int],
               registry: Registry | None = None) -> list[dict[str, object]]:
    """The agency's tasks still open at the end of `month`, secret ones left out; with the
    tasks it holds then from agencies that ended (`succession`)."""
    from taskrollup.dates import month_end
    from taskrollup.figures import outcomes

    day = month_end(*month)
    with Store(db, create=False) as store:
        tasks = attribute(store.load_tasks(), registry or load_registry(), day)
    mine = tasks[(tasks["agency"] == agency) & ~tasks["secret"]
                 & (tasks["assigned_on"].isna() | (tasks["assigned_on"] <= day.isoformat()))]
    still_open = mine[outcomes(mine, day).isin(["not_done_in_time", "not_done_overdue"])]
    return still_open.sort_values(["assigned_on", "source_id", "task_id"]).to_dict("records")
