"""Waiting for containers to be healthy, completed or ready, driven by the engine's event stream.

One ``ContainerWatch`` opens one ``/events`` stream for a project's containers
(in a worker thread) and wakes whoever waits on a container when an event about
it arrives; the waiter then inspects the container and decides. The stream is
opened before the first inspect, so no state change can slip between the two.
There is no polling: without events, nothing is re-checked.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from types import TracebackType

import anyio
import anyio.abc
import anyio.to_thread

from compose.apply._threads import drain
from compose.engine.port import ContainerState, Engine, EngineEvent, Stream
from compose.errors import ApplyError
from compose.model.labels import PROJECT
from compose.plan.ops import WaitFor

__all__ = ["ContainerWatch", "check"]


def check(state: ContainerState, condition: WaitFor) -> bool | str:
    """True when ``condition`` holds, False while it may still come, or the reason it never will."""
    exited = state.status in ("exited", "dead")
    if condition is WaitFor.COMPLETED:
        if not exited:
            return False
        return True if state.exit_code == 0 else f"exited with code {state.exit_code}"
    if condition is WaitFor.HEALTHY:
        if exited or state.status == "removing":
            return f"exited with code {state.exit_code} before it was healthy"
        if state.health == "healthy":
            return True
        if state.health == "unhealthy":
            return "is unhealthy" + (f": {state.health_log}" if state.health_log else "")
        if not state.health and state.status == "running":
            return "has no healthcheck configured"
        return False
    # READY (up --wait): healthy if it has a healthcheck, else running; a clean exit counts as done.
    if exited:
        return True if state.exit_code == 0 else f"exited with code {state.exit_code}"
    if state.health == "unhealthy":
        return "is unhealthy" + (f": {state.health_log}" if state.health_log else "")
    return state.health == "healthy" or (not state.health and state.status == "running")


class ContainerWatch:
    """The project's container events, fanned out to waiters. Use as ``async with``."""

    def __init__(self, engine: Engine, project: str) -> None:
        self._engine = engine
        self._project = project
        self._stream: Stream | None = None
        self._opening = anyio.Lock()
        self._changed: dict[str, anyio.Event] = {}
        self._group: anyio.abc.TaskGroup | None = None
        self._pump_error: BaseException | None = None
        self._exits: dict[str, list[Callable[[], None]]] = {}

    async def __aenter__(self) -> ContainerWatch:
        self._group = anyio.create_task_group()
        await self._group.__aenter__()
        return self

    async def __aexit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> bool | None:
        if self._stream is not None:
            self._stream.close()
        assert self._group is not None
        self._group.cancel_scope.cancel()
        return await self._group.__aexit__(exc_type, exc, tb)

    async def open(self) -> None:
        """Open the event stream (once); every wait calls this before its first inspect."""
        async with self._opening:
            if self._stream is not None:
                return
            filters = {"type": ["container"], "label": [f"{PROJECT}={self._project}"]}
            self._stream = await anyio.to_thread.run_sync(lambda: self._engine.events(filters=filters))
            assert self._group is not None
            self._group.start_soon(self._pump, self._stream)

    async def _pump(self, stream: Stream) -> None:
        try:
            await drain(stream, self._dispatch, limiter=anyio.CapacityLimiter(1))
        except Exception as exc:  # the stream broke: wake every waiter so it re-checks and sees it
            self._pump_error = exc
        for changed in self._changed.values():
            changed.set()

    def on_exit(self, container: str, callback: Callable[[], None]) -> None:
        """Call ``callback`` (on the loop's thread) at the next ``die`` event of ``container``:
        its process has exited. Open the stream first, or the event may pass unseen."""
        self._exits.setdefault(container, []).append(callback)

    def _dispatch(self, event: EngineEvent) -> None:
        if event.action == "die":
            for callback in self._exits.pop(event.id, ()):
                callback()
        changed = self._changed.pop(event.id, None)
        if changed is not None:
            changed.set()

    async def wait(self, container: str, condition: WaitFor, *, timeout: float | None = None,
                   label: str = "") -> ContainerState:
        """Until ``condition`` holds for ``container``; ``ApplyError`` when it never will or on timeout."""
        await self.open()
        name = label or container[:12]
        with anyio.move_on_after(math.inf if timeout is None else timeout) as scope:
            while True:
                changed = self._changed.setdefault(container, anyio.Event())
                state = await anyio.to_thread.run_sync(self._engine.inspect_container, container)
                verdict = check(state, condition)
                if verdict is True:
                    return state
                if isinstance(verdict, str):
                    raise ApplyError(f"container {name} {verdict}", resource=container)
                if self._pump_error is not None:
                    raise ApplyError(f"lost the engine's event stream: {self._pump_error}", resource=container)
                await changed.wait()
        assert scope.cancelled_caught
        raise ApplyError(f"container {name} was not {condition.value} within {timeout:g}s", resource=container)
