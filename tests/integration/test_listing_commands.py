"""ls, images, port, top, events, stats and version on the real engine: tables, JSON and exit codes."""

from __future__ import annotations

import json
import re
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from commands_support import cli, shared_stack
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
    command: ["httpd", "-f", "-p", "80"]
    ports: ["127.0.0.1::80", "127.0.0.1::53/udp"]
    stop_grace_period: 1s
    scale: 2
"""


@pytest.fixture(scope="module")
def stack(docker_client: Any, base_image: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Stack]:
    with shared_stack(docker_client, tmp_path_factory.mktemp("listing"), STACK) as made:
        yield made


def test_ls_table_json_quiet_filter_and_all(stack: Stack, tmp_path: Path) -> None:
    config = str(stack.directory / "compose.yaml")
    table = cli(stack, "ls", cwd=tmp_path, project=False).stdout
    assert table.splitlines()[0].split() == ["NAME", "STATUS", "CONFIG", "FILES"]
    assert re.search(rf"^{stack.name} +running\(3\) +{re.escape(config)}$", table, re.M)
    records = json.loads(cli(stack, "ls", "--format", "json", "--filter", f"name={stack.name}", cwd=tmp_path,
                             project=False).stdout)
    assert records == [{"Name": stack.name, "Status": "running(3)", "ConfigFiles": config}]
    assert cli(stack, "ls", "-q", "--filter", f"name=^{stack.name}$", cwd=tmp_path, project=False).stdout == (
        f"{stack.name}\n")
    cli(stack, "stop", "-t", "1", "db")
    try:
        running = json.loads(cli(stack, "ls", "--format", "json", "--filter", f"name={stack.name}",
                                 project=False).stdout)
        assert running[0]["Status"] == "running(2)"
        everything = json.loads(cli(stack, "ls", "-a", "--format", "json", "--filter", f"name={stack.name}",
                                    project=False).stdout)
        assert everything[0]["Status"] == "exited(1), running(2)"
    finally:
        cli(stack, "start", "db")
    bad = cli(stack, "ls", "--filter", "status=running", check=False, project=False)
    assert bad.returncode == 2 and "invalid filter 'status'" in bad.stderr


def test_images_table_json_and_quiet(stack: Stack) -> None:
    image = stack.client.images.get("pycompose/busybox:latest")
    table = cli(stack, "images").stdout.splitlines()
    assert table[0].split() == ["CONTAINER", "REPOSITORY", "TAG", "PLATFORM", "IMAGE", "ID", "SIZE", "CREATED"]
    assert [row.split()[:5] for row in table[1:]] == [
        [f"{stack.name}-{n}", "pycompose/busybox", "latest", "linux/amd64", image.id[7:19]]
        for n in ("db-1", "web-1", "web-2")]
    records = json.loads(cli(stack, "images", "--format", "json", "web").stdout)
    assert [r["ContainerName"] for r in records] == [f"{stack.name}-web-1", f"{stack.name}-web-2"]
    assert records[0]["ID"] == image.id and records[0]["Size"] == image.attrs["Size"]
    assert cli(stack, "images", "-q").stdout == image.id[7:] + "\n"


def test_port_index_protocol_and_errors(stack: Stack) -> None:
    for index in (1, 2):
        published = stack.container(f"web-{index}").attrs["NetworkSettings"]["Ports"]["80/tcp"][0]["HostPort"]
        assert cli(stack, "port", "--index", str(index), "web", "80").stdout == f"127.0.0.1:{published}\n"
    udp = stack.container("web-1").attrs["NetworkSettings"]["Ports"]["53/udp"][0]["HostPort"]
    assert cli(stack, "port", "--protocol", "udp", "web", "53").stdout == f"127.0.0.1:{udp}\n"
    missing = cli(stack, "port", "web", "81", check=False)
    assert missing.returncode == 1 and f"no port 81/tcp for container {stack.name}-web-1" in missing.stderr
    none = cli(stack, "port", "--index", "3", "web", "80", check=False)
    assert none.returncode == 1 and "no container found for web-3" in none.stderr
    assert cli(stack, "port", "web", check=False).returncode == 2


def test_top_lists_the_processes_of_each_container(stack: Stack) -> None:
    out = cli(stack, "top").stdout.splitlines()
    assert out[0].split()[:2] == ["SERVICE", "#"] and out[0].split()[-1] == "CMD"
    rows = [line.split() for line in out[1:]]
    assert {(r[0], r[1]) for r in rows} == {("db", "1"), ("web", "1"), ("web", "2")}
    assert any(line.endswith("sleep 300") for line in out)
    assert all(line.split()[0] == "web" for line in cli(stack, "top", "web").stdout.splitlines()[1:])


def test_events_json_and_text_within_since_until(stack: Stack) -> None:
    time.sleep(1.05 - time.time() % 1)  # a fresh second: no event of an earlier test falls after `since`
    since = int(time.time())
    cli(stack, "restart", "-t", "1", "db")
    time.sleep(1.5)
    until = int(time.time())
    records = [json.loads(line) for line in cli(stack, "events", "--json", "--since", str(since), "--until",
                                                 str(until), timeout=60).stdout.splitlines()]
    actions = [r["action"] for r in records]
    assert "restart" in actions and "start" in actions
    assert {r["service"] for r in records} == {"db"}
    assert set(records[0]) == {"action", "attributes", "id", "service", "time", "type"}
    assert not any(k.startswith("com.docker.compose.") for r in records for k in r["attributes"])
    text = cli(stack, "events", "--since", str(since), "--until", str(until), "web", timeout=60).stdout
    assert text == ""  # only db had events
    text = cli(stack, "events", "--since", str(since), "--until", str(until), timeout=60).stdout
    assert re.search(rf"^\d{{4}}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{{6}} container restart [0-9a-f]{{64}} "
                     rf"\(.*name={stack.name}-db-1.*\)$", text, re.M)


def test_stats_once_as_table_json_and_template(stack: Stack) -> None:
    table = cli(stack, "stats", "--no-stream").stdout.splitlines()
    assert table[0].split()[:3] == ["CONTAINER", "ID", "NAME"]
    assert sorted(row.split()[1] for row in table[1:]) == [f"{stack.name}-{n}" for n in ("db-1", "web-1", "web-2")]
    records = [json.loads(line) for line in cli(stack, "stats", "--no-stream", "--format", "json", "db").stdout
               .splitlines()]
    assert len(records) == 1 and records[0]["Name"] == f"{stack.name}-db-1"
    assert set(records[0]) == {"BlockIO", "CPUPerc", "Container", "ID", "MemPerc", "MemUsage", "Name", "NetIO",
                               "PIDs"}
    assert re.fullmatch(r"\d+\.\d\d%", records[0]["CPUPerc"]) and int(records[0]["PIDs"]) >= 1
    assert cli(stack, "stats", "--no-stream", "--format", "{{.Name}}", "db").stdout == f"{stack.name}-db-1\n"
    full = json.loads(cli(stack, "stats", "--no-stream", "--no-trunc", "--format", "json", "db").stdout)
    assert len(full["ID"]) == 64


def test_version_forms(stack: Stack) -> None:
    from compose._version import COMPOSE_VERSION, __version__

    assert re.fullmatch(r"2\.[0-9]+\.[0-9]+\n", cli(stack, "version", "--short").stdout)
    assert cli(stack, "version", "--short").stdout == f"{COMPOSE_VERSION}\n"
    assert cli(stack, "version").stdout == f"pycompose version {__version__} (Docker Compose v{COMPOSE_VERSION} compatible)\n"
    assert json.loads(cli(stack, "version", "--format", "json").stdout) == {
        "version": f"v{COMPOSE_VERSION}", "pycompose": __version__}


def test_project_name_alone_without_a_compose_file(stack: Stack, tmp_path: Path) -> None:
    """images, port, top, logs, stats and exec find the project by its label (-p NAME, no file here)."""
    assert cli(stack, "images", "-q", cwd=tmp_path).stdout.strip() != ""
    assert cli(stack, "port", "web", "80", cwd=tmp_path).stdout.startswith("127.0.0.1:")
    assert "sleep 300" in cli(stack, "top", "db", cwd=tmp_path).stdout
    assert cli(stack, "exec", "db", "echo", "here", cwd=tmp_path).stdout == "here\n"
    assert cli(stack, "stats", "--no-stream", "--format", "{{.Name}}", "db", cwd=tmp_path).stdout == (
        f"{stack.name}-db-1\n")
    assert cli(stack, "logs", "db", cwd=tmp_path).returncode == 0


def test_stats_streams_until_interrupted(stack: Stack) -> None:
    import signal
    import subprocess

    live = subprocess.Popen(stack.command("stats", "db"), cwd=stack.directory, env=stack.environment(),
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, stdin=subprocess.DEVNULL)
    try:
        time.sleep(3.5)
        live.send_signal(signal.SIGINT)
        out, _ = live.communicate(timeout=20)
    finally:
        if live.poll() is None:
            live.kill()
            live.wait()
    frames = out.split("\x1b[2J\x1b[H")
    assert len([f for f in frames if f.startswith("CONTAINER ID")]) >= 2  # redrawn every second
    assert f"{stack.name}-db-1" in frames[-1]
