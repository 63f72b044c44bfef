"""start, stop, restart, kill, pause, unpause, rm on the real engine, with and without the compose file."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from commands_support import cli, shared_stack, started_at, states
from stack_support import Stack

STACK = """
services:
  db:
    image: pycompose/busybox:latest
    init: true
    command: ["sh", "-c", "exec sleep 300"]
    stop_grace_period: 1s
  web:
    image: pycompose/busybox:latest
    init: true
    command: ["sh", "-c", "exec sleep 300"]
    stop_grace_period: 1s
    depends_on:
      db: {condition: service_started, restart: true}
  worker:
    image: pycompose/busybox:latest
    init: true
    command: ["sh", "-c", "exec sleep 300"]
    stop_grace_period: 1s
    scale: 2
"""
ALL_UP = {"db-1": "running", "web-1": "running", "worker-1": "running", "worker-2": "running"}


@pytest.fixture(scope="module")
def stack(docker_client: Any, base_image: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Stack]:
    with shared_stack(docker_client, tmp_path_factory.mktemp("lifecycle"), STACK) as made:
        yield made


@pytest.fixture
def up(stack: Stack) -> Stack:
    """The stack with every container running, whatever the previous test left."""
    cli(stack, "up", "-d")
    assert states(stack) == ALL_UP
    return stack


def test_stop_stops_only_the_named_service(up: Stack) -> None:
    done = cli(up, "stop", "-t", "1", "db")
    assert states(up) == {**ALL_UP, "db-1": "exited"}
    assert f"Container {up.name}-db-1  Stopped" in done.stderr


def test_start_starts_the_dependencies_too(up: Stack) -> None:
    cli(up, "stop", "-t", "1")
    assert set(states(up).values()) == {"exited"}
    done = cli(up, "start", "web")
    assert states(up) == {"db-1": "running", "web-1": "running", "worker-1": "exited", "worker-2": "exited"}
    assert done.stderr.index(f"{up.name}-db-1  Started") < done.stderr.index(f"{up.name}-web-1  Started")


def test_restart_takes_restart_true_dependents_along_unless_no_deps(up: Stack) -> None:
    before = {n: started_at(up, n) for n in ALL_UP}
    done = cli(up, "restart", "-t", "1", "db")
    after = {n: started_at(up, n) for n in ALL_UP}
    assert [n for n in ALL_UP if after[n] != before[n]] == ["db-1", "web-1"]
    assert done.stderr.index(f"{up.name}-db-1  Started") < done.stderr.index(f"{up.name}-web-1  Started")
    cli(up, "restart", "--no-deps", "-t", "1", "db")
    again = {n: started_at(up, n) for n in ALL_UP}
    assert [n for n in ALL_UP if again[n] != after[n]] == ["db-1"]


def test_restart_starts_a_stopped_container(up: Stack) -> None:
    cli(up, "stop", "-t", "1", "worker")
    cli(up, "restart", "worker")
    assert states(up) == ALL_UP


def test_kill_with_a_signal_then_nothing_left_to_kill(up: Stack) -> None:
    cli(up, "kill", "-s", "SIGTERM", "worker")
    assert up.container("worker-1").wait(timeout=20)["StatusCode"] == 143
    assert up.container("worker-2").wait(timeout=20)["StatusCode"] == 143
    again = cli(up, "kill", "worker")
    assert again.returncode == 0 and "no container to kill" in again.stderr
    cli(up, "kill", "db")  # SIGKILL by default
    assert up.container("db-1").wait(timeout=20)["StatusCode"] == 137


def test_pause_and_unpause(up: Stack) -> None:
    done = cli(up, "pause", "web")
    assert states(up)["web-1"] == "paused" and "Paused" in done.stderr
    assert cli(up, "unpause").returncode == 0
    assert states(up) == ALL_UP
    assert cli(up, "unpause").returncode == 0  # nothing paused: nothing to do


def test_rm_asks_removes_stopped_ones_and_stops_with_s(up: Stack) -> None:
    assert "No stopped containers" in cli(up, "rm", "-f").stderr
    cli(up, "stop", "-t", "1", "worker")
    declined = cli(up, "rm", "worker", input="n\n")
    assert "Going to remove" in declined.stdout and f"{up.name}-worker-1" in declined.stdout
    assert "worker-1" in states(up)
    accepted = cli(up, "rm", "worker", input="y\n")
    assert accepted.returncode == 0 and "worker-1" not in states(up)
    done = cli(up, "rm", "-s", "-f", "-v", "web")
    assert f"Going to remove {up.name}-web-1" in done.stdout
    assert set(states(up)) == {"db-1"}


def test_unknown_service_and_missing_containers(up: Stack) -> None:
    cli(up, "rm", "-s", "-f", "web")
    missing = cli(up, "start", "web", check=False)
    assert missing.returncode == 1 and 'service "web" has no container to start' in missing.stderr
    unknown = cli(up, "restart", "nope", check=False)
    assert unknown.returncode == 1 and "no such service: nope" in unknown.stderr


def test_dry_run_prints_the_plan_and_changes_nothing(up: Stack) -> None:
    done = cli(up, "--dry-run", "stop", "-t", "3", "web")
    assert done.stdout == f"#1 StopContainer service:web:1 ({up.name}-web-1) timeout=3\n"
    assert states(up) == ALL_UP


def test_project_name_alone_without_a_compose_file(up: Stack, tmp_path: Path) -> None:
    """-p NAME in a directory without compose file: the project is what carries its label."""
    cli(up, "stop", "-t", "1", cwd=tmp_path)
    assert set(states(up).values()) == {"exited"}
    done = cli(up, "start", cwd=tmp_path)
    assert states(up) == ALL_UP
    # the order comes from the depends_on label: db before web
    assert done.stderr.index(f"{up.name}-db-1  Started") < done.stderr.index(f"{up.name}-web-1  Started")
    before = started_at(up, "web-1")
    cli(up, "restart", "db", cwd=tmp_path)
    assert started_at(up, "web-1") != before  # restart: true read from the label
    cli(up, "pause", cwd=tmp_path)
    assert set(states(up).values()) == {"paused"}
    cli(up, "unpause", cwd=tmp_path)
    cli(up, "kill", "worker", cwd=tmp_path)
    assert states(up)["worker-1"] == "exited"


def test_start_of_a_project_without_containers_fails(stack: Stack, tmp_path: Path) -> None:
    other = Stack(stack.name + "x", tmp_path, stack.client)
    done = cli(other, "start", check=False)
    assert done.returncode == 1 and f'no container found for project "{other.name}"' in done.stderr


def test_rm_v_removes_anonymous_volumes(docker_client: Any, base_image: str, tmp_path: Path) -> None:
    from commands_support import shared_stack

    text = """
    services:
      keep:
        image: pycompose/busybox:latest
        command: ["true"]
        volumes: ["/data"]
      drop:
        image: pycompose/busybox:latest
        command: ["true"]
        volumes: ["/data"]
    """
    with shared_stack(docker_client, tmp_path, text, up=("up", "-d", "--wait")) as made:
        volumes = {c.name.removeprefix(made.name + "-"): c.attrs["Mounts"][0]["Name"] for c in made.containers()}
        cli(made, "rm", "-f", "keep")
        cli(made, "rm", "-f", "-v", "drop")
        left = {v.name for v in docker_client.volumes.list()}
        assert volumes["keep-1"] in left and volumes["drop-1"] not in left
        docker_client.volumes.get(volumes["keep-1"]).remove()
