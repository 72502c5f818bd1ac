"""Settings: database path, region of interest and language, from arguments or environment."""

from __future__ import annotations

import os
from pathlib import Path

from pydantic import BaseModel, Field

DEFAULT_DB = "chainnav.duckdb"


class Settings(BaseModel):
    """Process-wide defaults; every command may override them with options."""

    db: Path = Field(default_factory=lambda: Path(os.environ.get("CHAINNAV_DB", DEFAULT_DB)))
    region: str = Field(default_factory=lambda: os.environ.get("CHAINNAV_REGION", "CN"))
    lang: str = Field(default_factory=lambda: os.environ.get("CHAINNAV_LANG", "zh"))


def shared_data_dir() -> Path | None:
    """The folder of real public test data (``../shared/data`` beside the checkout), if present."""
    env = os.environ.get("CHAINNAV_SHARED_DATA")
    if env:
        return Path(env)
    here = Path(__file__).resolve()
    for parent in here.parents:
        candidate = parent.parent / "shared" / "data"
        if (parent / "pyproject.toml").exists() and candidate.is_dir():
            return candidate
    return None
