"""Indicators of one chain from Python: ``nav.chain("uav").indicator("hhi", by="node")``."""

from __future__ import annotations

import inspect
import json
from typing import TYPE_CHECKING, Any

import ibis
import pyarrow as pa

from chainnav.analytics.context import AnalysisContext, Scope
from chainnav.analytics.registry import Indicator, all_indicators, get
from chainnav.errors import ConfigError, NotFoundError

if TYPE_CHECKING:
    from chainnav.navigator import Navigator

_UNSET: Any = object()


def summary_line(ind: Indicator) -> str:
    """The first sentence of an indicator's docstring: its formula in one line."""
    return ind.doc.split("\n\n", 1)[0].replace("\n", " ").strip()


def run_indicator(ctx: AnalysisContext, name: str, **params: Any) -> ibis.Table:
    """The Ibis expression of indicator ``name`` in ``ctx``; unknown parameters are a ConfigError."""
    ind = get(name)
    accepted = list(inspect.signature(ind.fn).parameters)[1:]
    unknown = sorted(set(params) - set(accepted))
    if unknown:
        raise ConfigError(
            f"indicator {name!r} has no parameter {', '.join(unknown)}",
            hint=f"Its parameters: {', '.join(accepted) or 'none'}.",
        )
    return ind(ctx, **params)


def with_metadata(table: pa.Table, ind: Indicator, scope: Scope, params: dict[str, Any]) -> pa.Table:
    """Attach what the table is (indicator, unit, counting unit, scope) to its Arrow schema."""
    meta = {
        "chainnav.indicator": ind.name,
        "chainnav.family": ind.family,
        "chainnav.value_unit": ind.unit,
        "chainnav.counting_unit": scope.unit,
        "chainnav.chain_id": scope.chain_id or "",
        "chainnav.region": scope.region or "",
        "chainnav.years": "" if scope.years is None else f"{scope.years[0]}-{scope.years[1]}",
        "chainnav.params": json.dumps(params, default=str, sort_keys=True),
        "chainnav.formula": summary_line(ind),
    }
    return table.replace_schema_metadata({**(table.schema.metadata or {}), **{k: v.encode() for k, v in meta.items()}})


class ChainView:
    """One chain of a store seen through a scope (region of interest, years, counting unit).

    >>> import chainnav
    >>> nav = chainnav.open()
    >>> view = nav.chain("uav").scoped(region="CN-GD", unit="application")
    >>> view.scope.region, view.scope.unit
    ('CN-GD', 'application')
    """

    def __init__(
        self,
        nav: Navigator,
        chain_id: str,
        scope: Scope | None = None,
        *,
        backend: ibis.BaseBackend | None = None,
        context: AnalysisContext | None = None,
    ) -> None:
        self.nav = nav
        self.chain_id = chain_id
        self.scope = scope or Scope(chain_id=chain_id)
        # base expressions are computed once per view: a report asks a view for dozens of tables
        self.context = context or AnalysisContext(
            backend if backend is not None else nav.ibis, self.scope, cache=True
        )
        self._chain_checked = False

    def scoped(self, *, region: str | None = _UNSET, years: tuple[int, int] | None = _UNSET,
               unit: str = _UNSET) -> ChainView:
        """The same chain with another region of interest, year range or counting unit."""
        changes = {
            k: v for k, v in {"region": region, "years": years, "unit": unit}.items() if v is not _UNSET
        }
        ctx = self.context.scoped(**changes)
        return ChainView(self.nav, self.chain_id, ctx.scope, context=ctx)

    def indicators(self) -> list[Indicator]:
        """Every registered indicator (name, family, unit, grain, docstring)."""
        return all_indicators()

    def expr(self, name: str, **params: Any) -> ibis.Table:
        """The indicator as an Ibis expression over the store's tables (compile it, or run it on
        another backend); it does not depend on the view's materialized base tables."""
        self.require_classified()
        portable = AnalysisContext(
            self.context.backend, self.scope, value_weights=self.context.value_weights, as_of=self.context.as_of,
            database=self.context.database,
        )
        return run_indicator(portable, name, **params)

    def indicator(self, name: str, **params: Any) -> pa.Table:
        """Compute indicator ``name`` and return it as an Arrow table (``.to_pandas()`` for pandas).

        The schema metadata names the indicator, value unit, counting unit, scope and formula.
        Computed over the view's base tables, materialized on first use and shared by every
        indicator the view is asked for.
        """
        self.require_classified()
        table = run_indicator(self.context, name, **params).to_pyarrow()
        return with_metadata(table, get(name), self.scope, params)

    def close(self) -> None:
        """Release the view's materialized base tables (they are also released with the view)."""
        self.context.close()

    def require_classified(self) -> None:
        if self._chain_checked:
            return
        chains = self.nav.table("patent_node")
        if chains.filter(chains.chain_id == self.chain_id).select("chain_id").limit(1).to_pyarrow().num_rows == 0:
            known = chains.aggregate(n=chains.chain_id.nunique()).to_pyarrow().column("n")[0].as_py()
            raise NotFoundError(
                f"chain {self.chain_id!r} has no classified patents in store {self.nav.path}",
                hint=f"Run `chainnav classify --chain {self.chain_id}` first"
                + (f" ({known} chain(s) are classified)." if known else "."),
            )
        self._chain_checked = True

    def __repr__(self) -> str:
        s = self.scope
        return f"ChainView({self.chain_id!r}, region={s.region!r}, years={s.years!r}, unit={s.unit!r})"
