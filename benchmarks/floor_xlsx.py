"""The workbook's floor: a bare openpyxl workbook of the same content, built the library's own way.

    python -m benchmarks.floor_xlsx CONTENT.json OUT.xlsx     # prints: seconds cells

What it writes (so that nobody can make the floor slower to pass, or faster by writing less):

- the same sheets in the same order (the very hidden one too), each in openpyxl's public
  write-only mode (`Workbook(write_only=True)`, `create_sheet`, `append`);
- every cell of ours with the same value and the same look: each cell a `WriteOnlyCell` given
  its font (name, size, bold, colour), fill, alignment (horizontal, vertical, wrap), border and
  number format, the style objects made once per distinct look (as anyone writing a styled
  sheet would) and set on each cell;
- each sheet's column widths, row heights, frozen panes, auto-filter, merged ranges, page setup
  (orientation, A4, fit to width) and print title rows;
- the data validation (the 人工调整 list) and the conditional formats (a fill per status value and
  the data bar) on the same ranges;
- the two bar charts of the summary sheet (`openpyxl.chart.BarChart`, the same references,
  grouping, overlap, series and bar colours, titled), anchored where ours are (not their axis
  titles and label settings).

The content is read from our own workbook by `content` (openpyxl's reader, untimed). It leaves
out what only ours does: fixed zip entry times and document dates (same bytes on every run), the
hidden sheet's meaning, the checks on text that spreadsheets would take for formulas.

The seconds printed are this process's CPU time from just before openpyxl is imported to the
file written, the same span that `benchmarks.floors` times in our renderer.
"""

from __future__ import annotations

import json
import sys
import time
from typing import Any


def _colour(value: Any) -> str | None:
    """A colour's hex digits (a cell colour's `rgb`, or a chart's colour, a string already)."""
    rgb = value if isinstance(value, str) else getattr(value, "rgb", None)
    return rgb if isinstance(rgb, str) else None


def _look(cell: Any) -> list[Any]:
    font, fill, align, border = cell.font, cell.fill, cell.alignment, cell.border
    return [[font.name, font.sz, bool(font.b), _colour(font.color)],
            _colour(fill.fgColor) if fill.fill_type == "solid" else None,
            [align.horizontal, align.vertical, bool(align.wrap_text)],
            [[side.style, _colour(side.color)]
             for side in (border.left, border.right, border.top, border.bottom)],
            cell.number_format]


def content(path: str) -> dict[str, Any]:
    """Every sheet of our workbook at `path` as the floor writes it."""
    from openpyxl import load_workbook

    book = load_workbook(path)
    looks: dict[str, int] = {}
    sheets = []
    for sheet in book.worksheets:
        rows = []
        for row in sheet.iter_rows():
            cells = []
            for cell in row:
                key = json.dumps(_look(cell), ensure_ascii=False)
                cells.append([cell.value, looks.setdefault(key, len(looks))])
            rows.append(cells)
        charts = []
        for chart in sheet._charts:
            anchor = chart.anchor._from
            charts.append({
                "title": "".join(run.t for p in chart.title.tx.rich.p for run in (p.r or []))
                if chart.title and chart.title.tx and chart.title.tx.rich else "",
                "type": chart.type, "grouping": chart.grouping, "overlap": chart.overlap,
                "anchor": [anchor.col, anchor.row], "width": chart.width, "height": chart.height,
                "series": [{"values": s.val.numRef.f,
                            "categories": (s.cat.strRef or s.cat.numRef).f if s.cat else None,
                            "title": s.tx.strRef.f if s.tx and s.tx.strRef else None,
                            "colour": _colour(s.graphicalProperties.solidFill.srgbClr)
                            if s.graphicalProperties and s.graphicalProperties.solidFill
                            and s.graphicalProperties.solidFill.srgbClr else None,
                            "points": [_colour(p.graphicalProperties.solidFill.srgbClr)
                                       for p in s.dPt if p.graphicalProperties.solidFill]}
                           for s in chart.series]})
        formats = []
        for ranges, rules in sheet.conditional_formatting._cf_rules.items():
            for rule in rules:
                if rule.type == "dataBar":
                    formats.append([str(ranges.sqref), "bar", _colour(rule.dataBar.color)])
                else:
                    formats.append([str(ranges.sqref), "equal", rule.formula[0],
                                    _colour(rule.dxf.fill.bgColor) if rule.dxf and rule.dxf.fill
                                    else None])
        sheets.append({
            "title": sheet.title, "state": sheet.sheet_state, "rows": rows,
            "widths": {key: dim.width for key, dim in sheet.column_dimensions.items()
                       if dim.customWidth},
            "heights": {key: dim.height for key, dim in sheet.row_dimensions.items()
                        if dim.height},
            "freeze": sheet.freeze_panes, "filter": sheet.auto_filter.ref,
            "merged": [str(r) for r in sheet.merged_cells.ranges],
            "orientation": sheet.page_setup.orientation, "titles": sheet.print_title_rows,
            "validations": [[v.formula1, str(v.sqref), v.prompt, v.error]
                            for v in sheet.data_validations.dataValidation],
            "formats": formats, "charts": charts})
    return {"looks": [json.loads(key) for key in looks], "sheets": sheets}


def build(data: dict[str, Any], out: str) -> int:
    """The bare workbook of `data` written to `out`; returns the number of cells."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.chart import BarChart, Reference
    from openpyxl.chart.marker import DataPoint
    from openpyxl.formatting.rule import CellIsRule, DataBarRule
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
    from openpyxl.worksheet.datavalidation import DataValidation

    styles = []
    for font, fill, align, border, number_format in data["looks"]:
        left, right, top, bottom = (Side(style=style, color=colour) for style, colour in border)
        styles.append((Font(name=font[0], sz=font[1], b=font[2], color=font[3]),
                       PatternFill("solid", fgColor=fill) if fill else PatternFill(),
                       Alignment(horizontal=align[0], vertical=align[1], wrap_text=align[2]),
                       Border(left=left, right=right, top=top, bottom=bottom), number_format))
    book = Workbook(write_only=True)
    cells = 0
    for spec in data["sheets"]:
        sheet = book.create_sheet(spec["title"])
        sheet.sheet_state = spec["state"]
        for key, width in spec["widths"].items():
            sheet.column_dimensions[key].width = width
        for key, height in spec["heights"].items():
            sheet.row_dimensions[int(key)].height = height
        if spec["freeze"]:
            sheet.freeze_panes = spec["freeze"]
        if spec["filter"]:
            sheet.auto_filter.ref = spec["filter"]
        if spec["orientation"]:
            sheet.page_setup.orientation = spec["orientation"]
        sheet.page_setup.paperSize = "9"  # A4
        sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight = 1, 0
        if spec["titles"]:
            sheet.print_title_rows = spec["titles"]
        for merged in spec["merged"]:
            sheet.merged_cells.add(merged)
        for formula, ranges, prompt, error in spec["validations"]:
            validation = DataValidation(type="list", formula1=formula, allow_blank=True,
                                        prompt=prompt, error=error)
            validation.add(ranges)
            sheet.data_validations.append(validation)
        for rule in spec["formats"]:
            if rule[1] == "bar":
                sheet.conditional_formatting.add(rule[0], DataBarRule(
                    start_type="num", start_value=0, end_type="num", end_value=1, color=rule[2]))
            else:
                sheet.conditional_formatting.add(rule[0], CellIsRule(
                    operator="equal", formula=[rule[2]], fill=PatternFill(bgColor=rule[3])))
        for row in spec["rows"]:
            written = []
            for value, look in row:
                cell = WriteOnlyCell(sheet, value)
                cell.font, cell.fill, cell.alignment, cell.border, cell.number_format = \
                    styles[look]
                written.append(cell)
            sheet.append(written)
            cells += len(written)
        for chart_spec in spec["charts"]:
            chart = BarChart()
            chart.type, chart.grouping = chart_spec["type"], chart_spec["grouping"]
            if chart_spec["overlap"] is not None:
                chart.overlap = chart_spec["overlap"]
            chart.title = chart_spec["title"] or None
            chart.width, chart.height = chart_spec["width"], chart_spec["height"]
            for series in chart_spec["series"]:
                chart.add_data(Reference(sheet, range_string=series["values"]),
                               titles_from_data=False)
                added = chart.series[-1]
                if series["categories"]:
                    chart.set_categories(Reference(sheet, range_string=series["categories"]))
                if series["colour"]:
                    added.graphicalProperties.solidFill = series["colour"]
                for index, colour in enumerate(series["points"]):
                    point = DataPoint(idx=index)
                    point.graphicalProperties.solidFill = colour
                    added.dPt.append(point)
            column, line = chart_spec["anchor"]
            sheet.add_chart(chart, f"{chr(65 + column)}{line + 1}")
    book.save(out)
    return cells


def main(argv: list[str]) -> None:
    with open(argv[0], encoding="utf-8") as stream:
        data = json.load(stream)
    start = time.process_time()
    cells = build(data, argv[1])
    print(time.process_time() - start, cells)


if __name__ == "__main__":
    main(sys.argv[1:])
