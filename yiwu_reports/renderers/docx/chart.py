"""The status distribution as a native Word chart (a DrawingML bar chart) in the briefing.

A chart Word draws itself rather than a picture: sharp at any zoom and in print, its labels set
in the reader's fonts (so no CJK font is needed on the machine that writes it), restyled or
resized in Word or WPS like any chart a person inserts by hand, and its figures behind "Edit
Data". It is laid out as Word lays out its own: the chart part (`word/charts/chartN.xml`) holds
the series with cached values, and an embedded workbook holds the same figures for editing (Word
requires it). Building it is a few kilobytes of XML, where drawing and encoding a picture (with
Pillow) took a tenth of a second of every run.

Every label comes from the palette and is escaped as XML text; nothing is parsed as markup.
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass
from html import escape
from typing import Mapping, Sequence

from docx.opc.part import Part
from docx.oxml import parse_xml
from docx.text.paragraph import Paragraph

from ...core.errors import RenderError
from ...core.palette import hex_digits
from ...summary import percent_text
from ..common import fixed_entry, xml_safe

_WORKBOOK_RID = "rId1"
CHART_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.drawingml.chart+xml"
WORKBOOK_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CHART_RELATIONSHIP = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/chart"
PACKAGE_RELATIONSHIP = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/package"
CHART_URI = "http://schemas.openxmlformats.org/drawingml/2006/chart"
_NAMESPACES = ('xmlns:c="http://schemas.openxmlformats.org/drawingml/2006/chart" '
               'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
               'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"')
_SHEET = "Sheet1"
_TEXT = "262626"
_AXIS = "808080"
# Bars take 56% of their slot, as in the briefing's earlier picture (gap = 44/56 of a bar).
_GAP_WIDTH = 79


@dataclass(frozen=True)
class Bar:
    """One bar: its label, count, share of all tasks and colour (#RRGGBB)."""

    label: str
    count: int
    share: float
    colour: str

    @property
    def figure(self) -> str:
        """The bar's data label: 「32项 20.1%」."""
        return f"{self.count}项 {percent_text(self.share)}"


def status_bars(counts: Mapping[str, int], total: int, labels: Mapping[str, str],
                colours: Mapping[str, str]) -> list[Bar]:
    """One bar per status, in the order of `counts`."""
    return [Bar(labels[status], count, count / total if total else 0.0, colours[status])
            for status, count in counts.items()]


def _text(value: str) -> str:
    return escape(xml_safe(value), quote=True)


def _fonts(east_asian: str, latin: str, size_pt: float, colour: str = _TEXT) -> str:
    """A text body (c:txPr) in the document's fonts."""
    return (f'<c:txPr><a:bodyPr/><a:lstStyle/><a:p><a:pPr><a:defRPr sz="{round(size_pt * 100)}">'
            f'<a:solidFill><a:srgbClr val="{colour}"/></a:solidFill>'
            f'<a:latin typeface="{_text(latin)}"/><a:ea typeface="{_text(east_asian)}"/>'
            f'</a:defRPr></a:pPr><a:endParaRPr lang="zh-CN"/></a:p></c:txPr>')


# What a data label shows: the value (its text is set per bar), nothing else.
_LABEL_SWITCHES = ('<c:showLegendKey val="0"/><c:showVal val="1"/><c:showCatName val="0"/>'
                   '<c:showSerName val="0"/><c:showPercent val="0"/><c:showBubbleSize val="0"/>')


def chart_xml(bars: Sequence[Bar], series_name: str, east_asian: str, latin: str,
              workbook_rid: str) -> bytes:
    """The chart part: one column series, a colour and a 「n项 x%」 label per bar, the category
    axis below, no value axis or gridlines (each bar carries its figure)."""
    count = len(bars)
    last = count + 1
    points = "".join(
        f'<c:dPt><c:idx val="{i}"/><c:invertIfNegative val="0"/><c:bubble3D val="0"/>'
        f'<c:spPr><a:solidFill><a:srgbClr val="{hex_digits(bar.colour)}"/></a:solidFill></c:spPr></c:dPt>'
        for i, bar in enumerate(bars))
    # Each label's text is the bar's own 「n项 x%」 (Word keeps such edited labels as rich text).
    labels = "".join(
        f'<c:dLbl><c:idx val="{i}"/><c:tx><c:rich><a:bodyPr/><a:lstStyle/><a:p><a:r>'
        f'<a:rPr lang="zh-CN"/><a:t>{_text(bar.figure)}</a:t></a:r></a:p></c:rich></c:tx>'
        f'<c:dLblPos val="outEnd"/>{_LABEL_SWITCHES}</c:dLbl>'
        for i, bar in enumerate(bars))
    categories = "".join(f'<c:pt idx="{i}"><c:v>{_text(bar.label)}</c:v></c:pt>'
                         for i, bar in enumerate(bars))
    values = "".join(f'<c:pt idx="{i}"><c:v>{bar.count}</c:v></c:pt>' for i, bar in enumerate(bars))
    xml = (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<c:chartSpace {_NAMESPACES}>'
        '<c:date1904 val="0"/><c:lang val="zh-CN"/><c:roundedCorners val="0"/>'
        '<c:chart><c:autoTitleDeleted val="1"/><c:plotArea><c:layout/>'
        '<c:barChart><c:barDir val="col"/><c:grouping val="clustered"/><c:varyColors val="0"/>'
        '<c:ser><c:idx val="0"/><c:order val="0"/>'
        f'<c:tx><c:strRef><c:f>{_SHEET}!$B$1</c:f><c:strCache><c:ptCount val="1"/>'
        f'<c:pt idx="0"><c:v>{_text(series_name)}</c:v></c:pt></c:strCache></c:strRef></c:tx>'
        '<c:invertIfNegative val="0"/>'
        f'{points}'
        f'<c:dLbls>{labels}<c:spPr><a:noFill/><a:ln><a:noFill/></a:ln></c:spPr>'
        f'{_fonts(east_asian, latin, 12)}<c:dLblPos val="outEnd"/>{_LABEL_SWITCHES}'
        '</c:dLbls>'
        f'<c:cat><c:strRef><c:f>{_SHEET}!$A$2:$A${last}</c:f><c:strCache>'
        f'<c:ptCount val="{count}"/>{categories}</c:strCache></c:strRef></c:cat>'
        f'<c:val><c:numRef><c:f>{_SHEET}!$B$2:$B${last}</c:f><c:numCache>'
        f'<c:formatCode>General</c:formatCode><c:ptCount val="{count}"/>{values}'
        '</c:numCache></c:numRef></c:val></c:ser>'
        f'<c:gapWidth val="{_GAP_WIDTH}"/><c:axId val="1001"/><c:axId val="1002"/></c:barChart>'
        '<c:catAx><c:axId val="1001"/><c:scaling><c:orientation val="minMax"/></c:scaling>'
        '<c:delete val="0"/><c:axPos val="b"/><c:numFmt formatCode="General" sourceLinked="1"/>'
        '<c:majorTickMark val="none"/><c:minorTickMark val="none"/><c:tickLblPos val="nextTo"/>'
        f'<c:spPr><a:ln w="19050"><a:solidFill><a:srgbClr val="{_AXIS}"/></a:solidFill></a:ln>'
        f'</c:spPr>{_fonts(east_asian, latin, 12)}'
        '<c:crossAx val="1002"/><c:crosses val="autoZero"/><c:auto val="1"/>'
        '<c:lblAlgn val="ctr"/><c:lblOffset val="100"/><c:noMultiLvlLbl val="0"/></c:catAx>'
        '<c:valAx><c:axId val="1002"/><c:scaling><c:orientation val="minMax"/><c:min val="0"/>'
        '</c:scaling><c:delete val="1"/><c:axPos val="l"/>'
        '<c:numFmt formatCode="General" sourceLinked="1"/><c:majorTickMark val="none"/>'
        '<c:minorTickMark val="none"/><c:tickLblPos val="nextTo"/><c:crossAx val="1001"/>'
        '<c:crosses val="autoZero"/><c:crossBetween val="between"/></c:valAx>'
        '<c:spPr><a:noFill/><a:ln><a:noFill/></a:ln></c:spPr></c:plotArea>'
        '<c:plotVisOnly val="1"/><c:dispBlanksAs val="gap"/></c:chart>'
        '<c:spPr><a:noFill/><a:ln><a:noFill/></a:ln></c:spPr>'
        f'{_fonts(east_asian, latin, 10.5)}'
        f'<c:externalData r:id="{workbook_rid}"><c:autoUpdate val="0"/></c:externalData>'
        '</c:chartSpace>')
    return xml.encode("utf-8")


_SPREADSHEET = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_RELATIONSHIPS = "http://schemas.openxmlformats.org/package/2006/relationships"
_OFFICE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


def chart_workbook(bars: Sequence[Bar], series_name: str) -> bytes:
    """The figures behind the chart, as the workbook Word opens for "Edit Data": the smallest
    complete SpreadsheetML package (a workbook, one sheet, text as inline strings). Written here
    rather than with openpyxl so that a briefing does not load a second document library for
    six cells; the tests read it back with openpyxl."""
    def text_cell(ref: str, value: str) -> str:
        # An inline string is text whatever it holds: "=…" never becomes a formula.
        return f'<c r="{ref}" t="inlineStr"><is><t xml:space="preserve">{_text(value)}</t></is></c>'

    rows = [f'<row r="1">{text_cell("B1", series_name)}</row>']
    rows += [f'<row r="{n}">{text_cell(f"A{n}", bar.label)}<c r="B{n}"><v>{bar.count}</v></c></row>'
             for n, bar in enumerate(bars, start=2)]
    declaration = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    parts = {
        "[Content_Types].xml": (
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
            'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-'
            'officedocument.spreadsheetml.sheet.main+xml"/>'
            '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/'
            'vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>'),
        "_rels/.rels": (
            f'<Relationships xmlns="{_RELATIONSHIPS}"><Relationship Id="rId1" '
            f'Type="{_OFFICE}/officeDocument" Target="xl/workbook.xml"/></Relationships>'),
        "xl/workbook.xml": (
            f'<workbook xmlns="{_SPREADSHEET}" xmlns:r="{_OFFICE}"><sheets>'
            f'<sheet name="{_SHEET}" sheetId="1" r:id="rId1"/></sheets></workbook>'),
        "xl/_rels/workbook.xml.rels": (
            f'<Relationships xmlns="{_RELATIONSHIPS}"><Relationship Id="rId1" '
            f'Type="{_OFFICE}/worksheet" Target="worksheets/sheet1.xml"/></Relationships>'),
        "xl/worksheets/sheet1.xml": (
            f'<worksheet xmlns="{_SPREADSHEET}"><sheetData>{"".join(rows)}</sheetData></worksheet>'),
    }
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, xml in parts.items():
            archive.writestr(fixed_entry(name), (declaration + xml).encode("utf-8"))
    return out.getvalue()


def add_bar_chart(paragraph: Paragraph, bars: Sequence[Bar], *, width: int, height: int,
                  name: str, description: str, series_name: str, east_asian: str,
                  latin: str) -> None:
    """Put a native bar chart of `bars` into a new run of `paragraph`, `width` x `height` EMU,
    with `name` and the alt text `description` (read aloud by screen readers, shown in Word's
    Alt Text pane)."""
    document_part = paragraph.part
    package = document_part.package
    workbook = Part(package.next_partname("/word/embeddings/Microsoft_Excel_Worksheet%d.xlsx"),
                    WORKBOOK_CONTENT_TYPE, chart_workbook(bars, series_name), package)
    # The chart's XML names its workbook by relationship id: a new part's first one is rId1.
    chart = Part(package.next_partname("/word/charts/chart%d.xml"), CHART_CONTENT_TYPE,
                 chart_xml(bars, series_name, east_asian, latin, _WORKBOOK_RID), package)
    if chart.relate_to(workbook, PACKAGE_RELATIONSHIP) != _WORKBOOK_RID:
        raise RenderError("the chart's workbook did not get relationship id rId1")
    chart_rid = document_part.relate_to(chart, CHART_RELATIONSHIP)
    inline = parse_xml(
        '<wp:inline distT="0" distB="0" distL="0" distR="0" '
        'xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" '
        'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main">'
        f'<wp:extent cx="{int(width)}" cy="{int(height)}"/>'
        '<wp:effectExtent l="0" t="0" r="0" b="0"/>'
        f'<wp:docPr id="{document_part.next_id}" name="{_text(name)}" '
        f'descr="{_text(description)}"/>'
        '<wp:cNvGraphicFramePr/>'
        f'<a:graphic><a:graphicData uri="{CHART_URI}">'
        '<c:chart xmlns:c="http://schemas.openxmlformats.org/drawingml/2006/chart" '
        'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" '
        f'r:id="{chart_rid}"/></a:graphicData></a:graphic></wp:inline>')
    drawing = parse_xml('<w:drawing xmlns:w="http://schemas.openxmlformats.org/'
                        'wordprocessingml/2006/main"/>')
    drawing.append(inline)
    paragraph.add_run().element.append(drawing)
