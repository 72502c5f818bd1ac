"""Outputs over the drone data: the demo step, report chapter, page data, analysis tables and the CLI."""

from __future__ import annotations

import io
import json
import shutil
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from rich.console import Console
from typer.testing import CliRunner

import chainnav
from chainnav.cli import app
from chainnav.demo import DemoContext
from chainnav.standards.demo import data_file, demo_step
from chainnav.standards.pages import node_standards, quality_overview, standards_overview
from chainnav.standards.quality.sample import FILES, write_sample
from chainnav.standards.report import standards_section

FIXTURES = Path(__file__).parent / "fixtures"
pytestmark = pytest.mark.xdist_group("standards_drone")


def test_shipped_sample_is_the_seeded_generator_output(tmp_path: Path) -> None:
    for path in write_sample(tmp_path):
        assert path.read_bytes() == data_file(path.name).read_bytes(), path.name
    assert len(FILES) == 3


def test_no_chapter_without_standards(nav: chainnav.Navigator) -> None:
    assert standards_section(nav, "uav") is None


@pytest.fixture(scope="module")
def demo_run(drone_classified_db: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, DemoContext]:
    folder = tmp_path_factory.mktemp("standards_demo")
    db = folder / "demo.duckdb"
    shutil.copy(drone_classified_db, db)
    nav = chainnav.open(db)
    ctx = DemoContext(nav=nav, out=folder / "out", region="CN", console=Console(file=io.StringIO()))
    demo_step(ctx)
    nav.close()
    return db, ctx


@pytest.mark.slow
def test_demo_step(demo_run: tuple[Path, DemoContext]) -> None:
    db, ctx = demo_run
    out = ctx.out / "standards"
    assert (out / "standards.xlsx").exists()
    comparison = pq.read_table(out / "quality_comparison.parquet").to_pylist()
    assert len(comparison) == 9
    assert {r["stricter"] for r in comparison} == {"domestic", "international", "equal"}
    nodes = {r["node_id"]: r for r in pq.read_table(out / "standards_nodes.parquet").to_pylist()}
    assert nodes["uav_platform"]["current"] >= 10
    with chainnav.open(db, read_only=True) as nav:
        matched = nav.sql("SELECT method FROM drafter_applicant WHERE applicant_norm = 'SZ DJI TECHNOLOGY'")
        assert matched.column(0).to_pylist() == ["translation"]
        candidates = pq.read_table(out / "standards_candidates.parquet").to_pylist()
        drafted = [r for r in candidates if r["node_id"] == "uav_platform"]
        assert drafted and all("GB/T 38058-2019" in r["related_standards"] for r in drafted)
        assert all(r["reason_zh"] and r["reason_en"] for r in candidates)


@pytest.mark.slow
def test_report_chapter_and_pages(demo_run: tuple[Path, DemoContext]) -> None:
    db, _ = demo_run
    with chainnav.open(db, read_only=True) as nav:
        zh = standards_section(nav, "uav", region="CN", lang="zh")
        en = standards_section(nav, "uav", region="CN", lang="en")
        assert zh is not None and en is not None
        assert zh.key == en.key == "standards"
        assert len(zh.tables) == len(en.tables) >= 4 and zh.figures
        assert any(t.note for t in zh.tables)  # the fictional quality sample is labelled
        assert "标准" in zh.paragraphs[0] and "standards" in en.paragraphs[0]
        overview = standards_overview(nav, "uav")
        assert set(overview) == {"nodes", "gaps", "standards", "drafters", "candidates"}
        page = node_standards(nav, "uav", "multirotor")
        assert {r["rule_id"] for r in page["standards"].to_pylist()} == {"name:zh:多旋翼无人机"}
        assert set(quality_overview(nav)) == {"comparison", "pass_rates_product", "pass_rates_enterprise",
                                              "pass_rates_region", "flags"}
        with pytest.raises(chainnav.NotFoundError):
            node_standards(nav, "uav", "no_such_node")


def test_cli(tmp_path: Path) -> None:
    runner = CliRunner()
    db = str(tmp_path / "cli.duckdb")
    result = runner.invoke(app, ["standards", "import", str(FIXTURES / "catalogue_cn_small.csv"),
                                 str(FIXTURES / "test_standards.csv"), "--db", db])
    assert result.exit_code == 0, result.output
    result = runner.invoke(app, ["standards", "link", "--chain", "uav", "--db", db, "--json"])
    assert result.exit_code == 0 and json.loads(result.output)["chain_id"] == "uav"
    result = runner.invoke(app, ["quality", "import", str(FIXTURES / "limits_small.csv"),
                                 str(FIXTURES / "tests_small.csv"), "--db", db])
    assert result.exit_code == 0, result.output
    result = runner.invoke(app, ["quality", "compare", "--db", db, "--json"])
    assert [r["stricter"] for r in json.loads(result.output)] == ["international"] * 3
    result = runner.invoke(app, ["quality", "passrates", "--by", "region", "--db", db, "--json"])
    assert len(json.loads(result.output)) == 4
    result = runner.invoke(app, ["standards", "list", "--status", "withdrawn", "--db", db, "--json"])
    assert [r["standard_id"] for r in json.loads(result.output)] == ["GB 31241-2014"]
    result = runner.invoke(app, ["quality", "import", str(FIXTURES / "tests_bad.csv"), "--db", db])
    assert result.exit_code == 1 and "unknown unit" in result.output


def test_every_command_is_documented() -> None:
    import typer.main

    docs = (Path(__file__).resolve().parents[2] / "docs" / "standards.md").read_text(encoding="utf-8")
    command = typer.main.get_command(app)
    for group in ("standards", "quality"):
        names = command.commands[group].commands
        assert names
        for name in names:
            assert f"chainnav {group} {name}" in docs, f"chainnav {group} {name} is not in docs/standards.md"
