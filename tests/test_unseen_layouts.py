"""Layouts never seen: workbooks written with header phrasings drawn from the phrasings read
on public forms, in random column order, case, accents and line breaks, read to the same
rows as the usual layout."""

from __future__ import annotations

import random
from pathlib import Path

import pandas as pd
import pytest

from taskrollup.submission import Options, read_submission
from taskrollup.text import strip_accents
from tests.hostile.make_corpus import HEADER, good_rows, workbook_bytes
from tests.test_columns import PUBLIC_PHRASINGS

FIELDS = ["stt", "source_id", "assigned_on", "content", "agency", "deadline", "status", "completed_on", "secret"]
# The public forms read had no completion-date or secrecy column: the glossary's words.
GLOSSARY = {"completed_on": ["Ngày hoàn thành", "Ngay HT"], "secret": ["Độ mật", "Mật"]}
PHRASINGS = {name: [t for t, f, _ in PUBLIC_PHRASINGS if f == name] + GLOSSARY.get(name, []) for name in FIELDS}


def typed(rng: random.Random, text: str) -> str:
    """A header as a clerk may type it: accents or none, any case, a line break."""
    if rng.random() < 0.4:
        text = strip_accents(text)
    text = rng.choice([str.upper, str.lower, str.title, str])(text)
    words = text.split(" ")
    if len(words) > 1 and rng.random() < 0.3:
        cut = rng.randrange(1, len(words))
        text = " ".join(words[:cut]) + "\n" + " ".join(words[cut:])
    return text


def unseen_layout(seed: int) -> list[list[object]]:
    """The small Sở Y tế submission in a layout of its own: headers drawn from the collected
    phrasings, columns in random order, sometimes a column-number row under the header."""
    rng = random.Random(seed)
    rows = good_rows()
    order = list(range(len(FIELDS)))
    rng.shuffle(order)
    header = [typed(rng, rng.choice(PHRASINGS[FIELDS[i]])) for i in order]
    body = [[row[i] if i < len(row) else None for i in order] for row in rows[3:]]
    numbers = [[f"({n + 1})" for n in range(len(order))]] if rng.random() < 0.5 else []
    return [*rows[:2], header, *numbers, *body]


def read(path: Path) -> pd.DataFrame:
    """The rows ingest would store, in content order, without sheet positions."""
    _, rows = read_submission(path, Options())
    return rows.drop(columns=["sheet", "row"]).sort_values("content").reset_index(drop=True)


@pytest.fixture(scope="module")
def usual(tmp_path_factory: pytest.TempPathFactory) -> pd.DataFrame:
    """The rows of the submission in its usual layout."""
    path = tmp_path_factory.mktemp("usual") / "syt.xlsx"
    path.write_bytes(workbook_bytes({"BC": good_rows()}))
    assert list(good_rows()[2]) == HEADER
    return read(path)


@pytest.mark.parametrize("seed", range(30))
def test_unseen_layout_reads_to_the_same_rows(seed: int, tmp_path: Path, usual: pd.DataFrame) -> None:
    """A layout built from public phrasings, shuffled and retyped, gives the same rows."""
    path = tmp_path / "syt.xlsx"
    path.write_bytes(workbook_bytes({"BC": unseen_layout(seed)}))
    pd.testing.assert_frame_equal(read(path), usual)
