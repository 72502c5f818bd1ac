"""The rule compiler: chain rules → one set-based Ibis expression of patent → node assignments.

Rules become rows of small rule tables (one row per code prefix, keyword needle or applicant
needle) that are joined against the store, so the work grows with the store, not with a Python
loop over patents:

* codes: ``classification`` joined on scheme and the 4-character subclass, then a prefix test;
* keywords and applicants: text normalized the same way in SQL and in Python (lower case,
  punctuation to spaces, a space between Latin letters/digits and other scripts, padded with
  spaces), so an English word boundary is a space and a keyword is a ``contains`` test. Chinese
  terms match as substrings; a guarded term (无人机 but not inside 无人机场) first removes its
  guard words. Needles are found through a hash join on a short key — the first four letters of a
  Latin word, the first two characters of other scripts — against the same keys of the texts'
  words and character pairs; only the (text, needle) pairs sharing a key are tested with
  ``contains``. Needles too short for a key (a single Chinese character) are scanned directly.

Each hit carries its rule id; assignment combines the hits of a node (noisy-or of the best weight
per rule group: codes, keywords, applicants), applies ``match: all``, ``min_score``, exclusions and the chain scope.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import ibis
import ibis.expr.types as ir
import pyarrow as pa

from chainnav.chains.schema import ChainDefinition, GuardedTerm, Rules, RuleType, term_text

SCOPE = "@scope"
LATIN = re.compile(r"[a-z0-9]")
SQL_PUNCT = r"[\p{P}\p{S}\p{Z}\p{Cc}]+"
GROUP = {"cpc": "code", "ipc": "code", "keyword": "keyword", "applicant": "applicant"}


def normalize_text(text: str) -> str:
    """Python twin of :func:`normalize_expr`: ``"UAV-Based 无人机LED"`` → ``" uav based 无人机 led "``."""
    lowered = text.lower()
    spaced = "".join(" " if unicodedata.category(ch)[0] in "PSZ" or unicodedata.category(ch) == "Cc" else ch
                     for ch in lowered)
    spaced = re.sub(r" +", " ", spaced)
    spaced = re.sub(r"([a-z0-9])([^a-z0-9 ])", r"\1 \2", spaced)
    spaced = re.sub(r"([^a-z0-9 ])([a-z0-9])", r"\1 \2", spaced)
    return f" {spaced.strip()} "


def normalize_expr(value: ir.StringValue) -> ir.StringValue:
    """SQL twin of :func:`normalize_text`, as an Ibis expression."""
    spaced = (
        value.lower()
        .re_replace(SQL_PUNCT, " ")
        .re_replace(r"([a-z0-9])([^a-z0-9 ])", r"\1 \2")
        .re_replace(r"([^a-z0-9 ])([a-z0-9])", r"\1 \2")
    )
    return ibis.literal(" ") + spaced.strip() + ibis.literal(" ")


def needles(term: str, *, plural: bool) -> list[str]:
    """The substrings a term is searched as in normalized text.

    Latin ends get a space (a word boundary); ``plural`` adds -s and -es forms to a term that ends
    in a letter; a trailing ``*`` makes the term a stem (``quadcopter*``: any ending).
    """
    stem = term.endswith("*")
    core = normalize_text(term.rstrip("*")).strip()
    if not core:
        return []
    head = " " if LATIN.match(core[0]) else ""
    if stem or not LATIN.match(core[-1]):
        return [head + core]
    forms = [core]
    if plural and core[-1].isalpha():
        forms += [core + "s", core + "es"]
    return [f"{head}{form} " for form in forms]


def needle_key(needle: str) -> str | None:
    """The join key of a needle: its first Latin word cut to 4 letters (whole when shorter and not
    a stem), or its first two characters in other scripts; None when a direct scan is needed."""
    core = needle.strip()
    first = core.split(" ")[0]
    if LATIN.match(first[0]):
        if len(first) >= 4:
            return first[:4]
        whole_word = needle.startswith(" ") and (needle.endswith(" ") or " " in core)
        return first if whole_word else None
    return first[:2] if len(first) >= 2 else None


def text_keys(texts: ir.Table) -> ir.Table:
    """patent_id, key: the join keys present in each text (see :func:`needle_key`)."""
    words = texts.select("patent_id", token=texts.text.strip().split(" ").unnest())
    words = words.filter(words.token != "")
    latin = words.filter(words.token.re_search("^[a-z0-9]"))
    latin = latin.select("patent_id", key=latin.token.substr(0, 4))
    other = words.filter(~words.token.re_search("^[a-z0-9]") & (words.token.length() >= 2))
    pairs = other.select("patent_id", "token", i=ibis.range(0, other.token.length() - 1).unnest())
    pairs = pairs.select("patent_id", key=pairs.token.substr(pairs.i, 2))
    return ibis.union(latin, pairs, distinct=True)


@dataclass(frozen=True)
class RuleRow:
    """One compiled rule: a code prefix, or a text needle of a keyword or applicant."""

    node_id: str
    rule_id: str
    rule_type: str
    polarity: str  # include | exclude
    weight: float
    ord: int
    scheme: str | None = None
    prefix: str | None = None
    field: str | None = None  # text | applicant
    needle: str | None = None
    guards: tuple[str, ...] = ()


def _rule_rows(node_id: str, rules: Rules, types: frozenset[str]) -> list[RuleRow]:
    rows: list[RuleRow] = []
    weights = rules.weights

    def add_codes(scheme: str, prefixes: Iterable[str], polarity: str, weight: float) -> None:
        kind = scheme.lower()
        if kind not in types:
            return
        for prefix in prefixes:
            rid = f"{kind}:{prefix}" if polarity == "include" else f"exclude:{kind}:{prefix}"
            rows.append(RuleRow(node_id, rid, kind, polarity, weight, len(rows), scheme=scheme, prefix=prefix))

    def add_terms(terms: Iterable[str | GuardedTerm], lang: str, field: str, polarity: str, weight: float) -> None:
        kind = "keyword" if field == "text" else "applicant"
        if kind not in types:
            return
        for term in terms:
            text = term_text(term)
            label = f"kw:{lang}:{text}" if kind == "keyword" else f"applicant:{text}"
            rid = label if polarity == "include" else f"exclude:{label}"
            guards = tuple(normalize_text(g).strip() for g in term.not_within) if isinstance(term, GuardedTerm) else ()
            for needle in needles(text, plural=lang == "en" and kind == "keyword"):
                rows.append(RuleRow(node_id, rid, kind, polarity, weight, len(rows), field=field,
                                    needle=needle, guards=guards))

    add_codes("CPC", rules.cpc, "include", weights.cpc)
    add_codes("IPC", rules.ipc, "include", weights.ipc)
    add_terms(rules.keywords.zh, "zh", "text", "include", weights.keyword)
    add_terms(rules.keywords.en, "en", "text", "include", weights.keyword)
    add_terms(rules.applicants, "name", "applicant", "include", weights.applicant)
    ex = rules.exclude
    add_codes("CPC", ex.cpc, "exclude", 1.0)
    add_codes("IPC", ex.ipc, "exclude", 1.0)
    add_terms(ex.keywords.zh, "zh", "text", "exclude", 1.0)
    add_terms(ex.keywords.en, "en", "text", "exclude", 1.0)
    add_terms(ex.applicants, "name", "applicant", "exclude", 1.0)
    return rows


@dataclass(frozen=True)
class CompiledChain:
    """A chain's rules as tables, ready to be joined against a store."""

    chain: ChainDefinition
    rules: list[RuleRow]
    nodes: pa.Table  # node_id, match_all, n_groups, min_score, in_scope

    def rule_table(self) -> pa.Table:
        cols = ["node_id", "rule_id", "rule_type", "polarity", "weight", "ord", "scheme", "prefix", "field", "needle"]
        data = {c: [getattr(r, c) for r in self.rules] for c in cols}
        data["key"] = [needle_key(r.needle) if r.needle else None for r in self.rules]
        schema = pa.schema([
            ("node_id", pa.string()), ("rule_id", pa.string()), ("rule_type", pa.string()),
            ("polarity", pa.string()), ("weight", pa.float64()), ("ord", pa.int64()), ("scheme", pa.string()),
            ("prefix", pa.string()), ("field", pa.string()), ("needle", pa.string()), ("key", pa.string()),
        ])
        return pa.table(data, schema=schema)


def compile_chain(chain: ChainDefinition, rule_types: Sequence[RuleType] | None = None) -> CompiledChain:
    """Flatten a chain's rules (optionally only some rule types, for ablation) into rule rows."""
    types = frozenset(rule_types or ("cpc", "ipc", "keyword", "applicant"))
    owners: list[tuple[str, Rules]] = [(SCOPE, chain.scope)] if chain.scope else []
    owners += [(node.id, node.rules) for node in chain.nodes]
    rows: list[RuleRow] = []
    node_rows = {"node_id": [], "match_all": [], "n_groups": [], "min_score": [], "in_scope": []}
    for node_id, rules in owners:
        own = _rule_rows(node_id, rules, types)
        offset = len(rows)
        rows += [RuleRow(**{**r.__dict__, "ord": offset + r.ord}) for r in own]
        groups = {GROUP[r.rule_type] for r in own if r.polarity == "include"}
        node_rows["node_id"].append(node_id)
        node_rows["match_all"].append(rules.match == "all")
        node_rows["n_groups"].append(len(groups))
        node_rows["min_score"].append(rules.min_score)
        node_rows["in_scope"].append(rules.in_scope)
    nodes = pa.table(node_rows, schema=pa.schema([
        ("node_id", pa.string()), ("match_all", pa.bool_()), ("n_groups", pa.int64()),
        ("min_score", pa.float64()), ("in_scope", pa.bool_()),
    ]))
    return CompiledChain(chain, rows, nodes)


class StoreTables:
    """The store tables the compiler reads, optionally narrowed to some patents (for explain)."""

    def __init__(self, backend: ibis.BaseBackend, patent_ids: Sequence[str] | None = None,
                 tables: dict[str, str] | None = None) -> None:
        self.backend = backend
        self.patent_ids = list(patent_ids) if patent_ids is not None else None
        # materialized tables of this run by role: text, text_keys, applicants, applicant_keys
        self.tables = tables or {}

    def _stored(self, role: str) -> ir.Table | None:
        name = self.tables.get(role)
        return None if name is None else self._narrow(self.backend.table(name))

    def _narrow(self, table: ir.Table) -> ir.Table:
        if self.patent_ids is None:
            return table
        return table.filter(table.patent_id.isin(self.patent_ids))

    def classification(self) -> ir.Table:
        return self._narrow(self.backend.table("classification"))

    def text(self) -> ir.Table:
        """patent_id, text: the normalized title and abstract of each patent."""
        stored = self._stored("text")
        return stored if stored is not None else text_expr(self._narrow(self.backend.table("patent")))

    def text_keys(self) -> ir.Table:
        """patent_id, key: the join keys of the texts."""
        stored = self._stored("text_keys")
        return stored if stored is not None else text_keys(self.text())

    def applicants(self) -> ir.Table:
        """patent_id, text: the normalized names of each patent's applicants and assignees."""
        stored = self._stored("applicants")
        return stored if stored is not None else applicant_expr(self._narrow(self.backend.table("party")))

    def applicant_keys(self) -> ir.Table:
        stored = self._stored("applicant_keys")
        return stored if stored is not None else text_keys(self.applicants())


def text_expr(patent: ir.Table) -> ir.Table:
    """Normalized searchable text (title and abstract) per patent."""
    raw = patent.title.fill_null("") + ibis.literal(" | ") + patent.abstract.fill_null("")
    return patent.select("patent_id", text=normalize_expr(raw))


def applicant_expr(party: ir.Table) -> ir.Table:
    """Normalized applicant and assignee names per patent."""
    party = party.filter(party.role.isin(["applicant", "assignee"]))
    return party.select("patent_id", text=normalize_expr(party.name_raw)).distinct()


HIT_COLUMNS = ("node_id", "patent_id", "rule_id", "rule_type", "polarity", "weight", "ord")
HIT_SCHEMA = pa.schema([(name, pa.float64() if name == "weight" else pa.int64() if name == "ord" else pa.string())
                        for name in HIT_COLUMNS])


def _code_hits(tables: StoreTables, rules: ir.Table) -> ir.Table:
    cls = tables.classification()
    cls = cls.select("patent_id", "scheme", "code", key=cls.code.substr(0, 4))
    code_rules = rules.filter(rules.prefix.notnull())
    code_rules = code_rules.mutate(key=code_rules.prefix.substr(0, 4))
    joined = cls.join(code_rules, [cls.scheme == code_rules.scheme, cls.key == code_rules.key])
    joined = joined.filter(joined.code.startswith(joined.prefix))
    return joined.select(*HIT_COLUMNS)


def _text_hits(texts: ir.Table, keys: ir.Table, rules: ir.Table, rows: list[RuleRow]) -> ir.Table | None:
    if not rows:
        return None
    parts = []
    if any(needle_key(r.needle) for r in rows if r.needle):
        keyed = rules.filter(rules.key.notnull())
        # keys are distinct per text and each needle has one key, so a (text, rule) pair occurs once
        pairs = keys.join(keyed, keys.key == keyed.key).select("patent_id", "needle", *HIT_COLUMNS[2:], "node_id")
        checked = pairs.join(texts, "patent_id")
        parts.append(checked.filter(checked.text.contains(checked.needle)).select(*HIT_COLUMNS))
    for row in rows:
        if row.needle and needle_key(row.needle) is None:
            parts.append(_literal_hits(texts.filter(texts.text.contains(row.needle)), row))
    return ibis.union(*parts) if parts else None


def _literal_hits(matched: ir.Table, row: RuleRow) -> ir.Table:
    return matched.select(
        "patent_id",
        node_id=ibis.literal(row.node_id), rule_id=ibis.literal(row.rule_id),
        rule_type=ibis.literal(row.rule_type), polarity=ibis.literal(row.polarity),
        weight=ibis.literal(row.weight, type="float64"), ord=ibis.literal(row.ord, type="int64"),
    ).select(*HIT_COLUMNS)


def _guarded_hits(texts: ir.Table, guarded: list[RuleRow]) -> ir.Table | None:
    parts = []
    for row in guarded:
        text = texts.text
        for guard in row.guards:
            text = text.replace(guard, " ")
        parts.append(_literal_hits(texts.filter(texts.text.contains(row.needle) & text.contains(row.needle)), row))
    return ibis.union(*parts) if parts else None


def hits_expr(compiled: CompiledChain, tables: StoreTables) -> ir.Table:
    """Every rule that fires on every patent: node_id, patent_id, rule_id, rule_type, polarity, weight, ord."""
    plain = [r for r in compiled.rules if not r.guards]
    guarded = [r for r in compiled.rules if r.guards]
    rules = ibis.memtable(CompiledChain(compiled.chain, plain, compiled.nodes).rule_table())
    parts: list[ir.Table] = []
    if any(r.prefix for r in plain):
        parts.append(_code_hits(tables, rules))
    text_hits = _text_hits(tables.text(), tables.text_keys(), rules.filter(rules.field == "text"),
                           [r for r in plain if r.field == "text"])
    if text_hits is not None:
        parts.append(text_hits)
    app_hits = _text_hits(tables.applicants(), tables.applicant_keys(), rules.filter(rules.field == "applicant"),
                          [r for r in plain if r.field == "applicant"])
    if app_hits is not None:
        parts.append(app_hits)
    guarded_text = [r for r in guarded if r.field == "text"]
    guarded_app = [r for r in guarded if r.field == "applicant"]
    for texts, rows in ((tables.text(), guarded_text), (tables.applicants(), guarded_app)):
        hit = _guarded_hits(texts, rows)
        if hit is not None:
            parts.append(hit)
    if not parts:
        return ibis.memtable(HIT_SCHEMA.empty_table())
    # Parts read different tables (texts from ``patent`` have non-null ids, codes from
    # ``classification`` nullable ones); a union needs one schema
    schema = ibis.Schema.from_pyarrow(HIT_SCHEMA)
    parts = [part.cast(schema) for part in parts]
    # Repeated hits (two codes under one prefix) are kept: scores take maxima, so they do no harm
    # and a DISTINCT over millions of rows is saved.
    return ibis.union(*parts)


def assignments_expr(compiled: CompiledChain, tables: StoreTables, *, keep_scope: bool = False,
                     hits: ir.Table | None = None) -> ir.Table:
    """One row per (node, patent) assigned: node_id, patent_id, rule_id, rule_type, score.

    With ``keep_scope`` the patents matching the chain scope come too, under node ``@scope``;
    ``hits`` may be a materialized :func:`hits_expr` of the same chain.

    score = 1 − Π_g (1 − w_g), w_g the best weight among the hits of rule group g (codes, keywords,
    applicants; noisy-or);
    rule_id is the heaviest hit (codes first on ties, then file order).
    """
    if hits is None:
        hits = hits_expr(compiled, tables)
    nodes = ibis.memtable(compiled.nodes)
    pos = hits.filter(hits.polarity == "include")
    # CPC and IPC are one kind of evidence (the same examiners' classification), so they form one
    # group: a patent with both does not score higher than one with either.
    grouped = pos.mutate(grp=ibis.cases((pos.rule_type.isin(["cpc", "ipc"]), "code"), else_=pos.rule_type))
    per_type = grouped.group_by(["node_id", "patent_id", "grp"]).aggregate(w=grouped.weight.max())
    # ln(1 − w) is −inf at w = 1; clamping keeps the sum finite and the score at 1.0 after rounding.
    log_miss = (1 - per_type.w.clip(upper=1 - 1e-12)).ln()
    scored = per_type.group_by(["node_id", "patent_id"]).aggregate(
        score=(1 - log_miss.sum().exp()).round(6),
        n_fired=per_type.grp.nunique(),
    )
    ranked = pos.mutate(
        rank=ibis.row_number().over(
            group_by=[pos.node_id, pos.patent_id],
            order_by=[pos.weight.desc(), pos.ord.asc()],
        )
    )
    best = ranked.filter(ranked.rank == 0).select("node_id", "patent_id", "rule_id", "rule_type")
    excluded = hits.filter(hits.polarity == "exclude").select("node_id", "patent_id").distinct()

    decided = scored.join(nodes, "node_id")
    decided = decided.filter(
        (~decided.match_all | (decided.n_fired >= decided.n_groups))
        & (decided.score >= decided.min_score - 1e-9)
    )
    decided = decided.anti_join(excluded, ["node_id", "patent_id"])
    in_scope = decided.filter(decided.node_id == SCOPE).select(scope_patent="patent_id")
    scoped = decided.left_join(in_scope, decided.patent_id == in_scope.scope_patent)
    keep = scoped.node_id != SCOPE
    if keep_scope:
        keep = keep | (scoped.node_id == SCOPE)
    scoped = scoped.filter(keep & ((scoped.node_id == SCOPE) | ~scoped.in_scope | scoped.scope_patent.notnull()))
    result = scoped.join(best, ["node_id", "patent_id"])
    return result.select("node_id", "patent_id", "rule_id", "rule_type", "score")
