"""Security and warning indicators in the one registry (families "security" and "warning").

Each is a view of ``ChainSecurity`` for the context's chain and region. Common parameters:
``country`` (domestic country, default the region's), ``weights`` (``SecurityParams``, a mapping
or a YAML path), ``as_of`` (date for terms, default today), ``litigants`` (holder names).
Formulas and default weights: docs/security.md.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import ibis.expr.types as ir

from chainnav.analytics.context import AnalysisContext
from chainnav.analytics.registry import indicator
from chainnav.security.model import ChainSecurity
from chainnav.security.params import SecurityParams, resolve_params

Weights = SecurityParams | dict[str, Any] | str | Path | None


def _model(ctx: AnalysisContext, country: str | None, weights: Weights, as_of: dt.date | None,
           litigants: Iterable[str] | None = None) -> ChainSecurity:
    return ChainSecurity(ctx, resolve_params(weights), country=country, as_of=as_of, litigants=litigants)


_NODE_SHARE_COLUMNS = (
    "node_id", "name_zh", "name_en", "segment", "filings", "local", "domestic", "foreign", "unknown_origin",
    "local_share", "domestic_share", "foreign_share", "high_value", "local_high_value", "domestic_high_value",
    "foreign_high_value", "local_high_value_share", "domestic_high_value_share", "foreign_high_value_share",
)


@indicator("node_origin_shares", family="security", unit="share 0-1", grain=("node_id",))
def node_origin_shares(ctx: AnalysisContext, country: str | None = None, weights: Weights = None,
                       as_of: dt.date | None = None) -> ir.Table:
    """Local, domestic and foreign shares of each node's filings and high-value filings.

    ``local_share = L_n / F_n``, ``domestic_share = D_n / F_n``, ``foreign_share = X_n / F_n`` where
    F_n counts the node's units, L_n those with a local origin, D_n a domestic one and X_n those
    with no domestic and a known foreign origin (unknown origins are in ``unknown_origin``).
    The same on high-value units (value score ≥ the chain's 80th percentile by default).
    Unit: the scope's counting unit. Source: GB/T 39551-2020 (区域对比); docs/security.md.
    """
    return _model(ctx, country, weights, as_of).scored.select(*_NODE_SHARE_COLUMNS).order_by("node_id")


@indicator("foreign_holder_hhi", family="security", unit="HHI 0-10000", grain=("node_id",))
def foreign_holder_hhi(ctx: AnalysisContext, country: str | None = None, weights: Weights = None,
                       as_of: dt.date | None = None) -> ir.Table:
    """Concentration of the foreign holders of each node: ``HHI = Σ_i s_i² × 10 000``.

    s_i = foreign units whose first holder is i / the node's foreign units. 10 000 = one foreign
    holder holds every foreign unit. With the top foreign holder and its share.
    Unit: the scope's counting unit. Source: Herfindahl–Hirschman index; docs/security.md.
    """
    t = _model(ctx, country, weights, as_of).scored
    return t.select("node_id", "foreign", "foreign_holders", "foreign_hhi", "top_foreign_holder",
                    "top_foreign_share").order_by("node_id")


@indicator("local_gap", family="security", unit="share difference", grain=("node_id",))
def local_gap(ctx: AnalysisContext, country: str | None = None, weights: Weights = None,
              as_of: dt.date | None = None) -> ir.Table:
    """The region's gap per node: ``local_gap = F_n / ΣF − L_n / ΣL`` and ``rta = (L_n/ΣL) / (F_n/ΣF)``.

    Positive gap (rta < 1): the node weighs more in the world's filings than in the region's.
    Sums run over the chain's node assignments. Unit: the scope's counting unit.
    Source: RTA after Soete (1987); docs/security.md.
    """
    t = _model(ctx, country, weights, as_of).scored
    return t.select("node_id", "world_share", "local_node_share", "local_gap", "rta").order_by("node_id")


@indicator("dependence_trend", family="security", unit="share 0-1", grain=("node_id", "year"))
def dependence_trend(ctx: AnalysisContext, country: str | None = None, weights: Weights = None,
                     as_of: dt.date | None = None) -> ir.Table:
    """Foreign and local shares of each node's units per application year (the dependence trend).

    ``foreign_share_y = X_ny / F_ny``, ``local_share_y = L_ny / F_ny``. The node table's
    ``dependence_trend`` compares the last two windows of ``window_years``.
    Unit: the scope's counting unit. Source: docs/security.md.
    """
    return _model(ctx, country, weights, as_of).trend()


@indicator("chokepoint_score", family="security", unit="score 0-100", grain=("node_id",))
def chokepoint_score(ctx: AnalysisContext, country: str | None = None, weights: Weights = None,
                     as_of: dt.date | None = None) -> ir.Table:
    """卡脖子 score: ``100 × (w_fs·foreign_share + w_fc·HHI/10 000 + w_lw/(1 + rta) + w_im·importance)``.

    importance = nodes depending on the node (later segments and tree ancestors) / (nodes − 1).
    Default weights 0.25, 0.25, 0.30, 0.20 (rescaled to sum 1). Rank 1 = most exposed.
    Source: docs/security.md.
    """
    t = _model(ctx, country, weights, as_of).scored
    return t.select(
        "node_id", "name_zh", "name_en", "segment", "c_foreign_share", "c_foreign_concentration",
        "c_local_weakness", "c_importance", "chokepoint", "chokepoint_rank",
    ).order_by(["chokepoint_rank", "node_id"])


@indicator("chokepoint_sensitivity", family="security", unit="rank", grain=("scenario", "node_id"))
def chokepoint_sensitivity(ctx: AnalysisContext, country: str | None = None, weights: Weights = None,
                           as_of: dt.date | None = None) -> ir.Table:
    """Chokepoint ranks when each weight moves by ± ``sensitivity_step`` (others rescaled to sum 1).

    ``rank_change = base_rank − rank`` (positive: the node moves up). Source: docs/security.md.
    """
    return _model(ctx, country, weights, as_of).sensitivity


@indicator("chain_class", family="security", unit="class", grain=("node_id",))
def chain_class(ctx: AnalysisContext, country: str | None = None, weights: Weights = None,
                as_of: dt.date | None = None) -> ir.Table:
    """强链 / 补链 / 延链 per node with the figures of the rule.

    强链: rta ≥ strong_rta (1.0) and local ≥ min_local (3). 延链: not 强链, recent ≥ min_recent
    (3), growing faster than the chain (or new) and next to a 强链 node. 补链: the rest.
    Source: 链长制 practice (强链补链延链); docs/security.md.
    """
    t = _model(ctx, country, weights, as_of).nodes
    return t.select(
        "node_id", "name_zh", "name_en", "class", "class_en", "rta", "local", "recent", "previous", "growth",
        "chain_growth", "strong_neighbours", "chokepoint", "chokepoint_rank",
    )


@indicator("chain_leader_candidates", family="security", unit="holders", grain=("holder_id",))
def chain_leader_candidates(ctx: AnalysisContext, country: str | None = None, weights: Weights = None,
                            as_of: dt.date | None = None) -> ir.Table:
    """链主 candidates: local firms by nodes led (top local holder), nodes spanned, high value, filings.

    Source: docs/security.md.
    """
    return _model(ctx, country, weights, as_of).chain_leaders()


@indicator("attract_firms", family="security", unit="units", grain=("node_id", "holder_id"))
def attract_firms(ctx: AnalysisContext, country: str | None = None, weights: Weights = None,
                  as_of: dt.date | None = None) -> ir.Table:
    """招商 targets: the strongest non-local firms of each 补链 node (by units, then high value).

    Source: docs/security.md.
    """
    return _model(ctx, country, weights, as_of).attract_firms()


@indicator("partner_candidates", family="security", unit="units", grain=("node_id", "holder_id"))
def partner_candidates(ctx: AnalysisContext, country: str | None = None, weights: Weights = None,
                       as_of: dt.date | None = None) -> ir.Table:
    """Universities and institutes with the strongest portfolios in 补链 and 延链 nodes.

    Source: docs/security.md.
    """
    return _model(ctx, country, weights, as_of).partners()


@indicator("security_talent", family="security", unit="units", grain=("rank",))
def security_talent(ctx: AnalysisContext, country: str | None = None, weights: Weights = None,
                    as_of: dt.date | None = None) -> ir.Table:
    """Talent to attract for the chain: inventors with no local unit whose main node is not 强链.

    Profiles from the analytics talent view (``talent_to_attract``'s rule). Source: docs/security.md.
    """
    return _model(ctx, country, weights, as_of).talent()


@indicator("risk_patents", family="warning", unit="patents", grain=("node_id", "patent_id"))
def risk_patents(ctx: AnalysisContext, country: str | None = None, weights: Weights = None,
                 as_of: dt.date | None = None, litigants: Iterable[str] | None = None) -> ir.Table:
    """专利预警 risk list: foreign units in force or pending, in nodes where local holders file, that
    are high-value or held by a listed litigant.

    In force: legal status ``active``; where the status is unknown, granted and within the
    statutory term (20 years; utility models 10, designs 15). Source: docs/security.md.
    """
    return _model(ctx, country, weights, as_of, litigants).risk_patents()


@indicator("free_to_use", family="warning", unit="patents", grain=("node_id", "patent_id"))
def free_to_use(ctx: AnalysisContext, country: str | None = None, weights: Weights = None,
                as_of: dt.date | None = None) -> ir.Table:
    """Free-to-use opportunities: lapsed, expired or soon-expiring patents in the chokepoint nodes
    (top third of the ranking). Source: docs/security.md.
    """
    return _model(ctx, country, weights, as_of).free_to_use()


@indicator("high_value_local", family="warning", unit="units", grain=("node_id", "holder_id"))
def high_value_local(ctx: AnalysisContext, country: str | None = None, weights: Weights = None,
                     as_of: dt.date | None = None) -> ir.Table:
    """High-value cultivation: local portfolios per node with their high-value units and whether
    they qualify (≥ portfolio_min_high_value). Source: docs/security.md.
    """
    return _model(ctx, country, weights, as_of).high_value_local()


@indicator("pledge_candidates", family="warning", unit="patents", grain=("patent_id",))
def pledge_candidates(ctx: AnalysisContext, country: str | None = None, weights: Weights = None,
                      as_of: dt.date | None = None) -> ir.Table:
    """质押融资 screening: local granted units in force, high-value, with ≥ pledge_min_years of term
    left; with value score, status, term and family size. Source: docs/security.md.
    """
    return _model(ctx, country, weights, as_of).pledge_candidates()
