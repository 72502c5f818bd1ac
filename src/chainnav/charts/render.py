"""Static rendering of chart options: SVG through ECharts in Node, PNG through headless Chromium.

The SVG comes from ECharts' own server-side renderer (``ssr.js`` beside this module loads the
packaged ``echarts.min.js``), so PDF and DOCX figures are drawn by the same library as the browser.
PNG (for DOCX, which cannot hold SVG through python-docx) is a screenshot of that SVG in Chromium,
which uses the system fonts (Noto CJK) for Chinese labels.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import json
import os
import shutil
import subprocess
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from chainnav.errors import ChainnavError
from chainnav.resources import ECHARTS_JS

SSR_SCRIPT = Path(__file__).with_name("ssr.js")
CHROMIUM_NAMES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")

Job = tuple[dict[str, Any], int, int]


def _node() -> str:
    node = os.environ.get("CHAINNAV_NODE") or shutil.which("node") or shutil.which("nodejs")
    if not node:
        raise ChainnavError(
            "Node.js is needed to draw charts for PDF and DOCX but was not found",
            hint="Install Node.js 18 or newer (Debian: apt-get install nodejs) or set CHAINNAV_NODE.",
        )
    return node


def _echarts() -> Path:
    if not ECHARTS_JS.exists():
        raise ChainnavError(
            f"ECharts is missing: {ECHARTS_JS}",
            hint="Run `make assets` (npm ci and copy echarts.min.js into the package).",
        )
    return ECHARTS_JS


def render_svgs(jobs: Sequence[Job]) -> list[str]:
    """SVG strings for many ``(option, width, height)`` jobs in one Node process."""
    if not jobs:
        return []
    payload = {
        "echarts": str(_echarts()),
        "jobs": [
            {"option": option, "width": int(width), "height": int(height)} for option, width, height in jobs
        ],
    }
    try:
        done = subprocess.run(
            [_node(), str(SSR_SCRIPT)],
            input=json.dumps(payload, ensure_ascii=False, default=str).encode("utf-8"),
            capture_output=True,
            timeout=300,
            check=False,
        )
    except subprocess.TimeoutExpired as exc:
        raise ChainnavError("chart rendering in Node took more than 5 minutes") from exc
    if done.returncode != 0:
        raise ChainnavError(
            "chart rendering in Node failed: " + done.stderr.decode("utf-8", "replace").strip()[-800:],
            hint="Check that echarts.min.js is ECharts 5.3 or newer (server-side rendering).",
        )
    return json.loads(done.stdout.decode("utf-8"))


def render_svg(option: dict[str, Any], width: int = 800, height: int = 400) -> str:
    """One chart option as an SVG document string."""
    return render_svgs([(option, width, height)])[0]


def chromium_path() -> str | None:
    """The Chromium (or Chrome) executable used for PNG rendering, or None to use Playwright's own."""
    env = os.environ.get("CHAINNAV_CHROMIUM")
    if env:
        return env
    for name in CHROMIUM_NAMES:
        found = shutil.which(name)
        if found:
            return found
    return None


def _screenshot(svgs: Sequence[tuple[str, int, int]], scale: float) -> list[bytes]:
    from playwright.sync_api import Error as PlaywrightError
    from playwright.sync_api import sync_playwright

    executable = chromium_path()
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=executable, args=["--no-sandbox"])
            try:
                page = browser.new_page(device_scale_factor=scale)
                images = []
                for svg, width, height in svgs:
                    page.set_viewport_size({"width": int(width), "height": int(height)})
                    page.set_content(
                        "<!doctype html><html><head><meta charset='utf-8'>"
                        "<style>html,body{margin:0;padding:0;background:#fff}</style></head>"
                        f"<body>{svg}</body></html>"
                    )
                    images.append(
                        page.screenshot(clip={"x": 0, "y": 0, "width": int(width), "height": int(height)})
                    )
                return images
            finally:
                browser.close()
    except PlaywrightError as exc:
        raise ChainnavError(
            f"Chromium could not render chart images: {str(exc).splitlines()[0]}",
            hint="Install Chromium (Debian: apt-get install chromium, or `make system-deps`) "
            "or set CHAINNAV_CHROMIUM to a Chrome/Chromium executable.",
        ) from exc


def svgs_to_pngs(svgs: Sequence[tuple[str, int, int]], *, scale: float = 2.0) -> list[bytes]:
    """PNG bytes for ``(svg, width, height)`` items, drawn by one headless Chromium at ``scale``×."""
    if not svgs:
        return []
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return _screenshot(svgs, scale)
    # Playwright's sync API refuses to run inside an event loop (e.g. a web request): use a thread.
    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(_screenshot, svgs, scale).result()


def render_pngs(jobs: Sequence[Job], *, scale: float = 2.0) -> list[bytes]:
    """PNG bytes for many ``(option, width, height)`` jobs."""
    svgs = render_svgs(jobs)
    return svgs_to_pngs([(svg, w, h) for svg, (_, w, h) in zip(svgs, jobs, strict=True)], scale=scale)


def render_png(option: dict[str, Any], width: int = 800, height: int = 400, *, scale: float = 2.0) -> bytes:
    """One chart option as PNG bytes."""
    return render_pngs([(option, width, height)], scale=scale)[0]
