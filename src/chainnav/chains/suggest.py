"""Rule suggestion: codes and title terms over-represented on a node's patents, ranked by lift.

After Abood & Feltenberger (2018), "Automated patent landscaping", Artificial Intelligence and Law
26: a candidate is kept when it occurs on at least ``min_share`` of the seed patents (default 5 %)
and is at least ``min_lift`` times more frequent there than in the whole store (default 50):

    share_seed = n_seed(c) / N_seed        share_store = n_store(c) / N_store
    lift = share_seed / share_store

The seed is the set of patents the node's current rules assign (computed live). Candidates are
CPC/IPC codes at subgroup and main-group level, Latin-script title words and word pairs, and
2–3-character strings of Chinese titles. Candidates the node's rules already cover are left out.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import ibis
import ibis.expr.types as ir

from chainnav.chains.compiler import (
    StoreTables,
    assignments_expr,
    compile_chain,
    needles,
    normalize_text,
    text_expr,
)
from chainnav.chains.schema import ChainDefinition, term_text
from chainnav.errors import NotFoundError

if TYPE_CHECKING:
    from chainnav.navigator import Navigator

STOPWORDS = frozenset(
    ["a", "an", "and", "are", "as", "at", "by", "for", "from", "in", "into", "is", "its", "of", "on", "or", "the", "to", "with", "using", "based", "same", "thereof", "method", "methods", "system", "systems", "apparatus", "device", "devices"]
)


@dataclass(frozen=True)
class Suggestion:
    kind: str  # cpc | ipc | keyword
    value: str
    seed_count: int
    store_count: int
    seed_share: float
    lift: float

    def to_dict(self) -> dict[str, object]:
        return {**self.__dict__, "seed_share": round(self.seed_share, 4), "lift": round(self.lift, 2)}


def _code_candidates(backend: ibis.BaseBackend) -> ir.Table:
    cls = backend.table("classification")
    full = cls.select("patent_id", kind=cls.scheme.lower(), value=cls.code.cast("string"))
    main = cls.filter(cls.code.contains("/"))
    main = main.select("patent_id", kind=main.scheme.lower(),
                       value=(main.code.split("/")[0] + ibis.literal("/00")).cast("string"))
    return ibis.union(full, main, distinct=True)


def _term_candidates(backend: ibis.BaseBackend) -> ir.Table:
    texts = text_expr(backend.table("patent").mutate(abstract=ibis.null(str)))
    words = texts.text.strip().split(" ")
    singles = texts.select("patent_id", value=words.unnest())
    pairs = texts.select("patent_id", value=words[:-1].zip(words[1:]).map(lambda s: s.f1 + " " + s.f2).unnest())
    latin = ibis.union(singles, pairs).filter(lambda t: t.value.re_search(r"^[a-z0-9 ]+$"))
    latin = latin.filter(~latin.value.isin(list(STOPWORDS)) & (latin.value.length() > 2))
    han = singles.filter(singles.value.re_search(r"^\p{Han}{2,}$"))
    grams = []
    for size in (2, 3):
        starts = han.filter(han.value.length() >= size)
        starts = starts.select("patent_id", "value", i=ibis.range(0, starts.value.length() - size + 1).unnest())
        grams.append(starts.select("patent_id", value=starts.value.substr(starts.i, size)))
    terms = ibis.union(latin, *grams, distinct=True)
    return terms.select("patent_id", kind=ibis.literal("keyword"), value=terms.value)


def suggest(nav: Navigator, chain: ChainDefinition, node_id: str, *, min_share: float = 0.05,
            min_lift: float = 50.0, limit: int = 30) -> tuple[int, list[Suggestion]]:
    """(seed size, suggestions) for one node, best lift first."""
    try:
        node = chain.node(node_id)
    except KeyError as exc:
        raise NotFoundError(f"chain {chain.id!r} has no node {node_id!r}",
                            hint=f"Nodes: {', '.join(n.id for n in chain.nodes)}.") from exc
    backend = nav.ibis
    assigned = assignments_expr(compile_chain(chain), StoreTables(backend))
    seed = assigned.filter(assigned.node_id == node_id).select("patent_id").distinct()
    n_seed = int(seed.count().to_pyarrow().as_py())
    n_store = int(backend.table("patent").count().to_pyarrow().as_py())
    if n_seed == 0 or n_store == 0:
        return n_seed, []
    candidates = ibis.union(_code_candidates(backend), _term_candidates(backend), distinct=True)
    store_counts = candidates.group_by(["kind", "value"]).aggregate(store_count=candidates.patent_id.nunique())
    in_seed = candidates.join(seed, "patent_id")
    seed_counts = in_seed.group_by(["kind", "value"]).aggregate(seed_count=in_seed.patent_id.nunique())
    ranked = seed_counts.join(store_counts, ["kind", "value"])
    ranked = ranked.mutate(
        seed_share=ranked.seed_count / n_seed,
        lift=(ranked.seed_count / n_seed) / (ranked.store_count / n_store),
    )
    ranked = ranked.filter((ranked.seed_share >= min_share) & (ranked.lift >= min_lift))
    ranked = ranked.order_by([ranked.lift.desc(), ranked.seed_count.desc(), ranked.value])
    covered_codes = {"cpc": tuple(node.rules.cpc), "ipc": tuple(node.rules.ipc)}
    covered_terms = {normalize_text(term_text(t)).strip()
                     for t in [*node.rules.keywords.zh, *node.rules.keywords.en]}
    covered_needles = {n.strip() for t in [*node.rules.keywords.zh, *node.rules.keywords.en]
                       for n in needles(term_text(t), plural=True)}
    found: list[Suggestion] = []
    for row in ranked.limit(limit * 4).to_pyarrow().to_pylist():
        kind, value = row["kind"], row["value"]
        if kind in covered_codes and value.startswith(covered_codes[kind]):
            continue
        if kind == "keyword" and (value in covered_terms or value in covered_needles):
            continue
        found.append(Suggestion(kind, value, int(row["seed_count"]), int(row["store_count"]),
                                float(row["seed_share"]), float(row["lift"])))
        if len(found) == limit:
            break
    return n_seed, found
