"""Run: one whole run for the CLI, the API and a scheduler: inputs, period, settings, the lock,
the manifest and its fingerprint, and every output read back (`--check`). It reaches the
renderers only through their registry.
"""

from __future__ import annotations

from .output_check import check_outputs
from .runner import FormatFailure, RunResult, run

__all__ = ["FormatFailure", "RunResult", "check_outputs", "run"]
