"""The store: one transaction per file, nothing half-written."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from taskrollup.errors import StoreError, TaskIdClash
from taskrollup.fields import FINDING_COLUMNS, ROW_FIELDS, TASK_COLUMNS, TASK_FLAGS
from taskrollup.store import Store, Submission


def sub(sha: str = "a" * 64) -> Submission:
    return Submission("f.xlsx", sha, "Sở Y tế", "2021-06", 1, 2, 0)


def frame(n: int = 2) -> pd.DataFrame:
    rows = [{f: None for f in ROW_FIELDS} | {"sheet": "S", "row": i + 1, "problems": (),
                                              "content": f"Việc {i}"} for i in range(n)]
    return pd.DataFrame(rows)


def test_submission_and_rows_go_in_together(db: Path) -> None:
    """A submission is stored with all its rows."""
    with Store(db) as store:
        assert store.add_submission(sub(), frame(3)) is not None
        assert store.db.execute("SELECT COUNT(*) FROM rows").fetchone()[0] == 3


def test_failure_leaves_nothing(db: Path) -> None:
    """A failure while writing the rows rolls back the submission record too."""
    broken = frame(2).astype(object)
    broken.at[1, "content"] = object()  # sqlite cannot bind this value
    with Store(db) as store:
        with pytest.raises(Exception):  # noqa: B017  (any driver error will do)
            store.add_submission(sub(), broken)
        assert store.db.execute("SELECT COUNT(*) FROM submissions").fetchone()[0] == 0
        assert store.db.execute("SELECT COUNT(*) FROM rows").fetchone()[0] == 0


def test_same_file_twice(db: Path) -> None:
    """The same SHA-256 is stored once; the second call says so with None."""
    with Store(db) as store:
        store.add_submission(sub(), frame())
        assert store.add_submission(sub(), frame()) is None
        assert store.db.execute("SELECT COUNT(*) FROM rows").fetchone()[0] == 2


def test_missing_store_for_reading(tmp_path: Path) -> None:
    """Opening a store that does not exist, to read, is a clear error."""
    with pytest.raises(StoreError, match="ingest"):
        Store(tmp_path / "nope.db", create=False)


def test_not_a_store(tmp_path: Path) -> None:
    """A file that is not SQLite is refused with its name."""
    path = tmp_path / "x.db"
    path.write_bytes(b"hello, this is not a database" * 100)
    with pytest.raises(StoreError, match="x.db"):
        Store(path)


@pytest.mark.parametrize("version", ["1", "2", "3"])
def test_store_of_an_older_version_is_refused_untouched(tmp_path: Path, version: str) -> None:
    """A store of an older schema (problems kept as text) is refused with what to do, and no table is added."""
    import sqlite3

    old = tmp_path / "old.db"
    with sqlite3.connect(old) as con:
        con.execute("CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)")
        con.execute("INSERT INTO meta VALUES ('schema_version', ?)", (version,))
    with pytest.raises(StoreError, match=f"older version .*schema {version}.*ingest the submissions again"):
        Store(old)
    with sqlite3.connect(old) as con:
        tables = {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    assert tables == {"meta"}


def tasks_frame(*tasks: tuple[str, str, str]) -> pd.DataFrame:
    """Tasks (task id, document, content), their other fields empty."""
    rows = []
    for task_id, source, content in tasks:
        row: dict[str, object] = dict.fromkeys(TASK_COLUMNS)
        row.update(dict.fromkeys(TASK_FLAGS, False), row_count=1, status_row_id=1,
                   task_id=task_id, source_id=source, content=content)
        rows.append(row)
    return pd.DataFrame(rows, columns=TASK_COLUMNS)


def test_tasks_replaced_whole_or_by_document(db: Path) -> None:
    """All tasks replace all; with `sources`, only those documents' tasks are replaced and the
    others kept, in task-id order. Texts are found by id; the count is of the tasks kept."""
    with Store(db) as store:
        assert store.task_count() == 0 and store.task_texts(["t1"]) == {}
        whole = tasks_frame(("t1", "A", "Việc một"), ("t3", "B", "Việc ba"))
        assert store.replace_tasks(whole, pd.Series({1: "t1", 2: "t3"}))
        assert store.task_count() == 2
        assert store.task_texts(["t3", "nope"]) == {"t3": "Việc ba"}
        # Document B again: t3 goes, t2 comes; t1 (document A) stays, and sorts first.
        assert store.replace_tasks(tasks_frame(("t2", "B", "Việc hai")), pd.Series({2: "t2"}), sources=["B"])
        got = store.load_tasks()[["task_id", "source_id", "content"]].to_numpy().tolist()
        assert got == [["t1", "A", "Việc một"], ["t2", "B", "Việc hai"]]
        assert store.task_count() == 2
        assert store.db.execute("SELECT * FROM row_tasks ORDER BY row_id").fetchall() == [(1, "t1"), (2, "t2")]
        # Everything again, with nothing: no task, no link.
        assert store.replace_tasks(tasks_frame(), pd.Series(dtype=object))
        assert store.task_count() == 0 and store.load_tasks().empty
        assert store.db.execute("SELECT COUNT(*) FROM row_tasks").fetchone()[0] == 0


def test_tasks_sharing_an_id_are_refused_and_nothing_changes(db: Path) -> None:
    """Two tasks with one id (a clash of the hash, within a run or with a task kept from
    another document) are refused, and the store keeps what it had."""
    with Store(db) as store:
        store.replace_tasks(tasks_frame(("t1", "A", "Việc một")), pd.Series({1: "t1"}))
        with pytest.raises(TaskIdClash, match=r"t2 \(A, None; B, None\)"):
            store.replace_tasks(tasks_frame(("t2", "A", "x"), ("t2", "B", "y")), pd.Series({1: "t2"}))
        with pytest.raises(TaskIdClash, match=r"t1 \(A, None; B, None\)"):
            store.replace_tasks(tasks_frame(("t1", "B", "Việc khác")), pd.Series({2: "t1"}), sources=["B"])
        assert store.load_tasks()[["task_id", "content"]].to_numpy().tolist() == [["t1", "Việc một"]]
        assert store.db.execute("SELECT * FROM row_tasks").fetchall() == [(1, "t1")]


def test_problems_and_findings_come_back_as_stored(db: Path) -> None:
    """A row's problems and a finding's detail come back as stored; only rows with a problem count as such."""
    bad = ({"code": "not-a-date", "column": "C", "header": "Ngày giao", "value": "31/02/2021"},
           {"code": "no-status", "field": "tick_done"})
    rows = frame(3)
    rows["problems"] = [(), bad, ()]
    found = pd.DataFrame([{"kind": "done_without_date", "detail": {"first_done_in": "2021-04"}, "file": "f.xlsx",
                           "sheet": "S", "row": 2, "agency": "Sở Y tế", "task_id": "t1"}], columns=FINDING_COLUMNS)
    with Store(db) as store:
        store.add_submission(sub(), rows)
        now = store.resolved_state()[1]
        store.replace_tasks(tasks_frame(), pd.Series(dtype=object), now)
        store.replace_findings(found, now)
        assert store.load_rows(["row", "problems"])["problems"].tolist() == [(), bad, ()]
        assert store.row_counts() == (3, 1)
        assert store.load_findings().to_dict("records") == found.to_dict("records")


def test_one_tasks_rows_and_findings(db: Path) -> None:
    """A task's rows come back with their file, month and sending agency, oldest month first;
    its findings are those stored against it, None when the findings are not current."""
    found = pd.DataFrame([{"kind": "done_without_date", "detail": {"first_done_in": "2021-04"}, "file": "f.xlsx",
                           "sheet": "S", "row": 2, "agency": "Sở Y tế", "task_id": tid} for tid in ("t1", "t2")],
                         columns=FINDING_COLUMNS)
    with Store(db) as store:
        store.add_submission(Submission("june.xlsx", "b" * 64, "Sở Y tế", "2021-06", 1, 2, 0), frame(2))
        store.add_submission(Submission("may.xlsx", "c" * 64, "Sở Tài chính", "2021-05", 1, 1, 0), frame(1))
        now = store.resolved_state()[1]
        store.replace_tasks(tasks_frame(("t1", "A", "Việc")), pd.Series({1: "t1", 3: "t1", 2: "t2"}), now)
        assert store.task_findings("t1") is None  # not worked out for the store as it is
        rows = store.task_rows("t1")
        assert rows[["row_id", "file_name", "month", "submitted_by", "row"]].to_numpy().tolist() == [
            [3, "may.xlsx", "2021-05", "Sở Tài chính", 1], [1, "june.xlsx", "2021-06", "Sở Y tế", 1]]
        assert rows["problems"].tolist() == [(), ()] and rows["is_lead"].dtype == bool
        store.replace_findings(found, now)
        assert store.task_findings("t2").to_dict("records") == found.iloc[1:].to_dict("records")
        assert store.task_rows("nope").empty and store.task_findings("nope").empty


def test_another_programs_database_is_not_touched_by_a_read(tmp_path: Path) -> None:
    """A SQLite file without a taskrollup version, opened to read, is refused unchanged:
    no table added, its journal mode kept."""
    import sqlite3

    other = tmp_path / "other.sqlite"
    with sqlite3.connect(other) as con:
        con.execute("CREATE TABLE notes (text TEXT)")
    before = other.read_bytes()
    with pytest.raises(StoreError, match="not a taskrollup store"):
        Store(other, create=False)
    assert other.read_bytes() == before and not Path(f"{other}-wal").exists()


def test_a_current_store_opens_to_read_while_another_process_writes(db: Path) -> None:
    """Opening a store of this version writes nothing, so a read (a report while an ingest
    runs) neither waits for the writer nor changes the file."""
    import sqlite3
    import time

    with Store(db) as store:
        store.replace_tasks(tasks_frame(("t1", "A", "Việc một")), pd.Series({1: "t1"}))
    writer = sqlite3.connect(db, isolation_level=None)
    writer.execute("BEGIN IMMEDIATE")  # another process writing
    try:
        start = time.monotonic()
        with Store(db, create=False) as store:
            assert store.task_count() == 1
        assert time.monotonic() - start < 5  # it would wait up to BUSY_TIMEOUT_MS before
    finally:
        writer.execute("ROLLBACK")
        writer.close()


def test_store_of_another_version_is_refused_at_once_while_written(db: Path) -> None:
    """A store of a version this one cannot read is refused without waiting for another
    process's write to end."""
    import sqlite3
    import time

    Store(db).close()
    with sqlite3.connect(db) as con:
        con.execute("UPDATE meta SET value = '9' WHERE key = 'schema_version'")
    writer = sqlite3.connect(db, isolation_level=None)
    writer.execute("BEGIN IMMEDIATE")  # another process writing
    try:
        start = time.monotonic()
        with pytest.raises(StoreError, match="schema 9"):
            Store(db, create=False)
        assert time.monotonic() - start < 5
    finally:
        writer.execute("ROLLBACK")
        writer.close()


def test_rows_naming_agencies_after_a_month(db: Path) -> None:
    """load_rows(named_after=...) reads only the rows naming one of those lead agencies in a
    submission of a month after the one given for it."""
    rows = frame(3).assign(agency=["Sở Y tế", "Sở Kế hoạch và Đầu tư", None])
    with Store(db) as store:
        store.add_submission(sub(), rows)  # June 2021
        assert store.load_rows(["row"], named_after={"Sở Kế hoạch và Đầu tư": "2021-05"})["row"].tolist() == [2]
        assert store.load_rows(["row"], named_after={"Sở Kế hoạch và Đầu tư": "2021-06", "Sở Y tế": "2021-07"}).empty
        assert store.load_rows(["row"], named_after={"Sở Y tế": "2021-05", "X": "2020-01"})["row"].tolist() == [1]
        assert store.load_rows(["row"], named_after={}).empty
