"""Assessed reports for renderer tests that must not depend on how good the assessment is.

`mixed_report()` is the sample with every status represented, indicators of every kind, an
override, and hostile text (a formula, reportlab markup, XML-invalid characters are removed by the
readers so they are not here).
"""

from __future__ import annotations

from dataclasses import replace

from tests.conftest import SAMPLE_TXT
from yiwu_reports import api
from yiwu_reports.core.model import (
    Actual,
    Evidence,
    Indicator,
    Override,
    Report,
    Target,
    Task,
    worst_status,
)

_CYCLE = ("completed", "on_track", "lagging", "unknown", "qualitative")


def _indicators_for(task: Task, status: str, elapsed: float) -> tuple[Indicator, ...]:
    if status == "qualitative":
        return ()
    number = int(task.id) if task.id.isdigit() else 1
    target = Target(float(100 + number), "亿元" if number % 2 else "个", ">=")
    if status == "unknown":
        return (Indicator("指标甲", "cumulative", target, None, None, "unknown",
                          Evidence(f"目标{target.value:g}{target.unit}以上", None)),)
    if number % 3 == 0:  # a rate indicator
        rate_target = Target(8.0, "%", ">=")
        actual = Actual(9.0 if status != "lagging" else 7.5, "%")
        return (Indicator("增速", "rate", rate_target, actual, None, status,
                          Evidence("增长8%以上", f"增长{actual.value:g}%")),)
    ratio = {"completed": 1.1, "on_track": 0.8, "lagging": 0.486}[status]
    actual = Actual(round(target.value * ratio, 2), target.unit)
    return (Indicator("指标甲", "cumulative", target, actual, ratio, status,
                      Evidence(f"完成{target.value:g}{target.unit}以上",
                               f"完成{actual.value:g}{actual.unit}")),)


def mixed_report(report: Report | None = None) -> Report:
    """The sample (or `report`) with statuses cycling through all five, task 7 overridden."""
    report = report or api.load(SAMPLE_TXT)
    tasks = []
    for index, task in enumerate(report.tasks):
        status = _CYCLE[index % len(_CYCLE)]
        indicators = _indicators_for(task, status, report.period.elapsed)
        task = replace(task, indicators=indicators, status=worst_status(i.status for i in indicators))
        if task.id == "7":
            task = replace(task, override=Override("lagging", "驿站尚未运营"),
                           auto_status=task.status, status="lagging")
        tasks.append(task)
    return report.with_tasks(tasks, assessed=True)


def hostile_report() -> Report:
    """A small report whose text tries formulas, markup and path tricks."""
    report = mixed_report()
    hostile = [
        replace(report.tasks[0], title='=HYPERLINK("http://evil.example","点此")',
                lead="+cmd|' /C calc'!A0"),
        replace(report.tasks[1], title="<b>加粗</b> & <font name=x>字体</font> <para>",
                lead="-2+3"),
        replace(report.tasks[2], title="@SUM(A1:A2)", lead="../../etc/passwd"),
    ]
    return report.with_tasks(hostile + list(report.tasks[3:10]))


JOINT_LEADS = {"3": "发改局、经信局", "8": "经信局牵头，商务局配合", "4": "经信局和财政局",
               "13": "★市场发展委、经信局"}
"""Lead cells `joint_report` gives some tasks: 3 and 13 lagging, 4 待核实, 8 lagging and led by
经信局 alone (商务局 only cooperates)."""


def joint_report(report: Report | None = None) -> Report:
    """`mixed_report` with some tasks led jointly (`JOINT_LEADS`)."""
    report = mixed_report(report)
    return report.with_tasks(replace(task, lead=JOINT_LEADS.get(task.id, task.lead))
                             for task in report.tasks)
