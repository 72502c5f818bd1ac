"""``assess``: the chain-security assessment of one chain for one region, as Arrow tables.

The aggregation runs in the store's engine through Ibis; Python only adds the reason texts to the
already-aggregated rows (tens of nodes, a few hundred list rows).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import ibis
import pyarrow as pa

from chainnav.analytics.context import AnalysisContext, Scope
from chainnav.errors import NotFoundError
from chainnav.security import nodes as node_mod
from chainnav.security.model import ChainSecurity
from chainnav.security.params import SecurityParams, resolve_params

if TYPE_CHECKING:
    from chainnav.navigator import Navigator

TABLES = (
    "nodes", "sensitivity", "trend", "chain_leaders", "attract_firms", "partners", "talent", "risk_patents",
    "free_to_use", "high_value_local", "pledge_candidates",
)
Texts = tuple[str, str]  # a reason in (Chinese, English)


@dataclass
class SecurityAssessment:
    """The assessment's tables (pyarrow) plus the weights and parameters used."""

    chain_id: str
    region: str
    country: str
    nodes: pa.Table
    sensitivity: pa.Table
    trend: pa.Table
    chain_leaders: pa.Table
    attract_firms: pa.Table
    partners: pa.Table
    talent: pa.Table
    risk_patents: pa.Table
    free_to_use: pa.Table
    high_value_local: pa.Table
    pledge_candidates: pa.Table
    weights: dict[str, float]
    params: dict[str, Any] = field(default_factory=dict)

    def tables(self) -> dict[str, pa.Table]:
        return {name: getattr(self, name) for name in TABLES}

    def ranking(self) -> pa.Table:
        """The chokepoint ranking: rank, node, score, class and reason, best first."""
        cols = ["chokepoint_rank", "node_id", "name_zh", "name_en", "chokepoint", "class", "class_reason"]
        return self.nodes.select(cols).sort_by([("chokepoint_rank", "ascending"), ("node_id", "ascending")])

    def origin_note(self, lang: str = "en") -> str | None:
        """A warning when the origins cannot support the region asked for (no applicant addresses)."""
        basis = self.params.get("origin_basis", {})
        if basis.get("applicant_address"):
            return None
        if "-" in self.region:
            return (f"数据无申请人地址，来源地按首次优先权受理局判定，无法识别 {self.region} 的本地申请；请改用国家级区域（如 {self.country}）。"
                    if lang == "zh" else
                    f"No applicant addresses: origin is the office of first priority, so no unit can be local to "
                    f"{self.region}; use a country region such as {self.country}.")
        return ("数据无申请人地址，来源地按首次优先权受理局（技术来源国）判定。" if lang == "zh" else
                "No applicant addresses: origin is the office of first priority (technology origin).")

    def to_dict(self) -> dict[str, Any]:
        """Everything as JSON-ready data (what ``chainnav security --json`` prints)."""
        return {
            "chain_id": self.chain_id, "region": self.region, "country": self.country,
            "weights": self.weights, "params": self.params, "origin_note": self.origin_note("en"),
            **{name: table.to_pylist() for name, table in self.tables().items()},
        }

    def write(self, out: Path, *, formats: Iterable[str] = ("parquet", "xlsx")) -> list[Path]:
        """Write every table as Parquet and all of them as one XLSX workbook; returns the paths."""
        import pyarrow.parquet as pq

        out.mkdir(parents=True, exist_ok=True)
        written: list[Path] = []
        formats = set(formats)
        if "parquet" in formats:
            for name, table in self.tables().items():
                path = out / f"{name}.parquet"
                pq.write_table(table, path)
                written.append(path)
        if "xlsx" in formats:
            import pandas as pd

            path = out / f"security_{self.chain_id}_{self.region}.xlsx"
            with pd.ExcelWriter(path, engine="openpyxl") as xl:
                params = pa.table({"name": list(self.params), "value": [str(v) for v in self.params.values()]})
                params.to_pandas().to_excel(xl, sheet_name="params", index=False)
                for name, table in self.tables().items():
                    frame = table.to_pandas()
                    for col in frame.columns:
                        if isinstance(frame[col].dtype, pd.DatetimeTZDtype):
                            frame[col] = frame[col].dt.tz_localize(None)
                    frame.to_excel(xl, sheet_name=name[:31], index=False)
            written.append(path)
        return written


def _fmt(value: Any, digits: int = 2) -> str:
    return "–" if value is None else f"{value:.{digits}f}"


def _class_reason(row: dict[str, Any], params: SecurityParams) -> Texts:
    """The rule and figures behind a node's class, in Chinese and English."""
    zh, en = _class_rule(row, params)
    if row["low_data"]:
        zh += f"（仅 {row['filings']} 件，数据不足 {params.min_node_filings} 件，结论仅供参考）"
        en += f" (only {row['filings']} filings, fewer than {params.min_node_filings}: indicative only)"
    return zh, en


def _class_rule(row: dict[str, Any], params: SecurityParams) -> Texts:
    rta, local, cls = row["rta"], row["local"], row["class"]
    if cls == node_mod.STRENGTHEN:
        return (
            f"本地专业化指数 RTA {_fmt(rta)} ≥ {_fmt(params.strong_rta)}，本地申请 {local} 件 ≥ {params.min_local}",
            f"local RTA {_fmt(rta)} ≥ {_fmt(params.strong_rta)} with {local} local filings ≥ {params.min_local}",
        )
    growth = "新出现" if row["growth"] is None else f"{_fmt(row['growth'])} 倍"
    growth_en = "new" if row["growth"] is None else f"{_fmt(row['growth'])}×"
    if cls == node_mod.EXTEND:
        return (
            f"近{params.window_years}年申请 {row['recent']} 件，增长 {growth}（全链 {_fmt(row['chain_growth'])} 倍），"
            f"毗邻强链节点 {row['strong_neighbours']}",
            f"{row['recent']} filings in the last {params.window_years} years, growth {growth_en} "
            f"(chain {_fmt(row['chain_growth'])}×), next to strengthen node(s) {row['strong_neighbours_en']}",
        )
    why = (f"本地申请 {local} 件 < {params.min_local}" if local < params.min_local
           else f"RTA {_fmt(rta)} < {_fmt(params.strong_rta)}")
    why_en = (f"{local} local filings < {params.min_local}" if local < params.min_local
              else f"RTA {_fmt(rta)} < {_fmt(params.strong_rta)}")
    return (
        f"本地薄弱：{why}；境外申请占比 {_fmt(row['foreign_share'] * 100, 1)}%，"
        f"卡脖子得分 {_fmt(row['chokepoint'], 1)}（第 {row['chokepoint_rank']} 位）",
        f"local weak: {why_en}; foreign share {_fmt(row['foreign_share'] * 100, 1)}%, "
        f"chokepoint {_fmt(row['chokepoint'], 1)} (rank {row['chokepoint_rank']})",
    )


def _add_column(table: pa.Table, name: str, values: list[str]) -> pa.Table:
    return table.append_column(name, pa.array(values, pa.string()))


def _node_label(row: dict[str, Any], node: dict[str, Any]) -> Texts:
    """The node's class and name, e.g. (补链节点「电池」, fill node "Battery")."""
    name_en = node.get("name_en") or node.get("name_zh") or row["node_id"]
    return (f"{node.get('class', '')}节点「{node.get('name_zh') or row['node_id']}」",
            f"{node_mod.CLASS_EN.get(node.get('class', ''), 'unclassified')} node \"{name_en}\"")


def _leader_reason(row: dict[str, Any]) -> Texts:
    if row["nodes_led"]:
        led = f"{row['nodes_led']} 个节点本地第一（{row['led_nodes']}）"
        led_en = f"top local holder in {row['nodes_led']} node(s) ({row['led_nodes_en']})"
    else:
        led, led_en = "未居任何节点本地第一", "top local holder in no node"
    return (f"{led}；覆盖 {row['nodes_spanned']}/{row['chain_nodes']} 个节点；"
            f"链内申请 {row['chain_filings']} 件，高价值 {row['high_value']} 件",
            f"{led_en}; present in {row['nodes_spanned']}/{row['chain_nodes']} nodes; "
            f"{row['chain_filings']} filings in the chain, {row['high_value']} high-value")


def _target_reason(row: dict[str, Any], node: dict[str, Any], what: Texts) -> Texts:
    label, label_en = _node_label(row, node)
    return (f"{label}{what[0]}第 {row['rank_in_node']} 位："
            f"{row['filings']} 件（占节点 {row['node_share'] * 100:.1f}%），高价值 {row['high_value']} 件",
            f"{what[1]} no. {row['rank_in_node']} in {label_en}: "
            f"{row['filings']} filings ({row['node_share'] * 100:.1f}% of the node), {row['high_value']} high-value")


def _talent_reason(row: dict[str, Any], node: dict[str, Any]) -> Texts:
    label, label_en = _node_label({"node_id": row["main_node"]}, node)
    place = row["location_region"] or row["location_country"]
    applicant = row["main_applicant"]
    return (f"主攻{label}；链内 {row['units']} 件（{row['first_year']}–{row['last_year']}），"
            f"主要申请人 {applicant or '未知'}，所在地 {place or '未知'}（{row['location_basis']}），本地无申请",
            f"works mainly in {label_en}; {row['units']} filings in the chain ({row['first_year']}–{row['last_year']}), "
            f"main applicant {applicant or 'unknown'}, located in {place or 'unknown'} ({row['location_basis']}), "
            f"no local filings")


def _risk_reason(row: dict[str, Any]) -> Texts:
    parts = [f"境外（{row['origin_country']}）"]
    parts_en = [f"foreign ({row['origin_country']})"]
    if row["is_high_value"]:
        parts.append(f"高价值（价值分 {row['value_score']:.3f} ≥ {row['value_threshold']:.3f}）")
        parts_en.append(f"high-value (value score {row['value_score']:.3f} ≥ {row['value_threshold']:.3f})")
    if row["is_litigant"]:
        parts.append(f"权利人在诉讼名单（{row['litigant']}）")
        parts_en.append(f"holder on the litigant list ({row['litigant']})")
    parts.append("有效" if row["in_force"] else "审查中")
    parts_en.append("in force" if row["in_force"] else "pending")
    parts.append(f"本地在该节点有 {row['local_filings_in_node']} 件申请")
    parts_en.append(f"{row['local_filings_in_node']} local filings in the node")
    return "，".join(parts), ", ".join(parts_en)


def _portfolio_criteria(row: dict[str, Any], params: SecurityParams) -> Texts:
    share = round((1 - params.high_value_quantile) * 100)
    verdict, verdict_en = ("达标", "qualifies") if row["qualifies"] else ("未达标", "does not qualify")
    sign = "≥" if row["qualifies"] else "<"
    return (f"高价值 = 价值分 ≥ {row['value_threshold']:.3f}（全链前 {share}%）；"
            f"高价值专利 {row['high_value']} 件（{sign} {params.portfolio_min_high_value}，{verdict}），"
            f"其中授权 {row['granted_high_value']} 件",
            f"high-value = value score ≥ {row['value_threshold']:.3f} (top {share}% of the chain); "
            f"{row['high_value']} high-value patents ({sign} {params.portfolio_min_high_value}, {verdict_en}), "
            f"{row['granted_high_value']} of them granted")


def _pledge_criteria(row: dict[str, Any], params: SecurityParams) -> Texts:
    return (f"价值分 {row['value_score']:.3f} ≥ {row['value_threshold']:.3f}；已授权且有效（{row['status_basis']}）；"
            f"剩余保护期 {row['years_left']:.1f} 年 ≥ {params.pledge_min_years:g}；同族 {row['family_size'] or 1} 件",
            f"value score {row['value_score']:.3f} ≥ {row['value_threshold']:.3f}; granted and in force "
            f"({row['status_basis']}); {row['years_left']:.1f} years of term left ≥ {params.pledge_min_years:g}; "
            f"family of {row['family_size'] or 1}")


def _rows_with(table: pa.Table, name: str, fn: Callable[[dict[str, Any]], Texts]) -> pa.Table:
    """Add the texts of ``fn`` as ``<name>_zh`` and ``<name>_en``, and as ``<name>`` (Chinese, the
    column earlier callers read)."""
    texts = [fn(r) for r in table.to_pylist()]
    zh, en = [t[0] for t in texts], [t[1] for t in texts]
    return _add_column(_add_column(_add_column(table, name, zh), f"{name}_zh", zh), f"{name}_en", en)


def assess(
    nav: Navigator,
    chain_id: str,
    *,
    region: str,
    country: str | None = None,
    weights: SecurityParams | dict[str, Any] | str | Path | None = None,
    years: tuple[int, int] | None = None,
    litigants: Iterable[str] | None = None,
    as_of: dt.date | None = None,
) -> SecurityAssessment:
    """Assess the self-controllability of ``chain_id`` for ``region`` (``CN`` or ``CN-GD``).

    ``weights`` is a ``SecurityParams``, a mapping of its fields (or of the four chokepoint
    weights), or a YAML file path. ``litigants`` are holder names of known litigants;
    ``as_of`` is the date terms and expiries are measured against (today by default).
    """
    params = resolve_params(weights)
    region = region.upper()
    chain = nav.table("chain_node")
    if not chain.filter(chain.chain_id == chain_id).count().execute():
        raise NotFoundError(f"chain {chain_id!r} has no nodes in store {nav.path}",
                            hint=f"Classify it first: `chainnav classify --chain {chain_id}`.")
    ctx = AnalysisContext(nav.ibis, Scope(chain_id=chain_id, region=region, years=years))
    model = ChainSecurity(ctx, params, country=country, as_of=as_of, litigants=litigants)
    model.materialize()

    node_rows = model.nodes.to_pyarrow()
    reasons = [_class_reason(r, params) for r in node_rows.to_pylist()]
    node_rows = _add_column(node_rows, "class_reason", [r[0] for r in reasons])
    node_rows = _add_column(node_rows, "class_reason_zh", [r[0] for r in reasons])
    node_rows = _add_column(node_rows, "class_reason_en", [r[1] for r in reasons])
    # the lists read the classes: give them the executed node table, not the expression again
    nodes_t = ibis.memtable(node_rows.drop_columns(["class_reason", "class_reason_zh", "class_reason_en"]))
    by_id = {r["node_id"]: r for r in node_rows.select(["node_id", "name_zh", "name_en", "class"]).to_pylist()}
    firm, partner = ("外地企业", "non-local firm"), ("高校院所", "university or institute")

    return SecurityAssessment(
        chain_id=chain_id,
        region=region,
        country=model.country,
        nodes=node_rows,
        sensitivity=model.sensitivity.to_pyarrow(),
        trend=model.trend().to_pyarrow(),
        chain_leaders=_rows_with(model.chain_leaders(nodes_t).to_pyarrow(), "reason", _leader_reason),
        attract_firms=_rows_with(model.attract_firms(nodes_t).to_pyarrow(), "reason",
                                 lambda r: _target_reason(r, by_id[r["node_id"]], firm)),
        partners=_rows_with(model.partners(nodes_t).to_pyarrow(), "reason",
                            lambda r: _target_reason(r, by_id[r["node_id"]], partner)),
        talent=_rows_with(model.talent(nodes_t).to_pyarrow(), "reason",
                          lambda r: _talent_reason(r, by_id[r["main_node"]])),
        risk_patents=_rows_with(model.risk_patents(nodes_t).to_pyarrow(), "reason", _risk_reason),
        free_to_use=model.free_to_use(nodes_t).to_pyarrow(),
        high_value_local=_rows_with(model.high_value_local(nodes_t).to_pyarrow(), "criteria",
                                    lambda r: _portfolio_criteria(r, params)),
        pledge_candidates=_rows_with(model.pledge_candidates().to_pyarrow(), "criteria",
                                     lambda r: _pledge_criteria(r, params)),
        weights=model.weights,
        params={
            **params.as_dict(), "region": region, "country": model.country, "years": years,
            "as_of": model.as_of.isoformat(), "trend_windows": model.windows, "litigants": model.litigants,
            "origin_basis": {r["origin_basis"]: r["rows"] for r in model.origin_basis().to_pyarrow().to_pylist()},
        },
    )
