"""Build `templates/briefing-styles.docx`, the Word styles template of the briefing (通报).

    python scripts/make_briefing_styles.py      # rewrites templates/briefing-styles.docx

The package is written from scratch rather than derived from python-docx's default template: that
one carries a theme whose fonts (w:asciiTheme, w:eastAsiaTheme …) override named fonts, Japanese
theme font language, 300 KB of unused styles and a thumbnail. Here every style the briefing uses
is spelled out with GB/T 9704-2012 settings, fonts are named (never theme fonts) with w:eastAsia
set, the font table declares fallbacks, and the page is A4 with the standard margins. The
page-number footers are then added by the same code the renderer uses for a user's template.
Output is byte-for-byte repeatable.
"""

from __future__ import annotations

import io
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from yiwu_reports.renderers.common import FIXED_TIME, repeatable_zip  # noqa: E402

OUT = ROOT / "templates" / "briefing-styles.docx"
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"

# GB/T 9704-2012 page: A4, margins top 37 mm, bottom 35 mm, left 28 mm, right 26 mm (in twips).
# The page number's top sits 7 mm below the text area, i.e. 28 mm above the page edge; Word
# measures the footer distance to the footer's bottom, so a 14 pt line puts it near 23 mm.
PAGE = {"w": 11906, "h": 16838, "top": 2098, "bottom": 1984, "left": 1587, "right": 1474,
        "header": 851, "footer": 1304}
# 22 lines on the 225 mm text area: 28.95 pt per line, the fixed spacing offices use.
LINE = 579
BODY_FONT = "仿宋_GB2312"
TITLE_FONT = "方正小标宋简体"
H1_FONT = "黑体"
H2_FONT = "楷体_GB2312"
NUMBER_FONT = "宋体"
LATIN_FONT = "Times New Roman"


def fonts(east_asia: str, latin: str | None = None) -> str:
    """An rFonts element naming the font for every script, no theme attributes."""
    latin = latin or east_asia
    return (f'<w:rFonts w:ascii="{latin}" w:eastAsia="{east_asia}" w:hAnsi="{latin}" '
            f'w:cs="{LATIN_FONT}"/>')


def size(half_points: int) -> str:
    return f'<w:sz w:val="{half_points}"/><w:szCs w:val="{half_points}"/>'


NO_INDENT = '<w:ind w:firstLineChars="0" w:firstLine="0"/>'


def paragraph_style(style_id: str, name: str, ppr: str, rpr: str, *, based_on: str | None = "Normal",
                    next_style: str | None = None, extra: str = "") -> str:
    based = f'<w:basedOn w:val="{based_on}"/>' if based_on else ""
    nxt = f'<w:next w:val="{next_style}"/>' if next_style else ""
    return (f'<w:style w:type="paragraph" w:styleId="{style_id}"><w:name w:val="{name}"/>'
            f'{based}{nxt}{extra}<w:qFormat/><w:pPr>{ppr}</w:pPr><w:rPr>{rpr}</w:rPr></w:style>')


def styles_xml() -> str:
    body_fonts = fonts(BODY_FONT, LATIN_FONT)
    styles = [
        # Normal: 三号仿宋, justified, first line indented two characters, fixed 28.95 pt lines.
        f'<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/>'
        f'<w:qFormat/><w:pPr><w:widowControl w:val="0"/>'
        f'<w:spacing w:line="{LINE}" w:lineRule="exact"/>'
        f'<w:ind w:firstLineChars="200" w:firstLine="640"/><w:jc w:val="both"/></w:pPr>'
        f'<w:rPr>{body_fonts}{size(32)}</w:rPr></w:style>',
        '<w:style w:type="character" w:default="1" w:styleId="DefaultParagraphFont">'
        '<w:name w:val="Default Paragraph Font"/><w:uiPriority w:val="1"/><w:semiHidden/>'
        '<w:unhideWhenUsed/></w:style>',
        '<w:style w:type="table" w:default="1" w:styleId="TableNormal"><w:name w:val="Normal Table"/>'
        '<w:uiPriority w:val="99"/><w:semiHidden/><w:unhideWhenUsed/><w:tblPr>'
        '<w:tblInd w:w="0" w:type="dxa"/><w:tblCellMar><w:top w:w="0" w:type="dxa"/>'
        '<w:left w:w="108" w:type="dxa"/><w:bottom w:w="0" w:type="dxa"/>'
        '<w:right w:w="108" w:type="dxa"/></w:tblCellMar></w:tblPr></w:style>',
        '<w:style w:type="numbering" w:default="1" w:styleId="NoList"><w:name w:val="No List"/>'
        '<w:uiPriority w:val="99"/><w:semiHidden/><w:unhideWhenUsed/></w:style>',
        # Title: 二号方正小标宋简体, centred, a blank line below (GB/T 9704 7.3.3).
        paragraph_style("Title", "Title",
                        f'<w:spacing w:after="{LINE}" w:line="700" w:lineRule="exact"/>{NO_INDENT}'
                        '<w:jc w:val="center"/>', f'{fonts(TITLE_FONT)}{size(44)}',
                        next_style="Normal"),
        # Level-one headings (一、) 黑体, level two (（一）) 楷体; both keep with what follows.
        paragraph_style("Heading1", "heading 1", '<w:keepNext/><w:keepLines/><w:outlineLvl w:val="0"/>',
                        f'{fonts(H1_FONT)}{size(32)}', next_style="Normal",
                        extra='<w:uiPriority w:val="9"/>'),
        paragraph_style("Heading2", "heading 2", '<w:keepNext/><w:keepLines/><w:outlineLvl w:val="1"/>',
                        f'{fonts(H2_FONT, LATIN_FONT)}{size(32)}', next_style="Normal",
                        extra='<w:uiPriority w:val="9"/>'),
        # A run-in level-two heading at the start of a body paragraph: 「（一）压实责任。」.
        '<w:style w:type="character" w:styleId="RunInHeading"><w:name w:val="Run-in Heading"/>'
        f'<w:basedOn w:val="DefaultParagraphFont"/><w:qFormat/><w:rPr>{fonts(H2_FONT, LATIN_FONT)}'
        '</w:rPr></w:style>',
        # Header and footer: page numbers are 四号宋体 (GB/T 9704 7.5).
        paragraph_style("Header", "header", f'<w:spacing w:line="240" w:lineRule="auto"/>{NO_INDENT}'
                        '<w:jc w:val="center"/>', f'{fonts(NUMBER_FONT)}{size(28)}'),
        paragraph_style("Footer", "footer", f'<w:spacing w:line="240" w:lineRule="auto"/>{NO_INDENT}',
                        f'{fonts(NUMBER_FONT)}{size(28)}'),
        # The chart's paragraph: automatic line height, or the exact 28.95 pt would clip the image.
        paragraph_style("Figure", "Figure", '<w:keepNext/><w:spacing w:before="120" w:line="240" '
                        f'w:lineRule="auto"/>{NO_INDENT}<w:jc w:val="center"/>', ""),
        paragraph_style("Caption", "caption", f'<w:keepLines/>{NO_INDENT}<w:jc w:val="center"/>',
                        f'{fonts(H2_FONT, LATIN_FONT)}{size(28)}', next_style="Normal",
                        extra='<w:uiPriority w:val="35"/>'),
        # 发文机关署名 and 成文日期 at the right; the renderer sets the right indent of each line.
        paragraph_style("Signature", "Signature", f'{NO_INDENT}<w:jc w:val="right"/>', ""),
        # 「附件」 at the top left of a new page in 黑体 (GB/T 9704 8.3).
        paragraph_style("AnnexLabel", "Annex Label", f'<w:pageBreakBefore/>{NO_INDENT}',
                        f'{fonts(H1_FONT)}{size(32)}', next_style="Title"),
        # Annex table text: 五号, single lines, no indent; its header row in 黑体.
        paragraph_style("TableText", "Table Text", '<w:spacing w:line="240" w:lineRule="auto"/>'
                        f'{NO_INDENT}<w:jc w:val="left"/>', f'{fonts(BODY_FONT, LATIN_FONT)}{size(21)}'),
        paragraph_style("TableHeading", "Table Heading", '<w:keepNext/><w:jc w:val="center"/>',
                        f'{fonts(H1_FONT)}{size(21)}', based_on="TableText"),
        paragraph_style("TableNote", "Table Note", '<w:spacing w:before="120"/>',
                        size(24), based_on="TableText"),
        '<w:style w:type="table" w:styleId="BriefingTable"><w:name w:val="Briefing Table"/>'
        '<w:basedOn w:val="TableNormal"/><w:uiPriority w:val="59"/><w:tblPr><w:jc w:val="center"/>'
        '<w:tblBorders><w:top w:val="single" w:sz="4" w:space="0" w:color="000000"/>'
        '<w:left w:val="single" w:sz="4" w:space="0" w:color="000000"/>'
        '<w:bottom w:val="single" w:sz="4" w:space="0" w:color="000000"/>'
        '<w:right w:val="single" w:sz="4" w:space="0" w:color="000000"/>'
        '<w:insideH w:val="single" w:sz="4" w:space="0" w:color="000000"/>'
        '<w:insideV w:val="single" w:sz="4" w:space="0" w:color="000000"/></w:tblBorders>'
        '<w:tblCellMar><w:top w:w="28" w:type="dxa"/><w:left w:w="57" w:type="dxa"/>'
        '<w:bottom w:w="28" w:type="dxa"/><w:right w:w="57" w:type="dxa"/></w:tblCellMar>'
        '</w:tblPr></w:style>',
    ]
    defaults = (f'<w:docDefaults><w:rPrDefault><w:rPr>{body_fonts}<w:kern w:val="2"/>{size(32)}'
                '<w:lang w:val="en-US" w:eastAsia="zh-CN" w:bidi="ar-SA"/></w:rPr></w:rPrDefault>'
                '<w:pPrDefault><w:pPr><w:spacing w:before="0" w:after="0"/></w:pPr></w:pPrDefault>'
                '</w:docDefaults>')
    return (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            f'<w:styles xmlns:w="{W}">{defaults}{"".join(styles)}</w:styles>')


# The fonts the styles name, each with the PANOSE class, GB2312 charset and the name of a font
# most Chinese machines have (w:altName). Word tries altName before metric substitution (ECMA-376
# 17.8.3.1); LibreOffice ignores altName (writerfilter FontTable.cxx) and falls back through its
# replacement table and fontconfig; WPS maps the _GB2312 names to its own 仿宋/楷体.
FONT_TABLE = (
    # name, altName, panose, family, pitch
    (BODY_FONT, "仿宋", "02010609030101010101", "modern", "fixed"),
    (H2_FONT, "楷体", "02010609030101010101", "modern", "fixed"),
    (TITLE_FONT, "宋体", "02000000000000000000", "auto", "variable"),
    (H1_FONT, "SimHei", "02010609060101010101", "modern", "fixed"),
    (NUMBER_FONT, "SimSun", "02010600030101010101", "auto", "variable"),
    ("仿宋", "FangSong", "02010609060101010101", "modern", "fixed"),
    ("楷体", "KaiTi", "02010609060101010101", "modern", "fixed"),
)


def font_table_xml() -> str:
    entries = [f'<w:font w:name="{LATIN_FONT}"><w:panose1 w:val="02020603050405020304"/>'
               '<w:charset w:val="00"/><w:family w:val="roman"/><w:pitch w:val="variable"/></w:font>']
    for name, alt, panose, family, pitch in FONT_TABLE:
        entries.append(f'<w:font w:name="{name}"><w:altName w:val="{alt}"/>'
                       f'<w:panose1 w:val="{panose}"/><w:charset w:val="86"/>'
                       f'<w:family w:val="{family}"/><w:pitch w:val="{pitch}"/></w:font>')
    return (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            f'<w:fonts xmlns:w="{W}">{"".join(entries)}</w:fonts>')


def settings_xml() -> str:
    # Element order follows CT_Settings; Word rejects settings out of schema order.
    return (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            f'<w:settings xmlns:w="{W}"><w:zoom w:percent="100"/><w:defaultTabStop w:val="420"/>'
            '<w:characterSpacingControl w:val="compressPunctuation"/>'
            '<w:compat><w:spaceForUL/><w:balanceSingleByteDoubleByteWidth/>'
            '<w:doNotLeaveBackslashAlone/><w:ulTrailSpace/><w:doNotExpandShiftReturn/>'
            '<w:adjustLineHeightInTable/><w:useFELayout/>'
            '<w:compatSetting w:name="compatibilityMode" w:uri="http://schemas.microsoft.com/office/word" '
            'w:val="15"/></w:compat><w:themeFontLang w:val="en-US" w:eastAsia="zh-CN"/>'
            '<w:decimalSymbol w:val="."/><w:listSeparator w:val=","/></w:settings>')


def document_xml() -> str:
    p = PAGE
    return (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            f'<w:document xmlns:w="{W}" xmlns:r="{R}"><w:body><w:sectPr>'
            f'<w:pgSz w:w="{p["w"]}" w:h="{p["h"]}"/>'
            f'<w:pgMar w:top="{p["top"]}" w:right="{p["right"]}" w:bottom="{p["bottom"]}" '
            f'w:left="{p["left"]}" w:header="{p["header"]}" w:footer="{p["footer"]}" w:gutter="0"/>'
            f'<w:pgNumType w:fmt="decimal"/><w:cols w:space="425"/>'
            f'<w:docGrid w:linePitch="{LINE}"/></w:sectPr></w:body></w:document>')


CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-'
    'officedocument.wordprocessingml.document.main+xml"/>'
    '<Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-'
    'officedocument.wordprocessingml.styles+xml"/>'
    '<Override PartName="/word/settings.xml" ContentType="application/vnd.openxmlformats-'
    'officedocument.wordprocessingml.settings+xml"/>'
    '<Override PartName="/word/fontTable.xml" ContentType="application/vnd.openxmlformats-'
    'officedocument.wordprocessingml.fontTable+xml"/>'
    '<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-'
    'package.core-properties+xml"/>'
    '<Override PartName="/docProps/app.xml" ContentType="application/vnd.openxmlformats-'
    'officedocument.extended-properties+xml"/></Types>')
PACKAGE_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/officeDocument" Target="word/document.xml"/>'
    '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/'
    'metadata/core-properties" Target="docProps/core.xml"/>'
    '<Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/extended-properties" Target="docProps/app.xml"/></Relationships>')
DOCUMENT_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/styles" Target="styles.xml"/>'
    '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/settings" Target="settings.xml"/>'
    '<Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/fontTable" Target="fontTable.xml"/></Relationships>')
APP = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
       '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties">'
       '<Application>yiwu-reports</Application></Properties>')
STAMP = FIXED_TIME.strftime("%Y-%m-%dT%H:%M:%SZ")
CORE = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/'
        'core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/'
        'dc/terms/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
        '<dc:title>督查通报样式模板</dc:title><dc:creator>yiwu-reports</dc:creator>'
        '<cp:lastModifiedBy>yiwu-reports</cp:lastModifiedBy><cp:revision>1</cp:revision>'
        f'<dcterms:created xsi:type="dcterms:W3CDTF">{STAMP}</dcterms:created>'
        f'<dcterms:modified xsi:type="dcterms:W3CDTF">{STAMP}</dcterms:modified>'
        '</cp:coreProperties>')


def bare_package() -> bytes:
    """The template without footers, as a .docx package in memory."""
    parts = {"[Content_Types].xml": CONTENT_TYPES, "_rels/.rels": PACKAGE_RELS,
             "docProps/core.xml": CORE, "docProps/app.xml": APP,
             "word/document.xml": document_xml(), "word/_rels/document.xml.rels": DOCUMENT_RELS,
             "word/styles.xml": styles_xml(), "word/settings.xml": settings_xml(),
             "word/fontTable.xml": font_table_xml()}
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as package:
        for name, text in parts.items():
            package.writestr(name, text.encode("utf-8"))
    return out.getvalue()


def build() -> bytes:
    """The finished template: the bare package plus the renderer's page-number footers."""
    import docx

    from yiwu_reports.renderers.docx.formatting import add_page_number_footers, fix_core_properties

    document = docx.Document(io.BytesIO(bare_package()))
    add_page_number_footers(document)
    fix_core_properties(document, title="督查通报样式模板")
    buffer = io.BytesIO()
    document.save(buffer)
    return repeatable_zip(buffer.getvalue())


if __name__ == "__main__":
    OUT.write_bytes(build())
    print(f"wrote {OUT.relative_to(ROOT)} ({OUT.stat().st_size} bytes)")
