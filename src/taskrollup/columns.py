"""Which field a column holds, read from its header as words. Pure.

A header is folded (no accents, case or punctuation), its abbreviations are written out
("ND" -> nội dung, "ĐV" -> đơn vị) and a parenthesis that only explains it ("(mã)",
"(ngày/tháng/năm)") is set aside. Each field is then scored by the signals of its
vocabulary the header holds, in any order: a signal is one or more phrases that must all
be there ("ngày" with "ban hành"), and the header's score for the field is its strongest
signal, one more when a signal opens the header (Vietnamese names the thing first:
"Văn bản giao nhiệm vụ" is a document, "Nội dung nhiệm vụ" a content), half a point for
each further signal, less one point for each word that neither signals the field nor is
usual beside it. Filler words ("của", "được", "giao", "các") and numbers count for
nothing. A word that rules a field out ("phối hợp" for the lead agency) sets it to zero.

A sub-header under a group header ("Văn bản giao nhiệm vụ" over "Ngày") borrows the
group's words at one point less. Tick columns ("x" under "Đã hoàn thành" / "Đúng hạn")
keep their own reading: a status word as a whole header part.

The columns of a table are then assigned jointly (`assign`): each field at most once, the
best total.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from taskrollup.text import fold

THRESHOLD = 3.0  # a field is read from a column scoring at least this
MARGIN = 1.0  # a column may take a field scoring this much below its best
TICK_SCORE = 6.0
MAPPED_SCORE = 100.0
IGNORE = "ignore"

# Signals per field: phrases joined by "+" must all be in the header; the weight follows.
SIGNALS: dict[str, tuple[tuple[str, int], ...]] = {
    "stt": (("stt", 5), ("tt", 5), ("số thứ tự", 5), ("số tt", 5), ("thứ tự", 4)),
    "source_id": (("số + ký hiệu", 4), ("số hiệu", 4), ("ký hiệu", 3), ("số + văn bản", 3),
                  ("mã + văn bản", 3), ("số", 2)),
    "source_text": (("văn bản", 3), ("căn cứ", 3), ("tên + văn bản", 4), ("trích yếu + văn bản", 4),
                    ("văn bản + chỉ đạo", 4)),
    "assigned_on": (("ngày + ban hành", 4), ("ngày + giao", 4), ("ngày + văn bản", 4),
                    ("ngày + chỉ đạo", 4), ("ngày + ký", 3), ("ngày tháng", 3)),
    "content": (("nội dung", 3), ("trích yếu", 3), ("nhiệm vụ", 3), ("công việc", 3),
                ("tên + nhiệm vụ", 4), ("tên + công việc", 4), ("tên + đề án", 3), ("việc", 2)),
    "agency": (("cơ quan", 3), ("đơn vị", 3), ("chủ trì", 3), ("cơ quan + chủ trì", 4),
               ("đơn vị + chủ trì", 4), ("đơn vị + thực hiện", 4), ("cơ quan + thực hiện", 4),
               ("đơn vị + xử lý", 4), ("phòng + xử lý", 3)),
    "coordinators": (("phối hợp", 4),),
    "deadline": (("thời hạn", 3), ("hạn", 3), ("hạn + hoàn thành", 4), ("thời gian + hoàn thành", 4),
                 ("hạn + xử lý", 4), ("thời gian + thực hiện", 3), ("thời gian", 2),
                 ("tiến độ + hoàn thành", 5), ("dự kiến + hoàn thành", 4)),
    "extended_deadline": (("gia hạn", 4), ("điều chỉnh + hạn", 4), ("điều chỉnh + thời gian", 4),
                          ("điều chỉnh + ngày", 4), ("hạn + mới", 3)),
    "status": (("tình hình", 3), ("tình trạng", 3), ("tiến độ", 3), ("kết quả", 3), ("trạng thái", 3),
               ("đánh giá", 2), ("tình hình + thực hiện", 4), ("kết quả + thực hiện", 4)),
    "completed_on": (("ngày + hoàn thành", 4), ("thời điểm + hoàn thành", 4),
                     ("hoàn thành + thực tế", 4), ("ngày + xong", 3)),
    "cancelled_on": (("ngày + dừng", 4), ("ngày + hủy", 4), ("ngày + ngừng", 4)),
    "secret": (("mật", 3), ("độ mật", 4), ("mức độ mật", 4), ("văn bản + mật", 4)),
    "note": (("ghi chú", 4), ("chú thích", 3)),
}

# Words usual beside a field's signals: no penalty.
USUAL: dict[str, str] = {
    "source_id": "văn bản chỉ đạo nhiệm vụ tên",
    "source_text": "nhiệm vụ chỉ đạo ubnd tỉnh cấp trên tên trích yếu",
    "assigned_on": "tháng năm nhiệm vụ văn bản ban hành",
    "content": "chỉ đạo cụ thể văn bản yêu cầu chủ yếu trọng tâm tên",
    "agency": "thực hiện tham mưu nhiệm vụ xử lý chính địa phương nhận chịu trách nhiệm",
    "coordinators": "cơ quan đơn vị thực hiện liên quan địa phương",
    "deadline": "hoàn thành thực hiện xử lý báo cáo giải quyết nhiệm vụ văn bản ngày",
    "extended_deadline": "ngày hạn thời hạn thời gian hoàn thành sau",
    "status": "thực hiện xử lý triển khai nhiệm vụ giải quyết báo cáo sản phẩm đầu ra văn bản ngày",
    "completed_on": "đã thực tế nhiệm vụ thực hiện thời gian",
    "cancelled_on": "thực hiện",
    "secret": "văn bản",
    "note": "khác",
}

# Phrases that rule a field out wherever they stand in the header.
VETO: dict[str, str] = {
    "source_id": "tổng số|số lượng|số ngày|số lần|số tiền|số nhiệm vụ|thứ tự",
    "source_text": "mật",
    "assigned_on": "hoàn thành|hạn|dừng|hủy|hiệu lực",
    "content": "tổng số|số lượng|số nhiệm vụ",
    "agency": "phối hợp|ban hành|người",
    "deadline": "gia hạn|điều chỉnh|đúng hạn|quá hạn|trong hạn|trễ hạn|thực tế",
    "extended_deadline": "xin gia hạn|đề nghị gia hạn",
    "status": "tiến độ hoàn thành",
    "completed_on": "hạn|dự kiến|kế hoạch",
    "cancelled_on": "nội dung|xây dựng|sử dụng|áp dụng",
}

# Folded words that stand for nothing alone.
FILLER = frozenset(fold("của được các những và hoặc về theo tại cho đến để là với giao").split())
# Folded abbreviations, written out before the signals are looked for.
ABBREVIATIONS = {
    "nd": "noi dung", "dv": "don vi", "cq": "co quan", "tg": "thoi gian", "vb": "van ban",
    "nv": "nhiem vu", "ht": "hoan thanh", "th": "thuc hien", "ph": "phoi hop", "bh": "ban hanh",
    "kq": "ket qua", "tgian": "thoi gian", "dvct": "don vi chu tri", "cqct": "co quan chu tri",
    "dvph": "don vi phoi hop", "cqph": "co quan phoi hop", "tght": "thoi gian hoan thanh",
}

# Tick columns: a status word as a whole part of the column's header path.
_TICK_STATE = [
    ("cancelled", re.compile(r"dung thuc hien|huy|khong thuc hien|dung")),
    ("extension_requested", re.compile(r"(da )?xin gia han|de nghi gia han")),
    ("not_done", re.compile(r"chua hoan thanh|chua ht|dang thuc hien|dang trien khai|dang th")),
    ("done", re.compile(r"da hoan thanh|hoan thanh|da ht|ht")),
]
_TICK_TIMING = [
    ("on_time", re.compile(r"(dung|trong|con trong) han|kip thoi")),
    ("late", re.compile(r"(qua|tre|cham) han|cham|qua han")),
]
_TICK_LONGEST = 24  # no tick header part is longer ("chua hoan thanh trong han")
TICK_FIELDS = ("tick_done", "tick_done_on_time", "tick_done_late", "tick_not_done",
               "tick_not_done_in_time", "tick_not_done_overdue", "tick_cancelled",
               "tick_extension_requested")
FIELDS = (*SIGNALS, *TICK_FIELDS)  # every field a column may be read as
# Fields whose column is never contested: a second one is left unread.
UNCONTESTED = frozenset({"stt", "note"})
_PARENS = re.compile(r"\([^()]*\)")


def header_key(text: str) -> str:
    """A header cell as the scorer reads it: an explaining parenthesis set aside, folded."""
    bare = _PARENS.sub(" ", text)
    return fold(bare if bare.strip() else text)


@lru_cache(maxsize=1 << 14)
def _words(text: str) -> tuple[str, ...]:
    """The folded header's words, abbreviations written out and numbers dropped."""
    return tuple(w for word in text.split() if not word.isdigit()
                 for w in ABBREVIATIONS.get(word, word).split())


def _first_word(words: tuple[str, ...]) -> int:
    """Where the header's first word that is not a filler stands."""
    return next((i for i, w in enumerate(words) if w not in FILLER), -1)


def _compile() -> dict[str, tuple[tuple[tuple[tuple[str, ...], ...], int], ...]]:
    return {name: tuple((tuple(tuple(fold(p).split()) for p in sig.split("+")), w) for sig, w in sigs)
            for name, sigs in SIGNALS.items()}


_SIGNALS = _compile()
# Each signal's phrases' first words: a header lacking one of them cannot hold the signal.
_NEEDS = {name: tuple((frozenset(ph[0] for ph in phrases), phrases, w) for phrases, w in sigs)
          for name, sigs in _SIGNALS.items()}
_FIRST_WORDS = {name: frozenset().union(*(needs for needs, _, _ in sigs)) for name, sigs in _NEEDS.items()}
MAX_WORDS = 14  # a longer text is a title or a task, never a column header
_USUAL = {name: frozenset(fold(words).split()) for name, words in USUAL.items()}
_VETO = {name: tuple(tuple(fold(p).split()) for p in words.split("|")) for name, words in VETO.items()}


def _find(words: tuple[str, ...], phrase: tuple[str, ...]) -> int:
    """Where `phrase` starts in `words`, or -1."""
    n = len(phrase)
    for i in range(len(words) - n + 1):
        if words[i:i + n] == phrase:
            return i
    return -1


@dataclass(frozen=True)
class Reading:
    """A column's score for one field, and the words that decided it."""

    score: float
    words: tuple[str, ...] = ()

    @property
    def reason(self) -> str:
        return "words: " + ", ".join(self.words) if self.words else "from taskrollup.toml"


def _signal(leaf: tuple[str, ...], context: tuple[str, ...], phrases: tuple[tuple[str, ...], ...],
            weight: int, first: int) -> tuple[float, set[int]] | None:
    """The weight a signal earns in a header (None: not all its phrases are there) and the
    positions of the leaf's words it explains."""
    found: set[int] = set()
    borrowed = False
    head = False
    for phrase in phrases:
        at = _find(leaf, phrase)
        if at < 0:
            if _find(context, phrase) < 0:
                return None
            borrowed = True
            continue
        head = head or at == first
        found.update(range(at, at + len(phrase)))
    if not found:
        return None  # a signal needs a word of the column's own header
    return weight - borrowed + head, found


def _field_score(name: str, leaf: tuple[str, ...], context: tuple[str, ...], present: set[str]) -> Reading | None:
    first = _first_word(leaf)
    hits = [hit for needs, phrases, w in _NEEDS[name]
            if needs <= present and (hit := _signal(leaf, context, phrases, w, first))]
    if hits and any(_find(leaf, p) >= 0 for p in _VETO.get(name, ())):
        return None
    if not hits:
        return None
    explained = set().union(*(pos for _, pos in hits))
    usual = _USUAL.get(name, frozenset())
    stray = sum(1 for i, w in enumerate(leaf) if i not in explained and w not in usual and w not in FILLER)
    score = max(s for s, _ in hits) + 0.5 * (len(hits) - 1) - stray
    if score < THRESHOLD:
        return None
    return Reading(score, tuple(dict.fromkeys(leaf[i] for i in sorted(explained))))


def tick_field(path: Sequence[str]) -> str | None:
    """'tick_done_on_time' and the like when the header path names a status, else None."""
    parts = [part for part in path if len(part) <= _TICK_LONGEST]
    state = next((s for s, p in _TICK_STATE for part in parts if p.fullmatch(part)), None)
    if state is None:
        return None
    timing = next((t for t, p in _TICK_TIMING if p.fullmatch(path[-1])), None)
    if state in ("done", "not_done") and timing:
        if state == "done":
            return "tick_done_on_time" if timing == "on_time" else "tick_done_late"
        return "tick_not_done_in_time" if timing == "on_time" else "tick_not_done_overdue"
    return f"tick_{state}"


@lru_cache(maxsize=1 << 14)
def score_path(path: tuple[str, ...]) -> dict[str, Reading]:
    """Every field a column's header path (folded texts, top to bottom) scores for."""
    if not path or path[-1].count(" ") >= MAX_WORDS:
        return {}
    leaf = _words(path[-1])
    context = tuple(w for part in path[:-1] for w in _words(part))
    own = set(leaf)
    present = own.union(context)
    found = {name: r for name, first in _FIRST_WORDS.items()
             if not first.isdisjoint(own) and (r := _field_score(name, leaf, context, present))}
    tick = tick_field(path)
    if tick:
        found[tick] = Reading(TICK_SCORE, (path[-1],))
    return found


def best_field(path: Sequence[str]) -> str | None:
    """The field a header path scores best for (None: none reaches the threshold)."""
    found = score_path(tuple(path))
    return max(found, key=lambda n: found[n].score) if found else None


@dataclass(frozen=True)
class ColumnMap:
    """The office's own readings of header texts (`[columns]` of taskrollup.toml): folded
    header text -> field, for every file and, per agency, for that agency's files."""

    common: Mapping[str, str] = field(default_factory=dict)
    by_agency: Mapping[str, Mapping[str, str]] = field(default_factory=dict)
    written: Mapping[str, str] = field(default_factory=dict)  # folded key -> the text as written

    def for_agency(self, agency: str | None) -> dict[str, str]:
        """The readings for one agency's files: its own over the common ones."""
        return {**self.common, **(self.by_agency.get(agency, {}) if agency else {})}

    def __bool__(self) -> bool:
        return bool(self.common or self.by_agency)


def mapped_reading(path: tuple[str, ...], mapping: Mapping[str, str]) -> tuple[str, dict[str, Reading]] | None:
    """(the key that matched, the readings) when the office maps this header, else None.
    A key matches the whole header path or its last part."""
    for key in (" ".join(path), path[-1] if path else ""):
        if key in mapping:
            name = mapping[key]
            return key, ({} if name == IGNORE else {name: Reading(MAPPED_SCORE)})
    return None


_DATE_TEXT = re.compile(r"\d{1,2}\s*[/.-]\s*\d{1,2}\s*[/.-]\s*\d{2,4}")
_DOC_ID = re.compile(r"\d+\s*/\s*(?:\d{4}\s*/\s*)?[^\W\d_]", re.UNICODE)
_DATE_FIELDS = frozenset({"assigned_on", "deadline", "extended_deadline", "completed_on", "cancelled_on"})


def value_kind(value: object) -> str:
    """What a cell holds, as far as telling fields apart goes: date, docid, text or other."""
    if hasattr(value, "year") or (isinstance(value, int | float) and 20000 <= value <= 80000):
        return "date"  # a date, or an Excel serial number of one
    text = str(value).strip() if isinstance(value, str) else ""
    if _DOC_ID.search(text):
        return "docid"
    if _DATE_TEXT.search(text):
        return "date"
    return "text" if len(text) >= 25 else "other"


def fits(name: str, kinds: Sequence[str]) -> float:
    """How well a column's values fit a field: the share of them of the field's kind."""
    want = "date" if name in _DATE_FIELDS else "docid" if name in ("source_id", "source_text") else \
        "text" if name == "content" else None
    return sum(k == want for k in kinds) / len(kinds) if want and kinds else 0.0


def break_ties(scores: Mapping[str, Reading], kinds: Sequence[str]) -> dict[str, Reading]:
    """A column's readings with a tie at the top broken by its values (dates under a date
    field, document numbers under a source, long free text under content): the field they
    fit clearly best gains a quarter point. Unchanged when the values do not decide."""
    top = max((r.score for r in scores.values()), default=0.0)
    tied = [name for name, r in scores.items() if r.score == top]
    if len(tied) < 2:
        return dict(scores)
    fit = sorted(((fits(name, kinds), name) for name in tied), reverse=True)
    if fit[0][0] - fit[1][0] < 0.5:
        return dict(scores)
    best = fit[0][1]
    return {**scores, best: Reading(top + 0.25, scores[best].words)}


def assign(scores: Sequence[Mapping[str, Reading]]) -> dict[str, int]:
    """Field -> column: each field at most once, each column at most one field, the best
    total score. A column may only take a field within MARGIN of its own best."""
    options = [_eligible(s) for s in scores]
    best = {c: max(opts, key=opts.__getitem__) for c, opts in enumerate(options) if opts}
    if len(set(best.values())) == len(best):
        return {name: c for c, name in best.items()}  # no field wanted twice: each its best
    return _hungarian(options)


def _eligible(scores: Mapping[str, Reading]) -> dict[str, float]:
    """The fields a column may take, by score; on a tie the content comes first (a table
    needs one; the values under the column may still decide otherwise, `break_ties`)."""
    if not scores:
        return {}
    top = max(r.score for r in scores.values())
    return {name: r.score + (1e-6 if name == "content" else 0.0)
            for name, r in scores.items() if r.score >= top - MARGIN}


def _hungarian(options: list[dict[str, float]]) -> dict[str, int]:
    """The best assignment by the Hungarian method (Kuhn-Munkres), on the columns that
    can take a field; a column may also take nothing (one zero-cost slot each)."""
    rows = [c for c, opts in enumerate(options) if opts]
    names = sorted({name for c in rows for name in options[c]})
    n, m = len(rows), len(names) + len(rows)
    cost = [[-options[c].get(name, -1.0) for name in names] + [0.0] * n for c in rows]
    match = _min_cost_match(cost, n, m)
    return {names[j]: rows[i] for i, j in enumerate(match) if j < len(names) and -cost[i][j] > 0}


def _min_cost_match(cost: list[list[float]], n: int, m: int) -> list[int]:
    """Row i -> its column in a minimum-cost matching of an n x m matrix (n <= m): the
    method with potentials, one row added at a time along a shortest augmenting path."""
    u, v, p, way = [0.0] * (n + 1), [0.0] * (m + 1), [0] * (m + 1), [0] * (m + 1)
    for i in range(1, n + 1):
        p[0] = i
        j0 = _shortest_path(cost, u, v, p, way)
        while j0:  # flip the path
            j1 = way[j0]
            p[j0], j0 = p[j1], j1
    match = [0] * n
    for j in range(1, m + 1):
        if p[j]:
            match[p[j] - 1] = j - 1
    return match


def _shortest_path(cost: list[list[float]], u: list[float], v: list[float], p: list[int],
                   way: list[int]) -> int:
    """Grow the tree from the new row p[0] until a free column; return it (potentials updated)."""
    m = len(v) - 1
    minv, used = [float("inf")] * (m + 1), [False] * (m + 1)
    j0 = 0
    while p[j0]:
        used[j0] = True
        i0, delta, j1 = p[j0], float("inf"), 0
        for j in range(1, m + 1):
            if not used[j]:
                cur = cost[i0 - 1][j - 1] - u[i0] - v[j]
                if cur < minv[j]:
                    minv[j], way[j] = cur, j0
                if minv[j] < delta:
                    delta, j1 = minv[j], j
        for j in range(m + 1):
            if used[j]:
                u[p[j]] += delta
                v[j] -= delta
            else:
                minv[j] -= delta
        j0 = j1
    return j0
