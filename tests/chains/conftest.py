"""Fixtures of the chains tests: a small store of real Lens drone records."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from chains_fixtures import LENS_EXCERPT, load_records

import chainnav


@pytest.fixture
def excerpt_nav(tmp_path: Path) -> Iterator[chainnav.Navigator]:
    """A store holding the eleven Lens records of LENS_EXCERPT."""
    with chainnav.open(tmp_path / "excerpt.duckdb") as store:
        load_records(store, LENS_EXCERPT)
        yield store
