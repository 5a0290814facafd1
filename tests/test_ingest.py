"""The ingest's own helpers: work shared with a second process gives what one process gives."""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from taskrollup import ingest
from taskrollup.dedupe import cluster_blocks

SAMPLE = Path(__file__).resolve().parents[1] / "sample_data" / "inbox"


def test_beside_returns_the_result_of_another_process() -> None:
    """The function runs in a child process (its pid differs) and its result comes back."""
    wait = ingest._beside(os.getpid)
    assert isinstance(wait(), int)
    if ingest.sys.platform.startswith("linux") and (os.cpu_count() or 1) > 1:
        assert ingest._beside(os.getpid)() != os.getpid()


def test_beside_raises_the_error_of_the_child() -> None:
    wait = ingest._beside(int, "not a number")
    with pytest.raises(ValueError, match="not a number"):
        wait()


def test_clusters_shared_out_equal_clusters_in_one_process(monkeypatch: pytest.MonkeyPatch) -> None:
    """Worked by hand, before the last word each key gets: in the first block key 1 adds one
    word to key 0 (ratio 91,9: joined); key 2 differs from key 0 in one digit (97,1, but
    another number: never joined) and from key 1 by more (89,2); the second block's keys are
    unrelated (40,7); the third block's keys share all but one word (93,2: joined). The word
    added to all keys of a block raises these ratios (keys 1 and 2 reach 90,0, but state
    other numbers: never joined)."""
    monkeypatch.setattr(ingest, "_SHARE_CLUSTERS_FROM", 0)
    blocks = [
        ["bao cao tong ket cong tac nam 2021", "bao cao tong ket cong tac trong nam 2021",
         "bao cao tong ket cong tac nam 2022"],
        ["xay dung ke hoach chuyen doi so", "to chuc hoi nghi so ket"],
        ["kiem tra cong tac phong chong dich", "kiem tra cong tac phong chong dich benh"],
    ]
    # 120 blocks, each different: block i's keys end in a word of their own ('aaa', 'baa' ...).
    blocks = [[f"{k} {chr(97 + i % 26)}{chr(97 + i // 26)}a" for k in b] for i in range(40) for b in blocks]
    shared = ingest._cluster_in_two(blocks, 90.0)
    assert shared == cluster_blocks(blocks, 90.0)
    assert shared[:3] == [[0, 0, 2], [0, 1], [0, 0]] and len(shared) == len(blocks) == 120
    # The halves come back in order: every block of the second half is found where it was.
    assert ingest._cluster_in_two(blocks[::-1], 90.0) == shared[::-1]


@pytest.mark.skipif(not SAMPLE.is_dir(), reason="sample_data/inbox not generated")
def test_ingest_with_work_shared_out_stores_the_same(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The sample ingested with every block shared out and with none: the same tasks and links."""
    inbox = tmp_path / "inbox"
    for month in ("2021-01", "2021-02", "2021-03"):
        shutil.copytree(SAMPLE / month, inbox / month)

    def stored(db: Path) -> tuple[list[tuple[object, ...]], ...]:
        with sqlite3.connect(db) as con:
            return (con.execute("SELECT * FROM tasks ORDER BY task_id").fetchall(),
                    con.execute("SELECT * FROM row_tasks ORDER BY row_id").fetchall(),
                    con.execute("SELECT * FROM findings ORDER BY kind, message, row").fetchall(),
                    con.execute("SELECT * FROM task_columns ORDER BY name").fetchall())

    asked: list[bool] = []
    beside = ingest._beside

    def recorded(fn, *args, share=True):  # type: ignore[no-untyped-def]
        asked.append(share)
        return beside(fn, *args, share=share)

    monkeypatch.setattr(ingest, "_beside", recorded)
    monkeypatch.setattr(ingest, "_SHARE_CLUSTERS_FROM", 0)
    ingest.ingest([inbox], tmp_path / "shared.db", ingest.Options(jobs=2))
    assert asked == [True, True, True]  # half the blocks; the column copy; the findings
    ingest.ingest([inbox], tmp_path / "alone.db", ingest.Options(jobs=1))
    assert asked[3:] == [False, False]  # --jobs 1: one process (blocks are not even cut)
    shared, alone = stored(tmp_path / "shared.db"), stored(tmp_path / "alone.db")
    assert all(shared) and shared == alone


_BUSY_STDERR = r"""
import os, sys, threading, time
from pathlib import Path
from taskrollup import ingest
r, w = os.pipe()
os.dup2(w, 2)  # stderr is a slow terminal ...
threading.Thread(target=lambda: [(os.read(r, 512), time.sleep(0.0005)) for _ in iter(int, 1)], daemon=True).start()
def redraw():  # ... and a progress bar redraws on it all the time
    while True:
        sys.stderr.write("\r" + "#" * 2000)
        sys.stderr.flush()
threading.Thread(target=redraw, daemon=True).start()
files = ingest.find_workbooks([Path(sys.argv[1])])[:4]
jobs = [(p, ingest.file_sha256(p)) for p in files]
for _ in range(3):
    assert len(list(ingest._parsed_in_order(jobs, ingest.Options(jobs=2)))) == 4
    assert ingest._beside(sum, [1, 2])() == 3
print("done", file=sys.__stdout__, flush=True)
os._exit(0)  # not through the interpreter's own exit: its stderr is busy for ever by design
"""


@pytest.mark.skipif(not SAMPLE.is_dir() or not sys.platform.startswith("linux") or (os.cpu_count() or 1) < 2,
                    reason="needs the sample, fork and two CPUs")
def test_forked_processes_do_not_hang_on_a_busy_stderr(tmp_path: Path) -> None:
    """A process forked while another thread writes to stderr inherits that stream's lock,
    locked; it must still end (it used to wait for the lock for ever on its way out)."""
    script = tmp_path / "busy.py"
    script.write_text(_BUSY_STDERR, encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if k != "PYTHONUNBUFFERED"}  # buffered, as for users
    done = subprocess.run([sys.executable, str(script), str(SAMPLE / "2021-01")], env=env,
                          capture_output=True, text=True, timeout=60, check=False)
    assert done.returncode == 0 and "done" in done.stdout, done.stderr[-2000:]
