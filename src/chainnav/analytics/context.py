"""The scope an indicator is computed in: backend tables, chain, region of interest, years, unit.

``AnalysisContext`` also holds the base expressions every indicator (and the security, report and
web capabilities) builds on; their names are stable:

- ``patents()``: in-scope patents with ``unit_id`` and the unit's application/priority years;
- ``patent_nodes()``: chain membership (``patent_id``, ``node_id``, ``segment``);
- ``patent_origin()``: one row per patent with ``origin_country``, ``origin_region``, ``basis``,
  ``is_local`` and ``is_domestic``;
- ``applicants()`` / ``inventors()``: parties keyed by ``coalesce(entity_id, name_norm)``;
- ``patent_value()``: the per-patent composite value score (see ``indicators/value.py``).

Everything is an Ibis expression, so the same code runs on DuckDB, PySpark and (compiled) BigQuery.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
import uuid
import weakref
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from functools import cached_property
from typing import Any, Literal, get_args

import duckdb
import ibis
import ibis.expr.types as ir

from chainnav.errors import ConfigError

CountingUnit = Literal["publication", "application", "family"]
COUNTING_UNITS: tuple[str, ...] = get_args(CountingUnit)

# The roles that hold a patent (申请人/专利权人); inventors are a separate role.
HOLDER_ROLES = ("applicant", "assignee")

# Bases of the origin of a patent, in order of preference.
BASIS_APPLICANT = "applicant_address"
BASIS_TECHNOLOGY = "technology_origin"
BASIS_MARKET = "filing_market"

# The columns of ``AnalysisContext.unit_patents()``.
UNIT_PATENT_COLUMNS = (
    "patent_id", "unit_id", "family_id", "country", "priority_country", "application_year", "priority_year",
    "own_application_year",
)

_REGION_RE = re.compile(r"^[A-Z]{2}(-[A-Z0-9]{1,3})?$")


def base_expression(method: Callable[[AnalysisContext], ir.Table]) -> Callable[[AnalysisContext], ir.Table]:
    """Mark a base expression: built once and materialized per context when ``ctx.cache`` is on."""

    @functools.wraps(method)
    def wrapper(self: AnalysisContext) -> ir.Table:
        return self.cached(method.__name__, lambda: method(self))

    return wrapper


def _materialize(backend: ibis.BaseBackend, expr: ir.Table, names: list[str]) -> ir.Table:
    """``expr`` computed once: a DuckDB temporary table (its name appended to ``names``) or a
    cached Spark DataFrame."""
    if backend.name == "duckdb":
        name = f"_chainnav_ctx_{uuid.uuid4().hex}"
        table = backend.create_table(name, expr, temp=True)
        names.append(name)
        return table
    return expr.cache()


def _drop_temp_tables(backend: ibis.BaseBackend, names: list[str]) -> None:
    """Drop a context's DuckDB temporary tables (the connection may already be closed)."""
    while names:
        name = names.pop()
        try:
            backend.con.execute(f'DROP TABLE IF EXISTS temp.main."{name}"')
        except duckdb.Error:  # a closed connection has dropped its temporary tables already
            names.clear()


class StoreCache:
    """Store-wide tables that do not depend on a scope, materialized once for several contexts.

    The parties keyed by player or inventor, with their one display name, are the same for every
    chain; an analysis of many chains (``write_analyses``) builds them once instead of once per
    chain. Use it only while the store does not change; ``close()`` (or garbage collection)
    drops the tables.
    """

    def __init__(self, backend: ibis.BaseBackend) -> None:
        self.backend = backend
        self._tables: dict[str, ir.Table] = {}
        self._temp_tables: list[str] = []
        self._finalizer = weakref.finalize(self, _drop_temp_tables, backend, self._temp_tables)

    def cached(self, key: str, build: Callable[[], ir.Table]) -> ir.Table:
        if key not in self._tables:
            self._tables[key] = _materialize(self.backend, build(), self._temp_tables)
        return self._tables[key]

    def close(self) -> None:
        self._tables.clear()
        self._finalizer()


@dataclass(frozen=True)
class Scope:
    """What to count and where: every indicator reads its parameters from here.

    ``region`` is the region of interest that defines "local": an ISO 3166-1 country (``CN``) or an
    ISO 3166-2 region (``CN-GD``, ``US-CA``). ``unit`` is the counting unit: one publication, one
    application, or one simple family (同族合并). ``years`` filters on the unit's application year
    (both ends included).
    """

    chain_id: str | None = None
    region: str | None = None
    years: tuple[int, int] | None = None
    unit: CountingUnit = "family"

    def __post_init__(self) -> None:
        if self.unit not in COUNTING_UNITS:
            raise ConfigError(
                f"unknown counting unit {self.unit!r}", hint=f"Use one of: {', '.join(COUNTING_UNITS)}."
            )
        if self.region is not None and not _REGION_RE.match(self.region):
            raise ConfigError(
                f"region {self.region!r} is neither an ISO 3166-1 country nor an ISO 3166-2 region",
                hint="Write a country like CN or a region like CN-GD (upper case).",
            )
        if self.years is not None and self.years[0] > self.years[1]:
            raise ConfigError(f"year range {self.years[0]}-{self.years[1]} is empty", hint="Write FROM-TO, e.g. 2010-2024.")

    @property
    def country(self) -> str | None:
        """The country of the region of interest (``CN`` for ``CN-GD``)."""
        return self.region[:2] if self.region else None

    @property
    def is_subnational(self) -> bool:
        return bool(self.region and "-" in self.region)


class AnalysisContext:
    """Ibis tables of one store on one backend (DuckDB or PySpark), seen through a scope.

    ``value_weights`` overrides the default weights of the composite value score
    (``chainnav.analytics.indicators.value.DEFAULT_WEIGHTS``); ``as_of`` fixes the data cut-off
    date used to flag incomplete recent years (default: the latest publication date in the store);
    ``database`` names the backend database (Spark database, BigQuery dataset) holding the
    canonical tables when they are not in the default one. ``cache=True`` materializes the base
    expressions once per context (``Table.cache()``): on Spark this turns every indicator into a
    small plan over cached tables instead of re-deriving the scope in each query. ``store``
    (with ``cache=True``) shares the scope-independent tables with other contexts over the same
    unchanged store.
    """

    def __init__(
        self,
        backend: ibis.BaseBackend,
        scope: Scope | None = None,
        *,
        value_weights: Mapping[str, float] | None = None,
        as_of: dt.date | None = None,
        database: str | None = None,
        cache: bool = False,
        store: StoreCache | None = None,
    ) -> None:
        self.backend = backend
        self.store = store
        self.scope = scope or Scope()
        self.value_weights = dict(value_weights) if value_weights else None
        self.database = database
        self.cache = cache
        self._as_of = as_of
        self._cached: dict[str, ir.Table] = {}
        self._temp_tables: list[str] = []
        self._finalizer = weakref.finalize(self, _drop_temp_tables, backend, self._temp_tables)

    def materialize(self, expr: ir.Table) -> ir.Table:
        """Compute ``expr`` once and return a table over the result.

        Spark caches the DataFrame (``Table.cache()``). On DuckDB the result becomes a temporary
        table of the connection (allowed on read-only stores too): it stays in DuckDB's own
        format, so later queries scan it in parallel without an Arrow round trip through Python.
        The context drops its temporary tables when it is closed or garbage-collected (ibis 12's
        own release statement does not parse on DuckDB 2.0, so the drop is written here).
        """
        return _materialize(self.backend, expr, self._temp_tables)

    def close(self) -> None:
        """Drop the temporary tables this context materialized (DuckDB); a no-op otherwise.

        Expressions obtained from the context's cached base tables stop working afterwards.
        """
        self._finalizer()

    def cached(self, key: str, build: Callable[[], ir.Table]) -> ir.Table:
        """``build()``, materialized once per context under ``key`` when ``cache`` is on."""
        if not self.cache:
            return build()
        if key not in self._cached:
            self._cached[key] = self.materialize(build())
        return self._cached[key]

    def table(self, name: str) -> ibis.Table:
        if self.database is None:
            return self.backend.table(name)
        return self.backend.table(name, database=self.database)

    def scoped(self, **changes: Any) -> AnalysisContext:
        """The same store seen through a scope with some fields changed (same cut-off date)."""
        return AnalysisContext(
            self.backend,
            replace(self.scope, **changes),
            value_weights=self.value_weights,
            as_of=self.as_of,
            database=self.database,
            cache=self.cache,
            store=self.store,
        )

    def require_chain(self) -> str:
        if not self.scope.chain_id:
            raise ConfigError("this indicator needs a chain", hint="Pass --chain ID (e.g. --chain uav).")
        return self.scope.chain_id

    def require_region(self) -> str:
        if not self.scope.region:
            raise ConfigError(
                "this indicator needs a region of interest", hint="Pass --region CN or --region CN-GD."
            )
        return self.scope.region

    # -- data cut-off ---------------------------------------------------------------------------
    @cached_property
    def as_of(self) -> dt.date:
        """The data cut-off: the latest publication date in the store (or the date given)."""
        if self._as_of is not None:
            return self._as_of
        patent = self.table("patent")
        latest = patent.aggregate(latest=patent.publication_date.max()).to_pyarrow().column("latest")[0].as_py()
        if latest is None:
            return dt.date.today()
        return latest.date() if hasattr(latest, "date") else latest

    @property
    def complete_until_year(self) -> int:
        """The last filing year whose filings are all published (18 months before ``as_of``).

        A filing is published about 18 months after its priority date, so a year ``y`` is complete
        only when 31 December of ``y`` lies at least 18 months before the cut-off.
        """
        months = self.as_of.year * 12 + (self.as_of.month - 1) - 18
        year, month = divmod(months, 12)
        month += 1
        # the year is complete when its last day is on or before the cut-off minus 18 months
        last_complete = year if (month == 12 and self.as_of.day >= 31) else year - 1
        return last_complete

    # -- base expressions -----------------------------------------------------------------------
    def _unit_key(self, p: ir.Table) -> ir.StringValue:
        unit = self.scope.unit
        if unit == "publication":
            return p.patent_id
        if unit == "application":
            return p.application_number.fill_null(p.patent_id)
        return p.family_id.fill_null(p.patent_id)

    @base_expression
    def patents(self) -> ir.Table:
        """In-scope patents: every ``patent`` column plus ``unit_id`` and year columns.

        See ``_scope_patents``; ``unit_patents()`` is the narrow version most indicators need.
        """
        return self._scope_patents()

    @base_expression
    def unit_patents(self) -> ir.Table:
        """``patents()`` narrowed to the keys and years: ``patent_id``, ``unit_id``, ``family_id``,
        ``country``, ``priority_country``, ``application_year``, ``priority_year``,
        ``own_application_year``.

        The same rows as ``patents()``; materialized on its own (a few columns instead of the
        whole ``patent`` row), so counting indicators do not copy titles and URLs of the scope.
        """
        return self._scope_patents().select(*UNIT_PATENT_COLUMNS)

    def _scope_patents(self) -> ir.Table:
        """In-scope patents: every ``patent`` column plus ``unit_id`` and year columns.

        ``unit_id`` is the counting unit's key: ``patent_id`` (publication), ``application_number``
        (application) or ``family_id`` (family), each falling back to ``patent_id``.
        ``application_year`` / ``priority_year`` are the earliest years within the unit, so a
        family counts once, in the year of its first filing; ``own_application_year`` is the
        patent's own. Chain members only when the scope names a chain; the year filter applies
        to ``application_year``.
        """
        p = self.table("patent")
        if self.scope.chain_id:
            members = self.table("patent_node").filter(lambda t: t.chain_id == self.scope.chain_id)
            p = p.semi_join(members, p.patent_id == members.patent_id)
        p = p.mutate(
            unit_id=self._unit_key(p),
            own_application_year=p.application_date.year(),
            own_priority_year=p.priority_date.fill_null(p.application_date).year(),
            publication_year=p.publication_date.year(),
        )
        by_unit = ibis.window(group_by=p.unit_id)
        p = p.mutate(
            application_year=p.own_application_year.min().over(by_unit),
            priority_year=p.own_priority_year.min().over(by_unit),
        )
        if self.scope.years:
            first, last = self.scope.years
            p = p.filter(p.application_year.between(first, last))
        return p

    @base_expression
    def patent_nodes(self) -> ir.Table:
        """Chain membership of in-scope patents: ``patent_id``, ``node_id``, ``segment``, names.

        One row per (patent, node) however many rules matched.
        """
        chain_id = self.require_chain()
        pn = self.table("patent_node").filter(lambda t: t.chain_id == chain_id)
        pn = pn.select("patent_id", "node_id").distinct()
        nodes = self.table("chain_node").filter(lambda t: t.chain_id == chain_id)
        nodes = nodes.select("node_id", "segment", "name_zh", "name_en", "parent_id", "depth")
        joined = pn.join(nodes, "node_id", how="left")
        scoped = self.unit_patents().select("patent_id")
        return joined.semi_join(scoped, "patent_id")

    def unit_nodes(self) -> ir.Table:
        """``patent_nodes()`` with each patent's ``unit_id`` and unit years."""
        p = self.unit_patents().select("patent_id", "unit_id", "application_year", "priority_year")
        return self.patent_nodes().join(p, "patent_id")

    def chain_nodes(self) -> ir.Table:
        """The nodes of the scope's chain (every node, with or without patents)."""
        chain_id = self.require_chain()
        return self.table("chain_node").filter(lambda t: t.chain_id == chain_id).drop("chain_id")

    def is_local(self, country: ir.StringValue, region: ir.StringValue | None = None) -> ir.BooleanValue:
        """True where (country, region) lies in the region of interest; False elsewhere or unknown.

        A country scope (``CN``) compares countries; a sub-national scope (``CN-GD``) compares
        ISO 3166-2 regions, so a patent whose origin is known only to the country is not local.
        Without a region of interest the result is NULL.
        """
        if not self.scope.region:
            return ibis.null().cast("boolean")
        if self.scope.is_subnational:
            if region is None:
                return ibis.literal(False)
            return (region == self.scope.region).fill_null(False)
        return (country == self.scope.region).fill_null(False)

    def is_domestic(self, country: ir.StringValue) -> ir.BooleanValue:
        """True where ``country`` is the country of the region of interest (NULL without a region)."""
        if not self.scope.region:
            return ibis.null().cast("boolean")
        return (country == self.scope.country).fill_null(False)

    @base_expression
    def patent_origin(self) -> ir.Table:
        """One row per in-scope patent: where it comes from, and on which basis.

        ``basis`` is ``applicant_address`` (country/region of the first applicant that has an
        address), else ``technology_origin`` (技术来源国: ``patent.priority_country``, else the
        country of the first priority claim), else ``filing_market`` (受理局: ``patent.country``).
        ``origin_region`` is known only on the applicant-address basis. ``is_local`` and
        ``is_domestic`` compare the origin with the scope's region of interest.
        """
        p = self.unit_patents().select("patent_id", "unit_id", "country", "priority_country")
        party = self.table("party")
        holders = party.filter(party.role.isin(HOLDER_ROLES) & party.country.notnull())
        holders = holders.mutate(
            rn=ibis.row_number().over(group_by=holders.patent_id, order_by=[holders.seq, holders.role])
        )
        first_holder = holders.filter(holders.rn == 0).select(
            "patent_id", app_country=holders.country, app_region=holders.region
        )
        claims = self.table("priority_claim").filter(lambda t: t.country.notnull())
        claims = claims.mutate(rn=ibis.row_number().over(group_by=claims.patent_id, order_by=claims.seq))
        first_claim = claims.filter(claims.rn == 0).select("patent_id", claim_country=claims.country)
        t = p.left_join(first_holder, "patent_id").drop("patent_id_right")
        t = t.left_join(first_claim, "patent_id").drop("patent_id_right")
        tech = t.priority_country.fill_null(t.claim_country)
        origin_country = ibis.cases(
            (t.app_country.notnull(), t.app_country), (tech.notnull(), tech), else_=t.country
        )
        basis = ibis.cases(
            (t.app_country.notnull(), BASIS_APPLICANT),
            (tech.notnull(), BASIS_TECHNOLOGY),
            (t.country.notnull(), BASIS_MARKET),
            else_="unknown",
        )
        origin_region = ibis.cases((t.app_country.notnull(), t.app_region), else_=ibis.null().cast("string"))
        t = t.select("patent_id", "unit_id", origin_country=origin_country, origin_region=origin_region, basis=basis)
        return t.mutate(is_local=self.is_local(t.origin_country, t.origin_region), is_domestic=self.is_domestic(t.origin_country))

    def _parties(self, roles: tuple[str, ...], key: str) -> ir.Table:
        scoped = self.unit_patents().select("patent_id", "unit_id", "application_year", "priority_year")
        party = self.table("party")
        party = party.filter(party.role.isin(roles))
        if self.cache and self.store is not None:
            names = self.store.cached(f"party_names:{','.join(roles)}:{key}", lambda: self._party_names(party, roles, key))
        else:
            names = self._party_names(party, roles, key)
        t = self._keyed_parties(party, key).join(scoped, "patent_id")
        # one row per (patent, party): an applicant listed as both applicant and assignee counts once
        w = ibis.window(group_by=[t.patent_id, t[key]], order_by=[t.seq, t.role])
        t = t.mutate(rn=ibis.row_number().over(w)).filter(lambda x: x.rn == 0)
        t = t.drop("display_name").join(names, key)
        return t.select(
            "patent_id", key, "display_name", "seq", "country", "region", "entity_type", "unit_id",
            "application_year", "priority_year",
        )

    def _party_names(self, party: ir.Table, roles: tuple[str, ...], key: str) -> ir.Table:
        """One display name per party key over the whole store: the least of the names its rows
        carry, each (patent, party) contributing the name of its first row (by seq, then role).

        So a party has one name everywhere, whatever subset a table looks at. Two aggregations
        over the store's party rows (no scope), so several chains may share the result.
        """
        t = self._keyed_parties(party, key)
        role_rank = ibis.cases(*((t.role == role, i) for i, role in enumerate(sorted(roles))), else_=len(roles))
        first = t.group_by(["patent_id", key]).aggregate(
            name=t.display_name.argmin(t.seq.cast("int64") * (len(roles) + 1) + role_rank)
        )
        return first.group_by(key).aggregate(display_name=first.name.min())

    def _keyed_parties(self, party: ir.Table, key: str) -> ir.Table:
        """Party rows with their ``key``, display name and type."""
        entity = self.table("entity").select(
            "entity_id", entity_name="name", entity_kind_type="entity_type"
        )
        t = party.left_join(entity, "entity_id").drop("entity_id_right")
        ident = t.entity_id.fill_null(t.name_norm).fill_null(t.name_raw.upper())
        t = t.mutate(**{key: ident}, display_name=t.entity_name.fill_null(t.name_raw),
                     type_=t.entity_kind_type.fill_null(t.entity_type))
        return t.select(
            "patent_id", key, "display_name", "seq", "role", "country", "region",
            entity_type=t.type_.fill_null("unknown"),
        )

    @base_expression
    def applicants(self) -> ir.Table:
        """Holders (applicants, assignees) of in-scope patents keyed by ``player_id``.

        ``player_id = coalesce(entity_id, name_norm, upper(name_raw))`` so results hold before
        and after entity disambiguation; ``display_name`` is the entity's name or the raw name.
        Columns: patent_id, player_id, display_name, seq, country, region, entity_type, unit_id,
        application_year, priority_year.
        """
        return self._parties(HOLDER_ROLES, "player_id")

    @base_expression
    def inventors(self) -> ir.Table:
        """Inventors of in-scope patents keyed by ``inventor_id`` (same rule as ``applicants``)."""
        return self._parties(("inventor",), "inventor_id")

    def patent_value(self) -> ir.Table:
        """Per-patent composite value score with its components (see ``indicators/value.py``)."""
        from chainnav.analytics.indicators.value import patent_value

        return patent_value(self)
