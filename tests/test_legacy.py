"""Legacy encodings: TCVN3 and VNI rule tables, the iconv check, detection and round trips."""

from __future__ import annotations

import shutil
import subprocess
import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from taskrollup import legacy
from taskrollup.legacy import (
    decode_tcvn3,
    decode_vni,
    detect_legacy,
    encode_tcvn3,
    encode_vni,
    fix_legacy,
)

# (TCVN3 as a .VnTime cell reads, Unicode). TCVN3 has no toned capitals: "ñy" is "ủy".
TCVN3_CASES = [
    ("NhiÖm vô", "Nhiệm vụ"),
    ("Së Tµi chÝnh", "Sở Tài chính"),
    ("ñy ban nh©n d©n tØnh §¾k N«ng", "ủy ban nhân dân tỉnh Đắk Nông"),
    ("UBND tØnh §¾k N«ng", "UBND tỉnh Đắk Nông"),
    ("§· hoµn thµnh", "Đã hoàn thành"),
    ("Ch\xada hoµn thµnh", "Chưa hoàn thành"),
    ("Th\xadêng xuyªn", "Thường xuyên"),
    ("Quý II/2021", "Quý II/2021"),
    ("Ng\xadêi lËp biÓu", "Người lập biểu"),
    ("Së Lao ®éng - Th\xad¬ng binh vµ X· héi", "Sở Lao động - Thương binh và Xã hội"),
    ("\xadu tiªn", "ưu tiên"),
    ("§¾k R'lÊp", "Đắk R'lấp"),
    ("UBND huyÖn §¾k R'lÊp", "UBND huyện Đắk R'lấp"),
    ("KT. GI¸M §èC", "KT. GIáM ĐốC"),
    ("Tæng céng", "Tổng cộng"),
    ("Xin gia h¹n", "Xin gia hạn"),
    ("Dõng thùc hiÖn", "Dừng thực hiện"),
    ("§ang triÓn khai", "Đang triển khai"),
    ("KÕ ho¹ch sè 26/KH-UBND ngµy 15/01/2021 cña UBND tØnh", "Kế hoạch số 26/KH-UBND ngày 15/01/2021 của UBND tỉnh"),
    ("Céng hoµ x· héi chñ nghÜa ViÖt Nam", "Cộng hoà xã hội chủ nghĩa Việt Nam"),
    ("Thêi h¹n hoµn thµnh", "Thời hạn hoàn thành"),
    ("C¬ quan chñ tr×", "Cơ quan chủ trì"),
    ("C¬ quan phèi hîp", "Cơ quan phối hợp"),
    ("UBND huyÖn C\xad Jót", "UBND huyện Cư Jút"),
    ("Së Gi¸o dôc vµ §µo t¹o", "Sở Giáo dục và Đào tạo"),
    ("Së N«ng nghiÖp vµ Ph¸t triÓn n«ng th«n", "Sở Nông nghiệp và Phát triển nông thôn"),
    ("V¨n phßng UBND tØnh", "Văn phòng UBND tỉnh"),
    ("Ban Qu¶n lý c¸c khu c«ng nghiÖp", "Ban Quản lý các khu công nghiệp"),
    ("Bé ChØ huy Qu©n sù tØnh", "Bộ Chỉ huy Quân sự tỉnh"),
    ("Kho b¹c Nhµ n\xadíc tØnh", "Kho bạc Nhà nước tỉnh"),
    ("Së V¨n hãa, ThÓ thao vµ Du lÞch", "Sở Văn hóa, Thể thao và Du lịch"),
    ("§· hoµn thµnh (B¸o c¸o sè 12/BC-SNN ngµy 20/3/2021)", "Đã hoàn thành (Báo cáo số 12/BC-SNN ngày 20/3/2021)"),
    ("Tr\xadíc ngµy 30/6/2021", "Trước ngày 30/6/2021"),
    ("ChËm nhÊt ngµy 30/6/2021", "Chậm nhất ngày 30/6/2021"),
    ("H»ng th¸ng", "Hằng tháng"),
    ("Sè, ký hiÖu v¨n b¶n", "Số, ký hiệu văn bản"),
    ("TrÝch yÕu néi dung nhiÖm vô", "Trích yếu nội dung nhiệm vụ"),
    ("T×nh h×nh thùc hiÖn", "Tình hình thực hiện"),
    ("C¤NG AN TØNH", "CÔNG AN TỉNH"),
    ("TH¦¥NG BINH", "THƯƠNG BINH"),
    ("BiÓu tæng hîp th¸ng 6 n¨m 2021", "Biểu tổng hợp tháng 6 năm 2021"),
    ("Quèc phßng, an ninh", "Quốc phòng, an ninh"),
    ("thuéc thÈm quyÒn", "thuộc thẩm quyền"),
    ("nguån vèn", "nguồn vốn"),
    ("Thñ t\xadíng ChÝnh phñ", "Thủ tướng Chính phủ"),
    ("Sè nhiÖm vô ®· hoµn thµnh: 2.268 nhiÖm vô", "Số nhiệm vụ đã hoàn thành: 2.268 nhiệm vụ"),
]

# (VNI as a VNI-Times cell reads, Unicode). VNI has toned capitals.
VNI_CASES = [
    ("Nhieäm vuï", "Nhiệm vụ"),
    ("Sôû Taøi chính", "Sở Tài chính"),
    ("UÛy ban nhaân daân tænh Ñaék Noâng", "Ủy ban nhân dân tỉnh Đắk Nông"),
    ("Ñaõ hoaøn thaønh", "Đã hoàn thành"),
    ("Chöa hoaøn thaønh", "Chưa hoàn thành"),
    ("Thöôøng xuyeân", "Thường xuyên"),
    ("Quyù II/2021", "Quý II/2021"),
    ("Ngöôøi laäp bieåu", "Người lập biểu"),
    ("Sôû Lao ñoäng - Thöông binh vaø Xaõ hoäi", "Sở Lao động - Thương binh và Xã hội"),
    ("öu tieân", "ưu tiên"),
    ("Ñaék R'laáp", "Đắk R'lấp"),
    ("UBND huyeän Ñaék R'laáp", "UBND huyện Đắk R'lấp"),
    ("KT. GIAÙM ÑOÁC", "KT. GIÁM ĐỐC"),
    ("UÛY BAN NHAÂN DAÂN TÆNH ÑAÉK NOÂNG", "ỦY BAN NHÂN DÂN TỈNH ĐẮK NÔNG"),
    ("COÄNG HOØA XAÕ HOÄI CHUÛ NGHÓA VIEÄT NAM", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"),
    ("BIEÅU TOÅNG HÔÏP THAÙNG 6 NAÊM 2021", "BIỂU TỔNG HỢP THÁNG 6 NĂM 2021"),
    ("Toång coäng", "Tổng cộng"),
    ("Xin gia haïn", "Xin gia hạn"),
    ("Döøng thöïc hieän", "Dừng thực hiện"),
    ("Ñang trieån khai", "Đang triển khai"),
    ("Keá hoaïch soá 26/KH-UBND ngaøy 15/01/2021 cuûa UBND tænh", "Kế hoạch số 26/KH-UBND ngày 15/01/2021 của UBND tỉnh"),
    ("Thôøi haïn hoaøn thaønh", "Thời hạn hoàn thành"),
    ("Cô quan chuû trì", "Cơ quan chủ trì"),
    ("Cô quan phoái hôïp", "Cơ quan phối hợp"),
    ("UBND huyeän Cö Juùt", "UBND huyện Cư Jút"),
    ("Sôû Giaùo duïc vaø Ñaøo taïo", "Sở Giáo dục và Đào tạo"),
    ("Vaên phoøng UBND tænh", "Văn phòng UBND tỉnh"),
    ("Ban Quaûn lyù caùc khu coâng nghieäp", "Ban Quản lý các khu công nghiệp"),
    ("Boä Chæ huy Boä ñoäi Bieân phoøng tænh", "Bộ Chỉ huy Bộ đội Biên phòng tỉnh"),
    ("Kho baïc Nhaø nöôùc tænh", "Kho bạc Nhà nước tỉnh"),
    ("Sôû Vaên hoùa, Theå thao vaø Du lòch", "Sở Văn hóa, Thể thao và Du lịch"),
    ("Tröôùc ngaøy 30/6/2021", "Trước ngày 30/6/2021"),
    ("Chaäm nhaát ngaøy 30/6/2021", "Chậm nhất ngày 30/6/2021"),
    ("Haèng thaùng", "Hằng tháng"),
    ("Soá, kyù hieäu vaên baûn", "Số, ký hiệu văn bản"),
    ("UBND thaønh phoá Gia Nghóa", "UBND thành phố Gia Nghĩa"),
    ("Ñaø Naüng", "Đà Nẵng"),
    ("ñaëc bieät", "đặc biệt"),
    ("ñaúng caáp", "đẳng cấp"),
    ("tyû leä", "tỷ lệ"),
    ("Kyø baùo caùo", "Kỳ báo cáo"),
    ("kyõ thuaät", "kỹ thuật"),
    ("Quyõ ñaàu tö", "Quỹ đầu tư"),
    ("Thuû töôùng Chính phuû", "Thủ tướng Chính phủ"),
    ("ÔÛ ÑAÂU", "Ở ĐÂU"),
    ("ÖÙNG DUÏNG", "ỨNG DỤNG"),
    ("YÙ KIEÁN", "Ý KIẾN"),
    ("CHÆ THÒ", "CHỈ THỊ"),
    ("LÓNH VÖÏC", "LĨNH VỰC"),
    ("hieäu quaû", "hiệu quả"),
    ("vöôït", "vượt"),
    ("khuyûu tay", "khuỷu tay"),
    ("tænh Ñaék Noâng, ngaøy 05 thaùng 7 naêm 2021", "tỉnh Đắk Nông, ngày 05 tháng 7 năm 2021"),
    ("nhöõng vieäc ñöôïc giao", "những việc được giao"),
    ("NGÖÔØI LAÄP BIEÅU", "NGƯỜI LẬP BIỂU"),
    ("THÖÏC HIEÄN", "THỰC HIỆN"),
]

# The whole VNI-Windows alphabet: row of letters (untoned, sắc, huyền, hỏi, ngã, nặng) -> bytes.
VNI_ALPHABET = [
    ("aáàảãạ", ["a", "aù", "aø", "aû", "aõ", "aï"]),
    ("ăắằẳẵặ", ["aê", "aé", "aè", "aú", "aü", "aë"]),
    ("âấầẩẫậ", ["aâ", "aá", "aà", "aå", "aã", "aä"]),
    ("eéèẻẽẹ", ["e", "eù", "eø", "eû", "eõ", "eï"]),
    ("êếềểễệ", ["eâ", "eá", "eà", "eå", "eã", "eä"]),
    ("iíìỉĩị", ["i", "í", "ì", "æ", "ó", "ò"]),
    ("oóòỏõọ", ["o", "où", "oø", "oû", "oõ", "oï"]),
    ("ôốồổỗộ", ["oâ", "oá", "oà", "oå", "oã", "oä"]),
    ("ơớờởỡợ", ["ô", "ôù", "ôø", "ôû", "ôõ", "ôï"]),
    ("uúùủũụ", ["u", "uù", "uø", "uû", "uõ", "uï"]),
    ("ưứừửữự", ["ö", "öù", "öø", "öû", "öõ", "öï"]),
    ("yýỳỷỹỵ", ["y", "yù", "yø", "yû", "yõ", "î"]),
    ("đ", ["ñ"]),
]
VIETNAMESE_LETTERS = "".join(row for row, _ in VNI_ALPHABET)
TONED_CAPITALS = set(VIETNAMESE_LETTERS.upper()) - set("AĂÂEÊIOÔƠUƯYĐ")

# Genuine Unicode text: must never be taken for a legacy encoding (tested in NFC and NFD).
UNICODE_TEXTS = [
    "Sở Tài chính",
    "Hòa",
    "Hoà",
    "Đắk Nông",
    "Ủy ban nhân dân tỉnh Đắk Nông",
    "Đã hoàn thành",
    "Chưa hoàn thành",
    "Thường xuyên",
    "Quý II/2021",
    "Người lập biểu",
    "Sở Lao động - Thương binh và Xã hội",
    "Sở Lao động – Thương binh và Xã hội",
    "ưu tiên",
    "Đắk R'lấp",
    "Đắk R’Lấp",
    "UBND huyện Cư Jút",
    "UBND huyện Krông Nô",
    "UBND huyện Tuy Đức",
    "UBND thành phố Gia Nghĩa",
    "KT. GIÁM ĐỐC",
    "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
    "Kế hoạch số 26/KH-UBND ngày 15/01/2021 của UBND tỉnh",
    "Đã hoàn thành (Báo cáo số 12/BC-SNN ngày 20/3/2021)",
    "Tân Phú",
    "Hòa Bình",
    "HÒA BÌNH",
    "công an",
    "CÔNG AN",
    "Công an tỉnh",
    "Tài chính",
    "Cà Mau",
    "Tây Ninh",
    "Kon Tum",
    "Gia Lai",
    "Phú Yên",
    "An Giang",
    "Nhà Bè",
    "Hóc Môn",
    "Tân Bình",
    "Bình Chánh",
    "Lâm Hà",
    "Di Linh",
    "Ea Súp",
    "Jút",
    "Krông Bông",
    "Buôn Ma Thuột",
    "Tô Lâm",
    "Lê Thị Hòa",
    "Võ Văn Tân",
    "Lò Văn Giàng",
    "Quyết định",
    "Chỉ thị",
    "Thông báo",
    "Công văn",
    "Báo cáo",
    "Phụ lục 01",
    "Hằng tháng",
    "Trước ngày 30/6/2021",
    "Chậm nhất ngày 30/6/2021",
    "Gia Nghĩa, ngày 05 tháng 7 năm 2021",
    "Tổng cộng",
    "Cộng",
    "Dừng thực hiện",
    "Xin gia hạn",
    "Đang triển khai",
    "Tính đến ngày 30/6/2021",
    "« Hòa »",
    "«Tên»",
    "Cao 3 m² – dài 2 m",
]

# ASCII and Latin-1 text that is neither Vietnamese nor legacy.
NOT_LEGACY_TEXTS = [
    "",
    "x",
    "HT",
    "Chua HT",
    "So ky hieu VB",
    "Nhiem vu",
    "44211",
    "2.573",
    "98,62%",
    "15/01/2021",
    "15-01-2021",
    "26/KH-UBND",
    "42/2014/QĐ-TTg",
    "42/QÐ-UBND",
    "QÐ",
    "Ðoàn",
    "café",
    "crème brûlée",
    "Müller",
    "naïve",
    "Zürich",
    "São Paulo",
    "Ñandú",
    "Hélène",
    "José",
    "déjà vu",
    "30°C",
    "25 m²",
    "±5%",
    "§ 3",
    "© 2021",
    "½",
    "µg",
    "×2",
    "Tân\xa0Phú",
]


def _nfd(text: str) -> str:
    return unicodedata.normalize("NFD", text)


def _iconv_tcvn(data: bytes) -> str:
    """Decode bytes with the system iconv's TCVN5712-1, or skip the test without iconv."""
    if shutil.which("iconv") is None:
        pytest.skip("iconv is not installed")
    done = subprocess.run(
        ["iconv", "-f", "TCVN5712-1", "-t", "UTF-8"], input=data, capture_output=True, check=True
    )
    return done.stdout.decode("utf-8")


# ----------------------------------------------------------------- rule tables


@pytest.mark.parametrize(("raw", "expected"), TCVN3_CASES)
def test_decode_tcvn3(raw: str, expected: str) -> None:
    """A TCVN3 cell decodes to its Vietnamese text."""
    assert decode_tcvn3(raw) == expected


@pytest.mark.parametrize(("raw", "expected"), VNI_CASES)
def test_decode_vni(raw: str, expected: str) -> None:
    """A VNI cell decodes to its Vietnamese text."""
    assert decode_vni(raw) == expected


@pytest.mark.parametrize(("raw", "expected"), TCVN3_CASES)
def test_encode_tcvn3_gives_the_cell_text(raw: str, expected: str) -> None:
    """Encoding the Vietnamese text gives back exactly the TCVN3 cell."""
    assert encode_tcvn3(expected) == raw


@pytest.mark.parametrize(("raw", "expected"), VNI_CASES)
def test_encode_vni_gives_the_cell_text(raw: str, expected: str) -> None:
    """Encoding the Vietnamese text gives back exactly the VNI cell."""
    assert encode_vni(expected) == raw


@pytest.mark.parametrize(("raw", "expected"), [c for c in TCVN3_CASES if c[0] != c[1]])
def test_detect_tcvn3(raw: str, expected: str) -> None:
    """A TCVN3 phrase is detected as TCVN3 without any font."""
    assert detect_legacy(raw) == "tcvn3"


@pytest.mark.parametrize(("raw", "expected"), [c for c in VNI_CASES if c[0] != c[1]])
def test_detect_vni(raw: str, expected: str) -> None:
    """A VNI phrase is detected as VNI without any font."""
    assert detect_legacy(raw) == "vni"


@pytest.mark.parametrize(("raw", "expected"), TCVN3_CASES + VNI_CASES)
def test_fix_legacy_decodes(raw: str, expected: str) -> None:
    """fix_legacy turns every legacy phrase into its Unicode text."""
    assert fix_legacy(raw) == expected


# ----------------------------------------------------------------- the tables themselves


def test_tcvn3_table_matches_iconv_byte_by_byte() -> None:
    """Bytes 0xA1-0xFE decode exactly as the system iconv's TCVN5712-1 does."""
    codes = range(0xA1, 0xFF)
    expected = _iconv_tcvn(b"\n".join(bytes([code]) for code in codes)).split("\n")
    assert len(expected) == len(codes)
    for code, char in zip(codes, expected, strict=True):
        assert decode_tcvn3(chr(code)) == unicodedata.normalize("NFC", char), hex(code)


def test_tcvn3_encoding_matches_iconv() -> None:
    """Every non-ASCII lower-case letter and untoned capital encodes to one byte iconv reads back."""
    letters = [ch for ch in VIETNAMESE_LETTERS + "ĂÂÊÔƠƯĐ" if not ch.isascii()]
    encoded = [encode_tcvn3(letter) for letter in letters]
    assert all(len(code) == 1 and "\xa1" <= code <= "\xfe" for code in encoded)
    decoded = _iconv_tcvn("\n".join(encoded).encode("latin-1")).split("\n")
    assert decoded == letters


def test_tcvn3_ascii_and_low_bytes_pass_through() -> None:
    """ASCII, C1 controls and the no-break space are the same in TCVN3."""
    text = "".join(chr(code) for code in range(0xA1))
    assert decode_tcvn3(text) == text


def test_tcvn3_soft_hyphen_is_u_horn() -> None:
    """Byte 0xAD (a soft hyphen in Latin-1) is the letter ư."""
    assert decode_tcvn3("\xad") == "ư"
    assert encode_tcvn3("ư") == "\xad"


@pytest.mark.parametrize(("capital", "code"), [("Ủ", "ñ"), ("Ấ", "Ê"), ("Ờ", "ê"), ("Ý", "ý"), ("Ạ", "¹")])
def test_encode_tcvn3_folds_toned_capitals(capital: str, code: str) -> None:
    """A toned capital, absent from TCVN3, is written with its lower-case code."""
    assert encode_tcvn3(capital) == code
    assert decode_tcvn3(encode_tcvn3(capital)) == capital.lower()


@pytest.mark.parametrize(("letters", "codes"), VNI_ALPHABET)
def test_vni_alphabet(letters: str, codes: list[str]) -> None:
    """Each Vietnamese letter and its capital has the VNI-Windows byte sequence."""
    for letter, code in zip(letters, codes, strict=True):
        assert encode_vni(letter) == code
        assert encode_vni(letter.upper()) == code.upper()
        assert decode_vni(code) == letter
        assert decode_vni(code.upper()) == letter.upper()


def test_vni_stray_mark_is_kept() -> None:
    """A mark byte after a consonant is no VNI sequence and stays as it is."""
    assert decode_vni("tù") == "tù"


def test_decoders_return_nfc() -> None:
    """Both decoders return NFC, composing TCVN3's combining tone bytes too."""
    assert decode_tcvn3("a\xb3") == "á"
    assert unicodedata.is_normalized("NFC", decode_vni("Nhieäm vuï"))


# ----------------------------------------------------------------- detection


@pytest.mark.parametrize("form", ["NFC", "NFD"])
@pytest.mark.parametrize("text", UNICODE_TEXTS)
def test_unicode_is_not_legacy(text: str, form: str) -> None:
    """Genuine Unicode Vietnamese, NFC or NFD, any case, is never taken for legacy text."""
    for variant in (text, text.upper(), text.lower()):
        variant = unicodedata.normalize(form, variant)
        assert detect_legacy(variant) is None
        assert fix_legacy(variant) == variant


@pytest.mark.parametrize("text", NOT_LEGACY_TEXTS)
def test_ascii_numbers_and_latin1_are_not_legacy(text: str) -> None:
    """ASCII, numbers, dates, document numbers, symbols and foreign Latin-1 words stay as they are."""
    assert detect_legacy(text) is None
    assert fix_legacy(text) == text


def test_dash_from_word_does_not_hide_tcvn3() -> None:
    """An en dash or curly quotes inside TCVN3 text (Word autocorrect) do not make it Unicode."""
    raw = "Së Lao ®éng – Th\xad¬ng binh vµ X· héi “®· hoµn thµnh”"
    assert fix_legacy(raw) == "Sở Lao động – Thương binh và Xã hội “đã hoàn thành”"


@pytest.mark.parametrize(
    ("raw", "font", "expected"),
    [
        ("Céng", ".VnTime", "tcvn3"),
        ("Céng", None, None),
        ("cã", ".VnArial", "tcvn3"),
        ("Hoà", "VNI-Times", "vni"),
        ("Hoà", None, None),
        ("söa", ".VnTime", "tcvn3"),
        ("söa", "VNI-Times", "vni"),
        ("Quý II/2021", "Times New Roman", None),
    ],
)
def test_font_decides_ties(raw: str, font: str | None, expected: str | None) -> None:
    """When the text reads well either way, the font name decides."""
    assert detect_legacy(raw, font) == expected


@pytest.mark.parametrize("font", [".VnTime", "VNI-Times"])
def test_font_does_not_override_unicode(font: str) -> None:
    """Text with letters beyond Latin-1 is Unicode whatever the font says."""
    assert detect_legacy("Sở Tài chính", font) is None
    assert detect_legacy(_nfd("Hòa Bình"), font) is None


def test_font_does_not_override_clear_evidence() -> None:
    """A VNI font on a TCVN3 phrase (and the reverse) does not change the verdict."""
    assert detect_legacy("NhiÖm vô ®· hoµn thµnh", "VNI-Times") == "tcvn3"
    assert detect_legacy("Nhieäm vuï ñaõ hoaøn thaønh", ".VnTime") == "vni"


def test_capitals_font_is_upper_cased() -> None:
    """In a TCVN3 capitals font (.VnTimeH) the lower-case codes read as capitals."""
    assert fix_legacy("nhiÖm vô", ".VnTimeH") == "NHIỆM VỤ"
    assert fix_legacy("ñy ban nh©n d©n tØnh", ".VnArialH") == "ỦY BAN NHÂN DÂN TỈNH"
    assert fix_legacy("nhiÖm vô", ".VnTime") == "nhiệm vụ"


def test_fast_path_skips_scoring(monkeypatch: pytest.MonkeyPatch) -> None:
    """ASCII and text beyond Latin-1 return at once, without scoring any reading."""

    def fail(*_: object) -> None:
        raise AssertionError("scored")

    monkeypatch.setattr(legacy, "_decide", fail)
    for text in ("Nhiem vu", "", "15/01/2021", "Sở Tài chính", _nfd("Hòa"), "Đắk Nông"):
        assert fix_legacy(text, ".VnTime") == text


# ----------------------------------------------------------------- round trips

ROUND_TRIP_TEXTS = [expected for _, expected in VNI_CASES] + [
    "Sở Lao động - Thương binh và Xã hội",
    "ĐẮK NÔNG, ngày 05 tháng 7 năm 2021",
    "Trăm năm trong cõi người ta, chữ tài chữ mệnh khéo là ghét nhau",
    "khuỷu, ngoằn ngoèo, quấy quả, giường, thuở, huơ, xoong, rượu",
    VIETNAMESE_LETTERS,
    VIETNAMESE_LETTERS.upper(),
]


@pytest.mark.parametrize("text", ROUND_TRIP_TEXTS)
def test_vni_round_trip(text: str) -> None:
    """Unicode -> VNI -> Unicode gives the text back exactly, capitals included."""
    assert decode_vni(encode_vni(text)) == text
    assert decode_vni(encode_vni(_nfd(text))) == text


@pytest.mark.parametrize("text", ROUND_TRIP_TEXTS)
def test_tcvn3_round_trip(text: str) -> None:
    """Unicode -> TCVN3 -> Unicode gives the text back with toned capitals in lower case."""
    expected = "".join(ch.lower() if ch in TONED_CAPITALS else ch for ch in text)
    assert decode_tcvn3(encode_tcvn3(text)) == expected


@pytest.mark.parametrize("text", [t for t in ROUND_TRIP_TEXTS if len(t.split()) > 1])
def test_fix_legacy_round_trip(text: str) -> None:
    """A phrase encoded in either encoding is detected and decoded back by fix_legacy."""
    assert fix_legacy(encode_vni(text)) == text
    lower = text.lower()
    assert fix_legacy(encode_tcvn3(lower)) == lower


# ----------------------------------------------------------------- properties

FONTS = st.sampled_from([None, "", ".VnTime", ".VnTimeH", "VNI-Times", "Arial", " .vnarial "])
VIETNAMESE_TEXT = st.text(alphabet=VIETNAMESE_LETTERS + VIETNAMESE_LETTERS.upper() + "abc XYZ-/0123'")


@given(text=st.text(), font=FONTS)
def test_fix_legacy_never_raises(text: str, font: str | None) -> None:
    """fix_legacy returns a str for any text and font."""
    assert isinstance(fix_legacy(text, font), str)


@given(text=st.text(alphabet=st.characters(max_codepoint=0xFF)), font=FONTS)
def test_detection_on_any_latin1_text(text: str, font: str | None) -> None:
    """Any Latin-1 text (the slow path) gets a verdict, and fix_legacy a str, without error."""
    assert detect_legacy(text, font) in (None, "tcvn3", "vni")
    assert isinstance(fix_legacy(text, font), str)


@given(text=st.text())
def test_decoders_accept_any_text(text: str) -> None:
    """The decoders take any str, not only legacy text."""
    assert isinstance(decode_tcvn3(text), str)
    assert isinstance(decode_vni(text), str)


@given(text=VIETNAMESE_TEXT)
def test_vni_round_trip_property(text: str) -> None:
    """Any text of Vietnamese letters round-trips through VNI exactly."""
    assert decode_vni(encode_vni(text)) == text


@given(text=st.text(alphabet=VIETNAMESE_LETTERS + "ĂÂÊÔƠƯĐ abc XYZ-/0123'"))
def test_tcvn3_round_trip_property(text: str) -> None:
    """Any lower-case or untoned-capital Vietnamese text round-trips through TCVN3."""
    assert decode_tcvn3(encode_tcvn3(text)) == text
