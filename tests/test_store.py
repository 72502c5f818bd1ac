"""The store opens, migrates once and answers SQL; errors are ChainnavErrors, not tracebacks."""

from __future__ import annotations

import pytest

import chainnav
from chainnav.store.connection import migration_files


def test_migrations_apply_once(tmp_path):
    path = tmp_path / "s.duckdb"
    with chainnav.open(path) as nav:
        first = nav.sql("SELECT count(*) AS n FROM schema_migration").column("n")[0].as_py()
    with chainnav.open(path) as nav:
        again = nav.sql("SELECT count(*) AS n FROM schema_migration").column("n")[0].as_py()
    assert first == again == len(migration_files())


def test_canonical_tables_exist(nav):
    names = set(nav.sql("SELECT table_name FROM information_schema.tables").column("table_name").to_pylist())
    assert {"patent", "classification", "party", "citation", "load", "reject", "chain_node", "patent_node"} <= names


def test_table_returns_ibis_expression(nav):
    assert nav.table("patent").count().execute() == 0


def test_sql_error_is_chainnav_error(nav):
    with pytest.raises(chainnav.ChainnavError, match="SQL error"):
        nav.sql("SELECT * FROM no_such_table")


def test_unknown_table_is_not_found(nav):
    with pytest.raises(chainnav.NotFoundError):
        nav.table("no_such_table")
