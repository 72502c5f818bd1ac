"""Geography indicators: units by origin country and region (with the basis used), local share, RTA.

The origin of each patent comes from ``AnalysisContext.patent_origin``: applicant address where
the export has one, else technology origin (office of first priority), else filing market. Every
table counts how many units rest on each basis, so a reader sees what "country" means.
"""

from __future__ import annotations

import ibis
import ibis.expr.types as ir

from chainnav.analytics.context import (
    BASIS_APPLICANT,
    BASIS_MARKET,
    BASIS_TECHNOLOGY,
    AnalysisContext,
)
from chainnav.analytics.grouping import aggregate, with_group
from chainnav.analytics.registry import indicator
from chainnav.errors import ConfigError


def _basis_counts(t: ir.Table) -> dict[str, ir.Value]:
    return {
        "units_applicant_address": t.unit_id.nunique(where=t.basis == BASIS_APPLICANT),
        "units_technology_origin": t.unit_id.nunique(where=t.basis == BASIS_TECHNOLOGY),
        "units_filing_market": t.unit_id.nunique(where=t.basis == BASIS_MARKET),
    }


def _with_share(t: ir.Table, keys: list[str]) -> ir.Table:
    total = ibis.window(group_by=[t[k] for k in keys]) if keys else ibis.window()
    return t.mutate(share=t.units.cast("float64") / t.units.sum().over(total).cast("float64"))


@indicator("by_country", family="geography", unit="units", grain=("origin_country",))
def by_country(ctx: AnalysisContext, by: str | None = None) -> ir.Table:
    """Units per origin country: ``units_c = count(DISTINCT unit_id)`` with origin country c.

    ``share = units_c / Σ_c units_c``; ``units_<basis>`` columns count how many of the units got
    their country from the applicant address, the technology origin (office of first priority,
    技术来源国) or the filing market (受理局). A family filed in two markets counts in both on the
    filing-market basis. ``by``: None, ``"node"`` or ``"segment"``.
    Unit: the scope's counting unit. Source: GB/T 39551-2020 (区域分布); OECD Patent Statistics
    Manual (2009) (country of inventor/applicant/priority).
    """
    t, keys = with_group(ctx, ctx.patent_origin(), by)
    counts = t.group_by([*keys, "origin_country"]).aggregate(units=t.unit_id.nunique(), **_basis_counts(t))
    return _with_share(counts, keys).order_by([*keys, ibis.desc("units"), "origin_country"])


@indicator("by_region", family="geography", unit="units", grain=("origin_country", "origin_region"))
def by_region(ctx: AnalysisContext, by: str | None = None) -> ir.Table:
    """Units per origin region (ISO 3166-2, e.g. CN-GD, US-CA) within each country.

    ``units_r = count(DISTINCT unit_id)`` with origin region r; ``share = units_r / Σ units``.
    Regions are known only from applicant addresses; units whose origin has no region are
    counted in a row with ``origin_region`` NULL (known to the country only), so the basis
    columns show the coverage. ``by``: None, ``"node"`` or ``"segment"``.
    Unit: the scope's counting unit. Source: GB/T 39551-2020 (区域分布, 省市).
    """
    t, keys = with_group(ctx, ctx.patent_origin(), by)
    counts = t.group_by([*keys, "origin_country", "origin_region"]).aggregate(
        units=t.unit_id.nunique(), **_basis_counts(t)
    )
    return _with_share(counts, keys).order_by([*keys, ibis.desc("units"), "origin_country", "origin_region"])


@indicator("local_share", family="geography", unit="share 0-1", grain=("node_id",))
def local_share(ctx: AnalysisContext, by: str | None = "node") -> ir.Table:
    """The region of interest against the world: ``local_share = local units / all units``.

    ``local_units`` = units with at least one publication whose origin is in the region;
    ``domestic_units`` likewise for the region's country; ``foreign_units`` = units with no
    domestic publication. Needs ``--region``. ``by``: ``"node"`` (default), ``"segment"`` or None.
    Unit: the scope's counting unit. Source: GB/T 39551-2020 (区域与全球对比).
    """
    ctx.require_region()
    t, keys = with_group(ctx, ctx.patent_origin(), by)
    per_unit = t.group_by([*keys, "unit_id"]).aggregate(local=t.is_local.any(), domestic=t.is_domestic.any())
    out = aggregate(
        per_unit,
        keys,
        units=per_unit.unit_id.nunique(),
        local_units=per_unit.unit_id.nunique(where=per_unit.local),
        domestic_units=per_unit.unit_id.nunique(where=per_unit.domestic),
        foreign_units=per_unit.unit_id.nunique(where=~per_unit.domestic),
    )
    return out.mutate(
        local_share=out.local_units.cast("float64") / out.units.cast("float64"),
        domestic_share=out.domestic_units.cast("float64") / out.units.cast("float64"),
    ).order_by(keys or ["units"])


@indicator("rta", family="geography", unit="index (1 = world average)", grain=("origin", "node_id"))
def rta(ctx: AnalysisContext, level: str = "country", by: str = "node") -> ir.Table:
    """Revealed Technological Advantage per origin × node: ``RTA = (P_rn / P_r) / (P_n / P)``.

    ``P_rn`` units of origin r in node n; ``P_r`` units of r across the chain; ``P_n`` units in
    node n; ``P`` all units. RTA > 1: r is relatively specialised in n. ``level``: ``"country"``
    (origin country) or ``"region"`` (ISO 3166-2 region, applicant addresses only).
    Unit: the scope's counting unit. Source: Soete (1987), Research Policy 16; OECD Patent Statistics Manual (2009).
    """
    if level not in ("country", "region"):
        raise ConfigError(f"unknown RTA level {level!r}", hint="Use level='country' or level='region'.")
    origin = ctx.patent_origin()
    origin = origin.mutate(origin=origin.origin_country if level == "country" else origin.origin_region)
    origin = origin.filter(origin.origin.notnull())
    t, keys = with_group(ctx, origin, by)
    key = keys[0]
    p_rn = t.group_by(["origin", key]).aggregate(p_rn=t.unit_id.nunique())
    p_r = t.group_by("origin").aggregate(p_r=t.unit_id.nunique())
    p_n = t.group_by(key).aggregate(p_n=t.unit_id.nunique())
    p_all = t.aggregate(p=t.unit_id.nunique())
    out = p_rn.join(p_r, "origin").join(p_n, key).cross_join(p_all)
    ratio = (out.p_rn.cast("float64") / out.p_r.cast("float64")) / (out.p_n.cast("float64") / out.p.cast("float64"))
    return out.mutate(level=ibis.literal(level), rta=ratio).order_by(["origin", key])
