"""Integer-code helpers shared by the pure stages (dedupe, resolve, figures).

Picking "the first row of each group under some order" is one `numpy.lexsort`
over integer codes: far faster than sorting frames of text columns.
"""

from __future__ import annotations

import numpy as np
import pandas as pd


def sort_codes(series: pd.Series, last: bool = False) -> np.ndarray:
    """Integer codes that sort as the values do (missing values: -1, or after every value
    with `last`)."""
    codes, uniques = pd.factorize(series, sort=True)
    return np.where(codes < 0, len(uniques), codes) if last else codes


def firsts(groups: np.ndarray, *keys: np.ndarray) -> np.ndarray:
    """Positions of the first element of each group when sorted by `keys` (ascending;
    negate a key for descending), in ascending group order."""
    order = np.lexsort([*reversed(keys), groups])
    if not len(order):
        return order
    sorted_groups = groups[order]
    return order[np.r_[True, sorted_groups[1:] != sorted_groups[:-1]]]
