"""The one column-mapping layer: a YAML mapping names, for each canonical field, the export columns.

Built-in formats (Lens, Google Patents, incoPat/PatSnap) are mappings shipped in
``chainnav/ingest/mappings/*.yaml``; a user's own CSV/Excel layout is one more YAML file passed with
``--map``. Headers are compared after ``header_key``: lower case, runs of anything that is not a
letter, digit or CJK character become one ``_`` (so ``Publication Number``, ``publication_number``
and ``公开（公告）号``/``公开(公告)号`` each have one key).
"""

from __future__ import annotations

import re
from importlib import resources
from pathlib import Path
from typing import Literal

import yaml
from pydantic import BaseModel, Field, ValidationError, field_validator

from chainnav.errors import ConfigError

MAPPINGS_PACKAGE = "chainnav.ingest.mappings"

# Canonical single-valued fields a mapping may fill (raw text; normalized later in SQL).
SCALAR_FIELDS = (
    "patent_id", "kind", "country", "family_id", "title", "abstract", "language",
    "application_number", "application_date", "priority_date", "publication_date",
    "publication_year", "grant_date", "legal_status", "num_claims", "cited_by_count", "family_size",
    "extended_family_size", "source_id", "url", "doc_type", "ipc_main", "cpc_main",
    "applicant_address", "applicant_country", "applicant_region", "applicant_city",
)
# Multi-valued fields (one cell, several values split by the field's separator).
MULTI_FIELDS = ("priority_numbers", "cpc", "ipc", "applicants", "inventors", "assignees", "cited_patents")
DATE_FIELDS = ("application_date", "priority_date", "publication_date", "grant_date")
INT_FIELDS = ("num_claims", "cited_by_count", "family_size", "extended_family_size", "publication_year")
# Splits multi-valued cells: Lens ";;", Chinese "；" and ";", "|" and newlines.
DEFAULT_SEPARATOR = r"\s*(?:;;|;|；|\||\n)\s*"

_KEY_RUN = re.compile(r"[^0-9a-z\u3400-\u9fff]+")


def header_key(name: str) -> str:
    """The comparison key of a header: ``'Publication Number'`` -> ``'publication_number'``."""
    return _KEY_RUN.sub("_", name.strip().lstrip("\ufeff").lower()).strip("_")


class FieldSpec(BaseModel):
    """Where one canonical field comes from: the first of ``columns`` present in the file."""

    columns: list[str]
    separator: str | None = None  # regular expression for multi-valued fields

    @field_validator("columns")
    @classmethod
    def _keys(cls, value: list[str]) -> list[str]:
        return [header_key(c) for c in value]


class Mapping(BaseModel):
    """A column mapping: how to detect the layout and which columns feed which field."""

    name: str
    title: str = ""
    formats: list[str] = Field(default_factory=list)  # format names that select this mapping
    detect: list[list[str]] = Field(default_factory=list)  # header sets; any set present = match
    flavors: dict[str, list[str]] = Field(default_factory=dict)  # format name -> marker headers
    date_order: Literal["dmy", "mdy", "ymd"] = "dmy"
    overflow: Literal["reject", "ignore"] = "reject"  # extra fields beyond the header
    skip_prefix: list[str] = Field(default_factory=list)  # leading lines to skip (Google "search URL:")
    default_country: str | None = None
    language: str | None = None
    fields: dict[str, FieldSpec]

    @field_validator("detect")
    @classmethod
    def _detect_keys(cls, value: list[list[str]]) -> list[list[str]]:
        return [[header_key(c) for c in group] for group in value]

    @field_validator("flavors")
    @classmethod
    def _flavor_keys(cls, value: dict[str, list[str]]) -> dict[str, list[str]]:
        return {k: [header_key(c) for c in v] for k, v in value.items()}

    @field_validator("fields", mode="before")
    @classmethod
    def _field_specs(cls, value: object) -> object:
        if not isinstance(value, dict):
            return value
        specs = {}
        for key, spec in value.items():
            if key not in SCALAR_FIELDS and key not in MULTI_FIELDS:
                known = ", ".join(SCALAR_FIELDS + MULTI_FIELDS)
                raise ValueError(f"unknown field {key!r}; known fields: {known}")
            if isinstance(spec, str):
                spec = {"columns": [spec]}
            elif isinstance(spec, list):
                spec = {"columns": spec}
            specs[key] = spec
        if "patent_id" not in specs:
            raise ValueError("a mapping must name the column of field 'patent_id' (publication number)")
        return specs

    def column_for(self, field: str, headers: dict[str, str]) -> str | None:
        """The header key in this file that feeds ``field`` (None when absent)."""
        spec = self.fields.get(field)
        if spec is None:
            return None
        return next((c for c in spec.columns if c in headers), None)

    def match_score(self, keys: set[str]) -> int:
        """How well a file's header keys match this mapping (0 = not at all)."""
        return max((len(group) for group in self.detect if set(group) <= keys), default=0)

    def flavor(self, keys: set[str]) -> str:
        """The format name to record for a file with these headers."""
        for name, markers in self.flavors.items():
            if any(m in keys for m in markers):
                return name
        return self.formats[0] if self.formats else self.name


def load_mapping(source: str | Path) -> Mapping:
    """A mapping from a YAML file path or the name of a shipped mapping."""
    path = Path(source)
    if path.suffix in (".yaml", ".yml") or path.exists():
        if not path.exists():
            raise ConfigError(f"mapping file {path} not found")
        text = path.read_text(encoding="utf-8")
        label = str(path)
    else:
        shipped = {m.name: m for m in shipped_mappings()}
        by_format = {f: m for m in shipped.values() for f in m.formats}
        found = shipped.get(str(source)) or by_format.get(str(source))
        if found is None:
            raise ConfigError(
                f"no shipped mapping named {source!r}",
                hint=f"Known: {', '.join(sorted(shipped))}, or pass a YAML file with --map.",
            )
        return found
    return parse_mapping(text, label)


def parse_mapping(text: str, label: str) -> Mapping:
    """Validate mapping YAML text; errors name the file and the offending key."""
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise ConfigError(f"mapping {label} is not valid YAML: {exc}") from exc
    if not isinstance(data, dict):
        raise ConfigError(f"mapping {label} must be a YAML mapping with 'name' and 'fields'")
    data.setdefault("name", Path(label).stem)
    try:
        return Mapping.model_validate(data)
    except ValidationError as exc:
        problems = "; ".join(
            f"{'.'.join(str(p) for p in err['loc'])}: {err['msg']}" for err in exc.errors()
        )
        raise ConfigError(f"mapping {label} is invalid: {problems}", hint="See docs/ingest.md.") from exc


def shipped_mappings() -> list[Mapping]:
    """The built-in format mappings, in file-name order."""
    found = []
    for entry in sorted(resources.files(MAPPINGS_PACKAGE).iterdir(), key=lambda e: e.name):
        if entry.name.endswith(".yaml"):
            found.append(parse_mapping(entry.read_text(encoding="utf-8"), entry.name))
    return found
