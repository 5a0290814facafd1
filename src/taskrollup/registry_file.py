"""An agency registry file read entry by entry, with the line of each entry and key.

tomllib gives values but no line numbers, so the lines come from a scan of the text: a
`[[agency]]` header opens an entry, `key =` at the start of a line (outside a value that
spans lines) names a key of the entry open. Pure: the text comes in, entries come out.

The format (`docs/agencies.md`):

    replace_default = false          # true: this file is the whole registry
    [[agency]]
    name = "UBND huyện Cư Jút"       # the canonical name every output uses
    aliases = ["Cư Jút", "UBND H. Cư Jút"]
    from = 2004-01-01                # optional: its first day
    until = 2025-06-30               # optional: its last day
    successor = "UBND xã Cư Jút"     # optional, with until: who took its open tasks
"""

from __future__ import annotations

import datetime as dt
import re
import tomllib
from dataclasses import dataclass, field

from taskrollup.errors import UsageError

ENTRY_KEYS = ("name", "aliases", "from", "until", "successor")
TOP_KEYS = ("agency", "replace_default")

_STRING = re.compile(r'"(?:[^"\\]|\\.)*"|\'[^\']*\'')
_ENTRY = re.compile(r"\[\[\s*agency\s*\]\]\s*$")
_TABLE = re.compile(r"\[\[?\s*([^\[\]]+?)\s*\]\]?\s*$")
_KEY = re.compile(r'\s*("(?:[^"\\]|\\.)*"|\'[^\']*\'|[A-Za-z0-9_-]+)\s*=')


@dataclass
class Entry:
    """One `[[agency]]`: its values, the line of its header and the line of each key."""

    line: int
    values: dict[str, object]
    lines: dict[str, int] = field(default_factory=dict)

    def line_of(self, key: str) -> int:
        return self.lines.get(key, self.line)


@dataclass
class RegistryFile:
    """A registry file: its entries, its top-level keys (with their lines), where it came from."""

    origin: str
    entries: list[Entry]
    top: dict[str, object]
    top_lines: dict[str, int]

    @property
    def replaces_default(self) -> bool:
        return self.top.get("replace_default") is True


def _code(line: str) -> str:
    """A line without its strings and comment: what is left to count brackets in."""
    return _STRING.sub('""', line).split("#", 1)[0]


def _depth(code: str) -> int:
    """How many brackets and braces a piece of a line opens (negative: closes)."""
    return code.count("[") + code.count("{") - code.count("]") - code.count("}")


def _unquote(key: str) -> str:
    return key[1:-1] if key[:1] in "\"'" else key


def scan_lines(text: str) -> tuple[dict[str, int], list[tuple[int, dict[str, int]]]]:
    """The lines of the top-level keys and tables, and of each `[[agency]]` with its keys."""
    top: dict[str, int] = {}
    entries: list[tuple[int, dict[str, int]]] = []
    keys: dict[str, int] | None = top  # where the keys met go; None: inside another table
    depth = 0
    for number, line in enumerate(text.splitlines(), start=1):
        code = _code(line).strip()
        if depth > 0:
            depth = max(depth + _depth(code), 0)
        elif _ENTRY.match(code):
            entries.append((number, {}))
            keys = entries[-1][1]
        elif table := _TABLE.match(code):
            top.setdefault(_unquote(table[1].split(".")[0].strip()), number)  # [a.b]: the top key is a
            keys = None
        elif (key := _KEY.match(line)) and keys is not None:  # the line itself: a key may be quoted
            keys.setdefault(_unquote(key[1]), number)
            depth = max(_depth(_code(line[key.end():])), 0)
    return top, entries


def read_registry_file(text: str, origin: str) -> RegistryFile:
    """The entries of a registry file's text; a text that is not TOML is a usage error
    (its line in the message), a file that is TOML but not a registry has faults instead."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise UsageError(f"{origin}: not a valid registry file ({exc})") from exc
    top_lines, scanned = scan_lines(text)
    listed = data.get("agency", [])
    listed = listed if isinstance(listed, list) else []
    entries = []
    for i, values in enumerate(listed):
        line, lines = scanned[i] if i < len(scanned) else (top_lines.get("agency", 1), {})
        entries.append(Entry(line, values if isinstance(values, dict) else {}, lines))
    return RegistryFile(origin, entries, data, top_lines)


def as_date(value: object) -> dt.date | None:
    """A TOML date, or text 'YYYY-MM-DD'; None when it is neither."""
    if isinstance(value, dt.datetime):
        return None
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value.strip())
        except ValueError:
            return None
    return None
