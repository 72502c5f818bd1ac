"""Analytics fixtures: the hand-made store on every backend (DuckDB, PySpark local mode).

Tests take ``hand`` (a factory ``hand(region=..., unit=..., years=...) -> AnalysisContext``) and
run once per backend; Spark runs share one SparkSession per test run (xdist group ``spark``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import analytics_hand
import pytest

import chainnav
from chainnav.analytics.context import AnalysisContext, Scope

SPARK = pytest.param("spark", marks=[pytest.mark.spark, pytest.mark.xdist_group("spark")])
BACKENDS = ["duckdb", SPARK]

# Session settings that make Spark's per-query overhead small on test-sized tables.
SPARK_TEST_CONF = {
    "spark.sql.shuffle.partitions": "1",
    "spark.default.parallelism": "1",
    "spark.sql.codegen.wholeStage": "false",
    "spark.ui.showConsoleProgress": "false",
}


@pytest.fixture(scope="session")
def hand_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A store file holding the hand-made rows of ``analytics_hand``."""
    path = tmp_path_factory.mktemp("hand") / "hand.duckdb"
    with chainnav.open(path) as nav:
        analytics_hand.fill(nav)
    return path


@pytest.fixture(scope="session")
def spark(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    """The one SparkSession of the test run (warehouse in a temporary folder)."""
    from chainnav.analytics.spark import spark_session

    session = spark_session(warehouse_dir=tmp_path_factory.mktemp("spark-warehouse"), **SPARK_TEST_CONF)
    session.sparkContext.setLogLevel("ERROR")
    yield session
    session.stop()


@pytest.fixture(scope="session")
def spark_stores(spark: Any, tmp_path_factory: pytest.TempPathFactory) -> Callable[[Path, str], Any]:
    """``spark_stores(db_path, database)``: the store's tables as a Spark database, registered once."""
    from chainnav.analytics.spark import export_store_parquet, register_parquet_store

    done: dict[str, Any] = {}

    def load(db: Path, database: str) -> Any:
        if database not in done:
            folder = tmp_path_factory.mktemp(f"parquet-{database}")
            with chainnav.open(db, read_only=True) as nav:
                export_store_parquet(nav, folder)
            done[database] = register_parquet_store(spark, folder, database)
        return done[database]

    return load


@pytest.fixture(scope="session")
def spark_contexts() -> dict[tuple, AnalysisContext]:
    """Spark contexts by (database, scope), shared by the run so cached base tables are built once."""
    return {}


def make_contexts(request: pytest.FixtureRequest, backend: str, db: Path, database: str) -> Callable[..., AnalysisContext]:
    """A factory of contexts over ``db`` on ``backend``; DuckDB stores close at teardown."""
    if backend == "spark":
        ibis_backend = request.getfixturevalue("spark_stores")(db, database)
        memo = request.getfixturevalue("spark_contexts")

        def spark_context(**scope: Any) -> AnalysisContext:
            key = (database, tuple(sorted(scope.items())))
            if key not in memo:
                memo[key] = AnalysisContext(ibis_backend, Scope(**scope), database=database, cache=True)
            return memo[key]

        return spark_context
    nav = chainnav.open(db, read_only=True)
    request.addfinalizer(nav.close)
    return lambda **scope: AnalysisContext(nav.ibis, Scope(**scope))


@pytest.fixture(params=BACKENDS)
def backend_name(request: pytest.FixtureRequest) -> str:
    return request.param


@pytest.fixture
def hand(request: pytest.FixtureRequest, backend_name: str, hand_db: Path) -> Callable[..., AnalysisContext]:
    """``hand(region="CN", unit="family")``: a context over the hand store for the ``uav`` chain."""
    factory = make_contexts(request, backend_name, hand_db, "hand")

    def build(**scope: Any) -> AnalysisContext:
        scope.setdefault("chain_id", "uav")
        return factory(**scope)

    return build


@pytest.fixture(scope="session")
def series_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A store whose filings rise, plateau and fall (``analytics_hand.SERIES``)."""
    path = tmp_path_factory.mktemp("series") / "series.duckdb"
    with chainnav.open(path) as nav:
        analytics_hand.fill_series(nav)
    return path


@pytest.fixture
def series(request: pytest.FixtureRequest, backend_name: str, series_db: Path) -> Callable[..., AnalysisContext]:
    """``series()``: a context over the series store's one-node chain ``s``."""
    factory = make_contexts(request, backend_name, series_db, "series")
    return lambda **scope: factory(chain_id="s", **scope)
