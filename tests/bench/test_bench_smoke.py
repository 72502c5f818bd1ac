"""Smoke test of the benchmark harness at a tiny scale (never the full benchmark)."""

from __future__ import annotations

import hashlib
import json
import sys
from pathlib import Path

import pytest

from chainnav.ingest import patentsview

# The harness lives in the checkout's bench/ package, beside src/ (it is not installed).
sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
from bench import generate, run, stages  # noqa: E402


def digest(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.glob("g_*.tsv"))}


@pytest.fixture(scope="module")
def tiny(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("sf") / "sf0.001"
    generate.generate(0.001, folder, seed=7)
    return folder


def test_generator_writes_every_importer_table_with_its_columns(tiny: Path) -> None:
    manifest = json.loads((tiny / "manifest.json").read_text())
    assert manifest["rows"]["g_patent"] == 1000
    for table, required in patentsview.REQUIRED_COLUMNS.items():
        if table == "g_patent_abstract":
            continue
        header = (tiny / f"{table}.tsv").read_text(encoding="utf-8").splitlines()[0]
        columns = [c.strip('"') for c in header.split("\t")]
        assert set(required) <= set(columns), table
    rows = manifest["rows"]
    # Shapes: ~5.5 CPC rows, ~2.8 inventors and ~12 citations per patent, some patents without assignee.
    assert 4.0 < rows["g_cpc_current"] / 1000 < 7.0
    assert 2.2 < rows["g_inventor_disambiguated"] / 1000 < 3.4
    assert 0.85 < rows["g_assignee_disambiguated"] / 1000 < 1.0


@pytest.mark.slow
def test_generator_is_deterministic(tiny: Path, tmp_path: Path) -> None:
    again = tmp_path / "again"
    generate.generate(0.001, again, seed=7)
    assert digest(again) == digest(tiny)
    other = tmp_path / "other"
    generate.generate(0.001, other, seed=8)
    assert digest(other)["g_patent.tsv"] != digest(tiny)["g_patent.tsv"]


def test_grant_dates_are_sorted_and_span_the_corpus_years() -> None:
    days, weights = generate.grant_dates(generate.Plan.for_sf(0.001))
    assert (days[1:] >= days[:-1]).all()
    years = 1970 + days // 365.25
    assert years.min() == 1976 and years.max() == 2024
    assert weights.argmax() > 40  # the busiest years are the recent ones


@pytest.mark.slow
def test_stages_ingest_parse_limit_and_pandas_check(tiny: Path, tmp_path: Path) -> None:
    db = tmp_path / "bench.duckdb"
    result, _, peak = run.run_process(["-m", "bench.stages", "ingest", "--db", str(db), "--data", str(tiny),
                                       "--work", str(tmp_path)])
    assert result["patents"] == 1000 and result["status"] == ["loaded"]
    assert peak > 50
    limit, _, _ = run.run_process(["-m", "bench.stages", "parse_limit", "--data", str(tiny), "--work", str(tmp_path)])
    assert limit["rows"] > 1000 and limit["seconds"] > 0
    line_results = {"ingest": result, "parse_limit": limit}
    assert run.ratio_of("ingest", line_results) == pytest.approx(limit["seconds"] / result["seconds"])


def test_pandas_baseline_on_a_hand_made_store() -> None:
    import pandas as pd

    patent = pd.DataFrame({"patent_id": ["P1", "P2", "P3"], "family_id": ["F1", "F1", None],
                           "application_date": pd.to_datetime(["2019-05-01", "2018-01-01", "2020-01-01"])})
    patent_node = pd.DataFrame({"chain_id": ["uav"] * 3, "node_id": ["a", "a", "a"], "patent_id": ["P1", "P2", "P3"]})
    party = pd.DataFrame({"patent_id": ["P1", "P2", "P3"], "role": ["applicant"] * 3, "seq": [1, 1, 1],
                          "name_raw": ["X", "X", "Y"], "name_norm": ["X", "X", "Y"], "entity_id": [None] * 3})
    out = stages.pandas_indicators(patent, patent_node, party, "uav")
    # Family F1 counts once, in 2018 (its first filing); P3 is its own family in 2020.
    assert out["filings_by_year"][["year", "units"]].values.tolist() == [[2018, 1], [2020, 1]]
    # Two players with one unit each: HHI = 2 x 50^2 = 5000.
    assert out["hhi"]["hhi"].tolist() == [pytest.approx(5000.0)]


def test_readme_table_from_a_result_file(tmp_path: Path) -> None:
    record = {
        "sf": 0.01, "started": "2026-11-25T12:00:00+00:00",
        "machine": {"cpus": 2, "memory_mb": 24000, "duckdb": "2.0.1", "commit": "abc"},
        "results": {"ingest": {"seconds": 2.0, "peak_mb": 100.0, "ratio": 0.5},
                    "security": {"skipped": "module not available: x"}},
    }
    (tmp_path / "sf0.01-x.json").write_text(json.dumps(record))
    table = run.readme_table(tmp_path)
    assert "| 0.01 | ingest | 2.0 | 100 | 0.5 |  |" in table
    assert "| 0.01 | security | – | – | – | module not available: x |" in table
