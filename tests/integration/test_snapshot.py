"""engine/snapshot on the real engine: recorded answers, asked again, compare as the state does."""

from __future__ import annotations

import contextlib
import os

import docker
from stack_support import Stack

from compose._record import replace
from compose.engine import snapshot
from compose.engine.fast import engine_for
from compose.engine.observe import Query, observe_query
from compose.engine.reads import transport_for
from compose.plan.observed import ObservedState

STACK = """
services:
  a:
    image: pycompose/busybox:latest
    init: true
    command: ["sleep", "3600"]
    networks: [default, outside]
    volumes: [data:/data]
networks:
  outside: {external: true, name: pyct_snapshot_outside}
volumes:
  data: {}
"""


def _timeless(state: ObservedState) -> ObservedState:
    """The state without its status texts ("Up 2 seconds" becomes "Up 3 seconds" between two looks)."""
    return replace(state, containers=tuple(replace(c, status="") for c in state.containers))


def test_answers_asked_again_compare_equal_until_the_state_changes(stack: Stack) -> None:
    with contextlib.suppress(docker.errors.NotFound):  # left by an interrupted run
        stack.client.networks.get("pyct_snapshot_outside").remove()
    stack.client.networks.create("pyct_snapshot_outside")
    try:
        stack.write(STACK)
        stack.run("up", "-d")
        query = Query(stack.name, (f"{stack.name}_default", "pyct_snapshot_outside"), (f"{stack.name}_data",),
                      ("pycompose/busybox:latest", "pycompose/not-here:1"))
        transport = transport_for(os.environ)
        assert transport is not None and transport.socket_path is not None
        transport.negotiate()
        state, answers = snapshot.record(transport, query)
        assert _timeless(state) == _timeless(observe_query(engine_for(os.environ), query))
        assert state.named_networks["pyct_snapshot_outside"] is not None  # looked up by name
        assert state.images["pycompose/not-here:1"] is None  # a 404, recorded as an answer
        urls = [url for url, _, _ in answers]
        again = snapshot.ask(transport.socket_path, urls).answers()
        assert snapshot.canonical(again) == snapshot.canonical(answers)
        stack.container("a-1").stop(timeout=1)
        changed = snapshot.ask(transport.socket_path, urls).answers()
        assert snapshot.canonical(changed) != snapshot.canonical(answers)
    finally:
        stack.cleanup()
        stack.client.networks.get("pyct_snapshot_outside").remove()
