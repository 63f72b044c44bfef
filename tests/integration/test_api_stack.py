"""The Python API on the real engine: running() tears down whatever happens, a one-shot job that exits 0
does not fail the wait, a failed wait explains itself (health output, logs), and the verbs work."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import anyio
import docker
import pytest
from api_support import labels_of, left, remove, running_count

import compose
from compose import StackError

BASE = "pycompose/busybox:latest"

GOOD = f"""
services:
  init:
    image: {BASE}
    command: ["sh", "-c", "echo seeding; echo seeded > /data/seed"]
    volumes: [data:/data]
  web:
    image: {BASE}
    init: true
    command: ["sh", "-c", "mkdir -p /www && cp /data/seed /www/index.html && exec httpd -f -p 80 -h /www"]
    ports: ["127.0.0.1::80"]
    volumes: [data:/data]
    depends_on:
      init: {{condition: service_completed_successfully}}
    healthcheck:
      test: ["CMD", "wget", "-q", "-O", "/dev/null", "http://127.0.0.1/"]
      interval: 1s
      retries: 10
  report:
    # a one-shot job nothing depends on: Docker Compose v2's up --wait fails on it ("exited (0)")
    image: {BASE}
    command: ["echo", "report done"]
volumes:
  data: {{}}
"""

BAD = f"""
services:
  crash:
    image: {BASE}
    command: ["sh", "-c", "echo boom-before-exit; exit 3"]
  sick:
    image: {BASE}
    init: true
    command: ["sh", "-c", "echo sick-service-started; exec sleep 600"]
    healthcheck:
      test: ["CMD-SHELL", "echo probe-says-no; exit 1"]
      interval: 1s
      retries: 1
  fine:
    image: {BASE}
    init: true
    command: ["sleep", "600"]
volumes:
  scratch: {{}}
networks:
  extra: {{}}
"""


@pytest.fixture
def files(tmp_path: Path, base_image: str) -> Path:
    return tmp_path


@pytest.fixture
def cleanup(docker_client: docker.DockerClient, project_name: str) -> Iterator[None]:
    """Whatever the test did, nothing of its project survives it."""
    yield
    remove(docker_client, project_name)


def write(directory: Path, text: str) -> Path:
    path = directory / "compose.yaml"
    path.write_text(textwrap.dedent(text))
    return path


def test_running_serves_then_tears_down_after_an_exception(files: Path, project_name: str, cleanup: None,
                                                            docker_client: docker.DockerClient) -> None:
    events: list[compose.Event] = []
    stack = compose.load_project(write(files, GOOD), project_name=project_name, on_event=events.append)
    with pytest.raises(RuntimeError, match="the test failed"), stack.running(wait=True, timeout=60):
        # the one-shot jobs exited 0 (one a dependency, one not): the wait did not count them as failures
        states = {c.service: (c.state, c.exit_code, c.health) for c in stack.ps()}
        assert states == {"init": ("exited", 0, ""), "report": ("exited", 0, ""), "web": ("running", None, "healthy")}
        host, port = stack.port("web", 80)
        assert host == "127.0.0.1" and port > 0
        with urllib.request.urlopen(stack.url("web", 80), timeout=5) as response:
            assert response.read() == b"seeded\n"
        assert stack.exec("web", "cat /www/index.html") == (0, "seeded\n")
        code, output = stack.exec("web", ["sh", "-c", "echo out; echo err >&2; exit 4"])
        assert code == 4 and sorted(output.split()) == ["err", "out"]
        assert stack.run("init", ["sh", "-c", "cat /data/seed; exit 5"], deps=False) == (5, "seeded\n")
        assert stack.logs("init") == "seeding\n"
        assert "init-1   | seeding" in stack.logs(tail=5)
        raise RuntimeError("the test failed")
    assert left(docker_client, project_name) == []
    assert any(e.text == "Healthy" for e in events)


def test_a_failed_wait_says_why_and_leaves_nothing(files: Path, project_name: str, cleanup: None,
                                                   docker_client: docker.DockerClient) -> None:
    stack = compose.load_project(write(files, BAD), project_name=project_name)
    with pytest.raises(StackError) as caught, stack.running(wait=True, timeout=60):
        pytest.fail("the block must not run when the stack did not come up")
    diagnostics = caught.value.diagnostics
    assert diagnostics is not None
    sick = diagnostics.container("sick")
    assert sick.failed and sick.health == "unhealthy"
    assert "probe-says-no" in sick.health_log
    assert "sick-service-started" in sick.logs
    crash = diagnostics.container("crash")
    assert crash.failed and (crash.state, crash.exit_code) == ("exited", 3)
    assert crash.logs == ("boom-before-exit",)
    assert not diagnostics.container("fine").failed
    text = str(caught.value)
    assert "probe-says-no" in text and "boom-before-exit" in text and "exited (3)" in text
    assert left(docker_client, project_name) == []


def test_keyboard_interrupt_in_the_block_tears_down(files: Path, project_name: str, cleanup: None,
                                                    docker_client: docker.DockerClient) -> None:
    stack = compose.load_project(write(files, GOOD), project_name=project_name)
    with pytest.raises(KeyboardInterrupt), stack.running(wait=False):
        assert left(docker_client, project_name)
        raise KeyboardInterrupt
    assert left(docker_client, project_name) == []


SLOW = f"""
services:
  never:
    image: {BASE}
    init: true
    command: ["sleep", "600"]
    healthcheck:
      test: ["CMD", "false"]
      interval: 30s
      start_period: 60s
  other:
    image: {BASE}
    init: true
    command: ["sleep", "600"]
volumes:
  data: {{}}
networks:
  n1: {{}}
  n2: {{}}
"""

SCRIPT = """
import sys
import compose
stack = compose.load_project(sys.argv[1], project_name=sys.argv[2])
print("starting", flush=True)
with stack.running(wait=True, timeout=120):
    print("never here", flush=True)
"""


def test_ctrl_c_while_waiting_tears_down(files: Path, project_name: str, cleanup: None,
                                         docker_client: docker.DockerClient) -> None:
    """A real SIGINT while ``up`` waits for a container that never gets healthy: the process ends
    with KeyboardInterrupt and takes every container, network and volume with it."""
    path = write(files, SLOW)
    process = subprocess.Popen([sys.executable, "-c", SCRIPT, str(path), project_name],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if running_count(docker_client, project_name) == 2:
                break
            time.sleep(0.2)
        else:
            pytest.fail("the stack never started")
        process.send_signal(signal.SIGINT)
        _, stderr = process.communicate(timeout=60)
    finally:
        if process.poll() is None:
            process.kill()
    assert process.returncode != 0
    assert "KeyboardInterrupt" in stderr
    assert "never here" not in stderr
    assert left(docker_client, project_name) == []


def test_the_async_variant(files: Path, project_name: str, cleanup: None,
                           docker_client: docker.DockerClient) -> None:
    stack = compose.load_async(write(files, GOOD), project_name=project_name)

    async def main() -> tuple[int, str]:
        async with stack.running(timeout=60):
            return await stack.exec("web", ["cat", "/www/index.html"])

    assert anyio.run(main) == (0, "seeded\n")
    assert left(docker_client, project_name) == []


def test_run_labels_mark_every_resource(files: Path, project_name: str, cleanup: None,
                                        docker_client: docker.DockerClient) -> None:
    stack = compose.load_project(write(files, GOOD), project_name=project_name, run_id="h7run")
    with stack.running(wait=False):
        resources = labels_of(docker_client, project_name)
        assert len(resources) >= 5  # 3 containers, a network, a volume
        for labels in resources:
            assert labels["io.pycompose.run.id"] == "h7run"
            assert labels["io.pycompose.run.pid"] == str(os.getpid())
