"""Why a patent is (or is not) on each node of a chain: every rule that fired and the decision.

The hits come from the same compiled expression the classifier uses, narrowed to one patent; the
decision repeats the classifier's steps in order (rule groups, score threshold, exclusions, chain
scope) so the first failing step is the reason given.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from chainnav.chains.compiler import GROUP, SCOPE, StoreTables, compile_chain, hits_expr
from chainnav.chains.schema import ChainDefinition, Rules
from chainnav.errors import NotFoundError

if TYPE_CHECKING:
    from chainnav.navigator import Navigator


@dataclass(frozen=True)
class Hit:
    rule_id: str
    rule_type: str
    polarity: str
    weight: float


@dataclass
class NodeVerdict:
    """The decision for one node (or the chain scope, node ``@scope``)."""

    node_id: str
    assigned: bool
    score: float
    reason: str
    rule_id: str | None = None
    hits: list[Hit] = field(default_factory=list)
    stored: bool | None = None  # whether patent_node holds the assignment (None: chain not classified)

    def to_dict(self) -> dict[str, object]:
        return {
            "node_id": self.node_id, "assigned": self.assigned, "score": self.score, "reason": self.reason,
            "rule_id": self.rule_id, "stored": self.stored,
            "hits": [h.__dict__ for h in self.hits],
        }


@dataclass
class Explanation:
    patent_id: str
    chain_id: str
    title: str | None
    scope: NodeVerdict | None
    nodes: list[NodeVerdict]

    def to_dict(self) -> dict[str, object]:
        return {
            "patent_id": self.patent_id, "chain_id": self.chain_id, "title": self.title,
            "scope": self.scope.to_dict() if self.scope else None,
            "nodes": [n.to_dict() for n in self.nodes],
        }


def _score(hits: list[Hit]) -> float:
    best: dict[str, float] = {}
    for hit in hits:
        group = GROUP[hit.rule_type]
        best[group] = max(best.get(group, 0.0), hit.weight)
    miss = math.prod(1 - min(w, 1 - 1e-12) for w in best.values())
    return round(1 - miss, 6)


def _verdict(node_id: str, rules: Rules, hits: list[Hit], in_scope: bool | None) -> NodeVerdict:
    positive = [h for h in hits if h.polarity == "include"]
    negative = [h for h in hits if h.polarity == "exclude"]
    score = _score(positive)
    best = min(positive, key=lambda h: -h.weight) if positive else None
    verdict = NodeVerdict(node_id, False, score, "", best.rule_id if best else None, hits)
    fired = {GROUP[h.rule_type] for h in positive}
    if not positive:
        verdict.reason = "no rule matched"
    elif rules.match == "all" and fired < set(rules.groups()):
        missing = ", ".join(sorted(set(rules.groups()) - fired))
        verdict.reason = f"match: all, but no {missing} rule matched"
    elif score < rules.min_score - 1e-9:
        verdict.reason = f"score {score:.2f} below min_score {rules.min_score:.2f}"
    elif negative:
        verdict.reason = f"excluded by {negative[0].rule_id}"
    elif rules.in_scope and in_scope is False:
        verdict.reason = "outside the chain scope"
    else:
        verdict.assigned = True
        verdict.reason = f"assigned by {best.rule_id} (score {score:.2f})" if best else "assigned"
    return verdict


def explain(nav: Navigator, patent_id: str, chain: ChainDefinition) -> Explanation:
    """Explain the classification of one patent on every node of one chain."""
    patent = nav.table("patent")
    found = patent.filter(patent.patent_id == patent_id).select("title").to_pyarrow().to_pylist()
    if not found:
        raise NotFoundError(f"no patent {patent_id!r} in the store",
                            hint="Patent ids look like US9840323B1 or CN112345678A; search with `chainnav search`.")
    compiled = compile_chain(chain)
    hits: dict[str, list[Hit]] = {}
    rows = hits_expr(compiled, StoreTables(nav.ibis, [patent_id])).order_by("ord").to_pyarrow().to_pylist()
    for row in rows:
        hit = Hit(row["rule_id"], row["rule_type"], row["polarity"], float(row["weight"]))
        listed = hits.setdefault(row["node_id"], [])
        if hit not in listed:  # two codes under one prefix fire the same rule twice
            listed.append(hit)
    scope = _verdict(SCOPE, chain.scope, hits.get(SCOPE, []), None) if chain.scope else None
    in_scope = scope.assigned if scope else None
    stored_rows = nav.table("patent_node")
    stored_rows = stored_rows.filter((stored_rows.chain_id == chain.id) & (stored_rows.patent_id == patent_id))
    stored = {r["node_id"] for r in stored_rows.select("node_id").to_pyarrow().to_pylist()}
    chains = nav.table("chain")
    classified = bool(chains.filter(chains.chain_id == chain.id).count().to_pyarrow().as_py())
    verdicts = []
    for node in chain.walk():
        verdict = _verdict(node.id, node.rules, hits.get(node.id, []), in_scope)
        verdict.stored = (node.id in stored) if classified else None
        verdicts.append(verdict)
    return Explanation(patent_id, chain.id, found[0]["title"], scope, verdicts)
