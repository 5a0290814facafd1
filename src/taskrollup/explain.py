"""`taskrollup explain`: the tasks behind any figure of the report, and the rows behind one
task. Pure pandas over the tasks and rows the store gives (`queries.py` reads them).

A figure's list is made by the computation that counts the figure: the group's tasks
(`figures.Group`, as the report forms `totals`, `central`, `by_agency` and `by_source`),
each with its 0/1 row of `figures.membership`. The tasks listed are those whose row has a 1
under the figure, so their number is the report's figure, always.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field

import pandas as pd

from taskrollup import problems
from taskrollup.context import SECRET_PLACEHOLDER
from taskrollup.errors import TaskOutsidePeriod, UnknownFigure
from taskrollup.figures import CENTRAL, FIGURE_KEYS, HEADLINE, Group, in_scope, membership, scoped
from taskrollup.listing import by_agency, records, task_list
from taskrollup.periods import Window, named_periods

# The columns of a figure's list.
LIST_COLUMNS = ["task_id", "agency", "source", "assigned_on", "deadline", "closed_on", "category",
                "content", "secret"]
# The columns of a task's rows.
ROW_COLUMNS = ["row_id", "file", "sheet", "row", "month", "submitted_by", "role", "state", "timing",
               "deadline", "extended_deadline", "completed_on", "cancelled_on", "problems", "gives_status"]
# The fields of a task as shown.
TASK_FIELDS = ["task_id", "source_id", "authority", "agency", "content", "assigned_on", "deadline",
               "extended_deadline", "effective_deadline", "state", "timing", "completed_on",
               "completed_derived", "cancelled_on", "extension_requested", "secret", "row_count",
               "status_row_id"]


def figure_name(name: str) -> str:
    """A figure's name as the report's JSON writes it ('done-late' and 'Done_Late' read as
    'done_late'); an unknown one lists the figures."""
    key = name.strip().lower().replace("-", "_")
    if key not in FIGURE_KEYS:
        raise UnknownFigure(name, FIGURE_KEYS)
    return key


def counted(frame: pd.DataFrame, figure: str, group: Group, members: pd.DataFrame | None = None) -> pd.DataFrame:
    """The tasks of `frame` (from `figures.scoped`) that `figure` of `group` counts: those of
    the group with a 1 under the figure in their `figures.membership` row (`members`, when
    already worked out for `frame`)."""
    members = membership(frame) if members is None else members
    return frame[group.mask(frame).to_numpy(dtype=bool) & members[figure].to_numpy(dtype=bool)]


@dataclass
class FigureList:
    """The tasks one figure of the report counts."""

    figure: str
    window: Window
    group: Group
    tasks: pd.DataFrame  # LIST_COLUMNS, grouped by agency
    warnings: list[str] = field(default_factory=list)

    @property
    def count(self) -> int:
        return len(self.tasks)

    def per_agency(self) -> dict[str, int]:
        return {str(k): int(v) for k, v in self.tasks.groupby("agency").size().items()}

    def to_dict(self) -> dict[str, object]:
        w = self.window
        return {"figure": self.figure, "period": w.period.name, "start": w.period.start.isoformat(),
                "end": w.period.end.isoformat(), "as_of": w.as_of.isoformat(), "scope": w.scope,
                "group": self.group.where, "count": self.count, "by_agency": self.per_agency(),
                "tasks": records(self.tasks), "warnings": self.warnings}


def figure_list(tasks: pd.DataFrame, window: Window, figure: str, group: Group = HEADLINE) -> FigureList:
    """The tasks behind `figure` of `group` in the report of `window`, grouped by agency.
    `tasks` may lack their texts (`content`): `listing.fill_texts` puts them in after."""
    return scoped_list(scoped(tasks, window.period, window.as_of, window.scope), window, figure, group)


def scoped_list(frame: pd.DataFrame, window: Window, figure: str, group: Group = HEADLINE,
                members: pd.DataFrame | None = None) -> FigureList:
    """As `figure_list`, from the tasks the report of `window` counts (`figures.scoped`) and,
    when already worked out, their `figures.membership`."""
    listed = task_list(counted(frame, figure, group, members), LIST_COLUMNS)
    return FigureList(figure, window, group, by_agency(listed))


# The report's task list: each task the period counts, and its 0/1 under every figure.
REPORT_LIST_COLUMNS = ["task_id", "authority", "source", "agency", "assigned_on", "deadline", "closed_on",
                       "category", "content", *FIGURE_KEYS]


def report_list(frame: pd.DataFrame) -> pd.DataFrame:
    """Every task a report counts (`frame`, from `figures.scoped`), of every authority, one row
    each, with its `figures.membership` row: the sum of a figure's column over the tasks of a
    group (authority 'provincial' for the headline and Phụ lục 01, 'central', one agency, one
    document) is that figure of the report. By authority, agency, date and task id."""
    listed = task_list(frame, ["task_id", "source", "agency", "assigned_on", "deadline", "closed_on",
                               "category", "content"])
    listed.insert(1, "authority", frame["authority"])
    listed = pd.concat([listed, membership(frame).astype(int)], axis=1)
    order = {"provincial": 0, "central": 1}
    rank = listed["authority"].map(lambda a: order.get(a, 2))
    return (listed.assign(_rank=rank).sort_values(["_rank", "agency", "assigned_on", "source", "task_id"],
                                                 na_position="last")
            .drop(columns="_rank").reset_index(drop=True)[REPORT_LIST_COLUMNS])


# --------------------------------------------------------------------------- one task


@dataclass
class TaskView:
    """One task: its fields, every row it came from, the findings on its data and, for a
    report's window, the figures it counts in."""

    task: dict[str, object]  # TASK_FIELDS, a secret task's content replaced
    periods: list[str]  # the half-year, quarter, month and year of its assignment date
    rows: pd.DataFrame  # ROW_COLUMNS, oldest first
    findings: list[dict[str, object]]  # kind, message, file, sheet, row, agency
    window: Window | None = None
    counted_in: dict[str, object] | None = None  # with a window: outcome, figures, groups

    def to_dict(self) -> dict[str, object]:
        w = self.window
        return {"task": self.task, "periods": self.periods, "rows": records(self.rows),
                "findings": self.findings,
                "report": None if w is None else {"period": w.period.name, "as_of": w.as_of.isoformat(),
                                                  "scope": w.scope, **(self.counted_in or {})}}


def task_view(task: pd.DataFrame, rows: pd.DataFrame, found: pd.DataFrame,
              window: Window | None = None) -> TaskView:
    """The view of the one task in `task` (its fields, content included), from its rows (as
    `Store.task_rows` gives them) and the findings on it (fields.FINDING_COLUMNS)."""
    fields = records(task[TASK_FIELDS])[0]
    secret = bool(fields["secret"])
    if secret:
        fields["content"] = SECRET_PLACEHOLDER
    assigned = fields["assigned_on"]
    periods = named_periods(dt.date.fromisoformat(str(assigned))) if assigned else []
    shown = _rows(rows, int(fields["status_row_id"]), secret)  # type: ignore[call-overload]
    return TaskView(fields, periods, shown, _findings(found, secret), window,
                    None if window is None else _counted_in(task, window))


def _rows(rows: pd.DataFrame, status_row: int, secret: bool) -> pd.DataFrame:
    """The task's rows as shown: who sent each, in what role, the status as normalised, its
    problems, and which one gives the task's status (rule 8)."""
    said = problems.words if not secret else _code_only  # a secret task's cell values stay unsaid
    rows = rows.astype(object).where(rows.notna(), None)  # a column of missing values reads None
    return pd.DataFrame({
        "row_id": rows["row_id"], "file": rows["file_name"], "sheet": rows["sheet"], "row": rows["row"],
        "month": rows["month"], "submitted_by": rows["submitted_by"],
        "role": ["lead" if lead else "coordinator" for lead in rows["is_lead"]],
        "state": rows["state"], "timing": rows["timing"], "deadline": rows["deadline"],
        "extended_deadline": rows["extended_deadline"], "completed_on": rows["completed_on"],
        "cancelled_on": rows["cancelled_on"],
        "problems": ["; ".join(f"{problems.place(p)}: {said(p)}" for p in found) for found in rows["problems"]],
        "gives_status": rows["row_id"] == status_row,
    }, columns=ROW_COLUMNS)


def _code_only(problem: Mapping[str, object]) -> str:
    return str(problem["code"])


def _findings(found: pd.DataFrame, secret: bool = False) -> list[dict[str, object]]:
    """The findings as shown: their message in place of their detail. A kind this version
    does not know (another version's) shows its code and detail; on a secret task its code
    alone, as its detail may quote a text."""
    from taskrollup.quality import KINDS, message

    shown = []
    for rec in records(found):
        kind, detail = str(rec.pop("kind")), rec.pop("detail")
        known = kind in KINDS and isinstance(detail, Mapping)
        text = message(kind, detail) if known else kind if secret else f"{kind}: {detail}"  # type: ignore[arg-type]
        shown.append({"kind": kind, "message": text, **{k: v for k, v in rec.items() if k != "task_id"}})
    return shown


def _counted_in(task: pd.DataFrame, window: Window) -> dict[str, object]:
    """The task's outcome as of the cut-off, the figures it counts in and the groups of the
    report that count it; a task outside the window is a usage error saying where it is."""
    if not bool(in_scope(task, window.period, window.scope).iloc[0]):
        raise TaskOutsidePeriod(_outside(task.iloc[0], window))
    frame = scoped(task, window.period, window.as_of, window.scope)
    row = membership(frame).iloc[0]
    rec = frame.iloc[0]
    groups = [HEADLINE, CENTRAL, Group(agency=rec["agency"]), Group(source=rec["source_id"])]
    return {"outcome": rec["outcome"], "figures": [k for k in FIGURE_KEYS if row[k]],
            "groups": [g.where for g in groups if bool(g.mask(frame).iloc[0])]}


def _outside(task: pd.Series, window: Window) -> str:
    """Why a task is not in the window's report, and the periods it is in."""
    due = window.scope == "due"
    day = task["effective_deadline"] if due else task["assigned_on"]
    where = f"task {task['task_id']} is not counted in {window.period.name} (scope {window.scope})"
    if not isinstance(day, str) or not day:
        return f"{where}: it has no {'deadline' if due else 'assignment date'}, so no period counts it"
    date = dt.date.fromisoformat(day)
    half, quarter, month, _ = named_periods(date)
    return (f"{where}: it was {'due' if due else 'assigned'} on {date:%d/%m/%Y}, in {half} ({quarter},"
            f" {month}); try --period {half}" + (" --scope due" if due else ""))
