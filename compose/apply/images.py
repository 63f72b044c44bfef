"""The image operations of the executor: build and push, and the progress events of pulls and pushes.

A build streams its log: every line of a classic build, and every update
of a BuildKit build's trace, becomes a ``WORKING`` event of the service
(``Service web  Building``) whose ``detail`` is the line or the step that
runs (the TTY view shows the latest one), with the trace update as ``data``
(the plain view prints BuildKit's steps from it, the classic lines with the
service as prefix). Pulls and pushes report per layer: the image's own event carries
the messages about the whole image, and each layer (a 12-hex-digit id) gets
its own ``Layer <id>`` event with ``current``/``total`` bytes and a bar.
"""

from __future__ import annotations

import re
from collections.abc import Callable

import anyio
import anyio.to_thread

from compose.apply._threads import to_loop
from compose.apply.events import Event, Status
from compose.engine.port import BuildProgress, Engine, PullProgress
from compose.plan.ops import PlanNode

__all__ = ["BUILD_LOG", "build", "progress_event", "push"]

BUILD_LOG = "Building"
"""The ``text`` of the events that carry a line of build output in ``detail``."""

_LAYER = re.compile(r"[0-9a-f]{12}")
_DONE = frozenset({"Pull complete", "Already exists", "Pushed", "Layer already exists", "Mounted from"})

Emit = Callable[[Event], None]


async def build(engine: Engine, node: PlanNode, limiter: anyio.CapacityLimiter, emit: Emit) -> str:
    spec = node.op.args["spec"]

    def progress(item: BuildProgress) -> None:
        if isinstance(item, str):
            line, data = item, None
        else:  # a BuildKit trace update: its latest step as the line, the update for views that draw it
            names = [v.name for v in item.vertexes if v.started is not None or v.cached]
            line, data = (names[-1] if names else ""), item
        to_loop(
            emit, Event(node.op.resource, "Service", node.op.label, Status.WORKING, BUILD_LOG, line, data=data))

    return str(await anyio.to_thread.run_sync(lambda: engine.build_image(spec, progress=progress),
                                              limiter=limiter, abandon_on_cancel=True))


async def push(engine: Engine, node: PlanNode, limiter: anyio.CapacityLimiter, emit: Emit) -> str:
    ref = str(node.op.target)

    def progress(p: PullProgress) -> None:
        to_loop(emit, progress_event(node, "Pushing", p))

    return str(await anyio.to_thread.run_sync(lambda: engine.push_image(ref, progress=progress),
                                              limiter=limiter, abandon_on_cancel=True))


def progress_event(node: PlanNode, working: str, p: PullProgress) -> Event:
    """The event of one pull/push progress message: a layer's own, or the image's."""
    if _LAYER.fullmatch(p.layer):
        status = Status.DONE if p.status in _DONE or p.status.startswith("Mounted from") else Status.WORKING
        detail = bar(p.current, p.total) if p.total and status is Status.WORKING else ""
        return Event(f"{node.op.resource}#{p.layer}", "Layer", p.layer, status, p.status, detail,
                     p.current, p.total)
    return Event(node.op.resource, "Image", node.op.label, Status.WORKING, working, p.status, p.current, p.total)


def bar(current: int, total: int, width: int = 20) -> str:
    """``[=======>      ] 1.2MB/3.4MB``"""
    done = min(width, max(0, current * width // total)) if total else 0
    arrow = "=" * max(0, done - 1) + (">" if done else "")
    return f"[{arrow.ljust(width)}] {human(current)}/{human(total)}"


def human(size: int) -> str:
    """Decimal units as docker prints them: 512B, 1.2kB, 3.4MB, 1.1GB."""
    value = float(size)
    for unit in ("B", "kB", "MB", "GB"):
        if value < 1000 or unit == "GB":
            return f"{value:.0f}{unit}" if unit == "B" else f"{value:.3g}{unit}"
        value /= 1000
    return f"{value:.3g}GB"
