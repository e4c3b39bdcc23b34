"""The Excel workbook (`--format xlsx`): `workbook` writes it; `cells` (safe text, shared styles),
`sheets` (全部任务, 滞后任务), `summary` (汇总) and `comparison` (与上季度相比) are its parts.
Importing this package imports nothing heavy; `workbook` imports openpyxl. A reviewed workbook
coming back is read by `yiwu_reports.readers.review`."""
