"""The bulk load path: shortcuts that must give what the general rules give, merges of newer
PatentsView sets, DuckDB settings around a load, and set hashes."""

from __future__ import annotations

import datetime as dt
import hashlib
import shutil
from pathlib import Path

import duckdb
import pytest

from chainnav.errors import InputError
from chainnav.ingest.pipeline import _size_bytes, bulk_settings, sha256_of

FIXTURES = Path(__file__).parent / "fixtures" / "patentsview"


@pytest.mark.parametrize(
    ("raw", "kind", "country", "expected"),
    [
        ("9626986", "B2", "US", "US9626986B2"),  # bare serial: office + serial + kind
        ("0001234", " b1 ", "us", "US0001234B1"),
        ("9626986", "B2", None, None),  # no office: invalid, as by the general rules
        ("9626986", "XX", "US", None),  # not a kind code
        ("D800000", "S1", "US", "USD800000S1"),  # US series prefix kept in the number
        ("RE49000", "E", "US", "USRE49000E"),
        ("RE49000", "E", None, "RE49000E"),  # without an office RE reads as one (general rules)
        ("12", "B1", "US", None),  # too short to be a serial
    ],
)
def test_publication_number_shortcut(sql, raw, kind, country, expected):
    assert sql("cn_pubno(?, ?, ?)", raw, kind, country) == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("2017-03-01", dt.date(2017, 3, 1)),
        ("2017-02-30", None),  # no such day
        ("0000-00-00", None),  # a dump's empty date
        ("2017-3-1", dt.date(2017, 3, 1)),  # not ISO: the general rules
        (" 2017-03-01 ", dt.date(2017, 3, 1)),
    ],
)
def test_iso_date_shortcut(sql, raw, expected):
    assert sql("cn_date(?, 'dmy')", raw) == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("007", 7), ("999999999999999999", 999999999999999999), ("9999999999999999999", None), ("1,200", 1200),
     ("12.0", 12), ("NA", None)],
)
def test_integer_shortcut(sql, raw, expected):
    assert sql("cn_int(?)", raw) == expected


def _copy_set(target: Path) -> Path:
    target.mkdir()
    for table in FIXTURES.glob("g_*.tsv"):
        shutil.copy(table, target)
    return target


def _append(path: Path, *rows: str) -> None:
    with path.open("a", encoding="utf-8") as handle:
        handle.writelines(row + "\n" for row in rows)


def test_repeated_and_gapped_sequences_are_deduplicated_and_renumbered(nav, tmp_path):
    folder = _copy_set(tmp_path / "set")
    _append(folder / "g_cpc_current.tsv",
            '9536149\t5\t"B"\t"B64"\t"B64C"\t"B64C39/024"\t"inventional"',  # repeats its seq 1 code
            '9536149\t7\t"G"\t"G06"\t"G06F"\t"G06F17/00"\t"inventional"',
            '9626986\t9\t"H"\t"H04"\t"H04R"\t"H04R1/00"\t"additional"')  # gap: 0, 1, 9
    _append(folder / "g_assignee_disambiguated.tsv",
            '9742484\t4\t"c3e5a7b9-ubiqomm"\t""\t""\t"UBIQOMM INC."\t2\t"9c1d-sandiego"',  # same name, new spelling
            '9536149\t4\t"e5a7-drone"\t""\t""\t"Drone Works LLC"\t2\t"7e2b-reston"')  # gap: 0, 4
    (report,) = nav.ingest(folder)
    assert (report.rows_read, report.rows_loaded, report.rows_rejected) == (4, 3, 1)
    cpc = nav.sql("SELECT patent_id, code, position, seq FROM classification WHERE scheme = 'CPC' "
                  "ORDER BY patent_id, seq").to_pylist()
    assert [(r["patent_id"], r["code"], r["position"], r["seq"]) for r in cpc] == [
        ("US9536149B1", "G05D1/0214", "first", 1),
        ("US9536149B1", "B64C39/024", "additional", 2),  # the first mention wins
        ("US9536149B1", "G06F17/00", "inventive", 3),
        ("US9626986B2", "G10L21/0208", "first", 1),
        ("US9626986B2", "G10L19/18", "additional", 2),
        ("US9626986B2", "H04R1/00", "additional", 3),
        ("US9742484B2", "H04B7/18504", "first", 1),  # already 1..n: kept as numbered
        ("US9742484B2", "B64C39/024", "inventive", 2),
        ("US9742484B2", "B64C2201/122", "additional", 3),
    ]
    assignees = nav.sql("SELECT patent_id, seq, name_raw FROM party WHERE role = 'assignee' "
                        "ORDER BY patent_id, seq").to_pylist()
    assert [(r["patent_id"], r["seq"], r["name_raw"]) for r in assignees] == [
        ("US9536149B1", 1, "Proxy Technologies, Inc."),
        ("US9536149B1", 2, "Drone Works LLC"),
        ("US9626986B2", 1, "Telefonaktiebolaget LM Ericsson (publ)"),
        ("US9742484B2", 1, "Ahmad Jalali"),
        ("US9742484B2", 2, "Ubiqomm, Inc."),
    ]


def test_newer_patentsview_set_updates_changed_records_only(nav, tmp_path):
    (first,) = nav.ingest(FIXTURES)
    newer = _copy_set(tmp_path / "newer")
    text = (newer / "g_patent.tsv").read_text(encoding="utf-8")
    (newer / "g_patent.tsv").write_text(
        text.replace("Estimation of background noise in audio signals", "Estimating background noise"),
        encoding="utf-8")
    _append(newer / "g_us_patent_citation.tsv",
            '9626986\t1\t8000000\t2011-08-01\t"Doe"\t"B1"\t"cited by applicant"')
    (report,) = nav.ingest(newer)
    assert (report.status, report.rows_read, report.rows_loaded, report.rows_updated, report.rows_rejected,
            report.rows_duplicate) == ("loaded", 4, 1, 1, 1, 2)
    patent = nav.sql("SELECT title, load_id, first_load_id FROM patent WHERE patent_id = 'US9626986B2'").to_pylist()
    assert patent == [{"title": "Estimating background noise", "load_id": report.load_id,
                       "first_load_id": first.load_id}]
    cited = nav.sql("SELECT citing_id, cited_id, load_id FROM citation ORDER BY citing_id, cited_id").to_pylist()
    assert [(r["citing_id"], r["cited_id"], r["load_id"]) for r in cited] == [
        ("US9626986B2", "US7983906B2", report.load_id),  # the updated record's citations are rewritten
        ("US9626986B2", "US8000000B1", report.load_id),
        ("US9742484B2", "US8897770B1", first.load_id),  # unchanged records keep theirs
        ("US9742484B2", "US9536149B1", first.load_id),
    ]
    counts = nav.sql("SELECT (SELECT count(*) FROM classification) c, (SELECT count(*) FROM party) p").to_pylist()
    assert counts == [{"c": 11, "p": 7}]  # 7 CPC + 4 IPC; 4 assignees + 3 inventors, none doubled
    (again,) = nav.ingest(newer)
    assert again.status == "skipped"


def test_a_load_leaves_no_temporary_objects_and_restores_settings(nav):
    settings = "SELECT current_setting('memory_limit') m, current_setting('preserve_insertion_order') o"
    before = nav.sql(settings).to_pylist()
    nav.ingest(FIXTURES)
    assert nav.sql(settings).to_pylist() == before
    left = nav.sql("SELECT table_name FROM information_schema.tables WHERE table_catalog = 'temp'").num_rows
    assert left == 0


def test_bulk_settings_lower_only_the_default_memory_limit():
    con = duckdb.connect()
    default = con.execute("SELECT current_setting('memory_limit')").fetchall()[0][0]
    if _size_bytes(default) <= 2e9:
        pytest.skip(f"DuckDB's default memory limit here ({default}) is already below the load cap")
    with bulk_settings(con):
        con.execute("SET preserve_insertion_order = false")
        assert con.execute("SELECT current_setting('memory_limit')").fetchall()[0][0] == "1.8 GiB"  # 2 GB
    assert con.execute("SELECT current_setting('memory_limit'), current_setting('preserve_insertion_order')"
                       ).fetchall()[0] == (default, True)
    con.execute("SET memory_limit = '8GB'")  # the caller's choice stands
    with bulk_settings(con):
        assert con.execute("SELECT current_setting('memory_limit')").fetchall()[0][0] == "7.4 GiB"
    assert con.execute("SELECT current_setting('memory_limit')").fetchall()[0][0] == "7.4 GiB"
    con.close()


def test_set_hash_is_the_hash_of_the_sorted_member_hashes(tmp_path):
    a, b = tmp_path / "a.tsv", tmp_path / "b.tsv"
    a.write_bytes(b"x\n1\n")
    b.write_bytes(b"y\n2\n")
    members = sorted(hashlib.sha256(p.read_bytes()).hexdigest() for p in (a, b))
    assert sha256_of([b, a]) == hashlib.sha256("".join(members).encode()).hexdigest()
    assert sha256_of([a]) == hashlib.sha256(b"x\n1\n").hexdigest()


def test_a_failing_set_reports_its_own_error_and_changes_nothing(nav, tmp_path):
    folder = _copy_set(tmp_path / "set")
    _append(folder / "g_cpc_current.tsv", '9536149\t3\t"G"\t"G06"\t"G06F"\t"G06F17/00"\t"additional"\textra\tfields')
    with pytest.raises(InputError) as info:
        nav.ingest(folder)
    message = str(info.value)
    assert "rolled back" in message and "g_cpc_current" in message
    assert "transaction is aborted" not in message  # the cause, not a follow-up error
    assert nav.sql("SELECT (SELECT count(*) FROM patent) p, (SELECT count(*) FROM citation) c").to_pylist() == [
        {"p": 0, "c": 0}]
    assert nav.sql("SELECT status FROM load").column("status").to_pylist() == ["failed"]
    default = duckdb.connect().execute("SELECT current_setting('memory_limit')").fetchall()[0][0]
    assert nav.sql("SELECT current_setting('memory_limit') m").column("m").to_pylist() == [default]
