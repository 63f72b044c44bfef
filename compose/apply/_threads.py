"""Worker threads that never wait on the event loop.

A worker thread that calls into the loop (``anyio.from_thread.run_sync``) blocks
until the loop runs the call. If the run ends meanwhile (a cancelled ``up``, a
watch closed while an event was being handed over), the loop never does, and
the thread waits for ever; anyio's worker threads are not daemons, so the
process then hangs at exit, after all its work is done. Streams are therefore
read one item per worker-thread call and handled on the loop's side (``drain``);
callbacks an engine call makes from its thread go through ``to_loop``, which
gives up once the task that started the thread is cancelled.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any, TypeVar

import anyio
import anyio.from_thread
import anyio.to_thread

T = TypeVar("T")

__all__ = ["drain", "to_loop"]

_END: Any = object()


async def drain(items: Iterable[T], handle: Callable[[T], None], *, limiter: anyio.CapacityLimiter) -> None:
    """``handle`` each item of a blocking iterable, on the loop's thread, until it ends.

    Cancelling abandons the read in flight; its owner closes the stream, which ends that read.
    """
    iterator = iter(items)
    while True:
        item = await anyio.to_thread.run_sync(next, iterator, _END, abandon_on_cancel=True, limiter=limiter)
        if item is _END:
            return
        handle(item)


def to_loop(func: Callable[..., object], *args: Any) -> None:
    """From a worker thread: ``func(*args)`` on the loop's thread.

    Raises the backend's cancellation exception instead once the host task is cancelled
    (the engine call reporting progress is abandoned then, and stops).
    """
    anyio.from_thread.check_cancelled()
    anyio.from_thread.run_sync(func, *args)
