"""What a sheet that cannot be read is told as: the rows seen, what was missing, the line that reads it."""

from __future__ import annotations

import pytest

from taskrollup.diagnose import no_table, short, toml_line


@pytest.mark.parametrize(
    ("label", "line"),
    [
        ("Tóm tắt", '"Tóm tắt" = "content"'),
        ("Trích yếu\nnội dung", '"Trích yếu nội dung" = "content"'),
        ('Nội dung "chính"', '"Nội dung \\"chính\\"" = "content"'),
        ("Nhóm /  Nội dung", '"Nhóm / Nội dung" = "content"'),
    ],
)
def test_toml_line(label: str, line: str) -> None:
    """The proposed line is valid TOML on one line, the header as the sheet writes it."""
    assert toml_line(label, "content") == line


def test_short_cuts_long_cells() -> None:
    """A long cell is shown cut, on one line."""
    assert short("Nội dung\nnhiệm vụ được giao cụ thể", 12) == "Nội dung nh…"


def test_no_table_without_any_header_row() -> None:
    """A sheet of values only says it has no header."""
    assert no_table("S", [[1, 2, 3], [44211, 5, 6]]) == ["sheet 'S': no row names two columns (no header)"]


def test_no_table_proposes_the_column_of_longest_text() -> None:
    """The unread column whose values run longest is proposed as the content."""
    grid = [["STT", "Mã", "Tóm tắt", "Thời hạn", "Tình trạng"],
            [1, "A1", "Kiện toàn mạng lưới y tế cơ sở trên địa bàn", "30/6/2021", "Đang thực hiện"]]
    lines = no_table("BC", grid)
    assert lines[:2] == ["sheet 'BC': the rows most like a header:",
                         "  row 1: STT | Mã | Tóm tắt | Thời hạn | Tình trạng"]
    assert lines[2] == "  row 1 read as: stt, deadline, status; no column for the task content"
    assert lines[3:] == ["  to read column C (Tóm tắt) as the task content, add to taskrollup.toml:",
                         "    [columns]", '    "Tóm tắt" = "content"']


def test_no_table_without_a_column_of_text() -> None:
    """No unread column holds text: no line is guessed."""
    grid = [["STT", "Mã", "Thời hạn", "Tình trạng"], [1, "A1", "30/6/2021", "Đang thực hiện"]]
    assert no_table("BC", grid)[-1] == "  no unread column under it holds text long enough to be the task content"
