"""Precomputed per-chain and per-node summaries, so chain, node and region-of-interest figures are lookups.

The chain and node pages aggregate a chain's members (trends, origins, holders, inventors); over a
store of a million publications that is seconds per page. ``refresh_summaries`` rebuilds the
``web_*`` summary tables of migration 0602 from the store in one transaction of set-based
``INSERT … SELECT`` statements (compiled from Ibis expressions), after ``web_patent_origin``, whenever
the store's stamp — which, unlike the origin's, also covers classifications — changed. Pages read
the summaries only while they are fresh (``summaries_are_fresh``) and otherwise compute directly.

Every table is keyed by (chain, node); node ``''`` is the whole chain (the distinct union of its
nodes' patents, as the chain page counts them). Origins are stored per row rather than a "local"
flag, so any region of interest is a filter on the summary.

Two store-wide tables serve the applicant, inventor, region and search pages: ``web_party`` (each
applicant or inventor row with its key, ordered by key) and ``web_patent_holders`` (each
publication's holders' names, as the patent lists show them).
"""

from __future__ import annotations

import time

import ibis
import ibis.expr.types as ir

from chainnav.analytics.context import HOLDER_ROLES
from chainnav.errors import ChainnavError
from chainnav.navigator import Navigator
from chainnav.web.index import ORIGIN, is_fresh, replace_tables, store_stamp

SUMMARY = "web_summary"
VERSION = 3  # raised when the summaries' columns or rules change, so stores built before are rebuilt
CHAIN_WIDE = ""  # node_id of a chain's whole-chain rows
TABLES = ("web_member", "web_node_stat", "web_node_total", "web_node_player", "web_node_player_place", "web_node_subregion",
          "web_party", "web_patent_holders")


def summary_stamp(nav: Navigator) -> str:
    """The store stamp plus the classifications (which change chain pages without changing patents)
    and the summaries' version."""
    row = nav.con.cursor().execute(
        "SELECT (SELECT count(*) FROM patent_node), (SELECT max(classified_at) FROM chain), (SELECT count(*) FROM chain)"
    ).fetchall()[0]
    return f"v{VERSION}:" + store_stamp(nav) + ":" + ":".join(str(v) for v in row)


def summaries_are_fresh(nav: Navigator) -> bool:
    """True when the summary tables were built from the store as it is now."""
    return is_fresh(nav, SUMMARY, summary_stamp(nav))


def _filing_year(p: ir.Table) -> ir.IntegerValue:
    return ibis.coalesce(p.application_date, p.priority_date, p.publication_date).year()


def _player_key(party: ir.Table) -> ir.StringValue:
    return ibis.coalesce(party.entity_id, party.name_norm, party.name_raw.upper())


def summary_expressions(nav: Navigator) -> dict[str, ir.Table]:
    """The select of each summary table, in its column order, from the store's tables."""
    try:
        pn = nav.table("patent_node_tree")
    except ChainnavError:  # a store without the chains module's view: direct assignments only
        pn = nav.table("patent_node")
    by_node = pn.select("chain_id", "node_id", "patent_id").distinct()
    whole = pn.select("chain_id", "patent_id").distinct().mutate(node_id=ibis.literal(CHAIN_WIDE))
    members = by_node.union(whole.select("chain_id", "node_id", "patent_id"))
    patent, origin, party = nav.table("patent"), nav.table(ORIGIN), nav.table("party")
    facts = patent.select(
        "patent_id", "application_date", "cited_by_count", "family_size", "is_grant", "legal_status",
        family_key=ibis.coalesce(patent.family_id, patent.patent_id), year=_filing_year(patent),
    )
    m = members.join(facts, "patent_id").left_join(origin.select("patent_id", "origin_country", "origin_region"), "patent_id")
    m = m.drop("patent_id_right")
    holders = party.filter(party.role.isin(HOLDER_ROLES))
    # each name once, at its first position, as the pages list a patent's holders
    named = holders.group_by(["patent_id", "name_raw"]).aggregate(first=holders.seq.min())
    names = named.group_by("patent_id").aggregate(
        applicants=named.name_raw.group_concat("; ", order_by=[named.first, named.name_raw])
    )
    m = m.left_join(names, "patent_id").drop("patent_id_right")
    member = m.select(
        "chain_id", "node_id", "patent_id", "application_date", "cited_by_count", "family_size", "is_grant",
        "legal_status", "origin_country", "origin_region", "applicants",
    )
    stat = m.group_by(["chain_id", "node_id", "year", "origin_country", "origin_region"]).aggregate(patents=m.count())
    held = holders.join(members, "patent_id").mutate(key=_player_key(holders))
    applicants = held.group_by(["chain_id", "node_id"]).aggregate(applicants=held.key.nunique())
    totals = m.group_by(["chain_id", "node_id"]).aggregate(
        patents=m.count(),
        families=m.family_key.nunique(),
        granted=m.count(where=m.is_grant.fill_null(False)),
        first_year=m.year.min(),
        last_year=m.year.max(),
    )
    totals = totals.left_join(applicants, ["chain_id", "node_id"])
    total = totals.select(
        "chain_id", "node_id", "patents", "families", "granted", "first_year", "last_year",
        applicants=totals.applicants.fill_null(0),
    )
    people = party.filter(party.role.isin((*HOLDER_ROLES, "inventor")))
    people = people.join(members, "patent_id").mutate(
        key=_player_key(people), kind=ibis.ifelse(people.role == "inventor", "inventor", "holder")
    )
    player = people.group_by(["chain_id", "node_id", "kind", "key"]).aggregate(
        name=people.name_raw.arbitrary(), country=people.country.arbitrary(), patents=people.patent_id.nunique()
    )
    place = people.filter(people.country.notnull() | people.region.notnull())
    place = place.select("chain_id", "node_id", "kind", "key", "country", "region").distinct()
    sub = held.filter(held.region.notnull())
    subregion = sub.group_by(["chain_id", "node_id", "region"]).aggregate(patents=sub.patent_id.nunique())
    order = ["chain_id", "node_id"]
    return {
        "web_member": member.order_by(order),
        "web_node_stat": stat.order_by(order),
        "web_node_total": total.order_by(order),
        "web_node_player": player.select("chain_id", "node_id", "kind", "key", "name", "country", "patents").order_by(order),
        "web_node_player_place": place.order_by(order),
        "web_node_subregion": subregion.order_by(order),
        "web_party": _party_lookup(party),
        "web_patent_holders": names.select("patent_id", "applicants").order_by("patent_id"),
    }


def _party_lookup(party: ir.Table) -> ir.Table:
    """Applicant and inventor rows with their key, ordered by key (one player's rows sit together)."""
    people = party.filter(party.role.isin((*HOLDER_ROLES, "inventor")))
    lookup = people.select(
        kind=ibis.ifelse(people.role == "inventor", "inventor", "holder"),
        key=_player_key(people),
        name_upper=people.name_raw.upper(),
        patent_id=people.patent_id,
        name_raw=people.name_raw,
        country=people.country,
        region=people.region,
        entity_type=people.entity_type,
    )
    return lookup.order_by(["key", "kind", "patent_id"])


def refresh_summaries(nav: Navigator, *, force: bool = False) -> float | None:
    """Rebuild the summary tables when stale (or ``force``); returns seconds taken, None when fresh.

    Needs a fresh ``web_patent_origin`` (``index.refresh_origin`` runs first).
    """
    if nav.read_only or (not force and summaries_are_fresh(nav)):
        return None
    started = time.perf_counter()
    selects = {name: str(nav.ibis.compile(expr)) for name, expr in summary_expressions(nav).items()}
    return replace_tables(nav, selects, state_key=SUMMARY, stamp=summary_stamp(nav), started=started)
