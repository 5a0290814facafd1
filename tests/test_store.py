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


def test_store_of_another_version_is_refused_untouched(tmp_path: Path) -> None:
    """A store written by another schema version is refused, with what to do, and no table is
    added to it."""
    import sqlite3

    old = tmp_path / "old.db"
    with sqlite3.connect(old) as con:
        con.execute("CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)")
        con.execute("INSERT INTO meta VALUES ('schema_version', '1')")
    with pytest.raises(StoreError, match="ingest the submissions again"):
        Store(old)
    with sqlite3.connect(old) as con:
        tables = {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    assert tables == {"meta"}


def test_lanes_keep_an_agency_on_one_worker() -> None:
    """An agency's months go to one worker, the workers get even shares; when one name
    covers every file, files are dealt in turn."""
    from taskrollup.ingest import _lanes

    names = [Path(f"2021-0{m}/{a}_T{m}.xlsx") for m in (1, 2, 3) for a in ("GTVT", "SYT", "STC", "SNN")]
    lanes = _lanes(names, 2)
    by_agency = {n.name.split("_")[0]: set() for n in names}
    for n, lane in zip(names, lanes, strict=True):
        by_agency[n.name.split("_")[0]].add(lane)
    assert all(len(v) == 1 for v in by_agency.values()) and sorted(lanes).count(0) == 6
    folders = [Path(f"{a}/2021-0{m}.xlsx") for a in ("GTVT", "SYT") for m in (1, 2)]
    assert _lanes(folders, 2) in ([0, 0, 1, 1], [1, 1, 0, 0])
    same = [Path(f"2021-0{m}/BC_T{m}.xlsx") for m in range(1, 7)]
    assert _lanes(same, 2) == [0, 1, 0, 1, 0, 1]
