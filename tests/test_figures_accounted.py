"""Every figure accounted for: each number of every task's text, progress and cells, in the sample
and in all the development tables, appears in the task's figures as used or set aside with a
reason, or as unplaced (and then the task is review, its reason naming the figure)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.conftest import SAMPLE_TXT
from yiwu_reports import api
from yiwu_reports.assessment.quantities import to_halfwidth

REAL = Path(__file__).resolve().parent / "data" / "real"
TABLES = sorted(path for path in REAL.glob("*.tsv"))
_NUMBER = re.compile(r"\d+(?:\.\d+)?")


def _assessed(path: Path):
    period_file = path.with_suffix(".period")
    period = period_file.read_text(encoding="utf-8").strip() if period_file.exists() else None
    return api.assess(api.load(path, period=period))


def _numbers(text: str) -> list[str]:
    return _NUMBER.findall(to_halfwidth(text))


def _unaccounted(task) -> list[str]:
    """The numbers of the task's texts that no figure of its accounting holds."""
    held = [to_halfwidth(figure.text) for figure in task.figures]
    missing = []
    sources = [("task", task.title), ("progress", task.progress_text)] + \
        [(header, value) for header, value in task.extra]
    for source, text in sources:
        mine = [h for h, figure in zip(held, task.figures) if figure.source == source]
        pool = " ".join(mine)
        for number in _numbers(text):
            if number not in pool:
                missing.append(f"{source}: {number}")
    return missing


@pytest.mark.parametrize("path", [SAMPLE_TXT, *TABLES], ids=lambda p: p.stem)
def test_every_number_of_every_task_is_accounted_for(path):
    report = _assessed(path)
    for task in report.tasks:
        assert not _unaccounted(task), (task.id, _unaccounted(task))
        for figure in task.figures:
            assert figure.use in ("target", "actual", "share", "set_aside", "unplaced")
            if figure.use == "set_aside":
                assert figure.reason, (task.id, figure)
        unplaced = [figure for figure in task.figures if figure.use == "unplaced"]
        if unplaced:
            assert task.confidence == "review", (task.id, unplaced)


def test_the_json_carries_the_figures_and_the_layout():
    report = _assessed(REAL / "dangshan_2023_h1.tsv")
    data = report.as_dict()
    assert {"column": "市定任务(2023年度)", "role": "target", "decided_by": "cells"} in data["layout"]
    first = data["tasks"][0]
    assert any(figure["use"] == "target" for figure in first["figures"])
    assert all("text" in figure and "source" in figure for figure in first["figures"])
