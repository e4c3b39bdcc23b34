"""Accuracy of the assessment against hand labels.

    python -m benchmarks.accuracy            # sample 1-80, the layouts, each real table, pooled
    python -m benchmarks.accuracy --details  # also list every disagreement
    python -m benchmarks.accuracy --json     # the figures as JSON

Labelled tables: tasks 1-80 of the sample (`tests/data/gold/dev-labels.jsonl`), the built layouts
in `tests/data/layouts/` and the published tables from other places in `tests/data/real/` (each
read with the period in its `.period` file, as the labels were made). A table the reader refuses
counts every labelled task as missed (targets not found, status wrong), so the pooled figures say
what a user of those tables would get.

Printed per table and pooled: target recall and precision (targets matched by value after unit
normalisation), actual accuracy (of matched targets, the actual figure — or its absence — agrees),
task-status accuracy, precision and recall of `lagging`, and lagging tasks reported as completed
(which must be zero). Then calibration, per group: of the tasks judged wrongly, the share marked
`review` (wrong→rev); of the tasks marked `certain`, the share judged rightly (cert ok); and the
share of all tasks marked `review` (review). A refused table's tasks count as wrong and `certain`
(nothing told the user to look).

    python -m benchmarks.accuracy --folder DIR   # any folder of labelled tables (X.labels.jsonl
                                                 # beside X.tsv/.csv/.xlsx/.xls/.docx/.html)
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
from yiwu_reports.core.errors import ReportError  # noqa: E402

DATA = ROOT / "tests" / "data"
SAMPLE = ("sample 1-80", ROOT / "samples" / "yiwu-2023-q3-progress.txt",
          DATA / "gold" / "dev-labels.jsonl")
_TABLE_SUFFIXES = (".tsv", ".txt", ".csv", ".xlsx", ".xls", ".docx", ".html")


def _labelled(folder: Path) -> list[tuple[str, Path, Path]]:
    """(name, table, labels) for every `X.labels.jsonl` in `folder` beside its table `X.*`."""
    found = []
    for labels in sorted(folder.glob("*.labels.jsonl")):
        stem = labels.name[:-len(".labels.jsonl")]
        tables = [folder / f"{stem}{suffix}" for suffix in _TABLE_SUFFIXES
                  if (folder / f"{stem}{suffix}").exists()]
        if tables:
            found.append((stem, tables[0], labels))
    return found


LAYOUTS = _labelled(DATA / "layouts")
REAL = _labelled(DATA / "real")
TABLES = [SAMPLE, *LAYOUTS]
"""The sample's dev labels and the layouts: tables on which the assessment is near exact."""


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
    refused: int = 0
    wrong: int = 0
    wrong_review: int = 0
    certain: int = 0
    certain_right: int = 0
    review: int = 0
    details: list[str] = field(default_factory=list)

    def add(self, other: Score) -> None:
        for name in ("gold_targets", "predicted_targets", "matched", "actual_right", "tasks",
                     "status_right", "lagging_gold", "lagging_predicted", "lagging_both",
                     "lagging_as_completed", "refused", "wrong", "wrong_review", "certain",
                     "certain_right", "review"):
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
                "lagging_as_completed": self.lagging_as_completed,
                "tasks": self.tasks, "refused": self.refused,
                "wrong_marked_review": share(self.wrong_review, self.wrong),
                "certain_right": share(self.certain_right, self.certain),
                "review_share": share(self.review, self.tasks)}


def period_of(table: Path) -> str | None:
    """The period a table was labelled with (its `.period` file), or None to read it."""
    period_file = table.with_suffix(".period")
    return period_file.read_text(encoding="utf-8").strip() if period_file.exists() else None


def _read_labels(labels: Path) -> list[dict]:
    return [json.loads(line) for line in labels.read_text(encoding="utf-8").splitlines()
            if line.strip()]


def score_table(table: Path, labels: Path, ids: set[str] | None = None) -> Score:
    """The scores of the assessment of `table` against `labels` (only `ids` when given)."""
    gold_tasks = [gold for gold in _read_labels(labels) if ids is None or str(gold["id"]) in ids]
    score = Score()
    try:
        report = api.assess(api.load(table, period=period_of(table)))
    except ReportError as error:
        # Refused: every labelled task is missed, so the figures show what a user would get.
        score.refused = 1
        score.details.append(f"refused: {error}")
        for gold in gold_tasks:
            score.tasks += 1
            score.gold_targets += len(gold["indicators"])
            score.lagging_gold += gold["status"] == "lagging"
            score.wrong += 1
            score.certain += 1
        return score
    tasks = {task.id: task for task in report.tasks}
    for gold in gold_tasks:
        task_id = str(gold["id"])
        score.tasks += 1
        score.gold_targets += len(gold["indicators"])
        score.lagging_gold += gold["status"] == "lagging"
        task = tasks.get(task_id)
        if task is None:
            score.details.append(f"{task_id}: no such task in what was read")
            score.wrong += 1
            score.certain += 1
            continue
        right = gold["status"] == task.status
        score.wrong += not right
        score.wrong_review += not right and task.confidence == "review"
        score.certain += task.confidence == "certain"
        score.certain_right += right and task.confidence == "certain"
        score.review += task.confidence == "review"
        predicted = list(task.indicators)
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
                                 f"[{task.confidence}{': ' + task.confidence_reason if task.confidence_reason else ''}] "
                                 f"({'; '.join(f'{i.metric}:{i.status}' for i in task.indicators)})")
        score.lagging_predicted += task.status == "lagging"
        score.lagging_both += gold["status"] == "lagging" and task.status == "lagging"
        score.lagging_as_completed += gold["status"] == "lagging" and task.status == "completed"
    return score


def measure(details: list[str] | None = None, folder: Path | None = None
            ) -> dict[str, dict[str, float]]:
    """Figures per table, for the layouts together and for the real tables pooled (or for the
    tables of `folder`, pooled)."""
    results: dict[str, dict[str, float]] = {}
    groups = [("", [SAMPLE]), ("layouts together", LAYOUTS), ("real pooled", REAL)] \
        if folder is None else [(f"{folder.name} pooled", _labelled(folder))]
    for pooled_name, tables in groups:
        pooled = Score()
        for name, table, labels in tables:
            score = score_table(table, labels)
            results[name] = score.figures()
            pooled.add(score)
            if details is not None:
                details.extend(f"[{name}] {line}" for line in score.details)
        if pooled_name:
            results[pooled_name] = pooled.figures()
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--details", action="store_true", help="list every disagreement")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    parser.add_argument("--folder", type=Path, help="score the labelled tables of this folder")
    args = parser.parse_args()
    details: list[str] = []
    results = measure(details, args.folder)
    if args.json:
        print(json.dumps(results, ensure_ascii=False, indent=2))
        return
    if args.details:
        for line in details:
            print(f"  {line}")
    columns = [c for c in next(iter(results.values())) if c != "refused"]
    short = {"target_recall": "tgt rec", "target_precision": "tgt prec",
             "actual_accuracy": "actual", "status_accuracy": "status",
             "lagging_recall": "lag rec", "lagging_precision": "lag prec",
             "lagging_as_completed": "lag→done", "tasks": "tasks",
             "wrong_marked_review": "wrong→rev", "certain_right": "cert ok",
             "review_share": "review"}
    print(f"{'table':26}" + "".join(f"{short[c]:>10}" for c in columns))
    for name, figures in results.items():
        mark = " (refused)" if figures.get("refused") and "pooled" not in name and \
            name != "layouts together" else ""
        print(f"{(name + mark)[:26]:26}" + "".join(f"{figures[c]:>10}" for c in columns))


if __name__ == "__main__":
    main()
