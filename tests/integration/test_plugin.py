"""The pytest plugin on the real engine, each case a pytest session of its own in a temporary directory:
logs in a failing test's report, a stack that fails to come up, the marker's scopes, keep then reuse,
and ``-p no:pycompose``."""

from __future__ import annotations

import dataclasses
import os
import signal
import subprocess
import sys
import textwrap
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import docker
import pytest
from api_support import labels_of, left, remove

BASE = "pycompose/busybox:latest"

SLEEPER = f"""
services:
  app:
    image: {BASE}
    init: true
    command: ["sh", "-c", "echo app-says-hello; exec sleep 600"]
"""

SICK = f"""
services:
  sick:
    image: {BASE}
    init: true
    command: ["sh", "-c", "echo sick-started; exec sleep 600"]
    healthcheck:
      test: ["CMD-SHELL", "echo probe-output-here; exit 1"]
      interval: 1s
      retries: 1
"""


@pytest.fixture
def prefix(docker_client: docker.DockerClient) -> Iterator[str]:
    """The project-name prefix of one case's sessions; whatever they leave is removed afterwards."""
    value = f"pyct{uuid.uuid4().hex[:8]}"
    yield value
    remove(docker_client, value)


def session(directory: Path, prefix: str, *args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("COMPOSE_", "PYTEST_"))}
    argv = [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "-o", f"compose_project_prefix={prefix}",
            "-o", "addopts=", "--rootdir", str(directory), *args, str(directory)]
    return subprocess.run(argv, cwd=directory, env=env, capture_output=True, text=True, timeout=240)


def test_a_failing_test_gets_the_stack_logs_and_nothing_is_left(tmp_path: Path, base_image: str, prefix: str,
                                                               docker_client: docker.DockerClient) -> None:
    (tmp_path / "compose.yaml").write_text(SLEEPER)
    (tmp_path / "conftest.py").write_text(textwrap.dedent("""
        from compose.pytest_plugin import stack_fixture

        app = stack_fixture("compose.yaml", scope="module", stop_timeout=1)
    """))
    (tmp_path / "test_it.py").write_text(textwrap.dedent("""
        def test_passes(app):
            assert app.exec("app", "echo hi") == (0, "hi\\n")

        def test_fails(app):
            assert app.exec("app", "false")[0] == 0
    """))
    done = session(tmp_path, prefix)
    assert done.returncode == 1, done.stdout + done.stderr
    assert "1 failed, 1 passed" in done.stdout
    report = done.stdout[done.stdout.index("test_fails"):]
    assert f"pycompose stack {prefix}-" in report
    assert "app-says-hello" in report        # the service's log lines, in the failing test's report
    assert "running" in report               # and its state
    assert "test_passes" not in report.split("short test summary")[0].split("FAILURES")[-1]
    assert left(docker_client, prefix) == []


def test_a_stack_that_does_not_come_up_fails_setup_with_diagnostics(tmp_path: Path, base_image: str,
                                                                    prefix: str,
                                                                    docker_client: docker.DockerClient) -> None:
    (tmp_path / "compose.yaml").write_text(SICK)
    (tmp_path / "conftest.py").write_text(textwrap.dedent("""
        from compose.pytest_plugin import stack_fixture

        sick = stack_fixture("compose.yaml", timeout=60)
    """))
    (tmp_path / "test_it.py").write_text("def test_never_runs(sick):\n    raise AssertionError('ran')\n")
    done = session(tmp_path, prefix)
    assert done.returncode == 1, done.stdout + done.stderr
    assert "1 error" in done.stdout
    assert "StackError" in done.stdout
    assert "probe-output-here" in done.stdout and "sick-started" in done.stdout
    assert "ran" not in done.stdout.split("short test summary")[-1]
    assert left(docker_client, prefix) == []


def test_marker_scopes_share_a_stack_per_module(tmp_path: Path, base_image: str, prefix: str,
                                                docker_client: docker.DockerClient) -> None:
    (tmp_path / "compose.yaml").write_text(SLEEPER)
    module = textwrap.dedent("""
        import pytest

        pytestmark = pytest.mark.compose("compose.yaml", scope="module", stop_timeout=1)

        def test_one(compose_stack):
            with open("names.txt", "a") as f:
                f.write(f"{__name__} {compose_stack.name} {compose_stack.ps()[0].id}\\n")

        def test_two(compose_stack):
            with open("names.txt", "a") as f:
                f.write(f"{__name__} {compose_stack.name} {compose_stack.ps()[0].id}\\n")
    """)
    (tmp_path / "test_a.py").write_text(module)
    (tmp_path / "test_b.py").write_text(module)
    (tmp_path / "test_c.py").write_text("def test_needs_marker(compose_stack):\n    pass\n")
    done = session(tmp_path, prefix)
    assert "4 passed, 1 error" in done.stdout, done.stdout + done.stderr
    assert "compose_stack needs a @pytest.mark.compose" in done.stdout
    rows = [line.split() for line in (tmp_path / "names.txt").read_text().splitlines()]
    by_module: dict[str, set[tuple[str, str]]] = {}
    for module_name, name, container in rows:
        by_module.setdefault(module_name, set()).add((name, container))
    assert sorted(by_module) == ["test_a", "test_b"]
    assert all(len(v) == 1 for v in by_module.values())       # one stack per module...
    assert by_module["test_a"] != by_module["test_b"]           # ...and another one for the next module
    assert all(name.startswith(prefix) for v in by_module.values() for name, _ in v)
    assert left(docker_client, prefix) == []


def test_keep_then_reuse(tmp_path: Path, base_image: str, prefix: str, docker_client: docker.DockerClient) -> None:
    (tmp_path / "compose.yaml").write_text(SLEEPER)
    (tmp_path / "conftest.py").write_text(textwrap.dedent("""
        from compose.pytest_plugin import stack_fixture

        app = stack_fixture("compose.yaml")
    """))
    (tmp_path / "test_it.py").write_text(textwrap.dedent("""
        def test_record(app):
            with open("ids.txt", "a") as f:
                f.write(f"{app.name} {app.ps()[0].id}\\n")
    """))
    kept = session(tmp_path, prefix, "--compose-keep")
    assert kept.returncode == 0, kept.stdout + kept.stderr
    name = f"{prefix}-app"
    assert f"{name}  (remove with: pycompose -p {name} down -v)" in kept.stdout
    assert left(docker_client, name)                        # still up
    assert all("io.pycompose.run.id" not in labels for labels in labels_of(docker_client, name))  # not reaped
    reused = session(tmp_path, prefix, "--compose-reuse")
    assert reused.returncode == 0, reused.stdout + reused.stderr
    first, second = (tmp_path / "ids.txt").read_text().splitlines()
    assert first == second                                       # same project, same container
    subprocess.run([sys.executable, "-m", "compose", "-p", name, "down", "-v", "-t", "1"], check=True,
                   capture_output=True, timeout=120)
    assert left(docker_client, prefix) == []


def test_the_plugin_can_be_disabled(tmp_path: Path, prefix: str) -> None:
    (tmp_path / "test_it.py").write_text("def test_x(compose_stack):\n    pass\n")
    done = session(tmp_path, prefix, "-p", "no:pycompose")
    assert "fixture 'compose_stack' not found" in done.stdout
    assert "pycompose: run id" not in done.stdout


def test_ctrl_c_during_a_test_still_takes_the_stack_down(tmp_path: Path, base_image: str, prefix: str,
                                                         docker_client: docker.DockerClient) -> None:
    (tmp_path / "compose.yaml").write_text(SLEEPER)
    (tmp_path / "conftest.py").write_text(textwrap.dedent("""
        from compose.pytest_plugin import stack_fixture

        app = stack_fixture("compose.yaml", stop_timeout=1)
    """))
    (tmp_path / "test_it.py").write_text(textwrap.dedent("""
        import pathlib, time

        def test_long(app):
            pathlib.Path("ready").write_text(app.name)
            time.sleep(120)
    """))
    env = {k: v for k, v in os.environ.items() if not k.startswith(("COMPOSE_", "PYTEST_"))}
    argv = [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "-o", f"compose_project_prefix={prefix}",
            "-o", "addopts=", "--rootdir", str(tmp_path), str(tmp_path)]
    process = subprocess.Popen(argv, cwd=tmp_path, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                               text=True)
    try:
        deadline = time.monotonic() + 120
        while not (tmp_path / "ready").exists() and time.monotonic() < deadline and process.poll() is None:
            time.sleep(0.2)
        assert (tmp_path / "ready").exists(), process.communicate(timeout=30)[0]
        assert left(docker_client, prefix)
        process.send_signal(signal.SIGINT)
        output = process.communicate(timeout=120)[0]
    finally:
        if process.poll() is None:
            process.kill()
    assert process.returncode == 2, output  # pytest's "interrupted"
    assert "KeyboardInterrupt" in output
    assert left(docker_client, prefix) == []


def test_compose_reap_removes_a_crashed_runs_stack_first(tmp_path: Path, base_image: str, prefix: str,
                                                         docker_client: docker.DockerClient) -> None:
    from compose.api import AsyncStack, RunOwner, Stack, load_async

    crashed = subprocess.Popen([sys.executable, "-c", "pass"])
    crashed.wait()
    owner = dataclasses.replace(RunOwner.current("crashed1"), pid=crashed.pid)
    (tmp_path / "compose.yaml").write_text(SLEEPER)
    stale = Stack(AsyncStack(load_async(tmp_path / "compose.yaml", project_name=f"{prefix}-old").project,
                             owner=owner))
    stale.up(wait=False)
    (tmp_path / "test_it.py").write_text("def test_nothing():\n    pass\n")
    done = session(tmp_path, prefix, "--compose-reap")
    assert done.returncode == 0, done.stdout + done.stderr
    assert f"pycompose: removed stale stack {prefix}-old (run crashed1: owner pid {crashed.pid}" in done.stdout
    assert left(docker_client, prefix) == []
