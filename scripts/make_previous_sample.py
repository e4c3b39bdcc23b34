"""Derive a second-quarter table from the third-quarter sample, for quarter-over-quarter tests.

    python scripts/make_previous_sample.py   # writes samples/yiwu-2023-q2-progress.txt

This is NOT published data: it is the Q3 sample with its period moved back to 二季度 (1-6月) and
every reported figure lowered (amounts by 25-45 %, shares and growth rates by a tenth), so that
statuses differ from Q3's the way they would three months earlier. Dates and names are untouched.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from yiwu_reports.assessment.quantities import find_quantities  # noqa: E402

SOURCE = ROOT / "samples" / "yiwu-2023-q3-progress.txt"
TARGET = ROOT / "samples" / "yiwu-2023-q2-progress.txt"
_PERIOD_WORDS = (("前三季度", "上半年"), ("三季度", "二季度"), ("1-9月", "1-6月"), ("9月底", "6月底"),
                 ("9月30日", "6月30日"))


def _lower(text: str, factor: float) -> str:
    """Every figure in `text` (not dates) multiplied by `factor`, written like the original."""
    pieces, last = [], 0
    for quantity in find_quantities(text):
        number = re.match(r"[\d.,]+", quantity.text)
        if not number:
            continue  # a Chinese numeral: leave it
        share = quantity.family == "percent"
        value = float(number.group(0).replace(",", "")) * (0.9 if share else factor)
        digits = len(number.group(0).split(".")[1]) if "." in number.group(0) else 0
        written = f"{value:.{digits}f}" if digits else str(max(0, round(value)))
        pieces.append(text[last:quantity.start] + written)
        last = quantity.start + len(number.group(0))
    return "".join(pieces) + text[last:]


def previous_quarter_table(text: str) -> str:
    lines = []
    for line in text.splitlines():
        cells = line.split("\t")
        if len(cells) == 4 and cells[0].isdigit():
            factor = 0.55 + (int(cells[0]) % 5) * 0.05
            progress = _lower(cells[3], factor)
            for old, new in _PERIOD_WORDS:
                progress = progress.replace(old, new)
            cells[3] = progress
            line = "\t".join(cells)
        else:
            for old, new in _PERIOD_WORDS:
                line = line.replace(old, new)
        lines.append(line)
    return "\n".join(lines) + "\n"


def main() -> None:
    TARGET.write_text(previous_quarter_table(SOURCE.read_text(encoding="utf-8")), encoding="utf-8")
    print(f"wrote {TARGET.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
