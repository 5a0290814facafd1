"""Vietnamese number and date formats (Nghị định 30/2020): '2.573', '98,62%', 'ngày 15/01/2021'."""

from __future__ import annotations

import datetime as dt

ROMAN = ["", "I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII"]


def number(n: int | float) -> str:
    """2573 -> '2.573'; 98.6 -> '98,6'; 98.62 -> '98,62'."""
    if isinstance(n, float) and not n.is_integer():
        whole, frac = f"{n:,.2f}".split(".")
        return whole.replace(",", ".") + "," + frac.rstrip("0")
    return f"{int(n):,}".replace(",", ".")


def percent(n: float) -> str:
    """98.62 -> '98,62%' (two decimals, comma)."""
    whole, frac = f"{n:,.2f}".split(".")
    return whole.replace(",", ".") + "," + frac + "%"


def two_digits(n: int) -> str:
    """Counts cited under ten take a leading zero in reports: 6 -> '06'."""
    return f"{n:02d}" if 0 <= n < 10 else number(n)


def day(d: dt.date | str | None) -> str:
    """2021-01-15 -> '15/01/2021'; None -> ''."""
    if d is None or d == "":
        return ""
    if isinstance(d, str):
        d = dt.date.fromisoformat(d[:10])
    return f"{d.day:02d}/{d.month:02d}/{d.year}"


def date_phrase(d: dt.date | str | None) -> str:
    """'ngày 15/01/2021'."""
    return f"ngày {day(d)}" if d else ""


def date_line(place: str, d: dt.date) -> str:
    """'Gia Nghĩa, ngày 05 tháng 7 năm 2021': day below 10 and months 1-2 take a leading zero."""
    month = f"{d.month:02d}" if d.month <= 2 else str(d.month)
    return f"{place}, ngày {d.day:02d} tháng {month} năm {d.year}"


def appendix_number(n: int, style: str = "arabic") -> str:
    """1 -> '01' (arabic) or 'I' (roman)."""
    return ROMAN[n] if style == "roman" else f"{n:02d}"
