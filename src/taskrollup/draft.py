"""Reading a draft report into numbered units: the only file access of `verify`'s reading side.

`.docx`: paragraphs, table rows and footnotes, in body order (content controls opened); `.txt`:
one paragraph a line; `.md`: one paragraph a block. A unit's text is what the reader sees, each
piece in NFC; for a `.docx` the same walk (`docx_blocks`, `piece_map`) lets the annotator find
every character of a unit again in the XML.
"""

from __future__ import annotations

import re
import unicodedata
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from taskrollup.claims import TextUnit
from taskrollup.errors import InputFileError

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_FOOTNOTES = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/footnotes"
_TXT_MARKERS = re.compile(r"\[(?:bookmark: [^\]]*|footnoteRef:\d+)\]")  # left by docx-to-text tools
_MD_BLOCK = re.compile(r"^\s*(?:#|[-*+]\s|\d+[.)]\s|\||>)")
_LOOK_ALIKES = str.maketrans({"Ð": "Đ", "ð": "đ", "Ɖ": "Đ", "ɖ": "đ", "’": "'", "‘": "'"})
_HEADING_PARAGRAPHS = 3  # paragraphs above a table that may name its group
_NARROW = 3  # a table of at most this many columns is label | value: its rows read as prose
SUFFIXES = (".docx", ".txt", ".md")


@dataclass(frozen=True)
class Piece:
    """A stretch of a unit's text and the XML node it comes from (None: a separator)."""

    start: int
    end: int
    node: object | None
    exact: bool  # the node's text has the same length as the piece (splittable at any offset)


def read_draft(path: Path) -> list[TextUnit]:
    """The paragraphs, table rows and footnotes of a .docx, .txt or .md draft, numbered."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in SUFFIXES:
        raise InputFileError(str(path), f"cannot read a '{suffix or 'no extension'}' draft; "
                                        "give a .docx, .txt or .md file")
    if not path.is_file():
        raise InputFileError(str(path), "no such file")
    if suffix == ".docx":
        return _docx_units(path)
    lines = [nfc(_TXT_MARKERS.sub("", line)) for line in read_text(path).splitlines()]
    return markdown_units(lines) if suffix == ".md" else line_units(lines)


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text).translate(_LOOK_ALIKES)


def read_text(path: Path) -> str:
    data = path.read_bytes()
    for encoding in ("utf-8-sig", "utf-16"):
        if encoding == "utf-16" and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
            continue
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise InputFileError(str(path), "not UTF-8 text; save the draft as UTF-8 or give the .docx")


def line_units(lines: list[str]) -> list[TextUnit]:
    """A .txt draft: each line is a paragraph, numbered as the line."""
    return [TextUnit(n, line, f"đoạn {n}") for n, line in enumerate(lines, start=1)]


def markdown_units(lines: list[str]) -> list[TextUnit]:
    """A .md draft: a paragraph runs over lines until a blank line or a new block marker."""
    units: list[TextUnit] = []
    start, block = 0, []
    for n, line in enumerate([*lines, ""], start=1):
        if block and (not line.strip() or _MD_BLOCK.match(line)):
            units.append(TextUnit(start, " ".join(block), f"đoạn {start}"))
            block = []
        if line.strip():
            start = start if block else n
            block.append(line.strip())
    return units


def _docx_units(path: Path) -> list[TextUnit]:
    from docx.opc.exceptions import PackageNotFoundError
    from lxml.etree import XMLSyntaxError

    try:
        doc = open_docx(path)
        units = list(body_units(doc.element.body))
        units += _footnote_units(doc, len(units))
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError, XMLSyntaxError) as exc:
        raise InputFileError(str(path), f"not a readable Word document: {exc}") from exc
    return units


def open_docx(path: Path):  # type: ignore[no-untyped-def]
    from docx import Document

    return Document(str(path))


# ---- text and where each character comes from --------------------------------------------


def piece_map(element: object) -> tuple[str, list[Piece]]:
    """The visible text under an element (runs, tabs and breaks; not deleted text) and, for
    each stretch of it, the `w:t` node it comes from."""
    parts: list[str] = []
    pieces: list[Piece] = []
    at = 0
    for node in element.iter():  # type: ignore[attr-defined]
        text, source = _node_text(node, bool(parts))
        if not text:
            continue
        shown = nfc(text) if source is not None else text
        parts.append(shown)
        pieces.append(Piece(at, at + len(shown), source, len(shown) == len(text)))
        at += len(shown)
    return "".join(parts), pieces


def _node_text(node: object, started: bool) -> tuple[str, object | None]:
    tag = node.tag  # type: ignore[attr-defined]
    if tag == f"{W}t":
        return node.text or "", node  # type: ignore[attr-defined]
    if tag in (f"{W}tab", f"{W}br", f"{W}cr"):
        return " ", None
    if tag == f"{W}p" and started:
        return " ", None
    return "", None


def docx_blocks(body: object) -> Iterator[object]:
    """Paragraphs and tables in body order, looking inside content controls."""
    for child in body.iterchildren():  # type: ignore[attr-defined]
        if child.tag in (f"{W}p", f"{W}tbl"):
            yield child
        elif child.tag == f"{W}sdt":
            content = child.find(f"{W}sdtContent")
            if content is not None:
                yield from docx_blocks(content)


def row_cells(tr: object) -> list[tuple[object, int, int]]:
    """(w:tc, first grid column, columns spanned) of a table row."""
    before = tr.find(f"{W}trPr/{W}gridBefore")  # type: ignore[attr-defined]
    col = int(before.get(f"{W}val", 0)) if before is not None else 0
    cells = []
    for tc in tr.iterchildren(f"{W}tc"):  # type: ignore[attr-defined]
        span_el = tc.find(f"{W}tcPr/{W}gridSpan")
        span = int(span_el.get(f"{W}val", 1)) if span_el is not None else 1
        cells.append((tc, col, span))
        col += span
    return cells


def row_text(tr: object) -> tuple[str, list[tuple[int, int, int]], list[tuple[int, list[Piece]]]]:
    """A row's cells joined by " | ", each cell's (start, column, span), and each cell's pieces."""
    texts, cells, maps, at = [], [], [], 0
    for tc, col, span in row_cells(tr):
        text, pieces = piece_map(tc)
        cells.append((at, col, span))
        maps.append((at, pieces))
        texts.append(text)
        at += len(text) + 3
    return " | ".join(texts), cells, maps


def body_units(body: object) -> Iterator[TextUnit]:
    """Units numbered in body order; the k-th paragraph is "đoạn k" (empty ones count, as in
    Word), each table row "bảng t, dòng r".

    Every table row carries the paragraphs above the table (nearest first) in `caption` when
    the table is narrow (label | value, its rows read as prose under that caption), and in
    `heading` always (a figure table's group)."""
    n, paragraphs, tables, above = 0, 0, 0, []
    for block in docx_blocks(body):
        if block.tag == f"{W}p":  # type: ignore[attr-defined]
            n, paragraphs = n + 1, paragraphs + 1
            text = piece_map(block)[0]
            above = [text, *above][:_HEADING_PARAGRAPHS] if text.strip() else above
            yield TextUnit(n, text, f"đoạn {paragraphs}")
            continue
        tables += 1
        rows = list(_table_units(block, tables, n, above))
        yield from rows
        n += len(rows)


def table_rows(tbl: object) -> list[object]:
    """A table's own rows (a table nested in a cell is read as that cell's text)."""
    return list(tbl.iterchildren(f"{W}tr"))  # type: ignore[attr-defined]


def _table_units(tbl: object, table: int, n: int, above: list[str]) -> Iterator[TextUnit]:
    rows = table_rows(tbl)
    built = [row_text(tr) for tr in rows]
    width = max((col + span for _, cells, _ in built for _, col, span in cells), default=0)
    caption = above[0] if above and width <= _NARROW else ""
    for r, (text, cells, _) in enumerate(built, start=1):
        yield TextUnit(n + r, text, f"bảng {table}, dòng {r}", caption, table, r, tuple(cells),
                       "\n".join(above))


def _footnote_units(doc: object, count: int) -> list[TextUnit]:
    """Footnotes ("chú thích k") numbered after the body, when the document has any."""
    units = []
    for note in footnotes(doc):
        count += 1
        units.append(TextUnit(count, piece_map(note)[0], f"chú thích {note.get(f'{W}id')}"))  # type: ignore[attr-defined]
    return units


def footnotes(doc: object) -> list[object]:
    """The normal footnotes of a document, in order."""
    from lxml import etree

    notes: list[object] = []
    for rel in doc.part.rels.values():  # type: ignore[attr-defined]
        if rel.reltype != _FOOTNOTES or rel.is_external:
            continue
        root = etree.fromstring(rel.target_part.blob)
        notes += [n for n in root.iter(f"{W}footnote") if n.get(f"{W}type") in (None, "normal")]
    return notes
