"""Reporting periods: 'H1-2021', 'Q2-2021', '2021-06', '2021', or explicit dates; and what a
report counts (`Window`: a period, a cut-off and a scope), read from the options every command
that counts as the report does takes (`report_window`)."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from taskrollup.dates import month_end
from taskrollup.errors import UsageError

FORMS = "H1-2021, H2-2021, Q1-2021 … Q4-2021, 2021-06 (a month), 2021 (a year), or --from/--to"


@dataclass(frozen=True)
class Period:
    name: str
    start: dt.date
    end: dt.date


def parse_period(text: str) -> Period:
    """A period by name. Raises UsageError listing the accepted forms."""
    raw = text.strip().upper()
    if m := re.fullmatch(r"H([12])[-/ ]?(\d{4})", raw):
        half, year = int(m[1]), int(m[2])
        first = 1 if half == 1 else 7
        return Period(f"H{half}-{year}", dt.date(year, first, 1), month_end(year, first + 5))
    if m := re.fullmatch(r"Q([1-4])[-/ ]?(\d{4})", raw):
        q, year = int(m[1]), int(m[2])
        first = 3 * q - 2
        return Period(f"Q{q}-{year}", dt.date(year, first, 1), month_end(year, first + 2))
    if m := re.fullmatch(r"(\d{4})-(\d{1,2})", raw):
        year, month = int(m[1]), int(m[2])
        if 1 <= month <= 12:
            return Period(f"{year}-{month:02d}", dt.date(year, month, 1), month_end(year, month))
    if m := re.fullmatch(r"(\d{4})", raw):
        year = int(m[1])
        return Period(str(year), dt.date(year, 1, 1), dt.date(year, 12, 31))
    raise UsageError(f"period {text!r} not understood; accepted forms: {FORMS}")


def explicit_period(start: dt.date, end: dt.date) -> Period:
    if end < start:
        raise UsageError(f"--to {end} is before --from {start}")
    return Period(f"{start.isoformat()}..{end.isoformat()}", start, end)


SCOPES = ("assigned", "due")


@dataclass(frozen=True)
class Window:
    """What a report counts: the tasks whose assignment date (scope 'assigned', rule 1) or
    effective deadline (scope 'due') falls in `period`, each as of the cut-off `as_of` (rule 2)."""

    period: Period
    as_of: dt.date
    scope: str = "assigned"


def resolve_period(period: str | None, start: dt.date | None, end: dt.date | None) -> Period:
    """The period of `--period`, or of `--from` and `--to`."""
    if period and (start or end):
        raise UsageError("give either --period or --from/--to, not both")
    if period:
        return parse_period(period)
    if start and end:
        return explicit_period(start, end)
    raise UsageError("give --period (e.g. H1-2021) or both --from and --to")


def check_scope(scope: str) -> str:
    if scope not in SCOPES:
        raise UsageError(f"--scope {scope!r}: choose assigned or due")
    return scope


def report_window(period: str | None, start: dt.date | None = None, end: dt.date | None = None,
                  as_of: dt.date | None = None, scope: str = "assigned") -> Window:
    """The options of `report` (--period or --from/--to, --as-of, --scope), read in this one
    place for every command that counts as the report does (report, explain, verify)."""
    the_period = resolve_period(period, start, end)
    return Window(the_period, as_of or the_period.end, check_scope(scope))


def named_periods(day: dt.date) -> list[str]:
    """The periods a day falls in, by name: its half-year, quarter, month and year."""
    return [f"H{1 if day.month <= 6 else 2}-{day.year}", f"Q{(day.month - 1) // 3 + 1}-{day.year}",
            f"{day.year}-{day.month:02d}", str(day.year)]


def optional_window(period: str | None, start: dt.date | None = None, end: dt.date | None = None,
                    as_of: dt.date | None = None, scope: str = "assigned") -> Window | None:
    """report's options where a command may go without them (explain --task): None when no
    period is given; a cut-off or scope without one is a usage error."""
    if period or start or end:
        return report_window(period, start, end, as_of, scope)
    if as_of or scope != "assigned":
        raise UsageError("--as-of and --scope go with --period (or --from/--to)")
    return None
