"""Data for the platform's standards and quality pages: one function per page, Arrow tables out.

The web layer renders these as HTML, JSON and CSV; nothing here knows about HTTP.
"""

from __future__ import annotations

import datetime as dt

import pyarrow as pa
import pyarrow.compute as pc

from chainnav.errors import NotFoundError
from chainnav.navigator import Navigator
from chainnav.standards.analysis import (
    node_standard_stats,
    node_standards_table,
    patent_candidates,
    standard_gaps,
    standards_with_status,
)
from chainnav.standards.quality.compare import compare_limits, domestic_pass_international_fail, pass_rates

STANDARD_FIELDS = ("standard_id", "title_zh", "title_en", "level", "origin", "effective_status", "status_raw",
                   "publication_date", "implementation_date", "age_years", "committee", "replaced_by")


def catalogue(nav: Navigator, *, as_of: dt.date | None = None) -> pa.Table:
    """Every standard of the catalogue with its effective status, age and successor."""
    return standards_with_status(nav, as_of).select(*STANDARD_FIELDS).order_by("standard_id").to_pyarrow()


def drafter_matches(nav: Navigator) -> pa.Table:
    """Drafting organisations with the applicant each one matched, the method and the standards drafted."""
    drafters = nav.table("standard_drafter")
    per_name = drafters.group_by(["name_norm"]).aggregate(
        name=drafters.name_raw.min(), standards=drafters.standard_id.nunique()
    )
    matched = per_name.left_join(nav.table("drafter_applicant"), "name_norm").drop("name_norm_right")
    return matched.order_by([matched.standards.desc(), "name"]).to_pyarrow()


def standards_overview(nav: Navigator, chain_id: str) -> dict[str, pa.Table]:
    """The chain's standards page: node statistics, gaps, catalogue, drafters and candidates."""
    gaps = standard_gaps(nav, chain_id)
    return {
        "nodes": node_standard_stats(nav, chain_id),
        "gaps": gaps,
        "standards": catalogue(nav),
        "drafters": drafter_matches(nav),
        "candidates": patent_candidates(nav, chain_id, gaps=gaps),
    }


def node_standards(nav: Navigator, chain_id: str, node_id: str) -> dict[str, pa.Table]:
    """One node's page: its standards with the linking rule, its drafters and its candidates."""
    nodes = nav.table("chain_node").filter(lambda t: (t.chain_id == chain_id) & (t.node_id == node_id))
    if nodes.count().to_pyarrow().as_py() == 0:
        raise NotFoundError(f"no node {node_id!r} in chain {chain_id!r}",
                            hint=f"List the nodes with `chainnav chains show {chain_id}`.")
    ns = node_standards_table(nav, chain_id).filter(lambda t: t.node_id == node_id)
    standards = ns.select(*STANDARD_FIELDS, "rule_id", "rule_type", "score").order_by(
        [ns.score.desc(), "standard_id"]).to_pyarrow()
    drafters = nav.table("standard_drafter")
    in_node = drafters.semi_join(ns.select("standard_id"), "standard_id")
    per_name = in_node.group_by("name_norm").aggregate(name=in_node.name_raw.min(),
                                                       standards=in_node.standard_id.nunique())
    with_match = per_name.left_join(nav.table("drafter_applicant"), "name_norm").drop("name_norm_right")
    candidates = patent_candidates(nav, chain_id)
    mask = pc.equal(candidates.column("node_id"), node_id)
    return {
        "standards": standards,
        "drafters": with_match.order_by([with_match.standards.desc(), "name"]).to_pyarrow(),
        "candidates": candidates.filter(mask),
    }


def quality_overview(nav: Navigator) -> dict[str, pa.Table]:
    """The quality comparison page: limit comparison, pass rates (product/enterprise/region), flags."""
    return {
        "comparison": compare_limits(nav),
        "pass_rates_product": pass_rates(nav, "product"),
        "pass_rates_enterprise": pass_rates(nav, "enterprise"),
        "pass_rates_region": pass_rates(nav, "region"),
        "flags": domestic_pass_international_fail(nav),
    }
