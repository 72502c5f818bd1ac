"""The ingest commands: ingest, loads and rejects, with --json and --out."""

from __future__ import annotations

import csv
import json
from pathlib import Path

from typer.testing import CliRunner

from chainnav.cli import app

FIXTURES = Path(__file__).parent / "fixtures"
runner = CliRunner()


def test_ingest_loads_rejects_json(tmp_path):
    db = str(tmp_path / "cli.duckdb")
    result = runner.invoke(app, ["ingest", str(FIXTURES / "google_drones.csv"), "--db", db, "--json"])
    assert result.exit_code == 0, result.output
    (report,) = json.loads(result.output)
    assert (report["format"], report["rows_read"], report["rows_loaded"], report["rows_rejected"],
            report["rows_duplicate"], report["status"]) == ("google", 5, 3, 1, 1, "loaded")
    loads = json.loads(runner.invoke(app, ["loads", "--db", db, "--json"]).output)
    assert [(x["load_id"], x["file_name"], x["rows_read"]) for x in loads] == [(1, "google_drones.csv", 5)]
    assert len(loads[0]["sha256"]) == 64
    rejects = json.loads(runner.invoke(app, ["rejects", "1", "--db", db, "--json"]).output)
    assert [(r["row_number"], r["column_name"]) for r in rejects] == [(5, "id")]


def test_rejects_out_csv_and_table_output(tmp_path):
    db = str(tmp_path / "cli.duckdb")
    result = runner.invoke(app, ["ingest", str(FIXTURES / "google_drones.csv"), "--db", db])
    assert result.exit_code == 0 and "google" in result.output and "rejected" in result.output
    out = tmp_path / "rejects.csv"
    assert runner.invoke(app, ["rejects", "1", "--db", db, "--out", str(out)]).exit_code == 0
    rows = list(csv.DictReader(out.open(encoding="utf-8")))
    assert rows[0]["reason"].startswith("not a valid publication number") and rows[0]["raw"].startswith("drone-2017")
    again = runner.invoke(app, ["ingest", str(FIXTURES / "google_drones.csv"), "--db", db])
    assert "same content as load 1; nothing to do" in again.output
    listing = runner.invoke(app, ["loads", "--db", db])
    assert listing.exit_code == 0 and "google_drones.csv" in listing.output
