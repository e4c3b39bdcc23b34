"""Recognise what a column holds from its header, across the names different cities use.

One place for every alias: the readers use it to find the task columns, the assessment uses it
to find structured target, actual and completion-rate columns among a task's extra columns.
"""

from __future__ import annotations

import re
import unicodedata

# Roles a column can play. The first four make a task; the rest are read by the assessment.
ID, TITLE, LEAD, PROGRESS = "id", "title", "lead", "progress"
TARGET, ACTUAL, COMPLETION, SHARE, GROUP, REMARKS = (
    "target", "actual", "completion", "share", "group", "remarks")
# Supporting units (配合单位): kept as an extra column, never taken for the lead unit.
REMARKS_ONLY = "supporting"
# This place's own share of a higher level's task (我市任务, 涉及西湖区工作指标): the target judged.
LOCAL_TARGET = "local_target"

# Exact names (after normalisation), checked first.
_EXACT: dict[str, str] = {}
for _role, _names in {
    ID: "序号 编号 序 号 No no NO 任务编号 项目编号 编码",
    TITLE: "任务名称 内容与要求 目标任务 工作任务 任务 重点任务 任务内容 工作内容 主要任务 具体任务 "
           "项目名称 项目 工作事项 事项 目标任务及要求 主要内容 重点工作 工作目标 任务事项 实事项目",
    LEAD: "牵头单位 任务牵头单位 责任单位 牵头部门 责任部门 主办单位 牵头责任单位 承办单位 "
          "牵头单位部门 责任主体 实施单位",
    PROGRESS: "进展情况 三季度进展情况 完成情况 推进情况 落实情况 工作进展 进展 进度情况 "
              "落实进展情况 推进落实情况 工作推进情况 目前进展 进展成效 完成进度情况",
    TARGET: "年度目标任务 年度目标 全年目标 目标值 年度计划 计划目标 年度任务 年度指标 目标",
    ACTUAL: "实际完成 完成值 累计完成 完成数 实绩 完成量",
    COMPLETION: "完成率 完成比例 完成率% 年度完成率",
    SHARE: "进展比例 进度比例 进展% 完成进度 进度 进度%",
    GROUP: "大类 类别 分类 板块 领域 类型 篇章",
    REMARKS: "备注 说明 备注说明",
}.items():
    for _name in _names.split():
        _EXACT[_name] = _role

# Patterns for headers that carry a period or a qualifier (1-9月实际完成, 三季度进展情况),
# checked in this order because several contain 完成.
_PATTERNS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"完成率|完成比例|完成比率|(?:开工|竣工|执行|到位|支付|拨付|签约|投产|建成)率|"
                r"占(?:年度|全年)?(?:计划|目标|任务)(?:的)?(?:比例|比重|%)?$"), COMPLETION),
    (re.compile(r"进展比例|进度比例|进度百分比|完成进度%?$|(?:形象|当前|工程|总体|整体|项目|目前)进度%?$"), SHARE),
    (re.compile(r"^(?:我|本)[省市县区镇州乡地](?:承担|分解|下达)?的?(?:任务|目标|指标)|涉及.{0,8}(?:任务|指标|目标)|"
                r"^[市县区州]级?(?:任务|目标|指标)数?$|分解(?:任务|目标|指标)|下达(?:我[市县区])?(?:任务|目标|指标)"),
     LOCAL_TARGET),
    (re.compile(r"(年度|全年|计划|主要|预期|考核|量化)目标|目标值|目标数|年度计划|年度任务|指标值|"
                r"(?<!工作)(?<!月度)(?<!季度)(?<!阶段)(?<!总)计划(?!.*(?:时间|日期|安排|节点|进度|总投资))"),
     TARGET),
    (re.compile(r"(?:实际完成|累计完成)(?!情况)|完成值|完成数|完成量|完成额|实绩|月(?:份)?(?:累计)?完成$|^完成$|"
                r"(?:累计|完成投资|实际|本年完成|年度完成|月底完成|月末完成|已(?:完成|开工|建成|竣工|投用|开业))"
                r"(?!.*(?:情况|进展|说明|时间|率))"),
     ACTUAL),
    (re.compile(r"进展|进度情况|完成情况|推进情况|落实情况|执行情况|工作成效"), PROGRESS),
    (re.compile(r"配合|协办|协助|参与"), REMARKS_ONLY),
    (re.compile(r"牵头|责任(单位|部门|主体)|主办|承办|主责|负责单位|承担单位|实施主体|单位$|部门$"), LEAD),
    (re.compile(r"任务|内容|事项|项目名称"), TITLE),
    (re.compile(r"^序号|^编号"), ID),
)


def normalise_header(text: str) -> str:
    """Header text with width, spaces, line breaks and bracketed notes removed for matching."""
    text = unicodedata.normalize("NFKC", text or "")
    text = re.sub(r"[(（\[【][^)）\]】]*[)）\]】]", "", text)  # 牵头单位（部门）→ 牵头单位
    return re.sub(r"[\s:：*＊]+", "", text)


def role_of(header: str) -> str | None:
    """The role a column plays, judged by its header; None for a column we only keep."""
    name = normalise_header(header)
    if not name:
        return None
    if name in _EXACT:
        return _EXACT[name]
    for pattern, role in _PATTERNS:
        if pattern.search(name):
            return role
    return None


def assign_roles(headers: list[str]) -> dict[str, int]:
    """Map each role to the index of the column that plays it (first such column wins).

    A column whose role is already taken stays an extra column, so nothing is lost: a table with
    two progress columns keeps the second as an extra.
    """
    roles: dict[str, int] = {}
    for index, header in enumerate(headers):
        role = role_of(header)
        if role is not None and role not in roles:
            roles[role] = index
    return roles
