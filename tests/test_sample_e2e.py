"""End to end on sample_data/: ingest every submission, compare with the generator's truth.

The generator (sample_data/generate.py) writes `truth.csv` (one row per true task)
and `truth_figures.json` beside the workbooks; the targets below are also the
figures the foundation issue names for H1-2021 as of 30/06/2021.
"""

from __future__ import annotations

import datetime as dt
import json
import shutil
import sqlite3
from pathlib import Path

import pandas as pd
import pytest

from taskrollup.context import SECRET_PLACEHOLDER
from taskrollup.figures import FIGURE_KEYS, compute, outcomes
from taskrollup.identity import key as content_key
from taskrollup.ingest import ingest
from taskrollup.periods import parse_period
from taskrollup.resolution import resolve_store
from taskrollup.store import Store
from tests.conftest import Run

SAMPLE = Path(__file__).resolve().parents[1] / "sample_data"
INBOX = SAMPLE / "inbox"
H1 = parse_period("H1-2021")
JUNE_30 = dt.date(2021, 6, 30)

pytestmark = pytest.mark.skipif(not INBOX.is_dir(), reason="sample_data/inbox not generated")


@pytest.fixture(scope="module")
def sample_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A store with all of sample_data/inbox ingested once."""
    db = tmp_path_factory.mktemp("sample") / "sample.db"
    report = ingest([INBOX], db)
    failed = [f for f in report.files if f.status != "ingested"]
    assert not failed, failed
    return db


@pytest.fixture(scope="module")
def tasks(sample_store: Path) -> pd.DataFrame:
    with Store(sample_store, create=False) as store:
        return store.load_tasks()


@pytest.fixture(scope="module")
def truth() -> pd.DataFrame:
    frame = pd.read_csv(SAMPLE / "truth.csv", dtype=str, keep_default_na=False)
    frame["key"] = [f"{s}|{a}|{content_key(c)}" for s, a, c in
                    zip(frame["source_id"], frame["agency"], frame["content"], strict=True)]
    return frame.set_index("key")


def _keyed(tasks: pd.DataFrame) -> pd.DataFrame:
    keyed = tasks.copy()
    keyed["key"] = [f"{s}|{a}|{content_key(c)}" for s, a, c in
                    zip(keyed["source_id"], keyed["agency"], keyed["content"], strict=True)]
    return keyed.set_index("key")


def test_h1_figures_match_the_sample_draft(tasks: pd.DataFrame) -> None:
    """H1-2021 as of 30/06/2021 gives the figures the sample data was built to (the draft in sample_data states them, but for its two wrong sums)."""
    f = compute(tasks, H1, JUNE_30)
    t = f.totals
    assert (t["assigned"], t["secret"]) == (2573, 103)
    assert (t["done"], t["done_on_time"], t["done_late"]) == (2268, 2146, 122)
    assert (t["not_done"], t["not_done_in_time"], t["not_done_overdue"]) == (300, 283, 17)
    assert t["cancelled"] == 5
    src = {s["source"]: s for s in f.by_source}
    assert (src["42/QĐ-UBND"]["assigned"], src["42/QĐ-UBND"]["done"], src["42/QĐ-UBND"]["not_done"],
            src["42/QĐ-UBND"]["extension_requested"]) == (53, 36, 17, 6)
    assert (src["43/QĐ-UBND"]["assigned"], src["43/QĐ-UBND"]["done"], src["43/QĐ-UBND"]["not_done"]) == (21, 19, 2)
    assert (src["26/KH-UBND"]["assigned"], src["26/KH-UBND"]["done"], src["26/KH-UBND"]["not_done"]) == (20, 16, 4)
    c = f.central
    assert (c["assigned"], c["done"], c["not_done"], c["not_done_in_time"]) == (19, 5, 14, 14)


def test_figures_match_generator_truth(tasks: pd.DataFrame) -> None:
    """Every figure the generator derived from its truth, for totals, central and each source."""
    expected = json.loads((SAMPLE / "truth_figures.json").read_text("utf-8"))
    f = compute(tasks, H1, JUNE_30)
    for key in FIGURE_KEYS:
        assert f.totals[key] == expected["totals"][key], key
        assert f.central[key] == expected["central"][key], key
    got = {s["source"]: s for s in f.by_source}
    for source, figures in expected["by_source"].items():
        for key in FIGURE_KEYS:
            assert got.get(source, {}).get(key, 0) == figures[key], (source, key)


def test_tasks_match_truth_one_by_one(tasks: pd.DataFrame, truth: pd.DataFrame) -> None:
    """The resolved tasks are exactly the true tasks: same keys, dates, flags and outcome."""
    got = _keyed(tasks)
    assert sorted(set(got.index) - set(truth.index)) == []
    assert sorted(set(truth.index) - set(got.index)) == []
    assert not got.index.duplicated().any()
    got = got.loc[truth.index]
    for col in ("assigned_on", "deadline", "extended_deadline", "completed_on", "cancelled_on"):
        mine = got[col].fillna("").astype(str)
        diff = mine != truth[col]
        assert not diff.any(), (col, list(zip(truth.index[diff][:5], mine[diff][:5], truth[col][diff][:5], strict=False)))
    assert (got["secret"].astype(int).astype(str) == truth["secret"]).all()
    assert (got["authority"] == truth["authority"]).all()
    in_h1 = truth["category_h1"] != "out_of_scope"
    outcome = outcomes(got[in_h1.to_numpy()], JUNE_30)
    diff = outcome != truth.loc[in_h1, "category_h1"]
    assert not diff.any(), list(zip(outcome.index[diff][:5], outcome[diff][:5], strict=False))


def test_ingest_twice_gives_the_same_store(sample_store: Path, tasks: pd.DataFrame) -> None:
    """Ingesting sample_data again changes nothing: every file 'unchanged', same tasks."""
    report = ingest([INBOX], sample_store)
    assert {f.status for f in report.files} == {"unchanged"}
    with Store(sample_store, create=False) as store:
        again = store.load_tasks()
    pd.testing.assert_frame_equal(again.drop(columns=["status_row_id"]), tasks.drop(columns=["status_row_id"]))


def test_months_in_any_order_give_the_same_tasks(tmp_path: Path, tasks: pd.DataFrame) -> None:
    """Months ingested newest first (one run per month) give the same tasks."""
    db = tmp_path / "reverse.db"
    for month in sorted(INBOX.iterdir(), reverse=True):
        ingest([month], db)
    with Store(db, create=False) as store:
        reverse = store.load_tasks()
    cols = [c for c in tasks.columns if c != "status_row_id"]
    pd.testing.assert_frame_equal(reverse[cols], tasks[cols])


def test_resolving_only_the_cited_documents_equals_resolving_all(tmp_path: Path, tasks: pd.DataFrame) -> None:
    """Month by month, each run rebuilds only the tasks of the documents its new rows cite
    (reading their older rows back); that equals the one-shot ingest, and a resolution
    of every row read back from the store, task by task and row link by row link."""
    db = tmp_path / "monthly.db"
    for month in sorted(INBOX.iterdir()):
        ingest([month], db)
    with Store(db, create=False) as store:
        monthly, links = store.load_tasks(), store.load_rows(["task_id"])
        store.db.execute("DELETE FROM meta WHERE key = 'resolved_from'")
        assert resolve_store(store) == len(monthly)  # no rows in memory: all read back
        full, full_links = store.load_tasks(), store.load_rows(["task_id"])
    assert links["task_id"].notna().sum() > len(monthly)  # rows repeat tasks across months
    pd.testing.assert_frame_equal(links, full_links)
    pd.testing.assert_frame_equal(monthly, full)
    pd.testing.assert_frame_equal(monthly, tasks)


def test_problem_rows_are_reported(sample_store: Path) -> None:
    """Each deliberately unreadable value of the sample is a problem on its row, naming its column and value."""
    listed = SAMPLE / "problems.csv"
    if not listed.exists():
        pytest.skip("the generator lists no problem rows")
    expected = pd.read_csv(listed, dtype=str, keep_default_na=False)
    with Store(sample_store, create=False) as store:
        rows = store.load_rows(["sheet", "row", "problems"])
    found = rows[rows["problems"].astype(bool)]
    spots = {(f, s, str(r)): p for f, s, r, p in zip(found["file_name"], found["sheet"], found["row"],
                                                     found["problems"], strict=True)}
    assert len(spots) == len(expected) == 11
    for row in expected.itertuples(index=False):
        (problem,) = spots[(Path(row.file).name, row.sheet, str(row.row))]
        assert (problem["column"], problem["value"]) == (row.column, row.value), row


def test_sample_copy_is_read_from_any_folder(tmp_path: Path) -> None:
    """The month comes from the sheet title even when the folder name does not say it."""
    month = sorted(INBOX.iterdir())[0]
    copy = tmp_path / "inbox"
    shutil.copytree(month, copy)
    report = ingest([copy], tmp_path / "x.db")
    months = {f.month for f in report.files if f.status == "ingested"}
    assert months <= {month.name} and months


GOLDEN = Path(__file__).parent / "golden" / "sample-report-H1-2021.txt"


def test_report_docx_matches_golden(sample_store: Path, tmp_path: Path) -> None:
    """The paragraphs and table cells of the sample's H1 report equal the golden text.

    After a deliberate change to the template, rebuild the golden file with
    UPDATE_GOLDEN=1 and read the diff before committing it.
    """
    import os

    from taskrollup.report import build_report, write_docx
    from tests.conftest import docx_text

    out = write_docx(build_report(sample_store, H1), tmp_path / "r.docx")
    text = docx_text(out) + "\n"
    if os.environ.get("UPDATE_GOLDEN"):
        GOLDEN.write_text(text, "utf-8")
    assert text == GOLDEN.read_text("utf-8")
    assert "2.573 nhiệm vụ (103 nhiệm vụ giao tại văn bản mật)" in text
    assert "(đúng hạn: 2.146, quá hạn 122)" in text and "(còn trong hạn: 283, quá hạn 17)" in text


def test_report_json_cli(sample_store: Path, capsys: pytest.CaptureFixture[str],
                         monkeypatch: pytest.MonkeyPatch) -> None:
    """`taskrollup report --format json` prints the figures; by_agency adds up to totals."""
    import sys

    from taskrollup.cli import main

    monkeypatch.setattr(sys, "argv", ["taskrollup", "report", "--period", "H1-2021", "--db",
                                      str(sample_store), "--format", "json"])
    with pytest.raises(SystemExit) as exit_info:
        main()
    assert exit_info.value.code in (0, None)
    doc = json.loads(capsys.readouterr().out)
    assert doc["totals"]["assigned"] == 2573 and doc["central"]["assigned"] == 19
    assert doc["totals"]["completion_rate"] == round(100 * 2268 / (2573 - 5), 2)
    for key in FIGURE_KEYS:
        assert sum(a[key] for a in doc["by_agency"]) == doc["totals"][key], key


def test_no_secret_content_in_outputs(sample_store: Path, tmp_path: Path) -> None:
    """No secret task's content appears in the DOCX or the XLSX of the sample report."""
    import openpyxl

    from taskrollup.report import build_report, write_docx, write_xlsx
    from taskrollup.settings import ReportSettings
    from tests.conftest import docx_text

    with Store(sample_store, create=False) as store:
        tasks = store.load_tasks()
    # The same words may name a public task, or begin one (the task list shows every public task).
    public = "\n".join(tasks.loc[~tasks["secret"], "content"])
    secrets = [c for c in tasks.loc[tasks["secret"], "content"] if len(c) > 20 and c not in public]
    assert len(secrets) > 50
    rep = build_report(sample_store, H1)
    text = docx_text(write_docx(rep, tmp_path / "r.docx"))
    wb = openpyxl.load_workbook(write_xlsx(rep, tmp_path / "r.xlsx", ReportSettings()))
    cells = "\n".join(str(c.value) for ws in wb for row in ws.iter_rows() for c in row if c.value)
    for content in secrets:
        assert content not in text and content not in cells


def test_check_lists_the_17_overdue_of_h1(sample_store: Path, truth: pd.DataFrame) -> None:
    """As of 30/06/2021 the check lists every task the truth has overdue in H1, and more from 2020."""
    from taskrollup.queries import check_store

    result = check_store(sample_store, JUNE_30)
    assert result.exit_code == 1
    with Store(sample_store, create=False) as store:
        keyed = _keyed(store.load_tasks())
    overdue_h1 = truth.index[truth["category_h1"] == "not_done_overdue"]
    assert len(overdue_h1) == 17
    expected_ids = set(keyed.loc[overdue_h1, "task_id"])
    listed = set(result.overdue["task_id"])
    assert expected_ids <= listed
    assert all(d > 0 for d in result.overdue["days_overdue"])
    by_id = keyed.set_index("task_id")
    for t, content, secret in zip(result.overdue["task_id"], result.overdue["content"], result.overdue["secret"],
                                  strict=True):  # texts read back for the listed tasks only
        assert content == (SECRET_PLACEHOLDER if by_id.loc[t, "secret"] else by_id.loc[t, "content"])
        assert secret == by_id.loc[t, "secret"]
    assert len(result.overdue) == 27  # as the README transcript shows


def test_check_without_stored_findings_works_them_out_the_same(
        sample_store: Path, tmp_path: Path, run: Run) -> None:
    """When a run stopped before storing the findings, `check` works them out from the rows,
    loading the task fields they need beside the ones it reads itself: the same document,
    every kind of finding of the sample included."""
    db = tmp_path / "copy.db"
    with sqlite3.connect(sample_store) as src, sqlite3.connect(db) as dst:
        src.backup(dst)
    args = ("check", "--db", db, "--as-of", "2021-06-30", "--format", "json")
    _, stored, _ = run(*args)
    with sqlite3.connect(db) as con:
        con.execute("DELETE FROM meta WHERE key = 'findings_from'")
    _, worked_out, _ = run(*args)
    doc = json.loads(stored)
    assert json.loads(worked_out) == doc
    assert {f["kind"] for f in doc["data_quality"]} >= {"coordinator_disagrees", "done_without_date"}


def test_the_planted_pairs_are_reported_and_never_merged(sample_store: Path) -> None:
    """The generator's traps for rule 11 (sample_data/pairs.csv): every pair is two tasks;
    exactly the pairs it marks as reported are the store's possible same tasks."""
    planted = pd.read_csv(SAMPLE / "pairs.csv", dtype=str, keep_default_na=False)
    with Store(sample_store, create=False) as store:
        tasks = store.load_tasks()
        pairs = store.load_pairs()
    keyed = _keyed(tasks)
    ids = {}
    for p in planted.itertuples(index=False):
        a, b = (keyed.loc[f"{p.source_id}|{p.agency}|{content_key(c)}", "task_id"] for c in (p.content_a, p.content_b))
        assert a != b, p.kind
        ids[(a, b)] = p.reported == "1"
    expected = {frozenset(pair) for pair, reported in ids.items() if reported}
    assert {frozenset(p) for p in zip(pairs["task_a"], pairs["task_b"], strict=True)} == expected
    assert len(expected) == 4


def test_h1_under_nd09_counts_its_days(tasks: pd.DataFrame) -> None:
    """Under nd09, H1-2021 counts the provincial tasks assigned 15/12/2020-14/06/2021 as of
    14/06/2021, and its figures add up."""
    f = compute(tasks, parse_period("H1-2021", "nd09"))
    provincial = tasks[(tasks["authority"] == "provincial") & tasks["assigned_on"].between("2020-12-15", "2021-06-14")]
    t = f.totals
    assert f.as_of == dt.date(2021, 6, 14) and t["assigned"] == len(provincial) != 2573
    assert t["assigned"] == t["done"] + t["not_done"] + t["cancelled"]


def test_the_2025_changes_do_not_move_the_2021_figures(sample_store: Path, tasks: pd.DataFrame) -> None:
    """The report, which counts each task under the agency holding it on the cut-off with the
    registry's 2025 mergers, gives H1-2021 agency by agency as the sheets said."""
    from taskrollup.report import build_report

    figures = build_report(sample_store, H1, texts=False).figures
    assert figures.by_agency == compute(tasks, H1, JUNE_30).by_agency
    assert figures.totals["assigned"] == 2573
    assert [w for w in figures.warnings if "may be one task" not in w] == []  # only the planted pairs


def test_an_office_in_2026_sends_back_to_the_successors(sample_store: Path) -> None:
    """Checked on 15/01/2026, the sample's open tasks of departments merged in 2025 are listed under
    the merged ones, each noted; those of the districts, which ended with no successor, stay and warn."""
    from taskrollup.queries import check_store

    result = check_store(sample_store, dt.date(2026, 1, 15))
    listed = pd.concat([result.overdue, result.due_soon])
    assert "Sở Kế hoạch và Đầu tư" not in set(listed["agency"])
    moved = listed[listed["note"].notna()]
    assert len(moved) and set(moved["note"]) <= {
        "chuyển từ Sở Kế hoạch và Đầu tư", "chuyển từ Sở Nông nghiệp và Phát triển nông thôn",
        "chuyển từ Sở Giao thông vận tải", "chuyển từ Sở Tài nguyên và Môi trường",
        "chuyển từ Sở Thông tin và Truyền thông", "chuyển từ Sở Lao động - Thương binh và Xã hội",
        "chuyển từ Ban Dân tộc"}
    assert set(moved.loc[moved["note"] == "chuyển từ Sở Kế hoạch và Đầu tư", "agency"]) == {"Sở Tài chính"}
    assert any("UBND huyện Krông Nô" in w and "no successor" in w for w in result.warnings)


def test_explain_lists_every_figure_of_the_h1_report(sample_store: Path, tasks: pd.DataFrame, run: Run) -> None:
    """Every figure of the H1-2021 report, for totals, central, every by_agency row and every
    by_source row: explain lists as many tasks as the report's JSON gives. The headline, central
    and agency rows go through the whole listing; the 772 documents through the selection it
    lists (`counted`), with the membership worked out once."""
    from taskrollup.explain import counted, scoped_list
    from taskrollup.figures import CENTRAL, HEADLINE, Group, membership, scoped
    from taskrollup.periods import report_window

    code, out, _ = run("report", "--period", "H1-2021", "--db", sample_store, "--format", "json")
    doc = json.loads(out)
    window = report_window("H1-2021")
    frame = scoped(tasks, window.period, window.as_of, window.scope)
    members = membership(frame)
    listed = [(HEADLINE, doc["totals"]), (CENTRAL, doc["central"]),
              *((Group(agency=a["agency"]), a) for a in doc["by_agency"])]
    for group, figures in listed:
        for key in FIGURE_KEYS:
            assert scoped_list(frame, window, key, group, members).count == figures[key], (group, key)
    assert len(doc["by_source"]) > 700
    for source in doc["by_source"]:
        group = Group(source=source["source"])
        for key in FIGURE_KEYS:
            assert len(counted(frame, key, group, members)) == source[key], (group, key)
    for key, n in (("done_late", 122), ("not_done_overdue", 17), ("cancelled", 5)):
        code, out, _ = run("explain", key, "--period", "H1-2021", "--db", sample_store, "--format", "json")
        assert code == 0 and json.loads(out)["count"] == len(json.loads(out)["tasks"]) == n == doc["totals"][key]


def test_report_task_list_sums_to_every_figure(sample_store: Path, tmp_path: Path) -> None:
    """The XLSX report's sheet 'Danh sách nhiệm vụ', read back: one row a task the period counts,
    an AutoFilter on its header; summing a figure's 0/1 column over the rows of the province (and
    one agency), of the central Government, or of one document gives that figure of the report."""
    import openpyxl

    from taskrollup.context import FIGURE_WORDS
    from taskrollup.report import build_report, write_xlsx
    from taskrollup.settings import ReportSettings

    rep = build_report(sample_store, H1)
    ws = openpyxl.load_workbook(write_xlsx(rep, tmp_path / "r.xlsx", ReportSettings()),
                                read_only=True)["Danh sách nhiệm vụ"]
    rows = list(ws.iter_rows(values_only=True))
    top = next(i for i, r in enumerate(rows) if r and r[0] == "Mã nhiệm vụ")
    header = list(rows[top])
    sheet = pd.DataFrame(rows[top + 1:], columns=header)
    assert len(sheet) == len(rep.tasks) == sheet["Mã nhiệm vụ"].nunique()
    figures = rep.figures
    columns = {key: FIGURE_WORDS[key] for key in FIGURE_KEYS}
    province = sheet[sheet["Nhóm"] == "UBND tỉnh"]
    groups = [(province, figures.totals), (sheet[sheet["Nhóm"] == "Trung ương"], figures.central),
              *((province[province["Cơ quan chủ trì"] == a["agency"]], a) for a in figures.by_agency),
              *((sheet[sheet["Văn bản giao"] == s["source"]], s) for s in figures.by_source)]
    for part, expected in groups:
        assert {k: int(part[c].sum()) for k, c in columns.items()} == {k: expected[k] for k in FIGURE_KEYS}
    assert sheet[list(columns.values())].isin([0, 1]).all().all()
    assert (sheet.loc[sheet["Giao tại văn bản mật"] == 1, "Nội dung nhiệm vụ"] == SECRET_PLACEHOLDER).all()
