"""Evaluation of a chain's rules against hand-labeled patents: precision, recall and F1 per node.

Labels are a CSV with ``patent_id``, ``nodes`` (node ids separated by ``;``, empty when the patent
is on no node) and optionally ``in_chain`` (1 when the patent belongs to the chain at all). The
rules are evaluated live (nothing is written), so the same labels can measure what each rule type
adds: codes only, codes + keywords, codes + keywords + applicants.

A node counts its own patents and those of its descendants, on both sides, so labeling a patent
``multirotor`` also makes it a ``uav_platform`` patent. Overall figures are micro-averaged over
(patent, node) pairs; ``in_chain`` compares chain membership (the chain's scope, or any node when
the chain has no scope) with the ``in_chain`` column.
"""

from __future__ import annotations

import csv
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from chainnav.chains.compiler import SCOPE, StoreTables, assignments_expr, compile_chain
from chainnav.chains.schema import ChainDefinition, RuleType
from chainnav.errors import InputError

if TYPE_CHECKING:
    from chainnav.navigator import Navigator

ABLATIONS: dict[str, tuple[RuleType, ...]] = {
    "codes": ("cpc", "ipc"),
    "codes+keywords": ("cpc", "ipc", "keyword"),
    "codes+keywords+applicants": ("cpc", "ipc", "keyword", "applicant"),
}


@dataclass(frozen=True)
class Label:
    patent_id: str
    nodes: frozenset[str]
    in_chain: bool


@dataclass
class Score:
    """Counts and ratios for one node (or overall)."""

    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float | None:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else None

    @property
    def recall(self) -> float | None:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else None

    @property
    def f1(self) -> float | None:
        p, r = self.precision, self.recall
        if p is None or r is None or p + r == 0:
            return None if p is None or r is None else 0.0
        return 2 * p * r / (p + r)

    def as_dict(self) -> dict[str, object]:
        def rounded(x: float | None) -> float | None:
            return None if x is None else round(x, 3)

        return {"tp": self.tp, "fp": self.fp, "fn": self.fn, "precision": rounded(self.precision),
                "recall": rounded(self.recall), "f1": rounded(self.f1)}


@dataclass
class EvaluationReport:
    """Per-node and overall scores of one rule configuration on one label set."""

    chain_id: str
    rule_types: tuple[str, ...]
    labeled: int
    missing: list[str]
    nodes: dict[str, Score] = field(default_factory=dict)
    overall: Score = field(default_factory=Score)
    in_chain: Score = field(default_factory=Score)

    def to_dict(self) -> dict[str, object]:
        return {
            "chain_id": self.chain_id,
            "rule_types": list(self.rule_types),
            "labeled": self.labeled,
            "missing": self.missing,
            "overall": self.overall.as_dict(),
            "in_chain": self.in_chain.as_dict(),
            "nodes": {node: score.as_dict() for node, score in self.nodes.items()},
        }


def read_labels(path: str | Path, chain: ChainDefinition) -> list[Label]:
    """Read and check a labels CSV: every node id must belong to the chain."""
    path = Path(path)
    known = {node.id for node in chain.nodes}
    try:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            reader = csv.DictReader(handle)
            missing_cols = {"patent_id", "nodes"} - set(reader.fieldnames or [])
            if missing_cols:
                raise InputError(f"missing column(s) {', '.join(sorted(missing_cols))}", file=str(path),
                                 hint="A labels file needs patent_id and nodes (node ids separated by ';').")
            labels = []
            for row_number, row in enumerate(reader, start=1):
                nodes = frozenset(n.strip() for n in (row.get("nodes") or "").split(";") if n.strip())
                unknown = nodes - known
                if unknown:
                    raise InputError(f"unknown node id(s) {', '.join(sorted(unknown))} for chain {chain.id!r}",
                                     file=str(path), row=row_number, column="nodes",
                                     hint=f"Node ids of the chain: {', '.join(sorted(known))}.")
                flag = (row.get("in_chain") or "").strip()
                if flag not in ("", "0", "1"):
                    raise InputError(f"in_chain must be 0 or 1, not {flag!r}", file=str(path),
                                     row=row_number, column="in_chain")
                in_chain = bool(nodes) if flag == "" else flag == "1"
                labels.append(Label(row["patent_id"].strip(), nodes, in_chain))
    except OSError as exc:
        raise InputError(f"cannot read labels: {exc}", file=str(path)) from exc
    return labels


def _with_ancestors(chain: ChainDefinition, nodes: frozenset[str] | set[str]) -> set[str]:
    found: set[str] = set()
    for node_id in nodes:
        current: str | None = node_id
        while current is not None:
            found.add(current)
            current = chain.node(current).parent
    return found


def predict(nav: Navigator, chain: ChainDefinition, patent_ids: Sequence[str],
            rule_types: Sequence[RuleType] | None = None) -> dict[str, set[str]]:
    """Node ids each patent would be assigned (``@scope`` included), computed live."""
    expr = assignments_expr(compile_chain(chain, rule_types), StoreTables(nav.ibis, patent_ids), keep_scope=True)
    found: dict[str, set[str]] = {pid: set() for pid in patent_ids}
    for row in expr.select("patent_id", "node_id").to_pyarrow().to_pylist():
        found[row["patent_id"]].add(row["node_id"])
    return found


def evaluate(nav: Navigator, chain: ChainDefinition, labels: list[Label],
             rule_types: Sequence[RuleType] | None = None) -> EvaluationReport:
    """Score the chain's rules (optionally only some rule types) against labels."""
    ids = [label.patent_id for label in labels]
    present = {row["patent_id"] for row in nav.table("patent").filter(
        nav.table("patent").patent_id.isin(ids)).select("patent_id").to_pyarrow().to_pylist()}
    usable = [label for label in labels if label.patent_id in present]
    predicted = predict(nav, chain, [label.patent_id for label in usable], rule_types)
    report = EvaluationReport(chain.id, tuple(rule_types or ABLATIONS["codes+keywords+applicants"]),
                              len(usable), sorted(set(ids) - present))
    report.nodes = {node.id: Score() for node in chain.walk()}
    for label in usable:
        got_raw = predicted[label.patent_id]
        got = _with_ancestors(chain, got_raw - {SCOPE})
        want = _with_ancestors(chain, label.nodes)
        for node_id, score in report.nodes.items():
            hit, gold = node_id in got, node_id in want
            score.tp += hit and gold
            score.fp += hit and not gold
            score.fn += gold and not hit
        member = SCOPE in got_raw if chain.scope else bool(got)
        report.in_chain.tp += member and label.in_chain
        report.in_chain.fp += member and not label.in_chain
        report.in_chain.fn += label.in_chain and not member
    for score in report.nodes.values():
        report.overall.tp += score.tp
        report.overall.fp += score.fp
        report.overall.fn += score.fn
    return report


def evaluate_ablations(nav: Navigator, chain: ChainDefinition, labels: list[Label]) -> dict[str, EvaluationReport]:
    """The evaluation once per rule-type configuration in :data:`ABLATIONS`."""
    return {name: evaluate(nav, chain, labels, types) for name, types in ABLATIONS.items()}
