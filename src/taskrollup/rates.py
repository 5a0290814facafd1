"""Percentages as reports print them. Pure.

A stated rate holds when its digits are the exact value rounded (half up) or truncated to the
decimals it shows: published reports do both ("16.051 / 16.274 = 98,6297 %" is printed
"98,62%"). A rate is over a basis: all tasks assigned, assigned less cancelled, the tasks that
have fallen due (done + not done and overdue), or its parent figure (on time over done).
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal
from fractions import Fraction

ROUNDED = "rounded"
TRUNCATED = "truncated"
EITHER = "rounded or truncated"
BASIS_TEXT = {
    "all": "over all tasks assigned",
    "net": "over tasks assigned less cancelled",
    "due": "over tasks fallen due (done + overdue)",
    "parent": "over its parent figure",
}
_PARENT = {"done_on_time": "done", "done_late": "done", "not_done_in_time": "not_done",
           "not_done_overdue": "not_done"}


def decimals(raw: str) -> int:
    """Decimals a stated rate shows: '98,62%' -> 2, '3%' -> 0."""
    return len(raw.replace("%", "").strip().partition(",")[2])


def stated(raw: str) -> Decimal:
    return Decimal(raw.replace("%", "").strip().replace(".", "").replace(",", "."))


def exact(count: int, base: int) -> Fraction:
    return Fraction(100 * count, base)


def shown(value: Fraction, places: int, mode: str) -> Decimal:
    """The value as printed with `places` decimals, rounded half up or truncated."""
    quantum = Decimal(1).scaleb(-places)
    decimal = Decimal(value.numerator) / Decimal(value.denominator)
    return decimal.quantize(quantum, rounding=ROUND_HALF_UP if mode == ROUNDED else ROUND_DOWN)


def reading(raw: str, count: int, base: int) -> str | None:
    """How the digits shown read count / base: rounded, truncated, either, or None."""
    if base <= 0:
        return None
    value, places, want = exact(count, base), decimals(raw), stated(raw)
    rounded = shown(value, places, ROUNDED) == want
    truncated = shown(value, places, TRUNCATED) == want
    if rounded and truncated:
        return EITHER
    return ROUNDED if rounded else TRUNCATED if truncated else None


def printed(count: int, base: int, places: int) -> str:
    """'98,63%' or '98,62% rounded / 98,62% truncated' when the two readings differ."""
    value = exact(count, base)
    rounded, truncated = (_vn(shown(value, places, m)) for m in (ROUNDED, TRUNCATED))
    return rounded if rounded == truncated else f"{rounded} rounded, {truncated} truncated"


def _vn(value: Decimal) -> str:
    whole, _, frac = f"{value:f}".partition(".")
    grouped = f"{int(whole):,}".replace(",", ".")
    return f"{grouped},{frac}%" if frac else f"{grouped}%"


def bases(figures: Mapping[str, int], of: str) -> dict[str, int]:
    """The bases computable from these figures for a rate of `of`: basis -> its value."""
    out: dict[str, int] = {}
    if "assigned" in figures:
        out["all"] = figures["assigned"]
        if "cancelled" in figures:
            out["net"] = figures["assigned"] - figures["cancelled"]
    if "due" in figures:
        out["due"] = figures["due"]
    elif "done" in figures and "not_done_overdue" in figures:
        out["due"] = figures["done"] + figures["not_done_overdue"]
    parent = _PARENT.get(of)
    if parent and parent in figures:
        out["parent"] = figures[parent]
    return out


def candidates(figures: Mapping[str, int], of: str) -> dict[str, int]:
    """The bases to try for a rate whose text names none: "less cancelled" only when some are."""
    out = bases(figures, of)
    if out.get("net") == out.get("all"):
        out.pop("net", None)
    return out


def complete(figures: Mapping[str, int]) -> dict[str, int]:
    """The figures with those that follow from them: a whole from its two parts, and no
    cancelled task when the total is exactly done + not done."""
    out = dict(figures)
    for whole, parts in (("done", ("done_on_time", "done_late")),
                         ("not_done", ("not_done_in_time", "not_done_overdue"))):
        if whole not in out and all(p in out for p in parts):
            out[whole] = sum(out[p] for p in parts)
    if "cancelled" not in out and {"assigned", "done", "not_done"} <= set(out) \
            and out["assigned"] == out["done"] + out["not_done"]:
        out["cancelled"] = 0
    return out
