"""Our judgement against the office's own verdict column (read by `readers.office_verdict`)."""

from __future__ import annotations

from ..core.model import Task


def disagrees(task: Task) -> bool:
    """True when our judgement of an assessed task contradicts the office's own verdict: it says
    on schedule (or done) and we find the task lagging, or it says behind and we find it on
    schedule or done. Unknown and qualitative tasks contradict nothing."""
    if task.verdict is None or task.verdict.meaning == "unknown":
        return False
    if task.status == "lagging":
        return task.verdict.meaning in ("on_track", "completed")
    if task.status in ("on_track", "completed"):
        return task.verdict.meaning == "lagging"
    return False
