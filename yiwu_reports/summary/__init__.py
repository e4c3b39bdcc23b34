"""Summarise: what the documents say about an assessed report, computed once for all of them.

Counts by status and by lead unit and the shortfalls (`counts`), the change since the previous
period (`compare`, `comparison_view`), the year's 台账 (`ledger`), a report restricted to some lead
units (`lead_scope`, `--lead`), and how every figure and judgement reads in a document
(`display`: renderers never format a number or a status on their own).
"""

from __future__ import annotations

from ..assessment import points_behind
from .compare import compare
from .comparison_view import ComparisonView, MovedTask, comparable, comparison_view
from .counts import LeadSummary, Summary, settled, summarise, task_units, tasks_by_lead
from .display import (
                      OVERRIDE_MARK,
                      PARTLY_ASSESSED_MARK,
                      UNKNOWN_AGAIN,
                      UNNAMED_LEAD,
                      VERDICT_MARK,
                      actual_text,
                      adjusted,
                      chinese_numeral,
                      document_title,
                      evidence_groups,
                      evidence_text,
                      gap_text,
                      indicator_line,
                      lead_name,
                      main_indicator,
                      metadata_line,
                      number_text,
                      override_note,
                      partly_assessed_note,
                      percent_text,
                      period_end,
                      period_line,
                      ratio_change_text,
                      scope_line,
                      shorten,
                      target_text,
                      task_ratio,
                      verdict_note,
                      warning_note,
)
from .issue import Issue, document_issue, period_last_day
from .lead_scope import restrict_to_leads
from .ledger import Ledger, LedgerRow, build_ledger

__all__ = ["OVERRIDE_MARK", "PARTLY_ASSESSED_MARK", "UNKNOWN_AGAIN", "UNNAMED_LEAD",
           "VERDICT_MARK", "ComparisonView", "Issue", "LeadSummary", "Ledger", "LedgerRow",
           "MovedTask", "Summary", "actual_text", "adjusted", "build_ledger", "chinese_numeral",
           "comparable", "compare", "comparison_view", "document_issue", "document_title",
           "evidence_groups", "evidence_text", "gap_text", "indicator_line", "lead_name",
           "main_indicator", "metadata_line", "number_text", "override_note",
           "partly_assessed_note", "percent_text", "period_end", "period_last_day", "period_line",
           "points_behind", "ratio_change_text", "restrict_to_leads", "scope_line", "settled",
           "shorten", "summarise", "target_text", "task_ratio", "task_units", "tasks_by_lead",
           "verdict_note", "warning_note"]
