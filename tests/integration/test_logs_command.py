"""logs on the real engine: prefixes, flags, and -f following new containers until every one has stopped."""

from __future__ import annotations

import re
import subprocess
import time
from collections.abc import Iterator
from typing import Any

import pytest
from commands_support import cli, shared_stack
from stack_support import Stack

STACK = """
services:
  db:
    image: pycompose/busybox:latest
    init: true
    command: ["sh", "-c", "echo db one; echo db two; exec sleep 300"]
    stop_grace_period: 1s
  web:
    image: pycompose/busybox:latest
    init: true
    command: ["sh", "-c", "echo web on $$HOSTNAME; echo oops >&2; exec sleep 300"]
    stop_grace_period: 1s
    scale: 2
"""


@pytest.fixture(scope="module")
def stack(docker_client: Any, base_image: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Stack]:
    with shared_stack(docker_client, tmp_path_factory.mktemp("logs"), STACK) as made:
        for name in ("db-1", "web-1", "web-2"):  # their first lines are out
            _wait_for_output(made, name)
        yield made


def _wait_for_output(stack: Stack, name: str) -> None:
    deadline = time.monotonic() + 30
    while not stack.container(name).logs() and time.monotonic() < deadline:
        time.sleep(0.1)


def lines(text: str) -> list[str]:
    return sorted(text.splitlines())


def test_every_container_with_aligned_prefixes(stack: Stack) -> None:
    out = cli(stack, "logs").stdout
    host1 = stack.container("web-1").attrs["Config"]["Hostname"]
    assert f"web-1  | web on {host1}" in out.splitlines()
    assert {line for line in out.splitlines() if line.startswith("db-1")} == {"db-1   | db one", "db-1   | db two"}
    assert "web-2  | oops" in out.splitlines()
    assert "\x1b[" not in out  # not a terminal: no colour


def test_services_index_tail_and_no_prefix(stack: Stack) -> None:
    assert lines(cli(stack, "logs", "db").stdout) == ["db-1  | db one", "db-1  | db two"]
    host2 = stack.container("web-2").attrs["Config"]["Hostname"]
    second = cli(stack, "logs", "--index", "2", "--no-log-prefix", "web").stdout
    assert lines(second) == sorted([f"web on {host2}", "oops"])
    assert cli(stack, "logs", "-n", "1", "db").stdout == "db-1  | db two\n"
    assert cli(stack, "logs", "--tail", "0", "db").stdout == ""


def test_timestamps_since_until(stack: Stack) -> None:
    stamped = cli(stack, "logs", "-t", "db").stdout.splitlines()
    assert all(re.fullmatch(r"db-1  \| \d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d+Z db (one|two)", s) for s in stamped)
    assert cli(stack, "logs", "--since", "2999-01-01T00:00:00Z", "db").stdout == ""
    assert cli(stack, "logs", "--until", "2000-01-01T00:00:00Z", "db").stdout == ""
    assert len(cli(stack, "logs", "--since", "1h", "db").stdout.splitlines()) == 2
    bad = cli(stack, "logs", "--since", "yesterday", check=False)
    assert bad.returncode == 2 and "invalid time" in bad.stderr


def test_colour_when_asked(stack: Stack) -> None:
    coloured = cli(stack, "--ansi", "always", "logs", "db").stdout
    assert "\x1b[" in coloured
    assert "\x1b[" not in cli(stack, "--ansi", "always", "logs", "--no-color", "db").stdout


def test_follow_picks_up_a_recreated_container_and_ends_when_all_stop(stack: Stack) -> None:
    follower = subprocess.Popen(stack.command("logs", "-f", "db"), cwd=stack.directory, env=stack.environment(),
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                                stdin=subprocess.DEVNULL)
    try:
        time.sleep(2)  # following
        assert follower.poll() is None
        cli(stack, "up", "-d", "--force-recreate", "db")
        _wait_for_output(stack, "db-1")
        time.sleep(1)
        cli(stack, "stop", "-t", "1", "db")
        out, _ = follower.communicate(timeout=30)
    finally:
        if follower.poll() is None:
            follower.kill()
            follower.wait()
    assert follower.returncode == 0
    # the first container's lines, then the recreated one's
    assert out.splitlines().count("db-1  | db one") == 2
    cli(stack, "up", "-d")


def test_follow_of_stopped_containers_prints_and_ends(stack: Stack) -> None:
    cli(stack, "stop", "-t", "1", "db")
    try:
        done = cli(stack, "logs", "-f", "db", timeout=30)
        assert "db-1  | db two" in done.stdout
    finally:
        cli(stack, "start", "db")
