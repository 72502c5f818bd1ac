"""Finding and loading chain definitions: the shipped YAML files and any file a user names.

Every problem in a file is reported at once, each naming the file, the node id, the field and what
is wrong, in a :class:`ChainDefinitionError` (a ConfigError).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from chainnav.chains.schema import ChainDefinition, NodeProblem
from chainnav.errors import ConfigError, NotFoundError
from chainnav.resources import CHAINS_DIR


@dataclass(frozen=True)
class Problem:
    """One thing wrong in a chain file."""

    file: str
    node: str | None
    field: str
    message: str

    def __str__(self) -> str:
        where = f"node {self.node!r}, " if self.node else ""
        return f"{self.file}: {where}field {self.field}: {self.message}"


class ChainDefinitionError(ConfigError):
    """A chain YAML file is invalid; ``problems`` lists every finding."""

    def __init__(self, file: str, problems: list[Problem]) -> None:
        self.file, self.problems = file, problems
        lines = "\n".join(f"  - {p}" for p in problems)
        super().__init__(
            f"invalid chain definition {file} ({len(problems)} problem(s)):\n{lines}",
            hint="Fix the fields named above; `chainnav chains validate PATH` checks a file again.",
        )


def _field_path(loc: tuple[Any, ...]) -> str:
    text = ""
    for part in loc:
        if isinstance(part, int):
            text += f"[{part}]"
        elif not text:
            text = str(part)
        elif part in ("str", "GuardedTerm", "constrained-str") or "[" in str(part):
            continue  # pydantic names the union member it tried; the user only needs the field
        else:
            text += f".{part}"
    return text or "(file)"


def _problems(file: str, raw: dict[str, Any], error: ValidationError) -> list[Problem]:
    nodes = raw.get("nodes") if isinstance(raw.get("nodes"), list) else []
    found: list[Problem] = []
    for item in error.errors():
        cause = (item.get("ctx") or {}).get("error")
        if isinstance(cause, NodeProblem):
            found.append(Problem(file, cause.node_id, cause.field, cause.message))
            continue
        loc = tuple(item["loc"])
        node_id = None
        if len(loc) >= 2 and loc[0] == "nodes" and isinstance(loc[1], int):
            entry = nodes[loc[1]] if loc[1] < len(nodes) else None
            node_id = str(entry.get("id")) if isinstance(entry, dict) and entry.get("id") else f"#{loc[1] + 1}"
            loc = loc[2:]
        message = item["msg"].removeprefix("Value error, ")
        found.append(Problem(file, node_id, _field_path(loc), message))
    # A union field (a keyword is a string or a guarded term) reports one problem per member; keep
    # the specific one rather than "should be a valid string".
    specific = {(p.node, p.field) for p in found if not p.message.startswith("Input should be a valid string")}
    unique: list[Problem] = []
    for problem in found:
        generic = problem.message.startswith("Input should be a valid string")
        if problem not in unique and not (generic and (problem.node, problem.field) in specific):
            unique.append(problem)
    return unique


def parse_chain(text: str, *, file: str = "<text>") -> ChainDefinition:
    """Parse and validate chain YAML text; ``file`` names it in error messages."""
    try:
        raw = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        reason = getattr(exc, "problem", None) or str(exc)
        raise ChainDefinitionError(file, [Problem(file, None, "(yaml)", f"not valid YAML{where}: {reason}")]) from exc
    if not isinstance(raw, dict):
        raise ChainDefinitionError(file, [Problem(file, None, "(file)", "expected a mapping with id, name, nodes")])
    try:
        return ChainDefinition.model_validate(raw)
    except ValidationError as exc:
        raise ChainDefinitionError(file, _problems(file, raw, exc)) from exc


def load_chain_file(path: str | Path) -> ChainDefinition:
    """Load and validate one chain YAML file."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise ConfigError(f"cannot read chain file {path}: {exc}", hint="Check the path.") from exc
    return parse_chain(text, file=str(path))


def chain_text(chain_id: str) -> str:
    """The YAML text of a shipped chain, as stored with each classification."""
    return _shipped_path(chain_id).read_text(encoding="utf-8")


def _shipped_path(chain_id: str) -> Path:
    path = CHAINS_DIR / f"{chain_id}.yaml"
    if not path.exists():
        known = ", ".join(p.stem for p in sorted(CHAINS_DIR.glob("*.yaml")))
        raise NotFoundError(f"no chain {chain_id!r}", hint=f"Shipped chains: {known}. See `chainnav chains list`.")
    return path


def load_chain(chain_id: str) -> ChainDefinition:
    """A shipped chain by id (``uav``, ``nev`` ...)."""
    definition = load_chain_file(_shipped_path(chain_id))
    if definition.id != chain_id:
        raise ConfigError(f"{_shipped_path(chain_id)}: field id: {definition.id!r} differs from the file name")
    return definition


def list_chains() -> list[ChainDefinition]:
    """Every shipped chain, by id."""
    return [load_chain(path.stem) for path in sorted(CHAINS_DIR.glob("*.yaml"))]
