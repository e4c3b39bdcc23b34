"""The Word briefing, opened with python-docx and read the way a person reads it."""

from __future__ import annotations

import datetime

import io
import re
import zipfile
from dataclasses import replace

import docx
import pytest
from docx.oxml.ns import qn
from docx.shared import Mm

from tests.factories import hostile_report, mixed_report
from yiwu_reports import api
from yiwu_reports.core.errors import RenderError
from yiwu_reports.core.model import STATUSES
from yiwu_reports.core.palette import default_palette
from yiwu_reports.renderers import RenderOptions, format_names
from yiwu_reports.renderers.docx.formatting import east_asian_font
from yiwu_reports.summary.counts import summarise
from yiwu_reports.summary.display import percent_text
from yiwu_reports.text.quotes import quote

PALETTE = default_palette()
HEADINGS = ("一、总体情况", "二、滞后任务", "三、待核实事项", "四、下一步工作要求")


def render(report, **options) -> bytes:
    out = io.BytesIO()
    api.render(report, "docx", out, options=RenderOptions(**options))
    return out.getvalue()


def open_docx(data: bytes):
    return docx.Document(io.BytesIO(data))


@pytest.fixture(scope="module")
def report():
    return mixed_report()


@pytest.fixture(scope="module")
def summary(report):
    return summarise(report)


@pytest.fixture(scope="module")
def data(report):
    return render(report)


@pytest.fixture(scope="module")
def document(data):
    return open_docx(data)


def body_paragraphs(document):
    """(style name, text) of the body's paragraphs, outside tables, in order."""
    return [(p.style.name, p.text) for p in document.paragraphs]


def section_text(document, heading: str, next_heading: str | None) -> list[str]:
    texts = [text for _style, text in body_paragraphs(document)]
    start = texts.index(heading) + 1
    end = texts.index(next_heading) if next_heading else len(texts)
    return texts[start:end]


def effective_fonts(document, style):
    """The w:rFonts attributes a style's text gets: its own, its bases', then the defaults."""
    found: dict[str, str] = {}
    while style is not None:
        rfonts = style.element.find(f"{qn('w:rPr')}/{qn('w:rFonts')}")
        if rfonts is not None:
            for key, value in rfonts.attrib.items():
                found.setdefault(key, value)
        style = style.base_style
    defaults = document.styles.element.find(
        f"{qn('w:docDefaults')}/{qn('w:rPrDefault')}/{qn('w:rPr')}/{qn('w:rFonts')}")
    if defaults is not None:
        for key, value in defaults.attrib.items():
            found.setdefault(key, value)
    return found


def annex_table(document):
    return document.tables[-1]


def test_docx_is_a_registered_format():
    assert "docx" in format_names()


def test_title_and_headings_in_order(document):
    paragraphs = body_paragraphs(document)
    # Two even lines, cut between words (GB/T 9704 7.3.3), not where the width runs out.
    assert paragraphs[0] == ("Title", "关于2023年义乌市政府工作报告\n重点任务三季度进展情况的通报")
    headings = [text for style, text in paragraphs if style == "Heading 1"]
    assert headings == list(HEADINGS)
    assert "2023年三季度" in " ".join(text for _style, text in paragraphs[:4])


def test_overview_counts_and_shares_equal_the_summary(document, summary):
    text = "".join(section_text(document, HEADINGS[0], HEADINGS[1]))
    assert text.startswith(f"{summary.total}项任务中")
    for status in STATUSES:
        label = PALETTE.label(status)
        found = re.search(rf"{label}(\d+)项、占([\d.]+)%", text)
        assert found, label
        assert int(found.group(1)) == summary.counts[status]
        assert float(found.group(2)) == round(summary.share(status) * 100, 1)
    top = [lead for lead in summary.leads_by_shortfall() if lead.counts["lagging"]][0]
    assert f"{top.lead}（{top.counts['lagging']}项）" in text


def test_every_lagging_task_in_section_two_grouped_by_lead(document, report, summary):
    paragraphs = body_paragraphs(document)
    texts = [text for _style, text in paragraphs]
    start, end = texts.index(HEADINGS[1]), texts.index(HEADINGS[2])
    section = paragraphs[start + 1:end]
    groups = [text for style, text in section if style == "Heading 2"]
    expected = [lead for lead in summary.leads_by_shortfall() if lead.counts["lagging"]]
    assert len(groups) == len(expected)
    for group, lead in zip(groups, expected):
        assert group.endswith(f"{lead.lead}（{lead.counts['lagging']}项）")
    items = [text for style, text in section if style == "Normal" and "附件序号" in text]
    assert len(items) == len(summary.shortfalls)
    body = "\n".join(items)
    for task in summary.shortfalls:
        assert f"（附件序号{task.id}）" in body
        assert task.title.rstrip("。；;，, ") in body
    # A cumulative lagging task states target, figure, 完成率 against 序时进度, and evidence.
    task = next(t for t in summary.shortfalls if t.override is None and t.indicators
                and t.indicators[0].kind == "cumulative")
    item = next(text for text in items if f"（附件序号{task.id}）" in text)
    indicator = task.indicators[0]
    assert "完成率48.6%，序时进度75.0%" in item
    assert f"依据：任务要求{quote(indicator.evidence.target)}，进展报送{quote(indicator.evidence.actual)}" in item


def test_overridden_task_says_so(document, report):
    task = next(t for t in report.tasks if t.override is not None)
    text = "\n".join(section_text(document, HEADINGS[1], HEADINGS[2]))
    assert (f"人工调整为{PALETTE.label(task.status)}（自动判定为{PALETTE.label(task.auto_status)}），"
            f"理由：{task.override.reason}。") in text


def test_unverified_tasks_in_section_three(document, summary):
    text = "\n".join(section_text(document, HEADINGS[2], HEADINGS[3]))
    assert f"以下{len(summary.unverified)}项任务" in text
    for task in summary.unverified:
        assert f"（附件序号{task.id}）" in text
    assert "需补报：指标甲（目标" in text


def test_annex_has_every_task_in_input_order(document, report):
    table = annex_table(document)
    rows = table.rows
    assert [cell.text for cell in rows[0].cells] == ["序号", "任务", "牵头单位", "状态", "完成率",
                                                     "进展摘要"]
    assert len(rows) == len(report.tasks) + 1 == 160
    for row, task in zip(rows[1:], report.tasks):
        cells = row.cells
        assert (cells[0].text, cells[1].text, cells[2].text) == (task.id, task.title, task.lead)
        assert cells[3].paragraphs[0].text.splitlines()[0] == PALETTE.label(task.status)
    header_properties = rows[0]._tr.trPr
    assert header_properties is not None and header_properties.find(qn("w:tblHeader")) is not None
    overridden = next(i for i, t in enumerate(report.tasks) if t.override is not None)
    assert "人工调整" in rows[overridden + 1].cells[3].text


def test_status_cells_shaded_in_the_palette_colour(document, report):
    for row, task in zip(annex_table(document).rows[1:], report.tasks):
        shading = row.cells[3]._tc.tcPr.find(qn("w:shd"))
        assert "#" + shading.get(qn("w:fill")) == PALETTE[task.status].fill
        colour = row.cells[3].paragraphs[0].runs[0].font.color.rgb
        assert "#" + str(colour) == PALETTE[task.status].text


def test_east_asian_fonts_on_every_style_in_use(document):
    used = {p.style.name for p in document.paragraphs}
    used |= {p.style.name for cell in annex_table(document).rows[1].cells for p in cell.paragraphs}
    assert {"Title", "Heading 1", "Heading 2", "Normal", "Table Text"} <= used
    for name in used:
        fonts = effective_fonts(document, document.styles[name])
        assert fonts.get(qn("w:eastAsia")), name
        assert not any(key.endswith("Theme") or key.endswith("theme") for key in fonts), name
        assert east_asian_font(document, document.styles[name]) == fonts[qn("w:eastAsia")]
    expected = {"Normal": "仿宋_GB2312", "Title": "方正小标宋简体", "Heading 1": "黑体",
                "Heading 2": "楷体_GB2312", "Footer": "宋体"}
    for name, font in expected.items():
        assert effective_fonts(document, document.styles[name])[qn("w:eastAsia")] == font
    normal = document.styles["Normal"]
    assert normal.font.size.pt == 16
    spacing = normal.element.find(f"{qn('w:pPr')}/{qn('w:spacing')}")
    assert spacing.get(qn("w:lineRule")) == "exact" and 28 <= int(spacing.get(qn("w:line"))) / 20 <= 29
    indent = normal.element.find(f"{qn('w:pPr')}/{qn('w:ind')}")
    assert indent.get(qn("w:firstLineChars")) == "200"
    assert document.styles["Title"].font.size.pt == 22


def test_font_table_declares_fallbacks(data):
    fonts = zipfile.ZipFile(io.BytesIO(data)).read("word/fontTable.xml").decode("utf-8")
    assert re.search(r'w:name="仿宋_GB2312"><w:altName w:val="仿宋"/>', fonts)
    assert re.search(r'w:name="楷体_GB2312"><w:altName w:val="楷体"/>', fonts)


def test_page_is_a4_with_official_margins(document):
    section = document.sections[0]
    assert abs(section.page_width - Mm(210)) < Mm(0.5) and abs(section.page_height - Mm(297)) < Mm(0.5)
    for measured, mm in ((section.top_margin, 37), (section.bottom_margin, 35),
                         (section.left_margin, 28), (section.right_margin, 26)):
        assert abs(measured - Mm(mm)) < Mm(0.1)


def test_page_numbers_odd_right_even_left(document):
    assert document.settings.odd_and_even_pages_header_footer
    section = document.sections[0]
    for footer, align in ((section.footer, "right"), (section.even_page_footer, "left")):
        assert not footer.is_linked_to_previous
        paragraph = footer.paragraphs[0]
        xml = paragraph._p.xml
        assert "PAGE" in "".join(t.text for t in paragraph._p.iter(qn("w:instrText")))
        assert 'w:fldCharType="begin"' in xml
        assert paragraph.text.startswith("— ") and paragraph.text.endswith(" —")
        assert paragraph._p.pPr.find(qn("w:jc")).get(qn("w:val")) == align
        fonts = paragraph.runs[0]._r.rPr.find(qn("w:rFonts"))
        assert fonts.get(qn("w:eastAsia")) == "宋体"
        assert paragraph.runs[0].font.size.pt == 14


C_NS = "http://schemas.openxmlformats.org/drawingml/2006/chart"
A_NS = "http://schemas.openxmlformats.org/drawingml/2006/main"


def chart_parts(document):
    """The briefing's one chart: (its inline shape, chart XML root, embedded workbook)."""
    from lxml import etree
    from openpyxl import load_workbook

    shapes = document.inline_shapes
    assert len(shapes) == 1
    chart_ref = shapes[0]._inline.graphic.graphicData[0]
    assert etree.QName(chart_ref).localname == "chart"
    chart_part = document.part.related_parts[chart_ref.get(qn("r:id"))]
    assert chart_part.content_type == "application/vnd.openxmlformats-officedocument.drawingml.chart+xml"
    root = etree.fromstring(chart_part.blob)
    external = root.find(f"{{{C_NS}}}externalData")
    workbook_part = chart_part.related_parts[external.get(qn("r:id"))]
    assert workbook_part.partname.endswith(".xlsx")
    return shapes[0], root, load_workbook(io.BytesIO(workbook_part.blob))


def test_chart_is_a_native_word_chart_with_alt_text(document, summary):
    from docx.enum.shape import WD_INLINE_SHAPE

    shape, root, workbook = chart_parts(document)
    assert shape.type == WD_INLINE_SHAPE.CHART
    assert shape.width == Mm(140) and shape.height == Mm(70)
    alt = shape._inline.docPr.get("descr")
    for status in STATUSES:
        assert f"{PALETTE.label(status)}{summary.counts[status]}项" in alt
    # One column series: a bar per status in the usual order, its count, colour and label.
    series = root.findall(f".//{{{C_NS}}}barChart/{{{C_NS}}}ser")
    assert len(series) == 1
    categories = [v.text for v in series[0].findall(f"{{{C_NS}}}cat//{{{C_NS}}}v")]
    values = [int(v.text) for v in series[0].findall(f"{{{C_NS}}}val//{{{C_NS}}}v")]
    assert categories == [PALETTE.label(status) for status in STATUSES]
    assert values == [summary.counts[status] for status in STATUSES]
    colours = [point.find(f".//{{{A_NS}}}srgbClr").get("val")
               for point in series[0].findall(f"{{{C_NS}}}dPt")]
    assert colours == [PALETTE[status].strong.lstrip("#").upper() for status in STATUSES]
    labels = ["".join(t.text for t in label.iter(f"{{{A_NS}}}t"))
              for label in series[0].findall(f"{{{C_NS}}}dLbls/{{{C_NS}}}dLbl")]
    assert labels == [f"{summary.counts[s]}项 {percent_text(summary.counts[s] / summary.total)}"
                      for s in STATUSES]
    # Chinese text in the document's fonts, wherever the chart sets them.
    assert {ea.get("typeface") for ea in root.iter(f"{{{A_NS}}}ea")} == {"宋体"}
    # The embedded workbook ("Edit Data") holds the same figures where the chart points.
    rows = list(workbook["Sheet1"].iter_rows(values_only=True))
    assert rows[0] == (None, "任务数")
    assert rows[1:] == [(PALETTE.label(s), summary.counts[s]) for s in STATUSES]
    formulas = [f.text for f in series[0].iter(f"{{{C_NS}}}f")]
    assert formulas == ["Sheet1!$B$1", f"Sheet1!$A$2:$A${len(STATUSES) + 1}",
                        f"Sheet1!$B$2:$B${len(STATUSES) + 1}"]
    texts = [text for _style, text in body_paragraphs(document)]
    assert any(text.startswith("图1") for text in texts)


def test_chart_labels_from_a_palette_file_stay_text(report):
    """Status labels come from a user's palette file: in the chart they are escaped text, and in
    its workbook a label that looks like a formula is still a string."""
    labels = {"completed": '=HYPERLINK("x")', "lagging": "<b>&amp;滞后</b>"}
    palette = PALETTE.with_changes({status: {"label": label} for status, label in labels.items()})
    document = open_docx(render(report, palette=palette))
    _shape, root, workbook = chart_parts(document)
    categories = [v.text for v in root.find(f".//{{{C_NS}}}cat").iter(f"{{{C_NS}}}v")]
    assert labels["completed"] in categories and labels["lagging"] in categories
    sheet = workbook["Sheet1"]
    cells = [row[0] for row in sheet.iter_rows(min_row=2)]
    formula_like = next(cell for cell in cells if str(cell.value).startswith("="))
    assert formula_like.data_type == "s" and formula_like.value == labels["completed"]


def test_same_bytes_on_a_second_run(report, data):
    assert render(report) == data
    package = zipfile.ZipFile(io.BytesIO(data))
    assert {info.date_time for info in package.infolist()} == {(2000, 1, 1, 0, 0, 0)}
    core = open_docx(data).core_properties
    # From the office, dated by the documents' date (undated: the period's last day), not by
    # the time of the run: the same report and settings give the same bytes.
    assert core.author == "市政府督查室" and core.revision == 1
    assert core.created.date() == core.modified.date() == datetime.date(2023, 9, 30)


def test_hostile_text_appears_literally():
    report = hostile_report()
    tricky = replace(report.tasks[3], title="{total}项{0}{{x}}}{", lead="{period}")
    report = report.with_tasks([*report.tasks[:3], tricky, *report.tasks[4:]])
    document = open_docx(render(report))
    rows = annex_table(document).rows
    assert rows[1].cells[1].text == '=HYPERLINK("http://evil.example","点此")'
    assert rows[1].cells[2].text == "+cmd|' /C calc'!A0"
    assert rows[2].cells[1].text == "<b>加粗</b> & <font name=x>字体</font> <para>"
    assert rows[3].cells[2].text == "../../etc/passwd"
    assert rows[4].cells[1].text == "{total}项{0}{{x}}}{"
    assert rows[4].cells[2].text == "{period}"


def test_xml_invalid_characters_do_not_crash():
    report = mixed_report()
    bad = replace(report.tasks[2], title="地区\x00生产\x0b总值\ufffe增长", lead="发改\x1f局")
    report = report.with_tasks([*report.tasks[:2], bad, *report.tasks[3:]],
                               title="2023年\x01三季度汇总表")
    document = open_docx(render(report))
    row = annex_table(document).rows[3]
    assert row.cells[1].text == "地区生产总值增长" and row.cells[2].text == "发改局"
    assert "地区生产总值增长" in "\n".join(p.text for p in document.paragraphs)


def test_custom_template_supplies_letterhead_and_styles(tmp_path, report):
    template = docx.Document()
    letterhead = template.add_paragraph("义乌市人民政府督查室文件")
    letterhead.runs[0].font.color.rgb = docx.shared.RGBColor(0xE0, 0, 0)
    template.styles.add_style("Letterhead", docx.enum.style.WD_STYLE_TYPE.PARAGRAPH)
    letterhead.style = template.styles["Letterhead"]
    template.styles["Normal"].font.size = docx.shared.Pt(15)
    heading = template.styles["Heading 1"].element.get_or_add_rPr().get_or_add_rFonts()
    heading.set(qn("w:eastAsia"), "华文中宋")
    heading.attrib.pop(qn("w:eastAsiaTheme"))  # else the theme font would still win
    path = tmp_path / "ours.docx"
    template.save(path)
    document = open_docx(render(report, template=path))
    first = document.paragraphs[0]
    assert first.text == "义乌市人民政府督查室文件" and first.style.name == "Letterhead"
    assert document.paragraphs[1].text.startswith("关于2023年")
    assert document.styles["Normal"].font.size.pt == 15  # their styles win
    assert "Table Text" in {s.name for s in document.styles}  # ours fill the gaps
    # Chinese fonts they name stay; where they left them to the theme, ours apply.
    assert east_asian_font(document, document.styles["Heading 1"]) == "华文中宋"
    assert east_asian_font(document, document.styles["Normal"]) == "仿宋_GB2312"
    assert east_asian_font(document, document.styles["Title"]) == "方正小标宋简体"
    assert len(annex_table(document).rows) == len(report.tasks) + 1


def test_dotx_template_is_accepted(tmp_path, report):
    source = io.BytesIO()
    docx.Document().save(source)
    path = tmp_path / "letterhead.dotx"
    with zipfile.ZipFile(io.BytesIO(source.getvalue())) as package, \
            zipfile.ZipFile(path, "w") as target:
        for info in package.infolist():
            content = package.read(info.filename)
            if info.filename == "[Content_Types].xml":
                content = content.replace(b"document.main+xml", b"template.main+xml")
            target.writestr(info, content)
    assert open_docx(render(report, template=path)).paragraphs


@pytest.mark.parametrize("content", [b"not a word file", b"PK\x03\x04broken"])
def test_template_that_is_not_a_docx_is_a_one_line_error(tmp_path, report, content):
    path = tmp_path / "letterhead.docx"
    path.write_bytes(content)
    with pytest.raises(RenderError) as caught:
        render(report, template=path)
    assert "letterhead.docx" in str(caught.value) and "\n" not in str(caught.value)


def test_missing_template_is_an_error(tmp_path, report):
    with pytest.raises(RenderError, match="nowhere.docx"):
        render(report, template=tmp_path / "nowhere.docx")


def test_briefing_text_can_be_changed_by_a_users_file(tmp_path, report):
    text = tmp_path / "briefing.toml"
    text.write_text('[closing]\nsignature = "某某县人民政府督查室"\n', encoding="utf-8")
    document = open_docx(render(report, extra={"briefing_text": text}))
    assert "某某县人民政府督查室" in [p.text for p in document.paragraphs]
    text.write_text('[opening]\ntext = "见{nonsense}"\n', encoding="utf-8")
    with pytest.raises(RenderError, match="nonsense"):
        render(report, extra={"briefing_text": text})


def test_unassessed_and_empty_reports_render(sample_report):
    document = open_docx(render(sample_report))  # assessed on the way
    texts = [p.text for p in document.paragraphs]
    assert "本期无进度滞后的任务。" not in texts  # the sample has shortfalls
    assert len(annex_table(document).rows) == len(sample_report.tasks) + 1
    # The sample's tasks that do not lag, still unassessed: 二、 says there is no shortfall.
    judged = api.assess(sample_report)
    calm = sample_report.with_tasks(task for task, assessed in zip(sample_report.tasks,
                                                                   judged.tasks)
                                    if assessed.status != "lagging")
    assert not calm.assessed and not summarise(api.assess(calm)).shortfalls
    document = open_docx(render(calm))
    texts = [p.text for p in document.paragraphs]
    assert "本期无进度滞后的任务。" in texts
    assert len(annex_table(document).rows) == len(calm.tasks) + 1
    empty = open_docx(render(sample_report.with_tasks([])))
    assert len(empty.inline_shapes) == 0 and len(annex_table(empty).rows) == 1
    assert "本期无进度滞后的任务。" in [p.text for p in empty.paragraphs]


def test_python_docx_is_imported_only_when_rendering_docx():
    import subprocess
    import sys

    script = ("import sys, yiwu_reports.api, yiwu_reports.cli, yiwu_reports.renderers; "
              "print(sorted(m for m in sys.modules if m.split('.')[0] in ('docx', 'PIL')))")
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"


def test_styles_copied_into_a_users_template_point_at_their_own_styles(tmp_path, report):
    """Chinese Word names Normal's id "a": a copied style's basedOn must follow it."""
    template = docx.Document()
    for reference in template.styles.element.iter(qn("w:basedOn"), qn("w:next")):
        if reference.get(qn("w:val")) == "Normal":
            reference.set(qn("w:val"), "a")
    template.styles["Normal"].element.set(qn("w:styleId"), "a")
    path = tmp_path / "chinese-word.docx"
    template.save(path)
    document = open_docx(render(report, template=path))
    assert document.styles["Table Text"].base_style.name == "Normal"
    assert document.styles["Table Heading"].base_style.name == "Table Text"
    cell = annex_table(document).rows[1].cells[1].paragraphs[0]
    assert cell.style.name == "Table Text"


def test_body_text_is_flush_left_not_spread(document):
    """Justified lines that end before a figure too long for them (75.0%）。) are spread over the
    width, their characters spaced apart (目 标 20 家): the body is set flush left instead."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    body = [p for p in document.paragraphs if p.style.name == "Normal" and p.text]
    assert body and all(p.alignment == WD_ALIGN_PARAGRAPH.LEFT for p in body)


def test_a_completion_rate_over_100_percent_stays_on_one_line(report):
    """The 完成率 column is wide enough for its widest figure at the table's size in Times New
    Roman (digit 0.5 em, point 0.25 em, % 0.833 em) with the cell margins: 1234.5% too."""
    from yiwu_reports.core.model import Indicator

    tasks = list(report.tasks)
    index = next(i for i, task in enumerate(tasks) if task.status == "completed" and task.indicators)
    big: Indicator = replace(tasks[index].indicators[0], ratio=12.345)
    tasks[index] = replace(tasks[index], indicators=(big,))
    document = open_docx(render(report.with_tasks(tasks)))
    table = annex_table(document)
    texts = [row.cells[4].text for row in table.rows[1:]]
    assert "1234.5%" in texts
    em = {".": 0.25, "%": 0.833}
    widest = max(sum(em.get(c, 0.5) for c in text) for text in texts) * 10.5  # points
    margins = 2 * 57 / 20  # the Briefing Table's cell margins, twips to points
    width = table.columns[4].width.pt
    assert width >= widest + margins, (width, widest + margins)
