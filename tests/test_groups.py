"""The one "first of each group" helper the stages share, on a hand-worked case."""

from __future__ import annotations

import numpy as np

from taskrollup.groups import firsts


def test_first_of_each_group_under_an_order() -> None:
    groups = np.array([2, 0, 2, 0, 1])
    newest = np.array([5, 7, 9, 3, 1])
    # ascending: group 0 -> value 3 (position 3), 1 -> 1 (4), 2 -> 5 (0)
    assert firsts(groups, newest).tolist() == [3, 4, 0]
    # descending by negating: group 0 -> 7 (1), 1 -> 1 (4), 2 -> 9 (2)
    assert firsts(groups, -newest).tolist() == [1, 4, 2]
    # a second key breaks ties of the first
    tie = np.array([1, 1, 1, 1, 1])
    assert firsts(groups, tie, -np.arange(5)).tolist() == [3, 4, 2]
    assert firsts(np.array([], dtype=np.int64)).tolist() == []
