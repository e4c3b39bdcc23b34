from yiwu_reports.core.model import Block
from yiwu_reports.text.cell_html import cell_blocks, cell_text


def test_paragraphs():
    assert cell_blocks("<p>1. 甲。</p> <p>2. 乙。</p>") == (
        Block("paragraph", "1. 甲。"), Block("paragraph", "2. 乙。"))


def test_list_items_keep_numbering_as_written():
    cell = '<ol style="list-style-type: none"> <li>1. 召开会议。</li> <li>2. 开展活动。</li> </ol>'
    assert cell_blocks(cell) == (Block("item", "1. 召开会议。"), Block("item", "2. 开展活动。"))


def test_entities_decoded_and_no_tags_left():
    blocks = cell_blocks("<p>A&amp;B&nbsp;C &lt;b&gt;</p><br/>末尾")
    assert [b.text for b in blocks] == ["A&B C <b>", "末尾"]


def test_plain_text_with_angle_bracket_is_not_html():
    assert cell_text("PM2.5<30微克/立方米") == "PM2.5<30微克/立方米"


def test_unbalanced_and_nested_fragments():
    blocks = cell_blocks("<ol><li>1. 甲<ol><li>(1) 子项</li></ol></li><li>2. 乙")
    assert [b.text for b in blocks] == ["1. 甲", "(1) 子项", "2. 乙"]
    assert all(b.kind == "item" for b in blocks)


def test_line_breaks_in_plain_cells_are_paragraphs():
    assert [b.text for b in cell_blocks("第一段\r\n\r\n第二段\n")] == ["第一段", "第二段"]


def test_empty():
    assert cell_blocks("") == ()
    assert cell_blocks("<p> </p>") == ()
