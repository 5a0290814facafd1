"""The faults of an office's registry file, each with its line. Pure: a read file and the
registry it is read over (the default one, or none) come in, faults come out.

A fault is a code and a message: unknown keys, values of the wrong kind, dates that are not
dates or end before they begin, one agency given twice (with overlapping dates or not), a
successor the registry does not know or whose dates do not take over the day after, two
agencies claiming one spelling, successors in a cycle. `taskrollup agencies --check FILE`
lists them all; loading a file with any refuses it with the first.
"""

from __future__ import annotations

import copy
import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass

from taskrollup.registry import Agency, Registry, apply_file
from taskrollup.registry_file import ENTRY_KEYS, TOP_KEYS, Entry, RegistryFile, as_date
from taskrollup.text import fold

CODES = {
    "unknown-key": "a key the format does not have",
    "bad-value": "a value of the wrong kind",
    "no-name": "an entry without a name",
    "not-a-date": "a date that is not a date",
    "until-before-from": "an agency that ends before it begins",
    "overlapping-dates": "one agency given twice, with dates that overlap",
    "duplicate": "one agency given twice",
    "no-until": "a successor without the day the agency ended",
    "unknown-successor": "a successor the registry does not know",
    "successor-dates": "a successor that does not exist the day after the agency ends",
    "alias-clash": "two agencies claiming one spelling",
    "cycle": "successors in a cycle",
}


@dataclass(frozen=True)
class Fault:
    line: int
    code: str
    message: str

    def text(self, origin: str) -> str:
        return f"{origin}:{self.line}: {self.message}"

    def to_dict(self) -> dict[str, object]:
        return {"line": self.line, "code": self.code, "message": self.message}


def faults(found: RegistryFile, base: Registry) -> list[Fault]:
    """Every fault of the file read over `base`, in line order."""
    entries = [e for e in found.entries if isinstance(e.values.get("name"), str) and e.values["name"].strip()]
    merged = _merged(base, entries)
    every = [*_top(found), *(f for e in found.entries for f in _entry(e)), *_twice(entries),
             *_spellings(entries, base), *_successors(entries, merged), *_cycles(entries, merged)]
    return sorted(every, key=lambda f: (f.line, f.code))


def _top(found: RegistryFile) -> Iterator[Fault]:
    for key in found.top:
        if key not in TOP_KEYS:
            yield Fault(found.top_lines.get(key, 1), "unknown-key",
                        f"unknown key '{key}': a registry file holds [[agency]] entries and replace_default")
    agency = found.top.get("agency", [])
    if not isinstance(agency, list) or not all(isinstance(a, dict) for a in agency):
        yield Fault(found.top_lines.get("agency", 1), "bad-value", "'agency' must be [[agency]] entries")
    if "replace_default" in found.top and not isinstance(found.top["replace_default"], bool):
        yield Fault(found.top_lines.get("replace_default", 1), "bad-value", "replace_default is true or false")


def _entry(entry: Entry) -> Iterator[Fault]:
    """The faults of one entry read alone."""
    values, name = entry.values, entry.values.get("name")
    if not isinstance(name, str) or not name.strip():
        yield Fault(entry.line, "no-name", "[[agency]] without a name")
    label = f"'{name}'" if isinstance(name, str) else "[[agency]]"
    for key in values:
        if key not in ENTRY_KEYS:
            yield Fault(entry.line_of(key), "unknown-key",
                        f"{label}: unknown key '{key}'; the keys are {', '.join(ENTRY_KEYS)}")
    aliases = values.get("aliases", [])
    if not isinstance(aliases, list) or not all(isinstance(a, str) for a in aliases):
        yield Fault(entry.line_of("aliases"), "bad-value", f"{label}: aliases is a list of texts")
    if "successor" in values and not isinstance(values["successor"], str):
        yield Fault(entry.line_of("successor"), "bad-value", f"{label}: successor is an agency's name")
    yield from _dates(entry, label)


def _dates(entry: Entry, label: str) -> Iterator[Fault]:
    values = entry.values
    for key in ("from", "until"):
        if key in values and as_date(values[key]) is None:
            yield Fault(entry.line_of(key), "not-a-date",
                        f"{label}: {key} = {values[key]!r} is not a date (write 2025-06-30)")
    start, until = _span(entry)
    if start and until and until < start:
        yield Fault(entry.line_of("until"), "until-before-from",
                    f"{label}: until {until.isoformat()} is before from {start.isoformat()}")


def _span(entry: Entry) -> tuple[dt.date | None, dt.date | None]:
    return as_date(entry.values.get("from")), as_date(entry.values.get("until"))


def _overlap(a: Entry, b: Entry) -> bool:
    (a0, a1), (b0, b1) = _span(a), _span(b)
    return (a0 or dt.date.min) <= (b1 or dt.date.max) and (b0 or dt.date.min) <= (a1 or dt.date.max)


def _twice(entries: list[Entry]) -> Iterator[Fault]:
    """An agency given twice in the file (by its folded name)."""
    first: dict[str, Entry] = {}
    for entry in entries:
        name = str(entry.values["name"])
        seen = first.setdefault(fold(name), entry)
        if seen is entry:
            continue
        if _overlap(seen, entry):
            yield Fault(entry.line, "overlapping-dates",
                        f"'{name}' is given again (first at line {seen.line}) with dates that overlap")
        else:
            yield Fault(entry.line, "duplicate",
                        f"'{name}' is given again (first at line {seen.line}): one entry per agency")


def _spellings(entries: list[Entry], base: Registry) -> Iterator[Fault]:
    """A name or alias that is already another agency's spelling, in `base` or earlier in the file."""
    owners = {k: (name, "the default registry") for k, name in base.index.items()}
    for entry in entries:
        name = str(entry.values["name"])
        aliases = entry.values.get("aliases", [])
        spellings = [("name", name)] + [("aliases", a) for a in aliases if isinstance(a, str)]
        for key, spelling in spellings:
            owner, where = owners.setdefault(fold(spelling), (name, f"line {entry.line}"))
            if owner != name:
                yield Fault(entry.line_of(key), "alias-clash",
                            f"'{spelling}' of '{name}' is already a spelling of '{owner}' ({where})")


def _merged(base: Registry, entries: list[Entry]) -> dict[str, Agency]:
    """The agencies once the file's well-formed values are applied, as loading applies them."""
    registry = copy.deepcopy(base)
    apply_file(registry, RegistryFile("", [Entry(e.line, {k: v for k, v in e.values.items() if _well_formed(k, v)})
                                           for e in entries], {}, {}))
    return registry.agencies


def _well_formed(key: str, value: object) -> bool:
    if key == "aliases":
        return isinstance(value, list) and all(isinstance(a, str) for a in value)
    if key in ("from", "until"):
        return as_date(value) is not None
    return key in ("name", "successor") and isinstance(value, str)


def _successors(entries: list[Entry], merged: dict[str, Agency]) -> Iterator[Fault]:
    """A successor the registry does not know, or one not in force the day after."""
    for entry in entries:
        successor = entry.values.get("successor")
        if not isinstance(successor, str):
            continue
        agency = merged[str(entry.values["name"])]
        line = entry.line_of("successor")
        heir = merged.get(agency.successor or "")
        if agency.until is None:
            yield Fault(line, "no-until", f"'{agency.name}': a successor needs until, the agency's last day")
        elif heir is None:
            yield Fault(line, "unknown-successor", f"'{agency.name}': successor '{successor}' is not an"
                        " agency of the registry (add it as an [[agency]])")
        elif not heir.in_force(day := agency.until + dt.timedelta(days=1)):
            when = f"begins only on {heir.start}" if heir.start and heir.start > day else f"ends on {heir.until}"
            yield Fault(line, "successor-dates", f"'{agency.name}' ends on {agency.until.isoformat()} but its"
                        f" successor '{heir.name}' {when}: it must exist on {day.isoformat()}")


def _cycles(entries: list[Entry], merged: dict[str, Agency]) -> Iterator[Fault]:
    """Successors that lead back to an agency already on the way, once per cycle."""
    reported: set[frozenset[str]] = set()
    for entry in entries:
        if "successor" not in entry.values:
            continue
        path = [str(entry.values["name"])]
        while (nxt := merged.get(path[-1])) and nxt.successor and nxt.successor in merged:
            if nxt.successor in path:
                ring = path[path.index(nxt.successor):]
                if frozenset(ring) not in reported:
                    reported.add(frozenset(ring))
                    yield Fault(entry.line_of("successor"), "cycle",
                                "successors run in a cycle: " + " → ".join([*ring, ring[0]]))
                break
            path.append(nxt.successor)
