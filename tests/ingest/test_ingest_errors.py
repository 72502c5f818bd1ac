"""Damaged input: rejected rows keep row, column, reason and raw text; unreadable files fail cleanly."""

from __future__ import annotations

import csv
import gzip
import io
import os
import re
import signal
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from chainnav.errors import ChainnavError, FormatError, InputError
from chainnav.resources import DEMO_DATA

with gzip.open(DEMO_DATA, "rt", encoding="utf-8") as _demo:
    HEADER = _demo.readline()


def lens_lines(n: int) -> list[str]:
    with gzip.open(DEMO_DATA, "rt", encoding="utf-8") as handle:
        handle.readline()
        return [handle.readline() for _ in range(n)]


def test_rejects_keep_row_column_reason_and_raw_text(nav, tmp_path):
    good = lens_lines(4)
    fields = next(csv.reader(io.StringIO(good[1])))
    fields[3] = "not-a-number"
    bad_number = io.StringIO()
    csv.writer(bad_number, lineterminator="\n").writerow(fields)
    shifted = next(csv.reader(io.StringIO(good[2])))
    shifted = [shifted[0], *shifted[2:], ""]  # jurisdiction dropped: every field moves one column left
    shifted_line = io.StringIO()
    csv.writer(shifted_line, lineterminator="\n").writerow(shifted)
    cut = ",".join(next(csv.reader(io.StringIO(good[3])))[:10]) + "\n"
    path = tmp_path / "damaged.csv"
    path.write_text(HEADER + good[0] + bad_number.getvalue() + shifted_line.getvalue() + cut, encoding="utf-8")
    (report,) = nav.ingest(path)
    assert (report.rows_read, report.rows_loaded, report.rows_rejected, report.rows_duplicate) == (4, 1, 3, 0)
    rejects = nav.rejects(report.load_id).to_pylist()
    assert [(r["row_number"], r["column_name"]) for r in rejects] == [
        (2, "publication_number"), (3, "publication_number"), (4, None)]
    assert rejects[0]["reason"].startswith("not a valid publication number")
    assert "not-a-number" in rejects[0]["raw"]
    assert "fewer fields" in rejects[2]["reason"] and rejects[2]["raw"].startswith(cut.strip()[:20])
    assert nav.sql("SELECT count(*) n FROM patent").to_pylist() == [{"n": 1}]


def test_shifted_dates_are_rejected_not_half_parsed(nav, tmp_path):
    fields = next(csv.reader(io.StringIO(lens_lines(1)[0])))
    fields[5] = "Monitoring Ground"  # publication_date holds text
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerow(fields)
    path = tmp_path / "shift.csv"
    path.write_text(HEADER + out.getvalue(), encoding="utf-8")
    (report,) = nav.ingest(path)
    (reject,) = nav.rejects(report.load_id).to_pylist()
    assert (reject["row_number"], reject["column_name"], reject["reason"]) == (
        1, "publication_date", "not a date: Monitoring Ground")


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("empty.csv", b"", "the file is empty"),
        ("blank.csv", b"\n\n  \n", "the file is empty"),
        ("junk.csv", bytes(range(256)) * 40, "binary data"),
        ("latin.csv", HEADER.encode() + b"1,AU,A1,AU 2016/219013 A1,x,05/10/17,2017,a,12/02/16,p,M\xe9t\xff\xfe\n",
         "neither UTF-8 nor GBK"),
        ("giant.csv", b"x" * (1 << 21), "longer than 1 MB"),
        ("nothing.csv", "公司,地址\n华为,深圳\n".encode(), "match no known export format"),
    ],
)
def test_unreadable_files_raise_clear_errors(nav, tmp_path, name, content, message):
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(InputError) as info:
        nav.ingest(path)
    assert message in str(info.value)
    assert str(path) in str(info.value)
    assert nav.sql("SELECT count(*) n FROM patent").to_pylist() == [{"n": 0}]


def test_truncated_zip_is_reported(nav, tmp_path):
    archive = tmp_path / "export.zip"
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("export.csv", HEADER + "".join(lens_lines(200)))
    data = archive.read_bytes()
    archive.write_bytes(data[: len(data) // 2])
    with pytest.raises(InputError, match="damaged or truncated"):
        nav.ingest(archive)


def test_missing_required_column(nav, tmp_path):
    path = tmp_path / "nopub.csv"
    path.write_text("lens_id,jurisdiction,title\n1-2,US,Drone\n", encoding="utf-8")
    with pytest.raises(InputError) as info:
        nav.ingest(path)
    assert "missing required column" in str(info.value) and "publication_number" in str(info.value)


def test_unknown_format_lists_what_was_expected(nav, tmp_path):
    path = tmp_path / "other.csv"
    path.write_text("a,b\n1,2\n", encoding="utf-8")
    with pytest.raises(FormatError, match="lens: lens_id"):
        nav.ingest(path)
    (load,) = nav.loads().to_pylist()
    assert load["status"] == "failed"


def test_cli_prints_errors_without_traceback(tmp_path):
    path = tmp_path / "empty.csv"
    path.write_bytes(b"")
    command = [sys.executable, "-c", "from chainnav.cli import main; main()", "ingest", str(path),
               "--db", str(tmp_path / "x.duckdb")]
    result = subprocess.run(command, capture_output=True, text=True, env={**os.environ, "COLUMNS": "200"})
    assert result.returncode == 1, result.stderr
    assert "the file is empty" in result.stderr and "Traceback" not in result.stderr, result.stderr


def write_seed(path: Path, n: int) -> Path:
    path.write_text(HEADER + "".join(lens_lines(n)), encoding="utf-8")
    return path


KILL_SCRIPT = """
import sys, chainnav
nav = chainnav.open(sys.argv[1])
print("start", flush=True)
nav.ingest(sys.argv[2])
print("finished", flush=True)
"""


@pytest.mark.slow
def test_sigkill_mid_import_leaves_store_as_before(tmp_path):
    import chainnav

    db = tmp_path / "kill.duckdb"
    with chainnav.open(db) as store:
        store.ingest(write_seed(tmp_path / "seed.csv", 50))
        before = store.sql("SELECT (SELECT count(*) FROM patent) p, (SELECT count(*) FROM party) q, "
                           "(SELECT count(*) FROM load) l").to_pylist()
    # a large file: every record three times under different publication numbers (≈ 10 s to load)
    big = tmp_path / "big.csv"
    with gzip.open(DEMO_DATA, "rt", encoding="utf-8") as src, big.open("w", encoding="utf-8") as out:
        rows = list(csv.reader(src))
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(rows[0])
        for copy in range(3):
            for row in rows[1:]:
                writer.writerow([*row[:3], re.sub(r"(\d+)", rf"\g<1>{copy}", row[3], count=1), *row[4:]])
    child = subprocess.Popen([sys.executable, "-c", KILL_SCRIPT, str(db), str(big)], stdout=subprocess.PIPE, text=True)
    assert child.stdout is not None and child.stdout.readline().strip() == "start"
    time.sleep(2.0)
    child.send_signal(signal.SIGKILL)
    child.wait()
    assert child.stdout.read() == ""  # killed before "finished"
    assert child.returncode == -signal.SIGKILL
    with chainnav.open(db) as store:
        after = store.sql("SELECT (SELECT count(*) FROM patent) p, (SELECT count(*) FROM party) q, "
                          "(SELECT count(*) FROM load) l").to_pylist()
        assert after == before
        (report,) = store.ingest(write_seed(tmp_path / "after.csv", 60))  # and the store still works
        assert (report.status, report.rows_loaded, report.rows_duplicate) == ("loaded", 10, 50)


def test_trailing_overflow_of_the_raw_lens_export_is_ignored(nav, tmp_path):
    lines = lens_lines(2)
    spilled = lines[1].rstrip("\n") + ",See also references of EP 2123065A4,,,\n"  # unquoted NPL text
    path = tmp_path / "raw.csv"
    path.write_text(HEADER + lines[0] + spilled, encoding="utf-8")
    (report,) = nav.ingest(path)
    assert (report.rows_read, report.rows_loaded, report.rows_rejected) == (2, 2, 0)


def test_rejected_raw_text_keeps_the_file_delimiter(nav, tmp_path):
    path = tmp_path / "semi.csv"
    path.write_text("Pub No;Title\nUS 9536149 B1;Electronic assessments; methods\nnonsense;x\n", encoding="utf-8")
    mapping = tmp_path / "m.yaml"
    mapping.write_text("fields:\n  patent_id: Pub No\n  title: Title\n", encoding="utf-8")
    (report,) = nav.ingest(path, mapping=mapping)
    assert (report.rows_read, report.rows_loaded, report.rows_rejected) == (2, 0, 2)
    raws = [r["raw"] for r in nav.rejects(report.load_id).to_pylist()]
    assert raws == ["US 9536149 B1;Electronic assessments; methods", "nonsense;x"]  # CSV-level, then value-level


@pytest.mark.slow
@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.binary(max_size=3000))
def test_random_bytes_never_escape_as_a_traceback(nav, tmp_path, data):
    path = tmp_path / "fuzz.csv"
    path.write_bytes(HEADER.encode() + data)
    try:
        reports = nav.ingest(path)
    except ChainnavError:
        return
    assert all(r.reconciled for r in reports)


def test_zipped_lens_export_loads(nav, tmp_path):
    archive = tmp_path / "lens.zip"
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("lens.csv", HEADER + "".join(lens_lines(30)))
    (report,) = nav.ingest(archive)
    assert (report.format, report.rows_read, report.rows_loaded) == ("lens", 30, 30)
