"""ECharts option builders: pure functions from a table (Arrow, pandas or rows) to an option dict.

The report (HTML, PDF, DOCX) and the web platform draw every chart from these functions, so a chart
looks the same everywhere. Options are plain JSON-serialisable dicts (no JavaScript functions), which
is what lets the same option render interactively in a browser and statically in Node.
"""

from __future__ import annotations

import math
import unicodedata
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

import pyarrow as pa

Option = dict[str, Any]
TableLike = Any  # pa.Table | pandas.DataFrame | Sequence[Mapping[str, Any]]

FONT_FAMILY = "'Noto Sans CJK SC', 'Noto Sans SC', 'Source Han Sans SC', 'Microsoft YaHei', sans-serif"
PALETTE = [
    "#2f5d9e",
    "#e07b39",
    "#3a9d6a",
    "#c2464a",
    "#7b5ea7",
    "#8c6d3f",
    "#d16ba5",
    "#6b7b8c",
    "#b5a33a",
    "#2aa3b8",
]
SEGMENTS = ("upstream", "midstream", "downstream")
SEGMENT_NAMES = {
    "zh": {"upstream": "上游", "midstream": "中游", "downstream": "下游"},
    "en": {"upstream": "Upstream", "midstream": "Midstream", "downstream": "Downstream"},
}
OTHER_NAMES = {"zh": "其他", "en": "Other"}
# Sequential colour ramp (low → high) for a node metric on the chain map and for heat maps: pale
# yellow to dark red, distinguishable in print and without a grey middle.
RAMP = ("#fee8b0", "#fdae61", "#f46d43", "#d73027", "#a50026")


def records(table: TableLike) -> list[dict[str, Any]]:
    """Rows of an Arrow table, pandas DataFrame or sequence of mappings as plain dicts."""
    if table is None:
        return []
    if isinstance(table, pa.Table):
        return table.to_pylist()
    if hasattr(table, "to_dict") and hasattr(table, "columns"):
        return [dict(row) for row in table.to_dict(orient="records")]
    return [dict(row) for row in table]


def number(value: Any) -> float | int | None:
    """A JSON number for ECharts (Decimal, numpy scalars and NaN handled); None when missing."""
    if value is None:
        return None
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, int):
        return value
    if isinstance(value, Decimal):
        value = float(value)
    try:
        result = float(value)
    except (TypeError, ValueError):
        return None
    if math.isnan(result) or math.isinf(result):
        return None
    return int(result) if result.is_integer() and abs(result) < 2**53 else result


def label_text(value: Any) -> str:
    return "" if value is None else str(value)


def base_option(title: str | None = None, subtitle: str | None = None) -> Option:
    """What every chart shares: palette, CJK-capable font, a title and a white background."""
    option: Option = {
        "color": list(PALETTE),
        "backgroundColor": "#ffffff",
        "textStyle": {"fontFamily": FONT_FAMILY},
        "tooltip": {"confine": True},
    }
    if title or subtitle:
        option["title"] = {
            "text": title or "",
            "subtext": subtitle or "",
            "left": "center",
            "textStyle": {"fontSize": 15, "fontFamily": FONT_FAMILY},
            "subtextStyle": {"fontFamily": FONT_FAMILY},
        }
    return option


def _top_padding(title: str | None, subtitle: str | None, legend: bool) -> int:
    return 20 + (30 if title else 0) + (18 if subtitle else 0) + (28 if legend else 0)


def _sorted_unique(values: Sequence[Any]) -> list[Any]:
    unique = {v for v in values if v is not None}
    try:
        return sorted(unique)
    except TypeError:
        return sorted(unique, key=str)


def _series_order(rows: list[dict[str, Any]], key: str, value: str) -> list[Any]:
    """Series keys ordered by their total, largest first (so legends and stacks read by weight)."""
    totals: dict[Any, float] = {}
    for row in rows:
        totals[row.get(key)] = totals.get(row.get(key), 0.0) + (number(row.get(value)) or 0)
    return sorted(totals, key=lambda k: (-totals[k], str(k)))


def _fold_series(
    rows: list[dict[str, Any]], key: str, value: str, top: int | None, other: str
) -> list[dict[str, Any]]:
    """Keep the ``top`` series keys by total and relabel the rest as ``other``."""
    order = _series_order(rows, key, value)
    if top is None or len(order) <= top:
        return rows
    keep = set(order[:top])
    return [row if row.get(key) in keep else {**row, key: other} for row in rows]


def trend_line(
    table: TableLike,
    *,
    x: str,
    y: str,
    series: str | None = None,
    title: str | None = None,
    subtitle: str | None = None,
    x_name: str | None = None,
    y_name: str | None = None,
    top: int | None = 8,
    other: str = OTHER_NAMES["zh"],
    area: bool = False,
) -> Option:
    """Values over an ordered x (usually years), one line per ``series`` value (largest ``top``)."""
    rows = records(table)
    if series:
        rows = _fold_series(rows, series, y, top, other)
    xs = _sorted_unique([row.get(x) for row in rows])
    keys = _series_order(rows, series, y) if series else [None]
    lines = []
    for key in keys:
        values: dict[Any, float] = {}
        for row in rows:
            if series and row.get(series) != key:
                continue
            v = number(row.get(y))
            if v is not None:
                values[row.get(x)] = values.get(row.get(x), 0) + v
        line: Option = {
            "name": label_text(key) if series else (y_name or y),
            "type": "line",
            "symbolSize": 5,
            "data": [number(values.get(v)) if v in values else 0 for v in xs],
        }
        if area:
            line["areaStyle"] = {"opacity": 0.15}
        lines.append(line)
    option = base_option(title, subtitle)
    option.update(
        {
            "tooltip": {"trigger": "axis", "confine": True},
            "grid": {
                "left": 60,
                "right": 30,
                "top": _top_padding(title, subtitle, bool(series)),
                "bottom": 40,
            },
            "xAxis": {
                "type": "category",
                "data": [label_text(v) for v in xs],
                "name": x_name or "",
                "boundaryGap": False,
            },
            "yAxis": {"type": "value", "name": y_name or ""},
            "series": lines,
        }
    )
    if series:
        option["legend"] = {"top": 20 + (30 if title else 0) + (18 if subtitle else 0), "type": "scroll"}
    return option


def ranking_bar(
    table: TableLike,
    *,
    label: str,
    value: str,
    top: int = 10,
    title: str | None = None,
    subtitle: str | None = None,
    value_name: str | None = None,
    color: str | None = None,
) -> Option:
    """Horizontal bars of the ``top`` largest values, largest at the top, values printed at the bar end."""
    rows = [row for row in records(table) if number(row.get(value)) is not None]
    rows.sort(key=lambda row: -(number(row.get(value)) or 0))
    rows = rows[:top]
    names = [label_text(row.get(label)) for row in rows]
    option = base_option(title, subtitle)
    longest = max((len(n) for n in names), default=4)
    option.update(
        {
            "tooltip": {"trigger": "axis", "axisPointer": {"type": "shadow"}, "confine": True},
            "grid": {
                "left": 10,
                "right": 60,
                "top": _top_padding(title, subtitle, False),
                "bottom": 36 if value_name else 20,
                "containLabel": True,
            },
            "xAxis": {"type": "value", "name": value_name or "", "nameLocation": "middle", "nameGap": 26},
            "yAxis": {
                "type": "category",
                "inverse": True,
                "data": names,
                "axisLabel": {"width": min(260, 14 * longest), "overflow": "truncate"},
            },
            "series": [
                {
                    "type": "bar",
                    "name": value_name or value,
                    "data": [number(row.get(value)) for row in rows],
                    "label": {"show": True, "position": "right"},
                    "barMaxWidth": 22,
                    **({"itemStyle": {"color": color}} if color else {}),
                }
            ],
        }
    )
    return option


def share_pie(
    table: TableLike,
    *,
    label: str,
    value: str,
    top: int = 8,
    other: str = OTHER_NAMES["zh"],
    title: str | None = None,
    subtitle: str | None = None,
    donut: bool = True,
) -> Option:
    """Shares of a whole: the ``top`` largest slices and the rest summed into ``other``."""
    rows = [row for row in records(table) if (number(row.get(value)) or 0) > 0]
    rows.sort(key=lambda row: -(number(row.get(value)) or 0))
    data = [{"name": label_text(row.get(label)), "value": number(row.get(value))} for row in rows[:top]]
    rest = sum(number(row.get(value)) or 0 for row in rows[top:])
    if rest:
        data.append({"name": other, "value": number(rest)})
    option = base_option(title, subtitle)
    option.update(
        {
            "tooltip": {"trigger": "item", "formatter": "{b}: {c} ({d}%)", "confine": True},
            "legend": {"type": "scroll", "orient": "vertical", "right": 10, "top": "middle"},
            "series": [
                {
                    "type": "pie",
                    "radius": ["38%", "68%"] if donut else "68%",
                    "center": ["40%", "56%" if title else "50%"],
                    "data": data,
                    "label": {"formatter": "{b}\n{d}%"},
                }
            ],
        }
    )
    return option


def stacked_bar(
    table: TableLike,
    *,
    x: str,
    y: str,
    stack: str,
    top: int | None = 8,
    other: str = OTHER_NAMES["zh"],
    title: str | None = None,
    subtitle: str | None = None,
    x_name: str | None = None,
    y_name: str | None = None,
    percent: bool = False,
) -> Option:
    """Bars per ``x`` stacked by ``stack`` (largest ``top`` stacks, rest folded); ``percent`` makes each bar 100."""
    rows = _fold_series(records(table), stack, y, top, other)
    xs = _sorted_unique([row.get(x) for row in rows])
    keys = _series_order(rows, stack, y)
    cells: dict[tuple[Any, Any], float] = {}
    for row in rows:
        v = number(row.get(y)) or 0
        cells[(row.get(x), row.get(stack))] = cells.get((row.get(x), row.get(stack)), 0) + v
    totals = {xv: sum(cells.get((xv, k), 0) for k in keys) for xv in xs}
    series = []
    for key in keys:
        data = []
        for xv in xs:
            v = cells.get((xv, key), 0)
            data.append(number(round(100 * v / totals[xv], 2)) if percent and totals[xv] else number(v))
        series.append(
            {"name": label_text(key), "type": "bar", "stack": "total", "data": data, "barMaxWidth": 36}
        )
    option = base_option(title, subtitle)
    option.update(
        {
            "tooltip": {"trigger": "axis", "axisPointer": {"type": "shadow"}, "confine": True},
            "legend": {"type": "scroll", "top": 20 + (30 if title else 0) + (18 if subtitle else 0)},
            "grid": {"left": 60, "right": 30, "top": _top_padding(title, subtitle, True), "bottom": 40},
            "xAxis": {"type": "category", "data": [label_text(v) for v in xs], "name": x_name or ""},
            "yAxis": {
                "type": "value",
                "name": y_name or ("%" if percent else ""),
                **({"max": 100} if percent else {}),
            },
            "series": series,
        }
    )
    return option


def heatmap(
    table: TableLike,
    *,
    x: str,
    y: str,
    value: str,
    title: str | None = None,
    subtitle: str | None = None,
    x_order: Sequence[Any] | None = None,
    y_order: Sequence[Any] | None = None,
    value_name: str | None = None,
) -> Option:
    """A grid of ``value`` by ``x`` and ``y`` (e.g. node × year, country × node) with a colour scale."""
    rows = records(table)
    xs = list(x_order) if x_order is not None else _sorted_unique([row.get(x) for row in rows])
    ys = list(y_order) if y_order is not None else _sorted_unique([row.get(y) for row in rows])
    x_index = {v: i for i, v in enumerate(xs)}
    y_index = {v: i for i, v in enumerate(ys)}
    data = []
    for row in rows:
        if row.get(x) in x_index and row.get(y) in y_index:
            data.append([x_index[row.get(x)], y_index[row.get(y)], number(row.get(value))])
    values = [d[2] for d in data if d[2] is not None]
    option = base_option(title, subtitle)
    option.update(
        {
            "tooltip": {"position": "top", "confine": True},
            "grid": {
                "left": 10,
                "right": 20,
                "top": _top_padding(title, subtitle, False),
                "bottom": 70,
                "containLabel": True,
            },
            "xAxis": {"type": "category", "data": [label_text(v) for v in xs], "splitArea": {"show": True}},
            "yAxis": {"type": "category", "data": [label_text(v) for v in ys], "splitArea": {"show": True}},
            "visualMap": {
                "min": min(values, default=0),
                "max": max(values, default=1),
                "calculable": True,
                "orient": "horizontal",
                "left": "center",
                "bottom": 5,
                "text": [value_name or "", ""],
                "inRange": {"color": list(RAMP)},
            },
            "series": [
                {
                    "type": "heatmap",
                    "name": value_name or value,
                    "data": data,
                    "label": {"show": len(data) <= 120},
                }
            ],
        }
    )
    return option


def lifecycle_curve(
    table: TableLike,
    *,
    x: str,
    y: str,
    label: str,
    title: str | None = None,
    subtitle: str | None = None,
    x_name: str | None = None,
    y_name: str | None = None,
) -> Option:
    """The technology life-cycle path: one point per period (x = filings, y = applicants), joined in order."""
    rows = sorted(records(table), key=lambda row: (row.get(label) is None, row.get(label)))
    data = [[number(row.get(x)), number(row.get(y)), label_text(row.get(label))] for row in rows]
    option = base_option(title, subtitle)
    option.update(
        {
            "tooltip": {"trigger": "item", "confine": True},
            "grid": {"left": 60, "right": 40, "top": _top_padding(title, subtitle, False), "bottom": 45},
            "xAxis": {
                "type": "value",
                "name": x_name or x,
                "nameLocation": "middle",
                "nameGap": 28,
                "scale": True,
            },
            "yAxis": {"type": "value", "name": y_name or y, "scale": True},
            "series": [
                {
                    "type": "line",
                    "data": data,
                    "symbolSize": 7,
                    "label": {"show": True, "formatter": "{@[2]}", "position": "top", "fontSize": 10},
                    "encode": {"x": 0, "y": 1, "tooltip": [2, 0, 1]},
                }
            ],
        }
    )
    return option


def _scale(value: float | None, low: float, high: float, small: float, large: float) -> float:
    if value is None:
        return small
    if high <= low:
        return (small + large) / 2
    return small + (large - small) * math.sqrt(max(0.0, (value - low) / (high - low)))


def ramp_colour(share: float) -> str:
    """A colour on ``RAMP`` for a position 0-1 (linear between the stops)."""
    share = min(1.0, max(0.0, share))
    position = share * (len(RAMP) - 1)
    i = min(int(position), len(RAMP) - 2)
    t = position - i
    a, b = RAMP[i], RAMP[i + 1]
    channels = [round(int(a[k : k + 2], 16) * (1 - t) + int(b[k : k + 2], 16) * t) for k in (1, 3, 5)]
    return "#" + "".join(f"{c:02x}" for c in channels)


def clip(text: str, width: int = 30) -> str:
    """``text`` cut to about ``width`` Latin characters (a CJK character counts as two), with "…"."""
    used = 0
    for index, char in enumerate(text):
        used += 2 if unicodedata.east_asian_width(char) in ("W", "F") else 1
        if used > width:
            return text[:index].rstrip(" ,;") + "…"
    return text


def _hidden_axes(x_range: tuple[float, float], y_range: tuple[float, float], *, inverse_y: bool) -> Option:
    """Invisible value axes: graphs placed on a grid keep round symbols and fill any width."""
    hidden = {"show": False, "type": "value", "splitLine": {"show": False}}
    return {
        "xAxis": {**hidden, "min": x_range[0], "max": x_range[1]},
        "yAxis": {**hidden, "min": y_range[0], "max": y_range[1], "inverse": inverse_y},
    }


def _tile(
    graph: Any, groups: list[list[Any]], box: tuple[float, float, float, float], seed: int
) -> dict[Any, tuple[float, float]]:
    """Spring layouts of ``groups`` on a grid of equal tiles inside ``box`` = (x0, y0, x1, y1)."""
    import networkx as nx

    x0, y0, x1, y1 = box
    columns = math.ceil(math.sqrt(len(groups)))
    rows = math.ceil(len(groups) / columns)
    width, height = (x1 - x0) / columns, (y1 - y0) / rows
    positions: dict[Any, tuple[float, float]] = {}
    for index, members in enumerate(groups):
        sub = graph.subgraph(members)
        local = nx.spring_layout(sub, seed=seed) if len(members) > 1 else {members[0]: (0.0, 0.0)}
        centre_x = x0 + width * (index % columns + 0.5)
        centre_y = y1 - height * (index // columns + 0.5)
        for node, (px, py) in local.items():
            positions[node] = (centre_x + float(px) * 0.4 * width, centre_y + float(py) * 0.4 * height)
    return positions


def packed_layout(graph: Any, *, seed: int = 7) -> dict[Any, tuple[float, float]]:
    """Positions in [-1, 1]² with each connected component laid out on its own tile.

    A single spring layout pushes separate components to the edges and crushes the largest one
    into the middle; tiling keeps every team or cluster readable. A component holding a third of
    the nodes or more gets the left 60 % of the area to itself.
    """
    import networkx as nx

    components = sorted(
        (sorted(c, key=str) for c in nx.connected_components(graph)), key=lambda c: (-len(c), str(c[0]))
    )
    if not components:
        return {}
    main = components[0]
    if len(components) > 1 and 3 * len(main) >= graph.number_of_nodes():
        positions = _tile(graph, [main], (-1.0, -1.0, 0.2, 1.0), seed)
        positions.update(_tile(graph, components[1:], (0.2, -1.0, 1.0, 1.0), seed))
        return positions
    return _tile(graph, components, (-1.0, -1.0, 1.0, 1.0), seed)


def network_graph(
    nodes: TableLike,
    edges: TableLike,
    *,
    node_id: str = "id",
    node_label: str = "label",
    node_size: str | None = "value",
    node_category: str | None = None,
    source: str = "source",
    target: str = "target",
    weight: str | None = "weight",
    title: str | None = None,
    subtitle: str | None = None,
    labels: int = 15,
    seed: int = 7,
) -> Option:
    """A collaboration network with positions fixed by a seeded spring layout.

    The layout is computed here (networkx, fixed seed) rather than by ECharts' force simulation, so
    the browser, the PDF and the DOCX show the same picture. The ``labels`` largest nodes are named.
    """
    import networkx as nx

    node_rows = records(nodes)
    edge_rows = records(edges)
    graph = nx.Graph()
    for row in node_rows:
        graph.add_node(row[node_id])
    kept_edges = [row for row in edge_rows if row.get(source) in graph and row.get(target) in graph]
    for row in kept_edges:
        graph.add_edge(row[source], row[target], weight=(number(row.get(weight)) or 1) if weight else 1)
    positions = packed_layout(graph, seed=seed)
    sizes = [number(row.get(node_size)) or 0 for row in node_rows] if node_size else []
    low, high = (min(sizes), max(sizes)) if sizes else (0, 0)
    by_size = sorted(node_rows, key=lambda r: -(number(r.get(node_size)) or 0)) if node_size else node_rows
    named = {row[node_id] for row in by_size[:labels]}
    categories = _sorted_unique([row.get(node_category) for row in node_rows]) if node_category else []
    category_index = {c: i for i, c in enumerate(categories)}
    data = []
    for row in node_rows:
        px, py = positions.get(row[node_id], (0.0, 0.0))
        size = number(row.get(node_size)) if node_size else None
        item: Option = {
            "id": label_text(row[node_id]),
            "name": label_text(row.get(node_label, row[node_id])),
            "value": [round(float(px), 4), round(float(py), 4)],
            "symbolSize": round(_scale(size, low, high, 6, 36), 1),
            "label": {"show": row[node_id] in named},
            "tooltip": {
                "formatter": label_text(row.get(node_label, row[node_id]))
                + (f": {size:,}" if size is not None else "")
            },
        }
        if node_category:
            item["category"] = category_index.get(row.get(node_category), 0)
        data.append(item)
    top_weight = max(((number(row.get(weight)) or 1) if weight else 1 for row in kept_edges), default=1) or 1
    links = [
        {
            "source": label_text(row[source]),
            "target": label_text(row[target]),
            "lineStyle": {
                "width": round(0.5 + 3.5 * ((number(row.get(weight)) or 1) if weight else 1) / top_weight, 2)
            },
        }
        for row in kept_edges
    ]
    option = base_option(title, subtitle)
    legend_top = 20 + (30 if title else 0) + (18 if subtitle else 0)
    series: Option = {
        "type": "graph",
        "coordinateSystem": "cartesian2d",
        "data": data,
        "links": links,
        "label": {"position": "right", "fontSize": 10},
        "lineStyle": {"color": "#8a96a3", "opacity": 0.5, "curveness": 0.1},
        "emphasis": {"focus": "adjacency"},
    }
    if categories:
        series["categories"] = [{"name": label_text(c)} for c in categories]
        option["legend"] = {"top": legend_top, "data": [label_text(c) for c in categories]}
    option.update(
        {
            "tooltip": {"trigger": "item", "confine": True},
            "grid": {
                "left": 30,
                "right": 110,
                "top": _top_padding(title, subtitle, bool(categories)) + 10,
                "bottom": 25,
            },
            **_hidden_axes((-1.05, 1.05), (-1.05, 1.05), inverse_y=False),
            "series": [series],
        }
    )
    return option


def chain_map(
    nodes: TableLike,
    *,
    node_id: str = "node_id",
    name: str = "name",
    segment: str = "segment",
    parent: str | None = "parent_id",
    value: str = "patents",
    colour_by: str | None = None,
    colour_name: str | None = None,
    colour_percent: bool = False,
    lang: str = "zh",
    title: str | None = None,
    subtitle: str | None = None,
) -> Option:
    """The chain map: upstream → midstream → downstream columns of nodes with their patent counts.

    Node size follows ``value`` (e.g. filings); node colour follows ``colour_by`` when given (e.g. local
    share or chokepoint score, scaled between its minimum and maximum; grey when unknown; printed as a
    percentage with ``colour_percent``) and the segment otherwise. Each segment has a header, and arrows join the headers in chain order; child
    nodes sit indented under their parent.
    """
    rows = records(nodes)
    names = SEGMENT_NAMES.get(lang, SEGMENT_NAMES["en"])
    by_segment: dict[str, list[dict[str, Any]]] = {s: [] for s in SEGMENTS}
    for row in rows:
        by_segment.setdefault(str(row.get(segment) or "midstream"), []).append(row)
    segments = [s for s in by_segment if by_segment[s]] or list(SEGMENTS)

    children: dict[Any, list[dict[str, Any]]] = {}
    for row in rows:
        children.setdefault(row.get(parent) if parent else None, []).append(row)

    def ordered(seg_rows: list[dict[str, Any]]) -> list[tuple[dict[str, Any], int]]:
        """Depth-first order within a segment so children sit right under their parent."""
        in_seg = {r[node_id] for r in seg_rows}
        roots = [r for r in seg_rows if not (parent and r.get(parent) in in_seg)]
        out: list[tuple[dict[str, Any], int]] = []

        def visit(row: dict[str, Any], depth: int) -> None:
            out.append((row, depth))
            for child in children.get(row[node_id], []):
                if child[node_id] in in_seg and child is not row:
                    visit(child, depth + 1)

        for root in roots:
            visit(root, 0)
        return out

    values = [number(row.get(value)) or 0 for row in rows]
    low, high = (min(values), max(values)) if values else (0, 0)
    colours = [number(row.get(colour_by)) for row in rows] if colour_by else []
    c_known = [c for c in colours if c is not None]
    c_low, c_high = (min(c_known), max(c_known)) if c_known else (0, 0)

    def show(x: float) -> str:
        if colour_percent:
            return f"{100 * x:.1f}%"
        return f"{x:,.1f}" if abs(x) >= 10 else f"{x:.3g}"

    data: list[Option] = []
    links: list[Option] = []
    deepest = 1
    for column, seg in enumerate(segments):
        header_id = f"segment:{seg}"
        data.append(
            {
                "id": header_id,
                "name": names.get(seg, seg),
                "value": [column, 0],
                "symbol": "roundRect",
                "symbolSize": [110, 30],
                "itemStyle": {"color": "#34495e"},
                "label": {
                    "show": True,
                    "position": "inside",
                    "color": "#ffffff",
                    "fontSize": 14,
                    "fontWeight": "bold",
                },
                "tooltip": {"show": False},
            }
        )
        if column:
            links.append(
                {
                    "source": f"segment:{segments[column - 1]}",
                    "target": header_id,
                    "symbol": ["none", "arrow"],
                    "symbolSize": [0, 12],
                    "lineStyle": {"width": 3, "color": "#34495e", "curveness": 0, "opacity": 1},
                }
            )
        column_rows = ordered(by_segment[seg])
        deepest = max(deepest, len(column_rows))
        for position, (row, depth) in enumerate(column_rows, start=1):
            v = number(row.get(value)) or 0
            label = label_text(row.get(name) or row[node_id])
            item: Option = {
                "id": label_text(row[node_id]),
                "name": label,
                "value": [column - 0.3 + 0.07 * depth, position],
                "symbolSize": round(_scale(v, low, high, 9, 30), 1),
                # long names would run into the next column: cut them (the tooltip has them whole)
                "label": {
                    "show": True,
                    "position": "right",
                    "formatter": f"{clip(label)}  {v:,}",
                    "fontSize": 11,
                },
                "tooltip": {"formatter": f"{label}: {v:,}"},
            }
            if colour_by:
                c = number(row.get(colour_by))
                share = 0.5 if c is None or c_high <= c_low else (c - c_low) / (c_high - c_low)
                item["itemStyle"] = {"color": "#c8c8c8" if c is None else ramp_colour(share)}
                if c is not None:
                    item["tooltip"] = {"formatter": f"{label}: {v:,} · {colour_name or colour_by} {show(c)}"}
            else:
                item["itemStyle"] = {"color": PALETTE[column % len(PALETTE)]}
            data.append(item)
    subtitle = subtitle or (
        f"{colour_name or colour_by}: {show(c_low)} – {show(c_high)}" if c_known else None
    )
    option = base_option(title, subtitle)
    option.update(
        {
            "tooltip": {"trigger": "item", "confine": True},
            "grid": {"left": 20, "right": 20, "top": _top_padding(title, subtitle, False), "bottom": 10},
            **_hidden_axes((-0.45, len(segments) - 0.35), (-0.6, deepest + 0.6), inverse_y=True),
            "series": [
                {
                    "type": "graph",
                    "coordinateSystem": "cartesian2d",
                    "data": data,
                    "links": links,
                    "lineStyle": {"opacity": 0.6},
                }
            ],
        }
    )
    return option


def chain_map_height(nodes: TableLike, segment: str = "segment") -> int:
    """A figure height (px) that gives every node of the tallest segment column room for its label."""
    counts: dict[Any, int] = {}
    for row in records(nodes):
        counts[row.get(segment)] = counts.get(row.get(segment), 0) + 1
    return max(320, 120 + 30 * (max(counts.values(), default=1) + 1))
