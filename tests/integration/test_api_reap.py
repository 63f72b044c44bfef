"""reap on the real engine: the stack of a dead run goes, the stack of a live run stays."""

from __future__ import annotations

import dataclasses
import json
import subprocess
import sys
import textwrap
import time
from collections.abc import Iterator
from pathlib import Path

import docker
import pytest
from api_support import left, remove

from compose.api import AsyncStack, RunOwner, Stack, load_async

COMPOSE = """
services:
  app:
    image: pycompose/busybox:latest
    init: true
    command: ["sleep", "600"]
    volumes: [data:/data]
volumes:
  data: {}
"""


@pytest.fixture
def names(project_name: str, docker_client: docker.DockerClient) -> Iterator[tuple[str, str]]:
    pair = (project_name + "-dead", project_name + "-live")
    yield pair
    remove(docker_client, project_name)


def _stack(directory: Path, name: str, owner: RunOwner) -> Stack:
    path = directory / "compose.yaml"
    path.write_text(textwrap.dedent(COMPOSE))
    loaded = load_async(path, project_name=name)
    return Stack(AsyncStack(loaded.project, owner=owner))


def _dead_owner() -> RunOwner:
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    return dataclasses.replace(RunOwner.current("deadrun", started=time.time() - 7200), pid=child.pid)


def _pycompose(*args: str) -> str:
    done = subprocess.run([sys.executable, "-m", "compose", *args], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_reap_removes_a_stale_stack_and_leaves_a_live_one(tmp_path: Path, base_image: str,
                                                          names: tuple[str, str],
                                                          docker_client: docker.DockerClient) -> None:
    dead_name, live_name = names
    (tmp_path / "d").mkdir()
    (tmp_path / "l").mkdir()
    dead = _stack(tmp_path / "d", dead_name, _dead_owner())
    live = _stack(tmp_path / "l", live_name, RunOwner.current("liverun"))  # owned by this test process
    dead.up(wait=False)
    live.up(wait=False)

    listed = json.loads(_pycompose("ls", "--stale", "--format", "json"))
    stale = {row["Name"]: row for row in listed}
    assert dead_name in stale and live_name not in stale
    assert stale[dead_name]["RunID"] == "deadrun" and stale[dead_name]["Liveness"] == "dead"

    assert _pycompose("reap", "--older-than", "3h", "-q").split() == []  # started 2 h ago: too young
    removed = _pycompose("reap", "--older-than", "30m", "-q").split()
    assert dead_name in removed and live_name not in removed
    assert left(docker_client, dead_name) == []
    assert len(left(docker_client, live_name)) == 3  # its container, network and volume
    live.down()
    assert left(docker_client, live_name) == []
