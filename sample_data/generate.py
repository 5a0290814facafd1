"""Deterministic generator of the Đắk Nông sample inbox and its ground truth.

Run ``.venv/bin/python sample_data/generate.py``.  It deletes and recreates
``sample_data/inbox/`` (one folder per reporting month 2021-01 … 2021-07, one
workbook per agency and month, 32 agencies) and writes ``truth.csv``,
``truth_figures.json``, ``problems.csv`` and ``README.md`` beside itself.

Nothing depends on the clock or on hash order: one ``random.Random(2021)``
drives every choice (per-file generators are seeded from fixed integers), and
workbook metadata and zip member timestamps are fixed, so two runs give
identical bytes.

Design
------
1. **Truth first.**  Source documents (the programme documents 42/QĐ-UBND,
   43/QĐ-UBND and 26/KH-UBND, central documents, secret documents and hundreds
   of ordinary Công văn / Thông báo / Quyết định / Kế hoạch) receive their tasks:
   a lead agency and a content composed from verb × object × qualifier phrases.
   Every task assigned in H1-2021 gets a *target category* drawn from exact
   counts that reproduce the figures of the draft report (2.573 / 103 / 2.268 …).
2. **A story per task** (`Story`): first reporting month, completion (actual
   date, first month that reports it, whether a date is written), cancellation,
   extension request, extended deadline and the month it is granted.  A story is
   drawn so that the target category holds *under the domain rules as applied to
   the lead agency's layout* (e.g. a layout without a completion column completes
   a task at the end of the first month that reports it done, so its deadline is
   chosen against that month end).
3. **Truth by the rules** (`derive_truth`): completed_on, cancelled_on and the
   extended deadline exactly as a correct reader derives them from the sheets;
   the category is recomputed from those and must equal the target.
4. **Rendering**: for each agency and month the rows it reports (cumulative or
   incremental; coordinator rows with a stale or wrong status; content variants;
   a few unreadable cells) are written by one small writer per layout (L1-L6).
5. **Checks**: the figures are recomputed from truth.csv alone and asserted
   against the targets; every workbook is reopened with python-calamine (and the
   .xlsx files with openpyxl).
"""

from __future__ import annotations

import calendar
import csv
import io
import json
import random
import re
import shutil
import tomllib
import unicodedata
import zipfile
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path

import openpyxl
import xlwt
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter
from python_calamine import CalamineWorkbook
from rapidfuzz import fuzz

from taskrollup.legacy import decode_tcvn3, decode_vni, encode_tcvn3, encode_vni

# --------------------------------------------------------------------------- constants

SEED = 2021
YEAR = 2021
AS_OF = date(2021, 6, 30)
H1_START, H1_END = date(2021, 1, 1), date(2021, 6, 30)
DEC31 = date(2021, 12, 31)
MONTHS = tuple(range(1, 8))
LAST_MONTH = 7
STAMP = datetime(2021, 8, 2, 8, 0, 0)
HERE = Path(__file__).resolve().parent
INBOX = HERE / "inbox"
REGISTRY = HERE.parent / "src" / "taskrollup" / "data" / "agencies.toml"

DOT, DL, NDI, NDO, CAN, OOS = (
    "done_on_time", "done_late", "not_done_in_time", "not_done_overdue", "cancelled", "out_of_scope",
)
FIGURE_KEYS = (
    "assigned", "secret", "done", "done_on_time", "done_late", "not_done", "not_done_in_time",
    "not_done_overdue", "extension_requested", "cancelled", "no_deadline",
)
# The figures the corpus must reproduce (H1-2021 as of 30/06/2021).
TARGETS: dict[str, dict[str, int]] = {
    "totals": dict(assigned=2573, secret=103, done=2268, done_on_time=2146, done_late=122,
                   not_done=300, not_done_in_time=283, not_done_overdue=17, cancelled=5),
    "central": dict(assigned=19, secret=0, done=5, done_on_time=5, done_late=0, not_done=14,
                    not_done_in_time=14, not_done_overdue=0, cancelled=0),
    "42/QĐ-UBND": dict(assigned=53, done=36, not_done=17, extension_requested=6, cancelled=0),
    "43/QĐ-UBND": dict(assigned=21, done=19, not_done=2, cancelled=0),
    "26/KH-UBND": dict(assigned=20, done=16, not_done=4, cancelled=0),
}
# Category counts per programme document (done split and not-done split are ours).
PROGRAMME_PLAN = {
    "42/QĐ-UBND": {DOT: 33, DL: 3, NDI: 15, NDO: 2},
    "43/QĐ-UBND": {DOT: 18, DL: 1, NDI: 2},
    "26/KH-UBND": {DOT: 15, DL: 1, NDI: 4},
}
PROGRAMME_REQUESTS = {"42/QĐ-UBND": 6}
SECRET_PLAN = {DOT: 90, DL: 5, NDI: 8}
ORDINARY_PLAN = {DOT: 1990, DL: 112, NDI: 254, NDO: 15, CAN: 5}
ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV", 5: "V", 6: "VI", 7: "VII", 8: "VIII"}


def days(n: int) -> timedelta:
    return timedelta(days=n)


def month_end(month: int, year: int = YEAR) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def rdate(rng: random.Random, lo: date, hi: date) -> date:
    """A uniformly drawn day in [lo, hi]."""
    if hi < lo:
        raise ValueError(f"empty date range {lo} .. {hi}")
    return lo + days(rng.randint(0, (hi - lo).days))


_ROUND_DAYS = sorted(
    {month_end(m, y) for y in (2020, 2021) for m in range(1, 13)}
    | {date(y, m, 15) for y in (2020, 2021) for m in range(1, 13)}
)


def pick_due(rng: random.Random, lo: date, hi: date) -> date:
    """A deadline in [lo, hi]; often a month end or the 15th, as offices write them."""
    hi = max(lo, hi)
    rounds = [d for d in _ROUND_DAYS if lo <= d <= hi]
    if rounds and rng.random() < 0.45:
        return rng.choice(rounds)
    return rdate(rng, lo, hi)


def dmy(d: date) -> str:
    return f"{d.day:02d}/{d.month:02d}/{d.year}"


def dmy_short(d: date) -> str:
    return f"{d.day}/{d.month}/{d.year}"


def strip_accents(text: str) -> str:
    bare = "".join(c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c))
    return bare.replace("đ", "d").replace("Đ", "D").replace("Ð", "D")


def fold(text: str) -> str:
    """Matching key used for the generator's own checks (mirrors taskrollup.text.fold)."""
    text = unicodedata.normalize("NFC", text).replace("’", "'").replace("Ð", "Đ")
    text = strip_accents(text).lower().replace("&", " va ").replace("'", "")
    return re.sub(r"[^0-9a-z]+", " ", text).strip()


# --------------------------------------------------------------------------- agencies


@dataclass(frozen=True)
class Layout:
    """What a layout can say: the story builder only uses what the sheet can express."""

    code: str
    name: str
    extension: str  # "xlsx" or "xls"
    cumulative: bool
    completion_col: bool  # a "Ngày hoàn thành" column
    extension_col: bool  # a "Gia hạn đến" / "Thời hạn điều chỉnh" column
    request_ok: bool  # can say "Xin gia hạn"
    secret_ok: bool  # has an "Độ mật"/"Mật" column or "(Mật)" in the citation
    hosts_coordinators: bool  # has a lead-agency column and carries coordinator rows
    note_dates: bool  # a done status may carry "(Báo cáo số … ngày …)"
    cancel_dates: bool  # a cancel status may carry "(Công văn số … ngày …)"
    none_words: tuple[str, ...]  # how "no deadline" is written
    words: tuple[str, ...]  # deadline words the layout writes


LAYOUTS = {
    "L1": Layout("L1", "full official", "xlsx", True, True, True, True, True, True, False, True,
                 ("regular", "blank"), ()),
    "L2": Layout("L2", "unaccented, text dates", "xlsx", False, True, True, True, False, False,
                 True, True, ("regular", "monthly", "blank"),
                 ("month", "quarter", "year", "before", "latest")),
    "L3": Layout("L3", "tick columns, whole citation", "xlsx", True, False, False, False, True,
                 False, False, False, ("regular",), ("month", "quarter", "year")),
    "L4": Layout("L4", "legacy 8-bit text (TCVN3 / VNI)", "xlsx", True, True, True, True, True,
                 False, False, True, ("regular",), ()),
    "L5": Layout("L5", "legacy .xls, one sheet per programme", "xls", True, False, False, True,
                 False, False, True, True, ("regular", "monthly"), ("year",)),
    "L6": Layout("L6", "tracking list with Mật / Xin gia hạn columns", "xlsx", True, True, True,
                 True, True, True, False, True, ("monthly", "blank"), ()),
}

# canonical name, short code, layout, sector, weight, file-name pattern
PROFILES = (
    ("Văn phòng UBND tỉnh", "VPUBND", "L6", "vp", 2.0, "VPUBND_theo doi nhiem vu_{yyyy}{mm}.xlsx"),
    ("Sở Nội vụ", "SNV", "L2", "nv", 3.0, "SNV - bao cao nhiem vu thang {m}.xlsx"),
    ("Sở Tư pháp", "STP", "L3", "tp", 2.0, "STP_BC_NV_T{mm}_{yyyy}.xlsx"),
    ("Sở Kế hoạch và Đầu tư", "SKHDT", "L1", "ktth", 5.0, "SKHĐT_Biểu tổng hợp tháng {mm}.{yyyy}.xlsx"),
    ("Sở Tài chính", "STC", "L1", "tc", 4.5, "STC_BC_T{mm}-{yyyy}.xlsx"),
    ("Sở Công Thương", "SCT", "L2", "ct", 3.0, "SCT_{yyyy}-{mm}_nhiem vu.xlsx"),
    ("Sở Nông nghiệp và Phát triển nông thôn", "SNN", "L1", "nn", 5.0, "SNN&PTNT - BC thang {m} nam {yyyy}.xlsx"),
    ("Sở Giao thông vận tải", "SGTVT", "L2", "gt", 3.0, "GTVT_T{m}.xlsx"),
    ("Sở Xây dựng", "SXD", "L1", "xd", 3.5, "So Xay dung - BC nhiem vu T{mm}-{yyyy}.xlsx"),
    ("Sở Tài nguyên và Môi trường", "STNMT", "L1", "tnmt", 5.0, "STNMT_{yyyy}{mm}.xlsx"),
    ("Sở Thông tin và Truyền thông", "STTTT", "L6", "tt", 2.0, "STTTT_theo doi nhiem vu_T{mm}.xlsx"),
    ("Sở Lao động - Thương binh và Xã hội", "SLDTBXH", "L2", "ld", 3.0, "LĐTBXH thang {m}-{yyyy}.xlsx"),
    ("Sở Văn hóa, Thể thao và Du lịch", "SVHTTDL", "L3", "vh", 2.5, "VHTTDL_BC thang {mm}.xlsx"),
    ("Sở Khoa học và Công nghệ", "SKHCN", "L3", "kh", 1.5, "SKHCN-bao cao T{m}.{yyyy}.xlsx"),
    ("Sở Giáo dục và Đào tạo", "SGDDT", "L2", "gd", 3.0, "SGDĐT_BC nhiệm vụ tháng {m}.xlsx"),
    ("Sở Y tế", "SYT", "L1", "yt", 4.0, "So Y te - thang {m}.xlsx"),
    ("Thanh tra tỉnh", "TTT", "L3", "tra", 2.0, "Thanh tra tinh - BC {mm}.{yyyy}.xlsx"),
    ("Ban Dân tộc", "BDT", "L3", "dt", 1.5, "Bao cao nhiem vu - Ban Dan toc.xlsx"),
    ("Ban Quản lý các khu công nghiệp", "BQLKCN", "L3", "kcn", 1.5, "BQL KCN_T{mm}{yyyy}.xlsx"),
    ("Công an tỉnh", "CAT", "L1", "an", 3.0, "CA tinh_BC nhiem vu thang {mm}-{yyyy}.xlsx"),
    ("Bộ Chỉ huy Quân sự tỉnh", "BCHQS", "L4", "an", 1.5, "BCHQS_T{m}_{yyyy}.xlsx"),
    ("Bộ Chỉ huy Bộ đội Biên phòng tỉnh", "BDBP", "L6", "an", 1.5, "BDBP - thang {mm}.xlsx"),
    ("Cục Thuế tỉnh", "CTT", "L6", "tc", 2.0, "CucThue_BC_{yyyy}_{mm}.xlsx"),
    ("Kho bạc Nhà nước tỉnh", "KBNN", "L4", "tc", 1.5, "KBNN tinh T{mm}.{yyyy}.xlsx"),
    ("UBND thành phố Gia Nghĩa", "GN", "L2", "huyen", 3.5, "UBND TP Gia Nghia - T{mm}.xlsx"),
    ("UBND huyện Cư Jút", "CJ", "L5", "huyen", 3.0, "CuJut_{yyyy}-{mm}.xls"),
    ("UBND huyện Đắk Glong", "DG", "L5", "huyen", 3.0, "DakGlong BC thang {m}.xls"),
    ("UBND huyện Đắk Mil", "DM", "L5", "huyen", 3.0, "H.DakMil_T{mm}-{yyyy}.xls"),
    ("UBND huyện Đắk R'lấp", "DR", "L6", "huyen", 3.0, "DakRlap_{yyyy}{mm}.xlsx"),
    ("UBND huyện Đắk Song", "DS", "L5", "huyen", 3.0, "Dak Song - nhiem vu T{m}.xls"),
    ("UBND huyện Krông Nô", "KN", "L5", "huyen", 3.0, "KrongNo_BC_T{mm}{yyyy}.xls"),
    ("UBND huyện Tuy Đức", "TD", "L4", "huyen", 2.5, "TuyDuc_T{m}.xlsx"),
)
# L4 agencies and the 8-bit encoding of their text.
LEGACY_ENCODING = {"BCHQS": "tcvn3", "KBNN": "tcvn3", "TD": "vni"}


@dataclass(frozen=True)
class Agency:
    name: str  # canonical registry name
    code: str
    layout: str
    sector: str
    weight: float
    file_pattern: str
    aliases: tuple[str, ...]
    index: int

    @property
    def spec(self) -> Layout:
        return LAYOUTS[self.layout]

    @property
    def encoding(self) -> str:
        return LEGACY_ENCODING.get(self.code, "")

    @property
    def is_district(self) -> bool:
        return self.name.startswith("UBND ")

    def file_name(self, month: int) -> str:
        return self.file_pattern.format(m=month, mm=f"{month:02d}", yyyy=YEAR)


def load_agencies() -> list[Agency]:
    """The 32 agencies: profiles above joined with the registry's aliases."""
    registry = tomllib.loads(REGISTRY.read_text(encoding="utf-8"))
    aliases = {entry["name"]: tuple(entry.get("aliases", ())) for entry in registry["agency"]}
    if set(aliases) != {p[0] for p in PROFILES}:
        raise SystemExit("agency profiles and src/taskrollup/data/agencies.toml disagree")
    return [Agency(*p, aliases=aliases[p[0]], index=i) for i, p in enumerate(PROFILES)]


# --------------------------------------------------------------------------- vocabulary

DOC_VERBS = (
    "Chủ trì, phối hợp với các đơn vị liên quan xây dựng {o}",
    "Tham mưu UBND tỉnh ban hành {o}",
    "Hoàn thiện dự thảo {o}, trình UBND tỉnh xem xét, quyết định",
    "Rà soát, sửa đổi, bổ sung {o}",
    "Tổ chức lấy ý kiến các sở, ngành, địa phương đối với dự thảo {o}",
    "Thẩm định, trình cấp có thẩm quyền phê duyệt {o}",
    "Nghiên cứu, đề xuất điều chỉnh {o}",
    "Báo cáo UBND tỉnh kết quả triển khai {o}",
)
ACT_VERBS = (
    "Tăng cường {o}",
    "Tổ chức kiểm tra, đôn đốc {o}",
    "Đánh giá kết quả {o}, báo cáo UBND tỉnh",
    "Tiếp tục triển khai thực hiện tốt {o}",
    "Tập trung chỉ đạo thực hiện {o}",
    "Tổng hợp, báo cáo tình hình {o}",
    "Kiểm tra, tháo gỡ khó khăn, vướng mắc trong {o}",
    "Đề xuất giải pháp nâng cao hiệu quả {o}",
)
QUALIFIERS = (
    "", "", " {area}", " năm 2021", " theo chỉ đạo của Chủ tịch UBND tỉnh", " theo đúng quy định",
    ", bảo đảm tiến độ, chất lượng", ", báo cáo kết quả về UBND tỉnh (qua Văn phòng UBND tỉnh)",
    " theo ý kiến kết luận của Lãnh đạo UBND tỉnh",
    "; kịp thời đề xuất UBND tỉnh xử lý các vướng mắc vượt thẩm quyền",
    " theo Kết luận của Thường trực Tỉnh ủy", " trong thời gian tới",
)

# sector -> (documents to draft, activities to carry out)
SECTORS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "ktth": (
        ("kế hoạch đầu tư công trung hạn giai đoạn 2021-2025", "danh mục dự án kêu gọi đầu tư của tỉnh",
         "phương án phân bổ vốn ngân sách trung ương hỗ trợ có mục tiêu",
         "hồ sơ đề xuất chủ trương đầu tư các dự án sử dụng vốn ngoài ngân sách",
         "quy hoạch tỉnh Đắk Nông thời kỳ 2021-2030, tầm nhìn đến năm 2050",
         "kế hoạch cải thiện chỉ số năng lực cạnh tranh cấp tỉnh (PCI)",
         "đề án phát triển kinh tế tập thể, hợp tác xã"),
        ("công tác giải ngân vốn đầu tư công", "công tác hỗ trợ doanh nghiệp nhỏ và vừa",
         "việc theo dõi tiến độ các dự án trọng điểm của tỉnh", "công tác giám sát, đánh giá đầu tư",
         "việc đăng ký doanh nghiệp qua mạng điện tử", "công tác xúc tiến đầu tư"),
    ),
    "tc": (
        ("phương án sắp xếp lại, xử lý nhà, đất thuộc sở hữu nhà nước",
         "dự toán thu, chi ngân sách địa phương", "phương án giá đất cụ thể để tính tiền bồi thường, hỗ trợ",
         "quy định mức chi bảo đảm cho công tác bầu cử", "kế hoạch tài chính - ngân sách nhà nước giai đoạn 2021-2023",
         "quy chế quản lý, sử dụng tài sản công"),
        ("công tác thu ngân sách nhà nước", "việc quyết toán dự án hoàn thành sử dụng vốn nhà nước",
         "công tác thu hồi nợ đọng thuế", "việc kiểm soát chi ngân sách nhà nước qua Kho bạc",
         "công tác cổ phần hóa, thoái vốn doanh nghiệp nhà nước", "việc mua sắm tài sản công tập trung",
         "công tác quản lý, sử dụng kinh phí phòng, chống dịch Covid-19"),
    ),
    "nn": (
        ("kế hoạch trồng rừng, trồng cây phân tán", "đề án phát triển cây cà phê, hồ tiêu bền vững",
         "phương án ứng phó với hạn hán, thiếu nước sản xuất", "kế hoạch phát triển chăn nuôi gia súc, gia cầm",
         "phương án sắp xếp, đổi mới các công ty nông, lâm nghiệp",
         "kế hoạch thực hiện Chương trình mỗi xã một sản phẩm (OCOP)"),
        ("công tác phòng, chống bệnh dịch tả lợn châu Phi",
         "công tác quản lý, bảo vệ rừng và phòng cháy, chữa cháy rừng",
         "việc kiểm tra an toàn hồ, đập thủy lợi trước mùa mưa lũ",
         "công tác xử lý vi phạm pháp luật về lâm nghiệp", "công tác phòng, chống thiên tai và tìm kiếm cứu nạn",
         "việc xây dựng nông thôn mới tại các xã"),
    ),
    "tnmt": (
        ("kế hoạch sử dụng đất năm 2021 cấp huyện", "bảng giá đất điều chỉnh, bổ sung",
         "hồ sơ giao đất, cho thuê đất đối với các tổ chức",
         "kế hoạch bảo vệ môi trường khu vực khai thác bô xít", "phương án bảo vệ tài nguyên nước",
         "phương án đóng cửa mỏ khoáng sản"),
        ("công tác cấp giấy chứng nhận quyền sử dụng đất lần đầu",
         "việc xử lý các điểm khai thác khoáng sản trái phép", "công tác quản lý chất thải rắn sinh hoạt",
         "việc giải quyết tranh chấp, khiếu nại về đất đai", "công tác đo đạc, lập bản đồ địa chính",
         "việc thu hồi đất của các công ty nông, lâm nghiệp giao về địa phương quản lý"),
    ),
    "xd": (
        ("đồ án điều chỉnh quy hoạch chung đô thị Gia Nghĩa", "chương trình phát triển nhà ở xã hội",
         "kế hoạch phát triển đô thị tỉnh Đắk Nông", "quy định phân cấp quản lý quy hoạch xây dựng",
         "đề án công nhận thị trấn Đức An là đô thị loại V", "bộ đơn giá xây dựng công trình"),
        ("công tác quản lý trật tự xây dựng", "việc thẩm định thiết kế cơ sở các công trình",
         "công tác kiểm tra chất lượng công trình xây dựng", "việc quản lý giá vật liệu xây dựng",
         "công tác cấp giấy phép xây dựng"),
    ),
    "gt": (
        ("kế hoạch bảo trì đường tỉnh", "phương án tổ chức giao thông trên các tuyến tránh đô thị",
         "quy hoạch mạng lưới tuyến vận tải hành khách cố định", "đề án nâng cấp các tuyến đường tỉnh"),
        ("công tác bảo đảm trật tự, an toàn giao thông", "việc kiểm soát xe quá tải trọng",
         "công tác đăng kiểm phương tiện", "việc khắc phục các điểm đen tai nạn giao thông",
         "công tác quản lý hoạt động vận tải hành khách", "việc giải phóng mặt bằng các dự án giao thông"),
    ),
    "yt": (
        ("kế hoạch tiêm vắc xin phòng Covid-19 cho các đối tượng ưu tiên",
         "phương án thiết lập khu cách ly tập trung", "đề án nâng cao năng lực y tế cơ sở",
         "kế hoạch phòng, chống sốt xuất huyết", "danh mục trang thiết bị y tế cần mua sắm"),
        ("công tác phòng, chống dịch Covid-19", "công tác khám, chữa bệnh bảo hiểm y tế",
         "công tác bảo đảm an toàn vệ sinh thực phẩm", "việc kiện toàn Trung tâm Kiểm soát bệnh tật tỉnh",
         "công tác chăm sóc sức khỏe ban đầu cho nhân dân"),
    ),
    "gd": (
        ("kế hoạch tuyển sinh các lớp đầu cấp năm học 2021-2022",
         "đề án sắp xếp, tổ chức lại các trường học", "kế hoạch bồi dưỡng đội ngũ giáo viên",
         "phương án tổ chức kỳ thi tốt nghiệp trung học phổ thông"),
        ("việc lựa chọn sách giáo khoa theo chương trình giáo dục phổ thông mới",
         "công tác phổ cập giáo dục, xóa mù chữ", "việc xây dựng trường đạt chuẩn quốc gia",
         "công tác bảo đảm an toàn trường học", "chính sách hỗ trợ học sinh dân tộc thiểu số"),
    ),
    "vh": (
        ("kế hoạch tổ chức các hoạt động văn hóa, thể thao chào mừng các ngày lễ lớn",
         "đề án phát triển du lịch tỉnh Đắk Nông", "kế hoạch tham gia Đại hội Thể dục thể thao toàn quốc",
         "hồ sơ tái thẩm định danh hiệu Công viên địa chất toàn cầu UNESCO Đắk Nông"),
        ("công tác xây dựng Công viên địa chất toàn cầu UNESCO Đắk Nông",
         "việc bảo tồn, phát huy giá trị văn hóa cồng chiêng", "công tác quản lý di tích lịch sử",
         "phong trào Toàn dân đoàn kết xây dựng đời sống văn hóa",
         "công tác gia đình và phòng, chống bạo lực gia đình"),
    ),
    "ld": (
        ("kế hoạch đào tạo nghề cho lao động nông thôn", "danh sách hộ nghèo, hộ cận nghèo sau rà soát",
         "đề án giải quyết việc làm cho lao động địa phương"),
        ("chính sách hỗ trợ người lao động gặp khó khăn do đại dịch Covid-19", "công tác giảm nghèo bền vững",
         "công tác chăm sóc người có công với cách mạng", "công tác bảo vệ, chăm sóc trẻ em",
         "việc chi trả trợ cấp xã hội", "công tác phòng, chống tệ nạn xã hội"),
    ),
    "nv": (
        ("đề án vị trí việc làm trong các cơ quan hành chính", "kế hoạch tinh giản biên chế",
         "quy định chức năng, nhiệm vụ, quyền hạn và cơ cấu tổ chức của các sở",
         "kế hoạch tuyển dụng công chức", "phương án sắp xếp các đơn vị sự nghiệp công lập"),
        ("công tác cải cách hành chính", "việc sắp xếp các đơn vị hành chính cấp xã",
         "công tác thi đua, khen thưởng",
         "công tác chuẩn bị bầu cử đại biểu Quốc hội khóa XV và đại biểu HĐND các cấp",
         "công tác quản lý nhà nước về tôn giáo", "công tác văn thư, lưu trữ"),
    ),
    "tp": (
        ("kế hoạch phổ biến, giáo dục pháp luật", "danh mục văn bản quy phạm pháp luật cần sửa đổi, bổ sung",
         "dự thảo nghị quyết của HĐND tỉnh về mức thu phí, lệ phí"),
        ("công tác kiểm tra, rà soát văn bản quy phạm pháp luật", "công tác theo dõi thi hành pháp luật",
         "việc đánh giá tác động thủ tục hành chính", "công tác bồi thường nhà nước",
         "công tác hòa giải ở cơ sở", "công tác hộ tịch, chứng thực",
         "việc xây dựng xã, phường, thị trấn đạt chuẩn tiếp cận pháp luật"),
    ),
    "ct": (
        ("kế hoạch phát triển điện mặt trời, điện gió", "đề án phát triển cụm công nghiệp",
         "chương trình khuyến công địa phương", "kế hoạch phát triển thương mại điện tử"),
        ("công tác xúc tiến thương mại, tiêu thụ nông sản",
         "công tác quản lý thị trường, chống buôn lậu, gian lận thương mại",
         "công tác bảo đảm cung cấp điện mùa khô", "công tác quản lý an toàn hóa chất",
         "việc triển khai dự án nhà máy điện phân nhôm Đắk Nông"),
    ),
    "tt": (
        ("kế hoạch xây dựng chính quyền điện tử", "đề án chuyển đổi số tỉnh Đắk Nông",
         "đề án phát triển hạ tầng viễn thông thụ động",
         "quy chế quản lý, vận hành hệ thống quản lý văn bản và điều hành"),
        ("việc triển khai dịch vụ công trực tuyến mức độ 3, 4", "công tác thông tin tuyên truyền",
         "việc bảo đảm an toàn thông tin mạng", "công tác quản lý báo chí, xuất bản"),
    ),
    "kh": (
        ("danh mục nhiệm vụ khoa học và công nghệ cấp tỉnh",
         "đề án hỗ trợ hệ sinh thái khởi nghiệp đổi mới sáng tạo",
         "chương trình hỗ trợ phát triển tài sản trí tuệ"),
        ("công tác quản lý nhiệm vụ khoa học và công nghệ",
         "việc áp dụng hệ thống quản lý chất lượng theo tiêu chuẩn ISO",
         "công tác quản lý đo lường, chất lượng sản phẩm hàng hóa",
         "việc ứng dụng tiến bộ khoa học kỹ thuật vào sản xuất", "công tác an toàn bức xạ"),
    ),
    "dt": (
        ("đề án phát triển kinh tế - xã hội vùng đồng bào dân tộc thiểu số",
         "danh sách người có uy tín trong đồng bào dân tộc thiểu số", "kế hoạch thực hiện Chương trình 135"),
        ("chính sách hỗ trợ đất ở, nhà ở cho hộ đồng bào dân tộc thiểu số",
         "công tác tuyên truyền, phổ biến chính sách dân tộc", "công tác định canh, định cư",
         "việc giải quyết tình trạng di cư tự do"),
    ),
    "tra": (
        ("kế hoạch thanh tra năm 2021", "báo cáo kết quả thanh tra trách nhiệm của thủ trưởng các sở, ngành"),
        ("công tác tiếp công dân, giải quyết khiếu nại, tố cáo", "việc thực hiện kết luận thanh tra",
         "công tác phòng, chống tham nhũng", "việc kê khai tài sản, thu nhập",
         "việc giải quyết các vụ khiếu nại đông người, phức tạp", "công tác xử lý sau thanh tra"),
    ),
    "kcn": (
        ("kế hoạch xây dựng hạ tầng kỹ thuật Khu công nghiệp Nhân Cơ",
         "phương án bồi thường, giải phóng mặt bằng Khu công nghiệp Nhân Cơ 2",
         "quy hoạch chi tiết Khu công nghiệp Tâm Thắng mở rộng"),
        ("công tác thu hút đầu tư vào Khu công nghiệp Tâm Thắng",
         "công tác bảo vệ môi trường trong các khu công nghiệp",
         "việc thu hồi các dự án chậm tiến độ trong khu công nghiệp",
         "công tác quản lý lao động tại các doanh nghiệp trong khu công nghiệp"),
    ),
    "an": (
        ("kế hoạch tấn công, trấn áp tội phạm", "kế hoạch diễn tập khu vực phòng thủ",
         "phương án bảo đảm an ninh, trật tự các sự kiện chính trị của tỉnh", "kế hoạch tuyển quân năm 2021"),
        ("công tác bảo đảm an ninh chính trị, trật tự an toàn xã hội",
         "công tác phòng cháy, chữa cháy và cứu nạn, cứu hộ",
         "việc quản lý vũ khí, vật liệu nổ, công cụ hỗ trợ", "công tác quản lý, bảo vệ biên giới quốc gia",
         "việc xây dựng lực lượng dân quân tự vệ", "công tác giáo dục quốc phòng và an ninh",
         "việc quản lý người nước ngoài nhập cảnh", "phong trào toàn dân bảo vệ an ninh Tổ quốc"),
    ),
    "vp": (
        ("chương trình công tác của UBND tỉnh", "quy chế làm việc của UBND tỉnh nhiệm kỳ 2021-2026",
         "kế hoạch kiểm soát thủ tục hành chính"),
        ("công tác kiểm soát thủ tục hành chính", "việc vận hành Trung tâm Phục vụ hành chính công",
         "công tác theo dõi, đôn đốc thực hiện nhiệm vụ UBND tỉnh giao",
         "việc tiếp nhận, xử lý phản ánh, kiến nghị của người dân, doanh nghiệp",
         "công tác tổ chức các cuộc họp, hội nghị của UBND tỉnh"),
    ),
    "huyen": (
        ("kế hoạch phát triển kinh tế - xã hội năm 2021", "hồ sơ đề nghị công nhận xã đạt chuẩn nông thôn mới",
         "phương án bồi thường, hỗ trợ, tái định cư dự án đường giao thông liên xã",
         "kế hoạch sử dụng đất năm 2021", "đề án ổn định dân di cư tự do"),
        ("công tác giải phóng mặt bằng các dự án trọng điểm", "công tác quản lý đất đai, khoáng sản",
         "việc xử lý tình trạng lấn chiếm đất rừng", "công tác thu ngân sách",
         "công tác phòng, chống dịch Covid-19", "việc giải quyết đơn thư khiếu nại, tố cáo của công dân",
         "công tác giảm nghèo", "việc quản lý trật tự xây dựng", "công tác tiêm vắc xin phòng Covid-19",
         "công tác bầu cử đại biểu Quốc hội và HĐND các cấp"),
    ),
}

# Different tasks of one source and agency that differ only in a number (rule 8).
FAMILIES = (
    ("SKHDT", "Báo cáo tình hình thực hiện kế hoạch phát triển kinh tế - xã hội quý {} năm 2021", ("I", "II")),
    ("SGDDT", "Tổ chức tập huấn cho giáo viên dạy lớp {} theo chương trình giáo dục phổ thông mới", ("2", "6")),
    ("SNV", "Tổng hợp, báo cáo kết quả công tác thi đua, khen thưởng năm {}", ("2020", "2021")),
    ("STC", "Báo cáo tình hình thu, chi ngân sách nhà nước tháng {} năm 2021", ("4", "5")),
    ("SYT", "Triển khai tiêm vắc xin phòng Covid-19 đợt {} cho lực lượng tuyến đầu chống dịch", ("1", "2")),
    ("SNN", "Kiểm tra, xử lý tình trạng phá rừng trái phép tại Tiểu khu {}", ("1520", "1535")),
    ("SGTVT", "Đẩy nhanh tiến độ nâng cấp, mở rộng Quốc lộ {} đoạn qua tỉnh Đắk Nông", ("14", "28")),
    ("DM", "Hoàn thiện hồ sơ thực hiện Chương trình mục tiêu quốc gia xây dựng nông thôn mới giai đoạn {}",
     ("2016-2020", "2021-2025")),
    ("VPUBND", "Chuẩn bị nội dung phục vụ phiên họp thường kỳ UBND tỉnh tháng {} năm 2021", ("5", "6")),
    ("CJ", "Báo cáo kết quả giải ngân vốn đầu tư công quý {} năm 2021", ("I", "II")),
    ("STTTT", "Nâng cấp các dịch vụ công trực tuyến của tỉnh lên mức độ {}", ("3", "4")),
    ("SKHCN", "Tổ chức nghiệm thu các nhiệm vụ khoa học và công nghệ đợt {} năm 2021", ("1", "2")),
    ("KBNN", "Báo cáo tình hình giải ngân vốn đầu tư công tháng {} năm 2021", ("4", "5")),
    ("CAT", "Bảo đảm an ninh, trật tự phục vụ Hội nghị Ban Chấp hành Đảng bộ tỉnh lần thứ {}", ("3", "4")),
    ("SLDTBXH", "Chi trả chế độ cho các đối tượng bảo trợ xã hội quý {} năm 2021", ("I", "II", "III")),
)
# The same content sent to every district by one Công văn: one task per district.
BROADCASTS = (
    (date(2021, 3, 26), "KGVX",
     "Tổ chức tuyên truyền, vận động người dân tham gia tiêm vắc xin phòng Covid-19 trên địa bàn"),
    (date(2021, 6, 11), "KTTH",
     "Rà soát, báo cáo tình hình quản lý, sử dụng đất có nguồn gốc từ các nông, lâm trường trên địa bàn"),
)
# One content under two documents of the same number: 42/QĐ-UBND and 42/2014/QĐ-TTg (rule 10).
QUY_CHE_42_TWIN = "Theo dõi, tổng hợp, báo cáo tình hình thực hiện nhiệm vụ được giao theo định kỳ"

# Central Government documents assigned in H1: id, date, label, issuer, [(lead code, content)].
CENTRAL_DOCS = (
    ("01/NQ-CP", date(2021, 1, 1), "Nghị quyết", "Chính phủ", (
        ("SKHDT", "Tổ chức thực hiện các nhiệm vụ, giải pháp chủ yếu thực hiện Kế hoạch phát triển kinh tế - xã hội và Dự toán ngân sách nhà nước năm 2021"),
        ("SKHDT", "Đẩy mạnh giải ngân vốn đầu tư công năm 2021, phấn đấu giải ngân đạt trên 95% kế hoạch vốn được giao"),
        ("STC", "Điều hành dự toán ngân sách nhà nước năm 2021 chặt chẽ, tiết kiệm, cắt giảm các khoản chi thường xuyên chưa thực sự cần thiết"),
        ("SCT", "Triển khai các giải pháp ổn định thị trường, bảo đảm cung cầu hàng hóa thiết yếu trong bối cảnh dịch Covid-19"),
        ("SNN", "Cơ cấu lại ngành nông nghiệp gắn với xây dựng nông thôn mới, phát triển nông nghiệp ứng dụng công nghệ cao"),
        ("SLDTBXH", "Thực hiện đầy đủ, kịp thời các chính sách hỗ trợ người dân, người lao động gặp khó khăn do đại dịch Covid-19"),
    )),
    ("02/NQ-CP", date(2021, 1, 1), "Nghị quyết", "Chính phủ", (
        ("SKHDT", "Cải thiện môi trường kinh doanh, nâng cao năng lực cạnh tranh cấp tỉnh (PCI) năm 2021"),
        ("STTTT", "Đẩy mạnh cung cấp dịch vụ công trực tuyến mức độ 3, 4 phục vụ người dân và doanh nghiệp"),
        ("STNMT", "Rút ngắn thời gian giải quyết thủ tục hành chính về đất đai đối với doanh nghiệp"),
        ("VPUBND", "Đôn đốc các sở, ngành, địa phương đơn giản hóa thủ tục hành chính, cắt giảm điều kiện kinh doanh"),
    )),
    ("07/CT-TTg", date(2021, 3, 17), "Chỉ thị", "Thủ tướng Chính phủ", (
        ("BDBP", "Thu hút các nguồn lực xã hội cho nhiệm vụ phát triển kinh tế - xã hội vùng biên giới, gắn với bảo vệ vững chắc chủ quyền biên giới quốc gia"),
        ("BDT", "Rà soát, đề xuất chính sách hỗ trợ đồng bào dân tộc thiểu số các xã biên giới"),
        ("BCHQS", "Xây dựng khu vực phòng thủ vững chắc, kết hợp phát triển kinh tế - xã hội với củng cố quốc phòng vùng biên giới"),
    )),
    ("21/NQ-CP", date(2021, 2, 26), "Nghị quyết", "Chính phủ", (
        ("SYT", "Tổ chức tiêm vắc xin phòng Covid-19 an toàn, hiệu quả cho các đối tượng ưu tiên trên địa bàn tỉnh"),
        ("SYT", "Xây dựng kế hoạch tiếp nhận, bảo quản, phân phối vắc xin phòng Covid-19 giai đoạn 2021-2022"),
    )),
    ("12/2021/QĐ-TTg", date(2021, 3, 24), "Quyết định", "Thủ tướng Chính phủ", (
        ("STC", "Triển khai chính sách giảm tiền thuê đất cho doanh nghiệp, hộ kinh doanh bị ảnh hưởng bởi dịch Covid-19"),
        ("CTT", "Thực hiện gia hạn thời hạn nộp thuế và tiền thuê đất cho doanh nghiệp, hộ kinh doanh theo quy định"),
    )),
    ("2435/VPCP-KGVX", date(2021, 4, 15), "Công văn", "Văn phòng Chính phủ", (
        ("SGDDT", "Chuẩn bị các điều kiện tổ chức Kỳ thi tốt nghiệp trung học phổ thông năm 2021 an toàn, nghiêm túc"),
        ("SVHTTDL", "Hướng dẫn tổ chức các hoạt động văn hóa, thể thao, du lịch bảo đảm an toàn phòng, chống dịch Covid-19"),
    )),
)
CENTRAL_DONE = 5  # the first five central tasks above are done (on time) by 30/06
QUY_CHE_42 = ("42/2014/QĐ-TTg", date(2014, 7, 27), "Quyết định", "Thủ tướng Chính phủ", (
    ("SKHDT", QUY_CHE_42_TWIN),
    ("VPUBND", "Cập nhật, theo dõi tình hình thực hiện nhiệm vụ Chính phủ, Thủ tướng Chính phủ giao trên Hệ thống quản lý nhiệm vụ"),
    ("SNV", "Đưa kết quả thực hiện nhiệm vụ được giao vào tiêu chí đánh giá, xếp loại thi đua hằng năm"),
))
# Secret documents: id, date, label, [(lead code, number of tasks)].
SECRET_DOCS = (
    ("15/QĐ-UBND", date(2021, 1, 20), "Quyết định", (("CAT", 10), ("BCHQS", 8), ("BDBP", 7))),
    ("18/KH-UBND", date(2021, 1, 22), "Kế hoạch", (("CAT", 8), ("BCHQS", 6), ("BDBP", 6))),
    ("312/UBND-NC", date(2021, 1, 21), "Công văn", (("CAT", 9), ("TTT", 6))),
    ("97/TB-VPUBND", date(2021, 2, 5), "Thông báo", (("VPUBND", 5), ("TTT", 4), ("SNN", 3))),
    ("1204/UBND-NC", date(2021, 3, 15), "Công văn", (("CAT", 7), ("BDBP", 6), ("BCHQS", 5))),
    ("2210/UBND-NC", date(2021, 5, 10), "Công văn", (("CAT", 5), ("TTT", 4), ("STNMT", 4))),
)
PROGRAMME_DOCS = (
    ("42/QĐ-UBND", date(2021, 1, 12), "Quyết định", "ban hành Chương trình công tác của UBND tỉnh năm 2021"),
    ("43/QĐ-UBND", date(2021, 1, 12), "Quyết định",
     "về việc thực hiện Nghị quyết Đại hội đại biểu Đảng bộ tỉnh lần thứ XII, nhiệm kỳ 2020-2025"),
    ("26/KH-UBND", date(2021, 1, 15), "Kế hoạch", "thực hiện nhiệm vụ phát triển kinh tế - xã hội năm 2021"),
)
PROGRAMME_IDS = tuple(p[0] for p in PROGRAMME_DOCS)
# Ordinary documents cited in the draft report: series, number, date, Công văn suffix.
NAMED_DOCS = (("TB", 371, date(2021, 4, 14), ""), ("CV", 2515, date(2021, 5, 24), "KTTH"),
              ("KH", 96, date(2021, 2, 26), ""))

# --------------------------------------------------------------------------- data model

SERIES = {  # series -> (label, issuer, numbers issued per day of year)
    "CV": ("Công văn", "UBND tỉnh", 17.4),
    "TB": ("Thông báo", "Văn phòng UBND tỉnh", 3.6),
    "QĐ": ("Quyết định", "UBND tỉnh", 3.5),
    "KH": ("Kế hoạch", "UBND tỉnh", 1.7),
}
SECTOR_SUFFIX = {
    "ktth": "KTTH", "tc": "KTTH", "nn": "KTTH", "tnmt": "KTTH", "xd": "KTTH", "gt": "KTTH",
    "ct": "KTTH", "kcn": "KTTH", "nv": "NC", "tp": "NC", "tra": "NC", "an": "NC", "vp": "NC",
    "yt": "KGVX", "gd": "KGVX", "vh": "KGVX", "ld": "KGVX", "tt": "KGVX", "kh": "KGVX", "dt": "KGVX",
}
HOLIDAYS = {date(2021, 2, d) for d in range(10, 17)} | {date(2021, 4, 21), date(2021, 4, 30)}


@dataclass(frozen=True)
class Source:
    """An assigning document; its issue date is the assignment date of its tasks."""

    sid: str  # canonical identifier (numbers below 10 written with two digits: 01/NQ-CP)
    label: str  # "Quyết định", "Công văn", ...
    issued: date
    issuer: str  # "UBND tỉnh", "Chính phủ", ...
    secret: bool = False
    topic: str = ""

    @property
    def authority(self) -> str:
        codes = set(self.sid.rsplit("/", 1)[-1].split("-"))
        return "central" if codes & {"CP", "TTg", "VPCP"} else "provincial"

    @property
    def in_h1(self) -> bool:
        return H1_START <= self.issued <= H1_END


@dataclass(frozen=True)
class Deadline:
    """A deadline as written: a date, a word that reads as a date, or a no-deadline word."""

    due: date | None
    word: str = ""  # "", month, quarter, year, before, latest, regular, monthly, blank

    def words(self) -> str:
        d = self.due
        if self.word == "month":
            return f"Tháng {d.month}/{d.year}"
        if self.word == "quarter":
            return f"Quý {ROMAN[(d.month - 1) // 3 + 1]}/{d.year}"
        if self.word == "year":
            return f"Năm {d.year}"
        if self.word in ("before", "latest"):
            lead = "Trước ngày" if self.word == "before" else "Chậm nhất ngày"
            return f"{lead} {dmy_short(d)}"
        return {"regular": "Thường xuyên", "monthly": "Hằng tháng"}.get(self.word, "")


@dataclass
class Story:
    """What happens to a task, month by month, as its lead agency reports it."""

    first_month: int = 1
    done_on: date | None = None  # the completion date the sheet writes (if it writes one)
    done_month: int | None = None  # first reporting month that says done
    done_note: bool = False  # the done status carries "(Báo cáo số … ngày …)"
    done_word: str = ""  # "", "ontime", "late": timing words in the status
    cancel_on: date | None = None
    cancel_month: int | None = None
    cancel_dated: bool = False
    request_month: int | None = None  # first month that says "Xin gia hạn"
    extended: date | None = None
    grant_month: int | None = None  # first month that shows the extended deadline


@dataclass(frozen=True)
class Truth:
    completed_on: date | None
    cancelled_on: date | None
    extended: date | None
    requested: bool
    category: str


@dataclass
class CoordPlan:
    """Rows of a task in a coordinating agency's sheet."""

    host: Agency
    mode: str  # stale (status one month behind), wrong_done, wrong_open
    lead_text: str  # how the coordinator spells the lead agency
    since: int = 0  # wrong_done: first month that (wrongly) says done
    fake_done: date | None = None
    variant: str = ""


@dataclass
class Task:
    key: int
    source: Source
    agency: Agency  # lead agency
    content: str  # canonical NFC text
    category: str = OOS  # target category for H1-2021 as of 30/06/2021
    request: bool | None = None  # True: must request an extension; False: never
    special: str = ""  # a named edge case the story must contain
    deadline: Deadline = Deadline(None, "blank")
    story: Story = field(default_factory=Story)
    truth: Truth | None = None
    coordinators: list[Agency] = field(default_factory=list)
    coord_rows: list[CoordPlan] = field(default_factory=list)
    variant: str = ""  # a variant spelling of the content used in some later months
    variant_months: frozenset[int] = frozenset()
    problems: dict[int, tuple[str, str]] = field(default_factory=dict)  # month -> (column, value)
    months: tuple[int, ...] = ()  # months in which the lead agency's sheet lists the task


# --------------------------------------------------------------------------- contents


def fits_encoding(text: str, agency: Agency) -> bool:
    """Text an 8-bit sheet can carry unchanged (TCVN3 has no toned capitals)."""
    if agency.encoding == "tcvn3":
        return decode_tcvn3(encode_tcvn3(text)) == text
    if agency.encoding == "vni":
        return decode_vni(encode_vni(text)) == text
    return True


def similar(a: str, b: str) -> float:
    return fuzz.ratio(fold(a), fold(b))


class ContentFactory:
    """Task contents from verb × object × qualifier, distinct within a (source, agency) group."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.used: dict[str, set[str]] = defaultdict(set)

    def compose(self, agency: Agency, prefer_docs: bool) -> str:
        docs, acts = SECTORS[agency.sector]
        use_docs = self.rng.random() < (0.8 if prefer_docs else 0.45)
        obj = self.rng.choice(docs if use_docs else acts)
        verb = self.rng.choice(DOC_VERBS if use_docs else ACT_VERBS)
        qualifier = self.rng.choice(QUALIFIERS)
        if "2021" in obj and "2021" in qualifier:
            qualifier = ""
        area = "trên địa bàn tỉnh"
        if agency.is_district:
            area = "trên địa bàn " + ("thành phố" if "thành phố" in agency.name else "huyện")
        return verb.format(o=obj) + qualifier.format(area=area)

    def make(self, agency: Agency, group: list[str], prefer_docs: bool = False) -> str:
        for attempt in range(500):
            text = self.compose(agency, prefer_docs)
            if attempt < 300 and text in self.used[agency.code]:
                continue
            if not fits_encoding(text, agency):
                continue
            if any(similar(text, other) >= 80 for other in group):
                continue
            self.used[agency.code].add(text)
            return text
        raise RuntimeError(f"no distinct content left for {agency.name}")


TONE_SWAPS = {"hòa": "hoà", "hóa": "hoá", "thủy": "thuỷ", "khỏe": "khoẻ", "tùy": "tuỳ", "lũy": "luỹ",
              "hỏa": "hoả", "xóa": "xoá", "họa": "hoạ", "ủy": "uỷ", "thúy": "thuý"}
TONE_SWAPS |= {b: a for a, b in TONE_SWAPS.items()}
_TONE_RE = re.compile(r"\b(" + "|".join(TONE_SWAPS) + r")\b", re.IGNORECASE)
TYPO_CONSONANTS = frozenset("nmtrcxslgpbvhk")  # where a typo is made: inside a word, at one of these
_ROMAN_TOKEN = re.compile(r"^[IVXLCDM]+$")


def _swap_tone(match: re.Match[str]) -> str:
    word = match.group()
    swapped = TONE_SWAPS[word.lower()]
    return swapped[0].upper() + swapped[1:] if word[0].isupper() else swapped


def typo_spots(text: str) -> list[int]:
    """Inner consonants of long words (not the first word, not a Roman numeral)."""
    words = [m for m in re.finditer(r"[^\W\d_]{5,}", text)][1:]
    return [i for m in words if not _ROMAN_TOKEN.match(m.group())
            for i in range(m.start() + 1, m.end() - 1) if text[i] in TYPO_CONSONANTS]


def make_typo(rng: random.Random, text: str) -> str:
    """A small typo of rule 11 inside a long word, by the spot drawn: the consonant there
    doubled, dropped, or swapped with the letter after it (one draw, whichever the kind)."""
    i = rng.choice(typo_spots(text))
    kind = i % 3
    if kind == 0:
        return text[:i] + text[i] + text[i:]
    if kind == 1:
        return text[:i] + text[i + 1:]
    return text[:i] + text[i + 1] + text[i] + text[i + 2:]


def variant_kinds(text: str) -> list[str]:
    kinds = ["nfd", "spaces", "period", "upper", "lower"]
    if _TONE_RE.search(text):
        kinds += ["tone", "tone"]
    if len(text) >= 60 and typo_spots(text):
        kinds += ["typo", "typo"]
    return kinds


def make_variant(rng: random.Random, text: str, kind: str) -> str:
    """A spelling of `text` that is still the same task (never a changed number)."""
    if kind == "nfd":
        out = unicodedata.normalize("NFD", text)
    elif kind == "spaces":
        spaces = [i for i, ch in enumerate(text) if ch == " "]
        i = rng.choice(spaces)
        out = text[:i] + "  " + text[i + 1:] + (" " if rng.random() < 0.5 else "")
    elif kind == "period":
        out = text + "."
    elif kind == "upper":
        out = text.upper()
    elif kind == "lower":
        out = text[0].lower() + text[1:]
    elif kind == "tone":
        out = _TONE_RE.sub(_swap_tone, text)
    else:
        out = make_typo(rng, text)
    same = similar(out, text) >= 92 if kind == "typo" else fold(out) == fold(text)
    if out == text or not same or re.findall(r"\d+", out) != re.findall(r"\d+", text):
        raise AssertionError(f"bad {kind} variant of {text!r}: {out!r}")
    return out


# --------------------------------------------------------------------------- planning


class Numbering:
    """Document numbers that grow with the issue date, unique per series and year."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.used: dict[tuple[str, int], set[int]] = defaultdict(set)

    def reserve(self, series: str, year: int, number: int) -> None:
        self.used[(series, year)].add(number)

    def draw(self, series: str, issued: date) -> int:
        day_of_year = issued.timetuple().tm_yday
        number = max(1, round(SERIES[series][2] * day_of_year) + self.rng.randint(-5, 5))
        used = self.used[(series, issued.year)]
        while number in used:
            number += 1
        used.add(number)
        return number


def make_sid(series: str, number: int, suffix: str = "") -> str:
    num = f"{number:02d}"
    return {"CV": f"{num}/UBND-{suffix}", "TB": f"{num}/TB-VPUBND",
            "QĐ": f"{num}/QĐ-UBND", "KH": f"{num}/KH-UBND"}[series]


def expand(plan: dict[str, int]) -> list[str]:
    return [cat for cat, n in plan.items() for _ in range(n)]


class Planner:
    """Creates the sources and tasks (not yet their stories) in a fixed order."""

    def __init__(self, rng: random.Random, agencies: list[Agency]) -> None:
        self.rng = rng
        self.agencies = agencies
        self.by_code = {a.code: a for a in agencies}
        self.factory = ContentFactory(rng)
        self.numbers = Numbering(rng)
        self.tasks: list[Task] = []
        self.ordinary: list[Task] = []
        self.groups: dict[tuple[str, str], list[str]] = defaultdict(list)
        for series, year, number in (("QĐ", 2021, 42), ("QĐ", 2021, 43), ("QĐ", 2021, 15),
                                     ("KH", 2021, 26), ("KH", 2021, 18), ("KH", 2021, 96),
                                     ("CV", 2021, 312), ("CV", 2021, 1204), ("CV", 2021, 2210),
                                     ("CV", 2021, 2515), ("TB", 2021, 97), ("TB", 2021, 371)):
            self.numbers.reserve(series, year, number)

    def add(self, source: Source, agency: Agency, content: str | None = None,
            prefer_docs: bool = False, **kw: object) -> Task:
        group = self.groups[(source.sid, agency.code)]
        text = content or self.factory.make(agency, group, prefer_docs)
        group.append(text)
        task = Task(len(self.tasks), source, agency, text, **kw)
        self.tasks.append(task)
        return task

    def pick_agencies(self, k: int, pred: Callable[[Agency], bool] | None = None) -> list[Agency]:
        pool = [a for a in self.agencies if pred is None or pred(a)]
        chosen: list[Agency] = []
        while len(chosen) < min(k, len(pool)):
            agency = self.rng.choices(pool, weights=[a.weight for a in pool])[0]
            if agency not in chosen:
                chosen.append(agency)
        return chosen

    def workday(self, lo: date, hi: date) -> date:
        while True:
            day = rdate(self.rng, lo, hi)
            if day.weekday() < 5 and day not in HOLIDAYS:
                return day

    def new_source(self, series: str, issued: date, suffix: str = "") -> Source:
        label, issuer, _ = SERIES[series]
        suffix = suffix or self.rng.choice(("KTTH", "NC", "KGVX"))
        return Source(make_sid(series, self.numbers.draw(series, issued), suffix), label, issued, issuer)

    def suffix_for(self, agency: Agency) -> str:
        return SECTOR_SUFFIX.get(agency.sector) or self.rng.choice(("KTTH", "NC", "KGVX"))

    # -- the documents ------------------------------------------------------------

    def plan_programmes(self) -> None:
        skhdt = self.by_code["SKHDT"]
        for sid, issued, label, topic in PROGRAMME_DOCS:
            source = Source(sid, label, issued, "UBND tỉnh", topic=topic)
            cats = expand(PROGRAMME_PLAN[sid])
            self.rng.shuffle(cats)
            open_idx = [i for i, c in enumerate(cats) if c in (NDI, NDO)]
            flagged = set(open_idx[: PROGRAMME_REQUESTS.get(sid, 0)])
            for i, cat in enumerate(cats):
                wants = i in flagged
                if sid == "42/QĐ-UBND" and i == 0:
                    self.add(source, skhdt, QUY_CHE_42_TWIN, category=cat, request=wants)
                    continue
                pred = (lambda a: a.spec.request_ok) if wants else None
                lead = self.pick_agencies(1, pred)[0]
                self.add(source, lead, prefer_docs=True, category=cat, request=wants)

    def plan_central(self) -> None:
        count = 0
        for sid, issued, label, issuer, items in CENTRAL_DOCS:
            source = Source(sid, label, issued, issuer)
            for code, text in items:
                category = DOT if count < CENTRAL_DONE else NDI
                self.add(source, self.by_code[code], text, category=category, request=False)
                count += 1
        sid, issued, label, issuer, items = QUY_CHE_42
        source = Source(sid, label, issued, issuer)
        for code, text in items:
            self.add(source, self.by_code[code], text)

    def plan_secret(self) -> None:
        cats = expand(SECRET_PLAN)
        self.rng.shuffle(cats)
        for sid, issued, label, leads in SECRET_DOCS:
            source = Source(sid, label, issued, "UBND tỉnh", secret=True)
            for code, n in leads:
                for _ in range(n):
                    self.add(source, self.by_code[code], category=cats.pop(), request=False)

    def plan_families(self) -> None:
        for code, template, values in FAMILIES:
            agency = self.by_code[code]
            issued = self.workday(date(2021, 2, 1), date(2021, 5, 31))
            source = self.new_source(self.rng.choice(("TB", "CV")), issued, self.suffix_for(agency))
            for value in values:
                self.ordinary.append(self.add(source, agency, template.format(value)))

    def plan_broadcasts(self) -> None:
        districts = [a for a in self.agencies if a.is_district]
        for issued, suffix, text in BROADCASTS:
            source = self.new_source("CV", issued, suffix)
            for agency in districts:
                self.ordinary.append(self.add(source, agency, text))

    def fill_document(self, source: Source, n_agencies: int, room: int,
                      pool: list[Task] | None = None) -> int:
        """Tasks for up to `room` rows over `n_agencies` agencies; returns how many."""
        made = 0
        for agency in self.pick_agencies(n_agencies):
            for _ in range(self.rng.choices((1, 2, 3), (72, 22, 6))[0]):
                if made == room:
                    return made
                task = self.add(source, agency)
                (self.ordinary if pool is None else pool).append(task)
                made += 1
        return made

    def plan_ordinary(self, target: int) -> None:
        self.plan_families()
        self.plan_broadcasts()
        for series, number, issued, suffix in NAMED_DOCS:
            label, issuer, _ = SERIES[series]
            source = Source(make_sid(series, number, suffix), label, issued, issuer)
            self.fill_document(source, 3, target - len(self.ordinary))
        shapes = {"CV": ((1, 2, 3, 4), (60, 25, 10, 5)), "TB": ((2, 3, 4, 5), (30, 30, 25, 15)),
                  "QĐ": ((1, 2, 3), (50, 30, 20)), "KH": ((3, 4, 5, 6, 7), (20, 25, 25, 15, 15))}
        while len(self.ordinary) < target:
            series = self.rng.choices(("CV", "TB", "QĐ", "KH"), (60, 20, 10, 10))[0]
            issued = self.workday(date(2021, 1, 4), H1_END)
            k = self.rng.choices(*shapes[series])[0]
            lead = self.pick_agencies(1)[0]
            source = self.new_source(series, issued, self.suffix_for(lead))
            self.fill_document(source, k, target - len(self.ordinary))

    def plan_out_of_scope(self, lo: date, hi: date, count: int) -> None:
        made: list[Task] = []
        while len(made) < count:
            series = self.rng.choices(("CV", "TB", "QĐ", "KH"), (60, 20, 10, 10))[0]
            issued = self.workday(lo, hi)
            source = self.new_source(series, issued, self.rng.choice(("KTTH", "NC", "KGVX")))
            self.fill_document(source, self.rng.choice((1, 2)), count - len(made), made)

# --------------------------------------------------------------------------- categories

# The five H1 cancellations: one per layout family, each a different rule case.
CANCEL_SPECIALS = (("L1", "cancel_reported_july"), ("L3", "cancel_undated_june"),
                   ("L2", "cancel_dated"), ("L5", "cancel_undated"), ("L6", "cancel_dated"))
# Named edge cases: category, lead layouts, special, how many, latest issue date.
SPECIALS = (
    (NDI, ("L1",), "cancel_july_dated", 1, date(2021, 6, 15)),
    (NDI, ("L3",), "cancel_july_undated", 1, date(2021, 6, 15)),
    (NDI, ("L5",), "cancel_july_dated", 1, date(2021, 6, 15)),
    (NDI, ("L2",), "cancel_july_undated", 1, date(2021, 6, 15)),
    (DOT, ("L1", "L2", "L6", "L4"), "done_june_reported_july", 3, date(2021, 6, 25)),
    (DOT, ("L5",), "done_june_reported_july", 1, date(2021, 6, 25)),
    (NDI, ("L1", "L2", "L4", "L6"), "ext_july", 4, date(2021, 6, 10)),
    (DOT, ("L1", "L2", "L4", "L6", "L5", "L3"), "deadline_day", 6, date(2021, 6, 20)),
    (DOT, ("L1", "L2", "L4", "L6"), "ext_ontime", 4, date(2021, 5, 15)),
    (NDO, ("L1", "L2", "L4", "L5", "L6"), "request", 3, date(2021, 6, 10)),
    (NDI, ("L3", "L5"), "done_july", 4, date(2021, 6, 25)),
)


def assign_ordinary_categories(rng: random.Random, tasks: list[Task]) -> None:
    """Exact category counts over the ordinary H1 tasks; late-June tasks stay in time."""
    for layout, special in CANCEL_SPECIALS:
        cands = [t for t in tasks if t.agency.layout == layout and t.category == OOS
                 and t.source.issued <= date(2021, 6, 5)]
        chosen = rng.choice(cands)
        chosen.category, chosen.special = CAN, special
    pool = expand({c: n for c, n in ORDINARY_PLAN.items() if c != CAN})
    rng.shuffle(pool)
    rest = [t for t in tasks if t.category == OOS]
    for task in [t for t in rest if t.source.issued > date(2021, 6, 20)]:
        task.category = pool.pop(next(i for i, c in enumerate(pool) if c in (DOT, NDI)))
    for task in [t for t in rest if t.category == OOS]:
        task.category = pool.pop()
    assert not pool
    late = [t for t in tasks if t.category == NDI and t.source.issued >= date(2021, 6, 21)]
    for task in rng.sample(late, 3):
        task.special = "late_entry"
    for category, layouts, special, n, latest in SPECIALS:
        cands = [t for t in tasks if t.category == category and t.agency.layout in layouts
                 and not t.special and t.source.issued <= latest]
        for task in rng.sample(cands, n):
            task.special = special


# --------------------------------------------------------------------------- stories


def first_month(task: Task) -> int:
    issued = task.source.issued
    if task.special == "late_entry":
        return LAST_MONTH
    return issued.month if issued.year == YEAR else 1


def is_dated(story: Story, layout: Layout) -> bool:
    """Whether the sheet writes the completion date (column or note)."""
    return layout.completion_col or story.done_note


def complete(rng: random.Random, task: Task, story: Story, when: date, on_time: bool) -> None:
    """Record a completion on `when` and how the lead agency's sheets report it."""
    layout = task.agency.spec
    special = task.special
    story.done_on = when
    story.done_month = max(when.month, story.first_month) if when.year == YEAR else 1
    if layout.note_dates:
        share = 0.5 if layout.code == "L5" else 0.12
        story.done_note = special == "done_june_reported_july" or rng.random() < share
    if special == "done_june_reported_july":
        story.done_month = LAST_MONTH
    elif is_dated(story, layout) and story.done_month < LAST_MONTH and rng.random() < 0.04:
        story.done_month += 1  # reported a month late, with its real date
    if layout.code != "L3":
        if on_time and rng.random() < 0.15:
            story.done_word = "ontime"
        elif not on_time and rng.random() < 0.45:
            story.done_word = "late"


def cancel(story: Story, when: date, dated: bool, month: int | None = None) -> None:
    story.cancel_on, story.cancel_dated = when, dated
    story.cancel_month = month or when.month


def story_on_time(rng: random.Random, task: Task, st: Story) -> date | None:
    a, layout, special = task.source.issued, task.agency.spec, task.special
    if special == "ext_ontime" or (not special and layout.extension_col and a <= date(2021, 5, 15)
                                   and rng.random() < 0.05):
        original = a + days(rng.randint(5, 20))
        when = original + days(rng.randint(2, 15))
        st.extended = pick_due(rng, when, when + days(30))
        st.grant_month = max(st.first_month, original.month)
        complete(rng, task, st, when, on_time=True)
        return original
    when = a + days(2 + int(rng.expovariate(1 / 20)))
    if when > AS_OF:
        when = rdate(rng, a, AS_OF)
    if special == "done_june_reported_july":
        when = rdate(rng, max(a, date(2021, 6, 1)), AS_OF)
    complete(rng, task, st, when, on_time=True)
    needed = when if is_dated(st, layout) else month_end(st.done_month)
    if special == "deadline_day":
        return needed
    if not special and task.source.authority == "provincial" and rng.random() < 0.08:
        return None
    return pick_due(rng, max(needed, a + days(3)), needed + days(50))


def story_late(rng: random.Random, task: Task, st: Story) -> date | None:
    a, layout = task.source.issued, task.agency.spec
    if layout.extension_col and a <= date(2021, 5, 31) and rng.random() < 0.12:
        original = a + days(rng.randint(3, 12))
        st.extended = original + days(rng.randint(3, 15))
        st.grant_month = max(st.first_month, original.month)
        complete(rng, task, st, rdate(rng, st.extended + days(1), min(st.extended + days(30), AS_OF)),
                 on_time=False)
        return original
    due = pick_due(rng, a + days(3), min(a + days(45), AS_OF - days(1)))
    complete(rng, task, st, rdate(rng, due + days(1), min(due + days(35), AS_OF)), on_time=False)
    return due


def in_time_subtype(rng: random.Random, task: Task) -> str:
    layout, a = task.agency.spec, task.source.issued
    options = [("open", 45), ("nodl", 14), ("done_july", 14)]
    if layout.extension_col and a <= date(2021, 6, 20):
        options.append(("ext", 8))
    if layout.request_ok and task.request is not False:
        options.append(("request", 8))
    if task.request:
        return "request"
    names, weights = zip(*options, strict=True)
    return rng.choices(names, weights)[0]


def story_in_time(rng: random.Random, task: Task, st: Story) -> date | None:
    a, special = task.source.issued, task.special
    sub = special or in_time_subtype(rng, task)
    if sub in ("ext", "ext_july"):
        original = pick_due(rng, a + days(3), AS_OF - days(1))
        st.extended = pick_due(rng, max(AS_OF, original + days(20)), DEC31)
        low = max(st.first_month, original.month)
        st.grant_month = LAST_MONTH if sub == "ext_july" else rng.randint(low, LAST_MONTH)
        return original
    due = None if sub == "nodl" else pick_due(rng, max(AS_OF, a + days(7)), DEC31)
    if due and rng.random() < 0.1:
        due = DEC31  # "Năm 2021"
    if sub == "done_july":
        when = rdate(rng, date(2021, 7, 1), date(2021, 7, 31))
        complete(rng, task, st, when, on_time=due is None or when <= due)
    elif sub == "request":
        st.request_month = rng.randint(st.first_month, 6)
    elif sub.startswith("cancel_july"):
        cancel(st, rdate(rng, date(2021, 7, 1), date(2021, 7, 28)), sub == "cancel_july_dated")
    return due


def story_overdue(rng: random.Random, task: Task, st: Story) -> date | None:
    a, layout = task.source.issued, task.agency.spec
    due = pick_due(rng, a + days(3), min(a + days(60), AS_OF - days(1)))
    options = [("open", 45), ("done_july", 25)]
    if layout.request_ok and task.request is not False:
        options.append(("request", 20))
    if layout.extension_col and due + days(4) < AS_OF:
        options.append(("ext_short", 10))
    names, weights = zip(*options, strict=True)
    sub = "request" if task.request or task.special == "request" else rng.choices(names, weights)[0]
    if sub == "done_july":
        complete(rng, task, st, rdate(rng, date(2021, 7, 1), date(2021, 7, 31)), on_time=False)
    elif sub == "request":
        st.request_month = rng.randint(st.first_month, 6)
    elif sub == "ext_short":
        st.extended = rdate(rng, due + days(3), AS_OF - days(1))
        st.grant_month = rng.randint(max(st.first_month, due.month), LAST_MONTH)
    return due


def story_cancelled(rng: random.Random, task: Task, st: Story) -> date | None:
    a, special = task.source.issued, task.special
    due = pick_due(rng, a + days(10), DEC31)
    june = max(a + days(3), date(2021, 6, 1))
    if special == "cancel_reported_july":
        cancel(st, rdate(rng, june, AS_OF), True, LAST_MONTH)
    elif special == "cancel_undated_june":
        cancel(st, rdate(rng, june, AS_OF), False)
    else:
        cancel(st, rdate(rng, a + days(3), AS_OF), special == "cancel_dated")
    return due


def story_central(rng: random.Random, task: Task, st: Story) -> date | None:
    a = task.source.issued
    due = rng.choice((date(2021, 9, 30), date(2021, 10, 31), date(2021, 11, 30), date(2021, 12, 15), DEC31))
    if task.category == DOT:
        complete(rng, task, st, rdate(rng, a + days(20), min(a + days(120), date(2021, 6, 25))), True)
    elif rng.random() < 0.15:
        complete(rng, task, st, rdate(rng, date(2021, 7, 1), date(2021, 7, 31)), True)
    return due


def story_out_of_scope(rng: random.Random, task: Task, st: Story) -> date | None:
    a, layout = task.source.issued, task.agency.spec
    if a.year < 2020:
        return None  # Quy chế 42: a standing task, "Thường xuyên"
    if a.year == YEAR:  # assigned in July 2021
        due = pick_due(rng, a + days(7), DEC31) if rng.random() < 0.85 else None
        if rng.random() < 0.15:
            when = rdate(rng, a, date(2021, 7, 31))
            complete(rng, task, st, when, on_time=due is None or when <= due)
        return due
    kinds = [("done", 65), ("open", 14), ("overdue", 12), ("cancel", 3)]
    if layout.request_ok:
        kinds.append(("request", 6))
    names, weights = zip(*kinds, strict=True)
    kind = rng.choices(names, weights)[0]
    if kind == "open":
        return pick_due(rng, AS_OF, DEC31) if rng.random() < 0.8 else None
    due = pick_due(rng, a + days(15), date(2021, 3, 31))
    if kind == "done":
        when = rdate(rng, date(2021, 1, 4), date(2021, 4, 30))
        complete(rng, task, st, when, on_time=when <= due)
    elif kind == "request":
        st.request_month = rng.randint(1, 6)
    elif kind == "cancel":
        cancel(st, rdate(rng, date(2021, 1, 11), date(2021, 4, 30)), layout.cancel_dates)
    return due


def as_deadline(rng: random.Random, due: date | None, layout: Layout, special: str) -> Deadline:
    """How the lead agency writes the deadline: a date or a word that reads as that date."""
    if due is None:
        return Deadline(None, rng.choice(layout.none_words))
    words = layout.words
    quarter_end = month_end(((due.month - 1) // 3 + 1) * 3, due.year)
    if special == "deadline_day" and not words:
        return Deadline(due)
    if "year" in words and due == date(due.year, 12, 31) and rng.random() < 0.6:
        return Deadline(due, "year")
    if "quarter" in words and due == quarter_end and rng.random() < 0.5:
        return Deadline(due, "quarter")
    if "month" in words and due == month_end(due.month, due.year) and rng.random() < 0.5:
        return Deadline(due, "month")
    if "before" in words and rng.random() < 0.12:
        return Deadline(due, rng.choice(("before", "latest")))
    return Deadline(due)


def build_story(rng: random.Random, task: Task) -> None:
    story = Story(first_month=first_month(task))
    if task.source.authority == "central" and task.source.in_h1:
        builder = story_central
    else:
        builder = {DOT: story_on_time, DL: story_late, NDI: story_in_time, NDO: story_overdue,
                   CAN: story_cancelled}.get(task.category, story_out_of_scope)
    due = builder(rng, task, story)
    task.story = story
    task.deadline = as_deadline(rng, due, task.agency.spec, task.special)
    task.months = lead_months(task)
    task.truth = derive_truth(task)
    truth = task.truth
    if story.done_word and truth.completed_on:  # a word must not contradict the dates
        effective = truth.extended or due
        on_time = effective is None or truth.completed_on <= effective
        if on_time != (story.done_word == "ontime"):
            story.done_word = ""


def lead_months(task: Task) -> tuple[int, ...]:
    """Months whose submission of the lead agency lists the task."""
    st = task.story
    if not task.agency.spec.cumulative:
        events = {st.first_month, st.done_month, st.cancel_month, st.request_month, st.grant_month}
        return tuple(sorted(m for m in events if m and m >= st.first_month))
    last = LAST_MONTH
    if task.source.issued.year < YEAR:  # a carried-over task leaves the list once closed
        last = st.done_month or st.cancel_month or LAST_MONTH
    return tuple(range(st.first_month, last + 1))


# --------------------------------------------------------------------------- truth


def category_of(assigned: date, due: date | None, extended: date | None, completed: date | None,
                cancelled: date | None, as_of: date = AS_OF) -> str:
    """The H1 category of one task under the counting rules."""
    if not H1_START <= assigned <= H1_END:
        return OOS
    if cancelled and cancelled <= as_of:
        return CAN
    effective = extended or due
    if completed and completed <= as_of:
        return DL if effective and completed > effective else DOT
    return NDO if effective and as_of > effective else NDI


def derive_truth(task: Task) -> Truth:
    """What a correct reader derives from the sheets (rules 3-6)."""
    st, layout = task.story, task.agency.spec
    completed = None
    if st.done_month:
        completed = st.done_on if is_dated(st, layout) else month_end(st.done_month)
    cancelled = None
    if st.cancel_month:
        cancelled = st.cancel_on if st.cancel_dated else month_end(st.cancel_month)
    extended = st.extended if st.grant_month else None
    category = category_of(task.source.issued, task.deadline.due, extended, completed, cancelled)
    return Truth(completed, cancelled, extended, st.request_month is not None, category)


def check_story(task: Task) -> None:
    """The derived category must be the target, and timing words must agree with dates."""
    truth = task.truth
    target = task.category if task.source.in_h1 else OOS
    if truth.category != target:
        raise AssertionError(f"task {task.key} ({task.special}): {truth.category} != {target}")
    if truth.completed_on and task.story.done_word:
        effective = truth.extended or task.deadline.due
        on_time = effective is None or truth.completed_on <= effective
        if on_time != (task.story.done_word == "ontime"):
            raise AssertionError(f"task {task.key}: timing words disagree with dates")
    if truth.requested and truth.completed_on:
        raise AssertionError(f"task {task.key}: extension requested on a completed task")


# --------------------------------------------------------------------------- coordinators


def plan_coordinators(rng: random.Random, tasks: list[Task], agencies: list[Agency]) -> None:
    """Coordinating agencies; some of them list the task in their own sheets."""
    for task in tasks:
        n = rng.choices((0, 1, 2, 3), (40, 35, 20, 5))[0]
        others = [a for a in agencies if a is not task.agency]
        task.coordinators = rng.sample(others, n)
        st = task.story
        eligible = (task.source.issued.year == YEAR and st.first_month == task.source.issued.month
                    and not task.source.secret)
        for host in task.coordinators:
            if eligible and host.spec.hosts_coordinators and rng.random() < 0.35:
                task.coord_rows.append(coord_plan(rng, task, host))


def coord_plan(rng: random.Random, task: Task, host: Agency) -> CoordPlan:
    st = task.story
    lead_cumulative = task.agency.spec.cumulative
    plan = CoordPlan(host, "stale", spell_agency(task.agency, rng, COORD_LEAD_STYLES))
    if lead_cumulative and not st.done_month and not st.cancel_month and st.first_month < LAST_MONTH \
            and rng.random() < 0.6:
        plan.mode = "wrong_done"
        plan.since = rng.randint(st.first_month + 1, LAST_MONTH)
        plan.fake_done = rdate(rng, date(YEAR, plan.since, 1), month_end(plan.since))
    elif lead_cumulative and st.done_month and rng.random() < 0.2:
        plan.mode = "wrong_open"
    if rng.random() < 0.4:
        plan.variant = make_variant(rng, task.content, rng.choice(variant_kinds(task.content)))
    return plan


def plan_variants(rng: random.Random, tasks: list[Task]) -> None:
    """Some later rows of a task spell its content differently (never its first row)."""
    for task in tasks:
        if rng.random() >= 0.25:
            continue
        task.variant = make_variant(rng, task.content, rng.choice(variant_kinds(task.content)))
        later = [m for m in task.months if m > task.story.first_month]
        task.variant_months = frozenset(m for m in later if rng.random() < 0.6)


# --------------------------------------------------------------------------- problems

# Unreadable cells: layout, column key, value, where (L5: programme sheet or "Khác").
PROBLEM_SPECS = (
    ("L1", "deadline", "30/02/2021", ""), ("L1", "status", "???", ""),
    ("L1", "extended", "chưa rõ", ""), ("L2", "issued", "chưa rõ", ""),
    ("L2", "deadline", "Quý V/2021", ""), ("L3", "deadline", "31/04/2021", ""),
    ("L4", "deadline", "32/5/2021", ""), ("L5", "deadline", "30/02/2021", "programme"),
    ("L5", "status", "???", "other"), ("L6", "issued", "15/13/2021", ""),
    ("L6", "deadline", "31/6/2021", ""),
)


def problem_months(task: Task) -> list[int]:
    """Months where a bad cell cannot matter: status unchanged, a later lead row exists."""
    st = task.story
    events = {st.done_month, st.cancel_month, st.request_month, st.grant_month}
    out = []
    for m in task.months[:-1]:
        if m <= 6 and m not in events and state_at(task, m).kind == "open":
            out.append(m)
    return out


def problem_fits(task: Task, column: str, where: str) -> bool:
    if task.source.secret or task.source.issued.year != YEAR or task.coord_rows:
        return False
    if column == "deadline" and (task.deadline.due is None or task.deadline.word):
        return False
    if column == "extended" and task.story.extended:
        return False
    programme = task.source.sid in PROGRAMME_IDS
    return not where or (where == "programme") == programme


def plan_problems(rng: random.Random, tasks: list[Task]) -> None:
    taken: set[int] = set()
    for layout, column, value, where in PROBLEM_SPECS:
        cands = [(t, m) for t in tasks if t.agency.layout == layout and t.key not in taken
                 and problem_fits(t, column, where) for m in problem_months(t)]
        task, month = rng.choice(cands)
        task.problems[month] = (column, value)
        taken.add(task.key)

# --------------------------------------------------------------------------- rows


@dataclass(frozen=True)
class State:
    """What one row says about its task."""

    kind: str  # open | done | cancelled
    requested: bool = False
    extended: date | None = None
    done_on: date | None = None  # the completion date the row writes


def state_at(task: Task, month: int) -> State:
    """The lead agency's report for `month` (status as of that month's end)."""
    st = task.story
    extended = st.extended if st.grant_month and month >= st.grant_month else None
    if st.done_month and month >= st.done_month:
        return State("done", False, extended, st.done_on)
    if st.cancel_month and month >= st.cancel_month:
        return State("cancelled", False, extended)
    return State("open", bool(st.request_month and month >= st.request_month), extended)


def coord_state(task: Task, plan: CoordPlan, month: int) -> State:
    """A coordinator's row: the lead's status one month late, or plainly wrong."""
    known = month - 1 >= task.story.first_month
    previous = state_at(task, month - 1) if known else State("open")
    if plan.mode == "wrong_done" and month >= plan.since:
        return State("done", False, previous.extended, plan.fake_done)
    if plan.mode == "wrong_open" or previous.kind == "open":
        return State("open", previous.requested, previous.extended)
    if previous.kind == "done":
        return State("done", False, previous.extended, task.truth.completed_on)
    return previous


@dataclass
class RowView:
    task: Task
    month: int
    state: State
    text: str  # the content as this row writes it
    own: bool  # the submitting agency is the lead
    lead_text: str = ""  # coordinator rows: how the lead agency is named
    problem: tuple[str, str] | None = None


@dataclass
class Index:
    own: dict[str, list[Task]]
    hosted: dict[str, list[tuple[Task, CoordPlan]]]


def build_index(tasks: list[Task]) -> Index:
    own: dict[str, list[Task]] = defaultdict(list)
    hosted: dict[str, list[tuple[Task, CoordPlan]]] = defaultdict(list)
    for task in tasks:
        own[task.agency.code].append(task)
        for plan in task.coord_rows:
            hosted[plan.host.code].append((task, plan))
    return Index(own, hosted)


def section_key(task: Task) -> str:
    if task.source.sid in PROGRAMME_IDS:
        return task.source.sid
    return "central" if task.source.authority == "central" else "other"


def row_order(row: RowView) -> tuple:
    keys = [*PROGRAMME_IDS, "central", "other"]
    src = row.task.source
    return keys.index(section_key(row.task)), src.issued, src.sid, row.task.key, not row.own


def rows_for(agency: Agency, month: int, index: Index) -> list[RowView]:
    rows = []
    for task in index.own.get(agency.code, []):
        if month in task.months:
            text = task.variant if month in task.variant_months else task.content
            rows.append(RowView(task, month, state_at(task, month), text, True,
                                problem=task.problems.get(month)))
    for task, plan in index.hosted.get(agency.code, []):
        if month >= task.story.first_month:
            later = plan.variant and month > task.story.first_month
            rows.append(RowView(task, month, coord_state(task, plan, month),
                                plan.variant if later else task.content, False, plan.lead_text))
    return sorted(rows, key=row_order)


# --------------------------------------------------------------------------- spellings

AGENCY_STYLES = {
    "L1": (("canonical", 50), ("alias", 30), ("upper", 10), ("nfd", 10)),
    "L2": (("alias", 70), ("plain", 20), ("canonical", 10)),
    "L4": (("canonical", 60), ("alias", 40)),
    "L6": (("canonical", 60), ("alias", 25), ("blank", 15)),
    "coord": (("canonical", 50), ("alias", 50)),
}
COORD_LEAD_STYLES = (("alias", 50), ("canonical", 30), ("upper", 10), ("plain", 10))
SID_STYLES = {
    "L1": (("canonical", 80), ("lookalike", 6), ("zero", 5), ("spaced", 5), ("plain", 4)),
    "L2": (("plain", 70), ("canonical", 20), ("zero", 5), ("spaced", 5)),
    "L3": (("canonical", 90), ("plain", 5), ("zero", 5)),
    "L4": (("canonical", 90), ("spaced", 5), ("zero", 5)),
    "L5": (("canonical", 85), ("spaced", 10), ("zero", 5)),
    "L6": (("canonical", 75), ("plain", 15), ("lookalike", 5), ("zero", 5)),
}
OPEN_WORDS = {
    "L1": ("Đang thực hiện", "Đang triển khai", "Chưa thực hiện"),
    "L2": ("Đang triển khai", "Chưa HT", "Dang thuc hien"),
    "L4": ("Đang thực hiện", "Chưa hoàn thành"),
    "L5": ("Đang thực hiện", "Chưa hoàn thành", "Đang triển khai"),
    "L6": ("Đang thực hiện", "Chưa thực hiện", "Chưa hoàn thành"),
}


def choose(rng: random.Random, styles: tuple[tuple[str, int], ...]) -> str:
    names, weights = zip(*styles, strict=True)
    return rng.choices(names, weights)[0]


def spell_agency(agency: Agency, rng: random.Random, styles: tuple[tuple[str, int], ...]) -> str:
    """The agency as a cell names it: canonical, an alias, upper case, no accents or NFD."""
    style = choose(rng, styles)
    if style == "blank":
        return ""
    text = {"canonical": agency.name, "alias": rng.choice(agency.aliases or (agency.name,)),
            "upper": agency.name.upper(), "plain": strip_accents(agency.name),
            "nfd": unicodedata.normalize("NFD", agency.name)}[style]
    if "'" in text and rng.random() < 0.5:
        text = text.replace("'", "’").replace("’lấp", "’Lấp")
    return text


def title_name(agency: Agency) -> str:
    return agency.name.upper().replace("'", "’")


def spell_sid(sid: str, rng: random.Random, styles: tuple[tuple[str, int], ...]) -> str:
    """A document number as typed: Đ/D/Ð, extra or missing leading zero, spaces (rule 10)."""
    style = choose(rng, styles)
    if style == "plain":
        return strip_accents(sid)
    if style == "lookalike" and "Đ" in sid:
        return sid.replace("Đ", "Ð")
    if style == "zero":
        head, rest = sid.split("/", 1)
        number = int(head)
        return (f"0{number}" if number >= 10 else str(number)) + "/" + rest
    if style == "spaced":
        return re.sub(r"\s*([/-])\s*", r" \1 ", sid)
    return sid


def citation(source: Source, rng: random.Random) -> str:
    """The whole assigning document in one cell (layout L3)."""
    label = source.label
    if label == "Thông báo" and rng.random() < 0.5:
        label = "Thông báo kết luận"
    day = source.issued
    when = rng.choices((dmy(day), dmy_short(day), f"{day.day:02d} tháng {day.month:02d} năm {day.year}"),
                       (60, 30, 10))[0]
    text = f"{label} số {spell_sid(source.sid, rng, SID_STYLES['L3'])} ngày {when} của {source.issuer}"
    return text + " (Mật)" if source.secret else text


def text_date(day: date, rng: random.Random) -> str | int:
    """A day-first text date in one of the forms offices type, or a bare serial number."""
    form = rng.choices(("dmy", "short", "dash", "dot", "yy", "serial"), (30, 30, 12, 10, 8, 10))[0]
    if form == "serial":
        return (day - date(1899, 12, 30)).days
    return {"dmy": dmy(day), "short": dmy_short(day), "dash": f"{day.day:02d}-{day.month:02d}-{day.year}",
            "dot": f"{day.day:02d}.{day.month:02d}.{day.year}",
            "yy": f"{day.day:02d}/{day.month:02d}/{day.year % 100:02d}"}[form]


def deadline_value(deadline: Deadline, rng: random.Random, text_dates: bool = False) -> object:
    if deadline.word == "blank" or (deadline.due is None and not deadline.word):
        return None
    if deadline.word:
        return deadline.words()
    return text_date(deadline.due, rng) if text_dates else deadline.due


def doc_number(series: str, day: date) -> int:
    return max(1, round(SERIES[series][2] * day.timetuple().tm_yday))


def report_code(agency: Agency) -> str:
    return "UBND" if agency.is_district else agency.code


def done_text(row: RowView, layout: str) -> str:
    task, st = row.task, row.task.story
    if not row.own:
        return "Đã hoàn thành"
    pick = task.key % 3
    if st.done_word == "ontime":
        text = "HT đúng hạn" if layout == "L2" else "Hoàn thành đúng hạn"
    elif st.done_word == "late":
        text = {"L2": ("HT (trễ hạn)", "Hoàn thành quá hạn", "HT (trễ hạn)")[pick],
                "L5": ("Hoàn thành quá hạn", "Hoàn thành (chậm)", "Đã hoàn thành (trễ hạn)")[pick],
                }.get(layout, "Hoàn thành quá hạn")
    else:
        text = {"L2": ("HT", "Hoàn thành", "Đã HT")[pick],
                "L5": ("Hoàn thành", "Đã hoàn thành", "Đã hoàn thành")[pick]}.get(layout, "Đã hoàn thành")
    if st.done_note:
        number = 10 + (task.key * 7) % 180
        text += f" (Báo cáo số {number}/BC-{report_code(task.agency)} ngày {dmy_short(st.done_on)})"
    return text


def cancel_text(row: RowView, layout: str) -> str:
    st = row.task.story
    if not (row.own and st.cancel_dated):
        return {"L2": "Dung thuc hien", "L5": "Không thực hiện"}.get(layout, "Dừng thực hiện")
    when = dmy_short(st.cancel_on)
    if layout == "L5":
        return f"Hủy (theo Công văn số {doc_number('CV', st.cancel_on)}/UBND-KTTH ngày {when})"
    if layout == "L6":
        return f"Dừng thực hiện (theo Thông báo số {doc_number('TB', st.cancel_on)}/TB-VPUBND ngày {when})"
    return f"Dừng thực hiện (Công văn số {doc_number('CV', st.cancel_on)}/UBND-KTTH ngày {when})"


def request_text(row: RowView, layout: str) -> str:
    task, st = row.task, row.task.story
    if layout in ("L2", "L5") and row.own and task.key % 2 == 0:
        asked = date(YEAR, st.request_month, 1 + task.key % 27)
        asked = min(max(asked, task.source.issued + days(1)), month_end(st.request_month))
        return f"Xin gia hạn (Văn bản số {20 + task.key % 150}/{report_code(task.agency)}-VP ngày {dmy_short(asked)})"
    return "Xin gia hạn"


def status_text(row: RowView, layout: str) -> str:
    if row.state.kind == "done":
        return done_text(row, layout)
    if row.state.kind == "cancelled":
        return cancel_text(row, layout)
    if row.state.requested and layout != "L6":
        return request_text(row, layout)
    words = OPEN_WORDS[layout]
    return words[row.task.key % len(words)]


def note_text(task: Task) -> str | None:
    if task.source.issued.year == 2020:
        return "Nhiệm vụ năm 2020 chuyển sang"
    if task.source.issued.year < 2020:
        return "Nhiệm vụ thường xuyên"
    return None


def coordinators_text(task: Task, rng: random.Random) -> str | None:
    names = [spell_agency(a, rng, AGENCY_STYLES["coord"]) for a in task.coordinators]
    if not names and rng.random() < 0.1:
        return "Các sở, ngành liên quan"
    return ", ".join(names) or None


PEOPLE = (("Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Võ", "Đặng", "Bùi", "Đỗ", "Hồ"),
          ("Văn", "Thị", "Đức", "Minh", "Quang", "Thanh", "Hữu", "Ngọc"),
          ("An", "Bình", "Cường", "Dũng", "Hà", "Hải", "Hùng", "Lan", "Long", "Nam", "Phương",
           "Sơn", "Tâm", "Thành", "Tuấn", "Việt"))


def person(i: int) -> str:
    family, middle, given = PEOPLE
    return f"{family[i % 10]} {middle[(i * 3) % 8]} {given[(i * 7) % 16]}"


def signer_lines(agency: Agency) -> tuple[str, ...]:
    name = agency.name
    if agency.is_district:
        return ("TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH")
    for prefix, lines in (("Văn phòng", ("KT. CHÁNH VĂN PHÒNG", "PHÓ CHÁNH VĂN PHÒNG")),
                          ("Thanh tra", ("CHÁNH THANH TRA",)), ("Ban", ("KT. TRƯỞNG BAN", "PHÓ TRƯỞNG BAN")),
                          ("Bộ Chỉ huy", ("CHỈ HUY TRƯỞNG",)), ("Cục Thuế", ("KT. CỤC TRƯỞNG", "PHÓ CỤC TRƯỞNG"))):
        if name.startswith(prefix):
            return lines
    return ("KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC")


def date_line(agency: Agency, month: int) -> str:
    """The signing date line: the 5th of the following month (not the reporting month)."""
    place = re.sub(r"^UBND (huyện|thành phố) ", "", agency.name) if agency.is_district else "Đắk Nông"
    return f"{place}, ngày 05 tháng {month + 1} năm {YEAR}"


# --------------------------------------------------------------------------- output context


@dataclass
class Output:
    problems: list[dict[str, object]] = field(default_factory=list)
    files: list[Path] = field(default_factory=list)
    rows: Counter = field(default_factory=Counter)


@dataclass
class FileContext:
    agency: Agency
    month: int
    path: Path
    rng: random.Random
    out: Output

    def problem(self, sheet: str, row: int, col: int, header: str, value: str, task: Task) -> None:
        self.out.problems.append({
            "file": self.path.relative_to(HERE).as_posix(), "sheet": sheet, "row": row,
            "column": get_column_letter(col), "header": header, "value": value,
            "agency": self.agency.name, "month": f"{YEAR}-{self.month:02d}", "task_key": task.key,
        })


# --------------------------------------------------------------------------- openpyxl helpers

THIN = Side(style="thin")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
WRAP = Alignment(wrap_text=True, vertical="top")
CENTER = Alignment(horizontal="center", vertical="center", wrap_text=True)
CENTERED = {"stt", "issued", "deadline", "extended", "completed", "secret", "request",
            "t_ontime", "t_late", "t_open", "t_overdue", "t_cancel"}


class Sheet:
    """An openpyxl worksheet with the sample's fonts and (layout L4) 8-bit encoding."""

    def __init__(self, ws: object, encoding: str = "") -> None:
        self.ws = ws
        self.encoding = encoding
        self.font = {"tcvn3": ".VnTime", "vni": "VNI-Times"}.get(encoding, "Times New Roman")
        self.heading_font = {"tcvn3": ".VnTimeH", "vni": "VNI-Times"}.get(encoding, "Times New Roman")

    def encode(self, value: object, heading: bool) -> object:
        if not isinstance(value, str) or not self.encoding:
            return value
        if self.encoding == "tcvn3":  # a capitals font shows lower-case codes as capitals
            return encode_tcvn3(value.lower() if heading else value)
        return encode_vni(value)

    def put(self, r: int, c: int, value: object, *, bold: bool = False, heading: bool = False,
            italic: bool = False, center: bool = False, box: bool = False) -> None:
        cell = self.ws.cell(row=r, column=c, value=self.encode(value, heading))
        cell.font = Font(name=self.heading_font if heading else self.font, size=12,
                         bold=bold or heading, italic=italic)
        cell.alignment = CENTER if center else WRAP
        if box:
            cell.border = BOX
        if isinstance(value, date):
            cell.number_format = "dd/mm/yyyy"

    def merge(self, r: int, c1: int, c2: int, value: object, r2: int | None = None, **style: bool) -> None:
        self.put(r, c1, value, **style)
        if c2 > c1 or (r2 or r) > r:
            self.ws.merge_cells(start_row=r, start_column=c1, end_row=r2 or r, end_column=c2)


def write_row(sh: Sheet, r: int, columns: tuple[tuple[str, str], ...], values: dict[str, object],
              row: RowView, ctx: FileContext) -> None:
    """One task row; a planned unreadable value replaces its cell and is logged."""
    for c, (key, header) in enumerate(columns, 1):
        value = values.get(key)
        if row.problem and row.problem[0] == key:
            value = row.problem[1]
            ctx.problem(sh.ws.title, r, c, header, value, row.task)
        sh.put(r, c, value, box=True, center=key in CENTERED)


def set_widths(ws: object, widths: Iterable[int]) -> None:
    for c, width in enumerate(widths, 1):
        ws.column_dimensions[get_column_letter(c)].width = width


def save_xlsx(wb: openpyxl.Workbook, path: Path) -> None:
    """Save with fixed metadata and zip timestamps, so that two runs give the same bytes."""
    wb.properties.creator = "Văn phòng"
    wb.properties.lastModifiedBy = "Văn phòng"
    wb.properties.created = wb.properties.modified = STAMP
    buffer = io.BytesIO()
    wb.save(buffer)
    stamp = STAMP.strftime("%Y-%m-%dT%H:%M:%SZ").encode()
    with zipfile.ZipFile(io.BytesIO(buffer.getvalue())) as src, \
            zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = src.read(info.filename)
            if info.filename == "docProps/core.xml":
                data = re.sub(rb"(<dcterms:modified[^>]*>)[^<]*", rb"\g<1>" + stamp, data)
            member = zipfile.ZipInfo(info.filename, date_time=STAMP.timetuple()[:6])
            member.compress_type = zipfile.ZIP_DEFLATED
            dst.writestr(member, data)


def official_title(sh: Sheet, ctx: FileContext, ncols: int, title: str, annex: bool) -> int:
    """Title block: issuer, national motto, date line, title with the month; next free row."""
    agency, month = ctx.agency, ctx.month
    split = 4 if ncols > 8 else 3
    top = [title_name(agency)] if agency.is_district else ["UBND TỈNH ĐẮK NÔNG", title_name(agency)]
    for r, text in enumerate(top, 1):
        sh.merge(r, 1, split, text, center=True, heading=True)
    sh.merge(1, split + 2, ncols, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", center=True, heading=True)
    sh.merge(2, split + 2, ncols, "Độc lập - Tự do - Hạnh phúc", bold=True, center=True)
    sh.merge(3, split + 2, ncols, date_line(agency, month), italic=True, center=True)
    sh.merge(5, 1, ncols, f"{title} THÁNG {month} NĂM {YEAR}", center=True, heading=True)
    if not annex:
        return 7
    sent = date(YEAR, month + 1, 5)
    number = 40 + (agency.index * 13 + month * 5) % 150
    sh.merge(6, 1, ncols, f"(Kèm theo Báo cáo số {number}/BC-{report_code(agency)} ngày "
             f"{dmy_short(sent)} của {agency.name})", italic=True, center=True)
    return 8


def signature(sh: Sheet, r: int, left: int, right: int, agency: Agency, maker: bool = True) -> int:
    lines = signer_lines(agency)
    if maker:
        sh.put(r, left, "Người lập biểu", center=True, heading=True)
    for i, line in enumerate(lines):
        sh.put(r + i, right, line, center=True, heading=True)
    r2 = r + len(lines) + 3
    if maker:
        sh.put(r2, left, person(agency.index * 3 + 1), bold=True, center=True)
    sh.put(r2, right, person(agency.index * 3), bold=True, center=True)
    return r2 + 1


def section_heading(key: str) -> str:
    for sid, issued, label, _ in PROGRAMME_DOCS:
        if sid == key:
            return f"Nhiệm vụ giao tại {label} số {sid} ngày {dmy(issued)} của UBND tỉnh"
    if key == "central":
        return "Nhiệm vụ Chính phủ, Thủ tướng Chính phủ giao"
    return "Nhiệm vụ giao tại các văn bản khác của UBND tỉnh, Chủ tịch UBND tỉnh"


def group_rows(rows: list[RowView]) -> list[tuple[str, list[RowView]]]:
    groups: dict[str, list[RowView]] = defaultdict(list)
    for row in rows:
        groups[section_key(row.task)].append(row)
    return [(key, groups[key]) for key in (*PROGRAMME_IDS, "central", "other") if groups[key]]

# --------------------------------------------------------------------------- L1 full official

L1_COLUMNS = (("stt", "STT"), ("sid", "Số, ký hiệu"), ("issued", "Ngày ban hành"),
              ("content", "Nội dung nhiệm vụ"), ("lead", "Cơ quan chủ trì"), ("coord", "Cơ quan phối hợp"),
              ("deadline", "Thời hạn"), ("extended", "Gia hạn đến"), ("status", "Tình hình thực hiện"),
              ("completed", "Ngày hoàn thành"), ("secret", "Độ mật"), ("note", "Ghi chú"))
L1_SHEETS = ("Biểu 01", "BC", "Sheet1", "NV UBND tinh giao")


def l1_values(row: RowView, ctx: FileContext) -> dict[str, object]:
    task, state, rng = row.task, row.state, ctx.rng
    lead = spell_agency(task.agency, rng, AGENCY_STYLES["L1"]) if row.own else row.lead_text
    return {
        "sid": spell_sid(task.source.sid, rng, SID_STYLES["L1"]), "issued": task.source.issued,
        "content": row.text, "lead": lead, "coord": coordinators_text(task, rng),
        "deadline": deadline_value(task.deadline, rng), "extended": state.extended,
        "status": status_text(row, "L1"), "completed": state.done_on if state.kind == "done" else None,
        "secret": "Mật" if task.source.secret else None, "note": note_text(task),
    }


def l1_header(sh: Sheet, r: int, columns: tuple[tuple[str, str], ...]) -> int:
    """Two merged header rows (group over Số, ký hiệu / Ngày ban hành) and a number row."""
    for c, (key, label) in enumerate(columns, 1):
        if key in ("sid", "issued"):
            sh.put(r + 1, c, label, center=True, box=True, heading=True)
        else:
            sh.merge(r, c, c, label, r2=r + 1, center=True, box=True, heading=True)
    sh.merge(r, 2, 3, "Văn bản giao nhiệm vụ", center=True, box=True, heading=True)
    for c in range(1, len(columns) + 1):
        sh.put(r + 2, c, f"({c})", center=True, box=True)
    return r + 3


def write_sections(sh: Sheet, r: int, rows: list[RowView], ctx: FileContext,
                   columns: tuple[tuple[str, str], ...], values: Callable, split_roman: bool) -> int:
    """Section rows per document, task rows, a "Cộng" row per section, "Tổng cộng" at the end."""
    n, total = len(columns), 0
    for i, (key, group) in enumerate(group_rows(rows), 1):
        if split_roman:
            sh.put(r, 1, ROMAN[i], bold=True, box=True, center=True)
            sh.merge(r, 2, n, section_heading(key), bold=True, box=True)
        else:
            sh.merge(r, 1, n, f"{ROMAN[i]}. {section_heading(key)}", bold=True, box=True)
        r += 1
        for stt, row in enumerate(group, 1):
            write_row(sh, r, columns, values(row, ctx) | {"stt": stt}, row, ctx)
            r += 1
        sh.merge(r, 2, 3, "Cộng", bold=True, box=True)
        sh.put(r, 4, f"{len(group)} nhiệm vụ", bold=True, box=True)
        total += len(group)
        r += 2 if split_roman else 1
    sh.merge(r, 2, 3, "Tổng cộng", bold=True, box=True)
    sh.put(r, 4, f"{total} nhiệm vụ", bold=True, box=True)
    return r + 1


def write_l1(ctx: FileContext, rows: list[RowView]) -> None:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = L1_SHEETS[ctx.agency.index % len(L1_SHEETS)]
    sh = Sheet(ws)
    title = "BIỂU TỔNG HỢP TÌNH HÌNH THỰC HIỆN NHIỆM VỤ UBND TỈNH, CHỦ TỊCH UBND TỈNH GIAO"
    r = official_title(sh, ctx, len(L1_COLUMNS), title, annex=ctx.agency.index % 2 == 0)
    r = l1_header(sh, r, L1_COLUMNS)
    r = write_sections(sh, r, rows, ctx, L1_COLUMNS, l1_values, split_roman=True)
    sh.put(r + 1, 1, "Nơi nhận:\n- Văn phòng UBND tỉnh;\n- Lưu: VT.", italic=True)
    signature(sh, r + 2, 4, 9, ctx.agency)
    set_widths(ws, (6, 16, 12, 60, 22, 22, 12, 12, 28, 12, 8, 20))
    if ctx.agency.index % 3 == 0:
        wb.create_sheet("Sheet2")
    save_xlsx(wb, ctx.path)


# --------------------------------------------------------------------------- L2 unaccented, text dates

L2_COLUMNS = (("stt", "STT"), ("sid", "So ky hieu VB"), ("issued", "Ngay ban hanh"),
              ("content", "Noi dung nhiem vu"), ("lead", "Don vi chu tri"), ("deadline", "Han hoan thanh"),
              ("extended", "Gia han den"), ("status", "Tinh trang"), ("completed", "Ngay hoan thanh"),
              ("note", "Ghi chu"))


def l2_values(row: RowView, ctx: FileContext) -> dict[str, object]:
    task, state, rng = row.task, row.state, ctx.rng
    text = unicodedata.normalize("NFD", row.text) if rng.random() < 0.25 else row.text
    return {
        "sid": spell_sid(task.source.sid, rng, SID_STYLES["L2"]),
        "issued": text_date(task.source.issued, rng), "content": text,
        "lead": spell_agency(task.agency, rng, AGENCY_STYLES["L2"]),
        "deadline": deadline_value(task.deadline, rng, text_dates=True),
        "extended": text_date(state.extended, rng) if state.extended else None,
        "status": status_text(row, "L2"),
        "completed": text_date(state.done_on, rng) if state.kind == "done" else None,
        "note": note_text(task),
    }


def write_l2(ctx: FileContext, rows: list[RowView]) -> None:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Sheet1"
    sh = Sheet(ws)
    sh.put(1, 1, strip_accents(ctx.agency.name).upper(), bold=True)
    title = "Bao cao tinh hinh thuc hien nhiem vu UBND tinh giao"
    title += " (phat sinh trong thang)" if ctx.agency.code == "GN" else f" thang {ctx.month} nam {YEAR}"
    sh.put(2, 1, title, bold=True)
    for c, (_, label) in enumerate(L2_COLUMNS, 1):
        sh.put(4, c, label, bold=True, box=True, center=True)
    for i, row in enumerate(rows, 1):
        write_row(sh, 4 + i, L2_COLUMNS, l2_values(row, ctx) | {"stt": i}, row, ctx)
    set_widths(ws, (5, 16, 12, 60, 18, 14, 12, 30, 14, 20))
    wb.create_sheet("Sheet2")
    wb.create_sheet("Sheet3")
    save_xlsx(wb, ctx.path)


# --------------------------------------------------------------------------- L3 tick columns

L3_COLUMNS = (("stt", "STT"), ("cite", "Văn bản giao nhiệm vụ"), ("content", "Nội dung nhiệm vụ"),
              ("deadline", "Thời hạn hoàn thành"), ("t_ontime", "Đã hoàn thành / Đúng hạn"),
              ("t_late", "Đã hoàn thành / Quá hạn"), ("t_open", "Chưa hoàn thành / Trong hạn"),
              ("t_overdue", "Chưa hoàn thành / Quá hạn"), ("t_cancel", "Dừng thực hiện"), ("note", "Ghi chú"))


def l3_ticks(row: RowView, mark: str) -> dict[str, str]:
    """Which tick column the row marks, as the sheet of that month would judge it."""
    state, task = row.state, row.task
    if state.kind == "cancelled":
        return {"t_cancel": mark}
    due = state.extended or task.deadline.due
    if state.kind == "done":
        completed = task.truth.completed_on if row.own else state.done_on
        return {"t_late" if due and completed > due else "t_ontime": mark}
    return {"t_overdue" if due and month_end(row.month) > due else "t_open": mark}


def l3_values(row: RowView, ctx: FileContext) -> dict[str, object]:
    mark = "X" if ctx.agency.index % 2 else "x"
    return {"cite": citation(row.task.source, ctx.rng), "content": row.text,
            "deadline": deadline_value(row.task.deadline, ctx.rng), "note": note_text(row.task),
            **l3_ticks(row, mark)}


def l3_header(sh: Sheet, r: int) -> int:
    """Three header rows: Tình hình thực hiện > Đã / Chưa hoàn thành > Đúng hạn, Quá hạn ..."""
    for c, (key, label) in enumerate(L3_COLUMNS, 1):
        if not key.startswith("t_") or key == "t_cancel":
            sh.merge(r, c, c, label, r2=r + 2, bold=True, center=True, box=True)
    sh.merge(r, 5, 8, "Tình hình thực hiện", bold=True, center=True, box=True)
    sh.merge(r + 1, 5, 6, "Đã hoàn thành", bold=True, center=True, box=True)
    sh.merge(r + 1, 7, 8, "Chưa hoàn thành", bold=True, center=True, box=True)
    for c, label in zip(range(5, 9), ("Đúng hạn", "Quá hạn", "Trong hạn", "Quá hạn"), strict=True):
        sh.put(r + 2, c, label, bold=True, center=True, box=True)
    return r + 3


def write_l3_body(sh: Sheet, r: int, rows: list[RowView], ctx: FileContext) -> int:
    programme = [row for row in rows if row.task.source.sid in PROGRAMME_IDS]
    others = [row for row in rows if row.task.source.sid not in PROGRAMME_IDS]
    headings = ("Nhiệm vụ giao tại các chương trình, kế hoạch của UBND tỉnh",
                "Nhiệm vụ giao tại các văn bản khác")
    ticks: Counter = Counter()
    stt = 0
    for i, (heading, group) in enumerate(zip(headings, (programme, others), strict=True), 1):
        sh.put(r, 1, ROMAN[i], bold=True, box=True, center=True)
        sh.merge(r, 2, len(L3_COLUMNS), heading, bold=True, box=True)
        r += 1
        for row in group:
            stt += 1
            values = l3_values(row, ctx) | {"stt": stt}
            ticks.update(k for k in values if k.startswith("t_"))
            write_row(sh, r, L3_COLUMNS, values, row, ctx)
            r += 1
    sh.merge(r, 2, 3, "Tổng cộng", bold=True, box=True)
    for c, (key, _) in enumerate(L3_COLUMNS, 1):
        if key.startswith("t_"):
            sh.put(r, c, ticks[key], bold=True, box=True, center=True)
    return r + 1


def write_l3(ctx: FileContext, rows: list[RowView]) -> None:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Bao cao"
    sh = Sheet(ws)
    top = ["UBND TỈNH ĐẮK NÔNG", title_name(ctx.agency)]
    for r, text in enumerate(top, 1):
        sh.merge(r, 1, 3, text, bold=r == 2, center=True)
    sh.merge(1, 5, 10, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", bold=True, center=True)
    sh.merge(2, 5, 10, "Độc lập - Tự do - Hạnh phúc", bold=True, center=True)
    sh.merge(4, 1, 10, "BÁO CÁO KẾT QUẢ THỰC HIỆN NHIỆM VỤ UBND TỈNH, CHỦ TỊCH UBND TỈNH GIAO",
             bold=True, center=True)
    sh.merge(5, 1, 10, f"Tháng {ctx.month} năm {YEAR}", italic=True, center=True)
    r = l3_header(sh, 7)
    r = write_l3_body(sh, r, rows, ctx)
    signature(sh, r + 2, 3, 8, ctx.agency, maker=ctx.agency.index % 2 == 0)
    set_widths(ws, (5, 34, 55, 14, 9, 9, 9, 9, 10, 22))
    save_xlsx(wb, ctx.path)


# --------------------------------------------------------------------------- L4 legacy 8-bit

L4_COLUMNS = (("stt", "STT"), ("sid", "Số, ký hiệu văn bản"), ("issued", "Ngày ban hành"),
              ("content", "Nội dung nhiệm vụ"), ("lead", "Cơ quan chủ trì"), ("deadline", "Thời hạn"),
              ("extended", "Gia hạn đến"), ("status", "Tình hình thực hiện"),
              ("completed", "Ngày hoàn thành"), ("secret", "Độ mật"), ("note", "Ghi chú"))


def l4_values(row: RowView, ctx: FileContext) -> dict[str, object]:
    task, state, rng = row.task, row.state, ctx.rng
    return {
        "sid": spell_sid(task.source.sid, rng, SID_STYLES["L4"]), "issued": task.source.issued,
        "content": row.text, "lead": spell_agency(task.agency, rng, AGENCY_STYLES["L4"]),
        "deadline": deadline_value(task.deadline, rng), "extended": state.extended,
        "status": status_text(row, "L4"), "completed": state.done_on if state.kind == "done" else None,
        "secret": "Mật" if task.source.secret else None, "note": note_text(task),
    }


def write_l4(ctx: FileContext, rows: list[RowView]) -> None:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "BC thang"
    sh = Sheet(ws, ctx.agency.encoding)
    title = "BIỂU TỔNG HỢP TÌNH HÌNH THỰC HIỆN NHIỆM VỤ UBND TỈNH GIAO"
    r = official_title(sh, ctx, len(L4_COLUMNS), title, annex=False)
    for c, (_, label) in enumerate(L4_COLUMNS, 1):
        sh.put(r, c, label, center=True, box=True, heading=True)
    r = write_sections(sh, r + 1, rows, ctx, L4_COLUMNS, l4_values, split_roman=False)
    signature(sh, r + 2, 2, 8, ctx.agency)
    set_widths(ws, (5, 18, 12, 60, 22, 12, 12, 28, 12, 8, 18))
    save_xlsx(wb, ctx.path)


# --------------------------------------------------------------------------- L6 tracking list

L6_COLUMNS = (("stt", "STT"), ("sid", "Số/ký hiệu"), ("issued", "Ngày giao"),
              ("content", "Trích yếu nội dung"), ("lead", "Đơn vị chủ trì"), ("coord", "Đơn vị phối hợp"),
              ("deadline", "Hạn hoàn thành"), ("extended", "Thời hạn điều chỉnh"), ("secret", "Mật"),
              ("status", "Tình trạng"), ("request", "Xin gia hạn"), ("completed", "Ngày hoàn thành"),
              ("hidden", "Mã theo dõi"), ("note", "Ghi chú"))


def l6_values(row: RowView, ctx: FileContext) -> dict[str, object]:
    task, state, rng = row.task, row.state, ctx.rng
    lead = spell_agency(task.agency, rng, AGENCY_STYLES["L6"]) if row.own else row.lead_text
    return {
        "sid": spell_sid(task.source.sid, rng, SID_STYLES["L6"]), "issued": task.source.issued,
        "content": row.text, "lead": lead, "coord": coordinators_text(task, rng),
        "deadline": deadline_value(task.deadline, rng), "extended": state.extended,
        "secret": "x" if task.source.secret else None, "status": status_text(row, "L6"),
        "request": "x" if state.requested else None,
        "completed": state.done_on if state.kind == "done" else None,
        "hidden": f"{ctx.agency.code}-{task.key:05d}", "note": note_text(task),
    }


def l6_header(sh: Sheet, r: int) -> int:
    for c, (key, label) in enumerate(L6_COLUMNS, 1):
        if key in ("deadline", "extended"):
            sh.put(r + 1, c, label, bold=True, center=True, box=True)
        else:
            sh.merge(r, c, c, label, r2=r + 1, bold=True, center=True, box=True)
    sh.merge(r, 7, 8, "Thời hạn", bold=True, center=True, box=True)
    return r + 2


def write_l6(ctx: FileContext, rows: list[RowView]) -> None:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Theo doi NV"
    sh = Sheet(ws)
    top = [title_name(ctx.agency)] if ctx.agency.is_district else ["UBND TỈNH ĐẮK NÔNG", title_name(ctx.agency)]
    for r, text in enumerate(top, 1):
        sh.merge(r, 1, 4, text, bold=r == len(top), center=True)
    sh.merge(4, 1, 14, "BÁO CÁO TIẾN ĐỘ THỰC HIỆN NHIỆM VỤ DO UBND TỈNH, CHỦ TỊCH UBND TỈNH GIAO",
             bold=True, center=True)
    sh.merge(5, 1, 14, f"Kỳ báo cáo: tháng {ctx.month:02d} năm {YEAR}", italic=True, center=True)
    r = l6_header(sh, 7)
    for i, row in enumerate(rows, 1):
        write_row(sh, r, L6_COLUMNS, l6_values(row, ctx) | {"stt": i}, row, ctx)
        r += 1
    sh.merge(r, 2, 4, f"Tổng số: {len(rows)} nhiệm vụ", bold=True, box=True)
    sh.put(r + 2, 10, "THỦ TRƯỞNG ĐƠN VỊ", bold=True, center=True)
    sh.put(r + 3, 10, "(Ký, ghi rõ họ tên)", italic=True, center=True)
    sh.put(r + 7, 10, person(ctx.agency.index * 3), bold=True, center=True)
    set_widths(ws, (5, 16, 12, 60, 22, 22, 12, 12, 6, 24, 8, 12, 12, 18))
    ws.column_dimensions["M"].hidden = True
    save_xlsx(wb, ctx.path)


# --------------------------------------------------------------------------- L5 legacy .xls

_XF = "font: name Times New Roman, height 240{bold}; align: wrap on, vert {v}, horiz {h}{box}"
_BOX = "; borders: left thin, right thin, top thin, bottom thin"


def xstyle(bold: bool = False, center: bool = False, box: bool = False, fmt: str | None = None) -> xlwt.XFStyle:
    spec = _XF.format(bold=", bold on" if bold else "", v="center" if center else "top",
                      h="center" if center else "left", box=_BOX if box else "")
    return xlwt.easyxf(spec, num_format_str=fmt) if fmt else xlwt.easyxf(spec)


XS = {"title": xstyle(bold=True, center=True), "head": xstyle(bold=True, center=True, box=True),
      "text": xstyle(box=True), "mid": xstyle(center=True, box=True),
      "date": xstyle(center=True, box=True, fmt="dd/mm/yyyy"), "plain": xstyle(center=True)}
L5_SHEETS = (("42/QĐ-UBND", "QĐ 42"), ("43/QĐ-UBND", "QĐ 43"), ("26/KH-UBND", "KH 26"))
L5_PROGRAMME = (("stt", "STT"), ("content", "Nội dung nhiệm vụ"), ("deadline", "Thời hạn"),
                ("status", "Tình hình thực hiện"), ("note", "Ghi chú"))
L5_OTHER = (("stt", "STT"), ("sid", "Số, ký hiệu"), ("issued", "Ngày ban hành"),
            ("content", "Nội dung nhiệm vụ"), ("deadline", "Thời hạn"), ("status", "Tình hình thực hiện"),
            ("note", "Ghi chú"))


def l5_values(row: RowView, ctx: FileContext) -> dict[str, object]:
    task, rng = row.task, ctx.rng
    return {"sid": spell_sid(task.source.sid, rng, SID_STYLES["L5"]), "issued": task.source.issued,
            "content": row.text, "deadline": deadline_value(task.deadline, rng),
            "status": status_text(row, "L5"), "note": note_text(task)}


def l5_title(ws: xlwt.Worksheet, ctx: FileContext, ncols: int, lines: tuple[str, ...]) -> int:
    ws.write_merge(0, 0, 0, 1, title_name(ctx.agency), XS["title"])
    ws.write_merge(0, 0, 2, ncols - 1, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", XS["title"])
    ws.write_merge(1, 1, 2, ncols - 1, "Độc lập - Tự do - Hạnh phúc", XS["title"])
    for i, line in enumerate(lines):
        ws.write_merge(3 + i, 3 + i, 0, ncols - 1, line, XS["title"])
    return 4 + len(lines)


def l5_table(ws: xlwt.Worksheet, r: int, rows: list[RowView], ctx: FileContext,
             columns: tuple[tuple[str, str], ...]) -> int:
    """Header (two rows where a group is merged over Số, ký hiệu / Ngày ban hành), rows."""
    for c, (key, label) in enumerate(columns):
        if key in ("sid", "issued"):
            ws.write(r + 1, c, label, XS["head"])
        else:
            ws.write_merge(r, r + 1, c, c, label, XS["head"])
    if columns is L5_OTHER:
        ws.write_merge(r, r, 1, 2, "Văn bản giao nhiệm vụ", XS["head"])
    for c in range(len(columns)):
        ws.write(r + 2, c, f"({c + 1})", XS["mid"])
    r += 3
    for stt, row in enumerate(rows, 1):
        values = l5_values(row, ctx) | {"stt": stt}
        for c, (key, header) in enumerate(columns):
            value = values.get(key)
            if row.problem and row.problem[0] == key:
                value = row.problem[1]
                ctx.problem(ws.name, r + 1, c + 1, header, value, row.task)
            style = XS["date"] if isinstance(value, date) else XS["mid" if key in CENTERED else "text"]
            ws.write(r, c, value, style)
        r += 1
    return r


def l5_signature(ws: xlwt.Worksheet, r: int, ctx: FileContext, right: int) -> None:
    ws.write(r, 0, "Nơi nhận:", XS["plain"])
    for i, line in enumerate(signer_lines(ctx.agency)):
        ws.write(r + i, right, line, XS["title"])
    ws.write(r + 6, right, person(ctx.agency.index * 3), XS["title"])


def l5_summary(wb: xlwt.Workbook, ctx: FileContext, groups: dict[str, list[RowView]]) -> None:
    ws = wb.add_sheet("Tổng hợp")
    r = l5_title(ws, ctx, 6, (f"BẢNG TỔNG HỢP SỐ LIỆU NHIỆM VỤ UBND TỈNH GIAO THÁNG {ctx.month} NĂM {YEAR}",))
    labels = ("STT", "Văn bản giao nhiệm vụ", "Tổng số nhiệm vụ", "Đã hoàn thành", "Chưa hoàn thành",
              "Dừng thực hiện")
    for c, label in enumerate(labels):
        ws.write(r, c, label, XS["head"])
    names = {sid: f"{label} số {sid} ngày {dmy(issued)}" for sid, issued, label, _ in PROGRAMME_DOCS}
    totals = [0, 0, 0, 0]
    for i, key in enumerate((*PROGRAMME_IDS, "other"), 1):
        kinds = Counter(row.state.kind for row in groups[key])
        counts = [len(groups[key]), kinds["done"], kinds["open"], kinds["cancelled"]]
        totals = [a + b for a, b in zip(totals, counts, strict=True)]
        ws.write(r + i, 0, i, XS["mid"])
        ws.write(r + i, 1, names.get(key, "Các văn bản khác"), XS["text"])
        for c, value in enumerate(counts, 2):
            ws.write(r + i, c, value, XS["mid"])
    ws.write(r + 5, 1, "Tổng cộng", XS["head"])
    for c, value in enumerate(totals, 2):
        ws.write(r + 5, c, value, XS["head"])
    for c, width in enumerate((6, 50, 14, 14, 14, 14)):
        ws.col(c).width = 256 * width


def write_l5(ctx: FileContext, rows: list[RowView]) -> None:
    groups: dict[str, list[RowView]] = {key: [] for key in (*PROGRAMME_IDS, "other")}
    for row in rows:
        groups[row.task.source.sid if row.task.source.sid in PROGRAMME_IDS else "other"].append(row)
    wb = xlwt.Workbook(encoding="utf-8")
    l5_summary(wb, ctx, groups)
    report = f"BÁO CÁO TÌNH HÌNH THỰC HIỆN NHIỆM VỤ UBND TỈNH GIAO THÁNG {ctx.month} NĂM {YEAR}"
    sources = {sid: (label, issued) for sid, issued, label, _ in PROGRAMME_DOCS}
    for sid, name in L5_SHEETS:
        label, issued = sources[sid]
        ws = wb.add_sheet(name)
        line = f"NHIỆM VỤ GIAO TẠI {label.upper()} SỐ {sid} NGÀY {dmy(issued)} CỦA UBND TỈNH"
        r = l5_table(ws, l5_title(ws, ctx, 5, (report, line)) + 1, groups[sid], ctx, L5_PROGRAMME)
        l5_signature(ws, r + 2, ctx, 3)
        for c, width in enumerate((6, 60, 14, 34, 22)):
            ws.col(c).width = 256 * width
    ws = wb.add_sheet("Khác")
    r = l5_title(ws, ctx, 7, (report, "NHIỆM VỤ GIAO TẠI CÁC VĂN BẢN KHÁC"))
    r = l5_table(ws, r + 1, groups["other"], ctx, L5_OTHER)
    l5_signature(ws, r + 2, ctx, 5)
    for c, width in enumerate((6, 18, 12, 60, 14, 34, 22)):
        ws.col(c).width = 256 * width
    wb.save(str(ctx.path))


WRITERS: dict[str, Callable[[FileContext, list[RowView]], None]] = {
    "L1": write_l1, "L2": write_l2, "L3": write_l3, "L4": write_l4, "L5": write_l5, "L6": write_l6,
}

# --------------------------------------------------------------------------- the whole plan


# Traps for task identity (rule 11), planted in tasks already planned: their contents change,
# never their number or their stories, so the figures stay those of the plan.
VERB_SWAPS = (("Tăng cường", "Đẩy mạnh"), ("Tập trung", "Khẩn trương"), ("Tổng hợp", "Rà soát"),
              ("Đánh giá", "Kiểm tra"), ("Tiếp tục", "Khẩn trương"), ("Tham mưu", "Đề xuất"))
TRAP_WORDS = " đúng hạn"  # two words added: a possible same task in a text of ten words or more
TRAPPED: set[int] = set()  # keys of the tasks whose content a trap set (exempt from check_groups)


@dataclass
class Trap:
    """Two tasks of one document and lead agency planted as a pair; `pair`: whether the tool
    must report them as a possible same task."""

    kind: str
    first: Task
    second: Task
    pair: bool


def _trap_groups(tasks: list[Task]) -> list[list[Task]]:
    """Groups (document, lead agency) of two or more open-text tasks fit for a trap: not
    secret, of ten words or more, free of numbers, with no coordinator rows, in order."""
    groups: dict[tuple[str, str], list[Task]] = defaultdict(list)
    for task in tasks:
        words = task.content.split()
        if (not task.source.secret and len(words) >= 12 and not re.search(r"\d", task.content)
                and not task.coordinators and "tcvn3" != task.agency.encoding):
            groups[(task.source.sid, task.agency.code)].append(task)
    return [sorted(g, key=lambda t: t.key) for _, g in sorted(groups.items()) if len(g) >= 2]


def _retext(task: Task, content: str) -> None:
    """A new content for a task: no variant spelling left that was made of the old one."""
    task.content, task.variant, task.variant_months = content, "", frozenset()
    TRAPPED.add(task.key)


def plant_traps(tasks: list[Task]) -> list[Trap]:
    """Pairs that rule 11 keeps apart: the same object with another verb (reported), the same
    text with two words added (reported), and the same text for two quarters (two tasks,
    not reported: a number differs). Drawn from a random stream of its own."""
    rng = random.Random(SEED + 11)
    groups = _trap_groups(tasks)
    rng.shuffle(groups)
    traps: list[Trap] = []
    verbs = [g for g in groups if any(g[0].content.startswith(a) for a, _ in VERB_SWAPS)]
    for group in verbs[:2]:
        first, second = group[0], group[1]
        old, new = next((a, b) for a, b in VERB_SWAPS if first.content.startswith(a))
        _retext(second, new + first.content[len(old):])
        traps.append(Trap("verb", first, second, True))
    rest = [g for g in groups if g not in verbs[:2]]
    for group in rest[:2]:
        _retext(group[1], group[0].content + TRAP_WORDS)
        traps.append(Trap("words added", group[0], group[1], True))
    for group in rest[2:4]:
        base = group[0].content
        _retext(group[0], base + " trong quý II")
        _retext(group[1], base + " trong quý III")
        traps.append(Trap("number", group[0], group[1], False))
    _respell(rng, [t for t in tasks if t.variant and t.key not in TRAPPED])
    return traps


def _unmarked(rng: random.Random, text: str) -> str:
    """One word of the text typed without its marks (the Vietnamese keyboard switched off)."""
    words = text.split(" ")
    marked = [i for i, w in enumerate(words) if strip_accents(w) != w and len(w) > 2]
    i = rng.choice(marked)
    words[i] = strip_accents(words[i])
    return " ".join(words)


def _respell(rng: random.Random, with_variant: list[Task]) -> None:
    """Later spellings that rule 11 still joins: 'UBND' written out, one word without marks."""
    ubnd = [t for t in with_variant if "UBND" in t.content]
    for task in ubnd[:4]:
        spelled = task.content.replace("UBND", "Ủy ban nhân dân", 1)
        if fits_encoding(spelled, task.agency):
            task.variant = spelled
    marked = [t for t in with_variant if t not in ubnd[:4] and strip_accents(t.content) != t.content]
    for task in marked[:4]:
        spelled = _unmarked(rng, task.content)
        if fits_encoding(spelled, task.agency):
            task.variant = spelled


def check_groups(tasks: list[Task]) -> None:
    """Within a (source, lead) group contents differ by more than a typo, or by a number."""
    groups: dict[tuple[str, str], list[str]] = defaultdict(list)
    for task in tasks:
        if task.key not in TRAPPED:
            groups[(task.source.sid, task.agency.code)].append(task.content)
    numbers = re.compile(r"\b(\d+|[IVXLC]+)\b")
    for (sid, code), texts in groups.items():
        for i, a in enumerate(texts):
            for b in texts[i + 1:]:
                if numbers.findall(a) == numbers.findall(b) and similar(a, b) >= 80:
                    raise AssertionError(f"{sid} / {code}: too similar:\n  {a}\n  {b}")


def plan(rng: random.Random, agencies: list[Agency]) -> tuple[list[Task], list[Trap]]:
    planner = Planner(rng, agencies)
    planner.plan_programmes()
    planner.plan_central()
    planner.plan_secret()
    planner.plan_ordinary(sum(ORDINARY_PLAN.values()))
    planner.plan_out_of_scope(date(2020, 11, 2), date(2020, 12, 28), 60)
    planner.plan_out_of_scope(date(2021, 7, 1), date(2021, 7, 28), 80)
    assign_ordinary_categories(rng, planner.ordinary)
    for task in planner.tasks:
        build_story(rng, task)
        check_story(task)
    plan_coordinators(rng, planner.tasks, agencies)
    plan_variants(rng, planner.tasks)
    plan_problems(rng, planner.tasks)
    traps = plant_traps(planner.tasks)
    check_groups(planner.tasks)
    return planner.tasks, traps


# --------------------------------------------------------------------------- truth files

TRUTH_COLUMNS = ("task_no", "source_id", "assigned_on", "agency", "content", "authority", "secret",
                 "deadline", "extended_deadline", "completed_on", "cancelled_on", "extension_requested",
                 "category_h1")


def iso(day: date | None) -> str:
    return day.isoformat() if day else ""


def write_truth(tasks: list[Task]) -> dict[int, int]:
    """truth.csv, one row per true task, sorted; returns task key -> task_no."""
    ordered = sorted(tasks, key=lambda t: (t.source.issued, t.source.sid, t.agency.name, t.content))
    numbers = {}
    with (HERE / "truth.csv").open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh, lineterminator="\n")
        writer.writerow(TRUTH_COLUMNS)
        for no, task in enumerate(ordered, 1):
            numbers[task.key] = no
            truth = task.truth
            writer.writerow((no, task.source.sid, iso(task.source.issued), task.agency.name, task.content,
                             task.source.authority, int(task.source.secret), iso(task.deadline.due),
                             iso(truth.extended), iso(truth.completed_on), iso(truth.cancelled_on),
                             int(truth.requested), truth.category))
    return numbers


PAIR_COLUMNS = ("kind", "source_id", "agency", "content_a", "content_b", "reported")


def write_pairs(traps: list[Trap]) -> None:
    """pairs.csv: the pairs of tasks planted for rule 11, and whether each must be reported as
    a possible same task (the tool keeps every one as two tasks)."""
    with (HERE / "pairs.csv").open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh, lineterminator="\n")
        writer.writerow(PAIR_COLUMNS)
        for trap in traps:
            writer.writerow((trap.kind, trap.first.source.sid, trap.first.agency.name, trap.first.content,
                             trap.second.content, int(trap.pair)))


def _parse(text: str) -> date | None:
    return date.fromisoformat(text) if text else None


def figure_keys(row: dict[str, str]) -> list[str]:
    """The figures one truth.csv row counts in, for H1-2021 as of 30/06/2021 (independent of the plan)."""
    assigned = _parse(row["assigned_on"])
    if not H1_START <= assigned <= H1_END:
        return []
    keys = ["assigned"] + (["secret"] if row["secret"] == "1" else [])
    effective = _parse(row["extended_deadline"]) or _parse(row["deadline"])
    if effective is None:
        keys.append("no_deadline")
    cancelled, completed = _parse(row["cancelled_on"]), _parse(row["completed_on"])
    if cancelled and cancelled <= AS_OF:
        return keys + ["cancelled"]
    if completed and completed <= AS_OF:
        return keys + ["done", "done_late" if effective and completed > effective else "done_on_time"]
    keys += ["not_done", "not_done_overdue" if effective and AS_OF > effective else "not_done_in_time"]
    return keys + (["extension_requested"] if row["extension_requested"] == "1" else [])


def figures_from_truth(path: Path) -> dict[str, object]:
    def zero() -> dict[str, int]:
        return dict.fromkeys(FIGURE_KEYS, 0)

    totals, central, by_source = zero(), zero(), {}
    with path.open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            keys = figure_keys(row)
            category = next((k for k in keys if k in (DOT, DL, NDI, NDO, CAN)), OOS)
            if category != row["category_h1"]:
                raise AssertionError(f"truth row {row['task_no']}: {category} != {row['category_h1']}")
            if not keys:
                continue
            bucket = totals if row["authority"] == "provincial" else central
            source = by_source.setdefault(row["source_id"], zero())
            for key in keys:
                bucket[key] += 1
                source[key] += 1
    return {"totals": totals, "central": central, "by_source": dict(sorted(by_source.items()))}


def check_targets(figures: dict[str, object]) -> None:
    """Fail loudly unless the figures are the targets and add up."""
    errors = []
    buckets = {"totals": figures["totals"], "central": figures["central"], **figures["by_source"]}
    for scope, expected in TARGETS.items():
        actual = buckets.get(scope, {})
        errors += [f"{scope}.{k}: {actual.get(k)} != {v}" for k, v in expected.items() if actual.get(k) != v]
    for scope, f in buckets.items():
        if (f["assigned"] != f["done"] + f["not_done"] + f["cancelled"]
                or f["done"] != f["done_on_time"] + f["done_late"]
                or f["not_done"] != f["not_done_in_time"] + f["not_done_overdue"]):
            errors.append(f"{scope}: figures do not add up: {f}")
    if errors:
        raise SystemExit("truth figures do not match the targets:\n  " + "\n  ".join(errors))


def write_problems(out: Output, numbers: dict[int, int]) -> None:
    columns = ("file", "sheet", "row", "column", "header", "value", "agency", "month", "task_no")
    with (HERE / "problems.csv").open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh, lineterminator="\n")
        writer.writerow(columns)
        for p in sorted(out.problems, key=lambda p: (p["file"], p["sheet"], p["row"])):
            writer.writerow([*(p[c] for c in columns[:-1]), numbers[p["task_key"]]])


# --------------------------------------------------------------------------- the inbox


def write_inbox(tasks: list[Task], agencies: list[Agency], out: Output) -> None:
    if INBOX.exists():
        shutil.rmtree(INBOX)
    index = build_index(tasks)
    for month in MONTHS:
        folder = INBOX / f"{YEAR}-{month:02d}"
        folder.mkdir(parents=True)
        for agency in agencies:
            rows = rows_for(agency, month, index)
            rng = random.Random(SEED * 100_000 + agency.index * 100 + month)
            ctx = FileContext(agency, month, folder / agency.file_name(month), rng, out)
            WRITERS[agency.layout](ctx, rows)
            out.files.append(ctx.path)
            out.rows[(agency.layout, "files")] += 1
            out.rows[(agency.layout, "own")] += sum(r.own for r in rows)
            out.rows[(agency.layout, "coordinator")] += sum(not r.own for r in rows)


def verify_files(out: Output) -> None:
    """Every workbook opens with python-calamine (and openpyxl); problem cells hold their values."""
    for path in out.files:
        book = CalamineWorkbook.from_path(str(path))
        for name in book.sheet_names:
            book.get_sheet_by_name(name).to_python(skip_empty_area=False)
        if path.suffix == ".xlsx":
            openpyxl.load_workbook(path, read_only=True).close()
    for p in out.problems:
        grid = CalamineWorkbook.from_path(str(HERE / p["file"])).get_sheet_by_name(p["sheet"])
        cell = grid.to_python(skip_empty_area=False)[p["row"] - 1][openpyxl.utils.column_index_from_string(p["column"]) - 1]
        if str(cell) != p["value"]:
            raise AssertionError(f"problem cell {p} holds {cell!r}")


# --------------------------------------------------------------------------- README

LAYOUT_NOTES = {
    "L1": "title block (UBND TỈNH ĐẮK NÔNG, agency, national motto, signing-date line of the *next* "
          "month, title `… THÁNG m NĂM 2021`, sometimes a `(Kèm theo Báo cáo số …)` line); header merged "
          "over 2 rows (group `Văn bản giao nhiệm vụ` over `Số, ký hiệu` / `Ngày ban hành`); column-number "
          "row `(1) … (12)`; section rows per programme document / central / others; `Cộng` and "
          "`Tổng cộng` rows; blank rows; `Nơi nhận` and signature block; real Excel dates; `Độ mật` = "
          "`Mật`; status words with dated notes for cancellations; coordinator rows (lead named in "
          "`Cơ quan chủ trì`); cumulative.",
    "L2": "one header row without diacritics; agency name and a short unaccented title above; day-first "
          "text dates in mixed forms and bare serial numbers; deadline words; status abbreviations (HT, "
          "Chưa HT, Dang thuc hien, Xin gia hạn, Dung thuc hien) with dated notes; aliases for the lead "
          "agency; some content in NFD; empty Sheet2/Sheet3; incremental (new tasks and status changes).",
    "L3": "three header rows (`Tình hình thực hiện` > `Đã hoàn thành` / `Chưa hoàn thành` > `Đúng hạn`, "
          "`Quá hạn` / `Trong hạn`, `Quá hạn`) with `x` ticks, `Dừng thực hiện` tick column; the assigning "
          "document cited whole (`Kế hoạch số 26/KH-UBND ngày 15/01/2021 của UBND tỉnh`, `(Mật)` for "
          "secret ones); no completion-date column, no lead column; `Tổng cộng` row of tick counts; "
          "cumulative.",
    "L4": "like L1 with one header row: every text cell in TCVN3 (fonts `.VnTime`, headings lower-case "
          "codes in `.VnTimeH`) or, for UBND huyện Tuy Đức, in VNI (`VNI-Times`); cumulative.",
    "L5": "legacy .xls (xlwt, merged title and headers): sheet `Tổng hợp` (counts per document, not a "
          "task table), `QĐ 42`, `QĐ 43`, `KH 26` (source given only by the sheet's title line "
          "`NHIỆM VỤ GIAO TẠI QUYẾT ĐỊNH SỐ 42/QĐ-UBND NGÀY 12/01/2021 CỦA UBND TỈNH`) and `Khác` (with "
          "a source column); no completion column: dates only in status notes; cumulative.",
    "L6": "tracking list: `Số/ký hiệu`, `Ngày giao`, `Trích yếu nội dung`, group `Thời hạn` over "
          "`Hạn hoàn thành` / `Thời hạn điều chỉnh`, `Mật` (x), `Tình trạng`, separate `Xin gia hạn` (x), "
          "hidden helper column M `Mã theo dõi`; lead cell sometimes blank (= the submitting agency); "
          "title line `Kỳ báo cáo: tháng 06 năm 2021`; coordinator rows; cumulative.",
}


def readme_text(agencies: list[Agency], out: Output, numbers: dict[int, int]) -> str:
    lines = [
        "# Sample inbox: Đắk Nông, January–July 2021",
        "",
        "Generated by `generate.py` (deterministic: `random.Random(2021)`, fixed workbook metadata). "
        "Regenerate with `make sample`; never edit the files by hand.",
        "",
        "`inbox/2021-MM/` holds one workbook per agency and month (32 agencies × 7 months). The month "
        "is given by the folder and, except for UBND thành phố Gia Nghĩa (L2), by the title "
        "(`THÁNG 6 NĂM 2021`, `thang 6 nam 2021`, `Tháng 6 năm 2021`, `tháng 06 năm 2021`). L1/L4 "
        "title blocks also carry the signing-date line of the following month.",
        "",
        "## Layouts",
        "",
        "| layout | files | agencies | what it covers |",
        "|---|---|---|---|",
    ]
    for code, note in LAYOUT_NOTES.items():
        names = ", ".join(a.name for a in agencies if a.layout == code)
        lines.append(f"| {code} {LAYOUTS[code].name} (.{LAYOUTS[code].extension}) | "
                     f"{out.rows[(code, 'files')]} | {names} | {note} |")
    lines += [
        "",
        "## Truth",
        "",
        "- `truth.csv`: one row per true task (UTF-8, sorted by assigned_on, source_id, agency, "
        "content). `source_id` canonical (numbers below 10 with two digits: `01/NQ-CP`), `agency` the "
        "canonical lead, `content` the NFC text of its first clean appearance; dates ISO or blank; "
        "`secret` and `extension_requested` are 1/0; `completed_on` / `cancelled_on` as the rules "
        "derive them from the sheets (a done row without a date completes at the end of the first "
        "month that reports it); `category_h1` for H1-2021 as of 30/06/2021.",
        "- `truth_figures.json`: the figures for H1-2021 as of 30/06/2021, recomputed from truth.csv "
        "alone: `totals` (provincial), `central`, `by_source` (every source with a task assigned in H1).",
        "- `problems.csv`: the unreadable cells below, one per line.",
        "- `pairs.csv`: pairs of tasks of one document and lead agency planted for rule 11 (another verb on "
        "the same object, two words added, the same text for two quarters): each pair is two tasks, and "
        "`reported` says whether the tool must list it as a possible same task. Later spellings that must "
        "still join (typos of rule 11, UBND written out, a word typed without marks) are among the variants.",
        "",
        "## A draft report to check",
        "",
        "`du-thao-bao-cao-6-thang-2021.txt` is a draft of the half-year report's section on tasks, "
        "one paragraph a line, for `taskrollup verify`. It is written by hand, not by `generate.py` "
        "(`make sample` leaves it as it is). Its figures are this inbox's for H1-2021 but for two "
        "errors in its headline paragraph (line 15), of the kind the tool exists to catch: it states "
        "1.268 tasks done on time where the data say 2.146, so 1.268 + 122 ≠ 2.268; and it leaves out "
        "the 5 cancelled tasks, so 2.268 + 300 ≠ 2.573.",
        "",
        "## Unreadable cells (the reader must report each one, not crash)",
        "",
        "Each is in a row of a task that is reported correctly in a later submission of the same "
        "agency; the bad row's status is unchanged and not the newest.",
        "",
        "| file | sheet | row | column | value | task_no |",
        "|---|---|---|---|---|---|",
    ]
    for p in sorted(out.problems, key=lambda p: (p["file"], p["row"])):
        lines.append(f"| {p['file']} | {p['sheet']} | {p['row']} | {p['column']} ({p['header']}) | "
                     f"`{p['value']}` | {numbers[p['task_key']]} |")
    return "\n".join(lines) + "\n"


# --------------------------------------------------------------------------- main


def print_summary(tasks: list[Task], out: Output, figures: dict[str, object]) -> None:
    print(f"{len(tasks)} true tasks, {len(out.files)} workbooks, {len(out.problems)} unreadable cells")
    for code in LAYOUTS:
        files, own, coord = (out.rows[(code, k)] for k in ("files", "own", "coordinator"))
        print(f"  {code} {LAYOUTS[code].name:48} files {files:3}  task rows {own:5}  coordinator rows {coord:4}")
    size = sum(p.stat().st_size for p in out.files)
    print(f"  inbox size {size / 1e6:.1f} MB")
    print("  totals :", figures["totals"])
    print("  central:", figures["central"])


def main() -> None:
    rng = random.Random(SEED)
    agencies = load_agencies()
    tasks, traps = plan(rng, agencies)
    numbers = write_truth(tasks)
    write_pairs(traps)
    figures = figures_from_truth(HERE / "truth.csv")
    check_targets(figures)
    (HERE / "truth_figures.json").write_text(json.dumps(figures, ensure_ascii=False, indent=2) + "\n",
                                             encoding="utf-8")
    out = Output()
    write_inbox(tasks, agencies, out)
    write_problems(out, numbers)
    (HERE / "README.md").write_text(readme_text(agencies, out, numbers), encoding="utf-8")
    verify_files(out)
    print_summary(tasks, out, figures)


if __name__ == "__main__":
    main()
