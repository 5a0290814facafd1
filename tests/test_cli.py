"""The command line: exit codes, the key output, and the store left behind."""

from __future__ import annotations

import json
import sqlite3
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from taskrollup.cli import app
from taskrollup.store import Store
from tests.conftest import OFFICIAL_MERGES, OFFICIAL_ROWS, Run

# How many tasks a store holds: the length of its column copy's task ids.
TASKS = "SELECT COALESCE((SELECT json_array_length(data) FROM task_columns WHERE name = 'task_id'), 0)"


def count(db: Path, sql: str) -> int:
    with sqlite3.connect(db) as con:
        return int(con.execute(sql).fetchone()[0])


@pytest.fixture
def official(make_workbook: Callable[..., Path]) -> Path:
    """Sở Tài chính's June 2021 submission in the official layout (5 tasks)."""
    return make_workbook("STC.xlsx", {"T6": OFFICIAL_ROWS}, {"T6": OFFICIAL_MERGES})


def test_ingest_table_and_store(run: Run, official: Path, db: Path) -> None:
    """Ingest prints agency, month and counts per file, and stores 5 rows and 5 tasks."""
    code, out, _ = run("ingest", official, "--db", db)
    assert code == 0
    assert "Sở Tài chính" in out and "2021-06" in out and "ingested" in out
    assert count(db, "SELECT COUNT(*) FROM rows") == 5
    assert count(db, TASKS) == 5
    assert count(db, "SELECT COUNT(*) FROM submissions WHERE month='2021-06'") == 1


def test_ingest_json(run: Run, official: Path, db: Path) -> None:
    """--format json prints one document with a record per file."""
    code, out, _ = run("ingest", official, "--db", db, "--format", "json")
    data = json.loads(out)
    assert code == 0
    assert data["files"][0]["agency"] == "Sở Tài chính"
    assert data["files"][0]["skipped"] == 11
    assert data["tasks_in_store"] == 5


def test_ingest_twice_changes_nothing(run: Run, official: Path, db: Path) -> None:
    """The same file again is 'unchanged' and the store keeps one copy."""
    run("ingest", official, "--db", db)
    code, out, _ = run("ingest", official, "--db", db)
    assert code == 0 and "unchanged" in out
    assert count(db, "SELECT COUNT(*) FROM rows") == 5
    assert count(db, "SELECT COUNT(*) FROM submissions") == 1


def test_ingest_jobs(run: Run, make_workbook: Callable[..., Path], tmp_path: Path) -> None:
    """--jobs 1 reads in one process, --jobs 2 in two: the same store; a negative count is
    a usage error (exit 2)."""
    for month in range(1, 5):  # four months of the same sheet: enough files for the workers to start
        rows = [[c.replace("THÁNG 6", f"THÁNG {month}") if isinstance(c, str) else c for c in r]
                for r in OFFICIAL_ROWS]
        make_workbook(f"inbox/STC_T{month}.xlsx", {"T6": rows}, {"T6": OFFICIAL_MERGES})
    inbox = tmp_path / "inbox"
    stores = []
    for jobs in ("1", "2"):
        db = tmp_path / f"jobs{jobs}.db"
        code, _, _ = run("ingest", inbox, "--db", db, "--jobs", jobs)
        assert code == 0 and count(db, "SELECT COUNT(*) FROM submissions") == 4
        with Store(db, create=False) as store:
            stores.append(store.load_tasks()[["task_id", "content", "state"]].to_numpy().tolist())
    assert stores[0] == stores[1] and len(stores[0]) == 5
    code, _, err = run("ingest", inbox, "--db", tmp_path / "bad.db", "--jobs", "-1")
    assert code == 2 and "jobs" in err.lower()


def test_task_id_clash_stores_the_files_and_report_says_the_tasks_are_behind(
        run: Run, official: Path, db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Two tasks given one id: exit 2 with the documents named, the file stored, the tasks not;
    `report` then warns that its figures leave that file out. A later ingest with ids
    that do not clash brings the tasks up to date."""
    from taskrollup import dedupe

    real = dedupe.task_id_for
    monkeypatch.setattr(dedupe, "task_id_for", lambda source, agency, key: "000000000000")
    code, _, err = run("ingest", official, "--db", db)
    assert code == 2 and "same task id 000000000000" in err and "the files were stored" in err
    assert count(db, "SELECT COUNT(*) FROM submissions") == 1 and count(db, TASKS) == 0
    code, out, _ = run("report", "--period", "H1-2021", "--db", db, "--format", "table")
    assert code == 0 and "warning: 1 submission(s) stored since the tasks were last worked out" in out
    code, out, _ = run("check", "--db", db, "--as-of", "2021-06-30")
    assert code == 0 and "warning: 1 submission(s) stored since the tasks were last worked out" in out
    code, out, _ = run("check", "--db", db, "--as-of", "2021-06-30", "--format", "json")
    assert json.loads(out)["warnings"][0].startswith("1 submission(s) stored")
    monkeypatch.setattr(dedupe, "task_id_for", real)
    code, _, _ = run("ingest", official, "--db", db)
    assert code == 0 and count(db, TASKS) == 5
    code, out, _ = run("report", "--period", "H1-2021", "--db", db, "--format", "table")
    assert code == 0 and "warning: 1 submission" not in out
    code, out, _ = run("check", "--db", db, "--as-of", "2021-06-30", "--format", "json")
    assert json.loads(out)["warnings"] == []


def test_db_from_environment(run: Run, official: Path, tmp_path: Path,
                             monkeypatch: pytest.MonkeyPatch) -> None:
    """TASKROLLUP_DB names the store when --db is not given."""
    target = tmp_path / "env.db"
    monkeypatch.setenv("TASKROLLUP_DB", str(target))
    code, _, _ = run("ingest", official)
    assert code == 0 and count(target, TASKS) == 5


def test_bad_file_fails_alone(run: Run, official: Path, db: Path, tmp_path: Path) -> None:
    """A non-Excel file named .xlsx fails with its name; the good file still goes in; exit 1."""
    bad = tmp_path / "broken.xlsx"
    bad.write_text("not a workbook")
    code, out, _ = run("ingest", bad, official, "--db", db)
    assert code == 1
    assert "broken.xlsx" in out and "not an Excel workbook" in out
    assert count(db, "SELECT COUNT(*) FROM submissions") == 1


def test_missing_month_asks_for_it(run: Run, make_workbook: Callable[..., Path], db: Path) -> None:
    """No month in title or name: the file fails with a message asking for --month."""
    rows = [r for r in OFFICIAL_ROWS if not (r and isinstance(r[0], str) and "BIỂU" in r[0])]
    path = make_workbook("stc.xlsx", {"S": rows})
    code, out, _ = run("ingest", path, "--db", db)
    assert code == 1 and "--month" in out
    code, out, _ = run("ingest", path, "--db", db, "--month", "2021-05")
    assert code == 0 and "2021-05" in out


def test_problem_row_is_reported_and_kept(run: Run, make_workbook: Callable[..., Path], db: Path) -> None:
    """An unreadable deadline names file, sheet, row, column and value; the row is kept, out of tasks."""
    rows = [list(r) for r in OFFICIAL_ROWS]
    rows[8][5] = "31/02/2021"
    path = make_workbook("stc.xlsx", {"T6": rows}, {"T6": OFFICIAL_MERGES})
    code, out, _ = run("ingest", path, "--db", db)
    assert code == 1
    assert "stc.xlsx" in out and "sheet 'T6', row 9" in out and "column F (Thời hạn)" in out
    assert "31/02/2021" in out
    assert count(db, "SELECT COUNT(*) FROM rows WHERE problems != '[]'") == 1
    assert count(db, TASKS) == 4


def test_usage_errors_exit_2(run: Run, official: Path, db: Path) -> None:
    """A bad --month or --format is a usage error: one line, exit 2, no traceback."""
    code, _, err = run("ingest", official, "--db", db, "--month", "June")
    assert code == 2 and err.startswith("Error:") and "Traceback" not in err
    code, _, err = run("ingest", official, "--db", db, "--format", "xml")
    assert code == 2


def test_unknown_agency_option(run: Run, official: Path, db: Path) -> None:
    """--agency must name a registry agency."""
    code, _, err = run("ingest", official, "--db", db, "--agency", "Sở Không Có")
    assert code == 2 and "registry" in err


def test_report_needs_a_store(run: Run, tmp_path: Path) -> None:
    """Asking for figures without a store says to ingest first (exit 2)."""
    code, _, err = run("report", "--period", "H1-2021", "--db", tmp_path / "none.db")
    assert code == 2 and "ingest" in err


def test_report_bad_period(run: Run, official: Path, db: Path) -> None:
    """A period that is not understood lists the accepted forms."""
    run("ingest", official, "--db", db)
    code, _, err = run("report", "--period", "S1-2021", "--db", db)
    assert code == 2 and "H1-2021" in err


def test_every_command_has_help_with_example() -> None:
    """Every registered command documents itself with an example."""
    import typer.main

    group = typer.main.get_command(app)
    for name, command in group.commands.items():  # type: ignore[attr-defined]
        assert command.help and "Example:" in command.help, name


def test_list_variables_needs_no_store(run: Run, tmp_path: Path) -> None:
    """--list-variables prints the template names, store or not."""
    code, out, _ = run("report", "--list-variables", "--db", tmp_path / "none.db")
    assert code == 0
    for name in ("t.assigned", "central.done", "appendix1.rows[i].agency", "programmes", "date_line"):
        assert name in out


def test_report_from_to_and_out(run: Run, official: Path, db: Path, tmp_path: Path) -> None:
    """--from/--to with --out writes the DOCX there and prints the headline."""
    run("ingest", official, "--db", db)
    target = tmp_path / "draft.docx"
    code, out, _ = run("report", "--from", "2021-01-01", "--to", "2021-06-30", "--db", db,
                       "--out", target)
    assert code == 0 and target.exists()
    assert "assigned 5" in out


def test_report_xlsx_default_name(run: Run, official: Path, db: Path, tmp_path: Path,
                                  monkeypatch: pytest.MonkeyPatch) -> None:
    """--format xlsx without --out writes bao-cao-<period>.xlsx in the current folder."""
    run("ingest", official, "--db", db)
    monkeypatch.chdir(tmp_path)
    code, _, _ = run("report", "--period", "Q2-2021", "--db", db, "--format", "xlsx")
    assert code == 0 and (tmp_path / "bao-cao-Q2-2021.xlsx").exists()


def test_python_dash_m(official: Path, db: Path) -> None:
    """`python -m taskrollup` runs the same command line."""
    import subprocess

    result = subprocess.run([sys.executable, "-m", "taskrollup", "--version"], capture_output=True,
                            text=True, check=False)
    assert result.returncode == 0 and "taskrollup" in result.stdout


def test_findings_rewritten_when_a_run_stopped_before_them(run: Run, official: Path, db: Path) -> None:
    """Tasks resolved but findings not stored (a run killed between the two): the next ingest,
    even of unchanged files, stores them."""
    from taskrollup.store import Store

    run("ingest", official, "--db", db)
    with Store(db, create=False) as store:
        assert store.findings_current()
    with sqlite3.connect(db) as con:
        con.execute("DELETE FROM meta WHERE key = 'findings_from'")
    with Store(db, create=False) as store:
        assert not store.findings_current() and store.load_findings() is None
    run("ingest", official, "--db", db)
    with Store(db, create=False) as store:
        assert store.findings_current() and store.load_findings() is not None
