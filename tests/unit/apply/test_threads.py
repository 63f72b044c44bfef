"""compose.apply._threads: streams read in worker threads that never wait on the event loop."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Iterator

import anyio
import pytest

from compose.apply._threads import drain, to_loop


def test_drain_handles_every_item_in_order_on_the_loop_thread() -> None:
    seen: list[tuple[int, int]] = []

    async def main() -> int:
        await drain(iter(range(5)), lambda i: seen.append((i, threading.get_ident())),
                    limiter=anyio.CapacityLimiter(1))
        return threading.get_ident()

    loop_thread = anyio.run(main)
    assert seen == [(i, loop_thread) for i in range(5)]


def test_a_read_that_ends_after_the_loop_stopped_leaves_no_thread_behind() -> None:
    """The watch of ``up --wait`` was closed while its reader held an event: the reader handed
    it to a loop that had stopped (not yet closed), waited for ever, and the process hung at exit."""
    release = threading.Event()

    def stream() -> Iterator[str]:
        release.wait(10)  # a read in flight when the run is cancelled; close() would end it
        yield "an event that arrives too late"

    handled: list[str] = []

    async def main() -> None:
        with anyio.move_on_after(0.2):
            await drain(stream(), handled.append, limiter=anyio.CapacityLimiter(1))

    before = set(threading.enumerate())
    loop = asyncio.new_event_loop()
    try:
        loop.run_until_complete(main())  # stopped, still open: call_soon_threadsafe is accepted, never run
        release.set()  # the owner closes the stream: the read returns
        workers = [t for t in threading.enumerate() if t not in before and not t.daemon]
        for t in workers:
            t.join(5)
        assert [t.name for t in workers if t.is_alive()] == []
    finally:
        release.set()
        loop.close()
    assert handled == []


def test_to_loop_runs_on_the_loop_and_refuses_once_cancelled() -> None:
    ran: list[int] = []
    outcome: list[str] = []
    release = threading.Event()

    def late() -> None:
        release.wait(5)
        try:
            to_loop(lambda: ran.append(0))
        except asyncio.CancelledError:  # the asyncio backend's cancellation
            outcome.append("cancelled")

    async def main() -> None:
        await anyio.to_thread.run_sync(lambda: to_loop(lambda: ran.append(threading.get_ident())))
        assert ran == [threading.get_ident()]
        scopes: list[anyio.CancelScope] = []

        async def host() -> None:
            with anyio.CancelScope() as scope:
                scopes.append(scope)
                await anyio.to_thread.run_sync(late)  # not abandoned: waits for late() to end

        async with anyio.create_task_group() as group:
            group.start_soon(host)
            await anyio.sleep(0.1)
            scopes[0].cancel()
            release.set()

    anyio.run(main)
    assert outcome == ["cancelled"]
    assert len(ran) == 1


@pytest.mark.parametrize("items", [[], ["one"]])
def test_drain_of_short_streams(items: list[str]) -> None:
    handled: list[str] = []
    anyio.run(lambda: drain(iter(items), handled.append, limiter=anyio.CapacityLimiter(1)))
    assert handled == items
