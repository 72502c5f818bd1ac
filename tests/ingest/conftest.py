"""Fixtures shared by the ingest tests."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import duckdb
import pytest

from chainnav.ingest.normalize import install_macros


@pytest.fixture(scope="module")
def sql() -> Iterator[Callable[..., object]]:
    """Evaluate one SQL expression with the normalizing macros installed: ``sql("cn_date(?)", raw)``."""
    con = duckdb.connect()
    install_macros(con)

    def run(expression: str, *params: object) -> object:
        return con.execute(f"SELECT {expression}", list(params)).fetchall()[0][0]

    yield run
    con.close()
