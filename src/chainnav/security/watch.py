"""Watch (动态监测): what the latest import added to a chain, per node, as a table and a summary.

"New" means a counting unit first brought into the store by the latest load
(``patent.first_load_id``, the earliest over the unit's publications); "previous" is the load
before it. New entrants are first holders with a new unit in a node and none there before.
New high-value units are new units with a value score at or above the chain's high-value
threshold (computed over the whole chain after the load).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import ibis
import pyarrow as pa
import pyarrow.compute as pc

from chainnav.analytics.context import AnalysisContext, Scope
from chainnav.config import Settings
from chainnav.errors import ConfigError, NotFoundError
from chainnav.security.facts import node_facts
from chainnav.security.params import SecurityParams

if TYPE_CHECKING:
    from chainnav.navigator import Navigator

TOP_NODES = 3


@dataclass
class WatchResult:
    """New filings, entrants and high-value units per node since the previous load."""

    chain_id: str
    chain_name: dict[str, str]
    load: dict[str, Any] | None  # the latest load (id, file, started_at), None when nothing was loaded
    previous_load: dict[str, Any] | None
    nodes: pa.Table  # node_id, name_zh, name_en, filings, new_filings, new_entrants, new_high_value, entrants
    new_patents: pa.Table  # node_id, patent_id, holder_name, origin_country, value_score, is_high_value
    new_in_store: int  # units the load created in the whole store
    new_unclassified: int  # of those, units not on any node of this chain

    @property
    def new_filings(self) -> int:
        return len(set(self.new_patents.column("unit_id").to_pylist()))

    @property
    def new_high_value(self) -> int:
        t = self.new_patents.filter(pc.field("is_high_value"))
        return len(set(t.column("unit_id").to_pylist()))

    def to_dict(self) -> dict[str, Any]:
        return {
            "chain_id": self.chain_id, "load": self.load, "previous_load": self.previous_load,
            "new_filings": self.new_filings, "new_high_value": self.new_high_value,
            "new_in_store": self.new_in_store, "new_unclassified": self.new_unclassified,
            "nodes": self.nodes.to_pylist(), "new_patents": self.new_patents.to_pylist(),
            "summary": {"zh": self.summary_text("zh"), "en": self.summary_text("en")},
        }

    def summary_text(self, lang: str = "zh") -> str:
        """A short summary of what is new, in Chinese (``zh``) or English (``en``)."""
        if lang not in ("zh", "en"):
            raise ConfigError(f"unknown language {lang!r}", hint="Use zh or en.")
        zh = lang == "zh"
        name = self.chain_name.get(lang) or self.chain_id
        if self.load is None:
            return f"{name}：库中尚无导入记录。" if zh else f"{name}: the store has no loads yet."
        rows = sorted(
            (r for r in self.nodes.to_pylist() if r["new_filings"]),
            key=lambda r: (-r["new_filings"], r["node_id"]),
        )
        load = self.load
        entrants = sum(r["new_entrants"] for r in rows)
        top = [f"{(r['name_zh'] if zh else r['name_en']) or r['node_id']} +{r['new_filings']}" for r in rows[:TOP_NODES]]
        if zh:
            added = (f"相比上次导入（第 {self.previous_load['load_id']} 次）新增 {self.new_filings} 件" if self.previous_load
                     else f"为首次导入，本链 {self.new_filings} 件均为新增")
            text = (f"{name}：第 {load['load_id']} 次导入（{load['file_name']}）{added}，"
                    f"涉及 {len(rows)} 个节点；新进入申请人 {entrants} 个（按节点计）；新增高价值专利 {self.new_high_value} 件。")
            if top:
                text += "新增最多的节点：" + "、".join(top) + "。"
            if self.new_unclassified:
                text += f"另有 {self.new_unclassified} 件新记录未归入本链任何节点。"
            return text
        since = (f"since the previous load ({self.previous_load['load_id']})" if self.previous_load
                 else "(first load: every record is new)")
        text = (f"{name}: load {load['load_id']} ({load['file_name']}) {since} added {self.new_filings} filings "
                f"in {len(rows)} nodes; {entrants} new entrants (counted per node); "
                f"{self.new_high_value} new high-value filings.")
        if top:
            text += " Most new filings: " + ", ".join(top) + "."
        if self.new_unclassified:
            text += f" {self.new_unclassified} new records fall in no node of this chain."
        return text


def _loads(nav: Navigator) -> list[dict[str, Any]]:
    load = nav.table("load")
    done = load.filter(load.status == "loaded").select("load_id", "file_name", "started_at", "rows_loaded")
    return done.order_by(ibis.desc("load_id")).limit(2).to_pyarrow().to_pylist()


def watch(nav: Navigator, chain_id: str, *, region: str | None = None,
          params: SecurityParams | None = None) -> WatchResult:
    """What the latest load added to ``chain_id``: per node new filings, entrants, high-value units.

    ``region`` only sets the origin columns of the new patents (default: the configured region).
    """
    chain = nav.table("chain")
    names = chain.filter(chain.chain_id == chain_id).select("name_zh", "name_en").to_pyarrow().to_pylist()
    if not names:
        raise NotFoundError(f"no chain {chain_id!r} in store {nav.path}",
                            hint=f"Classify it first: `chainnav classify --chain {chain_id}`.")
    params = params or SecurityParams()
    ctx = AnalysisContext(nav.ibis, Scope(chain_id=chain_id, region=(region or Settings().region).upper()))
    loads = _loads(nav)
    latest = loads[0] if loads else None
    previous = loads[1] if len(loads) > 1 else None
    latest_id = latest["load_id"] if latest else -1

    facts = node_facts(ctx, high_value_quantile=params.high_value_quantile)
    is_new = facts.first_load_id == latest_id
    f = facts.mutate(is_new=is_new)
    holder_first = f.filter(f.holder_id.notnull()).group_by(["node_id", "holder_id"]).aggregate(
        holder_name=f.holder_name.min(), first_load=f.first_load_id.min(), new_units=f.is_new.sum()
    )
    entrants = holder_first.filter(holder_first.first_load == latest_id)
    entrant_rank = ibis.row_number().over(
        group_by=entrants.node_id, order_by=[ibis.desc(entrants.new_units), entrants.holder_id]
    )
    entrants = entrants.mutate(_r=entrant_rank)
    per_entrant = entrants.group_by("node_id").aggregate(
        new_entrants=entrants.count(),
        entrants=entrants.holder_name.collect(where=entrants._r < 5, order_by=entrants._r).join("; "),
    )
    per_node = f.group_by("node_id").aggregate(
        filings=f.count(), new_filings=f.is_new.sum(), new_high_value=(f.is_new & f.is_high_value).sum()
    )
    nodes = ctx.chain_nodes().select("node_id", "name_zh", "name_en", "ord")
    table = nodes.left_join(per_node, "node_id").drop("node_id_right")
    table = table.left_join(per_entrant, "node_id").drop("node_id_right")
    table = table.mutate(
        filings=table.filings.fill_null(0), new_filings=table.new_filings.fill_null(0),
        new_high_value=table.new_high_value.fill_null(0), new_entrants=table.new_entrants.fill_null(0),
    ).order_by([ibis.desc("new_filings"), "ord", "node_id"]).drop("ord")

    new = f.filter(f.is_new).select(
        "node_id", "unit_id", "patent_id", "holder_name", "origin_country", "value_score", "is_high_value", "year"
    ).order_by(["node_id", ibis.desc("value_score"), "patent_id"])

    p = ctx.scoped(chain_id=None).patents()
    first = p.group_by("unit_id").aggregate(first_load=p.first_load_id.min())
    new_units = first.filter(first.first_load == latest_id).select("unit_id")
    in_chain = facts.filter(facts.first_load_id == latest_id).select("unit_id").distinct()
    counts = {
        "store": new_units.count().execute(),
        "unclassified": new_units.anti_join(in_chain, "unit_id").count().execute(),
    }
    return WatchResult(
        chain_id=chain_id,
        chain_name={"zh": names[0]["name_zh"] or chain_id, "en": names[0]["name_en"] or chain_id},
        load=latest,
        previous_load=previous,
        nodes=table.to_pyarrow(),
        new_patents=new.to_pyarrow(),
        new_in_store=int(counts["store"]),
        new_unclassified=int(counts["unclassified"]),
    )
