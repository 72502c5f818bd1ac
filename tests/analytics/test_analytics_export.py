"""The Python API, `chainnav analyze`/`indicators`/`indicator`, the analysis folder and its manifest."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from openpyxl import load_workbook
from typer.testing import CliRunner

import chainnav
from chainnav.analytics.export import ANALYSIS_FAMILIES, MANIFEST, WORKBOOK, analysis_plan, write_analysis
from chainnav.analytics.registry import all_indicators
from chainnav.cli import app
from chainnav.errors import ConfigError, NotFoundError

DOCS = Path(__file__).resolve().parents[2] / "docs" / "analytics.md"


@pytest.fixture
def hand_nav(hand_db):
    with chainnav.open(hand_db, read_only=True) as nav:
        yield nav


def test_python_api_hhi_by_node(hand_nav):
    table = hand_nav.chain("uav").indicator("hhi", by="node")
    assert table.column("node_id").to_pylist() == ["airframe", "application", "flight_control"]
    meta = table.schema.metadata
    assert meta[b"chainnav.counting_unit"] == b"family" and meta[b"chainnav.indicator"] == b"hhi"
    assert "HHI" in meta[b"chainnav.formula"].decode()
    assert round(table.to_pandas().hhi.iloc[2], 1) == 3750.0


def test_python_api_scoped_view(hand_nav):
    view = hand_nav.chain("uav").scoped(unit="publication", years=(2019, 2021))
    assert view.indicator("filings_by_year").column("units").to_pylist() == [2, 2, 1]
    assert view.indicator("hhi").schema.metadata[b"chainnav.years"] == b"2019-2021"


def test_python_api_errors(hand_nav):
    with pytest.raises(NotFoundError, match="no indicator"):
        hand_nav.chain("uav").indicator("nonsense")
    with pytest.raises(ConfigError, match="no parameter colour"):
        hand_nav.chain("uav").indicator("hhi", colour="red")
    with pytest.raises(NotFoundError, match="chainnav classify --chain nev"):
        hand_nav.chain("nev").indicator("hhi")


def test_write_analysis_folder_and_manifest(hand_nav, tmp_path):
    folder = write_analysis(hand_nav, "uav", region="CN-GD", years=(2018, 2021), unit="family", out=tmp_path / "a")
    manifest = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
    names = {t["table"] for t in manifest["tables"]}
    assert names == {name for name, _, _ in analysis_plan()}
    assert all(t["file"] and (folder / t["file"]).exists() for t in manifest["tables"])
    assert manifest["parameters"] == {
        "chain_id": "uav", "region": "CN-GD", "years": [2018, 2021], "unit": "family",
        "families": list(ANALYSIS_FAMILIES),
        "value_weights": {"forward_citations": 0.4, "family_size": 0.25, "claims": 0.15, "grant_status": 0.2},
        "as_of": "2021-12-01", "complete_until_year": 2019,
    }
    assert manifest["store"]["loads"][0]["sha256"] == "abc"
    assert manifest["store"]["chain"]["version"] == "test"
    hhi = pq.read_table(folder / "hhi_by_node.parquet")
    assert hhi.schema.metadata[b"chainnav.region"] == b"CN-GD"
    book = load_workbook(folder / WORKBOOK, read_only=True)
    assert "index" in book.sheetnames and "hhi_by_node" in book.sheetnames
    assert len(book.sheetnames) == len(names) + 1


def test_indicators_needing_a_region_are_skipped_and_say_so(hand_nav, tmp_path):
    folder = write_analysis(hand_nav, "uav", out=tmp_path / "b", families=("geography", "talent"))
    manifest = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
    skipped = {t["table"]: t["skipped"] for t in manifest["tables"] if t["skipped"]}
    assert set(skipped) == {"local_share", "talent_to_attract"}
    assert {t["table"] for t in manifest["tables"]} == {n for n, i, _ in analysis_plan(("geography", "talent"))}
    with pytest.raises(ConfigError, match="unknown indicator family"):
        write_analysis(hand_nav, "uav", out=tmp_path / "c", families=("astrology",))
    assert all("region of interest" in reason for reason in skipped.values())


def test_cli_analyze(hand_db, tmp_path):
    out = tmp_path / "cli"
    result = CliRunner().invoke(
        app, ["analyze", "--db", str(hand_db), "--chain", "uav", "--region", "CN", "--years", "2018-2021",
              "--unit", "application", "--out", str(out)]
    )
    assert result.exit_code == 0, result.output
    assert re.search(r"wrote \d+ tables", result.output)
    manifest = json.loads((out / MANIFEST).read_text(encoding="utf-8"))
    assert manifest["parameters"]["unit"] == "application"


def test_cli_indicator_and_indicators(hand_db):
    runner = CliRunner()
    result = runner.invoke(app, ["indicator", "hhi", "--db", str(hand_db), "--chain", "uav", "--param", "by=node",
                                 "--json"])
    assert result.exit_code == 0, result.output
    assert [r["node_id"] for r in json.loads(result.output)] == ["airframe", "application", "flight_control"]
    listed = json.loads(runner.invoke(app, ["indicators", "--json"]).output)
    assert {r["name"] for r in listed} >= {i.name for i in all_indicators() if i.family in ANALYSIS_FAMILIES}
    assert all(r["formula"] for r in listed)


def test_every_indicator_is_documented_with_its_formula():
    text = DOCS.read_text(encoding="utf-8")
    for ind in all_indicators():
        if ind.family in ANALYSIS_FAMILIES:
            assert f"`{ind.name}`" in text, f"docs/analytics.md does not document {ind.name}"
            assert "Source" in ind.doc and "Unit" in ind.doc, f"{ind.name} docstring lacks unit or source"


def test_demo_step_on_hand_store(hand_nav, tmp_path):
    from rich.console import Console

    from chainnav.analytics.demo import demo_step
    from chainnav.demo import DemoContext

    console = Console(record=True, width=200)
    ctx = DemoContext(nav=hand_nav, out=tmp_path, region="CN", console=console)
    demo_step(ctx)
    assert (tmp_path / "analysis" / "uav" / MANIFEST).exists()
    text = console.export_text()
    assert "5 applicants holding 7 applicant-family links, HHI 2245" in text and "3 of 5 families (60.0%)" in text


@pytest.mark.parametrize(
    ("args", "error", "message"),
    [
        (["--region", "guangdong"], ConfigError, "ISO 3166"),
        (["--years", "2024-2010"], ConfigError, "empty"),
        (["--years", "recent"], ConfigError, "FROM-TO"),
        (["--unit", "patent"], ConfigError, "counting unit"),
    ],
)
def test_cli_analyze_rejects_bad_scope(hand_db, tmp_path, args, error, message):
    result = CliRunner().invoke(
        app, ["analyze", "--db", str(hand_db), "--chain", "uav", "--out", str(tmp_path / "x"), *args]
    )
    assert isinstance(result.exception, error) and message in str(result.exception)


def test_cli_analyze_unclassified_chain(hand_db, tmp_path):
    result = CliRunner().invoke(app, ["analyze", "--db", str(hand_db), "--chain", "nev", "--out", str(tmp_path)])
    assert isinstance(result.exception, NotFoundError)
    assert "chainnav classify --chain nev" in str(result.exception)
