"""Document identifiers ("số, ký hiệu"): one canonical key per document (rule 10).

`42/QĐ-UBND`, `42/QD-UBND`, `42 / QĐ - UBND`, `42/QÐ-UBND` (look-alike Ð) and `042/QĐ-UBND`
are one document; `42/2014/QĐ-TTg` is another. Type and issuer codes keep their official
spelling through a folded lookup table; codes not in the table are upper-cased without
accents, so that every spelling of an unlisted code still meets the same key.

Identifiers are found on cleaned text rather than on `fold` text, because their slashes and
hyphens are the structure; the secret marker is read with its accents, because "mật"
(secret) and "mặt" ("mặt bằng", site) fold to the same word.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

from taskrollup import problems
from taskrollup.dates import find_date
from taskrollup.errors import ValueParseError
from taskrollup.text import clean, fold, strip_accents

# Official spellings whose case or "Đ" would be lost by plain upper-casing, plus the
# common codes for reference. "HD" (hướng dẫn) and "HĐ" (hợp đồng) fold alike: HD wins.
_OFFICIAL_CODES = """
    QĐ QyĐ NĐ NQ KH TB CV CT CTr TTr BC KL HD ĐA CĐ PA QC TT TTLT GM BB PL
    UBND VPUBND HĐND UBMTTQ TU HU ĐU BCSĐ BTV ĐĐBQH BCĐ
    CP TTg VPCP TCTTTg TTCP BNV BTC BKHĐT BGDĐT BLĐTBXH BNNPTNT BTNMT BVHTTDL BTTTT BKHCN
    BGTVT BXD BYT BCT BTP BCA BQP NHNN KTNN
    SNV STP SKHĐT STC SCT SNN SNNPTNT SGTVT SXD STNMT STTTT SLĐTBXH SVHTTDL SKHCN SGDĐT SYT
    BDT BQLKCN CAT BCHQS BĐBP KBNN KHĐT GDĐT LĐTBXH HĐTĐKT KTTH NC KGVX KTN TH HCTC KSTTHC
""".split()
_CODE_TABLE = {fold(code).replace(" ", ""): code for code in _OFFICIAL_CODES}
_PROVINCIAL = frozenset({"UBND", "VPUBND"})
_CENTRAL = frozenset({"CP", "TTg", "VPCP"})

_DASHES = str.maketrans({"–": "-", "—": "-", "‐": "-", "‑": "-", "‒": "-", "−": "-"})
_LETTERS = r"[^\W\d_]"
_SEGMENT = rf"{_LETTERS}[^\W_]*"
# Whole-cell identifier: number, optional year, code segments joined by "-" or spaces.
_WHOLE_ID = re.compile(
    rf"(?:s[oốộ]|no)?\s*[.:]?\s*([0-9]+)\s*/\s*(?:([0-9]{{4}})\s*/\s*)?"
    rf"({_SEGMENT}(?:\s*[-\s]\s*{_SEGMENT})*)",
    re.IGNORECASE,
)
# Inside a citation the code needs a hyphen; a spaced " - " only joins an upper-case code,
# so "42/QĐ-UBND - Về việc ..." stops before "Về".
_CODE_UPPER = r"[A-ZĐ][A-ZĐ0-9]*[gr]?(?![^\W_])"
_ID_IN_TEXT = re.compile(
    rf"(?<![0-9A-Za-z/])([0-9]+)\s*/\s*(?:([0-9]{{4}})\s*/\s*)?"
    rf"({_SEGMENT}(?:-{_SEGMENT}|\s+-\s*{_CODE_UPPER}|\s*-\s+{_CODE_UPPER})+)"
)
_SEGMENT_SPLIT = re.compile(r"\s*[-\s]\s*")
_CODE_PARTS = re.compile(r"([^\W\d_]+)([0-9]*)")
# Between an identifier and its date: "ngày", "ban hành ngày", a comma or a bracket.
_DATE_LEAD = re.compile(r"[\s,;:(\[\-]*(?:ban h[aà]nh\s*)?(?:ng[aà]y\s*:?\s*)?", re.IGNORECASE)
# Secret markers, on lower-case text with accents.
_SECRET_GRADE = re.compile(r"\b(?:tối|tuyệt)\s+mật\b")
_SECRET_BRACKET = re.compile(r"[(\[]\s*(?:mật|mat)\s*[)\]]")
_SECRET_WORD = re.compile(r"(?<![^\W\d_])mật(?![^\W\d_])")
_SECRET_NOT_AFTER = re.compile(r"(?:bí|thân|mật)\s*$")
_SECRET_END = re.compile(r"\s*(?:$|[^\w\s])")
_SECRET_FOLDED = re.compile(r"\b(?:toi|tuyet) mat\b")


@dataclass(frozen=True)
class DocRef:
    """A document found in a citation: canonical id, issue date if given, secret marker."""

    id: str
    issued_on: date | None
    secret: bool


@lru_cache(maxsize=4096)
def _canonical_segment(segment: str) -> str:
    """Official spelling of one code ("qd" -> "QĐ", "BCD389" -> "BCĐ389"), else upper-case."""
    match = _CODE_PARTS.fullmatch(segment)
    if match is None:
        return strip_accents(segment).upper()
    letters, digits = match.groups()
    official = _CODE_TABLE.get(fold(letters).replace(" ", ""))
    return (official or strip_accents(letters).upper()) + digits


def _assemble(number: str, year: str | None, codes: str) -> str:
    """Canonical text from the three parts of an identifier."""
    segments = [_canonical_segment(part) for part in _SEGMENT_SPLIT.split(codes.strip()) if part]
    head = f"{int(number):02d}" + (f"/{year}" if year else "")  # '042' -> '42', '1' -> '01'
    return f"{head}/{'-'.join(segments)}"


def canonical_id(raw: object) -> str:
    """Canonical key of a document number: '042 / qd - ubnd' -> '42/QĐ-UBND'.

    Numbers lose leading zeros but keep two digits, as documents write them:
    '1/NQ-CP' and '001/NQ-CP' -> '01/NQ-CP'.
    """
    text = clean(raw).translate(_DASHES).rstrip(".,;: ")
    match = _WHOLE_ID.fullmatch(text)
    if match is None:
        raise ValueParseError(problems.NOT_A_DOCUMENT_NUMBER, value=clean(raw))
    return _assemble(*match.groups())


def _issue_date(after_id: str) -> date | None:
    """The date that directly follows an identifier ("... ngày 15/01/2021"), if any."""
    lead = _DATE_LEAD.match(after_id)
    start = lead.end() if lead else 0
    return find_date(after_id[start:], at_start=True)


def _is_secret(text: str) -> bool:
    """True when a citation carries a secrecy marker: "(Mật)", "Mật", "Tối mật", "Tuyệt mật"."""
    lower = text.lower()
    if _SECRET_GRADE.search(lower) or _SECRET_BRACKET.search(lower):
        return True
    if _SECRET_FOLDED.search(fold(text)):
        return True
    for match in _SECRET_WORD.finditer(lower):
        if _SECRET_NOT_AFTER.search(lower, 0, match.start()):
            continue
        if _SECRET_END.match(lower, match.end()):
            return True
    return False


def parse_document(text: object) -> DocRef | None:
    """The first document cited in a text, with its date and secret marker; None if none."""
    cleaned = clean(text).translate(_DASHES)
    match = _ID_IN_TEXT.search(cleaned)
    if match is None:
        return None
    following = _ID_IN_TEXT.search(cleaned, match.end())
    after = cleaned[match.end() : following.start() if following else len(cleaned)]
    return DocRef(
        id=_assemble(*match.groups()),
        issued_on=_issue_date(after),
        secret=_is_secret(cleaned),
    )


def _issuers(doc_id: str) -> tuple[str, str]:
    """(last, first) code segments of a canonical id: the issuer is one of them."""
    segments = doc_id.rsplit("/", 1)[-1].split("-")
    return segments[-1], segments[0]


def authority(doc_id: str) -> str:
    """Who assigned the task (rule 9): "provincial", "central" or "other"."""
    for code in _issuers(canonical_id(doc_id)):
        if code in _CENTRAL:
            return "central"
        if code in _PROVINCIAL:
            return "provincial"
    return "other"
