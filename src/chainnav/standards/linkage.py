"""Link standards to chain nodes by ICS/CCS codes and title keywords, keeping the rule that linked them.

A node's rules come from the ``standards:`` block of its chain YAML (ICS and CCS prefixes, title
keywords in zh and en). Every node also matches standards whose title contains its name; nodes
without a ``standards:`` block fall back to their patent keywords (Chinese ones of three or more
characters). Each (node, standard) keeps the
strongest rule: ICS 1.0, CCS 0.9, standards keyword 0.8, node name 0.6, patent keyword 0.5.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import ibis
import pyarrow as pa

from chainnav.errors import NotFoundError
from chainnav.navigator import Navigator

SCORES = {"ics": 1.0, "ccs": 0.9, "keyword": 0.8, "node_name": 0.6, "node_keyword": 0.5}
# Node names shorter than this (in characters) are too generic to match titles on their own.
MIN_NAME_CHARS = {"zh": 2, "en": 4}
# Patent keywords are written for abstracts: two-character Chinese ones (导航, 识别) also hit unrelated
# standard titles (专利导航指南), so the fallback uses only longer ones.
MIN_PATENT_KEYWORD_CHARS = {"zh": 3, "en": 4}


@dataclass
class NodeRules:
    """What links standards to one node."""

    node_id: str
    name_zh: str | None = None
    name_en: str | None = None
    ics: list[str] = field(default_factory=list)
    ccs: list[str] = field(default_factory=list)
    keywords_zh: list[str] = field(default_factory=list)
    keywords_en: list[str] = field(default_factory=list)
    patent_keywords_zh: list[str] = field(default_factory=list)
    patent_keywords_en: list[str] = field(default_factory=list)
    declared: bool = False  # the chain YAML has a standards block for this node


def _term(term: object) -> str:
    return str(getattr(term, "term", term)).strip()


def chain_node_rules(nav: Navigator, chain_id: str) -> list[NodeRules]:
    """The rules of every node of a chain: shipped YAML (when it exists) over the ``chain_node`` table."""
    stored = (
        nav.table("chain_node").filter(lambda t: t.chain_id == chain_id).order_by("ord", "node_id")
        .select("node_id", "name_zh", "name_en").to_pyarrow().to_pylist()
    )
    rules = {row["node_id"]: NodeRules(row["node_id"], row["name_zh"], row["name_en"]) for row in stored}
    try:
        from chainnav.chains.registry import load_chain

        definition = load_chain(chain_id)
    except NotFoundError:
        definition = None
    if definition is not None:
        for node in definition.nodes:
            item = rules.setdefault(node.id, NodeRules(node.id))
            item.name_zh, item.name_en = item.name_zh or node.name.zh, item.name_en or node.name.en
            item.patent_keywords_zh = [_term(t) for t in node.rules.keywords.zh]
            item.patent_keywords_en = [_term(t) for t in node.rules.keywords.en]
            if node.standards is not None:
                item.declared = True
                item.ics, item.ccs = list(node.standards.ics), [c.upper() for c in node.standards.ccs]
                item.keywords_zh = list(node.standards.keywords.zh)
                item.keywords_en = list(node.standards.keywords.en)
    if not rules:
        raise NotFoundError(f"chain {chain_id!r} has no nodes",
                            hint="Classify it first (`chainnav classify`) or check `chainnav chains list`.")
    return list(rules.values())


def english_pattern(term: str) -> str:
    """A whole-word, case-insensitive pattern for an English term; a trailing ``*`` allows any ending.

    >>> english_pattern("flight control*")
    '\\\\bflight\\\\ control\\\\w*\\\\b'
    """
    stem = term.strip().lower()
    wildcard = stem.endswith("*")
    stem = stem.rstrip("*").strip()
    return r"\b" + re.escape(stem) + (r"\w*" if wildcard else "") + r"\b"


def rule_rows(nodes: list[NodeRules]) -> tuple[pa.Table, pa.Table]:
    """The rules as two tables: code rules (ICS/CCS) and title rules (zh substring, en pattern)."""
    codes: list[dict[str, object]] = []
    texts: list[dict[str, object]] = []
    for node in nodes:
        for scheme, values in (("ICS", node.ics), ("CCS", node.ccs)):
            for code in values:
                rule_type = scheme.lower()
                codes.append({"node_id": node.node_id, "scheme": scheme, "code": code,
                              "rule_id": f"{rule_type}:{code}", "rule_type": rule_type, "score": SCORES[rule_type]})
        candidates = [("keyword", "zh", node.keywords_zh), ("keyword", "en", node.keywords_en)]
        names = [("node_name", lang, [name]) for lang, name in (("zh", node.name_zh), ("en", node.name_en))
                 if name and len(name) >= MIN_NAME_CHARS[lang]]
        candidates += names
        if not node.declared:
            candidates += [
                ("node_keyword", lang, [t for t in terms if len(t.rstrip("*")) >= MIN_PATENT_KEYWORD_CHARS[lang]])
                for lang, terms in (("zh", node.patent_keywords_zh), ("en", node.patent_keywords_en))
            ]
        for rule_type, lang, terms in candidates:
            for term in terms:
                text = term.strip()
                if not text:
                    continue
                prefix = {"keyword": "kw", "node_name": "name", "node_keyword": "pkw"}[rule_type]
                texts.append({
                    "node_id": node.node_id, "lang": lang,
                    "needle": text if lang == "zh" else english_pattern(text),
                    "rule_id": f"{prefix}:{lang}:{text}", "rule_type": rule_type, "score": SCORES[rule_type],
                })
    code_schema = pa.schema([("node_id", pa.string()), ("scheme", pa.string()), ("code", pa.string()),
                             ("rule_id", pa.string()), ("rule_type", pa.string()), ("score", pa.float64())])
    text_schema = pa.schema([("node_id", pa.string()), ("lang", pa.string()), ("needle", pa.string()),
                             ("rule_id", pa.string()), ("rule_type", pa.string()), ("score", pa.float64())])
    return (pa.Table.from_pylist(codes, schema=code_schema), pa.Table.from_pylist(texts, schema=text_schema))


def links_expr(nav: Navigator, nodes: list[NodeRules]) -> ibis.Table:
    """Ibis expression: the strongest rule per (node, standard)."""
    code_rules, text_rules = (ibis.memtable(t) for t in rule_rows(nodes))
    classes = nav.table("standard_class")
    code_match = ibis.ifelse(
        code_rules.scheme == "ICS",
        (classes.code == code_rules.code) | classes.code.startswith(code_rules.code + "."),
        classes.code.startswith(code_rules.code),
    )
    by_code = classes.join(code_rules, [classes.scheme == code_rules.scheme, code_match]).select(
        "node_id", "standard_id", "rule_id", "rule_type", "score"
    )
    standards = nav.table("standard").select(
        "standard_id",
        zh=ibis.coalesce(ibis._.title_zh, ""),
        en=ibis.coalesce(ibis._.title_en, "").lower(),
    )
    text_match = ibis.ifelse(text_rules.lang == "zh", standards.zh.contains(text_rules.needle),
                             standards.en.re_search(text_rules.needle))
    by_text = standards.join(text_rules, [text_match]).select(
        "node_id", "standard_id", "rule_id", "rule_type", "score"
    )
    both = by_code.union(by_text, distinct=False)
    ranked = both.mutate(
        rank=ibis.row_number().over(group_by=["node_id", "standard_id"],
                                    order_by=[ibis.desc("score"), "rule_id"])
    )
    return ranked.filter(ranked["rank"] == 0).drop("rank")


@dataclass
class LinkReport:
    """What ``link_standards`` wrote."""

    chain_id: str
    nodes: int
    nodes_with_standards: int
    links: int
    by_rule_type: dict[str, int]
    drafters_matched: int
    drafters: int


def link_standards(nav: Navigator, chain_id: str) -> LinkReport:
    """Rebuild ``standard_node`` for one chain and ``drafter_applicant``; returns counts."""
    from chainnav.standards.drafters import match_drafters, replace_rows

    nodes = chain_node_rules(nav, chain_id)
    links = links_expr(nav, nodes).mutate(chain_id=ibis.literal(chain_id)).select(
        "chain_id", "node_id", "standard_id", "rule_id", "rule_type", "score"
    ).to_pyarrow()
    replace_rows(nav, "standard_node", links, "chain_id = ?", [chain_id])
    matched, total = match_drafters(nav)
    counts: dict[str, int] = {}
    for rule_type in links.column("rule_type").to_pylist():
        counts[rule_type] = counts.get(rule_type, 0) + 1
    return LinkReport(
        chain_id=chain_id,
        nodes=len(nodes),
        nodes_with_standards=len(set(links.column("node_id").to_pylist())),
        links=links.num_rows,
        by_rule_type=counts,
        drafters_matched=matched,
        drafters=total,
    )
