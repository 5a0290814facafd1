"""Reporting periods by name, and the errors that list the accepted forms."""

from __future__ import annotations

import datetime as dt

import pytest

from taskrollup.errors import UsageError
from taskrollup.periods import (
    explicit_period,
    named_periods,
    parse_period,
    report_window,
    resolve_period,
)

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
    ("text", "name", "start", "end"),
    [
        ("H1-2021", "H1-2021", D(2020, 12, 15), D(2021, 6, 14)),
        ("H2-2021", "H2-2021", D(2021, 6, 15), D(2021, 12, 14)),
        ("Q1-2021", "Q1-2021", D(2020, 12, 15), D(2021, 3, 14)),
        ("Q2-2021", "Q2-2021", D(2021, 3, 15), D(2021, 6, 14)),
        ("Q3-2021", "Q3-2021", D(2021, 6, 15), D(2021, 9, 14)),
        ("Q4-2021", "Q4-2021", D(2021, 9, 15), D(2021, 12, 14)),
        ("2021-06", "2021-06", D(2021, 5, 15), D(2021, 6, 14)),
        ("2021-01", "2021-01", D(2020, 12, 15), D(2021, 1, 14)),
        ("2021-03", "2021-03", D(2021, 2, 15), D(2021, 3, 14)),
        ("2021", "2021", D(2020, 12, 15), D(2021, 12, 14)),
    ],
)
def test_nd09_periods(text: str, name: str, start: dt.date, end: dt.date) -> None:
    """Nghị định 09/2019, Điều 12: from the 15th of the month before to the 14th; H1 and the year
    from 15 December of the year before."""
    p = parse_period(text, "nd09")
    assert (p.name, p.start, p.end, p.convention) == (name, start, end, "nd09")


def test_nd09_windows_follow_each_other() -> None:
    """Under nd09 each window begins the day after the one before ends: months, quarters, halves."""
    months = [parse_period(f"2021-{m:02d}", "nd09") for m in range(1, 13)]
    quarters = [parse_period(f"Q{q}-2021", "nd09") for q in range(1, 5)]
    halves = [parse_period(f"H{h}-2021", "nd09") for h in (1, 2)]
    for seq in (months, quarters, halves):
        assert all(b.start - a.end == dt.timedelta(days=1) for a, b in zip(seq, seq[1:], strict=False))
        assert (seq[0].start, seq[-1].end) == (parse_period("2021", "nd09").start, parse_period("2021", "nd09").end)


def test_unknown_convention() -> None:
    """A convention other than calendar or nd09 is a usage error naming both."""
    with pytest.raises(UsageError, match="calendar or nd09"):
        parse_period("H1-2021", "nd9")


@pytest.mark.parametrize(
    ("convention", "start", "end"),
    [("calendar", D(2021, 1, 1), D(2021, 6, 30)), ("nd09", D(2020, 12, 15), D(2021, 6, 14))],
)
def test_resolve_period_named(convention: str, start: dt.date, end: dt.date) -> None:
    """--period under a convention; the cut-off is the period's last day unless given."""
    when = resolve_period("H1-2021", convention, None, None)
    assert (when.period.start, when.period.end, when.as_of) == (start, end, end)
    assert resolve_period("H1-2021", convention, None, None, D(2021, 7, 5)).as_of == D(2021, 7, 5)


def test_resolve_period_from_to_overrides_the_convention() -> None:
    """--from/--to are the same days under either convention; with --period they are refused."""
    for convention in ("calendar", "nd09", None):
        when = resolve_period(None, convention, D(2021, 1, 1), D(2021, 6, 30))
        assert (when.period.start, when.period.end, when.as_of) == (D(2021, 1, 1), D(2021, 6, 30), D(2021, 6, 30))
    with pytest.raises(UsageError, match="not both"):
        resolve_period("H1-2021", "nd09", D(2021, 1, 1), D(2021, 6, 30))
    with pytest.raises(UsageError, match="--period"):
        resolve_period(None, "nd09", D(2021, 1, 1), None)


def test_options_give_the_period_again() -> None:
    """A period names the options that give it back (for hints printed to the user)."""
    assert parse_period("H1-2021").options() == "--period H1-2021"
    assert parse_period("H1-2021", "nd09").options() == "--period H1-2021 --convention nd09"
    assert explicit_period(D(2021, 3, 1), D(2021, 5, 15)).options() == "--from 2021-03-01 --to 2021-05-15"


def test_described() -> None:
    """A period in a table's title: its name, and its days when they are not the calendar's."""
    assert parse_period("H1-2021").described() == "H1-2021"
    assert parse_period("H1-2021", "nd09").described() == "H1-2021 (nd09: 15/12/2020-14/06/2021)"


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
