"""Chain-wide analyses too heavy for one request (security assessment, standards linkage), run in the background.

The first request for a (chain, region) starts the computation on one worker thread and answers
"computing" (HTTP 202; the HTML page refreshes itself); later requests get the finished result until
the store changes. The analyses read through the store's main connection, so they take the same lock
as admin writes; public pages keep answering from their own cursors meanwhile.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Hashable
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any

from chainnav.errors import ChainnavError
from chainnav.navigator import Navigator

MAX_PENDING = 4


class TooManyPendingError(ChainnavError):
    """More analyses are queued than the server computes at once."""


class BackgroundResults:
    """Results of background computations by key: pending, finished or failed."""

    def __init__(self, lock: threading.Lock) -> None:
        self._lock = lock
        self._guard = threading.Lock()
        self._futures: dict[Hashable, Future[Any]] = {}
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="chainnav-analysis")

    def _run(self, compute: Callable[[], Any]) -> Any:
        with self._lock:
            return compute()

    def get(self, key: Hashable, compute: Callable[[], Any]) -> tuple[str, Any]:
        """``("ready", value)``, ``("pending", None)``; re-raises the computation's error once done."""
        with self._guard:
            future = self._futures.get(key)
            if future is None:
                pending = sum(1 for f in self._futures.values() if not f.done())
                if pending >= MAX_PENDING:
                    raise TooManyPendingError(
                        f"{pending} analyses are being computed", hint="Try again in a minute."
                    )
                future = self._pool.submit(self._run, compute)
                self._futures[key] = future
        if not future.done():
            return "pending", None
        error = future.exception()
        if error is not None:
            with self._guard:
                self._futures.pop(key, None)  # a later request may retry, e.g. after a classification
            raise error
        return "ready", future.result()

    def clear(self) -> None:
        with self._guard:
            for future in self._futures.values():
                future.cancel()  # queued ones never start; a running one finishes unseen
            self._futures.clear()


def _rows(table: Any, columns: tuple[str, ...], limit: int) -> list[dict[str, Any]]:
    present = [c for c in columns if c in table.column_names]
    return table.select(present).slice(0, limit).to_pylist()


def security_data(nav: Navigator, chain_id: str, region: str) -> dict[str, Any]:
    """Chain security page: chokepoint ranking with 强链/补链/延链 classes, leaders, targets, talent, risks.

    From ``chainnav.security.assess`` (formulas and weights in docs/security.md).
    """
    from chainnav.security.assess import assess

    result = assess(nav, chain_id, region=region)
    nodes = result.ranking().to_pylist()
    by_id = {row["node_id"]: row for row in result.nodes.to_pylist()}
    for row in nodes:
        full = by_id.get(row["node_id"], {})
        row.update({k: full.get(k) for k in ("segment", "parent_id", "filings", "local_share", "foreign_share", "class_en", "class_reason_en")})
    return {
        "chain_id": chain_id,
        "region": result.region,
        "origin_note": {"zh": result.origin_note("zh"), "en": result.origin_note("en")},
        "weights": result.weights,
        "nodes": nodes,
        "chain_leaders": _rows(result.chain_leaders, ("holder_name", "main_country", "chain_filings", "nodes_led", "high_value", "reason_zh", "reason_en"), 15),
        "attract_firms": _rows(result.attract_firms, ("holder_name", "main_country", "node_id", "filings", "high_value", "reason_zh", "reason_en"), 20),
        "talent": _rows(result.talent, ("inventor_name", "name", "country", "node_id", "filings", "reason_zh", "reason_en"), 20),
        "risk_patents": _rows(result.risk_patents, ("patent_id", "node_name", "holder_name", "origin_country", "value_score", "legal_status", "expiry_date", "reason_zh", "reason_en"), 50),
    }


def standards_data(nav: Navigator, chain_id: str) -> dict[str, Any]:
    """Chain standards page: per-node standard statistics, gaps and patent candidates (chainnav.standards)."""
    from chainnav.standards.pages import standards_overview

    tables = standards_overview(nav, chain_id)
    return {
        "chain_id": chain_id,
        "nodes": tables["nodes"].to_pylist(),
        "gaps": tables["gaps"].slice(0, 100).to_pylist(),
        "candidates": tables["candidates"].slice(0, 100).to_pylist(),
        "standards": tables["standards"].num_rows,
    }
