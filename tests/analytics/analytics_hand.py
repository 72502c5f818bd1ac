"""A tiny hand-made store whose every indicator value can be computed on paper.

Six drone patents in four families plus one patent outside the chain; three applicants with
addresses, one without, one individual; citations among them. Data cut-off: 2021-12-01 (latest
publication), so 2018 and 2019 are complete years and 2020-2021 are flagged incomplete.

| patent | family | office | applied    | priority (country) | nodes                     | holders (address)                  | inventors      |
|--------|--------|--------|------------|--------------------|---------------------------|------------------------------------|----------------|
| CN1A   | F1     | CN     | 2018-03-01 | 2018-03-01 CN      | airframe, flight_control  | DJI (CN, CN-GD)                    | Wang, Li       |
| US1B2  | F1     | US     | 2019-02-01 | 2018-03-01 CN      | airframe                  | DJI (CN, CN-GD)                    | Wang, Li       |
| CN2A   | F2     | CN     | 2019-05-01 | 2019-05-01 CN      | flight_control            | DJI (CN-GD), Tsinghua (CN, CN-BJ)  | Wang, Zhang    |
| US2B2  | F3     | US     | 2020-01-15 | 2019-06-01 US      | application               | Boeing (US, US-WA)                 | Smith, Li      |
| EP1A1  | F4     | EP     | 2020-06-01 | claim DE           | application, airframe     | Boeing, Airbus (no address)        | Smith, Dupont  |
| CN3U   | -      | CN     | 2021-03-01 | none               | flight_control            | WANG WEI (individual, no address)  | Wang           |
| JP1A   | F5     | JP     | 2019-01-01 | 2019-01-01 JP      | (not in the chain)        | Sony (JP)                          | Sato           |
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pandas as pd
import pyarrow as pa

D = dt.date

PATENTS = [
    # patent_id, family, country, app date, prio date, prio country, pub date, grant, status, claims, cited, famsize
    ("CN1A", "F1", "CN", D(2018, 3, 1), D(2018, 3, 1), "CN", D(2019, 9, 1), False, "pending", 10, 4, 2),
    ("US1B2", "F1", "US", D(2019, 2, 1), D(2018, 3, 1), "CN", D(2020, 8, 1), True, "active", 12, 2, 2),
    ("CN2A", "F2", "CN", D(2019, 5, 1), D(2019, 5, 1), "CN", D(2020, 11, 1), False, "pending", 5, 0, 1),
    ("US2B2", "F3", "US", D(2020, 1, 15), D(2019, 6, 1), "US", D(2021, 7, 1), True, "active", 20, 6, 1),
    ("EP1A1", "F4", "EP", D(2020, 6, 1), D(2020, 6, 1), None, D(2021, 12, 1), False, None, None, None, None),
    ("CN3U", None, "CN", D(2021, 3, 1), D(2021, 3, 1), None, D(2021, 9, 1), True, "active", 3, None, None),
    ("JP1A", "F5", "JP", D(2019, 1, 1), D(2019, 1, 1), "JP", D(2020, 7, 1), False, "pending", 8, 1, 1),
]

# patent_id, role, seq, name_raw, name_norm, country, region, entity_type
PARTIES = [
    ("CN1A", "applicant", 1, "SZ DJI Technology Co Ltd", "DJI", "CN", "CN-GD", "company"),
    ("US1B2", "applicant", 1, "SZ DJI TECHNOLOGY CO., LTD.", "DJI", "CN", "CN-GD", "company"),
    ("CN2A", "applicant", 1, "SZ DJI Technology Co Ltd", "DJI", "CN", "CN-GD", "company"),
    ("CN2A", "applicant", 2, "Tsinghua University", "TSINGHUA UNIVERSITY", "CN", "CN-BJ", "university"),
    ("US2B2", "applicant", 1, "The Boeing Company", "BOEING", "US", "US-WA", "company"),
    ("EP1A1", "applicant", 1, "Boeing Co", "BOEING", None, None, "company"),
    ("EP1A1", "applicant", 2, "Airbus SAS", "AIRBUS", None, None, "company"),
    ("CN3U", "applicant", 1, "Wang Wei", "WANG WEI", None, None, "individual"),
    ("JP1A", "applicant", 1, "Sony Group Corp", "SONY", "JP", None, "company"),
    ("CN1A", "inventor", 1, "WANG WEI", "WANG WEI", None, None, "individual"),
    ("CN1A", "inventor", 2, "LI NA", "LI NA", None, None, "individual"),
    ("US1B2", "inventor", 1, "WANG WEI", "WANG WEI", None, None, "individual"),
    ("US1B2", "inventor", 2, "LI NA", "LI NA", None, None, "individual"),
    ("CN2A", "inventor", 1, "WANG WEI", "WANG WEI", None, None, "individual"),
    ("CN2A", "inventor", 2, "ZHANG SAN", "ZHANG SAN", None, None, "individual"),
    ("US2B2", "inventor", 1, "SMITH JOHN", "SMITH JOHN", None, None, "individual"),
    ("US2B2", "inventor", 2, "LI NA", "LI NA", None, None, "individual"),
    ("EP1A1", "inventor", 1, "SMITH JOHN", "SMITH JOHN", None, None, "individual"),
    ("EP1A1", "inventor", 2, "DUPONT MARIE", "DUPONT MARIE", None, None, "individual"),
    ("CN3U", "inventor", 1, "WANG WEI", "WANG WEI", None, None, "individual"),
    ("JP1A", "inventor", 1, "SATO KEN", "SATO KEN", None, None, "individual"),
]

# patent_id, scheme, code, subclass, main_group
CODES = [
    ("CN1A", "CPC", "B64C39/024", "B64C", "B64C39/00"),
    ("CN1A", "CPC", "G05D1/10", "G05D", "G05D1/00"),
    ("US1B2", "CPC", "B64C39/024", "B64C", "B64C39/00"),
    ("US1B2", "CPC", "G05D1/10", "G05D", "G05D1/00"),
    ("CN2A", "CPC", "G05D1/10", "G05D", "G05D1/00"),
    ("CN2A", "CPC", "B64C39/024", "B64C", "B64C39/00"),
    ("US2B2", "CPC", "B64U10/13", "B64U", "B64U10/00"),
    ("EP1A1", "CPC", "B64U10/13", "B64U", "B64U10/00"),
    ("EP1A1", "CPC", "B64C39/024", "B64C", "B64C39/00"),
    ("CN3U", "CPC", "G05D1/10", "G05D", "G05D1/00"),
    ("JP1A", "CPC", "G05D1/10", "G05D", "G05D1/00"),
]

PRIORITY_CLAIMS = [
    ("EP1A1", 1, "DE102020000001", "DE", D(2020, 6, 1)),
]

CITATIONS = [("CN2A", "CN1A"), ("US2B2", "CN1A"), ("EP1A1", "US2B2")]

NODES = [
    # node_id, parent, segment, name_zh, name_en, depth, ord
    ("airframe", None, "upstream", "机体", "Airframe", 1, 1),
    ("flight_control", None, "midstream", "飞控", "Flight control", 1, 2),
    ("application", None, "downstream", "应用", "Applications", 1, 3),
]

MEMBERS = [
    ("CN1A", "airframe"), ("CN1A", "flight_control"), ("US1B2", "airframe"),
    ("CN2A", "flight_control"), ("US2B2", "application"), ("EP1A1", "application"),
    ("EP1A1", "airframe"), ("CN3U", "flight_control"),
]


def fill(nav) -> None:
    """Insert the hand-made rows into an empty store's canonical tables."""
    con = nav.con
    con.execute(
        "INSERT INTO load (load_id, file_name, sha256, format, status, started_at) "
        "VALUES (1, 'hand.csv', 'abc', 'hand', 'loaded', TIMESTAMP '2021-12-02 00:00:00')"
    )
    rows = [
        {
            "patent_id": p, "family_id": f, "country": c, "application_date": ad, "priority_date": pd_,
            "priority_country": pc, "publication_date": pub, "is_grant": g, "legal_status": st,
            "num_claims": cl, "cited_by_count": cb, "family_size": fs,
            "application_number": f"{c}APP{p}", "source": "hand", "load_id": 1,
        }
        for p, f, c, ad, pd_, pc, pub, g, st, cl, cb, fs in PATENTS
    ]
    _insert(con, "patent", rows)
    _insert(con, "party", [
        dict(zip(("patent_id", "role", "seq", "name_raw", "name_norm", "country", "region", "entity_type"), r,
                 strict=True))
        for r in PARTIES
    ])
    _insert(con, "classification", [
        {"patent_id": p, "scheme": s, "code": c, "section": c[0], "class": c[:3], "subclass": sc, "main_group": mg}
        for p, s, c, sc, mg in CODES
    ])
    _insert(con, "priority_claim", [
        dict(zip(("patent_id", "seq", "priority_number", "country", "priority_date"), r, strict=True))
        for r in PRIORITY_CLAIMS
    ])
    _insert(con, "citation", [{"citing_id": a, "cited_id": b, "source": "hand"} for a, b in CITATIONS])
    con.execute("INSERT INTO chain (chain_id, version, name_en) VALUES ('uav', 'test', 'Drones')")
    _insert(con, "chain_node", [
        dict(zip(("node_id", "parent_id", "segment", "name_zh", "name_en", "depth", "ord"), r, strict=True),
             chain_id="uav")
        for r in NODES
    ])
    _insert(con, "patent_node", [
        {"chain_id": "uav", "node_id": n, "patent_id": p, "rule_id": "hand", "rule_type": "cpc", "score": 1.0}
        for p, n in MEMBERS
    ])


def _insert(con, table: str, rows: list[dict]) -> None:
    """Insert dict rows by column name through Arrow (columns not given stay NULL)."""
    data = pa.Table.from_pylist(rows)
    con.register("_rows", data)
    cols = ", ".join(f'"{c}"' for c in data.column_names)
    con.execute(f"INSERT INTO {table} ({cols}) SELECT {cols} FROM _rows")
    con.unregister("_rows")


def frame(expr: Any, *, sort: list[str] | None = None) -> pd.DataFrame:
    """Execute an indicator expression as a pandas frame, optionally sorted, with a clean index."""
    df = expr.to_pyarrow().to_pandas()
    if sort:
        df = df.sort_values(sort, kind="stable")
    return df.reset_index(drop=True)


def rows(expr: Any, columns: list[str], *, sort: list[str] | None = None) -> list[tuple]:
    """The given columns of an indicator as a list of tuples (NaN/NA as None, floats rounded)."""
    df = frame(expr, sort=sort or columns)[columns]
    out = []
    for record in df.itertuples(index=False):
        out.append(tuple(_plain(v) for v in record))
    return out


def _plain(value: Any) -> Any:
    if value is None or (isinstance(value, float) and value != value) or value is pd.NA:
        return None
    if isinstance(value, float):
        return round(value, 6)
    if hasattr(value, "item"):
        return _plain(value.item())
    return value


# Filings per year of a synthetic technology that rises, plateaus and falls (one applicant each).
SERIES = {2000: 1, 2001: 1, 2002: 2, 2003: 4, 2004: 8, 2005: 12, 2006: 16, 2007: 16, 2008: 16,
          2009: 16, 2010: 8, 2011: 4, 2012: 2}


def fill_series(nav) -> None:
    """A one-node chain whose filings follow ``SERIES``; every patent has its own applicant."""
    nav.con.execute(
        "INSERT INTO load (load_id, file_name, sha256, format, status, started_at) "
        "VALUES (1, 'series.csv', 'def', 'hand', 'loaded', TIMESTAMP '2020-01-01 00:00:00')"
    )
    ids = [f"CN{year}{i:02d}A" for year, n in SERIES.items() for i in range(n)]
    _insert(nav.con, "patent", [
        {"patent_id": pid, "country": "CN", "application_date": D(int(pid[2:6]), 6, 1),
         "publication_date": D(int(pid[2:6]) + 1, 6, 1), "source": "hand", "load_id": 1}
        for pid in ids
    ])
    _insert(nav.con, "party", [
        {"patent_id": pid, "role": "applicant", "seq": 1, "name_raw": f"Firm {pid}", "name_norm": f"FIRM {pid}"}
        for pid in ids
    ])
    nav.con.execute("INSERT INTO chain_node (chain_id, node_id, segment) VALUES ('s', 'n1', 'midstream')")
    _insert(nav.con, "patent_node", [
        {"chain_id": "s", "node_id": "n1", "patent_id": pid, "rule_id": "hand", "rule_type": "cpc", "score": 1.0}
        for pid in ids
    ])
