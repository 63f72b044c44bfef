"""What a container's status text (``Up 3 minutes (healthy)``, ``Exited (1) 2 seconds ago``) says
beyond its state: its health and its exit code. Standard library only: the no-op memo reads
these from raw engine answers (compose/engine/snapshot.py), the planner from ObservedContainer."""

from __future__ import annotations

import re

_HEALTH = re.compile(r"\((healthy|unhealthy|health: starting)\)")
_EXITED = re.compile(r"Exited \((-?\d+)\)")
RUNNING_STATES = ("running", "restarting", "paused")


def health(state: str, status: str) -> str:
    """healthy, unhealthy, starting, or "" when the container has no healthcheck (or is not running)."""
    match = _HEALTH.search(status)
    if not match or state not in RUNNING_STATES:
        return ""
    return "starting" if match.group(1) == "health: starting" else match.group(1)


def exit_code(status: str) -> int:
    """The exit code of an exited container, 0 otherwise."""
    match = _EXITED.match(status)
    return int(match.group(1)) if match else 0
