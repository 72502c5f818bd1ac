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
