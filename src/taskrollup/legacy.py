"""Decode Vietnamese text typed in the legacy TCVN3 (ABC) and VNI encodings.

Old office workbooks keep their text in 8-bit font encodings: TCVN3 (fonts
``.VnTime``, ``.VnArial``, capitals fonts ``.VnTimeH`` ...) or VNI-Windows (fonts
``VNI-Times`` ...). A reader (openpyxl, python-calamine) hands every byte back as
the Unicode code point of the same value, so "Nhiệm vụ" arrives as "NhiÖm vô"
(TCVN3) or "Nhieäm vuï" (VNI). Python has no codec for either; the tables here
are literal data and every decoder returns Unicode NFC.

TCVN3 (TCVN 5712:1993 VN3) is one byte per letter: 67 lower-case letters, the
seven untoned capitals Ă Â Ê Ô Ơ Ư Đ (0xA1-0xA7) and nothing else; "ư" is byte
0xAD, the soft hyphen, which must survive until decoding. Capitals with a tone
do not exist: headings use a capitals font (``.VnTimeH``) that shows the
lower-case codes as capitals. The decoding table covers 0xA1-0xFE exactly as the
standard (and glibc's ``TCVN5712-1``) defines them, so the few VN2 codes in that
range (capitals such as 0xC4 "Ấ", combining tone marks 0xB0-0xB4) decode too;
the encoder never produces them.

VNI-Windows writes a toned vowel as a base letter followed by a mark byte ("aù"
= "á", "eä" = "ệ", "ôù" = "ớ"); ơ, ư, đ and the toned i / ỵ are single bytes.
Capitals use the upper-case base and mark ("AÙ" = "Á"), so VNI round-trips
exactly.

`detect_legacy` decides per cell (see its docstring); `fix_legacy` is the one
call readers make per cell, and returns at once for ASCII and clear Unicode.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

__all__ = ["decode_tcvn3", "decode_vni", "detect_legacy", "encode_tcvn3", "encode_vni", "fix_legacy"]

# --------------------------------------------------------------------------- TCVN3

# The characters of bytes 0xA1..0xFE, in byte order (16 per line, the first line 15).
_TCVN3_FROM_A1 = (
    "ĂÂÊÔƠƯĐăâêôơưđẰ"  # A1-AF
    "\u0300\u0309\u0303\u0301\u0323àảãáạẲằẳẵắẴ"  # B0-BF (B0-B4: combining tone marks, VN2)
    "ẮẦẨẪẤỀặầẩẫấậèỂẻẽ"  # C0-CF
    "éẹềểễếệìỉỄẾỒĩíịò"  # D0-DF
    "Ổỏõóọồổỗốộờởỡớợù"  # E0-EF
    "Ỗủũúụừửữứựỳỷỹýỵ"  # F0-FE
)
_TCVN3_DECODE: dict[int, str] = {0xA1 + i: ch for i, ch in enumerate(_TCVN3_FROM_A1)}


def _tcvn3_encode_table() -> dict[int, str]:
    """Unicode letter -> TCVN3 code: lower case and untoned capitals, toned capitals folded."""
    table: dict[int, str] = {}
    for code, letter in _TCVN3_DECODE.items():
        if letter.islower() or code <= 0xA7:
            table[ord(letter)] = chr(code)
    for letter_ord, code in list(table.items()):
        capital = chr(letter_ord).upper()
        if len(capital) == 1 and ord(capital) not in table:
            table[ord(capital)] = code  # toned capital -> its lower-case code
    return table


_TCVN3_ENCODE = _tcvn3_encode_table()


def decode_tcvn3(text: str) -> str:
    """TCVN3 text (one char per byte, U+0000-U+00FF) -> Unicode NFC.

    Chars outside 0xA1-0xFE pass through unchanged; toned capitals come out in
    lower case, as TCVN3 writes them (see `fix_legacy` for ``.VnTimeH`` fonts).
    """
    return unicodedata.normalize("NFC", text.translate(_TCVN3_DECODE))


def encode_tcvn3(text: str) -> str:
    """Unicode -> TCVN3 as it appears in a ``.VnTime`` cell (chars U+0000-U+00FF).

    Toned capitals, which TCVN3 lacks, become the lower-case code ("Ủy" ->
    "ñy", decoded back as "ủy"); so text in lower case and untoned capitals
    round-trips. Characters with no TCVN3 code are left as they are.
    """
    return unicodedata.normalize("NFC", text).translate(_TCVN3_ENCODE)


# --------------------------------------------------------------------------- VNI

# Lower-case Vietnamese letter -> VNI-Windows bytes. Capitals are the upper case of
# both sides ("Á" -> "AÙ", "Ơ" -> "Ô", "Ỉ" -> "Æ", "Đ" -> "Ñ").
# Marks: ù acute, ø grave, û hook, õ tilde, ï dot below, â circumflex, ê breve;
# circumflex+tone á à å ã ä; breve+tone é è ú ü ë.
_VNI_LOWER: dict[str, str] = {
    "á": "aù", "à": "aø", "ả": "aû", "ã": "aõ", "ạ": "aï",
    "â": "aâ", "ấ": "aá", "ầ": "aà", "ẩ": "aå", "ẫ": "aã", "ậ": "aä",
    "ă": "aê", "ắ": "aé", "ằ": "aè", "ẳ": "aú", "ẵ": "aü", "ặ": "aë",
    "é": "eù", "è": "eø", "ẻ": "eû", "ẽ": "eõ", "ẹ": "eï",
    "ê": "eâ", "ế": "eá", "ề": "eà", "ể": "eå", "ễ": "eã", "ệ": "eä",
    "ó": "où", "ò": "oø", "ỏ": "oû", "õ": "oõ", "ọ": "oï",
    "ô": "oâ", "ố": "oá", "ồ": "oà", "ổ": "oå", "ỗ": "oã", "ộ": "oä",
    "ơ": "ô", "ớ": "ôù", "ờ": "ôø", "ở": "ôû", "ỡ": "ôõ", "ợ": "ôï",
    "ú": "uù", "ù": "uø", "ủ": "uû", "ũ": "uõ", "ụ": "uï",
    "ư": "ö", "ứ": "öù", "ừ": "öø", "ử": "öû", "ữ": "öõ", "ự": "öï",
    "í": "í", "ì": "ì", "ỉ": "æ", "ĩ": "ó", "ị": "ò",
    "ý": "yù", "ỳ": "yø", "ỷ": "yû", "ỹ": "yõ", "ỵ": "î",
    "đ": "ñ",
}


def _vni_tables() -> tuple[dict[int, str], dict[str, str]]:
    """Encode table (for str.translate) and decode map (VNI sequence -> letter)."""
    encode: dict[int, str] = {}
    decode: dict[str, str] = {}
    for letter, seq in _VNI_LOWER.items():
        for uni, vni in ((letter, seq), (letter.upper(), seq.upper())):
            encode[ord(uni)] = vni
            decode[vni] = uni
        if len(seq) == 2:  # tolerate a capital base with a lower-case mark
            decode.setdefault(seq[0].upper() + seq[1], letter.upper())
    return encode, decode


_VNI_ENCODE, _VNI_DECODE = _vni_tables()
_VNI_PATTERN = re.compile(
    "|".join(re.escape(seq) for seq in sorted(_VNI_DECODE, key=len, reverse=True))
)


def _vni_sub(match: re.Match[str]) -> str:
    """The letter a matched VNI sequence stands for."""
    return _VNI_DECODE[match.group()]


def decode_vni(text: str) -> str:
    """VNI text (one char per byte) -> Unicode NFC; a stray mark stays as it is."""
    return unicodedata.normalize("NFC", _VNI_PATTERN.sub(_vni_sub, text))


def encode_vni(text: str) -> str:
    """Unicode -> VNI as it appears in a ``VNI-Times`` cell; Vietnamese text round-trips."""
    return unicodedata.normalize("NFC", text).translate(_VNI_ENCODE)


# --------------------------------------------------------------------------- detection

# Latin-1 letters that genuine Unicode Vietnamese (NFC) may contain.
_VIET_LATIN1 = frozenset("àáâãèéêìíòóôõùúýÀÁÂÃÈÉÊÌÍÒÓÔÕÙÚÝ")
# cp1252 punctuation that Word/Excel autocorrect mixes into legacy text: not proof of Unicode.
_CP1252_PUNCT = "\u2013\u2014\u2018\u2019\u201c\u201d\u2022\u2026"
_BEYOND_LEGACY = re.compile(f"[^\\x00-\\xff{_CP1252_PUNCT}]")
_TOKEN = re.compile(f"[^\\s!-/:-@\\[-`{{-~{_CP1252_PUNCT}]+")
_HIGH = re.compile("[\\x80-\\xff]")
# What a good decoding leaves no trace of: non-Vietnamese Latin-1 chars, lone combining marks.
_STRAY = re.compile(
    "["
    + "".join(re.escape(chr(c)) for c in range(0x80, 0x100) if chr(c) not in _VIET_LATIN1)
    + "\u0300-\u036f]"
)
_LOOKALIKES = str.maketrans({"Ð": "Đ", "ð": "đ"})

# Vietnamese spelling: an optional initial consonant and one of the rhymes (tone removed).
_RHYMES = """
a ac ach ai am an ang anh ao ap at au ay ăc ăm ăn ăng ăp ăt âc âm ân âng âp ât âu ây
e ec em en eng eo ep et ê êch êm ên ênh êp êt êu
i ia ich im in inh ip it iu iêc iêm iên iêng iêp iêt iêu
o oc oi om on ong op ot ooc oong ô ôc ôi ôm ôn ông ôp ôt ơ ơi ơm ơn ơp ơt
u ua uc ui um un ung up ut uôc uôi uôm uôn uông uôt
ư ưa ưc ưi ưm ưn ưng ưt ưu ươc ươi ươm ươn ương ươp ươt ươu
y yêm yên yêng yêt yêu
oa oac oach oai oam oan oang oanh oao oap oat oay oăc oăm oăn oăng oăt oe oen oeo oet
uân uâng uât uây uê uêch uênh uy uya uych uyên uyêt uyn uynh uyp uyt uyu uơ
""".split()
# Rhymes ending in a glide (i, y, o, u): the tone never sits on that last letter.
_GLIDE_RHYMES = frozenset(
    r for r in _RHYMES if len(r) > 1 and r[-1] in "iyou" and r != "uy"
)
_SYLLABLE = re.compile(
    "(?P<initial>ngh|ng|nh|ch|gh|gi|kh|ph|th|tr|qu|[bcdđghklmnprstvx])?"
    "(?P<rhyme>" + "|".join(sorted(_RHYMES, key=len, reverse=True)) + ")"
)
_Y_INITIALS = frozenset(("", "qu", "h", "k", "l", "m", "s", "t", "v"))
_ACUTE, _DOT = "\u0301", "\u0323"
_TONE_MARKS = "\u0300\u0301\u0303\u0309\u0323"


def _tone_table() -> dict[str, tuple[str, str]]:
    """Toned lower-case vowel -> (vowel without tone, tone mark)."""
    table: dict[str, tuple[str, str]] = {}
    for vowel in "aăâeêioôơuưy":
        for mark in _TONE_MARKS:
            table[unicodedata.normalize("NFC", vowel + mark)] = (vowel, mark)
    return table


_TONED = _tone_table()
_UNTONE = str.maketrans({toned: bare for toned, (bare, _) in _TONED.items()})


def _is_syllable(word: str) -> bool:
    """True when `word` is spelled like one Vietnamese syllable (any case, NFC)."""
    word = word.lower()
    toned = [i for i, ch in enumerate(word) if ch in _TONED]
    if len(toned) > 1:
        return False
    match = _SYLLABLE.fullmatch(word.translate(_UNTONE))
    if match is None:
        return False
    rhyme = match.group("rhyme")
    initial = match.group("initial") or ""
    if initial in ("gh", "ngh") and rhyme[0] not in "eêi":
        return False  # "gh", "ngh" come only before e, ê, i
    if rhyme == "y" and initial not in _Y_INITIALS:
        return False  # "đy", "chy": a bare y follows only these
    tone = _TONED[word[toned[0]]][1] if toned else ""
    if rhyme[-1] in "cpt" or rhyme.endswith("ch"):
        return tone in (_ACUTE, _DOT)  # stop finals take only sắc or nặng
    return not (toned and rhyme in _GLIDE_RHYMES and toned[0] == len(word) - 1)


def _font_hint(font: str | None) -> str | None:
    """Encoding a font name implies: ".Vn..." -> tcvn3, "VNI..." -> vni."""
    if not font:
        return None
    name = font.strip().lower()
    if name.startswith(".vn"):
        return "tcvn3"
    if name.startswith("vni"):
        return "vni"
    return None


def _legacy_points(word: str) -> tuple[int, int]:
    """Score of one decoded word (+1 syllable, -1 leftovers) and its leftover count."""
    stray = len(_STRAY.findall(word))
    if stray:
        return -1, stray
    return int(_is_syllable(word)), 0


def _is_cased_like_text(word: str) -> bool:
    """Lower case, upper case or capitalised: "vÒ" is no Unicode word (it is TCVN3 "về")."""
    return word.islower() or word.isupper() or word.istitle()


@lru_cache(maxsize=1 << 16)
def _word_scores(word: str) -> tuple[int, int, int, int, int]:
    """(as-is, TCVN3, TCVN3 leftovers, VNI, VNI leftovers) for one word; words repeat a lot."""
    plain = word.translate(_LOOKALIKES)
    as_is = int(_is_cased_like_text(plain) and _is_syllable(plain))
    tcvn3, tcvn3_stray = _legacy_points(decode_tcvn3(word))
    vni, vni_stray = _legacy_points(decode_vni(word))
    return as_is, tcvn3, tcvn3_stray, vni, vni_stray


# TCVN3 alone uses 0xA1-0xBF, and writes a toned vowel as one (often capital-looking) byte
# after lower-case letters ("NhiÖm"); VNI puts a mark byte after its base vowel ("Nhieäm").
_TCVN3_ONLY = re.compile("[\xa1-\xbf]|(?<=[a-z\xdf-\xff])[\xc0-\xd6\xd8-\xde]")
# ư, ơ, đ: frequent in VNI, while the same bytes are the rarer ử, ụ, ủ in TCVN3.
_VNI_COMMON_SINGLES = frozenset("öôñÖÔÑ")


def _byte_evidence(text: str) -> tuple[float, float]:
    """Tie-break between the encodings: TCVN3-only bytes vs VNI base+mark pairs.

    A pair on "u" counts half (TCVN3 writes "uỷ", "uộ", "uố" as u + such a byte), and so
    do VNI's ư, ơ, đ bytes.
    """
    vni = 0.0
    for match in _VNI_PATTERN.finditer(text):
        seq = match.group()
        if len(seq) == 2:
            vni += 0.5 if seq[0] in "uU" else 1.0
        elif seq in _VNI_COMMON_SINGLES:
            vni += 0.5
    return float(len(_TCVN3_ONLY.findall(text))), vni


@lru_cache(maxsize=1 << 14)
def _text_scores(text: str) -> tuple[float, ...]:
    """Sum of `_word_scores` over the words that hold a char in U+0080-U+00FF.

    Only called on text with no char past U+00FF but punctuation, which words
    exclude: a word that is not ASCII holds such a char. Remembered: a sheet's font
    vote and its decoding score the same cells.
    """
    totals = [0.0] * 5
    for word in _TOKEN.findall(text):
        if word.isascii() or (len(word) == 1 and not word.isalpha()):
            continue  # same in every reading, or a lone symbol such as a « quote
        for i, value in enumerate(_word_scores(word)):
            totals[i] += value
    return tuple(totals)


@lru_cache(maxsize=1 << 12)
def _decide(text: str, hint: str | None) -> str | None:
    """Score the text as Unicode, as TCVN3 and as VNI; return the best legacy reading or None."""
    as_is, tcvn3, tcvn3_stray, vni, vni_stray = _text_scores(text)
    if hint == "tcvn3":
        tcvn3 += 0.5
    elif hint == "vni":
        vni += 0.5
    if max(tcvn3, vni) <= as_is:
        return None  # Unicode wins every tie: a false positive is the worst outcome
    if tcvn3 != vni:
        return "tcvn3" if tcvn3 > vni else "vni"
    if tcvn3_stray != vni_stray:
        return "tcvn3" if tcvn3_stray < vni_stray else "vni"
    tcvn3_marks, vni_marks = _byte_evidence(text)
    if tcvn3_marks != vni_marks:
        return "tcvn3" if tcvn3_marks > vni_marks else "vni"
    return hint or "tcvn3"


def detect_legacy(text: str, font: str | None = None) -> str | None:
    """Return "tcvn3", "vni" or None (Unicode, ASCII, or nothing to gain by decoding).

    Per cell: ASCII-only text, and text with any char beyond U+00FF (other than
    the cp1252 dashes, quotes and bullet that Word mixes into legacy text), is
    None at once. Otherwise each word holding a char in U+0080-U+00FF is read
    three ways (as is, as TCVN3, as VNI) and scored: +1 when it spells a
    Vietnamese syllable, -1 for a decoding that leaves symbols or non-Vietnamese
    Latin-1 letters behind. A legacy reading must score strictly better than the
    text as it is. The font (".Vn..." -> TCVN3, "VNI..." -> VNI) adds half a
    point to its encoding, so it decides ties and tips close calls. Between two
    equal legacy readings the one with fewer leftovers wins, then the one whose
    typical bytes the text holds (0xA1-0xBF for TCVN3, base + mark for VNI).
    """
    if not isinstance(text, str) or text.isascii() or _BEYOND_LEGACY.search(text):
        return None
    return _decide(text, _font_hint(font))


def _is_capitals_font(font: str | None) -> bool:
    """``.VnTimeH``, ``.VnArialH`` ...: TCVN3 fonts that show every letter as a capital."""
    name = (font or "").strip()
    return name.lower().startswith(".vn") and name.endswith("H")


def fix_legacy(text: str, font: str | None = None) -> str:
    """Decode `text` when it is TCVN3 or VNI, else return it unchanged; never raises.

    In a TCVN3 capitals font (``.VnTimeH`` ...) the decoded text is upper-cased,
    as the sheet shows it.
    """
    try:
        encoding = detect_legacy(text, font)
        if encoding == "vni":
            return decode_vni(text)
        if encoding == "tcvn3":
            decoded = decode_tcvn3(text)
            return decoded.upper() if _is_capitals_font(font) else decoded
    except Exception:  # a safety net: a cell that cannot be decoded stays as it was
        return text
    return text
