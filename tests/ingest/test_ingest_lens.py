"""Lens exports end to end: counts reconcile with the file, canonical tables, re-import, upserts."""

from __future__ import annotations

import csv
import datetime as dt
import gzip
import re
from pathlib import Path

import pytest

import chainnav
from chainnav.resources import DEMO_DATA


def lens_rows(path: Path) -> list[dict[str, str]]:
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rt", encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def codes(cell: str) -> set[str]:
    return set() if cell in ("", "NA") else {c.strip() for c in cell.split(";;") if c.strip()}


@pytest.fixture(scope="module")
def drone_store(drone_db: Path):
    with chainnav.open(drone_db, read_only=True) as store:
        yield store


def test_drone_counts_reconcile_with_the_file(drone_store):
    rows = lens_rows(DEMO_DATA)
    (load,) = drone_store.loads().to_pylist()
    assert (load["rows_read"], load["rows_loaded"], load["rows_rejected"], load["rows_duplicate"]) == (9071, 9071, 0, 0)
    assert load["status"] == "loaded" and load["format"] == "lens"
    counts = drone_store.sql(
        """SELECT (SELECT count(*) FROM patent) p,
                  (SELECT count(*) FROM classification WHERE scheme = 'CPC') cpc,
                  (SELECT count(*) FROM classification WHERE scheme = 'IPC') ipc,
                  (SELECT count(*) FROM party WHERE role = 'inventor') inv,
                  (SELECT count(*) FROM priority_claim) pr"""
    ).to_pylist()[0]
    assert counts["p"] == len(rows)
    assert counts["cpc"] == sum(len(codes(r["cpc_classifications"])) for r in rows)
    assert counts["ipc"] == sum(len(codes(r["ipcr_classifications"])) for r in rows)
    assert counts["pr"] == sum(len(codes(r["priority_numbers"])) for r in rows)
    inventors = sum(len({re.sub(r"[^\w]+", " ", n).strip() for n in codes(r["inventors"])}) for r in rows)
    assert counts["inv"] == inventors


def test_one_record_in_every_table(drone_store):
    patent = drone_store.sql("SELECT * FROM patent WHERE patent_id = 'AU2016219013A1'").to_pylist()[0]
    assert patent["family_id"] == "US201562116216P"  # smallest of its five US provisional priorities
    assert patent["priority_country"] == "US"
    assert patent["priority_date"] == dt.date(2015, 2, 13)
    assert patent["application_date"] == dt.date(2016, 2, 12)
    assert patent["publication_date"] == dt.date(2017, 10, 5)
    assert (patent["country"], patent["number"], patent["kind"]) == ("AU", "2016219013", "A1")
    assert (patent["doc_type"], patent["is_grant"]) == ("invention", False)
    assert (patent["cited_by_count"], patent["family_size"]) == (0, 30)
    assert patent["first_load_id"] == patent["load_id"] == 1
    party = drone_store.sql(
        "SELECT role, seq, name_raw, name_norm, entity_type FROM party WHERE patent_id = 'AU2016219013A1' "
        "ORDER BY role, seq"
    ).to_pylist()
    assert party[0] == {"role": "applicant", "seq": 1, "name_raw": "ESCO CORP", "name_norm": "ESCO",
                        "entity_type": "company"}
    assert [p["name_raw"] for p in party[1:3]] == ["CARPENTER CHRISTOPHER M", "ZUENDEL KARSTEN D"]
    first = drone_store.sql(
        "SELECT scheme, code, position, section, class, subclass, main_group FROM classification "
        "WHERE patent_id = 'AU2016219013A1' AND seq = 1 ORDER BY scheme"
    ).to_pylist()
    assert first == [
        {"scheme": "CPC", "code": "E02F9/26", "position": "first", "section": "E", "class": "E02",
         "subclass": "E02F", "main_group": "E02F9/00"},
        {"scheme": "IPC", "code": "E02F3/00", "position": "first", "section": "E", "class": "E02",
         "subclass": "E02F", "main_group": "E02F3/00"},
    ]
    prio = drone_store.sql(
        "SELECT priority_number, country, priority_date FROM priority_claim WHERE patent_id = 'AU2016219013A1' "
        "AND seq = 1"
    ).to_pylist()
    assert prio == [{"priority_number": "US201562116216P", "country": "US", "priority_date": dt.date(2015, 2, 13)}]


def test_individual_applicant_who_is_also_inventor(drone_store):
    row = drone_store.sql(
        "SELECT entity_type FROM party WHERE patent_id = 'AU2015285989B2' AND role = 'applicant'"
    ).to_pylist()
    assert row == [{"entity_type": "individual"}]
    grant = drone_store.sql("SELECT is_grant, grant_date FROM patent WHERE patent_id = 'AU2015285989B2'").to_pylist()
    assert grant == [{"is_grant": True, "grant_date": dt.date(2017, 3, 2)}]


@pytest.mark.slow
def test_reimport_same_file_is_skipped(nav, shared):
    path = shared("patents/lens_drones_9071.csv")
    (first,) = nav.ingest(path)
    before = nav.sql("SELECT count(*) n, max(load_id) l FROM patent").to_pylist()
    (again,) = nav.ingest(path)
    assert first.status == "loaded" and first.reconciled
    assert (again.status, again.rows_read, again.rows_loaded) == ("skipped", 0, 0)
    assert nav.sql("SELECT count(*) n, max(load_id) l FROM patent").to_pylist() == before


def test_raw_2018_headers_load_the_same_records(nav, shared):
    (report,) = nav.ingest(shared("patents/lens_export_raw_sample_300.csv"))
    assert (report.format, report.rows_read, report.rows_loaded, report.rows_rejected) == ("lens", 300, 300, 0)
    row = nav.sql("SELECT patent_id, family_id, publication_date, cited_by_count FROM patent "
                  "WHERE patent_id = 'WO2008083323A1'").to_pylist()
    assert row == [{"patent_id": "WO2008083323A1", "family_id": "US88289506P",
                    "publication_date": dt.date(2008, 7, 10), "cited_by_count": 3}]


@pytest.mark.slow
def test_raw_export_sample_matches_the_lowercase_records(nav, shared):
    nav.ingest(shared("patents/lens_drones_9071.csv"))
    (report,) = nav.ingest(shared("patents/lens_export_raw_sample_300.csv"))
    # the raw 2018 sample holds the same 300 records: identical after normalization
    assert (report.rows_read, report.rows_duplicate, report.rows_loaded) == (300, 300, 0)


def write_lens(path: Path, rows: list[dict[str, str]]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    return path


def test_newer_export_updates_records_and_keeps_first_load(nav, tmp_path):
    rows = lens_rows(DEMO_DATA)[:20]
    nav.ingest(write_lens(tmp_path / "old.csv", rows))
    newer = [dict(r) for r in rows]
    newer[0]["title"] = "A New Title"
    newer[0]["cited_count"] = "7"
    extra = dict(rows[0], publication_number="US 9999999 B1", jurisdiction="US", kind="B1")
    (report,) = nav.ingest(write_lens(tmp_path / "new.csv", [*newer, extra]))
    assert (report.rows_read, report.rows_loaded, report.rows_updated, report.rows_duplicate) == (21, 2, 1, 19)
    first = rows[0]["publication_number"].replace(" ", "").replace("/", "")
    got = nav.sql("SELECT title, cited_by_count, load_id, first_load_id FROM patent WHERE patent_id = ?",
                  [first]).to_pylist()
    assert got == [{"title": "A New Title", "cited_by_count": 7, "load_id": 2, "first_load_id": 1}]
    assert nav.sql("SELECT count(*) n FROM patent").to_pylist() == [{"n": 21}]
    children = nav.sql("SELECT count(*) n FROM classification WHERE patent_id = ?", [first]).to_pylist()
    assert children[0]["n"] == len(codes(rows[0]["cpc_classifications"])) + len(codes(rows[0]["ipcr_classifications"]))


def test_repeated_rows_in_a_file_are_counted_as_duplicates(nav, tmp_path):
    rows = lens_rows(DEMO_DATA)[:5]
    (report,) = nav.ingest(write_lens(tmp_path / "dup.csv", [*rows, rows[1], rows[3]]))
    assert (report.rows_read, report.rows_loaded, report.rows_duplicate, report.rows_rejected) == (7, 5, 2, 0)


CURRENT_HEADERS = {  # current Lens export header -> lowercase 2018 column it carries
    "#": "number", "Jurisdiction": "jurisdiction", "Kind": "kind", "Display Key": "publication_number",
    "Lens ID": "lens_id", "Publication Date": None, "Publication Year": "publication_year",
    "Application Number": "application_number", "Application Date": None, "Priority Numbers": "priority_numbers",
    "Earliest Priority Date": None, "Title": "title", "Abstract": None, "Applicants": "applicants",
    "Inventors": "inventors", "Owners": "applicants", "URL": "url", "Document Type": "type",
    "Has Full Text": "full_text", "Cited by Patent Count": "cited_count", "Simple Family Size": "simple_family_size",
    "Extended Family Size": "extended_family_size", "Sequence Count": "sequence_count",
    "CPC Classifications": "cpc_classifications", "IPCR Classifications": "ipcr_classifications",
    "US Classifications": "us_classifications", "NPL Citation Count": None, "Legal Status": None,
}


def test_current_lens_headers(nav, tmp_path):
    rows = lens_rows(DEMO_DATA)[:3]
    out = []
    for row in rows:
        day, month, year = row["publication_date"].split("/")
        record = {h: (row[c] if c else "") for h, c in CURRENT_HEADERS.items()}
        record["Publication Date"] = f"{row['publication_year']}-{month}-{day}"
        record["Application Date"] = ""
        record["Legal Status"] = "ACTIVE" if row["type"] == "Granted Patent" else "PENDING"
        record["Earliest Priority Date"] = min(p.split()[-1] for p in row["priority_numbers"].split(";;"))
        out.append(record)
    (report,) = nav.ingest(write_lens(tmp_path / "lens_current.csv", out))
    assert (report.format, report.rows_read, report.rows_loaded, report.rows_rejected) == ("lens", 3, 3, 0)
    first = nav.sql("SELECT legal_status, legal_status_raw, publication_date, priority_date, cited_by_count "
                    "FROM patent WHERE patent_id = 'AU2016219013A1'").to_pylist()
    assert first == [{"legal_status": "pending", "legal_status_raw": "PENDING",
                      "publication_date": dt.date(2017, 10, 5), "priority_date": dt.date(2015, 2, 13),
                      "cited_by_count": 0}]
    owners = nav.sql("SELECT count(*) n FROM party WHERE role = 'assignee'").to_pylist()
    assert owners == [{"n": sum(len(codes(r["applicants"])) for r in rows)}]
