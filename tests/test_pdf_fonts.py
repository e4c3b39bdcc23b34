"""The PDF's fonts: chosen by preference (Song/Fangsong, then Hei, Droid last), with a fallback for
whatever the chosen font lacks, so that no character is drawn as the missing-glyph box.

Every embedded font program is read back with fontTools (not the code that wrote it) and every
string every page shows is followed through its font: no character may land on glyph 0 or on a
glyph without an outline (blank characters excepted). The machine the tests run on has Droid Sans
Fallback installed (.ci/run installs fonts-droid-fallback), the font that used to win by its path
and draw every digit as a box. YIWU_REPORTS_FONT_DIRS points the font discovery at a folder of
chosen fonts, to stand for a machine with only those.
"""

from __future__ import annotations

import io
from dataclasses import replace
import logging
import os
import subprocess
import sys
import unicodedata
from pathlib import Path

import pytest

pytest.importorskip("reportlab")
fontTools = pytest.importorskip("fontTools.ttLib")

from pypdf import PdfReader  # noqa: E402
from pypdf.generic import ContentStream  # noqa: E402

from tests.conftest import SAMPLE_TXT  # noqa: E402
from yiwu_reports import api  # noqa: E402
from yiwu_reports.renderers import RenderOptions  # noqa: E402
from yiwu_reports.renderers.pdf import system_fonts as fonts  # noqa: E402
from yiwu_reports.renderers.pdf.glyphs import glyphless_characters  # noqa: E402

DROID = Path("/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf")
WQY = Path("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc")
DEJAVU = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
needs = pytest.mark.skipif


def _blank(text: str) -> bool:
    return all(char.isspace() or unicodedata.category(char) in ("Zs", "Cc", "Cf") for char in text)


def _to_unicode(font) -> dict[int, str]:
    import re

    stream = font.get("/ToUnicode")
    found: dict[int, str] = {}
    if stream is not None:
        for block in re.findall(rb"beginbfchar(.*?)endbfchar", stream.get_object().get_data(),
                                re.DOTALL):
            for code, text in re.findall(rb"<([0-9A-F]+)>\s*<([0-9A-F]+)>", block):
                found[int(code, 16)] = bytes.fromhex(text.decode()).decode("utf-16-be")
    return found


class _Drawn:
    """How one PDF font draws a character code, read with fontTools."""

    def __init__(self, font) -> None:
        from fontTools.ttLib import TTFont

        self.name = str(font["/BaseFont"])
        self.to_text = _to_unicode(font)
        descriptor = font.get("/FontDescriptor")
        descriptor = descriptor.get_object() if descriptor is not None else None
        self.base = font["/Subtype"] == "/Type1" and descriptor is None
        self.program = None
        if descriptor is not None and "/FontFile2" in descriptor:
            self.program = TTFont(io.BytesIO(descriptor["/FontFile2"].get_object().get_data()))
            table = self.program["cmap"]
            subtable = table.getcmap(3, 0) or table.getcmap(1, 0) or table.tables[0]
            self.cmap = subtable.cmap
            self.order = self.program.getGlyphOrder()

    def problem(self, code: int) -> str | None:
        """Why the code is drawn without a glyph, or None when it has one."""
        if self.base:  # a PDF base font in WinAnsiEncoding: every viewer has these glyphs
            try:
                bytes([code]).decode("cp1252")
                return None
            except UnicodeDecodeError:
                return "not a Windows ANSI code"
        if self.program is None:
            return "font not embedded"
        name = self.cmap.get(code)
        if name is None or self.order.index(name) == 0:
            return "glyph 0 (.notdef)"
        glyph = self.program["glyf"][name]
        if glyph.numberOfContours == 0 and not _blank(self.to_text.get(code, chr(code))):
            return "empty outline"
        return None


def drawn(data: bytes) -> dict[str, dict[str, str | None]]:
    """Character → {font it is drawn in → why it has no glyph there, or None}, for every
    character every page draws."""
    reader = PdfReader(io.BytesIO(data))
    fonts_read: dict[int, _Drawn] = {}
    found: dict[str, dict[str, str | None]] = {}
    for page in reader.pages:
        resources = page["/Resources"]["/Font"]
        current = None
        for operands, operator in ContentStream(page.get_contents(), reader).operations:
            if operator == b"Tf":
                reference = resources.raw_get(operands[0])
                key = reference.idnum
                if key not in fonts_read:
                    fonts_read[key] = _Drawn(reference.get_object())
                current = fonts_read[key]
                continue
            if operator == b"TJ":
                strings = [item for item in operands[0] if isinstance(item, (bytes, str))]
            elif operator in (b"Tj", b"'", b'"'):
                strings = [operands[-1]]
            else:
                continue
            for string in strings:
                raw = string if isinstance(string, bytes) else string.original_bytes
                for code in raw:
                    char = current.to_text.get(code) or (bytes([code]).decode("cp1252", "replace")
                                                         if current.base else chr(code))
                    found.setdefault(char, {})[current.name.split("+")[-1].lstrip("/")] = \
                        current.problem(code)
    return found


def drawn_without_glyph(data: bytes) -> dict[str, str]:
    """Character → why, for every character some page draws without a glyph."""
    return {char: f"{font}: {why}" for char, uses in drawn(data).items()
            for font, why in uses.items() if why}


def _pdf(report, **options) -> bytes:
    out = io.BytesIO()
    api.render(report, "pdf", out, options=RenderOptions(**options))
    return out.getvalue()


@pytest.fixture(scope="module")
def sample():
    return api.assess(api.load(SAMPLE_TXT))


@needs(not fonts.cjk_faces(), reason="no CJK TrueType font installed")
def test_no_character_of_the_sample_is_drawn_without_a_glyph(sample):
    if DROID.exists():
        assert any(face.path.name == DROID.name for face in fonts.cjk_faces())  # the trap is set
    data = _pdf(sample)
    assert drawn_without_glyph(data) == {}
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)
    assert "2023年义乌市" in text and "75.0%" in text and "Chinagoods" in text
    assert glyphless_characters(io.BytesIO(data)) == {}  # what --check reads agrees


@needs(not (DROID.exists() and WQY.exists()), reason="needs Droid and WenQuanYi installed")
def test_hei_face_wins_over_droid_whatever_the_paths(tmp_path, monkeypatch):
    # In one folder "DroidSansFallbackFull.ttf" sorts before "wqy-microhei.ttc".
    for font in (DROID, WQY):
        (tmp_path / font.name).symlink_to(font)
    monkeypatch.setenv(fonts.FONT_DIRS_VARIABLE, str(tmp_path))
    faces = fonts.cjk_faces()
    # WenQuanYi Micro Hei, then its Mono face, then Droid.
    assert [(face.path.name, face.index) for face in faces] == [(WQY.name, 0), (WQY.name, 1),
                                                                (DROID.name, 0)]


def test_preference_order_song_then_hei_then_kai_then_others_then_droid():
    def candidate(family: str, style: str = "regular", file: str = "x.ttf"):
        return fonts._Candidate(Path(file), 0, f"{family}\t{style}\t{file}".lower())

    ranked = sorted([candidate("Droid Sans Fallback"), candidate("Some CJK Font"),
                     candidate("AR PL UKai CN"), candidate("WenQuanYi Micro Hei Mono"),
                     candidate("WenQuanYi Micro Hei"), candidate("SimSun,宋体"),
                     candidate("FangSong,仿宋"), candidate("Noto Serif CJK JP"),
                     candidate("Noto Serif CJK SC")], key=fonts._cjk_rank)
    assert [c.names.split("\t")[0] for c in ranked] == [
        "simsun,宋体", "fangsong,仿宋", "noto serif cjk sc", "noto serif cjk jp",
        "wenquanyi micro hei", "wenquanyi micro hei mono", "ar pl ukai cn", "some cjk font",
        "droid sans fallback"]


def _only(folder: Path, *files: Path) -> Path:
    folder.mkdir()
    for font in files:
        (folder / font.name).symlink_to(font)
    return folder


@pytest.mark.slow
@needs(not DROID.exists(), reason="Droid Sans Fallback is not installed")
def test_with_only_droid_digits_and_letters_come_from_a_base_font(sample, tmp_path, monkeypatch,
                                                                  caplog):
    monkeypatch.setenv(fonts.FONT_DIRS_VARIABLE, str(_only(tmp_path / "fonts", DROID)))
    assert fonts.cjk_faces() == (fonts.FontChoice(tmp_path / "fonts" / DROID.name, 0),)
    assert fonts.fallback_fonts(fonts.find_cjk_font()) == ()
    with caplog.at_level(logging.WARNING, logger="yiwu_reports"):
        data = _pdf(sample)
    uses = drawn(data)
    assert set(uses["中"]) == {"DroidSansFallback"}
    for char in "0123456789%“”—":  # none of them in Droid
        assert set(uses[char]) == {"Helvetica"}, (char, uses[char])
    text = PdfReader(io.BytesIO(data)).pages[0].extract_text()
    assert "2023年义乌市" in text and "159" in text
    # Droid and the base fonts draw everything but Ⅲ (水质Ⅲ类), which neither has: it shows
    # as a box, extracts as itself, and is said.
    assert set(drawn_without_glyph(data)) == {"Ⅲ"}
    assert glyphless_characters(io.BytesIO(data)) == {"Ⅲ": 21}  # its page in 全部任务
    assert any("Ⅲ" in record.message and "no glyph" in record.message for record in caplog.records)


@needs(not (DROID.exists() and DEJAVU.exists()), reason="needs Droid and DejaVu Sans installed")
def test_with_droid_a_latin_truetype_font_draws_what_it_lacks(sample, tmp_path, monkeypatch):
    monkeypatch.setenv(fonts.FONT_DIRS_VARIABLE, str(_only(tmp_path / "fonts", DROID, DEJAVU)))
    assert [f.path.name for f in fonts.fallback_fonts(fonts.find_cjk_font())] == [DEJAVU.name]
    data = _pdf(sample)
    uses = drawn(data)
    assert set(uses["中"]) == {"DroidSansFallback"}
    for char in "0123456789%“”—Ⅲ":
        assert set(uses[char]) == {"DejaVuSans"}, (char, uses[char])
    assert drawn_without_glyph(data) == {}


@needs(not (DROID.exists() and DEJAVU.exists()), reason="needs Droid and DejaVu Sans installed")
def test_check_fails_when_a_character_has_no_glyph(run_cli, tmp_path, monkeypatch):
    monkeypatch.setenv(fonts.FONT_DIRS_VARIABLE, str(_only(tmp_path / "fonts", DROID)))
    result = run_cli(str(SAMPLE_TXT), "-f", "pdf", "-o", str(tmp_path), "--check")
    assert result.exit_code == 1
    assert "drawn without a glyph (shown as boxes): Ⅲ（第21页）" in result.stderr


LIBERATION = next((path for path in (
    Path("/usr/share/fonts/truetype/liberation2/LiberationSans-Regular.ttf"),
    Path("/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf")) if path.exists()),
    Path("/nonexistent/LiberationSans-Regular.ttf"))


@needs(not (WQY.exists() and LIBERATION.exists() and DEJAVU.exists()),
       reason="needs WenQuanYi, Liberation Sans and DejaVu Sans installed")
def test_any_installed_font_that_has_a_glyph_draws_it(sample, tmp_path, monkeypatch):
    """A machine with LibreOffice's fonts: Liberation Sans is the Latin fallback (it has no
    Arabic; Hebrew only in its newer versions), DejaVu Sans has both: what the first lacks is
    drawn from the second. An emoji no font has is the only box."""
    monkeypatch.setenv(fonts.FONT_DIRS_VARIABLE,
                       str(_only(tmp_path / "fonts", WQY, LIBERATION, DEJAVU)))
    chain = [choice.path.name for choice in fonts.fallback_fonts(fonts.find_cjk_font())]
    assert chain[0] == LIBERATION.name and DEJAVU.name in chain
    task = sample.tasks[0]
    words = "合作伙伴🤝 שלום مرحبا"
    report = sample.with_tasks([replace(task, title=f"{task.title}{words}", lead="שלום"),
                                *sample.tasks[1:3]])
    data = _pdf(report)
    uses = drawn(data)
    for char in "مرحبا":
        assert set(uses[char]) == {"DejaVuSans"}, (char, uses[char])
    for char in "שלום":
        assert set(uses[char]) <= {"LiberationSans", "DejaVuSans"}, (char, uses[char])
    assert set(drawn_without_glyph(data)) == {"🤝"}
    assert set(glyphless_characters(io.BytesIO(data))) == {"🤝"}


def test_a_font_collection_is_read_once(tmp_path):
    """Discovery, ranking and coverage of both faces of a .ttc open the file once."""
    if not WQY.exists():
        pytest.skip("WenQuanYi Micro Hei is not installed")
    folder = _only(tmp_path / "fonts", WQY)
    script = ("import sys\n"
              "opened = []\n"
              "sys.addaudithook(lambda event, args: opened.append(str(args[0])) "
              "if event == 'open' and str(args[0]).endswith('.ttc') else None)\n"
              "from yiwu_reports.renderers.pdf import system_fonts as fonts\n"
              "faces = fonts.cjk_faces()\n"
              "assert [f.index for f in faces] == [0, 1], faces\n"
              "assert not fonts.face_of(faces[1]).missing('2023年ABC%“”')\n"
              "print(len(opened))\n")
    env = {**os.environ, fonts.FONT_DIRS_VARIABLE: str(folder)}
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                          env=env, check=True)
    assert done.stdout.strip() == "1"
