"""A row's problems as data: each a code and the fields it names, its words made only when
it is printed (`describe`).

A problem is a dict holding
- "code": one of the codes below;
- where it is: "column" (the letter) and "header" (the column's heading in the sheet), or
  "field" (the row field) when the sheet has no column for it;
- the fields its code names: "value", the value that cannot be read, as the words quote it
  ("not a date: '31/02/2021'") or, for a code whose words do not quote it, as the sheet shows
  it (first 60 characters); "cell", the cell as the sheet shows it, only when the words do not
  show it (a number the words quote as the parser wrote it); "ticks", the ticked columns that
  contradict each other; "state", the state whose ticks say both on time and late.

Importing this module loads nothing else (`errors` imports it, and nearly every module `errors`).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

Problem = dict[str, object]

NOT_A_DATE = "not-a-date"
DATE_OUT_OF_RANGE = "date-out-of-range"
NOT_A_MONTH = "not-a-month"
NOT_A_DEADLINE = "not-a-deadline"
NOT_A_STATUS = "not-a-status"
NOT_A_SECRECY_MARK = "not-a-secrecy-mark"
NOT_A_DOCUMENT_NUMBER = "not-a-document-number"
NO_DOCUMENT_NUMBER = "no-document-number"
UNKNOWN_AGENCY = "unknown-agency"
CONTRADICTORY_TICKS = "contradictory-ticks"
ON_TIME_AND_LATE = "on-time-and-late"
NO_DOCUMENT = "no-document"
NO_LEAD_AGENCY = "no-lead-agency"
NO_STATUS = "no-status"
NO_CONTENT = "no-content"

# What each code says, in English; "{value}", "{ticks}" and "{state}" are the problem's fields.
WORDS = {
    NOT_A_DATE: "not a date: '{value}'",
    DATE_OUT_OF_RANGE: "not a date: '{value}' (outside 1990-2100)",
    NOT_A_MONTH: "not a month: '{value}'",
    NOT_A_DEADLINE: "not a deadline: '{value}'",
    NOT_A_STATUS: "not a status: '{value}'",
    NOT_A_SECRECY_MARK: "not a secrecy mark: '{value}'",
    NOT_A_DOCUMENT_NUMBER: "not a document number: '{value}'",
    NO_DOCUMENT_NUMBER: "no document number (e.g. 42/QĐ-UBND)",
    UNKNOWN_AGENCY: "agency not in the registry",
    CONTRADICTORY_TICKS: "contradictory ticks: {ticks}",
    ON_TIME_AND_LATE: "contradictory ticks: {state} both on time and late",
    NO_DOCUMENT: "no assigning document for this row",
    NO_LEAD_AGENCY: "no lead agency and the submitting agency is unknown",
    NO_STATUS: "no status (done, not done, cancelled)",
    NO_CONTENT: "no task content",
}


def _quotes_value(code: str) -> bool:
    return "{value}" in WORDS[code]


def at(place: Mapping[str, object], found: Mapping[str, object], cell: str = "") -> Problem:
    """The problem `found` (its code and fields, as a parser raised it) at `place` ("column"
    and "header", or "field"), in the cell that shows `cell`: the cell's text is kept as the
    value when the code's words do not quote one, else only when the words do not show it."""
    made: Problem = {"code": found["code"], **place, **{k: v for k, v in found.items() if k != "code"}}
    if cell:
        if not _quotes_value(str(made["code"])):
            made["value"] = cell
        elif not _shows(words(made), cell):
            made["cell"] = cell
    return made


def _shows(said: str, text: str) -> bool:
    return text in said or repr(text) in said


def words(problem: Mapping[str, object]) -> str:
    """What the problem says, without its place: "not a date: '31/02/2021'", "agency not in
    the registry ['Sở Không Có']"."""
    code = str(problem["code"])
    said = WORDS[code].format(
        value=problem.get("value", ""), ticks=", ".join(map(str, problem.get("ticks", ()))),  # type: ignore[call-overload]
        state=str(problem.get("state", "")).replace("_", " "))
    shown = str(problem.get("cell", "") if _quotes_value(code) else problem.get("value", ""))
    if shown and not _shows(said, shown):
        said += f" [{shown!r}]"
    return said


def place(problem: Mapping[str, object]) -> str:
    """'column F (Thời hạn)', or the field's name when the sheet has no column for it."""
    if "column" in problem:
        return f"column {problem['column']} ({problem['header']})"
    return str(problem["field"])


def describe(problem: Mapping[str, object]) -> str:
    """The line a person reads: "column F (Thời hạn): not a date: '31/02/2021'"."""
    return f"{place(problem)}: {words(problem)}"


def describe_all(problems: Iterable[Mapping[str, object]]) -> str:
    """A row's problems, in order, as one line."""
    return "; ".join(map(describe, problems))


def has(problems: Iterable[Mapping[str, object]], code: str) -> bool:
    """Whether one of a row's problems has `code`."""
    return any(p["code"] == code for p in problems)
