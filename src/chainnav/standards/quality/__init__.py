"""Quality comparison (质量比对): test results and limits import, limit comparison, pass rates, flags."""

from chainnav.standards.quality.compare import (
    Limit,
    batch_results,
    compare_limits,
    domestic_pass_international_fail,
    evaluations,
    pass_rates,
    stricter,
)
from chainnav.standards.quality.importer import import_limits, import_quality, import_tests
from chainnav.standards.quality.units import UnitError, convert, normalize_unit

__all__ = [
    "Limit",
    "UnitError",
    "batch_results",
    "compare_limits",
    "convert",
    "domestic_pass_international_fail",
    "evaluations",
    "import_limits",
    "import_quality",
    "import_tests",
    "normalize_unit",
    "pass_rates",
    "stricter",
]
