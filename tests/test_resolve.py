"""From rows to a task: which row gives the status, and dates the rules derive."""

from __future__ import annotations

import pandas as pd

from taskrollup.resolve import resolve_tasks

_id = iter(range(1, 10_000))


def row(month: str, **kw: object) -> dict[str, object]:
    """One stored row of task 't' (lead agency, clean) in the given month."""
    base: dict[str, object] = {
        "row_id": next(_id), "submission_id": int(month.replace("-", "")), "month": month,
        "sha256": f"sha-{month}", "sheet": "S", "row": 5,
        "task_id": "t", "problems": (), "is_lead": True, "source_id": "42/QĐ-UBND",
        "agency": "Sở Y tế", "content": "Việc A", "assigned_on": "2021-01-12",
        "deadline": "2021-06-30", "extended_deadline": None, "state": "not_done", "timing": None,
        "extension_requested": False, "completed_on": None, "cancelled_on": None, "secret": False,
    }
    base.update(kw)
    return base


def resolve(*rows: dict[str, object]) -> pd.Series:
    return resolve_tasks(pd.DataFrame(rows)).iloc[0]


def test_newest_month_gives_status() -> None:
    """The newest reporting month wins, whatever the ingestion order."""
    t = resolve(row("2021-05", state="done", completed_on="2021-05-10"), row("2021-03"))
    assert t["state"] == "done" and t["completed_on"] == "2021-05-10"


def test_lead_wins_over_newer_coordinator() -> None:
    """A coordinator's newer row never overrides the lead agency's own row."""
    t = resolve(row("2021-04", state="done", completed_on="2021-04-02"),
                row("2021-06", is_lead=False, state="not_done"))
    assert t["state"] == "done"


def test_problem_rows_give_no_status() -> None:
    """A row with a problem stays out: the older clean row gives the status."""
    bad_date = {"code": "not-a-date", "column": "G", "header": "Ngày hoàn thành", "value": "31/02/2021"}
    t = resolve(row("2021-04"), row("2021-06", state="done", problems=(bad_date,)))
    assert t["state"] == "not_done"
    assert t["row_count"] == 2


def test_done_without_date_is_month_end_of_first_done_report() -> None:
    """Rule 3: no completion date -> end of the month of the first 'done' report."""
    t = resolve(row("2021-03"), row("2021-04", state="done"), row("2021-05", state="done"))
    assert t["completed_on"] == "2021-04-30" and bool(t["completed_derived"])


def test_done_date_from_older_row() -> None:
    """The newest row says done without a date; an older done row gave one."""
    t = resolve(row("2021-04", state="done", completed_on="2021-04-12"), row("2021-05", state="done"))
    assert t["completed_on"] == "2021-04-12" and not bool(t["completed_derived"])


def test_cancelled_without_date() -> None:
    """Rule 5: no cancellation date -> end of the month of the first report of it."""
    t = resolve(row("2021-02"), row("2021-03", state="cancelled"), row("2021-04", state="cancelled"))
    assert t["cancelled_on"] == "2021-03-31"


def test_extended_deadline_is_effective() -> None:
    """Rule 4: the extended deadline, from any lead row, is the effective one."""
    t = resolve(row("2021-04", extended_deadline="2021-09-30"), row("2021-05"))
    assert t["effective_deadline"] == "2021-09-30" and t["deadline"] == "2021-06-30"


def test_secret_if_any_row_says_so() -> None:
    """Rule 7: one row marking the document secret makes the task secret."""
    assert bool(resolve(row("2021-04", secret=True), row("2021-05"))["secret"])


def test_assignment_date_from_other_rows_of_the_document() -> None:
    """A row without assignment date takes its document's date from other rows."""
    rows = [row("2021-04", assigned_on=None), row("2021-04", task_id="u", assigned_on="2021-01-12")]
    tasks = resolve_tasks(pd.DataFrame(rows)).set_index("task_id")
    assert tasks.loc["t", "assigned_on"] == "2021-01-12"
    assert tasks.loc["t", "authority"] == "provincial"


def test_text_from_first_lead_row() -> None:
    """The task's text is its first appearance in the lead's own sheets, not a later typo."""
    t = resolve(row("2021-05", content="Việc Aa"), row("2021-03", content="Việc A"),
                row("2021-02", is_lead=False, content="Viec A"))
    assert t["content"] == "Việc A"
