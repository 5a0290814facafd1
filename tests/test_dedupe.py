"""Rule 8: rows that are one task, and rows that are not."""

from __future__ import annotations

import pandas as pd
import pytest

from taskrollup import dedupe
from taskrollup.dedupe import assign_tasks, cluster_keys, numbers_in
from taskrollup.errors import TaskIdClash
from taskrollup.text import content_key


def rows(*specs: tuple[str, str, str]) -> pd.DataFrame:
    """Rows of (source, agency, content) in that order of arrival."""
    return pd.DataFrame(
        [{"source_id": s, "agency": a, "content_key": content_key(c), "order": i}
         for i, (s, a, c) in enumerate(specs)]
    )


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [
        ("Xây dựng kế hoạch phòng chống dịch", "Xây dựng kế hoạch phòng chống dịch.", True),
        ("Xây dựng kế hoạch phòng chống dịch", "Xây dựng  kế hoạch  phòng chống dịch", True),
        ("Xây dựng kế hoạch phòng chống dịch", "XÂY DỰNG KẾ HOẠCH PHÒNG CHỐNG DỊCH", True),
        ("Kiện toàn Ban chỉ đạo hòa nhập", "Kiện toàn Ban chỉ đạo hoà nhập", True),
        ("Xây dựng kế hoạch phòng chống dịch", "Xây dựng kế hoạch phòng chông dịch", True),
        ("Xây dựng kế hoạch phát triển nông thôn mới", "Xây dựng kế hoạch phát triễn nông thôn mới", True),
        ("Báo cáo tình hình thực hiện quý I năm 2021", "Báo cáo tình hình thực hiện quý II năm 2021", False),
        ("Tổ chức dạy học lớp 2", "Tổ chức dạy học lớp 6", False),
        ("Tổng kết năm 2020", "Tổng kết năm 2021", False),
        ("Báo cáo quý 2", "Báo cáo quý II", True),
        ("Kiểm tra công tác phòng cháy", "Tổ chức hội nghị tổng kết ngành", False),
    ],
)
def test_same_task_or_not(a: str, b: str, same: bool) -> None:
    """Same source and agency: near-identical texts join, texts differing in a number never do."""
    ids = assign_tasks(rows(("1/UBND-KT", "Sở Y tế", a), ("1/UBND-KT", "Sở Y tế", b)))
    assert (ids[0] == ids[1]) is same


def test_nfd_and_nfc_are_one_task() -> None:
    """Unicode NFD text has the same key as its NFC form."""
    import unicodedata

    text = "Triển khai đề án chuyển đổi số"
    assert content_key(unicodedata.normalize("NFD", text)) == content_key(text)


def test_other_agency_or_source_is_another_task() -> None:
    """The same text under another lead agency, or another document, is another task."""
    text = "Báo cáo kết quả thực hiện"
    ids = assign_tasks(rows(("1/UBND-KT", "Sở Y tế", text), ("1/UBND-KT", "Sở Tài chính", text),
                            ("2/UBND-KT", "Sở Y tế", text)))
    assert ids.nunique() == 3


def test_ids_do_not_depend_on_arrival_order() -> None:
    """Shuffled rows (with the same `order` keys) get the same task ids."""
    specs = [("1/UBND-KT", "Sở Y tế", f"Nhiệm vụ số {n} về y tế cơ sở") for n in range(5)]
    specs += [("1/UBND-KT", "Sở Y tế", "Nhiệm vụ số 3 về y tế cơ sở.")]
    frame = rows(*specs)
    shuffled = frame.sample(frac=1, random_state=7)
    a = assign_tasks(frame)
    b = assign_tasks(shuffled).reindex(frame.index)
    assert a.tolist() == b.tolist()
    assert a.nunique() == 5


def test_two_tasks_with_one_id_are_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    """Ids are 48 bits of a hash: should two different tasks get the same one, nothing is
    assigned (the figures would count them as one task); near-duplicates share an id."""
    text = "Báo cáo kết quả thực hiện"
    monkeypatch.setattr(dedupe, "task_id_for", lambda source, agency, key: "000000000000")
    near = assign_tasks(rows(("1/UBND-KT", "Sở Y tế", text), ("1/UBND-KT", "Sở Y tế", text + ".")))
    assert near.tolist() == ["000000000000"] * 2  # one task: no clash
    with pytest.raises(TaskIdClash) as raised:
        assign_tasks(rows(("1/UBND-KT", "Sở Y tế", text), ("2/UBND-KT", "Sở Y tế", text)))
    message = str(raised.value)  # the two tasks by document and agency, never by text
    assert "000000000000 (1/UBND-KT, Sở Y tế; 2/UBND-KT, Sở Y tế)" in message and text not in message


def test_rows_without_key_get_no_task() -> None:
    """A row without a source, agency or content is linked to no task."""
    frame = rows(("1/UBND-KT", "Sở Y tế", "Việc A"), ("1/UBND-KT", "Sở Y tế", ""))
    frame.loc[2] = {"source_id": None, "agency": "Sở Y tế", "content_key": "viec a", "order": 2}
    ids = assign_tasks(frame)
    assert ids[0] is not None and ids[1] is None and ids[2] is None


@pytest.mark.parametrize(
    ("text", "numbers"),
    [("bao cao quy ii nam 2021", (2, 2021)), ("lop 06", (6,)), ("viec khong so", ())],
)
def test_numbers_in(text: str, numbers: tuple[int, ...]) -> None:
    """Digits and Roman numerals are read as numbers; leading zeros do not matter."""
    assert numbers_in(text) == numbers


def test_cluster_keys_chain_within_block() -> None:
    """Two variants of one text join the earliest; an unrelated text stays alone."""
    keys = ["trien khai de an so hoa", "trien khai de an so hoa xa", "hop giao ban"]
    roots = cluster_keys(keys)
    assert roots[0] == roots[1] == 0 and roots[2] == 2


def test_large_blocks_cluster_as_small_ones(monkeypatch: pytest.MonkeyPatch) -> None:
    """A block past PAIRWISE_MAX (one cdist call) joins the same keys as pair-by-pair."""
    import taskrollup.dedupe as dedupe

    keys = [content_key(f"Kiểm tra công tác phòng cháy tại xã số {n % 7} quý {'I' * (n % 3 + 1)}")
            for n in range(21)]
    keys += [k + " a" for k in keys[:6]] + ["hop giao ban", "hop giao ban thang"]
    keys = list(dict.fromkeys(keys))
    monkeypatch.setattr(dedupe, "PAIRWISE_MAX", 1000)
    pairwise = cluster_keys(keys)
    monkeypatch.setattr(dedupe, "PAIRWISE_MAX", 1)
    assert cluster_keys(keys) == pairwise
    assert len(set(pairwise)) < len(keys)  # some joined ...
    assert pairwise[0] == 0 and len(set(pairwise)) > 10  # ... and most did not
