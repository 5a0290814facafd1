"""Reporting periods by name, and the errors that list the accepted forms."""

from __future__ import annotations

import datetime as dt

import pytest

from taskrollup.errors import UsageError
from taskrollup.periods import explicit_period, named_periods, parse_period, report_window

D = dt.date


@pytest.mark.parametrize(
    ("text", "name", "start", "end"),
    [
        ("H1-2021", "H1-2021", D(2021, 1, 1), D(2021, 6, 30)),
        ("h2-2021", "H2-2021", D(2021, 7, 1), D(2021, 12, 31)),
        ("Q1-2021", "Q1-2021", D(2021, 1, 1), D(2021, 3, 31)),
        ("Q2-2021", "Q2-2021", D(2021, 4, 1), D(2021, 6, 30)),
        ("Q4-2020", "Q4-2020", D(2020, 10, 1), D(2020, 12, 31)),
        ("2021-06", "2021-06", D(2021, 6, 1), D(2021, 6, 30)),
        ("2020-02", "2020-02", D(2020, 2, 1), D(2020, 2, 29)),
        ("2021", "2021", D(2021, 1, 1), D(2021, 12, 31)),
    ],
)
def test_parse_period(text: str, name: str, start: dt.date, end: dt.date) -> None:
    """Half years, quarters, months and years, with their first and last days."""
    p = parse_period(text)
    assert (p.name, p.start, p.end) == (name, start, end)


@pytest.mark.parametrize("text", ["S1-2021", "Q5-2021", "2021-13", "H1", "6/2021", ""])
def test_bad_period_lists_forms(text: str) -> None:
    """A period not understood is a usage error naming the accepted forms."""
    with pytest.raises(UsageError, match="H1-2021"):
        parse_period(text)


def test_explicit_period() -> None:
    """--from/--to make a period; an end before the start is refused."""
    p = explicit_period(D(2021, 3, 1), D(2021, 5, 15))
    assert (p.start, p.end) == (D(2021, 3, 1), D(2021, 5, 15))
    with pytest.raises(UsageError):
        explicit_period(D(2021, 5, 1), D(2021, 3, 1))


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (("H1-2021", None, None, None, "assigned"), ("H1-2021", D(2021, 6, 30), "assigned")),
        (("Q2-2021", None, None, D(2021, 7, 5), "due"), ("Q2-2021", D(2021, 7, 5), "due")),
        ((None, D(2021, 3, 1), D(2021, 5, 15), None, "assigned"),
         ("2021-03-01..2021-05-15", D(2021, 5, 15), "assigned")),
    ],
)
def test_report_window(args: tuple, expected: tuple) -> None:
    """report's options read once: the period, the cut-off (default: the period's end), the scope."""
    w = report_window(*args)
    assert (w.period.name, w.as_of, w.scope) == expected


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("H1-2021", D(2021, 1, 1), D(2021, 2, 1), None, "assigned"), "not both"),
        ((None, D(2021, 1, 1), None, None, "assigned"), "--period"),
        ((None, None, None, None, "assigned"), "--period"),
        (("H1-2021", None, None, None, "deadline"), "assigned or due"),
    ],
)
def test_report_window_refuses(args: tuple, message: str) -> None:
    """Both a period and dates, a lone --from, no period, an unknown scope: usage errors."""
    with pytest.raises(UsageError, match=message):
        report_window(*args)


@pytest.mark.parametrize(
    ("day", "names"),
    [(D(2021, 1, 12), ["H1-2021", "Q1-2021", "2021-01", "2021"]),
     (D(2021, 6, 30), ["H1-2021", "Q2-2021", "2021-06", "2021"]),
     (D(2020, 7, 1), ["H2-2020", "Q3-2020", "2020-07", "2020"])],
)
def test_named_periods(day: dt.date, names: list[str]) -> None:
    """The half-year, quarter, month and year a day falls in."""
    assert named_periods(day) == names
