"""Nghị định 30/2020 formats: numbers, rates, dates, the place-and-date line."""

from __future__ import annotations

import datetime as dt

import pytest

from taskrollup import vnformat as vn


@pytest.mark.parametrize(("n", "text"), [(2573, "2.573"), (17, "17"), (0, "0"), (1234567, "1.234.567")])
def test_number(n: int, text: str) -> None:
    """A dot for thousands."""
    assert vn.number(n) == text


@pytest.mark.parametrize(("n", "text"), [(98.62, "98,62%"), (100.0, "100,00%"), (5.5, "5,50%")])
def test_percent(n: float, text: str) -> None:
    """A comma for decimals, two decimals."""
    assert vn.percent(n) == text


@pytest.mark.parametrize(("n", "text"), [(6, "06"), (0, "00"), (17, "17"), (1268, "1.268")])
def test_two_digits(n: int, text: str) -> None:
    """Counts under ten are cited with a leading zero."""
    assert vn.two_digits(n) == text


@pytest.mark.parametrize(
    ("d", "text"),
    [(dt.date(2021, 7, 5), "Gia Nghĩa, ngày 05 tháng 7 năm 2021"),
     (dt.date(2021, 2, 15), "Gia Nghĩa, ngày 15 tháng 02 năm 2021"),
     (dt.date(2021, 12, 31), "Gia Nghĩa, ngày 31 tháng 12 năm 2021")],
)
def test_date_line(d: dt.date, text: str) -> None:
    """Day below 10 and months 1-2 take a leading zero."""
    assert vn.date_line("Gia Nghĩa", d) == text


def test_day_and_phrase() -> None:
    """'ngày 15/01/2021' from a date or ISO text."""
    assert vn.date_phrase("2021-01-15") == "ngày 15/01/2021"
    assert vn.day(dt.date(2021, 1, 5)) == "05/01/2021"
    assert vn.day(None) == ""


@pytest.mark.parametrize(("style", "text"), [("arabic", "02"), ("roman", "II")])
def test_appendix_number(style: str, text: str) -> None:
    """Appendix numbering is a setting."""
    assert vn.appendix_number(2, style) == text
