"""Standards per chain node: counts, age, drafters, standard gaps and patent→standard candidates.

Effective status: a standard marked withdrawn, or replaced by another standard of the catalogue
(代替标准), is withdrawn; one without a status counts as current. Age = years from the
publication date (else implementation date, else 1 January of the number's year) to ``as_of``.

Gap rule (per node, defaults in ``GapRule``): the node has at least ``min_units`` patent units, its
filings grow (units in the recent window > units in the window before), and it has fewer than
``min_current`` current standards or their median age exceeds ``max_median_age`` years.
gap_score = share of the chain's units × (1 + max(growth, 0)) / (1 + current standards).

Candidates (专利转化为标准的候选): local high-value units of a node (value score in the node's top
``top_share``, origin in the region of interest) whose applicant drafts a standard linked to the
node, or that sit in a gap node — each with its reason.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from dataclasses import dataclass

import ibis
import pyarrow as pa

from chainnav.analytics.context import AnalysisContext, Scope
from chainnav.analytics.indicators.technology import node_growth
from chainnav.analytics.indicators.value import value_score
from chainnav.navigator import Navigator

LEVEL_COLUMNS = ("national", "industry", "local", "group", "enterprise", "international", "foreign")


def standards_with_status(nav: Navigator, as_of: dt.date | None = None) -> ibis.Table:
    """``standard`` plus ``effective_status``, ``replaced_by`` and ``age_years``."""
    as_of = as_of or dt.date.today()
    std = nav.table("standard")
    repl = nav.table("standard_replacement")
    known = std.select(successor="standard_id")
    successors = repl.semi_join(known, repl.standard_id == known.successor)
    successors = successors.group_by("replaced_id").aggregate(replaced_by=successors.standard_id.min())
    t = std.left_join(successors, std.standard_id == successors.replaced_id).drop("replaced_id")
    effective = ibis.cases(
        ((t.status == "withdrawn") | t.replaced_by.notnull(), "withdrawn"),
        (t.status.isnull(), "current"),
        else_=t.status,
    )
    dated = ibis.coalesce(t.publication_date, t.implementation_date, ibis.date(t.year.fill_null(as_of.year), 1, 1))
    age = ibis.literal(as_of).delta(dated, unit="day").cast("float64") / 365.25
    return t.mutate(effective_status=effective, age_years=age.round(1))


def node_standards_table(nav: Navigator, chain_id: str, as_of: dt.date | None = None) -> ibis.Table:
    """One row per (node, standard) of a chain with the standard's fields and the linking rule."""
    links = nav.table("standard_node").filter(lambda t: t.chain_id == chain_id).drop("chain_id")
    return links.join(standards_with_status(nav, as_of), "standard_id")


def _chain_nodes(nav: Navigator, chain_id: str) -> list[dict[str, object]]:
    """The chain's nodes from ``chain_node``; from the shipped YAML when the chain is not classified yet."""
    nodes = nav.table("chain_node").filter(lambda t: t.chain_id == chain_id).order_by("ord", "node_id")
    rows = nodes.select("node_id", "parent_id", "segment", "name_zh", "name_en").to_pyarrow().to_pylist()
    if rows:
        return rows
    from chainnav.chains.registry import load_chain

    return [{"node_id": n.id, "parent_id": n.parent, "segment": n.segment, "name_zh": n.name.zh,
             "name_en": n.name.en} for n in load_chain(chain_id).nodes]


def node_standard_stats(nav: Navigator, chain_id: str, *, as_of: dt.date | None = None, top: int = 3) -> pa.Table:
    """Per node: standards linked, current ones by level, upcoming, withdrawn, age and top drafters."""
    ns = node_standards_table(nav, chain_id, as_of)
    current = ns.effective_status == "current"
    stats = ns.group_by("node_id").aggregate(
        standards=ns.standard_id.nunique(),
        current=ns.standard_id.nunique(where=current),
        upcoming=ns.standard_id.nunique(where=ns.effective_status == "upcoming"),
        withdrawn=ns.standard_id.nunique(where=ns.effective_status == "withdrawn"),
        median_age_years=ns.age_years.median(where=current),
        newest_year=ns.year.max(),
        **{f"current_{level}": ns.standard_id.nunique(where=current & (ns.level == level)) for level in LEVEL_COLUMNS},
    )
    by_node = {row["node_id"]: row for row in stats.to_pyarrow().to_pylist()}
    drafters = nav.table("standard_drafter")
    matched = nav.table("drafter_applicant").select("name_norm", applicant_norm="applicant_norm")
    nd = ns.select("node_id", "standard_id").join(drafters, "standard_id").left_join(matched, "name_norm")
    names: dict[str, Counter[str]] = defaultdict(Counter)
    filing: dict[str, set[str]] = defaultdict(set)
    for row in nd.select("node_id", "name_raw", "applicant_norm").to_pyarrow().to_pylist():
        names[row["node_id"]][row["name_raw"]] += 1
        if row["applicant_norm"] is not None:
            filing[row["node_id"]].add(row["name_raw"])
    out = []
    for node in _chain_nodes(nav, chain_id):
        row = by_node.get(node["node_id"], {})
        item = {"node_id": node["node_id"], "name_zh": node["name_zh"], "name_en": node["name_en"],
                "segment": node["segment"]}
        for column in ("standards", "current", "upcoming", "withdrawn",
                       *(f"current_{level}" for level in LEVEL_COLUMNS)):
            item[column] = int(row.get(column) or 0)
        item["median_age_years"] = row.get("median_age_years")
        item["newest_year"] = row.get("newest_year")
        ranked = sorted(names[node["node_id"]].items(), key=lambda kv: (-kv[1], kv[0]))
        item["drafters"] = len(ranked)
        item["drafters_filing_patents"] = len(filing[node["node_id"]])
        item["top_drafters"] = "；".join(name for name, _ in ranked[:top]) or None
        out.append(item)
    return pa.Table.from_pylist(out)


@dataclass(frozen=True)
class GapRule:
    """Thresholds of the standard-gap rule (see the module docstring)."""

    min_units: int = 30
    min_current: int = 3
    max_median_age: float = 8.0
    window: int = 3


def _context(nav: Navigator, chain_id: str, region: str | None = None) -> AnalysisContext:
    return AnalysisContext(nav.ibis, Scope(chain_id=chain_id, region=region))


def standard_gaps(nav: Navigator, chain_id: str, *, rule: GapRule | None = None,
                  as_of: dt.date | None = None) -> pa.Table:
    """Per node: patent units and growth against current standards and their age; gap flag, reason, score."""
    rule = rule or GapRule()
    ctx = _context(nav, chain_id)
    units = ctx.unit_nodes()
    totals = {r["node_id"]: r["units"] for r in units.group_by("node_id").aggregate(units=units.unit_id.nunique())
              .to_pyarrow().to_pylist()}
    chain_units = units.unit_id.nunique().to_pyarrow().as_py() or 0
    growth = {r["node_id"]: r for r in node_growth(ctx, window=rule.window).to_pyarrow().to_pylist()}
    stats = node_standard_stats(nav, chain_id, as_of=as_of).to_pylist()
    out = []
    for node in stats:
        node_id = node["node_id"]
        n_units = int(totals.get(node_id, 0))
        g = growth.get(node_id, {})
        recent, prior = int(g.get("units_recent") or 0), int(g.get("units_prior") or 0)
        rate = g.get("growth")
        growing = recent > prior
        reasons_zh, reasons_en = [], []
        if node["current"] < rule.min_current:
            reasons_zh.append(f"现行标准仅 {node['current']} 项（少于 {rule.min_current} 项）")
            reasons_en.append(f"only {node['current']} current standards (fewer than {rule.min_current})")
        age = node["median_age_years"]
        if age is not None and age > rule.max_median_age:
            reasons_zh.append(f"现行标准标龄中位数 {age:.1f} 年（超过 {rule.max_median_age:g} 年）")
            reasons_en.append(f"median age of current standards {age:.1f} years (over {rule.max_median_age:g})")
        gap = n_units >= rule.min_units and growing and bool(reasons_zh)
        share = n_units / chain_units if chain_units else 0.0
        score = share * (1.0 + max(rate or 0.0, 0.0)) / (1.0 + node["current"])
        out.append({
            "node_id": node_id, "name_zh": node["name_zh"], "name_en": node["name_en"],
            "units": n_units, "units_recent": recent, "units_prior": prior,
            "growth": None if rate is None else round(rate, 4),
            "current": node["current"], "median_age_years": age,
            "standards_per_100_units": round(100.0 * node["current"] / n_units, 2) if n_units else None,
            "gap": gap, "gap_score": round(score, 4),
            "reason_zh": "；".join(reasons_zh) if gap else None,
            "reason_en": "; ".join(reasons_en) if gap else None,
        })
    out.sort(key=lambda r: (not r["gap"], -r["gap_score"], r["node_id"]))
    return pa.Table.from_pylist(out)


def patent_candidates(nav: Navigator, chain_id: str, *, region: str = "CN", top_share: float = 0.2,
                      per_node: int = 10, rule: GapRule | None = None, gaps: pa.Table | None = None) -> pa.Table:
    """Local high-value patent units that could feed standards, with the reason for each.

    ``gaps`` is the result of ``standard_gaps`` when the caller already has it.
    """
    ctx = _context(nav, chain_id, region)
    scored = value_score(ctx).select("unit_id", "value_score")
    unit_nodes = ctx.unit_nodes().select("node_id", "unit_id", "patent_id")
    origin = ctx.patent_origin()
    local_units = origin.filter(origin.is_local).select("unit_id").distinct()
    members = unit_nodes.select("node_id", "unit_id").distinct().join(scored, "unit_id")
    members = members.mutate(
        node_rank=ibis.percent_rank().over(group_by="node_id", order_by=members.value_score)
    )
    high = members.filter(members.node_rank >= 1.0 - top_share).semi_join(local_units, "unit_id")
    party = nav.table("party").filter(lambda t: t.role.isin(("applicant", "assignee")))
    holders = unit_nodes.select("unit_id", "patent_id").distinct().join(party, "patent_id").select(
        "unit_id", "name_raw", "name_norm", "entity_id"
    ).distinct()
    drafting = (
        nav.table("standard_node").filter(lambda t: t.chain_id == chain_id).select("node_id", "standard_id")
        .join(nav.table("standard_drafter").select("standard_id", "name_norm", drafter="name_raw"), "standard_id")
        .join(nav.table("drafter_applicant").select("name_norm", "applicant_norm", drafter_entity="entity_id"),
              "name_norm")
    )
    high_rows = high.to_pyarrow().to_pylist()
    wanted = sorted({r["unit_id"] for r in high_rows})
    unit_holders: dict[str, list[dict[str, object]]] = defaultdict(list)
    titles: dict[str, dict[str, object]] = {}
    if wanted:
        for row in holders.filter(holders.unit_id.isin(wanted)).to_pyarrow().to_pylist():
            unit_holders[row["unit_id"]].append(row)
        p = ctx.patents()
        p = p.filter(p.unit_id.isin(wanted))
        firsts = p.group_by("unit_id").aggregate(patent_id=p.patent_id.min(), title=p.title.max())
        titles = {r["unit_id"]: r for r in firsts.to_pyarrow().to_pylist()}
    drafts: dict[tuple[str, str], set[str]] = defaultdict(set)
    drafter_names: dict[tuple[str, str], str] = {}
    for row in drafting.to_pyarrow().to_pylist():
        for key in (row["applicant_norm"], row["drafter_entity"]):
            if key:
                drafts[(row["node_id"], key)].add(row["standard_id"])
                drafter_names[(row["node_id"], key)] = row["drafter"]
    gap_table = gaps if gaps is not None else standard_gaps(nav, chain_id, rule=rule)
    gap_nodes = {r["node_id"]: r for r in gap_table.to_pylist() if r["gap"]}
    out = []
    for row in high_rows:
        node_id, unit_id = row["node_id"], row["unit_id"]
        standards: set[str] = set()
        drafter = None
        for holder in unit_holders[unit_id]:
            for key in (holder["name_norm"], holder["entity_id"]):
                if key and (node_id, key) in drafts:
                    standards |= drafts[(node_id, key)]
                    drafter = drafter or holder["name_raw"]
        in_gap = node_id in gap_nodes
        if not standards and not in_gap:
            continue
        reasons_zh, reasons_en = [], []
        if standards:
            listed = "、".join(sorted(standards))
            reasons_zh.append(f"申请人 {drafter} 参与起草本节点标准 {listed}")
            reasons_en.append(f"applicant {drafter} drafts standards of this node: {', '.join(sorted(standards))}")
        if in_gap:
            reasons_zh.append(f"节点存在标准缺口：{gap_nodes[node_id]['reason_zh']}")
            reasons_en.append(f"the node has a standards gap: {gap_nodes[node_id]['reason_en']}")
        info = titles.get(unit_id, {})
        out.append({
            "node_id": node_id, "unit_id": unit_id, "patent_id": info.get("patent_id"), "title": info.get("title"),
            "applicants": "; ".join(sorted({str(h["name_raw"]) for h in unit_holders[unit_id]})) or None,
            "value_score": round(float(row["value_score"]), 4),
            "reason": "drafter+gap" if standards and in_gap else ("drafter" if standards else "gap"),
            "related_standards": "; ".join(sorted(standards)) or None,
            "reason_zh": "；".join(reasons_zh), "reason_en": "; ".join(reasons_en),
        })
    out.sort(key=lambda r: (r["node_id"], r["reason"] == "gap", -r["value_score"], r["unit_id"]))
    kept, seen = [], Counter()
    for row in out:
        if seen[row["node_id"]] < per_node:
            kept.append(row)
            seen[row["node_id"]] += 1
    schema = pa.schema([
        ("node_id", pa.string()), ("unit_id", pa.string()), ("patent_id", pa.string()), ("title", pa.string()),
        ("applicants", pa.string()), ("value_score", pa.float64()), ("reason", pa.string()),
        ("related_standards", pa.string()), ("reason_zh", pa.string()), ("reason_en", pa.string()),
    ])
    return pa.Table.from_pylist(kept, schema=schema)
