"""The chains commands: one library call each, rendered; exit 1 on invalid input."""

from __future__ import annotations

import json
from pathlib import Path

from chains_fixtures import LENS_EXCERPT, load_records
from typer.testing import CliRunner

import chainnav
from chainnav.cli import app

runner = CliRunner()


def _store(tmp_path: Path) -> Path:
    path = tmp_path / "cli.duckdb"
    with chainnav.open(path) as nav:
        load_records(nav, LENS_EXCERPT)
    return path


def test_list_and_validate(tmp_path: Path) -> None:
    result = runner.invoke(app, ["chains", "list", "--json"])
    assert result.exit_code == 0
    assert {row["id"] for row in json.loads(result.stdout)} >= {"uav", "biomed"}
    bad = tmp_path / "bad.yaml"
    bad.write_text("id: t\nname: {zh: 测, en: T}\nversion: '1'\nreferences: [x]\nnodes:\n"
                   "  - {id: a, name: {zh: 甲, en: A}, segment: upstream, parent: ghost, rules: {cpc: [B64U]}}\n",
                   encoding="utf-8")
    result = runner.invoke(app, ["chains", "validate", str(bad)])
    assert result.exit_code == 1
    assert "node 'a', field parent: unknown parent 'ghost'" in " ".join(result.stdout.split())
    shipped = Path(chainnav.__file__).parent / "chains" / "data" / "uav.yaml"
    assert runner.invoke(app, ["chains", "validate", str(shipped)]).exit_code == 0


def test_classify_show_explain(tmp_path: Path) -> None:
    db = _store(tmp_path)
    result = runner.invoke(app, ["classify", "--chain", "uav", "--db", str(db), "--json"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert report["patents_in_store"] == 11 and report["chains"][0]["chain_id"] == "uav"
    result = runner.invoke(app, ["chains", "show", "uav", "--db", str(db), "--json"])
    counts = json.loads(result.stdout)["counts"]
    assert counts["agriculture"] == {"direct": 1, "total": 1}
    result = runner.invoke(app, ["explain", "US9382003B2", "--chain", "uav", "--db", str(db), "--json"])
    nodes = {n["node_id"]: n for n in json.loads(result.stdout)["nodes"]}
    assert nodes["agriculture"]["assigned"] and nodes["agriculture"]["stored"]
    assert nodes["agriculture"]["rule_id"] == "ipc:B64D1/16"
    assert runner.invoke(app, ["classify", "--db", str(db)]).exit_code == 2  # neither --chain nor --all


def test_evaluate_and_suggest(tmp_path: Path) -> None:
    db = _store(tmp_path)
    labels = tmp_path / "l.csv"
    labels.write_text("patent_id,nodes,in_chain\nUS9382003B2,agriculture,1\nUS4252800A,,0\n", encoding="utf-8")
    result = runner.invoke(app, ["chains", "evaluate", "--chain", "uav", "--labels", str(labels), "--db", str(db),
                                 "--ablation", "--json"])
    assert result.exit_code == 0, result.output
    reports = json.loads(result.stdout)
    assert set(reports) == {"codes", "codes+keywords", "codes+keywords+applicants"}
    assert reports["codes"]["nodes"]["agriculture"]["tp"] == 1
    result = runner.invoke(app, ["chains", "suggest", "--chain", "uav", "--node", "agriculture", "--db", str(db),
                                 "--min-lift", "1", "--json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["seed"] == 1
