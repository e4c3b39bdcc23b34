"""yiwu-reports: quarterly key-task progress tables into briefings, summaries and workbooks.

    from yiwu_reports import load, assess, render, generate

Importing the package imports none of python-docx, reportlab or openpyxl: each renderer imports
its own library when it runs.
"""

from .api import assess, check_outputs, generate, load, render, restrict
from .core.config import RunConfig
from .core.errors import (
                          FormatsFailed,
                          InputError,
                          LockHeldError,
                          RenderError,
                          ReportError,
                          UsageError,
)
from .core.model import Period, Report, Task
from .renderers import RenderOptions
from .version import __version__

__all__ = ["load", "assess", "render", "generate", "check_outputs", "restrict", "Report", "Task",
           "Period", "RenderOptions", "RunConfig", "ReportError", "InputError", "UsageError",
           "LockHeldError", "RenderError", "FormatsFailed", "__version__"]
