"""Library calls behind `same-task`, `different-task` and `decisions`: the office's word on
two tasks, recorded beside the store and followed at once.

A decision names two tasks by the ids `check` and `tasks` print. `different-task` may
also name a text of a task by its own id (the id a task of that text alone would have,
as `explain --task` shows for each row), to part what rule 11 joined. Both must be of
one document and lead agency (rule 8). Recording a decision writes the decisions file,
then forms the tasks of that document again, in one store transaction.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from taskrollup import decisions as decided_file
from taskrollup.context import SECRET_PLACEHOLDER
from taskrollup.decisions import Decision
from taskrollup.dedupe import task_id_for
from taskrollup.errors import DecisionError
from taskrollup.resolution import resolve_store
from taskrollup.store import Store

_TEXT_FIELDS = ["source_id", "agency", "content", "content_key", "secret", "task_id"]


@dataclass
class Outcome:
    """What `decide` did: `action` is recorded, replaced (the opposite decision on the same
    pair was there), unchanged (already recorded) or undone; `now`: the task each named
    task's text belongs to after it."""

    record: decided_file.Record
    action: str
    now: tuple[str | None, str | None]
    path: Path


@dataclass
class Status:
    """A recorded decision and whether the tasks follow it (`why` says why not)."""

    record: decided_file.Record
    followed: bool
    now: tuple[str | None, str | None]
    why: str = ""


def _texts(store: Store, sources: list[str] | None = None) -> pd.DataFrame:
    """Each distinct (document, agency, text key) with its own id, the task it is in now,
    a text as written and whether it is secret."""
    rows = store.load_rows(_TEXT_FIELDS, sources=sources)
    rows = rows[rows["source_id"].notna() & rows["agency"].notna() & rows["task_id"].notna()]
    rows = rows.drop_duplicates(["source_id", "agency", "content_key"])
    own = [task_id_for(s, a, k) for s, a, k in zip(rows["source_id"], rows["agency"], rows["content_key"],
                                                     strict=True)]
    return rows.assign(own_id=own)


def _find(texts: pd.DataFrame, name: str) -> pd.Series:
    """The text a decision names: a task (its first text, the one its id is made of) or a
    text by its own id."""
    hit = texts[texts["own_id"] == name]
    if len(hit):
        return hit.iloc[0]
    raise DecisionError(f"no task {name} in the store: give a task id as 'taskrollup check' prints it")


def _shown(text: pd.Series) -> str:
    return SECRET_PLACEHOLDER if bool(text["secret"]) else str(text["content"])


def decide(db: Path, kind: str, first: str, second: str, undo: bool = False,
           today: dt.date | None = None) -> Outcome:
    """Record (or with `undo`, remove) the decision that two tasks are one (`same`) or two
    (`different`), then form the tasks of their document again."""
    if kind not in decided_file.KINDS:
        raise DecisionError(f"decision {kind!r}: same or different")
    first, second = first.strip().lower(), second.strip().lower()
    if first == second:
        raise DecisionError(f"{first} is named twice: a decision is about two tasks")
    path = decided_file.path_for(db)
    with Store(db, create=False) as store:
        texts = _texts(store)
        a, b = _find(texts, first), _find(texts, second)
        if (a["source_id"], a["agency"]) != (b["source_id"], b["agency"]):
            raise DecisionError(
                f"{first} ({a['source_id']}, {a['agency']}) and {second} ({b['source_id']}, {b['agency']}) are"
                " of two documents or two lead agencies: they are two tasks whatever their texts (rule 8)")
        decision = Decision(kind, str(a["source_id"]), str(a["agency"]), first, second)
        record = decided_file.Record(decision, _shown(a), _shown(b), (today or dt.date.today()).isoformat())
        records = decided_file.load(path)
        records, action = (_without(records, decision) if undo else _with(records, record))
        if action != "unchanged":
            decided_file.save(path, records)
            resolve_store(store)
        now = _now(store, decision)
    return Outcome(record, action, now, path)


def _pair(d: Decision) -> tuple[str, str, frozenset[str]]:
    return d.source_id, d.agency, frozenset((d.task_a, d.task_b))


def _with(records: list[decided_file.Record], record: decided_file.Record) -> tuple[list[decided_file.Record], str]:
    """The records with `record` in: new, replacing the opposite one, or there already."""
    same_pair = [r for r in records if _pair(r.decision) == _pair(record.decision)]
    if any(r.decision.kind == record.decision.kind for r in same_pair):
        return records, "unchanged"
    kept = [r for r in records if _pair(r.decision) != _pair(record.decision)]
    return kept + [record], "replaced" if same_pair else "recorded"


def _without(records: list[decided_file.Record], decision: Decision) -> tuple[list[decided_file.Record], str]:
    kept = [r for r in records if not (_pair(r.decision) == _pair(decision) and r.decision.kind == decision.kind)]
    if len(kept) == len(records):
        raise DecisionError(f"no decision '{decision.kind}' on {decision.task_a} and {decision.task_b} to undo"
                            " ('taskrollup decisions' lists them)")
    return kept, "undone"


def _now(store: Store, decision: Decision) -> tuple[str | None, str | None]:
    """The task each text a decision names is in now (None: no such text in the store)."""
    texts = _texts(store, [decision.source_id])
    here = texts[(texts["agency"] == decision.agency)].set_index("own_id")["task_id"]
    return here.get(decision.task_a), here.get(decision.task_b)


def review(db: Path) -> list[Status]:
    """Every recorded decision, and whether the store's tasks follow it."""
    records = decided_file.load(decided_file.path_for(db))
    if not records:
        return []
    with Store(db, create=False) as store:
        texts = _texts(store, sorted({r.decision.source_id for r in records}))
        behind = store.decided_state() != decided_file.state([r.decision for r in records])
    where = {(s, a, i): t for s, a, i, t in zip(texts["source_id"], texts["agency"], texts["own_id"],
                                                 texts["task_id"], strict=True)}
    found = []
    for r in records:
        d = r.decision
        now = (where.get((d.source_id, d.agency, d.task_a)), where.get((d.source_id, d.agency, d.task_b)))
        found.append(_status(r, now, behind))
    return found


def _status(record: decided_file.Record, now: tuple[str | None, str | None], behind: bool) -> Status:
    d = record.decision
    missing = [name for name, task in zip((d.task_a, d.task_b), now, strict=True) if task is None]
    if missing:
        return Status(record, False, now, f"no task {', '.join(missing)} in {d.source_id} ({d.agency}) any more")
    together = now[0] == now[1]
    if together == (d.kind == "same"):
        return Status(record, True, now)
    if behind:
        return Status(record, False, now, "the decisions file changed since the tasks were formed:"
                                          " run 'taskrollup ingest' again")
    return Status(record, False, now, "another decision keeps these tasks apart" if d.kind == "same"
                  else "a decision 'same' joins them through a third task")
