"""Rule 11: when two texts are one task. The labelled pairs in tests/data were built from
real task texts of provincial offices and labelled by hand against the rule, apart from
this code; the property tests draw typos and replacements at random from the real texts."""

from __future__ import annotations

import csv
import random
import unicodedata
from pathlib import Path

import pytest

from taskrollup.identity import Verdict, compare, edits, key

DATA = Path(__file__).parent / "data"
PAIRS = list(csv.DictReader((DATA / "task_pairs.csv").open(encoding="utf-8")))
TEXTS = [line for line in (DATA / "task_texts.txt").read_text(encoding="utf-8").splitlines()
         if line.strip() and not line.startswith("#")]


def test_the_table_covers_every_label() -> None:
    """At least 60 labelled pairs, each label well represented, each with its reason."""
    labels = [p["label"] for p in PAIRS]
    assert len(PAIRS) >= 60 and all(p["reason"].strip() for p in PAIRS)
    assert min(labels.count(label) for label in ("same", "doubtful", "different")) >= 20


@pytest.mark.parametrize("pair", PAIRS, ids=[f"{n + 2}-{p['label']}" for n, p in enumerate(PAIRS)])
def test_labelled_pair(pair: dict[str, str]) -> None:
    """Each labelled pair gets its label, both ways round."""
    assert compare(key(pair["text_a"]), key(pair["text_b"])).verdict.value == pair["label"], pair["reason"]
    assert compare(key(pair["text_b"]), key(pair["text_a"])).verdict.value == pair["label"], pair["reason"]


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Báo cáo quý II", "Báo cáo quý 2"),
        ("Báo cáo tình hình KT-XH", "Báo cáo tình hình kinh tế - xã hội"),
        ("Báo cáo tình hình KT - XH", "Báo cáo tình hình KTXH"),
        ("Trình UBND tỉnh", "Trình Ủy ban nhân dân tỉnh"),
        ("Kiện toàn Ban chỉ đạo hòa nhập", "KIỆN TOÀN BAN CHỈ ĐẠO HOÀ NHẬP."),
        ("Lập kế hoạch năm 2021", "Lập kế hoạch năm 02021"),
        ("Triển khai đề án chuyển đổi số", unicodedata.normalize("NFD", "Triển khai đề án chuyển đổi số")),
    ],
)
def test_one_key(a: str, b: str) -> None:
    """Numerals, abbreviations, case, punctuation, tone placement and NFD give one key."""
    assert key(a) == key(b)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("XỬ LÝ VI PHẠM PHÁP LUẬT", "XỬ LÝ 6 PHẠM PHÁP LUẬT"),  # in capitals VI is a word
        ("Báo cáo quý I", "Báo cáo quý II"),
        ("Hòa giải tranh chấp", "Hóa giải tranh chấp"),
    ],
)
def test_two_keys(a: str, b: str) -> None:
    """Words that only look alike keep their own key."""
    assert key(a) != key(b)


@pytest.mark.parametrize(
    ("a", "b", "n"),
    [("hoach", "hoach", 0), ("hoach", "hoahc", 1), ("hoach", "hoachh", 1), ("hoach", "hach", 1),
     ("hoach", "hoacx", 2), ("thuong", "thuognn", 2)],
)
def test_edits(a: str, b: str, n: int) -> None:
    """Letters added or dropped count one, neighbours swapped one, a letter replaced two."""
    assert edits(a, b) == n


# --------------------------------------------------------------------------- properties

def _words(text: str) -> list[tuple[int, int]]:
    """(start, end) of each word of letters in `text`."""
    spans, start = [], None
    for i, ch in enumerate(text + " "):
        if ch.isalpha() and start is None:
            start = i
        elif not ch.isalpha() and start is not None:
            spans.append((start, i))
            start = None
    return spans


def _typo(rng: random.Random, text: str) -> str:
    """One small typo of rule 11 at random: inside a word, a letter doubled, dropped or
    swapped with its neighbour; a tone mark dropped; spaces; case; a trailing period."""
    kind = rng.choice(["double", "drop", "swap", "tone", "space", "case", "period"])
    words = [(s, e) for s, e in _words(text) if e - s >= 3]
    s, e = rng.choice(words)
    i = rng.randrange(s + 1, e - 1)
    if kind == "double":
        return text[:i] + text[i] + text[i:]
    if kind == "drop":
        return text[:i] + text[i + 1:]
    if kind == "swap":
        return text[:i] + text[i + 1] + text[i] + text[i + 2:]
    if kind == "tone":
        nfd = unicodedata.normalize("NFD", text[s:e])
        bare = "".join(c for c in nfd if c not in "\u0301\u0300\u0309\u0303\u0323")
        return text[:s] + unicodedata.normalize("NFC", bare) + text[e:]
    if kind == "space":
        return text.replace(" ", "  ", 1)
    if kind == "case":
        return text.upper()
    return text + "."


def _replace_word(rng: random.Random, text: str, vocabulary: list[str]) -> str | None:
    """One word of letters replaced by another of the vocabulary that is not a typo of it."""
    spans = [(s, e) for s, e in _words(text) if text[s:e].lower() not in {"i", "v", "x"}]
    s, e = rng.choice(spans)
    old = text[s:e]
    choices = [w for w in vocabulary if compare(key(w), key(old)).verdict is Verdict.DIFFERENT
               and not w.isupper()]
    return text[:s] + rng.choice(choices) + text[e:] if choices else None


@pytest.mark.parametrize("seed", range(8))
def test_a_random_typo_never_splits_a_task(seed: int) -> None:
    """Any real text with one random small typo of rule 11 is the same task."""
    rng = random.Random(seed)
    for text in rng.sample(TEXTS, 60):
        typo = _typo(rng, text)
        assert compare(key(text), key(typo)).verdict is Verdict.SAME, (text, typo)


@pytest.mark.parametrize("seed", range(8))
def test_a_random_word_replaced_never_merges_two_tasks(seed: int) -> None:
    """Any real text with one word replaced by another word of the texts is never the same
    task (doubtful at most)."""
    rng = random.Random(seed)
    vocabulary = sorted({text[s:e] for text in TEXTS for s, e in _words(text)})
    for text in rng.sample(TEXTS, 60):
        other = _replace_word(rng, text, vocabulary)
        if other is not None:
            assert compare(key(text), key(other)).verdict is not Verdict.SAME, (text, other)
