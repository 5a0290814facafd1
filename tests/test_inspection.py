"""`taskrollup inspect`: how a workbook would be read, nothing stored."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from taskrollup.inspection import inspect_workbook
from taskrollup.submission import Options
from tests.conftest import Run
from tests.hostile.make_corpus import HEADER, TOKEN, good_rows, workbook_bytes

SAMPLE = Path(__file__).resolve().parents[1] / "sample_data" / "inbox"


@pytest.fixture
def book(tmp_path: Path) -> Path:
    """The small Sở Y tế submission, with a hidden sheet beside it."""
    path = tmp_path / "syt.xlsx"
    path.write_bytes(workbook_bytes({"BC": good_rows(), "Cũ": good_rows(5)}, hidden=("Cũ",)))
    return path


def test_inspect_shows_columns_rows_and_skips(run: Run, book: Path, tmp_path: Path) -> None:
    """Each column with its field and why, the first task rows, the rows skipped, the hidden
    sheet; nothing is stored, no secret content shown."""
    code, out, _ = run("inspect", book)
    assert code == 0
    assert "sheet 'BC': header row 3, data from row 4" in out
    assert "│ D      │ Nội dung nhiệm vụ" in out and "words: noi, dung, nhiem, vu" in out
    assert "the first 3 task rows as they would be stored" in out
    assert "Nhiệm vụ tại văn bản mật" in out and TOKEN not in out
    assert "rows skipped: 1-2 title; 3 header" in out
    assert "sheet 'Cũ': hidden, not read" in out
    assert not list(tmp_path.glob("*.db"))


def test_inspect_json(run: Run, book: Path) -> None:
    """--format json: one document, the same facts."""
    code, out, _ = run("inspect", book, "--format", "json")
    data = json.loads(out)
    assert code == 0 and data[0]["agency"] == "Sở Y tế" and data[0]["month"] == "2021-06"
    sheet = data[0]["sheets"][0]
    assert sheet["columns"][3] == {"column": "D", "header": "Nội dung nhiệm vụ", "field": "content",
                                   "why": "words: noi, dung, nhiem, vu"}
    assert [r["row"] for r in sheet["sample"]] == [4, 5, 6] and sheet["sample"][1]["content"] != TOKEN
    assert data[0]["sheets"][1] == {**data[0]["sheets"][1], "name": "Cũ", "hidden": True}


def test_inspect_a_file_ingest_would_fail(run: Run, tmp_path: Path) -> None:
    """A sheet without a task table: what it saw and the line, exit 1."""
    rows = good_rows()
    rows[2] = [("Tóm tắt" if h == "Nội dung nhiệm vụ" else h) for h in HEADER]
    path = tmp_path / "x.xlsx"
    path.write_bytes(workbook_bytes({"BC": rows}))
    code, out, _ = run("inspect", path)
    assert code == 1 and '"Tóm tắt" = "content"' in out and "would fail: no task table" in out


def test_inspect_unreadable_file_exit_2(run: Run, tmp_path: Path) -> None:
    """A file that is no workbook: its error, exit 2."""
    path = tmp_path / "n.xlsx"
    path.write_bytes(b"not a workbook")
    code, out, _ = run("inspect", path)
    assert code == 2 and "not an Excel workbook" in out


@pytest.mark.parametrize("path", sorted((SAMPLE / "2021-06").iterdir()), ids=lambda p: p.name)
def test_inspect_reads_every_sample_workbook(path: Path) -> None:
    """Every sample workbook of a month (all six layouts) reads: task rows, no problem."""
    view = inspect_workbook(path, Options())
    assert view.exit_code == 0, view.problems
    assert any(s.sample for s in view.sheets)
