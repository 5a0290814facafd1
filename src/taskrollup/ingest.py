"""`taskrollup ingest`: the pipeline. Files are read (in worker processes, `workers`), each
stored in a transaction of its own, then the tasks are resolved again where rows came in
(`resolution`).

A file that fails leaves nothing behind and the next file still goes in; a file already
stored (the same bytes) is not read again.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING

from taskrollup.errors import TaskrollupError, UsageError
from taskrollup.reader import file_sha256, find_workbooks
from taskrollup.resolution import resolve_store
from taskrollup.store import RESOLVE_FIELDS, Store
from taskrollup.submission import Options
from taskrollup.workers import Parsed, parse_all

if TYPE_CHECKING:
    import numpy as np
    import pandas as pd

# pandas and the stages built on it are imported where files are read or resolved: a run
# whose files are all unchanged (the monthly re-run) does not wait for them to load.


@dataclass
class FileResult:
    """What happened to one file."""

    path: str
    status: str  # ingested | unchanged | failed
    agency: str | None = None
    month: str | None = None
    rows_read: int = 0
    tasks: int = 0
    skipped: int = 0
    problems: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    error: str | None = None


@dataclass
class IngestReport:
    files: list[FileResult]
    tasks_in_store: int = 0
    rows_in_store: int = 0
    warnings: list[str] = field(default_factory=list)

    @property
    def exit_code(self) -> int:
        """0 clean; 1 when a file failed or a row had a problem."""
        return 1 if any(f.status == "failed" or f.problems for f in self.files) else 0


def ingest(paths: Iterable[Path], db: Path, opts: Options | None = None,
           progress: Callable[[Path], None] | None = None) -> IngestReport:
    """Ingest files and folders into the store at `db`.

    Files are read in parallel worker processes; the store is written by this process
    alone, one transaction per file, in the order the files were given. `progress` is
    called with each file's path once it is done with.
    """
    opts = _checked(opts or Options())
    files = find_workbooks(list(paths))
    if not files:
        raise UsageError("no .xlsx or .xls files found in the given paths")
    with Store(db) as store:
        done, todo = _triage(store, files)
        if todo:  # the store needs pandas for them: loaded before the workers start, who inherit it where forked
            import pandas  # noqa: F401
        for path in done:
            if progress:
                progress(path)
        fresh: list[pd.DataFrame] = []
        used: set[str] = set()
        for parsed in parse_all(todo, opts):
            if progress:
                progress(parsed.path)
            done[parsed.path] = _store_parsed(store, parsed, fresh)
            used |= parsed.used_columns
        tasks = resolve_store(store, fresh)
        rows, _ = store.row_counts()
    return IngestReport([done[p] for p in files], tasks, rows, unused_columns(opts, used) if todo else [])


def unused_columns(opts: Options, used: set[str]) -> list[str]:
    """A warning for each `[columns]` line of the settings that matched no header read."""
    keys = {*opts.columns.common, *(k for lines in opts.columns.by_agency.values() for k in lines)}
    return [f'[columns] "{opts.columns.written.get(k, k)}" matched no header in the files read'
            for k in sorted(keys - used)]


def _checked(opts: Options) -> Options:
    """The options with --agency resolved to its canonical name."""
    if not opts.agency:
        return opts
    name = opts.registry.resolve(opts.agency)
    if name is None:
        raise UsageError(f"--agency {opts.agency!r} is not in the agency registry")
    return replace(opts, agency=name)


def _triage(store: Store, files: list[Path]) -> tuple[dict[Path, FileResult], list[tuple[Path, str]]]:
    """Files already known or unreadable (their result now), and the files to read."""
    done: dict[Path, FileResult] = {}
    todo: list[tuple[Path, str]] = []
    for path in files:
        try:
            sha = file_sha256(path)
        except TaskrollupError as exc:
            done[path] = FileResult(str(path), "failed", error=str(exc))
            continue
        known = store.find_file(sha)
        if known is not None:
            done[path] = FileResult(str(path), "unchanged", known[0], known[1], known[2])
        else:
            todo.append((path, sha))
    return done, todo


def _store_parsed(store: Store, parsed: Parsed, fresh: list[pd.DataFrame]) -> FileResult:
    """Store one file read; its rows, as resolution reads them, go to `fresh`."""
    if parsed.error is not None or parsed.sub is None or parsed.rows is None:
        return FileResult(str(parsed.path), "failed", error=parsed.error)
    sub, rows = parsed.sub, parsed.rows
    try:
        stored = store.add_submission(sub, rows)
    except TaskrollupError as exc:
        return FileResult(str(parsed.path), "failed", error=str(exc))
    if stored is not None:
        sid, first = stored
        fresh.append(rows[RESOLVE_FIELDS].assign(
            row_id=range(first, first + len(rows)), submission_id=sid, month=sub.month,
            sha256=sub.sha256, file_name=sub.file_name))
    status = "ingested" if stored is not None else "unchanged"
    bad = rows["problems"].astype(bool).to_numpy()
    return FileResult(str(parsed.path), status, sub.agency, sub.month, len(rows),
                      len(rows) - int(bad.sum()), sub.skipped, _problems(rows, bad), parsed.notes)


def _problems(rows: pd.DataFrame, bad: np.ndarray) -> list[str]:
    """The rows marked `bad`, each as its sheet, row and problems."""
    if not bad.any():  # the usual case: no frame to cut
        return []
    from taskrollup.problems import describe_all

    found = rows.loc[bad, ["sheet", "row", "problems"]]
    return [f"sheet '{s}', row {r}: {describe_all(p)}"
            for s, r, p in zip(found["sheet"], found["row"], found["problems"], strict=True)]
