"""The store: one transaction per file, nothing half-written."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from taskrollup.errors import StoreError
from taskrollup.store import ROW_FIELDS, Store, Submission


def sub(sha: str = "a" * 64) -> Submission:
    return Submission("f.xlsx", sha, "Sở Y tế", "2021-06", 1, 2, 0)


def frame(n: int = 2) -> pd.DataFrame:
    rows = [{f: None for f in ROW_FIELDS} | {"sheet": "S", "row": i + 1, "problems": "",
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
