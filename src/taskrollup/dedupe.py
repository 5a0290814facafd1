"""Rule 8: many rows, one task. Pure functions over DataFrames.

Rows are one task when they share the source document, the lead agency and the
content: rows with one key (`identity.key`) at once; then, within each (source,
agency) block only, different keys are compared word by word (`identity.compare`,
rule 11). A task is a group of keys every two of which are one task by rule 11
(complete linkage: A ~ B and B ~ C never pull A and C together when A and C differ
by a word). Pairs that are close but not one task stay two tasks and are returned
as possible same tasks for the office to decide; the office's decisions (`Decision`)
join or part keys whatever the comparison says.
"""

from __future__ import annotations

import hashlib
import unicodedata
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from rapidfuzz import fuzz, process
from rapidfuzz.distance import Indel

from taskrollup.decisions import Decision
from taskrollup.errors import TaskIdClash
from taskrollup.fields import PAIR_COLUMNS
from taskrollup.groups import firsts, sort_codes
from taskrollup.identity import Comparison, Verdict, compare

# Keys are compared word by word only when their letters (without marks) are close: at least
# CANDIDATE_RATIO similar (rapidfuzz ratio) and at most CANDIDATE_EDITS letters added or
# dropped apart. A pair rule 11 joins differs by a few letters per typo (at most four). A
# pair it doubts differs by at most two words, of seven letters at most in Vietnamese (28
# letters both ways), and shares 80 % of its words: its ratio is above 65 even in a text of
# five words. The bounds leave room for two typos besides.
CANDIDATE_RATIO = 60.0
CANDIDATE_EDITS = 36
# Blocks up to this many keys are screened pair by pair; larger ones with cdist calls.
PAIRWISE_MAX = 40


@dataclass
class Identity:
    """What deduplication found: each row's task id, the pairs of tasks that may be one
    (PAIR_COLUMNS), and the decisions that could not be followed, each with why."""

    ids: pd.Series
    pairs: pd.DataFrame
    unapplied: list[tuple[Decision, str]] = field(default_factory=list)


def _bare(key: str) -> str:
    """A key's letters without any mark (keys are lower case: 'đ' is the one letter that
    does not decompose)."""
    if key.isascii():
        return key
    return unicodedata.normalize("NFD", key.replace("đ", "d")).encode("ascii", "ignore").decode()


def _candidates(keys: list[str]) -> list[tuple[int, int]]:
    """Index pairs (a < b) of keys worth comparing word by word."""
    # Keys of texts typed without marks are compared by their letters alone; among keys with
    # marks a lost tone mark or a plain word differs by a character or two, well inside the bounds.
    bare = [_bare(k) for k in keys] if any(k.isascii() for k in keys) else keys
    n = len(bare)
    if n <= PAIRWISE_MAX:
        return [(a, b) for a in range(n) for b in range(a + 1, n)
                if Indel.distance(bare[a], bare[b], score_cutoff=CANDIDATE_EDITS) <= CANDIDATE_EDITS
                and fuzz.ratio(bare[a], bare[b], score_cutoff=CANDIDATE_RATIO)]
    edits = process.cdist(bare, bare, scorer=Indel.distance, score_cutoff=CANDIDATE_EDITS, workers=1)
    ratios = process.cdist(bare, bare, scorer=fuzz.ratio, score_cutoff=CANDIDATE_RATIO, workers=1)
    near = np.triu((edits <= CANDIDATE_EDITS) & (ratios > 0), k=1)
    return [(int(a), int(b)) for a, b in zip(*np.nonzero(near), strict=True)]


@dataclass
class _Block:
    """The distinct keys of one (document, agency), oldest first, and how they relate."""

    keys: list[str]
    ids: list[str] = field(default_factory=list)  # each key's own id, when decisions need it
    same: set[tuple[int, int]] = field(default_factory=set)
    doubtful: dict[tuple[int, int], Comparison] = field(default_factory=dict)
    compared: dict[tuple[int, int], Comparison] = field(default_factory=dict)

    def compare_all(self) -> None:
        for pair in _candidates(self.keys):
            found = compare(self.keys[pair[0]], self.keys[pair[1]])
            if found.verdict is not Verdict.DIFFERENT:
                self.compared[pair] = found
                (self.same.add(pair) if found.verdict is Verdict.SAME else self.doubtful.__setitem__(pair, found))


def _complete_linkage(n: int, same: set[tuple[int, int]]) -> list[int]:
    """Each key's group: keys in order, each joining the first group every member of which
    it is one task with, else starting its own. Returns the first key of each one's group."""
    root = list(range(n))
    if not same:
        return root
    groups: list[list[int]] = []
    linked: dict[int, set[int]] = {}
    for a, b in same:
        linked.setdefault(a, set()).add(b)
        linked.setdefault(b, set()).add(a)
    for k in range(n):
        mine = linked.get(k, set())
        for group in groups:
            if all(m in mine for m in group):
                group.append(k)
                root[k] = group[0]
                break
        else:
            groups.append([k])
    return root


def cluster_keys(keys: list[str], decisions: list[tuple[str, int, int]] | None = None
                 ) -> tuple[list[int], list[tuple[int, int, Comparison]], list[tuple[int, str]]]:
    """For the distinct keys of one block, oldest first: the index of the key each one's
    task is named by (its group's first), the pairs of groups that may be one task (the
    pair of keys that says so, and how), and the decisions not followed (their position in
    `decisions`, and why).

    `decisions`: ('same' | 'different', index of one key, index of the other).
    """
    block = _Block(keys)
    if len(keys) > 1:
        block.compare_all()
    apart = {tuple(sorted((a, b))) for kind, a, b in decisions or [] if kind == "different"}
    root = _complete_linkage(len(keys), block.same - apart)
    refused: list[tuple[int, str]] = []
    for n, (kind, a, b) in enumerate(decisions or []):
        if kind == "same" and root[a] != root[b]:
            members = [k for k in range(len(keys)) if root[k] in (root[a], root[b])]
            if any(tuple(sorted((x, y))) in apart for x in members for y in members):
                refused.append((n, "another decision keeps these tasks apart"))
                continue
            low, high = sorted((root[a], root[b]))
            root = [low if r == high else r for r in root]
    decided = {tuple(sorted((root[a], root[b]))) for _, a, b in decisions or []}
    return root, _doubts(block, root, decided), refused


def _doubts(block: _Block, root: list[int], decided: set[tuple[int, int]]) -> list[tuple[int, int, Comparison]]:
    """One pair of keys for each two groups that may be one task (closest first kept): the
    doubtful pairs, and pairs one by rule 11 that complete linkage kept apart."""
    best: dict[tuple[int, int], tuple[int, int, Comparison]] = {}
    for (a, b), found in sorted(block.compared.items()):
        groups = (root[a], root[b])
        if groups[0] == groups[1]:
            continue
        groups = tuple(sorted(groups))
        if groups in decided:
            continue
        if found.verdict is Verdict.SAME:
            found = Comparison(Verdict.DOUBTFUL, 0, 1.0, "one task with a third text that differs from it")
        kept = best.get(groups)
        if kept is None or (found.differing, -found.shared) < (kept[2].differing, -kept[2].shared):
            best[groups] = (a, b, found)
    return [best[g] for g in sorted(best)]


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


def assign_tasks(rows: pd.DataFrame, order: tuple[str, ...] = ("order",)) -> pd.Series:
    """Task id for every row that has a source, an agency and content (else None)."""
    return identify(rows, order).ids


def identify(rows: pd.DataFrame, order: tuple[str, ...] = ("order",),
             decisions: list[Decision] | None = None) -> Identity:
    """Each row's task id (None for a row without a source, an agency or content), the
    pairs of tasks that may be one, and the decisions that could not be followed.

    `order` names the columns that sort rows oldest first (reporting month, then a
    content-derived tie-break), so the representative key of a task, and with it
    its id, does not depend on the order files were ingested in.
    """
    keys_all = rows["content_key"].fillna("")
    ok = (rows["source_id"].notna() & rows["agency"].notna() & (keys_all != "")).to_numpy()
    result = np.full(len(rows), None, dtype=object)
    found = Identity(pd.Series(result, index=rows.index, dtype=object), pd.DataFrame(columns=PAIR_COLUMNS))
    if not ok.any():
        return found
    usable = rows[ok]
    source, sources = pd.factorize(usable["source_id"])
    agency, agencies = pd.factorize(usable["agency"])
    key, keys = pd.factorize(usable["content_key"])
    block = source.astype(np.int64) * len(agencies) + agency
    triple, _ = pd.factorize(block * len(keys) + key)
    rank = np.empty(len(usable), dtype=np.int64)
    rank[np.lexsort([sort_codes(usable[c]) for c in reversed(order)])] = np.arange(len(usable))
    # The first row of each distinct (source, agency, key), in `order`; blocks together,
    # each block's keys in order of first appearance.
    first = firsts(triple, rank)
    first = first[np.lexsort((rank[first], block[first]))]
    first_keys = np.asarray(keys, dtype=object)[key[first]]
    names_s = np.asarray(sources, dtype=object)[source[first]]
    names_a = np.asarray(agencies, dtype=object)[agency[first]]
    by_block = _decisions_by_block(decisions or [])
    rep = first_keys.copy()
    pairs: list[tuple[str, str, str, str, Comparison]] = []
    bounds = np.flatnonzero(np.r_[True, block[first][1:] != block[first][:-1], True])
    for lo, hi in zip(bounds[:-1].tolist(), bounds[1:].tolist(), strict=True):
        here = (names_s[lo], names_a[lo])
        wanted = by_block.get(here, [])
        if hi - lo == 1 and not wanted:
            continue
        block_keys = first_keys[lo:hi].tolist()
        placed, missing = _place(here, block_keys, wanted)
        found.unapplied += missing
        roots, doubts, refused = cluster_keys(block_keys, [(d.kind, a, b) for d, a, b in placed])
        found.unapplied += [(placed[n][0], why) for n, why in refused]
        rep[lo:hi] = first_keys[lo:hi][roots]
        pairs += [(*here, block_keys[roots[a]], block_keys[roots[b]], c) for a, b, c in doubts]
    named = list(zip(names_s.tolist(), names_a.tolist(), rep.tolist(), strict=True))  # (document, agency, key)
    tasks = {task: task_id_for(*task) for task in dict.fromkeys(named)}  # a group of texts once
    _no_clash(tasks)
    ids = np.empty(triple.max() + 1, dtype=object)
    ids[triple[first]] = [tasks[task] for task in named]
    result[ok] = ids[triple]
    found.ids = pd.Series(result, index=rows.index, dtype=object)
    found.pairs = pd.DataFrame(
        [(s, a, tasks[(s, a, ka)], tasks[(s, a, kb)], c.differing, round(c.shared, 3), c.reason)
         for s, a, ka, kb, c in pairs], columns=PAIR_COLUMNS)
    return found


def _decisions_by_block(decisions: list[Decision]) -> dict[tuple[str, str], list[Decision]]:
    by_block: dict[tuple[str, str], list[Decision]] = {}
    for d in decisions:
        by_block.setdefault((d.source_id, d.agency), []).append(d)
    return by_block


def _place(block: tuple[str, str], keys: list[str], decisions: list[Decision]
           ) -> tuple[list[tuple[Decision, int, int]], list[tuple[Decision, str]]]:
    """The decisions of one block with the index of the key each names; those naming a key
    the block does not have, with why."""
    if not decisions:
        return [], []
    index = {task_id_for(*block, k): n for n, k in enumerate(keys)}
    placed, missing = [], []
    for d in decisions:
        a, b = index.get(d.task_a), index.get(d.task_b)
        if a is None or b is None:
            missing.append((d, "no task " + (d.task_a if a is None else d.task_b) + " in this document"))
        else:
            placed.append((d, a, b))
    return placed, missing
