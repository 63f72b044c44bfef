"""Running pycompose (and Docker Compose v2, the oracle) on a compose file, and cleaning up by label."""

from __future__ import annotations

import contextlib
import json
import os
import signal
import subprocess
import sys
import textwrap
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import docker
import pytest

ORACLE_DEFAULT = "/opt/pycompose-oracle/lib/python3.11/site-packages/compose/docker-compose"
BASE = "pycompose/busybox:latest"


def oracle_path() -> str:
    path = os.environ.get("PYCOMPOSE_ORACLE") or ORACLE_DEFAULT
    if not os.path.exists(path):
        pytest.skip(f"Docker Compose v2 (the oracle) not found at {path}; scripts/ensure-oracle installs it")
    return path


@dataclass
class Stack:
    """One compose project in a temporary directory, driven through the CLI."""

    name: str
    directory: Path
    client: docker.DockerClient
    env: dict[str, str] = field(default_factory=dict)

    def write(self, text: str, filename: str = "compose.yaml") -> Path:
        path = self.directory / filename
        path.write_text(textwrap.dedent(text))
        return path

    def command(self, *args: str) -> list[str]:
        return [sys.executable, "-m", "compose", "-p", self.name, *args]

    def oracle(self, *args: str) -> list[str]:
        return [oracle_path(), "-p", self.name, *args]

    def environment(self) -> dict[str, str]:
        env = {k: v for k, v in os.environ.items() if not k.startswith("COMPOSE_")}
        env.update({"NO_COLOR": "1", **self.env})
        return env

    def run(self, *args: str, check: bool = True, timeout: float = 180,
            tool: str = "pycompose") -> subprocess.CompletedProcess[str]:
        argv = self.command(*args) if tool == "pycompose" else self.oracle(*args)
        done = subprocess.run(argv, cwd=self.directory, env=self.environment(), capture_output=True, text=True,
                              timeout=timeout, check=False)
        if check and done.returncode != 0:
            raise AssertionError(f"{' '.join(argv)} exited {done.returncode}\nstdout:\n{done.stdout}\n"
                                 f"stderr:\n{done.stderr}")
        return done

    def start(self, *args: str) -> Background:
        """A background pycompose (attached ``up``), in its own process group."""
        return Background(subprocess.Popen(self.command(*args), cwd=self.directory, env=self.environment(),
                                           stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True,
                                           start_new_session=True))

    # -- what the engine holds
    def containers(self, *, all: bool = True) -> list[Any]:
        found = self.client.containers.list(all=all, filters={"label": f"com.docker.compose.project={self.name}"})
        return sorted(found, key=lambda c: c.name)

    def container(self, name: str) -> Any:
        return self.client.containers.get(f"{self.name}-{name}")

    def ids(self) -> dict[str, str]:
        return {c.name: c.id for c in self.containers()}

    def ps_json(self, *args: str) -> list[dict[str, Any]]:
        out = self.run("ps", "--format", "json", *args).stdout
        return [json.loads(line) for line in out.splitlines() if line.strip()]

    def published_port(self, service: str, target: int) -> int:
        ports = self.container(f"{service}-1").attrs["NetworkSettings"]["Ports"][f"{target}/tcp"]
        return int(ports[0]["HostPort"])

    def cleanup(self) -> None:
        remove_project(self.client, self.name)


def remove_project(client: docker.DockerClient, name: str) -> None:
    """Everything carrying the project's label: containers (with anonymous volumes), networks, volumes.

    Engine 20.10 frees a removed container's endpoints and volume references a moment after the
    removal returns, and a list can miss an object that is being created or removed; so the lists
    are taken again until they come back empty (10 s at most; what is left then fails the test)."""
    label = {"label": f"com.docker.compose.project={name}"}
    deadline = time.monotonic() + 10.0
    while True:
        busy: list[str] = []
        found = 0
        for c in client.containers.list(all=True, filters=label):
            found += 1
            with contextlib.suppress(docker.errors.NotFound):
                try:
                    c.remove(force=True, v=True)
                except docker.errors.APIError as exc:
                    busy.append(f"container {c.name}: {exc.explanation}")
        for n in client.networks.list(filters=label):
            found += 1
            with contextlib.suppress(docker.errors.NotFound):
                try:
                    n.remove()
                except docker.errors.APIError as exc:
                    busy.append(f"network {n.name}: {exc.explanation}")
        for v in client.volumes.list(filters=label):
            found += 1
            with contextlib.suppress(docker.errors.NotFound):
                try:
                    v.remove(force=True)
                except docker.errors.APIError as exc:
                    busy.append(f"volume {v.name}: {exc.explanation}")
        if not found:
            return
        if time.monotonic() > deadline:
            raise AssertionError(f"project {name} could not be cleaned up: {busy or 'objects keep appearing'}")
        time.sleep(0.1)


def leftovers(client: docker.DockerClient, prefix: str) -> list[str]:
    """Names of containers, networks and volumes of test projects (project label starting with ``prefix``)."""
    out = []
    for c in client.containers.list(all=True, filters={"label": "com.docker.compose.project"}):
        if c.labels.get("com.docker.compose.project", "").startswith(prefix):
            out.append(f"container {c.name}")
    for n in client.networks.list(filters={"label": "com.docker.compose.project"}):
        if (n.attrs.get("Labels") or {}).get("com.docker.compose.project", "").startswith(prefix):
            out.append(f"network {n.name}")
    for v in client.volumes.list(filters={"label": "com.docker.compose.project"}):
        if (v.attrs.get("Labels") or {}).get("com.docker.compose.project", "").startswith(prefix):
            out.append(f"volume {v.name}")
    return out


class Background:
    """A running pycompose whose stdout is collected by a thread (so waiting for a line never blocks)."""

    def __init__(self, process: subprocess.Popen[str]) -> None:
        self.process = process
        self.output = ""
        self._lock = threading.Lock()
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            with self._lock:
                self.output += line

    def wait_for(self, text: str, timeout: float = 60) -> str:
        deadline = time.monotonic() + timeout
        while True:
            with self._lock:
                if text in self.output:
                    return self.output
            if self.process.poll() is not None and not self._reader.is_alive():
                raise AssertionError(f"exited {self.process.returncode} before {text!r}; got:\n{self.output}")
            if time.monotonic() > deadline:
                raise AssertionError(f"{text!r} did not appear within {timeout}s; got:\n{self.output}")
            time.sleep(0.05)

    def interrupt(self) -> None:
        os.killpg(self.process.pid, signal.SIGINT)

    def finish(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
        self.process.wait()
        self._reader.join(timeout=5)
