"""The chain/node summary tables: equal to the direct computation, read by the pages, rebuilt on change."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from test_web_admin import PASSWORD, csrf_of, login

import chainnav
from chainnav.web import data as pages
from chainnav.web.accounts import create_user
from chainnav.web.app import create_app
from chainnav.web.query import QueryRunner
from chainnav.web.summary import SUMMARY, summaries_are_fresh

NODES = ("airframe", "battery", "flight_control", "agriculture")


def runners(nav: chainnav.Navigator) -> tuple[QueryRunner, QueryRunner]:
    direct = QueryRunner(nav, origin_indexed=True, summary_indexed=False)
    summary = QueryRunner(nav, origin_indexed=True, summary_indexed=True)
    return direct, summary


@pytest.mark.slow
@pytest.mark.parametrize("region", ["CN", "CN-GD", "JP"])
def test_chain_and_node_pages_equal_direct_computation(web_db: Path, region: str) -> None:
    with chainnav.open(web_db, read_only=True) as nav:
        assert summaries_are_fresh(nav)
        direct, summary = runners(nav)
        assert pages.home_data(summary) == pages.home_data(direct)
        assert pages.chain_data(summary, "uav", region) == pages.chain_data(direct, "uav", region)
        for node in NODES:
            for paging in (pages.Paging(1, 20), pages.Paging(2, 1)):
                expected = pages.node_data(direct, "uav", node, region, paging)
                assert pages.node_data(summary, "uav", node, region, paging) == expected


def test_summary_tables_hold_hand_counts(web_db: Path) -> None:
    with chainnav.open(web_db, read_only=True) as nav:
        totals = {
            row["node_id"]: row
            for row in nav.sql("SELECT * FROM web_node_total WHERE chain_id = 'uav'").to_pylist()
        }
        # whole chain ('' row): 8 patents, 7 families (F4 twice), 4 granted, 2018-2022, 6 applicants
        whole = totals[""]
        assert (whole["patents"], whole["families"], whole["granted"]) == (8, 7, 4)
        assert (whole["first_year"], whole["last_year"], whole["applicants"]) == (2018, 2022, 6)
        assert {n: totals[n]["patents"] for n in NODES} == {"airframe": 2, "battery": 2, "flight_control": 3, "agriculture": 2}
        cn_local = nav.sql(
            "SELECT sum(patents) AS n FROM web_node_stat WHERE chain_id = 'uav' AND node_id = '' AND origin_country = 'CN'"
        ).to_pylist()[0]["n"]
        assert cn_local == 4
        skydio = nav.sql(
            "SELECT patents FROM web_node_player WHERE node_id = 'flight_control' AND kind = 'holder' AND key = 'SKYDIO'"
        ).to_pylist()
        assert skydio == [{"patents": 2}]


def test_pages_read_summaries_only_while_fresh(web_db: Path, tmp_path: Path) -> None:
    db = tmp_path / "stale.duckdb"
    shutil.copy(web_db, db)
    with chainnav.open(db) as nav:  # a classification changed outside the server: summaries stale
        nav.con.execute("DELETE FROM patent_node WHERE patent_id = 'CN100000008A'")
    app = create_app(db, read_only=True)
    assert app.state.web.runner.summary_indexed is False
    with TestClient(app) as client:
        assert client.get("/chain/uav.json").json()["indicators"]["patents"] == 7


def _stamp_of(db: Path) -> str:
    with chainnav.open(db, read_only=True) as nav:
        return nav.sql(f"SELECT stamp FROM web_index_state WHERE name = '{SUMMARY}'").to_pylist()[0]["stamp"]


@pytest.fixture
def writable(web_db: Path, tmp_path: Path) -> tuple[Path, TestClient]:
    db = tmp_path / "admin.duckdb"
    shutil.copy(web_db, db)
    with chainnav.open(db) as nav:
        create_user(nav, "admin", PASSWORD)
    app = create_app(db, read_only=False, reports_dir=tmp_path / "reports", chains_dir=tmp_path / "chains")
    return db, TestClient(app)


def test_summaries_rebuilt_after_upload_and_reclassify(writable: tuple[Path, TestClient], tmp_path: Path) -> None:
    import gzip

    from chainnav.chains.registry import chain_text
    from chainnav.resources import DEMO_DATA

    db, client = writable
    with client:
        login(client)
        before = client.get("/chain/uav.json").json()
        assert before["indicators"]["patents"] == 8
        state = client.app.state.web
        with gzip.open(DEMO_DATA, "rt", encoding="utf-8") as source:
            lines = [next(source) for _ in range(6)]
        export = tmp_path / "lens_sample.csv"
        export.write_text("".join(lines), encoding="utf-8")
        token = csrf_of(client.get("/-/admin").text)
        with export.open("rb") as handle:
            client.post("/-/admin/upload", data={"csrf": token}, files={"file": ("lens_sample.csv", handle, "text/csv")})
        assert state.runner.summary_indexed and summaries_are_fresh(state.nav)
        assert state.nav.sql("SELECT count(*) AS n FROM web_member WHERE node_id = ''").to_pylist()[0]["n"] == 8
        token = csrf_of(client.get("/-/admin/chains/uav/edit").text)
        client.post("/-/admin/chains/uav/edit", data={"text": chain_text("uav"), "action": "save_classify", "csrf": token})
        assert state.runner.summary_indexed and summaries_are_fresh(state.nav)
        after = client.get("/chain/uav.json").json()
        direct = QueryRunner(state.nav, origin_indexed=True, summary_indexed=False)
        expected = pages.chain_data(direct, "uav", "CN")
        assert after["indicators"] == expected["indicators"] and after["nodes"] != before["nodes"]
        assert [n["patents"] for n in after["nodes"]] == [n["patents"] for n in expected["nodes"]]
        members = state.nav.sql("SELECT count(*) AS n FROM web_member WHERE chain_id = 'uav' AND node_id = ''").to_pylist()[0]["n"]
        assert members == after["indicators"]["patents"]


@pytest.mark.parametrize(
    ("page", "name"),
    [
        ("applicant", "DJI"), ("applicant", "SKYDIO"), ("applicant", "Skydio, Inc."), ("applicant", "skydio, inc."),
        ("inventor", "ZHANG SAN"), ("inventor", "ADAM BRY"),
    ],
)
def test_party_pages_equal_direct_computation(web_db: Path, page: str, name: str) -> None:
    read = pages.applicant_data if page == "applicant" else pages.inventor_data
    with chainnav.open(web_db, read_only=True) as nav:
        direct, summary = runners(nav)
        for chain_id in (None, "uav"):
            for paging in (pages.Paging(1, 20), pages.Paging(2, 1)):
                expected = read(direct, name, chain_id, paging)
                assert read(summary, name, chain_id, paging) == expected
        assert expected["profile"]["patents"] > 0


@pytest.mark.parametrize("code", ["CN", "CN-GD", "CN-BJ", "US", "JP"])
def test_region_and_search_pages_equal_direct_computation(web_db: Path, code: str) -> None:
    with chainnav.open(web_db, read_only=True) as nav:
        direct, summary = runners(nav)
        for chain_id in (None, "uav"):
            assert pages.region_data(summary, code, chain_id, pages.Paging()) == pages.region_data(
                direct, code, chain_id, pages.Paging()
            )
        for params in (pages.SearchParams(region=code), pages.SearchParams(q="drone", sort="cited"), pages.SearchParams(applicant="skydio")):
            for paging in (pages.Paging(1, 20), pages.Paging(2, 2)):
                assert pages.search_data(summary, params, paging) == pages.search_data(direct, params, paging)


def test_party_lookup_holds_hand_rows(web_db: Path) -> None:
    with chainnav.open(web_db, read_only=True) as nav:
        dji = nav.sql("SELECT DISTINCT patent_id FROM web_party WHERE kind = 'holder' AND key = 'DJI' ORDER BY 1").to_pylist()
        assert len(dji) == 2  # the applicant page's hand count for DJI
        skydio = nav.sql(
            "SELECT applicants FROM web_patent_holders WHERE patent_id = 'US10000004B2'"
        ).to_pylist()
        assert len(skydio) == 1 and "Skydio" in skydio[0]["applicants"]


def test_patent_pages_equal_direct_computation(web_db: Path) -> None:
    with chainnav.open(web_db, read_only=True) as nav:
        direct, summary = runners(nav)
        ids = [row["patent_id"] for row in nav.sql("SELECT patent_id FROM patent ORDER BY 1").to_pylist()]
        assert len(ids) >= 8
        for patent_id in ids:
            assert pages.patent_data(summary, patent_id) == pages.patent_data(direct, patent_id)
        page = pages.patent_data(summary, "US10000004B2")
        assert [(p["role"], p["name_raw"], p["key"]) for p in page["parties"]] == [
            ("applicant", "Skydio, Inc.", "SKYDIO"), ("inventor", "Adam Bry", "ADAM BRY")
        ]
        assert [c["code"] for c in page["classifications"]] == ["G05D1/0088"]
        assert [(n["node_id"], n["rule_id"]) for n in page["nodes"]] == [("flight_control", "cpc:G05D1/")]


def test_node_rules_table_counts_each_rule(web_db: Path) -> None:
    with chainnav.open(web_db, read_only=True) as nav:
        direct, summary = runners(nav)
        hits = pages.node_data(summary, "uav", "flight_control", "CN", pages.Paging())["rule_hits"]
        assert [(h["rule_id"], h["patents"]) for h in hits] == [
            ("cpc:G05D1/", 2), ("kw:en:flight controller", 1), ("kw:zh:飞控", 1)
        ]
        for node in NODES:
            expected = pages.node_data(direct, "uav", node, "CN", pages.Paging())["rule_hits"]
            assert pages.node_data(summary, "uav", node, "CN", pages.Paging())["rule_hits"] == expected


@pytest.mark.parametrize(
    "params",
    [
        pages.SearchParams(q="无人机"),
        pages.SearchParams(q="flight controller", sort="oldest"),
        pages.SearchParams(q="US10000004B2"),
        pages.SearchParams(chain="uav", node="flight_control", sort="family"),
        pages.SearchParams(chain="uav", year_from=2019, year_to=2021, sort="id"),
        pages.SearchParams(office="us", status="active"),
        pages.SearchParams(code="G05D1/", region="CN-GD"),
        pages.SearchParams(q="drone", applicant="amazon"),
    ],
)
def test_search_filters_equal_direct_computation(web_db: Path, params: pages.SearchParams) -> None:
    with chainnav.open(web_db, read_only=True) as nav:
        direct, summary = runners(nav)
        for paging in (pages.Paging(1, 20), pages.Paging(2, 1), pages.Paging(50, 20)):
            assert pages.search_data(summary, params, paging) == pages.search_data(direct, params, paging)


def test_search_counts_by_hand(web_db: Path) -> None:
    with chainnav.open(web_db, read_only=True) as nav:
        _, summary = runners(nav)
        # "flight controller": US10000004B2 and US20200000006A1 (title), nothing else
        found = pages.search_data(summary, pages.SearchParams(q="Flight Controller"), pages.Paging(1, 20))
        assert found["total"] == 2 and [r["patent_id"] for r in found["rows"]] == ["US20200000006A1", "US10000004B2"]
        # past the last page: no rows, the total still counted (drone: US10000004B2, US10000005B2, EP3000007A1)
        beyond = pages.search_data(summary, pages.SearchParams(q="drone"), pages.Paging(9, 20))
        assert beyond["rows"] == [] and beyond["total"] == 3


def test_player_summaries_hold_partners_trend_and_nodes(web_db: Path, tmp_path: Path) -> None:
    from chainnav.web.index import refresh_origin
    from chainnav.web.summary import refresh_summaries

    db = tmp_path / "partners.duckdb"
    shutil.copy(web_db, db)
    with chainnav.open(db) as nav:  # Amazon co-owns Skydio's two patents, Skydio co-owns one of DJI's
        nav.con.execute(
            "INSERT INTO party (patent_id, role, seq, name_raw, name_norm, country, region) VALUES "
            "('US10000004B2', 'applicant', 2, 'Amazon Technologies, Inc.', 'AMAZON', 'US', 'US-WA'), "
            "('US20200000006A1', 'applicant', 2, 'Amazon Technologies, Inc.', 'AMAZON', 'US', 'US-WA'), "
            "('CN100000001A', 'applicant', 2, 'Skydio, Inc.', 'SKYDIO', 'US', 'US-CA')"
        )
        refresh_origin(nav)
        refresh_summaries(nav)
    with chainnav.open(db, read_only=True) as nav:
        direct, summary = runners(nav)
        page = pages.applicant_data(summary, "SKYDIO", None, pages.Paging())
        assert [(p["key"], p["patents"]) for p in page["partners"]] == [("AMAZON", 2), ("DJI", 1)]
        assert page["trend"] == [{"year": 2018, "patents": 1}, {"year": 2019, "patents": 2}]
        assert [(n["node_id"], n["patents"]) for n in page["nodes"]] == [("flight_control", 3)]
        assert page == pages.applicant_data(direct, "SKYDIO", None, pages.Paging())
        for name in ("AMAZON", "DJI", "Skydio, Inc."):
            assert pages.applicant_data(summary, name, None, pages.Paging()) == pages.applicant_data(direct, name, None, pages.Paging())
