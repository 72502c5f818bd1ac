"""Trend indicators: filings per application and priority year, CAGR, technology lifecycle stage."""

from __future__ import annotations

import ibis
import ibis.expr.types as ir

from chainnav.analytics.context import AnalysisContext
from chainnav.analytics.grouping import aggregate, count_units, join_on, with_group
from chainnav.analytics.registry import indicator
from chainnav.errors import ConfigError

# Lifecycle thresholds (growth of the latest 3 years against the 3 before).
LIFECYCLE_WINDOW = 3
LIFECYCLE_EMERGING_SHARE = 0.10
LIFECYCLE_CHANGE = 0.10
LIFECYCLE_RULE = (
    "3-year windows W=[y-2,y], W'=[y-5,y-3]; gP, gA = growth of filings and of distinct applicants "
    "(sum of yearly counts) from W' to W; cum = filings up to y / all filings. "
    "emerging: cum < 10% or W' empty; growth: gP >= +10% and gA >= +10%; "
    "decline: gP <= -10% and gA <= -10%; otherwise mature"
)


def _by_year(ctx: AnalysisContext, year_col: str, by: str | None) -> ir.Table:
    t, keys = with_group(ctx, ctx.unit_patents(), by)
    t = t.mutate(year=t[year_col])
    counts = count_units(t.filter(t.year.notnull()), [*keys, "year"])
    return counts.mutate(incomplete=counts.year > ctx.complete_until_year).order_by([*keys, "year"])


@indicator("filings_by_year", family="trends", unit="units per year", grain=("year",))
def filings_by_year(ctx: AnalysisContext, by: str | None = None) -> ir.Table:
    """Filings per application year: ``units(y) = count(DISTINCT unit_id)`` with application year y.

    A unit's year is the earliest application year of its members (a family counts once, in the
    year of its first filing). ``incomplete`` flags years less than 18 months before the data
    cut-off (latest publication date), whose filings are not all published yet.
    ``by``: None (whole scope), ``"node"`` or ``"segment"``.
    Unit: the scope's counting unit. Source: GB/T 39551-2020 (专利申请趋势).
    """
    return _by_year(ctx, "application_year", by)


@indicator("filings_by_priority_year", family="trends", unit="units per year", grain=("year",))
def filings_by_priority_year(ctx: AnalysisContext, by: str | None = None) -> ir.Table:
    """Filings per earliest priority year: ``units(y) = count(DISTINCT unit_id)`` with priority year y.

    The priority year is the year of the earliest priority date (application date when there is
    none), the closest date to the invention; ``incomplete`` as in ``filings_by_year``.
    Unit: the scope's counting unit. Source: GB/T 39551-2020; OECD Patent Statistics Manual (2009).
    """
    return _by_year(ctx, "priority_year", by)


def cagr_window(ctx: AnalysisContext, start: int | None, end: int | None) -> tuple[int, int]:
    """The CAGR window: given, else the 5 years ending at the last complete year (within the scope)."""
    last = ctx.complete_until_year
    if ctx.scope.years:
        last = min(last, ctx.scope.years[1])
    end = end if end is not None else last
    if start is None:
        start = end - 5
        if ctx.scope.years:
            start = max(start, ctx.scope.years[0])
    if start >= end:
        raise ConfigError(f"CAGR window {start}-{end} is empty", hint="Pass start < end.")
    return start, end


@indicator("cagr", family="trends", unit="rate per year", grain=())
def cagr(ctx: AnalysisContext, start: int | None = None, end: int | None = None, by: str | None = None) -> ir.Table:
    """Compound annual growth rate of filings: ``CAGR = (N_end / N_start) ** (1 / (end - start)) - 1``.

    ``N_y`` is the number of units with application year y. Default window: the five years
    ending at the last complete year (18 months before the data cut-off). NULL when
    ``N_start = 0``. ``by``: None, ``"node"`` or ``"segment"``.
    Unit: the scope's counting unit. Source: standard CAGR definition, applied as in GB/T 39551-2020.
    """
    start, end = cagr_window(ctx, start, end)
    t, keys = with_group(ctx, ctx.unit_patents(), by)
    t = t.filter(t.application_year.isin([start, end]))
    counts = aggregate(
        t,
        keys,
        n_start=t.unit_id.nunique(where=t.application_year == start),
        n_end=t.unit_id.nunique(where=t.application_year == end),
    )
    if keys:
        # groups without a filing in either year still get a row (N = 0)
        base = with_group(ctx, ctx.unit_patents(), by)[0].select(*keys).distinct()
        counts = join_on(base, counts, keys, how="left")
        counts = counts.mutate(n_start=counts.n_start.fill_null(0), n_end=counts.n_end.fill_null(0))
    ratio = counts.n_end.cast("float64") / counts.n_start.nullif(0).cast("float64")
    out = counts.mutate(
        start_year=ibis.literal(start),
        end_year=ibis.literal(end),
        cagr=ratio.pow(1.0 / (end - start)) - 1.0,
    )
    return out.order_by(keys) if keys else out


@indicator("lifecycle", family="trends", unit="units and applicants per year", grain=("year",))
def lifecycle(ctx: AnalysisContext) -> ir.Table:
    """Technology lifecycle: filings and distinct applicants per application year, with the stage.

    ``units(y)`` = count(DISTINCT unit_id); ``applicants(y)`` = count(DISTINCT player_id) of
    the units filed in y. Stage rule (in column ``rule``): 3-year windows W = [y-2, y] and
    W' = [y-5, y-3]; gP = ΣW units / ΣW' units - 1, gA likewise for applicants;
    cum = Σ units up to y / Σ all units. emerging if cum < 10 % or W' is empty; growth if
    gP ≥ +10 % and gA ≥ +10 %; decline if gP ≤ -10 % and gA ≤ -10 %; otherwise mature.
    Unit: the scope's counting unit. Source: technology lifecycle (技术生命周期) analysis of
    GB/T 39551-2020 and the patent navigation guide series (applicants vs filings, 四阶段).
    """
    p = ctx.unit_patents()
    units = count_units(p.filter(p.application_year.notnull()), ["application_year"])
    a = ctx.applicants()
    players = a.group_by("application_year").aggregate(applicants=a.player_id.nunique())
    t = units.left_join(players, "application_year").drop("application_year_right")
    t = t.select(year=t.application_year, units=t.units, applicants=t.applicants.fill_null(0))
    w_recent = ibis.range_window(preceding=LIFECYCLE_WINDOW - 1, following=0, order_by=t.year)
    w_six = ibis.range_window(preceding=2 * LIFECYCLE_WINDOW - 1, following=0, order_by=t.year)
    w_cum = ibis.cumulative_window(order_by=t.year)
    t = t.mutate(
        p_recent=t.units.sum().over(w_recent),
        p_prior=t.units.sum().over(w_six) - t.units.sum().over(w_recent),
        a_recent=t.applicants.sum().over(w_recent),
        a_prior=t.applicants.sum().over(w_six) - t.applicants.sum().over(w_recent),
        cum_share=t.units.sum().over(w_cum).cast("float64") / t.units.sum().over().cast("float64"),
    )
    g_p = t.p_recent.cast("float64") / t.p_prior.nullif(0).cast("float64") - 1.0
    g_a = t.a_recent.cast("float64") / t.a_prior.nullif(0).cast("float64") - 1.0
    t = t.mutate(filings_growth=g_p, applicants_growth=g_a)
    stage = ibis.cases(
        ((t.cum_share < LIFECYCLE_EMERGING_SHARE) | (t.p_prior == 0), "emerging"),
        ((t.filings_growth >= LIFECYCLE_CHANGE) & (t.applicants_growth >= LIFECYCLE_CHANGE), "growth"),
        ((t.filings_growth <= -LIFECYCLE_CHANGE) & (t.applicants_growth <= -LIFECYCLE_CHANGE), "decline"),
        else_="mature",
    )
    return t.mutate(
        stage=stage, incomplete=t.year > ctx.complete_until_year, rule=ibis.literal(LIFECYCLE_RULE)
    ).order_by("year")
