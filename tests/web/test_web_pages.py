"""Public pages and their JSON/CSV/XLSX twins over the hand-written web store (see conftest.py).

Every expected number below is counted by hand from the fixture rows.
"""

from __future__ import annotations

import io
import time

import openpyxl
import pytest
from fastapi.testclient import TestClient

from chainnav.web.app import create_app
from chainnav.web.query import QueryRunner, QueryTimeoutError
from chainnav.web.urls import Urls


def test_home_lists_chain_with_sizes(client: TestClient) -> None:
    data = client.get("/index.json").json()
    assert data["store"] == {"patents": 8, "loads": 1, "last_load": "2026-01-01T10:00:05"}
    (uav,) = data["chains"]
    # 8 publications, 7 families (US10000004B2 and US20200000006A1 share F4), 4 nodes
    assert (uav["chain_id"], uav["patents"], uav["families"], uav["nodes"]) == ("uav", 8, 7, 4)
    html = client.get("/").text
    assert "无人机" in html and 'href="/chain/uav"' in html


def test_chain_indicators_and_node_local_share(client: TestClient) -> None:
    data = client.get("/chain/uav.json").json()
    ind = data["indicators"]
    # CN applicants hold CN..01, 02, 03 and 08: 4 of 8 → 50 %
    assert ind == {
        "patents": 8, "families": 7, "granted": 4, "first_year": 2018, "last_year": 2022,
        "applicants": 6, "local_patents": 4, "local_share": 0.5,
    }
    share = {n["node_id"]: (n["patents"], n["local_share"]) for n in data["nodes"]}
    assert share == {
        "airframe": (2, 1.0), "battery": (2, 0.5), "flight_control": (3, pytest.approx(1 / 3)), "agriculture": (2, 0.5),
    }
    assert {row["year"]: row["patents"] for row in data["trend"]} == {2018: 1, 2019: 3, 2020: 1, 2021: 2, 2022: 1}
    assert data["applicants"][0]["key"] in ("DJI", "SKYDIO")
    assert data["applicants"][0]["patents"] == 2


def test_chain_local_share_follows_region(client: TestClient) -> None:
    ind = client.get("/chain/uav.json?region=US").json()["indicators"]
    assert ind["local_patents"] == 3  # Skydio x2, Amazon
    ind = client.get("/chain/uav.json?region=CN-GD").json()["indicators"]
    assert ind["local_patents"] == 3  # DJI x2, XAG; BUAA is in CN-BJ


def test_chain_page_draws_clickable_map(client: TestClient) -> None:
    html = client.get("/chain/uav").text
    assert 'id="chain-map"' in html
    assert "/chain/uav/node/flight_control" in html  # the map's click targets
    assert "/-/vendor/echarts.min.js" in html
    assert "http://" not in html.replace("http://127.0.0.1", "") and "https://" not in html  # nothing external


def test_node_page(client: TestClient) -> None:
    data = client.get("/chain/uav/node/flight_control.json").json()
    assert data["indicators"] == {"patents": 3, "local_patents": 1, "local_share": pytest.approx(1 / 3)}
    assert {(h["rule_id"], h["patents"]) for h in data["rule_hits"]} == {
        ("cpc:G05D1/", 2), ("kw:zh:飞控", 1), ("kw:en:flight controller", 1),
    }
    assert data["rules"] == {"cpc": ["G05D1/"], "keywords": {"zh": ["飞控"], "en": ["flight controller"]}}
    assert data["high_value"][0]["patent_id"] == "US10000004B2"
    # foreign-held and in force: only the granted Skydio patent (the other Skydio one is pending)
    assert [r["patent_id"] for r in data["risk"]] == ["US10000004B2"]
    assert [r["key"] for r in data["inventors"]] == ["ADAM BRY", "ZHANG SAN"]
    assert {r["country"]: r["patents"] for r in data["countries"]} == {"US": 2, "CN": 1}
    html = client.get("/chain/uav/node/flight_control").text
    assert "kw:zh:飞控" in html and "US10000004B2" in html


def test_node_patents_export(client: TestClient) -> None:
    response = client.get("/chain/uav/node/battery.csv")
    assert response.headers["content-type"].startswith("text/csv")
    lines = response.content.decode("utf-8-sig").splitlines()
    assert lines[0].startswith("patent_id,title,applicants")
    assert sorted(line.split(",")[0] for line in lines[1:]) == ["CN100000008A", "US10000005B2"]


def test_patent_page(client: TestClient) -> None:
    data = client.get("/patent/CN100000001A.json").json()
    assert data["patent"]["title"] == "一种无人机飞控系统"
    assert [(n["node_id"], n["rule_id"]) for n in data["nodes"]] == [
        ("flight_control", "cpc:G05D1/"), ("flight_control", "kw:zh:飞控"),
    ]
    assert [(c["cited_id"], c["in_store"]) for c in data["cites"]] == [("JP2001000001A", False), ("US10000004B2", True)]
    assert [c["code"] for c in data["classifications"]] == ["G05D1/101"]
    cited = client.get("/patent/US10000004B2.json").json()["cited_by"]
    assert sorted(c["citing_id"] for c in cited) == ["CN100000001A", "US20200000006A1"]
    html = client.get("/patent/CN100000001A").text
    assert "深圳市大疆创新科技有限公司" in html and "JP2001000001A" in html


def test_applicant_inventor_region_pages(client: TestClient) -> None:
    dji = client.get("/applicant.json", params={"name": "DJI"}).json()
    assert dji["profile"]["patents"] == 2 and dji["profile"]["regions"] == ["CN-GD"]
    assert [(r["year"], r["patents"]) for r in dji["trend"]] == [(2019, 1), (2020, 0), (2021, 1)]  # gap filled
    by_raw_name = client.get("/applicant.json", params={"name": "Skydio, Inc."}).json()
    assert by_raw_name["total"] == 2
    zhang = client.get("/inventor.json", params={"name": "ZHANG SAN"}).json()
    assert sorted(r["patent_id"] for r in zhang["rows"]) == ["CN100000001A", "CN100000003U"]
    gd = client.get("/region/CN-GD.json").json()
    assert gd["total"] == 3
    cn = client.get("/region/cn.json").json()
    assert cn["total"] == 4 and {r["region"]: r["patents"] for r in cn["subregions"]} == {"CN-GD": 3, "CN-BJ": 1}
    assert client.get("/applicant.json", params={"name": "NOBODY"}).status_code == 404


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"q": "flight"}, {"US10000004B2", "US20200000006A1"}),
        ({"q": "无人机"}, {"CN100000001A", "CN100000002B", "CN100000003U", "CN100000008A"}),
        ({"q": "flight controller"}, {"US10000004B2", "US20200000006A1"}),
        ({"q": "drone", "office": "US"}, {"US10000004B2", "US10000005B2"}),
        ({"q": "us10000005b2"}, {"US10000005B2"}),
        ({"chain": "uav", "node": "battery"}, {"US10000005B2", "CN100000008A"}),
        ({"year_from": 2020}, {"CN100000002B", "CN100000003U", "EP3000007A1", "CN100000008A"}),
        ({"year_from": 2019, "year_to": 2019}, {"CN100000001A", "US10000005B2", "US20200000006A1"}),
        ({"region": "CN-GD"}, {"CN100000001A", "CN100000002B", "CN100000003U"}),
        ({"applicant": "skydio"}, {"US10000004B2", "US20200000006A1"}),
        ({"code": "g05d"}, {"CN100000001A", "US10000004B2", "US20200000006A1"}),
        ({"status": "active"}, {"CN100000002B", "CN100000003U", "US10000004B2", "US10000005B2"}),
        ({"q": "无人机", "region": "CN-BJ"}, {"CN100000008A"}),
    ],
)
def test_search_filters(client: TestClient, query: dict[str, object], expected: set[str]) -> None:
    data = client.get("/search.json", params={**query, "size": 100}).json()
    assert data["total"] == len(expected)
    assert {row["patent_id"] for row in data["rows"]} == expected


def test_blank_form_fields_mean_no_filter(client: TestClient) -> None:
    data = client.get("/search.json?q=&chain=&year_from=&year_to=2019&region=&status=&code=").json()
    assert data["total"] == 4 and data["params"] == {"year_to": 2019}


def test_search_sort_and_paging(client: TestClient) -> None:
    page2 = client.get("/search.json", params={"size": 3, "page": 2}).json()
    # newest filing first: 08, 07, 03 | 02, 05, 01 | 06, 04
    assert [r["patent_id"] for r in page2["rows"]] == ["CN100000002B", "US10000005B2", "CN100000001A"]
    assert page2["total"] == 8
    cited = client.get("/search.json", params={"sort": "cited", "size": 1}).json()
    assert cited["rows"][0]["patent_id"] == "US10000004B2"
    html = client.get("/search", params={"size": 3, "page": 2}).text
    assert 'rel="next"' in html and "page=3" in html


def test_search_exports(client: TestClient) -> None:
    csv_text = client.get("/search.csv", params={"q": "drone"}).content.decode("utf-8-sig")
    assert len(csv_text.splitlines()) == 1 + 3
    response = client.get("/search.xlsx", params={"office": "CN"})
    assert "attachment" in response.headers["content-disposition"]
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == "patent_id" and len(rows) == 1 + 4
    assert {r[0] for r in rows[1:]} == {"CN100000001A", "CN100000002B", "CN100000003U", "CN100000008A"}


@pytest.mark.parametrize(
    ("url", "status", "fragment"),
    [
        ("/chain/nope.json", 404, "no chain 'nope'"),
        ("/chain/uav/node/nope.json", 404, "no node 'nope'"),
        ("/patent/XX1.json", 404, "no patent"),
        ("/search.json?size=1000", 422, "size"),
        ("/search.json?year_from=abc", 422, "year_from"),
        ("/search.json?year_from=2022&year_to=2010", 400, "year range 2022-2010 is empty"),
        ("/search.json?node=battery", 400, "needs its chain"),
        ("/search.json?status=alive", 422, "status"),
        ("/chain/uav.json?region=guangdong", 422, "region"),
        ("/region/Guangdong.json", 400, "ISO 3166"),
        ("/nowhere", 404, "no page"),
    ],
)
def test_bad_requests_are_4xx_with_message(client: TestClient, url: str, status: int, fragment: str) -> None:
    response = client.get(url)
    assert response.status_code == status
    body = response.json() if url.endswith(".json") or ".json?" in url else None
    text = body["error"] if body else response.text
    assert fragment in text


def test_language_switch(client: TestClient) -> None:
    assert "产业链图谱" in client.get("/chain/uav").text
    response = client.get("/-/lang", params={"to": "en", "next": "/chain/uav"}, follow_redirects=False)
    assert response.status_code == 303 and response.headers["location"] == "/chain/uav"
    client.cookies.set("lang", "en")
    html = client.get("/chain/uav").text
    assert "Chain map" in html and "Flight control" in html
    assert "Chain map" in client.get("/chain/uav?lang=en").text
    outside = client.get("/-/lang", params={"to": "en", "next": "//elsewhere.example"}, follow_redirects=False)
    assert outside.headers["location"] == "/"


def test_openapi_lists_json_api_and_docs_are_local(client: TestClient) -> None:
    schema = client.get("/openapi.json").json()
    assert {"/index.json", "/chain/{chain_id}.json", "/search.json", "/search.csv", "/patent/{patent_id}.json"} <= set(schema["paths"])
    assert "/chain/{chain_id}" not in schema["paths"]  # HTML pages stay out of the API schema
    size = schema["paths"]["/search.json"]["get"]["parameters"]
    assert any(p["name"] == "size" and p["schema"]["maximum"] == 100 for p in size)
    docs = client.get("/-/api").text
    assert "/-/vendor/swagger/swagger-ui-bundle.js" in docs and "cdn" not in docs.lower()
    assert client.get("/-/vendor/swagger/swagger-ui-bundle.js").status_code == 200


def test_urls_are_built_in_one_place() -> None:
    urls = Urls()
    assert urls.chain("uav", "json", region="CN-GD") == "/chain/uav.json?region=CN-GD"
    assert urls.node("uav", "flight control") == "/chain/uav/node/flight%20control"
    assert urls.applicant("Skydio, Inc.", "csv") == "/applicant.csv?name=Skydio%2C+Inc."
    assert urls.search(q="无人机", chain=None) == "/search?q=%E6%97%A0%E4%BA%BA%E6%9C%BA"
    assert urls.home("json") == "/index.json"


def test_query_time_limit_interrupts(web_db) -> None:
    app = create_app(web_db, read_only=True, query_timeout=0.3)
    runner: QueryRunner = app.state.web.runner
    patent = runner.table("patent")
    heavy = patent.select(x0=patent.cited_by_count)
    for i in range(1, 13):  # 8 rows cross-joined 13 times: 5.5e11 rows, far beyond the limit
        heavy = heavy.cross_join(patent.select(**{f"x{i}": patent.cited_by_count}))
    heavy = heavy.aggregate(total=sum((heavy[f"x{i}"] for i in range(1, 13)), heavy.x0).sum())
    started = time.perf_counter()
    with pytest.raises(QueryTimeoutError, match="limit is 0.3 s"):
        runner.rows(heavy)
    assert time.perf_counter() - started < 5
    assert runner.scalar(runner.table("patent").count()) == 8  # the runner still works afterwards
    runner.nav.close()


def test_timeout_becomes_400(client: TestClient, monkeypatch: pytest.MonkeyPatch) -> None:
    from chainnav.web import data

    def slow(*args: object, **kwargs: object) -> None:
        raise QueryTimeoutError("query interrupted after 5.0 s (the limit is 5 s)", hint="Narrow the search.")

    monkeypatch.setattr(data, "search_data", slow)
    response = client.get("/search.json", params={"q": "drone"})
    assert response.status_code == 400
    assert response.json()["hint"] == "Narrow the search."


def _poll(client: TestClient, url: str, seconds: float = 120) -> object:
    deadline = time.monotonic() + seconds
    while True:
        response = client.get(url)
        if response.status_code != 202 or time.monotonic() > deadline:
            return response
        assert response.json() == {"status": "computing", "retry_after": 5}
        time.sleep(0.5)


@pytest.mark.slow
def test_security_page_computes_in_background(client: TestClient) -> None:
    response = _poll(client, "/chain/uav/security.json")
    assert response.status_code == 200, response.text[:500]
    data = response.json()
    assert data["region"] == "CN"
    assert sorted(n["node_id"] for n in data["nodes"]) == ["agriculture", "airframe", "battery", "flight_control"]
    assert [n["chokepoint_rank"] for n in data["nodes"]] == sorted(n["chokepoint_rank"] for n in data["nodes"])
    assert all(n["class"] for n in data["nodes"])
    html = client.get("/chain/uav/security").text
    assert 'id="security-map"' in html and 'id="chokepoints"' in html
    assert client.get("/chain/nope/security.json").status_code == 404


@pytest.mark.slow
def test_security_lists_show_the_page_language_reasons(client: TestClient) -> None:
    data = _poll(client, "/chain/uav/security.json").json()
    listed = [row for key in ("chain_leaders", "attract_firms", "talent", "risk_patents") for row in data[key]]
    assert listed and all({"reason_zh", "reason_en"} <= row.keys() for row in listed)
    english = client.get("/chain/uav/security?lang=en").text
    chinese = client.get("/chain/uav/security?lang=zh").text
    assert ">reason_en<" in english and ">reason_zh<" not in english
    assert ">reason_zh<" in chinese and ">reason_en<" not in chinese


@pytest.mark.slow
def test_standards_page_computes_in_background(client: TestClient) -> None:
    response = _poll(client, "/chain/uav/standards.json")
    assert response.status_code == 200, response.text[:500]
    data = response.json()
    assert data["standards"] == 0  # no catalogue imported into the web store
    assert sorted(n["node_id"] for n in data["nodes"]) == ["agriculture", "airframe", "battery", "flight_control"]
    assert "standards" in client.get("/chain/uav/standards?lang=en").text.lower()
