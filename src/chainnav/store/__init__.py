"""The canonical DuckDB patent store: connection, versioned schema, load bookkeeping."""

from chainnav.store.connection import connect, migrate

__all__ = ["connect", "migrate"]
