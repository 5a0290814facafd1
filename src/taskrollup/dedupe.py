"""Rule 8: many rows, one task. Pure functions over DataFrames.

Rows are one task when they share the source document, the lead agency and the
content after normalisation. Exact content keys are grouped first; then, within
each (source, agency) block only, keys that are near-identical (rapidfuzz ratio
at or above `NEAR_DUPLICATE_RATIO`) and carry the same numbers are joined. Texts
that differ in any number ("quý I" / "quý II") are never the same task.
"""

from __future__ import annotations

import hashlib
import re

import numpy as np
import pandas as pd
from rapidfuzz import fuzz, process

NEAR_DUPLICATE_RATIO = 90.0
_ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4, "v": 5, "vi": 6, "vii": 7, "viii": 8, "ix": 9,
          "x": 10, "xi": 11, "xii": 12, "xiii": 13, "xiv": 14, "xv": 15, "xx": 20}
_NUMBER_TOKEN = re.compile(r"\b(\d+|[ivx]{1,4})\b")


def _arabic(key: str) -> str:
    """The key with Roman numerals written as digits, for comparing ('quý II' ~ 'quý 2')."""
    return _NUMBER_TOKEN.sub(lambda m: str(_ROMAN.get(m[1], m[1])), key)


def numbers_in(key: str) -> tuple[int, ...]:
    """The numbers a folded text states, digits and Roman numerals alike, in order."""
    found = []
    for token in _NUMBER_TOKEN.findall(key):
        if token.isdigit():
            found.append(int(token))
        elif token in _ROMAN:
            found.append(_ROMAN[token])
    return tuple(found)


class _UnionFind:
    def __init__(self, n: int) -> None:
        self.parent = list(range(n))

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def union(self, a: int, b: int) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)


def cluster_keys(keys: list[str], ratio: float = NEAR_DUPLICATE_RATIO) -> list[int]:
    """For the distinct content keys of one block, the index of the key each one joins.

    Keys are compared all pairs within the block (blocks are small); a pair joins
    when similar enough and stating the same numbers.
    """
    n = len(keys)
    uf = _UnionFind(n)
    if n > 1:
        compared = [_arabic(k) for k in keys]
        scores = process.cdist(compared, compared, scorer=fuzz.ratio, score_cutoff=ratio, workers=1)
        numbers = [numbers_in(k) for k in keys]
        for a, b in zip(*np.nonzero(np.triu(scores, k=1)), strict=True):
            if numbers[a] == numbers[b]:
                uf.union(int(a), int(b))
    return [uf.find(i) for i in range(n)]


def task_id_for(source_id: str, agency: str, key: str) -> str:
    """A stable identifier: the same task gets the same id in every store."""
    raw = f"{source_id}\x1f{agency}\x1f{key}".encode()
    return hashlib.sha1(raw).hexdigest()[:12]


def assign_tasks(rows: pd.DataFrame, ratio: float = NEAR_DUPLICATE_RATIO,
                 order: tuple[str, ...] = ("order",)) -> pd.Series:
    """Task id for every row that has a source, an agency and content (else None).

    `order` names the columns that sort rows oldest first (reporting month, then a
    content-derived tie-break), so the representative key of a task, and with it
    its id, does not depend on the order files were ingested in.
    """
    triple = ["source_id", "agency", "content_key"]
    ok = rows["source_id"].notna() & rows["agency"].notna() & (rows["content_key"].fillna("") != "")
    usable = rows.loc[ok, [*triple, *order]]
    first = usable.sort_values(list(order)).drop_duplicates(triple).reset_index(drop=True)
    keys = first["content_key"].to_numpy(dtype=object)
    rep = keys.copy()
    for pos in first.groupby(["source_id", "agency"], sort=False).indices.values():
        if len(pos) > 1:
            roots = cluster_keys(keys[pos].tolist(), ratio)
            rep[pos] = keys[pos][roots]
    first["task_id"] = [task_id_for(s, a, k) for s, a, k in
                        zip(first["source_id"], first["agency"], rep, strict=True)]
    merged = usable[triple].merge(first[[*triple, "task_id"]], on=triple, how="left")
    result = pd.Series([None] * len(rows), index=rows.index, dtype=object)
    result.loc[usable.index] = merged["task_id"].to_numpy()
    return result
