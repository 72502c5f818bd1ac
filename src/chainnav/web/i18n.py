"""The platform's interface strings in Chinese and English, and the choice of language per request."""

from __future__ import annotations

from typing import Any

LANGS = ("zh", "en")
DEFAULT_LANG = "zh"

STRINGS: dict[str, tuple[str, str]] = {
    "site": ("产业专利数据库", "Industry patent database"),
    "home": ("首页", "Home"),
    "search": ("检索", "Search"),
    "api": ("API", "API"),
    "admin": ("管理", "Admin"),
    "chains": ("产业链", "Chains"),
    "chain": ("产业链", "Chain"),
    "node": ("节点", "Node"),
    "nodes": ("节点数", "Nodes"),
    "patents": ("专利数", "Patents"),
    "families": ("同族数", "Families"),
    "applicants": ("申请人", "Applicants"),
    "applicant": ("申请人", "Applicant"),
    "inventors": ("发明人", "Inventors"),
    "inventor": ("发明人", "Inventor"),
    "region": ("地区", "Region"),
    "regions": ("地区分布", "Regions"),
    "countries": ("国家/地区分布", "Countries"),
    "version": ("版本", "Version"),
    "classified_at": ("最近分类", "Last classified"),
    "last_load": ("最近导入", "Last import"),
    "store_totals": ("数据库共有专利 {patents:,} 件，导入 {loads} 次。", "The store holds {patents:,} patents from {loads} imports."),
    "chain_map": ("产业链图谱", "Chain map"),
    "chain_map_hint": ("点击节点查看详情；颜色表示本地份额。", "Click a node to drill down; colour shows the local share."),
    "key_indicators": ("关键指标", "Key indicators"),
    "local_share": ("本地份额", "Local share"),
    "local_patents": ("本地专利", "Local patents"),
    "granted": ("授权", "Granted"),
    "years": ("年份范围", "Years"),
    "trend": ("申请趋势", "Filing trend"),
    "top_applicants": ("主要申请人", "Top applicants"),
    "top_inventors": ("主要发明人", "Top inventors"),
    "segment": ("环节", "Segment"),
    "upstream": ("上游", "Upstream"),
    "midstream": ("中游", "Midstream"),
    "downstream": ("下游", "Downstream"),
    "children": ("下级节点", "Sub-nodes"),
    "rules": ("节点规则", "Node rules"),
    "rules_hint": ("以下规则决定哪些专利归入本节点。", "These rules select the node's patents."),
    "rule_hits": ("规则命中", "Rule hits"),
    "high_value": ("高价值专利", "High-value patents"),
    "risk": ("风险专利（境外持有、有效）", "Risk list (foreign-held, in force)"),
    "talent": ("人才", "Talent"),
    "players": ("创新主体", "Players"),
    "patent_list": ("专利列表", "Patents"),
    "patent": ("专利", "Patent"),
    "title": ("标题", "Title"),
    "abstract": ("摘要", "Abstract"),
    "patent_id": ("公开号", "Publication"),
    "application_date": ("申请日", "Filed"),
    "publication_date": ("公开日", "Published"),
    "priority_date": ("优先权日", "Priority"),
    "grant_date": ("授权日", "Granted on"),
    "office": ("受理局", "Office"),
    "doc_type": ("类型", "Type"),
    "legal_status": ("法律状态", "Legal status"),
    "cited_by_count": ("被引次数", "Cited by"),
    "family_size": ("同族规模", "Family size"),
    "num_claims": ("权利要求数", "Claims"),
    "family_id": ("同族号", "Family"),
    "application_number": ("申请号", "Application"),
    "codes": ("分类号", "Classification codes"),
    "parties": ("申请人与发明人", "Applicants and inventors"),
    "role": ("角色", "Role"),
    "priorities": ("优先权", "Priority claims"),
    "chain_nodes": ("所属产业链节点", "Chain nodes"),
    "matched_rule": ("命中规则", "Matched rule"),
    "cites": ("引用", "Cites"),
    "cited_by": ("被引用", "Cited by"),
    "not_in_store": ("库外", "not in store"),
    "query": ("关键词", "Keywords"),
    "year_from": ("起始年", "From year"),
    "year_to": ("截止年", "To year"),
    "code_prefix": ("分类号前缀", "Code prefix"),
    "status": ("法律状态", "Legal status"),
    "sort": ("排序", "Sort"),
    "any": ("全部", "Any"),
    "results": ("共 {total:,} 件结果", "{total:,} results"),
    "export": ("导出", "Export"),
    "prev": ("上一页", "Previous"),
    "next": ("下一页", "Next"),
    "page_of": ("第 {page} / {pages} 页", "Page {page} of {pages}"),
    "formats": ("其他格式", "Other formats"),
    "partners": ("合作者", "Co-applicants"),
    "names": ("名称", "Names"),
    "entity_type": ("类型", "Type"),
    "subregions": ("省级分布", "Sub-national regions"),
    "no_data": ("暂无数据", "No data"),
    "error": ("出错了", "Something went wrong"),
    "login": ("登录", "Log in"),
    "logout": ("退出", "Log out"),
    "username": ("用户名", "Username"),
    "password": ("密码", "Password"),
    "upload": ("上传导出文件", "Upload an export"),
    "upload_go": ("导入", "Import"),
    "loads": ("导入记录", "Imports"),
    "load_report": ("导入报告", "Load report"),
    "rejects": ("拒收行", "Rejected rows"),
    "classify": ("重建分类", "Rebuild classification"),
    "reports": ("报告", "Reports"),
    "build_report": ("生成报告", "Build report"),
    "edit_yaml": ("编辑产业链 YAML", "Edit chain YAML"),
    "save": ("保存", "Save"),
    "read_only": (
        "服务以只读方式启动：导入、分类和编辑不可用。",
        "The server runs read-only: imports, classification and edits are disabled.",
    ),
    "security": ("产业链安全评估", "Chain security"),
    "standards": ("标准关联", "Standards"),
    "chokepoints": ("卡脖子节点排名与强链/补链/延链", "Chokepoint ranking and strengthen / fill / extend"),
    "class": ("分类", "Class"),
    "reason": ("理由", "Reason"),
    "chain_leaders": ("链主企业", "Chain leaders"),
    "attract_firms": ("招商目标", "Firms to attract"),
    "standards_in_catalogue": ("标准目录共 {n} 项。", "{n} standards in the catalogue."),
    "standard_gaps": ("标准缺口", "Standards gaps"),
    "standard_candidates": ("可转化为标准的专利候选", "Patent candidates for standards"),
    "computing": ("正在计算…", "Computing…"),
    "computing_hint": ("首次访问需计算全链数据，本页每 5 秒自动刷新。", "The first visit computes the whole chain; this page refreshes every 5 seconds."),
    "sort_newest": ("最新申请", "Newest filing"),
    "sort_oldest": ("最早申请", "Oldest filing"),
    "sort_cited": ("被引最多", "Most cited"),
    "sort_family": ("同族最大", "Largest family"),
    "sort_id": ("公开号", "Publication number"),
}


def pick_lang(query_lang: str | None, cookie_lang: str | None) -> str:
    """The request's language: ``?lang=`` first, then the ``lang`` cookie, then Chinese."""
    for candidate in (query_lang, cookie_lang):
        if candidate in LANGS:
            return candidate
    return DEFAULT_LANG


class Translator:
    """``t("patents")`` in templates; ``t("results", total=5)`` formats; ``t.name(row)`` picks zh/en."""

    def __init__(self, lang: str) -> None:
        self.lang = lang if lang in LANGS else DEFAULT_LANG
        self._index = LANGS.index(self.lang)

    def __call__(self, key: str, **values: Any) -> str:
        pair = STRINGS.get(key)
        text = pair[self._index] if pair else key
        return text.format(**values) if values else text

    def name(self, row: dict[str, Any] | None, fallback_key: str = "node_id") -> str:
        """A row's display name in this language (``name_zh``/``name_en``), falling back to the other."""
        if not row:
            return ""
        first, second = ("name_zh", "name_en") if self.lang == "zh" else ("name_en", "name_zh")
        return str(row.get(first) or row.get(second) or row.get(fallback_key) or "")
