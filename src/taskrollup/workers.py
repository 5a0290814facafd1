"""Files read in worker processes, their results handed back in the order given.

Reading a workbook (parsing, extracting, normalising) is the costly part of an ingest and
each file is independent, so a pool of processes reads them side by side; only the ingest
process writes the store. The pool uses the platform's way of starting processes (fork on
Linux, spawn on Windows and macOS): a worker needs nothing from its parent but its job.
"""

from __future__ import annotations

import gc
import multiprocessing
import multiprocessing.connection
import os
import threading
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from taskrollup.errors import TaskrollupError
from taskrollup.submission import Options, read_submission

if TYPE_CHECKING:
    import pandas as pd

    from taskrollup.store import Submission

# Python's cyclic garbage collector runs every 700 new container objects and then walks the
# young objects; a sheet is millions of cells, so it ran thousands of times a file and found
# almost nothing (reading makes few cycles). Workers collect less often.
_GC_THRESHOLD = (50_000, 20, 100)
# Below this many files a pool costs more to start than it saves.
_POOL_FROM_FILES = 4


@dataclass
class Parsed:
    """A file read: its submission and rows, or the error."""

    path: Path
    sha256: str
    sub: Submission | None = None
    rows: pd.DataFrame | None = None
    notes: list[str] = field(default_factory=list)
    error: str | None = None
    used_columns: set[str] = field(default_factory=set)  # the office's mapping keys that matched


def parse(job: tuple[Path, str, Options]) -> Parsed:
    """Read one file; a domain error becomes the result."""
    path, sha, opts = job
    parsed = Parsed(path, sha)
    try:
        parsed.sub, parsed.rows = read_submission(path, opts, parsed.notes, sha, parsed.used_columns)
    except TaskrollupError as exc:
        parsed.error = str(exc)
    return parsed


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


def parse_all(todo: list[tuple[Path, str]], opts: Options) -> Iterator[Parsed]:
    """Each file of `todo` (path, SHA-256) read, in that order: in a pool of `opts.jobs`
    processes (0: one per CPU) when there are enough files to gain, else here."""
    jobs = [(path, sha, opts) for path, sha in todo]
    workers = min(opts.jobs or os.cpu_count() or 1, len(jobs))
    if workers < 2 or len(jobs) < _POOL_FROM_FILES:
        yield from map(parse, jobs)
        return
    with ProcessPoolExecutor(max_workers=workers, initializer=_worker_start) as pool:
        yield from pool.map(parse, jobs)
