"""pycompose as the Docker CLI's ``compose`` plugin, driven by the real ``docker`` binaries.

Each test installs the plugin (``pycompose install-plugin --user``) into a temporary
DOCKER_CONFIG, so the machine's own plugins are never touched. Both Docker CLIs present are
tried where the difference matters (Debian's docker.io 20.10 at /usr/bin/docker, Docker's 28 at
/usr/local/bin/docker): 20.10 passes no DOCKER_CLI_PLUGIN_SOCKET.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from stack_support import Stack

from compose.cli.plugin import plugin_argv, split_docker_globals

ROOT = Path(__file__).resolve().parents[2]
DEMO = ROOT / "examples" / "demo" / "compose.yaml"


def docker_binaries() -> list[str]:
    """``docker`` on PATH first, then the other Docker CLIs installed (one per real file)."""
    found: list[str] = []
    for candidate in (shutil.which("docker"), "/usr/local/bin/docker", "/usr/bin/docker"):
        if candidate and os.access(candidate, os.X_OK) and all(
                not os.path.samefile(candidate, f) for f in found):
            found.append(candidate)
    return found


DOCKERS = docker_binaries()
DOCKER = DOCKERS[0] if DOCKERS else "docker"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def environment(config: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("COMPOSE_", "DOCKER_"))}
    env.update({"DOCKER_CONFIG": str(config), "PYCOMPOSE_NO_MEMO": "1", "NO_COLOR": "1", **extra})
    return env


def run(argv: list[str], env: dict[str, str], *, check: bool = True, timeout: float = 180,
        cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    done = subprocess.run(argv, env=env, capture_output=True, text=True, timeout=timeout, check=False,
                          stdin=subprocess.DEVNULL, cwd=cwd)
    if check and done.returncode != 0:
        raise AssertionError(f"{' '.join(argv)} exited {done.returncode}\nstdout:\n{done.stdout}\n"
                             f"stderr:\n{done.stderr}")
    return done


def json_records(text: str) -> list[dict[str, Any]]:
    """``ps --format json``: one object a line (v2.21+), or one array (older v2)."""
    text = text.strip()
    if text.startswith("["):
        records: list[dict[str, Any]] = json.loads(text)
        return records
    return [json.loads(line) for line in text.splitlines() if line.strip()]


def install_plugin(config: Path, *flags: str, check: bool = True) -> subprocess.CompletedProcess[str]:
    return run([sys.executable, "-m", "compose", "install-plugin", *flags], environment(config), check=check)


@pytest.fixture
def config(tmp_path: Path) -> Path:
    """A DOCKER_CONFIG with pycompose installed as its compose plugin."""
    folder = tmp_path / "docker-config"
    folder.mkdir()
    install_plugin(folder, "--user")
    return folder


def plugin_file(config: Path) -> Path:
    return config / "cli-plugins" / "docker-compose"


# -- the command line: the Docker CLI's global flags into the environment -------------------------

@pytest.mark.parametrize(("argv", "env", "rest"), [
    (["compose", "up", "-d"], {}, ["up", "-d"]),
    (["-H", "tcp://h:2376", "compose", "ps"], {"DOCKER_HOST": "tcp://h:2376"}, ["ps"]),
    (["-Htcp://h", "--context=ctx", "compose", "ls"], {"DOCKER_HOST": "tcp://h", "DOCKER_CONTEXT": "ctx"}, ["ls"]),
    (["--config", "/c", "-c", "x", "-D", "-l", "debug", "compose", "version"],
     {"DOCKER_CONFIG": "/c", "DOCKER_CONTEXT": "x"}, ["version"]),
    (["--tlsverify", "--tlscacert", "/ca", "--tlscert=/cert", "--tlskey", "/key", "compose", "ps"],
     {"DOCKER_TLS_VERIFY": "1", "PYCOMPOSE_TLS_CACERT": "/ca", "PYCOMPOSE_TLS_CERT": "/cert",
      "PYCOMPOSE_TLS_KEY": "/key"}, ["ps"]),
    (["--tls=true", "--tlsverify=false", "compose", "ps"], {"DOCKER_TLS": "1"}, ["ps"]),
    # standalone docker-compose: passed on as is (-H... and all)
    (["up", "-d"], {}, ["up", "-d"]),
    (["-f", "a.yaml", "-p", "x", "up"], {}, ["-f", "a.yaml", "-p", "x", "up"]),
    (["-H", "unix:///s", "ps"], {}, ["-H", "unix:///s", "ps"]),
    (["--help"], {}, ["--help"]),
    ([], {}, []),
])
def test_docker_globals_become_the_environment(argv: list[str], env: dict[str, str], rest: list[str]) -> None:
    environ = {"DOCKER_TLS_VERIFY": "1", "KEEP": "x"}
    assert plugin_argv(argv, environ) == rest
    want = {"DOCKER_TLS_VERIFY": "1", "KEEP": "x", **env}
    if "--tlsverify=false" in argv:
        del want["DOCKER_TLS_VERIFY"]
    assert environ == want


def test_a_global_flag_without_its_value_is_an_error() -> None:
    from compose.cli.plugin import PluginUsageError

    with pytest.raises(PluginUsageError, match="-H"):
        split_docker_globals(["-H"])


# -- metadata --------------------------------------------------------------------------------------

@pytest.mark.oracle
def test_metadata_has_v2s_shape(config: Path) -> None:
    from stack_support import oracle_path

    ours = json.loads(run([str(plugin_file(config)), "docker-cli-plugin-metadata"], environment(config)).stdout)
    theirs = json.loads(run([oracle_path(), "docker-cli-plugin-metadata"], environment(config)).stdout)
    assert set(ours) == set(theirs) == {"SchemaVersion", "Vendor", "Version", "ShortDescription"}
    assert ours["SchemaVersion"] == "0.1.0"  # the only one the Docker CLI accepts
    assert ours["Vendor"] == "pycompose"
    assert ours["Version"].startswith("v")
    from compose._version import __version__

    assert ours["Version"].lstrip("v") == __version__.lstrip("v")


@pytest.mark.parametrize("docker", DOCKERS)
def test_docker_lists_the_plugin(config: Path, docker: str) -> None:
    out = run([docker, "--help"], environment(config)).stdout
    line = next(line for line in out.splitlines() if line.strip().startswith("compose"))
    assert "pycompose" in line, line


# -- running through the Docker CLI ----------------------------------------------------------------

@pytest.mark.parametrize("docker", DOCKERS)
def test_docker_compose_version_runs_pycompose(config: Path, docker: str) -> None:
    out = run([docker, "compose", "version"], environment(config)).stdout
    assert out.startswith("pycompose version"), out
    short = run([docker, "compose", "version", "--short"], environment(config)).stdout.strip()
    from compose._version import COMPOSE_VERSION

    assert short == COMPOSE_VERSION


def test_the_plugin_runs_standalone(config: Path) -> None:
    """The file the Docker CLI runs is also a standalone ``docker-compose`` (no leading ``compose``)."""
    out = run([str(plugin_file(config)), "version"], environment(config)).stdout
    assert out.startswith("pycompose version"), out


def test_the_plugin_runs_the_installing_python(config: Path) -> None:
    text = plugin_file(config).read_text()
    assert sys.executable in text
    assert os.access(plugin_file(config), os.X_OK)


@pytest.mark.parametrize("docker", DOCKERS)
def test_docker_host_flag_reaches_pycompose(config: Path, docker: str, tmp_path: Path,
                                            docker_client: Any) -> None:
    env = environment(config)
    ok = run([docker, "-H", "unix:///var/run/docker.sock", "compose", "ls", "--format", "json"], env)
    assert isinstance(json.loads(ok.stdout), list)
    missing = tmp_path / "no-engine.sock"
    bad = run([docker, "-H", f"unix://{missing}", "compose", "ls"], env, check=False)
    assert bad.returncode != 0
    assert str(missing) in bad.stderr, bad.stderr


def test_demo_up_ps_down_through_docker_compose(config: Path, docker_client: Any, base_image: str,
                                                tmp_path: Path) -> None:
    name = f"pyct{uuid.uuid4().hex[:10]}"
    port = free_port()
    env = environment(config, DEMO_PORT=str(port))
    compose = [DOCKER, "compose", "-f", str(DEMO), "-p", name]
    stack = Stack(name, tmp_path, docker_client)  # type: ignore[arg-type]
    try:
        run([*compose, "up", "-d", "--wait"], env, timeout=240)
        ps = json_records(run([*compose, "ps", "--format", "json"], env).stdout)
        states = {p["Service"]: p["State"] for p in ps}
        assert states == {"web": "running", "worker": "running"}, states
        body = urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=10).read().decode()
        assert "Hello from pycompose" in body
        run([*compose, "down", "-v"], env)
        assert stack.containers() == []
        assert not docker_client.volumes.list(filters={"label": f"com.docker.compose.project={name}"})
    finally:
        stack.cleanup()


# -- install-plugin: refusing, --force, idempotence ------------------------------------------------

FOREIGN = """#!/bin/sh
if [ "$1" = docker-cli-plugin-metadata ]; then
  echo '{"SchemaVersion":"0.1.0","Vendor":"Someone Else","Version":"v9.8.7","ShortDescription":"Other compose"}'
  exit 0
fi
echo other compose
"""


def test_install_refuses_to_replace_another_plugin(tmp_path: Path) -> None:
    config = tmp_path / "cfg"
    (config / "cli-plugins").mkdir(parents=True)
    other = plugin_file(config)
    other.write_text(FOREIGN)
    other.chmod(0o755)
    refused = install_plugin(config, "--user", check=False)
    assert refused.returncode == 1
    assert str(other) in refused.stderr
    assert "v9.8.7" in refused.stderr and "Someone Else" in refused.stderr
    assert "--force" in refused.stderr
    assert other.read_text() == FOREIGN
    assert run([DOCKER, "compose"], environment(config)).stdout.strip() == "other compose"

    forced = install_plugin(config, "--user", "--force")
    assert "v9.8.7" in forced.stdout  # what it replaced
    assert run([DOCKER, "compose", "version"], environment(config)).stdout.startswith("pycompose version")


def test_install_refuses_a_file_that_is_no_plugin(tmp_path: Path) -> None:
    config = tmp_path / "cfg"
    (config / "cli-plugins").mkdir(parents=True)
    plugin_file(config).write_text("not a plugin\n")
    refused = install_plugin(config, check=False)
    assert refused.returncode == 1
    assert f"{plugin_file(config)}: a file" in refused.stderr


def test_install_again_is_a_no_op(config: Path) -> None:
    before = plugin_file(config).stat().st_mtime_ns
    again = install_plugin(config, "--user")
    assert "already" in again.stdout
    assert plugin_file(config).stat().st_mtime_ns == before


def test_install_respects_docker_config(tmp_path: Path) -> None:
    config = tmp_path / "elsewhere"
    done = install_plugin(config)
    assert plugin_file(config).exists()
    assert str(plugin_file(config)) in done.stdout


def test_user_and_system_are_exclusive(tmp_path: Path) -> None:
    done = install_plugin(tmp_path, "--user", "--system", check=False)
    assert done.returncode == 2
    assert not plugin_file(tmp_path).exists()


# -- the Docker CLI told to stop: the plugin stops as on Ctrl-C ------------------------------------

SLEEPER = """
services:
  sleeper:
    image: pycompose/busybox:latest
    command: ["sh", "-c", "trap 'exit 0' TERM; echo started; while true; do sleep 1; done"]
    stop_grace_period: 5s
"""


def states(client: Any, project: str) -> dict[str, str]:
    """Container name -> state, from one list call (no inspect that a removal in between could fail)."""
    found = client.containers.list(all=True, sparse=True, filters={"label": f"com.docker.compose.project={project}"})
    return {c.attrs["Names"][0].lstrip("/"): c.status for c in found}


def cli_major(docker: str) -> int:
    out = subprocess.run([docker, "version", "--format", "{{.Client.Version}}"], capture_output=True, text=True,
                         timeout=30, check=False).stdout.strip()
    return int(out.split(".")[0]) if out[:1].isdigit() else 0


@pytest.mark.parametrize("docker", DOCKERS)
def test_sigterm_to_docker_stops_an_attached_up(config: Path, docker_client: Any, base_image: str,
                                                tmp_path: Path, docker: str) -> None:
    """docker 23+ does not forward SIGTERM to a plugin whose output is not a terminal: it closes the
    DOCKER_CLI_PLUGIN_SOCKET connection, and the plugin is to stop (v2 cancels its context). docker
    20.10 has no socket and swallows SIGINT/SIGTERM while a plugin runs (cmd/docker/docker.go,
    tryPluginRun: "let the plugin shut down first"): there the signal only reaches the plugin when
    sent to the process group (as a terminal's Ctrl-C is), so that is what the test does."""
    name = f"pyct{uuid.uuid4().hex[:10]}"
    (tmp_path / "compose.yaml").write_text(SLEEPER)
    stack = Stack(name, tmp_path, docker_client)  # type: ignore[arg-type]
    env = environment(config)
    to_group = cli_major(docker) < 23
    proc = subprocess.Popen([docker, "compose", "-p", name, "up"], cwd=tmp_path, env=env, stdin=subprocess.DEVNULL,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, start_new_session=True)
    try:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and "running" not in states(docker_client, name).values():
            time.sleep(0.3)
        assert "running" in states(docker_client, name).values(), "up did not start the container"
        time.sleep(1)
        if to_group:
            os.killpg(proc.pid, signal.SIGTERM)
        else:
            proc.send_signal(signal.SIGTERM)  # to docker only, not its process group
        try:
            proc.wait(timeout=60)
        except subprocess.TimeoutExpired:
            pytest.fail("docker compose up went on after SIGTERM to the docker CLI")
        after = states(docker_client, name)
        assert after and all(s == "exited" for s in after.values()), after
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
        if proc.stdout:
            proc.stdout.close()
        stack.cleanup()


@pytest.fixture(autouse=True)
def _no_system_plugin_written() -> Iterator[None]:
    """No test here may write to the machine's plugin folders."""
    from compose.cli.commands.install_plugin import SYSTEM_DIR

    path = Path(SYSTEM_DIR) / "docker-compose"
    before = path.exists() and path.stat().st_mtime_ns
    yield
    after = path.exists() and path.stat().st_mtime_ns
    assert before == after, f"a test wrote {path}"
