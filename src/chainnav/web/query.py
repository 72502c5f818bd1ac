"""Bounded query execution for the web: every Ibis expression runs on its own cursor under a time limit.

A DuckDB connection is not safe to share between threads, and FastAPI runs page handlers in a
thread pool, so each request takes a fresh cursor of the store's connection. A watchdog thread
interrupts the cursor after ``timeout`` seconds, so no request can hold the server however costly its filters are.

Compiling an Ibis expression to SQL takes milliseconds of Python per query, more than a look-up in a
summary table costs DuckDB. So the pages' fixed queries are ``prepared``: built once with
placeholder literals standing for the request's values, compiled once, and then run with the values
written in as quoted SQL string literals. Literals rather than DuckDB parameters, because DuckDB
prunes row groups by min/max statistics only for constants: a look-up by id in an ordered summary
took 1-2 ms with a literal and 6-9 ms with a parameter on the million-patent store.
"""

from __future__ import annotations

import itertools
import re
import threading
import time
from collections.abc import Callable, Hashable, Iterator
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


_PLACEHOLDER = re.compile(r"'__chainnav_param_(\d+)__'")


def placeholder(index: int) -> ibis.StringValue:
    """The string literal a prepared query's builder gets for its ``index``-th value."""
    return ibis.literal(f"__chainnav_param_{index}__")


def sql_string(value: str) -> str:
    """``value`` as a DuckDB string literal (quotes doubled; DuckDB strings have no backslash escapes)."""
    if "\x00" in value:
        raise ChainnavError("a parameter holds a NUL character", hint="Remove control characters from the URL.")
    return "'" + value.replace("'", "''") + "'"


class _Watchdog:
    """One thread that interrupts the cursors running past their deadline (a timer thread per query
    cost a thread start and two switches for every one of a page's dozen queries)."""

    def __init__(self) -> None:
        self._cond = threading.Condition()
        self._due: dict[int, tuple[float, duckdb.DuckDBPyConnection]] = {}
        self._tokens = itertools.count()
        self._thread: threading.Thread | None = None

    def watch(self, cursor: duckdb.DuckDBPyConnection, seconds: float) -> int:
        with self._cond:
            token = next(self._tokens)
            self._due[token] = (time.monotonic() + seconds, cursor)
            if self._thread is None:
                self._thread = threading.Thread(target=self._run, name="chainnav-query-watchdog", daemon=True)
                self._thread.start()
            if len(self._due) == 1:  # every timeout is the same, so only an idle watchdog needs waking
                self._cond.notify()
        return token

    def release(self, token: int) -> None:
        with self._cond:
            self._due.pop(token, None)

    def _run(self) -> None:
        with self._cond:
            while True:
                now = time.monotonic()
                for token, (deadline, cursor) in list(self._due.items()):
                    if deadline <= now:
                        del self._due[token]
                        cursor.interrupt()
                earliest = min((deadline for deadline, _ in self._due.values()), default=now + 60.0)
                self._cond.wait(timeout=max(earliest - now, 0.005))


@dataclass
class QueryRunner:
    """Compiles Ibis expressions once per call and runs them on a per-request cursor."""

    nav: Navigator
    timeout: float = 5.0
    origin_indexed: bool = False  # True while the web_patent_origin summary matches the store
    summary_indexed: bool = False  # True while the chain/node summaries (summary.py) match the store
    _tables: dict[str, ibis.Table] = field(default_factory=dict, repr=False)
    _compiled: dict[Hashable, list[str]] = field(default_factory=dict, repr=False)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)
    _watchdog: _Watchdog = field(default_factory=_Watchdog, repr=False)

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
            self._compiled.clear()

    def sql_of(self, expr: ibis.Expr) -> str:
        return str(self.nav.ibis.compile(expr))

    @contextmanager
    def _bounded_cursor(self) -> Iterator[duckdb.DuckDBPyConnection]:
        cursor = self.nav.con.cursor()
        token = self._watchdog.watch(cursor, self.timeout)
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
            self._watchdog.release(token)
            cursor.close()

    def arrow(self, expr: ibis.Expr) -> pa.Table:
        """Run an expression and return Arrow rows."""
        sql = self.sql_of(expr)
        with self._bounded_cursor() as cursor:
            return cursor.sql(sql).to_arrow_table()

    def rows(self, expr: ibis.Expr) -> list[dict[str, Any]]:
        """Run an expression and return plain dict rows (what templates and JSON want)."""
        return self.arrow(expr).to_pylist()

    def prepared_sql(self, key: Hashable, build: Callable[..., ibis.Expr], values: tuple[str, ...]) -> str:
        """The SQL of ``build(placeholder(0), …)`` with ``values`` in place of the placeholders; the
        expression is compiled once per ``key``, which must name everything that shapes the query
        besides the string values."""
        with self._lock:
            parts = self._compiled.get(key)
        if parts is None:
            parts = _PLACEHOLDER.split(self.sql_of(build(*(placeholder(i) for i in range(len(values))))))
            if any(int(p) >= len(values) for p in parts[1::2]):
                raise ValueError(f"prepared query {key!r} has more placeholders than its {len(values)} values")
            with self._lock:
                self._compiled[key] = parts
        return "".join(part if i % 2 == 0 else sql_string(values[int(part)]) for i, part in enumerate(parts))

    def prepared(self, key: Hashable, build: Callable[..., ibis.Expr], *values: str) -> list[dict[str, Any]]:
        """Rows of a prepared query (see ``prepared_sql``) run with ``values``."""
        sql = self.prepared_sql(key, build, values)
        with self._bounded_cursor() as cursor:
            result = cursor.execute(sql)
            columns = [d[0] for d in result.description]
            return [dict(zip(columns, row, strict=True)) for row in result.fetchall()]

    def scalar(self, expr: ibis.Expr) -> Any:
        """Run a scalar expression (a count, a max) and return its value."""
        sql = self.sql_of(expr)
        with self._bounded_cursor() as cursor:
            rows = cursor.execute(sql).fetchall()
        return rows[0][0] if rows else None
