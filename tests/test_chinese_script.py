"""Traditional characters: the built-in table agrees with OpenCC, detection does not fire on
simplified text, and the simplified copy keeps every position."""

from __future__ import annotations

from tests.conftest import SAMPLE_TXT
from yiwu_reports.text.chinese_script import (
    is_traditional,
    simplify_common,
    to_simplified,
    traditional_count,
)
from yiwu_reports.text.traditional_chars import SIMPLIFIED, TRADITIONAL


def test_table_agrees_with_opencc():
    import opencc

    t2s = opencc.OpenCC("t2s")
    assert len(TRADITIONAL) == len(SIMPLIFIED) == len(set(TRADITIONAL))
    for traditional, simplified in zip(TRADITIONAL, SIMPLIFIED):
        assert t2s.convert(traditional) == simplified, traditional
    assert not set(TRADITIONAL) & set(SIMPLIFIED)


def test_simplified_sample_is_not_taken_for_traditional():
    text = SAMPLE_TXT.read_text(encoding="utf-8")
    # The published sample holds one stray 預 among 40,000 characters: not enough.
    assert traditional_count(text) <= 1 and not is_traditional([text])


def test_detection_and_header_words():
    assert is_traditional(["序號", "項目內容", "牽頭單位", "目前實施情況"])
    assert not is_traditional(["乾隆年间的著作"])  # characters both scripts use
    assert simplify_common("責任單位 進展情況 備註") == "责任单位 进展情况 备注"


def test_simplified_copy_keeps_positions():
    text = "完成“縣中崛起”結對幫扶，簽訂協議3份。"
    simple = to_simplified(text)
    assert len(simple) == len(text)
    assert simple == "完成“县中崛起”结对帮扶，签订协议3份。"
    start = simple.index("签订协议3份")
    assert text[start:start + 6] == "簽訂協議3份"
