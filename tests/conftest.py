"""Fixtures every test module shares: real data from ../shared/data and ready-made stores."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

import chainnav
from chainnav.config import shared_data_dir
from chainnav.resources import DEMO_DATA

IN_CI = os.environ.get("CI", "").lower() == "true"


def require_shared(relative: str) -> Path:
    """Path of a file in ../shared/data; skip when absent on a user's machine, fail in CI."""
    base = shared_data_dir()
    path = base / relative if base else None
    if path is None or not path.exists():
        message = f"real test data {relative} not found (expected in ../shared/data)"
        if IN_CI:
            pytest.fail(message + " — CI must have it")
        pytest.skip(message)
    return path


@pytest.fixture(scope="session")
def shared():
    """``shared("patents/lens_drones_9071.csv")``: a real data file, skipped when absent (never in CI)."""
    return require_shared


@pytest.fixture(scope="session")
def shared_data() -> Path:
    """The ../shared/data folder of real public records."""
    return require_shared(".")


@pytest.fixture
def nav(tmp_path: Path) -> Iterator[chainnav.Navigator]:
    """An empty store in a temporary file."""
    with chainnav.open(tmp_path / "test.duckdb") as store:
        yield store


@pytest.fixture(scope="session")
def drone_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A store file with the bundled 9,071 Lens drone families loaded (built once per worker)."""
    path = tmp_path_factory.mktemp("drone") / "drones.duckdb"
    with chainnav.open(path) as store:
        store.ingest(DEMO_DATA)
    return path


@pytest.fixture(scope="session")
def drone_classified_db(drone_db: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The drone store with the shipped ``uav`` chain classified (a copy; drone_db stays as loaded)."""
    import shutil

    path = tmp_path_factory.mktemp("drone_classified") / "drones.duckdb"
    shutil.copy(drone_db, path)
    with chainnav.open(path) as store:
        store.classify("uav")
    return path


@pytest.fixture
def drone_nav(drone_classified_db: Path) -> Iterator[chainnav.Navigator]:
    """A read-only view of the classified drone store."""
    with chainnav.open(drone_classified_db, read_only=True) as store:
        yield store
