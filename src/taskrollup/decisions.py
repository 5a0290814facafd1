"""The office's decisions on task identity: a CSV file beside the store.

`taskrollup.db` keeps its decisions in `taskrollup.decisions.csv`: a file the office can
open in a spreadsheet, review, keep under version control, and that survives the store
being moved aside and built again from the submissions. Each line is one decision: the
two tasks by id (the id each had when decided), their document and lead agency, the two
texts as shown when decided (secret ones masked: the file holds no secret text), and
the day. Only the decision, the ids, the document and the agency are read back; the
texts are for the reader.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

from taskrollup.errors import DecisionError


@dataclass(frozen=True)
class Decision:
    """The office's word on two tasks of one document and lead agency: `same` or
    `different`. Tasks are named by the ids of the texts they had when decided
    (`dedupe.task_id_for`), which stay those texts' ids whatever task they later join."""

    kind: str
    source_id: str
    agency: str
    task_a: str
    task_b: str


COLUMNS = ["decision", "task_a", "task_b", "document", "agency", "text_a", "text_b", "decided_on"]
KINDS = ("same", "different")


@dataclass(frozen=True)
class Record:
    """One line of the decisions file."""

    decision: Decision
    text_a: str
    text_b: str
    decided_on: str

    def as_row(self) -> list[str]:
        d = self.decision
        return [d.kind, d.task_a, d.task_b, d.source_id, d.agency, self.text_a, self.text_b, self.decided_on]


def path_for(db: Path) -> Path:
    """Where the decisions of the store at `db` live: beside it, `<name>.decisions.csv`."""
    db = Path(db)
    return db.with_name(db.stem + ".decisions.csv")


def load(path: Path) -> list[Record]:
    """The decisions in the file (none when there is no file); a malformed line is an
    DecisionError naming the file and line."""
    if not path.exists():
        return []
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise DecisionError(f"{path}: cannot read the decisions file: {exc}") from exc
    reader = csv.DictReader(io.StringIO(text))
    missing = [c for c in ("decision", "task_a", "task_b", "document", "agency") if c not in (reader.fieldnames or [])]
    if missing:
        raise DecisionError(f"{path}: the decisions file has no column {', '.join(missing)}")
    return [_record(path, n, line) for n, line in enumerate(reader, start=2)]


def _record(path: Path, line_no: int, line: dict[str, str | None]) -> Record:
    values = {k: (v or "").strip() for k, v in line.items() if k}
    kind = values["decision"].lower()
    if kind not in KINDS:
        raise DecisionError(f"{path}, line {line_no}: decision {values['decision']!r}: write same or different")
    for column in ("task_a", "task_b", "document", "agency"):
        if not values[column]:
            raise DecisionError(f"{path}, line {line_no}: no {column}")
    decision = Decision(kind, values["document"], values["agency"], values["task_a"], values["task_b"])
    return Record(decision, values.get("text_a", ""), values.get("text_b", ""), values.get("decided_on", ""))


def save(path: Path, records: list[Record]) -> None:
    """Write the file whole, through a temporary file: a stopped run leaves the old one."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    writer.writerows(r.as_row() for r in records)
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temp = tempfile.mkstemp(dir=path.parent, prefix=path.name, suffix=".tmp")
    try:
        with os.fdopen(handle, "w", encoding="utf-8-sig", newline="") as f:
            f.write(buffer.getvalue())
        os.replace(temp, path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise


def state(decisions: list[Decision]) -> str:
    """What the store records of the decisions its tasks follow: their digest and documents."""
    lines = sorted(f"{d.kind}\x1f{d.source_id}\x1f{d.agency}\x1f{d.task_a}\x1f{d.task_b}" for d in decisions)
    digest = hashlib.sha1("\n".join(lines).encode()).hexdigest()
    return json.dumps({"digest": digest, "documents": sorted({d.source_id for d in decisions})},
                      ensure_ascii=False)


def changed_documents(recorded: str, decisions: list[Decision]) -> set[str]:
    """The documents whose tasks must be formed again: none when the decisions are those
    `recorded` (a `state`); else those named by the old decisions or the new."""
    now = state(decisions)
    if recorded == now or (not recorded and not decisions):
        return set()
    before = json.loads(recorded)["documents"] if recorded else []
    return set(before) | {d.source_id for d in decisions}
