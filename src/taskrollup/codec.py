"""How the store keeps values, apart from the SQL that reads and writes them (store.py): a
frame's columns as plain SQLite values (flags as 0/1, missing values as None, a row's problems
and a finding's detail as JSON), the tasks as one JSON array per column, and back. Importing
it loads no pandas."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING

from taskrollup.fields import FINDING_COLUMNS, ROW_FLAGS, TASK_COLUMNS, TASK_FLAGS

if TYPE_CHECKING:
    import pandas as pd

    from taskrollup.problems import Problem

# The whole-number fields of a task.
TASK_INTS = ("row_count", "status_row_id")


def plain_columns(frame: pd.DataFrame) -> list[list[object]]:
    """Each column as a plain list for SQLite or JSON: flags as 0/1, missing values as None,
    a row's problems and a finding's detail as JSON text.

    Flags go as ints: sqlite3 binds an int directly but looks a bool up among its
    adapters, which made inserting a table of flags about twice as slow."""
    import pandas as pd

    columns = []
    for col in frame.columns:
        values = frame[col]
        if col == "problems":
            columns.append(list(map(encode_problems, values)))
        elif col == "detail":
            columns.append([json.dumps(v, ensure_ascii=False) for v in values])
        elif pd.api.types.is_bool_dtype(values.dtype):
            columns.append(values.to_numpy().astype("int8").tolist())
        elif pd.api.types.is_integer_dtype(values.dtype):
            columns.append(values.to_numpy().tolist())
        else:
            columns.append(values.to_numpy(dtype=object, na_value=None).tolist())
    return columns


def records(frame: pd.DataFrame) -> Iterator[tuple[object, ...]]:
    """Plain tuples for SQLite, built column by column."""
    return zip(*plain_columns(frame), strict=True)


def encode_array(values: list[object]) -> str:
    """One JSON array (the text as written, not escaped)."""
    return json.dumps(values, ensure_ascii=False)


def decode_array(text: str) -> list[object]:
    return json.loads(text)


def encode_problems(found: Iterable[Problem]) -> str:
    """A row's problems as one JSON list ('[]' for a clean row, most rows: written at once)."""
    found = list(found)
    return json.dumps(found, ensure_ascii=False) if found else "[]"


def decode_problems(texts: Iterable[str]) -> list[tuple[Problem, ...]]:
    """Each row's problems from its JSON list, as a tuple (empty for a clean row)."""
    return [() if text == "[]" else tuple(json.loads(text)) for text in texts]


def encode_task_columns(tasks: pd.DataFrame) -> list[str]:
    """The tasks' copy for the store: each of TASK_COLUMNS as one JSON array."""
    return [encode_array(values) for values in plain_columns(tasks[TASK_COLUMNS])]


def decode_task_column(name: str, text: str) -> pd.Series:
    """One task column from its JSON array: flags as booleans, counts as integers, the
    rest as objects (missing dates and texts None)."""
    import numpy as np
    import pandas as pd

    values = decode_array(text)
    if name in TASK_FLAGS:  # through numpy: a third quicker than pandas from a list
        return pd.Series(np.array(values, dtype=bool), copy=False)
    if name in TASK_INTS:
        return pd.Series(np.array(values, dtype=np.int64), copy=False)
    return pd.Series(values, dtype=object)  # object, not str: pandas would turn None into NaN


def decode_rows(frame: pd.DataFrame) -> pd.DataFrame:
    """Rows as read from SQLite: their flags made booleans (a missing one false), their
    problems tuples of problems."""
    for col in ROW_FLAGS:
        if col in frame.columns:
            frame[col] = frame[col].fillna(0).astype(bool)
    if "problems" in frame.columns:
        frame["problems"] = decode_problems(frame["problems"])
    return frame


def decode_findings(records: list[tuple[object, ...]]) -> pd.DataFrame:
    """Findings as SQLite gives them (tuples of FINDING_COLUMNS), each detail a dict; every
    detail is read in one json.loads (one call for each would take three times as long)."""
    import pandas as pd

    columns = [list(values) for values in zip(*records, strict=True)] if records else [[] for _ in FINDING_COLUMNS]
    detail = FINDING_COLUMNS.index("detail")
    columns[detail] = json.loads("[" + ",".join(map(str, columns[detail])) + "]")
    return pd.DataFrame(dict(zip(FINDING_COLUMNS, columns, strict=True)), columns=FINDING_COLUMNS, dtype=object)
