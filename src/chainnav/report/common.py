"""Chapters and blocks both report kinds use: trends, networks, target and patent tables, methods."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from chainnav import charts
from chainnav.report.blocks import join_names, num, pct, rows_of, table_from_rows, top_with_rest
from chainnav.report.data import ReportData
from chainnav.report.model import FigureBlock, Report, Section, TableBlock
from chainnav.report.strings import COUNTRY_NAMES, REGION_NAMES, Texts

NETWORK_NODES = 40
INVENTOR_POOL = 200
ATTRACT_POOL = 30
# the order recommendations are listed in, whichever chapter produced them first
RECOMMENDATION_ORDER = ("strengthen", "fill", "extend", "risk", "talent", "keep_talent")


@dataclass
class Findings:
    """Summary material: findings, recommendations and key figures, each built from a chapter's figure."""

    findings: list[str] = field(default_factory=list)
    recommendations: dict[str, str] = field(default_factory=dict)
    key_figures: list[dict[str, Any]] = field(default_factory=list)

    def figure(self, label: str, value: str, where: str) -> None:
        self.key_figures.append({"label": label, "value": value, "where": where})

    def recommend(self, kind: str, text: str) -> None:
        self.recommendations[kind] = text

    def ordered_recommendations(self) -> list[str]:
        return [self.recommendations[k] for k in RECOMMENDATION_ORDER if k in self.recommendations]


def summary_section(data: ReportData, t: Texts, found: Findings, intro: str) -> Section:
    """The summary: what the report covers, key figures, numbered findings and recommendations."""
    findings = Section(
        "summary.findings", t("summary.findings"), [f"{i}. {s}" for i, s in enumerate(found.findings, 1)]
    )
    recommendations = found.ordered_recommendations()
    recs = Section(
        "summary.recommendations",
        t("summary.recommendations"),
        [f"{i}. {s}" for i, s in enumerate(recommendations, 1)] or [t("rec.none")],
    )
    key = TableBlock(
        caption=t("tab.key_figures"),
        source=source_text(data, t),
        table=table_from_rows(
            found.key_figures,
            [("label", t("col.indicator")), ("value", t("col.value")), ("where", t("col.chapter"))],
        ),
        formats={t("col.value"): "text"},
    )
    return Section("summary", t("summary.title"), [intro, t("summary.trace")], [key], [], [findings, recs])


METHOD_LIMIT_KEYS = (
    "limit.origin",
    "limit.recent",
    "limit.classification",
    "limit.entities",
    "limit.citations",
)


def assemble_report(
    data: ReportData, t: Texts, found: Findings, kind: str, title: str, intro: str, body: list[Section]
) -> Report:
    """A report of ``kind``: its summary (``intro`` then what the ``body`` chapters found), then ``body``."""
    return Report(
        title=title,
        subtitle=t("nav.subtitle", region=region_name(data.region, data.lang)),
        lang=data.lang,
        sections=[summary_section(data, t, found, intro), *body],
        kind=kind,
        cover_facts=cover_facts(data, t),
        date=report_date(data),
    )


def country_name(code: str | None, lang: str) -> str:
    if not code:
        return "—"
    names = COUNTRY_NAMES.get(code)
    if names is None:
        return code
    return f"{names[0 if lang == 'zh' else 1]}"


def region_name(region: str, lang: str) -> str:
    """ "中国（CN）", "广东（CN-GD）", "China (CN)"."""
    names = REGION_NAMES.get(region) or COUNTRY_NAMES.get(region)
    if names is None:
        return region
    name = names[0 if lang == "zh" else 1]
    return f"{name}（{region}）" if lang == "zh" else f"{name} ({region})"


def unit_name(data: ReportData, t: Texts) -> str:
    return t(f"unit.{data.unit}")


def node_depths(nodes: list[dict[str, Any]]) -> dict[Any, int]:
    """Depth of each node below its top-level ancestor (0 for top-level nodes)."""
    parents = {n["node_id"]: n.get("parent_id") for n in nodes}
    depths: dict[Any, int] = {}
    for node_id in parents:
        depth, seen, up = 0, {node_id}, parents.get(node_id)
        while up in parents and up not in seen:
            depth, seen, up = depth + 1, seen | {up}, parents.get(up)
        depths[node_id] = depth
    return depths


def chain_units(data: ReportData) -> int:
    """Distinct counting units in the chain (``node_mix.chain_units``)."""
    rows = rows_of(data.nodes)
    return int(rows[0].get("chain_units") or 0) if rows else 0


NON_PATENT_FORMATS = ("standards", "quality")


def source_text(data: ReportData, t: Texts) -> str:
    """The source line of every patent figure and table: patent files, store cut-off and chain version.

    Standards catalogues and quality results are loads too, but no patent figure comes from them.
    """
    loads = [
        r
        for r in rows_of(data.loads)
        if r.get("status") == "loaded" and not str(r.get("format") or "").startswith(NON_PATENT_FORMATS)
    ]
    files = join_names(sorted({r["file_name"] for r in loads}), data.lang, 3) or t("unknown")
    return t(
        "source.line",
        files=files,
        chain=data.chain_id,
        version=data.chain.get("version") or "",
        cutoff=data.view.context.as_of.isoformat(),
    )


def report_date(data: ReportData) -> str:
    return dt.date.today().isoformat()


def cover_facts(data: ReportData, t: Texts) -> list[tuple[str, str]]:
    scope_years = data.view.scope.years
    return [
        (
            t("cover.chain"),
            f"{data.chain_name}（{data.chain_id} {data.chain.get('version') or ''}）"
            if data.lang == "zh"
            else f"{data.chain_name} ({data.chain_id} {data.chain.get('version') or ''})",
        ),
        (t("cover.region"), region_name(data.region, data.lang)),
        (t("cover.unit"), unit_name(data, t)),
        (t("cover.years"), f"{scope_years[0]}–{scope_years[1]}" if scope_years else t("cover.all_years")),
        (t("cover.cutoff"), data.view.context.as_of.isoformat()),
    ]


def weights_text(weights: dict[str, float], lang: str) -> str:
    t = Texts(lang)
    return join_names(
        [f"{t('weight.' + name)} {value:.2f}" for name, value in weights.items()], lang, len(weights)
    )


def trend_section(data: ReportData, t: Texts, found: Any) -> Section:
    """Filings per year, growth rate and lifecycle stage (shared by both kinds)."""
    lang = data.lang
    years = rows_of(data.indicator("filings_by_year"))
    complete = [r for r in years if not r.get("incomplete") and r.get("year") is not None]
    paragraphs = []
    figures = []
    if years:
        first, last = years[0], years[-1]
        peak = max(complete or years, key=lambda r: r.get("units") or 0)
        paragraphs.append(
            t(
                "trend.span",
                first=first["year"],
                last=last["year"],
                peak=peak["year"],
                peak_units=num(peak.get("units"), lang),
            )
        )
        incomplete = [r["year"] for r in years if r.get("incomplete")]
        if incomplete:
            paragraphs.append(t("trend.incomplete", years=join_names([str(y) for y in incomplete], lang, 4)))
        figures.append(
            FigureBlock(
                caption=t("fig.trend"),
                source=source_text(data, t),
                option=charts.trend_line(years, x="year", y="units", y_name=unit_name(data, t), area=True),
            )
        )
    cagr = rows_of(data.indicator("cagr"))
    if cagr and cagr[0].get("cagr") is not None:
        c = cagr[0]
        paragraphs.append(
            t(
                "trend.cagr",
                start=c["start_year"],
                end=c["end_year"],
                n_start=num(c.get("n_start"), lang),
                n_end=num(c.get("n_end"), lang),
                cagr=pct(c.get("cagr"), lang),
            )
        )
        if found is not None:
            found.figure(
                t("kf.cagr", start=c["start_year"], end=c["end_year"]),
                pct(c.get("cagr"), lang),
                t("land.title"),
            )
            found.findings.append(
                t("find.cagr", start=c["start_year"], end=c["end_year"], cagr=pct(c.get("cagr"), lang))
            )
    life = rows_of(data.indicator("lifecycle"))
    complete_years = {r["year"] for r in complete}
    life_complete = [r for r in life if r.get("year") in complete_years] or life
    if life_complete:
        figures.append(
            FigureBlock(
                caption=t("fig.lifecycle"),
                source=source_text(data, t),
                option=charts.lifecycle_curve(
                    life_complete[-20:],
                    x="units",
                    y="applicants",
                    label="year",
                    x_name=unit_name(data, t),
                    y_name=t("unit.applicants"),
                ),
            )
        )
        stage_row = life_complete[-1]
        stage = stage_row.get("stage")
        if stage:
            paragraphs.append(
                t(
                    "trend.stage",
                    year=stage_row["year"],
                    stage=t(f"stage.{stage}") if t.has(f"stage.{stage}") else stage,
                    units=num(stage_row.get("units"), lang),
                    applicants=num(stage_row.get("applicants"), lang),
                )
            )
            if found is not None:
                found.figure(
                    t("kf.stage", year=stage_row["year"]),
                    t(f"stage.{stage}") if t.has(f"stage.{stage}") else stage,
                    t("land.title"),
                )
        paragraphs.append(t("trend.stage_rule"))
    return Section("landscape.trend", t("trend.title"), paragraphs, [], figures)


def collaboration_figure(data: ReportData, t: Texts) -> FigureBlock | None:
    """The co-applicant network of the most connected applicants, or None without joint filings."""
    edges = rows_of(data.indicator("collaboration_edges"))
    if not edges:
        return None
    weight = "units_ab" if "units_ab" in edges[0] else "units"
    strength: dict[Any, float] = {}
    names: dict[Any, str] = {}
    for e in edges:
        for side in ("a", "b"):
            key = e[f"player_{side}"]
            strength[key] = strength.get(key, 0) + (e.get(weight) or 0)
            names[key] = e.get(f"name_{side}") or str(key)
    keep = set(sorted(strength, key=lambda k: (-strength[k], str(k)))[:NETWORK_NODES])
    nodes = [{"id": k, "label": names[k], "value": strength[k]} for k in keep]
    links = [
        {"source": e["player_a"], "target": e["player_b"], "weight": e.get(weight)}
        for e in edges
        if e["player_a"] in keep and e["player_b"] in keep
    ]
    return FigureBlock(
        caption=t("fig.network", n=len(nodes)),
        source=source_text(data, t),
        option=charts.network_graph(sorted(nodes, key=lambda n: str(n["id"])), links, labels=12),
        height=460,
    )


def top_inventors(data: ReportData) -> list[dict[str, Any]]:
    """The ranked inventor pool both report kinds draw their lists from (one query per store)."""
    return rows_of(data.indicator("top_inventors", n=INVENTOR_POOL))


def talent_to_attract(data: ReportData) -> list[dict[str, Any]]:
    return rows_of(data.indicator("talent_to_attract", n=ATTRACT_POOL))


def inventor_table(data: ReportData, t: Texts, rows: list[dict[str, Any]], caption: str) -> TableBlock:
    shown = [
        {
            **r,
            "node": data.node_name(r["main_node"]) if r.get("main_node") else None,
            "years": f"{r.get('first_year')}–{r.get('last_year')}" if r.get("first_year") else None,
        }
        for r in rows
    ]
    return TableBlock(
        caption=caption,
        source=source_text(data, t),
        table=table_from_rows(
            shown,
            [
                ("rank", t("col.rank")),
                ("display_name", t("col.inventor")),
                ("units", t("col.units")),
                ("main_applicant", t("col.main_applicant")),
                ("node", t("col.main_node")),
                ("co_inventors", t("col.co_inventors")),
                ("years", t("col.active_years")),
            ],
        ),
        formats={t("col.rank"): "int", t("col.active_years"): "text"},
        note=t("note.inventor_names"),
    )


def lead_inventor(data: ReportData, t: Texts, first: dict[str, Any]) -> dict[str, Any]:
    """The first-ranked inventor's name, filing count and main applicant, formatted for a sentence."""
    return {
        "name": first["display_name"],
        "units": num(first["units"], data.lang),
        "applicant": first.get("main_applicant") or t("unknown"),
    }


def recommend_talent(data: ReportData, t: Texts, found: Findings, attract: list[dict[str, Any]]) -> None:
    """Recommend bringing in the first of ``attract`` (talent to attract; not empty) to the region."""
    lang = data.lang
    found.recommend(
        "talent",
        t(
            "rec.talent",
            region=region_name(data.region, lang),
            names=join_names([r["display_name"] for r in attract[:3]], lang),
            units=num(attract[0]["units"], lang),
        ),
    )


def top_inventors_table(data: ReportData, t: Texts, top: list[dict[str, Any]], n: int) -> TableBlock:
    """The table of the chain's ``n`` top inventors (``top`` already cut to ``n``)."""
    return inventor_table(data, t, top, t("tab.top_inventors", n=n))


def attract_table(data: ReportData, t: Texts, attract: list[dict[str, Any]], n: int) -> TableBlock:
    """The table of the first ``n`` inventors worth attracting to the region."""
    region = region_name(data.region, data.lang)
    return inventor_table(data, t, attract[:n], t("tab.talent_attract", n=n, region=region))


def top_countries(
    t: Texts, rows: list[dict[str, Any]], value: str, n: int, total: float, lang: str
) -> list[dict[str, Any]]:
    """The first ``n`` country rows, the others summed into one row with its share of ``total``."""
    return top_with_rest(
        rows,
        n=n,
        sum_columns=[value],
        rest_row=lambda count, sums: {
            "name": t("rest.countries", n=num(count, lang)),
            value: int(sums[value]),
            "share": sums[value] / total if total else None,
        },
    )


def country_pie(data: ReportData, t: Texts, rows: list[dict[str, Any]], value: str, caption: str) -> FigureBlock:
    """A pie of ``value`` by country (rows carry ``name``): the eight largest, the rest as other."""
    return FigureBlock(
        caption=caption,
        source=source_text(data, t),
        option=charts.share_pie(rows, label="name", value=value, top=8, other=t("other")),
    )


def holder_names(rows: list[dict[str, Any]]) -> list[str]:
    seen: list[str] = []
    for r in rows:
        name = r.get("holder_name")
        if name and name not in seen:
            seen.append(name)
    return seen


def target_table(
    data: ReportData, t: Texts, key: str, rows: list[dict[str, Any]], names: dict[Any, str]
) -> TableBlock:
    """招商 / 链主 / partner lists with the figures that put each holder on the list."""
    lang = data.lang
    if key == "leaders":
        columns = [
            ("holder_name", t("col.holder")),
            ("nodes_led", t("col.nodes_led")),
            ("nodes_spanned", t("col.nodes_spanned")),
            ("chain_filings", t("col.units")),
            ("high_value", t("col.high_value")),
        ]
        shown = rows[:10]
        formats: dict[str, str] = {}
    else:
        columns = [
            ("node", t("col.node")),
            ("holder_name", t("col.holder")),
            ("country", t("col.country")),
            ("filings", t("col.units")),
            ("node_share", t("col.node_share")),
            ("high_value", t("col.high_value")),
        ]
        shown = [
            {
                **r,
                "node": names.get(r["node_id"], r.get("node_name")),
                "country": country_name(r.get("main_country"), lang),
            }
            for r in rows[:15]
        ]
        formats = {t("col.node_share"): "pct"}
    return TableBlock(
        caption=t(f"tab.{key}"),
        source=source_text(data, t),
        table=table_from_rows(shown, columns),
        formats=formats,
        note=t("note.more_rows", n=num(len(rows) - len(shown), lang)) if len(rows) > len(shown) else None,
    )


def patent_titles(data: ReportData, patent_ids: list[str]) -> dict[str, str]:
    if not patent_ids:
        return {}
    patent = data.nav.table("patent")
    found = patent.filter(patent.patent_id.isin(patent_ids)).select("patent_id", "title").to_pyarrow()
    return {r["patent_id"]: r["title"] for r in found.to_pylist()}


def patent_table(
    data: ReportData, t: Texts, rows: list[dict[str, Any]], caption: str, limit: int
) -> TableBlock:
    lang = data.lang
    shown = rows[:limit]
    titles = patent_titles(data, [r["patent_id"] for r in shown])
    table_rows = [
        {
            **r,
            "node": data.node_name(r["node_id"]),
            "title": titles.get(r["patent_id"]),
            "country": country_name(r.get("origin_country"), lang),
        }
        for r in shown
    ]
    return TableBlock(
        caption=caption,
        source=source_text(data, t),
        table=table_from_rows(
            table_rows,
            [
                ("patent_id", t("col.patent")),
                ("title", t("col.title")),
                ("holder_name", t("col.holder")),
                ("country", t("col.country")),
                ("node", t("col.node")),
                ("value_score", t("col.value_score")),
                ("expiry_date", t("col.expiry")),
            ],
        ),
        formats={t("col.value_score"): "float3"},
        note=t("note.more_rows", n=num(len(rows) - len(shown), lang)) if len(rows) > len(shown) else None,
    )


def _first_paragraph(doc: str) -> str:
    # docstrings mark code with reStructuredText ``literals``; a report shows plain text
    return doc.split("\n\n", 1)[0].replace("\n", " ").replace("``", "").strip()


def methods_section(data: ReportData, t: Texts, *, kind: str) -> Section:
    """Data sources and dates, chain version and rules, formulas, parameters and known limits."""
    lang = data.lang
    from chainnav.analytics.registry import all_indicators

    loads = rows_of(data.loads)
    load_rows = [
        {
            "file": r.get("file_name"),
            "format": r.get("format"),
            "rows": r.get("rows_read"),
            "loaded": r.get("rows_loaded"),
            "rejected": r.get("rows_rejected"),
            "date": (r.get("finished_at") or r.get("started_at")),
            "status": r.get("status"),
        }
        for r in loads
    ]
    sources = TableBlock(
        caption=t("tab.loads"),
        source=t("source.store", path=data.nav.path),
        table=table_from_rows(
            load_rows,
            [
                ("file", t("col.file")),
                ("format", t("col.format")),
                ("rows", t("col.rows_read")),
                ("loaded", t("col.rows_loaded")),
                ("rejected", t("col.rows_rejected")),
                ("date", t("col.loaded_at")),
                ("status", t("col.status")),
            ],
        ),
    )
    data_section = Section(
        "methods.data",
        t("methods.data_title"),
        [t("methods.data", n=num(len(loads), lang), cutoff=data.view.context.as_of.isoformat())],
        [sources],
    )

    definition = data.definition
    node_rule_rows = []
    counts = {r["node_id"]: r.get("units") for r in rows_of(data.nodes)}
    if definition is not None:
        for node in definition.nodes:
            rules = node.rules
            keywords = len(rules.keywords.zh) + len(rules.keywords.en)
            node_rule_rows.append(
                {
                    "node": node.name.zh if lang == "zh" else node.name.en,
                    "cpc": join_names(list(rules.cpc), "en", 6),
                    "ipc": join_names(list(rules.ipc), "en", 6),
                    "keywords": keywords,
                    "units": counts.get(node.id),
                }
            )
    references = list(definition.references) if definition is not None else []
    chain_paragraphs = [
        t(
            "methods.chain",
            chain=data.chain_name,
            id=data.chain_id,
            version=data.chain.get("version") or "",
            classified=str(data.chain.get("classified_at") or "")[:19],
        ),
        t("methods.rules"),
    ]
    if references:
        chain_paragraphs.append(
            t("methods.references", refs="；".join(references) if lang == "zh" else "; ".join(references))
        )
    chain_tables = []
    if node_rule_rows:
        chain_tables.append(
            TableBlock(
                caption=t("tab.rules"),
                source=t("source.chain", id=data.chain_id, version=data.chain.get("version") or ""),
                table=table_from_rows(
                    node_rule_rows,
                    [
                        ("node", t("col.node")),
                        ("cpc", "CPC"),
                        ("ipc", "IPC"),
                        ("keywords", t("col.keywords")),
                        ("units", t("col.units")),
                    ],
                ),
            )
        )
    chain_section = Section("methods.chain", t("methods.chain_title"), chain_paragraphs, chain_tables)

    families = {"talent": ("talent", "trends", "geography")}.get(kind)
    indicators = [i for i in all_indicators() if families is None or i.family in families]
    formula_rows = [
        {
            "name": i.name,
            "family": t(f"family.{i.family}") if t.has(f"family.{i.family}") else i.family,
            "unit": i.unit,
            "formula": _first_paragraph(i.doc),
        }
        for i in indicators
    ]
    formulas = TableBlock(
        caption=t("tab.formulas"),
        source=t("source.registry"),
        table=table_from_rows(
            formula_rows,
            [
                ("name", t("col.indicator")),
                ("family", t("col.family")),
                ("unit", t("col.value_unit")),
                ("formula", t("col.formula")),
            ],
        ),
    )
    params = [
        {"name": t("param.region"), "value": region_name(data.region, lang)},
        {"name": t("param.unit"), "value": unit_name(data, t)},
        {
            "name": t("param.years"),
            "value": (
                f"{data.view.scope.years[0]}–{data.view.scope.years[1]}"
                if data.view.scope.years
                else t("cover.all_years")
            ),
        },
        {"name": t("param.cutoff"), "value": data.view.context.as_of.isoformat()},
        {"name": t("param.complete"), "value": str(data.view.context.complete_until_year)},
    ]
    if kind == "navigation":
        sec = data.security
        params.append({"name": t("param.weights"), "value": weights_text(sec.weights, lang)})
        for name in ("strong_rta", "min_local", "window_years", "high_value_quantile"):
            if name in sec.params:
                params.append({"name": t(f"param.{name}"), "value": str(sec.params[name])})
    param_table = TableBlock(
        caption=t("tab.params"),
        source=t("source.registry"),
        table=table_from_rows(params, [("name", t("col.parameter")), ("value", t("col.value"))]),
    )
    formula_section = Section(
        "methods.indicators",
        t("methods.indicators_title"),
        [t("methods.indicators", n=num(len(indicators), lang))],
        [param_table, formulas],
    )
    limits = Section("methods.limits", t("methods.limits_title"), [t(key) for key in METHOD_LIMIT_KEYS])
    return Section(
        "methods",
        t("methods.title"),
        [t("methods.intro")],
        [],
        [],
        [data_section, chain_section, formula_section, limits],
    )
