"""Rule 8: rows that are one task, and rows that are not."""

from __future__ import annotations

import pandas as pd
import pytest

from taskrollup import dedupe
from taskrollup.decisions import Decision
from taskrollup.dedupe import assign_tasks, cluster_keys, identify, task_id_for
from taskrollup.errors import TaskIdClash
from taskrollup.identity import key as content_key


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
        ("Xây dựng kế hoạch phát triển nông thôn mới", "Xây dựng kế hoạch phát triểm nông thôn mới", False),
        ("Xây dựng kế hoạch phát triển nông thôn mới", "Xây dựng kế hoạch phát triễn nông thôn mới", False),
        ("Báo cáo tình hình thực hiện quý I năm 2021", "Báo cáo tình hình thực hiện quý II năm 2021", False),
        ("Tổ chức dạy học lớp 2", "Tổ chức dạy học lớp 6", False),
        ("Tổng kết năm 2020", "Tổng kết năm 2021", False),
        ("Báo cáo quý 2", "Báo cáo quý II", True),
        ("Kiểm tra công tác phòng cháy", "Tổ chức hội nghị tổng kết ngành", False),
    ],
)
def test_same_task_or_not(a: str, b: str, same: bool) -> None:
    """Same source and agency: texts differing by small typos join; a letter replaced in a
    short word, a tone changed, a number changed make two tasks."""
    ids = assign_tasks(rows(("1/UBND-KT", "Sở Y tế", a), ("1/UBND-KT", "Sở Y tế", b)))
    assert (ids[0] == ids[1]) is same


def test_the_issue_pairs_stay_apart_and_are_reported() -> None:
    """A different verb on the same object, and 'quý II' / 'lớp 2', no longer join: the first
    is reported as a possible same task, the second (a number now counting something else)
    is not."""
    verb = ("Kiểm tra danh mục dự án cần thu hồi đất để phát triển kinh tế - xã hội trên địa bàn tỉnh",
            "Rà soát danh mục dự án cần thu hồi đất để phát triển kinh tế - xã hội trên địa bàn tỉnh")
    number = ("Báo cáo kết quả thực hiện nhiệm vụ quý II năm 2021 gửi UBND tỉnh",
              "Báo cáo kết quả thực hiện nhiệm vụ lớp 2 năm 2021 gửi UBND tỉnh")
    found = identify(rows(*[("1/UBND-KT", "Sở Y tế", t) for t in (*verb, *number)]))
    assert found.ids.nunique() == 4
    assert found.pairs[["task_a", "task_b", "differing"]].values.tolist() == [
        sorted([found.ids[0], found.ids[1]], key=[found.ids[0], found.ids[1]].index) + [2]]


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


def test_no_chains_complete_linkage() -> None:
    """A ~ B (one letter doubled) and B ~ C (one more letter doubled in another word), but A
    and C differ by two typos in one short word: A and B join, C stays apart, and the pair it
    forms with its group is reported."""
    a = "Kiểm tra an toàn thực phẩm"
    b = "Kiểm tra an toàn thựcc phẩm"
    c = "Kiểm tra an toàn thựccc phẩm"
    roots, doubts, refused = cluster_keys([content_key(a), content_key(b), content_key(c)])
    assert roots == [0, 0, 2] and not refused
    assert [(x, y) for x, y, _ in doubts] == [(1, 2)]


def test_complete_linkage_keeps_every_pair_of_a_group_one_task() -> None:
    """Whatever the order, no group holds two keys that are not one task by rule 11."""
    from taskrollup.identity import Verdict, compare

    texts = ["Kiểm tra an toàn thực phẩm", "Kiểm tra an toàn thựcc phẩm", "Kiểm tra an toàn thựccc phẩm",
             "Kiểm tra an toàn thưc phẩm", "Kiểm tra an toan thực phẩm", "Kiêm tra an toàn thực phẩm"]
    keys = [content_key(t) for t in texts]
    for shift in range(len(keys)):
        order = keys[shift:] + keys[:shift]
        roots, _, _ = cluster_keys(order)
        for i in range(len(order)):
            for j in range(len(order)):
                if i < j and roots[i] == roots[j]:
                    assert compare(order[i], order[j]).verdict is Verdict.SAME


def _block(*texts: str) -> pd.DataFrame:
    return rows(*[("1/UBND-KT", "Sở Y tế", t) for t in texts])


def test_a_same_decision_joins_two_tasks_and_a_different_one_parts_them() -> None:
    """The office's word wins: 'same' joins two doubtful tasks (under the older one's id),
    'different' parts two texts rule 11 would join; decided pairs are no longer reported."""
    a, b = "Kiểm tra công tác phòng chống dịch", "Kiểm tra công tác phòng chống dịch bệnh"
    c, d = "Tổng kết công tác thi đua khen thưởng", "Tổng kết công tác thi đua khen thưởngg"
    frame = _block(a, b, c, d)
    plain = identify(frame)
    assert plain.ids[0] != plain.ids[1] and plain.ids[2] == plain.ids[3] and len(plain.pairs) == 1
    key_id = {t: task_id_for("1/UBND-KT", "Sở Y tế", content_key(t)) for t in (a, b, c, d)}
    decided = [Decision("same", "1/UBND-KT", "Sở Y tế", key_id[b], key_id[a]),
               Decision("different", "1/UBND-KT", "Sở Y tế", key_id[c], key_id[d])]
    found = identify(frame, decisions=decided)
    assert found.ids[0] == found.ids[1] == key_id[a]
    assert found.ids[2] == key_id[c] and found.ids[3] == key_id[d]
    assert found.pairs.empty and not found.unapplied


def test_a_decision_on_a_missing_task_or_against_another_is_reported() -> None:
    """A decision naming a task the block does not hold, or joining what another decision
    keeps apart, is returned with why; the tasks stay as they were."""
    a, b = "Kiểm tra công tác phòng chống dịch", "Kiểm tra công tác phòng chống dịch bệnh"
    key_id = {t: task_id_for("1/UBND-KT", "Sở Y tế", content_key(t)) for t in (a, b)}
    decided = [Decision("different", "1/UBND-KT", "Sở Y tế", key_id[a], key_id[b]),
               Decision("same", "1/UBND-KT", "Sở Y tế", key_id[b], key_id[a]),
               Decision("same", "1/UBND-KT", "Sở Y tế", key_id[a], "000000000000")]
    found = identify(_block(a, b), decisions=decided)
    assert found.ids[0] != found.ids[1]
    assert [why for _, why in found.unapplied] == [
        "no task 000000000000 in this document", "another decision keeps these tasks apart"]


def test_pairs_name_tasks_by_their_ids_whatever_the_arrival_order() -> None:
    """The possible same tasks are the same pairs, under the same ids, when rows arrive in
    another order with the same `order` keys."""
    texts = ["Rà soát quy hoạch sử dụng đất của tỉnh", "Kiểm tra quy hoạch sử dụng đất của tỉnh",
             "Rà soát quy hoạch sử dụng đất của tỉnh.", "Báo cáo tình hình thu chi ngân sách"]
    frame = _block(*texts)
    one = identify(frame)
    other = identify(frame.sample(frac=1, random_state=3))
    assert one.pairs.values.tolist() == other.pairs.values.tolist() and len(one.pairs) == 1
