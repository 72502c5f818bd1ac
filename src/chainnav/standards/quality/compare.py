"""Quality comparison (质量比对): domestic against international limits, pass rates, and flags.

A limit is an interval in its dimension's base unit: ``max`` is (-∞, upper], ``min`` is
[lower, +∞), ``range`` is [lower, upper]. One limit is stricter than another when its interval lies
inside the other's; equal intervals are ``equal``; intervals that overlap without nesting (a
maximum against a minimum, or shifted ranges) are ``mixed``; different dimensions are
``incomparable``. The difference is domestic − international in the domestic limit's unit, on the
bound both limits have (upper first), and in percent of the international bound.

A batch passes a standard when every indicator the standard limits and the batch was tested on is
within the limit (bounds inclusive, after unit conversion). Limits with product ``*`` apply to
every product that has no limit of its own in that standard.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import ibis
import pyarrow as pa

from chainnav.errors import ChainnavError
from chainnav.navigator import Navigator
from chainnav.standards.quality.importer import ANY_PRODUCT
from chainnav.standards.quality.units import dimension, from_base, to_base, units_table

# Relative tolerance when comparing converted values: 1 Ah and 1000 mAh are the same bound.
REL_TOL = 1e-9


@dataclass(frozen=True)
class Limit:
    """One limit: type, bounds (None = unbounded) and canonical unit."""

    limit_type: str
    lower: float | None
    upper: float | None
    unit: str

    def base(self) -> tuple[float, float]:
        lower = -math.inf if self.lower is None else to_base(self.lower, self.unit)
        upper = math.inf if self.upper is None else to_base(self.upper, self.unit)
        return lower, upper

    def text(self) -> str:
        """``≤ 4.25 V``, ``≥ 20 min``, ``-10 ~ 40 °C``."""
        if self.limit_type == "range":
            return f"{_fmt(self.lower)} ~ {_fmt(self.upper)} {self.unit}"
        if self.limit_type == "min":
            return f"≥ {_fmt(self.lower)} {self.unit}"
        return f"≤ {_fmt(self.upper)} {self.unit}"

    def expressed_in(self, unit: str) -> Limit:
        """The same limit in another unit of the same dimension."""
        lower, upper = self.base()
        return Limit(
            self.limit_type,
            None if self.lower is None else _round(from_base(lower, unit)),
            None if self.upper is None else _round(from_base(upper, unit)),
            unit,
        )


def _round(value: float) -> float:
    # Conversions through base units leave float noise (3.6 × 1000); 12 significant digits keep the value.
    return float(f"{value:.12g}")


def _fmt(value: float | None) -> str:
    return "" if value is None else f"{value:g}"


def _le(a: float, b: float) -> bool:
    return a <= b or math.isclose(a, b, rel_tol=REL_TOL)


def _inside(inner: tuple[float, float], outer: tuple[float, float]) -> bool:
    return _le(outer[0], inner[0]) and _le(inner[1], outer[1])


def stricter(domestic: Limit, international: Limit) -> str:
    """domestic | international | equal | mixed | incomparable (see the module docstring).

    >>> stricter(Limit("max", None, 4.2, "V"), Limit("max", None, 4250, "mV"))
    'domestic'
    """
    if dimension(domestic.unit) != dimension(international.unit):
        return "incomparable"
    dom, intl = domestic.base(), international.base()
    dom_in, intl_in = _inside(dom, intl), _inside(intl, dom)
    if dom_in and intl_in:
        return "equal"
    if dom_in:
        return "domestic"
    if intl_in:
        return "international"
    return "mixed"


def difference(domestic: Limit, international: Limit) -> tuple[float | None, float | None]:
    """(domestic − international, in the domestic unit; the same in % of the international bound)."""
    if dimension(domestic.unit) != dimension(international.unit):
        return None, None
    other = international.expressed_in(domestic.unit)
    for mine, theirs in ((domestic.upper, other.upper), (domestic.lower, other.lower)):
        if mine is not None and theirs is not None:
            diff = _round(mine - theirs)
            pct = None if theirs == 0 else _round(100.0 * diff / abs(theirs))
            return diff, pct
    return None, None


def resolved_limits(nav: Navigator) -> ibis.Table:
    """Every (product, standard, indicator) limit, ``*`` limits spread over the products that lack one.

    Columns: product, standard_id, indicator, limit_type, lower, upper, unit, origin, level,
    dimension, lower_base, upper_base.
    """
    limits = nav.table("quality_limit")
    tests = nav.table("quality_test")
    products = (
        tests.select("product")
        .union(limits.filter(limits.product != ANY_PRODUCT).select("product"))
        .distinct()
    )
    specific = limits.filter(limits.product != ANY_PRODUCT)
    star = limits.filter(limits.product == ANY_PRODUCT).drop("product").cross_join(products)
    star_only = star.anti_join(specific, ["product", "standard_id", "indicator"])
    # one nullable schema for both sides: stored columns are NOT NULL, the spread ones are not
    schema = ibis.schema({"product": "string", "standard_id": "string", "indicator": "string",
                          "limit_type": "string", "lower": "float64", "upper": "float64", "unit": "string"})
    every = specific.select(*schema.names).cast(schema).union(
        star_only.select(*schema.names).cast(schema), distinct=False
    )
    units = ibis.memtable(units_table())
    standards = nav.table("standard").select("standard_id", "origin", "level")
    joined = every.join(units, "unit").join(standards, "standard_id")
    return joined.mutate(
        lower_base=joined.lower * joined.factor + joined.offset,
        upper_base=joined.upper * joined.factor + joined.offset,
    ).drop("factor", "offset")


COMPARISON_SCHEMA = pa.schema([
    ("product", pa.string()), ("indicator", pa.string()),
    ("domestic_standard", pa.string()), ("domestic_limit", pa.string()),
    ("international_standard", pa.string()), ("international_origin", pa.string()),
    ("international_limit", pa.string()), ("international_in_domestic_unit", pa.string()),
    ("stricter", pa.string()), ("difference", pa.float64()), ("unit", pa.string()),
    ("difference_pct", pa.float64()),
])


def compare_limits(nav: Navigator) -> pa.Table:
    """Per product and indicator, each domestic limit against each international or foreign one."""
    rows = resolved_limits(nav).to_pyarrow().to_pylist()
    domestic = [r for r in rows if r["origin"] == "domestic"]
    others = [r for r in rows if r["origin"] != "domestic"]
    out = []
    for dom in domestic:
        mine = Limit(dom["limit_type"], dom["lower"], dom["upper"], dom["unit"])
        for other in others:
            if (other["product"], other["indicator"]) != (dom["product"], dom["indicator"]):
                continue
            theirs = Limit(other["limit_type"], other["lower"], other["upper"], other["unit"])
            verdict = stricter(mine, theirs)
            diff, pct = difference(mine, theirs)
            out.append({
                "product": dom["product"], "indicator": dom["indicator"],
                "domestic_standard": dom["standard_id"], "domestic_limit": mine.text(),
                "international_standard": other["standard_id"], "international_origin": other["origin"],
                "international_limit": theirs.text(),
                "international_in_domestic_unit": theirs.expressed_in(mine.unit).text()
                if verdict != "incomparable" else None,
                "stricter": verdict, "difference": diff, "unit": mine.unit, "difference_pct": pct,
            })
    out.sort(key=lambda r: (r["product"], r["indicator"], r["domestic_standard"], r["international_standard"]))
    return pa.Table.from_pylist(out, schema=COMPARISON_SCHEMA)


def evaluations(nav: Navigator) -> ibis.Table:
    """One row per test result and applicable limit: passed is true, false, or null (other dimension)."""
    tests = nav.table("quality_test")
    units = ibis.memtable(units_table()).rename(test_dimension="dimension")
    based = tests.join(units, "unit")
    based = based.mutate(value_base=based.value * based.factor + based.offset).drop("factor", "offset")
    limits = resolved_limits(nav).select(
        "product", "indicator", "standard_id", "origin", "dimension", "lower_base", "upper_base",
        limit_unit="unit",
    )
    joined = based.join(limits, ["product", "indicator"])
    tolerance_low = joined.lower_base.abs() * REL_TOL
    tolerance_high = joined.upper_base.abs() * REL_TOL
    within = (
        (joined.lower_base.isnull() | (joined.value_base >= joined.lower_base - tolerance_low))
        & (joined.upper_base.isnull() | (joined.value_base <= joined.upper_base + tolerance_high))
    )
    return joined.mutate(
        passed=ibis.ifelse(joined.test_dimension == joined.dimension, within, ibis.null(bool))
    ).select("product", "enterprise", "region", "batch", "indicator", "value", "unit", "standard_id", "origin",
             "passed")


def batch_results(nav: Navigator) -> ibis.Table:
    """One row per batch and standard: indicators evaluated, indicators failed, passed."""
    ev = evaluations(nav)
    ev = ev.filter(ev.passed.notnull())
    return ev.group_by(["product", "enterprise", "region", "batch", "standard_id", "origin"]).aggregate(
        indicators=ev.count(),
        failed=(~ev.passed).cast("int64").sum(),
    ).mutate(passed=lambda t: t.failed == 0)


GROUPINGS = {"product": ["product"], "enterprise": ["product", "enterprise"], "region": ["product", "region"]}


def pass_rates(nav: Navigator, by: str = "product") -> pa.Table:
    """Batch pass rates against each standard, per product, per enterprise or per region.

    pass_rate = batches passing / batches evaluated against the standard.
    """
    if by not in GROUPINGS:
        raise ChainnavError(f"unknown grouping {by!r}", hint=f"Use one of {', '.join(GROUPINGS)}.")
    results = batch_results(nav)
    keys = [*GROUPINGS[by], "standard_id", "origin"]
    rates = results.group_by(keys).aggregate(
        batches=results.count(),
        batches_passed=results.passed.cast("int64").sum(),
    )
    rates = rates.mutate(pass_rate=(rates.batches_passed / rates.batches).round(4))
    return rates.order_by(keys).to_pyarrow()


def domestic_pass_international_fail(nav: Navigator) -> pa.Table:
    """Per product, indicator and pair of standards: batches that pass the domestic limit and fail the other.

    Only pairs with at least one such batch are returned (the flags); share = those batches / batches
    tested on the indicator against both.
    """
    ev = evaluations(nav)
    ev = ev.filter(ev.passed.notnull())
    key = ["product", "enterprise", "batch", "indicator"]
    dom = ev.filter(ev.origin == "domestic").select(*key, domestic_standard="standard_id", dom_pass="passed")
    other = ev.filter(ev.origin != "domestic").select(
        *key, international_standard="standard_id", international_origin="origin", int_pass="passed"
    )
    both = dom.join(other, key)
    flagged = both.group_by(["product", "indicator", "domestic_standard", "international_standard",
                             "international_origin"]).aggregate(
        batches=both.count(),
        batches_flagged=(both.dom_pass & ~both.int_pass).cast("int64").sum(),
    )
    flagged = flagged.filter(flagged.batches_flagged > 0)
    return flagged.mutate(share=(flagged.batches_flagged / flagged.batches).round(4)).order_by(
        [ibis.desc("batches_flagged"), "product", "indicator"]
    ).to_pyarrow()
