"""Security test fixtures: a hand-made chain store, 10 patents on a 4-node chain, region CN-GD.

Node tree: up (upstream) ← up_a (upstream, child of up); mid (midstream) ← down (downstream,
child of mid). Holders: A, B (Guangdong), C (Beijing), X (US firm), Y (JP university), Z (US).
The expected figures are worked out by hand in test_security_assess.py.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

import chainnav

NODES = [
    # node_id, parent_id, segment, name_zh, ord
    ("up", None, "upstream", "上游", 1),
    ("up_a", "up", "upstream", "上游A", 2),
    ("mid", None, "midstream", "中游", 3),
    ("down", "mid", "downstream", "下游", 4),
]

PATENTS = [
    # id, year (priority = application date year), doc_type, is_grant, legal_status, cited, family_size,
    # application_date, holder, holder country, region, holder type, inventor, nodes
    ("P1", "2019-01-01", "invention", False, "lapsed", 0, 1, "A", "CN", "CN-GD", "company", "I4", ["up_a"]),
    ("P2", "2020-03-01", "invention", True, "active", 50, 2, "X Corp", "US", None, "company", "I1", ["up", "up_a"]),
    ("P3", "2016-06-01", "utility_model", True, None, 0, 1, "X Corp", "US", None, "company", "I1", ["up_a"]),
    ("P4", "2022-01-01", "invention", False, "pending", 40, 4, "Y", "JP", None, "university", "I2", ["up_a"]),
    ("P5", "2019-01-01", "invention", True, "active", 30, 3, "A", "CN", "CN-GD", "company", None, ["mid"]),
    ("P6", "2020-01-01", "invention", False, None, 0, 1, "B", "CN", "CN-GD", "company", None, ["mid"]),
    ("P7", "2021-01-01", "invention", False, None, 0, 1, "C", "CN", "CN-BJ", "company", None, ["mid"]),
    ("P8", "2022-01-01", "invention", True, None, 0, 1, "X Corp", "US", None, "company", None, ["mid"]),
    ("P9", "2022-01-01", "invention", False, None, 0, 1, "Z", "US", None, "company", "I3", ["down"]),
    ("P10", "2022-06-01", "invention", False, None, 0, 1, "A", "CN", "CN-GD", "company", None, ["down"]),
]


def build(nav: chainnav.Navigator, *, with_addresses: bool = True, first_load: dict[str, int] | None = None) -> None:
    """Fill ``nav`` with the tiny chain ``t``; ``first_load`` maps patent ids to a load id (default 1)."""
    first_load = first_load or {}
    loads = sorted({1, *first_load.values()})
    for load_id in loads:
        nav.con.execute(
            "INSERT INTO load (load_id, file_name, sha256, format, status, started_at) "
            "VALUES (?, ?, ?, 'test', 'loaded', TIMESTAMP '2026-01-01 00:00:00' + to_days(?))",
            [load_id, f"load{load_id}.csv", f"sha{load_id}", load_id],
        )
    nav.con.execute("INSERT INTO chain (chain_id, version, name_zh, name_en) VALUES ('t', '1', '测试链', 'Test chain')")
    for node_id, parent, segment, name, ord_ in NODES:
        nav.con.execute(
            "INSERT INTO chain_node (chain_id, node_id, parent_id, segment, name_zh, name_en, depth, ord) "
            "VALUES ('t', ?, ?, ?, ?, ?, ?, ?)",
            [node_id, parent, segment, name, node_id, 0 if parent is None else 1, ord_],
        )
    for (pid, date, doc_type, grant, status, cited, fam, holder, country, region, kind, inventor, nodes) in PATENTS:
        nav.con.execute(
            "INSERT INTO patent (patent_id, family_id, country, doc_type, is_grant, application_date, "
            "priority_date, priority_country, legal_status, cited_by_count, family_size, num_claims, source, load_id, "
            "publication_date, first_load_id) "
            "VALUES (?, ?, 'US', ?, ?, ?::DATE, ?::DATE, ?, ?, ?, ?, 10, 'test', ?, DATE '2024-07-01', ?)",
            [pid, pid, doc_type, grant, date, date, country, status, cited, fam, first_load.get(pid, 1),
             first_load.get(pid, 1)],
        )
        nav.con.execute(
            "INSERT INTO party (patent_id, role, seq, name_raw, name_norm, country, region, entity_type) "
            "VALUES (?, 'applicant', 1, ?, ?, ?, ?, ?)",
            [pid, holder, holder.upper(), country if with_addresses else None,
             region if with_addresses else None, kind],
        )
        if inventor:
            nav.con.execute(
                "INSERT INTO party (patent_id, role, seq, name_raw, name_norm) VALUES (?, 'inventor', 1, ?, ?)",
                [pid, inventor, inventor],
            )
        for node in nodes:
            nav.con.execute(
                "INSERT INTO patent_node (chain_id, node_id, patent_id, rule_id, rule_type, score) "
                "VALUES ('t', ?, ?, 'test', 'cpc', 1.0)",
                [node, pid],
            )


@pytest.fixture(scope="session")
def tiny_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The tiny chain store file, everything in load 1 (built once)."""
    path = tmp_path_factory.mktemp("tiny") / "tiny.duckdb"
    with chainnav.open(path) as store:
        build(store)
    return path


@pytest.fixture
def tiny_nav(tiny_db: Path) -> Iterator[chainnav.Navigator]:
    """The tiny chain store, read-only."""
    with chainnav.open(tiny_db, read_only=True) as store:
        yield store


@pytest.fixture
def tiny_factory(tmp_path: Path) -> Iterator[Callable[..., chainnav.Navigator]]:
    """Build the tiny store with options: ``tiny_factory(first_load={"P9": 2}, with_addresses=False)``."""
    opened: list[chainnav.Navigator] = []

    def make(**options: object) -> chainnav.Navigator:
        store = chainnav.open(tmp_path / f"tiny{len(opened)}.duckdb")
        build(store, **options)  # type: ignore[arg-type]
        opened.append(store)
        return store

    yield make
    for store in opened:
        store.close()
