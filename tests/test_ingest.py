"""The ingest's own helpers: work shared with a second process gives what one process gives."""

from __future__ import annotations

import os
import pickle
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
import pytest

from taskrollup import ingest
from taskrollup.errors import InputFileError, TaskIdClash
from taskrollup.quality import ROW_FIELDS_USED, findings
from taskrollup.store import RESOLVE_FIELDS, ROW_FIELDS, Store, Submission, encode_task_columns
from taskrollup.text import content_key

SAMPLE = Path(__file__).resolve().parents[1] / "sample_data" / "inbox"


FORKS = sys.platform.startswith("linux") and (os.cpu_count() or 1) > 1


def test_beside_returns_the_result_of_another_process() -> None:
    """The function runs in a child process (its pid differs) and its result comes back."""
    pid = ingest._beside([(os.getpid, ())]).wait(0)
    assert isinstance(pid, int) and (pid != os.getpid()) == FORKS


def test_calls_in_turn_beside_answer_each_in_its_place() -> None:
    """Two calls in one child: the first fails, the second answers; asking for the second
    first keeps the first's error for later. Without sharing, the same answers, here."""
    for share in (True, False):
        helper = ingest._beside([(int, ("not a number",)), (os.getpid, ())], share)
        pid = helper.wait(1)
        assert (pid != os.getpid()) == (share and FORKS)
        assert helper.wait(1) == pid  # asked again: the same answer, nothing read twice
        with pytest.raises(ValueError, match="not a number"):
            helper.wait(0)
        helper.cancel()  # every answer is in: nothing to end
        assert helper.wait(1) == pid


@pytest.mark.skipif(not FORKS, reason="needs fork and two CPUs")
def test_a_helper_that_dies_loses_only_the_answers_it_did_not_send() -> None:
    """The child answers the first call, then ends with exit code 3 in the second."""
    helper = ingest._beside([(sum, ([1, 2],)), (os._exit, (3,)), (sum, ([3, 4],))])
    with pytest.raises(RuntimeError, match="exit code 3"):
        helper.wait(2)
    assert helper.wait(0) == 3
    with pytest.raises(RuntimeError, match="exit code 3"):
        helper.wait(1)


@pytest.mark.skipif(not FORKS, reason="needs fork and two CPUs")
def test_a_cancelled_helper_ends_at_once() -> None:
    """Cancelled while at work on a long call: the child is killed, not waited for."""
    helper = ingest._beside([(time.sleep, (5,)), (sum, ([1, 2],))])  # waited for: it would end by itself
    helper.cancel()
    assert helper.child is not None and helper.child.exitcode == -signal.SIGKILL
    with pytest.raises(RuntimeError, match="cancelled"):
        helper.wait(1)


def test_an_error_that_would_not_come_back_whole_is_named() -> None:
    """An error whose pickle cannot rebuild it comes back as a RuntimeError naming it; one
    that can comes back as it is."""

    class Odd(Exception):
        def __init__(self, a: str, b: str) -> None:
            super().__init__(f"{a}/{b}")

    assert str(ingest._sendable(Odd("x", "y"))) == "Odd: x/y"
    plain = ValueError("bad")
    assert ingest._sendable(plain) is plain
    failed = InputFileError("f.xlsx", "damaged", "Sheet1")
    back = ingest._sendable(failed)
    assert isinstance(back, InputFileError | RuntimeError) and "damaged" in str(back)
    clash = TaskIdClash("0123456789ab")  # raised in the later half's process
    assert ingest._sendable(clash) is clash and "0123456789ab" in str(pickle.loads(pickle.dumps(clash)))


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


def test_resolution_in_two_halves_equals_one_pass(monkeypatch: pytest.MonkeyPatch) -> None:
    """Worked by hand. Document 1/QĐ: rows 1 and 2 are one task (the text gains one word:
    ratio 91,9), done in February without a date: completed at the month's end. Document
    2/QĐ: rows 3 and 4 are one task (93,2) dated 2021-01-20 by row 4; row 5, another
    agency's task of the same document, has no date of its own and takes the document's
    earliest one, 2021-01-20, so it must not be parted from rows 3 and 4. Row 6 cites no
    document: no task. Work (rows x (30 + rows) a block): 64 for 1/QĐ, 64 + 31 for 2/QĐ;
    the middle, 79,5, falls in 2/QĐ: it goes to the second process."""
    monkeypatch.setattr(ingest, "_SHARE_RESOLUTION_FROM", 0)
    rows = pd.DataFrame([
        _row(1, "1/QĐ-UBND", "Sở Y tế", "Báo cáo tổng kết công tác năm 2021", "2021-01",
             assigned_on="2021-01-05"),
        _row(2, "1/QĐ-UBND", "Sở Y tế", "Báo cáo tổng kết công tác trong năm 2021", "2021-02",
             state="done"),
        _row(3, "2/QĐ-UBND", "Sở Y tế", "Kiểm tra công tác phòng chống dịch", "2021-01"),
        _row(4, "2/QĐ-UBND", "Sở Y tế", "Kiểm tra công tác phòng chống dịch bệnh", "2021-02",
             assigned_on="2021-01-20"),
        _row(5, "2/QĐ-UBND", "Sở Tài chính", "Tổ chức hội nghị sơ kết", "2021-02"),
        _row(6, None, "Sở Tài chính", "Tổ chức hội nghị sơ kết", "2021-02"),
    ])
    assert ingest._later_documents(rows).tolist() == [False, False, True, True, True, False]
    forked: list[object] = []
    beside = ingest._beside

    def recorded(calls, share=True):  # type: ignore[no-untyped-def]
        forked.extend(fn for fn, _ in calls)
        return beside(calls, share)

    monkeypatch.setattr(ingest, "_beside", recorded)
    ids, tasks = ingest._tasks_in_two(rows)
    assert forked == ([ingest._tasks_of] if FORKS else [])  # no fork possible: not even cut
    alone_ids, alone = ingest._tasks_in_two(rows, share=False)
    assert len(forked) == FORKS  # not shared: no second process
    assert list(ids) == list(alone_ids)
    # As the store keeps them (pandas may type a column of texts and Nones as str, or object).
    assert encode_task_columns(tasks) == encode_task_columns(alone)
    assert ids[0] == ids[1] and ids[2] == ids[3] and ids[5] is None and len({*ids} - {None}) == 3
    assert list(tasks["task_id"]) == sorted(tasks["task_id"])
    by_id = tasks.set_index("task_id")
    assert by_id.loc[ids[1], ["state", "completed_on", "row_count"]].tolist() == ["done", "2021-02-28", 2]
    assert by_id.loc[ids[3], "assigned_on"] == "2021-01-20"
    assert by_id.loc[ids[4], ["assigned_on", "agency"]].tolist() == ["2021-01-20", "Sở Tài chính"]


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


@pytest.mark.parametrize("jobs", [1, 2])
def test_findings_after_a_partial_resolution_as_a_full_reading_gives(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, jobs: int) -> None:
    """Worked by hand. January lists Y (1/QĐ), X (2/QĐ), Z and W (1/QĐ), all open; February
    repeats Z and W only (2 of 4 open tasks: the list is cumulative), so Y and X are dropped
    from it, and the findings name them in store order: Y (row 1), then X (row 2). March, a
    second run, cites 2/QĐ alone: X's rows and March's are in hand, Y's are read back. The
    findings stored are those of a full reading of the store, in the same order."""
    y, x = ("1/QĐ-UBND", "Lập quy hoạch mạng lưới y tế"), ("2/QĐ-UBND", "Kiểm tra an toàn thực phẩm")
    z, w = ("1/QĐ-UBND", "Tổng kết công tác tiêm chủng"), ("1/QĐ-UBND", "Đánh giá chất lượng bệnh viện")
    asked: list[str] = []
    beside = ingest._beside

    def recorded(calls, share=True):  # type: ignore[no-untyped-def]
        asked.extend(fn.__name__ for fn, _ in calls)
        return beside(calls, share)

    monkeypatch.setattr(ingest, "_beside", recorded)
    with Store(tmp_path / "s.db") as store:
        _store_month(store, "2021-01", [y, x, z, w], 1)
        _store_month(store, "2021-02", [z, w], 5)
        ingest.resolve_store(store, jobs=jobs)
        _store_month(store, "2021-03", [("2/QĐ-UBND", "Báo cáo kết quả thanh tra")], 7)
        ingest.resolve_store(store, jobs=jobs)
        stored = store.load_findings()
        full = findings(store.load_rows(ROW_FIELDS_USED), store.load_tasks(text=False))
    assert asked == ["findings", "_findings_with"]
    assert stored is not None
    dropped = stored[stored["kind"] == "dropped_from_cumulative"]
    assert dropped["row"].tolist() == [1, 2]  # Y, then X
    assert dropped["detail"].tolist() == [{"listed_in": "2021-01", "missing_in": "2021-02"}] * 2
    pd.testing.assert_frame_equal(stored.astype(str), full.astype(str))


_NO_DOC = {"problems": ({"code": "no-document", "field": "source_id"},
                       {"code": "unknown-agency", "column": "E", "header": "Cơ quan chủ trì", "value": "Sở Lạ"})}


@pytest.mark.parametrize("jobs", [1, 2])
@pytest.mark.parametrize("handed", [False, True])
@pytest.mark.parametrize("later", ["mixed", "no document"])
def test_findings_after_a_partial_resolution_every_kind_of_row(tmp_path: Path, jobs: int, handed: bool,
                                                                later: str) -> None:
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
        ingest.resolve_store(store, first if handed else None, jobs=jobs)
        second: list[pd.DataFrame] = []
        _add(store, "2021-02", february if later == "mixed" else february[1:2], second)
        ingest.resolve_store(store, second if handed else None, jobs=jobs)
        stored = store.load_findings()
        store.replace_findings(findings(store.load_rows(ROW_FIELDS_USED), store.load_tasks(text=False)),
                               store.resolved_state()[1])
        full = store.load_findings()  # a full reading's, through the store as the stored ones came
    assert stored is not None and full is not None
    assert stored.values.tolist() == full.values.tolist()
    kinds = {"unknown_agency", "completion_in_future"} | ({"deadline_before_assignment"} if later == "mixed" else set())
    assert kinds <= set(stored["kind"])


@pytest.mark.skipif(not SAMPLE.is_dir(), reason="sample_data/inbox not generated")
def test_ingest_with_work_shared_out_stores_the_same(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The sample ingested with its work shared out and with none: the same tasks and links."""
    inbox = tmp_path / "inbox"
    for month in ("2021-01", "2021-02", "2021-03"):
        shutil.copytree(SAMPLE / month, inbox / month)

    def stored(db: Path) -> tuple[list[tuple[object, ...]], ...]:
        with sqlite3.connect(db) as con:
            return (con.execute("SELECT * FROM row_tasks ORDER BY row_id").fetchall(),
                    con.execute("SELECT * FROM findings ORDER BY rowid").fetchall(),  # as stored
                    con.execute("SELECT * FROM task_columns ORDER BY name").fetchall())

    asked: list[tuple[list[str], bool]] = []
    beside = ingest._beside

    def recorded(calls, share=True):  # type: ignore[no-untyped-def]
        asked.append(([fn.__name__ for fn, _ in calls], share))
        return beside(calls, share)

    monkeypatch.setattr(ingest, "_beside", recorded)
    monkeypatch.setattr(ingest, "_SHARE_RESOLUTION_FROM", 0)
    halves = [(["_tasks_of"], True)] if FORKS else []
    ingest.ingest([inbox], tmp_path / "shared.db", ingest.Options(jobs=2))
    # Half the documents; then the findings, while the links and the column copy are written.
    assert asked == [*halves, (["findings"], True)]
    ingest.ingest([inbox], tmp_path / "alone.db", ingest.Options(jobs=1))
    assert asked[len(halves) + 1:] == [(["findings"], False)]  # documents not even cut
    # January, then the other months: the second run resolves again only the documents its
    # rows cite, from their rows old and new, in halves too; its findings are worked out
    # beside from those rows and the rest read back.
    del asked[:]
    ingest.ingest([inbox / "2021-01"], tmp_path / "in_two_runs.db", ingest.Options(jobs=2))
    ingest.ingest([inbox], tmp_path / "in_two_runs.db", ingest.Options(jobs=2))
    assert asked == [*halves, (["findings"], True), *halves, (["_findings_with"], True)]
    shared, alone = stored(tmp_path / "shared.db"), stored(tmp_path / "alone.db")
    assert all(shared) and shared == alone
    assert stored(tmp_path / "in_two_runs.db") == alone


_BUSY_STDERR = r"""
import os, sys, threading, time
from pathlib import Path
from taskrollup import ingest
r, w = os.pipe()
os.dup2(w, 2)  # stderr is a slow terminal ...
threading.Thread(target=lambda: [(os.read(r, 512), time.sleep(0.0005)) for _ in iter(int, 1)], daemon=True).start()
def redraw():  # ... and a progress bar redraws on it all the time
    while True:
        sys.stderr.write("\r" + "#" * 2000)
        sys.stderr.flush()
threading.Thread(target=redraw, daemon=True).start()
files = ingest.find_workbooks([Path(sys.argv[1])])[:4]
jobs = [(p, ingest.file_sha256(p)) for p in files]
for _ in range(3):
    assert len(list(ingest._parsed_in_order(jobs, ingest.Options(jobs=2)))) == 4
    assert ingest._beside([(sum, ([1, 2],))]).wait(0) == 3
print("done", file=sys.__stdout__, flush=True)
os._exit(0)  # not through the interpreter's own exit: its stderr is busy for ever by design
"""


@pytest.mark.skipif(not SAMPLE.is_dir() or not sys.platform.startswith("linux") or (os.cpu_count() or 1) < 2,
                    reason="needs the sample, fork and two CPUs")
def test_forked_processes_do_not_hang_on_a_busy_stderr(tmp_path: Path) -> None:
    """A process forked while another thread writes to stderr inherits that stream's lock,
    locked; it must still end (it used to wait for the lock for ever on its way out)."""
    script = tmp_path / "busy.py"
    script.write_text(_BUSY_STDERR, encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if k != "PYTHONUNBUFFERED"}  # buffered, as for users
    done = subprocess.run([sys.executable, str(script), str(SAMPLE / "2021-01")], env=env,
                          capture_output=True, text=True, timeout=60, check=False)
    assert done.returncode == 0 and "done" in done.stdout, done.stderr[-2000:]
