"""The office's own name, addressees, deadlines and templates, set without editing the package:
`[report]` keys, `RenderOptions.office`, a templates folder (`--templates DIR` or the platform's
configuration folder), and the fingerprint of scheduled runs that notices each of them."""

from __future__ import annotations

import io
import json
import textwrap
from pathlib import Path

import docx
import pytest
from docx.shared import Pt
from openpyxl import load_workbook

from tests.conftest import SAMPLE_TXT
from yiwu_reports import api
from yiwu_reports.core.errors import UsageError
from yiwu_reports.core.office import OfficeSettings, setting_names
from yiwu_reports.core.resources import template_path
from yiwu_reports.renderers import RenderOptions

OFFICE_KEYS = textwrap.dedent("""\
    [report]
    organisation = "县政府督查办"
    recipients = "各乡镇人民政府，县政府各部门"
    signature = "某某县人民政府督查办公室"
    measures_to = "县政府办公室"
    measures_deadline = "本月25日"
    supplement_deadline = "3个工作日"
    date = 2023-10-20
    days_off = [2023-10-23]
    """)


def _paragraphs(path: Path) -> list[str]:
    return [p.text for p in docx.Document(str(path)).paragraphs]


def _config(folder: Path, body: str) -> Path:
    config = folder / "run.toml"
    config.write_text(textwrap.dedent(f"""\
        [input]
        paths = ["{SAMPLE_TXT.as_posix()}"]
        [output]
        folder = "out"
        formats = ["docx"]
        """) + body, encoding="utf-8")
    return config


def _docx(folder: Path) -> Path:
    return next((folder / "out").rglob("*.docx"))


def test_office_set_in_the_config_replaces_the_shipped_one(run_cli, tmp_path):
    result = run_cli("--config", str(_config(tmp_path, OFFICE_KEYS)), "--period", "2023Q3")
    assert result.exit_code == 0, result.stderr
    text = _paragraphs(_docx(tmp_path))
    body = "\n".join(text)
    assert "市政府督查室" not in body
    assert text[1] == "各乡镇人民政府，县政府各部门："
    assert "县政府督查办对2023年三季度各牵头单位报送的进展情况" in text[2]
    assert "于2023年10月25日前将整改措施报县政府办公室。" in body
    # 3 working days from Friday 20 October, the office not working on Monday 23: Thursday 26
    assert "待核实事项请于2023年10月26日前补报。" in body
    assert "县政府督查办将持续跟踪" in body
    signature = docx.Document(str(_docx(tmp_path))).paragraphs
    assert next(p.text for p in signature if p.style.name == "Signature") == "某某县人民政府督查办公室"


def test_signature_and_receiving_unit_default_to_the_organisation():
    out = io.BytesIO()
    office = OfficeSettings(organisation="区政府督查室")
    api.render(api.load(SAMPLE_TXT), "docx", out, options={"office": {"organisation": "区政府督查室"}})
    document = docx.Document(out)
    body = "\n".join(p.text for p in document.paragraphs)
    assert next(p.text for p in document.paragraphs if p.style.name == "Signature") == "区政府督查室"
    assert "于下月5日前将整改措施报区政府督查室。" in body
    assert office.placeholders()["measures_to"] == "区政府督查室"


def test_bad_office_settings_are_one_line_errors(run_cli, tmp_path):
    result = run_cli("--config", str(_config(tmp_path, '[report]\norganisation = 3\n')))
    assert result.exit_code == 2 and "organisation must be text" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    result = run_cli("--config", str(_config(tmp_path, '[report]\norganization = "x"\n')))
    assert result.exit_code == 2 and "unknown key(s) organization" in result.stderr
    with pytest.raises(UsageError, match="unknown office setting"):
        OfficeSettings.from_mapping({"orgnisation": "x"})
    assert set(setting_names()) >= {"organisation", "recipients", "signature", "measures_to",
                                    "measures_deadline", "supplement_deadline"}


def _templates_folder(folder: Path) -> Path:
    """A user's templates folder changing a little of each file."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "briefing.toml").write_text('[requirements]\nheading = "四、工作要求"\n',
                                          encoding="utf-8")
    (folder / "statuses.json").write_text(
        json.dumps({"statuses": {"lagging": {"label": "进度滞后"}}}, ensure_ascii=False),
        encoding="utf-8")
    styles = docx.Document(str(template_path("briefing-styles.docx")))
    styles.styles["Title"].font.size = Pt(30)
    styles.save(str(folder / "briefing-styles.docx"))
    return folder


def _check_templates_used(docx_path: Path, xlsx_path: Path | None = None) -> None:
    document = docx.Document(str(docx_path))
    text = [p.text for p in document.paragraphs]
    assert "四、工作要求" in text and "四、下一步工作要求" not in text
    assert "一、总体情况" in text  # the rest of the shipped text stays
    assert any("进度滞后" in line for line in text)
    assert document.styles["Title"].font.size == Pt(30)
    if xlsx_path is not None:
        sheet = load_workbook(xlsx_path)["汇总"]
        labels = [sheet.cell(row, 1).value for row in range(6, 11)]
        assert "进度滞后" in labels and "滞后" not in labels


def test_templates_folder_on_the_command_line(run_cli, tmp_path):
    folder = _templates_folder(tmp_path / "mine")
    result = run_cli(str(SAMPLE_TXT), "-o", str(tmp_path / "out"), "-f", "docx", "-f", "xlsx",
                     "--templates", str(folder))
    assert result.exit_code == 0, result.stderr
    _check_templates_used(next((tmp_path / "out").glob("*.docx")),
                          next((tmp_path / "out").glob("*.xlsx")))


def test_templates_folder_in_the_platform_configuration_folder(run_cli, tmp_path, monkeypatch):
    _templates_folder(tmp_path / "home-config" / "yiwu-reports" / "templates")
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "home-config"))
    result = run_cli(str(SAMPLE_TXT), "-o", str(tmp_path / "out"), "-f", "docx")
    assert result.exit_code == 0, result.stderr
    _check_templates_used(next((tmp_path / "out").glob("*.docx")))


def test_templates_folder_from_python(tmp_path):
    folder = _templates_folder(tmp_path / "mine")
    report = api.load(SAMPLE_TXT)
    api.render(report, "docx", tmp_path / "theirs.docx", options=RenderOptions(templates=folder))
    _check_templates_used(tmp_path / "theirs.docx")
    # Without the option, Python's render uses the shipped templates only.
    api.render(report, "docx", tmp_path / "shipped.docx", options=RenderOptions())
    assert "四、下一步工作要求" in _paragraphs(tmp_path / "shipped.docx")


def test_missing_templates_folder_is_a_usage_error(run_cli, tmp_path):
    result = run_cli(str(SAMPLE_TXT), "-o", str(tmp_path), "--templates", str(tmp_path / "none"))
    assert result.exit_code == 2 and "templates folder not found" in result.stderr


def test_a_changed_setting_rebuilds_a_scheduled_run(run_cli, tmp_path):
    folder = _templates_folder(tmp_path / "mine")
    body = OFFICE_KEYS + f'templates = "{folder.as_posix()}"\n'
    config = _config(tmp_path, body)
    args = ["--config", str(config), "--period", "2023Q3"]
    assert run_cli(*args).exit_code == 0
    again = run_cli(*args)
    assert "up to date" in again.stderr and again.stdout == ""
    # Another organisation: rebuilt, and the briefing names it.
    config.write_text(config.read_text(encoding="utf-8").replace("县政府督查办\"", "县督查办\""),
                      encoding="utf-8")
    rebuilt = run_cli(*args)
    assert "up to date" not in rebuilt.stderr and ".docx" in rebuilt.stdout
    assert "县督查办将持续跟踪" in "\n".join(_paragraphs(_docx(tmp_path)))
    assert "up to date" in run_cli(*args).stderr
    # A file of the templates folder changed: rebuilt.
    (folder / "briefing.toml").write_text('[requirements]\nheading = "四、下步要求"\n',
                                          encoding="utf-8")
    rebuilt = run_cli(*args)
    assert "up to date" not in rebuilt.stderr
    assert "四、下步要求" in _paragraphs(_docx(tmp_path))


def test_copy_the_templates_then_edit_them(run_cli, tmp_path, monkeypatch):
    """The install-then-customise path: copy the shipped templates into the configuration
    folder, edit them there, and every run uses them; copying again keeps the edits."""
    folder = tmp_path / "home-config" / "yiwu-reports" / "templates"
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "home-config"))
    copied = run_cli("--copy-templates", str(folder))
    assert copied.exit_code == 0, copied.stderr
    assert sorted(Path(line).name for line in copied.stdout.split()) == \
        ["briefing-styles.docx", "briefing.toml", "html-page.css", "html-page.html",
         "html-page.js", "statuses.json"]
    text = folder / "briefing.toml"
    text.write_text(text.read_text(encoding="utf-8").replace("四、下一步工作要求", "四、工作要求"),
                    encoding="utf-8")
    again = run_cli("--copy-templates", str(folder))
    assert again.exit_code == 0 and again.stdout == "" and "6 file(s) already" in again.stderr
    result = run_cli(str(SAMPLE_TXT), "-o", str(tmp_path / "out"), "-f", "docx")
    assert result.exit_code == 0, result.stderr
    paragraphs = _paragraphs(next((tmp_path / "out").glob("*.docx")))
    assert "四、工作要求" in paragraphs and "一、总体情况" in paragraphs


def test_a_reviewed_workbook_with_the_offices_own_labels_is_read_back(run_cli, tmp_path):
    """An office that renamed 滞后 to 进度滞后 in its templates folder reviews the workbook with
    that label (the 人工调整 list offers it); the next run with the same folder reads it back."""
    folder = tmp_path / "templates"
    folder.mkdir()
    (folder / "statuses.json").write_text(
        json.dumps({"statuses": {"lagging": {"label": "进度滞后"}}}, ensure_ascii=False),
        encoding="utf-8")
    out = tmp_path / "out"
    first = run_cli(str(SAMPLE_TXT), "-f", "xlsx", "--templates", str(folder), "-o", str(out))
    assert first.exit_code == 0, first.stderr
    workbook_path = next(out.glob("*.xlsx"))
    workbook = load_workbook(workbook_path)
    sheet = workbook["全部任务"]
    columns = {cell.value: cell.column for cell in sheet[1]}
    assert "进度滞后" in sheet.data_validations.dataValidation[0].formula1
    row = next(r for r in range(2, sheet.max_row + 1)
               if str(sheet.cell(r, columns["序号"]).value) == "2")
    sheet.cell(row, columns["人工调整"]).value = "进度滞后"
    sheet.cell(row, columns["调整理由"]).value = "数据待核实"
    reviewed = tmp_path / "reviewed.xlsx"
    workbook.save(reviewed)
    again = run_cli(str(SAMPLE_TXT), "-f", "json", "--templates", str(folder), "--overrides",
                    str(reviewed), "-o", str(tmp_path / "again"))
    assert again.exit_code == 0, again.stderr
    data = json.loads(next((tmp_path / "again").glob("*.json")).read_text(encoding="utf-8"))
    task = next(t for t in data["tasks"] if t["id"] == "2")
    assert task["status"] == "lagging" and task["override"]["reason"] == "数据待核实"
