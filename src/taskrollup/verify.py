"""`taskrollup verify`: the figures a draft report states, checked for sums and against the data.

Reading the draft is the only I/O here (`.docx` paragraphs, table rows and footnotes; `.txt`
one paragraph a line; `.md` one paragraph a block). The claims come from `taskrollup.claims`;
the checks are (a) the draft's own arithmetic per group (done = on time + late; not done =
in time + overdue; assigned = done + not done + cancelled; the two completion rates) and
(b) with a store, every claim against the figures `taskrollup report` computes.
"""

from __future__ import annotations

import datetime as dt
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from taskrollup.claims import CENTRAL, HEADLINE, LABELS, RATE_KEYS, Claim, TextUnit, find_claims
from taskrollup.errors import InputFileError, UsageError
from taskrollup.figures import Figures
from taskrollup.vnformat import number, percent

OK = "đúng"
WRONG = "sai số liệu"
UNBALANCED = "không khớp tổng"
_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_FOOTNOTES = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/footnotes"
_TXT_MARKERS = re.compile(r"\[(?:bookmark: [^\]]*|footnoteRef:\d+)\]")  # left by docx-to-text tools
_MD_BLOCK = re.compile(r"^\s*(?:#|[-*+]\s|\d+[.)]\s|\||>)")
_SUMS = (
    ("done", ("done_on_time", "done_late"), "Đã hoàn thành = đúng hạn + quá hạn"),
    ("not_done", ("not_done_in_time", "not_done_overdue"), "Chưa hoàn thành = còn trong hạn + quá hạn"),
    ("assigned", ("done", "not_done", "cancelled"),
     "Tổng số = đã hoàn thành + chưa hoàn thành + dừng thực hiện"),
)
_GROUP_NAMES = {HEADLINE: "toàn tỉnh", CENTRAL: "Trung ương (Quy chế 42)"}


@dataclass(frozen=True)
class Finding:
    """One check: where, which claim, what the draft says, what it should say, the verdict."""

    paragraph: int
    where: str
    sentence: str
    group: str
    claim: str
    stated: str
    expected: str
    verdict: str
    note: str = ""
    key: str = ""
    position: int = 0
    kind: str = "data"  # data or sum

    def to_dict(self) -> dict[str, object]:
        return {"paragraph": self.paragraph, "where": self.where, "sentence": self.sentence,
                "group": self.group, "key": self.key, "claim": self.claim, "stated": self.stated,
                "expected": self.expected, "verdict": self.verdict, "note": self.note,
                "check": self.kind}


@dataclass
class VerifyResult:
    """The claims of a draft and every check made on them."""

    draft: Path
    claims: list[Claim]
    checks: list[Finding] = field(default_factory=list)
    against: str | None = None  # "H1-2021 as of 30/06/2021 (scope assigned)" with data

    @property
    def findings(self) -> list[Finding]:
        return [c for c in self.checks if c.verdict != OK]

    @property
    def exit_code(self) -> int:
        return 1 if self.findings or not self.claims else 0

    def summary(self) -> str:
        if not self.claims:
            return (f"no recognisable figures in {self.draft.name}: nothing was checked "
                    "(is it the report's section on tasks?)")
        places = ", ".join(dict.fromkeys(c.where or str(c.paragraph) for c in self.claims))
        basis = f"against {self.against}" if self.against else "arithmetic only (--no-data)"
        kinds = ", ".join(f"{sum(f.verdict == v for f in self.findings)} {v}"
                          for v in (UNBALANCED, WRONG) if any(f.verdict == v for f in self.findings))
        head = f"{len(self.findings)} finding(s) ({kinds})" if self.findings else "all figures hold"
        return (f"{head}: {len(self.checks)} check(s) of {len(self.claims)} figure(s) found in "
                f"{places}; {basis}")

    def to_dict(self) -> dict[str, object]:
        return {"draft": str(self.draft), "against": self.against, "exit_code": self.exit_code,
                "summary": self.summary(), "findings": len(self.findings),
                "checks": [c.to_dict() for c in self.checks],
                "claims": [c.to_dict() for c in self.claims]}


def verify(draft: Path, db: Path | None = None, period: str | None = None,
           as_of: dt.date | None = None, scope: str = "assigned", use_data: bool = True) -> VerifyResult:
    """Read a draft, find its claims and check them: sums always, the store when `use_data`."""
    if use_data and not period:
        raise UsageError("give --period (e.g. H1-2021) to check against the store, "
                         "or --no-data to check only the draft's own arithmetic")
    claims = find_claims(read_draft(draft))
    figures = _figures(db, period, as_of, scope) if use_data else None
    return check(draft, claims, figures)


def _figures(db: Path | None, period: str | None, as_of: dt.date | None, scope: str) -> Figures:
    from taskrollup.report import build_report, resolve_period

    return build_report(db or Path("taskrollup.db"), resolve_period(period, None, None), as_of,
                        scope, texts=False).figures


def check(draft: Path, claims: list[Claim], figures: Figures | None = None) -> VerifyResult:
    """Every check on the claims, in document order; the data checks only with `figures`."""
    checks = check_arithmetic(claims, figures)
    if figures is not None:
        checks += check_data(claims, figures)
    checks.sort(key=lambda f: (f.paragraph, f.position, f.kind == "sum"))
    against = (f"{figures.period.name} as of {figures.as_of:%d/%m/%Y} (scope {figures.scope})"
               if figures is not None else None)
    return VerifyResult(draft, claims, checks, against)


# ---- reading the draft ------------------------------------------------------------------


def read_draft(path: Path) -> list[TextUnit]:
    """The paragraphs, table rows and footnotes of a .docx, .txt or .md draft, numbered."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in (".docx", ".txt", ".md"):
        raise InputFileError(str(path), f"cannot read a '{suffix or 'no extension'}' draft; "
                                        "give a .docx, .txt or .md file")
    if not path.is_file():
        raise InputFileError(str(path), "no such file")
    if suffix == ".docx":
        return _docx_units(path)
    lines = [_TXT_MARKERS.sub("", line) for line in _read_text(path).splitlines()]
    return _markdown_units(lines) if suffix == ".md" else _line_units(lines)


def _read_text(path: Path) -> str:
    data = path.read_bytes()
    for encoding in ("utf-8-sig", "utf-16"):
        if encoding == "utf-16" and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
            continue
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise InputFileError(str(path), "not UTF-8 text; save the draft as UTF-8 or give the .docx")


def _line_units(lines: list[str]) -> list[TextUnit]:
    """A .txt draft: each line is a paragraph, numbered as the line."""
    return [TextUnit(n, line, f"đoạn {n}") for n, line in enumerate(lines, start=1)]


def _markdown_units(lines: list[str]) -> list[TextUnit]:
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
    from docx import Document
    from docx.opc.exceptions import PackageNotFoundError
    from lxml.etree import XMLSyntaxError

    try:
        doc = Document(str(path))
        units = list(_body_units(doc.element.body))
        units += _footnote_units(doc, len(units))
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError, XMLSyntaxError) as exc:
        raise InputFileError(str(path), f"not a readable Word document: {exc}") from exc
    return units


def _text(element: object) -> str:
    """The visible text under an element: runs, tabs and breaks (not deleted text)."""
    parts = []
    for node in element.iter():  # type: ignore[attr-defined]
        tag = node.tag
        if tag == f"{_W}t":
            parts.append(node.text or "")
        elif tag in (f"{_W}tab", f"{_W}br", f"{_W}cr"):
            parts.append(" ")
        elif tag == f"{_W}p" and parts:
            parts.append(" ")
    return "".join(parts)


def _blocks(body: object) -> Iterator[object]:
    """Paragraphs and tables in body order, looking inside content controls."""
    for child in body.iterchildren():  # type: ignore[attr-defined]
        if child.tag in (f"{_W}p", f"{_W}tbl"):
            yield child
        elif child.tag == f"{_W}sdt":
            content = child.find(f"{_W}sdtContent")
            if content is not None:
                yield from _blocks(content)


def _body_units(body: object) -> Iterator[TextUnit]:
    """Units numbered in body order; the k-th paragraph is "đoạn k" (empty ones count, as in
    Word), each table row "bảng t, dòng r" with its cells joined by " | ".

    Rows of a narrow table (three cells or fewer: label | value) carry the paragraph before the
    table as caption, so "Tổng số | 53" under "Quyết định số 42/QĐ-UBND:" belongs to 42/QĐ-UBND.
    """
    n, paragraphs, tables, last = 0, 0, 0, ""
    for block in _blocks(body):
        if block.tag == f"{_W}p":  # type: ignore[attr-defined]
            n, paragraphs = n + 1, paragraphs + 1
            text = _text(block)
            last = text if text.strip() else last
            yield TextUnit(n, text, f"đoạn {paragraphs}")
            continue
        tables += 1
        rows = [[_text(tc) for tc in tr.iterchildren(f"{_W}tc")] for tr in block.iter(f"{_W}tr")]  # type: ignore[attr-defined]
        caption = last if rows and max(len(r) for r in rows) <= 3 else ""
        for r, cells in enumerate(rows, start=1):
            n += 1
            yield TextUnit(n, " | ".join(c.strip() for c in cells), f"bảng {tables}, dòng {r}", caption)


def _footnote_units(doc: object, count: int) -> list[TextUnit]:
    """Footnotes ("chú thích k") numbered after the body, when the document has any."""
    from lxml import etree

    units = []
    for rel in doc.part.rels.values():  # type: ignore[attr-defined]
        if rel.reltype != _FOOTNOTES or rel.is_external:
            continue
        root = etree.fromstring(rel.target_part.blob)
        for note in root.iter(f"{_W}footnote"):
            if note.get(f"{_W}type") in (None, "normal"):
                count += 1
                units.append(TextUnit(count, _text(note), f"chú thích {note.get(f'{_W}id')}"))
    return units


# ---- checks -----------------------------------------------------------------------------


def _stated(claims: list[Claim]) -> dict[str, dict[str, Claim]]:
    """Per group, the first claim of each figure."""
    groups: dict[str, dict[str, Claim]] = {}
    for claim in claims:
        groups.setdefault(claim.group, {}).setdefault(claim.key, claim)
    return groups


def _finding(anchor: Claim, claim: str, stated: str, expected: str, verdict: str, note: str = "",
             kind: str = "sum") -> Finding:
    return Finding(anchor.paragraph, anchor.where, anchor.sentence, anchor.group, claim, stated,
                   expected, verdict, note, anchor.key, anchor.position, kind)


def check_arithmetic(claims: list[Claim], figures: Figures | None = None) -> list[Finding]:
    """Per group, each whole the draft states against the sum of the parts it also states."""
    out: list[Finding] = []
    for group, stated in _stated(claims).items():
        data = _data_for(figures, group)[0] if figures is not None else None
        for whole, parts, label in _SUMS:
            found = _sum_check(stated, whole, parts, label, data)
            if found is not None:
                out.append(found)
        out += _rate_checks(stated)
    return out


def _sum_check(stated: dict[str, Claim], whole: str, parts: tuple[str, ...], label: str,
               data: dict[str, object] | None) -> Finding | None:
    """whole = sum(parts) when all are stated; a gap names a cancelled count the draft omits."""
    if whole not in stated:
        return None
    w = stated[whole]
    given = [stated[p] for p in parts if p in stated]
    total = sum(int(c.value) for c in given)
    terms = " + ".join(c.raw for c in given)
    if whole == "assigned" and "cancelled" not in stated and len(given) == 2:
        return _gap_check(w, total, terms, data)
    if len(given) == len(parts):
        if total == w.value:
            return _finding(w, label, w.raw, f"{terms} = {number(total)}", OK)
        return _finding(w, label, w.raw, f"{terms} = {number(total)} ≠ {w.raw}", UNBALANCED)
    if given and total > w.value:
        return _finding(w, label, w.raw, f"{terms} = {number(total)} > {w.raw}", UNBALANCED)
    return None


def _gap_check(w: Claim, total: int, terms: str, data: dict[str, object] | None) -> Finding:
    """assigned against done + not done when the draft gives no cancelled count."""
    label = "Tổng số = đã hoàn thành + chưa hoàn thành"
    if total == w.value:
        return _finding(w, label, w.raw, f"{terms} = {number(total)}", OK)
    expected = f"{terms} = {number(total)} ≠ {w.raw}"
    gap = int(w.value) - total
    if gap < 0:
        return _finding(w, label, w.raw, expected, UNBALANCED)
    tasks = "task" if gap == 1 else "tasks"
    expected += f": {number(gap)} {tasks} unaccounted for — the draft does not mention cancelled tasks"
    note = ""
    if data is not None and data.get("cancelled") == gap:
        note = (f"the {number(gap)}-task gap is the {number(gap)} cancelled {tasks} (dừng thực hiện) "
                "in the data, which the draft does not mention")
    elif data is not None:
        note = f"the data has {number(int(data.get('cancelled', 0)))} cancelled task(s), not {number(gap)}"  # type: ignore[call-overload]
    return _finding(w, label, w.raw, expected, UNBALANCED, note)


def _rate_checks(stated: dict[str, Claim]) -> list[Finding]:
    """The completion rates against the counts the draft states beside them."""
    out = []
    done = stated.get("done")
    rate, due = stated.get("completion_rate"), stated.get("due_rate")
    assigned = stated.get("assigned")
    if rate and done and assigned:
        cancelled = stated.get("cancelled")
        nd = stated.get("not_done")
        if cancelled or (nd and int(done.value) + int(nd.value) == assigned.value):
            c = int(cancelled.value) if cancelled else 0
            base = int(assigned.value) - c
            terms = f"{done.raw} / ({assigned.raw} − {cancelled.raw if cancelled else 0})"
            out.append(_rate_finding(rate, "Tỷ lệ hoàn thành = đã hoàn thành / (tổng số − dừng thực hiện)",
                                     int(done.value), base, terms))
    overdue = stated.get("not_done_overdue")
    if due and done and overdue:
        terms = f"{done.raw} / ({done.raw} + {overdue.raw})"
        out.append(_rate_finding(due, "Tỷ lệ (đã đến hạn) = đã hoàn thành / (đã hoàn thành + quá hạn)",
                                 int(done.value), int(done.value) + int(overdue.value), terms))
    return out


def _rate_finding(rate: Claim, label: str, top: int, base: int, terms: str) -> Finding:
    value = 100.0 * top / base if base else 0.0
    verdict = OK if _close(float(rate.value), value, rate.raw) else UNBALANCED
    return _finding(rate, label, rate.raw, f"{terms} = {percent(value)}", verdict)


def _close(stated: float, actual: float, raw: str) -> bool:
    """A percentage is right when it rounds the actual value to the decimals it shows."""
    decimals = len(raw.replace("%", "").strip().partition(",")[2])
    return abs(stated - actual) <= 0.5 * 10 ** -decimals + 1e-9


def _data_for(figures: Figures, group: str) -> tuple[dict[str, object], str]:
    """The computed figures of a group, and a note when the data has none for it."""
    if group == HEADLINE:
        return dict(figures.totals), ""
    if group == CENTRAL:
        return dict(figures.central), ""
    for entry in figures.by_source:
        if entry["source"] == group:
            return entry, ""
    return {}, f"the data has no task of {group} in {figures.period.name}"


def _actual_rate(data: dict[str, object], key: str) -> float:
    done = int(data.get("done", 0))  # type: ignore[call-overload]
    if key == "due_rate":
        base = done + int(data.get("not_done_overdue", 0))  # type: ignore[call-overload]
    else:
        base = int(data.get("assigned", 0)) - int(data.get("cancelled", 0))  # type: ignore[call-overload]
    return 100.0 * done / base if base else 0.0


def check_data(claims: list[Claim], figures: Figures) -> list[Finding]:
    """Every claim against the figure computed for its group (headline, document, central)."""
    out = []
    for claim in claims:
        data, note = _data_for(figures, claim.group)
        if claim.key in RATE_KEYS:
            actual = _actual_rate(data, claim.key)
            verdict = OK if data and _close(float(claim.value), actual, claim.raw) else WRONG
            expected = percent(actual)
        else:
            value = int(data.get(claim.key, 0))  # type: ignore[call-overload]
            verdict = OK if value == claim.value else WRONG
            expected = number(value)
        if claim.derived:
            note = (note + "; " if note else "") + f"the label has no number of its own: read as all {claim.raw}"
        out.append(_finding(claim, LABELS[claim.key], claim.raw, expected, verdict, note, "data"))
    return out


def group_name(group: str) -> str:
    """How a group reads in a table: 'toàn tỉnh', 'Trung ương (Quy chế 42)' or the document."""
    return _GROUP_NAMES.get(group, group)
