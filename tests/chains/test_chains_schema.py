"""Chain definitions: the shipped chains and the errors a bad file gets."""

from __future__ import annotations

from pathlib import Path

import pytest

from chainnav.chains.registry import (
    ChainDefinitionError,
    list_chains,
    load_chain,
    load_chain_file,
    parse_chain,
)
from chainnav.errors import ConfigError, NotFoundError

CONTRACT_IDS = {"uav", "nev", "fcv", "ic", "led", "mobile5g", "robot_cnc", "am", "smart_home", "biomed"}


def test_shipped_chains_are_the_contract_ids() -> None:
    assert {c.id for c in list_chains()} == CONTRACT_IDS


@pytest.mark.parametrize("chain_id", sorted(CONTRACT_IDS))
def test_shipped_chain_content(chain_id: str) -> None:
    chain = load_chain(chain_id)
    assert len(chain.nodes) >= 12
    assert {n.segment for n in chain.nodes} == {"upstream", "midstream", "downstream"}
    assert any(n.rules.cpc for n in chain.nodes) and any(n.rules.ipc for n in chain.nodes)
    assert any(n.rules.keywords.zh for n in chain.nodes) and any(n.rules.keywords.en for n in chain.nodes)
    assert any(n.rules.exclude for n in chain.nodes) or bool(chain.scope and chain.scope.exclude)
    assert chain.references
    assert all(n.name.zh and n.name.en for n in chain.nodes)


def test_uav_is_the_demo_chain_with_standards() -> None:
    chain = load_chain("uav")
    assert chain.name.zh == "无人机"
    assert chain.node("uav_platform").standards.ics == ["49.020"]
    assert chain.node("power_supply").standards.ics == ["29.220"]


def test_unknown_chain() -> None:
    with pytest.raises(NotFoundError, match="no chain 'nope'"):
        load_chain("nope")


HEADER = "id: t\nname: {zh: 测, en: T}\nversion: '1'\nreferences: [x]\nnodes:\n"


def node(node_id: str, *, parent: str | None = None, rules: str = '{cpc: ["B64U"]}', extra: str = "") -> str:
    parent_line = f"    parent: {parent}\n" if parent else ""
    return (f"  - id: {node_id}\n    name: {{zh: 节, en: N}}\n    segment: upstream\n{parent_line}"
            f"    rules: {rules}\n{extra}")


# file text → (node, field, words of the message); one line per kind of mistake
ERROR_CASES = [
    (HEADER + node("a", parent="ghost"), ("a", "parent", "unknown parent 'ghost'")),
    (HEADER + node("a", parent="b") + node("b", parent="a"), ("a", "parent", "cycle: a -> b -> a")),
    (HEADER + node("a") + node("a"), ("a", "id", "duplicate node id 'a'")),
    (HEADER + node("a", rules='{cpc: ["B64C 39/024"]}'), ("a", "rules.cpc", "'B64C 39/024' is not a valid CPC prefix")),
    (HEADER + node("a", rules='{ipc: ["H01M1"]}'), ("a", "rules.ipc", "'H01M1' is not a valid IPC prefix")),
    (HEADER + node("a", rules="{}"), ("a", "rules", "rules are empty")),
    (HEADER + node("a", rules='{cpc: ["B64U"], exclude: {cpc: ["X99"]}}'),
     ("a", "rules.exclude.cpc", "'X99' is not a valid CPC prefix")),
    (HEADER + node("a", rules='{cpc: ["B64U"], weights: {cpc: 1.5}}'),
     ("a", "rules.weights.cpc", "less than or equal to 1")),
    (HEADER + node("a", rules='{cpc: ["B64U"], in_scope: true}'),
     ("a", "rules.in_scope", "the chain has no scope rules")),
    (HEADER + node("Bad-Id"), ("Bad-Id", "id", "is not a node id")),
    (HEADER + node("a", rules='{cpc: ["B64U"], keyword: {en: [x]}}'), ("a", "rules.keyword", "Extra inputs")),
    (HEADER + node("a", extra="    segment2: x\n"), ("a", "segment2", "Extra inputs")),
    (HEADER + node("a", rules='{keywords: {zh: [{term: 机器人, not_within: [无人机]}]}}'),
     ("a", "rules.keywords.zh[0]", "does not contain the term")),
    (HEADER + node("a", extra="    standards: {ics: [49020]}\n"), ("a", "standards.ics[0]", "string")),
    (HEADER + node("a", extra="    standards: {ics: ['4902']}\n"), ("a", "standards.ics", "not an ICS code")),
]


@pytest.mark.parametrize(("text", "expected"), ERROR_CASES)
def test_errors_name_file_node_field(text: str, expected: tuple[str, str, str]) -> None:
    with pytest.raises(ChainDefinitionError) as caught:
        parse_chain(text, file="bad.yaml")
    node_id, field, words = expected
    problems = caught.value.problems
    assert any(p.node == node_id and p.field == field and words in p.message for p in problems), problems
    assert isinstance(caught.value, ConfigError)
    assert "bad.yaml" in str(caught.value) and f"node '{node_id}'" in str(caught.value)


def test_missing_top_level_field_and_bad_yaml() -> None:
    with pytest.raises(ChainDefinitionError) as caught:
        parse_chain("id: t\nname: {zh: 测, en: T}\nversion: '1'\nnodes: []\n", file="x.yaml")
    fields = {p.field for p in caught.value.problems}
    assert {"references", "nodes"} <= fields
    with pytest.raises(ChainDefinitionError, match=r"x.yaml: field \(yaml\): not valid YAML at line 3, column 1"):
        parse_chain("id: t\nname: [unclosed\n", file="x.yaml")


def test_load_chain_file_reports_its_path(tmp_path: Path) -> None:
    path = tmp_path / "draft.yaml"
    path.write_text(HEADER + node("a", parent="ghost"), encoding="utf-8")
    with pytest.raises(ChainDefinitionError, match=str(path)):
        load_chain_file(path)
    with pytest.raises(ConfigError, match="cannot read chain file"):
        load_chain_file(tmp_path / "missing.yaml")


def test_tree_order_and_depth() -> None:
    chain = parse_chain(HEADER + node("a") + node("b", parent="a") + node("c") + node("d", parent="b"))
    assert [n.id for n in chain.walk()] == ["a", "b", "d", "c"]
    assert chain.depth("d") == 2
