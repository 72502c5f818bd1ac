"""The chain tree as text: segments, nodes, rule summaries and patent counts (CLI and demo)."""

from __future__ import annotations

from rich.tree import Tree

from chainnav.chains.schema import ChainDefinition, Node

SEGMENT_LABEL = {"upstream": "上游 upstream", "midstream": "中游 midstream", "downstream": "下游 downstream"}


def rule_summary(node: Node) -> str:
    """``CPC 4, IPC 3, kw 10zh/17en, exclusions`` — how many rules of each kind a node has."""
    rules = node.rules
    parts = []
    if rules.cpc:
        parts.append(f"CPC {len(rules.cpc)}")
    if rules.ipc:
        parts.append(f"IPC {len(rules.ipc)}")
    if rules.keywords:
        parts.append(f"kw {len(rules.keywords.zh)}zh/{len(rules.keywords.en)}en")
    if rules.applicants:
        parts.append(f"applicants {len(rules.applicants)}")
    if rules.exclude:
        parts.append("exclusions")
    if rules.match == "all":
        parts.append("match all")
    return ", ".join(parts)


def chain_tree(chain: ChainDefinition, counts: dict[str, tuple[int, int]] | None = None,
               *, rules: bool = True) -> Tree:
    """A rich tree by segment; counts are (patents on the node, including its sub-nodes)."""
    counts = counts or {}
    tree = Tree(f"[bold]{chain.name.zh} {chain.name.en}[/] ({chain.id} v{chain.version})")
    for segment in ("upstream", "midstream", "downstream"):
        holders: dict[str | None, Tree] = {None: tree.add(f"[bold]{SEGMENT_LABEL[segment]}[/]")}
        for node in chain.walk():
            if node.parent is None and node.segment != segment:
                continue
            parent = holders.get(node.parent)
            if parent is None:  # a sub-node of a root shown under another segment
                continue
            count = counts.get(node.id)
            shown = ""
            if count is not None:
                shown = f" [cyan]{count[0]:,}[/]" + (f" ([cyan]{count[1]:,}[/] with sub-nodes)"
                                                      if count[1] != count[0] else "")
            detail = f" [dim]({node.id}; {rule_summary(node)})[/]" if rules else f" [dim]({node.id})[/]"
            holders[node.id] = parent.add(f"{node.name.zh} {node.name.en}{detail}{shown}")
    return tree
