"""Tables of figures: headers in one or two rows, a row per group, total rows, turned tables.

The tables follow the shapes reports use: the Government Office's appendix per ministry (two
header rows, "Đã hoàn thành" over "Đúng hạn | Quá hạn"), a province's table per group
("Chỉ tiêu | Tổng số | Đã hoàn thành | Chưa hoàn thành"), "Trong đó" columns, sections with
"Cộng" subtotals and a "Tổng cộng", a column-number row, rates written without "%", and a table
turned on its side. Each is built as a real .docx and read by the draft reader.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from taskrollup.claim_tables import header_key
from taskrollup.claims import CENTRAL, HEADLINE
from taskrollup.draft import read_draft
from taskrollup.draft_figures import read_figures
from taskrollup.verify import OK, UNBALANCED, check

Merge = tuple[int, int, int, int]  # first row, first column, last row, last column


def write_table(path: Path, rows: list[list[str]], merges: tuple[Merge, ...] = (),
                before: tuple[str, ...] = ()) -> Path:
    """A .docx with these paragraphs, then one table of these rows, its cells merged as given."""
    from docx import Document

    doc = Document()
    for text in before:
        doc.add_paragraph(text)
    table = doc.add_table(rows=len(rows), cols=max(len(r) for r in rows))
    for r, row in enumerate(rows):
        for c, text in enumerate(row):
            if text:
                table.cell(r, c).text = text
    for r0, c0, r1, c1 in merges:
        table.cell(r0, c0).merge(table.cell(r1, c1))
    doc.save(str(path))
    return path


def figures_of(path: Path, registry=None) -> dict[tuple[str, str], list[float]]:  # type: ignore[no-untyped-def]
    """(group, figure) -> values, for every claim of the draft's tables."""
    found: dict[tuple[str, str], list[float]] = {}
    for claim in read_figures(read_draft(path), registry.resolve if registry else None).claims:
        key = f"rate:{claim.of}" if claim.key == "rate" else claim.key
        found.setdefault((claim.group, key), []).append(claim.value)
    return found


def failing(path: Path, registry=None) -> list[tuple[str, str, str]]:  # type: ignore[no-untyped-def]
    """(where, check kind, figure) of every check that fails."""
    result = check(path, read_figures(read_draft(path), registry.resolve if registry else None))
    return [(f.where, f.kind, f.key) for f in result.findings]


@pytest.mark.parametrize(("text", "key"), [
    ("Tổng số nhiệm vụ", ("assigned", "", "")), ("Tổng số", ("assigned", "", "")),
    ("Đã hoàn thành", ("done", "", "")), ("Hoàn thành đúng hạn", ("done_on_time", "", "")),
    ("Đã hoàn thành Quá hạn", ("done_late", "", "")), ("Chưa hoàn thành, trong hạn", ("not_done_in_time", "", "")),
    ("Chưa hoàn thành Quá hạn", ("not_done_overdue", "", "")), ("Dừng thực hiện", ("cancelled", "", "")),
    ("Đã hoàn thành Tổng số", ("done", "", "")), ("Đang thực hiện", ("not_done", "", "")),
    ("Tỷ lệ hoàn thành (%)", ("rate", "done", "")), ("Tỷ lệ (%)", ("rate", "done", "")),
    ("Tỷ lệ hoàn thành trên nhiệm vụ đến hạn", ("rate", "done", "due")),
    ("Quá hạn", ("child", "late", "")), ("Trong hạn", ("child", "in_time", "")),
    ("STT", None), ("Cơ quan, đơn vị", None), ("Ghi chú", None), ("Thời hạn", None),
])
def test_header_key(text: str, key: tuple[str, str, str] | None) -> None:
    """A header cell names a figure, a rate of one, a child keyed by the column on its left, or nothing."""
    assert header_key(text) == key


def test_ministry_appendix_two_header_rows_and_a_grand_total(tmp_path: Path) -> None:
    """The Government Office's shape: rows per ministry, two header rows, "Tổng cộng" summing them."""
    rows = [["STT", "Bộ, cơ quan", "Tổng số nhiệm vụ", "Đã hoàn thành", "", "Chưa hoàn thành", ""],
            ["", "", "", "Đúng hạn", "Quá hạn", "Trong hạn", "Quá hạn"],
            ["1", "Bộ Kế hoạch và Đầu tư", "412", "300", "40", "60", "12"],
            ["2", "Bộ Tài chính", "370", "290", "31", "44", "5"],
            ["", "Tổng cộng", "782", "590", "71", "104", "17"]]
    merges = ((0, 3, 0, 4), (0, 5, 0, 6), (0, 0, 1, 0), (0, 1, 1, 1), (0, 2, 1, 2))
    path = write_table(tmp_path / "t.docx", rows, merges, ("Phụ lục: kết quả thực hiện nhiệm vụ Chính phủ, "
                                                          "Thủ tướng Chính phủ giao",))
    found = figures_of(path)
    assert found[("Bộ Tài chính", "done_late")] == [31]
    assert found[(CENTRAL, "not_done_overdue")] == [17]  # the total row is the table's group
    assert failing(path) == []
    result = check(path, read_figures(read_draft(path)))
    assert sum(f.kind == "total" for f in result.checks) == 5


def test_province_table_per_group_checks_each_row(tmp_path: Path) -> None:
    """"Chỉ tiêu | Tổng số | Đã hoàn thành | Chưa hoàn thành", one group a row: each row adds up,
    the wrong one is found at its row."""
    rows = [["Chỉ tiêu", "Tổng số", "Đã hoàn thành", "Chưa hoàn thành"],
            ["Nhiệm vụ UBND tỉnh, Chủ tịch UBND tỉnh giao", "1.204", "980", "224"],
            ["Nhiệm vụ Chính phủ, Thủ tướng Chính phủ giao", "45", "40", "6"],
            ["Quyết định số 42/QĐ-UBND", "53", "36", "17"]]
    path = write_table(tmp_path / "t.docx", rows)
    found = figures_of(path)
    assert found[(HEADLINE, "assigned")] == [1204] and found[(CENTRAL, "not_done")] == [6]
    assert found[("42/QĐ-UBND", "done")] == [36]
    assert failing(path) == [("bảng 1, dòng 3", "sum", "assigned")]


def test_trong_do_columns_take_the_parent_on_their_left(tmp_path: Path) -> None:
    """"Trong đó" over "Đúng hạn | Quá hạn" right of "Đã hoàn thành": on time and late of done."""
    rows = [["Đơn vị", "Tổng số", "Đã hoàn thành", "Trong đó", "", "Chưa hoàn thành", "Trong đó", ""],
            ["", "", "", "Đúng hạn", "Quá hạn", "", "Trong hạn", "Quá hạn"],
            ["Sở Y tế", "117", "107", "97", "10", "10", "8", "2"],
            ["Sở Tư pháp", "45", "41", "41", "0", "4", "4", "0"]]
    path = write_table(tmp_path / "t.docx", rows, ((0, 3, 0, 4), (0, 6, 0, 7)))
    found = figures_of(path)
    assert found[("Sở Y tế", "done_late")] == [10] and found[("Sở Y tế", "not_done_overdue")] == [2]
    assert failing(path) == []


def test_sections_subtotals_numbering_rates_without_percent(tmp_path: Path, registry) -> None:  # type: ignore[no-untyped-def]
    """Sections with "Cộng", a "Tổng cộng", a "(1) (2) ..." row, "-" for none, rates with no "%";
    a subtotal that is off is found at its cell; agency names resolve through the registry."""
    rows = [["STT", "Cơ quan", "Tổng số", "Hoàn thành đúng hạn", "Hoàn thành quá hạn", "Chưa hoàn thành",
             "Dừng thực hiện", "Tỷ lệ hoàn thành (%)"],
            ["(1)", "(2)", "(3)", "(4)", "(5)", "(6)", "(7)", "(8)"],
            ["I", "Sở, ban, ngành", "", "", "", "", "", ""],
            ["1", "Sở KH&ĐT", "140", "112", "7", "20", "1", "85,61"],
            ["2", "Sở Tài chính", "134", "108", "8", "18", "-", "86,57"],
            ["", "Cộng", "274", "220", "15", "38", "1", "86,08"],
            ["II", "UBND các huyện", "", "", "", "", "", ""],
            ["1", "UBND huyện Krông Nô", "71", "56", "4", "11", "-", "84,51"],
            ["", "Cộng", "71", "56", "4", "11", "0", "84,51"],
            ["", "Tổng cộng", "345", "276", "19", "49", "1", "85,76"]]
    path = write_table(tmp_path / "t.docx", rows)
    found = figures_of(path, registry)
    assert found[("Sở Kế hoạch và Đầu tư", "rate:done")] == [85.61]
    assert found[("UBND huyện Krông Nô", "cancelled")] == [0]
    assert failing(path, registry) == []
    rows[5][3] = "210"  # a subtotal mis-added
    path = write_table(tmp_path / "wrong.docx", rows)
    assert ("bảng 1, dòng 6", "total", "done_on_time") in failing(path, registry)


def test_turned_table_figures_down_the_first_column(tmp_path: Path) -> None:
    """Figures as rows and groups as columns: read turned, each column a group."""
    rows = [["Chỉ tiêu", "Nhiệm vụ UBND tỉnh giao", "Nhiệm vụ Chính phủ, Thủ tướng Chính phủ giao"],
            ["Tổng số nhiệm vụ", "1.204", "45"],
            ["Đã hoàn thành", "980", "40"],
            ["Chưa hoàn thành", "224", "5"]]
    path = write_table(tmp_path / "t.docx", rows)
    found = figures_of(path)
    assert found[(HEADLINE, "done")] == [980] and found[(CENTRAL, "not_done")] == [5]
    assert failing(path) == []


def test_task_list_is_no_figure_table(tmp_path: Path) -> None:
    """A list of tasks with their result is not a table of figures: its rows are prose."""
    rows = [["STT", "Nội dung nhiệm vụ", "Cơ quan chủ trì", "Thời hạn", "Kết quả thực hiện"],
            ["1", "Tổ chức 05 lớp tập huấn", "Sở Nội vụ", "30/6/2021", "Đã hoàn thành"],
            ["2", "Rà soát 12 dự án", "Sở Xây dựng", "Quý II/2021", "Chưa hoàn thành, còn trong hạn"]]
    path = write_table(tmp_path / "t.docx", rows)
    result = check(path, read_figures(read_draft(path)))
    assert result.claims == [] and result.loose == [] and result.checks == []


def test_rate_column_over_the_row(tmp_path: Path) -> None:
    """A rate cell checks against its row: done (or on time + late) over assigned less cancelled."""
    rows = [["Cơ quan", "Tổng số", "Đúng hạn", "Quá hạn", "Chưa hoàn thành", "Dừng thực hiện", "Tỷ lệ hoàn thành"],
            ["Ban Dân tộc", "37", "30", "1", "5", "1", "86,11%"],
            ["Sở Y tế", "117", "97", "10", "10", "0", "92,45%"]]
    path = write_table(tmp_path / "t.docx", rows)
    result = check(path, read_figures(read_draft(path)))
    rates = [(f.where, f.verdict, f.convention) for f in result.checks if f.kind == "rate"]
    assert rates == [("bảng 1, dòng 2", OK, "over tasks assigned less cancelled, rounded or truncated"),
                     ("bảng 1, dòng 3", UNBALANCED, "")]
