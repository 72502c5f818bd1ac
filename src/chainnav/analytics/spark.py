"""Run the indicators on PySpark: store tables as Parquet, registered as tables of a Spark database.

The same ``AnalysisContext`` works on any Ibis backend whose tables have the canonical names and
columns. For Spark the store's tables are written as Parquet (``export_store_parquet``) and
declared as tables of a Spark database (``register_parquet_store``), so a cluster reads them from
shared storage (HDFS, S3, …) instead of the DuckDB file.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

import ibis

from chainnav.errors import ChainnavError

if TYPE_CHECKING:
    from chainnav.navigator import Navigator

# The canonical tables the indicators read.
ANALYSIS_TABLES = (
    "patent",
    "priority_claim",
    "classification",
    "party",
    "citation",
    "entity",
    "entity_alias",
    "chain",
    "chain_node",
    "patent_node",
)


def export_store_parquet(nav: Navigator, folder: str | Path) -> Path:
    """Write every analysis table of the store to ``folder/<table>/data.parquet``."""
    folder = Path(folder)
    for name in ANALYSIS_TABLES:
        target = folder / name
        target.mkdir(parents=True, exist_ok=True)
        # DuckDB's COPY is the bulk path: no rows pass through Python
        nav.con.execute(f"COPY (SELECT * FROM {name}) TO '{target / 'data.parquet'}' (FORMAT parquet)")
    return folder


def spark_session(master: str = "local[2]", *, warehouse_dir: str | Path | None = None, **conf: Any) -> Any:
    """A SparkSession tuned for analysis tables of this size (few shuffle partitions, no UI)."""
    try:
        from pyspark.sql import SparkSession
    except ImportError as exc:
        raise ChainnavError(
            "PySpark is not installed", hint="Install it with `pip install 'chainnav[spark]'`."
        ) from exc
    builder = (
        SparkSession.builder.master(master)
        .appName("chainnav")
        .config("spark.sql.shuffle.partitions", "4")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.session.timeZone", "UTC")
    )
    if warehouse_dir is not None:
        builder = builder.config("spark.sql.warehouse.dir", str(warehouse_dir))
    for key, value in conf.items():
        builder = builder.config(key, value)
    return builder.getOrCreate()


def register_parquet_store(session: Any, folder: str | Path, database: str) -> ibis.BaseBackend:
    """Declare the Parquet tables under ``folder`` as tables of Spark ``database``; return the Ibis backend.

    Use the result as ``AnalysisContext(backend, scope, database=database)``.
    """
    folder = Path(folder)
    session.sql(f"CREATE DATABASE IF NOT EXISTS `{database}`")
    for name in ANALYSIS_TABLES:
        path = folder / name
        if not path.exists():
            raise ChainnavError(
                f"table {name} is missing under {folder}", hint="Write it with export_store_parquet(nav, folder)."
            )
        session.sql(f"DROP TABLE IF EXISTS `{database}`.`{name}`")
        session.sql(f"CREATE TABLE `{database}`.`{name}` USING parquet LOCATION '{path.resolve()}'")
    return ibis.pyspark.connect(session)
