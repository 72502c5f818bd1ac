"""The innovation-talent report (创新人才分析报告): who invents in the chain, where, in which teams.

Chapters: summary, talent overview (filing trend and inventor places), core inventors, R&D teams,
talent by node, mobility, talent to attract, and methods and data.
"""

from __future__ import annotations

from typing import Any

from chainnav import charts
from chainnav.report import common
from chainnav.report.blocks import join_names, num, pct, rows_of, table_from_rows
from chainnav.report.data import ReportData
from chainnav.report.model import FigureBlock, Report, Section, TableBlock
from chainnav.report.strings import Texts

TOP_INVENTORS = 20
TOP_PLACES = 10
TEAM_LEADS = 10
TEAM_SIZE = 5


def places_section(data: ReportData, t: Texts, found: common.Findings) -> Section:
    lang = data.lang
    places = rows_of(data.indicator("inventor_counts", level="country", by=None))
    places.sort(key=lambda r: (-(r.get("inventors") or 0), str(r.get("location"))))
    total = sum(r.get("inventors") or 0 for r in places)
    for row in places:
        row["name"] = common.country_name(row.get("location"), lang) if row.get("location") else t("unknown")
        row["share"] = (row.get("inventors") or 0) / total if total else None
    paragraphs = [t("tal.places_intro")]
    if places:
        top = places[0]
        paragraphs.append(
            t(
                "tal.places_top",
                total=num(total, lang),
                top=top["name"],
                n=num(top["inventors"], lang),
                share=pct(top["share"], lang),
            )
        )
        found.findings.append(
            t("find.tal_places", top=top["name"], share=pct(top["share"], lang), total=num(total, lang))
        )
        found.figure(t("kf.inventor_places"), num(total, lang), t("tal.places_title"))
    own = next((r for r in places if r.get("location") == data.country), None)
    if own is not None:
        paragraphs.append(
            t(
                "tal.places_own",
                country=own["name"],
                n=num(own["inventors"], lang),
                share=pct(own["share"], lang),
                units=num(own.get("units"), lang),
            )
        )
        found.figure(
            t("kf.own_inventors", country=own["name"]), num(own["inventors"], lang), t("tal.places_title")
        )
    shown = common.top_countries(t, places, "inventors", TOP_PLACES, total, lang)
    table = TableBlock(
        caption=t("tab.inventor_places", n=TOP_PLACES),
        source=common.source_text(data, t),
        table=table_from_rows(
            shown,
            [
                ("name", t("col.country")),
                ("inventors", t("col.inventors")),
                ("units", t("col.units")),
                ("share", t("col.share")),
            ],
        ),
        formats={t("col.share"): "pct"},
        note=t("note.inventor_place"),
    )
    figure = common.country_pie(data, t, places, "inventors", t("fig.inventor_places"))
    return Section("talent.places", t("tal.places_title"), paragraphs, [table], [figure])


def inventors_section(data: ReportData, t: Texts, found: common.Findings) -> Section:
    lang = data.lang
    top = common.top_inventors(data)[:TOP_INVENTORS]
    paragraphs = [t("tal.core_intro")]
    if top:
        first = top[0]
        lead = common.lead_inventor(data, t, first)
        paragraphs.append(
            t(
                "tal.core_top",
                **lead,
                team=num(first.get("co_inventors"), lang),
                top5=join_names([r["display_name"] for r in top[:5]], lang),
            )
        )
        found.findings.append(t("find.tal_top", **lead))
        applicants: dict[str, int] = {}
        for r in top:
            if r.get("main_applicant"):
                applicants[r["main_applicant"]] = applicants.get(r["main_applicant"], 0) + 1
        if applicants:
            best = max(applicants, key=lambda k: (applicants[k], k))
            paragraphs.append(
                t("tal.core_employer", applicant=best, n=num(applicants[best], lang), top=num(len(top), lang))
            )
    figure = FigureBlock(
        caption=t("fig.top_inventors", n=15),
        source=common.source_text(data, t),
        option=charts.ranking_bar(
            top, label="display_name", value="units", top=15, value_name=common.unit_name(data, t)
        ),
        height=440,
    )
    table = common.top_inventors_table(data, t, top, TOP_INVENTORS)
    return Section("talent.inventors", t("tal.core_title"), paragraphs, [table], [figure])


def teams_section(data: ReportData, t: Texts, found: common.Findings) -> Section:
    lang = data.lang
    teams = rows_of(data.indicator("inventor_teams", n=TEAM_LEADS, k=TEAM_SIZE))
    paragraphs = [t("tal.teams_intro", leads=num(TEAM_LEADS, lang), k=num(TEAM_SIZE, lang))]
    figures: list[FigureBlock] = []
    tables: list[TableBlock] = []
    if teams:
        people: dict[Any, dict[str, Any]] = {}
        links = []
        for r in teams:
            lead, mate = r["inventor_id"], r["co_inventor_id"]
            people.setdefault(
                lead,
                {
                    "id": lead,
                    "label": r.get("display_name") or str(lead),
                    "value": 0,
                    "role": t("tal.role_lead"),
                },
            )
            people.setdefault(
                mate,
                {
                    "id": mate,
                    "label": r.get("co_inventor_name") or str(mate),
                    "value": 0,
                    "role": t("tal.role_member"),
                },
            )
            people[lead]["value"] += r.get("shared_units") or 0
            people[mate]["value"] += r.get("shared_units") or 0
            links.append({"source": lead, "target": mate, "weight": r.get("shared_units")})
        figures.append(
            FigureBlock(
                caption=t("fig.teams", n=TEAM_LEADS),
                source=common.source_text(data, t),
                option=charts.network_graph(
                    sorted(people.values(), key=lambda p: str(p["id"])),
                    links,
                    node_category="role",
                    labels=TEAM_LEADS,
                ),
                height=480,
            )
        )
        strongest = max(teams, key=lambda r: (r.get("shared_units") or 0, str(r["inventor_id"])))
        paragraphs.append(
            t(
                "tal.teams_pair",
                a=strongest.get("display_name"),
                b=strongest.get("co_inventor_name"),
                n=num(strongest.get("shared_units"), lang),
            )
        )
        tables.append(
            TableBlock(
                caption=t("tab.teams"),
                source=common.source_text(data, t),
                table=table_from_rows(
                    [r for r in teams if (r.get("team_rank") or 0) <= 3],
                    [
                        ("display_name", t("col.inventor")),
                        ("team_rank", t("col.team_rank")),
                        ("co_inventor_name", t("col.co_inventor")),
                        ("shared_units", t("col.shared_units")),
                    ],
                ),
                formats={t("col.team_rank"): "int"},
                note=t("note.teams_top3", k=num(TEAM_SIZE, lang)),
            )
        )
    else:
        paragraphs.append(t("tal.teams_none"))
    return Section("talent.teams", t("tal.teams_title"), paragraphs, tables, figures)


def node_talent_section(data: ReportData, t: Texts, found: common.Findings) -> Section:
    lang = data.lang
    rows = rows_of(data.indicator("inventor_counts", level="country", by="node"))
    per_node: dict[str, dict[str, Any]] = {}
    for r in rows:
        entry = per_node.setdefault(
            r["node_id"], {"node_id": r["node_id"], "inventors": 0, "local": 0, "units": 0}
        )
        entry["inventors"] += r.get("inventors") or 0
        entry["units"] = max(entry["units"], r.get("units") or 0)
        if r.get("location") == data.country:
            entry["local"] += r.get("inventors") or 0
    nodes = []
    for entry in per_node.values():
        entry["name"] = data.node_name(entry["node_id"])
        entry["local_share"] = entry["local"] / entry["inventors"] if entry["inventors"] else None
        nodes.append(entry)
    nodes.sort(key=lambda r: (-r["inventors"], r["name"]))
    paragraphs = [t("tal.nodes_intro")]
    if nodes:
        paragraphs.append(
            t(
                "tal.nodes_top",
                node=nodes[0]["name"],
                n=num(nodes[0]["inventors"], lang),
                country=common.country_name(data.country, lang),
                share=pct(nodes[0]["local_share"], lang),
            )
        )
    figure = FigureBlock(
        caption=t("fig.node_inventors"),
        source=common.source_text(data, t),
        option=charts.ranking_bar(
            nodes, label="name", value="inventors", top=20, value_name=t("unit.inventors")
        ),
        height=max(300, 60 + 24 * min(len(nodes), 20)),
    )
    table = TableBlock(
        caption=t("tab.node_inventors", country=common.country_name(data.country, lang)),
        source=common.source_text(data, t),
        table=table_from_rows(
            nodes,
            [
                ("name", t("col.node")),
                ("inventors", t("col.inventors")),
                ("local", t("col.domestic_inventors", country=common.country_name(data.country, lang))),
                ("local_share", t("col.share")),
            ],
        ),
        formats={t("col.share"): "pct"},
        note=t("note.whole_counting_inventors"),
    )
    return Section("talent.nodes", t("tal.nodes_title"), paragraphs, [table], [figure])


def mobility_section(data: ReportData, t: Texts, found: common.Findings) -> Section:
    lang = data.lang
    moves = rows_of(data.indicator("inventor_mobility"))
    by_kind: dict[str, int] = {}
    for r in moves:
        by_kind[r["kind"]] = by_kind.get(r["kind"], 0) + 1
    paragraphs = [
        t(
            "tal.mobility",
            applicant=num(by_kind.get("applicant", 0), lang),
            country=num(by_kind.get("country", 0), lang),
            region=num(by_kind.get("region", 0), lang),
            movers=num(len({r["inventor_id"] for r in moves}), lang),
        ),
        t("tal.mobility_basis"),
    ]
    found.figure(t("kf.moves"), num(by_kind.get("applicant", 0), lang), t("tal.mobility_title"))
    figures = []
    tables = []
    yearly = [r for r in moves if r.get("year") is not None]
    if yearly:
        counts: dict[tuple[Any, str], int] = {}
        for r in yearly:
            key = (r["year"], t(f"move.{r['kind']}") if t.has(f"move.{r['kind']}") else r["kind"])
            counts[key] = counts.get(key, 0) + 1
        figures.append(
            FigureBlock(
                caption=t("fig.mobility"),
                source=common.source_text(data, t),
                option=charts.stacked_bar(
                    [{"year": y, "kind": k, "n": n} for (y, k), n in counts.items()],
                    x="year",
                    y="n",
                    stack="kind",
                    y_name=t("unit.moves"),
                ),
            )
        )
        recent = sorted(
            (r for r in moves if r["kind"] == "applicant"),
            key=lambda r: (-(r.get("year") or 0), str(r["inventor_id"])),
        )[:15]
        if recent:
            tables.append(
                TableBlock(
                    caption=t("tab.moves", n=15),
                    source=common.source_text(data, t),
                    table=table_from_rows(
                        recent,
                        [
                            ("inventor_name", t("col.inventor")),
                            ("from_name", t("col.from")),
                            ("to_name", t("col.to")),
                            ("year", t("col.year")),
                        ],
                    ),
                    formats={t("col.year"): "year"},
                )
            )
    return Section("talent.mobility", t("tal.mobility_title"), paragraphs, tables, figures)


def attract_section(data: ReportData, t: Texts, found: common.Findings) -> Section:
    lang = data.lang
    region = common.region_name(data.region, lang)
    attract = common.talent_to_attract(data)
    paragraphs = [t("tal.attract_intro", region=region)]
    tables = []
    if attract:
        paragraphs.append(
            t(
                "tal.attract_top",
                region=region,
                names=join_names([r["display_name"] for r in attract[:5]], lang),
                units=num(attract[0]["units"], lang),
            )
        )
        common.recommend_talent(data, t, found, attract)
        tables.append(common.attract_table(data, t, attract, 20))
    else:
        paragraphs.append(t("tal.attract_none", region=region))
    local_top = [r for r in common.top_inventors(data) if r.get("location_country") == data.country]
    if local_top:
        paragraphs.append(
            t(
                "tal.local_top",
                country=common.country_name(data.country, lang),
                names=join_names([r["display_name"] for r in local_top[:5]], lang),
            )
        )
        found.recommend(
            "keep_talent",
            t(
                "rec.keep_talent",
                country=common.country_name(data.country, lang),
                names=join_names([r["display_name"] for r in local_top[:3]], lang),
                units=num(local_top[0]["units"], lang),
            ),
        )
        tables.append(
            common.inventor_table(
                data,
                t,
                local_top[:10],
                t("tab.local_inventors", n=10, country=common.country_name(data.country, lang)),
            )
        )
    return Section("talent.attract", t("tal.attract_title"), paragraphs, tables)


def talent_report(data: ReportData) -> Report:
    """Build the innovation-talent report's chapters from the store (one language)."""
    t = Texts(data.lang)
    found = common.Findings()
    trend = common.trend_section(data, t, found)
    overview = Section(
        "talent.overview", t("tal.overview_title"), [t("tal.overview_intro")], subsections=[trend]
    )
    body = [
        overview,
        places_section(data, t, found),
        inventors_section(data, t, found),
        teams_section(data, t, found),
        node_talent_section(data, t, found),
        mobility_section(data, t, found),
        attract_section(data, t, found),
        common.methods_section(data, t, kind="talent"),
    ]
    intro = t("tal.summary_intro", chain=data.chain_name, region=common.region_name(data.region, data.lang))
    return common.assemble_report(data, t, found, "talent", t("tal.title", chain=data.chain_name), intro, body)
