"""The office's decisions on task identity: recorded beside the store, followed at once and on
every later ingest, and refused where rule 8 says two tasks are two whatever their texts."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from taskrollup import decisions as decided_file
from taskrollup.decide import decide, review
from taskrollup.dedupe import task_id_for
from taskrollup.errors import DecisionError
from taskrollup.figures import compute
from taskrollup.identity import key
from taskrollup.ingest import ingest
from taskrollup.periods import parse_period
from taskrollup.store import Store
from taskrollup.submission import Options
from tests.conftest import Run, write_workbook

HEADER = ["STT", "Số, ký hiệu văn bản", "Ngày giao", "Nội dung nhiệm vụ", "Cơ quan chủ trì", "Thời hạn",
          "Tình hình thực hiện"]
DOC, AGENCY = "12/QĐ-UBND", "Sở Tài nguyên và Môi trường"
VERB_A = "Kiểm tra danh mục dự án cần thu hồi đất để phát triển kinh tế - xã hội trên địa bàn tỉnh"
VERB_B = "Rà soát danh mục dự án cần thu hồi đất để phát triển kinh tế - xã hội trên địa bàn tỉnh"
PLAN = "Lập quy hoạch sử dụng đất giai đoạn 2021-2030"
PLAN_TYPO = "Lập quy hoạch sử dụng đấtt giai đoạn 2021-2030"
TEXTS = [VERB_A, VERB_B, "Báo cáo kết quả thực hiện nhiệm vụ quý II năm 2021 gửi UBND tỉnh",
         "Báo cáo kết quả thực hiện nhiệm vụ lớp 2 năm 2021 gửi UBND tỉnh", PLAN, PLAN_TYPO]


def _book(folder: Path, month: int, texts: list[str], doc: str = DOC) -> Path:
    rows = [HEADER] + [[i, doc, "05/01/2021", t, AGENCY, "30/06/2021", "Đang thực hiện"]
                       for i, t in enumerate(texts, 1)]
    return write_workbook(folder / f"STNMT_T{month}.xlsx", {"BC": rows})


def _id(text: str) -> str:
    return task_id_for(DOC, AGENCY, key(text))


def _assigned(db: Path) -> int:
    with Store(db, create=False) as store:
        tasks = store.load_tasks(text=False)
    return int(compute(tasks, parse_period("H1-2021"), dt.date(2021, 6, 30)).totals["assigned"])


@pytest.fixture
def inbox(tmp_path: Path) -> Path:
    """March of one agency: six rows, five tasks by rule 11 (the typo joins its text), one
    possible same task (a verb replaced); 'quý II' / 'lớp 2' are two tasks, not reported."""
    folder = tmp_path / "inbox"
    folder.mkdir()
    _book(folder, 3, TEXTS)
    return folder


def test_rule_11_counts_worked_by_hand(inbox: Path, db: Path) -> None:
    """Worked by hand: six rows, the typo joins its text, every other difference makes a task:
    five tasks assigned (the rule of ratio 90 said three), one pair to decide."""
    ingest([inbox], db, opts=Options(month='2021-03', jobs=1))
    assert _assigned(db) == 5
    with Store(db, create=False) as store:
        pairs = store.load_pairs()
    assert pairs[["task_a", "task_b"]].values.tolist() == [[_id(VERB_A), _id(VERB_B)]]


def test_same_task_joins_and_survives_every_later_ingest(inbox: Path, db: Path) -> None:
    """'same' joins the pair (assigned 5 -> 4) under the older text's id; a later month, and a
    store built again from every file beside the same decisions file, still follow it."""
    ingest([inbox], db, opts=Options(month='2021-03', jobs=1))
    outcome = decide(db, "same", _id(VERB_A), _id(VERB_B), today=dt.date(2021, 7, 1))
    assert outcome.action == "recorded" and outcome.now == (_id(VERB_A), _id(VERB_A))
    assert _assigned(db) == 4
    _book(inbox, 4, TEXTS)
    ingest([inbox], db, opts=Options(month='2021-04', jobs=1))
    assert _assigned(db) == 4
    for leftover in db.parent.glob(db.name + "*"):  # the store moved aside: built again
        leftover.unlink()
    ingest([inbox / "STNMT_T3.xlsx"], db, opts=Options(month='2021-03', jobs=1))
    ingest([inbox / "STNMT_T4.xlsx"], db, opts=Options(month='2021-04', jobs=1))
    assert _assigned(db) == 4
    assert [(s.followed, s.now) for s in review(db)] == [(True, (_id(VERB_A), _id(VERB_A)))]
    with Store(db, create=False) as store:
        assert store.load_pairs().empty  # decided: no longer reported


def test_different_task_parts_what_rule_11_joined_and_undo_joins_it_again(inbox: Path, db: Path) -> None:
    """A text of a task is named by its own id; 'different' parts it (5 -> 6), undo joins it
    back (6 -> 5)."""
    ingest([inbox], db, opts=Options(month='2021-03', jobs=1))
    assert _id(PLAN) != _id(PLAN_TYPO)
    decide(db, "different", _id(PLAN), _id(PLAN_TYPO))
    assert _assigned(db) == 6
    assert decide(db, "different", _id(PLAN), _id(PLAN_TYPO), undo=True).action == "undone"
    assert _assigned(db) == 5 and decided_file.load(decided_file.path_for(db)) == []


def test_the_opposite_decision_replaces_and_the_same_one_changes_nothing(inbox: Path, db: Path) -> None:
    """One decision per pair: the opposite one replaces it, the same one again is no change."""
    ingest([inbox], db, opts=Options(month='2021-03', jobs=1))
    decide(db, "same", _id(VERB_A), _id(VERB_B))
    assert decide(db, "same", _id(VERB_B), _id(VERB_A)).action == "unchanged"
    assert decide(db, "different", _id(VERB_A), _id(VERB_B)).action == "replaced"
    records = decided_file.load(decided_file.path_for(db))
    assert [r.decision.kind for r in records] == ["different"] and _assigned(db) == 5


def test_refused_decisions(inbox: Path, db: Path) -> None:
    """Two documents (rule 8), an unknown id, one task twice, an undo of nothing: refused,
    and the decisions file is not written."""
    _book(inbox, 4, [VERB_A], doc="13/QĐ-UBND")
    ingest([inbox / "STNMT_T3.xlsx"], db, opts=Options(month='2021-03', jobs=1))
    ingest([inbox / "STNMT_T4.xlsx"], db, opts=Options(month='2021-04', jobs=1))
    other = task_id_for("13/QĐ-UBND", AGENCY, key(VERB_A))
    with pytest.raises(DecisionError, match="two documents or two lead agencies"):
        decide(db, "same", _id(VERB_A), other)
    with pytest.raises(DecisionError, match="no task 000000000000"):
        decide(db, "same", _id(VERB_A), "000000000000")
    with pytest.raises(DecisionError, match="named twice"):
        decide(db, "same", _id(VERB_A), _id(VERB_A))
    with pytest.raises(DecisionError, match="to undo"):
        decide(db, "same", _id(VERB_A), _id(VERB_B), undo=True)
    assert not decided_file.path_for(db).exists()


def test_a_decision_on_a_text_no_longer_in_the_store_is_reported(inbox: Path, db: Path) -> None:
    """A line of the decisions file naming a task the store does not hold is listed as not
    followed, with why; the others still apply."""
    ingest([inbox], db, opts=Options(month='2021-03', jobs=1))
    decide(db, "same", _id(VERB_A), _id(VERB_B))
    path = decided_file.path_for(db)
    path.write_text(path.read_text(encoding="utf-8-sig") + f"different,{_id(PLAN)},0123456789ab,{DOC},{AGENCY},,,\r\n",
                    encoding="utf-8-sig")
    with Store(db, create=False) as store:  # until the next ingest, the figures say they lag
        assert "the decisions file changed" in (store.behind_warning() or "")
    ingest([inbox], db, opts=Options(month='2021-03', jobs=1))  # the changed file is followed by the next ingest
    with Store(db, create=False) as store:
        assert store.behind_warning() is None
    found = review(db)
    assert [s.followed for s in found] == [True, False]
    assert found[1].why == f"no task 0123456789ab in {DOC} ({AGENCY}) any more"
    assert _assigned(db) == 4


def test_a_malformed_decisions_file_names_its_line(tmp_path: Path) -> None:
    """A decision word other than same/different is an error naming the file and line."""
    path = tmp_path / "s.decisions.csv"
    path.write_text("decision,task_a,task_b,document,agency\nsame,a,b,1/QĐ-UBND,Sở Y tế\nmaybe,a,b,1/QĐ-UBND,Sở Y tế\n",
                    encoding="utf-8")
    with pytest.raises(DecisionError, match="line 3: decision 'maybe'"):
        decided_file.load(path)


def test_the_decisions_file_holds_no_secret_text(tmp_path: Path, db: Path) -> None:
    """Two tasks of a secret document decided: the file shows the placeholder, not the texts."""
    folder = tmp_path / "secret"
    folder.mkdir()
    rows = [HEADER + ["Mật"]] + [[i, DOC, "05/01/2021", t, AGENCY, "30/06/2021", "Đang thực hiện", "x"]
                                 for i, t in enumerate([VERB_A, VERB_B], 1)]
    write_workbook(folder / "m.xlsx", {"BC": rows})
    ingest([folder], db, opts=Options(month='2021-03', jobs=1))
    decide(db, "same", _id(VERB_A), _id(VERB_B))
    text = decided_file.path_for(db).read_text(encoding="utf-8-sig")
    assert "Kiểm tra danh mục" not in text and "Nhiệm vụ tại văn bản mật" in text


def test_cli_same_task_and_decisions(inbox: Path, db: Path, run: Run) -> None:
    """same-task prints what it did (exit 0) and writes the file; decisions lists it (exit 0);
    an unknown id is exit 2 with one line."""
    ingest([inbox], db, opts=Options(month='2021-03', jobs=1))
    code, stdout, _ = run("same-task", _id(VERB_A), _id(VERB_B), "--db", str(db))
    assert code == 0 and "are one task: recorded" in stdout and f"now: both in task {_id(VERB_A)}" in stdout
    assert decided_file.path_for(db).exists()
    code, stdout, _ = run("decisions", "--db", str(db), "--format", "json")
    assert code == 0 and '"followed": true' in stdout
    code, _, stderr = run("different-task", _id(VERB_A), "ffffffffffff", "--db", str(db))
    assert code == 2 and "no task ffffffffffff" in stderr
