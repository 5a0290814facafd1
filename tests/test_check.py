"""`taskrollup check` and `taskrollup template`: overdue rules, outputs, the monthly loop."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from collections.abc import Callable
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from taskrollup.check import check_tasks
from taskrollup.context import SECRET_PLACEHOLDER
from taskrollup.ingest import ingest
from taskrollup.render_check import split_by_agency, to_csv, to_xlsx
from taskrollup.render_list import csv_safe
from taskrollup.render_template import write_template
from tests.conftest import Run
from tests.test_figures import task

JUNE_30 = dt.date(2021, 6, 30)
TOKEN = "QQSECRETQQ"


def frame(*tasks: dict[str, object]) -> pd.DataFrame:
    return pd.DataFrame(list(tasks))


@pytest.mark.parametrize(
    ("kw", "overdue_days"),
    [
        ({"deadline": "2021-06-30"}, None),  # the deadline day itself is in time
        ({"deadline": "2021-06-29"}, 1),  # the day after is overdue
        ({"deadline": "2021-05-31", "extended_deadline": "2021-07-15"}, None),
        ({"deadline": "2021-05-31", "extended_deadline": "2021-06-20"}, 10),
        ({"deadline": None}, None),  # no deadline is never overdue
        ({"deadline": "2021-05-31", "state": "cancelled", "cancelled_on": "2021-06-01"}, None),
        ({"deadline": "2021-05-31", "state": "done", "completed_on": "2021-06-10"}, None),  # done late
        ({"deadline": "2021-05-31", "state": "done", "completed_on": "2021-07-02"}, 30),  # done after D
        ({"deadline": "2020-12-31", "assigned_on": "2020-11-01"}, 181),  # any period
        ({"deadline": "2021-07-01", "assigned_on": "2021-07-01"}, None),  # not yet assigned on D
    ],
)
def test_overdue_rules(kw: dict[str, object], overdue_days: int | None) -> None:
    """Overdue as of 30/06/2021: not done, not cancelled, and D after the effective deadline."""
    result = check_tasks(frame(task(**kw)), JUNE_30)
    if overdue_days is None:
        assert result.overdue.empty
    else:
        assert result.overdue["days_overdue"].tolist() == [overdue_days]


def test_due_soon_window() -> None:
    """Open tasks due from D to D + N days are 'due soon'; done ones are not."""
    tasks = frame(task(task_id="a", deadline="2021-06-30"), task(task_id="b", deadline="2021-07-07"),
                  task(task_id="c", deadline="2021-07-08"),
                  task(task_id="d", deadline="2021-07-01", state="done", completed_on="2021-06-01"))
    result = check_tasks(tasks, JUNE_30, due_within=7)
    assert result.due_soon["task_id"].tolist() == ["a", "b"]


def test_order_and_filters() -> None:
    """Most overdue first, grouped by agency; --agency and --source filter."""
    tasks = frame(task(task_id="a", deadline="2021-06-01", agency="Sở Y tế"),
                  task(task_id="b", deadline="2021-03-01", agency="Sở Tài chính"),
                  task(task_id="c", deadline="2021-06-20", agency="Sở Tài chính", source_id="2/UBND-KT"))
    result = check_tasks(tasks, JUNE_30)
    assert result.overdue["task_id"].tolist() == ["b", "c", "a"]
    assert result.per_agency() == {"Sở Tài chính": 2, "Sở Y tế": 1}
    assert check_tasks(tasks, JUNE_30, agency="Sở Y tế").overdue["task_id"].tolist() == ["a"]
    assert check_tasks(tasks, JUNE_30, source="2/UBND-KT").overdue["task_id"].tolist() == ["c"]


def test_secret_task_shows_placeholder() -> None:
    """A secret overdue task shows agency and dates, never its content."""
    result = check_tasks(frame(task(deadline="2021-06-01", secret=True, content=TOKEN)), JUNE_30)
    assert result.overdue["content"].tolist() == [SECRET_PLACEHOLDER]
    assert TOKEN not in json.dumps(result.to_dict(), ensure_ascii=False) and TOKEN not in to_csv(result)


def test_json_shape() -> None:
    """The JSON has as_of, overdue, due_soon and data_quality with the documented fields (a task's
    note is None unless it passed from an agency that ended)."""
    doc = check_tasks(frame(task(deadline="2021-06-01")), JUNE_30).to_dict()
    assert {"as_of", "overdue", "due_soon", "data_quality"} <= set(doc)
    assert set(doc["overdue"][0]) == {"task_id", "agency", "source", "assigned_on", "deadline",
                                      "days_overdue", "content", "secret", "note"}
    assert doc["overdue"][0]["note"] is None
    json.dumps(doc)


@pytest.mark.parametrize("text", ["=1+1", "+33", "-2", "@SUM(A1)", "\tx", "\rx"])
def test_csv_formula_safety(text: str) -> None:
    """Text that would start a formula is prefixed with an apostrophe in CSV."""
    assert csv_safe(text) == "'" + text
    result = check_tasks(frame(task(deadline="2021-06-01", content=text)), JUNE_30)
    rows = list(csv.reader(io.StringIO(to_csv(result))))
    assert rows[1][7] == "'" + text


def test_xlsx_and_split(tmp_path: Path) -> None:
    """The XLSX keeps formula-like text as text; --split-by-agency writes one file per agency."""
    tasks = frame(task(task_id="a", deadline="2021-06-01", agency="Sở Y tế", content="=HYPERLINK(1)"),
                  task(task_id="b", deadline="2021-07-03", agency="Sở Tài chính"))
    result = check_tasks(tasks, JUNE_30)
    wb = openpyxl.load_workbook(to_xlsx(result, tmp_path / "c.xlsx"))
    cell = next(c for row in wb["Quá hạn"].iter_rows() for c in row if c.value == "=HYPERLINK(1)")
    assert cell.data_type == "s"
    assert isinstance(wb["Quá hạn"].cell(row=5, column=5).value, dt.datetime)
    paths = split_by_agency(result, tmp_path / "split")
    assert sorted(p.name for p in paths) == ["so-tai-chinh-2021-06-30.xlsx", "so-y-te-2021-06-30.xlsx"]


@pytest.fixture
def store_with_overdue(make_workbook: Callable[..., Path], db: Path) -> Path:
    from tests.conftest import OFFICIAL_MERGES, OFFICIAL_ROWS

    rows = [list(r) for r in OFFICIAL_ROWS]
    rows[12][3] = f"Rà soát {TOKEN}"
    rows[12][8] = "Mật"  # the 2515/UBND-KTTH task becomes secret
    rows[12][5] = "15/6/2021"
    ingest([make_workbook("STC.xlsx", {"T6": rows}, {"T6": OFFICIAL_MERGES})], db)
    return db


def test_check_cli_exit_codes_and_outputs(run: Run, store_with_overdue: Path, tmp_path: Path) -> None:
    """Exit 1 with overdue tasks, 0 without; every format keeps secret content out."""
    db = store_with_overdue
    code, out, _ = run("check", "--db", db, "--as-of", "2021-06-30")
    assert code == 1 and "Sở Kế hoạch và Đầu tư (1)" in out and TOKEN not in out
    code, out, _ = run("check", "--db", db, "--as-of", "2021-05-01")  # worked by hand: nothing late yet
    assert code == 0
    code, out, _ = run("check", "--db", db, "--as-of", "2021-06-30", "--format", "json")
    doc = json.loads(out)
    assert code == 1 and doc["overdue"][0]["secret"] is True and TOKEN not in out
    assert out.count("\n") == 1  # one line for a program reading a pipe
    code, _, _ = run("check", "--db", db, "--as-of", "2021-06-30", "--format", "json", "--out", tmp_path / "c.json")
    assert code == 1 and json.loads((tmp_path / "c.json").read_text("utf-8")) == doc
    code, out, _ = run("check", "--db", db, "--as-of", "2021-06-30", "--format", "csv")
    assert code == 1 and out.startswith("list,task_id") and TOKEN not in out
    target = tmp_path / "c.xlsx"
    code, _, _ = run("check", "--db", db, "--as-of", "2021-06-30", "--format", "xlsx", "--out", target,
                     "--split-by-agency", tmp_path / "split")
    cells = [str(c.value) for p in [target, *sorted((tmp_path / "split").iterdir())]
             for ws in openpyxl.load_workbook(p) for row in ws.iter_rows() for c in row]
    assert code == 1 and TOKEN not in "\n".join(cells) and SECRET_PLACEHOLDER in cells
    code, _, err = run("check", "--db", db, "--format", "xlsx")
    assert code == 2 and "--out" in err


def test_template_round_trip(run: Run, store_with_overdue: Path, tmp_path: Path) -> None:
    """A pre-filled template, filled in, ingests with zero problems and updates the tasks."""
    target = tmp_path / "inbox" / "STC-2021-07.xlsx"
    target.parent.mkdir()
    code, out, _ = run("template", "--agency", "STC", "--month", "2021-07", "--out", target,
                       "--db", store_with_overdue, "--prefill")
    assert code == 0 and "1 open task(s)" in out  # the secret task is not pre-filled
    wb = openpyxl.load_workbook(target)
    ws = wb["Biểu báo cáo"]
    assert ws.cell(row=6, column=4).value == "Báo cáo quyết toán ngân sách quý I năm 2021"
    ws.cell(row=6, column=9, value="Hoàn thành đúng hạn")
    ws.cell(row=6, column=10, value=dt.date(2021, 7, 5))
    ws.append([2, "26/KH-UBND", dt.date(2021, 1, 15), "Việc mới giao", "Sở Tài chính", "",
               dt.date(2021, 9, 30), None, "Đang thực hiện", None, "", ""])
    wb.save(target)
    report = ingest([target], store_with_overdue)
    assert report.files[0].status == "ingested" and report.files[0].problems == []
    assert report.files[0].month == "2021-07" and report.files[0].agency == "Sở Tài chính"
    assert report.tasks_in_store == 6


def test_template_layout(tmp_path: Path) -> None:
    """Drop-downs for status and secrecy, date formats, and an instructions sheet."""
    wb = openpyxl.load_workbook(write_template(tmp_path / "t.xlsx", "Sở Y tế", (2021, 7)))
    ws = wb["Biểu báo cáo"]
    lists = [dv.formula1 for dv in ws.data_validations.dataValidation]
    assert any("Hoàn thành đúng hạn" in f for f in lists) and any("Tối mật" in f for f in lists)
    assert ws.cell(row=6, column=3).number_format == "dd/mm/yyyy"
    assert "THÁNG 7 NĂM 2021" in ws.cell(row=3, column=1).value
    assert wb.sheetnames == ["Biểu báo cáo", "Hướng dẫn"]
