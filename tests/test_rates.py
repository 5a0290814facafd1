"""Rates as reports print them: rounded or truncated to the digits shown, over a basis."""

from __future__ import annotations

import pytest

from taskrollup.rates import (
    EITHER,
    ROUNDED,
    TRUNCATED,
    bases,
    candidates,
    complete,
    printed,
    reading,
)


@pytest.mark.parametrize(("raw", "count", "base", "expected"), [
    ("98,62%", 16051, 16274, TRUNCATED),  # 98,6297: the Government Office's report truncates
    ("98,63%", 16051, 16274, ROUNDED),
    ("88,32%", 2268, 2568, ROUNDED),  # 88,3178
    ("86,11%", 31, 36, EITHER),  # 86,1111
    ("80,3%", 7892, 9831, ROUNDED),  # 80,277
    ("3%", 245, 8196, ROUNDED),  # 2,989
    ("2,2%", 96, 4210, TRUNCATED),  # 2,280
    ("100%", 5, 5, EITHER),
    ("98,6%", 16051, 16274, EITHER),
    ("98,64%", 16051, 16274, None),
    ("50%", 1, 0, None),  # no base: no reading
])
def test_reading(raw: str, count: int, base: int, expected: str | None) -> None:
    """Either reading of the digits shown holds; which one is said."""
    assert reading(raw, count, base) == expected


def test_printed_shows_both_readings_when_they_differ() -> None:
    """The expected value as printed, both ways when rounding and truncation differ."""
    assert printed(16051, 16274, 2) == "98,63% rounded, 98,62% truncated"
    assert printed(31, 36, 2) == "86,11%"
    assert printed(2501, 2723, 1) == "91,8%"


def test_bases_from_the_figures_a_draft_states() -> None:
    """All tasks, less cancelled (only with cancelled tasks), fallen due, the parent figure."""
    figures = complete({"assigned": 2573, "cancelled": 5, "done_on_time": 2146, "done_late": 122,
                        "not_done_in_time": 283, "not_done_overdue": 17})
    assert bases(figures, "done") == {"all": 2573, "net": 2568, "due": 2285}
    assert bases(figures, "done_late") == {"all": 2573, "net": 2568, "due": 2285, "parent": 2268}
    assert bases(complete({"assigned": 16441, "done": 7951, "not_done": 8490, "not_done_overdue": 245}),
                 "not_done_overdue") == {"all": 16441, "net": 16441, "due": 8196, "parent": 8490}
    assert bases({"due": 2723, "done": 2501}, "done") == {"due": 2723}
    assert candidates({"assigned": 20, "cancelled": 0, "done": 16}, "done") == {"all": 20}


def test_complete_adds_what_follows() -> None:
    """A whole from its two parts; no cancelled task when the total is exactly done + not done."""
    assert complete({"assigned": 10, "done_on_time": 6, "done_late": 1, "not_done": 3}) == {
        "assigned": 10, "done_on_time": 6, "done_late": 1, "not_done": 3, "done": 7, "cancelled": 0}
