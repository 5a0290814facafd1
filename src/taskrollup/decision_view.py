"""How `same-task`, `different-task` and `decisions` print what they did and found."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from rich.console import Console

from taskrollup.decide import Outcome, Status
from taskrollup.views import emit, emit_json

_DONE = {
    "recorded": "recorded",
    "replaced": "recorded (it replaces the opposite decision on these two tasks)",
    "unchanged": "already recorded: nothing changed",
    "undone": "undone",
}


def print_outcome(out: Console, outcome: Outcome) -> None:
    """One line for the decision, one for where the tasks are now, one for the file."""
    d = outcome.record.decision
    words = "one task" if d.kind == "same" else "two tasks"
    lines = [f"{d.task_a} and {d.task_b} ({d.source_id}, {d.agency}) are {words}: {_DONE[outcome.action]}"]
    a, b = outcome.now
    lines.append(f"now: {d.task_a} is in task {a}, {d.task_b} in task {b}" if a != b
                 else f"now: both in task {a}")
    lines.append(f"decisions file: {outcome.path}")
    emit(out, "\n".join(lines), None)


def _records(found: list[Status]) -> list[dict[str, object]]:
    return [{"decision": s.record.decision.kind, "task_a": s.record.decision.task_a,
             "task_b": s.record.decision.task_b, "document": s.record.decision.source_id,
             "agency": s.record.decision.agency, "text_a": s.record.text_a, "text_b": s.record.text_b,
             "decided_on": s.record.decided_on, "followed": s.followed,
             "task_now_a": s.now[0], "task_now_b": s.now[1], "why_not": s.why or None} for s in found]


def print_review(out: Console, found: list[Status], fmt: str, path: Path | None = None) -> None:
    """The decisions as a list (table), JSON or CSV; secret texts are masked in the file already."""
    records = _records(found)
    if fmt == "json":
        emit_json(out, {"decisions": records, "not_followed": sum(not s.followed for s in found)}, path)
        return
    if fmt == "csv":
        buffer = io.StringIO()
        writer = csv.DictWriter(buffer, fieldnames=list(records[0]) if records else ["decision"],
                                lineterminator="\n")
        writer.writeheader()
        writer.writerows(records)
        emit(out, buffer.getvalue(), path)
        return
    lines = [f"{len(found)} decision(s)"]
    for s in found:
        d = s.record.decision
        state = "followed" if s.followed else f"NOT FOLLOWED: {s.why}"
        lines.append(f"{d.kind:<9} {d.task_a} {d.task_b}  {d.source_id}, {d.agency}  ({s.record.decided_on}) {state}")
        lines.append(f"          '{s.record.text_a[:80]}' / '{s.record.text_b[:80]}'")
    emit(out, "\n".join(lines), path)
