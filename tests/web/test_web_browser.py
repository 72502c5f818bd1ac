"""The platform in a real browser: Debian Chromium driven by Playwright over uvicorn on loopback.

Walks home → chain (a click on the chain map) → node → patent, a filtered search with a CSV export,
the language switch, and admin login with an upload. Screenshots go to ``test-artifacts/web/``.
"""

from __future__ import annotations

import csv
import gzip
import io
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

import chainnav
from chainnav.resources import DEMO_DATA
from chainnav.web.accounts import create_user
from chainnav.web.app import create_app
from chainnav.web.serving import running

pytestmark = [pytest.mark.browser, pytest.mark.slow]

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync",
]
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "web"
PASSWORD = "browser test password"


@pytest.fixture(scope="module")
def server(drone_classified_db: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """uvicorn on a free loopback port over a writable copy of the classified drone store."""
    folder = tmp_path_factory.mktemp("browser")
    db = folder / "drones.duckdb"
    shutil.copy(drone_classified_db, db)
    with chainnav.open(db) as nav:
        create_user(nav, "admin", PASSWORD)
    app = create_app(db, read_only=False, reports_dir=folder / "reports", chains_dir=folder / "chains")
    with running(app) as base_url:
        yield base_url


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    if not CHROMIUM.exists():
        pytest.skip("Debian chromium is not installed (make system-deps)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield instance
        instance.close()


@pytest.fixture
def page(browser, server: str) -> Iterator[object]:
    """A fresh page that records every request, so the test can prove nothing leaves loopback."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, accept_downloads=True)
    tab = context.new_page()
    tab.requests = []
    tab.on("request", lambda request: tab.requests.append(request.url))
    tab.set_default_timeout(30_000)
    yield tab
    outside = [u for u in tab.requests if not u.startswith((server, "data:", "blob:", "about:"))]
    context.close()
    assert not outside, f"requests left the machine: {outside[:5]}"


def shot(page, name: str) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def test_home_chain_map_node_patent(page, server: str) -> None:
    page.goto(server + "/")
    assert page.locator("html").get_attribute("lang") == "zh-CN"
    shot(page, "01-home")
    page.click("a.card[href='/chain/uav']")
    page.wait_for_selector("#chain-map[data-ready='1']")
    assert page.locator("section.kpis").inner_text().count("%") >= 1
    shot(page, "02-chain")
    # click a node on the chain map canvas (not the table): find its pixel from the chart itself
    target = page.evaluate(
        """() => {
            const chart = window.chainnavCharts[0];
            const series = chart.getOption().series[0];
            const node = series.data.find(d => !String(d.id).startsWith('segment:'));
            const [x, y] = chart.convertToPixel({seriesIndex: 0}, node.value);
            return {id: node.id, x, y};
        }"""
    )
    box = page.locator("#chain-map").bounding_box()
    with page.expect_navigation():
        page.mouse.click(box["x"] + target["x"], box["y"] + target["y"])
    assert page.url.endswith(f"/chain/uav/node/{target['id']}")
    page.wait_for_selector("#trend[data-ready='1']")
    assert "节点规则" in page.content()
    shot(page, "03-node")
    first_patent = page.locator("table.list a.pid").first
    patent_id = first_patent.inner_text()
    first_patent.click()
    page.wait_for_url(f"**/patent/{patent_id}")
    assert patent_id in page.locator("h1").inner_text()
    assert "命中规则" in page.content() and target["id"] in page.content()
    shot(page, "04-patent")


def test_filtered_search_export_and_language(page, server: str, tmp_path: Path) -> None:
    page.goto(server + "/search")
    page.fill("#search-form input[name=q]", "drone")
    page.select_option("#search-form select[name=chain]", "uav")
    page.fill("#search-form input[name=year_from]", "2014")
    page.select_option("#search-form select[name=sort]", "cited")
    page.click("#search-form button[type=submit]")
    page.wait_for_url("**/search?*")
    assert "year_from=2014" in page.url and "chain=uav" in page.url
    count_text = page.locator("#result-count").inner_text()
    total = int("".join(ch for ch in count_text if ch.isdigit()))
    assert total > 0
    shot(page, "05-search")
    with page.expect_download() as download_info:
        page.click("#export-csv")
    saved = tmp_path / "export.csv"
    download_info.value.save_as(saved)
    rows = list(csv.reader(io.StringIO(saved.read_text(encoding="utf-8-sig"))))
    assert rows[0][:3] == ["patent_id", "title", "applicants"]
    assert len(rows) - 1 == min(total, 10_000)
    assert all(r[0] for r in rows[1:])
    page.click("#lang-en")
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.locator("h1").inner_text() == "Search"
    assert "year_from=2014" in page.url  # the switch keeps the page and its filters
    shot(page, "06-search-en")


def test_admin_login_and_upload(page, server: str, tmp_path: Path) -> None:
    with gzip.open(DEMO_DATA, "rt", encoding="utf-8") as source:
        header = next(source)
    export = tmp_path / "new_export.csv"
    export.write_text(
        header
        + "1,CN,A,CN 999999999 A,111-222-333-444-555,01/02/20,2020,CN 202010000000 A,01/01/19,,"
        + "A new drone frame,NEW CO LTD,WANG WU,,Patent Application,no,0,1,1,0,B64U10/10,B64U10/10,NA,NA\n"
        + "2,ZZ,A1,NOT A NUMBER,000,99/99/99,2017,,,,Broken row,,,,,no,0,1,1,0,,,NA,NA\n",
        encoding="utf-8",
    )
    page.goto(server + "/-/admin")
    assert page.url.endswith("/-/admin/login")
    page.fill("input[name=username]", "admin")
    page.fill("input[name=password]", PASSWORD)
    page.click("form.stack button[type=submit]")
    page.wait_for_url("**/-/admin")
    shot(page, "07-admin")
    page.set_input_files("#upload-form input[type=file]", str(export))
    page.click("#upload-form button[type=submit]")
    page.wait_for_url("**/-/admin/loads/*")
    report = page.locator("#load-report").inner_text()
    assert "new_export.csv" in page.locator("h1").inner_text()
    assert "rows read\n2" in report.replace("\t", "\n") and "rows rejected\n1" in report.replace("\t", "\n")
    assert "NOT A NUMBER" in page.locator("#rejects").inner_text()
    shot(page, "08-load-report")
