"""cp (both ways), attach and wait on the real engine."""

from __future__ import annotations

import io
import os
import subprocess
import tarfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from commands_support import cli, shared_stack, states
from stack_support import Stack

STACK = """
services:
  box:
    image: pycompose/busybox:latest
    init: true
    command: ["sh", "-c", "mkdir -p /data/sub; echo A > /data/a; echo B > /data/sub/b; ln -s /data/a /lnk; exec sleep 300"]
    stop_grace_period: 1s
    scale: 2
  nobody:
    image: pycompose/busybox:latest
    init: true
    user: nobody
    command: ["sleep", "300"]
    stop_grace_period: 1s
  talker:
    image: pycompose/busybox:latest
    init: true
    stdin_open: true
    command: ["sh", "-c", "read line; echo got:$$line; exit 7"]
"""


@pytest.fixture(scope="module")
def stack(docker_client: Any, base_image: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Stack]:
    with shared_stack(docker_client, tmp_path_factory.mktemp("cp"), STACK) as made:
        deadline = time.monotonic() + 30
        while made.container("box-2").exec_run("test -e /lnk").exit_code != 0 and time.monotonic() < deadline:
            time.sleep(0.1)
        yield made


def read(stack: Stack, name: str, path: str) -> str:
    result = stack.container(name).exec_run(["cat", path])
    assert result.exit_code == 0, result.output
    return str(result.output.decode())


def tree(root: Path) -> dict[str, str]:
    return {str(p.relative_to(root)): p.read_text() for p in sorted(root.rglob("*")) if p.is_file()}


def test_cp_from_a_container(stack: Stack, tmp_path: Path) -> None:
    done = cli(stack, "cp", "box:/data", str(tmp_path / "copy"))
    assert tree(tmp_path) == {"copy/a": "A\n", "copy/sub/b": "B\n"}
    assert f"{stack.name}-box-1 copy {stack.name}-box-1:/data to {tmp_path / 'copy'} Copied" in done.stderr
    cli(stack, "cp", "box:/data/sub/b", str(tmp_path))
    assert (tmp_path / "b").read_text() == "B\n"
    cli(stack, "cp", "-L", "box:/lnk", str(tmp_path / "followed"))
    assert (tmp_path / "followed").read_text() == "A\n" and not (tmp_path / "followed").is_symlink()
    cli(stack, "cp", "box:/lnk", str(tmp_path / "link"))
    assert (tmp_path / "link").is_symlink()
    archive = subprocess.run(stack.command("cp", "box:/data/a", "-"), cwd=stack.directory, env=stack.environment(),
                             capture_output=True, check=True, stdin=subprocess.DEVNULL).stdout
    with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
        assert tar.getnames() == ["a"]
    missing = cli(stack, "cp", "box:/nope", str(tmp_path), check=False)
    assert missing.returncode == 1 and "Could not find the file /nope" in missing.stderr


def test_cp_into_every_container_or_one(stack: Stack, tmp_path: Path) -> None:
    (tmp_path / "dir" / "inner").mkdir(parents=True)
    (tmp_path / "dir" / "inner" / "f").write_text("F\n")
    (tmp_path / "one.txt").write_text("one\n")
    cli(stack, "cp", str(tmp_path / "one.txt"), "box:/tmp/renamed.txt")
    assert read(stack, "box-1", "/tmp/renamed.txt") == read(stack, "box-2", "/tmp/renamed.txt") == "one\n"
    cli(stack, "cp", "--index", "2", str(tmp_path / "dir"), "box:/tmp/")
    assert read(stack, "box-2", "/tmp/dir/inner/f") == "F\n"
    assert stack.container("box-1").exec_run(["test", "-e", "/tmp/dir"]).exit_code != 0
    cli(stack, "cp", "--index", "1", str(tmp_path / "dir") + "/.", "box:/tmp/contents")
    assert read(stack, "box-1", "/tmp/contents/inner/f") == "F\n"
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w") as tar:
        info = tarfile.TarInfo("streamed.txt")
        info.size = 3
        tar.addfile(info, io.BytesIO(b"st\n"))
    subprocess.run(stack.command("cp", "--index", "1", "-", "box:/tmp"), cwd=stack.directory,
                   env=stack.environment(), input=buffer.getvalue(), check=True, capture_output=True)
    assert read(stack, "box-1", "/tmp/streamed.txt") == "st\n"


def test_cp_archive_gives_the_files_to_the_container_user(stack: Stack, tmp_path: Path) -> None:
    """As docker cp: the archive's owners are kept; with -a the files belong to the container's user."""
    source = tmp_path / "owned.txt"
    source.write_text("x")
    os.chown(source, 1234, 4321)
    cli(stack, "cp", str(source), "nobody:/tmp/plain.txt")
    cli(stack, "cp", "-a", str(source), "nobody:/tmp/archived.txt")
    owners = stack.container("nobody-1").exec_run(["stat", "-c", "%u:%g", "/tmp/plain.txt", "/tmp/archived.txt"])
    assert owners.output.decode().split() == ["1234:4321", "65534:65534"]


def test_cp_all_includes_run_containers(stack: Stack, tmp_path: Path) -> None:
    (tmp_path / "x.txt").write_text("x\n")
    cid = cli(stack, "run", "-d", "box", "sleep", "60").stdout.strip()
    try:
        cli(stack, "cp", str(tmp_path / "x.txt"), "box:/tmp/x.txt")
        assert stack.client.containers.get(cid).exec_run(["test", "-e", "/tmp/x.txt"]).exit_code != 0
        cli(stack, "cp", "--all", str(tmp_path / "x.txt"), "box:/tmp/x.txt")
        assert stack.client.containers.get(cid).exec_run(["cat", "/tmp/x.txt"]).output == b"x\n"
    finally:
        stack.client.containers.get(cid).remove(force=True)


def test_attach_feeds_stdin_and_returns_the_exit_code(stack: Stack) -> None:
    done = cli(stack, "attach", "talker", input="hello\n", check=False)
    assert done.returncode == 7, done.stderr
    assert "got:hello" in done.stdout
    cli(stack, "up", "-d", "talker")  # start it again for the next one
    missing = cli(stack, "attach", "--index", "2", "talker", check=False)
    assert missing.returncode == 1 and 'service "talker" is not running container #2' in missing.stderr


def test_wait_prints_exit_codes_and_returns_the_last(stack: Stack) -> None:
    cid = cli(stack, "run", "-d", "talker", "sh", "-c", "sleep 4; exit 5").stdout.strip()
    cli(stack, "stop", "-t", "1", "talker")
    done = cli(stack, "wait", "talker", check=False, timeout=60)
    assert done.returncode == 5
    assert done.stdout == f'container "{cid}" exited with status code 5\n'
    none = cli(stack, "wait", "talker", check=False)
    assert none.returncode == 1 and "no containers for project" in none.stderr
    stack.client.containers.get(cid).remove(force=True)


def test_wait_down_project_takes_the_stack_down_at_the_first_exit(stack: Stack) -> None:
    cli(stack, "up", "-d")
    cid = cli(stack, "run", "-d", "box", "sh", "-c", "sleep 4; exit 3").stdout.strip()
    done = cli(stack, "wait", "--down-project", "box", check=False, timeout=90)
    assert done.returncode == 3
    assert f'container "{cid}" exited with status code 3' in done.stdout
    assert [name for name, state in states(stack).items() if "-run-" not in name] == []
    stack.client.containers.get(cid).remove(force=True)
