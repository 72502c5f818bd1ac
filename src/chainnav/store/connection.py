"""Open a DuckDB store and bring its schema to the current version."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

import duckdb

from chainnav.errors import ChainnavError

MIGRATIONS = "chainnav.store.migrations"


def migration_files() -> list[tuple[int, str, str]]:
    """All shipped migrations as (version, name, sql), in version order."""
    found = []
    for entry in resources.files(MIGRATIONS).iterdir():
        if entry.name.endswith(".sql"):
            version = int(entry.name.split("_", 1)[0])
            found.append((version, entry.name, entry.read_text(encoding="utf-8")))
    return sorted(found)


def migrate(con: duckdb.DuckDBPyConnection) -> list[str]:
    """Apply the migrations the store has not seen yet, each in its own transaction."""
    con.execute(
        "CREATE TABLE IF NOT EXISTS schema_migration (version INTEGER PRIMARY KEY, name VARCHAR, "
        "applied_at TIMESTAMP DEFAULT current_timestamp)"
    )
    done = {row[0] for row in con.execute("SELECT version FROM schema_migration").fetchall()}
    applied = []
    for version, name, sql in migration_files():
        if version in done:
            continue
        con.execute("BEGIN TRANSACTION")
        try:
            con.execute(sql)
            con.execute("INSERT INTO schema_migration (version, name) VALUES (?, ?)", [version, name])
            con.execute("COMMIT")
        except duckdb.Error as exc:
            con.execute("ROLLBACK")
            raise ChainnavError(f"schema migration {name} failed: {exc}") from exc
        applied.append(name)
    return applied


def connect(path: str | Path = ":memory:", *, read_only: bool = False) -> duckdb.DuckDBPyConnection:
    """Connect to the store at ``path`` (created when missing) with the current schema."""
    target = str(path)
    try:
        con = duckdb.connect(target, read_only=read_only)
    except duckdb.Error as exc:
        raise ChainnavError(
            f"cannot open store {target}: {exc}",
            hint="Is another chainnav process writing to it? Use --db to choose another file.",
        ) from exc
    if not read_only:
        migrate(con)
    return con
