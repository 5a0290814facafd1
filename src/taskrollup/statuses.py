"""Task status as reported: words ("Đã hoàn thành", "Chưa HT", "Dừng thực hiện"), tick
columns, and the secret flag.

Words are matched on `fold` text, so accents, case and punctuation never matter. A cell
often carries several state words ("Chưa hoàn thành" contains "hoàn thành"; a note may
name "Bộ Chỉ huy"): the phrase that starts *first* decides, and at the same start the
longest phrase wins. Timing words (đúng hạn / quá hạn ...) are read the same way.
"""

from __future__ import annotations

import numbers
import re
from dataclasses import dataclass
from datetime import date

from taskrollup import problems
from taskrollup.dates import find_date
from taskrollup.errors import ValueParseError
from taskrollup.text import clean, fold, is_blank

DONE = "done"
NOT_DONE = "not_done"
CANCELLED = "cancelled"
ON_TIME = "on_time"
LATE = "late"

_STATE_PHRASES: tuple[tuple[str, str], ...] = (
    (DONE, r"(?:da )?(?:hoan thanh|hoan tat|ht|xong)"),
    (DONE, r"da (?:thuc hien|th)(?: xong)?"),
    (DONE, r"da ban hanh"),
    (NOT_DONE, r"chua"),
    (NOT_DONE, r"khong (?:hoan thanh|ht)"),
    (NOT_DONE, r"hoan thanh mot phan"),
    (
        NOT_DONE,
        r"dang (?:thuc hien|th|trien khai|xu ly|tien hanh|hoan thien|xay dung"
        r"|trinh|giai quyet|chuan bi|phoi hop|tham muu|to chuc|lam|cho|soan thao|lay y kien|tong hop)",
    ),
    (NOT_DONE, r"(?:dang )?cho (?:phe duyet|y kien|ky|ban hanh|tham dinh|thong qua)"),
    (NOT_DONE, r"tiep tuc (?:thuc hien|th|trien khai|theo doi)"),
    (NOT_DONE, r"(?:se|du kien) (?:hoan thanh|ht|trinh|ban hanh|thuc hien|to chuc|bao cao)"),
    (NOT_DONE, r"con (?:trong )?han|trong han|qua han|tre han"),
    (NOT_DONE, r"(?:(?:da )?(?:xin|de nghi|de xuat|kien nghi) |(?:da )?duoc )?gia han"),
    (
        CANCELLED,
        r"(?:da )?(?<!xay )(?<!noi )(?<!su )(?<!ap )(?<!tuyen )(?<!van )(?<!tin )(?<!ung )"
        r"(?:dung|ngung)(?! han| tien do| thoi han| ke hoach| quy dinh)"
        r"(?: thuc hien| trien khai)?",
    ),
    (CANCELLED, r"(?:da )?(?<!chi )(?<!phat )huy(?! dong)(?: bo)?"),
    (CANCELLED, r"khong (?:thuc hien|th|trien khai|tiep tuc thuc hien)"),
    (CANCELLED, r"cham dut(?: thuc hien)?"),
)
# Results written as prose (rule 12): a sentence reporting work finished reads as done,
# unless a phrase above says otherwise anywhere in it ("Đã báo cáo UBND tỉnh xin gia hạn"
# is not done). A sentence that says neither is not read.
_DONE_PROSE = re.compile(
    r"\bda (?:tham muu|bao cao|trinh|gui|to chuc|ky|phe duyet|nghiem thu|giai quyet|xu ly|tra loi"
    r"|co (?:van ban|bao cao|to trinh|cong van|quyet dinh|ke hoach|thong bao))\b"
)
_STATES = tuple((state, re.compile(rf"\b(?:{phrase})\b")) for state, phrase in _STATE_PHRASES)
_TIMINGS = (
    (
        ON_TIME,
        re.compile(
            r"\b(?:dung|trong|con|truoc) (?:thoi )?han\b|\bkip thoi\b"
            r"|\bdung (?:tien do|ke hoach)\b"
        ),
    ),
    (
        LATE,
        re.compile(
            r"\b(?:qua|tre) (?:thoi )?han\b|\btre (?:hen|tien do)\b"
            r"|\bcham(?! (?:soc|lo|diem|dut|nhat|cong|bon|luong))\b"
            r"|(?<!mong )\bmuon\b"
        ),
    ),
)
_REQUESTED = re.compile(r"\bgia han\b")
_GRANTED = re.compile(r"\bduoc gia han\b")

_SECRET_YES = frozenset(
    {"mat", "toi mat", "tuyet mat", "do mat", "van ban mat", "co", "x", "v", "1", "yes", "true"}
)
_SECRET_NO = frozenset({"thuong", "binh thuong", "khong", "khong mat", "k", "0", "no", "false"})
_TICK_SYMBOLS = frozenset("✓✔☑✗✘●•■√")
_NO_TICK = frozenset({"0", "khong", "k", "no", "false"})
_ZERO = re.compile(r"0+(?:[.,]0*)?")

TICK_KEYS = frozenset(
    {
        "done",
        "done_on_time",
        "done_late",
        "not_done",
        "not_done_in_time",
        "not_done_overdue",
        "cancelled",
        "extension_requested",
    }
)


@dataclass(frozen=True)
class Status:
    """A reported status: state, timing where the words say it, extension flag, note date."""

    state: str
    timing: str | None = None
    extension_requested: bool = False
    noted_on: date | None = None


# --- words ------------------------------------------------------------------------------


def _earliest(key: str, table: tuple[tuple[str, re.Pattern[str]], ...]) -> str | None:
    """Label of the phrase that starts first in `key` (the longest at the same start)."""
    best: tuple[tuple[int, int], str] | None = None
    for label, pattern in table:
        match = pattern.search(key)
        if match is None:
            continue
        rank = (match.start(), -len(match.group()))
        if best is None or rank < best[0]:
            best = (rank, label)
    return best[1] if best else None


def _timing_of(key: str, state: str) -> str | None:
    """on_time / late from the timing words; never for a cancelled task."""
    if state == CANCELLED:
        return None
    return _earliest(key, _TIMINGS)


def parse_status(text: object) -> Status | None:
    """Status words of one cell; None when blank, ValueParseError when unrecognised."""
    if is_blank(text):
        return None
    shown = clean(text)
    key = fold(shown)
    state = _earliest(key, _STATES) or (DONE if _DONE_PROSE.search(key) else None)
    if state is None:
        raise ValueParseError(problems.NOT_A_STATUS, value=shown)
    requested = state == NOT_DONE and bool(_REQUESTED.search(key)) and not _GRANTED.search(key)
    return Status(
        state=state,
        timing=_timing_of(key, state),
        extension_requested=requested,
        noted_on=find_date(shown),
    )


# --- secret flag ------------------------------------------------------------------------


def _secret_from_number(value: numbers.Real) -> bool:
    """1 is secret, 0 is not; any other number is an error."""
    if value == 1:
        return True
    if value == 0:
        return False
    raise ValueParseError(problems.NOT_A_SECRECY_MARK, value=f"{value}")


def parse_secret(value: object) -> bool:
    """A secrecy cell: "Mật", "Tối mật", "x", 1 -> True; blank, "Thường", "Không", 0 -> False."""
    if is_blank(value):
        return False
    if isinstance(value, bool):
        return value
    if isinstance(value, numbers.Real):
        return _secret_from_number(value)
    shown = clean(value)
    if shown in _TICK_SYMBOLS:
        return True
    key = fold(shown)
    if key in _SECRET_YES:
        return True
    if key in _SECRET_NO:
        return False
    raise ValueParseError(problems.NOT_A_SECRECY_MARK, value=shown)


# --- tick columns -----------------------------------------------------------------------


def is_tick(value: object) -> bool:
    """A tick is any non-blank mark ("x", "✓", "1"); blank, 0, "-" and "không" are not."""
    if is_blank(value):
        return False
    if isinstance(value, bool):
        return value
    if isinstance(value, numbers.Real):
        return value != 0
    shown = clean(value)
    return not _ZERO.fullmatch(shown) and fold(shown) not in _NO_TICK


def _one_of(ticked: set[str], first: str, second: str, state: str) -> str | None:
    """Label for whichever of two timing ticks is set; both set is a contradiction."""
    if first in ticked and second in ticked:
        raise ValueParseError(problems.ON_TIME_AND_LATE, state=state)
    if first in ticked:
        return ON_TIME
    if second in ticked:
        return LATE
    return None


def _ticked_state(ticked: set[str]) -> str | None:
    """The one state the ticks name; more than one is a contradiction."""
    states = {
        DONE: bool(ticked & {"done", "done_on_time", "done_late"}),
        NOT_DONE: bool(
            ticked & {"not_done", "not_done_in_time", "not_done_overdue", "extension_requested"}
        ),
        CANCELLED: "cancelled" in ticked,
    }
    named = [state for state, on in states.items() if on]
    if len(named) > 1:
        raise ValueParseError(problems.CONTRADICTORY_TICKS, ticks=sorted(ticked))
    return named[0] if named else None


def status_from_ticks(ticks: dict[str, object]) -> Status | None:
    """Status from tick columns ("x" under "Đã hoàn thành" ...); None when nothing is ticked."""
    unknown = set(ticks) - TICK_KEYS
    if unknown:
        raise ValueError(f"unknown tick columns: {', '.join(sorted(unknown))}")
    ticked = {key for key, value in ticks.items() if is_tick(value)}
    state = _ticked_state(ticked)
    if state is None:
        return None
    if state == DONE:
        timing = _one_of(ticked, "done_on_time", "done_late", DONE)
    elif state == NOT_DONE:
        timing = _one_of(ticked, "not_done_in_time", "not_done_overdue", NOT_DONE)
    else:
        timing = None
    return Status(state, timing, "extension_requested" in ticked, None)
