"""Classification: rebuild ``chain``, ``chain_node`` and ``patent_node`` for chains, one transaction each.

The assignments come from the compiled, set-based expression of :mod:`chainnav.chains.compiler`
and are written with one ``INSERT … SELECT``; re-running replaces a chain's rows (idempotent).
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import TYPE_CHECKING

import ibis
import pyarrow as pa
import yaml

from chainnav.chains.compiler import (
    HIT_SCHEMA,
    StoreTables,
    applicant_expr,
    assignments_expr,
    compile_chain,
    hits_expr,
    text_expr,
    text_keys,
)
from chainnav.chains.registry import list_chains, load_chain
from chainnav.chains.schema import ChainDefinition
from chainnav.errors import ChainnavError

if TYPE_CHECKING:
    from chainnav.navigator import Navigator

# Temporary tables of one classification run, by role (see StoreTables).
RUN_TABLES = {
    "text": "chainnav_chain_text",
    "text_keys": "chainnav_chain_text_keys",
    "applicants": "chainnav_chain_applicants",
    "applicant_keys": "chainnav_chain_applicant_keys",
}
HITS_TABLE = "chainnav_chain_hits"
DUCKDB_TYPES = {pa.string(): "VARCHAR", pa.float64(): "DOUBLE", pa.int64(): "BIGINT"}


@dataclass
class ChainResult:
    """What one chain's classification produced."""

    chain_id: str
    version: str
    nodes: int
    assignments: int
    patents: int
    seconds: float
    per_node: dict[str, int] = field(default_factory=dict)


@dataclass
class ClassifyReport:
    """The outcome of ``chainnav classify``: one result per chain and the total time."""

    chains: list[ChainResult]
    patents_in_store: int
    seconds: float

    def to_dict(self) -> dict[str, object]:
        return {
            "patents_in_store": self.patents_in_store,
            "seconds": round(self.seconds, 3),
            "chains": [
                {**r.__dict__, "seconds": round(r.seconds, 3)} for r in self.chains
            ],
        }


def _definitions(chain_ids: Sequence[str | ChainDefinition] | None) -> list[ChainDefinition]:
    if chain_ids is None:
        return list_chains()
    return [c if isinstance(c, ChainDefinition) else load_chain(c) for c in chain_ids]


def _definition_text(chain: ChainDefinition) -> str:
    return yaml.safe_dump(chain.model_dump(mode="json", exclude_defaults=True), allow_unicode=True, sort_keys=False)


def classify(
    nav: Navigator,
    chain_ids: Sequence[str | ChainDefinition] | None = None,
    *,
    progress: bool = False,
) -> ClassifyReport:
    """Classify the store's patents onto the nodes of each chain (all shipped chains when None).

    A chain may be given by id or as a loaded :class:`ChainDefinition` (e.g. a draft file).
    """
    started = time.perf_counter()
    chains = _definitions(chain_ids)
    backend = nav.ibis
    # Normalized texts and names and their join keys are computed once and shared by every chain
    # of this run (ibis 12's create_table emits SQL duckdb 2 rejects, hence compiled expressions).
    sources = {
        "text": text_expr(backend.table("patent")),
        "applicants": applicant_expr(backend.table("party")),
    }
    for role, keys_role in (("text", "text_keys"), ("applicants", "applicant_keys")):
        _materialize(nav, RUN_TABLES[role], sources[role])
        _materialize(nav, RUN_TABLES[keys_role], text_keys(backend.table(RUN_TABLES[role])))
    tables = StoreTables(backend, tables=RUN_TABLES)
    results: list[ChainResult] = []
    bar = None
    if progress:
        from rich.progress import Progress

        bar = Progress()
        bar.start()
        task = bar.add_task("classifying", total=len(chains))
    try:
        for chain in chains:
            if bar is not None:
                bar.update(task, description=f"classifying {chain.id}")
            results.append(_classify_one(nav, chain, tables))
            if bar is not None:
                bar.advance(task)
    finally:
        if bar is not None:
            bar.stop()
        for table in (HITS_TABLE, *RUN_TABLES.values()):
            nav.con.execute(f"DROP TABLE IF EXISTS {table}")
    total = nav.con.execute("SELECT count(*) FROM patent").fetchall()[0][0]
    return ClassifyReport(results, int(total), time.perf_counter() - started)


def _materialize(nav: Navigator, name: str, expr: ibis.Table) -> None:
    nav.con.execute(f"CREATE OR REPLACE TEMP TABLE {name} AS {nav.ibis.compile(expr)}")


def _classify_one(nav: Navigator, chain: ChainDefinition, tables: StoreTables) -> ChainResult:
    began = time.perf_counter()
    compiled = compile_chain(chain)
    order = {node.id: i for i, node in enumerate(chain.walk())}
    node_rows = [
        (chain.id, node.id, node.parent, node.segment, node.name.zh, node.name.en, chain.depth(node.id),
         order[node.id], node.description.zh if node.description else None,
         node.description.en if node.description else None)
        for node in chain.nodes
    ]
    con = nav.con
    con.execute("BEGIN TRANSACTION")
    try:
        # the hits feed three steps of the assignment; computing them once saves two passes
        columns = ", ".join(f"{field.name} {DUCKDB_TYPES[field.type]}" for field in HIT_SCHEMA)
        con.execute(f"CREATE OR REPLACE TEMP TABLE {HITS_TABLE} ({columns})")
        nav.ibis.insert(HITS_TABLE, hits_expr(compiled, tables))
        expr = assignments_expr(compiled, tables, hits=nav.ibis.table(HITS_TABLE))
        expr = expr.select(
            chain_id=ibis.literal(chain.id), node_id=expr.node_id, patent_id=expr.patent_id,
            rule_id=expr.rule_id, rule_type=expr.rule_type, score=expr.score,
        )
        for table in ("patent_node", "chain_node", "chain"):
            con.execute(f"DELETE FROM {table} WHERE chain_id = ?", [chain.id])
        con.execute(
            "INSERT INTO chain (chain_id, version, name_zh, name_en, definition, classified_at) VALUES (?, ?, ?, ?, ?, ?)",
            [chain.id, chain.version, chain.name.zh, chain.name.en, _definition_text(chain),
             datetime.now(UTC).replace(tzinfo=None)],
        )
        con.executemany(
            "INSERT INTO chain_node (chain_id, node_id, parent_id, segment, name_zh, name_en, depth, ord, "
            "description_zh, description_en) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            node_rows,
        )
        nav.ibis.insert("patent_node", expr)
        counts = con.execute(
            "SELECT node_id, count(*) FROM patent_node WHERE chain_id = ? GROUP BY node_id", [chain.id]
        ).fetchall()
        patents = con.execute(
            "SELECT count(DISTINCT patent_id) FROM patent_node WHERE chain_id = ?", [chain.id]
        ).fetchall()[0][0]
        con.execute("COMMIT")
    except Exception as exc:
        con.execute("ROLLBACK")
        if isinstance(exc, ChainnavError):
            raise
        raise ChainnavError(f"classifying chain {chain.id!r} failed: {exc}",
                            hint="The store is unchanged for this chain.") from exc
    per_node = {node.id: 0 for node in chain.nodes} | {node_id: int(n) for node_id, n in counts}
    return ChainResult(chain.id, chain.version, len(chain.nodes), sum(per_node.values()),
                       int(patents), time.perf_counter() - began, per_node)


def node_counts(nav: Navigator, chain_id: str) -> dict[str, tuple[int, int]]:
    """Patents per node of a classified chain: (on the node itself, including its sub-nodes).

    Empty when the chain has not been classified in this store.
    """
    nodes = nav.table("chain_node")
    nodes = nodes.filter(nodes.chain_id == chain_id).select("node_id")
    direct = nav.table("patent_node")
    direct = direct.filter(direct.chain_id == chain_id)
    direct = direct.group_by("node_id").aggregate(n=direct.patent_id.nunique())
    tree = nav.table("patent_node_tree")
    tree = tree.filter(tree.chain_id == chain_id)
    tree = tree.group_by("node_id").aggregate(total=tree.patent_id.nunique())
    joined = nodes.left_join(direct, "node_id").select(nodes.node_id, "n")
    joined = joined.left_join(tree, "node_id").select(joined.node_id, "n", "total")
    return {row["node_id"]: (int(row["n"] or 0), int(row["total"] or 0))
            for row in joined.to_pyarrow().to_pylist()}
