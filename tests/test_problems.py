"""Problems as data: the parsers' codes and fields, and the words each is printed with."""

from __future__ import annotations

import pickle
from collections.abc import Callable

import pytest

from taskrollup import problems
from taskrollup.dates import parse_date, parse_deadline
from taskrollup.docids import canonical_id
from taskrollup.errors import ValueParseError
from taskrollup.statuses import parse_secret, parse_status, status_from_ticks


@pytest.mark.parametrize(
    ("parse", "raw", "problem", "words"),
    [
        (parse_date, "31/02/2021", {"code": "not-a-date", "value": "31/02/2021"}, "not a date: '31/02/2021'"),
        (parse_date, 1e9, {"code": "date-out-of-range", "value": "1000000000.0"},
         "not a date: '1000000000.0' (outside 1990-2100)"),
        (parse_deadline, "Quý V/2021", {"code": "not-a-deadline", "value": "Quý V/2021"},
         "not a deadline: 'Quý V/2021'"),
        (parse_deadline, "Tháng 13/2021", {"code": "not-a-month", "value": "Tháng 13/2021"},
         "not a month: 'Tháng 13/2021'"),
        (parse_status, "???", {"code": "not-a-status", "value": "???"}, "not a status: '???'"),
        (parse_secret, 7, {"code": "not-a-secrecy-mark", "value": "7"}, "not a secrecy mark: '7'"),
        (canonical_id, "abc", {"code": "not-a-document-number", "value": "abc"},
         "not a document number: 'abc'"),
        (status_from_ticks, {"done_on_time": "x", "done_late": "x"}, {"code": "on-time-and-late", "state": "done"},
         "contradictory ticks: done both on time and late"),
        (status_from_ticks, {"not_done_in_time": "x", "not_done_overdue": "x"},
         {"code": "on-time-and-late", "state": "not_done"}, "contradictory ticks: not done both on time and late"),
        (status_from_ticks, {"not_done": "x", "done": "✓"},
         {"code": "contradictory-ticks", "ticks": ["done", "not_done"]}, "contradictory ticks: done, not_done"),
    ],
)
def test_parsers_raise_a_code_and_its_fields(parse: Callable[[object], object], raw: object,
                                             problem: problems.Problem, words: str) -> None:
    """An unreadable value raises its problem's code and the value; the error reads as its words."""
    with pytest.raises(ValueParseError) as caught:
        parse(raw)
    assert caught.value.problem == problem and str(caught.value) == words


@pytest.mark.parametrize(
    ("problem", "line"),
    [
        ({"code": "not-a-deadline", "column": "F", "header": "Han hoan thanh", "value": "Quý V/2021"},
         "column F (Han hoan thanh): not a deadline: 'Quý V/2021'"),
        ({"code": "unknown-agency", "column": "E", "header": "Cơ quan chủ trì", "value": "Sở Không Có"},
         "column E (Cơ quan chủ trì): agency not in the registry ['Sở Không Có']"),
        ({"code": "unknown-agency", "column": "E", "header": "Cơ quan chủ trì", "value": "n"},
         "column E (Cơ quan chủ trì): agency not in the registry"),  # the words show an 'n' already
        ({"code": "no-document-number", "column": "B", "header": "Văn bản giao", "value": "abc"},
         "column B (Văn bản giao): no document number (e.g. 42/QĐ-UBND) ['abc']"),
        ({"code": "date-out-of-range", "column": "C", "header": "Ngày giao", "value": "1e+20",
          "cell": "100000000000000000000"},
         "column C (Ngày giao): not a date: '1e+20' (outside 1990-2100) ['100000000000000000000']"),
        ({"code": "not-a-date", "column": "I", "header": "Ngày hoàn thành", "value": "x'y\"z"},
         "column I (Ngày hoàn thành): not a date: 'x'y\"z'"),
        ({"code": "no-status", "field": "tick_done"}, "tick_done: no status (done, not done, cancelled)"),
        ({"code": "no-document", "field": "source_id"}, "source_id: no assigning document for this row"),
        ({"code": "no-lead-agency", "field": "agency"}, "agency: no lead agency and the submitting agency is unknown"),
        ({"code": "no-content", "column": "D", "header": "Nội dung nhiệm vụ"}, "column D (Nội dung nhiệm vụ): no task content"),
    ],
)
def test_described_as_the_ingest_prints_it(problem: problems.Problem, line: str) -> None:
    """Each problem is printed as its place, its code's words and, where the words do not show it, the cell."""
    assert problems.describe(problem) == line


def test_a_row_s_problems_are_printed_in_order_on_one_line() -> None:
    """A row's problems are joined, in their order, with '; '."""
    found = [{"code": "not-a-date", "column": "C", "header": "Ngày giao", "value": "31/02/2021"},
             {"code": "no-status", "field": "tick_done"}]
    assert problems.describe_all(found) == ("column C (Ngày giao): not a date: '31/02/2021'; "
                                            "tick_done: no status (done, not done, cancelled)")
    assert problems.has(found, "no-status") and not problems.has(found, "unknown-agency")


def test_a_problem_keeps_the_cell_where_its_words_do_not_show_it() -> None:
    """A problem takes the cell's text as its value if its words quote none, else keeps it only where they do not show it."""
    column = {"column": "C", "header": "Ngày giao"}
    assert problems.at(column, {"code": "unknown-agency"}, "Sở Lạ") == {**column, "code": "unknown-agency",
                                                                          "value": "Sở Lạ"}
    assert problems.at(column, {"code": "not-a-date", "value": "31/02/2021"}, "31/02/2021") == {
        "code": "not-a-date", **column, "value": "31/02/2021"}
    assert problems.at(column, {"code": "date-out-of-range", "value": "1e+20"}, "100000000000000000000") == {
        "code": "date-out-of-range", **column, "value": "1e+20", "cell": "100000000000000000000"}
    assert problems.at({"field": "status"}, {"code": "no-status"}) == {"code": "no-status", "field": "status"}


def test_a_parse_error_comes_back_whole_from_a_pickle() -> None:
    """A ValueParseError sent from another process keeps its code, fields and words."""
    error = ValueParseError(problems.CONTRADICTORY_TICKS, ticks=["done", "not_done"])
    back = pickle.loads(pickle.dumps(error))
    assert type(back) is ValueParseError and back.problem == error.problem and str(back) == str(error)
