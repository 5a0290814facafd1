"""Reporting periods by name, and the errors that list the accepted forms."""

from __future__ import annotations

import datetime as dt

import pytest

from taskrollup.errors import UsageError
from taskrollup.periods import explicit_period, parse_period

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
