"""The chain-security model of one scope: every security expression, built once and shared.

``assess`` executes it into tables; the registered indicators (``chainnav.security.indicators``)
return its expressions. Nothing here runs a query except reading the chain's node list.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from functools import cached_property

import ibis
import ibis.expr.types as ir
import pyarrow as pa

from chainnav.analytics.context import AnalysisContext
from chainnav.analytics.indicators.technology import growth_window
from chainnav.security import nodes as node_mod
from chainnav.security import targets, warning
from chainnav.security.facts import node_facts
from chainnav.security.params import SecurityParams


class ChainSecurity:
    """Security expressions of ``ctx.scope`` (a chain and a region of interest)."""

    def __init__(self, ctx: AnalysisContext, params: SecurityParams | None = None, *, country: str | None = None,
                 as_of: dt.date | None = None, litigants: Iterable[str] | None = None) -> None:
        self.ctx = ctx
        self.params = params or SecurityParams()
        self.region = ctx.require_region()
        ctx.require_chain()
        self.country = (country or ctx.scope.country or "").upper()
        self.as_of = as_of or dt.date.today()
        self.litigants = sorted({n.strip() for n in litigants or () if n and n.strip()})
        self.weights = self.params.chokepoint.normalized()

    @cached_property
    def facts(self) -> ir.Table:
        return node_facts(self.ctx, country=self.country, high_value_quantile=self.params.high_value_quantile,
                          as_of=self.as_of)

    def materialize(self) -> None:
        """Run the facts query (one row per node × unit) and the node scores once and keep their
        rows for the many aggregations that follow, which still run in the engine; this saves
        compiling and running the same large expression a dozen times."""
        self.facts = ibis.memtable(self.facts.to_pyarrow())
        self.scored = ibis.memtable(self.scored.to_pyarrow())

    @cached_property
    def structure(self) -> pa.Table:
        """The chain's node list (tens of rows), read once."""
        return node_mod.chain_nodes(self.ctx).to_pyarrow()

    @cached_property
    def end_year(self) -> int:
        """Last year of the recent trend window (last complete filing year, or the end of ``years``)."""
        return growth_window(self.ctx, self.params.window_years, None)[1]

    @property
    def windows(self) -> dict[str, list[int]]:
        w, end = self.params.window_years, self.end_year
        return {"recent": [end - w + 1, end], "previous": [end - 2 * w + 1, end - w]}

    @cached_property
    def scored(self) -> ir.Table:
        """Every node with shares, HHI, gap, trend, components, chokepoint score and rank."""
        base = node_mod.node_table(
            self.ctx, self.facts, self.params, node_mod.node_dependents(self.structure), self.end_year
        )
        return node_mod.with_chokepoint(base, self.weights)

    @cached_property
    def sensitivity(self) -> ir.Table:
        return node_mod.sensitivity(self.scored, self.weights, self.params.sensitivity_step)

    @cached_property
    def nodes(self) -> ir.Table:
        """``scored`` with the class, the figures of the class rule and the rank spread under the
        sensitivity scenarios (``rank_min`` / ``rank_max``)."""
        sens = self.sensitivity
        spread = sens.group_by("node_id").aggregate(rank_min=sens["rank"].min(), rank_max=sens["rank"].max())
        growth = node_mod.chain_growth(self.facts, self.end_year, self.params.window_years)
        classified = node_mod.classify_nodes(
            self.scored, growth, node_mod.node_adjacency(self.structure), self.params
        )
        return classified.join(spread, "node_id").drop("is_strong").order_by(["chokepoint_rank", "ord", "node_id"])

    def trend(self) -> ir.Table:
        return node_mod.dependence_by_year(self.facts)

    # -- lists: ``nodes`` is this model's node table, or an already executed copy of it ------------
    def chain_leaders(self, nodes: ir.Table | None = None) -> ir.Table:
        return targets.chain_leaders(self.facts, self.nodes if nodes is None else nodes, self.params)

    def attract_firms(self, nodes: ir.Table | None = None) -> ir.Table:
        return targets.attract_firms(self.facts, self.nodes if nodes is None else nodes, self.params)

    def partners(self, nodes: ir.Table | None = None) -> ir.Table:
        return targets.partners(self.facts, self.nodes if nodes is None else nodes, self.params)

    def talent(self, nodes: ir.Table | None = None) -> ir.Table:
        return targets.talent(self.ctx, self.nodes if nodes is None else nodes, self.params)

    def risk_patents(self, nodes: ir.Table | None = None) -> ir.Table:
        return warning.risk_patents(
            self.facts, self.nodes if nodes is None else nodes, warning.litigant_table(self.litigants)
        )

    def free_to_use(self, nodes: ir.Table | None = None) -> ir.Table:
        return warning.free_to_use(self.facts, self.nodes if nodes is None else nodes, self.params)

    def high_value_local(self, nodes: ir.Table | None = None) -> ir.Table:
        return warning.high_value_local(self.facts, self.nodes if nodes is None else nodes, self.params)

    def pledge_candidates(self) -> ir.Table:
        return warning.pledge_candidates(self.facts, self.params)

    def origin_basis(self) -> ir.Table:
        """How many (node, unit) rows got their origin from each basis (address, priority office…)."""
        f = self.facts
        return f.group_by("origin_basis").aggregate(rows=f.count()).order_by("origin_basis")
