"""`taskrollup report`: JSON figures, the DOCX from the template, the XLSX appendices."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import openpyxl
import pytest

from taskrollup.errors import TaskrollupError
from taskrollup.ingest import ingest
from taskrollup.periods import parse_period
from taskrollup.render_docx import TemplateError
from taskrollup.report import build_report, write_docx, write_xlsx
from taskrollup.settings import ReportSettings
from tests.conftest import OFFICIAL_MERGES, OFFICIAL_ROWS, D, docx_text

SECRET_TOKEN = "ZQXSECRETTOKEN"


def _rows() -> list[list[object]]:
    rows = [list(r) for r in OFFICIAL_ROWS]
    # A secret task inside programme 42/QĐ-UBND, and XML/formula-special text.
    rows.insert(10, [3, "42/QĐ-UBND (Mật)", D(2021, 1, 12), f"Phương án {SECRET_TOKEN}", "Sở Tài chính",
                     D(2021, 6, 30), "Đang thực hiện", None, "Mật"])
    rows.insert(11, [4, "42/QĐ-UBND", D(2021, 1, 12), "=HYPERLINK(\"x\") & <b>Giá</b> \"nhà\"",
                     "Sở Tài chính", D(2021, 5, 31), "Đang thực hiện", None, None])
    return rows


@pytest.fixture
def store(make_workbook: Callable[..., Path], db: Path) -> Path:
    """A store holding Sở Tài chính's June sheet plus a secret and a tricky-text task."""
    merges = [m for m in OFFICIAL_MERGES]
    path = make_workbook("STC.xlsx", {"T6": _rows()}, {"T6": merges})
    report = ingest([path], db)
    assert report.files[0].status == "ingested", report.files[0]
    return db


def test_figures_of_small_store(store: Path) -> None:
    """Seven tasks, worked by hand: 2 done (1 late), 4 open (1 overdue), 1 cancelled."""
    rep = build_report(store, parse_period("H1-2021"))
    t = rep.figures.totals
    assert (t["assigned"], t["secret"], t["done"], t["done_late"]) == (7, 2, 2, 1)
    assert (t["not_done"], t["not_done_overdue"], t["cancelled"]) == (4, 1, 1)
    assert t["assigned"] == t["done"] + t["not_done"] + t["cancelled"]


@pytest.mark.parametrize(("period", "scope"), [("H1-2021", "assigned"), ("2021-06", "due"), ("2021", "due")])
def test_figures_from_their_fields_alone_are_the_same(store: Path, period: str, scope: str) -> None:
    """Loaded without the task texts (JSON, table, verify), every figure is the one the document gives."""
    figures = [build_report(store, parse_period(period), scope=scope, texts=texts).figures.to_dict()
               for texts in (True, False)]
    assert figures[0]["totals"]["assigned"] > 0 and figures[0] == figures[1]


def test_a_report_for_its_figures_alone_writes_no_document(store: Path) -> None:
    """Built without the task texts, it says so rather than fail on a missing column."""
    rep = build_report(store, parse_period("H1-2021"), texts=False)
    with pytest.raises(ValueError, match="texts=True"):
        _ = rep.context


def test_docx_headline_and_tables(store: Path, tmp_path: Path) -> None:
    """The DOCX reads like section 3.a, with Phụ lục 01 and 02 filled from data."""
    rep = build_report(store, parse_period("H1-2021"))
    out = write_docx(rep, tmp_path / "r.docx")
    text = docx_text(out)
    assert ("tổng số nhiệm vụ UBND tỉnh, Chủ tịch UBND tỉnh giao cho các cơ quan, đơn vị, địa "
            "phương là 7 nhiệm vụ (2 nhiệm vụ giao tại văn bản mật)") in text
    assert "đúng hạn: 1, quá hạn 1" in text and "còn trong hạn: 3, quá hạn 1" in text
    assert "Quyết định số 42/QĐ-UBND ngày 12/01/2021: Tổng số nhiệm vụ được giao: 04" in text
    assert "Phụ lục 01" in text and "Tổng cộng | 6" not in text
    assert "Nhiệm vụ tại văn bản mật" in text
    assert '=HYPERLINK("x") & <b>Giá</b> "nhà"' in text
    assert SECRET_TOKEN not in text


def test_secret_never_in_xlsx(store: Path, tmp_path: Path) -> None:
    """The workbook shows the placeholder, never a secret task's content; formulas stay text."""
    rep = build_report(store, parse_period("H1-2021"))
    out = write_xlsx(rep, tmp_path / "r.xlsx", ReportSettings())
    wb = openpyxl.load_workbook(out)
    values = [c.value for ws in wb for row in ws.iter_rows() for c in row if c.value is not None]
    assert not any(SECRET_TOKEN in str(v) for v in values)
    formula_cells = [c for ws in wb for row in ws.iter_rows() for c in row
                     if isinstance(c.value, str) and c.value.startswith("=")]
    assert formula_cells and all(c.data_type == "s" for c in formula_cells)
    p1 = wb.worksheets[0]
    assert [c.value for c in p1[p1.max_row]][1:3] == ["Tổng cộng", 7]


def test_unknown_variable_fails_clearly(store: Path, tmp_path: Path) -> None:
    """A template that uses a name the context lacks fails, naming it."""
    from docx import Document

    tpl = tmp_path / "bad.docx"
    doc = Document()
    doc.add_paragraph("Tổng: {{ t.assigned }} và {{ so_lieu_khong_co }}")
    doc.save(str(tpl))
    rep = build_report(store, parse_period("H1-2021"))
    with pytest.raises(TemplateError, match="so_lieu_khong_co"):
        write_docx(rep, tmp_path / "r.docx", tpl)


@pytest.mark.parametrize("expr", ["{{ ''.__class__.__mro__ }}", "{{ cycler.__init__.__globals__ }}"])
def test_sandbox_refuses_internals(store: Path, tmp_path: Path, expr: str) -> None:
    """A template reaching for Python internals fails with a clear error."""
    from docx import Document

    tpl = tmp_path / "evil.docx"
    doc = Document()
    doc.add_paragraph(expr)
    doc.save(str(tpl))
    rep = build_report(store, parse_period("H1-2021"))
    with pytest.raises(TaskrollupError):
        write_docx(rep, tmp_path / "r.docx", tpl)
    assert not (tmp_path / "r.docx").exists()


def test_json_keys(store: Path) -> None:
    """The JSON document has exactly the documented keys and F figures."""
    doc = build_report(store, parse_period("H1-2021")).figures.to_dict()
    assert list(doc) == ["period", "start", "end", "convention", "as_of", "scope", "totals", "central",
                         "by_agency", "by_source", "warnings"]
    f_keys = {"assigned", "secret", "done", "done_on_time", "done_late", "not_done",
              "not_done_in_time", "not_done_overdue", "extension_requested", "cancelled",
              "no_deadline", "completion_rate"}
    assert f_keys <= set(doc["totals"]) and f_keys <= set(doc["by_agency"][0])
    src = {s["source"]: s for s in doc["by_source"]}
    assert src["42/QĐ-UBND"]["assigned_on"] == "2021-01-12"
    assert src["42/QĐ-UBND"]["authority"] == "provincial"
    json.dumps(doc)


def test_roman_appendix_numbering(store: Path, tmp_path: Path) -> None:
    """Appendix numbering 'roman' gives Phụ lục I and II."""
    from taskrollup.context import build_context

    rep = build_report(store, parse_period("H1-2021"))
    ctx = build_context(rep.figures, rep.tasks, ReportSettings(appendix_numbering="roman"))
    assert ctx["appendix1"]["number"] == "I" and ctx["appendix2"]["number"] == "II"


@pytest.mark.parametrize(("name", "convention", "title"), [
    ("H1-2021", "calendar", "6 tháng đầu năm 2021"),
    ("H1-2021", "nd09", "6 tháng đầu năm 2021 (tính từ ngày 15/12/2020 đến ngày 14/06/2021)"),
    ("H2-2021", "nd09", "6 tháng cuối năm 2021 (tính từ ngày 15/06/2021 đến ngày 14/12/2021)"),
    ("Q1-2021", "nd09", "quý I năm 2021 (tính từ ngày 15/12/2020 đến ngày 14/03/2021)"),
    ("2021-01", "nd09", "tháng 1 năm 2021 (tính từ ngày 15/12/2020 đến ngày 14/01/2021)"),
    ("2021", "nd09", "năm 2021 (tính từ ngày 15/12/2020 đến ngày 14/12/2021)"),
    ("2021", "calendar", "năm 2021"),
])
def test_period_title(name: str, convention: str, title: str) -> None:
    """A report names its period by its year and month (not those of its first day, which under
    nd09 is in the month before), and adds its days where the name alone does not say them."""
    from taskrollup.context import period_title

    assert period_title(parse_period(name, convention)) == title


def test_period_title_of_explicit_dates() -> None:
    """--from/--to: the days are the title."""
    from taskrollup.context import period_title
    from taskrollup.periods import explicit_period

    assert period_title(explicit_period(D(2021, 3, 1), D(2021, 5, 15))) == "từ ngày 01/03/2021 đến ngày 15/05/2021"


def test_xlsx_task_list(store: Path, tmp_path: Path) -> None:
    """The sheet 'Danh sách nhiệm vụ': a row a task, its group, a 0/1 column per figure, an AutoFilter."""
    from taskrollup.context import FIGURE_WORDS

    rep = build_report(store, parse_period("H1-2021"))
    ws = openpyxl.load_workbook(write_xlsx(rep, tmp_path / "r.xlsx", ReportSettings()))["Danh sách nhiệm vụ"]
    assert ws.auto_filter.ref == "A4:T11" and ws.freeze_panes == "A5"
    header = [c.value for c in ws[4]]
    assert header[:3] == ["Mã nhiệm vụ", "Nhóm", "Văn bản giao"] and header[-11:] == list(FIGURE_WORDS.values())
    rows = [dict(zip(header, (c.value for c in row), strict=True)) for row in ws.iter_rows(min_row=5)]
    assert len(rows) == 7 and {r["Nhóm"] for r in rows} == {"UBND tỉnh"}
    for key, words in FIGURE_WORDS.items():
        assert sum(r[words] for r in rows) == rep.figures.totals[key], key
