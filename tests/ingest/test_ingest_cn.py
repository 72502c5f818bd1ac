"""Chinese exports (incoPat, PatSnap, CNIPA-style headers) as xlsx, xls and CSV in four encodings.

The fixtures are written at test time from the ten real CNIPA-style records in
``../shared/data/patents_cn/patentsemantix_zhongke_bigdata_10_cases.sql`` (test data only, never
shipped): each test lays the same records out under one vendor's headers and file type.
"""

from __future__ import annotations

import csv
import datetime as dt
import re
from pathlib import Path

import pytest

ROW = re.compile(r"'((?:[^'\\]|\\.)*)'|(-?\d+(?:\.\d+)?)|(NULL)")


def cnipa_records(path: Path) -> list[dict[str, str]]:
    """The INSERT rows of the MySQL dump as dicts keyed by its Chinese column names."""
    text = path.read_text(encoding="utf-8")
    create = text[text.index("CREATE TABLE"): text.index("ENGINE")]
    columns = re.findall(r"^\s+`([^`]+)`", create, flags=re.M)
    records = []
    for line in text.splitlines():
        if line.startswith("INSERT INTO"):
            body = line[line.index("VALUES (") + 8: line.rindex(")")]
            values = [(s.replace("\\'", "'") if s or n == "" and not num else num or "") if not null else ""
                      for s, num, null in ((m[0], m[1], m[2]) for m in ROW.findall(body))
                      for n in [s]]
            records.append(dict(zip(columns, values, strict=True)))
    return records


@pytest.fixture(scope="module")
def records(shared_data: Path) -> list[dict[str, str]]:
    rows = cnipa_records(shared_data / "patents_cn" / "patentsemantix_zhongke_bigdata_10_cases.sql")
    assert len(rows) == 10
    return rows


def iso(yyyymmdd: str) -> str:
    return f"{yyyymmdd[:4]}-{yyyymmdd[4:6]}-{yyyymmdd[6:]}" if yyyymmdd else ""


def incopat_table(records: list[dict[str, str]]) -> list[list[str]]:
    header = ["公开（公告）号", "申请号", "申请日", "公开（公告）日", "标题", "摘要", "申请人", "发明人",
              "IPC主分类", "IPC", "CPC", "申请人地址", "当前法律状态", "被引证次数", "简单同族成员数量",
              "专利类型", "合享价值度"]
    rows = [[r["公开号"], r["申请号"], iso(r["申请日"]), iso(r["公开日"]), r["专利名称"], r["申请摘要"],
             r["申请人"], r["发明人"], r["主分类号"], r["分类号"], r["CPC分类号"], r["申请人地址"], r["法律状态"],
             r["引证数"] or "0", r["简单同族数量"] or "1", r["专利类型"], "8"] for r in records]
    return [header, *rows]


def patsnap_table(records: list[dict[str, str]]) -> list[list[str]]:
    header = ["公开(公告)号", "申请号", "申请日", "公开(公告)日", "标题", "摘要", "申请(专利权)人",
              "当前申请(专利权)人", "发明人", "IPC主分类号", "IPC分类号", "申请人地址", "法律状态/事件"]
    rows = [[r["公开号"], r["申请号"], r["申请日"][:4] + "." + r["申请日"][4:6] + "." + r["申请日"][6:],
             r["公开日"], r["专利名称"], r["申请摘要"], r["申请人"], r["当前权利人"] or r["申请人"], r["发明人"],
             r["主分类号"], r["分类号"].replace(";", " | "), r["申请人地址"], r["法律状态"]] for r in records]
    return [header, *rows]


def write_csv(path: Path, table: list[list[str]], encoding: str) -> Path:
    with path.open("w", encoding=encoding, newline="") as handle:
        csv.writer(handle).writerows(table)
    return path


def write_xlsx(path: Path, table: list[list[str]], *, title_row: bool = False) -> Path:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    if title_row:
        sheet.append(["incoPat 专利检索结果导出", "", "导出日期 2024-05-01"])
    for row in table:
        sheet.append(row)
    book.save(path)
    return path


def write_xls(path: Path, table: list[list[str]]) -> Path:
    import xlwt

    book = xlwt.Workbook(encoding="utf-8")
    sheet = book.add_sheet("专利")
    for r, row in enumerate(table):
        for c, value in enumerate(row):
            sheet.write(r, c, value[:32000])
    book.save(str(path))
    return path


def check_first_record(nav) -> None:
    patent = nav.sql("SELECT * FROM patent WHERE patent_id = 'CN218751475U'").to_pylist()[0]
    assert (patent["country"], patent["kind"], patent["doc_type"], patent["is_grant"]) == (
        "CN", "U", "utility_model", True)
    assert patent["application_date"] == dt.date(2022, 12, 2)
    assert patent["publication_date"] == dt.date(2023, 3, 28)
    assert patent["title"] == "一种无人机机载多功能盒" and patent["language"] == "zh"
    assert (patent["legal_status"], patent["legal_status_raw"]) == ("active", "有权-审定授权")
    assert patent["application_number"] == "CN202223220665.2"
    applicant = nav.sql("SELECT name_raw, name_norm, entity_type, country, region, city FROM party "
                        "WHERE patent_id = 'CN218751475U' AND role = 'applicant'").to_pylist()
    assert applicant == [{"name_raw": "中科大数据研究院", "name_norm": "中科大数据研究院", "entity_type": "research",
                          "country": "CN", "region": "CN-HA", "city": "郑州市"}]
    inventors = nav.sql("SELECT name_raw FROM party WHERE patent_id = 'CN218751475U' AND role = 'inventor' "
                        "ORDER BY seq").column("name_raw").to_pylist()
    assert inventors == ["刘迪", "刘敏", "王煜伟", "付艳波", "王元卓"]
    ipc = nav.sql("SELECT code, position FROM classification WHERE patent_id = 'CN218751475U' AND scheme = 'IPC' "
                  "ORDER BY seq").to_pylist()
    assert ipc == [{"code": "B64U20/80", "position": "first"}, {"code": "B64U101/30", "position": "additional"}]


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gbk", "gb18030", "utf-16"])
def test_incopat_csv_in_every_encoding(nav, tmp_path, records, encoding):
    path = write_csv(tmp_path / f"incopat_{encoding}.csv", incopat_table(records), encoding)
    (report,) = nav.ingest(path)
    assert (report.format, report.rows_read, report.rows_loaded, report.rows_rejected) == ("incopat", 10, 10, 0)
    check_first_record(nav)


def test_incopat_xlsx_with_a_title_row(nav, tmp_path, records):
    (report,) = nav.ingest(write_xlsx(tmp_path / "incopat.xlsx", incopat_table(records), title_row=True))
    assert (report.format, report.rows_read, report.rows_loaded) == ("incopat", 10, 10)
    check_first_record(nav)


def test_patsnap_xls(nav, tmp_path, records):
    (report,) = nav.ingest(write_xls(tmp_path / "patsnap.xls", patsnap_table(records)))
    assert (report.format, report.rows_read, report.rows_loaded) == ("patsnap", 10, 10)
    check_first_record(nav)


def test_patsnap_xlsx_dates_and_pipes(nav, tmp_path, records):
    (report,) = nav.ingest(write_xlsx(tmp_path / "patsnap.xlsx", patsnap_table(records)))
    assert report.rows_loaded == 10
    check_first_record(nav)


def test_cnipa_style_headers_load_as_they_are(nav, tmp_path, records):
    table = [list(records[0]), *[list(r.values()) for r in records]]
    (report,) = nav.ingest(write_csv(tmp_path / "cnipa.csv", table, "utf-8"), format="incopat")
    assert (report.rows_read, report.rows_loaded, report.rows_rejected) == (10, 10, 0)
    check_first_record(nav)
    # 授权公告日 is a date where the patent was granted and 0 (no date) elsewhere
    grants = nav.sql("SELECT count(*) n FROM patent WHERE grant_date IS NOT NULL").to_pylist()[0]["n"]
    assert grants == sum(1 for r in records if r["授权公告日"] not in ("", "0")) == 8


def test_excel_serial_dates(nav, tmp_path, records):
    table = incopat_table(records[:1])
    table[1][2] = 44897  # 2022-12-02 as an Excel serial number typed as a plain number
    (report,) = nav.ingest(write_xlsx(tmp_path / "serial.xlsx", table))
    assert report.rows_loaded == 1
    got = nav.sql("SELECT application_date FROM patent").to_pylist()
    assert got == [{"application_date": dt.date(2022, 12, 2)}]


def test_gzipped_gbk_csv(nav, tmp_path, records):
    import gzip

    plain = write_csv(tmp_path / "incopat.csv", incopat_table(records), "gbk")
    packed = tmp_path / "incopat.csv.gz"
    packed.write_bytes(gzip.compress(plain.read_bytes()))
    (report,) = nav.ingest(packed)
    assert (report.rows_read, report.rows_loaded) == (10, 10)
    check_first_record(nav)
