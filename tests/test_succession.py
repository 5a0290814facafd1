"""Who holds a task on a day: an ended agency's open tasks under its successor, worked by hand."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd
import pytest

from taskrollup.check import check_tasks
from taskrollup.figures import compute, scoped, summarise
from taskrollup.periods import parse_period
from taskrollup.registry import Registry
from taskrollup.render_check import split_by_agency
from taskrollup.succession import MOVED_FROM, attribute, note, notes, without_successor
from tests.test_figures import task

D = dt.date
MARCH_31, JUNE_30 = D(2021, 3, 31), D(2021, 6, 30)


def merger() -> Registry:
    """Sở A and Sở B merged into Sở C: A and B end on 31/03/2021 (mid H1-2021)."""
    reg = Registry()
    reg.add("Sở C")
    reg.add("Sở A", until=MARCH_31, successor="Sở C")
    reg.add("Sở B", until=MARCH_31, successor="Sở C")
    return reg


def merger_tasks() -> pd.DataFrame:
    """Seven tasks; what happens to each at the merger is in its comment."""
    return pd.DataFrame([
        task(task_id="a1", agency="Sở A", assigned_on="2021-01-10", deadline="2021-03-31", state="done",
             completed_on="2021-03-20"),  # done before the merger: stays with A
        task(task_id="a2", agency="Sở A", assigned_on="2021-02-01", deadline="2021-05-31"),  # open: to C
        task(task_id="b1", agency="Sở B", assigned_on="2021-01-15", deadline="2021-04-30", state="done",
             completed_on="2021-04-20"),  # open at the merger, done by C after it: to C
        task(task_id="b2", agency="Sở B", assigned_on="2021-02-10", deadline="2021-06-30", state="cancelled",
             cancelled_on="2021-03-15"),  # cancelled before: stays with B
        task(task_id="b3", agency="Sở B", assigned_on="2021-03-01", deadline="2021-03-20"),  # open, overdue: to C
        task(task_id="c1", agency="Sở C", assigned_on="2021-05-01"),
        task(task_id="a3", agency="Sở A", assigned_on="2021-05-10"),  # a sheet names A after its end: to C
    ])


def by_agency(tasks: pd.DataFrame, period: str, as_of: dt.date) -> dict[str, tuple[int, ...]]:
    """(assigned, done on time, not done in time, overdue, cancelled) per agency of a report."""
    frame = scoped(tasks, parse_period(period), as_of)
    figures = summarise(frame, tasks, parse_period(period), as_of)
    keys = ("assigned", "done_on_time", "not_done_in_time", "not_done_overdue", "cancelled")
    return {str(a["agency"]): tuple(int(a[k]) for k in keys) for a in figures.by_agency}


def test_before_the_merger_the_agencies_as_they_were() -> None:
    """Q1-2021 as of 31/03, the last day of A and B: nothing moves."""
    held = attribute(merger_tasks(), merger(), MARCH_31)
    assert held[MOVED_FROM].isna().all()
    assert by_agency(held, "Q1-2021", MARCH_31) == {"Sở A": (2, 1, 1, 0, 0), "Sở B": (3, 0, 1, 1, 1)}
    assert by_agency(held, "Q1-2021", MARCH_31) == by_agency(merger_tasks(), "Q1-2021", MARCH_31)


def test_after_the_merger_open_tasks_under_the_successor() -> None:
    """H1-2021 as of 30/06: the tasks A and B still had open on 31/03, and the one a sheet gave A
    after its end, are C's; what A and B closed before stays theirs; the totals do not move."""
    held = attribute(merger_tasks(), merger(), JUNE_30)
    assert dict(zip(held["task_id"], held["agency"], strict=True)) == {
        "a1": "Sở A", "a2": "Sở C", "b1": "Sở C", "b2": "Sở B", "b3": "Sở C", "c1": "Sở C", "a3": "Sở C"}
    assert by_agency(held, "H1-2021", JUNE_30) == {
        "Sở A": (1, 1, 0, 0, 0), "Sở B": (1, 0, 0, 0, 1), "Sở C": (5, 1, 2, 2, 0)}
    period = parse_period("H1-2021")
    assert compute(held, period).totals == compute(merger_tasks(), period).totals


def test_notes_name_the_agency_the_sheets_named() -> None:
    """A task that passed on carries 'chuyển từ <agency>'; the others none."""
    held = attribute(merger_tasks(), merger(), JUNE_30)
    assert dict(zip(held["task_id"], notes(held), strict=True)) == {
        "a1": None, "a2": "chuyển từ Sở A", "b1": "chuyển từ Sở B", "b2": None, "b3": "chuyển từ Sở B",
        "c1": None, "a3": "chuyển từ Sở A"}
    assert notes(merger_tasks()) == [None] * 7 and note(None) is None


def test_chain_of_successors() -> None:
    """A → B (31/03) → C (30/06): a task open through both ends with C, noted as from A; one done
    between the two stays with B."""
    reg = Registry()
    reg.add("Sở C")
    reg.add("Sở B", until=JUNE_30, successor="Sở C")
    reg.add("Sở A", until=MARCH_31, successor="Sở B")
    tasks = pd.DataFrame([task(task_id="t1", agency="Sở A"),
                          task(task_id="t2", agency="Sở A", state="done", completed_on="2021-05-01"),
                          task(task_id="t3", agency="Sở B")])
    on = {day: dict(zip(held["task_id"], zip(held["agency"], held[MOVED_FROM], strict=True), strict=True))
          for day, held in ((d, attribute(tasks, reg, d)) for d in (MARCH_31, JUNE_30, D(2021, 7, 1)))}
    assert on[MARCH_31] == {"t1": ("Sở A", None), "t2": ("Sở A", None), "t3": ("Sở B", None)}
    assert on[JUNE_30] == {"t1": ("Sở B", "Sở A"), "t2": ("Sở B", "Sở A"), "t3": ("Sở B", None)}
    assert on[D(2021, 7, 1)] == {"t1": ("Sở C", "Sở A"), "t2": ("Sở B", "Sở A"), "t3": ("Sở C", "Sở B")}


def test_check_lists_moved_tasks_under_the_successor(tmp_path: Path) -> None:
    """The overdue list and its send-back workbooks go to the successor, each task with its note."""
    result = check_tasks(attribute(merger_tasks(), merger(), JUNE_30), JUNE_30)
    assert list(zip(result.overdue["task_id"], result.overdue["agency"], result.overdue["note"], strict=True)) == [
        ("b3", "Sở C", "chuyển từ Sở B"), ("a2", "Sở C", "chuyển từ Sở A")]
    assert [p.name for p in split_by_agency(result, tmp_path)] == ["so-c-2021-06-30.xlsx"]
    assert check_tasks(attribute(merger_tasks(), merger(), JUNE_30), JUNE_30, agency="Sở A").overdue.empty


def test_no_successor_stays_and_warns() -> None:
    """An agency that ended without a successor keeps its tasks; its open ones are a warning."""
    reg = Registry()
    reg.add("UBND huyện X", until=MARCH_31)
    tasks = pd.DataFrame([task(task_id="x1", agency="UBND huyện X"),
                          task(task_id="x2", agency="UBND huyện X", state="done", completed_on="2021-02-01")])
    held = attribute(tasks, reg, JUNE_30)
    assert held["agency"].tolist() == ["UBND huyện X"] * 2
    assert without_successor(held, reg, JUNE_30) == [
        "1 open task(s) of UBND huyện X, which ended on 31/03/2021 with no successor in the registry: name"
        " its successor (docs/agencies.md)"]
    assert without_successor(held, reg, MARCH_31) == []


@pytest.mark.parametrize("day", [MARCH_31, JUNE_30])
def test_registry_without_changes_leaves_the_tasks(day: dt.date) -> None:
    """No agency ended: every task stays where the sheets put it."""
    reg = Registry()
    reg.add("Sở A")
    held = attribute(merger_tasks(), reg, day)
    assert held["agency"].tolist() == merger_tasks()["agency"].tolist() and held[MOVED_FROM].isna().all()


def test_reported_by_holder() -> None:
    """The successor's sheet for a month after the merger, naming the old agency as lead, reports
    as the lead; the same sheet for a month up to the merger, or another agency's, as a coordinator."""
    from taskrollup.succession import reported_by_holder

    agencies = pd.Series(["Sở A", "Sở B", "Sở C", None])
    assert reported_by_holder(agencies, "Sở C", "2021-04", merger()).tolist() == [True, True, False, False]
    assert reported_by_holder(agencies, "Sở C", "2021-03", merger()).tolist() == [False] * 4
    assert reported_by_holder(agencies, "Sở D", "2021-04", merger()).tolist() == [False] * 4
    assert reported_by_holder(agencies, None, "2021-04", merger()).tolist() == [False] * 4
