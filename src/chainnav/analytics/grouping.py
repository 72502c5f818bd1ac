"""Shared pieces of indicator expressions: the ``by`` grouping and counting distinct units."""

from __future__ import annotations

import ibis.expr.types as ir

from chainnav.analytics.context import AnalysisContext
from chainnav.errors import ConfigError

BY_CHOICES = (None, "node", "segment")


def group_keys(by: str | None) -> list[str]:
    """Column names an indicator adds to its grain for ``by`` (none for the whole scope)."""
    if by not in BY_CHOICES:
        raise ConfigError(f"unknown grouping by={by!r}", hint="Use by='node', by='segment' or leave it out.")
    return [] if by is None else ["node_id" if by == "node" else "segment"]


def with_group(ctx: AnalysisContext, t: ir.Table, by: str | None) -> tuple[ir.Table, list[str]]:
    """Attach the ``by`` column (node_id or segment) to a table keyed by ``patent_id``.

    A patent in several nodes appears once per node (whole counting per node); grouping by
    segment keeps one row per (patent, segment).
    """
    keys = group_keys(by)
    if not keys:
        return t, keys
    nodes = ctx.patent_nodes().select("patent_id", *keys).distinct()
    return t.join(nodes, "patent_id"), keys


def aggregate(t: ir.Table, keys: list[str], **metrics: ir.Value) -> ir.Table:
    """``t.group_by(keys).aggregate(...)``, or one row for the whole table when ``keys`` is empty."""
    return t.group_by(keys).aggregate(**metrics) if keys else t.aggregate(**metrics)


def count_units(t: ir.Table, keys: list[str], name: str = "units") -> ir.Table:
    """Distinct counting units per group: ``count(DISTINCT unit_id)``."""
    return aggregate(t, keys, **{name: t.unit_id.nunique()})


def join_on(left: ir.Table, right: ir.Table, keys: list[str], how: str = "inner") -> ir.Table:
    """Join on the shared ``keys``, or cross join when there are none (whole-scope totals)."""
    if not keys:
        return left.cross_join(right)
    joined = left.join(right, keys, how=how)
    return joined.drop(*[f"{k}_right" for k in keys if f"{k}_right" in joined.columns])
