"""Counting rules 1-7 and 9 on hand-built tasks whose answers were worked out by hand."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from taskrollup.figures import (
    CENTRAL,
    FIGURE_KEYS,
    HEADLINE,
    Group,
    compute,
    count,
    membership,
    outcomes,
    scoped,
)
from taskrollup.periods import parse_period

H1 = parse_period("H1-2021")
JUNE_30 = dt.date(2021, 6, 30)


def task(**kw: object) -> dict[str, object]:
    """One resolved task; defaults: provincial, assigned 2021-03-01, not done, no deadline."""
    base: dict[str, object] = {
        "task_id": "t", "source_id": "1/UBND-KT", "authority": "provincial", "agency": "Sở Y tế",
        "content": "Việc A",
        "assigned_on": "2021-03-01", "deadline": None, "extended_deadline": None,
        "state": "not_done", "timing": None, "extension_requested": False, "completed_on": None,
        "completed_derived": False, "cancelled_on": None, "secret": False,
    }
    base.update(kw)
    base["effective_deadline"] = base["extended_deadline"] or base["deadline"]
    base["no_deadline"] = base["effective_deadline"] is None
    return base


def outcome_of(as_of: dt.date = JUNE_30, **kw: object) -> str:
    return outcomes(pd.DataFrame([task(**kw)]), as_of).iloc[0]


@pytest.mark.parametrize(
    ("kw", "expected"),
    [
        # Rule 4: the deadline day itself is in time; the day after is overdue.
        ({"deadline": "2021-06-30"}, "not_done_in_time"),
        ({"deadline": "2021-06-29"}, "not_done_overdue"),
        # Rule 4: an extended deadline replaces the original.
        ({"deadline": "2021-05-31", "extended_deadline": "2021-07-31"}, "not_done_in_time"),
        # Rule 4: no deadline is never overdue.
        ({"deadline": None}, "not_done_in_time"),
        # Rule 3: done on the deadline day is on time; the day after is late.
        ({"deadline": "2021-05-31", "state": "done", "completed_on": "2021-05-31"}, "done_on_time"),
        ({"deadline": "2021-05-31", "state": "done", "completed_on": "2021-06-01"}, "done_late"),
        ({"deadline": "2021-05-31", "extended_deadline": "2021-06-15", "state": "done",
          "completed_on": "2021-06-10"}, "done_on_time"),
        ({"deadline": None, "state": "done", "completed_on": "2021-06-10"}, "done_on_time"),
        # Rule 2: finished after the cut-off is not done in this report.
        ({"deadline": "2021-06-15", "state": "done", "completed_on": "2021-07-02"}, "not_done_overdue"),
        ({"deadline": "2021-12-31", "state": "done", "completed_on": "2021-07-02"}, "not_done_in_time"),
        # Rule 3: a derived completion date (month end) defers to the status words.
        ({"deadline": "2021-06-20", "state": "done", "completed_on": "2021-06-30",
          "completed_derived": True, "timing": "on_time"}, "done_on_time"),
        ({"deadline": "2021-06-30", "state": "done", "completed_on": "2021-06-30",
          "completed_derived": True, "timing": "late"}, "done_late"),
        ({"deadline": "2021-06-20", "state": "done", "completed_on": "2021-06-30",
          "completed_derived": True, "timing": None}, "done_late"),
        # Rule 5: cancelled on or before D; cancelled after D is still open.
        ({"deadline": "2021-05-31", "state": "cancelled", "cancelled_on": "2021-06-30"}, "cancelled"),
        ({"deadline": "2021-05-31", "state": "cancelled", "cancelled_on": "2021-07-01"}, "not_done_overdue"),
    ],
)
def test_outcome_rules(kw: dict[str, object], expected: str) -> None:
    """Each task's outcome as of 30/06/2021 follows rules 2-5."""
    assert outcome_of(**kw) == expected


def test_cut_off_moves_the_outcome() -> None:
    """The same task is open and in time on 25/06, done on 30/06 (rule 2)."""
    kw = {"deadline": "2021-06-28", "state": "done", "completed_on": "2021-06-27"}
    assert outcome_of(dt.date(2021, 6, 25), **kw) == "not_done_in_time"
    assert outcome_of(JUNE_30, **kw) == "done_on_time"


def hand_set() -> pd.DataFrame:
    """Eight tasks: 6 provincial in H1, 1 central in H1, 1 provincial assigned in July."""
    rows = [
        task(task_id="a", deadline="2021-06-30", state="done", completed_on="2021-06-01", secret=True),
        task(task_id="b", deadline="2021-04-30", state="done", completed_on="2021-05-03"),
        task(task_id="c", deadline="2021-12-31", extension_requested=True),
        task(task_id="d", deadline="2021-05-31", agency="Sở Tài chính"),
        task(task_id="e", deadline=None, agency="Sở Tài chính", state="cancelled", cancelled_on="2021-04-01"),
        task(task_id="f", deadline=None, agency="Sở Tài chính", assigned_on="2021-01-01"),
        task(task_id="g", source_id="01/NQ-CP", authority="central", deadline="2021-12-31"),
        task(task_id="h", assigned_on="2021-07-01", deadline="2021-07-31"),
    ]
    return pd.DataFrame(rows)


def test_totals_hand_worked() -> None:
    """Six provincial H1 tasks: 2 done (1 late), 3 open (1 overdue), 1 cancelled; the July task is out."""
    figures = compute(hand_set(), H1, JUNE_30)
    t = figures.totals
    assert (t["assigned"], t["secret"], t["done"], t["done_on_time"], t["done_late"]) == (6, 1, 2, 1, 1)
    assert (t["not_done"], t["not_done_in_time"], t["not_done_overdue"]) == (3, 2, 1)
    assert (t["extension_requested"], t["cancelled"], t["no_deadline"]) == (1, 1, 2)
    assert t["assigned"] == t["done"] + t["not_done"] + t["cancelled"]
    assert t["completion_rate"] == 40.0  # 2 / (6 - 1)
    assert t["due_rate"] == pytest.approx(66.67)  # 2 / (2 + 1)


def test_central_counted_apart() -> None:
    """Rule 9: the Government's task is in `central`, not in the headline."""
    c = compute(hand_set(), H1, JUNE_30).central
    assert (c["assigned"], c["not_done_in_time"]) == (1, 1)


def test_by_agency_adds_up_to_totals() -> None:
    """The rows of by_agency add up to totals, figure by figure."""
    figures = compute(hand_set(), H1, JUNE_30)
    for key in ("assigned", "done", "not_done", "cancelled", "secret", "not_done_overdue"):
        assert sum(a[key] for a in figures.by_agency) == figures.totals[key]
    assert [a["agency"] for a in figures.by_agency] == ["Sở Tài chính", "Sở Y tế"]


def test_membership_hand_worked() -> None:
    """Each task's 0/1 row says which figures it counts in, worked by hand (as of 30/06/2021)."""
    frame = scoped(hand_set(), H1, JUNE_30)
    rows = membership(frame).set_index(frame["task_id"])
    assert list(rows.columns) == FIGURE_KEYS
    counted = {t: sorted(k for k in FIGURE_KEYS if rows.loc[t, k]) for t in rows.index}
    assert counted == {
        "a": ["assigned", "done", "done_on_time", "secret"],
        "b": ["assigned", "done", "done_late"],
        "c": ["assigned", "extension_requested", "not_done", "not_done_in_time"],
        "d": ["assigned", "not_done", "not_done_overdue"],
        "e": ["assigned", "cancelled", "no_deadline"],
        "f": ["assigned", "no_deadline", "not_done", "not_done_in_time"],
        "g": ["assigned", "not_done", "not_done_in_time"],
    }


def test_every_figure_is_the_sum_of_its_membership_column() -> None:
    """totals, central, by_agency and by_source are the sums of `membership` over their group's tasks."""
    figures = compute(hand_set(), H1, JUNE_30)
    frame = scoped(hand_set(), H1, JUNE_30)
    members = membership(frame)
    groups = [(HEADLINE, figures.totals), (CENTRAL, figures.central),
              *((Group(agency=str(a["agency"])), a) for a in figures.by_agency),
              *((Group(source=str(s["source"])), s) for s in figures.by_source)]
    for group, figure in groups:
        sums = members[group.mask(frame)].sum()
        assert {k: int(sums[k]) for k in FIGURE_KEYS} == {k: figure[k] for k in FIGURE_KEYS}, group


def test_scope_due() -> None:
    """Rule 1's option: scope 'due' counts tasks whose effective deadline falls in the period."""
    q2 = parse_period("Q2-2021")
    f = compute(hand_set(), q2, JUNE_30, scope="due")
    # a (30/06), b (30/04), d (31/05) fall due in Q2.
    assert f.totals["assigned"] == 3


def test_count_empty() -> None:
    """No tasks: every figure is zero."""
    empty = pd.DataFrame([task()]).iloc[0:0].assign(outcome=[])
    assert set(count(empty).values()) == {0}


def test_extension_counted_only_among_not_done() -> None:
    """Rule 6: an extension request counts among the not-done tasks, not on a done or cancelled one."""
    tasks = pd.DataFrame([
        task(task_id="a", deadline="2021-12-31", extension_requested=True),
        task(task_id="b", deadline="2021-05-31", extension_requested=True),  # overdue, still asked
        task(task_id="c", deadline="2021-05-31", state="done", completed_on="2021-05-20",
             extension_requested=True),
        task(task_id="d", deadline="2021-05-31", state="cancelled", cancelled_on="2021-05-01",
             extension_requested=True),
    ])
    figures = compute(tasks, H1, JUNE_30)
    assert figures.totals["extension_requested"] == 2
    assert figures.by_source[0]["extension_requested"] == 2


def test_by_source_of_undated_tasks_has_no_assignment_date() -> None:
    """Scope 'due' counts a task with no assignment date; its document's date is None (not NaN,
    which JSON cannot carry)."""
    import datetime as dt

    import pandas as pd

    from taskrollup.figures import compute
    from taskrollup.periods import parse_period

    tasks = pd.DataFrame([{
        "task_id": "a", "source_id": "1/UBND", "authority": "provincial", "agency": "Sở Y tế",
        "assigned_on": None, "effective_deadline": "2021-03-01", "state": "not_done", "cancelled_on": None,
        "completed_on": None, "completed_derived": False, "timing": None, "secret": False,
        "extension_requested": False, "no_deadline": False}])
    f = compute(tasks, parse_period("H1-2021"), dt.date(2021, 6, 30), scope="due")
    assert [(s["source"], s["assigned_on"], s["not_done_overdue"]) for s in f.by_source] == [("1/UBND", None, 1)]


# Hand-worked membership of each boundary day: calendar H1-2021 is 01/01-30/06/2021, nd09 H1-2021
# (Nghị định 09/2019) is 15/12/2020-14/06/2021; H2-2020 and H2-2021 around it.
@pytest.mark.parametrize(
    ("assigned", "calendar", "nd09"),
    [
        ("2020-12-14", "H2-2020", "H2-2020"),
        ("2020-12-15", "H2-2020", "H1-2021"),
        ("2020-12-31", "H2-2020", "H1-2021"),
        ("2021-01-01", "H1-2021", "H1-2021"),
        ("2021-06-14", "H1-2021", "H1-2021"),
        ("2021-06-15", "H1-2021", "H2-2021"),
        ("2021-06-30", "H1-2021", "H2-2021"),
        ("2021-07-01", "H2-2021", "H2-2021"),
    ],
)
def test_boundary_days_of_the_half_years(assigned: str, calendar: str, nd09: str) -> None:
    """A task assigned on a boundary day counts in exactly one half-year under each convention:
    14/12 and 15/12, 14/06 and 15/06 fall on either side of the nd09 cut, not of the calendar's."""
    tasks = pd.DataFrame([task(assigned_on=assigned)])
    for convention, expected in (("calendar", calendar), ("nd09", nd09)):
        counted = [name for name in ("H2-2020", "H1-2021", "H2-2021")
                   if compute(tasks, parse_period(name, convention)).totals["assigned"] == 1]
        assert counted == [expected], convention


@pytest.mark.parametrize(
    ("assigned", "q1_calendar", "q1_nd09", "june_calendar", "june_nd09"),
    [
        ("2020-12-14", 0, 0, 0, 0),
        ("2020-12-15", 0, 1, 0, 0),
        ("2021-03-14", 1, 1, 0, 0),
        ("2021-03-15", 1, 0, 0, 0),
        ("2021-05-14", 0, 0, 0, 0),
        ("2021-05-15", 0, 0, 0, 1),
        ("2021-06-14", 0, 0, 1, 1),
        ("2021-06-15", 0, 0, 1, 0),
    ],
)
def test_boundary_days_of_quarters_and_months(assigned: str, q1_calendar: int, q1_nd09: int,
                                              june_calendar: int, june_nd09: int) -> None:
    """Q1-2021 and 2021-06 at their boundary days: nd09 runs from the 15th of the month before to the 14th."""
    tasks = pd.DataFrame([task(assigned_on=assigned)])

    def assigned_in(name: str, convention: str) -> int:
        return int(compute(tasks, parse_period(name, convention)).totals["assigned"])

    assert (assigned_in("Q1-2021", "calendar"), assigned_in("Q1-2021", "nd09")) == (q1_calendar, q1_nd09)
    assert (assigned_in("2021-06", "calendar"), assigned_in("2021-06", "nd09")) == (june_calendar, june_nd09)


@pytest.mark.parametrize(
    ("kw", "calendar", "nd09"),
    [
        # Done on the nd09 cut-off day counts as done; the day after, not yet (rule 2).
        ({"deadline": "2021-06-30", "state": "done", "completed_on": "2021-06-14"}, "done_on_time", "done_on_time"),
        ({"deadline": "2021-06-30", "state": "done", "completed_on": "2021-06-15"}, "done_on_time", "not_done_in_time"),
        # A deadline on 14/06 is in time on 14/06 (rule 4), overdue by 30/06.
        ({"deadline": "2021-06-14"}, "not_done_overdue", "not_done_in_time"),
        ({"deadline": "2021-06-13"}, "not_done_overdue", "not_done_overdue"),
        ({"deadline": "2021-06-15"}, "not_done_overdue", "not_done_in_time"),
        # Cancelled on 15/06: cancelled as of 30/06, still open as of 14/06 (rule 5).
        ({"deadline": "2021-12-31", "state": "cancelled", "cancelled_on": "2021-06-15"}, "cancelled", "not_done_in_time"),
    ],
)
def test_cut_off_is_the_periods_last_day(kw: dict[str, object], calendar: str, nd09: str) -> None:
    """H1-2021's cut-off: 30/06/2021 for the calendar, 14/06/2021 under nd09; statuses as of that day."""
    tasks = pd.DataFrame([task(**kw)])
    for convention, expected in (("calendar", calendar), ("nd09", nd09)):
        period = parse_period("H1-2021", convention)
        f = compute(tasks, period)
        assert f.as_of == period.end
        assert f.totals[expected] == 1, convention
