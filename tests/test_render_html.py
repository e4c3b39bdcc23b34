"""The web page (`-f html`), read back with lxml's HTML parser: content and order, accessibility,
colour contrast, safety (escaping, the Content-Security-Policy, nothing loaded from elsewhere),
the same bytes for the same input, settings, --check. The page in a real browser is in
test_html_browser.py."""

from __future__ import annotations

import base64
import dataclasses
import hashlib
import io
import re
import subprocess
import sys

import lxml.html
import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.conftest import ROOT, SAMPLE_TXT, SAMPLES, source_tasks, strip_tags
from tests.factories import mixed_report
from yiwu_reports import api
from yiwu_reports.core.errors import RenderError, UsageError
from yiwu_reports.core.leads import split_leads
from yiwu_reports.core.model import STATUSES, Block, Evidence, Override
from yiwu_reports.core.palette import default_palette
from yiwu_reports.core.resources import template_path
from yiwu_reports.renderers import RenderOptions
from yiwu_reports.renderers.html.charts import WIDTH, fit_text
from yiwu_reports.renderers.html.contrast import AA, contrast_ratio, readable_ink
from yiwu_reports.renderers.html.readback import read_rows
from yiwu_reports.summary.compare import compare
from yiwu_reports.summary.comparison_view import comparison_view
from yiwu_reports.summary.counts import summarise

INJECTIONS = ("<script>alert(1)</script>", '"><img src=x onerror=alert(1)>', "{{ 7*7 }}",
              "</style><style>body{display:none}</style>", "'; alert(1); //",
              "<!-- {% raw %} ]]>", "</textarea><svg onload=alert(1)>")


@pytest.fixture(scope="module")
def sample():
    return api.assess(api.load(SAMPLE_TXT))


def render(report, options: RenderOptions | None = None) -> bytes:
    out = io.BytesIO()
    api.render(report, "html", out, options=options)
    return out.getvalue()


def parse(data: bytes):
    return lxml.html.document_fromstring(data.decode("utf-8"))


@pytest.fixture(scope="module")
def sample_page(sample) -> bytes:
    return render(sample)


@pytest.fixture(scope="module")
def tree(sample_page):
    return parse(sample_page)


def text(element) -> str:
    return " ".join(element.text_content().split())


def pieces(element) -> list[str]:
    """The element's text nodes, each with its white space collapsed, empty ones left out."""
    return [" ".join(piece.split()) for piece in element.itertext() if piece.strip()]


def own_text(cell) -> str:
    """A cell's text without the notes we add under it."""
    return " ".join(((cell.text or "") + "".join(
        (child.tail or "") for child in cell)).split())


def rows(tree, table_id: str):
    return tree.xpath(f'//table[@id="{table_id}"]/tbody/tr')


# Content and order ---------------------------------------------------------------------------

def test_every_task_in_input_order_with_id_title_lead_and_status_text(sample, tree):
    source = source_tasks()
    palette = default_palette()
    found = rows(tree, "all-tasks")
    assert len(found) == len(source) == len(sample.tasks) == 159
    for row, task in zip(found, sample.tasks):
        raw = source[task.id]
        assert text(row.xpath("./th")[0]) == raw[0]
        assert own_text(row.xpath('./td[@class="title"]')[0]) == strip_tags(raw[1])
        assert text(row.xpath('./td[@class="lead"]')[0]) == strip_tags(raw[2])
        # The progress as a reader sees it: every word of the cell, tags gone (paragraphs
        # become <p>s, so white space between them may differ).
        progress = row.xpath('./td[@class="progress"]')[0].text_content()
        assert "".join(progress.split()) == "".join(strip_tags(raw[3]).split())
        status = row.xpath('./td[contains(@class, "status")]')[0]
        assert text(status.xpath('.//*[@class="status-label"]')[0]) == palette.label(task.status)
        assert f"st-{task.status}" in status.get("class")
        assert row.get("data-status") == task.status


def test_sections_come_in_reading_order(tree):
    order = {element: index for index, element in enumerate(tree.iter())}
    marks = [tree.xpath("//h1")[0], tree.xpath('//p[@class="period"]')[0],
             tree.xpath('//ul[@class="cards"]')[0], tree.get_element_by_id("chart-status"),
             tree.get_element_by_id("chart-leads"), tree.get_element_by_id("shortfalls"),
             tree.get_element_by_id("shortfall-tasks"),
             tree.get_element_by_id("unverified-tasks"), tree.get_element_by_id("tasks"),
             tree.get_element_by_id("all-tasks")]
    assert [order[mark] for mark in marks] == sorted(order[mark] for mark in marks)
    period = text(tree.xpath('//p[@class="period"]')[0])
    assert period == "统计期：2023年三季度（1-9月，序时进度75.0%）"


def test_headline_figures_are_the_summary(sample, tree):
    summary, palette = summarise(sample), default_palette()
    cards = tree.xpath('//ul[@class="cards"]/li')
    assert pieces(cards[0]) == ["159", "任务总数（项）"]
    for card, status in zip(cards[1:], STATUSES):
        share = f"{summary.share(status) * 100:.1f}%"
        assert pieces(card) == [str(summary.counts[status]), palette.label(status), f"占{share}"]


def test_shortfalls_list_lagging_tasks_first_with_target_figure_ratio_and_evidence(sample, tree):
    lagging = [task for task in sample.tasks if task.status == "lagging"]
    found = rows(tree, "shortfall-tasks")
    assert [text(row.xpath("./th")[0]) for row in found] == [task.id for task in lagging]
    assert len(lagging) == 17
    # The first thing under the shortfall heading is the lagging table; 待核实 comes after it.
    unverified = [text(row.xpath("./th")[0]) for row in rows(tree, "unverified-tasks")]
    assert unverified == [task.id for task in sample.tasks if task.status == "unknown"]
    by_id = {text(row.xpath("./th")[0]): row for row in found}
    row = by_id["19"]  # 完成投资190亿元以上, reported 21亿: cumulative, so a 完成率
    cells = [text(cell) for cell in row.xpath("./td")]
    assert cells[2] == "190亿元以上" and cells[3] == "21亿"
    assert pieces(row.xpath("./td")[4]) == ["11.1%", "序时进度75.0%"]
    assert "任务原文“完成投资190亿元以上”" in cells[5] and "进展原文“完成投资21亿”" in cells[5]
    row = by_id["1"]  # a rate target: no 完成率, the figures speak
    cells = [text(cell) for cell in row.xpath("./td")]
    assert cells[2:5] == ["8%以上", "7.5%", "—"]
    assert "「" not in text(tree.get_element_by_id("shortfalls"))


def test_charts_are_inline_svg_with_titles_and_text_labels(sample, tree):
    summary, palette = summarise(sample), default_palette()
    charts = tree.xpath("//svg")
    assert [chart.get("id") for chart in charts] == ["chart-status", "chart-leads"]
    for chart in charts:
        assert chart.get("role") == "img"
        assert chart[0].tag == "title" and chart[0].text
        assert chart.xpath("./desc")[0].text
    status_groups = charts[0].xpath("./g")
    widths = []
    for group, status in zip(status_groups, STATUSES):
        share = f"{summary.share(status) * 100:.1f}%"
        assert group.xpath("./title")[0].text == (
            f"{palette.label(status)}：{summary.counts[status]}项，占{share}")
        labels = [t.text for t in group.xpath("./text")]
        assert labels == [palette.label(status), f"{summary.counts[status]}项 {share}"]
        bar = group.xpath('./rect[@class="bar"]')
        assert bar[0].get("fill") == palette[status].strong
        widths.append(float(bar[0].get("width")))
    top = max(summary.counts.values())
    for width, status in zip(widths, STATUSES):  # bar lengths in proportion to the counts
        assert width / widths[STATUSES.index("qualitative")] == pytest.approx(
            summary.counts[status] / top, abs=0.002)
    lead_titles = [g.xpath("./title")[0].text for g in charts[1].xpath('./g[@class="lead"]')]
    expected = [lead.lead for lead in summary.leads_by_shortfall()[:20]]
    assert [title.split("：")[0] for title in lead_titles] == expected
    assert lead_titles[0].startswith("经信局：滞后5项")


def test_every_lead_unit_is_in_the_table_under_the_chart(sample, tree):
    summary = summarise(sample)
    found = rows(tree, "leads")
    assert [text(row.xpath("./th")[0]) for row in found] == \
        [lead.lead for lead in summary.leads_by_shortfall()]
    assert len(found) == 52


def test_long_lead_names_are_cut_in_the_chart_and_whole_in_its_title():
    name = "义乌市国际陆港集团有限公司物流园区建设指挥部办公室"
    cut = fit_text(name, 13, 100)
    assert cut.endswith("…") and len(cut) < len(name)
    report = mixed_report()
    tasks = [dataclasses.replace(task, lead=name) if task.status == "lagging" else task
             for task in report.tasks]
    tree = parse(render(report.with_tasks(tasks)))
    group = tree.get_element_by_id("chart-leads").xpath('./g[@class="lead"]')[0]
    assert group.xpath("./title")[0].text.startswith(f"{name}：")
    assert group.xpath("./text")[0].text.endswith("…")


# Accessibility -------------------------------------------------------------------------------

def test_tables_have_captions_and_scoped_headers(tree):
    tables = tree.xpath("//table")
    assert len(tables) >= 4
    for table in tables:
        assert text(table.xpath("./caption")[0])
        assert all(th.get("scope") == "col" for th in table.xpath("./thead/tr/th"))
        for row in table.xpath("./tbody/tr"):
            assert row[0].tag == "th" and row[0].get("scope") == "row"


def test_page_is_chinese_utf8_and_readable_on_a_phone_and_in_print(sample_page, tree):
    assert not sample_page.startswith(b"\xef\xbb\xbf")
    assert tree.get("lang") == "zh-CN"
    head = tree.xpath("//head")[0]
    assert head[0].tag == "meta" and head[0].get("charset") == "utf-8"
    assert tree.xpath('//meta[@name="viewport"]')[0].get("content").startswith("width=device-width")
    style = tree.xpath("//style")[0].text
    assert "@media screen and (max-width: 640px)" in style
    assert re.search(r"@page\s*\{[^}]*size:\s*A4", style)
    printing = style[style.index("@media print"):]
    assert re.search(r"thead\s*\{\s*display:\s*table-header-group", printing)


def test_status_shown_as_text_in_every_coloured_cell(tree):
    for cell in tree.xpath('//*[contains(concat(" ", @class, " "), " st-")]'):
        assert text(cell), lxml.html.tostring(cell)


def _css_pairs(style: str) -> list[tuple[str, str, str]]:
    """(selector, text colour, background) of every rule that sets a text colour; the page's
    white where the rule sets no background."""
    pairs = []
    for selector, body in re.findall(r"([^{}]+)\{([^{}]*)\}", style):
        ink = re.search(r"(?<![-\w])color:\s*(#[0-9A-Fa-f]{6})", body)
        if ink:
            fill = re.search(r"background:\s*(#[0-9A-Fa-f]{6})", body)
            pairs.append((selector.strip(), ink.group(1), fill.group(1) if fill else "#FFFFFF"))
    return pairs


def test_every_text_colour_on_the_page_reaches_contrast_aa(tree):
    pairs = _css_pairs(tree.xpath("//style")[0].text)
    selectors = {selector for selector, _, _ in pairs}
    assert {f".st-{status}" for status in STATUSES} <= selectors
    assert "thead th" in selectors
    for selector, ink, fill in pairs:
        assert contrast_ratio(ink, fill) >= AA, (selector, ink, fill)
    # Text in the charts: on white, or on a bar in the colour chosen for it.
    for label in tree.xpath("//svg//text"):
        if label.get("class") == "on-bar":
            fill = label.getprevious().get("fill")
        else:
            fill = "#FFFFFF"
        assert contrast_ratio(label.get("fill"), fill) >= AA, (label.text, label.get("fill"), fill)
    assert tree.xpath('//svg//text[@class="on-bar"]')


def test_shipped_palette_is_used_as_is_and_a_poor_one_gets_readable_text(sample):
    palette = default_palette()
    for status in STATUSES:
        style = palette[status]
        assert contrast_ratio(style.text, style.fill) >= AA, status
        assert readable_ink(style.fill, style.text) == style.text
    poor = palette.with_changes({"lagging": {"fill": "#FFFF00", "text": "#FFFFFF"},
                                 "completed": {"strong": "#777777"}})
    page = render(sample, RenderOptions(palette=poor))
    style = parse(page).xpath("//style")[0].text
    assert ".st-lagging { background: #FFFF00; color: #000000; }" in style
    for selector, ink, fill in _css_pairs(style):
        assert contrast_ratio(ink, fill) >= AA, (selector, ink, fill)
    for label in parse(page).xpath('//svg//text[@class="on-bar"]'):
        assert contrast_ratio(label.get("fill"), label.getprevious().get("fill")) >= AA


@given(st.from_regex(r"#[0-9A-F]{6}", fullmatch=True))
def test_readable_ink_reaches_aa_on_any_background(background):
    assert contrast_ratio(readable_ink(background), background) >= AA


# Safety --------------------------------------------------------------------------------------

def test_nothing_is_loaded_from_anywhere(sample_page, tree):
    lowered = sample_page.lower()
    for marker in (b"http:", b"https:", b"//", b"@import", b"url(", b"src=", b"<link", b"<img",
                   b"<iframe", b"<object", b"<embed", b"@font-face"):
        assert marker not in lowered.replace(b"</", b""), marker
    assert all(href.startswith("#") for href in tree.xpath("//@href"))
    assert not tree.xpath("//@src | //@action | //@style")
    for element in tree.iter():
        assert not any(name.lower().startswith("on") for name in element.attrib)


def _sha256(source: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(source.encode()).digest()).decode() + "'"


def test_content_security_policy_allows_only_the_pages_own_script_and_style(tree):
    (meta,) = tree.xpath('//meta[@http-equiv="Content-Security-Policy"]')
    policy = dict(part.strip().split(" ", 1) for part in meta.get("content").split(";"))
    (script,) = tree.xpath("//script")
    (style,) = tree.xpath("//style")
    assert policy == {"default-src": "'none'", "style-src": _sha256(style.text),
                      "script-src": _sha256(script.text), "base-uri": "'none'",
                      "form-action": "'none'"}
    head = tree.xpath("//head")[0]
    assert head.index(meta) < head.index(style)


def injection_report():
    """The sample with hostile text in titles, leads, progress, extra columns, evidence and an
    override reason, over tasks of every status."""
    report = mixed_report()
    tasks = list(report.tasks)
    for index, payload in enumerate(INJECTIONS):
        task = tasks[index]
        indicators = tuple(dataclasses.replace(i, evidence=Evidence(payload, payload))
                           for i in task.indicators)
        tasks[index] = dataclasses.replace(
            task, title=payload, lead=f"单位{payload}", progress=(Block("paragraph", payload),
                                                                  Block("item", f"1. {payload}")),
            extra=((payload, payload),), indicators=indicators, note=payload)
    tasks[2] = dataclasses.replace(tasks[2], override=Override("lagging", INJECTIONS[0]),
                                   auto_status="on_track")
    for index in (7, 12, 17):  # lagging: this lead unit heads the chart of lead units
        assert tasks[index].status == "lagging"
        tasks[index] = dataclasses.replace(tasks[index], lead=f"单位{INJECTIONS[0]}")
    return report.with_tasks(tasks)


def test_injected_markup_is_inert_text_everywhere():
    report = injection_report()
    page = render(report)
    tree = parse(page)
    assert len(tree.xpath("//script")) == 1 and len(tree.xpath("//style")) == 1
    assert not tree.xpath("//img | //textarea | //svg[not(@id)] | //@onerror | //@onload")
    script = tree.xpath("//script")[0].text
    assert "alert" not in script and "alert" not in tree.xpath("//style")[0].text
    for marker in (b"<script>alert", b"<img", b"</style><style>", b"<svg onload"):
        assert marker not in page  # only ever escaped
    found = rows(tree, "all-tasks")
    for row, payload in zip(found, INJECTIONS):
        assert own_text(row.xpath('./td[@class="title"]')[0]) == " ".join(payload.split())
        assert text(row.xpath('./td[@class="lead"]')[0]) == " ".join(f"单位{payload}".split())
        progress = row.xpath('./td[@class="progress"]/p')
        assert [" ".join(p.text_content().split()) for p in progress] == [
            " ".join(line.split()) for line in (payload, f"1. {payload}", f"{payload}：{payload}")]
    assert "49" not in own_text(found[2].xpath('./td[@class="title"]')[0])
    options = [option.text for option in tree.xpath('//select[@id="filter-lead"]/option')]
    units = list(dict.fromkeys(unit for payload in INJECTIONS for unit in split_leads(f"单位{payload}")))
    assert units == options[1:len(units) + 1]  # the lead units the cells name (split at / ; ,)
    first = tree.xpath('//svg[@id="chart-leads"]/g[@class="lead"]')[0]  # text, not an element
    assert first.xpath("./title")[0].text.split("：")[0] in split_leads(f"单位{INJECTIONS[0]}")
    shortfall = tree.get_element_by_id("shortfall-tasks")
    assert f"任务原文“{INJECTIONS[2]}”" in shortfall.text_content()
    assert f"人工调整为滞后（自动判定为序时推进），理由：{INJECTIONS[0]}" in shortfall.text_content()


def test_palette_labels_from_a_config_are_text_too(sample):
    palette = default_palette().with_changes({"lagging": {"label": "<i>滞后</i>"}})
    tree = parse(render(sample, RenderOptions(palette=palette)))
    assert not tree.xpath("//i")
    assert "<i>滞后</i>" in text(tree.get_element_by_id("shortfalls-heading"))


def test_characters_xml_cannot_hold_are_left_out(sample):
    task = dataclasses.replace(sample.tasks[0], title="收入\x0b增长\ufffe8%以上")
    page = render(sample.with_tasks([task, *sample.tasks[1:]]))
    assert b"\x0b" not in page and "\ufffe".encode() not in page
    assert own_text(rows(parse(page), "all-tasks")[0].xpath("./td")[0]) == "收入增长8%以上"


# Same bytes ----------------------------------------------------------------------------------

def test_same_input_gives_the_same_bytes_in_separate_processes(tmp_path, sample_page):
    code = ("import sys; from yiwu_reports import api; "
            "api.render(api.assess(api.load(sys.argv[1])), 'html', sys.argv[2])")
    for seed, name in (("1", "a.html"), ("2", "b.html")):
        subprocess.run([sys.executable, "-c", code, str(SAMPLE_TXT), str(tmp_path / name)],
                       check=True, cwd=ROOT, env={"PYTHONHASHSEED": seed, "PATH": "/usr/bin:/bin"})
    assert (tmp_path / "a.html").read_bytes() == (tmp_path / "b.html").read_bytes() == sample_page


# Settings and the quarter-over-quarter section -----------------------------------------------

def test_portal_metadata_block_shows_the_settings_given(sample, tree):
    assert not tree.xpath('//dl[@class="publication"]')
    settings = {"publisher": "义乌市人民政府办公室", "publish_date": "2023-10-20",
                "index_number": "002609330/2023-00123"}
    page = parse(render(sample, RenderOptions(extra={"publication": settings})))
    (block,) = page.xpath('//dl[@class="publication"]')
    assert [(text(d.xpath("./dt")[0]), text(d.xpath("./dd")[0])) for d in block] == [
        ("索引号", "002609330/2023-00123"), ("发布机构", "义乌市人民政府办公室"),
        ("发布日期", "2023-10-20")]
    order = list(page.iter())
    assert order.index(block) < order.index(page.xpath("//h1")[0])
    only = parse(render(sample, RenderOptions(extra={"publication": {"publisher": "督查室"}})))
    fields = only.xpath('//dl[@class="publication"]/div')
    assert [pieces(field) for field in fields] == [["发布机构", "督查室"]]
    with pytest.raises(UsageError, match="unknown publication setting"):
        render(sample, RenderOptions(extra={"publication": {"publiser": "x"}}))


def test_portal_settings_come_from_the_config_file_and_rebuild_a_scheduled_run(tmp_path):
    from yiwu_reports.core.config import load_config

    config = tmp_path / "run.toml"
    body = (f'[input]\npaths = ["{SAMPLE_TXT}"]\n[output]\nfolder = "out"\nformats = ["html"]\n'
            '[report]\nperiod = "2023Q3"\npublisher = "义乌市人民政府办公室"\n'
            'publish_date = 2023-10-20\nindex_number = "IDX-1"\n')
    config.write_text(body, encoding="utf-8")
    loaded = load_config(config)
    assert dict(loaded.publication) == {"publisher": "义乌市人民政府办公室",
                                        "publish_date": "2023-10-20", "index_number": "IDX-1"}
    (page,) = api.generate(config)
    block = parse(page.read_bytes()).xpath('//dl[@class="publication"]')[0]
    assert "义乌市人民政府办公室" in text(block)
    before = page.read_bytes()
    config.write_text(body.replace("IDX-1", "IDX-2"), encoding="utf-8")
    (again,) = api.generate(config)  # a changed setting is not "up to date"
    assert again == page and b"IDX-2" in page.read_bytes() and page.read_bytes() != before
    config.write_text(body + "publishe = 1\n", encoding="utf-8")
    with pytest.raises(UsageError, match="publishe"):
        load_config(config)


def test_comparison_with_the_previous_quarter_comes_before_the_shortfalls():
    previous = api.assess(api.load(SAMPLES / "yiwu-2023-q2-progress.txt"))
    report = compare(api.assess(api.load(SAMPLE_TXT)), previous)
    tree = parse(render(report))
    view = comparison_view(report, summarise(report), default_palette())
    section = tree.get_element_by_id("comparison")
    order = list(tree.iter())
    assert order.index(tree.get_element_by_id("overview")) < order.index(section) < \
        order.index(tree.get_element_by_id("shortfalls"))
    assert view.sentence in text(section)
    assert [text(row.xpath("./th")[0]) for row in rows(tree, "moved")] == \
        [moved.task.id for moved in view.moved_tasks]


def test_reviewed_tasks_say_so_with_the_automatic_judgement_beside():
    report = mixed_report()
    tree = parse(render(report))
    row = next(row for row in rows(tree, "all-tasks") if text(row[0]) == "7")
    assert "人工调整为滞后（自动判定为" in text(row.xpath('./td[@class="title"]')[0])
    assert "（人工调整）" in text(row.xpath('./td[contains(@class, "status")]')[0])


# Reading back, --check, templates ------------------------------------------------------------

def test_readback_gives_every_task_as_the_report_has_it(tmp_path):
    report = mixed_report()
    palette = default_palette()
    path = tmp_path / "page.html"
    api.render(report, "html", path)
    found = read_rows(path)
    assert [row.id for row in found] == [task.id for task in report.tasks]
    for row, task in zip(found, report.tasks):
        assert (row.title, row.lead, row.status) == (" ".join(task.title.split()),
                                                     " ".join(task.lead.split()),
                                                     palette.label(task.status))
        expected = [" ".join(b.text.split()) for b in task.progress] + [
            f"{name}：{value}" for name, value in task.extra if value]
        assert row.progress.split("\n") == [line for line in expected if line]


def test_check_reads_the_page_and_finds_a_missing_task(tmp_path, run_cli):
    out = tmp_path / "out"
    result = run_cli(str(SAMPLE_TXT), "-f", "html", "-o", str(out), "--check")
    assert result.exit_code == 0, result.stderr
    assert "check passed" in result.stderr
    (path,) = out.glob("*.html")
    report = api.assess(api.load(SAMPLE_TXT))
    from yiwu_reports.run.output_check import check_outputs

    assert check_outputs(report, [path]) == []
    page = path.read_text(encoding="utf-8")
    row = re.search(r'<tr data-lead="\d+" data-status="\w+"><th scope="row" class="id">5</th>'
                    r".*?</tr>\n", page)
    assert row is not None
    path.write_text(page.replace(row.group(0), ""), encoding="utf-8")
    problems = check_outputs(report, [path])
    assert problems and "task 5 " in problems[0]
    path.write_text("<html><body><p>nothing</p></body></html>", encoding="utf-8")
    assert "cannot be read back" in check_outputs(report, [path])[0]


@pytest.mark.parametrize("name, content, message", [
    ("html-page.css", "body { color: red; } </style><script>", "must not contain '</style'"),
    ("html-page.js", "var a = '</script>';", "must not contain '</script'"),
    ("html-page.html", "{% for x in %}", "page template error"),
    ("html-page.html", "{{ page.no_such_field }}", "page template error"),
])
def test_a_broken_template_is_a_one_line_error_and_leaves_no_file(sample, tmp_path, name, content,
                                                                   message):
    folder = tmp_path / "templates"
    folder.mkdir()
    (folder / name).write_text(content, encoding="utf-8")
    target = tmp_path / "out" / "page.html"
    with pytest.raises(RenderError, match=re.escape(message)) as caught:
        api.render(sample, "html", target, options=RenderOptions(templates=folder))
    assert "\n" not in str(caught.value)
    assert not target.parent.exists() or not any(target.parent.iterdir())


def test_a_user_templates_folder_replaces_the_page_template(sample, tmp_path):
    """The page template in a user's templates folder is the one used; the shipped stylesheet
    and script still come with it."""
    folder = tmp_path / "templates"
    folder.mkdir()
    page = template_path("html-page.html").read_text(encoding="utf-8")
    (folder / "html-page.html").write_text(page.replace("一、总体情况", "一、总体情况（本单位）"),
                                           encoding="utf-8")
    out = io.BytesIO()
    api.render(sample, "html", out, options={"templates": folder})
    tree = parse(out.getvalue())
    assert text(tree.get_element_by_id("overview-heading")) == "一、总体情况（本单位）"
    shipped_css = template_path("html-page.css").read_text(encoding="utf-8")
    assert shipped_css.split("{")[0].strip() in tree.findtext(".//style")


def test_a_user_stylesheet_alone_restyles_the_page_and_the_policy_allows_it(sample, tmp_path):
    folder = tmp_path / "templates"
    folder.mkdir()
    css = template_path("html-page.css").read_text(encoding="utf-8") + "\n.own-mark { color: #123456; }\n"
    (folder / "html-page.css").write_text(css, encoding="utf-8")
    out = io.BytesIO()
    api.render(sample, "html", out, options=RenderOptions(templates=folder))
    tree = parse(out.getvalue())
    style = tree.findtext(".//style")
    assert ".own-mark { color: #123456; }" in style
    policy = tree.xpath("//meta[@http-equiv='Content-Security-Policy']/@content")[0]
    digest = base64.b64encode(hashlib.sha256(style.encode("utf-8")).digest()).decode("ascii")
    assert f"'sha256-{digest}'" in policy
    assert text(tree.get_element_by_id("overview-heading")) == "一、总体情况"  # shipped page


def test_make_report_uses_the_templates_folder_for_the_page(run_cli, tmp_path):
    folder = tmp_path / "templates"
    folder.mkdir()
    page = template_path("html-page.html").read_text(encoding="utf-8")
    (folder / "html-page.html").write_text(page.replace("一、总体情况", "一、本季度总体情况"),
                                           encoding="utf-8")
    result = run_cli(str(SAMPLE_TXT), "-f", "html", "--templates", str(folder), "-o",
                     str(tmp_path / "out"), "--check")
    assert result.exit_code == 0, result.stderr
    written = next((tmp_path / "out").glob("*.html"))
    heading = parse(written.read_bytes()).get_element_by_id("overview-heading")
    assert text(heading) == "一、本季度总体情况"


def test_the_page_loads_jinja_only_when_written_and_no_document_library():
    heavy = ("jinja2", "docx", "reportlab", "openpyxl", "PIL")
    code = ("import sys, io; import yiwu_reports.renderers.html, "
            "yiwu_reports.renderers.html.readback; "
            f"before = sorted(m for m in {heavy!r} if m in sys.modules); "
            "from yiwu_reports import api; "
            f"api.render(api.assess(api.load({str(SAMPLE_TXT)!r})), 'html', io.BytesIO()); "
            f"print(before, sorted(m for m in {heavy!r} if m in sys.modules))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["[]", "['jinja2']"]


def test_charts_fit_their_width(tree):
    for chart in tree.xpath("//svg"):
        assert int(chart.get("width")) == WIDTH
        for shape in chart.xpath(".//rect"):
            assert float(shape.get("x")) + float(shape.get("width")) <= WIDTH + 0.1


def test_warning_is_shown_and_doubt_is_not():
    """A lagging task's warning tier (with its reason) is shown as text beside the task, in the
    shortfalls and in the table of all tasks; a judgement's doubt (confidence `review`) is not:
    a page for the public states facts, doubts are the workbook's and the JSON's, and a page
    with unsettled judgements is a draft."""
    report = mixed_report()
    tasks = [dataclasses.replace(task, confidence="review" if task.id == "3" else "certain",
                                 warning="red" if task.id == "3" else None,
                                 warning_reason="落后26.4个百分点" if task.id == "3" else "")
             for task in report.tasks]
    tree = parse(render(report.with_tasks(tasks)))
    assert report.tasks[2].id == "3" and report.tasks[2].status == "lagging"
    row = next(row for row in rows(tree, "shortfall-tasks") if text(row[0]) == "3")
    assert "红色预警（落后26.4个百分点）" in set(pieces(row.xpath('./td[@class="title"]')[0]))
    notes = {text(row[0]): [text(note) for note in row.xpath('.//span[@class="note"]')]
             for row in rows(tree, "all-tasks")}
    assert notes["3"] == ["红色预警（落后26.4个百分点）"]
    page = tree.text_content()
    assert not any(words in page for words in ("有待人工", "人工复核", "（复核）", "复核认定"))
    assert tree.get_element_by_id("draft-mark") is not None
    assert all("预警" not in note and "判断有待" not in note
               for task_id, found in notes.items() if task_id != "3" for note in found)


def _print_rules(style: str) -> str:
    """The rules of the stylesheet's @media print block, white space collapsed."""
    start = style.index("@media print")
    depth, end = 0, start
    for end in range(style.index("{", start), len(style)):
        depth += {"{": 1, "}": -1}.get(style[end], 0)
        if depth == 0:
            break
    return " ".join(style[start:end + 1].split())


def test_print_rules_keep_headings_with_what_follows_and_let_tall_rows_break(tree):
    rules = _print_rules(tree.xpath("//style")[0].text)
    for rule in ("thead { display: table-header-group; break-after: avoid; }",
                 "tr, figure, .cards { break-inside: avoid; }",
                 "tr.tall { break-inside: auto; }",
                 "td, th { orphans: 3; widows: 3; }",
                 "tbody tr:first-child { break-before: avoid; }",
                 "h2, h3, caption, .intro { break-after: avoid; }"):
        assert rule in rules, rule
    assert tree.xpath('//p[@class="intro"]')  # the line under 二、滞后任务 keeps with its table


def test_only_rows_taller_than_a_third_of_a_page_may_break(sample, tree):
    from yiwu_reports.renderers.html.view import (
        PROGRESS_CHARS,
        THIRD_OF_A_PAGE_LINES,
        printed_lines,
    )

    by_id = {task.id: task for task in sample.tasks}
    tall = {row.xpath("./th")[0].text: "tall" in (row.get("class") or "")
            for row in rows(tree, "all-tasks")}
    assert any(tall.values()) and not all(tall.values())
    for task_id, marked in tall.items():
        task = by_id[task_id]
        lines = printed_lines([block.text for block in task.progress], PROGRESS_CHARS)
        if lines > THIRD_OF_A_PAGE_LINES:
            assert marked, task_id
    assert printed_lines(["一" * 32, "ab12"], 16) == 3
