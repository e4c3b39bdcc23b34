"""Hostile packages and pages: decompression bombs and entity bombs are refused with one line
naming the file and why, before any library parses them."""

from __future__ import annotations

import io
import re
import zipfile

import pytest

from tests import sample_variants as variants
from tests.conftest import SAMPLE_XLSX
from yiwu_reports import api
from yiwu_reports.core.errors import InputError
from yiwu_reports.readers import untrusted

MIB = 1 << 20
# The billion laughs: lol9 expands to 10^9 "lol"s.
LAUGHS = ('<?xml version="1.0"?>\n<!DOCTYPE lolz [\n<!ENTITY lol "lol">\n'
          + "".join(f'<!ENTITY lol{n} "{("&lol" + ("" if n == 1 else str(n - 1)) + ";") * 10}">\n'
                    for n in range(1, 10))
          + "]>\n")


def _repack(data: bytes, replace: dict[str, bytes | None], *, level: int = 6) -> bytes:
    """The zip package `data` with some parts replaced (None: a huge run of spaces)."""
    source = zipfile.ZipFile(io.BytesIO(data))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=level) as target:
        for info in source.infolist():
            if info.filename not in replace:
                target.writestr(info.filename, source.read(info.filename))
            elif replace[info.filename] is None:
                with target.open(info.filename, "w", force_zip64=True) as stream:
                    stream.write(b'<worksheet xmlns="http://schemas.openxmlformats.org/'
                                 b'spreadsheetml/2006/main"><sheetData>')
                    chunk = b" " * MIB
                    for _ in range(320):  # 320 MiB of nothing, in a package of about 1.4 MB
                        stream.write(chunk)
                    stream.write(b"</sheetData></worksheet>")
            else:
                target.writestr(info.filename, replace[info.filename])
    return buffer.getvalue()


def _declare_size(data: bytes, part: str, size: int) -> bytes:
    """The zip package `data` with the uncompressed size its headers declare for `part` (the
    central directory's, which readers trust, and the local header's) set to `size`; the data
    and its CRC are left as they are."""
    archive = zipfile.ZipFile(io.BytesIO(data))
    info = archive.getinfo(part)
    assert info.file_size < 0xFFFFFFFF and size < 0xFFFFFFFF  # 32-bit fields, no zip64 record
    patched = bytearray(data)
    local = info.header_offset
    assert patched[local:local + 4] == b"PK\x03\x04"
    patched[local + 22:local + 26] = size.to_bytes(4, "little")
    central = patched.find(b"PK\x01\x02", archive.start_dir)
    while central >= 0:
        name_length = int.from_bytes(patched[central + 28:central + 30], "little")
        if bytes(patched[central + 46:central + 46 + name_length]) == part.encode():
            patched[central + 24:central + 28] = size.to_bytes(4, "little")
            return bytes(patched)
        central = patched.find(b"PK\x01\x02", central + 4)
    raise AssertionError(f"{part} not in the central directory")


def _bomb_without_zip64(data: bytes, part: str) -> bytes:
    """`data` with `part` replaced by 300 MiB of spaces (deflated to a few hundred KB), its
    sizes in the headers' 32-bit fields."""
    source = zipfile.ZipFile(io.BytesIO(data))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as target:
        for info in source.infolist():
            if info.filename != part:
                target.writestr(info.filename, source.read(info.filename))
                continue
            with target.open(part, "w") as stream:
                stream.write(b'<worksheet xmlns="http://schemas.openxmlformats.org/'
                             b'spreadsheetml/2006/main"><sheetData>')
                chunk = b" " * MIB
                for _ in range(300):
                    stream.write(chunk)
                stream.write(b"</sheetData></worksheet>")
    return buffer.getvalue()


PART = "xl/worksheets/sheet1.xml"
# Each size check on its own: a bomb that says what it is (its headers declare 320 MiB: refused
# by the declared sizes, before inflating anything); one whose headers understate it (1 KiB: the
# part itself is read, its data does not end where the header says nor match its checksum); and
# a small part whose headers declare 300 MiB (refused by the declared size alone, which counting
# would pass). Removing either check fails one of them.
BOMBS = {
    "honest header": (lambda: _repack(SAMPLE_XLSX.read_bytes(), {PART: None}, level=1),
                      f"refused: part {PART} inflates to more than 256 MiB (320 MiB; a "
                      f"decompression bomb?)"),
    "header understates": (lambda: _declare_size(_bomb_without_zip64(SAMPLE_XLSX.read_bytes(),
                                                                     PART), PART, 1024),
                           f"cannot read part {PART} (BadZipFile: Bad CRC-32"),
    "header overstates": (lambda: _declare_size(SAMPLE_XLSX.read_bytes(), PART, 300 * MIB),
                          f"refused: part {PART} inflates to more than 256 MiB (300 MiB; a "
                          f"decompression bomb?)"),
}


@pytest.mark.parametrize("case", sorted(BOMBS))
def test_decompression_bomb_is_refused_in_one_line(run_cli, tmp_path, monkeypatch, case):
    make, message = BOMBS[case]
    bomb = make()
    assert len(bomb) < 2 * MIB
    path = tmp_path / "bomb.xlsx"
    path.write_bytes(bomb)
    import openpyxl

    def no_library(*args, **kwargs):
        raise AssertionError("openpyxl opened a package the checks should have refused")

    monkeypatch.setattr(openpyxl, "load_workbook", no_library)  # refused before it is opened
    result = run_cli(str(path), "-f", "json", "-o", str(tmp_path / "out"))
    assert result.exit_code == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in result.stderr
    assert f"bomb.xlsx: {message}" in lines[0], lines[0]


def test_all_parts_together_are_capped(monkeypatch, tmp_path):
    monkeypatch.setattr(untrusted, "MAX_TOTAL", 64 * 1024)
    path = tmp_path / "s.xlsx"
    path.write_bytes(SAMPLE_XLSX.read_bytes())
    with pytest.raises(InputError, match=r"s\.xlsx: refused: the parts inflate to more than"):
        api.load(path)


@pytest.mark.parametrize("part", ["xl/workbook.xml", "xl/worksheets/sheet1.xml",
                                  "[Content_Types].xml"])
def test_entity_bomb_in_a_workbook_is_refused(tmp_path, part):
    data = SAMPLE_XLSX.read_bytes()
    original = zipfile.ZipFile(io.BytesIO(data)).read(part).decode("utf-8")
    body = original.split("?>", 1)[-1]
    poisoned = _repack(data, {part: (LAUGHS + body.replace("</", "&lol9;</", 1)).encode()})
    path = tmp_path / "laughs.xlsx"
    path.write_bytes(poisoned)
    message = re.escape(f"laughs.xlsx: refused: part {part} declares XML entities")
    with pytest.raises(InputError, match=message):
        api.load(path)


def test_entity_bomb_in_a_word_document_is_refused(tmp_path):
    data = variants.docx_document()
    original = zipfile.ZipFile(io.BytesIO(data)).read("word/document.xml").decode("utf-8")
    body = original.split("?>", 1)[-1]
    path = tmp_path / "laughs.docx"
    path.write_bytes(_repack(data, {"word/document.xml": (LAUGHS + body).encode()}))
    with pytest.raises(InputError, match=r"laughs\.docx: refused: part word/document\.xml "
                                         r"declares XML entities"):
        api.load(path)


def test_a_damaged_part_is_one_clear_line(tmp_path):
    data = bytearray(variants.docx_document())
    info = zipfile.ZipFile(io.BytesIO(bytes(data))).getinfo("word/document.xml")
    start = info.header_offset + 30 + len(info.filename) + len(info.extra)
    data[start + 10:start + 60] = b"\xff" * 50  # corrupt the compressed stream
    path = tmp_path / "broken.docx"
    path.write_bytes(bytes(data))
    with pytest.raises(InputError, match=r"broken\.docx: cannot read part word/document\.xml"):
        api.load(path)


@pytest.mark.parametrize("head, html, declares", [
    (b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "b">]><x/>', False, True),
    (b"<worksheet/>", False, False),
    (b'<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0//EN" "http://www.w3.org/TR/xhtml1.dtd">',
     True, False),
    (b'<!DOCTYPE html [<!ENTITY a "b">]>', True, True),
    ("<!DOCTYPE x>".encode("utf-16-le"), False, True),
])
def test_declares_entities(head, html, declares):
    assert untrusted.declares_entities(head, html=html) is declares
