"""Player indicators: top applicants, concentration (CR4/CR8, HHI), new entrants, applicant type mix.

Applicants are keyed by ``player_id = coalesce(entity_id, name_norm)``, so the figures improve
when entity disambiguation has run and hold before it. Co-applicants each get the full unit
(whole counting); shares divide by the sum over players so they add up to one.
"""

from __future__ import annotations

import ibis
import ibis.expr.types as ir

from chainnav.analytics.context import AnalysisContext
from chainnav.analytics.grouping import aggregate, group_keys, join_on, with_group
from chainnav.analytics.registry import indicator


def player_units(ctx: AnalysisContext, by: str | None) -> tuple[ir.Table, list[str]]:
    """Units per player (and group) with the player's share of the group: ``s_i = n_i / Σ_j n_j``.

    Shared by ``top_applicants``, ``hhi`` and ``concentration_ratio``: a caching context
    computes it once per grouping.
    """
    keys = group_keys(by)
    return ctx.cached(f"player_units:{by}", lambda: _player_units(ctx, by)), keys


def _player_units(ctx: AnalysisContext, by: str | None) -> ir.Table:
    t, keys = with_group(ctx, ctx.applicants(), by)
    counts = t.group_by([*keys, "player_id"]).aggregate(
        display_name=t.display_name.min(), entity_type=t.entity_type.min(), units=t.unit_id.nunique()
    )
    total = ibis.window(group_by=[counts[k] for k in keys]) if keys else ibis.window()
    counts = counts.mutate(share=counts.units.cast("float64") / counts.units.sum().over(total).cast("float64"))
    order = [ibis.desc(counts.units), counts.player_id]
    rank_window = ibis.window(group_by=[counts[k] for k in keys], order_by=order) if keys else ibis.window(order_by=order)
    return counts.mutate(rank=ibis.row_number().over(rank_window) + 1)


@indicator("top_applicants", family="players", unit="units", grain=("rank",))
def top_applicants(ctx: AnalysisContext, n: int = 10, by: str | None = None) -> ir.Table:
    """The top ``n`` applicants by units: ``units_i = count(DISTINCT unit_id)`` held by player i.

    ``share = units_i / Σ_j units_j``; ``rank`` 1 = most units, ties broken by player_id.
    ``by``: None, ``"node"`` (top n per node) or ``"segment"``.
    Unit: the scope's counting unit. Source: GB/T 39551-2020 (主要创新主体 / 申请人排名).
    """
    counts, keys = player_units(ctx, by)
    return counts.filter(counts.rank <= n).order_by([*keys, "rank"])


def _concentration(ctx: AnalysisContext, by: str | None) -> tuple[ir.Table, list[str]]:
    counts, keys = player_units(ctx, by)
    return ctx.cached(f"concentration:{by}", lambda: aggregate(
        counts,
        keys,
        players=counts.player_id.nunique(),
        units_held=counts.units.sum(),
        cr4=counts.share.sum(where=counts.rank <= 4),
        cr8=counts.share.sum(where=counts.rank <= 8),
        hhi=(counts.share * counts.share).sum() * 10000.0,
    )), keys


@indicator("hhi", family="players", unit="HHI 0-10000", grain=("node_id",))
def hhi(ctx: AnalysisContext, by: str | None = None) -> ir.Table:
    """Herfindahl-Hirschman index of applicant shares: ``HHI = Σ_i (100 · s_i)²`` (0-10000).

    ``s_i = units_i / Σ_j units_j`` over the group's applicants (whole counting). Above 2500 is
    highly concentrated, 1500-2500 moderately (US DOJ/FTC 2010 thresholds). Also returns
    ``players`` and ``units_held`` = Σ_j units_j. ``by``: None, ``"node"`` or ``"segment"``.
    Unit: the scope's counting unit. Source: Hirschman (1964); US DOJ/FTC Horizontal Merger
    Guidelines (2010) §5.3.
    """
    table, keys = _concentration(ctx, by)
    return table.select(*keys, "players", "units_held", "hhi").order_by(keys or ["hhi"])


@indicator("concentration_ratio", family="players", unit="share 0-1", grain=("node_id",))
def concentration_ratio(ctx: AnalysisContext, by: str | None = None) -> ir.Table:
    """Concentration ratios: ``CR4 = Σ_{rank ≤ 4} s_i`` and ``CR8 = Σ_{rank ≤ 8} s_i``.

    ``s_i = units_i / Σ_j units_j`` over the group's applicants, ranked by units.
    ``by``: None, ``"node"`` or ``"segment"``.
    Unit: the scope's counting unit. Source: Bain (1951) concentration ratio; GB/T 39551-2020.
    """
    table, keys = _concentration(ctx, by)
    return table.select(*keys, "players", "units_held", "cr4", "cr8").order_by(keys or ["cr4"])


@indicator("new_entrants", family="players", unit="applicants per year", grain=("year",))
def new_entrants(ctx: AnalysisContext, by: str | None = None) -> ir.Table:
    """New entrants per application year: applicants whose first in-scope unit was filed in y.

    ``entry_year_i = min(application_year)`` over player i's units; ``new_players(y) =
    |{i : entry_year_i = y}|``; ``active_players(y)`` = distinct players filing in y;
    ``entrant_share = new_players / active_players``. ``by``: None, ``"node"`` or ``"segment"``.
    Unit: applicants (the counting unit sets the years). Source: GB/T 39551-2020 (新进入者).
    """
    t, keys = with_group(ctx, ctx.applicants(), by)
    t = t.filter(t.application_year.notnull())
    active = t.group_by([*keys, t.application_year.name("year")]).aggregate(active_players=t.player_id.nunique())
    first = t.group_by([*keys, "player_id"]).aggregate(year=t.application_year.min())
    entrants = first.group_by([*keys, "year"]).aggregate(new_players=first.player_id.nunique())
    out = join_on(active, entrants, [*keys, "year"], how="left")
    out = out.mutate(new_players=out.new_players.fill_null(0))
    return out.mutate(
        entrant_share=out.new_players.cast("float64") / out.active_players.cast("float64"),
        incomplete=out.year > ctx.complete_until_year,
    ).order_by([*keys, "year"])


@indicator("applicant_type_mix", family="players", unit="units", grain=("entity_type",))
def applicant_type_mix(ctx: AnalysisContext, by: str | None = None) -> ir.Table:
    """Applicant type mix: units and applicants per type (company, university, research, individual…).

    ``units(type)`` = count(DISTINCT unit_id) with at least one applicant of the type;
    ``share = units(type) / Σ_type units(type)``; ``players`` = distinct applicants of the type.
    Type comes from the entity (after disambiguation) or the import's classification, else
    ``unknown``. ``by``: None, ``"node"`` or ``"segment"``.
    Unit: the scope's counting unit. Source: GB/T 39551-2020 (创新主体类型).
    """
    t, keys = with_group(ctx, ctx.applicants(), by)
    counts = t.group_by([*keys, "entity_type"]).aggregate(units=t.unit_id.nunique(), players=t.player_id.nunique())
    total = ibis.window(group_by=[counts[k] for k in keys]) if keys else ibis.window()
    return counts.mutate(
        share=counts.units.cast("float64") / counts.units.sum().over(total).cast("float64")
    ).order_by([*keys, ibis.desc("units"), "entity_type"])
