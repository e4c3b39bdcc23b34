"""What a column holds, read from its cells: the other half of deciding which column is what.

A header names a column in the office's own words, and the next office uses other words (年度任务,
市定任务(2023年度), 建设规模, 实绩). The cells do not change with the office: task sentences are long
and say what is to be done (新增…个, 确保…, 力争…以上); progress sentences say what was done (已…,
累计…, 截至…, 完成年度任务的…%); lead cells name bodies (…局, …委, …办, …中心); place cells name
places (…县, …市, 全省); figure cells are numbers, some of them percentages; id cells number the
rows; leader cells are a person's name. `describe` measures these shares over a column's cells,
and `role_by_content` says what the cells alone make of a column.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from . import columns

# A cell that is only a figure: 86157.25, 50%, 3.2亿元, 1,200, -2.3 (a unit at most four characters).
_FIGURE_ONLY = re.compile(r"^\s*[-+－]?\s*\d[\d,，]*(?:\.\d+)?\s*(?:[%％‰]|[万亿千百]?[^\d\s]{0,3})?\s*$")
_PERCENT_ONLY = re.compile(r"^\s*[-+－]?\s*\d+(?:\.\d+)?\s*[%％]\s*$")
# A figure with what it counts, inside words: 18个, 2400人, 1.2万户, 80公里, 95%.
_QUANTITY = re.compile(r"\d+(?:\.\d+)?\s*(?:[万亿千百]?(?:元|个|人|户|家|所|处|项|条|座|台|套|辆|张|间|栋|"
                       r"公里|千米|米|亩|吨|千瓦|瓦|标箱|人次|场|次|批|件|床|位|名|万|亿)|[%％])")
# Bodies that lead tasks: 县交通运输局, 市发改委, 区政府办, 镇人民政府, 市城投集团 (a list joined by
# 、 ，or spaces is still bodies).
_BODY = re.compile(r"(?:局|委|办|办公室|政府|中心|公司|集团|院|所|站|队|社|会|部|处|科|署|厅|街道|"
                   r"管委会|指挥部|联社|银行|支行|分局|大队)$")
_BODY_SPLIT = re.compile(r"[、，,；;/\s]+")
_PLACE = re.compile(r"^(?:全省|全市|全县|全区|全州|合计|总计|小计|[^\d\s]{1,8}?(?:省|市|县|区|州|旗|盟|镇|乡|街道|"
                    r"开发区|园区|新区|管委会))$")
_ID = re.compile(r"^\s*(?:[★☆*＊※]?\s*\d{1,4}(?:\.0)?\s*[、.．]?|[（(]?[一二三四五六七八九十百]{1,3}[)）、.．]?)\s*$")
# A person: two to four characters (路 军, 周军波), no body or place suffix.
_PERSON = re.compile(r"^[\u4e00-\u9fff](?:\s{0,2}[\u4e00-\u9fff]){1,3}$")
_MEASURE = re.compile(r"^(?:[万亿千百]?(?:元|美元|个|人|户|家|所|处|项|条|座|台|套|辆|张|间|公里|千米|米|亩|吨|"
                      r"千瓦|标箱|人次|床|位|名)|[%％‰]|百分点|万人|万户|万平方米|平方米|立方米|"
                      r"[\u4e00-\u9fff]{0,2}/[\u4e00-\u9fff]{1,2})$")
# What was done: the words of a progress report.
_REPORTED = re.compile(r"已|累计|截至|截止|目前|正在|现已|完成了|完成率|同比|比上年|较上年|"
                       r"[一二三四前上下]+季度|上半年|\d+\s*[-—–~至]\s*\d+\s*月|\d+月(?:底|末|份)|"
                       r"开工|竣工|建成|投用|推进中|进行中|有序推进|加快推进")
# What is to be done: the words of a commitment.
_COMMITTED = re.compile(r"新增|新建|新改建|改扩建|改造|修建|铺设|建设|建成|实施|完成|确保|力争|实现|达到|"
                        r"不低于|不少于|以上|全年|年度|年内|以内|以下|控制在|提升|提高|增长|下降|培训|引进|"
                        r"打造|创建|推动|推进|开展|加快|落实|开工|安置|提供|发放|组织|举办|招引|培育|筹集|"
                        r"安装|配备|救助|接种|体检|植树|造林|种植|整治|治理|开通|开设|投放|购置|覆盖|创成")
_SENTENCE_MARK = re.compile(r"[，。；,;：:、]")
_VERDICT = re.compile(r"^(?:是|否|√|×|已完成|未完成|完成|序时推进|正常推进|滞后|进度滞后|超序时|达到序时|"
                      r"未达序时|按序时推进|提前完成|超额完成|推进中|正在推进|进行中|已办结|未开始|基本完成|"
                      r"绿灯|黄灯|红灯)$")

# Shares of a column's cells above which the cells decide (most cells, not all: a total row or a
# note is allowed).
_MOST = 0.6
_NEARLY_ALL = 0.8
# A sentence: a cell this long (characters) with a clause mark, or half again as long without.
_SENTENCE = 12
# A phrase that can say what is done or to be done (改造8个 is one; 是, 否, 1 are not).
_PHRASE = 6


@dataclass(frozen=True)
class ColumnContent:
    """What a column's non-empty cells look like, as shares of them (0 to 1)."""

    filled: int
    """How many of the cells looked at hold anything."""
    mean_length: float
    sentences: float
    """Cells of a sentence or more."""
    figures: float
    """Cells that are a figure and nothing else (86157.25, 50%, 3.2亿元)."""
    percents: float
    """Cells that are a percentage and nothing else."""
    quantities: float
    """Cells of words holding a figure with what it counts (新增18个, 完成率95%)."""
    bodies: float
    """Cells naming bodies (县交通运输局, 市发改委、市财政局)."""
    places: float
    """Cells naming places, or the whole (吉首市, 泸溪县, 全省, 合计)."""
    people: float
    """Cells of a person's name (周军波, 路 军)."""
    ids: float
    """Cells numbering rows (1, ★6, （一）)."""
    verdicts: float
    """Cells of verdict words (是, 否, 已完成, 滞后)."""
    measures: float
    """Cells that are a unit of measure (亿元, %, 万人)."""
    reported: float
    """Phrases saying what was done (已…, 累计…, 截至…), of the cells of words."""
    committed: float
    """Phrases saying what is to be done (新增…, 确保…, 力争…以上), of the cells of words."""

    @property
    def textual(self) -> bool:
        """Words rather than figures, codes or names."""
        return self.filled > 0 and self.figures < 0.5 and self.mean_length >= 4

    @property
    def names_items(self) -> bool:
        """Short names of items (就业促进行动, 农村饮水提升工程): words without a sentence."""
        return self.textual and self.sentences < 0.3 and self.quantities < 0.3 and \
            self.mean_length <= 16 and self.bodies < _MOST and self.people < _MOST


def _is_bodies(cell: str) -> bool:
    parts = [part for part in _BODY_SPLIT.split(cell.strip("★*＊ ")) if part]
    return bool(parts) and all(len(part) <= 20 and _BODY.search(part.strip("★*＊")) for part in parts)


def _share(cells: Sequence[str], test: object) -> float:
    assert callable(test)
    return sum(1 for cell in cells if test(cell)) / len(cells) if cells else 0.0


def describe(cells: Sequence[str]) -> ColumnContent:
    """The look of a column from its cells (as read, any number of them)."""
    values = [" ".join(cell.split()) for cell in cells if cell and cell.strip()]
    if not values:
        return ColumnContent(0, 0.0, *([0.0] * 12))
    sentences = [value for value in values if _is_sentence(value)]
    # What is done or to be done is read in phrases too (已建成驿站10个, 改造农贸市场8个).
    phrases = [value for value in values if len(value) >= _PHRASE and not _FIGURE_ONLY.match(value)]
    figures = _share(values, _FIGURE_ONLY.match)
    return ColumnContent(
        filled=len(values),
        mean_length=sum(len(value) for value in values) / len(values),
        sentences=len(sentences) / len(values),
        figures=figures,
        percents=_share(values, _PERCENT_ONLY.match),
        quantities=_share(values, lambda v: not _FIGURE_ONLY.match(v) and _QUANTITY.search(v)),
        bodies=_share(values, _is_bodies),
        places=_share(values, lambda v: len(v) <= 10 and _PLACE.match(v) and not _is_bodies(v)),
        people=_share(values, lambda v: _PERSON.match(v) and not _BODY.search(v)
                      and not _PLACE.match(v)),
        ids=_share(values, _ID.match) if _counts_up(values) else 0.0,
        verdicts=_share(values, _VERDICT.match),
        measures=_share(values, lambda v: _MEASURE.match(v.replace(" ", ""))),
        reported=_share(phrases, _REPORTED.search),
        committed=_share(phrases, lambda v: (_COMMITTED.search(v) or _QUANTITY.search(v))
                         and not _REPORTED.search(v)),
    )


def _counts_up(values: Sequence[str]) -> bool:
    """Whether the cells' numbers mostly go up one by one (1, 2, 3 …; a number may be left out or
    repeated): a column numbering the rows, not a column of small figures (57, 27, 34)."""
    numbers = [int(digits) for value in values if (digits := re.sub(r"\D", "", value))
               and len(digits) <= 4]
    if len(numbers) < 2:
        return len(numbers) == 1 and numbers[0] <= 3 or not numbers
    steps = [later - earlier for earlier, later in zip(numbers, numbers[1:])]
    return sum(1 for step in steps if step in (0, 1, 2)) >= 0.7 * len(steps)


def _is_sentence(value: str) -> bool:
    return len(value) >= _SENTENCE and (bool(_SENTENCE_MARK.search(value))
                                        or len(value) >= _SENTENCE * 3 // 2)


def role_by_content(content: ColumnContent) -> str | None:
    """What the cells alone make of a column: an id, lead unit, place, leader, verdict, unit of
    measure or figure column, or a text column (task, target or progress: `text_role` tells
    these apart among the table's text columns). None when the cells do not say."""
    if content.filled == 0:
        return None
    if content.ids >= _NEARLY_ALL:
        return columns.ID
    if content.verdicts >= _NEARLY_ALL:
        return columns.VERDICT
    if content.measures >= _MOST:
        return columns.UNIT
    if content.bodies >= _MOST:
        return columns.LEAD
    if content.places >= _MOST:
        return columns.PLACE
    if content.people >= _MOST and content.mean_length <= 5:
        return columns.LEADER
    if content.percents >= _MOST:
        return columns.COMPLETION
    if content.figures >= _MOST:
        return columns.ACTUAL  # a figure column; which one (target, result) is said by position
    if content.textual:
        return columns.TITLE
    return None


def progress_like(content: ColumnContent) -> bool:
    """A text column whose phrases report what was done."""
    return content.textual and content.mean_length >= _PHRASE and content.reported >= 0.5 and \
        content.reported >= content.committed


def commitments(content: ColumnContent) -> bool:
    """A text column whose cells state the year's commitments with their figures (新增18个;
    新建和改造供水管网1000公里): the target column, whatever its header says."""
    return content.textual and content.quantities >= 0.5 and content.committed >= 0.5 and \
        not progress_like(content)
