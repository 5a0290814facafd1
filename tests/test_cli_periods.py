"""Reporting periods on the command line: --convention, [periods] convention, and --from/--to."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import OFFICIAL_MERGES, OFFICIAL_ROWS, Run, docx_text


@pytest.fixture
def store(run: Run, make_workbook: Callable[..., Path], db: Path) -> Path:
    """Sở Tài chính's June 2021 sheet ingested: five tasks assigned from 12/01 to 24/05/2021,
    one of them done on 20/06/2021 (after the nd09 cut-off of 14/06, before the calendar one)."""
    book = make_workbook("STC.xlsx", {"T6": OFFICIAL_ROWS}, {"T6": OFFICIAL_MERGES})
    code, _, _ = run("ingest", book, "--db", db)
    assert code == 0
    return db


def _json(run: Run, *args: object) -> dict[str, object]:
    code, out, err = run("report", "--format", "json", *args)
    assert code == 0, err
    return json.loads(out)


def test_nd09_report_days_and_cut_off(run: Run, store: Path) -> None:
    """--convention nd09: H1-2021 is 15/12/2020-14/06/2021 as of 14/06; the task done on 20/06 is
    not done then. Calendar (the default): 01/01-30/06, as of 30/06, done."""
    nd09 = _json(run, "--period", "H1-2021", "--convention", "nd09", "--db", store)
    calendar = _json(run, "--period", "H1-2021", "--db", store)
    assert (nd09["start"], nd09["end"], nd09["as_of"], nd09["convention"]) == (
        "2020-12-15", "2021-06-14", "2021-06-14", "nd09")
    assert (calendar["start"], calendar["end"], calendar["as_of"], calendar["convention"]) == (
        "2021-01-01", "2021-06-30", "2021-06-30", "calendar")
    assert nd09["totals"]["assigned"] == calendar["totals"]["assigned"] == 5
    assert calendar["totals"]["done"] - nd09["totals"]["done"] == 1


def test_settings_file_sets_the_convention(run: Run, store: Path, tmp_path: Path) -> None:
    """[periods] convention = "nd09" in the settings file is the default; --convention overrides it."""
    cfg = tmp_path / "taskrollup.toml"
    cfg.write_text('[periods]\nconvention = "nd09"\n', "utf-8")
    assert _json(run, "--period", "Q2-2021", "--db", store, "--config", cfg)["start"] == "2021-03-15"
    assert _json(run, "--period", "Q2-2021", "--db", store, "--config", cfg,
                 "--convention", "calendar")["start"] == "2021-04-01"


def test_from_to_override_the_convention(run: Run, store: Path) -> None:
    """--from/--to give the days whatever the convention."""
    doc = _json(run, "--from", "2021-01-01", "--to", "2021-06-30", "--convention", "nd09", "--db", store)
    assert (doc["start"], doc["end"]) == ("2021-01-01", "2021-06-30")


def test_bad_convention_exit_2(run: Run, store: Path) -> None:
    """An unknown convention is bad usage (exit 2), naming the two there are."""
    code, _, err = run("report", "--period", "H1-2021", "--convention", "lunar", "--db", store)
    assert code == 2 and "calendar or nd09" in err


def test_nd09_report_wording(run: Run, store: Path, tmp_path: Path) -> None:
    """The DOCX says which days the figures cover under nd09, dates its line on the cut-off, and
    keeps the calendar wording unchanged."""
    nd09, calendar = tmp_path / "nd09.docx", tmp_path / "calendar.docx"
    assert run("report", "--period", "H1-2021", "--convention", "nd09", "--db", store, "--out", nd09)[0] == 0
    assert run("report", "--period", "H1-2021", "--db", store, "--out", calendar)[0] == 0
    text = docx_text(nd09)
    assert "Trong 6 tháng đầu năm 2021 (tính từ ngày 15/12/2020 đến ngày 14/06/2021), tổng số nhiệm vụ" in text
    assert "Gia Nghĩa, ngày 14 tháng 6 năm 2021" in text and "số liệu tính đến ngày 14/06/2021" in text
    assert "Trong 6 tháng đầu năm 2021, tổng số nhiệm vụ" in docx_text(calendar)


def test_nd09_xlsx_title(run: Run, store: Path, tmp_path: Path) -> None:
    """Phụ lục 01's title in the workbook names the nd09 days too."""
    import openpyxl

    target = tmp_path / "p.xlsx"
    assert run("report", "--period", "H1-2021", "--convention", "nd09", "--db", store, "--format", "xlsx",
               "--out", target)[0] == 0
    titles = [c.value for c in openpyxl.load_workbook(target).worksheets[0]["A"][:3]]
    assert "KẾT QUẢ THỰC HIỆN NHIỆM VỤ 6 THÁNG ĐẦU NĂM 2021 (TÍNH TỪ NGÀY 15/12/2020 ĐẾN NGÀY 14/06/2021)" in titles


def test_check_as_of_a_periods_cut_off(run: Run, store: Path) -> None:
    """check --period H1-2021 --convention nd09 checks as of 14/06/2021; --as-of still wins."""
    code, out, _ = run("check", "--period", "H1-2021", "--convention", "nd09", "--db", store)
    assert code in (0, 1) and "Overdue as of 14/06/2021" in out
    code, out, _ = run("check", "--period", "H1-2021", "--db", store)
    assert "Overdue as of 30/06/2021" in out
    code, out, _ = run("check", "--period", "H1-2021", "--as-of", "2021-06-20", "--db", store)
    assert "Overdue as of 20/06/2021" in out


def test_verify_against_nd09_figures(run: Run, store: Path, tmp_path: Path) -> None:
    """verify --convention nd09 checks the draft against the nd09 figures and says so."""
    draft = tmp_path / "du-thao.txt"
    draft.write_text("Tổng số nhiệm vụ UBND tỉnh giao là 5 nhiệm vụ. Trong đó: số nhiệm vụ đã hoàn thành: "
                     "1 nhiệm vụ.\n", "utf-8")
    code, out, _ = run("verify", draft, "--period", "H1-2021", "--convention", "nd09", "--db", store)
    assert "H1-2021 (nd09: 15/12/2020-14/06/2021) as of 14/06/2021" in " ".join(out.split())
    assert code in (0, 1)


def test_table_and_headline_name_the_days(run: Run, store: Path, tmp_path: Path) -> None:
    """The figures table and the headline after writing the report say an nd09 period's days."""
    code, out, _ = run("report", "--period", "H1-2021", "--convention", "nd09", "--db", store, "--format", "table")
    assert code == 0 and "H1-2021 (nd09: 15/12/2020-14/06/2021), as of 14/06/2021" in " ".join(out.split())
    code, out, _ = run("report", "--period", "H1-2021", "--convention", "nd09", "--db", store,
                       "--out", tmp_path / "r.docx")
    assert code == 0 and out.startswith("H1-2021 (nd09: 15/12/2020-14/06/2021), as of 14/06/2021: assigned 5")
