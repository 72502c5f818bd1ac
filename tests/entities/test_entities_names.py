"""Match keys and name guards: one line per real spelling pair, plus the modules' doctests."""

from __future__ import annotations

import doctest

import pytest

from chainnav.entities import matching, names
from chainnav.entities.names import fuzzy_compatible, initials_compatible, match_key, script

KEY_CASES = [
    ("AMAZON TECH INC", "AMAZON TECH"),
    ("Amazon Technologies, Inc.", "AMAZON TECH"),
    ("HONEYWELL INTERNATIONAL INC", "HONEYWELL INT"),
    ("ERICSSON TELEFON AB L M (PUBL)", "ERICSSON TELEFON AB LM"),
    ("AT & T IP I LP", "AT T IP I"),
    ("DIEHL STIFTUNG & CO KG", "DIEHL STIFTUNG"),
    ("DEUTSCHES ZENTRUM FÜR LUFT UND RAUMFAHRT E V", "DEUTSCHES ZENTRUM FUR LUFT RAUMFAHRT"),
    ("UNIV OF NORTH CAROLINA AT GREENSBORO", "UNIV NORTH CAROLINA AT GREENSBORO"),
    ("ELWHA LLC A LTD LIABILITY CORP STATE DELAWARE", "ELWHA"),
    ("FREEFLIGHT ACQUISITION CORP DBA FREEFLIGHT SYSTEMS LTD", "FREEFLIGHT SYS"),
    ("INSITU INC (A SUBSIDIARY OF THE BOEING COMPANY)", "INSITU"),
    (
        "COMMISSARIAT ? L'?NERGIE ATOMIQUE ET AUX ?NERGIES ALTERNATIVES",
        "COMMISSARIAT L NERGIE ATOMIQUE AUX NERGIES ALTERNATIVES",
    ),
    ("ＳＯＮＹ　ＣＯＲＰ", "SONY"),
    ("深圳市大疆创新科技有限公司", "深圳市大疆创新科技"),
    ("华为技术股份有限公司", "华为技术"),
    ("CO", "CO"),
    ("", ""),
]


@pytest.mark.parametrize(("raw", "key"), KEY_CASES)
def test_match_key(raw: str, key: str) -> None:
    assert match_key(raw) == key


def test_inventor_key_keeps_every_word() -> None:
    assert match_key("Smith, John A. Jr.", kind="inventor") == "SMITH JOHN A JR"
    assert match_key("LEE CO", kind="inventor") == "LEE CO"


@pytest.mark.parametrize(
    ("a", "b", "ok"),
    [
        ("AT T IP I", "AT T IP II", False),
        ("NORTRUP ROBERT J", "NORTRUP ROBERT K", False),
        ("ELBIT SYS LAND C4I", "ELBIT SYS LAND C3I", False),
        ("UNIV NORTHEASTERN", "UNIV NORTHWESTERN", False),
        ("KULIKOWSKI KONRAD J", "KULIKOWSKI KONRAD", True),
        ("AVIATION COMM SURVELLIANCE SYS", "AVIATION COMM SURVEILLANCE SYS", True),
    ],
)
def test_fuzzy_compatible(a: str, b: str, ok: bool) -> None:
    assert fuzzy_compatible(a, b) is ok


@pytest.mark.parametrize(
    ("a", "b", "ok"),
    [
        ("HALL ROBERT", "HALL ROBERT J", True),
        ("FELDMAN BENJAMIN J", "FELDMAN BENJAMIN JAY", True),
        ("SMITH JOHN", "SMITH JOHN A B", True),
        ("GILER ERIC G", "GILER ERIC R", False),
        ("GRANT JOHN", "GRANT JOHN EDWARD", False),
        ("HALL ROBERT", "HALL RICHARD", False),
        ("IBM", "IBM UK", False),
    ],
)
def test_initials_compatible(a: str, b: str, ok: bool) -> None:
    assert initials_compatible(a, b) is ok


def test_script() -> None:
    assert [script(n) for n in ("大疆创新", "DJI", "大疆 DJI", "123")] == ["han", "latin", "han", "other"]


def test_fuzzy_pairs_block_and_score() -> None:
    keys = [
        "AVIATION COMM SURVEILLANCE SYS",
        "AVIATION COMM SURVELLIANCE SYS",
        "IBM",
        "IBN",
        "SURVEILLANCE SYS AVIATION COMM",
    ]
    pairs = matching.fuzzy_pairs(keys)
    # Acronyms are never fuzzy-matched; reordered words are found through the sorted-word block.
    assert [(a, b) for a, b, _ in pairs] == [(0, 1), (0, 4), (1, 4)]


def test_connected_components_long_chain() -> None:
    import numpy as np

    n = 1000
    labels = matching.connected_components(n, np.arange(n - 1)[::-1], np.arange(1, n)[::-1])
    assert set(labels.tolist()) == {0}


@pytest.mark.parametrize("module", [names, matching])
def test_doctests(module) -> None:  # noqa: ANN001 - a module
    result = doctest.testmod(module)
    assert result.attempted > 0 and result.failed == 0
