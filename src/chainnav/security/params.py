"""Weights and thresholds of the chain-security assessment, with defaults and a YAML loader.

Every number that changes a ranking or a class lives here, so that a report can print exactly the
weights and thresholds it was computed with (``SecurityParams.as_dict()``).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from chainnav.errors import ConfigError

#: The chokepoint components, in the order they are documented and shown.
COMPONENTS = ("foreign_share", "foreign_concentration", "local_weakness", "importance")


class ChokepointWeights(BaseModel):
    """Weights of the four chokepoint components; they are rescaled to sum to 1.

    >>> ChokepointWeights(foreign_share=1, foreign_concentration=1, local_weakness=1, importance=1).normalized()
    {'foreign_share': 0.25, 'foreign_concentration': 0.25, 'local_weakness': 0.25, 'importance': 0.25}
    """

    model_config = ConfigDict(extra="forbid")

    foreign_share: float = Field(0.25, ge=0)
    foreign_concentration: float = Field(0.25, ge=0)
    local_weakness: float = Field(0.30, ge=0)
    importance: float = Field(0.20, ge=0)

    def normalized(self) -> dict[str, float]:
        values = {name: float(getattr(self, name)) for name in COMPONENTS}
        total = sum(values.values())
        if total <= 0:
            raise ConfigError(
                "chokepoint weights sum to 0", hint="Give at least one of " + ", ".join(COMPONENTS) + " a weight > 0."
            )
        return {name: value / total for name, value in values.items()}


class SecurityParams(BaseModel):
    """Thresholds of the classes, lists and warnings (see docs/security.md for each rule)."""

    model_config = ConfigDict(extra="forbid")

    chokepoint: ChokepointWeights = Field(default_factory=ChokepointWeights)
    #: High value = value score at or above this quantile of the chain's value scores.
    high_value_quantile: float = Field(0.8, gt=0, lt=1)
    #: Nodes with fewer units than this are flagged ``low_data``: their shares and HHI rest on
    #: too few filings to carry a decision alone.
    min_node_filings: int = Field(10, ge=1)
    #: 强链: the region's specialisation RTA in the node at least this, with at least ``min_local`` filings.
    strong_rta: float = Field(1.0, gt=0)
    min_local: int = Field(3, ge=1)
    #: 延链: recent filings at least this many, growing faster than the whole chain.
    min_recent: int = Field(3, ge=1)
    #: Years per trend window: growth and dependence trend compare the last window with the one
    #: before; the last window ends with the last complete filing year (18 months before the data
    #: cut-off) or the end of ``--years``.
    window_years: int = Field(5, ge=1)
    #: Sensitivity view: each weight moved by ± this amount (others rescaled).
    sensitivity_step: float = Field(0.1, gt=0, lt=1)
    #: Chokepoint nodes for free-to-use patents: the top third of the ranking, at least one node.
    chokepoint_top_share: float = Field(1 / 3, gt=0, le=1)
    #: Patents whose estimated term ends within this many years count as expiring.
    expiring_years: int = Field(2, ge=0)
    #: Pledge financing (质押融资): remaining term at least this many years.
    pledge_min_years: float = Field(5.0, ge=0)
    #: High-value cultivation: a local portfolio qualifies with at least this many high-value patents.
    portfolio_min_high_value: int = Field(2, ge=1)
    #: Lengths of the target lists.
    top_leaders: int = Field(20, ge=1)
    top_per_node: int = Field(5, ge=1)
    top_talent: int = Field(30, ge=1)

    @field_validator("chokepoint", mode="before")
    @classmethod
    def _weights(cls, value: Any) -> Any:
        return ChokepointWeights() if value is None else value

    def as_dict(self) -> dict[str, Any]:
        data = self.model_dump()
        data["chokepoint"] = self.chokepoint.normalized()
        return data


def load_params(path: str | Path | None = None, **overrides: Any) -> SecurityParams:
    """Read a weights YAML (any subset of the fields of ``SecurityParams``) and apply overrides.

    A file may hold only the four chokepoint weights at top level, or a full parameter mapping
    with a ``chokepoint:`` section.
    """
    data: dict[str, Any] = {}
    if path is not None:
        file = Path(path)
        try:
            loaded = yaml.safe_load(file.read_text(encoding="utf-8")) or {}
        except OSError as exc:
            raise ConfigError(f"cannot read weights file {file}: {exc}", hint="Check the --weights path.") from exc
        except yaml.YAMLError as exc:
            raise ConfigError(f"weights file {file} is not valid YAML: {exc}") from exc
        if not isinstance(loaded, dict):
            raise ConfigError(f"weights file {file}: expected a mapping of names to numbers")
        if set(loaded) <= set(COMPONENTS):
            loaded = {"chokepoint": loaded}
        data.update(loaded)
    data.update({k: v for k, v in overrides.items() if v is not None})
    try:
        params = SecurityParams.model_validate(data)
    except ValidationError as exc:
        where = f"weights file {path}" if path else "security parameters"
        problems = "; ".join(f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in exc.errors())
        raise ConfigError(
            f"{where}: {problems}",
            hint="Known keys: " + ", ".join(SecurityParams.model_fields) + "; weights: " + ", ".join(COMPONENTS) + ".",
        ) from exc
    params.chokepoint.normalized()
    return params


def resolve_params(weights: SecurityParams | dict[str, Any] | str | Path | None) -> SecurityParams:
    """Parameters from a ``SecurityParams``, a mapping (of its fields, or of the four chokepoint
    weights alone), a YAML path, or None for the defaults."""
    if isinstance(weights, SecurityParams):
        return weights
    if isinstance(weights, (str, Path)):
        return load_params(weights)
    if isinstance(weights, dict):
        data = {"chokepoint": weights} if set(weights) <= set(COMPONENTS) else weights
        return load_params(None, **data)
    return SecurityParams()
