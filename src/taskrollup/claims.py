"""The figures a draft report states ("claims"), found by a small grammar. Pure: no I/O.

A paragraph first gets a *group* from its content: "central" when it speaks of the tasks the
"Chính phủ, Thủ tướng Chính phủ giao" or of "Quy chế 42" (so the `42/2014/QĐ-TTg` it cites is
the Quy chế, not a programme); else the first document it cites ("Quyết định số 42/QĐ-UBND"
-> `42/QĐ-UBND`); else "headline" when it speaks of the "tổng số nhiệm vụ ... giao". Only a
paragraph with a group yields claims.

Inside the paragraph the text is cut into tokens: *labels* (phrases of LEXICON, matched on
folded words, longest first), *numbers* in Vietnamese format ("2.573", "05", "98,62%"),
brackets, clause stops (". ; ! ?") and soft marks (": , | -"). Numbers that are no figure are
dropped on the way: dates, document numbers and ranges ("30/6/2021", "42/QĐ-UBND",
"2021-2025"), years, footnote markers ("[1]", "rừng1"), numbers after "Phụ lục", "năm",
"lớp", "số" ..., and counts of something else ("6 tháng", "08 nhóm nhiệm vụ", "1.428 tỷ").

A number attaches to the label pending before it in the same clause ("đã hoàn thành 36",
"Tổng số nhiệm vụ được giao: 53"), unless it is not right after that label and reads
"N nhiệm vụ <label>", when the label after it takes it ("36 nhiệm vụ đã hoàn thành"). A
bracket opens a frame that remembers the parent figure, so "quá hạn" after "đã hoàn thành:
N (" is done_late and after "chưa hoàn thành: N (" is not_done_overdue.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from taskrollup.docids import parse_document
from taskrollup.text import clean, fold

HEADLINE = "headline"
CENTRAL = "central"

LABELS = {
    "assigned": "Tổng số nhiệm vụ được giao",
    "secret": "Giao tại văn bản mật",
    "done": "Đã hoàn thành",
    "done_on_time": "Đã hoàn thành đúng hạn",
    "done_late": "Đã hoàn thành quá hạn",
    "not_done": "Chưa hoàn thành",
    "not_done_in_time": "Chưa hoàn thành, còn trong hạn",
    "not_done_overdue": "Chưa hoàn thành, quá hạn",
    "extension_requested": "Xin gia hạn",
    "cancelled": "Dừng thực hiện",
    "completion_rate": "Tỷ lệ hoàn thành",
    "due_rate": "Tỷ lệ hoàn thành (trên nhiệm vụ đã đến hạn)",
}
FIGURE_KEYS = tuple(LABELS)
RATE_KEYS = ("completion_rate", "due_rate")

# Folded phrase -> (kind, figure key). Kinds: "figure" states a key; "parent" states done or
# not_done and becomes the parent of the child kinds after it; "late", "on_time", "in_time"
# take their key from that parent; "rate" is a percentage; "due" marks the rate "over the
# tasks that have fallen due".
_PHRASES: dict[tuple[str, str | None], str] = {
    ("figure", "assigned"): "tong so nhiem vu duoc giao|tong so nhiem vu giao|tong so nhiem vu|"
                            "tong nhiem vu duoc giao|tong nhiem vu|tong so|so nhiem vu duoc giao",
    ("figure", "secret"): "van ban mat|nhiem vu mat|van ban toi mat|van ban tuyet mat",
    ("parent", "done"): "da hoan thanh|hoan thanh",
    ("parent", "not_done"): "chua hoan thanh",
    ("figure", "done_on_time"): "hoan thanh dung han|da hoan thanh dung han|hoan thanh trong han|"
                                "da hoan thanh trong han|hoan thanh dung thoi han",
    ("figure", "done_late"): "hoan thanh qua han|da hoan thanh qua han|hoan thanh tre han|"
                             "da hoan thanh tre han|hoan thanh cham",
    ("figure", "not_done_in_time"): "chua hoan thanh trong han|chua hoan thanh con trong han|"
                                    "chua hoan thanh con han|chua den han",
    ("figure", "not_done_overdue"): "chua hoan thanh qua han|chua hoan thanh da qua han",
    ("late", None): "qua han|da qua han|tre han|qua thoi han",
    ("on_time", None): "dung han|dung thoi han",
    ("in_time", None): "trong han|con trong han|con han|trong thoi han|con trong thoi han",
    ("figure", "extension_requested"): "xin gia han|de nghi gia han|xin dieu chinh thoi han",
    ("figure", "cancelled"): "dung thuc hien|dung trien khai|huy bo|da huy|bi huy|khong thuc hien",
    ("rate", None): "ty le hoan thanh|ti le hoan thanh",
    ("due", None): "den han|da den han",
}
LEXICON: dict[tuple[str, ...], tuple[str, str | None]] = {
    tuple(phrase.split()): kind for kind, phrases in _PHRASES.items() for phrase in phrases.split("|")
}
_LONGEST = max(len(p) for p in LEXICON)
# Child kind -> (its key under "đã hoàn thành", under "chưa hoàn thành", with no parent).
_CHILD = {
    "late": ("done_late", "not_done_overdue", "not_done_overdue"),
    "on_time": ("done_on_time", "not_done_in_time", "done_on_time"),
    "in_time": ("done_on_time", "not_done_in_time", "not_done_in_time"),
}

_TOKEN = re.compile(
    r"(?P<number>(?<![\w/.,\-\[])(?:\d{1,3}(?:\.\d{3})+|\d+)(?:,\d+)?(?:\s*%)?(?![\w/\-]|[.,]\d|\s*/))"
    r"|(?P<skip>\d\w*(?:\s*[/\-.]\s*\w+)+|\d+\w*)"  # dates, document numbers, ranges, "vụ1"
    r"|(?P<word>[^\W\d_]+)"
    r"|(?P<open>[(\[{])|(?P<close>[)\]}])|(?P<stop>[.;!?…])|(?P<soft>\S)"
)
# A number right after one of these words is an identifier or a date, not a figure.
_NOT_AFTER = frozenset("luc nam thang ngay quy so lop khoa thu che dieu khoan muc ky tuan phan chuong "
                       "diem hang top buoc lan".split())
# Words a label may have before its number that do not make the number "further away".
_FILLER = frozenset({"la", "dat", "co"})
_TASK_WORDS = frozenset({"nhiem", "vu", "nv"})
_PENDING_REACH = 20  # words a label waits for its number ("tổng số nhiệm vụ UBND tỉnh ... là N")
_ORPHAN_REACH = 5  # words a number waits for its label ("103 nhiệm vụ giao tại văn bản mật")
_CENTRAL_WORDS = re.compile(r"\bthu tuong chinh phu giao\b|\bquy che 42\b")
_HEADLINE_WORDS = re.compile(r"\btong (?:so )?nhiem vu\b.*\bgiao\b|\bgiao\b.*\btong (?:so )?nhiem vu\b")
_SENTENCE_END = re.compile(r"[.;!?](?=\s|$)")


@dataclass(frozen=True)
class TextUnit:
    """One paragraph, table row or footnote of a draft; `caption` lends a group to a table row."""

    number: int
    text: str
    where: str = ""
    caption: str = ""


@dataclass(frozen=True)
class Claim:
    """One figure the draft states: for which group, which figure, what value, where."""

    group: str
    key: str
    value: int | float
    raw: str
    paragraph: int
    sentence: str
    where: str = ""
    position: int = 0
    derived: bool = False  # read from a label without its own number ("14, còn trong hạn")

    @property
    def label(self) -> str:
        return LABELS[self.key]

    def to_dict(self) -> dict[str, object]:
        return {"group": self.group, "key": self.key, "label": self.label, "value": self.value,
                "stated": self.raw, "paragraph": self.paragraph, "where": self.where,
                "sentence": self.sentence, "derived": self.derived}


@dataclass
class Token:
    kind: str  # number, word, label, open, close, stop, soft
    text: str
    start: int
    end: int
    word: str = ""  # folded, for words
    label: tuple[str, str | None] | None = None
    value: int | float | None = None
    percent: bool = False


def parse_number(raw: str) -> int | float:
    """'2.573' -> 2573; '05' -> 5; '98,62%' -> 98.62 (dot for thousands, comma for decimals)."""
    text = raw.replace("%", "").strip().replace(".", "")
    return float(text.replace(",", ".")) if "," in text or "%" in raw else int(text)


def paragraph_group(text: str) -> str | None:
    """The group a paragraph's figures belong to: 'central', a document id, 'headline' or None."""
    folded = fold(text)
    if _CENTRAL_WORDS.search(folded):
        return CENTRAL
    doc = parse_document(text)
    if doc is not None:
        return doc.id
    if _HEADLINE_WORDS.search(folded):
        return HEADLINE
    return None


def unit_group(unit: TextUnit) -> str | None:
    """A unit's group; a table row under a caption takes the caption's group unless it names a
    document or the central Government itself ("Tổng số nhiệm vụ được giao | 53" under
    "Quyết định số 42/QĐ-UBND:" is 42/QĐ-UBND, not the headline)."""
    own = paragraph_group(unit.text)
    if unit.caption and own in (None, HEADLINE):
        return paragraph_group(unit.caption) or own
    return own


def find_claims(units: Iterable[TextUnit]) -> list[Claim]:
    """Every claim of every unit that has a group, in document order."""
    claims: list[Claim] = []
    for unit in units:
        group = unit_group(unit)
        if group is not None:
            claims.extend(claims_in(unit.text, group, unit.number, unit.where))
    return claims


def claims_in(text: str, group: str, paragraph: int = 0, where: str = "") -> list[Claim]:
    """The claims of one paragraph whose group is known."""
    cleaned = clean(text)
    claims = []
    for key, number, label, derived in _Grammar(_tokens(cleaned)).run():
        start, end = min(number.start, label.start), max(number.end, label.end)
        claims.append(Claim(group, key, number.value, number.text, paragraph,  # type: ignore[arg-type]
                            shorten(cleaned, start, end), where, start, derived))
    return claims


def _raw_tokens(text: str) -> list[Token]:
    tokens = []
    for m in _TOKEN.finditer(text):
        kind = m.lastgroup or "soft"
        if kind == "skip":
            continue  # a date, an identifier or a range: it neither counts nor separates
        tok = Token(kind, m.group(), m.start(), m.end())
        if kind == "word":
            tok.word = fold(tok.text)
        tokens.append(tok)
    return tokens


def _merge_labels(tokens: list[Token], text: str) -> list[Token]:
    """Runs of adjacent words that spell a LEXICON phrase become one label token."""
    out: list[Token] = []
    i = 0
    while i < len(tokens):
        run = _word_run(tokens, i, text)
        for size in range(min(len(run), _LONGEST), 0, -1):
            kind = LEXICON.get(tuple(t.word for t in run[:size]))
            if kind is not None:
                out.append(Token("label", text[run[0].start:run[size - 1].end], run[0].start,
                                 run[size - 1].end, label=kind))
                i += size
                break
        else:
            out.append(tokens[i])
            i += 1
    return out


def _word_run(tokens: list[Token], i: int, text: str) -> list[Token]:
    """The words from i on that follow each other with only spaces between."""
    run: list[Token] = []
    for tok in tokens[i:i + _LONGEST]:
        if tok.kind != "word" or (run and text[run[-1].end:tok.start].strip()):
            break
        run.append(tok)
    return run


def _tokens(text: str) -> list[Token]:
    """Labels, figure numbers, words and marks; numbers that are no figure are dropped."""
    tokens = _merge_labels(_raw_tokens(text), text)
    kept: list[Token] = []
    for i, tok in enumerate(tokens):
        if tok.kind == "number":
            if not _is_figure(tokens, i):
                continue
            tok.percent = "%" in tok.text
            tok.value = parse_number(tok.text)
        kept.append(tok)
    return kept


def _is_figure(tokens: list[Token], i: int) -> bool:
    """A count or a percentage: not a year, not "Phụ lục 01", not "6 tháng", not "1,5"."""
    tok = tokens[i]
    percent = "%" in tok.text
    if "," in tok.text and not percent:
        return False
    before = tokens[i - 1] if i else None
    if before is not None and before.kind == "word" and before.word in _NOT_AFTER:
        return False
    after = tokens[i + 1] if i + 1 < len(tokens) else None
    task_next = after is not None and after.kind == "word" and after.word in _TASK_WORDS
    digits = tok.text.strip("% ")
    if digits.isdigit() and len(digits) == 4 and 1945 <= int(digits) <= 2100 and not task_next:
        return False  # a year; four-digit counts are written "2.573"
    return percent or after is None or after.kind != "word" or task_next


@dataclass
class _Pending:
    kind: str
    key: str | None
    token: Token
    words: int = 0


@dataclass
class _Frame:
    """One bracket level: the parent figure, the label waiting for a number, a number waiting."""

    parent: str | None = None
    parent_claim: Token | None = None
    since_parent: int = 0
    pending: _Pending | None = None
    orphan: Token | None = None
    orphan_words: int = 0
    due: bool = False


@dataclass
class _Grammar:
    """Walks the tokens with a stack of frames and collects (key, number, label, derived)."""

    tokens: list[Token]
    stack: list[_Frame] = field(default_factory=lambda: [_Frame()])
    found: list[tuple[str, Token, Token, bool]] = field(default_factory=list)

    @property
    def frame(self) -> _Frame:
        return self.stack[-1]

    def run(self) -> list[tuple[str, Token, Token, bool]]:
        for i, tok in enumerate(self.tokens):
            if tok.kind == "label":
                self.on_label(tok)
            elif tok.kind == "number":
                self.on_number(tok, i)
            elif tok.kind == "word":
                self.on_word(tok)
            elif tok.kind == "open":
                top = self.frame
                self.stack.append(_Frame(top.parent, top.parent_claim, top.since_parent))
            elif tok.kind == "close":
                self.settle()
                if len(self.stack) > 1:
                    self.stack.pop()
            elif tok.kind == "stop" or (tok.kind == "soft" and tok.text != "|"):
                self.end_clause(tok.kind == "stop")
        self.end_clause(True)
        return self.found

    def claim(self, key: str, number: Token, label: Token, derived: bool = False) -> None:
        frame = self.frame
        self.found.append((key, number, label, derived))
        if key in ("done", "not_done"):
            frame.parent, frame.parent_claim, frame.since_parent = key, number, 0
        else:
            frame.since_parent += 1

    def resolve(self, kind: str, key: str | None) -> str | None:
        """The figure a label states, given the parent figure of the frame."""
        if kind in ("figure", "parent"):
            return key
        if kind == "rate":
            return "due_rate" if self.frame.due else "completion_rate"
        if kind in _CHILD:
            under_done, under_not_done, alone = _CHILD[kind]
            parent = self.frame.parent
            return under_done if parent == "done" else under_not_done if parent == "not_done" else alone
        return None

    def on_label(self, tok: Token) -> None:
        kind, key = tok.label  # type: ignore[misc]
        frame = self.frame
        if kind == "due":
            frame.due = True
            return
        self.settle()
        if kind == "parent":
            frame.parent, frame.parent_claim, frame.since_parent = key, None, 0
        resolved = self.resolve(kind, key)
        orphan = frame.orphan
        if orphan is not None and kind != "rate" and resolved is not None:
            frame.orphan = None
            self.claim(resolved, orphan, tok)
            return
        frame.pending = _Pending(kind, resolved, tok)

    def on_number(self, tok: Token, i: int) -> None:
        frame = self.frame
        pending = frame.pending
        if tok.percent:
            if pending is not None and pending.kind == "rate" and pending.key:
                self.claim(pending.key, tok, pending.token)
                frame.pending = None
            return
        if pending is not None and pending.kind != "rate" and pending.key and (
                pending.words == 0 or not self.label_follows(i)):
            self.claim(pending.key, tok, pending.token)
            frame.pending = None
            return
        frame.orphan, frame.orphan_words = tok, 0

    def label_follows(self, i: int) -> bool:
        """True when the number at i reads "N [nhiệm vụ] <label>": the label after it takes it."""
        words = 0
        for tok in self.tokens[i + 1:]:
            if tok.kind == "label":
                return tok.label is not None and tok.label[0] not in ("rate", "due")
            if tok.kind != "word" or words >= 3:
                return False
            words += 1
        return False

    def on_word(self, tok: Token) -> None:
        frame = self.frame
        if frame.pending is not None and tok.word not in _FILLER:
            frame.pending.words += 1
            if frame.pending.words > _PENDING_REACH:
                frame.pending = None
        if frame.orphan is not None:
            frame.orphan_words += 1
            if frame.orphan_words > _ORPHAN_REACH:
                frame.orphan = None

    def settle(self) -> None:
        """A child label left without a number right after its parent's number takes that number.

        "số nhiệm vụ chưa hoàn thành: 14, còn trong hạn" reads as not_done = 14 and
        not_done_in_time = 14 (all of them in time); likewise "đã hoàn thành: 5, đúng hạn".
        It applies only when no other figure came between the parent's number and the label.
        """
        frame = self.frame
        pending, frame.pending = frame.pending, None
        if (pending is None or pending.kind not in _CHILD or pending.key is None
                or frame.parent_claim is None or frame.since_parent):
            return
        self.claim(pending.key, frame.parent_claim, pending.token, derived=True)

    def end_clause(self, full_stop: bool) -> None:
        """',' and ':' end an orphan number; '.' and ';' also end the pending label and rate basis."""
        frame = self.frame
        frame.orphan = None
        if full_stop:
            self.settle()
            frame.due = False


def shorten(text: str, start: int, end: int, width: int = 100) -> str:
    """The sentence around text[start:end], cut to about `width` characters around it."""
    begin = 0
    for m in _SENTENCE_END.finditer(text, 0, start):
        begin = m.end()
    stop = _SENTENCE_END.search(text, end)
    finish = stop.end() if stop else len(text)
    sentence = text[begin:finish].strip()
    if len(sentence) <= width:
        return sentence
    offset = text.index(sentence, begin)
    lo = max(offset, min((start + end - width) // 2, offset + len(sentence) - width))
    lo = max(lo, end - width + 1)  # the number itself stays in view
    hi = min(offset + len(sentence), lo + width)
    cut = text[lo:hi]
    if lo > offset:
        cut = "…" + cut.split(" ", 1)[-1]
    if hi < offset + len(sentence):
        cut = cut.rsplit(" ", 1)[0] + "…"
    return cut.strip()
