"""Hostile inputs, built when a test needs them: zip packages whose parts inflate to hundreds of
MiB from a few hundred KB, a sheet 16,384 columns wide, deep JSON and deep HTML. Each builder
writes to a path (the big ones stream their parts, so building one costs little memory), and
`peak_memory` runs make-report on a file in a child process and gives its peak resident size."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

MIB = 1 << 20
ROOT = Path(__file__).resolve().parent.parent
HEADER = ("序号", "任务名称", "牵头单位", "进展情况")
TITLE = "2023年三季度重点任务进展情况"
_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_S = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"


def _repeat(stream, unit: bytes, size: int) -> None:
    """Write `unit` over and over, size // len(unit) times."""
    count = size // len(unit)
    per_block = max(1, MIB // len(unit))
    block = unit * per_block
    while count >= per_block:
        stream.write(block)
        count -= per_block
    stream.write(unit * count)


def _package(path: Path, parts: dict[str, bytes], big: str, head: bytes, unit: bytes,
             size: int, tail: bytes) -> Path:
    """A zip package of `parts`, where part `big` is head + unit repeated to `size` + tail."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for name, data in parts.items():
            if name != big:
                archive.writestr(name, data)
        with archive.open(big, "w", force_zip64=True) as stream:
            stream.write(head)
            _repeat(stream, unit, size)
            stream.write(tail)
    return path


def _word_parts(body: str) -> dict[str, bytes]:
    from docx import Document

    buffer = io.BytesIO()
    Document().save(buffer)
    source = zipfile.ZipFile(buffer)
    parts = {name: source.read(name) for name in source.namelist()}
    parts["word/document.xml"] = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
                                  f'<w:document xmlns:w="{_W}"><w:body>{body}</w:body>'
                                  f'</w:document>').encode()
    return parts


def _word_row(cells: tuple[str, ...]) -> str:
    return "<w:tr>" + "".join(f"<w:tc><w:p><w:r><w:t>{cell}</w:t></w:r></w:p></w:tc>"
                              for cell in cells) + "</w:tr>"


def docx_with_huge_part(path: Path, size: int = 240 * MIB) -> Path:
    """A Word document whose table is followed by `size` bytes of empty paragraphs (the XML of
    millions of elements: what a DOM parser turns into gigabytes)."""
    table = ("<w:tbl>" + _word_row(HEADER) + _word_row(("1", "完成投资10亿元", "发改局", "完成投资8亿元"))
             + "</w:tbl>")
    parts = _word_parts(f"<w:p><w:r><w:t>{TITLE}</w:t></w:r></w:p>{table}")
    document = parts["word/document.xml"].decode()
    head, tail = document.split("</w:body>")
    return _package(path, parts, "word/document.xml", head.encode(), b"<w:p/>", size,
                    ("</w:body>" + tail).encode())


def docx_with_many_cells(path: Path, size: int = 200 * MIB) -> Path:
    """A Word table row of `size` bytes of empty cells (one row, millions of cells)."""
    table_head = "<w:tbl>" + _word_row(HEADER) + "<w:tr>"
    parts = _word_parts(f"<w:p><w:r><w:t>{TITLE}</w:t></w:r></w:p>")
    document = parts["word/document.xml"].decode()
    head, tail = document.split("</w:body>")
    return _package(path, parts, "word/document.xml", (head + table_head).encode(),
                    b"<w:tc><w:p/></w:tc>", size, ("</w:tr></w:tbl></w:body>" + tail).encode())


def _workbook_parts(rows: list[list[str]]) -> dict[str, bytes]:
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "进展"
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    source = zipfile.ZipFile(buffer)
    return {name: source.read(name) for name in source.namelist()}


def _table_rows(count: int = 1) -> list[list[str]]:
    rows = [[TITLE], list(HEADER)]
    rows += [[str(n), f"完成投资{n}0亿元", "发改局", f"完成投资{n}亿元"] for n in range(1, count + 1)]
    return rows


def xlsx_with_tiny_shared_strings(path: Path, size: int = 250 * MIB) -> Path:
    """A workbook whose shared strings table holds `size` bytes of one-letter strings (tens of
    millions of them; openpyxl keeps every one in a list). Its sheet's cells use the first."""
    rows = _table_rows()
    strings = [cell for row in rows for cell in row]
    parts = _workbook_parts([])
    cells = []
    index = 0
    for number, row in enumerate(rows, start=1):
        refs = "".join(f'<c r="{"ABCD"[column]}{number}" t="s"><v>{index + column}</v></c>'
                       for column in range(len(row)))
        index += len(row)
        cells.append(f'<row r="{number}">{refs}</row>')
    parts["xl/worksheets/sheet1.xml"] = (f'<worksheet xmlns="{_S}"><sheetData>{"".join(cells)}'
                                         f'</sheetData></worksheet>').encode()
    parts["xl/_rels/workbook.xml.rels"] = parts["xl/_rels/workbook.xml.rels"].replace(
        b"</Relationships>",
        b'<Relationship Id="rIdS" Target="sharedStrings.xml" Type="http://schemas.openxmlformats'
        b'.org/officeDocument/2006/relationships/sharedStrings"/></Relationships>')
    parts["[Content_Types].xml"] = parts["[Content_Types].xml"].replace(
        b"</Types>",
        b'<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-'
        b'officedocument.spreadsheetml.sharedStrings+xml"/></Types>')
    head = f'<sst xmlns="{_S}">' + "".join(f"<si><t>{text}</t></si>" for text in strings)
    parts["xl/sharedStrings.xml"] = b""
    return _package(path, parts, "xl/sharedStrings.xml", head.encode(), b"<si><t>a</t></si>",
                    size, b"</sst>")


def xlsx_with_many_rows(path: Path, size: int = 200 * MIB) -> Path:
    """A workbook whose sheet holds `size` bytes of rows of one short number each (millions of
    rows, each a cell: within the inflated-size caps, beyond the cells read)."""
    parts = _workbook_parts(_table_rows())
    sheet = parts["xl/worksheets/sheet1.xml"].decode()
    head, tail = sheet.split("</sheetData>")
    return _package(path, parts, "xl/worksheets/sheet1.xml", head.encode(),
                    b'<row><c t="n"><v>1</v></c></row>', size, ("</sheetData>" + tail).encode())


def xlsx_wide(path: Path, tasks: int = 5, columns: int = 16_384) -> Path:
    """A workbook of `tasks` tasks whose rows reach column XFD (16,384 columns), a few cells
    filled out there."""
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    for row in _table_rows(tasks):
        sheet.append(row)
    for row in range(1, tasks + 3):
        sheet.cell(row=row, column=columns, value=f"远列{row}")
    workbook.save(path)
    return path


def deep_json(levels: int = 100_000) -> bytes:
    return b'{"tasks": ' + b"[" * levels + b"]" * levels + b"}"


def json_with_number(number: str, where: str = "year") -> bytes:
    document = {"title": TITLE, "period": {"year": 2023, "kind": "quarter", "last_month": 9},
                "tasks": [{"id": "1", "title": "完成投资10亿元", "lead": "发改局",
                           "progress": [{"kind": "paragraph", "text": "完成投资8亿元"}],
                           "source": {"file": "x.txt", "row": 3}}]}
    text = json.dumps(document, ensure_ascii=False)
    marker = {"year": '"year": 2023', "row": '"row": 3'}[where]
    key = marker.split(":")[0]
    return text.replace(marker, f"{key}: {number}").encode()


def nested_html(levels: int = 100_000) -> bytes:
    return (b"<html><body>" + b"<table><tr><td>" * levels + b"x" + b"</td></tr></table>" * levels
            + b"</body></html>")


_CHILD = """
import resource, sys, time
from yiwu_reports.cli import _run_command

start = time.perf_counter()
status = _run_command(sys.argv[1:])
seconds = time.perf_counter() - start
# The peak resident size of this process since it started. Linux keeps ru_maxrss across exec
# (a child forked from a large test process starts with the parent's peak), so the kernel's
# high-water mark of this program's own memory (VmHWM) is read where there is one.
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
try:
    with open("/proc/self/status", encoding="ascii") as status_file:
        peak = next(int(line.split()[1]) for line in status_file if line.startswith("VmHWM:"))
except (OSError, StopIteration, ValueError):
    pass
print("PEAK", peak, seconds, file=sys.stderr)
sys.exit(status)
"""


def peak_memory(*args: str, timeout: float = 300) -> tuple[int, float, subprocess.CompletedProcess]:
    """Run `make-report ARGS` in a child process: (its peak resident memory in bytes, as the
    child reports it on a PEAK line of stderr; the wall-clock seconds of the whole child,
    interpreter start included; the finished process)."""
    import time

    environment = {**os.environ, "PYTHONPATH": str(ROOT)}
    started = time.perf_counter()
    done = subprocess.run([sys.executable, "-c", _CHILD, *args], capture_output=True, text=True,
                          timeout=timeout, env=environment, check=False)
    seconds = time.perf_counter() - started
    line = next(line for line in done.stderr.splitlines() if line.startswith("PEAK "))
    return int(line.split()[1]) * 1024, seconds, done
