"""Interop with Docker Compose v2 (the oracle binary) both ways: ps, logs, up, down on each other's stacks."""

from __future__ import annotations

import json

import pytest
from stack_support import Stack

pytestmark = pytest.mark.oracle

STACK = """
services:
  db:
    image: pycompose/busybox:latest
    init: true
    command: ["sh", "-c", "echo db ready; exec sleep 300"]
    volumes: [data:/data]
  app:
    image: pycompose/busybox:latest
    init: true
    command: ["sh", "-c", "echo app ready; exec sleep 300"]
    depends_on: [db]
    scale: 2
    networks: [default, extra]
volumes:
  data: {}
networks:
  extra: {}
"""


def test_pycompose_reads_and_tears_down_a_v2_stack(stack: Stack) -> None:
    stack.write(STACK)
    stack.run("up", "-d", tool="oracle")
    before = stack.ids()
    assert sorted(before) == [f"{stack.name}-app-1", f"{stack.name}-app-2", f"{stack.name}-db-1"]

    rows = stack.ps_json()
    assert [(r["Name"], r["Service"], r["State"]) for r in rows] == [
        (f"{stack.name}-app-1", "app", "running"), (f"{stack.name}-app-2", "app", "running"),
        (f"{stack.name}-db-1", "db", "running")]

    # Our config hash is v2's: its containers are up to date for us (no recreation, no duplicates, no warning)
    ours = stack.run("config", "--hash", "*").stdout.split()
    hashes = dict(zip(ours[::2], ours[1::2], strict=True))
    for container in stack.containers():
        labels = container.labels
        assert labels["com.docker.compose.config-hash"] == hashes[labels["com.docker.compose.service"]]
    again = stack.run("up", "-d")
    assert stack.ids() == before
    assert "another tool" not in again.stderr
    assert "Creat" not in again.stderr

    # and a change is seen as a change: only the changed service is replaced
    stack.write(STACK.replace("echo db ready;", "echo db ready again;"))
    changed = stack.run("up", "-d")
    after = stack.ids()
    assert after[f"{stack.name}-db-1"] != before[f"{stack.name}-db-1"], changed.stderr
    assert {k: v for k, v in after.items() if "-app-" in k} == {k: v for k, v in before.items() if "-app-" in k}

    stack.run("down", "-v", "-t", "1")
    assert stack.containers() == []
    label = {"label": f"com.docker.compose.project={stack.name}"}
    assert stack.client.networks.list(filters=label) == []
    assert stack.client.volumes.list(filters=label) == []


def test_v2_reads_and_tears_down_a_pycompose_stack(stack: Stack) -> None:
    stack.write(STACK)
    stack.run("up", "-d")
    ps = stack.run("ps", "--format", "json", tool="oracle").stdout
    rows = [json.loads(line) for line in ps.splitlines() if line.strip()]
    assert sorted((r["Name"], r["Service"], r["State"]) for r in rows) == [
        (f"{stack.name}-app-1", "app", "running"), (f"{stack.name}-app-2", "app", "running"),
        (f"{stack.name}-db-1", "db", "running")]
    logs = stack.run("logs", "--no-color", "db", tool="oracle").stdout
    assert "db ready" in logs
    # v2 finds its own config hashes on our containers and networks: its up keeps them all
    before = stack.ids()
    label = {"label": f"com.docker.compose.project={stack.name}"}
    networks = sorted(n.id for n in stack.client.networks.list(filters=label))
    again = stack.run("up", "-d", tool="oracle")
    assert stack.ids() == before, again.stderr
    assert sorted(n.id for n in stack.client.networks.list(filters=label)) == networks, again.stderr
    assert "Recreate" not in again.stderr
    down = stack.run("down", "-v", "-t", "1", tool="oracle")
    assert "Removed" in down.stderr
    assert stack.containers() == []
    label = {"label": f"com.docker.compose.project={stack.name}"}
    assert stack.client.networks.list(filters=label) == []
    assert stack.client.volumes.list(filters=label) == []
