"""The per-node patent facts every security indicator aggregates: origin, holder, value, term.

One row per (chain node, counting unit), built on the analytics base expressions
(``AnalysisContext.patents / patent_nodes / patent_origin / applicants`` and the ``value_score``
indicator) so that "local", "unit" and "value" mean what they mean in every other chapter. A
unit is local (domestic) when any of its publications has a local (domestic) origin, foreign when
none is domestic and one has a known origin outside the country. The unit's representative
publication (granted first, then the earliest filed) gives its holder, status and term; its
``first_load_id`` is the earliest load that brought any of its publications.
"""

from __future__ import annotations

import datetime as dt

import ibis
import ibis.expr.types as ir

from chainnav.analytics.context import AnalysisContext
from chainnav.analytics.registry import get as get_indicator

#: Legal statuses after which a patent no longer restricts anyone.
DEAD_STATUSES = ("lapsed", "expired", "revoked", "withdrawn", "rejected")
#: Statutory term in years from the application date, by document type (inventions 20, CN
#: utility models 10, CN designs 15 since 2021-06-01). Other types count as inventions.
TERM_YEARS = {"invention": 20, "utility_model": 10, "design": 15}
#: Origins that are offices, not countries: a WO filing with no other clue has an unknown origin.
NOT_A_COUNTRY = ("WO",)
#: Applicant kinds: universities and institutes are partners; these kinds are not firms.
PARTNER_TYPES = ("university", "research")
NON_FIRM_TYPES = ("university", "research", "individual", "government")


def keep_left_join(left: ir.Table, right: ir.Table, key: str) -> ir.Table:
    """``left`` left-joined with ``right`` on ``key``, keeping one ``key`` column."""
    return left.left_join(right, key).drop(f"{key}_right")


def first_holders(ctx: AnalysisContext) -> ir.Table:
    """The first holder (applicant or assignee, lowest ``seq``) of each patent.

    ``holder_id`` is the analytics ``player_id`` (the entity when disambiguated, else the
    normalized name), ``holder_name`` its display name, ``holder_type`` its kind.
    """
    apps = ctx.applicants()
    rank = ibis.row_number().over(group_by=apps.patent_id, order_by=[apps.seq, apps.player_id])
    first = apps.mutate(_rank=rank).filter(lambda t: t._rank == 0)
    return first.select(
        "patent_id", holder_id="player_id", holder_name="display_name", holder_type="entity_type"
    )


def node_facts(ctx: AnalysisContext, *, country: str | None = None, high_value_quantile: float = 0.8,
               as_of: dt.date | None = None) -> ir.Table:
    """One row per (node, counting unit) of the scope's chain with the facts listed above.

    ``country`` defines "domestic" (default: the region's country); ``as_of`` is the date terms
    are measured against (default today); high value = value score ≥ the ``high_value_quantile``
    of the chain's unit scores.
    """
    ctx.require_chain()
    ctx.require_region()
    country = (country or ctx.scope.country or "").upper()
    as_of = as_of or dt.date.today()

    patents = ctx.patents()
    origin = ctx.patent_origin().drop("unit_id")
    origin = origin.mutate(
        is_domestic=(origin.origin_country == country).fill_null(False),
        is_foreign=(
            origin.origin_country.notnull() & (origin.origin_country != country)
            & ~origin.origin_country.isin(NOT_A_COUNTRY)
        ).fill_null(False),
    )
    pubs = ctx.patent_nodes().select("node_id", "patent_id").join(patents, "patent_id")
    pubs = keep_left_join(pubs, origin, "patent_id")
    pubs = keep_left_join(pubs, first_holders(ctx), "patent_id")

    per_unit = ibis.window(group_by=[pubs.node_id, pubs.unit_id])
    pubs = pubs.mutate(
        unit_local=pubs.is_local.any().over(per_unit),
        unit_domestic=pubs.is_domestic.any().over(per_unit),
        unit_foreign_origin=pubs.is_foreign.any().over(per_unit),
        unit_first_load=pubs.first_load_id.min().over(per_unit),
        _rank=ibis.row_number().over(
            group_by=[pubs.node_id, pubs.unit_id],
            order_by=[ibis.desc(pubs.is_grant.fill_null(False)), pubs.application_date, pubs.patent_id],
        ),
    )
    rep = pubs.filter(pubs._rank == 0)
    values = get_indicator("value_score")(ctx).select("unit_id", "value_score")
    facts = keep_left_join(rep, values, "unit_id")
    facts = facts.select(
        "node_id", "unit_id", "patent_id", "doc_type", "is_grant", "legal_status", "application_date",
        "family_size", "origin_country", "origin_region", "value_score",
        "holder_id", "holder_name", "holder_type",
        year=facts.application_year,
        origin_basis=facts.basis,
        first_load_id=facts.unit_first_load,
        is_local=facts.unit_local.fill_null(False),
        is_domestic=facts.unit_domestic.fill_null(False),
        is_foreign=(~facts.unit_domestic.fill_null(False) & facts.unit_foreign_origin.fill_null(False)),
    )

    term = facts.doc_type.cases(*TERM_YEARS.items(), else_=20)
    expiry = facts.application_date + term.cast("int32").as_interval("Y")
    status = facts.legal_status.fill_null("unknown")
    known_dead = status.isin(DEAD_STATUSES)
    today = ibis.date(as_of)
    facts = facts.mutate(
        expiry_date=expiry,
        in_force=ibis.cases(
            (status == "active", True),
            (known_dead | (status == "pending"), False),
            else_=(facts.is_grant.fill_null(False) & (expiry > today)).fill_null(False),
        ),
        status_basis=ibis.cases(
            (status.isin(("active", "pending", *DEAD_STATUSES)), "legal status"),
            else_="estimated from grant and statutory term",
        ),
        is_dead=known_dead | ((status == "unknown") & (expiry <= today)).fill_null(False),
        years_left=(expiry.epoch_days() - today.epoch_days()) / 365.25,
    )
    threshold = high_value_threshold(facts, high_value_quantile)
    return facts.cross_join(threshold).mutate(
        is_high_value=(facts.value_score >= threshold.value_threshold).fill_null(False)
    )


def high_value_threshold(facts: ir.Table, quantile: float) -> ir.Table:
    """One row, ``value_threshold``: the ``quantile`` of the value scores of the chain's distinct units."""
    units = facts.select("unit_id", "value_score").distinct()
    return units.aggregate(value_threshold=units.value_score.quantile(quantile))
