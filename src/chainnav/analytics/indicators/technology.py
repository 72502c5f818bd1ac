"""Technology indicators: node mix, fastest-growing nodes and codes, code co-occurrence."""

from __future__ import annotations

import ibis
import ibis.expr.types as ir

from chainnav.analytics.context import AnalysisContext
from chainnav.analytics.registry import indicator
from chainnav.errors import ConfigError

CODE_LEVELS = ("section", "class", "subclass", "main_group", "code")


@indicator("node_mix", family="technology", unit="units", grain=("node_id",))
def node_mix(ctx: AnalysisContext) -> ir.Table:
    """Units per chain node: ``units_n = count(DISTINCT unit_id)`` classified to node n.

    ``share = units_n / units in the chain`` (a unit in two nodes counts in both, so shares may
    add up to more than one). Every node of the chain appears, with 0 when it has no units.
    Unit: the scope's counting unit. Source: GB/T 39551-2020 (产业链各环节专利分布).
    """
    t = ctx.unit_nodes()
    counts = t.group_by("node_id").aggregate(units=t.unit_id.nunique())
    total = ctx.unit_patents().aggregate(chain_units=lambda p: p.unit_id.nunique())
    nodes = ctx.chain_nodes().select("node_id", "parent_id", "segment", "name_zh", "name_en", "ord")
    out = nodes.left_join(counts, "node_id").drop("node_id_right").cross_join(total)
    out = out.mutate(units=out.units.fill_null(0))
    return out.mutate(share=out.units.cast("float64") / out.chain_units.nullif(0).cast("float64")).order_by(
        ["ord", "node_id"]
    )


def growth_window(ctx: AnalysisContext, window: int, end: int | None) -> tuple[int, int]:
    """(first year of the prior window, last year of the recent window)."""
    if window < 1:
        raise ConfigError(f"growth window {window} must be at least 1 year")
    last = end if end is not None else ctx.complete_until_year
    if ctx.scope.years:
        last = min(last, ctx.scope.years[1])
    return last - 2 * window + 1, last


def _growth(t: ir.Table, key: str, window: int, end: int, n: int | None) -> ir.Table:
    recent_from = end - window + 1
    t = t.filter(t.application_year.between(end - 2 * window + 1, end))
    out = t.group_by(key).aggregate(
        units_prior=t.unit_id.nunique(where=t.application_year < recent_from),
        units_recent=t.unit_id.nunique(where=t.application_year >= recent_from),
    )
    out = out.mutate(
        growth=out.units_recent.cast("float64") / out.units_prior.nullif(0).cast("float64") - 1.0,
        recent_from=ibis.literal(recent_from),
        recent_to=ibis.literal(end),
    )
    order = [ibis.desc(out.units_recent - out.units_prior), ibis.desc(out.units_recent), out[key]]
    out = out.mutate(rank=ibis.row_number().over(order_by=order) + 1)
    if n is not None:
        out = out.filter(out.rank <= n)
    return out.order_by("rank")


@indicator("node_growth", family="technology", unit="units", grain=("node_id",))
def node_growth(ctx: AnalysisContext, window: int = 3, end: int | None = None) -> ir.Table:
    """Fastest-growing nodes: units in the latest ``window`` complete years against the ``window`` before.

    ``units_recent`` = units with application year in [E-w+1, E]; ``units_prior`` in
    [E-2w+1, E-w]; ``growth = units_recent / units_prior - 1`` (NULL when prior is 0).
    E = the last complete year (18 months before the cut-off) or ``end``. Ranked by the
    absolute increase ``units_recent - units_prior`` (so tiny bases do not dominate).
    Unit: the scope's counting unit. Source: GB/T 39551-2020 (技术热点 / 增长点).
    """
    _, last = growth_window(ctx, window, end)
    return _growth(ctx.unit_nodes(), "node_id", window, last, None)


@indicator("code_growth", family="technology", unit="units", grain=("code",))
def code_growth(
    ctx: AnalysisContext, level: str = "main_group", scheme: str = "CPC", window: int = 3, n: int = 20,
    end: int | None = None,
) -> ir.Table:
    """Fastest-growing classification codes, same rule as ``node_growth`` (top ``n``).

    Codes at ``level`` (section, class, subclass, main_group or full code) of ``scheme`` (CPC or
    IPC); a unit counts once per code.
    Unit: the scope's counting unit. Source: GB/T 39551-2020 (技术热点).
    """
    _, last = growth_window(ctx, window, end)
    return _growth(unit_codes(ctx, level, scheme), "code", window, last, n)


def unit_codes(ctx: AnalysisContext, level: str, scheme: str) -> ir.Table:
    """Distinct (unit_id, code) pairs of in-scope patents at a classification level."""
    if level not in CODE_LEVELS:
        raise ConfigError(f"unknown code level {level!r}", hint=f"Use one of: {', '.join(CODE_LEVELS)}.")
    c = ctx.table("classification")
    c = c.filter((c.scheme == scheme.upper()) & c[level].notnull()).select("patent_id", code=c[level])
    p = ctx.unit_patents().select("patent_id", "unit_id", "application_year")
    t = c.join(p, "patent_id")
    return t.select("unit_id", "code", "application_year").distinct()


@indicator("code_cooccurrence", family="technology", unit="units", grain=("code_a", "code_b"))
def code_cooccurrence(
    ctx: AnalysisContext, level: str = "subclass", scheme: str = "CPC", n: int = 50, min_units: int = 2
) -> ir.Table:
    """Pairs of codes assigned together: ``units_ab`` = units carrying both code a and code b.

    ``jaccard = units_ab / (units_a + units_b - units_ab)``; pairs with ``code_a < code_b``,
    at least ``min_units`` shared units, top ``n`` by units_ab (ties by codes).
    Unit: the scope's counting unit. Source: co-classification analysis (Leydesdorff 2008,
    "Patent classifications as indicators of intellectual organization", JASIST 59(10)).
    """
    uc = unit_codes(ctx, level, scheme).select("unit_id", "code")
    other = uc.view()
    pairs = uc.join(other, (uc.unit_id == other.unit_id) & (uc.code < other.code))
    pairs = pairs.select(unit_id=uc.unit_id, code_a=uc.code, code_b=other.code)
    counts = pairs.group_by(["code_a", "code_b"]).aggregate(units_ab=pairs.unit_id.nunique())
    counts = counts.filter(counts.units_ab >= min_units)
    single = uc.group_by("code").aggregate(units=uc.unit_id.nunique())
    a = single.select(code_a=single.code, units_a=single.units)
    b = single.select(code_b=single.code, units_b=single.units)
    out = counts.join(a, "code_a").join(b, "code_b")
    out = out.mutate(
        jaccard=out.units_ab.cast("float64") / (out.units_a + out.units_b - out.units_ab).cast("float64")
    )
    order = [ibis.desc(out.units_ab), out.code_a, out.code_b]
    out = out.mutate(rank=ibis.row_number().over(order_by=order) + 1)
    return out.filter(out.rank <= n).order_by("rank")
