"""The PDF summary (`--format pdf`): `document` builds it; `fonts` and `font_cache` (the CJK font
and its parse cache), `tables`, `wrap` (Chinese line breaking) and `charts` are its parts.
Importing this package imports nothing heavy; `document` imports reportlab."""
