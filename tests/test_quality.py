"""Data-quality findings, each on a small hand-built case, each naming file, sheet and row."""

from __future__ import annotations

import pandas as pd

from taskrollup import quality
from taskrollup.fields import FINDING_COLUMNS

_ids = iter(range(1, 100_000))


def row(month: str, task_id: str = "t", **kw: object) -> dict[str, object]:
    """One stored row of a lead agency's sheet."""
    base: dict[str, object] = {
        "row_id": next(_ids), "file_name": f"{month}.xlsx", "sheet": "S", "row": 7, "month": month,
        "agency": "Sở Y tế", "is_lead": True, "state": "not_done", "completed_on": None,
        "problems": (), "task_id": task_id,
    }
    base.update(kw)
    return base


def recs(found: pd.DataFrame) -> list[dict[str, object]]:
    assert list(found.columns) == FINDING_COLUMNS
    return found.to_dict("records")


def test_coordinator_disagrees() -> None:
    """A coordinator's row in the month the lead reports 'done' but saying 'not_done' is found."""
    rows = pd.DataFrame([row("2021-05", state="done"),
                         row("2021-05", is_lead=False, file_name="coord.xlsx", row=12),
                         row("2021-04", is_lead=False, file_name="coord-apr.xlsx")])
    found = recs(quality.coordinator_disagrees(rows))
    assert [(f["file"], f["row"]) for f in found] == [("coord.xlsx", 12)]
    assert found[0]["detail"] == {"state": "not_done", "lead_state": "done"}
    assert quality.message(found[0]["kind"], found[0]["detail"]) == (
        "a coordinating agency's row disagrees with the lead agency's status: 'not_done' against the lead's 'done'")


def test_dropped_from_cumulative() -> None:
    """An open task listed in March and missing from April's full list is found; a done one is not."""
    march = [row("2021-03", task_id=t) for t in "abcd"] + [row("2021-03", task_id="e", state="done")]
    april = [row("2021-04", task_id=t) for t in "abc"]
    found = recs(quality.dropped_from_cumulative(pd.DataFrame(march + april)))
    assert [f["task_id"] for f in found] == ["d"]


def test_incremental_submission_is_not_a_drop() -> None:
    """An agency whose next sheet lists only what changed (little overlap) raises nothing."""
    march = [row("2021-03", task_id=t) for t in "abcde"]
    april = [row("2021-04", task_id=t) for t in "afg"]
    assert recs(quality.dropped_from_cumulative(pd.DataFrame(march + april))) == []


def test_done_without_date_names_first_report() -> None:
    """A task completed by the month-end rule is found at its first 'done' row."""
    rows = pd.DataFrame([row("2021-04", state="done", row=9), row("2021-05", state="done", row=3)])
    tasks = pd.DataFrame([{"task_id": "t", "completed_derived": True}])
    found = recs(quality.done_without_date(rows, tasks))
    assert [(f["file"], f["row"]) for f in found] == [("2021-04.xlsx", 9)]


def test_deadline_before_assignment() -> None:
    """A deadline before the assignment date is found on the task's status row."""
    r = row("2021-04")
    tasks = pd.DataFrame([{"task_id": "t", "deadline": "2021-01-10", "assigned_on": "2021-02-01",
                           "status_row_id": r["row_id"]}])
    found = recs(quality.deadline_before_assignment(pd.DataFrame([r]), tasks))
    assert len(found) == 1 and found[0]["file"] == "2021-04.xlsx"


def test_completion_in_future() -> None:
    """A completion date after the month following the reporting month is found; one within it is not."""
    rows = pd.DataFrame([row("2021-04", state="done", completed_on="2021-05-20"),
                         row("2021-04", state="done", completed_on="2021-06-02", row=8)])
    found = recs(quality.completion_in_future(rows))
    assert [f["row"] for f in found] == [8]


def test_unknown_agency() -> None:
    """A row whose agency is not in the registry is found."""
    unknown = {"code": "unknown-agency", "column": "E", "header": "Cơ quan chủ trì", "value": "Sở Lạ"}
    no_status = {"code": "no-status", "field": "tick_done"}
    rows = pd.DataFrame([row("2021-04", problems=(unknown,), task_id=None, agency=None),
                         row("2021-04", problems=(no_status,), row=8), row("2021-04", row=9)])
    assert [(f["kind"], f["row"]) for f in recs(quality.unknown_agency(rows))] == [("unknown_agency", 7)]


def test_findings_take_flags_of_any_dtype() -> None:
    """Rows whose is_lead column holds Python bools (object dtype, as joining an empty sheet's
    frame once gave) yield the same findings as bool rows."""
    rows = pd.DataFrame([row("2021-05", state="done"), row("2021-05", is_lead=False, row=12)])
    tasks = pd.DataFrame([{"task_id": "t", "completed_derived": False, "deadline": None,
                           "assigned_on": None, "status_row_id": 1}])
    typed = quality.findings(rows, tasks)
    loose = quality.findings(rows.astype({"is_lead": object}), tasks)
    assert recs(typed) == recs(loose) and [f["kind"] for f in recs(typed)] == ["coordinator_disagrees"]


def test_empty_sheet_frame_keeps_flag_types() -> None:
    from taskrollup.normalise import normalise_records

    empty = normalise_records([], None)  # type: ignore[arg-type]
    assert empty["is_lead"].dtype == bool and empty["secret"].dtype == bool and empty["row"].dtype == "int64"


def test_dissolved_agency() -> None:
    """A sheet of a month after an agency's last day that still names it is found, with who holds
    its tasks then; the months up to its end are not; an agency with no successor says so."""
    import datetime as dt

    from taskrollup.registry import Registry

    reg = Registry()
    reg.add("Sở Tài chính")
    reg.add("Sở Kế hoạch và Đầu tư", until=dt.date(2025, 2, 28), successor="Sở Tài chính")
    reg.add("UBND huyện Cư Jút", until=dt.date(2025, 6, 30))
    rows = pd.DataFrame([row("2025-02", agency="Sở Kế hoạch và Đầu tư", row=4),
                         row("2025-03", agency="Sở Kế hoạch và Đầu tư", row=5),
                         row("2025-06", agency="UBND huyện Cư Jút", row=6),
                         row("2025-07", agency="UBND huyện Cư Jút", row=7),
                         row("2025-07", agency="Sở Tài chính", row=8)])
    found = recs(quality.dissolved_agency(rows, reg))
    assert [(f["row"], f["kind"], f["agency"]) for f in found] == [
        (5, "dissolved_agency", "Sở Kế hoạch và Đầu tư"), (7, "dissolved_agency", "UBND huyện Cư Jút")]
    assert quality.message(found[0]["kind"], found[0]["detail"]) == (
        "a sheet names an agency after its last day: it ended on 28/02/2025, named in the 2025-03 submission;"
        " its tasks go to Sở Tài chính")
    assert found[1]["detail"]["successor"] == "no successor in the registry"
    assert recs(quality.dissolved_agency(rows.iloc[[0, 2, 4]], reg)) == []
