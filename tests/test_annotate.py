"""`verify --annotate`: a Word copy of the draft with a comment on each figure that fails or was
not checked, anchored on exactly that figure; the draft itself untouched."""

from __future__ import annotations

import hashlib
import zipfile
from pathlib import Path

import pytest

from taskrollup.annotate import annotate_draft, comments_for
from taskrollup.verify import verify
from tests.conftest import Run

SAMPLE = Path(__file__).resolve().parents[1] / "sample_data"
SECOND = SAMPLE / "du-thao-van-phong-khac.docx"
DRAFT_TXT = SAMPLE / "du-thao-bao-cao-6-thang-2021.txt"
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def anchored(path: Path) -> dict[str, str]:
    """Comment id -> the text its range covers, read from the document's XML in order."""
    from lxml import etree

    with zipfile.ZipFile(path) as z:
        root = etree.fromstring(z.read("word/document.xml"))
    open_ranges: dict[str, list[str]] = {}
    done: dict[str, str] = {}
    for node in root.iter():
        if node.tag == f"{W}commentRangeStart":
            open_ranges[node.get(f"{W}id")] = []
        elif node.tag == f"{W}commentRangeEnd":
            done[node.get(f"{W}id")] = "".join(open_ranges.pop(node.get(f"{W}id")))
        elif node.tag == f"{W}t":
            for parts in open_ranges.values():
                parts.append(node.text or "")
    return done


def comments(path: Path) -> dict[str, str]:
    """Comment id -> its text, as Word shows it (paragraphs joined by " / ")."""
    from docx import Document

    return {str(c.comment_id): " / ".join(p.text for p in c.paragraphs) for c in Document(str(path)).comments}


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_second_draft_annotated_on_its_figures(tmp_path: Path) -> None:
    """The wrong sum and the figure no label names each get one comment, on exactly that figure;
    the draft keeps its bytes and the copy opens again with every paragraph."""
    from docx import Document

    before = digest(SECOND)
    out = tmp_path / "checked.docx"
    result = verify(SECOND, use_data=False)
    done = annotate_draft(SECOND, result, out)
    assert done.placed == 2 and not done.not_placed
    assert digest(SECOND) == before
    texts, spans = comments(out), anchored(out)
    assert sorted(spans.values()) == ["18", "2.268"]
    on_sum = next(i for i, t in spans.items() if t == "2.268")
    assert texts[on_sum].startswith("không khớp tổng: Đã hoàn thành = đúng hạn + quá hạn")
    assert "2.146 + 112 = 2.258 ≠ 2.268" in texts[on_sum]
    on_unread = next(i for i, t in spans.items() if t == "18")
    assert texts[on_unread].startswith("not understood, so not checked")
    assert [p.text for p in Document(str(out)).paragraphs] == [p.text for p in Document(str(SECOND)).paragraphs]


def test_with_data_the_comment_gives_the_data_and_the_tasks(tmp_path: Path, sample_store: Path) -> None:
    """With a store, a wrong figure's comment gives the value in the data and how to list its tasks."""
    out = tmp_path / "checked.docx"
    annotate_draft(SECOND, verify(SECOND, sample_store, "H1-2021"), out)
    texts, spans = comments(out), anchored(out)
    on_late = next(i for i, t in spans.items() if t == "112")
    assert "sai số liệu" in texts[on_late] and "in the data (H1-2021 as of 30/06/2021" in texts[on_late]
    assert "122" in texts[on_late] and "taskrollup explain done_late --period H1-2021" in texts[on_late]


def test_text_draft_becomes_a_word_copy(tmp_path: Path) -> None:
    """A .txt draft is written as a .docx, one paragraph a line, with its comments."""
    out = tmp_path / "checked.docx"
    result = verify(DRAFT_TXT, use_data=False)
    annotate_draft(DRAFT_TXT, result, out)
    assert sorted(anchored(out).values()) == sorted(["2.573", "2.268", "97", "94", "11", "07"])
    assert len(comments(out)) == len(comments_for(result)) == 6


def test_number_split_over_runs_and_in_a_table_cell(tmp_path: Path) -> None:
    """A number Word stored in two runs is covered whole; a cell's number is found in its cell."""
    from docx import Document

    doc = Document()
    paragraph = doc.add_paragraph()
    for text in ("UBND tỉnh giao 10 nhiệm vụ; đã hoàn thành ", "9", "2", " nhiệm vụ (đúng hạn 7, quá hạn 1)."):
        paragraph.add_run(text)
    table = doc.add_table(rows=3, cols=3)
    for r, row in enumerate([["Đơn vị", "Tổng số", "Đã hoàn thành"], ["Sở Y tế", "1", "2"],
                             ["Sở Tư pháp", "4", "3"]]):
        for c, text in enumerate(row):
            table.cell(r, c).text = text
    draft = tmp_path / "d.docx"
    doc.save(str(draft))
    out = tmp_path / "checked.docx"
    annotate_draft(draft, verify(draft, use_data=False), out)
    # 92 done of 10 assigned, and 7 + 1 ≠ 92: on the whole "92" across its runs, and on "10";
    # Sở Y tế's 2 done of 1 assigned: on the "1" of its cell
    assert sorted(anchored(out).values()) == ["1", "10", "92"]


def test_annotate_refuses_the_draft_itself_and_other_formats(tmp_path: Path, run: Run) -> None:
    """--annotate never writes the draft, and writes only .docx: exit 2 otherwise."""
    draft = tmp_path / "d.docx"
    draft.write_bytes(SECOND.read_bytes())
    code, out, err = run("verify", draft, "--no-data", "--annotate", draft)
    assert code == 2 and "the draft itself is never written" in err
    code, out, err = run("verify", draft, "--no-data", "--annotate", tmp_path / "d.pdf")
    assert code == 2 and "ending in .docx" in err
    assert draft.read_bytes() == SECOND.read_bytes()


def test_cli_annotate_says_what_it_wrote(tmp_path: Path, run: Run) -> None:
    """The command prints the copy it wrote and its comments; the exit code is the check's."""
    out = tmp_path / "checked.docx"
    code, text, _ = run("verify", SECOND, "--no-data", "--annotate", out)
    assert code == 1 and f"annotated copy: {out} (2 comment(s))" in text and out.is_file()


@pytest.fixture(scope="module")
def sample_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A store with all of sample_data/inbox ingested once (the figures of H1-2021)."""
    from taskrollup.ingest import ingest

    db = tmp_path_factory.mktemp("annotate") / "sample.db"
    ingest([SAMPLE / "inbox"], db)
    return db
