"""What a report reads from the store: indicators, chain metadata, loads and the security assessment.

Every number in a report comes through this object, from the analytics indicators
(``nav.chain(id).scoped(...).indicator(...)``) or the chain-security assessment
(``chainnav.security.assess``); results are cached so chapters that share a figure compute it once.
"""

from __future__ import annotations

import importlib
import importlib.util
import json
from functools import cached_property
from typing import TYPE_CHECKING, Any

import pyarrow as pa

from chainnav.errors import NotFoundError

if TYPE_CHECKING:
    from chainnav.analytics.view import ChainView
    from chainnav.navigator import Navigator
    from chainnav.security import SecurityAssessment


class ReportData:
    """The figures of one chain for one region of interest, in one language."""

    def __init__(
        self,
        nav: Navigator,
        chain_id: str,
        *,
        region: str,
        lang: str,
        unit: str = "family",
        years: tuple[int, int] | None = None,
        cache: dict[str, Any] | None = None,
    ) -> None:
        self.nav = nav
        self.chain_id = chain_id
        self.region = region.upper()
        self.lang = lang
        self.view: ChainView = nav.chain(chain_id).scoped(region=self.region, unit=unit, years=years)
        # results depend on the store and scope, not the language: reports in several languages
        # (or of both kinds) can share one cache
        self._cache: dict[str, Any] = cache if cache is not None else {}
        self._scope_key = f"{chain_id}|{self.region}|{unit}|{years}|"

    @property
    def country(self) -> str:
        return self.region[:2]

    @property
    def unit(self) -> str:
        return self.view.scope.unit

    def indicator(self, name: str, **params: Any) -> pa.Table:
        """An indicator as Arrow, computed once per report."""
        key = self._scope_key + name + json.dumps(params, sort_keys=True, default=str)
        if key not in self._cache:
            self._cache[key] = self.view.indicator(name, **params)
        return self._cache[key]

    @cached_property
    def chain(self) -> dict[str, Any]:
        """The chain row (version, names, definition YAML, classification time)."""
        chain = self.nav.table("chain")
        rows = chain.filter(chain.chain_id == self.chain_id).to_pyarrow().to_pylist()
        if not rows:
            raise NotFoundError(
                f"chain {self.chain_id!r} is not in store {self.nav.path}",
                hint=f"Classify it first: `chainnav classify --chain {self.chain_id}`.",
            )
        return rows[0]

    @property
    def chain_name(self) -> str:
        return self.chain.get(f"name_{self.lang}") or self.chain.get("name_en") or self.chain_id

    @cached_property
    def definition(self) -> Any:
        """The chain definition the store was classified with (``ChainDefinition``), or None."""
        from chainnav.chains.registry import parse_chain

        text = self.chain.get("definition")
        return parse_chain(text, file=f"chain {self.chain_id}") if text else None

    @cached_property
    def nodes(self) -> pa.Table:
        """Every node of the chain with its units: ``node_mix`` (node_id, parent_id, segment, names, units, share)."""
        return self.indicator("node_mix")

    def node_name(self, node_id: Any) -> str:
        for row in self.nodes.to_pylist():
            if row["node_id"] == node_id:
                return row.get(f"name_{self.lang}") or row.get("name_en") or str(node_id)
        return str(node_id)

    @cached_property
    def loads(self) -> pa.Table:
        return self.nav.loads()

    @property
    def security(self) -> SecurityAssessment:
        """The chain-security assessment for the region (computed once per cache)."""
        from chainnav.security import assess

        key = self._scope_key + "security"
        if key not in self._cache:
            self._cache[key] = assess(
                self.nav, self.chain_id, region=self.region, years=self.view.scope.years
            )
        return self._cache[key]

    @cached_property
    def standards_section(self) -> Any:
        """The standards chapter from ``chainnav.standards.report`` when that module exists."""
        if importlib.util.find_spec("chainnav.standards.report") is None:
            return None
        module = importlib.import_module("chainnav.standards.report")
        return module.standards_section(self.nav, self.chain_id, region=self.region, lang=self.lang)
