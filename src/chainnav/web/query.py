"""Bounded query execution for the web: every Ibis expression runs on its own cursor under a time limit.

A DuckDB connection is not safe to share between threads, and FastAPI runs page handlers in a
thread pool, so each request takes a fresh cursor of the store's connection. A timer interrupts the
cursor after ``timeout`` seconds, so no request can hold the server however costly its filters are.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

import duckdb
import ibis
import pyarrow as pa

from chainnav.errors import ChainnavError
from chainnav.navigator import Navigator


class QueryTimeoutError(ChainnavError):
    """A page's query ran longer than the server's per-query time limit and was interrupted."""


@dataclass
class QueryRunner:
    """Compiles Ibis expressions once per call and runs them on a per-request cursor."""

    nav: Navigator
    timeout: float = 5.0
    origin_indexed: bool = False  # True while the web_patent_origin summary matches the store
    summary_indexed: bool = False  # True while the chain/node summaries (summary.py) match the store
    _tables: dict[str, ibis.Table] = field(default_factory=dict, repr=False)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def table(self, name: str) -> ibis.Table:
        """A store table as an Ibis expression; schemas are looked up once and cached."""
        with self._lock:
            if name not in self._tables:
                self._tables[name] = self.nav.table(name)
            return self._tables[name]

    def has_table(self, name: str) -> bool:
        try:
            self.table(name)
        except ChainnavError:
            return False
        return True

    def forget_tables(self) -> None:
        """Drop cached schemas (after an admin action that may have migrated the store)."""
        with self._lock:
            self._tables.clear()

    def sql_of(self, expr: ibis.Expr) -> str:
        return str(self.nav.ibis.compile(expr))

    @contextmanager
    def _bounded_cursor(self) -> Iterator[duckdb.DuckDBPyConnection]:
        cursor = self.nav.con.cursor()
        timer = threading.Timer(self.timeout, cursor.interrupt)
        timer.daemon = True
        timer.start()
        started = time.perf_counter()
        try:
            yield cursor
        except duckdb.InterruptException as exc:
            raise QueryTimeoutError(
                f"query interrupted after {time.perf_counter() - started:.1f} s "
                f"(the limit is {self.timeout:g} s)",
                hint="Narrow the search: add a chain, node, year range or a longer search term.",
            ) from exc
        finally:
            timer.cancel()
            cursor.close()

    def arrow(self, expr: ibis.Expr) -> pa.Table:
        """Run an expression and return Arrow rows."""
        sql = self.sql_of(expr)
        with self._bounded_cursor() as cursor:
            return cursor.sql(sql).to_arrow_table()

    def rows(self, expr: ibis.Expr) -> list[dict[str, Any]]:
        """Run an expression and return plain dict rows (what templates and JSON want)."""
        return self.arrow(expr).to_pylist()

    def scalar(self, expr: ibis.Expr) -> Any:
        """Run a scalar expression (a count, a max) and return its value."""
        sql = self.sql_of(expr)
        with self._bounded_cursor() as cursor:
            rows = cursor.execute(sql).fetchall()
        return rows[0][0] if rows else None
