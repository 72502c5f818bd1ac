"""Catalogue and quality imports: rejects per row (as in the expected-report files), idempotency, upserts."""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

import pytest
from openpyxl import Workbook

import chainnav
from chainnav.errors import FormatError
from chainnav.standards.catalogue import import_catalogue, replacement_chain
from chainnav.standards.quality import import_limits, import_quality, import_tests

FIXTURES = Path(__file__).parent / "fixtures"


def expected_rejects(name: str) -> list[tuple[int, str, str]]:
    with (FIXTURES / name).open(encoding="utf-8") as handle:
        return [(int(r["row_number"]), r["column_name"], r["reason"]) for r in csv.DictReader(handle)]


def assert_rejects(nav: chainnav.Navigator, load_id: int, expected_file: str) -> None:
    stored = nav.rejects(load_id).to_pylist()
    got = [(r["row_number"], r["column_name"], r["reason"]) for r in stored]
    expected = expected_rejects(expected_file)
    assert [(n, c) for n, c, _ in got] == [(n, c) for n, c, _ in expected]
    for (_, _, reason), (_, _, part) in zip(got, expected, strict=True):
        assert part in reason
    assert all(r["raw"] for r in stored)


def assert_invariant(nav: chainnav.Navigator, load_id: int) -> None:
    row = nav.sql("SELECT * FROM load WHERE load_id = ?", [load_id]).to_pylist()[0]
    assert row["rows_read"] == row["rows_loaded"] + row["rows_rejected"] + row["rows_duplicate"]


def test_cn_catalogue(nav: chainnav.Navigator) -> None:
    report = import_catalogue(nav, FIXTURES / "catalogue_cn_small.csv")
    assert (report.format, report.status, report.rows_read, report.rows_loaded) == ("standards-cn", "loaded", 5, 5)
    rows = {r["standard_id"]: r for r in nav.sql("SELECT * FROM standard").to_pylist()}
    assert sorted(rows) == ["GB 31241-2014", "GB 31241-2022", "GB 42590-2023", "GB/T 19001-2016", "GB/T 38058-2019"]
    assert rows["GB 42590-2023"]["status"] == "current"  # 即将实施 in the export, implemented 2024-06-01
    assert rows["GB 42590-2023"]["status_raw"] == "即将实施"
    assert rows["GB/T 38058-2019"]["implementation_date"].isoformat() == "2020-05-01"
    assert rows["GB/T 19001-2016"]["adopted"] == "ISO 9001:2015"
    assert rows["GB 31241-2014"]["status"] == "withdrawn"
    classes = nav.sql("SELECT scheme, code FROM standard_class WHERE standard_id = 'GB/T 38058-2019' ORDER BY 1")
    assert classes.to_pylist() == [{"scheme": "CCS", "code": "V35"}, {"scheme": "ICS", "code": "49.020"}]
    drafters = nav.sql("SELECT name_raw, name_norm FROM standard_drafter WHERE standard_id = 'GB/T 38058-2019'"
                       " ORDER BY seq").to_pylist()
    assert [d["name_raw"] for d in drafters] == ["中国航空综合技术研究所", "深圳市大疆创新科技有限公司", "北京航空航天大学"]
    assert drafters[1]["name_norm"] == "深圳市大疆创新科技"  # the patent import's normalizer drops 有限公司
    assert replacement_chain(nav, "GB 31241—2014") == ["GB 31241-2014", "GB 31241-2022"]


def test_intl_catalogue_and_stage(nav: chainnav.Navigator) -> None:
    report = import_catalogue(nav, FIXTURES / "catalogue_intl_small.csv")
    assert (report.format, report.rows_loaded) == ("standards-intl", 3)
    status = {r["standard_id"]: r["status"] for r in nav.sql("SELECT standard_id, status FROM standard").to_pylist()}
    assert status == {"ISO 21384-3:2019": "withdrawn", "ISO 21384-3:2023": "current", "ISO 21384-2:2021": "current"}
    committee = nav.sql("SELECT DISTINCT committee FROM standard").column(0).to_pylist()
    assert committee == ["ISO/TC 20/SC 16"]
    assert replacement_chain(nav, "ISO 21384-3:2019") == ["ISO 21384-3:2019", "ISO 21384-3:2023"]


def test_catalogue_rejects(nav: chainnav.Navigator) -> None:
    report = import_catalogue(nav, FIXTURES / "catalogue_bad.csv")
    assert (report.rows_read, report.rows_loaded, report.rows_duplicate, report.rows_rejected) == (8, 1, 1, 6)
    assert_rejects(nav, report.load_id, "catalogue_bad.rejects.csv")
    assert_invariant(nav, report.load_id)


def test_same_file_twice_is_a_no_op(nav: chainnav.Navigator) -> None:
    first = import_catalogue(nav, FIXTURES / "catalogue_cn_small.csv")
    before = nav.sql("SELECT * FROM standard ORDER BY standard_id")
    second = import_catalogue(nav, FIXTURES / "catalogue_cn_small.csv")
    assert second.status == "skipped" and second.load_id != first.load_id
    assert nav.sql("SELECT * FROM standard ORDER BY standard_id").equals(before)


def test_newer_export_upserts(nav: chainnav.Navigator, tmp_path: Path) -> None:
    import_catalogue(nav, FIXTURES / "catalogue_cn_small.csv")
    newer = tmp_path / "newer.csv"
    text = (FIXTURES / "catalogue_cn_small.csv").read_text(encoding="utf-8")
    newer.write_text(text.replace("现行,2019/10/18", "废止,2019/10/18"), encoding="utf-8")
    report = import_catalogue(nav, newer)
    assert (report.rows_read, report.rows_loaded, report.rows_updated, report.rows_duplicate) == (5, 1, 1, 4)
    status = nav.sql("SELECT status FROM standard WHERE standard_id = 'GB/T 38058-2019'").column(0)[0].as_py()
    assert status == "withdrawn"
    assert nav.sql("SELECT count(*) FROM standard_drafter WHERE standard_id = 'GB/T 38058-2019'").column(0)[0].as_py() == 3


def test_xlsx_catalogue(nav: chainnav.Navigator, tmp_path: Path) -> None:
    book = Workbook()
    sheet = book.active
    with (FIXTURES / "catalogue_cn_small.csv").open(encoding="utf-8") as handle:
        for row in csv.reader(handle):
            sheet.append(row)
    path = tmp_path / "catalogue.xlsx"
    book.save(path)
    report = import_catalogue(nav, path)
    assert (report.rows_loaded, report.rows_rejected) == (5, 0)


def test_gb18030_csv(nav: chainnav.Navigator, tmp_path: Path) -> None:
    path = tmp_path / "gbk.csv"
    path.write_bytes((FIXTURES / "catalogue_cn_small.csv").read_text(encoding="utf-8").encode("gb18030"))
    assert import_catalogue(nav, path).rows_loaded == 5


def test_unknown_layout(nav: chainnav.Navigator, tmp_path: Path) -> None:
    path = tmp_path / "other.csv"
    path.write_text("a,b\n1,2\n", encoding="utf-8")
    with pytest.raises(FormatError, match="no standard number and title columns"):
        import_catalogue(nav, path)


@pytest.fixture
def catalogued(nav: chainnav.Navigator) -> chainnav.Navigator:
    import_catalogue(nav, FIXTURES / "test_standards.csv")
    return nav


def test_limits_rejects(catalogued: chainnav.Navigator) -> None:
    report = import_limits(catalogued, FIXTURES / "limits_bad.csv")
    assert (report.rows_read, report.rows_loaded, report.rows_duplicate, report.rows_rejected) == (8, 1, 1, 6)
    assert_rejects(catalogued, report.load_id, "limits_bad.rejects.csv")
    assert_invariant(catalogued, report.load_id)


def test_tests_rejects(catalogued: chainnav.Navigator) -> None:
    report = import_tests(catalogued, FIXTURES / "tests_bad.csv")
    assert (report.rows_read, report.rows_loaded, report.rows_duplicate, report.rows_rejected) == (7, 1, 1, 5)
    assert_rejects(catalogued, report.load_id, "tests_bad.rejects.csv")
    assert_invariant(catalogued, report.load_id)


def test_batch_already_stored_with_another_value(catalogued: chainnav.Navigator, tmp_path: Path) -> None:
    assert import_quality(catalogued, FIXTURES / "tests_small.csv").rows_loaded == 7
    again = tmp_path / "again.csv"
    again.write_text("产品,企业,地区,批次,指标,实测值,单位\n电池组,甲,CN-GD,B1,放电容量,4951,mAh\n"
                     "电池组,甲,CN-GD,B1,最高表面温度,56,°C\n", encoding="utf-8")
    report = import_quality(catalogued, again)
    assert (report.rows_rejected, report.rows_duplicate, report.rows_loaded) == (1, 1, 0)
    assert "already stored" in report.rejects[0].reason


def test_limits_upsert_and_detection(catalogued: chainnav.Navigator, tmp_path: Path) -> None:
    first = import_quality(catalogued, FIXTURES / "limits_small.csv")
    assert (first.format, first.rows_loaded) == ("quality-limits", 6)
    newer = tmp_path / "limits_newer.csv"
    newer.write_text((FIXTURES / "limits_small.csv").read_text(encoding="utf-8").replace(",4800,", ",4850,"),
                     encoding="utf-8")
    report = import_quality(catalogued, newer)
    assert (report.rows_loaded, report.rows_updated, report.rows_duplicate) == (1, 1, 5)
    lower = catalogued.sql("SELECT lower FROM quality_limit WHERE indicator = '放电容量' AND standard_id = 'T/TEST 1-2025'")
    assert lower.column(0).to_pylist() == [4850.0]


def test_failed_import_leaves_store_unchanged(catalogued: chainnav.Navigator, tmp_path: Path,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    import chainnav.standards.quality.importer as importer

    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("disk full")

    monkeypatch.setattr(importer, "_insert", broken)
    path = tmp_path / "tests.csv"
    shutil.copy(FIXTURES / "tests_small.csv", path)
    with pytest.raises(RuntimeError):
        import_tests(catalogued, path)
    assert catalogued.sql("SELECT count(*) FROM quality_test").column(0)[0].as_py() == 0
    status = catalogued.sql("SELECT status FROM load ORDER BY load_id DESC LIMIT 1").column(0)[0].as_py()
    assert status == "failed"
    monkeypatch.undo()
    assert import_tests(catalogued, path).rows_loaded == 7  # a failed load does not block a retry
