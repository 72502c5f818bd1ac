"""Patent early warning (专利预警) and IP operations lists, each row with the criteria it met.

Risk list, free-to-use opportunities in chokepoint nodes, local high-value portfolios to cultivate
and pledge-financing (质押融资) candidates. In-force status comes from the legal status when the
source gives one, else it is estimated from the grant and the statutory term (column
``status_basis`` says which).
"""

from __future__ import annotations

from collections.abc import Iterable

import ibis
import ibis.expr.types as ir
import pyarrow as pa

from chainnav.security.params import SecurityParams


def name_key(name: ir.StringValue) -> ir.StringValue:
    """Upper-case name without spaces and punctuation, for matching a user-supplied list."""
    return name.upper().re_replace("[^0-9A-Z\u4e00-\u9fff]", "")


def litigant_table(names: Iterable[str]) -> ir.Table:
    """A user-supplied list of known litigants (诉讼主体) as a table of ``litigant`` names."""
    unique = sorted({n.strip() for n in names if n and n.strip()})
    t = ibis.memtable(pa.table({"litigant": pa.array(unique, pa.string())}))
    return t.mutate(litigant_key=name_key(t.litigant))


def _node_names(nodes: ir.Table) -> ir.Table:
    return nodes.select("node_id", node_name=nodes.name_zh.fill_null(nodes.node_id), node_rank=nodes.chokepoint_rank,
                        node_local=nodes.local)


def risk_patents(facts: ir.Table, nodes: ir.Table, litigants: ir.Table) -> ir.Table:
    """Foreign patents in force or pending, in nodes where local holders file, that are high-value
    or held by a listed litigant; ordered by node chokepoint rank then value score."""
    f = facts.join(_node_names(nodes), "node_id")
    f = f.mutate(holder_key=name_key(f.holder_name.fill_null("")))
    f = f.left_join(litigants, f.holder_key == litigants.litigant_key).drop("litigant_key", "holder_key")
    pending = f.legal_status.fill_null("") == "pending"
    f = f.filter(
        f.is_foreign & (f.in_force | pending) & (f.node_local > 0) & (f.is_high_value | f.litigant.notnull())
    )
    return f.select(
        "node_id", "node_name", "node_rank", "patent_id", "holder_name", "origin_country", "value_score",
        "value_threshold", "is_high_value", "legal_status", "in_force", "status_basis", "expiry_date",
        "litigant", local_filings_in_node="node_local", is_litigant=f.litigant.notnull(),
    ).order_by(["node_rank", "node_id", ibis.desc("value_score"), "patent_id"])


def free_to_use(facts: ir.Table, nodes: ir.Table, params: SecurityParams) -> ir.Table:
    """Patents lapsed, expired or expiring within ``expiring_years`` in the chokepoint nodes (the
    top ``chokepoint_top_share`` of the ranking, at least one node)."""
    names = _node_names(nodes)
    cutoff = (nodes.count() * params.chokepoint_top_share).ceil().as_scalar()
    chokepoints = names.filter(names.node_rank <= ibis.greatest(cutoff, 1))
    f = facts.join(chokepoints, "node_id")
    expiring = f.in_force & (f.years_left <= params.expiring_years)
    f = f.filter(f.is_dead | expiring)
    return f.select(
        "node_id", "node_name", "node_rank", "patent_id", "holder_name", "origin_country", "value_score",
        "legal_status", "status_basis", "expiry_date", "years_left",
        opportunity=ibis.cases((f.is_dead, "lapsed or expired"), else_="expiring"),
    ).order_by(["node_rank", "node_id", ibis.desc("value_score"), "patent_id"])


def high_value_local(facts: ir.Table, nodes: ir.Table, params: SecurityParams) -> ir.Table:
    """Per node and local holder with high-value patents: counts, mean value score of them, and
    whether the portfolio qualifies (at least ``portfolio_min_high_value`` high-value patents)."""
    f = facts.filter(facts.is_local & facts.holder_id.notnull())
    agg = f.group_by(["node_id", "holder_id"]).aggregate(
        holder_name=f.holder_name.min(),
        filings=f.count(),
        high_value=f.is_high_value.sum(),
        mean_high_value_score=f.value_score.mean(where=f.is_high_value),
        granted_high_value=(f.is_high_value & f.is_grant.fill_null(False)).sum(),
        value_threshold=f.value_threshold.max(),
    )
    agg = agg.filter(agg.high_value > 0).join(_node_names(nodes), "node_id")
    return agg.mutate(qualifies=agg.high_value >= params.portfolio_min_high_value).select(
        "node_id", "node_name", "holder_id", "holder_name", "filings", "high_value", "granted_high_value",
        "mean_high_value_score", "value_threshold", "qualifies",
    ).order_by(["node_id", ibis.desc("high_value"), "holder_id"])


def pledge_candidates(facts: ir.Table, params: SecurityParams) -> ir.Table:
    """Local granted patents in force, high-value, with at least ``pledge_min_years`` of term
    left; one row per patent with its nodes, value score, term, status and family size."""
    f = facts.filter(
        facts.is_local & facts.is_grant.fill_null(False) & facts.in_force & facts.is_high_value
        & (facts.years_left >= params.pledge_min_years)
    )
    agg = f.group_by("patent_id").aggregate(
        holder_name=f.holder_name.min(),
        nodes=f.node_id.collect(distinct=True).sort().join(", "),
        value_score=f.value_score.max(),
        value_threshold=f.value_threshold.max(),
        legal_status=f.legal_status.max(),
        status_basis=f.status_basis.max(),
        expiry_date=f.expiry_date.max(),
        years_left=f.years_left.max(),
        family_size=f.family_size.max(),
    )
    return agg.order_by([ibis.desc("value_score"), "patent_id"])
