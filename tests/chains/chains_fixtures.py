"""Test helpers of the chains tests: real Lens drone records (MIT, lens.org) and one-node chains."""

from __future__ import annotations

import pyarrow as pa

import chainnav
from chainnav.chains.registry import parse_chain

# Eleven records of the bundled Lens drone export (patents/lens_drones_9071.csv): id, title, CPC,
# IPC, applicants as the Lens importer stores them (the CPC lists of the last records shortened).
LENS_EXCERPT = [
    ("US9840323B1", "Drone Aircraft",
     ["B64C2201/024", "B64C25/06", "B64C27/10", "B64C27/14", "B64C27/20", "B64D17/80", "B64D35/06"],
     ["B64C25/06", "B64C27/10", "B64C27/14", "B64D17/80", "B64D35/06"], ["KAISER ENTPR LLC"]),
    ("US9382003B2", "Aerial Farm Robot System For Crop Dusting, Planting, Fertilizing And Other Field Jobs",
     ["A01B79/005", "A01B79/02", "A01C21/00", "B64C39/024", "B64D1/16", "Y10S901/01"],
     ["A01B79/00", "A01B79/02", "A01C21/00", "B64C39/02", "B64D1/16"], ["BEE ROBOTICS CORP"]),
    ("US9731821B2", "Package Transport By Unmanned Aerial Vehicles",
     ["B64C2201/128", "B64C2201/145", "B64C39/024", "G05D1/102", "G06Q10/083"],
     ["B64C39/00", "B64C39/02", "G05D1/00", "G05D1/10"], ["IBM"]),
    ("US4252800A", "7 Alpha -methylnorethindrone Enanthate And Its Use In Long Term Suppression Of Fertility In "
     "Female Mammals", ["C07J1/0096"], ["C07J1/00"], ["USA"]),
    ("US20170122713A1", "Apparatus And System To Counter Drones Using Semi-guided Fragmentation Rounds",
     ["F41G3/06", "F41H11/02", "F42B12/205", "F42B12/22", "F42C11/065", "F42C17/04"],
     ["F41A21/32", "F41G3/06", "F41H11/02", "F42B12/20", "F42B12/22", "F42C17/04", "F42C9/00"],
     ["GREENWOOD MARTIN WILLIAM"]),
    ("WO2017039233A1", "Drone Capable Of Varying Propeller Arrangement Shape", ["B64C27/08", "B64C39/02"],
     ["B64C27/08", "B64C39/02"], ["KOREA AEROSPACE RES INST"]),
    ("EP0645959B1", "Method For Altering Worker Bee Behaviour With Brood Pheromones", ["A01K47/04", "A01K51/00"],
     ["A01K47/04", "A01K51/00", "A01K53/00"], ["AGRONOMIQUE INST NAT RECH"]),
    ("US20170036761A1", "A Drone",
     ["B64C11/003", "B64C2201/042", "B64C2201/108", "B64C27/16", "B64C39/022", "B64C39/024", "F03D1/02"],
     ["B64C11/00", "B64C27/16", "B64C39/02", "F03D1/06"], ["CROCHAT PHILIPPE"]),
    ("WO2017197556A1", "Systems And Methods For Coordinating Device Actions",
     ["B64C2201/127", "B64C2201/143", "B64C39/024", "G05D1/0094", "G05D1/104"], ["G05D1/12"],
     ["SZ DJI TECHNOLOGY CO LTD"]),
    ("US3957230A", "Remotely Controlled Electric Airplane",
     ["A63H27/02", "B64D27/24", "B64D33/08", "Y02T50/44", "Y02T50/62"], ["B64D27/24", "B64D33/08"],
     ["BOUCHER ROLAND A", "BOUCHER ROBERT J"]),
    ("US20170259940A1", "Drone Receiver",
     ["B64C2201/128", "B64C2201/201", "B64C39/024", "B64F1/007", "B64F1/32"],
     ["B64C39/02", "B64F1/02", "B64F1/22", "B64F1/36"], ["IBM"]),
]


def load_records(nav: chainnav.Navigator, records: list[tuple[str, str, list[str], list[str], list[str]]],
                 *, abstracts: dict[str, str] | None = None) -> None:
    """Insert records straight into the canonical tables (patent, classification, party)."""
    abstracts = abstracts or {}
    patents = pa.table({
        "patent_id": [r[0] for r in records], "title": [r[1] for r in records],
        "abstract": pa.array([abstracts.get(r[0]) for r in records], type=pa.string()),
    })
    codes = [(pid, scheme, code, seq) for pid, _, cpc, ipc, _ in records
             for scheme, listed in (("CPC", cpc), ("IPC", ipc)) for seq, code in enumerate(listed, start=1)]
    classification = pa.table({
        "patent_id": pa.array([c[0] for c in codes], type=pa.string()),
        "scheme": pa.array([c[1] for c in codes], type=pa.string()),
        "code": pa.array([c[2] for c in codes], type=pa.string()),
        "seq": pa.array([c[3] for c in codes], type=pa.int32()),
    })
    names = [(pid, seq, name) for pid, *_, applicants in records for seq, name in enumerate(applicants, start=1)]
    party = pa.table({
        "patent_id": pa.array([n[0] for n in names], type=pa.string()),
        "seq": pa.array([n[1] for n in names], type=pa.int32()),
        "name_raw": pa.array([n[2] for n in names], type=pa.string()),
    })
    con = nav.con
    for name, table in (("t_patent", patents), ("t_classification", classification), ("t_party", party)):
        con.register(name, table)
    con.execute("INSERT INTO patent (patent_id, title, abstract, source, load_id) "
                "SELECT patent_id, title, abstract, 'test', 0 FROM t_patent")
    con.execute("INSERT INTO classification (patent_id, scheme, code, seq, subclass) "
                "SELECT patent_id, scheme, code, seq, substr(code, 1, 4) FROM t_classification")
    con.execute("INSERT INTO party (patent_id, role, seq, name_raw) "
                "SELECT patent_id, 'applicant', seq, name_raw FROM t_party")
    for name in ("t_patent", "t_classification", "t_party"):
        con.unregister(name)


def one_node_chain(rules_yaml: str, *, scope_yaml: str | None = None, extra_nodes: str = "") -> object:
    """A chain with a single node ``n`` carrying the given rules (YAML mapping body, indented 6)."""
    scope = f"scope:\n{scope_yaml}\n" if scope_yaml else ""
    text = (
        "id: t\nname: {zh: 测试, en: Test}\nversion: '1'\nreferences: [test]\n" + scope +
        "nodes:\n  - id: n\n    name: {zh: 节点, en: Node}\n    segment: midstream\n    rules:\n" + rules_yaml + "\n"
        + extra_nodes
    )
    return parse_chain(text, file="test.yaml")
