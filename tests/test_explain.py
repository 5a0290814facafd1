"""`taskrollup explain`: the tasks behind a figure (as many as the figure says), one task's rows,
and the command line: exit codes, output, files written, secrets kept."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from taskrollup.context import SECRET_PLACEHOLDER
from taskrollup.errors import TaskOutsidePeriod, UnknownFigure
from taskrollup.explain import LIST_COLUMNS, counted, figure_list, figure_name, task_view
from taskrollup.figures import CENTRAL, FIGURE_KEYS, HEADLINE, Group, compute, scoped
from taskrollup.ingest import ingest
from taskrollup.periods import report_window
from tests.conftest import OFFICIAL_MERGES, OFFICIAL_ROWS, Run
from tests.test_figures import H1, JUNE_30, hand_set, task

WINDOW = report_window("H1-2021")
TOKEN = "QQSECRETQQ"


@pytest.mark.parametrize(("raw", "key"), [("done_late", "done_late"), ("done-late", "done_late"),
                                          (" Not_Done_Overdue ", "not_done_overdue")])
def test_figure_names(raw: str, key: str) -> None:
    """A figure is named as the report's JSON names it, in any case, with - or _."""
    assert figure_name(raw) == key


def test_unknown_figure_lists_the_figures() -> None:
    """A name the report does not have is a usage error listing every figure."""
    with pytest.raises(UnknownFigure) as info:
        figure_name("late")
    assert info.value.exit_code == 2 and all(k in str(info.value) for k in FIGURE_KEYS)


def test_every_figure_of_every_group_lists_as_many_tasks_as_it_counts() -> None:
    """On the hand-worked set, each figure of totals, central, each agency and each document lists
    exactly the tasks it counts."""
    figures = compute(hand_set(), H1, JUNE_30)
    groups = [(HEADLINE, figures.totals), (CENTRAL, figures.central),
              *((Group(agency=str(a["agency"])), a) for a in figures.by_agency),
              *((Group(source=str(s["source"])), s) for s in figures.by_source)]
    for group, figure in groups:
        for key in FIGURE_KEYS:
            assert figure_list(hand_set(), WINDOW, key, group).count == figure[key], (group, key)


def test_the_list_hand_worked() -> None:
    """The headline's done_late is task b, not_done of Sở Tài chính is d and f; the July task h is in
    no H1 list; the central task g only in central's."""
    assert figure_list(hand_set(), WINDOW, "done_late").tasks["task_id"].tolist() == ["b"]
    listed = figure_list(hand_set(), WINDOW, "not_done", Group(agency="Sở Tài chính"))
    assert listed.tasks["task_id"].tolist() == ["f", "d"]  # by assignment date within the agency
    assert list(listed.tasks.columns) == LIST_COLUMNS
    assert listed.tasks["category"].tolist() == ["not_done_in_time", "not_done_overdue"]
    assert figure_list(hand_set(), WINDOW, "assigned", CENTRAL).tasks["task_id"].tolist() == ["g"]
    assert "h" not in set(figure_list(hand_set(), WINDOW, "assigned").tasks["task_id"])


def test_a_cut_off_moves_a_task_between_lists() -> None:
    """Done on 27/06: not done in the list as of 25/06, done on time as of 30/06 (rule 2)."""
    tasks = pd.DataFrame([task(deadline="2021-06-28", state="done", completed_on="2021-06-27")])
    early = report_window("H1-2021", as_of=JUNE_30.replace(day=25))
    assert figure_list(tasks, early, "not_done_in_time").count == 1
    assert figure_list(tasks, WINDOW, "done_on_time").count == 1


def test_counted_with_the_membership_given_is_the_same() -> None:
    """The membership worked out once for the tasks selects what it selects worked out each time."""
    from taskrollup.figures import membership

    frame = scoped(hand_set(), H1, JUNE_30)
    members = membership(frame)
    for key in FIGURE_KEYS:
        assert counted(frame, key, HEADLINE, members).index.tolist() == counted(frame, key, HEADLINE).index.tolist()


def _rows(status_row: int = 2) -> pd.DataFrame:
    return pd.DataFrame({
        "row_id": [1, 2, 3], "file_name": ["a.xlsx", "b.xlsx", "c.xlsx"], "sheet": ["T1", "T2", "T2"],
        "row": [5, 6, 9], "month": ["2021-01", "2021-02", "2021-02"],
        "submitted_by": ["Sở Y tế", "Sở Y tế", "Sở Tài chính"], "is_lead": [True, True, False],
        "state": ["not_done", "done", "not_done"], "timing": [None, "on_time", None],
        "deadline": ["2021-06-30"] * 3, "extended_deadline": [None] * 3,
        "completed_on": [None, "2021-02-10", None], "cancelled_on": [None] * 3,
        "problems": [(), (), ({"code": "not-a-status", "column": "G", "header": "Tình hình",
                               "value": f"Đang làm {TOKEN}"},)]})


def _one(**kw: object) -> pd.DataFrame:
    return pd.DataFrame([task(task_id="abc", deadline="2021-06-30", state="done", completed_on="2021-02-10",
                              timing="on_time", **kw) | {"row_count": 3, "status_row_id": 2}])


def test_task_view_rows_and_status_row() -> None:
    """Each row with its place, month, sender, role, status and problems; the status row marked."""
    view = task_view(_one(), _rows(), pd.DataFrame(columns=["kind", "detail", "file", "sheet", "row",
                                                            "agency", "task_id"]))
    rows = view.rows
    assert rows["role"].tolist() == ["lead", "lead", "coordinator"]
    assert rows["gives_status"].tolist() == [False, True, False]
    assert rows["problems"].tolist()[2] == f"column G (Tình hình): not a status: 'Đang làm {TOKEN}'"
    assert view.periods == ["H1-2021", "Q1-2021", "2021-03", "2021"] and view.counted_in is None
    json.dumps(view.to_dict())


def test_a_secret_task_view_says_nothing_of_its_content() -> None:
    """A secret task: its content replaced, its rows' problems named by column and code only."""
    view = task_view(_one(secret=True, content=TOKEN), _rows(), pd.DataFrame(
        columns=["kind", "detail", "file", "sheet", "row", "agency", "task_id"]))
    assert view.task["content"] == SECRET_PLACEHOLDER
    assert TOKEN not in json.dumps(view.to_dict(), ensure_ascii=False)


def test_task_in_a_window() -> None:
    """With a report's window: its outcome, the figures it counts in, the groups that count it."""
    view = task_view(_one(), _rows(), pd.DataFrame(), WINDOW)
    assert view.counted_in == {"outcome": "done_on_time", "figures": ["assigned", "done", "done_on_time"],
                               "groups": ["totals", "by_agency[Sở Y tế]", "by_source[1/UBND-KT]"]}


@pytest.mark.parametrize(("window", "said"), [
    (report_window("H2-2021"), "it was assigned on 01/03/2021, in H1-2021 (Q1-2021, 2021-03); try --period H1-2021"),
    (report_window("Q1-2021", scope="due"),
     "it was due on 30/06/2021, in H1-2021 (Q2-2021, 2021-06); try --period H1-2021 --scope due"),
])
def test_task_outside_the_window_says_where_it_is(window: object, said: str) -> None:
    """A task the period does not count: a usage error (exit 2) naming the periods it is in."""
    with pytest.raises(TaskOutsidePeriod) as info:
        task_view(_one(), _rows(), pd.DataFrame(), window)  # type: ignore[arg-type]
    assert info.value.exit_code == 2 and said in str(info.value)


def test_findings_of_a_kind_this_version_does_not_know_still_show() -> None:
    """A finding stored by another version (a kind not in quality.KINDS) shows its kind and detail;
    on a secret task its kind alone (its detail may quote a text)."""
    found = pd.DataFrame([{"kind": "coordinator_disagrees", "detail": {"state": "done", "lead_state": "not_done"},
                           "file": "a.xlsx", "sheet": "T1", "row": 5, "agency": "Sở Y tế", "task_id": "abc"},
                          {"kind": "a_kind_of_later_versions", "detail": {"other": "def"}, "file": None,
                           "sheet": None, "row": None, "agency": "Sở Y tế", "task_id": "abc"}])
    shown = task_view(_one(), _rows(), found).findings
    assert shown[0]["message"].startswith("a coordinating agency's row disagrees") and "task_id" not in shown[0]
    assert shown[1]["message"] == "a_kind_of_later_versions: {'other': 'def'}"
    assert task_view(_one(secret=True), _rows(), found).findings[1]["message"] == "a_kind_of_later_versions"


# --------------------------------------------------------------------------- the command line


@pytest.fixture
def store(make_workbook: Callable[..., Path], db: Path) -> Path:
    """Sở Tài chính's June sheet: 5 tasks, one of them made secret (2515/UBND-KTTH, overdue)."""
    rows = [list(r) for r in OFFICIAL_ROWS]
    rows[12][3] = f"Rà soát {TOKEN}"
    rows[12][8] = "Mật"
    rows[12][5] = "15/6/2021"
    ingest([make_workbook("STC.xlsx", {"T6": rows}, {"T6": OFFICIAL_MERGES})], db)
    return db


def _report(run: Run, db: Path) -> dict:
    code, out, _ = run("report", "--period", "H1-2021", "--db", db, "--format", "json")
    assert code == 0
    return json.loads(out)


def test_cli_table_by_agency(run: Run, store: Path) -> None:
    """The list by agency, its count the report's figure; a secret task's content never shown."""
    code, out, _ = run("explain", "not_done", "--period", "H1-2021", "--db", store)
    assert code == 0
    assert "not_done, H1-2021 as of 30/06/2021 (scope assigned), the province's tasks: 2 task(s)" in out
    assert "Sở Kế hoạch và Đầu tư (1)" in out and "Sở Tài chính (1)" in out
    assert SECRET_PLACEHOLDER in out and TOKEN not in out
    assert _report(run, store)["totals"]["not_done"] == 2


def test_cli_json_counts_as_the_report(run: Run, store: Path) -> None:
    """--format json: the count and the tasks of every figure equal the report's figures, for
    the headline, each agency and each document."""
    doc = _report(run, store)
    groups = [((), doc["totals"]), *((("--agency", a["agency"]), a) for a in doc["by_agency"]),
              *((("--source", s["source"]), s) for s in doc["by_source"])]
    for args, figures in groups:
        for key in ("assigned", "done_late", "not_done_overdue", "cancelled"):
            code, out, _ = run("explain", key, "--period", "H1-2021", "--db", store, "--format", "json", *args)
            listed = json.loads(out)
            assert code == 0 and listed["count"] == len(listed["tasks"]) == figures[key], (args, key)
    assert TOKEN not in out


def test_cli_csv_and_xlsx(run: Run, store: Path, tmp_path: Path) -> None:
    """CSV to stdout and XLSX to --out: one row a task, secret content replaced, an AutoFilter."""
    code, out, _ = run("explain", "assigned", "--period", "H1-2021", "--db", store, "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(out)))
    assert code == 0 and len(rows) == 5 and list(rows[0]) == LIST_COLUMNS and TOKEN not in out
    target = tmp_path / "a.xlsx"
    code, _, err = run("explain", "assigned", "--period", "H1-2021", "--source", "42/QD-UBND", "--db", store,
                       "--format", "xlsx", "--out", target)
    ws = openpyxl.load_workbook(target)["Danh sách"]
    assert code == 0 and f"written: {target} (2 task(s))" in err
    assert ws.auto_filter.ref == "A5:I7" and ws.cell(row=6, column=3).value == "42/QĐ-UBND"
    code, _, err = run("explain", "assigned", "--period", "H1-2021", "--db", store, "--format", "xlsx")
    assert code == 2 and "--out" in err


def test_cli_one_task(run: Run, store: Path) -> None:
    """--task: the task's rows and the row that gives its status; with a period, what it counts as."""
    code, out, _ = run("explain", "done_late", "--period", "H1-2021", "--db", store, "--format", "json")
    task_id = json.loads(out)["tasks"][0]["task_id"]
    code, out, _ = run("explain", "--task", task_id, "--db", store, "--period", "H1-2021")
    assert code == 0 and f"Task {task_id}: 15/QĐ-UBND (provincial), lead agency Sở Tài chính" in out
    assert "STC.xlsx, sheet 'T6', row 14 (Sở Tài chính)  ◀ gives the status" in out
    assert "In H1-2021 as of 30/06/2021 (scope assigned): done_late; counts in assigned, secret, done, done_late" in out
    code, out, _ = run("explain", "--task", task_id.upper(), "--db", store, "--format", "json")
    view = json.loads(out)
    assert code == 0 and view["rows"][0]["gives_status"] is True and view["report"] is None


def test_cli_secret_task_alone(run: Run, store: Path) -> None:
    """A secret task shown alone: agency and dates, never its content."""
    _, out, _ = run("explain", "not_done_overdue", "--period", "H1-2021", "--db", store, "--format", "json")
    secret = next(t for t in json.loads(out)["tasks"] if t["secret"])
    for fmt in ("table", "json"):
        code, out, _ = run("explain", "--task", secret["task_id"], "--db", store, "--format", fmt)
        assert code == 0 and TOKEN not in out and SECRET_PLACEHOLDER in out


@pytest.mark.parametrize(("args", "said"), [
    (("late", "--period", "H1-2021"), "no figure 'late'; the report's figures: assigned, secret"),
    (("--task", "000000000000"), "no task '000000000000' in the store"),
    (("done", "--period", "S1-2021"), "accepted forms"),
    (("done",), "give --period"),
    ((), "name a figure"),
    (("done", "--period", "H1-2021", "--agency", "Sở Không Có"), "not in the agency registry"),
    (("done", "--period", "H1-2021", "--central", "--source", "42/QĐ-UBND"), "give one"),
    (("done", "--task", "abc"), "without a figure"),
    (("--task", "abc", "--as-of", "2021-06-30"), "go with --period"),
    (("--task", "abc", "--format", "csv"), "choose one of table, json"),
])
def test_cli_bad_input_exit_2(run: Run, store: Path, args: tuple[str, ...], said: str) -> None:
    """Bad names, ids, periods and options: one line saying what is wrong, exit 2."""
    code, _, err = run("explain", *args, "--db", store)
    assert code == 2 and said in " ".join(err.split()) and "Traceback" not in err


def test_cli_task_outside_the_period(run: Run, store: Path) -> None:
    """A task the period does not count: exit 2, naming the periods it is in."""
    _, out, _ = run("explain", "assigned", "--period", "H1-2021", "--db", store, "--format", "json")
    first = json.loads(out)["tasks"][0]
    code, _, err = run("explain", "--task", first["task_id"], "--period", "H2-2021", "--db", store)
    assert code == 2 and "is not counted in H2-2021" in err and "try --period H1-2021" in " ".join(err.split())


def test_cli_one_task_shows_its_findings_stored_or_worked_out(run: Run, make_workbook: Callable[..., Path],
                                                               db: Path) -> None:
    """A task reported done without a date: its finding shows under it, from the findings table,
    and worked out from the rows when an ingest stopped before storing the findings."""
    import sqlite3

    rows = [list(r) for r in OFFICIAL_ROWS]
    rows[8][7] = None  # "Đã hoàn thành" without a completion date
    ingest([make_workbook("STC.xlsx", {"T6": rows}, {"T6": OFFICIAL_MERGES})], db)
    _, out, _ = run("explain", "done", "--period", "H1-2021", "--db", db, "--format", "json")
    task_id = next(t["task_id"] for t in json.loads(out)["tasks"] if t["source"] == "42/QĐ-UBND")
    said = "reported done without a completion date (completion taken as month end): first reported done in 2021-06"
    code, out, _ = run("explain", "--task", task_id, "--db", db)
    assert code == 0 and "1 data-quality finding(s) on it:" in out and said in out
    assert "done on 30/06/2021 (the end of the month first reported done)" in out
    with sqlite3.connect(db) as con:
        con.execute("DELETE FROM meta WHERE key = 'findings_from'")
    code, again, _ = run("explain", "--task", task_id, "--db", db)
    assert code == 0 and again == out
