"""yiwu-reports: quarterly key-task progress tables into briefings, summaries and workbooks."""
__version__ = "0.1.0"
