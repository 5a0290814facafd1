"""Rule tables for dates.py: date cells, deadlines and reporting months."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from taskrollup.dates import (
    NO_DEADLINE,
    Deadline,
    find_date,
    month_end,
    month_ends,
    parse_date,
    parse_deadline,
    parse_month,
)
from taskrollup.errors import ValueParseError

JAN_15 = date(2021, 1, 15)
JUNE_END = date(2021, 6, 30)
YEAR_END = date(2021, 12, 31)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (None, None),
        ("", None),
        ("   ", None),
        ("-", None),
        (float("nan"), None),
        (datetime(2021, 1, 15, 8, 30), JAN_15),
        (JAN_15, JAN_15),
        (44211, JAN_15),
        (44211.0, JAN_15),
        (44211.75, JAN_15),
        ("44211", JAN_15),
        ("44211.5", JAN_15),
        ("15/1/2021", JAN_15),
        ("15/01/2021", JAN_15),
        ("15-01-2021", JAN_15),
        ("15.01.2021", JAN_15),
        ("15/01/21", JAN_15),
        ("15 / 01 / 2021", JAN_15),
        ("ngày 15/01/2021", JAN_15),
        ("NGÀY 15/01/2021", JAN_15),
        ("ngày 15 tháng 01 năm 2021", JAN_15),
        ("15 tháng 1 năm 2021", JAN_15),
        ("ngay 15 thang 1 nam 2021", JAN_15),
        ("NGÀY 15 THÁNG 01 NĂM 2021", JAN_15),
        ("2021-01-15", JAN_15),
        ("2021-01-15 00:00:00", JAN_15),
        ("15/01/2021 (đã báo cáo)", JAN_15),
        ("Ngày 15/01/2021, đã gửi", JAN_15),
        ("29/02/2020", date(2020, 2, 29)),
        ("1/1/1990", date(1990, 1, 1)),
        ("31/12/2100", date(2100, 12, 31)),
    ],
)
def test_parse_date(raw: object, expected: date | None) -> None:
    """Every way a sheet writes a day reads as that day; blanks read as None."""
    assert parse_date(raw) == expected


@pytest.mark.parametrize(
    "raw",
    [
        "31/02/2021",
        "29/02/2021",
        "32/01/2021",
        "15/13/2021",
        "01/01/1900",
        "31/12/9999",
        "9999-12-31",
        datetime(1900, 1, 1),
        date(9999, 12, 31),
        0,
        -5,
        1,
        0.5,
        10**30,
        float("inf"),
        True,
        "abc",
        "Tháng 6/2021",
        "06/2021",
        "15/01",
        "✓",
    ],
)
def test_parse_date_rejects(raw: object) -> None:
    """Impossible, implausible or unreadable dates raise ValueParseError."""
    with pytest.raises(ValueParseError):
        parse_date(raw)


def test_parse_date_message_names_value() -> None:
    """The error message quotes the value so the user can find the cell."""
    with pytest.raises(ValueParseError, match=r"not a date: '31/02/2021'"):
        parse_date("31/02/2021")


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Báo cáo số 12/BC-SNN ngày 20/3/2021", date(2021, 3, 20)),
        ("không có ngày", None),
        ("số 12/2021/BC", None),
        ("Đã làm 2 3 2021 lần", None),
        ("từ 15/01/2021 đến 20/01/2021", JAN_15),
    ],
)
def test_find_date(raw: str, expected: date | None) -> None:
    """find_date returns the first written day in free text, None when there is none."""
    assert find_date(raw) == expected


def test_find_date_at_start() -> None:
    """With at_start only a day at the start of the text counts."""
    assert find_date("15/01/2021 của UBND", at_start=True) == JAN_15
    assert find_date("của UBND 15/01/2021", at_start=True) is None


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (None, NO_DEADLINE),
        ("", NO_DEADLINE),
        ("-", NO_DEADLINE),
        ("Thường xuyên", NO_DEADLINE),
        ("THƯỜNG XUYÊN", NO_DEADLINE),
        ("Thuong xuyen", NO_DEADLINE),
        ("Hằng tháng", NO_DEADLINE),
        ("Hàng tháng", NO_DEADLINE),
        ("Hằng quý", NO_DEADLINE),
        ("Hàng năm", NO_DEADLINE),
        ("Định kỳ", NO_DEADLINE),
        ("Liên tục", NO_DEADLINE),
        ("Thường xuyên, liên tục", NO_DEADLINE),
        ("Tháng 6/2021", Deadline(JUNE_END, "date")),
        ("tháng 6 năm 2021", Deadline(JUNE_END, "date")),
        ("T6/2021", Deadline(JUNE_END, "date")),
        ("06/2021", Deadline(JUNE_END, "date")),
        ("Tháng 02/2020", Deadline(date(2020, 2, 29), "date")),
        ("Quý II/2021", Deadline(JUNE_END, "date")),
        ("Quý 2/2021", Deadline(JUNE_END, "date")),
        ("Quý II năm 2021", Deadline(JUNE_END, "date")),
        ("QII/2021", Deadline(JUNE_END, "date")),
        ("Quý IV/2021", Deadline(YEAR_END, "date")),
        ("Quý I/2021", Deadline(date(2021, 3, 31), "date")),
        ("Năm 2021", Deadline(YEAR_END, "date")),
        ("Trong năm 2021", Deadline(YEAR_END, "date")),
        ("6 tháng đầu năm 2021", Deadline(JUNE_END, "date")),
        ("6 tháng cuối năm 2021", Deadline(YEAR_END, "date")),
        ("Trước ngày 30/6/2021", Deadline(JUNE_END, "date")),
        ("Chậm nhất ngày 30/6/2021", Deadline(JUNE_END, "date")),
        ("Trước 30/6/2021", Deadline(JUNE_END, "date")),
        ("Hoàn thành trước ngày 30/6/2021", Deadline(JUNE_END, "date")),
        ("30/06/2021", Deadline(JUNE_END, "date")),
        (44377, Deadline(JUNE_END, "date")),
        ("44377", Deadline(JUNE_END, "date")),
        (datetime(2021, 6, 30), Deadline(JUNE_END, "date")),
        (2021, Deadline(YEAR_END, "date")),
        ("2021", Deadline(YEAR_END, "date")),
    ],
)
def test_parse_deadline(raw: object, expected: Deadline) -> None:
    """Deadline words read as the last day of the period they name (rule 4)."""
    assert parse_deadline(raw) == expected


@pytest.mark.parametrize(
    "raw",
    ["Sớm", "Trước ngày 30/6", "Tháng 13/2021", "Quý V/2021", "Năm 1900", "31/02/2021", 0, True],
)
def test_parse_deadline_rejects(raw: object) -> None:
    """Unreadable or impossible deadlines raise ValueParseError."""
    with pytest.raises(ValueParseError):
        parse_deadline(raw)


@pytest.mark.parametrize(
    ("year", "month", "expected"),
    [
        (2021, 1, date(2021, 1, 31)),
        (2021, 2, date(2021, 2, 28)),
        (2020, 2, date(2020, 2, 29)),
        (2021, 4, date(2021, 4, 30)),
        (2021, 12, date(2021, 12, 31)),
    ],
)
def test_month_end(year: int, month: int, expected: date) -> None:
    """month_end gives the last calendar day, leap years included."""
    assert month_end(year, month) == expected


def test_month_ends_of_reporting_months() -> None:
    """Each 'YYYY-MM' gives its last day as ISO text, or that of a month after it, across years."""
    import pandas as pd

    months = pd.Series(["2021-02", "2020-02", "2021-12", "2021-02"], index=[5, 6, 7, 8])
    assert month_ends(months).tolist() == ["2021-02-28", "2020-02-29", "2021-12-31", "2021-02-28"]
    assert month_ends(months, later=1).tolist() == ["2021-03-31", "2020-03-31", "2022-01-31", "2021-03-31"]
    assert month_ends(months).index.tolist() == [5, 6, 7, 8]


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("BIỂU TỔNG HỢP KẾT QUẢ THỰC HIỆN NHIỆM VỤ THÁNG 6 NĂM 2021", (2021, 6)),
        ("tháng 06/2021", (2021, 6)),
        ("THANG 6 NAM 2021", (2021, 6)),
        ("T6-2021", (2021, 6)),
        ("Báo cáo T12/2020", (2020, 12)),
        ("inbox/2021-06/so-tai-chinh.xlsx", (2021, 6)),
        ("inbox/2021_06/STC.xls", (2021, 6)),
        ("bao_cao_t6_2021.xlsx", (2021, 6)),
        ("Gia Nghĩa, ngày 05 tháng 7 năm 2021 - BÁO CÁO THÁNG 6 NĂM 2021", (2021, 6)),
        ("BÁO CÁO 6 THÁNG ĐẦU NĂM 2021", (2021, 6)),
        ("Báo cáo Quý III/2021", (2021, 9)),
        ("202106", None),
        ("giai đoạn 2021-2025", None),
        ("tháng 13/2021", None),
        ("UBND TỈNH ĐẮK NÔNG", None),
        ("", None),
        (None, None),
    ],
)
def test_parse_month(raw: object, expected: tuple[int, int] | None) -> None:
    """The reporting month is found in a title or a path, else None."""
    assert parse_month(raw) == expected


_TOKENS = st.sampled_from(
    ["/", "-", ".", " ", "ngày", "tháng", "năm", "quý", "T", "Q", "II", "đầu", "cuối", "trước"]
)
_NOISY = st.lists(st.one_of(_TOKENS, st.integers(0, 3000).map(str)), max_size=8).map("".join)
_ANY = st.one_of(st.none(), st.text(), _NOISY, st.integers(), st.floats(), st.datetimes())


@given(_ANY)
def test_parse_date_total(value: object) -> None:
    """Any input gives a date in range, None, or a ValueParseError, nothing else."""
    try:
        result = parse_date(value)
    except ValueParseError:
        return
    assert result is None or date(1990, 1, 1) <= result <= date(2100, 12, 31)


@given(_ANY)
def test_parse_deadline_total(value: object) -> None:
    """Any input gives a Deadline or a ValueParseError, nothing else."""
    try:
        result = parse_deadline(value)
    except ValueParseError:
        return
    assert result.kind in {"date", "none"}
    assert (result.on is None) == (result.kind == "none")


@given(st.one_of(st.text(), _NOISY))
def test_parse_month_total(value: str) -> None:
    """parse_month never raises: a plausible (year, month) or None."""
    result = parse_month(value)
    assert result is None or (1990 <= result[0] <= 2100 and 1 <= result[1] <= 12)
