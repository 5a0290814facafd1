"""Reporting periods: 'H1-2021', 'Q2-2021', '2021-06', '2021', or explicit dates."""

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
