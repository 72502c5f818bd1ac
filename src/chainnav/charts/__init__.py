"""One ECharts option builder for the report and the web platform, plus static SVG/PNG rendering.

>>> option = ranking_bar([{"name": "DJI", "n": 120}, {"name": "Parrot", "n": 40}], label="name", value="n")
>>> option["yAxis"]["data"], option["series"][0]["data"]
(['DJI', 'Parrot'], [120, 40])
"""

from chainnav.charts.options import (
    FONT_FAMILY,
    PALETTE,
    SEGMENT_NAMES,
    chain_map,
    chain_map_height,
    heatmap,
    lifecycle_curve,
    network_graph,
    ranking_bar,
    records,
    share_pie,
    stacked_bar,
    trend_line,
)
from chainnav.charts.render import render_png, render_pngs, render_svg, render_svgs, svgs_to_pngs

__all__ = [
    "FONT_FAMILY",
    "PALETTE",
    "SEGMENT_NAMES",
    "chain_map",
    "chain_map_height",
    "heatmap",
    "lifecycle_curve",
    "network_graph",
    "ranking_bar",
    "records",
    "render_png",
    "render_pngs",
    "render_svg",
    "render_svgs",
    "share_pie",
    "stacked_bar",
    "svgs_to_pngs",
    "trend_line",
]
