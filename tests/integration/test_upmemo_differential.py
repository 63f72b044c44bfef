"""The no-op memo never skips a real change: a differential test against the full planner.

For each change below, made after a memo was written and shown to replay: the truth is what
``up -d --dry-run`` plans with the memo off (the full loader, observer and planner). A memo-
enabled ``up -d`` must then replay exactly when that plan is empty, and load and apply
otherwise; afterwards the full planner finds nothing left to do. Changes: an edited
environment value, a variable from the process environment, ``.env``, an ``env_file``'s
content, a file-backed config's content, the image behind a tag (a new image id), a named
volume removed behind our back, a container removed behind our back, and no change at all
(the control, which must replay).
"""

from __future__ import annotations

import subprocess
import sys
import uuid
from collections.abc import Callable
from typing import Any

import pytest
from stack_support import Stack

STACK = """
services:
  db:
    image: pycompose/busybox:latest
    init: true
    command: ["sleep", "3600"]
    environment: {TAG: "${TAG:-one}", LEVEL: "low"}
    env_file: [app.env]
    stop_grace_period: 1s
  web:
    image: IMAGE
    init: true
    command: ["sleep", "3600"]
    depends_on: [db]
    configs: [{source: settings, target: /etc/settings}]
    volumes: ["data:/data", "/scratch"]
    stop_grace_period: 1s
configs:
  settings:
    file: ./settings.conf
volumes:
  data: {}
"""

_DRIVER = ("import sys\nfrom compose.cli.main import main\ncode = main(sys.argv[1:])\n"
           "print('loaded' if 'compose.load.pipeline' in sys.modules else 'replayed')\nraise SystemExit(code)\n")


def up(stack: Stack, env: dict[str, str] | None = None) -> str:
    """``pycompose up -d`` with the memo on: "replayed" or "loaded"."""
    argv = [sys.executable, "-c", _DRIVER, "-p", stack.name, "up", "-d"]
    done = subprocess.run(argv, cwd=stack.directory, env={**stack.environment(), **(env or {})},
                          capture_output=True, text=True, timeout=120, check=False, stdin=subprocess.DEVNULL)
    assert done.returncode == 0, done.stderr
    return done.stdout.splitlines()[-1]


def truth(stack: Stack, env: dict[str, str] | None = None) -> str:
    """The full planner's plan (memo off); "" when there is nothing to do."""
    done = stack.run("up", "-d", "--dry-run", check=False)
    if env:
        argv = stack.command("up", "-d", "--dry-run")
        done = subprocess.run(argv, cwd=stack.directory, env={**stack.environment(), **env,
                                                               "PYCOMPOSE_NO_MEMO": "1"},
                              capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr
    text = (done.stdout + done.stderr).strip()
    return "" if text.endswith("(nothing to do)") and "#1 " not in text else text


def _retag(stack: Stack) -> None:
    """A new image id behind the tag web uses (a commit of the base image with another label)."""
    container = stack.client.containers.create("pycompose/busybox:latest", ["true"])
    try:
        repository, _, tag = stack.env["IMAGE"].rpartition(":")
        container.commit(repository, tag, conf={"Labels": {"generation": uuid.uuid4().hex}})
    finally:
        container.remove(force=True)


def _remove_volume(stack: Stack) -> None:
    for container in stack.containers():
        if container.name.endswith("-web-1"):
            container.remove(force=True)
    stack.client.volumes.get(f"{stack.name}_data").remove()


Change = Callable[[Stack], "dict[str, str] | None"]


def _edit_environment(stack: Stack) -> None:
    stack.write(STACK.replace('LEVEL: "low"', 'LEVEL: "high"').replace("IMAGE", stack.env["IMAGE"]))


def _write(name: str, text: str) -> Change:
    def change(stack: Stack) -> None:
        (stack.directory / name).write_text(text)
    return change


def _remove_db(stack: Stack) -> None:
    next(c for c in stack.containers() if c.name.endswith("-db-1")).remove(force=True)


CHANGES: dict[str, Callable[[Stack], Any]] = {
    "nothing": lambda stack: None,
    "environment value in the file": _edit_environment,
    "variable from the process environment": lambda stack: {"TAG": "two"},
    ".env": _write(".env", "TAG=three\n"),
    "env_file content": _write("app.env", "FROM_FILE=2\n"),
    "config file content": _write("settings.conf", "mode=2\n"),
    "image id behind the tag": _retag,
    "named volume removed": _remove_volume,
    "container removed": _remove_db,
}


# Changes after which the full planner has nothing to do: none, and a file-backed config's content
# (Docker Compose v2 does not recreate for it either: it is not part of the service's config hash).
NO_WORK = {"nothing", "config file content"}


@pytest.mark.parametrize("name", list(CHANGES))
def test_the_memo_replays_exactly_when_the_full_planner_has_nothing_to_do(stack: Stack, name: str) -> None:
    stack.env["XDG_CACHE_HOME"] = str(stack.directory / "cache")
    stack.env["IMAGE"] = f"pyct-memo-{uuid.uuid4().hex[:8]}:latest"
    stack.client.images.get("pycompose/busybox:latest").tag(stack.env["IMAGE"])
    try:
        stack.write(STACK.replace("IMAGE", stack.env["IMAGE"]))
        (stack.directory / "app.env").write_text("FROM_FILE=1\n")
        (stack.directory / "settings.conf").write_text("mode=1\n")
        assert up(stack) == "loaded"
        assert up(stack) == "replayed", "the memo must answer an unchanged second up"

        env = CHANGES[name](stack)
        planned = truth(stack, env)
        how = up(stack, env)
        if planned:
            assert how == "loaded", f"{name}: the memo replayed, but the planner would do:\n{planned}"
        else:
            assert how == "replayed", f"{name}: nothing to do, yet the memo did not answer"
        assert truth(stack, env) == "", f"{name}: up did not converge"
        if name not in NO_WORK:
            assert planned, f"{name}: this change is expected to give the planner work"
    finally:
        stack.client.images.remove(stack.env["IMAGE"], force=True)
