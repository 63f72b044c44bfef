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
from pathlib import Path

import docker
from stack_support import leftovers

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "ci-stack"


def test_two_sessions_of_the_example_suite_at_once(base_image: str, docker_client: docker.DockerClient) -> None:
    prefix = f"pyct{uuid.uuid4().hex[:6]}"
    env = {k: v for k, v in os.environ.items() if not k.startswith(("COMPOSE_", "PYTEST_"))}
    argv = [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "-o", f"compose_project_prefix={prefix}"]
    sessions = [subprocess.Popen(argv, cwd=EXAMPLE, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                                 text=True) for _ in range(2)]
    seen_together = 0
    try:
        while any(p.poll() is None for p in sessions):
            projects = {c.labels.get("com.docker.compose.project") for c in docker_client.containers.list(
                filters={"label": "com.docker.compose.project"})}
            seen_together = max(seen_together, len({p for p in projects if p and p.startswith(prefix)}))
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
    assert leftovers(docker_client, prefix) == []
