"""`chainnav security` and `chainnav watch`: options, JSON output, files written, errors."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from chainnav.cli import app
from chainnav.cli.security import parse_years, read_litigants
from chainnav.errors import NotFoundError

runner = CliRunner()


def test_security_json_and_out(tiny_db, tmp_path):
    weights = tmp_path / "w.yaml"
    weights.write_text("min_local: 2\nwindow_years: 2\nmin_recent: 2\n", encoding="utf-8")
    litigants = tmp_path / "lit.csv"
    litigants.write_text("name\nX Corp\n", encoding="utf-8")
    out = tmp_path / "out"
    result = runner.invoke(app, [
        "security", "--db", str(tiny_db), "--chain", "t", "--region", "CN-GD", "--weights", str(weights),
        "--litigants", str(litigants), "--as-of", "2026-01-01", "--out", str(out), "--json",
    ])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert [n["node_id"] for n in data["nodes"]] == ["up", "up_a", "down", "mid"]
    assert data["params"]["min_local"] == 2 and data["params"]["litigants"] == ["X Corp"]
    assert {r["patent_id"] for r in data["risk_patents"]} >= {"P3", "P8"}
    assert (out / "nodes.parquet").exists() and (out / "security_t_CN-GD.xlsx").exists()


def test_security_table_output(tiny_db):
    result = runner.invoke(app, ["security", "--db", str(tiny_db), "--chain", "t", "--region", "CN-GD"])
    assert result.exit_code == 0, result.output
    assert "chokepoint" in result.output and "补链 up:" in result.output


def test_watch_json(tiny_db):
    result = runner.invoke(app, ["watch", "--db", str(tiny_db), "--chain", "t", "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["new_filings"] == 10 and data["previous_load"] is None


def test_unknown_chain_is_a_chainnav_error(tiny_db):
    result = runner.invoke(app, ["security", "--db", str(tiny_db), "--chain", "nope", "--region", "CN"])
    assert isinstance(result.exception, NotFoundError)


def test_bad_years_is_a_usage_error(tiny_db):
    result = runner.invoke(app, ["security", "--db", str(tiny_db), "--chain", "t", "--years", "2010"])
    assert result.exit_code == 2


def test_parse_years_and_litigant_file(tmp_path):
    assert parse_years("2010 - 2020") == (2010, 2020)
    path = tmp_path / "l.txt"
    path.write_text("Apple Inc.\n\nSamsung, Ltd\n", encoding="utf-8")
    assert read_litigants(path) == ["Apple Inc.", "Samsung, Ltd"]
    table = tmp_path / "l.csv"
    table.write_text('name,note\n"Samsung, Ltd",case 1\nApple Inc.,\n', encoding="utf-8")
    assert read_litigants(table) == ["Samsung, Ltd", "Apple Inc."]


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_watch_text(tiny_db, lang):
    result = runner.invoke(app, ["watch", "--db", str(tiny_db), "--chain", "t", "--lang", lang])
    assert result.exit_code == 0, result.output
    assert ("首次导入" if lang == "zh" else "first load") in result.output
