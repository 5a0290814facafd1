"""The figures a draft report states ("claims"), found by a small grammar. Pure: no I/O.

Three layers, each general rather than tuned to one sentence:

1. **Tokens.** A unit's text is cut into *labels* (phrases of the lexicon, matched on folded
   words, longest first), *numbers* ("2.573", "1983", "05", "98,62%"), brackets, stops
   (". ; ! ?") and soft marks (": , | -"). Adjacent labels combine: "chưa hoàn thành" +
   "quá hạn" (in either order, "nhưng" between or not) is not_done_overdue; "tỷ lệ" + a figure
   is a rate of that figure. Numbers that are no count are dropped on the way: dates and
   document numbers ("1.1", "30/6/2021", "42/QĐ-UBND"), years, numbers after "năm", "tháng",
   "Phụ lục" ..., and counts of something else ("27 cuộc", "1.428 tỷ").
2. **Scopes.** Each sentence speaks of one group: the central Government's tasks ("Chính phủ,
   Thủ tướng Chính phủ giao", "Quy chế 42"), one document ("tại Quyết định số 42/QĐ-UBND"),
   one agency named at its start ("Sở Tài chính có ..."), or the province's own ("UBND tỉnh
   ... giao", "tổng số nhiệm vụ ... giao"). A sentence naming none continues the one before; a
   unit naming none continues the unit before it when that one stated figures; else its
   figures belong to no known group (their sums are checked, never the data).
3. **Grammar.** A walk over the tokens with one frame per bracket joins numbers and labels:
   a number takes the label pending before it ("đã hoàn thành 36", "Tổng số: 53"), or, when
   it reads "N nhiệm vụ <label>", the label after it. A frame remembers its parent figure, so
   "quá hạn" after "đã hoàn thành N (" is done_late and after "chưa hoàn thành N (" or "còn"
   is not_done_overdue. A percentage is a rate of the count beside it in its clause, or of
   the figure a "tỷ lệ" label names; the words around it give its basis ("đến hạn": tasks
   fallen due; "không tính ... dừng thực hiện": less cancelled; "tổng số ... giao": all).
   Weak labels ("giao", "đang thực hiện") claim a figure only when the group does not have it
   yet, so "chưa hoàn thành: 17. Trong đó: ... 11 nhiệm vụ đang thực hiện" leaves 11 a part
   the tool does not check. A strong label stating a figure the group already has, with
   another value, opens a second set of figures for the group (a backlog, a month).

Every number that looks like a task count and joins no claim is kept as `Loose`, with why.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from taskrollup.docids import parse_document
from taskrollup.text import fold

HEADLINE = "headline"
CENTRAL = "central"
BACKLOG = "~backlog"  # tasks carried over from earlier years: counted apart, never in the data
FIGURE_KEYS = ("assigned", "secret", "due", "done", "done_on_time", "done_late", "not_done",
               "not_done_in_time", "not_done_overdue", "extension_requested", "cancelled")
LABELS = {
    "assigned": "Tổng số nhiệm vụ được giao",
    "secret": "Giao tại văn bản mật",
    "due": "Đến hạn phải hoàn thành",
    "done": "Đã hoàn thành",
    "done_on_time": "Đã hoàn thành đúng hạn",
    "done_late": "Đã hoàn thành quá hạn",
    "not_done": "Chưa hoàn thành",
    "not_done_in_time": "Chưa hoàn thành, còn trong hạn",
    "not_done_overdue": "Chưa hoàn thành, quá hạn",
    "extension_requested": "Xin gia hạn",
    "cancelled": "Dừng thực hiện",
    "rate": "Tỷ lệ",
}
BASES = ("all", "net", "due")  # over assigned; over assigned less cancelled; over tasks fallen due

# Folded phrase -> (kind, key). Kinds:
#   figure: states `key`;  parent: done / not_done, the parent of child labels after it;
#   weak: states `key` only when the group lacks it; late / on_time / in_time: children,
#   keyed by the parent; rate: "tỷ lệ"; markers: due, all, net_excl, other (rate bases),
#   noise: words that hold a label's word and are none ("Giao thông" is not "giao");
#   remain ("còn": children after it are not done), change ("tăng", "giảm"), approx ("trên",
#   "hơn", "khoảng": the number after it is a bound), compare ("so với cùng kỳ": the numbers
#   after it are an earlier period's).
_PHRASES: dict[tuple[str, str | None], str] = {
    ("figure", "assigned"): "tong so nhiem vu duoc giao|tong so nhiem vu giao|tong so nhiem vu|"
                            "tong nhiem vu duoc giao|tong nhiem vu|tong so|tong cong|"
                            "so nhiem vu duoc giao|so luong nhiem vu duoc giao",
    ("weak", "assigned"): "giao|duoc giao|da giao|da duoc giao",
    # words that contain a label's word but are no label: "Sở Giao thông", "giao ban", "bàn giao"
    ("noise", None): "giao thong|giao duc|giao ban|giao luu|giao dich|giao nhan|ban giao|chuyen giao|"
                     "giao khoa|giao vien",
    ("figure", "secret"): "van ban mat|nhiem vu mat|van ban toi mat|van ban tuyet mat|"
                          "giao tai van ban mat|giao tai cac van ban mat",
    ("figure", "due"): "den han phai hoan thanh|den han phai thuc hien|da den han phai hoan thanh|"
                       "den han can hoan thanh|phai hoan thanh trong ky",
    ("parent", "done"): "da hoan thanh|hoan thanh|hoan thanh xong|da hoan thanh xong|"
                        "da thuc hien xong",
    ("parent", "not_done"): "chua hoan thanh|chua hoan thanh xong|chua thuc hien xong",
    ("weak", "not_done"): "dang thuc hien|dang trien khai|chua thuc hien|dang xu ly|"
                          "dang giai quyet|chua trien khai",
    ("figure", "not_done_in_time"): "chua den han",
    ("late", None): "qua han|da qua han|tre han|qua thoi han|da qua thoi han|cham tien do|"
                    "cham han",
    ("on_time", None): "dung han|dung thoi han|truoc han|dung tien do",
    ("in_time", None): "trong han|con trong han|con han|trong thoi han|con trong thoi han|"
                       "trung han|con trung han",
    ("figure", "extension_requested"): "xin gia han|de nghi gia han|xin dieu chinh thoi han",
    ("figure", "cancelled"): "dung thuc hien|dung trien khai|huy bo|da huy|bi huy|"
                             "khong thuc hien|khong tiep tuc thuc hien",
    ("rate", None): "ty le|ti le",
    ("due", None): "den han|da den han",
    ("all", None): "tren tong so|so voi tong so",
    ("net_excl", None): "khong tinh|khong ke|tru",
    ("other", None): "co han|co thoi han",
    ("remain", None): "con|con lai",
    ("change", None): "tang|giam|tang them",
    ("approx", None): "tren|duoi|hon|gan|khoang|xap xi|hon mot|gan nhu",
    ("compare", None): "so voi cung ky|so cung ky|so voi thang truoc|so voi nam truoc|"
                       "so voi ky truoc|so voi ky bao cao|so voi truoc khi|so voi dau nam",
}
# One-word phrases that fold like other words ("giao" / "giáo", "còn" / "con", "tăng" / "tang"):
# with accents typed, only these spellings match.
_EXACT = {"giao": {"giao"}, "con": {"còn"}, "tang": {"tăng"}, "giam": {"giảm"}, "tru": {"trừ"},
          "tren": {"trên"}, "duoi": {"dưới"}, "hon": {"hơn"}, "gan": {"gần"}, "khoang": {"khoảng"}}
LEXICON: dict[tuple[str, ...], tuple[str, str | None]] = {
    tuple(phrase.split()): kind for kind, phrases in _PHRASES.items() for phrase in phrases.split("|")
}
_LONGEST = max(len(p) for p in LEXICON)
_CHILDREN = ("late", "on_time", "in_time")
_MARKERS = frozenset({"due", "all", "net_excl", "other", "remain", "change", "compare", "approx"})
# Child kind -> (its key under done, under not_done, with no parent).
_CHILD = {
    "late": ("done_late", "not_done_overdue", "not_done_overdue"),
    "on_time": ("done_on_time", "not_done_in_time", "done_on_time"),
    "in_time": ("done_on_time", "not_done_in_time", "not_done_in_time"),
}
_COMBINE_FILLER = frozenset({"nhung", "ma", "van", "da"})
_RATE_FILLER = frozenset({"nhiem", "vu", "so", "cac", "nv"})

_TOKEN = re.compile(
    r"(?P<number>(?<![\w/.,\-\[])(?:\d{1,3}(?:\.\d{3})+|\d+)(?:,\d+)?(?:\s*%)?(?![\w/\-]|[.,]\d|\s*/))"
    r"|(?P<skip>\d\w*(?:\s*[/\-.]\s*\w+)+|\d+\w*)"  # dates, document numbers, ranges, "vụ1"
    r"|(?P<word>[^\W\d_]+)"
    r"|(?P<open>[(\[{])|(?P<close>[)\]}])|(?P<stop>[.;!?…])|(?P<soft>\S)"
)
# A number right after one of these words is an identifier or a date, not a figure.
_NOT_AFTER = frozenset("luc nam thang ngay quy so lop khoa thu che dieu khoan muc ky tuan phan chuong "
                       "diem hang top buoc lan".split())
_FILLER = frozenset({"la", "dat", "co", "chiem", "bang"})  # between a label and its number
_TASK_WORDS = frozenset({"nhiem", "vu", "nv"})
_PENDING_REACH = 20  # words a label waits for its number ("tổng số nhiệm vụ UBND tỉnh ... là N")
_ORPHAN_REACH = 5  # words a number waits for its label ("103 nhiệm vụ giao tại văn bản mật")
_CHANGE_KEEP = frozenset({"them", "khoang", "gan", "hon", "con"})  # "giảm gần 14,74%"
_SENTENCE_END = re.compile(r"[.!?…](?=\s|$)")
_CLAUSE_END = re.compile(r"[.;!?](?=\s|$)")

# Scope markers, on folded text.
_BACKLOG_WORDS = re.compile(r"\bton dong\b|\bchuyen tiep\b|\b(?:nam|ky) truoc chuyen sang\b")
_CENTRAL_WORDS = re.compile(r"\bchinh phu thu tuong\b|\bthu tuong(?: chinh phu)? giao\b|\bquy che 42\b"
                            r"|\btrung uong giao\b")
_PROVINCE_WORDS = re.compile(
    r"\b(?:ubnd|uy ban nhan dan|chu tich ubnd|lanh dao ubnd) (?:tinh|thanh pho|tp|huyen|quan|thi xa)\b"
    r".*\bgiao\b|\btong (?:so )?nhiem vu\b.*\bgiao\b|\bgiao\b.*\btong (?:so )?nhiem vu\b")
_AGENCY_START = re.compile(
    r"^(?:(?:theo do|rieng|trong do|ngoai ra|cu the|con)\s+)?"
    r"((?:bo|so|ban|ubnd|uy ban nhan dan|cong an|cuc|kho bac|thanh tra|van phong|bo chi huy)"
    r"(?: [a-z0-9]+){1,8}?)\s+(?:co|duoc giao|da|con|chua|hoan thanh|dat)\b")
# How an agency's name begins, as written (folded, "Sở" and "số" would be one word).
_AGENCY_WORDS = frozenset({"Sở", "Bộ", "Ban", "UBND", "Ủy", "Uỷ", "Công", "Cục", "Kho", "Thanh", "Văn",
                           "So", "Bo", "Uy", "Cong", "Cuc", "Van"})
_NOT_AGENCY = re.compile(r"^(?:ubnd|uy ban nhan dan) (?:tinh|thanh pho|tp)$|chinh phu$")


@dataclass(frozen=True)
class TextUnit:
    """One paragraph, table row or footnote of a draft, its text as written.

    A table row's text is its cells joined by " | "; `cells` gives each cell's (start offset,
    first grid column, columns spanned), `table` and `row` where it sits. `caption` is the
    paragraph before a narrow (label | value) table, whose rows read as prose under it;
    `heading` the paragraphs above any table, nearest first, one a line.
    """

    number: int
    text: str
    where: str = ""
    caption: str = ""
    table: int = 0
    row: int = 0
    cells: tuple[tuple[int, int, int], ...] = ()
    heading: str = ""


@dataclass(frozen=True)
class Claim:
    """One figure the draft states: for which group, which figure, what value, where.

    A rate (key "rate") is `of` a figure, over a `basis` ("all", "net", "due", "other" or ""
    when the text does not say), stated beside `count` (that figure's value) or not.
    """

    group: str
    key: str
    value: int | float
    raw: str
    paragraph: int
    sentence: str
    where: str = ""
    position: int = 0
    end: int = 0
    derived: bool = False  # read from a label without its own number ("14, còn trong hạn")
    of: str = ""
    basis: str = ""
    count: int | None = None
    instance: int = 1  # the second set of figures a unit gives for its group is 2, ...
    column: str = ""  # a table cell's column header

    @property
    def label(self) -> str:
        if self.key == "rate":
            return f"Tỷ lệ ({LABELS.get(self.of, self.of).lower()})" if self.of else "Tỷ lệ"
        return LABELS[self.key]

    def to_dict(self) -> dict[str, object]:
        out: dict[str, object] = {
            "group": self.group, "key": self.key, "label": self.label, "value": self.value,
            "stated": self.raw, "paragraph": self.paragraph, "where": self.where,
            "sentence": self.sentence, "derived": self.derived}
        if self.key == "rate":
            out |= {"of": self.of, "basis": self.basis or None, "count": self.count}
        if self.instance > 1:
            out["set"] = self.instance
        return out


@dataclass(frozen=True)
class Loose:
    """A number that looks like a task count or rate but was not checked, and why."""

    paragraph: int
    where: str
    raw: str
    position: int
    end: int
    sentence: str
    reason: str
    understood: bool = False  # True: read, but nothing to check it against

    def to_dict(self) -> dict[str, object]:
        return {"paragraph": self.paragraph, "where": self.where, "stated": self.raw,
                "sentence": self.sentence, "reason": self.reason,
                "understood": self.understood}


NOT_UNDERSTOOD = "no label says which figure it is"
WEAK_PART = "a part of a figure already stated, which the tool does not count"
COMPARISON = "a comparison with an earlier period"
RATE_ALONE = "a rate stated without the count it is a rate of"
RATE_OF_UNREAD = "a rate of a number the tool did not understand"
APPROXIMATE = "an approximate figure (trên, dưới, hơn, khoảng ...), not an exact count"
_UNDERSTOOD = frozenset({COMPARISON, RATE_ALONE, APPROXIMATE})


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
    task_after: bool = False  # "N nhiệm vụ"


def parse_number(raw: str) -> int | float:
    """'2.573' -> 2573; '05' -> 5; '98,62%' -> 98.62 (dot for thousands, comma for decimals)."""
    text = raw.replace("%", "").strip().replace(".", "")
    return float(text.replace(",", ".")) if "," in text or "%" in raw else int(text)


# ---- tokens -----------------------------------------------------------------------------


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


def _word_run(tokens: list[Token], i: int, text: str) -> list[Token]:
    """The words from i on that follow each other with only spaces between."""
    run: list[Token] = []
    for tok in tokens[i:i + _LONGEST]:
        if tok.kind != "word" or (run and text[run[-1].end:tok.start].strip()):
            break
        run.append(tok)
    return run


def _merge_labels(tokens: list[Token], text: str) -> list[Token]:
    """Runs of adjacent words that spell a lexicon phrase become one label token."""
    out: list[Token] = []
    i = 0
    while i < len(tokens):
        run = _word_run(tokens, i, text)
        for size in range(min(len(run), _LONGEST), 0, -1):
            kind = LEXICON.get(tuple(t.word for t in run[:size]))
            if kind is not None and (size > 1 or _spelt(run[0])):
                out += run[:size] if kind[0] == "noise" else [Token(
                    "label", text[run[0].start:run[size - 1].end], run[0].start, run[size - 1].end, label=kind)]
                i += size
                break
        else:
            out.append(tokens[i])
            i += 1
    return out


def _spelt(tok: Token) -> bool:
    """A one-word phrase matches as typed without accents, or with the accents it needs."""
    exact = _EXACT.get(tok.word)
    return exact is None or tok.text.isascii() or tok.text.lower() in exact


def _pair(first: tuple[str, str | None], second: tuple[str, str | None],
          rates: bool) -> tuple[str, str | None] | None:
    """The label two adjacent labels make together, or None: a parent and a child on the
    first pass, "tỷ lệ" and what follows on the second."""
    (k1, key1), (k2, key2) = first, second
    parents = ("parent", "weak")
    if rates:
        key = _alone(k2, key2) if k1 == "rate" and key1 is None else None
        return ("rate", key) if key in FIGURE_KEYS else None
    if k1 in parents and key1 in ("done", "not_done") and k2 in _CHILD:
        return ("figure", _under(k2, key1))
    if k1 in _CHILD and k2 in parents and key2 in ("done", "not_done"):
        return ("figure", _under(k1, key2))
    return None


def _under(child: str, parent: str | None) -> str:
    under_done, under_not_done, alone = _CHILD[child]
    return under_done if parent == "done" else under_not_done if parent == "not_done" else alone


def _alone(kind: str, key: str | None) -> str | None:
    """The figure a label names on its own ("quá hạn" alone: not done and overdue)."""
    return _under(kind, None) if kind in _CHILD else key


def _combine(tokens: list[Token], text: str, rates: bool = False) -> list[Token]:
    """Adjacent labels (only spaces, "nhưng", "đã" between; task words after "tỷ lệ") merge."""
    out: list[Token] = []
    i = 0
    while i < len(tokens):
        tok = tokens[i]
        j = _next_label(tokens, i, text)
        made = _pair(tok.label, tokens[j].label, rates) if j and tok.label else None  # type: ignore[arg-type]
        if made is None:
            out.append(tok)
            i += 1
            continue
        merged = Token("label", text[tok.start:tokens[j].end], tok.start, tokens[j].end, label=made)
        tokens = [*tokens[:i], merged, *tokens[j + 1:]]  # it may combine again ("tỷ lệ" + done + late)
    return out


def _next_label(tokens: list[Token], i: int, text: str) -> int:
    """Index of the label that follows the label at i closely enough to combine, else 0."""
    if tokens[i].kind != "label":
        return 0
    filler = _RATE_FILLER if tokens[i].label == ("rate", None) else _COMBINE_FILLER
    prev = tokens[i]
    for j in range(i + 1, min(i + 4, len(tokens))):
        tok = tokens[j]
        if text[prev.end:tok.start].strip():
            return 0
        if tok.kind == "label":
            return j
        if tok.kind != "word" or tok.word not in filler:
            return 0
        prev = tok
    return 0


def tokens_of(text: str) -> list[Token]:
    """Labels, figure numbers, words and marks; numbers that are no figure are dropped."""
    tokens = _combine(_combine(_merge_labels(_raw_tokens(text), text), text), text, rates=True)
    kept: list[Token] = []
    for i, tok in enumerate(tokens):
        if tok.kind == "number":
            if not _is_figure(tokens, i):
                continue
            tok.percent = "%" in tok.text
            tok.value = parse_number(tok.text)
            after = tokens[i + 1] if i + 1 < len(tokens) else None
            tok.task_after = after is not None and after.kind == "word" and after.word in _TASK_WORDS
        kept.append(tok)
    return kept


def _is_figure(tokens: list[Token], i: int) -> bool:
    """A count or a percentage: not a year, not "Phụ lục 01", not "6 tháng", not "1,5"."""
    tok = tokens[i]
    percent = "%" in tok.text
    if "," in tok.text and not percent:
        return False
    before = tokens[i - 1] if i else None
    grouped = "." in tok.text  # "2.573": a count, never a year or an identifier
    if before is not None and before.kind == "word" and before.word in _NOT_AFTER and not grouped and not (
            before.word == "so" and i > 1 and tokens[i - 2].word == "trong"):  # "trong số 87"
        return False
    after = tokens[i + 1] if i + 1 < len(tokens) else None
    task_next = after is not None and after.kind == "word" and after.word in _TASK_WORDS
    digits = tok.text.strip("% ")
    if digits.isdigit() and len(digits) == 4 and 1945 <= int(digits) <= 2100 and not task_next:
        return _right_after_label(tokens, i)  # a year, unless a label states it ("quá hạn: 1983")
    return percent or after is None or after.kind != "word" or task_next


def _right_after_label(tokens: list[Token], i: int) -> bool:
    for tok in reversed(tokens[max(0, i - 2):i]):
        if tok.kind == "label":
            return tok.label is not None and tok.label[0] not in _MARKERS
        if tok.kind != "soft" or tok.text != ":":
            return False
    return False


# ---- scopes -----------------------------------------------------------------------------


AgencyResolver = Callable[[str], "str | None"]


def scope_marker(text: str, agency: AgencyResolver | None = None) -> str | None:
    """The group a sentence names: 'central', a document id, an agency, 'headline' or None."""
    folded = fold(text)
    if _BACKLOG_WORDS.search(folded):
        return BACKLOG
    if _CENTRAL_WORDS.search(folded):
        return CENTRAL
    doc = parse_document(text)
    if doc is not None and "/BC-" not in doc.id:  # a report cited is not a programme
        return doc.id
    name = agency_subject(text, agency)
    if name:
        return name
    if _PROVINCE_WORDS.search(folded):
        return HEADLINE
    return None


def agency_subject(text: str, agency: AgencyResolver | None = None) -> str | None:
    """The agency a sentence begins with ("Sở Tài chính có ...", "Theo đó, Bộ KHĐT có ...")."""
    words = text.split()
    owner: list[int] = []  # folded word -> the written word it comes from ("KH&ĐT": three)
    for i, word in enumerate(words):
        owner += [i] * len(fold(word).split())
    match = _AGENCY_START.match(" ".join(fold(w) for w in words if fold(w)).lstrip("- +"))
    if match is None or _NOT_AGENCY.search(match.group(1)):
        return None
    skip = len(match.string[:match.start(1)].split())
    size = len(match.group(1).split())
    first, last = owner[skip], owner[skip + size - 1]
    if words[first].lstrip("-+").strip(",;:") not in _AGENCY_WORDS:
        return None
    original = " ".join(w.strip(",;:") for w in words[first:last + 1])
    return (agency(original) if agency else None) or original


Scopes = list[tuple[int, "str | None", bool]]


def unit_scopes(text: str, carry: str | None, agency: AgencyResolver | None = None) -> Scopes:
    """(start, scope, named here) of each sentence of a unit: its own marker, else the one before."""
    scopes: Scopes = []
    start, current = 0, carry
    for end in [*(m.end() for m in _SENTENCE_END.finditer(text)), len(text) + 1]:
        if end <= start:
            continue
        own = scope_marker(text[start:end], agency)
        current = own or current
        scopes.append((start, current, own is not None))
        start = end
    return scopes or [(0, carry, False)]


# ---- the grammar ------------------------------------------------------------------------


@dataclass
class _Pending:
    kind: str
    key: str | None
    token: Token
    words: int = 0

    @property
    def weak(self) -> bool:
        return self.kind == "weak"


@dataclass
class _Frame:
    """One bracket level: the parent figure, the label waiting for a number, a number waiting."""

    parent: str | None = None
    parent_claim: Token | None = None
    since_parent: int = 0
    pending: _Pending | None = None
    orphan: Token | None = None
    orphan_words: int = 0
    titled: bool = False  # the orphan follows a colon ("Quyết định số 42/QĐ-UBND: 53 nhiệm vụ")
    last: Token | None = None  # the clause's last count, for a rate after it
    hedge: str = ""  # the next number is a change or a bound ("tăng 5%", "hơn 200"): why
    compare: bool = False


@dataclass
class _Found:
    key: str
    number: Token
    label: Token
    derived: bool
    scope: str | None
    instance: int


@dataclass
class _Rate:
    token: Token
    of: str | None  # named by a "tỷ lệ" label
    count: Token | None  # the count beside it
    index: int


@dataclass
class _ScopeState:
    instance: int = 1
    values: dict[str, int | float] = field(default_factory=dict)


@dataclass
class Grammar:
    """Walks a unit's tokens with a stack of frames; collects claims, rates and loose numbers."""

    tokens: list[Token]
    scopes: Scopes
    stack: list[_Frame] = field(default_factory=lambda: [_Frame()])
    found: list[_Found] = field(default_factory=list)
    rates: list[_Rate] = field(default_factory=list)
    loose: list[tuple[Token, str]] = field(default_factory=list)
    marks: list[tuple[int, str]] = field(default_factory=list)  # (token index, basis marker)
    states: dict[str | None, _ScopeState] = field(default_factory=dict)
    clause_starts: list[int] = field(default_factory=lambda: [0])
    due_sentence: int = -1  # the sentence that states the tasks fallen due: its "not done" are overdue

    @property
    def frame(self) -> _Frame:
        return self.stack[-1]

    def run(self) -> Grammar:
        for i, tok in enumerate(self.tokens):
            self.step(tok, i)
        self.end_clause(True, len(self.tokens))
        return self

    def step(self, tok: Token, i: int) -> None:
        if tok.kind == "label":
            self.on_label(tok, i)
        elif tok.kind == "number":
            self.on_number(tok, i)
        elif tok.kind == "word":
            self.on_word(tok)
        elif tok.kind == "open":
            top = self.frame
            self.stack.append(_Frame(top.parent, top.parent_claim, top.since_parent, last=top.last,
                                     compare=top.compare))
        elif tok.kind == "close":
            self.settle()
            if len(self.stack) > 1:
                self.stack.pop()
        elif tok.kind == "stop" or (tok.kind == "soft" and tok.text != "|"):
            self.end_clause(tok.kind == "stop", i)

    def scope_at(self, position: int) -> str | None:
        return self.sentence_at(position)[1]

    def sentence_at(self, position: int) -> tuple[int, str | None, bool]:
        found = self.scopes[0]
        for sentence in self.scopes:
            if sentence[0] > position:
                break
            found = sentence
        return found

    def claim(self, key: str, number: Token, label: Token, derived: bool = False, weak: bool = False) -> bool:
        """Record key = number unless a weak label meets a figure its group already has."""
        sentence, scope, _ = self.sentence_at(number.start)
        if key == "due":
            self.due_sentence = sentence
        elif key == "not_done" and self.due_sentence == sentence:
            key = "not_done_overdue"  # "Trong số 100 nhiệm vụ đến hạn ..., còn 5 chưa thực hiện"
        state = self.states.setdefault(scope, _ScopeState())
        if key in state.values and weak:
            return False
        if key in state.values and state.values[key] != number.value and not derived:
            state.instance, state.values = state.instance + 1, {}
        state.values[key] = number.value  # type: ignore[assignment]
        self.found.append(_Found(key, number, label, derived, scope, state.instance))
        frame = self.frame
        if key in ("done", "not_done"):
            frame.parent, frame.parent_claim, frame.since_parent = key, number, 0
        else:
            frame.since_parent += 1
        return True

    def resolve(self, kind: str, key: str | None) -> str | None:
        """The figure a label states, given the parent figure of the frame."""
        if kind in ("figure", "parent", "weak"):
            return key
        if kind in _CHILD:
            return _under(kind, self.frame.parent)
        return None

    def on_label(self, tok: Token, i: int) -> None:
        kind, key = tok.label  # type: ignore[misc]
        if kind in _MARKERS:
            self.on_marker(kind, i)
            return
        frame = self.frame
        self.settle()
        if kind == "figure" and key in ("assigned", "cancelled", "due"):
            self.marks.append((i, key))
        if kind == "parent":
            frame.parent, frame.parent_claim, frame.since_parent = key, None, 0
        resolved = key if kind == "rate" else self.resolve(kind, key)
        orphan = frame.orphan
        if orphan is not None and kind != "rate" and resolved is not None:
            frame.orphan = None
            if self.claim(resolved, orphan, tok, weak=kind == "weak"):
                return
            self.loose.append((orphan, WEAK_PART))
            return
        frame.pending = _Pending(kind, resolved, tok)

    def on_marker(self, kind: str, i: int) -> None:
        frame = self.frame
        if kind == "remain":  # "còn N ...": a new part, of the tasks not done
            frame.parent, frame.parent_claim, frame.since_parent = "not_done", None, 0
            frame.pending = None
        elif kind in ("change", "approx"):
            frame.hedge = COMPARISON if kind == "change" else APPROXIMATE
        elif kind == "compare":
            frame.compare = True
        else:
            self.marks.append((i, kind))

    def on_number(self, tok: Token, i: int) -> None:
        frame = self.frame
        if frame.hedge or frame.compare:
            self.loose.append((tok, frame.hedge or COMPARISON))
            frame.hedge = ""
            return
        if tok.percent:
            self.on_percent(tok, i)
            return
        frame.last = tok
        pending = frame.pending
        if pending is not None and pending.kind != "rate" and pending.key and (
                pending.words == 0 or not self.label_follows(i)) and not (pending.weak and self.label_follows(i)):
            frame.pending = None
            if self.claim(pending.key, tok, pending.token, weak=pending.weak):
                return
        frame.orphan, frame.orphan_words = tok, 0
        frame.titled = i > 0 and self.tokens[i - 1].text == ":" and tok.task_after

    def on_percent(self, tok: Token, i: int) -> None:
        """A rate of the figure a "tỷ lệ" label names, else of the count beside it."""
        frame = self.frame
        pending = frame.pending
        if pending is not None and pending.kind == "rate":  # "tỷ lệ" alone, with no count: of done
            frame.pending = None
            count = None if pending.key else frame.last
            self.rates.append(_Rate(tok, pending.key or (None if count else "done"), count, i))
            return
        named_after = pending is not None and not pending.weak and (
            frame.last is None or pending.token.start > frame.last.start)
        if frame.last is not None and not named_after:
            self.rates.append(_Rate(tok, None, frame.last, i))
        else:
            self.loose.append((tok, RATE_ALONE))
        frame.pending = None

    def label_follows(self, i: int) -> bool:
        """True when the number at i reads "N [nhiệm vụ] <label>": the label after it takes it."""
        words = 0
        for tok in self.tokens[i + 1:]:
            if tok.kind == "label":
                return tok.label is not None and tok.label[0] not in ("rate", *_MARKERS)
            if tok.kind != "word" or words >= 3:
                return False
            words += 1
        return False

    def on_word(self, tok: Token) -> None:
        frame = self.frame
        if frame.hedge and tok.word not in _CHANGE_KEEP:
            frame.hedge = ""
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

    def title_count(self, frame: _Frame) -> None:
        """"<a document, the Government ...>: N nhiệm vụ" with no label is that group's total."""
        orphan = frame.orphan
        if orphan is not None and frame.titled and frame.orphan_words <= 2 and self.sentence_at(orphan.start)[2]:
            self.claim("assigned", orphan, orphan, weak=True)

    def end_clause(self, full_stop: bool, i: int) -> None:
        """',' and ':' end an orphan number and a comparison; '.' and ';' also end the pending
        label, the clause's last count and its rate basis."""
        frame = self.frame
        self.title_count(frame)
        frame.orphan, frame.compare, frame.hedge = None, False, ""
        if full_stop:
            self.settle()
            frame.last = None
            self.clause_starts.append(i)


# ---- from the walk to claims --------------------------------------------------------------


def unit_reading(unit: TextUnit, carry: str | None = None, agency: AgencyResolver | None = None,
                 ) -> tuple[list[Claim], list[Loose], str | None]:
    """The claims and loose numbers of one unit, and the scope its last sentence leaves."""
    tokens = tokens_of(unit.text)
    scopes = unit_scopes(unit.text, carry, agency)
    grammar = Grammar(tokens, scopes).run()
    claims = [_claim(unit, f) for f in grammar.found]
    claimed = {id(f.number): c for f, c in zip(grammar.found, claims, strict=True) if not f.derived}
    rates, loose = _rates(unit, grammar, claimed)
    about_tasks = _task_clauses(grammar.tokens)
    loose += [_loose(unit, tok, reason) for tok, reason in grammar.loose if about_tasks(tok)]
    loose += _unread(unit, grammar, claimed, {id(t) for t, _ in grammar.loose})
    return claims + rates, sorted(loose, key=lambda x: x.position), scopes[-1][1]


def _task_clauses(tokens: list[Token]) -> Callable[[Token], bool]:
    """Whether a token's clause speaks of tasks (a figure label or "nhiệm vụ" in it): numbers
    elsewhere ("tăng 19% so cùng kỳ", "đạt 11,5% dự toán") are no task figures to list."""
    clause_of: dict[int, int] = {}
    about: set[int] = set()
    clause = 0
    for tok in tokens:
        if tok.kind == "stop":
            clause += 1
        clause_of[id(tok)] = clause
        if (tok.kind == "label" and tok.label and tok.label[0] not in _MARKERS) or tok.word in _TASK_WORDS:
            about.add(clause)
    return lambda tok: clause_of.get(id(tok)) in about


def _claim(unit: TextUnit, f: _Found) -> Claim:
    start, end = min(f.number.start, f.label.start), max(f.number.end, f.label.end)
    return Claim(f.scope or "", f.key, f.number.value, f.number.text, unit.number,  # type: ignore[arg-type]
                 shorten(unit.text, start, end), unit.where, f.number.start, f.number.end, f.derived,
                 instance=f.instance)


def _loose(unit: TextUnit, tok: Token, reason: str) -> Loose:
    return Loose(unit.number, unit.where, tok.text.strip(), tok.start, tok.end,
                 shorten(unit.text, tok.start, tok.end), reason, reason in _UNDERSTOOD)


def _rates(unit: TextUnit, grammar: Grammar, claimed: dict[int, Claim]) -> tuple[list[Claim], list[Loose]]:
    claims, loose = [], []
    for rate in grammar.rates:
        count = claimed.get(id(rate.count)) if rate.count is not None else None
        if rate.count is not None and count is None:
            loose.append(_loose(unit, rate.token, RATE_OF_UNREAD))
            continue
        of = rate.of or (count.key if count else "")
        group = count.group if count else (grammar.scope_at(rate.token.start) or "")
        basis = _basis(grammar, rate)
        claims.append(Claim(group, "rate", rate.token.value, rate.token.text.strip(),  # type: ignore[arg-type]
                            unit.number, shorten(unit.text, rate.token.start, rate.token.end),
                            unit.where, rate.token.start, rate.token.end, of=of, basis=basis,
                            count=int(count.value) if count else None,
                            instance=count.instance if count else 1))
    return claims, loose


def _basis(grammar: Grammar, rate: _Rate) -> str:
    """The basis the words around a rate give: between the rate before it in its clause (or
    the clause start) and the next rate (or the clause end)."""
    starts = grammar.clause_starts
    lo = max([s for s in starts if s <= rate.index] or [0])
    hi = min([s for s in starts if s > rate.index] or [len(grammar.tokens)])
    others = [r.index for r in grammar.rates if r is not rate and lo <= r.index < hi]
    lo = max([lo, *(x for x in others if x < rate.index)])
    hi = min([hi, *(x for x in others if x > rate.index)])
    found = {kind for i, kind in grammar.marks if lo <= i < hi and (kind != "assigned" or i > rate.index)}
    if "other" in found:
        return "other"
    if "net_excl" in found and "cancelled" in found:
        return "net"
    return "due" if "due" in found else "all" if found & {"all", "assigned"} else ""


def _unread(unit: TextUnit, grammar: Grammar, claimed: dict[int, Claim], seen: set[int]) -> list[Loose]:
    """Count numbers that joined no claim and look like task counts."""
    used = {id(r.token) for r in grammar.rates} | set(claimed) | seen
    out = []
    for i, tok in enumerate(grammar.tokens):
        if tok.kind != "number" or tok.percent or id(tok) in used:
            continue
        if tok.task_after or _label_near(grammar.tokens, i):
            out.append(_loose(unit, tok, NOT_UNDERSTOOD))
    return out


def _label_near(tokens: list[Token], i: int) -> bool:
    """A figure label within two tokens of the number, in the same clause."""
    for j in (i - 2, i - 1, i + 1, i + 2):
        if 0 <= j < len(tokens) and tokens[j].kind == "stop":
            return False
        if 0 <= j < len(tokens) and tokens[j].kind == "label" and tokens[j].label[0] not in _MARKERS:  # type: ignore[index]
            return True
    return False


def find_claims(units: Iterable[TextUnit], agency: AgencyResolver | None = None,
                ) -> tuple[list[Claim], list[Loose]]:
    """Every claim and loose number of the units' prose, in document order.

    A paragraph continues the group of the paragraph before when that one stated figures; a
    table row starts from its caption's group (or none).
    """
    claims: list[Claim] = []
    loose: list[Loose] = []
    carry: str | None = None
    for unit in units:
        if not unit.text.strip():
            continue
        start = scope_marker(unit.caption, agency) if unit.table else carry
        found, unread, last = unit_reading(unit, start, agency)
        claims += found
        loose += unread
        if not unit.table:
            carry = last if any(not c.derived for c in found) else None
    return claims, loose


def claims_in(text: str, group: str | None = None, paragraph: int = 0, where: str = "") -> list[Claim]:
    """The claims of one paragraph; `group` is its scope when the text names none."""
    return unit_reading(TextUnit(paragraph, text, where), group)[0]


def shorten(text: str, start: int, end: int, width: int = 100) -> str:
    """The sentence around text[start:end], cut to about `width` characters around it."""
    begin = 0
    for m in _CLAUSE_END.finditer(text, 0, start):
        begin = m.end()
    stop = _CLAUSE_END.search(text, end)
    finish = stop.end() if stop else len(text)
    sentence = " ".join(text[begin:finish].split())
    if len(sentence) <= width:
        return sentence
    raw = text[begin:finish]
    offset = begin + len(raw) - len(raw.lstrip())
    lo = max(offset, min((start + end - width) // 2, finish - width))
    lo = max(lo, end - width + 1)  # the number itself stays in view
    hi = min(finish, lo + width)
    cut = " ".join(text[lo:hi].split())
    if lo > offset:
        cut = "…" + cut.split(" ", 1)[-1]
    if hi < finish:
        cut = cut.rsplit(" ", 1)[0] + "…"
    return cut.strip()
