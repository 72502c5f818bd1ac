"""Value indicators: forward citations, family size, claims, grant/legal status and a composite score.

The composite follows the OECD patent quality indicators (Squicciarini, Dernis & Criscuolo 2013,
OECD STI Working Paper 2013/03): each count component is divided by its maximum within the
cohort (patents of the same application year), the grant status is already on a 0-1 scale, and
the normalized components are averaged with weights. Components a record lacks (e.g. claims in a Lens export) are left out and the
remaining weights re-scaled, so a missing field does not count as zero.
"""

from __future__ import annotations

from collections.abc import Mapping

import ibis
import ibis.expr.types as ir

from chainnav.analytics.context import AnalysisContext
from chainnav.analytics.grouping import aggregate, with_group
from chainnav.analytics.registry import indicator
from chainnav.errors import ConfigError

DEFAULT_WEIGHTS: dict[str, float] = {
    "forward_citations": 0.40,
    "family_size": 0.25,
    "claims": 0.15,
    "grant_status": 0.20,
}
COMPONENTS = tuple(DEFAULT_WEIGHTS)
COUNT_COMPONENTS = ("forward_citations", "family_size", "claims")  # normalized by the cohort maximum

# The patent columns the components read (besides the keys and years of ``unit_patents``).
VALUE_COLUMNS = ("patent_id", "is_grant", "grant_date", "legal_status", "cited_by_count", "family_size", "num_claims")

# grant_status component: granted or in force 1, pending 0.5, dead without grant 0, unknown NULL
_PENDING = ("pending",)
_DEAD = ("lapsed", "expired", "revoked", "withdrawn", "rejected")


def resolve_weights(ctx: AnalysisContext, weights: Mapping[str, float] | None = None) -> dict[str, float]:
    """The weights to use: explicit argument, else the context's, else ``DEFAULT_WEIGHTS``."""
    chosen = dict(DEFAULT_WEIGHTS)
    chosen.update(weights or ctx.value_weights or {})
    unknown = set(chosen) - set(COMPONENTS)
    if unknown:
        raise ConfigError(
            f"unknown value-score component(s): {', '.join(sorted(unknown))}",
            hint=f"Weights may be given for: {', '.join(COMPONENTS)}.",
        )
    if any(w < 0 for w in chosen.values()) or sum(chosen.values()) <= 0:
        raise ConfigError("value-score weights must be non-negative and not all zero")
    return chosen


def _composite(t: ir.Table, cohort: str, weights: Mapping[str, float]) -> ir.Table:
    """Normalize each component by its cohort maximum and take the weighted mean of those present."""
    by_cohort = ibis.window(group_by=t[cohort])
    norms = {"grant_status_norm": t.grant_status.cast("float64")}  # already on a 0-1 scale
    for name in COUNT_COMPONENTS:
        value = t[name].cast("float64")
        top = value.max().over(by_cohort)
        norms[f"{name}_norm"] = ibis.cases((top > 0, value / top), (value.notnull(), 0.0), else_=ibis.null("float64"))
    t = t.mutate(**norms)
    numerator = ibis.literal(0.0)
    denominator = ibis.literal(0.0)
    for name in COMPONENTS:
        norm = t[f"{name}_norm"]
        numerator = numerator + norm.fill_null(0.0) * weights[name]
        denominator = denominator + ibis.cases((norm.notnull(), weights[name]), else_=0.0)
    return t.mutate(value_score=numerator / denominator.nullif(0.0))


def patent_value(ctx: AnalysisContext, weights: Mapping[str, float] | None = None) -> ir.Table:
    """Per-patent components and composite score (the base expression behind ``value_score``).

    - forward_citations: citations received in the store's ``citation`` table where the patent
      is cited there, else the export's ``cited_by_count``, else 0;
    - family_size: the export's ``family_size``, else the number of store patents sharing its
      ``family_id``, else 1 (the patent alone);
    - claims: ``num_claims`` (NULL when the export has none);
    - grant_status: 1 granted or active, 0.5 pending, 0 lapsed/expired/revoked/withdrawn/rejected
      without grant, NULL unknown.
    Cohort: the patent's own application year.
    """
    weights = resolve_weights(ctx, weights)
    # value_score, value_by_node and other capabilities' indicators all start from this table
    return ctx.cached("patent_value:" + repr(sorted(weights.items())), lambda: _patent_value(ctx, weights))


def _patent_value(ctx: AnalysisContext, weights: Mapping[str, float]) -> ir.Table:
    if ctx.cache:
        # the narrow materialized scope plus the few patent columns the score reads, rather than
        # materializing every column of every in-scope patent for this one table
        facts = ctx.table("patent").select(*VALUE_COLUMNS)
        p = ctx.unit_patents().join(facts, "patent_id")
    else:
        p = ctx.patents()
    # only citations of and families of in-scope patents survive the left joins below, so they
    # are cut down first instead of aggregating the whole store's citation and patent tables
    cites = ctx.table("citation")
    cites = cites.semi_join(p, cites.cited_id == p.patent_id)
    forward = cites.group_by(patent_id=cites.cited_id).aggregate(store_citations=cites.citing_id.nunique())
    everyone = ctx.table("patent")
    fam = everyone.filter(everyone.family_id.notnull())
    fam = fam.semi_join(p, fam.family_id == p.family_id)
    families = fam.group_by("family_id").aggregate(store_family_size=fam.patent_id.nunique())
    t = p.left_join(forward, "patent_id").drop("patent_id_right")
    t = t.left_join(families, "family_id").drop("family_id_right")
    granted = t.is_grant.fill_null(False) | t.grant_date.notnull() | (t.legal_status == "active")
    status = ibis.cases(
        (granted, 1.0),
        (t.legal_status.isin(_PENDING), 0.5),
        (t.legal_status.isin(_DEAD), 0.0),
        else_=ibis.null("float64"),
    )
    t = t.select(
        "patent_id",
        "unit_id",
        "application_year",
        cohort_year=t.own_application_year,
        forward_citations=t.store_citations.fill_null(t.cited_by_count).fill_null(0),
        citation_source=ibis.cases(
            (t.store_citations.notnull(), "citation_table"),
            (t.cited_by_count.notnull(), "export_count"),
            else_="none",
        ),
        family_size=t.family_size.fill_null(t.store_family_size).fill_null(1),
        claims=t.num_claims,
        grant_status=status,
    )
    return _composite(t, "cohort_year", weights)


@indicator("value_score", family="value", unit="score 0-1", grain=("unit_id",))
def value_score(ctx: AnalysisContext, weights: Mapping[str, float] | None = None) -> ir.Table:
    """Composite value score per counting unit, after the OECD patent quality indicators.

    Unit components: forward_citations = Σ over the unit's publications; family_size, claims and
    grant_status = their maximum. Each count component c is normalized within the cohort (units
    of the same application year): ``c_norm = c / max_cohort(c)`` (grant_status is used as is); then
    ``value_score = Σ_k w_k c_norm_k / Σ_k w_k`` over the components the unit has.
    Default weights: forward_citations 0.40, family_size 0.25, claims 0.15, grant_status 0.20
    (configurable). ``rank`` orders units by score (1 = highest).
    Unit: the scope's counting unit. Source: Squicciarini, Dernis & Criscuolo (2013), "Measuring
    Patent Quality: Indicators of Technological and Economic Value", OECD STI WP 2013/03.
    """
    weights = resolve_weights(ctx, weights)
    # value_by_node and other capabilities' indicators rank the same scores: computed once
    scored = ctx.cached("value_score:" + repr(sorted(weights.items())), lambda: _unit_scores(ctx, weights))
    return scored.order_by("rank")


def _unit_scores(ctx: AnalysisContext, weights: Mapping[str, float]) -> ir.Table:
    pv = patent_value(ctx, weights)
    units = pv.group_by("unit_id").aggregate(
        patent_id=pv.patent_id.min(),
        publications=pv.patent_id.nunique(),
        application_year=pv.application_year.min(),
        forward_citations=pv.forward_citations.sum(),
        family_size=pv.family_size.max(),
        claims=pv.claims.max(),
        grant_status=pv.grant_status.max(),
    )
    scored = _composite(units, "application_year", weights)
    return scored.mutate(rank=ibis.rank().over(order_by=[ibis.desc(scored.value_score), scored.unit_id]) + 1)


@indicator("value_by_node", family="value", unit="mean score 0-1", grain=("node_id",))
def value_by_node(ctx: AnalysisContext, by: str | None = "node", top_share: float = 0.10) -> ir.Table:
    """Value profile per node: mean value score and components, and the high-value share.

    ``high_value_units`` = units whose score is in the top ``top_share`` (default 10 %) of all
    in-scope units (``percent_rank ≥ 1 - top_share``); ``high_value_share`` = high_value_units /
    units. ``granted_share`` = units with grant_status = 1 / units.
    Unit: the scope's counting unit. Source: OECD patent quality indicators (2013); GB/T 39551-2020
    (高价值专利).
    """
    scored = value_score(ctx)
    scored = scored.mutate(
        high=ibis.percent_rank().over(order_by=scored.value_score) >= 1.0 - top_share
    )
    members = ctx.unit_patents().select("patent_id", "unit_id")
    t, keys = with_group(ctx, members, by)
    t = t.select(*keys, "unit_id").distinct()
    t = t.join(scored, "unit_id")
    return aggregate(
        t,
        keys,
        units=t.unit_id.nunique(),
        mean_value_score=t.value_score.mean(),
        mean_forward_citations=t.forward_citations.mean(),
        mean_family_size=t.family_size.mean(),
        mean_claims=t.claims.mean(),
        granted_share=(t.grant_status == 1.0).cast("int64").sum().cast("float64") / t.unit_id.count().cast("float64"),
        high_value_units=t.high.cast("int64").sum(),
    ).mutate(high_value_share=lambda x: x.high_value_units.cast("float64") / x.units.cast("float64")).order_by(
        keys or ["units"]
    )
