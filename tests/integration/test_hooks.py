"""Lifecycle hooks (``post_start``, ``pre_stop``) on the real engine, and against Docker Compose v2.

The effects: a post_start hook runs as its user, in its working_dir, with its environment; a failing
one fails ``up`` with ``SERVICE hook exited with status N`` and its dependents do not start; pre_stop
runs before ``stop`` and ``down``. The timing: the engine's events for stop, start, restart,
``up --force-recreate`` and down are the same sequence as v2's (execs where v2 runs hooks).
"""

from __future__ import annotations

import subprocess
import threading
from pathlib import Path

import pytest
from stack_support import BASE, Stack

pytestmark = [pytest.mark.engine, pytest.mark.timeout(240)]

HOOKED = f"""
services:
  app:
    image: {BASE}
    init: true
    command: ["sleep", "3600"]
    stop_grace_period: 1s
    volumes: ["./out:/out"]
    post_start:
      - command: ["sh", "-c", "echo started-hook; id -u > /out/uid; pwd > /out/cwd; echo $$HOOKVAR > /out/env"]
        user: "1000"
        working_dir: /tmp
        environment: {{HOOKVAR: from-the-hook}}
    pre_stop:
      - command: ["sh", "-c", "echo stopped >> /out/pre_stop"]
"""

FAILING = f"""
services:
  bad:
    image: {BASE}
    init: true
    command: ["sleep", "3600"]
    stop_grace_period: 1s
    post_start:
      - command: ["sh", "-c", "echo the-hook-said-this; exit 3"]
  after:
    image: {BASE}
    init: true
    command: ["sleep", "3600"]
    stop_grace_period: 1s
    depends_on: [bad]
"""


def _out(stack: Stack) -> Path:
    out = stack.directory / "out"
    out.mkdir(exist_ok=True)
    out.chmod(0o777)
    return out


def test_post_start_runs_with_its_user_directory_and_environment(stack: Stack) -> None:
    out = _out(stack)
    stack.write(HOOKED)
    stack.run("up", "-d")
    assert (out / "uid").read_text() == "1000\n"
    assert (out / "cwd").read_text() == "/tmp\n"
    assert (out / "env").read_text() == "from-the-hook\n"
    assert not (out / "pre_stop").exists()
    stack.run("stop")
    assert (out / "pre_stop").read_text() == "stopped\n"
    stack.run("start")
    stack.run("down")
    assert (out / "pre_stop").read_text() == "stopped\nstopped\n"


def test_a_failing_post_start_fails_up_and_its_dependents_wait(stack: Stack) -> None:
    stack.write(FAILING)
    done = stack.run("up", "-d", check=False)
    assert done.returncode == 1
    assert "bad hook exited with status 3" in done.stderr
    assert "the-hook-said-this" in done.stderr  # the output's tail explains it (v2 gives the status only)
    states = {c.name.rsplit("-", 2)[-2]: c.status for c in stack.containers()}
    assert states == {"bad": "running", "after": "created"}


def test_attached_up_shows_the_hook_output(stack: Stack) -> None:
    _out(stack)
    stack.write(HOOKED)
    process = subprocess.Popen(stack.command("up"), cwd=stack.directory, env=stack.environment(),
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, start_new_session=True)
    try:
        assert process.stdout is not None
        for line in process.stdout:
            if "started-hook" in line:
                assert line.startswith("app-1 ->"), line
                break
        else:
            raise AssertionError("no hook output")
    finally:
        process.terminate()
        process.wait(timeout=60)


def _events(stack: Stack, tool: str, compose: str) -> list[str]:
    """The engine's container events (action names) while ``tool`` runs the lifecycle commands.

    With ``-f``: given ``-p`` and no ``-f``, v2's stop, start, restart and down do not read the
    compose file (so they know no hooks); pycompose reads the file it finds."""
    stack.write(compose)
    stack.run("-f", "compose.yaml", "up", "-d", tool=tool)
    watcher = subprocess.Popen(["docker", "events", "--filter", "type=container", "--filter",
                                f"label=com.docker.compose.project={stack.name}", "--format", "{{.Action}}"],
                               stdout=subprocess.PIPE, text=True)
    lines: list[str] = []
    reader = threading.Thread(target=lambda: lines.extend(watcher.stdout or ()), daemon=True)
    reader.start()
    try:
        for command in (["stop"], ["start"], ["restart"], ["up", "-d", "--force-recreate"], ["down"]):
            stack.run("-f", "compose.yaml", *command, tool=tool)
        subprocess.run(["docker", "run", "--rm", "--label", f"com.docker.compose.project={stack.name}",
                        BASE, "true"], check=True, capture_output=True, timeout=60)  # a marker: events drained
        for _ in range(100):
            if "destroy" in "".join(lines[-3:]):
                break
            threading.Event().wait(0.1)
    finally:
        watcher.terminate()
        watcher.wait(timeout=10)
    actions = [line.strip().split(":")[0] for line in lines]
    end = len(actions) - actions[::-1].index("create")  # drop the marker's own events
    return actions[:end - 1]


def test_hooks_run_where_v2_runs_them(stack: Stack) -> None:
    _out(stack)
    ours = _events(stack, "pycompose", HOOKED)
    theirs = _events(stack, "v2", HOOKED)
    assert ours == theirs
    assert ours.count("exec_create") == 6  # stop, start, restart (2), recreate's start, down
