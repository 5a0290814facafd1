"""Hostile and broken input: one clear line, nothing half-written, nothing leaked, bounded memory.

The corpus is built by tests/hostile/make_corpus.py from a small valid workbook; the
tests run the real command line on it (in-process, or as processes where a crash,
a kill or a second writer is the point).
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from taskrollup.extract import extract_table
from taskrollup.headers import find_header
from taskrollup.store import Store
from tests.conftest import Run
from tests.hostile.make_corpus import TOKEN, write_corpus

SAMPLE = Path(__file__).resolve().parents[1] / "sample_data" / "inbox"
EXE = [sys.executable, "-m", "taskrollup"]


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The hostile corpus, written once for the module."""
    folder = tmp_path_factory.mktemp("hostile")
    write_corpus(folder)
    return folder


FAILS = [
    ("truncated.xlsx", "damaged or truncated"),
    ("corrupt-part.xlsx", "cannot read the workbook"),
    ("not-excel.xlsx", "not an Excel workbook"),
    ("empty.xlsx", "the file is empty"),
    ("password.xlsx", "password-protected"),
    ("no-task-table.xlsx", "no task table"),
    ("duplicate-header.xlsx", "sheet 'BC': two columns are headed as the same field"),
    ("far-cell.xlsx", "reaches row 1,048,576"),
    ("zip-bomb.xlsx", "far beyond real workbooks"),
    ("billion-laughs.xlsx", "declares XML entities"),
    ("billion-laughs-sheet.xlsx", "declares XML entities"),
]


def rows_in(db: Path) -> int:
    with sqlite3.connect(db) as con:
        return int(con.execute("SELECT COUNT(*) FROM rows").fetchone()[0])


@pytest.mark.parametrize(("name", "message"), FAILS)
def test_broken_file_fails_alone(run: Run, corpus: Path, db: Path, name: str, message: str) -> None:
    """A broken file gets one line naming it; the good file of the same run still goes in; exit 1."""
    code, out, err = run("ingest", corpus / name, corpus / "good.xlsx", "--db", db)
    assert code == 1
    line = next(x for x in out.splitlines() if x.startswith("failed:"))
    assert name in line and message in line
    assert "Traceback" not in out + err
    assert rows_in(db) == 3  # good.xlsx only


@pytest.mark.parametrize("name", ["macros.xlsm", "huge-dimension.xlsx", "good.xlsx"])
def test_strange_but_readable(run: Run, corpus: Path, db: Path, name: str) -> None:
    """A .xlsm is read for its data (nothing runs); a dimension claiming a million rows is harmless."""
    code, out, _ = run("ingest", corpus / name, "--db", db)
    assert code == 0 and "1 file(s) ingested" in out
    assert rows_in(db) == 3


def test_hidden_sheet_noted(run: Run, corpus: Path, db: Path) -> None:
    """A hidden sheet is not read, and the summary says so."""
    code, out, _ = run("ingest", corpus / "hidden-sheet.xlsx", "--db", db, "--format", "json")
    f = json.loads(out)["files"][0]
    assert code == 0 and f["notes"] == ["sheet 'Cũ' is hidden: not read"] and f["rows_read"] == 3


def test_formulas_without_values_are_problems(run: Run, corpus: Path, db: Path) -> None:
    """Formulas without cached values leave cells empty: a problem row, kept, not a crash."""
    code, out, _ = run("ingest", corpus / "formulas-no-cache.xlsx", "--db", db)
    assert code == 1 and "row 4" in out and "no task content" in out
    assert rows_in(db) == 1


def test_odd_cells(run: Run, corpus: Path, db: Path) -> None:
    """Control characters are removed, long text kept, out-of-range dates reported per cell."""
    code, out, _ = run("ingest", corpus / "odd-cells.xlsx", "--db", db)
    assert code == 1
    assert "'01/01/1900'" in out and "31/12/9999" in out and "'-5.0'" in out
    with sqlite3.connect(db) as con:
        texts = [r[0] for r in con.execute("SELECT content FROM rows ORDER BY row")]
    assert texts[0] == "Nội dung có ký tự điều khiển"
    assert len(texts[1]) > 29_000


def _run_measured(args: list[str]) -> tuple[int, float]:
    """Run a command; return its exit code and its own peak RSS in MB."""
    proc = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    return proc.returncode, usage.ru_maxrss / 1024


def test_bombs_refused_in_bounded_memory(corpus: Path, tmp_path: Path) -> None:
    """Zip bomb, entity expansion and far-away cells are refused before parsing, under 500 MB."""
    names = ["zip-bomb.xlsx", "billion-laughs.xlsx", "billion-laughs-sheet.xlsx", "far-cell.xlsx",
             "huge-dimension.xlsx"]
    code, peak = _run_measured([*EXE, "ingest", *(str(corpus / n) for n in names),
                                "--db", str(tmp_path / "b.db")])
    assert code == 1
    assert peak < 500, f"peak {peak:.0f} MB"


@pytest.mark.parametrize(
    ("limits", "message"),
    [({"max_entry_bytes": 1000}, "declares"), ({"max_total_bytes": 5000}, "unpacks to"),
     ({"max_rows": 3}, "reaches row"), ({"max_columns": 2}, "reaches column")],
)
def test_limits_are_settings(corpus: Path, tmp_path: Path, limits: dict[str, int], message: str) -> None:
    """Each limit refuses a workbook that passes the defaults, once the setting lowers it."""
    from taskrollup.errors import InputFileError
    from taskrollup.reader import Limits, read_workbook

    read_workbook(corpus / "good.xlsx")  # fine with the defaults
    with pytest.raises(InputFileError, match=message):
        read_workbook(corpus / "good.xlsx", limits=Limits(**limits))


def _subset(tmp_path: Path, months: tuple[str, ...]) -> Path:
    folder = tmp_path / "inbox"
    for m in months:
        shutil.copytree(SAMPLE / m, folder / m)
    return folder


def _consistent(db: Path) -> tuple[int, int]:
    """Every stored submission has exactly its rows; returns (submissions, rows)."""
    with sqlite3.connect(db) as con:
        bad = con.execute("SELECT COUNT(*) FROM submissions s WHERE rows_read != "
                          "(SELECT COUNT(*) FROM rows r WHERE r.submission_id = s.id)").fetchone()[0]
        orphans = con.execute("SELECT COUNT(*) FROM rows WHERE submission_id NOT IN "
                              "(SELECT id FROM submissions)").fetchone()[0]
        subs, rows = con.execute("SELECT (SELECT COUNT(*) FROM submissions), "
                                 "(SELECT COUNT(*) FROM rows)").fetchone()
    assert bad == 0 and orphans == 0
    return int(subs), int(rows)


def _files_in(db: Path) -> int:
    """Submissions stored so far; 0 while the ingest has not yet committed the schema."""
    if not db.exists():
        return 0
    with sqlite3.connect(db) as con:
        if not con.execute("SELECT 1 FROM sqlite_master WHERE name = 'submissions'").fetchone():
            return 0
    return _consistent(db)[0]


def _processes_mentioning(text: str) -> list[int]:
    """Live processes whose command line contains `text` (Linux /proc)."""
    found = []
    for cmdline in Path("/proc").glob("[0-9]*/cmdline"):
        try:
            if text.encode() in cmdline.read_bytes():
                found.append(int(cmdline.parent.name))
        except OSError:
            continue
    return found


@pytest.mark.skipif(not SAMPLE.is_dir(), reason="sample_data/inbox not generated")
def test_kill_9_leaves_whole_files(tmp_path: Path) -> None:
    """kill -9 in the middle of an ingest leaves only whole files; a new run completes the store."""
    inbox = _subset(tmp_path, ("2021-01", "2021-02", "2021-03"))
    db = tmp_path / "k.db"
    proc = subprocess.Popen([*EXE, "ingest", str(inbox), "--db", str(db)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:  # wait until some files are in, then kill
        time.sleep(0.2)
        if _files_in(db) >= 5:
            break
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    time.sleep(0.5)
    assert not _processes_mentioning(str(db)), "worker processes outlived the killed ingest"
    subs, _ = _consistent(db)
    assert 0 < subs < 96
    subprocess.run([*EXE, "ingest", str(inbox), "--db", str(db)], capture_output=True, check=False)
    assert _consistent(db)[0] == 96


@pytest.mark.skipif(not SAMPLE.is_dir(), reason="sample_data/inbox not generated")
def test_two_ingests_at_once(tmp_path: Path) -> None:
    """Two ingests into one store at the same time both finish; nothing lost or doubled."""
    inbox = _subset(tmp_path, ("2021-01", "2021-02"))
    db = tmp_path / "c.db"
    procs = [subprocess.Popen([*EXE, "ingest", str(inbox), "--db", str(db)], stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE) for _ in range(2)]
    outs = [p.communicate(timeout=300) for p in procs]
    assert all(p.returncode in (0, 1) for p in procs), outs  # 1: the sample's planted problem rows
    assert all(b" 0 failed" in out for out, _ in outs)
    subs, rows = _consistent(db)
    single = tmp_path / "s.db"
    subprocess.run([*EXE, "ingest", str(inbox), "--db", str(single)], capture_output=True, check=False)
    assert (subs, rows) == _consistent(single)
    with Store(db, create=False) as a, Store(single, create=False) as b:
        wanted = ["task_id", "state", "completed_on"]
        assert a.load_tasks()[wanted].to_numpy().tolist() == b.load_tasks()[wanted].to_numpy().tolist()


cells = st.one_of(st.none(), st.text(max_size=40), st.integers(-10**6, 10**7),
                  st.floats(allow_nan=True, allow_infinity=True), st.booleans(),
                  st.sampled_from(["STT", "Nội dung nhiệm vụ", "Thời hạn", "Tình trạng", "x", "(1)",
                                   "Số, ký hiệu", "Cộng", "Người lập biểu", "Văn bản giao nhiệm vụ"]))
grids = st.lists(st.lists(cells, min_size=0, max_size=8), min_size=0, max_size=12)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(grids)
def test_fuzz_header_finder_and_extract(grid: list[list[object]]) -> None:
    """Random cells and layouts: the header finder and row extraction return, never raise."""
    header = find_header(grid)
    assert header is None or header.first_row <= header.last_row < header.data_row + 1
    table = extract_table("S", grid)
    assert table is None or all("row" in r for r in table.records)


def test_token_never_leaks(run: Run, corpus: Path, db: Path, tmp_path: Path) -> None:
    """A token planted in a secret task's content appears in no output of any command."""
    seen: list[str] = []
    for args in (
        ("ingest", corpus / "good.xlsx", "--db", db),
        ("ingest", corpus / "good.xlsx", corpus / "odd-cells.xlsx", "--db", db, "--format", "json"),
        ("tasks", "--db", db), ("tasks", "--db", db, "--format", "json"),
        ("report", "--period", "H1-2021", "--db", db, "--format", "json"),
        ("report", "--period", "H1-2021", "--db", db, "--format", "table"),
        ("report", "--period", "H1-2021", "--db", db, "--out", tmp_path / "r.docx"),
        ("report", "--period", "H1-2021", "--db", db, "--format", "xlsx", "--out", tmp_path / "r.xlsx"),
        ("check", "--db", db, "--as-of", "2021-06-30", "--split-by-agency", tmp_path / "split"),
        ("check", "--db", db, "--as-of", "2021-06-30", "--format", "json"),
        ("check", "--db", db, "--as-of", "2021-06-30", "--format", "csv"),
        ("check", "--db", db, "--as-of", "2021-06-30", "--format", "xlsx", "--out", tmp_path / "c.xlsx"),
        ("template", "--agency", "Sở Y tế", "--month", "2021-07", "--prefill", "--db", db,
         "--out", tmp_path / "t.xlsx"),
        ("report", "--period", "H1-2021", "--db", db, "--template", corpus / "good.xlsx"),
        ("verify", tmp_path / "r.docx", "--period", "H1-2021", "--db", db),
        ("verify", tmp_path / "r.docx", "--period", "H1-2021", "--db", db, "--format", "json"),
    ):
        code, out, err = run(*args)
        seen.append(out + err)
    from tests.conftest import docx_text

    seen.append(docx_text(tmp_path / "r.docx"))
    for path in [tmp_path / "r.xlsx", tmp_path / "c.xlsx", tmp_path / "t.xlsx",
                 *sorted((tmp_path / "split").iterdir())]:
        with __import__("zipfile").ZipFile(path) as zf:
            seen.extend(zf.read(n).decode("utf-8", "replace") for n in zf.namelist())
    everything = "\n".join(seen)
    assert "Nhiệm vụ tại văn bản mật" in everything  # the secret task is there, masked
    assert TOKEN not in everything
