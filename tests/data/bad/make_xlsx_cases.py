"""Write the workbook cases of the bad-input corpus (run from anywhere; output is repeatable).

    python tests/data/bad/make_xlsx_cases.py
"""

from __future__ import annotations

import io
from pathlib import Path

from openpyxl import Workbook

from yiwu_reports.renderers.common import repeatable_zip

HERE = Path(__file__).resolve().parent


def _save(workbook: Workbook, name: str) -> bytes:
    buffer = io.BytesIO()
    workbook.save(buffer)
    data = repeatable_zip(buffer.getvalue())
    (HERE / name).write_bytes(data)
    return data


def main() -> None:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["2023年重点任务三季度进展情况"])
    sheet.append(["序号", "任务名称", "牵头单位", "进展情况", "完成率"])
    sheet.append([1, "完成投资350亿元以上", "发改局", "完成投资388.6亿元", "=388.6/350"])
    sheet.append([2, "=CONCATENATE(\"新增\",\"光伏装机4万千瓦\")", "发改局", "#REF!", "#DIV/0!"])
    sheet.append([3, "培训8800人", "=1+1", "完成培训15907人", None])
    import datetime
    workbook.properties.created = workbook.properties.modified = datetime.datetime(2000, 1, 1)
    data = _save(workbook, "formulas-and-errors.xlsx")
    (HERE / "truncated.xlsx").write_bytes(data[: len(data) // 2])


if __name__ == "__main__":
    main()
