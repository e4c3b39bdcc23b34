"""Draft and final (DESIGN.md "Draft and final"): while any judgement marked `review` is not
settled, every document of a run is a draft and says so; a reviewer settles each in the returned
workbook and the same command then writes finals with no mark. Public documents (the web page,
the PDF) never carry doubt. Finals are dated (成文日期), deadlines are days, and every document's
properties name the office and the documents' date.

The runs are the sample and a development table (tests/data/real/pinghu_2024_1-9.tsv); how many
judgements wait is read from the run's own JSON, never assumed.
"""

from __future__ import annotations

import contextlib
import datetime
import io
import json
import re
import textwrap
from dataclasses import dataclass, field
from pathlib import Path

import docx
import openpyxl
import pytest
from lxml import html as lxml_html
from pypdf import PdfReader

from tests.conftest import DATA, SAMPLE_TXT
from yiwu_reports.cli import main

OFFICE = "义乌市人民政府督查室"
MARK = "征求意见稿"
DATE = datetime.date(2023, 10, 20)
FORMATS = ["docx", "pdf", "xlsx", "json", "html", "notices", "unit-xlsx"]
PINGHU = DATA / "real" / "pinghu_2024_1-9.tsv"
# What our own wording of doubt would look like in a public document.
DOUBT = ("有待人工", "人工复核", "判断有待", "需复核", "待复核", "（复核）", "复核认定", "复核提示")


@dataclass
class Run:
    folder: Path
    stderr: str
    code: int
    files: dict[str, Path] = field(default_factory=dict)

    def json(self) -> dict:
        return json.loads(self.files["json"].read_text(encoding="utf-8"))

    def manifest(self) -> dict:
        return json.loads((self.folder / "manifest.json").read_text(encoding="utf-8"))


def make(config_dir: Path, table: Path, *args: str, date: datetime.date = DATE,
         period: str | None = None) -> Run:
    """make-report --config (a scheduled run: a folder per period, a manifest) on `table`."""
    config_dir.mkdir(parents=True, exist_ok=True)
    config = config_dir / "run.toml"
    config.write_text(textwrap.dedent(f"""\
        [input]
        paths = ["{table.as_posix()}"]
        [output]
        folder = "out"
        formats = {json.dumps(FORMATS)}
        [report]
        organisation = "{OFFICE}"
        date = {date.isoformat()}
        """) + (f'period = "{period}"\n' if period else ""), encoding="utf-8")
    err = io.StringIO()
    with contextlib.redirect_stderr(err), contextlib.redirect_stdout(io.StringIO()):
        try:
            main(["--config", str(config), "--check", *args])
            code = 0
        except SystemExit as done:
            code = int(done.code or 0)
    (folder,) = [path for path in (config_dir / "out").iterdir() if path.is_dir()]
    run = Run(folder, err.getvalue(), code)
    for path in folder.iterdir():
        name = path.name
        if name == "manifest.json" or name.startswith("."):
            continue
        key = "notices" if name.endswith("-notices") else "unit-xlsx" if name.endswith("-units") \
            else path.suffix.lstrip(".")
        run.files[key] = path
    return run


def settle_all(workbook: Path, out: Path, answer: str = "确认") -> int:
    """The reviewer's answer: every judgement waiting in the workbook (复核提示 需复核) confirmed
    (确认 in 人工调整), or, with `answer` "same", its own automatic status chosen there (what a
    confirmation amounts to). Returns how many were settled."""
    book = openpyxl.load_workbook(workbook)
    sheet = book["全部任务"]
    header = [cell.value for cell in sheet[1]]
    status, hint, choice = header.index("状态"), header.index("复核提示"), header.index("人工调整")
    settled = 0
    for row in sheet.iter_rows(min_row=2):
        if str(row[hint].value or "").startswith("需复核"):
            row[choice].value = row[status].value if answer == "same" else answer
            settled += 1
    book.save(out)
    return settled


@pytest.fixture(scope="module")
def runs(tmp_path_factory):
    """The sample as a draft, then with every judgement settled in the returned workbook."""
    base = tmp_path_factory.mktemp("review-loop")
    draft = make(base / "draft", SAMPLE_TXT)
    returned = base / "returned.xlsx"
    settled = settle_all(draft.files["xlsx"], returned)
    final = make(base / "final", SAMPLE_TXT, "--overrides", str(returned))
    return draft, final, settled


# Independent readers: what each format shows a person, properties included ------------------

def docx_view(path: Path) -> dict:
    document = docx.Document(str(path))
    section = document.sections[0]
    headers = [paragraph.text for header in (section.header, section.even_page_header,
                                             section.first_page_header)
               for paragraph in header.paragraphs]
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    core = document.core_properties
    return {"paragraphs": [p.text for p in document.paragraphs], "headers": headers,
            "text": "\n".join([p.text for p in document.paragraphs] + cells + headers),
            "author": core.author, "created": core.created, "modified": core.modified,
            "status": core.content_status,
            "signature_date": next((p.text for p in document.paragraphs
                                    if p.style.name == "Signature" and "年" in p.text), None)}


def pdf_view(path: Path) -> dict:
    reader = PdfReader(str(path))
    meta = reader.metadata
    return {"pages": [page.extract_text() for page in reader.pages], "author": meta.author,
            "created": meta.creation_date, "modified": meta.modification_date,
            "keywords": meta.get("/Keywords", "")}


def xlsx_view(path: Path) -> dict:
    book = openpyxl.load_workbook(path)
    cells = [str(value) for sheet in book.worksheets
             for row in sheet.iter_rows(values_only=True) for value in row if value is not None]
    headers = [sheet.oddHeader.right.text or "" for sheet in book.worksheets]
    return {"book": book, "text": "\n".join(cells + headers), "headers": headers,
            "creator": book.properties.creator, "created": book.properties.created,
            "status": book.properties.contentStatus}


def source_text(table: Path) -> str:
    return table.read_text(encoding="utf-8")


# Drafts ----------------------------------------------------------------------------------------

def test_the_sample_has_judgements_waiting(runs):
    draft, _final, settled = runs
    unsettled = draft.json()["summary"]["unsettled"]
    assert unsettled["count"] == len(unsettled["ids"]) > 0
    assert settled == unsettled["count"]  # each listed in the workbook's 复核提示 as 需复核


def test_a_run_with_unsettled_judgements_writes_drafts_in_every_format(runs):
    draft, _final, _settled = runs
    assert draft.code == 0, draft.stderr
    briefing = docx_view(draft.files["docx"])
    assert briefing["headers"] and all(text == MARK for text in briefing["headers"] if text)
    assert briefing["status"] == MARK
    pdf = pdf_view(draft.files["pdf"])
    assert all(MARK in page for page in pdf["pages"])  # on every page
    assert MARK in pdf["keywords"]
    page = lxml_html.fromstring(draft.files["html"].read_bytes())
    assert MARK in page.get_element_by_id("draft-mark").text_content()
    assert page.xpath('//meta[@name="robots"]/@content')[0].startswith("noindex")
    assert MARK in page.findtext(".//title")
    workbook = xlsx_view(draft.files["xlsx"])
    assert MARK in workbook["book"]["汇总"]["A1"].value and set(workbook["headers"]) == {MARK}
    assert draft.json()["document"] == {"state": "draft", "date": DATE.isoformat()}
    notices = sorted(draft.files["notices"].glob("*.docx"))
    assert notices
    for notice in notices:
        assert MARK in docx_view(notice)["headers"], notice.name
    units = sorted(draft.files["unit-xlsx"].glob("*.xlsx"))
    assert units
    for unit in units:
        view = xlsx_view(unit)
        assert MARK in view["book"]["补报"]["A1"].value and view["status"] == MARK, unit.name
    manifest = draft.manifest()
    assert manifest["state"] == "draft" and {entry["state"] for entry in manifest["outputs"]} \
        == {"draft"}
    assert manifest["unsettled"] == draft.json()["summary"]["unsettled"]["ids"]


def test_stderr_says_how_many_judgements_wait_and_where(runs):
    draft, _final, _settled = runs
    count = draft.json()["summary"]["unsettled"]["count"]
    line = next(line for line in draft.stderr.splitlines() if "draft" in line)
    assert f"{count} judgement(s) wait for a reviewer" in line
    assert f"复核提示 column of {draft.files['xlsx']}" in line and "人工调整" in line
    assert "确认" in line


def test_the_workbook_lists_them_and_speaks_to_the_clerk(runs):
    draft, _final, _settled = runs
    book = xlsx_view(draft.files["xlsx"])["book"]
    lines = [str(cell) for row in book["汇总"].iter_rows(max_row=4, values_only=True)
             for cell in row if cell]
    instructions = next(line for line in lines if "人工调整" in line)
    assert "--" not in instructions and "overrides" not in instructions
    assert "确认" in instructions and "交回" in instructions
    count = draft.json()["summary"]["unsettled"]["count"]
    assert any(f"{count} 项任务的判定待复核" in line for line in lines)


# Finals ----------------------------------------------------------------------------------------

def test_settling_every_judgement_in_the_returned_workbook_writes_finals(runs):
    _draft, final, _settled = runs
    assert final.code == 0, final.stderr
    assert final.json()["summary"]["unsettled"]["count"] == 0
    assert final.json()["document"] == {"state": "final", "date": DATE.isoformat()}
    assert "draft" not in final.stderr
    briefing = docx_view(final.files["docx"])
    assert MARK not in briefing["text"] and not briefing["status"]
    pdf = pdf_view(final.files["pdf"])
    assert not any(MARK in page for page in pdf["pages"]) and MARK not in pdf["keywords"]
    page = final.files["html"].read_text(encoding="utf-8")
    assert MARK not in page and "noindex" not in page
    workbook = xlsx_view(final.files["xlsx"])
    assert MARK not in workbook["text"] and not workbook["status"]
    for notice in final.files["notices"].glob("*.docx"):
        assert MARK not in docx_view(notice)["text"], notice.name
    for unit in final.files["unit-xlsx"].glob("*.xlsx"):
        assert MARK not in xlsx_view(unit)["text"], unit.name
    manifest = final.manifest()
    assert manifest["state"] == "final" and manifest["unsettled"] == []
    assert {entry["state"] for entry in manifest["outputs"]} == {"final"}


def test_a_confirmation_is_no_adjustment_in_the_documents(runs):
    """A judgement confirmed (确认: its automatic status kept) reads as it is in the briefing,
    the PDF and the page: no 人工调整 note, no 复核确认; the JSON records the override."""
    draft, final, _settled = runs
    for run in (draft, final):
        assert "人工调整：" not in docx_view(run.files["docx"])["text"]
        assert "人工调整：" not in "".join(pdf_view(run.files["pdf"])["pages"])
        for text in ("".join(pdf_view(run.files["pdf"])["pages"]),
                     lxml_html.fromstring(run.files["html"].read_bytes()).text_content(),
                     docx_view(run.files["docx"])["text"]):
            assert "复核确认" not in text
    confirmed = [task for task in final.json()["tasks"] if task["override"]]
    assert confirmed and all(task["override"]["status"] == task["status"]
                             and task["override"]["reason"].startswith("复核确认")
                             for task in confirmed)


def test_the_office_may_decide_on_finals(tmp_path):
    run = make(tmp_path, SAMPLE_TXT, "--final")
    assert run.code == 0, run.stderr
    ids = run.json()["summary"]["unsettled"]["ids"]
    assert ids and run.json()["document"]["state"] == "final"
    line = next(line for line in run.stderr.splitlines() if "--final" in line)
    assert f"{len(ids)} judgement(s) not settled" in line and ids[0] in line
    assert MARK not in docx_view(run.files["docx"])["text"]
    assert run.manifest()["state"] == "final"


# Public documents carry no doubt ---------------------------------------------------------------

def test_no_doubt_in_the_web_page_or_the_pdf(runs):
    """The words of doubt are the workbook's and the JSON's: the web page and the PDF say none
    of ours, draft or final (复核 or 有待 in them comes from the table's own text, no more)."""
    source = source_text(SAMPLE_TXT)
    for run in runs[:2]:
        page = lxml_html.fromstring(run.files["html"].read_bytes()).text_content()
        pdf = "".join(pdf_view(run.files["pdf"])["pages"])
        for text in (page, pdf):
            assert not any(words in text for words in DOUBT)
            assert text.count("有待") <= source.count("有待")
            assert text.count("复核") <= source.count("复核") * 2  # shortfalls and all tasks
    assert "复核" in xlsx_view(runs[0].files["xlsx"])["text"]  # where a reviewer reads it
    assert runs[0].json()["summary"]["review"]["count"] > 0


# Dates and properties --------------------------------------------------------------------------

FULL_DATE = re.compile(r"^20\d\d年(1[0-2]|[1-9])月([12]\d|3[01]|[1-9])日$")


def test_a_final_is_dated_and_a_draft_leaves_the_day_blank(runs):
    draft, final, _settled = runs
    assert docx_view(final.files["docx"])["signature_date"] == "2023年10月20日"
    assert FULL_DATE.match(docx_view(final.files["docx"])["signature_date"])
    assert docx_view(draft.files["docx"])["signature_date"] == "2023年10月\u3000日"
    for notice in final.files["notices"].glob("*.docx"):
        assert docx_view(notice)["signature_date"] == "2023年10月20日", notice.name


def test_deadlines_are_dates(runs):
    _draft, final, _settled = runs
    text = docx_view(final.files["docx"])["text"]
    assert "于2023年11月5日前将整改措施报" in text  # 下月5日 from 20 October
    assert "待核实事项请于2023年10月27日前补报" in text  # 5 working days from Friday 20 October
    assert "下月" not in text and "个工作日" not in text
    for unit in final.files["unit-xlsx"].glob("*.xlsx"):
        assert "请于2023年10月27日前将本表发回" in xlsx_view(unit)["text"], unit.name


def test_every_document_names_the_office_and_its_date(runs):
    for run in runs[:2]:
        for path in [run.files["docx"], *run.files["notices"].glob("*.docx")]:
            view = docx_view(path)
            assert view["author"] == OFFICE, path.name
            assert view["created"].date() == view["modified"].date() == DATE, path.name
        pdf = pdf_view(run.files["pdf"])
        assert pdf["author"] == OFFICE
        assert pdf["created"].date() == pdf["modified"].date() == DATE
        for path in [run.files["xlsx"], *run.files["unit-xlsx"].glob("*.xlsx")]:
            view = xlsx_view(path)
            assert view["creator"] == OFFICE and view["created"].date() == DATE, path.name
        for path in [run.files["docx"], run.files["pdf"], run.files["xlsx"]]:
            assert b"yiwu-reports" not in _core_properties(path), path.name


def _core_properties(path: Path) -> bytes:
    """The author and dates as stored: docProps/core.xml, or the PDF's info dictionary."""
    if path.suffix == ".pdf":
        return str(PdfReader(str(path)).metadata.get("/Author", "")).encode()
    import zipfile

    return zipfile.ZipFile(path).read("docProps/core.xml")


# Same input and settings, same bytes --------------------------------------------------------

def test_same_input_and_settings_same_bytes_and_the_date_is_a_setting(tmp_path):
    first = make(tmp_path / "a", SAMPLE_TXT)
    second = make(tmp_path / "b", SAMPLE_TXT)
    for key in ("docx", "pdf", "xlsx", "json", "html"):
        assert first.files[key].read_bytes() == second.files[key].read_bytes(), key
    for name in (p.name for p in first.files["notices"].iterdir()):
        assert (first.files["notices"] / name).read_bytes() == \
            (second.files["notices"] / name).read_bytes(), name
    assert first.manifest()["fingerprint"] == second.manifest()["fingerprint"]
    again = make(tmp_path / "a", SAMPLE_TXT)  # a scheduled run: up to date
    assert "up to date" in again.stderr
    later = make(tmp_path / "a", SAMPLE_TXT, date=datetime.date(2023, 10, 23))
    assert "up to date" not in later.stderr  # a new date: new documents
    assert later.json()["document"]["date"] == "2023-10-23"


# A development table ----------------------------------------------------------------------------

def test_a_real_table_goes_from_draft_to_final(tmp_path):
    period = (PINGHU.with_suffix(".period")).read_text(encoding="utf-8").strip()
    draft = make(tmp_path / "draft", PINGHU, period=period)
    assert draft.code == 0, draft.stderr
    waiting = draft.json()["summary"]["unsettled"]["count"]
    if not waiting:
        pytest.skip("the table has no judgement to review at present")
    assert docx_view(draft.files["docx"])["status"] == MARK
    assert all(MARK in page for page in pdf_view(draft.files["pdf"])["pages"])
    assert f"{waiting} judgement(s) wait" in draft.stderr
    returned = tmp_path / "returned.xlsx"
    assert settle_all(draft.files["xlsx"], returned, answer="same") == waiting
    final = make(tmp_path / "final", PINGHU, "--overrides", str(returned), period=period)
    assert final.code == 0, final.stderr
    assert final.json()["document"]["state"] == "final" and final.manifest()["state"] == "final"
    assert MARK not in docx_view(final.files["docx"])["text"]
    assert not any(MARK in page for page in pdf_view(final.files["pdf"])["pages"])
    assert MARK not in final.files["html"].read_text(encoding="utf-8")
    assert FULL_DATE.match(docx_view(final.files["docx"])["signature_date"])
    source = source_text(PINGHU)
    for run in (draft, final):
        page = lxml_html.fromstring(run.files["html"].read_bytes()).text_content()
        pdf = "".join(pdf_view(run.files["pdf"])["pages"])
        for text in (page, pdf):
            assert not any(words in text for words in DOUBT)
            assert text.count("有待") <= source.count("有待") * 2
