"""GB/T 9704-2012 official-document format for the Word briefing: template, fonts, page numbers.

The styles live in `templates/briefing-styles.docx` (built by `scripts/make_briefing_styles.py`);
a user's template (their letterhead and styles) replaces it, and any style or font the briefing
needs that their template lacks is copied in from ours, so their styles win and nothing is
missing. Imported only by the docx renderer (it imports python-docx).
"""

from __future__ import annotations

import copy
import io
import zipfile
from datetime import datetime
from pathlib import Path
from typing import Iterable

import docx
from docx.document import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import parse_xml
from docx.oxml.ns import qn
from docx.styles.style import BaseStyle
from lxml import etree

from ...core.errors import RenderError
from ...core.palette import hex_digits
from ...core.resources import template_path
from ..common import FIXED_TIME, xml_safe
from .docx_private import footer_element, set_part_blob

TEMPLATE_NAME = "briefing-styles.docx"
AUTHOR = "yiwu-reports"
W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"

# The styles the briefing uses, by name (as python-docx and Word's XML name them).
STYLE_NAMES = ("Normal", "Title", "Heading 1", "Heading 2", "Run-in Heading", "Footer", "Figure",
               "Caption", "Signature", "Annex Label", "Table Text", "Table Heading", "Table Note",
               "Briefing Table")
# Page numbers: 四号 (14 pt) 宋体, one em space in from the edge (GB/T 9704 7.5).
NUMBER_FONT = "宋体"
LATIN_FONT = "Times New Roman"
NUMBER_HALF_POINTS = 28
NUMBER_INSET_TWIPS = 280
_DOCX_MAIN = b"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
_DOTX_MAIN = b"application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml"


def shipped_template() -> Path:
    """The styles template that ships with the package."""
    return template_path(TEMPLATE_NAME)


def open_template(path: Path | None = None) -> Document:
    """A new document from `path` (a user's .docx or .dotx) or from the shipped template.

    Anything that is not a Word document is a `RenderError` naming the file."""
    source = Path(path) if path is not None else shipped_template()
    try:
        data = source.read_bytes()
    except OSError as error:
        raise RenderError(f"cannot read the Word template {source}: {error.strerror or error}") from None
    try:
        document = docx.Document(io.BytesIO(_as_docx(data)))
    except Exception as error:  # python-docx raises many kinds for a broken package
        reason = " ".join(str(error).split())[:120] or type(error).__name__
        raise RenderError(f"the Word template {source} is not a .docx file ({reason})") from None
    if path is not None:
        ours = docx.Document(io.BytesIO(shipped_template().read_bytes()))
        fill_missing_styles(document, ours)
        ensure_east_asian_fonts(document, ours)
    return document


def _as_docx(data: bytes) -> bytes:
    """A .dotx template's bytes relabelled as a document (python-docx opens only documents)."""
    if not zipfile.is_zipfile(io.BytesIO(data)):
        raise RenderError("not a zip package")  # caught above and reported with the file name
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        try:
            types = package.read("[Content_Types].xml")
        except KeyError:
            return data
        if _DOTX_MAIN not in types:
            return data
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
            for info in package.infolist():
                content = package.read(info.filename)
                if info.filename == "[Content_Types].xml":
                    content = content.replace(_DOTX_MAIN, _DOCX_MAIN)
                target.writestr(info, content)
        return out.getvalue()


def _style_by_name(document: Document, name: str) -> BaseStyle | None:
    try:
        return document.styles[name]
    except KeyError:
        return None


def fill_missing_styles(document: Document, source: Document,
                        names: Iterable[str] = STYLE_NAMES) -> None:
    """Copy into `document` each style in `names` it lacks, from `source` (our template).

    References to other styles (basedOn, next, link) are re-pointed by style name, since a
    user's template may give the same style another id (Chinese Word calls Normal "a")."""
    styles_element = document.styles.element
    for name in names:
        if _style_by_name(document, name) is not None:
            continue
        shipped = _style_by_name(source, name)
        if shipped is None:
            continue
        element = copy.deepcopy(shipped.element)
        taken = {s.get(qn("w:styleId")) for s in styles_element.findall(qn("w:style"))}
        style_id = element.get(qn("w:styleId"))
        while style_id in taken:
            style_id = f"YR{style_id}"
        element.set(qn("w:styleId"), style_id)
        for tag in ("w:basedOn", "w:next", "w:link"):
            reference = element.find(qn(tag))
            if reference is None:
                continue
            referenced = source.styles.element.get_by_id(reference.get(qn("w:val")))
            present = _style_by_name(document, referenced.name_val) if referenced is not None else None
            if present is None:
                element.remove(reference)
            else:
                reference.set(qn("w:val"), present.style_id)
        styles_element.append(element)
    fill_missing_fonts(document, source)


def _font_table(document: Document) -> tuple[object, etree._Element] | None:
    """The font table part of a document and its parsed XML, if it has one."""
    try:
        part = document.part.part_related_by(RT.FONT_TABLE)
    except KeyError:
        return None
    return part, etree.fromstring(part.blob)


def fill_missing_fonts(document: Document, source: Document) -> None:
    """Add to `document`'s font table the font declarations (with their fallback names) of
    `source` that it lacks; a document without a font table is left as it is."""
    mine, theirs = _font_table(document), _font_table(source)
    if mine is None or theirs is None:
        return
    part, fonts = mine
    present = {font.get(qn("w:name")) for font in fonts.findall(qn("w:font"))}
    added = False
    for font in theirs[1].findall(qn("w:font")):
        if font.get(qn("w:name")) not in present:
            fonts.append(copy.deepcopy(font))
            added = True
    if added:
        # python-docx keeps parts it has no class for as bytes; replace them.
        set_part_blob(part, etree.tostring(fonts, xml_declaration=True, encoding="UTF-8",
                                           standalone=True))


def east_asian_font(document: Document, style: BaseStyle) -> str | None:
    """The font a style's Chinese text gets: the nearest w:eastAsia up its basedOn chain and
    the document defaults, or None when that nearest setting is a theme font (or there is none)."""
    levels = []
    current: BaseStyle | None = style
    while current is not None:
        levels.append(current.element.find(f"{qn('w:rPr')}/{qn('w:rFonts')}"))
        current = getattr(current, "base_style", None)  # character and paragraph styles
    levels.append(document.styles.element.find(
        f"{qn('w:docDefaults')}/{qn('w:rPrDefault')}/{qn('w:rPr')}/{qn('w:rFonts')}"))
    for fonts in levels:
        if fonts is None:
            continue
        if fonts.get(qn("w:eastAsiaTheme")) is not None:  # a theme font wins over a named one
            return None
        if fonts.get(qn("w:eastAsia")):
            return fonts.get(qn("w:eastAsia"))
    return None


def ensure_east_asian_fonts(document: Document, source: Document,
                            names: Iterable[str] = STYLE_NAMES) -> None:
    """Give each style in `names` whose Chinese text would fall to a theme font (or to no
    named font at all) the named font our template gives it. A user's template that names its
    Chinese fonts keeps them; one that leaves them to the theme (Word's default) gets ours."""
    for name in names:
        mine, theirs = _style_by_name(document, name), _style_by_name(source, name)
        if mine is None or theirs is None or east_asian_font(document, mine) is not None:
            continue
        font = east_asian_font(source, theirs)
        if font is None:
            continue
        fonts = mine.element.get_or_add_rPr().get_or_add_rFonts()
        fonts.attrib.pop(qn("w:eastAsiaTheme"), None)
        fonts.set(qn("w:eastAsia"), font)


def run_properties(east_asia: str, latin: str | None = None, half_points: int | None = None,
                   colour: str | None = None, bold: bool = False) -> etree._Element:
    """A w:rPr naming a font for every script (w:eastAsia included), and optionally size,
    colour and bold, in schema order."""
    latin = latin or east_asia
    parts = [f'<w:rFonts w:ascii="{latin}" w:eastAsia="{east_asia}" w:hAnsi="{latin}" '
             f'w:cs="{latin}"/>']
    if bold:
        parts.append("<w:b/>")
    if colour:
        parts.append(f'<w:color w:val="{hex_digits(colour)}"/>')
    if half_points:
        parts.append(f'<w:sz w:val="{half_points}"/><w:szCs w:val="{half_points}"/>')
    return parse_xml(f'<w:rPr xmlns:w="{W_NS}">{"".join(parts)}</w:rPr>')


def _page_number_paragraph(style_id: str, align: str) -> etree._Element:
    """「— 1 —」 with a PAGE field, aligned `align` ("right" or "left") one em in from the edge."""
    inset = "right" if align == "right" else "left"
    rpr = etree.tostring(run_properties(NUMBER_FONT, half_points=NUMBER_HALF_POINTS),
                         encoding="unicode").replace(f' xmlns:w="{W_NS}"', "")

    def run(inner: str) -> str:
        return f"<w:r>{rpr}{inner}</w:r>"

    return parse_xml(
        f'<w:p xmlns:w="{W_NS}"><w:pPr><w:pStyle w:val="{style_id}"/>'  # CT_PPr order: ind, jc
        f'<w:ind w:{inset}="{NUMBER_INSET_TWIPS}" w:firstLineChars="0" w:firstLine="0"/>'
        f'<w:jc w:val="{align}"/></w:pPr>'
        + run('<w:t xml:space="preserve">— </w:t>')
        + run('<w:fldChar w:fldCharType="begin"/>')
        + run('<w:instrText xml:space="preserve"> PAGE </w:instrText>')
        + run('<w:fldChar w:fldCharType="separate"/>')
        + run("<w:t>1</w:t>")
        + run('<w:fldChar w:fldCharType="end"/>')
        + run('<w:t xml:space="preserve"> —</w:t>')
        + "</w:p>")


def has_footers(document: Document) -> bool:
    """True when any section already defines a footer (a user's template may)."""
    return any(not footer.is_linked_to_previous for section in document.sections
               for footer in (section.footer, section.even_page_footer,
                              section.first_page_footer))


def add_page_number_footers(document: Document) -> None:
    """Page numbers 「— n —」 in 四号宋体, odd pages at the right, even pages at the left.

    A template that already has footers keeps them (its letterhead may number pages its own
    way). Later sections inherit the first section's footers."""
    if has_footers(document):
        return
    document.settings.odd_and_even_pages_header_footer = True
    footer_style = _style_by_name(document, "Footer")
    style_id = footer_style.style_id if footer_style is not None else "Footer"
    for footer, align in ((document.sections[0].footer, "right"),
                          (document.sections[0].even_page_footer, "left")):
        footer.is_linked_to_previous = False
        element = footer_element(footer)
        for child in list(element):
            element.remove(child)
        element.append(_page_number_paragraph(style_id, align))



def fix_core_properties(document: Document, title: str, author: str = AUTHOR,
                        moment: datetime | None = None, status: str = "") -> None:
    """Document properties as the office sends the document: its author (the office), its
    date (the documents' date, not the time of the run: same input and settings, same bytes),
    and, for a draft, its status (征求意见稿)."""
    core = document.core_properties
    core.author = _property(author)
    core.last_modified_by = _property(author)
    core.title = _property(title)
    when = moment or FIXED_TIME
    core.created = when
    core.modified = when
    core.last_printed = when
    core.revision = 1
    core.content_status = _property(status)


def _property(text: str) -> str:
    """A core property's text within its limit of 255 characters, made safe for XML."""
    text = xml_safe(" ".join(text.split()))
    return text if len(text) <= 255 else text[:254] + "…"


DRAFT_MARK_HALF_POINTS = 32
"""The draft mark in the header: 三号 (16 pt) 黑体, like a 密级 or 紧急程度 mark of GB/T 9704."""


def add_draft_header(document: Document, mark: str) -> None:
    """`mark` (征求意见稿) at the top right of every page, in the page header: a draft says
    what it is wherever it is opened. A template's own header (its letterhead) is kept and the
    mark added after it."""
    if not mark:
        return
    section = document.sections[0]
    headers = [section.header]
    if document.settings.odd_and_even_pages_header_footer:
        headers.append(section.even_page_header)
    if section.different_first_page_header_footer:
        headers.append(section.first_page_header)
    style = _style_by_name(document, "Header")
    for header in headers:
        header.is_linked_to_previous = False
        paragraphs = header.paragraphs
        paragraph = paragraphs[0] if len(paragraphs) == 1 and not paragraphs[0].runs \
            else header.add_paragraph()
        if style is not None:
            paragraph.style = style
        paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        run = paragraph.add_run(xml_safe(mark))
        run._r.insert(0, run_properties("黑体", half_points=DRAFT_MARK_HALF_POINTS, bold=False))


def text_width_twips(document: Document) -> int:
    """Width of the text area of the last section (where the briefing goes), in twips (A4 with
    GB/T margins: 8845)."""
    section = document.sections[-1]
    width = (section.page_width or 0) - (section.left_margin or 0) - (section.right_margin or 0)
    twips = int(width / 635)
    return twips if twips > 1440 else 8845
