"""Property-based tests: whatever text arrives, readers and the quantity parser either work or
raise the project's own error, and parsing does not depend on spacing or character width."""

from __future__ import annotations

import string

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from yiwu_reports.assessment.engine import assess_task
from yiwu_reports.assessment.quantities import find_quantities, parse_quantity
from yiwu_reports.assessment.targets import find_targets
from yiwu_reports.core.errors import ReportError
from yiwu_reports.core.model import Block, Source, Task
from yiwu_reports.core.period import parse_period_label
from yiwu_reports.readers import read_bytes

CJK = "".join(chr(c) for c in range(0x4E00, 0x4E00 + 200)) + "万亿千百十个家人元亩吨%％，。；、“”《》<>&#;"
TEXT = st.text(alphabet=st.sampled_from(CJK + string.printable + "０１２３４５６７８９\x00\u3000\t"),
               max_size=300)
UNITS = ["亿元", "万元", "元", "%", "个", "家", "人次", "万千瓦", "KW", "亩", "万亩", "公里", "标箱",
         "万标箱", "吨", "套", "辆", "微克/立方米"]
FULL = str.maketrans("0123456789.%KW", "０１２３４５６７８９．％ＫＷ")


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=2000))
def test_any_bytes_read_or_raise_our_error(data):
    try:
        report = read_bytes(data, "fuzz.csv")
    except ReportError as error:
        assert "\n" not in str(error)
    else:
        assert report.tasks


@settings(max_examples=200, deadline=None)
@given(TEXT, TEXT, TEXT)
def test_any_table_text_reads_or_raises_our_error(title, cell, progress):
    text = f"## 2023年{title}三季度\n序号\t任务名称\t牵头单位\t进展情况\n1\t{cell}\t单位\t{progress}\n"
    try:
        report = read_bytes(text.encode("utf-8"), "fuzz.txt")
    except ReportError:
        return
    for task in report.tasks:
        assess_task(task, report.period)  # never raises


@settings(max_examples=300, deadline=None)
@given(TEXT)
def test_quantity_parser_never_raises(text):
    for quantity in find_quantities(text):
        assert quantity.start < quantity.end
    find_targets(text)
    task = Task("1", text, "x", (Block("paragraph", text),), Source("f", 1))
    assess_task(task, parse_period_label("2023Q3"))


@settings(max_examples=300, deadline=None)
@given(st.decimals(min_value=0, max_value=10**7, places=2, allow_nan=False, allow_infinity=False),
       st.sampled_from(UNITS), st.sampled_from(["", " ", "\u3000"]))
def test_parsing_is_stable_under_spacing_and_width(number, unit, gap):
    written = f"{number.normalize():f}"
    plain = parse_quantity(f"{written}{unit}")
    spaced = parse_quantity(f"{written}{gap}{unit}")
    wide = parse_quantity(f"{written}{unit}".translate(FULL))
    assert plain is not None
    for other in (spaced, wide):
        assert (other.value, other.family) == (plain.value, plain.family)
        assert abs(other.base - plain.base) <= 1e-9 * max(1.0, abs(plain.base))
    in_text = find_targets(f"完成投资{written}{gap}{unit}以上")
    in_wide = find_targets(f"完成投资{written}{unit}以上".translate(FULL))
    assert [t.quantity.base for t in in_text] == [t.quantity.base for t in in_wide]
