"""Peer benchmark: the open-source patentometria pipeline (PyPI) next to chainnav on a real Lens export.

``run_peer(folder)`` installs patentometria into its own virtualenv (``folder/venv``, once), writes
the bundled Lens drone export (9,071 records) at 1x and 10x — the 10x copies get distinct
publication, priority and Lens numbers so neither tool folds them into the originals — and times,
each in its own process with its peak RSS:

- patentometria: Lens parser -> ``core.pipeline.run`` (families, fields) -> ``core.indicators.compute_all``;
- chainnav: ``nav.ingest`` (Lens) -> ``nav.classify("uav")`` -> ``write_analysis`` of the chain.

patentometria reads the current Lens export headers (``Display Key``, ``Publication Date``, ...);
the bundled export uses the older layout, so its columns are renamed to those headers first.
"""

from __future__ import annotations

import csv
import gzip
import json
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any

from chainnav.resources import DEMO_DATA

PEER_PACKAGE = "patentometria"
# patentometria header <- bundled Lens export column
HEADERS = {
    "Display Key": "publication_number", "Lens ID": "lens_id", "Publication Date": "publication_date",
    "Priority Numbers": "priority_numbers", "Title": "title", "Applicants": "applicants",
    "Inventors": "inventors", "IPCR Classifications": "ipcr_classifications",
    "CPC Classifications": "cpc_classifications", "Cited by Patent Count": "cited_count",
}

PEER_SCRIPT = textwrap.dedent(
    """
    import json, sys, time
    from core.parsers import lens
    from core import pipeline, indicators
    started = time.perf_counter()
    text = open(sys.argv[1], encoding="utf-8").read()
    records = lens.parse(text, "nucleo")
    result = pipeline.run(records)
    figures = indicators.compute_all(result.families, result.config["periods"])
    print(json.dumps({"seconds": time.perf_counter() - started, "records": len(records),
                      "families": len(result.families), "indicator_keys": len(figures)}))
    """
)

CHAINNAV_SCRIPT = textwrap.dedent(
    """
    import json, sys, time, tempfile
    from pathlib import Path
    import chainnav
    from chainnav.analytics.export import write_analysis
    started = time.perf_counter()
    with tempfile.TemporaryDirectory() as tmp, chainnav.open(Path(tmp) / "peer.duckdb") as nav:
        nav.ingest(sys.argv[1])
        nav.classify("uav")
        write_analysis(nav, "uav", out=Path(tmp) / "analysis")
        patents = nav.sql("SELECT count(*) AS n FROM patent").column("n")[0].as_py()
    print(json.dumps({"seconds": time.perf_counter() - started, "patents": patents}))
    """
)


def _copy_number(value: str, copy: int) -> str:
    """Append the copy index to the serial part of every number in a ;;-separated cell."""
    if copy == 0 or not value:
        return value
    parts = []
    for item in value.split(";;"):
        words = item.split(" ")
        if len(words) >= 2:
            words[1] = f"{words[1]}{copy}"
        parts.append(" ".join(words))
    return ";;".join(parts)


def write_exports(folder: Path, copies: int) -> tuple[Path, Path]:
    """The bundled export ``copies`` times: in its own layout (chainnav) and renamed (patentometria)."""
    with gzip.open(DEMO_DATA, "rt", encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        columns = list(reader.fieldnames or [])
        rows = list(reader)
    own, renamed = folder / f"lens_x{copies}.csv", folder / f"lens_x{copies}_peer.csv"
    with own.open("w", encoding="utf-8", newline="") as a, renamed.open("w", encoding="utf-8", newline="") as b:
        left, right = csv.DictWriter(a, columns), csv.DictWriter(b, list(HEADERS))
        left.writeheader()
        right.writeheader()
        for copy in range(copies):
            for row in rows:
                out = dict(row)
                for column in ("publication_number", "application_number", "priority_numbers"):
                    out[column] = _copy_number(row[column], copy)
                if copy:
                    out["lens_id"] = f"{row['lens_id']}-{copy}"
                    out["number"] = str(int(row["number"] or 0) + copy * 100_000)
                left.writerow(out)
                day, month, year = (out["publication_date"].split("/") + ["", "", ""])[:3]
                peer = {header: out.get(column, "") for header, column in HEADERS.items()}
                peer["Publication Date"] = f"20{year}-{month}-{day}" if year else ""
                right.writerow(peer)
    return own, renamed


def _venv(folder: Path) -> tuple[Path | None, str]:
    venv = folder / "venv"
    python = venv / "bin" / "python"
    if not python.exists():
        made = subprocess.run([sys.executable, "-m", "venv", str(venv)], capture_output=True, text=True)
        if made.returncode:
            return None, f"cannot create a virtualenv: {made.stderr.strip()[-300:]}"
    installed = subprocess.run([str(python), "-m", "pip", "install", "-q", PEER_PACKAGE], capture_output=True, text=True)
    if installed.returncode:
        return None, f"pip install {PEER_PACKAGE} failed: {installed.stderr.strip()[-300:]}"
    return python, ""


def run_peer(folder: Path, *, timeout: float = 3600.0, factors: tuple[int, ...] = (1, 10)) -> dict[str, Any]:
    """Time patentometria and chainnav on the Lens export at each factor; returns one row per run."""
    from bench.run import run_process

    folder.mkdir(parents=True, exist_ok=True)
    python, problem = _venv(folder)
    results: dict[str, Any] = {"package": PEER_PACKAGE}
    if python is None:
        results["skipped"] = problem
        return results
    version = subprocess.run([str(python), "-m", "pip", "show", PEER_PACKAGE], capture_output=True, text=True)
    results["version"] = next((ln.split(":", 1)[1].strip() for ln in version.stdout.splitlines()
                               if ln.startswith("Version:")), None)
    peer_script = folder / "peer_pipeline.py"
    peer_script.write_text(PEER_SCRIPT, encoding="utf-8")
    own_script = folder / "chainnav_pipeline.py"
    own_script.write_text(CHAINNAV_SCRIPT, encoding="utf-8")
    for factor in factors:
        own, renamed = write_exports(folder, factor)
        for name, command in (
            (f"patentometria_x{factor}", [str(python), str(peer_script), str(renamed)]),
            (f"chainnav_x{factor}", [sys.executable, str(own_script), str(own)]),
        ):
            result, wall, peak = run_process(command[1:], timeout=timeout, python=command[0])
            result["peak_mb"] = round(peak, 1)
            result["wall"] = round(wall, 2)
            results[name] = result
    return results


def main() -> None:
    """``python -m bench.peer [WORK_FOLDER]``: run the peer alone and keep ``bench/results/peer-<time>.json``."""
    import datetime as dt

    from bench.run import BENCH_DIR, refresh_readme

    folder = Path(sys.argv[1]) if len(sys.argv) > 1 else BENCH_DIR / "work" / "peer"
    results = run_peer(folder)
    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%S")
    (BENCH_DIR / "results" / f"peer-{stamp}.json").write_text(json.dumps(results, indent=2), encoding="utf-8")
    refresh_readme(BENCH_DIR / "results", BENCH_DIR / "README.md")
    print(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
