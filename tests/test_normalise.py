"""Raw records -> canonical fields, and problems named by column, on hand-built sheets."""

from __future__ import annotations

import datetime as dt

import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from taskrollup.docids import DocRef
from taskrollup.extract import extract_table
from taskrollup.normalise import SheetContext, column_letter, empty_cells, normalise_records
from taskrollup.problems import describe_all
from taskrollup.registry import Registry
from taskrollup.text import is_empty


def normalised(grid: list[list[object]], registry: Registry, submitter: str | None = "Sở Y tế"):
    table = extract_table("S", grid)
    assert table is not None
    ctx = SheetContext("S", table.header, submitter, table.title_doc, registry)
    frame = normalise_records(table.records, ctx)
    return frame.astype(object).where(frame.notna(), None)  # missing as None, whatever the dtype


def test_ticks_citation_and_secret(registry: Registry) -> None:
    """Tick columns give the status; a whole citation gives id, date and secrecy."""
    grid = [
        ["STT", "Văn bản giao nhiệm vụ", "Nội dung nhiệm vụ", "Thời hạn", "Đã hoàn thành", "Chưa hoàn thành"],
        [1, "Kế hoạch số 26/KH-UBND ngày 15/01/2021 của UBND tỉnh (Mật)", "Việc A", "Quý II/2021", "x", None],
        [2, "Công văn số 2515/UBND-KTTH ngày 24/5/2021", "Việc B", "Thường xuyên", None, "X"],
    ]
    rows = normalised(grid, registry)
    assert rows["source_id"].tolist() == ["26/KH-UBND", "2515/UBND-KTTH"]
    assert rows["assigned_on"].tolist() == ["2021-01-15", "2021-05-24"]
    assert rows["secret"].tolist() == [True, False]
    assert rows["state"].tolist() == ["done", "not_done"]
    assert rows["deadline"].tolist() == ["2021-06-30", None]
    assert rows["no_deadline"].tolist() == [False, True]
    assert rows["agency"].tolist() == ["Sở Y tế", "Sở Y tế"] and rows["is_lead"].all()
    assert rows["problems"].tolist() == [(), ()]


def test_title_gives_the_document(registry: Registry) -> None:
    """A programme sheet without a source column takes its document from the title."""
    grid = [
        ["NHIỆM VỤ GIAO TẠI QUYẾT ĐỊNH SỐ 42/QĐ-UBND NGÀY 12/01/2021"],
        ["STT", "Nội dung nhiệm vụ", "Thời hạn", "Tình hình thực hiện"],
        [1, "Việc A", dt.date(2021, 6, 30), "Hoàn thành (Báo cáo số 12/BC-SYT ngày 20/3/2021)"],
    ]
    rows = normalised(grid, registry)
    assert rows.loc[0, "source_id"] == "42/QĐ-UBND" and rows.loc[0, "assigned_on"] == "2021-01-12"
    assert rows.loc[0, "completed_on"] == "2021-03-20"  # the note's date, no completion column


def test_a_bad_date_is_a_problem_with_its_code_column_and_value(registry: Registry) -> None:
    """An impossible date is a not-a-date problem with its column, heading and value, printed as ingest prints it."""
    grid = [["STT", "Số, ký hiệu", "Ngày giao", "Nội dung nhiệm vụ", "Tình trạng"],
            [1, "42/QĐ-UBND", "31/6/2021", "Việc A", "HT"]]
    rows = normalised(grid, registry)
    assert rows.loc[0, "problems"] == (
        {"code": "not-a-date", "column": "C", "header": "Ngày giao", "value": "31/6/2021"},)
    assert describe_all(rows.loc[0, "problems"]) == "column C (Ngày giao): not a date: '31/6/2021'"
    assert rows.loc[0, "state"] == "done" and rows.loc[0, "assigned_on"] is None


def test_problems_name_column_and_value(registry: Registry) -> None:
    """Unreadable cells become problems naming column letter, header and value, in field order; others stay clean."""
    grid = [
        ["STT", "Số, ký hiệu", "Nội dung nhiệm vụ", "Cơ quan chủ trì", "Thời hạn", "Tình trạng"],
        [1, "42/QĐ-UBND", "Việc A", "Sở Không Có", "30/02/2021", "???"],
        [2, "42/QĐ-UBND", "Việc B", "STC", "30/06/2021", "HT"],
    ]
    rows = normalised(grid, registry)
    assert [p["code"] for p in rows.loc[0, "problems"]] == ["unknown-agency", "not-a-status", "not-a-date"]
    assert describe_all(rows.loc[0, "problems"]) == (
        "column D (Cơ quan chủ trì): agency not in the registry ['Sở Không Có']; "
        "column F (Tình trạng): not a status: '???'; column E (Thời hạn): not a date: '30/02/2021'")
    assert rows.loc[1, "problems"] == () and rows.loc[1, "agency"] == "Sở Tài chính"
    assert not rows.loc[1, "is_lead"]  # Sở Y tế's sheet, Sở Tài chính's task: a coordinator's row


def test_unknown_submitter_and_no_agency_column(registry: Registry) -> None:
    """Without a lead column and without a known submitter, the row says whose it is not known."""
    grid = [["STT", "Số, ký hiệu", "Nội dung nhiệm vụ", "Tình trạng"], [1, "42/QĐ-UBND", "Việc A", "HT"]]
    rows = normalised(grid, registry, submitter=None)
    assert rows.loc[0, "problems"] == ({"code": "no-lead-agency", "field": "agency"},)


def test_column_letters() -> None:
    """0 -> A, 25 -> Z, 26 -> AA, 701 -> ZZ."""
    assert [column_letter(i) for i in (0, 25, 26, 701)] == ["A", "Z", "AA", "ZZ"]


def test_context_doc_is_used(registry: Registry) -> None:
    """Records carrying a section's document use it when the row has none."""
    grid = [["STT", "Nội dung nhiệm vụ", "Tình trạng"], [1, "Việc A", "HT"]]
    table = extract_table("S", grid)
    assert table is not None
    table.records[0]["context_doc"] = DocRef("43/QĐ-UBND", dt.date(2021, 1, 12), False)
    ctx = SheetContext("S", table.header, "Sở Y tế", None, registry)
    rows = normalise_records(table.records, ctx)
    assert rows.loc[0, "source_id"] == "43/QĐ-UBND" and rows.loc[0, "assigned_on"] == "2021-01-12"


@settings(deadline=None)  # a loaded machine must not fail it
@given(st.lists(st.one_of(st.none(), st.sampled_from([float("nan"), pd.NaT, pd.NA]), st.booleans(), st.integers(-2, 2),
                          st.floats(allow_nan=False), st.sampled_from(["", " ", "\t\n", "x", " 42/QĐ-UBND "])),
                max_size=30))
def test_empty_by_distinct_values_equals_empty_by_row(values: list[object]) -> None:
    """`empty_cells` decides each distinct value once; the answer is the row-by-row one."""
    column = pd.Series(values, dtype=object)
    assert empty_cells(column).tolist() == [is_empty(v) for v in values]


def test_results_written_as_prose(registry: Registry) -> None:
    """Rule 12 on a sheet: a 'done' sentence's date is the completion date (no completion
    column); a sentence saying neither is a problem naming column and text."""
    grid = [
        ["STT", "Số, ký hiệu", "Trích yếu nội dung", "Thời hạn", "Kết quả thực hiện"],
        [1, "42/QĐ-UBND", "Việc A", "30/06/2021",
         "Đã tham mưu UBND tỉnh ban hành Kế hoạch số 45/KH-UBND ngày 12/3/2021"],
        [2, "42/QĐ-UBND", "Việc B", "30/06/2021", "Đang xây dựng dự thảo"],
        [3, "42/QĐ-UBND", "Việc C", "30/06/2021", "Đã triển khai thực hiện"],
    ]
    rows = normalised(grid, registry)
    assert rows["state"].tolist() == ["done", "not_done", None]
    assert rows["completed_on"].tolist() == ["2021-03-12", None, None]
    assert [describe_all(p) for p in rows["problems"]] == [
        "", "", "column E (Kết quả thực hiện): not a status: 'Đã triển khai thực hiện'"]
