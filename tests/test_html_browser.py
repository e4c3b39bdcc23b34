"""The web page in a real browser: headless Chromium (Debian's `chromium`, installed by .ci/run)
opens the sample's page with scripts on and off, at 1280 and 375 pixels wide. Nothing is loaded
but the file, nothing is logged as an error, every task is there in order with its status text,
the lagging ones first, the screenshots show the page, the filters work when scripts run and
everything shows when they do not; injected markup stays inert; printing gives A4 pages with the
header row repeated. Skipped when Chromium is not installed."""

from __future__ import annotations

import io
import re

import pytest

from tests.browser import Chromium, PageLoad, chromium_path, load_page, print_pdf
from tests.conftest import SAMPLE_TXT
from yiwu_reports import api
from yiwu_reports.core.palette import default_palette
from yiwu_reports.summary.counts import summarise

pytestmark = pytest.mark.skipif(chromium_path() is None,
                                reason="chromium is not installed (.ci/run installs it)")

SIZES = ((1280, 900), (375, 812))
ROWS = ("Array.from(document.querySelectorAll('#all-tasks tbody tr')).map(r => "
        "[r.cells[0].textContent.trim(), r.querySelector('.status-label').textContent, "
        "r.getClientRects().length > 0])")
FORM = "[document.getElementById('filters').getClientRects().length > 0, " \
       "document.getElementById('filter-count').textContent]"
SCROLL_WIDTH = "document.documentElement.scrollWidth"


@pytest.fixture(scope="module")
def sample():
    return api.assess(api.load(SAMPLE_TXT))


@pytest.fixture(scope="module")
def page(sample, tmp_path_factory):
    path = tmp_path_factory.mktemp("html") / "sample.html"
    api.render(sample, "html", path)
    return path


@pytest.fixture(scope="module")
def loads(page) -> dict[tuple[bool, int], PageLoad]:
    """The sample's page opened with scripts on and off, at each width."""
    found = {}
    for scripts in (True, False):
        with Chromium(scripts=scripts) as browser:
            for width, height in SIZES:
                found[scripts, width] = load_page(browser, page, width, height, scripts=scripts,
                                                  evaluate=(ROWS, FORM, SCROLL_WIDTH))
    return found


KEYS = [(scripts, width) for scripts in (True, False) for width, _ in SIZES]


def _ids(key: tuple[bool, int]) -> str:
    return f"scripts-{'on' if key[0] else 'off'}-{key[1]}"


@pytest.mark.parametrize("key", KEYS, ids=_ids)
def test_no_request_but_the_file_and_no_console_error(loads, page, key):
    load = loads[key]
    assert load.requests == [page.resolve().as_uri()]
    assert load.errors() == []
    assert "Page.javascriptDialogOpening" not in load.events


@pytest.mark.parametrize("key", KEYS, ids=_ids)
def test_every_task_in_order_with_its_status_text_and_visible(loads, sample, key):
    palette = default_palette()
    rows = loads[key].evaluated[0]
    assert [row[0] for row in rows] == [task.id for task in sample.tasks]
    assert [row[1] for row in rows] == [palette.label(task.status) for task in sample.tasks]
    assert all(row[2] for row in rows)  # nothing filtered out on opening


@pytest.mark.parametrize("key", KEYS, ids=_ids)
def test_page_text_has_every_lagging_task_and_the_shortfalls_come_first(loads, sample, key):
    text = " ".join(loads[key].text.split())
    lagging = [task for task in sample.tasks if task.status == "lagging"]
    assert len(lagging) == 17
    all_tasks = text.index("三、全部任务")
    for task in lagging:
        title = " ".join(task.title.split())
        assert title in text
        assert text.index(title) < all_tasks  # listed in 二、滞后任务 before the whole table
    assert "图1 任务状态分布" in text and "图2 牵头单位任务状态" in text
    # Also in the DOM as the browser built it (what --dump-dom prints): both charts, as SVG.
    dom = loads[key].dom
    assert dom.count("<svg ") == 2 and 'id="chart-status"' in dom and 'id="chart-leads"' in dom


@pytest.mark.parametrize("key", KEYS, ids=_ids)
def test_screenshot_shows_the_page(loads, key):
    from PIL import Image

    load = loads[key]
    image = Image.open(io.BytesIO(load.screenshot)).convert("RGB")
    assert image.size == (load.width, dict(SIZES)[load.width])
    colours = image.getcolors(maxcolors=1 << 20)
    assert colours is not None and len(colours) > 50  # text, cards, charts: not blank
    assert max(count for count, _ in colours) / (image.size[0] * image.size[1]) < 0.9
    present = {colour for _, colour in colours}
    for status in ("completed", "lagging", "unknown"):  # the headline cards, in palette colours
        fill = default_palette()[status].fill
        assert tuple(int(fill[i:i + 2], 16) for i in (1, 3, 5)) in present, status


@pytest.mark.parametrize("key", KEYS, ids=_ids)
def test_no_sideways_scrolling_on_a_phone_or_a_desktop(loads, key):
    assert loads[key].evaluated[2] <= key[1]


def test_filters_show_only_with_scripts(loads, sample):
    for width, _ in SIZES:
        shown, count = loads[True, width].evaluated[1]
        assert shown and count == f"显示{len(sample.tasks)}项，共{len(sample.tasks)}项"
        shown, count = loads[False, width].evaluated[1]
        assert not shown and count == ""


def _choose(select: str, value: str) -> str:
    return (f"(() => {{ const s = document.getElementById('{select}'); s.value = {value!r}; "
            "s.dispatchEvent(new Event('change', {bubbles: true})); "
            "return Array.from(document.querySelectorAll('#all-tasks tbody tr'))"
            ".filter(r => r.getClientRects().length > 0).map(r => r.cells[0].textContent.trim())"
            "; })()")


def test_filters_by_status_and_lead_unit(page, sample):
    summary = summarise(sample)
    leads = [lead.lead for lead in summary.by_lead]
    lead = leads.index("经信局")
    reset = ("(() => { document.querySelector('#filters button[type=reset]').click(); "
             "return new Promise(done => setTimeout(() => done(document.getElementById("
             "'filter-count').textContent), 50)); })()")
    with Chromium() as browser:
        load = load_page(browser, page, 1280, evaluate=(
            _choose("filter-status", "lagging"), _choose("filter-lead", str(lead)),
            _choose("filter-status", ""), "document.getElementById('filter-count').textContent"))
        assert load.errors() == []
        lagging, both, by_lead, count = load.evaluated
        assert lagging == [task.id for task in sample.tasks if task.status == "lagging"]
        assert both == [task.id for task in sample.tasks
                        if task.status == "lagging" and task.lead == "经信局"]
        assert len(both) == 5
        assert by_lead == [task.id for task in sample.tasks if task.lead == "经信局"]
        assert count == f"显示{len(by_lead)}项，共{len(sample.tasks)}项"
        reset_load = load_page(browser, page, 1280, evaluate=(
            _choose("filter-status", "completed"), reset))
        assert reset_load.evaluated[1] == f"显示{len(sample.tasks)}项，共{len(sample.tasks)}项"


def test_injected_markup_stays_inert_in_the_browser(tmp_path):
    from tests.test_render_html import INJECTIONS, injection_report

    report = injection_report()
    path = tmp_path / "hostile.html"
    api.render(report, "html", path)
    with Chromium() as browser:
        load = load_page(browser, path, 1280, evaluate=(
            "typeof window.alert === 'function' && document.querySelectorAll("
            "'img, textarea, svg:not([id]), iframe').length",
            "document.querySelectorAll('script').length"))
    assert load.errors() == []
    assert load.requests == [path.resolve().as_uri()]  # no <img src=x> was ever fetched
    assert "Page.javascriptDialogOpening" not in load.events
    assert load.evaluated == [0, 1]
    text = load.text
    for payload in INJECTIONS:
        assert " ".join(payload.split()) in " ".join(text.split())


def test_the_policy_blocks_any_other_inline_script(page, tmp_path):
    """The CSP is really in force: a script slipped into a copy of the page does not run."""
    copy = tmp_path / "tampered.html"
    copy.write_text(page.read_text(encoding="utf-8").replace(
        "</body>", "<script>document.title = 'ran';</script></body>"), encoding="utf-8")
    with Chromium() as browser:
        load = load_page(browser, copy, 1280, evaluate=("document.title",))
    assert load.evaluated[0] != "ran"
    assert any("Content Security Policy" in error for error in load.errors()), load.errors()


@pytest.fixture(scope="module")
def printed(page) -> bytes:
    with Chromium() as browser:
        return print_pdf(browser, page)


def test_printed_page_is_a4_with_the_header_row_on_every_page_of_the_table(printed):
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(printed))
    assert len(reader.pages) > 10
    for sheet in reader.pages:
        assert float(sheet.mediabox.width) == pytest.approx(595.3, abs=1)
        assert float(sheet.mediabox.height) == pytest.approx(841.9, abs=1)
    texts = [re.sub(r"\s+", "", sheet.extract_text()) for sheet in reader.pages]
    start = next(i for i, t in enumerate(texts) if "三、全部任务" in t)
    table_pages = texts[start + 1:]
    assert len(table_pages) > 5
    for number, sheet_text in enumerate(table_pages, start=start + 2):
        assert "序号任务名称牵头单位进展情况状态" in sheet_text, f"page {number} has no header row"
    assert "显示全部" not in "".join(texts)  # the filter form is not printed


def test_printed_pages_are_filled_and_no_heading_ends_one(printed, sample):
    """A heading, a caption or a header row is never the last thing on a page, and rows taller
    than a third of a page may break, so the 159 tasks fill their pages (45 pages before)."""
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(printed))
    assert len(reader.pages) <= 36
    headings = ("一、总体情况", "二、滞后任务", "三、全部任务", "待核实任务（", "全部任务（159项，按原表顺序）")
    header_rows = ("序号任务名称牵头单位", "序号 任务名称 牵头单位")
    for number, sheet in enumerate(reader.pages, start=1):
        lines = [line.strip() for line in sheet.extract_text().splitlines() if line.strip()]
        last = lines[-1]
        assert not last.startswith(headings), (number, last)
        assert not last.replace(" ", "").startswith(header_rows[0]), (number, last)
