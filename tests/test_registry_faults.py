"""`taskrollup agencies --check`: each fault of an office's registry file, with its line."""

from __future__ import annotations

import pytest

from taskrollup.registry import DEFAULT_ORIGIN, Registry, base_registry, default_text
from taskrollup.registry_faults import CODES, faults
from taskrollup.registry_file import read_registry_file


def found(text: str) -> list[tuple[int, str, str]]:
    """(line, code, message) of each fault of `text`, read over the default registry."""
    read = read_registry_file(text, "co-quan.toml")
    return [(f.line, f.code, f.message) for f in faults(read, base_registry(read))]


def test_default_registry_has_no_faults() -> None:
    """The registry the tool ships is clean."""
    assert faults(read_registry_file(default_text(), DEFAULT_ORIGIN), Registry()) == []


def test_a_clean_file() -> None:
    """A new agency, a successor named for a district of the default registry (its until is
    there already), a chain through a department that ended: no faults."""
    assert found('[[agency]]\nname = "UBND xã Cư Jút"\naliases = ["xã Cư Jút"]\nfrom = 2025-07-01\n'
                 '[[agency]]\nname = "UBND huyện Cư Jút"\nsuccessor = "xã Cư Jút"\n'
                 '[[agency]]\nname = "Sở Công Thương"\nuntil = 2024-12-31\nsuccessor = "Sở Kế hoạch và Đầu tư"\n') == []


def test_unknown_key() -> None:
    """A key the format does not have (a misspelt successor) is named with its line, and so is
    an unknown table."""
    assert found('[[agency]]\nname = "UBND huyện Cư Jút"\nsuccesor = "Sở Tài chính"\n[agencies]\nx = 1\n') == [
        (3, "unknown-key", "'UBND huyện Cư Jút': unknown key 'succesor'; the keys are name, aliases, from,"
                           " until, successor"),
        (4, "unknown-key", "unknown key 'agencies': a registry file holds [[agency]] entries and replace_default"),
    ]


def test_unknown_successor() -> None:
    """A successor the registry does not know."""
    assert found('[[agency]]\nname = "UBND huyện Cư Jút"\n\nsuccessor = "UBND xã Không Có"\n') == [
        (4, "unknown-successor", "'UBND huyện Cư Jút': successor 'UBND xã Không Có' is not an agency of"
                                 " the registry (add it as an [[agency]])")]


def test_until_before_from() -> None:
    """An agency that ends before it begins."""
    assert found('[[agency]]\nname = "Sở Du lịch"\nfrom = 2025-03-01\nuntil = 2025-02-28\n') == [
        (4, "until-before-from", "'Sở Du lịch': until 2025-02-28 is before from 2025-03-01")]


def test_overlapping_dates() -> None:
    """One agency given twice with dates that overlap; given twice apart, still one entry too many."""
    assert found('[[agency]]\nname = "Sở Du lịch"\nfrom = 2020-01-01\nuntil = 2023-12-31\n'
                 '[[agency]]\nname = "Sở Du lịch"\nfrom = 2023-06-01\n') == [
        (5, "overlapping-dates", "'Sở Du lịch' is given again (first at line 1) with dates that overlap")]
    assert [f[1] for f in found('[[agency]]\nname = "Sở Du lịch"\nuntil = 2020-12-31\n'
                                '[[agency]]\nname = "Sở Du lịch"\nfrom = 2023-06-01\n')] == ["duplicate"]


def test_successor_dates() -> None:
    """A successor that does not exist the day after the agency ends."""
    assert found('[[agency]]\nname = "Sở Du lịch"\nfrom = 2025-09-01\n'
                 '[[agency]]\nname = "Sở Văn hóa, Thể thao và Du lịch"\nuntil = 2025-06-30\nsuccessor = "Sở Du lịch"\n') == [
        (7, "successor-dates", "'Sở Văn hóa, Thể thao và Du lịch' ends on 2025-06-30 but its successor 'Sở Du"
                               " lịch' begins only on 2025-09-01: it must exist on 2025-07-01")]
    assert found('[[agency]]\nname = "Sở Du lịch"\nuntil = 2025-01-31\n'
                 '[[agency]]\nname = "Sở Y tế"\nuntil = 2025-06-30\nsuccessor = "Sở Du lịch"\n')[0][2].endswith(
        "successor 'Sở Du lịch' ends on 2025-01-31: it must exist on 2025-07-01")


def test_successor_without_until() -> None:
    """A successor needs the day the agency ended."""
    assert [f[:2] for f in found('[[agency]]\nname = "Sở Y tế"\nsuccessor = "Sở Nội vụ"\n')] == [(3, "no-until")]


def test_two_agencies_claim_one_abbreviation() -> None:
    """An alias that is already another agency's spelling, in the default registry or earlier in the file."""
    assert found('[[agency]]\nname = "Sở Du lịch"\naliases = ["SDL", "STC"]\n'
                 '[[agency]]\nname = "Sở Ngoại vụ"\naliases = ["SNgV", "sdl"]\n') == [
        (3, "alias-clash", "'STC' of 'Sở Du lịch' is already a spelling of 'Sở Tài chính' (the default registry)"),
        (6, "alias-clash", "'sdl' of 'Sở Ngoại vụ' is already a spelling of 'Sở Du lịch' (line 1)"),
    ]


def test_successor_cycle() -> None:
    """Successors that lead back: A → B → A is one fault, at the line of the successor that closes it."""
    text = ('[[agency]]\nname = "Sở A"\nuntil = 2025-02-28\nsuccessor = "Sở B"\n'
            '[[agency]]\nname = "Sở B"\nuntil = 2025-02-28\nsuccessor = "Sở A"\n')
    assert [f for f in found(text) if f[1] == "cycle"] == [
        (4, "cycle", "successors run in a cycle: Sở A → Sở B → Sở A")]


def test_bad_values() -> None:
    """Values of the wrong kind: aliases not a list, a date that is not one, no name."""
    text = '[[agency]]\nname = "Sở Du lịch"\naliases = "SDL"\nuntil = "30/06/2025"\n[[agency]]\naliases = ["X"]\n'
    assert [f[:2] for f in found(text)] == [(3, "bad-value"), (4, "not-a-date"), (5, "no-name")]


@pytest.mark.parametrize("code", sorted(CODES))
def test_every_code_is_described(code: str) -> None:
    """Each fault code has words saying what it is."""
    assert CODES[code]
