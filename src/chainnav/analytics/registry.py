"""The one indicator registry: every navigation indicator registers here with its metadata.

An indicator is one function ``fn(ctx: AnalysisContext, **params) -> ibis.Table``; its docstring
gives the formula, the counting unit and the source. Nothing pulls rows into Python to aggregate.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from chainnav.errors import NotFoundError

if TYPE_CHECKING:
    import ibis

    from chainnav.analytics.context import AnalysisContext

IndicatorFn = Callable[..., "ibis.Table"]


@dataclass(frozen=True)
class Indicator:
    """A registered indicator and what it measures."""

    name: str
    family: str  # trends | geography | players | technology | value | collaboration | talent | security | warning
    unit: str  # what a value means, e.g. "patents", "share 0-1", "HHI 0-10000"
    grain: tuple[str, ...]  # the columns one row is keyed by, e.g. ("node_id", "year")
    fn: IndicatorFn = field(repr=False)

    @property
    def doc(self) -> str:
        return (self.fn.__doc__ or "").strip()

    def __call__(self, ctx: AnalysisContext, **params: Any) -> ibis.Table:
        return self.fn(ctx, **params)


_REGISTRY: dict[str, Indicator] = {}


def indicator(name: str, *, family: str, unit: str, grain: tuple[str, ...]) -> Callable[[IndicatorFn], IndicatorFn]:
    """Register ``fn`` as the indicator ``name``."""

    def wrap(fn: IndicatorFn) -> IndicatorFn:
        if name in _REGISTRY and _REGISTRY[name].fn is not fn:
            raise ValueError(f"indicator {name!r} registered twice")
        if not (fn.__doc__ or "").strip():
            raise ValueError(f"indicator {name!r} needs a docstring with its formula and source")
        _REGISTRY[name] = Indicator(name=name, family=family, unit=unit, grain=grain, fn=fn)
        return fn

    return wrap


def _load_all() -> None:
    """Import the modules that define indicators so they register."""
    from chainnav.analytics import indicators  # noqa: F401
    from chainnav.security import indicators as security_indicators  # noqa: F401


def get(name: str) -> Indicator:
    _load_all()
    try:
        return _REGISTRY[name]
    except KeyError:
        raise NotFoundError(
            f"no indicator {name!r}", hint=f"Known indicators: {', '.join(sorted(_REGISTRY))}"
        ) from None


def all_indicators() -> list[Indicator]:
    _load_all()
    return sorted(_REGISTRY.values(), key=lambda i: (i.family, i.name))
