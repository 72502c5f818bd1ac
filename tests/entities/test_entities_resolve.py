"""Entity resolution on hand-built stores: rules, fuzzy, families, inventors, manual decisions, CLI."""

from __future__ import annotations

import json
from collections.abc import Iterable

import pytest
from typer.testing import CliRunner

import chainnav
from chainnav.cli import app
from chainnav.entities import entity_detail, merge, resolve, split
from chainnav.errors import ChainnavError, NotFoundError


def add_patents(nav: chainnav.Navigator, rows: Iterable[tuple]) -> None:
    """rows: (patent_id, family_id, applicants, inventors) with ';'-separated names."""
    for patent_id, family_id, applicants, inventors in rows:
        nav.con.execute(
            "INSERT INTO patent (patent_id, family_id, source, load_id) VALUES (?, ?, 'test', 1)",
            [patent_id, family_id],
        )
        for role, names in (("applicant", applicants), ("inventor", inventors)):
            for seq, name in enumerate(n for n in names.split(";") if n):
                nav.con.execute(
                    "INSERT INTO party (patent_id, role, seq, name_raw, name_norm) VALUES (?, ?, ?, ?, ?)",
                    [patent_id, role, seq + 1, name, name.upper()],
                )


def entity_of(nav: chainnav.Navigator, name: str, role: str = "applicant", patent: str | None = None) -> str:
    query = "SELECT DISTINCT entity_id FROM party WHERE name_raw = ? AND role = ?"
    params = [name, role]
    if patent:
        query += " AND patent_id = ?"
        params.append(patent)
    ids = nav.sql(query, params).column("entity_id").to_pylist()
    assert len(ids) == 1, ids
    return ids[0]


APPLICANT_ROWS = [
    ("US1A", "F1", "AMAZON TECH INC", "SMITH JOHN"),
    ("US2A", "F2", "Amazon Technologies, Inc.", "SMITH JOHN;DOE JANE"),
    ("US3A", "F3", "AVIATION COMMUNICATION & SURVEILLANCE SYSTEMS LLC", ""),
    ("US4A", "F4", "AVIATION COMMUNICATION & SURVELLIANCE SYSTEMS LLC", ""),
    ("US5A", "F5", "AT & T IP I LP", ""),
    ("US6A", "F6", "AT & T IP II LP", ""),
    ("US7A", "F7", "IBM", ""),
    ("US8A", "F8", "IBN", ""),
    ("CN9A", "F9", "深圳市大疆创新科技有限公司", "汪滔"),
    ("US9B", "F9", "SZ DJI TECHNOLOGY CO LTD", "WANG TAO"),
    ("US10A", "F10", "SZ DJI TECHNOLOGY CO LTD", ""),
]


@pytest.fixture
def store(nav: chainnav.Navigator) -> chainnav.Navigator:
    add_patents(nav, APPLICANT_ROWS)
    return nav


def test_applicants_rules_fuzzy_guards(store: chainnav.Navigator) -> None:
    report = resolve(store, "applicant")
    part = report.kinds[0]
    assert (part.kind, part.names, part.parties) == ("applicant", 10, 11)
    assert entity_of(store, "AMAZON TECH INC") == entity_of(store, "Amazon Technologies, Inc.")
    assert entity_of(store, "AVIATION COMMUNICATION & SURVEILLANCE SYSTEMS LLC") == entity_of(
        store, "AVIATION COMMUNICATION & SURVELLIANCE SYSTEMS LLC"
    )
    assert entity_of(store, "AT & T IP I LP") != entity_of(store, "AT & T IP II LP")
    assert entity_of(store, "IBM") != entity_of(store, "IBN")
    # Amazon, Aviation (fuzzy), DJI (family): 10 names -> 7 entities.
    assert part.entities == 7
    assert part.links == {"fuzzy": 1, "rule": 1, "family": 1}
    methods = dict(
        store.sql("SELECT name_norm, method FROM entity_alias WHERE kind = 'applicant'").to_pylist()
        and [(r["name_norm"], r["method"]) for r in store.sql("SELECT * FROM entity_alias").to_pylist()]
    )
    assert methods["AMAZON TECHNOLOGIES, INC."] in {"rule", "exact"}
    assert {methods["AMAZON TECH INC"], methods["AMAZON TECHNOLOGIES, INC."]} == {"exact", "rule"}


def test_chinese_and_english_names_linked_by_family(store: chainnav.Navigator) -> None:
    resolve(store, "applicant")
    dji = entity_of(store, "SZ DJI TECHNOLOGY CO LTD")
    assert entity_of(store, "深圳市大疆创新科技有限公司") == dji
    row = store.sql("SELECT name, name_zh, name_en FROM entity WHERE entity_id = ?", [dji]).to_pylist()[0]
    # The English name is on two publications, so it is the display name.
    assert row == {
        "name": "SZ DJI TECHNOLOGY CO LTD",
        "name_zh": "深圳市大疆创新科技有限公司",
        "name_en": "SZ DJI TECHNOLOGY CO LTD",
    }


def test_family_with_two_latin_applicants_links_nothing(nav: chainnav.Navigator) -> None:
    add_patents(
        nav, [("CN1A", "F1", "华为技术有限公司", ""), ("US1B", "F1", "HUAWEI TECH CO LTD;ACME CORP", "")]
    )
    resolve(nav, "applicant")
    assert entity_of(nav, "华为技术有限公司") != entity_of(nav, "HUAWEI TECH CO LTD")


def test_idempotent_and_ids_stable_after_new_import(store: chainnav.Navigator) -> None:
    resolve(store)
    first = store.sql("SELECT * FROM entity ORDER BY entity_id").to_pylist()
    aliases = store.sql("SELECT * FROM entity_alias ORDER BY kind, name_norm").to_pylist()
    resolve(store)
    assert store.sql("SELECT * FROM entity ORDER BY entity_id").to_pylist() == first
    assert store.sql("SELECT * FROM entity_alias ORDER BY kind, name_norm").to_pylist() == aliases
    amazon = entity_of(store, "AMAZON TECH INC")
    # A later import brings a third spelling that becomes the most frequent one.
    add_patents(store, [(f"US{n}Z", None, "AMAZON TECHNOLOGIES INC", "") for n in range(3)])
    resolve(store, "applicant")
    assert entity_of(store, "AMAZON TECHNOLOGIES INC") == amazon == entity_of(store, "AMAZON TECH INC")


def test_inventors_same_name_needs_shared_applicant_or_coinventor(nav: chainnav.Navigator) -> None:
    add_patents(
        nav,
        [
            ("P1", None, "ACME CORP", "LEE JOHN;KIM ANN"),
            ("P2", None, "ACME CORPORATION", "LEE JOHN"),  # same applicant entity as P1
            ("P3", None, "OTHER INC", "LEE JOHN;KIM ANN"),  # shares co-inventor KIM ANN with P1
            ("P4", None, "THIRD LTD", "LEE JOHN"),  # nothing shared: another LEE JOHN
            ("P5", None, "", "PARK MIN"),
            ("P6", None, "", "PARK MIN"),  # no applicant, no co-inventor: not linked
        ],
    )
    report = resolve(nav)
    inventors = report.kinds[1]
    assert inventors.kind == "inventor"
    lee = {p: entity_of(nav, "LEE JOHN", "inventor", p) for p in ("P1", "P2", "P3", "P4")}
    assert lee["P1"] == lee["P2"] == lee["P3"] != lee["P4"]
    assert entity_of(nav, "PARK MIN", "inventor", "P5") != entity_of(nav, "PARK MIN", "inventor", "P6")
    # LEE JOHN x2, KIM ANN x1, PARK MIN x2.
    assert inventors.entities == 5
    assert nav.sql("SELECT count(*) AS n FROM party WHERE entity_id IS NULL").column("n")[0].as_py() == 0


def test_manual_merge_and_split_win_and_survive_reimport(store: chainnav.Navigator) -> None:
    resolve(store)
    ibm, ibn = entity_of(store, "IBM"), entity_of(store, "IBN")
    merge(store, [ibm, "IBN"], note="typo in one record")
    assert entity_of(store, "IBN") == entity_of(store, "IBM")

    aviation = entity_of(store, "AVIATION COMMUNICATION & SURVEILLANCE SYSTEMS LLC")
    split(store, aviation, names=["AVIATION COMMUNICATION & SURVELLIANCE SYSTEMS LLC"])
    assert entity_of(store, "AVIATION COMMUNICATION & SURVELLIANCE SYSTEMS LLC") != aviation
    assert entity_of(store, "AVIATION COMMUNICATION & SURVEILLANCE SYSTEMS LLC") == aviation

    # A re-import replaces the party rows; the decisions are kept by name and still win.
    store.con.execute("DELETE FROM party")
    store.con.execute("DELETE FROM patent")
    add_patents(store, APPLICANT_ROWS)
    resolve(store)
    assert entity_of(store, "IBN") == entity_of(store, "IBM") == ibm
    assert entity_of(store, "AVIATION COMMUNICATION & SURVELLIANCE SYSTEMS LLC") != entity_of(
        store, "AVIATION COMMUNICATION & SURVEILLANCE SYSTEMS LLC"
    )
    assert ibn != ibm

    # Splitting a manually merged spelling withdraws the merge.
    split(store, ibm, names=["IBN"])
    assert entity_of(store, "IBN") != entity_of(store, "IBM")
    detail = entity_detail(store, entity_of(store, "IBN"))
    assert [o["action"] for o in detail["overrides"]] == ["detach"]


def test_manual_inventor_split_and_merge(nav: chainnav.Navigator) -> None:
    add_patents(
        nav,
        [
            ("P1", None, "ACME", "LEE JOHN"),
            ("P2", None, "ACME", "LEE JOHN"),
            ("P3", None, "ACME", "LEE JOHN"),
        ],
    )
    resolve(nav)
    lee = entity_of(nav, "LEE JOHN", "inventor", "P1")
    split(nav, lee, patents=["P3"])
    assert entity_of(nav, "LEE JOHN", "inventor", "P3") != entity_of(nav, "LEE JOHN", "inventor", "P1")
    assert entity_of(nav, "LEE JOHN", "inventor", "P2") == entity_of(nav, "LEE JOHN", "inventor", "P1") == lee
    merge(nav, [lee, entity_of(nav, "LEE JOHN", "inventor", "P3")], kind="inventor")
    assert entity_of(nav, "LEE JOHN", "inventor", "P3") == lee


def test_errors_name_the_next_step(store: chainnav.Navigator) -> None:
    resolve(store)
    with pytest.raises(NotFoundError, match="entities show"):
        merge(store, ["IBM", "NO SUCH FIRM"])
    with pytest.raises(ChainnavError, match="at least two"):
        merge(store, ["IBM"])
    with pytest.raises(NotFoundError, match="not a spelling"):
        split(store, entity_of(store, "IBM"), names=["IBN"])
    with pytest.raises(ChainnavError, match="--kind"):
        resolve(store, "company")


def test_empty_store(nav: chainnav.Navigator) -> None:
    report = resolve(nav)
    assert [(k.kind, k.entities) for k in report.kinds] == [("applicant", 0), ("inventor", 0)]


def test_cli(store: chainnav.Navigator) -> None:
    db = store.path
    store.close()
    runner = CliRunner()
    out = runner.invoke(app, ["entities", "resolve", "--db", db, "--json"])
    assert out.exit_code == 0, out.output
    assert [k["kind"] for k in json.loads(out.output)["kinds"]] == ["applicant", "inventor"]
    out = runner.invoke(app, ["entities", "show", "--db", db, "-q", "amazon", "--json"])
    rows = json.loads(out.output)
    assert [(r["name"], r["patents"], r["aliases"]) for r in rows] == [("AMAZON TECH INC", 2, 2)] or [
        (r["patents"], r["aliases"]) for r in rows
    ] == [(2, 2)]
    out = runner.invoke(app, ["entities", "merge", "IBM", "IBN", "--db", db, "--json"])
    assert out.exit_code == 0, out.output
    out = runner.invoke(app, ["entities", "show", rows[0]["entity_id"], "--db", db, "--json"])
    detail = json.loads(out.output)
    assert sorted(n["name"] for n in detail["names"]) == ["AMAZON TECH INC", "AMAZON TECHNOLOGIES, INC."]
    out = runner.invoke(app, ["entities", "show", "--db", db])
    assert out.exit_code == 0 and "applicant entities" in out.output
