"""The figures a report cites, from resolved tasks (rules 1-7, 9). Pure pandas.

Every status is evaluated as of the cut-off date D. Dates are ISO text, so a
comparison of strings is a comparison of days.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from taskrollup.groups import firsts
from taskrollup.periods import Period

FIGURE_KEYS = [
    "assigned", "secret", "done", "done_on_time", "done_late", "not_done", "not_done_in_time",
    "not_done_overdue", "extension_requested", "cancelled", "no_deadline",
]
OUTCOMES = ["done_on_time", "done_late", "not_done_in_time", "not_done_overdue", "cancelled"]


def outcomes(tasks: pd.DataFrame, as_of: dt.date) -> pd.Series:
    """Each task's outcome as of D: one of OUTCOMES."""
    d = as_of.isoformat()
    deadline = tasks["effective_deadline"]
    has_deadline = deadline.notna()
    cancelled = (tasks["state"] == "cancelled") & (tasks["cancelled_on"].fillna("9999") <= d)
    done = (tasks["state"] == "done") & (tasks["completed_on"].fillna("9999") <= d)
    by_words = tasks["completed_derived"] & tasks["timing"].notna()
    on_time_by_date = ~has_deadline | (tasks["completed_on"].fillna("") <= deadline.fillna(""))
    on_time = (by_words & (tasks["timing"] == "on_time")) | (~by_words & on_time_by_date)
    overdue = has_deadline & (deadline.fillna("9999") < d)
    result = pd.Series("not_done_in_time", index=tasks.index, dtype=object)
    result[overdue] = "not_done_overdue"
    result[done & on_time] = "done_on_time"
    result[done & ~on_time] = "done_late"
    result[cancelled] = "cancelled"
    return result


def in_scope(tasks: pd.DataFrame, period: Period, scope: str = "assigned") -> pd.Series:
    """Rule 1: assignment date in the period (default) or effective deadline in it."""
    column = tasks["assigned_on"] if scope == "assigned" else tasks["effective_deadline"]
    return column.notna() & (column >= period.start.isoformat()) & (column <= period.end.isoformat())


def membership(frame: pd.DataFrame) -> pd.DataFrame:
    """Which figures each task counts in: one 0/1 column per figure (FIGURE_KEYS), one row per
    task of `frame` (which carries `outcome`). Every figure is the sum of its column over the
    tasks of a group: `count`, `count_by`, `explain` and the report's task list all read it."""
    # The outcome as its index in OUTCOMES (one hashing pass, not one text comparison per outcome).
    code = pd.Categorical(frame["outcome"], categories=OUTCOMES).codes
    is_ = {k: code == i for i, k in enumerate(OUTCOMES)}
    done = is_["done_on_time"] | is_["done_late"]
    not_done = is_["not_done_in_time"] | is_["not_done_overdue"]
    columns = {
        "assigned": np.ones(len(frame), dtype=bool),
        "secret": frame["secret"].to_numpy(dtype=bool),
        "done": done, "done_on_time": is_["done_on_time"], "done_late": is_["done_late"],
        "not_done": not_done, "not_done_in_time": is_["not_done_in_time"],
        "not_done_overdue": is_["not_done_overdue"],
        "extension_requested": frame["extension_requested"].to_numpy(dtype=bool) & not_done,
        "cancelled": is_["cancelled"],
        "no_deadline": frame["no_deadline"].to_numpy(dtype=bool),
    }
    return pd.DataFrame({k: columns[k].astype(np.int8) for k in FIGURE_KEYS}, index=frame.index)


def _figures_of(sums: pd.Series | dict[str, int]) -> dict[str, int]:
    return {k: int(sums[k]) for k in FIGURE_KEYS}


def count(frame: pd.DataFrame) -> dict[str, int]:
    """The F figures of a set of tasks that already carry `outcome`."""
    return _figures_of(membership(frame).sum())


def count_by(frame: pd.DataFrame, key: str) -> dict[object, dict[str, int]]:
    """The F figures of each group of `key`, in one pass."""
    return _sums_by(membership(frame), frame[key])


def _sums_by(members: pd.DataFrame, keys: pd.Series) -> dict[object, dict[str, int]]:
    """The figures of each value of `keys`: the sums of the tasks' `membership` rows."""
    if members.empty:
        return {}
    sums = members.groupby(keys).sum()
    return {k: _figures_of(row) for k, row in sums.to_dict("index").items()}


@dataclass(frozen=True)
class Group:
    """A group of tasks whose figures the report gives: the headline (the province's tasks,
    rule 9: `totals`), the central Government's (`central`), one lead agency as Phụ lục 01
    counts it (the province's tasks of that agency: a row of `by_agency`), or one document,
    whatever its authority (a row of `by_source`)."""

    central: bool = False
    agency: str | None = None
    source: str | None = None

    def mask(self, frame: pd.DataFrame) -> pd.Series:
        """Which tasks of `frame` the group holds."""
        if self.source is not None:
            return frame["source_id"] == self.source
        held = frame["authority"] == ("central" if self.central else "provincial")
        return held & (frame["agency"] == self.agency) if self.agency is not None else held

    @property
    def where(self) -> str:
        """Where the report's JSON gives the group's figures: 'totals', 'central',
        'by_agency[Sở Tài chính]', 'by_source[42/QĐ-UBND]'."""
        if self.source is not None:
            return f"by_source[{self.source}]"
        if self.agency is not None:
            return f"by_agency[{self.agency}]"
        return "central" if self.central else "totals"

    @property
    def label(self) -> str:
        """How the report names it."""
        if self.source is not None:
            return f"document {self.source}"
        if self.agency is not None:
            return f"{self.agency} (Phụ lục 01)"
        return "the central Government's tasks" if self.central else "the province's tasks"


HEADLINE = Group()
CENTRAL = Group(central=True)


def completion_rate(f: dict[str, int]) -> float:
    """done / (assigned - cancelled), in percent, two decimals."""
    base = f["assigned"] - f["cancelled"]
    return round(100.0 * f["done"] / base, 2) if base else 0.0


def due_rate(f: dict[str, int]) -> float:
    """done / (done + not_done_overdue): the Government Office's rate, in percent."""
    base = f["done"] + f["not_done_overdue"]
    return round(100.0 * f["done"] / base, 2) if base else 0.0


def with_rates(f: dict[str, int]) -> dict[str, float | int]:
    return {**f, "completion_rate": completion_rate(f), "due_rate": due_rate(f)}


@dataclass
class Figures:
    period: Period
    as_of: dt.date
    scope: str
    totals: dict[str, float | int]
    central: dict[str, float | int]
    by_agency: list[dict[str, object]] = field(default_factory=list)
    by_source: list[dict[str, object]] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, object]:
        return {
            "period": self.period.name, "start": self.period.start.isoformat(),
            "end": self.period.end.isoformat(), "convention": self.period.convention,
            "as_of": self.as_of.isoformat(),
            "scope": self.scope, "totals": self.totals, "central": self.central,
            "by_agency": self.by_agency, "by_source": self.by_source, "warnings": self.warnings,
        }


def scoped(tasks: pd.DataFrame, period: Period, as_of: dt.date, scope: str = "assigned") -> pd.DataFrame:
    """The tasks a report on `period` counts, each with its `outcome` as of `as_of`."""
    frame = tasks[in_scope(tasks, period, scope)]
    return frame.assign(outcome=outcomes(frame, as_of))


def compute(tasks: pd.DataFrame, period: Period, as_of: dt.date | None = None,
            scope: str = "assigned") -> Figures:
    """All the figures of a period from the resolved tasks."""
    as_of = as_of or period.end
    return summarise(scoped(tasks, period, as_of, scope), tasks, period, as_of, scope)


def summarise(frame: pd.DataFrame, tasks: pd.DataFrame, period: Period, as_of: dt.date,
              scope: str = "assigned") -> Figures:
    """The figures of the scoped tasks `frame` (from `scoped`); `tasks` only for warnings."""
    members = membership(frame)  # computed once: every figure below is a sum of its rows
    provincial, central = HEADLINE.mask(frame), CENTRAL.mask(frame)
    by_agency = [{"agency": a, **with_rates(f)}
                 for a, f in _sums_by(members[provincial], frame.loc[provincial, "agency"]).items()]
    first = _first_dated(frame)
    by_source = [{"source": src, "assigned_on": first[src][0], "authority": first[src][1], **with_rates(f)}
                 for src, f in _sums_by(members, frame["source_id"]).items()]
    warnings = []
    undated = int(tasks["assigned_on"].isna().sum())
    if undated:
        warnings.append(f"{undated} task(s) have no assignment date and are in no period")
    other = int((frame["authority"] == "other").sum())
    if other:
        warnings.append(f"{other} task(s) come from documents of neither the province nor the Government")
    return Figures(period, as_of, scope, with_rates(_figures_of(members[provincial].sum())),
                   with_rates(_figures_of(members[central].sum())), by_agency, by_source, warnings)


def _first_dated(frame: pd.DataFrame) -> dict[object, tuple[str | None, object]]:
    """Per document: (its earliest assignment date or None, its authority)."""
    sources, names = pd.factorize(frame["source_id"])
    days, day_names = pd.factorize(frame["assigned_on"], sort=True)  # -1: no date
    undated = np.where(days < 0, len(day_names), days)  # undated sort last
    first = firsts(sources, undated)
    authority = frame["authority"].to_numpy(dtype=object)
    return {names[sources[i]]: (day_names[days[i]] if days[i] >= 0 else None, authority[i]) for i in first}
