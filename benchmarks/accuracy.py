"""Accuracy of the assessment against hand labels.

    python -m benchmarks.accuracy            # tasks 1-80 of the sample and the three layouts
    python -m benchmarks.accuracy --details  # also list every disagreement

Prints, per labelled table: target recall and precision (targets matched by value after unit
normalisation), actual accuracy (of matched targets, the actual figure — or its absence — agrees),
task-status accuracy, precision and recall of `lagging`, and lagging tasks reported as completed
(which must be zero).
"""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from yiwu_reports import api  # noqa: E402
from yiwu_reports.assessment.quantities import unit_family  # noqa: E402

DATA = ROOT / "tests" / "data"
TABLES = [
    ("sample 1-80", ROOT / "samples" / "yiwu-2023-q3-progress.txt", DATA / "gold" / "dev-labels.jsonl"),
    ("minsheng csv", DATA / "layouts" / "minsheng-style-2023-1-9.csv",
     DATA / "layouts" / "minsheng-style-2023-1-9.labels.jsonl"),
    ("percent-only xlsx", DATA / "layouts" / "percent-only-2023q3.xlsx",
     DATA / "layouts" / "percent-only-2023q3.labels.jsonl"),
    ("grouped tsv", DATA / "layouts" / "grouped-no-id-2023q3.tsv",
     DATA / "layouts" / "grouped-no-id-2023q3.labels.jsonl"),
]


def _base(value: float | None, unit: str) -> tuple[str, float] | None:
    if value is None:
        return None
    family, factor = unit_family(unit)
    return family, round(value * factor, 6)


def _same_value(a: tuple[str, float] | None, b: tuple[str, float] | None) -> bool:
    if a is None or b is None:
        return a is b
    return abs(a[1] - b[1]) <= 1e-6 * max(1.0, abs(a[1]), abs(b[1]))


@dataclass
class Score:
    gold_targets: int = 0
    predicted_targets: int = 0
    matched: int = 0
    actual_right: int = 0
    tasks: int = 0
    status_right: int = 0
    lagging_gold: int = 0
    lagging_predicted: int = 0
    lagging_both: int = 0
    lagging_as_completed: int = 0
    details: list[str] = field(default_factory=list)

    def add(self, other: "Score") -> None:
        for name in ("gold_targets", "predicted_targets", "matched", "actual_right", "tasks",
                     "status_right", "lagging_gold", "lagging_predicted", "lagging_both",
                     "lagging_as_completed"):
            setattr(self, name, getattr(self, name) + getattr(other, name))

    def figures(self) -> dict[str, float]:
        def share(a: int, b: int) -> float:
            return round(a / b, 3) if b else 1.0
        return {"target_recall": share(self.matched, self.gold_targets),
                "target_precision": share(self.matched, self.predicted_targets),
                "actual_accuracy": share(self.actual_right, self.matched),
                "status_accuracy": share(self.status_right, self.tasks),
                "lagging_recall": share(self.lagging_both, self.lagging_gold),
                "lagging_precision": share(self.lagging_both, self.lagging_predicted),
                "lagging_as_completed": self.lagging_as_completed}


def score_table(table: Path, labels: Path, ids: set[str] | None = None) -> Score:
    report = api.assess(api.load(table))
    tasks = {task.id: task for task in report.tasks}
    score = Score()
    for line in labels.read_text(encoding="utf-8").splitlines():
        gold = json.loads(line)
        task_id = str(gold["id"])
        if ids is not None and task_id not in ids:
            continue
        task = tasks[task_id]
        score.tasks += 1
        predicted = list(task.indicators)
        score.gold_targets += len(gold["indicators"])
        score.predicted_targets += len(predicted)
        unmatched = list(predicted)
        for indicator in gold["indicators"]:
            target = _base(indicator["target"]["value"], indicator["target"]["unit"])
            found = next((p for p in unmatched if _same_value(_base(p.target.value, p.target.unit), target)), None)
            if found is None:
                score.details.append(f"{task_id}: missed target {indicator['metric']} "
                                     f"{indicator['target']['value']}{indicator['target']['unit']}")
                continue
            unmatched.remove(found)
            score.matched += 1
            gold_actual = indicator["actual"]
            gold_base = _base(gold_actual["value"], gold_actual["unit"]) if gold_actual else None
            ours = _base(found.actual.value, found.actual.unit) if found.actual else None
            if _same_value(gold_base, ours):
                score.actual_right += 1
            else:
                score.details.append(f"{task_id}: actual for {indicator['metric']}: gold "
                                     f"{gold_actual and (gold_actual['value'], gold_actual['unit'])} "
                                     f"ours {found.actual and (found.actual.value, found.actual.unit)}")
        for extra in unmatched:
            score.details.append(f"{task_id}: extra target {extra.metric} {extra.target.value}{extra.target.unit}")
        if gold["status"] == task.status:
            score.status_right += 1
        else:
            score.details.append(f"{task_id}: status gold {gold['status']} ours {task.status} "
                                 f"({'; '.join(f'{i.metric}:{i.status}' for i in task.indicators)})")
        score.lagging_gold += gold["status"] == "lagging"
        score.lagging_predicted += task.status == "lagging"
        score.lagging_both += gold["status"] == "lagging" and task.status == "lagging"
        score.lagging_as_completed += gold["status"] == "lagging" and task.status == "completed"
    return score


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--details", action="store_true", help="list every disagreement")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = parser.parse_args()
    results = {}
    other = Score()
    for name, table, labels in TABLES:
        score = score_table(table, labels)
        results[name] = score.figures()
        if name != "sample 1-80":
            other.add(score)
        if args.details:
            for line in score.details:
                print(f"  [{name}] {line}")
    results["layouts together"] = other.figures()
    if args.json:
        print(json.dumps(results, ensure_ascii=False, indent=2))
        return
    columns = list(next(iter(results.values())))
    print(f"{'table':20}" + "".join(f"{c.replace('_', ' '):>22}" for c in columns))
    for name, figures in results.items():
        print(f"{name:20}" + "".join(f"{figures[c]:>22}" for c in columns))


if __name__ == "__main__":
    main()
