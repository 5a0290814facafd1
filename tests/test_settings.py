"""Settings files: report settings and reader limits, with clear errors."""

from __future__ import annotations

from pathlib import Path

import pytest

from taskrollup.errors import UsageError
from taskrollup.registry import Registry
from taskrollup.render_docx import xml_safe
from taskrollup.settings import (
    ReportSettings,
    load_columns,
    load_convention,
    load_limits,
    load_settings,
    registry_file,
)
from taskrollup.zipcheck import Limits


def test_defaults_without_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """No settings file: Đắk Nông defaults and the default limits."""
    monkeypatch.chdir(tmp_path)
    assert load_settings() == ReportSettings() and load_limits() == Limits()


def test_file_overrides(tmp_path: Path) -> None:
    """[report] and [limits] keys override the defaults."""
    cfg = tmp_path / "t.toml"
    cfg.write_text('[report]\nplace = "Buôn Ma Thuột"\nappendix_numbering = "roman"\n'
                   "[limits]\nmax_rows = 5000\n", "utf-8")
    assert load_settings(cfg).place == "Buôn Ma Thuột"
    assert load_settings(cfg).appendix_numbering == "roman"
    assert load_limits(cfg).max_rows == 5000 and load_limits(cfg).max_columns == Limits().max_columns


@pytest.mark.parametrize("text", ['[report]\ncolour = "red"\n', '[report]\nappendix_numbering = "greek"\n',
                                  "[limits]\nmax_rows = -1\n", "[report\n"])
def test_bad_settings(tmp_path: Path, text: str) -> None:
    """Unknown keys, bad values and broken TOML are usage errors naming the file."""
    cfg = tmp_path / "bad.toml"
    cfg.write_text(text, "utf-8")
    with pytest.raises(UsageError, match="bad.toml"):
        load_settings(cfg)
        load_limits(cfg)


def test_xml_forbidden_characters_removed() -> None:
    """Characters XML forbids are removed from every string before a DOCX sees them."""
    assert xml_safe({"a": ["x\x00y\x0bz", "ok & <b>"], "n": 3}) == {"a": ["xyz", "ok & <b>"], "n": 3}


def test_columns_lines(tmp_path: Path, registry: Registry) -> None:
    """[columns] maps header texts, folded, to fields; an agency's own lines go apart."""
    cfg = tmp_path / "t.toml"
    cfg.write_text('[columns]\n"Trích yếu nội dung nhiệm vụ" = "content"\n"Cột phụ (x)" = "ignore"\n'
                   '[columns."Sở Y tế"]\n"Tóm tắt" = "content"\n', "utf-8")
    cmap = load_columns(cfg, registry)
    assert cmap.common == {"trich yeu noi dung nhiem vu": "content", "cot phu": "ignore"}
    assert cmap.by_agency == {"Sở Y tế": {"tom tat": "content"}}
    assert cmap.written["tom tat"] == "Tóm tắt"


@pytest.mark.parametrize(("text", "message"), [
    ('[columns]\n"Tóm tắt" = "contents"\n', "not a field; the fields are stt, source_id"),
    ('[columns]\n"Tóm tắt" = 3\n', "not a field"),
    ('[columns."Sở Không Có"]\n"Tóm tắt" = "content"\n', "not an agency of the registry"),
    ('[columns]\n"()" = "content"\n', "an empty header text"),
])
def test_bad_columns_lines(tmp_path: Path, registry: Registry, text: str, message: str) -> None:
    """An unknown field (the fields listed), an unknown agency, an empty header: usage errors."""
    cfg = tmp_path / "bad.toml"
    cfg.write_text(text, "utf-8")
    with pytest.raises(UsageError, match=message):
        load_columns(cfg, registry)


def test_period_convention(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """[periods] convention sets the default; --convention overrides it; without either, calendar."""
    monkeypatch.chdir(tmp_path)
    assert load_convention() == "calendar"
    cfg = tmp_path / "t.toml"
    cfg.write_text('[periods]\nconvention = "nd09"\n', "utf-8")
    assert load_convention(cfg) == "nd09"
    assert load_convention(cfg, "calendar") == "calendar"


@pytest.mark.parametrize("text", ['[periods]\nconvention = "lunar"\n', '[periods]\nstart_day = 15\n'])
def test_bad_period_convention(tmp_path: Path, text: str) -> None:
    """A convention other than calendar or nd09, or an unknown key of [periods], names the file."""
    cfg = tmp_path / "bad.toml"
    cfg.write_text(text, "utf-8")
    with pytest.raises(UsageError, match="bad.toml"):
        load_convention(cfg)


def test_registry_file_setting(tmp_path: Path) -> None:
    """[registry] file names the office's registry, relative to the settings file; --registry wins."""
    cfg = tmp_path / "office" / "t.toml"
    cfg.parent.mkdir()
    cfg.write_text('[registry]\nfile = "co-quan.toml"\n', "utf-8")
    assert registry_file(cfg) == tmp_path / "office" / "co-quan.toml"
    assert registry_file(cfg, Path("other.toml")) == Path("other.toml")
    cfg.write_text("[registry]\nfile = 3\n", "utf-8")
    with pytest.raises(UsageError, match="must name a file"):
        registry_file(cfg)
