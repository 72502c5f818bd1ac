"""Benchmark runner (``make bench SF=0.1``): generate, then time every stage in its own process.

Prints ``stage, SF, seconds, peak MB, ratio`` per stage, writes ``bench/results/sf<SF>-<time>.json``
with machine info and refreshes the table in ``bench/README.md``. Ratios: ``ingest`` = DuckDB
read_csv seconds / ingest seconds (target >= 0.6), ``core_chainnav`` = pandas seconds / chainnav
seconds (target >= 20, results checked equal), ``api`` = p95 in ms (target <= 200 at SF 1).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

BENCH_DIR = Path(__file__).resolve().parent
ROOT = BENCH_DIR.parent
# End to end = the pipeline a user runs on a new corpus.
PIPELINE = ("ingest", "classify", "indicators_all", "security", "report")
STAGE_ORDER = ("parse_limit", "ingest", "classify", "indicators_one", "indicators_all", "core_chainnav",
               "core_pandas", "security", "report", "api")
README_START = "<!-- results:start -->"
README_END = "<!-- results:end -->"


def run_process(
    args: list[str], *, timeout: float | None = None, python: str = sys.executable
) -> tuple[dict[str, Any], float, float]:
    """Run ``python ARGS``; return (its last JSON line, wall seconds, peak RSS MB of that process).

    The child is reaped with ``os.wait4``, whose rusage is the child's own (``ru_maxrss``, KB).
    """
    started = time.perf_counter()
    with tempfile.TemporaryFile("w+") as err:
        process = subprocess.Popen([python, *args], stdout=subprocess.PIPE, stderr=err, cwd=ROOT, text=True)
        timer = threading.Timer(timeout, process.kill) if timeout else None
        if timer:
            timer.start()
        stdout = process.stdout.read() if process.stdout else ""
        _, status, usage = os.wait4(process.pid, 0)
        process.returncode = os.waitstatus_to_exitcode(status)
        if timer:
            timer.cancel()
        err.seek(0)
        stderr = err.read()
    wall = time.perf_counter() - started
    peak = usage.ru_maxrss / 1024
    if timeout and wall >= timeout:
        return {"failed": f"stopped after the {timeout:g} s time limit"}, wall, peak
    lines = [ln for ln in stdout.splitlines() if ln.startswith("{")]
    if process.returncode != 0 or not lines:
        text = (stderr or stdout).strip().splitlines()
        # the exception line names what failed; hints printed after it are kept as context
        errors = [ln.strip() for ln in text if "Error" in ln or "Exception" in ln]
        shown = ([errors[-1]] if errors else []) + [ln for ln in text[-2:] if ln.strip() not in errors[-1:]]
        return {"failed": " | ".join(shown) or f"exit code {process.returncode}"}, wall, peak
    return json.loads(lines[-1]), wall, peak


def machine_info() -> dict[str, Any]:
    import duckdb
    import pandas
    import pyarrow

    memory = 0
    meminfo = Path("/proc/meminfo")
    if meminfo.exists():
        for line in meminfo.read_text().splitlines():
            if line.startswith("MemTotal:"):
                memory = int(line.split()[1]) // 1024
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True)
    return {
        "platform": platform.platform(), "machine": platform.machine(), "cpus": os.cpu_count(),
        "memory_mb": memory, "python": platform.python_version(), "duckdb": duckdb.__version__,
        "pyarrow": pyarrow.__version__, "pandas": pandas.__version__,
        "commit": commit.stdout.strip() or None,
        # settings that change what a stage does (e.g. the ingest memory cap)
        "env": {k: v for k, v in sorted(os.environ.items()) if k.startswith("CHAINNAV_")},
    }


def ratio_of(stage: str, results: dict[str, dict[str, Any]]) -> float | None:
    def seconds(name: str) -> float | None:
        value = results.get(name, {}).get("seconds")
        return value if isinstance(value, (int, float)) and value > 0 else None

    if stage == "ingest" and seconds("ingest") and seconds("parse_limit"):
        return seconds("parse_limit") / seconds("ingest")
    if stage == "core_chainnav" and seconds("core_chainnav") and seconds("core_pandas"):
        return seconds("core_pandas") / seconds("core_chainnav")
    if stage == "api" and "p95_ms" in results.get("api", {}):
        return results["api"]["p95_ms"]
    return None


def print_line(stage: str, sf: float, result: dict[str, Any], ratio: float | None) -> None:
    if "skipped" in result or "failed" in result:
        reason = result.get("skipped") or result.get("failed")
        print(f"{stage}, {sf:g}, -, -, -   [{'skipped' if 'skipped' in result else 'FAILED'}: {reason}]", flush=True)
        return
    shown = "-" if ratio is None else f"{ratio:.2f}"
    print(f"{stage}, {sf:g}, {result['seconds']:.2f}, {result.get('peak_mb', 0):.0f}, {shown}", flush=True)


def print_api(result: dict[str, Any]) -> None:
    """The API stage's figures: summary build, then per run (page cache on / cold) and page kind."""
    print(f"  api: summary tables built in {result['summary_seconds']:.1f} s; {result['urls']:,} URLs; "
          f"{result['clients']} clients", flush=True)
    for name in ("warm", "cold"):
        run_ = result[name]
        print(f"  api {name} (cache {run_['cache_size']}): p50 {run_['p50_ms']} / p95 {run_['p95_ms']} / "
              f"p99 {run_['p99_ms']} ms, {run_['rps']} req/s, {run_['errors']} errors of {run_['requests']}, "
              f"cache hits {run_['cache_hit_share']:.0%}, load {run_['load_avg'][0]}-{run_['load_avg'][1]}", flush=True)
        for kind, row in run_["by_kind"].items():
            print(f"    {kind:<22} n {row['requests']:>5}  p50 {row['p50_ms']:>8}  p95 {row['p95_ms']:>8}  "
                  f"p99 {row['p99_ms']:>8}  hits {row['cache_hit_share']:.0%}", flush=True)


def run(sf: float, *, stages: list[str], data_root: Path, work_root: Path, clients: int, duration: float,
        formats: str, peer: bool, timeout: float) -> dict[str, Any]:
    data = data_root / f"sf{sf:g}"
    work = work_root / f"sf{sf:g}"
    work.mkdir(parents=True, exist_ok=True)
    db = work / "bench.duckdb"
    results: dict[str, dict[str, Any]] = {}
    print("stage, SF, seconds, peak MB, ratio", flush=True)

    manifest = data / "manifest.json"
    if not manifest.exists() or json.loads(manifest.read_text()).get("sf") != sf:
        result, wall, peak = run_process(["-m", "bench.generate", "--sf", str(sf), "--out", str(data)])
        result = {"seconds": result.get("seconds", wall), "rows": result.get("rows"), "peak_mb": peak,
                  **({"failed": result["failed"]} if "failed" in result else {})}
    else:
        previous = json.loads(manifest.read_text())
        result = {"seconds": previous["seconds"], "rows": previous["rows"], "peak_mb": 0.0, "reused": True}
    results["generate"] = result
    print_line("generate", sf, result, None)

    for stage in STAGE_ORDER:
        if stage not in stages:
            continue
        needs_store = stage not in ("parse_limit", "ingest")
        # a stage whose input stage failed in this run would only measure an empty store
        failed_input = [s for s in ("ingest", "classify") if "failed" in results.get(s, {})
                        and s != stage and not (s == "classify" and stage == "parse_limit")]
        if needs_store and failed_input:
            result = {"skipped": f"the {failed_input[0]} stage failed in this run"}
        elif needs_store and not db.exists():
            result = {"skipped": "no store (the ingest stage did not run or failed)"}
        else:
            result, wall, peak = run_process(
                ["-m", "bench.stages", stage, "--db", str(db), "--data", str(data),
                 "--work", str(work), "--clients", str(clients), "--duration", str(duration),
                 "--formats", formats],
                timeout=timeout,
            )
            result["peak_mb"] = round(peak, 1)
            result["wall"] = round(wall, 2)
        results[stage] = result
        ratio = ratio_of(stage, results)
        if ratio is not None:
            result["ratio"] = round(ratio, 3)
        if stage == "core_pandas" and "seconds" in results.get("core_chainnav", {}) and "seconds" in result:
            from bench.stages import compare_core

            result["equal"] = compare_core(work)
            core = results["core_chainnav"]
            core["ratio"] = round(ratio_of("core_chainnav", results) or 0.0, 3)
            core["equal"] = result["equal"]
            print(f"  pandas baseline agrees with chainnav: {result['equal']}", flush=True)
            print_line("core_chainnav (vs pandas)", sf, core, core["ratio"])
        print_line(stage, sf, result, results[stage].get("ratio"))
        if stage == "api" and "warm" in result:
            print_api(result)

    done = [results[s] for s in PIPELINE if "seconds" in results.get(s, {})]
    end_to_end = {
        "seconds": round(sum(r["seconds"] for r in done), 2),
        "peak_mb": max((r.get("peak_mb", 0) for r in done), default=0),
        "stages": [s for s in PIPELINE if "seconds" in results.get(s, {})],
    }
    missing = [s for s in PIPELINE if s in stages and "seconds" not in results.get(s, {})]
    if missing:
        end_to_end["partial"] = f"without {', '.join(missing)} (failed or skipped)"
    results["end_to_end"] = end_to_end
    print_line("end_to_end", sf, end_to_end, None)
    if peer:
        from bench.peer import run_peer

        results["peer"] = run_peer(work_root / "peer", timeout=timeout)
        for name, row in results["peer"].items():
            if isinstance(row, dict):
                print_line(f"peer:{name}", sf, row, None)
    record = {
        "sf": sf, "started": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"), "machine": machine_info(),
        "clients": clients, "api_duration_s": duration, "report_formats": formats, "results": results,
    }
    return record


def write_results(record: dict[str, Any], folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    stamp = record["started"].replace(":", "").replace("-", "")[:15]
    path = folder / f"sf{record['sf']:g}-{stamp}.json"
    path.write_text(json.dumps(record, indent=2, default=str), encoding="utf-8")
    return path


def readme_table(folder: Path) -> str:
    """The latest result per scale factor as a Markdown table."""
    latest: dict[float, dict[str, Any]] = {}
    for path in sorted(folder.glob("sf*.json")):
        record = json.loads(path.read_text(encoding="utf-8"))
        latest[record["sf"]] = record
    lines = ["| SF | stage | seconds | peak MB | ratio | note |", "|---|---|---|---|---|---|"]
    for sf in sorted(latest):
        record = latest[sf]
        for stage, row in record["results"].items():
            if not isinstance(row, dict) or stage == "peer":
                continue
            if "skipped" in row or "failed" in row:
                reason = str(row.get("skipped") or row.get("failed")).replace("|", "/")
                shown = "–" if "skipped" in row else f"failed after {row.get('wall', 0):.0f}"
                peak = "–" if "skipped" in row else f"{row.get('peak_mb', 0):.0f}"
                lines.append(f"| {sf:g} | {stage} | {shown} | {peak} | – | {reason} |")
                continue
            if stage == "end_to_end" and not row.get("stages"):
                lines.append(f"| {sf:g} | {stage} | – | – | – | no pipeline stage completed |")
                continue
            note = ""
            if stage == "api":
                note = (f"p50 {row['p50_ms']} / p95 {row['p95_ms']} / p99 {row['p99_ms']} ms, {row['clients']} clients, "
                        f"{row['rps']} req/s, {row['errors']} errors of {row['requests']}")
                if "cold" in row:
                    note += (f"; {row['urls']:,} URLs, cache hits {row['cache_hit_share']:.0%}; cold p50 "
                             f"{row['cold']['p50_ms']} / p95 {row['cold']['p95_ms']} ms; summaries "
                             f"{row['summary_seconds']:.1f} s")
            elif stage == "end_to_end":
                missing = [s for s in PIPELINE if s not in row.get("stages", [])]
                note = "sum of " + " + ".join(row.get("stages", []))
                if missing:
                    note += f" (partial: {', '.join(missing)} not run)"
            elif "equal" in row:
                note = "equal to pandas: " + ", ".join(f"{k} {'yes' if v else 'NO'}" for k, v in row["equal"].items())
            elif stage == "generate" and row.get("rows"):
                note = f"{row['rows'].get('g_patent', 0):,} patents"
                if row.get("reused"):
                    note += " (generated by an earlier run: peak not measured)"
            ratio = row.get("ratio")
            lines.append(
                f"| {sf:g} | {stage} | {row['seconds']:.1f} | {row.get('peak_mb', 0):.0f} | "
                f"{'' if ratio is None else ratio} | {note} |"
            )
        machine = record["machine"]
        lines.append(f"| {sf:g} | machine | | | | {machine['cpus']} CPUs, {machine['memory_mb']} MB, "
                     f"DuckDB {machine['duckdb']}, commit {machine['commit']}, {record['started']}"
                     + "".join(f", {k}={v}" for k, v in machine.get("env", {}).items()) + " |")
    peers = sorted(folder.glob("peer-*.json"))
    peer_rows = json.loads(peers[-1].read_text(encoding="utf-8")) if peers else {}
    for record in latest.values():
        peer_rows = record["results"].get("peer") or peer_rows
    if peer_rows:
        lines += ["", f"Peer: {peer_rows.get('package')} {peer_rows.get('version') or ''} on the bundled Lens "
                  "drone export (9,071 records) and its 10x copy.", "",
                  "| run | seconds | peak MB | records / patents |", "|---|---|---|---|"]
        for name, row in peer_rows.items():
            if isinstance(row, dict):
                if "seconds" not in row:
                    lines.append(f"| {name} | – | – | {row.get('skipped') or row.get('failed')} |")
                    continue
                count = row.get("records", row.get("patents"))
                lines.append(f"| {name} | {row['seconds']:.1f} | {row.get('peak_mb', 0):.0f} | {count:,} |")
        if peer_rows.get("skipped"):
            lines.append(f"| patentometria | – | – | not run: {peer_rows['skipped']} |")
    return "\n".join(lines)


def refresh_readme(folder: Path, readme: Path) -> None:
    text = readme.read_text(encoding="utf-8") if readme.exists() else ""
    if README_START not in text:
        return
    head, rest = text.split(README_START, 1)
    tail = rest.split(README_END, 1)[1] if README_END in rest else ""
    readme.write_text(f"{head}{README_START}\n{readme_table(folder)}\n{README_END}{tail}", encoding="utf-8")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sf", type=float, default=0.1, help="scale factor (1 = one million patents)")
    parser.add_argument("--stages", default=",".join(STAGE_ORDER), help="comma-separated stages to run")
    parser.add_argument("--data", type=Path, default=BENCH_DIR / "data", help="where generated tables go")
    parser.add_argument("--work", type=Path, default=BENCH_DIR / "work", help="stores and outputs")
    parser.add_argument("--results", type=Path, default=BENCH_DIR / "results")
    parser.add_argument("--clients", type=int, default=32, help="concurrent API clients")
    parser.add_argument("--duration", type=float, default=20.0, help="seconds of API load")
    parser.add_argument("--formats", default="html,docx,pdf", help="report formats to build")
    parser.add_argument("--timeout", type=float, default=3600.0, help="seconds before a stage is stopped")
    parser.add_argument("--peer", action="store_true", help="also run the patentometria pipeline (own venv)")
    parser.add_argument("--no-readme", action="store_true", help="do not refresh bench/README.md")
    args = parser.parse_args(argv)
    stages = [s.strip() for s in args.stages.split(",") if s.strip()]
    unknown = sorted(set(stages) - set(STAGE_ORDER))
    if unknown:
        parser.error(f"unknown stage {unknown[0]} (choose from {', '.join(STAGE_ORDER)})")
    record = run(args.sf, stages=stages, data_root=args.data, work_root=args.work, clients=args.clients,
                 duration=args.duration, formats=args.formats, peer=args.peer, timeout=args.timeout)
    path = write_results(record, args.results)
    print(f"results: {path}")
    if not args.no_readme:
        refresh_readme(args.results, BENCH_DIR / "README.md")


if __name__ == "__main__":
    main()
