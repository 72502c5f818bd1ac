"""One data function per page: each computes its page's data once, as plain JSON-ready dicts.

HTML, ``.json``, ``.csv`` and ``.xlsx`` are renderers over these results (see ``render.py``), so a
number on a page and in the API can never disagree. Every query is an Ibis expression run by the
bounded ``QueryRunner``. Counts on pages are publications (one row of ``patent``); families are
shown beside them where the page gives key indicators.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import ibis
import ibis.expr.types as ir
import yaml

from chainnav.analytics.context import HOLDER_ROLES, AnalysisContext, Scope
from chainnav.errors import NotFoundError
from chainnav.web.query import QueryRunner
from chainnav.web.summary import CHAIN_WIDE

TOP = 10
LOOKUP_IDS = 500  # pages up to this many rows look their holders up by a literal list of ids
LEGAL_STATUSES = ("pending", "active", "lapsed", "expired", "revoked", "withdrawn", "rejected", "unknown")
SORTS = {
    "newest": ("application_date", True),
    "oldest": ("application_date", False),
    "cited": ("cited_by_count", True),
    "family": ("family_size", True),
    "id": ("patent_id", False),
}
PATENT_LIST_COLUMNS = (
    "patent_id",
    "title",
    "applicants",
    "application_date",
    "publication_date",
    "country",
    "doc_type",
    "legal_status",
    "cited_by_count",
    "family_size",
)
# the patent-table columns read from ``patent`` (applicants are added per page)
LIST_FIELDS = tuple(c for c in PATENT_LIST_COLUMNS if c != "applicants")
_PATENT_ID_RE = re.compile(r"^[A-Z]{2}\d{4,}[A-Z]\d?$")
REGION_RE = re.compile(r"^[A-Z]{2}(-[A-Z0-9]{1,3})?$")


@dataclass(frozen=True)
class Paging:
    page: int = 1
    size: int = 20

    @property
    def offset(self) -> int:
        return (self.page - 1) * self.size


# -- shared expressions ----------------------------------------------------------------------------
def filing_year(p: ir.Table) -> ir.IntegerValue:
    """The filing year of a publication: application date, else priority, else publication date."""
    return ibis.coalesce(p.application_date, p.priority_date, p.publication_date).year()


def player_key(party: ir.Table) -> ir.StringValue:
    """The key of an applicant or inventor, the same rule as the analytics' ``player_id``."""
    return ibis.coalesce(party.entity_id, party.name_norm, party.name_raw.upper())


def in_region(party: ir.Table, region: str) -> ir.BooleanValue:
    """Party located in ``region``: an ISO 3166-1 country (``CN``) or ISO 3166-2 region (``CN-GD``)."""
    if "-" in region:
        return party.region == region
    return party.country == region


def _holders(q: QueryRunner) -> ir.Table:
    party = q.table("party")
    return party.filter(party.role.isin(HOLDER_ROLES))


def _people(q: QueryRunner, kind: str) -> ir.Table:
    """Holders (``kind`` "holder") or inventors with their ``key``: the ``web_party`` summary while
    it is fresh, else party with the key computed per row."""
    if q.summary_indexed:
        wp = q.table("web_party")
        return wp.filter(wp.kind == kind)
    party = q.table("party")
    roles = HOLDER_ROLES if kind == "holder" else ("inventor",)
    people = party.filter(party.role.isin(roles))
    return people.mutate(key=player_key(people), name_upper=people.name_raw.upper())


def _membership(q: QueryRunner) -> ir.Table:
    """(chain, node, patent) with each node's descendants' patents rolled up, when the store has the view."""
    if q.has_table("patent_node_tree"):
        return q.table("patent_node_tree")
    return q.table("patent_node").select("chain_id", "node_id", "patent_id")


def _chain_members(q: QueryRunner, chain_id: str, node_id: str | None = None) -> ir.Table:
    pn = _membership(q)
    members = pn.filter(pn.chain_id == chain_id)
    if node_id is not None:
        members = members.filter(members.node_id == node_id)
    return members.select("patent_id").distinct()


class _RunnerTables:
    """Lets the analytics context build its expressions from the runner's cached table schemas."""

    def __init__(self, runner: QueryRunner) -> None:
        self.runner = runner

    def table(self, name: str) -> ir.Table:
        return self.runner.table(name)


def _origin(q: QueryRunner, region: str | None, chain_id: str | None = None) -> ir.Table:
    """Each patent's origin as the analytics define it (first holder's address, else technology
    origin, else filing office), with ``is_local`` for the region of interest.

    Read from the ``web_patent_origin`` summary when it is fresh (see ``index.py``), else computed.
    """
    if not q.origin_indexed:
        scope = Scope(chain_id=chain_id, region=region, unit="publication")
        return AnalysisContext(_RunnerTables(q), scope).patent_origin()  # type: ignore[arg-type]
    origin = q.table("web_patent_origin")
    if chain_id:
        origin = origin.semi_join(_chain_members(q, chain_id), "patent_id")
    if region is None:
        is_local = ibis.null().cast("boolean")
    elif "-" in region:
        is_local = (origin.origin_region == region).fill_null(False)
    else:
        is_local = (origin.origin_country == region).fill_null(False)
    return origin.mutate(is_local=is_local)


def _local_patents(q: QueryRunner, region: str, chain_id: str | None = None) -> ir.Table:
    origin = _origin(q, region, chain_id)
    return origin.filter(origin.is_local).select("patent_id")


def _by_year(q: QueryRunner, patents: ir.Table) -> list[dict[str, Any]]:
    """Filings per year, with the years between the first and the last present as zeros."""
    t = patents.mutate(year=filing_year(patents))
    t = t.filter(t.year.notnull()).group_by("year").aggregate(patents=t.patent_id.nunique())
    counts = {row["year"]: row["patents"] for row in q.rows(t)}
    if not counts:
        return []
    return [{"year": year, "patents": counts.get(year, 0)} for year in range(min(counts), max(counts) + 1)]


def _top_people(
    q: QueryRunner, kind: str, members: ir.Table, region: str | None, limit: int = TOP
) -> list[dict[str, Any]]:
    """The most frequent holders (``kind="holder"``) or inventors of ``members``, with a local flag."""
    t = _people(q, kind).semi_join(members, "patent_id")
    agg = t.group_by("key").aggregate(
        name=t.name_raw.arbitrary(),
        country=t.country.arbitrary(),
        patents=t.patent_id.nunique(),
        local=(in_region(t, region).fill_null(False).any() if region else ibis.literal(False).any()),
    )
    return q.rows(agg.order_by([ibis.desc("patents"), "key"]).limit(limit))


def _by_country(q: QueryRunner, members: ir.Table, limit: int = 15) -> list[dict[str, Any]]:
    """Patents by country of origin (see ``_origin``)."""
    origin = _origin(q, None).semi_join(members, "patent_id")
    origin = origin.filter(origin.origin_country.notnull())
    agg = origin.group_by(country=origin.origin_country).aggregate(patents=origin.patent_id.nunique())
    return q.rows(agg.order_by([ibis.desc("patents"), "country"]).limit(limit))


def _by_subregion(q: QueryRunner, members: ir.Table, limit: int = 15) -> list[dict[str, Any]]:
    holders = _people(q, "holder")
    t = holders.semi_join(members, "patent_id").filter(holders.region.notnull())
    agg = t.group_by("region").aggregate(patents=t.patent_id.nunique())
    return q.rows(agg.order_by([ibis.desc("patents"), "region"]).limit(limit))


# -- summary reads (summary.py): chain and node figures as lookups, used while the summaries are fresh
def _is_origin_in(t: ir.Table, region: str) -> ir.BooleanValue:
    column = t.origin_region if "-" in region else t.origin_country
    return (column == region).fill_null(False)


def _stat(q: QueryRunner, chain_id: str, node_id: str) -> ir.Table:
    s = q.table("web_node_stat")
    return s.filter((s.chain_id == chain_id) & (s.node_id == node_id))


def _summed(column: ir.IntegerColumn, where: ir.BooleanValue | None = None) -> ir.IntegerScalar:
    return column.sum(where=where).fill_null(0).cast("int64")


def _local_count_s(q: QueryRunner, chain_id: str, node_id: str, region: str) -> int:
    s = _stat(q, chain_id, node_id)
    return int(q.scalar(_summed(s.patents, _is_origin_in(s, region))) or 0)


def _by_year_s(q: QueryRunner, chain_id: str, node_id: str) -> list[dict[str, Any]]:
    s = _stat(q, chain_id, node_id)
    s = s.filter(s.year.notnull())
    counts = {row["year"]: row["patents"] for row in q.rows(s.group_by("year").aggregate(patents=_summed(s.patents)))}
    if not counts:
        return []
    return [{"year": year, "patents": counts.get(year, 0)} for year in range(min(counts), max(counts) + 1)]


def _by_country_s(q: QueryRunner, chain_id: str, node_id: str, limit: int = 15) -> list[dict[str, Any]]:
    s = _stat(q, chain_id, node_id)
    s = s.filter(s.origin_country.notnull())
    agg = s.group_by(country=s.origin_country).aggregate(patents=_summed(s.patents))
    return q.rows(agg.order_by([ibis.desc("patents"), "country"]).limit(limit))


def _by_subregion_s(q: QueryRunner, chain_id: str, node_id: str, limit: int = 15) -> list[dict[str, Any]]:
    s = q.table("web_node_subregion")
    s = s.filter((s.chain_id == chain_id) & (s.node_id == node_id))
    return q.rows(s.select("region", "patents").order_by([ibis.desc("patents"), "region"]).limit(limit))


def _top_players_s(
    q: QueryRunner, chain_id: str, node_id: str, kind: str, region: str | None, limit: int = TOP
) -> list[dict[str, Any]]:
    """Top holders or inventors of a node from ``web_node_player``, the local flag from their places."""
    p = q.table("web_node_player")
    p = p.filter((p.chain_id == chain_id) & (p.node_id == node_id) & (p.kind == kind))
    rows = q.rows(p.select("key", "name", "country", "patents").order_by([ibis.desc("patents"), "key"]).limit(limit))
    local: set[str] = set()
    if region and rows:
        pl = q.table("web_node_player_place")
        pl = pl.filter(
            (pl.chain_id == chain_id) & (pl.node_id == node_id) & (pl.kind == kind)
            & pl.key.isin([row["key"] for row in rows]) & in_region(pl, region).fill_null(False)
        )
        local = {row["key"] for row in q.rows(pl.select("key").distinct())}
    return [{**row, "local": row["key"] in local} for row in rows]


def _member_rows(q: QueryRunner, members: ir.Table, keys: list[Any], limit: int, offset: int = 0) -> list[dict[str, Any]]:
    """Patent rows of ``limit`` summary members in ``keys`` order from ``offset``, with their holders.

    The order and the holders' names come from ``web_member`` (one node's rows); only the chosen
    patents are then read from ``patent``.
    """
    chosen = q.rows(members.order_by(keys).limit(limit, offset=offset).select("patent_id", "applicants"))
    if not chosen:
        return []
    patent = q.table("patent")
    found = {
        row["patent_id"]: row
        for row in q.rows(patent.filter(patent.patent_id.isin([c["patent_id"] for c in chosen])).select(*LIST_FIELDS))
    }
    return [{**found[c["patent_id"]], "applicants": c["applicants"] or ""} for c in chosen]


def _with_applicants(q: QueryRunner, rows: list[dict[str, Any]], page: ir.Table) -> list[dict[str, Any]]:
    """Add the holders' names to a page of patent rows; ``page`` is the expression that gave the rows.

    Read from ``web_patent_holders`` while the summaries are fresh, else from party. Large pages look
    the names up with a semi-join on the page's expression rather than a literal list of ids, so an
    export of 10,000 rows stays one short SQL statement.
    """
    if not rows:
        return rows
    if q.summary_indexed:
        joined = q.table("web_patent_holders")
        if len(rows) <= LOOKUP_IDS:  # a literal list prunes the table (ordered by patent_id) to a few row groups
            joined = joined.filter(joined.patent_id.isin([row["patent_id"] for row in rows]))
        else:  # an export: joining on the page's expression keeps the statement short
            joined = joined.semi_join(page.select("patent_id"), "patent_id")
        found = {row["patent_id"]: row["applicants"] or "" for row in q.rows(joined)}
        return [{**row, "applicants": found.get(row["patent_id"], "")} for row in rows]
    holders = _holders(q)
    mine = holders.semi_join(page.select("patent_id"), "patent_id")
    names: dict[str, list[str]] = {}
    for row in q.rows(mine.order_by(["patent_id", "seq"]).select("patent_id", "name_raw")):
        kept = names.setdefault(row["patent_id"], [])
        if row["name_raw"] not in kept:
            kept.append(row["name_raw"])
    return [{**row, "applicants": "; ".join(names.get(row["patent_id"], []))} for row in rows]


def _patent_page(
    q: QueryRunner, patents: ir.Table, paging: Paging, sort: str = "newest"
) -> tuple[int, list[dict[str, Any]]]:
    """Total and one page of patent rows (with applicants) from a filtered ``patent`` expression."""
    total = int(q.scalar(patents.count()) or 0)
    column, descending = SORTS[sort]
    keys = [ibis.desc(column) if descending else ibis.asc(column)]
    if column != "patent_id":  # ties broken by publication number, so pages never overlap
        keys.append(ibis.asc("patent_id"))
    page = patents.select(*LIST_FIELDS).order_by(keys).limit(paging.size, offset=paging.offset)
    rows = _with_applicants(q, q.rows(page), page)
    return total, [{c: row.get(c) for c in PATENT_LIST_COLUMNS} for row in rows]


def find_chain(q: QueryRunner, chain_id: str) -> dict[str, Any]:
    chain = q.table("chain")
    rows = q.rows(chain.filter(chain.chain_id == chain_id))
    if not rows:
        raise NotFoundError(f"no chain {chain_id!r} in this store", hint="The home page lists the chains.")
    return rows[0]


def _node_rules(definition: str | None, node_id: str) -> dict[str, Any]:
    """The rules of one node as written in the chain's YAML (what selected its patents)."""
    if not definition:
        return {}
    try:
        data = yaml.safe_load(definition) or {}
    except yaml.YAMLError:
        return {}
    for node in data.get("nodes", []) if isinstance(data, dict) else []:
        if isinstance(node, dict) and node.get("id") == node_id:
            rules = node.get("rules") or {}
            return rules if isinstance(rules, dict) else {}
    return {}


# -- pages -----------------------------------------------------------------------------------------
def home_data(q: QueryRunner) -> dict[str, Any]:
    """The chains with their sizes and last classification, and the store's totals."""
    chain, pn, cn, patent = q.table("chain"), q.table("patent_node"), q.table("chain_node"), q.table("patent")
    if q.summary_indexed:
        total = q.table("web_node_total")
        total = total.filter(total.node_id == CHAIN_WIDE)
        sizes, families = total.select("chain_id", "patents"), total.select("chain_id", "families")
    else:
        sizes = pn.group_by("chain_id").aggregate(patents=pn.patent_id.nunique())
        members = pn.select("chain_id", "patent_id").distinct().join(patent.select("patent_id", "family_id"), "patent_id")
        families = members.group_by("chain_id").aggregate(
            families=ibis.coalesce(members.family_id, members.patent_id).nunique()
        )
    nodes = cn.group_by("chain_id").aggregate(nodes=cn.node_id.count())
    t = chain.left_join(sizes, "chain_id").drop("chain_id_right")
    t = t.left_join(families, "chain_id").drop("chain_id_right")
    t = t.left_join(nodes, "chain_id").drop("chain_id_right")
    t = t.select(
        "chain_id", "name_zh", "name_en", "version", "classified_at",
        patents=t.patents.fill_null(0), families=t.families.fill_null(0), nodes=t.nodes.fill_null(0),
    )
    load = q.table("load")
    return {
        "chains": q.rows(t.order_by("chain_id")),
        "store": {
            "patents": int(q.scalar(patent.count()) or 0),
            "loads": int(q.scalar(load.count()) or 0),
            "last_load": q.scalar(load.finished_at.max()),
        },
    }


def _chain_data_s(q: QueryRunner, chain_row: dict[str, Any], region: str) -> dict[str, Any]:
    """The chain page from the summaries: the same figures as ``chain_data`` computes directly."""
    chain_id = chain_row["chain_id"]
    cn, s = q.table("chain_node"), q.table("web_node_stat")
    s = s.filter((s.chain_id == chain_id) & (s.node_id != CHAIN_WIDE))
    per_node = s.group_by("node_id").aggregate(
        patents=_summed(s.patents), local_patents=_summed(s.patents, _is_origin_in(s, region))
    )
    node_rows = q.rows(_node_table(cn, chain_id, per_node))
    total = q.table("web_node_total")
    found = q.rows(
        total.filter((total.chain_id == chain_id) & (total.node_id == CHAIN_WIDE)).select(
            "patents", "families", "granted", "first_year", "last_year", "applicants"
        )
    )
    indicators = found[0] if found else {
        "patents": 0, "families": 0, "granted": 0, "first_year": None, "last_year": None, "applicants": 0
    }
    local_count = _local_count_s(q, chain_id, CHAIN_WIDE, region)
    indicators["local_patents"] = local_count
    indicators["local_share"] = local_count / indicators["patents"] if indicators["patents"] else None
    return _chain_page(
        chain_row, region, indicators, node_rows,
        trend=_by_year_s(q, chain_id, CHAIN_WIDE),
        applicants=_top_players_s(q, chain_id, CHAIN_WIDE, "holder", region),
        countries=_by_country_s(q, chain_id, CHAIN_WIDE),
    )


def _node_table(cn: ir.Table, chain_id: str, per_node: ir.Table) -> ir.Table:
    nodes = cn.filter(cn.chain_id == chain_id).left_join(per_node, "node_id").drop("node_id_right")
    nodes = nodes.mutate(patents=nodes.patents.fill_null(0), local_patents=nodes.local_patents.fill_null(0))
    nodes = nodes.mutate(
        local_share=ibis.ifelse(nodes.patents > 0, nodes.local_patents / nodes.patents, ibis.null())
    )
    return nodes.order_by(["ord", "node_id"]).drop("chain_id")


def _chain_page(
    chain_row: dict[str, Any], region: str, indicators: dict[str, Any], node_rows: list[dict[str, Any]], **charts: Any
) -> dict[str, Any]:
    segments: dict[str, int] = {}
    for row in node_rows:
        segments[row["segment"]] = segments.get(row["segment"], 0) + int(row["patents"] or 0)
    return {
        "chain": {k: v for k, v in chain_row.items() if k != "definition"},
        "region": region,
        "indicators": indicators,
        "nodes": node_rows,
        "segments": [{"segment": k, "patents": v} for k, v in segments.items()],
        **charts,
    }


def chain_data(q: QueryRunner, chain_id: str, region: str) -> dict[str, Any]:
    """Chain page: nodes with filings and local share (the map), key indicators and charts' data."""
    chain_row = find_chain(q, chain_id)
    if q.summary_indexed:
        return _chain_data_s(q, chain_row, region)
    cn, patent = q.table("chain_node"), q.table("patent")
    members = _chain_members(q, chain_id)
    local = _local_patents(q, region, chain_id)
    tree = _membership(q)
    node_members = tree.filter(tree.chain_id == chain_id).select("node_id", "patent_id").distinct()
    flagged = node_members.left_join(local.mutate(is_local=ibis.literal(True)), "patent_id")
    per_node = flagged.group_by("node_id").aggregate(
        patents=flagged.count(),
        local_patents=flagged.count(where=flagged.is_local.fill_null(False)),
    )
    node_rows = q.rows(_node_table(cn, chain_id, per_node))
    in_chain = patent.semi_join(members, "patent_id")
    indicators = q.rows(
        in_chain.aggregate(
            patents=in_chain.patent_id.count(),
            families=ibis.coalesce(in_chain.family_id, in_chain.patent_id).nunique(),
            granted=in_chain.count(where=in_chain.is_grant.fill_null(False)),
            first_year=filing_year(in_chain).min(),
            last_year=filing_year(in_chain).max(),
        )
    )[0]
    local_count = int(q.scalar(members.semi_join(local, "patent_id").count()) or 0)
    holders = _holders(q).semi_join(members, "patent_id")
    indicators["applicants"] = int(q.scalar(player_key(holders).nunique()) or 0)
    indicators["local_patents"] = local_count
    indicators["local_share"] = local_count / indicators["patents"] if indicators["patents"] else None
    return _chain_page(
        chain_row, region, indicators, node_rows,
        trend=_by_year(q, in_chain),
        applicants=_top_people(q, "holder", members, region),
        countries=_by_country(q, members),
    )


def _node_data_s(
    q: QueryRunner, chain_id: str, node_id: str, region: str, paging: Paging, chain_row: dict[str, Any],
    rule_hits: list[dict[str, Any]],
) -> dict[str, Any]:
    """The node page's figures and lists from the summaries (the same as ``node_data`` computes directly)."""
    m = q.table("web_member")
    m = m.filter((m.chain_id == chain_id) & (m.node_id == node_id))
    value_order = [ibis.desc(m.cited_by_count.fill_null(0)), ibis.desc(m.family_size.fill_null(0)), "patent_id"]
    foreign = m.filter(~_is_origin_in(m, region))
    foreign = foreign.filter(foreign.is_grant.fill_null(False) | (foreign.legal_status == "active"))
    foreign = foreign.filter(~foreign.legal_status.isin(("expired", "lapsed", "revoked", "withdrawn")).fill_null(False))
    total = int(q.scalar(m.count()) or 0)
    column, descending = SORTS["newest"]
    list_order = [ibis.desc(column) if descending else ibis.asc(column), ibis.asc("patent_id")]
    rows = _member_rows(q, m, list_order, paging.size, paging.offset)
    local_count = _local_count_s(q, chain_id, node_id, region)
    return {
        "indicators": {
            "patents": total,
            "local_patents": local_count,
            "local_share": local_count / total if total else None,
        },
        "rules": _node_rules(chain_row.get("definition"), node_id),
        "rule_hits": rule_hits,
        "trend": _by_year_s(q, chain_id, node_id),
        "applicants": _top_players_s(q, chain_id, node_id, "holder", region),
        "countries": _by_country_s(q, chain_id, node_id),
        "regions": _by_subregion_s(q, chain_id, node_id),
        "inventors": _top_players_s(q, chain_id, node_id, "inventor", region),
        "high_value": _member_rows(q, m, value_order, TOP),
        "risk": _member_rows(q, foreign, [ibis.desc(foreign.cited_by_count.fill_null(0)), ibis.desc(foreign.family_size.fill_null(0)), "patent_id"], TOP),
        "total": total,
        "page": paging.page,
        "size": paging.size,
        "rows": [{c: row.get(c) for c in PATENT_LIST_COLUMNS} for row in rows],
    }


def node_data(q: QueryRunner, chain_id: str, node_id: str, region: str, paging: Paging) -> dict[str, Any]:
    """Node page: trend, players, regions, talent, high-value patents, risk list, rules, patents."""
    chain_row = find_chain(q, chain_id)
    cn, pn, patent = q.table("chain_node"), q.table("patent_node"), q.table("patent")
    found = q.rows(cn.filter((cn.chain_id == chain_id) & (cn.node_id == node_id)).drop("chain_id"))
    if not found:
        raise NotFoundError(
            f"no node {node_id!r} in chain {chain_id!r}", hint="The chain page lists its nodes."
        )
    node = found[0]
    children = q.rows(
        cn.filter((cn.chain_id == chain_id) & (cn.parent_id == node_id))
        .order_by(["ord", "node_id"])
        .select("node_id", "name_zh", "name_en")
    )
    hits = pn.filter((pn.chain_id == chain_id) & (pn.node_id == node_id))
    rule_hits = q.rows(
        hits.group_by(["rule_type", "rule_id"]).aggregate(patents=hits.patent_id.nunique()).order_by([ibis.desc("patents"), "rule_id"])
    )
    head = {
        "chain": {k: chain_row[k] for k in ("chain_id", "name_zh", "name_en", "version")},
        "node": node,
        "children": children,
        "region": region,
    }
    if q.summary_indexed:
        return head | _node_data_s(q, chain_id, node_id, region, paging, chain_row, rule_hits)
    members = _chain_members(q, chain_id, node_id)
    in_node = patent.semi_join(members, "patent_id")
    value_order = [ibis.desc(in_node.cited_by_count.fill_null(0)), ibis.desc(in_node.family_size.fill_null(0)), "patent_id"]
    top_value = in_node.order_by(value_order).select(*LIST_FIELDS).limit(TOP)
    high_value = _with_applicants(q, q.rows(top_value), top_value)
    local = _local_patents(q, region)
    foreign = in_node.anti_join(local, "patent_id")
    foreign = foreign.filter(foreign.is_grant.fill_null(False) | (foreign.legal_status == "active"))
    foreign = foreign.filter(~foreign.legal_status.isin(("expired", "lapsed", "revoked", "withdrawn")).fill_null(False))
    top_risk = (
        foreign.order_by(
            [ibis.desc(foreign.cited_by_count.fill_null(0)), ibis.desc(foreign.family_size.fill_null(0)), "patent_id"]
        )
        .select(*LIST_FIELDS)
        .limit(TOP)
    )
    risk = _with_applicants(q, q.rows(top_risk), top_risk)
    total, rows = _patent_page(q, in_node, paging)
    local_count = int(q.scalar(members.semi_join(local, "patent_id").count()) or 0)
    return head | {
        "indicators": {
            "patents": total,
            "local_patents": local_count,
            "local_share": local_count / total if total else None,
        },
        "rules": _node_rules(chain_row.get("definition"), node_id),
        "rule_hits": rule_hits,
        "trend": _by_year(q, in_node),
        "applicants": _top_people(q, "holder", members, region),
        "countries": _by_country(q, members),
        "regions": _by_subregion(q, members),
        "inventors": _top_people(q, "inventor", members, region),
        "high_value": high_value,
        "risk": risk,
        "total": total,
        "page": paging.page,
        "size": paging.size,
        "rows": rows,
    }


def patent_data(q: QueryRunner, patent_id: str) -> dict[str, Any]:
    """Patent page: bibliographic data, codes, parties, priorities, chain nodes with rules, citations."""
    patent = q.table("patent")
    found = q.rows(patent.filter(patent.patent_id == patent_id))
    if not found:
        raise NotFoundError(f"no patent {patent_id!r} in this store", hint="Search for it on the search page.")
    cl, party, pc = q.table("classification"), q.table("party"), q.table("priority_claim")
    pn, cn, citation = q.table("patent_node"), q.table("chain_node"), q.table("citation")
    nodes = pn.filter(pn.patent_id == patent_id).join(cn, ["chain_id", "node_id"])
    known = patent.select(known_id=patent.patent_id, known_title=patent.title)
    cited = citation.filter(citation.citing_id == patent_id)
    cited = cited.left_join(known, cited.cited_id == known.known_id)
    citing = citation.filter(citation.cited_id == patent_id)
    citing = citing.left_join(known, citing.citing_id == known.known_id)
    return {
        "patent": found[0],
        "classifications": q.rows(
            cl.filter(cl.patent_id == patent_id).select("scheme", "code", "position", "seq").order_by(["scheme", "seq", "code"])
        ),
        "parties": q.rows(
            party.filter(party.patent_id == patent_id)
            .mutate(key=player_key(party))
            .select("role", "seq", "name_raw", "key", "country", "region", "city", "entity_type")
            .order_by(["role", "seq"])
        ),
        "priorities": q.rows(pc.filter(pc.patent_id == patent_id).drop("patent_id").order_by("seq")),
        "nodes": q.rows(
            nodes.select("chain_id", "node_id", "name_zh", "name_en", "segment", "rule_type", "rule_id", "score").order_by(
                ["chain_id", "node_id", "rule_id"]
            )
        ),
        "cites": q.rows(
            cited.select("cited_id", "category", in_store=cited.known_id.notnull(), title=cited.known_title).order_by("cited_id").limit(200)
        ),
        "cited_by": q.rows(
            citing.select("citing_id", "category", in_store=citing.known_id.notnull(), title=citing.known_title).order_by("citing_id").limit(200)
        ),
    }


def _party_page(q: QueryRunner, name: str, roles: tuple[str, ...], chain_id: str | None, paging: Paging) -> dict[str, Any]:
    t = _people(q, "inventor" if roles == ("inventor",) else "holder")
    mine = t.filter((t.key == name) | (t.name_upper == name.upper()))
    profile = q.rows(
        mine.aggregate(
            names=mine.name_raw.collect(distinct=True),
            countries=mine.country.collect(distinct=True),
            regions=mine.region.collect(distinct=True),
            entity_type=mine.entity_type.arbitrary(),
            patents=mine.patent_id.nunique(),
        )
    )[0]
    if not profile["patents"]:
        raise NotFoundError(f"no {roles[-1]} named {name!r} in this store", hint="Search for the name on the search page.")
    members = mine.select("patent_id").distinct()
    if chain_id:
        members = members.semi_join(_chain_members(q, chain_id), "patent_id")
    patent = q.table("patent")
    own = patent.semi_join(members, "patent_id")
    pn, cn = q.table("patent_node"), q.table("chain_node")
    node_mix = pn.semi_join(members, "patent_id").join(cn, ["chain_id", "node_id"])
    node_mix = node_mix.group_by(["chain_id", "node_id", "name_zh", "name_en"]).aggregate(patents=node_mix.patent_id.nunique())
    others = t.semi_join(members, "patent_id").filter(lambda x: x.key != name)
    partners = others.group_by("key").aggregate(name=others.name_raw.arbitrary(), patents=others.patent_id.nunique())
    total, rows = _patent_page(q, own, paging)
    # collect() gives NULL when every value is NULL (e.g. Lens exports carry no applicant address)
    profile["names"] = sorted(n for n in profile["names"] or [] if n)[:20]
    profile["countries"] = sorted(c for c in profile["countries"] or [] if c)
    profile["regions"] = sorted(r for r in profile["regions"] or [] if r)
    return {
        "name": name,
        "chain_id": chain_id,
        "profile": profile,
        "trend": _by_year(q, own),
        "nodes": q.rows(node_mix.order_by([ibis.desc("patents"), "node_id"]).limit(20)),
        "partners": q.rows(partners.order_by([ibis.desc("patents"), "key"]).limit(TOP)),
        "total": total,
        "page": paging.page,
        "size": paging.size,
        "rows": rows,
    }


def applicant_data(q: QueryRunner, name: str, chain_id: str | None, paging: Paging) -> dict[str, Any]:
    """Applicant page: names, places, filings per year, nodes, co-applicants and patents."""
    return _party_page(q, name, HOLDER_ROLES, chain_id, paging)


def inventor_data(q: QueryRunner, name: str, chain_id: str | None, paging: Paging) -> dict[str, Any]:
    """Inventor page: names, places, filings per year, nodes, co-inventors and patents."""
    return _party_page(q, name, ("inventor",), chain_id, paging)


def region_data(q: QueryRunner, code: str, chain_id: str | None, paging: Paging) -> dict[str, Any]:
    """Region page (applicants located in a country or ISO 3166-2 region): players, talent, nodes, patents."""
    members = _local_patents(q, code)
    if chain_id:
        members = members.semi_join(_chain_members(q, chain_id), "patent_id")
    patent = q.table("patent")
    own = patent.semi_join(members, "patent_id")
    pn, cn = q.table("patent_node"), q.table("chain_node")
    node_mix = pn.semi_join(members, "patent_id").join(cn, ["chain_id", "node_id"])
    node_mix = node_mix.group_by(["chain_id", "node_id", "name_zh", "name_en"]).aggregate(patents=node_mix.patent_id.nunique())
    total, rows = _patent_page(q, own, paging)
    return {
        "code": code,
        "chain_id": chain_id,
        "indicators": {"patents": total},
        "trend": _by_year(q, own),
        "applicants": _top_people(q, "holder", members, code),
        "inventors": _top_people(q, "inventor", members, code),
        "subregions": _by_subregion(q, members) if "-" not in code else [],
        "nodes": q.rows(node_mix.order_by([ibis.desc("patents"), "node_id"]).limit(20)),
        "total": total,
        "page": paging.page,
        "size": paging.size,
        "rows": rows,
    }


@dataclass(frozen=True)
class SearchParams:
    """The search form: full text plus filters; every field optional."""

    q: str | None = None
    chain: str | None = None
    node: str | None = None
    year_from: int | None = None
    year_to: int | None = None
    region: str | None = None
    office: str | None = None
    applicant: str | None = None
    code: str | None = None
    status: str | None = None
    sort: str = "newest"

    def as_query(self) -> dict[str, Any]:
        return {k: v for k, v in self.__dict__.items() if v not in (None, "") and not (k == "sort" and v == "newest")}


def search_expr(q: QueryRunner, params: SearchParams) -> ir.Table:
    """The filtered ``patent`` expression of a search.

    Full text: every whitespace-separated term must occur in the title or the abstract
    (case-insensitive substring, which also suits Chinese text without word boundaries); a term
    shaped like a publication number also matches ``patent_id``.
    """
    p = q.table("patent")
    if params.q:
        for term in params.q.split():
            needle = term.lower()
            match = p.title.lower().contains(needle).fill_null(False) | p.abstract.lower().contains(needle).fill_null(False)
            if _PATENT_ID_RE.match(term.upper()):
                match = match | (p.patent_id == term.upper())
            p = p.filter(match)
    if params.chain:
        p = p.semi_join(_chain_members(q, params.chain, params.node or None), "patent_id")
    if params.year_from is not None:
        p = p.filter(filing_year(p) >= params.year_from)
    if params.year_to is not None:
        p = p.filter(filing_year(p) <= params.year_to)
    if params.office:
        p = p.filter(p.country == params.office.upper())
    if params.status:
        p = p.filter(p.legal_status == params.status)
    if params.region:
        p = p.semi_join(_local_patents(q, params.region.upper()), "patent_id")
    if params.applicant:
        holders = _holders(q)
        needle = params.applicant.lower()
        named = holders.filter(
            holders.name_raw.lower().contains(needle) | holders.name_norm.lower().contains(needle).fill_null(False)
        ).select("patent_id").distinct()
        p = p.semi_join(named, "patent_id")
    if params.code:
        cl = q.table("classification")
        prefix = params.code.upper().replace(" ", "")
        p = p.semi_join(cl.filter(cl.code.startswith(prefix)).select("patent_id").distinct(), "patent_id")
    return p


def search_data(q: QueryRunner, params: SearchParams, paging: Paging) -> dict[str, Any]:
    """Search page: the matching patents, one page of them, sorted."""
    total, rows = _patent_page(q, search_expr(q, params), paging, params.sort)
    chain = q.table("chain")
    return {
        "params": params.as_query(),
        "total": total,
        "page": paging.page,
        "size": paging.size,
        "rows": rows,
        "chains": q.rows(chain.select("chain_id", "name_zh", "name_en").order_by("chain_id")),
        "statuses": list(LEGAL_STATUSES),
        "sorts": list(SORTS),
    }
