"""The chain definition schema: pydantic models for the versioned chain YAML and its checks.

A chain is a tree of nodes over the upstream, midstream and downstream segments; each node carries
the rules that put patents on it (code prefixes, keywords, known applicants, exclusions).
"""

from __future__ import annotations

import re
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

# A prefix names at least a subclass (H01M) so the classifier can join on it; below that a main
# group ends with "/" (H01M10/) or carries subgroup digits (H01M10/05). "H01M1" alone is refused
# because it would also match H01M10, H01M11 ...
CODE_PREFIX = re.compile(r"^[A-HY]\d{2}[A-Z](\d{1,4}/\d*)?$")
NODE_ID = re.compile(r"^[a-z][a-z0-9_]*$")
ICS_CODE = re.compile(r"^\d{2}(\.\d{3}(\.\d{2})?)?$")
CCS_CODE = re.compile(r"^[A-Z]\d{2}$")

Segment = Literal["upstream", "midstream", "downstream"]
RuleType = Literal["cpc", "ipc", "keyword", "applicant"]
RULE_TYPES: tuple[RuleType, ...] = ("cpc", "ipc", "keyword", "applicant")


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Text(_Strict):
    """A name or description in Chinese and English."""

    zh: str = Field(min_length=1)
    en: str = Field(min_length=1)


class GuardedTerm(_Strict):
    """A keyword that does not count inside longer words (无人机 but not 无人机场)."""

    term: str = Field(min_length=1)
    not_within: list[str] = Field(min_length=1)

    @model_validator(mode="after")
    def _guards_contain_term(self) -> GuardedTerm:
        for guard in self.not_within:
            if self.term.lower() not in guard.lower():
                raise ValueError(f"guard {guard!r} does not contain the term {self.term!r}")
        return self


Term = Annotated[str, Field(min_length=1)] | GuardedTerm


def term_text(term: str | GuardedTerm) -> str:
    """The keyword itself, with or without guards."""
    return term if isinstance(term, str) else term.term


class Keywords(_Strict):
    """Keywords matched on title and abstract: Chinese as substrings, English on word boundaries."""

    zh: list[Term] = Field(default_factory=list)
    en: list[Term] = Field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.zh or self.en)

    @field_validator("en")
    @classmethod
    def _english_is_stem_or_word(cls, terms: list[str | GuardedTerm]) -> list[str | GuardedTerm]:
        for term in terms:
            text = term_text(term)
            if "*" in text[:-1]:
                raise ValueError(f"{text!r}: '*' is allowed only at the end of an English keyword")
        return terms


def _check_codes(codes: list[str], scheme: str) -> list[str]:
    for code in codes:
        if not CODE_PREFIX.match(code):
            raise ValueError(
                f"{code!r} is not a valid {scheme} prefix "
                "(expected a subclass, main group or subgroup such as B64U, B64C39/ or B64C39/024)"
            )
    return codes


class Exclusions(_Strict):
    """What takes a patent off a node even when a positive rule fires."""

    cpc: list[str] = Field(default_factory=list)
    ipc: list[str] = Field(default_factory=list)
    keywords: Keywords = Field(default_factory=Keywords)
    applicants: list[str] = Field(default_factory=list)

    @field_validator("cpc", "ipc")
    @classmethod
    def _codes(cls, codes: list[str], info) -> list[str]:  # type: ignore[no-untyped-def]
        return _check_codes(codes, info.field_name.upper())

    def __bool__(self) -> bool:
        return bool(self.cpc or self.ipc or self.keywords or self.applicants)


class Weights(_Strict):
    """Evidence weight of each rule type, in (0, 1]; a node's score combines them (noisy-or)."""

    cpc: float = Field(default=1.0, gt=0, le=1)
    ipc: float = Field(default=1.0, gt=0, le=1)
    keyword: float = Field(default=0.8, gt=0, le=1)
    applicant: float = Field(default=0.5, gt=0, le=1)


class Rules(_Strict):
    """The rules of one node (or of a chain's scope).

    ``match: any`` assigns a patent when any rule group fires (codes, keywords, applicants);
    ``match: all`` needs every non-empty group to fire. ``min_score`` drops weak evidence, and
    ``in_scope`` asks that the patent also matches the chain's ``scope`` rules.
    """

    match: Literal["any", "all"] = "any"
    cpc: list[str] = Field(default_factory=list)
    ipc: list[str] = Field(default_factory=list)
    keywords: Keywords = Field(default_factory=Keywords)
    applicants: list[str] = Field(default_factory=list)
    weights: Weights = Field(default_factory=Weights)
    min_score: float = Field(default=0.0, ge=0, le=1)
    in_scope: bool = False
    exclude: Exclusions = Field(default_factory=Exclusions)

    @field_validator("cpc", "ipc")
    @classmethod
    def _codes(cls, codes: list[str], info) -> list[str]:  # type: ignore[no-untyped-def]
        return _check_codes(codes, info.field_name.upper())

    @model_validator(mode="after")
    def _not_empty(self) -> Rules:
        if not self.has_positive():
            raise ValueError("rules are empty: give at least one of cpc, ipc, keywords or applicants")
        return self

    def has_positive(self) -> bool:
        return bool(self.cpc or self.ipc or self.keywords or self.applicants)

    def groups(self) -> list[str]:
        """The non-empty rule groups: ``code`` (CPC or IPC), ``keyword``, ``applicant``."""
        found = []
        if self.cpc or self.ipc:
            found.append("code")
        if self.keywords:
            found.append("keyword")
        if self.applicants:
            found.append("applicant")
        return found


class StandardKeywords(_Strict):
    zh: list[str] = Field(default_factory=list)
    en: list[str] = Field(default_factory=list)


class Standards(_Strict):
    """Where a node meets the standards catalogue: ICS and CCS codes and title keywords."""

    ics: list[str] = Field(default_factory=list)
    ccs: list[str] = Field(default_factory=list)
    keywords: StandardKeywords = Field(default_factory=StandardKeywords)

    @field_validator("ics")
    @classmethod
    def _ics(cls, codes: list[str]) -> list[str]:
        for code in codes:
            if not ICS_CODE.match(code):
                raise ValueError(f"{code!r} is not an ICS code (expected e.g. 49.020 or 29.220.20)")
        return codes

    @field_validator("ccs")
    @classmethod
    def _ccs(cls, codes: list[str]) -> list[str]:
        for code in codes:
            if not CCS_CODE.match(code):
                raise ValueError(f"{code!r} is not a CCS code (expected e.g. V35)")
        return codes


class Node(_Strict):
    """One node of a chain: a material, part, system, product or service."""

    id: str
    name: Text
    segment: Segment
    parent: str | None = None
    description: Text | None = None
    rules: Rules
    standards: Standards | None = None

    @field_validator("id")
    @classmethod
    def _id(cls, value: str) -> str:
        if not NODE_ID.match(value):
            raise ValueError(f"{value!r} is not a node id (lower-case letters, digits and _; starts with a letter)")
        return value


class ChainDefinition(_Strict):
    """A chain as defined in one YAML file (see docs/chains.md)."""

    id: str
    name: Text
    version: str = Field(min_length=1)
    description: Text | None = None
    references: list[str] = Field(min_length=1)
    scope: Rules | None = None
    nodes: list[Node] = Field(min_length=1)

    @field_validator("id")
    @classmethod
    def _id(cls, value: str) -> str:
        if not NODE_ID.match(value):
            raise ValueError(f"{value!r} is not a chain id (lower-case letters, digits and _)")
        return value

    @model_validator(mode="after")
    def _tree(self) -> ChainDefinition:
        seen: set[str] = set()
        for node in self.nodes:
            if node.id in seen:
                raise NodeProblem(node.id, "id", f"duplicate node id {node.id!r}")
            seen.add(node.id)
        for node in self.nodes:
            if node.parent is not None and node.parent not in seen:
                raise NodeProblem(node.id, "parent", f"unknown parent {node.parent!r}")
            if node.rules.in_scope and self.scope is None:
                raise NodeProblem(node.id, "rules.in_scope", "in_scope is set but the chain has no scope rules")
        parents = {node.id: node.parent for node in self.nodes}
        for node in self.nodes:
            path = [node.id]
            current = node.parent
            while current is not None:
                if current in path:
                    cycle = " -> ".join([*path, current])
                    raise NodeProblem(node.id, "parent", f"parent links form a cycle: {cycle}")
                path.append(current)
                current = parents[current]
        return self

    def node(self, node_id: str) -> Node:
        for node in self.nodes:
            if node.id == node_id:
                return node
        raise KeyError(node_id)

    def children(self, node_id: str | None) -> list[Node]:
        return [node for node in self.nodes if node.parent == node_id]

    def depth(self, node_id: str) -> int:
        depth, current = 0, self.node(node_id).parent
        while current is not None:
            depth, current = depth + 1, self.node(current).parent
        return depth

    def walk(self) -> list[Node]:
        """Nodes in tree order: each root, then its subtree, in file order."""
        ordered: list[Node] = []

        def visit(parent: str | None) -> None:
            for child in self.children(parent):
                ordered.append(child)
                visit(child.id)

        visit(None)
        return ordered


class NodeProblem(ValueError):
    """A tree-level problem located at one node (raised inside validation, reported by the loader)."""

    def __init__(self, node_id: str, field: str, message: str) -> None:
        super().__init__(message)
        self.node_id, self.field, self.message = node_id, field, message
