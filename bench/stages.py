"""Benchmark stages, one per subprocess: ``python -m bench.stages STAGE --db ... --data ... --work ...``.

Each stage prints one JSON line (seconds and stage facts, or ``skipped`` with the reason) so the
runner can measure the process's own peak RSS with ``os.wait4``. Stages call chainnav's public API
only; a stage whose module is not installed is skipped with the import error as its reason.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

BENCH_CHAIN = "uav"
BENCH_REGION = "US-CA"
TABLES = (
    "g_patent", "g_application", "g_cpc_current", "g_ipc_at_issue", "g_assignee_disambiguated",
    "g_inventor_disambiguated", "g_location_disambiguated", "g_us_patent_citation",
)
# The indicators compared with the pandas baseline (all per node of BENCH_CHAIN, family unit).
CORE_INDICATORS = ("filings_by_year", "hhi", "concentration_ratio", "top_applicants")


def parse_limit(args: argparse.Namespace) -> dict[str, Any]:
    """DuckDB's own read_csv of the same files into an on-disk database: the raw parse limit."""
    import duckdb

    target = Path(args.work) / "parse_limit.duckdb"
    target.unlink(missing_ok=True)
    con = duckdb.connect(str(target))
    started = time.perf_counter()
    rows = 0
    for table in TABLES:
        path = str(Path(args.data) / f"{table}.tsv").replace("'", "''")
        con.execute(
            f"CREATE TABLE {table} AS SELECT * FROM read_csv('{path}', delim='\\t', header=true, all_varchar=true)"
        )
        rows += con.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
    con.close()
    seconds = time.perf_counter() - started
    target.unlink(missing_ok=True)
    return {"seconds": seconds, "rows": rows}


def ingest(args: argparse.Namespace) -> dict[str, Any]:
    import chainnav

    Path(args.db).unlink(missing_ok=True)
    with chainnav.open(args.db) as nav:
        started = time.perf_counter()
        reports = nav.ingest(Path(args.data))
        seconds = time.perf_counter() - started
        patents = nav.sql("SELECT count(*) AS n FROM patent").column("n")[0].as_py()
    return {"seconds": seconds, "patents": patents, "status": [r.status for r in reports]}


def classify(args: argparse.Namespace) -> dict[str, Any]:
    import chainnav
    from chainnav.chains import classifier  # noqa: F401 - skip the stage when chains are not there

    with chainnav.open(args.db) as nav:
        started = time.perf_counter()
        nav.classify()
        seconds = time.perf_counter() - started
        rows = nav.sql("SELECT chain_id, count(DISTINCT patent_id) AS n FROM patent_node GROUP BY 1").to_pylist()
    return {"seconds": seconds, "chains": len(rows), "assigned": sum(r["n"] for r in rows)}


def _chains_with_patents(nav: Any) -> list[str]:
    rows = nav.sql("SELECT DISTINCT chain_id FROM patent_node ORDER BY chain_id").to_pylist()
    return [r["chain_id"] for r in rows]


def indicators_one(args: argparse.Namespace) -> dict[str, Any]:
    import chainnav
    from chainnav.analytics.export import write_analysis
    from chainnav.analytics.registry import all_indicators

    all_indicators()  # the one-time import of the indicator modules is not part of the work timed
    with chainnav.open(args.db, read_only=True) as nav:
        started = time.perf_counter()
        folder = write_analysis(nav, BENCH_CHAIN, region=BENCH_REGION, out=Path(args.work) / "analysis" / BENCH_CHAIN)
        seconds = time.perf_counter() - started
    return {"seconds": seconds, "tables": len(list(folder.glob("*.parquet")))}


def indicators_all(args: argparse.Namespace) -> dict[str, Any]:
    import chainnav
    from chainnav.analytics.export import write_analyses
    from chainnav.analytics.registry import all_indicators

    all_indicators()  # the one-time import of the indicator modules is not part of the work timed
    with chainnav.open(args.db, read_only=True) as nav:
        chains = _chains_with_patents(nav)
        started = time.perf_counter()
        write_analyses(nav, chains, region=BENCH_REGION, out=Path(args.work) / "analysis")
        seconds = time.perf_counter() - started
    return {"seconds": seconds, "chains": len(chains)}


def core_chainnav(args: argparse.Namespace) -> dict[str, Any]:
    """The compared indicators through chainnav (Ibis on DuckDB), results kept for the check."""
    import pandas  # noqa: F401 - Ibis imports it on the first query; imported untimed as on the pandas side
    import pyarrow.parquet as pq

    import chainnav
    from chainnav.analytics.registry import all_indicators

    all_indicators()  # imports are not timed, on either side (pandas is imported before its timing too)
    out = Path(args.work) / "core"
    out.mkdir(parents=True, exist_ok=True)
    with chainnav.open(args.db, read_only=True) as nav:
        view = nav.chain(BENCH_CHAIN)
        started = time.perf_counter()
        results = {name: view.indicator(name, by="node") for name in CORE_INDICATORS}
        seconds = time.perf_counter() - started
    for name, table in results.items():
        pq.write_table(table.replace_schema_metadata(None), out / f"chainnav_{name}.parquet")
    return {"seconds": seconds, "rows": {k: v.num_rows for k, v in results.items()}}


def core_pandas(args: argparse.Namespace) -> dict[str, Any]:
    """The same indicators as an analyst writes them in pandas (tables read from the store)."""
    import duckdb
    import pandas  # noqa: F401 - imported before the timing, as chainnav's modules are

    out = Path(args.work) / "core"
    out.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    con = duckdb.connect(args.db, read_only=True)
    patent = con.sql("SELECT patent_id, family_id, application_date FROM patent").df()
    patent_node = con.sql("SELECT chain_id, node_id, patent_id FROM patent_node").df()
    party = con.sql("SELECT patent_id, role, seq, name_raw, name_norm, entity_id FROM party").df()
    con.close()
    results = pandas_indicators(patent, patent_node, party, BENCH_CHAIN)
    seconds = time.perf_counter() - started
    for name, frame in results.items():
        frame.to_parquet(out / f"pandas_{name}.parquet", index=False)
    return {"seconds": seconds, "rows": {k: len(v) for k, v in results.items()}}


def pandas_indicators(patent, patent_node, party, chain_id: str) -> dict:  # noqa: ANN001 - pandas frames
    """filings_by_year, hhi, concentration_ratio and top_applicants per node, family unit, in pandas."""
    import pandas as pd

    nodes = patent_node[patent_node.chain_id == chain_id][["patent_id", "node_id"]].drop_duplicates()
    p = patent[patent.patent_id.isin(nodes.patent_id)].copy()
    p["unit_id"] = p.family_id.fillna(p.patent_id)
    p["year"] = pd.to_datetime(p.application_date).dt.year
    p["year"] = p.groupby("unit_id").year.transform("min")
    pn = nodes.merge(p[["patent_id", "unit_id", "year"]], on="patent_id")
    filings = (pn.groupby(["node_id", "year"], dropna=False).unit_id.nunique().rename("units").reset_index())

    holders = party[party.role.isin(["applicant", "assignee"]) & party.patent_id.isin(p.patent_id)].copy()
    holders["player_id"] = holders.entity_id.fillna(holders.name_norm).fillna(holders.name_raw.str.upper())
    holders = holders[["patent_id", "player_id"]].drop_duplicates()
    hp = holders.merge(pn[["patent_id", "node_id", "unit_id"]], on="patent_id")
    units = hp.groupby(["node_id", "player_id"]).unit_id.nunique().rename("units").reset_index()
    units["share"] = units.units / units.groupby("node_id").units.transform("sum")
    units = units.sort_values(["node_id", "units", "player_id"], ascending=[True, False, True])
    units["rank"] = units.groupby("node_id").cumcount() + 1
    grouped = units.groupby("node_id")
    concentration = pd.DataFrame({
        "players": grouped.player_id.nunique(),
        "units_held": grouped.units.sum(),
        "hhi": grouped.share.apply(lambda s: (s * s).sum() * 10000.0),
        "cr4": units[units["rank"] <= 4].groupby("node_id").share.sum(),
        "cr8": units[units["rank"] <= 8].groupby("node_id").share.sum(),
    }).reset_index()
    return {
        "filings_by_year": filings,
        "hhi": concentration[["node_id", "players", "units_held", "hhi"]],
        "concentration_ratio": concentration[["node_id", "players", "units_held", "cr4", "cr8"]],
        "top_applicants": units[units["rank"] <= 10][["node_id", "player_id", "units", "share", "rank"]],
    }


def compare_core(work: Path) -> dict[str, bool]:
    """Whether chainnav and pandas agree on every compared indicator (shared columns, sorted)."""
    import numpy as np
    import pandas as pd

    verdict = {}
    for name in CORE_INDICATORS:
        left = pd.read_parquet(work / "core" / f"chainnav_{name}.parquet")
        right = pd.read_parquet(work / "core" / f"pandas_{name}.parquet")
        columns = [c for c in right.columns if c in left.columns]
        keys = [c for c in ("node_id", "year", "player_id", "rank") if c in columns]
        a = left[columns].sort_values(keys).reset_index(drop=True)
        b = right[columns].sort_values(keys).reset_index(drop=True)
        same = len(a) == len(b)
        for column in columns if same else []:
            x, y = a[column], b[column]
            if pd.api.types.is_float_dtype(x) or pd.api.types.is_float_dtype(y):
                same &= bool(np.allclose(x.astype(float), y.astype(float), equal_nan=True))
            else:
                same &= bool((x.astype(str).values == y.astype(str).values).all())
        verdict[name] = same
    return verdict


def security(args: argparse.Namespace) -> dict[str, Any]:
    import chainnav
    from chainnav.security import assess

    with chainnav.open(args.db, read_only=True) as nav:
        started = time.perf_counter()
        assess(nav, BENCH_CHAIN, region=BENCH_REGION)
        seconds = time.perf_counter() - started
    return {"seconds": seconds}


def report(args: argparse.Namespace) -> dict[str, Any]:
    import chainnav
    from chainnav.report import build_report

    formats = tuple(args.formats.split(","))
    with chainnav.open(args.db, read_only=True) as nav:
        started = time.perf_counter()
        files = build_report(nav, BENCH_CHAIN, region=BENCH_REGION, lang="en", formats=formats,
                             out=Path(args.work) / "report")
        seconds = time.perf_counter() - started
    return {"seconds": seconds, "files": [f.name for f in files]}


def serve(args: argparse.Namespace) -> dict[str, Any]:
    """Serve the store on loopback until terminated, as ``chainnav serve`` does (the API stage's server)."""
    _serve(args.db, args.port, API_CACHE_SIZE)
    return {"seconds": 0.0}


def _serve(db: str, port: int, cache_size: int) -> None:
    """``chainnav serve``'s configuration (writable store, indexes refreshed at start) with a page cache size."""
    import uvicorn

    from chainnav.web.app import create_app

    app = create_app(db, read_only=False, region="CN", cache_size=cache_size)
    uvicorn.run(app, host="127.0.0.1", port=port, log_level="warning", access_log=False)


# The API load: each request picks a page kind by these weights, then one of the kind's URLs by a
# Zipf-like popularity (weight 1 / rank**API_ZIPF over a seeded shuffle of the kind's pool), then the
# HTML page or its JSON/CSV twin. Seeded, so two runs draw the same sequence per client.
API_SEED = 9
API_ZIPF = 1.0
API_CACHE_SIZE = 256  # the server's default page cache
API_KINDS = {
    "home": 2, "chain": 6, "node": 22, "patent": 18, "applicant": 12, "inventor": 6, "region": 5,
    "search": 15, "search_filtered": 14,
}
API_TWINS = (("", 0.70), (".json", 0.25), (".csv", 0.05))  # HTML, JSON, CSV (pages without CSV: HTML)
WITH_CSV = {"node", "applicant", "inventor", "region", "search", "search_filtered"}


def _endpoints(db: str) -> dict[str, list[dict[str, str]]]:
    """A large pool of real URLs of the store per page kind, each with its JSON/CSV twins.

    Every chain and node (first and second page), the 200 largest and 300 random applicants and
    inventors (some filtered by chain), 3,000 random patents, every country and sub-region of the
    parties, 100 title words alone and in pairs, and filtered searches (chain, node, year, office,
    code prefix, applicant part, region, sort).
    """
    import random

    import chainnav
    from chainnav.web.urls import Urls

    rng = random.Random(API_SEED)
    u = Urls()
    pool: dict[str, list[dict[str, str]]] = {kind: [] for kind in API_KINDS}

    def add(kind: str, build: Callable[..., str], *a: Any, **kw: Any) -> None:
        entry = {"": build(*a, **kw), ".json": build(*a, "json", **kw)}
        if kind in WITH_CSV:
            entry[".csv"] = build(*a, "csv", **kw)
        pool[kind].append(entry)

    def rows(sql: str) -> list[tuple[Any, ...]]:
        return [tuple(r.values()) for r in nav.sql(sql).to_pylist()]

    holder_key = "coalesce(entity_id, name_norm, upper(name_raw))"
    with chainnav.open(db, read_only=True) as nav:
        chains = [r[0] for r in rows("SELECT DISTINCT chain_id FROM patent_node ORDER BY 1")]
        nodes = rows("SELECT chain_id, node_id FROM chain_node WHERE chain_id IN (SELECT chain_id FROM patent_node) ORDER BY 1, 2")
        people = {}
        for kind, roles in (("applicant", "('applicant', 'assignee')"), ("inventor", "('inventor')")):
            top = rows(f"SELECT {holder_key} AS k, count(*) AS n FROM party WHERE role IN {roles} GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT 200")
            some = rows(f"SELECT DISTINCT {holder_key} FROM party WHERE role IN {roles} USING SAMPLE reservoir(2000 ROWS) REPEATABLE ({API_SEED})")
            people[kind] = [r[0] for r in top] + rng.sample([r[0] for r in some], min(300, len(some)))
        patents = [r[0] for r in rows(f"SELECT patent_id FROM patent USING SAMPLE reservoir(3000 ROWS) REPEATABLE ({API_SEED}) ORDER BY 1")]
        places = [r[0] for r in rows("SELECT DISTINCT country FROM party WHERE country IS NOT NULL UNION SELECT DISTINCT region FROM party WHERE region IS NOT NULL ORDER BY 1")]
        titles = [r[0] for r in rows(f"SELECT title FROM patent WHERE title IS NOT NULL USING SAMPLE reservoir(5000 ROWS) REPEATABLE ({API_SEED})")]
        codes = [r[0] for r in rows("SELECT left(code, 4) AS c FROM classification GROUP BY 1 ORDER BY count(*) DESC LIMIT 30")]
        offices = [r[0] for r in rows("SELECT country FROM patent GROUP BY 1 ORDER BY count(*) DESC LIMIT 5")]
        years = rows("SELECT min(year(application_date)), max(year(application_date)) FROM patent")[0]
    counts: dict[str, int] = {}
    for title in titles:
        for word in title.split():
            if len(word) >= 4:
                counts[word.lower()] = counts.get(word.lower(), 0) + 1
    frequent = sorted(counts, key=lambda w: (-counts[w], w))
    words = frequent[:60] + rng.sample(frequent[60:], min(40, max(0, len(frequent) - 60)))
    first, last = (years[0] or 2000), (years[1] or 2020)

    add("home", u.home)
    for chain_id in chains:
        add("chain", u.chain, chain_id)
        add("chain", u.chain, chain_id, region="US-CA")
    for chain_id, node_id in nodes:
        add("node", u.node, chain_id, node_id)
        add("node", u.node, chain_id, node_id, page=2)
    for kind, build in (("applicant", u.applicant), ("inventor", u.inventor)):
        for i, name in enumerate(people[kind]):
            add(kind, build, name, **({"chain": rng.choice(chains)} if chains and i % 5 == 4 else {}))
    for patent_id in patents:
        add("patent", u.patent, patent_id)
    for code in places:
        add("region", u.region, code)
        if chains:
            add("region", u.region, code, chain=rng.choice(chains))
    for word in words:
        add("search", u.search, q=word)
        add("search", u.search, q=f"{word} {rng.choice(words)}")
    for i in range(300):
        word = rng.choice(words)
        filters: dict[str, Any] = {"q": word} if i % 3 else {}
        choice = i % 8
        if choice == 0 and chains:
            filters["chain"] = rng.choice(chains)
        elif choice == 1 and nodes:
            filters["chain"], filters["node"] = rng.choice(nodes)
        elif choice == 2:
            filters["year_from"] = rng.randint(first, last)
        elif choice == 3 and offices:
            filters["office"] = rng.choice(offices)
        elif choice == 4 and codes:
            filters["code"] = rng.choice(codes)
        elif choice == 5 and people["applicant"]:
            filters["applicant"] = rng.choice(people["applicant"][:200]).split()[0][:8].lower()
        elif choice == 6 and places:
            filters["region"] = rng.choice(places)
        else:
            filters["sort"] = rng.choice(("cited", "oldest", "family", "id"))
        add("search_filtered", u.search, **filters)
    for entries in pool.values():
        rng.shuffle(entries)  # popularity rank is independent of a page's size
    return {kind: entries for kind, entries in pool.items() if entries}


def _index_store(db: str) -> float:
    """Build the web's derived tables as a writable ``chainnav serve`` does at start; returns seconds."""
    import chainnav
    from chainnav.web.index import refresh_origin
    from chainnav.web.summary import refresh_summaries

    started = time.perf_counter()
    with chainnav.open(db) as nav:
        refresh_origin(nav)
        refresh_summaries(nav)
    return time.perf_counter() - started


def _pct(values: list[float], share: float) -> float:
    """Nearest-rank percentile in milliseconds."""
    import math

    if not values:
        return 0.0
    ordered = sorted(values)
    return round(ordered[max(1, min(len(ordered), math.ceil(share * len(ordered)))) - 1] * 1000, 1)


def _summarize(timed: list[tuple[str, float, bool, str]], duration: float) -> dict[str, Any]:
    """p50/p95/p99 overall and per page kind, errors and how the page cache served the requests."""
    def block(rows: list[tuple[str, float, bool, str]]) -> dict[str, Any]:
        seconds = [r[1] for r in rows]
        return {
            "requests": len(rows), "errors": sum(1 for r in rows if not r[2]),
            "p50_ms": _pct(seconds, 0.50), "p95_ms": _pct(seconds, 0.95), "p99_ms": _pct(seconds, 0.99),
            "cache_hit_share": round(sum(1 for r in rows if r[3] == "hit") / len(rows), 3) if rows else 0.0,
            "coalesced_share": round(sum(1 for r in rows if r[3] == "coalesced") / len(rows), 3) if rows else 0.0,
        }

    kinds: dict[str, list[tuple[str, float, bool, str]]] = {}
    for row in timed:
        kinds.setdefault(row[0], []).append(row)
    return {**block(timed), "rps": round(len(timed) / duration, 1),
            "by_kind": {kind: block(rows) for kind, rows in sorted(kinds.items())}}


def _run_server(db: str, port: int, cache_size: int, pool: dict[str, list[dict[str, str]]], clients: int,
                duration: float) -> dict[str, Any]:
    """Start a server process, time its start, run the load against it, stop it; its figures."""
    import httpx

    command = ("import sys; from bench.stages import _serve; "
               "_serve(sys.argv[1], int(sys.argv[2]), int(sys.argv[3]))")
    started = time.perf_counter()
    server = subprocess.Popen(
        [sys.executable, "-c", command, db, str(port), str(cache_size)], stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 600
        while True:
            try:
                httpx.get(base + "/-/static/favicon.svg", timeout=30)
                break
            except httpx.HTTPError:
                if time.monotonic() > deadline or server.poll() is not None:
                    raise RuntimeError("the API server did not start") from None
                time.sleep(0.2)
        startup = time.perf_counter() - started
        load_before = os.getloadavg()
        timed = asyncio.run(_load(base, pool, clients, duration))
        load_after = os.getloadavg()
    finally:
        server.terminate()
        _, _, usage = os.wait4(server.pid, 0)
    return {
        **_summarize(timed, duration), "cache_size": cache_size, "startup_seconds": round(startup, 2),
        "server_peak_mb": round(usage.ru_maxrss / 1024, 1),
        "server_cpu_s": round(usage.ru_utime + usage.ru_stime, 1),
        "load_avg": [round(load_before[0], 2), round(load_after[0], 2)],
    }


def api(args: argparse.Namespace) -> dict[str, Any]:
    """N concurrent loopback clients for a bounded time against a separate ``chainnav serve``-like process.

    First the web's summary tables are built (timed on their own: a writable server does this at its
    first start after an import or classification), then the load runs twice: with the server's
    default page cache, and cold (cache disabled, every request computes its page).
    """
    import resource

    summary_seconds = _index_store(args.db)
    pool = _endpoints(args.db)
    warm = _run_server(args.db, args.port, API_CACHE_SIZE, pool, args.clients, args.duration)
    cold = _run_server(args.db, args.port, 0, pool, args.clients, args.duration)
    own = resource.getrusage(resource.RUSAGE_SELF)
    return {
        "seconds": args.duration, "summary_seconds": round(summary_seconds, 2), "clients": args.clients,
        "urls": sum(len(entries) for entries in pool.values()),
        "urls_by_kind": {kind: len(entries) for kind, entries in pool.items()},
        "requests": warm["requests"], "errors": warm["errors"], "p50_ms": warm["p50_ms"], "p95_ms": warm["p95_ms"],
        "p99_ms": warm["p99_ms"], "rps": warm["rps"], "cache_hit_share": warm["cache_hit_share"],
        "server_peak_mb": max(warm["server_peak_mb"], cold["server_peak_mb"]), "client_cpu_s": round(own.ru_utime + own.ru_stime, 1),
        "warm": warm, "cold": cold,
    }


async def _load(base: str, pool: dict[str, list[dict[str, str]]], clients: int,
                duration: float) -> list[tuple[str, float, bool, str]]:
    """Closed-loop clients drawing seeded, Zipf-weighted URLs; (kind, seconds, ok, page cache) per request.

    Each client holds one keep-alive HTTP/1.1 connection (``_get``): a plain asyncio client costs the
    shared cores about a millisecond per request, where an httpx AsyncClient took about nine that the
    server then lacked.
    """
    import itertools
    import random
    from urllib.parse import urlsplit

    kinds = list(pool)
    kind_weights = list(itertools.accumulate(API_KINDS[k] for k in kinds))
    item_weights = {k: list(itertools.accumulate(1 / (rank + 1) ** API_ZIPF for rank in range(len(pool[k])))) for k in kinds}
    timed: list[tuple[str, float, bool, str]] = []
    stop = time.monotonic() + duration
    address = urlsplit(base)

    def draw(rng: random.Random) -> tuple[str, str]:
        kind = rng.choices(kinds, cum_weights=kind_weights)[0]
        entry = rng.choices(pool[kind], cum_weights=item_weights[kind])[0]
        twins = [(suffix, share) for suffix, share in API_TWINS if suffix in entry]
        suffix = rng.choices([s for s, _ in twins], weights=[w for _, w in twins])[0]
        return kind + suffix, entry[suffix]

    async def client(index: int) -> None:
        rng = random.Random(API_SEED * 1000 + index)
        connection = None
        while time.monotonic() < stop:
            kind, url = draw(rng)
            started = time.perf_counter()
            try:
                if connection is None:
                    connection = await asyncio.open_connection(address.hostname, address.port)
                status, headers = await asyncio.wait_for(_get(*connection, address.netloc, url), 60)
                ok, found = status < 400, headers.get("x-page-cache", "")
                if headers.get("connection", "").lower() == "close":
                    connection[1].close()
                    connection = None
            except (TimeoutError, OSError, asyncio.IncompleteReadError, asyncio.LimitOverrunError, ValueError):
                ok, found = False, ""
                if connection is not None:
                    connection[1].close()
                connection = None
            timed.append((kind, time.perf_counter() - started, ok, found))
        if connection is not None:
            connection[1].close()

    await asyncio.gather(*(client(i) for i in range(clients)))
    return timed


async def _get(reader: asyncio.StreamReader, writer: asyncio.StreamWriter, host: str, url: str) -> tuple[int, dict[str, str]]:
    """One GET on a keep-alive connection; the status and headers, the body read and dropped."""
    writer.write(f"GET {url} HTTP/1.1\r\nHost: {host}\r\nConnection: keep-alive\r\n\r\n".encode("ascii"))
    head = (await reader.readuntil(b"\r\n\r\n")).decode("latin-1").split("\r\n")
    status = int(head[0].split()[1])
    headers = {k.strip().lower(): v.strip() for k, v in (line.split(":", 1) for line in head[1:] if ":" in line)}
    if "content-length" in headers:
        await reader.readexactly(int(headers["content-length"]))
    elif headers.get("transfer-encoding", "").lower() == "chunked":
        while True:
            size = int((await reader.readuntil(b"\r\n")).split(b";")[0], 16)
            await reader.readexactly(size + 2)
            if size == 0:
                break
    return status, headers


STAGES: dict[str, Callable[[argparse.Namespace], dict[str, Any]]] = {
    "parse_limit": parse_limit,
    "ingest": ingest,
    "classify": classify,
    "indicators_one": indicators_one,
    "indicators_all": indicators_all,
    "core_chainnav": core_chainnav,
    "core_pandas": core_pandas,
    "security": security,
    "report": report,
    "api": api,
    "serve": serve,
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("stage", choices=sorted(STAGES))
    parser.add_argument("--db", default="bench.duckdb")
    parser.add_argument("--data", default=".")
    parser.add_argument("--work", default=".")
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--clients", type=int, default=32)
    parser.add_argument("--duration", type=float, default=20.0)
    parser.add_argument("--formats", default="html,docx,pdf")
    args = parser.parse_args()
    Path(args.work).mkdir(parents=True, exist_ok=True)
    try:
        result = STAGES[args.stage](args)
    except ImportError as exc:
        result = {"skipped": f"module not available: {exc}"}
    print(json.dumps(result, default=str))


if __name__ == "__main__":
    main()
