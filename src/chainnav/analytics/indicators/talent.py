"""Talent indicators (创新人才分析): inventor counts, top inventors and teams, mobility, talent to attract.

Inventors are keyed by ``inventor_id = coalesce(entity_id, name_norm)``. An inventor's place is
the inventor's own address where the export has one, else the patent's origin
(``AnalysisContext.patent_origin``), and ``location_basis`` says which.
"""

from __future__ import annotations

import ibis
import ibis.expr.types as ir

from chainnav.analytics.context import AnalysisContext
from chainnav.analytics.grouping import with_group
from chainnav.analytics.registry import indicator
from chainnav.errors import ConfigError


def located_inventors(ctx: AnalysisContext) -> ir.Table:
    """Inventor rows with ``location_country``, ``location_region``, ``location_basis``, ``is_local``.

    Every talent indicator starts here; a caching context computes it once.
    """
    return ctx.cached("located_inventors", lambda: _located_inventors(ctx))


def _located_inventors(ctx: AnalysisContext) -> ir.Table:
    inv = ctx.inventors()
    origin = ctx.patent_origin().select("patent_id", "origin_country", "origin_region", "basis")
    t = inv.join(origin, "patent_id")
    own = t.country.notnull()
    t = t.mutate(
        location_country=ibis.cases((own, t.country), else_=t.origin_country),
        location_region=ibis.cases((own, t.region), else_=t.origin_region),
        location_basis=ibis.cases((own, "inventor_address"), else_=t.basis),
    )
    return t.mutate(is_local=ctx.is_local(t.location_country, t.location_region))


def _top(t: ir.Table, group: str, key: str, weight: str) -> ir.Table:
    """The ``key`` with the largest ``weight`` within each ``group`` (ties by key)."""
    w = ibis.window(group_by=t[group], order_by=[ibis.desc(t[weight]), t[key]])
    return t.mutate(rn=ibis.row_number().over(w)).filter(lambda x: x.rn == 0).drop("rn")


@indicator("inventor_counts", family="talent", unit="inventors", grain=("location", "node_id"))
def inventor_counts(ctx: AnalysisContext, level: str = "country", by: str | None = "node") -> ir.Table:
    """Inventors per place and node: ``inventors = count(DISTINCT inventor_id)``, ``units`` they filed.

    ``level``: ``"country"`` (location_country) or ``"region"`` (location_region, ISO 3166-2);
    ``by``: ``"node"`` (default), ``"segment"`` or None. ``inventors_per_unit`` = inventors / units.
    Unit: inventors (units in the scope's counting unit). Source: GB/T 39551-2020 (创新人才).
    """
    if level not in ("country", "region"):
        raise ConfigError(f"unknown level {level!r}", hint="Use level='country' or level='region'.")
    t = located_inventors(ctx)
    t = t.mutate(location=t.location_country if level == "country" else t.location_region)
    t, keys = with_group(ctx, t, by)
    out = t.group_by(["location", *keys]).aggregate(
        inventors=t.inventor_id.nunique(), units=t.unit_id.nunique()
    )
    out = out.mutate(inventors_per_unit=out.inventors.cast("float64") / out.units.cast("float64"))
    return out.order_by([*keys, ibis.desc("inventors"), "location"])


def inventor_profiles(ctx: AnalysisContext) -> ir.Table:
    """One row per inventor: units, nodes, first/last year, team size, main applicant and place.

    Shared by ``top_inventors``, ``inventor_teams`` and ``talent_to_attract`` (computed once by
    a caching context).
    """
    return ctx.cached("inventor_profiles", lambda: _inventor_profiles(ctx))


def _inventor_profiles(ctx: AnalysisContext) -> ir.Table:
    inv = located_inventors(ctx)
    base = inv.group_by("inventor_id").aggregate(
        display_name=inv.display_name.min(),
        units=inv.unit_id.nunique(),
        first_year=inv.application_year.min(),
        last_year=inv.application_year.max(),
        any_local=inv.is_local.any(),
    )
    nodes = ctx.patent_nodes().select("patent_id", "node_id")
    in_nodes = inv.select("inventor_id", "patent_id").join(nodes, "patent_id")
    node_counts = in_nodes.group_by("inventor_id").aggregate(nodes=in_nodes.node_id.nunique())
    top_node = _top(
        in_nodes.group_by(["inventor_id", "node_id"]).aggregate(n=in_nodes.patent_id.nunique()),
        "inventor_id", "node_id", "n",
    ).select("inventor_id", main_node="node_id")
    apps = ctx.applicants().select("patent_id", "player_id", "display_name", "unit_id")
    pairs = inv.select("inventor_id", "patent_id").join(apps, "patent_id")
    by_player = pairs.group_by(["inventor_id", "player_id"]).aggregate(
        n=pairs.unit_id.nunique(), applicant_name=pairs.display_name.min()
    )
    main_app = _top(by_player, "inventor_id", "player_id", "n").select(
        "inventor_id", main_applicant="applicant_name"
    )
    places = inv.group_by(["inventor_id", "location_country", "location_region", "location_basis"]).aggregate(
        n=inv.unit_id.nunique()
    )
    # the most frequent place; on a tie, the one known from an address, then by name
    basis_rank = ibis.cases(
        (places.location_basis == "inventor_address", 0), (places.location_basis == "applicant_address", 1),
        else_=2,
    )
    places = places.mutate(
        place=basis_rank.cast("string") + "|" + places.location_country.fill_null("")
        + "|" + places.location_region.fill_null("")
    )
    w = ibis.window(group_by=places.inventor_id, order_by=[ibis.desc(places.n), places.place])
    main_place = places.mutate(rn=ibis.row_number().over(w)).filter(lambda x: x.rn == 0).select(
        "inventor_id", "location_country", "location_region", "location_basis"
    )
    team = inv.select("inventor_id", "unit_id").distinct()
    mates = team.view()
    co = team.join(mates, (team.unit_id == mates.unit_id) & (team.inventor_id != mates.inventor_id))
    co = co.select(inventor_id=team.inventor_id, mate=mates.inventor_id)
    team_size = co.group_by("inventor_id").aggregate(co_inventors=co.mate.nunique())
    out = base
    for part in (node_counts, top_node, main_app, main_place, team_size):
        out = out.left_join(part, "inventor_id").drop("inventor_id_right")
    return out.mutate(nodes=out.nodes.fill_null(0), co_inventors=out.co_inventors.fill_null(0))


def _ranked(t: ir.Table, n: int) -> ir.Table:
    order = [ibis.desc(t.units), ibis.desc(t.last_year), t.inventor_id]
    t = t.mutate(rank=ibis.row_number().over(order_by=order) + 1)
    return t.filter(t.rank <= n).order_by("rank")


@indicator("top_inventors", family="talent", unit="units", grain=("rank",))
def top_inventors(ctx: AnalysisContext, n: int = 20) -> ir.Table:
    """The top ``n`` inventors by units: ``units_i = count(DISTINCT unit_id)`` naming inventor i.

    With ``nodes`` (distinct chain nodes), ``main_node``, ``main_applicant`` (the applicant
    sharing most units), ``co_inventors`` (team size: distinct co-inventors), first/last year and
    main place. Ranked by units, then latest year, then id.
    Unit: the scope's counting unit. Source: GB/T 39551-2020 (核心发明人).
    """
    return _ranked(inventor_profiles(ctx).drop("any_local"), n)


@indicator("inventor_teams", family="talent", unit="shared units", grain=("inventor_id", "co_inventor_id"))
def inventor_teams(ctx: AnalysisContext, n: int = 20, k: int = 5) -> ir.Table:
    """The teams of the top ``n`` inventors: each one's ``k`` most frequent co-inventors.

    ``shared_units`` = units naming both inventors; ``team_rank`` 1 = closest co-inventor.
    Unit: the scope's counting unit. Source: GB/T 39551-2020 (研发团队).
    """
    top = top_inventors(ctx, n=n).select("inventor_id", "display_name", inventor_rank="rank")
    inv = ctx.inventors().select("inventor_id", "display_name", "unit_id").distinct()
    mates = inv.view()
    co = inv.join(mates, (inv.unit_id == mates.unit_id) & (inv.inventor_id != mates.inventor_id))
    co = co.select(
        inventor_id=inv.inventor_id, unit_id=inv.unit_id, co_inventor_id=mates.inventor_id,
        co_inventor_name=mates.display_name,
    )
    pairs = co.group_by(["inventor_id", "co_inventor_id"]).aggregate(
        co_inventor_name=co.co_inventor_name.min(), shared_units=co.unit_id.nunique()
    )
    pairs = pairs.join(top, "inventor_id")
    w = ibis.window(group_by=pairs.inventor_id, order_by=[ibis.desc(pairs.shared_units), pairs.co_inventor_id])
    pairs = pairs.mutate(team_rank=ibis.row_number().over(w) + 1)
    return pairs.filter(pairs.team_rank <= k).order_by(["inventor_rank", "team_rank"])


@indicator("inventor_mobility", family="talent", unit="moves", grain=("inventor_id", "kind", "year"))
def inventor_mobility(ctx: AnalysisContext) -> ir.Table:
    """Inventors who moved between applicants, countries or regions.

    For each inventor and applicant (``kind = "applicant"``), country (``"country"``) or
    ISO 3166-2 region where known (``"region"``), take the first and last application year.
    Ordered by first year, a step from one to the next is a move when the next starts after
    the last year with the previous one (co-applicants of the same years are not moves).
    ``year`` = first year with the new applicant/place. Places that come from patent origins
    rather than inventor addresses are a proxy, named in ``location_basis``.
    Unit: inventors; years follow the scope's counting unit. Source: inventor mobility
    (Hoisl 2007, Research Policy 36; OECD Patent Statistics Manual 2009).
    """
    inv = located_inventors(ctx)
    apps = ctx.applicants().select("patent_id", "player_id", "display_name")
    with_app = inv.select("inventor_id", "patent_id", "application_year", inventor_name="display_name").join(
        apps, "patent_id"
    )
    spans = [
        with_app.group_by(["inventor_id", with_app.player_id.name("place")]).aggregate(
            inventor_name=with_app.inventor_name.min(),
            place_name=with_app.display_name.min(),
            year=with_app.application_year.min(),
            last_year=with_app.application_year.max(),
            location_basis=ibis.literal("applicant"),
        ).mutate(kind=ibis.literal("applicant"))
    ]
    for kind, column in (("country", "location_country"), ("region", "location_region")):
        located = inv.filter(inv[column].notnull()).mutate(place=inv[column])
        spans.append(
            located.group_by(["inventor_id", "place"]).aggregate(
                inventor_name=located.display_name.min(),
                place_name=located.place.min(),
                year=located.application_year.min(),
                last_year=located.application_year.max(),
                location_basis=located.location_basis.min(),
            ).mutate(kind=ibis.literal(kind))
        )
    steps = ibis.union(*[s.select(*spans[0].columns) for s in spans])
    w = ibis.window(group_by=[steps.inventor_id, steps.kind], order_by=[steps.year, steps.place])
    steps = steps.mutate(
        from_place=steps.place.lag().over(w),
        from_name=steps.place_name.lag().over(w),
        from_last_year=steps.last_year.lag().over(w),
    )
    moves = steps.filter(steps.from_place.notnull() & (steps.year > steps.from_last_year))
    return moves.select(
        "inventor_id", "inventor_name", "kind", "from_place", "from_name",
        to_place=moves.place, to_name=moves.place_name, year=moves.year, location_basis=moves.location_basis,
    ).order_by(["inventor_id", "kind", "year", "to_place"])


@indicator("talent_to_attract", family="talent", unit="units", grain=("rank",))
def talent_to_attract(ctx: AnalysisContext, n: int = 50) -> ir.Table:
    """Talent to attract (招才引智): productive inventors in the chain with no unit from the region.

    Inventors with ``any(is_local) = false`` over their in-scope units, ranked by units, then
    latest year, with main applicant, node and place. Needs ``--region``.
    Unit: the scope's counting unit. Source: GB/T 39551-2020 (人才引进 / 创新人才分析).
    """
    ctx.require_region()
    profiles = inventor_profiles(ctx)
    outside = profiles.filter(~profiles.any_local).drop("any_local")
    return _ranked(outside, n)
