"""`verify --annotate`: a copy of the draft with a Word comment on each figure that fails and on
each figure not checked. The draft itself is never written.

What each comment says is decided by `comments_for` (pure); placing it is file work: the
paragraph or table cell is found by the same walk `draft` reads with, the runs are split so the
comment covers the figure exactly, and python-docx writes the comment. A `.txt` or `.md` draft
becomes a Word copy, one paragraph per line (or block), with the same comments.
"""

from __future__ import annotations

import copy
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from taskrollup.draft import (
    SUFFIXES,
    Piece,
    W,
    docx_blocks,
    open_docx,
    piece_map,
    read_draft,
    row_text,
    table_rows,
)
from taskrollup.errors import UsageError
from taskrollup.verify import OK, VerifyResult, group_name

AUTHOR = "taskrollup"
INITIALS = "TR"


@dataclass(frozen=True)
class Note:
    """One comment: on which unit, which characters of its text, saying what."""

    paragraph: int
    start: int
    end: int
    lines: tuple[str, ...]


@dataclass
class Annotated:
    path: Path
    placed: int = 0
    not_placed: list[str] = field(default_factory=list)

    def message(self) -> str:
        missed = f"; {len(self.not_placed)} not placed ({', '.join(self.not_placed)})" if self.not_placed else ""
        return f"annotated copy: {self.path} ({self.placed} comment(s){missed})"


def comments_for(result: VerifyResult) -> list[Note]:
    """One note per figure: every failing check on it, or why it was not checked."""
    spans: dict[tuple[int, int, int], list[str]] = {}
    for f in result.findings:
        lines = spans.setdefault((f.paragraph, f.position, f.end), [])
        if f.kind == "data":
            lines.append(f"{f.verdict}: {f.claim} ({group_name(f.group)}) is {f.stated} here; "
                         f"in the data ({result.against}): {f.expected}")
        else:
            lines.append(f"{f.verdict}: {f.claim} ({group_name(f.group)}): {f.expected}")
        if f.note:
            lines.append(f.note)
        if f.hint:
            lines.append(f"its tasks: {f.hint}")
    for x in result.loose:
        if (x.paragraph, x.position, x.end) in spans or x.reason.startswith("nothing in the draft"):
            continue
        head = "not checked" if x.understood else "not understood, so not checked"
        spans[(x.paragraph, x.position, x.end)] = [f"{head}: {x.reason}"]
    return [Note(p, s, e, tuple(dict.fromkeys(lines))) for (p, s, e), lines in sorted(spans.items())]


def annotate_draft(draft: Path, result: VerifyResult, out: Path) -> Annotated:
    """Write the annotated copy to `out` (a new .docx) and say how many comments it holds."""
    draft, out = Path(draft), Path(out)
    if out.suffix.lower() != ".docx":
        raise UsageError(f"--annotate writes a Word copy: give a file name ending in .docx, not {out.name!r}")
    if out.exists() and out.resolve() == draft.resolve():
        raise UsageError("--annotate must name a new file: the draft itself is never written")
    if draft.suffix.lower() == ".docx":
        doc = open_docx(draft)
        elements = dict(_docx_elements(doc.element.body))
    else:
        doc, elements = _text_copy(draft)
    done = Annotated(out)
    for note in comments_for(result):
        element = elements.get(note.paragraph)
        if element is not None and _place(doc, _target(element), note):
            done.placed += 1
        else:
            done.not_placed.append(f"{note.paragraph}")
    doc.save(str(out))
    return done


# ---- where each unit's characters live ------------------------------------------------------

Target = list[tuple[int, list[Piece]]]  # (offset of the cell or paragraph in the unit text, pieces)


def _docx_elements(body: object) -> Iterator[tuple[int, object]]:
    """Unit number -> its paragraph or table row, numbered as `draft.body_units` numbers them."""
    n = 0
    for block in docx_blocks(body):
        if block.tag == f"{W}p":  # type: ignore[attr-defined]
            n += 1
            yield n, block
            continue
        for tr in table_rows(block):
            n += 1
            yield n, tr


def _target(element: object) -> Target:
    """Where each character of a unit is now (read again after each comment split runs)."""
    if element.tag == f"{W}tr":  # type: ignore[attr-defined]
        return row_text(element)[2]
    return [(0, piece_map(element)[1])]


def _text_copy(draft: Path):  # type: ignore[no-untyped-def]
    """A Word copy of a .txt or .md draft, one paragraph per unit, and where each unit is."""
    from docx import Document

    if draft.suffix.lower() not in SUFFIXES:
        raise UsageError(f"cannot annotate a {draft.suffix!r} draft")
    doc = Document()
    elements: dict[int, object] = {}
    for unit in read_draft(draft):
        elements[unit.number] = doc.add_paragraph(unit.text)._p
    return doc, elements


# ---- placing a comment ------------------------------------------------------------------------


def _place(doc: object, target: Target, note: Note) -> bool:
    from docx.text.run import Run

    runs = _runs_for(target, note.start, note.end)
    if not runs:
        return False
    comment = doc.add_comment([Run(r, None) for r in runs], text=note.lines[0],  # type: ignore[attr-defined]
                              author=AUTHOR, initials=INITIALS)
    for line in note.lines[1:]:
        comment.add_paragraph(line)
    return True


def _runs_for(target: Target, start: int, end: int) -> list[object]:
    """The first and last run that hold exactly text[start:end], the runs split to fit."""
    base, pieces = _cell_of(target, start)
    inside = [p for p in pieces if p.node is not None and p.start < end - base and p.end > start - base]
    if not inside:
        return []
    first, last = inside[0], inside[-1]
    a, b = start - base - first.start, end - base - last.start
    if first is last:
        run = _isolate(first, a, b)
        return [run, run]
    return [_isolate(first, a, first.end - first.start), _isolate(last, 0, b)]


def _cell_of(target: Target, start: int) -> tuple[int, list[Piece]]:
    found = target[0] if target else (0, [])
    for offset, pieces in target:
        if offset <= start:
            found = (offset, pieces)
    return found


def _isolate(piece: Piece, a: int, b: int) -> object:
    """Split the run of a `w:t` so that one run holds exactly its characters a..b; that run."""
    t = piece.node
    r = t.getparent()  # type: ignore[attr-defined]
    text = t.text or ""  # type: ignore[attr-defined]
    if not piece.exact or (a <= 0 and b >= len(text)):
        return r
    content = [c for c in r if c.tag != f"{W}rPr"]
    k = content.index(t)
    parts = ([*content[:k], _t(text[:a])] if a else content[:k],
             [_t(text[a:b])],
             [_t(text[b:]), *content[k + 1:]] if b < len(text) else content[k + 1:])
    runs = [_run_like(r, children) for children in parts if children]
    for new in runs:
        r.addprevious(new)
    r.getparent().remove(r)
    return runs[1 if parts[0] else 0]


def _run_like(r: object, children: Sequence[object]) -> object:
    from docx.oxml import OxmlElement

    new = OxmlElement("w:r")
    new.attrib.update(r.attrib)  # type: ignore[attr-defined]
    props = r.find(f"{W}rPr")  # type: ignore[attr-defined]
    if props is not None:
        new.append(copy.deepcopy(props))
    for child in children:
        new.append(child)
    return new


def _t(text: str) -> object:
    from docx.oxml import OxmlElement

    t = OxmlElement("w:t")
    t.text = text
    t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
    return t


__all__ = ["OK", "Annotated", "Note", "annotate_draft", "comments_for"]
