"""Paths of files that ship inside the package (demo data, chain YAML, static assets)."""

from __future__ import annotations

from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
DEMO_DATA = PACKAGE_DIR / "data" / "demo" / "lens_drones_9071.csv.gz"
STATIC_DIR = PACKAGE_DIR / "static"
ECHARTS_JS = STATIC_DIR / "vendor" / "echarts.min.js"
CHAINS_DIR = PACKAGE_DIR / "chains" / "data"
