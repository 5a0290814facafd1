"""Reporting periods: 'H1-2021', 'Q2-2021', '2021-06', '2021', or explicit dates.

A named period's days follow a convention:
- `calendar` (the default): H1-2021 is 01/01-30/06/2021, Q1 01/01-31/03, 2021-06 the month;
- `nd09`: the windows of Nghị định 09/2019/NĐ-CP, Điều 12, where a periodic report's figures
  run from the 15th of the month before to the 14th: a month from the 15th of the month before
  to its 14th; a quarter from the 15th of the month before it to the 14th of its last month;
  H1 from 15/12 of the year before to 14/06, H2 from 15/06 to 14/12; a year from 15/12 of the
  year before to 14/12.
Explicit dates (--from/--to) are the same under either. The cut-off is the period's last day
unless given.

Also what a report counts (`Window`: a period, a cut-off and a scope), read from the options every
command that counts as the report does takes (`report_window`).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from taskrollup.dates import month_end
from taskrollup.errors import UsageError

FORMS = "H1-2021, H2-2021, Q1-2021 … Q4-2021, 2021-06 (a month), 2021 (a year), or --from/--to"
CALENDAR, ND09 = "calendar", "nd09"
CONVENTIONS = (CALENDAR, ND09)
_CUT = 14  # nd09: a window ends on the 14th and the next begins on the 15th


@dataclass(frozen=True)
class Period:
    name: str
    start: dt.date
    end: dt.date
    convention: str = CALENDAR  # how a named period's days were set; explicit dates: calendar

    @property
    def named(self) -> bool:
        """True for a period given by name (H1-2021 ...), False for --from/--to."""
        return ".." not in self.name

    def described(self) -> str:
        """'H1-2021', or 'H1-2021 (nd09: 15/12/2020-14/06/2021)' when its days follow another
        convention than the calendar."""
        if self.convention == CALENDAR:
            return self.name
        return f"{self.name} ({self.convention}: {self.start:%d/%m/%Y}-{self.end:%d/%m/%Y})"

    def options(self) -> str:
        """The command-line options that give this period again."""
        if not self.named:
            return f"--from {self.start.isoformat()} --to {self.end.isoformat()}"
        return f"--period {self.name}" + (f" --convention {self.convention}" if self.convention != CALENDAR else "")


@dataclass(frozen=True)
class Reporting:
    """A report's period and its cut-off day (rule 2)."""

    period: Period
    as_of: dt.date


def check_convention(convention: str) -> str:
    """The convention, checked: 'calendar' or 'nd09'."""
    if convention not in CONVENTIONS:
        raise UsageError(f"convention {convention!r}: choose calendar or nd09 (Nghị định 09/2019/NĐ-CP)")
    return convention


def _months(first: tuple[int, int], last: tuple[int, int], convention: str) -> tuple[dt.date, dt.date]:
    """The days of the months `first` to `last` (year, month) under a convention."""
    if convention == CALENDAR:
        return dt.date(*first, 1), month_end(*last)
    year, month = first
    before = (year - 1, 12) if month == 1 else (year, month - 1)
    return dt.date(*before, _CUT + 1), dt.date(*last, _CUT)


def _named(raw: str) -> tuple[str, tuple[int, int], tuple[int, int]] | None:
    """(canonical name, first month, last month) of a period's name, or None."""
    if m := re.fullmatch(r"H([12])[-/ ]?(\d{4})", raw):
        half, year = int(m[1]), int(m[2])
        return f"H{half}-{year}", (year, 6 * half - 5), (year, 6 * half)
    if m := re.fullmatch(r"Q([1-4])[-/ ]?(\d{4})", raw):
        q, year = int(m[1]), int(m[2])
        return f"Q{q}-{year}", (year, 3 * q - 2), (year, 3 * q)
    if (m := re.fullmatch(r"(\d{4})-(\d{1,2})", raw)) and 1 <= int(m[2]) <= 12:
        year, month = int(m[1]), int(m[2])
        return f"{year}-{month:02d}", (year, month), (year, month)
    if m := re.fullmatch(r"(\d{4})", raw):
        year = int(m[1])
        return str(year), (year, 1), (year, 12)
    return None


def parse_period(text: str, convention: str = CALENDAR) -> Period:
    """A period by name, its days under `convention`. Raises UsageError listing the accepted forms."""
    found = _named(text.strip().upper())
    if found is None:
        raise UsageError(f"period {text!r} not understood; accepted forms: {FORMS}")
    name, first, last = found
    start, end = _months(first, last, check_convention(convention))
    return Period(name, start, end, convention)


def explicit_period(start: dt.date, end: dt.date) -> Period:
    if end < start:
        raise UsageError(f"--to {end} is before --from {start}")
    return Period(f"{start.isoformat()}..{end.isoformat()}", start, end)


def resolve_period(text: str | None, convention: str | None, start: dt.date | None,
                   end: dt.date | None, as_of: dt.date | None = None) -> Reporting:
    """The period and cut-off a command's options give: `--period` under `convention`
    (None: calendar), or `--from/--to`; the cut-off `as_of`, else the period's last day."""
    if text and (start or end):
        raise UsageError("give either --period or --from/--to, not both")
    if text:
        period = parse_period(text, convention or CALENDAR)
    elif start and end:
        period = explicit_period(start, end)
    else:
        raise UsageError("give --period (e.g. H1-2021) or both --from and --to")
    return Reporting(period, as_of or period.end)


SCOPES = ("assigned", "due")


@dataclass(frozen=True)
class Window:
    """What a report counts: the tasks whose assignment date (scope 'assigned', rule 1) or
    effective deadline (scope 'due') falls in `period`, each as of the cut-off `as_of` (rule 2)."""

    period: Period
    as_of: dt.date
    scope: str = "assigned"


def check_scope(scope: str) -> str:
    if scope not in SCOPES:
        raise UsageError(f"--scope {scope!r}: choose assigned or due")
    return scope


def report_window(period: str | None, start: dt.date | None = None, end: dt.date | None = None,
                  as_of: dt.date | None = None, scope: str = "assigned", convention: str | None = None) -> Window:
    """The options of `report` (--period or --from/--to, --as-of, --scope), read in this one
    place for every command that counts as the report does (report, explain, verify)."""
    reporting = resolve_period(period, convention, start, end, as_of)
    return Window(reporting.period, reporting.as_of, check_scope(scope))


def named_periods(day: dt.date) -> list[str]:
    """The periods a day falls in, by name: its half-year, quarter, month and year."""
    return [f"H{1 if day.month <= 6 else 2}-{day.year}", f"Q{(day.month - 1) // 3 + 1}-{day.year}",
            f"{day.year}-{day.month:02d}", str(day.year)]


def optional_window(period: str | None, start: dt.date | None = None, end: dt.date | None = None,
                    as_of: dt.date | None = None, scope: str = "assigned",
                    convention: str | None = None) -> Window | None:
    """report's options where a command may go without them (explain --task): None when no
    period is given; a cut-off or scope without one is a usage error."""
    if period or start or end:
        return report_window(period, start, end, as_of, scope, convention)
    if as_of or scope != "assigned":
        raise UsageError("--as-of and --scope go with --period (or --from/--to)")
    return None
