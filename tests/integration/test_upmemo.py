"""The no-op memo on the real engine: a repeated ``up -d`` replays only while nothing it rested on changed.

Every test runs ``up -d`` through a small driver that says whether the loader ran
(``compose.load.pipeline`` imported): "replayed" means the memo answered.
"""

from __future__ import annotations

import subprocess
import sys

import pytest
from stack_support import Stack

STACK = """
services:
  db:
    image: pycompose/busybox:latest
    init: true
    command: ["sleep", "3600"]
    environment: {TAG: "${TAG:-one}"}
    stop_grace_period: 1s
  web:
    image: pycompose/busybox:latest
    init: true
    command: ["sleep", "3600"]
    depends_on: [db]
    stop_grace_period: 1s
"""

_DRIVER = ("import sys\nfrom compose.cli.main import main\ncode = main(sys.argv[1:])\n"
           "print('loaded' if 'compose.load.pipeline' in sys.modules else 'replayed')\nraise SystemExit(code)\n")


def up(stack: Stack, *args: str, env: dict[str, str] | None = None) -> tuple[str, subprocess.CompletedProcess[str]]:
    """``pycompose -p NAME up -d ARGS``: whether it replayed, and the run (stdout without the driver's word)."""
    argv = [sys.executable, "-c", _DRIVER, "-p", stack.name, "up", "-d", *args]
    done = subprocess.run(argv, cwd=stack.directory, env={**stack.environment(), **(env or {})},
                          capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    return lines[-1], subprocess.CompletedProcess(argv, 0, "\n".join(lines[:-1]), done.stderr)


@pytest.fixture
def memo_stack(stack: Stack) -> Stack:
    stack.env["XDG_CACHE_HOME"] = str(stack.directory / "cache")
    stack.write(STACK)
    return stack


def memos(stack: Stack) -> list[str]:
    folder = stack.directory / "cache" / "pycompose" / "up"
    return sorted(p.name for p in folder.iterdir()) if folder.exists() else []


def test_a_repeated_no_op_up_replays_what_the_full_up_prints(memo_stack: Stack) -> None:
    stack = memo_stack
    how, _ = up(stack)
    assert how == "loaded" and len(memos(stack)) == 1  # the cold up left nothing to do: remembered
    ids = stack.ids()
    how, replayed = up(stack)
    assert how == "replayed"
    how_full, full_run = up(stack, env={"PYCOMPOSE_NO_MEMO": "1"})
    assert how_full == "loaded"
    assert replayed.stderr == full_run.stderr and replayed.stdout == full_run.stdout
    assert f"Container {stack.name}-web-1  Running" in replayed.stderr
    assert stack.ids() == ids


def test_an_edited_compose_file_is_loaded_and_applied(memo_stack: Stack) -> None:
    stack = memo_stack
    up(stack)
    ids = stack.ids()
    stack.write(STACK.replace('command: ["sleep", "3600"]\n    depends_on', 'command: ["sleep", "3601"]\n    depends_on'))
    how, _ = up(stack)
    assert how == "loaded"
    now = stack.ids()
    assert now[f"{stack.name}-db-1"] == ids[f"{stack.name}-db-1"]
    assert now[f"{stack.name}-web-1"] != ids[f"{stack.name}-web-1"]
    assert up(stack)[0] == "replayed"


def test_a_new_override_file_an_env_file_and_a_variable_are_seen(memo_stack: Stack) -> None:
    stack = memo_stack
    up(stack)
    stack.write("services:\n  web:\n    environment: {EXTRA: '1'}\n", "compose.override.yaml")
    assert up(stack)[0] == "loaded"
    assert "EXTRA=1" in stack.container("web-1").attrs["Config"]["Env"]
    assert up(stack)[0] == "replayed"
    (stack.directory / ".env").write_text("TAG=two\n")
    assert up(stack)[0] == "loaded"
    assert "TAG=two" in stack.container("db-1").attrs["Config"]["Env"]
    assert up(stack)[0] == "replayed"
    assert up(stack, env={"TAG": "three"})[0] == "loaded"
    assert "TAG=three" in stack.container("db-1").attrs["Config"]["Env"]


def test_changes_on_the_engine_are_seen(memo_stack: Stack) -> None:
    stack = memo_stack
    up(stack)
    stack.container("web-1").stop(timeout=1)
    how, run = up(stack)
    assert how == "loaded" and "Started" in run.stderr
    assert stack.container("web-1").status == "running"
    assert up(stack)[0] == "replayed"
    stack.container("db-1").remove(force=True)
    assert up(stack)[0] == "loaded"
    assert stack.container("db-1").status == "running"


def test_no_memo_for_wait_or_dry_run(memo_stack: Stack) -> None:
    stack = memo_stack
    up(stack, "--wait")
    up(stack, "--dry-run")
    assert memos(stack) == []
    assert up(stack, "--wait")[0] == "loaded"
