"""Standard numbers, statuses and dates: one canonical form for every way catalogues write them.

Chinese numbers print as ``GB/T 39551.1-2020`` (prefix, space, serial, hyphen, year); ISO and IEC as
``ISO 9001:2015``. Level (national, industry, group ...) and origin (domestic, international,
foreign) come from the prefix through the lookup tables below.

>>> parse_number("GB/T39551—2020").canonical
'GB/T 39551-2020'
>>> parse_number("iso 9001：2015").canonical
'ISO 9001:2015'
>>> normalize_status("即将实施")
'upcoming'
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass

# Chinese industry standard codes (行业标准代号, as listed by SAC); /T recommended, /Z guidance.
CN_INDUSTRY_CODES = frozenset(
    ["AQ", "BB", "CB", "CH", "CJ", "CY", "DA", "DL", "DZ", "EJ", "FZ", "GA", "GD", "GH", "GM", "GY", "HB", "HG", "HJ", "HS", "HY", "JB", "JC", "JG", "JR", "JT", "JY", "LB", "LD", "LS", "LY", "MH", "MT", "MZ", "NB", "NY", "QB", "QC", "QJ", "SB", "SC", "SF", "SH", "SJ", "SL", "SN", "SW", "SY", "TB", "TD", "TY", "WB", "WH", "WJ", "WM", "WS", "XB", "XF", "YB", "YC", "YD", "YS", "YY", "YZ", "JJF", "JJG"]
)
INTERNATIONAL_PREFIXES = frozenset(
    {"ISO", "IEC", "ISO/IEC", "ISO/TS", "ISO/TR", "ISO/PAS", "IEC/TS", "IEC/TR", "ISO/IEC/IEEE", "ITU-T"}
)
FOREIGN_PREFIXES = frozenset(
    {"EN", "BS", "BS EN", "DIN", "DIN EN", "JIS", "KS", "NF", "ASTM", "IEEE", "ANSI", "UL", "SAE", "ETSI",
     "ASME", "API", "CSA", "AS", "AS/NZS", "GOST", "RTCA", "EUROCAE"}
)
NATURE = {"GB": "mandatory", "GB/T": "recommended", "GB/Z": "guidance"}

# Two-digit years are read only where they are the convention (old GB numbers, ASTM); elsewhere a
# trailing "-14" is a part number (IEC 60068-2-14).
TWO_DIGIT_YEAR_LEVELS = frozenset({"national", "industry", "local", "group", "enterprise"})
TWO_DIGIT_YEAR_PREFIXES = frozenset({"ASTM"})

_DASHES = re.compile(r"[\u2010-\u2015\u2212\uFE58\uFE63\uFF0D]")
_PREFIX = re.compile(
    r"^(?P<prefix>ISO/IEC/IEEE|ISO/IEC|ISO/(?:TS|TR|PAS)|IEC/(?:TS|TR)|ITU-T|AS/NZS|BS EN|DIN EN"
    r"|GB/[TZ]|GB|T/[A-Z0-9]+|Q/[A-Z0-9]+|DB\d{2}(?:/T)?|[A-Z]{2,4}(?:/[TZ])?|[A-Z]{2,8})(?=[\s\d])\s*(?P<rest>.*)$"
)
_SERIAL = r"(?P<serial>[A-Z]?\s?\d+[A-Z]?(?:[.\-]\d+[A-Z]?)*)"
_WITH_COLON = re.compile(rf"^{_SERIAL}\s*:\s*(?P<year>\d{{4}})$")
_WITH_YEAR4 = re.compile(rf"^{_SERIAL}\s*-\s*(?P<year>(?:19|20)\d{{2}})$")
_WITH_YEAR2 = re.compile(rf"^{_SERIAL}\s*-\s*(?P<year>\d{{2}})$")
_NO_YEAR = re.compile(rf"^{_SERIAL}$")
_ADOPTION = re.compile(r"^(?P<main>.*?\d)\s*/\s*(?P<adopted>(?:ISO|IEC)\b.*)$")


@dataclass(frozen=True)
class StandardNumber:
    """A parsed standard number."""

    canonical: str
    prefix: str
    serial: str
    year: int | None
    level: str  # national | industry | local | group | enterprise | international | foreign | other
    origin: str  # domestic | international | foreign
    nature: str | None = None
    adopted: str | None = None  # the identical international standard, "GB/T 19001-2016/ISO 9001:2015"


def clean_text(text: str) -> str:
    """NFKC (full-width to half-width), one kind of hyphen, single spaces, upper case."""
    text = unicodedata.normalize("NFKC", text)
    text = _DASHES.sub("-", text)
    return re.sub(r"\s+", " ", text).strip().upper()


def level_of(prefix: str) -> str:
    """The level of a standard from its prefix (lookup tables above)."""
    if prefix in NATURE:
        return "national"
    if prefix.startswith("T/"):
        return "group"
    if prefix.startswith("Q/"):
        return "enterprise"
    if re.fullmatch(r"DB\d{2}(?:/T)?", prefix):
        return "local"
    if prefix.split("/")[0] in CN_INDUSTRY_CODES:
        return "industry"
    if prefix in INTERNATIONAL_PREFIXES:
        return "international"
    if prefix in FOREIGN_PREFIXES:
        return "foreign"
    return "other"


ORIGIN = {
    "national": "domestic",
    "industry": "domestic",
    "local": "domestic",
    "group": "domestic",
    "enterprise": "domestic",
    "international": "international",
    "foreign": "foreign",
    "other": "foreign",
}


def _full_year(two: str) -> int:
    value = int(two)
    return 1900 + value if value >= 50 else 2000 + value


def parse_number(text: str | None) -> StandardNumber | None:
    """Parse a standard number in any common spelling; None when it is not one.

    >>> parse_number("GB 42590-2023").level, parse_number("GB 42590-2023").nature
    ('national', 'mandatory')
    >>> parse_number("GB/T 19001-2016/ISO 9001:2015").adopted
    'ISO 9001:2015'
    >>> parse_number("IEC 60068-2-14").year is None
    True
    """
    if text is None:
        return None
    cleaned = clean_text(str(text))
    if not cleaned:
        return None
    adopted = None
    split = _ADOPTION.match(cleaned)
    if split:
        inner = parse_number(split["adopted"])
        if inner is not None:
            cleaned, adopted = split["main"].strip(), inner.canonical
    # "GBT 39551-2020" and "GB T 39551-2020" (file names, ISO-style citations) mean GB/T.
    cleaned = re.sub(r"^GB\s*/?\s*([TZ])(?=[\s\d])", r"GB/\1", cleaned)
    cleaned = re.sub(r"^([A-Z]{2,3})\s*/\s*([TZ])\b", r"\1/\2", cleaned)
    head = _PREFIX.match(cleaned)
    if not head or not head["rest"]:
        return None
    prefix, rest = head["prefix"], head["rest"].strip()
    level = level_of(prefix)
    serial, year = None, None
    for pattern in (_WITH_COLON, _WITH_YEAR4):
        found = pattern.match(rest)
        if found:
            serial, year = found["serial"], int(found["year"])
            break
    else:
        found = _WITH_YEAR2.match(rest)
        if found and (level in TWO_DIGIT_YEAR_LEVELS or prefix in TWO_DIGIT_YEAR_PREFIXES):
            serial, year = found["serial"], _full_year(found["year"])
        elif _NO_YEAR.match(rest):
            serial = rest
    if serial is None:
        return None
    serial = serial.replace(" ", "") if level != "foreign" else serial
    if year is None:
        canonical = f"{prefix} {serial}"
    elif level == "international" or (level in ("foreign", "other") and ":" in rest):
        canonical = f"{prefix} {serial}:{year}"
    elif prefix in TWO_DIGIT_YEAR_PREFIXES:
        canonical = f"{prefix} {serial}-{year % 100:02d}"
    else:
        canonical = f"{prefix} {serial}-{year}"
    return StandardNumber(
        canonical=canonical,
        prefix=prefix,
        serial=serial,
        year=year,
        level=level,
        origin=ORIGIN[level],
        nature=NATURE.get(prefix),
        adopted=adopted,
    )


STATUS = {
    "现行": "current",
    "现行有效": "current",
    "有效": "current",
    "即将实施": "upcoming",
    "尚未实施": "upcoming",
    "废止": "withdrawn",
    "已废止": "withdrawn",
    "作废": "withdrawn",
    "被代替": "withdrawn",
    "被替代": "withdrawn",
    "调整为行业标准": "withdrawn",
    "征求意见": "draft",
    "正在起草": "draft",
    "current": "current",
    "valid": "current",
    "active": "current",
    "published": "current",
    "confirmed": "current",
    "upcoming": "upcoming",
    "to be implemented": "upcoming",
    "withdrawn": "withdrawn",
    "cancelled": "withdrawn",
    "canceled": "withdrawn",
    "obsolete": "withdrawn",
    "replaced": "withdrawn",
    "superseded": "withdrawn",
    "under development": "draft",
    "draft": "draft",
}


def status_from_stage(stage: str | None) -> str | None:
    """Status from an ISO/IEC harmonized stage code: before 60.60 draft, 95.99 withdrawn, else current.

    >>> [status_from_stage(s) for s in ("40.20", "60.60", "90.93", "95.99")]
    ['draft', 'current', 'current', 'withdrawn']
    """
    if not stage:
        return None
    found = re.fullmatch(r"(\d{2})\.?(\d{2})", stage.strip())
    if not found:
        return None
    code = int(found[1]) * 100 + int(found[2])
    if code < 6060:
        return "draft"
    return "withdrawn" if code >= 9599 else "current"


def normalize_stage(stage: str | None) -> str | None:
    """``6060`` or ``60.60`` → ``60.60``; None when it is not a stage code."""
    if not stage:
        return None
    found = re.fullmatch(r"(\d{2})\.?(\d{2})", stage.strip())
    return f"{found[1]}.{found[2]}" if found else None


def normalize_status(
    raw: str | None,
    *,
    stage: str | None = None,
    implementation_date: dt.date | None = None,
    as_of: dt.date | None = None,
) -> str | None:
    """current | upcoming | withdrawn | draft, from the catalogue's words, its stage or its dates.

    A status "upcoming" whose implementation date has passed is current: the export is older than
    the date.

    >>> normalize_status("即将实施", implementation_date=dt.date(2024, 6, 1), as_of=dt.date(2025, 1, 1))
    'current'
    >>> normalize_status(None, implementation_date=dt.date(2030, 1, 1), as_of=dt.date(2026, 1, 1))
    'upcoming'
    """
    as_of = as_of or dt.date.today()
    status = None
    if raw and raw.strip():
        key = unicodedata.normalize("NFKC", raw).strip()
        status = STATUS.get(key) or STATUS.get(key.lower())
    status = status or status_from_stage(stage)
    if status is None and implementation_date is not None:
        status = "upcoming" if implementation_date > as_of else "current"
    if status == "upcoming" and implementation_date is not None and implementation_date <= as_of:
        status = "current"
    return status


_DATE_PATTERNS = (
    re.compile(r"^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:[ T].*)?$"),
    re.compile(r"^(\d{4})年(\d{1,2})月(\d{1,2})日$"),
    re.compile(r"^(\d{4})(\d{2})(\d{2})$"),
)


def parse_date(value: object) -> dt.date | None:
    """A catalogue date (``2019-10-18``, ``2019/10/18``, ``2019年10月18日``, Excel dates); None if empty.

    Raises ValueError for text that is not a date.
    """
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = unicodedata.normalize("NFKC", str(value)).strip()
    if not text:
        return None
    for pattern in _DATE_PATTERNS:
        found = pattern.match(text)
        if found:
            try:
                return dt.date(int(found[1]), int(found[2]), int(found[3]))
            except ValueError:
                break
    raise ValueError(f"not a date: {text!r}")
