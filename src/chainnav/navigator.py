"""The one public Python API: ``nav = chainnav.open("x.duckdb")``; CLI, web and tests use it."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

import duckdb
import ibis
import pyarrow as pa

from chainnav.errors import ChainnavError, NotFoundError
from chainnav.store import connect

if TYPE_CHECKING:
    from chainnav.analytics.view import ChainView
    from chainnav.ingest.report import LoadReport


class Navigator:
    """A chainnav store: ingest exports, classify chains, compute indicators.

    >>> nav = Navigator(":memory:")
    >>> nav.sql("SELECT count(*) AS n FROM patent").to_pylist()
    [{'n': 0}]
    """

    def __init__(self, path: str | Path = ":memory:", *, read_only: bool = False) -> None:
        self.path = str(path)
        self.read_only = read_only
        self.con: duckdb.DuckDBPyConnection = connect(path, read_only=read_only)

    @cached_property
    def ibis(self) -> ibis.BaseBackend:
        """The Ibis backend over this store's DuckDB connection."""
        return ibis.duckdb.from_connection(self.con)

    def table(self, name: str) -> ibis.Table:
        """A store table as an Ibis expression (``nav.table("patent").count().execute()``)."""
        try:
            return self.ibis.table(name)
        except Exception as exc:  # ibis raises backend-specific errors for unknown tables
            raise NotFoundError(f"no table {name!r} in store {self.path}") from exc

    def sql(self, query: str, params: Sequence[Any] | None = None) -> pa.Table:
        """Run SQL against the store and return the result as Arrow."""
        try:
            relation = self.con.sql(query, params=list(params) if params else None)
        except duckdb.Error as exc:
            raise ChainnavError(f"SQL error: {exc}") from exc
        if relation is None:  # statements without a result set
            return pa.table({})
        return relation.to_arrow_table()

    # -- ingest -----------------------------------------------------------------------------
    def ingest(
        self,
        paths: str | Path | Iterable[str | Path],
        *,
        format: str = "auto",
        mapping: str | Path | None = None,
        progress: bool = False,
    ) -> list[LoadReport]:
        """Import export files, one transaction per file; returns one load report per file."""
        from chainnav.ingest.pipeline import ingest_files

        if isinstance(paths, (str, Path)):
            paths = [paths]
        return ingest_files(self, [Path(p) for p in paths], format=format, mapping=mapping, progress=progress)

    def loads(self) -> pa.Table:
        """Every import with its file, sha256, format, counts, status and timing."""
        return self.sql("SELECT * FROM load ORDER BY load_id")

    def rejects(self, load_id: int) -> pa.Table:
        """The rejected rows of one load, with row number, column, reason and raw text."""
        if not self.sql("SELECT 1 FROM load WHERE load_id = ?", [load_id]).num_rows:
            raise NotFoundError(f"no load {load_id}", hint="List loads with `chainnav loads`.")
        return self.sql("SELECT * FROM reject WHERE load_id = ? ORDER BY row_number", [load_id])

    # -- chains -----------------------------------------------------------------------------
    def classify(self, chain_ids: str | Iterable[str] | None = None, *, progress: bool = False) -> Any:
        """Rebuild ``patent_node`` for the given chains (all shipped chains when None)."""
        from chainnav.chains.classifier import classify

        if isinstance(chain_ids, str):
            chain_ids = [chain_ids]
        return classify(self, None if chain_ids is None else list(chain_ids), progress=progress)

    def chain(self, chain_id: str) -> ChainView:
        """Indicators of one chain: ``nav.chain("uav").indicator("hhi", by="node")``."""
        from chainnav.analytics.view import ChainView

        return ChainView(self, chain_id)

    def close(self) -> None:
        self.con.close()

    def __enter__(self) -> Navigator:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def open(path: str | Path = ":memory:", *, read_only: bool = False) -> Navigator:  # noqa: A001
    """Open (or create) a chainnav store, in the style of ``duckdb.connect``."""
    return Navigator(path, read_only=read_only)
