"""Every fixed text of the reports in Chinese and English, and place names for countries and regions.

Texts are ``str.format`` templates; the tests check that each key exists in both languages with
the same placeholders, so a report never mixes languages or shows a raw key.
"""

from __future__ import annotations

from typing import Any

TEXT: dict[str, tuple[str, str]] = {
    # -- titles -------------------------------------------------------------------------------
    "nav.title": ("{chain}产业专利导航报告", "Patent Navigation Report — {chain}"),
    "nav.subtitle": (
        "产业规划类专利导航 · 区域：{region}",
        "Industry-planning patent navigation · Region: {region}",
    ),
    "tal.title": ("{chain}产业创新人才分析报告", "Innovation Talent Report — {chain}"),
    "cover.chain": ("产业链", "Industry chain"),
    "cover.region": ("关注区域", "Region of interest"),
    "cover.unit": ("计数单位", "Counting unit"),
    "cover.years": ("年份范围", "Years"),
    "cover.all_years": ("全部年份", "all years"),
    "cover.cutoff": ("数据截止", "Data cut-off"),
    # -- shared words -------------------------------------------------------------------------
    "none": ("无", "none"),
    "unknown": ("未知", "unknown"),
    "other": ("其他", "Other"),
    "unit.family": ("简单同族（件）", "simple families"),
    "unit.application": ("申请（件）", "applications"),
    "unit.publication": ("公开文本（件）", "publications"),
    "unit.applicants": ("申请人（个）", "applicants"),
    "unit.inventors": ("发明人（人）", "inventors"),
    "unit.moves": ("流动（次）", "moves"),
    "segment.upstream": ("上游", "Upstream"),
    "segment.midstream": ("中游", "Midstream"),
    "segment.downstream": ("下游", "Downstream"),
    "stage.emerging": ("萌芽期", "emerging"),
    "stage.growth": ("成长期", "growth"),
    "stage.mature": ("成熟期", "mature"),
    "stage.decline": ("衰退期", "decline"),
    "level.high": ("高度集中", "highly concentrated"),
    "level.moderate": ("中度集中", "moderately concentrated"),
    "level.low": ("竞争较为分散", "unconcentrated"),
    "etype.company": ("企业", "Companies"),
    "etype.university": ("高校", "Universities"),
    "etype.research": ("科研院所", "Research institutes"),
    "etype.individual": ("个人", "Individuals"),
    "etype.government": ("政府机构", "Government"),
    "family.trends": ("趋势", "trends"),
    "family.geography": ("地域", "geography"),
    "family.players": ("创新主体", "players"),
    "family.technology": ("技术", "technology"),
    "family.value": ("价值", "value"),
    "family.collaboration": ("合作", "collaboration"),
    "family.talent": ("人才", "talent"),
    "family.security": ("产业链安全", "chain security"),
    "family.warning": ("预警", "warning"),
    "weight.foreign_share": ("境外占比", "foreign share"),
    "weight.foreign_concentration": ("境外集中度", "foreign concentration"),
    "weight.local_weakness": ("本地薄弱度", "local weakness"),
    "weight.importance": ("链上重要性", "importance in the chain"),
    "move.applicant": ("更换申请人", "change of applicant"),
    "move.country": ("跨国流动", "change of country"),
    "move.region": ("跨地区流动", "change of region"),
    "series.new_players": ("新进入申请人", "new applicants"),
    "series.active_players": ("活跃申请人", "active applicants"),
    "rest.countries": ("其余 {n} 个国家/地区", "{n} other countries"),
    "rest.applicants": ("其余 {n} 个申请人", "{n} other applicants"),
    # -- source lines -------------------------------------------------------------------------
    "source.line": (
        "{files}；chainnav 统计（产业链 {chain} {version}，数据截止 {cutoff}）",
        "{files}; chainnav analysis (chain {chain} {version}, data cut-off {cutoff})",
    ),
    "source.store": (
        "chainnav 数据库 {path} 的导入记录（load 表）",
        "import records (load table) of chainnav store {path}",
    ),
    "source.chain": ("产业链定义 {id} {version}", "chain definition {id} {version}"),
    "source.registry": ("chainnav 指标注册表", "chainnav indicator registry"),
    # -- summary ------------------------------------------------------------------------------
    "summary.title": ("摘要", "Summary"),
    "summary.intro": (
        "本报告按照 GB/T 39551-2020《专利导航指南》产业规划类专利导航的要求，以{unit}为计数单位，分析{chain}产业链的全球专利态势，"
        "并以{region}为关注区域，评估其在产业链各环节的位置、短板与风险，提出发展建议。",
        "Following the industry-planning patent navigation of GB/T 39551-2020, this report analyses the global patent "
        "landscape of the {chain} industry chain, counting {unit}, and assesses the position, gaps and risks of {region} "
        "in each node of the chain, with recommendations.",
    ),
    "summary.trace": (
        "下列每条发现与建议都给出其依据的数字，数字可在表 1“主要指标”及对应章节的图表中查到。",
        "Each finding and recommendation below states the figure it rests on; the figures appear in Table 1 (key "
        "figures) and in the tables and charts of the chapters named there.",
    ),
    "summary.findings": ("主要发现", "Findings"),
    "summary.recommendations": ("发展建议", "Recommendations"),
    "tab.key_figures": ("主要指标", "Key figures"),
    "col.indicator": ("指标", "Indicator"),
    "col.value": ("数值", "Value"),
    "col.chapter": ("章节", "Chapter"),
    "kf.chain_units": ("产业链专利总量", "Patents in the chain"),
    "kf.nodes": ("产业链节点数", "Chain nodes"),
    "kf.own_country_share": ("{country}申请占全球比重", "Share of {country} in the world"),
    "kf.local_share": ("{region}本地申请占比", "Local share of {region}"),
    "kf.cagr": ("{start}–{end} 年复合增长率", "Growth rate per year {start}–{end}"),
    "kf.stage": ("技术生命周期阶段（{year} 年）", "Lifecycle stage ({year})"),
    "kf.hhi": ("申请人集中度 HHI", "Applicant concentration HHI"),
    "kf.cr4": ("前四位申请人占比 CR4", "Top-4 applicant share CR4"),
    "kf.classes": ("强链 / 补链 / 延链节点数", "Nodes to strengthen / fill / extend"),
    "kf.inventor_places": ("发明人总数", "Inventors"),
    "kf.own_inventors": ("{country}发明人数", "Inventors in {country}"),
    "kf.moves": ("发明人更换申请人次数", "Inventor moves between applicants"),
    "find.biggest_node": (
        "“{node}”是专利最集中的环节，共 {units} 件，占全链 {share}。",
        "{node} is the node with most patents: {units}, {share} of the chain.",
    ),
    "find.top_country": (
        "全球专利来自 {n} 个国家/地区，{top}居首，占 {share}。",
        "Patents come from {n} countries; {top} leads with {share}.",
    ),
    "find.cagr": (
        "{start}–{end} 年专利申请年均复合增长率为 {cagr}。",
        "Filings grew by {cagr} a year from {start} to {end}.",
    ),
    "find.local_share": (
        "{region}本地申请 {local} 件，占全链 {share}。",
        "{region} holds {local} filings, {share} of the chain.",
    ),
    "find.fastest_node": (
        "增长最快的环节是“{node}”：近三年 {recent} 件，增长 {growth}。",
        "The fastest-growing node is {node}: {recent} filings in the last three years, up {growth}.",
    ),
    "find.top_applicant": (
        "第一大申请人为 {name}，持有 {units} 件，占 {share}。",
        "The largest applicant is {name} with {units} ({share}).",
    ),
    "find.chokepoint": (
        "数据充足的环节中卡脖子风险最高的是“{node}”（得分 {score}，境外申请占 {foreign}）。",
        "Among nodes with enough data, {node} is most at risk of a chokepoint (score {score}, foreign share {foreign}).",
    ),
    "find.risk": (
        "共识别境外高价值风险专利 {n} 件。",
        "{n} foreign high-value patents are flagged as risks.",
    ),
    "find.tal_places": (
        "全链共有发明人 {total} 人，{top}最多，占 {share}。",
        "The chain has {total} inventors; most are in {top} ({share}).",
    ),
    "find.tal_top": (
        "最高产的发明人是 {name}（{units} 件，主要申请人 {applicant}）。",
        "The most productive inventor is {name} ({units}, mainly for {applicant}).",
    ),
    "rec.strengthen": (
        "强链：巩固优势环节（{nodes}），支持链主候选企业 {leader} 牵头组建创新联合体、布局高价值专利组合。",
        "Strengthen: consolidate the advantage in {nodes}; support the lead-firm candidate {leader} in forming an "
        "innovation consortium and building high-value portfolios.",
    ),
    "rec.fill": (
        "补链：本地实力薄弱的环节（{nodes}）最高卡脖子得分 {score}，建议定向招商引进 {firms}，或通过许可、合作研发补齐短板。",
        "Fill gaps: local strength is weak in {nodes} (highest chokepoint score {score}); attract {firms} or close the "
        "gap through licensing and joint R&D.",
    ),
    "rec.extend": (
        "延链：{n} 个环节（{nodes}）增长快且毗邻本地强链环节，宜提前布局、延伸产业链。",
        "Extend: {n} node(s) such as {nodes} grow fast next to local strengths; file early to extend the chain.",
    ),
    "rec.risk": (
        "防风险：对 {n} 件境外高价值风险专利开展侵权风险排查与规避设计，重点关注有效专利。",
        "Manage risks: screen the {n} foreign high-value risk patents for freedom to operate, starting with those in force.",
    ),
    "rec.talent": (
        "引人才：{region}以外的高产发明人（如 {names}，最多 {units} 件）可作为人才引进对象。",
        "Attract talent: productive inventors outside {region} (e.g. {names}, up to {units} filings) are candidates to attract.",
    ),
    "rec.keep_talent": (
        "留人才：{country}本土核心发明人（如 {names}，最多 {units} 件）应纳入重点人才支持计划。",
        "Keep talent: core inventors in {country} (e.g. {names}, up to {units} filings) deserve targeted support.",
    ),
    "rec.none": ("数据不足以形成建议。", "The data are not sufficient for recommendations."),
    # -- chain --------------------------------------------------------------------------------
    "chain.title": ("产业链与节点", "The chain and its nodes"),
    "chain.intro": (
        "{chain}产业链（版本 {version}）共划分 {nodes} 个节点：上游 {up} 个、中游 {mid} 个、下游 {down} 个。",
        "The {chain} chain (version {version}) has {nodes} nodes: {up} upstream, {mid} midstream and {down} downstream.",
    ),
    "chain.units": (
        "按分类号与关键词规则归入本链的专利共 {total} {unit}，其中 {counted} 个节点有专利。",
        "The classification and keyword rules place {total} {unit} in the chain; {counted} nodes have patents.",
    ),
    "chain.biggest": (
        "“{node}”专利最多，共 {units} 件，占全链 {share}。",
        "{node} has the most patents: {units}, {share} of the chain.",
    ),
    "fig.chain_map": (
        "{chain}产业链图谱（节点大小：专利数量；颜色：{region}本地占比）",
        "{chain} chain map (size: patents; colour: local share of {region})",
    ),
    "tab.nodes": ("{chain}产业链节点专利分布", "Patents per node of the {chain} chain"),
    "note.node_share": (
        "一件专利可同时属于多个节点，故各节点占比之和可能超过 100%。",
        "A patent can belong to several nodes, so node shares can add up to more than 100%.",
    ),
    "col.node": ("节点", "Node"),
    "col.segment": ("环节", "Segment"),
    "col.units": ("专利数", "Patents"),
    "col.share_of_chain": ("占全链", "Share of chain"),
    "col.share": ("占比", "Share"),
    "col.local_share": ("本地占比", "Local share"),
    "col.local_units": ("本地专利数", "Local patents"),
    # -- landscape ----------------------------------------------------------------------------
    "land.title": ("全球专利态势", "Global landscape"),
    "land.intro": (
        "本章从申请趋势、技术生命周期和来源国家三个方面描述全球专利态势。",
        "This chapter describes the global landscape: filing trends, technology lifecycle and countries of origin.",
    ),
    "trend.title": ("申请趋势与生命周期", "Filing trend and lifecycle"),
    "trend.span": (
        "专利申请始于 {first} 年，数据延续至 {last} 年；申请量最多的完整年份是 {peak} 年（{peak_units} 件）。",
        "Filings start in {first} and run to {last}; the peak complete year is {peak} with {peak_units}.",
    ),
    "trend.incomplete": (
        "{years} 年的申请尚未全部公开（公开滞后约 18 个月），数量偏低，不宜解读为下降。",
        "Filings of {years} are not all published yet (about 18 months' delay), so their counts are low, not a decline.",
    ),
    "trend.cagr": (
        "{start} 年 {n_start} 件、{end} 年 {n_end} 件，年均复合增长率 {cagr}。",
        "{n_start} filings in {start} and {n_end} in {end}: a growth rate of {cagr} a year.",
    ),
    "trend.stage": (
        "按申请量与申请人数的变化判断，{year} 年技术处于{stage}（当年 {units} 件、申请人 {applicants} 个）。",
        "From filings and applicants, the technology was in its {stage} stage in {year} ({units} filings, {applicants} applicants).",
    ),
    "trend.stage_rule": (
        "生命周期判定规则：比较近三年与前三年的申请量增长率 gP 与申请人数增长率 gA，累计申请不足 10% 为萌芽期，"
        "二者均增长 10% 以上为成长期，均下降 10% 以上为衰退期，其余为成熟期。",
        "Lifecycle rule: compare the growth of filings (gP) and applicants (gA) over the last three years against the "
        "three before; emerging while cumulative filings are under 10%, growth when both rise by 10% or more, decline "
        "when both fall by 10% or more, mature otherwise.",
    ),
    "fig.trend": ("全球专利申请趋势", "Global filings per application year"),
    "fig.lifecycle": ("技术生命周期（申请量—申请人数）", "Technology lifecycle (filings against applicants)"),
    "land.countries_title": ("来源国家/地区", "Countries of origin"),
    "land.countries": (
        "专利来自 {n} 个国家/地区。{top}以 {units} 件居首，占 {share}；前三位（{top3}）合计占 {share3}。",
        "Patents come from {n} countries. {top} leads with {units} ({share}); the top three ({top3}) hold {share3}.",
    ),
    "land.own_country": (
        "{country}共 {units} 件，占 {share}，位列第 {rank}。",
        "{country} has {units}, {share} of the total, rank {rank}.",
    ),
    "fig.countries": ("专利来源国家/地区分布", "Patents by country of origin"),
    "tab.countries": ("专利来源国家/地区（前 {n} 位）", "Countries of origin (top {n})"),
    "note.origin": (
        "来源国按第一申请人地址确定；无地址时取首次优先权受理局（技术来源国），再无时取受理局。",
        "Origin is the first applicant's address; without one, the office of first priority (technology origin), "
        "else the filing office.",
    ),
    "col.country": ("国家/地区", "Country"),
    # -- region -------------------------------------------------------------------------------
    "region.title": ("{region}与全球对比", "{region} against the world"),
    "region.overall": (
        "全链 {units} 件专利中，来源于{region}的有 {local} 件，占 {share}。",
        "Of {units} patents in the chain, {local} come from {region}: {share}.",
    ),
    "region.range": (
        "本地占比最高的节点是“{strong}”（{strong_share}），最低的是“{weak}”（{weak_share}）。",
        "The local share is highest in {strong} ({strong_share}) and lowest in {weak} ({weak_share}).",
    ),
    "region.rta": (
        "按显性技术优势指数（RTA），{country}在 {n} 个节点上 RTA 大于 1，具有相对专业化优势：{nodes}。",
        "By revealed technological advantage (RTA), {country} is specialised (RTA above 1) in {n} node(s): {nodes}.",
    ),
    "region.no_addresses": (
        "{region}为省级区域，而数据不含申请人地址，无法判断专利是否来源于该区域，本地数量为 0；请导入含申请人地址的数据（如 CNIPA 著录项目）。",
        "{region} is a sub-national region, but the data carry no applicant addresses, so no patent can be placed "
        "there and the local counts are 0; import data with applicant addresses (e.g. CNIPA bibliographic records).",
    ),
    "region.rta_def": (
        "RTA = (P_rn / P_r) / (P_n / P)，其中 P_rn 为该国在节点 n 的专利数，P_r 为该国全链专利数，P_n 为节点 n 全球专利数，P 为全链专利数；RTA 大于 1 表示相对专业化。",
        "RTA = (P_rn / P_r) / (P_n / P), where P_rn is the country's patents in node n, P_r its patents in the chain, "
        "P_n all patents in node n and P all patents in the chain; above 1 means relative specialisation.",
    ),
    "fig.local_share": ("各节点{region}本地占比", "Local share of {region} per node"),
    "tab.region_nodes": ("各节点{region}本地专利与 RTA", "Local patents of {region} and RTA per node"),
    "col.rta": ("RTA（{country}）", "RTA ({country})"),
    # -- nodes --------------------------------------------------------------------------------
    "nodes.title": ("分环节分析", "Node by node"),
    "nodes.intro": (
        "本章逐一分析有专利的 {n} 个节点。",
        "This chapter looks at each of the {n} nodes with patents.",
    ),
    "nodes.fastest": (
        "增长最快的是“{node}”：近三年 {recent} 件，前三年 {prior} 件，增长 {growth}。",
        "{node} grows fastest: {recent} in the last three years against {prior} before, up {growth}.",
    ),
    "node.summary": (
        "“{node}”属于{segment}，共 {units} 件，占全链 {share}；本地占比 {local}。",
        "{node} ({segment}) has {units} patents, {share} of the chain; local share {local}.",
    ),
    "node.growth": (
        "近三年 {recent} 件，前三年 {prior} 件，增长 {growth}。",
        "{recent} in the last three years against {prior} in the three before: {growth}.",
    ),
    "node.players": (
        "主要申请人：{players}；申请人集中度 HHI 为 {hhi}。",
        "Main applicants: {players}; applicant concentration HHI {hhi}.",
    ),
    "fig.node_years": ("各节点历年专利申请（热力图）", "Filings per node and year (heat map)"),
    "tab.node_overview": ("各节点专利、增长与集中度", "Patents, growth and concentration per node"),
    "note.growth_window": (
        "增长 = 最近三个完整年份申请量 / 之前三年申请量 − 1；HHI = Σ(100·s_i)²。",
        "Growth = filings in the last three complete years / the three before − 1; HHI = Σ(100·s_i)².",
    ),
    "col.recent": ("近三年", "Last 3 years"),
    "col.growth": ("增长", "Growth"),
    "col.hhi": ("HHI", "HHI"),
    "col.top_applicant": ("第一申请人", "Top applicant"),
    # -- players ------------------------------------------------------------------------------
    "players.title": ("主要创新主体", "Key players"),
    "players.top": (
        "{name}以 {units} 件居首，占 {share}；前五位申请人为 {top5}。",
        "{name} leads with {units} ({share}); the top five are {top5}.",
    ),
    "players.concentration": (
        "全链共有申请人 {players} 个，HHI 为 {hhi}，CR4 为 {cr4}，CR8 为 {cr8}，属于{level}。",
        "The chain has {players} applicants; HHI {hhi}, CR4 {cr4}, CR8 {cr8}: {level}.",
    ),
    "players.entrants": (
        "{year} 年新进入申请人 {new} 个，占当年活跃申请人（{active} 个）的 {share}。",
        "In {year}, {new} new applicants entered: {share} of the {active} active applicants.",
    ),
    "players.network": (
        "合作网络图展示联合申请最多的申请人及其合作关系，连线粗细表示联合申请数量。",
        "The network shows the applicants with most joint filings; line width is the number of joint filings.",
    ),
    "fig.applicants": ("主要申请人（前 {n} 位）", "Top {n} applicants"),
    "fig.entrants": ("新进入与活跃申请人数量", "New and active applicants per year"),
    "fig.types": ("申请人类型构成", "Applicants by type"),
    "fig.network": ("申请人合作网络（{n} 个申请人）", "Co-applicant network ({n} applicants)"),
    "tab.applicants": ("主要申请人（前 {n} 位）", "Top {n} applicants"),
    "note.whole_counting": (
        "联合申请的专利计入每个申请人（整数计数），故占比之和可能超过 100%。",
        "Joint filings count for every applicant (whole counting), so shares can add up to more than 100%.",
    ),
    "col.rank": ("排名", "Rank"),
    "col.applicant": ("申请人", "Applicant"),
    # -- talent (navigation chapter) ----------------------------------------------------------
    "talent.title": ("创新人才", "Talent"),
    "talent.intro": (
        "本章列出产业链的核心发明人及区域外可引进的人才。",
        "This chapter lists the chain's core inventors and the talent outside the region that could be attracted.",
    ),
    "talent.top": (
        "最高产的发明人是 {name}（{units} 件，主要申请人 {applicant}）。",
        "The most productive inventor is {name} ({units}, mainly for {applicant}).",
    ),
    "talent.attract": (
        "{region}以外的高产发明人包括 {names}。",
        "Productive inventors outside {region} include {names}.",
    ),
    "talent.see_kind": (
        "完整的人才分析见创新人才分析报告（chainnav report --kind talent）。",
        "The full analysis is in the innovation talent report (chainnav report --kind talent).",
    ),
    "tab.top_inventors": ("核心发明人（前 {n} 位）", "Core inventors (top {n})"),
    "tab.talent_attract": (
        "{region}以外可引进人才（前 {n} 位）",
        "Talent outside {region} to attract (top {n})",
    ),
    "note.inventor_names": (
        "发明人按姓名归并，同名不同人的情况可能合并计数。",
        "Inventors are merged by name, so different people with the same name may be counted together.",
    ),
    "col.inventor": ("发明人", "Inventor"),
    "col.main_applicant": ("主要申请人", "Main applicant"),
    "col.main_node": ("主要节点", "Main node"),
    "col.co_inventors": ("合作者数", "Co-inventors"),
    "col.active_years": ("活跃年份", "Active years"),
    # -- security -----------------------------------------------------------------------------
    "sec.title": ("产业链安全", "Chain security"),
    "sec.intro": (
        "卡脖子得分（0–100）= 100 × Σ 权重 × 指标，权重为：{weights}。得分越高，该节点受境外专利制约的风险越大。",
        "The chokepoint score (0–100) is 100 × Σ weight × component, with weights {weights}; the higher the score, "
        "the more the node depends on foreign patents.",
    ),
    "sec.class.strengthen": ("强链节点 {n} 个：{nodes}。", "{n} node(s) to strengthen (强链): {nodes}."),
    "sec.class.fill": ("补链节点 {n} 个：{nodes}。", "{n} node(s) to fill (补链): {nodes}."),
    "sec.class.extend": ("延链节点 {n} 个：{nodes}。", "{n} node(s) to extend (延链): {nodes}."),
    "sec.top": (
        "在数据充足（不少于 {min} 件）的节点中，卡脖子得分最高的是“{node}”（{score}），境外申请占 {foreign}。",
        "Among nodes with enough data ({min} filings or more), the highest chokepoint score is {node} ({score}); "
        "foreign filings hold {foreign}.",
    ),
    "sec.targets_title": ("招商引智目标", "Targets"),
    "sec.targets_intro": (
        "链主候选为本地企业中领先节点最多者；招商目标为补链节点中实力最强的外地企业；合作对象为非强链节点中的高校院所。",
        "Lead-firm candidates are local firms leading the most nodes; firms to attract are the strongest non-local firms "
        "in nodes to fill; partners are universities and institutes in nodes that are not strengths.",
    ),
    "fig.chokepoint_map": (
        "产业链卡脖子风险图谱（颜色：卡脖子得分）",
        "Chokepoint map (colour: chokepoint score)",
    ),
    "tab.chokepoints": ("卡脖子风险节点排名（前 {n} 位）", "Chokepoint ranking (top {n})"),
    "tab.leaders": ("链主候选企业", "Lead-firm candidates (链主)"),
    "tab.attract": ("招商目标企业", "Firms to attract (招商)"),
    "tab.partners": ("产学研合作对象", "Research partners"),
    "note.chokepoint": (
        "共 {n} 个节点，表中列出得分最高者。",
        "{n} nodes in all; the table lists the highest scores.",
    ),
    "note.low_data": (
        "{mark} 申请少于 {min} 件，数据不足，得分与排名仅供参考。",
        "{mark} Fewer than {min} filings: too few data, score and rank are indicative only.",
    ),
    "note.more_rows": ("另有 {n} 条未列出。", "{n} more rows not shown."),
    "col.chokepoint": ("卡脖子得分", "Chokepoint score"),
    "col.foreign_share": ("境外占比", "Foreign share"),
    "col.class": ("类别", "Class"),
    "col.reason": ("判定依据", "Reason"),
    "col.holder": ("权利人", "Holder"),
    "col.nodes_led": ("领先节点数", "Nodes led"),
    "col.nodes_spanned": ("覆盖节点数", "Nodes covered"),
    "col.high_value": ("高价值专利", "High-value patents"),
    "col.node_share": ("节点占比", "Share of node"),
    # -- risk ---------------------------------------------------------------------------------
    "risk.title": ("风险预警", "Risk warning"),
    "risk.intro": (
        "风险专利指境外权利人持有、价值得分居前、且本地企业已在同一节点申请专利的专利，可能构成侵权风险。",
        "Risk patents are foreign-held, high-value patents in nodes where local firms also file: possible infringement risks.",
    ),
    "risk.count": ("共识别与{region}相关的风险专利 {n} 件。", "{n} risk patents concern {region}."),
    "risk.free": (
        "已失效或即将到期、可免费利用的高价值专利 {n} 件。",
        "{n} high-value patents have lapsed or expire soon and are free to use.",
    ),
    "risk.high_local": ("本地高价值专利组合 {n} 个。", "{n} local high-value portfolios."),
    "tab.risk": ("风险专利（前 {n} 件）", "Risk patents (top {n})"),
    "tab.free": ("可免费利用的高价值专利（前 {n} 件）", "High-value patents free to use (top {n})"),
    "col.patent": ("公开号", "Publication"),
    "col.title": ("名称", "Title"),
    "col.value_score": ("价值得分", "Value score"),
    "col.expiry": ("预计届满", "Expiry"),
    # -- talent report ------------------------------------------------------------------------
    "tal.summary_intro": (
        "本报告按照 GB/T 39551-2020 的创新人才分析方法，识别{chain}产业链的核心发明人、研发团队及其分布与流动，"
        "并为{region}提出人才引进与培养建议。",
        "Following the talent analysis of GB/T 39551-2020, this report identifies the core inventors and R&D teams of "
        "the {chain} chain, where they are and how they move, with recommendations for {region}.",
    ),
    "tal.overview_title": ("人才总体态势", "Overview"),
    "tal.overview_intro": (
        "发明人数量随专利申请增长，申请趋势与生命周期反映人才需求的变化。",
        "Inventors grow with filings; the filing trend and lifecycle show how the demand for talent changes.",
    ),
    "tal.places_title": ("人才地域分布", "Where the inventors are"),
    "tal.places_intro": (
        "发明人所在地按发明人地址确定；无地址时以专利来源国近似。",
        "An inventor's place is the inventor's address, else the patent's origin as a proxy.",
    ),
    "tal.places_top": (
        "全链共有发明人 {total} 人，{top}最多（{n} 人，占 {share}）。",
        "The chain has {total} inventors; {top} has most ({n}, {share}).",
    ),
    "tal.places_own": (
        "{country}共有发明人 {n} 人，占 {share}，参与专利 {units} 件。",
        "{country} has {n} inventors ({share}) on {units} patents.",
    ),
    "fig.inventor_places": ("发明人国家/地区分布", "Inventors by country"),
    "tab.inventor_places": ("发明人国家/地区分布（前 {n} 位）", "Inventors by country (top {n})"),
    "note.inventor_place": (
        "Lens 导出数据不含发明人地址，所在地以专利来源国近似。",
        "Lens exports carry no inventor addresses; the place is approximated by the patent's origin.",
    ),
    "col.inventors": ("发明人数", "Inventors"),
    "tal.core_title": ("核心发明人", "Core inventors"),
    "tal.core_intro": (
        "核心发明人按其参与的专利数量排序，并给出主要申请人、主要节点与合作者数量。",
        "Core inventors are ranked by patents, with their main applicant, main node and number of co-inventors.",
    ),
    "tal.core_top": (
        "{name}以 {units} 件居首（主要申请人 {applicant}，合作者 {team} 人）；前五位为 {top5}。",
        "{name} leads with {units} (main applicant {applicant}, {team} co-inventors); the top five are {top5}.",
    ),
    "tal.core_employer": (
        "前 {top} 位核心发明人中有 {n} 人主要为 {applicant} 工作。",
        "{n} of the top {top} inventors work mainly for {applicant}.",
    ),
    "fig.top_inventors": ("核心发明人（前 {n} 位）", "Core inventors (top {n})"),
    "tal.teams_title": ("研发团队", "R&D teams"),
    "tal.teams_intro": (
        "研发团队由前 {leads} 位核心发明人及其合作最多的 {k} 位合作者构成。",
        "Teams are the top {leads} inventors with their {k} most frequent co-inventors.",
    ),
    "tal.teams_pair": (
        "合作最紧密的是 {a} 与 {b}，共同参与 {n} 件专利。",
        "The closest pair is {a} and {b}, with {n} patents together.",
    ),
    "tal.teams_none": ("数据中没有共同发明的记录。", "The data hold no joint inventions."),
    "tal.role_lead": ("核心发明人", "core inventor"),
    "tal.role_member": ("团队成员", "team member"),
    "fig.teams": ("核心研发团队网络（前 {n} 位核心发明人）", "Core R&D teams (top {n} inventors)"),
    "tab.teams": ("核心发明人的主要合作者", "Closest co-inventors of the core inventors"),
    "note.teams_top3": (
        "每位核心发明人列出合作最多的前 3 位（网络图为前 {k} 位）。",
        "Each core inventor's three closest co-inventors (the network shows {k}).",
    ),
    "col.team_rank": ("合作排名", "Rank in team"),
    "col.co_inventor": ("合作者", "Co-inventor"),
    "col.shared_units": ("共同专利", "Shared patents"),
    "tal.nodes_title": ("各环节人才", "Talent per node"),
    "tal.nodes_intro": (
        "各节点的发明人数量反映该环节的人才储备。",
        "The number of inventors per node shows each node's pool of talent.",
    ),
    "tal.nodes_top": (
        "“{node}”发明人最多（{n} 人），其中{country}发明人占 {share}。",
        "{node} has the most inventors ({n}); {share} of them are in {country}.",
    ),
    "fig.node_inventors": ("各节点发明人数量", "Inventors per node"),
    "tab.node_inventors": ("各节点发明人及{country}占比", "Inventors per node and the share in {country}"),
    "note.whole_counting_inventors": (
        "发明人参与多个节点时在每个节点各计一次。",
        "An inventor active in several nodes counts once in each.",
    ),
    "col.domestic_inventors": ("{country}发明人", "Inventors in {country}"),
    "tal.mobility_title": ("人才流动", "Mobility"),
    "tal.mobility": (
        "共有 {movers} 位发明人发生流动：更换申请人 {applicant} 次，跨国 {country} 次，跨地区 {region} 次。",
        "{movers} inventors moved: {applicant} changes of applicant, {country} of country and {region} of region.",
    ),
    "tal.mobility_basis": (
        "流动以发明人在不同申请人或地点的首次申请年份先后判断；地点来自专利来源国时仅为近似。",
        "A move is a new applicant or place starting after the last year with the previous one; places taken from "
        "patent origins are a proxy.",
    ),
    "fig.mobility": ("历年发明人流动次数", "Inventor moves per year"),
    "tab.moves": ("最近的发明人流动（前 {n} 条）", "Latest inventor moves (top {n})"),
    "col.from": ("原申请人", "From"),
    "col.to": ("新申请人", "To"),
    "col.year": ("年份", "Year"),
    "tal.attract_title": ("人才引进与培养", "Talent to attract and keep"),
    "tal.attract_intro": (
        "可引进人才为在本链高产、但没有任何专利来源于{region}的发明人。",
        "Talent to attract: productive inventors in the chain with no patent from {region}.",
    ),
    "tal.attract_top": (
        "{region}以外最高产的发明人包括 {names}（最多 {units} 件）。",
        "The most productive inventors outside {region} include {names} (up to {units}).",
    ),
    "tal.attract_none": (
        "未发现{region}以外的高产发明人。",
        "No productive inventor outside {region} was found.",
    ),
    "tal.local_top": (
        "{country}本土核心发明人包括 {names}。",
        "Core inventors in {country} include {names}.",
    ),
    "tab.local_inventors": ("{country}核心发明人（前 {n} 位）", "Core inventors in {country} (top {n})"),
    # -- methods ------------------------------------------------------------------------------
    "methods.title": ("方法与数据", "Methods and data"),
    "methods.intro": (
        "本章说明数据来源与日期、产业链版本与分类规则、指标公式与参数，以及已知局限。",
        "This chapter gives the data sources and dates, the chain version and rules, the indicator formulas and "
        "parameters, and the known limits.",
    ),
    "methods.data_title": ("数据来源", "Data sources"),
    "methods.data": (
        "数据库共导入 {n} 个文件，数据截止日期（最新公开日）为 {cutoff}。",
        "The store holds {n} imported file(s); the data cut-off (latest publication date) is {cutoff}.",
    ),
    "tab.loads": ("导入的数据文件", "Imported data files"),
    "col.file": ("文件", "File"),
    "col.format": ("格式", "Format"),
    "col.rows_read": ("读取行数", "Rows read"),
    "col.rows_loaded": ("导入行数", "Rows loaded"),
    "col.rows_rejected": ("拒绝行数", "Rows rejected"),
    "col.loaded_at": ("导入时间", "Imported"),
    "col.status": ("状态", "Status"),
    "methods.chain_title": ("产业链定义与分类规则", "Chain definition and rules"),
    "methods.chain": (
        "产业链 {chain}（{id}）版本 {version}，分类时间 {classified}。",
        "Chain {chain} ({id}), version {version}, classified at {classified}.",
    ),
    "methods.rules": (
        "专利按 CPC/IPC 分类号前缀与中英文关键词归入节点，每条归类记录保留触发的规则，可追溯。",
        "Patents join a node by CPC/IPC code prefixes and Chinese/English keywords; each assignment keeps the rule "
        "that fired, so it can be traced.",
    ),
    "methods.references": ("产业链结构参考：{refs}。", "Chain structure after: {refs}."),
    "tab.rules": ("各节点分类规则", "Classification rules per node"),
    "col.keywords": ("关键词数", "Keywords"),
    "methods.indicators_title": ("指标与参数", "Indicators and parameters"),
    "methods.indicators": (
        "本报告使用的 {n} 个指标及其公式如下；公式中的计数单位见参数表。",
        "The {n} indicators behind this report and their formulas follow; the counting unit is in the parameter table.",
    ),
    "tab.params": ("分析参数", "Parameters"),
    "tab.formulas": ("指标公式", "Indicator formulas"),
    "col.parameter": ("参数", "Parameter"),
    "col.family": ("类别", "Family"),
    "col.value_unit": ("单位", "Unit"),
    "col.formula": ("公式与说明", "Formula"),
    "param.region": ("关注区域", "Region of interest"),
    "param.unit": ("计数单位", "Counting unit"),
    "param.years": ("年份范围", "Years"),
    "param.cutoff": ("数据截止日期", "Data cut-off"),
    "param.complete": ("最后完整年份（公开滞后 18 个月）", "Last complete year (18-month publication delay)"),
    "param.weights": ("卡脖子得分权重", "Chokepoint weights"),
    "param.strong_rta": ("强链 RTA 阈值", "RTA threshold for strengths"),
    "param.min_local": ("强链最少本地申请数", "Minimum local filings for strengths"),
    "param.window_years": ("增长比较窗口（年）", "Growth window (years)"),
    "param.high_value_quantile": ("高价值分位数", "High-value quantile"),
    "methods.limits_title": ("已知局限", "Known limits"),
    "limit.origin": (
        "Lens 导出数据不含申请人地址，来源国取首次优先权受理局（技术来源国），无优先权时取受理局；省市级分析需要含地址的数据。",
        "Lens exports carry no applicant addresses, so the origin is the office of first priority (technology origin), "
        "else the filing office; province-level analysis needs data with addresses.",
    ),
    "limit.recent": (
        "专利自申请起约 18 个月公开，最近两年的数量不完整。",
        "Patents are published about 18 months after filing, so the last two years are incomplete.",
    ),
    "limit.classification": (
        "节点归类依赖分类号与关键词规则，存在误检与漏检；规则及其评估见产业链定义。",
        "Node assignment relies on code and keyword rules and has false positives and misses; see the chain definition "
        "for the rules and their evaluation.",
    ),
    "limit.entities": (
        "申请人与发明人按名称归并，同一主体的不同写法可能未完全合并，同名不同人可能被合并。",
        "Applicants and inventors are merged by name: variants of one name may remain apart and namesakes may merge.",
    ),
    "limit.citations": (
        "被引次数只统计本数据库内的引用，价值得分为相对指标。",
        "Citation counts cover citations within the store only; the value score is relative.",
    ),
}

COUNTRY_NAMES: dict[str, tuple[str, str]] = {
    "CN": ("中国", "China"),
    "US": ("美国", "United States"),
    "JP": ("日本", "Japan"),
    "KR": ("韩国", "Korea"),
    "DE": ("德国", "Germany"),
    "FR": ("法国", "France"),
    "GB": ("英国", "United Kingdom"),
    "IT": ("意大利", "Italy"),
    "ES": ("西班牙", "Spain"),
    "NL": ("荷兰", "Netherlands"),
    "CH": ("瑞士", "Switzerland"),
    "SE": ("瑞典", "Sweden"),
    "FI": ("芬兰", "Finland"),
    "DK": ("丹麦", "Denmark"),
    "NO": ("挪威", "Norway"),
    "AT": ("奥地利", "Austria"),
    "BE": ("比利时", "Belgium"),
    "IL": ("以色列", "Israel"),
    "IN": ("印度", "India"),
    "RU": ("俄罗斯", "Russia"),
    "CA": ("加拿大", "Canada"),
    "AU": ("澳大利亚", "Australia"),
    "NZ": ("新西兰", "New Zealand"),
    "BR": ("巴西", "Brazil"),
    "MX": ("墨西哥", "Mexico"),
    "SG": ("新加坡", "Singapore"),
    "TW": ("中国台湾", "Taiwan, China"),
    "HK": ("中国香港", "Hong Kong, China"),
    "ZA": ("南非", "South Africa"),
    "PL": ("波兰", "Poland"),
    "IE": ("爱尔兰", "Ireland"),
    "EP": ("欧洲专利局", "European Patent Office"),
    "WO": ("世界知识产权组织", "WIPO (PCT)"),
    "EA": ("欧亚专利局", "Eurasian Patent Office"),
}

REGION_NAMES: dict[str, tuple[str, str]] = {
    "CN-BJ": ("北京", "Beijing"),
    "CN-SH": ("上海", "Shanghai"),
    "CN-TJ": ("天津", "Tianjin"),
    "CN-CQ": ("重庆", "Chongqing"),
    "CN-GD": ("广东", "Guangdong"),
    "CN-JS": ("江苏", "Jiangsu"),
    "CN-ZJ": ("浙江", "Zhejiang"),
    "CN-SD": ("山东", "Shandong"),
    "CN-SC": ("四川", "Sichuan"),
    "CN-HB": ("湖北", "Hubei"),
    "CN-HN": ("湖南", "Hunan"),
    "CN-FJ": ("福建", "Fujian"),
    "CN-AH": ("安徽", "Anhui"),
    "CN-HA": ("河南", "Henan"),
    "CN-HE": ("河北", "Hebei"),
    "CN-SN": ("陕西", "Shaanxi"),
    "CN-LN": ("辽宁", "Liaoning"),
    "US-CA": ("加利福尼亚州", "California"),
    "US-NY": ("纽约州", "New York"),
    "US-TX": ("得克萨斯州", "Texas"),
    "US-WA": ("华盛顿州", "Washington"),
    "US-MA": ("马萨诸塞州", "Massachusetts"),
}


class Texts:
    """The report texts of one language: ``t("chain.intro", chain="无人机", ...)``."""

    def __init__(self, lang: str) -> None:
        if lang not in ("zh", "en"):
            from chainnav.errors import ConfigError

            raise ConfigError(f"unknown report language {lang!r}", hint="Use --lang zh or --lang en.")
        self.lang = lang
        self.index = 0 if lang == "zh" else 1

    def has(self, key: str) -> bool:
        return key in TEXT

    def __call__(self, key: str, **values: Any) -> str:
        return TEXT[key][self.index].format(**values)
