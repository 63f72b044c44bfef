"""A failed plan, in words: which operation failed, why, and what was skipped because of it."""

from __future__ import annotations

from compose.apply.events import Status
from compose.apply.executor import Outcome


def failure_lines(outcome: Outcome) -> list[str]:
    """One line per failed node (``Error response from daemon``-style), then a count of skipped ones."""
    lines = []
    for node, message in outcome.errors:
        what = node.op.label
        lines.append(f"Error: {node.op.kind.title} {what}: {message}")
    skipped = sum(1 for r in outcome.results.values() if r.status is Status.SKIPPED)
    if skipped:
        lines.append(f"{skipped} operation{'s' if skipped != 1 else ''} skipped because an operation "
                     "they depend on failed")
    return lines
