"""Admin area: accounts, login with CSRF, upload with its load report, chain YAML editing, reclassify."""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

import chainnav
from chainnav.cli import app as cli_app
from chainnav.errors import InputError
from chainnav.resources import DEMO_DATA
from chainnav.web.accounts import create_user, verify_user
from chainnav.web.app import create_app

PASSWORD = "correct horse battery"
CSRF_RE = re.compile(r'name="csrf" value="([^"]+)"')


def csrf_of(html: str) -> str:
    match = CSRF_RE.search(html)
    assert match, "form without a CSRF token"
    return match.group(1)


@pytest.fixture
def admin_client(web_db: Path, tmp_path: Path) -> Iterator[TestClient]:
    """A writable app over a private copy of the web store, with one administrator."""
    db = tmp_path / "admin.duckdb"
    shutil.copy(web_db, db)
    with chainnav.open(db) as nav:
        create_user(nav, "admin", PASSWORD)
    app = create_app(db, read_only=False, reports_dir=tmp_path / "reports", chains_dir=tmp_path / "chains")
    with TestClient(app) as client:
        yield client


def login(client: TestClient, password: str = PASSWORD) -> TestClient:
    token = csrf_of(client.get("/-/admin/login").text)
    client.post("/-/admin/login", data={"username": "admin", "password": password, "csrf": token})
    return client


def test_accounts_hash_and_verify(nav: chainnav.Navigator) -> None:
    assert create_user(nav, "alice", PASSWORD) is True
    stored = nav.sql("SELECT password_hash FROM web_user").to_pylist()[0]["password_hash"]
    assert stored.startswith("$argon2id$") and PASSWORD not in stored
    assert verify_user(nav, "alice", PASSWORD)
    assert not verify_user(nav, "alice", "wrong password")
    assert not verify_user(nav, "bob", PASSWORD)
    assert create_user(nav, "alice", "another long one") is False  # a new password, same account
    assert verify_user(nav, "alice", "another long one") and not verify_user(nav, "alice", PASSWORD)
    with pytest.raises(InputError, match="shorter than 8"):
        create_user(nav, "carol", "short")
    with pytest.raises(InputError, match="not allowed"):
        create_user(nav, "no spaces please", PASSWORD)


def test_cli_create_user(tmp_path: Path) -> None:
    db = tmp_path / "cli.duckdb"
    result = CliRunner().invoke(
        cli_app, ["admin", "create-user", "ops", "--db", str(db)], env={"CHAINNAV_ADMIN_PASSWORD": PASSWORD}
    )
    assert result.exit_code == 0, result.output
    assert "created administrator 'ops'" in result.output
    with chainnav.open(db) as nav:
        assert verify_user(nav, "ops", PASSWORD)


def test_admin_requires_login(admin_client: TestClient) -> None:
    response = admin_client.get("/-/admin", follow_redirects=False)
    assert response.status_code == 303 and response.headers["location"] == "/-/admin/login"
    assert admin_client.get("/-/admin/loads/1", follow_redirects=False).status_code == 303


def test_login_checks_csrf_and_password(admin_client: TestClient) -> None:
    page = admin_client.get("/-/admin/login").text
    no_token = admin_client.post("/-/admin/login", data={"username": "admin", "password": PASSWORD, "csrf": "forged"})
    assert no_token.status_code == 400 and "did not come from this site" in no_token.text
    wrong = admin_client.post(
        "/-/admin/login", data={"username": "admin", "password": "nope nope", "csrf": csrf_of(page)}
    )
    assert "wrong user name or password" in wrong.text
    assert admin_client.get("/-/admin", follow_redirects=False).status_code == 303
    login(admin_client)
    dashboard = admin_client.get("/-/admin")
    assert dashboard.status_code == 200 and "fixture.csv" in dashboard.text
    cookie = admin_client.cookies.get("chainnav_session")
    assert cookie and "admin" not in cookie.split(".")[-1]  # signed, and not the bare user name


def test_upload_shows_load_report_with_rejects(admin_client: TestClient, tmp_path: Path) -> None:
    import gzip

    with gzip.open(DEMO_DATA, "rt", encoding="utf-8") as source:
        lines = [next(source) for _ in range(6)]
    bad = "9999,ZZ,A1,NOT A NUMBER,000,99/99/99,2017,,,,Broken row,,,,,no,0,1,1,0,,,NA,NA\n"
    export = tmp_path / "lens_sample.csv"
    export.write_text("".join(lines) + bad, encoding="utf-8")
    login(admin_client)
    token = csrf_of(admin_client.get("/-/admin").text)
    with export.open("rb") as handle:
        response = admin_client.post(
            "/-/admin/upload", data={"csrf": token}, files={"file": ("lens_sample.csv", handle, "text/csv")}
        )
    assert response.status_code == 200, response.text[-600:]
    assert str(response.url).endswith("/-/admin/loads/2")
    html = response.text
    assert "lens_sample.csv" in html and "NOT A NUMBER" in html and "publication_number" in html
    # 6 data rows: 5 loaded, 1 rejected (row 6)
    assert re.search(r"rows read</dt><dd>6<", html) and re.search(r"rows rejected</dt><dd>1<", html)
    assert admin_client.get("/index.json").json()["store"]["patents"] == 8 + 5


def test_upload_needs_csrf(admin_client: TestClient) -> None:
    login(admin_client)
    response = admin_client.post("/-/admin/upload", data={"csrf": "x"}, files={"file": ("a.csv", b"a,b\n", "text/csv")})
    assert response.status_code == 400


def test_chain_yaml_edit_shows_problems_inline(admin_client: TestClient, tmp_path: Path) -> None:
    login(admin_client)
    form = admin_client.get("/-/admin/chains/uav/edit").text
    assert "flight_control" in form  # the definition last classified
    token = csrf_of(form)
    broken = "id: uav\nname: {zh: 无人机, en: Drones}\nversion: '1'\nnodes:\n  - id: frame\n    name: {zh: 机体, en: Frame}\n    segment: sideways\n"
    response = admin_client.post("/-/admin/chains/uav/edit", data={"text": broken, "action": "save", "csrf": token})
    assert response.status_code == 422
    assert 'id="problems"' in response.text and "<code>frame</code>" in response.text and "segment" in response.text
    assert not (tmp_path / "chains" / "uav.yaml").exists()
    not_yaml = admin_client.post("/-/admin/chains/uav/edit", data={"text": "nodes: [", "action": "validate", "csrf": token})
    assert not_yaml.status_code == 422 and "not valid YAML" in not_yaml.text


def test_chain_yaml_save_and_reclassify(admin_client: TestClient, tmp_path: Path) -> None:
    from chainnav.chains.registry import chain_text

    login(admin_client)
    token = csrf_of(admin_client.get("/-/admin/chains/uav/edit").text)
    shipped = chain_text("uav")
    response = admin_client.post(
        "/-/admin/chains/uav/edit", data={"text": shipped, "action": "save_classify", "csrf": token}
    )
    assert response.status_code == 200 and "classified" in response.text
    assert (tmp_path / "chains" / "uav.yaml").read_text(encoding="utf-8") == shipped
    chain = admin_client.get("/chain/uav.json").json()
    assert chain["chain"]["version"] != "test.1"  # the shipped definition replaced the fixture's
    token = csrf_of(admin_client.get("/-/admin").text)
    again = admin_client.post("/-/admin/classify", data={"chain_id": "uav", "csrf": token})
    assert again.status_code == 200 and "patents on" in again.text


@pytest.mark.slow
def test_build_and_download_report(admin_client: TestClient) -> None:
    login(admin_client)
    token = csrf_of(admin_client.get("/-/admin").text)
    response = admin_client.post(
        "/-/admin/report", data={"chain_id": "uav", "region": "CN", "lang": "en", "formats": ["html"], "csrf": token}
    )
    assert response.status_code == 200 and "uav_CN_navigation_en.html" in response.text, response.text[-800:]
    link = re.search(r'href="(/-/admin/reports/[^"]+\.html)"', response.text)
    assert link, "the dashboard lists the built report"
    report = admin_client.get(link.group(1))
    assert report.status_code == 200 and "<html" in report.text.lower()
    assert admin_client.get("/-/admin/reports/../../etc/passwd").status_code == 404


def test_read_only_server_refuses_changes(web_db: Path, tmp_path: Path) -> None:
    db = tmp_path / "ro.duckdb"
    shutil.copy(web_db, db)
    with chainnav.open(db) as nav:
        create_user(nav, "admin", PASSWORD)
    with TestClient(create_app(db, read_only=True)) as client:
        login(client)
        page = client.get("/-/admin", params={"lang": "en"})
        assert "The server runs read-only" in page.text
        response = client.post(
            "/-/admin/upload", data={"csrf": csrf_of(page.text)}, files={"file": ("a.csv", b"a\n", "text/csv")}
        )
        assert response.status_code == 400 and "read-only" in response.text


def test_logout(admin_client: TestClient) -> None:
    login(admin_client)
    token = csrf_of(admin_client.get("/-/admin").text)
    admin_client.post("/-/admin/logout", data={"csrf": token})
    assert admin_client.get("/-/admin", follow_redirects=False).status_code == 303
