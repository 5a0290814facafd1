"""`taskrollup ingest`: read -> extract -> normalise -> store, file by file, then dedupe.

Each file is one transaction: a file that fails leaves nothing behind and the
next file still goes in. After the files, the tasks of every document the new rows
cite are resolved again over all the rows citing it, old and new, so the order
files arrive in never changes the tasks. Tasks are per document (rule 8), so the
documents no new row cites keep their tasks as they are.
"""

from __future__ import annotations

import contextlib
import functools
import gc
import multiprocessing
import os
import pickle
import re
import sys
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
    from multiprocessing.connection import Connection

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
    from taskrollup.problems import describe_all

    found = rows.loc[bad, ["sheet", "row", "problems"]]
    return [f"sheet '{s}', row {r}: {describe_all(p)}"
            for s, r, p in zip(found["sheet"], found["row"], found["problems"], strict=True)]


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
    bad = rows["problems"].astype(bool).to_numpy()
    return FileResult(str(parsed.path), status, sub.agency, sub.month, len(rows),
                      len(rows) - int(bad.sum()), sub.skipped, _problems(rows, bad), parsed.notes)


def resolve_store(store: Store, fresh: list[pd.DataFrame] | None = None, jobs: int = 0) -> int:
    """Dedupe the rows into tasks again where new rows came in; returns the tasks in store.

    The new rows are those of the submissions stored since the last resolution
    (by this run or another one): `fresh` holds the ones this run stored, as it
    stored them, and the rest are read back. The tasks of every document they cite
    are rebuilt from all rows citing it. Skipped when nothing came in. With `jobs`
    other than 1 (0: one per CPU), part of the work is done in a second process.
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
    share = (jobs or os.cpu_count() or 1) > 1
    rows["task_id"], tasks = _tasks_in_two(rows, share)
    everything = min(pending) == 1  # every row and task of the store is in hand
    if everything and others:  # rows read back joined this run's: put them in store order
        rows = rows.sort_values("row_id", ignore_index=True)
    # The findings are worked out beside, in another process, while this one writes the
    # links and the tasks' column copy. What is not in hand is read here first (a forked
    # process does not use the store).
    from taskrollup.quality import findings

    if everything:
        helper = _beside([(findings, (rows, tasks))], share)
    else:
        helper = _beside([(_findings_with, (rows, tasks, *_the_rest(store, sources, min(pending))))], share)
    try:
        if store.replace_tasks(tasks, rows.set_index("row_id")["task_id"], now, sources=sources):
            _store_findings(store, now, functools.partial(helper.wait, 0))
    finally:
        helper.cancel()  # not stored (another run resolves again after its own files), or failed
    return store.task_count()


def _the_rest(store: Store, sources: list[str], first_new: int) -> tuple[pd.DataFrame, pd.DataFrame]:
    """What the findings read besides the rows and tasks in hand after a partial resolution:
    the rows not in hand (of the submissions before `first_new`, citing none of `sources`),
    with the task ids they keep, and the tasks of documents other than `sources`."""
    from taskrollup.quality import ROW_FIELDS_USED

    rest = store.load_rows(ROW_FIELDS_USED, other_sources=sources, through=first_new - 1)
    kept = store.load_tasks(text=False)
    return rest, kept[~kept["source_id"].isin(set(sources))]


def _findings_with(rows: pd.DataFrame, tasks: pd.DataFrame, rest: pd.DataFrame,
                   kept: pd.DataFrame) -> pd.DataFrame:
    """The store's findings once the tasks in hand replace those of their documents: the
    rows in hand (with their new task ids) joined by the `rest`, in store order, and the
    tasks by the `kept` ones, in task-id order, as the store reads once they are written."""
    import pandas as pd

    from taskrollup.quality import findings

    every_row = pd.concat([rows[rest.columns], rest], ignore_index=True).sort_values("row_id", ignore_index=True)
    every_task = tasks[kept.columns]
    if len(kept):
        every_task = pd.concat([kept, every_task], ignore_index=True).sort_values(
            "task_id", ignore_index=True)
    return findings(every_row, every_task)


def _store_findings(store: Store, now: str, found: Callable[[], pd.DataFrame] | None = None) -> None:
    """The data-quality findings of the whole store, computed once here for `check`
    (`found`: waits for them when they are computed already, from every row and task)."""
    from taskrollup.quality import ROW_FIELDS_USED, findings

    if found is None:
        rows, tasks = store.load_rows(ROW_FIELDS_USED), store.load_tasks(text=False)
        store.replace_findings(findings(rows, tasks), now)
    else:
        store.replace_findings(found(), now)


# Below this many rows, resolution stays in one process (a fork would cost more than it saves).
_SHARE_RESOLUTION_FROM = 20_000
# Rows sort oldest first by these: a task's representative text, and with it its id, does not
# depend on the order files were ingested in.
_OLDEST_FIRST = ("month", "sha256", "sheet", "row")


def _tasks_of(rows: pd.DataFrame, chosen: np.ndarray | None = None) -> tuple[np.ndarray, pd.DataFrame]:
    """Each row's task id (None: no task) and the tasks: near-duplicates joined, then each
    task resolved from its rows. Of all `rows`, or of the rows `chosen` (a mask)."""
    from taskrollup.dedupe import assign_tasks
    from taskrollup.resolve import resolve_tasks

    if chosen is not None:
        rows = rows[chosen]
    ids = assign_tasks(rows, order=_OLDEST_FIRST).to_numpy()
    return ids, resolve_tasks(rows.assign(task_id=ids))


def _tasks_in_two(rows: pd.DataFrame, share: bool = True) -> tuple[np.ndarray, pd.DataFrame]:
    """`_tasks_of(rows)`, the documents cut into two halves of about the same work and the
    later half done in a second process: after the files are read, the other core is free.

    The halves give what one pass gives: a document's rows are never parted. Its tasks,
    and the dates they borrow from each other, come from all of them; near-duplicates are
    looked for within a document and agency; and a task's id is made of its document, its
    agency and the text it is known by. Tasks come in task-id order."""
    import numpy as np

    if not _can_fork(share) or len(rows) < _SHARE_RESOLUTION_FROM:
        return _tasks_of(rows)
    later = _later_documents(rows)
    if not later.any() or later.all():
        return _tasks_of(rows)
    helper = _beside([(_tasks_of, (rows, later))])
    try:
        ids_first, first = _tasks_of(rows, ~later)
        ids_later, tasks_later = helper.wait(0)
    finally:
        helper.cancel()  # nothing left to wait for, unless this process failed
    ids = np.empty(len(rows), dtype=object)
    ids[~later], ids[later] = ids_first, ids_later
    return ids, _in_task_order(first, tasks_later)


def _later_documents(rows: pd.DataFrame) -> np.ndarray:
    """The rows citing the documents past the middle of the work, documents in name order.

    The work of a (document, agency) block of n rows is taken as n x (30 + n): each row
    is resolved, and near-duplicates are looked for among all pairs of a block's texts."""
    import numpy as np

    sizes = rows.groupby(["source_id", "agency"], sort=False).size()
    work = (sizes * (30 + sizes)).groupby(level=0).sum().sort_index().cumsum()
    if work.empty:
        return np.zeros(len(rows), dtype=bool)
    return rows["source_id"].isin(set(work.index[work > work.iloc[-1] / 2])).to_numpy()


def _in_task_order(first: pd.DataFrame, second: pd.DataFrame) -> pd.DataFrame:
    """The tasks of two halves as one frame in task-id order (a half may have none)."""
    import pandas as pd

    if second.empty:
        return first
    if first.empty:
        return second
    # Each half is in task-id order: a stable sort (timsort) merges the two runs in one pass.
    return pd.concat([first, second], ignore_index=True).sort_values("task_id", ignore_index=True,
                                                                     kind="stable")


_Call = tuple[Callable[..., object], tuple[object, ...]]


def _can_fork(share: bool = True) -> bool:
    """Whether work may go to a forked process: asked to share, on Linux (fork), with a
    second CPU, and not inside a daemonic process (which may not have children)."""
    return (share and sys.platform.startswith("linux") and (os.cpu_count() or 1) > 1
            and not multiprocessing.current_process().daemon)


def _beside(calls: list[_Call], share: bool = True) -> _Helper:
    """Start the `calls` (function, arguments) one after the other in one forked process;
    `wait(i)` on the answer gives the i-th result, or raises its error, each sent as soon
    as it is ready. The child reads the arguments from the memory it was forked with,
    nothing is copied; only the results come back, pickled. One process for several calls:
    a forked child's memory grows with the parent's data it touches. When no fork may be
    made (`_can_fork`), or it fails, the calls run at once, here."""
    if calls and _can_fork(share):
        context = multiprocessing.get_context("fork")
        receive, send = context.Pipe(duplex=False)
        child = context.Process(target=_run_and_send, args=(send, calls), daemon=True)
        try:
            child.start()
        except OSError:  # no memory or no process left for a fork: do it here
            receive.close()
            send.close()
        else:
            send.close()
            return _Helper(len(calls), child, receive)
    helper = _Helper(len(calls))
    for fn, args in calls:
        try:
            helper.answers.append((True, fn(*args)))
        except Exception as exc:  # raised by `wait`, as a child's error is  # noqa: BLE001
            helper.answers.append((False, exc))
    return helper


class _Helper:
    """The answers of calls made in turn by a forked child (or already made here)."""

    def __init__(self, count: int, child: multiprocessing.process.BaseProcess | None = None,
                 receive: Connection | None = None) -> None:
        self.count, self.child, self.receive = count, child, receive
        self.answers: list[tuple[bool, object]] = []

    def wait(self, i: int) -> object:
        """The i-th call's result, or its error raised (the answers before it are read and
        kept; asked again, the same answer)."""
        if i >= len(self.answers):
            try:
                while i >= len(self.answers):
                    self.answers.append(self.receive.recv())  # type: ignore[union-attr]
            except EOFError:
                self._end()
                self._lose(RuntimeError("a helper process ended without its result"
                                        f" (exit code {self.child.exitcode})"))  # type: ignore[union-attr]
            except BaseException:  # interrupted: nothing more will be read
                self._end(at_once=True)
                self._lose(RuntimeError("the wait for a helper process was interrupted"))
                raise
            else:
                if len(self.answers) == self.count:
                    self._end()
        ok, value = self.answers[i]
        if not ok:
            raise value  # type: ignore[misc]
        return value

    def cancel(self) -> None:
        """Give up the answers not read yet: the child, if still at work, is ended at once."""
        if len(self.answers) < self.count:
            self._end(at_once=True)
            self._lose(RuntimeError("a helper process was cancelled"))

    def _lose(self, error: Exception) -> None:
        self.answers.extend([(False, error)] * (self.count - len(self.answers)))

    def _end(self, at_once: bool = False) -> None:
        if self.child is None or self.receive is None or self.receive.closed:
            return
        self.receive.close()
        if not at_once:
            self.child.join(timeout=10)
        if self.child.is_alive():  # it has answered, or it is not waited for any more
            self.child.kill()
        self.child.join()


def _run_and_send(send: Connection, calls: list[_Call]) -> None:
    """The forked child: answer each call in turn, then end at once. Ending through
    `os._exit` runs no clean-up of the memory it shares with the parent (the store's
    connection, stdout and stderr, whose locks another thread of the parent may have held
    at the fork); a warning printed meanwhile goes to standard streams of its own."""
    _own_streams()
    gc.freeze()  # never collect, nor finalise, what the parent left behind
    _die_with_parent()
    code = 0
    try:
        for fn, args in calls:
            try:
                answer: tuple[bool, object] = (True, fn(*args))
            except Exception as exc:  # noqa: BLE001  (re-raised in the parent)
                answer = (False, _sendable(exc))
            try:
                send.send(answer)
            except Exception as exc:  # noqa: BLE001  (a result that cannot be pickled)
                send.send((False, RuntimeError(f"a helper process could not send its result: {exc}")))
    except BaseException:  # the parent is gone (broken pipe) or the child was interrupted
        code = 1
    finally:
        os._exit(code)


def _sendable(exc: Exception) -> Exception:
    """`exc`, or a RuntimeError naming it when it would not come back whole from a pickle."""
    try:
        back = pickle.loads(pickle.dumps(exc))
        if type(back) is type(exc) and str(back) == str(exc):
            return exc
    except Exception:  # noqa: BLE001  (any failure here means: not sendable as it is)
        pass
    return RuntimeError(f"{type(exc).__name__}: {exc}")


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


@contextlib.contextmanager
def _fewer_collections() -> Iterator[None]:
    """Collect garbage less often for the time of an ingest; the modules loaded so far
    are moved out of the collector's sight (`gc.freeze`), as they live to the end."""
    before, frozen = gc.get_threshold(), gc.get_freeze_count()
    if not frozen:  # else the program manages frozen objects itself: leave them to it
        gc.freeze()
    gc.set_threshold(*_GC_THRESHOLD)
    try:
        yield
    finally:
        gc.set_threshold(*before)
        if not frozen:
            gc.unfreeze()


# The standard streams a forked worker was born with, kept so that they are never flushed
# nor closed (see `_own_streams`).
_INHERITED_STREAMS: list[object] = []


def _own_streams() -> None:
    """Give a forked process standard streams of its own, on the same files.

    Another thread of the parent (the progress bar, redrawing on stderr) may have held a
    stream's lock at the moment of the fork: the child's copy of that lock stays locked,
    and the flush every process makes on its way out would wait for it for ever."""
    try:
        out, err = os.dup(1), os.dup(2)
    except OSError:  # no standard streams to copy: nothing to wait for either
        return
    _INHERITED_STREAMS.extend([sys.stdout, sys.stderr])
    sys.stdout = open(out, "w", encoding="utf-8", errors="replace")  # noqa: SIM115
    sys.stderr = open(err, "w", encoding="utf-8", errors="backslashreplace")  # noqa: SIM115


def _worker_start() -> None:
    """Worker initialiser: streams of its own, the ingest's garbage-collector setting; end
    with the parent."""
    _own_streams()
    gc.freeze()
    gc.set_threshold(*_GC_THRESHOLD)
    _die_with_parent()


def _die_with_parent() -> None:
    """On Linux, end this worker when the ingest process dies (kill -9)."""
    try:
        import ctypes
        import signal

        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):  # not Linux: workers end when their queue closes
        pass


def _lanes(paths: list[Path], workers: int) -> list[int]:
    """The worker each file goes to: an agency's months to one worker (its caches then know
    the agency's tasks, dates and documents), the workers' file counts kept even.

    Files are grouped by folder and file name without digits ('2021-06/GTVT_T6.xlsx' and
    '2021-07/GTVT_T7.xlsx' are one group; so are 'GTVT/2021-06.xlsx' and 'GTVT/2021-07.xlsx').
    When one group is too big to balance, files are dealt in turn. The grouping only steers
    speed, never results."""
    groups: dict[str, list[int]] = {}
    for i, path in enumerate(paths):
        key = re.sub(r"\d+", "", f"{path.parent.name}/{path.name}".lower())
        groups.setdefault(key, []).append(i)
    if max(map(len, groups.values()), default=0) * workers > len(paths):
        return [i % workers for i in range(len(paths))]
    load = [0] * workers
    lane = [0] * len(paths)
    for members in groups.values():
        target = load.index(min(load))
        load[target] += len(members)
        for i in members:
            lane[i] = target
    return lane


def _parsed_in_order(todo: list[tuple[Path, str]], opts: Options) -> Iterator[_Parsed]:
    """Parse files in worker processes (when there are enough to gain), yielding in order."""
    jobs = [(path, sha, opts) for path, sha in todo]
    workers = min(opts.jobs or os.cpu_count() or 1, len(jobs))
    if workers < 2 or len(jobs) < 4:
        yield from map(_parse, jobs)
        return
    context = multiprocessing.get_context("fork" if sys.platform.startswith("linux") else "spawn")
    with contextlib.ExitStack() as stack:
        pools = [stack.enter_context(ProcessPoolExecutor(max_workers=1, mp_context=context,
                                                         initializer=_worker_start))
                 for _ in range(workers)]
        lanes = _lanes([path for path, _ in todo], workers)
        futures = [pools[lane].submit(_parse, job) for job, lane in zip(jobs, lanes, strict=True)]
        try:
            for future in futures:
                yield future.result()
        finally:
            for future in futures:
                future.cancel()
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
    with Store(db) as store, _fewer_collections():
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
        tasks = resolve_store(store, fresh, opts.jobs)
        rows, _ = store.row_counts()
    return IngestReport([done[p] for p in files], tasks, rows)
