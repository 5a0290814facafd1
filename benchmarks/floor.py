"""How fast could `taskrollup ingest` be if turning sheets into rows cost nothing? (issue 7)

A measurement, not a test: ``.venv/bin/python benchmarks/floor.py`` (``--quick``,
``--files``, ``--rows``, ``--repeat`` as in ``bench.py``, whose data set it uses).

Three ingests of the same files into a fresh store, each in its own process, in rounds
with the openpyxl baseline of ``bench.py``:

- ``full``: the library's ``ingest()``, as ``taskrollup ingest`` runs it;
- ``read``: every file is still opened and read by python-calamine in the parse
  workers, but extracting and normalising its rows is skipped: the workers hand back
  the rows a full parse produced before (one pickle a file, made before the rounds);
- ``stored``: the files are not even read: the workers hand back those rows.

What ``stored`` still times is storing the rows, deduplicating, resolving the tasks and
writing them: the part of an ingest that no faster parsing can remove. Times are of the
``ingest()`` call alone (the command adds its start-up, about 0.3 s; the baseline's are
of its whole process, as in ``bench.py``). A worker loading a
file's pickle does what the ingest process does with each result anyway (unpickle it).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import pickle
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
import bench  # noqa: E402  (the data set, the baseline and the way steps are measured)

MODES = ("full", "read", "stored")


def source_hash() -> str:
    """A hash of the tool's code: parsed rows cached by another version are not used."""
    digest = hashlib.sha256()
    for path in sorted((bench.ROOT / "src").rglob("*.py")):
        digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


def parsed_cache(folder: Path, run: Path) -> Path:
    """Every file of `folder` parsed once by this version of the code, as a parse worker
    returns it: one pickle a file, named by the file's SHA-256."""
    from taskrollup import ingest
    from taskrollup.reader import file_sha256, find_workbooks

    cache = run / f"parsed-{source_hash()}"
    files = find_workbooks([folder])
    shas = [file_sha256(p) for p in files]
    if not all((cache / f"{sha}.pickle").exists() for sha in shas):
        bench.log("floor: parsing every file once for the cache ...")
        cache.mkdir(parents=True, exist_ok=True)
        for path, sha in zip(files, shas, strict=True):
            parsed = ingest._parse((path, sha, ingest.Options()))
            (cache / f"{sha}.pickle").write_bytes(pickle.dumps(parsed, protocol=pickle.HIGHEST_PROTOCOL))
    return cache


_CACHE: list[Path] = []  # the cache folder, set in the child before its workers fork


def _cached(path: Path, sha: str) -> Any:
    parsed = pickle.loads((_CACHE[0] / f"{sha}.pickle").read_bytes())
    parsed.path = path
    return parsed


def _read_only(job: tuple[Path, str, Any]) -> Any:
    """A parse worker's job, the file read but not turned into rows."""
    from taskrollup.reader import read_workbook

    path, sha, opts = job
    read_workbook(path, sha, opts.limits)
    return _cached(path, sha)


def _stored_only(job: tuple[Path, str, Any]) -> Any:
    """A parse worker's job, the file not even read."""
    return _cached(job[0], job[1])


def run_child(mode: str, folder: Path, cache: Path, db: Path) -> None:
    """In the child: ingest `folder` into a fresh `db`, parsing replaced as `mode` says."""
    from taskrollup import ingest

    _CACHE.append(cache)
    if mode != "full":  # the workers are forked from here: they see the replacement
        ingest._parse = _read_only if mode == "read" else _stored_only
    for suffix in ("", "-wal", "-shm"):
        Path(f"{db}{suffix}").unlink(missing_ok=True)
    before, start = os.times(), time.perf_counter()
    report = ingest.ingest([folder], db)
    seconds, after = time.perf_counter() - start, os.times()
    print(json.dumps({"seconds": round(seconds, 3), "tasks": report.tasks_in_store,
                      "cpu_this_process": round(after.user + after.system - before.user - before.system, 2),
                      "cpu_children": round(after.children_user + after.children_system
                                            - before.children_user - before.children_system, 2)}))


def measure_mode(mode: str, folder: Path, cache: Path, run: Path, logs: Path) -> dict[str, Any]:
    argv = [sys.executable, str(Path(__file__).resolve()), "--child", mode, str(folder), str(cache),
            str(run / "floor.db")]
    step = bench.measure(f"floor_{mode}", argv, logs)
    return json.loads(step.stdout.strip().splitlines()[-1])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--files", type=int, default=100)
    parser.add_argument("--rows", type=int, default=2000)
    parser.add_argument("--quick", action="store_true", help="10 x 500 rows")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--root", type=Path, default=bench.ROOT / "out" / "bench")
    parser.add_argument("--child", nargs=4, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        mode, folder, cache, db = args.child
        run_child(mode, Path(folder), Path(cache), Path(db))
        return 0
    files, rows = bench.QUICK if args.quick else (args.files, args.rows)
    data = bench.ensure_data(args.root, files, rows, os.cpu_count() or 1)
    folder = Path(data["path"])
    run, logs = bench.run_dir(args.root, files, rows)
    cache = parsed_cache(folder, run)
    rounds = []
    for _ in range(max(args.repeat, 1)):
        baseline = bench.measure("baseline", bench.child_argv("baseline", folder), logs).seconds
        rounds.append({"baseline": round(baseline, 2)}
                      | {mode: measure_mode(mode, folder, cache, run, logs) for mode in MODES})
        bench.log(f"floor round: {rounds[-1]}")
    tasks = {r[m]["tasks"] for r in rounds for m in MODES}
    if tasks != {data["tasks"]}:
        raise SystemExit(f"the stores hold {sorted(tasks)} tasks, the data set {data['tasks']}")
    print(f"{files} workbooks x {rows:,} rows; ingest() seconds, and over the baseline of the same round")
    print(f"{'round':>5} {'baseline':>9} " + " ".join(f"{m:>16}" for m in MODES))
    for i, r in enumerate(rounds, 1):
        cells = [f"{r[m]['seconds']:6.2f} s {r[m]['seconds'] / r['baseline']:5.2f}x" for m in MODES]
        print(f"{i:>5} {r['baseline']:7.2f} s " + " ".join(f"{c:>16}" for c in cells))
    best = {m: min(r[m]["seconds"] for r in rounds) for m in MODES} | {
        "baseline": min(r["baseline"] for r in rounds)}
    print(json.dumps({"floor": "taskrollup", "files": files, "rows": data["rows"], "rounds": rounds,
                      "best_seconds": best, "git": bench.git_state()}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
