"""Rule tables for statuses.py: status words, secret marks and tick columns."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from taskrollup.errors import ValueParseError
from taskrollup.statuses import TICK_KEYS, Status, parse_secret, parse_status, status_from_ticks

DONE = Status("done")
NOT_DONE = Status("not_done")
CANCELLED = Status("cancelled")
EXTENSION = Status("not_done", extension_requested=True)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Đã hoàn thành", DONE),
        ("Hoàn thành", DONE),
        ("HT", DONE),
        ("Đã HT", DONE),
        ("đã ht", DONE),
        ("DA HOAN THANH", DONE),
        ("Hoàn thành đúng hạn", Status("done", "on_time")),
        ("Hoàn thành trong hạn", Status("done", "on_time")),
        ("Hoàn thành kịp thời", Status("done", "on_time")),
        ("Hoàn thành quá hạn", Status("done", "late")),
        ("Hoàn thành trễ hạn", Status("done", "late")),
        ("Hoàn thành chậm", Status("done", "late")),
        ("Hoàn thành chậm tiến độ", Status("done", "late")),
        ("Hoàn thành muộn", Status("done", "late")),
        ("Đã xong", DONE),
        (
            "Đã hoàn thành (Báo cáo số 12/BC-SNN ngày 20/3/2021)",
            Status("done", noted_on=date(2021, 3, 20)),
        ),
        ("Đã hoàn thành (Bộ Chỉ huy Quân sự tỉnh)", DONE),
        ("Chưa hoàn thành", NOT_DONE),
        ("Chưa HT", NOT_DONE),
        ("chua hoan thanh", NOT_DONE),
        ("Đang thực hiện", NOT_DONE),
        ("Đang triển khai", NOT_DONE),
        ("Đang TH", NOT_DONE),
        ("Chưa thực hiện", NOT_DONE),
        ("Đang xử lý", NOT_DONE),
        ("Hoàn thành một phần", NOT_DONE),
        ("Chưa hoàn thành, quá hạn", Status("not_done", "late")),
        ("Chưa hoàn thành, còn trong hạn", Status("not_done", "on_time")),
        ("Còn trong hạn", Status("not_done", "on_time")),
        ("Quá hạn", Status("not_done", "late")),
        (
            "Đang thực hiện (chậm nhất ngày 30/6/2021)",
            Status("not_done", noted_on=date(2021, 6, 30)),
        ),
        ("Xin gia hạn", EXTENSION),
        ("Đề nghị gia hạn", EXTENSION),
        ("Đã xin gia hạn", EXTENSION),
        ("Đang thực hiện (xin gia hạn)", EXTENSION),
        ("Đang thực hiện (đã được gia hạn)", NOT_DONE),
        ("Dừng thực hiện", CANCELLED),
        ("Hủy", CANCELLED),
        ("Huỷ", CANCELLED),
        ("Không thực hiện", CANCELLED),
        ("Đã hủy", CANCELLED),
        ("Dừng", CANCELLED),
        ("Ngừng thực hiện (quá hạn)", CANCELLED),
        (None, None),
        ("", None),
        ("-", None),
        (float("nan"), None),
    ],
)
def test_parse_status(raw: object, expected: Status | None) -> None:
    """Status words read as state, timing, extension flag and note date."""
    assert parse_status(raw) == expected


@pytest.mark.parametrize("raw", ["Đúng hạn", "abc", "Tiến độ", "Đã hoàn thành ngày 31/02/2021", 5])
def test_parse_status_rejects(raw: object) -> None:
    """Unrecognised words (or an impossible note date) raise ValueParseError."""
    with pytest.raises(ValueParseError):
        parse_status(raw)


def test_parse_status_message_names_value() -> None:
    """The error message quotes the value."""
    with pytest.raises(ValueParseError, match=r"not a status: 'Tiến độ'"):
        parse_status("Tiến độ")


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Mật", True),
        ("MẬT", True),
        ("Tối mật", True),
        ("Tuyệt mật", True),
        ("MAT", True),
        ("(Mật)", True),
        ("x", True),
        ("X", True),
        ("✓", True),
        ("Có", True),
        (True, True),
        (1, True),
        (1.0, True),
        (None, False),
        ("", False),
        ("Thường", False),
        ("Không", False),
        ("-", False),
        (0, False),
        (False, False),
        (float("nan"), False),
    ],
)
def test_parse_secret(raw: object, expected: bool) -> None:
    """Secrecy column values read as True/False."""
    assert parse_secret(raw) is expected


@pytest.mark.parametrize("raw", ["Quan trọng", 2, -1, 0.5, "abc"])
def test_parse_secret_rejects(raw: object) -> None:
    """Anything else in a secrecy column raises ValueParseError."""
    with pytest.raises(ValueParseError):
        parse_secret(raw)


@pytest.mark.parametrize(
    ("ticks", "expected"),
    [
        ({"done": "x"}, DONE),
        ({"done": "X", "not_done": None}, DONE),
        ({"done": "✓", "not_done": ""}, DONE),
        ({"done": 1, "not_done": 0}, DONE),
        ({"done_on_time": "x"}, Status("done", "on_time")),
        ({"done": "x", "done_late": "v"}, Status("done", "late")),
        ({"not_done": "x"}, NOT_DONE),
        ({"not_done_in_time": "1"}, Status("not_done", "on_time")),
        ({"not_done_overdue": "x", "done": "-"}, Status("not_done", "late")),
        ({"extension_requested": "x"}, EXTENSION),
        ({"not_done_overdue": "x", "extension_requested": "x"}, Status("not_done", "late", True)),
        ({"cancelled": "x"}, CANCELLED),
        ({"done": "0", "cancelled": "x"}, CANCELLED),
        ({"done": "Không", "not_done": "x"}, NOT_DONE),
        ({}, None),
        ({"done": None, "not_done": "", "cancelled": "-"}, None),
        ({"done": 0, "not_done": False}, None),
    ],
)
def test_status_from_ticks(ticks: dict[str, object], expected: Status | None) -> None:
    """Tick columns give one Status; no tick gives None."""
    assert status_from_ticks(ticks) == expected


@pytest.mark.parametrize(
    "ticks",
    [
        {"done": "x", "not_done": "x"},
        {"done_on_time": "x", "not_done_overdue": "x"},
        {"done": "x", "cancelled": "x"},
        {"cancelled": "x", "extension_requested": "x"},
        {"done_on_time": "x", "done_late": "x"},
        {"not_done_in_time": "x", "not_done_overdue": "x"},
    ],
)
def test_status_from_ticks_rejects(ticks: dict[str, object]) -> None:
    """Contradictory ticks raise ValueParseError."""
    with pytest.raises(ValueParseError):
        status_from_ticks(ticks)


def test_status_from_ticks_unknown_key() -> None:
    """An unknown tick column is a programming error, not a cell problem."""
    with pytest.raises(ValueError, match="unknown tick columns"):
        status_from_ticks({"maybe": "x"})


_TOKENS = st.sampled_from(
    [
        "Đã",
        "hoàn thành",
        "Chưa",
        "HT",
        "đang",
        "thực hiện",
        "quá hạn",
        "đúng hạn",
        "xin gia hạn",
        "hủy",
        "dừng",
        "không",
        "(",
        ")",
        ",",
        " ",
        "ngày",
        "/",
        "mật",
    ]
)
_NOISY = st.lists(st.one_of(_TOKENS, st.integers(0, 3000).map(str)), max_size=8).map(" ".join)
_ANY = st.one_of(st.none(), st.booleans(), st.text(), _NOISY, st.integers(), st.floats())
_TICK_KEYS = st.sampled_from(sorted(TICK_KEYS))


@given(_ANY)
def test_parse_status_total(value: object) -> None:
    """Any input gives a Status, None, or a ValueParseError, nothing else."""
    try:
        result = parse_status(value)
    except ValueParseError:
        return
    assert result is None or result.state in {"done", "not_done", "cancelled"}


@given(_ANY)
def test_parse_secret_total(value: object) -> None:
    """Any input gives a bool or a ValueParseError, nothing else."""
    try:
        result = parse_secret(value)
    except ValueParseError:
        return
    assert isinstance(result, bool)


@given(st.dictionaries(_TICK_KEYS, _ANY))
def test_status_from_ticks_total(ticks: dict[str, object]) -> None:
    """Any tick values give a Status, None, or a ValueParseError, nothing else."""
    try:
        result = status_from_ticks(ticks)
    except ValueParseError:
        return
    assert result is None or result.noted_on is None


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Đã hoàn thành việc rà soát, tổng hợp", DONE),
        ("Đã tham mưu UBND tỉnh ban hành Kế hoạch số 45/KH-UBND ngày 12/3/2021",
         Status("done", noted_on=date(2021, 3, 12))),
        ("Đã ban hành Quyết định số 12/QĐ-UBND", DONE),
        ("Đã báo cáo UBND tỉnh tại Văn bản số 123/BC-SYT ngày 05/4/2021", Status("done", noted_on=date(2021, 4, 5))),
        ("Sở đã trình UBND tỉnh", DONE),
        ("Đã gửi báo cáo về Văn phòng UBND tỉnh", DONE),
        ("Đã tổ chức hội nghị ngày 03/5/2021", Status("done", noted_on=date(2021, 5, 3))),
        ("Đã có Tờ trình số 5/TTr-SYT", DONE),
        ("Đã phê duyệt", DONE),
        ("Đang triển khai", NOT_DONE),
        ("Đang xây dựng dự thảo", NOT_DONE),
        ("Tiếp tục thực hiện", NOT_DONE),
        ("Chưa thực hiện", NOT_DONE),
        ("Đang soạn thảo kế hoạch", NOT_DONE),
        ("Đã trình UBND tỉnh, đang chờ phê duyệt", NOT_DONE),
        ("Chờ ý kiến của UBND tỉnh", NOT_DONE),
        ("Dự kiến hoàn thành trong tháng 7/2021", Status("not_done")),
        ("Sẽ trình UBND tỉnh trong quý III", NOT_DONE),
        ("Đã báo cáo UBND tỉnh xin gia hạn đến 30/9/2021", Status("not_done", extension_requested=True,
                                                                  noted_on=date(2021, 9, 30))),
        ("Chưa ban hành", NOT_DONE),
        ("Nội dung đã hoàn thành", DONE),  # "dung" of "nội dung" is no "dừng"
    ],
)
def test_results_written_as_prose(raw: str, expected: Status) -> None:
    """Rule 12: a sentence reporting work finished is done, work under way or not begun is not."""
    assert parse_status(raw) == expected


@pytest.mark.parametrize("raw", ["Đã triển khai thực hiện", "Đã xây dựng dự thảo", "Đã huy động nguồn lực",
                                 "Sử dụng kinh phí được giao", "Sở đã nhận được văn bản"])
def test_prose_that_says_neither_is_not_read(raw: str) -> None:
    """A sentence saying neither done nor not done is a problem naming its text, never a guess."""
    with pytest.raises(ValueParseError, match=f"not a status: '{raw}'"):
        parse_status(raw)
