"""Derived tables the web pages read so no request recomputes per-patent facts over the whole store.

``web_patent_origin`` holds each patent's origin by the analytics' rule. It is rebuilt in one
``INSERT … SELECT`` (compiled from the analytics' Ibis expression) whenever the store's stamp —
patent count, last load and party count — differs from the one it was built from. A read-only
server uses it only while it is fresh, and otherwise computes origins per query.
"""

from __future__ import annotations

import time

import duckdb

from chainnav.analytics.context import AnalysisContext, Scope
from chainnav.navigator import Navigator

ORIGIN = "web_patent_origin"


def store_stamp(nav: Navigator) -> str:
    """A cheap fingerprint of the store's contents that changes with every import."""
    row = nav.con.cursor().execute(
        "SELECT (SELECT count(*) FROM patent), (SELECT coalesce(max(load_id), 0) FROM load), "
        "(SELECT count(*) FROM party)"
    ).fetchall()[0]
    return ":".join(str(v) for v in row)


def is_fresh(nav: Navigator, name: str, stamp: str) -> bool:
    """True when the tables recorded under ``name`` in ``web_index_state`` were built at ``stamp``."""
    try:
        rows = nav.con.cursor().execute("SELECT stamp FROM web_index_state WHERE name = ?", [name]).fetchall()
    except duckdb.Error:  # a read-only store that never ran the web migrations
        return False
    return bool(rows) and rows[0][0] == stamp


def origin_is_fresh(nav: Navigator) -> bool:
    """True when ``web_patent_origin`` was built from the store as it is now."""
    return is_fresh(nav, ORIGIN, store_stamp(nav))


def refresh_origin(nav: Navigator, *, force: bool = False) -> float | None:
    """Rebuild ``web_patent_origin`` when stale (or ``force``); returns seconds taken, None when fresh."""
    if nav.read_only or (not force and origin_is_fresh(nav)):
        return None
    started = time.perf_counter()
    expr = AnalysisContext(nav.ibis, Scope(unit="publication")).patent_origin()
    select = str(nav.ibis.compile(expr.select("patent_id", "origin_country", "origin_region", "basis")))
    return replace_tables(nav, {ORIGIN: select}, state_key=ORIGIN, stamp=store_stamp(nav), started=started)


def replace_tables(nav: Navigator, selects: dict[str, str], *, state_key: str, stamp: str, started: float) -> float:
    """Refill each table from its SELECT and record the stamp, all in one transaction; returns seconds."""
    nav.con.execute("BEGIN TRANSACTION")
    try:
        for name, select in selects.items():
            nav.con.execute(f"DELETE FROM {name}")
            nav.con.execute(f"INSERT INTO {name} {select}")
        seconds = time.perf_counter() - started
        nav.con.execute(
            "INSERT OR REPLACE INTO web_index_state VALUES (?, ?, current_timestamp, ?)", [state_key, stamp, seconds]
        )
        nav.con.execute("COMMIT")
    except duckdb.Error:
        nav.con.execute("ROLLBACK")
        raise
    return seconds
