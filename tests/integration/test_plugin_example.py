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


def session(argv: list[str], log: Path, env: dict[str, str]) -> subprocess.Popen[bytes]:
    """A pytest session of the example writing to ``log`` (a file, not a pipe nobody reads while it runs:
    a failing session's report can outgrow a pipe's buffer and block it)."""
    with log.open("wb") as out:
        return subprocess.Popen(argv, cwd=EXAMPLE, env=env, stdout=out, stderr=subprocess.STDOUT)


def test_two_sessions_of_the_example_suite_at_once(base_image: str, prefix: str, tmp_path: Path,
                                                   docker_client: docker.DockerClient) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("COMPOSE_", "PYTEST_"))}
    argv = [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "-o", f"compose_project_prefix={prefix}"]
    logs = [tmp_path / f"session-{i}.log" for i in range(2)]
    sessions = [session(argv, log, env) for log in logs]
    seen_together = 0
    try:
        while any(p.poll() is None for p in sessions):
            seen_together = max(seen_together, len(projects(docker_client, prefix)))
            time.sleep(0.3)
    finally:
        for p in sessions:
            if p.poll() is None:
                p.kill()
                p.wait()
    outputs = [log.read_text() for log in logs]
    for output, process in zip(outputs, sessions, strict=True):
        assert process.returncode == 0, output
        assert re.search(r"\b8 passed\b", output), output
    run_ids = {m.group(1) for out in outputs for m in re.finditer(r"pycompose: run id (\w+)", out)}
    assert len(run_ids) == 2
    assert seen_together == 2  # both stacks were up at the same time, under different names
    assert left(docker_client, prefix) == []


def test_the_example_suite_under_xdist_gets_a_stack_per_worker(base_image: str, prefix: str, tmp_path: Path,
                                                              docker_client: docker.DockerClient) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("COMPOSE_", "PYTEST_"))}
    argv = [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "-n", "2", "-o",
            f"compose_project_prefix={prefix}"]
    log = tmp_path / "session.log"
    process = session(argv, log, env)
    seen: set[str] = set()
    try:
        while process.poll() is None:
            seen |= projects(docker_client, prefix)
            time.sleep(0.3)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
    output = log.read_text()
    assert process.returncode == 0, output
    assert re.search(r"\b8 passed\b", output), output
    match = re.search(r"pycompose: run id (\w+)", output)
    assert match, output
    run_id = match.group(1)
    assert seen == {f"{prefix}-{run_id}-gw0-stack", f"{prefix}-{run_id}-gw1-stack"}
    assert left(docker_client, prefix) == []
