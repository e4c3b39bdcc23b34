"""The PDF summary, read back with pypdf (and pdftotext/pdffonts where installed): what it says,
in what order, in which font and colours, and that it is the same on every run."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import sys
import warnings
from collections import Counter
from dataclasses import replace

import pytest

pypdf = pytest.importorskip("pypdf")

from tests.conftest import SAMPLE_TXT  # noqa: E402
from tests.factories import hostile_report, mixed_report  # noqa: E402
from yiwu_reports import api  # noqa: E402
from yiwu_reports.core.errors import UsageError  # noqa: E402
from yiwu_reports.core.model import STATUSES, Block  # noqa: E402
from yiwu_reports.core.palette import default_palette  # noqa: E402
from yiwu_reports.renderers import REGISTRY, RenderOptions  # noqa: E402
from yiwu_reports.renderers.pdf import system_fonts as fonts  # noqa: E402
from yiwu_reports.renderers.pdf.fonts import FONT_SETTING, FontNotEmbedded  # noqa: E402
from yiwu_reports.summary.display import percent_text  # noqa: E402

SYSTEM_FONT = fonts.find_cjk_font()  # looked up before any test hides it
HAS_TRUETYPE_CJK = SYSTEM_FONT is not None
HAS_PDFTOTEXT = shutil.which("pdftotext") is not None


def render(report, options: RenderOptions | None = None) -> bytes:
    out = io.BytesIO()
    api.render(report, "pdf", out, options=options)
    return out.getvalue()


def flat(text: str) -> str:
    """Text with all white space removed: how wrapped cell text compares with its source."""
    return "".join(text.split())


class Pdf:
    """A rendered PDF read back: page texts and the page each outline entry points at."""

    def __init__(self, data: bytes) -> None:
        self.data = data
        self.reader = pypdf.PdfReader(io.BytesIO(data))
        self.pages = [page.extract_text() for page in self.reader.pages]
        self.outline = [(entry["/Title"], self.reader.get_destination_page_number(entry))
                        for entry in self.reader.outline]

    def section(self, title_start: str) -> str:
        """Flattened text of the pages of the outline section whose title starts so."""
        starts = [page for _title, page in self.outline] + [len(self.pages)]
        for index, (title, page) in enumerate(self.outline):
            if title.startswith(title_start):
                return flat("".join(self.pages[page:starts[index + 1] or len(self.pages)]))
        raise AssertionError(f"no outline entry {title_start!r} in {self.outline}")


@pytest.fixture(scope="module")
def report():
    return mixed_report()


@pytest.fixture(scope="module")
def pdf(report) -> Pdf:
    return Pdf(render(report))


def test_registered_as_pdf():
    entry = REGISTRY["pdf"]
    assert (entry.extension, entry.module) == (".pdf", "yiwu_reports.renderers.pdf.document")


def test_title_period_and_metadata(pdf, report):
    meta = pdf.reader.metadata
    assert meta.title == report.title
    assert "2023年三季度" in meta.subject and meta.author == "市政府督查室"  # the office
    first = flat(pdf.pages[0])
    assert flat(report.title) in first
    assert "2023年三季度" in first and "序时进度75.0%" in first
    assert pdf.reader.pdf_header and len(pdf.pages) > 3
    mediabox = pdf.reader.pages[0].mediabox
    assert (round(float(mediabox.width)), round(float(mediabox.height))) == (595, 842)  # A4


def test_headline_counts_and_shares_on_page_one(pdf, report):
    first = flat(pdf.pages[0])
    counts = Counter(task.status for task in report.tasks)  # counted here, not by Summary
    palette = default_palette()
    assert f"{len(report.tasks)}任务总数" in first
    for status in STATUSES:
        share = percent_text(counts[status] / len(report.tasks))
        label = palette.label(status)
        assert f"{counts[status]}{label}{share}" in first  # the headline card
        assert f"{label}" in first and f"{counts[status]}项{share}" in first  # the chart


def test_outline_has_each_section_in_order(pdf, report):
    lagging = sum(task.status == "lagging" for task in report.tasks)
    titles = [title for title, _page in pdf.outline]
    unknown = sum(task.status == "unknown" for task in report.tasks)
    assert titles == ["总体情况", f"滞后任务（{lagging}项）", f"待核实任务（{unknown}项）",
                      f"全部任务（{len(report.tasks)}项）"]
    pages = [page for _title, page in pdf.outline]
    assert pages[0] == 0 and pages == sorted(pages) and pages[1] < pages[2] < pages[3]


def test_every_task_in_input_order_with_its_text_and_status(pdf, report):
    """Each row reads id, title, lead, progress, status label: the text intact, in input order."""
    section = pdf.section("全部任务")
    # Remove what the page furniture (running header, footer, repeated header) puts in between.
    section = re.sub(r"—\d+—", "", section).replace(flat(report.title) + "2023年三季度", "")
    section = section.replace("序号任务名称牵头单位进展情况状态", "").replace("征求意见稿", "")
    palette = default_palette()
    position = 0
    for task in report.tasks:
        label = palette.label(task.status) + ("（人工调整）" if task.override else "")
        row = flat(task.id + task.title + task.lead + task.progress_text + label)
        found = section.find(row, position)
        assert found >= 0, f"task {task.id} not found whole after position {position}"
        position = found + len(row)


def test_every_lagging_task_in_shortfalls_section_and_no_other(pdf, report):
    section = pdf.section("滞后任务")
    lagging = [task for task in report.tasks if task.status == "lagging"]
    assert lagging
    position = 0
    for task in lagging:
        found = section.find(flat(task.id + task.title), position)
        assert found >= 0, f"lagging task {task.id} missing from the shortfalls section"
        position = found
    for task in report.tasks:
        if task.status != "lagging":
            assert flat(task.title) + flat(task.lead) not in section, task.id


def test_shortfall_rows_show_target_actual_and_ratio_against_schedule(pdf, report):
    section = pdf.section("滞后任务")
    task8 = next(task for task in report.tasks if task.id == "8")  # cumulative, lagging
    indicator = task8.indicators[0]
    assert f"{indicator.target.value:g}{indicator.target.unit}以上" in section
    assert f"{indicator.actual.value:g}{indicator.actual.unit}" in section
    assert "48.6%（75.0%）" in section
    # Task 7 is lagging by a reviewer's override: the reason and the automatic call are shown.
    assert "人工调整为滞后（自动判定为序时推进），理由：驿站尚未运营" in section


def test_headers_repeat_and_running_header_and_page_numbers(pdf, report):
    for number, text in enumerate(pdf.pages, start=1):
        page = flat(text)
        assert f"—{number}—" in page
        if number > 1:
            assert flat(report.title) + "2023年三季度" in page
    all_tasks_page = dict(pdf.outline)[f"全部任务（{len(report.tasks)}项）"]
    for text in pdf.pages[all_tasks_page:]:
        assert "序号任务名称牵头单位进展情况状态" in flat(text)


def _fill_colours(data: bytes) -> set[str]:
    """Every fill colour (rg operator) used on any page, as #RRGGBB."""
    reader = pypdf.PdfReader(io.BytesIO(data))
    found = set()
    for page in reader.pages:
        content = pypdf.generic.ContentStream(page.get_contents(), reader)
        for operands, operator in content.operations:
            if operator == b"rg":
                found.add("#" + "".join(f"{round(float(v) * 255):02X}" for v in operands))
    return found


def test_status_colours_come_from_the_palette(report):
    palette = default_palette().with_changes({"lagging": {"fill": "#FF00FF", "strong": "#00FFFF"}})
    colours = _fill_colours(render(report, RenderOptions(palette=palette)))
    for status in STATUSES:
        assert palette[status].fill in colours, status  # status cells and headline cards
        assert palette[status].strong in colours, status  # the charts
    assert "#FFC7CE" not in colours  # the default lagging fill was replaced


@pytest.mark.skipif(not HAS_TRUETYPE_CJK, reason="no CJK TrueType font installed")
def test_truetype_cjk_font_embedded_as_subset(pdf):
    fonts_seen = {}
    for page in pdf.reader.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            fonts_seen[str(font["/BaseFont"])] = font
    subsets = [name for name in fonts_seen if re.match(r"^/[A-Z]{6}\+", name)]
    assert subsets, fonts_seen.keys()
    for name in subsets:
        descriptor = fonts_seen[name]["/FontDescriptor"].get_object()
        assert "/FontFile2" in descriptor  # the TrueType program is in the file
        assert "/ToUnicode" in fonts_seen[name]  # so text extracts as Chinese
    assert "/STSong-Light" not in fonts_seen


@pytest.mark.skipif(not (HAS_TRUETYPE_CJK and shutil.which("pdffonts")), reason="needs pdffonts")
def test_pdffonts_reports_embedded_subset(tmp_path, pdf):
    path = tmp_path / "summary.pdf"
    path.write_bytes(pdf.data)
    listing = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True,
                             check=True).stdout.splitlines()[2:]
    cjk = [line for line in listing if re.match(r"[A-Z]{6}\+", line)]
    assert cjk and all(" yes yes yes " in line for line in cjk)


@pytest.fixture
def no_system_font(monkeypatch):
    monkeypatch.setattr(fonts, "find_cjk_font", lambda: None)


def _base_fonts(data: bytes) -> set[str]:
    reader = pypdf.PdfReader(io.BytesIO(data))
    return {str(font.get_object()["/BaseFont"]) for page in reader.pages
            for font in page["/Resources"]["/Font"].values()}


def test_fallback_to_builtin_font_warns_once_and_text_still_extracts(no_system_font):
    report = hostile_report()
    with pytest.warns(FontNotEmbedded) as caught:
        data = render(report)
    notices = [w for w in caught if issubclass(w.category, FontNotEmbedded)]
    assert len(notices) == 1
    assert str(notices[0].message) == ("no CJK TrueType font found; the PDF uses the built-in "
                                       "STSong-Light, which is not embedded")
    assert "/STSong-Light" in _base_fonts(data)
    assert not any(re.match(r"^/[A-Z]{6}\+", name) for name in _base_fonts(data))
    text = flat("".join(Pdf(data).pages))
    assert flat(report.title) in text and flat(report.tasks[5].progress_text) in text


@pytest.mark.skipif(not HAS_PDFTOTEXT, reason="pdftotext not installed")
def test_pdftotext_reads_chinese_in_both_fonts(tmp_path, no_system_font, report):
    small = report.with_tasks(report.tasks[:12])
    for name, options in (("builtin", None), ("user", RenderOptions(font=_font_path()))):
        if options is None:
            with pytest.warns(FontNotEmbedded):
                data = render(small)
        elif HAS_TRUETYPE_CJK:
            data = render(small, options)
        else:
            continue
        path = tmp_path / f"{name}.pdf"
        path.write_bytes(data)
        text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True,
                              check=True).stdout
        assert flat(small.title) in flat(text), name
        # pdftotext may read a row's lead unit between the first and second line of its title.
        without_leads = flat(text)
        for lead in {task.lead for task in small.tasks}:
            without_leads = without_leads.replace(flat(lead), "")
        for task in small.tasks:
            assert flat(task.title) in without_leads, (name, task.id)


def _font_path():
    return SYSTEM_FONT.path if SYSTEM_FONT else None


def test_builtin_font_on_request_without_notice(report):
    small = report.with_tasks(report.tasks[:3])
    with warnings.catch_warnings():
        warnings.simplefilter("error", FontNotEmbedded)
        data = render(small, RenderOptions(extra={FONT_SETTING: "builtin"}))
    assert "/STSong-Light" in _base_fonts(data)


@pytest.mark.skipif(not HAS_TRUETYPE_CJK, reason="no CJK TrueType font installed")
def test_font_given_by_path_is_embedded(no_system_font, report):
    with warnings.catch_warnings():
        warnings.simplefilter("error", FontNotEmbedded)
        data = render(report.with_tasks(report.tasks[:3]), RenderOptions(font=_font_path()))
    assert any(re.match(r"^/[A-Z]{6}\+", name) for name in _base_fonts(data))


def test_bad_font_path_is_a_usage_error(tmp_path, report):
    not_a_font = tmp_path / "font.ttf"
    not_a_font.write_bytes(b"not a font")
    for path in (tmp_path / "missing.ttf", not_a_font):
        with pytest.raises(UsageError):
            render(report.with_tasks(report.tasks[:2]), RenderOptions(font=path))


def test_markup_in_task_text_renders_literally():
    report = hostile_report()
    report = report.with_tasks([replace(report.tasks[3], title="<b>粗</b>&amp; <br/>",
                                        progress=(Block("paragraph", "<font name=x>进展</font> & <a href='x'>链接</a>"),))]
                               + list(report.tasks), title="<b>标题</b> & <font name=x>表</font>")
    pdf = Pdf(render(report))  # never breaks the build
    text = flat("".join(pdf.pages))
    for literal in ('=HYPERLINK("http://evil.example","点此")', "+cmd|' /C calc'!A0",
                    "<b>加粗</b> & <font name=x>字体</font> <para>", "../../etc/passwd",
                    "<b>粗</b>&amp; <br/>", "<font name=x>进展</font> & <a href='x'>链接</a>",
                    "<b>标题</b> & <font name=x>表</font>"):
        assert flat(literal) in text, literal
    assert pdf.reader.metadata.title == "<b>标题</b> & <font name=x>表</font>"


def test_same_bytes_on_a_second_run(report):
    first, second = render(report), render(report)
    assert first == second
    # The documents' date (undated: the period's last day), not the time of the run.
    assert b"D:20230930000000+08'00'" in first and b"D:2000" not in first


def test_row_taller_than_a_page_continues_on_the_next(report):
    long_text = "超长的进展情况，含数字123456.789和英文word。" * 250
    task = replace(report.tasks[0], progress=(Block("paragraph", long_text),))
    pdf = Pdf(render(report.with_tasks([task, *report.tasks[1:4]])))
    section = pdf.section("全部任务")
    assert len(pdf.pages) - dict(pdf.outline)["全部任务（4项）"] >= 3  # spread over pages
    # Every sentence is there (each has one 超 and one "word", found nowhere else).
    assert section.count("超") == 250 and section.count("word") == 250


def test_empty_report_renders(report):
    pdf = Pdf(render(report.with_tasks([])))
    assert "本期没有进度滞后的任务" in flat("".join(pdf.pages))


def test_cli_can_import_the_notice_without_reportlab():
    code = ("import sys; from yiwu_reports.renderers.pdf.fonts import FontNotEmbedded; "
            "assert not [m for m in sys.modules if m.startswith('reportlab')]")
    subprocess.run([sys.executable, "-c", code], check=True)


@pytest.mark.skipif(not HAS_TRUETYPE_CJK, reason="no CJK TrueType font installed")
def test_every_character_of_the_sample_has_a_glyph_in_the_embedded_font(report):
    """No missing-glyph boxes: the font found has every character the sample (and our own
    labels) use."""
    from reportlab.pdfbase import pdfmetrics

    from yiwu_reports.renderers.pdf.fonts import register

    face = pdfmetrics.getFont(register(SYSTEM_FONT).name).face
    palette = default_palette()
    text = report.title + "".join(palette.label(s) for s in STATUSES) + "".join(
        task.id + task.title + task.lead + task.progress_text for task in report.tasks)
    text += "总体情况滞后任务全部任务统计期序时进度人工调整自动判定为理由任务总数项图牵头单位—（）％征求意见稿"
    # Glyph 0 is the missing-glyph box (characters the font lacks are mapped to it).
    missing = sorted({c for c in text if not c.isspace() and not face.charToGlyph.get(ord(c))})
    assert not missing


def _drawn_text(data: bytes) -> list[tuple[str, float, tuple[float, ...]]]:
    """(text, font size, fill colour) of every piece of text the PDF draws, read from the
    content streams with pypdf."""
    drawn: list[tuple[str, float, tuple[float, ...]]] = []
    for page in pypdf.PdfReader(io.BytesIO(data)).pages:
        state = {"fill": (0.0, 0.0, 0.0)}

        def operator(op, args, cm, tm, state=state):
            if op == b"rg":
                state["fill"] = tuple(round(float(a), 3) for a in args)
            elif op == b"g":
                state["fill"] = (round(float(args[0]), 3),) * 3

        def text(value, cm, tm, font, size, state=state):
            if value.strip():
                drawn.append((value, round(size * tm[0], 2), state["fill"]))

        page.extract_text(visitor_operand_before=operator, visitor_text=text)
    # Pieces drawn one after another in the same size and colour are one run of text (a
    # character from a fallback font is drawn on its own).
    runs: list[tuple[str, float, tuple[float, ...]]] = []
    for value, size, fill in drawn:
        if runs and runs[-1][1:] == (size, fill) and not runs[-1][0].endswith("\n"):
            runs[-1] = (runs[-1][0] + value, size, fill)
        else:
            runs.append((value, size, fill))
    return runs


def _rgb(colour: str) -> tuple[float, ...]:
    return tuple(round(int(colour.lstrip("#")[i:i + 2], 16) / 255, 3) for i in (0, 2, 4))


def test_warning_tiers_in_their_colour_at_the_tables_size():
    from yiwu_reports.renderers.pdf.document import CELL_SIZE

    report = api.assess(api.load(SAMPLE_TXT))
    palette = default_palette()
    drawn = _drawn_text(render(report))
    tiers = {task.warning for task in report.tasks if task.warning}
    assert tiers
    for tier in tiers:
        label = palette.warning_label(tier)
        found = [(size, fill) for text, size, fill in drawn if label in text]
        assert found, label
        assert all(size == CELL_SIZE for size, _fill in found), found
        assert all(fill == _rgb(palette.warning(tier).text) for _size, fill in found), found
    reasons = [task.warning_reason for task in report.tasks if task.warning]
    sizes = {size for text, size, _fill in drawn for reason in reasons if reason[:6] in text}
    assert sizes == {CELL_SIZE}  # the tier's reason too, not in the small grey notes


def test_unverified_tasks_have_a_list_of_their_own(pdf, report):
    unknown = [task for task in report.tasks if task.status == "unknown"]
    section = pdf.section("待核实任务")
    assert f"二、待核实任务（{len(unknown)}项）" in section
    assert "见第二部分" not in "".join(pdf.pages)
    for task in unknown:
        assert flat(task.title)[:12] in section, task.id
    assert "未报数据的目标" in section and "指标甲：目标" in section


def test_a_summary_for_one_unit_draws_no_one_bar_chart():
    report = api.restrict(api.assess(api.load(SAMPLE_TXT)), ["经信局"])
    first = pypdf.PdfReader(io.BytesIO(render(report))).pages[0].extract_text()
    assert "图1" in first and "图2" not in first and "牵头单位任务状态" not in first
