"""`taskrollup verify`: the sample draft's two sums, the data check, the round trip, bad input."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pytest

from taskrollup.draft import read_draft
from taskrollup.ingest import ingest
from taskrollup.periods import parse_period
from taskrollup.verify import INCONSISTENT, OK, UNBALANCED, WRONG, verify
from tests.conftest import Run

SAMPLE = Path(__file__).resolve().parents[1] / "sample_data"
DRAFT = SAMPLE / "du-thao-bao-cao-6-thang-2021.txt"  # the sample's H1-2021 draft, with two wrong sums
INBOX = SAMPLE / "inbox"
H1 = parse_period("H1-2021")
HEADLINE = 15  # the draft's paragraph (line) with the province's eight figures

GAP = "2.268 + 300 = 2.568 ≠ 2.573: 5 tasks unaccounted for — the draft does not mention cancelled tasks"
ON_TIME_SUM = "1.268 + 122 = 1.390 ≠ 2.268"


def write_docx(path: Path, paragraphs: list[str], table: list[list[str]] | None = None) -> Path:
    """A DOCX of these paragraphs, in order, then an optional table."""
    from docx import Document

    doc = Document()
    for text in paragraphs:
        doc.add_paragraph(text)
    if table:
        grid = doc.add_table(rows=len(table), cols=len(table[0]))
        for r, row in enumerate(table):
            for c, text in enumerate(row):
                grid.cell(r, c).text = text
    doc.save(str(path))
    return path


def add_footnote(path: Path, text: str) -> None:
    """Give a DOCX a footnotes part with one footnote (python-docx cannot write footnotes)."""
    w = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
    with zipfile.ZipFile(path) as z:
        items = {name: z.read(name) for name in z.namelist()}
    items["word/footnotes.xml"] = (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:footnotes xmlns:w="{w}">'
        '<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote>'
        f'<w:footnote w:id="1"><w:p><w:r><w:t>{text}</w:t></w:r></w:p></w:footnote></w:footnotes>').encode()
    items["[Content_Types].xml"] = items["[Content_Types].xml"].replace(
        b"</Types>", b'<Override PartName="/word/footnotes.xml" ContentType="application/vnd.'
                     b'openxmlformats-officedocument.wordprocessingml.footnotes+xml"/></Types>')
    items["word/_rels/document.xml.rels"] = items["word/_rels/document.xml.rels"].replace(
        b"</Relationships>", b'<Relationship Id="rIdFootnotes" Type="http://schemas.openxmlformats.org/'
                             b'officeDocument/2006/relationships/footnotes" Target="footnotes.xml"/></Relationships>')
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in items.items():
            z.writestr(name, data)


@pytest.fixture(scope="module")
def sample_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A store with all of sample_data/inbox ingested once (the figures of H1-2021)."""
    db = tmp_path_factory.mktemp("verify") / "sample.db"
    report = ingest([INBOX], db)
    assert all(f.status == "ingested" for f in report.files)
    return db


@pytest.fixture(scope="module", params=["txt", "docx"])
def sample_draft(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample draft as text, and as a DOCX built from its lines (one paragraph a line)."""
    if request.param == "txt":
        return DRAFT
    lines = DRAFT.read_text("utf-8").splitlines()
    return write_docx(tmp_path_factory.mktemp("ref") / "du-thao.docx", lines)


@pytest.fixture(scope="module")
def generated_report(sample_store: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The DOCX `taskrollup report` writes for H1-2021 from the sample store."""
    from taskrollup.report import build_report, write_docx

    return write_docx(build_report(sample_store, H1), tmp_path_factory.mktemp("gen") / "bao-cao.docx")


def test_sample_draft_without_data_has_exactly_the_two_sums(sample_draft: Path, run: Run) -> None:
    """--no-data: exactly 2.268 + 300 ≠ 2.573 and 1.268 + 122 ≠ 2.268, both in the headline paragraph."""
    result = verify(sample_draft, use_data=False)
    assert [(f.where, f.key, f.verdict, f.expected) for f in result.findings] == [
        (f"đoạn {HEADLINE}", "assigned", UNBALANCED, GAP), (f"đoạn {HEADLINE}", "done", UNBALANCED, ON_TIME_SUM)]
    assert len(result.claims) == 22 and result.exit_code == 1
    code, out, _ = run("verify", sample_draft, "--no-data")
    assert code == 1
    assert "2.268 + 300 = 2.568 ≠ 2.573" in out and ON_TIME_SUM in out and "không khớp tổng" in out
    assert "2 finding(s)" in out and "sai số liệu" not in out


def test_sample_draft_against_sample_data(sample_draft: Path, sample_store: Path, run: Run) -> None:
    """With the store: also on time 1.268 ≠ 2.146, and the 5-task gap traced to 5 cancelled tasks."""
    result = verify(sample_draft, sample_store, "H1-2021")
    found = [(f.where, f.claim, f.stated, f.expected, f.verdict) for f in result.findings]
    assert (f"đoạn {HEADLINE}", "Đã hoàn thành đúng hạn", "1.268", "2.146", WRONG) in found
    assert len(found) == 3
    gap = next(f for f in result.findings if f.key == "assigned")
    assert gap.note.startswith("the 5-task gap is the 5 cancelled tasks")
    assert sum(f.verdict == OK for f in result.checks) == len(result.checks) - 3
    code, out, _ = run("verify", sample_draft, "--period", "H1-2021", "--db", sample_store)
    assert code == 1
    assert "Đã hoàn thành đúng hạn" in out and "2.146" in out and "sai số liệu" in out
    assert "the 5-task gap is the 5 cancelled tasks" in out and "3 finding(s)" in out


def test_generated_report_verifies_clean(generated_report: Path, sample_store: Path, run: Run) -> None:
    """A report written by `taskrollup report` passes against the same store (exit 0), its
    appendix table included: every figure checked, rates, column totals and all."""
    result = verify(generated_report, sample_store, "H1-2021")
    assert result.claims and not result.findings and not result.loose
    assert {c.key for c in result.claims} >= {"assigned", "cancelled", "rate"}
    assert {c.kind for c in result.checks} == {"sum", "rate", "total", "consistency", "data"}
    assert result.checked == len(result.claims) - sum(c.derived for c in result.claims)
    appendix = [c for c in result.claims if c.where.startswith("bảng 3")]
    assert len({c.group for c in appendix}) == 33  # 32 agencies and the total row (the province)
    code, out, _ = run("verify", generated_report, "--period", "H1-2021", "--db", sample_store)
    assert code == 0 and "all figures hold" in out


def _edit_text(report: Path, old: str, new: str, out: Path) -> tuple[Path, str]:
    """The report with one number of its prose changed; the paragraph it is in ("đoạn k")."""
    from docx import Document

    doc = Document(str(report))
    index, paragraph = next((i, p) for i, p in enumerate(doc.paragraphs, start=1) if old in p.text)
    run = next(r for r in paragraph.runs if old in r.text)
    run.text = run.text.replace(old, new)
    doc.save(str(out))
    return out, f"đoạn {index}"


def _edit_cell(report: Path, row_name: str, column: int, new: str, out: Path) -> Path:
    """The report with the number in one cell of the appendix changed (the row named `row_name`)."""
    from docx import Document

    doc = Document(str(report))
    row = next(r for t in doc.tables for r in t.rows if len(r.cells) > 2 and r.cells[1].text == row_name)
    run = next(r for r in row.cells[column].paragraphs[0].runs if r.text.strip())
    run.text = new
    doc.save(str(out))
    return out


def test_number_changed_in_the_text_is_caught_at_its_paragraph(generated_report: Path, sample_store: Path,
                                                                tmp_path: Path) -> None:
    """2.146 edited to 2.164 in the headline: its sum, its data and the appendix total disagree."""
    edited, where = _edit_text(generated_report, "2.146", "2.164", tmp_path / "edited.docx")
    result = verify(edited, sample_store, "H1-2021")
    assert [(f.where, f.key, f.stated, f.expected, f.verdict) for f in result.findings] == [
        (where, "done", "2.268", "2.164 + 122 = 2.286 ≠ 2.268", UNBALANCED),
        (where, "done_on_time", "2.164", "2.146", WRONG),
        ("bảng 3, dòng 34", "done_on_time", "2.146", f"2.164 ({where})", INCONSISTENT)]
    assert "2.164" in result.findings[1].sentence and result.exit_code == 1


def test_number_changed_in_a_table_cell_is_caught_at_that_cell(generated_report: Path, sample_store: Path,
                                                               tmp_path: Path) -> None:
    """Sở Y tế's 97 tasks on time edited to 79: its row, its rate, the column total and the data
    all point at that cell."""
    from taskrollup.draft import read_draft

    edited = _edit_cell(generated_report, "Sở Y tế", 3, "79", tmp_path / "cell.docx")
    row = next(u for u in read_draft(edited) if u.text.split(" | ")[1:2] == ["Sở Y tế"])
    cell = row.text.index(" | 79 |") + 3
    result = verify(edited, sample_store, "H1-2021")
    at_cell = [(f.kind, f.verdict) for f in result.findings if f.where == row.where and f.position == cell]
    assert ("data", WRONG) in at_cell
    assert {(f.where, f.kind) for f in result.findings} == {
        (row.where, "sum"), (row.where, "rate"), (row.where, "data"), ("bảng 3, dòng 34", "total")}
    total = next(f for f in result.findings if f.kind == "total")
    assert total.expected == "sum of 32 rows = 2.128 ≠ 2.146"


def test_draft_without_claims_says_so(tmp_path: Path, run: Run) -> None:
    """Prose without figures: exit 1 and a message, not a silent pass."""
    draft = tmp_path / "prose.txt"
    draft.write_text("Trong 6 tháng đầu năm 2021, UBND tỉnh ban hành Kế hoạch số 26/KH-UBND.\n", "utf-8")
    code, out, _ = run("verify", draft, "--no-data")
    assert code == 1 and "no recognisable figures in prose.txt" in out


def test_figures_none_of_which_could_be_checked_exit_1(tmp_path: Path, run: Run) -> None:
    """Task counts the tool reads but cannot check (no label, a lone figure) are no pass: exit 1,
    and each is listed with why."""
    draft = tmp_path / "lone.txt"
    draft.write_text("UBND tỉnh giao 120 nhiệm vụ.\nCác sở đã ban hành 18 nhiệm vụ mới.\n", "utf-8")
    code, out, _ = run("verify", draft, "--no-data")
    assert code == 1 and "2 figure(s) found, none could be checked" in out
    assert "nothing in the draft to check it against" in out and "not understood" in out


def test_second_draft_in_another_office_style(run: Run, sample_store: Path) -> None:
    """The sample draft of another office (other phrasing, a table under two header rows): its
    one wrong figure is found, the table holds, the count no label names is listed, and the
    draft's mix of truncated and rounded rates is named."""
    draft = SAMPLE / "du-thao-van-phong-khac.docx"
    result = verify(draft, use_data=False)
    assert [(f.where, f.key, f.expected) for f in result.findings] == [
        ("đoạn 6", "done", "2.146 + 112 = 2.258 ≠ 2.268")]
    assert [(x.where, x.raw, x.understood) for x in result.loose] == [("đoạn 7", "18", False)]
    assert any(f.kind == "total" and f.verdict == OK for f in result.checks)
    assert "truncated in đoạn 7; rounded in bảng 1" in result.conventions()[0]
    with_data = verify(draft, sample_store, "H1-2021")
    assert [(f.key, f.stated, f.expected, f.verdict) for f in with_data.findings] == [
        ("done", "2.268", "2.146 + 112 = 2.258 ≠ 2.268", UNBALANCED), ("done_late", "112", "122", WRONG)]
    code, out, _ = run("verify", draft, "--no-data")
    assert code == 1 and "1 finding(s)" in out and "choose one" in out


@pytest.mark.parametrize(("name", "content", "message"), [
    ("broken.docx", b"PK not really a zip", "not a readable Word document"),
    ("draft.pdf", b"%PDF-1.4", "give a .docx, .txt or .md file"),
    ("latin1.txt", b"T\xf4ng s\xf4 nhi\xeam v\xfa", "not UTF-8 text"),
])
def test_unreadable_draft_exits_2(tmp_path: Path, run: Run, name: str, content: bytes, message: str) -> None:
    """A draft that cannot be read is one error line and exit 2."""
    path = tmp_path / name
    path.write_bytes(content)
    code, out, err = run("verify", path, "--no-data")
    assert code == 2 and out == ""
    assert err.startswith("Error: ") and message in err


def test_missing_draft_and_missing_period_exit_2(tmp_path: Path, run: Run) -> None:
    """A draft that is not there, or a data check without --period, is a usage error."""
    code, _, err = run("verify", tmp_path / "none.docx", "--no-data")
    assert code == 2 and "no such file" in err
    draft = tmp_path / "d.txt"
    draft.write_text("Tổng số nhiệm vụ được giao: 5", "utf-8")
    code, _, err = run("verify", draft)
    assert code == 2 and "--period" in err and "--no-data" in err


def test_json_format(run: Run) -> None:
    """--format json: every check with its verdict, every claim, the summary and the exit code."""
    code, out, _ = run("verify", DRAFT, "--no-data", "--format", "json")
    data = json.loads(out)
    assert code == 1 and data["exit_code"] == 1 and data["findings"] == 2
    assert data["against"] is None and len(data["claims"]) == 22
    assert [(x["stated"], x["understood"]) for x in data["not_checked"]] == [
        ("97", False), ("94", False), ("11", False), ("07", False)]
    failing = [c for c in data["checks"] if c["verdict"] != OK]
    assert [(c["paragraph"], c["key"], c["stated"]) for c in failing] == [(HEADLINE, "assigned", "2.573"),
                                                                         (HEADLINE, "done", "2.268")]
    central = [c for c in data["claims"] if c["group"] == "central"]
    assert [(c["key"], c["value"], c["derived"]) for c in central][-1] == ("not_done_in_time", 14, True)


def test_docx_table_rows_and_footnotes_are_read(tmp_path: Path) -> None:
    """A label | value table under its caption, and a footnote, are both checked."""
    draft = write_docx(tmp_path / "t.docx", ["Kết quả thực hiện Quyết định số 42/QĐ-UBND:"],
                       [["Tổng số nhiệm vụ được giao", "53"], ["Đã hoàn thành", "36"],
                        ["Chưa hoàn thành", "16"]])
    add_footnote(draft, "Tổng số nhiệm vụ UBND tỉnh giao: 10; đã hoàn thành 9 (đúng hạn: 7, quá hạn 1).")
    units = read_draft(draft)
    assert [u.where for u in units] == ["đoạn 1", "bảng 1, dòng 1", "bảng 1, dòng 2", "bảng 1, dòng 3",
                                        "chú thích 1"]
    result = verify(draft, use_data=False)
    assert [(f.where, f.group, f.expected) for f in result.findings] == [
        ("bảng 1, dòng 1", "42/QĐ-UBND",
         "36 + 16 = 52 ≠ 53: 1 task unaccounted for — the draft does not mention cancelled tasks"),
        ("chú thích 1", "headline", "7 + 1 = 8 ≠ 9")]


def test_markdown_paragraph_over_several_lines(tmp_path: Path) -> None:
    """A .md paragraph wrapped over lines is one paragraph, numbered by its first line."""
    draft = tmp_path / "d.md"
    draft.write_text("# Báo cáo\n\nTổng số nhiệm vụ được giao: 53;\nđã hoàn thành 36 nhiệm vụ,\n"
                     "chưa hoàn thành: 17.\n", "utf-8")
    result = verify(draft, use_data=False)
    assert [(c.where, c.key, c.value) for c in result.claims] == [
        ("đoạn 3", "assigned", 53), ("đoạn 3", "done", 36), ("đoạn 3", "not_done", 17)]
    assert result.exit_code == 0 and result.checks[0].verdict == OK


@pytest.mark.parametrize(("group", "key", "hint"), [
    ("headline", "done_on_time", "taskrollup explain done_on_time --period H1-2021"),
    ("headline", "not_done_overdue", "taskrollup explain not_done_overdue --period H1-2021"),
    ("42/QĐ-UBND", "not_done_overdue", "taskrollup explain not_done_overdue --period H1-2021 --source 42/QĐ-UBND"),
    ("42/QĐ-UBND", "done", "taskrollup explain done --period H1-2021 --source 42/QĐ-UBND"),
    ("Sở Y tế", "done_on_time", 'taskrollup explain done_on_time --period H1-2021 --agency "Sở Y tế"'),
    ("central", "done", "taskrollup explain done --period H1-2021 --central"),
    ("headline", "rate", "taskrollup report --period H1-2021 --format xlsx (Phụ lục 01 splits it by agency)"),
    ("Sở Y tế", "rate", "taskrollup report --period H1-2021 --format xlsx (its row in Phụ lục 01)"),
])
def test_list_hint(group: str, key: str, hint: str) -> None:
    """A figure that disagrees with the data says which command shows the tasks behind it."""
    from taskrollup.claims import Claim
    from taskrollup.figures import Figures
    from taskrollup.verify import list_hint

    figures = Figures(H1, H1.end, "assigned", {}, {})
    assert list_hint(Claim(group, key, 1, "1", 1, ""), figures) == hint
    later = Figures(H1, H1.end.replace(day=15, month=7), "due", {}, {})
    if key != "rate":
        assert list_hint(Claim(group, key, 1, "1", 1, ""), later).startswith(
            f"taskrollup explain {key} --period H1-2021 --as-of 2021-07-15 --scope due")
