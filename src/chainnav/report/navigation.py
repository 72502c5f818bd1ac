"""The industry-planning patent navigation report (产业规划类专利导航报告, after GB/T 39551-2020).

Chapters: summary (findings and recommendations), chain and nodes, global landscape, region against
the world, node by node, key players, talent, chain security, risk warning, standards linkage (when
that module exists) and methods and data. Every sentence that states a finding carries the number it
rests on, and that number appears in a table or figure of the chapter it comes from.
"""

from __future__ import annotations

from typing import Any

from chainnav import charts
from chainnav.report import common
from chainnav.report.blocks import join_names, num, pct, rows_of, table_from_rows
from chainnav.report.data import ReportData
from chainnav.report.model import FigureBlock, Report, Section, TableBlock
from chainnav.report.strings import Texts

TOP_COUNTRIES = 10
TOP_APPLICANTS = 20
TOP_NODE_PLAYERS = 3
TOP_SECURITY = 10
LOW_DATA_MARK = " †"  # after a node name in the chokepoint ranking: too few filings to rely on


def chain_section(data: ReportData, t: Texts, found: common.Findings) -> Section:
    lang = data.lang
    nodes = rows_of(data.nodes)
    total = common.chain_units(data)
    counted = [n for n in nodes if (n.get("units") or 0) > 0]
    by_segment: dict[str, int] = {}
    for node in nodes:
        by_segment[node["segment"]] = by_segment.get(node["segment"], 0) + 1
    local = {r["node_id"]: r for r in rows_of(data.indicator("local_share", by="node"))}
    map_rows = [
        {
            "node_id": n["node_id"],
            "name": n.get(f"name_{lang}") or n["node_id"],
            "segment": n["segment"],
            "parent_id": n.get("parent_id"),
            "units": n.get("units") or 0,
            "local_share": (local.get(n["node_id"]) or {}).get("local_share"),
        }
        for n in nodes
    ]
    biggest = max(counted, key=lambda n: n.get("units") or 0) if counted else None
    paragraphs = [
        t(
            "chain.intro",
            chain=data.chain_name,
            nodes=num(len(nodes), lang),
            up=num(by_segment.get("upstream", 0), lang),
            mid=num(by_segment.get("midstream", 0), lang),
            down=num(by_segment.get("downstream", 0), lang),
            version=data.chain.get("version") or "",
        ),
        t(
            "chain.units",
            total=num(total, lang),
            unit=common.unit_name(data, t),
            counted=num(len(counted), lang),
        ),
    ]
    if biggest:
        paragraphs.append(
            t(
                "chain.biggest",
                node=biggest.get(f"name_{lang}") or biggest["node_id"],
                units=num(biggest["units"], lang),
                share=pct(biggest.get("share"), lang),
            )
        )
        found.findings.append(
            t(
                "find.biggest_node",
                node=biggest.get(f"name_{lang}") or biggest["node_id"],
                units=num(biggest["units"], lang),
                share=pct(biggest.get("share"), lang),
            )
        )
    found.figure(t("kf.chain_units"), num(total, lang), t("chain.title"))
    found.figure(t("kf.nodes"), num(len(nodes), lang), t("chain.title"))
    option = charts.chain_map(
        map_rows,
        value="units",
        colour_by="local_share",
        colour_name=t("col.local_share"),
        colour_percent=True,
        lang=lang,
    )
    figure = FigureBlock(
        caption=t("fig.chain_map", chain=data.chain_name, region=data.region),
        source=common.source_text(data, t),
        option=option,
        height=charts.chain_map_height(map_rows),
    )
    depths = common.node_depths(nodes)
    table_rows = [
        {
            "name": "　" * depths[n["node_id"]] + (n.get(f"name_{lang}") or n["node_id"]),
            "segment": t(f"segment.{n['segment']}"),
            "units": n.get("units") or 0,
            "share": n.get("share"),
            "local_share": (local.get(n["node_id"]) or {}).get("local_share"),
        }
        for n in nodes
    ]
    table = TableBlock(
        caption=t("tab.nodes", chain=data.chain_name),
        source=common.source_text(data, t),
        table=table_from_rows(
            table_rows,
            [
                ("name", t("col.node")),
                ("segment", t("col.segment")),
                ("units", t("col.units")),
                ("share", t("col.share_of_chain")),
                ("local_share", t("col.local_share")),
            ],
        ),
        formats={t("col.share_of_chain"): "pct", t("col.local_share"): "pct"},
        note=t("note.node_share"),
    )
    return Section("chain", t("chain.title"), paragraphs, tables=[table], figures=[figure])


def landscape_section(data: ReportData, t: Texts, found: common.Findings) -> Section:
    lang = data.lang
    trend = common.trend_section(data, t, found)
    countries = rows_of(data.indicator("by_country"))
    countries.sort(key=lambda r: -(r.get("units") or 0))
    total = sum(r.get("units") or 0 for r in countries)
    names = [common.country_name(r.get("origin_country"), lang) for r in countries]
    for row, name in zip(countries, names, strict=True):
        row["name"] = name
    pie = common.country_pie(data, t, countries, "units", t("fig.countries"))
    shown = common.top_countries(t, countries, "units", TOP_COUNTRIES, total, lang)
    table = TableBlock(
        caption=t("tab.countries", n=TOP_COUNTRIES),
        source=common.source_text(data, t),
        table=table_from_rows(
            shown, [("name", t("col.country")), ("units", t("col.units")), ("share", t("col.share"))]
        ),
        formats={t("col.share"): "pct"},
        note=t("note.origin"),
    )
    paragraphs = []
    if countries:
        top = countries[0]
        paragraphs.append(
            t(
                "land.countries",
                n=num(len(countries), lang),
                top=top["name"],
                units=num(top.get("units"), lang),
                share=pct(top.get("share"), lang),
                top3=join_names([c["name"] for c in countries[:3]], lang),
                share3=pct(sum(c.get("share") or 0 for c in countries[:3]), lang),
            )
        )
        found.findings.append(
            t(
                "find.top_country",
                top=top["name"],
                share=pct(top.get("share"), lang),
                n=num(len(countries), lang),
            )
        )
        own = next((c for c in countries if c.get("origin_country") == data.country), None)
        if own is not None:
            rank = countries.index(own) + 1
            paragraphs.append(
                t(
                    "land.own_country",
                    country=own["name"],
                    units=num(own.get("units"), lang),
                    share=pct(own.get("share"), lang),
                    rank=num(rank, lang),
                )
            )
            found.figure(
                t("kf.own_country_share", country=own["name"]), pct(own.get("share"), lang), t("land.title")
            )
    geo = Section("landscape.countries", t("land.countries_title"), paragraphs, tables=[table], figures=[pie])
    return Section("landscape", t("land.title"), [t("land.intro")], subsections=[trend, geo])


def region_section(data: ReportData, t: Texts, found: common.Findings) -> Section:
    lang = data.lang
    overall = rows_of(data.indicator("local_share", by=None))
    by_node = {r["node_id"]: r for r in rows_of(data.indicator("local_share", by="node"))}
    rta_rows = rows_of(data.indicator("rta", level="country", by="node"))
    rta = {r["node_id"]: r.get("rta") for r in rta_rows if r.get("origin") == data.country}
    nodes = [n for n in rows_of(data.nodes) if (n.get("units") or 0) > 0]
    rows = []
    for node in nodes:
        local = by_node.get(node["node_id"]) or {}
        rows.append(
            {
                "node_id": node["node_id"],
                "name": node.get(f"name_{lang}") or node["node_id"],
                "units": local.get("units", node.get("units")),
                "local_units": local.get("local_units"),
                "local_share": local.get("local_share"),
                "rta": rta.get(node["node_id"]),
            }
        )
    paragraphs = []
    region_label = common.region_name(data.region, lang)
    if overall:
        o = overall[0]
        paragraphs.append(
            t(
                "region.overall",
                region=region_label,
                local=num(o.get("local_units"), lang),
                units=num(o.get("units"), lang),
                share=pct(o.get("local_share"), lang),
            )
        )
        if "-" in data.region and not any(
            r.get("origin_region") for r in rows_of(data.indicator("by_region"))
        ):
            paragraphs.append(t("region.no_addresses", region=region_label))
        found.figure(
            t("kf.local_share", region=region_label),
            pct(o.get("local_share"), lang),
            t("region.title", region=region_label),
        )
        found.findings.append(
            t(
                "find.local_share",
                region=region_label,
                share=pct(o.get("local_share"), lang),
                local=num(o.get("local_units"), lang),
            )
        )
    ranked = sorted((r for r in rows if r["local_share"] is not None), key=lambda r: -r["local_share"])
    if ranked:
        strongest, weakest = ranked[0], ranked[-1]
        paragraphs.append(
            t(
                "region.range",
                strong=strongest["name"],
                strong_share=pct(strongest["local_share"], lang),
                weak=weakest["name"],
                weak_share=pct(weakest["local_share"], lang),
            )
        )
    specialised = [r for r in rows if (r["rta"] or 0) > 1]
    if rta:
        paragraphs.append(
            t(
                "region.rta",
                country=common.country_name(data.country, lang),
                n=num(len(specialised), lang),
                nodes=join_names(
                    [r["name"] for r in sorted(specialised, key=lambda r: -(r["rta"] or 0))], lang
                )
                or t("none"),
            )
        )
    paragraphs.append(t("region.rta_def"))
    figure = FigureBlock(
        caption=t("fig.local_share", region=region_label),
        source=common.source_text(data, t),
        option=charts.ranking_bar(
            [{"name": r["name"], "pct": round(100 * r["local_share"], 1)} for r in ranked],
            label="name",
            value="pct",
            top=25,
            value_name="%",
        ),
        height=max(300, 60 + 24 * min(len(ranked), 25)),
    )
    table = TableBlock(
        caption=t("tab.region_nodes", region=region_label),
        source=common.source_text(data, t),
        table=table_from_rows(
            sorted(rows, key=lambda r: -(r["units"] or 0)),
            [
                ("name", t("col.node")),
                ("units", t("col.units")),
                ("local_units", t("col.local_units")),
                ("local_share", t("col.local_share")),
                ("rta", t("col.rta", country=data.country)),
            ],
        ),
        formats={t("col.local_share"): "pct", t("col.rta", country=data.country): "float2"},
    )
    return Section("region", t("region.title", region=region_label), paragraphs, [table], [figure])


def nodes_section(data: ReportData, t: Texts, found: common.Findings) -> Section:
    lang = data.lang
    nodes = [n for n in rows_of(data.nodes) if (n.get("units") or 0) > 0]
    growth = {r["node_id"]: r for r in rows_of(data.indicator("node_growth"))}
    hhi = {r["node_id"]: r for r in rows_of(data.indicator("hhi", by="node"))}
    local = {r["node_id"]: r for r in rows_of(data.indicator("local_share", by="node"))}
    players: dict[str, list[dict[str, Any]]] = {}
    for row in rows_of(data.indicator("top_applicants", n=TOP_NODE_PLAYERS, by="node")):
        players.setdefault(row["node_id"], []).append(row)
    yearly = rows_of(data.indicator("filings_by_year", by="node"))
    subsections = []
    table_rows = []
    for node in nodes:
        node_id = node["node_id"]
        name = node.get(f"name_{lang}") or node_id
        g = growth.get(node_id) or {}
        top = players.get(node_id, [])
        top_text = join_names(
            [
                f"{p['display_name']}（{num(p['units'], lang)}）"
                if lang == "zh"
                else f"{p['display_name']} ({num(p['units'], lang)})"
                for p in top
            ],
            lang,
        )
        text = [
            t(
                "node.summary",
                node=name,
                segment=t(f"segment.{node['segment']}"),
                units=num(node.get("units"), lang),
                share=pct(node.get("share"), lang),
                local=pct((local.get(node_id) or {}).get("local_share"), lang),
            )
        ]
        if g:
            text.append(
                t(
                    "node.growth",
                    recent=num(g.get("units_recent"), lang),
                    prior=num(g.get("units_prior"), lang),
                    growth=pct(g.get("growth"), lang),
                )
            )
        if top:
            text.append(
                t(
                    "node.players",
                    players=top_text,
                    hhi=num((hhi.get(node_id) or {}).get("hhi"), lang, "float1"),
                )
            )
        subsections.append(Section(f"nodes.{node_id}", name, text))
        table_rows.append(
            {
                "name": name,
                "units": node.get("units"),
                "recent": g.get("units_recent"),
                "growth": g.get("growth"),
                "hhi": (hhi.get(node_id) or {}).get("hhi"),
                "top": top[0]["display_name"] if top else None,
            }
        )
    fastest = sorted(
        (r for r in growth.values() if r.get("growth") is not None and (r.get("units_recent") or 0) > 0),
        key=lambda r: -((r.get("units_recent") or 0) - (r.get("units_prior") or 0)),
    )
    paragraphs = [t("nodes.intro", n=num(len(nodes), lang))]
    if fastest:
        f = fastest[0]
        paragraphs.append(
            t(
                "nodes.fastest",
                node=data.node_name(f["node_id"]),
                recent=num(f.get("units_recent"), lang),
                prior=num(f.get("units_prior"), lang),
                growth=pct(f.get("growth"), lang),
            )
        )
        found.findings.append(
            t(
                "find.fastest_node",
                node=data.node_name(f["node_id"]),
                growth=pct(f.get("growth"), lang),
                recent=num(f.get("units_recent"), lang),
            )
        )
    heat_rows = [
        {"node": data.node_name(r["node_id"]), "year": r["year"], "units": r["units"]}
        for r in yearly
        if r.get("year") is not None
    ]
    node_order = [n.get(f"name_{lang}") or n["node_id"] for n in nodes]
    years = sorted({r["year"] for r in heat_rows})[-15:]
    heat = FigureBlock(
        caption=t("fig.node_years"),
        source=common.source_text(data, t),
        option=charts.heatmap(
            [r for r in heat_rows if r["year"] in years],
            x="year",
            y="node",
            value="units",
            x_order=years,
            y_order=node_order,
            value_name=common.unit_name(data, t),
        ),
        height=max(320, 120 + 26 * len(node_order)),
    )
    table = TableBlock(
        caption=t("tab.node_overview"),
        source=common.source_text(data, t),
        table=table_from_rows(
            table_rows,
            [
                ("name", t("col.node")),
                ("units", t("col.units")),
                ("recent", t("col.recent")),
                ("growth", t("col.growth")),
                ("hhi", t("col.hhi")),
                ("top", t("col.top_applicant")),
            ],
        ),
        formats={t("col.growth"): "pct", t("col.hhi"): "float1"},
        note=t("note.growth_window"),
    )
    return Section("nodes", t("nodes.title"), paragraphs, [table], [heat], subsections)


def players_section(data: ReportData, t: Texts, found: common.Findings) -> Section:
    lang = data.lang
    top = rows_of(data.indicator("top_applicants", n=TOP_APPLICANTS))
    held = rows_of(data.indicator("hhi"))
    cr = rows_of(data.indicator("concentration_ratio"))
    paragraphs = []
    if top:
        first = top[0]
        paragraphs.append(
            t(
                "players.top",
                name=first["display_name"],
                units=num(first["units"], lang),
                share=pct(first.get("share"), lang),
                top5=join_names([r["display_name"] for r in top[:5]], lang),
            )
        )
        found.findings.append(
            t(
                "find.top_applicant",
                name=first["display_name"],
                units=num(first["units"], lang),
                share=pct(first.get("share"), lang),
            )
        )
    if held and cr:
        h, c = held[0], cr[0]
        level = "high" if (h.get("hhi") or 0) > 2500 else "moderate" if (h.get("hhi") or 0) >= 1500 else "low"
        paragraphs.append(
            t(
                "players.concentration",
                players=num(h.get("players"), lang),
                hhi=num(h.get("hhi"), lang, "float1"),
                cr4=pct(c.get("cr4"), lang),
                cr8=pct(c.get("cr8"), lang),
                level=t(f"level.{level}"),
            )
        )
        found.figure(t("kf.hhi"), num(h.get("hhi"), lang, "float1"), t("players.title"))
        found.figure(t("kf.cr4"), pct(c.get("cr4"), lang), t("players.title"))
    table_rows = [
        {"rank": r.get("rank"), "name": r["display_name"], "units": r["units"], "share": r.get("share")}
        for r in top
    ]
    total_players = held[0].get("players") if held else None
    if total_players and total_players > len(top):
        # shares are of Σ units per applicant (whole counting), so the rest is that sum minus the top
        held_units = held[0].get("units_held") or 0
        rest_units = held_units - sum(r["units"] or 0 for r in top)
        table_rows.append(
            {
                "rank": None,
                "name": t("rest.applicants", n=num(total_players - len(top), lang)),
                "units": rest_units,
                "share": rest_units / held_units if held_units else None,
            }
        )
    table = TableBlock(
        caption=t("tab.applicants", n=TOP_APPLICANTS),
        source=common.source_text(data, t),
        table=table_from_rows(
            table_rows,
            [
                ("rank", t("col.rank")),
                ("name", t("col.applicant")),
                ("units", t("col.units")),
                ("share", t("col.share")),
            ],
        ),
        formats={t("col.share"): "pct", t("col.rank"): "int"},
        note=t("note.whole_counting"),
    )
    figures = [
        FigureBlock(
            caption=t("fig.applicants", n=15),
            source=common.source_text(data, t),
            option=charts.ranking_bar(
                top, label="display_name", value="units", top=15, value_name=common.unit_name(data, t)
            ),
            height=440,
        )
    ]
    entrants = rows_of(data.indicator("new_entrants"))
    if entrants:
        long_rows = []
        for r in entrants:
            long_rows.append(
                {"year": r["year"], "series": t("series.new_players"), "n": r.get("new_players")}
            )
            long_rows.append(
                {"year": r["year"], "series": t("series.active_players"), "n": r.get("active_players")}
            )
        figures.append(
            FigureBlock(
                caption=t("fig.entrants"),
                source=common.source_text(data, t),
                option=charts.trend_line(
                    long_rows, x="year", y="n", series="series", y_name=t("unit.applicants")
                ),
            )
        )
        recent = [r for r in entrants if not r.get("incomplete")][-1:]
        if recent:
            r = recent[0]
            paragraphs.append(
                t(
                    "players.entrants",
                    year=r["year"],
                    new=num(r.get("new_players"), lang),
                    active=num(r.get("active_players"), lang),
                    share=pct(r.get("entrant_share"), lang),
                )
            )
    types = [r for r in rows_of(data.indicator("applicant_type_mix")) if r.get("entity_type") != "unknown"]
    if types:
        for r in types:
            r["label"] = (
                t(f"etype.{r['entity_type']}") if t.has(f"etype.{r['entity_type']}") else r["entity_type"]
            )
        figures.append(
            FigureBlock(
                caption=t("fig.types"),
                source=common.source_text(data, t),
                option=charts.share_pie(types, label="label", value="units", other=t("other")),
            )
        )
    network = common.collaboration_figure(data, t)
    if network is not None:
        figures.append(network)
        paragraphs.append(t("players.network"))
    return Section("players", t("players.title"), paragraphs, [table], figures)


def talent_section(data: ReportData, t: Texts, found: common.Findings) -> Section:
    lang = data.lang
    inventors = common.top_inventors(data)[:10]
    attract = common.talent_to_attract(data)[:10]
    paragraphs = [t("talent.intro")]
    if inventors:
        paragraphs.append(t("talent.top", **common.lead_inventor(data, t, inventors[0])))
    if attract:
        paragraphs.append(
            t(
                "talent.attract",
                region=common.region_name(data.region, lang),
                names=join_names([r["display_name"] for r in attract[:5]], lang),
            )
        )
        common.recommend_talent(data, t, found, attract)
    paragraphs.append(t("talent.see_kind"))
    tables = [common.top_inventors_table(data, t, inventors, 10)]
    if attract:
        tables.append(common.attract_table(data, t, attract, 10))
    return Section("talent", t("talent.title"), paragraphs, tables)


def security_section(data: ReportData, t: Texts, found: common.Findings) -> Section:
    lang = data.lang
    sec = data.security
    nodes = rows_of(sec.nodes)
    class_col = "class" if lang == "zh" else "class_en"
    reason_col = "class_reason" if lang == "zh" else "class_reason_en"
    classes: dict[str, list[dict[str, Any]]] = {}
    for row in nodes:
        classes.setdefault(row["class"], []).append(row)
    names = {row["node_id"]: row.get(f"name_{lang}") or row["node_id"] for row in nodes}
    paragraphs = [t("sec.intro", weights=common.weights_text(sec.weights, lang))]
    labels = {"强链": "strengthen", "补链": "fill", "延链": "extend"}
    for cls, key in labels.items():
        # nodes with enough data first: the sentence should not open with a low-data node
        members = sorted(classes.get(cls, []), key=lambda m: bool(m.get("low_data")))
        paragraphs.append(
            t(
                f"sec.class.{key}",
                n=num(len(members), lang),
                nodes=join_names([names[m["node_id"]] for m in members], lang, 8) or t("none"),
            )
        )
    ranked = sorted(nodes, key=lambda r: (r.get("chokepoint_rank") or 0, r["node_id"]))
    # nodes flagged low_data (too few filings) rank high on shares alone; lead with a robust one
    reliable = [r for r in ranked if not r.get("low_data")] or ranked
    if reliable:
        top = reliable[0]
        paragraphs.append(
            t(
                "sec.top",
                min=num(sec.params.get("min_node_filings"), lang),
                node=names[top["node_id"]],
                score=num(top.get("chokepoint"), lang, "float1"),
                foreign=pct(top.get("foreign_share"), lang),
            )
        )
        found.findings.append(
            t(
                "find.chokepoint",
                node=names[top["node_id"]],
                score=num(top.get("chokepoint"), lang, "float1"),
                foreign=pct(top.get("foreign_share"), lang),
            )
        )
    found.figure(
        t("kf.classes"), " / ".join(num(len(classes.get(c, [])), lang) for c in labels), t("sec.title")
    )
    strengthen = classes.get("强链", [])
    fill = classes.get("补链", [])
    extend = classes.get("延链", [])
    leaders = rows_of(sec.chain_leaders)
    # targets in low-data nodes stay listed, after those in nodes with enough data (stable sort)
    low_data = {r["node_id"] for r in nodes if r.get("low_data")}
    attract = sorted(rows_of(sec.attract_firms), key=lambda r: r["node_id"] in low_data)
    partners = sorted(rows_of(sec.partners), key=lambda r: r["node_id"] in low_data)
    if strengthen:
        found.recommend(
            "strengthen",
            t(
                "rec.strengthen",
                nodes=join_names([names[m["node_id"]] for m in strengthen], lang, 4),
                leader=leaders[0]["holder_name"] if leaders else t("none"),
            ),
        )
    if fill:
        fill_sorted = sorted(fill, key=lambda r: (bool(r.get("low_data")), r.get("chokepoint_rank") or 0))
        found.recommend(
            "fill",
            t(
                "rec.fill",
                nodes=join_names([names[m["node_id"]] for m in fill_sorted], lang, 4),
                score=num(fill_sorted[0].get("chokepoint"), lang, "float1"),
                firms=join_names(common.holder_names(attract)[:3], lang) or t("none"),
            ),
        )
    if extend:
        found.recommend(
            "extend",
            t(
                "rec.extend",
                nodes=join_names([names[m["node_id"]] for m in extend], lang, 4),
                n=num(len(extend), lang),
            ),
        )
    map_rows = [
        {
            "node_id": r["node_id"],
            "name": names[r["node_id"]],
            "segment": r.get("segment") or "midstream",
            "parent_id": r.get("parent_id"),
            "units": r.get("filings") or 0,
            "chokepoint": r.get("chokepoint"),
        }
        for r in sorted(nodes, key=lambda r: (r.get("ord") or 0, r["node_id"]))
    ]
    figures = [
        FigureBlock(
            caption=t("fig.chokepoint_map"),
            source=common.source_text(data, t),
            option=charts.chain_map(
                map_rows, value="units", colour_by="chokepoint", colour_name=t("col.chokepoint"), lang=lang
            ),
            height=charts.chain_map_height(map_rows),
        )
    ]
    notes = [t("note.chokepoint", n=num(len(ranked), lang))] if len(ranked) > TOP_SECURITY else []
    if any(r.get("low_data") for r in ranked[:TOP_SECURITY]):
        notes.append(t("note.low_data", mark=LOW_DATA_MARK.strip(), min=num(sec.params.get("min_node_filings"), lang)))
    ranking = TableBlock(
        caption=t("tab.chokepoints", n=TOP_SECURITY),
        source=common.source_text(data, t),
        table=table_from_rows(
            [
                {
                    **r,
                    "name": names[r["node_id"]] + (LOW_DATA_MARK if r.get("low_data") else ""),
                    "cls": r.get(class_col),
                    "why": r.get(reason_col),
                }
                for r in ranked[:TOP_SECURITY]
            ],
            [
                ("chokepoint_rank", t("col.rank")),
                ("name", t("col.node")),
                ("chokepoint", t("col.chokepoint")),
                ("foreign_share", t("col.foreign_share")),
                ("cls", t("col.class")),
                ("why", t("col.reason")),
            ],
        ),
        formats={t("col.rank"): "int", t("col.chokepoint"): "float1", t("col.foreign_share"): "pct"},
        note=" ".join(notes) or None,
    )
    tables = [ranking]
    for key, rows in (("leaders", leaders), ("attract", attract), ("partners", partners)):
        if rows:
            tables.append(common.target_table(data, t, key, rows, names))
    targets = Section("security.targets", t("sec.targets_title"), [t("sec.targets_intro")], tables[1:])
    return Section(
        "security", t("sec.title"), paragraphs, [ranking], figures, [targets] if tables[1:] else []
    )


def _by_value(row: dict[str, Any]) -> tuple[float, str]:
    return (-(row.get("value_score") or 0), row["patent_id"])


def risk_section(data: ReportData, t: Texts, found: common.Findings) -> Section:
    lang = data.lang
    sec = data.security
    # the assessment lists by node; the report shows the most valuable patents across nodes first
    risk = sorted(rows_of(sec.risk_patents), key=_by_value)
    free = sorted(rows_of(sec.free_to_use), key=_by_value)
    high_local = rows_of(sec.high_value_local)
    paragraphs = [
        t("risk.intro"),
        t("risk.count", n=num(len(risk), lang), region=common.region_name(data.region, lang)),
    ]
    if risk:
        found.findings.append(t("find.risk", n=num(len(risk), lang)))
        found.recommend("risk", t("rec.risk", n=num(len(risk), lang)))
    paragraphs.append(t("risk.free", n=num(len(free), lang)))
    paragraphs.append(t("risk.high_local", n=num(len(high_local), lang)))
    tables = []
    if risk:
        tables.append(common.patent_table(data, t, risk, t("tab.risk", n=15), 15))
    if free:
        tables.append(common.patent_table(data, t, free, t("tab.free", n=10), 10))
    return Section("risk", t("risk.title"), paragraphs, tables)


def navigation_report(data: ReportData) -> Report:
    """Build the navigation report's chapters from the store (one language)."""
    t = Texts(data.lang)
    found = common.Findings()
    body = [
        chain_section(data, t, found),
        landscape_section(data, t, found),
        region_section(data, t, found),
        nodes_section(data, t, found),
        players_section(data, t, found),
        talent_section(data, t, found),
        security_section(data, t, found),
        risk_section(data, t, found),
    ]
    standards = data.standards_section
    if standards is not None:
        body.append(standards)
    body.append(common.methods_section(data, t, kind="navigation"))
    intro = t(
        "summary.intro",
        chain=data.chain_name,
        region=common.region_name(data.region, data.lang),
        unit=common.unit_name(data, t),
    )
    return common.assemble_report(data, t, found, "navigation", t("nav.title", chain=data.chain_name), intro, body)
