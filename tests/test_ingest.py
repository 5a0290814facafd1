"""The ingest pipeline: tasks resolved from rows, findings after a partial resolution, and the
same store whatever the number of processes, the way they start, or the runs the files came in."""

from __future__ import annotations

import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from taskrollup.identity import key as content_key
from taskrollup.ingest import ingest
from taskrollup.quality import ROW_FIELDS_USED, findings
from taskrollup.resolution import resolve_store, tasks_of
from taskrollup.store import RESOLVE_FIELDS, ROW_FIELDS, Store, Submission
from taskrollup.submission import Options

SAMPLE = Path(__file__).resolve().parents[1] / "sample_data" / "inbox"


def _row(n: int, source: str | None, agency: str, content: str, month: str, **kw: object) -> dict[str, object]:
    """Stored row number `n` of a lead agency, clean, not done, with no dates."""
    base: dict[str, object] = {
        "row_id": n, "submission_id": int(month.replace("-", "")), "month": month,
        "sha256": f"sha-{month}", "sheet": "S", "row": n, "problems": (), "is_lead": True,
        "source_id": source, "agency": agency, "content": content, "content_key": content_key(content),
        "assigned_on": None, "deadline": None, "no_deadline": True, "extended_deadline": None,
        "state": "not_done", "timing": None, "extension_requested": False, "completed_on": None,
        "cancelled_on": None, "secret": False,
    }
    return base | kw


def test_tasks_of_rows_worked_by_hand() -> None:
    """Worked by hand. Document 1/QĐ: rows 1 and 2 are one task (row 2 drops a letter of
    "tổng" and "tác" loses its tone mark: small typos), done in February without a date:
    completed at the month's end. Document 2/QĐ: rows 3 and 4 are two tasks (row 4 adds a
    word: rule 11), reported as a possible same task; row 3 is dated by the document's
    earliest date, 2021-01-20, as row 5, another agency's task of the same document. Row
    6 cites no document: no task."""
    rows = pd.DataFrame([
        _row(1, "1/QĐ-UBND", "Sở Y tế", "Báo cáo tổng kết công tác năm 2021", "2021-01",
             assigned_on="2021-01-05"),
        _row(2, "1/QĐ-UBND", "Sở Y tế", "Báo cáo tổg kết công tac năm 2021", "2021-02",
             state="done"),
        _row(3, "2/QĐ-UBND", "Sở Y tế", "Kiểm tra công tác phòng chống dịch", "2021-01"),
        _row(4, "2/QĐ-UBND", "Sở Y tế", "Kiểm tra công tác phòng chống dịch bệnh", "2021-02",
             assigned_on="2021-01-20"),
        _row(5, "2/QĐ-UBND", "Sở Tài chính", "Tổ chức hội nghị sơ kết", "2021-02"),
        _row(6, None, "Sở Tài chính", "Tổ chức hội nghị sơ kết", "2021-02"),
    ])
    ids, tasks, pairs = tasks_of(rows)
    assert ids[0] == ids[1] and ids[2] != ids[3] and ids[5] is None and len({*ids} - {None}) == 4
    assert list(tasks["task_id"]) == sorted(tasks["task_id"])
    by_id = tasks.set_index("task_id")
    assert by_id.loc[ids[1], ["state", "completed_on", "row_count"]].tolist() == ["done", "2021-02-28", 2]
    assert by_id.loc[ids[3], "assigned_on"] == "2021-01-20"
    assert by_id.loc[ids[2], "assigned_on"] == "2021-01-20"
    assert by_id.loc[ids[4], ["assigned_on", "agency"]].tolist() == ["2021-01-20", "Sở Tài chính"]
    assert pairs[["task_a", "task_b", "differing"]].values.tolist() == [[ids[2], ids[3], 1]]
    assert pairs[["text_a", "text_b"]].values.tolist() == [[
        "Kiểm tra công tác phòng chống dịch", "Kiểm tra công tác phòng chống dịch bệnh"]]


def _add(store: Store, month: str, rows: list[dict[str, object]], fresh: list[pd.DataFrame]) -> None:
    """Store one submission of `rows`; its rows, as the ingest hands them to resolution, to `fresh`."""
    frame = pd.DataFrame([r | {"coordinators": ""} for r in rows])
    sub = Submission(f"F_{month}.xlsx", f"sha-{month}", "Sở Y tế", month, 1, len(frame), 0)
    stored = store.add_submission(sub, frame[ROW_FIELDS])
    assert stored is not None
    sid, first = stored
    fresh.append(frame[RESOLVE_FIELDS].assign(row_id=range(first, first + len(frame)), submission_id=sid,
                                              month=month, sha256=sub.sha256, file_name=sub.file_name))


def _store_month(store: Store, month: str, tasks: list[tuple[str, str]], first_row: int) -> None:
    """One submission of Sở Y tế (lead, cumulative list): (document, content) per row, not done."""
    _add(store, month, [_row(first_row + i, source, "Sở Y tế", content, month) | {"row": i + 1}
                        for i, (source, content) in enumerate(tasks)], [])


def test_findings_after_a_partial_resolution_as_a_full_reading_gives(tmp_path: Path) -> None:
    """Worked by hand. January lists Y (1/QĐ), X (2/QĐ), Z and W (1/QĐ), all open; February
    repeats Z and W only (2 of 4 open tasks: the list is cumulative), so Y and X are dropped
    from it, and the findings name them in store order: Y (row 1), then X (row 2). March, a
    second run, cites 2/QĐ alone: X's rows and March's are in hand, Y's are read back. The
    findings stored are those of a full reading of the store, in the same order."""
    y, x = ("1/QĐ-UBND", "Lập quy hoạch mạng lưới y tế"), ("2/QĐ-UBND", "Kiểm tra an toàn thực phẩm")
    z, w = ("1/QĐ-UBND", "Tổng kết công tác tiêm chủng"), ("1/QĐ-UBND", "Đánh giá chất lượng bệnh viện")
    with Store(tmp_path / "s.db") as store:
        _store_month(store, "2021-01", [y, x, z, w], 1)
        _store_month(store, "2021-02", [z, w], 5)
        resolve_store(store)
        _store_month(store, "2021-03", [("2/QĐ-UBND", "Báo cáo kết quả thanh tra")], 7)
        resolve_store(store)
        stored = store.load_findings()
        full = findings(store.load_rows(ROW_FIELDS_USED), store.load_tasks(text=False))
    assert stored is not None
    dropped = stored[stored["kind"] == "dropped_from_cumulative"]
    assert dropped["row"].tolist() == [1, 2]  # Y, then X
    assert dropped["detail"].tolist() == [{"listed_in": "2021-01", "missing_in": "2021-02"}] * 2
    pd.testing.assert_frame_equal(stored.astype(str), full.astype(str))


_NO_DOC = {"problems": ({"code": "no-document", "field": "source_id"},
                       {"code": "unknown-agency", "column": "E", "header": "Cơ quan chủ trì", "value": "Sở Lạ"})}


@pytest.mark.parametrize("handed", [False, True])
@pytest.mark.parametrize("later", ["mixed", "no document"])
def test_findings_after_a_partial_resolution_every_kind_of_row(tmp_path: Path, handed: bool, later: str) -> None:
    """Rows citing no document (no task; an unknown agency, a completion years ahead) in both
    months; tasks of earlier documents whose deadlines come before their assignment, among
    the new ones; the new rows handed over by the run or read back from the store. The
    findings stored after the second resolution are, in order, those of a full reading."""
    january = [_row(1, "1/QĐ-UBND", "Sở Y tế", "Việc một", "2021-01"),
               _row(2, None, "Sở Lạ", "Việc không văn bản", "2021-01", completed_on="2030-01-01", **_NO_DOC),
               _row(3, "3/QĐ-UBND", "Sở Y tế", "Việc ba", "2021-01", assigned_on="2021-02-01",
                    deadline="2021-01-15"),
               _row(4, "9/QĐ-UBND", "Sở Y tế", "Việc chín", "2021-01", assigned_on="2021-02-01",
                    deadline="2021-01-10")]
    february = [_row(5, "1/QĐ-UBND", "Sở Y tế", "Việc một", "2021-02", assigned_on="2021-03-01",
                     deadline="2021-01-01"),
                _row(6, None, "Sở Lạ", "Việc khác", "2021-02", completed_on="2031-01-01", **_NO_DOC),
                _row(7, "5/QĐ-UBND", "Sở Y tế", "Việc năm", "2021-02", assigned_on="2021-03-01",
                     deadline="2021-01-02")]
    with Store(tmp_path / "s.db") as store:
        first: list[pd.DataFrame] = []
        _add(store, "2021-01", january, first)
        resolve_store(store, first if handed else None)
        second: list[pd.DataFrame] = []
        _add(store, "2021-02", february if later == "mixed" else february[1:2], second)
        resolve_store(store, second if handed else None)
        stored = store.load_findings()
        store.replace_findings(findings(store.load_rows(ROW_FIELDS_USED), store.load_tasks(text=False)),
                               store.resolved_state()[1])
        full = store.load_findings()  # a full reading's, through the store as the stored ones came
    assert stored is not None and full is not None
    assert stored.values.tolist() == full.values.tolist()
    kinds = {"unknown_agency", "completion_in_future"} | ({"deadline_before_assignment"} if later == "mixed" else set())
    assert kinds <= set(stored["kind"])


def _stored(db: Path) -> tuple[list[tuple[object, ...]], ...]:
    """Everything resolution writes: the row -> task links, the findings (in their stored
    order) and the tasks (kept as a copy of their columns)."""
    with sqlite3.connect(db) as con:
        return tuple(con.execute(sql).fetchall() for sql in (
            "SELECT * FROM row_tasks ORDER BY row_id",
            "SELECT * FROM findings ORDER BY rowid", "SELECT * FROM task_columns ORDER BY name"))


@pytest.fixture(scope="module")
def three_months(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Three months of the sample, and the store of one ingest of them in one process."""
    inbox = tmp_path_factory.mktemp("ingest") / "inbox"
    for month in ("2021-01", "2021-02", "2021-03"):
        shutil.copytree(SAMPLE / month, inbox / month)
    ingest([inbox], inbox.parent / "alone.db", Options(jobs=1))
    return inbox


@pytest.mark.skipif(not SAMPLE.is_dir(), reason="sample_data/inbox not generated")
def test_workers_or_none_and_one_run_or_three_store_the_same(three_months: Path, tmp_path: Path) -> None:
    """The same files read by two worker processes, or ingested a month a run (each run
    resolving only the documents its rows cite, findings from the rows in hand and the rest
    read back), give the store one run in one process gives."""
    alone = _stored(three_months.parent / "alone.db")
    ingest([three_months], tmp_path / "workers.db", Options(jobs=2))
    for month in sorted(three_months.iterdir()):
        ingest([month], tmp_path / "monthly.db", Options(jobs=2))
    assert all(alone)
    assert _stored(tmp_path / "workers.db") == alone
    assert _stored(tmp_path / "monthly.db") == alone


_SPAWNED = """
import multiprocessing, sys
from pathlib import Path
from taskrollup.ingest import ingest
from taskrollup.submission import Options
if __name__ == "__main__":
    multiprocessing.set_start_method("spawn")
    ingest([Path(sys.argv[1])], Path(sys.argv[2]), Options(jobs=2))
"""


@pytest.mark.skipif(not SAMPLE.is_dir(), reason="sample_data/inbox not generated")
def test_workers_started_by_spawn_store_the_same(three_months: Path, tmp_path: Path) -> None:
    """Workers started afresh, as on Windows and macOS (spawn), not forked: the same store."""
    script = tmp_path / "spawned.py"
    script.write_text(_SPAWNED, encoding="utf-8")
    done = subprocess.run([sys.executable, str(script), str(three_months), str(tmp_path / "spawned.db")],
                          capture_output=True, text=True, timeout=300, check=False)
    assert done.returncode == 0, done.stderr[-2000:]
    assert _stored(tmp_path / "spawned.db") == _stored(three_months.parent / "alone.db")
