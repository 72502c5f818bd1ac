"""The charts each page shows, built from the page's data by the shared ``chainnav.charts`` builders."""

from __future__ import annotations

from typing import Any

from chainnav.charts import options as charts
from chainnav.web.i18n import Translator


def _named(rows: list[dict[str, Any]], t: Translator) -> list[dict[str, Any]]:
    return [{**row, "name": t.name(row)} for row in rows]


def _trend(data: dict[str, Any], t: Translator) -> dict[str, Any]:
    return charts.trend_line(data["trend"], x="year", y="patents", y_name=t("patents"), area=True)


def _ranking(rows: list[dict[str, Any]], t: Translator, label: str = "name") -> dict[str, Any]:
    return charts.ranking_bar(rows, label=label, value="patents", value_name=t("patents"))


def chain_figures(data: dict[str, Any], t: Translator) -> dict[str, Any]:
    nodes = _named(data["nodes"], t)
    return {
        "map": charts.chain_map(
            nodes, colour_by="local_share", colour_name=t("local_share"), colour_percent=True, lang=t.lang,
        ),
        "map_height": charts.chain_map_height(nodes),
        "trend": _trend(data, t),
        "applicants": _ranking(data["applicants"], t),
        "countries": charts.share_pie(
            data["countries"], label="country", value="patents", other="其他" if t.lang == "zh" else "Other"
        ),
    }


def node_figures(data: dict[str, Any], t: Translator) -> dict[str, Any]:
    return {
        "trend": _trend(data, t),
        "applicants": _ranking(data["applicants"], t),
        "inventors": _ranking(data["inventors"], t),
        "countries": charts.share_pie(
            data["countries"], label="country", value="patents", other="其他" if t.lang == "zh" else "Other"
        ),
    }


def party_figures(data: dict[str, Any], t: Translator) -> dict[str, Any]:
    return {"trend": _trend(data, t), "nodes": _ranking(_named(data["nodes"], t), t)}


def region_figures(data: dict[str, Any], t: Translator) -> dict[str, Any]:
    return {
        "trend": _trend(data, t),
        "applicants": _ranking(data["applicants"], t),
        "nodes": _ranking(_named(data["nodes"], t), t),
    }


def security_figures(data: dict[str, Any], t: Translator) -> dict[str, Any]:
    nodes = [{**row, "name": t.name(row), "patents": row.get("filings")} for row in data["nodes"]]
    return {
        "map": charts.chain_map(nodes, colour_by="chokepoint", colour_name="chokepoint", lang=t.lang),
        "map_height": charts.chain_map_height(nodes),
    }
