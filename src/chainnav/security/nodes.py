"""Per-node chain security: origin shares, foreign holder HHI, local gap, trend, chokepoint, class.

Each function takes the node facts of ``chainnav.security.facts`` and returns an Ibis expression
keyed by ``node_id``; the formulas are documented in docs/security.md.
"""

from __future__ import annotations

import ibis
import ibis.expr.types as ir
import pyarrow as pa

from chainnav.analytics.context import AnalysisContext
from chainnav.security.facts import keep_left_join
from chainnav.security.params import COMPONENTS, SecurityParams

SEGMENT_ORDER = {"upstream": 0, "midstream": 1, "downstream": 2}
STRENGTHEN, FILL, EXTEND = "强链", "补链", "延链"
CLASS_EN = {STRENGTHEN: "strengthen", FILL: "fill", EXTEND: "extend"}


def _ratio(num: ir.NumericValue, den: ir.NumericValue) -> ir.FloatingValue:
    """``num / den``, 0 where ``den`` is 0 (a node without filings has no share of anything)."""
    return ibis.ifelse(den > 0, num.cast("float64") / den, 0.0)


def chain_nodes(ctx: AnalysisContext) -> ir.Table:
    """The scope chain's nodes with names, parent, segment and order."""
    return ctx.chain_nodes().select("node_id", "parent_id", "segment", "name_zh", "name_en", "depth", "ord")


def node_dependents(nodes: pa.Table) -> pa.Table:
    """``dependents`` and ``importance`` per node, from the chain structure.

    A node's dependents are the nodes in a later segment (upstream → midstream → downstream) and
    its ancestors in the tree (a parent node is made of its children). importance = dependents /
    (nodes − 1). The chain definition has tens of nodes, so this runs on its rows in Python.

    >>> t = pa.table({"node_id": ["a", "b", "c"], "parent_id": [None, "a", None],
    ...               "segment": ["upstream", "upstream", "downstream"]})
    >>> node_dependents(t).to_pylist()[1]
    {'node_id': 'b', 'dependents': 2, 'importance': 1.0}
    """
    rows = nodes.select(["node_id", "parent_id", "segment"]).to_pylist()
    parent = {r["node_id"]: r["parent_id"] for r in rows}
    rank = {r["node_id"]: SEGMENT_ORDER.get(r["segment"] or "", 1) for r in rows}
    out = []
    for node in parent:
        ancestors, up = set(), parent[node]
        while up is not None and up in parent and up not in ancestors:
            ancestors.add(up)
            up = parent[up]
        later = {m for m in parent if rank[m] > rank[node]}
        count = len((ancestors | later) - {node})
        out.append({"node_id": node, "dependents": count, "importance": count / max(len(parent) - 1, 1)})
    schema = pa.schema([("node_id", pa.string()), ("dependents", pa.int64()), ("importance", pa.float64())])
    return pa.Table.from_pylist(out, schema=schema)


def node_adjacency(nodes: pa.Table) -> pa.Table:
    """Pairs (node_id, neighbour_id) of tree neighbours: parent, children and siblings."""
    rows = nodes.select(["node_id", "parent_id"]).to_pylist()
    pairs = set()
    for a in rows:
        for b in rows:
            if a["node_id"] == b["node_id"]:
                continue
            if a["parent_id"] == b["node_id"] or b["parent_id"] == a["node_id"] or (
                a["parent_id"] is not None and a["parent_id"] == b["parent_id"]
            ):
                pairs.add((a["node_id"], b["node_id"]))
    ordered = sorted(pairs)
    return pa.table(
        {"node_id": [p[0] for p in ordered], "neighbour_id": [p[1] for p in ordered]},
        schema=pa.schema([("node_id", pa.string()), ("neighbour_id", pa.string())]),
    )


def origin_shares(facts: ir.Table) -> ir.Table:
    """Per node: filings and high-value filings, local / domestic / foreign / unknown counts and shares."""
    known = facts.is_local | facts.is_domestic | facts.is_foreign
    hv = facts.is_high_value
    agg = facts.group_by("node_id").aggregate(
        filings=facts.count(),
        local=facts.is_local.sum(),
        domestic=facts.is_domestic.sum(),
        foreign=facts.is_foreign.sum(),
        unknown_origin=(~known).sum(),
        high_value=hv.sum(),
        local_high_value=(hv & facts.is_local).sum(),
        domestic_high_value=(hv & facts.is_domestic).sum(),
        foreign_high_value=(hv & facts.is_foreign).sum(),
    )
    return agg.mutate(
        local_share=_ratio(agg.local, agg.filings),
        domestic_share=_ratio(agg.domestic, agg.filings),
        foreign_share=_ratio(agg.foreign, agg.filings),
        local_high_value_share=_ratio(agg.local_high_value, agg.high_value),
        domestic_high_value_share=_ratio(agg.domestic_high_value, agg.high_value),
        foreign_high_value_share=_ratio(agg.foreign_high_value, agg.high_value),
    )


def foreign_holder_hhi(facts: ir.Table) -> ir.Table:
    """Per node: foreign holders, their HHI = Σ s_i² × 10 000 (s_i = holder i's share of the node's
    foreign filings, first holder counted), and the top foreign holder with its share."""
    foreign = facts.filter(facts.is_foreign & facts.holder_id.notnull())
    per_holder = foreign.group_by(["node_id", "holder_id"]).aggregate(
        n=foreign.count(), holder_name=foreign.holder_name.min()
    )
    total = per_holder.n.sum().over(group_by=per_holder.node_id)
    per_holder = per_holder.mutate(s=per_holder.n.cast("float64") / total)
    top = ibis.row_number().over(group_by=per_holder.node_id, order_by=[ibis.desc(per_holder.n), per_holder.holder_id])
    per_holder = per_holder.mutate(_top=top)
    return per_holder.group_by("node_id").aggregate(
        foreign_holders=per_holder.count(),
        foreign_hhi=(per_holder.s * per_holder.s).sum() * 10000,
        top_foreign_holder=per_holder.holder_name.max(where=per_holder._top == 0),
        top_foreign_share=per_holder.s.max(where=per_holder._top == 0),
    )


def node_trend(facts: ir.Table, end_year: int, window: int) -> ir.Table:
    """Per node: filings and foreign filings in the recent window [E−W+1, E] and the previous one
    [E−2W+1, E−W]; growth = recent / previous and dependence_trend = foreign share recent − foreign
    share previous (> 0: rising dependence on foreign holders). growth is NULL when the previous
    window is empty, dependence_trend when either window is."""
    recent = facts.year.between(end_year - window + 1, end_year)
    previous = facts.year.between(end_year - 2 * window + 1, end_year - window)
    agg = facts.group_by("node_id").aggregate(
        recent=recent.sum(),
        previous=previous.sum(),
        recent_foreign=(recent & facts.is_foreign).sum(),
        previous_foreign=(previous & facts.is_foreign).sum(),
    )
    return agg.mutate(
        growth=ibis.ifelse(agg.previous > 0, agg.recent.cast("float64") / agg.previous, None),
        dependence_trend=ibis.ifelse(
            (agg.recent > 0) & (agg.previous > 0),
            _ratio(agg.recent_foreign, agg.recent) - _ratio(agg.previous_foreign, agg.previous),
            None,
        ),
    )


def chain_growth(facts: ir.Table, end_year: int, window: int) -> ir.Table:
    """One row ``chain_growth``: the chain's distinct units in the recent window / the previous one."""
    units = facts.select("unit_id", "year").distinct()
    recent = units.year.between(end_year - window + 1, end_year).sum()
    previous = units.year.between(end_year - 2 * window + 1, end_year - window).sum()
    return units.aggregate(chain_growth=ibis.ifelse(previous > 0, recent.cast("float64") / previous, None))


def dependence_by_year(facts: ir.Table) -> ir.Table:
    """Per node and priority year: filings, local, foreign, and local and foreign shares."""
    agg = facts.group_by(["node_id", "year"]).aggregate(
        filings=facts.count(), local=facts.is_local.sum(), foreign=facts.is_foreign.sum()
    )
    return agg.mutate(
        local_share=_ratio(agg.local, agg.filings), foreign_share=_ratio(agg.foreign, agg.filings)
    ).order_by(["node_id", "year"])


def local_gap(shares: ir.Table) -> ir.Table:
    """Per node: world_share = F_n / Σ F, local_node_share = L_n / Σ L, local_gap = world_share −
    local_node_share, rta = local_node_share / world_share (0 when the region has no filings)."""
    totals = shares.aggregate(total=shares.filings.sum(), total_local=shares.local.sum())
    s = shares.cross_join(totals)
    world = _ratio(s.filings, s.total)
    local = _ratio(s.local, s.total_local)
    return s.select(
        "node_id", world_share=world, local_node_share=local, local_gap=world - local, rta=_ratio(local, world)
    )


def node_table(ctx: AnalysisContext, facts: ir.Table, params: SecurityParams, structure: pa.Table,
               end_year: int) -> ir.Table:
    """Every chain node with its shares, HHI, local gap, trend, chokepoint components and score.

    ``structure`` is ``node_dependents`` of the chain's nodes. Nodes without filings are kept with
    zeros: a node nobody files in is still part of the chain.
    """
    shares = origin_shares(facts)
    table = chain_nodes(ctx)
    for part in (shares, foreign_holder_hhi(facts), local_gap(shares), node_trend(facts, end_year, params.window_years),
                 ibis.memtable(structure)):
        table = keep_left_join(table, part, "node_id")
    counts = [c for c, t in table.schema().items() if t.is_integer() and c not in ("depth", "ord")]
    floats = [
        "local_share", "domestic_share", "foreign_share", "local_high_value_share", "domestic_high_value_share",
        "foreign_high_value_share", "foreign_hhi", "world_share", "local_node_share", "local_gap", "rta",
        "importance",
    ]
    table = table.mutate(
        **{c: table[c].fill_null(0) for c in counts}, **{c: table[c].fill_null(0.0) for c in floats}
    )
    return table.mutate(
        low_data=table.filings < params.min_node_filings,
        c_foreign_share=table.foreign_share,
        c_foreign_concentration=table.foreign_hhi / 10000,
        c_local_weakness=1.0 / (1.0 + table.rta),
        c_importance=table.importance,
    )


def score_expr(table: ir.Table, weights: dict[str, float] | ir.Table) -> ir.FloatingValue:
    """chokepoint = 100 × Σ_k w_k · c_k over the four components (weights as numbers or columns)."""
    total = None
    for name in COMPONENTS:
        w = weights[name] if isinstance(weights, dict) else weights[f"w_{name}"]
        term = table[f"c_{name}"] * w
        total = term if total is None else total + term
    return total * 100


def with_chokepoint(table: ir.Table, weights: dict[str, float]) -> ir.Table:
    """Add ``chokepoint`` (0-100) and ``chokepoint_rank`` (1 = most at risk; ties share a rank)."""
    scored = table.mutate(chokepoint=score_expr(table, weights))
    return scored.mutate(chokepoint_rank=ibis.rank().over(order_by=ibis.desc(scored.chokepoint)) + 1)


def sensitivity_scenarios(weights: dict[str, float], step: float) -> pa.Table:
    """The base weights and, per component, the weights with that component moved by ±step
    (clipped at 0) and all weights rescaled to sum 1."""
    rows = [{"scenario": "base", "component": None, "delta": 0.0, **{f"w_{k}": v for k, v in weights.items()}}]
    for name in COMPONENTS:
        for delta in (-step, step):
            moved = dict(weights)
            moved[name] = max(0.0, moved[name] + delta)
            total = sum(moved.values())
            if total <= 0:
                continue
            rows.append({
                "scenario": f"{name} {delta:+.2f}",
                "component": name,
                "delta": delta,
                **{f"w_{k}": v / total for k, v in moved.items()},
            })
    return pa.Table.from_pylist(rows)


def sensitivity(table: ir.Table, weights: dict[str, float], step: float) -> ir.Table:
    """Per scenario and node: score, rank, the base rank and the rank change (+ = moves up)."""
    scenarios = ibis.memtable(sensitivity_scenarios(weights, step))
    s = table.select("node_id", *(f"c_{k}" for k in COMPONENTS)).cross_join(scenarios)
    s = s.mutate(score=score_expr(s, s))
    s = s.mutate(rank=ibis.rank().over(group_by=s.scenario, order_by=ibis.desc(s.score)) + 1)
    base = s.filter(s.scenario == "base").select("node_id", base_rank="rank")
    s = s.join(base, "node_id")
    return s.select(
        "scenario", "component", "delta", *(f"w_{k}" for k in COMPONENTS), "node_id", "score", "rank", "base_rank",
        rank_change=s.base_rank - s.rank,
    ).order_by(["scenario", "rank", "node_id"])


def classify_nodes(table: ir.Table, growth: ir.Table, adjacency: pa.Table, params: SecurityParams) -> ir.Table:
    """Add ``class`` (强链 / 补链 / 延链), ``class_en`` and the figures the rule used
    (``strong_neighbours`` in Chinese names, ``strong_neighbours_en`` in English names).

    强链 when rta ≥ strong_rta and local ≥ min_local; else 延链 when recent ≥ min_recent, the node
    grows faster than the chain (or is new) and a tree neighbour is 强链; else 补链.
    """
    t = table.cross_join(growth)
    strong = (t.rta >= params.strong_rta) & (t.local >= params.min_local)
    t = t.mutate(is_strong=strong)
    adj = ibis.memtable(adjacency)
    strong_nodes = t.filter(t.is_strong).select(
        neighbour_id="node_id", neighbour_name="name_zh", neighbour_name_en=t.name_en.fill_null(t.name_zh)
    )
    near = adj.join(strong_nodes, "neighbour_id").group_by("node_id").aggregate(
        strong_neighbours=lambda g: g.neighbour_name.fill_null(g.neighbour_id).collect(order_by=g.neighbour_id).join("、"),
        strong_neighbours_en=lambda g: g.neighbour_name_en.fill_null(g.neighbour_id)
        .collect(order_by=g.neighbour_id).join(", "),
    )
    t = keep_left_join(t, near, "node_id")
    fast = ibis.ifelse(
        t.growth.isnull(), t.previous == 0, t.chain_growth.isnull() | (t.growth > t.chain_growth)
    )
    emerging = (t.recent >= params.min_recent) & fast & t.strong_neighbours.notnull()
    cls = ibis.cases((t.is_strong, STRENGTHEN), (emerging, EXTEND), else_=FILL)
    t = t.mutate(**{"class": cls})
    return t.mutate(class_en=t["class"].cases(*CLASS_EN.items()))
