"""Following attached containers for ``up``: their output line by line, and how each one exits.

One task per container: its log stream is read in a worker thread until the
container stops (a followed log ends with the container), then its exit code is
read. Lines and exits go to callbacks on the event loop's thread; the caller
decides what an exit means (``--abort-on-container-exit`` ...). No printing here.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import anyio
import anyio.to_thread

from compose._record import record
from compose.apply._threads import drain
from compose.engine.port import Engine, LogLine, Stream
from compose.errors import EngineError

__all__ = ["Attached", "follow"]


@record
class Attached:
    """A container to follow; ``name`` is the prefix views print (``web-1``)."""

    id: str
    name: str
    service: str
    since: int | None = None
    """Only output after this unix time (a container that was already running), or everything."""


async def follow(
    engine: Engine,
    containers: Sequence[Attached],
    *,
    on_line: Callable[[Attached, LogLine], None],
    on_exit: Callable[[Attached, int], None],
    timestamps: bool = False,
) -> None:
    """Until every container has stopped (or the caller cancels); closes the streams it opened."""
    streams: list[Stream] = []
    threads = anyio.CapacityLimiter(max(1, 2 * len(containers)))

    async def one(c: Attached) -> None:
        try:
            stream = await anyio.to_thread.run_sync(
                lambda: engine.logs(c.id, follow=True, since=c.since, timestamps=timestamps),
                abandon_on_cancel=True, limiter=threads)
        except EngineError:
            stream = None
        if stream is not None:
            streams.append(stream)
            await drain(stream, lambda line: on_line(c, line), limiter=threads)
        try:
            code = await anyio.to_thread.run_sync(engine.wait_container, c.id, abandon_on_cancel=True,
                                                  limiter=threads)
        except EngineError:
            code = -1
        on_exit(c, code)

    try:
        async with anyio.create_task_group() as group:
            for c in containers:
                group.start_soon(one, c)
    finally:
        for stream in streams:
            stream.close()
