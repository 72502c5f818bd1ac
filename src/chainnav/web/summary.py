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
publication's holders' names, as the patent lists show them). ``web_party_name`` resolves a name as
written to its keys. The patent page reads ordered copies (migration 0605): ``web_patent_party``,
``web_patent_code``, ``web_patent_node``, ``web_citation_out`` and ``web_citation_in``; the search
page reads ``web_search`` (list fields, filing year, lower-cased title and abstract in one text).
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
VERSION = 9  # raised when the summaries' columns or rules change, so stores built before are rebuilt
CHAIN_WIDE = ""  # node_id of a chain's whole-chain rows
TABLES = ("web_member", "web_node_stat", "web_node_total", "web_node_player", "web_node_player_place", "web_node_subregion",
          "web_party", "web_patent_holders", "web_patent_party", "web_patent_code", "web_patent_node",
          "web_citation_out", "web_citation_in", "web_party_name", "web_node_rule", "web_search",
          "web_origin_player", "web_origin_subregion", "web_player_year", "web_player_node", "web_player_partner",
          "web_origin_year", "web_origin_node")


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
    node_window = {"group_by": ["chain_id", "node_id"]}
    newest = ibis.window(**node_window, order_by=[ibis.desc(m.application_date), m.patent_id])
    value = ibis.window(
        **node_window, order_by=[ibis.desc(m.cited_by_count.fill_null(0)), ibis.desc(m.family_size.fill_null(0)), m.patent_id]
    )
    member = m.select(
        "chain_id", "node_id", "patent_id", "application_date", "cited_by_count", "family_size", "is_grant",
        "legal_status", "origin_country", "origin_region", "applicants",
        newest_rank=ibis.row_number().over(newest) + 1, value_rank=ibis.row_number().over(value) + 1,
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
        "web_member": member.order_by([*order, "newest_rank"]),
        "web_node_stat": stat.order_by(order),
        "web_node_total": total.order_by(order),
        "web_node_player": player.select(
            "chain_id", "node_id", "kind", "key", "name", "country", "patents",
            rank=ibis.row_number().over(
                group_by=["chain_id", "node_id", "kind"], order_by=[ibis.desc(player.patents), player.key]
            ) + 1,
        ).order_by([*order, "kind", "rank"]),
        "web_node_player_place": place.order_by(order),
        "web_node_subregion": subregion.order_by(order),
        **_region_tables(members, origin, party, facts, nav.table("patent_node"), nav.table("chain_node")),
        **_player_tables(party, facts, nav.table("patent_node"), nav.table("chain_node")),
        "web_party": _party_lookup(party),
        "web_patent_holders": names.select("patent_id", "applicants").order_by("patent_id"),
        **_patent_lookups(nav, party),
    }


def _player_tables(party: ir.Table, facts: ir.Table, pn: ir.Table, cn: ir.Table) -> dict[str, ir.Table]:
    """Per player (kind, key): filings per year, top 20 nodes, top 10 partners (``web_player_*``)."""
    people = party.filter(party.role.isin((*HOLDER_ROLES, "inventor")))
    rows = people.select(
        "patent_id", "name_raw", kind=ibis.ifelse(people.role == "inventor", "inventor", "holder"), key=_player_key(people),
    )
    mine = rows.select("kind", "key", "patent_id").distinct()
    dated = mine.join(facts.select("patent_id", "year"), "patent_id")
    dated = dated.filter(dated.year.notnull())
    year = dated.group_by(["kind", "key", "year"]).aggregate(patents=dated.patent_id.nunique())
    nodes = pn.join(cn, ["chain_id", "node_id"]).select("patent_id", "chain_id", "node_id", "name_zh", "name_en")
    placed = mine.join(nodes, "patent_id")
    node = placed.group_by(["kind", "key", "chain_id", "node_id", "name_zh", "name_en"]).aggregate(
        patents=placed.patent_id.nunique()
    )
    node = node.mutate(rank=ibis.row_number().over(
        group_by=["kind", "key"], order_by=[ibis.desc(node.patents), node.node_id, node.chain_id]
    ) + 1)
    other = rows.select(o_kind="kind", partner="key", o_patent="patent_id", name="name_raw")
    pairs = mine.join(other, (mine.kind == other.o_kind) & (mine.patent_id == other.o_patent))
    pairs = pairs.filter(pairs.key != pairs.partner)
    partner = pairs.group_by(["kind", "key", "partner"]).aggregate(name=pairs.name.arbitrary(), patents=pairs.patent_id.nunique())
    partner = partner.mutate(rank=ibis.row_number().over(
        group_by=["kind", "key"], order_by=[ibis.desc(partner.patents), partner.partner]
    ) + 1)
    return {
        "web_player_year": year.order_by(["kind", "key", "year"]),
        "web_player_node": node.filter(node.rank <= 20).order_by(["kind", "key", "rank"]),
        "web_player_partner": partner.filter(partner.rank <= 10).order_by(["kind", "key", "rank"]),
    }


def _region_tables(
    members: ir.Table, origin: ir.Table, party: ir.Table, facts: ir.Table, pn: ir.Table, cn: ir.Table
) -> dict[str, ir.Table]:
    """Players, holder sub-regions, filings per year and node mix of the patents originating in each
    place (``web_origin_*``)."""
    chains = members.filter(members.node_id == CHAIN_WIDE).select("chain_id", "patent_id")
    whole = origin.select(
        "origin_country", "origin_region", patent_id=origin.patent_id.cast("string"), chain_id=ibis.literal(CHAIN_WIDE)
    )
    per_chain = origin.join(chains, "patent_id")
    scoped = whole.union(per_chain.select(
        "origin_country", "origin_region", patent_id=per_chain.patent_id.cast("string"), chain_id=per_chain.chain_id.cast("string")
    ))
    places = scoped.select("chain_id", "patent_id", place=scoped.origin_country).union(
        scoped.select("chain_id", "patent_id", place=scoped.origin_region)
    )
    places = places.filter(places.place.notnull())
    people = party.filter(party.role.isin((*HOLDER_ROLES, "inventor")))
    people = people.select(
        "patent_id", "name_raw", "country", "region", key=_player_key(people),
        kind=ibis.ifelse(people.role == "inventor", "inventor", "holder"),
    )
    t = people.join(places, "patent_id")
    located = ibis.ifelse(t.place.contains("-"), t.region == t.place, t.country == t.place).fill_null(False)
    player = t.group_by(["chain_id", "place", "kind", "key"]).aggregate(
        name=t.name_raw.arbitrary(), country=t.country.arbitrary(), patents=t.patent_id.nunique(), local=located.any(),
    )
    ranked = player.mutate(
        rank=ibis.row_number().over(group_by=["chain_id", "place", "kind"], order_by=[ibis.desc(player.patents), player.key]) + 1
    )
    held = t.filter((t.kind == "holder") & t.region.notnull() & ~t.place.contains("-"))
    subregion = held.group_by(["chain_id", "place", "region"]).aggregate(patents=held.patent_id.nunique())
    dated = places.join(facts.select("patent_id", "year"), "patent_id")
    dated = dated.filter(dated.year.notnull())
    year = dated.group_by(["chain_id", "place", "year"]).aggregate(patents=dated.patent_id.nunique())
    assigned = pn.join(cn, ["chain_id", "node_id"]).select(
        "patent_id", "node_id", "name_zh", "name_en", node_chain=pn.chain_id
    )
    placed = places.join(assigned, "patent_id")
    node = placed.group_by(["chain_id", "place", "node_chain", "node_id", "name_zh", "name_en"]).aggregate(
        patents=placed.patent_id.nunique()
    )
    node = node.mutate(rank=ibis.row_number().over(
        group_by=["chain_id", "place"], order_by=[ibis.desc(node.patents), node.node_id, node.node_chain]
    ) + 1)
    return {
        "web_origin_player": ranked.order_by(["chain_id", "place", "kind", "rank"]),
        "web_origin_subregion": subregion.order_by(["chain_id", "place"]),
        "web_origin_year": year.order_by(["chain_id", "place", "year"]),
        "web_origin_node": node.filter(node.rank <= 20).order_by(["chain_id", "place", "rank"]),
    }


def _search_table(patent: ir.Table) -> ir.Table:
    """Each publication's list fields, filing year and lower-cased title and abstract (``web_search``)."""
    text = patent.title.fill_null("").lower() + "\n" + patent.abstract.fill_null("").lower()
    return patent.select(
        "patent_id", "title", "application_date", "publication_date", "country", "doc_type", "legal_status",
        "cited_by_count", "family_size", year=_filing_year(patent), text=text,
    ).order_by("patent_id")


def _patent_lookups(nav: Navigator, party: ir.Table) -> dict[str, ir.Table]:
    """The patent page's ordered copies and the name look-up of the party pages."""
    cl, pn, cn, citation = nav.table("classification"), nav.table("patent_node"), nav.table("chain_node"), nav.table("citation")
    parties = party.select(
        "patent_id", "role", "seq", "name_raw", key=_player_key(party), country=party.country, region=party.region,
        city=party.city, entity_type=party.entity_type,
    )
    nodes = pn.join(cn, ["chain_id", "node_id"]).select(
        "patent_id", "chain_id", "node_id", "name_zh", "name_en", "segment", "rule_type", "rule_id", "score"
    )
    people = party.filter(party.role.isin((*HOLDER_ROLES, "inventor")))
    names = people.select(
        kind=ibis.ifelse(people.role == "inventor", "inventor", "holder"), name_upper=people.name_raw.upper(),
        key=_player_key(people),
    ).distinct()
    return {
        "web_patent_party": parties.order_by(["patent_id", "role", "seq"]),
        "web_patent_code": cl.select("patent_id", "scheme", "code", "position", "seq").order_by(["patent_id", "scheme", "seq", "code"]),
        "web_patent_node": nodes.order_by(["patent_id", "chain_id", "node_id", "rule_id"]),
        "web_citation_out": citation.select("citing_id", "cited_id", "category").order_by(["citing_id", "cited_id"]),
        "web_citation_in": citation.select("cited_id", "citing_id", "category").order_by(["cited_id", "citing_id"]),
        "web_party_name": names.order_by(["name_upper", "kind", "key"]),
        "web_search": _search_table(nav.table("patent")),
        "web_node_rule": pn.group_by(["chain_id", "node_id", "rule_type", "rule_id"])
        .aggregate(patents=pn.patent_id.nunique())
        .order_by(["chain_id", "node_id"]),
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
