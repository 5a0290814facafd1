"""A layout never seen: the file that fails says what it saw and the taskrollup.toml line
that reads it; with the line, the file goes in."""

from __future__ import annotations

import re
import sqlite3
from pathlib import Path

from tests.conftest import Run
from tests.hostile.make_corpus import HEADER, TOKEN, good_rows, workbook_bytes


def workbook(path: Path, header: dict[int, str], title: str = "SỞ Y TẾ") -> Path:
    """The small Sở Y tế submission (three tasks, one secret) with some headers replaced."""
    rows = good_rows()
    rows[0] = [title]
    rows[2] = [header.get(i, h) for i, h in enumerate(HEADER)]
    path.write_bytes(workbook_bytes({"BC": rows}))
    return path


def rows_in(db: Path) -> int:
    if not db.exists():
        return 0
    with sqlite3.connect(db) as con:
        return int(con.execute("SELECT COUNT(*) FROM rows").fetchone()[0])


def suggested_lines(out: str) -> str:
    """The [columns] block a failure message proposes, as a settings file."""
    found = re.search(r"^\s*\[columns\]\n\s*(.+)$", out, re.MULTILINE)
    assert found, out
    return "[columns]\n" + found.group(1).strip() + "\n"


def test_unseen_content_header_fails_then_the_proposed_line_reads_it(run: Run, tmp_path: Path, db: Path) -> None:
    """'Tóm tắt' names no field: the file fails (exit 1) showing the header row, the missing
    field and the line; with that line in taskrollup.toml the file goes in."""
    path = workbook(tmp_path / "So Y te - BC thang 6.xlsx", {3: "Tóm tắt"})
    code, out, _ = run("ingest", path, "--db", db)
    assert code == 1 and rows_in(db) == 0
    assert "no task table in any sheet" in out
    assert "row 3: STT | Số, ký hiệu | Ngày ban hành | Tóm tắt |" in out
    assert "no column for the task content" in out
    assert '"Tóm tắt" = "content"' in out
    assert TOKEN not in out  # a secret task's content is never shown
    config = tmp_path / "taskrollup.toml"
    config.write_text(suggested_lines(out), "utf-8")
    code, out, _ = run("ingest", path, "--db", db, "--config", config)
    assert code == 0 and "1 file(s) ingested" in out and rows_in(db) == 3


def test_unaccented_combination_is_read(run: Run, tmp_path: Path, db: Path) -> None:
    """'Trich yeu noi dung nhiem vu' as a clerk types it reads as the content."""
    path = workbook(tmp_path / "a.xlsx", {3: "Trich yeu noi dung nhiem vu"})
    code, out, _ = run("ingest", path, "--db", db)
    assert code == 0 and rows_in(db) == 3


def test_two_content_columns_fail_with_both_named(run: Run, tmp_path: Path, db: Path) -> None:
    """Two columns alike for the content: the sheet fails naming both and the settling line;
    with it, the other column is noted as unread."""
    path = workbook(tmp_path / "b.xlsx", {3: "Nội dung", 8: "Nội dung công việc"})
    code, out, _ = run("ingest", path, "--db", db)
    assert code == 1 and rows_in(db) == 0
    assert ("two columns are headed as the same field (content): column D (Nội dung) and"
            " column I (Nội dung công việc)") in out
    config = tmp_path / "t.toml"
    config.write_text(suggested_lines(out), "utf-8")
    assert '"Nội dung" = "content"' in config.read_text("utf-8")
    code, out, _ = run("ingest", path, "--db", db, "--config", config)
    assert code == 0 and rows_in(db) == 3
    assert "column I (Nội dung công việc) is not read: column D reads the task content" in out


def test_a_line_matching_no_header_is_a_warning(run: Run, tmp_path: Path, db: Path) -> None:
    """A [columns] line no header of the files read matches is a warning, not silence."""
    config = tmp_path / "t.toml"
    config.write_text('[columns]\n"Nội dung nhiệm vụ" = "content"\n"Cột không có" = "note"\n', "utf-8")
    code, out, _ = run("ingest", workbook(tmp_path / "c.xlsx", {}), "--db", db, "--config", config)
    assert code == 0
    assert 'warning: [columns] "Cột không có" matched no header in the files read' in out
    assert "Nội dung nhiệm vụ" not in out.split("warning:", 1)[1]


def test_agency_lines_read_that_agency_only(run: Run, tmp_path: Path, db: Path) -> None:
    """[columns."Sở Y tế"] reads Sở Y tế's file; another agency's same layout still fails."""
    config = tmp_path / "t.toml"
    config.write_text('[columns."Sở Y tế"]\n"Tóm tắt" = "content"\n', "utf-8")
    own = workbook(tmp_path / "syt.xlsx", {3: "Tóm tắt"})
    other = workbook(tmp_path / "stc.xlsx", {3: "Tóm tắt"}, title="SỞ TÀI CHÍNH")
    code, out, _ = run("ingest", own, other, "--db", db, "--config", config)
    assert code == 1 and rows_in(db) == 3
    assert "failed: " + str(other) in out and "syt.xlsx" not in out.split("failed:", 1)[1]


def test_the_office_line_wins_over_the_words(run: Run, tmp_path: Path, db: Path) -> None:
    """A line reading a header otherwise read by its words wins; 'ignore' leaves a column unread."""
    config = tmp_path / "t.toml"
    config.write_text('[columns]\n"Ngày hoàn thành" = "ignore"\n', "utf-8")
    code, _, _ = run("ingest", workbook(tmp_path / "d.xlsx", {}), "--db", db, "--config", config)
    assert code == 0
    with sqlite3.connect(db) as con:
        assert con.execute("SELECT COUNT(*) FROM rows WHERE completed_on IS NOT NULL").fetchone()[0] == 0
