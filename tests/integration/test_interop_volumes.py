"""Sharing a project with Docker Compose v2, both ways, with data in its volumes: no prompt, no recreate.

v2 compares the config hash on each volume with its own (pkg/compose/create.go) and, when they
differ, asks "Volume ... exists but doesn't match configuration ... Recreate (data will be
lost)?"; a CI script answering ``-y`` loses the data. So the hashes pycompose writes on
volumes (a plain one, one with driver options and labels) and networks (one with IPAM) must
be v2's: up with one tool, up with the other, nothing recreated, data intact; then a changed
environment variable recreates exactly that service, with either tool.
"""

from __future__ import annotations

import pytest
from stack_support import Stack

pytestmark = pytest.mark.oracle

STACK = """
services:
  db:
    image: pycompose/busybox:latest
    init: true
    command: ["sh", "-c", "exec sleep 300"]
    environment: {LEVEL: "LEVEL_VALUE"}
    volumes: [data:/data, tuned:/tuned]
    networks: [default, fixed]
    stop_grace_period: 1s
  app:
    image: pycompose/busybox:latest
    init: true
    command: ["sh", "-c", "exec sleep 300"]
    volumes: [data:/data]
    stop_grace_period: 1s
volumes:
  data: {}
  tuned:
    driver: local
    driver_opts: {type: tmpfs, device: tmpfs, o: "size=8m"}
    labels: {team: storage, tier: "2"}
networks:
  fixed:
    ipam:
      config: [{subnet: 172.31.250.0/24}]
"""


def _write(stack: Stack, level: str) -> None:
    stack.write(STACK.replace("LEVEL_VALUE", level))


def _volume_ids(stack: Stack) -> dict[str, str]:
    """Name -> the config hash on it (a tmpfs volume's CreatedAt moves at every mount, so that is
    no identity; a recreated volume would lose the data the test checks)."""
    label = {"label": f"com.docker.compose.project={stack.name}"}
    return {v.name: v.attrs["Labels"]["com.docker.compose.config-hash"]
            for v in stack.client.volumes.list(filters=label)}


def _network_ids(stack: Stack) -> dict[str, str]:
    label = {"label": f"com.docker.compose.project={stack.name}"}
    return {n.name: n.id for n in stack.client.networks.list(filters=label)}


def _data(stack: Stack) -> str:
    return stack.run("exec", "-T", "app", "cat", "/data/keep").stdout.strip()


@pytest.mark.parametrize(("first", "second"), [("pycompose", "oracle"), ("oracle", "pycompose")])
def test_the_other_tool_keeps_volumes_networks_and_data(stack: Stack, first: str, second: str) -> None:
    _write(stack, "low")
    stack.run("up", "-d", tool=first)
    stack.run("exec", "-T", "db", "sh", "-c", "echo precious > /data/keep", tool=first)
    containers, volumes, networks = stack.ids(), _volume_ids(stack), _network_ids(stack)
    assert len(volumes) == 2 and len(networks) == 2

    # the other tool, non-interactive and without -y: a prompt would fail it; nothing is recreated
    again = stack.run("up", "-d", tool=second)
    said = again.stdout + again.stderr  # v2 asks its question on stdout (and takes "no" without a terminal)
    assert "Recreate" not in said and "doesn't match" not in said, said
    assert " Volume " not in said and " Network " not in said, said
    assert stack.ids() == containers
    assert _volume_ids(stack) == volumes and _network_ids(stack) == networks
    assert _data(stack) == "precious"

    # a changed variable: both tools replace exactly that service
    _write(stack, "high")
    stack.run("up", "-d", tool=second)
    after = stack.ids()
    assert after[f"{stack.name}-db-1"] != containers[f"{stack.name}-db-1"]
    assert after[f"{stack.name}-app-1"] == containers[f"{stack.name}-app-1"]
    back = stack.run("up", "-d", tool=first)
    assert "Recreate" not in back.stdout + back.stderr and "doesn't match" not in back.stdout + back.stderr
    assert stack.ids() == after, "the first tool must agree that nothing is left to change"
    assert _volume_ids(stack) == volumes and _network_ids(stack) == networks
    assert _data(stack) == "precious"
    stack.run("down", "-v", "-t", "1", tool=first)
