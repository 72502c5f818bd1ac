"""A bounded loopback load test of the platform: p50/p95 latency per endpoint.

``python -m chainnav.web.loadtest --db STORE`` serves the store on a free 127.0.0.1 port, sends a
fixed number of requests to each endpoint from a few client threads, stops by itself and prints one
line per endpoint. Requests never leave the loopback interface.
"""

from __future__ import annotations

import argparse
import math
import statistics
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx

from chainnav.web.app import create_app
from chainnav.web.serving import running
from chainnav.web.urls import Urls


@dataclass
class EndpointStats:
    name: str
    url: str
    requests: int
    errors: int
    p50_ms: float
    p95_ms: float
    max_ms: float

    def as_row(self) -> dict[str, Any]:
        return self.__dict__.copy()


def percentile(values: list[float], share: float) -> float:
    """Nearest-rank percentile (``share`` 0-1) of a non-empty list."""
    ordered = sorted(values)
    rank = max(1, min(len(ordered), math.ceil(share * len(ordered))))
    return ordered[rank - 1]


def sample_endpoints(app_state: Any, query: str | None = None) -> dict[str, str]:
    """One URL per page kind, filled with real ids from the store (largest chain, node, applicant)."""
    from chainnav.web import data as pages

    runner, urls = app_state.runner, Urls()
    home = pages.home_data(runner)
    endpoints = {"home": urls.home(), "home.json": urls.home("json")}
    chains = sorted(home["chains"], key=lambda c: -(c["patents"] or 0))
    if chains:
        chain_id = chains[0]["chain_id"]
        chain = pages.chain_data(runner, chain_id, app_state.region)
        node = max(chain["nodes"], key=lambda n: n["patents"] or 0)
        endpoints |= {
            "chain": urls.chain(chain_id),
            "chain.json": urls.chain(chain_id, "json"),
            "node": urls.node(chain_id, node["node_id"]),
            "node.json": urls.node(chain_id, node["node_id"], "json"),
        }
        node_data = pages.node_data(runner, chain_id, node["node_id"], app_state.region, pages.Paging(1, 1))
        if node_data["rows"]:
            endpoints["patent"] = urls.patent(node_data["rows"][0]["patent_id"])
        if chain["applicants"]:
            endpoints["applicant"] = urls.applicant(chain["applicants"][0]["key"])
        first_year = chain["indicators"]["first_year"] or 2000
        word = query or "system"
        endpoints |= {
            "search": urls.search(q=word),
            "search.json filtered": urls.search("json", q=word, chain=chain_id, year_from=max(first_year, 2010)),
            "search.csv": urls.search("csv", q=word, chain=chain_id),
        }
    endpoints["region"] = urls.region(app_state.region)
    return endpoints


def run_load_test(
    db: str | Path, *, requests_per_endpoint: int = 30, concurrency: int = 4, query: str | None = None,
    time_budget: float = 300.0, cache_size: int = 0,
) -> list[EndpointStats]:
    """Serve ``db`` read-only on loopback and measure each endpoint; stops after ``time_budget`` seconds.

    With the default ``cache_size=0`` every request computes its page (the cold figure); pass the
    server's default (256) to measure repeated views served from the page cache.
    """
    app = create_app(db, read_only=True, cache_size=cache_size)
    endpoints = sample_endpoints(app.state.web, query)
    results: list[EndpointStats] = []
    deadline = time.monotonic() + time_budget
    with running(app) as base, httpx.Client(base_url=base, timeout=60.0) as client:

        def one(url: str) -> tuple[float, int]:
            started = time.perf_counter()
            try:
                status = client.get(url).status_code
            except httpx.HTTPError:
                status = 599  # connection failure: counted as an error, never retried
            return (time.perf_counter() - started) * 1000, status

        client.get(endpoints["home"])  # warm-up: first request opens templates and caches schemas
        for name, url in endpoints.items():
            if time.monotonic() > deadline:
                break
            with ThreadPoolExecutor(max_workers=concurrency) as pool:
                timings = list(pool.map(one, [url] * requests_per_endpoint))
            latencies = [ms for ms, _ in timings]
            errors = sum(1 for _, status in timings if status >= 400)
            results.append(
                EndpointStats(
                    name=name, url=url, requests=len(timings), errors=errors,
                    p50_ms=round(statistics.median(latencies), 1), p95_ms=round(percentile(latencies, 0.95), 1),
                    max_ms=round(max(latencies), 1),
                )
            )
    app.state.web.nav.close()
    return results


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", required=True, help="store to serve (opened read-only)")
    parser.add_argument("-n", "--requests", type=int, default=30, help="requests per endpoint")
    parser.add_argument("-c", "--concurrency", type=int, default=4, help="client threads")
    parser.add_argument("-q", "--query", default=None, help="search word (default: system)")
    parser.add_argument("--cache", type=int, default=0, help="page cache size (0: every request computes)")
    args = parser.parse_args(argv)
    stats = run_load_test(
        args.db, requests_per_endpoint=args.requests, concurrency=args.concurrency, query=args.query,
        cache_size=args.cache,
    )
    print(f"{'endpoint':<24}{'n':>5}{'err':>5}{'p50 ms':>10}{'p95 ms':>10}{'max ms':>10}")
    for s in stats:
        print(f"{s.name:<24}{s.requests:>5}{s.errors:>5}{s.p50_ms:>10}{s.p95_ms:>10}{s.max_ms:>10}")


if __name__ == "__main__":
    main()
