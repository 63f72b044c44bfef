"""create and scale on the real engine: they are up with fixed flags."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from commands_support import cli, shared_stack, states
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
    depends_on: [db]
"""


@pytest.fixture(scope="module")
def stack(docker_client: Any, base_image: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Stack]:
    with shared_stack(docker_client, tmp_path_factory.mktemp("create"), STACK, up=()) as made:
        yield made


def test_create_makes_containers_without_starting_them(stack: Stack) -> None:
    done = cli(stack, "create", "--scale", "web=2")
    assert states(stack) == {"db-1": "created", "web-1": "created", "web-2": "created"}
    assert "Created" in done.stderr and "Started" not in done.stderr
    ids = stack.ids()
    cli(stack, "create", "--scale", "web=2", "--no-recreate")
    assert stack.ids() == ids
    cli(stack, "create", "--force-recreate", "--scale", "web=2", "web")
    recreated = stack.ids()
    assert recreated[f"{stack.name}-db-1"] == ids[f"{stack.name}-db-1"]
    assert recreated[f"{stack.name}-web-1"] != ids[f"{stack.name}-web-1"]
    conflict = cli(stack, "create", "--force-recreate", "--no-recreate", check=False)
    assert conflict.returncode == 2


def test_scale_up_and_down(stack: Stack) -> None:
    cli(stack, "scale", "web=3")
    assert states(stack) == {"db-1": "running", "web-1": "running", "web-2": "running", "web-3": "running"}
    cli(stack, "scale", "web=1")
    assert set(states(stack)) == {"db-1", "web-1"}
    cli(stack, "stop", "-t", "1")
    cli(stack, "scale", "--no-deps", "web=2")
    assert states(stack) == {"db-1": "exited", "web-1": "running", "web-2": "running"}
    bad = cli(stack, "scale", "web=x", check=False)
    assert bad.returncode == 2 and "invalid scale specifier" in bad.stderr
    unknown = cli(stack, "scale", "nope=2", check=False)
    assert unknown.returncode != 0 and "nope" in unknown.stderr
