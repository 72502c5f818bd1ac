"""Entity resolution: fill ``entity``, ``entity_alias`` and ``party.entity_id`` from the party names.

Applicants (roles applicant and assignee) are resolved by name: equal match keys, fuzzy key
matches inside blocks, and Chinese ↔ English names that the same family lists. Inventors are
resolved by occurrence: the same name on two publications is one person when the publications
share an applicant entity or a co-inventor. Manual decisions (``entity_override``) win over every
automatic rule. Re-running is idempotent and keeps entity ids stable where clusters persist.
"""

from __future__ import annotations

import hashlib
import time
from dataclasses import asdict, dataclass, field
from typing import TYPE_CHECKING

import ibis
import numpy as np
import pandas as pd
import pyarrow as pa

from chainnav.entities.matching import connected_components, name_links
from chainnav.entities.names import match_key, script
from chainnav.errors import ChainnavError

if TYPE_CHECKING:
    from chainnav.navigator import Navigator

KINDS = ("applicant", "inventor")
APPLICANT_ROLES = ("applicant", "assignee")
ID_PREFIX = {"applicant": "A", "inventor": "I"}
# A detached name gets a key no other name can have, so it only joins through manual merges.
DETACHED = "\x00detached:"


@dataclass
class KindReport:
    """What one resolution of applicants or inventors did."""

    kind: str
    names: int = 0
    parties: int = 0
    entities: int = 0
    merged_entities: int = 0  # entities with more than one spelling (applicants) or occurrence (inventors)
    largest_entity: int = 0
    links: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0


@dataclass
class ResolveReport:
    """The result of :func:`resolve`: one :class:`KindReport` per kind resolved."""

    kinds: list[KindReport] = field(default_factory=list)

    def to_dict(self) -> dict:
        return {"kinds": [asdict(k) for k in self.kinds]}

    def __str__(self) -> str:
        lines = []
        for k in self.kinds:
            links = ", ".join(f"{m} {n}" for m, n in sorted(k.links.items())) or "none"
            lines.append(
                f"{k.kind}: {k.names} names on {k.parties} party rows -> {k.entities} entities "
                f"({k.merged_entities} merged, largest {k.largest_entity}); links: {links}; {k.seconds:.1f} s"
            )
        return "\n".join(lines)


def _check_kind(kind: str | None) -> list[str]:
    if kind is None:
        return list(KINDS)
    if kind not in KINDS:
        raise ChainnavError(f"unknown entity kind {kind!r}", hint="Use --kind applicant or --kind inventor.")
    return [kind]


def resolve(nav: Navigator, kind: str | None = None, *, workers: int = 1) -> ResolveReport:
    """Resolve applicants and/or inventors of the whole store (applicants first: inventors use them).

    ``kind`` is ``"applicant"``, ``"inventor"`` or None for both. ``workers`` is passed to
    rapidfuzz (``-1`` uses every core).
    """
    report = ResolveReport()
    for k in _check_kind(kind):
        started = time.perf_counter()
        part = _resolve_applicants(nav, workers) if k == "applicant" else _resolve_inventors(nav)
        part.seconds = round(time.perf_counter() - started, 3)
        report.kinds.append(part)
    return report


# -- shared pieces ------------------------------------------------------------------------------


def party_name(party: ibis.Table) -> ibis.Value:
    """The name a party row is resolved under: the import's normalized name, else the raw name."""
    return ibis.coalesce(party.name_norm, party.name_raw)


def _overrides(nav: Navigator, kind: str) -> pd.DataFrame:
    table = nav.table("entity_override")
    return table.filter(table.kind == kind).order_by("override_id").to_pandas()


def new_entity_id(kind: str, seed: str) -> str:
    """A deterministic id for a new entity, from its representative name (or occurrence)."""
    digest = hashlib.sha1(f"{kind}\x00{seed}".encode()).hexdigest()[:12]
    return f"{ID_PREFIX[kind]}{digest}"


def _assign_ids(kind: str, frame: pd.DataFrame) -> pd.Series:
    """Entity id per cluster: the previous id most of its rows had, else a new one.

    ``frame`` has one row per node with columns cluster, weight, old_id and seed (the cluster's
    representative). An old id goes to the cluster holding most of its rows, so ids survive
    re-imports and growing clusters; a split keeps the id with the bigger part.
    """
    old = frame.dropna(subset=["old_id"])
    chosen: dict[int, str] = {}
    if not old.empty:
        votes = old.groupby(["old_id", "cluster"], as_index=False)["weight"].sum()
        votes = votes.sort_values(["weight", "cluster"], ascending=[False, True])
        winners = votes.drop_duplicates("old_id").sort_values(["weight", "old_id"], ascending=[False, True])
        for old_id, cluster in zip(winners["old_id"], winners["cluster"], strict=True):
            if cluster not in chosen:
                chosen[int(cluster)] = str(old_id)
    taken = set(chosen.values())
    seeds = frame.drop_duplicates("cluster").set_index("cluster")["seed"]
    ids: dict[int, str] = {}
    for cluster, seed in seeds.items():
        if int(cluster) in chosen:
            ids[int(cluster)] = chosen[int(cluster)]
            continue
        candidate, salt = new_entity_id(kind, str(seed)), 0
        while candidate in taken:
            salt += 1
            candidate = new_entity_id(kind, f"{seed}\x00{salt}")
        taken.add(candidate)
        ids[int(cluster)] = candidate
    return frame["cluster"].map(ids)


def _write(
    nav: Navigator,
    kind: str,
    entities: pa.Table,
    aliases: pa.Table,
    assignments: pa.Table,
    match_columns: tuple[str, ...],
    roles: tuple[str, ...],
) -> int:
    """Replace the kind's entities and aliases and set ``party.entity_id``, in one transaction."""
    con = nav.con
    # Copied into temporary tables so the statements below join ordinary tables.
    for name, data in (("_entities_new", entities), ("_aliases_new", aliases), ("_assign_new", assignments)):
        con.register("_entities_arrow", data)
        con.execute(f"CREATE OR REPLACE TEMP TABLE {name} AS SELECT * FROM _entities_arrow")
        con.unregister("_entities_arrow")
    role_list = ", ".join(f"'{r}'" for r in roles)
    on = " AND ".join(
        f"p.{c} = a.{c}" if c != "name" else "coalesce(p.name_norm, p.name_raw) = a.name"
        for c in match_columns
    )
    try:
        con.execute("BEGIN TRANSACTION")
        con.execute("DELETE FROM entity WHERE kind = ?", [kind])
        con.execute(
            "INSERT INTO entity (entity_id, kind, name, name_zh, name_en, country, region, entity_type) "
            "SELECT entity_id, kind, name, name_zh, name_en, country, region, entity_type FROM _entities_new"
        )
        con.execute("DELETE FROM entity_alias WHERE kind = ?", [kind])
        con.execute(
            "INSERT INTO entity_alias (kind, name_norm, entity_id, method, score) "
            "SELECT kind, name_norm, entity_id, method, score FROM _aliases_new"
        )
        # Every party row of these roles has an assignment (they were all read), so one UPDATE sets
        # them all; clearing first and updating again in one transaction is far slower in DuckDB.
        # Updated in the party table's row order: DuckDB applies updates arriving in random row
        # order hundreds of times slower (12 s instead of 0.03 s for the demo's 25,000 inventors).
        updated = con.execute(
            f"UPDATE party SET entity_id = s.entity_id FROM ("
            f"SELECT p.rowid AS rid, a.entity_id FROM party AS p JOIN _assign_new AS a ON {on} "
            f"WHERE p.role IN ({role_list}) ORDER BY rid) AS s WHERE party.rowid = s.rid"
        ).fetchone()
        con.execute("COMMIT")
    except Exception:
        con.execute("ROLLBACK")
        raise
    finally:
        for name in ("_entities_new", "_aliases_new", "_assign_new"):
            con.execute(f"DROP TABLE IF EXISTS {name}")
    return int(updated[0]) if updated else 0


def _mode_first(frame: pd.DataFrame, column: str) -> pd.Series:
    """Per cluster, the value of ``column`` carried by the most party rows (nulls ignored)."""
    sub = frame.dropna(subset=[column])
    if sub.empty:
        return pd.Series(dtype=object)
    weights = sub.groupby(["cluster", column], as_index=False)["weight"].sum()
    weights = weights.sort_values(["cluster", "weight", column], ascending=[True, False, True])
    return weights.drop_duplicates("cluster").set_index("cluster")[column]


def _entity_rows(kind: str, nodes: pd.DataFrame) -> pa.Table:
    """One entity row per cluster: display name, Chinese and English names, country, region, type."""
    ordered = nodes.sort_values(["cluster", "weight", "name"], ascending=[True, False, True])
    first = ordered.drop_duplicates("cluster").set_index("cluster")
    out = pd.DataFrame({"entity_id": first["entity_id"], "kind": kind, "name": first["raw"]})
    scripts = nodes.assign(script=nodes["name"].map(script))
    for label, column in (("han", "name_zh"), ("latin", "name_en")):
        sub = scripts[scripts["script"] == label]
        sub = sub.sort_values(["cluster", "weight", "name"], ascending=[True, False, True])
        out[column] = sub.drop_duplicates("cluster").set_index("cluster")["raw"]
    for column in ("country", "region", "entity_type"):
        out[column] = _mode_first(nodes, column)
    out = out.reset_index(drop=True).astype(object)
    return pa.Table.from_pandas(out.where(out.notna(), None), preserve_index=False)


def _name_attributes(nav: Navigator, roles: tuple[str, ...], by: tuple[str, ...]) -> pd.DataFrame:
    """Party rows grouped by ``by`` with their count, usual raw spelling, country, region, type."""
    party = nav.table("party")
    rows = party.filter(party.role.isin(roles)).mutate(name=party_name(party))
    return (
        rows.group_by(list(by))
        .agg(
            weight=rows.count(),
            raw=rows.name_raw.mode(),
            country=rows.country.mode(),
            region=rows.region.mode(),
            entity_type=rows.entity_type.mode(),
            old_id=rows.entity_id.mode(),
        )
        .to_pandas()
    )


# -- applicants ---------------------------------------------------------------------------------


def _family_links(nav: Navigator) -> pd.DataFrame:
    """Chinese ↔ English applicant names that name one holder, as the data links them.

    A family (or a publication without family id) with exactly one Chinese-script and exactly one
    Latin-script applicant name proposes the pair; a pair is kept when each name is the other's
    most frequent partner (mutual best), so a co-applicant seen once does not link.
    """
    party, patent = nav.table("party"), nav.table("patent")
    rows = party.filter(party.role.isin(APPLICANT_ROLES)).mutate(name=party_name(party))
    rows = rows.join(patent.select("patent_id", "family_id"), "patent_id", how="left")
    rows = (
        rows.mutate(
            family=ibis.coalesce(rows.family_id, rows.patent_id),
            han=rows.name.re_search("[\u3400-\u9fff]"),
        )
        .select("family", "name", "han")
        .distinct()
    )
    per_family = (
        rows.group_by("family")
        .agg(n_han=rows.han.sum(), n_latin=(~rows.han).sum())
        .filter(lambda t: (t.n_han == 1) & (t.n_latin == 1))
    )
    picked = rows.join(per_family.select("family"), "family")
    han = picked.filter(picked.han).select("family", zh=picked.name)
    latin = picked.filter(~picked.han).select("family", en=picked.name)
    pairs = han.join(latin, "family").group_by(["zh", "en"]).agg(families=lambda t: t.count())
    frame = pairs.to_pandas()
    if frame.empty:
        return frame
    frame = frame.sort_values(["families", "zh", "en"], ascending=[False, True, True])
    best_en = frame.drop_duplicates("zh")
    best_zh = frame.drop_duplicates("en")
    return best_en.merge(best_zh[["zh", "en"]], on=["zh", "en"])


def _resolve_applicants(nav: Navigator, workers: int) -> KindReport:
    kind = "applicant"
    report = KindReport(kind=kind)
    nodes = _name_attributes(nav, APPLICANT_ROLES, ("name",))
    if nodes.empty:
        _write(
            nav,
            kind,
            _empty_entities(),
            _empty_aliases(),
            pa.table({"name": pa.array([], pa.string()), "entity_id": pa.array([], pa.string())}),
            ("name",),
            APPLICANT_ROLES,
        )
        return report
    nodes = nodes.sort_values("name").reset_index(drop=True)
    overrides = _overrides(nav, kind)
    detached = set(overrides.loc[overrides.action == "detach", "name_a"])
    index = {name: i for i, name in enumerate(nodes["name"])}
    keys = [DETACHED + name if name in detached else match_key(name, kind=kind) for name in nodes["name"]]
    nodes["key"] = keys

    edges: list[tuple[np.ndarray, np.ndarray, str, np.ndarray]] = []
    # Equal keys: every node links to the first node of its key.
    unique_keys, key_index = np.unique(np.array(keys, dtype=object), return_inverse=True)
    order = np.arange(len(keys))
    first_of_key = np.full(len(unique_keys), len(keys), dtype=np.int64)
    np.minimum.at(first_of_key, key_index, order)
    same = first_of_key[key_index] != order
    edges.append((order[same], first_of_key[key_index][same], "rule", np.full(int(same.sum()), 100.0)))

    live = [i for i, k in enumerate(unique_keys) if not str(k).startswith(DETACHED)]
    for how, pairs in name_links([str(unique_keys[i]) for i in live], workers=workers).items():
        if pairs:
            a = np.array([first_of_key[live[p[0]]] for p in pairs], dtype=np.int64)
            b = np.array([first_of_key[live[p[1]]] for p in pairs], dtype=np.int64)
            edges.append((a, b, how, np.array([p[2] for p in pairs])))

    family = _family_links(nav)
    if not family.empty:
        ok = family["zh"].isin(index) & family["en"].isin(index)
        ok &= ~family["zh"].isin(detached) & ~family["en"].isin(detached)
        family = family[ok]
        edges.append(
            (
                family["zh"].map(index).to_numpy(),
                family["en"].map(index).to_numpy(),
                "family",
                family["families"].to_numpy(dtype=float),
            )
        )

    merges = overrides[
        (overrides.action == "merge") & overrides.name_a.isin(index) & overrides.name_b.isin(index)
    ]
    edges.append(
        (
            merges["name_a"].map(index).to_numpy(),
            merges["name_b"].map(index).to_numpy(),
            "manual",
            np.full(len(merges), 100.0),
        )
    )

    left = np.concatenate([e[0] for e in edges]).astype(np.int64)
    right = np.concatenate([e[1] for e in edges]).astype(np.int64)
    nodes["cluster"] = connected_components(len(nodes), left, right)
    report.links = {m: int(len(e[0])) for e in edges for m in [e[2]] if len(e[0])}

    # How each name joined its entity: its own spelling (exact), the representative's key (rule),
    # else the strongest link reaching its key group (manual > family > initials > fuzzy).
    key_method = np.full(len(unique_keys), "rule", dtype=object)
    key_score = np.full(len(unique_keys), 100.0)
    for lft, rgt, how, scores in sorted(
        edges, key=lambda e: ("rule", "fuzzy", "initials", "family", "manual").index(e[2])
    ):
        if how == "rule":
            continue
        for side in (lft, rgt):
            key_method[key_index[side.astype(np.int64)]] = how
            key_score[key_index[side.astype(np.int64)]] = scores
    rep = nodes.sort_values(["cluster", "weight", "name"], ascending=[True, False, True]).drop_duplicates(
        "cluster"
    )
    nodes["seed"] = nodes["cluster"].map(rep.set_index("cluster")["name"])
    seed_key = nodes["cluster"].map(rep.set_index("cluster")["key"])
    nodes["method"] = np.where(
        nodes["name"] == nodes["seed"],
        "exact",
        np.where(nodes["key"] == seed_key, "rule", key_method[key_index]),
    )
    nodes["score"] = np.where(nodes["key"] == seed_key, 100.0, key_score[key_index])
    nodes["entity_id"] = _assign_ids(kind, nodes)

    aliases = pa.table(
        {
            "kind": [kind] * len(nodes),
            "name_norm": nodes["name"].tolist(),
            "entity_id": nodes["entity_id"].tolist(),
            "method": nodes["method"].tolist(),
            "score": nodes["score"].astype(float).tolist(),
        }
    )
    assignments = pa.table({"name": nodes["name"].tolist(), "entity_id": nodes["entity_id"].tolist()})
    entities = _entity_rows(kind, nodes)
    _write(nav, kind, entities, aliases, assignments, ("name",), APPLICANT_ROLES)

    sizes = nodes.groupby("cluster").size()
    report.names = len(nodes)
    report.parties = int(nodes["weight"].sum())
    report.entities = int(len(sizes))
    report.merged_entities = int((sizes > 1).sum())
    report.largest_entity = int(sizes.max())
    return report


# -- inventors ----------------------------------------------------------------------------------


def _resolve_inventors(nav: Navigator) -> KindReport:
    kind = "inventor"
    report = KindReport(kind=kind)
    occ = _name_attributes(nav, ("inventor",), ("patent_id", "name"))
    if occ.empty:
        _write(
            nav,
            kind,
            _empty_entities(),
            _empty_aliases(),
            pa.table(
                {
                    "patent_id": pa.array([], pa.string()),
                    "name": pa.array([], pa.string()),
                    "entity_id": pa.array([], pa.string()),
                }
            ),
            ("patent_id", "name"),
            ("inventor",),
        )
        return report
    names = occ["name"].drop_duplicates()
    key_of = {name: match_key(name, kind=kind) for name in names}
    occ["key"] = occ["name"].map(key_of)
    occ = occ.sort_values(["key", "patent_id", "name"]).reset_index(drop=True)
    occ["occ"] = np.arange(len(occ), dtype=np.int64)

    overrides = _overrides(nav, kind)
    detach = overrides[overrides.action == "detach"][["name_a", "patent_a"]]
    detached = occ.merge(detach, left_on=["name", "patent_id"], right_on=["name_a", "patent_a"])["occ"]
    active = occ[~occ["occ"].isin(detached)]

    # Evidence is joined in DuckDB: occurrences sharing (key, applicant entity) or (key, co-inventor key).
    occ_t = ibis.memtable(active[["occ", "patent_id", "key"]])
    party = nav.table("party")
    apps = (
        party.filter(party.role.isin(APPLICANT_ROLES) & party.entity_id.notnull())
        .select("patent_id", app="entity_id")
        .distinct()
    )
    by_app = occ_t.join(apps, "patent_id")
    by_app = by_app.select("occ", anchor=by_app.occ.min().over(group_by=[by_app.key, by_app.app]))
    co = occ_t.select("patent_id", co_key="key")
    by_co = occ_t.join(co, "patent_id").filter(lambda t: t.key != t.co_key)
    by_co = by_co.select("occ", anchor=by_co.occ.min().over(group_by=[by_co.key, by_co.co_key]))
    links = {}
    parts = []
    for label, expr in (("applicant", by_app), ("co_inventor", by_co)):
        frame = nav.ibis.to_pyarrow(expr.filter(expr.occ != expr.anchor).distinct())
        links[label] = frame.num_rows
        parts.append(frame)

    lookup = occ.set_index(["name", "patent_id"])["occ"]
    merges = overrides[overrides.action == "merge"]
    manual_a, manual_b = [], []
    for row in merges.itertuples():
        a, b = (row.name_a, row.patent_a), (row.name_b, row.patent_b)
        if a in lookup.index and b in lookup.index:
            manual_a.append(int(lookup[a]))
            manual_b.append(int(lookup[b]))
    links["manual"] = len(manual_a)
    left = np.concatenate([p["occ"].to_numpy() for p in parts] + [np.array(manual_a, dtype=np.int64)])
    right = np.concatenate([p["anchor"].to_numpy() for p in parts] + [np.array(manual_b, dtype=np.int64)])
    occ["cluster"] = connected_components(len(occ), left, right)
    report.links = {k: int(v) for k, v in links.items() if v}

    rep = occ.sort_values(["cluster", "patent_id"]).drop_duplicates("cluster").set_index("cluster")
    occ["seed"] = occ["cluster"].map(rep["name"] + "\x00" + rep["patent_id"])
    occ["entity_id"] = _assign_ids(kind, occ)
    entities = _entity_rows(kind, occ)

    # entity_alias holds one entity per name: the one with most occurrences of that name.
    per_name = occ.groupby(["name", "entity_id"], as_index=False)["weight"].sum()
    per_name = per_name.sort_values(["name", "weight", "entity_id"], ascending=[True, False, True])
    per_name = per_name.drop_duplicates("name")
    aliases = pa.table(
        {
            "kind": [kind] * len(per_name),
            "name_norm": per_name["name"].tolist(),
            "entity_id": per_name["entity_id"].tolist(),
            "method": ["rule"] * len(per_name),
            "score": [100.0] * len(per_name),
        }
    )
    assignments = pa.table(
        {
            "patent_id": occ["patent_id"].tolist(),
            "name": occ["name"].tolist(),
            "entity_id": occ["entity_id"].tolist(),
        }
    )
    _write(nav, kind, entities, aliases, assignments, ("patent_id", "name"), ("inventor",))

    sizes = occ.groupby("cluster").size()
    report.names = int(len(names))
    report.parties = int(occ["weight"].sum())
    report.entities = int(len(sizes))
    report.merged_entities = int((sizes > 1).sum())
    report.largest_entity = int(sizes.max())
    return report


def _empty_entities() -> pa.Table:
    columns = ("entity_id", "kind", "name", "name_zh", "name_en", "country", "region", "entity_type")
    return pa.table({c: pa.array([], pa.string()) for c in columns})


def _empty_aliases() -> pa.Table:
    return pa.table(
        {
            "kind": pa.array([], pa.string()),
            "name_norm": pa.array([], pa.string()),
            "entity_id": pa.array([], pa.string()),
            "method": pa.array([], pa.string()),
            "score": pa.array([], pa.float64()),
        }
    )
