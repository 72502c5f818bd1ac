"""Evaluation against labels and rule suggestion by lift."""

from __future__ import annotations

from pathlib import Path

import pytest
from chains_fixtures import one_node_chain

import chainnav
from chainnav.chains.evaluation import Score, evaluate, evaluate_ablations, read_labels
from chainnav.chains.registry import load_chain, parse_chain
from chainnav.chains.suggest import suggest
from chainnav.errors import InputError, NotFoundError

LABELS = Path(__file__).parent / "fixtures" / "uav_labels.csv"


def test_score_formulas() -> None:
    score = Score(tp=6, fp=2, fn=4)
    assert score.precision == pytest.approx(0.75)
    assert score.recall == pytest.approx(0.6)
    assert score.f1 == pytest.approx(2 * 0.75 * 0.6 / 1.35)
    assert Score().precision is None and Score(fn=3).f1 is None
    assert Score(fp=1, fn=1).f1 == 0.0


def test_labels_fixture_is_large_enough() -> None:
    labels = read_labels(LABELS, load_chain("uav"))
    assert len(labels) >= 200
    assert sum(label.in_chain for label in labels) >= 100
    assert all(label.in_chain for label in labels if label.nodes)


def test_label_errors_name_row_and_column(tmp_path: Path) -> None:
    chain = load_chain("uav")
    bad = tmp_path / "bad.csv"
    bad.write_text("patent_id,nodes\nUS1A,multirotor\nUS2A,rotor_blades\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"row 2, column 'nodes': unknown node id\(s\) rotor_blades"):
        read_labels(bad, chain)
    bad.write_text("patent,nodes\n", encoding="utf-8")
    with pytest.raises(InputError, match="missing column"):
        read_labels(bad, chain)


def test_evaluate_hand_computed(excerpt_nav: chainnav.Navigator, tmp_path: Path) -> None:
    chain = one_node_chain('      cpc: ["B64C27/"]\n      keywords: {en: ["drone"]}')
    labels = tmp_path / "l.csv"
    # assigned by the rules: US9840323B1, WO2017039233A1, US20170036761A1 (codes and keyword),
    # US20170122713A1 and US20170259940A1 (keyword only)
    labels.write_text(
        "patent_id,nodes,in_chain\n"
        "US9840323B1,n,1\nWO2017039233A1,n,1\nUS20170122713A1,,0\nUS9731821B2,n,1\nUS4252800A,,0\n"
        "XX0000000A,n,1\n", encoding="utf-8")
    rows = read_labels(labels, chain)
    report = evaluate(excerpt_nav, chain, rows)
    assert report.missing == ["XX0000000A"] and report.labeled == 5
    assert (report.nodes["n"].tp, report.nodes["n"].fp, report.nodes["n"].fn) == (2, 1, 1)
    codes = evaluate(excerpt_nav, chain, rows, ["cpc", "ipc"])
    assert (codes.nodes["n"].tp, codes.nodes["n"].fp, codes.nodes["n"].fn) == (2, 0, 1)


def test_ablation_with_a_guarded_keyword(excerpt_nav: chainnav.Navigator, tmp_path: Path) -> None:
    """Codes, plain and guarded keywords in one chain: every ablation runs and scores by hand."""
    chain = one_node_chain('      cpc: ["B64C27/"]\n      keywords: {en: [drone, {term: robot, not_within: [farm robot]}]}')
    labels = tmp_path / "l.csv"
    # codes: US9840323B1, WO2017039233A1, US20170036761A1; the keyword "drone" adds US20170122713A1
    # and US20170259940A1; "robot" only occurs as "Farm Robot" (US9382003B2), which the guard removes
    labels.write_text("patent_id,nodes\nUS9840323B1,n\nUS20170259940A1,n\nUS9382003B2,n\n", encoding="utf-8")
    reports = evaluate_ablations(excerpt_nav, chain, read_labels(labels, chain))
    got = {name: (r.nodes["n"].tp, r.nodes["n"].fp, r.nodes["n"].fn) for name, r in reports.items()}
    assert got == {"codes": (1, 0, 2), "codes+keywords": (2, 0, 1), "codes+keywords+applicants": (2, 0, 1)}


def test_parent_counts_child_labels(excerpt_nav: chainnav.Navigator, tmp_path: Path) -> None:
    chain = parse_chain("""id: t
name: {zh: 测, en: T}
version: '1'
references: [x]
nodes:
  - {id: p, name: {zh: 父, en: P}, segment: midstream, rules: {cpc: ["B64D"]}}
  - {id: c, name: {zh: 子, en: C}, segment: midstream, parent: p, rules: {cpc: ["B64C27/08"]}}
""")
    labels = tmp_path / "l.csv"
    labels.write_text("patent_id,nodes\nWO2017039233A1,c\nUS9840323B1,p\n", encoding="utf-8")
    report = evaluate(excerpt_nav, chain, read_labels(labels, chain))
    assert (report.nodes["p"].tp, report.nodes["p"].fn) == (2, 0)  # the child's patent counts for p
    assert (report.nodes["c"].tp, report.nodes["c"].fp) == (1, 0)


@pytest.mark.slow
def test_uav_figures_on_the_labeled_sample(drone_db: Path) -> None:
    chain = load_chain("uav")
    labels = read_labels(LABELS, chain)
    with chainnav.open(drone_db, read_only=True) as nav:
        reports = evaluate_ablations(nav, chain, labels)
    full = reports["codes+keywords+applicants"]
    assert full.labeled == len(labels) and not full.missing
    # measured 2026-11 with uav 2026.2 (see docs/chains.md): node P 0.72 R 0.72 F1 0.72, in chain
    # F1 0.96; keep the rules from silently getting worse
    assert full.overall.precision >= 0.68 and full.overall.recall >= 0.68 and full.overall.f1 >= 0.68
    assert full.in_chain.f1 >= 0.93
    assert reports["codes+keywords"].in_chain.recall > reports["codes"].in_chain.recall
    assert reports["codes+keywords"].overall.recall > reports["codes"].overall.recall


def test_suggest_lift(excerpt_nav: chainnav.Navigator) -> None:
    chain = one_node_chain('      cpc: ["B64C27/"]')
    n_seed, found = suggest(excerpt_nav, chain, "n", min_share=0.5, min_lift=2.0, limit=100)
    assert n_seed == 3  # US9840323B1, WO2017039233A1, US20170036761A1 of 11 patents
    by_value = {(s.kind, s.value): s for s in found}
    # the word "drone": 3 of 3 seed titles; 4 of 11 titles in the store ("Drones" is another word)
    drone = by_value[("keyword", "drone")]
    assert (drone.seed_count, drone.store_count) == (3, 4)
    assert drone.lift == pytest.approx((3 / 3) / (4 / 11))
    assert ("cpc", "B64C27/08") not in by_value  # already covered by the rule B64C27/
    assert ("cpc", "B64C39/024") not in by_value  # 1 of 3 seed patents: below min_share 0.5
    with pytest.raises(NotFoundError):
        suggest(excerpt_nav, chain, "ghost")
