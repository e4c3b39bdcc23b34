"""Recognise what a column holds from its header, across the names different offices use.

One place for every alias: the readers use it to find the task columns, the assessment uses it
to find structured target, actual and completion-rate columns among a task's extra columns, and
`cell_unit` tells the unit a column's figures are in.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from functools import lru_cache

from ..text.chinese_script import simplify_common

# Roles a column can play. The first four make a task; the rest are read by the assessment or
# kept as named things of a task (its place, its office's own verdict).
ID, TITLE, LEAD, PROGRESS = "id", "title", "lead", "progress"
TARGET, ACTUAL, COMPLETION, SHARE, GROUP, REMARKS = (
    "target", "actual", "completion", "share", "group", "remarks")
PLACE = "place"
"""A county, district, street or city column (县区, 街道, 市 州): the rows are places' figures."""
VERDICT = "verdict"
"""The office's own judgement (是否达到序时进度, 是否滞后, 进展状态)."""
PLAN = "plan"
"""A milestone or schedule column (月度工作计划, 工作进度安排, 计划完成时间): never progress, never
the target."""
LEADER = "leader"
"""A person (分管领导, 牵头县领导, 负责人): never taken for the lead unit."""
# Supporting units (配合单位): kept as an extra column, never taken for the lead unit.
REMARKS_ONLY = "supporting"
# This place's own share of a higher level's task (我市任务, 涉及西湖区工作指标): the target judged.
LOCAL_TARGET = "local_target"
UNIT = "unit"
"""A unit of measure per row (单位 「亿元」, 计量单位 「%」): the unit of the row's bare figures."""
GROWTH = "growth"
"""A change on the year per row (同比增长(%), 增速, 增幅): the figure for a growth target."""

# Exact names (after normalisation), checked first.
_EXACT: dict[str, str] = {}
for _role, _names in {
    ID: "序号 编号 序 No No. NO 任务编号 项目编号 编码",
    TITLE: "任务名称 内容与要求 目标任务 工作任务 任务 重点任务 任务内容 工作内容 主要任务 具体任务 "
           "项目名称 项目 工作事项 事项 目标任务及要求 主要内容 重点工作 任务事项 实事项目 "
           "民生实事项目 事项名称 项目内容 任务项目指标 实施内容 主要工作任务 重点工作任务 工作要点 "
           "建设内容 具体内容 名称 工作举措 主要举措 重点事项 "
           "主要指标 指标名称 指标 指标项目 主要经济指标 经济指标 考核指标 指标内容",
    LEAD: "牵头单位 任务牵头单位 责任单位 牵头部门 责任部门 主办单位 牵头责任单位 承办单位 "
          "牵头单位部门 责任主体 实施单位 区责任单位 责任科室 牵头处室 主责单位 责任处室 牵头科室 "
          "单位名称 部门",
    PROGRESS: "进展情况 三季度进展情况 完成情况 推进情况 落实情况 工作进展 进展 进度情况 "
              "落实进展情况 推进落实情况 工作推进情况 目前进展 进展成效 完成进度情况 实际进度情况 "
              "当前进度 最新进度 项目进度 实施情况 目前实施情况 执行情况 工作进展情况 实际完成情况",
    TARGET: "年度目标任务 年度目标 全年目标 目标值 年度计划 计划目标 年度任务 年度指标 目标 "
            "全年目标任务 任务目标 工作目标 攻坚目标任务 工作责任目标 责任目标 目标要求 年度计划任务",
    ACTUAL: "实际完成 完成值 累计完成 完成数 实绩 完成量",
    COMPLETION: "完成率 完成比例 完成率% 年度完成率",
    SHARE: "进展比例 进度比例 进展% 完成进度 进度 进度%",
    GROUP: "大类 类别 分类 板块 领域 类型 篇章 分组",
    UNIT: "单位 计量单位",
    GROWTH: "增速 增幅 增长 同比增长 同比增速 同比增幅 同比 比上年增长 比上年同期增长 同比增减 增减 "
            "同比增长率 增长率 同比±",
    REMARKS: "备注 说明 备注说明",
    PLACE: "市州 县市区 县区 区县 县市 地区 隶属 街道 乡镇 镇街 镇街道 镇 区域 地市 所属地区 属地 "
           "市县 设区市 县名 地区名称 县市区名称 县 区 市 乡 片区 园区 开发区 各地",
    VERDICT: "是否达到序时进度 是否达序时 是否滞后 是否完成 进展状态 完成状态 进度状态 自评 进度评价 "
             "是否按序时推进 是否达到序时",
    PLAN: "月度工作计划 工作进度安排 工作任务安排 计划完成时间 完成时限 时间节点 进度安排 工作计划 "
          "完成时间 季度安排 时序进度安排",
    LEADER: "责任领导 分管领导 牵头领导 牵头县领导 分管市长 负责人 责任人 项目责任人 联系人 分管县领导 "
            "牵头市领导 分管副市长 分管副县长 牵头区领导 分管区领导",
}.items():
    for _name in _names.split():
        _EXACT[_name] = _role

# Patterns for headers that carry a period or a qualifier (1-9月实际完成, 三季度进展情况),
# checked in this order because several contain 完成, 计划 or 任务.
_PATTERNS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"^是否|状态$|自评"), VERDICT),
    (re.compile(r"(月度|季度|每月|月份|工作|进度|任务|时序)(计划|安排)$|安排$|时间节点|完成时[间限]|时限$"),
     PLAN),
    (re.compile(r"完成率|完成比例|完成比率|(开工|建成|实施|执行|到位|签约|竣工|支付|拨付|投产)率|"
                r"占(?:年度|全年)?(?:计划|目标|任务)(?:的)?(?:比例|比重|%)?$"), COMPLETION),
    (re.compile(r"进展比例|进度比例|进度百分比|完成进度%?$|(?:形象|工程|总体|整体)进度%?$"), SHARE),
    (re.compile(r"(进展|完成|推进|落实|执行|实施|进度|办理|工作)情况|进展|工作成效|"
                r"(最新|当前|目前|实际|项目|工作|实施|推进|建设|执行|落实|办理)进度"),
     PROGRESS),
    (re.compile(r"^(?:\d+\s*[-—–~至]\s*\d+\s*月|[一二三四前]+季度|上半年|全年|本年|累计)?"
                r"(?:同比|比上年(?:同期)?|较上年)?(?:增长|增速|增幅|增减|±)(?:率|幅度)?%?$"), GROWTH),
    (re.compile(r"^(?:我|本)[省市县区镇州乡地](?:承担|分解|下达)?的?(?:任务|目标|指标)|涉及.{0,8}(?:任务|指标|目标)|"
                r"^[市县区州]级?(?:任务|目标|指标)数?$|分解(?:任务|目标|指标)|下达(?:我[市县区])?(?:任务|目标|指标)"),
     LOCAL_TARGET),
    (re.compile(r"(年度|全年|计划|主要|预期|考核|量化|责任|攻坚|工作)目标|目标(值|数|任务)|任务目标|年度计划|"
                r"年度任务|指标值|投资计划|^计划(完成|投资|开工|建设)*(数|额|量)?$|^计划投资|^目标|目标$|"
                r"(?<!工作)(?<!月度)(?<!季度)(?<!阶段)(?<!总)计划(?!.*(?:时间|日期|安排|节点|进度|总投资))"),
     TARGET),
    (re.compile(r"实际完成|累计完成|完成值|完成数|完成量|完成额|实绩|月(?:份)?(?:累计)?完成$|^完成$|"
                r"(?:季度|半年|年度|全年)(?:累计)?完成$|"
                r"累计(开工|实现|建成|签约|到位)|完成投资|开工数|建成数|"
                r"(?:累计|实际|本年完成|年度完成|月底完成|月末完成|已(?:完成|开工|建成|竣工|投用|开业))"
                r"(?!.*(?:情况|进展|说明|时间|率))"),
     ACTUAL),
    (re.compile(r"配合|协办|协助|参与|协同"), REMARKS_ONLY),
    (re.compile(r"领导|负责人|责任人|[市县区镇]长$|书记"), LEADER),
    (re.compile(r"牵头|责任(单位|部门|主体|科室|处室)|主办|承办|主责|负责单位|承担单位|实施主体|单位$|部门$"),
     LEAD),
    (re.compile(r"^(所属)?(市州|县市区|县区|区县|乡镇|街道|镇街)"), PLACE),
    (re.compile(r"任务|内容|事项|项目名称|项目$"), TITLE),
    (re.compile(r"^序号|^编号"), ID),
)

# Pinyin glosses a mirror site wrote after characters (序號(hào), and mangled as 項目?jī)): one
# or more Latin letters with at least one tone mark, in brackets.
_TONED = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜńňǹḿ"
_GLOSS = re.compile(rf"[(（?？]\s*[a-zü{_TONED}]*[{_TONED}][a-zü{_TONED}]*\s*[)）]")
_BRACKETED = re.compile(r"[(（\[【][^)）\]】]*[)）\]】]")
_SPACES = re.compile(r"[\s:：*＊]+")


# Headers repeat on every row of a table (the assessment reads each task's extra columns): the
# two header functions remember what they found, so a sheet 16,384 columns wide is not 16,384
# regular-expression passes a row.
_HEADERS_REMEMBERED = 1 << 16


@lru_cache(maxsize=_HEADERS_REMEMBERED)
def normalise_header(text: str) -> str:
    """Header text with width, spaces, line breaks, pinyin glosses and bracketed notes removed,
    and traditional characters simplified, for matching (主 要 工 作 任 务 → 主要工作任务,
    牽頭單位 → 牵头单位, 牵头单位（部门）→ 牵头单位)."""
    text = unicodedata.normalize("NFKC", text or "")
    if "(" in text or "?" in text:
        text = _GLOSS.sub("", text)
    text = _BRACKETED.sub("", simplify_common(text))
    return _SPACES.sub("", text)


@lru_cache(maxsize=_HEADERS_REMEMBERED)
def role_of(header: str) -> str | None:
    """The role a column plays, judged by its header; None for a column we only keep."""
    return _role_and_rank(normalise_header(header))[0]


@lru_cache(maxsize=_HEADERS_REMEMBERED)
def _role_and_rank(name: str) -> tuple[str | None, int]:
    """(role, 2 for an exact name, 1 for a pattern, 0 for none) of a normalised header."""
    if not name:
        return None, 0
    exact = _EXACT.get(name)
    if exact is not None:
        return exact, 2
    for pattern, role in _PATTERNS:
        if pattern.search(name):
            return role, 1
    return None, 0


def role_candidates(headers: Sequence[str]) -> dict[str, list[int]]:
    """Every column that could play each role, best first (exact names before patterns, then in
    table order). A header longer than a header can be (a data cell) plays no role."""
    ranked: dict[str, list[tuple[int, int]]] = {}
    for index, header in enumerate(headers):
        name = normalise_header(header)
        if len(name) > 24:
            continue
        role, rank = _role_and_rank(name)
        if role is not None:
            ranked.setdefault(role, []).append((-rank, index))
    return {role: [index for _rank, index in sorted(found)] for role, found in ranked.items()}


# Units: a header's own unit in brackets wins; else the table's unit line (单位：万元, 单位:个、亿元).
_HEADER_UNIT = re.compile(r"[(（]\s*(?:单位\s*[:：]\s*)?([^()（）]{1,8}?)\s*[)）]")
_MONEY_UNIT = re.compile(r"元|美元")
_MONEY_HEADER = re.compile(r"投资|金额|资金|额|计划|产值|收入|营收|税|元")
_COUNT_HEADER = re.compile(r"个数|数$|数量|件数|户数|人数|处数|家数")
_RATE_HEADER = re.compile(r"率|比例|比重|%|％|百分比")
_UNIT_LABELS = ("单位", "计量单位", "金额单位", "数量单位")
# What a unit in brackets is made of, and what it is not (进展情况(一季度), 最新进度(8月24日)).
_UNIT_CHARS = re.compile(r"[元个项家户人张所处条台座米亩吨辆套次场瓦箱栋间床件册kKwWmM]")
_NOT_A_UNIT = re.compile(r"[月季年日期含不按注部门\d]|^.{5,}$")


def table_unit(metadata: Iterable[tuple[str, str]]) -> str:
    """The unit line above a table (单位：万元 → 万元; 单位:个、亿元 → 个、亿元), or ""."""
    for label, value in metadata:
        if normalise_header(label) in _UNIT_LABELS:
            return value.strip().strip("()（）").strip()
    return ""


def cell_unit(header: str, metadata: Iterable[tuple[str, str]] = ()) -> str:
    """The unit the figures under `header` are in, or "" when the table does not say.

    The header's own unit in brackets wins (计划投资额(万元) → 万元). Otherwise the table's unit
    line (`Report.metadata`) applies: a single unit to every figure column that is not a rate;
    for a line with several units (单位:个、亿元), count headers (项目个数) take the count unit and
    money headers (年投资计划, 完成投资额) the money unit. Rate columns (完成率) get ""."""
    text = unicodedata.normalize("NFKC", header or "")
    for own in _HEADER_UNIT.finditer(text):
        unit = own.group(1).strip()
        if _UNIT_CHARS.search(unit) and not _NOT_A_UNIT.search(unit):
            return unit
    name = normalise_header(text)
    if _RATE_HEADER.search(text) and not _COUNT_HEADER.search(name):
        return ""
    line = table_unit(metadata)
    if not line:
        return ""
    units = [unit for unit in re.split(r"[、,，;；/\s]+", line) if unit]
    if len(units) == 1:
        unit = units[0]
        if _MONEY_UNIT.search(unit) and _COUNT_HEADER.search(name):
            return ""  # a money unit line does not make 项目个数 a sum of money
        return unit
    money = [unit for unit in units if _MONEY_UNIT.search(unit)]
    counts = [unit for unit in units if not _MONEY_UNIT.search(unit)]
    if _COUNT_HEADER.search(name) and counts:
        return counts[0]
    if _MONEY_HEADER.search(name) and money:
        return money[0]
    return ""
