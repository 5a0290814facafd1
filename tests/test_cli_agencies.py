"""Agencies that merge, on the command line: report, check, tasks and template after a merger,
the figures before it unchanged, and `taskrollup agencies` (the registry on a day, --check)."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import openpyxl
import pytest

from taskrollup.store import Store
from tests.conftest import D, Run

HEADER = ["STT", "Số, ký hiệu văn bản", "Ngày ban hành", "Nội dung nhiệm vụ", "Cơ quan chủ trì", "Thời hạn",
          "Tình hình thực hiện", "Ngày hoàn thành"]
SNN, STNMT, SNNMT = ("Sở Nông nghiệp và Phát triển nông thôn", "Sở Tài nguyên và Môi trường",
                     "Sở Nông nghiệp và Môi trường")
# The two departments merge into a new one in the middle of H1-2021 (an office's file moves the
# real 2025 dates to 31/03/2021).
MERGER = f"""\
[[agency]]
name = "{SNN}"
until = 2021-03-31
successor = "{SNNMT}"

[[agency]]
name = "{STNMT}"
until = 2021-03-31
successor = "{SNNMT}"

[[agency]]
name = "{SNNMT}"
from = 2021-04-01
"""


def sheet(title: str, month: int, rows: list[list[object]]) -> list[list[object]]:
    return [["UBND TỈNH ĐẮK NÔNG"], [title], [f"BÁO CÁO TÌNH HÌNH THỰC HIỆN NHIỆM VỤ THÁNG {month} NĂM 2021"],
            HEADER, *rows]


@pytest.fixture
def office(tmp_path: Path) -> Path:
    path = tmp_path / "co-quan.toml"
    path.write_text(MERGER, "utf-8")
    return path


@pytest.fixture
def merged_store(run: Run, make_workbook: Callable[..., Path], db: Path, office: Path) -> Path:
    """March sheets of the two departments (t1 done, t2, t3, t4 open) and a June sheet of the new
    one (t3 done on 20/04 under the old name in its lead column: the new department's report on
    a task it took over is the lead's; t5 assigned to it on 10/05), ingested with the office's
    registry."""
    books = [
        make_workbook("STNMT-3.xlsx", {"T3": sheet("SỞ TÀI NGUYÊN VÀ MÔI TRƯỜNG", 3, [
            [1, "11/QĐ-UBND", D(2021, 1, 12), "Kiểm kê đất đai", STNMT, D(2021, 3, 31), "Đã hoàn thành", D(2021, 3, 20)],
            [2, "11/QĐ-UBND", D(2021, 2, 1), "Quy hoạch khoáng sản", STNMT, D(2021, 5, 31), "Đang thực hiện", None]])}),
        make_workbook("SNN-3.xlsx", {"T3": sheet("SỞ NÔNG NGHIỆP VÀ PHÁT TRIỂN NÔNG THÔN", 3, [
            [1, "12/QĐ-UBND", D(2021, 1, 15), "Phòng chống dịch tả lợn", SNN, D(2021, 4, 30), "Đang thực hiện", None],
            [2, "12/QĐ-UBND", D(2021, 2, 10), "Trồng rừng thay thế", SNN, D(2021, 3, 15), "Đang thực hiện", None]])}),
        make_workbook("SNNMT-6.xlsx", {"T6": sheet("SỞ NÔNG NGHIỆP VÀ MÔI TRƯỜNG", 6, [
            [1, "12/QĐ-UBND", D(2021, 1, 15), "Phòng chống dịch tả lợn", SNN, D(2021, 4, 30), "Đã hoàn thành", D(2021, 4, 20)],
            [2, "30/QĐ-UBND", D(2021, 5, 10), "Kiểm tra an toàn hồ đập", SNNMT, D(2021, 8, 31), "Đang thực hiện", None]])}),
    ]
    for book in books:
        code, out, err = run("ingest", book, "--db", db, "--registry", office)
        assert code == 0, out + err
    return db


def by_agency(run: Run, *args: object) -> dict[str, tuple[int, ...]]:
    code, out, err = run("report", "--format", "json", *args)
    assert code == 0, err
    keys = ("assigned", "done_on_time", "not_done_in_time", "not_done_overdue")
    return {a["agency"]: tuple(a[k] for k in keys) for a in json.loads(out)["by_agency"]}


def test_report_before_and_after_the_merger(run: Run, merged_store: Path, office: Path) -> None:
    """Q1-2021 (to 31/03, the departments' last day) shows them as they were, with the office's
    registry or without; H1-2021 (to 30/06) shows every task still open on 31/03 under the new
    department, and the one done before with the department that did it."""
    before = by_agency(run, "--period", "Q1-2021", "--db", merged_store, "--registry", office)
    assert before == by_agency(run, "--period", "Q1-2021", "--db", merged_store) == {
        SNN: (2, 0, 1, 1), STNMT: (2, 1, 1, 0)}
    assert by_agency(run, "--period", "H1-2021", "--db", merged_store, "--registry", office) == {
        STNMT: (1, 1, 0, 0), SNNMT: (4, 1, 1, 2)}
    with Store(merged_store, create=False) as store:  # the store keeps what the sheets said
        assert store.load_tasks()["agency"].value_counts().to_dict() == {SNN: 2, STNMT: 2, SNNMT: 1}


def test_appendix_and_listing_after_the_merger(run: Run, merged_store: Path, office: Path, tmp_path: Path) -> None:
    """Phụ lục 01 has the new department's row; Phụ lục 02 lists each moved task with its note."""
    target, cfg = tmp_path / "p.xlsx", tmp_path / "t.toml"
    cfg.write_text('[report]\nprogrammes = ["11/QĐ-UBND", "12/QĐ-UBND"]\n', "utf-8")
    code, _, _ = run("report", "--period", "H1-2021", "--db", merged_store, "--registry", office,
                     "--format", "xlsx", "--out", target, "--config", cfg)
    assert code == 0
    sheets = openpyxl.load_workbook(target).worksheets
    rows = [[c.value for c in r] for r in sheets[0].iter_rows()]
    assert [r[1:3] for r in rows if r[1] in (SNN, STNMT, SNNMT)] == [[SNNMT, 4], [STNMT, 1]]
    cells = [c.value for r in sheets[1].iter_rows() for c in r]
    assert f"{SNNMT} (chuyển từ {SNN})" in cells and f"{SNNMT} (chuyển từ {STNMT})" in cells


def test_check_sends_back_to_the_successor(run: Run, merged_store: Path, office: Path, tmp_path: Path) -> None:
    """check after the merger lists the overdue tasks under the new department with a note, writes
    its send-back workbook, and finds the June row that still names the old department."""
    out_dir = tmp_path / "gui-lai"
    code, out, _ = run("check", "--as-of", "2021-06-30", "--db", merged_store, "--registry", office,
                       "--format", "json", "--split-by-agency", out_dir)
    doc = json.loads(out)
    assert code == 1
    assert [(t["agency"], t["note"]) for t in doc["overdue"]] == [
        (SNNMT, f"chuyển từ {SNN}"), (SNNMT, f"chuyển từ {STNMT}")]
    assert [p.name for p in out_dir.iterdir()] == ["so-nong-nghiep-va-moi-truong-2021-06-30.xlsx"]
    dissolved = [f for f in doc["data_quality"] if f["message"].startswith("a sheet names an agency after")]
    assert [(f["file"], f["agency"]) for f in dissolved] == [("SNNMT-6.xlsx", SNN)]
    assert dissolved[0]["message"].endswith(f"its tasks go to {SNNMT}")
    code, out, _ = run("check", "--as-of", "2021-06-30", "--db", merged_store, "--registry", office,
                       "--agency", SNN)
    assert "Overdue as of 30/06/2021: 0 task(s)" in out and f"listed under {SNNMT}" in out


def test_check_table_notes_moved_tasks(run: Run, merged_store: Path, office: Path) -> None:
    """The overdue list printed at the terminal puts each moved task's note before its content."""
    code, out, _ = run("check", "--as-of", "2021-06-30", "--db", merged_store, "--registry", office)
    assert code == 1 and f"{SNNMT} (2)" in out
    assert f"(chuyển từ {SNN}) Trồng rừng thay thế" in out and f"(chuyển từ {STNMT}) Quy hoạch khoáng sản" in out


def test_check_before_the_merger(run: Run, merged_store: Path, office: Path) -> None:
    """As of 31/03 the overdue task is the old department's, with no note."""
    code, out, _ = run("check", "--as-of", "2021-03-31", "--db", merged_store, "--registry", office,
                       "--format", "json")
    assert code == 1
    assert [(t["agency"], t["note"]) for t in json.loads(out)["overdue"]] == [(SNN, None)]


def test_tasks_on_a_day(run: Run, merged_store: Path, office: Path) -> None:
    """tasks --on counts each task under who holds it that day, saying where it came from; without
    --on, as the sheets named it."""
    code, out, _ = run("tasks", "--db", merged_store, "--registry", office, "--on", "2021-06-30", "--format", "json")
    doc = json.loads(out)
    assert code == 0 and doc["tasks_by_agency"] == {STNMT: 1, SNNMT: 4}
    assert doc["moved"] == {SNNMT: {SNN: 2, STNMT: 1}}
    code, out, _ = run("tasks", "--db", merged_store, "--registry", office, "--on", "2021-06-30")
    assert f"2 chuyển từ {SNN}; 1 chuyển từ {STNMT}" in out
    code, out, _ = run("tasks", "--db", merged_store, "--format", "json")
    assert json.loads(out)["tasks_by_agency"] == {SNN: 2, SNNMT: 1, STNMT: 2} and "moved" not in json.loads(out)


def test_template_prefills_the_successors_open_tasks(run: Run, merged_store: Path, office: Path,
                                                     tmp_path: Path) -> None:
    """The new department's July workbook is pre-filled with the open tasks it took over, noted."""
    target = tmp_path / "SNNMT-7.xlsx"
    code, out, _ = run("template", "--agency", SNNMT, "--month", "2021-07", "--out", target, "--prefill",
                       "--db", merged_store, "--registry", office)
    assert code == 0 and "3 open task(s)" in out
    rows = [[c.value for c in r] for r in openpyxl.load_workbook(target)["Biểu báo cáo"].iter_rows(min_row=6, max_row=8)]
    assert sorted((r[3], r[11]) for r in rows) == [
        ("Kiểm tra an toàn hồ đập", None), ("Quy hoạch khoáng sản", f"chuyển từ {STNMT}"),
        ("Trồng rừng thay thế", f"chuyển từ {SNN}")]


def test_registry_file_from_the_settings(run: Run, merged_store: Path, office: Path, tmp_path: Path) -> None:
    """[registry] file of the settings file stands for --registry."""
    cfg = tmp_path / "taskrollup.toml"
    cfg.write_text('[registry]\nfile = "co-quan.toml"\n', "utf-8")
    assert by_agency(run, "--period", "H1-2021", "--db", merged_store, "--config", cfg)[SNNMT] == (4, 1, 1, 2)


def test_faulty_registry_refused(run: Run, merged_store: Path, tmp_path: Path) -> None:
    """A registry file with a fault stops the command (exit 2) naming file and line."""
    bad = tmp_path / "bad.toml"
    bad.write_text(f'[[agency]]\nname = "{SNN}"\nuntil = 2021-03-31\nsuccessor = "Sở Không Có"\n', "utf-8")
    code, _, err = run("report", "--period", "H1-2021", "--db", merged_store, "--registry", bad)
    assert code == 2 and f"bad.toml:4: '{SNN}': successor 'Sở Không Có'" in err


def test_agencies_on_a_day(run: Run) -> None:
    """agencies --on lists the agencies in force that day with their abbreviations, then those
    ended with who holds their tasks."""
    code, out, _ = run("agencies", "--on", "2025-07-01")
    assert code == 0
    in_force, _, ended = out.partition("Ended before 01/07/2025")
    assert SNNMT in in_force and "SNNMT" in in_force and "UBND huyện Cư Jút" not in in_force
    assert "UBND huyện Cư Jút" in ended and "Sở Kế hoạch và Đầu tư" in ended and "no successor" in ended
    assert "19 in force, 15 ended, 0 not yet begun" in out


def test_agencies_json_and_office_file(run: Run, office: Path) -> None:
    """--format json; an office's file changes what is in force."""
    code, out, _ = run("agencies", "--on", "2021-06-30", "--format", "json")
    doc = json.loads(out)
    assert code == 0 and doc["on"] == "2021-06-30"
    assert SNN in [a["name"] for a in doc["in_force"]] and [a["name"] for a in doc["not_yet"]] == [
        SNNMT, "Sở Dân tộc và Tôn giáo"]
    doc = json.loads(run("agencies", "--on", "2021-06-30", "--format", "json", "--registry", office)[1])
    assert {(a["name"], a["until"], a["held_by"], tuple(a["chain"])) for a in doc["ended"]} == {
        (SNN, "2021-03-31", SNNMT, (SNNMT,)), (STNMT, "2021-03-31", SNNMT, (SNNMT,))}


def test_agencies_check_clean(run: Run, office: Path) -> None:
    """--check on a clean file: exit 0, no faults."""
    code, out, _ = run("agencies", "--check", office)
    assert code == 0 and "3 agency entries, no faults" in out


def test_agencies_check_faults(run: Run, tmp_path: Path) -> None:
    """--check lists every fault as FILE:LINE: message, exit 1; JSON gives codes and lines."""
    bad = tmp_path / "bad.toml"
    bad.write_text('[[agency]]\nname = "Sở Du lịch"\naliases = ["STC"]\nfrom = 2025-03-01\nuntil = 2025-02-01\n'
                   '[[agency]]\nname = "Sở A"\nuntil = 2025-02-28\nsuccesor = "Sở B"\n', "utf-8")
    code, out, _ = run("agencies", "--check", bad)
    assert code == 1
    assert f"{bad}:3: 'STC' of 'Sở Du lịch' is already a spelling of 'Sở Tài chính'" in out
    assert f"{bad}:5: 'Sở Du lịch': until 2025-02-01 is before from 2025-03-01" in out
    assert f"{bad}:9: 'Sở A': unknown key 'succesor'" in out and "2 agency entries, 3 fault(s)" in out
    doc = json.loads(run("agencies", "--check", bad, "--format", "json")[1])
    assert [(f["line"], f["code"]) for f in doc["faults"]] == [(3, "alias-clash"), (5, "until-before-from"),
                                                               (9, "unknown-key")]


@pytest.mark.parametrize(("text", "message"), [(None, "cannot read registry file"),
                                                ('[[agency]]\nname = "Sở A\n', "line 2")])
def test_agencies_check_unreadable(run: Run, tmp_path: Path, text: str | None, message: str) -> None:
    """A file that is missing or not TOML: exit 2, one line saying why."""
    path = tmp_path / "co-quan.toml"
    if text is not None:
        path.write_text(text, "utf-8")
    code, out, err = run("agencies", "--check", path)
    assert code == 2 and message in err and out == ""
