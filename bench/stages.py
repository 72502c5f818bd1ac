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

    with chainnav.open(args.db, read_only=True) as nav:
        started = time.perf_counter()
        folder = write_analysis(nav, BENCH_CHAIN, region=BENCH_REGION, out=Path(args.work) / "analysis" / BENCH_CHAIN)
        seconds = time.perf_counter() - started
    return {"seconds": seconds, "tables": len(list(folder.glob("*.parquet")))}


def indicators_all(args: argparse.Namespace) -> dict[str, Any]:
    import chainnav
    from chainnav.analytics.export import write_analysis

    with chainnav.open(args.db, read_only=True) as nav:
        chains = _chains_with_patents(nav)
        started = time.perf_counter()
        for chain_id in chains:
            write_analysis(nav, chain_id, region=BENCH_REGION, out=Path(args.work) / "analysis" / chain_id)
        seconds = time.perf_counter() - started
    return {"seconds": seconds, "chains": len(chains)}


def core_chainnav(args: argparse.Namespace) -> dict[str, Any]:
    """The compared indicators through chainnav (Ibis on DuckDB), results kept for the check."""
    import pyarrow.parquet as pq

    import chainnav

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
    """Serve the store on loopback until terminated (the API stage's server process)."""
    import uvicorn

    from chainnav.web.app import create_app

    app = create_app(args.db, read_only=True)
    uvicorn.run(app, host="127.0.0.1", port=args.port, log_level="warning", access_log=False)
    return {"seconds": 0.0}


def _endpoints(db: str) -> list[str]:
    """Real URLs of the store (chain, node, applicant, patent, search pages and their JSON twins)."""
    from chainnav.web.app import create_app
    from chainnav.web.loadtest import sample_endpoints

    app = create_app(db, read_only=True)
    try:
        return list(sample_endpoints(app.state.web).values())
    finally:
        app.state.web.nav.close()


def api(args: argparse.Namespace) -> dict[str, Any]:
    """N concurrent loopback clients for a bounded time against a separate server process."""
    import httpx

    urls = _endpoints(args.db)
    port = args.port
    server = subprocess.Popen(
        [sys.executable, "-m", "bench.stages", "serve", "--db", args.db, "--port", str(port)],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                httpx.get(base + urls[0], timeout=30)
                break
            except httpx.HTTPError:
                if time.monotonic() > deadline or server.poll() is not None:
                    raise RuntimeError("the API server did not start") from None
                time.sleep(0.3)
        timed, errors = asyncio.run(_load(base, urls, args.clients, args.duration))
    finally:
        server.terminate()
        _, _, usage = os.wait4(server.pid, 0)
    latencies = sorted(seconds for _, seconds in timed)
    per_url: dict[str, list[float]] = {}
    for url, seconds in timed:
        per_url.setdefault(url, []).append(seconds)

    def pct(share: float) -> float:
        return latencies[min(len(latencies) - 1, max(0, int(share * len(latencies)) - 1))] * 1000 if latencies else 0.0

    return {
        "seconds": args.duration, "requests": len(latencies), "errors": errors, "clients": args.clients,
        "p50_ms": round(pct(0.50), 1), "p95_ms": round(pct(0.95), 1), "p99_ms": round(pct(0.99), 1),
        "rps": round(len(latencies) / args.duration, 1), "server_peak_mb": round(usage.ru_maxrss / 1024, 1),
        "p50_ms_by_url": {url: round(sorted(v)[len(v) // 2] * 1000, 1) for url, v in per_url.items()},
    }


async def _load(base: str, urls: list[str], clients: int, duration: float) -> tuple[list[tuple[str, float]], int]:
    import httpx

    latencies: list[tuple[str, float]] = []
    errors = 0
    stop = time.monotonic() + duration

    async def client(index: int, http: httpx.AsyncClient) -> None:
        nonlocal errors
        i = index
        while time.monotonic() < stop:
            url = urls[i % len(urls)]
            i += 1
            started = time.perf_counter()
            try:
                response = await http.get(url)
                ok = response.status_code < 400
            except httpx.HTTPError:
                ok = False
            latencies.append((url, time.perf_counter() - started))
            errors += not ok

    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)
    async with httpx.AsyncClient(base_url=base, timeout=60.0, limits=limits) as http:
        await asyncio.gather(*(client(i, http) for i in range(clients)))
    return latencies, errors


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
