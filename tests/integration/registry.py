"""A real image registry for the tests: Debian's docker-registry on 127.0.0.1, with a password.

``registry`` (session scope) starts ``docker-registry serve`` on a free port with
a temporary storage directory and htpasswd file, waits until it answers, and
stops it afterwards. The Docker Engine lets 127.0.0.1 registries be plain HTTP.
``registry.docker_config`` is a DOCKER_CONFIG directory whose config.json holds
the credentials, as ``docker login`` writes them; without it pushes are refused.

``image_cleanup`` removes, after a test, every local image whose reference
starts with one of the prefixes the test registered (its project name, its
registry repository), whatever happened in the test.

Test modules import both fixtures: ``from registry import image_cleanup_fixture, registry_fixture``.
"""

from __future__ import annotations

import base64
import contextlib
import json
import os
import shutil
import socket
import subprocess
import tempfile
import textwrap
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import docker
import pytest

REGISTRY_BINARY = "/usr/bin/docker-registry"
USER = "pycompose"
PASSWORD = "h6secret"
# bcrypt of PASSWORD (cost 4), computed once: the registry only reads bcrypt htpasswd entries.
PASSWORD_HASH = "$2b$04$R14TNAxgEU8ijRLRPMe5OuLmm5mqcI2RMiN9IzZJTer6DEdNGEqT2"


@dataclass
class Registry:
    host: str
    """``127.0.0.1:<port>``"""
    docker_config: str
    """A DOCKER_CONFIG directory with this registry's credentials."""
    log: Path

    def ref(self, repository: str, tag: str = "latest") -> str:
        return f"{self.host}/{repository}:{tag}"

    def tags(self, repository: str) -> list[str]:
        """The tags the registry holds for ``repository`` (read over its HTTP API)."""
        request = urllib.request.Request(f"http://{self.host}/v2/{repository}/tags/list")
        token = base64.b64encode(f"{USER}:{PASSWORD}".encode()).decode()
        request.add_header("Authorization", f"Basic {token}")
        try:
            with urllib.request.urlopen(request, timeout=5) as response:
                return sorted(json.load(response).get("tags") or [])
        except urllib.error.HTTPError as exc:
            if exc.code == 404:
                return []
            raise


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _config(storage: Path, htpasswd: Path, port: int) -> str:
    return textwrap.dedent(f"""\
        version: 0.1
        log:
          level: warn
          accesslog:
            disabled: false
        storage:
          filesystem:
            rootdirectory: {storage}
          delete:
            enabled: true
        http:
          addr: 127.0.0.1:{port}
          secret: pycompose-tests
        auth:
          htpasswd:
            realm: pycompose-tests
            path: {htpasswd}
        """)


def _wait_until_up(host: str, process: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"docker-registry exited with {process.returncode}:\n{log.read_text()}")
        try:
            urllib.request.urlopen(f"http://{host}/v2/", timeout=1)
            return
        except urllib.error.HTTPError:
            return  # 401: it answers, and asks for credentials
        except OSError:
            time.sleep(0.05)
    raise RuntimeError(f"docker-registry did not answer on {host}:\n{log.read_text()}")


@pytest.fixture(scope="session", name="registry")
def registry_fixture() -> Iterator[Registry]:
    if not os.access(REGISTRY_BINARY, os.X_OK):
        if os.environ.get("PYCOMPOSE_REQUIRE_ENGINE", "") not in ("", "0"):
            pytest.fail(f"{REGISTRY_BINARY} is missing (Debian package docker-registry)")
        pytest.skip(f"{REGISTRY_BINARY} is missing (Debian package docker-registry)")
    root = Path(tempfile.mkdtemp(prefix="pycompose-registry-"))
    try:
        storage, config_dir = root / "storage", root / "docker-config"
        storage.mkdir()
        config_dir.mkdir()
        (root / "htpasswd").write_text(f"{USER}:{PASSWORD_HASH}\n")
        port = _free_port()
        host = f"127.0.0.1:{port}"
        (root / "config.yml").write_text(_config(storage, root / "htpasswd", port))
        token = base64.b64encode(f"{USER}:{PASSWORD}".encode()).decode()
        (config_dir / "config.json").write_text(json.dumps({"auths": {host: {"auth": token}}}))
        log = root / "registry.log"
        with log.open("wb") as out:
            process = subprocess.Popen([REGISTRY_BINARY, "serve", str(root / "config.yml")], stdout=out,
                                       stderr=subprocess.STDOUT)
        try:
            _wait_until_up(host, process, log)
            yield Registry(host, str(config_dir), log)
        finally:
            process.terminate()
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
    finally:
        shutil.rmtree(root, ignore_errors=True)


@dataclass
class ImageCleanup:
    client: docker.DockerClient
    prefixes: list[str] = field(default_factory=list)
    ids: list[str] = field(default_factory=list)

    def add(self, prefix: str) -> None:
        self.prefixes.append(prefix)

    def add_id(self, image_id: str) -> None:
        """An image that loses its tag during the test (an image that was rebuilt)."""
        self.ids.append(image_id)

    def local(self) -> list[str]:
        """Local image references starting with a registered prefix."""
        found = []
        for image in self.client.images.list():
            found += [t for t in image.tags if any(t.startswith(p) for p in self.prefixes)]
        return sorted(found)

    def remove_all(self) -> None:
        for ref in [*self.local(), *self.ids]:
            with contextlib.suppress(docker.errors.APIError):
                self.client.images.remove(ref, force=True)


@pytest.fixture(name="image_cleanup")
def image_cleanup_fixture(docker_client: docker.DockerClient) -> Iterator[ImageCleanup]:
    cleanup = ImageCleanup(docker_client)
    try:
        yield cleanup
    finally:
        cleanup.remove_all()
