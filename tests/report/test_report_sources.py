"""The source line of patent figures names the patent exports, not standards or quality files."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

import pyarrow as pa

from chainnav.report.common import source_text
from chainnav.report.strings import Texts


def report_data(lang: str) -> SimpleNamespace:
    loads = pa.table(
        {
            "file_name": ["lens_drones_9071.csv.gz", "catalogue_cn.csv", "quality_tests.csv", "old.csv"],
            "format": ["lens", "standards-cn", "quality-tests", "lens"],
            "status": ["loaded", "loaded", "loaded", "skipped"],
        }
    )
    return SimpleNamespace(
        loads=loads,
        lang=lang,
        chain_id="uav",
        chain={"version": "2026.2"},
        view=SimpleNamespace(context=SimpleNamespace(as_of=dt.date(2017, 12, 28))),
    )


def test_source_line_lists_only_loaded_patent_files():
    assert source_text(report_data("en"), Texts("en")) == (
        "lens_drones_9071.csv.gz; chainnav analysis (chain uav 2026.2, data cut-off 2017-12-28)"
    )


def test_source_line_in_chinese():
    text = source_text(report_data("zh"), Texts("zh"))
    assert text.startswith("lens_drones_9071.csv.gz；chainnav 统计") and "catalogue" not in text
