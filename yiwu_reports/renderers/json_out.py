"""The JSON output: the machine-readable contract other tools and our own checks use."""

from __future__ import annotations

import json
from typing import BinaryIO

from ..model import Report
from ..summary import Summary
from . import RenderOptions


def report_json(report: Report) -> str:
    """The report as JSON text: UTF-8 Chinese kept readable, stable key order, a final newline."""
    return json.dumps(report.as_dict(), ensure_ascii=False, indent=2) + "\n"


class JsonRenderer:
    name = "json"
    extension = ".json"

    def render(self, report: Report, summary: Summary, out: BinaryIO,
               options: RenderOptions) -> None:
        out.write(report_json(report).encode("utf-8"))


RENDERER = JsonRenderer()
