"""The local store: one SQLite file, no server. The only module that touches it.

Every submission goes in inside one transaction (its record and all its rows),
so a file that fails, or a process killed half-way, leaves nothing behind. The
tasks (`task_columns`, one JSON array per column) and the row -> task links
(`row_tasks`) are derived from the rows and rewritten, in their own transaction,
for the documents each ingest run touched.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from taskrollup import codec
from taskrollup.codec import encode_task_columns
from taskrollup.errors import StoreError, TaskIdClash, TaskrollupError
from taskrollup.fields import (
    FINDING_COLUMNS,
    ROW_FIELDS,
    STORED_PAIR_COLUMNS,
    TASK_COLUMNS,
    TASK_TEXTS,
)

if TYPE_CHECKING:
    import pandas as pd
# pandas is imported by the methods that build frames: a re-ingest of unchanged files,
# which only looks files up, does not wait for it to load.

# Schema 5 keys each row's content by rule 11 (`identity.key`: tone marks kept, numbers as
# digits, abbreviations written out) and keeps the pairs of tasks that may be one. Schema 4
# keyed content without tone marks, so its tasks were formed by another rule; a store of
# schema 1 to 3 keeps the problems as the lines ingest prints, which cannot be read back into
# codes with certainty. Older stores are refused, to be ingested again from their submissions.
SCHEMA_VERSION = "5"
BUSY_TIMEOUT_MS = 120_000
_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS submissions (
    id INTEGER PRIMARY KEY,
    file_name TEXT NOT NULL,
    sha256 TEXT NOT NULL UNIQUE,
    agency TEXT,
    month TEXT NOT NULL,
    ingested_at TEXT NOT NULL,
    sheets INTEGER NOT NULL,
    rows_read INTEGER NOT NULL,
    skipped INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS rows (
    id INTEGER PRIMARY KEY,
    submission_id INTEGER NOT NULL REFERENCES submissions(id),
    sheet TEXT NOT NULL, row INTEGER NOT NULL,
    source_id TEXT, assigned_on TEXT, content TEXT, content_key TEXT, agency TEXT,
    coordinators TEXT, deadline TEXT, no_deadline INTEGER, extended_deadline TEXT,
    state TEXT, timing TEXT, extension_requested INTEGER, completed_on TEXT,
    cancelled_on TEXT, secret INTEGER, is_lead INTEGER,
    problems TEXT NOT NULL  -- a JSON list of problems, [] for none (see problems.py)
);
CREATE INDEX IF NOT EXISTS rows_submission ON rows(submission_id);
CREATE TABLE IF NOT EXISTS row_tasks (row_id INTEGER PRIMARY KEY, task_id TEXT NOT NULL);
-- The tasks, one JSON array per column: reading 100.000 tasks back is one json.loads per
-- column instead of a million values fetched one by one, and writing them is one value per
-- column instead of a million bound one by one.
CREATE TABLE IF NOT EXISTS task_columns (name TEXT PRIMARY KEY, data TEXT NOT NULL);
-- Pairs of tasks of one document and lead agency that may be one task (fields.STORED_PAIR_COLUMNS).
CREATE TABLE IF NOT EXISTS pairs (
    source_id TEXT NOT NULL, agency TEXT NOT NULL, task_a TEXT NOT NULL, task_b TEXT NOT NULL,
    differing INTEGER NOT NULL, shared REAL NOT NULL, reason TEXT NOT NULL, text_a TEXT, text_b TEXT
);
CREATE TABLE IF NOT EXISTS findings (
    kind TEXT NOT NULL,
    detail TEXT NOT NULL,  -- a JSON object: the values the finding's message names (see quality.py)
    file TEXT, sheet TEXT, row INTEGER, agency TEXT, task_id TEXT
);
"""
# Fields of a row that deduplication and resolution read (all but the coordinators).
RESOLVE_FIELDS = [f for f in ROW_FIELDS if f != "coordinators"]


@dataclass
class Submission:
    """What is recorded of one ingested file."""

    file_name: str
    sha256: str
    agency: str | None
    month: str
    sheets: int
    rows_read: int
    skipped: int


def _other_version(path: Path, version: str) -> str:
    """What to do with a store of another schema version."""
    older = version.isdigit() and int(version) < int(SCHEMA_VERSION)
    return (f"{path} was written by {'an older' if older else 'another'} version of taskrollup (store schema"
            f" {version}, this version reads {SCHEMA_VERSION}): move it aside and ingest the submissions"
            " again" + (" (its tasks were formed by an earlier rule for when two texts are one task)"
                         if older else ""))


def _in_list(db: sqlite3.Connection, name: str, values: Sequence[object]) -> str:
    """A temporary one-column table holding `values`, for `... IN (SELECT v FROM name)`. A None
    is left out: it matches nothing in `IN`, and would make `NOT IN` match nothing."""
    db.execute(f"CREATE TEMP TABLE IF NOT EXISTS {name} (v PRIMARY KEY)")
    db.execute(f"DELETE FROM {name}")
    db.executemany(f"INSERT OR IGNORE INTO {name} VALUES (?)", ((v,) for v in values if v is not None))
    return f"(SELECT v FROM {name})"


def _retry_locked(step: Callable[[], object], wait_s: float = BUSY_TIMEOUT_MS / 1000) -> None:
    """Run `step`, again while SQLite says the file is locked without waiting itself.

    Two processes creating one store at the same moment: switching a new file to WAL
    returns "database is locked" at once rather than calling the busy handler."""
    deadline = time.monotonic() + wait_s
    while True:
        try:
            step()
            return
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) or time.monotonic() > deadline:
                raise
            time.sleep(0.05)


class Store:
    """A connection to the SQLite store at `path`, created on first use."""

    def __init__(self, path: Path, create: bool = True) -> None:
        self.path = Path(path)
        if not create and not self.path.exists():
            raise StoreError(f"no store at {self.path}: run 'taskrollup ingest' first")
        try:
            self.db = sqlite3.connect(self.path, timeout=BUSY_TIMEOUT_MS / 1000,
                                      isolation_level=None)
            self.db.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            version = self._check_version()  # at once, without waiting for another process's write
            if not create and version is None:  # another program's database: left untouched
                raise StoreError(f"{self.path} is not a taskrollup store (no store version in it)")
            _retry_locked(lambda: self.db.execute("PRAGMA journal_mode = WAL"))
            self.db.execute("PRAGMA synchronous = NORMAL")
            # A current store has every table: nothing is written, so opening it does not
            # wait for another process's write (a report while an ingest runs).
            if version != SCHEMA_VERSION:
                self._create()
        except sqlite3.DatabaseError as exc:
            raise StoreError(f"{self.path} is not a taskrollup store ({exc})") from exc

    def _create(self) -> None:
        """The tables of a new store."""
        with self.transaction():
            self._check_version()  # again: another process may have created them meanwhile
            for statement in _SCHEMA.split(";"):
                if statement.strip():
                    self.db.execute(statement)
            self.db.execute("INSERT OR IGNORE INTO meta VALUES ('schema_version', ?)", (SCHEMA_VERSION,))

    def _check_version(self) -> str | None:
        """The store's schema version (None: a new store); raises StoreError for another
        version, before any table is created in it."""
        has_meta = self.db.execute(
            "SELECT 1 FROM sqlite_master WHERE type='table' AND name='meta'").fetchone()
        row = has_meta and self.db.execute("SELECT value FROM meta WHERE key='schema_version'").fetchone()
        version = str(row[0]) if row else None
        if version not in (None, SCHEMA_VERSION):
            raise StoreError(_other_version(self.path, version))
        return version

    @contextmanager
    def snapshot(self) -> Iterator[None]:
        """One read transaction: every read inside sees the store as of its first read,
        whatever an ingest commits meanwhile (WAL)."""
        self.db.execute("BEGIN")
        try:
            yield
        finally:
            self.db.execute("COMMIT")

    def close(self) -> None:
        self.db.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """BEGIN IMMEDIATE ... COMMIT; ROLLBACK on any error. Waits for another writer."""
        self.db.execute("BEGIN IMMEDIATE")
        try:
            yield self.db
        except BaseException:
            self.db.execute("ROLLBACK")
            raise
        self.db.execute("COMMIT")

    def find_file(self, sha256: str) -> tuple[str | None, str, int] | None:
        """(agency, month, rows) of a file already stored, else None."""
        return self.db.execute("SELECT agency, month, rows_read FROM submissions WHERE sha256=?",
                               (sha256,)).fetchone()

    def add_submission(self, sub: Submission, rows: pd.DataFrame) -> tuple[int, int] | None:
        """Insert one file's record and rows atomically: (submission id, id of its first row,
        the others following in order); None when the file is already there."""
        with self.transaction() as db:
            if self.find_file(sub.sha256) is not None:
                return None
            now = dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
            cur = db.execute(
                "INSERT INTO submissions (file_name, sha256, agency, month, ingested_at, sheets,"
                " rows_read, skipped) VALUES (?,?,?,?,?,?,?,?)",
                (sub.file_name, sub.sha256, sub.agency, sub.month, now, sub.sheets,
                 sub.rows_read, sub.skipped))
            sid = int(cur.lastrowid or 0)
            first = int(db.execute("SELECT COALESCE(MAX(id), 0) + 1 FROM rows").fetchone()[0])
            marks = ",".join("?" * (len(ROW_FIELDS) + 2))
            db.executemany(f"INSERT INTO rows (id, submission_id, {', '.join(ROW_FIELDS)}) VALUES ({marks})",
                           ((first + i, sid, *rec) for i, rec in enumerate(codec.records(rows[ROW_FIELDS]))))
        return sid, first

    def load_rows(self, fields: Sequence[str] | None = None, *, submissions: Sequence[int] | None = None,
                  sources: Sequence[str] | None = None, through: int | None = None,
                  other_sources: Sequence[str] | None = None,
                  named_after: Mapping[str, str] | None = None) -> pd.DataFrame:
        """Rows with their submission's month, file name and SHA-256 (and their task id).

        `fields` picks row fields (of ROW_FIELDS, plus task_id and submission_id) to
        read; the default reads them all. `submissions` keeps the rows of those
        submissions, `sources` the rows citing those documents, `other_sources` the rows
        citing none of those (or no document), `through` the rows of submissions up to
        that id, `named_after` (lead agency -> 'YYYY-MM') the rows that name one of those lead
        agencies in a submission of a later month."""
        import pandas as pd

        wanted = list(fields) if fields is not None else [*ROW_FIELDS, "task_id", "submission_id"]
        unknown = set(wanted) - {*ROW_FIELDS, "task_id", "submission_id"}
        if unknown:
            raise ValueError(f"not row fields: {sorted(unknown)}")
        columns = ", ".join("t.task_id" if c == "task_id" else f"r.{c}" for c in wanted)
        where, params = [], []
        if submissions is not None:
            where.append(f"r.submission_id IN {_in_list(self.db, 'want_submissions', submissions)}")
        if sources is not None:
            where.append(f"r.source_id IN {_in_list(self.db, 'want_sources', sources)}")
        if other_sources is not None:
            where.append("(r.source_id IS NULL OR r.source_id NOT IN"
                         f" {_in_list(self.db, 'other_sources', other_sources)})")
        if named_after is not None:
            where.append("(" + (" OR ".join(["(r.agency = ? AND s.month > ?)"] * len(named_after)) or "0") + ")")
            params.extend(v for pair in named_after.items() for v in pair)
        if through is not None:
            where.append("r.submission_id <= ?")
            params.append(through)
        frame = pd.read_sql_query(
            f"SELECT r.id AS row_id, {columns}, s.month, s.file_name, s.sha256 FROM rows r"
            " JOIN submissions s ON s.id = r.submission_id"
            + (" LEFT JOIN row_tasks t ON t.row_id = r.id" if "task_id" in wanted else "")
            + (" WHERE " + " AND ".join(where) if where else "") + " ORDER BY r.id", self.db, params=params)
        return codec.decode_rows(frame)

    def _state(self) -> str:
        return str(self.db.execute(
            "SELECT COUNT(*) || ':' || COALESCE(MAX(id), 0) FROM submissions").fetchone()[0])

    def resolved_state(self) -> tuple[str, str]:
        """(what the tasks were last resolved from, what the rows are now): equal when current.

        Both read 'submissions:last submission id'."""
        row = self.db.execute("SELECT value FROM meta WHERE key='resolved_from'").fetchone()
        return (row[0] if row else ""), self._state()

    def behind_warning(self) -> str | None:
        """A warning when submissions were stored after the tasks were last worked out (an
        ingest stopped or failed in between); None when the tasks are current."""
        behind = len(self.submissions_after(self.resolved_state()[0]))
        if not behind:
            return self._decisions_warning()
        return (f"{behind} submission(s) stored since the tasks were last worked out are not in"
                " these tasks: run 'taskrollup ingest' again (if it stops with an error, that error is why)")

    def _decisions_warning(self) -> str | None:
        """A warning when the decisions file beside the store is not the one the tasks follow."""
        from taskrollup import decisions

        try:
            found = decisions.load(decisions.path_for(self.path))
        except TaskrollupError as exc:
            return str(exc)
        if not decisions.changed_documents(self.decided_state(), [r.decision for r in found]):
            return None
        return ("the decisions file changed since the tasks were formed: run 'taskrollup ingest' again"
                " to follow it")

    def submissions_after(self, state: str) -> list[int]:
        """Ids of the submissions stored since the resolved state `state` was read."""
        last = int(state.partition(":")[2] or 0) if state else 0
        return [int(r[0]) for r in self.db.execute("SELECT id FROM submissions WHERE id > ? ORDER BY id",
                                                   (last,))]

    def replace_tasks(self, tasks: pd.DataFrame, row_tasks: pd.Series, resolved_from: str = "",
                      sources: Sequence[str] | None = None, pairs: pd.DataFrame | None = None,
                      decided: str | None = None) -> bool:
        """Swap in the derived tasks, the row -> task links and the pairs of tasks that may
        be one (`pairs`, of the same documents), in one transaction; `decided`: the digest of
        the office's decisions they follow (`decided_state`).

        With `sources`, only the tasks of those documents are replaced, and the links
        of the rows given (every row citing them: a row's link is overwritten, and a
        row that has no task never had one); without, all tasks and links. When
        another run stored a submission since `resolved_from` was read, nothing is
        written (False): that run resolves again after its own files.
        """
        import pandas as pd

        linked = row_tasks[row_tasks.notna()]
        links = zip(linked.index.astype(int).tolist(), linked.astype(object).tolist(), strict=True)
        with self.transaction() as db:
            if resolved_from and self._state() != resolved_from:
                return False
            everything = tasks  # the tasks of the store once these are in
            if sources is None:
                db.execute("DELETE FROM row_tasks")
            else:
                kept = self.load_tasks()
                kept = kept[~kept["source_id"].isin(set(sources))]
                if len(kept):  # resolve_tasks gives its tasks in task-id order; these join them
                    everything = pd.concat([kept, tasks[TASK_COLUMNS]], ignore_index=True).sort_values("task_id")
            if not everything["task_id"].is_unique:  # two documents' tasks with one id
                task_id = everything["task_id"][everything["task_id"].duplicated()].iloc[0]
                two = everything[everything["task_id"] == task_id].head(2)
                raise TaskIdClash(str(task_id), *(f"{s}, {a}" for s, a in zip(two["source_id"], two["agency"], strict=True)))
            db.executemany("INSERT OR REPLACE INTO row_tasks VALUES (?, ?)", links)
            self._write_task_columns(encode_task_columns(everything))
            self._write_pairs(pairs, sources)
            if decided is not None:
                db.execute("INSERT OR REPLACE INTO meta VALUES ('decided', ?)", (decided,))
            db.execute("INSERT OR REPLACE INTO meta VALUES ('resolved_from', ?)", (resolved_from,))
        return True

    def _write_pairs(self, pairs: pd.DataFrame | None, sources: Sequence[str] | None) -> None:
        """The pairs of the documents `sources` (None: of all) replaced by `pairs`."""
        if sources is None:
            self.db.execute("DELETE FROM pairs")
        else:
            self.db.execute(f"DELETE FROM pairs WHERE source_id IN {_in_list(self.db, 'pair_sources', sources)}")
        if pairs is not None and len(pairs):
            self.db.executemany(f"INSERT INTO pairs VALUES ({','.join('?' * len(STORED_PAIR_COLUMNS))})",
                                codec.records(pairs[STORED_PAIR_COLUMNS]))

    def load_pairs(self) -> pd.DataFrame:
        """The pairs of tasks that may be one task (fields.STORED_PAIR_COLUMNS)."""
        import pandas as pd

        return pd.read_sql_query(f"SELECT {', '.join(STORED_PAIR_COLUMNS)} FROM pairs ORDER BY rowid", self.db)

    def decided_state(self) -> str:
        """The digest of the office's decisions the tasks last followed ('' when none)."""
        row = self.db.execute("SELECT value FROM meta WHERE key='decided'").fetchone()
        return row[0] if row else ""

    def _write_task_columns(self, encoded: list[str]) -> None:
        """All tasks, given as `encode_task_columns` gives them."""
        self.db.execute("DELETE FROM task_columns")
        self.db.executemany("INSERT INTO task_columns VALUES (?, ?)", zip(TASK_COLUMNS, encoded, strict=True))

    def load_tasks(self, *, text: bool = True) -> pd.DataFrame:
        """The resolved tasks in task-id order; missing dates and texts are None, flags are
        booleans. With `text=False`, without the tasks' long texts (`fields.TASK_TEXTS`),
        which only listings and documents show."""
        import pandas as pd

        wanted = [c for c in TASK_COLUMNS if text or c not in TASK_TEXTS]
        found = dict(self.db.execute(
            f"SELECT name, data FROM task_columns WHERE name IN ({','.join('?' * len(wanted))})", wanted))
        if len(found) != len(wanted):  # nothing resolved yet
            found = {c: "[]" for c in wanted}
        return pd.DataFrame({c: codec.decode_task_column(c, found[c]) for c in wanted}, columns=wanted, copy=False)

    def replace_findings(self, found: pd.DataFrame, resolved_from: str) -> bool:
        """Store the data-quality findings of the store as resolved at `resolved_from`;
        nothing is written (False) when the store has changed since."""
        with self.transaction() as db:
            if self._state() != resolved_from:
                return False
            db.execute("DELETE FROM findings")
            db.executemany(f"INSERT INTO findings VALUES ({','.join('?' * len(FINDING_COLUMNS))})",
                           codec.records(found[FINDING_COLUMNS]))
            db.execute("INSERT OR REPLACE INTO meta VALUES ('findings_from', ?)", (resolved_from,))
        return True

    def findings_current(self) -> bool:
        """True when the stored findings are those of the store as it is now."""
        row = self.db.execute("SELECT value FROM meta WHERE key='findings_from'").fetchone()
        done_from, now = self.resolved_state()
        return row is not None and row[0] == now == done_from

    def load_findings(self) -> pd.DataFrame | None:
        """The stored findings, or None when they are not those of the store as it is now."""
        if not self.findings_current():
            return None
        return codec.decode_findings(
            self.db.execute(f"SELECT {', '.join(FINDING_COLUMNS)} FROM findings ORDER BY rowid").fetchall())

    def task_findings(self, task_id: str) -> pd.DataFrame | None:
        """The stored findings that name one task, or None when the findings are not those of
        the store as it is now."""
        if not self.findings_current():
            return None
        return codec.decode_findings(self.db.execute(
            f"SELECT {', '.join(FINDING_COLUMNS)} FROM findings WHERE task_id = ? ORDER BY rowid",
            (task_id,)).fetchall())

    def task_rows(self, task_id: str) -> pd.DataFrame:
        """Every row linked to one task, oldest submission first: where it is (file, sheet,
        row), its month, the agency that sent it, and its fields."""
        import pandas as pd

        fields = ("sheet", "row", "is_lead", "state", "timing", "deadline", "extended_deadline",
                  "completed_on", "cancelled_on", "extension_requested", "problems")
        frame = pd.read_sql_query(
            f"SELECT r.id AS row_id, {', '.join('r.' + f for f in fields)}, s.month, s.file_name,"
            " s.agency AS submitted_by, s.id AS submission_id FROM row_tasks t"
            " JOIN rows r ON r.id = t.row_id JOIN submissions s ON s.id = r.submission_id"
            " WHERE t.task_id = ? ORDER BY s.month, s.id, r.id", self.db, params=(task_id,))
        return codec.decode_rows(frame)

    def task_texts(self, task_ids: Sequence[str]) -> dict[str, str]:
        """The content of the given tasks, by task id."""
        if not task_ids:
            return {}
        wanted = set(task_ids)
        found = dict(self.db.execute("SELECT name, data FROM task_columns WHERE name IN ('task_id', 'content')"))
        if len(found) < 2:
            return {}
        return {t: c for t, c in zip(codec.decode_array(found["task_id"]), codec.decode_array(found["content"]),
                                     strict=True) if t in wanted}

    def task_count(self) -> int:
        row = self.db.execute("SELECT data FROM task_columns WHERE name = 'task_id'").fetchone()
        return len(codec.decode_array(row[0])) if row else 0

    def row_counts(self) -> tuple[int, int]:
        """(rows, rows with problems) in the store."""
        total, bad = self.db.execute(
            "SELECT COUNT(*), COALESCE(SUM(problems != '[]'), 0) FROM rows").fetchone()
        return int(total), int(bad)

    def submissions(self) -> pd.DataFrame:
        import pandas as pd

        return pd.read_sql_query("SELECT * FROM submissions ORDER BY month, id", self.db)
