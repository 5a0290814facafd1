"""Rule 11: when two texts of one document and lead agency are one task. Pure functions.

A text becomes a *key*: its words, each lower case with its tone mark moved to the
word's end (so "hoà" and "hòa" are one spelling), numbers as digits ("quý II" and
"quý 2" are one key), the abbreviations of rule 11 written out, punctuation gone.
Rows with one key are one task. Two different keys are compared word by word
(`compare`), with three answers:

- SAME: every difference is a small typo of rule 11: a tone mark lost or added;
  inside one word a letter doubled, dropped, added or swapped with its neighbour
  (one such edit in a word of up to six letters, two in a longer one); spaces. A
  word or a text typed without any diacritics matches its accented spelling letter for
  letter; a word with marks must have the same letters (â, ơ, đ ...) and no other tone.
- DOUBTFUL: not one task, but close enough to ask the office: the numbers agree and
  stand in the same places, at most `DOUBTFUL_WORDS` words differ (a replaced run
  counts as its longer side), and the words the texts share are at least
  `DOUBTFUL_SHARE` of the longer text's words.
- DIFFERENT: anything else, among it any number changed, and any word replaced,
  added or dropped next to a number ("quý II" / "lớp 2": the number counts
  something else).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from enum import Enum
from functools import lru_cache

from rapidfuzz.distance import Indel

from taskrollup.text import clean, strip_accents

DOUBTFUL_WORDS = 2
DOUBTFUL_SHARE = 0.8

# The five tone marks as combining characters; the other marks (â ă ê ô ơ ư) make letters.
TONES = "\u0301\u0300\u0309\u0303\u0323"
_TOKEN = re.compile(r"\d+|[^\W\d_]+")
_ROMAN = re.compile(r"(X{0,3})(IX|IV|V?I{0,3})")
_ROMAN_VALUES = {"I": 1, "V": 5, "X": 10}
# In a text written in capitals, VI and XI are words, not numerals, beside these words
# ("VI PHẠM", "PHẠM VI", "HÀNH VI", "XI MĂNG"), by their letters without marks.
_WORD_BEFORE = {"VI": frozenset({"PHAM", "MO", "SINH", "KHUAN", "RUT", "TINH", "BANG", "MACH", "LUONG", "XU",
                                 "DIEU", "NHUA", "TE"}),
                "XI": frozenset({"MANG", "NGHIEP"})}
_WORD_AFTER = {"VI": frozenset({"PHAM", "HANH", "TAM", "THAM", "DON", "KHONG", "CHINH", "NGOAI", "BO"}),
               "XI": frozenset()}
# Rule 11's abbreviations, by their letters without marks, and what they stand for.
ABBREVIATIONS = {
    "ubnd": "ủy ban nhân dân", "hdnd": "hội đồng nhân dân", "ktxh": "kinh tế xã hội",
    "nsnn": "ngân sách nhà nước", "tp": "thành phố", "cp": "chính phủ", "ttg": "thủ tướng",
}
_PAIRS = {("kt", "xh")}  # written in two parts: KT-XH


class Verdict(Enum):
    SAME = "same"
    DOUBTFUL = "doubtful"
    DIFFERENT = "different"


def _roman(token: str) -> int | None:
    """The value of an upper-case Roman numeral of I, V and X (1 to 39), else None."""
    if not token.isupper() or not token.isascii() or token.strip("IVX"):
        return None
    m = _ROMAN.fullmatch(token)
    if m is None or not token:
        return None
    value, last = 0, 0
    for ch in reversed(token):
        v = _ROMAN_VALUES[ch]
        value += -v if v < last else v
        last = max(last, v)
    return value


@lru_cache(maxsize=1 << 16)
def _spell(token: str) -> str:
    """One word lower case, its tone mark (if any) moved to its end: 'Hoà' -> 'hoa' + grave."""
    decomposed = unicodedata.normalize("NFD", token.lower())
    tone = "".join(c for c in decomposed if c in TONES)[-1:]
    letters = unicodedata.normalize("NFC", "".join(c for c in decomposed if c not in TONES))
    return letters + tone


def _token_words(token: str, plain: bool) -> tuple[str, ...]:
    """The key words of one token (a number, a Roman numeral, an abbreviation, a word)."""
    if token.isdigit():
        return (str(int(token)),)
    value = _roman(token)
    if value is not None:
        return (str(value),)
    bare = strip_accents(token).lower()
    if bare in ABBREVIATIONS and sum(c.isupper() for c in token) >= 2:  # "TP", "TTg"; "Tp" may be "Tập"
        phrase = ABBREVIATIONS[bare]
        return tuple(strip_accents(phrase).split() if plain else (_spell(w) for w in phrase.split()))
    return (_spell(token),)


class _PieceWords(dict[str, str]):
    """The key words of one piece of text between spaces, each worked out once (texts share
    a small vocabulary), for texts with or without marks. Stops growing
    at `limit` pieces."""

    limit = 250_000

    def __init__(self, plain: bool) -> None:
        super().__init__()
        self.plain = plain

    def __missing__(self, piece: str) -> str:
        tokens = _TOKEN.findall(piece)
        if len(tokens) > 1 and "xh" in piece.lower():
            _join_pairs(tokens)
        found = " ".join(w for t in tokens if t for w in _token_words(t, self.plain))
        if len(self) < self.limit:
            self[piece] = found
        return found


_PIECE_WORDS = {plain: _PieceWords(plain) for plain in (False, True)}


def _join_pairs(tokens: list[str]) -> None:
    """Abbreviations written in two parts ('KT', 'XH') as one token, in place."""
    for i in range(len(tokens) - 1):
        if (strip_accents(tokens[i]).lower(), strip_accents(tokens[i + 1]).lower()) in _PAIRS:
            tokens[i: i + 2] = [tokens[i] + tokens[i + 1], ""]


def _plain(text: str) -> bool:
    """No letter with a mark: a text typed without diacritics."""
    return text.isascii() or all(c.isascii() for c in text if c.isalpha())


def key(text: str) -> str:
    """The key of a task's text (see the module's docstring); '' for a text without words."""
    return key_of_clean(clean(text))


def key_of_clean(text: str) -> str:
    """`key` of a text `text.clean` already returned."""
    plain = _plain(text)
    pieces = text.split()
    if "xh" in text.lower() and any(p.lower().strip(".,;:-–") == "xh" for p in pieces):
        pieces = [text]  # 'KT - XH' across spaces: tokenised as a whole
    elif text.isupper() and ("VI" in text or "XI" in text):
        pieces = _words_in_capitals(pieces)
    words = _PIECE_WORDS[plain].__getitem__
    return " ".join(filter(None, map(words, pieces)))


def _words_in_capitals(pieces: list[str]) -> list[str]:
    """In a text in capitals, VI and XI written as words ("VI PHẠM", "PHẠM VI") in lower case,
    so that they are not read as numerals."""
    bare = [strip_accents(p).strip(".,;:()") for p in pieces]
    out = list(pieces)
    for i, word in enumerate(bare):
        if word in _WORD_BEFORE and ((i + 1 < len(bare) and bare[i + 1] in _WORD_BEFORE[word])
                                     or (i > 0 and bare[i - 1] in _WORD_AFTER[word])):
            out[i] = pieces[i].lower()
    return out


@dataclass(frozen=True)
class Word:
    spelling: str  # as in the key: letters, then the tone mark if any
    letters: str  # without the tone mark (â, ơ, đ ... kept)
    bare: str  # without any mark
    tone: str  # the tone mark, or ''
    number: int | None


@lru_cache(maxsize=1 << 16)
def _word(spelling: str) -> Word:
    if spelling.isdigit():
        return Word(spelling, spelling, spelling, "", int(spelling))
    tone = spelling[-1] if spelling[-1] in TONES else ""
    letters = spelling[:-1] if tone else spelling
    return Word(spelling, letters, strip_accents(letters), tone, None)


@lru_cache(maxsize=1 << 14)
def words(key_text: str) -> tuple[Word, ...]:
    return tuple(_word(w) for w in key_text.split())


@lru_cache(maxsize=1 << 18)
def edits(a: str, b: str) -> int:
    """Letters added or dropped, and neighbours swapped, to make `a` into `b` (a letter
    replaced counts two: dropped and added)."""
    if a == b:
        return 0
    n, m = len(a), len(b)
    prev2: list[int] = []
    prev = list(range(m + 1))
    for i in range(1, n + 1):
        cur = [i] + [0] * m
        for j in range(1, m + 1):
            best = min(prev[j] + 1, cur[j - 1] + 1)
            if a[i - 1] == b[j - 1]:
                best = min(best, prev[j - 1])
            elif i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                best = min(best, prev2[j - 2] + 1)
            cur[j] = best
        prev2, prev = prev, cur
    return prev[m]


def _allowed(a: str, b: str) -> int:
    """Edits a word may carry and stay itself: two in a word of more than six letters."""
    return 2 if max(len(a), len(b)) > 6 else 1


def same_word(a: Word, b: Word, plain: bool) -> bool:
    """One word up to a small typo. `plain`: one of the texts has no diacritics at all;
    then, as for a word typed without any mark, only the letters without marks are compared."""
    if a.number is not None or b.number is not None:
        return a.number == b.number
    if a.spelling == b.spelling:
        return True
    if plain or a.spelling.isascii() or b.spelling.isascii():  # a word typed without marks
        x, y = a.bare, b.bare
    else:
        if a.tone and b.tone and a.tone != b.tone:
            return False  # a tone changed: another word ("hòa" / "hóa")
        x, y = a.letters, b.letters
    return x == y or edits(x, y) <= _allowed(x, y)


def _joined(parts: tuple[Word, ...], whole: Word) -> bool:
    """Words written together or apart ('kế hoạch' / 'kếhoạch'): letters without marks."""
    first, second = parts
    if abs(len(first.bare) + len(second.bare) - len(whole.bare)) > 2:
        return False
    if first.number is not None or second.number is not None or whole.number is not None:
        return first.spelling + second.spelling == whole.spelling
    x, y = first.bare + second.bare, whole.bare
    return x == y or edits(x, y) <= _allowed(x, y)


@dataclass(frozen=True)
class Comparison:
    verdict: Verdict
    differing: int  # words not matched, a replaced run counted as its longer side
    shared: float  # the share of the longer text's words matched in the other
    reason: str


_NUMBER_MOVED = 1_000  # the cost of an edit that touches a number: never doubtful


def _edit_costs(run: tuple[Word, ...], before: bool, after: bool) -> list[int]:
    """What replacing, adding or dropping each word of a run costs: 1, or `_NUMBER_MOVED`
    for a number or a word beside one (`before`/`after`: the words just outside the run)."""
    num = [before, *(w.number is not None for w in run), after]
    return [_NUMBER_MOVED if num[k] or num[k + 1] or num[k + 2] else 1 for k in range(len(run))]


def _moves(a: tuple[Word, ...], b: tuple[Word, ...], i: int, j: int, plain: bool,
           cost_a: list[int], cost_b: list[int]) -> list[tuple[int, int, int, int, int]]:
    """The steps from aligning a[:i] with b[:j]: (words of a, words of b, cost, matched in
    a, matched in b)."""
    n, m = len(a), len(b)
    moves = []
    if i < n and j < m:
        ok = same_word(a[i], b[j], plain)
        moves.append((1, 1, 0, 1, 1) if ok else (1, 1, max(cost_a[i], cost_b[j]), 0, 0))
    if i < n:
        moves.append((1, 0, cost_a[i], 0, 0))
    if j < m:
        moves.append((0, 1, cost_b[j], 0, 0))
    if i + 1 < n and j < m and _joined(a[i:i + 2], b[j]):
        moves.append((2, 1, 0, 2, 1))
    if j + 1 < m and i < n and _joined(b[j:j + 2], a[i]):
        moves.append((1, 2, 0, 1, 2))
    return moves


def _chunk(a: tuple[Word, ...], b: tuple[Word, ...], plain: bool,
           before: tuple[bool, bool], after: tuple[bool, bool], budget: int) -> tuple[int, int, int]:
    """(cost, words of `a` matched, words of `b` matched) of the best alignment of two runs
    of words that differ. Matching a word to a typo of itself, or one word to two written
    apart, costs 0; replacing, adding or dropping a word costs what `_edit_costs` says."""
    n, m = len(a), len(b)
    cost_a, cost_b = _edit_costs(a, before[0], after[0]), _edit_costs(b, before[1], after[1])
    # best[i][j]: (cost, -matched in a, -matched in b) of aligning a[:i] with b[:j]
    best: list[list[tuple[int, int, int] | None]] = [[None] * (m + 1) for _ in range(n + 1)]
    best[0][0] = (0, 0, 0)

    def relax(i: int, j: int, frm: tuple[int, int, int], c: int, ma: int, mb: int) -> None:
        cand = (frm[0] + c, frm[1] - ma, frm[2] - mb)
        if cand[0] <= budget and (best[i][j] is None or cand < best[i][j]):  # type: ignore[operator]
            best[i][j] = cand

    for i in range(n + 1):
        for j in range(m + 1):
            here = best[i][j]
            if here is not None:
                for di, dj, c, ma, mb in _moves(a, b, i, j, plain, cost_a, cost_b):
                    relax(i + di, j + dj, here, c, ma, mb)
    if best[n][m] is None:  # every alignment costs more than the budget
        return budget + 1, 0, 0
    total, ma, mb = best[n][m]  # type: ignore[misc]
    return total, -ma, -mb


def _runs(a: list[str], b: list[str]) -> list[tuple[bool, int, int, int, int]]:
    """The two word lists cut into runs: (equal, a from, a to, b from, b to); the words
    between two equal runs make one run, whatever was added and dropped there."""
    out: list[tuple[bool, int, int, int, int]] = []
    for tag, i1, i2, j1, j2 in Indel.opcodes(a, b):
        equal = tag == "equal"
        if out and not equal and not out[-1][0]:
            out[-1] = (False, out[-1][1], i2, out[-1][3], j2)
        else:
            out.append((equal, i1, i2, j1, j2))
    return out


def compare(key_a: str, key_b: str) -> Comparison:
    """How two keys of one document and lead agency relate under rule 11."""
    if key_a == key_b:
        return Comparison(Verdict.SAME, 0, 1.0, "one spelling")
    a, b = words(key_a), words(key_b)
    if [w.number for w in a if w.number is not None] != [w.number for w in b if w.number is not None]:
        return Comparison(Verdict.DIFFERENT, 0, 0.0, "the numbers differ")
    plain = key_a.isascii() or key_b.isascii()
    cost = matched_a = matched_b = 0
    spellings_a, spellings_b = [w.spelling for w in a], [w.spelling for w in b]
    for equal, i1, i2, j1, j2 in _runs(spellings_a, spellings_b):
        if equal:
            matched_a += i2 - i1
            matched_b += j2 - j1
            continue
        before = (i1 > 0 and a[i1 - 1].number is not None, j1 > 0 and b[j1 - 1].number is not None)
        after = (i2 < len(a) and a[i2].number is not None, j2 < len(b) and b[j2].number is not None)
        c, ma, mb = _chunk(a[i1:i2], b[j1:j2], plain, before, after, DOUBTFUL_WORDS - cost)
        cost, matched_a, matched_b = cost + c, matched_a + ma, matched_b + mb
        if cost > DOUBTFUL_WORDS:
            break
    longer, matched = (len(a), matched_a) if len(a) >= len(b) else (len(b), matched_b)
    shared = matched / longer if longer else 1.0
    if cost == 0:
        return Comparison(Verdict.SAME, 0, 1.0, "small typos")
    if cost > DOUBTFUL_WORDS:
        return Comparison(Verdict.DIFFERENT, cost, shared,
                          f"more than {DOUBTFUL_WORDS} words differ, or a word next to a number")
    words_differ = f"{cost} word{'s' if cost > 1 else ''} differ{'' if cost > 1 else 's'}"
    if shared >= DOUBTFUL_SHARE:
        return Comparison(Verdict.DOUBTFUL, cost, shared, words_differ)
    return Comparison(Verdict.DIFFERENT, cost, shared, words_differ + " in a short text")
