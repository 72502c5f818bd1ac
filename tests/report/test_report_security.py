"""The security chapter on a hand-made assessment: a low-data node never leads the text or the targets.

Nodes (rank, class, filings): a (1, 补链, 3 — low data), b (2, 补链, 40), c (3, 强链, 60).
"""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

import pyarrow as pa
import pytest

from chainnav.report import common
from chainnav.report.navigation import security_section
from chainnav.report.strings import Texts

NODES = [
    # node_id, name_zh, name_en, class, class_en, rank, chokepoint, filings, low_data
    ("a", "机体材料", "Airframe materials", "补链", "fill", 1, 80.0, 3, True),
    ("b", "动力系统", "Propulsion", "补链", "fill", 2, 70.0, 40, False),
    ("c", "整机", "Complete aircraft", "强链", "strengthen", 3, 20.0, 60, False),
]


def assessment() -> SimpleNamespace:
    nodes = pa.Table.from_pylist([
        {"node_id": n, "name_zh": zh, "name_en": en, "class": cls, "class_en": cls_en, "chokepoint_rank": rank,
         "chokepoint": score, "filings": filings, "low_data": low, "foreign_share": 0.9, "segment": "midstream",
         "parent_id": None, "ord": i, "class_reason": f"理由{n}", "class_reason_en": f"reason {n}"}
        for i, (n, zh, en, cls, cls_en, rank, score, filings, low) in enumerate(NODES)
    ])
    firm = {"holder_type": "company", "main_country": "US", "high_value": 0, "node_share": 0.1, "rank_in_node": 1}
    attract = pa.Table.from_pylist([
        {**firm, "node_id": "a", "holder_name": "FEW DATA INC", "filings": 1},
        {**firm, "node_id": "b", "holder_name": "STRONG CORP", "filings": 4},
    ])
    leaders = pa.Table.from_pylist([{"holder_name": "LOCAL CO", "nodes_led": 1, "nodes_spanned": 2,
                                     "chain_filings": 9, "high_value": 1}])
    return SimpleNamespace(
        nodes=nodes, weights={"foreign_share": 0.5, "importance": 0.5}, params={"min_node_filings": 10},
        chain_leaders=leaders, attract_firms=attract, partners=attract.slice(0, 0),
    )


@pytest.fixture(params=["zh", "en"])
def chapter(request):
    lang = request.param
    data = SimpleNamespace(
        lang=lang, security=assessment(), loads=None, chain_id="t", chain={"version": "1"},
        view=SimpleNamespace(context=SimpleNamespace(as_of=dt.date(2026, 1, 1))),
    )
    found = common.Findings()
    return lang, security_section(data, Texts(lang), found), found


def test_text_leads_with_the_top_node_with_enough_data(chapter):
    lang, section, found = chapter
    b, a = ("动力系统", "机体材料") if lang == "zh" else ("Propulsion", "Airframe materials")
    top = next(p for p in section.paragraphs if "10" in p and b in p)
    assert a not in top
    assert b in found.findings[0] and a not in found.findings[0]
    fill = next(r for r in found.ordered_recommendations() if b in r)
    assert fill.index(b) < fill.index(a)  # the low-data node is named after the others
    assert fill.index("STRONG CORP") < fill.index("FEW DATA INC")
    classes = next(p for p in section.paragraphs if b in p and a in p)
    assert classes.index(b) < classes.index(a)


def test_ranking_keeps_the_low_data_node_marked(chapter):
    lang, section, _ = chapter
    ranking = section.tables[0]
    names = ranking.table.column(1).to_pylist()
    reasons = ranking.table.column(5).to_pylist()
    a, b = ("机体材料", "动力系统") if lang == "zh" else ("Airframe materials", "Propulsion")
    assert names == [f"{a} †", b, "整机" if lang == "zh" else "Complete aircraft"]
    assert reasons[0] == ("理由a" if lang == "zh" else "reason a")
    assert ranking.note is not None and "† " in ranking.note and "10" in ranking.note
    attract = section.subsections[0].tables[1].table.column(1).to_pylist()
    assert attract == ["STRONG CORP", "FEW DATA INC"]
