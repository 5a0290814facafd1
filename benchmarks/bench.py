"""Benchmark of taskrollup on a large synthetic inbox. Run with `make bench`.

A measurement, not a test: it exits 0 unless a step fails (then 1, with the step's
stderr). Sizes: ``--files`` x ``--rows`` task rows (default 100 x 2.000 = 200.000),
``--quick`` for 10 x 500, ``--scale-check`` to also ingest 5x the rows per file and
compare the time per row. Each step runs ``--repeat`` times (3), the fastest run kept:
the machine is shared, and the others' load only ever adds time. The steps a ratio
compares run in rounds, one of each per round (in reverse order every other round), so
that a ratio compares runs made under the same load; each round's ratios are printed.

The data set, written once into ``out/bench/data-<files>x<rows>/`` (reused while its
marker says it is complete and of this version) by the layout writers L1-L6 of
``sample_data/generate.py``, fed synthetic tasks built here as the generator's own
``Task``/``Story`` objects: one workbook per agency-month (``2021-MM/<file name>``),
agencies round-robin over the layouts (so even ``--quick`` has the legacy .xls layout L5
and the TCVN3 one L4), every file exactly ``--rows`` task rows, cumulative: a task stays
listed from its month until the month it is reported closed. Contents are verb x object
x qualifier x place, distinct within each (document, agency); hundreds of documents a
month plus the programme, central and secret ones; mixed deadlines (dates, words, none),
completions on time and late, cancellations, extension requests and granted extensions,
and later rows that spell a task differently.

The steps, each in its own process, timed from start to exit (interpreter start and
imports count, as the user waits for them):
- baseline: every sheet with ``pandas.read_excel(engine="openpyxl")``, what a user
  writing this by hand would do (.xls, which openpyxl cannot open, with pandas' calamine);
- raw_calamine: python-calamine's ``to_python()`` of every sheet, the reader the tool
  uses; raw_fastexcel (fastexcel to Arrow) as a reference where it is installed (``make
  bench`` puts it in a venv of its own, ``--readers-python``: with pyarrow beside the
  tool, pandas would store the tool's text through it);
- ingest: ``taskrollup ingest DIR --db <new store>``; the store must hold the data set's
  distinct tasks (faster must not mean wrong);
- monthly: the last month's folder into a store holding the earlier months (built once,
  copied before each run);
- reingest: the files again into the first ingest's store, unchanged;
- report_json, report_docx (period 2021, as of the last month's end), check --as-of, and
  two explains of that report: explain, of not_done_overdue (the year's overdue tasks, as
  check lists them), and explain_all, of assigned (every task of the year with its text, the
  longest list it gives); check and both in rounds of their own, as explain's target is its
  time over check's.

Memory: the peak RSS of a step's largest process (``os.wait4``) and, for the tool's steps
on Linux, the peak of all its processes at once (the sum of their proportional set sizes,
sampled every 50 ms in one more run whose time is not used: sampling takes CPU).

``--against REV`` installs the tool at git revision REV in a venv of its own (under
``out/bench/against-<commit>/``, kept) and runs its ingest and monthly ingest in the same
rounds: current / REV is what a set of changes costs or buys.

stdout: the tables (steps; ``TARGETS``; current / REV), then one JSON line with every
number. Progress goes to stderr, each step's output to ``out/bench/run-*/logs/``.
"""

from __future__ import annotations

import argparse
import calendar
import compileall
import copy
import functools
import importlib.util
import json
import math
import os
import platform
import random
import shutil
import subprocess
import sys
import threading
import time
from collections import defaultdict
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from types import ModuleType
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
GENERATOR = ROOT / "sample_data" / "generate.py"
CLI = Path(sys.executable).with_name("taskrollup")  # the installed command of this venv
DATA_VERSION = 3  # bump when the data set changes: cached copies are then rebuilt (3: typos of rule 11)
SEED = 7
YEAR = 2021
MAX_MONTH = 11  # the writers date the signature in the following month
CLOSE_FIRST, CLOSE_LATER = 0.35, 0.45  # chance a task is closed in its first / a later month
MARKER = ".complete.json"
QUICK = (10, 500)
SCALE = 5
MB = 1024  # ru_maxrss is in KiB on Linux
PLACES = (
    "xã Đắk Wer", "xã Nhân Cơ", "xã Nhân Đạo", "xã Đạo Nghĩa", "xã Kiến Thành", "xã Nghĩa Thắng",
    "xã Quảng Tín", "xã Đắk Ru", "xã Hưng Bình", "xã Đắk Sin", "thị trấn Kiến Đức", "xã Nam Dong",
    "thị trấn Ea Tling", "xã Tâm Thắng", "xã Trúc Sơn", "xã Đắk Drông", "thị trấn Đắk Mil",
    "xã Đức Minh", "xã Thuận An", "xã Đắk Lao", "thị trấn Đức An", "xã Nam Bình", "xã Thuận Hà",
    "xã Đắk Môl", "xã Quảng Khê", "xã Đắk Plao", "xã Quảng Sơn", "xã Đắk Som", "thị trấn Đắk Mâm",
    "xã Nam Đà", "xã Buôn Choáh", "xã Đắk Búk So", "xã Quảng Tâm", "phường Nghĩa Đức",
    "phường Nghĩa Tân", "phường Nghĩa Phú", "phường Nghĩa Trung", "xã Đắk Nia", "xã Quảng Thành",
    "khu vực biên giới", "các xã vùng sâu, vùng xa", "các khu dân cư tập trung",
)


class StepFailed(Exception):
    """A measured step exited with an error."""


# --------------------------------------------------------------------------- the generator


def load_generator() -> ModuleType:
    """sample_data/generate.py as a module (a script, not a package: loaded from its path)."""
    name = "taskrollup_sample_generate"
    if name in sys.modules:
        return sys.modules[name]
    spec = importlib.util.spec_from_file_location(name, GENERATOR)
    if spec is None or spec.loader is None:
        raise SystemExit(f"cannot load {GENERATOR}")
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module  # dataclasses look their module up while the class is built
    spec.loader.exec_module(module)
    return module


def month_end(month: int) -> date:
    return date(YEAR, month, calendar.monthrange(YEAR, month)[1])


def workday(rng: random.Random, month: int) -> date:
    while True:
        day = date(YEAR, month, rng.randint(1, month_end(month).day))
        if day.weekday() < 5:
            return day


# --------------------------------------------------------------------------- the plan


@dataclass(frozen=True)
class Shape:
    """Which agency-months the data set holds: agencies round-robin over the layouts."""

    files: int
    rows: int
    agencies: tuple[str, ...]  # agency codes
    months: int

    def pairs(self) -> list[tuple[str, int]]:
        """(agency code, month), month by month, `files` of them."""
        every = [(code, m) for m in range(1, self.months + 1) for code in self.agencies]
        return every[: self.files]

    def months_of(self, code: str) -> tuple[int, ...]:
        return tuple(m for c, m in self.pairs() if c == code)


def interleave_layouts(gen: ModuleType) -> list[str]:
    """Agency codes L1, L2, ... L6, L1, ...: any prefix of six covers every layout."""
    by_layout: dict[str, list[str]] = defaultdict(list)
    for agency in gen.load_agencies():  # within L4 the TCVN3 agencies come first
        by_layout[agency.layout].append(agency.code)
    queues = [by_layout[code] for code in sorted(by_layout)]
    order: list[str] = []
    while any(queues):
        order += [q.pop(0) for q in queues if q]
    return order


def make_shape(gen: ModuleType, files: int, rows: int) -> Shape:
    order = interleave_layouts(gen)
    n_agencies = min(len(order), max(6, math.ceil(files / 4)))
    months = math.ceil(files / n_agencies)
    if months > MAX_MONTH:
        raise SystemExit(f"--files {files}: at most {len(order) * MAX_MONTH} (agency-months of one year)")
    return Shape(files, rows, tuple(order[:n_agencies]), months)


@dataclass(frozen=True)
class Catalogue:
    """The assigning documents: ordinary ones per month, and the named ones of the sample."""

    ordinary: dict[int, list[Any]]  # month -> generator Sources issued that month
    special: list[Any]  # programme, central and secret documents


def named_sources(gen: ModuleType) -> list[Any]:
    programme = [gen.Source(sid, label, issued, "UBND tỉnh", topic=topic)
                 for sid, issued, label, topic in gen.PROGRAMME_DOCS]
    central = [gen.Source(sid, label, issued, issuer) for sid, issued, label, issuer, _ in gen.CENTRAL_DOCS]
    secret = [gen.Source(sid, label, issued, "UBND tỉnh", secret=True)
              for sid, issued, label, _ in gen.SECRET_DOCS]
    return programme + central + secret


def month_sources(gen: ModuleType, rng: random.Random, month: int, count: int,
                  counters: dict[str, int], taken: set[str]) -> list[Any]:
    """`count` documents issued in `month`, numbered upwards per series as offices do."""
    drawn = sorted((workday(rng, month), rng.choices(("CV", "TB", "QĐ", "KH"), (60, 20, 10, 10))[0])
                   for _ in range(count))
    sources = []
    for issued, series in drawn:
        label, issuer, per_day = gen.SERIES[series]
        number = max(counters[series] + 1, round(per_day * issued.timetuple().tm_yday))
        sid = gen.make_sid(series, number, rng.choice(("KTTH", "NC", "KGVX")))
        while sid in taken:
            number += 1
            sid = gen.make_sid(series, number, sid.rsplit("-", 1)[-1])
        counters[series] = number
        taken.add(sid)
        sources.append(gen.Source(sid, label, issued, issuer))
    return sources


@functools.lru_cache(maxsize=4)
def build_catalogue(months: int, rows: int) -> Catalogue:
    """Deterministic from SEED: about one document for every two rows of a file, a month."""
    gen = load_generator()
    rng = random.Random(SEED)
    special = named_sources(gen)
    taken = {s.sid for s in special}
    counters: dict[str, int] = defaultdict(int)
    count = max(60, rows // 2)
    ordinary = {m: month_sources(gen, rng, m, count, counters, taken) for m in range(1, months + 1)}
    return Catalogue(ordinary, special)


# --------------------------------------------------------------------------- tasks


class Contents:
    """Task texts: verb x object (+ place) x qualifier, distinct within (document, agency)."""

    def __init__(self, gen: ModuleType, rng: random.Random, agency: Any) -> None:
        self.gen, self.rng, self.agency = gen, rng, agency
        self.used: set[str] = set()
        self.batches = 0  # numbered texts made once the plain ones run out
        self.area = "trên địa bàn tỉnh"
        if agency.is_district:
            self.area = "trên địa bàn " + ("thành phố" if "thành phố" in agency.name else "huyện")

    def compose(self) -> str:
        gen, rng = self.gen, self.rng
        docs, acts = gen.SECTORS[self.agency.sector]
        use_docs = rng.random() < 0.5
        obj = rng.choice(docs if use_docs else acts)
        if rng.random() < 0.7:
            obj += " tại " + rng.choice(PLACES)
        verb = rng.choice(gen.DOC_VERBS if use_docs else gen.ACT_VERBS)
        qualifier = rng.choice(gen.QUALIFIERS)
        if "2021" in obj and "2021" in qualifier:
            qualifier = ""
        return verb.format(o=obj) + qualifier.format(area=self.area)

    def make(self, group: list[str]) -> str:
        """A text the agency has not used yet (if it can), never close to one of `group`."""
        for attempt in range(400):
            text = self.compose()
            if (attempt < 200 and text in self.used) or not self.gen.fits_encoding(text, self.agency):
                continue
            if text in group or any(self.gen.similar(text, other) >= 80 for other in group):
                continue
            self.used.add(text)
            return text
        return self.numbered()

    def numbered(self) -> str:
        """Past the plain texts (large files): a text with a batch number no other text of the
        agency states. Texts that differ in a number are never one task (rule 8), so it
        needs no similarity check."""
        while True:
            self.batches += 1
            text = f"{self.compose()} (đợt {self.batches})"
            if self.gen.fits_encoding(text, self.agency):
                self.used.add(text)
                return text


def pick_source(rng: random.Random, catalogue: Catalogue, month: int) -> Any:
    """Mostly a document of the month; now and then a programme, central or secret one."""
    if rng.random() < 0.08:
        ready = [s for s in catalogue.special if s.issued <= month_end(month)]
        if ready:
            return rng.choice(ready)
    return rng.choice(catalogue.ordinary[month])


def close_month(rng: random.Random, first: int, last: int) -> int | None:
    """The month a task is reported done or cancelled; None when still open at `last`."""
    for month in range(first, last + 1):
        if rng.random() < (CLOSE_FIRST if month == first else CLOSE_LATER):
            return month
    return None


def story_for(gen: ModuleType, rng: random.Random, task: Any, first: int, last: int) -> date | None:
    """Fill the task's Story (the generator's month-by-month model); returns the deadline."""
    layout, issued, story = task.agency.spec, task.source.issued, task.story
    due = None if rng.random() < 0.1 else gen.pick_due(rng, issued + timedelta(5), issued + timedelta(100))
    if due and layout.extension_col and rng.random() < 0.08:
        story.extended = due + timedelta(rng.randint(10, 60))
        story.grant_month = rng.randint(first, last)
    closed = close_month(rng, first, last)
    if closed is None:
        if layout.request_ok and rng.random() < 0.1:
            story.request_month = rng.randint(first, last)
        return due
    when = gen.rdate(rng, max(issued, date(YEAR, closed, 1)), month_end(closed))
    if rng.random() < 0.05:
        gen.cancel(story, when, layout.cancel_dates and rng.random() < 0.6)
    else:
        effective = story.extended or due
        gen.complete(rng, task, story, when, on_time=effective is None or when <= effective)
    return due


def settle(gen: ModuleType, rng: random.Random, task: Any, due: date | None, first: int,
           last: int) -> None:
    """Deadline as written, truth, and the months the task is listed (until it is closed)."""
    task.deadline = gen.as_deadline(rng, due, task.agency.spec, "")
    task.truth = gen.derive_truth(task)
    story, truth = task.story, task.truth
    if story.done_word and truth.completed_on:  # a timing word must not contradict the dates
        effective = truth.extended or due
        if (effective is None or truth.completed_on <= effective) != (story.done_word == "ontime"):
            story.done_word = ""
    closed = story.done_month or story.cancel_month
    task.months = tuple(range(first, min(closed or last, last) + 1))


def add_variant(gen: ModuleType, rng: random.Random, task: Any) -> None:
    """Some later rows spell the content differently (the same task to a careful reader)."""
    if len(task.months) < 2 or rng.random() >= 0.15:
        return
    try:
        variant = gen.make_variant(rng, task.content, rng.choice(gen.variant_kinds(task.content)))
    except AssertionError:  # the generator refuses a variant that is not the same task
        return
    if gen.fits_encoding(variant, task.agency):
        task.variant = variant
        task.variant_months = frozenset(m for m in task.months[1:] if rng.random() < 0.6)


@dataclass
class AgencyPlan:
    """The tasks of one agency and, per month, how many rows its file already carries."""

    agency: Any
    months: tuple[int, ...]
    tasks: list[Any] = field(default_factory=list)
    groups: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))


def new_task(gen: ModuleType, rng: random.Random, plan: AgencyPlan, contents: Contents,
             source: Any, month: int, others: list[Any]) -> Any:
    group = plan.groups[source.sid]
    text = contents.make(group)
    group.append(text)
    task = gen.Task(plan.agency.index * 1_000_000 + len(plan.tasks), source, plan.agency, text)
    task.story = gen.Story(first_month=month)
    due = story_for(gen, rng, task, month, plan.months[-1])
    settle(gen, rng, task, due, month, plan.months[-1])
    task.coordinators = rng.sample(others, rng.choices((0, 1, 2, 3), (40, 35, 20, 5))[0])
    add_variant(gen, rng, task)
    return task


def plan_agency(gen: ModuleType, code: str, months: tuple[int, ...], rows: int) -> AgencyPlan:
    """Each month: the tasks still listed, topped up with new tasks to exactly `rows` rows."""
    agencies = gen.load_agencies()
    agency = next(a for a in agencies if a.code == code)
    others = [a for a in agencies if a is not agency]
    rng = random.Random(SEED * 1000 + agency.index)
    catalogue = build_catalogue(max(months), rows)
    plan, contents = AgencyPlan(agency, months), Contents(gen, rng, agency)
    for month in months:
        room = rows - sum(month in t.months for t in plan.tasks)
        while room > 0:
            source = pick_source(rng, catalogue, month)
            for _ in range(min(room, rng.choices((1, 2, 3, 4, 5), (45, 25, 15, 10, 5))[0])):
                plan.tasks.append(new_task(gen, rng, plan, contents, source, month, others))
                room -= 1
    return plan


# --------------------------------------------------------------------------- writing


def cache_styles(gen: ModuleType) -> None:
    """Make the generator's `Sheet.put` copy a cell style already built in the workbook.

    openpyxl hashes a new Font, Alignment and Border for every cell, which makes writing
    2.000 rows take seconds; the cells get the same styles either way.
    """
    original = gen.Sheet.put
    if getattr(original, "cached", False):
        return

    def put(self: Any, r: int, c: int, value: object, **style: bool) -> None:
        styles = self.ws.parent.__dict__.setdefault("_bench_styles", {})
        key = (self.encoding, tuple(sorted(style.items())), isinstance(value, date))
        if key not in styles:
            original(self, r, c, value, **style)
            styles[key] = copy.copy(self.ws.cell(row=r, column=c)._style)
            return
        cell = self.ws.cell(row=r, column=c, value=self.encode(value, style.get("heading", False)))
        cell._style = copy.copy(styles[key])

    put.cached = True  # type: ignore[attr-defined]
    gen.Sheet.put = put


def month_rows(gen: ModuleType, plan: AgencyPlan, month: int) -> list[Any]:
    """The generator's RowViews of one agency-month, in its section order."""
    rows = []
    for task in plan.tasks:
        if month in task.months:
            text = task.variant if month in task.variant_months else task.content
            rows.append(gen.RowView(task, month, gen.state_at(task, month), text, True))
    return sorted(rows, key=gen.row_order)


def write_agency(code: str, months: tuple[int, ...], rows: int,
                 data: str) -> tuple[list[tuple[str, int]], int]:
    """Plan one agency and write its workbooks (a worker process): [(file, rows)], tasks."""
    gen = load_generator()
    cache_styles(gen)
    plan = plan_agency(gen, code, months, rows)
    written = []
    for month in months:
        views = month_rows(gen, plan, month)
        path = Path(data) / f"{YEAR}-{month:02d}" / plan.agency.file_name(month)
        path.parent.mkdir(parents=True, exist_ok=True)
        rng = random.Random(SEED * 100_000 + plan.agency.index * 100 + month)
        gen.WRITERS[plan.agency.layout](gen.FileContext(plan.agency, month, path, rng, gen.Output()), views)
        written.append((str(path.relative_to(data)), len(views)))
    return written, len(plan.tasks)


def data_dir(root: Path, files: int, rows: int) -> Path:
    return root / f"data-{files}x{rows}"


def read_marker(folder: Path) -> dict[str, Any] | None:
    try:
        marker = json.loads((folder / MARKER).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return marker if marker.get("version") == DATA_VERSION else None


def ensure_data(root: Path, files: int, rows: int, jobs: int) -> dict[str, Any]:
    """The cached data set, generated first when missing, incomplete or of another version."""
    folder = data_dir(root, files, rows)
    marker = read_marker(folder)
    if marker and marker["files"] == files and marker["rows_per_file"] == rows:
        log(f"data: reusing {folder}")
        return marker
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    shape = make_shape(load_generator(), files, rows)
    log(f"data: writing {files} workbooks x {rows} rows into {folder} ({jobs} processes) ...")
    start = time.perf_counter()
    with ProcessPoolExecutor(max_workers=jobs) as pool:
        futures = [pool.submit(write_agency, code, shape.months_of(code), rows, str(folder))
                   for code in shape.agencies if shape.months_of(code)]
        results = [f.result() for f in futures]
    written = sorted(item for files_, _ in results for item in files_)
    tasks = sum(n for _, n in results)
    marker = describe_data(folder, shape, written, tasks, time.perf_counter() - start)
    (folder / MARKER).write_text(json.dumps(marker, ensure_ascii=False, indent=1), encoding="utf-8")
    log(f"data: done in {marker['generate_seconds']:.0f} s, {marker['megabytes']} MB")
    return marker


def describe_data(folder: Path, shape: Shape, written: list[tuple[str, int]], tasks: int,
                  seconds: float) -> dict[str, Any]:
    size = sum((folder / name).stat().st_size for name, _ in written)
    return {
        "version": DATA_VERSION, "path": str(folder), "files": shape.files, "rows_per_file": shape.rows,
        "rows": sum(n for _, n in written), "tasks": tasks, "agencies": len(shape.agencies),
        "months": shape.months,
        "xls_files": sum(name.endswith(".xls") for name, _ in written),
        "as_of": month_end(shape.months).isoformat(), "megabytes": round(size / 1e6, 1),
        "generate_seconds": round(seconds, 1), "workbooks": written,
    }


# --------------------------------------------------------------------------- child steps (readers)


def workbooks(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*") if p.suffix in (".xlsx", ".xls"))


def read_baseline(files: list[Path]) -> dict[str, Any]:
    """pandas + openpyxl, every sheet; .xls through pandas' calamine engine (openpyxl cannot)."""
    import pandas as pd

    cells = 0
    for path in files:
        engine = "openpyxl" if path.suffix == ".xlsx" else "calamine"
        frames = pd.read_excel(path, sheet_name=None, header=None, engine=engine)
        cells += sum(frame.size for frame in frames.values())
    xls = sum(p.suffix == ".xls" for p in files)
    return {"cells": cells, "note": f"{xls} .xls via engine=calamine" if xls else ""}


def read_calamine(files: list[Path]) -> dict[str, Any]:
    from python_calamine import CalamineWorkbook

    cells = 0
    for path in files:
        book = CalamineWorkbook.from_path(str(path))
        for name in book.sheet_names:
            cells += sum(len(row) for row in book.get_sheet_by_name(name).to_python())
    return {"cells": cells, "note": ""}


def read_fastexcel(files: list[Path]) -> dict[str, Any]:
    import fastexcel  # optional: measured only where it is installed

    cells = 0
    for path in files:
        reader = fastexcel.read_excel(str(path))
        for name in reader.sheet_names:
            table = reader.load_sheet(name, header_row=None).to_arrow()
            cells += table.num_rows * table.num_columns
    return {"cells": cells, "note": ""}


CHILD_READERS = {"baseline": read_baseline, "calamine": read_calamine, "fastexcel": read_fastexcel}
CHILD_IMPORTS = {"baseline": ("pandas", "openpyxl", "python_calamine"), "calamine": ("python_calamine",),
                 "fastexcel": ("fastexcel", "pyarrow")}


def run_child(kind: str, folder: Path) -> None:
    """In the child process: read every workbook, print what was read and the work time.

    The work time leaves out the imports; the wall time the parent measures has them.
    """
    for module in CHILD_IMPORTS[kind]:
        importlib.import_module(module)
    start = time.perf_counter()
    result = CHILD_READERS[kind](workbooks(folder))
    print(json.dumps(result | {"work_seconds": round(time.perf_counter() - start, 3)}))


# --------------------------------------------------------------------------- measuring


@dataclass
class Step:
    """One measured process: wall seconds, the peak RSS of its largest process (`os.wait4`),
    the peak of all its processes at once (when sampled), what it printed."""

    name: str
    seconds: float
    peak_mb: float
    rows: int | None  # task rows it went through, for rows/s
    exit_code: int
    stdout: str
    stderr: str
    note: str = ""
    all_mb: float | None = None  # all its processes at once (None: not sampled)
    store: dict[str, Any] = field(default_factory=dict)  # an ingest's store, as it reports it

    @property
    def rows_per_s(self) -> float | None:
        return self.rows / self.seconds if self.rows and self.seconds else None

    def to_dict(self) -> dict[str, Any]:
        rate = self.rows_per_s
        return {"seconds": round(self.seconds, 3), "rows_per_s": round(rate) if rate else None,
                "peak_mb": round(self.peak_mb, 1),
                "all_processes_peak_mb": None if self.all_mb is None else round(self.all_mb, 1),
                "exit_code": self.exit_code, "note": self.note, **({"store": self.store} if self.store else {})}

    @property
    def memory_mb(self) -> float:
        """The step's peak memory: of all its processes when sampled, else of its largest
        process (the larger when the sampling missed a short peak)."""
        return self.peak_mb if self.all_mb is None else max(self.all_mb, self.peak_mb)


def _children(pid: int) -> list[int]:
    found = []
    for task in Path(f"/proc/{pid}/task").iterdir():
        found += [int(c) for c in (task / "children").read_text().split()]
    return found


def _pss_kb(pid: int) -> int:
    """The process's proportional set size: each page shared with n processes counts 1/n."""
    for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
        if line.startswith("Pss:"):
            return int(line.split()[1])
    return 0


class TreeMemory:
    """The peak, while a process runs, of the memory of it and all its descendants at
    once: the sum of their PSS, read from /proc every `interval` seconds in a thread.
    Forked children share pages with their parent: PSS counts such a page once in all,
    where summing RSS would count it in every process. A sampled peak: a spike shorter
    than the interval can be missed. Linux only: where /proc tells neither PSS nor a
    process's children, `highest_mb` stays None."""

    def __init__(self, pid: int, interval: float = 0.05) -> None:
        self.pid, self.interval = pid, interval
        self.highest_mb: float | None = None
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)
        me = os.getpid()
        if Path(f"/proc/{pid}/smaps_rollup").exists() and Path(f"/proc/{me}/task/{me}/children").exists():
            self._thread.start()

    def _total_kb(self) -> int:
        total, todo = 0, [self.pid]
        while todo:
            pid = todo.pop()
            try:
                total += _pss_kb(pid)
                todo += _children(pid)
            except (OSError, ValueError):  # ended meanwhile, or a zombie with no memory left
                continue
        return total

    def _sample(self) -> None:
        while not self._stop.is_set():
            mb = self._total_kb() / 1024
            if mb and (self.highest_mb is None or mb > self.highest_mb):
                self.highest_mb = mb
            self._stop.wait(self.interval)

    def stop(self) -> float | None:
        self._stop.set()
        if self._thread.is_alive():
            self._thread.join()
        return self.highest_mb


def measure(name: str, argv: list[str], logs: Path, rows: int | None = None,
            ok: tuple[int, ...] = (0,), sample: bool = False) -> Step:
    """Run `argv`, wait for it with os.wait4 (its own ru_maxrss); StepFailed on a bad exit.
    With `sample`, the memory of all its processes is sampled too (`TreeMemory`)."""
    log(f"step: {name}{' (memory of all its processes)' if sample else ''} ...")
    out_path, err_path = logs / f"{name}.out", logs / f"{name}.err"
    with out_path.open("wb") as out, err_path.open("wb") as err:
        start = time.perf_counter()
        proc = subprocess.Popen(argv, stdout=out, stderr=err, cwd=ROOT)
        memory = TreeMemory(proc.pid) if sample else None
        _, status, usage = os.wait4(proc.pid, 0)
        seconds = time.perf_counter() - start
        all_mb = memory.stop() if memory else None
    proc.returncode = os.waitstatus_to_exitcode(status)  # reaped here: Popen must not wait again
    stderr = err_path.read_text(encoding="utf-8", errors="replace")
    if proc.returncode not in ok:
        raise StepFailed(f"{name} exited {proc.returncode}: {' '.join(argv)}\n{stderr[-4000:]}")
    stdout = out_path.read_text(encoding="utf-8", errors="replace")
    return Step(name, seconds, usage.ru_maxrss / MB, rows, proc.returncode, stdout, stderr, all_mb=all_mb)


def parse_json(step: Step, text: str) -> Any:
    """What a step printed as JSON; StepFailed (with its stderr) when it printed something else."""
    try:
        return json.loads(text)
    except ValueError:
        raise StepFailed(f"{step.name} exited {step.exit_code} without its JSON output\n"
                         f"{step.stderr[-4000:]}") from None


def fastest(runs: list[Step]) -> Step:
    """The fastest of several runs of one step (the least disturbed on a shared machine),
    with the highest peak memory of them all."""
    best = min(runs, key=lambda s: s.seconds)
    best.peak_mb = max(s.peak_mb for s in runs)
    sampled = [s.all_mb for s in runs if s.all_mb is not None]
    best.all_mb = max(sampled) if sampled else None
    if len(runs) > 1:
        times = ", ".join(f"{s.seconds:.2f}" for s in runs)
        best.note = "; ".join(filter(None, [best.note, f"best of {len(runs)}: {times} s"]))
    return best


def best_of(repeat: int, run: Callable[[], Step]) -> Step:
    return fastest([run() for _ in range(max(repeat, 1))])


def with_memory(step: Step, sampled_run: Callable[[], Step]) -> Step:
    """`step` with the memory of all its processes, from one more run made with sampling
    (its time is not used: the sampling takes a share of a core)."""
    extra = sampled_run()
    step.all_mb = extra.all_mb
    step.peak_mb = max(step.peak_mb, extra.peak_mb)
    return step


def in_rounds(repeat: int, runs: dict[str, Callable[[], Step]]) -> tuple[dict[str, Step], list[dict[str, float]]]:
    """Each step once per round, `repeat` rounds, in reverse order every other round: the
    fastest run of each step, and each round's seconds by step. The machine's speed drifts
    by tens of per cent within minutes; a drift must not fall between two terms of a ratio."""
    taken: dict[str, list[Step]] = {name: [] for name in runs}
    rounds = []
    for i in range(max(repeat, 1)):
        for name in list(runs)[:: 1 if i % 2 == 0 else -1]:
            taken[name].append(runs[name]())
        rounds.append({name: steps[-1].seconds for name, steps in taken.items()})
        log(f"round {i + 1}: " + ", ".join(f"{name} {s:.2f} s" for name, s in rounds[-1].items()))
    return {name: fastest(steps) for name, steps in taken.items()}, rounds


# --------------------------------------------------------------------------- the readers


# The interpreter of a venv holding fastexcel and pyarrow, apart from the tool's: with
# pyarrow installed, pandas stores every text column through it, so the tool measured
# would not be the tool users run (`make bench` builds it: out/bench/readers-venv).
READERS_PYTHON: str | None = None


def child_argv(kind: str, folder: Path) -> list[str]:
    python = READERS_PYTHON if kind == "fastexcel" and READERS_PYTHON else sys.executable
    return [python, str(Path(__file__).resolve()), "--child", kind, str(folder)]


def measure_reader(kind: str, name: str, folder: Path, logs: Path, rows: int) -> Step:
    step = measure(name, child_argv(kind, folder), logs, rows)
    result = parse_json(step, (step.stdout.strip().splitlines() or [""])[-1])
    step.note = "; ".join(filter(None, [result["note"], f"work {result['work_seconds']:.2f} s"]))
    return step


def importable(python: str, modules: str) -> bool:
    try:
        return subprocess.run([python, "-c", f"import {modules}"], capture_output=True).returncode == 0
    except OSError:
        return False


def reader_runs(setup: Setup, notes: list[str]) -> dict[str, Callable[[], Step]]:
    """The baseline and the raw parses, for the rounds; fastexcel where it can be imported."""
    folder, logs, rows = setup.folder, setup.logs, setup.rows
    runs = {"baseline": lambda: measure_reader("baseline", "baseline", folder, logs, rows),
            "raw_calamine": lambda: measure_reader("calamine", "raw_calamine", folder, logs, rows)}
    python = READERS_PYTHON or sys.executable
    if importable(python, "fastexcel, pyarrow"):
        runs["raw_fastexcel"] = lambda: measure_reader("fastexcel", "raw_fastexcel", folder, logs, rows)
    else:
        notes.append(f"raw_fastexcel skipped: fastexcel and pyarrow cannot be imported by {shown_path(python)}"
                     " (`make bench` installs them in a venv of their own, --readers-python)")
    return runs


# --------------------------------------------------------------------------- the tool


@dataclass(frozen=True)
class Tool:
    """An installed taskrollup: its command, and what its steps' names end with."""

    cli: Path
    tag: str = ""  # "" for this checkout's tool; "@<commit>" for the --against one
    rev: str = ""  # the revision as the user named it

    @property
    def file_tag(self) -> str:
        return self.tag.replace("@", "-")


CURRENT = Tool(CLI)


def compile_tool() -> None:
    """Compile this checkout's tool as pip compiles an installed package (the --against
    one is): where PYTHONDONTWRITEBYTECODE is set, each of its processes would otherwise
    compile the modules it imports."""
    spec = importlib.util.find_spec("taskrollup")
    for folder in (spec.submodule_search_locations if spec else None) or []:
        compileall.compile_dir(folder, quiet=1)


def git(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True)


def checked(argv: list[str], what: str, out: Any, **kwargs: Any) -> None:
    if subprocess.run(argv, stdout=out, stderr=out, **kwargs).returncode != 0:
        raise StepFailed(f"{what} failed: see {out.name}")


def pinned_dependencies() -> str:
    """This venv's package versions (the tool's own left out), as pip constraints."""
    frozen = subprocess.run([sys.executable, "-m", "pip", "freeze", "--exclude-editable"],
                            capture_output=True, text=True, check=True).stdout
    return "".join(f"{line}\n" for line in frozen.splitlines()
                   if line and not line.startswith(("-e", "taskrollup")))


def install_against(rev: str, root: Path) -> Tool:
    """The tool at git revision `rev`, unpacked with `git archive` and installed in a venv
    of its own (with this venv's dependency versions where it accepts them); kept under
    `root` for the next run, by commit."""
    found = git("rev-parse", "--verify", "--quiet", f"{rev}^{{commit}}")
    if found.returncode != 0:
        raise SystemExit(f"bench: --against {rev}: no such commit, branch or tag in this repository")
    commit = found.stdout.strip()
    home = root / f"against-{commit[:12]}"
    tool = Tool(home / "venv" / "bin" / "taskrollup", f"@{commit[:7]}", rev)
    constraints, stamp = pinned_dependencies(), home / ".installed"
    if tool.cli.exists() and stamp.is_file() and stamp.read_text(encoding="utf-8") == constraints:
        log(f"against: reusing {home}")
        return tool
    log(f"against: installing {rev} ({commit[:12]}) into {home} ...")
    shutil.rmtree(home, ignore_errors=True)
    (home / "src").mkdir(parents=True)
    (home / "constraints.txt").write_text(constraints, encoding="utf-8")
    pip = [str(home / "venv" / "bin" / "python"), "-m", "pip", "install", str(home / "src")]
    with (home / "install.log").open("w") as out:
        archive = subprocess.run(["git", "archive", commit], cwd=ROOT, capture_output=True, check=True).stdout
        checked(["tar", "-x", "-C", str(home / "src")], "unpacking", out, input=archive)
        checked([sys.executable, "-m", "venv", str(home / "venv")], "making its venv", out)
        if subprocess.run([*pip, "-c", str(home / "constraints.txt")], stdout=out, stderr=out).returncode:
            log(f"against: {rev} does not accept this venv's versions; installed with its own choice")
            checked(pip, "installing", out)
    stamp.write_text(constraints, encoding="utf-8")
    return tool


def remove_store(db: Path) -> None:
    for suffix in ("", "-wal", "-shm", "-journal"):
        Path(f"{db}{suffix}").unlink(missing_ok=True)


def copy_store(source: Path, target: Path) -> None:
    remove_store(target)
    for suffix in ("", "-wal"):
        if Path(f"{source}{suffix}").exists():
            shutil.copyfile(f"{source}{suffix}", f"{target}{suffix}")


def ingest_summary(step: Step, expect: str) -> dict[str, Any]:
    """Files by status, rows and tasks in the store; StepFailed when a file failed."""
    data = parse_json(step, step.stdout)
    statuses: dict[str, int] = defaultdict(int)
    for f in data["files"]:
        statuses[f["status"]] += 1
    failed = [f"{f['path']}: {f['error']}" for f in data["files"] if f["status"] == "failed"]
    if failed:
        raise StepFailed(f"{step.name}: {len(failed)} file(s) failed\n" + "\n".join(failed[:20]))
    step.note = ", ".join(f"{n} {s}" for s, n in sorted(statuses.items()))
    if statuses.get(expect, 0) != len(data["files"]):
        step.note += f" (expected all {expect})"
    return {"tasks_in_store": data["tasks_in_store"], "rows_in_store": data["rows_in_store"],
            "problem_rows": sum(len(f["problems"]) for f in data["files"])}


def measure_ingest(name: str, tool: Tool, paths: list[Path], db: Path, logs: Path, rows: int | None,
                   expect: str, sample: bool = False) -> Step:
    argv = [str(tool.cli), "ingest", *map(str, paths), "--db", str(db), "--format", "json"]
    step = measure(name, argv, logs, rows, ok=(0, 1), sample=sample)  # 1: rows with problems (reported)
    step.store = ingest_summary(step, expect)
    return step


@dataclass(frozen=True)
class Setup:
    """The data set and where a run's stores and logs go."""

    data: dict[str, Any]
    run: Path
    logs: Path

    @property
    def folder(self) -> Path:
        return Path(self.data["path"])

    @property
    def rows(self) -> int:
        return self.data["rows"]

    @property
    def months(self) -> list[Path]:
        return sorted(p for p in self.folder.iterdir() if p.is_dir())

    @property
    def last_month_rows(self) -> int:
        last = self.months[-1].name + "/"
        return sum(n for name, n in self.data["workbooks"] if name.startswith(last))


def fresh_db(tool: Tool, setup: Setup) -> Path:
    return setup.run / f"fresh{tool.file_tag}.db"


def ingest_runs(tool: Tool, setup: Setup) -> dict[str, Callable[..., Step]]:
    """The tool's first ingest of every month into a new store, and (when the data set has
    more than one month) its monthly ingest; for the rounds."""
    db = fresh_db(tool, setup)

    def full(sample: bool = False) -> Step:
        remove_store(db)
        return measure_ingest("ingest" + tool.tag, tool, [setup.folder], db, setup.logs, setup.rows,
                              "ingested", sample)

    runs: dict[str, Callable[..., Step]] = {"ingest" + tool.tag: full}
    if len(setup.months) > 1:
        runs["monthly" + tool.tag] = monthly_run(tool, setup)
    return runs


def monthly_run(tool: Tool, setup: Setup) -> Callable[..., Step]:
    """The last month's folder ingested into a copy of a store of the earlier months (built
    here, once: only the monthly ingest is timed)."""
    earlier, db = setup.run / f"earlier{tool.file_tag}.db", setup.run / f"monthly{tool.file_tag}.db"
    remove_store(earlier)
    measure_ingest("earlier_months" + tool.tag, tool, setup.months[:-1], earlier, setup.logs, None,
                   "ingested")

    def monthly(sample: bool = False) -> Step:
        copy_store(earlier, db)
        return measure_ingest("monthly" + tool.tag, tool, setup.months[-1:], db, setup.logs,
                              setup.last_month_rows, "ingested", sample)

    return monthly


def later_runs(setup: Setup) -> dict[str, Callable[..., Step]]:
    """The steps on the store of the first ingest: the re-ingest (files unchanged), report
    --format json, the DOCX report, check (exit 1: overdue tasks found) and explain."""
    db, cli = fresh_db(CURRENT, setup), str(CLI)
    period = ["--period", str(YEAR), "--as-of", setup.data["as_of"], "--db", str(db)]
    outputs = [("report_json", [cli, "report", *period, "--format", "json"], (0,)),
               ("report_docx", [cli, "report", *period, "--out", str(setup.run / "report.docx")], (0,)),
               ("check", [cli, "check", "--db", str(db), "--as-of", setup.data["as_of"]], (0, 1)),
               ("explain", [cli, "explain", "not_done_overdue", *period], (0,)),
               ("explain_all", [cli, "explain", "assigned", *period], (0,))]
    runs: dict[str, Callable[..., Step]] = {
        "reingest": functools.partial(measure_ingest, "reingest", CURRENT, [setup.folder], db,
                                      setup.logs, setup.rows, "unchanged")}
    for name, argv, ok in outputs:
        runs[name] = functools.partial(measure, name, argv, setup.logs, ok=ok)
    return runs


def compare_tasks(step: Step, planned: int) -> list[str]:
    """The store must hold the data set's distinct tasks: a guard for faster-but-wrong."""
    store = step.store
    store["tasks_planned"] = planned
    store["tasks_match_plan"] = store["tasks_in_store"] == planned
    step.note += f"; {store['tasks_in_store']:,} tasks (plan {planned:,})"
    if store["tasks_match_plan"]:
        return []
    return [f"{step.name}: {store['tasks_in_store']} tasks in the store, the data set has {planned}"]


# --------------------------------------------------------------------------- the run


@dataclass
class Run:
    data: dict[str, Any]
    against: Tool | None = None
    steps: dict[str, Step] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    scale: dict[str, Any] | None = None
    rounds: list[dict[str, float]] = field(default_factory=list)  # seconds by step, per round


def run_dir(root: Path, files: int, rows: int) -> tuple[Path, Path]:
    run = root / f"run-{files}x{rows}"
    logs = run / "logs"
    logs.mkdir(parents=True, exist_ok=True)
    return run, logs


def run_all(args: argparse.Namespace) -> Run:
    against = install_against(args.against, args.root) if args.against else None
    setup = Setup(ensure_data(args.root, args.files, args.rows, args.jobs),
                  *run_dir(args.root, args.files, args.rows))
    result = Run(setup.data, against)
    compile_tool()
    runs = reader_runs(setup, result.notes)
    for tool in filter(None, (CURRENT, against)):
        runs |= ingest_runs(tool, setup)
    timed, result.rounds = in_rounds(args.repeat, runs)
    for step in timed.values():
        result.notes += compare_tasks(step, setup.data["tasks"]) if step.store else []
    for name in ("ingest", "monthly"):
        if name in timed:
            with_memory(timed[name], functools.partial(runs[name], sample=True))
    later = later_runs(setup)
    paired = {name: later.pop(name) for name in PAIRED}  # their ratio compares runs of one round
    for name, run in later.items():
        timed[name] = with_memory(best_of(args.repeat, run), functools.partial(run, sample=True))
    fastest_pair, pair_rounds = in_rounds(args.repeat, paired)
    for name, step in fastest_pair.items():
        timed[name] = with_memory(step, functools.partial(paired[name], sample=True))
    for seconds, more in zip(result.rounds, pair_rounds, strict=False):
        seconds.update(more)
    result.steps = dict(sorted(timed.items(), key=lambda item: "@" in item[0]))  # --against's last
    if args.scale_check:
        result.scale = scale_check(args, timed["ingest"])
    if importlib.util.find_spec("pyarrow") is not None:  # pandas 3 then stores text through it
        result.notes.append("pyarrow is installed beside the tool: pandas stores its text columns through"
                            " it, so the tool measured is not the one users run (remove it from this venv)")
    return result


def scale_check(args: argparse.Namespace, base: Step) -> dict[str, Any]:
    """Ingest at SCALE x the rows per file; the time per row against the default run's."""
    data = ensure_data(args.root, args.files, args.rows * SCALE, args.jobs)
    run, logs = run_dir(args.root, args.files, args.rows * SCALE)

    def scaled(sample: bool = False) -> Step:
        remove_store(run / "fresh.db")
        return measure_ingest("ingest_scale", CURRENT, [Path(data["path"])], run / "fresh.db", logs,
                              data["rows"], "ingested", sample)

    step = with_memory(best_of(args.repeat, scaled), functools.partial(scaled, sample=True))
    notes = compare_tasks(step, data["tasks"])
    ratio = (step.seconds / data["rows"]) / (base.seconds / base.rows)
    return {"rows": data["rows"], "files": data["files"], **step.to_dict(),
            "time_per_row_ratio": round(ratio, 3), "notes": notes, "step": step}


# --------------------------------------------------------------------------- the targets


@dataclass(frozen=True)
class Target:
    """A target of the benchmark: the measured value must stay below `limit`."""

    key: str  # a step's name when the value is its seconds
    what: str
    limit: float
    unit: str  # "x" (a ratio), "%" (a ratio shown in per cent), "s", "MB"
    over: tuple[str, str] | None = None  # a ratio of two steps' seconds
    strict: bool = False  # "<" rather than "<="

    def met(self, value: float | None) -> bool | None:
        if value is None:
            return None
        return value < self.limit if self.strict else value <= self.limit

    def shown(self, value: float) -> str:
        return {"x": f"{value:.2f} x", "%": f"{100 * value:.1f} %", "s": f"{value:.2f} s",
                "MB": f"{value:.0f} MB"}[self.unit]

    def limit_text(self) -> str:
        return f"{'<' if self.strict else '≤'} {self.shown(self.limit)}"


TOOL_STEPS = ("ingest", "monthly", "reingest", "report_json", "report_docx", "check", "explain", "explain_all")
PAIRED = ("check", "explain", "explain_all")  # in rounds of their own: explain's target is its ratio to check
TARGETS = (
    Target("ingest_over_baseline", "ingest / openpyxl baseline", 0.5, "x", over=("ingest", "baseline")),
    Target("ingest_over_raw_calamine", "ingest / python-calamine's raw parse", 5, "x",
           over=("ingest", "raw_calamine")),
    Target("reingest_over_ingest", "re-ingest / ingest", 0.05, "%", over=("reingest", "ingest")),
    Target("report_json", "report --format json", 2, "s", strict=True),
    Target("check", "check", 2.5, "s", strict=True),
    Target("report_docx", "DOCX report", 5, "s", strict=True),
    Target("explain_over_check", "explain not_done_overdue / check", 1, "x", over=("explain", "check")),
    Target("peak_mb", "peak memory of a tool step", 1024, "MB", strict=True),
    Target("scale_time_per_row", f"time per row at {SCALE}x the rows", 1.3, "x"),
)


def peak_step(result: Run) -> Step:
    return max((result.steps[n] for n in TOOL_STEPS if n in result.steps), key=lambda s: s.memory_mb)


def value(target: Target, result: Run) -> float | None:
    steps = result.steps
    if target.over:
        return steps[target.over[0]].seconds / steps[target.over[1]].seconds
    if target.key == "peak_mb":
        return peak_step(result).memory_mb
    if target.key == "scale_time_per_row":
        return result.scale["time_per_row_ratio"] if result.scale else None
    return steps[target.key].seconds


def by_round(result: Run, num: str, den: str) -> list[float]:
    """num's seconds over den's, round by round (both run in the same rounds)."""
    return [round(r[num] / r[den], 3) for r in result.rounds if num in r and den in r]


def against_ratios(result: Run) -> dict[str, dict[str, Any]]:
    """The current tool's seconds over the --against tool's: fastest over fastest, and by round."""
    if result.against is None:
        return {}
    steps, tag = result.steps, result.against.tag
    return {name: {"overall": round(steps[name].seconds / steps[name + tag].seconds, 3),
                   "rounds": by_round(result, name, name + tag)}
            for name in ("ingest", "monthly") if name + tag in steps}


def git_state() -> dict[str, Any]:
    done = git("rev-parse", "--short", "HEAD")
    changes = git("status", "--porcelain", "--untracked-files=no")
    return {"commit": done.stdout.strip(), "local_changes": bool(changes.stdout.strip())}


def target_summary(target: Target, result: Run) -> dict[str, Any]:
    v = value(target, result)
    rounds = by_round(result, *target.over) if target.over else []
    return {"value": None if v is None else round(v, 3), "limit": target.limit, "met": target.met(v),
            **({"rounds": rounds} if rounds else {})}


def summary(result: Run) -> dict[str, Any]:
    """Every number of the run, for the JSON line."""
    data = {k: v for k, v in result.data.items() if k not in ("version", "workbooks")}
    scale = {k: v for k, v in result.scale.items() if k != "step"} if result.scale else None
    targets = {t.key: target_summary(t, result) for t in TARGETS}
    reference = {"ingest_over_raw_fastexcel": by_round(result, "ingest", "raw_fastexcel")}
    against = result.against and {"rev": result.against.rev, "tag": result.against.tag,
                                  "current_over_against": against_ratios(result)}
    return {
        "bench": "taskrollup", "data": data, "steps": {n: s.to_dict() for n, s in result.steps.items()},
        "targets": targets, "reference_by_round": reference, "scale": scale, "notes": result.notes,
        "against": against,
        "machine": {"cpus": os.cpu_count(), "python": platform.python_version(),
                    "platform": platform.platform()}, "git": git_state(),
    }


# --------------------------------------------------------------------------- output


def log(text: str) -> None:
    print(text, file=sys.stderr, flush=True)


def shown_path(path: str) -> str:
    """A path inside the repository as the repository names it (tables get pasted into docs)."""
    try:
        return str(Path(path).absolute().relative_to(ROOT))
    except ValueError:
        return path


def rounds_text(values: list[float]) -> str:
    return ", ".join(f"{v:.2f}" for v in values)


def print_tables(result: Run) -> None:
    from rich.console import Console  # imported here: the reader children stay lean

    console = Console(width=max(120, shutil.get_terminal_size().columns))
    console.print(steps_table(result))
    console.print(targets_table(result))
    if result.against:
        console.print(against_table(result))
    for note in result.notes:
        console.print(f"note: {note}", markup=False)


def steps_table(result: Run) -> Any:
    from rich.table import Table

    d = result.data
    table = Table(title=f"taskrollup bench: {d['files']} workbooks x {d['rows_per_file']:,} rows = "
                        f"{d['rows']:,} rows, {d['megabytes']} MB ({shown_path(d['path'])})")
    for col in ("step", "seconds", "rows/s", "peak MB", "all MB", "note"):
        table.add_column(col, justify="left" if col in ("step", "note") else "right")
    steps = list(result.steps.values()) + ([result.scale["step"]] if result.scale else [])
    for s in steps:
        table.add_row(s.name, f"{s.seconds:.2f}", f"{s.rows_per_s:,.0f}" if s.rows_per_s else "—",
                      f"{s.peak_mb:.0f}", "—" if s.all_mb is None else f"{s.all_mb:.0f}", s.note)
    return table


def targets_table(result: Run) -> Any:
    from rich.table import Table

    fastexcel = result.steps.get("raw_fastexcel")
    table = Table(title="Targets", caption=None if fastexcel is None else (
        f"reference, not a target: ingest / fastexcel's raw parse {result.steps['ingest'].seconds / fastexcel.seconds:.2f} x"
        f" (by round: {rounds_text(by_round(result, 'ingest', 'raw_fastexcel'))})"))
    for col in ("target", "limit", "measured", "by round", "met"):
        table.add_column(col)
    for t in TARGETS:
        v = value(t, result)
        shown = "not run (--scale-check)" if v is None else t.shown(v)
        if t.key == "peak_mb":
            shown += f" ({peak_step(result).name})"
        table.add_row(t.what, t.limit_text(), shown, rounds_text(by_round(result, *t.over)) if t.over else "",
                      {True: "yes", False: "NO", None: "—"}[t.met(v)])
    return table


def against_table(result: Run) -> Any:
    from rich.table import Table

    tool = result.against
    assert tool is not None
    table = Table(title=f"This checkout over {tool.rev} ({tool.tag.lstrip('@')}): seconds, current / {tool.rev}")
    for col in ("step", "current s", f"{tool.rev} s", "current / REV", "by round"):
        table.add_column(col)
    for name, ratio in against_ratios(result).items():
        table.add_row(name, f"{result.steps[name].seconds:.2f}", f"{result.steps[name + tool.tag].seconds:.2f}",
                      f"{ratio['overall']:.3f}", rounds_text(ratio["rounds"]))
    return table


# --------------------------------------------------------------------------- main


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--files", type=int, default=100, help="workbooks (default 100)")
    parser.add_argument("--rows", type=int, default=2000, help="task rows per workbook (default 2000)")
    parser.add_argument("--quick", action="store_true", help=f"smoke run: {QUICK[0]} x {QUICK[1]} rows")
    parser.add_argument("--repeat", type=int, default=3,
                        help="runs of each step, the fastest kept (default 3; the machine is shared)")
    parser.add_argument("--scale-check", action="store_true",
                        help=f"also ingest {SCALE}x the rows per file and compare the time per row")
    parser.add_argument("--against", metavar="REV",
                        help="also install the tool at git revision REV and run its ingests in the same rounds")
    parser.add_argument("--root", type=Path, default=ROOT / "out" / "bench",
                        help="where data sets, stores and logs go (default out/bench)")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1,
                        help="processes writing the data set")
    parser.add_argument("--readers-python", metavar="PYTHON",
                        help="an interpreter with fastexcel and pyarrow, kept out of the tool's venv")
    parser.add_argument("--child", nargs=2, metavar=("READER", "DIR"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.quick:
        args.files, args.rows = QUICK
    if args.files < 1 or args.rows < 1:
        parser.error("--files and --rows must be positive")
    return args


def main(argv: list[str] | None = None) -> int:
    global READERS_PYTHON
    args = parse_args(argv)
    # Absolute, as the steps run from the repository's root; not resolved: a venv's python is
    # a link to the base interpreter, which does not see the venv's packages.
    READERS_PYTHON = os.path.abspath(args.readers_python) if args.readers_python else None
    if args.child:
        run_child(args.child[0], Path(args.child[1]))
        return 0
    try:
        result = run_all(args)
    except StepFailed as exc:
        log(f"bench: step failed: {exc}")
        return 1
    print_tables(result)
    print(json.dumps(summary(result), ensure_ascii=False), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
