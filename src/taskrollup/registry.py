"""Agency registry: every spelling that arrives resolves to one canonical name.

The default registry (Đắk Nông) ships in `data/agencies.toml`; a user file in
the same format extends it (`--registry FILE`). Matching is on `fold`ed text, so
accents, case, NFD, "&" and either apostrophe never need an alias of their own.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

from taskrollup.errors import UsageError
from taskrollup.text import fold

# Words a sheet puts before or after an agency name without changing it.
_DATE_LINE = re.compile(r"\bngay\b.*\bthang\b.*\bnam\b")
_NOISE = re.compile(r"^(?:co quan|don vi|cq|dv)\s+|\s+(?:chu tri|tinh dak nong|dak nong)$")


@dataclass
class Registry:
    """Canonical agency names and a folded-alias index over them."""

    names: list[str] = field(default_factory=list)
    index: dict[str, str] = field(default_factory=dict)
    # Answers of `resolve_many` by text: sheets repeat the same lists on thousands of rows
    # and every month. Emptied whenever the registry changes.
    _lists: dict[str, tuple[str, ...]] = field(default_factory=dict, repr=False, compare=False)

    def add(self, name: str, aliases: list[str]) -> None:
        if name not in self.names:
            self.names.append(name)
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
        bare = _NOISE.sub("", key).strip()
        return self.index.get(bare)

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


def _load_toml(text: str, origin: str, registry: Registry) -> None:
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise UsageError(f"{origin}: not a valid registry file ({exc})") from exc
    for entry in data.get("agency", []):
        if not isinstance(entry, dict) or not entry.get("name"):
            raise UsageError(f"{origin}: every [[agency]] needs a name")
        registry.add(str(entry["name"]), [str(a) for a in entry.get("aliases", [])])


def load_registry(extra: Path | None = None) -> Registry:
    """The default registry, extended by a user file when one is given."""
    registry = Registry()
    default = resources.files("taskrollup").joinpath("data/agencies.toml").read_text("utf-8")
    _load_toml(default, "default registry", registry)
    if extra is not None:
        try:
            text = Path(extra).read_text("utf-8")
        except OSError as exc:
            raise UsageError(f"cannot read registry file {extra}: {exc.strerror}") from exc
        _load_toml(text, str(extra), registry)
    return registry
