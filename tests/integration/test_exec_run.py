"""exec and run on the real engine: exit codes passed through, streams, stdin, flags, one-off containers."""

from __future__ import annotations

import json
import re
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
    environment: {FROM_FILE: "db"}
  web:
    image: pycompose/busybox:latest
    init: true
    command: ["httpd", "-f", "-p", "80"]
    ports: ["127.0.0.1::80"]
    stop_grace_period: 1s
    scale: 2
    depends_on: [db]
"""


@pytest.fixture(scope="module")
def stack(docker_client: Any, base_image: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Stack]:
    with shared_stack(docker_client, tmp_path_factory.mktemp("exec"), STACK) as made:
        yield made


def oneoffs(stack: Stack) -> list[Any]:
    return [c for c in stack.containers() if c.labels.get("com.docker.compose.oneoff") == "True"]


# -- exec -----------------------------------------------------------------------------------------

def test_exec_passes_the_exit_code_and_splits_the_streams(stack: Stack) -> None:
    done = cli(stack, "exec", "db", "sh", "-c", "echo out; echo err >&2; exit 4", check=False)
    assert (done.returncode, done.stdout, done.stderr) == (4, "out\n", "err\n")
    assert cli(stack, "exec", "-T", "db", "true").returncode == 0


def test_exec_feeds_stdin_and_takes_env_user_workdir(stack: Stack) -> None:
    assert cli(stack, "exec", "db", "cat", input="piped\n").stdout == "piped\n"
    done = cli(stack, "exec", "-T", "-e", "A=1", "-e", "B", "-u", "1000", "-w", "/tmp", "db",
               "sh", "-c", 'echo "$A,${B-unset},$FROM_FILE"; id -u; pwd')
    assert done.stdout == "1,unset,db\n1000\n/tmp\n"
    # everything after the service's command is the command's own
    assert cli(stack, "exec", "db", "echo", "-e", "x").stdout == "x\n"


def test_exec_index_detach_and_errors(stack: Stack) -> None:
    second = cli(stack, "exec", "--index", "2", "web", "hostname").stdout.strip()
    assert second == stack.container("web-2").attrs["Config"]["Hostname"]
    missing = cli(stack, "exec", "--index", "3", "web", "true", check=False)
    assert missing.returncode == 1 and 'service "web" is not running container #3' in missing.stderr
    unknown = cli(stack, "exec", "nope", "true", check=False)
    assert unknown.returncode == 1 and "no such service: nope" in unknown.stderr
    cli(stack, "exec", "-d", "db", "sh", "-c", "echo detached > /tmp/mark")
    assert cli(stack, "exec", "db", "sh", "-c", "sleep 0.3; cat /tmp/mark").stdout == "detached\n"


def test_exec_privileged_is_passed_as_v2_passes_it(stack: Stack) -> None:
    """This engine may refuse the capabilities (nested containers): whatever it says, it says it to both."""
    ours = cli(stack, "exec", "--privileged", "db", "true", check=False)
    theirs = cli(stack, "exec", "--privileged", "db", "true", check=False, tool="oracle")
    assert ours.returncode == theirs.returncode
    assert ours.stdout.strip() == theirs.stdout.strip()


def test_exec_in_a_stopped_service_fails(stack: Stack) -> None:
    cli(stack, "stop", "-t", "1", "db")
    try:
        done = cli(stack, "exec", "db", "true", check=False)
        assert done.returncode == 1 and 'service "db" is not running' in done.stderr
    finally:
        cli(stack, "start", "db")


# -- run ------------------------------------------------------------------------------------------

def test_run_rm_returns_the_exit_code_and_removes_the_container(stack: Stack) -> None:
    done = cli(stack, "run", "--rm", "db", "sh", "-c", "echo hi; echo bad >&2; exit 3", check=False)
    assert (done.returncode, done.stdout, done.stderr) == (3, "hi\n", "bad\n")
    assert oneoffs(stack) == []


def test_run_names_and_labels_a_one_off_container(stack: Stack) -> None:
    cid = cli(stack, "run", "-d", "db", "sleep", "30").stdout.strip()
    try:
        c = stack.client.containers.get(cid)
        assert re.fullmatch(rf"{stack.name}-db-run-[0-9a-f]{{12}}", c.name)
        labels = c.labels
        assert labels["com.docker.compose.oneoff"] == "True"
        assert re.fullmatch(r"[0-9a-f]{64}", labels["com.docker.compose.slug"])
        assert c.name.endswith(labels["com.docker.compose.slug"][:12])
        assert "com.docker.compose.container-number" not in labels
        assert c.attrs["Config"]["OpenStdin"] and not c.attrs["Config"]["Tty"]
        # a one-off container is neither listed by ps nor stopped by stop; exec does not pick it
        assert all(r["Name"] != c.name for r in stack.ps_json())
    finally:
        stack.client.containers.get(cid).remove(force=True)


def test_run_starts_dependencies_unless_no_deps(stack: Stack) -> None:
    cli(stack, "stop", "-t", "1", "db")
    cli(stack, "run", "--rm", "--no-deps", "web", "true")
    assert states(stack)["db-1"] == "exited"
    done = cli(stack, "run", "--rm", "web", "true")
    assert states(stack)["db-1"] == "running"
    assert f"Container {stack.name}-db-1  Started" in done.stderr


def test_run_flags_reach_the_container(stack: Stack, tmp_path: Any) -> None:
    (tmp_path / "in.txt").write_text("mounted\n")
    tmp_path.chmod(0o755)  # readable by uid 1000 in the container
    script = 'echo "$A|$B"; id -u; pwd; cat /mnt/in.txt; grep -c "" /proc/self/status >/dev/null && echo ok'
    done = cli(stack, "run", "--rm", "-e", "A=1", "--env-from-file", str(_env_file(tmp_path)), "-u", "1000",
               "-w", "/tmp", "-v", f"{tmp_path}:/mnt:ro", "--entrypoint", "sh -c", "db", script)
    assert done.stdout == "1|from-file\n1000\n/tmp\nmounted\nok\n"


def test_run_detached_with_name_labels_ports_caps_and_aliases(stack: Stack) -> None:
    name = f"{stack.name}-custom"
    cid = cli(stack, "run", "-d", "--rm", "--name", name, "-l", "x.y=z", "-p", "127.0.0.1::81",
              "--cap-add", "SYS_TIME", "--use-aliases", "web", "sleep", "30").stdout.strip()
    try:
        attrs = stack.client.containers.get(cid).attrs
        assert attrs["Name"] == f"/{name}" and attrs["Config"]["Labels"]["x.y"] == "z"
        assert attrs["HostConfig"]["AutoRemove"] is True
        assert list(attrs["HostConfig"]["PortBindings"]) == ["81/tcp"]
        assert attrs["HostConfig"]["CapAdd"] == ["CAP_SYS_TIME"]
        aliases = attrs["NetworkSettings"]["Networks"][f"{stack.name}_default"]["Aliases"]
        assert name in aliases and "web" in aliases
    finally:
        stack.client.containers.get(cid).remove(force=True)
    service_ports = cli(stack, "run", "-d", "-P", "web", "sleep", "30").stdout.strip()
    try:
        bindings = stack.client.containers.get(service_ports).attrs["HostConfig"]["PortBindings"]
        assert list(bindings) == ["80/tcp"]
    finally:
        stack.client.containers.get(service_ports).remove(force=True)


def test_run_feeds_stdin_unless_not_interactive(stack: Stack) -> None:
    assert cli(stack, "run", "--rm", "db", "cat", input="through\n").stdout == "through\n"
    assert cli(stack, "run", "--rm", "-T", "db", "cat", input="again\n").stdout == "again\n"
    assert cli(stack, "run", "--rm", "--no-interactive", "db", "cat", input="ignored\n").stdout == ""


def test_run_dry_run_and_errors(stack: Stack) -> None:
    plan = cli(stack, "--dry-run", "run", "--rm", "db", "true").stdout
    assert re.search(rf"CreateContainer service:db:run \({stack.name}-db-run-[0-9a-f]{{12}}\)", plan)
    assert oneoffs(stack) == []
    unknown = cli(stack, "run", "nope", check=False)
    assert unknown.returncode == 1 and "no such service: nope" in unknown.stderr
    both = cli(stack, "run", "-P", "-p", "80", "web", check=False)
    assert both.returncode == 2 and "incompatible" in both.stderr


def test_ps_json_of_a_run_container_with_all(stack: Stack) -> None:
    cid = cli(stack, "run", "-d", "db", "sleep", "30").stdout.strip()
    try:
        rows = [json.loads(line) for line in cli(stack, "ps", "-a", "--format", "json").stdout.splitlines()]
        assert any(r["ID"] == cid[:12] for r in rows)
    finally:
        stack.client.containers.get(cid).remove(force=True)


def _env_file(directory: Any) -> Any:
    path = directory / "run.env"
    path.write_text("B=from-file\n")
    return path


# -- terminals ------------------------------------------------------------------------------------

def test_exec_and_run_allocate_a_tty_only_on_a_terminal(stack: Stack) -> None:
    from commands_support import in_terminal

    code, out = in_terminal(stack, "exec", "db", "sh", "-c", "tty; exit 3")
    assert code == 3 and "/dev/pts/" in out
    code, out = in_terminal(stack, "exec", "-T", "db", "sh", "-c", "tty; true")
    assert code == 0 and "not a tty" in out
    assert cli(stack, "exec", "db", "tty", check=False).stdout.strip() == "not a tty"
    code, out = in_terminal(stack, "run", "--rm", "db", "sh", "-c", "tty; exit 4")
    assert code == 4 and "/dev/pts/" in out
    assert oneoffs(stack) == []


def test_an_interactive_shell_on_a_terminal(stack: Stack) -> None:
    from commands_support import in_terminal

    code, out = in_terminal(stack, "exec", "db", "sh", keys=b"echo typed-$((6*7))\rexit 5\r")
    assert code == 5 and "typed-42" in out


def test_run_remove_orphans(stack: Stack) -> None:
    labels = {"com.docker.compose.project": stack.name, "com.docker.compose.service": "ghost",
              "com.docker.compose.container-number": "1", "com.docker.compose.oneoff": "False"}
    stack.client.containers.create("pycompose/busybox:latest", ["true"], name=f"{stack.name}-ghost-1",
                                   labels=labels)
    try:
        cli(stack, "run", "--rm", "--no-deps", "db", "true")
        assert "ghost-1" in states(stack)
        cli(stack, "run", "--rm", "--no-deps", "--remove-orphans", "db", "true")
        assert "ghost-1" not in states(stack)
    finally:
        for c in stack.client.containers.list(all=True, filters={"name": f"{stack.name}-ghost-1"}):
            c.remove(force=True)
