"""Generate the CSV and XLSX samples from the published text table, shaped as offices keep them.

    python scripts/make_samples.py            # writes samples/yiwu-2023-q3-progress.{csv,xlsx}

Both have the title in a row of its own, an empty row, the header, the 159 tasks and a notes row;
the CSV is GB18030-encoded (what Excel on a Chinese Windows saves), the workbook has its title and
notes merged across the columns. Progress text loses its HTML tags and keeps one line per paragraph
or list item, as a person copying it into Excel would. Output is byte-for-byte repeatable.
"""

from __future__ import annotations

import csv
import io
import sys
from datetime import datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from yiwu_reports.readers import read_report  # noqa: E402
from yiwu_reports.renderers.common import repeatable_zip  # noqa: E402

SOURCE = ROOT / "samples" / "yiwu-2023-q3-progress.txt"
HEADERS = ["序号", "任务名称", "任务牵头单位", "三季度进展情况"]
NOTE = "注：本表根据各牵头单位报送的三季度进展情况汇总，数据截至2023年9月30日。"
FIXED_TIME = datetime(2023, 10, 15, 9, 0, 0)


def sample_rows() -> tuple[str, list[list[str]]]:
    report = read_report(SOURCE)
    rows = [[task.id, task.title, task.lead, task.progress_text] for task in report.tasks]
    return report.title, rows


def write_csv(title: str, rows: list[list[str]], path: Path) -> None:
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([title, "", "", ""])
    writer.writerow(["", "", "", ""])
    writer.writerow(HEADERS)
    writer.writerows(rows)
    writer.writerow([NOTE, "", "", ""])
    path.write_bytes(buffer.getvalue().encode("gb18030"))


def write_xlsx(title: str, rows: list[list[str]], path: Path) -> None:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Border, Font, Side

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "三季度进展"
    thin = Side(style="thin", color="808080")
    sheet.append([title])
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=4)
    sheet["A1"].font = Font(name="宋体", size=16, bold=True)
    sheet["A1"].alignment = Alignment(horizontal="center", vertical="center")
    sheet.row_dimensions[1].height = 32
    sheet.append([])
    sheet.append(HEADERS)
    for cell in sheet[3]:
        cell.font = Font(name="宋体", bold=True)
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        cell.border = Border(left=thin, right=thin, top=thin, bottom=thin)
    for row in rows:
        # Numbers as Excel users type them: the id is a number cell.
        sheet.append([int(row[0]) if row[0].isdigit() else row[0], *row[1:]])
        for cell in sheet[sheet.max_row]:
            cell.alignment = Alignment(vertical="top", wrap_text=True)
            cell.border = Border(left=thin, right=thin, top=thin, bottom=thin)
    note_row = sheet.max_row + 1
    sheet.cell(row=note_row, column=1, value=NOTE)
    sheet.merge_cells(start_row=note_row, start_column=1, end_row=note_row, end_column=4)
    for letter, width in zip("ABCD", (6, 48, 14, 80)):
        sheet.column_dimensions[letter].width = width
    sheet.freeze_panes = "A4"
    workbook.properties.creator = "yiwu-reports sample generator"
    workbook.properties.created = FIXED_TIME  # the date the table was published
    workbook.properties.modified = FIXED_TIME
    buffer = io.BytesIO()
    workbook.save(buffer)
    path.write_bytes(repeatable_zip(buffer.getvalue()))


def main() -> None:
    title, rows = sample_rows()
    write_csv(title, rows, ROOT / "samples" / "yiwu-2023-q3-progress.csv")
    write_xlsx(title, rows, ROOT / "samples" / "yiwu-2023-q3-progress.xlsx")
    print("wrote samples/yiwu-2023-q3-progress.csv and samples/yiwu-2023-q3-progress.xlsx")


if __name__ == "__main__":
    main()
