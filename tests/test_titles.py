"""Titles break between words, in even lines (GB/T 9704-2012 7.3.3: 回行时词意完整，排列对称，
梯形或菱形), on the sample's title and on the published titles of all development tables.

The briefing is rendered for each title and read back with python-docx: its Title paragraphs'
line breaks are where Word will break them (each line fits the text width at the title's size,
so Word adds no break of its own). Words are checked against a list written here by hand from
these titles, not against the list the code uses.
"""

from __future__ import annotations

import io
import re
from dataclasses import replace

import docx
import pytest
from docx.shared import Length

from tests.conftest import DATA
from tests.factories import mixed_report
from yiwu_reports import api
from yiwu_reports.core.period import parse_period_label
from yiwu_reports.renderers import RenderOptions
from yiwu_reports.text.title_lines import em_width, title_lines

REAL = DATA / "real"
# The published titles of the development tables (tests/data/real, from the pages they come
# from); "" where the excerpt has none, so the briefing makes one from the period.
PUBLISHED = {
    "cangnan_2023_trad": "2023年省政府民生實(shí)事項(xiàng)目實(shí)施計(jì)劃(截至4月10日)",
    "dangshan_2023_h1": "砀山县2023年暖民心行动1-6月份",
    "fuzhou_yuanlin_2021_1-11": "2021年为民办实事项目进展情况月报表(11月份)",
    "haian_2023_1-8": "海安市民政局2023年民生实事项目实施进度表",
    "huainan_2025_h1": "【落实情况】市机关事务管理局2025年《政府工作报告》主要任务上半年落实情况",
    "huaiyuan_2021_q1": "怀远县2021年度政府重点工作任务第一季度完成情况汇总表",
    "huangpu_2021_full": "2021年经济和社会发展指标完成情况",
    "hunan_oldcomm_2021_1-8": "附件1 全省2021年重点民生实事项目完成进度表(截至2021年8月底)",
    "ningbo_2014_h1": "",
    "pinghu_2023_h1": "",
    "pinghu_2024_1-9": "2024年政府工作报告重点工作完成情况(前三季度)",
    "pinghu_2025_q1": "",
    "putuo_2012_1-5": "2012年市、区政府民政实事项目完成情况进度表(五月份)",
    "qiandongnan_2023_q1": "黔东南州2023年度十件民生实事1-3月推进情况",
    "qingdao_2017_h1": "2017年政府工作报告公开挂牌督办事项上半年进展情况",
    "qixia_2024_h1": "附件 2024年二季度30项重点民生实事进展情况表",
    "shaoxing_2020_q1": "市政府2020年重点工作(预下达)一季度进展情况表",
    "shaoxing_minsheng_q1": "",
    "sizhoutou_2024_h1": "泗洲头镇2024年度重点工作计划二季度执行情况",
    "taishun_2024_1-4": "2024年4月省政府民生实事项目进展情况汇总表",
    "wenzhou_2018_h1": "2018年省、市民生实事按时序推进的项目(截至6月20日)",
    "xiangxi_2021_1-9": "1-9月份州重点项目投资完成情况汇总表",
    "xihu_2019_full": "附件1 2019年省民生实事项目涉及西湖区指标落实情况表(截止到12月31日)",
    "xihu_2024_q1": "",
    "xiping_2020": "",
    "yueyanglou_gwr_2018_q1": "2018年《政府工作报告》目标任务一季度完成情况一览表",
    "zhaoqing_2020_minsheng": "",
    "zhaoyuan_2022_1-9": "",
    "zj_district_2024_minsheng": "",
}
SAMPLE_TITLE = ("2023年义乌市政府工作报告重点任务三季度进展情况汇总表", "2023Q3")
# Words no line break may fall inside: places, bodies, phrases and periods of these titles.
WORDS = (
    "义乌市", "怀远县", "海安市", "泗洲头镇", "砀山县", "黔东南州", "西湖区", "民政局", "全省",
    "机关事务管理局", "省政府", "市政府", "区政府", "政府工作报告", "《政府工作报告》",
    "重点任务", "重点工作", "重点工作任务", "重点工作计划", "重点项目", "民生实事", "实事项目",
    "民政实事", "为民办实事", "暖民心行动", "公开挂牌", "督办事项", "经济和社会发展", "主要任务",
    "目标任务", "按时序", "推进的项目", "十件", "进展情况", "完成情况", "落实情况", "推进情况",
    "执行情况", "实施情况", "的通报", "一季度", "二季度", "三季度", "第一季度", "上半年", "全年",
    "實(shí)事", "項(xiàng)目", "實(shí)施", "計(jì)劃", "(预下达)",
)
_DATE = re.compile(r"\d+(?:-\d+)?(?:年度|年|月份|月|日|项)")


def _tables():
    names = sorted(path.stem for path in REAL.glob("*.tsv"))
    return [(name, PUBLISHED[name], (REAL / f"{name}.period").read_text(encoding="utf-8").strip())
            for name in names] + [("sample", *SAMPLE_TITLE)]


def test_every_development_table_has_its_published_title_here():
    assert sorted(path.stem for path in REAL.glob("*.tsv")) == sorted(PUBLISHED)


@pytest.fixture(scope="module")
def small_report():
    report = mixed_report()
    return report.with_tasks(report.tasks[:12])


def _title_lines(report):
    """The lines of each Title paragraph of the briefing and of its 附件说明, and how many em of
    the title's font a line of its text area holds (and, for the 附件说明, of the body's after
    its indent and 附件：)."""
    out = io.BytesIO()
    api.render(report, "docx", out, options=RenderOptions())
    document = docx.Document(io.BytesIO(out.getvalue()))
    section = document.sections[-1]
    width = Length(section.page_width - section.left_margin - section.right_margin).pt
    size = document.styles["Title"].font.size.pt
    titles = [p.text.split("\n") for p in document.paragraphs if p.style.name == "Title"]
    note = next(p.text for p in document.paragraphs if p.text.startswith("附件："))
    body = document.styles["Normal"].font.size.pt
    titles.append(note.split("\n"))  # 附件说明: its name goes on under itself, cut between words
    return titles, width / size, width / body - 2 - 3


def _cuts_a_word(lines: list[str]) -> list[str]:
    """The words (from WORDS, or a date) that a break between these lines falls inside."""
    whole = "".join(lines)
    breaks, at = set(), 0
    for line in lines[:-1]:
        at += len(line)
        breaks.add(at)
    spans = [found.span() for word in WORDS for found in re.finditer(re.escape(word), whole)]
    spans += [found.span() for found in _DATE.finditer(whole)]
    return [whole[start:end] for start, end in spans
            if any(start < cut < end for cut in breaks)]


@pytest.mark.parametrize("name, title, period", _tables())
def test_titles_break_between_words_in_even_lines(small_report, name, title, period):
    report = replace(small_report, title=title, period=parse_period_label(period))
    titles, room, note_room = _title_lines(report)
    assert len(titles) == 3  # the briefing's, the annex's, and the annex's name in 附件说明
    note = [titles[2][0].removeprefix("附件："), *titles[2][1:]]
    assert all(em_width(line) <= note_room for line in note), note
    assert not _cuts_a_word(note), (note, _cuts_a_word(note))
    for lines in titles[:2]:
        widths = [em_width(line) for line in lines]
        assert max(widths) <= room, lines  # Word has no reason to break a line again
        assert all(len(line) >= 2 for line in lines), lines  # never one character alone
        assert not _cuts_a_word(lines), (lines, _cuts_a_word(lines))
        if len(lines) == 2:  # a trapezoid: neither line under half the other
            assert min(widths) >= max(widths) / 2, lines
        for above, middle, below in zip(widths, widths[1:], widths[2:]):
            assert not (middle < above and middle < below), lines  # a diamond, not an hourglass
        # The fewest lines: joined, two neighbours would not fit (with a half em to spare for
        # a font's wider digits).
        assert all(em_width(a + b) > room - 0.5 for a, b in zip(lines, lines[1:])), lines


def test_the_samples_title_is_cut_where_its_phrases_meet(small_report):
    titles, _room, _note_room = _title_lines(replace(small_report, title=SAMPLE_TITLE[0]))
    assert titles == [["关于2023年义乌市政府工作报告", "重点任务三季度进展情况的通报"],
                      ["2023年义乌市政府工作报告", "重点任务三季度进展情况表"],
                      ["附件：2023年义乌市政府工作报告重点任务三季度", "进展情况表"]]


@pytest.mark.parametrize("title, width, lines", [
    ("关于2023年义乌市政府工作报告重点任务三季度进展情况的通报", 20,
     ["关于2023年义乌市政府工作报告", "重点任务三季度进展情况的通报"]),
    # A date and the word after it stay whole; the lone 州 goes with its 重点项目.
    ("关于2021年1-9月份州重点项目投资完成情况的通报", 16,
     ["关于2021年1-9月份州重点项目", "投资完成情况的通报"]),
    # Never next to 的 (推进的 / 项目), except before 的通报.
    ("关于2018年上半年省、市民生实事按时序推进的项目进展情况的通报", 20,
     ["关于2018年上半年省、市民生实事", "按时序推进的项目进展情况的通报"]),
    ("短标题", 20, ["短标题"]),
])
def test_title_lines(title, width, lines):
    assert title_lines(title, width) == lines


def test_filled_lines_are_full_and_cut_between_words():
    from yiwu_reports.text.title_lines import filled_lines

    assert filled_lines("2023年义乌市政府工作报告重点任务三季度进展情况表", 22) == \
        ["2023年义乌市政府工作报告重点任务三季度", "进展情况表"]
    assert filled_lines("2023年重点任务进展情况表", 22) == ["2023年重点任务进展情况表"]


def test_a_title_no_word_boundary_can_fit_is_left_whole():
    unbroken = "义" * 40  # one unknown word: nothing to cut it at
    assert title_lines(unbroken, 20) == [unbroken]


def test_pdf_and_web_page_titles_break_between_words(tmp_path, small_report):
    import subprocess

    report = replace(small_report, title="怀远县2021年度政府重点工作任务第一季度完成情况汇总表重点项目投资进展情况表",
                     period=parse_period_label("2021Q1"))
    pdf = tmp_path / "t.pdf"
    with open(pdf, "wb") as out:
        api.render(report, "pdf", out, options=RenderOptions())
    text = subprocess.run(["pdftotext", "-l", "1", str(pdf), "-"], capture_output=True, text=True,
                          check=True).stdout
    first = [line.strip() for line in text.splitlines() if line.strip()][:2]
    assert "".join(first) == report.title
    assert not _cuts_a_word(first), first
    page = io.BytesIO()
    api.render(report, "html", page, options=RenderOptions())
    heading = re.search(r"<h1>(.*?)</h1>", page.getvalue().decode("utf-8")).group(1)
    parts = heading.split("<wbr>")
    assert "".join(parts) == report.title and len(parts) > 2
    assert not _cuts_a_word(parts)
