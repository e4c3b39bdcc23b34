"""Synthetic progress tables of any size, built from the sample's tasks.

    python -m benchmarks.synthetic 20000 > big.txt

Each synthetic task is a sample task with its numbers scaled (so targets and figures vary and
statuses mix), its id renumbered, and its lead unit drawn from the sample's units with a county
prefix, as a province-wide batch would look. The same size and seed give the same table.
"""

from __future__ import annotations

import random
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "samples" / "yiwu-2023-q3-progress.txt"
_NUMBER = re.compile(r"\d+(?:\.\d+)?")
_COUNTIES = ["义乌", "东阳", "永康", "兰溪", "浦江", "武义", "磐安", "金东", "婺城", "开化"]


def _sample_rows() -> tuple[str, list[list[str]]]:
    lines = SAMPLE.read_text(encoding="utf-8").splitlines()
    title = next(line for line in lines if line.startswith("## "))
    header = "序号\t任务名称\t任务牵头单位\t三季度进展情况"
    rows = [line.split("\t") for line in lines if line.count("\t") == 3 and line != header]
    return title, rows


def _scale(text: str, factor: float) -> str:
    """Numbers in the progress text scaled by `factor` (dates and ordinals too: harmless here)."""
    def replace(match: re.Match[str]) -> str:
        value = float(match.group(0)) * factor
        return f"{value:.1f}" if "." in match.group(0) else str(max(1, round(value)))
    return _NUMBER.sub(replace, text)


def synthetic_table(size: int, seed: int = 7) -> str:
    """A published-style text table of `size` tasks."""
    title, rows = _sample_rows()
    rng = random.Random(seed)
    out = [title, "", "序号\t任务名称\t任务牵头单位\t三季度进展情况"]
    for number in range(1, size + 1):
        _id, task, lead, progress = rows[(number - 1) % len(rows)]
        county = _COUNTIES[(number - 1) // len(rows) % len(_COUNTIES)]
        factor = rng.choice((0.4, 0.6, 0.8, 0.9, 1.0, 1.1, 1.3))
        out.append(f"{number}\t{task}\t{county}{lead}\t{_scale(progress, factor)}")
    return "\n".join(out) + "\n"


def write_synthetic(path: Path, size: int, seed: int = 7) -> Path:
    path.write_text(synthetic_table(size, seed), encoding="utf-8")
    return path


if __name__ == "__main__":
    sys.stdout.write(synthetic_table(int(sys.argv[1]) if len(sys.argv) > 1 else 1000))
