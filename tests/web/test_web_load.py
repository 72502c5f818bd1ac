"""The loopback load test: bounded, every endpoint answers, percentiles computed by nearest rank."""

from __future__ import annotations

from pathlib import Path

import pytest

from chainnav.web.cache import PageCache
from chainnav.web.loadtest import percentile, run_load_test


def test_percentile_nearest_rank() -> None:
    values = [float(v) for v in range(1, 21)]  # 1..20
    assert percentile(values, 0.5) == 10.0
    assert percentile(values, 0.95) == 19.0
    assert percentile([7.0], 0.95) == 7.0


def test_page_cache_is_bounded_and_clears() -> None:
    cache = PageCache(size=2)
    calls: list[str] = []
    for key in ("a", "b", "a", "c", "b"):
        cache.get_or_compute(key, lambda key=key: calls.append(key) or key)
    assert calls == ["a", "b", "c", "b"]  # "a" hit once; "b" was evicted by "c"
    cache.clear()
    cache.get_or_compute("a", lambda: calls.append("a"))
    assert calls[-1] == "a" and cache.hits == 1


def test_page_cache_computes_a_page_once_under_concurrent_misses() -> None:
    import threading
    import time
    from concurrent.futures import ThreadPoolExecutor

    cache = PageCache(size=8)
    calls: list[str] = []
    release = threading.Event()

    def compute() -> str:
        calls.append("node")
        release.wait(5)  # hold the computation until every other request is waiting for it
        return "page"

    with ThreadPoolExecutor(max_workers=8) as pool:
        futures = [pool.submit(cache.lookup, ("node", "uav"), compute) for _ in range(8)]
        deadline = time.monotonic() + 5
        while not calls and time.monotonic() < deadline:
            time.sleep(0.01)
        time.sleep(0.3)  # the other requests arrive while the first one still computes
        release.set()
        found = [f.result() for f in futures]
    assert calls == ["node"]
    assert [value for value, _ in found] == ["page"] * 8
    assert sorted(how for _, how in found).count("miss") == 1
    assert cache.misses == 1 and cache.coalesced + cache.hits == 7
    assert cache.lookup(("node", "uav"), compute) == ("page", "hit")


def test_page_cache_single_flight_shares_errors_and_keeps_nothing() -> None:
    cache = PageCache(size=8)
    calls: list[int] = []

    def failing() -> None:
        calls.append(1)
        raise ValueError("no such node")

    for _ in range(2):
        with pytest.raises(ValueError, match="no such node"):
            cache.lookup("k", failing)
    assert len(calls) == 2  # an error is not cached: the next request computes again


def test_disabled_page_cache_always_computes() -> None:
    cache = PageCache(size=0)
    calls: list[int] = []
    for _ in range(3):
        assert cache.lookup("k", lambda: calls.append(1) or 7) == (7, "miss")
    assert len(calls) == 3


@pytest.mark.slow
def test_load_test_covers_every_page_without_errors(web_db: Path, tmp_path: Path) -> None:
    import shutil

    db = tmp_path / "load.duckdb"
    shutil.copy(web_db, db)
    stats = run_load_test(db, requests_per_endpoint=2, concurrency=2, query="drone", time_budget=120)
    names = {s.name for s in stats}
    assert {"home", "chain", "node", "patent", "applicant", "search", "search.csv", "region"} <= names
    for s in stats:
        assert s.requests == 2 and s.errors == 0, s
        assert 0 < s.p50_ms <= s.p95_ms <= s.max_ms
