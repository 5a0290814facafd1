"""Which month a submission reports on and which agency sent it, from its title block,
its file name or the options given."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from taskrollup import dates
from taskrollup.errors import InputFileError, UsageError
from taskrollup.extract import SheetTable
from taskrollup.registry import Registry


def parse_month_option(text: str | None) -> str | None:
    """'2021-06' (or '6/2021') -> '2021-06'; None passes through."""
    if text is None:
        return None
    found = dates.parse_month(text) or dates.parse_month(f"tháng {text}")
    if found is None:
        raise UsageError(f"--month {text!r}: give the reporting month as YYYY-MM, e.g. 2021-06")
    return f"{found[0]:04d}-{found[1]:02d}"


def detect_month(path: Path, tables: list[SheetTable], option: str | None) -> str:
    """The reporting month: the option, else the first 'THÁNG 6 NĂM 2021' of a title
    block, else a month in the folder or file name."""
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


def detect_agency(tables: list[SheetTable], registry: Registry, option: str | None) -> str | None:
    """The submitting agency: the option, else a title line that is an agency's name,
    else an agency named inside a title line; None when no title names one."""
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


def agency_in_rows(rows: list[list[object]], registry: Registry) -> str | None:
    """The agency a sheet's first rows name (a line that is its name, else a name inside a
    line), as `detect_agency` reads a title block; None when none does."""
    texts = [v for row in rows for v in row if isinstance(v, str) and v.strip()]
    for text in texts:
        for line in text.split("\n"):
            name = registry.resolve(line)
            if name:
                return name
    return next((name for text in texts if (name := registry.find_in(text))), None)


def majority_lead(tables: list[SheetTable], registry: Registry) -> str | None:
    """The lead agency most rows name, for a file whose title names none."""
    counts: Counter[str] = Counter()
    for table in tables:
        if "agency" not in table.header.columns:
            continue
        for value in table.column("agency"):
            name = registry.resolve(str(value or ""))
            if name:
                counts[name] += 1
    return counts.most_common(1)[0][0] if counts else None
