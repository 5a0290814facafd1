"""`taskrollup check`: overdue tasks and tasks falling due soon, as of a day. Pure pandas.

A task is overdue as of D when it is not done, not cancelled and D is after its
effective deadline (rules 3-5), whatever period it was assigned in. Tasks
assigned after D did not exist yet on D and are left out. A task listed under a
successor of the agency its sheets named (`succession.attribute`) carries the note
'chuyển từ <that agency>'.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import pandas as pd

from taskrollup.figures import outcomes
from taskrollup.listing import records, task_list
from taskrollup.quality import messages

LIST_COLUMNS = ["task_id", "agency", "source", "assigned_on", "deadline", "days_overdue",
                "content", "secret", "note"]


@dataclass
class CheckResult:
    as_of: dt.date
    due_within: int
    overdue: pd.DataFrame  # LIST_COLUMNS, most overdue first, grouped by agency
    due_soon: pd.DataFrame  # LIST_COLUMNS (days_overdue <= 0: days left, negated)
    data_quality: pd.DataFrame = field(default_factory=pd.DataFrame)  # fields.FINDING_COLUMNS
    warnings: list[str] = field(default_factory=list)

    @property
    def exit_code(self) -> int:
        return 1 if len(self.overdue) else 0

    def per_agency(self) -> dict[str, int]:
        return {str(k): int(v) for k, v in self.overdue.groupby("agency").size().items()}

    def to_dict(self) -> dict[str, object]:
        return {"as_of": self.as_of.isoformat(), "due_within": self.due_within,
                "overdue": records(self.overdue), "due_soon": records(self.due_soon),
                "overdue_by_agency": self.per_agency(),
                "data_quality": self._shown_findings(), "warnings": self.warnings}

    def _shown_findings(self) -> list[dict[str, object]]:
        """The findings as shown: each one's message, made from its kind and detail, in the
        detail's place."""
        found = self.data_quality
        if "detail" not in found.columns:  # none worked out
            return records(found)
        return records(found, {"detail": ("message", messages(found))})


def _grouped(frame: pd.DataFrame) -> pd.DataFrame:
    """Agencies with the most overdue days first; within one, the most overdue task first."""
    worst = frame.groupby("agency")["days_overdue"].transform("max")
    ordered = frame.assign(_worst=worst).sort_values(
        ["_worst", "agency", "days_overdue", "task_id"], ascending=[False, True, False, True])
    return ordered.drop(columns="_worst").reset_index(drop=True)


def check_tasks(tasks: pd.DataFrame, as_of: dt.date, due_within: int = 7,
                agency: str | None = None, source: str | None = None) -> CheckResult:
    """Overdue and due-soon tasks as of `as_of`, optionally for one agency or document."""
    d = as_of.isoformat()
    live = tasks[tasks["assigned_on"].isna() | (tasks["assigned_on"] <= d)]
    if agency:
        live = live[live["agency"] == agency]
    if source:
        live = live[live["source_id"] == source]
    outcome = outcomes(live, as_of)
    open_ = live[outcome.isin(["not_done_in_time", "not_done_overdue"])]
    overdue = _grouped(task_list(open_[outcome[open_.index] == "not_done_overdue"], LIST_COLUMNS, as_of))
    horizon = (as_of + dt.timedelta(days=due_within)).isoformat()
    soon_mask = open_["effective_deadline"].notna() & (open_["effective_deadline"] >= d) & \
        (open_["effective_deadline"] <= horizon)
    soon = task_list(open_[soon_mask], LIST_COLUMNS, as_of).sort_values(["deadline", "agency", "task_id"])
    return CheckResult(as_of, due_within, overdue, soon.reset_index(drop=True))
