"""The Word briefing (`--format docx`): `briefing` builds it; `formatting` (GB/T 9704 styles,
fonts, page numbers), `table` (the annex), `chart` (the native chart) and `text` (its editable
sentences) are its parts. Importing this package imports nothing heavy; `briefing` imports
python-docx."""
