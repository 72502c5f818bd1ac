"""Web fixtures: the hand-written store (``web_store.py``) and app clients over it."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from web_store import build_store

import chainnav
from chainnav.web.app import create_app
from chainnav.web.index import refresh_origin
from chainnav.web.summary import refresh_summaries


@pytest.fixture(scope="session")
def web_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The hand-written web store with its summary tables built, as a writable server leaves it
    (built once per worker); the page tests so check the pages read from the summaries."""
    path = build_store(tmp_path_factory.mktemp("web") / "web.duckdb")
    with chainnav.open(path) as nav:
        refresh_origin(nav)
        refresh_summaries(nav)
    return path


@pytest.fixture
def client(web_db: Path) -> Iterator[TestClient]:
    """A test client of the read-only public app over the web store."""
    app = create_app(web_db, read_only=True)
    with TestClient(app) as test_client:
        yield test_client
