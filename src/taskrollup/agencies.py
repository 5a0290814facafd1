"""`taskrollup agencies`: the registry in force on a day, and the check of an office's registry file."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from taskrollup.registry import Agency, Registry, base_registry, read_file
from taskrollup.registry_faults import Fault, faults


@dataclass
class Listing:
    """The agencies in force on `on`, those ended by then (each with the successors its open
    tasks passed to by that day, one after the other; none when it has no successor) and
    those not yet begun."""

    on: dt.date
    in_force: list[Agency]
    ended: list[tuple[Agency, list[str]]]
    not_yet: list[Agency]

    def to_dict(self) -> dict[str, object]:
        return {"on": self.on.isoformat(), "in_force": [record(a) for a in self.in_force],
                "ended": [record(a) | {"held_by": (chain or [a.name])[-1], "chain": chain} for a, chain in self.ended],
                "not_yet": [record(a) for a in self.not_yet]}


def record(agency: Agency) -> dict[str, object]:
    """An agency as plain values (dates ISO, None when not given)."""
    return {"name": agency.name, "aliases": list(agency.aliases),
            "from": agency.start.isoformat() if agency.start else None,
            "until": agency.until.isoformat() if agency.until else None, "successor": agency.successor}


def listing(registry: Registry, on: dt.date) -> Listing:
    """The registry as it stands on a day."""
    every = [registry.agencies[n] for n in registry.names]
    return Listing(on, [a for a in every if a.in_force(on)],
                   [(a, registry.chain(a.name, on)) for a in every if a.until is not None and a.until < on],
                   [a for a in every if a.start is not None and on < a.start])


@dataclass
class FileCheck:
    """The faults of an office's registry file, and how many entries it has."""

    path: Path
    entries: int
    faults: list[Fault]

    @property
    def exit_code(self) -> int:
        return 1 if self.faults else 0

    def to_dict(self) -> dict[str, object]:
        return {"file": str(self.path), "entries": self.entries, "exit_code": self.exit_code,
                "faults": [f.to_dict() for f in self.faults]}


def check_file(path: Path) -> FileCheck:
    """Every fault of the file at `path`, read over the default registry (or over none when it
    replaces it). A file that cannot be read, or is not TOML, is a usage error."""
    found = read_file(path)
    return FileCheck(path, len(found.entries), faults(found, base_registry(found)))
