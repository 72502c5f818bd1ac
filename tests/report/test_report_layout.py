"""Report layout: number formatting per language, numbering, helpers and the zh/en text catalogue."""

from __future__ import annotations

import datetime as dt
import string
from decimal import Decimal

import pyarrow as pa
import pytest

from chainnav.report.blocks import join_names, table_from_rows, top_with_rest
from chainnav.report.layout import chapters, figure_caption, format_value, table_caption
from chainnav.report.model import FigureBlock, Report, Section, TableBlock
from chainnav.report.strings import TEXT, Texts


@pytest.mark.parametrize(
    ("value", "kind", "lang", "expected"),
    [
        (9071, None, "zh", "9,071"),
        (9071, "int", "en", "9,071"),
        (0.0877193, "pct", "zh", "8.8%"),
        (1.0, "pct", "en", "100.0%"),
        (31.64, "float1", "zh", "31.6"),
        (Decimal("0.1235"), "float3", "en", "0.123"),  # banker's rounding on the float value
        (2016, "year", "zh", "2016"),
        (2016.0, None, "en", "2,016"),
        (0.5, None, "en", "0.50"),
        (None, "pct", "zh", "—"),
        (float("nan"), None, "zh", "—"),
        ("IBM", None, "en", "IBM"),
        (dt.date(2017, 12, 28), None, "zh", "2017-12-28"),
        (-3.25, "pct_points", "en", "-3.2"),
    ],
)
def test_format_value(value, kind, lang, expected):
    assert format_value(value, kind, lang) == expected


def _report(lang: str) -> Report:
    table = TableBlock(
        "申请人", "测试", pa.table({"名称": ["a"], "数量": [1234], "占比": [0.25]}), formats={"占比": "pct"}
    )
    figure = FigureBlock("趋势", "测试", {"series": []})
    child = Section("b.1", "子节", ["x"], tables=[table])
    return Report(
        "标题",
        "副标题",
        lang,
        [
            Section("a", "甲", ["p"], figures=[figure]),
            Section("b", "乙", [], tables=[table], figures=[figure], subsections=[child]),
        ],
    )


def test_chapters_number_sections_figures_and_tables_in_reading_order():
    numbered = chapters(_report("zh"))
    assert [(c.number, c.level, c.section.key) for c in numbered] == [
        ("1", 1, "a"),
        ("2", 1, "b"),
        ("2.1", 2, "b.1"),
    ]
    assert [f.number for c in numbered for f in c.figures] == [1, 2]
    assert [t.number for c in numbered for t in c.tables] == [1, 2]
    table = numbered[1].tables[0]
    assert table.rows == [["a", "1,234", "25.0%"]]
    assert table.numeric == [False, True, True]
    assert table_caption("zh", table) == "表 1 申请人"
    assert figure_caption("en", numbered[0].figures[0]) == "Figure 1. 趋势"


def test_top_with_rest_summarizes_the_tail():
    rows = [{"k": c, "n": n} for c, n in zip("abcde", [5, 4, 3, 2, 1], strict=True)]
    out = top_with_rest(
        rows, n=2, sum_columns=["n"], rest_row=lambda count, sums: {"k": f"{count} more", "n": sums["n"]}
    )
    assert out == [{"k": "a", "n": 5}, {"k": "b", "n": 4}, {"k": "3 more", "n": 6.0}]
    assert top_with_rest(rows[:2], n=2, sum_columns=["n"], rest_row=lambda c, s: {}) == rows[:2]


def test_table_from_rows_keeps_types_and_handles_empty_columns():
    table = table_from_rows([{"a": 1, "b": None}, {"a": 2, "b": None}], [("a", "A"), ("b", "B")])
    assert table.column_names == ["A", "B"]
    assert pa.types.is_integer(table.schema.field("A").type)
    assert table.schema.field("B").type == pa.string()


@pytest.mark.parametrize(
    ("names", "lang", "expected"),
    [
        (["甲", "乙", "丙"], "zh", "甲、乙、丙"),
        (["A", "B", "C"], "en", "A, B and C"),
        (["A"], "en", "A"),
        (list("ABCDEFG"), "en", "A, B, C, D, E and others"),
        (list("甲乙丙丁戊己"), "zh", "甲、乙、丙、丁、戊等"),
    ],
)
def test_join_names(names, lang, expected):
    assert join_names(names, lang) == expected


def _fields(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


def test_every_text_exists_in_both_languages_with_the_same_placeholders():
    broken = [
        key
        for key, (zh, en) in TEXT.items()
        if not zh.strip() or not en.strip() or _fields(zh) != _fields(en)
    ]
    assert broken == []


def test_english_texts_hold_no_chinese_outside_quoted_terms():
    allowed = set("强补延链招商主")  # the Chinese policy terms are kept beside their translation
    for key, (_, en) in TEXT.items():
        stray = {ch for ch in en if "\u4e00" <= ch <= "\u9fff"} - allowed
        assert not stray, key


def test_texts_reject_unknown_language():
    from chainnav.errors import ConfigError

    with pytest.raises(ConfigError):
        Texts("fr")
