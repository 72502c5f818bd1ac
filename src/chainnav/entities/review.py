"""Reviewing entities: list and inspect them, and record manual merge and split decisions.

Decisions go to ``entity_override`` keyed by names (and, for inventors, by the publication of one
occurrence), then the kind is resolved again, so a decision holds across re-imports and re-runs.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

import ibis
import pyarrow as pa

from chainnav.entities.resolver import APPLICANT_ROLES, ResolveReport, party_name, resolve
from chainnav.errors import ChainnavError, NotFoundError

if TYPE_CHECKING:
    from chainnav.navigator import Navigator


def _roles(kind: str) -> tuple[str, ...]:
    return APPLICANT_ROLES if kind == "applicant" else ("inventor",)


def entities(
    nav: Navigator, *, kind: str = "applicant", query: str | None = None, limit: int = 20
) -> pa.Table:
    """The biggest entities of a kind (optionally whose name or alias contains ``query``).

    Columns: entity_id, name, name_zh, name_en, country, patents (distinct publications),
    aliases (distinct spellings).
    """
    entity, alias, party = nav.table("entity"), nav.table("entity_alias"), nav.table("party")
    chosen = entity.filter(entity.kind == kind)
    if query:
        needle = query.upper()
        hits = alias.filter((alias.kind == kind) & alias.name_norm.upper().contains(needle)).select(
            "entity_id"
        )
        chosen = chosen.filter(chosen.name.upper().contains(needle) | chosen.entity_id.isin(hits.entity_id))
    rows = party.filter(party.role.isin(_roles(kind)) & party.entity_id.notnull())
    rows = rows.mutate(name=party_name(rows))
    stats = rows.group_by("entity_id").agg(patents=rows.patent_id.nunique(), aliases=rows.name.nunique())
    joined = chosen.join(stats, "entity_id", how="left")
    result = (
        joined.select(
            "entity_id",
            "name",
            "name_zh",
            "name_en",
            "country",
            patents=joined.patents.fill_null(0),
            aliases=joined.aliases.fill_null(0),
        )
        .order_by([ibis.desc("patents"), "entity_id"])
        .limit(limit)
    )
    return nav.ibis.to_pyarrow(result)


def entity_detail(nav: Navigator, entity_id: str) -> dict:
    """One entity with its spellings (how each joined, party rows) and manual decisions touching it."""
    entity, party = nav.table("entity"), nav.table("party")
    found = nav.ibis.to_pyarrow(entity.filter(entity.entity_id == entity_id)).to_pylist()
    if not found:
        raise NotFoundError(
            f"no entity {entity_id!r}", hint="Find ids with `chainnav entities show --query NAME`."
        )
    record = found[0]
    rows = party.filter((party.entity_id == entity_id) & party.role.isin(_roles(record["kind"])))
    rows = rows.mutate(name=party_name(rows))
    names = rows.group_by("name").agg(parties=rows.count(), patents=rows.patent_id.nunique())
    alias = nav.table("entity_alias")
    names = names.join(
        alias.filter(alias.kind == record["kind"]).select(
            name="name_norm", method="method", score="score", alias_entity="entity_id"
        ),
        "name",
        how="left",
    )
    names = names.select(
        "name",
        "parties",
        "patents",
        method=ibis.ifelse(names.alias_entity == entity_id, names.method, ibis.literal("occurrence")),
        score=names.score,
    )
    record["names"] = nav.ibis.to_pyarrow(names.order_by([ibis.desc("parties"), "name"])).to_pylist()
    record["patents"] = int(nav.ibis.to_pyarrow(rows.patent_id.nunique()).as_py())
    overrides = nav.table("entity_override")
    spellings = [n["name"] for n in record["names"]]
    touching = overrides.filter(
        (overrides.kind == record["kind"])
        & (overrides.name_a.isin(spellings) | overrides.name_b.isin(spellings))
    ).order_by("override_id")
    record["overrides"] = nav.ibis.to_pyarrow(touching).to_pylist()
    return record


def _lookup(nav: Navigator, ref: str, kind: str) -> tuple[str, str | None]:
    """A merge endpoint for an entity id or a name: (name, patent of one occurrence for inventors)."""
    party = nav.table("party")
    rows = party.filter(party.role.isin(_roles(kind)))
    rows = rows.mutate(name=party_name(rows))
    by_id = rows.filter(rows.entity_id == ref)
    by_name = rows.filter((rows.name == ref) | (rows.name_raw == ref))
    for candidates in (by_id, by_name):
        ranked = candidates.group_by(["name"]).agg(n=candidates.count(), patent=candidates.patent_id.min())
        top = nav.ibis.to_pyarrow(ranked.order_by([ibis.desc("n"), "name"]).limit(1)).to_pylist()
        if top:
            return top[0]["name"], (top[0]["patent"] if kind == "inventor" else None)
    raise NotFoundError(
        f"no {kind} entity or name {ref!r} in the store",
        hint="Find ids and names with `chainnav entities show --query TEXT`.",
    )


def _record(nav: Navigator, rows: Sequence[tuple]) -> None:
    if not rows:
        return
    nav.con.executemany(
        "INSERT INTO entity_override (kind, action, name_a, patent_a, name_b, patent_b, note) "
        "VALUES (?, ?, ?, ?, ?, ?, ?)",
        [list(r) for r in rows],
    )


def merge(
    nav: Navigator,
    refs: Sequence[str],
    *,
    kind: str = "applicant",
    note: str | None = None,
    reresolve: bool = True,
) -> ResolveReport | None:
    """Make the entities (ids or names) in ``refs`` one entity, now and after every later resolve."""
    if len(refs) < 2:
        raise ChainnavError(
            "merge needs at least two entities or names", hint="chainnav entities merge ID1 ID2"
        )
    ends = [_lookup(nav, ref, kind) for ref in refs]
    first = ends[0]
    _record(nav, [(kind, "merge", first[0], first[1], end[0], end[1], note) for end in ends[1:]])
    return resolve(nav, kind) if reresolve else None


def split(
    nav: Navigator,
    entity_id: str,
    *,
    names: Sequence[str] = (),
    patents: Sequence[str] = (),
    note: str | None = None,
    reresolve: bool = True,
) -> ResolveReport | None:
    """Take spellings (applicants: ``names``) or occurrences (inventors: ``patents``) out of an entity.

    What is taken out takes no automatic match any more and becomes one new entity together;
    earlier manual merges of those spellings or occurrences are withdrawn.
    """
    detail = entity_detail(nav, entity_id)
    kind = detail["kind"]
    party = nav.table("party")
    rows = party.filter((party.entity_id == entity_id) & party.role.isin(_roles(kind)))
    rows = rows.mutate(name=party_name(rows))
    if kind == "applicant":
        if not names or patents:
            raise ChainnavError("split an applicant by --name (one or more of its spellings)")
        spellings = {n["name"] for n in detail["names"]}
        unknown = [n for n in names if n not in spellings]
        if unknown:
            raise NotFoundError(
                f"{unknown[0]!r} is not a spelling of {entity_id}",
                hint=f"See its spellings with `chainnav entities show {entity_id}`.",
            )
        ends = [(n, None) for n in names]
    else:
        if not patents:
            raise ChainnavError("split an inventor by --patent (publications of the occurrences to take out)")
        found = nav.ibis.to_pyarrow(
            rows.filter(rows.patent_id.isin(list(patents))).select("name", "patent_id")
        )
        ends = [(r["name"], r["patent_id"]) for r in found.to_pylist()]
        missing = set(patents) - {p for _, p in ends}
        if missing:
            raise NotFoundError(
                f"{sorted(missing)[0]} is not a publication of {entity_id}",
                hint=f"See the entity with `chainnav entities show {entity_id}`.",
            )
    con = nav.con
    con.execute("BEGIN TRANSACTION")
    try:
        for name, patent in ends:
            con.execute(
                "DELETE FROM entity_override WHERE kind = ? AND action = 'merge' AND "
                "((name_a = ? AND patent_a IS NOT DISTINCT FROM ?) OR (name_b = ? AND patent_b IS NOT DISTINCT FROM ?))",
                [kind, name, patent, name, patent],
            )
        _record(nav, [(kind, "detach", name, patent, None, None, note) for name, patent in ends])
        _record(nav, [(kind, "merge", ends[0][0], ends[0][1], n, p, note) for n, p in ends[1:]])
        con.execute("COMMIT")
    except Exception:
        con.execute("ROLLBACK")
        raise
    return resolve(nav, kind) if reresolve else None


def overrides(nav: Navigator, kind: str | None = None) -> pa.Table:
    """Every manual decision, oldest first."""
    table = nav.table("entity_override")
    if kind:
        table = table.filter(table.kind == kind)
    return nav.ibis.to_pyarrow(table.order_by("override_id"))
