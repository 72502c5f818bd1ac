"""One data function per page: each computes its page's data once, as plain JSON-ready dicts.

HTML, ``.json``, ``.csv`` and ``.xlsx`` are renderers over these results (see ``render.py``), so a
number on a page and in the API can never disagree. Every query is an Ibis expression run by the
bounded ``QueryRunner``. Counts on pages are publications (one row of ``patent``); families are
shown beside them where the page gives key indicators.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Hashable
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


# -- summary reads (summary.py): chain and node figures as lookups, used while the summaries are fresh.
# Each is a prepared query (query.py): compiled once, then run with the request's ids as values.
def _origin_matches(row: dict[str, Any], region: str) -> bool:
    """Whether a ``web_node_stat`` row's origin is in ``region`` (its sub-region when ``region`` has a
    '-', else its country), as ``_origin`` flags local patents."""
    return (row["origin_region"] if "-" in region else row["origin_country"]) == region


def _stat_rows(q: QueryRunner, chain_id: str, node_id: str | None) -> list[dict[str, Any]]:
    """The ``web_node_stat`` rows of one node (or of every node and the whole chain, ``node_id`` None);
    the chain and node pages sum them in Python (a few hundred rows) rather than query per figure."""
    s = q.table("web_node_stat")
    columns = ("node_id", "year", "origin_country", "origin_region", "patents")
    if node_id is None:
        return q.prepared(("stat", "chain"), lambda c: s.filter(s.chain_id == c).select(*columns), chain_id)
    return q.prepared(
        ("stat", "node"), lambda c, n: s.filter((s.chain_id == c) & (s.node_id == n)).select(*columns), chain_id, node_id
    )


def _local_count_s(stat: list[dict[str, Any]], region: str) -> int:
    return sum(int(row["patents"]) for row in stat if _origin_matches(row, region))


def _by_year_s(stat: list[dict[str, Any]]) -> list[dict[str, Any]]:
    counts: dict[int, int] = {}
    for row in stat:
        if row["year"] is not None:
            counts[row["year"]] = counts.get(row["year"], 0) + int(row["patents"])
    if not counts:
        return []
    return [{"year": year, "patents": counts.get(year, 0)} for year in range(min(counts), max(counts) + 1)]


def _by_country_s(stat: list[dict[str, Any]], limit: int = 15) -> list[dict[str, Any]]:
    counts: dict[str, int] = {}
    for row in stat:
        if row["origin_country"] is not None:
            counts[row["origin_country"]] = counts.get(row["origin_country"], 0) + int(row["patents"])
    ranked = sorted(counts.items(), key=lambda item: (-item[1], item[0]))[:limit]
    return [{"country": country, "patents": patents} for country, patents in ranked]


def _by_subregion_s(q: QueryRunner, chain_id: str, node_id: str, limit: int = 15) -> list[dict[str, Any]]:
    s = q.table("web_node_subregion")
    return q.prepared(
        ("subregion", limit),
        lambda c, n: s.filter((s.chain_id == c) & (s.node_id == n))
        .select("region", "patents")
        .order_by([ibis.desc("patents"), "region"])
        .limit(limit),
        chain_id, node_id,
    )


def _top_players_s(
    q: QueryRunner, chain_id: str, node_id: str, kind: str, region: str | None, limit: int = TOP
) -> list[dict[str, Any]]:
    """Top holders or inventors of a node from ``web_node_player`` (by its precomputed rank), the local
    flag from their places in ``web_node_player_place``."""
    p, pl = q.table("web_node_player"), q.table("web_node_player_place")
    rows = q.prepared(
        ("players", limit),
        lambda c, n, k: p.filter((p.chain_id == c) & (p.node_id == n) & (p.kind == k) & (p.rank <= limit))
        .order_by("rank")
        .select("key", "name", "country", "patents"),
        chain_id, node_id, kind,
    )
    local: set[str] = set()
    if region and rows:
        column = "region" if "-" in region else "country"
        keys = [row["key"] for row in rows]

        def places(c: ir.StringValue, n: ir.StringValue, k: ir.StringValue, r: ir.StringValue, *listed: ir.StringValue) -> ir.Table:
            mine = pl.filter((pl.chain_id == c) & (pl.node_id == n) & (pl.kind == k) & pl.key.isin(list(listed)))
            return mine.filter(mine[column] == r).select("key").distinct()

        local = {row["key"] for row in q.prepared(("player_places", column, len(keys)), places, chain_id, node_id, kind, region, *keys)}
    return [{**row, "local": row["key"] in local} for row in rows]


_VALUE_ORDER = "value"  # forward citations, then family size, then publication number
_NEWEST_ORDER = "newest"


def _member_rows(
    q: QueryRunner, chain_id: str, node_id: str, order: str, limit: int, offset: int = 0, *, foreign_of: str | None = None
) -> list[dict[str, Any]]:
    """Patent rows of ``limit`` members of a node in ``order`` from ``offset``, with their holders.

    The order, filters and holders' names come from ``web_member`` (one node's rows); the chosen
    patents' other fields are then read from ``patent`` by their ids. ``foreign_of`` keeps the risk list's members: origin outside that region, granted or
    active, not expired, lapsed, revoked or withdrawn.
    """
    m, patent = q.table("web_member"), q.table("patent")
    rank = "value_rank" if order == _VALUE_ORDER else "newest_rank"

    def build(c: ir.StringValue, n: ir.StringValue, *region: ir.StringValue) -> ir.Table:
        t = m.filter((m.chain_id == c) & (m.node_id == n))
        if region:
            column = t.origin_region if "-" in (foreign_of or "") else t.origin_country
            t = t.filter(~(column == region[0]).fill_null(False))
            t = t.filter(t.is_grant.fill_null(False) | (t.legal_status == "active"))
            t = t.filter(~t.legal_status.isin(("expired", "lapsed", "revoked", "withdrawn")).fill_null(False))
            chosen = t.order_by(rank).limit(limit, offset=offset)
        else:  # a range of ranks: no sort of the node's members
            chosen = t.filter((t[rank] > offset) & (t[rank] <= offset + limit))
        chosen = chosen.select("patent_id", "applicants", _rank=chosen[rank])
        if limit <= LOOKUP_IDS:  # the patents' fields are looked up by a literal list of ids (below)
            return chosen.order_by("_rank").select("patent_id", "applicants")
        # an export: a join keeps the statement short (10,000 literals would be compiled per length)
        rows = chosen.join(patent.select(*LIST_FIELDS), "patent_id")
        return rows.order_by("_rank").select(*LIST_FIELDS, "applicants")

    values = (chain_id, node_id) + ((foreign_of,) if foreign_of else ())
    key = ("members", order, limit, offset, None if foreign_of is None else "-" in foreign_of)
    chosen = q.prepared(key, build, *values)
    if limit > LOOKUP_IDS or not chosen:
        return [{**row, "applicants": row["applicants"] or ""} for row in chosen]
    found = {row["patent_id"]: row for row in _by_ids(q, "patent", [c["patent_id"] for c in chosen], LIST_FIELDS)}
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
    rows = q.prepared(("chain",), lambda c: chain.filter(chain.chain_id == c), chain_id)
    if not rows:
        raise NotFoundError(f"no chain {chain_id!r} in this store", hint="The home page lists the chains.")
    return rows[0]


@functools.lru_cache(maxsize=64)
def _rules_by_node(definition: str) -> dict[str, dict[str, Any]]:
    """Each node's rules in a chain's YAML, parsed once per definition (parsing takes longer than the
    node page's queries)."""
    try:
        data = yaml.load(definition, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader)) or {}
    except yaml.YAMLError:
        return {}
    found: dict[str, dict[str, Any]] = {}
    for node in data.get("nodes", []) if isinstance(data, dict) else []:
        if isinstance(node, dict) and node.get("id") not in found:
            rules = node.get("rules") or {}
            found[node.get("id")] = rules if isinstance(rules, dict) else {}
    return found


def _node_rules(definition: str | None, node_id: str) -> dict[str, Any]:
    """The rules of one node as written in the chain's YAML (what selected its patents)."""
    if not definition:
        return {}
    return _rules_by_node(definition).get(node_id, {})


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
    stat = _stat_rows(q, chain_id, None)
    whole = [row for row in stat if row["node_id"] == CHAIN_WIDE]
    per_node: dict[str, list[int]] = {}
    for row in stat:
        if row["node_id"] != CHAIN_WIDE:
            counts = per_node.setdefault(row["node_id"], [0, 0])
            counts[0] += int(row["patents"])
            counts[1] += int(row["patents"]) if _origin_matches(row, region) else 0
    cn = q.table("chain_node")
    node_rows = q.prepared(
        ("chain_nodes",), lambda c: cn.filter(cn.chain_id == c).order_by(["ord", "node_id"]).drop("chain_id"), chain_id
    )
    for row in node_rows:
        patents, local = per_node.get(row["node_id"], (0, 0))
        row.update(patents=patents, local_patents=local, local_share=local / patents if patents > 0 else None)
    indicators = _node_total(q, chain_id, CHAIN_WIDE)
    local_count = _local_count_s(whole, region)
    indicators["local_patents"] = local_count
    indicators["local_share"] = local_count / indicators["patents"] if indicators["patents"] else None
    return _chain_page(
        chain_row, region, indicators, node_rows,
        trend=_by_year_s(whole),
        applicants=_top_players_s(q, chain_id, CHAIN_WIDE, "holder", region),
        countries=_by_country_s(whole),
    )


def _node_total(q: QueryRunner, chain_id: str, node_id: str) -> dict[str, Any]:
    """A node's (or the whole chain's) distinct counts from ``web_node_total``; zeros when it has no patents."""
    total = q.table("web_node_total")
    found = q.prepared(
        ("total",),
        lambda c, n: total.filter((total.chain_id == c) & (total.node_id == n)).select(
            "patents", "families", "granted", "first_year", "last_year", "applicants"
        ),
        chain_id, node_id,
    )
    return found[0] if found else {
        "patents": 0, "families": 0, "granted": 0, "first_year": None, "last_year": None, "applicants": 0
    }


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
) -> dict[str, Any]:
    """The node page's figures and lists from the summaries (the same as ``node_data`` computes directly)."""
    rule = q.table("web_node_rule")
    rule_hits = q.prepared(
        ("rule_hits",),
        lambda c, n: rule.filter((rule.chain_id == c) & (rule.node_id == n))
        .select("rule_type", "rule_id", "patents")
        .order_by([ibis.desc("patents"), "rule_id", "rule_type"]),
        chain_id, node_id,
    )
    stat = _stat_rows(q, chain_id, node_id)
    total = int(_node_total(q, chain_id, node_id)["patents"])
    rows = _member_rows(q, chain_id, node_id, _NEWEST_ORDER, paging.size, paging.offset)
    local_count = _local_count_s(stat, region)
    return {
        "indicators": {
            "patents": total,
            "local_patents": local_count,
            "local_share": local_count / total if total else None,
        },
        "rules": _node_rules(chain_row.get("definition"), node_id),
        "rule_hits": rule_hits,
        "trend": _by_year_s(stat),
        "applicants": _top_players_s(q, chain_id, node_id, "holder", region),
        "countries": _by_country_s(stat),
        "regions": _by_subregion_s(q, chain_id, node_id),
        "inventors": _top_players_s(q, chain_id, node_id, "inventor", region),
        "high_value": _member_rows(q, chain_id, node_id, _VALUE_ORDER, TOP),
        "risk": _member_rows(q, chain_id, node_id, _VALUE_ORDER, TOP, foreign_of=region),
        "total": total,
        "page": paging.page,
        "size": paging.size,
        "rows": [{c: row.get(c) for c in PATENT_LIST_COLUMNS} for row in rows],
    }


def node_data(q: QueryRunner, chain_id: str, node_id: str, region: str, paging: Paging) -> dict[str, Any]:
    """Node page: trend, players, regions, talent, high-value patents, risk list, rules, patents."""
    chain_row = find_chain(q, chain_id)
    cn, pn, patent = q.table("chain_node"), q.table("patent_node"), q.table("patent")
    found = q.prepared(
        ("node",), lambda c, n: cn.filter((cn.chain_id == c) & (cn.node_id == n)).drop("chain_id"), chain_id, node_id
    )
    if not found:
        raise NotFoundError(
            f"no node {node_id!r} in chain {chain_id!r}", hint="The chain page lists its nodes."
        )
    node = found[0]
    children = q.prepared(
        ("children",),
        lambda c, n: cn.filter((cn.chain_id == c) & (cn.parent_id == n))
        .order_by(["ord", "node_id"])
        .select("node_id", "name_zh", "name_en"),
        chain_id, node_id,
    )
    head = {
        "chain": {k: chain_row[k] for k in ("chain_id", "name_zh", "name_en", "version")},
        "node": node,
        "children": children,
        "region": region,
    }
    if q.summary_indexed:
        return head | _node_data_s(q, chain_id, node_id, region, paging, chain_row)
    hits = pn.filter((pn.chain_id == chain_id) & (pn.node_id == node_id))
    rule_hits = q.rows(
        hits.group_by(["rule_type", "rule_id"]).aggregate(patents=hits.patent_id.nunique())
        .order_by([ibis.desc("patents"), "rule_id", "rule_type"])
    )
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
    found = q.prepared(("patent",), lambda p: patent.filter(patent.patent_id == p), patent_id)
    if not found:
        raise NotFoundError(f"no patent {patent_id!r} in this store", hint="Search for it on the search page.")
    if q.summary_indexed:
        return {"patent": found[0], **_patent_parts_s(q, patent_id)}
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


def _patent_parts_s(q: QueryRunner, patent_id: str) -> dict[str, Any]:
    """The patent page's lists from the ordered look-up copies (migration 0605), each a prepared query."""
    code, party, node = q.table("web_patent_code"), q.table("web_patent_party"), q.table("web_patent_node")
    out, into, pc = q.table("web_citation_out"), q.table("web_citation_in"), q.table("priority_claim")
    def titled(rows: list[dict[str, Any]], other: str) -> list[dict[str, Any]]:
        """Each citation with whether the other patent is in the store, and its title."""
        known = {r["patent_id"]: r["title"] for r in _by_ids(q, "patent", [r[other] for r in rows], ("patent_id", "title"))} if rows else {}
        return [{**r, "in_store": r[other] in known, "title": known.get(r[other])} for r in rows]

    return {
        "classifications": q.prepared(
            ("patent_codes",),
            lambda p: code.filter(code.patent_id == p).select("scheme", "code", "position", "seq").order_by(["scheme", "seq", "code"]),
            patent_id,
        ),
        "parties": q.prepared(
            ("patent_parties",),
            lambda p: party.filter(party.patent_id == p)
            .select("role", "seq", "name_raw", "key", "country", "region", "city", "entity_type")
            .order_by(["role", "seq"]),
            patent_id,
        ),
        "priorities": q.prepared(
            ("patent_priorities",), lambda p: pc.filter(pc.patent_id == p).drop("patent_id").order_by("seq"), patent_id
        ),
        "nodes": q.prepared(
            ("patent_nodes",),
            lambda p: node.filter(node.patent_id == p)
            .select("chain_id", "node_id", "name_zh", "name_en", "segment", "rule_type", "rule_id", "score")
            .order_by(["chain_id", "node_id", "rule_id"]),
            patent_id,
        ),
        "cites": titled(q.prepared(
            ("patent_cites",),
            lambda p: out.filter(out.citing_id == p).select("cited_id", "category").order_by("cited_id").limit(200),
            patent_id,
        ), "cited_id"),
        "cited_by": titled(q.prepared(
            ("patent_cited_by",),
            lambda p: into.filter(into.cited_id == p).select("citing_id", "category").order_by("citing_id").limit(200),
            patent_id,
        ), "citing_id"),
    }


def _patent_page_s(
    q: QueryRunner, key: Hashable, build: Callable[..., ir.Table], values: tuple[str, ...], paging: Paging,
    sort: str = "newest",
) -> tuple[int, list[dict[str, Any]]]:
    """``_patent_page`` as prepared queries: ``build(*placeholders)`` gives the filtered ``patent``
    expression; the page's holders' names are joined from ``web_patent_holders``."""
    column, descending = SORTS[sort]
    holders = q.table("web_patent_holders")

    def order(t: ir.Table) -> list[Any]:
        keys = [ibis.desc(t[column]) if descending else ibis.asc(t[column])]
        return keys + ([ibis.asc("patent_id")] if column != "patent_id" else [])

    small = paging.size <= LOOKUP_IDS

    def page(*v: ir.StringValue) -> ir.Table:
        # the count is a query of its own: a window count beside the page would make DuckDB keep
        # every match, where a plain top-N skips row groups that cannot enter the page
        chosen = build(*v).select(*LIST_FIELDS)
        chosen = chosen.order_by(order(chosen)).limit(paging.size, offset=paging.offset)
        if small:  # names looked up by a literal list of the page's ids (below)
            return chosen
        named = chosen.left_join(holders, "patent_id").drop("patent_id_right")
        return named.order_by(order(named)).select(*LIST_FIELDS, "applicants")

    total = int(q.prepared((key, "count"), lambda *v: build(*v).aggregate(n=ibis._.count()), *values)[0]["n"] or 0)
    rows = q.prepared((key, "page", sort, paging.size, paging.offset), page, *values) if total > paging.offset else []
    if small and rows:
        names = {row["patent_id"]: row["applicants"] for row in _by_ids(q, "web_patent_holders", [r["patent_id"] for r in rows], ("patent_id", "applicants"))}
        rows = [{**row, "applicants": names.get(row["patent_id"])} for row in rows]
    return total, [{c: (row.get(c) or "") if c == "applicants" else row.get(c) for c in PATENT_LIST_COLUMNS} for row in rows]


def _by_ids(q: QueryRunner, table: str, ids: list[str], columns: tuple[str, ...]) -> list[dict[str, Any]]:
    """Rows of a table ordered by ``patent_id`` whose id is in ``ids``, by a literal list.

    A join with a page's ids would prune the table only to the range between the smallest and the
    largest id (most of a million-row table when a page's patents are spread); a literal list lets
    DuckDB test each id against each row group's min/max.
    """
    t = q.table(table)
    return q.prepared(("by_ids", table, columns, len(ids)), lambda *v: t.filter(t.patent_id.isin(list(v))).select(*columns), *ids)


def _party_page_s(q: QueryRunner, name: str, kind: str, chain_id: str | None, paging: Paging) -> dict[str, Any]:
    """``_party_page`` from the summaries as prepared queries.

    ``?name=`` matches a player key or a raw name in any case; the keys of rows with that raw name
    are first looked up in ``web_party_name`` (ordered by name), so the player's ``web_party`` rows
    (ordered by key) are read by a list of keys rather than by a scan of every row's name.
    """
    names, wp, patent = q.table("web_party_name"), q.table("web_party"), q.table("patent")
    pp, pnode = q.table("web_patent_party"), q.table("web_patent_node")
    keys = sorted({
        row["key"] for row in q.prepared(
            ("party_keys",), lambda k, u: names.filter((names.kind == k) & (names.name_upper == u)).select("key"),
            kind, name.upper(),
        )
    } - {name})
    values = (kind, name.upper(), name, *keys) + ((chain_id,) if chain_id else ())
    shape = ("party", len(keys), chain_id is not None)

    def mine(k: ir.StringValue, u: ir.StringValue, n: ir.StringValue, *rest: ir.StringValue) -> ir.Table:
        listed = [n, *rest[: len(keys)]]
        return wp.filter((wp.kind == k) & wp.key.isin(listed) & ((wp.key == n) | (wp.name_upper == u)))

    def members(*v: ir.StringValue) -> ir.Table:
        found = mine(*v).select("patent_id").distinct()
        if chain_id:
            found = found.semi_join(_chain_members_s(q, v[-1]), "patent_id")
        return found

    def own(*v: ir.StringValue) -> ir.Table:
        return patent.semi_join(members(*v), "patent_id")

    def profile(*v: ir.StringValue) -> ir.Table:
        m = mine(*v)
        return m.aggregate(
            names=m.name_raw.collect(distinct=True), countries=m.country.collect(distinct=True),
            regions=m.region.collect(distinct=True), entity_type=m.entity_type.arbitrary(), patents=m.patent_id.nunique(),
        )

    def trend(*v: ir.StringValue) -> ir.Table:
        t = own(*v)
        t = t.mutate(year=filing_year(t))
        return t.filter(t.year.notnull()).group_by("year").aggregate(patents=t.patent_id.nunique())

    def node_mix(*v: ir.StringValue) -> ir.Table:
        t = pnode.semi_join(members(*v), "patent_id")
        t = t.group_by(["chain_id", "node_id", "name_zh", "name_en"]).aggregate(patents=t.patent_id.nunique())
        return t.order_by([ibis.desc("patents"), "node_id"]).limit(20)

    def partners(*v: ir.StringValue) -> ir.Table:
        roles = HOLDER_ROLES if kind == "holder" else ("inventor",)
        t = pp.filter(pp.role.isin(roles)).semi_join(members(*v), "patent_id")
        t = t.filter(t.key != v[2])
        t = t.group_by("key").aggregate(name=t.name_raw.arbitrary(), patents=t.patent_id.nunique())
        return t.order_by([ibis.desc("patents"), "key"]).limit(TOP)

    found = q.prepared((*shape, "profile"), profile, *values)[0]
    if not found["patents"]:
        raise NotFoundError(
            f"no {'inventor' if kind == 'inventor' else 'applicant'} named {name!r} in this store",
            hint="Search for the name on the search page.",
        )
    total, rows = _patent_page_s(q, (*shape, "own"), own, values, paging)
    if chain_id is None and not keys:  # exactly one player's rows: its precomputed summaries
        counts, nodes, others = _player_summaries(q, kind, name)
    else:
        counts = {row["year"]: row["patents"] for row in q.prepared((*shape, "trend"), trend, *values)}
        nodes = q.prepared((*shape, "nodes"), node_mix, *values)
        others = q.prepared((*shape, "partners"), partners, *values)
    found["names"] = sorted(n for n in found["names"] or [] if n)[:20]
    found["countries"] = sorted(c for c in found["countries"] or [] if c)
    found["regions"] = sorted(r for r in found["regions"] or [] if r)
    return {
        "name": name,
        "chain_id": chain_id,
        "profile": found,
        "trend": [{"year": y, "patents": counts.get(y, 0)} for y in range(min(counts), max(counts) + 1)] if counts else [],
        "nodes": nodes,
        "partners": others,
        "total": total,
        "page": paging.page,
        "size": paging.size,
        "rows": rows,
    }


def _player_summaries(
    q: QueryRunner, kind: str, key: str
) -> tuple[dict[int, int], list[dict[str, Any]], list[dict[str, Any]]]:
    """A player's filings per year, top nodes and top partners from ``web_player_*`` (migration 0609)."""
    year, node, partner = q.table("web_player_year"), q.table("web_player_node"), q.table("web_player_partner")
    counts = {
        row["year"]: row["patents"] for row in q.prepared(
            ("player_year",), lambda k, n: year.filter((year.kind == k) & (year.key == n)).select("year", "patents"), kind, key
        )
    }
    nodes = q.prepared(
        ("player_nodes",),
        lambda k, n: node.filter((node.kind == k) & (node.key == n))
        .order_by("rank")
        .select("chain_id", "node_id", "name_zh", "name_en", "patents"),
        kind, key,
    )
    partners = q.prepared(
        ("player_partners",),
        lambda k, n: partner.filter((partner.kind == k) & (partner.key == n))
        .order_by("rank")
        .select(key=partner.partner, name=partner.name, patents=partner.patents),
        kind, key,
    )
    return counts, nodes, partners


def _chain_members_s(q: QueryRunner, chain_id: ir.StringValue) -> ir.Table:
    """A chain's patents (any node) as one prepared sub-query: the chain-wide rows of ``web_member``."""
    m = q.table("web_member")
    return m.filter((m.chain_id == chain_id) & (m.node_id == CHAIN_WIDE)).select("patent_id")


def _party_page(q: QueryRunner, name: str, roles: tuple[str, ...], chain_id: str | None, paging: Paging) -> dict[str, Any]:
    if q.summary_indexed:
        return _party_page_s(q, name, "inventor" if roles == ("inventor",) else "holder", chain_id, paging)
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


def _region_data_s(q: QueryRunner, code: str, chain_id: str | None, paging: Paging) -> dict[str, Any]:
    """``region_data`` from the summaries: players, sub-regions, filings per year and nodes from
    ``web_origin_*``; the patent list as prepared queries over ``web_patent_origin`` and ``web_search``."""
    origin, ws, m = q.table("web_patent_origin"), q.table("web_search"), q.table("web_member")
    player, sub = q.table("web_origin_player"), q.table("web_origin_subregion")
    regional = "-" in code
    scope = chain_id or CHAIN_WIDE
    shape = ("region", regional, chain_id is not None)
    values = (code, scope)

    def members(c: ir.StringValue, s: ir.StringValue) -> ir.Table:
        column = origin.origin_region if regional else origin.origin_country
        found = origin.filter(column == c).select("patent_id")
        if chain_id is not None:
            found = found.semi_join(m.filter((m.chain_id == s) & (m.node_id == CHAIN_WIDE)).select("patent_id"), "patent_id")
        return found

    def own(c: ir.StringValue, s: ir.StringValue) -> ir.Table:
        return ws.semi_join(members(c, s), "patent_id")

    def top(kind: str) -> list[dict[str, Any]]:
        return q.prepared(
            ("region_players", kind, TOP),
            lambda c, s: player.filter((player.chain_id == s) & (player.place == c) & (player.kind == kind) & (player.rank <= TOP))
            .order_by("rank")
            .select("key", "name", "country", "patents", "local"),
            *values,
        )

    year, node = q.table("web_origin_year"), q.table("web_origin_node")
    total, rows = _patent_page_s(q, (*shape, "own"), own, values, paging)
    counts = {
        row["year"]: row["patents"] for row in q.prepared(
            ("region_years",), lambda c, s: year.filter((year.chain_id == s) & (year.place == c)).select("year", "patents"), *values
        )
    }
    subregions = [] if regional else q.prepared(
        ("region_subregions",),
        lambda c, s: sub.filter((sub.chain_id == s) & (sub.place == c))
        .select("region", "patents")
        .order_by([ibis.desc("patents"), "region"])
        .limit(15),
        *values,
    )
    return {
        "code": code,
        "chain_id": chain_id,
        "indicators": {"patents": total},
        "trend": [{"year": y, "patents": counts.get(y, 0)} for y in range(min(counts), max(counts) + 1)] if counts else [],
        "applicants": top("holder"),
        "inventors": top("inventor"),
        "subregions": subregions,
        "nodes": q.prepared(
            ("region_nodes",),
            lambda c, s: node.filter((node.chain_id == s) & (node.place == c))
            .order_by("rank")
            .select(chain_id=node.node_chain, node_id=node.node_id, name_zh=node.name_zh, name_en=node.name_en, patents=node.patents),
            *values,
        ),
        "total": total,
        "page": paging.page,
        "size": paging.size,
        "rows": rows,
    }


def region_data(q: QueryRunner, code: str, chain_id: str | None, paging: Paging) -> dict[str, Any]:
    """Region page (applicants located in a country or ISO 3166-2 region): players, talent, nodes, patents."""
    if q.summary_indexed:
        return _region_data_s(q, code, chain_id, paging)
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


def _search_s(q: QueryRunner, params: SearchParams) -> tuple[Hashable, Callable[..., ir.Table], tuple[str, ...]]:
    """``search_expr`` over ``web_search`` as a prepared query: (key of its shape, builder, values).

    The same filters with the same meaning: a word is a substring of the lower-cased title or
    abstract (``web_search.text``), or equals ``patent_id`` when shaped like a publication number.
    """
    values: list[str] = []

    def slot(value: str) -> int:
        values.append(value)
        return len(values) - 1

    terms = [(slot(t.lower()), slot(t.upper()) if _PATENT_ID_RE.match(t.upper()) else None) for t in (params.q or "").split()]
    chain = slot(params.chain) if params.chain else None
    node = slot(params.node) if params.chain and params.node else None
    office = slot(params.office.upper()) if params.office else None
    status = slot(params.status) if params.status else None
    region = slot(params.region.upper()) if params.region else None
    applicant = slot(params.applicant.lower()) if params.applicant else None
    code = slot(params.code.upper().replace(" ", "")) if params.code else None
    regional = params.region is not None and "-" in params.region
    shape = ("search", tuple(i is not None for _, i in terms), chain, node, params.year_from, params.year_to, office,
             status, region, regional, applicant, code)
    ws, m, origin, cl = q.table("web_search"), q.table("web_member"), q.table("web_patent_origin"), q.table("classification")

    def build(*v: ir.StringValue) -> ir.Table:
        p = ws
        for needle, exact in terms:
            match = p.text.contains(v[needle])
            p = p.filter(match | (p.patent_id == v[exact]) if exact is not None else match)
        if chain is not None:
            members = m.filter((m.chain_id == v[chain]) & (m.node_id == (v[node] if node is not None else CHAIN_WIDE)))
            p = p.semi_join(members.select("patent_id"), "patent_id")
        if params.year_from is not None:
            p = p.filter(p.year >= params.year_from)
        if params.year_to is not None:
            p = p.filter(p.year <= params.year_to)
        if office is not None:
            p = p.filter(p.country == v[office])
        if status is not None:
            p = p.filter(p.legal_status == v[status])
        if region is not None:
            column = origin.origin_region if regional else origin.origin_country
            p = p.semi_join(origin.filter(column == v[region]).select("patent_id"), "patent_id")
        if applicant is not None:
            holders = _holders(q)
            needle = v[applicant]
            named = holders.filter(
                holders.name_raw.lower().contains(needle) | holders.name_norm.lower().contains(needle).fill_null(False)
            ).select("patent_id").distinct()
            p = p.semi_join(named, "patent_id")
        if code is not None:
            p = p.semi_join(cl.filter(cl.code.startswith(v[code])).select("patent_id").distinct(), "patent_id")
        return p

    return shape, build, tuple(values)


def search_data(q: QueryRunner, params: SearchParams, paging: Paging) -> dict[str, Any]:
    """Search page: the matching patents, one page of them, sorted."""
    if q.summary_indexed:
        key, build, values = _search_s(q, params)
        total, rows = _patent_page_s(q, key, build, values, paging, params.sort)
    else:
        total, rows = _patent_page(q, search_expr(q, params), paging, params.sort)
    chain = q.table("chain")
    return {
        "params": params.as_query(),
        "total": total,
        "page": paging.page,
        "size": paging.size,
        "rows": rows,
        "chains": q.prepared(("chains",), lambda: chain.select("chain_id", "name_zh", "name_en").order_by("chain_id")),
        "statuses": list(LEGAL_STATUSES),
        "sorts": list(SORTS),
    }
