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

from taskrollup.errors import TaskIdClash
from taskrollup.groups import firsts, sort_codes

NEAR_DUPLICATE_RATIO = 90.0
_ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4, "v": 5, "vi": 6, "vii": 7, "viii": 8, "ix": 9,
          "x": 10, "xi": 11, "xii": 12, "xiii": 13, "xiv": 14, "xv": 15, "xx": 20}
_NUMBER_TOKEN = re.compile(r"\b(\d+|[ivx]{1,4})\b")


def _number_words(key: str) -> list[str]:
    """The words of a folded key that state a number: digits, or 1 to 4 of i, v, x."""
    return _NUMBER_TOKEN.findall(key)


def _numbers(words: list[str]) -> tuple[int, ...]:
    return tuple(int(w) if w.isdigit() else _ROMAN[w] for w in words if w.isdigit() or w in _ROMAN)


def _arabic(key: str, words: list[str]) -> str:
    """The key with Roman numerals written as digits, for comparing ('quý II' ~ 'quý 2')."""
    if all(w.isdigit() for w in words):
        return key  # nothing to rewrite: most keys
    return " ".join(str(_ROMAN.get(w, w)) for w in key.split())


def numbers_in(key: str) -> tuple[int, ...]:
    """The numbers a folded text states, digits and Roman numerals alike, in order."""
    return _numbers(_number_words(key))


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


# Blocks up to this many keys are compared pair by pair; larger ones with one cdist call.
PAIRWISE_MAX = 40


def _similar_pairs(compared: list[str], ratio: float) -> list[tuple[int, int]]:
    """Index pairs (a < b) of texts whose similarity is at least `ratio`."""
    n = len(compared)
    if n <= PAIRWISE_MAX:
        return [(a, b) for a in range(n) for b in range(a + 1, n)
                if fuzz.ratio(compared[a], compared[b], score_cutoff=ratio)]
    scores = process.cdist(compared, compared, scorer=fuzz.ratio, score_cutoff=ratio, workers=1)
    return [(int(a), int(b)) for a, b in zip(*np.nonzero(np.triu(scores, k=1)), strict=True)]


def cluster_keys(keys: list[str], ratio: float = NEAR_DUPLICATE_RATIO) -> list[int]:
    """For the distinct content keys of one block, the index of the key each one joins
    (the earliest key of its group).

    Keys are compared all pairs within the block (blocks are small); a pair joins
    when similar enough and stating the same numbers.
    """
    n = len(keys)
    uf = _UnionFind(n)
    if n > 1:
        tokens = [_number_words(k) for k in keys]
        numbers = [_numbers(t) for t in tokens]
        compared = [_arabic(k, t) for k, t in zip(keys, tokens, strict=True)]
        for a, b in _similar_pairs(compared, ratio):
            if numbers[a] == numbers[b]:
                uf.union(a, b)
    return [uf.find(i) for i in range(n)]


def task_id_for(source_id: str, agency: str, key: str) -> str:
    """A stable identifier: the same task gets the same id in every store."""
    raw = f"{source_id}\x1f{agency}\x1f{key}".encode()
    return hashlib.sha1(raw).hexdigest()[:12]


def _no_clash(ids: dict[tuple[str, str, str], str]) -> None:
    """Raise TaskIdClash when two different tasks (document, agency, key) share an id."""
    if len(set(ids.values())) < len(ids):
        seen: dict[str, tuple[str, str, str]] = {}
        for task, task_id in ids.items():
            other = seen.setdefault(task_id, task)
            if other != task:  # named by document and agency: a text may be secret
                raise TaskIdClash(task_id, f"{other[0]}, {other[1]}", f"{task[0]}, {task[1]}")


def assign_tasks(rows: pd.DataFrame, ratio: float = NEAR_DUPLICATE_RATIO,
                 order: tuple[str, ...] = ("order",)) -> pd.Series:
    """Task id for every row that has a source, an agency and content (else None).

    `order` names the columns that sort rows oldest first (reporting month, then a
    content-derived tie-break), so the representative key of a task, and with it
    its id, does not depend on the order files were ingested in.
    """
    keys_all = rows["content_key"].fillna("")
    ok = (rows["source_id"].notna() & rows["agency"].notna() & (keys_all != "")).to_numpy()
    result = np.full(len(rows), None, dtype=object)
    if ok.any():
        usable = rows[ok]
        source, sources = pd.factorize(usable["source_id"])
        agency, agencies = pd.factorize(usable["agency"])
        key, keys = pd.factorize(usable["content_key"])
        block = source.astype(np.int64) * len(agencies) + agency
        triple, _ = pd.factorize(block * len(keys) + key)
        rank = np.empty(len(usable), dtype=np.int64)
        rank[np.lexsort([sort_codes(usable[c]) for c in reversed(order)])] = np.arange(len(usable))
        # The first row of each distinct (source, agency, key), in `order`.
        first = firsts(triple, rank)
        # Blocks together, each block's keys in order of first appearance.
        first = first[np.lexsort((rank[first], block[first]))]
        first_keys = np.asarray(keys, dtype=object)[key[first]]
        rep = first_keys.copy()
        bounds = np.flatnonzero(np.r_[True, block[first][1:] != block[first][:-1], True])
        for lo, hi in zip(bounds[:-1].tolist(), bounds[1:].tolist(), strict=True):
            if hi - lo > 1:
                roots = cluster_keys(first_keys[lo:hi].tolist(), ratio)
                rep[lo:hi] = first_keys[lo:hi][roots]
        names_s = np.asarray(sources, dtype=object)[source[first]].tolist()
        names_a = np.asarray(agencies, dtype=object)[agency[first]].tolist()
        named = list(zip(names_s, names_a, rep.tolist(), strict=True))  # (document, agency, key)
        tasks = {task: task_id_for(*task) for task in dict.fromkeys(named)}  # near-duplicates once
        _no_clash(tasks)
        ids = np.empty(triple.max() + 1, dtype=object)
        ids[triple[first]] = [tasks[task] for task in named]
        result[ok] = ids[triple]
    return pd.Series(result, index=rows.index, dtype=object)
