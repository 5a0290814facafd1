"""Reading a registry file: values from tomllib, the line of each entry and key from a scan."""

from __future__ import annotations

import datetime as dt

import pytest

from taskrollup.errors import UsageError
from taskrollup.registry_file import as_date, read_registry_file, scan_lines

TEXT = """\
# an office's registry
replace_default = false

[[agency]]   # a comment after the header
name = "UBND huyện Cư Jút"
aliases = [
    "Cư Jút",          # an alias = with an equals sign in the comment
    "UBND H. Cư Jút",
    "x = [not a key]",
]
until = 2025-06-30
"successor" = "UBND xã Cư Jút"

[[agency]]
name = "UBND xã Cư Jút"
from = 2025-07-01
[other]
name = "not an agency key"
"""


def test_scan_lines() -> None:
    """Entries and keys get their lines; keys inside a multi-line value or another table do not."""
    top, entries = scan_lines(TEXT)
    assert top == {"replace_default": 2, "other": 17}
    assert entries == [(4, {"name": 5, "aliases": 6, "until": 11, "successor": 12}),
                       (14, {"name": 15, "from": 16})]


def test_read_registry_file() -> None:
    """The values come from TOML (dates as dates), aligned with the scanned lines."""
    found = read_registry_file(TEXT, "co-quan.toml")
    assert [e.values["name"] for e in found.entries] == ["UBND huyện Cư Jút", "UBND xã Cư Jút"]
    assert found.entries[0].values["until"] == dt.date(2025, 6, 30)
    assert found.entries[0].line_of("successor") == 12 and found.entries[1].line_of("aliases") == 14
    assert not found.replaces_default


def test_not_toml_names_the_file_and_line() -> None:
    """A file that is not TOML is a usage error naming the file and where tomllib stopped."""
    with pytest.raises(UsageError, match=r"co-quan.toml: not a valid registry file.*line 2"):
        read_registry_file('[[agency]]\nname = "Sở Y tế\n', "co-quan.toml")


@pytest.mark.parametrize(("value", "expected"), [
    (dt.date(2025, 6, 30), dt.date(2025, 6, 30)),
    ("2025-06-30", dt.date(2025, 6, 30)),
    ("30/06/2025", None),
    (dt.datetime(2025, 6, 30, 8, 0), None),
    (20250630, None),
])
def test_as_date(value: object, expected: dt.date | None) -> None:
    """A TOML date or ISO text is a date; anything else is not."""
    assert as_date(value) == expected
