"""Another province with no change to the code: Lâm Đồng's registry and settings files (the
example in docs/examples/lam-dong/), sheets built here, figures by agency worked by hand."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import openpyxl
import pytest

from taskrollup.registry import load_registry
from tests.conftest import D, Run, docx_text

EXAMPLE = Path(__file__).resolve().parents[1] / "docs" / "examples" / "lam-dong"
CONFIG = EXAMPLE / "taskrollup.toml"
HEADER = ["STT", "Số, ký hiệu văn bản", "Ngày ban hành", "Nội dung nhiệm vụ", "Cơ quan chủ trì", "Thời hạn",
          "Tình hình thực hiện", "Ngày hoàn thành"]
SNNMT, SYT, SKHCN = "Sở Nông nghiệp và Môi trường", "Sở Y tế", "Sở Khoa học và Công nghệ"


def sheet(agency_title: str, rows: list[list[object]]) -> list[list[object]]:
    return [["UBND TỈNH LÂM ĐỒNG", None, None, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"], [agency_title],
            ["BÁO CÁO TÌNH HÌNH THỰC HIỆN NHIỆM VỤ UBND TỈNH GIAO THÁNG 9 NĂM 2025"], HEADER, *rows]


@pytest.fixture
def store(run: Run, make_workbook: Callable[..., Path], db: Path) -> Path:
    """September 2025 sheets of three Lâm Đồng departments, agencies written as abbreviations,
    ingested under the example's settings (which name its registry)."""
    books = [
        make_workbook("SNNMT.xlsx", {"T9": sheet("SỞ NÔNG NGHIỆP VÀ MÔI TRƯỜNG", [
            [1, "25/KH-UBND", D(2025, 7, 10), "Rà soát diện tích rừng sau sắp xếp", "Sở NN&MT", D(2025, 8, 31),
             "Đã hoàn thành", D(2025, 8, 25)],
            [2, "25/KH-UBND", D(2025, 7, 10), "Kiểm tra an toàn hồ chứa thủy lợi mùa mưa", "SNNMT", D(2025, 8, 31),
             "Đang thực hiện", None],
            [3, "1520/UBND-KT", D(2025, 8, 20), "Tổng hợp thiệt hại do mưa lũ", "Sở NN&MT", "Thường xuyên",
             "Đang triển khai", None]])}),
        make_workbook("SYT.xlsx", {"T9": sheet("SỞ Y TẾ", [
            [1, "25/KH-UBND", D(2025, 7, 10), "Sắp xếp các trung tâm y tế khu vực", "SYT", D(2025, 9, 30),
             "Chưa hoàn thành", None],
            [2, "25/KH-UBND", D(2025, 7, 10), "Báo cáo tình hình dịch sốt xuất huyết", "Sở Y tế", D(2025, 9, 15),
             "Hoàn thành", D(2025, 9, 16)],
            [3, "1601/UBND-VX", D(2025, 9, 12), "Kiểm tra an toàn thực phẩm dịp Tết Trung thu", "SYT", D(2025, 9, 20),
             "Đang thực hiện", None],
            [4, "1700/UBND-VX", D(2025, 9, 16), "Chuẩn bị phương án phòng chống dịch mùa mưa", "SYT", D(2025, 10, 15),
             "Đang thực hiện", None]])}),
        make_workbook("SKHCN.xlsx", {"T9": sheet("SỞ KHOA HỌC VÀ CÔNG NGHỆ", [
            [1, "25/KH-UBND", D(2025, 6, 15), "Triển khai nền tảng số dùng chung của tỉnh", "Sở KH&CN",
             D(2025, 9, 30), "Đã hoàn thành", D(2025, 9, 10)]])}),
    ]
    for book in books:
        code, out, err = run("ingest", book, "--db", db, "--config", CONFIG)
        assert code == 0, out + err
    return db


def by_agency(run: Run, *args: object) -> dict[str, tuple[int, ...]]:
    code, out, err = run("report", "--format", "json", "--config", CONFIG, *args)
    assert code == 0, err
    keys = ("assigned", "done_on_time", "done_late", "not_done_in_time", "not_done_overdue")
    return {a["agency"]: tuple(a[k] for k in keys) for a in json.loads(out)["by_agency"]}


def test_the_example_registry_is_clean_and_whole(run: Run) -> None:
    """The example registry has no faults and replaces Đắk Nông's: a district of Đắk Nông is unknown."""
    code, out, _ = run("agencies", "--check", EXAMPLE / "co-quan.toml")
    assert code == 0 and "no faults" in out
    reg = load_registry(EXAMPLE / "co-quan.toml")
    assert reg.resolve("UBND huyện Cư Jút") is None and reg.resolve("Sở NN&MT") == SNNMT


def test_figures_by_agency_nd09(run: Run, store: Path) -> None:
    """Q3-2025 under the settings' nd09: 15/06-14/09/2025 as of 14/09. The task assigned on 15/06
    counts, the one of 16/09 does not; the one done on 16/09 is not done yet."""
    assert by_agency(run, "--period", "Q3-2025", "--db", store) == {
        SKHCN: (1, 1, 0, 0, 0), SNNMT: (3, 1, 0, 1, 1), SYT: (3, 0, 0, 3, 0)}


def test_figures_by_agency_calendar(run: Run, store: Path) -> None:
    """The same quarter with --convention calendar: 01/07-30/09/2025 as of 30/09."""
    assert by_agency(run, "--period", "Q3-2025", "--convention", "calendar", "--db", store) == {
        SNNMT: (3, 1, 0, 1, 1), SYT: (4, 0, 1, 2, 1)}


def test_report_in_the_provinces_words(run: Run, store: Path, tmp_path: Path) -> None:
    """The DOCX carries the province, place and programme document of the settings."""
    target = tmp_path / "bao-cao.docx"
    code, _, _ = run("report", "--period", "Q3-2025", "--db", store, "--config", CONFIG, "--out", target)
    text = docx_text(target)
    assert code == 0 and "TỈNH LÂM ĐỒNG" in text and "Lâm Đồng, ngày 14 tháng 9 năm 2025" in text
    assert "Trong quý III năm 2025 (tính từ ngày 15/06/2025 đến ngày 14/09/2025), tổng số nhiệm vụ" in text
    assert "Kế hoạch số 25/KH-UBND ngày 15/06/2025: Tổng số nhiệm vụ được giao: 05" in text
    assert "Đắk Nông" not in text


def test_submission_template_of_the_province(run: Run, tmp_path: Path) -> None:
    """The workbook an agency fills is headed with the province of the settings."""
    target = tmp_path / "SYT-10.xlsx"
    code, _, _ = run("template", "--agency", "SYT", "--month", "2025-10", "--out", target, "--config", CONFIG,
                     "--db", tmp_path / "none.db")
    ws = openpyxl.load_workbook(target)["Biểu báo cáo"]
    assert code == 0 and (ws["A1"].value, ws["A2"].value) == ("UBND TỈNH LÂM ĐỒNG", "SỞ Y TẾ")
