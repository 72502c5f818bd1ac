"""Match standards' drafting organisations (起草单位) to the chain's patent applicants.

In order, first hit wins: (1) the entity layer — an ``entity_alias`` of the drafter's normalized
name whose entity also files patents; (2) the same normalized name in ``party``; (3) a shipped
translation of the organisation's Chinese name (``data/organisation_names.csv``) whose match key
equals an applicant's; (4) rapidfuzz ratio ≥ ``FUZZY_CUTOFF`` between match keys of the same
script, guarded by the entity layer's compatibility check. The result is ``drafter_applicant``.
"""

from __future__ import annotations

import csv
from importlib import resources

import pyarrow as pa
from rapidfuzz import fuzz, process

from chainnav.entities.names import fuzzy_compatible, match_key, script, sorted_key
from chainnav.navigator import Navigator

FUZZY_CUTOFF = 92.0
APPLICANT_ROLES = ("applicant", "assignee")


def organisation_translations() -> dict[str, str]:
    """Chinese organisation name -> its own English name (shipped, facts only)."""
    text = resources.files("chainnav.standards").joinpath("data/organisation_names.csv").read_text("utf-8")
    return {row["name_zh"]: row["name_en"] for row in csv.DictReader(text.splitlines())}


def match_drafters(nav: Navigator) -> tuple[int, int]:
    """Rebuild ``drafter_applicant``; returns (drafters matched, distinct drafters)."""
    drafters = (
        nav.table("standard_drafter").group_by("name_norm").aggregate(name_raw=lambda t: t.name_raw.min())
        .to_pyarrow().to_pylist()
    )
    party = nav.table("party")
    applicants = (
        party.filter(party.role.isin(APPLICANT_ROLES) & party.name_norm.notnull())
        .group_by(["name_norm", "entity_id"]).aggregate(n=lambda t: t.count())
        .order_by([lambda t: t.n.desc(), "name_norm"]).to_pyarrow().to_pylist()
    )
    by_norm = {}
    by_entity: dict[str, str] = {}
    for row in applicants:
        by_norm.setdefault(row["name_norm"], row["entity_id"])
        if row["entity_id"] is not None:
            by_entity.setdefault(row["entity_id"], row["name_norm"])
    aliases = {
        row["name_norm"]: row["entity_id"]
        for row in nav.table("entity_alias").filter(lambda t: t.kind == "applicant").to_pyarrow().to_pylist()
    }
    # Keys with sorted words, so "BEIHANG UNIV" meets Lens's "UNIV BEIHANG".
    keys: dict[str, str] = {}
    for name in by_norm:
        keys.setdefault(sorted_key(match_key(name)), name)
    translations = organisation_translations()
    key_list = list(keys)
    rows = []
    for drafter in drafters:
        norm, raw = drafter["name_norm"], drafter["name_raw"]
        found = None
        entity = aliases.get(norm)
        if entity is not None and entity in by_entity:
            found = (by_entity[entity], entity, "entity", 100.0)
        elif norm in by_norm:
            found = (norm, by_norm[norm], "exact", 100.0)
        elif raw in translations and sorted_key(match_key(translations[raw])) in keys:
            applicant = keys[sorted_key(match_key(translations[raw]))]
            found = (applicant, by_norm[applicant], "translation", 100.0)
        else:
            key = sorted_key(match_key(raw))
            same_script = [k for k in key_list if script(k) == script(key)]
            best = process.extractOne(key, same_script, scorer=fuzz.ratio, score_cutoff=FUZZY_CUTOFF) if key else None
            if best is not None and fuzzy_compatible(key, best[0]):
                applicant = keys[best[0]]
                found = (applicant, by_norm[applicant], "fuzzy", float(best[1]))
        if found:
            rows.append({"name_norm": norm, "applicant_norm": found[0], "entity_id": found[1],
                         "method": found[2], "score": found[3]})
    table = pa.Table.from_pylist(rows, schema=pa.schema([
        ("name_norm", pa.string()), ("applicant_norm", pa.string()), ("entity_id", pa.string()),
        ("method", pa.string()), ("score", pa.float64()),
    ]))
    replace_rows(nav, "drafter_applicant", table)
    return len(rows), len(drafters)


def replace_rows(nav: Navigator, name: str, rows: pa.Table, where: str = "", params: list[object] | None = None) -> None:
    """Replace the rows of table ``name`` (all, or those matching the SQL ``where``) by ``rows``.

    One transaction, so readers never see the table half rewritten; ``rows`` has the table's columns
    in the table's order.
    """
    con = nav.con
    incoming = f"incoming_{name}"
    con.execute("BEGIN TRANSACTION")
    try:
        con.execute(f"DELETE FROM {name}" + (f" WHERE {where}" if where else ""), params or [])
        con.register(incoming, rows)
        con.execute(f"INSERT INTO {name} SELECT {', '.join(rows.column_names)} FROM {incoming}")
        con.unregister(incoming)
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise
