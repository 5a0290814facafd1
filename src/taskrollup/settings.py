"""Settings: the report's province, office, place, signer, programme documents and appendix
numbering (`[report]`), the period convention (`[periods]`), the office's agency registry
(`[registry]`), reader limits (`[limits]`) and column readings (`[columns]`).

Đắk Nông is the default; a TOML file (`--config FILE`, or `taskrollup.toml` in the
current folder) overrides any key.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field, fields, replace
from pathlib import Path

from taskrollup.columns import FIELDS, IGNORE, ColumnMap, header_key
from taskrollup.errors import UsageError
from taskrollup.periods import CALENDAR, check_convention
from taskrollup.registry import Registry
from taskrollup.zipcheck import Limits

DEFAULT_CONFIG = Path("taskrollup.toml")


@dataclass(frozen=True)
class ReportSettings:
    province: str = "Đắk Nông"
    authority_name: str = "Ủy ban nhân dân tỉnh Đắk Nông"
    authority_line1: str = "ỦY BAN NHÂN DÂN"
    authority_line2: str = "TỈNH ĐẮK NÔNG"
    place: str = "Gia Nghĩa"
    report_number: str = "      /BC-UBND"
    signer_role: str = "TM. ỦY BAN NHÂN DÂN"
    signer_title: str = "CHỦ TỊCH"
    signer_name: str = ""
    recipients: list[str] = field(default_factory=lambda: [
        "Văn phòng Chính phủ;", "Thường trực Tỉnh ủy;", "Thường trực HĐND tỉnh;",
        "Chủ tịch, các PCT UBND tỉnh;", "Các sở, ban, ngành; UBND các huyện, thành phố;",
        "Lưu: VT, TH."])
    programmes: list[str] = field(default_factory=lambda: ["42/QĐ-UBND", "43/QĐ-UBND", "26/KH-UBND"])
    appendix_numbering: str = "arabic"  # "arabic" -> Phụ lục 01; "roman" -> Phụ lục I


def _table(path: Path | None, name: str) -> tuple[Path | None, dict[str, object]]:
    """`[name]` of the settings file (given, else ./taskrollup.toml if present)."""
    source = path or (DEFAULT_CONFIG if DEFAULT_CONFIG.exists() else None)
    if source is None:
        return None, {}
    try:
        data = tomllib.loads(Path(source).read_text("utf-8")).get(name, {})
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise UsageError(f"cannot read settings file {source}: {exc}") from exc
    return Path(source), data


def _section(path: Path | None, name: str, known: set[str]) -> tuple[Path | None, dict[str, object]]:
    """The keys of `[name]` in the settings file, each one known."""
    source, data = _table(path, name)
    unknown = sorted(set(data) - known)
    if unknown:
        raise UsageError(f"{source}: unknown setting(s) in [{name}]: {', '.join(unknown)};"
                         f" known: {', '.join(sorted(known))}")
    return source, data


def load_settings(path: Path | None = None) -> ReportSettings:
    """Report settings: Đắk Nông's defaults, overridden by `[report]` of the settings file."""
    source, data = _section(path, "report", {f.name for f in fields(ReportSettings)})
    settings = replace(ReportSettings(), **data)
    if settings.appendix_numbering not in ("arabic", "roman"):
        raise UsageError(f"{source}: appendix_numbering must be 'arabic' or 'roman'")
    return settings


def load_convention(path: Path | None = None, option: str | None = None) -> str:
    """The period convention: `option` (--convention) when given, else `[periods] convention`
    of the settings file, else calendar."""
    if option:
        return check_convention(option)
    source, data = _section(path, "periods", {"convention"})
    convention = data.get("convention", CALENDAR)
    if not isinstance(convention, str) or convention not in ("calendar", "nd09"):
        raise UsageError(f"{source}: [periods] convention must be 'calendar' or 'nd09'")
    return convention


def registry_file(path: Path | None = None, option: Path | None = None) -> Path | None:
    """The office's registry file: `option` (--registry) when given, else `[registry] file` of
    the settings file (relative to the settings file's folder), else None."""
    if option is not None:
        return option
    source, data = _section(path, "registry", {"file"})
    name = data.get("file")
    if name is None:
        return None
    if not isinstance(name, str) or not name.strip():
        raise UsageError(f"{source}: [registry] file must name a file")
    return (source.parent if source else Path()) / name


def load_limits(path: Path | None = None) -> Limits:
    """Reader limits: defaults, overridden by `[limits]` of the settings file."""
    source, data = _section(path, "limits", {f.name for f in fields(Limits)})
    if not all(isinstance(v, int) and v > 0 for v in data.values()):
        raise UsageError(f"{source}: [limits] takes positive whole numbers")
    return replace(Limits(), **data)


def load_columns(path: Path | None, registry: Registry) -> ColumnMap:
    """The office's own readings of header texts: `[columns]` of the settings file, header
    text = field, and `[columns."<agency>"]` for one agency's files."""
    source, data = _table(path, "columns")
    common: dict[str, str] = {}
    by_agency: dict[str, dict[str, str]] = {}
    written: dict[str, str] = {}
    for key, value in data.items():
        if isinstance(value, dict):
            agency = registry.resolve(key)
            if agency is None:
                raise UsageError(f'{source}: [columns."{key}"] is not an agency of the registry')
            by_agency.setdefault(agency, {}).update(_column_lines(source, f'[columns."{key}"]', value, written))
        else:
            common.update(_column_lines(source, "[columns]", {key: value}, written))
    return ColumnMap(common, by_agency, written)


def _column_lines(source: Path | None, where: str, lines: dict[str, object],
                  written: dict[str, str]) -> dict[str, str]:
    """Header text = field lines, checked; the header texts folded as the reader folds them."""
    known = (*FIELDS, IGNORE)
    out: dict[str, str] = {}
    for text, name in lines.items():
        if name not in known:
            raise UsageError(f'{source}: {where} "{text}" = {name!r}: not a field; the fields are'
                             f" {', '.join(known)}")
        key = header_key(text)
        if not key:
            raise UsageError(f'{source}: {where} "{text}": an empty header text')
        out[key] = str(name)
        written.setdefault(key, text)
    return out
