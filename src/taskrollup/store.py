"""The local store: one SQLite file, no server. The only module that touches it.

Every submission goes in inside one transaction (its record and all its rows),
so a file that fails, or a process killed half-way, leaves nothing behind. The
`tasks` table is derived from the rows and rebuilt, in its own transaction,
after each ingest run.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from taskrollup.errors import StoreError
from taskrollup.resolve import TASK_COLUMNS

SCHEMA_VERSION = "1"
BUSY_TIMEOUT_MS = 120_000
ROW_FIELDS = [
    "sheet", "row", "source_id", "assigned_on", "content", "content_key", "agency",
    "coordinators", "deadline", "no_deadline", "extended_deadline", "state", "timing",
    "extension_requested", "completed_on", "cancelled_on", "secret", "is_lead", "problems",
]
_SCHEMA = f"""
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
    cancelled_on TEXT, secret INTEGER, is_lead INTEGER, problems TEXT NOT NULL DEFAULT '',
    task_id TEXT
);
CREATE INDEX IF NOT EXISTS rows_task ON rows(task_id);
CREATE INDEX IF NOT EXISTS rows_submission ON rows(submission_id);
CREATE TABLE IF NOT EXISTS tasks (
    {", ".join(c + (" TEXT PRIMARY KEY" if c == "task_id" else "") for c in TASK_COLUMNS)}
);
"""


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


def _records(frame: pd.DataFrame) -> Iterator[tuple[object, ...]]:
    """Plain tuples for SQLite: flags as 0/1, missing values as None (dates arrive as ISO text)."""
    frame = frame.copy()
    for col in frame.columns:
        if frame[col].dtype == bool:
            frame[col] = frame[col].astype(int)
    frame = frame.astype(object).where(frame.notna(), None)
    return frame.itertuples(index=False, name=None)


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
            self.db.execute("PRAGMA journal_mode = WAL")
            self.db.execute("PRAGMA synchronous = NORMAL")
            with self.transaction():
                for statement in _SCHEMA.split(";"):
                    if statement.strip():
                        self.db.execute(statement)
                self.db.execute("INSERT OR IGNORE INTO meta VALUES ('schema_version', ?)",
                                (SCHEMA_VERSION,))
        except sqlite3.DatabaseError as exc:
            raise StoreError(f"{self.path} is not a taskrollup store ({exc})") from exc
        version = self.db.execute("SELECT value FROM meta WHERE key='schema_version'").fetchone()
        if version and version[0] != SCHEMA_VERSION:
            raise StoreError(f"{self.path} was written by another version (schema {version[0]})")

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

    def add_submission(self, sub: Submission, rows: pd.DataFrame) -> int | None:
        """Insert one file's record and rows atomically; None when it is already there."""
        with self.transaction() as db:
            if self.find_file(sub.sha256) is not None:
                return None
            now = dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
            cur = db.execute(
                "INSERT INTO submissions (file_name, sha256, agency, month, ingested_at, sheets,"
                " rows_read, skipped) VALUES (?,?,?,?,?,?,?,?)",
                (sub.file_name, sub.sha256, sub.agency, sub.month, now, sub.sheets,
                 sub.rows_read, sub.skipped))
            sid = cur.lastrowid
            marks = ",".join("?" * (len(ROW_FIELDS) + 1))
            db.executemany(f"INSERT INTO rows (submission_id, {', '.join(ROW_FIELDS)}) VALUES ({marks})",
                           ((sid, *rec) for rec in _records(rows[ROW_FIELDS])))
        return sid

    def load_rows(self, fields: Sequence[str] | None = None) -> pd.DataFrame:
        """Every row with its submission's month, file name and SHA-256.

        `fields` picks row fields (of ROW_FIELDS, plus task_id and submission_id) to
        read; the default reads them all (deduplication needs them)."""
        wanted = list(fields) if fields is not None else [*ROW_FIELDS, "task_id", "submission_id"]
        unknown = set(wanted) - {*ROW_FIELDS, "task_id", "submission_id"}
        if unknown:
            raise ValueError(f"not row fields: {sorted(unknown)}")
        columns = ", ".join(f"r.{c}" for c in wanted)
        frame = pd.read_sql_query(
            f"SELECT r.id AS row_id, {columns}, s.month, s.file_name, s.sha256 FROM rows r"
            " JOIN submissions s ON s.id = r.submission_id", self.db)
        for col in ("no_deadline", "extension_requested", "secret", "is_lead"):
            if col in frame.columns:
                frame[col] = frame[col].fillna(0).astype(bool)
        return frame

    def _state(self) -> str:
        return str(self.db.execute(
            "SELECT COUNT(*) || ':' || COALESCE(MAX(id), 0) FROM submissions").fetchone()[0])

    def resolved_state(self) -> tuple[str, str]:
        """(what the tasks were last resolved from, what the rows are now): equal when current."""
        row = self.db.execute("SELECT value FROM meta WHERE key='resolved_from'").fetchone()
        return (row[0] if row else ""), self._state()

    def replace_tasks(self, tasks: pd.DataFrame, row_tasks: pd.Series, resolved_from: str = "") -> bool:
        """Swap in the derived tasks and the row -> task links, in one transaction.

        When another run stored a submission since `resolved_from` was read, nothing
        is written (False): that run resolves again after its own files.
        """
        cols = TASK_COLUMNS
        values = list(_records(tasks[cols]))
        links = list(zip(row_tasks.astype(object).where(row_tasks.notna(), None).tolist(),
                         row_tasks.index.astype(int).tolist(), strict=True))
        with self.transaction() as db:
            if resolved_from and self._state() != resolved_from:
                return False
            db.execute("DELETE FROM tasks")
            db.executemany(f"INSERT INTO tasks ({', '.join(cols)}) VALUES ({','.join('?' * len(cols))})",
                           values)
            db.executemany("UPDATE rows SET task_id=? WHERE id=?", links)
            db.execute("INSERT OR REPLACE INTO meta VALUES ('resolved_from', ?)", (resolved_from,))
        return True

    def load_tasks(self) -> pd.DataFrame:
        """The resolved tasks; missing dates and texts are None, flags are booleans."""
        frame = pd.read_sql_query("SELECT * FROM tasks ORDER BY task_id", self.db)
        flags = ("no_deadline", "extension_requested", "secret", "completed_derived")
        for col in frame.columns:
            if col in flags:
                frame[col] = frame[col].fillna(0).astype(bool)
            elif col not in ("row_count", "status_row_id"):
                frame[col] = frame[col].astype(object).where(frame[col].notna(), None)
        return frame

    def task_count(self) -> int:
        return int(self.db.execute("SELECT COUNT(*) FROM tasks").fetchone()[0])

    def row_counts(self) -> tuple[int, int]:
        """(rows, rows with problems) in the store."""
        total, bad = self.db.execute(
            "SELECT COUNT(*), COALESCE(SUM(problems != ''), 0) FROM rows").fetchone()
        return int(total), int(bad)

    def submissions(self) -> pd.DataFrame:
        return pd.read_sql_query("SELECT * FROM submissions ORDER BY month, id", self.db)
