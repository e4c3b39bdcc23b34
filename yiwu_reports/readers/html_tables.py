"""Read the tables of a web page saved from a government portal (.html, .htm).

The page is decoded as it says (<meta charset>, a BOM; else UTF-8, else GB18030) and parsed with
lxml's HTML parser, network off; scripts, styles and navigation are dropped. Every table is
handed on with rowspan and colspan expanded, so the data table is found among the layout tables
by its header like any other; the page's <h1> (else its <title>) is the title.
"""

from __future__ import annotations

import codecs
import re
from typing import Any

from ..core.errors import InputError
from .limits import ReadBudget
from .rows import RawRow, RawTable
from .untrusted import declares_entities

MAX_TAGS = 4_000_000
"""Most tags (each < counts) in a page: the parsed tree costs a few hundred bytes an element, so
a page of a few dozen MB of empty cells would take gigabytes."""

_CHARSET = re.compile(rb"<meta[^>]+charset\s*=\s*[\"']?\s*([-\w.:]+)", re.IGNORECASE)
_ALIASES = {"gb2312": "gb18030", "gbk": "gb18030", "gb_2312-80": "gb18030", "x-gbk": "gb18030",
            "cp936": "gb18030", "utf8": "utf-8", "big5": "big5hkscs"}
_DROPPED = ("script", "style", "noscript", "template", "nav", "iframe", "object", "select",
            "button")
_BLOCK = {"p", "div", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "ol", "ul", "table", "dd",
          "dt", "section", "article", "blockquote", "pre"}
# A site name after the page's title: 「标题_义乌市人民政府门户网站」, 「标题 - 政务公开」.
_SITE_SUFFIX = re.compile(r"\s*(?:_|\s-\s|\||｜|—)\s*[^_|｜—]*(?:网|政府|门户|平台|网站|Portal)[^_|｜—]*$")
_SEPARATOR = re.compile(r"_|\s-\s|\||｜|—{1,2}")
_MAX_SPAN = 1000
_TABLE_TITLE = re.compile(r"情况|进度|进展|汇总|清单|任务|实事|项目|表$")


def decode_html(data: bytes, file_name: str) -> str:
    """The page's text: by its BOM, else its <meta charset>, else UTF-8, else GB18030."""
    for bom, encoding in ((codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16"),
                          (codecs.BOM_UTF16_BE, "utf-16")):
        if data.startswith(bom):
            return data.decode(encoding, errors="replace").lstrip("\ufeff")
    declared = _CHARSET.search(data[:8192])
    candidates = []
    if declared:
        name = declared.group(1).decode("ascii", "ignore").lower()
        candidates.append(_ALIASES.get(name, name))
    candidates += ["utf-8", "gb18030"]
    for encoding in candidates:
        try:
            return data.decode(encoding)
        except (UnicodeDecodeError, LookupError):
            continue
    raise InputError("the page is neither in its declared encoding, UTF-8 nor GB18030",
                     file=file_name)


def element_text(element: Any) -> str:
    """An element's text as a person reads it: a line break for <br> and between blocks."""
    parts: list[str] = []

    def walk(node: Any) -> None:
        tag = node.tag if isinstance(node.tag, str) else ""
        if tag == "br" or tag in _BLOCK:
            parts.append("\n")
        if node.text and tag:
            parts.append(node.text)
        for child in node:
            walk(child)
            if child.tail:
                parts.append(child.tail)
        if tag in _BLOCK:
            parts.append("\n")

    walk(element)
    lines = (" ".join(line.split()) for line in "".join(parts).splitlines())
    return "\n".join(line for line in lines if line)


def _span(cell: Any, name: str) -> int:
    try:
        return min(_MAX_SPAN, max(1, int(str(cell.get(name, "1")).strip() or 1)))
    except ValueError:
        return 1


def _own_rows(table: Any) -> list[Any]:
    """The <tr> of a table that are not inside a table nested in it."""
    return [tr for tr in table.iter("tr") if next(tr.iterancestors("table"), None) is table]


def _fill_covered(cells: list[str], merged: set[int], pending: dict[int, tuple[int, str]]) -> None:
    """Append the cells that spanning cells of rows above cover at the row's current end."""
    while len(cells) in pending:
        column = len(cells)
        left, text = pending[column]
        cells.append(text)
        merged.add(column)
        if left <= 1:
            del pending[column]
        else:
            pending[column] = (left - 1, text)


def table_rows(table: Any, budget: ReadBudget | None = None) -> list[RawRow]:
    """A table's rows with rowspan and colspan expanded: a spanned cell's text fills every grid
    position it covers; the rows below its first are marked as merged with the row above.
    `budget` counts the cells (a page of a few KB can span millions)."""
    budget = budget or ReadBudget("")
    rows: list[RawRow] = []
    pending: dict[int, tuple[int, str]] = {}  # column → (rows still covered, text)
    for number, tr in enumerate(_own_rows(table), start=1):
        cells: list[str] = []
        merged: set[int] = set()
        for cell in tr:
            if not isinstance(cell.tag, str) or cell.tag not in ("td", "th"):
                continue
            _fill_covered(cells, merged, pending)
            text = element_text(cell)
            rowspan, colspan = _span(cell, "rowspan"), _span(cell, "colspan")
            for _ in range(colspan):
                budget.take_cell(number, len(text))
                if rowspan > 1:
                    pending[len(cells)] = (rowspan - 1, text)
                cells.append(text)
        _fill_covered(cells, merged, pending)
        for column in sorted(pending):  # spans further right, past this row's own cells
            if column >= len(cells):
                cells.extend([""] * (column - len(cells)))
                _fill_covered(cells, merged, pending)
        budget.take(number, len(merged), 0)  # the cells spans filled in (their own counted)
        rows.append(RawRow(number, cells, frozenset(merged)))
    return rows


def _page_title(root: Any) -> str:
    """The page's title: the first heading (h1, then h2, h3) or <title> that reads like a table's
    title (…情况, …进度, …汇总表); else the first <h1>; else the <title> without the site name.
    A portal's logo is often an <h1> too (「某某市人民政府」)."""
    headings = [" ".join(element_text(h).split()) for tag in ("h1", "h2", "h3")
                for h in root.iter(tag)]
    title_element = root.find(".//title")
    page = " ".join((title_element.text or "").split()) if title_element is not None else ""
    first = _SEPARATOR.split(page)[0].strip()
    if first != page and _TABLE_TITLE.search(first):
        page = first  # 「标题_政务公开_某某市人民政府门户网站」: the channel and site names go
    elif _SITE_SUFFIX.sub("", page):
        page = _SITE_SUFFIX.sub("", page)
    for text in [*headings, page]:
        if text and _TABLE_TITLE.search(text):
            return text
    return next((text for text in headings if text), page)


def read_html(data: bytes, file_name: str) -> list[RawTable]:
    """Every table of a saved web page, in order, titled by the page's <h1> or <title>."""
    import lxml.html
    from lxml import etree

    if declares_entities(data[:65536], html=True):
        raise InputError("refused: the page declares XML entities (a document type with an "
                         "internal subset); progress pages never need one", file=file_name)
    tags = data.count(b"<")
    if tags > MAX_TAGS:
        raise InputError(f"refused: the page holds more than {MAX_TAGS:,} tags ({tags:,}); a "
                         f"progress page holds far fewer", file=file_name)
    text = decode_html(data, file_name)
    parser = lxml.html.HTMLParser(no_network=True, huge_tree=False, remove_comments=True,
                                  remove_pis=True, recover=True)
    try:
        root = lxml.html.document_fromstring(text, parser=parser)
    except (etree.ParserError, ValueError) as error:
        raise InputError(f"cannot read the page ({error})", file=file_name) from None
    # libxml2 stops at its limits (elements nested more than 256 deep, a text node over 10 MB)
    # and, recovering, hands on what it read so far: a page cut short, said as such.
    limit = next((error for error in parser.error_log if error.type_name == "ERR_RESOURCE_LIMIT"),
                 None)
    if limit is not None:
        raise InputError(f"refused: the page is beyond what the HTML parser reads (line "
                         f"{limit.line}: {limit.message.split(',')[0]}); a progress page nests "
                         f"its table a few elements deep", file=file_name)
    title = _page_title(root)
    for element in list(root.iter(*_DROPPED)):
        if element.getparent() is not None:
            element.drop_tree()
    tables = []
    budget = ReadBudget(file_name)
    for table in root.iter("table"):
        caption = table.find("caption")
        name = " ".join(element_text(caption).split()) if caption is not None else ""
        tables.append(RawTable(table_rows(table, budget), name=name, title=title))
    if not tables:
        raise InputError("the page holds no table", file=file_name)
    return tables
