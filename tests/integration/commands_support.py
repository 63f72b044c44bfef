"""Helpers of the everyday-command tests: a stack shared by a test module, commands run with stdin.

``shared_stack`` brings a compose file up once per module (cleanup by project label,
even on failure); ``cli`` runs ``pycompose`` (or the v2 oracle) with the given input
on stdin (nothing otherwise, so a command never waits on the terminal).
"""

from __future__ import annotations

import subprocess
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from stack_support import Stack

PREFIX = "pyct"  # the prefix conftest's leftover check looks for


def cli(stack: Stack, *args: str, input: str | None = None, check: bool = True, timeout: float = 120,
        tool: str = "pycompose", cwd: Path | None = None, project: bool = True) -> subprocess.CompletedProcess[str]:
    argv = stack.command(*args) if tool == "pycompose" else stack.oracle(*args)
    if not project:
        argv = [a for i, a in enumerate(argv) if not (a == "-p" or (i > 0 and argv[i - 1] == "-p"))]
    done = subprocess.run(argv, cwd=cwd or stack.directory, env=stack.environment(), capture_output=True,
                          text=True, timeout=timeout, check=False, input=input,
                          stdin=None if input is not None else subprocess.DEVNULL)
    if check and done.returncode != 0:
        raise AssertionError(f"{' '.join(argv)} exited {done.returncode}\nstdout:\n{done.stdout}\n"
                             f"stderr:\n{done.stderr}")
    return done


@contextmanager
def shared_stack(client: Any, directory: Path, text: str, *, up: tuple[str, ...] = ("up", "-d")) -> Iterator[Stack]:
    stack = Stack(f"{PREFIX}{uuid.uuid4().hex[:10]}", directory, client)
    stack.write(text)
    try:
        if up:
            cli(stack, *up)
        yield stack
    finally:
        stack.cleanup()


def states(stack: Stack) -> dict[str, str]:
    """Container name (without the project) -> engine state."""
    prefix = stack.name + "-"
    return {c.name.removeprefix(prefix): c.status for c in stack.containers()}


def started_at(stack: Stack, name: str) -> str:
    return str(stack.container(name).attrs["State"]["StartedAt"])


def in_terminal(stack: Stack, *args: str, keys: bytes = b"", timeout: float = 60) -> tuple[int, str]:
    """``pycompose ARGS`` with a pseudo-terminal as stdin and stdout (typing ``keys``); (exit code, output)."""
    import os
    import pty
    import select
    import time

    argv = stack.command(*args)
    pid, fd = pty.fork()
    if pid == 0:  # the child: the terminal is its stdin, stdout and stderr
        os.chdir(stack.directory)
        os.execvpe(argv[0], argv, stack.environment())
    output = b""
    deadline = time.monotonic() + timeout
    sent = False
    try:
        while time.monotonic() < deadline:
            ready, _, _ = select.select([fd], [], [], 0.2)
            if not ready:
                if not sent and keys and output:
                    os.write(fd, keys)
                    sent = True
                continue
            try:
                chunk = os.read(fd, 65536)
            except OSError:  # the child closed the terminal
                break
            if not chunk:
                break
            output += chunk
    finally:
        os.close(fd)
    _, status = os.waitpid(pid, 0)
    return os.waitstatus_to_exitcode(status), output.decode(errors="replace")
