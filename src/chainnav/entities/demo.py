"""Demo step: resolve applicants and inventors of the demo store and show the biggest merged entities."""

from __future__ import annotations

from typing import TYPE_CHECKING

import ibis
from rich.table import Table

from chainnav.entities.resolver import APPLICANT_ROLES, party_name, resolve

if TYPE_CHECKING:
    import pyarrow as pa

    from chainnav.demo import DemoContext
    from chainnav.navigator import Navigator


def merged_entities(nav: Navigator, kind: str, limit: int = 10) -> pa.Table:
    """Merged entities, biggest first: applicants with several spellings, inventors on several publications."""
    party = nav.table("party")
    roles = APPLICANT_ROLES if kind == "applicant" else ("inventor",)
    rows = party.filter(party.role.isin(roles) & party.entity_id.notnull())
    rows = rows.mutate(name=party_name(rows))
    stats = rows.group_by("entity_id").agg(spellings=rows.name.nunique(), patents=rows.patent_id.nunique())
    entity = nav.table("entity")
    joined = entity.filter(entity.kind == kind).join(stats, "entity_id")
    if kind == "applicant":
        ranked = joined.filter(joined.spellings > 1).order_by(
            [ibis.desc("spellings"), ibis.desc("patents"), "entity_id"]
        )
    else:
        ranked = joined.filter(joined.patents > 1).order_by([ibis.desc("patents"), "entity_id"])
    return nav.ibis.to_pyarrow(ranked.select("entity_id", "name", "spellings", "patents").limit(limit))


def demo_step(ctx: DemoContext) -> None:
    report = resolve(ctx.nav)
    ctx.console.print(str(report))
    for kind in ("applicant", "inventor"):
        table = Table(title=f"biggest merged {kind} entities")
        for column in ("entity_id", "name", "spellings", "patents"):
            table.add_column(column)
        for row in merged_entities(ctx.nav, kind).to_pylist():
            table.add_row(*(str(v) for v in row.values()))
        ctx.console.print(table)
    ctx.notes.append(
        "Review entities: chainnav entities show --db <store> [ENTITY_ID]; fix with merge / split."
    )
