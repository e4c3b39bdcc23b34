"""GB/T 9704 page rules in the Word briefing: the signature and date never stand alone on a page
(they keep with the last lines of the body), and the annex ends without a lone line.

Word and LibreOffice lay the pages out, so the test reads the settings that make them do so
(keep with next, keep lines together, widow control) from the document with python-docx; where
LibreOffice is installed, one briefing is also laid out by it (scripts/briefing_pages.py does
that for many sizes)."""

from __future__ import annotations

import io
import shutil
import subprocess
import sys

import docx
import pytest

from tests.conftest import ROOT, SAMPLE_TXT
from yiwu_reports import api
from yiwu_reports.renderers import RenderOptions


def _briefing(report, **options):
    out = io.BytesIO()
    api.render(report, "docx", out, options=RenderOptions(**options))
    return docx.Document(out)


@pytest.fixture(scope="module")
def sample():
    return api.assess(api.load(SAMPLE_TXT))


def _check_closing_keeps(document) -> None:
    paragraphs = document.paragraphs
    signature = next(i for i, p in enumerate(paragraphs) if p.style.name == "Signature")
    date = signature + 1
    assert paragraphs[date].style.name == "Signature"
    note = next(i for i in range(signature, 0, -1) if paragraphs[i].text.startswith("附件："))
    last_body = note - 2
    assert paragraphs[last_body].text  # the body's last paragraph, before the blank line
    body = paragraphs[last_body].paragraph_format
    assert body.keep_with_next and body.widow_control
    for paragraph in paragraphs[last_body + 1:date]:
        assert paragraph.paragraph_format.keep_with_next, paragraph.text
    assert paragraphs[date].paragraph_format.keep_together
    # Nothing before the body's last paragraph is tied to it: a page may break anywhere there.
    assert not paragraphs[last_body - 1].paragraph_format.keep_with_next


def _check_annex_end(document) -> None:
    """The annex's note on its columns stands above the table, kept with it: nothing after the
    table but the one-point paragraph a document ends with, so no note is alone on a page."""
    body = list(document.element.body.iterchildren())
    table = document.tables[-1]._tbl
    at = body.index(table)
    note = docx.text.paragraph.Paragraph(body[at - 1], document)
    assert note.text.startswith("说明：完成率为") and note.style.name == "Table Note"
    assert note.paragraph_format.keep_with_next and note.paragraph_format.keep_together
    after = [element for element in body[at + 1:] if not element.tag.endswith("sectPr")]
    assert len(after) == 1 and not "".join(after[0].itertext())
    assert after[0].find(".//{*}spacing").get(
        "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}line") == "20"


def test_signature_keeps_with_the_last_lines_of_the_body(sample):
    document = _briefing(sample)
    _check_closing_keeps(document)
    _check_annex_end(document)


@pytest.mark.parametrize("size", [1, 10, 40, 80])
def test_keeps_whatever_the_size(sample, size):
    document = _briefing(sample.with_tasks(sample.tasks[:size]))
    _check_closing_keeps(document)
    _check_annex_end(document)


def test_keeps_with_the_offices_own_template_and_text(sample, tmp_path):
    from docx.shared import Pt

    from yiwu_reports.core.resources import template_path

    template = docx.Document(str(template_path("briefing-styles.docx")))
    template.styles["Normal"].font.size = Pt(12)
    template.save(str(tmp_path / "letterhead.docx"))
    text = tmp_path / "text.toml"
    text.write_text('[requirements]\nitems = [{heading = "", text = "请各单位抓好落实。"}]\n',
                    encoding="utf-8")
    document = _briefing(sample, template=tmp_path / "letterhead.docx",
                         extra={"briefing_text": text})
    _check_closing_keeps(document)
    assert document.paragraphs[
        next(i for i, p in enumerate(document.paragraphs) if p.text.startswith("附件：")) - 2
    ].text == "请各单位抓好落实。"


@pytest.mark.skipif(not (shutil.which("soffice") and shutil.which("pdftotext")),
                    reason="needs LibreOffice and pdftotext")
def test_laid_out_by_libreoffice_the_signature_page_carries_body_text():
    done = subprocess.run([sys.executable, str(ROOT / "scripts" / "briefing_pages.py"),
                           "--tasks", "159"], capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "with body text above it" in done.stdout
