"""Target lists with their figures: 链主 candidates, firms to attract (招商), partners, talent.

A holder is the first applicant of a patent (the disambiguated entity when known). A holder is
local when at least half of its filings in the chain are local, domestic likewise for the
country. Unknown applicant kinds count as firms; universities and institutes are partners.
"""

from __future__ import annotations

import ibis
import ibis.expr.types as ir

from chainnav.analytics.context import AnalysisContext
from chainnav.analytics.indicators.talent import inventor_profiles
from chainnav.security.facts import NON_FIRM_TYPES, PARTNER_TYPES
from chainnav.security.nodes import EXTEND, FILL, STRENGTHEN
from chainnav.security.params import SecurityParams


def holders(facts: ir.Table) -> ir.Table:
    """Per holder in the chain: name, kind, filings (distinct units), main origin country, local flags."""
    f = facts.filter(facts.holder_id.notnull())
    units = f.select("holder_id", "holder_name", "holder_type", "unit_id", "origin_country", "is_local",
                     "is_domestic").distinct(on=["holder_id", "unit_id"], keep="first")
    agg = units.group_by("holder_id").aggregate(
        holder_name=units.holder_name.min(),
        holder_type=units.holder_type.max(),
        chain_filings=units.count(),
        local_filings=units.is_local.sum(),
        domestic_filings=units.is_domestic.sum(),
        main_country=units.origin_country.mode(),
    )
    return agg.mutate(
        holder_local=agg.local_filings * 2 >= agg.chain_filings,
        holder_domestic=agg.domestic_filings * 2 >= agg.chain_filings,
        is_firm=agg.holder_type.isnull() | ~agg.holder_type.isin(NON_FIRM_TYPES),
        is_partner_type=agg.holder_type.isin(PARTNER_TYPES).fill_null(False),
    )


def node_holders(facts: ir.Table) -> ir.Table:
    """Per (node, holder): filings, high-value filings and the holder's share of the node."""
    f = facts.filter(facts.holder_id.notnull())
    agg = f.group_by(["node_id", "holder_id"]).aggregate(filings=f.count(), high_value=f.is_high_value.sum())
    node_total = facts.group_by("node_id").aggregate(node_filings=facts.count())
    agg = agg.join(node_total, "node_id")
    return agg.mutate(node_share=agg.filings.cast("float64") / agg.node_filings).join(holders(facts), "holder_id")


def _rank_in_node(t: ir.Table) -> ir.IntegerValue:
    return ibis.row_number().over(
        group_by=t.node_id, order_by=[ibis.desc(t.filings), ibis.desc(t.high_value), t.holder_id]
    ) + 1


def chain_leaders(facts: ir.Table, nodes: ir.Table, params: SecurityParams) -> ir.Table:
    """链主 candidates: local firms ranked by nodes led (top local holder of a node), then nodes
    spanned, high-value filings and filings."""
    nh = node_holders(facts)
    local = nh.filter(nh.holder_local & nh.is_firm)
    local = local.mutate(local_rank=_rank_in_node(local))
    names = nodes.select(
        "node_id", node_name=nodes.name_zh.fill_null(nodes.node_id),
        node_name_en=nodes.name_en.fill_null(nodes.name_zh).fill_null(nodes.node_id),
    )
    local = local.join(names, "node_id")
    agg = local.group_by(["holder_id", "holder_name", "main_country", "chain_filings"]).aggregate(
        nodes_led=(local.local_rank == 1).sum(),
        nodes_spanned=local.count(),
        high_value=local.high_value.sum(),
        led_nodes=local.node_name.collect(where=local.local_rank == 1, order_by=local.node_id).join("、"),
        led_nodes_en=local.node_name_en.collect(where=local.local_rank == 1, order_by=local.node_id).join(", "),
    )
    total_nodes = nodes.count()
    agg = agg.mutate(chain_nodes=total_nodes)
    return agg.order_by(
        [ibis.desc(agg.nodes_led), ibis.desc(agg.nodes_spanned), ibis.desc(agg.high_value),
         ibis.desc(agg.chain_filings), agg.holder_id]
    ).limit(params.top_leaders)


def _node_targets(table: ir.Table, who: ir.BooleanValue, nodes: ir.Table, classes: tuple[str, ...],
                  params: SecurityParams) -> ir.Table:
    """The top ``top_per_node`` rows of ``table`` (``node_holders``) matching ``who`` in nodes of ``classes``."""
    sel = nodes.filter(nodes["class"].isin(classes)).select(
        "node_id", node_name=nodes.name_zh.fill_null(nodes.node_id), node_class=nodes["class"],
        node_rank=nodes.chokepoint_rank,
    )
    picked = table.filter(who).join(sel, "node_id")
    picked = picked.mutate(rank_in_node=_rank_in_node(picked))
    picked = picked.filter(picked.rank_in_node <= params.top_per_node)
    return picked.select(
        "node_id", "node_name", "node_class", "holder_id", "holder_name", "holder_type", "main_country",
        "holder_domestic", "filings", "high_value", "node_share", "rank_in_node", "node_rank",
    ).order_by(["node_rank", "node_id", "rank_in_node"])


def attract_firms(facts: ir.Table, nodes: ir.Table, params: SecurityParams) -> ir.Table:
    """招商 targets: the strongest non-local firms in each 补链 node (top ``top_per_node``)."""
    nh = node_holders(facts)
    return _node_targets(nh, ~nh.holder_local & nh.is_firm, nodes, (FILL,), params)


def partners(facts: ir.Table, nodes: ir.Table, params: SecurityParams) -> ir.Table:
    """Partners: universities and institutes (anywhere) with the strongest portfolios in nodes that
    are not 强链 (top ``top_per_node`` per node)."""
    nh = node_holders(facts)
    return _node_targets(nh, nh.is_partner_type, nodes, (FILL, EXTEND), params)


def talent(ctx: AnalysisContext, nodes: ir.Table, params: SecurityParams) -> ir.Table:
    """Talent to attract: the analytics inventor profiles with no local unit (``talent_to_attract``'s
    rule) whose main node is not 强链, ranked by units, then latest year."""
    profiles = inventor_profiles(ctx)
    outside = profiles.filter(~profiles.any_local.fill_null(False)).drop("any_local")
    weak = nodes.filter(nodes["class"] != STRENGTHEN).select(
        main_node="node_id", main_node_name=nodes.name_zh.fill_null(nodes.node_id), main_node_class=nodes["class"]
    )
    picked = outside.join(weak, "main_node")
    order = [ibis.desc(picked.units), ibis.desc(picked.last_year), picked.inventor_id]
    picked = picked.mutate(rank=ibis.row_number().over(order_by=order) + 1)
    return picked.filter(picked.rank <= params.top_talent).order_by("rank")
