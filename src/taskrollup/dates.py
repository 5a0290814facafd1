"""Dates as the sheets write them: Excel serials, day-first text, words, deadline phrases.

Text is matched on a *date key*: `clean` text without accents and lower-cased, with its
punctuation kept. Accents and case never matter ("Tháng", "THANG", "thang" are one word),
but separators do: "15/01/2021" is a date where "15 01 2021" inside a note is just numbers.

Every day read is checked against the plausible range 1990-01-01..2100-12-31; anything
outside it, or an impossible day such as 31/02/2021, raises `ValueParseError`.
"""

from __future__ import annotations

import calendar
import math
import numbers
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING

from taskrollup import problems
from taskrollup.errors import ValueParseError
from taskrollup.text import clean, fold, is_blank, strip_accents

if TYPE_CHECKING:  # only named in annotations: reading a date never loads pandas
    import pandas as pd

EARLIEST = date(1990, 1, 1)
LATEST = date(2100, 12, 31)

# Excel's 1900 date system: serial 1 is 1900-01-01, and the fictitious 29/02/1900 makes
# every serial after 60 one day late, so counting from 30/12/1899 is right in our range.
_EXCEL_EPOCH = date(1899, 12, 30)
_SERIAL_MIN = (EARLIEST - _EXCEL_EPOCH).days
_SERIAL_MAX = (LATEST - _EXCEL_EPOCH).days

_SERIAL_TEXT = re.compile(r"[0-9]+(?:\.[0-9]+)?")

# Day-first with one separator used twice: 15/1/2021, 15-01-2021, 15.01.2021, 15/01/21.
_DMY = re.compile(
    r"(?<![0-9/.\-])([0-9]{1,2})\s*([/.\-])\s*([0-9]{1,2})\s*\2\s*([0-9]{4}|[0-9]{2})(?![0-9])"
)
# Year first is unambiguous: 2021-01-15, 2021/01/15.
_YMD = re.compile(
    r"(?<![0-9/.\-])([0-9]{4})\s*([/.\-])\s*([0-9]{1,2})\s*\2\s*([0-9]{1,2})(?![0-9])"
)
# Words: "ngày 15 tháng 01 năm 2021", "15 tháng 1 năm 2021", "15 tháng 1/2021".
_WORDS = re.compile(
    r"(?<![0-9])([0-9]{1,2})\s+thang\s+([0-9]{1,2})(?:\s*,?\s*nam\s*|\s*[/.\-]\s*)([0-9]{4})(?![0-9])"
)

# Deadline words, all read as the last day of the period they name.
_RECURRING = re.compile(
    r"\b(?:thuong xuyen|lien tuc|dinh ky|hang (?:ngay|tuan|thang|quy|nam)"
    r"|khong (?:co )?thoi han)\b"
)
_HALF_YEAR = re.compile(
    r"(?<![0-9])([0-9]{1,2})\s+thang\s+(dau|cuoi)\s+nam\s*[/.\-]?\s*([0-9]{4})(?![0-9])"
)
_QUARTER = re.compile(
    r"(?<![a-z0-9])(?:quy|q)\s*(iv|iii|ii|i|[1-4])(?![a-z0-9])\s*[/.\-,]?\s*(?:nam\s*)?([0-9]{4})(?![0-9])"
)
_MONTH = re.compile(
    r"(?<![a-z0-9])(?:thang|t)\s*([0-9]{1,2})\s*[/.\-_,]?\s*(?:nam\s*)?([0-9]{4})(?![0-9])"
)
_BARE_MONTH = re.compile(r"(?<![0-9/.\-])([0-9]{1,2})\s*[/.\-]\s*([0-9]{4})(?![0-9])")
_YEAR = re.compile(r"(?<![a-z0-9])nam\s*[/.\-]?\s*([0-9]{4})(?![0-9])")
# Paths and file names: 2021-06, 2021_06 (never 202106: too easy to misread).
_PATH_MONTH = re.compile(r"(?<![0-9])([0-9]{4})[-_]([0-9]{1,2})(?![0-9])")
# "ngày 05 tháng 7 năm 2021" in a title is a signing date, not the reporting month.
_DAY_BEFORE = re.compile(r"ngay\s*[0-9]{1,2}\s*$")

_ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4}


@dataclass(frozen=True)
class Deadline:
    """A deadline as read: `kind` is "date" (a real day in `on`) or "none" (no deadline)."""

    on: date | None
    kind: str


NO_DEADLINE = Deadline(None, "none")


# --- shared helpers ---------------------------------------------------------------------


def _key(value: object) -> str:
    """Matching key for dates: no accents, lower case, punctuation kept."""
    return strip_accents(clean(value)).lower()


def _out_of_range(shown: object) -> ValueParseError:
    """The error for a day outside 1990..2100."""
    return ValueParseError(problems.DATE_OUT_OF_RANGE, value=f"{shown}")


def _checked(day: date, shown: object) -> date:
    """`day` when it lies in the plausible range, else ValueParseError."""
    if not EARLIEST <= day <= LATEST:
        raise _out_of_range(shown)
    return day


def _make_date(year: int, month: int, day: int, shown: object) -> date:
    """A checked date from parts; an impossible day raises ValueParseError."""
    try:
        made = date(year, month, day)
    except ValueError:
        raise ValueParseError(problems.NOT_A_DATE, value=f"{shown}") from None
    return _checked(made, shown)


def month_end(year: int, month: int) -> date:
    """Last day of a month: month_end(2021, 2) == date(2021, 2, 28)."""
    return date(year, month, calendar.monthrange(year, month)[1])


def month_ends(months: pd.Series, later: int = 0) -> pd.Series:
    """The last day, as ISO text, of each reporting month of a Series ('2021-06' ->
    '2021-06-30'); with `later`, of the month that many months after it. Each distinct
    month is worked out once."""
    return months.map({month: _month_end_text(month, later) for month in months.unique()})


def _month_end_text(month: str, later: int) -> str:
    """`month_ends` of one 'YYYY-MM'."""
    year, index = divmod(int(month[:4]) * 12 + int(month[5:7]) - 1 + later, 12)
    return month_end(year, index + 1).isoformat()


def _checked_month_end(year: int, month: int, shown: object) -> date:
    """month_end for parts read from text, with range and month checks."""
    if not 1 <= month <= 12:
        raise ValueParseError(problems.NOT_A_MONTH, value=f"{shown}")
    return _checked(month_end(year, month), shown)


# --- days -------------------------------------------------------------------------------


def from_serial(number: numbers.Real) -> date:
    """Excel serial (1900 system) to a date; the fractional part (time) is ignored."""
    if isinstance(number, numbers.Integral):
        days = int(number)
    else:
        as_float = float(number)
        if not math.isfinite(as_float):
            raise ValueParseError(problems.NOT_A_DATE, value=f"{number}")
        days = math.floor(as_float)
    if not _SERIAL_MIN <= days <= _SERIAL_MAX:
        raise _out_of_range(number)
    return _EXCEL_EPOCH + timedelta(days=days)


def _parts(match: re.Match[str]) -> tuple[int, int, int]:
    """(year, month, day) from a _DMY, _YMD or _WORDS match."""
    if match.re is _YMD:
        return int(match[1]), int(match[3]), int(match[4])
    if match.re is _DMY:
        year = match[4]
        full = int(year) + 2000 if len(year) == 2 else int(year)
        return full, int(match[3]), int(match[1])
    return int(match[3]), int(match[2]), int(match[1])


def _first_day_match(key: str, at_start: bool) -> re.Match[str] | None:
    """The earliest day-like match in a date key (only at position 0 when at_start)."""
    found = [
        pattern.match(key) if at_start else pattern.search(key) for pattern in (_DMY, _YMD, _WORDS)
    ]
    hits = [match for match in found if match is not None]
    return min(hits, key=lambda match: match.start(), default=None)


def find_date(value: object, *, at_start: bool = False) -> date | None:
    """First day written in a text ("... ngày 20/3/2021)" -> 2021-03-20), None if none.

    A day-like text that is impossible or out of range raises ValueParseError.
    With `at_start`, only a day at the very beginning of the text counts.
    """
    key = _key(value)
    match = _first_day_match(key, at_start)
    if match is None:
        return None
    year, month, day = _parts(match)
    return _make_date(year, month, day, clean(value))


def parse_date(value: object) -> date | None:
    """One date cell: Excel date, serial number, or day-first text; None when blank."""
    if is_blank(value):
        return None
    if isinstance(value, datetime):
        return _checked(value.date(), value)
    if isinstance(value, date):
        return _checked(value, value)
    if isinstance(value, bool):
        raise ValueParseError(problems.NOT_A_DATE, value=f"{value}")
    if isinstance(value, numbers.Real):
        return from_serial(value)
    text = clean(value)
    if _SERIAL_TEXT.fullmatch(text):
        return from_serial(float(text))
    found = find_date(text)
    if found is None:
        raise ValueParseError(problems.NOT_A_DATE, value=text)
    return found


# --- deadlines --------------------------------------------------------------------------


def _half_year_end(key: str, shown: str) -> date | None:
    """'6 tháng đầu năm 2021' -> 30/06/2021; '6 tháng cuối năm 2021' -> 31/12/2021."""
    match = _HALF_YEAR.search(key)
    if match is None:
        return None
    month = 12 if match[2] == "cuoi" else int(match[1])
    return _checked_month_end(int(match[3]), month, shown)


def _quarter_end(key: str, shown: str) -> date | None:
    """'Quý II/2021', 'QII/2021', 'Quý 2 năm 2021' -> 30/06/2021."""
    match = _QUARTER.search(key)
    if match is None:
        return None
    quarter = _ROMAN.get(match[1]) or int(match[1])
    return _checked_month_end(int(match[2]), quarter * 3, shown)


def _month_end_in(key: str, shown: str) -> date | None:
    """'Tháng 6/2021', 'tháng 6 năm 2021', 'T6/2021', '06/2021' -> 30/06/2021."""
    match = _MONTH.search(key) or _BARE_MONTH.search(key)
    if match is None:
        return None
    return _checked_month_end(int(match[2]), int(match[1]), shown)


def _year_end(key: str, shown: str) -> date | None:
    """'Năm 2021', 'trong năm 2021' -> 31/12/2021."""
    match = _YEAR.search(key)
    if match is None:
        return None
    return _checked_month_end(int(match[1]), 12, shown)


_PERIOD_READERS: tuple[Callable[[str, str], date | None], ...] = (
    _half_year_end,
    _quarter_end,
    _month_end_in,
    _year_end,
)


def _bare_year(number: numbers.Real) -> int | None:
    """The year a whole number 1990..2100 names, else None."""
    if isinstance(number, numbers.Integral):
        whole = int(number)
    else:
        as_float = float(number)
        if not as_float.is_integer():
            return None
        whole = int(as_float)
    return whole if EARLIEST.year <= whole <= LATEST.year else None


def _deadline_from_number(number: numbers.Real) -> Deadline:
    """A number in a deadline cell: a bare year 1990..2100 means its last day, else a serial."""
    year = _bare_year(number)
    if year is not None:
        return Deadline(date(year, 12, 31), "date")
    return Deadline(from_serial(number), "date")


def _deadline_from_text(text: str) -> Deadline:
    """A deadline written as words or a day-first date."""
    if _RECURRING.search(fold(text)):
        return NO_DEADLINE
    if _SERIAL_TEXT.fullmatch(text):
        return _deadline_from_number(float(text))
    day = find_date(text)
    if day is not None:
        return Deadline(day, "date")
    key = _key(text)
    for reader in _PERIOD_READERS:
        end = reader(key, text)
        if end is not None:
            return Deadline(end, "date")
    raise ValueParseError(problems.NOT_A_DEADLINE, value=text)


def parse_deadline(value: object) -> Deadline:
    """One deadline cell: a day, a period read as its last day, or no deadline."""
    if is_blank(value):
        return NO_DEADLINE
    if isinstance(value, date):
        return Deadline(parse_date(value), "date")
    if isinstance(value, bool):
        raise ValueParseError(problems.NOT_A_DEADLINE, value=f"{value}")
    if isinstance(value, numbers.Real):
        return _deadline_from_number(value)
    return _deadline_from_text(clean(value))


# --- reporting month --------------------------------------------------------------------


def _valid_month(year: int, month: int) -> tuple[int, int] | None:
    """(year, month) when both are plausible, else None."""
    if 1 <= month <= 12 and EARLIEST.year <= year <= LATEST.year:
        return year, month
    return None


def _month_in_words(key: str) -> tuple[int, int] | None:
    """'THÁNG 6 NĂM 2021', 'tháng 06/2021', 'T6-2021', skipping 'ngày 5 tháng 7 năm 2021'."""
    for match in _MONTH.finditer(key):
        if _DAY_BEFORE.search(key, 0, match.start()):
            continue
        found = _valid_month(int(match[2]), int(match[1]))
        if found:
            return found
    return None


def _month_in_path(key: str) -> tuple[int, int] | None:
    """'2021-06' or '2021_06' as in folder and file names."""
    for match in _PATH_MONTH.finditer(key):
        found = _valid_month(int(match[1]), int(match[2]))
        if found:
            return found
    return None


def _month_of_period(key: str) -> tuple[int, int] | None:
    """Last month of a half year or quarter named in a title ('6 tháng đầu năm 2021')."""
    for reader in (_half_year_end, _quarter_end):
        try:
            end = reader(key, key)
        except ValueParseError:
            continue
        if end is not None:
            return end.year, end.month
    return None


def parse_month(text: object) -> tuple[int, int] | None:
    """Reporting (year, month) named in a sheet title or a path; None when there is none."""
    key = _key(text)
    for reader in (_month_in_words, _month_in_path, _month_of_period):
        found = reader(key)
        if found:
            return found
    return None
