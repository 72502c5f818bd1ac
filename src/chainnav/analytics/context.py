"""The scope an indicator is computed in: backend tables, chain, region of interest, years, unit."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import ibis

CountingUnit = Literal["publication", "application", "family"]


@dataclass(frozen=True)
class Scope:
    """What to count and where: every indicator reads its parameters from here.

    ``region`` is the region of interest that defines "local": an ISO 3166-1 country (``CN``) or an
    ISO 3166-2 region (``CN-GD``, ``US-CA``). ``unit`` is the counting unit: one publication, one
    application, or one simple family (同族合并).
    """

    chain_id: str | None = None
    region: str | None = None
    years: tuple[int, int] | None = None
    unit: CountingUnit = "family"


class AnalysisContext:
    """Ibis tables of one store on one backend (DuckDB or PySpark), seen through a scope."""

    def __init__(self, backend: ibis.BaseBackend, scope: Scope | None = None) -> None:
        self.backend = backend
        self.scope = scope or Scope()

    def table(self, name: str) -> ibis.Table:
        return self.backend.table(name)
