"""examples/ci-stack's own test suite, through the pytest plugin, twice at the same time.

This is how CI runs the example (tests/ collects this file): both sessions must pass, each
with its own stack (project names unique per run, dynamic host ports), and leave nothing.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import docker
import pytest
from api_support import left, remove

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "ci-stack"


@pytest.fixture
def prefix(docker_client: docker.DockerClient) -> Iterator[str]:
    """The project-name prefix of a case's sessions; whatever they leave (a killed session) is removed."""
    value = f"pyct{uuid.uuid4().hex[:6]}"
    yield value
    remove(docker_client, value)


def projects(client: docker.DockerClient, prefix: str) -> set[str]:
    """Projects starting with ``prefix`` that have a running container (one list call: no race with removals)."""
    found = (c.get("Labels") or {} for c in client.api.containers(filters={"label": "com.docker.compose.project"}))
    return {p for labels in found if (p := labels.get("com.docker.compose.project", "")).startswith(prefix)}


def test_two_sessions_of_the_example_suite_at_once(base_image: str, prefix: str,
                                                   docker_client: docker.DockerClient) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("COMPOSE_", "PYTEST_"))}
    argv = [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "-o", f"compose_project_prefix={prefix}"]
    sessions = [subprocess.Popen(argv, cwd=EXAMPLE, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                                 text=True) for _ in range(2)]
    seen_together = 0
    try:
        while any(p.poll() is None for p in sessions):
            seen_together = max(seen_together, len(projects(docker_client, prefix)))
            time.sleep(0.3)
        outputs = [p.communicate(timeout=30)[0] for p in sessions]
    finally:
        for p in sessions:
            if p.poll() is None:
                p.kill()
    for output, process in zip(outputs, sessions, strict=True):
        assert process.returncode == 0, output
        assert re.search(r"\b8 passed\b", output), output
    run_ids = {m.group(1) for out in outputs for m in re.finditer(r"pycompose: run id (\w+)", out)}
    assert len(run_ids) == 2
    assert seen_together == 2  # both stacks were up at the same time, under different names
    assert left(docker_client, prefix) == []


def test_the_example_suite_under_xdist_gets_a_stack_per_worker(base_image: str, prefix: str,
                                                              docker_client: docker.DockerClient) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("COMPOSE_", "PYTEST_"))}
    argv = [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "-n", "2", "-o",
            f"compose_project_prefix={prefix}"]
    process = subprocess.Popen(argv, cwd=EXAMPLE, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    seen: set[str] = set()
    try:
        while process.poll() is None:
            seen |= projects(docker_client, prefix)
            time.sleep(0.3)
        output = process.communicate(timeout=30)[0]
    finally:
        if process.poll() is None:
            process.kill()
    assert process.returncode == 0, output
    assert re.search(r"\b8 passed\b", output), output
    match = re.search(r"pycompose: run id (\w+)", output)
    assert match, output
    run_id = match.group(1)
    assert seen == {f"{prefix}-{run_id}-gw0-stack", f"{prefix}-{run_id}-gw1-stack"}
    assert left(docker_client, prefix) == []
