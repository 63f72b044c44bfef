"""The import budget: the everyday read-only commands load none of the heavy libraries.

networkx (~150 ms), jsonschema (~100 ms), docker-py (~250 ms) and anyio with asyncio
(~80 ms) each cost more than a whole ``docker compose ps``. Each command below runs in a
fresh interpreter, on a stack that is up, through ``compose.cli.main.main`` (what the
``pycompose`` script runs); what it imported is read from ``sys.modules`` when it returns.
"""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterator
from typing import Any

import pytest
from commands_support import shared_stack
from stack_support import Stack

HEAVY = ("networkx", "jsonschema", "docker", "anyio", "asyncio")

STACK = """
services:
  web:
    image: pycompose/busybox:latest
    init: true
    command: ["httpd", "-f", "-p", "80"]
    ports: ["127.0.0.1::80"]
    stop_grace_period: 1s
"""

COMMANDS = (
    ("ps",),
    ("ps", "--format", "json"),
    ("ps", "-q"),
    ("port", "web", "80"),
    ("version",),
    ("version", "--short"),
    ("config",),
    ("config", "--services"),
    ("config", "--format", "json"),
    ("ls",),
    ("images",),
    ("logs", "--no-color"),
    ("top",),
    ("exec", "-T", "web", "true"),
)

PROBE = """
import json, sys
from compose.cli.main import main
sys.argv = ["pycompose", *sys.argv[1:]]
try:
    code = main(sys.argv[1:])
except SystemExit as exc:
    code = exc.code
sys.stdout.flush()
sys.stderr.write("\\nMODULES " + json.dumps({"code": code, "modules": sorted(sys.modules)}) + "\\n")
"""


@pytest.fixture(scope="module")
def stack(docker_client: Any, base_image: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Stack]:
    with shared_stack(docker_client, tmp_path_factory.mktemp("budget"), STACK) as made:
        yield made


def imported(stack: Stack, *args: str) -> tuple[int, set[str]]:
    argv = [sys.executable, "-c", PROBE, "-p", stack.name, *args]
    done = subprocess.run(argv, cwd=stack.directory, env=stack.environment(), capture_output=True, text=True,
                          timeout=60, stdin=subprocess.DEVNULL, check=False)
    line = next((ln for ln in done.stderr.splitlines() if ln.startswith("MODULES ")), None)
    assert line is not None, f"{args}: no module list\nstdout:\n{done.stdout}\nstderr:\n{done.stderr}"
    report = json.loads(line.removeprefix("MODULES "))
    return int(report["code"] or 0), {name.split(".")[0] for name in report["modules"]}


@pytest.mark.parametrize("args", COMMANDS, ids=" ".join)
def test_everyday_commands_import_no_heavy_library(stack: Stack, args: tuple[str, ...]) -> None:
    code, top_level = imported(stack, *args)
    assert code == 0, f"pycompose {' '.join(args)} exited {code}"
    assert not top_level & set(HEAVY), f"pycompose {' '.join(args)} imported {sorted(top_level & set(HEAVY))}"


def test_the_probe_sees_heavy_imports(stack: Stack) -> None:
    """The check can fail: a command that needs anyio (an ``up`` that recreates) is seen importing it."""
    code, top_level = imported(stack, "up", "-d", "--force-recreate")
    assert code == 0
    assert "anyio" in top_level
