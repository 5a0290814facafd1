"""Agency names: every spelling that arrives resolves to one canonical name."""

from __future__ import annotations

from pathlib import Path

import pytest

from taskrollup.errors import UsageError
from taskrollup.legacy import encode_tcvn3
from taskrollup.registry import Registry, load_registry


@pytest.mark.parametrize(
    ("raw", "canonical"),
    [
        ("Sở Tài chính", "Sở Tài chính"),
        ("SỞ TÀI CHÍNH", "Sở Tài chính"),
        ("So Tai chinh", "Sở Tài chính"),
        ("STC", "Sở Tài chính"),
        ("Sở KH&ĐT", "Sở Kế hoạch và Đầu tư"),
        ("Sở KH & ĐT", "Sở Kế hoạch và Đầu tư"),
        ("Sở GD&ĐT", "Sở Giáo dục và Đào tạo"),
        ("Sở TN&MT", "Sở Tài nguyên và Môi trường"),
        ("Sở LĐ-TB&XH", "Sở Lao động - Thương binh và Xã hội"),
        ("Sở Lao động - Thương binh và Xã hội", "Sở Lao động - Thương binh và Xã hội"),
        ("CA tỉnh", "Công an tỉnh"),
        ("UBND TP Gia Nghĩa", "UBND thành phố Gia Nghĩa"),
        ("UBND TP. Gia Nghĩa", "UBND thành phố Gia Nghĩa"),
        ("UBND huyện Cư Jút", "UBND huyện Cư Jút"),
        ("UBND HUYỆN CƯ JÚT", "UBND huyện Cư Jút"),
        ("Đắk R’Lấp", "UBND huyện Đắk R'lấp"),
        ("UBND huyện Đắk R'lấp", "UBND huyện Đắk R'lấp"),
        ("UBND huyện Đăk R'Lấp", "UBND huyện Đắk R'lấp"),
        ("Sở Y tế".replace("ế", "ê\u0301"), "Sở Y tế"),  # NFD
        ("BQL các KCN", "Ban Quản lý các khu công nghiệp"),
        ("Cơ quan: Sở Y tế", "Sở Y tế"),
        ("Sở Ngoại vụ", None),
        ("UBND tỉnh Đắk Nông", None),
        ("", None),
    ],
)
def test_resolve(registry: Registry, raw: str, canonical: str | None) -> None:
    """Abbreviations, case, accents, NFD and apostrophes resolve; unknown names do not."""
    assert registry.resolve(raw) == canonical


def test_tcvn3_name_resolves_after_decoding(registry: Registry) -> None:
    """A TCVN3-encoded name resolves once decoded (decoding is the reader's job)."""
    from taskrollup.legacy import fix_legacy

    assert registry.resolve(fix_legacy(encode_tcvn3("Sở Tài chính"))) == "Sở Tài chính"


def test_resolve_many(registry: Registry) -> None:
    """A list of coordinators resolves name by name, keeping names with a dash whole."""
    assert registry.resolve_many("Sở KH&ĐT, STC; Sở Lao động - Thương binh và Xã hội") == [
        "Sở Kế hoạch và Đầu tư", "Sở Tài chính", "Sở Lao động - Thương binh và Xã hội"]


def test_find_in_title(registry: Registry) -> None:
    """An agency named in a title line is found; a place-and-date line is not an agency."""
    assert registry.find_in("BÁO CÁO CỦA SỞ TÀI CHÍNH THÁNG 6") == "Sở Tài chính"
    assert registry.find_in("Gia Nghĩa, ngày 05 tháng 7 năm 2021") is None
    assert registry.find_in("Kính gửi: Văn phòng UBND tỉnh") is None


def test_user_registry_extends_default(tmp_path: Path) -> None:
    """A user file adds agencies and aliases to the default registry."""
    extra = tmp_path / "more.toml"
    extra.write_text('[[agency]]\nname = "Sở Ngoại vụ"\naliases = ["SNgV"]\n'
                     '[[agency]]\nname = "Sở Tài chính"\naliases = ["Phòng TC"]\n', "utf-8")
    reg = load_registry(extra)
    assert reg.resolve("SNgV") == "Sở Ngoại vụ"
    assert reg.resolve("Phòng TC") == "Sở Tài chính"
    assert reg.resolve("STC") == "Sở Tài chính"


def test_bad_registry_file(tmp_path: Path) -> None:
    """A broken registry file is a usage error naming the file."""
    bad = tmp_path / "bad.toml"
    bad.write_text("[[agency]\nname=", "utf-8")
    with pytest.raises(UsageError, match="bad.toml"):
        load_registry(bad)


@pytest.mark.parametrize(("raw", "canonical"), [
    ("Sở Tài chính tỉnh Đắk Nông", "Sở Tài chính"),
    ("Sở Tài chính tỉnh Lâm Đồng", "Sở Tài chính"),
    ("Bộ Chỉ huy Quân sự tỉnh Đắk Nông", "Bộ Chỉ huy Quân sự tỉnh"),
    ("Công an tỉnh Đắk Nông", "Công an tỉnh"),
    ("Sở Y tế Đắk Nông", "Sở Y tế"),
    ("UBND tỉnh Lâm Đồng", None),
])
def test_province_after_the_name(registry: Registry, raw: str, canonical: str | None) -> None:
    """A province named after 'tỉnh' (any province, not only Đắk Nông) is not part of the agency's name."""
    assert registry.resolve(raw) == canonical


def test_default_registry_dates(registry: Registry) -> None:
    """The default registry knows the 2025 changes: merged departments from 01/03/2025, the
    districts ended on 30/06/2025 without a successor (their tasks went many ways)."""
    import datetime as dt

    kh = registry.agencies["Sở Kế hoạch và Đầu tư"]
    assert (kh.until, kh.successor) == (dt.date(2025, 2, 28), "Sở Tài chính")
    assert registry.agencies["Sở Nông nghiệp và Môi trường"].start == dt.date(2025, 3, 1)
    assert registry.resolve("Sở NN&MT") == "Sở Nông nghiệp và Môi trường"
    cu_jut = registry.agencies["UBND huyện Cư Jút"]
    assert (cu_jut.until, cu_jut.successor) == (dt.date(2025, 6, 30), None)
    assert registry.final("Sở Kế hoạch và Đầu tư", dt.date(2025, 2, 28)) == "Sở Kế hoạch và Đầu tư"
    assert registry.final("Sở Kế hoạch và Đầu tư", dt.date(2025, 3, 1)) == "Sở Tài chính"


def test_office_file_names_successors_and_chains(tmp_path: Path) -> None:
    """An office's file gives a district of the default registry a successor (its until stays),
    adds the successor, and a chain A → B → C resolves to the last that began by the day."""
    import datetime as dt

    extra = tmp_path / "co-quan.toml"
    extra.write_text('[[agency]]\nname = "UBND huyện Cư Jút"\nsuccessor = "UBND xã Cư Jút"\n'
                     '[[agency]]\nname = "UBND xã Cư Jút"\naliases = ["xã Cư Jút"]\nfrom = 2025-07-01\n'
                     'until = 2026-03-31\nsuccessor = "Sở Tài chính"\n', "utf-8")
    reg = load_registry(extra)
    assert reg.agencies["UBND huyện Cư Jút"].until == dt.date(2025, 6, 30)
    assert reg.agencies["UBND huyện Cư Jút"].successor == "UBND xã Cư Jút"
    assert reg.final("UBND huyện Cư Jút", dt.date(2025, 6, 30)) == "UBND huyện Cư Jút"
    assert reg.final("UBND huyện Cư Jút", dt.date(2025, 7, 1)) == "UBND xã Cư Jút"
    assert reg.final("UBND huyện Cư Jút", dt.date(2026, 4, 1)) == "Sở Tài chính"
    assert reg.chain("UBND huyện Cư Jút", dt.date(2026, 4, 1)) == ["UBND xã Cư Jút", "Sở Tài chính"]
    assert reg.chain("Sở Y tế", dt.date(2026, 4, 1)) == []


def test_office_file_may_replace_the_default(tmp_path: Path) -> None:
    """replace_default = true: the file is the whole registry."""
    extra = tmp_path / "tinh-khac.toml"
    extra.write_text('replace_default = true\n[[agency]]\nname = "Sở Ngoại vụ"\naliases = ["SNgV"]\n', "utf-8")
    reg = load_registry(extra)
    assert reg.names == ["Sở Ngoại vụ"] and reg.resolve("STC") is None


def test_faulty_file_refused_with_its_line(tmp_path: Path) -> None:
    """Loading a file with faults is a usage error naming the first with its line, and the command
    that lists them all."""
    bad = tmp_path / "co-quan.toml"
    bad.write_text('[[agency]]\nname = "UBND huyện Cư Jút"\nsuccessor = "UBND xã Không Có"\ncolour = 1\n', "utf-8")
    with pytest.raises(UsageError, match=r"co-quan.toml:3: 'UBND huyện Cư Jút': successor 'UBND xã Không Có'"
                                         r".*and 1 more: taskrollup agencies --check"):
        load_registry(bad)
