"""Agency registry: every spelling that arrives resolves to one canonical name, and each
agency's dates and successor say who holds its tasks on a given day.

The default registry (Đắk Nông) ships in `data/agencies.toml`; an office's file in the
same format (`--registry FILE`, or `[registry] file` of the settings) adds entries, or
overrides one of the same name (its aliases added, its dates and successor replaced), or
with `replace_default = true` is the whole registry. Matching is on `fold`ed text, so
accents, case, NFD, "&" and either apostrophe never need an alias of their own.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field, replace
from importlib import resources
from pathlib import Path

from taskrollup.errors import UsageError
from taskrollup.registry_file import RegistryFile, as_date, read_registry_file
from taskrollup.text import fold

DEFAULT_ORIGIN = "default registry"
# Words a sheet puts before or after an agency name without changing it.
_DATE_LINE = re.compile(r"\bngay\b.*\bthang\b.*\bnam\b")
_NOISE = re.compile(r"^(?:co quan|don vi|cq|dv)\s+|\s+chu tri$")
# "Sở Tài chính tỉnh Lâm Đồng", "Bộ Chỉ huy Quân sự tỉnh Đắk Nông": the province after "tỉnh".
_PROVINCE = re.compile(r"^(.+?) tinh( [a-z' ]+)$")


def _bare(key: str) -> list[str]:
    """A folded name without the words a sheet adds around it: "cơ quan", "chủ trì", the
    province after "tỉnh" (with "tỉnh" kept, then without), "Đắk Nông"."""
    bare = _NOISE.sub("", key).strip()
    found = [bare]
    if m := _PROVINCE.match(bare):
        found += [f"{m[1]} tinh", m[1]]
    if bare.endswith(" dak nong"):
        found.append(bare.removesuffix(" dak nong"))
    return found


@dataclass(frozen=True)
class Agency:
    """One agency: its canonical name, its other spellings, its days and its successor."""

    name: str
    aliases: tuple[str, ...] = ()
    start: dt.date | None = None  # 'from' in the file: its first day
    until: dt.date | None = None  # its last day
    successor: str | None = None  # the agency that took its open tasks after `until`

    def in_force(self, day: dt.date) -> bool:
        return (self.start is None or self.start <= day) and (self.until is None or day <= self.until)


@dataclass
class Registry:
    """Canonical agency names, a folded-alias index over them, and each agency's record."""

    names: list[str] = field(default_factory=list)
    index: dict[str, str] = field(default_factory=dict)
    agencies: dict[str, Agency] = field(default_factory=dict)
    # Answers of `resolve_many` by text: sheets repeat the same lists on thousands of rows
    # and every month. Emptied whenever the registry changes.
    _lists: dict[str, tuple[str, ...]] = field(default_factory=dict, repr=False, compare=False)

    def add(self, name: str, aliases: list[str] | tuple[str, ...] = (), **dates: object) -> None:
        """Add an agency, or more spellings of one; `start`, `until`, `successor` replace its own."""
        old = self.agencies.get(name, Agency(name))
        if name not in self.names:
            self.names.append(name)
        merged = tuple(dict.fromkeys([*old.aliases, *aliases]))
        self.agencies[name] = replace(old, aliases=merged, **dates)  # type: ignore[arg-type]
        for spelling in [name, *aliases]:
            self.index[fold(spelling)] = name
        self._lists.clear()

    def resolve(self, value: object) -> str | None:
        """Canonical name for a spelling, or None when the registry does not know it."""
        key = fold(value)
        if not key:
            return None
        if key in self.index:
            return self.index[key]
        return next((self.index[k] for k in _bare(key) if k in self.index), None)

    def resolve_many(self, value: object) -> list[str]:
        """Canonical names of a list such as 'Sở Tài chính, Sở KH&ĐT; UBND các huyện'."""
        text = str(value or "")
        names = self._lists.get(text)
        if names is None:
            found: list[str | None] = []
            for part in re.split(r"[,;\n+]", text):
                name = self.resolve(part)
                found.extend([name] if name else [self.resolve(p) for p in re.split(r"\s-\s", part)])
            names = tuple(n for n in dict.fromkeys(found) if n)
            if len(self._lists) < 100_000:
                self._lists[text] = names
        return list(names)

    def find_in(self, text: object) -> str | None:
        """An agency named inside a longer title line ('BÁO CÁO CỦA SỞ TÀI CHÍNH ...').

        Only spellings of 8 folded characters or more are searched, word-bounded,
        and the longest wins; a line addressed to someone ('Kính gửi: ...') is not
        the sender.
        """
        key = fold(text)
        if not key or key.startswith("kinh gui") or _DATE_LINE.search(key):
            return None
        best: tuple[int, str] | None = None
        for alias, name in self.index.items():
            if len(alias) >= 8 and re.search(rf"\b{re.escape(alias)}\b", key):
                if best is None or len(alias) > best[0]:
                    best = (len(alias), name)
        return best[1] if best else None

    def ended(self) -> list[Agency]:
        """The agencies that end on a day (`until`), in registry order."""
        return [a for a in map(self.agencies.__getitem__, self.names) if a.until is not None]

    def chain(self, name: str, day: dt.date) -> list[str]:
        """The successors that took `name`'s open tasks, one after the other, by `day` (each
        one's predecessor having ended before then); empty when none."""
        found: list[str] = []
        agency = self.agencies.get(name)
        while agency and agency.successor and agency.until and agency.until < day:
            if agency.successor in found or agency.successor == name:  # a cycle: refused when loaded
                break
            found.append(agency.successor)
            agency = self.agencies.get(agency.successor)
        return found

    def final(self, name: str, day: dt.date) -> str:
        """Who holds `name`'s tasks on `day`: the last of its successors that began by then."""
        return ([name, *self.chain(name, day)])[-1]


def apply_file(registry: Registry, found: RegistryFile) -> None:
    """Add a checked file's entries to `registry`; an entry of a known name overrides its
    dates and successor (those it gives) and adds its aliases. Successors are resolved once
    every entry is in, so one may name an agency given further down."""
    for entry in found.entries:
        values = entry.values
        dates = {attribute: as_date(values[key]) for key, attribute in (("from", "start"), ("until", "until"))
                 if key in values}
        registry.add(str(values["name"]), [str(a) for a in values.get("aliases", [])], **dates)
    for entry in found.entries:
        if "successor" in entry.values:
            written = str(entry.values["successor"])
            registry.add(str(entry.values["name"]), successor=registry.resolve(written) or written)


def default_text() -> str:
    return resources.files("taskrollup").joinpath("data/agencies.toml").read_text("utf-8")


def read_file(path: Path) -> RegistryFile:
    """An office's registry file, read (not yet checked); unreadable: a usage error."""
    try:
        text = Path(path).read_text("utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) else "not UTF-8 text"
        raise UsageError(f"cannot read registry file {path}: {reason}") from exc
    return read_registry_file(text, str(path))


def base_registry(found: RegistryFile | None = None) -> Registry:
    """The registry an office's file is read over: the default one, or none when the file
    replaces it."""
    registry = Registry()
    if found is None or not found.replaces_default:
        apply_file(registry, read_registry_file(default_text(), DEFAULT_ORIGIN))
    return registry


def load_registry(extra: Path | None = None) -> Registry:
    """The default registry, extended (or replaced) by an office's file when one is given.

    A file with faults (see `registry_faults`) is refused with the first of them."""
    from taskrollup.registry_faults import faults

    found = read_file(extra) if extra is not None else None
    registry = base_registry(found)
    if found is not None:
        problems = faults(found, registry)
        if problems:
            more = f" (and {len(problems) - 1} more: taskrollup agencies --check {extra} lists them)" \
                if len(problems) > 1 else ""
            raise UsageError(problems[0].text(found.origin) + more)
        apply_file(registry, found)
    return registry
