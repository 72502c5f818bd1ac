"""The illustrative quality sample shipped for the demo: fictional standards, limits and test results.

Everything here is made up, with a fixed seed, to show the comparison mechanics: the standards are
fictional (numbers ``T/DEMO …``, ``DEMOINTL …``, ``DEMOFRGN …``, titles saying so), the
enterprises are 示例企业A–F, and no value describes a real product, firm or standard.
``write_sample(folder)`` regenerates the shipped files byte for byte.
"""

from __future__ import annotations

import csv
import random
from pathlib import Path

SEED = 20261125
NOTE = "演示用虚构数据 illustrative fictional data"

# number, title_zh, title_en, level
STANDARDS = (
    ("T/DEMO 1-2025", "演示用虚构标准甲（质量比对示例，非真实标准）",
     "Fictional demo standard A (quality comparison example, not a real standard)", "group"),
    ("DEMOINTL 1:2025", "演示用虚构国际标准乙（质量比对示例，非真实标准）",
     "Fictional demo international standard B (quality comparison example, not a real standard)", "international"),
    ("DEMOFRGN 1-2025", "演示用虚构国外标准丙（质量比对示例，非真实标准）",
     "Fictional demo foreign standard C (quality comparison example, not a real standard)", "foreign"),
)

# standard, product, indicator, limit type, value, unit
LIMITS = (
    ("T/DEMO 1-2025", "无人机锂离子电池组", "放电容量", "min", "4800", "mAh"),
    ("DEMOINTL 1:2025", "无人机锂离子电池组", "放电容量", "min", "4.9", "Ah"),
    ("T/DEMO 1-2025", "无人机锂离子电池组", "最高表面温度", "max", "60", "°C"),
    ("DEMOINTL 1:2025", "无人机锂离子电池组", "最高表面温度", "max", "131", "°F"),
    ("T/DEMO 1-2025", "无人机锂离子电池组", "质量", "max", "500", "g"),
    ("DEMOINTL 1:2025", "无人机锂离子电池组", "质量", "max", "0.52", "kg"),
    ("T/DEMO 1-2025", "无人机锂离子电池组", "充电截止电压", "range", "4.10~4.25", "V"),
    ("DEMOINTL 1:2025", "无人机锂离子电池组", "充电截止电压", "range", "4150~4200", "mV"),
    ("T/DEMO 1-2025", "无人机锂离子电池组", "循环寿命", "min", "300", "次"),
    ("DEMOINTL 1:2025", "无人机锂离子电池组", "循环寿命", "min", "300", "cycles"),
    ("T/DEMO 1-2025", "多旋翼无人机", "续航时间", "min", "25", "min"),
    ("DEMOINTL 1:2025", "多旋翼无人机", "续航时间", "min", "0.5", "h"),
    ("T/DEMO 1-2025", "多旋翼无人机", "抗风能力", "min", "10.8", "m/s"),
    ("DEMOINTL 1:2025", "多旋翼无人机", "抗风能力", "min", "36", "km/h"),
    ("T/DEMO 1-2025", "", "噪声", "max", "85", "dB(A)"),
    ("DEMOFRGN 1-2025", "", "噪声", "max", "80", "dB(A)"),
)

ENTERPRISES = (("示例企业A", "CN-GD"), ("示例企业B", "CN-GD"), ("示例企业C", "CN-JS"),
               ("示例企业D", "CN-JS"), ("示例企业E", "CN-ZJ"), ("示例企业F", "CN-ZJ"))

# product, indicator, mean, spread, unit written by "odd" enterprises, conversion from the base unit
MEASURES = (
    ("无人机锂离子电池组", "放电容量", 4950.0, 90.0, "mAh", ("Ah", 0.001)),
    ("无人机锂离子电池组", "最高表面温度", 54.0, 3.0, "°C", ("°F", None)),
    ("无人机锂离子电池组", "质量", 495.0, 12.0, "g", ("kg", 0.001)),
    ("无人机锂离子电池组", "充电截止电压", 4.19, 0.02, "V", ("mV", 1000.0)),
    ("无人机锂离子电池组", "循环寿命", 420.0, 60.0, "次", ("次", 1.0)),
    ("无人机锂离子电池组", "噪声", 40.0, 2.0, "dB(A)", ("dB(A)", 1.0)),
    ("多旋翼无人机", "续航时间", 31.0, 3.0, "min", ("h", 1.0 / 60.0)),
    ("多旋翼无人机", "抗风能力", 10.9, 0.6, "m/s", ("km/h", 3.6)),
    ("多旋翼无人机", "噪声", 79.0, 2.5, "dB(A)", ("dB(A)", 1.0)),
)
BATCHES_PER_ENTERPRISE = 6


def _rows() -> tuple[list[list[str]], list[list[str]], list[list[str]]]:
    rng = random.Random(SEED)
    catalogue = [["标准号", "中文标准名称", "英文标准名称", "标准层级", "标准状态", "备注"]]
    catalogue += [[number, zh, en, level, "现行", NOTE] for number, zh, en, level in STANDARDS]
    limits = [["标准号", "产品", "指标", "限值类型", "限值", "单位", "备注"]]
    limits += [[*row, NOTE] for row in LIMITS]
    tests = [["产品", "企业", "地区", "批次", "指标", "实测值", "单位", "执行标准", "备注"]]
    for index, (enterprise, region) in enumerate(ENTERPRISES):
        odd_units = index % 2 == 1  # every other enterprise reports in other units, to exercise conversion
        for product in ("无人机锂离子电池组", "多旋翼无人机"):
            for batch in range(1, BATCHES_PER_ENTERPRISE + 1):
                batch_id = f"{enterprise[-1]}{'B' if product.startswith('无人机锂') else 'U'}{batch:03d}"
                for measured_product, indicator, mean, spread, unit, (other_unit, factor) in MEASURES:
                    if measured_product != product:
                        continue
                    value = rng.gauss(mean, spread)
                    if odd_units and other_unit != unit:
                        value = value * 9.0 / 5.0 + 32.0 if other_unit == "°F" else value * factor
                        shown_unit = other_unit
                    else:
                        shown_unit = unit
                    digits = 0 if indicator == "循环寿命" else 4
                    tests.append([product, enterprise, region, batch_id, indicator, f"{value:.{digits}f}",
                                  shown_unit, "T/DEMO 1-2025", NOTE])
    return catalogue, limits, tests


FILES = ("quality_standards_illustrative.csv", "quality_limits_illustrative.csv", "quality_tests_illustrative.csv")


def write_sample(folder: Path) -> list[Path]:
    """Write the three illustrative files into ``folder``; returns their paths."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for name, rows in zip(FILES, _rows(), strict=True):
        path = folder / name
        with path.open("w", encoding="utf-8", newline="") as handle:
            csv.writer(handle, lineterminator="\n").writerows(rows)
        paths.append(path)
    return paths
