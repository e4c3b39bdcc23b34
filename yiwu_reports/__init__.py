"""yiwu-reports: quarterly key-task progress tables into briefings, summaries and workbooks.

    from yiwu_reports import load, assess, render, generate

Importing the package imports none of python-docx, reportlab or openpyxl: each renderer imports
its own library when it runs.
"""

__version__ = "0.1.0"

from .api import assess, generate, load, render  # noqa: E402
from .errors import InputError, LockHeldError, RenderError, ReportError, UsageError  # noqa: E402
from .model import Report, Task  # noqa: E402

__all__ = ["load", "assess", "render", "generate", "Report", "Task", "ReportError", "InputError",
           "UsageError", "LockHeldError", "RenderError", "__version__"]
