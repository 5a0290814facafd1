"""`taskrollup ingest`: read -> extract -> normalise -> store, file by file, then dedupe.

Each file is one transaction: a file that fails leaves nothing behind and the
next file still goes in. After the files, the tasks of every document the new rows
cite are resolved again over all the rows citing it, old and new, so the order
files arrive in never changes the tasks. Tasks are per document (rule 8), so the
documents no new row cites keep their tasks as they are.
"""

from __future__ import annotations

import gc
import multiprocessing
import multiprocessing.connection
import os
import threading
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING

from taskrollup import dates
from taskrollup.errors import InputFileError, TaskrollupError, UsageError
from taskrollup.extract import SheetTable, extract_table
from taskrollup.reader import Limits, RawWorkbook, file_sha256, find_workbooks, read_workbook
from taskrollup.registry import Registry, load_registry
from taskrollup.store import RESOLVE_FIELDS, Store, Submission

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

    @property
    def exit_code(self) -> int:
        """0 clean; 1 when a file failed or a row had a problem."""
        return 1 if any(f.status == "failed" or f.problems for f in self.files) else 0


@dataclass
class Options:
    month: str | None = None  # 'YYYY-MM'
    agency: str | None = None  # canonical name or any alias
    registry: Registry = field(default_factory=load_registry)
    limits: Limits = field(default_factory=Limits)
    jobs: int = 0  # worker processes for parsing; 0: one per CPU


def parse_month_option(text: str | None) -> str | None:
    """'2021-06' (or '6/2021') -> '2021-06'; None passes through."""
    if text is None:
        return None
    found = dates.parse_month(text) or dates.parse_month(f"tháng {text}")
    if found is None:
        raise UsageError(f"--month {text!r}: give the reporting month as YYYY-MM, e.g. 2021-06")
    return f"{found[0]:04d}-{found[1]:02d}"


def _detect_month(path: Path, tables: list[SheetTable], option: str | None) -> str:
    if option:
        return option
    for table in tables:
        for text in table.title:
            found = dates.parse_month(text)
            if found:
                return f"{found[0]:04d}-{found[1]:02d}"
    found = dates.parse_month(str(path.parent.name) + "/" + path.name)
    if found:
        return f"{found[0]:04d}-{found[1]:02d}"
    raise InputFileError(str(path), "cannot tell the reporting month (no 'THÁNG 6 NĂM 2021' in the"
                         " title, no 2021-06 in the name): give it with --month")


def _detect_agency(tables: list[SheetTable], registry: Registry, option: str | None) -> str | None:
    if option:
        return option
    for table in tables:
        for text in table.title:
            for line in text.split("\n"):
                name = registry.resolve(line)
                if name:
                    return name
    for table in tables:
        for text in table.title:
            name = registry.find_in(text)
            if name:
                return name
    return None


def _majority_lead(tables: list[SheetTable], registry: Registry) -> str | None:
    counts: Counter[str] = Counter()
    for table in tables:
        if "agency" not in table.header.columns:
            continue
        for value in table.column("agency"):
            name = registry.resolve(str(value or ""))
            if name:
                counts[name] += 1
    return counts.most_common(1)[0][0] if counts else None


def _tables(path: Path, book: RawWorkbook, notes: list[str]) -> list[SheetTable]:
    """The task tables of a workbook; hidden sheets are noted and skipped."""
    tables = []
    for sheet in book.sheets:
        if sheet.hidden:
            notes.append(f"sheet '{sheet.name}' is hidden: not read")
            continue
        table = extract_table(sheet.name, sheet.rows, sheet.merges)
        if table is None:
            continue
        if table.header.duplicates:
            cols = ", ".join(sorted(set(table.header.duplicates)))
            raise InputFileError(str(path), f"two columns are headed as the same field ({cols});"
                                 " rename one so it is clear which to read", sheet.name)
        tables.append(table)
    if not tables:
        raise InputFileError(str(path), "no task table in any sheet (no column for the task content)")
    return tables


def read_submission(path: Path, opts: Options, notes: list[str] | None = None,
                    sha256: str | None = None) -> tuple[Submission, pd.DataFrame]:
    """One workbook -> its submission record and normalised rows. Raises TaskrollupError."""
    import pandas as pd

    from taskrollup.normalise import SheetContext, normalise_columns

    book = read_workbook(path, sha256, opts.limits)
    tables = _tables(path, book, notes if notes is not None else [])
    month = _detect_month(path, tables, opts.month)
    submitter = _detect_agency(tables, opts.registry, opts.agency)
    if submitter is None and any("agency" not in t.header.columns for t in tables):
        raise InputFileError(str(path), "cannot tell which agency sent this file: give it with --agency")
    lead_default = submitter or _majority_lead(tables, opts.registry)
    frames = []
    for table in tables:
        ctx = SheetContext(table.sheet, table.header, lead_default, table.title_doc, opts.registry)
        frames.append(normalise_columns(table.columns(), ctx))
    rows = pd.concat(frames, ignore_index=True)
    skipped = sum(sum(t.skipped.values()) for t in tables)
    sub = Submission(path.name, book.sha256, lead_default, month, len(tables), len(rows), skipped)
    return sub, rows


def _problems(rows: pd.DataFrame, bad: np.ndarray) -> list[str]:
    """The rows marked `bad`, each as its sheet, row and problems."""
    if not bad.any():  # the usual case: no frame to cut
        return []
    found = rows.loc[bad, ["sheet", "row", "problems"]]
    return [f"sheet '{s}', row {r}: {p}" for s, r, p in zip(found["sheet"], found["row"], found["problems"], strict=True)]


@dataclass
class _Parsed:
    """A file read in a worker: its submission and rows, or the error."""

    path: Path
    sha256: str
    sub: Submission | None = None
    rows: pd.DataFrame | None = None
    notes: list[str] = field(default_factory=list)
    error: str | None = None


def _parse(job: tuple[Path, str, Options]) -> _Parsed:
    """Read one file (in a worker process or inline); errors become the result."""
    path, sha, opts = job
    parsed = _Parsed(path, sha)
    try:
        parsed.sub, parsed.rows = read_submission(path, opts, parsed.notes, sha)
    except TaskrollupError as exc:
        parsed.error = str(exc)
    return parsed


def _store_parsed(store: Store, parsed: _Parsed, fresh: list[pd.DataFrame]) -> FileResult:
    """Store one parsed file; its rows, as resolution reads them, go to `fresh`."""
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
    bad = (rows["problems"] != "").to_numpy()
    return FileResult(str(parsed.path), status, sub.agency, sub.month, len(rows),
                      len(rows) - int(bad.sum()), sub.skipped, _problems(rows, bad), parsed.notes)


def resolve_store(store: Store, fresh: list[pd.DataFrame] | None = None) -> int:
    """Dedupe the rows into tasks again where new rows came in; returns the tasks in store.

    The new rows are those of the submissions stored since the last resolution
    (by this run or another one): `fresh` holds the ones this run stored, as it
    stored them, and the rest are read back. The tasks of every document they cite
    are rebuilt from all rows citing it. Skipped when nothing came in.
    """
    done_from, now = store.resolved_state()
    if done_from == now:
        if not store.findings_current():  # a run stopped between the tasks and the findings
            _store_findings(store, now)
        return store.task_count()
    import pandas as pd

    from taskrollup.resolve import resolve_tasks

    pending = set(store.submissions_after(done_from))
    mine = [f for f in fresh or () if not f.empty and int(f["submission_id"].iat[0]) in pending]
    others = pending - {int(f["submission_id"].iat[0]) for f in mine}
    new = mine + ([store.load_rows(RESOLVE_FIELDS + ["submission_id"], submissions=sorted(others))]
                  if others else [])
    if not new:
        if store.replace_tasks(resolve_tasks(_no_rows()), pd.Series(dtype=object), now, sources=[]):
            _store_findings(store, now)
        return store.task_count()
    rows = pd.concat(new, ignore_index=True)
    sources = sorted(rows["source_id"].dropna().unique().tolist())
    if min(pending) > 1:  # earlier submissions may cite the same documents
        old = store.load_rows(RESOLVE_FIELDS + ["submission_id"], sources=sources,
                              through=min(pending) - 1)
        rows = pd.concat([old, rows], ignore_index=True)
    rows["task_id"], tasks = _tasks_of(rows)
    everything = min(pending) == 1  # every row and task of the store is in hand
    if everything and others:  # rows read back joined this run's: put them in store order
        rows = rows.sort_values("row_id", ignore_index=True)
    if store.replace_tasks(tasks, rows.set_index("row_id")["task_id"], now, sources=sources):
        from taskrollup.quality import findings

        found = (findings(rows, tasks) if everything
                 else _findings_with(rows, tasks, *_the_rest(store, sources, min(pending))))
        store.replace_findings(found, now)
    return store.task_count()


def _the_rest(store: Store, sources: list[str], first_new: int) -> tuple[pd.DataFrame, pd.DataFrame]:
    """What the findings read besides the rows and tasks in hand after a partial resolution:
    the rows not in hand (of the submissions before `first_new`, citing none of `sources`),
    with the task ids they keep, and the tasks of documents other than `sources`."""
    from taskrollup.quality import ROW_FIELDS_USED, TASK_FIELDS_USED

    rest = store.load_rows(ROW_FIELDS_USED, other_sources=sources, through=first_new - 1)
    kept = store.load_tasks([*TASK_FIELDS_USED, "source_id"])
    return rest, kept[~kept["source_id"].isin(set(sources))]


def _findings_with(rows: pd.DataFrame, tasks: pd.DataFrame, rest: pd.DataFrame,
                   kept: pd.DataFrame) -> pd.DataFrame:
    """The store's findings once the tasks in hand replace those of their documents: the
    rows in hand (with their new task ids) joined by the `rest`, in store order, and the
    tasks by the `kept` ones, in task-id order, as the store reads once they are written."""
    import pandas as pd

    from taskrollup.quality import TASK_FIELDS_USED, findings

    every_row = pd.concat([rows[rest.columns], rest], ignore_index=True).sort_values("row_id", ignore_index=True)
    every_task = tasks[list(TASK_FIELDS_USED)]
    if len(kept):
        every_task = pd.concat([kept[list(TASK_FIELDS_USED)], every_task], ignore_index=True).sort_values(
            "task_id", ignore_index=True)
    return findings(every_row, every_task)


def _store_findings(store: Store, now: str) -> None:
    """The data-quality findings of the whole store, read back and stored for `check`."""
    from taskrollup.quality import ROW_FIELDS_USED, TASK_FIELDS_USED, findings

    rows, tasks = store.load_rows(ROW_FIELDS_USED), store.load_tasks(TASK_FIELDS_USED)
    store.replace_findings(findings(rows, tasks), now)


# Rows sort oldest first by these: a task's representative text, and with it its id, does not
# depend on the order files were ingested in.
_OLDEST_FIRST = ("month", "sha256", "sheet", "row")


def _tasks_of(rows: pd.DataFrame) -> tuple[np.ndarray, pd.DataFrame]:
    """Each row's task id (None: no task) and the tasks, in task-id order: near-duplicates
    joined, then each task resolved from its rows."""
    from taskrollup.dedupe import assign_tasks
    from taskrollup.resolve import resolve_tasks

    ids = assign_tasks(rows, order=_OLDEST_FIRST).to_numpy()
    return ids, resolve_tasks(rows.assign(task_id=ids))


def _no_rows() -> pd.DataFrame:
    import pandas as pd

    return pd.DataFrame(columns=[*RESOLVE_FIELDS, "row_id", "submission_id", "month", "sha256", "task_id"])


def _triage(store: Store, files: list[Path]) -> tuple[dict[Path, FileResult], list[tuple[Path, str]]]:
    """Files already known or unreadable (their result now), and the files to parse."""
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


# Python's cyclic garbage collector runs every 700 new container objects and then walks
# the young objects; a sheet is millions of cells, so it ran thousands of times a file and
# found almost nothing (the pipeline makes few cycles). Measured: 7 % of parsing time.
_GC_THRESHOLD = (50_000, 20, 100)


def _worker_start() -> None:
    """Worker initialiser: fewer garbage collections (see _GC_THRESHOLD); the worker ends
    when the ingest process does, even killed (a pool's workers otherwise wait for their
    next job for ever)."""
    gc.set_threshold(*_GC_THRESHOLD)
    parent = multiprocessing.parent_process()
    if parent is not None:
        threading.Thread(target=_end_with, args=(parent.sentinel,), daemon=True).start()


def _end_with(sentinel: int) -> None:
    """Wait until the parent process has ended, then end this process at once."""
    multiprocessing.connection.wait([sentinel])
    os._exit(1)


def _parsed_in_order(todo: list[tuple[Path, str]], opts: Options) -> Iterator[_Parsed]:
    """Parse files in worker processes (when there are enough to gain), yielding in order.
    The pool starts its processes the platform's way (fork on Linux, spawn elsewhere)."""
    jobs = [(path, sha, opts) for path, sha in todo]
    workers = min(opts.jobs or os.cpu_count() or 1, len(jobs))
    if workers < 2 or len(jobs) < 4:
        yield from map(_parse, jobs)
        return
    with ProcessPoolExecutor(max_workers=workers, initializer=_worker_start) as pool:
        yield from pool.map(_parse, jobs)


def ingest(paths: Iterable[Path], db: Path, opts: Options | None = None,
           progress: Callable[[Path], None] | None = None) -> IngestReport:
    """Ingest files and folders into the store at `db`.

    Files are parsed in parallel worker processes; the store is written by this
    process alone, one transaction per file, in the order the files were given.
    """
    opts = opts or Options()
    if opts.agency:
        name = opts.registry.resolve(opts.agency)
        if name is None:
            raise UsageError(f"--agency {opts.agency!r} is not in the agency registry")
        opts = replace(opts, agency=name)
    files = find_workbooks(list(paths))
    if not files:
        raise UsageError("no .xlsx or .xls files found in the given paths")
    with Store(db) as store:
        done, todo = _triage(store, files)
        if todo:
            import pandas  # noqa: F401  (loaded once here, before worker processes fork)
        for path in done:
            if progress:
                progress(path)
        fresh: list[pd.DataFrame] = []
        for parsed in _parsed_in_order(todo, opts):
            if progress:
                progress(parsed.path)
            done[parsed.path] = _store_parsed(store, parsed, fresh)
        tasks = resolve_store(store, fresh)
        rows, _ = store.row_counts()
    return IngestReport([done[p] for p in files], tasks, rows)
