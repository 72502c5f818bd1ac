"""Name match keys: the rule-based part of disambiguation (legal forms, punctuation, abbreviations).

A match key is what two spellings of one holder have in common after the rules of this module:
``"Amazon Technologies, Inc."`` and ``"AMAZON TECH INC"`` both give ``"AMAZON TECH"``. Names with
equal keys are one entity without further evidence; fuzzy matching then compares keys.
"""

from __future__ import annotations

import functools
import re
import unicodedata

# Trailing legal-form tokens (EPO DOCDB standard names, national register forms). Removed only at
# the end of a name, repeatedly, so "GMBH & CO KG" goes and "CO" inside "DEERE & CO" stays meaningful
# only through the rest of the name.
LEGAL_FORMS_LATIN = frozenset(
    {
        "AB",
        "AG",
        "AKTIENGESELLSCHAFT",
        "AS",
        "ASA",
        "BHD",
        "BV",
        "BVBA",
        "CIE",
        "CO",
        "COMPANY",
        "CORP",
        "CORPORATION",
        "CV",
        "EV",
        "GES",
        "GMBH",
        "INC",
        "INCORPORATED",
        "KFT",
        "KG",
        "KK",
        "KABUSHIKI",
        "KAISHA",
        "LIMITED",
        "LLC",
        "LLP",
        "LP",
        "LTD",
        "LTDA",
        "NV",
        "OHG",
        "OY",
        "OYJ",
        "PLC",
        "PTE",
        "PTY",
        "PUBL",
        "SA",
        "SAS",
        "SARL",
        "SE",
        "SL",
        "SNC",
        "SPA",
        "SPRL",
        "SRL",
        "SRO",
        "ULC",
    }
)

# Chinese legal forms, longest first so 股份有限公司 is removed before 有限公司.
LEGAL_FORMS_ZH = (
    "股份有限公司",
    "有限责任公司",
    "集团有限公司",
    "有限公司",
    "股份公司",
    "有限合伙",
    "公司",
)

# Words Lens/DOCDB standard names abbreviate; full words are mapped to the abbreviation so both
# spellings give one key.
ABBREVIATIONS = {
    "UNIVERSITY": "UNIV",
    "UNIVERSITAET": "UNIV",
    "UNIVERSITAT": "UNIV",
    "UNIVERSITE": "UNIV",
    "UNIVERSIDAD": "UNIV",
    "INSTITUTE": "INST",
    "INSTITUT": "INST",
    "INSTITUTO": "INST",
    "TECHNOLOGY": "TECH",
    "TECHNOLOGIES": "TECH",
    "TECHNOLOGIE": "TECH",
    "TECHNOLOGICAL": "TECH",
    "RESEARCH": "RES",
    "DEVELOPMENT": "DEV",
    "INDUSTRY": "IND",
    "INDUSTRIES": "IND",
    "INDUSTRIAL": "IND",
    "INTERNATIONAL": "INT",
    "FOUNDATION": "FOUND",
    "ENGINEERING": "ENG",
    "SYSTEMS": "SYS",
    "SYSTEM": "SYS",
    "MANAGEMENT": "MAN",
    "COOPERATION": "COOP",
    "GESELLSCHAFT": "GES",
    "LABORATORIES": "LAB",
    "LABORATORY": "LAB",
    "LABS": "LAB",
    "COMMUNICATIONS": "COMM",
    "COMMUNICATION": "COMM",
    "SCIENCE": "SCI",
    "SCIENCES": "SCI",
    "NATIONAL": "NAT",
    "CENTRE": "CT",
    "CENTER": "CT",
    "MANUFACTURING": "MFG",
    "HOLDINGS": "HOLDING",
    "PRODUCTS": "PROD",
    "SERVICES": "SERV",
    "SOLUTIONS": "SOLUTION",
    "GENERAL": "GEN",
    "ASSOCIATES": "ASS",
    "NETWORKS": "NETWORK",
}

# Word beginnings that stand for the same DOCDB abbreviation in any language or plural
# (TECHNOLOGIES, TECHNOLOGIE, TECHNOLOGICAL -> TECH); checked after ABBREVIATIONS.
ABBREVIATION_PREFIXES = (
    ("UNIVERSI", "UNIV"),
    ("INSTITU", "INST"),
    ("TECHNOL", "TECH"),
    ("LABORATOR", "LAB"),
    ("ENGINEER", "ENG"),
    ("COMMUNICATION", "COMM"),
    ("INDUSTR", "IND"),
    ("INTERNATION", "INT"),
    ("DEVELOP", "DEV"),
    ("MANUFACTUR", "MFG"),
    ("SYSTEM", "SYS"),
    ("RESEARCH", "RES"),
    ("FOUNDATION", "FOUND"),
    ("ASSOCIATE", "ASS"),
)

# Phrases after which a name only describes its holder ("ELWHA LLC A LTD LIABILITY CORP OF THE
# STATE OF DELAWARE", "UNIV WASHINGTON THROUGH ITS CT FOR COMMERCIALIZATION"): the rest is cut.
DESCRIPTOR_PHRASES = (
    ("A", "DELAWARE"),
    ("A", "LTD", "LIABILITY"),
    ("A", "LIMITED", "LIABILITY"),
    ("A", "SUBSIDIARY"),
    ("A", "CORP"),
    ("A", "CORPORATION"),
    ("THROUGH", "ITS"),
    ("TRUSTEE", "FOR"),
    ("AS", "TRUSTEE"),
    ("AGENT",),
    ("ACTING", "BY"),
    ("ON", "BEHALF"),
    ("REPRESENTED", "BY"),
)
# Words naming a governing body rather than the holder (THE REGENTS OF THE UNIV CALIFORNIA).
GOVERNING_WORDS = frozenset({"REGENTS", "TRUSTEES", "PRESIDENT", "FELLOWS", "BOARD"})

# Joining words that some spellings drop ("UNIV OF CALIFORNIA" / "UNIV CALIFORNIA").
STOPWORDS = frozenset({"THE", "OF", "AND", "DE", "DER", "DES", "DU", "LA", "LE", "ET", "UND", "Y", "FOR"})

_PUNCTUATION = re.compile(r"[^\w\s]|_", re.UNICODE)
_SPACES = re.compile(r"\s+")
_HAN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
_LATIN = re.compile(r"[A-Za-z]")


def script(name: str) -> str:
    """``"han"`` when the name contains Chinese characters, ``"latin"`` when it has Latin letters.

    >>> script("深圳市大疆创新科技有限公司"), script("SZ DJI TECHNOLOGY CO LTD"), script("123")
    ('han', 'latin', 'other')
    """
    if _HAN.search(name):
        return "han"
    if _LATIN.search(name):
        return "latin"
    return "other"


def _fold(name: str) -> str:
    """NFKC (full-width forms), accents removed, upper case."""
    text = unicodedata.normalize("NFKC", name)
    decomposed = unicodedata.normalize("NFKD", text)
    text = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return text.upper()


def _han_key(name: str) -> str:
    text = _SPACES.sub("", _PUNCTUATION.sub("", name))
    changed = True
    while changed:
        changed = False
        for form in LEGAL_FORMS_ZH:
            if text.endswith(form) and len(text) > len(form) + 1:
                text = text[: -len(form)]
                changed = True
    return text


def _latin_tokens(name: str) -> list[str]:
    # "&" joins firm names (AT & T, DEERE & CO); it is dropped like "AND".
    text = _PUNCTUATION.sub(" ", name.replace("&", " "))
    return [t for t in _SPACES.split(text.strip()) if t]


def _join_letter_runs(tokens: list[str]) -> list[str]:
    """Runs of one-letter tokens become one token: "L L C" -> "LLC", "B V" -> "BV", "T X" -> "TX"."""
    out: list[str] = []
    run: list[str] = []
    for token in [*tokens, ""]:
        if len(token) == 1:
            run.append(token)
            continue
        if len(run) > 1:
            out.append("".join(run))
        else:
            out.extend(run)
        run = []
        if token:
            out.append(token)
    return out


def match_key(name: str, *, kind: str = "applicant") -> str:
    """The key two spellings of one holder share; empty for an empty name.

    Applicants lose trailing legal forms and joining words, and full words become the DOCDB
    abbreviations; inventors only lose case, accents and punctuation.

    >>> match_key("Amazon Technologies, Inc.")
    'AMAZON TECH'
    >>> match_key("AMAZON TECH INC")
    'AMAZON TECH'
    >>> match_key("The University of California")
    'UNIV CALIFORNIA'
    >>> match_key("ERICSSON TELEFON AB L M (PUBL)")
    'ERICSSON TELEFON AB LM'
    >>> match_key("深圳市大疆创新科技有限公司")
    '深圳市大疆创新科技'
    >>> match_key("BOSE CORP A DELAWARE CORP")
    'BOSE'
    >>> match_key("The Regents of the University of California")
    'UNIV CALIFORNIA'
    >>> match_key("PLATYPUS IP L.L.C.")
    'PLATYPUS IP'
    >>> match_key("Barrett, George M.", kind="inventor")
    'BARRETT GEORGE M'
    """
    folded = _fold(name or "").replace("?", "")
    if _HAN.search(folded):
        return _han_key(folded)
    tokens = _latin_tokens(folded)
    if kind == "inventor":
        return " ".join(tokens)
    tokens = _cut_descriptor(_join_letter_runs(tokens))
    while len(tokens) > 1 and tokens[-1] in LEGAL_FORMS_LATIN:
        tokens.pop()
    kept = [_abbreviate(t) for t in tokens if t not in STOPWORDS and t not in GOVERNING_WORDS]
    return " ".join(kept or tokens)


_DESCRIPTOR_STARTS = frozenset(phrase[0] for phrase in DESCRIPTOR_PHRASES)


def _cut_descriptor(tokens: list[str]) -> list[str]:
    """Keep a "DBA" trading name; drop descriptive tails ("A DELAWARE CORP", "THROUGH ITS ...")."""
    if "DBA" in tokens[1:-1]:
        tokens = tokens[tokens.index("DBA", 1) + 1 :]
    if _DESCRIPTOR_STARTS.isdisjoint(tokens[1:]):
        return tokens
    for start in range(1, len(tokens)):
        for phrase in DESCRIPTOR_PHRASES:
            if tuple(tokens[start : start + len(phrase)]) == phrase:
                return tokens[:start]
    return tokens


@functools.lru_cache(maxsize=1 << 16)
def _abbreviate(token: str) -> str:
    if token in ABBREVIATIONS:
        return ABBREVIATIONS[token]
    for prefix, short in ABBREVIATION_PREFIXES:
        if token.startswith(prefix):
            return short
    return token


def sorted_key(key: str) -> str:
    """The key with its words in alphabetical order (blocks and compares reordered names)."""
    return " ".join(sorted(key.split()))


_COMPASS = ("NORTH", "SOUTH", "EAST", "WEST", "CENTRAL")


def _directions(tokens: list[str]) -> list[str]:
    return sorted(d for t in tokens for d in _COMPASS if d in t)


def fuzzy_compatible(a: str, b: str) -> bool:
    """Guards fuzzy scores cannot express: different numbers or different initials mean different holders.

    >>> fuzzy_compatible("AT T IP I LP", "AT T IP II LP")
    False
    >>> fuzzy_compatible("NORTRUP ROBERT J", "NORTRUP ROBERT K")
    False
    >>> fuzzy_compatible("UNIV NORTHEASTERN", "UNIV NORTHWESTERN")
    False
    >>> fuzzy_compatible("KULIKOWSKI KONRAD J", "KULIKOWSKI KONRAD")
    True
    """
    ta, tb = a.split(), b.split()
    if {t for t in ta if any(c.isdigit() for c in t)} != {t for t in tb if any(c.isdigit() for c in t)}:
        return False
    # Compass words inside words tell institutions apart (NORTHEASTERN / NORTHWESTERN).
    if _directions(ta) != _directions(tb):
        return False
    # Roman numerals and one-letter initials distinguish holders (AT&T IP I / IP II, ROBERT J / K).
    marks_a = {t for t in ta if len(t) == 1 or set(t) <= set("IVX")}
    marks_b = {t for t in tb if len(t) == 1 or set(t) <= set("IVX")}
    return not (marks_a and marks_b and marks_a != marks_b)


def initials_compatible(a: str, b: str) -> bool:
    """Person names where one only adds or spells out initials: "HALL ROBERT" / "HALL ROBERT J".

    The shorter name must be a prefix of the longer one, its last word may be the initial of the
    other's word at that place, and the longer one may add one-letter initials only.

    >>> initials_compatible("STAMETS PAUL E", "STAMETS PAUL EDWARD")
    True
    >>> initials_compatible("BROWN DENNIS", "BROWN DENNIS M")
    True
    >>> initials_compatible("GILER ERIC G", "GILER ERIC R")
    False
    >>> initials_compatible("GRANT JOHN", "GRANT JOHN EDWARD")
    False
    """
    short, long = sorted((a.split(), b.split()), key=len)
    if len(short) < 2 or short == long or short[0] != long[0]:
        return False
    n = len(short)
    if short[: n - 1] != long[: n - 1]:
        return False
    last_short, last_long = short[-1], long[n - 1]
    if last_short != last_long and not (len(last_short) == 1 and last_long.startswith(last_short)):
        return False
    return all(len(t) == 1 for t in long[n:])
