"""Data-safety loop (issue 20, campaign 5), on the real engine: a service with a named and an anonymous
volume gets a marker file in each; then, cycle after cycle, its config changes (an environment value)
and ``up -d`` recreates it. Every cycle the container must really be new (another id) and both markers
must still be there: v2 keeps the anonymous volume of a recreated container too (it is handed over to
the new one). 10 cycles in CI, 100 in a full run.

The handed-over volume is mounted by name, so on engine 20.10 (no ``com.docker.volume.anonymous``
label) neither ``down -v`` nor ``docker rm -v`` removes it afterwards, with pycompose as with v2
(checked side by side); the test removes it itself."""

from __future__ import annotations

import contextlib

import docker
import pytest
from reliability_figures import Campaigns, examples

pytestmark = [pytest.mark.engine, pytest.mark.reliability("data-safety")]

CYCLES = examples(10, 100)

COMPOSE = """\
services:
  keeper:
    image: pycompose/busybox:latest
    init: true
    command: ["sleep", "3600"]
    environment:
      CYCLE: "{cycle}"
    volumes:
      - named:/named
      - /anon
volumes:
  named: {{}}
"""


def _markers(stack: object, cycle: int) -> str:
    container = stack.container("keeper-1")  # type: ignore[attr-defined]
    code, out = container.exec_run(["sh", "-c", "cat /named/marker /anon/marker"])
    assert code == 0, f"cycle {cycle}: a marker is gone: {out.decode(errors='replace')}"
    return str(out.decode())


def test_both_volumes_survive_every_recreate(stack: object, campaigns: Campaigns) -> None:
    campaign = campaigns("data-safety")
    stack.write(COMPOSE.format(cycle=0))  # type: ignore[attr-defined]
    stack.run("up", "-d")  # type: ignore[attr-defined]
    first = stack.container("keeper-1")  # type: ignore[attr-defined]
    code, out = first.exec_run(["sh", "-c", "echo named-data > /named/marker && echo anon-data > /anon/marker"])
    assert code == 0, out
    anonymous = {m["Destination"]: m["Name"] for m in first.attrs["Mounts"]}["/anon"]
    try:
        _cycles(stack, campaign, first.id, anonymous)
        stack.run("down", "-v")  # type: ignore[attr-defined]
        assert stack.containers() == []  # type: ignore[attr-defined]
    finally:
        stack.cleanup()  # type: ignore[attr-defined]
        with contextlib.suppress(docker.errors.NotFound):
            stack.client.volumes.get(anonymous).remove(force=True)  # type: ignore[attr-defined]


def _cycles(stack: object, campaign: object, first: str, anonymous: str) -> None:
    seen = {first}
    for cycle in range(1, CYCLES + 1):
        stack.write(COMPOSE.format(cycle=cycle))  # type: ignore[attr-defined]
        stack.run("up", "-d")  # type: ignore[attr-defined]
        container = stack.container("keeper-1")  # type: ignore[attr-defined]
        assert container.id not in seen, f"cycle {cycle}: up -d did not recreate the container"
        seen.add(container.id)
        assert container.attrs["Config"]["Env"].count(f"CYCLE={cycle}") == 1
        assert container.status == "running"
        mounts = {m["Destination"]: m for m in container.attrs["Mounts"]}
        assert mounts["/anon"]["Name"] == anonymous, f"cycle {cycle}: a new anonymous volume"
        assert mounts["/named"]["Name"] == f"{stack.name}_named"  # type: ignore[attr-defined]
        assert _markers(stack, cycle) == "named-data\nanon-data\n"
        campaign.cases += 1  # type: ignore[attr-defined]
        # the replaced container is gone, not left behind stopped
        assert [c.id for c in stack.containers()] == [container.id]  # type: ignore[attr-defined]
    assert len(seen) == CYCLES + 1
