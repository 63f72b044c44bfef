"""Attached up: multiplexed prefixed output, exit codes, --abort-on-*, --exit-code-from, Ctrl-C twice."""

from __future__ import annotations

import time

from stack_support import Stack

TWO = """
services:
  a:
    image: pycompose/busybox:latest
    command: ["sh", "-c", "echo hello from a; sleep 1; exit 3"]
  bb:
    image: pycompose/busybox:latest
    init: true
    command: ["sh", "-c", "echo bb up; sleep SLEEP; echo bb done"]
"""


def test_attached_output_and_exit_code_when_all_stop(stack: Stack) -> None:
    stack.write(TWO.replace("SLEEP", "2"))
    done = stack.run("up", "--no-color", timeout=120)
    assert done.returncode == 0
    lines = done.stdout.splitlines()
    assert lines[0] == "Attaching to a-1, bb-1"
    assert "a-1   | hello from a" in lines
    assert "bb-1  | bb up" in lines
    assert "bb-1  | bb done" in lines
    assert "a-1 exited with code 3" in lines
    assert "bb-1 exited with code 0" in lines


def test_no_log_prefix_timestamps_and_attach_selection(stack: Stack) -> None:
    stack.write(TWO.replace("SLEEP", "1"))
    done = stack.run("up", "--no-log-prefix", "--timestamps", "--attach", "bb", timeout=120)
    lines = done.stdout.splitlines()
    assert lines[0] == "Attaching to bb-1"
    bb_lines = [line for line in lines if line.endswith("bb up")]
    assert len(bb_lines) == 1 and bb_lines[0][:2] == "20" and "|" not in bb_lines[0]
    assert not any("hello from a" in line for line in lines)


def test_abort_on_container_exit_returns_the_first_exit_code(stack: Stack) -> None:
    stack.write(TWO.replace("SLEEP", "300"))
    done = stack.run("up", "--abort-on-container-exit", "-t", "1", check=False, timeout=120)
    assert done.returncode == 3, done.stdout + done.stderr
    assert "Aborting on container exit..." in done.stdout
    assert stack.container("bb-1").status == "exited"


def test_exit_code_from_and_abort_on_failure(stack: Stack) -> None:
    stack.write(TWO.replace("SLEEP", "300"))
    done = stack.run("up", "--exit-code-from", "bb", "-t", "1", check=False, timeout=120)
    assert done.returncode == 143  # bb was stopped by SIGTERM when a exited, as with Docker Compose
    done = stack.run("up", "--abort-on-container-failure", "-t", "1", check=False, timeout=120)
    assert done.returncode == 3


def test_ctrl_c_stops_gracefully_and_twice_kills(stack: Stack) -> None:
    stack.write("""
        services:
          polite:
            image: pycompose/busybox:latest
            init: true
            command: ["sh", "-c", "echo polite up; exec sleep 300"]
          stubborn:
            image: pycompose/busybox:latest
            command: ["sh", "-c", "echo stubborn up; sleep 300"]
            stop_grace_period: 60s
    """)
    running = stack.start("up", "--no-color")
    try:
        running.wait_for("stubborn up")
        running.interrupt()
        running.wait_for("press Ctrl+C again to force")
        deadline = time.monotonic() + 30
        while stack.container("polite-1").status == "running" and time.monotonic() < deadline:
            time.sleep(0.2)
        assert stack.container("polite-1").status == "exited"
        assert stack.container("stubborn-1").status == "running"  # sh as PID 1 ignores SIGTERM: 60s grace
        running.interrupt()
        assert running.process.wait(timeout=30) == 130
    finally:
        running.finish()
    stubborn = stack.container("stubborn-1")
    assert stubborn.status == "exited"
    assert stubborn.attrs["State"]["ExitCode"] == 137
