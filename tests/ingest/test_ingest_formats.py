"""PatentsView related sets, Google Patents CSV and a user's YAML mapping, end to end."""

from __future__ import annotations

import datetime as dt
import shutil
import zipfile
from pathlib import Path

import pytest

from chainnav.errors import ConfigError, InputError

FIXTURES = Path(__file__).parent / "fixtures"


def test_patentsview_folder_loads_as_one_related_set(nav):
    (report,) = nav.ingest(FIXTURES / "patentsview")
    assert (report.format, report.rows_read, report.rows_loaded, report.rows_rejected) == ("patentsview", 4, 3, 0 + 1)
    (reject,) = nav.rejects(report.load_id).to_pylist()
    assert (reject["row_number"], reject["column_name"], reject["reason"]) == (
        4, "g_patent.patent_date", "not a date: 2017-13-45")
    assert reject["raw"].startswith("9999999\tutility\t2017-13-45")
    patent = nav.sql("SELECT * FROM patent WHERE patent_id = 'US9742484B2'").to_pylist()[0]
    assert (patent["grant_date"], patent["application_date"], patent["application_number"]) == (
        dt.date(2017, 8, 22), dt.date(2014, 5, 21), "14284079")
    assert (patent["is_grant"], patent["doc_type"], patent["num_claims"], patent["family_id"]) == (
        True, "invention", 21, "14284079")
    cpc = nav.sql("SELECT code, position, seq FROM classification WHERE patent_id = 'US9742484B2' AND scheme = 'CPC' "
                  "ORDER BY seq").to_pylist()
    assert cpc == [{"code": "H04B7/18504", "position": "first", "seq": 1},
                   {"code": "B64C39/024", "position": "inventive", "seq": 2},
                   {"code": "B64C2201/122", "position": "additional", "seq": 3}]
    ipc = nav.sql("SELECT code FROM classification WHERE scheme = 'IPC' ORDER BY patent_id, seq").column("code")
    assert ipc.to_pylist() == ["G01R29/08", "G10L21/0216", "H04B7/185", "B64C39/02"]
    parties = nav.sql("SELECT role, seq, name_raw, name_norm, entity_type, country, region, city FROM party "
                      "WHERE patent_id = 'US9742484B2' ORDER BY role, seq").to_pylist()
    assert parties == [
        {"role": "assignee", "seq": 1, "name_raw": "Ahmad Jalali", "name_norm": "AHMAD JALALI",
         "entity_type": "individual", "country": "US", "region": "US-CA", "city": "San Diego"},
        {"role": "assignee", "seq": 2, "name_raw": "Ubiqomm, Inc.", "name_norm": "UBIQOMM",
         "entity_type": "company", "country": "US", "region": "US-CA", "city": "San Diego"},
        {"role": "inventor", "seq": 1, "name_raw": "Ahmad Jalali", "name_norm": "AHMAD JALALI",
         "entity_type": "individual", "country": "US", "region": "US-CA", "city": "San Diego"},
    ]
    ericsson = nav.sql("SELECT name_norm, country, region FROM party WHERE patent_id = 'US9626986B2' "
                       "AND role = 'assignee'").to_pylist()
    assert ericsson == [{"name_norm": "TELEFONAKTIEBOLAGET LM ERICSSON", "country": "SE", "region": None}]
    citations = nav.sql("SELECT citing_id, cited_id, category FROM citation ORDER BY citing_id, cited_id").to_pylist()
    assert citations == [
        {"citing_id": "US9626986B2", "cited_id": "US7983906B2", "category": "cited by examiner"},
        {"citing_id": "US9742484B2", "cited_id": "US8897770B1", "category": "cited by applicant"},
        {"citing_id": "US9742484B2", "cited_id": "US9536149B1", "category": "cited by examiner"},
    ]


def test_patentsview_zipped_tables_and_reimport(nav, tmp_path):
    for table in (FIXTURES / "patentsview").glob("g_*.tsv"):
        with zipfile.ZipFile(tmp_path / f"{table.name}.zip", "w", zipfile.ZIP_DEFLATED) as archive:
            archive.write(table, table.name)
    files = sorted(tmp_path.glob("*.zip"))
    (report,) = nav.ingest(files)
    assert (report.rows_read, report.rows_loaded) == (4, 3)
    (again,) = nav.ingest(files)
    assert again.status == "skipped"
    assert nav.sql("SELECT count(*) n FROM citation").to_pylist() == [{"n": 3}]


def test_patentsview_without_g_patent_is_refused(nav, tmp_path):
    shutil.copy(FIXTURES / "patentsview" / "g_cpc_current.tsv", tmp_path)
    with pytest.raises(InputError, match="needs the g_patent table"):
        nav.ingest(tmp_path / "g_cpc_current.tsv")


def test_patentsview_missing_column_names_table_and_column(nav, tmp_path):
    for table in (FIXTURES / "patentsview").glob("g_*.tsv"):
        shutil.copy(table, tmp_path)
    text = (tmp_path / "g_cpc_current.tsv").read_text(encoding="utf-8")
    (tmp_path / "g_cpc_current.tsv").write_text(text.replace("cpc_group", "cpc_code", 1), encoding="utf-8")
    with pytest.raises(InputError) as info:
        nav.ingest(tmp_path)
    assert "g_cpc_current" in str(info.value) and "'cpc_group'" in str(info.value)
    assert nav.sql("SELECT count(*) n FROM patent").to_pylist() == [{"n": 0}]


def test_google_patents_csv(nav):
    (report,) = nav.ingest(FIXTURES / "google_drones.csv")
    assert (report.format, report.rows_read, report.rows_loaded, report.rows_duplicate, report.rows_rejected) == (
        "google", 5, 3, 1, 1)
    (reject,) = nav.rejects(report.load_id).to_pylist()
    assert (reject["row_number"], reject["column_name"]) == (5, "id")
    rows = nav.sql("SELECT patent_id, priority_date, application_date, grant_date, is_grant FROM patent "
                   "ORDER BY patent_id").to_pylist()
    assert rows == [
        {"patent_id": "AU2016219013A1", "priority_date": dt.date(2015, 2, 13),
         "application_date": dt.date(2016, 2, 12), "grant_date": None, "is_grant": False},
        {"patent_id": "US9536149B1", "priority_date": dt.date(2016, 2, 4),
         "application_date": dt.date(2016, 4, 6), "grant_date": dt.date(2017, 1, 3), "is_grant": True},
        {"patent_id": "WO2008083323A1", "priority_date": dt.date(2006, 12, 29),
         "application_date": dt.date(2007, 12, 28), "grant_date": None, "is_grant": False},
    ]
    au = nav.sql("SELECT role, name_raw, name_norm FROM party WHERE patent_id = 'AU2016219013A1' ORDER BY role, seq")
    assert au.to_pylist()[:3] == [
        {"role": "applicant", "name_raw": "Esco Corporation", "name_norm": "ESCO"},
        {"role": "inventor", "name_raw": "Christopher M. Carpenter", "name_norm": "CHRISTOPHER M CARPENTER"},
        {"role": "inventor", "name_raw": "Karsten D. Zuendel", "name_norm": "KARSTEN D ZUENDEL"},
    ]
    proxy = nav.sql("SELECT name_raw FROM party WHERE patent_id = 'US9536149B1' AND role = 'applicant'").to_pylist()
    assert proxy == [{"name_raw": "Proxy Technologies, Inc."}]


def test_generic_export_through_a_yaml_mapping(nav):
    (report,) = nav.ingest(FIXTURES / "generic_export.csv", mapping=FIXTURES / "generic_mapping.yaml")
    assert (report.format, report.rows_read, report.rows_loaded) == ("generic", 2, 2)
    rows = nav.sql("SELECT patent_id, publication_date, cited_by_count FROM patent ORDER BY patent_id").to_pylist()
    assert rows == [
        {"patent_id": "AU2016219013A1", "publication_date": dt.date(2017, 10, 5), "cited_by_count": 0},
        {"patent_id": "US9536149B1", "publication_date": dt.date(2017, 1, 3), "cited_by_count": 4},
    ]
    codes = nav.sql("SELECT patent_id, code FROM classification ORDER BY patent_id, seq").to_pylist()
    assert codes == [
        {"patent_id": "AU2016219013A1", "code": "E02F3/00"},
        {"patent_id": "AU2016219013A1", "code": "G08B23/00"},
        {"patent_id": "US9536149B1", "code": "G01R29/08"},
        {"patent_id": "US9536149B1", "code": "G05D1/00"},
    ]
    inventors = nav.sql("SELECT name_raw FROM party WHERE role = 'inventor' ORDER BY patent_id, seq").column("name_raw")
    assert inventors.to_pylist() == ["CARPENTER CHRISTOPHER M", "ZUENDEL KARSTEN D", "CESARANO PATRICK C"]
    cited = nav.sql("SELECT citing_id, cited_id, source FROM citation ORDER BY cited_id").to_pylist()
    assert cited == [{"citing_id": "US9536149B1", "cited_id": "US8897770B1", "source": "generic"},
                     {"citing_id": "US9536149B1", "cited_id": "WO2008083323A1", "source": "generic"}]
    (load,) = nav.loads().to_pylist()
    assert load["mapping"] == "my_export"


@pytest.mark.parametrize(
    ("yaml_text", "message"),
    [
        ("name: x\nfields:\n  title: Title\n", "patent_id"),
        ("name: x\nfields:\n  patent_id: A\n  colour: B\n", "unknown field 'colour'"),
        ("fields: [1, 2", "not valid YAML"),
    ],
)
def test_bad_mappings_are_config_errors(nav, tmp_path, yaml_text, message):
    path = tmp_path / "bad.yaml"
    path.write_text(yaml_text, encoding="utf-8")
    with pytest.raises(ConfigError, match=message):
        nav.ingest(FIXTURES / "generic_export.csv", mapping=path)


def test_a_second_source_merges_into_stored_records(nav, shared):
    nav.ingest(shared("patents/lens_export_raw_sample_300.csv"))
    before = nav.sql("SELECT count(*) n FROM classification WHERE patent_id = 'WO2008083323A1'").to_pylist()
    (report,) = nav.ingest(FIXTURES / "google_drones.csv")
    assert (report.rows_loaded, report.rows_updated) == (3, 1)  # WO2008083323A1 was in the Lens sample
    merged = nav.sql("SELECT title, cited_by_count, source, load_id, first_load_id, legal_status FROM patent "
                     "WHERE patent_id = 'WO2008083323A1'").to_pylist()
    assert merged == [{"title": "Detection apparatus", "cited_by_count": 3, "source": "google", "load_id": 2,
                       "first_load_id": 1, "legal_status": "unknown"}]
    # Google gives no classification: the Lens CPC/IPC rows stay; its applicant list replaces Lens's
    assert nav.sql("SELECT count(*) n FROM classification WHERE patent_id = 'WO2008083323A1'").to_pylist() == before
    applicants = nav.sql("SELECT name_raw FROM party WHERE patent_id = 'WO2008083323A1' AND role = 'applicant'")
    assert applicants.column("name_raw").to_pylist() == ["Rossio, Jeffrey"]
